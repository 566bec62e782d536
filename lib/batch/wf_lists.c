/* wf_lists.c - the lists workflow: users.html, users.xml, users.json and the accuracy heat map,
 * each rewritten only when its content changed. */
#include "wf_lists.h"
#include "config.h"
#include "files.h"
#include "lists_svg.h"
#include "pairs.h"
#include "train.h"
#include "userlist.h"
#include "users.h"
#include "util.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* users.html: one <option> per user with at least min_posts posts (the others are in no model:
 * the form does not offer them), in userlist.h's format. */
static char *options_html(const User *u, int n)
{
    TrainOptions o;
    train_options_load(&o);
    char **handles = xmalloc(sizeof *handles * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < n; i++)
        if (u[i].post_count >= o.min_posts) handles[k++] = u[i].handle;
    Buf b;
    buf_init(&b);
    userlist_render(&b, handles, k);
    free(handles);
    return buf_detach(&b);
}

static void xml_attr_int(xmlTextWriterPtr w, const char *name, long long v)
{
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%lld", v);
}

/* users.xml: every user with source, counts, newest post time and mean pair accuracy. */
static char *users_xml(const User *u, const double *acc, int n)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "users");
    xml_attr_int(w, "count", n);
    for (int i = 0; i < n; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "user");
        xmlTextWriterWriteAttribute(w, BAD_CAST "handle", BAD_CAST u[i].handle);
        xmlTextWriterWriteAttribute(w, BAD_CAST "source", BAD_CAST u[i].source);
        xml_attr_int(w, "posts", u[i].post_count);
        xml_attr_int(w, "newest_post_at", u[i].newest_post_at);
        if (acc[i] >= 0) xmlTextWriterWriteFormatAttribute(w, BAD_CAST "accuracy", "%.4f", acc[i]);
        if (u[i].display_name) xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST u[i].display_name);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndDocument(w);
    char *s = xstrdup((const char *)xmlBufferContent(buf));
    xmlFreeTextWriter(w);
    xmlBufferFree(buf);
    return s;
}

static char *users_json(const User *u, const double *acc, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:s, s:I, s:I}", "screen_name", u[i].handle, "source", u[i].source,
                              "posts", (json_int_t)u[i].post_count, "newest_post_at",
                              (json_int_t)u[i].newest_post_at);
        json_object_set_new(o, "name", u[i].display_name ? json_string(u[i].display_name) : json_null());
        json_object_set_new(o, "accuracy", acc[i] >= 0 ? json_real(acc[i]) : json_null());
        json_array_append_new(arr, o);
    }
    json_t *root = json_pack("{s:o}", "users", arr);
    char *dump = json_dumps(root, JSON_INDENT(1) | JSON_ENSURE_ASCII);
    char *s = xstrdup(dump ? dump : "{}");
    free(dump);
    json_decref(root);
    return s;
}

/* Write content to lists/name unless it holds exactly that already. 1 written, 0 same, -1 error. */
static int put_list(Batch *b, const char *name, const char *content)
{
    Buf path;
    buf_init(&path);
    buf_printf(&path, "%s/lists/%s", twitoff_home(), name);
    size_t len;
    char *old = read_file(path.data, &len);
    int rc = 0;
    if (!old || len != strlen(content) || memcmp(old, content, len) != 0) {
        rc = write_file_atomic(path.data, content, strlen(content), 0644) == 0 ? 1 : -1;
        if (rc < 0) report(b->rep, REPORT_WARN, "cannot write %s", path.data);
    }
    free(old);
    buf_free(&path);
    return rc;
}

int lists_write(Batch *b, int *changed)
{
    sqlite3 *db = b->db;
    User *users;
    int n;
    char err[320];
    if (db_users_list(db, &users, &n, err, sizeof err) != 0) {
        report(b->rep, REPORT_WARN, "%s", err);
        return BATCH_FAILED;
    }
    double *acc = xmalloc(sizeof *acc * (size_t)(n + 1));
    if (db_user_accuracies(db, users, n, acc, err, sizeof err) != 0) {
        report(b->rep, REPORT_WARN, "%s", err);
        free(acc);
        users_free(users, n);
        return BATCH_FAILED;
    }
    char *dir = home_path("lists");
    mkdir_p(dir, 0755);
    free(dir);
    char *files[4] = {options_html(users, n), users_xml(users, acc, n), users_json(users, acc, n),
                      lists_accuracy_svg(db, users, n, err, sizeof err)};
    if (!files[3]) report(b->rep, REPORT_WARN, "%s", err);
    const char *names[4] = {"users.html", "users.xml", "users.json", "accuracy.svg"};
    int rc = 0, written = 0;
    for (int i = 0; i < 4; i++) {
        int r = files[i] ? put_list(b, names[i], files[i]) : -1;
        if (r < 0) rc = -1;
        else written += r;
        free(files[i]);
    }
    if (changed) *changed = written > 0;
    free(acc);
    users_free(users, n);
    return rc == 0 ? BATCH_OK : BATCH_FAILED;
}

int lists_run(Batch *b, int *changed, char *err, size_t errlen)
{
    int rc = batch_start(b, "lists", err, errlen);
    if (rc != BATCH_OK) return rc;
    *changed = 0;
    rc = lists_write(b, changed);
    batch_finish(b);
    if (rc == BATCH_OK) report(b->rep, REPORT_INFO, "lists: %s in %s/lists", *changed ? "written" : "unchanged", twitoff_home());
    return rc;
}

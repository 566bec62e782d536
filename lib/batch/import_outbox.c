/* import_outbox.c - Mastodon export importer: outbox.json, an ActivityStreams OrderedCollection
 * whose Create activities of Notes are posts (Announce activities, boosts, are reposts). */
#include "import.h"
#include "html_text.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { ID_MAX = 128, ACCOUNT_MAX = 160 };

/* What one item gives: the strings an ImportRow points to. */
typedef struct {
    char id[ID_MAX];
    char user[ACCOUNT_MAX];
    char *text;           /* owned */
} Item;

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* 1 when an addressing value (a string or an array of them) names the public collection. */
static int names_public(const json_t *v)
{
    static const char *pub[] = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"};
    if (json_is_array(v)) {
        size_t i;
        const json_t *e;
        json_array_foreach(v, i, e) if (names_public(e)) return 1;
        return 0;
    }
    const char *s = json_string_value(v);
    for (size_t i = 0; s && i < sizeof pub / sizeof *pub; i++)
        if (!strcmp(s, pub[i])) return 1;
    return 0;
}

/* 1 when the Note is public (its "to" names the public) or unlisted (its "cc" does); a Note that
 * says nothing of its audience is judged by its activity's. */
static int visible(const json_t *note, const json_t *act)
{
    const json_t *o = (json_object_get(note, "to") || json_object_get(note, "cc")) ? note : act;
    return names_public(json_object_get(o, "to")) || names_public(json_object_get(o, "cc"));
}

int outbox_account(const char *url, char *out, size_t n)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p || n == 0) return -1;
    const char *host = p + 3, *slash = strchr(host, '/');
    if (!slash || slash == host) return -1;
    const char *name = !strncmp(slash, "/users/", 7) ? slash + 7 : !strncmp(slash, "/@", 2) ? slash + 2 : NULL;
    size_t len = name ? strcspn(name, "/?#") : 0;
    size_t hlen = (size_t)(slash - host);
    if (!len || len + 1 + hlen >= n) return -1;
    memcpy(out, name, len);
    out[len] = '@';
    for (size_t i = 0; i < hlen; i++) out[len + 1 + i] = (char)tolower((unsigned char)host[i]);
    out[len + 1 + hlen] = '\0';
    return 0;
}

/* The post id in a Note's or an activity's URL: its last path segment, a trailing "/activity"
 * dropped (".../statuses/1234/activity" -> "1234"). "" when none fits. */
static void url_id(const char *url, char *out, size_t n)
{
    out[0] = '\0';
    if (!url) return;
    size_t len = strcspn(url, "?#");
    while (len > 0 && url[len - 1] == '/') len--;
    if (len >= 9 && !strncmp(url + len - 9, "/activity", 9)) len -= 9;
    size_t start = len;
    while (start > 0 && url[start - 1] != '/') start--;
    if (len > start && len - start < n) {
        memcpy(out, url + start, len - start);
        out[len - start] = '\0';
    }
}

/* REPLY_NONE, or REPLY_SELF when inReplyTo points into the statuses of the same account. */
static int reply_kind(const json_t *note, const char *account)
{
    const json_t *v = json_object_get(note, "inReplyTo");
    const char *to = json_is_object(v) ? str(v, "id") : json_string_value(v);
    if (!to || !*to) return REPLY_NONE;
    char other[ACCOUNT_MAX];
    return (*account && outbox_account(to, other, sizeof other) == 0 && !strcasecmp(other, account))
           ? REPLY_SELF : REPLY_OTHER;
}

/* The Note's HTML content (or the first of its contentMap), turned into text with its summary
 * (the content warning) as fetch does for statuses (html_text.h). */
static char *note_text(const json_t *note)
{
    const json_t *c = json_object_get(note, "content");
    if (!json_is_string(c)) {
        const char *lang;
        json_t *v;
        json_object_foreach((json_t *)json_object_get(note, "contentMap"), lang, v) {
            if (json_is_string(v)) { c = v; break; }
        }
    }
    if (!json_is_string(c)) return NULL;
    return post_html_text(json_string_value(c), json_string_length(c), str(note, "summary"));
}

/* Fill r (and it) from a Create of a Note. */
static void note_row(const json_t *act, const json_t *note, ImportRow *r, Item *it)
{
    const char *actor = str(act, "actor");
    if (!actor) actor = str(note, "attributedTo");
    if (outbox_account(actor, it->user, sizeof it->user) == 0) r->user = it->user;
    url_id(str(note, "id"), it->id, sizeof it->id);
    if (!*it->id) url_id(str(act, "id"), it->id, sizeof it->id);
    r->id = *it->id ? it->id : NULL;
    r->created = str(note, "published") ? str(note, "published") : str(act, "published");
    it->text = note_text(note);
    r->text = it->text;
    r->text_len = it->text ? strlen(it->text) : 0;
    r->reply = reply_kind(note, r->user ? r->user : "");
    r->not_public = !visible(note, act);
}

/* Pass on the row of item number n: a post, a boost (a repost), or nothing for other activities. */
static int outbox_item(const json_t *act, long n, const ImportSink *s)
{
    ImportRow r = {.line = n};
    Item it = {.text = NULL};
    const char *type = str(act, "type");
    const json_t *obj = json_object_get(act, "object");
    if (!json_is_object(act)) r.bad = "not an activity";
    else if (type && !strcmp(type, "Announce")) {
        r.is_retweet = 1;
        url_id(str(act, "id"), it.id, sizeof it.id);
        r.id = *it.id ? it.id : NULL;
        if (outbox_account(str(act, "actor"), it.user, sizeof it.user) == 0) r.user = it.user;
    } else if (!type || strcmp(type, "Create") != 0) return 0;       /* Like, Delete, Follow, ... */
    else if (!json_is_object(obj)) r.bad = "a Create activity without its object";
    else if (!str(obj, "type") || strcmp(str(obj, "type"), "Note") != 0) return 0;
    else note_row(act, obj, &r, &it);
    int rc = s->row(s->ctx, &r);
    free(it.text);
    return rc;
}

/* The orderedItems of the collection in doc, or NULL with err set. */
static json_t *ordered_items(json_t *doc, ImportError *err)
{
    json_t *items = json_object_get(doc, "orderedItems");
    if (json_is_array(items)) return items;
    const char *why = !json_is_object(doc) ? "expected a JSON object (an ActivityStreams outbox)"
                      : json_object_get(doc, "first") ? "a paged collection: its pages are not in the file"
                      : "no orderedItems array (expected a Mastodon outbox.json)";
    import_fail(err, 1, "%s", why);
    return NULL;
}

int import_outbox(const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    if (len > OUTBOX_MAX_BYTES)
        return import_fail(err, 0, "outbox.json is %zu MiB, more than the %d MiB accepted",
                           len >> 20, OUTBOX_MAX_BYTES >> 20);
    char *fixed = utf8_valid(data, len) ? NULL : utf8_repair(data, len);
    const char *p = fixed ? fixed : data;
    size_t n = fixed ? strlen(fixed) : len, bom = import_bom(p, n);
    json_error_t je;
    json_t *doc = json_loadb(p + bom, n - bom, JSON_ALLOW_NUL, &je);
    free(fixed);
    if (!doc) return import_fail(err, je.line > 0 ? je.line : 1, "bad JSON: %s", je.text);
    json_t *items = ordered_items(doc, err);
    int rc = items ? 0 : -1;
    size_t i;
    json_t *act;
    if (items) json_array_foreach(items, i, act) {
        if (outbox_item(act, (long)i + 1, s) != 0) {
            rc = -1;
            break;
        }
    }
    json_decref(doc);
    return rc;
}

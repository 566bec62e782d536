/* web_form.c - the comparison form. The drop-downs offer the handles of $TWITOFF_HOME/lists/users.html
 * (written by the batch, read back by userlist.c and escaped again here); without that file, the
 * handles of the store. */
#include "web_form.h"
#include "config.h"
#include "db.h"
#include "userlist.h"
#include "users.h"
#include "web_cache.h"
#include "web_html.h"

#include <stdlib.h>
#include <string.h>

const FieldSpec form_fields[] = {
    {.name = "screen_name_a", .kind = FV_HANDLE, .required = 1, .label = "The first user"},
    {.name = "screen_name_b", .kind = FV_HANDLE, .required = 1, .label = "The second user"},
    {.name = "tweet_text", .kind = FV_TEXT, .required = 1, .min = 1, .max = TWEET_MAX_CHARS, .label = "The text"},
};
const int form_nfields = FIELD_COUNT(form_fields);

/* The handles to offer: those of users.html (through the cache), or of the store when the batch
 * has not written the lists yet. *out is an array of the returned count (free with strv_free);
 * -1 when neither can be read. */
static int offered_users(char ***out)
{
    char *path = home_path("lists/users.html");
    size_t len;
    const char *html = cache_file(path, &len);
    free(path);
    if (html) return userlist_parse(html, out);
    char err[256];
    sqlite3 *db = db_open(DB_RO, err, sizeof err);
    *out = NULL;
    if (!db) return -1;
    User *users;
    int n;
    if (db_users_list(db, &users, &n, err, sizeof err) != 0) n = -1;
    if (n > 0) {
        *out = xmalloc(sizeof **out * (size_t)n);
        for (int i = 0; i < n; i++) (*out)[i] = xstrdup(users[i].handle);
    }
    if (n >= 0) users_free(users, n);
    db_close(db);
    return n;
}

/* The options, one selected: the user named sel, or the def_index-th (0-based) when sel is NULL. */
static void options(Buf *b, char *const *handles, int n, const char *sel, int def_index)
{
    for (int i = 0; i < n; i++) html_option(b, handles[i], sel ? strcmp(handles[i], sel) == 0 : i == def_index);
}

static void select_box(Buf *b, const char *id, const char *label, char *const *handles, int n,
                       const char *sel, int def)
{
    buf_printf(b, "<div class=\"field\">\n<label for=\"%s\">%s</label>\n"
                  "<select id=\"%s\" name=\"%s\" required>\n", id, label, id, id);
    options(b, handles, n, sel, def);
    buf_puts(b, "</select>\n</div>\n");
}

int form_render(Buf *b, const char *a, const char *b_sel, const char *text)
{
    char **handles;
    int n = offered_users(&handles);
    if (n <= 0) {
        page_message(b, "info", "No users are available yet: import posts and run 'twitoff lists'.");
        strv_free(handles, n);
        return -1;
    }
    buf_puts(b, "<form class=\"compare\" method=\"post\" action=\"");
    route_url(b, ROUTE_PREDICT, NULL);
    buf_puts(b, "\">\n<div class=\"pair\">\n");
    select_box(b, "screen_name_a", "First user", handles, n, a, 0);
    select_box(b, "screen_name_b", "Second user", handles, n, b_sel, 1);
    buf_puts(b, "</div>\n<div class=\"field\">\n<label for=\"tweet_text\">Text</label>\n"
                "<textarea id=\"tweet_text\" name=\"tweet_text\" rows=\"3\" required maxlength=\"");
    buf_printf(b, "%d", TWEET_MAX_CHARS);
    buf_puts(b, "\" placeholder=\"Tesla Model S production facility is great\">");
    html_text(b, text ? text : "");
    buf_puts(b, "</textarea>\n</div>\n<button type=\"submit\">Who said it?</button>\n</form>\n");
    strv_free(handles, n);
    return n;
}

/* web_form.c - the comparison form. The drop-downs come from $TWITOFF_HOME/lists/users.html (the
 * batch writes it, already escaped); without that file they are built from the store. */
#include "web_form.h"
#include "config.h"
#include "db.h"
#include "web_cache.h"
#include "web_html.h"

#include <stdlib.h>
#include <string.h>

const FieldSpec form_fields[3] = {
    {"screen_name_a", FV_HANDLE, 1, 1, 100, "The first user"},
    {"screen_name_b", FV_HANDLE, 1, 1, 100, "The second user"},
    {"tweet_text", FV_TEXT, 1, 1, TWEET_MAX_CHARS, "The text"},
};

/* The option lines: users.html from the cache, or built from the store into tmp. */
static const char *option_lines(Buf *tmp)
{
    char *path = home_path("lists/users.html");
    size_t len;
    const char *html = cache_file(path, &len);
    free(path);
    if (html) return html;
    char *err = NULL;
    sqlite3 *db = db_open(DB_RO, &err);
    free(err);
    if (!db) return NULL;
    User *users;
    int n;
    if (db_users_list(db, &users, &n) == 0) {
        for (int i = 0; i < n; i++) html_option(tmp, users[i].handle, 0);
        users_free(users, n);
    }
    db_close(db);
    return buf_str(tmp);
}

/* Copy the option lines into b, marking one selected: the one whose value is sel, or the
 * def_index-th (0-based) when sel is NULL. Returns the number of options. */
static int copy_options(Buf *b, const char *lines, const char *sel, int def_index)
{
    Buf want;
    buf_init(&want);
    if (sel) {
        buf_puts(&want, "<option value=\"");
        html_attr(&want, sel);
        buf_puts(&want, "\"");
    }
    int n = 0;
    for (const char *l = lines; *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        int is_opt = len > 15 && strncmp(l, "<option value=\"", 15) == 0;
        int mark = is_opt && (sel ? len > want.len && strncmp(l, want.data, want.len) == 0
                                   : n == def_index);
        if (is_opt) {
            n++;
            if (mark) {
                buf_puts(b, "<option selected");
                buf_add(b, l + 7, len - 7);
            } else buf_add(b, l, len);
            buf_putc(b, '\n');
        }
        l += len + (nl ? 1 : 0);
    }
    buf_free(&want);
    return n;
}

static int select_box(Buf *b, const char *id, const char *label, const char *lines,
                      const char *sel, int def)
{
    buf_printf(b, "<div class=\"field\">\n<label for=\"%s\">%s</label>\n"
                  "<select id=\"%s\" name=\"%s\" required>\n", id, label, id, id);
    int n = copy_options(b, lines, sel, def);
    buf_puts(b, "</select>\n</div>\n");
    return n;
}

int form_render(Buf *b, const char *a, const char *b_sel, const char *text)
{
    Buf tmp;
    buf_init(&tmp);
    const char *lines = option_lines(&tmp);
    if (!lines || !*lines) {
        page_message(b, "info", "No users are available yet: import posts and run 'twitoff lists'.");
        buf_free(&tmp);
        return -1;
    }
    buf_puts(b, "<form class=\"compare\" method=\"post\" action=\"");
    html_attr(b, web_base());
    buf_puts(b, "/predict\">\n<div class=\"pair\">\n");
    int n = select_box(b, "screen_name_a", "First user", lines, a, 0);
    select_box(b, "screen_name_b", "Second user", lines, b_sel, 1);
    buf_puts(b, "</div>\n<div class=\"field\">\n<label for=\"tweet_text\">Text</label>\n"
                "<textarea id=\"tweet_text\" name=\"tweet_text\" rows=\"3\" required maxlength=\"");
    buf_printf(b, "%d", TWEET_MAX_CHARS);
    buf_puts(b, "\" placeholder=\"Tesla Model S production facility is great\">");
    html_text(b, text ? text : "");
    buf_puts(b, "</textarea>\n</div>\n<button type=\"submit\">Who said it?</button>\n</form>\n");
    buf_free(&tmp);
    return n;
}

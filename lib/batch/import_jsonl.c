/* import_jsonl.c - JSON Lines importer (jansson): one {"id","screen_name","created_at","text"} a line. */
#include "import_json.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string member (or NULL), with its length in *len when len is not NULL. */
static const char *str_member(json_t *o, const char *key, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) return NULL;
    if (len) *len = json_string_length(v);
    return json_string_value(v);
}

/* A string member, or an integer member printed into buf; NULL when neither. */
static const char *str_or_int(json_t *o, const char *key, char *buf, size_t n)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    return NULL;
}

static const char *json_user(json_t *o)
{
    const char *u = str_member(o, "screen_name", NULL);
    if (!u) u = str_member(o, "user", NULL);
    if (!u && json_is_object(json_object_get(o, "user")))
        u = str_member(json_object_get(o, "user"), "screen_name", NULL);
    if (!u) u = str_member(o, "username", NULL);
    return u;
}

/* The v1.1 API's reply fields (tweets.js, pre-2019 archives): in_reply_to_status_id(_str) makes
 * a reply, to the author's own post when in_reply_to_user_id(_str) is the author's user.id_str. */
static void json_reply(json_t *o, ImportRow *r, JsonScratch *sc)
{
    char status[32];
    const char *to = str_member(o, "in_reply_to_status_id_str", NULL);
    if (!to) to = str_or_int(o, "in_reply_to_status_id", status, sizeof status);
    if (!to || !*to) return;
    r->reply_to = str_member(o, "in_reply_to_user_id_str", NULL);
    if (!r->reply_to) r->reply_to = str_or_int(o, "in_reply_to_user_id", sc->reply_to, sizeof sc->reply_to);
    json_t *user = json_object_get(o, "user");
    const char *self = json_is_object(user) ? str_member(user, "id_str", NULL) : NULL;
    r->reply = (r->reply_to && self && !strcmp(r->reply_to, self)) ? REPLY_SELF : REPLY_OTHER;
}

void import_json_row(json_t *o, ImportRow *r, JsonScratch *sc)
{
    r->id = str_member(o, "id_str", NULL);
    if (!r->id) r->id = str_or_int(o, "id", sc->id, sizeof sc->id);
    r->user = json_user(o);
    r->created = str_or_int(o, "created_at", sc->created, sizeof sc->created);
    r->text = str_member(o, "full_text", &r->text_len);
    if (!r->text) r->text = str_member(o, "text", &r->text_len);
    r->is_retweet = json_is_true(json_object_get(o, "is_retweet")) ||
                    json_is_object(json_object_get(o, "retweeted_status"));
    json_reply(o, r, sc);
}

/* Parse one non-blank line (repaired to UTF-8 first when it is not) and pass its row on. */
static int jsonl_line(const char *s, size_t n, long line, const ImportSink *sink, ImportError *err)
{
    char *fixed = utf8_valid(s, n) ? NULL : utf8_repair(s, n);
    json_error_t je;
    json_t *o = json_loadb(fixed ? fixed : s, fixed ? strlen(fixed) : n, JSON_ALLOW_NUL, &je);
    free(fixed);
    if (!o) return import_fail(err, line, "bad JSON: %s", je.text);
    if (!json_is_object(o)) {
        json_decref(o);
        return import_fail(err, line, "not a JSON object");
    }
    ImportRow r = {.line = line};
    JsonScratch sc;
    import_json_row(o, &r, &sc);
    int rc = sink->row(sink->ctx, &r);
    json_decref(o);
    return rc ? -1 : 0;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i])) return 0;
    return 1;
}

int import_jsonl(const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    const char *p = data + import_bom(data, len), *end = data + len;
    for (long line = 1; p < end; line++) {
        size_t n;
        const char *l = import_next_line(&p, end, &n);
        if (!blank(l, n) && jsonl_line(l, n, line, s, err) != 0) return -1;
    }
    return 0;
}

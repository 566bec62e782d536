/* import_jsonl.c - JSON Lines importer (jansson): one post object a line (API, twarc, snscrape, twint). */
#include "import_columns.h"
#include "import_json.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The first member of role k that is a string, or an integer printed into buf; NULL when none. */
static const char *role_str(json_t *o, ImportColumn k, char *buf, size_t n)
{
    for (const char *const *name = import_column_names(k); *name; name++) {
        const char *s = str_or_int(o, *name, buf, n);
        if (s) return s;
    }
    return NULL;
}

/* A handle: a string, or an object's screen_name or username (user, inReplyToUser). */
static const char *handle_of(json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    const char *u = str_member(v, "screen_name", NULL);
    return u ? u : str_member(v, "username", NULL);
}

static const char *json_user(json_t *o)
{
    for (const char *const *name = import_column_names(COL_USER); *name; name++) {
        const char *u = handle_of(json_object_get(o, *name));
        if (u) return u;
    }
    return NULL;
}

/* The author's numeric id: user_id (or the like), else user.id_str or user.id. */
static const char *json_user_id(json_t *o, JsonScratch *sc)
{
    const char *id = role_str(o, COL_USER_ID, sc->user_id, sizeof sc->user_id);
    json_t *u = json_object_get(o, "user");
    if (!id) id = str_member(u, "id_str", NULL);
    if (!id) id = str_or_int(u, "id", sc->user_id, sizeof sc->user_id);
    return id;
}

/* twint's date + time (+ timezone) when the object has them, else the creation date, else date. */
static const char *json_date(json_t *o, JsonScratch *sc)
{
    const char *d = str_member(o, "date", NULL), *t = str_member(o, "time", NULL);
    const char *tz = str_member(o, "timezone", NULL);
    if (d && t) {
        snprintf(sc->created, sizeof sc->created, "%s %s%s%s", d, t, tz ? " " : "", tz ? tz : "");
        return sc->created;
    }
    const char *c = role_str(o, COL_CREATED, sc->created, sizeof sc->created);
    return c ? c : d;
}

/* 1 when a member says something: not absent, null, false, "", 0, "0" or an empty array. */
static int present(json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v)) return 0;
    if (json_is_string(v)) return json_string_length(v) > 0 && strcmp(json_string_value(v), "0");
    if (json_is_integer(v)) return json_integer_value(v) != 0;
    if (json_is_array(v)) return json_array_size(v) > 0;
    return 1;
}

/* 1 when any member of role k is present (as present() means). */
static int role_present(json_t *o, ImportColumn k)
{
    for (const char *const *name = import_column_names(k); *name; name++)
        if (present(json_object_get(o, *name))) return 1;
    return 0;
}

static int json_retweet(json_t *o)
{
    for (const char *const *name = import_column_names(COL_RETWEET); *name; name++) {
        json_t *v = json_object_get(o, *name);
        if (json_is_true(v) || (json_is_string(v) && !strcasecmp(json_string_value(v), "true")))
            return 1;
    }
    return role_present(o, COL_RETWEET_ID);
}

/* twint's reply_to list: a reply to others when it names anyone but user, else to oneself. */
static int reply_to_list(json_t *list, const char *user)
{
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
        if (!import_same_user(handle_of(e), user)) return REPLY_OTHER;
    return REPLY_SELF;
}

/* What the object answers (ImportRow.reply); *to gets the id of the author answered, if given. */
static int json_reply(json_t *o, const char *user, JsonScratch *sc, const char **to)
{
    json_t *list = json_object_get(o, "reply_to");
    *to = NULL;
    if (!role_present(o, COL_REPLY_ID) && !role_present(o, COL_REPLY_USER_ID) &&
        !role_present(o, COL_REPLY_USER))
        return json_is_array(list) && json_array_size(list) ? reply_to_list(list, user) : REPLY_NONE;
    *to = role_str(o, COL_REPLY_USER_ID, sc->reply_id, sizeof sc->reply_id);
    for (const char *const *name = import_column_names(COL_REPLY_USER); *name; name++)
        if (import_same_user(handle_of(json_object_get(o, *name)), user)) return REPLY_SELF;
    const char *uid = json_user_id(o, sc);
    return (uid && *to && !strcmp(uid, *to)) ? REPLY_SELF : REPLY_OTHER;
}

void import_json_row(json_t *o, ImportRow *r, JsonScratch *sc)
{
    r->id = role_str(o, COL_ID, sc->id, sizeof sc->id);
    r->user = json_user(o);
    r->created = json_date(o, sc);
    for (const char *const *name = import_column_names(COL_TEXT); *name && !r->text; name++)
        r->text = str_member(o, *name, &r->text_len);
    r->is_retweet = json_retweet(o);
    r->reply = json_reply(o, r->user, sc, &r->reply_to);
    r->not_public = json_is_true(json_object_get(json_object_get(o, "user"), "protected"));
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
    json_t *id = json_object_get(o, "id");
    if (json_is_real(id)) {
        json_decref(o);
        return import_fail(err, line, "member 'id' holds ids turned into floating point (%g): they "
                           "cannot be told apart; export the ids as strings", json_real_value(id));
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

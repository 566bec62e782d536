/* import_container.c - the layouts of archives (which entries hold posts, the account, the long
 * texts), their account files, X's note tweets, and the sink that merges those into the posts. */
#include "import_container.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a name is, read from its "data/" folder on. */
typedef enum { K_NONE, K_X_POSTS, K_X_ACCOUNT, K_X_NOTES, K_GB_POSTS, K_GB_ACCOUNT } Kind;

/* 1 when s is stem".js" or stem"-partN.js". */
static int part_name(const char *s, const char *stem)
{
    size_t n = strlen(stem);
    if (strncmp(s, stem, n) != 0) return 0;
    s += n;
    if (!strcmp(s, ".js")) return 1;
    if (strncmp(s, "-part", 5) != 0) return 0;
    size_t d = strspn(s + 5, "0123456789");
    return d > 0 && !strcmp(s + 5 + d, ".js");
}

/* 1 when s is "YYYY_MM.js". */
static int month_name(const char *s)
{
    return strspn(s, "0123456789") == 4 && s[4] == '_' && strspn(s + 5, "0123456789") == 2 &&
           !strcmp(s + 7, ".js");
}

static Kind classify(const char *data_on)
{
    const char *s = data_on + 5;                      /* past "data/" */
    if (part_name(s, "tweets") || part_name(s, "tweet")) return K_X_POSTS;
    if (!strcmp(s, "account.js")) return K_X_ACCOUNT;
    if (part_name(s, "note-tweet")) return K_X_NOTES;
    if (!strcmp(s, "js/user_details.js")) return K_GB_ACCOUNT;
    if (!strncmp(s, "js/tweets/", 10) && month_name(s + 10)) return K_GB_POSTS;
    return K_NONE;
}

/* The kind of name and, in *root, the length of what comes before its "data/" folder (the
 * shallowest such folder that makes it a known file). */
static Kind kind_of(const char *name, size_t *root)
{
    for (const char *p = name; (p = strstr(p, "data/")) != NULL; p++) {
        if (p != name && p[-1] != '/') continue;
        Kind k = classify(p);
        if (k != K_NONE) {
            *root = (size_t)(p - name);
            return k;
        }
    }
    return K_NONE;
}

/* Slashes in name: how deep it is. */
static size_t depth(const char *name)
{
    size_t d = 0;
    for (; *name; name++) d += *name == '/';
    return d;
}

/* 1 when entry i's name ends in "/"base or is base. */
static int has_base(const char *name, const char *base)
{
    size_t n = strlen(name), b = strlen(base);
    return n >= b && !strcmp(name + n - b, base) && (n == b || name[n - b - 1] == '/');
}

static void plan_add(size_t **v, size_t *n, size_t i)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = i;
}

/* The shallowest entry with base name base, or -1. */
static long shallowest(const Container *c, const char *base)
{
    long best = -1;
    for (size_t i = 0; i < container_count(c); i++)
        if (has_base(container_name(c, i), base) &&
            (best < 0 || depth(container_name(c, i)) < depth(container_name(c, (size_t)best))))
            best = (long)i;
    return best;
}

/* Collect under the root of entry `at` (root length rl) the entries of kinds posts, account, notes. */
static void plan_root(const Container *c, ContainerPlan *p, size_t at, size_t rl, Kind posts, Kind account)
{
    const char *first = container_name(c, at);
    p->root = p->root_buf = xstrndup(first, rl);
    for (size_t i = 0; i < container_count(c); i++) {
        size_t r;
        const char *name = container_name(c, i);
        Kind k = kind_of(name, &r);
        if (r != rl || strncmp(name, first, rl) != 0) continue;
        if (k == posts) plan_add(&p->posts, &p->nposts, i);
        else if (k == account && p->account < 0) p->account = (long)i;
        else if (k == K_X_NOTES && posts == K_X_POSTS) plan_add(&p->notes, &p->nnotes, i);
    }
}

/* Slashes in the first n bytes of name: how deep a root is. */
static size_t rdepth(const char *name, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++) d += name[i] == '/';
    return d;
}

/* The entry of the shallowest root among those of kind k (the first in name order among equals),
 * or -1 (its root length in *rl). */
static long best_root(const Container *c, Kind k, size_t *rl)
{
    long best = -1;
    for (size_t i = 0; i < container_count(c); i++) {
        size_t r;
        if (kind_of(container_name(c, i), &r) == k &&
            (best < 0 || rdepth(container_name(c, i), r) < rdepth(container_name(c, (size_t)best), *rl))) {
            best = (long)i;
            *rl = r;
        }
    }
    return best;
}

/* An entry found alone (tweets.csv, outbox.json): the root is its folder. */
static void plan_single(const Container *c, ContainerPlan *p, Layout l, size_t i)
{
    const char *name = container_name(c, i), *slash = strrchr(name, '/');
    p->layout = l;
    p->root = p->root_buf = xstrndup(name, slash ? (size_t)(slash - name) + 1 : 0);
    plan_add(&p->posts, &p->nposts, i);
}

/* A pre-2019 archive without js files: its root's tweets.csv (and its user_details.js). */
static int plan_csv(const Container *c, ContainerPlan *p)
{
    size_t rl = 0;
    long acc = best_root(c, K_GB_ACCOUNT, &rl);
    long csv = -1;
    if (acc >= 0) {
        char *want = xasprintf("%.*stweets.csv", (int)rl, container_name(c, (size_t)acc));
        for (size_t i = 0; i < container_count(c) && csv < 0; i++)
            if (!strcmp(container_name(c, i), want)) csv = (long)i;
        free(want);
    }
    if (csv < 0) {
        acc = -1;
        csv = shallowest(c, "tweets.csv");
    }
    if (csv < 0) return -1;
    plan_single(c, p, LAYOUT_CSV, (size_t)csv);
    p->account = acc;
    return 0;
}

int container_plan(const Container *c, ContainerPlan *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->account = -1;
    size_t rl = 0;
    long at;
    if ((at = best_root(c, K_X_POSTS, &rl)) >= 0) {
        p->layout = LAYOUT_X;
        plan_root(c, p, (size_t)at, rl, K_X_POSTS, K_X_ACCOUNT);
    } else if ((at = best_root(c, K_GB_POSTS, &rl)) >= 0) {
        p->layout = LAYOUT_GRAILBIRD;
        plan_root(c, p, (size_t)at, rl, K_GB_POSTS, K_GB_ACCOUNT);
    } else if (plan_csv(c, p) == 0) {
        /* planned */
    } else if ((at = shallowest(c, "outbox.json")) >= 0) {
        plan_single(c, p, LAYOUT_MASTODON, (size_t)at);
    } else {
        return err_set(err, errlen, "no posts file in it: expected data/tweets.js (an X archive), "
                       "data/js/tweets/YYYY_MM.js or tweets.csv (a pre-2019 one) or outbox.json (Mastodon)");
    }
    return 0;
}

void container_plan_free(ContainerPlan *p)
{
    free(p->posts);
    free(p->notes);
    free(p->root_buf);
    memset(p, 0, sizeof *p);
    p->account = -1;
}

const char *container_layout_name(Layout l)
{
    switch (l) {
    case LAYOUT_X: return "X archive";
    case LAYOUT_GRAILBIRD: return "pre-2019 X archive";
    case LAYOUT_CSV: return "pre-2019 X archive (tweets.csv)";
    case LAYOUT_MASTODON: return "Mastodon archive";
    default: return "no archive";
    }
}

/* The JSON value of a JavaScript file: after its assignment ("window.YTD.account.part0 = ",
 * "var user_details = ") when it has one. The document is loaded with JSON_DISABLE_EOF_CHECK, so
 * a trailing ';' is fine. NULL with err. */
static json_t *js_load(const char *data, size_t len, ImportError *err)
{
    char *fixed = utf8_valid(data, len) ? NULL : utf8_repair(data, len);
    const char *p = fixed ? fixed : data, *end = fixed ? fixed + strlen(fixed) : data + len;
    p += import_bom(p, (size_t)(end - p));
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p < end && *p != '[' && *p != '{') {
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq) {
            free(fixed);
            import_fail(err, 1, "expected 'NAME = ' and a JSON value");
            return NULL;
        }
        p = eq + 1;
    }
    json_error_t je;
    json_t *v = json_loadb(p, (size_t)(end - p), JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &je);
    free(fixed);
    if (!v) import_fail(err, je.line, "bad JSON: %s", je.text);
    return v;
}

/* A string or integer member as a new string, or NULL. */
static char *str_or_int(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) return xstrdup(json_string_value(v));
    if (json_is_integer(v)) return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return NULL;
}

int container_account(const char *data, size_t len, char **user, char **id, ImportError *err)
{
    *user = *id = NULL;
    json_t *doc = js_load(data, len, err);
    if (!doc) return -1;
    json_t *o = doc;
    if (json_is_array(doc)) {                         /* account.js */
        o = json_object_get(json_array_get(doc, 0), "account");
        if (json_is_object(o)) {
            *user = str_or_int(o, "username");
            *id = str_or_int(o, "accountId");
        }
    } else if (json_is_object(doc)) {                 /* user_details.js */
        *user = str_or_int(o, "screen_name");
        *id = str_or_int(o, "id_str");
        if (!*id) *id = str_or_int(o, "id");
    }
    json_decref(doc);
    if (*user && **user) return 0;
    free(*user);
    free(*id);
    *user = *id = NULL;
    return import_fail(err, 0, "names no account (expected \"username\" or \"screen_name\")");
}

/* One note: when it was made, its text as the file has it. */
typedef struct {
    int64_t when;
    char *text;
    size_t len;
} Note;

struct NoteSet {
    Note *v;
    size_t n, cap;        /* sorted by when */
};

static int by_when(const void *a, const void *b)
{
    int64_t x = ((const Note *)a)->when, y = ((const Note *)b)->when;
    return (x > y) - (x < y);
}

int notes_load(NoteSet **set, const char *data, size_t len, ImportError *err)
{
    json_t *doc = js_load(data, len, err);
    if (!doc) return -1;
    if (!json_is_array(doc)) {
        json_decref(doc);
        return import_fail(err, 1, "expected a JSON array of {\"noteTweet\": ...}");
    }
    if (!*set) *set = xcalloc(1, sizeof **set);
    NoteSet *s = *set;
    size_t i;
    json_t *el;
    json_array_foreach(doc, i, el) {
        json_t *nt = json_object_get(el, "noteTweet");
        json_t *created = json_object_get(nt, "createdAt");
        json_t *text = json_object_get(json_object_get(nt, "core"), "text");
        int64_t when = json_is_string(created) ? parse_date(json_string_value(created)) : 0;
        if (!when || !json_is_string(text)) continue;
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 16;
            s->v = xrealloc(s->v, s->cap * sizeof *s->v);
        }
        size_t n = json_string_length(text);
        char *t = xmalloc(n + 1);
        memcpy(t, json_string_value(text), n + 1);
        s->v[s->n++] = (Note){when, t, n};
    }
    json_decref(doc);
    if (s->n) qsort(s->v, s->n, sizeof *s->v, by_when);
    return 0;
}

void notes_free(NoteSet *set)
{
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) free(set->v[i].text);
    free(set->v);
    free(set);
}

size_t notes_count(const NoteSet *set) { return set ? set->n : 0; }

static const char ELLIPSIS[] = "\xE2\x80\xA6";

static int is_tco(const char *s)
{
    return !strncmp(s, "https://t.co/", 13) || !strncmp(s, "http://t.co/", 12);
}

/* The length of s[0..n) without trailing white space. */
static size_t rtrim(const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    return n;
}

/* The length of s[0..n) without a last word that is a t.co link (and the space before it). */
static size_t drop_last_link(const char *s, size_t n)
{
    size_t w = n;
    while (w > 0 && !isspace((unsigned char)s[w - 1])) w--;
    return (w < n && n - w >= 12 && is_tco(s + w)) ? rtrim(s, w) : n;
}

/* 1 when the raw text may be a truncated one: it ends with "…", maybe followed by a link. */
static int looks_truncated(const char *s, size_t n)
{
    n = drop_last_link(s, rtrim(s, n));
    return n >= 3 && !memcmp(s + n - 3, ELLIPSIS, 3);
}

/* s past its leading @mentions. */
static const char *skip_mentions(const char *s)
{
    while (*s == '@') {
        while (*s && !isspace((unsigned char)*s)) s++;
        while (isspace((unsigned char)*s)) s++;
    }
    return s;
}

/* The part of a truncated tweet that its note must start with (cleaned; in *n). */
static const char *tweet_stem(const char *clean, size_t *n)
{
    size_t len = drop_last_link(clean, strlen(clean));
    if (len >= 3 && !memcmp(clean + len - 3, ELLIPSIS, 3)) len -= 3;
    const char *s = skip_mentions(clean);
    if ((size_t)(s - clean) > len) s = clean + len;
    len -= (size_t)(s - clean);
    for (size_t i = 0; i + 12 <= len; i++)
        if ((s[i] == 'h') && is_tco(s + i)) {
            len = i;
            break;
        }
    *n = rtrim(s, len);
    return s;
}

/* 1 when the note's text (raw) starts, cleaned and past its mentions, with stem[0..sn). */
static int note_starts_with(const Note *note, const char *stem, size_t sn)
{
    char *c = text_clean(note->text, note->len);
    const char *s = skip_mentions(c);
    int ok = strlen(s) > sn && !memcmp(s, stem, sn);
    free(c);
    return ok;
}

const char *notes_match(const NoteSet *set, const char *created, const char *text, size_t len,
                        size_t *out_len)
{
    if (!set || !set->n || !text || !looks_truncated(text, len)) return NULL;
    int64_t when = parse_date(created);
    if (!when) return NULL;
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->v[mid].when < when) lo = mid + 1;
        else hi = mid;
    }
    size_t end = lo;
    while (end < set->n && set->v[end].when == when) end++;
    if (end == lo) return NULL;
    char *clean = text_clean(text, len);
    size_t sn;
    const char *stem = tweet_stem(clean, &sn);
    const Note *found = NULL;
    if (sn == 0) found = end - lo == 1 ? &set->v[lo] : NULL;
    for (size_t i = lo; sn > 0 && i < end && !found; i++)
        if (note_starts_with(&set->v[i], stem, sn)) found = &set->v[i];
    free(clean);
    if (!found) return NULL;
    *out_len = found->len;
    return found->text;
}

int archive_rows(void *ctx, const ImportRow *r)
{
    ArchiveRows *a = ctx;
    ImportRow row = *r;
    size_t n;
    const char *full = r->bad ? NULL : notes_match(a->notes, r->created, r->text, r->text_len, &n);
    if (full) {
        row.text = full;
        row.text_len = n;
        a->merged++;
    }
    if (row.reply == REPLY_OTHER && row.reply_to && a->account_id && !strcmp(row.reply_to, a->account_id))
        row.reply = REPLY_SELF;
    return a->next->row(a->next->ctx, &row);
}

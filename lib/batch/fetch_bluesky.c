/* fetch_bluesky.c - the Bluesky public API source: getProfile, then getAuthorFeed page by page. */
#include "fetch.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A handle (domain name) or a DID. */
static int bsky_valid(const char *h)
{
    size_t n = strlen(h);
    if (n < 3 || n > 253) return 0;
    if (!strncmp(h, "did:", 4)) {
        for (const char *p = h + 4; *p; p++)
            if (!isalnum((unsigned char)*p) && !strchr(":._-", *p)) return 0;
        return 1;
    }
    if (!strchr(h, '.') || h[0] == '.' || h[n - 1] == '.') return 0;
    for (; *h; h++)
        if (!isalnum((unsigned char)*h) && *h != '.' && *h != '-') return 0;
    return 1;
}

/* Order of post URIs at://did/app.bsky.feed.post/RKEY by their TID record keys. */
static int bsky_older_eq(const char *a, const char *b)
{
    const char *ra = strrchr(a, '/'), *rb = strrchr(b, '/');
    return id_older_eq_numeric(ra ? ra + 1 : a, rb ? rb + 1 : b);
}

static int bsky_get(Fetch *f, const char *url, json_t **doc)
{
    long status;
    int rc = fetch_get_json(f, url, &status, doc);
    if (rc == HTTP_LIMITED) return FETCH_STOP;
    if (rc != HTTP_OK) return FETCH_FAILED;
    if (status == 200) return FETCH_OK;
    fetch_api_error(f, status == 400 ? "bluesky: unknown user" : "bluesky", url, status, *doc);
    return FETCH_FAILED;
}

static int bsky_lookup(Fetch *f, const char *handle, char **did)
{
    Buf url;
    buf_init(&url);
    char *e = http_escape(handle);
    buf_printf(&url, "%s/app.bsky.actor.getProfile?actor=%s", f->base, e);
    free(e);
    json_t *doc = NULL;
    int rc = bsky_get(f, url.data, &doc);
    if (rc == FETCH_OK && (!jstr(doc, "did") || !jstr(doc, "handle"))) {
        fetch_warn(f, "bluesky: GET %s: no did or handle in the profile", url.data);
        rc = FETCH_FAILED;
    }
    if (rc == FETCH_OK) {
        *did = xstrdup(jstr(doc, "did"));
        if (fetch_user_begin(f, jstr(doc, "handle"), jstr(doc, "displayName"), *did) != 0)
            rc = FETCH_FAILED;
    }
    json_decref(doc);
    buf_free(&url);
    return rc;
}

/* What a post record says of itself: a reply (record.reply) to the author's own post or not. */
static PostFacts bsky_facts(const json_t *record, const char *did)
{
    PostFacts p = {0};
    const json_t *reply = json_object_get(record, "reply");
    if (!reply) return p;
    const char *parent = jstr(json_object_get(reply, "parent"), "uri");
    size_t n = strlen(did);
    int self = parent && !strncmp(parent, "at://", 5) && !strncmp(parent + 5, did, n) && parent[5 + n] == '/';
    p.reply = self ? REPLY_SELF : REPLY_OTHER;
    return p;
}

/* Store one page of the feed, skipping reposts and pins; 1 to go on, 0 to stop, -1 on error. */
static int bsky_store_page(Fetch *f, const json_t *feed, const char *did)
{
    if (fetch_page_begin(f) != 0) return -1;
    size_t i;
    const json_t *item;
    int go = 1;
    json_array_foreach(feed, i, item) {
        const json_t *post = json_object_get(item, "post");
        const json_t *record = json_object_get(post, "record");
        if (json_object_get(item, "reason")) continue;
        const char *author = jstr(json_object_get(post, "author"), "did");
        if (!author || strcmp(author, did) != 0 || !jstr(post, "uri")) continue;
        PostFacts facts = bsky_facts(record, did);
        go = fetch_post(f, jstr(post, "uri"), jstr(record, "createdAt"), jstr(record, "text"), &facts);
        if (go <= 0) break;
    }
    if (fetch_page_end(f) != 0) return -1;
    return go;
}

static int bsky_walk(Fetch *f, const char *did)
{
    Buf url;
    buf_init(&url);
    char *cursor = NULL, *actor = http_escape(did);
    int rc;
    for (;;) {
        buf_reset(&url);
        buf_printf(&url, "%s/app.bsky.feed.getAuthorFeed?actor=%s&filter=%s&limit=100", f->base, actor,
                   f->include_replies ? "posts_with_replies" : "posts_and_author_threads");
        if (cursor) {
            char *e = http_escape(cursor);
            buf_printf(&url, "&cursor=%s", e);
            free(e);
        }
        json_t *doc = NULL;
        rc = bsky_get(f, url.data, &doc);
        const json_t *feed = json_object_get(doc, "feed");
        int go = rc == FETCH_OK ? bsky_store_page(f, feed, did) : 0;
        if (go < 0) rc = FETCH_FAILED;
        const char *next = jstr(doc, "cursor");
        free(cursor);
        cursor = go > 0 && next && json_array_size(feed) > 0 ? xstrdup(next) : NULL;
        json_decref(doc);
        if (!cursor) break;
    }
    free(actor);
    buf_free(&url);
    return rc;
}

static int bsky_fetch(Fetch *f, const char *handle)
{
    char *did = NULL;
    int rc = bsky_lookup(f, handle, &did);
    if (rc == FETCH_OK) rc = bsky_walk(f, did);
    if (rc == FETCH_OK && fetch_user_done(f) != 0) rc = FETCH_FAILED;
    free(did);
    return rc;
}

const Source source_bluesky = {.name = "bluesky", .fetch = bsky_fetch, .older_eq = bsky_older_eq,
                               .valid = bsky_valid, .url_setting = "bluesky_api_url",
                               .url_default = "https://public.api.bsky.app/xrpc"};

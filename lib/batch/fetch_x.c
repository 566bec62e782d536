/* fetch_x.c - the X API v2 source: users/by/username, then the user's tweets page by page. */
#include "fetch.h"
#include "config.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int x_valid(const char *h)
{
    size_t n = strlen(h);
    if (n < 1 || n > 15) return 0;
    for (; *h; h++)
        if (!isalnum((unsigned char)*h) && *h != '_') return 0;
    return 1;
}

/* users/by/username/:username -> fetch_user_begin; *id gets the user id (caller frees). */
static int x_lookup(Fetch *f, const char *handle, char **id)
{
    Buf url;
    buf_init(&url);
    buf_printf(&url, "%s/users/by/username/%s", f->base, handle);
    long status;
    json_t *doc;
    int rc = fetch_get_json(f, url.data, &status, &doc), out = FETCH_FAILED;
    if (rc == HTTP_LIMITED) out = FETCH_STOP;
    const json_t *data = json_object_get(doc, "data");
    if (rc == HTTP_OK && status == 200 && jstr(data, "id") && jstr(data, "username")) {
        *id = xstrdup(jstr(data, "id"));
        out = fetch_user_begin(f, jstr(data, "username"), jstr(data, "name"), *id) == 0 ? FETCH_OK
                                                                                        : FETCH_FAILED;
    } else if (rc == HTTP_OK) {
        fetch_api_error(f, status == 200 ? "x: unknown user" : "x", url.data, status, doc);
    }
    json_decref(doc);
    buf_free(&url);
    return out;
}

/* What tweet t says of itself: referenced_tweets (retweeted, replied_to), in_reply_to_user_id
 * against the author's id. */
static PostFacts x_facts(const json_t *t, const char *user_id)
{
    PostFacts p = {0};
    size_t i;
    const json_t *ref;
    json_array_foreach(json_object_get(t, "referenced_tweets"), i, ref) {
        const char *type = jstr(ref, "type");
        if (type && !strcmp(type, "retweeted")) p.is_repost = 1;
        if (type && !strcmp(type, "replied_to")) p.reply = REPLY_OTHER;
    }
    const char *to = jstr(t, "in_reply_to_user_id");
    if (to) p.reply = strcmp(to, user_id) ? REPLY_OTHER : REPLY_SELF;
    return p;
}

/* Store one page's tweets of user_id; 1 to go on, 0 to stop walking, -1 on error. */
static int x_store_page(Fetch *f, const json_t *data, const char *user_id)
{
    if (fetch_page_begin(f) != 0) return -1;
    size_t i;
    const json_t *t;
    int go = 1;
    json_array_foreach(data, i, t) {
        const char *text = jstr(json_object_get(t, "note_tweet"), "text");
        if (!text) text = jstr(t, "text");
        if (!jstr(t, "id")) continue;
        PostFacts facts = x_facts(t, user_id);
        go = fetch_post(f, jstr(t, "id"), jstr(t, "created_at"), text, &facts);
        if (go <= 0) break;
    }
    if (fetch_page_end(f) != 0) return -1;
    return go;
}

static void x_page_url(Fetch *f, Buf *url, const char *id, const char *token)
{
    long want = f->max_posts - f->seen;
    want = want > 100 ? 100 : want < 5 ? 5 : want;
    buf_reset(url);
    /* replies are asked for always (exclude=replies would drop threads too): the policy judges */
    buf_printf(url, "%s/users/%s/tweets?max_results=%ld&exclude=retweets"
                    "&tweet.fields=created_at,note_tweet,in_reply_to_user_id,referenced_tweets",
               f->base, id, want);
    if (f->since) buf_printf(url, "&since_id=%s", f->since);
    if (token) {
        char *e = http_escape(token);
        buf_printf(url, "&pagination_token=%s", e);
        free(e);
    }
}

/* Walk the tweets of user id, newest first. */
static int x_walk(Fetch *f, const char *id)
{
    Buf url;
    buf_init(&url);
    char *token = NULL;
    int out = FETCH_OK;
    for (;;) {
        x_page_url(f, &url, id, token);
        long status;
        json_t *doc;
        int rc = fetch_get_json(f, url.data, &status, &doc);
        if (rc != HTTP_OK || status != 200) {
            if (rc == HTTP_OK) fetch_api_error(f, "x", url.data, status, doc);
            out = rc == HTTP_LIMITED ? FETCH_STOP : FETCH_FAILED;
            json_decref(doc);
            break;
        }
        int go = x_store_page(f, json_object_get(doc, "data"), id);
        const char *next = jstr(json_object_get(doc, "meta"), "next_token");
        free(token);
        token = next && go > 0 ? xstrdup(next) : NULL;
        json_decref(doc);
        if (go < 0) out = FETCH_FAILED;
        if (!token) break;
    }
    free(token);
    buf_free(&url);
    return out;
}

static int x_fetch(Fetch *f, const char *handle)
{
    char *id = NULL;
    int rc = x_lookup(f, handle, &id);
    if (rc == FETCH_OK) rc = x_walk(f, id);
    if (rc == FETCH_OK && fetch_user_done(f) != 0) rc = FETCH_FAILED;
    free(id);
    return rc;
}

const Source source_x = {.name = "x", .fetch = x_fetch, .older_eq = id_older_eq_numeric, .valid = x_valid,
                         .url_setting = "x_api_url", .url_default = "https://api.x.com/2",
                         .token_setting = "x_bearer_token"};

/* fetch_mastodon.c - the Mastodon source: accounts/lookup, then statuses paged with max_id. */
#include "fetch.h"
#include "config.h"
#include "html_text.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* user@instance */
static int masto_valid(const char *h)
{
    const char *at = strchr(h, '@');
    if (!at || at == h || at - h > 30 || !at[1] || strlen(at + 1) > 253) return 0;
    for (const char *p = h; p < at; p++)
        if (!isalnum((unsigned char)*p) && *p != '_') return 0;
    for (const char *p = at + 1; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-') return 0;
    return strchr(at + 1, '.') != NULL;
}

/* The API root for handle: mastodon_api_url, or https://INSTANCE. Caller frees. */
static char *masto_base(const Fetch *f, const char *handle)
{
    if (f->base) return xstrdup(f->base);
    Buf b;
    buf_init(&b);
    buf_printf(&b, "https://%s", strchr(handle, '@') + 1);
    return buf_detach(&b);
}

static int masto_get(Fetch *f, const char *url, json_t **doc, const char *what)
{
    long status;
    int rc = fetch_get_json(f, url, &status, doc);
    if (rc == HTTP_LIMITED) return FETCH_STOP;
    if (rc != HTTP_OK) return FETCH_FAILED;
    if (status == 200) return FETCH_OK;
    fetch_api_error(f, status == 404 ? "mastodon: unknown user" : what, url, status, *doc);
    return FETCH_FAILED;
}

static int masto_lookup(Fetch *f, const char *base, const char *handle, char **id)
{
    Buf url;
    buf_init(&url);
    char *acct = f->base ? xstrdup(handle) : xstrndup(handle, (size_t)(strchr(handle, '@') - handle));
    char *e = http_escape(acct);
    buf_printf(&url, "%s/api/v1/accounts/lookup?acct=%s", base, e);
    free(e);
    free(acct);
    json_t *doc = NULL;
    int rc = masto_get(f, url.data, &doc, "mastodon");
    if (rc == FETCH_OK && (!jstr(doc, "id") || !jstr(doc, "username"))) {
        fetch_warn(f, "mastodon: GET %s: no id or username in the account", url.data);
        rc = FETCH_FAILED;
    }
    if (rc == FETCH_OK) {
        Buf h;
        buf_init(&h);
        buf_printf(&h, "%s%s", jstr(doc, "username"), strchr(handle, '@'));
        for (char *p = strchr(h.data, '@'); *p; p++) *p = (char)tolower((unsigned char)*p);
        *id = xstrdup(jstr(doc, "id"));
        if (fetch_user_begin(f, h.data, jstr(doc, "display_name"), *id) != 0) rc = FETCH_FAILED;
        buf_free(&h);
    }
    json_decref(doc);
    buf_free(&url);
    return rc;
}

/* 1 when a member is there and not null. */
static int present(const json_t *v)
{
    return v && !json_is_null(v);
}

/* What status s says of itself: a reply (to the account itself or another), its visibility. */
static PostFacts masto_facts(const json_t *s, const char *account)
{
    PostFacts p = {0};
    if (present(json_object_get(s, "in_reply_to_id"))) {
        const char *to = jstr(s, "in_reply_to_account_id");
        p.reply = to && !strcmp(to, account) ? REPLY_SELF : REPLY_OTHER;
    }
    const char *vis = jstr(s, "visibility");
    p.not_public = vis && strcmp(vis, "public") != 0 && strcmp(vis, "unlisted") != 0;
    return p;
}

/* Store one page of statuses; *last gets the oldest id (for max_id). 1 go on, 0 stop, -1 error. */
static int masto_store_page(Fetch *f, const json_t *page, const char *account, char **last)
{
    if (fetch_page_begin(f) != 0) return -1;
    size_t i;
    const json_t *s;
    int go = 1;
    json_array_foreach(page, i, s) {
        const char *id = jstr(s, "id");
        if (!id) continue;
        free(*last);
        *last = xstrdup(id);
        if (present(json_object_get(s, "reblog"))) continue;
        PostFacts facts = masto_facts(s, account);
        const char *html = jstr(s, "content");
        char *text = post_html_text(html, html ? strlen(html) : 0, jstr(s, "spoiler_text"));
        go = fetch_post(f, id, jstr(s, "created_at"), text, &facts);
        free(text);
        if (go <= 0) break;
    }
    if (fetch_page_end(f) != 0) return -1;
    return go;
}

static int masto_walk(Fetch *f, const char *base, const char *id)
{
    Buf url;
    buf_init(&url);
    char *max_id = NULL;
    int rc;
    for (;;) {
        buf_reset(&url);
        buf_printf(&url, "%s/api/v1/accounts/%s/statuses?exclude_reblogs=true&exclude_replies=%s"
                         "&limit=40", base, id, f->include_replies ? "false" : "true");
        if (f->since) buf_printf(&url, "&since_id=%s", f->since);
        if (max_id) buf_printf(&url, "&max_id=%s", max_id);
        json_t *doc = NULL;
        rc = masto_get(f, url.data, &doc, "mastodon");
        if (rc == FETCH_OK && !json_is_array(doc)) {
            fetch_warn(f, "mastodon: GET %s: expected a list of statuses", url.data);
            rc = FETCH_FAILED;
        }
        char *last = NULL;
        int go = rc == FETCH_OK ? masto_store_page(f, doc, id, &last) : 0;
        if (go < 0) rc = FETCH_FAILED;
        free(max_id);
        max_id = go > 0 ? last : NULL;
        if (go <= 0) free(last);
        json_decref(doc);
        if (!max_id) break;
    }
    buf_free(&url);
    return rc;
}

static int masto_fetch(Fetch *f, const char *handle)
{
    char *id = NULL, *base = masto_base(f, handle);
    int rc = masto_lookup(f, base, handle, &id);
    if (rc == FETCH_OK) rc = masto_walk(f, base, id);
    if (rc == FETCH_OK && fetch_user_done(f) != 0) rc = FETCH_FAILED;
    free(id);
    free(base);
    return rc;
}

/* Without mastodon_api_url, each handle user@instance is fetched from https://INSTANCE. */
const Source source_mastodon = {.name = "mastodon", .fetch = masto_fetch, .older_eq = id_older_eq_numeric,
                                .valid = masto_valid, .url_setting = "mastodon_api_url"};

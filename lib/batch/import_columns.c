/* import_columns.c - the one table of accepted column names per role (CSV headers, JSON members). */
#include "import_columns.h"
#include "import_util.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Accepted names per role, best first. docs/import.md has the same table: keep them together. */
static const char *const names[NCOLS][8] = {
    [COL_ID] = {"id_str", "id", "tweet_id", "status_id", NULL},
    [COL_URL] = {"url", "tweet_url", "permalink", "link", NULL},
    [COL_USER] = {"screen_name", "user", "username", "handle", "author", "name", NULL},
    [COL_USER_ID] = {"user_id", "user_id_str", "author_id", NULL},
    [COL_CREATED] = {"created_at", "created", "timestamp", "datetime", NULL},
    [COL_DATE] = {"date", NULL},
    [COL_TIME] = {"time", NULL},
    [COL_TZ] = {"timezone", NULL},
    [COL_TEXT] = {"full_text", "text", "rawContent", "content", "renderedContent", "tweet", NULL},
    [COL_RETWEET] = {"is_retweet", "retweet", "isRetweet", NULL},
    [COL_RETWEET_ID] = {"retweeted_status_id", "retweet_id", "retweeted_status_id_str",
                        "retweeted_status", "retweetedTweet", NULL},
    [COL_REPLY_ID] = {"in_reply_to_status_id_str", "in_reply_to_status_id", "inReplyToTweetId",
                      "in_reply_to_tweet_id", NULL},
    [COL_REPLY_USER_ID] = {"in_reply_to_user_id_str", "in_reply_to_user_id", NULL},
    [COL_REPLY_USER] = {"in_reply_to_screen_name", "inReplyToUser", NULL},
    [COL_REPLY_TO] = {"reply_to", NULL},
};

int import_column_role(const char *name, size_t n, int *rank)
{
    for (int k = 0; k < NCOLS; k++)
        for (int r = 0; names[k][r]; r++)
            if (strlen(names[k][r]) == n && strncasecmp(name, names[k][r], n) == 0) {
                *rank = r;
                return k;
            }
    if (n > 7 && strncasecmp(name, "created", 7) == 0) {
        *rank = 50;
        return COL_CREATED;
    }
    return -1;
}

const char *const *import_column_names(ImportColumn c)
{
    return names[c];
}

int import_id_is_float(const char *s)
{
    size_t n = strspn(s, "0123456789");
    int point = 0, exponent = 0;
    if (n == 0) return 0;
    s += n;
    if (*s == '.' || *s == ',') {
        point = 1;
        s += 1 + strspn(s + 1, "0123456789");
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        n = strspn(s, "0123456789");
        if (n == 0) return 0;
        s += n;
        exponent = 1;
    }
    return *s == '\0' && (point || exponent);
}

/* The member names of the JSON object on the first line, comma-separated, into out. */
static void json_keys(const char *line, size_t len, char *out, size_t n)
{
    json_t *o = json_loadb(line, len, 0, NULL);
    const char *key;
    json_t *v;
    size_t used = 0;
    if (json_is_object(o))
        json_object_foreach(o, key, v) {
            int w = snprintf(out + used, n - used, "%s%s", used ? ", " : "", key);
            if (w < 0 || (size_t)w >= n - used) break;
            used += (size_t)w;
        }
    json_decref(o);
}

void import_columns_found(const char *data, size_t len, char *out, size_t n)
{
    if (n == 0) return;
    out[0] = '\0';
    size_t skip = import_bom(data, len);
    const char *p = data + skip, *end = data + len;
    size_t ln;
    const char *line = import_next_line(&p, end, &ln);
    if (ln > 0 && line[0] == '{') {
        json_keys(line, ln, out, n);
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < ln && k + 1 < n; i++)
        out[k++] = (line[i] == '\t' || (unsigned char)line[i] < ' ') ? ' ' : line[i];
    out[k] = '\0';
}

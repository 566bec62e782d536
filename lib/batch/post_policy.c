/* post_policy.c - the one policy for replies, reposts and visibility (import and fetch). */
#include "post_policy.h"
#include "config.h"
#include "import_util.h"
#include "text.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* 1 for the characters of a mention's name: user, user@host, a domain handle. */
static int mention_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '.' || c == '-' || c == '@';
}

/* Length of the @mention at s followed by a space or the end, or 0. */
static size_t mention_len(const char *s)
{
    if (*s != '@') return 0;
    size_t n = 1;
    while (mention_char((unsigned char)s[n])) n++;
    if (n == 1 || (s[n] && !isspace((unsigned char)s[n]))) return 0;
    return n;
}

void strip_leading_mentions(char *text)
{
    char *p = text;
    for (size_t n; (n = mention_len(p)) > 0;) {
        p += n;
        while (isspace((unsigned char)*p)) p++;
    }
    if (p != text) memmove(text, p, strlen(p) + 1);
}

PostVerdict post_judge(char *text, const PostFacts *p, int include_replies)
{
    if (p->is_repost || text_is_retweet(text)) return POST_REPOST;
    if (p->not_public) return POST_NOT_PUBLIC;
    if (p->reply == REPLY_NONE) return POST_KEEP;
    if (p->reply == REPLY_OTHER && !include_replies) return POST_REPLY;
    int had_text = *text != '\0';
    strip_leading_mentions(text);
    return (had_text && *text == '\0') ? POST_REPLY : POST_KEEP;
}

int post_include_replies(void)
{
    const char *v = conf_get("include_replies");
    if (!v) return 1;
    static const char *no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (!strcasecmp(v, no[i])) return 0;
    return 1;
}

/* post_policy.h - the one policy for replies, reposts and visibility, applied by `twitoff import`
 * (every row of every format) and `twitoff fetch` (every post of every source). */
#ifndef TWITOFF_POST_POLICY_H
#define TWITOFF_POST_POLICY_H

#include "import_util.h"   /* REPLY_NONE, REPLY_SELF, REPLY_OTHER */

/* What becomes of a post. */
typedef enum {
    POST_KEEP = 0,      /* store it (a reply's leading @mentions removed) */
    POST_REPOST,        /* a repost (marked so, or an "RT @..." text): never stored */
    POST_NOT_PUBLIC,    /* followers-only or direct: never stored */
    POST_REPLY          /* a reply skipped: to another with include_replies = no, or only @mentions */
} PostVerdict;

/* What the source says about a post. */
typedef struct {
    int is_repost;      /* 1 when the source marks it as a repost */
    int reply;          /* REPLY_NONE, REPLY_SELF or REPLY_OTHER (import_util.h) */
    int not_public;     /* 1 when it is neither public nor unlisted */
} PostFacts;

/* Judge a cleaned text (text_clean) with what the source says of it, under include_replies (1:
 * keep replies to others, 0: keep only replies to oneself, i.e. threads). A kept reply loses its
 * leading run of @mentions, in place; an empty text is left to the caller. */
PostVerdict post_judge(char *text, const PostFacts *p, int include_replies);

/* The include_replies setting (twitoff.conf): 0 for no, false, off or 0; 1 otherwise (default). */
int post_include_replies(void);

/* Remove the leading run of @mentions ("@bob @carol@example.social hi" -> "hi") in place. */
void strip_leading_mentions(char *text);

#endif

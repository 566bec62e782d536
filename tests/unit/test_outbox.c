/* test_outbox.c - unit tests for the Mastodon outbox.json parser, its detection, the HTML to text
 * shared with the Mastodon fetcher, and the one policy of replies, reposts and visibility. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_text.h"
#include "import.h"
#include "post_policy.h"
#include "util.h"

enum { MAXROWS = 8 };

/* Copies of the rows the parser passed on. */
typedef struct {
    int n;
    long line[MAXROWS];
    char *bad[MAXROWS], *id[MAXROWS], *user[MAXROWS], *created[MAXROWS], *text[MAXROWS];
    int rt[MAXROWS], reply[MAXROWS], hidden[MAXROWS];
} Rows;

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static int collect(void *ctx, const ImportRow *r)
{
    Rows *rows = ctx;
    assert_true(rows->n < MAXROWS);
    int i = rows->n++;
    rows->line[i] = r->line;
    rows->bad[i] = dup_or_null(r->bad);
    rows->id[i] = dup_or_null(r->id);
    rows->user[i] = dup_or_null(r->user);
    rows->created[i] = dup_or_null(r->created);
    rows->text[i] = r->text ? xstrndup(r->text, r->text_len) : NULL;
    rows->rt[i] = r->is_retweet;
    rows->reply[i] = r->reply;
    rows->hidden[i] = r->not_public;
    return 0;
}

static void rows_free(Rows *r)
{
    for (int i = 0; i < r->n; i++) {
        free(r->bad[i]);
        free(r->id[i]);
        free(r->user[i]);
        free(r->created[i]);
        free(r->text[i]);
    }
    memset(r, 0, sizeof *r);
}

static int run(const char *s, Rows *rows, ImportError *err)
{
    memset(rows, 0, sizeof *rows);
    memset(err, 0, sizeof *err);
    ImportSink sink = {collect, rows, 0};
    return import_outbox(s, strlen(s), &sink, err);
}

#define PUB "\"https://www.w3.org/ns/activitystreams#Public\""
#define ACTOR "\"https://mastodon.social/users/Gargron\""
#define FOLLOWERS "\"https://mastodon.social/users/Gargron/followers\""

/* A Create of a Note: id suffix, to, cc, extra Note members. */
#define NOTE(n, to, cc, extra) \
    "{\"id\": \"https://mastodon.social/users/Gargron/statuses/" n "/activity\", \"type\": \"Create\"," \
    " \"actor\": " ACTOR ", \"published\": \"2022-11-0" n "T12:00:00Z\", \"object\": {" \
    "\"id\": \"https://mastodon.social/users/Gargron/statuses/" n "\", \"type\": \"Note\", " \
    "\"published\": \"2022-11-0" n "T12:00:00Z\", \"to\": [" to "], \"cc\": [" cc "], " extra \
    "\"content\": \"<p>Post " n " &amp; more</p>\"}}"

static const char outbox[] =
    "{\"@context\": \"https://www.w3.org/ns/activitystreams\", \"id\": \"outbox.json\",\n"
    " \"type\": \"OrderedCollection\", \"totalItems\": 7, \"orderedItems\": [\n"
    NOTE("1", PUB, FOLLOWERS, "\"summary\": null, \"inReplyTo\": null,") ",\n"
    NOTE("2", FOLLOWERS, PUB, "\"summary\": \"CW & more\",") ",\n"
    NOTE("3", FOLLOWERS, "", "") ",\n"
    NOTE("4", "\"https://other.example/users/bob\"", "", "") ",\n"
    NOTE("5", PUB, "", "\"inReplyTo\": \"https://mastodon.social/users/Gargron/statuses/1\",") ",\n"
    NOTE("6", PUB, "", "\"inReplyTo\": \"https://other.example/@bob/99\",") ",\n"
    "{\"id\": \"https://mastodon.social/users/Gargron/statuses/7/activity\", \"type\": \"Announce\","
    " \"actor\": " ACTOR ", \"object\": \"https://other.example/users/bob/statuses/98\"},\n"
    "{\"type\": \"Like\", \"actor\": " ACTOR ", \"object\": \"https://x.example/1\"},\n"
    "{\"type\": \"Create\", \"object\": {\"type\": \"Question\", \"content\": \"a poll\"}}\n"
    "]}\n";

/* Every Note becomes a row of the actor's account; the policy's facts are set from the file. */
static void test_outbox_rows(void **state)
{
    (void)state;
    Rows r;
    ImportError err;
    assert_int_equal(run(outbox, &r, &err), 0);
    assert_int_equal(r.n, 7);                     /* 6 Notes and the boost; Like and Question not */
    for (int i = 0; i < 7; i++) {
        assert_null(r.bad[i]);
        assert_string_equal(r.user[i], "Gargron@mastodon.social");
        assert_int_equal(r.line[i], i + 1);
    }
    assert_string_equal(r.id[0], "1");
    assert_string_equal(r.created[0], "2022-11-01T12:00:00Z");
    assert_string_equal(r.text[0], "Post 1 &amp; more\n\n");
    assert_int_equal(r.hidden[0], 0);
    assert_int_equal(r.reply[0], REPLY_NONE);
    assert_string_equal(r.text[1], "CW &amp; more\n\nPost 2 &amp; more\n\n");   /* unlisted, a CW */
    assert_int_equal(r.hidden[1], 0);
    assert_int_equal(r.hidden[2], 1);             /* followers-only */
    assert_int_equal(r.hidden[3], 1);             /* direct */
    assert_int_equal(r.reply[4], REPLY_SELF);
    assert_int_equal(r.reply[5], REPLY_OTHER);
    assert_int_equal(r.rt[6], 1);
    assert_string_equal(r.id[6], "7");
    assert_null(r.text[6]);
    rows_free(&r);
}

/* The same outbox on one line gives the same rows. */
static void test_outbox_one_line(void **state)
{
    (void)state;
    char *one = xstrdup(outbox);
    for (char *p = one; *p; p++)
        if (*p == '\n') *p = ' ';
    Rows r;
    ImportError err;
    assert_int_equal(run(one, &r, &err), 0);
    assert_int_equal(r.n, 7);
    assert_string_equal(r.id[5], "6");
    assert_int_equal(r.reply[5], REPLY_OTHER);
    rows_free(&r);
    free(one);
}

/* A file that is not an outbox fails with a reason and passes no row on. */
static void test_outbox_malformed(void **state)
{
    (void)state;
    Rows r;
    ImportError err;
    assert_int_equal(run("{\"type\": \"OrderedCollection\", \"orderedItems\": [{\"type\": \"Create\"", &r, &err), -1);
    assert_non_null(strstr(err.msg, "bad JSON"));
    assert_int_equal(r.n, 0);
    assert_int_equal(run("[1, 2]", &r, &err), -1);
    assert_non_null(strstr(err.msg, "expected a JSON object"));
    assert_int_equal(run("{\"type\": \"OrderedCollection\", \"totalItems\": 1}", &r, &err), -1);
    assert_non_null(strstr(err.msg, "no orderedItems"));
    assert_int_equal(run("{\"orderedItems\": [7, {\"type\": \"Create\", \"object\": \"https://a.example/1\"}]}", &r, &err), 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.bad[0], "not an activity");
    assert_string_equal(r.bad[1], "a Create activity without its object");
    rows_free(&r);
    ImportSink sink = {collect, &r, 0};
    assert_int_equal(import_outbox("{}", (size_t)OUTBOX_MAX_BYTES + 1, &sink, &err), -1);  /* not read */
    assert_non_null(strstr(err.msg, "more than the 256 MiB accepted"));
    assert_int_equal(r.n, 0);
}

static void test_outbox_account(void **state)
{
    (void)state;
    char a[64];
    assert_int_equal(outbox_account("https://mastodon.social/users/Gargron", a, sizeof a), 0);
    assert_string_equal(a, "Gargron@mastodon.social");
    assert_int_equal(outbox_account("https://Fosstodon.Example/@alice/statuses/1", a, sizeof a), 0);
    assert_string_equal(a, "alice@fosstodon.example");
    assert_int_equal(outbox_account("https://example.com/profile/alice", a, sizeof a), -1);
    assert_int_equal(outbox_account("mastodon.social/users/x", a, sizeof a), -1);
    assert_int_equal(outbox_account("https://mastodon.social/users/", a, sizeof a), -1);
    assert_int_equal(outbox_account("https://mastodon.social/users/Gargron", a, 10), -1);
    assert_int_equal(outbox_account(NULL, a, sizeof a), -1);
}

/* An outbox is recognised by its name or its content; JSON Lines stay JSON Lines. */
static void test_outbox_detect(void **state)
{
    (void)state;
    const char *pretty = "{\n  \"@context\": \"https://www.w3.org/ns/activitystreams\",\n  \"type\": \"OrderedCollection\"\n}";
    assert_int_equal(import_detect("export.json", pretty, strlen(pretty)), FMT_OUTBOX);
    assert_int_equal(import_detect("a.json", "{\"orderedItems\":[]}", 19), FMT_OUTBOX);
    assert_int_equal(import_detect("archive/outbox.json", "{}", 2), FMT_OUTBOX);
    assert_int_equal(import_detect("OUTBOX.JSON", "", 0), FMT_OUTBOX);
    assert_int_equal(import_detect("t.jsonl", "{\"id\": 1, \"text\": \"x\"}\n", 23), FMT_JSONL);
    assert_int_equal(import_detect("not-outbox.json.csv", "id,text\n", 8), FMT_CSV);
    assert_string_equal(import_format_name(FMT_OUTBOX), "outbox.json");
}

/* The HTML to text of Mastodon posts (fetch and import), with a content warning first. */
static void test_html_text(void **state)
{
    (void)state;
    const char *html = "<p>a<br>b</p><p>c <a href=\"x\">#tag</a></p><script>no</script>";
    char *t = post_html_text(html, strlen(html), "Fish & chips");
    assert_string_equal(t, "Fish &amp; chips\n\na\nb\n\nc #tag\n\n");
    free(t);
    t = html_to_text(NULL, 0);
    assert_string_equal(t, "");
    free(t);
}

static void test_strip_mentions(void **state)
{
    (void)state;
    char s[] = "@bob @carol@example.social  @d.bsky.social hi @eve there";
    strip_leading_mentions(s);
    assert_string_equal(s, "hi @eve there");
    char u[] = "@bob, hi";                /* not a bare mention: left as it is */
    strip_leading_mentions(u);
    assert_string_equal(u, "@bob, hi");
    char e[] = "@bob @carol";
    strip_leading_mentions(e);
    assert_string_equal(e, "");
}

static void test_policy(void **state)
{
    (void)state;
    PostFacts none = {0}, rt = {.is_repost = 1}, hidden = {.not_public = 1};
    PostFacts other = {.reply = REPLY_OTHER}, self = {.reply = REPLY_SELF};
    char a[] = "@bob plain post";
    assert_int_equal(post_judge(a, &none, 1), POST_KEEP);
    assert_string_equal(a, "@bob plain post");          /* not a reply: mentions kept */
    char b[] = "text";
    assert_int_equal(post_judge(b, &rt, 1), POST_REPOST);
    char c[] = "RT @bob: hi";
    assert_int_equal(post_judge(c, &none, 1), POST_REPOST);
    char d[] = "text";
    assert_int_equal(post_judge(d, &hidden, 1), POST_NOT_PUBLIC);
    char e[] = "@bob thanks";
    assert_int_equal(post_judge(e, &other, 1), POST_KEEP);
    assert_string_equal(e, "thanks");
    char f[] = "@bob thanks";
    assert_int_equal(post_judge(f, &other, 0), POST_REPLY);
    char g[] = "@me part 2";
    assert_int_equal(post_judge(g, &self, 0), POST_KEEP);
    assert_string_equal(g, "part 2");
    char h[] = "@bob @carol";
    assert_int_equal(post_judge(h, &other, 1), POST_REPLY);
    char i[] = "";
    assert_int_equal(post_judge(i, &other, 1), POST_KEEP);  /* empty: the caller's judgement */
}

static void test_include_replies_setting(void **state)
{
    (void)state;
    unsetenv("TWITOFF_INCLUDE_REPLIES");
    assert_int_equal(post_include_replies(), 1);
    const char *no[] = {"no", "NO", "false", "off", "0"};
    for (int i = 0; i < 5; i++) {
        setenv("TWITOFF_INCLUDE_REPLIES", no[i], 1);
        assert_int_equal(post_include_replies(), 0);
    }
    setenv("TWITOFF_INCLUDE_REPLIES", "yes", 1);
    assert_int_equal(post_include_replies(), 1);
    unsetenv("TWITOFF_INCLUDE_REPLIES");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outbox_rows),
        cmocka_unit_test(test_outbox_one_line),
        cmocka_unit_test(test_outbox_malformed),
        cmocka_unit_test(test_outbox_account),
        cmocka_unit_test(test_outbox_detect),
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_strip_mentions),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_include_replies_setting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_import.c - unit tests for the importers' parsers (CSV, JSON Lines, tweets.js, id|date|text),
 * the column names table and format detection, through a row callback that records what the
 * parsers pass on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "import_columns.h"
#include "text.h"
#include "util.h"

enum { MAXROWS = 16 };

/* Copies of the rows a parser passed on. */
typedef struct {
    int n;
    long line[MAXROWS];
    char *bad[MAXROWS], *id[MAXROWS], *user[MAXROWS], *created[MAXROWS], *text[MAXROWS];
    size_t text_len[MAXROWS];
    int rt[MAXROWS], reply[MAXROWS], not_public[MAXROWS];
    int stop_after;       /* return non-zero from the callback after this many rows (0: never) */
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
    rows->text_len[i] = r->text_len;
    rows->rt[i] = r->is_retweet;
    rows->reply[i] = r->reply;
    rows->not_public[i] = r->not_public;
    return rows->stop_after && rows->n >= rows->stop_after;
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

typedef int (*Parser)(const char *, size_t, const ImportSink *, ImportError *);

/* Run parser p on s (have_user as given); returns its result, rows in *rows, error in *err. */
static int run(Parser p, const char *s, int have_user, Rows *rows, ImportError *err)
{
    memset(rows, 0, sizeof *rows);
    memset(err, 0, sizeof *err);
    ImportSink sink = {collect, rows, have_user};
    return p(s, strlen(s), &sink, err);
}

static void test_csv_basic_and_crlf(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *csv = "id,name,created,text\r\n"
                      "1,alice,2019-02-02T21:11:49Z,hello world\r\n"
                      "2,bob,,\"quoted, with comma\"\r\n";
    assert_int_equal(run(import_csv, csv, 0, &r, &e), 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.id[0], "1");
    assert_string_equal(r.user[0], "alice");
    assert_string_equal(r.created[0], "2019-02-02T21:11:49Z");
    assert_string_equal(r.text[0], "hello world");
    assert_int_equal(r.line[0], 2);
    assert_null(r.created[1]);
    assert_string_equal(r.text[1], "quoted, with comma");
    assert_int_equal(r.line[1], 3);
    rows_free(&r);
}

static void test_csv_embedded_newlines_and_quotes(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *csv = "text,id,screen_name\n"
                      "\"line one\nline \"\"two\"\"\r\nthree\",10,carol\n"
                      "plain,11,carol\n";
    assert_int_equal(run(import_csv, csv, 0, &r, &e), 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.text[0], "line one\nline \"two\"\r\nthree");
    assert_int_equal(r.line[0], 2);
    assert_int_equal(r.line[1], 5);             /* the first row spans lines 2 to 4 */
    assert_string_equal(r.id[1], "11");
    rows_free(&r);
}

static void test_csv_header_mapping(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    /* fivethirtyeight layout: no id column, the id is the url's last segment; a BOM; odd case. */
    const char *csv = "\xEF\xBB\xBF" "Created_At,TEXT,url,replies,user,is_retweet\n"
                      "10/16/17 22:59,hi,https://twitter.com/BarackObama/status/920061541986250758,1,BarackObama,FALSE\n"
                      "10/16/17 23:00,rt,https://twitter.com/x/status/42/?s=20,1,BarackObama,TRUE\n";
    assert_int_equal(run(import_csv, csv, 0, &r, &e), 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.id[0], "920061541986250758");
    assert_string_equal(r.user[0], "BarackObama");
    assert_string_equal(r.created[0], "10/16/17 22:59");
    assert_int_equal(r.rt[0], 0);
    assert_string_equal(r.id[1], "42");
    assert_int_equal(r.rt[1], 1);
    rows_free(&r);
    /* screen_name beats name (a display name) whatever the order; created_* is a date. */
    csv = "name,screen_name,id,text,created_time\nAlice A.,alice,5,t,2020-01-01\n";
    assert_int_equal(run(import_csv, csv, 0, &r, &e), 0);
    assert_string_equal(r.user[0], "alice");
    assert_string_equal(r.created[0], "2020-01-01");
    rows_free(&r);
}

static void test_csv_missing_columns(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    assert_int_equal(run(import_csv, "id,name,created\n1,a,2019-01-01\n", 0, &r, &e), -1);
    assert_int_equal(e.line, 1);
    assert_non_null(strstr(e.msg, "text"));
    assert_int_equal(r.n, 0);
    assert_int_equal(run(import_csv, "name,text\na,b\n", 0, &r, &e), -1);
    assert_non_null(strstr(e.msg, "id"));
    /* No user column: fine with --user, an error without. */
    assert_int_equal(run(import_csv, "id,text\n1,b\n", 0, &r, &e), -1);
    assert_non_null(strstr(e.msg, "--user"));
    assert_int_equal(run(import_csv, "id,text\n1,b\n", 1, &r, &e), 0);
    assert_int_equal(r.n, 1);
    assert_null(r.user[0]);
    rows_free(&r);
    /* A row with too few or too many fields is a bad row, not a bad file. */
    assert_int_equal(run(import_csv, "id,name,text\n1,a\n2,b,ok\n3,c,x,y\n", 0, &r, &e), 0);
    assert_int_equal(r.n, 3);
    assert_non_null(r.bad[0]);
    assert_null(r.bad[1]);
    assert_non_null(r.bad[2]);
    assert_int_equal(r.line[2], 4);
    rows_free(&r);
    /* An empty file has no header. */
    assert_int_equal(run(import_csv, "", 0, &r, &e), -1);
}

static void test_csv_malformed(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *csv = "id,name,text\n1,a,ok\n2,b,\"never closed\n3,c,more\n";
    assert_int_equal(run(import_csv, csv, 0, &r, &e), -1);
    assert_int_equal(e.line, 3);                /* where the open quote's row starts */
    assert_non_null(strstr(e.msg, "unterminated"));
    rows_free(&r);
    csv = "id,name,text\n1,a,ok\n2,b,\"closed\" junk\n";
    assert_int_equal(run(import_csv, csv, 0, &r, &e), -1);
    assert_int_equal(e.line, 3);
    rows_free(&r);
}

static void test_csv_bare_cr(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    /* A bare CR ends a row too (old Mac files); every row still gets a line number. */
    assert_int_equal(run(import_csv, "id,name,text\r1,a,x\r2,a,y\n3,a,z\n", 0, &r, &e), 0);
    assert_int_equal(r.n, 3);
    for (int i = 0; i < r.n; i++) assert_true(r.line[i] >= 1);
    assert_int_equal(r.line[2], 2);
    assert_string_equal(r.text[1], "y");
    rows_free(&r);
}

static void test_csv_callback_stops(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    memset(&r, 0, sizeof r);
    memset(&e, 0, sizeof e);
    r.stop_after = 1;
    ImportSink sink = {collect, &r, 0};
    const char *csv = "id,name,text\n1,a,x\n2,a,y\n";
    assert_int_equal(import_csv(csv, strlen(csv), &sink, &e), -1);
    assert_int_equal(r.n, 1);
    rows_free(&r);
}

static void test_csv_delimiter_sniffed(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    /* GetOldTweets3: ';' splits the header into known names; commas stay in the text. */
    const char *got = "username;date;retweets;favorites;text;geo;mentions;hashtags;id;permalink\n"
                      "gina;2018-03-01 12:00:00+00:00;120;10;a, b; c?;;;;97;https://twitter.com/gina/status/97\n"
                      "gina;2018-03-02 12:00:00+00:00;0;1;\"quoted; semi\";;;;98;https://twitter.com/gina/status/98\n";
    assert_int_equal(run(import_csv, got, 0, &r, &e), 0);
    assert_int_equal(r.n, 2);
    assert_non_null(r.bad[0]);                  /* an unquoted ';' in a text: one field too many */
    assert_string_equal(r.id[1], "98");
    assert_string_equal(r.user[1], "gina");
    assert_string_equal(r.text[1], "quoted; semi");
    assert_string_equal(r.created[1], "2018-03-02 12:00:00+00:00");
    assert_int_equal(r.rt[1], 0);               /* "retweets" is a count, not a flag */
    rows_free(&r);
    /* Tab-separated, with commas and semicolons in the text. */
    assert_int_equal(run(import_csv, "id\tscreen_name\ttext\n5\tt\ta, b; c\n", 0, &r, &e), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.text[0], "a, b; c");
    rows_free(&r);
    /* A comma header with ';' in it still splits on commas (more known names). */
    assert_int_equal(run(import_csv, "id,name,text,a;b\n1,x,y,z\n", 0, &r, &e), 0);
    assert_string_equal(r.text[0], "y");
    rows_free(&r);
}

static void test_csv_scraper_names(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    /* twint: tweet, username (beats the display name), date + time + timezone (beat created_at),
     * retweet True/False, retweet_id, reply_to. */
    const char *tw = "id,created_at,date,time,timezone,user_id,username,name,tweet,retweet,retweet_id,reply_to\n"
                     "1,1577349000000,2019-12-26,09:30:00,+0100,5,tina,Tina T,hi,False,,[]\n"
                     "2,x,2019-12-26,10:00:00,+0100,5,tina,Tina T,@bob yes,False,,\"[{'screen_name': 'bob', 'name': 'Bob', 'id': '7'}]\"\n"
                     "3,x,2019-12-26,10:05:00,+0100,5,tina,Tina T,more,False,,\"[{'screen_name': 'Tina', 'name': 'bob', 'id': '5'}]\"\n"
                     "4,x,2019-12-26,11:00:00,,5,tina,Tina T,theirs,True,99,[]\n"
                     "5,x,2019-12-26,11:00:00,,5,tina,Tina T,old,False,,\"[{'user_id': '5', 'username': 'tina'}, {'user_id': '8', 'username': 'ann'}]\"\n";
    assert_int_equal(run(import_csv, tw, 0, &r, &e), 0);
    assert_int_equal(r.n, 5);
    assert_string_equal(r.user[0], "tina");
    assert_string_equal(r.text[0], "hi");
    assert_string_equal(r.created[0], "2019-12-26 09:30:00 +0100");
    assert_int_equal(parse_date(r.created[0]), 1577349000);
    assert_int_equal(r.reply[0], REPLY_NONE);
    assert_int_equal(r.rt[0], 0);
    assert_int_equal(r.reply[1], REPLY_OTHER);
    assert_int_equal(r.reply[2], REPLY_SELF);   /* only the author named: a thread */
    assert_int_equal(r.rt[3], 1);
    assert_string_equal(r.created[3], "2019-12-26 11:00:00");
    assert_int_equal(r.reply[4], REPLY_OTHER);
    for (int i = 0; i < r.n; i++) assert_int_equal(r.not_public[i], 0);
    rows_free(&r);
    /* Kaggle: content, author, date; rawContent beats content, username beats author. */
    assert_int_equal(run(import_csv, "id,content,author,date\n8,words,kag,2016-11-19 10:00:00\n", 0, &r, &e), 0);
    assert_string_equal(r.text[0], "words");
    assert_string_equal(r.user[0], "kag");
    assert_string_equal(r.created[0], "2016-11-19 10:00:00");
    rows_free(&r);
    assert_int_equal(run(import_csv, "content,id,rawContent,author,username\nc,9,raw,a,u\n", 0, &r, &e), 0);
    assert_string_equal(r.text[0], "raw");
    assert_string_equal(r.user[0], "u");
    rows_free(&r);
}

static void test_csv_pre2019_archive(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *csv = "\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"timestamp\",\"source\",\"text\","
                      "\"retweeted_status_id\",\"retweeted_status_user_id\",\"retweeted_status_timestamp\",\"expanded_urls\"\n"
                      "\"10\",\"\",\"\",\"2015-04-07 09:59:58 +0000\",\"web\",\"plain\",\"\",\"\",\"\",\"\"\n"
                      "\"11\",\"9\",\"12345\",\"2015-04-07 10:00:00 +0000\",\"web\",\"@x reply\",\"\",\"\",\"\",\"\"\n"
                      "\"12\",\"\",\"\",\"2015-04-07 11:00:00 +0000\",\"web\",\"RT @y: z\",\"8\",\"6\",\"2015-04-01 00:00:00 +0000\",\"\"\n";
    assert_int_equal(run(import_csv, csv, 1, &r, &e), 0);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.id[0], "10");
    assert_string_equal(r.created[0], "2015-04-07 09:59:58 +0000");
    assert_int_equal(parse_date(r.created[0]), 1428400798);
    assert_int_equal(r.reply[0], REPLY_NONE);
    assert_int_equal(r.rt[0], 0);
    assert_int_equal(r.reply[1], REPLY_OTHER);  /* the file does not give the author's id */
    assert_int_equal(r.rt[2], 1);
    assert_null(r.user[0]);
    rows_free(&r);
    /* When it does (a user id, or the handle answered), a reply to oneself is a thread. */
    csv = "id,user_id,screen_name,in_reply_to_status_id,in_reply_to_user_id,in_reply_to_screen_name,text\n"
          "1,42,me,7,42,,thread\n2,42,me,7,43,,other\n3,42,me,7,,@Me,thread by name\n4,42,me,,,,none\n";
    assert_int_equal(run(import_csv, csv, 0, &r, &e), 0);
    assert_int_equal(r.reply[0], REPLY_SELF);
    assert_int_equal(r.reply[1], REPLY_OTHER);
    assert_int_equal(r.reply[2], REPLY_SELF);
    assert_int_equal(r.reply[3], REPLY_NONE);
    rows_free(&r);
}

static void test_csv_float_ids(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *bad[] = {"1.07991E+18", "1.0799E18", "1.07991e+18", "1079910000000000000.0", "1,0799E18"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char csv[200];
        snprintf(csv, sizeof csv, "name,Tweet_ID,text\na,1079910000000000001,fine\na,\"%s\",x\n", bad[i]);
        assert_int_equal(run(import_csv, csv, 0, &r, &e), -1);
        assert_int_equal(e.line, 3);
        assert_non_null(strstr(e.msg, "column 'Tweet_ID'"));
        assert_non_null(strstr(e.msg, "re-export that column as text"));
        assert_true(import_id_is_float(bad[i]));
        rows_free(&r);
    }
    const char *good[] = {"1079910000000000001", "abc", "1e", "12.x", "E18", ""};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) assert_false(import_id_is_float(good[i]));
}

static void test_jsonl(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *j = "{\"id\": \"1\", \"screen_name\": \"a\", \"created_at\": \"2019-01-01\", \"text\": \"x &amp; y\"}\r\n"
                    "\n"
                    "{\"id\": 1091806418569695237, \"user\": {\"screen_name\": \"b\"}, \"full_text\": \"z\"}\n"
                    "{\"id_str\": \"7\", \"text\": 5, \"retweeted_status\": {}}\n"
                    "{\"id\": \"8\", \"screen_name\": \"a\", \"text\": \"caf\xe9\"}\n";
    assert_int_equal(run(import_jsonl, j, 0, &r, &e), 0);
    assert_int_equal(r.n, 4);
    assert_string_equal(r.text[0], "x &amp; y");       /* entities are the cleaner's job */
    assert_string_equal(r.id[1], "1091806418569695237");
    assert_string_equal(r.user[1], "b");
    assert_int_equal(r.line[1], 3);
    assert_null(r.text[2]);
    assert_int_equal(r.rt[2], 1);
    assert_string_equal(r.text[3], "caf\xc3\xa9");       /* a Windows-1252 line repaired */
    rows_free(&r);
    assert_int_equal(run(import_jsonl, "{\"id\":\"1\"}\n{\"id\": \n", 0, &r, &e), -1);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.msg, "JSON"));
    rows_free(&r);
    assert_int_equal(run(import_jsonl, "[1,2]\n", 0, &r, &e), -1);
    assert_int_equal(e.line, 1);
}

static void test_archive(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *js = "window.YTD.tweets.part0 = [ {\n"
                     "  \"tweet\" : {\n    \"id_str\" : \"100\",\n    \"created_at\" : \"Thu Apr 09 01:31:50 +0000 2015\",\n"
                     "    \"full_text\" : \"first\"\n  }\n}, {\n"
                     "  \"tweet\" : { \"id\" : \"101\", \"full_text\" : \"RT @x: second\" }\n} ]\n";
    assert_int_equal(run(import_archive, js, 1, &r, &e), 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.id[0], "100");
    assert_string_equal(r.created[0], "Thu Apr 09 01:31:50 +0000 2015");
    assert_string_equal(r.text[0], "first");
    assert_int_equal(r.line[0], 1);
    assert_string_equal(r.id[1], "101");
    assert_int_equal(r.line[1], 7);
    assert_null(r.user[1]);
    rows_free(&r);
    /* A plain array works too; an empty one has no rows. */
    assert_int_equal(run(import_archive, "[{\"id_str\":\"5\",\"text\":\"t\"}]", 1, &r, &e), 0);
    assert_int_equal(r.n, 1);
    rows_free(&r);
    assert_int_equal(run(import_archive, "window.YTD.tweets.part0 = [ ]", 1, &r, &e), 0);
    assert_int_equal(r.n, 0);
    /* Broken: bad JSON inside an element (line of the error), no array, trailing junk. */
    assert_int_equal(run(import_archive, "window.YTD.tweets.part0 = [ {\n\"tweet\": {\n\"id\": }\n} ]", 1, &r, &e), -1);
    assert_int_equal(e.line, 3);
    assert_int_equal(run(import_archive, "window.YTD.tweets.part0 = 42", 1, &r, &e), -1);
    assert_int_equal(run(import_archive, "[{\"id\":\"1\"}] junk", 1, &r, &e), -1);
    rows_free(&r);
    assert_int_equal(run(import_archive, "[{\"id\":\"1\"}", 1, &r, &e), -1);
    rows_free(&r);
}

static void test_jsonl_snscrape(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *j =
        "{\"url\": \"https://twitter.com/sam/status/1\", \"date\": \"2022-12-06T10:00:00+00:00\", \"rawContent\": \"raw\", "
        "\"content\": \"old\", \"renderedContent\": \"rendered\", \"id\": 1, \"user\": {\"username\": \"sam\", \"id\": 42}, "
        "\"inReplyToTweetId\": null, \"inReplyToUser\": null, \"retweetedTweet\": null}\n"
        "{\"date\": \"2022-12-06T11:00:00+00:00\", \"content\": \"old\", \"renderedContent\": \"rendered\", \"id\": 2, "
        "\"user\": {\"username\": \"sam\"}, \"inReplyToTweetId\": 9, \"inReplyToUser\": {\"username\": \"other\"}}\n"
        "{\"renderedContent\": \"rendered\", \"id\": 3, \"user\": {\"username\": \"sam\", \"protected\": true}, "
        "\"inReplyToTweetId\": 2, \"inReplyToUser\": {\"username\": \"Sam\"}}\n"
        "{\"rawContent\": \"x\", \"id\": 4, \"user\": {\"username\": \"sam\"}, \"retweetedTweet\": {\"id\": 5}}\n"
        "{\"rawContent\": \"x\", \"id\": 6, \"user\": {\"username\": \"sam\", \"id\": 42}, \"inReplyToTweetId\": 5}\n";
    assert_int_equal(run(import_jsonl, j, 0, &r, &e), 0);
    assert_int_equal(r.n, 5);
    assert_string_equal(r.text[0], "raw");
    assert_string_equal(r.user[0], "sam");
    assert_string_equal(r.id[0], "1");
    assert_string_equal(r.created[0], "2022-12-06T10:00:00+00:00");
    assert_int_equal(r.reply[0], REPLY_NONE);
    assert_int_equal(r.rt[0], 0);
    assert_string_equal(r.text[1], "old");
    assert_int_equal(r.reply[1], REPLY_OTHER);
    assert_string_equal(r.text[2], "rendered");
    assert_int_equal(r.reply[2], REPLY_SELF);
    assert_int_equal(r.not_public[2], 1);
    assert_int_equal(r.not_public[0], 0);
    assert_int_equal(r.rt[3], 1);
    assert_int_equal(r.reply[4], REPLY_OTHER);  /* a reply id, no one named */
    rows_free(&r);
}

static void test_jsonl_twint_and_api(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *j =
        "{\"id\": 11, \"created_at\": \"2019-12-27 08:00:00 CET\", \"date\": \"2019-12-27\", \"time\": \"08:00:00\", "
        "\"timezone\": \"+0100\", \"username\": \"tom\", \"name\": \"Tom T\", \"tweet\": \"hi\", \"retweet\": false, "
        "\"retweet_id\": \"\", \"reply_to\": []}\n"
        "{\"id\": 12, \"username\": \"tom\", \"tweet\": \"@ann re\", \"retweet\": false, "
        "\"reply_to\": [{\"screen_name\": \"ann\", \"name\": \"Ann\", \"id\": \"9\"}]}\n"
        "{\"id\": 13, \"username\": \"tom\", \"tweet\": \"rt\", \"retweet\": true, \"reply_to\": [{\"screen_name\": \"tom\"}]}\n"
        "{\"id_str\": \"14\", \"user\": {\"screen_name\": \"api\", \"id_str\": \"77\"}, \"full_text\": \"t\", \"text\": \"short\", "
        "\"in_reply_to_status_id_str\": \"13\", \"in_reply_to_user_id_str\": \"77\", \"in_reply_to_screen_name\": null}\n"
        "{\"id_str\": \"15\", \"user\": {\"screen_name\": \"api\"}, \"text\": \"t\", \"in_reply_to_status_id\": null, "
        "\"retweeted\": false}\n";
    assert_int_equal(run(import_jsonl, j, 0, &r, &e), 0);
    assert_int_equal(r.n, 5);
    assert_string_equal(r.created[0], "2019-12-27 08:00:00 +0100");
    assert_int_equal(parse_date(r.created[0]), 1577430000);
    assert_string_equal(r.text[0], "hi");
    assert_string_equal(r.user[0], "tom");
    assert_int_equal(r.rt[0], 0);
    assert_int_equal(r.reply[0], REPLY_NONE);
    assert_int_equal(r.reply[1], REPLY_OTHER);
    assert_int_equal(r.rt[2], 1);
    assert_int_equal(r.reply[2], REPLY_SELF);
    assert_string_equal(r.text[3], "t");         /* full_text beats text */
    assert_int_equal(r.reply[3], REPLY_SELF);    /* answers the author's own id */
    assert_int_equal(r.reply[4], REPLY_NONE);
    assert_int_equal(r.rt[4], 0);
    rows_free(&r);
    /* An id written as a floating-point number refuses the file. */
    assert_int_equal(run(import_jsonl, "{\"id\": 1, \"text\": \"a\"}\n{\"id\": 1.07991e+18, \"text\": \"b\"}\n", 1, &r, &e), -1);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.msg, "'id'"));
    rows_free(&r);
}

static void test_archive_replies(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *js = "window.YTD.tweets.part0 = [ {\"tweet\": {\"id_str\": \"1\", \"full_text\": \"a\", "
                     "\"in_reply_to_status_id_str\": \"0\"}}, {\"tweet\": {\"id_str\": \"2\", \"full_text\": \"@b c\", "
                     "\"in_reply_to_status_id_str\": \"5\", \"in_reply_to_user_id_str\": \"6\", "
                     "\"in_reply_to_screen_name\": \"b\"}} ]";
    assert_int_equal(run(import_archive, js, 1, &r, &e), 0);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.reply[0], REPLY_NONE);
    assert_int_equal(r.reply[1], REPLY_OTHER);
    rows_free(&r);
}

static void test_columns_found(void **state)
{
    (void)state;
    char out[64];
    const char *csv = "\xEF\xBB\xBFid;who;what\r\n1;2;3\n";
    import_columns_found(csv, strlen(csv), out, sizeof out);
    assert_string_equal(out, "id;who;what");
    const char *j = "{\"a\": 1, \"b\": {\"c\": 2}}\n{}\n";
    import_columns_found(j, strlen(j), out, sizeof out);
    assert_string_equal(out, "a, b");
    import_columns_found("id\tx\n", 5, out, 4);
    assert_string_equal(out, "id ");
    int rank;
    assert_int_equal(import_column_role("RAWCONTENT", 10, &rank), COL_TEXT);
    assert_int_equal(import_column_role("retweets", 8, &rank), -1);
    assert_int_equal(import_column_role("created_time", 12, &rank), COL_CREATED);
    assert_int_equal(rank, 50);
}

static void test_pipe(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    const char *t = "585978391360221184|Thu Apr 09 01:31:50 +0000 2015|Breast cancer http://bbc.in/1\t\t\r\n"
                    "526812372280029186|Mon Oct 27 19:07:11 +0000 2014|Updated | Ebola: a | b\r\n"
                    "\"561699274128252928|Sun Feb 01 01:35:17 +0000 2015|Patients \"\"back\"\" it\"\t\t\r\n"
                    "not a line\r\n"
                    "\r\n"
                    "12|date only\n"
                    "13|Thu Apr 09 01:31:50 +0000 2015|caf\xe9 \x93quoted\x94";
    assert_int_equal(run(import_pipe, t, 0, &r, &e), 0);
    assert_int_equal(r.n, 6);
    assert_string_equal(r.id[0], "585978391360221184");
    assert_string_equal(r.created[0], "Thu Apr 09 01:31:50 +0000 2015");
    assert_string_equal(r.text[0], "Breast cancer http://bbc.in/1");
    assert_string_equal(r.text[1], "Updated | Ebola: a | b");
    assert_string_equal(r.id[2], "561699274128252928");
    assert_string_equal(r.text[2], "Patients \"back\" it");
    assert_non_null(r.bad[3]);
    assert_int_equal(r.line[3], 4);
    assert_non_null(r.bad[4]);                  /* the blank line 5 is skipped */
    assert_int_equal(r.line[4], 6);
    assert_int_equal(r.line[5], 7);
    char *clean = text_clean(r.text[5], r.text_len[5]);
    assert_string_equal(clean, "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d");
    assert_true(utf8_valid(clean, strlen(clean)));
    free(clean);
    rows_free(&r);
}

static void test_clean_empty(void **state)
{
    (void)state;
    char *t = text_clean("", 0);                /* an empty CSV field: a real empty string */
    assert_string_equal(t, "");
    free(t);
    t = text_clean(" \t\r\n ", 5);
    assert_string_equal(t, "");
    free(t);
}

static void test_detect(void **state)
{
    (void)state;
    const char *csv = "id,name,text\n1,a,b\n";
    assert_int_equal(import_detect("x.csv", csv, strlen(csv)), FMT_CSV);
    assert_int_equal(import_detect("x.dat", csv, strlen(csv)), FMT_CSV);
    assert_int_equal(import_detect("x.txt", "1|d|t\n", 6), FMT_PIPE);
    assert_int_equal(import_detect("x.csv", "1|d|t\n", 6), FMT_PIPE);
    assert_int_equal(import_detect("x.json", "{\"a\":1}\n", 8), FMT_JSONL);
    assert_int_equal(import_detect("tweets.js", "window.YTD.tweets.part0 = []", 28), FMT_ARCHIVE);
    assert_int_equal(import_detect("x", "[]", 2), FMT_ARCHIVE);
    assert_int_equal(import_detect("x.jsonl", "", 0), FMT_JSONL);
    assert_int_equal(import_detect("x", "hello\n", 6), FMT_UNKNOWN);
    assert_int_equal(import_detect("x.tsv", "id\ttext\n", 8), FMT_CSV);
    assert_int_equal(import_detect("export", "username;date;text\n", 19), FMT_CSV);
    assert_int_equal(import_detect("export", "id\ttext\n", 8), FMT_CSV);
    assert_int_equal(import_detect("export.txt", "id\ttext\n", 8), FMT_CSV);
    assert_int_equal(import_detect("news.txt", "x|y\tz\n", 6), FMT_PIPE);
    char *u = import_file_user(FMT_PIPE, "data/uci/bbchealth.txt");
    assert_string_equal(u, "bbchealth");
    free(u);
    assert_null(import_file_user(FMT_CSV, "a.csv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_basic_and_crlf),
        cmocka_unit_test(test_csv_embedded_newlines_and_quotes),
        cmocka_unit_test(test_csv_header_mapping),
        cmocka_unit_test(test_csv_missing_columns),
        cmocka_unit_test(test_csv_malformed),
        cmocka_unit_test(test_csv_bare_cr),
        cmocka_unit_test(test_csv_callback_stops),
        cmocka_unit_test(test_csv_delimiter_sniffed),
        cmocka_unit_test(test_csv_scraper_names),
        cmocka_unit_test(test_csv_pre2019_archive),
        cmocka_unit_test(test_csv_float_ids),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_jsonl_snscrape),
        cmocka_unit_test(test_jsonl_twint_and_api),
        cmocka_unit_test(test_archive),
        cmocka_unit_test(test_archive_replies),
        cmocka_unit_test(test_columns_found),
        cmocka_unit_test(test_pipe),
        cmocka_unit_test(test_clean_empty),
        cmocka_unit_test(test_detect),
    };
    return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}

/* test_container.c - unit tests for the archive reader (import_zip.c: ZIPs from a file and from
 * memory, folders, the bounds with small limits: ZIP bombs, sizes that lie, damaged ZIPs) and the
 * layouts (import_container.c: plans, account files, note tweets, the archive sink), and for the
 * archive parser's pre-2019 and reply fields. ZIPs are written here with libzip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "files.h"
#include "import.h"
#include "import_container.h"
#include "text.h"
#include "util.h"

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/twitoff-zip-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* One file of a ZIP to write. */
typedef struct {
    const char *name;
    const char *data;     /* NULL: len zero bytes */
    size_t len;           /* 0 with data: strlen(data) */
} File;

/* Write the ZIP of files to tmpdir/name (deflated, or stored when store); returns its path. */
static char *write_zip(const char *name, const File *files, int n, int store)
{
    char *path = xasprintf("%s/%s", tmpdir, name);
    int ze;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    char **bufs = xcalloc((size_t)n, sizeof *bufs);
    for (int i = 0; i < n; i++) {
        size_t len = files[i].data ? (files[i].len ? files[i].len : strlen(files[i].data)) : files[i].len;
        bufs[i] = xcalloc(1, len + 1);
        if (files[i].data) memcpy(bufs[i], files[i].data, len);
        zip_source_t *src = zip_source_buffer(za, bufs[i], len, 0);
        assert_non_null(src);
        zip_int64_t idx = zip_file_add(za, files[i].name, src, ZIP_FL_OVERWRITE);
        assert_true(idx >= 0);
        zip_set_file_compression(za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
    }
    assert_int_equal(zip_close(za), 0);
    for (int i = 0; i < n; i++) free(bufs[i]);
    free(bufs);
    return path;
}

static const char *TWEETS = "window.YTD.tweets.part0 = [ {\"tweet\": {\"id_str\": \"1\", \"full_text\": \"one\"}} ]";
static const char *ACCOUNT = "window.YTD.account.part0 = [ {\n  \"account\" : {\n    \"email\" : \"a@example.invalid\",\n"
                             "    \"username\" : \"archivist\",\n    \"accountId\" : \"42\"\n  }\n} ]";

/* The names of c, joined by spaces. */
static char *names_of(const Container *c)
{
    Buf b;
    buf_init(&b);
    for (size_t i = 0; i < container_count(c); i++) buf_printf(&b, "%s%s", i ? " " : "", container_name(c, i));
    return buf_detach(&b);
}

static void test_zip_x_archive(void **state)
{
    (void)state;
    File f[] = {
        {"tw-2022/data/tweets-part1.js", "window.YTD.tweets.part1 = []", 0},
        {"tw-2022/data/tweets.js", TWEETS, 0},
        {"tw-2022/data/account.js", ACCOUNT, 0},
        {"tw-2022/data/note-tweet.js", "window.YTD.note_tweet.part0 = []", 0},
        {"tw-2022/data/deleted-tweets.js", "window.YTD.deleted_tweets.part0 = []", 0},
        {"tw-2022/data/tweets_media/1-a.jpg", "jpeg", 0},
        {"tw-2022/Your archive.html", "<html>", 0},
        {"other/x/data/tweets.js", TWEETS, 0},               /* a deeper root: ignored */
    };
    char *path = write_zip("x.zip", f, 8, 0);
    char err[300];
    Container *c = container_open_zip(path, NULL, err, sizeof err);
    assert_non_null(c);
    assert_int_equal(container_count(c), 8);
    char *names = names_of(c);
    assert_string_equal(names, "other/x/data/tweets.js tw-2022/Your archive.html tw-2022/data/account.js "
                               "tw-2022/data/deleted-tweets.js tw-2022/data/note-tweet.js tw-2022/data/tweets-part1.js "
                               "tw-2022/data/tweets.js tw-2022/data/tweets_media/1-a.jpg");
    free(names);
    ContainerPlan p;
    assert_int_equal(container_plan(c, &p, err, sizeof err), 0);
    assert_int_equal(p.layout, LAYOUT_X);
    assert_string_equal(p.root, "tw-2022/");
    assert_int_equal(p.nposts, 2);
    assert_string_equal(container_name(c, p.posts[0]), "tw-2022/data/tweets-part1.js");
    assert_string_equal(container_name(c, p.posts[1]), "tw-2022/data/tweets.js");
    assert_int_equal(p.nnotes, 1);
    assert_string_equal(container_name(c, (size_t)p.account), "tw-2022/data/account.js");
    char *data;
    size_t len;
    assert_int_equal(container_read(c, (size_t)p.account, &data, &len, err, sizeof err), 0);
    assert_int_equal(len, strlen(ACCOUNT));
    assert_string_equal(data, ACCOUNT);
    char *user, *id;
    ImportError ie = {0};
    assert_int_equal(container_account(data, len, &user, &id, &ie), 0);
    assert_string_equal(user, "archivist");
    assert_string_equal(id, "42");
    free(user);
    free(id);
    free(data);
    container_plan_free(&p);
    container_close(c);

    /* The same bytes from memory, and stored rather than deflated. */
    size_t zlen;
    char *zip = read_file(path, &zlen);
    c = container_open_zip_mem(zip, zlen, NULL, err, sizeof err);
    assert_non_null(c);
    assert_int_equal(container_count(c), 8);
    assert_int_equal(container_read(c, 7, &data, &len, err, sizeof err), 0);
    assert_string_equal(data, "jpeg");
    free(data);
    container_close(c);
    free(zip);
    free(path);
    path = write_zip("stored.zip", f, 2, 1);
    c = container_open_zip(path, NULL, err, sizeof err);
    assert_non_null(c);
    assert_int_equal(container_read(c, 1, &data, &len, err, sizeof err), 0);
    assert_string_equal(data, TWEETS);
    free(data);
    container_close(c);
    free(path);
}

/* Plan a container holding the names given (empty files). */
static int plan_names(const char **names, int n, ContainerPlan *p, char *err, size_t errlen, Container **out)
{
    File f[16];
    for (int i = 0; i < n; i++) f[i] = (File){names[i], "", 0};
    char *path = write_zip("plan.zip", f, n, 0);
    Container *c = container_open_zip(path, NULL, err, errlen);
    free(path);
    assert_non_null(c);
    *out = c;
    return container_plan(c, p, err, errlen);
}

static void test_plans(void **state)
{
    (void)state;
    char err[300];
    ContainerPlan p;
    Container *c;
    const char *gb[] = {"arch/tweets.csv", "arch/data/js/tweets/2015_04.js", "arch/data/js/tweets/2014_12.js",
                        "arch/data/js/user_details.js", "arch/data/js/tweet_index.js", "arch/js/app.js"};
    assert_int_equal(plan_names(gb, 6, &p, err, sizeof err, &c), 0);
    assert_int_equal(p.layout, LAYOUT_GRAILBIRD);
    assert_string_equal(p.root, "arch/");
    assert_int_equal(p.nposts, 2);
    assert_string_equal(container_name(c, p.posts[0]), "arch/data/js/tweets/2014_12.js");
    assert_string_equal(container_name(c, (size_t)p.account), "arch/data/js/user_details.js");
    container_plan_free(&p);
    container_close(c);
    /* Without its js files: the tweets.csv beside data/, with the account. */
    const char *csv[] = {"deep/er/tweets.csv", "arch/tweets.csv", "arch/data/js/user_details.js"};
    assert_int_equal(plan_names(csv, 3, &p, err, sizeof err, &c), 0);
    assert_int_equal(p.layout, LAYOUT_CSV);
    assert_string_equal(container_name(c, p.posts[0]), "arch/tweets.csv");
    assert_string_equal(container_name(c, (size_t)p.account), "arch/data/js/user_details.js");
    container_plan_free(&p);
    container_close(c);
    const char *csv2[] = {"a/b/tweets.csv", "a/tweets.csv"};
    assert_int_equal(plan_names(csv2, 2, &p, err, sizeof err, &c), 0);
    assert_string_equal(container_name(c, p.posts[0]), "a/tweets.csv");
    assert_int_equal(p.account, -1);
    container_plan_free(&p);
    container_close(c);
    const char *masto[] = {"actor.json", "media_attachments/files/1.png", "outbox.json", "x/outbox.json"};
    assert_int_equal(plan_names(masto, 4, &p, err, sizeof err, &c), 0);
    assert_int_equal(p.layout, LAYOUT_MASTODON);
    assert_int_equal(p.nposts, 1);
    assert_string_equal(container_name(c, p.posts[0]), "outbox.json");
    assert_string_equal(p.root, "");
    container_plan_free(&p);
    container_close(c);
    /* tweet.js (2019-2020 archives) and tweet-partN.js; no data/ prefix mistaken inside a name. */
    const char *old[] = {"data/tweet.js", "data/tweet-part2.js", "mydata/tweets.js", "data/tweets.json"};
    assert_int_equal(plan_names(old, 4, &p, err, sizeof err, &c), 0);
    assert_int_equal(p.layout, LAYOUT_X);
    assert_int_equal(p.nposts, 2);
    assert_int_equal(p.account, -1);
    container_plan_free(&p);
    container_close(c);
    const char *win[] = {"arch\\data\\tweets.js"};
    assert_int_equal(plan_names(win, 1, &p, err, sizeof err, &c), 0);
    assert_string_equal(container_name(c, 0), "arch/data/tweets.js");
    assert_string_equal(p.root, "arch/");
    container_plan_free(&p);
    container_close(c);
    const char *none[] = {"data/like.js", "README.txt", "data/js/tweets/2015_4.js"};
    assert_int_equal(plan_names(none, 3, &p, err, sizeof err, &c), -1);
    assert_non_null(strstr(err, "no posts file"));
    container_plan_free(&p);
    container_close(c);
    assert_string_equal(container_layout_name(LAYOUT_X), "X archive");
}

/* n zero bytes: compress about 1000 to 1. */
static void test_zip_bomb(void **state)
{
    (void)state;
    char err[300], *data;
    size_t len;
    File f[] = {{"data/tweets.js", NULL, 4u << 20}, {"small.txt", "fine", 0}};
    char *path = write_zip("bomb.zip", f, 2, 0);
    /* The defaults: 4 MiB inflating from ~4 KB is over 100 times, past 1 MiB. */
    Container *c = container_open_zip(path, NULL, err, sizeof err);
    assert_non_null(c);
    assert_int_equal(container_read(c, 0, &data, &len, err, sizeof err), -1);
    assert_null(data);
    assert_non_null(strstr(err, "data/tweets.js: "));
    assert_non_null(strstr(err, "ZIP bomb"));
    assert_int_equal(container_read(c, 1, &data, &len, err, sizeof err), 0);
    free(data);
    container_close(c);
    /* Lowered bounds: one entry over 1 MiB; the container over 5 MiB in all. */
    ContainerLimits lim = {.total = 5u << 20, .entry = 1u << 20, .entries = 10, .ratio = 5000, .ratio_floor = 1u << 20};
    c = container_open_zip(path, &lim, err, sizeof err);
    assert_int_equal(container_read(c, 0, &data, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "data/tweets.js: inflates to more than 1 MiB, the limit for one file"));
    container_close(c);
    lim.entry = 8u << 20;
    lim.total = 4u << 20;
    c = container_open_zip(path, &lim, err, sizeof err);
    assert_int_equal(container_read(c, 0, &data, &len, err, sizeof err), 0);   /* exactly 4 MiB: allowed */
    assert_int_equal(len, 4u << 20);
    free(data);
    assert_int_equal(container_read(c, 1, &data, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "small.txt: the archive's files add up to more than 4 MiB"));
    container_close(c);
    /* Too many entries. */
    lim.entries = 1;
    assert_null(container_open_zip(path, &lim, err, sizeof err));
    assert_non_null(strstr(err, "lists 2 entries"));
    free(path);
}

/* Set the uncompressed size of every entry, in the local and the central headers, to size. */
static void lie_about_size(char *zip, size_t len, uint32_t size)
{
    for (size_t i = 0; i + 46 <= len; i++) {
        size_t at = 0;
        if (!memcmp(zip + i, "PK\3\4", 4)) at = i + 22;
        else if (!memcmp(zip + i, "PK\1\2", 4)) at = i + 24;
        else continue;
        for (int b = 0; b < 4; b++) zip[at + (size_t)b] = (char)((size >> (8 * b)) & 0xff);
    }
}

static void test_sizes_lie(void **state)
{
    (void)state;
    char err[300], *data;
    size_t len, zlen;
    File f[] = {{"data/tweets.js", NULL, 3u << 20}};
    char *path = write_zip("liar.zip", f, 1, 0);
    char *zip = read_file(path, &zlen);
    lie_about_size(zip, zlen, 100);
    /* The stated 100 bytes pass the check before reading; inflating stops at the bound. */
    ContainerLimits lim = {.total = 1u << 30, .entry = 1u << 20, .entries = 10, .ratio = 5000, .ratio_floor = 1u << 20};
    Container *c = container_open_zip_mem(zip, zlen, &lim, err, sizeof err);
    assert_non_null(c);
    assert_int_equal(container_read(c, 0, &data, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "data/tweets.js: inflates to more than 1 MiB"));
    container_close(c);
    /* The defaults: the ratio guard stops it while reading. */
    c = container_open_zip_mem(zip, zlen, NULL, err, sizeof err);
    assert_int_equal(container_read(c, 0, &data, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "ZIP bomb"));
    container_close(c);
    /* Within the bounds, the lie itself is caught: the data does not match the stated size. */
    lim.entry = 8u << 20;
    lim.ratio_floor = 8u << 20;
    c = container_open_zip_mem(zip, zlen, &lim, err, sizeof err);
    assert_int_equal(container_read(c, 0, &data, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "data/tweets.js: damaged: inflates to 3145728 bytes, not the 100 its header states"));
    container_close(c);
    /* Stated sizes over the bound are refused before reading. */
    lie_about_size(zip, zlen, 2u << 30);
    c = container_open_zip_mem(zip, zlen, NULL, err, sizeof err);
    if (c) {
        assert_int_equal(container_read(c, 0, &data, &len, err, sizeof err), -1);
        assert_non_null(strstr(err, "data/tweets.js: "));
        container_close(c);
    }
    free(zip);
    free(path);
}

static void test_zip_damaged(void **state)
{
    (void)state;
    char err[300], *data;
    size_t len, zlen;
    static char text[8192];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof text - 1; i++) {                /* hardly compressible */
        x = x * 1103515245u + 12345u;
        text[i] = (char)('a' + (x >> 16) % 26);
    }
    File f[] = {{"data/tweets.js", text, 0}, {"data/account.js", ACCOUNT, 0}};
    char *path = write_zip("ok.zip", f, 2, 0);
    char *zip = read_file(path, &zlen);
    /* Truncated anywhere: not a readable ZIP (the central directory is at the end). */
    for (size_t cut = 0; cut < zlen; cut += zlen / 7 + 1) {
        Container *c = container_open_zip_mem(zip, cut, NULL, err, sizeof err);
        assert_null(c);
        assert_true(err[0] != '\0');
    }
    /* A flipped byte inside the compressed data: open works, reading the entry fails. */
    char *bad = xmalloc(zlen);
    memcpy(bad, zip, zlen);
    bad[30 + strlen("data/tweets.js") + 100] ^= 0x55;
    Container *c = container_open_zip_mem(bad, zlen, NULL, err, sizeof err);
    assert_non_null(c);
    size_t i = strcmp(container_name(c, 0), "data/tweets.js") == 0 ? 0 : 1;
    assert_int_equal(container_read(c, i, &data, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "data/tweets.js: damaged"));
    container_close(c);
    /* Not a ZIP at all. */
    assert_null(container_open_zip_mem("hello", 5, NULL, err, sizeof err));
    assert_null(container_open_zip("/nonexistent/x.zip", NULL, err, sizeof err));
    assert_true(container_is_zip(zip, zlen));
    assert_false(container_is_zip("PK", 2));
    assert_false(container_is_zip("[{}]", 4));
    free(bad);
    free(zip);
    free(path);
}

static void put(const char *rel, const char *data)
{
    char *path = xasprintf("%s/%s", tmpdir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    assert_int_equal(mkdir_p(path, 0755), 0);
    *slash = '/';
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(data, fp);
    fclose(fp);
    free(path);
}

static void test_folder(void **state)
{
    (void)state;
    put("dir/arch/data/tweets.js", TWEETS);
    put("dir/arch/data/account.js", ACCOUNT);
    put("dir/arch/data/tweets_media/1.jpg", "jpeg");
    put("dir/arch/media_attachments/2.png", "png");
    char *target = xasprintf("%s/dir/arch/data", tmpdir), *link = xasprintf("%s/dir/arch/loop", tmpdir);
    assert_int_equal(symlink(target, link), 0);
    char *dir = xasprintf("%s/dir/", tmpdir);
    char err[300], *data;
    size_t len;
    Container *c = container_open_dir(dir, NULL, err, sizeof err);
    assert_non_null(c);
    char *names = names_of(c);
    assert_string_equal(names, "arch/data/account.js arch/data/tweets.js");
    free(names);
    ContainerPlan p;
    assert_int_equal(container_plan(c, &p, err, sizeof err), 0);
    assert_string_equal(p.root, "arch/");
    assert_int_equal(container_read(c, p.posts[0], &data, &len, err, sizeof err), 0);
    assert_string_equal(data, TWEETS);
    free(data);
    container_plan_free(&p);
    container_close(c);
    /* Bounds hold for folders too. */
    ContainerLimits lim = {.total = 100, .entry = 50, .entries = 10, .ratio = 100, .ratio_floor = 1};
    c = container_open_dir(dir, &lim, err, sizeof err);
    assert_int_equal(container_read(c, 0, &data, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "arch/data/account.js: inflates to more than 50 bytes"));
    container_close(c);
    lim.entries = 1;
    assert_null(container_open_dir(dir, &lim, err, sizeof err));
    assert_non_null(strstr(err, "more than 1 files"));
    char *missing = xasprintf("%s/none", tmpdir);
    assert_null(container_open_dir(missing, NULL, err, sizeof err));
    assert_non_null(strstr(err, "cannot read the folder"));
    free(missing);
    free(dir);
    free(target);
    free(link);
}

static void test_account(void **state)
{
    (void)state;
    char *user, *id;
    ImportError e = {0};
    const char *gb = "var user_details =  {\n  \"expanded_url\" : null,\n  \"screen_name\" : \"oldtimer\",\n"
                     "  \"id\" : \"12\",\n  \"created_at\" : \"2006-03-21 20:50:14 +0000\"\n}";
    assert_int_equal(container_account(gb, strlen(gb), &user, &id, &e), 0);
    assert_string_equal(user, "oldtimer");
    assert_string_equal(id, "12");
    free(user);
    free(id);
    const char *num = "window.YTD.account.part0 = [{\"account\": {\"username\": \"n\", \"accountId\": 777}}];\n";
    assert_int_equal(container_account(num, strlen(num), &user, &id, &e), 0);
    assert_string_equal(id, "777");
    free(user);
    free(id);
    const char *bad[] = {"window.YTD.account.part0 = [{\"account\": {}}]", "window.YTD.account.part0 = [",
                         "hello", "[]", "window.YTD.account.part0 = [{\"account\": {\"username\": \"\"}}]"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(container_account(bad[i], strlen(bad[i]), &user, &id, &e), -1);
        assert_null(user);
        assert_null(id);
        assert_true(e.msg[0] != '\0');
    }
}

static const char *NOTES =
    "window.YTD.note_tweet.part0 = [\n"
    "{\"noteTweet\": {\"noteTweetId\": \"9\", \"createdAt\": \"2026-06-23T09:00:00.000Z\",\n"
    "  \"core\": {\"text\": \"This is a long post that got cut right about here, and goes on &amp; on\"}}},\n"
    "{\"noteTweet\": {\"noteTweetId\": \"8\", \"createdAt\": \"2026-06-23T09:00:00.000Z\",\n"
    "  \"core\": {\"text\": \"A colliding note that must not be matched\"}}},\n"
    "{\"noteTweet\": {\"noteTweetId\": \"7\", \"createdAt\": \"2026-06-24T09:00:00.000Z\",\n"
    "  \"core\": {\"text\": \"I wrote about this https://t.co/NEW2 and then some more\"}}},\n"
    "{\"noteTweet\": {\"noteTweetId\": \"6\", \"createdAt\": \"2026-06-25T09:00:00.000Z\",\n"
    "  \"core\": {\"text\": \"https://t.co/only a link and more\"}}},\n"
    "{\"noteTweet\": {\"noteTweetId\": \"5\", \"createdAt\": \"not a date\", \"core\": {\"text\": \"x\"}}}\n"
    "]";

static void test_notes(void **state)
{
    (void)state;
    NoteSet *set = NULL;
    ImportError e = {0};
    assert_int_equal(notes_load(&set, NOTES, strlen(NOTES), &e), 0);
    assert_int_equal(notes_count(set), 4);
    size_t n;
    const char *t;
    const char *cut = "This is a long post that got cut right about\xE2\x80\xA6";
    t = notes_match(set, "Tue Jun 23 09:00:00 +0000 2026", cut, strlen(cut), &n);
    assert_non_null(t);
    assert_true(n > strlen(cut));
    assert_memory_equal(t, "This is a long post that got cut right about here", 49);
    /* Another second, no ellipsis, or another text: no match. */
    assert_null(notes_match(set, "Tue Jun 23 09:00:01 +0000 2026", cut, strlen(cut), &n));
    const char *whole = "This is a long post that got cut right about";
    assert_null(notes_match(set, "Tue Jun 23 09:00:00 +0000 2026", whole, strlen(whole), &n));
    const char *other = "Something else entirely\xE2\x80\xA6";
    assert_null(notes_match(set, "Tue Jun 23 09:00:00 +0000 2026", other, strlen(other), &n));
    assert_null(notes_match(set, NULL, cut, strlen(cut), &n));
    /* A reply: leading mentions dropped, a t.co link that differs, an ellipsis and a link after it. */
    const char *reply = "@stranger @other I wrote about this https://t.co/OLD1 and then some\xE2\x80\xA6 https://t.co/self";
    t = notes_match(set, "2026-06-24T09:00:00Z", reply, strlen(reply), &n);
    assert_non_null(t);
    assert_memory_equal(t, "I wrote about this https://t.co/NEW2", 36);
    /* Nothing left before the first link: the only note of that second. */
    const char *link = "https://t.co/zzz a link\xE2\x80\xA6";
    assert_non_null(notes_match(set, "2026-06-25T09:00:00Z", link, strlen(link), &n));
    const char *link2 = "https://t.co/zzz\xE2\x80\xA6";
    assert_null(notes_match(set, "2026-06-23T09:00:00Z", link2, strlen(link2), &n));   /* two that second */
    /* A second file adds to the set; a malformed one fails. */
    const char *more = "window.YTD.note_tweet.part1 = [{\"noteTweet\": {\"createdAt\": \"2020-01-01T00:00:00Z\","
                       " \"core\": {\"text\": \"more\"}}}]";
    assert_int_equal(notes_load(&set, more, strlen(more), &e), 0);
    assert_int_equal(notes_count(set), 5);
    assert_int_equal(notes_load(&set, "window.YTD.note_tweet.part0 = [{", 32, &e), -1);
    assert_int_equal(notes_load(&set, "{}", 2, &e), -1);
    notes_free(set);
    assert_null(notes_match(NULL, "2026-06-25T09:00:00Z", link, strlen(link), &n));
}

/* Rows as the archive sink passes them on. */
typedef struct {
    int n;
    char text[4][200];
    int reply[4];
} Seen;

static int seen_row(void *ctx, const ImportRow *r)
{
    Seen *s = ctx;
    assert_true(s->n < 4);
    snprintf(s->text[s->n], sizeof s->text[0], "%.*s", (int)r->text_len, r->text);
    s->reply[s->n++] = r->reply;
    return 0;
}

static void test_archive_rows(void **state)
{
    (void)state;
    NoteSet *set = NULL;
    ImportError e = {0};
    assert_int_equal(notes_load(&set, NOTES, strlen(NOTES), &e), 0);
    const char *js = "window.YTD.tweets.part0 = [\n"
        "{\"tweet\": {\"id_str\": \"1\", \"created_at\": \"Tue Jun 23 09:00:00 +0000 2026\",\n"
        "  \"full_text\": \"This is a long post that got cut right about\xE2\x80\xA6\"}},\n"
        "{\"tweet\": {\"id_str\": \"2\", \"full_text\": \"to me\", \"in_reply_to_status_id_str\": \"1\",\n"
        "  \"in_reply_to_user_id_str\": \"42\"}},\n"
        "{\"tweet\": {\"id_str\": \"3\", \"full_text\": \"to you\", \"in_reply_to_status_id\": 5,\n"
        "  \"in_reply_to_user_id\": 43}},\n"
        "{\"tweet\": {\"id_str\": \"4\", \"full_text\": \"plain\", \"in_reply_to_status_id_str\": null}}\n"
        "]";
    Seen seen = {0};
    ImportSink next = {seen_row, &seen, 1};
    ArchiveRows a = {.next = &next, .notes = set, .account_id = "42"};
    ImportSink sink = {archive_rows, &a, 1};
    assert_int_equal(import_parse(import_detect("data/tweets.js", js, strlen(js)), js, strlen(js), &sink, &e), 0);
    assert_int_equal(seen.n, 4);
    assert_string_equal(seen.text[0], "This is a long post that got cut right about here, and goes on &amp; on");
    assert_int_equal(a.merged, 1);
    assert_int_equal(seen.reply[0], REPLY_NONE);
    assert_int_equal(seen.reply[1], REPLY_SELF);
    assert_int_equal(seen.reply[2], REPLY_OTHER);
    assert_int_equal(seen.reply[3], REPLY_NONE);
    notes_free(set);
}

/* Rows of a pre-2019 monthly file, through the archive parser. */
static void test_grailbird(void **state)
{
    (void)state;
    const char *gb = "Grailbird.data.tweets_2015_04 = \n [ {\n"
        "  \"source\" : \"web\",\n  \"entities\" : { \"user_mentions\" : [ ] },\n"
        "  \"geo\" : { },\n  \"id_str\" : \"585403567185186816\",\n"
        "  \"text\" : \"Spring &amp; rain\",\n  \"id\" : 585403567185186816,\n"
        "  \"created_at\" : \"2015-04-07 09:59:58 +0000\",\n"
        "  \"user\" : { \"name\" : \"Old Timer\", \"screen_name\" : \"oldtimer\", \"id_str\" : \"12\" }\n"
        "}, {\n  \"id_str\" : \"585403567185186817\", \"text\" : \"@me more\",\n"
        "  \"in_reply_to_status_id_str\" : \"585403567185186816\", \"in_reply_to_user_id_str\" : \"12\",\n"
        "  \"created_at\" : \"2015-04-07 10:00:00 +0000\", \"user\" : { \"screen_name\" : \"oldtimer\", \"id_str\" : \"12\" }\n"
        "}, {\n  \"id_str\" : \"3\", \"text\" : \"RT @x: y\", \"retweeted_status\" : { \"id_str\" : \"2\" },\n"
        "  \"created_at\" : \"2015-04-07 10:00:00 +0000\", \"user\" : { \"screen_name\" : \"oldtimer\" }\n} ]";
    assert_int_equal(import_detect("data/js/tweets/2015_04.js", gb, strlen(gb)), FMT_GRAILBIRD);
    assert_string_equal(import_format_name(FMT_GRAILBIRD), "grailbird");
    Seen seen = {0};
    ImportSink sink = {seen_row, &seen, 0};
    ImportError e = {0};
    assert_int_equal(import_parse(FMT_GRAILBIRD, gb, strlen(gb), &sink, &e), 0);
    assert_int_equal(seen.n, 3);
    assert_string_equal(seen.text[0], "Spring &amp; rain");
    assert_int_equal(seen.reply[1], REPLY_SELF);
    assert_int_equal(parse_date("2015-04-07 09:59:58 +0000"), 1428400798);
    /* The 2019-2020 name of tweets.js, and an assignment with no '=' on its line. */
    const char *tweet = "window.YTD.tweet.part0 = [{\"tweet\": {\"id_str\": \"1\", \"full_text\": \"x\"}}]";
    seen.n = 0;
    assert_int_equal(import_parse(import_detect("data/tweet.js", tweet, strlen(tweet)), tweet, strlen(tweet), &sink, &e), 0);
    assert_int_equal(seen.n, 1);
    assert_int_equal(import_archive("Grailbird.data\n= []", 19, &sink, &e), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zip_x_archive),
        cmocka_unit_test(test_plans),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_sizes_lie),
        cmocka_unit_test(test_zip_damaged),
        cmocka_unit_test(test_folder),
        cmocka_unit_test(test_account),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_archive_rows),
        cmocka_unit_test(test_grailbird),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

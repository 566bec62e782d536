/* test_car.c - unit tests for the Bluesky repository importer (import_car): the generated
 * fixtures of tests/data/import/bluesky/, and CARs built here with libcbor's encoder for the odd
 * cases (a cycle in the MST, a DID that is a handle, bounds, every truncation). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <cbor.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "import.h"
#include "util.h"

enum { MAXROWS = 16, CIDLEN = 36 };

#define FIXTURES "tests/data/import/bluesky/"

/* Copies of the rows the parser passed on. */
typedef struct {
    int n;
    long line[MAXROWS];
    char *bad[MAXROWS], *id[MAXROWS], *user[MAXROWS], *created[MAXROWS], *text[MAXROWS];
    int rt[MAXROWS], reply[MAXROWS];
} Rows;

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static int collect(void *ctx, const ImportRow *r)
{
    Rows *rows = ctx;
    assert_true(rows->n < MAXROWS);
    assert_true(r->line >= 1);
    int i = rows->n++;
    rows->line[i] = r->line;
    rows->bad[i] = dup_or_null(r->bad);
    rows->id[i] = dup_or_null(r->id);
    rows->user[i] = dup_or_null(r->user);
    rows->created[i] = dup_or_null(r->created);
    rows->text[i] = r->text ? xstrndup(r->text, r->text_len) : NULL;
    rows->rt[i] = r->is_retweet;
    rows->reply[i] = r->reply;
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

/* Parse data[0..len) into *rows (have_user as given); returns import_car's result. */
static int run(const char *data, size_t len, int have_user, Rows *rows, ImportError *err)
{
    memset(rows, 0, sizeof *rows);
    memset(err, 0, sizeof *err);
    ImportSink sink = {collect, rows, have_user};
    return import_car(data, len, &sink, err);
}

static char *fixture(const char *name, size_t *len)
{
    char *data = read_file(name, len);
    if (!data) fail_msg("cannot read %s (run the tests from the repository's top folder)", name);
    return data;
}

/* The index of the row with id, or -1. */
static int row_of(const Rows *r, const char *id)
{
    for (int i = 0; i < r->n; i++)
        if (r->id[i] && strcmp(r->id[i], id) == 0) return i;
    return -1;
}

static void test_repo_posts(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture(FIXTURES "repo.car", &len);
    Rows r;
    ImportError e;
    assert_int_equal(run(data, len, 1, &r, &e), 0);
    assert_int_equal(r.n, 4);                   /* 3 posts and the repost; no like, no stray record */
    int p1 = row_of(&r, "3kabc0000001"), p2 = row_of(&r, "3kabc0000002"), p3 = row_of(&r, "3kabc0000003");
    int rp = row_of(&r, "3krep0000001");
    assert_true(p1 >= 0 && p2 >= 0 && p3 >= 0 && rp >= 0);
    assert_string_equal(r.text[p1], "Hello from Bluesky & friends");
    assert_string_equal(r.created[p1], "2024-03-01T10:00:00.000Z");
    assert_null(r.user[p1]);                    /* --user names the account */
    assert_null(r.bad[p1]);
    assert_int_equal(r.rt[p1], 0);
    assert_int_equal(r.reply[p1], REPLY_NONE);
    assert_int_equal(r.reply[p2], REPLY_SELF);
    assert_int_equal(r.reply[p3], REPLY_OTHER);
    assert_string_equal(r.text[p3], "Café au lait? Agreed 😀");
    assert_int_equal(r.rt[rp], 1);
    assert_null(r.text[rp]);
    rows_free(&r);
    free(data);
}

/* Without --user, the rows name the account by the commit's DID. */
static void test_repo_needs_user(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture(FIXTURES "repo.car", &len);
    Rows r;
    ImportError e;
    assert_int_equal(run(data, len, 0, &r, &e), 0);
    int posts = 0;
    for (int i = 0; i < r.n; i++) {
        if (r.rt[i]) continue;   /* a repost, skipped whoever it names */
        assert_non_null(r.user[i]);
        assert_string_equal(r.user[i], "did:plc:testuser1");
        posts++;
    }
    assert_int_equal(posts, 3);
    rows_free(&r);
    free(data);
}

/* Every prefix of the fixture fails with a message and passes no row on. */
static void test_every_truncation(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture(FIXTURES "repo.car", &len);
    for (size_t n = 0; n < len; n++) {
        Rows r;
        ImportError e;
        char *copy = xmalloc(n + 1);            /* exactly n bytes readable, for the sanitizers */
        memcpy(copy, data, n);
        assert_int_equal(run(copy, n, 1, &r, &e), -1);
        assert_int_equal(r.n, 0);
        assert_true(e.msg[0] != '\0');
        /* cut at a block boundary, the file is whole but lacks the commit (its last block) */
        if (n > 100 && !strstr(e.msg, "truncated at byte") && !strstr(e.msg, "root commit is not in the file"))
            fail_msg("cut at %zu: '%s'", n, e.msg);
        free(copy);
    }
    free(data);
}

static void test_fixture_errors(void **state)
{
    (void)state;
    const char *names[] = {"truncated.car", "bigblock.car", "garbage.car"};
    const char *msgs[] = {"truncated at byte 2543", "over the 2 MiB bound", "not a Bluesky repository export"};
    for (int i = 0; i < 3; i++) {
        char path[128];
        snprintf(path, sizeof path, FIXTURES "%s", names[i]);
        size_t len;
        char *data = fixture(path, &len);
        Rows r;
        ImportError e;
        assert_int_equal(run(data, len, 1, &r, &e), -1);
        assert_int_equal(r.n, 0);
        if (!strstr(e.msg, msgs[i])) fail_msg("%s: got '%s'", names[i], e.msg);
        free(data);
    }
}

/* --- CARs built here --- */

static void put_varint(Buf *b, uint64_t v)
{
    do {
        buf_putc(b, (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
        v >>= 7;
    } while (v);
}

/* A fake CIDv1 (dag-cbor, sha2-256) whose digest is 32 bytes of fill. */
static void fake_cid(uint8_t cid[CIDLEN], uint8_t fill)
{
    cid[0] = 1, cid[1] = 0x71, cid[2] = 0x12, cid[3] = 0x20;
    memset(cid + 4, fill, 32);
}

static cbor_item_t *link_to(const uint8_t cid[CIDLEN])
{
    uint8_t b[CIDLEN + 1] = {0};
    memcpy(b + 1, cid, CIDLEN);
    return cbor_build_tag(42, cbor_move(cbor_build_bytestring(b, sizeof b)));
}

static void map_put(cbor_item_t *m, const char *k, cbor_item_t *v)
{
    assert_true(cbor_map_add(m, (struct cbor_pair){cbor_move(cbor_build_string(k)), cbor_move(v)}));
}

/* Append a block (CID, then item serialized, or raw bytes when item is NULL); frees item. */
static void put_block(Buf *b, const uint8_t cid[CIDLEN], cbor_item_t *item, const char *raw, size_t rawlen)
{
    unsigned char *ser = NULL;
    size_t cap = 0, n = item ? cbor_serialize_alloc(item, &ser, &cap) : rawlen;
    put_varint(b, CIDLEN + n);
    buf_add(b, cid, CIDLEN);
    buf_add(b, item ? (const char *)ser : raw, n);
    free(ser);
    if (item) cbor_decref(&item);
}

static void put_header(Buf *b, const uint8_t root[CIDLEN])
{
    cbor_item_t *h = cbor_new_definite_map(2), *roots = cbor_new_definite_array(1);
    assert_true(cbor_array_push(roots, cbor_move(link_to(root))));
    map_put(h, "version", cbor_build_uint8(1));
    map_put(h, "roots", roots);
    unsigned char *ser = NULL;
    size_t cap = 0, n = cbor_serialize_alloc(h, &ser, &cap);
    put_varint(b, n);
    buf_add(b, ser, n);
    free(ser);
    cbor_decref(&h);
}

static cbor_item_t *commit_of(const char *did, const uint8_t data[CIDLEN])
{
    cbor_item_t *c = cbor_new_definite_map(2);
    map_put(c, "did", cbor_build_string(did));
    map_put(c, "data", link_to(data));
    return c;
}

/* An MST node {l, e: [{p: 0, k, v, t: null}]} with one entry key -> val (no entry when key is NULL). */
static cbor_item_t *node_of(const uint8_t *left, const char *key, const uint8_t *val)
{
    cbor_item_t *nd = cbor_new_definite_map(2), *e = cbor_new_definite_array(1);
    map_put(nd, "l", left ? link_to(left) : cbor_new_null());
    if (key) {
        cbor_item_t *en = cbor_new_definite_map(4);
        map_put(en, "p", cbor_build_uint8(0));
        map_put(en, "k", cbor_build_bytestring((cbor_data)key, strlen(key)));
        map_put(en, "v", link_to(val));
        map_put(en, "t", cbor_new_null());
        assert_true(cbor_array_push(e, cbor_move(en)));
    }
    map_put(nd, "e", e);
    return nd;
}

static cbor_item_t *post_of(const char *text)
{
    cbor_item_t *p = cbor_new_definite_map(3);
    map_put(p, "$type", cbor_build_string("app.bsky.feed.post"));
    map_put(p, "text", cbor_build_string(text));
    map_put(p, "createdAt", cbor_build_string("2024-05-06T07:08:09Z"));
    return p;
}

/* A CAR: commit C (did) -> MST node N, whose l is N itself (a cycle), one post P. */
static void build_cycle(Buf *b, const char *did)
{
    uint8_t c[CIDLEN], n[CIDLEN], p[CIDLEN];
    fake_cid(c, 0xcc), fake_cid(n, 0xdd), fake_cid(p, 0xee);
    put_header(b, c);
    put_block(b, c, commit_of(did, n), NULL, 0);
    put_block(b, n, node_of(n, "app.bsky.feed.post/3kself", p), NULL, 0);
    put_block(b, p, post_of("round and round"), NULL, 0);
}

static void test_cycle_and_did_user(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b);
    build_cycle(&b, "tester.example");     /* a DID that happens to be a handle names the rows */
    Rows r;
    ImportError e;
    assert_int_equal(run(b.data, b.len, 0, &r, &e), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.id[0], "3kself");
    assert_string_equal(r.user[0], "tester.example");
    assert_string_equal(r.text[0], "round and round");
    assert_int_equal(r.line[0], 3);             /* the post is the file's third block */
    rows_free(&r);
    assert_int_equal(run(b.data, b.len, 1, &r, &e), 0);
    assert_null(r.user[0]);
    rows_free(&r);
    buf_free(&b);
}

static void test_missing_and_bad_records(void **state)
{
    (void)state;
    uint8_t c[CIDLEN], n[CIDLEN], p[CIDLEN];
    fake_cid(c, 1), fake_cid(n, 2), fake_cid(p, 3);
    Buf b;
    buf_init(&b);
    put_header(&b, c);
    put_block(&b, c, commit_of("did:plc:x", n), NULL, 0);
    put_block(&b, n, node_of(NULL, "app.bsky.feed.post/3kmissing", p), NULL, 0);
    Rows r;
    ImportError e;
    assert_int_equal(run(b.data, b.len, 1, &r, &e), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.bad[0], "a post record missing from the file");
    rows_free(&r);
    /* Now the record is there but holds 100 nested arrays: refused as a bad row, no crash. */
    char deep[101];
    memset(deep, 0x81, 100);
    deep[100] = 0x01;
    put_block(&b, p, NULL, deep, sizeof deep);
    assert_int_equal(run(b.data, b.len, 1, &r, &e), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.bad[0], "a post record that is not valid CBOR");
    rows_free(&r);
    buf_free(&b);
}

static void test_bounds(void **state)
{
    (void)state;
    Rows r;
    ImportError e;
    /* a header length of 65537 */
    const char big_header[] = "\x81\x80\x04\xa2";
    assert_int_equal(run(big_header, 4, 1, &r, &e), -1);
    assert_non_null(strstr(e.msg, "header length is over 64 KiB"));
    /* a block length varint longer than 64 bits */
    uint8_t c[CIDLEN];
    fake_cid(c, 9);
    Buf b;
    buf_init(&b);
    put_header(&b, c);
    buf_add(&b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
    assert_int_equal(run(b.data, b.len, 1, &r, &e), -1);
    assert_non_null(strstr(e.msg, "over 64 bits"));
    buf_free(&b);
    /* the root commit missing, a block without a valid CID */
    buf_init(&b);
    put_header(&b, c);
    assert_int_equal(run(b.data, b.len, 1, &r, &e), -1);
    assert_non_null(strstr(e.msg, "root commit is not in the file"));
    buf_add(&b, "\x03\x02\x71\x12", 4);
    assert_int_equal(run(b.data, b.len, 1, &r, &e), -1);
    assert_non_null(strstr(e.msg, "no valid CID"));
    buf_free(&b);
}

static void test_detect(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture(FIXTURES "repo.car", &len);
    assert_int_equal(import_detect("export", data, len), FMT_CAR);
    assert_int_equal(import_detect("x.car", "not a car\n", 10), FMT_CAR);
    assert_int_equal(import_detect("x.csv", "id,text\n1,hi\n", 13), FMT_CSV);
    assert_int_equal(import_detect("x", "{\"version\":1,\"roots\":[]}\n", 25), FMT_JSONL);
    assert_string_equal(import_format_name(FMT_CAR), "car");
    assert_null(import_file_user(FMT_CAR, "repo.car"));
    Rows r;
    ImportError e;
    assert_int_equal(import_parse(FMT_CAR, data, len, &(ImportSink){collect, &r, 1}, &e), 0);
    rows_free(&r);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repo_posts),
        cmocka_unit_test(test_repo_needs_user),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_fixture_errors),
        cmocka_unit_test(test_cycle_and_did_user),
        cmocka_unit_test(test_missing_and_bad_records),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_detect),
    };
    return cmocka_run_group_tests_name("car", tests, NULL, NULL);
}

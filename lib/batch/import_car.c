/* import_car.c - importer for a Bluesky repository export (CAR v1 of DAG-CBOR blocks, decoded with
 * libcbor): the commit's MST is walked to learn each record's key; app.bsky.feed.post records
 * become rows, reposts are passed on as reposts, everything else is ignored. */
#include "import_util.h"
#include "handle.h"
#include "util.h"

#include <cbor.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    CAR_HEADER_MAX = 64 * 1024,
    CAR_BLOCK_MAX = 2 * 1024 * 1024,
    CAR_BLOCKS_MAX = 1000000,
    CBOR_DEPTH_MAX = 64,
    MST_KEY_MAX = 1024,
    CID_MAX = 160,
};

/* One block of the file: its CID and its bytes (both inside the file's data). */
typedef struct {
    const uint8_t *cid, *body;
    size_t cidlen, bodylen;
    long ord;             /* 1-based number of the block in the file (the row's "line") */
    int seen;             /* already walked as an MST node */
} Block;

/* The file being read. */
typedef struct {
    const uint8_t *data;
    size_t len;
    Block *blocks;        /* sorted by CID once all are read */
    size_t n;
    const ImportSink *sink;
    ImportError *err;
    char *did;            /* the commit's DID */
} Car;

/* Read an unsigned LEB128 varint at data[*pos..len), at most 64 bits. 0 and *pos moved past it,
 * -1 when it runs past the end, -2 when it is longer than 64 bits. */
static int varint(const uint8_t *data, size_t len, size_t *pos, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*pos >= len) return -1;
        uint8_t b = data[(*pos)++];
        if (shift == 63 && b > 1) return -2;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return -2;
}

/* What the streaming decoder saw last: a container's child count, or a leaf. */
typedef struct {
    int kind;             /* 0 leaf, 1 container, 2 indefinite (refused) */
    uint64_t n;           /* children of a container (a map's pairs count twice) */
} Seen;

static void on_array(void *c, size_t n) { ((Seen *)c)->kind = 1, ((Seen *)c)->n = n; }
static void on_map(void *c, size_t n) { ((Seen *)c)->kind = 1, ((Seen *)c)->n = 2 * (uint64_t)n; }
static void on_tag(void *c, uint64_t t) { (void)t; ((Seen *)c)->kind = 1, ((Seen *)c)->n = 1; }
static void on_indef(void *c) { ((Seen *)c)->kind = 2; }

/* Check that data[0..len) starts with one well-formed, definite-length CBOR item nested at most
 * CBOR_DEPTH_MAX deep whose counts fit in the bytes (so that cbor_load allocates no more than
 * the input warrants). Returns 0, or -1. */
static int cbor_check(const uint8_t *data, size_t len)
{
    struct cbor_callbacks cb = cbor_empty_callbacks;
    cb.array_start = on_array;
    cb.map_start = on_map;
    cb.tag = on_tag;
    cb.indef_array_start = cb.indef_map_start = cb.byte_string_start = cb.string_start = on_indef;
    uint64_t left[CBOR_DEPTH_MAX];
    int depth = 0;
    size_t pos = 0;
    do {
        Seen s = {0, 0};
        struct cbor_decoder_result r = cbor_stream_decode(data + pos, len - pos, &cb, &s);
        if (r.status != CBOR_DECODER_FINISHED || s.kind == 2) return -1;
        pos += r.read;
        if (depth > 0) left[depth - 1]--;
        if (s.kind == 1 && s.n > 0) {
            if (depth == CBOR_DEPTH_MAX || s.n > len - pos) return -1;
            left[depth++] = s.n;
        }
        while (depth > 0 && left[depth - 1] == 0) depth--;
    } while (depth > 0);
    return 0;
}

/* Decode the CBOR item at data[0..len) (checked first). NULL when it is not well formed. */
static cbor_item_t *decode(const uint8_t *data, size_t len)
{
    if (cbor_check(data, len) != 0) return NULL;
    struct cbor_load_result res;
    return cbor_load(data, len, &res);
}

/* 1 when item is a definite text string equal to s. */
static int str_is(const cbor_item_t *item, const char *s)
{
    size_t n = strlen(s);
    return cbor_isa_string(item) && cbor_string_is_definite(item) && cbor_string_length(item) == n &&
           memcmp(cbor_string_handle(item), s, n) == 0;
}

/* The value of key in map m, or NULL (also when m is no map). */
static cbor_item_t *map_get(const cbor_item_t *m, const char *key)
{
    if (!m || !cbor_isa_map(m)) return NULL;
    struct cbor_pair *p = cbor_map_handle(m);
    for (size_t i = 0; i < cbor_map_size(m); i++)
        if (str_is(p[i].key, key)) return p[i].value;
    return NULL;
}

/* The text string at key of m as a new NUL-terminated string, or NULL. */
static char *map_str(const cbor_item_t *m, const char *key)
{
    cbor_item_t *v = map_get(m, key);
    if (!v || !cbor_isa_string(v) || !cbor_string_is_definite(v)) return NULL;
    return xstrndup((const char *)cbor_string_handle(v), cbor_string_length(v));
}

/* The CID a link (tag 42 around a byte string 0x00 CID) names: 0 with *cid, *n set, else -1. */
static int link(const cbor_item_t *v, const uint8_t **cid, size_t *n)
{
    if (!v || !cbor_isa_tag(v) || cbor_tag_value(v) != 42) return -1;
    cbor_item_t *in = cbor_tag_item(v), *ref = in;
    cbor_decref(&ref);            /* v still holds it */
    if (!cbor_isa_bytestring(in) || !cbor_bytestring_is_definite(in) || cbor_bytestring_length(in) < 2 ||
        cbor_bytestring_handle(in)[0] != 0)
        return -1;
    *cid = cbor_bytestring_handle(in) + 1;
    *n = cbor_bytestring_length(in) - 1;
    return 0;
}

/* Length of the CID at data[pos..len) (CIDv1, or a CIDv0 bare sha2-256 multihash), or 0. */
static size_t cid_len(const uint8_t *data, size_t len, size_t pos)
{
    size_t p = pos;
    uint64_t version, codec, code, n;
    if (len - pos >= 34 && data[pos] == 0x12 && data[pos + 1] == 0x20) return 34;
    if (varint(data, len, &p, &version) || version != 1 || varint(data, len, &p, &codec) ||
        varint(data, len, &p, &code) || varint(data, len, &p, &n) || n > 128 || n > len - p || p + n - pos > CID_MAX)
        return 0;
    return p + (size_t)n - pos;
}

static int block_cmp(const void *a, const void *b)
{
    const Block *x = a, *y = b;
    size_t n = x->cidlen < y->cidlen ? x->cidlen : y->cidlen;
    int c = memcmp(x->cid, y->cid, n);
    return c ? c : (x->cidlen > y->cidlen) - (x->cidlen < y->cidlen);
}

/* The block with this CID, or NULL. */
static Block *find(Car *c, const uint8_t *cid, size_t n)
{
    Block key = {.cid = cid, .cidlen = n};
    return c->n ? bsearch(&key, c->blocks, c->n, sizeof *c->blocks, block_cmp) : NULL;
}

static int not_car(Car *c)
{
    return import_fail(c->err, 0, "not a Bluesky repository export (CAR v1): no header {version: 1, roots: [CID]}");
}

/* Read the header at the start: 0 with *pos after it and the first root copied into
 * root[0..*rootlen), else -1. */
static int read_header(Car *c, size_t *pos, uint8_t root[CID_MAX], size_t *rootlen)
{
    uint64_t n;
    const uint8_t *cid;
    int rc = varint(c->data, c->len, pos, &n);
    if (rc == -2 || (rc == 0 && n > CAR_HEADER_MAX))
        return import_fail(c->err, 0, "not a CAR file: the header length is over %d KiB", CAR_HEADER_MAX / 1024);
    if (rc == 0 && *pos < c->len && (c->data[*pos] & 0xe0) != 0xa0) return not_car(c);
    if (rc != 0 || n > c->len - *pos) return import_fail(c->err, 0, "truncated at byte %zu (in the CAR header)", c->len);
    cbor_item_t *h = decode(c->data + *pos, (size_t)n);
    cbor_item_t *v = map_get(h, "version"), *roots = map_get(h, "roots");
    rc = (v && cbor_isa_uint(v) && cbor_get_int(v) == 1 && roots && cbor_isa_array(roots) &&
          cbor_array_size(roots) > 0 && link(cbor_array_handle(roots)[0], &cid, rootlen) == 0 &&
          *rootlen <= CID_MAX) ? 0 : -1;
    if (rc == 0) memcpy(root, cid, *rootlen);
    if (h) cbor_decref(&h);
    if (rc != 0) return not_car(c);
    *pos += (size_t)n;
    return 0;
}

/* Index every block after the header. 0, or -1 (bounds, truncation, a malformed CID). */
static int read_blocks(Car *c, size_t pos)
{
    size_t cap = 0;
    while (pos < c->len) {
        size_t start = pos;
        uint64_t n;
        int rc = varint(c->data, c->len, &pos, &n);
        if (rc == -2) return import_fail(c->err, 0, "malformed CAR: a block length at byte %zu is over 64 bits", start);
        if (rc == 0 && n > CAR_BLOCK_MAX)
            return import_fail(c->err, 0, "a block of %llu bytes at byte %zu is over the %d MiB bound",
                               (unsigned long long)n, start, CAR_BLOCK_MAX / (1024 * 1024));
        if (rc != 0 || n > c->len - pos)
            return import_fail(c->err, 0, "truncated at byte %zu (a block starting at byte %zu is cut short)", c->len, start);
        if (c->n == CAR_BLOCKS_MAX) return import_fail(c->err, 0, "more than %d blocks", CAR_BLOCKS_MAX);
        size_t cl = cid_len(c->data, pos + (size_t)n, pos);
        if (cl == 0) return import_fail(c->err, 0, "malformed CAR: a block at byte %zu has no valid CID", start);
        if (c->n == cap) c->blocks = xrealloc(c->blocks, sizeof *c->blocks * (cap = cap ? 2 * cap : 64));
        c->blocks[c->n] = (Block){c->data + pos, c->data + pos + cl, cl, (size_t)n - cl, (long)c->n + 1, 0};
        c->n++;
        pos += (size_t)n;
    }
    if (c->n) qsort(c->blocks, c->n, sizeof *c->blocks, block_cmp);
    return 0;
}

/* The reply a post record states: REPLY_SELF when its parent is a record of the repo's DID. */
static int reply_of(const Car *c, const cbor_item_t *rec)
{
    cbor_item_t *reply = map_get(rec, "reply");
    if (!reply || cbor_is_null(reply)) return REPLY_NONE;
    char *uri = map_str(map_get(reply, "parent"), "uri");
    size_t n = c->did ? strlen(c->did) : 0;
    int self = uri && n && strncmp(uri, "at://", 5) == 0 && strncmp(uri + 5, c->did, n) == 0 &&
               (uri[5 + n] == '/' || uri[5 + n] == '\0');
    free(uri);
    return self ? REPLY_SELF : REPLY_OTHER;
}

/* Pass on the post record b, whose record key is rkey. Returns the callback's result. */
static int emit_post(Car *c, const Block *b, const char *rkey)
{
    ImportRow r = {.line = b->ord, .id = rkey, .user = c->sink->have_user ? NULL : c->did};
    cbor_item_t *rec = decode(b->body, b->bodylen);
    char *type = map_str(rec, "$type"), *text = map_str(rec, "text"), *created = map_str(rec, "createdAt");
    if (!rec) r.bad = "a post record that is not valid CBOR";
    else if (!type || strcmp(type, "app.bsky.feed.post") != 0) r.bad = "a post record of another $type";
    r.text = text;
    r.text_len = text ? strlen(text) : 0;
    r.created = created;
    r.reply = rec ? reply_of(c, rec) : REPLY_NONE;
    int rc = c->sink->row(c->sink->ctx, &r);
    free(type);
    free(text);
    free(created);
    if (rec) cbor_decref(&rec);
    return rc;
}

/* The record at key (collection/rkey) with CID cid: a post or a repost is passed on. */
static int record(Car *c, const char *key, const uint8_t *cid, size_t n, long ord)
{
    const char *slash = strchr(key, '/');
    if (!slash) return 0;
    size_t coll = (size_t)(slash - key);
    int post = coll == 18 && memcmp(key, "app.bsky.feed.post", 18) == 0;
    int repost = coll == 20 && memcmp(key, "app.bsky.feed.repost", 20) == 0;
    if (!post && !repost) return 0;
    Block *b = find(c, cid, n);
    if (repost || !b) {
        ImportRow r = {.line = b ? b->ord : ord, .id = slash + 1, .is_retweet = repost,
                       .bad = b ? NULL : "a post record missing from the file"};
        return c->sink->row(c->sink->ctx, &r);
    }
    return emit_post(c, b, slash + 1);
}

/* A growable stack of MST nodes still to walk. */
typedef struct {
    Block **v;
    size_t n, cap;
} Stack;

/* Push the node a link names, unless it is null, missing or already walked. */
static void push_link(Car *c, Stack *s, const cbor_item_t *v)
{
    const uint8_t *cid;
    size_t n;
    Block *b;
    if (!v || link(v, &cid, &n) != 0 || !(b = find(c, cid, n)) || b->seen) return;
    b->seen = 1;
    if (s->n == s->cap) s->v = xrealloc(s->v, sizeof *s->v * (s->cap = s->cap ? 2 * s->cap : 32));
    s->v[s->n++] = b;
}

/* One MST entry {p, k, v, t}: its key built from the node's previous key in key[0..*klen). */
static int entry(Car *c, Stack *s, const cbor_item_t *e, char *key, size_t *klen, long ord)
{
    cbor_item_t *p = map_get(e, "p"), *k = map_get(e, "k");
    const uint8_t *cid;
    size_t n;
    if (!p || !cbor_isa_uint(p) || cbor_get_int(p) > *klen || !k || !cbor_isa_bytestring(k) ||
        !cbor_bytestring_is_definite(k) || cbor_get_int(p) + cbor_bytestring_length(k) > MST_KEY_MAX ||
        link(map_get(e, "v"), &cid, &n) != 0)
        return import_fail(c->err, ord, "malformed MST entry");
    size_t pre = (size_t)cbor_get_int(p), kl = cbor_bytestring_length(k);
    if (kl) memcpy(key + pre, cbor_bytestring_handle(k), kl);
    *klen = pre + kl;
    key[*klen] = '\0';
    push_link(c, s, map_get(e, "t"));
    if (memchr(key, '\0', *klen)) return 0;
    return record(c, key, cid, n, ord) != 0 ? -1 : 0;
}

/* Walk the MST node b: its records passed on, its subtrees pushed. */
static int node(Car *c, Stack *s, const Block *b)
{
    cbor_item_t *nd = decode(b->body, b->bodylen), *e = map_get(nd, "e");
    int rc = (e && cbor_isa_array(e)) ? 0 : import_fail(c->err, b->ord, "malformed MST node");
    if (rc == 0) push_link(c, s, map_get(nd, "l"));
    char key[MST_KEY_MAX + 1];
    size_t klen = 0;
    for (size_t i = 0; rc == 0 && i < cbor_array_size(e); i++)
        rc = entry(c, s, cbor_array_handle(e)[i], key, &klen, b->ord);
    if (nd) cbor_decref(&nd);
    return rc;
}

/* Read the commit (the root) for the DID and the MST root, then walk the tree. */
static int walk(Car *c, const uint8_t *root, size_t rootlen)
{
    Block *b = find(c, root, rootlen);
    if (!b) return import_fail(c->err, 0, "the root commit is not in the file");
    cbor_item_t *commit = decode(b->body, b->bodylen);
    c->did = map_str(commit, "did");
    Stack s = {0};
    push_link(c, &s, map_get(commit, "data"));
    if (commit) cbor_decref(&commit);
    int rc = 0;
    if (!c->did || s.n == 0) rc = import_fail(c->err, b->ord, "the root is not a repository commit {did, data, ...}");
    else if (!c->sink->have_user && !handle_valid(c->did))
        rc = import_fail(c->err, 0, "the repository names its account by its DID '%s', which is no user name: "
                         "give --user HANDLE", c->did);
    while (rc == 0 && s.n > 0) rc = node(c, &s, s.v[--s.n]);
    free(s.v);
    return rc;
}

int import_car(const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    Car c = {.data = (const uint8_t *)data, .len = len, .sink = s, .err = err};
    size_t pos = 0;
    uint8_t root[CID_MAX];
    size_t rootlen = 0;
    int rc = read_header(&c, &pos, root, &rootlen);
    if (rc == 0) rc = read_blocks(&c, pos);
    if (rc == 0) rc = walk(&c, root, rootlen);
    free(c.blocks);
    free(c.did);
    return rc;
}

/* shared_model.c - the shared model file: written atomically, used in place through mmap.
 *
 * File layout (little-endian; offsets in bytes):
 *   header, 128 bytes:
 *     0 "TWITOFFS"  8 u32 format (2)  12 u32 feature_version  16 u32 feature_bits  20 u32 accounts K
 *     24 i64 trained_at  32 u64 fingerprint  40 f64 top1 (equal prior)  48 f64 top1 (posts prior)
 *     56 f64 mean pairwise (equal)  64 f64 mean pairwise (posts)  72 u64 file size
 *     80 u32 table offset (128)  84 u32 names offset  88 u32 names length  92 u32 rows offset
 *     96 u32 rows  100 u32 crc32 of the table and the names  104 u32 directory offset
 *     108 u32 directory entries  112 u32 pair-accuracy offset (0: none)  116 u32 its length
 *     120 zero  124 u32 crc32 of 0..124
 *   account table: K entries of 40 bytes, sorted by name (byte-wise):
 *     0 u32 name offset (in names)  4 u32 name length  8 u32 first row  12 u32 rows  16 u32 posts
 *     20 u32 sum of its directory  24 f32 scale  28 u32 directory bits D  32 f64 bias (training
 *     proportions)
 *   names: each name followed by a NUL
 *   rows: per account, (u32 bucket index, i16 weight) entries of 6 bytes, indices ascending;
 *     weight = q * scale
 *   directory: per account (in table order) 2^D entries of 8 bytes, one per range of
 *     2^(feature_bits - D) buckets: u32 the account's first row in that range (relative to its
 *     first row), u32 sum of the range's rows
 *   pair accuracies (optional; a file without them is read the same): per account a (in table
 *     order) a block of a u32 sum of the rest of the block, then for every account b a u16 the
 *     held-out accuracy of the pair (a, b) with the equal prior and a u16 with the posts prior,
 *     each accuracy * 60000 (0xFFFF: unknown; b == a unused); the pages read one block per answer
 * D is chosen per account so that a range holds about RANGE_ROWS rows. Opening checks the header
 * and the tables (a few KB). Answering one text reads only the ranges of its buckets, a few KB per
 * account instead of every row, and checks each the first time it is read: its offsets inside the
 * account's rows and its sum, which a damaged row, offset or stored sum fails. Reading an account
 * whole (a pair's full view, a copy) also checks its directory's sum and that its indices ascend
 * inside their ranges. The sums are sum32 (below), a fast 32-bit hash rather than zlib's CRC-32,
 * because ranges are checked while answering: with crc32 in its place a plain-CGI POST /predict
 * answered by the shared model on the demo data executed 2,410,242 instructions against
 * 1,971,508 (callgrind, the same answer, when every answer also checked the directories). */
#include "shared_model.h"
#include "config.h"
#include "files.h"
#include "handle.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAGIC "TWITOFFS"
#define FORMAT 2
#define HEADER 128
#define ENTRY 40
#define ROW 6
#define DIR_ENTRY 8
#define DIR_BITS_MAX 12   /* 4096 ranges of 256 buckets at most */
#define RANGE_ROWS 16     /* rows per range aimed at */
#define MAX_SCALE 1e20f   /* a scale or intercept past these is a damaged file (a real scale is the
                             largest weight / 32767): scores stay finite whatever the rows hold */
#define MAX_BIAS 1e20
#define ACC_SCALE 60000.0 /* a pair accuracy's u16 is accuracy * ACC_SCALE */
#define ACC_UNKNOWN 0xFFFF

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* What is known of one account's directory and ranges. */
typedef struct {
    uint32_t dir;              /* its first directory entry */
    unsigned bits;             /* D: 2^D ranges */
    int state;                 /* 0 not used yet, 1 in use (ok allocated), 2 a check failed */
    int whole;                 /* 1: the directory's sum and every row's index checked (ascending,
                                  inside its range) */
    uint64_t *ok;              /* one bit per range whose sum matched (allocated with state 1) */
} AccountCheck;

struct SharedModel {
    unsigned char *map;        /* the mapped file (or the caller's bytes) */
    size_t len;                /* its size */
    int mapped;                /* 1: map is ours to munmap */
    int n;                     /* accounts */
    int prior;                 /* SHARED_PRIOR_* */
    const unsigned char *table, *names, *rows;
    const unsigned char *dirs; /* the directory */
    uint32_t nrows;            /* rows in all */
    uint32_t ndirs;            /* directory entries in all */
    double *bias;              /* intercept of each account under the prior */
    AccountCheck *check;       /* per account */
    const unsigned char *pacc; /* the pair accuracies' blocks, or NULL */
    SharedAccuracy acc;
    int64_t trained_at;
    uint64_t fingerprint;
};

/* ---- little-endian access ---- */

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static double rdf64(const unsigned char *p)
{
    uint64_t v = rd64(p);
    double d;
    memcpy(&d, &v, 8);
    return d;
}

static float rdf32(const unsigned char *p)
{
    uint32_t v = rd32(p);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

static void wr16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static void wr64(unsigned char *p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

static void wrf64(unsigned char *p, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    wr64(p, v);
}

static void wrf32(unsigned char *p, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    wr32(p, v);
}

static uint32_t crc(const unsigned char *p, size_t n) { return (uint32_t)crc32(0, p, (uInt)n); }

uint32_t shared_model_sum32(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n >= 8; p += 8, n -= 8) {
        h = (h ^ rd64(p)) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++) t |= (uint64_t)p[i] << (8 * i);
    h = (h ^ t) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    h *= 0xFF51AFD7ED558CCDull;
    return (uint32_t)(h ^ h >> 32);
}

/* ---- writing ---- */

void shared_build_free(SharedBuild *b)
{
    for (int i = 0; i < b->n; i++) {
        free(b->acc[i].name);
        free(b->acc[i].index);
        free(b->acc[i].weight);
    }
    free(b->acc);
    memset(b, 0, sizeof *b);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(((const SharedAccount *)x)->name, ((const SharedAccount *)y)->name);
}

/* D for an account of n rows: about RANGE_ROWS rows a range. */
static unsigned dir_bits(uint32_t n)
{
    unsigned d = 0;
    while (d < DIR_BITS_MAX && ((uint64_t)RANGE_ROWS << d) < n) d++;
    return d;
}

/* The range of bucket idx (1..FEATURE_DIM) among 2^d. */
static uint32_t range_of(uint32_t idx, unsigned d) { return (idx - 1) >> (FEATURE_BITS - d); }

static int check_build(SharedBuild *b, size_t *names, size_t *rows, size_t *dirs, char *err, size_t errlen)
{
    if (b->n < 1) return err_set(err, errlen, "a shared model needs accounts");
    qsort(b->acc, (size_t)b->n, sizeof *b->acc, by_name);
    *names = *rows = *dirs = 0;
    for (int i = 0; i < b->n; i++) {
        size_t l = strlen(b->acc[i].name);
        if (l == 0 || l > HANDLE_MAX) return err_set(err, errlen, "bad account name in the shared model");
        if (i > 0 && strcmp(b->acc[i - 1].name, b->acc[i].name) == 0)
            return err_set(err, errlen, "account %s twice in the shared model", b->acc[i].name);
        *names += l + 1;
        *rows += b->acc[i].n;
        *dirs += (size_t)1 << dir_bits(b->acc[i].n);
    }
    if ((uint64_t)*rows * ROW + (uint64_t)*dirs * DIR_ENTRY + *names + (uint64_t)b->n * ENTRY >= UINT32_MAX - HEADER)
        return err_set(err, errlen, "shared model too large");
    return 0;
}

/* One account's rows and directory (dir: 2^dir_bits(n) entries). */
static void put_rows(unsigned char *r, unsigned char *dir, const SharedAccount *a, float scale)
{
    for (uint32_t i = 0; i < a->n; i++) {
        long q = lrintf(a->weight[i] / scale);
        q = q > 32767 ? 32767 : q < -32767 ? -32767 : q;
        wr32(r + (size_t)i * ROW, a->index[i]);
        wr16(r + (size_t)i * ROW + 4, (uint16_t)(int16_t)q);
    }
    unsigned d = dir_bits(a->n);
    uint32_t k = 0;
    for (uint32_t j = 0; j < 1u << d; j++) {
        uint32_t start = k;
        while (k < a->n && range_of(a->index[k], d) == j) k++;
        wr32(dir + (size_t)j * DIR_ENTRY, start);
        wr32(dir + (size_t)j * DIR_ENTRY + 4, shared_model_sum32(r + (size_t)start * ROW, (size_t)(k - start) * ROW));
    }
}

/* One account's table entry, rows and directory. */
static void put_account(unsigned char *e, unsigned char *rows, unsigned char *dir, const SharedAccount *a,
                        uint32_t name_off, uint32_t first)
{
    float maxw = 0;
    for (uint32_t i = 0; i < a->n; i++) maxw = fmaxf(maxw, fabsf(a->weight[i]));
    float scale = maxw > 0 ? maxw / 32767.0f : 1.0f;
    put_rows(rows + (size_t)first * ROW, dir, a, scale);
    unsigned d = dir_bits(a->n);
    wr32(e, name_off);
    wr32(e + 4, (uint32_t)strlen(a->name));
    wr32(e + 8, first);
    wr32(e + 12, a->n);
    wr32(e + 16, a->posts);
    wr32(e + 20, shared_model_sum32(dir, ((size_t)1 << d) * DIR_ENTRY));
    wrf32(e + 24, scale);
    wr32(e + 28, d);
    wrf64(e + 32, a->bias);
}

/* Offsets of the sections of a file being written. */
typedef struct {
    size_t names_off, names_len, rows_off, rows, dirs_off, dirs, pacc_off, pacc_len, size;
} Layout;

/* Bytes of the pair accuracies of n accounts. */
static size_t pacc_bytes(size_t n) { return n * (4 + 4 * n); }

static int by_name_at(const void *x, const void *y, void *acc)
{
    const SharedAccount *a = acc;
    return strcmp(a[*(const int *)x].name, a[*(const int *)y].name);
}

/* Where each account will be once saving sorts them by name: order[k] is the index in acc of the
 * k-th name. */
static int *name_order(const SharedBuild *b)
{
    int *order = xmalloc(sizeof *order * ((size_t)b->n + 1));
    for (int i = 0; i < b->n; i++) order[i] = i;
    qsort_r(order, (size_t)b->n, sizeof *order, by_name_at, b->acc);
    return order;
}

static uint16_t acc_q(double v)
{
    return v >= 0 && v <= 1 ? (uint16_t)lrint(v * ACC_SCALE) : ACC_UNKNOWN;
}

/* The pair accuracies of b (order from name_order) at p: a block per account. */
static void put_pair_acc(unsigned char *p, const SharedBuild *b, const int *order)
{
    size_t n = (size_t)b->n;
    for (size_t a = 0; a < n; a++) {
        unsigned char *blk = p + a * (4 + 4 * n);
        for (size_t c = 0; c < n; c++) {
            size_t x = (size_t)order[a], y = (size_t)order[c], lo = x < y ? x : y, hi = x < y ? y : x;
            for (int k = 0; k < 2; k++)
                wr16(blk + 4 + 4 * c + 2 * (size_t)k, x == y ? ACC_UNKNOWN : acc_q(b->pair_acc[k][lo * n + hi]));
        }
        wr32(blk, shared_model_sum32(blk + 4, 4 * n));
    }
}

static void put_header(unsigned char *h, const SharedBuild *b, const Layout *l)
{
    memcpy(h, MAGIC, 8);
    wr32(h + 8, FORMAT);
    wr32(h + 12, FEATURE_VERSION);
    wr32(h + 16, FEATURE_BITS);
    wr32(h + 20, (uint32_t)b->n);
    wr64(h + 24, (uint64_t)b->trained_at);
    wr64(h + 32, b->fingerprint);
    wrf64(h + 40, b->accuracy.top1[0]);
    wrf64(h + 48, b->accuracy.top1[1]);
    wrf64(h + 56, b->accuracy.pair[0]);
    wrf64(h + 64, b->accuracy.pair[1]);
    wr64(h + 72, l->size);
    wr32(h + 80, HEADER);
    wr32(h + 84, (uint32_t)l->names_off);
    wr32(h + 88, (uint32_t)l->names_len);
    wr32(h + 92, (uint32_t)l->rows_off);
    wr32(h + 96, (uint32_t)l->rows);
    wr32(h + 100, crc(h + HEADER, l->rows_off - HEADER));
    wr32(h + 104, (uint32_t)l->dirs_off);
    wr32(h + 108, (uint32_t)l->dirs);
    wr32(h + 112, (uint32_t)l->pacc_off);
    wr32(h + 116, (uint32_t)l->pacc_len);
    wr32(h + 124, crc(h, 124));
}

int shared_model_save(SharedBuild *b, const char *path, char *err, size_t errlen)
{
    Layout l = {0};
    int *order = b->pair_acc[0] && b->pair_acc[1] && b->n > 0 ? name_order(b) : NULL;
    if (check_build(b, &l.names_len, &l.rows, &l.dirs, err, errlen) != 0) {
        free(order);
        return -1;
    }
    if (order && (uint64_t)(HEADER + (size_t)b->n * ENTRY + l.names_len + l.rows * ROW + l.dirs * DIR_ENTRY) +
                     pacc_bytes((size_t)b->n) >= UINT32_MAX) {
        free(order);
        return err_set(err, errlen, "shared model too large");
    }
    l.names_off = HEADER + (size_t)b->n * ENTRY;
    l.rows_off = l.names_off + l.names_len;
    l.dirs_off = l.rows_off + l.rows * ROW;
    l.size = l.dirs_off + l.dirs * DIR_ENTRY;
    if (order) {
        l.pacc_off = l.size;
        l.pacc_len = pacc_bytes((size_t)b->n);
        l.size += l.pacc_len;
    }
    unsigned char *f = xcalloc(l.size, 1);
    if (order) put_pair_acc(f + l.pacc_off, b, order);
    free(order);
    uint32_t name_off = 0, first = 0;
    size_t dir = 0;
    for (int i = 0; i < b->n; i++) {
        const SharedAccount *a = &b->acc[i];
        memcpy(f + l.names_off + name_off, a->name, strlen(a->name) + 1);
        put_account(f + HEADER + (size_t)i * ENTRY, f + l.rows_off, f + l.dirs_off + dir * DIR_ENTRY, a,
                    name_off, first);
        name_off += (uint32_t)strlen(a->name) + 1;
        first += a->n;
        dir += (size_t)1 << dir_bits(a->n);
    }
    put_header(f, b, &l);
    int rc = write_file_atomic(path, f, l.size, 0644);
    if (rc != 0) err_set(err, errlen, "cannot write %s: %s", path, strerror(errno));
    free(f);
    return rc;
}

/* ---- opening ---- */

static int check_header(const unsigned char *h, size_t len, char *err, size_t errlen)
{
    if (len < 8 || memcmp(h, MAGIC, 8) != 0)
        return err_set(err, errlen, len < 8 ? "truncated shared model file" : "not a twitoff shared model file");
    if (len < HEADER) return err_set(err, errlen, "truncated shared model file");
    if (rd32(h + 124) != crc(h, 124)) return err_set(err, errlen, "shared model header checksum mismatch");
    if (rd32(h + 8) != FORMAT)
        return err_set(err, errlen, "shared model format %u, this program reads %u", rd32(h + 8), FORMAT);
    if (rd32(h + 12) != FEATURE_VERSION || rd32(h + 16) != FEATURE_BITS)
        return err_set(err, errlen, "shared model has feature version %u/%u bits, this program uses %u/%u",
                       rd32(h + 12), rd32(h + 16), FEATURE_VERSION, FEATURE_BITS);
    if (rd64(h + 72) != len)
        return err_set(err, errlen, "shared model file is %zu bytes, its header says %llu (truncated?)", len,
                       (unsigned long long)rd64(h + 72));
    uint64_t n = rd32(h + 20), names_off = rd32(h + 84), names_len = rd32(h + 88);
    uint64_t rows_off = rd32(h + 92), rows = rd32(h + 96), dirs_off = rd32(h + 104), dirs = rd32(h + 108);
    uint64_t pacc_off = rd32(h + 112), pacc = rd32(h + 116), end = dirs_off + dirs * DIR_ENTRY;
    if (n < 1 || rd32(h + 80) != HEADER || names_off != HEADER + n * ENTRY || rows_off != names_off + names_len ||
        dirs_off != rows_off + rows * ROW || rd32(h + 120) != 0 ||
        (pacc_off ? pacc_off != end || pacc != pacc_bytes(n) || end + pacc != len : pacc != 0 || end != len))
        return err_set(err, errlen, "corrupt shared model header");
    if (rd32(h + 100) != crc(h + HEADER, rows_off - HEADER))
        return err_set(err, errlen, "shared model tables checksum mismatch");
    return 0;
}

/* Check account i's table entry (bounds, name, order, directory size) and place its directory. */
static int check_entry(SharedModel *sm, int i, uint32_t names_len, uint64_t *dir, char *err, size_t errlen)
{
    const unsigned char *e = sm->table + (size_t)i * ENTRY;
    uint64_t off = rd32(e), len = rd32(e + 4), first = rd32(e + 8), n = rd32(e + 12), d = rd32(e + 28);
    if (len == 0 || len > HANDLE_MAX || off + len >= names_len || sm->names[off + len] != '\0' ||
        memchr(sm->names + off, '\0', len) || first + n > sm->nrows || !(rdf32(e + 24) > 0 && rdf32(e + 24) < MAX_SCALE) ||
        !(fabs(rdf64(e + 32)) < MAX_BIAS) || d > DIR_BITS_MAX || *dir + ((uint64_t)1 << d) > sm->ndirs)
        return err_set(err, errlen, "corrupt shared model account table");
    if (i > 0 && strcmp(shared_model_name(sm, i - 1), shared_model_name(sm, i)) >= 0)
        return err_set(err, errlen, "corrupt shared model account table (names out of order)");
    sm->check[i].dir = (uint32_t)*dir;
    sm->check[i].bits = (unsigned)d;
    *dir += (uint64_t)1 << d;
    return 0;
}

/* The intercepts the prior asks for: the fitted ones (posts), or with the training proportions
 * taken out (equal: b_k - log(n_k / N)), so that every account starts equally likely. */
static void set_bias(SharedModel *sm)
{
    sm->prior = shared_prior_setting();
    double total = 0;
    for (int i = 0; i < sm->n; i++) total += shared_model_posts(sm, i) + 1.0;
    for (int i = 0; i < sm->n; i++) {
        double b = rdf64(sm->table + (size_t)i * ENTRY + 32);
        if (sm->prior == SHARED_PRIOR_EQUAL) b -= log((shared_model_posts(sm, i) + 1.0) / total);
        sm->bias[i] = b;
    }
}

static int map_file(const char *path, unsigned char **map, size_t *len, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return err_set(err, errlen, "cannot read %s: %s", path, strerror(errno));
    struct stat st;
    int rc = fstat(fd, &st);
    if (rc == 0 && st.st_size <= 0) {
        close(fd);
        return err_set(err, errlen, "truncated shared model file");
    }
    void *m = rc == 0 ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    int e = errno;
    close(fd);
    if (m == MAP_FAILED) return err_set(err, errlen, "cannot map %s: %s", path, strerror(e));
    *map = m;
    *len = (size_t)st.st_size;
    return 0;
}

static int open_mapped(SharedModel *sm, char *err, size_t errlen)
{
    const unsigned char *h = sm->map;
    if (check_header(h, sm->len, err, errlen) != 0) return -1;
    sm->n = (int)rd32(h + 20);
    sm->table = h + HEADER;
    sm->names = h + rd32(h + 84);
    sm->rows = h + rd32(h + 92);
    sm->nrows = rd32(h + 96);
    sm->dirs = h + rd32(h + 104);
    sm->ndirs = rd32(h + 108);
    sm->pacc = rd32(h + 112) ? h + rd32(h + 112) : NULL;
    sm->trained_at = (int64_t)rd64(h + 24);
    sm->fingerprint = rd64(h + 32);
    for (int k = 0; k < 2; k++) {
        sm->acc.top1[k] = rdf64(h + 40 + 8 * k);
        sm->acc.pair[k] = rdf64(h + 56 + 8 * k);
    }
    sm->check = xcalloc((size_t)sm->n, sizeof *sm->check);
    uint64_t dir = 0;
    for (int i = 0; i < sm->n; i++)
        if (check_entry(sm, i, rd32(h + 88), &dir, err, errlen) != 0) return -1;
    if (dir != sm->ndirs) return err_set(err, errlen, "corrupt shared model account table (directory size)");
    sm->bias = xmalloc(sizeof *sm->bias * (size_t)sm->n);
    set_bias(sm);
    return 0;
}

int shared_model_open(const char *path, SharedModel **out, char *err, size_t errlen)
{
    *out = NULL;
    SharedModel *sm = xcalloc(1, sizeof *sm);
    if (map_file(path, &sm->map, &sm->len, err, errlen) != 0) {
        free(sm);
        return -1;
    }
    sm->mapped = 1;
    if (open_mapped(sm, err, errlen) != 0) {
        shared_model_close(sm);
        return -1;
    }
    *out = sm;
    return 0;
}

int shared_model_open_mem(const void *data, size_t len, SharedModel **out, char *err, size_t errlen)
{
    *out = NULL;
    SharedModel *sm = xcalloc(1, sizeof *sm);
    sm->map = (unsigned char *)data;
    sm->len = len;
    if (open_mapped(sm, err, errlen) != 0) {
        shared_model_close(sm);
        return -1;
    }
    *out = sm;
    return 0;
}

void shared_model_close(SharedModel *sm)
{
    if (!sm) return;
    if (sm->mapped) munmap(sm->map, sm->len);
    for (int i = 0; sm->check && i < sm->n; i++) free(sm->check[i].ok);
    free(sm->bias);
    free(sm->check);
    free(sm);
}

/* ---- reading ---- */

int shared_model_count(const SharedModel *sm) { return sm->n; }

const char *shared_model_name(const SharedModel *sm, int i)
{
    return (const char *)sm->names + rd32(sm->table + (size_t)i * ENTRY);
}

uint32_t shared_model_posts(const SharedModel *sm, int i) { return rd32(sm->table + (size_t)i * ENTRY + 16); }

const SharedAccuracy *shared_model_accuracy(const SharedModel *sm) { return &sm->acc; }
int64_t shared_model_trained_at(const SharedModel *sm) { return sm->trained_at; }
uint64_t shared_model_fingerprint(const SharedModel *sm) { return sm->fingerprint; }
int shared_model_prior(const SharedModel *sm) { return sm->prior; }

double shared_model_pair_accuracy(const SharedModel *sm, int a, int b, int prior)
{
    if (!sm->pacc || a < 0 || b < 0 || a >= sm->n || b >= sm->n || a == b) return -1;
    size_t n = (size_t)sm->n;
    const unsigned char *blk = sm->pacc + (size_t)a * (4 + 4 * n);
    if (shared_model_sum32(blk + 4, 4 * n) != rd32(blk)) return -2;
    unsigned q = rd16(blk + 4 + 4 * (size_t)b + 2 * (size_t)prior);
    return q == ACC_UNKNOWN || q > ACC_SCALE ? -1 : q / ACC_SCALE;
}

int shared_answers_better(double shared_acc, double own_acc)
{
    return shared_acc >= 0 && own_acc >= 0 && shared_acc > own_acc;
}

int shared_prior_setting(void)
{
    const char *p = conf_get("prior");
    return p && strcasecmp(p, "posts") == 0 ? SHARED_PRIOR_POSTS : SHARED_PRIOR_EQUAL;
}

int shared_model_find(const SharedModel *sm, const char *name)
{
    int lo = 0, hi = sm->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2, c = strcmp(shared_model_name(sm, mid), name);
        if (c == 0) return mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    for (int i = 0; i < sm->n; i++)
        if (strcasecmp(shared_model_name(sm, i), name) == 0) return i;
    return -1;
}

/* Account i's rows: the first entry, the count and the scale. */
static const unsigned char *rows_of(const SharedModel *sm, int i, uint32_t *n, float *scale)
{
    const unsigned char *e = sm->table + (size_t)i * ENTRY;
    *n = rd32(e + 12);
    *scale = rdf32(e + 24);
    return sm->rows + (size_t)rd32(e + 8) * ROW;
}

static int16_t row_q(const unsigned char *r) { return (int16_t)rd16(r + 4); }

static int corrupt(SharedModel *sm, int i, char *err, size_t errlen)
{
    sm->check[i].state = 2;
    return err_set(err, errlen, "shared model weights of %s: checksum mismatch", shared_model_name(sm, i));
}

/* Account i's directory entry j. */
static const unsigned char *dir_entry(const SharedModel *sm, int i, uint32_t j)
{
    return sm->dirs + ((size_t)sm->check[i].dir + j) * DIR_ENTRY;
}

/* Make account i ready for reading (its bitmap of checked ranges), or say it failed a check. */
static int use_account(SharedModel *sm, int i, char *err, size_t errlen)
{
    AccountCheck *c = &sm->check[i];
    if (c->state == 1) return 0;
    if (c->state == 2) return corrupt(sm, i, err, errlen);
    c->ok = xcalloc(((1u << c->bits) + 63) / 64, sizeof *c->ok);
    c->state = 1;
    return 0;
}

/* Account i's rows of range j: *first and *end (relative), checked once: inside the account's
 * rows, and the range's sum (account i in use). The answering path needs no more: its look-ups
 * stay inside the range whatever the rows hold, and a damaged row, offset or sum fails the sum
 * (the directory's own sum is checked where the account is read whole). */
static int range_rows(SharedModel *sm, int i, uint32_t j, uint32_t *first, uint32_t *end, char *err,
                      size_t errlen)
{
    AccountCheck *c = &sm->check[i];
    uint32_t n;
    float scale;
    const unsigned char *r = rows_of(sm, i, &n, &scale);
    *first = rd32(dir_entry(sm, i, j));
    *end = j + 1 < 1u << c->bits ? rd32(dir_entry(sm, i, j + 1)) : n;
    if (c->ok[j / 64] >> (j % 64) & 1) return 0;
    if (*first > *end || *end > n ||
        shared_model_sum32(r + (size_t)*first * ROW, (size_t)(*end - *first) * ROW) != rd32(dir_entry(sm, i, j) + 4))
        return corrupt(sm, i, err, errlen);
    c->ok[j / 64] |= (uint64_t)1 << (j % 64);
    return 0;
}

/* Check every range of account i, and that its indices ascend inside their ranges: what reading
 * all its rows (merging them, copying them) needs. Done once. */
static int check_account(SharedModel *sm, int i, char *err, size_t errlen)
{
    if (use_account(sm, i, err, errlen) != 0) return -1;
    AccountCheck *c = &sm->check[i];
    if (c->whole) return 0;
    if (shared_model_sum32(dir_entry(sm, i, 0), ((size_t)1 << c->bits) * DIR_ENTRY) != rd32(sm->table + (size_t)i * ENTRY + 20) ||
        rd32(dir_entry(sm, i, 0)) != 0)
        return corrupt(sm, i, err, errlen);
    const unsigned char *r = rows_of(sm, i, &(uint32_t){0}, &(float){0});
    uint32_t first, end, prev = 0;
    for (uint32_t j = 0; j < 1u << c->bits; j++) {
        if (range_rows(sm, i, j, &first, &end, err, errlen) != 0) return -1;
        for (uint32_t k = first; k < end; k++) {
            uint32_t idx = rd32(r + (size_t)k * ROW);
            if (idx <= prev || idx > FEATURE_DIM || range_of(idx, c->bits) != j) return corrupt(sm, i, err, errlen);
            prev = idx;
        }
    }
    c->whole = 1;
    return 0;
}

int shared_model_verify(SharedModel *sm, char *err, size_t errlen)
{
    for (int i = 0; i < sm->n; i++)
        if (check_account(sm, i, err, errlen) != 0) return -1;
    for (int i = 0; i < sm->n && sm->pacc; i++)
        if (shared_model_pair_accuracy(sm, i, i == 0 ? 1 : 0, SHARED_PRIOR_EQUAL) < -1)
            return err_set(err, errlen, "shared model pair accuracies of %s: checksum mismatch", shared_model_name(sm, i));
    return 0;
}

/* The pair view's fields other than its weights. */
static void pair_header(const SharedModel *sm, int a, int b, Model *out)
{
    out->feature_version = FEATURE_VERSION;
    out->feature_bits = FEATURE_BITS;
    out->handle_a = xstrdup(shared_model_name(sm, a));
    out->handle_b = xstrdup(shared_model_name(sm, b));
    out->posts_a = shared_model_posts(sm, a);
    out->posts_b = shared_model_posts(sm, b);
    out->accuracy = sm->acc.pair[sm->prior];
    out->trained_at = sm->trained_at;
    out->bias = sm->bias[b] - sm->bias[a];
}

static int pair_check(SharedModel *sm, int a, int b, Model *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (a < 0 || b < 0 || a >= sm->n || b >= sm->n || a == b) return err_set(err, errlen, "no such pair");
    if (use_account(sm, a, err, errlen) != 0 || use_account(sm, b, err, errlen) != 0) return -1;
    return 0;
}

int shared_model_pair(SharedModel *sm, int a, int b, Model *out, char *err, size_t errlen)
{
    if (pair_check(sm, a, b, out, err, errlen) != 0) return -1;
    if (check_account(sm, a, err, errlen) != 0 || check_account(sm, b, err, errlen) != 0) return -1;
    uint32_t na, nb;
    float sa, sb;
    const unsigned char *ra = rows_of(sm, a, &na, &sa), *rb = rows_of(sm, b, &nb, &sb);
    out->index = xmalloc(sizeof *out->index * ((size_t)na + nb + 1));
    out->weight = xmalloc(sizeof *out->weight * ((size_t)na + nb + 1));
    uint32_t i = 0, j = 0, n = 0;
    while (i < na || j < nb) {
        uint32_t ia = i < na ? rd32(ra + (size_t)i * ROW) : UINT32_MAX;
        uint32_t ib = j < nb ? rd32(rb + (size_t)j * ROW) : UINT32_MAX;
        uint32_t idx = ia < ib ? ia : ib;
        float w = 0;
        if (ib == idx) w += (float)row_q(rb + (size_t)j++ * ROW) * sb;
        if (ia == idx) w -= (float)row_q(ra + (size_t)i++ * ROW) * sa;
        out->index[n] = idx;
        out->weight[n++] = w;
    }
    out->n = n;
    pair_header(sm, a, b, out);
    model_index(out);
    return 0;
}

/* Account k's weights at x's buckets: into w[0..x->n) when w is not NULL, and their dot product
 * with x plus the intercept into *score when score is not NULL. Each range of rows is read once
 * (x is sorted by index, so its buckets come range by range). 0, or -1 with err. */
static int account_weights(SharedModel *sm, int k, const FeatVec *x, float *w, double *score, char *err,
                           size_t errlen)
{
    if (use_account(sm, k, err, errlen) != 0) return -1;
    const AccountCheck *c = &sm->check[k];
    const unsigned shift = FEATURE_BITS - c->bits;
    uint32_t n, cur = UINT32_MAX, first = 0, end = 0, last = (1u << c->bits) - 1;
    float scale;
    const unsigned char *r = rows_of(sm, k, &n, &scale), *dir = dir_entry(sm, k, 0);
    double s = sm->bias[k];
    for (int i = 0; i < x->n; i++) {
        /* Ask for what later buckets read (their directory entry, then their rows) ahead: the
         * ranges are scattered over the file and a ranking reads one per account and bucket. */
        if (i + 8 < x->n) PREFETCH(dir + (size_t)((x->v[i + 8].index - 1) >> shift) * DIR_ENTRY);
        if (i + 4 < x->n) {
            const unsigned char *ahead = r + (size_t)rd32(dir + (size_t)((x->v[i + 4].index - 1) >> shift) * DIR_ENTRY) * ROW;
            PREFETCH(ahead);
            PREFETCH(ahead + 64);
        }
        uint32_t idx = x->v[i].index, j = (idx - 1) >> shift;
        if (j != cur) {
            cur = j;
            if (!(c->ok[j / 64] >> (j % 64) & 1) && range_rows(sm, k, j, &first, &end, err, errlen) != 0) return -1;
            first = rd32(dir + (size_t)j * DIR_ENTRY);
            end = j < last ? rd32(dir + (size_t)(j + 1) * DIR_ENTRY) : n;
        }
        /* The first row at or above idx: hashed buckets spread evenly over their range, so the
         * row at idx's place in the range is a close guess, walked from in either direction. */
        uint64_t off = (idx - 1) & ((1u << shift) - 1);
        uint32_t at = first + (uint32_t)((off * (end - first)) >> shift);
        while (at > first && rd32(r + (size_t)(at - 1) * ROW) >= idx) at--;
        while (at < end && rd32(r + (size_t)at * ROW) < idx) at++;
        float wi = at < end && rd32(r + (size_t)at * ROW) == idx ? (float)row_q(r + (size_t)at * ROW) * scale : 0.0f;
        if (w) w[i] = wi;
        s += (double)wi * x->v[i].value;
    }
    if (score) *score = s;
    return 0;
}

int shared_model_pair_vec(SharedModel *sm, int a, int b, const FeatVec *x, Model *out, char *err,
                          size_t errlen)
{
    if (pair_check(sm, a, b, out, err, errlen) != 0) return -1;
    float *wa = xmalloc(sizeof *wa * ((size_t)x->n + 1) * 2), *wb = wa + x->n + 1;
    int rc = account_weights(sm, b, x, wb, NULL, err, errlen);
    if (rc == 0) rc = account_weights(sm, a, x, wa, NULL, err, errlen);
    if (rc == 0) {
        out->index = xmalloc(sizeof *out->index * ((size_t)x->n + 1));
        out->weight = xmalloc(sizeof *out->weight * ((size_t)x->n + 1));
        for (int i = 0; i < x->n; i++) {   /* x is sorted by index: so is the view */
            if (wb[i] - wa[i] == 0) continue;
            out->index[out->n] = x->v[i].index;
            out->weight[out->n++] = wb[i] - wa[i];
        }
        pair_header(sm, a, b, out);
        model_index(out);
    }
    free(wa);
    return rc;
}

int shared_model_pair_for(SharedModel *sm, int a, int b, const char *text, Model *out, char *err,
                          size_t errlen)
{
    FeatVec x;
    featvec_init(&x);
    features_extract(text, &x);
    int rc = shared_model_pair_vec(sm, a, b, &x, out, err, errlen);
    featvec_free(&x);
    return rc;
}

int shared_model_scores(SharedModel *sm, const FeatVec *x, double *scores, char *err, size_t errlen)
{
    for (int k = 0; k < sm->n; k++)
        if (account_weights(sm, k, x, NULL, &scores[k], err, errlen) != 0) return -1;
    return 0;
}

void shared_softmax(const double *scores, const unsigned char *keep, int n, double *prob)
{
    double max = -INFINITY, sum = 0;
    for (int i = 0; i < n; i++)
        if ((!keep || keep[i]) && scores[i] > max) max = scores[i];
    for (int i = 0; i < n; i++) {
        prob[i] = (!keep || keep[i]) ? exp(scores[i] - max) : 0;
        sum += prob[i];
    }
    for (int i = 0; i < n; i++) prob[i] = sum > 0 ? prob[i] / sum : 0;
}

static int by_prob_desc(const void *x, const void *y)
{
    const SharedRank *a = x, *b = y;
    return a->prob < b->prob ? 1 : a->prob > b->prob ? -1 : a->account - b->account;
}

int shared_model_rank(SharedModel *sm, const char *text, const unsigned char *keep, SharedRank *out,
                      char *err, size_t errlen)
{
    FeatVec x;
    featvec_init(&x);
    features_extract(text, &x);
    double *s = xmalloc(sizeof *s * (size_t)sm->n * 2), *p = s + sm->n;
    int rc = shared_model_scores(sm, &x, s, err, errlen), n = 0;
    if (rc == 0) {
        shared_softmax(s, keep, sm->n, p);
        for (int i = 0; i < sm->n; i++)
            if (!keep || keep[i]) out[n++] = (SharedRank){i, p[i]};
        qsort(out, (size_t)n, sizeof *out, by_prob_desc);
    }
    free(s);
    featvec_free(&x);
    return rc == 0 ? n : -1;
}

/* ---- dropping an account ---- */

char *shared_model_path(void) { return home_path("models/" SHARED_MODEL_FILE); }

/* Account i as a SharedAccount (weights dequantised: saving them again gives the same file rows). */
static void account_copy(const SharedModel *sm, int i, SharedAccount *a)
{
    uint32_t n;
    float scale;
    const unsigned char *r = rows_of(sm, i, &n, &scale);
    a->name = xstrdup(shared_model_name(sm, i));
    a->posts = shared_model_posts(sm, i);
    a->bias = rdf64(sm->table + (size_t)i * ENTRY + 32);
    a->n = n;
    a->index = xmalloc(sizeof *a->index * ((size_t)n + 1));
    a->weight = xmalloc(sizeof *a->weight * ((size_t)n + 1));
    for (uint32_t k = 0; k < n; k++) {
        a->index[k] = rd32(r + (size_t)k * ROW);
        a->weight[k] = (float)row_q(r + (size_t)k * ROW) * scale;
    }
}

int shared_model_account(SharedModel *sm, int i, SharedAccount *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    if (i < 0 || i >= sm->n) return err_set(err, errlen, "no account %d in the shared model", i);
    if (check_account(sm, i, err, errlen) != 0) return -1;
    account_copy(sm, i, a);
    return 0;
}

/* The pair accuracies of sm's accounts but drop (-1: none dropped) into b->pair_acc (allocated),
 * in table order; none when sm has none or a block fails its sum. */
static void pair_acc_without(const SharedModel *sm, int drop, SharedBuild *b)
{
    int n = sm->n - (drop >= 0);
    if (!sm->pacc || n < 1) return;
    for (int k = 0; k < 2; k++) b->pair_acc[k] = xmalloc(sizeof(double) * (size_t)n * (size_t)n);
    for (int i = 0, x = 0; i < sm->n; i++) {
        if (i == drop) continue;
        for (int j = 0, y = 0; j < sm->n; j++) {
            if (j == drop) continue;
            for (int k = 0; k < 2; k++) {
                double v = x < y ? shared_model_pair_accuracy(sm, i, j, k) : -1;
                if (v < -1) {   /* a damaged block: the rewritten file has none */
                    for (int p = 0; p < 2; p++) free(b->pair_acc[p]), b->pair_acc[p] = NULL;
                    return;
                }
                b->pair_acc[k][(size_t)x * (size_t)n + (size_t)y] = v;
            }
            y++;
        }
        x++;
    }
}

static int rewrite_without(SharedModel *sm, int drop, const char *path, char *err, size_t errlen)
{
    SharedBuild b = {xcalloc((size_t)sm->n, sizeof(SharedAccount)), 0, sm->acc, sm->trained_at,
                     sm->fingerprint, {NULL, NULL}};
    pair_acc_without(sm, drop, &b);
    int rc = 0;
    for (int i = 0; i < sm->n && rc == 0; i++) {
        if (i == drop) continue;
        rc = check_account(sm, i, err, errlen);
        if (rc == 0) account_copy(sm, i, &b.acc[b.n++]);
    }
    if (rc == 0) rc = shared_model_save(&b, path, err, errlen);
    for (int k = 0; k < 2; k++) free(b.pair_acc[k]);
    shared_build_free(&b);
    return rc;
}

int shared_model_drop(const char *path, const char *name, char *err, size_t errlen)
{
    if (access(path, F_OK) != 0) return 0;
    SharedModel *sm;
    if (shared_model_open(path, &sm, err, errlen) != 0) {
        unlink(path);
        return -1;
    }
    int i = shared_model_find(sm, name), rc = 0;
    if (i >= 0 && sm->n <= 2) {
        rc = unlink(path) == 0 ? 1 : err_set(err, errlen, "cannot remove %s: %s", path, strerror(errno));
    } else if (i >= 0) {
        rc = rewrite_without(sm, i, path, err, errlen) == 0 ? 1 : -1;
    }
    shared_model_close(sm);
    return rc;
}

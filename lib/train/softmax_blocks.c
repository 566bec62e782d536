/* softmax_blocks.c - the shared model's objective over blocks of rows sorted by column: the
 * weight and gradient rows of a column are touched once per block while its scores stay in cache
 * (the objective is bound by memory traffic: row by row it read K weights per entry). */
#include "softmax_blocks.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int softmax_block_rows(int K)
{
    int n = (int)((512u << 10) / (sizeof(double) * (size_t)(K < 1 ? 1 : K)));
    return n < 16 ? 16 : n > 4096 ? 4096 : n;
}

typedef struct {
    uint32_t col;
    uint16_t row;
    float val;
} Entry;

static int by_col(const void *x, const void *y)
{
    const Entry *a = x, *b = y;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

/* Sort one block's entries (rows r0..r1) into e, returning how many. */
static size_t gather(const size_t *start, const uint32_t *col, const float *val, int r0, int r1, Entry *e)
{
    size_t n = 0;
    for (int i = r0; i < r1; i++)
        for (size_t k = start[i]; k < start[i + 1]; k++) e[n++] = (Entry){col[k], (uint16_t)(i - r0), val[k]};
    qsort(e, n, sizeof *e, by_col);
    return n;
}

void softmax_blocks_build(SoftmaxBlocks *b, int K, int m, int rows, const size_t *start, const uint32_t *col,
                          const float *val, const int *y)
{
    memset(b, 0, sizeof *b);
    b->K = K, b->m = m, b->rows = rows, b->y = y;
    b->block = softmax_block_rows(K);
    b->nblocks = (rows + b->block - 1) / b->block;
    size_t nnz = start[rows], most = 0, runs = 0, cap = nnz / 2 + 16;
    for (int k = 0; k < b->nblocks; k++) {
        int r1 = (k + 1) * b->block < rows ? (k + 1) * b->block : rows;
        size_t n = start[r1] - start[k * b->block];
        most = n > most ? n : most;
    }
    Entry *e = xmalloc(sizeof *e * (most + 1));
    b->first_run = xmalloc(sizeof *b->first_run * ((size_t)b->nblocks + 1));
    b->first_entry = xmalloc(sizeof *b->first_entry * ((size_t)b->nblocks + 1));
    b->run_col = xmalloc(sizeof *b->run_col * cap);
    b->run_len = xmalloc(sizeof *b->run_len * cap);
    b->row = xmalloc(sizeof *b->row * (nnz + 1));
    b->val = xmalloc(sizeof *b->val * (nnz + 1));
    size_t pos = 0;
    for (int k = 0; k < b->nblocks; k++) {
        int r0 = k * b->block, r1 = r0 + b->block < rows ? r0 + b->block : rows;
        size_t n = gather(start, col, val, r0, r1, e);
        b->first_run[k] = runs;
        b->first_entry[k] = pos;
        for (size_t i = 0; i < n; i++) {
            if (i == 0 || e[i].col != e[i - 1].col) {
                if (runs == cap) {
                    cap *= 2;
                    b->run_col = xrealloc(b->run_col, sizeof *b->run_col * cap);
                    b->run_len = xrealloc(b->run_len, sizeof *b->run_len * cap);
                }
                b->run_col[runs] = e[i].col;
                b->run_len[runs++] = 0;
            }
            b->run_len[runs - 1]++;
            b->row[pos] = e[i].row;
            b->val[pos++] = e[i].val;
        }
    }
    b->first_run[b->nblocks] = runs;
    b->first_entry[b->nblocks] = pos;
    b->run_col = xrealloc(b->run_col, sizeof *b->run_col * (runs + 1));
    b->run_len = xrealloc(b->run_len, sizeof *b->run_len * (runs + 1));
    free(e);
}

void softmax_blocks_free(SoftmaxBlocks *b)
{
    free(b->first_run);
    free(b->first_entry);
    free(b->run_col);
    free(b->run_len);
    free(b->row);
    free(b->val);
    memset(b, 0, sizeof *b);
}

/* The two loops below are nearly all of a fit's time: vectorised, in an AVX2 + FMA version chosen
 * at run time where the processor has them. */
#define HOT __attribute__((optimize("O3"), target_clones("arch=x86-64-v3", "default")))

/* s[r] += v * w for every entry of the block's runs (forward: scores from weights). */
HOT static void forward(const SoftmaxBlocks *b, int k, size_t e, const double *x, double *s)
{
    const int K = b->K;
    for (size_t r = b->first_run[k]; r < b->first_run[k + 1]; r++) {
        const double *restrict w = x + (size_t)b->run_col[r] * K;
        for (uint16_t i = 0; i < b->run_len[r]; i++, e++) {
            double *restrict sr = s + (size_t)b->row[e] * K;
            const double v = b->val[e];
            for (int c = 0; c < K; c++) sr[c] += w[c] * v;
        }
    }
}

/* g_col += v * d[r] for every entry (backward: the gradient from the scores' derivatives d). */
HOT static void backward(const SoftmaxBlocks *b, int k, size_t e, const double *d, double *g)
{
    const int K = b->K;
    for (size_t r = b->first_run[k]; r < b->first_run[k + 1]; r++) {
        double *restrict gw = g + (size_t)b->run_col[r] * K;
        for (uint16_t i = 0; i < b->run_len[r]; i++, e++) {
            const double *restrict dr = d + (size_t)b->row[e] * K;
            const double v = b->val[e];
            for (int c = 0; c < K; c++) gw[c] += dr[c] * v;
        }
    }
}

/* Turn row scores s into dloss/ds (softmax minus the one-hot truth); returns the row's loss. */
static double row_softmax(double *s, int K, int y)
{
    double max = s[0], sum = 0;
    for (int k = 1; k < K; k++) max = s[k] > max ? s[k] : max;
    for (int k = 0; k < K; k++) sum += (s[k] = exp(s[k] - max));
    double loss = log(sum) - log(s[y]);
    for (int k = 0; k < K; k++) s[k] = s[k] / sum - (k == y);
    return loss;
}

double softmax_blocks_loss(const SoftmaxBlocks *b, int b0, int b1, const double *x, double *g, double *s)
{
    const int K = b->K;
    const double *bias = x + (size_t)b->m * K;
    double *gb = g + (size_t)b->m * K, loss = 0;
    for (int k = b0; k < b1; k++) {
        int r0 = k * b->block, n = r0 + b->block < b->rows ? b->block : b->rows - r0;
        for (int i = 0; i < n; i++) memcpy(s + (size_t)i * K, bias, sizeof *s * (size_t)K);
        forward(b, k, b->first_entry[k], x, s);
        for (int i = 0; i < n; i++) {
            loss += row_softmax(s + (size_t)i * K, K, b->y[r0 + i]);
            for (int c = 0; c < K; c++) gb[c] += s[(size_t)i * K + c];
        }
        backward(b, k, b->first_entry[k], s, g);
    }
    return loss;
}

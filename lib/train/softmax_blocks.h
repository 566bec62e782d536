/* softmax_blocks.h - the shared model's rows regrouped for its objective: blocks of rows whose
 * entries are sorted by column, so that a weight row is read once per block, not once per entry. */
#ifndef TWITOFF_SOFTMAX_BLOCKS_H
#define TWITOFF_SOFTMAX_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/* The rows of a fit in blocks of `block` rows; within a block the entries are grouped in runs,
 * one per column used by the block, in column order. */
typedef struct {
    int K;              /* classes (accounts) */
    int m;              /* columns */
    int rows;
    int block;          /* rows per block (the last may hold fewer) */
    int nblocks;
    size_t *first_run;  /* nblocks + 1: index of each block's first run */
    size_t *first_entry;/* nblocks + 1: index of each block's first entry */
    uint32_t *run_col;  /* per run: its column */
    uint16_t *run_len;  /* per run: its entries */
    uint16_t *row;      /* per entry: its row within the block */
    float *val;         /* per entry: its value */
    const int *y;       /* the class of each row (borrowed) */
} SoftmaxBlocks;

/* Rows per block for K classes: a block's scores (block x K doubles) fit in half a megabyte. */
int softmax_block_rows(int K);

/* Build the blocks from compressed sparse rows (start[rows + 1] offsets into col/val; y borrowed). */
void softmax_blocks_build(SoftmaxBlocks *b, int K, int m, int rows, const size_t *start, const uint32_t *col,
                          const float *val, const int *y);
void softmax_blocks_free(SoftmaxBlocks *b);

/* Multinomial loss of blocks [b0, b1) at x (W column-major by column: x[j*K + k], then the K
 * intercepts), its gradient added into g (same layout); s is scratch of block * K doubles.
 * Returns the sum of the rows' losses (log sum_k exp s_ik - s_i,y_i). */
double softmax_blocks_loss(const SoftmaxBlocks *b, int b0, int b1, const double *x, double *g, double *s);

#endif

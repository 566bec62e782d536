/* metrics.h - how good probabilities are: accuracy, Brier score, expected calibration error and
 * the 10-bin reliability table of the winner's probability, over weighted answers. */
#ifndef TWITOFF_METRICS_H
#define TWITOFF_METRICS_H

#define METRICS_BINS 10   /* bins of the winner's probability over 0.5..1, 0.05 wide */

/* Weighted answers, accumulated. An answer is the winner's probability q (0.5..1), whether the
 * winner was right and its weight. Zero-initialise (or metrics_clear) before adding. */
typedef struct {
    double weight;                  /* total weight */
    double right;                   /* weight of right answers */
    double sq_err;                  /* weighted sum of (q - right)^2 */
    double bin_weight[METRICS_BINS];/* weight of the answers in each bin */
    double bin_conf[METRICS_BINS];  /* weighted sum of q in each bin */
    double bin_right[METRICS_BINS]; /* weight of the right answers in each bin */
    double bin_sq_err[METRICS_BINS];/* weighted sum of (q - right)^2 in each bin */
    long bin_posts[METRICS_BINS];   /* answers in each bin, whatever their weight */
} Metrics;

/* Empty m. */
void metrics_clear(Metrics *m);

/* The bin of a winner's probability q (q below 0.5 counts as 0.5, above 1 as 1). */
int metrics_bin(double q);

/* Add one answer: q is the winner's probability, right 1 or 0, w its weight (> 0). */
void metrics_add(Metrics *m, double q, int right, double w);

/* Add the answer of a two-class probability: p_b = P(b wrote it), is_b 1 when b did. */
void metrics_add_prob(Metrics *m, double p_b, int is_b, double w);

/* Add every answer of src to dst, src's total weight scaled to `total` (total <= 0: as it is),
 * e.g. so that every pair weighs the same in a pooled table. */
void metrics_merge(Metrics *dst, const Metrics *src, double total);

/* Answers added (sum of bin_posts). */
long metrics_posts(const Metrics *m);

/* Weighted accuracy, Brier score (mean squared error of the probability) and expected
 * calibration error (sum over bins of weight share x |accuracy - mean q|); 0 when empty. */
double metrics_accuracy(const Metrics *m);
double metrics_brier(const Metrics *m);
double metrics_ece(const Metrics *m);

/* Bin i's mean probability and its accuracy; -1 when the bin is empty. */
double metrics_bin_conf(const Metrics *m, int i);
double metrics_bin_accuracy(const Metrics *m, int i);

#endif

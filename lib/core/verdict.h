/* verdict.h - what an answer may claim: decided, too close to call (the winner's calibrated
 * probability below min_confidence) or too short to tell (too little text to say anything). */
#ifndef TWITOFF_VERDICT_H
#define TWITOFF_VERDICT_H

#include "model.h"

/* The kinds of answer. */
enum { VERDICT_DECIDED = 0, VERDICT_TOO_CLOSE = 1, VERDICT_TOO_SHORT = 2 };

/* Letters or digits (outside links) a text needs before an answer is given. */
#define VERDICT_MIN_CHARS 3

/* One answer about a text. */
typedef struct {
    double prob_b;   /* calibrated P(handle_b wrote it) */
    int b_wins;      /* 1 when handle_b is the more likely author */
    double prob;     /* the more likely author's probability, >= 0.5 */
    int kind;        /* VERDICT_* */
} Verdict;

/* The setting min_confidence (default 0.6, kept within 0.5..1). */
double verdict_min_confidence(void);

/* 1 when text has fewer than VERDICT_MIN_CHARS letters or digits once links (http://, https://,
 * www. up to the next space) are left out: only a link, a character or two, punctuation. */
int verdict_text_too_short(const char *text);

/* The kind of an answer whose winner has probability prob: too short (by the rule above, or
 * when known == 0: none of the text's features is known to the model; known < 0: not counted),
 * too close (prob < min_conf) or decided. */
int verdict_kind(const char *text, int known, double prob, double min_conf);

/* Judge text with m: calibrated probability, winner and kind, featurising it once. */
void verdict_judge(const Model *m, const char *text, double min_conf, Verdict *v);

/* The same with text's features already extracted into x (features_extract). */
void verdict_judge_vec(const Model *m, const char *text, const FeatVec *x, double min_conf, Verdict *v);

/* The kind as a word for the command line ("decided", "too-close", "too-short") and as the
 * JSON reason (NULL for decided, "too_close", "too_short"). */
const char *verdict_word(int kind);
const char *verdict_reason(int kind);

/* The kind named by verdict_word, or -1. */
int verdict_parse(const char *word);

#endif

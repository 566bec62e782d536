/* explain.h - a prediction explained on the text itself: the text cut into words (spans), each
 * with the push of the n-grams inside it, and the words that pushed most each way. */
#ifndef TWITOFF_EXPLAIN_H
#define TWITOFF_EXPLAIN_H

#include <stddef.h>
#include "model.h"

/* One piece of the text: bytes [start, end) of it, and its push on the decision value (positive
 * towards the model's handle_b). A span is a run of non-white-space bytes (a word with the
 * punctuation attached to it, a URL, an emoji) or a run of white space (push 0). */
typedef struct {
    size_t start, end;
    double push;
    int blank;         /* 1: a run of white space */
} Span;

/* The spans of a text, in order: concatenated they give the text back exactly. */
typedef struct {
    Span *s;
    int n;
    double total;      /* sum of the pushes: the decision value minus the bias */
} Spans;

/* Cut text into spans and give each the pushes (model weight x feature value) of the n-gram
 * occurrences inside it. A feature's value is shared equally among its occurrences; an
 * occurrence that covers two words (a word pair) is split between them by the share of its
 * letters in each (a character n-gram never covers two words). Text beyond what the features
 * read (4 KiB normalised) gets push 0. Offsets are in text and on UTF-8 boundaries (white space
 * is ASCII). Free with spans_free. */
void explain_spans(const Model *m, const char *text, Spans *out);
void spans_free(Spans *sp);

/* A word of the text for the lists of the strongest pushes: the text of its first occurrence
 * (bytes [start, end) of the text, without the punctuation around it) and the sum of the pushes
 * of every occurrence of it (same letters, ASCII case and surrounding punctuation ignored). */
typedef struct {
    size_t start, end;
    double push;
    int count;         /* occurrences merged */
} Word;

/* The at most k words pushing most towards one side (side > 0: towards handle_b, push > 0;
 * side < 0: towards handle_a), strongest first, into out (room for k). Returns how many. */
int explain_top_words(const char *text, const Spans *sp, int side, Word *out, int k);

#endif

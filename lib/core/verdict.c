/* verdict.c - decided, too close to call, or too short to tell. */
#include "verdict.h"
#include "calibrate.h"
#include "config.h"
#include "features.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

double verdict_min_confidence(void)
{
    double c = conf_get_double("min_confidence", 0.6);
    return !(c >= 0.5) ? 0.5 : c > 1 ? 1 : c;
}

/* Length of the link at p (0 when none starts there). */
static size_t link_len(const char *p)
{
    if (strncasecmp(p, "http://", 7) && strncasecmp(p, "https://", 8) && strncasecmp(p, "www.", 4)) return 0;
    size_t n = 0;
    while (p[n] && !isspace((unsigned char)p[n])) n++;
    return n;
}

int verdict_text_too_short(const char *text)
{
    int chars = 0;
    for (const char *p = text; *p && chars < VERDICT_MIN_CHARS;) {
        size_t l = (p == text || isspace((unsigned char)p[-1])) ? link_len(p) : 0;
        if (l) {
            p += l;
            continue;
        }
        unsigned char c = (unsigned char)*p++;
        if (isalnum(c) || (c >= 0xC0)) chars++;   /* an ASCII letter or digit, or a UTF-8 character */
    }
    return chars < VERDICT_MIN_CHARS;
}

int verdict_kind(const char *text, int known, double prob, double min_conf)
{
    if (known == 0 || verdict_text_too_short(text)) return VERDICT_TOO_SHORT;
    return prob < min_conf ? VERDICT_TOO_CLOSE : VERDICT_DECIDED;
}

void verdict_judge(const Model *m, const char *text, double min_conf, Verdict *v)
{
    FeatVec x;
    featvec_init(&x);
    features_extract(text, &x);
    verdict_judge_vec(m, text, &x, min_conf, v);
    featvec_free(&x);
}

void verdict_judge_vec(const Model *m, const char *text, const FeatVec *x, double min_conf, Verdict *v)
{
    int known;
    v->prob_b = calib_prob_b(m, model_decision_known(m, x, &known));
    v->b_wins = v->prob_b >= 0.5;
    v->prob = v->b_wins ? v->prob_b : 1 - v->prob_b;
    v->kind = verdict_kind(text, known, v->prob, min_conf);
}

static const char *const words[] = {"decided", "too-close", "too-short"};

const char *verdict_word(int kind)
{
    return kind >= 0 && kind <= VERDICT_TOO_SHORT ? words[kind] : "decided";
}

const char *verdict_reason(int kind)
{
    return kind == VERDICT_TOO_CLOSE ? "too_close" : kind == VERDICT_TOO_SHORT ? "too_short" : NULL;
}

int verdict_parse(const char *word)
{
    for (int k = 0; k <= VERDICT_TOO_SHORT; k++)
        if (strcmp(word, words[k]) == 0) return k;
    return -1;
}

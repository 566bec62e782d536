/* progress.c - progress of a long batch step: a bar on a terminal, periodic log lines otherwise. */
#include "progress.h"
#include "config.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { MODE_OFF, MODE_BAR, MODE_LINES };
enum { BAR_WIDTH = 24 };

static struct {
    int mode;           /* MODE_* */
    char label[48];     /* what is being done */
    long total, done;   /* units of work (total 0: unknown) */
    double t0, last;    /* start and last output (monotonic seconds) */
    double interval;    /* seconds between outputs */
    int printed;        /* lines printed in MODE_LINES */
    long printed_at;    /* P.done when the last line was printed */
    int drawn;          /* a bar is on the current terminal line */
} P;

static void format_eta(double secs, char *out, size_t len)
{
    long s = (long)(secs + 0.5);
    if (s >= 3600) snprintf(out, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else snprintf(out, len, "%ld:%02ld", s / 60, s % 60);
}

/* "done/total  rate/s  ETA m:ss" (or "done  rate/s" when the total is unknown). */
static void format_counts(char *out, size_t len, double now)
{
    double el = now - P.t0, rate = el > 0 ? P.done / el : 0;
    char eta[32] = "";
    if (P.total > 0 && rate > 0 && P.done < P.total) {
        char t[24];
        format_eta((P.total - P.done) / rate, t, sizeof t);
        snprintf(eta, sizeof eta, "  ETA %s", t);
    }
    if (P.total > 0) snprintf(out, len, "%ld/%ld  %.1f/s%s", P.done, P.total, rate, eta);
    else snprintf(out, len, "%ld  %.1f/s", P.done, rate);
}

static void draw_bar(double now)
{
    char counts[96], bar[BAR_WIDTH + 1];
    int fill = P.total > 0 ? (int)((double)P.done * BAR_WIDTH / P.total) : 0;
    if (fill > BAR_WIDTH) fill = BAR_WIDTH;
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, P.total > 0 ? '.' : ' ', (size_t)(BAR_WIDTH - fill));
    bar[BAR_WIDTH] = '\0';
    format_counts(counts, sizeof counts, now);
    if (P.total > 0) fprintf(stderr, "\r%s [%s] %s\033[K", P.label, bar, counts);
    else fprintf(stderr, "\r%s: %s\033[K", P.label, counts);
    fflush(stderr);
    P.drawn = 1;
    P.last = now;
}

static void print_line(double now)
{
    char counts[96];
    format_counts(counts, sizeof counts, now);
    if (P.total > 0) fprintf(stderr, "%s: %s (%d%%)\n", P.label, counts, (int)(100.0 * P.done / P.total));
    else fprintf(stderr, "%s: %s\n", P.label, counts);
    P.printed++;
    P.printed_at = P.done;
    P.last = now;
}

void progress_start(const char *label, long total, int quiet, int verbose)
{
    if (P.mode != MODE_OFF) progress_done();
    memset(&P, 0, sizeof P);
    snprintf(P.label, sizeof P.label, "%s", label);
    P.total = total > 0 ? total : 0;
    P.t0 = P.last = now_mono();
    if (quiet) P.mode = MODE_OFF;
    else if (isatty(STDERR_FILENO) && !verbose) P.mode = MODE_BAR;
    else P.mode = MODE_LINES;
    P.interval = P.mode == MODE_BAR ? 0.1 : conf_get_double("progress_interval", verbose ? 1 : 10);
    if (P.mode == MODE_BAR) draw_bar(P.t0);
}

void progress_step(long n)
{
    P.done += n;
    if (P.mode == MODE_OFF) return;
    double now = now_mono();
    if (now - P.last < P.interval) return;
    if (P.mode == MODE_BAR) draw_bar(now);
    else print_line(now);
}

void progress_done(void)
{
    if (P.mode == MODE_BAR) {
        draw_bar(now_mono());
        fputc('\n', stderr);
    } else if (P.mode == MODE_LINES && P.printed > 0 && P.printed_at != P.done) {
        print_line(now_mono());
    }
    P.mode = MODE_OFF;
    P.drawn = 0;
}

void progress_pause(void)
{
    if (P.mode != MODE_BAR || !P.drawn) return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    P.drawn = 0;
    P.last = 0;   /* redraw at the next step */
}

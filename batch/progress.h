/* progress.h - progress of a long batch step: a bar on a terminal, periodic log lines otherwise. */
#ifndef TWITOFF_PROGRESS_H
#define TWITOFF_PROGRESS_H

/* Start reporting a step named label with total units of work (0 when unknown). On a terminal
 * (stderr) it draws "label [####    ] done/total  rate/s  ETA m:ss" (without a total:
 * "label: done  rate/s"), redrawn at most 10 times a second; otherwise (cron, pipes, verbose) it
 * prints a plain line every progress_interval seconds (twitoff.conf, default 10; 1 when
 * verbose). quiet prints nothing. One step at a time; a new progress_start ends the previous one.
 * quiet and verbose are the command's -q and -v. */
void progress_start(const char *label, long total, int quiet, int verbose);

/* Count n more units done. */
void progress_step(long n);

/* Finish the step: the bar is completed and ended with a newline (or a final log line, only when
 * periodic lines were printed). */
void progress_done(void);

/* Clear the bar from the terminal line so that other output (a message, a line on stdout) can
 * follow; the next progress_step draws it again below. No effect without a bar. */
void progress_pause(void);

#endif

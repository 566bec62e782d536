/* web_asked.h - the predict page's record of the pair asked for, for the batch to train first. */
#ifndef TWITOFF_WEB_ASKED_H
#define TWITOFF_WEB_ASKED_H

/* Append one line for the pair {a, b} to $TWITOFF_HOME/queue/asked (asked_line.h), best effort:
 * one non-blocking O_APPEND write that follows no symbolic link, creates nothing but the file
 * itself, and appends nothing once the file holds ASKED_MAX_BYTES. It never fails a request:
 * every error is ignored, after at most one web_log line per process. */
void web_asked_record(const char *a, const char *b);

#endif

/* import_columns.h - the one table of column names the CSV and JSON row readers accept, by role. */
#ifndef TWITOFF_IMPORT_COLUMNS_H
#define TWITOFF_IMPORT_COLUMNS_H

#include <stddef.h>

/* What a column (or JSON member) holds. */
typedef enum {
    COL_ID,            /* the post's id */
    COL_URL,           /* the post's URL: its last segment is the id when there is no id column */
    COL_USER,          /* the author's handle */
    COL_USER_ID,       /* the author's numeric id */
    COL_CREATED,       /* the creation date and time */
    COL_DATE,          /* a date (with its time, or joined to a time column) */
    COL_TIME,          /* the time of day of a date column (twint) */
    COL_TZ,            /* the UTC offset of date and time (twint) */
    COL_TEXT,          /* the text */
    COL_RETWEET,       /* a true/false flag: a repost */
    COL_RETWEET_ID,    /* the reposted post's id: non-empty means a repost */
    COL_REPLY_ID,      /* the id of the post answered: non-empty means a reply */
    COL_REPLY_USER_ID, /* the id of the author answered */
    COL_REPLY_USER,    /* the handle of the author answered */
    COL_REPLY_TO,      /* a list of the users answered (twint's reply_to) */
    NCOLS
} ImportColumn;

/* The role of a header name (n bytes, compared without case), with the rank of the name in its
 * role in *rank (0 is the best: the better name wins when a header has two). -1 when none. */
int import_column_role(const char *name, size_t n, int *rank);

/* The names of role c, best first, NULL-terminated (the member names the JSON reader tries). */
const char *const *import_column_names(ImportColumn c);

/* 1 when an id value is a number a spreadsheet wrote in floating point ("1.07991E+18",
 * "1079910000000000000.0"): the digits it dropped are lost. */
int import_id_is_float(const char *s);

/* The column names at the head of a CSV or JSON Lines file, for a message: the header line, or
 * the member names of the first object, at most n - 1 bytes into out ("" when none). */
void import_columns_found(const char *data, size_t len, char *out, size_t n);

#endif

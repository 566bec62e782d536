/* text.h - cleaning post text: UTF-8 repair, HTML entities, R's <U+XXXX> escapes, dates. */
#ifndef TWITOFF_TEXT_H
#define TWITOFF_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* 1 when s[0..len) is valid UTF-8 (shortest forms, no surrogates, no NUL), else 0. */
int utf8_valid(const char *s, size_t len);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there are not one.
 * Reads at most len bytes. */
int utf8_seqlen(const unsigned char *s, size_t len);

/* Append code point cp to out as UTF-8 (invalid code points become U+FFFD). Returns bytes written
 * (1..4); out needs 4 bytes. */
int utf8_put(uint32_t cp, char *out);

/* Copy of s[0..len) as valid UTF-8: bytes that are not UTF-8 are read as Windows-1252 (the usual
 * mis-encoding of tweet exports), NUL and undefined bytes become U+FFFD. Caller frees. */
char *utf8_repair(const char *s, size_t len);

/* Decode HTML character references (&amp; &lt; &#39; &#x1F600; and the common named ones) in place.
 * Unknown or malformed references are kept as they are. */
void html_unescape_inplace(char *s);

/* Decode R's "<U+1F600>" escapes in place. */
void r_unescape_inplace(char *s);

/* The one clean-up every importer and fetcher applies: repair UTF-8, decode R escapes and HTML
 * entities, turn CRLF and CR into LF and other control characters into spaces, and trim.
 * Returns a new string (possibly empty). */
char *text_clean(const char *s, size_t len);

/* 1 when a cleaned text is a retweet ("RT @user..."). */
int text_is_retweet(const char *s);

/* Parse the date formats that tweet exports use into unix seconds (UTC):
 * ISO 8601 ("2019-02-02T21:11:49Z", "2019-02-02 21:11:49", with optional fraction/offset),
 * Twitter's "Thu Apr 09 01:31:50 +0000 2015", US "10/16/17 22:59", and plain epoch seconds.
 * Returns 0 when s is empty or not a date. */
int64_t parse_date(const char *s);

#endif

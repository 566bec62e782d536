/* html_text.h - the plain text of a Mastodon post's HTML, shared by the Mastodon fetcher and the
 * outbox.json importer so that both store the same words for the same post. */
#ifndef TWITOFF_HTML_TEXT_H
#define TWITOFF_HTML_TEXT_H

#include <stddef.h>

/* The text of an HTML fragment (libxml2's forgiving parser): paragraphs and other blocks end
 * with a blank line, <br> is a line break, links are their text, scripts and styles are dropped.
 * '&' is kept escaped as "&amp;" so that text_clean decodes nothing twice. NULL or "" gives "".
 * Caller frees; not yet cleaned (text_clean). */
char *html_to_text(const char *html, size_t len);

/* The text of a post: its content warning (Mastodon's spoiler_text, ActivityStreams' summary),
 * when not empty, as a first paragraph, then the text of its HTML content. Either may be NULL.
 * Caller frees; not yet cleaned. */
char *post_html_text(const char *html, size_t len, const char *warning);

#endif

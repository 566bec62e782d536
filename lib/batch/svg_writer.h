/* svg_writer.h - what the pictures `twitoff lists` draws share: an SVG document's root with the
 * presentation attributes (no <style>: the pages' Content-Security-Policy forbids inline styles),
 * formatted attributes and text elements, all through libxml2's writer (which escapes). */
#ifndef TWITOFF_SVG_WRITER_H
#define TWITOFF_SVG_WRITER_H

#include <libxml/xmlwriter.h>

/* Start the document and its <svg> root: width x height, role="img", sans-serif 11 px, #222. */
void svg_begin(xmlTextWriterPtr w, int width, int height);

/* End the root and the document. */
void svg_end(xmlTextWriterPtr w);

/* An attribute with a printf-formatted value. */
void svg_attrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* <text x y [attr=val]>text</text>; attr may be NULL. */
void svg_text(xmlTextWriterPtr w, double x, double y, const char *attr, const char *val, const char *text);

/* Render the drawing fn(w, ctx) into a new string (caller frees), or NULL when libxml2 failed
 * (out of memory: the result is parsed back, so a half-written picture is never returned);
 * libxml2's own messages are silenced. */
char *svg_render(void (*fn)(xmlTextWriterPtr w, const void *ctx), const void *ctx);

#endif

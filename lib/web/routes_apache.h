/* routes_apache.h - the route table as Apache configuration: the AliasMatch lines of
 * htdocs/apache.conf.in and the RewriteRule lines of htdocs/htaccess, between two marker lines of
 * each template. Used by the generator behind `make routes` (scripts/routes-apache.c) and the
 * tests, never by a page. */
#ifndef TWITOFF_ROUTES_APACHE_H
#define TWITOFF_ROUTES_APACHE_H

#include "util.h"

typedef enum {
    APACHE_CONF,      /* a server configuration: AliasMatch to @BIN@/cgi-bin/PROGRAM */
    APACHE_HTACCESS   /* a .htaccess: RewriteRule (relative to RewriteBase) to cgi-bin/PROGRAM */
} ApacheSyntax;

/* The first and last line of the generated block of a template. */
#define ROUTES_TAG "# Routes: generated"   /* how the first line starts */
#define ROUTES_BEGIN ROUTES_TAG " from lib/web/routes.c by `make routes`; edit the table, not these lines."
#define ROUTES_END "# End of the routes."

/* Append the route lines of the table in syntax (without the markers). Returns 0, or -1 with the
 * reason in err for a table Apache cannot express (a static file below a directory). */
int routes_apache(Buf *b, ApacheSyntax syntax, char *err, size_t errlen);

/* Copy the template text to out with everything between its marker lines replaced by
 * routes_apache's lines. Returns 0, or -1 with the reason in err: markers missing or repeated, or
 * a route directive (AliasMatch, Alias, ScriptAlias, RewriteRule...) outside them. */
int routes_splice(const char *text, ApacheSyntax syntax, Buf *out, char *err, size_t errlen);

#endif

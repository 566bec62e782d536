/* web_main.h - the request loop every page program runs: plain CGI or FastCGI (detected at
 * start-up by libfcgi), one Request and Response per request, everything freed afterwards. */
#ifndef TWITOFF_WEB_MAIN_H
#define TWITOFF_WEB_MAIN_H

#include "web_html.h"
#include "web_request.h"

/* A page's handler: reads rq (its fields through the typed getters), fills rs (status, type,
 * headers, body). */
typedef void (*web_handler)(const Request *rq, Response *rs);

/* A page program, declared once: what it answers and which inputs it reads. */
typedef struct {
    const char *name;          /* program name in the server's log ("twitoff-users") */
    RouteId route;             /* its route (routes.h): the methods it accepts */
    const FieldSpec *fields;   /* the fields it reads (web_request.h) */
    int nfields;               /* their number (FIELD_COUNT) */
    int no_store;              /* 1: every answer says Cache-Control: no-store */
    web_handler handler;       /* called only for a request that passed every check */
} Page;

/* Serve requests for page until there are no more (one request under plain CGI). Each request
 * gets settings reloaded from web.conf (500 when malformed or unreadable), a parsed Request (parse errors answered with their
 * status), the method checked against the route (405 with Allow), the fields validated against
 * the table (400 naming the field); only then the handler runs. Every answer is sent whole.
 * Returns the process exit status. */
int web_main(const Page *page);

/* Write a line to the server's error log (stderr), prefixed with the program name. */
void web_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

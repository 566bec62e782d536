/* web_main.h - the request loop every page program runs: plain CGI or FastCGI (detected at
 * start-up by libfcgi), one Request and Response per request, everything freed afterwards. */
#ifndef TWITOFF_WEB_MAIN_H
#define TWITOFF_WEB_MAIN_H

#include "web_html.h"
#include "web_request.h"

/* A page: reads rq, fills rs (status, type, headers, body). */
typedef void (*web_handler)(const Request *rq, Response *rs);

/* Serve requests with handler until there are no more (one request under plain CGI). Each
 * request gets settings reloaded, a parsed Request (parse errors answered with their status
 * without calling the handler) and a complete response. Returns the process exit status. */
int web_main(web_handler handler);

/* 1 when this process serves FastCGI (persistent), 0 under plain CGI. */
int web_is_fastcgi(void);

/* Write a line to the server's error log (stderr), prefixed with the program name. */
void web_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

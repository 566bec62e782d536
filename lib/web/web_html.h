/* web_html.h - the response being built, and the one page layout (header, navigation, messages,
 * footer) every page uses. Escaping is escape.h's. */
#ifndef TWITOFF_WEB_HTML_H
#define TWITOFF_WEB_HTML_H

#include "escape.h"
#include "routes.h"
#include "util.h"
#include "web_request.h"

/* The response a page builds; web_main sends it whole, so an error never leaves half a page. */
typedef struct {
    int status;               /* HTTP status (200 unless set) */
    const char *type;         /* Content-Type (text/html; charset=utf-8 unless set) */
    Buf headers;              /* extra header lines, each ending in "\r\n" */
    Buf body;                 /* the body */
} Response;

void resp_init(Response *rs);
void resp_free(Response *rs);
/* Add a header line "name: value" (value must be a literal or already safe: no CR/LF is added). */
void resp_header(Response *rs, const char *name, const char *value);

/* Start a page: doctype, head with title (escaped), stylesheet, header and the navigation of the
 * route table with the entry of route active marked (ROUTE_NONE: none). */
void page_begin(Buf *b, const char *title, RouteId active);
/* A message box: kind is "info", "error" or "ok"; text is escaped. */
void page_message(Buf *b, const char *kind, const char *text);
/* Close the page with the footer. */
void page_end(Buf *b);

/* The reason phrase of an HTTP status ("Not Found"). */
const char *web_status_text(int status);

/* Replace rs's body with a complete error page (or JSON {"error","status"} when the request asked
 * for JSON) with status and the message (escaped); headers already added stay. */
void web_error(const Request *rq, Response *rs, int status, const char *msg);
/* The one "store unavailable" answer: log why (when not NULL) to the server's error log and
 * replace rs with a 503 page (or JSON) asking to try again later. */
void web_store_unavailable(const Request *rq, Response *rs, const char *why);
/* web_error for 405 with the Allow header. */
void web_method_not_allowed(const Request *rq, Response *rs, const char *allow);

#endif

/* web_html.c - the response buffer and the shared page layout. */
#include "web_html.h"
#include "web_main.h"

#include <stdio.h>
#include <string.h>

void resp_init(Response *rs)
{
    rs->status = 200;
    rs->type = "text/html; charset=utf-8";
    buf_init(&rs->headers);
    buf_init(&rs->body);
}

void resp_free(Response *rs)
{
    buf_free(&rs->headers);
    buf_free(&rs->body);
}

void resp_header(Response *rs, const char *name, const char *value)
{
    buf_printf(&rs->headers, "%s: %s\r\n", name, value);
}

/* The navigation bar: every route with a label, the one of route active marked as the current page. */
static void nav(Buf *b, RouteId active)
{
    buf_puts(b, "<nav aria-label=\"Main\">\n");
    for (int i = 0; i < ROUTE_COUNT; i++) {
        if (!routes[i].nav) continue;
        buf_puts(b, "<a href=\"");
        route_url(b, (RouteId)i, NULL);
        buf_puts(b, i == (int)active ? "\" aria-current=\"page\">" : "\">");
        html_text(b, routes[i].nav);
        buf_puts(b, "</a>\n");
    }
    buf_puts(b, "</nav>\n");
}

void page_begin(Buf *b, const char *title, RouteId active)
{
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_text(b, title);
    buf_puts(b, " - TwitOff</title>\n<link rel=\"stylesheet\" href=\"");
    route_url(b, ROUTE_STYLE, NULL);
    buf_puts(b, "\">\n<link rel=\"icon\" href=\"");
    route_url(b, ROUTE_ICON, NULL);
    buf_puts(b, "\" type=\"image/svg+xml\">\n</head>\n<body>\n<header>\n<a class=\"brand\" href=\"");
    route_url(b, ROUTE_FORM, NULL);
    buf_puts(b, "\">TwitOff</a>\n");
    nav(b, active);
    buf_puts(b, "</header>\n<main>\n<h1>");
    html_text(b, title);
    buf_puts(b, "</h1>\n");
}

void page_message(Buf *b, const char *kind, const char *text)
{
    buf_printf(b, "<p class=\"msg msg-%s\" role=\"%s\">", kind,
               strcmp(kind, "error") == 0 ? "alert" : "status");
    html_text(b, text);
    buf_puts(b, "</p>\n");
}

void page_end(Buf *b)
{
    buf_puts(b, "</main>\n<footer>\n<p>TwitOff: which of two accounts is more likely to have "
                "written a text? Models are trained nightly from the stored posts.</p>\n"
                "</footer>\n</body>\n</html>\n");
}

const char *web_status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

void web_error(const Request *rq, Response *rs, int status, const char *msg)
{
    buf_reset(&rs->body);
    rs->status = status;
    if (rq && rq->json) {
        rs->type = "application/json";
        buf_puts(&rs->body, "{\"error\":");
        json_str(&rs->body, msg);
        buf_printf(&rs->body, ",\"status\":%d}\n", status);
        return;
    }
    rs->type = "text/html; charset=utf-8";
    char title[64];
    snprintf(title, sizeof title, "%d %s", status, web_status_text(status));
    page_begin(&rs->body, title, ROUTE_NONE);
    page_message(&rs->body, "error", msg);
    buf_puts(&rs->body, "<p><a href=\"");
    route_url(&rs->body, ROUTE_FORM, NULL);
    buf_puts(&rs->body, "\">Back to the form</a></p>\n");
    page_end(&rs->body);
}

void web_store_unavailable(const Request *rq, Response *rs, const char *why)
{
    if (why && *why) web_log("%s", why);
    web_error(rq, rs, 503, "The data store is unavailable; please try again later.");
}

void web_method_not_allowed(const Request *rq, Response *rs, const char *allow)
{
    char msg[128];
    snprintf(msg, sizeof msg, "This page does not accept %s requests; use %s.",
             rq && strlen(rq->method) < 16 ? rq->method : "such", allow);
    web_error(rq, rs, 405, msg);
    resp_header(rs, "Allow", allow);
}

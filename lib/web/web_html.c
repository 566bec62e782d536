/* web_html.c - escaping helpers, the response buffer and the shared page layout. */
#include "web_html.h"
#include "config.h"

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

void html_text(Buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&#39;"); break;
        default: buf_putc(b, *s);
        }
    }
}

void html_attr(Buf *b, const char *s)
{
    html_text(b, s);
}

void html_url(Buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            buf_putc(b, '%');
            buf_putc(b, hex[c >> 4]);
            buf_putc(b, hex[c & 15]);
        }
    }
}

void html_option(Buf *b, const char *value, int sel)
{
    buf_puts(b, "<option value=\"");
    html_attr(b, value);
    buf_puts(b, sel ? "\" selected>" : "\">");
    html_text(b, value);
    buf_puts(b, "</option>\n");
}

void json_str(Buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"') buf_puts(b, "\\\"");
        else if (c == '\\') buf_puts(b, "\\\\");
        else if (c == '\n') buf_puts(b, "\\n");
        else if (c == '\r') buf_puts(b, "\\r");
        else if (c == '\t') buf_puts(b, "\\t");
        else if (c < 0x20 || c == '<' || c == '>' || c == '&') buf_printf(b, "\\u%04x", c);
        else if (c == 0xE2 && (unsigned char)s[1] == 0x80 &&
                 ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9)) {
            buf_printf(b, "\\u%04x", (unsigned char)s[2] == 0xA8 ? 0x2028 : 0x2029);
            s += 2;
        } else buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

const char *web_base(void)
{
    const char *b = conf_get("base_path");
    return b ? b : "";
}

/* One navigation link, marked as the current page when active. */
static void nav_link(Buf *b, const char *path, const char *label, const char *name, const char *active)
{
    int cur = active && strcmp(active, name) == 0;
    buf_puts(b, "<a href=\"");
    html_attr(b, web_base());
    buf_puts(b, path);
    buf_puts(b, cur ? "\" aria-current=\"page\">" : "\">");
    buf_puts(b, label);
    buf_puts(b, "</a>\n");
}

void page_begin(Buf *b, const char *title, const char *active)
{
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_text(b, title);
    buf_puts(b, " - TwitOff</title>\n<link rel=\"stylesheet\" href=\"");
    html_attr(b, web_base());
    buf_puts(b, "/style.css\">\n<link rel=\"icon\" href=\"");
    html_attr(b, web_base());
    buf_puts(b, "/favicon.svg\" type=\"image/svg+xml\">\n</head>\n<body>\n<header>\n<a class=\"brand\" href=\"");
    html_attr(b, web_base());
    buf_puts(b, "/\">TwitOff</a>\n<nav aria-label=\"Main\">\n");
    nav_link(b, "/", "Compare", "form", active);
    nav_link(b, "/users", "Users", "users", active);
    nav_link(b, "/iris", "Iris", "iris", active);
    nav_link(b, "/admin", "Admin", "admin", active);
    buf_puts(b, "</nav>\n</header>\n<main>\n<h1>");
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
    page_begin(&rs->body, title, NULL);
    page_message(&rs->body, "error", msg);
    buf_puts(&rs->body, "<p><a href=\"");
    html_attr(&rs->body, web_base());
    buf_puts(&rs->body, "/\">Back to the form</a></p>\n");
    page_end(&rs->body);
}

void web_method_not_allowed(const Request *rq, Response *rs, const char *allow)
{
    char msg[128];
    snprintf(msg, sizeof msg, "This page does not accept %s requests; use %s.",
             rq && strlen(rq->method) < 16 ? rq->method : "such", allow);
    web_error(rq, rs, 405, msg);
    resp_header(rs, "Allow", allow);
}

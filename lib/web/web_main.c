/* web_main.c - the CGI/FastCGI request loop: libfcgi's stdio layer answers both ways, so one
 * binary serves plain CGI and mod_fcgid. Only this file sees fcgi_stdio.h. */
#include "web_main.h"
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <fcgi_stdio.h>   /* last: it redefines the stdio names */

void web_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Buf b;
    buf_init(&b);
    buf_printf(&b, "%s: ", progname);
    buf_vprintf(&b, fmt, ap);
    buf_putc(&b, '\n');
    FCGI_fwrite(b.data, 1, b.len, FCGI_stderr);
    FCGI_fflush(FCGI_stderr);
    buf_free(&b);
    va_end(ap);
}

static size_t read_stdin(void *ctx, char *buf, size_t n)
{
    (void)ctx;
    return FCGI_fread(buf, 1, n, FCGI_stdin);
}

/* Headers every response carries. */
static void common_headers(Response *rs)
{
    resp_header(rs, "X-Content-Type-Options", "nosniff");
    resp_header(rs, "X-Frame-Options", "DENY");
    resp_header(rs, "Referrer-Policy", "same-origin");
    resp_header(rs, "Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                "frame-ancestors 'none'; base-uri 'none'");
}

static void send_response(const Request *rq, Response *rs)
{
    common_headers(rs);
    Buf head;   /* formatted here: libfcgi's own printf lacks %zu */
    buf_init(&head);
    buf_printf(&head, "Status: %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n",
               rs->status, web_status_text(rs->status), rs->type, rs->body.len);
    buf_add(&head, rs->headers.data ? rs->headers.data : "", rs->headers.len);
    buf_puts(&head, "\r\n");
    FCGI_fwrite(head.data, 1, head.len, FCGI_stdout);
    buf_free(&head);
    if (rs->body.len && strcmp(rq->method, "HEAD") != 0)
        FCGI_fwrite(rs->body.data, 1, rs->body.len, FCGI_stdout);
    FCGI_fflush(FCGI_stdout);
}

static void serve_one(const Page *page)
{
    Request rq;
    Response rs;
    char err[256];
    resp_init(&rs);
    if (page->no_store) resp_header(&rs, "Cache-Control", "no-store");
    int status = req_init(&rq, read_stdin, NULL, err, sizeof err);
    char conf_err[320];
    if (conf_load_file("web.conf", conf_err, sizeof conf_err) != 0) {
        web_log("%s", conf_err);
        web_error(&rq, &rs, 500, "The server's settings file is malformed or unreadable.");
    } else if (status != 0) web_error(&rq, &rs, status, err);
    else if (!route_accepts(page->route, rq.method)) web_method_not_allowed(&rq, &rs, route_allow(page->route));
    else if (req_validate(&rq, page->fields, page->nfields, err, sizeof err) != 0) web_error(&rq, &rs, 400, err);
    else page->handler(&rq, &rs);
    send_response(&rq, &rs);
    req_free(&rq);
    resp_free(&rs);
    conf_free();
}

int web_main(const Page *page)
{
    progname = page->name;
    while (FCGI_Accept() >= 0) serve_one(page);
    return 0;
}

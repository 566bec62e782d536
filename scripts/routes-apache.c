/* routes-apache.c - print an Apache template (htdocs/apache.conf.in or htdocs/htaccess) with its
 * route lines generated again from the route table (lib/web/routes.c). `make routes` rewrites the
 * templates with it; tests/cgi/t20-routes-fields.sh checks that they are up to date. With
 * "table" it prints the table itself, one "PATH PROGRAM PATH_INFO" line per route ("-" for none),
 * for the tests that run the page programs without Apache (tests/web_lib.sh).
 * Usage: routes-apache conf|htaccess TEMPLATE | routes-apache table */
#include "files.h"
#include "routes.h"
#include "routes_apache.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print "routes-apache: message" and exit 1. */
__attribute__((format(printf, 1, 2), noreturn))
static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", progname);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static int print_table(void)
{
    for (int i = 0; i < ROUTE_COUNT; i++)
        printf("%s %s %s\n", routes[i].path, routes[i].program ? routes[i].program : "-",
               routes[i].path_info ? routes[i].path_info : "-");
    return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    progname = "routes-apache";
    if (argc == 2 && !strcmp(argv[1], "table")) return print_table();
    if (argc != 3 || (strcmp(argv[1], "conf") && strcmp(argv[1], "htaccess"))) {
        fprintf(stderr, "usage: routes-apache conf|htaccess TEMPLATE | routes-apache table\n");
        return 2;
    }
    size_t len;
    char *text = read_file(argv[2], &len);
    if (!text) fail("%s: %s", argv[2], strerror(errno));
    Buf out;
    buf_init(&out);
    char err[256];
    if (routes_splice(text, strcmp(argv[1], "conf") ? APACHE_HTACCESS : APACHE_CONF, &out, err, sizeof err) != 0)
        fail("%s: %s", argv[2], err);
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
    free(text);
    return fflush(stdout) == 0 ? 0 : 1;
}

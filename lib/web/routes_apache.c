/* routes_apache.c - the route table as Apache configuration lines, and the templates' generated
 * block. */
#include "routes_apache.h"
#include "routes.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Append s[0..n) with the characters a regular expression gives a meaning escaped. */
static void re_literal(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strchr(".^$|()[]{}*+?\\", s[i])) buf_putc(b, '\\');
        buf_putc(b, s[i]);
    }
}

/* The path of r as the syntax matches it: a .htaccess sees it relative to RewriteBase. */
static const char *rel_path(const Route *r, ApacheSyntax syntax)
{
    return r->path + (syntax == APACHE_HTACCESS);
}

static int is_wild(const Route *r)
{
    size_t n = strlen(r->path);
    return n && r->path[n - 1] == '*';
}

/* The regular expression of r: ^path$, or ^prefix(.*)$ for a path ending in '*', which leaves the
 * static files below prefix to the file system. */
static void route_regex(Buf *b, const Route *r, ApacheSyntax syntax)
{
    const char *path = rel_path(r, syntax);
    size_t n = strlen(path) - (size_t)is_wild(r);
    buf_putc(b, '^');
    re_literal(b, path, n);
    if (is_wild(r)) {
        int first = 1;
        for (int i = 0; i < ROUTE_COUNT; i++) {
            const char *s = rel_path(&routes[i], syntax);
            if (routes[i].program || strncmp(s, path, n) != 0) continue;
            buf_puts(b, first ? "(?!" : "|");
            re_literal(b, s + n, strlen(s + n));
            buf_putc(b, '$');
            first = 0;
        }
        if (!first) buf_putc(b, ')');
        buf_puts(b, "(.*)");
    }
    buf_putc(b, '$');
}

/* Where r leads: the program, with its PATH_INFO. */
static void route_target(Buf *b, const Route *r, ApacheSyntax syntax)
{
    buf_puts(b, syntax == APACHE_CONF ? "@BIN@/cgi-bin/" : "cgi-bin/");
    buf_puts(b, r->program);
    if (is_wild(r)) buf_printf(b, "%s$1", r->path_info ? r->path_info : "/");
    else if (r->path_info) buf_puts(b, r->path_info);
}

/* 1 when route i names a program no earlier route names. */
static int first_of_program(int i)
{
    for (int j = 0; j < i; j++)
        if (routes[j].program && !strcmp(routes[j].program, routes[i].program)) return 0;
    return 1;
}

/* "^(a|b|c)$" of the programs, each once (programs), or of the static files' names. */
static void names_regex(Buf *b, int programs)
{
    int n = 0;
    buf_puts(b, "^(");
    for (int i = 0; i < ROUTE_COUNT; i++) {
        const char *p = routes[i].program;
        const char *name = programs ? (p && first_of_program(i) ? p : NULL) : (p ? NULL : routes[i].path + 1);
        if (!name) continue;
        if (n++) buf_putc(b, '|');
        re_literal(b, name, strlen(name));
    }
    buf_puts(b, ")$");
}

int routes_apache(Buf *b, ApacheSyntax syntax, char *err, size_t errlen)
{
    for (int i = 0; i < ROUTE_COUNT; i++) {
        const char *p = routes[i].path;
        if (p[0] != '/' || strpbrk(p, "\" \t\n") || (!routes[i].program && (strchr(p + 1, '/') || is_wild(&routes[i]))))
            return err_set(err, errlen, "route %s: not a path Apache can serve", p);
    }
    if (syntax == APACHE_CONF) {
        buf_puts(b, "<Directory \"@ROOT@/htdocs\">\n    Options None\n    <FilesMatch \"");
        names_regex(b, 0);
        buf_puts(b, "\">\n        Require all granted\n    </FilesMatch>\n</Directory>\n");
    } else {
        buf_puts(b, "# Plain CGI; for FastCGI (mod_fcgid) use \"SetHandler fcgid-script\" instead.\n<FilesMatch \"");
        names_regex(b, 1);
        buf_puts(b, "\">\n    SetHandler cgi-script\n</FilesMatch>\n");
    }
    for (int i = 0; i < ROUTE_COUNT; i++) {
        if (!routes[i].program) continue;
        buf_puts(b, syntax == APACHE_CONF ? "AliasMatch \"" : "RewriteRule ");
        route_regex(b, &routes[i], syntax);
        buf_puts(b, syntax == APACHE_CONF ? "\" \"" : " ");
        route_target(b, &routes[i], syntax);
        buf_puts(b, syntax == APACHE_CONF ? "\"\n" : " [END]\n");
    }
    return 0;
}

/* 1 when the line (up to its end) starts with a directive that maps URLs. */
static int route_directive(const char *line)
{
    static const char *const names[] = {"Alias", "AliasMatch", "ScriptAlias", "ScriptAliasMatch", "RewriteRule",
                                        "Redirect", "RedirectMatch"};
    while (*line == ' ' || *line == '\t') line++;
    size_t n = 0;
    while (isalpha((unsigned char)line[n])) n++;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && strncasecmp(line, names[i], n) == 0) return 1;
    return 0;
}

int routes_splice(const char *text, ApacheSyntax syntax, Buf *out, char *err, size_t errlen)
{
    enum { BEFORE, INSIDE, AFTER } state = BEFORE;
    int lineno = 0;
    for (const char *line = text, *next; *line; line = next) {
        const char *nl = strchr(line, '\n');
        next = nl ? nl + 1 : line + strlen(line);
        size_t len = (size_t)(next - line);
        lineno++;
        if (strncmp(line, ROUTES_TAG, strlen(ROUTES_TAG)) == 0) {
            if (state != BEFORE) return err_set(err, errlen, "line %d: a second routes block", lineno);
            buf_puts(out, ROUTES_BEGIN "\n");
            if (routes_apache(out, syntax, err, errlen) != 0) return -1;
            state = INSIDE;
        } else if (state == INSIDE) {
            if (strncmp(line, ROUTES_END, strlen(ROUTES_END)) != 0) continue;
            buf_puts(out, ROUTES_END "\n");
            state = AFTER;
        } else if (route_directive(line)) {
            return err_set(err, errlen, "line %d: a route outside the generated block (add it to lib/web/routes.c)",
                           lineno);
        } else {
            buf_add(out, line, len);
        }
    }
    if (state != AFTER)
        return err_set(err, errlen, "no generated block (the lines \"%s...\" and \"%s\")", ROUTES_TAG, ROUTES_END);
    return 0;
}

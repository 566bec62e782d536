/* routes.c - the route table, and the links built from it. */
#include "routes.h"
#include "config.h"
#include "escape.h"

#include <string.h>

const Route routes[ROUTE_COUNT] = {
    [ROUTE_FORM] = {"/", "form", NULL, M_GET, "Compare"},
    [ROUTE_PREDICT] = {"/predict", "predict", NULL, M_POST, NULL},
    [ROUTE_RANK] = {"/rank", "rank", NULL, M_GET | M_POST, "Rank"},
    [ROUTE_USERS_JSON] = {"/users.json", "users", "/.json", M_GET, NULL},
    [ROUTE_USERS] = {"/users", "users", NULL, M_GET, "Users"},
    [ROUTE_USER] = {"/users/*", "users", NULL, M_GET, NULL},
    [ROUTE_IRIS] = {"/iris", "iris", NULL, M_GET, "Iris"},
    [ROUTE_ADMIN] = {"/admin", "admin", NULL, M_GET | M_POST, "Admin"},
    [ROUTE_STYLE] = {"/style.css", NULL, NULL, M_GET, NULL},
    [ROUTE_ICON] = {"/favicon.svg", NULL, NULL, M_GET, NULL},
    [ROUTE_OTHER] = {"/*", "form", NULL, M_GET, NULL},
};

const char *web_base(void)
{
    const char *b = conf_get("base_path");
    return b ? b : "";
}

void route_url(Buf *b, RouteId id, const char *arg)
{
    const char *path = routes[id].path;
    size_t n = strlen(path);
    int wild = n && path[n - 1] == '*';
    html_attr(b, web_base());
    buf_add(b, path, wild ? n - 1 : n);   /* the table's paths need no escaping */
    if (wild && arg) html_url(b, arg);
}

void route_url_query(Buf *b, RouteId id, const char *arg, const char *name, const char *value)
{
    route_url(b, id, arg);
    buf_putc(b, '?');
    html_url(b, name);
    buf_putc(b, '=');
    html_url(b, value);
}

int route_accepts(RouteId id, const char *method)
{
    int m = !strcmp(method, "GET") || !strcmp(method, "HEAD") ? M_GET : !strcmp(method, "POST") ? M_POST : 0;
    return (routes[id].methods & m) != 0;
}

const char *route_allow(RouteId id)
{
    switch (routes[id].methods) {
    case M_GET: return "GET, HEAD";
    case M_POST: return "POST";
    default: return "GET, HEAD, POST";
    }
}

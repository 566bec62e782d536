/* routes.h - the one route table: every URL the app answers, the program behind it, the methods
 * it accepts and its navigation label. Every link of the pages is built from it (route_url), and
 * the route lines of htdocs/apache.conf.in and htdocs/htaccess are generated from it
 * (routes_apache.h; `make routes`), which tests/cgi/t20-routes-fields.sh checks. */
#ifndef TWITOFF_ROUTES_H
#define TWITOFF_ROUTES_H

#include "util.h"

/* The routes, in the order Apache tries them (the first match wins). */
typedef enum {
    ROUTE_NONE = -1,   /* no route (an error page's navigation marks nothing) */
    ROUTE_FORM,        /* /             the comparison form */
    ROUTE_PREDICT,     /* /predict      the answer */
    ROUTE_RANK,        /* /rank         who among all the accounts wrote a text */
    ROUTE_USERS_JSON,  /* /users.json   every user, as JSON */
    ROUTE_USERS,       /* /users        every user */
    ROUTE_USER,        /* /users/NAME   one user and their posts (NAME.json: as JSON) */
    ROUTE_IRIS,        /* /iris         the iris example */
    ROUTE_ADMIN,       /* /admin        the job queue */
    ROUTE_STYLE,       /* /style.css    a static file of htdocs/ */
    ROUTE_ICON,        /* /favicon.svg  a static file of htdocs/ */
    ROUTE_OTHER,       /* anything else: the form program's 404 page */
    ROUTE_COUNT
} RouteId;

/* Methods a route accepts (HEAD is accepted wherever GET is). */
enum { M_GET = 1, M_POST = 2 };

typedef struct {
    const char *path;       /* URL path below base_path; a final '*' matches the rest of the path
                               (one argument, NAME, when a link is built) */
    const char *program;    /* the program in cgi-bin/ that answers, NULL for a file of htdocs/ */
    const char *path_info;  /* PATH_INFO the program gets ("/.json"); NULL: "" for an exact path,
                               "/" and the rest for a path ending in '*' */
    int methods;            /* M_GET, M_POST or both; other methods get 405 */
    const char *nav;        /* label in the navigation bar, NULL when not there */
} Route;

extern const Route routes[ROUTE_COUNT];

/* The URL prefix of the app's pages ("" at the server root; setting base_path). */
const char *web_base(void);

/* Append the URL of route id for a double-quoted attribute: web_base() and the path, with arg (the
 * NAME of a path ending in '*'; NULL for none) percent-encoded. */
void route_url(Buf *b, RouteId id, const char *arg);
/* route_url followed by "?name=value", both percent-encoded. */
void route_url_query(Buf *b, RouteId id, const char *arg, const char *name, const char *value);

/* 1 when route id accepts method (HEAD counts as GET), else 0. */
int route_accepts(RouteId id, const char *method);
/* The Allow header of route id ("GET, HEAD", "POST", "GET, HEAD, POST"). */
const char *route_allow(RouteId id);

#endif

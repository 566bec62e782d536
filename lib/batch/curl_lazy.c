/* curl_lazy.c - the libcurl functions the fetchers use, loaded from libcurl.so.4 on first use, so
 * that commands which never fetch (predict, train, import...) do not pay for loading libcurl and
 * its thirty-odd dependencies at every start. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

static void *lib;   /* the dlopen handle of libcurl */

/* The address of libcurl's symbol name, loading the library first; exits with a clear message
 * when libcurl is missing. */
static void *sym(const char *name)
{
    if (!lib) {
        lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!lib) die(1, "cannot load libcurl (install Debian's libcurl4): %s", dlerror());
    }
    void *p = dlsym(lib, name);
    if (!p) die(1, "libcurl lacks %s", name);
    return p;
}

/* Declare a cached pointer `real` to the libcurl function of the same name. */
#define REAL(type, name) static __typeof__(type) real; if (!real) *(void **)&real = sym(#name)

CURLcode curl_global_init(long flags)
{
    REAL(CURLcode (*)(long), curl_global_init);
    return real(flags);
}

CURL *curl_easy_init(void)
{
    REAL(CURL *(*)(void), curl_easy_init);
    return real();
}

/* Options take one argument: a long, a pointer or a curl_off_t, all passed in one integer
 * register on the LP64 ABIs Debian builds for, so forwarding it as a pointer-sized value is exact. */
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
    REAL(CURLcode (*)(CURL *, CURLoption, ...), curl_easy_setopt);
    va_list ap;
    va_start(ap, option);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return real(curl, option, arg);
}

CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
    REAL(CURLcode (*)(CURL *, CURLINFO, ...), curl_easy_getinfo);
    va_list ap;
    va_start(ap, info);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return real(curl, info, arg);
}

CURLcode curl_easy_perform(CURL *curl)
{
    REAL(CURLcode (*)(CURL *), curl_easy_perform);
    return real(curl);
}

void curl_easy_cleanup(CURL *curl)
{
    REAL(void (*)(CURL *), curl_easy_cleanup);
    real(curl);
}

const char *curl_easy_strerror(CURLcode code)
{
    REAL(const char *(*)(CURLcode), curl_easy_strerror);
    return real(code);
}

char *curl_easy_escape(CURL *curl, const char *s, int length)
{
    REAL(char *(*)(CURL *, const char *, int), curl_easy_escape);
    return real(curl, s, length);
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *s)
{
    REAL(struct curl_slist *(*)(struct curl_slist *, const char *), curl_slist_append);
    return real(list, s);
}

void curl_slist_free_all(struct curl_slist *list)
{
    REAL(void (*)(struct curl_slist *), curl_slist_free_all);
    real(list);
}

time_t curl_getdate(const char *p, const time_t *unused)
{
    REAL(time_t (*)(const char *, const time_t *), curl_getdate);
    return real(p, unused);
}

void curl_free(void *p)
{
    REAL(void (*)(void *), curl_free);
    real(p);
}

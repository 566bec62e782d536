/* curl_lazy.c - the libcurl functions the fetchers use, loaded from libcurl.so.4 on first use, so
 * that commands which never fetch (predict, train, import...) do not pay for loading libcurl and
 * its thirty-odd dependencies at every start. http_new calls curl_lazy_load first; when libcurl
 * cannot be loaded, that is an error it returns, and every function here fails harmlessly. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdlib.h>

#include "curl_lazy.h"
#include "util.h"

/* The libcurl functions, once loaded. */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLcode (*easy_perform)(CURL *);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    time_t (*getdate)(const char *, const time_t *);
} fn;

static int loaded;   /* every member of fn is set */

int curl_lazy_load(char *err, size_t errlen)
{
    static const char *const names[] = {"curl_global_init", "curl_easy_init", "curl_easy_setopt",
        "curl_easy_getinfo", "curl_easy_perform", "curl_easy_cleanup", "curl_easy_strerror",
        "curl_slist_append", "curl_slist_free_all", "curl_getdate"};
    if (loaded) return 0;
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return err_set(err, errlen, "cannot load libcurl (install Debian's libcurl4): %s", dlerror());
    void *p[sizeof names / sizeof *names];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!(p[i] = dlsym(lib, names[i]))) {
            dlclose(lib);
            return err_set(err, errlen, "libcurl lacks %s", names[i]);
        }
    *(void **)&fn.global_init = p[0];
    *(void **)&fn.easy_init = p[1];
    *(void **)&fn.easy_setopt = p[2];
    *(void **)&fn.easy_getinfo = p[3];
    *(void **)&fn.easy_perform = p[4];
    *(void **)&fn.easy_cleanup = p[5];
    *(void **)&fn.easy_strerror = p[6];
    *(void **)&fn.slist_append = p[7];
    *(void **)&fn.slist_free_all = p[8];
    *(void **)&fn.getdate = p[9];
    loaded = 1;   /* the library stays loaded for the process */
    return 0;
}

CURLcode curl_global_init(long flags)
{
    return loaded ? fn.global_init(flags) : CURLE_FAILED_INIT;
}

CURL *curl_easy_init(void)
{
    return loaded ? fn.easy_init() : NULL;
}

/* Options take one argument: a long, a pointer or a curl_off_t, all passed in one integer
 * register on the LP64 ABIs Debian builds for, so forwarding it as a pointer-sized value is exact. */
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
    if (!loaded) return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, option);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return fn.easy_setopt(curl, option, arg);
}

CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
    if (!loaded) return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, info);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return fn.easy_getinfo(curl, info, arg);
}

CURLcode curl_easy_perform(CURL *curl)
{
    return loaded ? fn.easy_perform(curl) : CURLE_FAILED_INIT;
}

void curl_easy_cleanup(CURL *curl)
{
    if (loaded) fn.easy_cleanup(curl);
}

const char *curl_easy_strerror(CURLcode code)
{
    return loaded ? fn.easy_strerror(code) : "libcurl is not loaded";
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *s)
{
    return loaded ? fn.slist_append(list, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *list)
{
    if (loaded) fn.slist_free_all(list);
}

time_t curl_getdate(const char *p, const time_t *unused)
{
    return loaded ? fn.getdate(p, unused) : -1;
}

/* config.c - the instance directory (TWITOFF_HOME) and its twitoff.conf settings. */
#include "config.h"
#include "files.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct {
    char *name;   /* setting name, lower case */
    char *value;  /* value, trimmed */
} Setting;

static Setting *settings;   /* settings read from the file */
static int nsettings;       /* how many */
static char *envbuf;        /* last environment lookup's name buffer */

const char *twitoff_home(void)
{
    const char *h = getenv("TWITOFF_HOME");
    return (h && *h) ? h : "./var";
}

char *home_path(const char *rel)
{
    Buf b;
    buf_init(&b);
    buf_printf(&b, "%s/%s", twitoff_home(), rel);
    return buf_detach(&b);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

static int valid_name(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_')) return 0;
    return 1;
}

static void add_setting(const char *name, const char *value)
{
    for (int i = 0; i < nsettings; i++) {
        if (strcmp(settings[i].name, name) == 0) {
            free(settings[i].value);
            settings[i].value = xstrdup(value);
            return;
        }
    }
    settings = xrealloc(settings, sizeof *settings * (size_t)(nsettings + 1));
    settings[nsettings].name = xstrdup(name);
    settings[nsettings].value = xstrdup(value);
    for (char *p = settings[nsettings].name; *p; p++) *p = (char)tolower((unsigned char)*p);
    nsettings++;
}

static int parse_line(char *line, int lineno, const char *path, char *err, size_t errlen)
{
    char *s = trim(line);
    if (!*s || *s == '#') return 0;
    char *eq = strchr(s, '=');
    if (!eq) return err_set(err, errlen, "%s:%d: expected 'name = value'", path, lineno);
    *eq = '\0';
    char *name = trim(s), *value = trim(eq + 1);
    if (!valid_name(name)) return err_set(err, errlen, "%s:%d: bad setting name", path, lineno);
    add_setting(name, value);
    return 0;
}

int conf_load(char *err, size_t errlen)
{
    conf_free();
    char *path = home_path("twitoff.conf");
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {   /* missing or unreadable: no settings; a FIFO, directory or device: an error */
        int rc = errno == EISDIR || errno == EINVAL
                     ? err_set(err, errlen, "%s: not a regular file", path) : 0;
        free(path);
        return rc;
    }
    int rc = 0, lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        ++lineno;
        if (rc == 0) rc = parse_line(line, lineno, path, err, errlen);
        else parse_line(line, lineno, path, NULL, 0);
    }
    free(text);
    free(path);
    return rc;
}

const char *conf_get(const char *name)
{
    size_t n = strlen(name);
    free(envbuf);
    envbuf = xmalloc(n + 9);
    memcpy(envbuf, "TWITOFF_", 8);
    for (size_t i = 0; i <= n; i++) envbuf[8 + i] = (char)toupper((unsigned char)name[i]);
    const char *env = getenv(envbuf);
    if (env) return env;
    for (int i = 0; i < nsettings; i++)
        if (strcasecmp(settings[i].name, name) == 0) return settings[i].value;
    return NULL;
}

long conf_get_long(const char *name, long def)
{
    const char *v = conf_get(name);
    if (!v || !*v) return def;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    return (errno || *end) ? def : x;
}

double conf_get_double(const char *name, double def)
{
    const char *v = conf_get(name);
    if (!v || !*v) return def;
    char *end;
    double x = strtod(v, &end);
    return *end ? def : x;
}

static int line_names(const char *line, const char *name)
{
    while (isspace((unsigned char)*line)) line++;
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) != 0) return 0;
    line += n;
    while (*line == ' ' || *line == '\t') line++;
    return *line == '=';
}

int conf_set(const char *name, const char *value, char *err, size_t errlen)
{
    if (!valid_name(name) || strchr(value, '\n')) return err_set(err, errlen, "bad setting '%s'", name);
    char *path = home_path("twitoff.conf");
    char *old = read_file(path, NULL);
    Buf out;
    buf_init(&out);
    int replaced = 0;
    for (char *line = old, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        size_t len = next ? (size_t)(next - line) : strlen(line);
        if (next) next++;
        char *copy = xstrndup(line, len);
        if (line_names(copy, name)) {
            if (!replaced) buf_printf(&out, "%s = %s\n", name, value);
            replaced = 1;
        } else {
            buf_printf(&out, "%s\n", copy);
        }
        free(copy);
    }
    if (!replaced) buf_printf(&out, "%s = %s\n", name, value);
    mkdir_p(twitoff_home(), 0755);
    int rc = write_file_atomic(path, out.data, out.len, 0600);
    if (rc != 0) err_set(err, errlen, "cannot write %s: %s", path, strerror(errno));
    else add_setting(name, value);
    free(old);
    free(path);
    buf_free(&out);
    return rc;
}

void conf_free(void)
{
    for (int i = 0; i < nsettings; i++) {
        free(settings[i].name);
        free(settings[i].value);
    }
    free(settings);
    settings = NULL;
    nsettings = 0;
    free(envbuf);
    envbuf = NULL;
}

/* text.c - cleaning post text: UTF-8 repair, HTML entities, R's <U+XXXX> escapes, dates. */
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int utf8_seqlen(const unsigned char *s, size_t len)
{
    if (len == 0) return 0;
    unsigned c = s[0];
    if (c >= 0x01 && c < 0x80) return 1;
    int n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;              /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (len < (size_t)n) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (int i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

int utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    while (len > 0) {
        if (len >= 8) {                          /* 8 ASCII bytes, none of them NUL, at once */
            uint64_t v;
            memcpy(&v, p, 8);
            if (!(v & high) && !((v - ones) & ~v & high)) {
                p += 8;
                len -= 8;
                continue;
            }
        }
        int n = utf8_seqlen(p, len);
        if (n == 0) return 0;
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

int utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Windows-1252 code points for bytes 0x80..0x9F (0 = undefined there). */
static const uint16_t cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

char *utf8_repair(const char *s, size_t len)
{
    Buf b;
    buf_init(&b);
    buf_grow(&b, len);
    const unsigned char *p = (const unsigned char *)s;
    while (len > 0) {
        int n = utf8_seqlen(p, len);
        if (n > 0) {
            buf_add(&b, p, (size_t)n);
        } else {
            uint32_t cp = *p;
            if (cp >= 0x80 && cp < 0xA0) cp = cp1252[cp - 0x80] ? cp1252[cp - 0x80] : 0xFFFD;
            else if (cp == 0) cp = 0xFFFD;
            char enc[4];
            buf_add(&b, enc, (size_t)utf8_put(cp, enc));
            n = 1;
        }
        p += n;
        len -= (size_t)n;
    }
    return buf_detach(&b);
}

typedef struct {
    const char *name;   /* entity name without & and ; */
    uint32_t cp;        /* its code point */
} Entity;

static const Entity entities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
    {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB}, {"raquo", 0xBB},
    {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}, {"euro", 0x20AC}, {"pound", 0xA3},
    {"yen", 0xA5}, {"cent", 0xA2}, {"deg", 0xB0}, {"middot", 0xB7}, {"bull", 0x2022},
    {"times", 0xD7}, {"divide", 0xF7}, {"eacute", 0xE9}, {"egrave", 0xE8}, {"aacute", 0xE1},
    {"agrave", 0xE0}, {"iacute", 0xED}, {"oacute", 0xF3}, {"uacute", 0xFA}, {"ntilde", 0xF1},
    {"ccedil", 0xE7}, {"uuml", 0xFC}, {"ouml", 0xF6}, {"auml", 0xE4}, {"szlig", 0xDF},
    {"iexcl", 0xA1}, {"iquest", 0xBF}, {"sect", 0xA7}, {"para", 0xB6}, {"shy", 0xAD},
};

/* Decode one reference at s (which starts with '&'): the code point and its length, or 0. */
static size_t entity_at(const char *s, uint32_t *cp)
{
    const char *semi = NULL;
    for (int i = 1; i < 12 && s[i]; i++)      /* stop at the terminator: never read past it */
        if (s[i] == ';') {
            semi = s + i;
            break;
        }
    if (!semi || semi - s < 3) return 0;
    size_t n = (size_t)(semi - s) + 1;
    if (s[1] == '#') {
        int hex = (s[2] == 'x' || s[2] == 'X');
        const char *d = s + 2 + hex;
        if (d == semi) return 0;
        uint32_t v = 0;
        for (; d < semi; d++) {
            int c = (unsigned char)*d, dv;
            if (isdigit(c)) dv = c - '0';
            else if (hex && isxdigit(c)) dv = (tolower(c) - 'a') + 10;
            else return 0;
            v = v * (hex ? 16u : 10u) + (uint32_t)dv;
            if (v > 0x10FFFF) return 0;
        }
        *cp = v;
        return n;
    }
    for (size_t i = 0; i < sizeof entities / sizeof *entities; i++) {
        size_t len = strlen(entities[i].name);
        if (len == n - 2 && memcmp(s + 1, entities[i].name, len) == 0) {
            *cp = entities[i].cp;
            return n;
        }
    }
    return 0;
}

void html_unescape_inplace(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        uint32_t cp;
        size_t n = (*r == '&') ? entity_at(r, &cp) : 0;
        if (n) {
            int m = utf8_put(cp, w);       /* never longer than the reference itself */
            w += m;
            r += n;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

void r_unescape_inplace(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (r[0] == '<' && r[1] == 'U' && r[2] == '+') {
            const char *d = r + 3;
            uint32_t v = 0;
            int nd = 0;
            while (isxdigit((unsigned char)*d) && nd < 8) {
                int c = tolower((unsigned char)*d++);
                v = v * 16 + (uint32_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
                nd++;
            }
            if (*d == '>' && nd >= 4 && v <= 0x10FFFF) {
                w += utf8_put(v, w);       /* at most 4 bytes for >= 8 bytes read */
                r = d + 1;
                continue;
            }
        }
        *w++ = *r++;
    }
    *w = '\0';
}

char *text_clean(const char *s, size_t len)
{
    char *t = utf8_repair(s, len);
    r_unescape_inplace(t);
    html_unescape_inplace(t);
    char *w = t;
    for (const char *r = t; *r; r++) {
        unsigned char c = (unsigned char)*r;
        if (c == '\r') {
            if (r[1] != '\n') *w++ = '\n';
        } else if (c < 0x20 && c != '\n') {
            *w++ = ' ';
        } else {
            *w++ = (char)c;
        }
    }
    *w = '\0';
    char *start = t;
    while (*start && isspace((unsigned char)*start)) start++;
    size_t n = strlen(start);
    while (n > 0 && isspace((unsigned char)start[n - 1])) n--;
    memmove(t, start, n);
    t[n] = '\0';
    return t;
}

int text_is_retweet(const char *s)
{
    return strncmp(s, "RT @", 4) == 0;
}

static int month_index(const char *m)
{
    static const char *names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; i++)
        if (strncasecmp(m, names[i], 3) == 0) return i;
    return -1;
}

static int64_t tm_to_unix(struct tm *tm, long offset_seconds)
{
    if (tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1 || tm->tm_mday > 31 ||
        tm->tm_hour > 23 || tm->tm_min > 59 || tm->tm_sec > 60)
        return 0;
    time_t t = timegm(tm);
    return t <= 0 ? 0 : (int64_t)t - offset_seconds;
}

/* "+0000", "+02:00", "+02", "Z" -> seconds east of UTC; unknown forms give 0. */
static long parse_offset(const char *s)
{
    while (*s == ' ') s++;
    if (*s != '+' && *s != '-') return 0;
    int sign = *s++ == '-' ? -1 : 1;
    int d[4], nd = 0;
    for (; nd < 4 && (isdigit((unsigned char)*s) || (*s == ':' && nd == 2)); s++)
        if (*s != ':') d[nd++] = *s - '0';
    if (nd != 2 && nd != 4) return 0;
    long hh = d[0] * 10 + d[1], mm = nd == 4 ? d[2] * 10 + d[3] : 0;
    return sign * (hh * 3600L + mm * 60L);
}

static int64_t parse_iso(const char *s)
{
    struct tm tm = {0};
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3) return 0;
    s += n;
    if (*s == 'T' || *s == ' ') {
        int m = 0;
        if (sscanf(s + 1, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &m) == 2) {
            s += 1 + m;
            if (*s == ':' && sscanf(s + 1, "%2d%n", &tm.tm_sec, &m) == 1) s += 1 + m;
            if (*s == '.')
                for (s++; isdigit((unsigned char)*s); s++) {}
        }
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return tm_to_unix(&tm, parse_offset(s));
}

static int64_t parse_twitter(const char *s)
{
    char wd[4], mon[4], off[8];
    struct tm tm = {0};
    if (sscanf(s, "%3s %3s %d %d:%d:%d %7s %d", wd, mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec, off, &tm.tm_year) != 8)
        return 0;
    tm.tm_mon = month_index(mon);
    tm.tm_year -= 1900;
    return tm_to_unix(&tm, parse_offset(off));
}

static int64_t parse_us(const char *s)
{
    struct tm tm = {0};
    int y;
    if (sscanf(s, "%d/%d/%d %d:%d", &tm.tm_mon, &tm.tm_mday, &y, &tm.tm_hour, &tm.tm_min) < 3)
        return 0;
    if (y < 100) y += 2000;
    tm.tm_year = y - 1900;
    tm.tm_mon -= 1;
    return tm_to_unix(&tm, 0);
}

int64_t parse_date(const char *s)
{
    if (!s) return 0;
    while (isspace((unsigned char)*s)) s++;
    if (!*s) return 0;
    size_t digits = strspn(s, "0123456789");
    if (digits == strlen(s) && digits >= 9 && digits <= 12) return strtoll(s, NULL, 10);
    if (digits == 4 && s[4] == '-') return parse_iso(s);
    if (isalpha((unsigned char)s[0])) return parse_twitter(s);
    if (strchr(s, '/')) return parse_us(s);
    return 0;
}

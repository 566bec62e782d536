/* escape.c - escaping by construction: HTML text and attributes, URL segments, JSON strings. */
#include "escape.h"
#include "text.h"

#include <string.h>

void html_text(Buf *b, const char *s)
{
    while (s && *s) {
        size_t run = strcspn(s, "&<>\"'");   /* copied as is, in one piece */
        buf_add(b, s, run);
        s += run;
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&#39;"); break;
        default: return;   /* the end of s */
        }
        s++;
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
    buf_puts(b, sel ? "<option selected value=\"" : "<option value=\"");
    html_attr(b, value);
    buf_puts(b, "\">");
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
        } else if (c < 0x80) buf_putc(b, (char)c);
        else {
            /* s is NUL-terminated: utf8_seqlen stops at the first byte that does not fit */
            int n = utf8_seqlen((const unsigned char *)s, 4);
            if (n == 0) buf_puts(b, "\\ufffd");   /* invalid, truncated, overlong, surrogate */
            else {
                buf_add(b, s, (size_t)n);
                s += n - 1;
            }
        }
    }
    buf_putc(b, '"');
}

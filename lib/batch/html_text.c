/* html_text.c - a Mastodon post's HTML content (and content warning) turned into plain text. */
#include "html_text.h"
#include "util.h"

#include <libxml/HTMLparser.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

static int is_block(const char *name)
{
    static const char *blocks[] = {"p", "div", "li", "blockquote", "pre", "h1", "h2", "h3",
                                   "h4", "h5", "h6", "ul", "ol"};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (!strcasecmp(name, blocks[i])) return 1;
    return 0;
}

/* Append s with '&' kept escaped, so that text_clean decodes nothing twice. */
static void put_escaped(Buf *out, const char *s)
{
    for (; *s; s++)
        if (*s == '&') buf_puts(out, "&amp;");
        else buf_putc(out, *s);
}

/* Append the text under n. */
static void html_walk(const xmlNode *n, Buf *out)
{
    for (; n; n = n->next) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            put_escaped(out, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            if (!strcasecmp(name, "br")) buf_putc(out, '\n');
            else if (!strcasecmp(name, "script") || !strcasecmp(name, "style")) continue;
            else {
                html_walk(n->children, out);
                if (is_block(name)) buf_puts(out, "\n\n");
            }
        }
    }
}

/* Append the text of html[0..len) to out. */
static void html_append(Buf *out, const char *html, size_t len)
{
    if (!html || !len || len > INT_MAX) return;
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc) html_walk(xmlDocGetRootElement(doc), out);
    xmlFreeDoc(doc);
}

char *html_to_text(const char *html, size_t len)
{
    return post_html_text(html, len, NULL);
}

char *post_html_text(const char *html, size_t len, const char *warning)
{
    Buf out;
    buf_init(&out);
    if (warning && *warning) {
        put_escaped(&out, warning);
        buf_puts(&out, "\n\n");
    }
    html_append(&out, html, len);
    buf_putc(&out, '\0');
    return buf_detach(&out);
}

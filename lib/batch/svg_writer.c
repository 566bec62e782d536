/* svg_writer.c - the SVG root, attributes and text elements the lists' pictures share. */
#include "svg_writer.h"
#include "util.h"

#include <libxml/parser.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void svg_begin(xmlTextWriterPtr w, int width, int height)
{
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "svg");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/2000/svg");
    svg_attrf(w, "width", "%d", width);
    svg_attrf(w, "height", "%d", height);
    svg_attrf(w, "viewBox", "0 0 %d %d", width, height);
    xmlTextWriterWriteAttribute(w, BAD_CAST "role", BAD_CAST "img");
    xmlTextWriterWriteAttribute(w, BAD_CAST "font-family", BAD_CAST "sans-serif");
    xmlTextWriterWriteAttribute(w, BAD_CAST "font-size", BAD_CAST "11");
    xmlTextWriterWriteAttribute(w, BAD_CAST "fill", BAD_CAST "#222222");
}

void svg_end(xmlTextWriterPtr w)
{
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
}

void svg_attrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xmlTextWriterWriteVFormatAttribute(w, BAD_CAST name, fmt, ap);
    va_end(ap);
}

void svg_text(xmlTextWriterPtr w, double x, double y, const char *attr, const char *val, const char *text)
{
    xmlTextWriterStartElement(w, BAD_CAST "text");
    svg_attrf(w, "x", "%g", x);
    svg_attrf(w, "y", "%g", y);
    if (attr) xmlTextWriterWriteAttribute(w, BAD_CAST attr, BAD_CAST val);
    xmlTextWriterWriteString(w, BAD_CAST text);
    xmlTextWriterEndElement(w);
}

static void xml_quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/* 1 when the document parses: the writer's calls return errors the drawings do not follow one
 * by one, so the whole result is checked once. */
static int well_formed(const char *doc)
{
    xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "picture.svg", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlFreeDoc(d);
    return d != NULL;
}

char *svg_render(void (*fn)(xmlTextWriterPtr w, const void *ctx), const void *ctx)
{
    xmlSetGenericErrorFunc(NULL, xml_quiet);   /* libxml2's own messages are not printed */
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    char *svg = NULL;
    if (w) {
        xmlTextWriterSetIndent(w, 1);
        fn(w, ctx);
        xmlFreeTextWriter(w);
        svg = xstrdup((const char *)xmlBufferContent(buf));
        if (!well_formed(svg)) {   /* a writer call failed (libxml2 out of memory): no half file */
            free(svg);
            svg = NULL;
        }
    }
    xmlBufferFree(buf);
    return svg;
}

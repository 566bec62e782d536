/* trivial_post.c - a second baseline plain CGI for `make bench`: what any POST /predict answer
 * costs Apache and the client whatever the program does. It reads the request body (CONTENT_LENGTH
 * bytes) and writes a fixed HTML page of PAGE_BYTES, about the size of the /predict answer on the
 * demo data (7.9 KB), and nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PAGE_BYTES
#define PAGE_BYTES 7900
#endif

int main(void)
{
    static char body[65536], page[PAGE_BYTES];
    const char *cl = getenv("CONTENT_LENGTH");
    size_t want = cl ? (size_t)strtoul(cl, NULL, 10) : 0, got = 0;
    while (got < want && got < sizeof body) {
        size_t n = fread(body + got, 1, (want - got < sizeof body - got ? want - got : sizeof body - got), stdin);
        if (n == 0) break;
        got += n;
    }
    memset(page, 'x', sizeof page);
    printf("Content-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n", PAGE_BYTES);
    fwrite(page, 1, sizeof page, stdout);
    return 0;
}

/* trivial.c - the baseline plain CGI for `make bench`: the least a CGI can do. */
#include <stdio.h>
int main(void) { puts("Content-Type: text/plain\r\n\r\nok"); return 0; }

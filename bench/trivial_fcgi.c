/* trivial_fcgi.c - the baseline FastCGI program for `make bench`: answers "ok" to every request. */
#include <fcgiapp.h>
int main(void)
{
    FCGX_Stream *in, *out, *err;
    FCGX_ParamArray env;
    while (FCGX_Accept(&in, &out, &err, &env) >= 0)
        FCGX_PutS("Content-Type: text/plain\r\n\r\nok\n", out);
    return 0;
}

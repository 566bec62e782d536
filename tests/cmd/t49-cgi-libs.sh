#!/usr/bin/env bash
# t49-cgi-libs.sh - no CGI binary links libcurl, jansson, libxml2 or the fetch code (they cost start-up
# time on every request); the batch command does link them, which shows the check can see them.
. "$(dirname "$0")/../lib.sh"
banned='libcurl|libjansson|libxml2'
t_match "ldd sees libcurl and jansson in bin/twitoff" 'libcurl.*libjansson|libjansson.*libcurl' "$(ldd "$TWITOFF" | tr '\n' ' ')"
t_match "nm sees the fetch code in bin/twitoff" ' T fetch_handles$' "$(nm "$TWITOFF")"
n=0
for cgi in "$BIN"/cgi-bin/*; do
    [ -f "$cgi" ] && [ -x "$cgi" ] || continue
    n=$((n + 1))
    name=$(basename "$cgi")
    t_nomatch "$name links no curl/jansson/libxml2" "$banned" "$(ldd "$cgi")"
    t_nomatch "$name holds no fetch or HTTP client code" ' [TU] (fetch_handles|http_get|curl_easy_init|json_loadb)$' "$(nm "$cgi")"
done
echo "t49-cgi-libs: checked $n CGI binaries"
t_done

#!/usr/bin/env bash
# t49-cgi-libs.sh - no CGI binary links libcurl, jansson, libxml2 or the fetch code (they cost start-up
# time on every request); the batch command does link jansson and libxml2 and holds the curl
# loader, which shows the checks can see them.
. "$(dirname "$0")/../lib.sh"
banned='libcurl|libjansson|libxml2'
t_match "ldd sees jansson and libxml2 in bin/twitoff" 'libjansson.*libxml2' "$(ldd "$TWITOFF" | tr '\n' ' ')"
t_nomatch "bin/twitoff loads libcurl only when it fetches" 'libcurl' "$(ldd "$TWITOFF")"
t_match "nm sees the curl loader in bin/twitoff" ' T curl_easy_init$' "$(nm "$TWITOFF")"
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

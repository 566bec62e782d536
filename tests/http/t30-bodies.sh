#!/usr/bin/env bash
# t30-bodies.sh - request bodies under a real Apache, as plain CGI (mod_cgid) and as FastCGI
# (mod_fcgid): a chunked POST (no Content-Length) is read, and every refused body (wrong type,
# too large, another method, a bad query string) is drained, so the client gets the whole error
# page: curl sees no reset and no empty reply, Apache logs no AH02651/AH00574.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
. "$ROOT/scripts/httpd.sh"
web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
chmod 755 "$T"
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
trap 'httpd_stop "$TWITOFF_HOME"; rm -rf "$T"' EXIT
FORM="screen_name_a=fchollet&screen_name_b=KimKardashian&tweet_text=Keras+deep+learning+models"
head -c 60000 /dev/zero | tr '\0' 'x' > "$T/60k"
{ printf 'screen_name_a=fchollet&screen_name_b=KimKardashian&tweet_text='; head -c 70000 /dev/zero | tr '\0' 'y'; } > "$T/70k"
head -c 300000 /dev/zero | tr '\0' 'z' > "$T/300k"

# whole NAME STATUS CURL_ARGS...: the answer has STATUS, curl ended cleanly (exit 0: no reset,
# no empty reply) and the body is the whole page (its closing tag, or a JSON object that parses).
whole() {
    local name=$1 want=$2; shift 2
    local got rc
    got=$(curl -sS --max-time 20 -o "$T/body" -w '%{http_code}' "$@" 2>"$T/curl.err"); rc=$?
    t_eq "$MODE: $name: status" "$want" "$got"
    t_eq "$MODE: $name: curl exit (no reset or empty reply)" "0" "$rc$(sed "s/^/ /" "$T/curl.err")"
    if [ "$(head -c 1 "$T/body")" = "{" ]; then
        t_ok "$MODE: $name: whole JSON object" /usr/bin/python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/body"
    else
        t_match "$MODE: $name: whole page" '</html>' "$(tail -c 200 "$T/body")"
    fi
}

checks() {
    whole "chunked POST read" 200 -H 'Transfer-Encoding: chunked' -H 'Accept: application/json' \
        --data "$FORM" "$URL/predict"
    t_match "$MODE: chunked POST answered" '"screen_name_most_likely":"(fchollet|KimKardashian)"' "$(cat "$T/body")"
    whole "chunked POST, HTML" 200 -H 'Transfer-Encoding: chunked' --data "$FORM" "$URL/predict"
    t_match "$MODE: chunked POST: the text came through" 'Keras deep learning models' "$(cat "$T/body")"
    whole "chunked POST too large" 413 -H 'Transfer-Encoding: chunked' --data-binary "@$T/70k" "$URL/predict"
    whole "wrong Content-Type with a body" 415 -H 'Content-Type: text/plain' --data-binary "@$T/60k" "$URL/predict"
    whole "wrong Content-Type, chunked" 415 -H 'Content-Type: text/plain' -H 'Transfer-Encoding: chunked' \
        --data-binary "@$T/60k" "$URL/predict"
    whole "body over the page limit" 413 --data-binary "@$T/300k" "$URL/predict"
    whole "PUT with a body (405)" 405 -X PUT --data-binary "@$T/300k" "$URL/predict"
    whole "DELETE with a chunked body (405)" 405 -X DELETE -H 'Transfer-Encoding: chunked' \
        --data-binary "@$T/60k" "$URL/"
    whole "bad query string with a body (400)" 400 --data-binary "@$T/60k" "$URL/predict?a=%zz"
    whole "GET with a body" 200 -X GET --data-binary "@$T/60k" "$URL/"
    t_eq "$MODE: still answering" 200 "$(curl -s -o /dev/null --max-time 10 -w '%{http_code}' "$URL/")"
    t_nomatch "$MODE: no AH02651/AH00574 in the log" 'AH02651|AH00574|AH01215|premature end' \
        "$(cat "$TWITOFF_HOME/httpd/error.log")"
}

for MODE in cgi fcgi; do
    if ! httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" "$PORT" "$MODE"; then
        t_fail "$MODE: httpd start" "$(tail -5 "$TWITOFF_HOME/httpd/error.log" 2>/dev/null)"
        continue
    fi
    checks
    httpd_stop "$TWITOFF_HOME"
done
t_done

#!/usr/bin/env bash
# t10-apache.sh - the pages under a real Apache httpd on a free loopback port, as plain CGI and
# as FastCGI (mod_fcgid): clean URLs, JSON variants, every error status, hostile input, secrets
# not downloadable, and FastCGI reloading files that change on disk.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
. "$ROOT/scripts/httpd.sh"
web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
KEY=$("$TWITOFF" -q admin-key)
chmod 755 "$T"
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
trap 'httpd_stop "$TWITOFF_HOME"; rm -rf "$T"' EXIT

# req NAME EXPECTED_STATUS CURL_ARGS...: one request; body in $T/body, headers in $T/head.
req() {
    local name=$1 want=$2; shift 2
    local got
    got=$(curl -s --max-time 30 -o "$T/body" -D "$T/head" -w '%{http_code}' "$@")
    t_eq "$MODE: $name" "$want" "$got"
}
body() { cat "$T/body"; }
FORM="screen_name_a=fchollet&screen_name_b=KimKardashian"

checks() {
    req "GET /" 200 "$URL/"
    t_match "$MODE: form" 'name="tweet_text"' "$(body)"
    t_match "$MODE: security headers" 'X-Content-Type-Options: nosniff' "$(cat "$T/head")"
    req "HEAD /" 200 -I "$URL/"
    req "style.css" 200 "$URL/style.css"
    t_match "$MODE: css type" 'Content-Type: text/css' "$(cat "$T/head")"
    req "POST /predict" 200 --data "$FORM&tweet_text=Keras+deep+learning" "$URL/predict"
    t_match "$MODE: sentence" "the user who is most likely to say 'Keras deep learning' is '@fchollet'</p>" "$(body)"
    req "POST /predict json" 200 -H 'Accept: application/json' --data "$FORM&tweet_text=KKW+HEARTS+perfumes+available+NOW" "$URL/predict"
    t_match "$MODE: json answer" '"screen_name_most_likely":"KimKardashian"' "$(body)"
    req "GET /users" 200 "$URL/users"
    req "GET /users.json" 200 "$URL/users.json"
    t_match "$MODE: users json" '^\{"users":\[' "$(body)"
    req "GET /users/NAME" 200 "$URL/users/wesmckinn"
    req "GET /users/NAME.json" 200 "$URL/users/wesmckinn.json"
    req "GET /users/NAME json accept" 200 -H 'Accept: application/json' "$URL/users/wesmckinn"
    t_match "$MODE: user json" '"screen_name":"wesmckinn"' "$(body)"
    req "GET /iris" 200 "$URL/iris"
    t_eq "$MODE: iris setosa x2" 2 "$(body | grep -c 'prediction"><strong>setosa')"
    req "GET /admin" 200 "$URL/admin"
    req "POST /admin key" 200 --data "key=$KEY&action=retrain" "$URL/admin"
    req "POST /admin wrong key" 403 --data "key=nope&action=retrain" "$URL/admin"
    t_match "$MODE: permission denied" 'Permission denied' "$(body)"
    req "404 page" 404 "$URL/no/such/page"
    t_match "$MODE: 404 full page" '</html>' "$(body)"
    req "405" 405 -X DELETE "$URL/predict"
    req "GET /predict 405" 405 "$URL/predict"
    req "400" 400 --data "screen_name_a=fchollet" "$URL/predict"
    t_match "$MODE: 400 names field" 'screen_name_b' "$(body)"
    req "404 user" 404 --data "screen_name_a=fchollet&screen_name_b=ghost&tweet_text=hi" "$URL/predict"
    head -c 70000 /dev/zero | tr '\0' a > "$T/big"
    req "413" 413 --data-binary "@$T/big" "$URL/predict"
    t_match "$MODE: 413 full page" '</html>' "$(body)"
    # hostile input
    req "script" 200 --data "$FORM&tweet_text=%3Cscript%3Ealert(1)%3C%2Fscript%3E" "$URL/predict"
    t_nomatch "$MODE: script escaped" '<script>' "$(body)"
    req "quote in attribute" 200 --data "screen_name_a=fchollet&screen_name_b=KimKardashian&tweet_text=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E" "$URL/predict"
    t_nomatch "$MODE: attribute escaped" '"><img' "$(body)"
    req "sql injection handle" 400 --data "screen_name_a=fchollet&screen_name_b=x%27+OR+1%3D1+--&tweet_text=hi" "$URL/predict"
    req "sql injection user path" 404 "$URL/users/x%27%20OR%201=1%20--"
    req "NUL" 400 --data "$FORM&tweet_text=a%00b" "$URL/predict"
    req "overlong UTF-8" 400 --data "$FORM&tweet_text=%C0%AF" "$URL/predict"
    req "invalid UTF-8" 400 --data "$FORM&tweet_text=%ED%A0%80" "$URL/predict"
    req "raw invalid bytes in query" 400 "$URL/users?page=%FF"
    # secrets
    for p in twitoff.conf twitoff.db var/twitoff.db ../var/twitoff.db %2e%2e/twitoff.conf apache.conf.in httpd/httpd.conf; do
        got=$(curl -s --max-time 10 -o "$T/body" -w '%{http_code}' --path-as-is "$URL/$p")
        t_match "$MODE: /$p not served" '^(400|403|404)$' "$got"
        t_nomatch "$MODE: /$p no secret" "admin_key_sha256|SQLite format" "$(body)"
    done
    t_eq "$MODE: still alive" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/")"
}

# reloads: FastCGI keeps files in memory; a replaced file must be served at once.
reloads() {
    mkdir -p "$TWITOFF_HOME/lists"
    printf '<option value="fchollet">fchollet</option>\n<option value="wesmckinn">wesmckinn</option>\n' > "$T/u.html"
    mv "$T/u.html" "$TWITOFF_HOME/lists/users.html"
    req "form after lists" 200 "$URL/"
    t_nomatch "$MODE: new users.html used" 'KimKardashian' "$(body)"
    printf '<option value="KimKardashian">KimKardashian</option>\n<option value="fchollet">fchollet</option>\n' > "$T/u.html"
    mv "$T/u.html" "$TWITOFF_HOME/lists/users.html"
    req "form after new lists" 200 "$URL/"
    t_match "$MODE: replaced users.html used" 'selected value="KimKardashian"' "$(body)"
    rm -f "$TWITOFF_HOME/lists/users.html"
    local m=$TWITOFF_HOME/models/KimKardashian-fchollet.model
    req "precomputed" 200 -H 'Accept: application/json' --data "$FORM&tweet_text=hello" "$URL/predict"
    t_match "$MODE: precomputed" '"model":"precomputed"' "$(body)"
    mv "$m" "$T/saved.model"
    req "model removed" 200 -H 'Accept: application/json' --data "$FORM&tweet_text=hello" "$URL/predict"
    t_match "$MODE: live after removal" '"model":"live"' "$(body)"
    cp "$T/saved.model" "$m.tmp" && mv "$m.tmp" "$m"
    req "model back" 200 -H 'Accept: application/json' --data "$FORM&tweet_text=hello" "$URL/predict"
    t_match "$MODE: precomputed again" '"model":"precomputed"' "$(body)"
}

for MODE in cgi fcgi; do
    if ! httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" "$PORT" "$MODE"; then
        t_fail "$MODE: httpd start" "$(tail -5 "$TWITOFF_HOME/httpd/error.log" 2>/dev/null)"
        continue
    fi
    checks
    reloads
    t_nomatch "$MODE: no crash in the log" 'Segmentation|premature end|AddressSanitizer' "$(cat "$TWITOFF_HOME/httpd/error.log")"
    t_nomatch "$MODE: key never logged" "$KEY" "$(cat "$TWITOFF_HOME/httpd/"*.log)"
    httpd_stop "$TWITOFF_HOME"
done
t_done

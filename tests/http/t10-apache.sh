#!/usr/bin/env bash
# t10-apache.sh - the pages under a real Apache httpd on a free loopback port, as plain CGI and
# as FastCGI (mod_fcgid): the request table both web suites share (tests/web/requests.txt: clean
# URLs, JSON variants, every error status, hostile input), static files, secrets not
# downloadable, and FastCGI reloading files that change on disk.
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

# checks: the request table both web suites share (tests/web/requests.txt), then what only a web
# server does: the static files, and nothing else of the directories reachable.
checks() {
    WEB_PREFIX="$MODE: " web_requests http
    req "style.css" 200 "$URL/style.css"
    t_match "$MODE: css type" 'Content-Type: text/css' "$(cat "$T/head")"
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
    req "pair model" 200 -H 'Accept: application/json' --data "$FORM&tweet_text=hello" "$URL/predict"
    t_match "$MODE: pair model" '"model":"pair"' "$(body)"
    mv "$m" "$T/saved.model"
    req "model removed" 200 -H 'Accept: application/json' --data "$FORM&tweet_text=hello" "$URL/predict"
    t_match "$MODE: shared model after removal" '"model":"shared"' "$(body)"
    cp "$T/saved.model" "$m.tmp" && mv "$m.tmp" "$m"
    req "model back" 200 -H 'Accept: application/json' --data "$FORM&tweet_text=hello" "$URL/predict"
    t_match "$MODE: pair model again" '"model":"pair"' "$(body)"
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

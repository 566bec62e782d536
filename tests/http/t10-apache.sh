#!/usr/bin/env bash
# t10-apache.sh - the pages under a real Apache httpd on a free loopback port, as plain CGI and
# as FastCGI (mod_fcgid): the request table both web suites share (tests/web/requests.txt: clean
# URLs, JSON variants, every error status, hostile input), static files, secrets not
# downloadable, FastCGI reloading files that change on disk, the admin session (sign in once, act
# with the CSRF token, sign out), and pages reading the store (as the web user, when run as root)
# while the batch writes it.
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

# admin_session: sign in once (a cookie jar), two actions with the form token and no key, a
# missing token refused, sign-out ends the session.
admin_session() {
    local jar=$T/jar.$MODE csrf
    rm -f "$jar"
    req "admin sign in" 200 -c "$jar" --data "key=$KEY&action=view" "$URL/admin"
    t_match "$MODE: session cookie" '^Set-Cookie: twitoff_admin=[0-9a-f]{64}; Path=/admin; Max-Age=1800; HttpOnly; SameSite=Strict' "$(cat "$T/head")"
    csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
    req "admin action with the session, no key" 200 -b "$jar" --data "action=retrain&csrf=$csrf" "$URL/admin"
    t_match "$MODE: queued with the session" 'Queued job #[0-9]+ \(retrain\)' "$(body)"
    req "admin second action, no key" 200 -b "$jar" --data "action=seed&csrf=$csrf" "$URL/admin"
    req "admin action without the form token" 403 -b "$jar" --data "action=seed" "$URL/admin"
    req "admin sign out" 200 -b "$jar" -c "$jar" --data "action=signout&csrf=$csrf" "$URL/admin"
    req "admin after sign-out" 403 -b "$jar" --data "action=seed&csrf=$csrf" "$URL/admin"
}

# concurrent_read: pages answer from the store while `twitoff import` writes 60,000 posts into
# it in one transaction (WAL: readers see the last commit; as root the pages run as www-data,
# which can neither write the store nor create its -wal/-shm files).
concurrent_read() {
    python3 -c 'import json
for i in range(60000): print(json.dumps({"id": str(i + 1), "screen_name": "bulkwriter", "created_at": "2020-01-01T00:00:00Z", "text": "bulk post number %d about things" % i}))' > "$T/bulk.jsonl"
    "$TWITOFF" -q import "$T/bulk.jsonl" & local pid=$! n=0 ok=0 during=0 code
    while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 200 ]; do
        code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$URL/users/fchollet")
        n=$((n + 1)); [ "$code" = 200 ] && ok=$((ok + 1))
        kill -0 "$pid" 2>/dev/null && during=$((during + 1))
    done
    wait "$pid"
    t_eq "$MODE: import during the reads exits 0" 0 "$?"
    t_ok "$MODE: some reads ran while the batch wrote ($during of $n)" test "$during" -gt 0
    t_eq "$MODE: every read during the write answered 200" "$n" "$ok"
    req "users after the commit" 200 "$URL/users/bulkwriter"
    t_match "$MODE: the committed posts are read" 'bulk post number' "$(body)"
    "$TWITOFF" -q import /dev/null 2>/dev/null
    sql "DELETE FROM users WHERE handle = 'bulkwriter'"
}

# warm: httpd_warm leaves every page's FastCGI class at its FcgidMinProcessesPerClass (8) or more,
# so that no visitor waits on mod_fcgid's one-second spawn retry; under plain CGI it leaves none.
warm() {
    httpd_warm "$URL" 32 3 "$BIN" >/dev/null 2>&1
    local p n
    for p in form predict rank users iris admin; do
        n=$(warm_count "$p")
        if [ "$MODE" = fcgi ]; then t_ok "$MODE: httpd_warm leaves $p with >= 8 processes ($n)" test "$n" -ge 8
        else t_eq "$MODE: no $p process stays under plain CGI" 0 "$n"; fi
    done
}

for MODE in cgi fcgi; do
    if ! httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" "$PORT" "$MODE"; then
        t_fail "$MODE: httpd start" "$(tail -5 "$TWITOFF_HOME/httpd/error.log" 2>/dev/null)"
        continue
    fi
    checks
    reloads
    admin_session
    concurrent_read
    warm
    t_nomatch "$MODE: no crash in the log" 'Segmentation|premature end|AddressSanitizer' "$(cat "$TWITOFF_HOME/httpd/error.log")"
    t_nomatch "$MODE: key never logged" "$KEY" "$(cat "$TWITOFF_HOME/httpd/"*.log)"
    httpd_stop "$TWITOFF_HOME"
done
t_done

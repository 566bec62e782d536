#!/usr/bin/env bash
# t20-routes-fields.sh - the route table against the Apache templates (their route lines are the
# generator's; every URL of the HTTP contract reaches the program it must; every program is
# routed), and the pages' typed fields: checked before a page runs (400 naming the field, the
# page not run), page numbers, iris measurements, methods, each admin action with bad inputs.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
BUILD=${BUILD:-$ROOT/build/std}
GEN=$BUILD/gen/routes-apache

# --- routes: the templates carry the table's lines
for t in conf:apache.conf.in htaccess:htaccess; do
    syntax=${t%%:*} file=${t#*:}
    if "$GEN" "$syntax" "$ROOT/htdocs/$file" > "$T/$file" 2> "$T/gen.err"; then
        t_ok "htdocs/$file: the route lines are the table's (make routes)" diff -u "$ROOT/htdocs/$file" "$T/$file"
    else
        t_fail "routes-apache $syntax htdocs/$file" "$(cat "$T/gen.err")"
    fi
done
sed 's|"@BIN@/cgi-bin/iris"|"@BIN@/cgi-bin/admin"|' "$ROOT/htdocs/apache.conf.in" > "$T/moved.conf"
"$GEN" conf "$T/moved.conf" > "$T/moved.out"
t_fails "a route moved to another program is noticed" cmp -s "$T/moved.conf" "$T/moved.out"
printf 'AliasMatch "^/x$" "@BIN@/cgi-bin/form"\n%s\n' "$(cat "$ROOT/htdocs/apache.conf.in")" > "$T/extra.conf"
t_fails "a route outside the generated block is refused" "$GEN" conf "$T/extra.conf"
grep -v '^# End of the routes' "$ROOT/htdocs/htaccess" > "$T/nomarker"
t_fails "a template without the end marker is refused" "$GEN" htaccess "$T/nomarker"

# where SYNTAX FILE URL...: for each URL, "PROGRAM PATH_INFO" as the template's route lines map it
# (the first AliasMatch or RewriteRule that matches wins, as in Apache), or "file NAME" when none
# does and the file system serves it.
where() {
    /usr/bin/python3 - "$@" <<'PY'
import re, sys
syntax, path, urls = sys.argv[1], sys.argv[2], sys.argv[3:]
rules = []
for line in open(path, encoding="utf-8"):
    m = re.match(r'AliasMatch "([^"]*)" "@BIN@/cgi-bin/([^"]*)"$', line) if syntax == "conf" else \
        re.match(r'RewriteRule (\S+) cgi-bin/(\S+) \[END\]$', line)
    if m: rules.append((re.compile(m.group(1)), m.group(2)))
for url in urls:
    rel = url if syntax == "conf" else url[1:]
    for rx, target in rules:
        m = rx.match(rel)
        if m:
            t = re.sub(r'\$(\d)', lambda g: m.group(int(g.group(1))) or "", target)
            prog, _, rest = t.partition("/")
            print(prog, "/" + rest if _ else "")
            break
    else:
        print("file", url[1:])
PY
}
URLS=(/ /predict /users /users.json /users/wesmckinn /users/wesmckinn.json /users/ /iris /admin
      /style.css /favicon.svg /nope /no/such/page /predict/x /usersx /users.jsonx /twitoff.conf)
WANT=("form " "predict " "users " "users /.json" "users /wesmckinn" "users /wesmckinn.json" "users /"
      "iris " "admin " "file style.css" "file favicon.svg" "form /nope" "form /no/such/page"
      "form /predict/x" "form /usersx" "form /users.jsonx" "form /twitoff.conf")
for syntax in conf htaccess; do
    file=apache.conf.in; [ $syntax = htaccess ] && file=htaccess
    mapfile -t got < <(where $syntax "$ROOT/htdocs/$file" "${URLS[@]}")
    for i in "${!URLS[@]}"; do t_eq "$file: ${URLS[$i]} -> ${WANT[$i]}" "${WANT[$i]}" "${got[$i]-}"; done
done
t_eq "every program is routed, and only programs that exist" "$(ls "$BIN/cgi-bin" | sort | tr '\n' ' ')" \
    "$(grep -o 'cgi-bin/[a-z]*' "$ROOT/htdocs/apache.conf.in" | sed 's|cgi-bin/||' | sort -u | tr '\n' ' ')"
t_eq "the .htaccess runs every program as a CGI" "^($(grep '^RewriteRule' "$ROOT/htdocs/htaccess" |
    grep -o 'cgi-bin/[a-z]*' | sed 's|cgi-bin/||' | awk '!s[$0]++' | paste -sd'|'))\$" \
    "$(sed -n 's/^<FilesMatch "\(.*\)">$/\1/p' "$ROOT/htdocs/htaccess" | tail -1)"
t_match "the server configuration serves exactly the static files" '<FilesMatch "\^\(style\\\.css\|favicon\\\.svg\)\$">' \
    "$(cat "$ROOT/htdocs/apache.conf.in")"

# --- typed fields: checked before the page runs
web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
for i in $(seq 1 30); do
    sql "INSERT INTO posts (user_id, remote_id, created_at, text) SELECT id, 'extra$i', 1000 + $i, 'old post $i' FROM users WHERE handle = 'wesmckinn'"
done
cgi users GET "/wesmckinn" "page=2"
t_eq "?page=2: 200" 200 "$STATUS"
t_eq "?page=2: the 20 oldest posts" 20 "$(echo "$BODY_OUT" | grep -c '^<li><p>')"
t_match "?page=2: says so" 'Page 2 of 2' "$BODY_OUT"
t_match "?page=2: link back to page 1" 'href="/users/wesmckinn\?page=1" rel="prev"' "$BODY_OUT"
cgi users GET "/wesmckinn" "page="
t_eq "?page= (empty): the first page" 50 "$(echo "$BODY_OUT" | grep -c '^<li><p>')"
for bad in 0x10 1e3 -1 0 +1 1.0 %201 1%20 1000001 99999999999999999999 x; do
    cgi users GET "/wesmckinn" "page=$bad"
    t_eq "?page=$bad: 400" 400 "$STATUS"
    t_match "?page=$bad: the message names the field" 'The page number \(page\) must be a whole number from 1 to 1000000' "$BODY_OUT"
done
cgi users GET "/wesmckinn" "page=3"
t_eq "?page=3 (past the end): 404" 404 "$STATUS"
cgi users GET "/wesmckinn" "page=1&page=2"
t_eq "?page twice: 400" 400 "$STATUS"
t_match "?page twice: says so" 'page\) was given more than once' "$BODY_OUT"
cgi users GET "/wesmckinn.json" "page=0x10" "" application/json
t_match "JSON client: JSON 400" '^\{"error":"The page number \(page\).*","status":400\}' "$BODY_OUT"
cgi users GET "/nobody" "page=0x10"
t_eq "bad field before the page runs: 400, not 404" 400 "$STATUS"
mv "$TWITOFF_HOME/twitoff.db" "$T/saved.db"
cgi users GET "/wesmckinn" "page=1e3"
t_eq "bad field before the page runs: 400, not 503" 400 "$STATUS"
mv "$T/saved.db" "$TWITOFF_HOME/twitoff.db"

cgi iris GET "" "sepal_length=1e1&sepal_width=3&petal_length=.5&petal_width=2."
t_eq "iris: decimal forms accepted" 200 "$STATUS"
for bad in 0x1p3 inf nan -1 %205 5%20 101 1,5; do
    cgi iris GET "" "sepal_length=$bad&sepal_width=3&petal_length=5.5&petal_width=2"
    t_eq "iris sepal_length=$bad: 400" 400 "$STATUS"
    t_match "iris sepal_length=$bad: names the field" 'Sepal length \(sepal_length\) must be a number from 0 to 100' "$BODY_OUT"
done

# --- methods: the route table's
for c in "form POST GET, HEAD" "predict GET POST" "users POST GET, HEAD" "iris POST GET, HEAD" "admin DELETE GET, HEAD, POST"; do
    read -r prog method allow <<< "$c"
    cgi "$prog" "$method" "" "" "x=1"
    t_eq "$prog $method: 405" 405 "$STATUS"
    t_match "$prog $method: Allow $allow" "^Allow: $allow"$'\r'"?\$" "$(cat "$T/out")"
done
cgi predict POST "" "" "screen_name_a=fchollet&screen_name_b=wesmckinn&tweet_text=a&tweet_text=b"
t_match "predict: a repeated field is named" 'The text \(tweet_text\) was given more than once' "$BODY_OUT"

# --- admin: each action with bad and missing inputs
KEY=$("$TWITOFF" -q admin-key)
jobs() { qsql 'SELECT count(*) FROM jobs'; }
last_job() { qsql "SELECT kind || '|' || ifnull(arg, '-') || '|' || ifnull(source, '-') FROM jobs ORDER BY id DESC LIMIT 1"; }
# admin_bad NAME BODY PATTERN: 400 with the message, no job queued, no-store.
admin_bad() {
    local before
    before=$(jobs)
    cgi admin POST "" "" "$2"
    t_eq "admin $1: 400" 400 "$STATUS"
    t_match "admin $1: says why" "$3" "$BODY_OUT"
    t_eq "admin $1: nothing queued" "$before" "$(jobs)"
    t_match "admin $1: not cached" '^Cache-Control: no-store' "$(cat "$T/out")"
    t_nomatch "admin $1: the key is not echoed" "$KEY" "$BODY_OUT"
}
admin_bad "unknown action" "key=$KEY&action=explode" 'The action \(action\) must be view, add, delete, seed, retrain, reset or signout'
admin_bad "action twice" "key=$KEY&action=seed&action=retrain" 'The action \(action\) was given more than once'
admin_bad "action in capitals" "key=$KEY&action=SEED" 'The action \(action\) must be'
admin_bad "add without a user" "key=$KEY&action=add&source=x" 'The user \(handle\) is missing'
admin_bad "add with a bad user" "key=$KEY&action=add&handle=a+b" 'The user \(handle\) is not valid'
admin_bad "add with a bad source" "key=$KEY&action=add&handle=newbie&source=myspace" 'The source \(source\) must be x, bluesky or mastodon'
admin_bad "delete without a user" "key=$KEY&action=delete" 'The user \(handle\) is missing'
admin_bad "delete with a bad user" "key=$KEY&action=delete&handle=%27+OR+1%3D1" 'The user \(handle\) is not valid'
admin_bad "reset without confirmation" "key=$KEY&action=reset" 'Tick the confirmation box to reset the database \(confirm\)'
admin_bad "reset with confirm=no" "key=$KEY&action=reset&confirm=no" 'The confirmation \(confirm\) must be yes'
admin_bad "a key with a blank" "key=$KEY+x&action=view" 'The admin key \(key\) is not valid'
cgi admin POST "" "" "key=$KEY&action=add&handle=newbie"
t_eq "add without a source: queued" "fetch|newbie|-" "$(last_job)"
cgi admin POST "" "" "key=$KEY&action=add&handle=someone%40mastodon.social&source=mastodon"
t_eq "add from mastodon: queued" "fetch|someone@mastodon.social|mastodon" "$(last_job)"
t_match "add: says which job" 'Queued job #[0-9]+ \(add\)' "$BODY_OUT"
cgi admin POST "" "" "key=$KEY&action=delete&handle=newbie&source=x"
t_eq "delete: queued without the source" "delete|newbie|-" "$(last_job)"
cgi admin POST "" "" "key=$KEY&action=seed&handle=ignored"
t_eq "seed: queued, no argument" "seed|-|-" "$(last_job)"
cgi admin POST "" "" "key=$KEY&action=retrain&confirm=yes"
t_eq "retrain: queued" "retrain|-|-" "$(last_job)"
cgi admin POST "" "" "key=$KEY&action=reset&confirm=yes"
t_eq "reset with confirm=yes: queued" "reset|-|-" "$(last_job)"
before=$(jobs)
cgi admin POST "" "" "key=$KEY"
t_eq "no action: the queue is shown" 200 "$STATUS"
cgi admin POST "" "" "key=$KEY&action="
t_eq "an empty action: the queue is shown" 200 "$STATUS"
cgi admin POST "" "" "key=$KEY&action=view"
t_eq "view: 200" 200 "$STATUS"
t_match "view: the forms carry the action names" 'name="action" value="reset"' "$BODY_OUT"
t_eq "view and no action queue nothing" "$before" "$(jobs)"
cgi admin POST "" "" "action=seed"
t_eq "no key: 403" 403 "$STATUS"
cgi admin POST "" "" "key=nope&action=seed"
t_eq "wrong key: 403" 403 "$STATUS"
cgi admin POST "" "" "key=nope&action=explode"
t_eq "wrong key, bad action: refused (400, the fields come first)" 400 "$STATUS"
t_eq "refused requests queue nothing" "$before" "$(jobs)"
cgi admin GET "" "key=$KEY&action=view"
t_eq "admin GET with the key in the URL: 400" 400 "$STATUS"
t_eq "the key in the URL queues nothing" "$before" "$(jobs)"
cgi admin GET "" "action=view"
t_eq "admin GET with fields: 405" 405 "$STATUS"
t_match "admin GET with fields: Allow" '^Allow: GET, HEAD, POST' "$(cat "$T/out")"
t_done

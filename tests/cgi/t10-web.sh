#!/usr/bin/env bash
# t10-web.sh - every page program run directly with a CGI environment: the request table both web
# suites share (tests/web/requests.txt: statuses, headers, bodies, JSON variants, escaping, every
# error status), then what belongs to this transport or needs the instance directory changed: the
# headers the programs write, users.html, live training, broken settings, a missing store, paging,
# the admin key and the jobs it queues, a missing iris model.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
FORM="screen_name_a=fchollet&screen_name_b=KimKardashian"

# --- the admin key: none at first, then one made by `twitoff admin-key` (its hash in admin.key)
cgi admin POST "" "" "key=anything&action=view"
t_eq "no key set 403" 403 "$STATUS"
t_match "no key logged as such" 'no admin key configured' "$(cat "$T/err")"
t_nomatch "no key is not a wrong key" 'wrong key' "$(cat "$T/err")"
KEY=$("$TWITOFF" -q admin-key)
t_match "admin-key prints a key" '^[0-9a-f]{64}$' "$KEY"
t_nomatch "conf holds no key" "$KEY" "$(cat "$TWITOFF_HOME/twitoff.conf" 2>/dev/null)"
t_eq "admin.key holds the hash" "$(printf '%s' "$KEY" | sha256sum | cut -c1-64)" "$(cat "$TWITOFF_HOME/admin.key")"
t_eq "admin.key mode" 640 "$(stat -c %a "$TWITOFF_HOME/admin.key")"

# --- the shared request table
web_requests cgi
t_eq "users intact after the table's injections" 3 "$(sql 'SELECT count(*) FROM users')"

# --- the form: the length the program writes (Apache may send it chunked), each list's choice
cgi form GET "" ""
t_match "form content-length" '^Content-Length: [0-9]+' "$(cat "$T/out")"
t_eq "form B defaults to second user" 1 "$(echo "$BODY_OUT" | sed -n '/id="screen_name_b"/,/<\/select>/p' | grep -c 'selected value="KimKardashian"')"
mkdir -p "$TWITOFF_HOME/lists"
printf '<option value="zed">zed</option>\n<option value="fchollet">fchollet</option>\n' > "$TWITOFF_HOME/lists/users.html"
cgi form GET "" ""
t_match "form reads users.html" '<option selected value="zed">zed</option>' "$BODY_OUT"
t_nomatch "form lists only users.html" 'wesmckinn' "$BODY_OUT"
rm -f "$TWITOFF_HOME/lists/users.html"
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models"
t_eq "predict remembers B" 1 "$(echo "$BODY_OUT" | sed -n '/id="screen_name_b"/,/<\/select>/p' | grep -c 'selected value="KimKardashian"')"

# --- the shared model answers when the pair's model file is missing, broken or stale; no trainer
t_eq "train recorded the shared model's accuracy on each pair" 3 "$(sql 'SELECT count(*) FROM shared_pairs')"
sql "UPDATE shared_pairs SET accuracy_equal = 0"   # the shared model measured worse on every pair
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models" application/json
t_match "pair model json" '"screen_name_most_likely":"fchollet".*"model":"pair"' "$BODY_OUT"
sql "UPDATE shared_pairs SET accuracy_equal = 1"   # ... and now better than the pair's own model
W="screen_name_a=fchollet&screen_name_b=wesmckinn&tweet_text=pandas+dataframes+and+keras"   # own accuracy < 1
cgi predict POST "" "" "$W" application/json
t_match "shared model better on the pair: it answers (json)" '"model":"shared"' "$BODY_OUT"
cgi predict POST "" "" "$W"
t_match "shared model better on the pair: the page says why" \
    'Answered by the shared model over all accounts: on this pair.s held-out posts it was right more often than the pair.s own model \(100\.0% against [0-9.]+%\)' "$BODY_OUT"
t_match "shared model better on the pair: its accuracy on the pair" 'right on 100\.0% of this pair.s held-out posts' "$BODY_OUT"
sql "UPDATE shared_pairs SET accuracy_equal = 0"
cgi predict POST "" "" "$W" application/json
t_match "shared model worse on that pair: its own model answers" '"model":"pair"' "$BODY_OUT"
sql "UPDATE shared_pairs SET accuracy_equal = 0"
mv "$TWITOFF_HOME/models/KimKardashian-fchollet.model" "$T/saved.model"
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models" application/json
t_match "missing pair model: shared json" '"screen_name_most_likely":"fchollet".*"model":"shared"' "$BODY_OUT"
t_match "missing pair model: shared json has spans" '"model":"shared","spans":\[\{"start":0,"end":5,"text":"Keras","push":-?[0-9]+\.[0-9]{6}\},' "$BODY_OUT"
# With no model file of its own, the pair is answered from the shared model file alone (it holds
# the pair's held-out accuracy too): the page does not open the store (the form's user list is
# the batch's users.html).
"$TWITOFF" -q lists
printf '%s' "$FORM&tweet_text=Keras+deep+learning+models" > "$T/in"
env -i PATH="$PATH" TWITOFF_HOME="$TWITOFF_HOME" ASAN_OPTIONS=detect_leaks=0 GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST \
    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH="$(wc -c < "$T/in")" \
    strace -f -qq -e trace=open,openat,stat,newfstatat -o "$T/strace" "$CGI/predict" < "$T/in" > "$T/out"
t_match "no pair model file: the shared model answers" 'Answered by the shared model' "$(cat "$T/out")"
t_match "no pair model file: with its accuracy on the pair" 'right on [0-9]+\.[0-9]% of this pair.s held-out posts' "$(cat "$T/out")"
t_eq "no pair model file: the store is not opened" 0 "$(grep -c 'twitoff\.db' "$T/strace")"
mv "$TWITOFF_HOME/twitoff.db" "$T/saved.db"
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models"
t_eq "no pair model file, no store: still answered" 200 "$STATUS"
t_match "no pair model file, no store: the pair's accuracy" 'right on [0-9]+\.[0-9]% of this pair.s held-out posts' "$BODY_OUT"
cgi predict POST "" "" "screen_name_a=fchollet&screen_name_b=nobody&tweet_text=Keras" application/json
t_eq "an account the shared model lacks, no store: 503" 503 "$STATUS"
mv "$T/saved.db" "$TWITOFF_HOME/twitoff.db"
cgi predict POST "" "" "screen_name_a=fchollet&screen_name_b=nobody&tweet_text=Keras" application/json
t_eq "an account the shared model lacks: the store says unknown" 404 "$STATUS"
printf 'garbage' > "$TWITOFF_HOME/models/KimKardashian-fchollet.model"
# Under strace: the page starts no program (no execve but its own, no fork or clone).
printf '%s' "$FORM&tweet_text=hi" > "$T/in"
env -i PATH="$PATH" TWITOFF_HOME="$TWITOFF_HOME" ASAN_OPTIONS=detect_leaks=0 GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST \
    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH="$(wc -c < "$T/in")" \
    strace -f -qq -e trace=execve,fork,vfork,clone,clone3 -o "$T/strace" "$CGI/predict" < "$T/in" > "$T/out"
t_match "broken pair model: answered" 'Answered by the shared model' "$(cat "$T/out")"
t_eq "broken pair model: the page ran no program" "1" "$(grep -c 'execve(' "$T/strace")"
t_eq "broken pair model: nor forked" "0" "$(grep -Ec '(^| )(fork|vfork|clone|clone3)\(' "$T/strace")"
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models"
t_eq "shared html 200" 200 "$STATUS"
t_match "shared said on page" 'Answered by the shared model' "$BODY_OUT"
t_match "compare with everyone links /rank with the text" 'href="/rank\?tweet_text=Keras%20deep%20learning%20models"' "$BODY_OUT"
mv "$T/saved.model" "$TWITOFF_HOME/models/KimKardashian-fchollet.model"
sql "UPDATE pairs SET trained_at = trained_at - 1"
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models" application/json
t_match "a pair row that does not match its file: shared" '"model":"shared"' "$BODY_OUT"
sql "UPDATE pairs SET trained_at = trained_at + 1"
mv "$TWITOFF_HOME/models/shared.model" "$T/saved-shared.model"
mv "$TWITOFF_HOME/models/KimKardashian-fchollet.model" "$T/saved.model"
cgi predict POST "" "" "$FORM&tweet_text=x+y"
t_eq "no pair model, no shared model: 503" 503 "$STATUS"
t_match "503 says why" 'No model can answer for this pair yet' "$BODY_OUT"
cgi rank POST "" "" "tweet_text=x+y"
t_eq "rank without a shared model: 503" 503 "$STATUS"
mv "$T/saved.model" "$TWITOFF_HOME/models/KimKardashian-fchollet.model"
mv "$T/saved-shared.model" "$TWITOFF_HOME/models/shared.model"
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models" application/json
t_match "pair model again" '"model":"pair"' "$BODY_OUT"

# --- /rank: every account, or the chosen candidates
cgi rank POST "" "" "tweet_text=Keras+deep+learning+models" application/json
t_match "rank json" '^\{"tweet_text":"Keras deep learning models","ranking":\[\{"screen_name":"fchollet","probability":[0-9.]+\},.*\],"model":"shared"\}$' "$BODY_OUT"
t_eq "rank json: all 3 accounts, probabilities sum to 1" "3 1.000" "$(/usr/bin/python3 -c 'import json,sys; r=json.loads(sys.argv[1])["ranking"]; print(len(r), "%.3f" % sum(x["probability"] for x in r))' "$BODY_OUT")"
cgi rank POST "" "" "tweet_text=Keras+deep+learning+models&candidates=wesmckinn&candidates=KimKardashian" application/json
t_match "rank among two" '"ranking":\[\{"screen_name":"wesmckinn","probability":[0-9.]+\},\{"screen_name":"KimKardashian","probability":[0-9.]+\}\]' "$BODY_OUT"
cgi rank POST "" "" "tweet_text=hi&candidates=wesmckinn"
t_eq "rank among one: 400" 400 "$STATUS"
cgi rank POST "" "" "tweet_text=hi&candidates=wesmckinn&candidates=nobody"
t_eq "rank among an unknown account: 404" 404 "$STATUS"
t_match "404 names it" 'nobody' "$BODY_OUT"
cgi rank POST "" "" "tweet_text=Keras+deep+learning+models"
t_eq "rank html 200" 200 "$STATUS"
t_match "rank html: the top account" 'The most likely author of .* is .@fchollet' "$BODY_OUT"
t_eq "rank html: a bar per account" 3 "$(grep -c '<li><span class="who">.*<meter' <<<"$BODY_OUT")"
t_match "rank html: why the first" 'Why @fchollet rather than @' "$BODY_OUT"
t_nomatch "rank html: no inline style" 'style=' "$BODY_OUT"
cgi rank GET "" "tweet_text=%3Cb%3Ebold"
t_eq "rank form 200" 200 "$STATUS"
t_match "rank form: title and prefilled text, escaped" 'Who among all these accounts wrote it\?.*' "$BODY_OUT"
t_match "rank form: the text escaped" '>&lt;b&gt;bold</textarea>' "$BODY_OUT"
t_eq "rank form: every account offered" 3 "$(grep -c '<option' <<<"$BODY_OUT")"

# --- broken settings (the pages read web.conf), no store
printf 'not a setting line\n' > "$TWITOFF_HOME/web.conf"
cgi form GET "" ""
t_eq "malformed settings 500" 500 "$STATUS"
t_match "500 full page" '</html>' "$BODY_OUT"
rm "$TWITOFF_HOME/web.conf"
printf 'not a setting line\n' > "$TWITOFF_HOME/twitoff.conf"
cgi form GET "" ""
t_eq "pages do not read twitoff.conf" 200 "$STATUS"
rm "$TWITOFF_HOME/twitoff.conf"
mv "$TWITOFF_HOME/twitoff.db" "$T/saved.db"
cgi predict POST "" "" "$FORM&tweet_text=hi"
t_eq "no store, model file: still answers" 200 "$STATUS"
mv "$TWITOFF_HOME/models" "$T/models"
cgi predict POST "" "" "$FORM&tweet_text=hi"
t_eq "no store, no model 503" 503 "$STATUS"
mv "$T/models" "$TWITOFF_HOME/models"
cgi users GET "" ""
t_eq "users no store 503" 503 "$STATUS"
mv "$T/saved.db" "$TWITOFF_HOME/twitoff.db"

# --- users: a second page of posts
sql "INSERT INTO posts (user_id, remote_id, created_at, text) SELECT id, 'extra' || value, 1000 + value, 'old <b>post</b> ' || value FROM users, generate_series(1, 30) WHERE handle = 'wesmckinn'" 2>/dev/null ||
  for i in $(seq 1 30); do sql "INSERT INTO posts (user_id, remote_id, created_at, text) SELECT id, 'extra$i', 1000 + $i, 'old <b>post</b> $i' FROM users WHERE handle = 'wesmckinn'"; done
cgi users GET "/wesmckinn" "page=2"
t_eq "page 2 has the rest" 20 "$(echo "$BODY_OUT" | grep -c '^<li><p>')"
t_match "page 2 escaped, oldest last" 'old &lt;b&gt;post&lt;/b&gt; 1</p>' "$(echo "$BODY_OUT" | grep '^<li><p>' | tail -1)"
t_match "paging link" 'href="/users/wesmckinn\?page=1" rel="prev"' "$BODY_OUT"
cgi users GET "/wesmckinn.json" "page=2"
t_ok "user json" python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["page"]==2 and d["pages"]==2 and len(d["posts"])==20' "$BODY_OUT"

# --- admin: the log, the key only in a body, sessions, CSRF, and the jobs the actions queue
cgi admin POST "" "" "key=wrong$KEY&action=view"
t_match "403 logged" 'permission denied \(wrong key\)' "$(cat "$T/err")"
t_nomatch "key not logged" "$KEY" "$(cat "$T/err")"
cgi admin GET "" "key=$KEY&action=view"
t_eq "admin GET with the real key 400" 400 "$STATUS"
cgi admin POST "" "key=$KEY" "action=view"
t_eq "admin POST with the key in the URL 400" 400 "$STATUS"
t_nomatch "URL key not logged" "$KEY" "$(cat "$T/err")"
admin_signin "$KEY"
t_eq "sign in 200" 200 "$STATUS"
cookie=$(grep '^Set-Cookie:' "$T/out")
t_match "session cookie" '^Set-Cookie: twitoff_admin=[0-9a-f]{64}; Path=/admin; Max-Age=1800; HttpOnly; SameSite=Strict' "$cookie"
t_nomatch "no Secure without HTTPS" 'Secure' "$cookie"
t_match "csrf token in the forms" '^[0-9a-f]{64}$' "$ADMIN_CSRF"
t_nomatch "no key box once signed in" 'name="key"' "$BODY_OUT"
t_match "sign-out button" 'value="signout"' "$BODY_OUT"
id=${ADMIN_COOKIE#twitoff_admin=}
t_eq "only the session's hash stored" "1 0" "$(qsql "SELECT count(*) FROM sessions WHERE id_sha256 = '$(printf '%s' "$id" | sha256sum | cut -c1-64)'") $(qsql "SELECT count(*) FROM sessions WHERE id_sha256 = '$id'")"
CGI_ENV="HTTPS=on" cgi admin POST "" "" "key=$KEY&action=view"
t_match "Secure under HTTPS" '^Set-Cookie: .*; Secure' "$(grep '^Set-Cookie:' "$T/out")"
CGI_ENV="HTTP_COOKIE=$ADMIN_COOKIE" cgi admin GET "" ""
t_match "GET with the session: the dashboard" 'Job queue' "$BODY_OUT"
admin_post "action=add&handle=newbie&source=bluesky&csrf=$ADMIN_CSRF"
t_eq "admin add with the session 200" 200 "$STATUS"
t_eq "fetch job queued" "fetch|newbie|bluesky|queued" "$(qsql "SELECT kind, arg, source, status FROM jobs ORDER BY id DESC LIMIT 1")"
admin_post "action=delete&handle=wesmckinn&csrf=$ADMIN_CSRF"
t_eq "delete job queued" "delete|wesmckinn" "$(qsql "SELECT kind, arg FROM jobs ORDER BY id DESC LIMIT 1")"
t_eq "delete is only queued" 1 "$(sql "SELECT count(*) FROM users WHERE handle = 'wesmckinn'")"
jobs=$(qsql "SELECT count(*) FROM jobs")
admin_post "action=seed"
t_eq "no CSRF token 403" 403 "$STATUS"
t_match "no token logged" 'no form token' "$(cat "$T/err")"
admin_post "action=seed&csrf=$(printf '%064d' 0)"
t_eq "wrong CSRF token 403" 403 "$STATUS"
first_cookie=$ADMIN_COOKIE first_csrf=$ADMIN_CSRF
admin_signin "$KEY"
admin_post "action=seed&csrf=$first_csrf"
t_eq "CSRF token of another session 403" 403 "$STATUS"
t_eq "nothing queued without a token" "$jobs" "$(qsql "SELECT count(*) FROM jobs")"
admin_post "action=reset&confirm=yes&csrf=$ADMIN_CSRF"
t_eq "reset queued" reset "$(qsql "SELECT kind FROM jobs ORDER BY id DESC LIMIT 1")"
admin_post "action=seed&csrf=$ADMIN_CSRF"
admin_post "action=retrain&csrf=$ADMIN_CSRF"
t_eq "seed and retrain queued" "retrain seed" "$(qsql "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM jobs ORDER BY id DESC LIMIT 2)")"
t_eq "users untouched by admin" 3 "$(sql 'SELECT count(*) FROM users')"
admin_post "action=retrain" "twitoff_admin=$(printf '%064d' 0)"
t_eq "made-up session 403" 403 "$STATUS"
# expiry: the stored expiry, moved into the past
qsql "UPDATE sessions SET expires_at = strftime('%s','now') - 1 WHERE id_sha256 = '$(printf '%s' "${first_cookie#twitoff_admin=}" | sha256sum | cut -c1-64)'"
admin_post "action=view" "$first_cookie"
t_eq "expired session 403" 403 "$STATUS"
CGI_ENV="HTTP_COOKIE=$first_cookie" cgi admin GET "" ""
t_match "expired session: the sign-in form" 'type="password"' "$BODY_OUT"
CGI_ENV="TWITOFF_ADMIN_SESSION_MINUTES=2" cgi admin POST "" "" "key=$KEY&action=view"
t_match "admin_session_minutes" 'Max-Age=120;' "$(grep '^Set-Cookie:' "$T/out")"
# sign-out ends the session
admin_post "action=signout&csrf=$ADMIN_CSRF"
t_eq "sign out 200" 200 "$STATUS"
t_match "sign out drops the cookie" '^Set-Cookie: twitoff_admin=; Path=/admin; Max-Age=0' "$(grep '^Set-Cookie:' "$T/out")"
admin_post "action=view"
t_eq "signed-out session 403" 403 "$STATUS"
# a new key ends every session
admin_signin "$KEY"
admin_post "action=view"
t_eq "live before rotation" 200 "$STATUS"
OLDKEY=$KEY
KEY=$("$TWITOFF" -q admin-key)
t_eq "rotation clears the sessions" 0 "$(qsql "SELECT count(*) FROM sessions")"
admin_post "action=view"
t_eq "session ended by rotation 403" 403 "$STATUS"
cgi admin POST "" "" "key=$OLDKEY&action=view"
t_eq "old key 403" 403 "$STATUS"
# an admin.key the pages cannot read: 503 and a log line, not "wrong key"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    chmod 755 "$T" "$CGI"; chmod -R o+rX "$TWITOFF_HOME"; chmod 000 "$TWITOFF_HOME/admin.key"
    printf 'key=%s&action=view' "$KEY" > "$T/in"
    env -i TWITOFF_HOME="$TWITOFF_HOME" REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
        CONTENT_LENGTH="$(wc -c < "$T/in")" setpriv --reuid=65534 --regid=65534 --clear-groups "$CGI/admin" < "$T/in" > "$T/out" 2> "$T/err"
    t_match "unreadable admin.key 503" '^Status: 503' "$(head -1 "$T/out")"
    t_match "unreadable admin.key logged" 'cannot read .*admin.key' "$(cat "$T/err")"
    chmod 640 "$TWITOFF_HOME/admin.key"
    printf 'base_path = /elsewhere\n' > "$TWITOFF_HOME/web.conf"; chmod 000 "$TWITOFF_HOME/web.conf"
    env -i TWITOFF_HOME="$TWITOFF_HOME" REQUEST_METHOD=GET setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$CGI/form" < /dev/null > "$T/out" 2> "$T/err"
    t_match "unreadable web.conf: 500, not its defaults" '^Status: 500' "$(head -1 "$T/out")"
    t_match "unreadable web.conf logged" 'cannot read .*web.conf: Permission denied' "$(cat "$T/err")"
    rm -f "$TWITOFF_HOME/web.conf"
fi
chmod 640 "$TWITOFF_HOME/admin.key"

# --- a missing store: /admin answers 503 naming it in the log, and creates nothing
mv "$TWITOFF_HOME/twitoff.db" "$T/saved.db"
rm -f "$TWITOFF_HOME/twitoff.db-wal" "$TWITOFF_HOME/twitoff.db-shm"
cgi admin POST "" "" "key=$KEY&action=view"
t_eq "admin without a store 503" 503 "$STATUS"
t_match "the log names the store" "$TWITOFF_HOME/twitoff.db" "$(cat "$T/err")"
t_eq "no store created" "" "$(ls "$TWITOFF_HOME" | grep '^twitoff.db')"
mv "$T/saved.db" "$TWITOFF_HOME/twitoff.db"

# --- iris without its model
rm "$TWITOFF_HOME/models/iris.model"
cgi iris GET "" ""
t_eq "iris no model 503" 503 "$STATUS"
t_done

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

# --- the admin key: none at first, then one made by `twitoff admin-key`
cgi admin POST "" "" "key=anything&action=view"
t_eq "no key set 403" 403 "$STATUS"
KEY=$("$TWITOFF" -q admin-key)
t_match "admin-key prints a key" '^[0-9a-f]{64}$' "$KEY"
t_nomatch "conf holds no key" "$KEY" "$(cat "$TWITOFF_HOME/twitoff.conf")"
t_match "conf holds the hash" "admin_key_sha256 = $(printf '%s' "$KEY" | sha256sum | cut -c1-64)" "$(cat "$TWITOFF_HOME/twitoff.conf")"

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
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models" application/json
t_match "pair model json" '"screen_name_most_likely":"fchollet".*"model":"pair"' "$BODY_OUT"
mv "$TWITOFF_HOME/models/KimKardashian-fchollet.model" "$T/saved.model"
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models" application/json
t_match "missing pair model: shared json" '"screen_name_most_likely":"fchollet".*"model":"shared"' "$BODY_OUT"
printf 'garbage' > "$TWITOFF_HOME/models/KimKardashian-fchollet.model"
# Under strace: the page starts no program (no execve but its own, no fork or clone).
printf '%s' "$FORM&tweet_text=hi" > "$T/in"
env -i PATH="$PATH" TWITOFF_HOME="$TWITOFF_HOME" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST \
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

# --- broken settings, no store
mv "$TWITOFF_HOME/twitoff.conf" "$T/saved.conf"
printf 'not a setting line\n' > "$TWITOFF_HOME/twitoff.conf"
cgi form GET "" ""
t_eq "malformed settings 500" 500 "$STATUS"
t_match "500 full page" '</html>' "$BODY_OUT"
mv "$T/saved.conf" "$TWITOFF_HOME/twitoff.conf"
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

# --- admin: the log, and the jobs the actions queue
cgi admin POST "" "" "key=wrong$KEY&action=view"
t_match "403 logged" 'permission denied' "$(cat "$T/err")"
t_nomatch "key not logged" "$KEY" "$(cat "$T/err")"
cgi admin GET "" "key=$KEY&action=view"
t_eq "admin GET with the real key 405" 405 "$STATUS"
cgi admin POST "" "" "key=$KEY&action=add&handle=newbie&source=bluesky"
t_eq "admin add 200" 200 "$STATUS"
t_eq "fetch job queued" "fetch|newbie|bluesky|queued" "$(sql "SELECT kind, arg, source, status FROM jobs ORDER BY id DESC LIMIT 1")"
cgi admin POST "" "" "key=$KEY&action=delete&handle=wesmckinn"
t_eq "delete job queued" "delete|wesmckinn" "$(sql "SELECT kind, arg FROM jobs ORDER BY id DESC LIMIT 1")"
t_eq "delete is only queued" 1 "$(sql "SELECT count(*) FROM users WHERE handle = 'wesmckinn'")"
cgi admin POST "" "" "key=$KEY&action=reset&confirm=yes"
t_eq "reset queued" reset "$(sql "SELECT kind FROM jobs ORDER BY id DESC LIMIT 1")"
cgi admin POST "" "" "key=$KEY&action=seed"
cgi admin POST "" "" "key=$KEY&action=retrain"
t_eq "seed and retrain queued" "seed retrain" "$(sql "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM jobs ORDER BY id DESC LIMIT 2 ) " | tr ' ' '\n' | sort -r | tr '\n' ' ' | sed 's/ $//')"
t_eq "users untouched by admin" 3 "$(sql 'SELECT count(*) FROM users')"

# --- iris without its model
rm "$TWITOFF_HOME/models/iris.model"
cgi iris GET "" ""
t_eq "iris no model 503" 503 "$STATUS"
t_done

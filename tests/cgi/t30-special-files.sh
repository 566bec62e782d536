#!/usr/bin/env bash
# t30-special-files.sh - an instance whose files are not what the batch writes: a FIFO in place of
# a model, of users.html or of twitoff.conf is refused at once (no page or command waits for a
# writer; every run here is bounded by timeout), and a post another program stored with bytes
# that are not UTF-8 still gives valid JSON.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
FORM="screen_name_a=fchollet&screen_name_b=KimKardashian"
M=$TWITOFF_HOME/models/KimKardashian-fchollet.model

# fast NAME SECONDS CMD...: CMD ends (any status but timeout's 124) within SECONDS.
fast() {
    local name=$1 s=$2; shift 2
    timeout "$s" "$@" > "$T/fast.out" 2>&1
    local rc=$?
    if [ "$rc" -eq 124 ]; then t_fail "$name" "still waiting after $s s"; else t_pass "$name"; fi
    return 0
}

# --- a FIFO as the model: the page answers with the live model (never waits on the FIFO)
mv "$M" "$T/saved.model" && mkfifo "$M"
start=$(date +%s)
cgi predict POST "" "" "$FORM&tweet_text=Keras+deep+learning+models" application/json
t_eq "FIFO model: predict 200" 200 "$STATUS"
t_match "FIFO model: live model used" '"model":"live"' "$BODY_OUT"
t_eq "FIFO model: answered at once" 1 "$(( $(date +%s) - start < 5 ))"
fast "FIFO model: twitoff check does not hang" 10 "$TWITOFF" check
t_match "FIFO model: twitoff check names the file" 'KimKardashian-fchollet.model' "$(cat "$T/fast.out")"
fast "FIFO model: twitoff predict does not hang" 10 "$TWITOFF" predict fchollet KimKardashian "deep learning"
rm -f "$M" && mkdir "$M"
cgi predict POST "" "" "$FORM&tweet_text=Keras" application/json
t_match "directory as model: live model" '"model":"live"' "$BODY_OUT"
rmdir "$M" && mv "$T/saved.model" "$M"

# --- a FIFO as users.html: the form lists the store's users instead
mkfifo "$TWITOFF_HOME/lists/users.html.fifo"
mv "$TWITOFF_HOME/lists/users.html" "$T/users.html"
mv "$TWITOFF_HOME/lists/users.html.fifo" "$TWITOFF_HOME/lists/users.html"
start=$(date +%s)
cgi form GET "" ""
t_eq "FIFO users.html: form 200" 200 "$STATUS"
t_match "FIFO users.html: the store's users offered" 'value="wesmckinn"' "$BODY_OUT"
t_eq "FIFO users.html: answered at once" 1 "$(( $(date +%s) - start < 5 ))"
rm -f "$TWITOFF_HOME/lists/users.html" && mv "$T/users.html" "$TWITOFF_HOME/lists/users.html"

# --- a FIFO as twitoff.conf: a 500 naming no secret, and the command says what is wrong
mv "$TWITOFF_HOME/twitoff.conf" "$T/twitoff.conf" 2>/dev/null
mkfifo "$TWITOFF_HOME/twitoff.conf"
cgi form GET "" ""
t_eq "FIFO twitoff.conf: form 500" 500 "$STATUS"
fast "FIFO twitoff.conf: twitoff status does not hang" 10 "$TWITOFF" status
t_match "FIFO twitoff.conf: not a regular file" 'twitoff.conf: not a regular file' "$(cat "$T/fast.out")"
rm -f "$TWITOFF_HOME/twitoff.conf"
[ -f "$T/twitoff.conf" ] && mv "$T/twitoff.conf" "$TWITOFF_HOME/twitoff.conf"

# --- bytes that are not UTF-8, stored by another program: /users/NAME.json is still JSON
sql "INSERT INTO posts (user_id, remote_id, created_at, text) SELECT id, 'bad-utf8', 1999999999,
     CAST(X'6F6B20FF20C0AF20EDA080205C22F09F9880' AS TEXT) FROM users WHERE handle = 'fchollet'"
cgi users GET "/fchollet.json" ""
t_eq "invalid UTF-8 row: users json 200" 200 "$STATUS"
printf '%s' "$BODY_OUT" > "$T/u.json"
t_eq "invalid UTF-8 row: valid JSON with U+FFFD and the emoji" ok "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
s = json.dumps(d, ensure_ascii=False)
print("ok" if "ok \ufffd \ufffd\ufffd \ufffd\ufffd\ufffd \\\\\\\"\U0001F600" in s else s[:300])' "$T/u.json" 2>&1)"
t_done

#!/usr/bin/env bash
# t60-load.sh - the pages keep answering while the nightly run retrains: wrk drives POST /predict
# (JSON) against a real Apache (plain CGI, then FastCGI) in 1-second slices for as long as
# `twitoff nightly` runs (bounded), and every answer must be a 200 naming the right author.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
. "$ROOT/scripts/httpd.sh"
. "$ROOT/tests/cmd/ops-lib.sh"
USERS="fchollet KimKardashian hadleywickham khloekardashian wesmckinn kourtneykardash"
chmod 755 "$T"
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
trap 'httpd_stop "$TWITOFF_HOME"; rm -rf "$T"' EXIT
TEXT="Keras and TensorFlow make deep learning models easy to train"
export LOAD_BODY="screen_name_a=fchollet&screen_name_b=KimKardashian&tweet_text=${TEXT// /+}"
EXPECT='"screen_name_most_likely":"fchollet"'

corpus "$T/c0.csv" 0 800 $USERS
t_ok "import" "$TWITOFF" -q import "$T/c0.csv"
t_ok "train" "$TWITOFF" -q train
t_ok "lists" "$TWITOFF" -q lists
t_eq "the old model names fchollet" fchollet "$("$TWITOFF" predict fchollet KimKardashian "$TEXT" | cut -f1)"

from=800
for MODE in cgi fcgi; do
    # Every user gains posts: the nightly run retrains all 15 pairs, replacing every model file.
    corpus "$T/c.csv" $from 300 $USERS
    from=$((from + 300))
    "$TWITOFF" -q import "$T/c.csv"
    if ! httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" "$PORT" "$MODE"; then
        t_fail "$MODE: httpd start" "$(tail -5 "$TWITOFF_HOME/httpd/error.log" 2>/dev/null)"
        continue
    fi
    "$TWITOFF" -q nightly --no-fetch > "$T/nightly.out" 2>&1 &
    nightly=$!
    slices=0 ok=0 bad=0 wrong=0 live=0 sock=0 p99=0
    while kill -0 $nightly 2>/dev/null && [ $slices -lt 30 ]; do
        r=$(wrk -t2 -c4 -d1s --timeout 10s -s "$ROOT/tests/http/load.lua" "$URL/predict" -- "$EXPECT" | grep '^RESULT')
        slices=$((slices + 1))
        field() { local v; v=$(printf '%s' "$r" | grep -o "$1=[0-9.]*" | cut -d= -f2); echo "${v:-0}"; }
        ok=$((ok + $(field ok))); bad=$((bad + $(field bad_status))); wrong=$((wrong + $(field wrong)))
        live=$((live + $(field live))); sock=$((sock + $(field socket_errors)))
        [ -n "$r" ] || bad=$((bad + 1))   # wrk itself failed: count it as an error
        p99=$(awk -v a="$p99" -v b="$(field p99_ms)" 'BEGIN { print (b > a) ? b : a }')
    done
    wait $nightly
    rc=$?
    trained=$(sql "SELECT pairs_trained FROM runs WHERE command='nightly' ORDER BY id DESC LIMIT 1")
    echo "t60-load: $MODE: $slices one-second wrk slices during nightly ($trained pairs retrained): ok=$ok errors=$((bad + sock)) (status $bad, socket $sock) wrong=$wrong shared-answered=$live worst-slice p99=${p99}ms"
    t_eq "$MODE: nightly completes" 0 $rc
    t_eq "$MODE: nightly retrained every pair" 15 "$trained"
    t_ok "$MODE: wrk ran during training ($slices slices >= 2)" test $slices -ge 2
    t_ok "$MODE: answers were served ($ok)" test $ok -gt 0
    t_eq "$MODE: error responses" 0 $((bad + sock))
    t_eq "$MODE: wrong answers" 0 $wrong
    t_eq "$MODE: the new model names fchollet too" fchollet "$("$TWITOFF" predict fchollet KimKardashian "$TEXT" | cut -f1)"
    t_nomatch "$MODE: no crash in the server log" 'Segmentation|premature end|AddressSanitizer' "$(cat "$TWITOFF_HOME/httpd/error.log")"
    httpd_stop "$TWITOFF_HOME"
done
t_done

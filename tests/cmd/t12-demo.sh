#!/usr/bin/env bash
# t12-demo.sh - scripts/demo.sh (`make demo`): imports the bundled data into an empty instance,
# trains every pair and writes the lists; a second run imports and trains nothing.
. "$(dirname "$0")/../lib.sh"

out=$(BIN=$BIN "$ROOT/scripts/demo.sh" 2>&1); rc=$?
t_eq "demo exits 0" 0 "$rc"
t_match "demo imports the bundled data" 'raw_tweets.csv: 9000 added' "$out"
t_eq "demo: 8 users" 8 "$(sql "SELECT count(*) FROM users")"
t_eq "demo: 14734 posts" 14734 "$(sql "SELECT count(*) FROM posts")"
t_eq "demo: 28 pairs trained" 28 "$(sql "SELECT count(*) FROM pairs")"
t_eq "demo: 28 pair model files" 28 "$(ls "$TWITOFF_HOME/models" | grep -c -- '-.*\.model$')"
t_ok "demo: the shared model over the 8 accounts" "$TWITOFF" -q rank --top 8 --among fchollet,realDonaldTrump "Keras"
t_ok "demo: user lists written" test -s "$TWITOFF_HOME/lists/users.json"

before=$(sql "SELECT count(*), max(id) FROM posts; SELECT max(trained_at), count(*) FROM pairs")
start=$(date +%s)
out=$(BIN=$BIN "$ROOT/scripts/demo.sh" 2>&1); rc=$?
t_eq "demo again exits 0" 0 "$rc"
t_match "demo again imports nothing" 'nothing to import' "$out"
t_eq "demo again changes no post or pair" "$before" \
    "$(sql "SELECT count(*), max(id) FROM posts; SELECT max(trained_at), count(*) FROM pairs")"
t_eq "demo again is quick (< 5 s)" 1 $(( $(date +%s) - start < 5 ))

t_done

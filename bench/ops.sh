#!/usr/bin/env bash
# ops.sh - operations figures on the demo data (celebrity-faceoff + fivethirtyeight CSVs): a first
# nightly run, a nightly run with nothing changed, and one after a single user gains posts.
# Usage: bench/ops.sh   (BIN, SHARED as for the tests). Prints Markdown for bench/RESULTS-ops.md.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
D=$SHARED/data/tweets
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export TWITOFF_HOME=$T/home
tw() { "$BIN/twitoff" "$@"; }
ms() { local t0=$(date +%s%N); "$@" > /dev/null 2>&1; echo $((($(date +%s%N) - t0) / 1000000)); }

# BarackObama without its newest 200 posts (rows are newest first): he "gains" them later.
/usr/bin/python3 - "$D/fivethirtyeight-twitter-ratio/BarackObama.csv" "$T/obama-old.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8', errors='replace')))
w = csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'))
w.writerow(rows[0]); w.writerows(rows[201:])
PY
tw -q import "$D/celebrity-faceoff/raw_tweets.csv" "$D/fivethirtyeight-twitter-ratio/realDonaldTrump.csv" "$T/obama-old.csv"
first=$(ms tw nightly --no-fetch)
pairs=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT count(*) FROM pairs")
users=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT count(*) FROM users")
posts=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT count(*) FROM posts")
runs=""
for i in 1 2 3 4 5; do runs="$runs $(ms tw nightly --no-fetch)"; done
best=$(printf '%s\n' $runs | sort -n | head -1); worst=$(printf '%s\n' $runs | sort -n | tail -1)
unchanged=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT max(pairs_trained) FROM (SELECT pairs_trained FROM runs WHERE command='nightly' ORDER BY id DESC LIMIT 5)")
sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT user_a||'-'||user_b||' '||trained_at FROM pairs ORDER BY 1" > "$T/before"
sleep 1.1
tw -q import "$D/fivethirtyeight-twitter-ratio/BarackObama.csv"
added=$(($(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT count(*) FROM posts") - posts))
grow=$(ms tw nightly --no-fetch)
retrained=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT pairs_trained FROM runs WHERE command='nightly' ORDER BY id DESC LIMIT 1")
oid=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT id FROM users WHERE handle='BarackObama'")
sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT user_a||'-'||user_b||' '||trained_at FROM pairs ORDER BY 1" > "$T/after"
changed=$(diff "$T/before" "$T/after" | grep -c '^>' || true)
others=$(diff "$T/before" "$T/after" | grep '^>' | grep -Evc "(^> $oid-|-$oid )" || true)
cat <<MD
| measure | value |
|---|---|
| demo data | $users users, $posts posts, $pairs pairs |
| first nightly (trains every pair, writes lists) | $first ms |
| nightly with nothing changed (5 runs: best / worst) | $best / $worst ms (target ≤ 1000 ms); pairs retrained: ${unchanged:-0} |
| BarackObama gains $added posts, then nightly | $grow ms; pairs retrained: $retrained; pair rows changed: $changed, of which not BarackObama's: $others (his pairs: $((users - 1))) |
MD

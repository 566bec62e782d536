#!/usr/bin/env bash
# p99.sh - tail latency of the pages under mod_fcgid (part of `make bench`): the project's Apache
# template as FastCGI, its page processes started by httpd_warm (scripts/httpd.sh), then
# `wrk -t2 -c8 -d10s --latency` against GET / and POST /predict idle, and POST /predict again
# while `twitoff train --force` retrains every pair of the demo data (restarted until wrk ends).
# The reference, measured in the same run, is Apache serving the static style.css: the pages'
# p99 is given as a ratio to it, so a busy machine shows as a slow reference. Writes
# bench/RESULTS-p99.md. Env: DURATION (10s), WORK (/tmp/twitoff-bench-p99), BIN.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
WORK=${WORK:-/tmp/twitoff-bench-p99}
DURATION=${DURATION:-10s}
OUT=$ROOT/bench/RESULTS-p99.md
export TWITOFF_HOME=$WORK/home
. "$ROOT/scripts/httpd.sh"
for t in wrk curl; do command -v "$t" >/dev/null || { echo "bench: missing $t (scripts/deps.sh bench)" >&2; exit 1; }; done
rm -rf "$WORK"
mkdir -p "$WORK/logs" "$TWITOFF_HOME"
chmod 755 "$WORK"

echo "== data: the bundled demo data (scripts/demo.sh)"
BIN=$BIN "$ROOT/scripts/demo.sh" > "$WORK/logs/demo.txt" 2>&1
train_s=$(sed -n 's/^train: .* pairs trained .* in \([0-9.]*\)s$/\1/p' "$WORK/logs/demo.txt" | tail -1)
pairs=$(sqlite3 "$TWITOFF_HOME/twitoff.db" 'SELECT count(*) FROM pairs')
users=$(sqlite3 "$TWITOFF_HOME/twitoff.db" 'SELECT count(*) FROM users')
read -r A B < <(sqlite3 -separator ' ' "$TWITOFF_HOME/twitoff.db" \
    "SELECT u.handle, v.handle FROM pairs p JOIN users u ON u.id = p.user_a JOIN users v ON v.id = p.user_b
     LEFT JOIN shared_pairs s ON s.user_a = min(p.user_a, p.user_b) AND s.user_b = max(p.user_a, p.user_b)
     WHERE s.accuracy_equal IS NULL OR s.accuracy_equal <= p.accuracy LIMIT 1")
# The sqlite3 shell removes the -wal and -shm files as it closes; the pages, which cannot create
# them, need them to open the store: any twitoff command makes them again.
"$BIN/twitoff" -q status > /dev/null
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "screen_name_a=$A&screen_name_b=$B&tweet_text=Can%27t+wait+to+share+what+we%27ve+been+working+on"
LUA

PORT=$(free_port)
URL=http://127.0.0.1:$PORT
TRAINER=
# The trainer loop runs in its own process group (setsid), so stopping it stops its twitoff too.
stop_trainer() { if [ -n "$TRAINER" ]; then kill -- -"$TRAINER" 2>/dev/null; wait "$TRAINER" 2>/dev/null || true; fi; TRAINER=; }
trap 'httpd_stop "$TWITOFF_HOME"; stop_trainer; true' EXIT
httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" "$PORT" fcgi
echo "== warm-up (httpd_warm)"
t0=$(date +%s.%N)
httpd_warm "$URL" 32 3 "$BIN"
warm_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
procs="$(warm_count form) form and $(warm_count predict) predict"
curl -fsS -H 'Accept: application/json' --data "$(sed -n 's/^wrk.body = "\(.*\)"$/\1/p' "$WORK/post.lua")" \
    "$URL/predict" > "$WORK/logs/answer.json"
grep -q '"model":"pair"' "$WORK/logs/answer.json" || { echo "bench: the pair model did not answer" >&2; exit 1; }

# ms VALUE: wrk's latency (us, ms or s) in milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; printf "%.2f", n }'; }
# measure LABEL PATH [SCRIPT]: one wrk run; prints "label|rps|p50|p99|max|errors".
measure() {
    local out args=(-t2 -c8 -d"$DURATION" --timeout 10s --latency)
    [ -n "${3:-}" ] && args+=(-s "$3")
    out=$(wrk "${args[@]}" "$URL$2")
    echo "$out" > "$WORK/logs/wrk_${1//[^A-Za-z0-9]/_}.txt"
    local p50 p99 max rps err
    p50=$(ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
    p99=$(ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
    max=$(ms "$(echo "$out" | awk '$1 == "Latency" {print $4}')")
    rps=$(echo "$out" | awk '/^Requests\/sec/ {printf "%.0f", $2}')
    err=$(echo "$out" | awk '/Non-2xx|Socket errors/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i} END {print s + 0}')
    echo "$1|$rps|$p50|$p99|$max|$err"
}

echo "== idle"
ref=$(measure "GET /style.css (static reference)" /style.css)
get=$(measure "GET /" /)
post=$(measure "POST /predict" /predict "$WORK/post.lua")
echo "== during twitoff train --force ($pairs pairs)"
setsid bash -c 'while "$0" -q train --force >/dev/null 2>&1; do :; done' "$BIN/twitoff" &
TRAINER=$!
sleep 1
ref_t=$(measure "GET /style.css during training" /style.css)
post_t=$(measure "POST /predict during training" /predict "$WORK/post.lua")
pgrep -f "$BIN/twitoff -q train --force" >/dev/null || { echo "bench: the training loop was not running" >&2; exit 1; }
stop_trainer
httpd_stop "$TWITOFF_HOME"

p99() { echo "$1" | cut -d'|' -f4; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
met() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "yes" : "no" }'; }
row() { echo "$1" | awk -F'|' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}'; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo "# Tail latency under mod_fcgid (\`make bench\`, bench/p99.sh)"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M') UTC on $(hostname) ($(nproc) cores; load average $load when it ended:" \
         "a load far above the cores means other work shared the machine and every figure is noisy)."
    echo "The project's Apache template (htdocs/apache.conf.in) as FastCGI; page processes started by"
    echo "httpd_warm in ${warm_s} s ($procs processes). \`wrk -t2 -c8 -d$DURATION --latency\`;"
    echo "POST /predict asks $A vs $B (a precomputed model). Demo data: $users users, $pairs pairs;"
    echo "training every pair took ${train_s} s (demo.sh's first \`twitoff train\`); \`twitoff train --force\` ran in a loop (batch_nice 10,"
    echo "SCHED_BATCH, train_threads = cores - 1) during the last two runs."
    echo
    echo "| request | req/s | p50 ms | p99 ms | max ms | errors |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    for r in "$ref" "$get" "$post" "$ref_t" "$post_t"; do row "$r"; done
    echo
    echo "## Targets"
    echo
    echo "| target | measured | ratio to the static file's p99 | met |"
    echo "| --- | ---: | ---: | :---: |"
    echo "| GET / p99 <= 5 ms, idle | $(p99 "$get") | $(ratio "$(p99 "$get")" "$(p99 "$ref")")x | $(met "$(p99 "$get")" 5) |"
    echo "| POST /predict p99 <= 5 ms, idle | $(p99 "$post") | $(ratio "$(p99 "$post")" "$(p99 "$ref")")x | $(met "$(p99 "$post")" 5) |"
    echo "| POST /predict p99 <= 50 ms during training | $(p99 "$post_t") | $(ratio "$(p99 "$post_t")" "$(p99 "$ref_t")")x | $(met "$(p99 "$post_t")" 50) |"
    echo
    worst=$(for r in "$get" "$post" "$post_t"; do echo "$r" | cut -d'|' -f5; done | sort -g | tail -1)
    echo "The slowest page request of all three runs took $worst ms: a request that waited for mod_fcgid"
    echo "to start a process (its one-second retry) would show as 1000 ms or more. \"Idle\" means no"
    echo "training; the machine itself was not idle (see the load and the static file's p99)."
} > "$OUT"
cat "$OUT"

#!/usr/bin/env bash
# t61-overlap.sh - one batch run at a time: a second nightly/train/work is refused at once with
# exit 3 and a clear message while the first holds $TWITOFF_HOME/batch.lock, and runs after it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/ops-lib.sh"

corpus "$T/c.csv" 0 1500 hadleywickham fchollet KimKardashian khloekardashian kourtneykardash wesmckinn
t_ok "import" "$TWITOFF" -q import "$T/c.csv"

# A real overlap: nightly trains 15 pairs (a few seconds) while a second nightly starts.
"$TWITOFF" -q nightly > "$T/first.out" 2>&1 &
first=$!
for _ in $(seq 100); do [ -s "$TWITOFF_HOME/batch.lock" ] && break; sleep 0.02; done
t0=$(date +%s%N)
"$TWITOFF" nightly > "$T/second.out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
t_eq "second nightly exits 3 (busy)" 3 "$rc"
t_match "second nightly says why" "another batch run holds .*batch.lock \(twitoff nightly, pid $first, since " "$(cat "$T/second.out")"
t_ok "refused at once (${ms} ms < 1000)" test "$ms" -lt 1000
"$TWITOFF" -q train > "$T/train.out" 2>&1
t_eq "train refused too" 3 "$?"
kill -0 "$first" 2>/dev/null && t_pass "first run still running while refused" || t_fail "first run ended too soon to test overlap"
wait "$first"
t_eq "first nightly completes" 0 "$?"
t_eq "refused runs left no run row" 1 "$(sql "SELECT count(*) FROM runs WHERE command = 'nightly'")"
t_ok "after it, nightly runs" "$TWITOFF" -q nightly

# The lock is a plain flock: any holder (here flock(1) in a shell that then becomes `sleep`)
# blocks a run, and the lock dies with its holder.
(exec 9>>"$TWITOFF_HOME/batch.lock"; flock 9; exec sleep 30) &
holder=$!
for _ in $(seq 100); do flock -n "$TWITOFF_HOME/batch.lock" true || break; sleep 0.02; done
"$TWITOFF" -q nightly 2> "$T/held.err"
t_eq "refused while flock(1) holds it" 3 "$?"
"$TWITOFF" -q reset --yes 2>/dev/null
t_eq "reset refused too (it would pull the store from under the run)" 3 "$?"
t_ok "store untouched by the refused reset" test "$(sql "SELECT count(*) FROM posts")" -gt 0
t_match "message when the holder wrote no line" "another batch run holds .*batch.lock; not starting" "$(cat "$T/held.err")"
kill -9 "$holder"; wait "$holder" 2>/dev/null
t_ok "lock free again once its holder is killed" "$TWITOFF" -q nightly
t_done

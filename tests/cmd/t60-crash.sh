#!/usr/bin/env bash
# t60-crash.sh - kill -9 at random points of import, fetch, train, lists and nightly (CRASH_KILLS, default
# 100, in all), then run again: it completes, PRAGMA integrity_check is ok, no post is lost or
# duplicated (against a clean reference run), every model and list file on disk is whole (after
# every kill, not only at the end), the models answer as the reference's do, and no temporary
# file is left. Bounded: CRASH_SECONDS (default 80) of killing at most.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/ops-lib.sh"
. "$ROOT/tests/stubs/stub.sh"
STUB_LIFETIME=300 stub_start || exit 1   # the X API stand-in: user "bench", 800 posts in 8 pages
KILLS=${CRASH_KILLS:-100}
BUDGET=${CRASH_SECONDS:-80}
USERS="hadleywickham fchollet KimKardashian khloekardashian"
corpus "$T/p1.csv" 0 100 $USERS
corpus "$T/p2.csv" 100 40 hadleywickham KimKardashian
printf '%s\n' "Tesla Model S production facility is great" "I love my family" \
    "New release of the package is on CRAN" "deep learning with keras" > "$T/texts"

# ---- The reference: the same steps, never interrupted; each step's duration sets its kill window.
declare -A window
step() {   # step NAME CMD...: run one clean step in the current TWITOFF_HOME, timing it
    local name=$1 t0 rc; shift
    t0=$(date +%s%N)
    "$TWITOFF" -q "$@" > /dev/null 2>&1; rc=$?
    window[$name]=$(( ($(date +%s%N) - t0) / 1000000 * 12 / 10 + 5 ))
    return $rc
}
export TWITOFF_HOME=$T/ref
ok=1
step import1 import "$T/p1.csv" && step train train --force && step lists lists && step import2 import "$T/p2.csv" \
    && step fetch fetch --source x bench && step nightly nightly || ok=0
t_eq "reference run completes" 1 $ok
posts_digest > "$T/ref.posts"
predictions() {   # every pair's answers to the fixed texts
    local f a b
    for f in "$TWITOFF_HOME"/models/*.model; do
        f=${f##*/}; f=${f%.model}; a=${f%%-*}; b=${f#*-}
        echo "$a $b"; "$TWITOFF" predict "$a" "$b" < "$T/texts" 2>&1
    done
}
predictions > "$T/ref.pred"
t_eq "reference has 10 pair models (4 imported users and one fetched)" 10 "$(ls "$TWITOFF_HOME"/models/*.model | grep -vc '/shared\.model$')"
[ -n "${VERBOSE:-}" ] && declare -p window

# ---- Checks run after every kill and at the end of a round.
needs_writer=0 needs_writer_in="" integrity_fail=0 partial=0 lost=0 dup=0 leftover=0 wrong=0 reruns_failed=0
check_integrity() {   # sqlite3's own check (an independent reader): read-only first, as the pages
                      # open it; a hot journal or WAL that needs a writer's recovery is counted
                      # apart and checked read-write (as the next batch run would open it)
    [ -f "$TWITOFF_HOME/twitoff.db" ] || return 0
    local r; r=$(sqlite3 -readonly "$TWITOFF_HOME/twitoff.db" "PRAGMA integrity_check" 2>&1)
    case $r in *readonly*)
        needs_writer=$((needs_writer + 1)); needs_writer_in="$needs_writer_in ${1:-end}"
        r=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "PRAGMA integrity_check" 2>&1) ;;
    esac
    [ "$r" = ok ] || { integrity_fail=$((integrity_fail + 1)); echo "integrity: $r" >&2; }
}
check_files() {   # every model and list file under its final name is whole (twitoff check loads
                  # each model as the pages do, parses the JSON/XML/SVG lists, checks the HTML end)
    local out
    out=$("$TWITOFF" check 2>&1) && return 0
    partial=$((partial + $(printf '%s\n' "$out" | grep -c '^problem: \(model\|list\)')))
    printf '%s\n' "$out" | grep '^problem' >&2
}

# kill_loop NAME N CMD...: N times start CMD and kill -9 it at a random moment of its window;
# kills that found the process already finished do not count (and are retried, boundedly, in a
# window shrunk to that run: after a kill less work is left, e.g. fewer stale pairs).
declare -A killed ref_window
for k in "${!window[@]}"; do ref_window[$k]=${window[$k]}; done
kills=0
kill_loop() {
    local name=$1 n=$2 tries=0 got=0 ms pid; shift 2
    while [ $got -lt "$n" ] && [ $tries -lt $((n * 4)) ]; do
        tries=$((tries + 1))
        ms=$((RANDOM % window[$name]))
        "$TWITOFF" -q "$@" > /dev/null 2>&1 &
        pid=$!
        sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
        kill -9 $pid 2>/dev/null
        wait $pid 2>/dev/null
        if [ $? -ne 137 ]; then [ $ms -gt 5 ] && window[$name]=$ms; continue; fi
        got=$((got + 1)); kills=$((kills + 1)); killed[$name]=$((${killed[$name]:-0} + 1))
        check_integrity "$name"
        case $name in train|lists|nightly) check_files ;; esac
    done
}
rerun() { "$TWITOFF" -q "$@" > "$T/rerun.out" 2>&1 || { reruns_failed=$((reruns_failed + 1)); cat "$T/rerun.out" >&2; }; }

start=$SECONDS round=0
while [ $kills -lt "$KILLS" ] && [ $((SECONDS - start)) -lt "$BUDGET" ]; do
    round=$((round + 1))
    export TWITOFF_HOME=$T/r$round
    mkdir -p "$TWITOFF_HOME"
    for k in "${!ref_window[@]}"; do window[$k]=${ref_window[$k]}; done
    kill_loop import1 4 import "$T/p1.csv";  rerun import "$T/p1.csv"
    kill_loop train 8 train --force;         rerun train
    kill_loop lists 3 lists;                 rerun lists
    kill_loop import2 3 import "$T/p2.csv";  rerun import "$T/p2.csv"
    kill_loop fetch 4 fetch --source x bench; rerun fetch --source x bench
    kill_loop nightly 8 nightly;             rerun nightly
    check_integrity
    check_files
    "$TWITOFF" check --strict > /dev/null 2>&1 || leftover=$((leftover + 1))
    posts_digest > "$T/got.posts"
    lost=$((lost + $(comm -23 "$T/ref.posts" "$T/got.posts" | wc -l)))
    dup=$((dup + $(comm -13 "$T/ref.posts" "$T/got.posts" | wc -l) \
               + $(sql "SELECT count(*) - count(DISTINCT user_id || ' ' || remote_id) FROM posts")))
    leftover=$((leftover + $(find "$TWITOFF_HOME/models" "$TWITOFF_HOME/lists" -name '*.tmp*' | wc -l)))
    [ "$(sql "SELECT status FROM runs WHERE command = 'nightly' ORDER BY id DESC LIMIT 1")" = ok ] \
        || reruns_failed=$((reruns_failed + 1))
    predictions > "$T/got.pred"
    cmp -s "$T/ref.pred" "$T/got.pred" || { wrong=$((wrong + 1)); diff "$T/ref.pred" "$T/got.pred" | head -5 >&2; }
    rm -rf "$TWITOFF_HOME"
done
summary="kills=$kills (import ${killed[import1]:-0}+${killed[import2]:-0}, fetch ${killed[fetch]:-0}, train ${killed[train]:-0}, lists ${killed[lists]:-0}, nightly ${killed[nightly]:-0}) rounds=$round seconds=$((SECONDS - start)) integrity_failures=$integrity_fail lost_posts=$lost duplicated_posts=$dup partial_files=$partial leftover_temp_files=$leftover wrong_models=$wrong failed_reruns=$reruns_failed read_only_open_needed_recovery=$needs_writer${needs_writer_in:+ (after killed:$needs_writer_in)}"
echo "t60-crash: $summary"
t_ok "at least $KILLS kill points within ${BUDGET}s" test $kills -ge "$KILLS"
t_eq "re-runs after kills all complete" 0 $reruns_failed
t_eq "integrity failures" 0 $integrity_fail
t_eq "lost posts" 0 $lost
t_eq "duplicated posts" 0 $dup
t_eq "partial model or list files" 0 $partial
t_eq "temporary files left after the re-run" 0 $leftover
t_eq "models differing from the reference" 0 $wrong
t_done

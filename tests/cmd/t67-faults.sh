#!/usr/bin/env bash
# t67-faults.sh - fault injection: the batch commands import, train, lists, nightly and admin-key
# run under the LD_PRELOAD shim tests/fault/fault.c, which makes the Nth write, fsync, rename,
# open or malloc fail (and, for writes, every one after it: a full disk). A first pass counts the
# calls each command makes (FAULT_COUNT=1); then N is swept over that range (every call when
# there are few, else FAULT_SAMPLES points spread over it). After each fault: no crash or hang
# (the exit status is 0 or a failure with a message; out of memory is status 70), the database
# passes PRAGMA integrity_check, no post is lost or duplicated, `twitoff check` finds every
# model and list file loadable, and a clean re-run completes with the clean run's result.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cmd/ops-lib.sh"
SO=${BUILD:-$ROOT/build/std}/tests/fault.so
SAMPLES=${FAULT_SAMPLES:-4}
CALLS="write fsync rename open malloc"
if [ "${SANITIZE:-}" = 1 ]; then
    # An LD_PRELOAD shim cannot come before AddressSanitizer's runtime (it owns malloc and the
    # calls the shim wraps), so the sanitizer run sweeps the plain build, which `make test` builds.
    SO=$ROOT/build/std/tests/fault.so
    TWITOFF=$ROOT/bin/twitoff
    [ -x "$TWITOFF" ] || { t_fail "the plain build $TWITOFF is built (make, before SANITIZE=1)"; t_done; exit 1; }
fi
[ -f "$SO" ] || { t_fail "the shim $SO is built (make test builds it)"; t_done; exit 1; }
USERS="fchollet KimKardashian wesmckinn"
corpus "$T/c0.csv" 0 60 $USERS
corpus "$T/c1.csv" 60 30 $USERS
tw() { "$TWITOFF" -q "$@" >/dev/null 2>&1; }

# The instances each command starts from (a working one, plus what the command has to do).
mk() { rm -rf "$T/tpl/$1"; mkdir -p "$T/tpl"; TWITOFF_HOME=$T/tpl/$1; mkdir -p "$TWITOFF_HOME"; }
mk base;  tw import "$T/c0.csv" && tw train && tw lists && tw admin-key || t_fail "base instance"
mk stale; cp -a "$T/tpl/base/." "$TWITOFF_HOME/"; tw import "$T/c1.csv" || t_fail "stale instance"
mk fresh; cp -a "$T/tpl/stale/." "$TWITOFF_HOME/"; tw train || t_fail "fresh instance"
H=$T/run
export TWITOFF_HOME=$H
# name|instance|arguments
COMMANDS="import|base|import $T/c1.csv
train|stale|train
lists|fresh|lists
nightly|stale|nightly --no-fetch
admin-key|base|admin-key"

# state: what a run leaves that must be the same as after a clean run: the posts, the pairs, the
# model and list files, and how many admin keys twitoff.conf holds.
state() {
    { posts_digest | md5sum
      sqlite3 "$H/twitoff.db" "SELECT count(*) FROM pairs"
      ls "$H/models" 2>/dev/null | grep -v '\.tmp' | sort
      ls "$H/lists" 2>/dev/null | grep -v '\.tmp' | sort
      md5sum < "$H/lists/users.html" 2>/dev/null
      grep -c '^admin_key_sha256' "$H/twitoff.conf" 2>/dev/null; } | md5sum | cut -c1-32
}
fresh_copy() { rm -rf "$H"; cp -a "$T/tpl/$1" "$H"; }

# points COUNT: the call numbers to fail, 1..COUNT or SAMPLES of them spread over it.
points() {
    local c=$1 i
    if [ "$c" -le "$SAMPLES" ]; then seq 1 "$c"; return; fi
    { echo 1; echo "$c"; for i in $(seq 1 $((SAMPLES - 2))); do echo $(( 1 + i * (c - 1) / (SAMPLES - 1) )); done; } | sort -nu
}

# one NAME INSTANCE ARGS CALL N ERRNO MODE: one faulty run and every check after it.
exercised=0 failed_runs=0 completed=0 oom=0
one() {
    local name=$1 inst=$2 args=$3 call=$4 n=$5 e=$6 mode=$7 rc why=""
    fresh_copy "$inst"
    local before
    before=$(posts_digest | md5sum)
    # shellcheck disable=SC2086
    LD_PRELOAD=$SO FAULT_CALL=$call FAULT_N=$n FAULT_ERRNO=$e FAULT_MODE=$mode \
        timeout 60 "$TWITOFF" $args > "$T/out" 2> "$T/err"
    rc=$?
    exercised=$((exercised + 1))
    local what="$name, $call #$n ($e, $mode)"
    if [ "$rc" -eq 124 ] || [ "$rc" -ge 128 ]; then why="crashed or hung (exit $rc): $(tail -3 "$T/err")"
    elif [ "$rc" -ne 0 ] && ! grep -v '^fault: ' "$T/err" | grep -q '^twitoff: '; then why="exit $rc without a message: $(tail -3 "$T/err")"
    fi
    [ "$rc" -eq 0 ] && completed=$((completed + 1))
    [ "$rc" -ne 0 ] && failed_runs=$((failed_runs + 1))
    [ "$rc" -eq 70 ] && oom=$((oom + 1))
    if [ -z "$why" ] && [ -f "$H/twitoff.db" ]; then
        local ic
        ic=$(sqlite3 "$H/twitoff.db" 'PRAGMA integrity_check' 2>&1)
        [ "$ic" = ok ] || why="integrity_check: $ic"
    fi
    if [ -z "$why" ]; then
        local now
        now=$(posts_digest | md5sum)
        if [ "$now" != "$before" ] && [ "$now" != "${CLEAN_POSTS[$name]}" ]; then why="posts lost or duplicated"; fi
    fi
    if [ -z "$why" ] && ! "$TWITOFF" check > "$T/check" 2>&1; then why="twitoff check: $(tail -3 "$T/check")"; fi
    if [ -z "$why" ]; then
        # shellcheck disable=SC2086
        if ! timeout 60 "$TWITOFF" -q $args > "$T/rerun" 2>&1; then why="clean re-run failed: $(tail -3 "$T/rerun")"
        elif [ "$(state)" != "${CLEAN_STATE[$name]}" ]; then why="clean re-run: not the clean run's result"
        fi
    fi
    if [ -n "$why" ]; then t_fail "$what" "$why"; else t_pass "$what"; fi
}

declare -A CLEAN_STATE CLEAN_POSTS
errnos=(ENOSPC EIO)
while IFS='|' read -r name inst args; do
    fresh_copy "$inst"
    # shellcheck disable=SC2086
    t_ok "$name: clean run" "$TWITOFF" -q $args
    CLEAN_STATE[$name]=$(state)
    CLEAN_POSTS[$name]=$(posts_digest | md5sum)
    for call in $CALLS; do
        fresh_copy "$inst"
        # shellcheck disable=SC2086
        c=$(LD_PRELOAD=$SO FAULT_CALL=$call FAULT_COUNT=1 "$TWITOFF" -q $args 2>&1 >/dev/null | sed -n "s/^fault: \([0-9]*\) $call calls$/\1/p")
        [ -n "$c" ] || { t_fail "$name: the shim counts $call calls"; continue; }
        echo "t67-faults: $name makes $c $call calls"
        [ "$call" = malloc ] && e=ENOMEM
        k=0
        for n in $(points "$c"); do
            [ "$call" = malloc ] || e=${errnos[$((k % 2))]}
            k=$((k + 1))
            one "$name" "$inst" "$args" "$call" "$n" "$e" once
        done
        if [ "$call" = write ]; then   # a full disk: every write from the Nth on fails
            for n in $(SAMPLES=3 points "$c"); do one "$name" "$inst" "$args" write "$n" ENOSPC full; done
        fi
    done
done <<< "$COMMANDS"
t_eq "the shim intercepts the store's writes (SQLite through libc)" 1 "$(( exercised > 50 ))"
echo "t67-faults: $exercised fault points exercised: $failed_runs runs stopped with a message ($oom of them out of memory, status 70), $completed completed despite the fault"
t_done

#!/usr/bin/env bash
# t66-priority.sh - the long batch commands yield to the pages: a running `twitoff work` (held for
# 3 s by the stand-in's slow account) has the nice value batch_nice, the SCHED_BATCH policy and
# the lowest best-effort I/O priority, as the kernel reports them (/proc, ionice); batch_nice = 0
# leaves all three as they were.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/stubs/stub.sh"
stub_start || exit 1
"$TWITOFF" status >/dev/null 2>&1   # creates the database
queue_slow() { sql "INSERT INTO jobs (kind, arg, source) VALUES ('fetch', 'slowpoke', 'x')"; }
# field N of /proc/PID/stat (after the command name): 19 nice, 41 policy
statf() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk -v n="$(( $2 - 2 ))" '{print $n}'; }

# sample [PREFIX...]: start `twitoff work` (after PREFIX, such as nice) in the background, read its
# priority while it runs; sets NI, POL, IO.
sample() {
    queue_slow
    "$@" "$TWITOFF" -q work > "$T/work.out" 2>&1 &
    local pid=$! i
    NI= POL= IO=
    for i in $(seq 100); do
        sleep 0.05
        [ -r "/proc/$pid/stat" ] || break
        if [ "$(statf "$pid" 19)" != "$(statf $$ 19)" ] || [ "$i" -gt 20 ]; then
            NI=$(statf "$pid" 19); POL=$(statf "$pid" 41); IO=$(ionice -p "$pid" 2>&1)
            break
        fi
    done
    timeout 30 tail --pid="$pid" -f /dev/null
    wait "$pid"
}

base_ni=$(statf $$ 19)
sample
t_eq "work: nice raised to batch_nice (10)" 10 "$NI"
t_eq "work: SCHED_BATCH (policy 3)" 3 "$POL"
t_eq "work: I/O best-effort, level 7" "best-effort: prio 7" "$IO"
t_match "the slow job ran" 'done' "$(sql "SELECT status FROM jobs ORDER BY id DESC LIMIT 1")"

TWITOFF_BATCH_NICE=15 sample
t_eq "batch_nice = 15" 15 "$NI"

TWITOFF_BATCH_NICE=0 sample
t_eq "batch_nice = 0: nice left as it was" "$base_ni" "$NI"
t_eq "batch_nice = 0: policy left as it was" "$(statf $$ 41)" "$POL"

sample nice -n 19 env TWITOFF_BATCH_NICE=5
t_eq "a nicer start is not made less nice" 19 "$NI"
t_done

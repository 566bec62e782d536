#!/usr/bin/env bash
# t65-cron.sh - the cron wrapper: timestamped log lines in $TWITOFF_HOME/log, bounded logs,
# the command's exit status, nightly retried while another run holds the lock; and the crontab.
. "$(dirname "$0")/../lib.sh"
W=$ROOT/cron/twitoff-cron.sh
export TWITOFF=$TWITOFF
L=$TWITOFF_HOME/log

t_ok "wrapper runs a command" "$W" status
t_ok "log file written" test -s "$L/status.log"
ts='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z \[[0-9]+\] '
t_match "start line stamped" "${ts}start: twitoff status$" "$(cat "$L/status.log")"
t_match "output lines stamped" "${ts}users: 0$" "$(cat "$L/status.log")"
t_match "end line with exit status" "${ts}end: exit 0 after [0-9]+s$" "$(cat "$L/status.log")"
t_eq "every line stamped" 0 "$(grep -Evc "$ts" "$L/status.log")"
t_eq "nothing on the wrapper's own output (no cron mail)" "" "$("$W" status 2>&1)"

"$W" predict nobody none x
t_eq "the command's exit status is returned" 1 "$?"
t_match "its error is logged" "${ts}twitoff: unknown user" "$(cat "$L/predict.log")"

# Never through a link, nor into a log directory others can write.
printf 'precious\n' > "$T/victim"
mv "$L/predict.log" "$T/p.log" && ln -s "$T/victim" "$L/predict.log"
out=$("$W" status 2>&1 >/dev/null; "$W" predict a b x 2>&1); rc=$?
t_eq "a log that is a link: refused (exit 1)" 1 "$rc"
t_match "a log that is a link: says so" 'refusing to log into .*predict.log is a link' "$out"
t_eq "a log that is a link: not written through" precious "$(cat "$T/victim")"
rm "$L/predict.log"
chmod g+w "$L"
out=$("$W" status 2>&1); rc=$?
t_eq "a group-writable log directory: refused" "1" "$rc"
t_match "a group-writable log directory: says what to do" "chmod 700 $L" "$out"
chmod 700 "$L"

# Bounded: past TWITOFF_LOG_MAX_KB the log rotates; only TWITOFF_LOG_KEEP old files stay.
for _ in $(seq 40); do TWITOFF_LOG_MAX_KB=1 TWITOFF_LOG_KEEP=2 "$W" status; done
t_eq "rotated files kept: 2" "status.log status.log.1 status.log.2" "$(cd "$L" && echo status.log*)"
big=$(find "$L" -name 'status.log*' -size +3k | wc -l)
t_eq "no log file past the limit (+ one run)" 0 "$big"

# Busy: train is refused (exit 3) and not retried; nightly waits and retries.
(exec 9>>"$TWITOFF_HOME/batch.lock"; flock 9; exec sleep 2) &
holder=$!
for _ in $(seq 100); do flock -n "$TWITOFF_HOME/batch.lock" true || break; sleep 0.02; done
"$W" train
t_eq "refused train: exit 3, no retry" 3 "$?"
t_match "refusal logged" "another batch run holds .*batch.lock; not starting" "$(cat "$L/train.log")"
TWITOFF_BUSY_WAIT=1 TWITOFF_BUSY_RETRIES=5 "$W" nightly
t_eq "nightly retried until the lock was free" 0 "$?"
t_match "retry logged" "${ts}busy: another batch run holds the lock; retry 1 of 5" "$(cat "$L/nightly.log")"
wait "$holder"
t_fails "bad command name refused" "$W" '../x'

# The crontab: nightly at a quiet hour, work every 5 minutes, through the wrapper.
tab=$ROOT/cron/twitoff.crontab
t_match "TWITOFF_HOME set" "^TWITOFF_HOME=@TWITOFF_HOME@$" "$(cat "$tab")"
t_match "nightly between 01:00 and 05:59" "^[0-5]?[0-9] [1-5] \* \* \* +@BINDIR@/twitoff-cron nightly$" "$(cat "$tab")"
t_match "work every 5 minutes" "^\*/5 \* \* \* \* +@BINDIR@/twitoff-cron work$" "$(cat "$tab")"
t_done

#!/usr/bin/env bash
# twitoff-cron.sh - run one `twitoff` batch command from cron, logging timestamped lines to
# $TWITOFF_HOME/log/COMMAND.log (rotated past a size limit, a few old files kept).
#
# Usage: twitoff-cron COMMAND [ARGS]      e.g. `twitoff-cron nightly`, `twitoff-cron work`
# Environment (all optional; the crontab sets TWITOFF_HOME):
#   TWITOFF_HOME          instance directory (default: the one this script was installed for)
#   TWITOFF               the twitoff binary (default: next to this script, or ../bin/twitoff)
#   TWITOFF_LOG_MAX_KB    rotate a log when it grows past this size (default 1024)
#   TWITOFF_LOG_KEEP      rotated files kept: COMMAND.log.1 .. .N (default 4)
#   TWITOFF_BUSY_RETRIES  when another batch run holds the lock (exit 3), try again this many
#                         times (default 15 for nightly, which must not be skipped; 0 otherwise)
#   TWITOFF_BUSY_WAIT     seconds between those tries (default 60)
# Exit status: the command's (3 when it was still refused after the retries).
set -u
here=$(cd "$(dirname "$0")" && pwd)
installed_home='@TWITOFF_HOME@'
case $installed_home in @*) installed_home=$here/../var ;; esac   # not installed: the checkout's var
export TWITOFF_HOME=${TWITOFF_HOME:-$installed_home}
if [ -z "${TWITOFF:-}" ]; then
    if [ -x "$here/twitoff" ]; then TWITOFF=$here/twitoff; else TWITOFF=$here/../bin/twitoff; fi
fi
[ $# -ge 1 ] || { echo "usage: twitoff-cron COMMAND [ARGS]" >&2; exit 2; }
cmd=$1
case $cmd in *[!a-z-]*|'') echo "twitoff-cron: bad command name '$cmd'" >&2; exit 2 ;; esac
max_kb=${TWITOFF_LOG_MAX_KB:-1024}
keep=${TWITOFF_LOG_KEEP:-4}
if [ "$cmd" = nightly ]; then retries=${TWITOFF_BUSY_RETRIES:-15}; else retries=${TWITOFF_BUSY_RETRIES:-0}; fi
wait_s=${TWITOFF_BUSY_WAIT:-60}
logdir=$TWITOFF_HOME/log
log=$logdir/$cmd.log
umask 027
mkdir -p "$logdir" || exit 1
# The logs live in a directory only the batch user may write: refuse one that others can write,
# or a log that is a link, rather than write through it.
if [ -L "$log" ] || [ -n "$(find "$logdir" -maxdepth 0 -perm /022 2>/dev/null)" ]; then
    echo "twitoff-cron: refusing to log into $logdir: others can write it, or $log is a link (chmod 700 $logdir)" >&2
    exit 1
fi

# rotate: COMMAND.log -> .1 -> .2 ... when it is larger than the limit; the oldest is dropped.
rotate() {
    local size
    [ -f "$log" ] || return 0
    size=$(wc -c < "$log")
    [ "$size" -gt $((max_kb * 1024)) ] || return 0
    local i=$keep
    rm -f "$log.$keep"
    while [ "$i" -gt 1 ]; do
        [ -f "$log.$((i - 1))" ] && mv -f "$log.$((i - 1))" "$log.$i"
        i=$((i - 1))
    done
    if [ "$keep" -gt 0 ]; then mv -f "$log" "$log.1"; else rm -f "$log"; fi
}

# stamp: prefix every line of stdin with the UTC time (bash's printf, no process per line).
stamp() {
    local line
    while IFS= read -r line || [ -n "$line" ]; do
        TZ=UTC printf '%(%Y-%m-%dT%H:%M:%SZ)T [%s] %s\n' -1 "$$" "$line"
    done
}

rotate
attempt=0
while :; do
    echo "start: twitoff $*" | stamp >> "$log"
    t0=$SECONDS
    "$TWITOFF" "$@" 2>&1 < /dev/null | stamp >> "$log"
    rc=${PIPESTATUS[0]}
    echo "end: exit $rc after $((SECONDS - t0))s" | stamp >> "$log"
    [ "$rc" -eq 3 ] && [ "$attempt" -lt "$retries" ] || break
    attempt=$((attempt + 1))
    echo "busy: another batch run holds the lock; retry $attempt of $retries in ${wait_s}s" | stamp >> "$log"
    sleep "$wait_s"
done
exit "$rc"

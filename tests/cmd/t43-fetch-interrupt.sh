#!/usr/bin/env bash
# t43-fetch-interrupt.sh - a fetch killed mid-way loses nothing: the pages committed stay, a re-run
# completes the user, and no post is ever stored twice.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/stubs/stub.sh"
stub_start || exit 1
count() { sql "SELECT count(*) FROM posts" 2>/dev/null || echo 0; }

# The fetch runs in a quiet subshell so that the shell's "Killed" notice stays out of the output.
( "$TWITOFF" -q fetch slowpages >"$T/f1.out" 2>&1 & echo $! >"$T/pid"; wait ) 2>/dev/null &
sub=$!
for _ in $(seq 50); do [ -s "$T/pid" ] && break; sleep 0.05; done
pid=$(cat "$T/pid")
for _ in $(seq 100); do [ "$(count)" -ge 100 ] && break; sleep 0.1; done
kill -KILL "$pid" 2>/dev/null
wait "$sub" 2>/dev/null
n=$(count)
t_match "killed after some pages, before the end" '^[1-4]00$' "$n"
t_eq "no half page: pages are committed whole" 0 "$((n % 100))"
t_eq "not marked complete" "" "$(sql "SELECT newest_post_id FROM users WHERE handle = 'slowpages'")"
t_eq "database intact" ok "$(sql "PRAGMA integrity_check")"

out=$("$TWITOFF" fetch slowpages 2>&1); rc=$?
t_eq "re-run exits 0" 0 "$rc"
t_match "re-run adds only what was missing" "x/slowpages: $((500 - n)) new posts \\(500 fetched, 500 stored\\)" "$out"
t_eq "all 500 stored once" 500/500 "$(sql "SELECT count(DISTINCT remote_id) || '/' || count(*) FROM posts")"
t_eq "now marked complete" 1820000000000000500 "$(sql "SELECT newest_post_id FROM users WHERE handle = 'slowpages'")"
out=$("$TWITOFF" fetch slowpages 2>&1)
t_match "third run: nothing new" 'x/slowpages: 0 new posts' "$out"
t_eq "still 500" 500 "$(count)"
t_done

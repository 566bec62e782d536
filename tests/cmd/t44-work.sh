#!/usr/bin/env bash
# t44-work.sh - `twitoff work` runs the jobs the admin page queues (fetch, seed, retrain, delete,
# reset) in order under $TWITOFF_HOME/batch.lock, recording status, message and times.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/stubs/stub.sh"
stub_start || exit 1
export TWITOFF_MIN_POSTS=5
queue() { sql "INSERT INTO jobs (kind, arg, source) VALUES ('$1', $2, $3)"; }
job() { sql "SELECT status || '|' || coalesce(message, '') FROM jobs WHERE id = $1"; }

"$TWITOFF" status >/dev/null 2>&1   # creates the database
queue fetch "'NASA'" "'x'"
queue fetch "'alice.bsky.social'" "'bluesky'"
printf 'seed_users = xdevelopers, mastodon:alice@fosstodon.example\n' > "$TWITOFF_HOME/twitoff.conf"
queue seed NULL NULL
queue fetch "'nobodyhere'" "'x'"
queue retrain NULL NULL
queue frobnicate NULL NULL
out=$("$TWITOFF" work 2>&1); rc=$?
t_eq "work exits 1 when a job failed" 1 "$rc"
t_match "queued fetch done" '^done\|x/NASA: 8 new posts' "$(job 1)"
t_match "queued bluesky fetch done" '^done\|bluesky/alice.bsky.social: 117 new posts' "$(job 2)"
t_match "queued seed fetched the seed list" '^done\|x/XDevelopers: 12 new posts.*; mastodon/alice@fosstodon.example: 88 new posts' "$(job 3)"
t_match "unknown user job failed, saying why" '^failed\|x/nobodyhere: failed: x: unknown user: GET .*Could not find user' "$(job 4)"
t_match "retrain job trained the pairs" '^done\|6 pairs trained' "$(job 5)"
t_match "unknown kind failed" "^failed\\|unknown job kind 'frobnicate'" "$(job 6)"
t_eq "times recorded" 6 "$(sql "SELECT count(*) FROM jobs WHERE started_at > 0 AND finished_at >= started_at")"
t_eq "a work run recorded" "work|failed|4|225|6|2|6 jobs, 2 failed" \
    "$(sql "SELECT command, status, users_fetched, posts_added, pairs_trained, errors, message FROM runs WHERE command = 'work'")"
t_eq "six pair model files" 6 "$(ls "$TWITOFF_HOME/models" | grep -c -- '-.*\.model$')"
t_ok "and the shared model" test -s "$TWITOFF_HOME/models/shared.model"

t_match "twitoff status lists the jobs and their messages" "last jobs:.*#6 .*frobnicate.*failed +unknown job kind" "$("$TWITOFF" status | tr '\n' ' ')"

queue delete "'NASA'" NULL
out=$("$TWITOFF" work 2>&1); rc=$?
t_eq "delete job: exit 0" 0 "$rc"
t_match "delete job done" '^done\|deleted NASA \(8 posts\)' "$(job 7)"
t_eq "user and posts gone" "0|0" "$(sql "SELECT (SELECT count(*) FROM users WHERE handle = 'NASA'), (SELECT count(*) FROM posts WHERE remote_id LIKE '17950000000000000%')")"
t_eq "its model files gone, the others kept" "3|0" \
    "$(echo "$(ls "$TWITOFF_HOME/models" | grep -c -- '-.*\.model$')|$(ls "$TWITOFF_HOME/models" | grep -c NASA)")"
t_nomatch "the shared model no longer ranks it" "NASA" "$("$TWITOFF" rank --top 10 "space launch")"
t_eq "its pair rows gone" 3 "$(sql "SELECT count(*) FROM pairs")"
out=$("$TWITOFF" work 2>&1); rc=$?
t_eq "empty queue: exit 0" 0 "$rc"
t_match "empty queue: says so" 'work: 0 jobs, 0 failed' "$out"

queue fetch "'ratelimited'" NULL
queue fetch "'flaky'" NULL
out=$("$TWITOFF" work 2>&1); rc=$?
t_eq "rate limited: exit 3" 3 "$rc"
t_match "rate limited job stays queued for the next run" '^queued\|.*rate limited: retried on the next run' "$(job 8)"
t_eq "later jobs wait too" "queued|" "$(job 9)"

sql "UPDATE jobs SET status = 'failed' WHERE id = 8"
flock -o "$TWITOFF_HOME/batch.lock" sleep 20 &
lockpid=$!
for _ in $(seq 50); do flock -n "$TWITOFF_HOME/batch.lock" true 2>/dev/null || break; sleep 0.05; done
out=$("$TWITOFF" work 2>&1); rc=$?
t_eq "lock held: exit 3" 3 "$rc"
t_match "lock held: says so" 'another batch run holds .*batch.lock' "$out"
t_eq "lock held: job untouched" "queued|" "$(job 9)"
kill "$lockpid" 2>/dev/null; wait "$lockpid" 2>/dev/null

sql "UPDATE jobs SET status = 'running' WHERE id = 9"
queue reset NULL NULL
out=$("$TWITOFF" work 2>&1); rc=$?
t_eq "reset job: exit 0" 0 "$rc"
t_eq "reset job: database emptied" "0|0" "$(sql "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM posts)")"
t_eq "reset job: recorded in the new database" "reset|done|database reset" "$(sql "SELECT kind, status, message FROM jobs")"
t_eq "reset job: the work run recorded in the new database" "work|ok|1 jobs, 0 failed" "$(sql "SELECT command, status, message FROM runs")"
t_eq "reset job: models removed" 0 "$(ls "$TWITOFF_HOME/models" | wc -l)"
t_done

#!/usr/bin/env bash
# t63-nightly.sh - `twitoff nightly`: trains what is stale and only that, rewrites the lists only
# when something changed, drops models of deleted users, logs an unreachable source without
# failing, closes runs a crash left open, and records every run.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/ops-lib.sh"
H=$TWITOFF_HOME
corpus "$T/a.csv" 0 150 hadleywickham fchollet KimKardashian khloekardashian
corpus "$T/more.csv" 150 40 hadleywickham
t_ok "import" "$TWITOFF" -q import "$T/a.csv"

t_ok "first nightly" "$TWITOFF" -q nightly
t_eq "run recorded ok with 6 pairs" "ok|6|0" "$(sql "SELECT status, pairs_trained, errors FROM runs WHERE command='nightly' ORDER BY id DESC LIMIT 1")"
t_eq "6 pair model files" 6 "$(ls "$H"/models/*.model | grep -vc '/shared\.model$')"
t_ok "lists written" test -s "$H/lists/users.html"

# Nothing changed: no training, lists untouched, fast.
lists_before=$(stat -c %Y.%i "$H"/lists/users.* | tr '\n' ' ')
sleep 1.1
t0=$(date +%s%N)
out=$("$TWITOFF" nightly 2>&1)
ms=$((($(date +%s%N) - t0) / 1000000))
t_match "nothing to do: 0 pairs, lists unchanged" "0 pairs trained, lists unchanged" "$out"
t_ok "nothing-changed nightly took ${ms} ms (<= 1000)" test "$ms" -le 1000
t_eq "lists not rewritten" "$lists_before" "$(stat -c %Y.%i "$H"/lists/users.* | tr '\n' ' ')"

# One user gains posts: only that user's 3 pairs retrain.
sql "SELECT user_a || '-' || user_b || ' ' || trained_at FROM pairs ORDER BY 1" > "$T/pairs0"
models0=$(stat -c '%n %i' "$H"/models/*.model)
sleep 1.1
t_ok "import more posts of one user" "$TWITOFF" -q import "$T/more.csv"
out=$("$TWITOFF" nightly 2>&1)
t_match "3 pairs retrained, lists rewritten" "3 pairs trained, lists rewritten" "$out"
sql "SELECT user_a || '-' || user_b || ' ' || trained_at FROM pairs ORDER BY 1" > "$T/pairs1"
hid=$(sql "SELECT id FROM users WHERE handle='hadleywickham'")
changed=$(diff "$T/pairs0" "$T/pairs1" | grep -c '^>')
t_eq "exactly 3 pair rows changed" 3 "$changed"
t_eq "all changed pairs involve that user" 0 "$(diff "$T/pairs0" "$T/pairs1" | grep '^>' | grep -Evc "(^> $hid-|-$hid )")"
kept=$(stat -c '%n %i' "$H"/models/*.model | grep -Fxc -f <(printf '%s\n' "$models0"))
t_eq "the other 3 model files untouched" 3 "$kept"

# A deleted user: its models go (and only pair models: iris.model stays), the lists follow.
printf 'twitoff-iris 1\n' > "$H/models/iris.model"
sqlite3 "$H/twitoff.db" "PRAGMA foreign_keys=ON; DELETE FROM users WHERE handle='khloekardashian'"
t_ok "nightly after a delete" "$TWITOFF" -q nightly
t_eq "3 pair model files left" 3 "$(ls "$H"/models/*-*.model | wc -l)"
t_nomatch "no model of the deleted user" "khloe" "$(ls "$H/models")"
t_ok "a model file that is not a pair's is kept" test -f "$H/models/iris.model"
t_nomatch "lists no longer show the deleted user" "khloekardashian" "$(cat "$H/lists/users.html")"

# An unreachable remote source is logged and counted, not fatal.
sql "INSERT INTO users (source, handle) VALUES ('mastodon', 'ghost@127.0.0.1')"
export TWITOFF_HTTP_BACKOFF=0.05 TWITOFF_MASTODON_API_URL=http://127.0.0.1:9 TWITOFF_X_API_URL=http://127.0.0.1:9/2 \
       TWITOFF_BLUESKY_API_URL=http://127.0.0.1:9/xrpc
out=$(timeout 60 "$TWITOFF" nightly 2>&1)
t_eq "unreachable source: nightly still exits 0" 0 "$?"
t_match "the failure is logged" "ghost@127.0.0.1" "$out"
t_match "run ok with the error counted and named" "^ok\|[1-9][0-9]*\|.*ghost@127.0.0.1" \
    "$(sql "SELECT status, errors, message FROM runs WHERE command='nightly' ORDER BY id DESC LIMIT 1")"
t_ok "--no-fetch skips remote users without error" "$TWITOFF" -q nightly --no-fetch
t_eq "--no-fetch run has no error" "ok|0" "$(sql "SELECT status, errors FROM runs WHERE command='nightly' ORDER BY id DESC LIMIT 1")"

# A run killed earlier (still 'running') is closed by the next one.
sql "INSERT INTO runs (command) VALUES ('nightly')"
"$TWITOFF" -q nightly --no-fetch
t_eq "interrupted run closed as failed" "failed" "$(sql "SELECT status FROM runs WHERE command='nightly' ORDER BY id DESC LIMIT 1 OFFSET 1")"
t_eq "no run left running" 0 "$(sql "SELECT count(*) FROM runs WHERE status='running'")"

# History older than history_days (default 90) is pruned; recent history stays.
sql "INSERT INTO runs (command, started_at, finished_at, status) VALUES ('work', 1, 2, 'ok')"
sql "INSERT INTO jobs (kind, status, created_at, finished_at) VALUES ('seed', 'done', 1, 2)"
sql "INSERT INTO jobs (kind, status, finished_at) VALUES ('seed', 'done', strftime('%s','now'))"
runs_before=$(sql "SELECT count(*) FROM runs WHERE started_at > 1")
"$TWITOFF" -q nightly --no-fetch
t_eq "old run and old finished job pruned, recent job kept" "0 0 1" \
    "$(sql "SELECT count(*) FROM runs WHERE started_at = 1") $(sql "SELECT count(*) FROM jobs WHERE created_at = 1") $(sql "SELECT count(*) FROM jobs")"
t_eq "recent runs kept" $((runs_before + 1)) "$(sql "SELECT count(*) FROM runs")"

# Quiet is quiet; usage errors are usage errors.
t_eq "--quiet prints nothing" "" "$("$TWITOFF" -q nightly --no-fetch 2>&1)"
"$TWITOFF" nightly --bogus 2>/dev/null
t_eq "unknown option: exit 2" 2 "$?"
t_done

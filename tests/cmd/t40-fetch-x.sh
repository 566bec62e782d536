#!/usr/bin/env bash
# t40-fetch-x.sh - `twitoff fetch` from the X API v2 stand-in: paging, note_tweet, re-runs, since_id,
# max_posts, replies (kept without their leading @mentions), RT texts dropped, an unknown user, and the bearer token kept out of every output.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/stubs/stub.sh"
stub_start || exit 1
# tw ARGS: run twitoff, keeping a copy of everything it printed in $T/all.out.
tw() { "$TWITOFF" "$@" 2>&1 | tee -a "$T/all.out"; return "${PIPESTATUS[0]}"; }

out=$(tw fetch NASA bench 2>&1); rc=$?
t_eq "fetch exits 0" 0 "$rc"
t_match "per-user count printed" 'x/bench: 800 new posts' "$out"
t_eq "800 posts of bench stored" 800 "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = 'bench'")"
t_eq "bench walked in 8 pages" 8 "$(grep -c 'GET /2/users/900/tweets' "$STUB_LOG")"
t_eq "paging used pagination_token" 7 "$(grep -c 'pagination_token=p' "$STUB_LOG")"
t_eq "canonical handle, name and id stored" "x|NASA|NASA|11348282|1795000000000000010" \
    "$(sql "SELECT source, handle, display_name, remote_id, newest_post_id FROM users WHERE remote_id = '11348282'")"
t_match "note_tweet text used for long posts" 'The end of a long post' \
    "$(sql "SELECT text FROM posts WHERE remote_id = '1795000000000000008'")"
t_eq "entities decoded" 'Liftoff! 🚀 The crew is on its way to the @Space_Station & beyond' \
    "$(sql "SELECT text FROM posts WHERE remote_id = '1795000000000000010'")"
t_eq "created_at parsed" 1717000000 "$(sql "SELECT created_at FROM posts WHERE remote_id = '1795000000000000010'")"
t_match "fetched_at recorded" '^[0-9]{10}$' "$(sql "SELECT fetched_at FROM users WHERE handle = 'NASA'")"
t_match "request asked for the right fields" 'max_results=100&exclude=retweets&tweet.fields=created_at,note_tweet,in_reply_to_user_id,referenced_tweets' "$(cat "$STUB_LOG")"
t_eq "a reply to another kept without its leading mentions" "Great question! Spacesuits are pressurised" \
    "$(sql "SELECT text FROM posts WHERE remote_id = '1795000000000000004'")"
t_eq "a reply to oneself (thread) kept" "Mars rovers, part 2: the thread goes on" \
    "$(sql "SELECT text FROM posts WHERE remote_id = '1795000000000000003'")"
t_eq "an RT @ text and a reply of mentions only not stored" 0 \
    "$(sql "SELECT count(*) FROM posts WHERE remote_id IN ('1795000000000000002', '1795000000000000001')")"
t_match "User-Agent sent" 'User-Agent: TwitOff/' "$(cat "$STUB_LOG")"
t_eq "a fetch run recorded" "fetch|ok|2|808" "$(sql "SELECT command, status, users_fetched, posts_added FROM runs")"

: > "$STUB_LOG"
out=$(tw fetch NASA bench 2>&1)
t_match "re-run stores nothing" 'x/bench: 0 new posts' "$out"
t_eq "still 808 posts" 808 "$(sql "SELECT count(*) FROM posts")"
t_match "re-run asks since_id" 'users/900/tweets.*since_id=1800000000000000800' "$(cat "$STUB_LOG")"

out=$(TWITOFF_HOME=$T/noreplies TWITOFF_INCLUDE_REPLIES=no tw fetch NASA 2>&1); rc=$?
t_eq "include_replies = no: only the thread reply kept" "7|1795000000000000003" \
    "$(sqlite3 "$T/noreplies/twitoff.db" "SELECT count(*), group_concat(remote_id) FILTER (WHERE remote_id < '1795000000000000005') FROM posts")"

out=$(TWITOFF_MAX_POSTS=300 "$TWITOFF" fetch bigfeed 2>&1)
t_eq "max_posts caps the posts" 300 "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = 'bigfeed'")"
t_match "max_posts in the count line" 'x/bigfeed: 300 new posts \(300 fetched' "$out"

: > "$STUB_LOG"
out=$(tw fetch --all 2>&1); rc=$?
t_eq "--all refreshes every fetched account" 3 "$(grep -c 'GET /2/users/by/username/' "$STUB_LOG")"
t_match "--all: one line per account" 'x/NASA: 0 new.*x/bench: 0 new.*x/bigfeed: 0 new' "$(echo $out)"
out=$(tw fetch --all NASA 2>&1); rc=$?
t_eq "--all with handles is a usage error" 2 "$rc"

out=$(tw fetch nobodyhere 2>&1); rc=$?
t_eq "unknown user exits 1" 1 "$rc"
t_match "unknown user named with the URL" 'unknown user: GET http://127.0.0.1:[0-9]+/2/users/by/username/nobodyhere.*Could not find user' "$out"
t_eq "no row for an unknown user" 0 "$(sql "SELECT count(*) FROM users WHERE handle = 'nobodyhere'")"

out=$(tw fetch 'bad/name' 2>&1); rc=$?
t_eq "invalid handle refused" 1 "$rc"
t_match "invalid handle message" "'bad/name' is not a valid handle" "$out"
out=$(tw fetch --source myspace tom 2>&1); rc=$?
t_eq "unknown source is a usage error" 2 "$rc"

out=$(TWITOFF_X_BEARER_TOKEN= tw fetch NASA 2>&1); rc=$?
t_eq "no token: exit 1" 1 "$rc"
t_match "no token: says which setting" 'x_bearer_token is not set' "$out"
out=$(TWITOFF_X_BEARER_TOKEN=wrong-token tw fetch NASA 2>&1); rc=$?
t_match "bad token: HTTP 401 reported" 'HTTP 401' "$out"
t_nomatch "bad token not printed" 'wrong-token' "$out"

t_match "the stand-in saw the token in the header" "Authorization: Bearer $STUB_TOKEN" "$(cat "$STUB_LOG")"
t_nomatch "token absent from the URLs" "GET [^|]*$STUB_TOKEN" "$(cat "$STUB_LOG")"
everything=$(tw -v fetch NASA nobodyhere; cat "$T/all.out"; sqlite3 "$TWITOFF_HOME/twitoff.db" .dump; cat "$TWITOFF_HOME"/log/* 2>/dev/null)
t_nomatch "token never in output, database or logs" "$STUB_TOKEN" "$everything"
t_done

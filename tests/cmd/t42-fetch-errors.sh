#!/usr/bin/env bash
# t42-fetch-errors.sh - the fetcher against a misbehaving stand-in: 429 with a reset header (long:
# stop cleanly; short: wait), 500 then success, a response past the timeout, malformed and truncated
# JSON, an oversized body, a server that is down. Nothing stored is lost; every run is bounded.
. "$(dirname "$0")/../lib.sh"
export TWITOFF_HTTP_TIMEOUT=0.5 TWITOFF_HTTP_RETRIES=2
. "$ROOT/tests/stubs/stub.sh"
stub_start || exit 1
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }
# timed VAR CMD...: run CMD (output in $out, status in $rc), seconds taken in VAR.
timed() { local v=$1 t0; shift; t0=$(date +%s.%N); out=$("$@" 2>&1); rc=$?; printf -v "$v" '%.1f' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"; }

timed secs "$TWITOFF" fetch ratelimited NASA
t_eq "long rate limit: exit 3" 3 "$rc"
t_match "long rate limit: says until when and that the next run continues" \
    'GET http://127.0.0.1:[0-9]+/2/users/1001/tweets.*rate limited until 20[0-9-]+ [0-9:]+ UTC; stopping here, the next run continues' "$out"
t_match "long rate limit: no wait" '^0\.' "$secs"
t_eq "long rate limit: later users left for the next run" 0 "$(sql "SELECT count(*) FROM users WHERE handle = 'NASA'")"
t_eq "long rate limit: run recorded as failed" "failed|1" "$(sql "SELECT status, errors FROM runs ORDER BY id DESC LIMIT 1")"

timed secs "$TWITOFF" fetch shortlimit
t_eq "short rate limit: waited, then exit 0" 0 "$rc"
t_match "short rate limit: said it waits" 'rate limited, waiting [0-9] s' "$out"
t_eq "short rate limit: posts stored" 3 "$(posts_of shortlimit)"

timed secs "$TWITOFF" fetch flaky
t_eq "500 then success: exit 0" 0 "$rc"
t_match "500 then success: retry announced" 'HTTP 500 \(retrying\)' "$out"
t_eq "500 then success: posts stored" 5 "$(posts_of flaky)"

timed secs "$TWITOFF" fetch slowpoke
t_eq "slow response: exit 1" 1 "$rc"
t_match "slow response: timeout named with the URL" 'GET http://127.0.0.1:[0-9]+/2/users/1004/tweets.*Timeout was reached$' "$out"
t_match "slow response: bounded by http_timeout x attempts (+ backoff)" '^[0-2]\.' "$secs"
t_eq "slow response: user not marked fetched" "" "$(sql "SELECT fetched_at FROM users WHERE handle = 'slowpoke'")"

timed secs "$TWITOFF" fetch malformed
t_eq "malformed JSON: exit 1" 1 "$rc"
t_match "malformed JSON: clear error naming the URL" 'GET http://127.0.0.1:[0-9]+/2/users/1005/tweets.*: HTTP 200 with malformed JSON \(line 1, column 1' "$out"

timed secs "$TWITOFF" fetch truncated
t_eq "truncated JSON: exit 1" 1 "$rc"
t_match "truncated JSON: names the page URL" 'pagination_token=p100: HTTP 200 with malformed JSON .*premature end of input' "$out"
t_eq "truncated JSON: the first page stays stored" 100 "$(posts_of truncated)"
t_eq "truncated JSON: newest_post_id not advanced" "" "$(sql "SELECT newest_post_id FROM users WHERE handle = 'truncated'")"
timed secs "$TWITOFF" fetch truncated
t_eq "truncated JSON: a re-run stores nothing twice" 100/100 "$(sql "SELECT count(DISTINCT p.remote_id) || '/' || count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = 'truncated'")"

timed secs env TWITOFF_HTTP_MAX_BODY=100000 "$TWITOFF" fetch huge
t_eq "oversized body: exit 1" 1 "$rc"
t_match "oversized body: says the cap" 'response larger than 100000 bytes \(http_max_body\)' "$out"

timed secs "$TWITOFF" fetch busy.bsky.social patient@fosstodon.example
t_eq "bluesky ratelimit-reset and mastodon Retry-After: waited, exit 0" 0 "$rc"
t_eq "bluesky ratelimit-reset and mastodon Retry-After: two waits" 2 "$(printf '%s\n' "$out" | grep -c 'rate limited, waiting [12] s$')"
t_eq "both stored after waiting" "4|2" "$(posts_of busy.bsky.social)|$(posts_of patient@fosstodon.example)"
timed secs "$TWITOFF" fetch busy@fosstodon.example
hour=$(date -u -d '+1 hour' '+%Y-%m-%d %H')
t_eq "mastodon X-RateLimit-Reset an hour ahead: exit 3" 3 "$rc"
t_match "mastodon ISO reset time read" "rate limited until $hour:[0-9]{2} UTC" "$out"

stub_stop
timed secs "$TWITOFF" fetch NASA
t_eq "server down: exit 1" 1 "$rc"
t_eq "server down: retried twice" 2 "$(printf '%s\n' "$out" | grep -c "users/by/username/NASA.*: Couldn't connect to server (retrying)$")"
t_eq "server down: then a clear error" 1 "$(printf '%s\n' "$out" | grep -c "users/by/username/NASA.*: Couldn't connect to server$")"
t_match "server down: bounded" '^[0-1]\.' "$secs"
t_eq "nothing lost along the way" 114 "$(sql "SELECT count(*) FROM posts")"
t_done

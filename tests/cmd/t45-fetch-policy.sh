#!/usr/bin/env bash
# t45-fetch-policy.sh - what the fetcher refuses: an account on a loopback or private address
# (unless fetch_allow_private = yes), checked on the address connected to, with a clear message
# and nothing stored; and a hostile server's usernames (markup, a newline, a path) never stored.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/stubs/stub.sh"
stub_start || exit 1
users() { sql "SELECT count(*) FROM users"; }
posts() { sql "SELECT count(*) FROM posts"; }
"$TWITOFF" -q reset --yes >/dev/null 2>&1

# --- the stand-in on 127.0.0.1, without fetch_allow_private: refused before any request
out=$(TWITOFF_FETCH_ALLOW_PRIVATE=no timeout 30 "$TWITOFF" fetch NASA 2>&1); rc=$?
t_eq "127.0.0.1 refused: exit 1" 1 "$rc"
t_match "127.0.0.1 refused: the message names the address and the setting" \
    'refused to connect to 127\.0\.0\.1, a loopback, private or link-local address \(fetch_allow_private = yes allows it\)' "$out"
t_eq "127.0.0.1 refused: not retried" 1 "$(printf '%s\n' "$out" | grep -c 'refused to connect')"
t_eq "127.0.0.1 refused: the stand-in saw no request" 0 "$(grep -c . "$STUB_LOG")"
t_eq "127.0.0.1 refused: no user stored" 0 "$(users)"
t_nomatch "127.0.0.1 refused: the token is not shown" "$STUB_TOKEN" "$out"
out=$(printf 'fetch_allow_private = no\n' > "$TWITOFF_HOME/twitoff.conf"; env -u TWITOFF_FETCH_ALLOW_PRIVATE timeout 30 "$TWITOFF" fetch NASA 2>&1)
t_match "fetch_allow_private = no in twitoff.conf: refused" 'refused to connect to 127\.0\.0\.1' "$out"
out=$(: > "$TWITOFF_HOME/twitoff.conf"; env -u TWITOFF_FETCH_ALLOW_PRIVATE timeout 30 "$TWITOFF" fetch NASA 2>&1)
t_match "unset (the default): refused" 'refused to connect to 127\.0\.0\.1' "$out"

# --- an admin-queued Mastodon account on an internal host (https://INSTANCE): refused, whatever
# the spelling (127.1 is resolved to 127.0.0.1: the check is on the address, not the name).
# IPv6 forms are refused by the handle rule first; the unit tests cover their addresses.
for h in user@127.0.0.1 user@127.1 user@10.1.2.3 user@172.16.5.4 \
         user@169.254.169.254 user@100.64.0.1 user@192.168.0.1 user@0.0.0.0; do
    out=$(env -u TWITOFF_MASTODON_API_URL TWITOFF_FETCH_ALLOW_PRIVATE=no TWITOFF_HTTP_CONNECT_TIMEOUT=2 \
          timeout 30 "$TWITOFF" fetch "mastodon:$h" 2>&1); rc=$?
    t_eq "$h: exit 1" 1 "$rc"
    t_match "$h: refused as a private address" 'refused to connect to [0-9.]+, a loopback' "$out"
done
t_eq "no internal account stored" 0 "$(users)"

# --- with fetch_allow_private = yes (the stand-in's setting) the same fetch works
out=$(timeout 60 "$TWITOFF" fetch NASA 2>&1); rc=$?
t_eq "allowed: exit 0" 0 "$rc"
t_eq "allowed: NASA stored" 1 "$(users)"
n=$(posts)

# --- a hostile server's usernames: refused with a message, nothing stored
for h in hostile_html hostile_newline hostile_path hostile_dots; do
    out=$(timeout 30 "$TWITOFF" fetch "$h" 2>&1); rc=$?
    t_eq "$h: exit 1" 1 "$rc"
    t_match "$h: the handle is refused" "the account's handle '[^']*' is not usable here" "$out"
done
t_eq "hostile: no user stored" 1 "$(users)"
t_eq "hostile: no post stored" "$n" "$(posts)"
t_eq "hostile: no markup, newline or path in the store" 0 \
    "$(sql "SELECT count(*) FROM users WHERE handle GLOB '*[<>\"/]*' OR handle LIKE '%'||char(10)||'%' OR display_name = 'Hostile'")"
t_done

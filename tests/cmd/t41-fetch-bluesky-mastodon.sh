#!/usr/bin/env bash
# t41-fetch-bluesky-mastodon.sh - `twitoff fetch` from the Bluesky and Mastodon stand-ins: cursors,
# max_id/since_id paging, reposts and non-public posts skipped, replies kept without their leading
# @mentions (include_replies = no keeps only threads), HTML content to text, re-runs, unknown users.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/stubs/stub.sh"
stub_start || exit 1
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }

out=$("$TWITOFF" fetch @alice.bsky.social 2>&1); rc=$?
t_eq "bluesky fetch exits 0" 0 "$rc"
t_match "bluesky count line" 'bluesky/alice.bsky.social: 117 new posts' "$out"
t_eq "130 feed items - 13 reposts (replies kept)" 117 "$(posts_of alice.bsky.social)"
t_eq "feed followed its cursor" 1 "$(grep -c 'getAuthorFeed.*&cursor=100' "$STUB_LOG")"
t_match "posts_with_replies asked" 'getAuthorFeed\?actor=did%3Aplc%3A[a-z0-9]+&filter=posts_with_replies' "$(cat "$STUB_LOG")"
t_eq "bluesky reply to another: its leading mention dropped" "Replying to a friend 7" \
    "$(sql "SELECT text FROM posts WHERE text LIKE '%friend 7'")"
t_eq "bluesky reply to herself kept" "Replying to myself 17" "$(sql "SELECT text FROM posts WHERE text LIKE '%myself%'")"
t_eq "no repost stored" 0 "$(sql "SELECT count(*) FROM posts WHERE text LIKE 'Reposted%' OR remote_id NOT LIKE 'at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/%'")"
t_eq "bluesky user row" "bluesky|Alice ✨|did:plc:ewvi7nxzyoun6zhxrhs64oiz" \
    "$(sql "SELECT source, display_name, remote_id FROM users WHERE handle = 'alice.bsky.social'")"
t_eq "emoji and entities" "Bluesky post 0 from Alice: sunsets & skies 🌅" \
    "$(sql "SELECT text FROM posts WHERE text LIKE 'Bluesky post 0 %'")"
t_eq "accented text kept" "Café au lait ☕ — über-good morning #5" "$(sql "SELECT text FROM posts WHERE text LIKE 'Caf%#5'")"
: > "$STUB_LOG"
out=$("$TWITOFF" fetch --source bluesky alice.bsky.social 2>&1)
t_match "bluesky re-run stores nothing" 'alice.bsky.social: 0 new posts' "$out"
t_eq "bluesky re-run stops at the newest stored post" 1 "$(grep -c getAuthorFeed "$STUB_LOG")"
out=$("$TWITOFF" fetch nobody.bsky.social 2>&1); rc=$?
t_eq "unknown bluesky user exits 1" 1 "$rc"
t_match "unknown bluesky user message" 'bluesky: unknown user: GET .*getProfile\?actor=nobody.bsky.social: HTTP 400: Profile not found' "$out"

out=$("$TWITOFF" fetch alice@fosstodon.example 2>&1); rc=$?
t_eq "mastodon fetch exits 0" 0 "$rc"
t_match "mastodon count line" 'mastodon/alice@fosstodon.example: 88 new posts' "$out"
t_eq "100 statuses - 10 reblogs - a followers-only and a direct one" 88 "$(posts_of alice@fosstodon.example)"
t_eq "pages of 40 until an empty one (40, 40, 10, 0)" 4 "$(grep -c 'accounts/109302436954721982/statuses' "$STUB_LOG")"
t_match "statuses asked with the filters" 'statuses\?exclude_reblogs=true&exclude_replies=false&limit=40&max_id=' "$(cat "$STUB_LOG")"
t_eq "followers-only and direct posts not stored" 0 "$(sql "SELECT count(*) FROM posts WHERE text LIKE 'Toot 98:%' OR text LIKE 'Toot 88:%'")"
t_eq "an unlisted post stored" 1 "$(sql "SELECT count(*) FROM posts WHERE text LIKE 'Toot 97:%'")"
t_eq "mastodon reply to another: its leading mention dropped" "A reply 86" "$(sql "SELECT text FROM posts WHERE text LIKE '%reply 86'")"
t_eq "content warning kept as the first paragraph" "Food & drink

Toot 93: café & crème brûlée <3 🎉" "$(sql "SELECT text FROM posts WHERE text LIKE '%Toot 93:%'")"
t_eq "HTML entities and emoji" "Toot 100: café & crème brûlée <3 🎉" "$(sql "SELECT text FROM posts WHERE text LIKE 'Toot 100:%'")"
t_eq "paragraphs, links and mentions as text" "First paragraph 91 with a link https://example.com/some/long/path

Second line
third line \"quoted\" @bob" "$(sql "SELECT text FROM posts WHERE text LIKE 'First paragraph 91 %'")"
t_eq "no markup left" 0 "$(sql "SELECT count(*) FROM posts WHERE text LIKE '%<p>%' OR text LIKE '%&amp;%' OR text LIKE '%<span%'")"
t_eq "a reply to oneself (thread) kept" "Thread, part 2 (96)" "$(sql "SELECT text FROM posts WHERE text LIKE 'Thread%'")"
t_eq "display name cleaned" "Alice & Co" "$(sql "SELECT display_name FROM users WHERE source = 'mastodon'")"
: > "$STUB_LOG"
out=$("$TWITOFF" fetch alice@fosstodon.example 2>&1)
t_match "mastodon re-run stores nothing" '0 new posts \(0 fetched, 88 stored\)' "$out"
t_match "mastodon re-run uses since_id" 'statuses\?.*since_id=112000000000100000' "$(cat "$STUB_LOG")"
out=$("$TWITOFF" fetch nobody@fosstodon.example 2>&1); rc=$?
t_eq "unknown mastodon user exits 1" 1 "$rc"
t_match "unknown mastodon user message" 'mastodon: unknown user: GET .*lookup\?acct=nobody%40fosstodon.example: HTTP 404: Record not found' "$out"
t_eq "only the two real accounts stored" 2 "$(sql "SELECT count(*) FROM users")"

# include_replies = no: replies to others dropped, threads kept (in a second instance).
export TWITOFF_HOME=$T/noreplies TWITOFF_INCLUDE_REPLIES=no
mkdir -p "$TWITOFF_HOME"
: > "$STUB_LOG"
out=$("$TWITOFF" fetch alice.bsky.social alice@fosstodon.example 2>&1); rc=$?
t_eq "include_replies = no: exits 0" 0 "$rc"
t_match "include_replies = no: bluesky asks for threads only" 'filter=posts_and_author_threads' "$(cat "$STUB_LOG")"
t_match "include_replies = no: mastodon excludes replies" 'exclude_replies=true' "$(cat "$STUB_LOG")"
t_eq "include_replies = no: bluesky 104 posts and 1 thread reply" 105 "$(posts_of alice.bsky.social)"
t_eq "include_replies = no: mastodon 88 - 9 replies to others" 79 "$(posts_of alice@fosstodon.example)"
t_eq "include_replies = no: threads kept" 2 "$(sql "SELECT count(*) FROM posts WHERE text LIKE 'Thread, part 2%' OR text LIKE 'Replying to myself%'")"
t_done

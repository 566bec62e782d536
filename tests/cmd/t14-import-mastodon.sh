#!/usr/bin/env bash
# t14-import-mastodon.sh - `twitoff import` of a Mastodon export's outbox.json, pretty-printed and
# on one line: Notes become posts of the actor's account, boosts and non-public Notes are skipped,
# content warnings kept, replies kept without their leading @mentions (include_replies = no keeps
# threads only), re-imports add nothing, and a malformed outbox stores nothing.
. "$(dirname "$0")/../lib.sh"
D=$ROOT/tests/data/import/mastodon
C=Carol@fosstodon.example
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }
text_of() { sql "SELECT text FROM posts WHERE remote_id = '$1'"; }

out=$("$TWITOFF" import "$D/outbox-pretty.json" 2>&1); rc=$?
t_eq "pretty-printed outbox: exits 0 without --user" 0 "$rc"
t_match "pretty-printed outbox: summary" 'outbox-pretty.json: 5 added, 0 duplicates, 1 retweets skipped, 0 bad rows \(outbox.json, 1 user\), 1 replies skipped, 2 not public' "$out"
t_eq "the account taken from the actor" "import|$C" "$(sql "SELECT source, handle FROM users")"
t_eq "five posts of the actor" 5 "$(posts_of "$C")"
t_eq "HTML content as text (paragraphs, line breaks, entities, hashtags)" "Hello & welcome to my #first post

Second paragraph
line two" "$(text_of 109000000000000001)"
t_eq "the date from published" 1672653600 "$(sql "SELECT created_at FROM posts WHERE remote_id = '109000000000000001'")"
t_eq "an unlisted Note kept" "Unlisted thoughts on cafés" "$(text_of 109000000000000002)"
t_eq "a boost skipped" 0 "$(sql "SELECT count(*) FROM posts WHERE remote_id = '109000000000000003'")"
t_eq "followers-only and direct Notes skipped" 0 \
    "$(sql "SELECT count(*) FROM posts WHERE remote_id IN ('109000000000000004', '109000000000000005') OR text LIKE '%followers%' OR text LIKE '%direct%'")"
t_eq "a content warning kept as the first paragraph" "Spoilers: the film

The butler did it" "$(text_of 109000000000000006)"
t_eq "a reply to another kept without its leading mentions" "Thanks, I agree" "$(text_of 109000000000000007)"
t_eq "a reply to oneself (thread) kept" "Part two of my thread" "$(text_of 109000000000000008)"
t_eq "a reply of mentions only skipped" 0 "$(sql "SELECT count(*) FROM posts WHERE remote_id = '109000000000000009'")"

cp "$D/outbox-oneline.json" "$T/export-2024.json"
out=$("$TWITOFF" import "$T/export-2024.json" 2>&1); rc=$?
t_eq "one-line outbox (another name): exits 0" 0 "$rc"
t_match "one-line outbox: recognised by its content" 'export-2024.json: 40 added, 0 duplicates, 1 retweets skipped, 0 bad rows \(outbox.json, 1 user\)' "$out"
t_eq "an actor of the /@user form" 40 "$(posts_of dora@mastodon.example)"

out=$("$TWITOFF" import "$D/outbox-pretty.json" "$T/export-2024.json" 2>&1); rc=$?
t_eq "re-import: exits 0" 0 "$rc"
t_match "re-import adds nothing" 'outbox-pretty.json: 0 added, 5 duplicates' "$out"
t_match "re-import adds nothing (one line)" 'export-2024.json: 0 added, 40 duplicates' "$out"
t_eq "re-import: still 45 posts" 45 "$(sql "SELECT count(*) FROM posts")"

export TWITOFF_HOME=$T/noreplies
mkdir -p "$TWITOFF_HOME"
printf 'include_replies = no\n' > "$TWITOFF_HOME/twitoff.conf"
out=$("$TWITOFF" import "$D/outbox-pretty.json" 2>&1); rc=$?
t_eq "include_replies = no: exits 0" 0 "$rc"
t_match "include_replies = no: replies to others skipped and counted" 'outbox-pretty.json: 4 added, .*, 2 replies skipped, 2 not public' "$out"
t_eq "include_replies = no: the reply to another dropped" 0 "$(sql "SELECT count(*) FROM posts WHERE remote_id = '109000000000000007'")"
t_eq "include_replies = no: the thread kept" "Part two of my thread" "$(text_of 109000000000000008)"

export TWITOFF_HOME=$T/malformed
mkdir -p "$TWITOFF_HOME"
out=$("$TWITOFF" import "$D/outbox-truncated.json" 2>&1); rc=$?
t_eq "truncated outbox: exits 1" 1 "$rc"
t_match "truncated outbox: file:line and the JSON error" 'outbox-truncated.json:[0-9]+: bad JSON: ' "$out"
out=$("$TWITOFF" import "$D/noitems/outbox.json" 2>&1); rc=$?
t_eq "outbox without orderedItems: exits 1" 1 "$rc"
t_match "outbox without orderedItems: says why" 'noitems/outbox.json:1: a paged collection: its pages are not in the file' "$out"
t_eq "malformed outboxes: nothing stored" "0|0" "$(sql "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM users)")"
t_done

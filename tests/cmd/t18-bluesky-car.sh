#!/usr/bin/env bash
# t18-bluesky-car.sh - `twitoff import` on Bluesky repository exports (CAR v1, the fixtures of
# tests/data/import/bluesky/ written by make_car.py): only the posts reachable from the commit's
# MST are stored (reposts, likes and stray records are not), the account is --user (the DID is
# no handle), and truncated, oversized or garbage files fail with a message and store nothing.
. "$(dirname "$0")/../lib.sh"

D=$ROOT/tests/data/import/bluesky
checksum() { sql "SELECT * FROM users ORDER BY id; SELECT * FROM posts ORDER BY id" | md5sum; }
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }

# A first import elsewhere, so that "unchanged" means something.
t_ok "a JSON Lines file imports" "$TWITOFF" -q import "$ROOT/tests/data/import/good.jsonl"

# fails NAME REGEX ARGS...: import fails (exit 1), one stderr line matching REGEX, nothing stored.
fails() {
    local name=$1 re=$2 before err rc; shift 2
    before=$(checksum)
    err=$("$TWITOFF" import "$@" 2>&1 >/dev/null); rc=$?
    t_eq "$name: exits 1" 1 "$rc"
    t_eq "$name: one line on stderr" 1 "$(printf '%s\n' "$err" | wc -l)"
    t_match "$name: says why" "$re" "$err"
    t_eq "$name: database unchanged" "$before" "$(checksum)"
}
fails "truncated CAR" 'truncated.car: truncated at byte 2543 ' --user bsky.tester "$D/truncated.car"
fails "block over the bound" 'bigblock.car: a block of 3145728 bytes at byte 59 is over the 2 MiB bound' \
    --user bsky.tester "$D/bigblock.car"
fails "garbage named .car" 'garbage.car: not a Bluesky repository export \(CAR v1\)' --user bsky.tester "$D/garbage.car"
t_eq "nothing stored for the account" 0 "$(posts_of bsky.tester)"

out=$("$TWITOFF" import --user bsky.tester "$D/repo.car" 2>&1); rc=$?
t_eq "with --user: exits 0" 0 "$rc"
t_match "with --user: 3 posts, the repost skipped" 'repo.car: 3 added, 0 duplicates, 1 retweets skipped, 0 bad rows \(car, 1 user\)' "$out"
t_eq "only the 3 posts of the MST (no like, no stray record)" 3 "$(posts_of bsky.tester)"
t_eq "record keys are the ids" "3kabc0000001 3kabc0000002 3kabc0000003" \
    "$(sql "SELECT group_concat(remote_id, ' ') FROM (SELECT p.remote_id FROM posts p JOIN users u ON u.id = p.user_id
        WHERE u.handle = 'bsky.tester' ORDER BY 1)")"
t_eq "text and createdAt" "1709287200|Hello from Bluesky & friends" \
    "$(sql "SELECT created_at, text FROM posts WHERE remote_id = '3kabc0000001'")"
t_eq "createdAt without fractions, UTF-8 kept" "1709368200|Café au lait? Agreed 😀" \
    "$(sql "SELECT created_at, text FROM posts WHERE remote_id = '3kabc0000003'")"
t_eq "no DID stored as a user" 0 "$(sql "SELECT count(*) FROM users WHERE handle LIKE 'did:%'")"

before=$(checksum)
out=$("$TWITOFF" import --user bsky.tester "$D/repo.car" 2>&1)
t_match "re-import counts duplicates" 'repo.car: 0 added, 3 duplicates, 1 retweets skipped' "$out"
t_eq "re-import changes nothing" "$before" "$(checksum)"

# Detection by content: the same file under another name.
cp "$D/repo.car" "$T/export.bin"
t_match "detected by content" 'export.bin: 0 added, 3 duplicates.*\(car, ' \
    "$("$TWITOFF" import --user bsky.tester "$T/export.bin" 2>&1)"

# Without --user, the account is the repository's DID.
out=$("$TWITOFF" import "$D/repo.car" 2>&1); rc=$?
t_eq "no --user: exits 0" 0 "$rc"
t_match "no --user: the 3 posts, under the DID" 'repo.car: 3 added, 0 duplicates, 1 retweets skipped' "$out"
t_eq "no --user: the account is did:plc:testuser1" 3 "$(posts_of did:plc:testuser1)"

t_done

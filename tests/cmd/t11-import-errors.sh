#!/usr/bin/env bash
# t11-import-errors.sh - `twitoff import` on small fixtures: malformed files fail with one
# file:line message and leave the database as it was, bad rows are reported, tweets.js needs
# --user, JSON Lines and Windows-1252 .txt files are cleaned.
. "$(dirname "$0")/../lib.sh"

D=$ROOT/tests/data/import
checksum() { sql "SELECT * FROM users ORDER BY id; SELECT * FROM posts ORDER BY id" | md5sum; }
text_of() { sql "SELECT text FROM posts WHERE remote_id = '$1'"; }

# A first good import, so that "unchanged" means something.
t_ok "good JSON Lines file imports" "$TWITOFF" -q import "$D/good.jsonl"
t_eq "jsonl: posts of jay (retweet skipped)" 2 "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE handle = 'jay'")"
t_eq "jsonl: entities and R escapes decoded" "fish & chips <3 😀" "$(text_of j1)"
t_eq "jsonl: numeric id kept exactly, '@' dropped from the handle" "jay|1549142000" \
    "$(sql "SELECT handle, created_at FROM posts p JOIN users u ON u.id = p.user_id WHERE p.remote_id = '1091806418569695237'")"
t_eq "jsonl: Windows-1252 line repaired" "café “ok”" "$(text_of j4)"

# malformed NAME FILE LINE [ARGS]: fails, one stderr line naming FILE:LINE, database unchanged.
malformed() {
    local name=$1 file=$2 line=$3; shift 3
    local before after err rc
    before=$(checksum)
    err=$("$TWITOFF" import "$@" "$D/$file" 2>&1 >/dev/null); rc=$?
    after=$(checksum)
    t_eq "$name: exits 1" 1 "$rc"
    t_eq "$name: one line on stderr" 1 "$(printf '%s\n' "$err" | wc -l)"
    t_match "$name: names file:line" "^twitoff: .*$file:$line: " "$err"
    t_eq "$name: database unchanged" "$before" "$after"
}
malformed "unterminated quote" unterminated.csv 3
malformed "no text column" noheader.csv 1
malformed "bad JSON line" badline.jsonl 2

# tweets.js: without --user it fails (one line, nothing stored); with --user it imports.
before=$(checksum)
err=$("$TWITOFF" import "$D/tweets.js" 2>&1); rc=$?
t_eq "tweets.js without --user fails" 1 "$rc"
t_match "tweets.js without --user says so" 'tweets.js: .*--user' "$err"
t_eq "tweets.js without --user: database unchanged" "$before" "$(checksum)"
t_ok "tweets.js with --user imports" "$TWITOFF" -q import --user archie "$D/tweets.js"
t_eq "tweets.js: 2 posts for archie (retweet skipped)" 2 \
    "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE handle = 'archie'")"
t_eq "tweets.js: date and text" "1428543110|First post from the archive & more" \
    "$(sql "SELECT created_at, text FROM posts WHERE remote_id = '1500000000000000001'")"
t_eq "tweets.js: JSON escapes decoded" "Third: café 😀" "$(text_of 1500000000000000003)"

# Bad rows: counted and reported, the good rows imported.
out=$("$TWITOFF" import "$D/badrows.csv" 2>&1); rc=$?
t_eq "bad rows: the file still imports" 0 "$rc"
t_match "bad rows: no id" 'badrows.csv:3: no id' "$out"
t_match "bad rows: no user" 'badrows.csv:4: no user' "$out"
t_match "bad rows: empty text" 'badrows.csv:5: empty text' "$out"
t_match "bad rows: wrong field count" 'badrows.csv:7: 2 fields, the header has 4' "$out"
t_match "bad rows: bad user name" 'badrows.csv:8: bad user name' "$out"
t_match "bad rows: summary" 'badrows.csv: 3 added, 0 duplicates, 1 retweets skipped, 5 bad rows' "$out"
t_eq "bad rows: bob's good posts stored" "1 8 9" \
    "$(sql "SELECT group_concat(remote_id, ' ') FROM (SELECT p.remote_id FROM posts p JOIN users u ON u.id = p.user_id WHERE handle = 'bob' ORDER BY 1)")"

out=$("$TWITOFF" import "$D/manybad.txt" 2>&1)
t_eq "many bad rows: the first 5 listed" 5 "$(printf '%s\n' "$out" | grep -c 'manybad.txt:[0-9]*: not an id|date|text line')"
t_match "many bad rows: and a count of the rest" 'manybad.txt: 3 more bad rows' "$out"
out=$("$TWITOFF" -v import "$D/manybad.txt" 2>&1)
t_eq "many bad rows: --verbose lists all 8" 8 "$(printf '%s\n' "$out" | grep -c 'manybad.txt:[0-9]*: not an id|date|text line')"
t_eq "quiet: nothing printed" "" "$("$TWITOFF" import --quiet "$D/manybad.txt" 2>&1)"

# Windows-1252 .txt: the file name is the user, bytes converted, '|' in the text kept.
t_ok "cp1252 .txt imports" "$TWITOFF" -q import "$D/cp1252news.txt"
t_eq "cp1252: converted" "Café “news” – today http://x.co/1" "$(text_of 11)"
t_eq "cp1252: '|' kept, CSV-quoted line unquoted" "Analysis | two bars | here/Call to \"redefine\" it" \
    "$(text_of 12)/$(text_of 13)"
t_eq "cp1252: user from the file name" 3 \
    "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE handle = 'cp1252news'")"

# Several files: the bad one fails alone; the others stay imported; exit status 1.
posts=$(sql "SELECT count(*) FROM posts")
out=$("$TWITOFF" import --user mixed "$D/cp1252news.txt" "$D/unterminated.csv" "$D/tweets.js" 2>&1); rc=$?
t_eq "mixed files: exit 1" 1 "$rc"
t_match "mixed files: the bad one named" 'unterminated.csv:3: ' "$out"
t_eq "mixed files: the good ones imported (3 + 2 posts)" $((posts + 5)) "$(sql "SELECT count(*) FROM posts")"

t_fails "missing file fails" "$TWITOFF" import "$T/nope.csv"
t_match "missing file: message" 'nope.csv: cannot read' "$("$TWITOFF" import "$T/nope.csv" 2>&1)"
t_fails "no file is a usage error" "$TWITOFF" import
t_fails "bad --user is refused" "$TWITOFF" import --user 'a b' "$D/tweets.js"
t_match "import --help explains" 'usage: twitoff import' "$("$TWITOFF" import --help)"

t_done

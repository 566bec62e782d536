#!/usr/bin/env bash
# t10-import.sh - `twitoff import` on the bundled corpora (data/) and the id|date|text fixtures
# (tests/data/pipe/, the health-news format): counts per user, idempotency, only valid UTF-8
# stored, Windows-1252 converted (no U+FFFD), and the import time. The UCI health-news corpus
# itself is imported by t13-import-health.sh.
. "$(dirname "$0")/../lib.sh"

FACEOFF=$DATA/celebrity-faceoff/raw_tweets.csv
RATIO=$DATA/fivethirtyeight-twitter-ratio
PIPE=$ROOT/tests/data/pipe

# users_of SQL-LIST: number of users with posts among the handles given
users_of() { sql "SELECT count(DISTINCT u.id) FROM users u JOIN posts p ON p.user_id = u.id WHERE u.handle IN ($1)"; }
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }
# checksum: every user and post row, in a fixed order
checksum() { sql "SELECT * FROM users ORDER BY id; SELECT * FROM posts ORDER BY id" | md5sum; }

start=$(date +%s.%N)
t_ok "import both corpora and the id|date|text files" "$TWITOFF" -q import "$FACEOFF" "$RATIO"/*.csv "$PIPE"/*.txt
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
echo "t10-import: imported in ${secs}s (the target is measured by make bench)"

t_eq "faceoff: 6 users" 6 \
    "$(users_of "'fchollet','hadleywickham','wesmckinn','KimKardashian','khloekardashian','kourtneykardash'")"
t_eq "faceoff: 1500 posts for hadleywickham" 1500 "$(posts_of hadleywickham)"
t_eq "faceoff: 9000 posts" 9000 "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id
    WHERE u.handle IN ('fchollet','hadleywickham','wesmckinn','KimKardashian','khloekardashian','kourtneykardash')")"
t_eq "faceoff: an embedded newline kept" 1 "$(sql "SELECT count(*) > 0 FROM posts WHERE text LIKE '%'||char(10)||'%'
    AND user_id IN (SELECT id FROM users WHERE handle = 'hadleywickham')")"

t_eq "fivethirtyeight: 2 users" 2 "$(users_of "'BarackObama','realDonaldTrump'")"
t_eq "fivethirtyeight: BarackObama posts (retweets skipped)" 2856 "$(posts_of BarackObama)"
t_eq "fivethirtyeight: realDonaldTrump posts" 2878 "$(posts_of realDonaldTrump)"
t_eq "fivethirtyeight: the id is the url's last segment" "1508194740|I'm grateful to @SenJohnMcCain for his lifetime of service to our country. Congratulations, John, on receiving this year's Liberty Medal." \
    "$(sql "SELECT created_at, text FROM posts WHERE remote_id = '920061541986250758'")"
t_eq "fivethirtyeight: entities decoded" 0 "$(sql "SELECT count(*) FROM posts WHERE text LIKE '%&amp;%'")"
t_eq "no retweet stored" 0 "$(sql "SELECT count(*) FROM posts WHERE text LIKE 'RT @%'")"

# tests/data/pipe: wardnotes (UTF-8, CRLF, trailing tabs, a retweet), clinicwire (Windows-1252,
# CRLF), labdigest (UTF-8, LF, a blank line).
text_of() { sql "SELECT text FROM posts WHERE remote_id = '$1'"; }
t_eq "pipe: 3 users, named after the files" 3 "$(users_of "'wardnotes','clinicwire','labdigest'")"
t_eq "pipe: wardnotes posts (retweet skipped)" 6 "$(posts_of wardnotes)"
t_eq "pipe: labdigest posts (blank line skipped)" 3 "$(posts_of labdigest)"
t_eq "pipe: a CSV-quoted line unquoted" 'Call to "rethink" daily exercise targets http://example.org/a3' \
    "$(text_of 900000000000000003)"
t_eq "pipe: '|' inside a text kept" 'Updated | Flu season: are clinics ready? Nurses say yes http://example.org/a4' \
    "$(text_of 900000000000000004)"
t_eq "pipe: dates parsed" 0 "$(sql "SELECT count(*) FROM posts WHERE created_at IS NULL")"
t_eq "pipe: date to the second (Thu Apr 09 01:31:50 +0000 2015)" 1428543110 \
    "$(sql "SELECT created_at FROM posts WHERE remote_id = '900000000000000001'")"
t_eq "pipe: no trailing tab or CR" 0 "$(sql "SELECT count(*) FROM posts WHERE text LIKE '%'||char(9) OR text LIKE '%'||char(13)||'%'")"
t_eq "pipe: UTF-8 kept as it is" "Café owners join the salt pledge – what it means" "$(text_of 900000000000000005)"
t_eq "pipe: UTF-8 outside the BMP kept" "Plain-language leaflets 👍 work best, trial finds" "$(text_of 920000000000000003)"
# clinicwire.txt holds Windows-1252 bytes: all of them are converted, none replaced by U+FFFD.
t_eq "pipe: Windows-1252 converted, no U+FFFD" 0 "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id
    WHERE u.handle = 'clinicwire' AND instr(p.text, char(65533)) > 0")"
t_eq "pipe: cp1252 quote became U+2019" "Patients’ views shape the new care plan http://example.org/b1" "$(text_of 910000000000000001)"
t_eq "pipe: cp1252 double quotes and dash" "“Bed blocking” down by a fifth – report http://example.org/b2" "$(text_of 910000000000000002)"
t_eq "pipe: cp1252 0x85 is an ellipsis, not a line end" "Ten tips for a healthier winter… http://example.org/b3" "$(text_of 910000000000000003)"
t_eq "pipe: Latin-1 byte converted" "Café menus to list calories http://example.org/b4" "$(text_of 910000000000000004)"

# The whole database holds valid UTF-8 only (iconv rejects any invalid sequence).
t_ok "every text and handle is valid UTF-8" \
    sh -c "sqlite3 '$TWITOFF_HOME/twitoff.db' 'SELECT text FROM posts; SELECT handle FROM users' | iconv -f UTF-8 -t UTF-8 >/dev/null"
t_eq "no NUL or other control character but newline" 0 \
    "$(sql "SELECT count(*) FROM posts WHERE text GLOB '*['||char(1)||'-'||char(9)||char(11)||'-'||char(31)||']*'")"

before=$(checksum)
posts=$(sql "SELECT count(*) FROM posts")
out=$("$TWITOFF" import "$FACEOFF" "$RATIO"/*.csv "$PIPE"/*.txt 2>&1)
t_eq "re-import exits 0" 0 $?
t_eq "re-import adds nothing" "$posts" "$(sql "SELECT count(*) FROM posts")"
t_eq "re-import changes no row" "$before" "$(checksum)"
t_nomatch "re-import reports 0 added everywhere" ': [1-9][0-9]* added' "$out"
t_match "re-import counts duplicates" 'raw_tweets.csv: 0 added, 9000 duplicates, 0 retweets skipped, 0 bad rows' "$out"
t_match "re-import counts retweets skipped" 'BarackObama.csv: 0 added, 2856 duplicates, 351 retweets skipped' "$out"

t_done

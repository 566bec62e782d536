#!/usr/bin/env bash
# t10-import.sh - `twitoff import` on the three shared corpora: counts per user, idempotency,
# only valid UTF-8 stored, Windows-1252 converted (no U+FFFD), and the import time.
. "$(dirname "$0")/../lib.sh"

TW=$SHARED/data/tweets
FACEOFF=$TW/celebrity-faceoff/raw_tweets.csv
RATIO=$TW/fivethirtyeight-twitter-ratio
HEALTH=$TW/uci-health-news

# users_of SQL-LIST: number of users with posts among the handles given
users_of() { sql "SELECT count(DISTINCT u.id) FROM users u JOIN posts p ON p.user_id = u.id WHERE u.handle IN ($1)"; }
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }
# checksum: every user and post row, in a fixed order
checksum() { sql "SELECT * FROM users ORDER BY id; SELECT * FROM posts ORDER BY id" | md5sum; }

start=$(date +%s.%N)
t_ok "import all three corpora" "$TWITOFF" -q import "$FACEOFF" "$RATIO"/*.csv "$HEALTH"/*.txt
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
echo "t10-import: three corpora imported in ${secs}s (the target is measured by make bench)"

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

health_users=$(for f in "$HEALTH"/*.txt; do printf "'%s'," "$(basename "$f" .txt)"; done)
t_eq "health: 16 users" 16 "$(users_of "${health_users%,}")"
t_eq "health: bbchealth posts" 3929 "$(posts_of bbchealth)"
t_eq "health: a CSV-quoted line unquoted" 'Call to "redefine" physical activity http://bbc.in/1ATtSPG' \
    "$(sql "SELECT text FROM posts WHERE remote_id = '541977752069365761'")"
t_eq "health: '|' inside a text kept" 1 "$(sql "SELECT count(*) FROM posts WHERE remote_id = '526812372280029186'
    AND text LIKE 'Updated | Ebola quarantines%'")"
t_eq "health: dates parsed" 0 "$(sql "SELECT count(*) FROM posts WHERE created_at IS NULL")"
t_eq "health: no trailing tab or CR" 0 "$(sql "SELECT count(*) FROM posts WHERE text LIKE '%'||char(9) OR text LIKE '%'||char(13)||'%'")"
# These files hold Windows-1252 bytes: all of them are converted, none replaced by U+FFFD.
cp1252="'KaiserHealthNews','NBChealth','foxnewshealth','msnhealthnews','wsjhealth'"
t_eq "health: Windows-1252 converted, no U+FFFD" 0 "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id
    WHERE u.handle IN ($cp1252) AND instr(p.text, char(65533)) > 0")"
t_eq "health: cp1252 quote became U+2019" 1 "$(sql "SELECT count(*) > 0 FROM posts p JOIN users u ON u.id = p.user_id
    WHERE u.handle = 'KaiserHealthNews' AND instr(p.text, char(8217)) > 0")"

# The whole database holds valid UTF-8 only (iconv rejects any invalid sequence).
t_ok "every text and handle is valid UTF-8" \
    sh -c "sqlite3 '$TWITOFF_HOME/twitoff.db' 'SELECT text FROM posts; SELECT handle FROM users' | iconv -f UTF-8 -t UTF-8 >/dev/null"
t_eq "no NUL or other control character but newline" 0 \
    "$(sql "SELECT count(*) FROM posts WHERE text GLOB '*['||char(1)||'-'||char(9)||char(11)||'-'||char(31)||']*'")"

before=$(checksum)
posts=$(sql "SELECT count(*) FROM posts")
out=$("$TWITOFF" import "$FACEOFF" "$RATIO"/*.csv "$HEALTH"/*.txt 2>&1)
t_eq "re-import exits 0" 0 $?
t_eq "re-import adds nothing" "$posts" "$(sql "SELECT count(*) FROM posts")"
t_eq "re-import changes no row" "$before" "$(checksum)"
t_nomatch "re-import reports 0 added everywhere" ': [1-9][0-9]* added' "$out"
t_match "re-import counts duplicates" 'raw_tweets.csv: 0 added, 9000 duplicates, 0 retweets skipped, 0 bad rows' "$out"
t_match "re-import counts retweets skipped" 'BarackObama.csv: 0 added, 2856 duplicates, 351 retweets skipped' "$out"

t_done

#!/usr/bin/env bash
# t13-import-health.sh - `twitoff import` on the UCI health-news corpus (16 accounts, ~63,000
# id|date|text lines, five files in Windows-1252). It is not bundled (data/README.md): this test
# reads it from ../shared and fails when it is not there. The format itself is also checked on
# the bundled fixtures by t10-import.sh.
. "$(dirname "$0")/../lib.sh"
need_shared "data/tweets/uci-health-news/*.txt"
HEALTH=$SHARED/data/tweets/uci-health-news

users_of() { sql "SELECT count(DISTINCT u.id) FROM users u JOIN posts p ON p.user_id = u.id WHERE u.handle IN ($1)"; }
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }
checksum() { sql "SELECT * FROM users ORDER BY id; SELECT * FROM posts ORDER BY id" | md5sum; }

t_ok "import the health corpus" "$TWITOFF" -q import "$HEALTH"/*.txt
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
t_ok "health: every text is valid UTF-8" \
    sh -c "sqlite3 '$TWITOFF_HOME/twitoff.db' 'SELECT text FROM posts' | iconv -f UTF-8 -t UTF-8 >/dev/null"

before=$(checksum)
out=$("$TWITOFF" import "$HEALTH"/*.txt 2>&1)
t_eq "health: re-import exits 0" 0 $?
t_eq "health: re-import changes no row" "$before" "$(checksum)"
t_match "health: re-import counts duplicates" 'bbchealth.txt: 0 added, 3929 duplicates' "$out"
t_done

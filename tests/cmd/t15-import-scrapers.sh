#!/usr/bin/env bash
# t15-import-scrapers.sh - `twitoff import` on scraper outputs and other exports (fixtures of
# tests/data/import/scrapers/): snscrape JSON Lines, twint CSV and JSON, GetOldTweets3's ';' CSV,
# a tab-separated file, Kaggle column names, a pre-2019 archive tweets.csv; and never a silent
# loss: a file with no post fails, spreadsheet ids are refused, many bad rows make the run partial.
. "$(dirname "$0")/../lib.sh"

D=$ROOT/tests/data/import/scrapers
checksum() { sql "SELECT * FROM users ORDER BY id; SELECT * FROM posts ORDER BY id" | md5sum; }
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }
post() { sql "SELECT created_at || '|' || text FROM posts WHERE remote_id = '$1'"; }
last_run() { sql "SELECT status || '|' || message FROM runs ORDER BY id DESC LIMIT 1"; }

t_ok "snscrape (rawContent) imports" "$TWITOFF" -q import "$D/snscrape.jsonl"
t_eq "snscrape: 3 posts of sam_s (the repost skipped)" 3 "$(posts_of sam_s)"
t_eq "snscrape: rawContent, ISO date with offset; a reply loses its leading @mention" "1670322600|I agree with this" "$(post 1600000000000000002)"
t_eq "snscrape: rawContent beats renderedContent" "1670320800|First scraped post & more" "$(post 1600000000000000001)"
t_eq "snscrape: retweetedTweet is a repost" "" "$(post 1600000000000000004)"
t_ok "snscrape (content, renderedContent) imports" "$TWITOFF" -q import "$D/snscrape-content.jsonl"
t_eq "snscrape: content and renderedContent read" "Older snscrape wrote content/Only the rendered content here" \
    "$(sql "SELECT text FROM posts WHERE remote_id = '1300000000000000001'")/$(sql "SELECT text FROM posts WHERE remote_id = '1300000000000000002'")"

before=$(checksum)
err=$("$TWITOFF" import "$D/snscrape-nothing.jsonl" 2>&1); rc=$?
t_eq "no post: exits 1" 1 "$rc"
t_match "no post: says why and what columns it found" \
    'snscrape-nothing.jsonl: no posts: 3 rows, all without text \(columns found: url, date, id, user, likeCount\)' "$err"
t_eq "no post: database unchanged" "$before" "$(checksum)"
t_eq "no post: the run failed" "failed|1 files, 1 failed" "$(last_run)"

t_ok "twint CSV imports" "$TWITOFF" -q import "$D/twint.csv"
t_eq "twint CSV: 3 posts (retweet True skipped)" 3 "$(posts_of tina_t)"
t_eq "twint CSV: date + time + timezone, quotes in tweet; a reply loses its leading @mention" '1577350800|yes, the river path, "as always"' \
    "$(post 1210000000000000002)"
t_ok "twint JSON imports" "$TWITOFF" -q import "$D/twint.json"
t_eq "twint JSON: 2 posts (retweet true skipped)" 2 "$(posts_of tom_t)"
t_eq "twint JSON: date + time + timezone" "1577430000|Morning from twint json" "$(post 1210000000000000011)"

out=$("$TWITOFF" import "$D/got3.csv" 2>&1); rc=$?
t_eq "GetOldTweets3 ';' CSV imports" 0 "$rc"
t_match "GetOldTweets3: no bad row" 'got3.csv: 3 added, 0 duplicates, 0 retweets skipped, 0 bad rows \(csv, 1 user\)' "$out"
t_eq "GetOldTweets3: a quoted ';' kept, the date read" "1519997400|A quoted text; with a semicolon" "$(post 970000000000000002)"
t_eq "GetOldTweets3: a retweet count is no repost" "1520064000|A third one" "$(post 970000000000000003)"
t_ok "tab-separated file imports" "$TWITOFF" -q import "$D/tabs.tsv"
t_eq "tabs: 2 posts, commas and ';' kept in the text" "2|Tabs, commas; and semicolons" \
    "$(posts_of tab_user)|$(sql "SELECT text FROM posts WHERE remote_id = '1001'")"
cp "$D/tabs.tsv" "$T/tabs.txt"
t_match "a tab-separated .txt is read as CSV, not id|date|text" 'tabs.txt: 0 added, 2 duplicates, 0 retweets skipped, 0 bad rows \(csv, 1 user\)' \
    "$("$TWITOFF" import "$T/tabs.txt" 2>&1)"
t_ok "Kaggle names (author, content, date) import" "$TWITOFF" -q import "$D/kaggle.csv"
t_eq "Kaggle: 2 posts of the author, dated" "2|1479549600" \
    "$(posts_of kag_k)|$(sql "SELECT created_at FROM posts WHERE remote_id = '800000000000000001'")"

t_ok "pre-2019 tweets.csv imports" "$TWITOFF" -q import --user old_o "$D/tweets.csv"
t_eq "tweets.csv: 3 posts (retweeted_status_id skipped)" 3 "$(posts_of old_o)"
t_eq "tweets.csv: every date kept" 0 "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id
    WHERE u.handle = 'old_o' AND (p.created_at IS NULL OR p.created_at = 0)")"
t_eq "tweets.csv: timestamp read (2015-04-07 09:59:58 +0000)" "1428400798|An old archive post & its date" \
    "$(post 585000000000000001)"

# Spreadsheet ids: refused whole, the column named, the way out said.
for f in excel.csv excel-semicolon.csv; do
    before=$(checksum)
    err=$("$TWITOFF" import "$D/$f" 2>&1); rc=$?
    t_eq "$f: refused" 1 "$rc"
    t_match "$f: names the column, says to re-export as text" "$f:[0-9]+: column 'id' holds ids a spreadsheet turned into numbers .*re-export that column as text" "$err"
    t_eq "$f: nothing stored" "$before" "$(checksum)"
done

# More than a tenth of bad rows: imported, said on stderr, the run partial.
err=$("$TWITOFF" import "$D/manybad.csv" 2>&1 >/dev/null); rc=$?
t_eq "many bad rows: exits 0 (the file gave posts)" 0 "$rc"
t_match "many bad rows: stderr says so" 'manybad.csv: 2 of 8 rows bad \(more than a tenth\): the run is recorded as partial' "$err"
t_eq "many bad rows: the run is partial" "partial|1 files, 0 failed, 1 partial" "$(last_run)"
t_match "many bad rows: status shows it" 'import +partial' "$("$TWITOFF" status)"
t_eq "many bad rows: the good ones stored" 6 "$(posts_of pat_p)"

# A good file and a file without posts: the good one stays, the exit status says one failed.
posts=$(sql "SELECT count(*) FROM posts")
"$TWITOFF" -q import "$D/snscrape-nothing.jsonl" "$D/snscrape.jsonl" 2>/dev/null
t_eq "one file without posts: exit 1" 1 "$?"
t_eq "one file without posts: nothing added (the other was imported before)" "$posts" "$(sql "SELECT count(*) FROM posts")"

# Re-importing adds nothing, changes nothing, exits 0.
before=$(checksum)
out=$("$TWITOFF" import "$D/snscrape.jsonl" "$D/snscrape-content.jsonl" "$D/twint.csv" "$D/twint.json" \
      "$D/got3.csv" "$D/tabs.tsv" "$D/kaggle.csv" 2>&1); rc=$?
"$TWITOFF" -q import --user old_o "$D/tweets.csv"; rc2=$?
t_eq "re-import exits 0" "0 0" "$rc $rc2"
t_eq "re-import changes no row" "$before" "$(checksum)"
t_nomatch "re-import adds nothing" ': [1-9][0-9]* added' "$out"
t_match "re-import counts duplicates" 'twint.csv: 0 added, 3 duplicates, 1 retweets skipped' "$out"

t_done

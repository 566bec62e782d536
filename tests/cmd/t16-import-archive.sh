#!/usr/bin/env bash
# t16-import-archive.sh - `twitoff import` on whole archives, made here with python3's zipfile: an
# X archive as a ZIP with a folder prefix (any file name) and unpacked, its account from
# data/account.js (an explicit --user wins; none at all is an error), tweets-part1.js, long texts
# from note-tweet.js; pre-2019 archives (Grailbird monthly files and user_details.js, as a folder,
# a ZIP and a single file; a tweets.csv alone); ZIP bombs, truncated and damaged ZIPs, a malformed
# part (nothing of the archive stored), and re-imports that add nothing.
. "$(dirname "$0")/../lib.sh"

A=$T/archives
mkdir -p "$A"
checksum() { sql "SELECT * FROM users ORDER BY id; SELECT * FROM posts ORDER BY id" 2>/dev/null | md5sum; }
posts_of() { sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = '$1'"; }
text_of() { sql "SELECT text FROM posts WHERE remote_id = '$1'"; }
fresh() { export TWITOFF_HOME=$T/home-$1; mkdir -p "$TWITOFF_HOME"; }

/usr/bin/python3 - "$A" <<'PY'
import json, os, sys, zipfile
out = sys.argv[1]
ELL = "\u2026"

def tw(i, text, when="Sun Jun 14 12:03:41 +0000 2026", **kw):
    t = {"id_str": str(i), "id": str(i), "created_at": when, "full_text": text, "retweeted": False,
         "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}, "lang": "en"}
    t.update(kw)
    return {"tweet": t}

def js(name, rows):
    return "window.YTD.%s = %s" % (name, json.dumps(rows, indent=2, ensure_ascii=False))

tweets = [
    tw(100, "hello world from the archive &amp; more"),
    tw(101, "second post in the thread", "Sun Jun 14 12:05:00 +0000 2026",
       in_reply_to_status_id_str="100", in_reply_to_user_id_str="4242", in_reply_to_screen_name="archivist"),
    tw(102, "RT @someone: not mine"),
    tw(110, "This is a long post that got cut right about" + ELL, "Tue Jun 23 09:00:00 +0000 2026"),
    tw(111, "@stranger I wrote about this https://t.co/OLD1 and then some" + ELL, "Wed Jun 24 09:00:00 +0000 2026",
       in_reply_to_status_id_str="900", in_reply_to_user_id_str="7", in_reply_to_screen_name="stranger"),
]
part1 = [tw(200, "from the second part", "Mon Jan 01 10:00:00 +0000 2024")]
notes = [
    {"noteTweet": {"noteTweetId": "999110", "createdAt": "2026-06-23T09:00:00.000Z", "updatedAt": "2026-06-23T09:00:00.000Z",
                   "lifecycle": {"value": "1", "name": "Active"},
                   "core": {"text": "This is a long post that got cut right about here, but the note carries the full text",
                            "urls": [], "mentions": [], "hashtags": [], "cashtags": [], "styletags": []}}},
    {"noteTweet": {"noteTweetId": "999112", "createdAt": "2026-06-24T09:00:00.000Z",
                   "core": {"text": "I wrote about this https://t.co/NEW2 and then some more thoughts", "urls": []}}},
    {"noteTweet": {"noteTweetId": "999111", "createdAt": "2026-06-23T09:00:00.000Z",
                   "core": {"text": "A colliding note that must not be matched", "urls": []}}},
]
account = [{"account": {"email": "owner@example.invalid", "createdVia": "web", "username": "archivist",
                        "accountId": "4242", "createdAt": "2021-06-01T10:00:00.000Z", "accountDisplayName": "A"}}]
x = {
    "data/tweets.js": js("tweets.part0", tweets),
    "data/tweets-part1.js": js("tweets.part1", part1),
    "data/note-tweet.js": js("note_tweet.part0", notes),
    "data/account.js": js("account.part0", account),
    "data/deleted-tweets.js": js("deleted_tweets.part0", [tw(300, "deleted, never imported")]),
    "data/like.js": js("like.part0", [{"like": {"tweetId": "1", "fullText": "a like"}}]),
    "data/tweets_media/100-abc.jpg": "jpeg",
    "Your archive.html": "<html></html>",
}

def zipit(path, files, prefix=""):
    with zipfile.ZipFile(os.path.join(out, path), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(prefix + name, data)

def unpack(folder, files):
    for name, data in files.items():
        p = os.path.join(out, folder, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(data)

zipit("twitter-2026-06-30.zip", x, "twitter-2026-06-30-abc123/")
zipit("archive.download", x)                                    # no .zip in the name
unpack("x-folder/twitter-2026-06-30-abc123", x)
zipit("noaccount.zip", {k: v for k, v in x.items() if k != "data/account.js"}, "tw/")
bad = dict(x)
bad["data/tweets-part1.js"] = "window.YTD.tweets.part1 = [ {\"tweet\": {\"id_str\": } ]"
zipit("badpart.zip", bad)
zipit("nothing.zip", {"README.txt": "no posts here", "data/like.js": x["data/like.js"]})
# A ZIP bomb: 2 MiB of zeros inflating from ~2 KB (the ratio guard; the bounds themselves are
# tested with lowered limits by the unit tests).
zipit("bomb.zip", {"data/account.js": x["data/account.js"], "data/tweets.js": "\0" * (2 << 20)})

# Pre-2019 archives: data/js/tweets/YYYY_MM.js, data/js/user_details.js, tweets.csv.
def gb(i, text, when, **kw):
    t = {"source": "web", "entities": {"user_mentions": [], "media": [], "hashtags": [], "urls": []},
         "geo": {}, "id_str": str(i), "text": text, "id": i, "created_at": when,
         "user": {"name": "Old Timer", "screen_name": "oldtimer", "protected": False, "id_str": "12",
                  "profile_image_url_https": "https://example.invalid/a.png", "id": 12, "verified": False}}
    t.update(kw)
    return t

def month(name, rows):
    return "Grailbird.data.tweets_%s = \n%s" % (name, json.dumps(rows, indent=1))

g = {
    "data/js/tweets/2015_04.js": month("2015_04", [
        gb(585403567185186816, "Spring &amp; rain", "2015-04-07 09:59:58 +0000"),
        gb(585403567185186817, "@oldtimer more on that", "2015-04-07 10:00:00 +0000",
           in_reply_to_status_id_str="585403567185186816", in_reply_to_user_id_str="12"),
        gb(585403567185186818, "RT @x: y", "2015-04-08 10:00:00 +0000",
           retweeted_status={"id_str": "1", "text": "y", "user": {"screen_name": "x"}}),
    ]),
    "data/js/tweets/2014_12.js": month("2014_12", [gb(545403567185186816, "Winter", "2014-12-24 18:00:00 +0000")]),
    "data/js/user_details.js": 'var user_details =  {\n  "expanded_url" : null,\n  "screen_name" : "oldtimer",\n'
                               '  "location" : "",\n  "url" : null,\n  "full_name" : "Old Timer",\n  "bio" : "",\n'
                               '  "id" : "12",\n  "created_at" : "2009-03-21 20:50:14 +0000"\n}',
    "data/js/tweet_index.js": "var tweet_index = []",
    "data/js/payload_details.js": "var payload_details = {}",
    "tweets.csv": '"tweet_id","in_reply_to_status_id","in_reply_to_user_id","timestamp","source","text",'
                  '"retweeted_status_id","retweeted_status_user_id","retweeted_status_timestamp","expanded_urls"\n'
                  '"585403567185186816","","","2015-04-07 09:59:58 +0000","web","Spring &amp; rain","","","",""\n',
    "index.html": "<html></html>",
    "js/app.js": "var x = 1;",
}
zipit("tweets-2018.zip", g, "tweets/")
unpack("gb-folder", g)
with open(os.path.join(out, "2015_04.js"), "w") as f:
    f.write(g["data/js/tweets/2015_04.js"])
csv_only = {k: v for k, v in g.items() if not k.startswith("data/js/tweets/")}
zipit("csv-only.zip", csv_only)
PUB = "https://www.w3.org/ns/activitystreams#Public"
def note(n, to, cc):
    url = "https://mastodon.example/users/eve/statuses/11100000000000000%d" % n
    return {"id": url + "/activity", "type": "Create", "actor": "https://mastodon.example/users/eve",
            "published": "2024-03-0%dT10:00:00Z" % n, "to": to, "cc": cc,
            "object": {"id": url, "type": "Note", "published": "2024-03-0%dT10:00:00Z" % n,
                       "inReplyTo": None, "to": to, "cc": cc, "content": "<p>Toot %d from Eve</p>" % n}}
items = [note(1, [PUB], []), note(2, [], [PUB]),                       # public, unlisted
         note(3, ["https://mastodon.example/users/eve/followers"], []),  # followers-only: not imported
         {"id": "https://mastodon.example/users/eve/statuses/4/activity", "type": "Announce",
          "actor": "https://mastodon.example/users/eve", "published": "2024-03-04T10:00:00Z",
          "to": [PUB], "object": "https://other.example/users/bob/statuses/9"}]
zipit("mastodon.zip", {"outbox.json": json.dumps({"@context": "https://www.w3.org/ns/activitystreams",
    "id": "outbox.json", "type": "OrderedCollection", "totalItems": len(items), "orderedItems": items}, indent=2),
    "actor.json": "{}", "media_attachments/files/1.png": "png"})
PY

# --- An X archive ZIP with a folder prefix.
fresh x
out=$("$TWITOFF" import "$A/twitter-2026-06-30.zip" 2>&1); rc=$?
t_eq "x zip: exits 0" 0 "$rc"
t_match "x zip: one summary line for the archive" \
    '^import: .*twitter-2026-06-30\.zip: 5 added, 0 duplicates, 1 retweets skipped, 0 bad rows \(X archive: 2 files, 2 of 3 long texts merged, 1 user\)$' "$out"
t_eq "x zip: the account from data/account.js" 5 "$(posts_of archivist)"
t_eq "x zip: no other user" 1 "$(sql "SELECT count(*) FROM users")"
t_eq "x zip: tweets-part1.js read" "from the second part" "$(text_of 200)"
t_eq "x zip: entities decoded" "hello world from the archive & more" "$(text_of 100)"
t_eq "x zip: the date read" 1781438621 "$(sql "SELECT created_at FROM posts WHERE remote_id = '100'")"
t_eq "x zip: a long text from note-tweet.js" "This is a long post that got cut right about here, but the note carries the full text" "$(text_of 110)"
t_eq "x zip: a long reply matched past its mention and t.co link" "I wrote about this https://t.co/NEW2 and then some more thoughts" "$(text_of 111)"
t_eq "x zip: deleted tweets, likes not imported" 0 "$(sql "SELECT count(*) FROM posts WHERE remote_id IN ('300', '1')")"
sum=$(checksum)
out=$("$TWITOFF" import "$A/twitter-2026-06-30.zip" 2>&1)
t_match "x zip: re-import adds nothing" 'twitter-2026-06-30\.zip: 0 added, 5 duplicates' "$out"
t_eq "x zip: re-import leaves the database as it was" "$sum" "$(checksum)"
out=$("$TWITOFF" import "$A/archive.download" 2>&1); rc=$?
t_eq "x zip: known by its bytes, whatever its name" 0 "$rc"
t_match "x zip: ... and adds nothing again" 'archive\.download: 0 added, 5 duplicates' "$out"

# --- The same archive unpacked: the folder given, or its parent.
fresh folder
t_ok "x folder: imports" "$TWITOFF" -q import "$A/x-folder/twitter-2026-06-30-abc123"
t_eq "x folder: same posts" 5 "$(posts_of archivist)"
out=$("$TWITOFF" import "$A/x-folder/" 2>&1)
t_match "x folder: its parent finds the same archive" 'x-folder/: 0 added, 5 duplicates' "$out"

# --- No account.js: an error without --user, fine with it; --user wins over account.js.
fresh noaccount
sum=$(checksum)
err=$("$TWITOFF" import "$A/noaccount.zip" 2>&1); rc=$?
t_eq "no account.js: exits 1" 1 "$rc"
t_match "no account.js: says what is missing" 'noaccount\.zip: the archive has no tw/data/account\.js to name its account: use --user NAME' "$err"
t_eq "no account.js: nothing stored" "$sum" "$(checksum)"
t_ok "no account.js, --user: imports" "$TWITOFF" -q import --user someone "$A/noaccount.zip"
t_eq "no account.js, --user: posts of that user" 5 "$(posts_of someone)"
t_ok "--user wins over account.js" "$TWITOFF" -q import --user other "$A/twitter-2026-06-30.zip"
t_eq "--user wins: posts of that user" 5 "$(posts_of other)"

# --- One transaction: a malformed part stores nothing of the archive.
fresh badpart
sum=$(checksum)
err=$("$TWITOFF" import "$A/badpart.zip" 2>&1); rc=$?
t_eq "malformed part: exits 1" 1 "$rc"
t_match "malformed part: names the entry and line" 'badpart\.zip/data/tweets-part1\.js:1: bad JSON' "$err"
t_eq "malformed part: nothing of the archive stored" "$sum" "$(checksum)"
t_eq "malformed part: not even tweets.js" 0 "$(sql "SELECT count(*) FROM posts")"

# --- ZIP bombs, truncated and damaged ZIPs, an archive without posts: errors, nothing stored.
fresh bad
sum=$(checksum)
err=$("$TWITOFF" import "$A/bomb.zip" 2>&1); rc=$?
t_eq "zip bomb: exits 1" 1 "$rc"
t_match "zip bomb: refused, naming the entry" 'bomb\.zip: data/tweets\.js: inflates to more than 100 times .*refused' "$err"
size=$(stat -c %s "$A/twitter-2026-06-30.zip")
head -c $((size / 2)) "$A/twitter-2026-06-30.zip" > "$A/truncated.zip"
err=$("$TWITOFF" import "$A/truncated.zip" 2>&1); rc=$?
t_eq "truncated zip: exits 1" 1 "$rc"
t_match "truncated zip: not a readable ZIP" 'truncated\.zip: not a readable ZIP' "$err"
# Damage the deflated bytes of data/tweets.js (the entry whose local header is found by name).
/usr/bin/python3 - "$A/twitter-2026-06-30.zip" "$A/damaged.zip" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
at = b.index(b"twitter-2026-06-30-abc123/data/tweets.js") + len("twitter-2026-06-30-abc123/data/tweets.js") + 200
for i in range(at, at + 16):
    b[i] ^= 0x5A
open(sys.argv[2], "wb").write(b)
PY
err=$("$TWITOFF" import "$A/damaged.zip" 2>&1); rc=$?
t_eq "damaged zip: exits 1" 1 "$rc"
t_match "damaged zip: names the entry" 'damaged\.zip: twitter-2026-06-30-abc123/data/tweets\.js: damaged' "$err"
err=$("$TWITOFF" import "$A/nothing.zip" 2>&1); rc=$?
t_eq "no posts file: exits 1" 1 "$rc"
t_match "no posts file: says what it looked for" 'nothing\.zip: no posts file in it: expected data/tweets\.js' "$err"
t_eq "bad archives: nothing stored" "$sum" "$(checksum)"
"$TWITOFF" -q import "$A/bomb.zip" "$A/archive.download" 2>/dev/null; rc=$?
t_eq "bad archives: a command with a bad one exits 1" 1 "$rc"
t_eq "bad archives: the good one of the command stored" 5 "$(posts_of archivist)"

# --- Pre-2019 archives: Grailbird monthly files, user_details.js.
fresh gbzip
out=$("$TWITOFF" import "$A/tweets-2018.zip" 2>&1); rc=$?
t_eq "pre-2019 zip: exits 0" 0 "$rc"
t_match "pre-2019 zip: summary" 'tweets-2018\.zip: 3 added, 0 duplicates, 1 retweets skipped, 0 bad rows \(pre-2019 X archive: 2 files, 1 user\)' "$out"
t_eq "pre-2019 zip: the account from user_details.js" 3 "$(posts_of oldtimer)"
t_eq "pre-2019 zip: '2015-04-07 09:59:58 +0000' read" 1428400798 "$(sql "SELECT created_at FROM posts WHERE remote_id = '585403567185186816'")"
t_eq "pre-2019 zip: text cleaned" "Spring & rain" "$(text_of 585403567185186816)"
t_ok "pre-2019 zip: --user wins" "$TWITOFF" -q import --user renamed "$A/tweets-2018.zip"
t_eq "pre-2019 zip: --user wins over user_details.js" 3 "$(posts_of renamed)"
fresh gbfolder
t_ok "pre-2019 folder: imports" "$TWITOFF" -q import "$A/gb-folder"
t_eq "pre-2019 folder: posts" 3 "$(posts_of oldtimer)"
out=$("$TWITOFF" import "$A/gb-folder" 2>&1)
t_match "pre-2019 folder: re-import adds nothing" 'gb-folder: 0 added, 3 duplicates' "$out"
fresh gbfile
out=$("$TWITOFF" import --user oldtimer "$A/2015_04.js" 2>&1); rc=$?
t_eq "a single Grailbird file: exits 0" 0 "$rc"
t_match "a single Grailbird file: imported as such" '2015_04\.js: 2 added, 0 duplicates, 1 retweets skipped, 0 bad rows \(grailbird, 1 user\)' "$out"
fresh csvonly
out=$("$TWITOFF" import "$A/csv-only.zip" 2>&1); rc=$?
t_eq "tweets.csv alone: exits 0" 0 "$rc"
t_match "tweets.csv alone: through the CSV importer" 'csv-only\.zip: 1 added, .*pre-2019 X archive \(tweets\.csv\): 1 file, 1 user' "$out"
t_eq "tweets.csv alone: the account from user_details.js" 1 "$(posts_of oldtimer)"

# --- A Mastodon archive: its outbox.json is found and handed to the import of its format.
fresh masto
out=$("$TWITOFF" import "$A/mastodon.zip" 2>&1)
t_match "mastodon zip: outbox.json found" 'mastodon\.zip: .*\(Mastodon archive: 1 file' "$out"
t_match "mastodon zip: its public and unlisted toots, the boost skipped" 'mastodon\.zip: 2 added, 0 duplicates, 1 retweets skipped, 0 bad rows' "$out"
t_eq "mastodon zip: the account from the outbox's actor" 2 "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id WHERE u.handle = 'eve@mastodon.example'")"
out=$("$TWITOFF" import "$A/mastodon.zip" 2>&1)
t_match "mastodon zip: again adds nothing" 'mastodon\.zip: 0 added, 2 duplicates' "$out"

t_done

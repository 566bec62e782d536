# ops-lib.sh - helpers for the operations tests (t6*.sh): small corpora cut from the bundled data.
# Source after ../lib.sh.

FACEOFF=$DATA/celebrity-faceoff/raw_tweets.csv

# corpus OUT FROM COUNT USER...: a CSV (id,name,created,text) holding posts FROM..FROM+COUNT-1 (in
# file order) of each USER from the celebrity-faceoff data.
corpus() {
    local out=$1 from=$2 count=$3
    shift 3
    /usr/bin/python3 - "$FACEOFF" "$out" "$from" "$count" "$@" <<'PY'
import csv, sys
src, out, start, count, users = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
seen = {u: 0 for u in users}
with open(src, newline='', encoding='utf-8') as f, open(out, 'w', newline='', encoding='utf-8') as o:
    r, w = csv.reader(f), csv.writer(o)
    w.writerow(next(r))
    for row in r:
        u = row[1]
        if u in seen:
            if start <= seen[u] < start + count:
                w.writerow(row)
            seen[u] += 1
PY
}

# posts_digest: every stored post as "handle<TAB>remote_id<TAB>md5(text)", sorted.
posts_digest() {
    sqlite3 -separator $'\t' "$TWITOFF_HOME/twitoff.db" \
        "SELECT u.handle, p.remote_id, hex(p.text) FROM posts p JOIN users u ON u.id = p.user_id" | sort
}

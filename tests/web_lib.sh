# web_lib.sh - shared setup for the web suites (source after lib.sh): demo data built with the
# real commands, running a CGI binary with a CGI environment, and a real Apache on loopback.
CGI=$BIN/cgi-bin
FIXTURE=${FIXTURE:-$ROOT/tests/fixtures/web_posts.jsonl}

# Insert the JSONL fixture with sqlite3 (used while `twitoff import` cannot read JSONL).
_web_insert() {
    python3 - "$TWITOFF_HOME/twitoff.db" "$FIXTURE" <<'PY'
import json, sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
for line in open(sys.argv[2], encoding="utf-8"):
    p = json.loads(line)
    db.execute("INSERT OR IGNORE INTO users (source, handle) VALUES ('import', ?)", (p["screen_name"],))
    uid = db.execute("SELECT id FROM users WHERE handle = ?", (p["screen_name"],)).fetchone()[0]
    t = int(datetime.datetime.fromisoformat(p["created_at"].replace("Z", "+00:00")).timestamp())
    db.execute("INSERT OR IGNORE INTO posts (user_id, remote_id, created_at, text) VALUES (?,?,?,?)",
               (uid, p["id"], t, p["text"]))
db.commit()
PY
}

# web_data: a fresh store with the fixture's three users, trained pairs, lists, iris model.
web_data() {
    "$TWITOFF" -q reset --yes >/dev/null || return 1
    "$TWITOFF" -q import "$FIXTURE" >/dev/null 2>&1 || _web_insert || return 1
    "$TWITOFF" -q train >/dev/null || return 1
    "$TWITOFF" -q lists >/dev/null 2>&1 || true   # the form falls back to the store without lists
    "$TWITOFF" -q iris "$ROOT/data/iris/iris.csv" >/dev/null || return 1
}

# cgi PROGRAM METHOD PATH_INFO QUERY [BODY] [ACCEPT]: run a CGI binary; output in $T/out.
# Sets STATUS (the Status header's code) and BODY_OUT (everything after the blank line).
cgi() {
    local prog=$1 method=$2 path=$3 query=$4 body=${5-} accept=${6-}
    printf '%s' "$body" > "$T/in"
    env -i PATH="$PATH" TWITOFF_HOME="$TWITOFF_HOME" GATEWAY_INTERFACE=CGI/1.1 \
        REQUEST_METHOD="$method" PATH_INFO="$path" QUERY_STRING="$query" HTTP_ACCEPT="$accept" \
        CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#body} \
        ${CGI_ENV:-} timeout 20 "$CGI/$prog" < "$T/in" > "$T/out" 2> "$T/err"
    STATUS=$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$T/out")
    BODY_OUT=$(sed '1,/^\r\{0,1\}$/d' "$T/out")
}

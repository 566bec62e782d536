#!/usr/bin/env bash
# run.sh - `make run` / `make stop`: serve TwitOff with Apache httpd on 127.0.0.1:${PORT:-8080},
# config, logs and pid under $TWITOFF_HOME/httpd. Usage: scripts/run.sh start|stop
# Environment: BIN (programs), PORT, FCGI=1 (serve as FastCGI with mod_fcgid), DETACH=1 (return
# after starting instead of waiting for Ctrl-C).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
PORT=${PORT:-8080}
export TWITOFF_HOME=${TWITOFF_HOME:-$ROOT/var}
mkdir -p "$TWITOFF_HOME"
TWITOFF_HOME=$(cd "$TWITOFF_HOME" && pwd)
. "$ROOT/scripts/httpd.sh"

# users: how many users the store holds (0 when there is no store). Read-only: a read-write
# sqlite3 closing the database last would delete the -wal/-shm files the pages need.
users() {
    [ -f "$TWITOFF_HOME/twitoff.db" ] || { echo 0; return; }
    sqlite3 -readonly "$TWITOFF_HOME/twitoff.db" 'SELECT count(*) FROM users' 2>/dev/null || echo 0
}

# ensure_data: the demo data, trained, the lists and the iris model.
ensure_data() {
    if [ "$(users)" -eq 0 ]; then
        if [ -x "$ROOT/scripts/demo.sh" ]; then
            BIN=$BIN "$ROOT/scripts/demo.sh"
        else
            echo "twitoff: loading the small test fixture as demo data" >&2
            (ROOT=$ROOT TWITOFF=$BIN/twitoff T=$(mktemp -d) FIXTURE=$ROOT/tests/fixtures/web_posts.jsonl
             . "$ROOT/tests/web_lib.sh"; web_data; rm -rf "$T")
        fi
    fi
    [ -f "$TWITOFF_HOME/lists/users.html" ] || "$BIN/twitoff" -q lists 2>/dev/null || true
    [ -f "$TWITOFF_HOME/models/iris.model" ] || "$BIN/twitoff" -q iris "$ROOT/data/iris/iris.csv" >/dev/null
    "$BIN/twitoff" -q status >/dev/null   # migrates; makes the queue store and the -wal/-shm files the pages need
}

start() {
    local mode=cgi
    [ "${FCGI:-0}" = 1 ] && mode=fcgi
    if [ -f "$TWITOFF_HOME/httpd/httpd.pid" ] && kill -0 "$(cat "$TWITOFF_HOME/httpd/httpd.pid")" 2>/dev/null; then
        echo "twitoff: already running (make stop first)" >&2
        exit 1
    fi
    # As root, root is the batch user: take the directory back first (an older `make run` gave it
    # to www-data, and the batch refuses a directory that is not its user's).
    if [ "$(id -u)" -eq 0 ]; then "$ROOT/scripts/layout.sh" "$TWITOFF_HOME" "root:$(id -gn "$(_httpd_user)")"; fi
    ensure_data
    httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" "$PORT" "$mode"
    echo "TwitOff ($mode) is serving http://127.0.0.1:$PORT/  (logs: $TWITOFF_HOME/httpd/)"
    if [ "$mode" = fcgi ]; then
        # mod_fcgid starts page processes only on demand: start them now, in the background, so
        # that no visitor waits for one (scripts/httpd.sh, httpd_warm; about 15 s).
        httpd_warm "http://127.0.0.1:$PORT" 32 3 "$BIN" >/dev/null 2>&1 &
        echo "twitoff: starting the FastCGI page processes in the background (httpd_warm)"
    fi
    [ "${DETACH:-0}" = 1 ] && return 0
    echo "Press Ctrl-C to stop (or run 'make stop')."
    trap 'httpd_stop "$TWITOFF_HOME"; echo; echo "twitoff: stopped"; exit 0' INT TERM
    local pid
    pid=$(cat "$TWITOFF_HOME/httpd/httpd.pid")
    while kill -0 "$pid" 2>/dev/null; do sleep 1; done
}

case "${1:-start}" in
    start) start ;;
    stop) httpd_stop "$TWITOFF_HOME"; echo "twitoff: stopped" ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

# stub.sh - start and stop the API stand-in (api_stub.py) from a shell test; source after lib.sh.
# stub_start: starts it on a free loopback port, points twitoff at it (TWITOFF_*_API_URL, a test
# token, short timeouts, fetch_allow_private = yes: the stand-in is on 127.0.0.1) and stops it when
# the test exits. STUB_LOG holds the requests it saw.
STUB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STUB_PID=
STUB_TOKEN="test-bearer-$$-$RANDOM-secret"

stub_stop() {
    [ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null && wait "$STUB_PID" 2>/dev/null
    STUB_PID=
}

stub_start() {
    STUB_LOG=$T/stub.log
    : > "$STUB_LOG"
    rm -f "$T/stub.port"
    STUB_X_TOKEN=$STUB_TOKEN /usr/bin/python3 "$STUB_DIR/api_stub.py" "$T/stub.port" "$STUB_LOG" \
        "${STUB_LIFETIME:-120}" 2>"$T/stub.err" &
    STUB_PID=$!
    trap 'stub_stop; rm -rf "$T"' EXIT
    for _ in $(seq 100); do [ -s "$T/stub.port" ] && break; sleep 0.05; done
    [ -s "$T/stub.port" ] || { echo "stub did not start: $(cat "$T/stub.err")" >&2; return 1; }
    STUB_PORT=$(cat "$T/stub.port")
    STUB_URL=http://127.0.0.1:$STUB_PORT
    export TWITOFF_X_API_URL=$STUB_URL/2 TWITOFF_BLUESKY_API_URL=$STUB_URL/xrpc \
        TWITOFF_MASTODON_API_URL=$STUB_URL TWITOFF_X_BEARER_TOKEN=$STUB_TOKEN \
        TWITOFF_HTTP_TIMEOUT=${TWITOFF_HTTP_TIMEOUT:-5} TWITOFF_HTTP_BACKOFF=${TWITOFF_HTTP_BACKOFF:-0.05} \
        TWITOFF_FETCH_ALLOW_PRIVATE=${TWITOFF_FETCH_ALLOW_PRIVATE:-yes}
}

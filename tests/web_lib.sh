# web_lib.sh - shared setup for the web suites (source after lib.sh): demo data built with the
# real commands, running a CGI binary with a CGI environment, and a real Apache on loopback.
CGI=$BIN/cgi-bin
FIXTURE=${FIXTURE:-$ROOT/tests/fixtures/web_posts.jsonl}

# _web_step WHAT CMD...: run one setup command; on failure say which one and show its output.
_web_step() {
    local what=$1 out
    shift
    if ! out=$("$@" 2>&1); then
        printf 'web_data: %s failed: %s\n' "$what" "${out:0:600}" >&2
        return 1
    fi
}

# web_data: a fresh store with the fixture's three users, trained pairs, lists, iris model.
# Every step must succeed: a failure ends the caller's suite (no fallback hides it).
web_data() {
    [ -f "$FIXTURE" ] || { echo "web_data: no fixture $FIXTURE" >&2; return 1; }
    _web_step "twitoff reset" "$TWITOFF" -q reset --yes || return 1
    _web_step "twitoff import $FIXTURE" "$TWITOFF" -q import "$FIXTURE" || return 1
    _web_step "twitoff train" "$TWITOFF" -q train || return 1
    _web_step "twitoff lists" "$TWITOFF" -q lists || return 1
    _web_step "twitoff iris" "$TWITOFF" -q iris "$ROOT/data/iris/iris.csv" || return 1
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

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

# cgi PROGRAM METHOD PATH_INFO QUERY [BODY] [ACCEPT] [CONTENT_TYPE]: run a CGI binary; output in
# $T/out. Sets STATUS (the Status header's code) and BODY_OUT (everything after the blank line).
cgi() {
    local prog=$1 method=$2 path=$3 query=$4 body=${5-} accept=${6-}
    local type=${7:-application/x-www-form-urlencoded}
    printf '%s' "$body" > "$T/in"
    env -i PATH="$PATH" TWITOFF_HOME="$TWITOFF_HOME" GATEWAY_INTERFACE=CGI/1.1 \
        REQUEST_METHOD="$method" PATH_INFO="$path" QUERY_STRING="$query" HTTP_ACCEPT="$accept" \
        CONTENT_TYPE="$type" CONTENT_LENGTH="$(wc -c < "$T/in")" \
        ${CGI_ENV:-} timeout 20 "$CGI/$prog" < "$T/in" > "$T/out" 2> "$T/err"
    STATUS=$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$T/out")
    BODY_OUT=$(sed '1,/^\r\{0,1\}$/d' "$T/out")
}

# admin_signin KEY: sign in to /admin with the key (a POST body); sets ADMIN_COOKIE (the session
# cookie's "name=value") and ADMIN_CSRF (the forms' token) from the answer.
admin_signin() {
    cgi admin POST "" "" "key=$1&action=view"
    ADMIN_COOKIE=$(sed -n 's/^Set-Cookie: \(twitoff_admin=[0-9a-f]*\);.*/\1/p' "$T/out" | head -1)
    ADMIN_CSRF=$(printf '%s' "$BODY_OUT" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
}

# admin_post BODY [COOKIE]: a POST to /admin with the session cookie (default ADMIN_COOKIE).
admin_post() {
    CGI_ENV="HTTP_COOKIE=${2-$ADMIN_COOKIE}" cgi admin POST "" "" "$1"
}

# --- The request table (tests/web/requests.txt; its header describes the format), run through
# either transport. The caller sets KEY (the admin key) and, for http, URL; WEB_PREFIX starts every
# assertion's name (t10-apache.sh: "cgi: " or "fcgi: ").
WEB_REQUESTS=${WEB_REQUESTS:-$ROOT/tests/web/requests.txt}
WEB_PREFIX=${WEB_PREFIX-}

# _web_route PATH: "PROGRAM PATH_INFO" for a URL path (already decoded), as the route table
# (lib/web/routes.c, printed by the routes-apache generator) maps it, the first match winning;
# nothing for the static files, which only Apache serves.
ROUTES_GEN=${BUILD:-$ROOT/build/std}/gen/routes-apache
_web_route() {
    local pat prog info
    [ -n "${_web_routes:-}" ] || _web_routes=$("$ROUTES_GEN" table) || { echo "no route table: $ROUTES_GEN" >&2; return 1; }
    while read -r pat prog info; do
        case $pat in
            *'*') [ "${1#"${pat%\*}"}" != "$1" ] || continue
                  [ "$prog" = - ] && return 0
                  [ "$info" = - ] && info=/${1#"${pat%\*}"}
                  echo "$prog $info"; return 0 ;;
            *) [ "$1" = "$pat" ] || continue
               [ "$prog" = - ] && return 0
               [ "$info" = - ] && info=
               echo "$prog $info"; return 0 ;;
        esac
    done <<<"$_web_routes"
}

# _web_send_cgi METHOD URL ACCEPT TYPE: run the page program for URL with the body in $T/req;
# the answer's status in STATUS, its header lines in $T/head, its body in $T/body.
_web_send_cgi() {
    local path=${2%%\?*} query="" route prog info
    [ "$path" != "$2" ] && query=${2#*\?}
    path=$(printf '%b' "${path//%/\\x}")    # Apache decodes the path before it picks a program
    route=$(_web_route "$path")
    [ -n "$route" ] || { STATUS="(no page program for $path)"; : > "$T/head"; : > "$T/body"; return; }
    read -r prog info <<<"$route"
    cgi "$prog" "$1" "${info-}" "$query" "$(cat "$T/req")" "$3" "$4"
    sed -n '1,/^\r\{0,1\}$/p' "$T/out" | tr -d '\r' | sed '/^$/d' > "$T/head"
    sed '1,/^\r\{0,1\}$/d' "$T/out" > "$T/body"
}

# _web_send_http METHOD URL ACCEPT TYPE: the same request with curl to $URL.
_web_send_http() {
    local args=(-s --max-time 30 -o "$T/body" -D "$T/head.raw" -w '%{http_code}')
    case $1 in
        GET) ;;
        HEAD) args+=(-I) ;;
        *) args+=(-X "$1") ;;
    esac
    if [ -s "$T/req" ] || [ "$1" = POST ]; then
        args+=(--data-binary "@$T/req" -H "Content-Type: ${4:-application/x-www-form-urlencoded}")
    fi
    [ -n "$3" ] && args+=(-H "Accept: $3")
    STATUS=$(curl "${args[@]}" "$URL$2")
    [ "$1" = HEAD ] && : > "$T/body"    # curl -I writes the headers as the body too
    tr -d '\r' < "$T/head.raw" | sed '/^$/d' > "$T/head"
}

# _web_record TRANSPORT WHERE: send the record gathered in the _r_* variables of web_requests and
# check its status and every expectation.
_web_record() {
    local name=$WEB_PREFIX$_r_name check kind val n re
    if [ -z "$_r_name" ] || [ -z "$_r_request" ] || [ -z "$_r_status" ]; then
        t_fail "$WEB_PREFIX${_r_name:-request table}: malformed record ($2)" "a record needs name, request and status"
        return
    fi
    printf '%s' "$_r_body" > "$T/req"
    if [ -n "$_r_pad" ]; then
        head -c "${_r_pad#* }" /dev/zero | tr '\0' "${_r_pad%% *}" >> "$T/req"
    fi
    "_web_send_$1" "${_r_request%% *}" "${_r_request#* }" "$_r_accept" "$_r_type"
    t_eq "$name: status" "$_r_status" "$STATUS"
    for check in "${_r_checks[@]}"; do
        kind=${check%%:*} val=${check#*:}
        case $kind in
            header) t_match "$name: header /$val/" "$val" "$(cat "$T/head")" ;;
            contains) t_match "$name: /${val:0:60}/" "$val" "$(cat "$T/body")" ;;
            lacks) t_nomatch "$name: no /${val:0:60}/" "$val" "$(cat "$T/body")" ;;
            count) n=${val%% *} re=${val#* }
                   t_eq "$name: $n lines /${re:0:60}/" "$n" "$(grep -Ec -- "$re" "$T/body")" ;;
            json) t_ok "$name: json ${val:0:60}" python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert eval(sys.argv[2]), d' "$T/body" "$val" ;;
        esac
    done
}

# _web_clear, _web_flush: start a record; run the one gathered so far (both work on the locals
# of web_requests, which calls them).
_web_clear() { _r_name="" _r_request="" _r_accept="" _r_type="" _r_body="" _r_pad="" _r_status="" _r_checks=(); }
_web_flush() {
    if [ -n "$_r_name$_r_request$_r_status${_r_checks[*]}" ]; then
        _web_record "$transport" "the record at $WEB_REQUESTS:$first"
        records=$((records + 1))
    fi
    _web_clear
}

# web_requests TRANSPORT: run every record of the table through TRANSPORT, "cgi" (the page
# programs with a CGI environment) or "http" (curl to $URL). One assertion per expectation.
web_requests() {
    local transport=$1 line key val lineno=0 first=0 records=0
    local _r_name _r_request _r_accept _r_type _r_body _r_pad _r_status _r_checks
    [ -f "$WEB_REQUESTS" ] || { t_fail "${WEB_PREFIX}request table" "no file $WEB_REQUESTS"; return; }
    _web_clear
    while IFS= read -r line; do
        lineno=$((lineno + 1))
        case $line in
            '#'*) continue ;;
            '') _web_flush; continue ;;
        esac
        [ -n "$_r_name$_r_request$_r_status${_r_checks[*]}" ] || first=$lineno
        key=${line%%:*} val=${line#*:}
        val=${val# }
        val=${val//@KEY@/${KEY-}}
        case $key in
            name) _r_name=$val ;;
            request) _r_request=$val ;;
            accept) _r_accept=$val ;;
            type) _r_type=$val ;;
            body) _r_body=$val ;;
            pad) _r_pad=$val ;;
            status) _r_status=$val ;;
            header | contains | lacks | count | json) _r_checks+=("$key:$val") ;;
            *) t_fail "${WEB_PREFIX}request table" "$WEB_REQUESTS:$lineno: unknown field '$key'" ;;
        esac
    done < "$WEB_REQUESTS"
    _web_flush
    [ "$records" -gt 0 ] || t_fail "${WEB_PREFIX}request table" "$WEB_REQUESTS holds no record"
}

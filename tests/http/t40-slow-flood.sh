#!/usr/bin/env bash
# t40-slow-flood.sh - a slow-body flood cannot take the site down: 300 loopback connections (opened
# 150 a second) each trickle a POST body a byte a second for at most 15 s
# (tests/http/slow_flood.py, which stops by itself) while a probe asks GET / twice a second.
# Every probe must be answered 200 within a second, and mod_reqtimeout must cut the slow uploads
# (body=10,MinRate=500) before the end. FastCGI and plain CGI, against the Apache template.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
. "$ROOT/scripts/httpd.sh"
web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
chmod 755 "$T"
PORT=$(free_port)
trap 'httpd_stop "$TWITOFF_HOME"; rm -rf "$T"' EXIT
field() { printf '%s' "$R" | grep -o "$1=[0-9.]*" | cut -d= -f2; }

for MODE in fcgi cgi; do
    if ! httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" "$PORT" "$MODE"; then
        t_fail "$MODE: httpd start" "$(tail -5 "$TWITOFF_HOME/httpd/error.log" 2>/dev/null)"
        continue
    fi
    R=$(timeout 40 /usr/bin/python3 "$ROOT/tests/http/slow_flood.py" "$PORT" 300 15)
    echo "t40-slow-flood: $MODE: $R"
    t_eq "$MODE: 300 slow connections opened" 300 "$(field opened)"
    t_eq "$MODE: the slow uploads were cut by the server" 300 "$(field cut)"
    t_match "$MODE: cut after the body timeout, before the flood ends (10-14.9 s)" '^1[0-4]\.' "$(field cut_median_s)"
    t_match "$MODE: probes ran" '^(2[0-9]|1[0-9])$' "$(field probes)"
    t_eq "$MODE: every probe answered 200" "$(field probes)" "$(field probe_ok)"
    t_eq "$MODE: every probe within a second" 1 "$(awk -v m="$(field probe_max_ms)" 'BEGIN {print (m != "" && m < 1000) ? 1 : 0}')"
    t_eq "$MODE: still answering after the flood" 200 "$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "http://127.0.0.1:$PORT/")"
    httpd_stop "$TWITOFF_HOME"
done
t_done

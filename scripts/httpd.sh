# httpd.sh - start and stop TwitOff's own Apache httpd (sourced by scripts/run.sh and the tests).
# httpd_start ROOT BIN HOME PORT MODE: MODE is cgi or fcgi; state goes to HOME/httpd.
# httpd_stop HOME: stop it (by the pid file) and wait until it is gone.
APACHE=${APACHE:-/usr/sbin/apache2}

# httpd_user: who runs the CGIs when the server starts as root (Apache refuses root): www-data.
# The instance directory then gets the layout of docs/deploy.md (scripts/layout.sh) with root as
# the batch user and www-data's group as the web group: the pages read it and write only queue/.
_httpd_user() {
    if [ "$(id -u)" -eq 0 ]; then echo www-data; else id -un; fi
}

# _httpd_stage ROOT BIN HOME USER: when USER cannot reach the programs or htdocs (a checkout
# under a private directory such as /root), copy them under HOME/httpd/www and print "ROOT BIN"
# to use instead; otherwise print the originals.
_httpd_stage() {
    if [ "$(id -u)" -ne 0 ] || runuser -u "$4" -- test -x "$2/cgi-bin/form" -a -r "$1/htdocs/style.css" 2>/dev/null; then
        echo "$1 $2"
        return
    fi
    local www=$3/httpd/www
    rm -rf "$www"
    mkdir -p "$www/bin" "$www/htdocs"
    cp -R "$2/cgi-bin" "$www/bin/"
    [ -x "$2/twitoff" ] && cp "$2/twitoff" "$www/bin/"
    cp -R "$1/htdocs/." "$www/htdocs/"
    echo "$www $www/bin"
}

httpd_config() {  # ROOT BIN HOME PORT MODE
    local handler=cgi-script user root bin checkout=$1
    [ "$5" = fcgi ] && handler=fcgid-script
    user=$(_httpd_user)
    mkdir -p "$3/httpd"
    read -r root bin < <(_httpd_stage "$1" "$2" "$3" "$user")
    set -- "$root" "$bin" "$3" "$4" "$5"
    sed -e "s|@ROOT@|$1|g" -e "s|@BIN@|$2|g" -e "s|@HOME@|$3|g" -e "s|@RUN@|$3/httpd|g" \
        -e "s|@PORT@|$4|g" -e "s|@USER@|$user|g" -e "s|@GROUP@|$(id -gn "$user")|g" \
        -e "s|@HANDLER@|$handler|g" "$1/htdocs/apache.conf.in" > "$3/httpd/httpd.conf"
    if [ "$(id -u)" -eq 0 ]; then
        "$checkout/scripts/layout.sh" "$3" "root:$(id -gn "$user")"
        chown -R "$user:$(id -gn "$user")" "$3/httpd"   # the server's own state, not the instance's
    fi
}

httpd_start() {  # ROOT BIN HOME PORT MODE
    httpd_config "$@" || return 1
    rm -f "$3/httpd/httpd.pid"
    "$APACHE" -f "$3/httpd/httpd.conf" -k start || return 1
    local i
    for i in $(seq 1 100); do
        if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$4/style.css"; then return 0; fi
        sleep 0.1
    done
    echo "httpd did not answer on port $4; see $3/httpd/error.log" >&2
    tail -5 "$3/httpd/error.log" >&2
    return 1
}

# httpd_warm URL [PARALLEL] [ROUNDS] [BIN]: start the FastCGI page processes before the first visitor.
# mod_fcgid starts a process only when a request finds none free (and makes that request wait a
# second), so rounds of 4 x PARALLEL (32) concurrent requests to every page make each page's class
# grow towards its FcgidMaxProcessesPerClass; FcgidMinProcessesPerClass (8) of them stay. After
# ROUNDS (3) rounds it goes on (at most 6 more) while a page has fewer than 8 processes: on a busy
# machine the requests finish before the class has grown. Under plain CGI (no page process stays)
# it stops after the first rounds. BIN (the directory holding cgi-bin/) tells this server's page
# processes from another's; without it every page process counts. Bounded: every request gives up
# after 10 s.
httpd_warm() {  # URL [PARALLEL] [ROUNDS] [BIN]
    local url=$1 par=${2:-32} rounds=${3:-3} r
    WARM_BIN=${4:-}
    for r in $(seq 1 "$rounds"); do warm_round "$url" "$par"; done
    for r in $(seq 1 6); do
        [ "$(warm_fewest)" -lt 8 ] || break
        [ "$(warm_count form)" -gt 0 ] || break
        warm_round "$url" "$par"
    done
}

# The pages httpd_warm asks for, and the program serving each.
WARM_PAGES="/:form /predict:predict /rank:rank /users:users /users.json:users /iris:iris /admin:admin"

# warm_round URL PARALLEL: 4 x PARALLEL concurrent requests to every page.
warm_round() {
    local url=$1 par=$2 cfg entry page
    cfg=$(mktemp)
    for entry in $WARM_PAGES; do
        page=${entry%%:*}
        : > "$cfg"
        for _ in $(seq 1 $((4 * par))); do printf 'url = "%s%s"\noutput = /dev/null\n' "$url" "$page" >> "$cfg"; done
        if [ "$page" = /predict ] || [ "$page" = /rank ]; then
            curl -s --no-progress-meter --max-time 10 --parallel --parallel-immediate --parallel-max "$par" \
                --data 'screen_name_a=a&screen_name_b=b&tweet_text=warm-up' -K "$cfg" || true
        else
            curl -s --no-progress-meter --max-time 10 --parallel --parallel-immediate --parallel-max "$par" -K "$cfg" || true
        fi
    done
    rm -f "$cfg"
}

# warm_count PROGRAM: how many page processes run PROGRAM (a cgi-bin/PROGRAM command line).
warm_count() {
    if [ -n "${WARM_BIN:-}" ]; then ps -eo args= | grep -cxF "$WARM_BIN/cgi-bin/$1" || true
    else ps -eo args= | grep -c "/cgi-bin/$1\$" || true; fi
}

# warm_fewest: the smallest warm_count over the programs of WARM_PAGES.
warm_fewest() {
    local entry n min=
    for entry in $WARM_PAGES; do
        n=$(warm_count "${entry#*:}")
        if [ -z "$min" ] || [ "$n" -lt "$min" ]; then min=$n; fi
    done
    echo "${min:-0}"
}

httpd_stop() {  # HOME
    local pidf=$1/httpd/httpd.pid pid i
    [ -f "$pidf" ] || return 0
    pid=$(cat "$pidf")
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    rm -f "$pidf"
    return 0
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

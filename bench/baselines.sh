# baselines.sh - sourced by the web benchmarks (bench/web.sh, bench/shared-web.sh): the trivial
# static C CGI, a static CGI that reads a POST body and writes a page the size of an answer, and
# the trivial FastCGI program (bench/trivial*.c) built into WORK/cgi and WORK/fcgi, and the
# project's Apache for an instance with them served beside it, at /trivial, /trivial-post and
# /trivial-fcgi. Uses ROOT, BIN and WORK, sets PORT and URL; scripts/httpd.sh must be sourced.

# baselines_init: compile the baseline programs; PORT (a free one) and URL for the server.
baselines_init() {
    PORT=$(free_port)
    URL=http://127.0.0.1:$PORT
    mkdir -p "$WORK/cgi" "$WORK/fcgi"
    cc -O2 -static -o "$WORK/cgi/trivial" "$ROOT/bench/trivial.c"
    cc -O2 -static -o "$WORK/cgi/trivial-post" "$ROOT/bench/trivial_post.c"
    cc -O2 -o "$WORK/fcgi/trivial" "$ROOT/bench/trivial_fcgi.c" -Wl,-Bstatic -lfcgi -Wl,-Bdynamic
}

# baselines_serve HOME MODE: start the project's server for HOME (cgi or fcgi) with the baselines.
baselines_serve() {
    httpd_config "$ROOT" "$BIN" "$1" "$PORT" "$2"
    local conf=$1/httpd/httpd.conf
    sed -i '/^AliasMatch "\^\/\$"/i AliasMatch "^/trivial$" "'"$WORK"'/cgi/trivial"\nAliasMatch "^/trivial-post$" "'"$WORK"'/cgi/trivial-post"\nAliasMatch "^/trivial-fcgi$" "'"$WORK"'/fcgi/trivial"' "$conf"
    cat >> "$conf" <<CONF
<Directory "$WORK/cgi">
    Options +ExecCGI
    SetHandler cgi-script
    Require all granted
</Directory>
<Directory "$WORK/fcgi">
    Options +ExecCGI
    SetHandler fcgid-script
    Require all granted
</Directory>
CONF
    [ "$(id -u)" -eq 0 ] && chown -R www-data:www-data "$WORK/cgi" "$WORK/fcgi"
    "$APACHE" -f "$conf" -k start
    for _ in $(seq 1 100); do curl -fs -o /dev/null "$URL/trivial" && return 0; sleep 0.1; done
    echo "bench: httpd did not start" >&2
    exit 1
}

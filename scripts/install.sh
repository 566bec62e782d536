#!/bin/sh
# install.sh - `make install` / `make uninstall`: the programs, pages, cron file and an instance
# directory with the ownership and modes a shared host needs.
# Usage: scripts/install.sh install|uninstall   (settings from the environment, set by make)
#   PREFIX       where programs go (bin/, htdocs/, share/twitoff/, share/man/)
#   HOME_DIR     the instance directory (TWITOFF_HOME), default $PREFIX/var
#   HTDOCS_DIR   the web directory: static files, cgi-bin/ with the pages, and .htaccess filled in
#                from htdocs/htaccess; default $PREFIX/htdocs
#   URL_PATH     the URL prefix the web directory is served at (default /twitoff; / for the root)
#   BIN          the build's bin directory (bin/twitoff, bin/cgi-bin/*)
#   BATCH_USER   owner of everything (runs the batch from cron), default: the installing user
#   WEB_GROUP    the web server's group: reads models and lists, writes only the database
#                (the job queue); default www-data when that group exists, else the user's group
#   DESTDIR      staging root for packaging (ownership is then left alone)
#   PURGE=1      uninstall also deletes the instance directory (database, models, logs, settings)
set -eu
action=${1:?usage: install.sh install|uninstall}
: "${PREFIX:?PREFIX is required}"
HOME_DIR=${HOME_DIR:-$PREFIX/var}
BIN=${BIN:-bin}
DESTDIR=${DESTDIR:-}
BATCH_USER=${BATCH_USER:-$(id -un)}
if [ -z "${WEB_GROUP:-}" ]; then
    if getent group www-data >/dev/null 2>&1; then WEB_GROUP=www-data; else WEB_GROUP=$(id -gn "$BATCH_USER"); fi
fi
HTDOCS_DIR=${HTDOCS_DIR:-$PREFIX/htdocs}
URL_PATH=${URL_PATH:-/twitoff}
base=${URL_PATH%/}
P=$DESTDIR$PREFIX
H=$DESTDIR$HOME_DIR
W=$DESTDIR$HTDOCS_DIR
say() { echo "install: $*"; }

# own PATH...: give files to BATCH_USER:WEB_GROUP (root: chown; others: chgrp when allowed).
own() {
    [ -n "$DESTDIR" ] && return 0
    if [ "$(id -u)" -eq 0 ]; then chown "$BATCH_USER:$WEB_GROUP" "$@"
    else chgrp "$WEB_GROUP" "$@" 2>/dev/null || say "warning: cannot give $* to group $WEB_GROUP (run as root or pick WEB_GROUP)"
    fi
}

subst() {
    sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@BINDIR@|$PREFIX/bin|g" -e "s|@TWITOFF_HOME@|$HOME_DIR|g" \
        -e "s|@HTDOCS@|$HTDOCS_DIR|g" "$1"
}

install_programs() {
    install -d -m 0755 "$P/bin" "$P/share/twitoff"
    install -m 0755 "$BIN/twitoff" "$P/bin/twitoff"
    subst cron/twitoff-cron.sh > "$P/bin/twitoff-cron.tmp"
    chmod 0755 "$P/bin/twitoff-cron.tmp" && mv -f "$P/bin/twitoff-cron.tmp" "$P/bin/twitoff-cron"
    subst cron/twitoff.crontab > "$P/share/twitoff/twitoff.crontab"
    chmod 0644 "$P/share/twitoff/twitoff.crontab"
    [ -f htdocs/apache.conf.in ] && install -m 0644 htdocs/apache.conf.in "$P/share/twitoff/apache.conf.in"
    echo "$PREFIX $HOME_DIR $HTDOCS_DIR" > "$P/share/twitoff/installed"
}

# The manual pages: docs/man/NAME.N into share/man/manN/.
install_man() {
    for m in docs/man/*.[1-9]; do
        [ -f "$m" ] || continue
        install -d -m 0755 "$P/share/man/man${m##*.}"
        install -m 0644 "$m" "$P/share/man/man${m##*.}/$(basename "$m")"
    done
}

# The .htaccess of the web directory: htdocs/htaccess with this instance's paths.
htaccess() {
    sed -e "s|^SetEnv TWITOFF_HOME .*|SetEnv TWITOFF_HOME $HOME_DIR|" \
        -e "s|^SetEnv TWITOFF_BASE_PATH .*|SetEnv TWITOFF_BASE_PATH $base|" \
        -e "s|^RewriteBase .*|RewriteBase $base/|" htdocs/htaccess
}

# The web directory: static files, the pages in cgi-bin/, .htaccess (an edited one is kept
# as .htaccess.orig when it differs from the new one).
install_htdocs() {
    install -d -m 0755 "$W" "$W/cgi-bin"
    for c in "$BIN"/cgi-bin/*; do
        [ -f "$c" ] && install -m 0755 "$c" "$W/cgi-bin/$(basename "$c")"
    done
    for f in htdocs/*; do
        case $f in *.in|*/htaccess) continue ;; esac
        [ -f "$f" ] && install -m 0644 "$f" "$W/$(basename "$f")"
    done
    [ -f htdocs/htaccess ] || return 0
    htaccess > "$W/.htaccess.new"
    if [ -f "$W/.htaccess" ] && ! cmp -s "$W/.htaccess" "$W/.htaccess.new"; then
        cp -p "$W/.htaccess" "$W/.htaccess.orig"
        say "kept your previous .htaccess as $HTDOCS_DIR/.htaccess.orig"
    fi
    chmod 0644 "$W/.htaccess.new" && mv -f "$W/.htaccess.new" "$W/.htaccess"
}

# The instance directory: group-writable only where SQLite must write (the database and the
# directory holding it, for its -wal/-shm files); setgid so new files keep the web group.
install_instance() {
    install -d "$H"
    for d in models lists log; do install -d "$H/$d"; done
    if [ ! -f "$H/twitoff.conf" ]; then
        printf '# twitoff.conf - settings of this instance (name = value). Readable by its owner only.\n' > "$H/twitoff.conf"
    fi
    TWITOFF_HOME=$H "$BIN/twitoff" -q status > /dev/null   # creates and migrates the database
    own "$H" "$H/models" "$H/lists" "$H/log" "$H/twitoff.conf"
    [ -f "$H/twitoff.db" ] && own "$H/twitoff.db" && chmod 0660 "$H/twitoff.db"
    find "$H/models" "$H/lists" -type f -exec chmod 0644 {} + 2>/dev/null || true
    [ -n "$DESTDIR" ] || find "$H/models" "$H/lists" -type f -exec chown "$BATCH_USER:$WEB_GROUP" {} + 2>/dev/null || true
    chmod 2770 "$H"
    chmod 2750 "$H/models" "$H/lists"
    chmod 0700 "$H/log"
    chmod 0600 "$H/twitoff.conf"
}

case $action in
    install)
        install_programs
        install_man
        install_htdocs
        install_instance
        say "programs in $PREFIX/bin, pages in $HTDOCS_DIR (at $URL_PATH), instance in $HOME_DIR ($BATCH_USER:$WEB_GROUP)"
        say "cron: crontab -u $BATCH_USER $PREFIX/share/twitoff/twitoff.crontab (or merge it: docs/operations.md)"
        ;;
    uninstall)
        rm -f "$P/bin/twitoff" "$P/bin/twitoff-cron" "$P/share/twitoff/twitoff.crontab" \
              "$P/share/twitoff/apache.conf.in" "$P/share/twitoff/installed" "$W/.htaccess" "$W/.htaccess.orig"
        for c in "$BIN"/cgi-bin/*; do [ -f "$c" ] && rm -f "$W/cgi-bin/$(basename "$c")"; done
        for f in htdocs/*; do [ -f "$f" ] && rm -f "$W/$(basename "$f")"; done
        for m in docs/man/*.[1-9]; do [ -f "$m" ] && rm -f "$P/share/man/man${m##*.}/$(basename "$m")"; done
        for d in "$P/share/twitoff" "$P"/share/man/man[1-9] "$P/share/man" "$P/share" "$W/cgi-bin" "$W" "$P/bin"; do
            [ -d "$d" ] && rmdir "$d" 2>/dev/null || true
        done
        if [ "${PURGE:-0}" = 1 ]; then rm -rf "$H"; say "removed the instance directory $HOME_DIR"
        else say "kept the instance directory $HOME_DIR (PURGE=1 removes it)"; fi
        ;;
    *) echo "usage: install.sh install|uninstall" >&2; exit 2 ;;
esac

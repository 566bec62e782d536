#!/bin/sh
# install.sh - `make install` / `make uninstall`: the programs, pages, cron file and an instance
# directory with the ownership and modes a shared host needs.
# Usage: scripts/install.sh install|uninstall   (settings from the environment, set by make)
#   PREFIX       where programs go (bin/, cgi-bin/, htdocs/, share/twitoff/)
#   HOME_DIR     the instance directory (TWITOFF_HOME), default $PREFIX/var
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
P=$DESTDIR$PREFIX
H=$DESTDIR$HOME_DIR
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
        -e "s|@CGIDIR@|$PREFIX/cgi-bin|g" -e "s|@HTDOCS@|$PREFIX/htdocs|g" "$1"
}

install_programs() {
    install -d -m 0755 "$P/bin" "$P/cgi-bin" "$P/htdocs" "$P/share/twitoff"
    install -m 0755 "$BIN/twitoff" "$P/bin/twitoff"
    subst cron/twitoff-cron.sh > "$P/bin/twitoff-cron.tmp"
    chmod 0755 "$P/bin/twitoff-cron.tmp" && mv -f "$P/bin/twitoff-cron.tmp" "$P/bin/twitoff-cron"
    for c in "$BIN"/cgi-bin/*; do
        [ -f "$c" ] && install -m 0755 "$c" "$P/cgi-bin/$(basename "$c")"
    done
    subst cron/twitoff.crontab > "$P/share/twitoff/twitoff.crontab"
    chmod 0644 "$P/share/twitoff/twitoff.crontab"
    echo "$PREFIX $HOME_DIR" > "$P/share/twitoff/installed"
}

# Static files and the .htaccess variants (templates *.in get the paths filled in).
install_htdocs() {
    [ -d htdocs ] || return 0
    (cd htdocs && find . -type d) | while read -r d; do install -d -m 0755 "$P/htdocs/$d"; done
    (cd htdocs && find . -type f) | while read -r f; do
        case $f in
            *.in) subst "htdocs/$f" > "$P/htdocs/${f%.in}"; chmod 0644 "$P/htdocs/${f%.in}" ;;
            *) install -m 0644 "htdocs/$f" "$P/htdocs/$f" ;;
        esac
    done
}

# The instance directory: group-writable only where SQLite must write (the database and the
# directory holding it, for its -wal/-shm files); setgid so new files keep the web group.
install_instance() {
    install -d "$H"
    for d in models lists log; do install -d "$H/$d"; done
    if [ ! -f "$H/twitoff.conf" ]; then
        printf '# twitoff.conf - settings of this instance (name = value). Readable by its owner only.\n' > "$H/twitoff.conf"
    fi
    [ -n "$DESTDIR" ] || TWITOFF_HOME=$HOME_DIR "$P/bin/twitoff" -q status > /dev/null
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
        install_htdocs
        install_instance
        say "programs in $PREFIX/{bin,cgi-bin,htdocs}, instance in $HOME_DIR ($BATCH_USER:$WEB_GROUP)"
        say "cron: crontab -u $BATCH_USER $PREFIX/share/twitoff/twitoff.crontab (or merge it: README, Operations)"
        ;;
    uninstall)
        rm -f "$P/bin/twitoff" "$P/bin/twitoff-cron" "$P/share/twitoff/twitoff.crontab" "$P/share/twitoff/installed"
        for c in "$BIN"/cgi-bin/*; do [ -f "$c" ] && rm -f "$P/cgi-bin/$(basename "$c")"; done
        if [ -d htdocs ]; then
            (cd htdocs && find . -type f) | while read -r f; do rm -f "$P/htdocs/${f%.in}"; done
        fi
        for d in "$P/share/twitoff" "$P/share" "$P/cgi-bin" "$P/htdocs" "$P/bin"; do
            [ -d "$d" ] && find "$d" -depth -type d -empty -delete 2>/dev/null
        done
        if [ "${PURGE:-0}" = 1 ]; then rm -rf "$H"; say "removed the instance directory $HOME_DIR"
        else say "kept the instance directory $HOME_DIR (PURGE=1 removes it)"; fi
        ;;
    *) echo "usage: install.sh install|uninstall" >&2; exit 2 ;;
esac

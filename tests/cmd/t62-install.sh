#!/usr/bin/env bash
# t62-install.sh - `make install` into a temporary prefix: layout, filled-in paths, manual pages,
# ownership and modes (the web group reads models and lists and writes only the database;
# twitoff.conf is its owner's), the installed batch working as its user, then `make uninstall`.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/ops-lib.sh"
P=$T/prefix
V=$P/var
chmod 0755 "$T"
if [ "$(id -u)" -eq 0 ]; then owner=daemon group=www-data; else owner=$(id -un) group=$(id -gn); fi
out=$(make -s -C "$ROOT" install PREFIX="$P" TWITOFF_HOME="$V" BATCH_USER=$owner WEB_GROUP=$group 2>&1)
t_eq "make install exits 0" 0 "$?"
[ -n "${VERBOSE:-}" ] && echo "$out"

for f in bin/twitoff bin/twitoff-cron share/twitoff/twitoff.crontab; do
    t_ok "installed $f" test -s "$P/$f"
done
for c in "$BIN"/cgi-bin/*; do
    [ -f "$c" ] && t_eq "installed page $(basename "$c") 0755" 755 "$(stat -c %a "$P/htdocs/cgi-bin/$(basename "$c")")"
done
for m in "$ROOT"/docs/man/*.[1-9]; do
    im=$P/share/man/man${m##*.}/$(basename "$m")
    t_eq "installed manual page $(basename "$m") 0644" 644 "$(stat -c %a "$im" 2>&1)"
    t_ok "installed manual page $(basename "$m") is the one of docs/man" cmp -s "$m" "$im"
done
if command -v man > /dev/null; then
    t_eq "man finds twitoff(1) in the prefix" "$P/share/man/man1/twitoff.1" "$(MANPATH=$P/share/man man -w 1 twitoff 2>&1)"
    t_eq "man finds twitoff.conf(5) in the prefix" "$P/share/man/man5/twitoff.conf.5" "$(MANPATH=$P/share/man man -w 5 twitoff.conf 2>&1)"
fi
for f in "$ROOT"/htdocs/*; do
    case $f in *.in|*/htaccess) continue ;; esac
    [ -f "$f" ] && t_eq "installed static file $(basename "$f") 0644" 644 "$(stat -c %a "$P/htdocs/$(basename "$f")")"
done
if [ -f "$ROOT/htdocs/htaccess" ]; then
    ht=$(cat "$P/htdocs/.htaccess")
    t_match ".htaccess: instance directory" "^SetEnv TWITOFF_HOME $V$" "$ht"
    t_match ".htaccess: URL prefix" "^RewriteBase /twitoff/$" "$ht"
    t_nomatch ".htaccess: no batch program for the pages (they never train)" "TWITOFF_BIN" "$ht"
    t_nomatch ".htaccess: no example path left" "/home/USER" "$ht"
fi
t_eq "no placeholder left" "" "$(grep -rl '@[A-Z_]*@' "$P/bin/twitoff-cron" "$P/share/twitoff/twitoff.crontab" 2>/dev/null)"
t_match "crontab points at this instance" "^TWITOFF_HOME=$V$" "$(cat "$P/share/twitoff/twitoff.crontab")"
t_match "crontab calls the installed wrapper" "^\*/5 \* \* \* \* +$P/bin/twitoff-cron work$" "$(cat "$P/share/twitoff/twitoff.crontab")"

mode() { stat -c '%a %U:%G' "$1"; }
t_eq "instance dir: setgid, group-writable (SQLite's -wal/-shm)" "2770 $owner:$group" "$(mode "$V")"
t_eq "database group-writable (job queue)" "660 $owner:$group" "$(mode "$V/twitoff.db")"
t_eq "twitoff.conf owner-only" "600 $owner:$group" "$(mode "$V/twitoff.conf")"
t_eq "models readable by the group" "2750 $owner:$group" "$(mode "$V/models")"
t_eq "lists readable by the group" "2750 $owner:$group" "$(mode "$V/lists")"
t_eq "log private" "700 $owner:$group" "$(mode "$V/log")"
t_eq "schema migrated at install" "$(sqlite3 "$V/twitoff.db" 'PRAGMA user_version')" \
     "$(ls "$ROOT"/schema/[0-9][0-9][0-9]-*.sql | wc -l)"

if [ "$(id -u)" -eq 0 ]; then
    # The batch, as its user, through the installed wrapper, like cron does.
    corpus "$T/c.csv" 0 60 hadleywickham fchollet KimKardashian
    chmod 0644 "$T/c.csv"
    t_ok "installed twitoff imports as the batch user" runuser -u daemon -- env TWITOFF_HOME="$V" "$P/bin/twitoff" -q import "$T/c.csv"
    t_ok "installed wrapper runs nightly as the batch user" runuser -u daemon -- env TWITOFF_HOME="$V" "$P/bin/twitoff-cron" nightly
    t_match "wrapper logged into the instance" "end: exit 0" "$(cat "$V/log/nightly.log")"
    t_eq "3 pair models and the shared model, owned by the batch user, web group" "4" "$(find "$V/models" -name '*.model' -user daemon -group www-data | wc -l)"
    asweb() { runuser -u www-data -- "$@"; }
    m=$(ls "$V"/models/*.model | head -1)
    readable() { asweb sh -c 'cat "$1" > /dev/null' _ "$1"; }
    t_ok "web user reads a model" readable "$m"
    t_ok "web user reads the lists" readable "$V/lists/users.html"
    t_fails "web user cannot read twitoff.conf" readable "$V/twitoff.conf"
    t_fails "web user cannot write models" asweb touch "$V/models/x"
    t_fails "web user cannot replace lists" asweb touch "$V/lists/users.html"
    t_fails "web user cannot read the logs" asweb ls "$V/log"
    t_ok "web user queues a job" asweb sqlite3 "$V/twitoff.db" "PRAGMA busy_timeout=5000; INSERT INTO jobs (kind, arg) VALUES ('retrain', NULL)"
    t_ok "web user reads the store" asweb sqlite3 "$V/twitoff.db" "SELECT count(*) FROM posts"
    t_eq "batch still owns the database" "660 daemon:www-data" "$(mode "$V/twitoff.db")"
fi

# A staged install (DESTDIR, for copying to the host) has the same tree and modes.
t_ok "make install DESTDIR=" make -s -C "$ROOT" install DESTDIR="$T/stage" PREFIX=/home/you/twitoff TWITOFF_HOME=/home/you/twitoff/var
S=$T/stage/home/you/twitoff
t_eq "staged: database created, group-writable; conf owner-only; instance setgid" "660 600 2770" \
    "$(stat -c %a "$S/var/twitoff.db") $(stat -c %a "$S/var/twitoff.conf") $(stat -c %a "$S/var")"
t_match "staged: crontab has the host's paths" "^TWITOFF_HOME=/home/you/twitoff/var$" "$(cat "$S/share/twitoff/twitoff.crontab")"
t_ok "staged: manual pages" test -s "$S/share/man/man1/twitoff.1" -a -s "$S/share/man/man5/twitoff.conf.5"

# Re-install keeps the data and settings; uninstall removes programs, keeps the instance.
echo "x_bearer_token = secret" >> "$V/twitoff.conf"
t_ok "re-install over an instance" make -s -C "$ROOT" install PREFIX="$P" TWITOFF_HOME="$V" BATCH_USER=$owner WEB_GROUP=$group
t_match "settings kept" "x_bearer_token = secret" "$(cat "$V/twitoff.conf")"
t_eq "conf still owner-only" "600" "$(stat -c %a "$V/twitoff.conf")"
t_ok "make uninstall" make -s -C "$ROOT" uninstall PREFIX="$P" TWITOFF_HOME="$V"
t_eq "programs gone" "" "$(find "$P" -path "$V" -prune -o -type f -print)"
t_fails "manual pages gone" test -e "$P/share/man/man1/twitoff.1" -o -e "$P/share/man/man5/twitoff.conf.5"
t_ok "instance kept" test -s "$V/twitoff.db"
t_ok "make uninstall PURGE=1" make -s -C "$ROOT" uninstall PREFIX="$P" TWITOFF_HOME="$V" PURGE=1
t_fails "instance removed with PURGE=1" test -e "$V"
t_done

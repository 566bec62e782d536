#!/usr/bin/env bash
# t62-make-run.sh - the instance `make run` serves when started as root (scripts/run.sh: root is the
# batch user, Apache runs the pages as www-data): the layout of docs/deploy.md; as www-data, the
# lock, the settings, the database, models and lists can be neither replaced nor linked; a key
# made by `twitoff admin-key` while the server runs opens /admin (its hash in admin.key, readable
# by the pages); an instance left owned by www-data (an older `make run`) is refused by the batch.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
. "$ROOT/scripts/httpd.sh"
if [ "$(id -u)" -ne 0 ]; then
    # Not root: Apache runs the pages as this user; only the refusal of a foreign-owned
    # directory can be shown (by a directory others may write).
    web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
    chmod o+w "$TWITOFF_HOME"
    t_match "a directory others can write: refused" 'refusing to write: .* is writable by everyone' "$("$TWITOFF" lists 2>&1)"
    t_done
    exit
fi
web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
chmod 755 "$T"
PORT=$(free_port)
trap 'scripts/run.sh stop >/dev/null 2>&1; rm -rf "$T"' EXIT
cd "$ROOT"
t_ok "make run's script starts (detached)" env PORT="$PORT" DETACH=1 BIN="$BIN" TWITOFF_HOME="$TWITOFF_HOME" scripts/run.sh start
H=$TWITOFF_HOME
mode() { stat -c '%a %U:%G' "$1"; }
t_eq "instance: root's, read by www-data, not group-writable" "2750 root:www-data" "$(mode "$H")"
t_eq "database read-only for www-data" "640 root:www-data" "$(mode "$H/twitoff.db")"
t_eq "queue/ the one place www-data writes" "3770 root:www-data" "$(mode "$H/queue")"
t_eq "queue store writable by www-data" "660 root:www-data" "$(mode "$H/queue/jobs.db")"
t_eq "models and lists read-only for www-data" "2750 2750" "$(stat -c %a "$H/models") $(stat -c %a "$H/lists")"
asweb() { runuser -u www-data -- "$@"; }
printf 'precious\n' > "$T/victim"
before=$(stat -c '%s %Y' "$T/victim")
# The attack of the review: replace batch.lock by a link to a root-owned file.
t_fails "www-data cannot remove batch.lock" asweb rm -f "$H/batch.lock"
t_fails "www-data cannot plant batch.lock" asweb ln -sf "$T/victim" "$H/batch.lock"
for f in twitoff.db twitoff.db-wal twitoff.db-shm models lists queue; do
    t_fails "www-data cannot rename $f" asweb mv "$H/$f" "$H/$f.x"
done
t_ok "twitoff lists as root after the attempts" "$TWITOFF" -q lists
t_eq "the victim is intact" "precious $before" "$(cat "$T/victim") $(stat -c '%s %Y' "$T/victim")"
# A key made while the server runs: the pages read admin.key (root's, group www-data, 0640).
KEY=$("$TWITOFF" -q admin-key)
t_eq "admin.key readable by www-data" "640 root:www-data" "$(mode "$H/admin.key")"
code=$(curl -s --max-time 30 -o "$T/body" -w '%{http_code}' --data "key=$KEY&action=view" "http://127.0.0.1:$PORT/admin")
t_eq "the new key opens /admin" 200 "$code"
t_nomatch "no 'wrong key' in the log" 'wrong key' "$(cat "$H/httpd/error.log")"
scripts/run.sh stop >/dev/null
# An older `make run` gave the directory to www-data: the batch refuses to write there.
chown www-data "$H"
out=$("$TWITOFF" lists 2>&1); rc=$?
t_eq "instance owned by www-data: exit 1" 1 "$rc"
t_match "instance owned by www-data: says why and what to do" "refusing to write: $H is owned by uid [0-9]+, not by the batch user" "$out"
out=$(env PORT="$PORT" DETACH=1 BIN="$BIN" TWITOFF_HOME="$TWITOFF_HOME" scripts/run.sh start 2>&1); rc=$?
t_eq "make run takes such a directory back and starts" 0 "$rc"
t_eq "taken back: root's again" "2750 root:www-data" "$(mode "$H")"
t_eq "and serves" 200 "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/users")"
scripts/run.sh stop >/dev/null
t_done

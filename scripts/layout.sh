#!/bin/sh
# layout.sh - give an instance directory the ownership and modes of docs/deploy.md ("Ownership
# and modes"): everything the batch user's; the web group reads the database, models, lists,
# web.conf and admin.key, and writes only queue/ (setgid + sticky: it may add files there, never
# remove or replace the batch's). Used by `make install` (scripts/install.sh) and `make run`.
# Usage: scripts/layout.sh DIR [USER:GROUP]
#   USER:GROUP given: as root, chown to it; as another user, chgrp to GROUP (a warning when not
#   allowed). Without it, only the modes are set (a staged DESTDIR install).
set -eu
H=${1:?usage: layout.sh DIR [USER:GROUP]}
OWNER=${2:-}

own() {
    [ -n "$OWNER" ] || return 0
    if [ "$(id -u)" -eq 0 ]; then chown "$OWNER" "$@"
    else chgrp "${OWNER#*:}" "$@" 2>/dev/null || echo "layout: warning: cannot give $* to group ${OWNER#*:}" >&2
    fi
}

# set MODE PATH...: own, then chmod (chown may clear mode bits); missing paths are skipped.
set_mode() {
    m=$1
    shift
    for f in "$@"; do
        if [ -e "$f" ]; then own "$f"; chmod "$m" "$f"; fi
    done
}

set_mode 2750 "$H" "$H/models" "$H/lists"
set_mode 0700 "$H/log"
set_mode 3770 "$H/queue"
set_mode 0600 "$H/twitoff.conf" "$H/batch.lock"
set_mode 0640 "$H/web.conf" "$H/admin.key" "$H/twitoff.db" "$H/twitoff.db-wal" "$H/twitoff.db-shm"
set_mode 0660 "$H/queue/jobs.db" "$H/queue/jobs.db-wal" "$H/queue/jobs.db-shm"
for d in models lists; do
    [ -d "$H/$d" ] || continue
    find "$H/$d" -type f -exec chmod 0644 {} +
    if [ -n "$OWNER" ] && [ "$(id -u)" -eq 0 ]; then find "$H/$d" -type f -exec chown "$OWNER" {} +; fi
done
if [ -n "$OWNER" ] && [ "$(id -u)" -eq 0 ] && [ -d "$H/log" ]; then chown -R "${OWNER%%:*}" "$H/log"; fi
exit 0

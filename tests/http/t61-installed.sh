#!/usr/bin/env bash
# t61-installed.sh - an installed tree (`make install` into a temporary prefix, with the instance
# owned by a batch user and the web group) served by a real Apache through its .htaccess and
# browsed: the batch runs as its user through the cron wrapper, the pages run as the web user,
# read the models and lists, and can write nothing but the queue store; the admin key opens a
# session; with the database gone /admin answers 503 and creates nothing, and nightly then
# prunes nothing.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
. "$ROOT/scripts/httpd.sh"
. "$ROOT/tests/cmd/ops-lib.sh"
chmod 755 "$T"
P=$T/prefix V=$T/prefix/var SITE=$T/site
if [ "$(id -u)" -eq 0 ]; then owner=daemon group=www-data; else owner=$(id -un) group=$(id -gn); fi
asbatch() { if [ "$(id -u)" -eq 0 ]; then runuser -u daemon -- env TWITOFF_HOME="$V" "$@"; else TWITOFF_HOME="$V" "$@"; fi; }
t_ok "make install" make -s -C "$ROOT" install PREFIX="$P" TWITOFF_HOME="$V" HTDOCS_DIR="$SITE/twitoff" \
    URL_PATH=/twitoff BATCH_USER=$owner WEB_GROUP=$group
corpus "$T/c.csv" 0 120 fchollet KimKardashian wesmckinn
chmod 644 "$T/c.csv"
t_ok "import as the batch user" asbatch "$P/bin/twitoff" -q import "$T/c.csv"
t_ok "nightly through the cron wrapper" asbatch "$P/bin/twitoff-cron" nightly
key=$(asbatch "$P/bin/twitoff" -q admin-key)
t_eq "admin key's hash in admin.key, readable by the web group" "640 $(printf '%s' "$key" | sha256sum | cut -c1-64)" \
    "$(stat -c %a "$V/admin.key") $(cat "$V/admin.key")"

# Apache: the project's template, with the site a plain directory configured by its .htaccess.
PORT=$(free_port)
SRV=$T/srv
mkdir -p "$SRV"
httpd_config "$ROOT" "$BIN" "$SRV" "$PORT" cgi
conf=$SRV/httpd/httpd.conf
sed -i -e '/^AliasMatch/d' -e '/^<Directory "[^"]*cgi-bin">/,/^<\/Directory>/d' \
    -e "s|^DocumentRoot .*|DocumentRoot \"$SITE\"|" "$conf"
cat >> "$conf" <<CONF
LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
<Directory "$SITE">
    AllowOverride All
    Require all granted
</Directory>
CONF
trap 'httpd_stop "$SRV"; rm -rf "$T"' EXIT
if ! "$APACHE" -f "$conf" -k start; then t_fail "apache start" "$(tail -5 "$SRV/httpd/error.log")"; t_done; exit 1; fi
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/twitoff/style.css" && break; sleep 0.1; done
U=http://127.0.0.1:$PORT/twitoff
code() { curl -s --max-time 30 -o "$T/body" -w '%{http_code}' "$@"; }

t_eq "GET / (installed)" 200 "$(code "$U/")"
t_match "form lists the users the batch wrote" '<option value="wesmckinn"' "$(cat "$T/body")"
# The pair's own model answers unless the shared model measured better on the pair: say it did
# not, so that the page reads the pair's model file (then make the -wal and -shm files again,
# which the sqlite3 shell removes as it closes).
asbatch sqlite3 "$V/twitoff.db" "UPDATE shared_pairs SET accuracy_equal = 0, accuracy_posts = 0"
asbatch "$P/bin/twitoff" -q status > /dev/null
t_eq "POST /predict" 200 "$(code -H 'Accept: application/json' --data 'screen_name_a=fchollet&screen_name_b=KimKardashian&tweet_text=Keras+and+TensorFlow+deep+learning' "$U/predict")"
t_match "right answer from the installed model" '"screen_name_most_likely":"fchollet"' "$(cat "$T/body")"
t_match "pair model read by the web user" '"model":"pair"' "$(cat "$T/body")"
t_eq "GET /users" 200 "$(code "$U/users")"
t_match "users page lists them" 'wesmckinn' "$(cat "$T/body")"
t_eq "GET /users/NAME" 200 "$(code "$U/users/fchollet")"
t_match ".htaccess not served" '^(403|404)$' "$(code "$U/.htaccess")"
t_match "pages not served as files" '^(403|404|200)$' "$(code "$U/cgi-bin/")"
t_nomatch "no program bytes served" 'ELF' "$(cat "$T/body")"
# A real browser (headless Chromium) loads the installed pages.
browse() { timeout 60 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chromium" --dump-dom "$1" 2>/dev/null; }
dom=$(browse "$U/")
t_match "browser: the form with the batch's user list" '<option value="KimKardashian"' "$dom"
dom=$(browse "$U/users")
t_match "browser: /users with the heat map" '<figure class="heatmap">' "$dom"
t_match "browser: the heat map's cells" 'held-out accuracy</title>' "$dom"
t_eq "browser: stylesheet served under the prefix" 200 "$(code "$U/style.css")"
jar=$T/jar
t_eq "admin: the key signs in (the web user reads admin.key)" 200 "$(code -c "$jar" --data "key=$key&action=view" "$U/admin")"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1)
t_eq "admin: a job queued with the session (the web user writes the queue store)" 200 \
    "$(code -b "$jar" --data "action=retrain&csrf=$csrf" "$U/admin")"
t_eq "job queued" 1 "$(sqlite3 -readonly "$V/queue/jobs.db" "SELECT count(*) FROM jobs WHERE kind='retrain' AND status='queued'")"
t_eq "wrong key refused" 403 "$(code --data "key=nope&action=retrain" "$U/admin")"
t_eq "key in the URL refused (a made-up one: Apache logs URLs)" 400 "$(code --data "action=view" "$U/admin?key=0123abcd")"
t_ok "the batch user runs the job through the wrapper" asbatch "$P/bin/twitoff-cron" work
t_eq "job done" done "$(sqlite3 -readonly "$V/queue/jobs.db" "SELECT status FROM jobs ORDER BY id DESC LIMIT 1")"
t_eq "instance modes unchanged by serving" "2750 $owner:$group 640 600 2750 3770" \
    "$(stat -c '%a %U:%G' "$V") $(stat -c %a "$V/twitoff.db") $(stat -c %a "$V/twitoff.conf") $(stat -c %a "$V/models") $(stat -c %a "$V/queue")"

# The database gone (moved away, as an attacker or an accident would): /admin answers 503, names
# it in the log and creates nothing; nightly then refuses to prune the models and lists.
models=$(ls "$V/models" | grep -c '\.model$')
mkdir -p "$T/away" && mv "$V"/twitoff.db* "$T/away/"
t_eq "admin without the database: 503" 503 "$(code -b "$jar" --data "action=view&csrf=$csrf" "$U/admin")"
t_match "the log names the missing database" "$V/twitoff.db" "$(cat "$SRV/httpd/error.log")"
t_eq "no database created by the page" "" "$(ls "$V" | grep '^twitoff.db')"
t_eq "GET /users without the database: 503" 503 "$(code "$U/users")"
asbatch "$P/bin/twitoff" -q status > /dev/null 2>&1   # an empty store, as a replaced one would be
out=$(asbatch "$P/bin/twitoff" nightly --no-fetch 2>&1)
t_match "nightly on an empty store with models refuses to prune" 'models and lists left alone' "$out"
t_eq "every model kept" "$models" "$(ls "$V/models" | grep -c '\.model$')"
t_match "the lists kept" 'wesmckinn' "$(cat "$V/lists/users.html")"
t_ok "nightly --prune-all does prune" asbatch "$P/bin/twitoff" -q nightly --no-fetch --prune-all
t_eq "--prune-all: pair models removed" 0 "$(ls "$V/models" | grep -c -- '-.*\.model$')"
t_nomatch "no error from the pages" 'Segmentation|premature end|Permission denied|AH01215' "$(cat "$SRV/httpd/error.log")"
t_nomatch "admin key never logged" "$key" "$(cat "$SRV/httpd/"*.log "$V/log/"*.log 2>/dev/null)"
t_done

#!/usr/bin/env bash
# t61-installed.sh - an installed tree (`make install` into a temporary prefix, with the instance
# owned by a batch user and the web group) served by a real Apache through its .htaccess and
# browsed: the batch runs as its user through the cron wrapper, the pages run as the web user,
# read the models and lists, and can write nothing but the job queue.
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
hash=$(sed -n 's/^admin_key_sha256 *= *//p' "$V/twitoff.conf")
t_ok "admin key stored" test -n "$hash"
# Pages running as the web user cannot read twitoff.conf: the hash reaches them from .htaccess.
echo "SetEnv TWITOFF_ADMIN_KEY_SHA256 $hash" >> "$SITE/twitoff/.htaccess"

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
t_eq "admin with the key queues a job (the web user writes the job queue)" 200 \
    "$(code --data "key=$key&action=retrain" "$U/admin")"
t_eq "job queued" 1 "$(sqlite3 "$V/twitoff.db" "SELECT count(*) FROM jobs WHERE kind='retrain' AND status='queued'")"
t_eq "wrong key refused" 403 "$(code --data "key=nope&action=retrain" "$U/admin")"
t_ok "the batch user runs the job through the wrapper" asbatch "$P/bin/twitoff-cron" work
t_eq "job done" done "$(sqlite3 "$V/twitoff.db" "SELECT status FROM jobs ORDER BY id DESC LIMIT 1")"
t_eq "instance modes unchanged by serving" "2770 $owner:$group 660 600 2750" \
    "$(stat -c '%a %U:%G' "$V") $(stat -c %a "$V/twitoff.db") $(stat -c %a "$V/twitoff.conf") $(stat -c %a "$V/models")"
t_nomatch "no error from the pages" 'Segmentation|premature end|Permission denied|AH01215' "$(cat "$SRV/httpd/error.log")"
t_nomatch "admin key never logged" "$key" "$(cat "$SRV/httpd/"*.log "$V/log/"*.log 2>/dev/null)"
t_done

#!/usr/bin/env bash
# t20-htaccess.sh - the shared-host deployment: a web directory under /twitoff/ configured only
# by htdocs/htaccess (AllowOverride All), served by a real Apache on a free loopback port.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
. "$ROOT/scripts/httpd.sh"
web_data || { t_fail "web_data" "cannot build the test data"; t_done; exit 1; }
chmod 755 "$T"
PORT=$(free_port)
WEB=$T/site/twitoff
mkdir -p "$WEB/cgi-bin"
cp "$BIN"/cgi-bin/{form,predict,rank,users,admin,iris} "$WEB/cgi-bin/"
cp "$ROOT/htdocs/style.css" "$ROOT/htdocs/favicon.svg" "$WEB/"
sed -e "s|/home/USER/twitoff-var|$TWITOFF_HOME|" "$ROOT/htdocs/htaccess" > "$WEB/.htaccess"
cp "$TWITOFF_HOME/models/iris.model" "$WEB/leftover.model"
httpd_config "$ROOT" "$BIN" "$TWITOFF_HOME" "$PORT" cgi
conf=$TWITOFF_HOME/httpd/httpd.conf
# The same server, but the site is a plain directory whose .htaccess does everything.
sed -i -e '/^AliasMatch/d' -e '/^<Directory "[^"]*cgi-bin">/,/^<\/Directory>/d' \
    -e "s|^DocumentRoot .*|DocumentRoot \"$T/site\"|" "$conf"
cat >> "$conf" <<CONF
LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
<Directory "$T/site">
    AllowOverride All
    Require all granted
</Directory>
CONF
[ "$(id -u)" -eq 0 ] && chown -R www-data:www-data "$T/site"
trap 'httpd_stop "$TWITOFF_HOME"; [ -n "${KEEP:-}" ] && cp "$TWITOFF_HOME/httpd/error.log" /tmp/ht-error.log; rm -rf "$T"' EXIT
if ! "$APACHE" -f "$conf" -k start; then t_fail "start"; t_done; exit 1; fi
for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/twitoff/style.css" && break; sleep 0.1; done
U=http://127.0.0.1:$PORT/twitoff
code() { curl -s --max-time 30 -o "$T/body" -w '%{http_code}' "$@"; }
t_eq "form" 200 "$(code "$U/")"
t_match "links use the base path" 'action="/twitoff/predict"' "$(cat "$T/body")"
t_match "stylesheet under base" 'href="/twitoff/style.css"' "$(cat "$T/body")"
t_eq "style.css" 200 "$(code "$U/style.css")"
t_eq "predict" 200 "$(code --data 'screen_name_a=fchollet&screen_name_b=wesmckinn&tweet_text=pandas+dataframe' "$U/predict")"
t_match "answer" "is '@wesmckinn'</p>" "$(cat "$T/body")"
t_eq "users" 200 "$(code "$U/users")"
t_match "user links under base" 'href="/twitoff/users/fchollet"' "$(cat "$T/body")"
t_eq "users.json" 200 "$(code "$U/users.json")"
t_eq "user page" 200 "$(code "$U/users/fchollet")"
t_eq "iris" 200 "$(code "$U/iris")"
t_eq "admin" 200 "$(code "$U/admin")"
t_eq "unknown page" 404 "$(code "$U/nope")"
t_match ".htaccess hidden" '^(403|404)$' "$(code "$U/.htaccess")"
t_match "model file hidden" '^(403|404)$' "$(code "$U/leftover.model")"
t_nomatch "model content not served" 'twitoff-iris' "$(cat "$T/body")"
t_eq "a pair without its model file" 200 "$(rm -f "$TWITOFF_HOME/models/fchollet-wesmckinn.model"; code -H 'Accept: application/json' --data 'screen_name_a=fchollet&screen_name_b=wesmckinn&tweet_text=pandas' "$U/predict")"
t_match "answered by the shared model" '"model":"shared"' "$(cat "$T/body")"
t_eq "rank" 200 "$(code -H 'Accept: application/json' --data 'tweet_text=pandas+dataframes' "$U/rank")"
t_match "rank: the shared model's ranking" '"ranking":\[\{"screen_name":"wesmckinn"' "$(cat "$T/body")"
t_done

#!/usr/bin/env bash
# t20-routes-fields.sh - the route table against the Apache templates (their route lines are the
# generator's; every URL of the HTTP contract reaches the program it must; every program is
# routed), and the pages' typed fields: checked before a page runs, 400 naming the field.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
BUILD=${BUILD:-$ROOT/build/std}
GEN=$BUILD/gen/routes-apache

# --- routes: the templates carry the table's lines
for t in conf:apache.conf.in htaccess:htaccess; do
    syntax=${t%%:*} file=${t#*:}
    if "$GEN" "$syntax" "$ROOT/htdocs/$file" > "$T/$file" 2> "$T/gen.err"; then
        t_ok "htdocs/$file: the route lines are the table's (make routes)" diff -u "$ROOT/htdocs/$file" "$T/$file"
    else
        t_fail "routes-apache $syntax htdocs/$file" "$(cat "$T/gen.err")"
    fi
done
sed 's|"@BIN@/cgi-bin/iris"|"@BIN@/cgi-bin/admin"|' "$ROOT/htdocs/apache.conf.in" > "$T/moved.conf"
"$GEN" conf "$T/moved.conf" > "$T/moved.out"
t_fails "a route moved to another program is noticed" cmp -s "$T/moved.conf" "$T/moved.out"
printf 'AliasMatch "^/x$" "@BIN@/cgi-bin/form"\n%s\n' "$(cat "$ROOT/htdocs/apache.conf.in")" > "$T/extra.conf"
t_fails "a route outside the generated block is refused" "$GEN" conf "$T/extra.conf"
grep -v '^# End of the routes' "$ROOT/htdocs/htaccess" > "$T/nomarker"
t_fails "a template without the end marker is refused" "$GEN" htaccess "$T/nomarker"

# where SYNTAX FILE URL...: for each URL, "PROGRAM PATH_INFO" as the template's route lines map it
# (the first AliasMatch or RewriteRule that matches wins, as in Apache), or "file NAME" when none
# does and the file system serves it.
where() {
    /usr/bin/python3 - "$@" <<'PY'
import re, sys
syntax, path, urls = sys.argv[1], sys.argv[2], sys.argv[3:]
rules = []
for line in open(path, encoding="utf-8"):
    m = re.match(r'AliasMatch "([^"]*)" "@BIN@/cgi-bin/([^"]*)"$', line) if syntax == "conf" else \
        re.match(r'RewriteRule (\S+) cgi-bin/(\S+) \[END\]$', line)
    if m: rules.append((re.compile(m.group(1)), m.group(2)))
for url in urls:
    rel = url if syntax == "conf" else url[1:]
    for rx, target in rules:
        m = rx.match(rel)
        if m:
            t = re.sub(r'\$(\d)', lambda g: m.group(int(g.group(1))) or "", target)
            prog, _, rest = t.partition("/")
            print(prog, "/" + rest if _ else "")
            break
    else:
        print("file", url[1:])
PY
}
URLS=(/ /predict /users /users.json /users/wesmckinn /users/wesmckinn.json /users/ /iris /admin
      /style.css /favicon.svg /nope /no/such/page /predict/x /usersx /users.jsonx /twitoff.conf)
WANT=("form " "predict " "users " "users /.json" "users /wesmckinn" "users /wesmckinn.json" "users /"
      "iris " "admin " "file style.css" "file favicon.svg" "form /nope" "form /no/such/page"
      "form /predict/x" "form /usersx" "form /users.jsonx" "form /twitoff.conf")
for syntax in conf htaccess; do
    file=apache.conf.in; [ $syntax = htaccess ] && file=htaccess
    mapfile -t got < <(where $syntax "$ROOT/htdocs/$file" "${URLS[@]}")
    for i in "${!URLS[@]}"; do t_eq "$file: ${URLS[$i]} -> ${WANT[$i]}" "${WANT[$i]}" "${got[$i]-}"; done
done
t_eq "every program is routed, and only programs that exist" "$(ls "$BIN/cgi-bin" | sort | tr '\n' ' ')" \
    "$(grep -o 'cgi-bin/[a-z]*' "$ROOT/htdocs/apache.conf.in" | sed 's|cgi-bin/||' | sort -u | tr '\n' ' ')"
t_eq "the .htaccess runs every program as a CGI" "^($(grep '^RewriteRule' "$ROOT/htdocs/htaccess" |
    grep -o 'cgi-bin/[a-z]*' | sed 's|cgi-bin/||' | awk '!s[$0]++' | paste -sd'|'))\$" \
    "$(sed -n 's/^<FilesMatch "\(.*\)">$/\1/p' "$ROOT/htdocs/htaccess" | tail -1)"
t_match "the server configuration serves exactly the static files" '<FilesMatch "\^\(style\\\.css\|favicon\\\.svg\)\$">' \
    "$(cat "$ROOT/htdocs/apache.conf.in")"
t_done

#!/usr/bin/env bash
# t70-manpages.sh - the manual pages against the code: every command and option the built
# `twitoff` lists in its --help has its entry in twitoff(1), every setting the C sources read is
# documented in twitoff.conf(5) (with the default the code uses) and nothing else is, the exit
# statuses and environment variables match, and both pages render without warnings.
# The lists are taken from the built program and the sources, never written out here.
. "$(dirname "$0")/../lib.sh"
MAN1=$ROOT/docs/man/twitoff.1
MAN5=$ROOT/docs/man/twitoff.conf.5
t_ok "twitoff(1) exists" test -s "$MAN1"
t_ok "twitoff.conf(5) exists" test -s "$MAN5"
t_ok "the twitoff command is built" test -x "$TWITOFF"

# The C sources of the programs (any depth: lib/ may get subfolders).
mapfile -t SOURCES < <(find "$ROOT/lib" "$ROOT/batch" "$ROOT/cgi-bin" -name '*.[ch]' 2>/dev/null | sort)
t_ok "C sources found" test "${#SOURCES[@]}" -gt 0

# plain: man source on stdin as text: no comments, no macro names or font changes, "\-" as "-".
plain() {
    sed -e '/^\.\\"/d' -e 's/^\.[A-Za-z]*[[:space:]]*//' -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' \
        -e 's/\\(dq/"/g' -e 's/\\[&%]//g' -e 's/"//g'
}
# section FILE NAME: the source lines of section NAME (.SH NAME up to the next .SH).
section() {
    awk -v want="$2" '/^\.SH/ { s = $0; sub(/^\.SH[ \t]+/, "", s); gsub(/"/, "", s); on = (s == want); next }
                      on' "$1"
}
# subsection FILE NAME: the source lines of the .SS NAME entry (up to the next .SS or .SH).
subsection() {
    awk -v want="$2" '/^\.S[HS]/ { if (on) exit; s = $0; sub(/^\.SS[ \t]+/, "", s); gsub(/"|\\/, "", s)
                                    on = ($1 == ".SS" && s == want); next }
                      on' "$1"
}
# entries: the .TP entries of the man source on stdin, one a line: "TAG TEXT..." in plain text,
# TAG being the first word of the tag line.
entries() {
    sed 's/^\.TP.*/@@TP/' | plain |
        awk '/^@@TP$/ { if (e != "") print e; e = ""; tag = 1; next }
             /^@@/ { next }
             tag { e = $0; tag = 0; next }
             e != "" { e = e " " $0 }
             END { if (e != "") print e }'
}
# tags: the tag of each .TP entry of the man source on stdin.
tags() { entries | awk '{ print $1 }' | sed 's/,$//'; }
# options: the option tokens (-x, --xxx) of the text on stdin, one a line, each once.
options() { grep -oE -- '(^|[^A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[^-]+//' | sort -u; }
# has_word TOKEN: stdin contains TOKEN as a whole word (not part of a longer option or name).
has_word() { grep -qE -- "(^|[^A-Za-z0-9_-])$1([^A-Za-z0-9_-]|$)"; }
# in_list WORD LIST: WORD is one of the lines of LIST.
in_list() { printf '%s\n' "$2" | grep -qxF -- "$1"; }

# --- (a) commands and options: the built program's --help against twitoff(1) ---
help=$("$TWITOFF" --help)
commands=$(printf '%s\n' "$help" | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
t_ok "twitoff --help lists commands" test -n "$commands"
entries=$(section "$MAN1" COMMANDS | awk '/^\.SS/ { sub(/^\.SS[ \t]+/, ""); gsub(/"|\\/, ""); print }')
t_ok "twitoff(1) has command entries (.SS under COMMANDS)" test -n "$entries"
for c in $commands; do
    t_ok "twitoff(1) has an entry for '$c'" in_list "$c" "$entries"
    usage=$("$TWITOFF" "$c" --help)
    t_match "twitoff $c --help prints its usage" "^usage: twitoff $c" "$usage"
    entry=$(subsection "$MAN1" "$c" | plain)
    t_match "twitoff(1) entry '$c' shows the command line" "twitoff $c" "$entry"
    for o in $(printf '%s\n' "$usage" | options); do
        t_ok "twitoff(1) entry '$c' documents $o" has_word "$o" <<< "$entry"
    done
done
for e in $entries; do
    t_ok "twitoff(1) entry '$e' is a command of twitoff --help" in_list "$e" "$commands"
done
global=$(printf '%s\n' "$help" | head -1 | options)
t_ok "twitoff --help shows global options" test -n "$global"
opts_section=$(section "$MAN1" OPTIONS | plain)
for o in $global; do
    t_ok "twitoff(1) OPTIONS documents $o" has_word "$o" <<< "$opts_section"
done
# No stale option: each one the page documents is a string the batch's sources compare with.
for o in $( (section "$MAN1" OPTIONS; section "$MAN1" COMMANDS) | plain | options); do
    t_ok "documented option $o is in the batch's sources" grep -rqF -- "\"$o" "$ROOT/batch"
done

# --- (b) settings: what the sources read against twitoff.conf(5) ---
# The configuration module itself (where conf_get is defined) passes names through; skip it.
mapfile -t CALLERS < <(grep -LE '\bconf_get(_long|_double)?\(const char' "${SOURCES[@]}")
# flat FILE...: the files as one line each, so that a call split over lines is still found.
flat() { for f in "$@"; do tr '\n\t' '  ' < "$f"; echo; done; }
literal=$(flat "${CALLERS[@]}" | grep -oE '\bconf_(get|get_long|get_double|set)\( *"[A-Za-z0-9_]*"' | sed -E 's/.*"(.*)"/\1/')
# Calls naming their setting through a variable: names[i] (an array of literals in the same
# file) or s->field / s.field (a designated initializer .field = "name" somewhere).
indirect=
for f in "${CALLERS[@]}"; do
    while IFS= read -r arg; do
        [ -n "$arg" ] || continue
        arg=$(printf '%s' "$arg" | sed -E 's/^conf_get(_long|_double)?\( *//; s/ *$//')
        names=
        if [[ $arg =~ ^([A-Za-z_][A-Za-z0-9_]*)\[ ]]; then
            names=$(flat "$f" | grep -oE "\b${BASH_REMATCH[1]}\[[^]]*\] *= *\{[^}]*\}" | grep -oE '"[A-Za-z0-9_]+"' | tr -d '"')
        elif [[ $arg =~ (->|\.)([A-Za-z_][A-Za-z0-9_]*)$ ]]; then
            names=$(flat "${SOURCES[@]}" | grep -oE "\.${BASH_REMATCH[2]} *= *\"[A-Za-z0-9_]+\"" | sed -E 's/.*"(.*)"/\1/')
        fi
        t_ok "the settings read by conf_get($arg) in ${f#"$ROOT"/} are found" test -n "$names"
        indirect="$indirect $names"
    done < <(flat "$f" | grep -oE '\bconf_get(_long|_double)?\( *[^",) ][^,)]*')
done
read_by_code=$(printf '%s\n' $literal $indirect | sort -u)
t_ok "settings found in the sources" test "$(printf '%s\n' "$read_by_code" | wc -l)" -gt 10
documented=$(section "$MAN5" SETTINGS | tags | sort -u)
t_ok "twitoff.conf(5) has setting entries (.TP under SETTINGS)" test -n "$documented"
for s in $read_by_code; do
    t_ok "twitoff.conf(5) documents setting $s (read by the code)" in_list "$s" "$documented"
done
for s in $documented; do
    t_ok "twitoff.conf(5) setting $s is read by the code" in_list "$s" "$read_by_code"
done
# The default of each entry ("Default: N") is the one a conf_get_long/double call passes as a
# plain number.
settings_text=$(section "$MAN5" SETTINGS | entries)
while read -r name def; do
    doc=$(printf '%s\n' "$settings_text" | awk -v n="$name" '$1 == n' |
          grep -oE 'Default: *-?[0-9]+(\.[0-9]+)?' | head -1 | grep -oE -- '-?[0-9.]+$')
    t_ok "twitoff.conf(5): $name defaults to $def as in the code (doc: ${doc:-none})" \
        awk -v a="$def" -v b="${doc:-x}" 'BEGIN { exit !(b != "x" && a + 0 == b + 0) }'
done < <(flat "${CALLERS[@]}" | grep -oE '\bconf_get_(long|double)\( *"[A-Za-z0-9_]+" *, *-?[0-9]+(\.[0-9]+)? *\)' |
         sed -E 's/.*"(.*)" *, *([-0-9.]+) *\)/\1 \2/' | sort -u)

# TWITOFF_* variables the sources read directly: in twitoff(1) ENVIRONMENT, and in twitoff.conf(5).
env_vars=$(flat "${SOURCES[@]}" | grep -oE 'getenv\( *"TWITOFF_[A-Z0-9_]+"' | grep -oE 'TWITOFF_[A-Z0-9_]+' | sort -u)
t_ok "TWITOFF_* variables found in the sources" test -n "$env_vars"
env_doc=$(section "$MAN1" ENVIRONMENT | tags)
for v in $env_vars; do
    t_ok "twitoff(1) ENVIRONMENT documents $v" in_list "$v" "$env_doc"
    t_ok "twitoff.conf(5) mentions $v" has_word "$v" < <(plain < "$MAN5")
done
t_match "twitoff(1) ENVIRONMENT documents TWITOFF_<NAME> settings" '^TWITOFF_ NAME' "$(section "$MAN1" ENVIRONMENT | plain)"
for v in $env_doc; do
    case $v in TWITOFF_) ;; TWITOFF_*) t_ok "twitoff(1) ENVIRONMENT entry $v is read by the code" in_list "$v" "$env_vars" ;; esac
done

# Exit statuses: the EXIT_* values of the sources, each an entry of EXIT STATUS, and no other.
codes=$(flat "${SOURCES[@]}" | grep -oE '\bEXIT_[A-Z]+ *= *[0-9]+' | grep -oE '[0-9]+$' | sort -u)
t_ok "exit statuses found in the sources" test -n "$codes"
codes_doc=$(section "$MAN1" "EXIT STATUS" | tags | sort -u)
for c in $codes; do t_ok "twitoff(1) EXIT STATUS documents $c" in_list "$c" "$codes_doc"; done
for c in $codes_doc; do t_ok "twitoff(1) EXIT STATUS $c is one the code uses" in_list "$c" "$codes"; done

# --- (c) both pages render without warnings, with a NAME line that whatis can index ---
for f in "$MAN1" "$MAN5"; do
    n=$(basename "$f")
    t_match "$n: .TH names the page" "^\.TH $(basename "$n" | sed -E 's/\.[0-9]$//' | tr a-z A-Z | sed 's/\./\\./g') [0-9] " "$(head -1 "$f")"
    if command -v groff > /dev/null; then
        t_eq "$n: groff -man -ww renders without warnings" "" "$(groff -man -ww -z -Tutf8 "$f" 2>&1)"
    elif command -v mandoc > /dev/null; then
        t_eq "$n: mandoc -T lint finds nothing" "" "$(mandoc -T lint -W warning "$f" 2>&1)"
    else
        echo "t70-manpages: rendering of $n not checked: neither groff nor mandoc is installed" >&2
    fi
    if command -v man > /dev/null; then
        out=$(MANWIDTH=80 man --warnings -l "$f" 2>&1 > /dev/null)
        t_eq "$n: man -l renders without warnings" "" "$out"
        t_match "$n: man -l shows the NAME section" "^NAME" "$(MANWIDTH=80 man -l "$f" 2> /dev/null)"
    fi
    if command -v lexgrog > /dev/null; then
        t_match "$n: NAME line readable by whatis" "\"$(basename "$n" | sed -E 's/\.[0-9]$//') - " "$(lexgrog "$f")"
    fi
done
t_done

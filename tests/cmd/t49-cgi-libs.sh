#!/usr/bin/env bash
# t49-cgi-libs.sh - no CGI program links or holds libcurl, jansson, libxml2, liblinear, liblbfgs or
# the batch's fetch, HTTP-client and trainer code (a CGI pays their start-up time on every request).
# Linking is read with file and readelf -d (ldd says nothing about a static executable), code with
# nm. bin/twitoff holds all of it: every check is first shown to see it there.
. "$(dirname "$0")/../lib.sh"

# Shared libraries no CGI may need (readelf -d NEEDED entries), an extended regex.
BANNED_LIBS='libcurl|libjansson|libxml2|liblinear|liblbfgs'

# Symbols no CGI may hold, one "LABEL REGEX" a line; REGEX must match a whole symbol name (nm's
# version suffix such as @libjansson.so.4 is removed first). The library names do not change; the
# project's batch names do when code moves: keep them current here. Each line must match a symbol
# of bin/twitoff, so a name that no longer exists fails this test instead of passing unseen.
BANNED_SYMBOLS='
libcurl        curl_(easy|global|multi|slist)_[a-z_]+
jansson        json_(loads|loadb|loadf|loadfd|load_file|dumps|dumpb|dumpf|dump_file|delete)
libxml2        xml(NewTextWriter|TextWriter|FreeTextWriter|Read|Parse)[A-Za-z]*
liblinear      train|check_parameter
fetch          fetch_handles|fetch_user_begin|fetch_post
http-client    http_get|http_get_json|http_new
trainer        train_fit|train_pair|train_many|postset_load
liblbfgs       lbfgs|lbfgs_parameter_init
shared-trainer softmax_fit|softmax_holdout|shared_train
'

# symbols FILE: every symbol name nm lists, one a line, without version suffixes.
symbols() { nm "$1" 2>/dev/null | awk 'NF >= 2 { sub(/@.*/, "", $NF); print $NF }' | sort -u; }
# needed FILE: the NEEDED entries of FILE's dynamic section (none for a static executable).
needed() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
# has_symbols REGEX SYMBOLS: the symbol names matching REGEX as a whole (empty when none do).
has_symbols() { grep -xE -- "$1" <<<"$2" | head -5 | tr '\n' ' '; }

# A CGI must be a static executable unless it is a sanitizer build (ASan cannot be static) or the
# static archives are missing (the Makefile's STATIC_OK).
archives=1
for a in libsqlite3.a libfcgi.a; do
    p=$(${CC:-cc} -print-file-name=$a 2>/dev/null)
    [ -f "$p" ] || archives=0
done

# --- positive controls: the same checks see all of it in bin/twitoff.
tw_syms=$(symbols "$TWITOFF")
t_match "file tells bin/twitoff is dynamic" 'dynamically linked' "$(file -L "$TWITOFF")"
t_match "readelf sees jansson and libxml2 needed by bin/twitoff" 'libjansson.*libxml2|libxml2.*libjansson' \
    "$(needed "$TWITOFF" | tr '\n' ' ')"
t_nomatch "bin/twitoff loads libcurl only when it fetches (not NEEDED)" 'libcurl' "$(needed "$TWITOFF")"
while read -r label re; do
    [ -n "$label" ] || continue
    t_match "nm sees $label symbols in bin/twitoff (else update BANNED_SYMBOLS)" '.' "$(has_symbols "$re" "$tw_syms")"
done <<<"$BANNED_SYMBOLS"

# --- every CGI
n=0
for cgi in "$BIN"/cgi-bin/*; do
    [ -f "$cgi" ] && [ -x "$cgi" ] || continue
    n=$((n + 1))
    name=$(basename "$cgi")
    syms=$(symbols "$cgi")
    t_match "nm lists $name's symbols (main)" '^main $' "$(grep -xE 'main' <<<"$syms" | tr '\n' ' ')"
    # lib/ is linked as static archives, so a page holds only what it uses: the pages that read
    # the store hold SQLite, the iris page (a model file, no store) and the rank page (the shared
    # model, which names its own accounts) hold none of it.
    if [ "$name" = iris ] || [ "$name" = rank ]; then
        t_eq "$name holds no SQLite (it reads no store)" "" "$(has_symbols 'sqlite3_[a-z0-9_]+' "$syms")"
    else
        t_match "$name holds SQLite (it reads the store)" 'sqlite3_open_v2' "$(has_symbols 'sqlite3_open_v2' "$syms")"
    fi
    libs=$(needed "$cgi")
    if grep -qx '__asan_init' <<<"$syms" || [ "$archives" -eq 0 ]; then
        t_match "$name (not static: sanitizer or no archives) has a readable NEEDED list" 'libc\.so' "$libs"
        t_nomatch "$name needs no curl/jansson/libxml2/liblinear/liblbfgs" "$BANNED_LIBS" "$libs"
    else
        t_match "$name is a static executable" 'statically linked' "$(file -L "$cgi")"
        t_eq "$name has no NEEDED entries" "" "$libs"
    fi
    while read -r label re; do
        [ -n "$label" ] || continue
        t_eq "$name holds no $label code" "" "$(has_symbols "$re" "$syms")"
    done <<<"$BANNED_SYMBOLS"
done
t_eq "one binary per CGI source (cgi-bin/*.c)" "$(ls "$ROOT"/cgi-bin/*.c | wc -l)" "$n"
t_done

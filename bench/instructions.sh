#!/usr/bin/env bash
# instructions.sh - instructions executed (valgrind's callgrind: repeatable on a busy machine, unlike
# seconds) by the same requests and commands of two builds, e.g. before and after a refactoring.
# Usage: bench/instructions.sh OLD_BIN NEW_BIN   (each a bin/ folder holding twitoff and cgi-bin/)
# Prints a Markdown table; the data is the bundled celebrity-faceoff corpus.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OLD=$(cd "$1" && pwd)
NEW=$(cd "$2" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
CSV=$ROOT/data/celebrity-faceoff/raw_tweets.csv
TEXT="Keras makes deep learning models easy to build"
BODY="screen_name_a=fchollet&screen_name_b=KimKardashian&tweet_text=${TEXT// /+}"

# count HOME [VAR=VALUE...] CMD...: instructions CMD executes (stdin from $W/in), as a number.
count() {
    local home=$1; shift
    local vars=()
    while [ $# -gt 0 ] && [[ $1 == *=* ]]; do vars+=("$1"); shift; done
    env TWITOFF_HOME="$home" "${vars[@]}" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
        < "$W/in" > /dev/null 2> "$W/vg" || { cat "$W/vg" >&2; return 1; }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$W/vg"
}

# cgi BIN PROGRAM METHOD PATH_INFO BODY: a page program's instructions for one plain-CGI request.
cgi() {
    printf '%s' "$5" > "$W/in"
    count "$W/data" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD="$3" PATH_INFO="$4" QUERY_STRING= \
        CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#5} "$1/cgi-bin/$2"
}

# fresh NAME: a copy of the trained instance, so that each build writes into its own.
fresh() { rm -rf "$W/$1"; cp -a "$W/data" "$W/$1"; echo "$W/$1"; }

# The data both builds read: the faceoff corpus imported and trained by the new build.
mkdir -p "$W/data"
: > "$W/in"
TWITOFF_HOME=$W/data "$NEW/twitoff" -q import "$CSV" > /dev/null
TWITOFF_HOME=$W/data "$NEW/twitoff" -q train > /dev/null
TWITOFF_HOME=$W/data "$NEW/twitoff" -q lists > /dev/null

row() {
    local what=$1 old=$2 new=$3
    echo "| $what | $old | $new | $(awk -v o="$old" -v n="$new" 'BEGIN { printf "%+.1f %%", 100 * (n - o) / o }') |"
}

echo "| what | before (instructions) | after | change |"
echo "|---|---:|---:|---:|"
for kind in predict form users; do
    case $kind in
        predict) o=$(cgi "$OLD" predict POST "" "$BODY"); n=$(cgi "$NEW" predict POST "" "$BODY") ;;
        form) o=$(cgi "$OLD" form GET "" ""); n=$(cgi "$NEW" form GET "" "") ;;
        users) o=$(cgi "$OLD" users GET "/fchollet" ""); n=$(cgi "$NEW" users GET "/fchollet" "") ;;
    esac
    row "plain-CGI request: $kind" "$o" "$n"
done
: > "$W/in"
row "\`twitoff predict A B TEXT\`" "$(count "$W/data" "$OLD/twitoff" predict fchollet KimKardashian "$TEXT")" \
    "$(count "$W/data" "$NEW/twitoff" predict fchollet KimKardashian "$TEXT")"
for b in OLD NEW; do
    home=$(fresh "imp$b"); rm -f "$home/twitoff.db"*
    eval "imp_$b=\$(count \"\$home\" \"\${$b}/twitoff\" -q import \"\$CSV\")"
    home=$(fresh "tr$b")
    eval "tr_$b=\$(count \"\$home\" \"\${$b}/twitoff\" -q train --force fchollet hadleywickham)"
    home=$(fresh "li$b"); rm -rf "$home/lists"
    eval "li_$b=\$(count \"\$home\" \"\${$b}/twitoff\" -q lists)"
done
row "\`twitoff import\` of the faceoff CSV (9,000 posts) into a new store" "$imp_OLD" "$imp_NEW"
row "\`twitoff train --force\` one pair" "$tr_OLD" "$tr_NEW"
row "\`twitoff lists\`" "$li_OLD" "$li_NEW"

#!/usr/bin/env bash
# explain.sh - POST /predict before and after the explanation on the text (spans): the results page
# and the JSON answer of a baseline build (BASE, a git revision) and of this build (BIN), each under
# its own Apache (plain CGI, then FastCGI) on a copy of the same trained store, measured in turns
# (ROUNDS rounds of wrk -t2 -c8 -dDURATION each, the median kept), and the instructions one plain-CGI
# request executes (valgrind's callgrind: repeatable on a busy machine). Writes
# bench/RESULTS-explain.md. Env: BASE (the commit before the spans), MODES ("cgi fcgi"), ROUNDS (3),
# DURATION (5s), WARMUP (3s), FCGI_WARMUP (8s), WORK, CORPUS.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
PEER=$SHARED/reference/flask_peer
BASE=${BASE:-b6a00b82da048c432e61c7ba34ea003e66e44e44}
WORK=${WORK:-/tmp/twitoff-bench-explain}
CORPUS=${CORPUS:-/tmp/corpora/faceoff/all.jsonl}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
OUT=$ROOT/bench/RESULTS-explain.md
. "$ROOT/scripts/httpd.sh"
for t in wrk curl git make valgrind /usr/bin/python3; do command -v "$t" >/dev/null || { echo "bench: missing $t (scripts/deps.sh bench)" >&2; exit 1; }; done
rm -rf "$WORK"
mkdir -p "$WORK/logs" "$WORK/before"
chmod 755 "$WORK"
[ -f "$CORPUS" ] || /usr/bin/python3 "$SHARED/reference/make_corpora.py" "$(dirname "$(dirname "$CORPUS")")"

echo "== the baseline: the page programs of $BASE"
git -C "$ROOT" archive "$BASE" | tar -x -C "$WORK/before"
make -C "$WORK/before" -j2 --no-print-directory $(for p in form predict users admin iris; do echo bin/cgi-bin/$p; done) \
    > "$WORK/logs/build-before.log" 2>&1 || { tail -20 "$WORK/logs/build-before.log" >&2; exit 1; }

echo "== data: the celebrity-faceoff corpus, trained with twitoff (this build)"
export TWITOFF_HOME=$WORK/after
mkdir -p "$TWITOFF_HOME"
"$BIN/twitoff" -q reset --yes
"$BIN/twitoff" -q import "$CORPUS"
"$BIN/twitoff" -q train
"$BIN/twitoff" -q lists 2>/dev/null || true
cp -a "$WORK/after" "$WORK/before/home"

# the Flask peer's POST body; the JSON variant asks for application/json
sed 's/^wrk.headers\["Content-Type"\].*/&\nwrk.headers["Accept"] = "application\/json"/' "$PEER/post.lua" > "$WORK/post-json.lua"
cp "$PEER/post.lua" "$WORK/post-html.lua"
BODY=$(sed -n 's/^wrk.body *= *"\(.*\)"$/\1/p' "$PEER/post.lua")
echo "== instructions of one plain-CGI request (callgrind)"
INSTR=$WORK/instructions.tsv
: > "$INSTR"
printf '%s' "$BODY" > "$WORK/body"
for kind in html json; do
    accept=text/html; [ "$kind" = json ] && accept=application/json
    for which in before after; do
        prog=$BIN/cgi-bin/predict home=$WORK/after
        [ "$which" = before ] && prog=$WORK/before/bin/cgi-bin/predict home=$WORK/before/home
        env -i TWITOFF_HOME="$home" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO= QUERY_STRING= \
            HTTP_ACCEPT="$accept" CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#BODY} \
            valgrind --tool=callgrind --callgrind-out-file=/dev/null "$prog" < "$WORK/body" > /dev/null 2> "$WORK/logs/vg"
        printf '%s\t%s\t%s\n' "$kind" "$which" "$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/logs/vg")" | tee -a "$INSTR"
    done
done

PA=$(free_port); PB=$(free_port)
while [ "$PB" = "$PA" ]; do PB=$(free_port); done
trap 'httpd_stop "$WORK/before/home"; httpd_stop "$WORK/after"' EXIT
RES=$WORK/results.tsv
: > "$RES"

# once KIND MODE WHICH PORT: one wrk run; prints req/s and p99 ms.
once() {
    local out json
    out=$(wrk -t2 -c8 -d"$DURATION" --timeout 30s -s "$WORK/post-$1.lua" "http://127.0.0.1:$4/predict")
    echo "$out" >> "$WORK/logs/wrk_$2_$1_$3.txt"
    json=$(echo "$out" | sed -n 's/^WRKJSON //p')
    /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); e=d["non2xx3xx"]+d["connect_err"]+d["read_err"]+d["write_err"]+d["timeout_err"]; print("%.1f\t%.2f\t%d" % (d["rps"], d["p99_ms"], e))' "$json"
}

for mode in ${MODES:-cgi fcgi}; do
    echo "== Apache, $mode"
    httpd_start "$WORK/before" "$WORK/before/bin" "$WORK/before/home" "$PA" "$mode"
    httpd_start "$ROOT" "$BIN" "$WORK/after" "$PB" "$mode"
    for kind in html json; do
        accept=text/html; [ "$kind" = json ] && accept=application/json
        for which in before after; do
            port=$PA; [ "$which" = after ] && port=$PB
            curl -fsS -H "Accept: $accept" --data "$BODY" "http://127.0.0.1:$port/predict" > "$WORK/logs/answer_${mode}_${kind}_$which"
            warm=${WARMUP:-3s}; [ "$mode" = fcgi ] && warm=${FCGI_WARMUP:-8s}
            wrk -t2 -c8 -d"$warm" --timeout 30s -s "$WORK/post-$kind.lua" "http://127.0.0.1:$port/predict" >/dev/null 2>&1 || true
        done
        grep -q 'class="shaded"' "$WORK/logs/answer_${mode}_html_after" 2>/dev/null || [ "$kind" = json ] || { echo "bench: no shaded text in the answer" >&2; exit 1; }
        for r in $(seq 1 "$ROUNDS"); do
            for which in before after; do
                port=$PA; [ "$which" = after ] && port=$PB
                printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$kind" "$which" "$r" "$(once "$kind" "$mode" "$which" "$port")" | tee -a "$RES"
            done
        done
    done
    httpd_stop "$WORK/before/home"
    httpd_stop "$WORK/after"
done
first=$(set -- ${MODES:-cgi fcgi}; echo "$1")
size() { wc -c < "$WORK/logs/answer_${first}_$1"; }
/usr/bin/python3 "$ROOT/bench/report_explain.py" "$RES" "$INSTR" "$BASE" "$DURATION" "$ROUNDS" \
    "$(size html_before)" "$(size html_after)" "$(size json_before)" "$(size json_after)" > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"

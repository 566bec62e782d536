#!/usr/bin/env bash
# shared-web.sh - the shared model's answers on the web, in one run: wrk -t2 -c8 against the
# trivial static CGI and the trivial FastCGI program (bench/trivial*.c), POST /predict answered by
# the pair's model and by the shared model (the celebrity-faceoff corpus) under plain CGI and
# FastCGI, and POST /rank under FastCGI with its latency (p50/p99/max) among the accounts of
# bench/accounts.sh (only the shared model is trained) and among SYNTH (196) accounts of 80,000
# synthetic weights each (bench-shared-synth: a file of the size of the real one at that scale);
# then the instructions of one request of each (callgrind, which a busy machine does not disturb;
# a FastCGI request's: the difference between 1 and 1+K requests to one process, divided by K).
# Writes bench/RESULTS-shared-web.md. Environment: DURATION (10s), WARMUP (5s), FCGI_WARMUP
# (12s), K (10), WORK, OUT, SYNTH (196), PART (posts per account part, 340: the 196 accounts of
# bench/scale.sh; the fit's columns are capped by shared_memory_mb, so it fits in under 1 GB),
# SHARED_ITERATIONS (that instance's fit, 100, within shared_budget), RANK_HOME (an instance trained by an earlier run, e.g. WORK/many of
# one: copied instead of training again), FACE_HOME (the same for the faceoff instance), NOTE (a line for the report: what else ran).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
PEER=$SHARED/reference/flask_peer
WORK=${WORK:-/tmp/twitoff-bench-shared-web}
OUT=${OUT:-$ROOT/bench/RESULTS-shared-web.md}
DURATION=${DURATION:-10s}
K=${K:-10}
. "$ROOT/scripts/httpd.sh"
for t in wrk curl valgrind sqlite3 /usr/bin/python3 "$BIN/bench-shared-synth"; do
    command -v "$t" >/dev/null || { echo "bench: missing $t (scripts/deps.sh bench)" >&2; exit 1; }
done
rm -rf "$WORK"
mkdir -p "$WORK/logs" "$WORK/cgi" "$WORK/fcgi"
chmod 755 "$WORK"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# The request of bench/web.sh (the Flask peer's post.lua), and the same text for /rank.
BODY=$(sed -n 's/^wrk.body *= *"\(.*\)"$/\1/p' "$PEER/post.lua")
RANK_BODY=tweet_text=${BODY#*tweet_text=}

echo "== data: the celebrity-faceoff corpus (pair models and the shared model)"
FACE=$WORK/face
if [ -n "${FACE_HOME:-}" ] && [ -f "$FACE_HOME/models/shared.model" ]; then
    cp -a "$FACE_HOME" "$FACE"
    face_train="reused from $FACE_HOME"
else
    face_train="\`twitoff train\`, \`twitoff lists\`"
    mkdir -p "$FACE"
    TWITOFF_HOME=$FACE "$BIN/twitoff" -q import "$ROOT/data/celebrity-faceoff/raw_tweets.csv"
    TWITOFF_HOME=$FACE "$BIN/twitoff" -q train
    TWITOFF_HOME=$FACE "$BIN/twitoff" -q lists   # the form's user list, as the nightly batch writes it
fi
# The pair-model rows measure the pair's own model (as bench/web.sh): without the shared model's
# per-pair held-out accuracies no pair is handed to the shared model for measuring better.
TWITOFF_HOME=$FACE "$BIN/twitoff" -q status > /dev/null   # an instance of an older schema migrates
sqlite3 "$FACE/twitoff.db" "DELETE FROM shared_pairs"
# The sqlite3 shell removes the -wal and -shm files as it closes; the pages, which cannot create
# them, need them to open the store: any twitoff command makes them again.
TWITOFF_HOME=$FACE "$BIN/twitoff" -q status > /dev/null

echo "== data: ~200 accounts cut from the shared corpora (the shared model only)"
MANY=$WORK/many
PART=${PART:-340}
if [ "$PART" = 0 ]; then
    many_train="not measured in this run: PART=0"
elif [ -n "${RANK_HOME:-}" ] && [ -f "$RANK_HOME/models/shared.model" ]; then
    cp -a "$RANK_HOME" "$MANY"
    many_train="reused from $RANK_HOME"
else
    BIN=$BIN SHARED=$SHARED PART=$PART "$ROOT/bench/accounts.sh" "$WORK/acc"
    mkdir -p "$MANY"
    echo "max_pair_models = 0" > "$MANY/twitoff.conf"
    TWITOFF_HOME=$MANY "$BIN/twitoff" -q import "$WORK/acc/base.jsonl"
    TWITOFF_HOME=$MANY TWITOFF_SHARED_ITERATIONS=${SHARED_ITERATIONS:-100} \
        /usr/bin/time -f '%e %M' -o "$WORK/logs/train-many.time" "$BIN/twitoff" -q train
    TWITOFF_HOME=$MANY "$BIN/twitoff" -q lists
    read -r secs kb < "$WORK/logs/train-many.time"
    many_train="shared_iterations = ${SHARED_ITERATIONS:-100}, shared_budget 60 s; \`twitoff train\` took $secs s, peak RSS $((kb / 1024)) MB"
fi
accounts=0 model_mb=0
if [ "$PART" != 0 ]; then
    accounts=$(sqlite3 "$MANY/twitoff.db" "SELECT count(*) FROM users")
    model_mb=$(du -m "$MANY/models/shared.model" | cut -f1)
fi

SYN=$WORK/synth
SYNTH=${SYNTH:-196}
echo "== data: $SYNTH accounts of synthetic weights"
mkdir -p "$SYN/models"
"$BIN/bench-shared-synth" "$SYN/models/shared.model" "$SYNTH"
syn_mb=$(du -m "$SYN/models/shared.model" | cut -f1)

echo "== baselines"
. "$ROOT/bench/baselines.sh"
baselines_init
RES=$WORK/results.tsv
: > "$RES"

# serve HOME MODE: the project's server for HOME plus the two baselines.
serve() {
    SERVED=$1
    baselines_serve "$1" "$2"
    # FastCGI: every page's processes started before measuring, as bench/p99.sh does (mod_fcgid
    # starts one when a request finds none free and makes that request wait a second).
    if [ "$2" = fcgi ]; then httpd_warm "$URL" >/dev/null 2>&1; fi
}
trap '[ -n "${SERVED:-}" ] && httpd_stop "$SERVED"; true' EXIT

# measure LABEL MODE PATH [BODY]: one wrk run (GET, or POST of BODY; CONNS connections, 8); appends
# "label mode rps p50 p99 max errors" to $RES.
measure() {
    local warm=${WARMUP:-5s} script=$PEER/get.lua out json
    [ "$2" = fcgi ] && warm=${FCGI_WARMUP:-12s}   # mod_fcgid adds a process per class per wait
    [ -n "${4:-}" ] && script=$ROOT/bench/post_env.lua
    local c=${CONNS:-8} t=2
    [ "$c" -lt 2 ] && t=1
    WRK_BODY=${4:-} wrk -t$t -c"$c" -d"$warm" --timeout 30s -s "$script" "$URL$3" >/dev/null 2>&1 || true
    out=$(WRK_BODY=${4:-} wrk -t$t -c"$c" -d"$DURATION" --timeout 30s --latency -s "$script" "$URL$3")
    echo "$out" > "$WORK/logs/wrk_$2_${1//[^A-Za-z0-9]/_}.txt"
    json=$(echo "$out" | sed -n 's/^WRKJSON //p')
    /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); e=d["non2xx3xx"]+d["connect_err"]+d["read_err"]+d["write_err"]+d["timeout_err"]; print("\t".join([sys.argv[2], sys.argv[3], "%.0f" % d["rps"], "%.2f" % d["p50_ms"], "%.2f" % d["p99_ms"], "%.2f" % d["max_ms"], str(e)]))' "$json" "$1" "$2" | tee -a "$RES"
}

# answer_is KIND BODY: the JSON answer to BODY names model KIND.
answer_is() {
    curl -fsS -H 'Accept: application/json' --data "$2" "$URL/predict" > "$WORK/logs/answer.json"
    grep -q "\"model\":\"$1\"" "$WORK/logs/answer.json" || { echo "bench: the $1 model did not answer" >&2; exit 1; }
}

for mode in cgi fcgi; do
    echo "== Apache, $mode: the faceoff corpus"
    serve "$FACE" "$mode"
    [ "$mode" = cgi ] && measure "trivial static CGI" cgi /trivial
    [ "$mode" = cgi ] && measure "static CGI: the same POST body in, a 7.9 KB page out" cgi /trivial-post "$BODY"
    [ "$mode" = fcgi ] && measure "trivial FastCGI" fcgi /trivial-fcgi
    answer_is pair "$BODY"
    measure "POST /predict (pair model)" "$mode" /predict "$BODY"
    mkdir -p "$WORK/pairs" && mv "$FACE"/models/*-*.model "$WORK/pairs/"
    answer_is shared "$BODY"
    measure "POST /predict (shared model)" "$mode" /predict "$BODY"
    mv "$WORK/pairs/"*.model "$FACE/models/"
    if grep -q 'twitoff-[a-z]*: database ' "$FACE/httpd/error.log"; then   # measured without the store
        echo "bench: the pages could not open the store:" >&2
        grep -m3 'twitoff-[a-z]*: database ' "$FACE/httpd/error.log" >&2
        exit 1
    fi
    httpd_stop "$FACE"
    SERVED=
done

if [ "$PART" != 0 ]; then
    echo "== Apache, fcgi: $accounts accounts"
    serve "$MANY" fcgi
    curl -fsS -H 'Accept: application/json' --data "$RANK_BODY" "$URL/rank" > "$WORK/logs/rank.json"
    read -r A B < <(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["ranking"]; print(r[0]["screen_name"], r[1]["screen_name"])' "$WORK/logs/rank.json")
    ranked=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["ranking"]))' "$WORK/logs/rank.json")
    MANY_BODY="screen_name_a=$A&screen_name_b=$B&${RANK_BODY}"
    answer_is shared "$MANY_BODY"
    measure "POST /rank ($ranked accounts)" fcgi /rank "$RANK_BODY"
    CONNS=1 measure "POST /rank ($ranked accounts), wrk -t1 -c1" fcgi /rank "$RANK_BODY"
    measure "POST /predict (shared model, $ranked accounts)" fcgi /predict "$MANY_BODY"
    httpd_stop "$MANY"
    SERVED=
fi

echo "== Apache, fcgi: $SYNTH synthetic accounts"
serve "$SYN" fcgi
curl -fsS -H 'Accept: application/json' --data "$RANK_BODY" "$URL/rank" > "$WORK/logs/rank-synth.json"
measure "POST /rank ($SYNTH synthetic accounts)" fcgi /rank "$RANK_BODY"
CONNS=1 measure "POST /rank ($SYNTH synthetic accounts), wrk -t1 -c1" fcgi /rank "$RANK_BODY"
httpd_stop "$SYN"
SERVED=

echo "== instructions (callgrind)"
# insns HOME METHOD BODY CMD...: instructions CMD executes for one plain-CGI request.
insns() {
    local home=$1 method=$2 body=$3
    shift 3
    printf '%s' "$body" > "$WORK/in"
    env -i PATH="$PATH" TWITOFF_HOME="$home" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD="$method" PATH_INFO= \
        QUERY_STRING= CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#body} \
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" < "$WORK/in" > /dev/null 2> "$WORK/vg" ||
        { cat "$WORK/vg" >&2; return 1; }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/vg"
}
# fcgi_insns HOME METHOD BODY PROGRAM: instructions of one FastCGI request after the first.
fcgi_insns() {
    local one many n
    printf '%s' "$3" > "$WORK/in"
    for n in 1 $((K + 1)); do
        TWITOFF_HOME=$1 /usr/bin/python3 "$ROOT/bench/fcgi_client.py" "$n" "$2" "$WORK/in" text/html -- \
            valgrind --tool=callgrind --callgrind-out-file=/dev/null "$4" > /dev/null 2> "$WORK/vg"
        [ "$n" = 1 ] && one=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/vg")
    done
    many=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/vg")
    echo $(((many - one) / K))
}
ICSV=$WORK/insns.tsv
: > "$ICSV"
count_row() {  # LABEL HOME METHOD BODY PROGRAM [FASTCGI_PROGRAM]
    printf '%s\t%s\t%s\n' "$1" "$(insns "$2" "$3" "$4" "$5")" "$(fcgi_insns "$2" "$3" "$4" "${6:-$5}")" | tee -a "$ICSV"
}
count_row "the trivial programs" "$FACE" GET "" "$WORK/cgi/trivial" "$WORK/fcgi/trivial"
count_row "POST /predict (pair model)" "$FACE" POST "$BODY" "$BIN/cgi-bin/predict"
mv "$FACE"/models/*-*.model "$WORK/pairs/"
count_row "POST /predict (shared model)" "$FACE" POST "$BODY" "$BIN/cgi-bin/predict"
mv "$WORK/pairs/"*.model "$FACE/models/"
if [ "$PART" != 0 ]; then
    count_row "POST /predict (shared model, $ranked accounts)" "$MANY" POST "$MANY_BODY" "$BIN/cgi-bin/predict"
    count_row "POST /rank ($ranked accounts)" "$MANY" POST "$RANK_BODY" "$BIN/cgi-bin/rank"
fi
count_row "POST /rank ($SYNTH synthetic accounts)" "$SYN" POST "$RANK_BODY" "$BIN/cgi-bin/rank"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# The report.
rps() { awk -F'\t' -v l="$1" -v m="$2" '$1 == l && $2 == m {print $3}' "$RES"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
tc=$(rps "trivial static CGI" cgi) tf=$(rps "trivial FastCGI" fcgi)
{
    echo "# The shared model's answers on the web (bench/shared-web.sh)"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
    echo "load average $load_start at the start and $load_end at the end. ${NOTE:-}"
    echo "Apache on 127.0.0.1 (htdocs/apache.conf.in), \`wrk -t2 -c8\`, $DURATION per row after a warm-up"
    echo "(${WARMUP:-5s}; FastCGI ${FCGI_WARMUP:-12s}). The request is bench/web.sh's: POST /predict fchollet vs"
    echo "KimKardashian, HTML answer, the text of the Flask peer's post.lua (340 features); /rank ranks"
    echo "the same text among every account (HTML). The shared model answers /predict when the pair"
    echo "model files are moved away (the answer's \"model\" says which answered; the run checks it)."
    echo
    echo "Data: the celebrity-faceoff corpus (6 accounts, 9,000 posts; $face_train), and $accounts accounts"
    echo "cut from the shared corpora by bench/accounts.sh (PART=$PART; max_pair_models = 0, only the shared"
    echo "model; $many_train; models/shared.model $model_mb MB), and $SYNTH accounts of 80,000 synthetic weights"
    echo "each (bench-shared-synth; $syn_mb MB: the size of a real file at that scale)."
    echo
    echo "| what | mode | req/s | ratio to the trivial program | p50 ms | p99 ms | max ms | errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    while IFS=$'\t' read -r label mode r p50 p99 max e; do
        base=$tc; [ "$mode" = fcgi ] && base=$tf
        echo "| $label | $mode | $r | $(ratio "$r" "$base") | $p50 | $p99 | $max | $e |"
    done < "$RES"
    echo
    tp=$(rps "static CGI: the same POST body in, a 7.9 KB page out" cgi) ts=$(rps "POST /predict (shared model)" cgi)
    echo "The second plain-CGI baseline (bench/trivial_post.c) does only what every answer to this request"
    echo "makes Apache and the client do: a POST body passed to the program, a 7.9 KB page back. It ran at"
    echo "$(ratio "$tp" "$tc") of the trivial static CGI; the shared model's plain-CGI answer at $(ratio "$ts" "$tp") of it."
    echo
    echo "Instructions of one request (callgrind; plain CGI: the whole process; FastCGI: one request"
    echo "to a process that has answered one already, the mean over $K):"
    echo
    echo "| what | plain CGI | FastCGI |"
    echo "|---|---:|---:|"
    while IFS=$'\t' read -r label c f; do echo "| $label | $c | $f |"; done < "$ICSV"
} > "$OUT"
cat "$OUT"

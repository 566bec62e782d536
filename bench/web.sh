#!/usr/bin/env bash
# web.sh - the web part of `make bench`: wrk -t2 -c8 against POST /predict (answered by the pair's
# model, then by the shared model) and GET / under the
# project's Apache as plain CGI and as FastCGI, beside a trivial static C CGI and a trivial
# FastCGI program on the same server, and the Flask peer (pickled models, gunicorn) on the same
# corpus. Writes bench/RESULTS-web.md. Env: DURATION (10s), WARMUP (5s), FCGI_WARMUP (12s), PEER_WORKERS (2), WORK,
# CORPUS.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
PEER=$SHARED/reference/flask_peer
WORK=${WORK:-/tmp/twitoff-bench-web}
CORPUS=${CORPUS:-/tmp/corpora/faceoff/all.jsonl}
DURATION=${DURATION:-10s}
PEER_WORKERS=${PEER_WORKERS:-2}
OUT=${OUT:-$ROOT/bench/RESULTS-web.md}
export TWITOFF_HOME=$WORK/home
. "$ROOT/scripts/httpd.sh"
for t in wrk curl gunicorn /usr/bin/python3; do command -v "$t" >/dev/null || { echo "bench: missing $t (scripts/deps.sh bench)" >&2; exit 1; }; done
rm -rf "$WORK"
mkdir -p "$WORK/logs" "$WORK/cgi" "$WORK/fcgi" "$TWITOFF_HOME"
chmod 755 "$WORK"
[ -f "$CORPUS" ] || /usr/bin/python3 "$SHARED/reference/make_corpora.py" "$(dirname "$(dirname "$CORPUS")")"

echo "== data: the celebrity-faceoff corpus, trained with twitoff"
"$BIN/twitoff" -q reset --yes
"$BIN/twitoff" -q import "$CORPUS"
t0=$(date +%s.%N)
"$BIN/twitoff" -q train
train_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
"$BIN/twitoff" -q lists 2>/dev/null || true
# The pair-model rows measure the pair's own model: without the shared model's per-pair held-out
# accuracies (shared_pairs) no pair is handed to the shared model for measuring better.
sqlite3 "$TWITOFF_HOME/twitoff.db" "DELETE FROM shared_pairs"
# The sqlite3 shell removes the -wal and -shm files as it closes; the pages, which cannot create
# them, need them to open the store: any twitoff command makes them again.
"$BIN/twitoff" -q status > /dev/null
"$BIN/twitoff" -q iris "$ROOT/data/iris/iris.csv" >/dev/null

echo "== baselines"
. "$ROOT/bench/baselines.sh"
baselines_init
RES=$WORK/results.tsv
: > "$RES"
# measure LABEL MODE SCRIPT PATH: one wrk run; appends "label mode rps p50 p99 errors".
measure() {
    local out json
    local warm=${WARMUP:-5s}
    [ "$2" = fcgi ] && warm=${FCGI_WARMUP:-12s}   # mod_fcgid adds a process per class per wait
    wrk -t2 -c8 -d"$warm" --timeout 30s -s "$PEER/$3" "$URL$4" >/dev/null 2>&1 || true
    out=$(wrk -t2 -c8 -d"$DURATION" --timeout 30s -s "$PEER/$3" "$URL$4")
    local tag=${1//[^A-Za-z0-9]/_}
    echo "$out" > "$WORK/logs/wrk_$2_$tag.txt"
    json=$(echo "$out" | sed -n 's/^WRKJSON //p')
    /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); e=d["non2xx3xx"]+d["connect_err"]+d["read_err"]+d["write_err"]+d["timeout_err"]; print("\t".join([sys.argv[2], sys.argv[3], "%.0f" % d["rps"], "%.2f" % d["p50_ms"], "%.2f" % d["p99_ms"], str(e)]))' "$json" "$1" "$2" | tee -a "$RES"
}

serve() { baselines_serve "$TWITOFF_HOME" "$1"; }  # MODE: the project's server plus the two baselines

BODY=$(sed -n 's/^wrk.body *= *"\(.*\)"$/\1/p' "$PEER/post.lua")
trap 'httpd_stop "$TWITOFF_HOME"; [ -n "${GPID:-}" ] && kill -TERM "$GPID" 2>/dev/null; true' EXIT
for mode in cgi fcgi; do
    echo "== Apache, $mode"
    serve "$mode"
    curl -fsS -H 'Accept: application/json' --data "$BODY" "$URL/predict" | tee "$WORK/logs/answer_$mode.json"
    grep -q '"model":"pair"' "$WORK/logs/answer_$mode.json" || { echo "bench: the pair model did not answer" >&2; exit 1; }
    measure "POST /predict" "$mode" post.lua /predict
    # The same request answered by the shared model: the pair model files moved away.
    mkdir -p "$WORK/pairs" && mv "$TWITOFF_HOME"/models/*-*.model "$WORK/pairs/"
    curl -fsS -H 'Accept: application/json' --data "$BODY" "$URL/predict" > "$WORK/logs/answer_shared_$mode.json"
    grep -q '"model":"shared"' "$WORK/logs/answer_shared_$mode.json" || { echo "bench: the shared model did not answer" >&2; exit 1; }
    measure "POST /predict (shared model)" "$mode" post.lua /predict
    mv "$WORK/pairs/"*.model "$TWITOFF_HOME/models/"
    measure "GET /" "$mode" get.lua /
    [ "$mode" = cgi ] && measure "trivial static CGI" "$mode" get.lua /trivial
    [ "$mode" = fcgi ] && measure "trivial FastCGI" "$mode" get.lua /trivial-fcgi
    if [ "$mode" = fcgi ]; then
        fcgi_rss=$(ps -eo rss=,args= | awk -v b="$BIN/cgi-bin/" 'index($2, b) == 1 {if ($1 > m) m = $1} END {print m + 0}')
        fcgi_procs=$(ps -eo args= | grep -c "^$BIN/cgi-bin/" || true)
    fi
    httpd_stop "$TWITOFF_HOME"
done

echo "== peak memory of one plain CGI request"
printf '%s' "$BODY" > "$WORK/body"
mem() {  # PROGRAM METHOD
    env -i TWITOFF_HOME="$TWITOFF_HOME" REQUEST_METHOD="$2" CONTENT_TYPE=application/x-www-form-urlencoded \
        CONTENT_LENGTH=$([ "$2" = POST ] && echo ${#BODY} || echo 0) /usr/bin/time -f '%M' \
        "$BIN/cgi-bin/$1" < "$WORK/body" 2>&1 >/dev/null | tail -1
}
mem_predict=$(mem predict POST); mem_form=$(mem form GET); mem_users=$(mem users GET)

echo "== Flask peer (gunicorn -w $PEER_WORKERS, pickled models)"
(cd "$PEER" && /usr/bin/python3 load_db.py "$WORK/peer.db" "$CORPUS" >/dev/null)
t0=$(date +%s.%N)
(cd "$PEER" && /usr/bin/python3 train_all.py "$WORK/peer.db" "$WORK/peer-models" >/dev/null)
peer_train_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
(cd "$PEER" && PEER_DB="$WORK/peer.db" PEER_MODE=pickled PEER_MODELS="$WORK/peer-models" \
    exec gunicorn -w "$PEER_WORKERS" -b "127.0.0.1:$PORT" app:app) > "$WORK/logs/gunicorn.log" 2>&1 &
GPID=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "$URL/" && break; sleep 0.1; done
measure "POST /predict" flask post.lua /predict
measure "GET /" flask get.lua /
kill -TERM "$GPID"; wait "$GPID" 2>/dev/null || true; GPID=

/usr/bin/python3 "$ROOT/bench/report_web.py" "$RES" "$mem_predict" "$mem_form" "$mem_users" \
    "${fcgi_rss:-0}" "${fcgi_procs:-0}" "$train_s" "$peer_train_s" "$PEER_WORKERS" "$DURATION" \
    "${WARMUP:-5s} (FastCGI: ${FCGI_WARMUP:-12s})" > "$OUT"
cat "$OUT"

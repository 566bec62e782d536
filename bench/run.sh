#!/usr/bin/env bash
# run.sh - the core benchmark (`make bench`): accuracy, training speed, import speed, predict latency,
# model size and peak memory of TwitOff against the scikit-learn reference, in the same run.
# Writes bench/RESULTS.md. Needs ../shared (the reference scripts and corpora) beside the checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
OUT=${OUT:-$ROOT/bench/RESULTS.md}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
TIME=/usr/bin/time

# measure CMD...: run it, keep stdout in $W/out, set SECS and PEAK_MB.
measure() {
    local t0 t1
    t0=$(date +%s.%N)
    "$TIME" -f '%M' -o "$W/mem" "$@" >"$W/out" 2>"$W/err" || { cat "$W/err" >&2; return 1; }
    t1=$(date +%s.%N)
    SECS=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
    PEAK_MB=$(awk '{printf "%.0f", $1 / 1024}' "$W/mem")
}
json() { /usr/bin/python3 -c "import json,sys; print(json.load(open('$W/out'))['$1'])"; }

echo "corpora: the reference split (crc32(id) % 5 == 0 is test)" >&2
/usr/bin/python3 "$SHARED/reference/make_corpora.py" "$W/corpora" >&2

rows=()
for c in faceoff fivethirtyeight; do
    echo "accuracy: $c" >&2
    measure "$BIN/bench-accuracy" "$W/corpora/$c"
    t_acc=$(json mean_pair_acc); t_fit=$(json fit_seconds); t_all=$(json seconds); t_mem=$PEAK_MB
    measure /usr/bin/python3 "$SHARED/reference/eval_sklearn.py" "$W/corpora/$c" --config strong
    s_acc=$(json mean_pair_acc); s_all=$(json seconds); s_mem=$PEAK_MB
    measure /usr/bin/python3 "$SHARED/reference/eval_sklearn.py" "$W/corpora/$c" --config seed
    seed_acc=$(json mean_pair_acc)
    rows+=("| $c | $(json pairs) | $t_acc | $s_acc | $seed_acc | $t_all | $s_all | $(echo "$s_all $t_all" | awk '{printf "%.1f", $1 / $2}')x | $t_mem | $s_mem |")
done

echo "import: the three shared corpora" >&2
export TWITOFF_HOME=$W/home
"$BIN/twitoff" -q reset --yes
files=("$SHARED"/data/tweets/celebrity-faceoff/raw_tweets.csv "$SHARED"/data/tweets/fivethirtyeight-twitter-ratio/*.csv "$SHARED"/data/tweets/uci-health-news/*.txt)
measure "$BIN/twitoff" -q import "${files[@]}"
import_secs=$SECS
import_posts=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT count(*) FROM posts")

echo "train: 120 health pairs (peak memory)" >&2
"$BIN/twitoff" -q reset --yes
"$BIN/twitoff" -q import "$SHARED"/data/tweets/uci-health-news/*.txt
measure "$BIN/twitoff" -q train
health_secs=$SECS; health_mem=$PEAK_MB
health_pairs=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT count(*) FROM pairs")

echo "train: 15 faceoff pairs from an imported database" >&2
"$BIN/twitoff" -q reset --yes
"$BIN/twitoff" -q import "$SHARED"/data/tweets/celebrity-faceoff/raw_tweets.csv
measure "$BIN/twitoff" -q train
train_secs=$SECS; train_mem=$PEAK_MB
measure /usr/bin/python3 "$SHARED/reference/eval_sklearn.py" "$W/corpora/faceoff" --config strong
sk_secs=$(json seconds)
model_max=$(stat -c %s "$TWITOFF_HOME"/models/*.model | sort -n | tail -1)

echo "predict: whole process, 200 runs" >&2
t0=$(date +%s.%N)
for i in $(seq 200); do "$BIN/twitoff" -q predict fchollet KimKardashian "Keras makes deep learning easy" >/dev/null; done
t1=$(date +%s.%N)
predict_ms=$(echo "$t0 $t1" | awk '{printf "%.2f", ($2 - $1) * 1000 / 200}')
t0=$(date +%s.%N)
for i in $(seq 200); do /bin/true; done
t1=$(date +%s.%N)
true_ms=$(echo "$t0 $t1" | awk '{printf "%.2f", ($2 - $1) * 1000 / 200}')

{
echo "# Core benchmark results"
echo
echo "Measured by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)."
echo "TwitOff trains with $("$BIN/twitoff" -q status --json >/dev/null; echo "${TWITOFF_TRAIN_THREADS:-all}") cores; scikit-learn $( /usr/bin/python3 -c 'import sklearn; print(sklearn.__version__)') runs its own way (one process)."
echo
echo "## Accuracy on the reference split (train on train.jsonl, score test.jsonl, every pair)"
echo
echo "| corpus | pairs | TwitOff | sklearn strong | sklearn seed (classic) | TwitOff s | strong s | speed-up | TwitOff MB | strong MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "Seconds are wall time of the whole run: loading, featurising, fitting every pair and scoring."
echo
echo "## Operations"
echo
echo "| what | figure | target |"
echo "|---|---:|---|"
echo "| train all 15 faceoff pairs from an imported database (\`twitoff train\`, with held-out accuracy) | ${train_secs} s, ${train_mem} MB | |"
echo "| scikit-learn strong, 15 faceoff pairs, same run | ${sk_secs} s | |"
echo "| speed-up | $(echo "$sk_secs $train_secs" | awk '{printf "%.1f", $1 / $2}')x | >= 20x |"
echo "| import the three shared corpora ($import_posts posts stored) | ${import_secs} s | <= 3 s |"
echo "| \`twitoff predict A B TEXT\`, whole process (mean of 200; /bin/true: ${true_ms} ms) | ${predict_ms} ms | <= 5 ms |"
echo "| largest model file (faceoff) | $((model_max / 1024)) KB | <= 256 KB |"
echo "| train the health corpus ($health_pairs pairs): time, peak memory | ${health_secs} s, ${health_mem} MB | <= 200 MB |"
} >"$OUT"
cat "$OUT"

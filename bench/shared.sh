#!/usr/bin/env bash
# shared.sh - the shared model's benchmark: its accuracy on the faceoff and health corpora beside
# the pair models' and the scikit-learn multinomial reference (eval_multinomial.py), all in this
# run on the reference split; the cost of keeping fewer weights per account (one fit, pruned
# several ways); and `twitoff predict` answered by the shared model, as a whole process.
# --choice (NO_CHOICE=1 skips it): the per-pair choice between the two models that predict makes.
# Writes bench/RESULTS-shared.md. Needs ../shared (the reference scripts and corpora).
# CORPORA="faceoff health" (default both; health needs ~4.5 GB and ~5 min for the reference),
# WEIGHTS="40000,80000,120000" (caps scored), HEALTH_ITERATIONS (default: the setting's default).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
OUT=${OUT:-$ROOT/bench/RESULTS-shared.md}
CORPORA=${CORPORA:-faceoff health}
WEIGHTS=${WEIGHTS:-40000,80000,120000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# field JSON KEY: one value of a JSON line.
field() { /usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1])['$2'])" "$1"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "corpora: the reference split (crc32(id) % 5 == 0 is test)" >&2
/usr/bin/python3 "$SHARED/reference/make_corpora.py" "$W/corpora" >&2
rows=() prune=() targets=() notes=() choice=()
# Memory the reference needs (MB; eval_multinomial.py's README: about 4.5 GB on health).
declare -A REF_MIN_MB=([faceoff]=1500 [fivethirtyeight]=1500 [health]=5500)
avail_mb() { awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo; }
# target WHAT OURS THEIRS: one table row saying whether OURS >= THEIRS (both to 4 decimals).
target() {
    local verdict
    if [ "$3" = skipped ]; then verdict="not checked (reference skipped)"
    elif awk -v a="$2" -v b="$3" 'BEGIN { exit !(a + 0 >= b + 0) }'; then verdict="met"
    else verdict="**not met** ($(awk -v a="$2" -v b="$3" 'BEGIN { printf "%+.4f", a - b }'))"
    fi
    echo "| $1 | $2 | $3 | $verdict |"
}
for c in $CORPORA; do
    iters=
    [ "$c" = health ] && iters=${HEALTH_ITERATIONS:-}
    echo "$c: the shared model (weights $WEIGHTS)" >&2
    t0=$(date +%s.%N)
    TWITOFF_SHARED_ITERATIONS=${iters:-${TWITOFF_SHARED_ITERATIONS:-}} \
        "$BIN/bench-accuracy" "$W/corpora/$c" --shared "$WEIGHTS" >"$W/shared.json"
    t1=$(date +%s.%N)
    echo "$c: the pair models" >&2
    pairs=$("$BIN/bench-accuracy" "$W/corpora/$c")
    extra=()
    [ "$c" = health ] && extra=(--max-iter 100)
    if [ "$(avail_mb)" -ge "${REF_MIN_MB[$c]:-2000}" ]; then
        echo "$c: scikit-learn multinomial reference" >&2
        ref=$(/usr/bin/python3 "$SHARED/reference/eval_multinomial.py" "$W/corpora/$c" "${extra[@]}")
    else
        echo "$c: scikit-learn reference skipped: $(avail_mb) MB available, ${REF_MIN_MB[$c]} MB needed" >&2
        ref='{"mean_pair_acc": "skipped", "top1_all": "skipped", "fit_seconds": "-"}'
        notes+=("- $c: the scikit-learn reference was **not run** (only $(avail_mb) MB of memory available, ${REF_MIN_MB[$c]} MB needed); its targets are not checked.")
    fi
    while read -r line; do
        w=$(field "$line" weights)
        kb=$(( $(field "$line" file_bytes) / 1024 ))
        [ "$kb" -gt 0 ] && kb="$kb KB" || kb="- (not saved)"
        prune+=("| $c | $w | $(field "$line" prior) | $(field "$line" mean_pair_acc) | $(field "$line" top1_all) | $kb |")
        if [ "$w" = "${DEFAULT_WEIGHTS:-80000}" ] && [ "$(field "$line" prior)" = equal ]; then
            shared_pair=$(field "$line" mean_pair_acc) shared_top1=$(field "$line" top1_all)
            targets+=("$(target "$c: shared mean pairwise >= the scikit-learn reference's" "$shared_pair" "$(field "$ref" mean_pair_acc)")")
            targets+=("$(target "$c: shared mean pairwise >= the pair models'" "$shared_pair" "$(field "$pairs" mean_pair_acc)")")
            if [ "$c" = health ]; then
                targets+=("$(target "$c: shared top-1 among all >= the scikit-learn reference's" "$shared_top1" "$(field "$ref" top1_all)")")
            fi
        fi
        if [ "$w" = "${DEFAULT_WEIGHTS:-80000}" ]; then
            rows+=("| $c ($(field "$line" accounts) accounts, $(field "$line" pairs) pairs) | $(field "$line" prior) | $(field "$line" mean_pair_acc) | $(field "$line" top1_all) | $(field "$pairs" mean_pair_acc) | $(field "$ref" mean_pair_acc) | $(field "$ref" top1_all) | $(field "$line" iterations) | $(field "$line" fit_seconds) s | $(field "$ref" fit_seconds) s |")
        fi
    done <"$W/shared.json"
    if [ -z "${NO_CHOICE:-}" ]; then
        echo "$c: which model answers each pair (--choice)" >&2
        ch=$("$BIN/bench-accuracy" "$W/corpora/$c" --choice)
        choice+=("| $c | $(field "$ch" pair_models) | $(field "$ch" shared) | **$(field "$ch" choice)** | $(field "$ch" chose_shared) of $(field "$ch" pairs) |")
    fi
    echo "$c: done in $(secs "$t0" "$t1") s (shared)" >&2
done

echo "predict: whole process, answered by the shared model (faceoff, no pair models)" >&2
export TWITOFF_HOME=$W/home
"$BIN/twitoff" -q reset --yes
"$BIN/twitoff" -q import "$SHARED/data/tweets/celebrity-faceoff/raw_tweets.csv"
"$BIN/twitoff" -q train
rm -f "$TWITOFF_HOME"/models/*-*.model
measure_ms() {
    local n=$1 t0 t1
    shift
    t0=$(date +%s.%N)
    for _ in $(seq "$n"); do "$@" >/dev/null; done
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }'
}
shared_ms=$(measure_ms 100 "$BIN/twitoff" -q predict fchollet KimKardashian "Keras makes deep learning easy")
rank_ms=$(measure_ms 100 "$BIN/twitoff" -q rank "Keras makes deep learning easy")
true_ms=$(measure_ms 100 /bin/true)
size=$(stat -c %s "$TWITOFF_HOME/models/shared.model")

{
echo "# Shared model benchmark results"
echo
echo "Measured by \`bench/shared.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), load average"
echo "$(cut -d' ' -f1-3 /proc/loadavg) at the end (a machine other work shared: seconds vary a lot between runs)."
echo "Train on the reference split's train.jsonl, score its test.jsonl (\`bench-accuracy --shared\`:"
echo "the model is saved and opened as the pages open it, each pair scored through its pair view)."
echo
echo "## Accuracy (the default: shared_weights = ${DEFAULT_WEIGHTS:-80000}; each prior from one fit)"
echo
echo "| corpus | prior | shared: mean pairwise | shared: top-1 | pair models: mean pairwise | sklearn multinomial: mean pairwise | sklearn: top-1 | iterations | shared fit | sklearn fit |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "scikit-learn: \`eval_multinomial.py\` (C = 10; health with \`--max-iter 100\`, as its README)."
echo
echo "## Targets (the default prior, equal; every figure from this run)"
echo
echo "| target | shared model | to reach | |"
echo "|---|---:|---:|---|"
printf '%s\n' "${targets[@]}"
if [ ${#notes[@]} -gt 0 ]; then echo; printf '%s\n' "${notes[@]}"; fi
echo
if [ ${#choice[@]} -gt 0 ]; then
echo "## Which model answers (\`bench-accuracy --choice\`)"
echo
echo "Per pair, as \`predict\` chooses: the pair's own model unless the shared model was right more"
echo "often on the held-out fifth of the pair's train posts (both fitted as the batch fits them, the"
echo "pair models with their held-out fold and calibration); each scored on the test posts."
echo
echo "| corpus | pair models | shared model | the per-pair choice | pairs answered by the shared model |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${choice[@]}"
echo
fi
echo "## Weights kept per account (one fit, pruned to each cap)"
echo
echo "| corpus | weights per account | prior | mean pairwise | top-1 | file |"
echo "|---|---:|---|---:|---:|---:|"
printf '%s\n' "${prune[@]}"
echo
echo "## Answering"
echo
echo "| what | figure | target |"
echo "|---|---:|---|"
echo "| \`twitoff predict A B TEXT\` answered by the shared model (faceoff, 6 accounts), whole process, mean of 100 (/bin/true: ${true_ms} ms) | ${shared_ms} ms | <= 150 ms |"
echo "| \`twitoff rank TEXT\` (6 accounts), whole process, mean of 100 | ${rank_ms} ms | |"
echo "| shared model file (faceoff) | $((size / 1024)) KB | |"
} >"$OUT"
cat "$OUT"

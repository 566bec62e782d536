#!/usr/bin/env bash
# calibration.sh - how honest the probabilities are, on every shared corpus's reference split
# (train on train.jsonl, score test.jsonl): the ways of turning decision values into
# probabilities compared by bench-accuracy --calibration; the shipped `twitoff predict` measured
# from outside by ../shared/reference/pair_calibration.py (balanced and unweighted); and
# `twitoff eval`'s cross-validated figures on the train split. Writes bench/RESULTS-calibration.md.
# Re-runnable: CORPORA="faceoff health" (default: faceoff fivethirtyeight health) picks corpora.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
OUT=${OUT:-$ROOT/bench/RESULTS-calibration.md}
CORPORA=${CORPORA:-faceoff fivethirtyeight health}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
PY=/usr/bin/python3

echo "corpora: the reference split (crc32(id) % 5 == 0 is test)" >&2
$PY "$SHARED/reference/make_corpora.py" "$W/corpora" >&2

variants=() outside=() evals=() rel=()
for c in $CORPORA; do
    echo "calibration variants: $c" >&2
    "$BIN/bench-accuracy" --calibration "$W/corpora/$c" >"$W/v.json"
    variants+=("$($PY - "$W/v.json" "$c" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for v in d['variants']:
    b, u = v['balanced'], v['unweighted']
    print(f"| {sys.argv[2]} ({d['pairs']}) | {v['name']} | {b['accuracy']:.4f} | {b['brier']:.4f} | {b['ece']:.4f} | {u['accuracy']:.4f} | {u['brier']:.4f} | {u['ece']:.4f} |")
PY
)")
    rel+=("$($PY - "$W/v.json" "$c" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
cells = [f"{p:,}: {s:.3f} / {r:.3f}" if p else "-" for p, s, r in d['reliability']]
print(f"| {sys.argv[2]} | " + " | ".join(cells) + " |")
PY
)")
    echo "twitoff train + predict (pair_calibration.py), eval: $c" >&2
    export TWITOFF_HOME=$W/home-$c
    "$BIN/twitoff" -q reset --yes
    "$BIN/twitoff" -q import "$W/corpora/$c/train.jsonl"
    "$BIN/twitoff" -q train
    bal=$($PY "$SHARED/reference/pair_calibration.py" --balanced "$BIN/twitoff" "$W/corpora/$c")
    raw=$($PY "$SHARED/reference/pair_calibration.py" "$BIN/twitoff" "$W/corpora/$c")
    outside+=("$($PY - "$bal" "$raw" "$c" <<'PY'
import json, sys
b, u = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"| {sys.argv[3]} ({b['pairs']}) | {b['mean_pair_acc']:.4f} | {b['brier']:.4f} | {b['ece']:.4f} | {u['mean_pair_acc']:.4f} | {u['brier']:.4f} | {u['ece']:.4f} |")
PY
)")
    "$BIN/twitoff" -q eval --json >"$W/e.json"
    evals+=("$($PY - "$W/e.json" "$c" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); b, u = d['balanced'], d['unweighted']
print(f"| {sys.argv[2]} ({d['pairs']}) | {b['accuracy']:.4f} | {b['brier']:.4f} | {b['ece']:.4f} | {u['accuracy']:.4f} | {u['brier']:.4f} | {u['ece']:.4f} |")
PY
)")
done

{
echo "# Calibration results"
echo
echo "Measured by \`bench/calibration.sh\` (part of \`make bench\`) on $(date -u +%Y-%m-%d), $(nproc) cores."
echo "Balanced: both accounts of a pair weigh equally (each post 1/2 of its account's share: the"
echo "primary figures, for \"both equally likely before the text is read\"); unweighted: every post"
echo "alike. Accuracy and Brier are means over pairs; ECE pools every pair's answers (each pair"
echo "weighing 1) into 10 bins of the winner's probability over 0.5-1."
echo
echo "## Ways of turning a decision value into a probability (test split, bench-accuracy --calibration)"
echo
echo "Each pair fitted on its train posts; calibrations fitted on the decision values of one held-out"
echo "fifth of them (a model fitted on the other four fifths), as \`twitoff train\` does."
echo
echo "| corpus (pairs) | probability | bal. accuracy | bal. Brier | bal. ECE | accuracy | Brier | ECE |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${variants[@]}"
echo
echo "## The shipped \`twitoff predict\`, measured from outside (pair_calibration.py on the test split)"
echo
echo "| corpus (pairs) | bal. accuracy | bal. Brier | bal. ECE | accuracy | Brier | ECE |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${outside[@]}"
echo
echo "## Reliability table of the shipped probabilities (test split, balanced)"
echo
echo "Per bin of the winner's probability: answers, mean probability said / share right."
echo
echo "| corpus | 50-55% | 55-60% | 60-65% | 65-70% | 70-75% | 75-80% | 80-85% | 85-90% | 90-95% | 95-100% |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rel[@]}"
echo
echo "## \`twitoff eval\` (5-fold cross-validation on the train split, each fold calibrated on the others)"
echo
echo "| corpus (pairs) | bal. accuracy | bal. Brier | bal. ECE | accuracy | Brier | ECE |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${evals[@]}"
} >"$OUT"
cat "$OUT"

#!/usr/bin/env bash
# shared-validation.sh - the shared model's settings measured on a validation split inside the
# reference split's train posts (crc32(id) % 5 == 1 of train.jsonl held out; the held-out fifth,
# crc32(id) % 5 == 0, is not read), where its defaults are chosen: `bench-accuracy --shared` per
# setting, beside the pair models on the same split. Writes bench/RESULTS-shared-validation.md.
# Environment: BIN, SHARED, OUT; CORPORA (default "faceoff health"); SETTINGS: one run per word,
# each a comma-separated list of twitoff.conf settings (default: the naive-Bayes power and the
# idf alone, the naive-Bayes power and smoothing: docs/model.md's table). Every setting not named
# keeps its default. About 15 minutes on one core (TWITOFF_TRAIN_THREADS=1).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
OUT=${OUT:-$ROOT/bench/RESULTS-shared-validation.md}
CORPORA=${CORPORA:-faceoff health}
SETTINGS=${SETTINGS:-shared_nb_power=0 shared_nb_power=0.25,shared_nb_alpha=0.5 shared_nb_power=0.5,shared_nb_alpha=0.5
    shared_nb_power=0.75,shared_nb_alpha=0.5 shared_nb_power=0.25 shared_nb_power=0.5 shared_nb_power=0.75
    shared_nb_power=0.5,shared_nb_alpha=0.25 shared_nb_power=0.5,shared_nb_alpha=0.05}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

echo "corpora: the reference split, then the validation split inside its train posts" >&2
/usr/bin/python3 "$SHARED/reference/make_corpora.py" "$W/ref" >&2
# split SRC DST: crc32(id) % 5 == 1 of SRC/train.jsonl into DST/test.jsonl, the rest DST/train.jsonl.
split() {
    /usr/bin/python3 - "$1" "$2" <<'EOF'
import json, os, sys, zlib
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
with open(f'{src}/train.jsonl') as f, open(f'{dst}/train.jsonl', 'w') as tr, open(f'{dst}/test.jsonl', 'w') as te:
    for line in f:
        (te if zlib.crc32(json.loads(line)['id'].encode()) % 5 == 1 else tr).write(line)
EOF
}
# env_of SETTING: "a=1,b=2" as TWITOFF_A=1 TWITOFF_B=2.
env_of() { tr ',' '\n' <<<"$1" | awk -F= '{ printf "TWITOFF_%s=%s ", toupper($1), $2 }'; }
row() { /usr/bin/python3 -c "
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    if d['prior'] == 'equal' and d['weights'] == 80000: print('%.4f / %.4f' % (d['mean_pair_acc'], d['top1_all']))"; }
rows=()
for c in $CORPORA; do
    split "$W/ref/$c" "$W/val/$c"
    n_tr=$(wc -l <"$W/val/$c/train.jsonl") n_te=$(wc -l <"$W/val/$c/test.jsonl")
    pairs=$("$BIN/bench-accuracy" "$W/val/$c" | /usr/bin/python3 -c "import json,sys; print('%.4f' % json.load(sys.stdin)['mean_pair_acc'])")
    rows+=("| $c ($n_tr / $n_te posts) | the pair models | $pairs | |")
    for s in $SETTINGS; do
        echo "$c: $s" >&2
        r=$(env $(env_of "$s") "$BIN/bench-accuracy" "$W/val/$c" --shared 80000 | row)
        rows+=("| $c | \`$s\` | ${r% / *} | ${r#* / } |")
    done
done
{
echo "# The shared model's settings on the validation split"
echo
echo "Measured by \`bench/shared-validation.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, train_threads"
echo "${TWITOFF_TRAIN_THREADS:-(default)}, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. The reference split's train"
echo "posts with crc32(id) % 5 == 1 are held out (the validation posts); the model is fitted on the"
echo "others, the reference test posts are not read. \`bench-accuracy --shared 80000\`, prior = equal."
echo
echo "| corpus (train / validation posts) | setting | mean pairwise | top-1 among all |"
echo "|---|---|---:|---:|"
printf '%s\n' "${rows[@]}"
} >"$OUT"
cat "$OUT"

#!/usr/bin/env bash
# scale.sh - the scale benchmark: ~200 accounts made from the shared corpora, `twitoff nightly`
# from scratch (and the nights after it while train_budget stopped one), then an incremental
# night after 10 accounts gained posts; wall and CPU time, peak memory, page faults, disk of
# models/, pairs with a model of their own, held-out accuracy of both models, the shared model's
# fit alone (time, memory), the time to answer pairs with and without a pair model, and the
# shared model against the scikit-learn multinomial reference on faceoff. Writes
# bench/RESULTS-scale.md. Re-runnable: every figure is measured again by running it (`make bench`
# runs it; the machine it runs on is named, and its load average before and after).
# Environment: BIN, SHARED, OUT; PART (posts per account part, default 340), GAIN (accounts that
# gain posts for the incremental night, default 10), GAIN_POSTS (posts each gains, default 30).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
OUT=${OUT:-$ROOT/bench/RESULTS-scale.md}
PART=${PART:-340}
GAIN=${GAIN:-10}
GAIN_POSTS=${GAIN_POSTS:-30}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
TW=$BIN/twitoff
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# timed NAME CMD...: run CMD under /usr/bin/time -v; sets SECS, CPU, PEAK_MB, MINFLT, SYS.
timed() {
    local name=$1; shift
    /usr/bin/time -v -o "$W/$name.time" "$@" >"$W/$name.out" 2>"$W/$name.err" || { cat "$W/$name.err" >&2; return 1; }
    SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s}' "$W/$name.time")
    PEAK_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$W/$name.time")
    MINFLT=$(awk -F': ' '/Minor .*page faults/ {print $2}' "$W/$name.time")
    SYS=$(awk -F': ' '/System time/ {print $2}' "$W/$name.time")
    CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$W/$name.time")
}
q() { sqlite3 "$TWITOFF_HOME/twitoff.db" "$1"; }
field() { /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

echo "scale: importing the shared corpora and splitting every account into parts of ~$PART posts" >&2
BIN=$BIN PART=$PART GAIN=$GAIN GAIN_POSTS=$GAIN_POSTS "$ROOT/bench/accounts.sh" "$W"

export TWITOFF_HOME=$W/home
mkdir -p "$TWITOFF_HOME"
"$TW" -q import "$W/base.jsonl"
accounts=$(q "SELECT count(*) FROM users")
posts=$(q "SELECT count(*) FROM posts")
pairs=$((accounts * (accounts - 1) / 2))
echo "scale: $accounts accounts, $posts posts, $pairs pairs; the shared model alone (a copy, no pair models)" >&2
# The shared model's fit alone: `twitoff train` on a copy of the store with max_pair_models = 0.
cp -r "$TWITOFF_HOME" "$W/shared-home"
TWITOFF_HOME=$W/shared-home TWITOFF_MAX_PAIR_MODELS=0 timed shared "$TW" -v train
sh_secs=$SECS sh_cpu=$CPU sh_mem=$PEAK_MB
sh_line=$(grep -E 'shared model: .* trained' "$W/shared.err" | sed 's/^twitoff: //' || echo "shared model: not trained")
sh_mb=$(du -m "$W/shared-home/models/shared.model" 2>/dev/null | cut -f1 || echo 0)
rm -rf "$W/shared-home"
echo "scale: nightly from scratch" >&2

# night NAME LABEL: a timed `twitoff nightly --no-fetch`; its table row goes to $W/rows, what it
# reported to $W/NAME.lines; sets MB (models/ MB) and PEAK_MB.
night() {
    timed "$1" "$TW" nightly --no-fetch
    local models acc
    models=$(find "$TWITOFF_HOME/models" -name '*-*.model' | wc -l)
    MB=$(du -sm "$TWITOFF_HOME/models" | cut -f1)
    acc=$(q "SELECT printf('%.4f', avg(accuracy)) FROM pairs")
    echo "| $2 | $SECS | $CPU | $PEAK_MB | $MINFLT | $SYS | $models | $MB | $acc |" >> "$W/rows"
    grep -E '^[a-z]+: |^shared model: ' "$W/$1.err" | grep -E 'train|nightly|shared model' | grep -Ev ' ETA |\(100%\)$' | sed 's/^/    /' > "$W/$1.lines" || true
}
night scratch "from scratch"
s_secs=$SECS s_mem=$PEAK_MB
s_left=$("$TW" -q status --json | field pairs_left)
# While a night stops at train_budget, the next ones go on with what it left (at most 3 more).
catchup=0
: > "$W/catchup.lines"
while grep -q 'train_budget .* reached' "$W/$( [ $catchup = 0 ] && echo scratch || echo "catchup$catchup").err" && [ $catchup -lt 3 ]; do
    catchup=$((catchup + 1))
    echo "scale: night $((catchup + 1)): the pairs the budget left" >&2
    night "catchup$catchup" "next night $catchup (what the budget left)"
    cat "$W/catchup$catchup.lines" >> "$W/catchup.lines"
    [ $PEAK_MB -gt $s_mem ] && s_mem=$PEAK_MB
done

echo "scale: $GAIN accounts gain $GAIN_POSTS posts each; incremental nightly" >&2
"$TW" -q import "$W/late.jsonl"
stale_before=$("$TW" -q status --json | field stale_pairs)
night incr "incremental ($stale_before stale pairs)"
i_secs=$SECS i_mem=$PEAK_MB i_mb=$MB
"$TW" -q status --json > "$W/status2.json"
shared_acc=$("$TW" -q status --json | /usr/bin/python3 -c "import json,sys; d = json.load(sys.stdin)
s = d.get('shared_model') or {}
print('top-1 %s, mean pairwise %s' % (s.get('top1_accuracy', '?'), s.get('mean_pairwise_accuracy', '?')))" 2>/dev/null || echo "unknown")

# Pairs without a model of their own are still answered: time `twitoff predict` on 5 of them
# (and on 5 with one), whatever predict uses for them in this build.
answer() {
    local n=0 ok=0 t0 t1
    t0=$(date +%s.%N)
    while read -r a b; do
        n=$((n + 1))
        "$TW" -q predict "$a" "$b" "new study links sleep and heart health" >/dev/null 2>&1 && ok=$((ok + 1))
    done
    t1=$(date +%s.%N)
    echo "$ok of $n answered, $(echo "$t0 $t1 $n" | awk '{printf "%.2f", ($2 - $1) / ($3 ? $3 : 1)}') s each"
}
with_model=$(q "SELECT a.handle, b.handle FROM pairs p JOIN users a ON a.id = p.user_a JOIN users b ON b.id = p.user_b
                ORDER BY p.user_a * 7919 % 1000 LIMIT 5" | tr '|' ' ' | answer)
without_model=$(q "SELECT a.handle, b.handle FROM users a JOIN users b ON a.handle < b.handle
                   WHERE NOT EXISTS (SELECT 1 FROM pairs p WHERE p.user_a IN (a.id, b.id) AND p.user_b IN (a.id, b.id))
                   ORDER BY (a.id * 31 + b.id * 17) % 997 LIMIT 5" | tr '|' ' ' | answer)

# The shared model against the scikit-learn multinomial reference, on faceoff's reference split.
echo "scale: faceoff: the shared model and the scikit-learn multinomial reference" >&2
# (a failure here is reported in the results, not fatal: the nights' figures are kept)
ref_shared='{}' ref_sk='{}'
if /usr/bin/python3 "$SHARED/reference/make_corpora.py" "$W/corpora" >/dev/null 2>"$W/ref.err" &&
   "$BIN/bench-accuracy" "$W/corpora/faceoff" --shared 80000 >"$W/ref_shared.json" 2>>"$W/ref.err"; then
    ref_shared=$(grep '"weights": 80000' "$W/ref_shared.json" | grep '"prior": "equal"' | head -1)
fi
/usr/bin/python3 "$SHARED/reference/eval_multinomial.py" "$W/corpora/faceoff" >"$W/ref_sk.json" 2>>"$W/ref.err" &&
    ref_sk=$(head -1 "$W/ref_sk.json") || echo "scale: the reference failed: $(tail -1 "$W/ref.err")" >&2
jf() { /usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1]).get('$2', '(not measured)'))" "$1"; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ok() { awk -v v="$1" -v t="$2" 'BEGIN {print (v <= t) ? "yes" : "**no**"}'; }
{
echo "# Scale benchmark results"
echo
echo "Measured by \`bench/scale.sh\` (run by \`make bench\`) on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m),"
echo "${SCALE_NOTE:-a machine that other work may share: timings vary between runs}"
echo "(load average $load_before before, $load_after after)."
echo "Settings: train_budget ${TWITOFF_TRAIN_BUDGET:-(default)}, max_pair_models ${TWITOFF_MAX_PAIR_MODELS:-(default)},"
echo "shared_budget ${TWITOFF_SHARED_BUDGET:-(default)}, shared_memory_mb ${TWITOFF_SHARED_MEMORY_MB:-(default)} (twitoff.conf(5))."
echo
echo "## Data"
echo "The three shared corpora (faceoff, fivethirtyeight, UCI health news: $(cat "$W/base.jsonl" "$W/late.jsonl" | wc -l) posts"
echo "after import; \`bench/accounts.sh\`) with every account's posts, in time order, cut into max(1, n / $PART) parts of $PART"
echo "posts (the last part takes the rest); part k of NAME is the account NAME.pk. That gives $accounts"
echo "accounts, $pairs pairs. The newest $GAIN_POSTS posts of the last part of $GAIN accounts (the first by name)"
echo "are held back and imported before the incremental night."
echo
echo "## Results (\`twitoff nightly --no-fetch\`, /usr/bin/time -v)"
echo
echo "| night | wall s | CPU s (user + system) | peak RSS MB | minor faults | system s | pair models | models/ MB | mean held-out accuracy |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
cat "$W/rows"
echo
echo "The shared model alone (\`twitoff -v train\` on a copy of the store, max_pair_models = 0: its"
echo "held-out fit and its final fit): $sh_secs s wall, $sh_cpu s CPU, peak RSS $sh_mem MB, file $sh_mb MB;"
echo "it reported \`$sh_line\`."
echo "Its held-out accuracy after the incremental night (\`twitoff status --json\`, prior = equal): $shared_acc."
echo "Mean held-out accuracy of the pair models: the last column above."
echo
echo "Pairs left without a model of their own by the budget after the first night: $s_left of $pairs"
echo "(a night stopped by train_budget is followed by up to 3 more nights, shown above, before the"
echo "posts are added: the incremental night is measured on a caught-up instance);"
echo "status after the incremental night: \`$(cat "$W/status2.json")\`."
echo
echo "Answering pairs (\`twitoff predict\`, whole process): with a model of their own $with_model;"
echo "without one $without_model."
echo
echo "The shared model against the scikit-learn multinomial reference on faceoff (the reference split,"
echo "\`bench-accuracy CORPUS --shared 80000\` and \`eval_multinomial.py CORPUS\`, this run): shared"
echo "mean pairwise $(jf "$ref_shared" mean_pair_acc), top-1 $(jf "$ref_shared" top1_all) ($(jf "$ref_shared" prior) prior);"
echo "scikit-learn $(jf "$ref_sk" mean_pair_acc), top-1 $(jf "$ref_sk" top1_all)."
echo
echo "What the nights reported:"
echo
echo '```'
cat "$W/scratch.lines" "$W/catchup.lines" "$W/incr.lines"
echo '```'
echo
echo "## Targets"
echo
echo "| target | measured | met |"
echo "| --- | ---: | --- |"
echo "| from scratch <= 600 s | $s_secs s | $(ok "$s_secs" 600) |"
echo "| incremental <= 120 s | $i_secs s | $(ok "$i_secs" 120) |"
echo "| model files <= 300 MB | $i_mb MB | $(ok "$i_mb" 300) |"
echo "| \`twitoff predict\` without a pair model <= 0.15 s | $(echo "$without_model" | sed 's/.*, //') | $(ok "$(echo "$without_model" | sed 's/.*, \([0-9.]*\) s each/\1/')" 0.15) |"
echo "| peak memory <= 1024 MB | $(( s_mem > i_mem ? s_mem : i_mem )) MB | $(ok "$(( s_mem > i_mem ? s_mem : i_mem ))" 1024) |"
} > "$OUT"
echo "scale: wrote $OUT" >&2

#!/usr/bin/env bash
# train-throughput.sh - the trainer's throughput before and after a change, in the same run:
# `twitoff train` from scratch on every 10th account of the scale benchmark's accounts
# (bench/accounts.sh: 20 accounts of ~340 posts, 190 pairs), the two builds alternating ROUNDS
# times; pairs/s, wall and system seconds, minor page faults and peak memory (/usr/bin/time -v).
# Writes bench/RESULTS-train.md.
# Usage: bench/train-throughput.sh [OLD_TWITOFF [NEW_TWITOFF]]; without OLD_TWITOFF the commit
# OLD_REV (default: the one before the trainer kept its bucket maps) is built in a temporary
# directory; NEW_TWITOFF defaults to $BIN/twitoff. Environment: BIN, SHARED, OUT, ROUNDS (3).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
OUT=${OUT:-$ROOT/bench/RESULTS-train.md}
ROUNDS=${ROUNDS:-3}
OLD_REV=${OLD_REV:-$(git -C "$ROOT" log --format=%H -1 --grep='reuse the bucket maps between fits')^}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
OLD=${1:-}
NEW=${2:-$BIN/twitoff}
if [ -z "$OLD" ]; then
    echo "train-throughput: building $OLD_REV" >&2
    mkdir -p "$W/old"
    git -C "$ROOT" archive "$OLD_REV" | tar -x -C "$W/old"
    make -C "$W/old" -s bin/twitoff >/dev/null 2>&1
    OLD=$W/old/bin/twitoff
fi

BIN=$BIN "$ROOT/bench/accounts.sh" "$W/data" >&2
/usr/bin/python3 - "$W/data/base.jsonl" "$W/sub.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
keep = set(sorted({r['screen_name'] for r in rows})[::10])
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    for r in rows:
        if r['screen_name'] in keep: f.write(json.dumps(r) + '\n')
PY
export TWITOFF_HOME=$W/base
mkdir -p "$TWITOFF_HOME"
"$OLD" -q import "$W/sub.jsonl"   # the older schema: the new build migrates its copy
accounts=$(sqlite3 "$TWITOFF_HOME/twitoff.db" "SELECT count(*) FROM users")

# run WHICH TWITOFF: one `train` from scratch; appends "WHICH pairs wall sys minflt rss_mb".
run() {
    rm -rf "$W/home"
    cp -r "$W/base" "$W/home"
    TWITOFF_HOME=$W/home /usr/bin/time -v -o "$W/time" "$2" -q train
    local pairs
    pairs=$(sqlite3 "$W/home/twitoff.db" "SELECT count(*) FROM pairs")
    awk -F': ' -v w="$1" -v p="$pairs" '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]}
        /System time/ {sys = $2} /Minor .*page faults/ {flt = $2} /Maximum resident/ {rss = $2 / 1024}
        END {printf "%s %d %.2f %.2f %d %.0f\n", w, p, s, sys, flt, rss}' "$W/time" >> "$W/runs"
}
for r in $(seq "$ROUNDS"); do
    echo "train-throughput: round $r of $ROUNDS" >&2
    run before "$OLD"
    run after "$NEW"
done

{
echo "# Trainer throughput"
echo
echo "Measured by \`bench/train-throughput.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m),"
echo "${NOTE:-a machine that other work may share: compare the two columns of one run, not runs}."
echo "\`twitoff train\` from scratch, $accounts accounts of the scale benchmark (every 10th of"
echo "bench/accounts.sh's), the builds alternating $ROUNDS times; before: $OLD_REV, after: this checkout."
echo
echo "| build | pairs | wall s | pairs/s | system s | minor page faults | peak RSS MB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for w in before after; do
    awk -v w="$w" '$1 == w {n++; p = $2; s += $3; sys += $4; f += $5; if ($6 > m) m = $6}
        END {printf "| %s (mean of %d) | %d | %.2f | %.1f | %.2f | %d | %.0f |\n", w, n, p, s / n, p * n / s, sys / n, f / n, m}' "$W/runs"
done
echo
echo "Every run:"
echo
echo '```'
echo "build pairs wall_s system_s minor_faults peak_rss_mb"
cat "$W/runs"
echo '```'
} > "$OUT"
echo "train-throughput: wrote $OUT" >&2

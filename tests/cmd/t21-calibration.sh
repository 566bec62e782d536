#!/usr/bin/env bash
# t21-calibration.sh - honest probabilities: model files carry a calibration (format 2; an older
# file still answers and counts stale), the prior setting (equal / posts), `predict --decided`
# (decided, too-close, too-short; min_confidence), `eval` (balanced and unweighted accuracy,
# Brier, ECE, reliability table; --json) and `lists` drawing lists/reliability.svg (valid SVG).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cmd/ops-lib.sh"
MODELS=$TWITOFF_HOME/models

# fchollet and wesmckinn with 300 posts each, KimKardashian with 100: two pairs at 3:1.
corpus "$T/big.csv" 0 300 fchollet wesmckinn
corpus "$T/small.csv" 0 100 KimKardashian
t_ok "import" "$TWITOFF" -q import "$T/big.csv" "$T/small.csv"
t_ok "train" "$TWITOFF" -q train
model=$MODELS/KimKardashian-fchollet.model
[ -f "$model" ] || model=$MODELS/fchollet-KimKardashian.model
t_ok "the pair's model file" test -s "$model"
t_eq "model file format 2" 2 "$(od -An -tu4 -j8 -N4 "$model" | tr -d ' ')"
t_eq "every pair calibrated (reliability rows stored)" 3 "$(sql "SELECT count(DISTINCT user_a || '-' || user_b) FROM pair_reliability")"

# predict: two columns by default, a third with --decided.
out=$("$TWITOFF" predict fchollet KimKardashian "Keras makes deep learning with TensorFlow and JAX easy")
t_match "predict: two columns" "^fchollet	0\.[0-9]{6}$|^fchollet	1\.0{6}$" "$out"
out=$("$TWITOFF" predict --decided fchollet KimKardashian "Keras makes deep learning with TensorFlow and JAX easy")
t_match "--decided: decided" "^fchollet	[01]\.[0-9]{6}	decided$" "$out"
for short in "hi" "https://t.co/abcdef" "!!" "ok :)"; do
    out=$(printf '%s\n' "$short" | "$TWITOFF" predict --decided fchollet KimKardashian)
    t_match "--decided: '$short' is too short" "^(fchollet|KimKardashian)	[01]\.[0-9]{6}	too-short$" "$out"
done
out=$(TWITOFF_MIN_CONFIDENCE=1 "$TWITOFF" predict --decided fchollet KimKardashian "what a lovely day it has been")
t_match "min_confidence = 1: too close to call" "	too-close$" "$out"
out=$(printf 'one line of text\nanother line of words\n' | "$TWITOFF" predict --decided fchollet wesmckinn | awk -F'\t' '{print NF}' | sort -u)
t_eq "stdin: three columns a line" 3 "$out"
t_fails "--decided alone is a usage error" "$TWITOFF" predict --decided fchollet

# The prior: equal (default) leaves the 3:1 ratio out; posts puts log(300/100) back into the odds.
text="zqv wxk jjpt"
eq=$("$TWITOFF" predict fchollet KimKardashian "$text")
po=$(TWITOFF_PRIOR=posts "$TWITOFF" predict fchollet KimKardashian "$text")
t_ok "prior = posts shifts the log-odds by log(posts ratio)" /usr/bin/python3 - "$eq" "$po" <<'PY'
import math, sys
def logit_fchollet(line):
    name, p = line.split('\t'); p = float(p)
    if name != 'fchollet': p = 1 - p
    return math.log(p / (1 - p))
d = logit_fchollet(sys.argv[2]) - logit_fchollet(sys.argv[1])
assert abs(d - math.log(3)) < 1e-3, d
PY
out=$(TWITOFF_PRIOR=equal "$TWITOFF" predict fchollet KimKardashian "$text")
t_eq "prior = equal is the default" "$eq" "$out"

# eval: table and JSON, balanced and unweighted.
out=$("$TWITOFF" eval --folds 3)
t_match "eval: the figures, both weightings" "^accuracy +0\.[0-9]{4} +0\.[0-9]{4}$" "$out"
t_match "eval: Brier" "^Brier +0\.[0-9]{4} +0\.[0-9]{4}$" "$out"
t_match "eval: ECE" "^ECE \(10 bins\) +0\.[0-9]{4} +0\.[0-9]{4}$" "$out"
t_eq "eval: 10 reliability rows" 10 "$(printf '%s\n' "$out" | grep -cE '^[5-9][05]-(5[05]|[6-9][05]|100)% ')"
out=$("$TWITOFF" eval --folds 3 --json)
t_ok "eval --json: balanced and unweighted figures and tables" /usr/bin/python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d['pairs'] == 3, d
for k in ('balanced', 'unweighted'):
    m = d[k]
    assert 0.8 < m['accuracy'] <= 1 and 0 <= m['brier'] < 0.2 and 0 <= m['ece'] < 0.1, (k, m)
    r = m['reliability']
    assert len(r) == 10 and r[0]['from'] == 0.5 and r[9]['to'] == 1.0, r
    assert sum(b['answers'] for b in r) == 1400, r   # every held-out post once: 300+300, 300+100, 300+100
    assert all(0 <= b['right'] <= 1 and b['from'] <= b['said'] <= b['to'] + 1e-9 for b in r if b['answers']), r
PY

# lists: the reliability diagram, valid SVG with a title, a description and the sentence.
t_ok "lists" "$TWITOFF" -q lists
svg=$TWITOFF_HOME/lists/reliability.svg
t_ok "reliability.svg written" test -s "$svg"
t_ok "reliability.svg is well-formed XML (xmllint)" xmllint --noout "$svg"
t_match "with an accessible title" '<title id="reliability-title">' "$(cat "$svg")"
t_match "and a description saying what a probability meant" '<desc id="reliability-desc">When TwitOff says [5-9][05]%, it was right [0-9]+% of the time on posts it had not seen' "$(cat "$svg")"
t_match "a point per bin, with its tooltip" '<title>said [5-9][05]-[0-9]+% \(mean [0-9.]+%\): right [0-9.]+% of [0-9]+ held-out answers</title>' "$(cat "$svg")"
t_nomatch "no <style> element" '<style' "$(cat "$svg")"
t_ok "twitoff check parses it" "$TWITOFF" check

# An older model file (format 1, no calibration) still answers, counts stale and is retrained.
/usr/bin/python3 - "$model" <<'PY'
import struct, sys, zlib
p = sys.argv[1]; d = bytearray(open(p, 'rb').read())
assert struct.unpack_from('<I', d, 8)[0] == 2
d = d[:60] + d[80:-4]                     # drop the calibration after format 1's 60-byte header
struct.pack_into('<I', d, 8, 1)
open(p, 'wb').write(bytes(d) + struct.pack('<I', zlib.crc32(bytes(d)) & 0xffffffff))
PY
t_eq "rewritten as format 1" 1 "$(od -An -tu4 -j8 -N4 "$model" | tr -d ' ')"
out=$("$TWITOFF" predict --decided fchollet KimKardashian "Keras makes deep learning with TensorFlow and JAX easy" 2>&1)
t_match "a format 1 model still answers (uncalibrated)" "^fchollet	[01]\.[0-9]{6}	decided$" "$out"
t_eq "status: the format 1 model counts stale" '"stale_pairs": 1' "$("$TWITOFF" status --json | grep -o '"stale_pairs": [0-9]*')"
out=$("$TWITOFF" train 2>&1)
t_match "train retrains only it" "1 of 1 pairs trained \(2 fresh\)" "$out"
t_eq "format 2 again" 2 "$(od -An -tu4 -j8 -N4 "$model" | tr -d ' ')"
t_done

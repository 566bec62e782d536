#!/usr/bin/env bash
# t20-train-predict.sh - `twitoff train` (stale pairs only), `predict` (answers, errors, unusable
# model files trained live), `lists` (escaped), `eval`, `status`, `reset` and schema versions.
. "$(dirname "$0")/../lib.sh"

FACEOFF=$DATA/celebrity-faceoff/raw_tweets.csv
MODELS=$TWITOFF_HOME/models

t_ok "import faceoff" "$TWITOFF" -q import "$FACEOFF"
out=$("$TWITOFF" train 2>&1)
t_match "train: all 15 pairs trained" "15 of 15 pairs trained \(0 fresh\)" "$out"
t_eq "15 model files" 15 "$(ls "$MODELS"/*.model | wc -l)"
t_eq "15 pair rows with an accuracy" 15 "$(sql "SELECT count(*) FROM pairs WHERE accuracy BETWEEN 0.5 AND 1")"
t_eq "model files <= 256 KB" 0 "$(find "$MODELS" -name '*.model' -size +256k | wc -l)"
out=$("$TWITOFF" train 2>&1)
t_match "train again: nothing stale" "0 of 0 pairs trained \(15 fresh\)" "$out"
before=$(sql "SELECT user_a || '-' || user_b || ':' || trained_at FROM pairs ORDER BY 1" | md5sum)

# One user gains a post: exactly that user's 5 pairs are retrained.
printf '{"id": "t20-1", "screen_name": "wesmckinn", "created_at": "2020-01-01T00:00:00Z", "text": "pandas 2.0 is out"}\n' >"$T/new.jsonl"
t_ok "import one new post" "$TWITOFF" -q import "$T/new.jsonl"
t_eq "status: 5 stale pairs" '"stale_pairs": 5' "$("$TWITOFF" status --json | grep -o '"stale_pairs": [0-9]*')"
out=$("$TWITOFF" train 2>&1)
t_match "train: only the 5 pairs of wesmckinn" "5 of 5 pairs trained \(10 fresh\)" "$out"
t_eq "the other 10 pairs untouched" 10 "$(sql "SELECT count(*) FROM pairs p JOIN users a ON a.id = p.user_a
    JOIN users b ON b.id = p.user_b WHERE 'wesmckinn' NOT IN (a.handle, b.handle)")"

# predict: the contract's output, both argument orders, stdin mode.
out=$("$TWITOFF" predict fchollet KimKardashian "Keras makes deep learning with TensorFlow and JAX easy")
t_match "predict: fchollet, probability >= 0.5" "^fchollet	(0\.[5-9][0-9]*|1\.0*)$" "$out"
out=$("$TWITOFF" predict KimKardashian fchollet "Keras makes deep learning with TensorFlow and JAX easy")
t_match "predict: same answer in the other order" "^fchollet	" "$out"
out=$(printf 'New KKW Beauty palette drops Friday!\nI just released a new version of Keras\n' |
      "$TWITOFF" predict fchollet KimKardashian)
t_eq "predict from stdin: one answer per line" 2 "$(printf '%s\n' "$out" | wc -l)"
t_match "predict from stdin: first line Kim" "^KimKardashian	" "$(printf '%s\n' "$out" | head -1)"
t_fails "predict: unknown user" "$TWITOFF" predict fchollet nobody_here "hi"
t_match "predict: says which user is unknown" "unknown user 'nobody_here'" "$("$TWITOFF" predict fchollet nobody_here hi 2>&1)"
t_fails "predict: same user twice" "$TWITOFF" predict fchollet FCHOLLET "hi"
t_fails "predict: missing arguments" "$TWITOFF" predict fchollet

# Unusable model files: reported, then the pair is trained live and still answered.
model=$(ls "$MODELS"/KimKardashian-fchollet.model)
good=$("$TWITOFF" -q predict fchollet KimKardashian "deep learning")
cp "$model" "$T/saved.model"
printf '\x55' | dd of="$model" bs=1 seek=200 conv=notrunc status=none
out=$("$TWITOFF" predict fchollet KimKardashian "deep learning" 2>"$T/err")
t_match "corrupt model: reported" "checksum mismatch.*training it now" "$(cat "$T/err")"
t_eq "corrupt model: same winner from live training" "${good%%	*}" "${out%%	*}"
head -c 1000 "$T/saved.model" >"$model"
"$TWITOFF" predict fchollet KimKardashian "deep learning" >/dev/null 2>"$T/err"
t_match "truncated model: reported" "truncated|checksum" "$(cat "$T/err")"
printf 'not a model at all' >"$model"
t_ok "foreign file: still answers" "$TWITOFF" -q predict fchollet KimKardashian "deep learning"
t_eq "status: the unusable model's pair is stale" '"stale_pairs": 1' "$("$TWITOFF" status --json | grep -o '"stale_pairs": [0-9]*')"
rm "$model"
t_eq "status: a missing model file makes its pair stale" '"stale_pairs": 1' "$("$TWITOFF" status --json | grep -o '"stale_pairs": [0-9]*')"
t_ok "train A B retrains one pair" "$TWITOFF" -q train KimKardashian fchollet
t_ok "the model file is back" test -s "$model"
t_fails "train with one name is a usage error" "$TWITOFF" train fchollet

# lists: every user, escaped by the writer.
# (the importer refuses such handles; a store written otherwise must still be safe)
sql "INSERT INTO users (source, handle, display_name) VALUES ('x', '<b>&\"odd\"', '<script>alert(1)</script>');
     INSERT INTO posts (user_id, remote_id, text) VALUES (last_insert_rowid(), 'x1', 'hello there')"
t_ok "lists" "$TWITOFF" -q lists
html=$(cat "$TWITOFF_HOME/lists/users.html")
t_eq "users.html: 7 options" 7 "$(grep -c '<option value=' <<<"$html")"
t_match "users.html: handle escaped" 'value="&lt;b&gt;&amp;&quot;odd&quot;">&lt;b&gt;&amp;&quot;odd&quot;</option>' "$html"
t_nomatch "users.html: no raw tag" '<b>' "$html"
t_nomatch "users.xml: no raw script" '<script>' "$(cat "$TWITOFF_HOME/lists/users.xml")"
t_ok "users.xml is well-formed" /usr/bin/python3 -c "import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); assert len(r) == 7" "$TWITOFF_HOME/lists/users.xml"
t_ok "users.json parses" /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['users']) == 7" "$TWITOFF_HOME/lists/users.json"
m1=$(stat -c %Y.%N "$TWITOFF_HOME/lists/users.xml" 2>/dev/null; md5sum <"$TWITOFF_HOME/lists/users.xml")
t_match "lists again: unchanged files left alone" "unchanged" "$("$TWITOFF" lists 2>&1)"

# eval and status.
out=$("$TWITOFF" eval --json --folds 3)
t_ok "eval --json: mean accuracy in 0.8..1" /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['pairs'] == 15 and 0.8 < d['mean_accuracy'] <= 1, d" "$out"
t_fails "eval --folds 1 refused" "$TWITOFF" eval --folds 1
st=$("$TWITOFF" status --json)
t_ok "status --json: the contract's keys" /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['users'] == 7 and d['posts'] == 9002 and d['pairs'] == 15 and d['stale_pairs'] == 0, d" "$st"

# help, reset, schema versions.
t_match "--help lists the commands" "predict" "$("$TWITOFF" --help)"
t_ok "train --help" "$TWITOFF" train --help
t_fails "unknown command" "$TWITOFF" frobnicate
t_fails "reset without --yes and no confirmation" "$TWITOFF" reset </dev/null
t_eq "reset refused: data kept" 7 "$(sql "SELECT count(*) FROM users")"
echo "iris" >"$MODELS/iris.model"
t_ok "reset --yes" "$TWITOFF" -q reset --yes
t_ok "reset keeps the iris example's model" test -s "$MODELS/iris.model"
rm "$MODELS/iris.model"
t_eq "reset: no users" 0 "$(sql "SELECT count(*) FROM users")"
t_eq "reset: no models" 0 "$(ls "$MODELS" | wc -l)"
t_eq "schema at the current version" "$(ls "$ROOT"/schema/[0-9][0-9][0-9]-*.sql | wc -l)" "$(sql "PRAGMA user_version")"
sql "PRAGMA user_version = 999"
t_match "a database from a newer version is refused" "newer" "$("$TWITOFF" status 2>&1)"
t_done

#!/usr/bin/env bash
# t20-train-predict.sh - `twitoff train` (stale pairs only, the shared model first), `predict`
# (answers, errors, unusable model files answered by the shared model, --live), `lists` (escaped),
# `eval`, `status`, `reset` and schema versions.
. "$(dirname "$0")/../lib.sh"

FACEOFF=$DATA/celebrity-faceoff/raw_tweets.csv
MODELS=$TWITOFF_HOME/models

t_ok "import faceoff" "$TWITOFF" -q import "$FACEOFF"
out=$("$TWITOFF" train 2>&1)
t_match "train: all 15 pairs trained" "15 of 15 pairs trained \(0 fresh\)" "$out"
t_match "train: the shared model over the 6 accounts first" "shared model: 6 accounts trained.*15 of 15 pairs" "$(tr '\n' ' ' <<<"$out")"
t_eq "15 pair model files" 15 "$(ls "$MODELS"/*-*.model | wc -l)"
t_ok "and the shared model" test -s "$MODELS/shared.model"
t_eq "15 pair rows with an accuracy" 15 "$(sql "SELECT count(*) FROM pairs WHERE accuracy BETWEEN 0.5 AND 1")"
t_eq "pair model files <= 256 KB" 0 "$(find "$MODELS" -name '*-*.model' -size +256k | wc -l)"
t_ok "status --json: the shared model, 6 accounts, fresh, held-out accuracy" /usr/bin/python3 -c "import json,sys; s=json.loads(sys.argv[1])['shared_model']; assert s['accounts'] == 6 and s['fresh'] and 0.5 < s['mean_pairwise_accuracy'] <= 1 and 0.3 < s['top1_accuracy'] <= 1, s" "$("$TWITOFF" status --json)"
t_match "status: the shared model line" "^shared model: 6 accounts, trained .*held-out top-1 0\.[0-9]+, mean pairwise 0\.[0-9]+$" "$("$TWITOFF" status | grep '^shared model')"
shared_before=$(md5sum < "$MODELS/shared.model")
out=$("$TWITOFF" train 2>&1)
t_match "train again: nothing stale" "0 of 0 pairs trained \(15 fresh\)" "$out"
t_eq "train again: the shared model left alone" "$shared_before" "$(md5sum < "$MODELS/shared.model")"
before=$(sql "SELECT user_a || '-' || user_b || ':' || trained_at FROM pairs ORDER BY 1" | md5sum)

# One user gains a post: exactly that user's 5 pairs are retrained.
printf '{"id": "t20-1", "screen_name": "wesmckinn", "created_at": "2020-01-01T00:00:00Z", "text": "pandas 2.0 is out"}\n' >"$T/new.jsonl"
t_ok "import one new post" "$TWITOFF" -q import "$T/new.jsonl"
t_eq "status: 5 stale pairs" '"stale_pairs": 5' "$("$TWITOFF" status --json | grep -o '"stale_pairs": [0-9]*')"
t_match "status: the shared model is stale" '"fresh": false' "$("$TWITOFF" status --json)"
out=$("$TWITOFF" train 2>&1)
t_match "train: only the 5 pairs of wesmckinn" "5 of 5 pairs trained \(10 fresh\)" "$out"
t_match "train: and the shared model again" "shared model: 6 accounts trained" "$out"
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

# Unusable model files: the shared model answers (the same as its pair view, which rank shows).
model=$(ls "$MODELS"/KimKardashian-fchollet.model)
good=$("$TWITOFF" -q predict fchollet KimKardashian "deep learning")
cp "$model" "$T/saved.model"
printf '\x55' | dd of="$model" bs=1 seek=200 conv=notrunc status=none
out=$("$TWITOFF" predict fchollet KimKardashian "deep learning" 2>"$T/err")
t_eq "corrupt model: same winner from the shared model" "${good%%	*}" "${out%%	*}"
t_eq "corrupt model: the shared model's pair view = rank among the two" \
    "$out" "$("$TWITOFF" rank --top 1 --among fchollet,KimKardashian "deep learning")"
t_eq "corrupt model: no pair trained (the file is untouched)" "1" "$(cmp -s "$model" "$T/saved.model"; echo $?)"
head -c 1000 "$T/saved.model" >"$model"
t_ok "truncated model: still answers" "$TWITOFF" -q predict fchollet KimKardashian "deep learning"
printf 'not a model at all' >"$model"
t_ok "foreign file: still answers" "$TWITOFF" -q predict fchollet KimKardashian "deep learning"
mv "$MODELS/shared.model" "$T/shared.model"
t_fails "no pair model, no shared model: an error" "$TWITOFF" -q predict fchollet KimKardashian "deep learning"
t_match "the error says what to do" "no model answers fchollet vs KimKardashian yet.*twitoff train" \
    "$("$TWITOFF" predict fchollet KimKardashian "deep learning" 2>&1)"
out=$("$TWITOFF" predict --live fchollet KimKardashian "deep learning")
t_eq "predict --live trains the pair now: same winner" "${good%%	*}" "${out%%	*}"
mv "$T/shared.model" "$MODELS/shared.model"
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
t_eq "users.html: only the users with min_posts posts (in a model)" 6 "$(grep -c '<option value=' "$TWITOFF_HOME/lists/users.html")"
t_ok "lists, min_posts 1" env TWITOFF_MIN_POSTS=1 "$TWITOFF" -q lists
html=$(cat "$TWITOFF_HOME/lists/users.html")
t_eq "users.html: 7 options" 7 "$(grep -c '<option value=' <<<"$html")"
t_match "users.html: handle escaped" 'value="&lt;b&gt;&amp;&quot;odd&quot;">&lt;b&gt;&amp;&quot;odd&quot;</option>' "$html"
t_nomatch "users.html: no raw tag" '<b>' "$html"
t_nomatch "users.xml: no raw script" '<script>' "$(cat "$TWITOFF_HOME/lists/users.xml")"
t_ok "users.xml is well-formed" /usr/bin/python3 -c "import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); assert len(r) == 7" "$TWITOFF_HOME/lists/users.xml"
t_ok "users.json parses" /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['users']) == 7" "$TWITOFF_HOME/lists/users.json"
m1=$(stat -c %Y.%N "$TWITOFF_HOME/lists/users.xml" 2>/dev/null; md5sum <"$TWITOFF_HOME/lists/users.xml")
t_match "lists again: unchanged files left alone" "unchanged" "$(TWITOFF_MIN_POSTS=1 "$TWITOFF" lists 2>&1)"

# eval and status.
out=$("$TWITOFF" eval --json --folds 3)
t_ok "eval --json: mean accuracy in 0.8..1" /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['pairs'] == 15 and 0.8 < d['mean_accuracy'] <= 1, d" "$out"
t_ok "eval --json: the shared model's held-out fold beside them" /usr/bin/python3 -c "import json,sys; s=json.loads(sys.argv[1])['shared']; assert s['accounts'] == 6 and s['folds'] == 3 and 0.8 < s['mean_pairwise_accuracy'] <= 1 and 0.5 < s['top1_accuracy'] <= 1, s" "$out"
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

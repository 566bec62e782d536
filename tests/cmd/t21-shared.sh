#!/usr/bin/env bash
# t21-shared.sh - the shared model in the batch: `twitoff rank` (--top, --among, stdin, errors),
# who is in it (min_posts), a deleted account leaves it and cannot be ranked, reset removes it,
# a pair without a model file is answered by it, and so is a pair whose own model measured worse
# on its held-out posts than the shared model (shared_pairs).
. "$(dirname "$0")/../lib.sh"

MODELS=$TWITOFF_HOME/models
t_ok "import the web fixture (3 accounts, 40 posts each)" "$TWITOFF" -q import "$ROOT/tests/fixtures/web_posts.jsonl"
printf '{"id": "t21-%d", "screen_name": "tiny", "created_at": "2020-01-01T00:00:00Z", "text": "tiny post %d"}\n' 1 1 2 2 >"$T/tiny.jsonl"
t_ok "import an account below min_posts" "$TWITOFF" -q import "$T/tiny.jsonl"
t_fails "rank before any training: an error" "$TWITOFF" rank "hello"
t_match "it says to train" "no shared model.*twitoff train" "$("$TWITOFF" rank hello 2>&1)"
t_ok "train" "$TWITOFF" -q train
t_ok "the shared model is written" test -s "$MODELS/shared.model"

# rank: K best, tab-separated, probabilities descending and summing to 1 over everyone.
out=$("$TWITOFF" rank "Keras deep learning models with TensorFlow")
t_match "rank: 3 accounts (tiny has too few posts), best first" "^fchollet	0\.[0-9]{6}	[A-Za-z]+	0\.[0-9]{6}	[A-Za-z]+	0\.[0-9]{6}$" "$out"
t_ok "rank: descending, sum 1" /usr/bin/python3 -c "import sys; f=sys.argv[1].split('\t'); p=[float(x) for x in f[1::2]]; assert p == sorted(p, reverse=True) and abs(sum(p) - 1) < 1e-5, p" "$out"
t_nomatch "rank: the account below min_posts is not in it" "tiny" "$out"
t_match "rank --top 1" "^fchollet	0\.[0-9]{6}$" "$("$TWITOFF" rank --top 1 "Keras deep learning models with TensorFlow")"
out=$("$TWITOFF" rank --among wesmckinn,KimKardashian "Keras deep learning models with TensorFlow")
t_ok "rank --among: only those two, summing to 1" /usr/bin/python3 -c "import sys; f=sys.argv[1].split('\t'); assert sorted(f[0::2]) == ['KimKardashian', 'wesmckinn'] and abs(float(f[1]) + float(f[3]) - 1) < 1e-5, f" "$out"
out=$(printf 'pandas dataframes\nKKW beauty palette drops Friday\n' | "$TWITOFF" rank --top 2)
t_eq "rank from stdin: one line a text" 2 "$(wc -l <<<"$out")"
t_match "rank from stdin: the first text's author" "^wesmckinn	" "$(head -1 <<<"$out")"
t_match "rank from stdin: the second text's author" "^KimKardashian	" "$(tail -1 <<<"$out")"
t_fails "rank --among an unknown name" "$TWITOFF" rank --among fchollet,nobody,zz "x"
t_match "the error names every unknown one" "not in the shared model: nobody, zz" "$("$TWITOFF" rank --among fchollet,nobody,zz x 2>&1)"
t_fails "rank --among one account" "$TWITOFF" rank --among fchollet "x"
t_fails "rank --among the below-min_posts account" "$TWITOFF" rank --among fchollet,tiny "x"
t_fails "rank --top 0" "$TWITOFF" rank --top 0 "x"
t_fails "rank with two texts" "$TWITOFF" rank "x" "y"

# The shared model's held-out accuracy per pair: one row per pair of the 3 accounts, in [0, 1].
t_eq "shared_pairs: one row per pair of the model's accounts" 3 "$(sql 'SELECT count(*) FROM shared_pairs')"
t_eq "shared_pairs: accuracies in [0, 1]" 0 \
    "$(sql 'SELECT count(*) FROM shared_pairs WHERE NOT (accuracy_equal BETWEEN 0 AND 1 AND accuracy_posts BETWEEN 0 AND 1)')"
# Which model answers: the pair's own unless the shared model measured better on the pair.
TEXT="pandas dataframes and keras"
sql "UPDATE shared_pairs SET accuracy_equal = 0, accuracy_posts = 0"
own=$("$TWITOFF" -q predict wesmckinn fchollet "$TEXT")
mv "$MODELS/fchollet-wesmckinn.model" "$T/pair.model"
shared=$("$TWITOFF" -q predict wesmckinn fchollet "$TEXT")
mv "$T/pair.model" "$MODELS/fchollet-wesmckinn.model"
t_ok "the two models give different answers to tell them apart ($own / $shared)" test "$own" != "$shared"
t_eq "shared model worse on the pair: the pair's own model answers" "$own" "$("$TWITOFF" -q predict wesmckinn fchollet "$TEXT")"
sql "UPDATE shared_pairs SET accuracy_equal = 1"
t_eq "shared model better on the pair: it answers" "$shared" "$("$TWITOFF" -q predict wesmckinn fchollet "$TEXT")"
printf 'prior = posts\n' > "$TWITOFF_HOME/twitoff.conf"
sql "UPDATE shared_pairs SET accuracy_equal = 0"
own_posts=$("$TWITOFF" -q predict wesmckinn fchollet "$TEXT")
sql "UPDATE shared_pairs SET accuracy_equal = 1"
t_eq "prior = posts: its own column decides (shared worse there)" "$own_posts" "$("$TWITOFF" -q predict wesmckinn fchollet "$TEXT")"
rm "$TWITOFF_HOME/twitoff.conf"
sql "DELETE FROM shared_pairs"
t_eq "no shared accuracy known: the pair's own model answers" "$own" "$("$TWITOFF" -q predict wesmckinn fchollet "$TEXT")"
t_ok "train --force" "$TWITOFF" -q train --force
t_eq "train records them again" 3 "$(sql 'SELECT count(*) FROM shared_pairs')"

# predict: tiny is below min_posts, has no pair, and is not in the shared model: an error.
t_fails "predict with an account in no model" "$TWITOFF" -q predict fchollet tiny "x"
# A pair without its model file: answered by the shared model, the same as rank --among the two.
rm "$MODELS/KimKardashian-wesmckinn.model"
t_eq "missing pair model: the shared model's pair view answers" \
    "$("$TWITOFF" rank --top 1 --among wesmckinn,KimKardashian "pandas dataframes")" \
    "$("$TWITOFF" -q predict wesmckinn KimKardashian "pandas dataframes")"
t_ok "predict starts no trainer: the pair model is still missing" test ! -e "$MODELS/KimKardashian-wesmckinn.model"

# A deleted account (the admin page's delete job) leaves no model behind and cannot be ranked.
qsql "INSERT INTO jobs (kind, arg) VALUES ('delete', 'wesmckinn')"
t_ok "work runs the delete job" "$TWITOFF" -q work
t_eq "no pair model of the deleted account" "" "$(ls "$MODELS" | grep wesmckinn)"
t_nomatch "rank: the deleted account is gone" "wesmckinn" "$("$TWITOFF" rank --top 10 "pandas dataframes")"
t_fails "rank --among the deleted account" "$TWITOFF" rank --among wesmckinn,fchollet "pandas"
t_ok "the shared model still ranks the others" "$TWITOFF" -q rank --among fchollet,KimKardashian "pandas"
t_eq "rank: two accounts left" 2 "$("$TWITOFF" rank --top 10 "pandas" | awk -F'\t' '{print NF / 2}')"
qsql "INSERT INTO jobs (kind, arg) VALUES ('delete', 'fchollet')"
t_ok "work deletes a second account" "$TWITOFF" -q work
t_ok "one account left: no shared model" test ! -e "$MODELS/shared.model"

# Corrupt shared model: refused with a reason, never a crash; train replaces it. A flipped byte
# of the header fails every use.
# flip2 FILE OFFSET: invert the two bytes at OFFSET (always a change, whatever they held).
flip2() {
    local v out=
    for v in $(od -An -tu1 -j"$2" -N2 "$1"); do out+=$(printf '\\x%02x' $((255 - v))); done
    printf "$out" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
t_ok "import again" "$TWITOFF" -q import "$ROOT/tests/fixtures/web_posts.jsonl"
t_ok "train again" "$TWITOFF" -q train
flip2 "$MODELS/shared.model" 40
t_fails "rank with a corrupt shared model" "$TWITOFF" rank "pandas"
t_match "it says why" "checksum mismatch" "$("$TWITOFF" rank pandas 2>&1)"
t_match "status: no shared model it can read" '"shared_model": null' "$("$TWITOFF" status --json)"
t_fails "check finds it" "$TWITOFF" -q check
t_match "check names it" "model shared.model: shared model header checksum mismatch" "$("$TWITOFF" check 2>&1)"
t_ok "train replaces it" "$TWITOFF" -q train
t_ok "rank works again" "$TWITOFF" -q rank "pandas"
t_ok "check passes again" "$TWITOFF" -q check
# The last bytes are the last account's block of pair accuracies: ranking does not read them;
# check does, and names them; train replaces the file.
flip2 "$MODELS/shared.model" $(($(stat -c %s "$MODELS/shared.model") - 2))
t_ok "rank does not need the pairs' accuracies" "$TWITOFF" -q rank "pandas"
t_match "status: the shared model is stale" '"fresh": false' "$("$TWITOFF" status --json)"
t_fails "check finds corrupt pair accuracies" "$TWITOFF" -q check
t_match "check names them" "shared model pair accuracies of .*checksum mismatch" "$("$TWITOFF" check 2>&1)"
t_ok "train replaces them" "$TWITOFF" -q train --force
t_ok "check passes after that" "$TWITOFF" -q check
# A corrupt weight is caught when its range is read; check and train read them all. The rows
# start at the offset in header bytes 92..95.
rows_off=$(od -An -tu4 -j92 -N4 "$MODELS/shared.model" | tr -d ' ')
flip2 "$MODELS/shared.model" $((rows_off + 4))
t_fails "check finds a corrupt weight" "$TWITOFF" -q check
t_match "status: stale again" '"fresh": false' "$("$TWITOFF" status --json)"
t_ok "train replaces it again" "$TWITOFF" -q train
t_ok "check passes once more" "$TWITOFF" -q check
t_ok "reset" "$TWITOFF" -q reset --yes
t_ok "reset removes the shared model" test ! -e "$MODELS/shared.model"
t_done

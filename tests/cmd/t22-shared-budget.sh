#!/usr/bin/env bash
# t22-shared-budget.sh - the shared model's fit within its limits: the held-out estimate kept when
# only the accounts' posts changed (measured again for new accounts and with --force), the fit
# started from the previous model's weights (not with --force), the fit's time budget
# (shared_budget) and memory cap (shared_memory_mb, which makes the model stale).
. "$(dirname "$0")/../lib.sh"

MODELS=$TWITOFF_HOME/models
acc() { "$TWITOFF" -q status --json | /usr/bin/python3 -c "import json,sys; s = json.load(sys.stdin)['shared_model']; print(s['top1_accuracy'], s['mean_pairwise_accuracy'], s['fresh'])"; }
post() { printf '{"id": "t22-%s", "screen_name": "%s", "created_at": "2021-01-0%dT00:00:00Z", "text": "%s"}\n' "$@"; }

t_ok "import the web fixture (3 accounts)" "$TWITOFF" -q import "$ROOT/tests/fixtures/web_posts.jsonl"
out=$("$TWITOFF" -v train 2>&1)
t_match "train: the shared model is fitted" "shared model: 3 accounts trained in" "$out"
t_nomatch "a first fit measures its held-out estimate" "held-out estimate kept" "$out"
t_nomatch "a first fit starts from zero" "from the previous model" "$out"
first=$(acc)
t_match "status: a held-out estimate, fresh" "^0\.[0-9]+ 0\.[0-9]+ True$|^1\.0+ 1\.0+ True$" "$first"

post 1 fchollet 1 "Keras 3 runs on JAX, TensorFlow and PyTorch alike" >"$T/more.jsonl"
t_ok "one account gains a post" "$TWITOFF" -q import "$T/more.jsonl"
t_match "status: the shared model is stale" " False$" "$(acc)"
out=$("$TWITOFF" -v train 2>&1)
t_match "the same accounts: the estimate is kept" "shared model: held-out estimate kept" "$out"
t_match "... and the model refitted on the new post" "shared model: 3 accounts trained in" "$out"
t_match "... starting from the previous model's weights" "shared model: fitted on from the previous model's weights" "$out"
t_eq "status: the estimate carried over, fresh again" "${first% *} True" "$(acc)"
echo "shared_nb_power = 0.25" >> "$TWITOFF_HOME/twitoff.conf"
out=$("$TWITOFF" -v train 2>&1)
t_nomatch "a changed setting: the estimate is measured again" "held-out estimate kept" "$out"
t_match "... and the model refitted" "shared model: 3 accounts trained in" "$out"
sed -i '/^shared_nb_power = 0.25$/d' "$TWITOFF_HOME/twitoff.conf"
out=$("$TWITOFF" -v train --force 2>&1)
t_nomatch "--force measures it again" "held-out estimate kept" "$out"
t_match "--force refits" "shared model: 3 accounts trained in" "$out"
t_nomatch "... from zero" "from the previous model" "$out"

for i in $(seq 1 12); do post "n$i" newcomer $((i % 9 + 1)) "a newcomer writes post number $i about gardening"; done >"$T/new.jsonl"
t_ok "a fourth account joins" "$TWITOFF" -q import "$T/new.jsonl"
out=$("$TWITOFF" -v train 2>&1)
t_nomatch "a new account: the estimate is measured again" "held-out estimate kept" "$out"
t_match "four accounts in the shared model" "shared model: 4 accounts trained in" "$out"
t_match "... the three known ones start from their weights" "from the previous model's weights" "$out"
t_match "the warm fit ranks the newcomer first for its words" "^newcomer	" "$("$TWITOFF" rank --top 1 "a newcomer writes about gardening")"
printf '\x55\x55' | dd of="$MODELS/shared.model" bs=1 seek=300 conv=notrunc status=none
post 2 newcomer 2 "one more gardening post from the newcomer" >"$T/more2.jsonl"
t_ok "a post more" "$TWITOFF" -q import "$T/more2.jsonl"
out=$("$TWITOFF" -v train 2>&1)
t_nomatch "a damaged file is no starting point" "from the previous model" "$out"
t_match "... the fit starts from zero and succeeds" "shared model: 4 accounts trained in" "$out"

# The time budget: 0 is no limit, a tiny one still leaves a model that answers.
TWITOFF_SHARED_BUDGET=0.000001 t_ok "a tiny shared_budget: train still succeeds" "$TWITOFF" -q train --force
t_ok "... and the model ranks" "$TWITOFF" -q rank --top 1 "gardening"
TWITOFF_SHARED_BUDGET=0 t_ok "shared_budget 0: no limit" "$TWITOFF" -q train --force
t_match "the unlimited fit ranks the newcomer first for its words" "^newcomer	" "$("$TWITOFF" rank --top 1 "a newcomer writes about gardening")"

# The memory cap is part of what the model was trained with: changing it makes the model stale.
t_match "fresh before the setting changes" " True$" "$(acc)"
t_match "shared_memory_mb changed: stale" " False$" "$(TWITOFF_SHARED_MEMORY_MB=1 acc)"
out=$(TWITOFF_SHARED_MEMORY_MB=1 "$TWITOFF" -v train 2>&1)
t_match "... and refitted under it" "shared model: 4 accounts trained in" "$out"
t_match "the capped model still answers" "^[A-Za-z]+	0\.[0-9]+$" "$("$TWITOFF" rank --top 1 "gardening")"
t_done

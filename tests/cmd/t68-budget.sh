#!/usr/bin/env bash
# t68-budget.sh - training within a budget: max_pair_models model files (the rest reported and
# counted in status), asked-for pairs first, then the oldest models; train_budget; the predict
# page's queue/asked file (garbage lines, a planted link or FIFO, the size cap, no queue/);
# removal of a deleted account's models; the status fields.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/ops-lib.sh"
. "$ROOT/tests/web_lib.sh"
H=$TWITOFF_HOME
Q=$H/queue/asked
USERS="fchollet hadleywickham wesmckinn KimKardashian khloekardashian kourtneykardash"
corpus "$T/a.csv" 0 60 $USERS
t_ok "import 6 users" "$TWITOFF" -q import "$T/a.csv"
js() { "$TWITOFF" -q status --json | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
nmodels() { find "$H/models" -name '*-*.model' | wc -l; }
has_model() { test -f "$H/models/$1.model"; }
trained() { grep -Eo 'trained [^ ]+ vs [^ :]+' | sed 's/trained //; s/ vs /-/'; }

# --- max_pair_models: exactly that many model files; the rest reported and counted.
res=$(TWITOFF_MAX_PAIR_MODELS=4 "$TWITOFF" train 2>&1)
t_eq "max_pair_models=4: 4 model files" 4 "$(nmodels)"
t_eq "max_pair_models=4: 4 pair rows" 4 "$(sql 'SELECT count(*) FROM pairs')"
t_match "the rest reported" "11 pairs have no model of their own \(max_pair_models\)" "$res"
st=$(TWITOFF_MAX_PAIR_MODELS=4 "$TWITOFF" -q status --json)
t_match "status: accounts, pairs, models, stale, left" \
    '"stale_pairs": 11, .*"accounts": 6, "pairs_possible": 15, "pair_models": 4, "pairs_left": 11' "$st"
t_match "status: existing keys kept" '^\{"users": 6, "posts": 360, "pairs": 4, "stale_pairs": 11' "$st"
t_match "status text: left over" "pairs left over by the budget: 11" "$("$TWITOFF" status)"

# --- queue/asked: the batch creates queue/; garbage is ignored; asked pairs displace others.
t_ok "train created queue/" test -d "$H/queue"
# Two pairs without a model (in canonical order: the model file's name) become the asked ones.
missing=$(export LC_ALL=C; for x in $USERS; do for y in $USERS; do [[ "$x" < "$y" ]] && ! has_model "$x-$y" && echo "$x $y"; done; done | sort)
read -r A1 B1 <<<"$(sed -n 1p <<<"$missing")"
read -r A2 B2 <<<"$(sed -n 2p <<<"$missing")"
read -r A3 B3 <<<"$(sed -n 3p <<<"$missing")"
t_ok "setup: three pairs without a model" test -n "$B3"
now=$(date +%s)
{
    echo "$((now - 100)) $B2 $A2"
    for i in 1 2 3; do echo "$((now - 50)) $A1 $B1"; done
    echo "$((now - 10)) $B1 ${A1,,}"                             # the same pair, other order and case
    echo "garbage line"
    echo "$now nobody_here fchollet"                              # unknown user
    echo "$((now + 86400)) wesmckinn fchollet"                    # in the future
    echo "$now fchollet fchollet"                                 # the same user twice
    echo "$now fchollet  wesmckinn"                               # two spaces
    echo "$now fchollet wesmckinn extra"
    echo "-5 fchollet wesmckinn"
    echo "$now fchol<b>let wesmckinn"
    printf '%s fchollet %0300d\n' "$now" 0                        # a handle too long
    printf '%s fchollet \xff\xfe\n' "$now"
    printf '%s fchollet wesmckinn' "$now"                         # no newline: a torn write
} > "$Q"
res=$(TWITOFF_MAX_PAIR_MODELS=4 "$TWITOFF" -v train 2>&1)
t_match "asked: lines counted, garbage ignored" "asked: 16 requests read, 11 ignored, 2 pairs recorded" "$res"
t_eq "asked rows: times and last time" "1|$((now - 100))
4|$((now - 10))" "$(sql 'SELECT times, last_asked FROM asked ORDER BY times')"
t_ok "queue/asked folded and removed" test ! -e "$Q"
t_eq "no private file left (only the queue store)" "" "$(ls -A "$H/queue" | grep -v "^jobs\.db")"
t_eq "still 4 model files" 4 "$(nmodels)"
t_ok "asked pair $A1-$B1 has its model" has_model "$A1-$B1"
t_ok "asked pair $A2-$B2 has its model" has_model "$A2-$B2"
t_eq "the asked pairs trained first, the latest first" "$A1-$B1
$A2-$B2" "$(printf '%s\n' "$res" | trained | head -2)"

# --- train_budget: no new wave after the time is up; the asked pair first, then pair order.
sql "UPDATE asked SET last_asked = last_asked - 1000"
echo "$now $A3 $B3" > "$Q"
res=$(TWITOFF_TRAIN_BUDGET=0.001 TWITOFF_TRAIN_THREADS=1 TWITOFF_MAX_PAIR_MODELS=-1 "$TWITOFF" -v train 2>&1)
t_match "one wave of 4 trained" "train: 4 of 11 pairs trained" "$res"
t_match "budget reached, the rest left" "train_budget \(0s\) reached: 7 stale pairs left" "$res"
t_eq "the newest asked pair first" "$A3-$B3" "$(printf '%s\n' "$res" | trained | head -1)"
t_eq "status: 7 left" 7 "$(TWITOFF_MAX_PAIR_MODELS=-1 js pairs_left)"
t_ok "no limit: the rest trained" env TWITOFF_MAX_PAIR_MODELS=-1 "$TWITOFF" -q train
t_eq "15 model files" 15 "$(nmodels)"
t_eq "status: nothing left" 0 "$(TWITOFF_MAX_PAIR_MODELS=-1 js pairs_left)"

# --- the oldest models first: three stale pairs, trained in order of their models' age.
sql "DELETE FROM asked"
rows=$(sql "SELECT a.handle || '-' || b.handle FROM pairs p JOIN users a ON a.id = p.user_a JOIN users b ON b.id = p.user_b
            ORDER BY p.user_a, p.user_b LIMIT 3")
i=0
for pr in $rows; do   # the first pair in pair order gets the newest model
    i=$((i + 1))
    sql "UPDATE pairs SET fingerprint = 'old', trained_at = $((1000 * (4 - i))) WHERE model_file = '$pr.model'"
done
res=$(TWITOFF_MAX_PAIR_MODELS=-1 "$TWITOFF" -v train 2>&1)
t_eq "stale pairs trained oldest model first" "$(printf '%s\n' $rows | tac)" "$(printf '%s\n' "$res" | trained)"

# --- the predict page's record: one line appended; a link, a FIFO, the cap, no queue/.
FORM="screen_name_a=fchollet&screen_name_b=KimKardashian&tweet_text=deep+learning"
cgi predict POST "" "" "$FORM"
t_eq "predict 200" 200 "$STATUS"
t_match "one line recorded" "^[0-9]+ fchollet KimKardashian$" "$(cat "$Q")"
t_match "the file is not world-readable" "^-rw-.{3}---$" "$(stat -c %A "$Q")"
cgi predict POST "" "" "$FORM"
t_eq "a second request appends" 2 "$(wc -l < "$Q")"
rm "$Q"
printf 'keep me\n' > "$T/target"
ln -s "$T/target" "$Q"
cgi predict POST "" "" "$FORM"
t_eq "planted link: predict still 200" 200 "$STATUS"
t_eq "planted link: not followed" "keep me" "$(cat "$T/target")"
t_eq "logged once" 1 "$(grep -c 'cannot record the pair asked for' "$T/err")"
res=$("$TWITOFF" -v train 2>&1)
t_eq "batch: link not followed either" "keep me" "$(cat "$T/target")"
t_ok "batch: link removed" test ! -L "$Q"
mkfifo "$Q"
t0=$(date +%s%N)
cgi predict POST "" "" "$FORM"
t_eq "planted FIFO: predict 200" 200 "$STATUS"
t_ok "planted FIFO: no wait ($(( ($(date +%s%N) - t0) / 1000000 )) ms)" test $(( ($(date +%s%N) - t0) / 1000000 )) -lt 5000
t_ok "batch: FIFO not read, removed" timeout 20 "$TWITOFF" -q train
t_ok "FIFO gone" test ! -e "$Q"
head -c $((1024 * 1024 - 10)) /dev/zero | tr '\0' 'x' > "$Q"
cgi predict POST "" "" "$FORM"
t_eq "full file: predict 200" 200 "$STATUS"
t_eq "full file: nothing appended" $((1024 * 1024 - 10)) "$(stat -c %s "$Q")"
res=$("$TWITOFF" -v train 2>&1)
t_match "full file of garbage folded" "asked: 1 requests read, 1 ignored, 0 pairs recorded" "$res"
rm -rf "$H/queue"
cgi predict POST "" "" "$FORM"
t_eq "no queue/: predict 200" 200 "$STATUS"
t_ok "no queue/: the page creates none" test ! -e "$H/queue"
t_eq "no queue/: nothing logged" "" "$(cat "$T/err")"

# --- a deleted account: its models and asked rows go.
echo "$now fchollet kourtneykardash" > "$T/asked" && mkdir -p "$H/queue" && mv "$T/asked" "$Q"
"$TWITOFF" -q train
t_eq "asked row of kourtneykardash" 1 "$(sql "SELECT count(*) FROM asked a JOIN users u ON u.id IN (a.user_a, a.user_b) WHERE u.handle = 'kourtneykardash'")"
sqlite3 "$H/twitoff.db" "PRAGMA foreign_keys=ON; DELETE FROM users WHERE handle='kourtneykardash'"
t_ok "train after a delete" "$TWITOFF" -q train
t_eq "10 pair model files left" 10 "$(nmodels)"
t_nomatch "no model of the deleted user" "kourtney" "$(ls "$H/models")"
t_eq "no asked row of the deleted user" 0 "$(sql 'SELECT count(*) FROM asked')"

# --- max_pair_models=0: only the shared model; pair models removed, pairs still answered.
res=$(TWITOFF_MAX_PAIR_MODELS=0 "$TWITOFF" train 2>&1)
t_match "max_pair_models=0: models removed" "10 pair models removed" "$res"
t_eq "no pair model file" 0 "$(nmodels)"
t_eq "status: 0 models, 10 left" "0 10" "$(TWITOFF_MAX_PAIR_MODELS=0 js pair_models) $(TWITOFF_MAX_PAIR_MODELS=0 js pairs_left)"
t_match "a pair is still answered" "^(fchollet|KimKardashian)	" "$("$TWITOFF" -q predict fchollet KimKardashian "deep learning")"
t_done

#!/usr/bin/env bash
# t64-progress.sh - progress of train, import and fetch: a bar with counts, rate and ETA on a terminal; plain
# periodic lines otherwise; nothing with --quiet; a line per pair with --verbose.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/ops-lib.sh"
. "$ROOT/tests/stubs/stub.sh"
corpus "$T/c.csv" 0 60 hadleywickham fchollet KimKardashian khloekardashian
t_ok "import" "$TWITOFF" -q import "$T/c.csv"

# Not a terminal: log lines (every progress_interval seconds; 0 = every step) and the summary.
out=$(TWITOFF_PROGRESS_INTERVAL=0 "$TWITOFF" train --force 2>&1 < /dev/null | cat)
t_match "plain line with count, percent and rate" "^train: 3/6  [0-9.]+/s  ETA [0-9]+:[0-9]{2} \(50%\)" "$out"
t_match "final plain line" "^train: 6/6  [0-9.]+/s \(100%\)" "$out"
t_nomatch "no bar or carriage return off a terminal" $'\r|\\[#' "$out"
t_match "summary line" "^train: 6 of 6 pairs trained" "$out"
out=$("$TWITOFF" train --force 2>&1 | cat)
t_eq "default interval (10 s): short run prints no progress line" 0 "$(printf '%s\n' "$out" | grep -cE '^train: [0-9]+/[0-9]+ ')"
t_match "default interval (10 s): short run prints its summary" "^train: 6 of 6 pairs trained" "$out"
t_match "the shared model's summary first" "^shared model: 4 accounts trained in [0-9.]+s$" "$(head -1 <<<"$out")"

# A terminal (script(1) gives the command a pty): a redrawn bar.
script -qec "$TWITOFF train --force" "$T/tty.log" > /dev/null 2>&1 < /dev/null
tty=$(tr '\r' '\n' < "$T/tty.log")
t_match "bar with counts and rate on a terminal" "train \[#{24}\] 6/6  [0-9.]+/s" "$tty"
t_match "bar starts empty" "train \[\.{24}\] 0/6" "$tty"
t_match "summary after the bar" "train: 6 of 6 pairs trained" "$tty"

# import counts rows (no total known in advance) with their rate.
script -qec "$TWITOFF import $T/c.csv" "$T/imp.log" > /dev/null 2>&1 < /dev/null
t_match "import: rows and rate on a terminal" "import rows: 240  [0-9.]+/s" "$(tr '\r' '\n' < "$T/imp.log")"
out=$(TWITOFF_PROGRESS_INTERVAL=0 "$TWITOFF" import "$T/c.csv" 2>&1 | cat)
t_match "import: plain lines off a terminal" "^import rows: 240  [0-9.]+/s$" "$out"

t_eq "--quiet: nothing at all" "" "$(script -qec "$TWITOFF -q train --force" /dev/null < /dev/null | tr -d '\r\n')"
out=$("$TWITOFF" -v train --force 2>&1 | cat)
t_eq "--verbose: one line per pair" 6 "$(printf '%s\n' "$out" | grep -c '^trained ')"
# fetch of several accounts: a bar per account, cleared for each account's own line.
stub_start || exit 1
script -qec "$TWITOFF fetch --source x bench nasa" "$T/fetch.log" > /dev/null 2>&1 < /dev/null
f=$(tr '\r' '\n' < "$T/fetch.log" | sed 's/\x1b\[K//g')
t_match "fetch: bar over the accounts" "fetch \[#{12}\.{12}\] 1/2" "$f"
t_match "fetch: each account's line whole, at the start of a line" "^x/bench: 800 new posts \(800 fetched, 800 stored\)$" "$f"
t_match "fetch: second account too" "^x/NASA: [0-9]+ new posts" "$f"
out=$(TWITOFF_PROGRESS_INTERVAL=0 "$TWITOFF" fetch --source x bench nasa 2>&1 | cat)
t_match "fetch off a terminal: plain lines" "^fetch: 2/2  [0-9.]+/s \(100%\)$" "$out"

t_done

#!/bin/sh
# demo.sh - import the bundled demo data (data/) into $TWITOFF_HOME when it holds no posts yet,
# then train the stale pairs and write the user lists. Quick when already done. Run by `make demo`.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
TWITOFF=$BIN/twitoff
export TWITOFF_HOME="${TWITOFF_HOME:-$ROOT/var}"

[ -x "$TWITOFF" ] || { echo "demo: $TWITOFF is missing: run make first" >&2; exit 1; }
posts=$("$TWITOFF" status --json | sed -n 's/.*"posts": *\([0-9]*\).*/\1/p')
if [ "${posts:-0}" -eq 0 ]; then
    echo "demo: importing the bundled data into $TWITOFF_HOME"
    "$TWITOFF" import "$ROOT/data/celebrity-faceoff/raw_tweets.csv" \
        "$ROOT"/data/fivethirtyeight-twitter-ratio/*.csv
else
    echo "demo: $TWITOFF_HOME already holds $posts posts: nothing to import"
fi
"$TWITOFF" train
if ! "$TWITOFF" lists; then
    echo "demo: warning: 'twitoff lists' failed; the user lists were not written" >&2
fi
echo "demo: ready in $TWITOFF_HOME"

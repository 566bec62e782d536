#!/usr/bin/env bash
# accounts.sh - the accounts of the scale benchmarks, made from the shared corpora: every
# account's posts, in time order (created_at, then id), cut into max(1, n / PART) parts of PART
# posts (the last part takes the rest); part k of NAME becomes the account NAME.pk. The newest
# GAIN_POSTS posts of the last part of the first GAIN accounts (by name) are held back.
# Usage: bench/accounts.sh OUTDIR   writes OUTDIR/base.jsonl and OUTDIR/late.jsonl (the held back).
# Environment: BIN, SHARED, PART (default 340), GAIN (default 10), GAIN_POSTS (default 30).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
SHARED=${SHARED:-$(cd "$ROOT/../shared" && pwd)}
PART=${PART:-340} GAIN=${GAIN:-10} GAIN_POSTS=${GAIN_POSTS:-30}
OUTDIR=$1
mkdir -p "$OUTDIR"
export TWITOFF_HOME=$OUTDIR/src
rm -rf "$TWITOFF_HOME"
mkdir -p "$TWITOFF_HOME"
D=$SHARED/data/tweets
"$BIN/twitoff" -q import "$D"/celebrity-faceoff/raw_tweets.csv "$D"/fivethirtyeight-twitter-ratio/*.csv "$D"/uci-health-news/*.txt
sqlite3 "$TWITOFF_HOME/twitoff.db" "WITH p AS (SELECT u.handle AS h, p.remote_id AS id, p.created_at AS t, p.text AS x,
        row_number() OVER (PARTITION BY p.user_id ORDER BY p.created_at, p.remote_id) - 1 AS rn,
        count(*) OVER (PARTITION BY p.user_id) AS n FROM posts p JOIN users u ON u.id = p.user_id),
     q AS (SELECT *, min(rn / $PART, max(1, n / $PART) - 1) + 1 AS part, max(1, n / $PART) AS parts FROM p),
     g AS (SELECT DISTINCT h FROM p ORDER BY h LIMIT $GAIN)
   SELECT CASE WHEN h IN (SELECT h FROM g) AND part = parts AND rn >= n - $GAIN_POSTS THEN 'late' ELSE 'base' END,
          json_object('id', id, 'screen_name', h || '.p' || part,
                      'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch'), 'text', x)
   FROM q ORDER BY h, rn" > "$OUTDIR/all.tsv"
grep '^base|' "$OUTDIR/all.tsv" | cut -d'|' -f2- > "$OUTDIR/base.jsonl"
grep '^late|' "$OUTDIR/all.tsv" | cut -d'|' -f2- > "$OUTDIR/late.jsonl"
rm -rf "$OUTDIR/all.tsv" "$TWITOFF_HOME"

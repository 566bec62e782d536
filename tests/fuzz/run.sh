#!/usr/bin/env bash
# run.sh - build every tests/fuzz/fuzz_*.c harness with libFuzzer (+ASan/UBSan) and run each for
# FUZZ_SECONDS (default 10) from its seed corpus tests/fuzz/corpus/NAME. A harness lists the lib
# sources it needs on a "fuzz-deps:" line. Prints "fuzz: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECS=${FUZZ_SECONDS:-10}
OUT=${BUILD:-$ROOT/build/std}/fuzz
mkdir -p "$OUT"
pass=0 fail=0
if ! command -v clang >/dev/null; then
    echo "FAIL - fuzz: clang is missing (scripts/deps.sh test installs it)" >&2
    echo "fuzz: 0 passed, 1 failed"
    exit 1
fi
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    short=${name#fuzz_}
    deps=$(sed -n 's/.*fuzz-deps: *\([^*]*\).*/\1/p' "$src" | head -1)
    bin=$OUT/$name
    if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -D_GNU_SOURCE -iquote lib -o "$bin" "$src" $deps $(pkg-config --libs sqlite3) -lm 2>"$OUT/$name.build.log"; then
        echo "FAIL - fuzz: $name does not build" >&2
        cat "$OUT/$name.build.log" >&2
        fail=$((fail + 1))
        continue
    fi
    work=$OUT/$name.corpus
    mkdir -p "$work"
    seeds=$ROOT/tests/fuzz/corpus/$short
    [ -d "$seeds" ] || seeds=
    if (cd "$OUT" && timeout $((SECS + 60)) "$bin" -max_total_time="$SECS" -max_len=70000 -timeout=10 \
            -rss_limit_mb=1024 "$work" $seeds >"$OUT/$name.log" 2>&1); then
        pass=$((pass + 1))
    else
        echo "FAIL - fuzz: $name found a problem (see $OUT/$name.log)" >&2
        tail -30 "$OUT/$name.log" >&2
        fail=$((fail + 1))
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

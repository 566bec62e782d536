#!/usr/bin/env bash
# run.sh - build the libFuzzer harnesses (clang, ASan + UBSan) into build/fuzz and run each for a
# bounded time: FUZZ_SECONDS each (default 8, so the whole run stays under a minute; `make fuzz`
# uses 60; FUZZ_HARNESSES chooses some). Prints "fuzz: N passed, N failed", one per harness; a crash
# input is kept in build/fuzz.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT=$ROOT/build/fuzz
SECS=${FUZZ_SECONDS:-8}
CLANG=${CLANG:-clang}
HARNESSES=${FUZZ_HARNESSES:-"csv jsonl archive zip pipe outbox car model shared_model request explain"}
FLAGS="-g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=undefined -D_GNU_SOURCE
       $(for d in lib/*/; do printf -- '-iquote %s ' "${d%/}"; done)
       -Wall -Wextra -Wno-unused-parameter $(pkg-config --cflags jansson libxml-2.0 libzip libcbor 2>/dev/null)"
# Every importer (their dispatcher calls them all), and what they share with the fetchers.
IMPORT_SRC="$(ls lib/batch/import*.c | tr '\n' ' ') lib/batch/html_text.c lib/batch/post_policy.c"
CORE_SRC=$(ls lib/core/*.c | tr '\n' ' ')
pass=0 fail=0

if ! command -v "$CLANG" >/dev/null; then
    echo "fuzz: $CLANG not found (scripts/deps.sh test installs it)" >&2
    echo "fuzz: 0 passed, 1 failed"
    exit 1
fi
mkdir -p "$OUT/obj"

# obj SRC: compile SRC for fuzzing unless its object is newer than it and every header.
obj() {
    local o=$OUT/obj/$(basename "$1" .c).o
    if [ ! -f "$o" ] || [ -n "$(find "$1" lib tests/fuzz -name '*.[ch]' -newer "$o" 2>/dev/null | head -1)" ]; then
        # shellcheck disable=SC2086
        "$CLANG" $FLAGS -fsanitize=fuzzer-no-link,address,undefined -c -o "$o" "$1" || return 1
    fi
    echo "$o"
}

# build NAME: link build/fuzz/fuzz_NAME. Prints nothing on success.
build() {
    local objs="" s o
    local srcs="tests/fuzz/fuzz_$1.c $CORE_SRC"
    case $1 in
        model|shared_model) ;;
        explain) srcs="$srcs lib/web/web_explain.c" ;;
        request) srcs="$srcs lib/web/web_request.c lib/web/web_html.c lib/web/web_main.c lib/web/routes.c" ;;
        *) srcs="$srcs $IMPORT_SRC" ;;
    esac
    for s in $srcs; do o=$(obj "$s") || return 1; objs="$objs $o"; done
    # shellcheck disable=SC2086
    "$CLANG" -fsanitize=fuzzer,address,undefined -o "$OUT/fuzz_$1" $objs -lcsv -ljansson $(pkg-config --libs libxml-2.0 libzip libcbor 2>/dev/null || echo -lxml2 -lzip -lcbor) -lfcgi -lnettle -lz -lm
}

# seeds NAME: the work corpus (kept between runs), with generated seeds for the model loaders.
seeds() {
    mkdir -p "$OUT/corpus/$1"
    if [ "$1" = model ] && [ ! -f "$OUT/corpus/model/seed-5.model" ]; then
        # shellcheck disable=SC2086
        "$CLANG" $FLAGS -o "$OUT/mkseed_model" tests/fuzz/mkseed_model.c $CORE_SRC -lnettle -lz -lm && "$OUT/mkseed_model" "$OUT/corpus/model"
    fi
    if [ "$1" = shared_model ] && [ ! -f "$OUT/corpus/shared_model/seed-3-pairs.model" ]; then
        # shellcheck disable=SC2086
        "$CLANG" $FLAGS -o "$OUT/mkseed_shared_model" tests/fuzz/mkseed_shared_model.c $CORE_SRC -lnettle -lz -lm &&
            "$OUT/mkseed_shared_model" "$OUT/corpus/shared_model"
    fi
}

for h in $HARNESSES; do
    log=$OUT/$h.log
    if ! build "$h" >"$log" 2>&1 || ! seeds "$h" >>"$log" 2>&1; then
        echo "FAIL - fuzz_$h: build failed" >&2; tail -n 20 "$log" >&2
        fail=$((fail + 1)); continue
    fi
    timeout $((SECS + 60)) "$OUT/fuzz_$h" -max_total_time="$SECS" -max_len=16384 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$OUT/crash-$h-" "$OUT/corpus/$h" "tests/fuzz/corpus/$h" \
        >>"$log" 2>&1
    rc=$?
    runs=$(grep -Eo '^#[0-9]+' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1)); echo "ok - fuzz_$h: ${runs:-#?} inputs in ${SECS}s"
    else
        fail=$((fail + 1)); echo "FAIL - fuzz_$h: exit $rc (log: $log)" >&2
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5 >&2
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

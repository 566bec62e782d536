#!/usr/bin/env bash
# run.sh - run every test suite (unit, cmd, cgi, http, browser, fuzz) and print the totals.
# Environment: BIN, BUILD (from make), SUITES to choose ("unit cmd cgi http browser fuzz").
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BIN=${BIN:-$ROOT/bin} BUILD=${BUILD:-$ROOT/build/std}
SUITES=${SUITES:-unit cmd cgi http browser fuzz}
pass=0 fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# count OUTPUT: add the runner's own summary lines (cmocka's, or "N passed, N failed") to the totals.
count() {
    local p f
    p=$(awk '/^\[  PASSED  \] [0-9]+ test/ {s+=$4} END {print s+0}' "$1")
    f=$(awk '/^\[  FAILED  \] [0-9]+ test/ {s+=$4} END {print s+0}' "$1")
    pass=$((pass + p)); fail=$((fail + f))
    p=$(grep -Eo '(^|: )[0-9]+ passed, [0-9]+ failed' "$1" | sed -E 's/^: //' | awk '{s+=$1} END {print s+0}')
    f=$(grep -Eo '(^|: )[0-9]+ passed, [0-9]+ failed' "$1" | sed -E 's/^: //' | awk '{s+=$3} END {print s+0}')
    pass=$((pass + p)); fail=$((fail + f))
}

# run NAME CMD...: run one runner; a runner that exits non-zero without a failed test counts as one.
run() {
    local name=$1; shift
    local before=$fail
    "$@" >"$log" 2>&1
    local rc=$?
    cat "$log"
    count "$log"
    if [ $rc -ne 0 ] && [ "$fail" -eq "$before" ]; then
        echo "FAIL - $name exited $rc without a test failure" >&2
        fail=$((fail + 1))
    fi
}

for s in $SUITES; do
    echo "== $s"
    case $s in
        unit)    for t in "$BUILD"/tests/test_*; do [ -x "$t" ] && run "$t" "$t"; done ;;
        cmd|cgi|http)
                 for t in tests/$s/t*.sh; do [ -f "$t" ] && run "$t" bash "$t"; done ;;
        browser) for t in tests/browser/t*.py; do [ -f "$t" ] && run "$t" /usr/bin/python3 "$t"; done ;;
        fuzz)    [ -x tests/fuzz/run.sh ] && run fuzz tests/fuzz/run.sh ;;
    esac
done
echo "== total"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

#!/usr/bin/env bash
# run.sh - run every test suite (unit, cmd, cgi, http, browser, fuzz) and print the totals.
# Environment: BIN, BUILD (from make), SUITES to choose ("unit cmd cgi http browser fuzz").
# Each runner must print its summary ("N passed, N failed", or cmocka's) and pass or fail at least
# one test; a selected suite must have something to run. Anything else counts as a failure.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BIN=${BIN:-$ROOT/bin} BUILD=${BUILD:-$ROOT/build/std}
SUITES=${SUITES:-unit cmd cgi http browser fuzz}
pass=0 fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# problem TEXT: a failure of the run itself (not of a test), counted as one failed test.
problem() { echo "FAIL - $1" >&2; fail=$((fail + 1)); }

# count OUTPUT: add the runner's own summary lines (cmocka's, or "N passed, N failed") to the
# totals; sets LINES to the number of summary lines found.
count() {
    local p f
    p=$(awk '/^\[  PASSED  \] [0-9]+ test/ {s+=$4} END {print s+0}' "$1")
    f=$(awk '/^\[  FAILED  \] [0-9]+ test/ {s+=$4} END {print s+0}' "$1")
    pass=$((pass + p)); fail=$((fail + f))
    p=$(grep -Eo '(^|: )[0-9]+ passed, [0-9]+ failed' "$1" | sed -E 's/^: //' | awk '{s+=$1} END {print s+0}')
    f=$(grep -Eo '(^|: )[0-9]+ passed, [0-9]+ failed' "$1" | sed -E 's/^: //' | awk '{s+=$3} END {print s+0}')
    pass=$((pass + p)); fail=$((fail + f))
    LINES=$(grep -Ec '^\[  (PASSED|FAILED)  \] [0-9]+ test|(^|: )[0-9]+ passed, [0-9]+ failed' "$1")
}

# run NAME CMD...: run one runner. It fails the run when it prints no summary, when its summary
# counts no test at all, or when it exits non-zero without a failed test.
run() {
    local name=$1; shift
    local p0=$pass f0=$fail rc
    "$@" >"$log" 2>&1
    rc=$?
    cat "$log"
    count "$log"
    runners=$((runners + 1))
    if [ "$LINES" -eq 0 ]; then
        problem "$name printed no summary line (\"N passed, N failed\"; exit $rc)"
    elif [ $((pass - p0 + fail - f0)) -eq 0 ]; then
        problem "$name ran no test (its summary counts 0 passed, 0 failed; exit $rc)"
    elif [ $rc -ne 0 ] && [ "$fail" -eq "$f0" ]; then
        problem "$name exited $rc without a test failure"
    fi
}

for s in $SUITES; do
    echo "== $s"
    runners=0
    case $s in
        unit)    for src in tests/unit/test_*.c; do
                     [ -f "$src" ] || continue
                     t=$BUILD/tests/$(basename "$src" .c)
                     if [ -x "$t" ]; then run "$t" "$t"; else problem "unit: $t is not built (make unit)"; fi
                 done ;;
        cmd|cgi|http)
                 for t in tests/$s/t*.sh; do [ -f "$t" ] && run "$t" bash "$t"; done ;;
        browser) for t in tests/browser/t*.py; do [ -f "$t" ] && run "$t" /usr/bin/python3 "$t"; done ;;
        fuzz)    if [ -x tests/fuzz/run.sh ]; then run fuzz tests/fuzz/run.sh; fi ;;
        *)       problem "no such suite '$s' (unit cmd cgi http browser fuzz)"; continue ;;
    esac
    [ "$runners" -gt 0 ] || problem "suite $s: nothing ran (no test script or binary for it)"
done
echo "== total"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

# lib.sh - shared setup for shell test scripts: strict mode, a private temp dir removed on exit,
# an instance directory, assertion helpers and the closing "N passed, N failed" line.
# Use: . "$(dirname "$0")/../lib.sh"   then t_ok/t_eq/t_match ...; finish with t_done.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
TWITOFF=$BIN/twitoff
# The repository's own corpora (data/README.md); SHARED holds the larger ones that are not bundled.
DATA=$ROOT/data
SHARED=${SHARED:-$(cd "$ROOT/../shared" 2>/dev/null && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/twitoff-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export TWITOFF_HOME=$T/home
unset TWITOFF_DB
# The batch's commands run at their usual priority in the tests (the test machine's other work
# would otherwise slow the timed ones); t66-priority checks batch_nice itself.
export TWITOFF_BATCH_NICE=0
mkdir -p "$TWITOFF_HOME"
_pass=0
_fail=0
_name=$(basename "$0" .sh)

t_pass() { _pass=$((_pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok - $1"; return 0; }
t_fail() { _fail=$((_fail + 1)); echo "FAIL - $_name: $1" >&2; [ -n "${2:-}" ] && printf '    %s\n' "$2" >&2; return 0; }

# t_ok NAME CMD...: CMD exits 0.
t_ok() { local n=$1; shift; if out=$("$@" 2>&1); then t_pass "$n"; else t_fail "$n" "exit $?: ${out:0:400}"; fi; }
# t_fails NAME CMD...: CMD exits non-zero.
t_fails() { local n=$1; shift; if out=$("$@" 2>&1); then t_fail "$n" "exited 0: ${out:0:400}"; else t_pass "$n"; fi; }
# t_eq NAME EXPECTED ACTUAL
t_eq() { if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "expected [$2] got [${3:0:400}]"; fi; }
# t_match NAME REGEX TEXT (grep -E)
t_match() { if printf '%s' "$3" | grep -Eq -- "$2"; then t_pass "$1"; else t_fail "$1" "no match for /$2/ in [${3:0:400}]"; fi; }
# t_nomatch NAME REGEX TEXT
t_nomatch() { if printf '%s' "$3" | grep -Eq -- "$2"; then t_fail "$1" "unexpected /$2/ in [${3:0:400}]"; else t_pass "$1"; fi; }
# sql QUERY: run a query on the instance database
# sql QUERY, qsql QUERY: run a query on the store or the queue store, keeping their -wal and -shm
# files as twitoff does (a user who cannot write the directory needs them to open the database).
_sqlite() { sqlite3 -cmd ".output /dev/null" -cmd ".filectrl persist_wal 1" -cmd ".output stdout" "$@"; }
sql() { _sqlite "$TWITOFF_HOME/twitoff.db" "$1"; }
qsql() { _sqlite "$TWITOFF_HOME/queue/jobs.db" "$1"; }

# need_shared GLOB...: this test reads data found only in ../shared (SHARED), such as the UCI
# health-news corpus: when a GLOB (relative to SHARED) matches no file, it fails here and says so.
need_shared() {
    local g
    for g in "$@"; do
        if [ -z "$SHARED" ] || ! compgen -G "$SHARED/$g" >/dev/null; then
            t_fail "needs ${SHARED:-../shared}/$g" "not found: this test reads a corpus that is not bundled (data/README.md, \"Not bundled\"); put it in ../shared or set SHARED"
            t_done
            exit 1
        fi
    done
}

t_done() { echo "$_name: $_pass passed, $_fail failed"; [ "$_fail" -eq 0 ]; }

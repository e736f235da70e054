# lib.sh - helpers for the end-to-end CLI tests (sourced by tests/e2e/t_*.sh).
#
# Each test runs the real binary ($COALESCE) in a fresh temporary directory
# on inputs under $CZ_FIXTURES, and checks exit statuses and output with the
# helpers below. A failed check prints what was expected and what came out,
# and the script exits non-zero at the end (every check still runs).
set -u

: "${COALESCE:?COALESCE must point at the coalesce binary}"
: "${CZ_FIXTURES:?CZ_FIXTURES must point at fixtures/}"

failures=0
checks=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/coalesce-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 2

# run CMD...: run coalesce with args; sets $status, $out (stdout), $err (stderr).
run() {
	"$COALESCE" "$@" >"$WORK/.out" 2>"$WORK/.err"
	status=$?
	out=$(cat "$WORK/.out")
	err=$(cat "$WORK/.err")
}

fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*" >&2
}

# expect_status N [what]
expect_status() {
	checks=$((checks + 1))
	[ "$status" -eq "$1" ] || fail "${2:-command}: exit status $status, expected $1
--- stdout:
$out
--- stderr:
$err"
}

# expect_out_has TEXT / expect_err_has TEXT / expect_out_lacks TEXT
expect_out_has() {
	checks=$((checks + 1))
	printf '%s' "$out" | grep -qF -- "$1" || fail "stdout lacks '$1'
--- stdout:
$out"
}
expect_err_has() {
	checks=$((checks + 1))
	printf '%s' "$err" | grep -qF -- "$1" || fail "stderr lacks '$1'
--- stderr:
$err"
}
expect_out_lacks() {
	checks=$((checks + 1))
	! printf '%s' "$out" | grep -qF -- "$1" || fail "stdout has '$1'
--- stdout:
$out"
}
expect_err_lacks() {
	checks=$((checks + 1))
	! printf '%s' "$err" | grep -qF -- "$1" || fail "stderr has '$1'
--- stderr:
$err"
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	checks=$((checks + 1))
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# sql DB QUERY: one value from the database (needs the sqlite3 CLI).
sql() {
	sqlite3 -batch -noheader "$1" "$2"
}

# done_testing: print the tally and exit non-zero if anything failed.
done_testing() {
	echo "$checks checks, $failures failed"
	[ "$failures" -eq 0 ]
	exit $?
}

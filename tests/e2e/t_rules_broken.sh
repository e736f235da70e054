# A broken rule file yields one clear FILE:LINE:COL error and exit 65, for
# every command that loads rules.
. "$CZ_TESTS/e2e/lib.sh"

t="$CZ_FIXTURES/rules-test"

check() { # DIR EXPECTED-LOCATION EXPECTED-TEXT
	for cmd in "rules test" "rules lint" "rules list"; do
		# shellcheck disable=SC2086
		run $cmd --no-default-rules --rules "$t/$1"
		expect_status 65 "$cmd on $1"
		expect_err_has "$2"
		expect_err_has "$3"
		expect_eq "$(printf '%s\n' "$err" | grep -c '^coalesce: ')" 1 "$cmd on $1: one error line"
	done
}

check broken-dquote "bad/dquote.yml:9:5: 'match': double-quoted pattern" "use single quotes"
check broken-flow "bad/flow.yml:8:8: 'match' is a flow-style list" "one '- item' per line"
check broken-key "bad/key.yml:8:1: unknown key 'severity'" "check its spelling"
check broken-regex "bad/regex.yml:8:5: 'match': bad pattern '(decided'" \
	"at offset 8: missing closing parenthesis"

run rules test --no-default-rules --rules "$t/dup-a" --rules "$t/dup-b"
expect_status 65 "duplicate id"
expect_err_has "dup-b/bad/dup.yml:2:5: duplicate rule id 'bad.dup', already defined in"
expect_err_has "dup-a/bad/dup.yml"

run rules test --no-default-rules --rules "$t/does-not-exist"
expect_status 66 "missing rules dir"
expect_err_has "no such rules directory"

# ingest refuses to run with broken rules (and stores nothing).
printf -- '---\ntitle: x\ndate: 2025-01-01\n---\nWe decided.\n' > note.md
run --db r.db ingest --no-default-rules --rules "$t/broken-key" note.md
expect_status 65 "ingest with a broken rule"
expect_err_has "bad/key.yml:8:1: unknown key 'severity'"

done_testing

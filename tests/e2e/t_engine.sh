# The Vectorscan prefilter (--engine auto) and PCRE2 alone (--engine pcre2)
# give the same evidence, row for row: on the engine fixtures (Unicode
# words, anchors, lookaround, caseless k/s), on the demo archive with the
# default pack, and on a generated archive. Bad engine names are usage
# errors that create no database.
. "$CZ_TESTS/e2e/lib.sh"

dump() {
	sqlite3 -batch "$1" "SELECT n.relpath, s.rule_id, s.line, s.col, s.status, s.excerpt,
	  s.speaker, s.groups FROM signals s JOIN notes n ON n.id = s.note_id ORDER BY 1, 2, 3, 4"
}

# compare NAME ARGS...: ingest with both engines, same rows, and some rows.
compare() {
	name=$1
	shift
	run --db "$name-auto.db" ${CFG:+--config "$CFG"} ingest --quiet --engine auto "$@"
	expect_status 0 "$name: ingest --engine auto"
	run --db "$name-pcre2.db" ${CFG:+--config "$CFG"} ingest --quiet --engine pcre2 "$@"
	expect_status 0 "$name: ingest --engine pcre2"
	dump "$name-auto.db" > "$name-auto.txt"
	dump "$name-pcre2.db" > "$name-pcre2.txt"
	rows=$(wc -l < "$name-pcre2.txt")
	[ "$rows" -gt "${MIN_ROWS:-5}" ] || fail "$name: only $rows evidence rows"
	checks=$((checks + 1))
	if ! cmp -s "$name-auto.txt" "$name-pcre2.txt"; then
		fail "$name: evidence differs between engines"
		diff "$name-pcre2.txt" "$name-auto.txt" | head -10 >&2
	fi
	echo "$name: $rows evidence rows, identical"
}

eng="$CZ_FIXTURES/engine"
compare fixture --no-default-rules --rules "$eng/rules" "$eng/notes"
expect_eq "$(sql fixture-auto.db "SELECT count(*) FROM signals WHERE excerpt LIKE '%ſkit%'
	AND rule_id = 'eng.anchored'")" 2 "caseless k folds to the Kelvin sign (both engines)"

CFG="$CZ_FIXTURES/demo/coalesce.yml" compare demo "$CZ_FIXTURES/demo"

# A generated archive (bench/gen is deterministic); skipped without python3.
gen="$CZ_TESTS/../bench/gen"
if command -v python3 > /dev/null && "$gen" --size 2M --seed 11 --out gen > /dev/null 2>&1; then
	MIN_ROWS=1000 compare generated gen
	# Scan re-evaluates with the chosen engine: same rows again.
	run --db generated-auto.db scan --engine pcre2
	expect_status 0 "scan --engine pcre2"
	dump generated-auto.db > rescanned.txt
	checks=$((checks + 1))
	cmp -s rescanned.txt generated-pcre2.txt || fail "scan --engine pcre2 changed the evidence"
else
	echo "skipped the generated archive (bench/gen did not run)"
fi

run --db bad.db ingest --engine fast "$eng/notes"
expect_status 64 "unknown engine"
expect_err_has "--engine must be auto or pcre2"
[ ! -e bad.db ] || fail "a usage error created the database"
COALESCE_ENGINE=turbo run --db bad.db ingest "$eng/notes"
expect_status 64 "unknown COALESCE_ENGINE"
expect_err_has "COALESCE_ENGINE must be auto or pcre2"
run --db bad.db ingest --help
expect_out_has "--engine auto|pcre2"

done_testing

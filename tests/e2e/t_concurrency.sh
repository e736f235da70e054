# Two ingests on one database at once: both succeed, or one waits and then
# fails with a clear "database busy" message; never corruption. Status
# during an ingest reads a consistent snapshot and never fails.
. "$CZ_TESTS/e2e/lib.sh"

mk() {
	mkdir -p "$1"
	i=0
	while [ $i -lt "$2" ]; do
		printf -- '---\ntitle: %s %d\ndate: 2025-04-%02d\ninitiative: beta\n---\nBody %d\n' \
			"$1" $i $((i % 28 + 1)) $i > "$1/n$i.md"
		i=$((i + 1))
	done
}
mk one 1500
mk two 1500

"$COALESCE" --db c.db ingest --quiet one > a.out 2> a.err &
pa=$!
"$COALESCE" --db c.db ingest --quiet two > b.out 2> b.err &
pb=$!
# Readers while both write: every status must succeed and parse. (Wait
# until the first writer has created the database.)
n=0
while [ ! -s c.db ] && [ $n -lt 200 ]; do sleep 0.01; n=$((n + 1)); done
reads=0
bad_reads=0
while kill -0 $pa 2>/dev/null || kill -0 $pb 2>/dev/null; do
	if "$COALESCE" --db c.db status --format json > s.json 2> s.err; then
		python3 -c 'import json,sys; d=json.load(open("s.json")); sys.exit(0 if d["notes"] >= 0 else 1)' \
			|| bad_reads=$((bad_reads + 1))
	else
		bad_reads=$((bad_reads + 1))
		cat s.err >&2
	fi
	reads=$((reads + 1))
done
wait $pa; sa=$?
wait $pb; sb=$?
echo "status ran $reads times during the ingests"
expect_eq "$bad_reads" 0 "status during ingest"

for s in "$sa:a" "$sb:b"; do
	code=${s%%:*}
	f=${s##*:}
	if [ "$code" -ne 0 ]; then
		expect_eq "$code" 74 "a losing concurrent ingest exits 74"
		grep -q "database busy" "$f.err" || fail "no 'database busy' message: $(cat "$f.err")"
	fi
done
expect_eq "$(sql c.db 'PRAGMA integrity_check')" ok "integrity after concurrent ingests"
expected=0
[ "$sa" -eq 0 ] && expected=$((expected + 1500))
[ "$sb" -eq 0 ] && expected=$((expected + 1500))
expect_eq "$(sql c.db 'SELECT count(*) FROM notes')" "$expected" "notes of the successful runs"

done_testing

# `ingest --jobs N` gives the same database for any N: the same note ids,
# the same evidence rows in the same order, the same rejections reported in
# the same order, and the same rules disabled by their limits. The archive
# mixes the demo (notes, calendar, people), a generated archive, bad files
# and notes on which a catastrophic rule hits its limit more often than
# `disable_after` allows. Bad --jobs values are usage errors.
. "$CZ_TESTS/e2e/lib.sh"

mkdir -p arch
cp -R "$CZ_FIXTURES/demo" arch/demo
gen="$CZ_TESTS/../bench/gen"
if command -v python3 > /dev/null && "$gen" --size 1M --seed 5 --out gen > /dev/null 2>&1; then
	mv gen/notes arch/generated
else
	echo "skipped the generated archive (bench/gen did not run)"
fi
mkdir -p arch/bad arch/limit
printf '# Bad\n\377\376 not utf-8\n' > arch/bad/latin.md
printf -- '---\ntitle: [unclosed\n---\n# X\n' > arch/bad/frontmatter.md
printf 'binary\0file\n' > arch/bad/nul.md
# Five notes on which cat.nested hits the match limit: it is disabled after
# the third, so the fourth and fifth have no evidence from it whatever the
# thread that evaluated them.
for i in 1 2 3 4 5; do
	{ echo "# Limit $i"; head -c 30000 /dev/zero | tr '\0' a; echo '!'; } > "arch/limit/l$i.md"
done

dump() {
	sqlite3 -batch "$1" "
	  SELECT 'note', id, relpath, title, date, hash, lines FROM notes ORDER BY id;
	  SELECT 'signal', s.id, n.relpath, s.rule_id, s.status, s.line, s.col, s.excerpt,
	    s.speaker, s.groups FROM signals s JOIN notes n ON n.id = s.note_id ORDER BY s.id;
	  SELECT 'rejection', path, line, reason FROM rejections ORDER BY rowid;
	  SELECT 'meeting', id, subject, start FROM meetings ORDER BY id;
	  SELECT 'link', note_id, meeting_id FROM note_meetings ORDER BY 2, 3;"
}

for j in 1 2 4; do
	run --db "j$j.db" --config arch/demo/coalesce.yml ingest --quiet --jobs "$j" \
		--rules "$CZ_FIXTURES/rules-test/catastrophic" arch
	expect_status 1 "ingest --jobs $j (3 bad files)"
	printf '%s\n' "$out" > "j$j.out"
	printf '%s\n' "$err" | sed "s|$WORK/||g" > "j$j.err"
	dump "j$j.db" | sed "s|$WORK/||g" > "j$j.dump"
done
expect_err_has "cat.nested hit the regex match limit or its time budget in 3 note(s) and was disabled"
rows=$(grep -c '^signal' j1.dump)
[ "$rows" -gt 100 ] || fail "only $rows evidence rows"
expect_eq "$(grep -c '^rejection' j1.dump)" 3 "rejections recorded"
expect_eq "$(grep -c '^signal|[0-9]*|limit/l[45].md|cat.nested' j1.dump)" 0 \
	"no evidence from the disabled rule after its third limit"
for j in 2 4; do
	checks=$((checks + 1))
	cmp -s j1.dump "j$j.dump" || { fail "--jobs $j: database differs from --jobs 1";
		diff j1.dump "j$j.dump" | head -10 >&2; }
	checks=$((checks + 1))
	cmp -s j1.err "j$j.err" || { fail "--jobs $j: stderr differs from --jobs 1";
		diff j1.err "j$j.err" | head -10 >&2; }
	checks=$((checks + 1))
	cmp -s j1.out "j$j.out" || fail "--jobs $j: summary differs"
done
echo "--jobs 1, 2, 4: $rows evidence rows, identical databases"

# scan (every stored note again) is the same for any N too, and finds what
# ingest found; under --redact it re-reads the files.
cp j1.db s1.db
cp j1.db s4.db
for j in 1 4; do
	run --db "s$j.db" scan --jobs "$j" --rules "$CZ_FIXTURES/rules-test/catastrophic"
	expect_status 0 "scan --jobs $j"
	dump "s$j.db" | sed "s|$WORK/||g" > "s$j.dump"
done
checks=$((checks + 1))
cmp -s s1.dump s4.dump || { fail "scan --jobs 4 differs from --jobs 1"; diff s1.dump s4.dump | head >&2; }
expect_eq "$(grep -c '^signal' s4.dump)" "$rows" "scan finds what ingest found"
for j in 1 4; do
	run --db "r$j.db" ingest --quiet --redact --jobs "$j" arch/generated arch/limit
	run --db "r$j.db" scan --jobs "$j"
	expect_status 0 "scan --jobs $j of a redacted database"
	dump "r$j.db" | sed "s|$WORK/||g" > "r$j.dump"
done
checks=$((checks + 1))
cmp -s r1.dump r4.dump || fail "redacted scan --jobs 4 differs from --jobs 1"

# A second run with 4 jobs changes nothing.
run --db j4.db --config arch/demo/coalesce.yml ingest --quiet -j 4 \
	--rules "$CZ_FIXTURES/rules-test/catastrophic" arch
expect_out_has "0 new, 0 changed"

for bad in 0 -1 x 2x 257 ""; do
	run --db bad.db ingest --jobs "$bad" arch/bad
	expect_status 64 "--jobs '$bad'"
	expect_err_has "--jobs must be a number from 1 to 256"
done
[ ! -e bad.db ] || fail "a usage error created the database"

done_testing

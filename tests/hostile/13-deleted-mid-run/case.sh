# Files deleted while ingest runs (a race, generated): each one is either
# never seen or rejected as missing; never a crash, never a note stored
# for a file that is gone, and the database stays consistent. The
# deterministic half (a file that vanished between walk and read gives
# "cannot open: No such file or directory") is cz_file_read's unit test
# (tests/unit/test_file.c).
mkdir in
i=0
while [ $i -lt 1500 ]; do
	printf '# Note %d\n\nA line.\n' $i > "in/n$(printf %04d $i).md"
	i=$((i + 1))
done
"$COALESCE" --db h.db ingest --quiet in > out.txt 2> err.txt &
pid=$!
rm -f in/n1*.md
wait $pid
status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || fail "deleted mid-run: exit $status"
if [ "$status" -eq 1 ]; then
	grep -q 'No such file or directory' err.txt || fail "deleted mid-run: unexpected rejection: $(head -3 err.txt)"
fi
expect_eq "$(sql h.db "SELECT count(*) FROM notes WHERE relpath LIKE 'n1%'")" \
	"$(ls in | grep -c '^n1' || true)" "notes stored for deleted files"
expect_eq "$(sql h.db 'PRAGMA integrity_check')" ok "integrity"

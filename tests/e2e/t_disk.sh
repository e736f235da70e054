# Full disk and read-only database: a clear error, exit 74, nothing
# half-written. The full disk is a real one: a small tmpfs mounted in a
# private mount namespace (skipped where unshare or mount is not allowed).
. "$CZ_TESTS/e2e/lib.sh"

mkdir archive
i=0
while [ $i -lt 300 ]; do
	{
		printf -- '---\ntitle: Planning %d\ndate: 2025-02-%02d\ninitiative: alpha\n---\n' $i $((i % 28 + 1))
		j=0
		while [ $j -lt 60 ]; do
			printf 'Line %d of a long note about capacity, tradeoffs and owners.\n' $j
			j=$((j + 1))
		done
	} > "archive/n$i.md"
	i=$((i + 1))
done

mkdir small
if unshare -m sh -c "mount -t tmpfs -o size=600k tmpfs '$WORK/small'" 2>/dev/null; then
	unshare -m sh -c "
		mount -t tmpfs -o size=600k tmpfs '$WORK/small' || exit 99
		'$COALESCE' --db '$WORK/small/full.db' ingest --quiet '$WORK/archive' \
			> '$WORK/full.out' 2> '$WORK/full.err'
		echo \$? > '$WORK/full.status'
		cp '$WORK/small/full.db' '$WORK/copy.db'
		[ -f '$WORK/small/full.db-wal' ] && cp '$WORK/small/full.db-wal' '$WORK/copy.db-wal'
		exit 0"
	status=$(cat full.status)
	out=$(cat full.out)
	err=$(cat full.err)
	expect_status 74 "ingest onto a full disk"
	expect_err_has "disk full; free some space and run again (nothing was half-written)"
	expect_eq "$(sql copy.db 'PRAGMA integrity_check')" ok "integrity after a full disk"
	expect_eq "$(sql copy.db "SELECT count(*) FROM notes n WHERE NOT EXISTS
		(SELECT 1 FROM note_initiatives i WHERE i.note_id = n.id)")" 0 "no half-stored note"
else
	echo "skipped: cannot mount a tmpfs in a private namespace here"
fi

# A read-only database (immutable file: even root cannot write it).
"$COALESCE" --db ro.db ingest --quiet archive > /dev/null 2>&1
sqlite3 ro.db "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;" > /dev/null
printf -- '---\ntitle: New one\ndate: 2025-03-01\n---\nBody\n' > archive/new.md
if chattr +i ro.db 2>/dev/null; then
	run --db ro.db ingest archive
	chattr -i ro.db
	expect_status 74 "ingest into a read-only database"
	expect_err_has "ro.db: database is read-only"
	expect_eq "$(sql ro.db "SELECT count(*) FROM notes")" 300 "read-only database unchanged"
else
	echo "skipped: chattr +i is not supported here"
fi

done_testing

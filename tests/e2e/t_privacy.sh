# Privacy (issue 8): ingest --redact stores no note text and pseudonyms
# instead of names, the mode is fixed by the first ingest, scan reads the
# files again; forget erases a person so that neither the name nor the
# email is left in the .db, -wal or -shm files.
. "$CZ_TESTS/e2e/lib.sh"

DEMO="$CZ_FIXTURES/demo"
CFG="$DEMO/coalesce.yml"

# bytes DB TEXT: occurrences of TEXT (UTF-8, exact bytes) in the database
# files that exist (.db, -wal, -shm).
bytes() {
	n=0
	for f in "$1" "$1-wal" "$1-shm"; do
		[ -f "$f" ] || continue
		c=$(grep -a -c -F -- "$2" "$f")
		n=$((n + c))
	done
	echo "$n"
}

# --- redact ---------------------------------------------------------------
run --db r.db --config "$CFG" ingest --redact --quiet "$DEMO"
expect_status 0 "ingest --redact"
expect_eq "$(sql r.db "SELECT count(*) FROM note_bodies")" 0 "bodies stored"
expect_eq "$(sql r.db "SELECT count(*) > 0 FROM signals")" 1 "evidence kept"
expect_eq "$(sql r.db "SELECT count(*) FROM signals WHERE excerpt IS NOT NULL OR speaker IS NOT NULL OR groups IS NOT NULL")" 0 "evidence text stored"
expect_eq "$(sql r.db "SELECT count(*) FROM people WHERE name NOT LIKE 'person-%' AND source <> 'calendar'")" 0 "names not pseudonymised"
expect_eq "$(sql r.db "SELECT count(*) FROM note_attendees WHERE name NOT LIKE 'person-%'")" 0 "note attendees not pseudonymised"
expect_eq "$(sql r.db "SELECT count(*) FROM people WHERE email IS NOT NULL AND email NOT LIKE 'person-%@redacted.invalid'")" 0 "emails not pseudonymised"
expect_eq "$(sql r.db "SELECT value FROM meta WHERE key = 'redact'")" 1 "mode in meta"
expect_eq "$(bytes r.db 'Ben Okafor')" 0 "a name in the redacted database"
expect_eq "$(bytes r.db 'ben.okafor@example-freight.test')" 0 "an email in the redacted database"
# Links still work through pseudonyms: attendance matches a plain ingest.
run --db p.db --config "$CFG" ingest --quiet "$DEMO"
expect_status 0 "plain ingest"
expect_eq "$(sql p.db "SELECT count(*) FROM note_bodies")" 0 "bodies stored without --keep-text"
expect_eq "$(sql r.db "SELECT count(*) FROM attendees")" "$(sql p.db "SELECT count(*) FROM attendees")" "attendance under pseudonyms"
expect_eq "$(sql r.db "SELECT count(person_id) FROM note_attendees")" "$(sql p.db "SELECT count(person_id) FROM note_attendees")" "note attendees resolved"
# Same pseudonym for the same name in the same database, never a name twice.
expect_eq "$(sql r.db "SELECT count(*) FROM (SELECT name FROM people GROUP BY name HAVING count(*) > 1)")" 0 "pseudonym collision"
# The evidence counts match the plain database.
expect_eq "$(sql r.db "SELECT count(*) FROM signals")" "$(sql p.db "SELECT count(*) FROM signals")" "hits redacted vs plain"
# scan re-reads the files from disk.
before=$(sql r.db "SELECT count(*) FROM signals")
run --db r.db --config "$CFG" scan
expect_status 0 "scan on a redacted database"
expect_out_has "scan: 55 note(s)"
expect_eq "$(sql r.db "SELECT count(*) FROM signals")" "$before" "hits after scan from disk"
# Modes never mix.
run --db r.db --config "$CFG" ingest --quiet "$DEMO"
expect_status 64 "plain ingest into a redacted database"
expect_err_has "this database is redacted; pass --redact"
run --db p.db --config "$CFG" ingest --redact --quiet "$DEMO"
expect_status 64 "--redact into a plain database"
expect_err_has "created without --redact"
run --db r.db --config "$CFG" ingest --redact --quiet "$DEMO"
expect_status 0 "second --redact run"
# A copy of a note changed on disk is not evaluated from stale bytes.
cp -r "$DEMO" demo2
run --db r2.db --config "$CFG" ingest --redact --quiet demo2
expect_status 0 "ingest --redact copy"
printf '\nAppended after ingest.\n' >> "demo2/notes/billing/pricing-sync.md"
run --db r2.db --config "$CFG" scan
expect_status 0 "scan with a changed file"
expect_out_has "scan: 54 note(s)"

# Without --keep-text, scan reads the files again; a file gone is reported.
cp -r "$DEMO" demo3
run --db s.db --config "$CFG" ingest --quiet demo3
expect_status 0 "plain ingest of a copy"
before=$(sql s.db "SELECT count(*) FROM signals")
run --db s.db --config "$CFG" scan
expect_status 0 "scan from the files"
expect_out_has "scan: 55 note(s)"
expect_eq "$(sql s.db "SELECT count(*) FROM signals")" "$before" "hits after scan from the files"
rm "demo3/notes/billing/pricing-sync.md"
run --db s.db --config "$CFG" scan
expect_status 0 "scan with a file gone"
expect_out_has "scan: 54 note(s)"
expect_err_has "1 note(s) were not re-evaluated: their file is gone or changed"

# --keep-text stores each note's text; it and --redact exclude each other.
run --db k.db --config "$CFG" ingest --keep-text --redact --quiet "$DEMO"
expect_status 64 "--keep-text with --redact"
expect_err_has "give one of them"

# --- forget ---------------------------------------------------------------
run --db f.db --config "$CFG" ingest --keep-text --quiet "$DEMO"
expect_status 0 "ingest for forget"
expect_eq "$(sql f.db "SELECT count(*) FROM note_bodies")" "$(sql f.db "SELECT count(*) FROM notes")" "a body per note with --keep-text"
[ "$(bytes f.db 'Ben Okafor')" -gt 0 ] || fail "the name must be in the database before forget"
# Keep a second connection open so the -wal and -shm files survive forget's exit.
mkfifo hold
sqlite3 f.db < hold > /dev/null 2>&1 &
holder=$!
exec 3> hold
echo "SELECT count(*) FROM notes;" >&3
sleep 1
run --db f.db forget "BEN okafor"
expect_status 0 "forget by name"
expect_out_has "people deleted                     1"
expect_out_has "note_bodies.body rewritten"
expect_out_has "brings this person back"
for text in 'Ben Okafor' 'ben.okafor@example-freight.test' 'Okafor'; do
	expect_eq "$(bytes f.db "$text")" 0 "'$text' left in the database files"
done
[ -f f.db-wal ] || fail "the -wal file was expected to survive (held open)"
expect_eq "$(sql f.db "PRAGMA integrity_check")" ok "integrity after forget"
[ "$(sql f.db "SELECT count(*) FROM note_bodies WHERE body LIKE '%[forgotten]%'")" -gt 0 ] || fail "no placeholder in note bodies"
exec 3>&-
wait "$holder" 2>/dev/null
# By email, accent-insensitive: José Almeida goes with his email.
run --db f.db forget jose.almeida@example-freight.test
expect_status 0 "forget by email"
expect_out_has "people deleted                     1"
for text in 'José Almeida' 'Jose Almeida' 'jose.almeida@example-freight.test'; do
	expect_eq "$(bytes f.db "$text")" 0 "'$text' left after forget by email"
done
# Other people stay.
expect_eq "$(sql f.db "SELECT count(*) FROM people WHERE name = 'Dana Whitfield'")" 1 "others kept"
# Nobody matched: still exit 0, all counts zero.
run --db f.db forget "Nobody Here"
expect_status 0 "forget an unknown name"
expect_out_has "people deleted                     0"
run --db f.db forget
expect_status 64 "forget without an argument"
run --db missing.db forget "Ben Okafor"
expect_status 66 "forget on a missing database"
[ ! -f missing.db ] || fail "forget created a database"
# A reader in the middle of a transaction keeps old pages alive: forget
# commits the erasure but says it could not compact (exit 74), and a
# second forget once the reader is gone finishes the job.
run --db g.db --config "$CFG" ingest --quiet "$DEMO"
mkfifo hold2
sqlite3 g.db < hold2 > /dev/null 2>&1 &
holder=$!
exec 4> hold2
echo "BEGIN; SELECT count(*) FROM notes;" >&4
sleep 1
run --db g.db forget "Dana Whitfield"
expect_status 74 "forget with a reader holding a transaction"
expect_err_has "the erasure is committed, but the database could not be compacted (another process is reading the database)"
exec 4>&-
wait "$holder" 2>/dev/null
expect_eq "$(sql g.db "SELECT count(*) FROM people WHERE name = 'Dana Whitfield'")" 0 "erasure committed"
run --db g.db forget "Dana Whitfield"
expect_status 0 "forget again"
expect_out_has "people deleted                     0"
expect_eq "$(bytes g.db 'Dana Whitfield')" 0 "name left after the second forget"
expect_eq "$(bytes g.db 'dana.whitfield@example-freight.test')" 0 "email left after the second forget"

# A redacted database: forgetting a name finds its pseudonym.
run --db r.db forget "Ben Okafor"
expect_status 0 "forget in a redacted database"
expect_out_has "people deleted                     1"

done_testing

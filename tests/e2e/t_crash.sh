# Crash safety: SIGKILL `coalesce ingest` at random moments, at least 20
# times, over an archive of a few thousand notes. After every kill the
# database passes PRAGMA integrity_check and holds no half-stored note; a
# final re-run converges to exactly the state of an uninterrupted run.
. "$CZ_TESTS/e2e/lib.sh"

KILLS=${CZ_CRASH_KILLS:-20}
NOTES=${CZ_CRASH_NOTES:-3000}

# A deterministic archive: NOTES notes in 30 folders, some for an initiative.
mkdir archive
i=0
while [ $i -lt "$NOTES" ]; do
	d=archive/f$((i % 30))
	[ -d "$d" ] || mkdir "$d"
	day=$(( (i % 28) + 1 ))
	month=$(( (i / 28) % 12 + 1 ))
	printf -- '---\ntitle: Sync %d\ndate: 2025-%02d-%02d\ninitiative: init-%d\nattendees:\n  - Person %d\n---\n# Sync %d\n\nAB: we reviewed item %d and agreed to delay item %d.\nACTION: CD to follow up by Friday.\n' \
		$i $month $day $((i % 3)) $((i % 7)) $i $i $((i + 1)) > "$d/note-$i.md"
	i=$((i + 1))
done

dump() {
	sqlite3 -batch "$1" "
	SELECT relpath, title, date, hash, lines, length(b.body) FROM notes n
	  LEFT JOIN note_bodies b ON b.note_id = n.id ORDER BY relpath;
	SELECT n.relpath, i.initiative_id, i.source FROM note_initiatives i
	  JOIN notes n ON n.id = i.note_id ORDER BY 1, 2;
	SELECT n.relpath, a.name FROM note_attendees a JOIN notes n ON n.id = a.note_id ORDER BY 1, 2;
	SELECT n.relpath, s.rule_id, s.line, s.col, s.status FROM signals s
	  JOIN notes n ON n.id = s.note_id ORDER BY 1, 2, 3, 4;"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

touch_tenth() {
	j=$1
	while [ $j -lt "$NOTES" ]; do
		printf 'Follow-up %d: more discussion.\n' "$1" >> "archive/f$((j % 30))/note-$j.md"
		j=$((j + 10))
	done
}

# How long a run with a tenth of the notes changed takes here, so that the
# kills land inside the runs.
"$COALESCE" --db timing.db ingest --quiet archive > /dev/null 2>&1
touch_tenth "$NOTES"
t0=$(now_ms)
"$COALESCE" --db timing.db ingest --quiet archive > /dev/null 2>&1
full_ms=$(( $(now_ms) - t0 ))
[ "$full_ms" -gt 0 ] || full_ms=1
# And half of a run with nothing to do (start-up, walk): kills are aimed
# past it, inside the run. With batched commits (issue 7) the work is a
# small part of a run, and a kill during start-up tests nothing.
t0=$(now_ms)
"$COALESCE" --db timing.db ingest --quiet archive > /dev/null 2>&1
idle_ms=$(( ($(now_ms) - t0) / 2 ))
[ "$idle_ms" -lt "$full_ms" ] || idle_ms=0

# Kill at random moments. Before each run a tenth of the notes change, so
# every run has real work in flight (new and replaced notes) when it dies.
k=0
seed=7
interrupted=0
while [ $k -lt "$KILLS" ]; do
	touch_tenth $k
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	delay_ms=$(( 5 + idle_ms + seed % (full_ms - idle_ms) ))
	"$COALESCE" --db crash.db ingest --quiet archive > /dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	kill -KILL "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	unfinished=$(sqlite3 -batch crash.db "SELECT finished_at IS NULL FROM runs
		ORDER BY id DESC LIMIT 1" 2>/dev/null)
	[ "$unfinished" = 1 ] && interrupted=$((interrupted + 1))
	ic=$(sqlite3 -batch crash.db "PRAGMA integrity_check" 2>&1)
	expect_eq "$ic" ok "integrity after kill $k (at ${delay_ms} ms)"
	# A kill before the first migration committed leaves an empty database.
	if [ "$(sqlite3 -batch crash.db "SELECT count(*) FROM sqlite_master
		WHERE name = 'notes'" 2>&1)" = 0 ]; then
		half=0
	else
		half=$(sqlite3 -batch crash.db "SELECT count(*) FROM notes n WHERE NOT EXISTS
			(SELECT 1 FROM note_initiatives i WHERE i.note_id = n.id)" 2>&1)
	fi
	expect_eq "$half" 0 "no note without its links after kill $k"
	k=$((k + 1))
done
echo "$interrupted of $KILLS runs were killed in flight (a run takes about ${full_ms} ms)"
[ "$interrupted" -ge $((KILLS / 2)) ] || fail "too few kills landed inside a run ($interrupted)"

# The re-run converges to the uninterrupted state.
"$COALESCE" --db crash.db ingest --quiet archive > /dev/null 2>&1
expect_eq "$?" 0 "final ingest after the kills"
"$COALESCE" --db ref.db ingest --quiet archive > /dev/null 2>&1
expect_eq "$?" 0 "reference ingest of the final archive"
dump ref.db > ref.dump
dump crash.db > crash.dump
if ! cmp -s ref.dump crash.dump; then
	fail "state after kills differs from an uninterrupted run"
	diff ref.dump crash.dump | head -20 >&2
fi
expect_eq "$(sqlite3 -batch crash.db 'SELECT count(*) FROM notes')" "$NOTES" "all notes present"

done_testing

# The demo calendar and people directory import with the manifest's counts
# (fixtures/demo-manifest.md), link to notes and initiatives, and a second
# run adds nothing.
. "$CZ_TESTS/e2e/lib.sh"

demo="$CZ_FIXTURES/demo"
run --db demo.db --config "$demo/coalesce.yml" ingest "$demo"
expect_status 0 "demo ingest"
expect_out_has "0 rejected; 104 meetings added"

q() { sql demo.db "$1"; }
expect_eq "$(q "SELECT count(*) FROM meetings")" 104 "meetings"
expect_eq "$(q "SELECT count(*) FROM meetings WHERE all_day = 1")" 1 "all-day events"
expect_eq "$(q "SELECT start || ' ' || end FROM meetings WHERE subject = 'Leadership offsite'")" \
	"2025-09-24 00:00:00 2025-09-25 00:00:00" "the offsite spans its day"
# 43 raw attendee strings -> 22 directory people + 2 distribution lists.
expect_eq "$(q "SELECT count(DISTINCT person_id) FROM attendees WHERE role <> 'note'")" 24 \
	"distinct calendar attendees"
expect_eq "$(q "SELECT count(*) FROM people WHERE source = 'directory'")" 24 "directory people"
expect_eq "$(q "SELECT group_concat(name, ',') FROM (SELECT name FROM people WHERE team IS NULL ORDER BY name)")" \
	"All Leads,All Staff" "people without a team"
expect_eq "$(q "SELECT count(*) FROM attendees a JOIN people p ON p.id = a.person_id WHERE p.team = 'customer-success'")" \
	0 "customer-success never attends"
expect_eq "$(q "SELECT count(*) FROM meetings WHERE start LIKE '2025-01-08 10:00:00'")" 1 "first meeting"
expect_eq "$(q "SELECT group_concat(p.name || ':' || a.role, ',') FROM (SELECT * FROM attendees ORDER BY person_id) a JOIN people p ON p.id = a.person_id JOIN meetings m ON m.id = a.meeting_id WHERE m.subject = 'Billing migration - problem walkthrough with Finance'")" \
	"Dana Whitfield:organizer,Ben Okafor:required,Amara Nwosu:required,Keisha Oduya:required" \
	"attendees of the first meeting, 'Last, First' resolved"
expect_eq "$(q "SELECT description FROM meetings WHERE subject = 'Billing migration coalition brief'")" \
	"Please read the draft brief before the meeting.
We will go through it section by section and fold edits in live." "multi-line description"

# Initiatives by subject regex (manifest: 35 / 21 / 25, none twice).
mi() { q "SELECT count(*) FROM meeting_initiatives WHERE initiative_id = '$1'"; }
expect_eq "$(mi billing-migration)" 35 "billing meetings"
expect_eq "$(mi onboarding-revamp)" 21 "onboarding meetings"
expect_eq "$(mi ai-assistant)" 25 "ai meetings"
expect_eq "$(q "SELECT count(*) FROM (SELECT meeting_id FROM meeting_initiatives GROUP BY 1 HAVING count(*) > 1)")" \
	0 "no meeting in two initiatives"

# Notes to meetings: every note whose title equals a same-day subject
# links (computed independently of coalesce's title folding), plus the
# notes whose titles differ only by case, punctuation or a date.
exact=$(q "SELECT count(*) FROM notes n WHERE EXISTS (SELECT 1 FROM meetings m WHERE substr(m.start, 1, 10) = n.date AND m.subject = n.title)")
expect_eq "$(q "SELECT count(*) FROM notes n WHERE EXISTS (SELECT 1 FROM meetings m WHERE substr(m.start, 1, 10) = n.date AND m.subject = n.title) AND NOT EXISTS (SELECT 1 FROM note_meetings l WHERE l.note_id = n.id)")" \
	0 "every exact title match is linked"
linked=$(q "SELECT count(DISTINCT note_id) FROM note_meetings")
checks=$((checks + 1))
[ "$linked" -gt "$exact" ] || fail "linked notes: $linked, expected more than the $exact exact matches"
expect_eq "$(q "SELECT count(*) FROM note_meetings l JOIN notes n ON n.id = l.note_id JOIN meetings m ON m.id = l.meeting_id WHERE substr(m.start, 1, 10) <> n.date")" \
	0 "links only on the same day"
expect_eq "$(q "SELECT count(*) FROM notes n JOIN note_meetings l ON l.note_id = n.id JOIN meetings m ON m.id = l.meeting_id WHERE n.title = 'AI assistant - labelling kickoff' AND m.start = '2025-02-04 10:00:00'")" \
	1 "datetime note linked to its meeting"
expect_eq "$(q "SELECT count(*) FROM note_meetings l JOIN notes n ON n.id = l.note_id WHERE n.date LIKE '2026%'")" \
	0 "2026 notes have no meeting"
expect_eq "$(q "SELECT m.start FROM note_meetings l JOIN notes n ON n.id = l.note_id JOIN meetings m ON m.id = l.meeting_id WHERE n.relpath = 'notes/billing/pricing-sync.md'")" \
	"2025-05-21 13:30:00" "heading-dated note linked"
expect_eq "$(q "SELECT count(*) FROM note_attendees WHERE person_id IS NULL")" 0 \
	"note attendees resolved"

run --db demo.db status --format json
expect_status 0 "status"
expect_out_has '"meetings": 104'
expect_out_has '"people": 26'
expect_out_has '"teams": 12'
expect_out_has "\"linked_notes\": $linked"
expect_out_has '"billing-migration": 35'
run --db demo.db status
expect_out_has "meetings      104"

# Re-import: nothing new, nothing changes.
before=$(q "SELECT count(*) || '/' || (SELECT count(*) FROM attendees) || '/' || (SELECT count(*) FROM people) FROM meetings")
run --db demo.db --config "$demo/coalesce.yml" ingest "$demo"
expect_status 0 "second ingest"
expect_out_has "0 new, 0 changed, 57 unchanged, 0 rejected; 0 meetings added (nothing changed)"
# Forcing the file through again (new path spelling is the same file) adds nothing either.
run --db demo.db --config "$demo/coalesce.yml" --db demo.db ingest --date-order mdy --calendar "$demo/calendar/outlook-2025.csv"
expect_status 0 "forced re-import"
expect_out_has "0 meetings added"
expect_eq "$(q "SELECT count(*) || '/' || (SELECT count(*) FROM attendees) || '/' || (SELECT count(*) FROM people) FROM meetings")" \
	"$before" "counts after re-import"

done_testing

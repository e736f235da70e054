# A title, an initiative name and a calendar subject with an OSC
# "set window title" sequence and a bell: stored as written, printed
# escaped by every command (status, report, explain, evidence).
mkdir in
printf -- '---\ntitle: "T\\e]0;pwned\\aitle"\ninitiative: pilot\n---\n# T\n\n**Decision rights:** finance decides.\n' > in/2025-03-04-t.md
printf 'Subject,Start Date,Start Time,End Date,End Time,Required Attendees\n"Pilot \033]0;pwned\007sync",3/4/2025,10:00 AM,3/4/2025,11:00 AM,Ann Lee\n' > in/cal.csv
printf 'initiatives:\n  - id: pilot\n    name: "Pilot \\e[5mblink"\n    match: [pilot]\n' > c.yml
run --db h.db --config c.yml ingest in
expect_status 0 "ingest"
expect_eq "$(sql h.db "SELECT instr(title, char(27)) > 0 FROM notes")" 1 "title stored as written"
esc=$(printf '\033')
bel=$(printf '\007')
for cmd in "status" "report" "report --format md" "explain pilot" "evidence" "evidence --format csv"; do
	# shellcheck disable=SC2086
	"$COALESCE" --db h.db --config c.yml $cmd > o.txt 2>&1
	! grep -q "$esc" o.txt || fail "raw ESC in the output of '$cmd'"
	! grep -q "$bel" o.txt || fail "raw BEL in the output of '$cmd'"
done

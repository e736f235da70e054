# Terminal escapes (colour, clear screen, bell) in file names and note
# text: printed as \x1b..., never sent raw to the terminal.
mkdir in
printf '# T\n\n**Decision rights:** finance \033[31mdecides\033[0m.\n' > "in/$(printf 'note-\033[31mred\033[0m.md')"
printf 'x\000y' > "in/$(printf 'bin-\033[2J\007.md')"
run --db h.db ingest in
expect_status 1 "ingest"
expect_err_has 'in/bin-\x1b[2J\x07.md: binary file (NUL byte at byte 1)'
run --db h.db evidence
expect_out_has 'in/note-\x1b[31mred\x1b[0m.md:3'
expect_out_has 'finance \x1b[31mdecides\x1b[0m.'
run --db h.db evidence --format json
expect_out_has '"path": "in/note-\u001B[31mred\u001B[0m.md"'
esc=$(printf '\033')
for cmd in "ingest in" "evidence" "evidence --format json" "evidence --format csv" "status" "report" "report --format md"; do
	# shellcheck disable=SC2086
	"$COALESCE" --db h.db $cmd > o.txt 2>&1
	! grep -q "$esc" o.txt || fail "raw ESC in the output of '$cmd'"
done

# Ingest of the decoding and front-matter edge cases in fixtures/ingest/:
# the right counts, one clear line per rejected file, exit 1, and a second
# run that changes nothing.
. "$CZ_TESTS/e2e/lib.sh"

cp -R "$CZ_FIXTURES/ingest" edge
run --db e.db ingest --keep-text edge/ok edge/bad edge/hidden-test
expect_status 1 "ingest with rejections"
expect_out_has "ingest: 27 seen, 15 new, 0 changed, 0 unchanged, 10 rejected, 2 skipped (empty)"

# One line per rejected file, PATH[:LINE]: reason, paths relative to the cwd.
expect_err_has "edge/bad/invalid-utf8.md: invalid UTF-8 at byte 21"
expect_err_has "edge/bad/latin1.txt: invalid UTF-8 at byte 3"
expect_err_has "edge/bad/nul-byte.md: binary file (NUL byte at byte 5)"
expect_err_has "edge/bad/utf16-no-bom.md: binary file (NUL byte at byte 1)"
expect_err_has "edge/bad/frontmatter-unclosed.md:1: front matter: no closing '---' line"
expect_err_has "edge/bad/frontmatter-syntax.md:5: front matter: did not find expected ',' or ']' while parsing a flow sequence started at line 4"
expect_err_has "edge/bad/frontmatter-alias.md:2: front matter: YAML anchors (&name) are not supported"
expect_err_has "edge/bad/frontmatter-date.md:3: front matter: 'date' must be a date such as 2025-03-04, found 'next tuesday'"
expect_err_has "edge/bad/frontmatter-list.md:2: front matter: expected 'key: value' lines, found a list"
expect_err_has "edge/bad/frontmatter-initiative.md:3: front matter: initiative 'Budget!!' is not a valid id"
expect_eq "$(printf '%s\n' "$err" | wc -l)" 10 "one stderr line per rejected file"
expect_err_lacks ".obsidian"
expect_err_lacks ".git/"

# What went in, and how each note was dated and titled.
q() { sql e.db "$1"; }
expect_eq "$(q "SELECT count(*) FROM notes")" 15 "notes stored"
expect_eq "$(q "SELECT count(*) FROM notes WHERE path LIKE '%/.%'")" 0 "hidden entries skipped"
expect_eq "$(q "SELECT count(*) FROM rejections WHERE run_id = (SELECT max(id) FROM runs)")" 10 "rejections recorded"
expect_eq "$(q "SELECT encoding FROM notes WHERE relpath = 'utf16le.md'")" utf-16le "utf-16le decoded"
expect_eq "$(q "SELECT title FROM notes WHERE relpath = 'utf16be.md'")" "UTF-16 BE note 😀" "utf-16be title with a surrogate pair"
expect_eq "$(q "SELECT title FROM notes WHERE relpath = 'utf16le.md'")" "UTF-16 LE note — café" "utf-16le title"
expect_eq "$(q "SELECT encoding FROM notes WHERE relpath = 'utf8-bom.md'")" utf-8-bom "bom stripped"
expect_eq "$(q "SELECT lines || ' ' || body_line FROM notes WHERE relpath = 'cr-only.md'")" "13 9" "CR-only line count"
expect_eq "$(q "SELECT lines || ' ' || body_line FROM notes WHERE relpath = 'crlf.md'")" "13 9" "CRLF line count"
expect_eq "$(q "SELECT instr(body, char(13)) FROM notes n JOIN note_bodies b ON b.note_id = n.id WHERE relpath = 'crlf.md'")" 0 "CRLF normalised"
expect_eq "$(q "SELECT date || ' ' || date_source FROM notes WHERE relpath = 'logseq.md'")" "2025-03-04 properties" "logseq date"
expect_eq "$(q "SELECT date || ' ' || date_source FROM notes WHERE relpath = 'notion.md'")" "2025-04-02 properties" "notion date"
expect_eq "$(q "SELECT date || ' ' || date_source FROM notes WHERE relpath = '2025_03_05 filename dated.md'")" "2025-03-05 filename" "underscore filename date"
expect_eq "$(q "SELECT date || ' ' || title FROM notes WHERE relpath = '20250306-compact.txt'")" "2025-03-06 compact" "compact filename date and title"
expect_eq "$(q "SELECT date || ' ' || date_source FROM notes WHERE relpath = 'heading-date.md'")" "2025-01-25 heading" "H1 date"
expect_eq "$(q "SELECT date || ' ' || title FROM notes WHERE relpath = 'heading-ordinal.md'")" "2024-10-09 Security review" "H2 ordinal date"
expect_eq "$(q "SELECT date || 'T' || time FROM notes WHERE relpath = 'tagged.md'")" "2025-05-01T14:30:00" "datetime"
expect_eq "$(q "SELECT date_source FROM notes WHERE relpath = 'undated.md'")" mtime "mtime guess"
expect_eq "$(q "SELECT group_concat(relpath, ',') FROM (SELECT n.relpath FROM notes n JOIN note_initiatives i ON i.note_id = n.id WHERE i.source = 'tag')")" "tagged.md" "tag attribution"
expect_eq "$(q "SELECT count(*) FROM note_initiatives WHERE initiative_id = 'edge-case'")" 9 "edge-case notes"
expect_eq "$(q "SELECT source FROM initiatives WHERE id = 'edge-case'")" note "initiative created from notes"
expect_eq "$(q "SELECT count(*) FROM note_attendees WHERE note_id = (SELECT id FROM notes WHERE relpath = 'notion.md')")" 2 "notion attendees"

run --db e.db status --format json
expect_out_has '"guessed_dates": 1'
expect_out_has '"rejected": 10'
expect_out_has '"unattributed": 6'

# Second run: nothing changes, and it says so.
run --db e.db ingest edge/ok edge/bad edge/hidden-test
expect_status 1 "second ingest (the bad files are still bad)"
expect_out_has "0 new, 0 changed, 15 unchanged, 10 rejected"
expect_out_has "(nothing changed)"

# A changed file replaces its old version; a file turned bad keeps the old one.
printf -- '---\ntitle: Renamed\ndate: 2025-03-04\n---\nNew body.\n' > edge/ok/utf8-plain.md
printf '\377\376bad' > edge/ok/crlf.md
run --db e.db ingest edge/ok
expect_status 1 "ingest with one changed and one broken file"
expect_out_has "1 changed"
expect_eq "$(q "SELECT title FROM notes WHERE relpath = 'utf8-plain.md'")" "Renamed" "changed note replaced"
expect_eq "$(q "SELECT title FROM notes WHERE relpath = 'crlf.md'")" "CRLF note" "broken file keeps its old version"
expect_err_has "edge/ok/crlf.md: invalid UTF-16 at byte 4 (odd length)"

# Files gone from disk are listed by status and removed by --prune.
rm edge/ok/notion.md
run --db e.db status
expect_out_has "missing files 1"
expect_out_has "edge/ok/notion.md"
run --db e.db ingest --prune edge/ok
expect_out_has "1 removed"
expect_eq "$(q "SELECT count(*) FROM notes WHERE relpath = 'notion.md'")" 0 "pruned"

# Size cap: the limit is configurable, and a larger file is refused clearly.
mkdir big
head -c 2048 /dev/zero | tr '\0' 'a' > big/large.md
printf 'ingest:\n  max_file_size: 1KiB\n' > small.yml
run --db e.db --config small.yml ingest big
expect_status 1 "file over the size cap"
expect_err_has "big/large.md: file too large (2048 bytes, limit 1024); raise ingest.max_file_size"

# A symlink loop cannot hang the walk; a broken link is reported.
mkdir -p loop/a
printf '# Looped 2025-01-01\n' > loop/a/n.md
ln -s .. loop/a/up
ln -s nowhere.md loop/a/broken.md
run --db e.db ingest loop
expect_status 1 "loop and broken link"
expect_out_has "1 new"
expect_err_has "loop/a/broken.md: broken symbolic link"

# A missing input is exit 66, after the others were imported.
run --db e.db ingest does-not-exist edge/ok
expect_status 66 "missing input"
expect_err_has "does-not-exist: no such file or directory"

done_testing

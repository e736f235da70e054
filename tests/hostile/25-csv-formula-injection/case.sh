# Lines that a spreadsheet would run as formulas: every CSV output
# (evidence, report) prefixes the cell with a quote.
mkdir in && cp "$H/note.md" in/2025-03-05-formula.md
run --db h.db ingest in
expect_status 0 "ingest formula note"
run --db h.db evidence --format csv
expect_out_has ",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"click\"\") **Decision rights:** finance decides.\","
expect_out_has ",'@SUM(1+1) **Decision rights:** legal decides.,"
expect_out_lacks ",=HYPERLINK"
expect_out_lacks ",@SUM"
run --db h.db report --format csv
expect_out_has "\"'=HYPERLINK("
expect_out_lacks ",=HYPERLINK"

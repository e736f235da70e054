# A row with fewer fields than the header (fixtures/calendar/bad-rows.csv).
run --db h.db ingest --calendar "$CZ_FIXTURES/calendar/bad-rows.csv"
expect_status 1 "ragged rows"
expect_err_has "bad-rows.csv:6: row has 3 fields, the header has 11"
expect_out_has "3 meetings added"

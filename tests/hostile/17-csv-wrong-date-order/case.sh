# Day-first dates in a month-first export (fixtures/calendar/bad-rows.csv),
# and an explicit --date-order that contradicts the file.
run --db h.db ingest --calendar "$CZ_FIXTURES/calendar/bad-rows.csv"
expect_err_has "bad-rows.csv:10: start date: '25/12/2025' is not a valid date in mdy order"
run --db h2.db ingest --date-order dmy --calendar "$CZ_FIXTURES/calendar/bad-rows.csv"
expect_status 1 "wrong --date-order"
expect_err_has "bad-rows.csv:3: start date: '13/45/2025' is not a valid date in dmy order"
expect_err_has "bad-rows.csv:11: start date: '1/14/2025' is not a valid date in dmy order"
run --db h3.db ingest --date-order sideways --calendar "$CZ_FIXTURES/calendar/bad-rows.csv"
expect_status 64 "bad --date-order"
expect_err_has "ingest: --date-order must be mdy, dmy or ymd, not 'sideways'"
[ ! -f h3.db ] || fail "a usage error created a database"

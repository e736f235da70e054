# Bad calendar rows are rejected with FILE:LINE and the rest is kept; a
# header-less file is rejected with what it saw and a mapping snippet;
# day/month order is never guessed.
. "$CZ_TESTS/e2e/lib.sh"

cal="$CZ_FIXTURES/calendar"
q() { sql t.db "$1"; }

run --db t.db ingest "$cal/bad-rows.csv"
expect_status 1 "bad rows"
expect_out_has "7 rejected; 3 meetings added"
expect_err_has "bad-rows.csv:3: start date: '13/45/2025' is not a valid date in mdy order"
expect_err_has "bad-rows.csv:4: ends before it starts"
expect_err_has "bad-rows.csv:5: start time: '25:00' is not a valid time"
expect_err_has "bad-rows.csv:6: row has 3 fields, the header has 11"
expect_err_has "bad-rows.csv:9: empty subject"
expect_err_has "bad-rows.csv:10: start date: '25/12/2025' is not a valid date in mdy order"
expect_err_has "bad-rows.csv:11: all-day value 'Maybe' is not a yes or no"
expect_eq "$(q "SELECT group_concat(subject || '@' || source_line, ',') FROM (SELECT * FROM meetings ORDER BY start)")" \
	"Good row@2,Multi-line description@7,Good row three@12" "good rows kept with their lines"
expect_eq "$(q "SELECT count(*) FROM rejections WHERE path LIKE '%bad-rows.csv' AND line IS NOT NULL")" 7 \
	"rejections recorded"

# Rejected rows are reported again next time (the file is not remembered).
run --db t.db ingest "$cal/bad-rows.csv"
expect_status 1 "bad rows again"
expect_out_has "7 rejected; 0 meetings added"

run --db t.db ingest "$cal/headerless.csv"
expect_status 1 "header-less"
expect_err_has 'headerless.csv: not a calendar export or people directory; headers seen: "Billing sync", "1/8/2025"'
expect_err_has "calendar: {columns: {subject:"

# A mapped layout with D/M dates and no order: the file is rejected, not guessed.
run --db t.db --config "$cal/mapped.yml" ingest "$cal/mapped-dmy.csv"
expect_status 1 "no date order"
expect_err_has "mapped-dmy.csv:2: date '04/03/2025 09:00' needs a date order"
expect_eq "$(q "SELECT count(*) FROM meetings WHERE subject = 'Standup'")" 0 "nothing half-imported"
run --db t.db --config "$cal/mapped.yml" ingest --date-order dmy "$cal/mapped-dmy.csv"
expect_status 0 "--date-order dmy"
expect_eq "$(q "SELECT group_concat(substr(start, 1, 10), ',') FROM meetings WHERE subject = 'Standup'")" \
	"2025-03-04,2025-03-05" "day-first dates"
run --db t.db ingest --date-order dym "$cal/mapped-dmy.csv"
expect_status 64 "bad --date-order"

# A CSV that is neither a calendar nor a directory, given by name.
printf 'a,b\n1,2\n' > other.csv
run --db t.db ingest other.csv
expect_status 1 "other csv"
expect_err_has 'other.csv: not a calendar export or people directory; headers seen: "a", "b"'
run --db t.db ingest --calendar other.csv
expect_err_has "other.csv: no calendar header recognised"

# Unknown calendar config keys are errors with their position.
printf 'calendar:\n  date_oder: dmy\n' > bad.yml
run --db t.db --config bad.yml ingest "$cal/google.csv"
expect_status 65 "bad config"
expect_err_has "bad.yml:2:3: unknown key 'calendar.date_oder'"

done_testing

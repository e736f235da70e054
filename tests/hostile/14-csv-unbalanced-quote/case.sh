# A quote opened and never closed. At the end of the file: the file is
# rejected whole (nothing half-imported). Mid-file it swallows the next
# line into the subject: that row is rejected, the others kept.
printf '"Subject","Start Date","Start Time"\n"Good","1/8/2025","10:00 AM"\n"Never closed,1/9/2025,10:00 AM\n' > end.csv
run --db h.db ingest --calendar end.csv
expect_status 1 "unterminated quote"
expect_err_has "end.csv:3: unterminated quoted field"
expect_out_has "0 meetings added"
expect_eq "$(sql h.db 'SELECT count(*) FROM meetings')" 0 "meetings kept from a rejected file"
printf '"Subject","Start Date","Start Time"\n"Good","1/8/2025","10:00 AM"\n"Never closed,1/9/2025,10:00 AM\n"Next","1/10/2025","10:00 AM"\n"Last","1/11/2025","10:00 AM"\n' > mid.csv
run --db h.db ingest --calendar mid.csv
expect_status 1 "unbalanced quote mid-file"
expect_err_has "mid.csv:3: subject spans several lines (an unbalanced quote?)"
expect_out_has "2 meetings added"

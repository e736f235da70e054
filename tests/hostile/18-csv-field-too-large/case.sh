# One CSV field of 5 MB (generated): over the 4 MiB field cap.
{ printf '"Subject","Start Date","Start Time"\n"'; head -c 5000000 /dev/zero | tr '\0' x; printf '","1/9/2025","10:00 AM"\n'; } > huge.csv
run --db h.db ingest --calendar huge.csv
expect_status 1 "huge field"
expect_err_has "huge.csv:2: field too large (limit 4 MiB)"

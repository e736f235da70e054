# An empty note is skipped and counted, not an error.
mkdir in && : > in/empty.md
run --db h.db ingest in
expect_status 0 "empty file"
expect_out_has "1 skipped (empty)"

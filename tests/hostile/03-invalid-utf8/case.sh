# Bytes that are not UTF-8 (fixtures/ingest/bad/invalid-utf8.md).
mkdir in && cp "$CZ_FIXTURES/ingest/bad/invalid-utf8.md" in/
run --db h.db ingest in
expect_status 1 "invalid utf-8"
expect_err_has "in/invalid-utf8.md: invalid UTF-8 at byte 21"

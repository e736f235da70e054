# Text with a NUL byte (fixtures/ingest/bad/nul-byte.md).
mkdir in && cp "$CZ_FIXTURES/ingest/bad/nul-byte.md" in/
run --db h.db ingest in
expect_status 1 "nul byte"
expect_err_has "in/nul-byte.md: binary file (NUL byte at byte 5)"

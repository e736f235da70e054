# UTF-16 without a BOM is not guessed: its NUL bytes make it binary
# (fixtures/ingest/bad/utf16-no-bom.md).
mkdir in && cp "$CZ_FIXTURES/ingest/bad/utf16-no-bom.md" in/
run --db h.db ingest in
expect_status 1 "utf-16 without bom"
expect_err_has "in/utf16-no-bom.md: binary file (NUL byte at byte 1)"

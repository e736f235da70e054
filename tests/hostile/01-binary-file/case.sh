# A PNG header saved as a note: rejected as binary, nothing stored.
mkdir in
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' > in/image.md
run --db h.db ingest in
expect_status 1 "binary file"
expect_err_has "in/image.md: binary file (NUL byte at byte 8)"
expect_eq "$(sql h.db 'SELECT count(*) FROM notes')" 0 "notes stored"

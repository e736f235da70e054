# A file one byte over the 16 MiB default limit (generated).
mkdir in
head -c 16777217 /dev/zero | tr '\0' a > in/big.md
run --db h.db ingest in
expect_status 1 "16 MiB + 1"
expect_err_has "in/big.md: file too large (16777217 bytes, limit 16777216)"
# exactly at the limit is not "too large"
head -c 16777216 /dev/zero | tr '\0' a > in/big.md
run --db h.db ingest in
expect_err_lacks "too large"
rm -f in/big.md

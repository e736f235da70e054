# A file one byte over the 16 MiB default limit (generated).
mkdir in
head -c 16777217 /dev/zero | tr '\0' a > in/big.md
run --db h.db ingest in
expect_status 1 "16 MiB + 1"
expect_err_has "in/big.md: file too large (16777217 bytes, limit 16777216)"
rm -f in/big.md
# The boundary, with a small configured limit (a 16 MiB note would take
# minutes to evaluate under the sanitizers): at the limit is accepted.
printf 'ingest:\n  max_file_size: 1KiB\n' > c.yml
{ printf '# Edge\n'; head -c 1017 /dev/zero | tr '\0' a; } > in/edge.md
run --db h2.db --config c.yml ingest in
expect_status 0 "exactly at the limit"
expect_out_has "1 new"
printf 'a' >> in/edge.md
run --db h2.db --config c.yml ingest in
expect_status 1 "one byte over a configured limit"
expect_err_has "in/edge.md: file too large (1025 bytes, limit 1024)"

# One 50 MB line (generated): above the default 16 MiB limit, rejected
# before it is read, with the setting that would allow it.
mkdir in
{ printf '# Long\n'; head -c 52428800 /dev/zero | tr '\0' w; printf '\n'; } > in/long.md
run --db h.db ingest in
expect_status 1 "50 MB line"
expect_err_has "in/long.md: file too large (52428808 bytes, limit 16777216); raise ingest.max_file_size in coalesce.yml to import it"
rm -f in/long.md

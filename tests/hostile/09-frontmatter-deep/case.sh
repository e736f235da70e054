# 100 000 nested flow sequences in front matter (generated).
mkdir in
{ printf -- '---\ntags: '; head -c 100000 /dev/zero | tr '\0' '['; printf '\n---\nbody\n'; } > in/deep.md
run --db h.db ingest in
expect_status 1 "deep nesting"
expect_err_has "in/deep.md:2: front matter: YAML nested deeper than 64 levels"

# Two rule directories defining the same id (fixtures/rules-test/dup-a, dup-b).
mkdir in && echo '# x' > in/x.md
run --db h.db ingest --rules "$CZ_FIXTURES/rules-test/dup-a" --rules "$CZ_FIXTURES/rules-test/dup-b" in
expect_status 65 "duplicate rule ids"
expect_err_has "dup-b/bad/dup.yml:2:5: duplicate rule id 'bad.dup', already defined in"
expect_err_has "dup-a/bad/dup.yml"

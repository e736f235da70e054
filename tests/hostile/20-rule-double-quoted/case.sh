# A regex in double quotes, where YAML eats the backslashes
# (fixtures/rules-test/broken-dquote): refused before any database is made.
mkdir in && echo '# x' > in/x.md
run --db h.db ingest --rules "$CZ_FIXTURES/rules-test/broken-dquote" in
expect_status 65 "double-quoted regex"
expect_err_has "dquote.yml:9:5: 'match': double-quoted pattern; YAML turns \\b into a backspace"
expect_err_has "use single quotes"
[ ! -f h.db ] || fail "a bad rule created a database"

# A misspelt key in coalesce.yml: refused with its line and column, for
# every command, before a database is created.
printf 'db: x.db\nbogus: 1\n' > c.yml
run --config c.yml status
expect_status 65 "unknown top-level key"
expect_err_has "c.yml:2:1: unknown key 'bogus'; check its spelling (see docs/configuration.md)"
[ ! -f x.db ] || fail "a bad config created a database"

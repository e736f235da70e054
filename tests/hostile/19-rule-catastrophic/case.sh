# A rule with catastrophic backtracking (fixtures/rules-test/catastrophic)
# on a line built to trigger it: the match limit stops it, the hit is
# stored as 'limit' and reported, the run succeeds.
mkdir in
{ printf '# Backtrack\n\n'; head -c 20000 /dev/zero | tr '\0' a; printf '!\n'; } > in/bt.md
run --db h.db ingest --no-default-rules --rules "$CZ_FIXTURES/rules-test/catastrophic" in
expect_status 0 "catastrophic rule"
expect_err_has "rule cat.nested hit the regex match limit or its time budget in 1 note(s)"
expect_eq "$(sql h.db "SELECT count(*) FROM signals WHERE rule_id = 'cat.nested' AND status = 'limit'")" 1 "limit evidence"

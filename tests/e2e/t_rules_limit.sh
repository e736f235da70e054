# A rule with a catastrophic pattern over a 1 MB adversarial note finishes
# in seconds, with the rule reported and its evidence stored as 'limit'.
. "$CZ_TESTS/e2e/lib.sh"

mkdir notes
# 1 MB of short lines that the pattern backtracks on, each just under the
# match limit: only the per-note time budget stops this.
awk 'BEGIN { for (i = 0; i < 58254; i++) print "aaaaaaaaaaaaaaaaa!" }' > notes/adversarial.md
# and one long line that hits the match limit at once
{ head -c 1048000 /dev/zero | tr '\0' a; echo '!'; } > notes/long.md
size=$(wc -c < notes/adversarial.md)
[ "$size" -ge 1000000 ] || fail "adversarial note is only $size bytes"

start=$(date +%s)
run --db r.db ingest --no-default-rules --rules "$CZ_FIXTURES/rules-test/catastrophic" notes
end=$(date +%s)
expect_status 0 "ingest with a catastrophic rule"
expect_out_has "2 new"
expect_err_has "rule cat.nested hit the regex match limit or its time budget in 2 note(s)"
expect_eq "$(sql r.db "SELECT count(*) FROM signals WHERE rule_id='cat.nested' AND status='limit'")" 2 "limit evidence"
elapsed=$((end - start))
echo "catastrophic pattern over 2 x 1 MB notes: ${elapsed}s"
[ "$elapsed" -le 20 ] || fail "took ${elapsed}s"

# scan does the same and says so
run --db r.db scan --no-default-rules --rules "$CZ_FIXTURES/rules-test/catastrophic"
expect_status 0 "scan"
expect_out_has "2 limit"
expect_err_has "cat.nested"

done_testing

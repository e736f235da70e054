# coalesce explain: the evidence behind a score, cited lines exist in the
# files, calendar facts, JSON shape and errors, on fixtures/report/.
. "$CZ_TESTS/e2e/lib.sh"
. "$CZ_TESTS/e2e/report_setup.sh"

run --db report.db --config "$cfg" explain harbor --period 2025-Q2
expect_status 0 "explain Q2"
expect_out_has "period      2025-Q2  2025-04-01 .. 2025-06-30"
expect_out_has "model       coalesce-health/1"
expect_out_has "late this period    legal"
expect_out_has "legal            2025-05-12  +119 days  required  LATE  \"Harbor review\""
expect_out_has "selective_information  test.selective_information  counted"
expect_out_has "gossip  test.gossip  excepted"
# The reported health is the one explained.
h=$("$COALESCE" --db report.db --config "$cfg" report --format csv | tr -d '\r' |
	grep '^harbor,.*,2025-Q2,' | cut -d, -f6)
expect_out_has "health      $h  "

# Every cited path:line holds the quoted excerpt.
printf '%s\n' "$out" | grep -E '^  [0-9]{4}-[0-9]{2}-[0-9]{2}  ' > cites
expect_eq "$(wc -l < cites | tr -d ' ')" 4 "evidence lines in Q2"
while read -r _date cite _rest; do
	path=${cite%:*}; line=${cite##*:}
	text=$(sed -n "${line}p" "$fx/notes/$path")
	checks=$((checks + 1))
	printf '%s\n' "$out" | grep -qF "\"$text\"" || fail "excerpt of $cite not quoted: $text"
done < cites

run --db report.db --config "$cfg" explain harbor --period 2025-Q1 --format json
expect_status 0 "explain json"
expect_out_has '"initiative": "harbor"'
expect_out_has '"period": "2025-Q1"'
expect_out_has '"components": {'
expect_out_has '"path": "2025-01-13-harbor-kickoff.md"'
expect_out_has '"rule": "test.commitment"'
expect_out_has '"speaker": "NH"'
expect_out_has '"status": "counted"'

run --db report.db --config "$cfg" explain harbor
expect_status 0 "explain latest"
expect_out_has "period      2025-Q2"
run --db report.db --config "$cfg" explain harbor --period month
expect_status 0 "explain latest month"
expect_out_has "period      2025-05"
run --db report.db --config "$cfg" explain harbor --period 2025-W08
expect_status 0 "explain a week"
expect_out_has "stop_condition"

run --db report.db explain harbor --period 2024-Q1
expect_status 66 "period outside the initiative"
expect_err_has "has no notes or meetings in 2024-Q1"
run --db report.db explain nope
expect_status 66 "unknown initiative"
run --db report.db explain
expect_status 64 "no initiative"
run --db report.db explain harbor --period soon
expect_status 64 "bad period"
run --db report.db explain harbor --format xml
expect_status 64 "bad format"

done_testing

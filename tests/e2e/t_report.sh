# coalesce report: formats, CSV contract and injection, --output mode,
# filters, --fail-under and usage errors, on fixtures/report/.
. "$CZ_TESTS/e2e/lib.sh"
. "$CZ_TESTS/e2e/report_setup.sh"

run --db report.db --config "$cfg" report
expect_status 0 "report table"
expect_out_has "model coalesce-health/1, by quarter"
expect_out_has "harbor"
expect_out_has "2025-Q2"
expect_out_lacks "$(printf '\033')"

run --db report.db --config "$cfg" report --format csv
expect_status 0 "report csv"
header=$(printf '%s\n' "$out" | head -1 | tr -d '\r')
expect_eq "$header" "initiative,name,period,period_start,period_end,health,status,trend,confidence,notes,meetings,mood,red_flags,brief_coverage,parties,required_missing,late_recruits,context,outcome,tradeoffs,commitment,early_warning,credit,integrity,top_evidence" "CSV header"
# The formula from the note is the strongest evidence of Q1, and inert.
expect_out_has "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\") (2025-02-17-harbor-sync.md:11)\""
expect_out_lacks ',=HYPERLINK'
# Q2: legal is a late recruit (first meeting 119 days after the kickoff),
# mood (agreement, no tradeoff); Q1 had no trend, Q2 a negative number.
q1=$(printf '%s\n' "$out" | grep '^harbor,.*,2025-Q1,')
q2=$(printf '%s\n' "$out" | grep '^harbor,.*,2025-Q2,')
expect_eq "$(printf '%s' "$q1" | cut -d, -f8)" "" "Q1 trend empty"
expect_eq "$(printf '%s' "$q1" | cut -d, -f16)" "legal" "Q1 required_missing"
expect_eq "$(printf '%s' "$q2" | cut -d, -f16)" "" "Q2 required_missing"
expect_eq "$(printf '%s' "$q2" | cut -d, -f17)" "legal" "Q2 late_recruits"
expect_eq "$(printf '%s' "$q2" | cut -d, -f12)" "true" "Q2 mood"
expect_eq "$(printf '%s' "$q2" | cut -d, -f13)" "3" "Q2 red flags (2 text + 1 calendar)"
trend=$(printf '%s' "$q2" | cut -d, -f8)
h1=$(printf '%s' "$q1" | cut -d, -f6)
h2=$(printf '%s' "$q2" | cut -d, -f6)
expect_eq "$trend" "$((h2 - h1))" "Q2 trend = health difference"
case "$trend" in -[0-9]*) ok=1 ;; *) ok=0 ;; esac
expect_eq "$ok" 1 "Q2 trend is a plain negative number ($trend)"
[ "$h1" -gt "$h2" ] ; expect_eq $? 0 "health falls from Q1 ($h1) to Q2 ($h2)"
# lantern: mood, sales never seen.
lan=$(printf '%s\n' "$out" | grep '^lantern,')
expect_eq "$(printf '%s' "$lan" | cut -d, -f12)" "true" "lantern mood"
expect_eq "$(printf '%s' "$lan" | cut -d, -f16)" "sales" "lantern required_missing"

run --db report.db --config "$cfg" report --period month --initiative lantern --format csv
expect_status 0 "month, one initiative"
expect_eq "$(printf '%s\n' "$out" | tr -d '\r' | sed 1d | cut -d, -f1,3 | tr '\n' ' ')" "lantern,2025-03 " "month rows"

run --db report.db --config "$cfg" report --period week --since 2025-05-01 --format csv
expect_status 0 "weeks since May"
expect_eq "$(printf '%s\n' "$out" | tr -d '\r' | sed 1d | cut -d, -f3,10 | tr '\n' ' ')" "2025-W18,0 2025-W19,0 2025-W20,1 " "ISO weeks from 2025-05-01 (W18) to 2025-05-12 (W20)"

run --db report.db --config "$cfg" report --format json
expect_status 0 "json"
expect_out_has '"model": "coalesce-health/1"'
expect_out_has '"late_recruits": ['
expect_out_has '"evidence": {'

run --db report.db --config "$cfg" report --format md
expect_status 0 "md"
expect_out_has "### Harbor data platform (harbor)"
expect_out_has "&lt;script&gt;"
expect_out_lacks "<script>"

umask 022
run --db report.db --config "$cfg" report --format csv --output out.csv
expect_status 0 "--output"
expect_eq "$(stat -c %a out.csv)" 600 "--output file mode"
expect_eq "$(head -1 out.csv | tr -d '\r' | cut -d, -f1-3)" "initiative,name,period" "--output content"
expect_eq "$out" "" "nothing on stdout with --output"

run --db report.db --config "$cfg" report --fail-under 100
expect_status 1 "--fail-under above every score"
expect_err_has "harbor 2025-Q2 health"
expect_err_has "is below 100"
expect_err_has "lantern 2025-Q1"
run --db report.db --config "$cfg" report --fail-under 0
expect_status 0 "--fail-under 0"

run --db report.db report --period year
expect_status 64 "bad --period"
expect_err_has "--period must be week, month or quarter"
run --db report.db report --since 2025-13-01
expect_status 64 "bad --since"
run --db report.db report --format xml
expect_status 64 "bad --format"
run --db report.db report --fail-under 101
expect_status 64 "--fail-under above 100"
run --db report.db report --fail-under lots
expect_status 64 "bad --fail-under"
run --db report.db report --initiative nope
expect_status 66 "unknown initiative"
expect_err_has "initiative 'nope' is not in the database"
run --db missing.db report
expect_status 66 "missing database"

printf 'scoring:\n  green: 70\n  gren: 80\n' > bad.yml
run --db report.db --config bad.yml report
expect_status 65 "unknown scoring key"
expect_err_has "bad.yml:3:3: unknown key 'scoring.gren'"

run report --help
expect_status 0 "report --help"
expect_out_has "usage: coalesce report"

done_testing

# Evidence end to end: ingest stores hits with each note, `evidence` shows
# and filters them, a changed rule set re-evaluates stored notes, `scan`
# does it on demand.
. "$CZ_TESTS/e2e/lib.sh"

good="$CZ_FIXTURES/rules-test/good"
demo="$CZ_FIXTURES/demo"
R="--no-default-rules --rules $good"

# shellcheck disable=SC2086
run --db d.db --config "$demo/coalesce.yml" ingest $R "$demo"
expect_status 0 "demo ingest"
expect_out_has "57 new"
expect_out_has "evidence: 6 rule(s), 55 note(s) evaluated"
hash=$(sql d.db "SELECT value FROM meta WHERE key='ruleset_hash'")
expect_eq "${#hash}" 32 "ruleset hash stored"
expect_eq "$(sql d.db "SELECT ruleset_hash FROM runs ORDER BY id DESC LIMIT 1")" "$hash" "run hash"
expect_eq "$(sql d.db "SELECT count(*) FROM rules")" 6 "rules table"
expect_eq "$(sql d.db "SELECT status FROM signals s JOIN notes n ON n.id=s.note_id
	WHERE n.relpath LIKE '%offsite logistics.txt' AND rule_id='t.decision'")" excepted "hedged decision"
total=$(sql d.db "SELECT count(*) FROM signals")
[ "$total" -gt 5 ] || fail "only $total signals on the demo"

run --db d.db evidence
expect_status 0 "evidence text"
expect_out_has "2025-02-12-invoicing-redesign-tradeoff.md:27	decision	t.decision	counted	-	Decision: we delay the invoicing redesign"
expect_eq "$(printf '%s\n' "$out" | wc -l)" "$total" "one line per hit"

run --db d.db evidence --signal decision --format json
expect_status 0 "evidence json"
expect_out_has '"rule": "t.decision"'
expect_out_has '"initiatives": ['
expect_out_has '"billing-migration"'
expect_out_lacks '"signal": "credit"'

run --db d.db evidence --signal 'cred*' --signal gossip --format csv
expect_status 0 "evidence csv"
expect_eq "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" 'path,line,col,date,signal,rule,status,polarity,weight,speaker,excerpt,initiatives' "csv header"
expect_out_has ',credit,t.credit,counted,'

run --db d.db evidence --initiative billing-migration --since 2025-03-01 --until 2025-06-30 --format csv
expect_status 0 "evidence by initiative and dates"
dates=$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f4 | tr -d '"' | sort -u)
[ -n "$dates" ] || fail "no evidence for billing between March and June"
for d in $dates; do
	case "$d" in 2025-0[3-6]-*) ;; *) fail "date $d outside the range" ;; esac
done

run --db d.db evidence --status excepted
expect_status 0 "evidence by status"
expect_out_has "offsite logistics.txt:10	decision	t.decision	excepted"
expect_out_lacks "counted"

run --db d.db evidence --status maybe
expect_status 64 "bad status"
run --db d.db evidence --since 2025-13-01
expect_status 64 "bad date"

# Same rules: nothing is re-evaluated.
# shellcheck disable=SC2086
run --db d.db --config "$demo/coalesce.yml" ingest $R "$demo"
expect_status 0 "second ingest"
expect_out_has "evidence: 6 rule(s), 0 note(s) evaluated"
expect_eq "$(sql d.db "SELECT count(*) FROM signals")" "$total" "evidence kept"

# A changed weight changes the ruleset hash: the next ingest re-evaluates.
sed "s/^weight: 0.5/weight: 0.75/" "$good/t/credit.yml" > credit.yml
mkdir -p changed/t && cp "$good"/t/*.yml changed/t/ && mv credit.yml changed/t/credit.yml
run --db d.db --config "$demo/coalesce.yml" ingest --no-default-rules --rules changed "$demo"
expect_status 0 "ingest after a rule change"
expect_out_has "evidence: 6 rule(s), 55 note(s) evaluated"
expect_eq "$(sql d.db "SELECT DISTINCT weight FROM signals WHERE rule_id='t.credit'")" 0.75 "new weight in force"
[ "$(sql d.db "SELECT value FROM meta WHERE key='ruleset_hash'")" != "$hash" ] || fail "hash unchanged"

# scan re-evaluates everything on demand.
# shellcheck disable=SC2086
run --db d.db scan $R
expect_status 0 "scan"
expect_out_has "scan: 55 note(s) with 6 rule(s)"
expect_eq "$(sql d.db "SELECT DISTINCT weight FROM signals WHERE rule_id='t.credit'")" 0.5 "old weight back"
expect_eq "$(sql d.db "SELECT command FROM runs ORDER BY id DESC LIMIT 1")" scan "scan run recorded"

# Front matter is skipped; speakers, ignore comments and groups are stored.
mkdir notes
cat > notes/2025-05-02-sync.md <<'MD'
---
title: We decided to rename the project
date: 2025-05-02
---
# Sync

RA: we decided to ship on Friday.
<!-- coalesce: ignore t.gossip -->
Between us, the vendor is late again.
Thanks to Priya for the numbers.
MD
# shellcheck disable=SC2086
run --db n.db ingest $R notes
expect_status 0 "ingest small note"
expect_eq "$(sql n.db "SELECT line || ' ' || speaker FROM signals WHERE rule_id='t.decision'")" "7 RA" "decision line and speaker"
expect_eq "$(sql n.db "SELECT status FROM signals WHERE rule_id='t.gossip'")" excepted "ignore comment"
expect_eq "$(sql n.db "SELECT groups FROM signals WHERE rule_id='t.credit'")" '{"who":"Priya"}' "named group"
expect_eq "$(sql n.db "SELECT groups FROM signals WHERE rule_id='t.decision'")" '{"verb":"decided"}' "named group 2"

done_testing

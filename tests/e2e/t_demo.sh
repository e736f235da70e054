# The demo archive ingests completely and a second run changes nothing.
. "$CZ_TESTS/e2e/lib.sh"

demo="$CZ_FIXTURES/demo"
run --db demo.db --config "$demo/coalesce.yml" ingest "$demo"
expect_status 0 "first ingest"
expect_out_has "57 new"
expect_out_has "0 rejected"

mode=$(stat -c %a demo.db)
expect_eq "$mode" 600 "database file mode"

expect_eq "$(sql demo.db "SELECT count(*) FROM notes")" 55 "notes"
expect_eq "$(sql demo.db "SELECT count(*) FROM note_initiatives WHERE initiative_id='billing-migration'")" 21 "billing notes"
expect_eq "$(sql demo.db "SELECT count(*) FROM note_initiatives WHERE initiative_id='onboarding-revamp'")" 14 "onboarding notes"
expect_eq "$(sql demo.db "SELECT count(*) FROM note_initiatives WHERE initiative_id='ai-assistant'")" 15 "ai notes"
expect_eq "$(sql demo.db "SELECT count(*) FROM notes WHERE date_source='mtime'")" 0 "guessed dates"

run --db demo.db --config "$demo/coalesce.yml" ingest "$demo"
expect_status 0 "second ingest"
expect_out_has "0 new, 0 changed, 57 unchanged"
expect_out_has "nothing changed"

run --db demo.db status --format json
expect_status 0 "status"
expect_out_has '"notes": 55'
expect_out_has '"unattributed": 6'
expect_out_has '"guessed_dates": 0'
expect_out_has '"schema_version": 4'

done_testing

# A calendar export without its header row (fixtures/calendar/headerless.csv):
# rejected whole, showing what it saw and a mapping to start from.
run --db h.db ingest --calendar "$CZ_FIXTURES/calendar/headerless.csv"
expect_status 1 "headerless csv"
expect_err_has "headerless.csv: no calendar header recognised; headers seen: \"Billing sync\", \"1/8/2025\", \"10:00 AM\", \"Dana Whitfield\""
expect_err_has "calendar: {columns: {"

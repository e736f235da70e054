# The demo archive tells the story of issue 5 (see fixtures/demo-manifest.md,
# "What a careful reader should conclude"): the real coalition scores above
# the initiative sliding into theater, whose health falls while its red flags
# rise; the agreement-without-tradeoffs initiative is flagged as mood; late
# recruits land in the quarter of their first meeting; explain cites lines that
# exist. Read from the CSV and JSON outputs, never the table. The checks are
# relations between computed figures, not hard-coded scores, so they hold for
# any rule pack or scoring default that reads the notes right.
. "$CZ_TESTS/e2e/lib.sh"

demo="$CZ_FIXTURES/demo"
cfg="$demo/coalesce.yml"
run --db demo.db --config "$cfg" ingest "$demo"
expect_status 0 "ingest demo"
run --db demo.db --config "$cfg" report --format csv
expect_status 0 "report csv"
printf '%s\n' "$out" | tr -d '\r' > report.csv

# col NAME: the column number of NAME in the CSV header.
col() {
	head -1 report.csv | tr ',' '\n' | grep -nx "$1" | cut -d: -f1
}
# cell INITIATIVE PERIOD COLUMN: one cell (no column before those used here
# holds a comma: name, a free-text column, is not used).
cell() {
	c=$(col "$3")
	grep "^$1,.*,$2,$2-\|^$1,[^,]*,$2," report.csv | head -1 | cut -d, -f"$c"
}
expect_eq "$(col health)" 6 "health column"
expect_eq "$(col red_flags)" 13 "red_flags column"

# Latest year of the archive: 2025.
for q in Q1 Q2 Q3 Q4; do
	b=$(cell billing-migration "2025-$q" health)
	a=$(cell ai-assistant "2025-$q" health)
	checks=$((checks + 1))
	[ -n "$b" ] && [ -n "$a" ] && [ "$b" -gt "$a" ] ||
		fail "2025-$q: billing-migration health '$b' not above ai-assistant '$a'"
done
# The real coalition reaches green in its good quarters.
greens=$(grep -c '^billing-migration,.*,2025-Q[1-4],.*,green,' report.csv)
checks=$((checks + 1))
[ "$greens" -ge 1 ] || fail "billing-migration is never green in 2025"

# ai-assistant falls from Q1 to Q2 to Q3, and Q4 stays below Q1; red flags
# are zero in Q1 and present in every later quarter, most in Q2 and Q4.
h1=$(cell ai-assistant 2025-Q1 health); h2=$(cell ai-assistant 2025-Q2 health)
h3=$(cell ai-assistant 2025-Q3 health); h4=$(cell ai-assistant 2025-Q4 health)
checks=$((checks + 1))
[ "$h3" -lt "$h2" ] && [ "$h2" -lt "$h1" ] && [ "$h4" -lt "$h1" ] ||
	fail "ai-assistant health does not fall: Q1 $h1 Q2 $h2 Q3 $h3 Q4 $h4"
f1=$(cell ai-assistant 2025-Q1 red_flags); f2=$(cell ai-assistant 2025-Q2 red_flags)
f3=$(cell ai-assistant 2025-Q3 red_flags); f4=$(cell ai-assistant 2025-Q4 red_flags)
checks=$((checks + 1))
[ "$f1" -eq 0 ] && [ "$f2" -gt "$f1" ] && [ "$f3" -gt "$f1" ] && [ "$f4" -gt "$f3" ] ||
	fail "ai-assistant red flags do not rise: Q1 $f1 Q2 $f2 Q3 $f3 Q4 $f4"
checks=$((checks + 1))
[ "$(cell ai-assistant 2025-Q4 status)" != green ] || fail "ai-assistant green in Q4"

# onboarding-revamp is flagged as mood in some quarter; billing never is.
checks=$((checks + 1))
cut -d, -f1,"$(col mood)" report.csv | grep -q '^onboarding-revamp,true$' ||
	fail "onboarding-revamp never flagged as mood"
checks=$((checks + 1))
! cut -d, -f1,"$(col mood)" report.csv | grep -q '^billing-migration,true$' ||
	fail "billing-migration flagged as mood"

# Late recruits: legal (4/15), security (4/22) and it (6/24) first met on
# ai-assistant in Q2, more than 30 days after its first meeting (1/21).
late2=$(cell ai-assistant 2025-Q2 late_recruits)
for t in legal security it; do
	checks=$((checks + 1))
	printf '%s\n' "$late2" | tr ';' '\n' | grep -qx "$t" ||
		fail "ai-assistant 2025-Q2 late_recruits '$late2' lacks $t"
done
checks=$((checks + 1))
[ -z "$(cell ai-assistant 2025-Q1 late_recruits)" ] || fail "late recruits in Q1"

# Every evidence line cited by explain --format json exists in its file, and
# the excerpt's first words are on it or on the lines just above.
for q in Q1 Q2 Q3 Q4; do
	run --db demo.db --config "$cfg" explain ai-assistant --period "2025-$q" --format json
	expect_status 0 "explain ai-assistant 2025-$q"
	printf '%s' "$out" > "explain-$q.json"
	checks=$((checks + 1))
	python3 - "$demo" "explain-$q.json" <<'PY' || fail "explain 2025-$q cites a line that does not hold its excerpt"
import json, os, re, sys
demo, path = sys.argv[1], sys.argv[2]
d = json.load(open(path, encoding="utf-8"))
bad = 0
ev = d["evidence"]
if not ev:
    print("no evidence", file=sys.stderr); sys.exit(1)
for e in ev:
    p = os.path.join(demo, e["path"])
    if not os.path.exists(p):
        p = os.path.join(demo, "notes", e["path"])
    lines = open(p, encoding="utf-8").read().split("\n")
    n = e["line"]
    words = re.findall(r"[\w']+", e["excerpt"])[:3]
    # The cited line is the hit's line and the excerpt is the hit's whole
    # unit (a sentence may start on an earlier line): the excerpt's first
    # words must be on the cited line or on the lines just above it.
    text = lines[n - 1] if 1 <= n <= len(lines) else None
    start = "\n".join(lines[max(0, n - 4):n]) if text is not None else ""
    ok = text is not None and all(w in start for w in words)
    if not ok:
        print("%s:%d: %r not in %r" % (e["path"], n, words, text), file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PY
done

done_testing

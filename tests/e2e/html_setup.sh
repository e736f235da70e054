# html_setup.sh - builds html.db for the t_html*.sh tests (sourced after
# lib.sh): the real `coalesce ingest` on fixtures/html/ (hostile text in
# the initiative name, a required party, note titles and lines), then the
# hits the rules engine would store, inserted with sqlite3; each excerpt is
# the real text of its line, payloads included.
hfx="$CZ_FIXTURES/html"
hcfg="$hfx/coalesce.yml"
hdb="$WORK/html.db"

"$COALESCE" --db "$hdb" --config "$hcfg" ingest --no-default-rules "$hfx/notes" >/dev/null 2>&1 ||
	{ echo "setup: ingest of fixtures/html failed" >&2; exit 2; }

# hsig FILE LINE SIGNAL POLARITY WEIGHT
hsig() {
	excerpt=$(sed -n "$2p" "$hfx/notes/$1" | sed "s/'/''/g")
	sqlite3 "$hdb" "INSERT INTO signals(note_id, rule_id, rule_version, signal, polarity,
		weight, status, line, col, excerpt)
		SELECT id, 'test.$3', 1, '$3', '$4', $5, 'counted', $2, 1, '$excerpt'
		FROM notes WHERE relpath LIKE '%$1'" || exit 2
}

hsig 2025-03-03-pilot-kickoff.md 8 context positive 1
hsig 2025-03-03-pilot-kickoff.md 9 tradeoff positive 2
hsig 2025-03-03-pilot-kickoff.md 10 commitment positive 1
hsig 2025-03-03-pilot-kickoff.md 11 stop_condition positive 1
hsig 2025-05-05-pilot-review.md 8 vague_agreement neutral 1
hsig 2025-05-05-pilot-review.md 9 gossip negative 1
hsig 2025-05-05-pilot-review.md 10 credit positive 1

# The raw payloads of the fixture, none of which may reach the page as is.
payloads='<script>alert(1)</script>
"><img src=x onerror=alert(1)>
</q></code><script>alert(2)</script>
<svg onload=alert(3)>
<iframe src=javascript:alert(4)></iframe>
"><img src=x onerror=alert(5)>
'"'"' onmouseover='"'"'alert(6)
<style>body{display:none}</style>'

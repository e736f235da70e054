# demo_signals.sh - stand-in evidence for the demo archive (sourced by
# tests/e2e/t_html*.sh after lib.sh).
#
# demo_signals DB ROOT: when DB has no signals yet (the rules engine is not
# in this tree), insert one counted hit per line of ROOT/notes that matches
# a signal's pattern below, with the line's real text as the excerpt and
# its real path:line. It is a crude keyword matcher, not the rules engine:
# enough to give the HTML page realistic charts, badges and evidence. When
# the database already has signals (the rules engine ran), it does nothing.
demo_signals() {
	_db=$1
	_root=$2
	[ "$(sqlite3 -batch -noheader "$_db" 'SELECT count(*) FROM signals')" = 0 ] || return 0
	_sql=$(mktemp "${TMPDIR:-/tmp}/cz-demo-sql.XXXXXX")
	printf 'BEGIN;\n' >"$_sql"
	while IFS='|' read -r _signal _polarity _re; do
		[ -n "$_signal" ] || continue
		(cd "$_root" && grep -rniE -- "$_re" notes) |
			awk -v sig="$_signal" -v pol="$_polarity" '
			{
				i = index($0, ":"); path = substr($0, 1, i - 1); rest = substr($0, i + 1)
				j = index(rest, ":"); line = substr(rest, 1, j - 1); text = substr(rest, j + 1)
				gsub(/^[ \t-]+|[ \t]+$/, "", text)
				if (length(text) > 200) text = substr(text, 1, 200)
				gsub(/\047/, "\047\047", text); gsub(/\047/, "\047\047", path)
				printf "INSERT INTO signals(note_id, rule_id, rule_version, signal, polarity, weight, status, line, col, excerpt) SELECT id, \047demo.%s\047, 1, \047%s\047, \047%s\047, 1, \047counted\047, %d, 1, \047%s\047 FROM notes WHERE relpath = \047%s\047;\n", sig, sig, pol, line, text, path
			}' >>"$_sql"
	done <<'EOF'
context|positive|(^|[^a-z])context([^a-z]|$)|walk(ed)? .* through|background:|the numbers first
outcome|positive|^## outcome|outcome:|success (means|looks like)|target is
decision|positive|decided|decision:|made the call|approved
tradeoff|positive|tradeoff|trade-off|we delay|absorbs?|in exchange|at the cost of
stop_condition|positive|stop condition|roll ?back|we stop|stop if|kill criteri
commitment|positive|^ACTION:|will own|owner:
decision_rights|positive|decision rights|final call|can veto|decides within
early_warning|positive|(^|[^a-z])risks?([^a-z]|$)|heads[- ]up|early warning|flagged early
credit|positive|credit|thanks to|kudos|shout-?out
vague_agreement|neutral|sounds good|(^|[^a-z])agreed|aligned|on board|happy with how
selective_information|negative|only show|good slides|just us for now|don.t (tell|share)|keep (this|it) between
loyalty_test|negative|are you with us|whose side|loyal
gossip|negative|i heard|heard the same|rumou?r|apparently
late_recruitment|negative|only heard about|after we signed|brought in (late|after)|found out from
brief.outcome|positive|^## outcome
brief.why_now|positive|^## why now
brief.core_tradeoff|positive|^## core tradeoff
brief.required_parties|positive|^## required parties
brief.their_interests|positive|^## their interests
brief.mutual_commitments|positive|^## mutual commitments
brief.decision_rights|positive|^## decision rights
brief.communication_path|positive|^## communication path
brief.credit_accountability|positive|^## credit
brief.ethical_guardrails|positive|^## ethical guardrails
EOF
	printf 'COMMIT;\n' >>"$_sql"
	sqlite3 -batch "$_db" <"$_sql" || { rm -f "$_sql"; return 1; }
	rm -f "$_sql"
}

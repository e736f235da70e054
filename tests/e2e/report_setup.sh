# report_setup.sh - builds report.db for the t_report*.sh tests (sourced
# after lib.sh): the real `coalesce ingest` on fixtures/report/, then the
# rows the rules engine and the calendar importer would add, inserted with
# sqlite3 (those stages live on other branches). Each signal's excerpt is
# the real text of the line it points at, so explain's path:line can be
# checked against the file.
fx="$CZ_FIXTURES/report"
cfg="$fx/coalesce.yml"
db="$WORK/report.db"

"$COALESCE" --db "$db" --config "$cfg" ingest --no-default-rules "$fx/notes" >/dev/null 2>&1 ||
	{ echo "setup: ingest failed" >&2; exit 2; }

# sig FILE LINE SIGNAL POLARITY WEIGHT STATUS [SPEAKER]
sig() {
	excerpt=$(sed -n "$2p" "$fx/notes/$1" | sed "s/'/''/g")
	sqlite3 "$db" "INSERT INTO signals(note_id, rule_id, rule_version, signal, polarity,
		weight, status, line, col, excerpt, speaker)
		SELECT id, 'test.$3', 1, '$3', '$4', $5, '$6', $2, 1, '$excerpt',
		$( [ -n "${7:-}" ] && echo "'$7'" || echo NULL )
		FROM notes WHERE relpath LIKE '%$1'" || exit 2
}

sig 2025-01-13-harbor-kickoff.md 8 context positive 1 counted
sig 2025-01-13-harbor-kickoff.md 11 tradeoff positive 1 counted
sig 2025-01-13-harbor-kickoff.md 13 commitment positive 1 counted NH
sig 2025-02-17-harbor-sync.md 8 stop_condition positive 1 counted
sig 2025-02-17-harbor-sync.md 9 decision_rights positive 1 counted
sig 2025-02-17-harbor-sync.md 10 credit positive 1 counted
sig 2025-02-17-harbor-sync.md 11 outcome positive 2 counted
sig 2025-05-12-harbor-review.md 8 late_recruitment negative 1 counted
sig 2025-05-12-harbor-review.md 9 selective_information negative 1 counted
sig 2025-05-12-harbor-review.md 9 gossip negative 1 excepted
sig 2025-05-12-harbor-review.md 10 vague_agreement neutral 1 counted
sig 2025-03-04-lantern-kickoff.md 8 vague_agreement neutral 1 counted
sig 2025-03-04-lantern-kickoff.md 9 vague_agreement neutral 1 capped
sig 2025-03-04-lantern-kickoff.md 9 outcome positive 1 counted

sqlite3 "$db" "
INSERT INTO people(id, name, email, team, name_key, source) VALUES
 (1, 'Noor Haddad', 'noor@example.test', 'finance', 'noor haddad', 'directory'),
 (2, 'Ilse Varga', 'ilse@example.test', 'legal', 'ilse varga', 'directory'),
 (3, 'Tomas Reyes', 'tomas@example.test', 'engineering', 'tomas reyes', 'directory');
INSERT INTO meetings(id, uid, subject, start, source_path, source_line) VALUES
 (1, 'h1', 'Harbor kickoff', '2025-01-13 10:00:00', 'cal.csv', 2),
 (2, 'h2', 'Harbor sync', '2025-02-17 10:00:00', 'cal.csv', 3),
 (3, 'h3', 'Harbor review', '2025-05-12 10:00:00', 'cal.csv', 4);
INSERT INTO meeting_initiatives VALUES (1, 'harbor'), (2, 'harbor'), (3, 'harbor');
INSERT INTO attendees VALUES (1, 1, 'organizer'), (1, 3, 'required'), (2, 1, 'required'),
 (3, 2, 'required'), (3, 1, 'organizer');" || exit 2

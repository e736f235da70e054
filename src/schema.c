/*
 * schema.c - schema migrations, applied in order by cz_schema_migrate().
 *
 * Each entry of `migrations` moves user_version from i to i+1. Never edit a
 * released entry: add a new one. Tables are documented in docs/schema.md;
 * keep the two in step.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "coalesce/schema.h"

/* Migration 1: notes, initiatives, calendar, people, rules and evidence. */
static const char *const m1[] = {
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",
	"CREATE TABLE runs("
	"  id INTEGER PRIMARY KEY,"
	"  command TEXT NOT NULL,"
	"  started_at TEXT NOT NULL,"
	"  finished_at TEXT,"
	"  seen INTEGER NOT NULL DEFAULT 0,"
	"  new INTEGER NOT NULL DEFAULT 0,"
	"  changed INTEGER NOT NULL DEFAULT 0,"
	"  unchanged INTEGER NOT NULL DEFAULT 0,"
	"  rejected INTEGER NOT NULL DEFAULT 0,"
	"  skipped INTEGER NOT NULL DEFAULT 0,"
	"  removed INTEGER NOT NULL DEFAULT 0,"
	"  ruleset_hash TEXT);",
	"CREATE TABLE rejections("
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  path TEXT NOT NULL,"
	"  line INTEGER,"
	"  reason TEXT NOT NULL);",
	"CREATE INDEX rejections_run ON rejections(run_id);",
	"CREATE TABLE initiatives("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  source TEXT NOT NULL CHECK(source IN ('config','note'))) WITHOUT ROWID;",
	"CREATE TABLE initiative_parties("
	"  initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	"  team TEXT NOT NULL,"
	"  PRIMARY KEY(initiative_id, team)) WITHOUT ROWID;",
	"CREATE TABLE notes("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE,"
	"  relpath TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  time TEXT,"
	"  date_source TEXT NOT NULL CHECK(date_source IN"
	"    ('front_matter','properties','filename','heading','mtime')),"
	"  size INTEGER NOT NULL,"
	"  mtime_ns INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  encoding TEXT NOT NULL,"
	"  lines INTEGER NOT NULL,"
	"  body_line INTEGER NOT NULL DEFAULT 1,"
	"  body TEXT,"
	"  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,"
	"  ingested_at TEXT NOT NULL);",
	"CREATE INDEX notes_date ON notes(date);",
	"CREATE TABLE note_initiatives("
	"  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	"  source TEXT NOT NULL CHECK(source IN ('front_matter','tag','properties','config')),"
	"  PRIMARY KEY(note_id, initiative_id)) WITHOUT ROWID;",
	"CREATE INDEX note_initiatives_initiative ON note_initiatives(initiative_id, note_id);",
	"CREATE TABLE note_tags("
	"  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  tag TEXT NOT NULL,"
	"  PRIMARY KEY(note_id, tag)) WITHOUT ROWID;",
	"CREATE TABLE people("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  email TEXT UNIQUE,"
	"  team TEXT,"
	"  name_key TEXT NOT NULL,"
	"  source TEXT NOT NULL CHECK(source IN ('directory','calendar','note')));",
	"CREATE INDEX people_name_key ON people(name_key);",
	"CREATE TABLE person_aliases("
	"  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  alias_key TEXT NOT NULL,"
	"  PRIMARY KEY(person_id, alias_key)) WITHOUT ROWID;",
	"CREATE INDEX person_aliases_key ON person_aliases(alias_key);",
	"CREATE TABLE note_attendees("
	"  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,"
	"  PRIMARY KEY(note_id, name)) WITHOUT ROWID;",
	"CREATE TABLE meetings("
	"  id INTEGER PRIMARY KEY,"
	"  uid TEXT NOT NULL UNIQUE,"
	"  subject TEXT NOT NULL,"
	"  start TEXT NOT NULL,"
	"  end TEXT,"
	"  all_day INTEGER NOT NULL DEFAULT 0,"
	"  description TEXT,"
	"  location TEXT,"
	"  source_path TEXT NOT NULL,"
	"  source_line INTEGER NOT NULL);",
	"CREATE INDEX meetings_start ON meetings(start);",
	"CREATE TABLE attendees("
	"  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
	"  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  role TEXT NOT NULL CHECK(role IN ('organizer','required','optional','note')),"
	"  PRIMARY KEY(meeting_id, person_id)) WITHOUT ROWID;",
	"CREATE INDEX attendees_person ON attendees(person_id);",
	"CREATE TABLE meeting_initiatives("
	"  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
	"  initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	"  PRIMARY KEY(meeting_id, initiative_id)) WITHOUT ROWID;",
	"CREATE INDEX meeting_initiatives_initiative ON meeting_initiatives(initiative_id);",
	"CREATE TABLE note_meetings("
	"  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
	"  PRIMARY KEY(note_id, meeting_id)) WITHOUT ROWID;",
	"CREATE TABLE rules("
	"  id TEXT PRIMARY KEY,"
	"  version INTEGER NOT NULL,"
	"  signal TEXT NOT NULL,"
	"  polarity TEXT NOT NULL CHECK(polarity IN ('positive','negative','neutral')),"
	"  weight REAL NOT NULL,"
	"  level TEXT NOT NULL,"
	"  scope TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  message TEXT,"
	"  path TEXT,"
	"  enabled INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;",
	"CREATE TABLE signals("
	"  id INTEGER PRIMARY KEY,"
	"  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  rule_id TEXT NOT NULL,"
	"  rule_version INTEGER NOT NULL,"
	"  signal TEXT NOT NULL,"
	"  polarity TEXT NOT NULL,"
	"  weight REAL NOT NULL,"
	"  status TEXT NOT NULL CHECK(status IN ('counted','excepted','capped','limit')),"
	"  line INTEGER NOT NULL,"
	"  col INTEGER NOT NULL,"
	"  excerpt TEXT,"
	"  speaker TEXT,"
	"  groups TEXT);",
	"CREATE INDEX signals_note ON signals(note_id);",
	"CREATE INDEX signals_signal ON signals(signal, status);",
	/* Issue 5 (reports): covers the report's one pass over signals, grouped
	 * per note and signal in index order, and its top-evidence lookups. */
	"CREATE INDEX signals_report ON signals(note_id, signal, status, weight);",
	NULL,
};

/*
 * Migration 2, issue 7 (batch speed): `signals` rebuilt without its three
 * costs per stored hit. The status CHECK was an IN list, which SQLite
 * evaluates by building a temporary index for every INSERT (a third of an
 * evidence row's cost); the same check as comparisons costs nothing.
 * signals_note is gone: signals_report begins with note_id, so it serves
 * every lookup and cascade by note. And signals_signal is gone: its
 * inserts land in the middle of the index, one page per (signal, status)
 * pair touched in every batch (ingest of the 100 MB benchmark 9.6 s ->
 * 7.2 s without it); the queries by signal go through notes and
 * signals_report instead. Rows (ids included) are copied as they are.
 *
 * Note texts move out of `notes` into `note_bodies`: a notes row is then
 * a few hundred bytes instead of a whole note, so the report's lookup of a
 * note's date, the link rebuild and status read kilobytes where they read
 * the archive (report at a million evidence rows 0.85 -> 0.67 s).
 */
static const char *const m2[] = {
	"CREATE TABLE signals_v2("
	"  id INTEGER PRIMARY KEY,"
	"  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  rule_id TEXT NOT NULL,"
	"  rule_version INTEGER NOT NULL,"
	"  signal TEXT NOT NULL,"
	"  polarity TEXT NOT NULL,"
	"  weight REAL NOT NULL,"
	"  status TEXT NOT NULL CHECK(status = 'counted' OR status = 'excepted' OR"
	"    status = 'capped' OR status = 'limit'),"
	"  line INTEGER NOT NULL,"
	"  col INTEGER NOT NULL,"
	"  excerpt TEXT,"
	"  speaker TEXT,"
	"  groups TEXT);",
	"INSERT INTO signals_v2(id, note_id, rule_id, rule_version, signal, polarity, weight,"
	"  status, line, col, excerpt, speaker, groups)"
	" SELECT id, note_id, rule_id, rule_version, signal, polarity, weight, status, line,"
	"  col, excerpt, speaker, groups FROM signals;",
	"DROP TABLE signals;",
	"ALTER TABLE signals_v2 RENAME TO signals;",
	"CREATE INDEX signals_report ON signals(note_id, signal, status, weight);",
	"CREATE TABLE note_bodies("
	"  note_id INTEGER PRIMARY KEY REFERENCES notes(id) ON DELETE CASCADE,"
	"  body TEXT NOT NULL);",
	"INSERT INTO note_bodies(note_id, body) SELECT id, body FROM notes WHERE body IS NOT NULL;",
	"ALTER TABLE notes DROP COLUMN body;",
	NULL,
};

/*
 * Migration 3, issue 7 (batch speed), two costs of every stored note:
 *   - `signals` loses its foreign key. SQLite checked a hit's note_id
 *     against `notes` on every INSERT (a B-tree search and a statement
 *     journal per evidence row); the rows come only from the writer that
 *     has just stored their note. A trigger keeps the cascade: deleting a
 *     note deletes its evidence, as before.
 *   - every CHECK becomes comparisons: an `IN (...)` list made SQLite build
 *     and fill a temporary index on every INSERT, about three a note (5 %
 *     of an ingest's instructions), one per calendar attendee and person.
 *     `notes`, `note_initiatives`, `initiatives`, `people`, `attendees` and
 *     `rules` are rebuilt for it.
 * Tables are rebuilt the way SQLite documents (create, copy, drop, rename),
 * with foreign keys off (see cz_schema_migrate), so dropping the old
 * `notes` cascades nowhere; rows and ids are copied as they are.
 */
static const char *const m3[] = {
	"CREATE TABLE signals_v3("
	"  id INTEGER PRIMARY KEY,"
	"  note_id INTEGER NOT NULL,"
	"  rule_id TEXT NOT NULL,"
	"  rule_version INTEGER NOT NULL,"
	"  signal TEXT NOT NULL,"
	"  polarity TEXT NOT NULL,"
	"  weight REAL NOT NULL,"
	"  status TEXT NOT NULL CHECK(status = 'counted' OR status = 'excepted' OR"
	"    status = 'capped' OR status = 'limit'),"
	"  line INTEGER NOT NULL,"
	"  col INTEGER NOT NULL,"
	"  excerpt TEXT,"
	"  speaker TEXT,"
	"  groups TEXT);",
	"INSERT INTO signals_v3(id, note_id, rule_id, rule_version, signal, polarity, weight,"
	"  status, line, col, excerpt, speaker, groups)"
	" SELECT id, note_id, rule_id, rule_version, signal, polarity, weight, status, line,"
	"  col, excerpt, speaker, groups FROM signals;",
	"DROP TABLE signals;",
	"ALTER TABLE signals_v3 RENAME TO signals;",
	"CREATE INDEX signals_report ON signals(note_id, signal, status, weight);",
	"CREATE TABLE notes_v3("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE,"
	"  relpath TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  time TEXT,"
	"  date_source TEXT NOT NULL CHECK(date_source = 'front_matter' OR"
	"    date_source = 'properties' OR date_source = 'filename' OR"
	"    date_source = 'heading' OR date_source = 'mtime'),"
	"  size INTEGER NOT NULL,"
	"  mtime_ns INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  encoding TEXT NOT NULL,"
	"  lines INTEGER NOT NULL,"
	"  body_line INTEGER NOT NULL DEFAULT 1,"
	"  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,"
	"  ingested_at TEXT NOT NULL);",
	"INSERT INTO notes_v3(id, path, relpath, title, date, time, date_source, size, mtime_ns,"
	"  hash, encoding, lines, body_line, run_id, ingested_at)"
	" SELECT id, path, relpath, title, date, time, date_source, size, mtime_ns, hash,"
	"  encoding, lines, body_line, run_id, ingested_at FROM notes;",
	"DROP TABLE notes;",
	"ALTER TABLE notes_v3 RENAME TO notes;",
	"CREATE INDEX notes_date ON notes(date);",
	"CREATE TRIGGER notes_delete_signals AFTER DELETE ON notes BEGIN"
	"  DELETE FROM signals WHERE note_id = OLD.id; END;",
	"CREATE TABLE note_initiatives_v3("
	"  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
	"  source TEXT NOT NULL CHECK(source = 'front_matter' OR source = 'tag' OR"
	"    source = 'properties' OR source = 'config'),"
	"  PRIMARY KEY(note_id, initiative_id)) WITHOUT ROWID;",
	"INSERT INTO note_initiatives_v3(note_id, initiative_id, source)"
	" SELECT note_id, initiative_id, source FROM note_initiatives;",
	"DROP TABLE note_initiatives;",
	"ALTER TABLE note_initiatives_v3 RENAME TO note_initiatives;",
	"CREATE INDEX note_initiatives_initiative ON note_initiatives(initiative_id, note_id);",
	"CREATE TABLE initiatives_v3("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  source TEXT NOT NULL CHECK(source = 'config' OR source = 'note')) WITHOUT ROWID;",
	"INSERT INTO initiatives_v3(id, name, source) SELECT id, name, source FROM initiatives;",
	"DROP TABLE initiatives;",
	"ALTER TABLE initiatives_v3 RENAME TO initiatives;",
	"CREATE TABLE people_v3("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  email TEXT UNIQUE,"
	"  team TEXT,"
	"  name_key TEXT NOT NULL,"
	"  source TEXT NOT NULL CHECK(source = 'directory' OR source = 'calendar' OR"
	"    source = 'note'));",
	"INSERT INTO people_v3(id, name, email, team, name_key, source)"
	" SELECT id, name, email, team, name_key, source FROM people;",
	"DROP TABLE people;",
	"ALTER TABLE people_v3 RENAME TO people;",
	"CREATE INDEX people_name_key ON people(name_key);",
	"CREATE TABLE attendees_v3("
	"  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
	"  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  role TEXT NOT NULL CHECK(role = 'organizer' OR role = 'required' OR"
	"    role = 'optional' OR role = 'note'),"
	"  PRIMARY KEY(meeting_id, person_id)) WITHOUT ROWID;",
	"INSERT INTO attendees_v3(meeting_id, person_id, role)"
	" SELECT meeting_id, person_id, role FROM attendees;",
	"DROP TABLE attendees;",
	"ALTER TABLE attendees_v3 RENAME TO attendees;",
	"CREATE INDEX attendees_person ON attendees(person_id);",
	"CREATE TABLE rules_v3("
	"  id TEXT PRIMARY KEY,"
	"  version INTEGER NOT NULL,"
	"  signal TEXT NOT NULL,"
	"  polarity TEXT NOT NULL CHECK(polarity = 'positive' OR polarity = 'negative' OR"
	"    polarity = 'neutral'),"
	"  weight REAL NOT NULL,"
	"  level TEXT NOT NULL,"
	"  scope TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  message TEXT,"
	"  path TEXT,"
	"  enabled INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;",
	"INSERT INTO rules_v3 SELECT id, version, signal, polarity, weight, level, scope,"
	"  status, message, path, enabled FROM rules;",
	"DROP TABLE rules;",
	"ALTER TABLE rules_v3 RENAME TO rules;",
	NULL,
};

/*
 * Migration 4 (issue 7): no foreign key on note_attendees.person_id. The
 * link rebuild sets the person of every attendee row of every note, and
 * SQLite looked each one up in `people`: 0.09 of the 0.12 s the UPDATE
 * took for 86,174 rows, serial at the end of the first ingest of the 100 MB
 * benchmark archive. The ids come from people.c within the same
 * transaction; a trigger keeps ON DELETE SET NULL.
 */
static const char *const m4[] = {
	"CREATE TABLE note_attendees_v4("
	"  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  person_id INTEGER,"
	"  PRIMARY KEY(note_id, name)) WITHOUT ROWID;",
	"INSERT INTO note_attendees_v4(note_id, name, person_id)"
	" SELECT note_id, name, person_id FROM note_attendees;",
	"DROP TABLE note_attendees;",
	"ALTER TABLE note_attendees_v4 RENAME TO note_attendees;",
	"CREATE TRIGGER people_delete_note_attendees AFTER DELETE ON people BEGIN"
	"  UPDATE note_attendees SET person_id = NULL WHERE person_id = OLD.id; END;",
	NULL,
};

/* Migration i+1 is migrations[i]: a NULL-terminated list of statements. */
static const char *const *const migrations[] = {
	m1,
	m2,
	m3,
	m4,
};

#define N_MIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

int cz_schema_version(void)
{
	return (int)N_MIGRATIONS;
}

static cz_rc current(cz_db *db, int64_t *v, cz_err *err)
{
	cz_rc rc = cz_db_query_int(db, "PRAGMA user_version", v, err);

	if (rc)
		return rc;
	if (*v > (int64_t)N_MIGRATIONS || *v < 0)
		return cz_err_set(err, CZ_EDB, "%s: database schema version %lld is newer than "
				  "this coalesce understands (%d); upgrade coalesce",
				  cz_db_path(db), (long long)*v, (int)N_MIGRATIONS);
	return CZ_OK;
}

/* Whether the database holds a row breaking a foreign key. */
static cz_rc foreign_keys_broken(cz_db *db, bool *broken, cz_err *err)
{
	int64_t n = 0;
	cz_rc rc = cz_db_query_int(db, "SELECT count(*) FROM pragma_foreign_key_check", &n, err);

	*broken = n > 0;
	return rc;
}

/*
 * Each migration runs in its own transaction with foreign keys off (SQLite
 * ignores the pragma inside a transaction, and a table rebuilt by copy,
 * drop and rename must not cascade its drop); before the commit the foreign
 * keys are checked, and a migration that broke one is rolled back.
 */
cz_rc cz_schema_migrate(cz_db *db, cz_err *err)
{
	int64_t v, fk = 0;
	cz_rc rc = current(db, &v, err);

	if (!rc && (size_t)v < N_MIGRATIONS)
		rc = cz_db_query_int(db, "PRAGMA foreign_keys", &fk, err);
	if (!rc && fk && (size_t)v < N_MIGRATIONS)
		rc = cz_db_exec(db, "PRAGMA foreign_keys=OFF", err);
	for (size_t i = (size_t)v; !rc && i < N_MIGRATIONS; i++) {
		char bump[64];
		bool broken = false;

		rc = cz_db_begin(db, err);
		if (rc)
			break;
		/* Re-read under the write lock: another process may have migrated. */
		rc = current(db, &v, err);
		if (!rc && (size_t)v == i) {
			snprintf(bump, sizeof(bump), "PRAGMA user_version=%zu", i + 1);
			for (size_t k = 0; !rc && migrations[i][k]; k++)
				rc = cz_db_exec(db, migrations[i][k], err);
			if (!rc)
				rc = cz_db_exec(db, bump, err);
			if (!rc)
				rc = foreign_keys_broken(db, &broken, err);
			if (!rc && broken)
				rc = cz_err_set(err, CZ_EDB, "%s: upgrade to schema version %zu would "
						"break a foreign key; the database is left as it was",
						cz_db_path(db), i + 1);
		}
		if (!rc)
			rc = cz_db_commit(db, err);
		if (rc)
			cz_db_rollback(db);
	}
	if (fk) {
		cz_err e;
		cz_rc r = cz_db_exec(db, "PRAGMA foreign_keys=ON", &e);
		if (r && !rc) {
			if (err)
				memcpy(err, &e, sizeof(*err));
			rc = r;
		}
	}
	return rc;
}

cz_rc cz_schema_check(cz_db *db, cz_err *err)
{
	int64_t v;
	cz_rc rc = current(db, &v, err);

	if (!rc && v != (int64_t)N_MIGRATIONS)
		rc = cz_err_set(err, CZ_EDB, "%s: database schema version %lld is older than "
				"this coalesce (%d); run 'coalesce ingest' once to upgrade it",
				cz_db_path(db), (long long)v, (int)N_MIGRATIONS);
	return rc;
}

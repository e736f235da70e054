/*
 * test_db.c - the SQLite adapter and the schema: migrations and
 * user_version, a newer (or, read-only, older) database refused, the file
 * created 0600, WAL and foreign keys on, a second writer failing with
 * CZ_EBUSY and a clear message, and the statement API.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/db.h"
#include "coalesce/schema.h"
#include "testutil.h"

static cz_db *open_ok(const char *path, unsigned flags)
{
	cz_db *db = NULL;
	cz_err e;

	if (cz_db_open(&db, path, flags, CZ_DB_DEFAULT_MODE, &e))
		fail_msg("open %s: %s", path, e.msg);
	return db;
}

static int64_t q(cz_db *db, const char *sql)
{
	int64_t v = -1;
	cz_err e;

	if (cz_db_query_int(db, sql, &v, &e))
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

/* Text of the first column of the first row (copied into out). */
static void qtext(cz_db *db, const char *sql, char *out, size_t size)
{
	cz_stmt *st;
	bool row = false;
	cz_err e;

	assert_int_equal(cz_db_prepare(db, sql, &st, &e), CZ_OK);
	assert_int_equal(cz_stmt_step(st, &row, &e), CZ_OK);
	assert_true(row);
	snprintf(out, size, "%s", cz_stmt_text(st, 0));
	cz_stmt_finalize(st);
}

static void memory_db_is_migrated(void **state)
{
	static const char *const tables[] = {
		"notes", "initiatives", "initiative_parties", "note_initiatives", "note_tags",
		"note_attendees", "people", "person_aliases", "meetings", "attendees",
		"meeting_initiatives", "note_meetings", "rules", "signals", "runs", "rejections",
		"meta",
	};
	cz_db *db = open_ok(":memory:", 0);
	char sql[256];

	(void)state;
	assert_true(cz_schema_version() >= 1);
	assert_int_equal(q(db, "PRAGMA user_version"), cz_schema_version());
	assert_int_equal(q(db, "PRAGMA foreign_keys"), 1);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%s'",
			 tables[i]);
		if (q(db, sql) != 1)
			fail_msg("table %s missing", tables[i]);
	}
	assert_string_equal(cz_db_path(db), ":memory:");
	/* migrating again is a no-op; the check agrees */
	assert_int_equal(cz_schema_migrate(db, NULL), CZ_OK);
	assert_int_equal(cz_schema_check(db, NULL), CZ_OK);
	assert_int_equal(q(db, "PRAGMA user_version"), cz_schema_version());
	cz_db_close(db);
	cz_db_close(NULL);
}

static void file_db_mode_wal_and_reopen(void **state)
{
	char dir[256], path[512], wal[600], mode[32];
	struct stat st;
	mode_t old = umask(0);
	cz_db *db;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	tu_path(path, dir, "c.db");
	db = open_ok(path, 0);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	qtext(db, "PRAGMA journal_mode", mode, sizeof(mode));
	assert_string_equal(mode, "wal");
	assert_int_equal(q(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q(db, "PRAGMA page_size"), 16384); /* a new database */
	assert_int_equal(cz_db_exec(db, "INSERT INTO meta VALUES ('k', 'v')", &e), CZ_OK);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* the WAL is as private as the db */
	cz_db_close(db);
	/* reopening keeps the data and the version */
	db = open_ok(path, 0);
	assert_int_equal(q(db, "SELECT count(*) FROM meta WHERE key = 'k'"), 1);
	assert_int_equal(q(db, "PRAGMA user_version"), cz_schema_version());
	cz_db_close(db);
	/* a read-only connection reads, and refuses writes */
	db = open_ok(path, CZ_DB_READONLY);
	assert_int_equal(q(db, "SELECT count(*) FROM meta"), 1);
	assert_int_equal(cz_db_exec(db, "INSERT INTO meta VALUES ('x', 'y')", &e), CZ_EDB);
	tu_assert_err(e, CZ_EDB, "database is read-only");
	cz_db_close(db);
	/* an existing file keeps its mode */
	assert_int_equal(chmod(path, 0640), 0);
	db = open_ok(path, 0);
	cz_db_close(db);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	tu_rmrf(dir);
}

static void newer_database_refused(void **state)
{
	char dir[256], path[512], want[1024];
	cz_db *db;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	tu_path(path, dir, "new.db");
	db = open_ok(path, 0);
	assert_int_equal(cz_db_exec(db, "PRAGMA user_version = 99", &e), CZ_OK);
	cz_db_close(db);
	db = (cz_db *)&db;
	snprintf(want, sizeof(want), "%s: database schema version 99 is newer than this "
		 "coalesce understands (%d); upgrade coalesce", path, cz_schema_version());
	assert_int_equal(cz_db_open(&db, path, 0, CZ_DB_DEFAULT_MODE, &e), CZ_EDB);
	assert_string_equal(e.msg, want);
	assert_ptr_equal(db, (cz_db *)&db); /* *out untouched on failure */
	assert_int_equal(cz_db_open(&db, path, CZ_DB_READONLY, 0600, &e), CZ_EDB);
	assert_string_equal(e.msg, want);
	tu_rmrf(dir);
}

static void older_database_read_only(void **state)
{
	char dir[256], path[512], want[1024];
	cz_db *db;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	tu_write(dir, "old.db", "", 0, path); /* an empty file: SQLite, version 0 */
	assert_int_equal(cz_db_open(&db, path, CZ_DB_READONLY, 0600, &e), CZ_EDB);
	snprintf(want, sizeof(want), "%s: database schema version 0 is older than this "
		 "coalesce (%d); run 'coalesce ingest' once to upgrade it", path,
		 cz_schema_version());
	assert_string_equal(e.msg, want);
	/* a writable open upgrades it */
	db = open_ok(path, 0);
	assert_int_equal(q(db, "PRAGMA user_version"), cz_schema_version());
	cz_db_close(db);
	db = open_ok(path, CZ_DB_READONLY);
	cz_db_close(db);
	tu_rmrf(dir);
}

/* A database at dir/name made with the current schema, then taken back by
 * old_shape (SQL that ends by setting an older user_version). */
static cz_db *old_database(const char *dir, const char *name, const char *old_shape,
			   char *path, size_t size)
{
	cz_db *db;
	cz_err e;

	snprintf(path, size, "%s/%s", dir, name);
	db = open_ok(path, 0);
	if (cz_db_exec(db, old_shape, &e))
		fail_msg("old shape of %s: %s", name, e.msg);
	return db;
}

/* Close db and open path again for writing: the migrations since its
 * version have run. */
static cz_db *reopen_migrated(cz_db *db, const char *path)
{
	cz_db_close(db);
	db = open_ok(path, 0);
	assert_int_equal(q(db, "PRAGMA user_version"), cz_schema_version());
	return db;
}

/* Issue 7: a version-1 database (with evidence) upgrades to the current
 * schema in place: signals is rebuilt (status check without an IN list, no
 * signals_note or signals_signal index, no foreign key: a trigger deletes
 * a note's evidence), its rows stay; note texts move from notes.body to
 * note_bodies; notes and note_initiatives are rebuilt with foreign keys
 * off, so nothing hanging on a note is lost, and the keys hold after. */
static void v1_database_upgrades(void **state)
{
	char dir[256], path[512];
	cz_db *db;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	/* the current schema taken back to version 1's shape */
	db = old_database(dir, "v1.db", "DROP TRIGGER notes_delete_signals;"
				    "CREATE INDEX signals_note ON signals(note_id);"
				    "CREATE INDEX signals_signal ON signals(signal, status);"
				    "DROP TABLE note_bodies; ALTER TABLE notes ADD COLUMN body TEXT;"
				    "INSERT INTO notes(id, path, relpath, size, mtime_ns, hash, lines, "
				    "encoding, title, date, date_source, body_line, ingested_at, body) "
				    "VALUES (1, '/n.md', 'n.md', 1, 0, 'h', 1, 'utf-8', 't', '2025-01-01', "
				    "'front_matter', 1, '2025-01-01T00:00:00Z', 'We agreed.');"
				    "INSERT INTO signals(note_id, rule_id, rule_version, signal, "
				    "polarity, weight, status, line, col) VALUES "
				    "(1, 'p.r', 1, 'decision', 'positive', 1.0, 'counted', 3, 1);"
				    "INSERT INTO note_tags VALUES (1, 'billing');"
				    "INSERT INTO initiatives VALUES ('billing', 'Billing', 'note');"
				    "INSERT INTO note_initiatives VALUES (1, 'billing', 'tag');"
				    "INSERT INTO people VALUES (5, 'Ana Ruiz', 'ana@example.test', "
				    "'ops', 'ana ruiz', 'directory');"
				    "INSERT INTO person_aliases VALUES (5, 'ruiz ana');"
				    "INSERT INTO meetings(id, uid, subject, start, source_path, "
				    "source_line) VALUES (9, 'u9', 'Sync', '2025-01-01', 'c.csv', 2);"
				    "INSERT INTO attendees VALUES (9, 5, 'required');"
				    "INSERT INTO note_attendees VALUES (1, 'Ana Ruiz', 5);"
				    "PRAGMA user_version = 1;", path, sizeof(path));
	db = reopen_migrated(db, path);
	assert_int_equal(q(db, "SELECT count(*) FROM sqlite_master WHERE name = 'signals_note'"),
			 0);
	assert_int_equal(q(db, "SELECT count(*) FROM sqlite_master WHERE name = "
			       "'signals_signal'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM note_bodies WHERE note_id = 1 AND "
			       "body = 'We agreed.'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM pragma_table_info('notes') WHERE "
			       "name = 'body'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM sqlite_master WHERE name = "
			       "'signals_report'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM signals WHERE note_id = 1 AND line = 3 "
			       "AND status = 'counted'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM sqlite_master WHERE sql LIKE "
			       "'%status IN (%'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM pragma_foreign_key_list('signals')"), 0);
	/* the tables with IN-list CHECKs were rebuilt: rows, ids and what
	 * hangs on them are all still there */
	assert_int_equal(q(db, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '% IN (%'"),
			 0);
	assert_int_equal(q(db, "SELECT count(*) FROM notes WHERE id = 1 AND path = '/n.md'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM note_tags WHERE note_id = 1"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM note_initiatives WHERE note_id = 1 AND "
			       "source = 'tag'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM people WHERE id = 5 AND "
			       "email = 'ana@example.test'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM person_aliases WHERE person_id = 5"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM attendees WHERE person_id = 5 AND "
			       "role = 'required'"), 1);
	assert_int_equal(q(db, "SELECT person_id FROM note_attendees WHERE note_id = 1"), 5);
	assert_int_equal(q(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
			       "('notes_date', 'note_initiatives_initiative', "
			       "'notes_delete_signals')"), 3);
	/* foreign keys are on again and hold */
	assert_int_equal(q(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(cz_db_exec(db, "INSERT INTO note_tags VALUES (7, 'x')", &e), CZ_EDB);
	assert_int_equal(cz_db_exec(db, "INSERT INTO notes(path, relpath, title, date, "
				    "date_source, size, mtime_ns, hash, encoding, lines, ingested_at) "
				    "VALUES ('/m.md', 'm.md', 't', '2025-01-01', 'guess', 1, 0, 'h', "
				    "'utf-8', 1, 'now')", &e), CZ_EDB);
	/* the status check still holds */
	assert_int_equal(cz_db_exec(db, "INSERT INTO signals(note_id, rule_id, rule_version, "
				    "signal, polarity, weight, status, line, col) VALUES (1, 'p.r', 1, "
				    "'decision', 'positive', 1.0, 'maybe', 3, 1)", &e), CZ_EDB);
	/* deleting the note still cascades to its evidence */
	assert_int_equal(cz_db_exec(db, "DELETE FROM notes WHERE id = 1", &e), CZ_OK);
	assert_int_equal(q(db, "SELECT count(*) FROM signals"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM note_bodies"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM note_tags"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM note_initiatives"), 0);
	cz_db_close(db);
	tu_rmrf(dir);
}

/* Issue 7: a version-3 database upgrades to schema 4: note_attendees keeps
 * its rows and people but loses the foreign key on person_id (SQLite looked
 * up every row the link rebuild wrote); a trigger still clears the person of
 * the rows of a person deleted, and the note's cascade still holds. */
static void v3_database_upgrades(void **state)
{
	char dir[256], path[512];
	cz_db *db;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	/* note_attendees taken back to version 3's shape */
	db = old_database(dir, "v3.db", "DROP TRIGGER people_delete_note_attendees;"
				    "DROP TABLE note_attendees;"
				    "CREATE TABLE note_attendees("
				    "  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,"
				    "  name TEXT NOT NULL,"
				    "  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,"
				    "  PRIMARY KEY(note_id, name)) WITHOUT ROWID;"
				    "INSERT INTO notes(id, path, relpath, size, mtime_ns, hash, lines, "
				    "encoding, title, date, date_source, body_line, ingested_at) "
				    "VALUES (1, '/n.md', 'n.md', 1, 0, 'h', 1, 'utf-8', 't', '2025-01-01', "
				    "'front_matter', 1, 'now');"
				    "INSERT INTO people VALUES (5, 'Ana Ruiz', NULL, NULL, 'ana ruiz', "
				    "'note'), (6, 'Bo Lind', NULL, NULL, 'bo lind', 'note');"
				    "INSERT INTO note_attendees VALUES (1, 'Ana Ruiz', 5), (1, 'Bo Lind', 6),"
				    " (1, 'X', NULL);"
				    "PRAGMA user_version = 3;", path, sizeof(path));
	assert_int_equal(q(db, "SELECT count(*) FROM pragma_foreign_key_list('note_attendees') "
			       "WHERE \"table\" = 'people'"), 1);
	db = reopen_migrated(db, path);
	assert_int_equal(q(db, "SELECT count(*) FROM pragma_foreign_key_list('note_attendees') "
			       "WHERE \"table\" = 'people'"), 0);
	assert_int_equal(q(db, "SELECT count(*) FROM pragma_foreign_key_list('note_attendees') "
			       "WHERE \"table\" = 'notes'"), 1);
	assert_int_equal(q(db, "SELECT count(*) FROM note_attendees"), 3);
	assert_int_equal(q(db, "SELECT person_id FROM note_attendees WHERE name = 'Bo Lind'"), 6);
	/* deleting a person clears its rows, as ON DELETE SET NULL did */
	assert_int_equal(cz_db_exec(db, "DELETE FROM people WHERE id = 6", &e), CZ_OK);
	assert_int_equal(q(db, "SELECT count(*) FROM note_attendees WHERE person_id IS NULL"), 2);
	assert_int_equal(q(db, "SELECT person_id FROM note_attendees WHERE name = 'Ana Ruiz'"), 5);
	/* deleting the note still takes its attendees */
	assert_int_equal(cz_db_exec(db, "DELETE FROM notes WHERE id = 1", &e), CZ_OK);
	assert_int_equal(q(db, "SELECT count(*) FROM note_attendees"), 0);
	cz_db_close(db);
	tu_rmrf(dir);
}

static void open_errors(void **state)
{
	char dir[256], path[512], want[1024];
	cz_db *db;
	cz_err e;
	struct stat st;

	(void)state;
	tu_tmpdir(dir);
	tu_path(path, dir, "missing.db");
	assert_int_equal(cz_db_open(&db, path, CZ_DB_READONLY, 0600, &e), CZ_ENOINPUT);
	snprintf(want, sizeof(want), "%s: no database here; run 'coalesce ingest' first or "
		 "pass --db", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(cz_db_open(&db, path, CZ_DB_NOCREATE, 0600, &e), CZ_ENOINPUT);
	assert_int_equal(stat(path, &st), -1); /* nothing was created */
	assert_int_equal(cz_db_open(&db, dir, 0, 0600, &e), CZ_EUSAGE);
	tu_assert_err(e, CZ_EUSAGE, "not a regular file");
	tu_path(path, dir, "no/such/dir/x.db");
	assert_int_equal(cz_db_open(&db, path, 0, 0600, &e), CZ_ENOINPUT);
	tu_assert_err(e, CZ_ENOINPUT, "cannot create database");
	tu_writes(dir, "junk.db", "this is a text file, not a database, and it is long enough "
		  "that SQLite reads a whole header from it before it gives up on it.........");
	tu_path(path, dir, "junk.db");
	assert_int_equal(cz_db_open(&db, path, 0, 0600, &e), CZ_EDB);
	tu_assert_err(e, CZ_EDB, "not a coalesce database, or corrupt");
	tu_rmrf(dir);
}

static void foreign_keys_enforced(void **state)
{
	cz_db *db = open_ok(":memory:", 0);
	cz_err e;

	(void)state;
	assert_int_equal(cz_db_exec(db, "INSERT INTO note_tags VALUES (42, 'x')", &e), CZ_EDB);
	tu_assert_err(e, CZ_EDB, "FOREIGN KEY constraint failed");
	assert_int_equal(cz_db_exec(db,
		"INSERT INTO notes(id, path, relpath, title, date, date_source, size, mtime_ns, "
		"hash, encoding, lines, ingested_at) VALUES (1, '/a', 'a', 't', '2025-01-01', "
		"'mtime', 1, 1, 'h', 'utf-8', 1, 'now');"
		"INSERT INTO note_tags VALUES (1, 'x');"
		"INSERT INTO signals(note_id, rule_id, rule_version, signal, polarity, weight, "
		"status, line, col) VALUES (1, 'p.r', 1, 'decision', 'positive', 1.0, 'counted', "
		"1, 1);", &e), CZ_OK);
	assert_int_equal(cz_db_exec(db, "DELETE FROM notes", &e), CZ_OK);
	assert_int_equal(q(db, "SELECT count(*) FROM note_tags"), 0); /* cascaded */
	/* signals has no foreign key (schema 3); the trigger deletes its rows */
	assert_int_equal(q(db, "SELECT count(*) FROM signals"), 0);
	cz_db_close(db);
}

static void busy_writer_gets_ebusy(void **state)
{
	char dir[256], path[512], want[1024];
	cz_db *a, *b;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	tu_path(path, dir, "busy.db");
	a = open_ok(path, 0);
	b = open_ok(path, 0);
	assert_int_equal(cz_db_begin(a, &e), CZ_OK);
	assert_int_equal(cz_db_exec(a, "INSERT INTO meta VALUES ('a', '1')", &e), CZ_OK);
	/* WAL: a reader is not blocked and sees the last committed state */
	assert_int_equal(q(b, "SELECT count(*) FROM meta"), 0);
	/* a second writer waits for the busy timeout, then gives up clearly */
	assert_int_equal(cz_db_begin(b, &e), CZ_EBUSY);
	snprintf(want, sizeof(want), "%s: database busy: another coalesce process is using it; "
		 "try again when it has finished", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(cz_db_commit(a, &e), CZ_OK);
	assert_int_equal(cz_db_begin(b, &e), CZ_OK);
	assert_int_equal(q(b, "SELECT count(*) FROM meta"), 1);
	cz_db_rollback(b);
	cz_db_rollback(b); /* no transaction: harmless */
	cz_db_close(a);
	cz_db_close(b);
	tu_rmrf(dir);
}

static void statements(void **state)
{
	cz_db *db = open_ok(":memory:", 0);
	cz_stmt *st;
	bool row;
	cz_err e;
	int64_t v = 7;

	(void)state;
	assert_int_equal(cz_db_exec(db, "CREATE TABLE t(a, b, c, d, e)", &e), CZ_OK);
	assert_int_equal(cz_db_prepare(db, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)", &st, &e),
			 CZ_OK);
	assert_int_equal(cz_stmt_bind_text(st, 1, "text", &e), CZ_OK);
	assert_int_equal(cz_stmt_bind_textn(st, 2, "a\0b-ignored", 3, &e), CZ_OK);
	assert_int_equal(cz_stmt_bind_int(st, 3, INT64_MIN, &e), CZ_OK);
	assert_int_equal(cz_stmt_bind_double(st, 4, 0.5, &e), CZ_OK);
	assert_int_equal(cz_stmt_bind_text(st, 5, NULL, &e), CZ_OK); /* NULL text: SQL NULL */
	assert_int_equal(cz_stmt_run(st, &e), CZ_OK);
	assert_int_equal(cz_db_last_id(db), 1);
	assert_int_equal(cz_db_changes(db), 1);
	/* run resets and clears bindings: all NULL now */
	assert_int_equal(cz_stmt_run(st, &e), CZ_OK);
	assert_int_equal(cz_stmt_bind_int(st, 9, 1, &e), CZ_EDB); /* no such parameter */
	tu_assert_err(e, CZ_EDB, "bind a value failed");
	cz_stmt_finalize(st);
	cz_stmt_finalize(NULL);

	assert_int_equal(cz_db_prepare(db, "SELECT a, b, c, d, e FROM t ORDER BY rowid", &st, &e),
			 CZ_OK);
	assert_int_equal(cz_stmt_columns(st), 5);
	assert_string_equal(cz_stmt_column_name(st, 1), "b");
	assert_int_equal(cz_stmt_step(st, &row, &e), CZ_OK);
	assert_true(row);
	assert_string_equal(cz_stmt_text(st, 0), "text");
	assert_int_equal(cz_stmt_bytes(st, 1), 3);
	assert_memory_equal(cz_stmt_text(st, 1), "a\0b", 3);
	assert_int_equal(cz_stmt_int(st, 2), INT64_MIN);
	assert_true(cz_stmt_double(st, 3) == 0.5);
	assert_true(cz_stmt_is_null(st, 4));
	assert_null(cz_stmt_text(st, 4));
	assert_int_equal(cz_stmt_step(st, &row, &e), CZ_OK);
	assert_true(row);
	assert_true(cz_stmt_is_null(st, 0));
	assert_int_equal(cz_stmt_step(st, &row, &e), CZ_OK);
	assert_false(row);
	cz_stmt_reset(st); /* and again from the top */
	assert_int_equal(cz_stmt_step(st, &row, &e), CZ_OK);
	assert_true(row);
	cz_stmt_finalize(st);

	assert_int_equal(cz_db_query_int(db, "SELECT 1 WHERE 0", &v, &e), CZ_OK);
	assert_int_equal(v, 0); /* no row: 0 */
	assert_int_equal(cz_db_prepare(db, "SELEKT 1", &st, &e), CZ_EDB);
	tu_assert_err(e, CZ_EDB, ":memory:: prepare a query failed: near \"SELEKT\": syntax error");
	assert_int_equal(cz_db_query_int(db, "SELECT nope FROM t", &v, &e), CZ_EDB);
	tu_assert_err(e, CZ_EDB, "no such column: nope");
	cz_db_close(db);
}

static void transactions(void **state)
{
	cz_db *db = open_ok(":memory:", 0);
	cz_err e;

	(void)state;
	assert_int_equal(cz_db_begin(db, &e), CZ_OK);
	assert_int_equal(cz_db_exec(db, "INSERT INTO meta VALUES ('a', '1')", &e), CZ_OK);
	cz_db_rollback(db);
	assert_int_equal(q(db, "SELECT count(*) FROM meta"), 0);
	assert_int_equal(cz_db_begin_read(db, &e), CZ_OK);
	assert_int_equal(cz_db_exec(db, "INSERT INTO meta VALUES ('b', '1')", &e), CZ_OK);
	assert_int_equal(cz_db_commit(db, &e), CZ_OK);
	assert_int_equal(q(db, "SELECT count(*) FROM meta"), 1);
	assert_int_equal(cz_db_commit(db, &e), CZ_EDB); /* nothing to commit */
	tu_assert_err(e, CZ_EDB, "no transaction is active");
	cz_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memory_db_is_migrated),
		cmocka_unit_test(file_db_mode_wal_and_reopen),
		cmocka_unit_test(newer_database_refused),
		cmocka_unit_test(older_database_read_only),
		cmocka_unit_test(v1_database_upgrades),
		cmocka_unit_test(v3_database_upgrades),
		cmocka_unit_test(open_errors),
		cmocka_unit_test(foreign_keys_enforced),
		cmocka_unit_test(busy_writer_gets_ebusy),
		cmocka_unit_test(statements),
		cmocka_unit_test(transactions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

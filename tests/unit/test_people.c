/*
 * test_people.c - resolving attendees to people and the directory merge,
 * on an in-memory database; and the link step (link.h) on a small set of
 * notes and meetings inserted by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/db.h"
#include "coalesce/link.h"
#include "coalesce/people.h"

static cz_db *open_db(void)
{
	cz_db *db;
	cz_err err;

	if (cz_db_open(&db, ":memory:", 0, 0600, &err))
		fail_msg("open: %s", err.msg);
	return db;
}

static int64_t count(cz_db *db, const char *sql)
{
	int64_t v = -1;
	cz_err err;

	if (cz_db_query_int(db, sql, &v, &err))
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

static int64_t resolve(cz_people *p, const char *name, const char *email, bool *created)
{
	int64_t id;
	cz_err err;

	if (cz_people_resolve(p, name, email, "calendar", &id, created, &err))
		fail_msg("resolve %s: %s", name, err.msg);
	return id;
}

static void test_resolve(void **state)
{
	cz_db *db = open_db();
	cz_people *p;
	cz_err err;
	bool created;
	int64_t a, b;

	(void)state;
	assert_int_equal(cz_people_open(&p, db, &err), CZ_OK);
	a = resolve(p, "Okafor, Ben", NULL, &created);
	assert_true(created);
	assert_int_equal(resolve(p, "Ben Okafor", NULL, &created), a);
	assert_false(created);
	assert_int_equal(resolve(p, "BEN  OKAFOR", "Ben.Okafor@Example.test", &created), a);
	/* The email was learnt: a different display name with it is the same person. */
	assert_int_equal(resolve(p, "B. O.", "ben.okafor@example.test", &created), a);
	b = resolve(p, "José Almeida", NULL, &created);
	assert_int_equal(resolve(p, "Jose Almeida", NULL, &created), b);
	assert_int_equal(resolve(p, "", "ops@example.test", &created), b + 1);
	assert_int_equal(cz_people_resolve(p, "", "", "calendar", &a, NULL, &err), CZ_EDATA);
	cz_people_close(p);
	cz_db_close(db);
}

static void test_directory_merge(void **state)
{
	cz_db *db = open_db();
	cz_people *p;
	cz_strv al;
	cz_err err;
	bool created;
	int64_t cal, dir;

	(void)state;
	assert_int_equal(cz_people_open(&p, db, &err), CZ_OK);
	/* Calendar first: two spellings of the same person and a meeting. */
	assert_int_equal(cz_db_exec(db, "INSERT INTO meetings(id, uid, subject, start, source_path, "
				    "source_line) VALUES (1, 'u', 's', '2025-01-01 10:00:00', 'f', 2)",
				    &err), CZ_OK);
	cal = resolve(p, "Zé", NULL, &created);
	assert_int_equal(cz_db_exec(db, "INSERT INTO attendees VALUES (1, 1, 'required')", &err),
			 CZ_OK);
	cz_strv_init(&al);
	assert_int_equal(cz_strv_push(&al, "Almeida, José", &err), CZ_OK);
	assert_int_equal(cz_strv_push(&al, "Zé", &err), CZ_OK);
	assert_int_equal(cz_people_directory_entry(p, "José Almeida", "jose@example.test", "support",
						   &al, &created, &err), CZ_OK);
	/* The calendar person became the directory person, keeping attendance. */
	assert_false(created);
	assert_int_equal(count(db, "SELECT count(*) FROM people"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM people WHERE team = 'support' "
			       "AND source = 'directory' AND id = 1"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM attendees WHERE person_id = 1"), 1);
	(void)cal;
	/* Loading the same entry again changes nothing. */
	assert_int_equal(cz_people_directory_entry(p, "José Almeida", "jose@example.test", "support",
						   &al, &created, &err), CZ_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM people"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM person_aliases"), 2);
	/* A second directory person with another email but an alias in common stays apart. */
	assert_int_equal(cz_people_directory_entry(p, "Zé Silva", "ze@example.test", "sales",
						   NULL, &created, &err), CZ_OK);
	assert_true(created);
	dir = resolve(p, "Almeida, José", NULL, &created);
	assert_int_equal(dir, 1);
	assert_int_equal(cz_people_directory_entry(p, "Other", "jose@example.test", "x", NULL,
						   &created, &err), CZ_OK);
	assert_int_equal(cz_people_directory_entry(p, "Bad", "not-an-email", "x", NULL, &created,
						   &err), CZ_EDATA);
	assert_int_equal(cz_people_directory_entry(p, "", "", "x", NULL, &created, &err), CZ_EDATA);
	cz_strv_release(&al);
	cz_people_close(p);
	cz_db_close(db);
}

static void test_link(void **state)
{
	static const char yml[] =
		"initiatives:\n"
		"  - id: billing\n"
		"    match: ['(?i)billing']\n";
	static const char setup[] =
		"INSERT INTO runs(id, command, started_at) VALUES (1, 'ingest', 'now');"
		"INSERT INTO initiatives VALUES ('billing', 'Billing', 'config');"
		"INSERT INTO notes(id, path, relpath, title, date, date_source, size, mtime_ns, hash,"
		" encoding, lines, ingested_at) VALUES"
		" (1, '/a', 'a', 'Pricing sync — May 21, 2025', '2025-05-21', 'heading', 1, 1, 'h',"
		"  'utf-8', 1, 'now'),"
		" (2, '/b', 'b', 'Pricing sync', '2025-05-22', 'filename', 1, 1, 'h', 'utf-8', 1, 'now');"
		"INSERT INTO note_attendees(note_id, name) VALUES (1, 'Nadia Petrov'), (1, 'Dana W.');"
		"INSERT INTO meetings(id, uid, subject, start, description, source_path, source_line)"
		" VALUES (1, 'u1', 'PRICING SYNC', '2025-05-21 13:30:00', 'billing tiers', 'f', 2),"
		" (2, 'u2', 'Hiring sync', '2025-05-21 15:00:00', NULL, 'f', 3);";
	cz_db *db = open_db();
	cz_people *p;
	cz_config cfg;
	cz_link_stats st;
	cz_strv al;
	cz_err err;

	(void)state;
	cz_config_init(&cfg);
	assert_int_equal(cz_config_load_text(&cfg, "c.yml", yml, strlen(yml), &err), CZ_OK);
	assert_int_equal(cz_db_exec(db, setup, &err), CZ_OK);
	assert_int_equal(cz_people_open(&p, db, &err), CZ_OK);
	cz_strv_init(&al);
	assert_int_equal(cz_strv_push(&al, "Dana W.", &err), CZ_OK);
	assert_int_equal(cz_people_directory_entry(p, "Dana Whitfield", "", "engineering", &al, NULL,
						   &err), CZ_OK);
	cz_strv_release(&al);
	cz_people_close(p);
	assert_int_equal(cz_link_run(db, &cfg, &st, &err), CZ_OK);
	assert_int_equal(st.meeting_initiatives, 1); /* by description */
	assert_int_equal(st.note_meetings, 1);       /* same day, date stripped */
	assert_int_equal(count(db, "SELECT meeting_id FROM note_meetings WHERE note_id = 1"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM attendees WHERE role = 'note'"), 2);
	assert_int_equal(count(db, "SELECT count(*) FROM people WHERE source = 'note'"), 1);
	/* Idempotent; and links follow changes on either side. */
	assert_int_equal(cz_db_exec(db, "CREATE TEMP TABLE writes(n INTEGER);"
				    "CREATE TEMP TRIGGER count_writes AFTER UPDATE ON note_attendees"
				    " BEGIN INSERT INTO writes VALUES (1); END;", &err), CZ_OK);
	assert_int_equal(cz_link_run(db, &cfg, &st, &err), CZ_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM note_meetings"), 1);
	/* A rebuild writes only the attendee rows whose person changed. */
	assert_int_equal(count(db, "SELECT count(*) FROM temp.writes"), 0);
	assert_int_equal(cz_db_exec(db, "UPDATE note_attendees SET person_id = NULL"
				    " WHERE name = 'Dana W.'; DELETE FROM temp.writes", &err), CZ_OK);
	assert_int_equal(cz_link_run(db, &cfg, &st, &err), CZ_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM temp.writes"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM note_attendees WHERE person_id IS NULL"), 0);
	assert_int_equal(cz_db_exec(db, "DROP TRIGGER temp.count_writes", &err), CZ_OK);
	assert_int_equal(cz_db_exec(db, "DELETE FROM notes WHERE id = 1", &err), CZ_OK);
	assert_int_equal(cz_link_run(db, &cfg, &st, &err), CZ_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM note_meetings"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM attendees"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM people WHERE source = 'note'"), 0);
	cz_config_release(&cfg);
	cz_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_directory_merge),
		cmocka_unit_test(test_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

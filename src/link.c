/*
 * link.c - rebuilding meeting/note/initiative/people links (see link.h).
 *
 * Title keys of meetings go into a TEMP table indexed by (day, key); each
 * note then finds its meetings with one lookup. Work lists are read fully
 * before writing, so no statement writes a table another is stepping.
 */
#include <stdlib.h>
#include <string.h>

#include "coalesce/fold.h"
#include "coalesce/link.h"
#include "coalesce/people.h"
#include "coalesce/store.h"

/* Meetings to initiatives by the config's regexes. */
static cz_rc link_initiatives(cz_db *db, const cz_config *cfg, cz_link_stats *st, cz_err *err)
{
	cz_stmt *sel = NULL, *ins = NULL;
	cz_rematch *md = NULL;
	bool row;
	cz_rc rc = cz_db_exec(db, "DELETE FROM meeting_initiatives", err);

	if (!rc)
		rc = cz_rematch_new(&md, 0, 0, err);
	if (!rc)
		rc = cz_db_prepare(db, "SELECT id, subject, description FROM meetings", &sel, err);
	if (!rc)
		rc = cz_db_prepare(db, "INSERT OR IGNORE INTO meeting_initiatives(meeting_id, "
				   "initiative_id) VALUES (?1, ?2)", &ins, err);
	while (!rc && !(rc = cz_stmt_step(sel, &row, err)) && row) {
		int64_t id = cz_stmt_int(sel, 0);
		for (size_t i = 0; !rc && i < cfg->n_initiatives; i++) {
			const cz_initiative_def *d = &cfg->initiatives[i];
			if (!cz_initiative_matches(d, md, cz_stmt_text(sel, 1), cz_stmt_text(sel, 2)))
				continue;
			rc = cz_stmt_bind_int(ins, 1, id, err);
			if (!rc) rc = cz_stmt_bind_text(ins, 2, d->id, err);
			if (!rc) rc = cz_stmt_run(ins, err);
			if (!rc)
				st->meeting_initiatives++;
		}
	}
	cz_stmt_finalize(sel);
	cz_stmt_finalize(ins);
	cz_rematch_free(md);
	return rc;
}

/*
 * Note attendees to people. Names repeat across notes (a team meets every
 * week), so each distinct name is resolved once, in the order of its first
 * appearance (the order the rows were resolved in one by one, so people
 * created for unknown names get the same ids), into temp.link_names; one
 * UPDATE then gives every row its person (160,000 notes: seconds -> well
 * under one). Rows that already have it are not written (SQLite rewrites
 * every row an UPDATE touches): after an ingest that added a few notes to
 * a large archive almost every row is already right (86,174 rows: 0.12 ->
 * 0.02 s).
 */
static cz_rc resolve_note_people(cz_db *db, cz_link_stats *st, cz_err *err)
{
	cz_stmt *sel = NULL, *ins = NULL;
	cz_people *people = NULL;
	cz_strv names;
	bool row;
	cz_rc rc = cz_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS link_names("
			      "name TEXT PRIMARY KEY, person_id INTEGER NOT NULL) WITHOUT ROWID;"
			      "DELETE FROM temp.link_names", err);

	cz_strv_init(&names);
	if (!rc)
		rc = cz_db_prepare(db, "SELECT name FROM note_attendees GROUP BY name "
				   "ORDER BY min(note_id), name", &sel, err);
	while (!rc && !(rc = cz_stmt_step(sel, &row, err)) && row)
		rc = cz_strv_push(&names, cz_stmt_text(sel, 0), err);
	if (!rc)
		rc = cz_people_open(&people, db, err);
	if (!rc)
		rc = cz_db_prepare(db, "INSERT INTO temp.link_names(name, person_id) "
				   "VALUES (?1, ?2)", &ins, err);
	for (size_t i = 0; !rc && i < names.n; i++) {
		int64_t pid;
		cz_err e;
		cz_rc r = cz_people_resolve(people, names.v[i], NULL, "note", &pid, NULL, &e);
		if (r == CZ_EDATA) /* a name that folds to nothing: leave it unresolved */
			continue;
		if (r) {
			memcpy(err, &e, sizeof(*err));
			rc = r;
			break;
		}
		rc = cz_stmt_bind_text(ins, 1, names.v[i], err);
		if (!rc) rc = cz_stmt_bind_int(ins, 2, pid, err);
		if (!rc) rc = cz_stmt_run(ins, err);
	}
	if (!rc)
		rc = cz_db_exec(db, "UPDATE note_attendees SET person_id = (SELECT person_id FROM "
				"temp.link_names l WHERE l.name = note_attendees.name) "
				"WHERE person_id IS NOT (SELECT person_id FROM temp.link_names l "
				"WHERE l.name = note_attendees.name)", err);
	if (!rc)
		rc = cz_db_query_int(db, "SELECT count(*) FROM note_attendees WHERE person_id "
				     "IS NOT NULL", &st->note_people, err);
	if (!rc)
		rc = cz_db_exec(db, "DELETE FROM temp.link_names", err);
	cz_stmt_finalize(sel);
	cz_stmt_finalize(ins);
	cz_people_close(people);
	cz_strv_release(&names);
	return rc;
}

/* Fill temp.link_mkeys with each meeting's day and title key. */
static cz_rc meeting_keys(cz_db *db, cz_err *err)
{
	cz_stmt *sel = NULL, *ins = NULL;
	cz_buf key;
	bool row;
	cz_rc rc = cz_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS link_mkeys("
			      "meeting_id INTEGER, day TEXT, key TEXT);"
			      "CREATE INDEX IF NOT EXISTS temp.link_mkeys_day ON link_mkeys(day, key);"
			      "DELETE FROM temp.link_mkeys", err);

	cz_buf_init(&key, 0);
	if (!rc)
		rc = cz_db_prepare(db, "SELECT id, substr(start, 1, 10), subject FROM meetings",
				   &sel, err);
	if (!rc)
		rc = cz_db_prepare(db, "INSERT INTO temp.link_mkeys VALUES (?1, ?2, ?3)", &ins, err);
	while (!rc && !(rc = cz_stmt_step(sel, &row, err)) && row) {
		const char *subject = cz_stmt_text(sel, 2);
		cz_buf_reset(&key);
		rc = cz_fold_title(subject, strlen(subject), &key, err);
		if (!rc) rc = cz_stmt_bind_int(ins, 1, cz_stmt_int(sel, 0), err);
		if (!rc) rc = cz_stmt_bind_text(ins, 2, cz_stmt_text(sel, 1), err);
		if (!rc) rc = cz_stmt_bind_text(ins, 3, key.data, err);
		if (!rc) rc = cz_stmt_run(ins, err);
	}
	cz_stmt_finalize(sel);
	cz_stmt_finalize(ins);
	cz_buf_release(&key);
	return rc;
}

static cz_rc link_notes(cz_db *db, cz_link_stats *st, cz_err *err)
{
	cz_stmt *sel = NULL, *ins = NULL;
	cz_buf key;
	bool row;
	cz_rc rc = cz_db_exec(db, "DELETE FROM note_meetings", err);

	cz_buf_init(&key, 0);
	if (!rc)
		rc = meeting_keys(db, err);
	if (!rc)
		rc = cz_db_prepare(db, "SELECT id, date, title FROM notes", &sel, err);
	if (!rc)
		rc = cz_db_prepare(db, "INSERT OR IGNORE INTO note_meetings(note_id, meeting_id) "
				   "SELECT ?1, meeting_id FROM temp.link_mkeys "
				   "WHERE day = ?2 AND key = ?3", &ins, err);
	while (!rc && !(rc = cz_stmt_step(sel, &row, err)) && row) {
		const char *title = cz_stmt_text(sel, 2);
		cz_buf_reset(&key);
		rc = cz_fold_title(title, strlen(title), &key, err);
		if (rc || !key.len)
			continue;
		rc = cz_stmt_bind_int(ins, 1, cz_stmt_int(sel, 0), err);
		if (!rc) rc = cz_stmt_bind_text(ins, 2, cz_stmt_text(sel, 1), err);
		if (!rc) rc = cz_stmt_bind_text(ins, 3, key.data, err);
		if (!rc) rc = cz_stmt_run(ins, err);
		if (!rc)
			st->note_meetings += cz_db_changes(db);
	}
	cz_stmt_finalize(sel);
	cz_stmt_finalize(ins);
	cz_buf_release(&key);
	if (!rc)
		rc = cz_db_exec(db, "DELETE FROM temp.link_mkeys;"
				"DELETE FROM attendees WHERE role = 'note';"
				"INSERT OR IGNORE INTO attendees(meeting_id, person_id, role) "
				"SELECT nm.meeting_id, na.person_id, 'note' FROM note_meetings nm "
				"JOIN note_attendees na ON na.note_id = nm.note_id "
				"WHERE na.person_id IS NOT NULL", err);
	return rc;
}

cz_rc cz_link_run(cz_db *db, const cz_config *cfg, cz_link_stats *st, cz_err *err)
{
	cz_link_stats local;
	cz_rc rc;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	rc = cz_db_begin(db, err);
	if (rc)
		return rc;
	rc = link_initiatives(db, cfg, st, err);
	if (!rc)
		rc = resolve_note_people(db, st, err);
	if (!rc)
		rc = link_notes(db, st, err);
	if (!rc)
		rc = cz_people_gc(db, err);
	if (!rc)
		rc = cz_db_commit(db, err);
	if (rc)
		cz_db_rollback(db);
	return rc;
}

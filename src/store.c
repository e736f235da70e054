/*
 * store.c - SQL for the notes catalogue (see store.h).
 *
 * Statements used per file are prepared once in cz_store_open(); the rest
 * are prepared where used. Initiative links carry their source so that a
 * change to the config's regexes can recompute the 'config' links without
 * touching what notes say about themselves.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "coalesce/privacy.h"
#include "coalesce/store.h"

enum {
	S_FIND, S_TOUCH, S_DELETE, S_INSERT, S_BODY, S_TAG, S_ATTENDEE, S_LINK, S_INIT_NOTE,
	S_REJECT, N_STMTS
};

static const char *const sql[N_STMTS] = {
	[S_FIND] = "SELECT id, size, mtime_ns, hash FROM notes WHERE path = ?1",
	[S_TOUCH] = "UPDATE notes SET mtime_ns = ?2 WHERE id = ?1",
	[S_DELETE] = "DELETE FROM notes WHERE id = ?1",
	[S_INSERT] = "INSERT INTO notes(path, relpath, title, date, time, date_source, size, "
		     "mtime_ns, hash, encoding, lines, body_line, run_id, ingested_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[S_BODY] = "INSERT INTO note_bodies(note_id, body) VALUES (?1, ?2)",
	[S_TAG] = "INSERT OR IGNORE INTO note_tags(note_id, tag) VALUES (?1, ?2)",
	[S_ATTENDEE] = "INSERT OR IGNORE INTO note_attendees(note_id, name) VALUES (?1, ?2)",
	[S_LINK] = "INSERT OR IGNORE INTO note_initiatives(note_id, initiative_id, source) "
		   "VALUES (?1, ?2, ?3)",
	[S_INIT_NOTE] = "INSERT OR IGNORE INTO initiatives(id, name, source) "
			"VALUES (?1, ?1, 'note')",
	[S_REJECT] = "INSERT INTO rejections(run_id, path, line, reason) VALUES (?1, ?2, ?3, ?4)",
};

struct cz_store {
	cz_db *db;
	cz_stmt *st[N_STMTS];
	cz_rematch *md;
	cz_privacy pv; /* issue 8: redacted database: no title, pseudonymous attendees */
};

void cz_now_utc(char out[20])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm))
		memcpy(out, "1970-01-01 00:00:00", 20);
}

cz_rc cz_store_open(cz_store **out, cz_db *db, cz_err *err)
{
	cz_store *st = calloc(1, sizeof(*st));
	cz_rc rc;

	if (!st)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	st->db = db;
	rc = cz_rematch_new(&st->md, 0, 0, err);
	if (!rc)
		rc = cz_privacy_load(&st->pv, db, err);
	for (int i = 0; !rc && i < N_STMTS; i++)
		rc = cz_db_prepare(db, sql[i], &st->st[i], err);
	if (rc) {
		cz_store_close(st);
		return rc;
	}
	*out = st;
	return CZ_OK;
}

void cz_store_close(cz_store *st)
{
	if (!st)
		return;
	for (int i = 0; i < N_STMTS; i++)
		cz_stmt_finalize(st->st[i]);
	cz_rematch_free(st->md);
	free(st);
}

cz_db *cz_store_db(cz_store *st)
{
	return st->db;
}

cz_rc cz_store_run_begin(cz_store *st, const char *command, int64_t *run_id, cz_err *err)
{
	char now[20];
	cz_stmt *s;
	cz_rc rc = cz_db_prepare(st->db, "INSERT INTO runs(command, started_at) VALUES (?1, ?2)",
				 &s, err);

	if (rc)
		return rc;
	cz_now_utc(now);
	rc = cz_stmt_bind_text(s, 1, command, err);
	if (!rc)
		rc = cz_stmt_bind_text(s, 2, now, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	if (!rc)
		*run_id = cz_db_last_id(st->db);
	cz_stmt_finalize(s);
	return rc;
}

cz_rc cz_store_run_finish(cz_store *st, int64_t run_id, const cz_run_counts *c, cz_err *err)
{
	char now[20];
	cz_stmt *s;
	cz_rc rc = cz_db_prepare(st->db,
		"UPDATE runs SET finished_at = ?2, seen = ?3, new = ?4, changed = ?5, "
		"unchanged = ?6, rejected = ?7, skipped = ?8, removed = ?9 WHERE id = ?1", &s, err);
	int64_t v[] = { c->seen, c->added, c->changed, c->unchanged, c->rejected, c->skipped,
			c->removed };

	if (rc)
		return rc;
	cz_now_utc(now);
	rc = cz_stmt_bind_int(s, 1, run_id, err);
	if (!rc)
		rc = cz_stmt_bind_text(s, 2, now, err);
	for (int i = 0; !rc && i < 7; i++)
		rc = cz_stmt_bind_int(s, 3 + i, v[i], err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_finalize(s);
	return rc;
}

cz_rc cz_store_rejection(cz_store *st, int64_t run_id, const char *path, int64_t line,
			 const char *reason, cz_err *err)
{
	cz_stmt *s = st->st[S_REJECT];
	cz_rc rc = cz_stmt_bind_int(s, 1, run_id, err);

	if (!rc)
		rc = cz_stmt_bind_text(s, 2, path, err);
	if (!rc)
		rc = line > 0 ? cz_stmt_bind_int(s, 3, line, err) : cz_stmt_bind_null(s, 3, err);
	if (!rc)
		rc = cz_stmt_bind_text(s, 4, reason, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	return rc;
}

cz_rc cz_store_run_previous_finished(cz_store *st, int64_t run_id, const char *command,
				     bool *finished, cz_err *err)
{
	cz_stmt *s;
	bool row = false;
	cz_rc rc = cz_db_prepare(st->db, "SELECT finished_at IS NOT NULL FROM runs WHERE id < ?1 "
				 "AND command = ?2 ORDER BY id DESC LIMIT 1", &s, err);

	*finished = false;
	if (rc)
		return rc;
	rc = cz_stmt_bind_int(s, 1, run_id, err);
	if (!rc)
		rc = cz_stmt_bind_text(s, 2, command, err);
	if (!rc)
		rc = cz_stmt_step(s, &row, err);
	if (!rc && row)
		*finished = cz_stmt_int(s, 0) != 0;
	cz_stmt_finalize(s);
	return rc;
}

cz_rc cz_store_note_find(cz_store *st, const char *path, cz_stored_note *out, cz_err *err)
{
	cz_stmt *s = st->st[S_FIND];
	bool row = false;
	cz_rc rc = cz_stmt_bind_text(s, 1, path, err);

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = cz_stmt_step(s, &row, err);
	if (!rc && row) {
		const char *h = cz_stmt_text(s, 3);
		out->found = true;
		out->id = cz_stmt_int(s, 0);
		out->size = cz_stmt_int(s, 1);
		out->mtime_ns = cz_stmt_int(s, 2);
		snprintf(out->hash, sizeof(out->hash), "%s", h ? h : "");
	}
	cz_stmt_reset(s);
	return rc;
}

static cz_rc run_id_int(cz_stmt *s, int64_t id, int64_t v, cz_err *err)
{
	cz_rc rc = cz_stmt_bind_int(s, 1, id, err);

	if (!rc)
		rc = cz_stmt_bind_int(s, 2, v, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	return rc;
}

static cz_rc run_id_text(cz_stmt *s, int64_t id, const char *t, cz_err *err)
{
	cz_rc rc = cz_stmt_bind_int(s, 1, id, err);

	if (!rc)
		rc = cz_stmt_bind_text(s, 2, t, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	return rc;
}

cz_rc cz_store_note_touch(cz_store *st, int64_t id, int64_t mtime_ns, cz_err *err)
{
	return run_id_int(st->st[S_TOUCH], id, mtime_ns, err);
}

cz_rc cz_store_note_delete(cz_store *st, int64_t id, cz_err *err)
{
	cz_stmt *s = st->st[S_DELETE];
	cz_rc rc = cz_stmt_bind_int(s, 1, id, err);

	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	return rc;
}

cz_rc cz_store_prune(cz_store *st, int64_t *removed, cz_err *err)
{
	cz_stmt *s;
	int64_t *gone = NULL;
	size_t n = 0, cap = 0;
	bool row;
	cz_rc rc = cz_db_prepare(st->db, "SELECT id, path FROM notes ORDER BY path", &s, err);

	*removed = 0;
	if (rc)
		return rc;
	/* the whole list first: no row is deleted under the SELECT */
	while (!rc && !(rc = cz_stmt_step(s, &row, err)) && row) {
		struct stat sb;
		if (stat(cz_stmt_text(s, 1), &sb) == 0 || errno != ENOENT)
			continue;
		if (n == cap) {
			size_t c = cap ? cap * 2 : 64;
			int64_t *v = realloc(gone, c * sizeof(*v));
			if (!v) {
				rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
				break;
			}
			gone = v;
			cap = c;
		}
		gone[n++] = cz_stmt_int(s, 0);
	}
	cz_stmt_finalize(s);
	if (!rc && n) {
		rc = cz_db_begin(st->db, err);
		for (size_t i = 0; !rc && i < n; i++)
			rc = cz_store_note_delete(st, gone[i], err);
		if (!rc)
			rc = cz_db_commit(st->db, err);
		if (rc)
			cz_db_rollback(st->db);
		else
			*removed = (int64_t)n;
	}
	free(gone);
	return rc;
}

bool cz_initiative_matches(const cz_initiative_def *def, cz_rematch *md, const char *title,
			   const char *relpath)
{
	const char *subjects[2] = { title, relpath };

	for (size_t i = 0; i < def->patterns.n; i++) {
		for (int k = 0; k < 2; k++) {
			bool found = false;
			if (!subjects[k])
				continue;
			/* A limit or encoding failure counts as no match: attribution is
			 * best effort, and the pattern was accepted at load time. */
			if (!cz_regex_find(def->match[i], md, subjects[k], strlen(subjects[k]), 0,
					   0, &found, NULL, NULL, NULL) && found)
				return true;
		}
	}
	return false;
}

static cz_rc link(cz_store *st, int64_t note_id, const char *initiative, const char *source,
		  cz_err *err)
{
	cz_stmt *s = st->st[S_LINK];
	cz_rc rc = cz_stmt_bind_int(s, 1, note_id, err);

	if (!rc)
		rc = cz_stmt_bind_text(s, 2, initiative, err);
	if (!rc)
		rc = cz_stmt_bind_text(s, 3, source, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	return rc;
}

static cz_rc link_config(cz_store *st, const cz_config *cfg, int64_t note_id,
			 const char *title, const char *relpath, cz_err *err)
{
	for (size_t i = 0; i < cfg->n_initiatives; i++) {
		const cz_initiative_def *d = &cfg->initiatives[i];
		if (cz_initiative_matches(d, st->md, title, relpath)) {
			cz_rc rc = link(st, note_id, d->id, "config", err);
			if (rc)
				return rc;
		}
	}
	return CZ_OK;
}

/*
 * Issue 8: what a redacted database keeps of a note's title (the file's
 * name without directory and extension: the path is kept anyway) and of
 * an attendee (a pseudonym). *out is the text to bind, borrowed from the
 * note, the file or buf.
 */
static cz_rc redacted_title(const cz_store *st, const cz_note_file *f, const cz_note *note,
			    cz_buf *buf, const char **out, cz_err *err)
{
	const char *base, *dot;

	*out = note->title;
	if (!st->pv.redact)
		return CZ_OK;
	base = strrchr(f->relpath, '/');
	base = base ? base + 1 : f->relpath;
	dot = strrchr(base, '.');
	cz_buf_reset(buf);
	if (cz_buf_add(buf, base, dot && dot != base ? (size_t)(dot - base) : strlen(base), err))
		return CZ_ENOMEM;
	*out = buf->data;
	return CZ_OK;
}

static cz_rc store_attendee(cz_store *st, int64_t id, const char *name, cz_buf *buf,
			    cz_err *err)
{
	cz_rc rc = cz_privacy_name(&st->pv, name, buf, err);

	return rc ? rc : run_id_text(st->st[S_ATTENDEE], id, buf->data, err);
}

cz_rc cz_store_note_insert(cz_store *st, const cz_config *cfg, int64_t run_id,
			   const cz_note_file *f, const cz_note *note, int64_t *id, cz_err *err)
{
	cz_stmt *s = st->st[S_INSERT];
	char date[CZ_DATE_STR], now[20];
	const char *title;
	cz_buf buf = CZ_BUF_INIT;
	cz_rc rc;

	cz_date_format(note->date, date);
	cz_now_utc(now);
	rc = redacted_title(st, f, note, &buf, &title, err);
	if (!rc) rc = cz_stmt_bind_text(s, 1, f->path, err);
	if (!rc) rc = cz_stmt_bind_text(s, 2, f->relpath, err);
	if (!rc) rc = cz_stmt_bind_text(s, 3, title, err);
	if (!rc) rc = cz_stmt_bind_text(s, 4, date, err);
	if (!rc) rc = cz_stmt_bind_text(s, 5, note->time[0] ? note->time : NULL, err);
	if (!rc) rc = cz_stmt_bind_text(s, 6, cz_date_source_name(note->date_source), err);
	if (!rc) rc = cz_stmt_bind_int(s, 7, f->size, err);
	if (!rc) rc = cz_stmt_bind_int(s, 8, f->mtime_ns, err);
	if (!rc) rc = cz_stmt_bind_text(s, 9, f->hash, err);
	if (!rc) rc = cz_stmt_bind_text(s, 10, f->encoding, err);
	if (!rc) rc = cz_stmt_bind_int(s, 11, (int64_t)note->lines, err);
	if (!rc) rc = cz_stmt_bind_int(s, 12, (int64_t)note->body_line, err);
	if (!rc) rc = run_id ? cz_stmt_bind_int(s, 13, run_id, err) : cz_stmt_bind_null(s, 13, err);
	if (!rc) rc = cz_stmt_bind_text(s, 14, now, err);
	if (!rc) rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	if (rc) {
		cz_buf_release(&buf);
		return rc;
	}
	*id = cz_db_last_id(st->db);
	if (f->text) {
		/* the body (the whole note) is bound in place: f outlives the run */
		s = st->st[S_BODY];
		rc = cz_stmt_bind_int(s, 1, *id, err);
		if (!rc) rc = cz_stmt_bind_static(s, 2, f->text, f->len, err);
		if (!rc) rc = cz_stmt_run(s, err);
		cz_stmt_reset(s);
	}
	for (size_t i = 0; !rc && i < note->tags.n; i++)
		rc = run_id_text(st->st[S_TAG], *id, note->tags.v[i], err);
	for (size_t i = 0; !rc && i < note->attendees.n; i++)
		rc = store_attendee(st, *id, note->attendees.v[i], &buf, err);
	cz_buf_release(&buf);
	for (size_t i = 0; !rc && i < note->initiatives.n; i++) {
		cz_stmt *ins = st->st[S_INIT_NOTE];
		rc = cz_stmt_bind_text(ins, 1, note->initiatives.v[i], err);
		if (!rc)
			rc = cz_stmt_run(ins, err);
		cz_stmt_reset(ins);
		if (!rc)
			rc = link(st, *id, note->initiatives.v[i], note->initiative_src.v[i], err);
	}
	if (!rc)
		rc = link_config(st, cfg, *id, note->title, f->relpath, err);
	return rc;
}

/*
 * Initiatives once defined in the config and now gone from it: kept as
 * note-defined when notes still name them themselves, else deleted (their
 * regex-made links and required parties go with them).
 */
static cz_rc drop_removed(cz_store *st, const cz_config *cfg, cz_err *err)
{
	cz_stmt *list = NULL, *demote = NULL, *drop = NULL;
	cz_strv gone;
	bool row;
	cz_rc rc = cz_db_prepare(st->db, "SELECT id FROM initiatives WHERE source = 'config'",
				 &list, err);

	cz_strv_init(&gone);
	while (!rc && !(rc = cz_stmt_step(list, &row, err)) && row)
		if (!cz_config_initiative(cfg, cz_stmt_text(list, 0)))
			rc = cz_strv_push(&gone, cz_stmt_text(list, 0), err);
	cz_stmt_finalize(list);
	if (!rc && gone.n)
		rc = cz_db_prepare(st->db, "UPDATE initiatives SET source = 'note' WHERE id = ?1 "
				   "AND EXISTS (SELECT 1 FROM note_initiatives WHERE initiative_id"
				   " = ?1 AND source <> 'config')", &demote, err);
	if (!rc && gone.n)
		rc = cz_db_prepare(st->db, "DELETE FROM initiatives WHERE id = ?1 AND "
				   "source = 'config'", &drop, err);
	for (size_t i = 0; !rc && i < gone.n; i++) {
		rc = cz_stmt_bind_text(demote, 1, gone.v[i], err);
		if (!rc)
			rc = cz_stmt_run(demote, err);
		if (!rc)
			rc = cz_stmt_bind_text(drop, 1, gone.v[i], err);
		if (!rc)
			rc = cz_stmt_run(drop, err);
	}
	cz_stmt_finalize(demote);
	cz_stmt_finalize(drop);
	cz_strv_release(&gone);
	return rc;
}

cz_rc cz_store_sync_initiatives(cz_store *st, const cz_config *cfg, cz_err *err)
{
	cz_stmt *up = NULL, *clear = NULL, *party = NULL;
	cz_rc rc = cz_db_prepare(st->db,
		"INSERT INTO initiatives(id, name, source) VALUES (?1, ?2, 'config') "
		"ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = 'config'", &up, err);

	if (!rc)
		rc = cz_db_prepare(st->db, "DELETE FROM initiative_parties WHERE initiative_id = ?1",
				   &clear, err);
	if (!rc)
		rc = cz_db_prepare(st->db, "INSERT OR IGNORE INTO initiative_parties"
				   "(initiative_id, team) VALUES (?1, ?2)", &party, err);
	for (size_t i = 0; !rc && i < cfg->n_initiatives; i++) {
		const cz_initiative_def *d = &cfg->initiatives[i];
		rc = cz_stmt_bind_text(up, 1, d->id, err);
		if (!rc)
			rc = cz_stmt_bind_text(up, 2, d->name, err);
		if (!rc)
			rc = cz_stmt_run(up, err);
		if (!rc)
			rc = cz_stmt_bind_text(clear, 1, d->id, err);
		if (!rc)
			rc = cz_stmt_run(clear, err);
		for (size_t j = 0; !rc && j < d->required_parties.n; j++) {
			rc = cz_stmt_bind_text(party, 1, d->id, err);
			if (!rc)
				rc = cz_stmt_bind_text(party, 2, d->required_parties.v[j], err);
			if (!rc)
				rc = cz_stmt_run(party, err);
		}
	}
	cz_stmt_finalize(up);
	cz_stmt_finalize(clear);
	cz_stmt_finalize(party);
	if (!rc)
		rc = drop_removed(st, cfg, err);
	return rc;
}

cz_rc cz_store_meta_get(cz_db *db, const char *key, char **value, cz_err *err)
{
	cz_stmt *s;
	bool row;
	cz_rc rc = cz_db_prepare(db, "SELECT value FROM meta WHERE key = ?1", &s, err);

	*value = NULL;
	if (rc)
		return rc;
	rc = cz_stmt_bind_text(s, 1, key, err);
	if (!rc)
		rc = cz_stmt_step(s, &row, err);
	if (!rc && row) {
		*value = cz_strdup(cz_stmt_text(s, 0) ? cz_stmt_text(s, 0) : "", err);
		if (!*value)
			rc = CZ_ENOMEM;
	}
	cz_stmt_finalize(s);
	return rc;
}

cz_rc cz_store_meta_set(cz_db *db, const char *key, const char *value, cz_err *err)
{
	cz_stmt *s;
	cz_rc rc = cz_db_prepare(db, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
				 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &s, err);

	if (rc)
		return rc;
	rc = cz_stmt_bind_text(s, 1, key, err);
	if (!rc)
		rc = cz_stmt_bind_text(s, 2, value, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_finalize(s);
	return rc;
}

cz_rc cz_store_reattribute(cz_store *st, const cz_config *cfg, bool *updated, cz_err *err)
{
	char hash[CZ_HASH_HEX];
	char *old = NULL;
	cz_stmt *notes = NULL, *clear = NULL;
	bool row;
	cz_rc rc;

	if (updated)
		*updated = false;
	cz_config_initiatives_hash(cfg, hash);
	rc = cz_store_meta_get(st->db, "initiatives_hash", &old, err);
	if (rc || (old && !strcmp(old, hash)))
		goto out;
	rc = cz_db_begin(st->db, err);
	if (rc)
		goto out;
	rc = cz_db_exec(st->db, "DELETE FROM note_initiatives WHERE source = 'config'", err);
	if (!rc)
		rc = cz_db_prepare(st->db, "SELECT id, title, relpath FROM notes", &notes, err);
	while (!rc && !(rc = cz_stmt_step(notes, &row, err)) && row)
		rc = link_config(st, cfg, cz_stmt_int(notes, 0), cz_stmt_text(notes, 1),
				 cz_stmt_text(notes, 2), err);
	if (!rc)
		rc = cz_store_meta_set(st->db, "initiatives_hash", hash, err);
	cz_stmt_finalize(notes);
	notes = NULL;
	if (!rc)
		rc = cz_db_commit(st->db, err);
	if (rc)
		cz_db_rollback(st->db);
	else if (updated)
		*updated = true;
out:
	cz_stmt_finalize(notes);
	cz_stmt_finalize(clear);
	free(old);
	return rc;
}

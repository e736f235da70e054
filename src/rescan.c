/*
 * rescan.c - re-evaluating every stored note when the rules change
 * (cz_evidence_sync, evidence.h), and the fingerprint kept on each run.
 *
 * A stored note is read again from its file (checked against the size and
 * hash stored at ingest) or from the text `ingest --keep-text` kept in
 * note_bodies; its front matter is skipped by starting at notes.body_line,
 * so stored and freshly ingested notes give the same evidence. The rows are
 * computed and stored by evidence.c's worker and store halves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/evidence.h"
#include "coalesce/pipeline.h"
#include "coalesce/privacy.h"
#include "coalesce/store.h"

/* Byte offset of 1-based line `line` in text (len when past the end). */
static size_t line_offset(const char *text, size_t len, int64_t line)
{
	size_t off = 0;

	for (int64_t l = 1; l < line && off < len; l++) {
		const char *nl = memchr(text + off, '\n', len - off);
		if (!nl)
			return len;
		off = (size_t)(nl - text) + 1;
	}
	return off;
}

/* The `rules` table: the rules in force. */
static cz_rc store_rules(cz_db *db, const cz_ruleset *rs, cz_err *err)
{
	cz_stmt *s;
	cz_rc rc = cz_db_exec(db, "DELETE FROM rules", err);

	if (!rc)
		rc = cz_db_prepare(db, "INSERT INTO rules(id, version, signal, polarity, weight, "
				   "level, scope, status, message, path, enabled) "
				   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)", &s, err);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < rs->n; i++) {
		const cz_rule *r = rs->rules[i];
		rc = cz_stmt_bind_text(s, 1, r->id, err);
		if (!rc)
			rc = cz_stmt_bind_int(s, 2, r->version, err);
		if (!rc)
			rc = cz_stmt_bind_text(s, 3, r->signal, err);
		if (!rc)
			rc = cz_stmt_bind_text(s, 4, cz_polarity_name(r->polarity), err);
		if (!rc)
			rc = cz_stmt_bind_double(s, 5, r->weight, err);
		if (!rc)
			rc = cz_stmt_bind_text(s, 6, r->level, err);
		if (!rc)
			rc = cz_stmt_bind_text(s, 7, cz_scope_name(r->scope), err);
		if (!rc)
			rc = cz_stmt_bind_text(s, 8, r->status, err);
		if (!rc)
			rc = r->message ? cz_stmt_bind_text(s, 9, r->message, err)
					: cz_stmt_bind_null(s, 9, err);
		if (!rc)
			rc = cz_stmt_bind_text(s, 10, r->path, err);
		if (!rc)
			rc = cz_stmt_bind_int(s, 11, r->enabled, err);
		if (!rc)
			rc = cz_stmt_run(s, err);
	}
	cz_stmt_finalize(s);
	return rc;
}

/*
 * The rescan: every stored note, in id order, through the pipeline
 * (pipeline.h). Workers read a note's text (file or kept text) on their
 * own read-only connection (the write transaction on the evidence's
 * connection only changed `signals` and `rules`, so the committed texts
 * they see are the current ones) and compute its rows; this thread stores
 * them in order. With one job, or a database that cannot be opened twice
 * (in memory), everything runs here on the evidence's connection.
 */
typedef struct rs_item {
	int64_t id, body_line, size;
	char *path;
	char hash[CZ_HASH_HEX];
} rs_item;

typedef struct rs_slot {
	cz_evrows *rows;
	bool skip;
} rs_slot;

typedef struct rescan {
	cz_evidence *ev;
	rs_item *items;
	size_t n, cap;
	rs_slot *slots;
	size_t window;
	bool own_conn;   /* workers open their own connection */
} rescan;

typedef struct rs_worker {
	cz_db *db;       /* own connection, or the evidence's */
	cz_stmt *get;
	cz_evworker *w;
	cz_buf disk;
} rs_worker;

static void rs_worker_free(void *ctx, void *state)
{
	rescan *r = ctx;
	rs_worker *w = state;

	if (!w)
		return;
	cz_stmt_finalize(w->get);
	if (r->own_conn)
		cz_db_close(w->db);
	cz_evworker_free(w->w);
	cz_buf_release(&w->disk);
	free(w);
}

static cz_rc rs_worker_new(void *ctx, void **out, cz_err *err)
{
	rescan *r = ctx;
	rs_worker *w = calloc(1, sizeof(*w));
	cz_rc rc = CZ_OK;

	*out = NULL;
	if (!w)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	cz_buf_init(&w->disk, 0);
	w->db = cz_evidence_db(r->ev);
	if (r->own_conn) {
		w->db = NULL;
		rc = cz_db_open(&w->db, cz_db_path(cz_evidence_db(r->ev)), CZ_DB_READONLY, 0600, err);
	}
	if (!rc)
		rc = cz_db_prepare(w->db, "SELECT body FROM note_bodies WHERE note_id = ?1", &w->get,
				   err);
	if (!rc)
		rc = cz_evworker_new(&w->w, r->ev, err);
	if (rc) {
		rs_worker_free(r, w);
		return rc;
	}
	*out = w;
	return CZ_OK;
}

static cz_rc rs_prepare(void *ctx, void *state, size_t i, cz_err *err)
{
	rescan *r = ctx;
	rs_worker *w = state;
	const rs_item *it = &r->items[i];
	rs_slot *s = &r->slots[i % r->window];
	const char *body = NULL;
	size_t len = 0;
	bool row = false;
	cz_err e;
	cz_rc rc = cz_stmt_bind_int(w->get, 1, it->id, err);

	s->rows = NULL;
	s->skip = true;
	if (!rc)
		rc = cz_stmt_step(w->get, &row, err);
	if (rc) {
		cz_stmt_reset(w->get);
		return rc;
	}
	if (row) {
		body = cz_stmt_text(w->get, 0);
		len = cz_stmt_bytes(w->get, 0);
	}
	/* Issue 8: no stored body (--redact): read the file again. */
	if (!body && !cz_privacy_reread(it->path, it->size, it->hash, &w->disk, &e)) {
		body = w->disk.data;
		len = w->disk.len;
	}
	if (body) {
		rc = cz_evworker_note(w->w, body, len, line_offset(body, len, it->body_line),
				      &s->rows, err);
		/* A stored body that is not UTF-8 cannot come from ingest. */
		if (rc == CZ_EDATA)
			rc = CZ_OK;
		else if (!rc)
			s->skip = false;
	}
	cz_stmt_reset(w->get);
	return rc;
}

static cz_rc rs_finish(void *ctx, size_t i, cz_err *err)
{
	rescan *r = ctx;
	rs_slot *s = &r->slots[i % r->window];
	cz_rc rc = CZ_OK;

	if (s->skip)
		cz_evidence_count_skipped(r->ev);
	else
		rc = cz_evidence_store(r->ev, r->items[i].id, s->rows, err);
	cz_evrows_free(s->rows);
	s->rows = NULL;
	return rc;
}

static cz_rc list_notes(rescan *r, cz_err *err)
{
	cz_stmt *s;
	bool row;
	cz_rc rc = cz_db_prepare(cz_evidence_db(r->ev), "SELECT id, body_line, path, size, hash "
				 "FROM notes ORDER BY id", &s, err);

	while (!rc && !(rc = cz_stmt_step(s, &row, err)) && row) {
		rs_item *it;
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 256;
			rs_item *v = realloc(r->items, cap * sizeof(*v));
			if (!v) {
				rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
				break;
			}
			r->items = v;
			r->cap = cap;
		}
		it = &r->items[r->n];
		it->id = cz_stmt_int(s, 0);
		it->body_line = cz_stmt_int(s, 1);
		it->size = cz_stmt_int(s, 3);
		snprintf(it->hash, sizeof(it->hash), "%s", cz_stmt_text(s, 4));
		it->path = strdup(cz_stmt_text(s, 2));
		if (!it->path)
			rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
		else
			r->n++;
	}
	cz_stmt_finalize(s);
	return rc;
}

cz_rc cz_evidence_sync(cz_evidence *ev, bool force, unsigned jobs, bool *rescanned,
		       cz_err *err)
{
	cz_db *db = cz_evidence_db(ev);
	const cz_ruleset *rs = cz_evidence_ruleset(ev);
	char *old = NULL;
	rescan r;
	cz_pipeline_ops ops = { NULL, rs_worker_new, rs_worker_free, rs_prepare, rs_finish,
				NULL };
	cz_pipeline_opts po;
	cz_rc rc;

	memset(&r, 0, sizeof(r));
	if (rescanned)
		*rescanned = false;
	rc = cz_store_meta_get(db, "ruleset_hash", &old, err);
	if (rc || (!force && old && !strcmp(old, rs->hash)))
		goto out;
	r.ev = ev;
	ops.ctx = &r;
	r.own_conn = jobs > 1 && strcmp(cz_db_path(db), ":memory:") != 0;
	po.jobs = r.own_conn ? jobs : 1;
	po.window = r.window = cz_pipeline_window(po.jobs);
	po.max_bytes = 0;
	r.slots = calloc(r.window, sizeof(*r.slots));
	if (!r.slots) {
		rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
		goto out;
	}
	rc = cz_db_begin(db, err);
	if (rc)
		goto out;
	rc = cz_db_exec(db, "DELETE FROM signals", err);
	if (!rc)
		rc = store_rules(db, rs, err);
	if (!rc)
		rc = list_notes(&r, err);
	if (!rc)
		rc = cz_pipeline_run(r.n, &po, &ops, err);
	if (!rc)
		rc = cz_store_meta_set(db, "ruleset_hash", rs->hash, err);
	if (!rc)
		rc = cz_db_commit(db, err);
	if (rc)
		cz_db_rollback(db);
	else if (rescanned)
		*rescanned = true;
out:
	for (size_t i = 0; r.slots && i < r.window; i++)
		cz_evrows_free(r.slots[i].rows);
	free(r.slots);
	for (size_t i = 0; i < r.n; i++)
		free(r.items[i].path);
	free(r.items);
	free(old);
	return rc;
}

cz_rc cz_evidence_mark_run(cz_evidence *ev, int64_t run_id, cz_err *err)
{
	cz_stmt *s;
	cz_rc rc = cz_db_prepare(cz_evidence_db(ev), "UPDATE runs SET ruleset_hash = ?1 "
				 "WHERE id = ?2", &s, err);

	if (rc)
		return rc;
	rc = cz_stmt_bind_text(s, 1, cz_evidence_ruleset(ev)->hash, err);
	if (!rc)
		rc = cz_stmt_bind_int(s, 2, run_id, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_finalize(s);
	return rc;
}

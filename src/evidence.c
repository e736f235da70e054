/*
 * evidence.c - rule hits into `signals`, and re-evaluation when the rules
 * change (see evidence.h).
 *
 * One prepared INSERT serves every hit of a run. Named groups are stored
 * as a JSON object {"name": "text"} built with jansson. A stored note is
 * re-evaluated from notes.body; its front matter is skipped by starting at
 * notes.body_line, so stored and freshly ingested notes give the same
 * evidence.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "coalesce/evidence.h"
#include "coalesce/privacy.h"
#include "coalesce/store.h"

struct cz_evidence {
	cz_db *db;
	const cz_ruleset *rs;
	cz_matcher *m;
	cz_stmt *ins, *del;
	int64_t note_id;
	cz_evidence_counts counts;
	bool redact; /* issue 8: no excerpt, speaker or groups stored */
};

cz_rc cz_evidence_open(cz_evidence **out, cz_db *db, const cz_ruleset *rs,
		       const cz_match_limits *lim, cz_err *err)
{
	cz_evidence *ev = calloc(1, sizeof(*ev));
	cz_rc rc;

	if (!ev)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	ev->db = db;
	ev->rs = rs;
	rc = cz_matcher_new(&ev->m, rs, lim, err);
	if (!rc) {
		cz_privacy pv;
		rc = cz_privacy_load(&pv, db, err);
		ev->redact = pv.redact;
	}
	if (!rc)
		rc = cz_db_prepare(db, "INSERT INTO signals(note_id, rule_id, rule_version, signal, "
				   "polarity, weight, status, line, col, excerpt, speaker, groups) "
				   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)", &ev->ins, err);
	if (!rc)
		rc = cz_db_prepare(db, "DELETE FROM signals WHERE note_id = ?1", &ev->del, err);
	if (rc) {
		cz_evidence_close(ev);
		return rc;
	}
	*out = ev;
	return CZ_OK;
}

void cz_evidence_close(cz_evidence *ev)
{
	if (!ev)
		return;
	cz_stmt_finalize(ev->ins);
	cz_stmt_finalize(ev->del);
	cz_matcher_free(ev->m);
	free(ev);
}

const cz_evidence_counts *cz_evidence_stats(const cz_evidence *ev)
{
	return &ev->counts;
}

cz_rc cz_evidence_use_prefilter(cz_evidence *ev, const cz_prefilter *pf, cz_err *err)
{
	return cz_matcher_use_prefilter(ev->m, pf, err);
}

const cz_matcher *cz_evidence_matcher(const cz_evidence *ev)
{
	return ev->m;
}

/* {"name": "captured text"}; NULL when the hit has no named groups. */
static char *groups_json(const cz_seg *seg, const cz_hit *h, cz_err *err, cz_rc *rc)
{
	json_t *o;
	char *s;

	*rc = CZ_OK;
	if (!h->n_groups)
		return NULL;
	o = json_object();
	if (!o)
		goto nomem;
	for (size_t i = 0; i < h->n_groups; i++) {
		const cz_hit_group *g = &h->groups[i];
		json_t *v = json_stringn(seg->text + g->start, g->end - g->start);
		if (!v || json_object_set_new(o, g->name, v)) {
			json_decref(o);
			goto nomem;
		}
	}
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (s)
		return s;
nomem:
	*rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
	return NULL;
}

static cz_rc store_hit(void *ctx, const cz_seg *seg, const cz_hit *h, cz_err *err)
{
	cz_evidence *ev = ctx;
	const cz_rule *r = h->rule;
	char excerpt[CZ_EXCERPT_MAX + 8];
	char *groups;
	cz_rc rc;

	groups = groups_json(seg, h, err, &rc);
	if (rc)
		return rc;
	cz_hit_excerpt(seg->text, h, excerpt, CZ_EXCERPT_MAX);
	rc = cz_stmt_bind_int(ev->ins, 1, ev->note_id, err);
	if (!rc)
		rc = cz_stmt_bind_text(ev->ins, 2, r->id, err);
	if (!rc)
		rc = cz_stmt_bind_int(ev->ins, 3, r->version, err);
	if (!rc)
		rc = cz_stmt_bind_text(ev->ins, 4, r->signal, err);
	if (!rc)
		rc = cz_stmt_bind_text(ev->ins, 5, cz_polarity_name(r->polarity), err);
	if (!rc)
		rc = cz_stmt_bind_double(ev->ins, 6, r->weight, err);
	if (!rc)
		rc = cz_stmt_bind_text(ev->ins, 7, cz_hit_status_name(h->status), err);
	if (!rc)
		rc = cz_stmt_bind_int(ev->ins, 8, (int64_t)h->line, err);
	if (!rc)
		rc = cz_stmt_bind_int(ev->ins, 9, (int64_t)h->col, err);
	if (!rc && ev->redact)
		rc = cz_stmt_bind_null(ev->ins, 10, err);
	else if (!rc)
		rc = cz_stmt_bind_text(ev->ins, 10, excerpt, err);
	if (!rc)
		rc = h->speaker_len && !ev->redact
			? cz_stmt_bind_textn(ev->ins, 11, seg->text + h->speaker, h->speaker_len,
					     err)
			: cz_stmt_bind_null(ev->ins, 11, err);
	if (!rc)
		rc = groups && !ev->redact ? cz_stmt_bind_text(ev->ins, 12, groups, err)
					   : cz_stmt_bind_null(ev->ins, 12, err);
	if (!rc)
		rc = cz_stmt_run(ev->ins, err);
	cz_stmt_reset(ev->ins);
	free(groups);
	if (!rc)
		ev->counts.by_status[h->status]++;
	return rc;
}

cz_rc cz_evidence_note(cz_evidence *ev, int64_t note_id, const char *text, size_t len,
		       size_t body, cz_err *err)
{
	cz_rc rc = cz_stmt_bind_int(ev->del, 1, note_id, err);

	if (!rc)
		rc = cz_stmt_run(ev->del, err);
	if (rc)
		return rc;
	ev->note_id = note_id;
	ev->counts.notes++;
	return cz_matcher_note(ev->m, text, len, body, NULL, store_hit, ev, err);
}

cz_rc cz_evidence_analyze(void *ctx, cz_db *db, int64_t note_id, const char *text,
			  size_t len, const cz_note *note, cz_err *err)
{
	(void)db;
	return cz_evidence_note(ctx, note_id, text, len, note->body_offset, err);
}

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

static cz_rc store_rules(cz_evidence *ev, cz_err *err)
{
	cz_stmt *s;
	cz_rc rc = cz_db_exec(ev->db, "DELETE FROM rules", err);

	if (!rc)
		rc = cz_db_prepare(ev->db, "INSERT INTO rules(id, version, signal, polarity, weight, "
				   "level, scope, status, message, path, enabled) "
				   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)", &s, err);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < ev->rs->n; i++) {
		const cz_rule *r = ev->rs->rules[i];
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

cz_rc cz_evidence_sync(cz_evidence *ev, bool force, bool *rescanned, cz_err *err)
{
	char *old = NULL;
	cz_stmt *notes = NULL;
	cz_buf disk = CZ_BUF_INIT;
	bool row;
	cz_rc rc;

	if (rescanned)
		*rescanned = false;
	rc = cz_store_meta_get(ev->db, "ruleset_hash", &old, err);
	if (rc || (!force && old && !strcmp(old, ev->rs->hash)))
		goto out;
	rc = cz_db_begin(ev->db, err);
	if (rc)
		goto out;
	rc = cz_db_exec(ev->db, "DELETE FROM signals", err);
	if (!rc)
		rc = store_rules(ev, err);
	if (!rc)
		rc = cz_db_prepare(ev->db, "SELECT id, body, body_line, path, size, hash FROM notes "
				   "ORDER BY id", &notes, err);
	while (!rc && !(rc = cz_stmt_step(notes, &row, err)) && row) {
		const char *body = cz_stmt_text(notes, 1);
		size_t len = cz_stmt_bytes(notes, 1);
		cz_err e;
		/* Issue 8: no stored body (--redact): read the file again. */
		if (!body && !cz_privacy_reread(cz_stmt_text(notes, 3), cz_stmt_int(notes, 4),
						cz_stmt_text(notes, 5), &disk, &e)) {
			body = disk.data;
			len = disk.len;
		}
		if (!body) {
			ev->counts.skipped++;
			continue;
		}
		rc = cz_evidence_note(ev, cz_stmt_int(notes, 0), body, len,
				      line_offset(body, len, cz_stmt_int(notes, 2)), err);
		if (rc == CZ_EDATA) {
			/* A stored body that is not UTF-8 cannot come from ingest. */
			ev->counts.skipped++;
			rc = CZ_OK;
		}
	}
	cz_stmt_finalize(notes);
	cz_buf_release(&disk);
	if (!rc)
		rc = cz_store_meta_set(ev->db, "ruleset_hash", ev->rs->hash, err);
	if (!rc)
		rc = cz_db_commit(ev->db, err);
	if (rc)
		cz_db_rollback(ev->db);
	else if (rescanned)
		*rescanned = true;
out:
	free(old);
	return rc;
}

cz_rc cz_evidence_mark_run(cz_evidence *ev, int64_t run_id, cz_err *err)
{
	cz_stmt *s;
	cz_rc rc = cz_db_prepare(ev->db, "UPDATE runs SET ruleset_hash = ?1 WHERE id = ?2", &s,
				 err);

	if (rc)
		return rc;
	rc = cz_stmt_bind_text(s, 1, ev->rs->hash, err);
	if (!rc)
		rc = cz_stmt_bind_int(s, 2, run_id, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_finalize(s);
	return rc;
}

/*
 * evidence.c - rule hits into `signals`, and re-evaluation when the rules
 * change (see evidence.h).
 *
 * Two halves: a cz_evworker (one per thread) runs its own matcher and
 * collects a note's hits as rows whose texts (excerpt, speaker, named
 * groups as JSON built with jansson) live in one buffer, so a note's
 * evidence is a couple of allocations; cz_evidence_store() deletes the
 * note's old rows and inserts the new ones with one prepared INSERT.
 * Limits are counted by the storing thread, in store order, and published
 * to the workers through one atomic flag per rule.
 *
 * Re-evaluating stored notes when the rules change is rescan.c's, through
 * the same worker and store halves.
 */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "coalesce/evidence.h"
#include "coalesce/privacy.h"

/* Per rule, on the storing thread: notes where it hit a limit. */
typedef struct limit_state {
	size_t notes;
} limit_state;

struct cz_evidence {
	cz_db *db;
	const cz_ruleset *rs;
	cz_match_limits lim;     /* as given; workers never disable on their own */
	cz_stmt *ins, *ins_batch, *del; /* ins_batch: INS_BATCH rows at a time */
	cz_evidence_counts counts;
	bool redact; /* issue 8: no excerpt, speaker or groups stored */
	limit_state *limits;     /* per rule */
	atomic_bool *disabled;   /* per rule: set by the storing thread */
	cz_evworker *own;        /* for cz_evidence_note() */
	/* The prefilter: borrowed (use_prefilter) or built on first need. */
	pthread_mutex_t pf_mu;
	const cz_prefilter *pf;
	cz_prefilter *pf_owned;
	bool pf_lazy;            /* build on first need */
	cz_engine engine;
	const char *cache_dir;   /* prefilter cache (borrowed), or NULL */
	unsigned pf_gen;         /* bumped when pf changes */
};

struct cz_evworker {
	cz_evidence *ev;
	cz_matcher *m;
	unsigned pf_gen;         /* the prefilter generation m uses */
	cz_evrows *rows;         /* being filled by collect() */
};

/* One hit; its texts live in the rows' string buffer. */
typedef struct evrow {
	const cz_rule *rule;
	cz_hit_status status;
	size_t line, col;
	size_t excerpt, speaker, groups; /* offsets in str, or NONE */
	size_t excerpt_len, speaker_len, groups_len;
} evrow;

#define NONE ((size_t)-1)

struct cz_evrows {
	evrow *v;
	size_t n, cap;
	cz_buf str;
};

/*
 * The INSERTs of evidence rows: one row, and INS_BATCH rows in one
 * statement (a statement's setup and halt cost about a fifth of a row, and
 * a note has a dozen rows on average). Parameters run 1..12 per row.
 *
 * OR FAIL, not the default ABORT: an ABORT statement that writes several
 * rows must be able to undo itself alone, so SQLite keeps a statement
 * journal of every page it touches, and with 16 KiB pages that journal
 * spills to a temporary file (1.19 GB written to /var/tmp for a 100 MB
 * archive). A failed row stops the run and its transaction is rolled back
 * whole, so the statement-level undo bought nothing.
 */
#define INS_BATCH 8
#define INS_COLS 12

static cz_rc prepare_inserts(cz_evidence *ev, cz_err *err)
{
	static const char head[] = "INSERT OR FAIL INTO signals(note_id, rule_id, rule_version, signal, "
				   "polarity, weight, status, line, col, excerpt, speaker, groups) "
				   "VALUES ";
	static const char tuple[] = "(?,?,?,?,?,?,?,?,?,?,?,?)";
	char sql[sizeof(head) + INS_BATCH * sizeof(tuple)];
	size_t n = sizeof(head) - 1;
	cz_rc rc;

	memcpy(sql, head, n);
	memcpy(sql + n, tuple, sizeof(tuple)); /* with its NUL */
	rc = cz_db_prepare(ev->db, sql, &ev->ins, err);
	for (size_t j = 0; j < INS_BATCH; j++) {
		if (j)
			sql[n++] = ',';
		memcpy(sql + n, tuple, sizeof(tuple) - 1);
		n += sizeof(tuple) - 1;
	}
	sql[n] = '\0';
	if (!rc)
		rc = cz_db_prepare(ev->db, sql, &ev->ins_batch, err);
	return rc;
}

cz_rc cz_evidence_open(cz_evidence **out, cz_db *db, const cz_ruleset *rs,
		       const cz_match_limits *lim, cz_err *err)
{
	cz_evidence *ev = calloc(1, sizeof(*ev));
	cz_rc rc = CZ_OK;

	if (!ev)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	ev->db = db;
	ev->rs = rs;
	if (lim)
		ev->lim = *lim;
	if (!ev->lim.disable_after)
		ev->lim.disable_after = CZ_DISABLE_AFTER_DEFAULT;
	pthread_mutex_init(&ev->pf_mu, NULL);
	ev->limits = calloc(rs->n + 1, sizeof(*ev->limits));
	ev->disabled = calloc(rs->n + 1, sizeof(*ev->disabled));
	if (!ev->limits || !ev->disabled)
		rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < rs->n; i++)
		atomic_init(&ev->disabled[i], false);
	if (!rc) {
		cz_privacy pv;
		rc = cz_privacy_load(&pv, db, err);
		ev->redact = pv.redact;
	}
	if (!rc)
		rc = prepare_inserts(ev, err);
	if (!rc)
		rc = cz_db_prepare(db, "DELETE FROM signals WHERE note_id = ?1", &ev->del, err);
	if (!rc)
		rc = cz_evworker_new(&ev->own, ev, err);
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
	cz_evworker_free(ev->own);
	cz_stmt_finalize(ev->ins);
	cz_stmt_finalize(ev->ins_batch);
	cz_stmt_finalize(ev->del);
	cz_prefilter_free(ev->pf_owned);
	pthread_mutex_destroy(&ev->pf_mu);
	free(ev->limits);
	free(ev->disabled);
	free(ev);
}

const cz_evidence_counts *cz_evidence_stats(const cz_evidence *ev)
{
	return &ev->counts;
}

size_t cz_evidence_limits(const cz_evidence *ev, size_t i, bool *disabled)
{
	*disabled = i < ev->rs->n && atomic_load(&ev->disabled[i]);
	return i < ev->rs->n ? ev->limits[i].notes : 0;
}

cz_rc cz_evidence_use_prefilter(cz_evidence *ev, const cz_prefilter *pf, cz_err *err)
{
	(void)err;
	pthread_mutex_lock(&ev->pf_mu);
	ev->pf = pf;
	ev->pf_lazy = false;
	ev->pf_gen++;
	pthread_mutex_unlock(&ev->pf_mu);
	return CZ_OK;
}

void cz_evidence_set_engine(cz_evidence *ev, cz_engine engine, const char *cache_dir)
{
	pthread_mutex_lock(&ev->pf_mu);
	ev->engine = engine;
	ev->cache_dir = cache_dir;
	ev->pf_lazy = true;
	pthread_mutex_unlock(&ev->pf_mu);
}

/* The prefilter to use now, compiling it on first need; *gen its generation. */
static cz_rc current_prefilter(cz_evidence *ev, const cz_prefilter **pf, unsigned *gen,
			       cz_err *err)
{
	cz_rc rc = CZ_OK;

	pthread_mutex_lock(&ev->pf_mu);
	if (ev->pf_lazy) {
		ev->pf_lazy = false;
		rc = cz_prefilter_build(&ev->pf_owned, ev->rs, ev->engine, ev->cache_dir, err);
		ev->pf = ev->pf_owned;
		ev->pf_gen++;
	}
	*pf = ev->pf;
	*gen = ev->pf_gen;
	pthread_mutex_unlock(&ev->pf_mu);
	return rc;
}

cz_rc cz_evidence_prepare(cz_evidence *ev, cz_err *err)
{
	const cz_prefilter *pf;
	unsigned gen;

	return current_prefilter(ev, &pf, &gen, err);
}

cz_rc cz_evworker_new(cz_evworker **out, cz_evidence *ev, cz_err *err)
{
	cz_evworker *w = calloc(1, sizeof(*w));
	cz_match_limits lim = ev->lim;
	cz_rc rc;

	if (!w)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	w->ev = ev;
	/* The storing thread decides when a rule is disabled (in note order). */
	lim.disable_after = UINT_MAX;
	rc = cz_matcher_new(&w->m, ev->rs, &lim, err);
	if (rc) {
		free(w);
		return rc;
	}
	*out = w;
	return CZ_OK;
}

void cz_evworker_free(cz_evworker *w)
{
	if (!w)
		return;
	cz_matcher_free(w->m);
	cz_evrows_free(w->rows);
	free(w);
}

void cz_evrows_free(cz_evrows *rows)
{
	if (!rows)
		return;
	free(rows->v);
	cz_buf_release(&rows->str);
	free(rows);
}

size_t cz_evrows_count(const cz_evrows *rows)
{
	return rows ? rows->n : 0;
}

/* Append n bytes and a NUL to the rows' strings; *off gets their offset. */
static cz_rc add_str(cz_evrows *rows, const char *s, size_t n, size_t *off, cz_err *err)
{
	cz_rc rc;

	*off = rows->str.len;
	rc = cz_buf_add(&rows->str, s, n, err);
	return rc ? rc : cz_buf_addc(&rows->str, '\0', err);
}

/* {"name": "captured text"} appended to the rows' strings. */
static cz_rc add_groups(cz_evrows *rows, const cz_seg *seg, const cz_hit *h, size_t *off,
			size_t *len, cz_err *err)
{
	json_t *o = json_object();
	char *s;
	cz_rc rc;

	if (!o)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < h->n_groups; i++) {
		const cz_hit_group *g = &h->groups[i];
		json_t *v = json_stringn(seg->text + g->start, g->end - g->start);
		if (!v || json_object_set_new(o, g->name, v)) {
			json_decref(o);
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		}
	}
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!s)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	*len = strlen(s);
	rc = add_str(rows, s, *len, off, err);
	free(s);
	return rc;
}

/* cz_hit_fn: one hit into the worker's rows. */
static cz_rc collect(void *ctx, const cz_seg *seg, const cz_hit *h, cz_err *err)
{
	cz_evworker *w = ctx;
	cz_evrows *rows = w->rows;
	bool redact = w->ev->redact;
	evrow *r;
	cz_rc rc = CZ_OK;

	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 16;
		evrow *v = realloc(rows->v, cap * sizeof(*v));
		if (!v)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		rows->v = v;
		rows->cap = cap;
	}
	r = &rows->v[rows->n];
	r->rule = h->rule;
	r->status = h->status;
	r->line = h->line;
	r->col = h->col;
	r->excerpt = r->speaker = r->groups = NONE;
	r->excerpt_len = r->speaker_len = r->groups_len = 0;
	if (!redact) {
		char excerpt[CZ_EXCERPT_MAX + 8];
		cz_hit_excerpt(seg->text, h, excerpt, CZ_EXCERPT_MAX);
		r->excerpt_len = strlen(excerpt);
		rc = add_str(rows, excerpt, r->excerpt_len, &r->excerpt, err);
		if (!rc && h->speaker_len) {
			r->speaker_len = h->speaker_len;
			rc = add_str(rows, seg->text + h->speaker, h->speaker_len, &r->speaker, err);
		}
		if (!rc && h->n_groups)
			rc = add_groups(rows, seg, h, &r->groups, &r->groups_len, err);
	}
	if (!rc)
		rows->n++;
	return rc;
}

cz_rc cz_evworker_note(cz_evworker *w, const char *text, size_t len, size_t body,
		       cz_evrows **out, cz_err *err)
{
	cz_evidence *ev = w->ev;
	const cz_prefilter *pf = NULL;
	unsigned gen = 0;
	cz_rc rc = CZ_OK;

	*out = NULL;
	w->rows = calloc(1, sizeof(*w->rows));
	if (!w->rows)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	cz_buf_init(&w->rows->str, 0);
	/* No rules: nothing to segment or search. */
	if (ev->rs->n == 0) {
		*out = w->rows;
		w->rows = NULL;
		return CZ_OK;
	}
	rc = current_prefilter(ev, &pf, &gen, err);
	if (!rc && gen != w->pf_gen) {
		rc = cz_matcher_use_prefilter(w->m, pf, err);
		w->pf_gen = gen;
	}
	/* Rules disabled by notes stored before this one. */
	for (size_t i = 0; !rc && i < ev->rs->n; i++)
		if (atomic_load_explicit(&ev->disabled[i], memory_order_relaxed))
			cz_matcher_disable(w->m, i);
	if (!rc)
		rc = cz_matcher_note(w->m, text, len, body, NULL, collect, w, err);
	if (rc) {
		cz_evrows_free(w->rows);
		w->rows = NULL;
		return rc;
	}
	*out = w->rows;
	w->rows = NULL;
	return CZ_OK;
}

/* Index of rule r in the rule set (rare: limit rows, disabled rules). */
static size_t rule_index(const cz_ruleset *rs, const cz_rule *r)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->rules[i] == r)
			return i;
	return rs->n;
}

/* Bind one row's values to parameters base+1..base+INS_COLS of s; every
 * text is bound in place: the rule set and the rows outlive the run. */
static cz_rc bind_row(cz_stmt *s, int base, int64_t note_id, const cz_evrows *rows,
		      const evrow *row, cz_err *err)
{
	const cz_rule *r = row->rule;
	const char *str = rows->str.data;
	cz_rc rc = cz_stmt_bind_int(s, base + 1, note_id, err);

	if (!rc)
		rc = cz_stmt_bind_static(s, base + 2, r->id, CZ_NUL_TERMINATED, err);
	if (!rc)
		rc = cz_stmt_bind_int(s, base + 3, r->version, err);
	if (!rc)
		rc = cz_stmt_bind_static(s, base + 4, r->signal, CZ_NUL_TERMINATED, err);
	if (!rc)
		rc = cz_stmt_bind_static(s, base + 5, cz_polarity_name(r->polarity),
					 CZ_NUL_TERMINATED, err);
	if (!rc)
		rc = cz_stmt_bind_double(s, base + 6, r->weight, err);
	if (!rc)
		rc = cz_stmt_bind_static(s, base + 7, cz_hit_status_name(row->status),
					 CZ_NUL_TERMINATED, err);
	if (!rc)
		rc = cz_stmt_bind_int(s, base + 8, (int64_t)row->line, err);
	if (!rc)
		rc = cz_stmt_bind_int(s, base + 9, (int64_t)row->col, err);
	if (!rc)
		rc = cz_stmt_bind_static(s, base + 10,
					 row->excerpt == NONE ? NULL : str + row->excerpt,
					 row->excerpt_len, err);
	if (!rc)
		rc = cz_stmt_bind_static(s, base + 11,
					 row->speaker == NONE ? NULL : str + row->speaker,
					 row->speaker_len, err);
	if (!rc)
		rc = cz_stmt_bind_static(s, base + 12,
					 row->groups == NONE ? NULL : str + row->groups,
					 row->groups_len, err);
	return rc;
}

/* Insert the n rows kept[0..n) (n is 1 or INS_BATCH) in one statement. */
static cz_rc insert_rows(cz_evidence *ev, int64_t note_id, const cz_evrows *rows,
			 const evrow *const *kept, size_t n, cz_err *err)
{
	cz_stmt *s = n == 1 ? ev->ins : ev->ins_batch;
	cz_rc rc = CZ_OK;

	for (size_t j = 0; !rc && j < n; j++)
		rc = bind_row(s, (int)(j * INS_COLS), note_id, rows, kept[j], err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	for (size_t j = 0; !rc && j < n; j++)
		ev->counts.by_status[kept[j]->status]++;
	return rc;
}

/* Store rows as note_id's evidence; replace: delete its old rows first (a
 * note just inserted by ingest has none). */
static cz_rc store_rows(cz_evidence *ev, int64_t note_id, const cz_evrows *rows, bool replace,
			cz_err *err)
{
	const evrow *kept[INS_BATCH];
	size_t n_kept = 0;
	bool any_disabled = false;
	cz_rc rc = CZ_OK;

	if (replace) {
		rc = cz_stmt_bind_int(ev->del, 1, note_id, err);
		if (!rc)
			rc = cz_stmt_run(ev->del, err);
		if (rc)
			return rc;
	}
	ev->counts.notes++;
	for (size_t i = 0; i < ev->rs->n && !any_disabled; i++)
		any_disabled = atomic_load(&ev->disabled[i]);
	/* Rows of rules disabled before this note are dropped (a worker may
	 * have evaluated it before it learnt); limits found here count after.
	 * The others go in order, INS_BATCH at a time, then one by one. */
	for (size_t k = 0; !rc && rows && k < rows->n; k++) {
		const evrow *row = &rows->v[k];
		if (any_disabled && atomic_load(&ev->disabled[rule_index(ev->rs, row->rule)]))
			continue;
		kept[n_kept++] = row;
		if (n_kept == INS_BATCH) {
			rc = insert_rows(ev, note_id, rows, kept, n_kept, err);
			n_kept = 0;
		}
	}
	for (size_t j = 0; !rc && j < n_kept; j++)
		rc = insert_rows(ev, note_id, rows, kept + j, 1, err);
	for (size_t k = 0; !rc && rows && k < rows->n; k++) {
		size_t i;
		if (rows->v[k].status != CZ_HIT_LIMIT)
			continue;
		i = rule_index(ev->rs, rows->v[k].rule);
		if (i == ev->rs->n || atomic_load(&ev->disabled[i]))
			continue;
		if (++ev->limits[i].notes >= ev->lim.disable_after)
			atomic_store(&ev->disabled[i], true);
	}
	return rc;
}

cz_rc cz_evidence_store(cz_evidence *ev, int64_t note_id, const cz_evrows *rows, cz_err *err)
{
	return store_rows(ev, note_id, rows, true, err);
}

cz_rc cz_evidence_note(cz_evidence *ev, int64_t note_id, const char *text, size_t len,
		       size_t body, cz_err *err)
{
	cz_evrows *rows;
	cz_rc rc = cz_evworker_note(ev->own, text, len, body, &rows, err);

	if (!rc)
		rc = cz_evidence_store(ev, note_id, rows, err);
	cz_evrows_free(rows);
	return rc;
}

/* The ingest analyzer: workers compute rows, the writer stores them. */
static cz_rc an_worker_new(void *ctx, void **wstate, cz_err *err)
{
	cz_evworker *w = NULL;
	cz_rc rc = cz_evworker_new(&w, ctx, err);

	*wstate = rc ? NULL : w;
	return rc;
}

static void an_worker_free(void *wstate)
{
	cz_evworker_free(wstate);
}

static cz_rc an_compute(void *wstate, const char *text, size_t len, const cz_note *note,
			void **result, cz_err *err)
{
	cz_evrows *rows;
	cz_rc rc = cz_evworker_note(wstate, text, len, note->body_offset, &rows, err);

	*result = rc ? NULL : rows;
	return rc;
}

static cz_rc an_store(void *ctx, cz_db *db, int64_t note_id, const void *result, cz_err *err)
{
	(void)db;
	/* ingest stores a new or changed file as a new notes row: nothing to
	 * replace */
	return store_rows(ctx, note_id, result, false, err);
}

static void an_result_free(void *result)
{
	cz_evrows_free(result);
}

void cz_evidence_analyzer(cz_evidence *ev, cz_analyzer *out)
{
	out->ctx = ev;
	out->worker_new = an_worker_new;
	out->worker_free = an_worker_free;
	out->compute = an_compute;
	out->store = an_store;
	out->result_free = an_result_free;
}

cz_db *cz_evidence_db(const cz_evidence *ev)
{
	return ev->db;
}

const cz_ruleset *cz_evidence_ruleset(const cz_evidence *ev)
{
	return ev->rs;
}

void cz_evidence_count_skipped(cz_evidence *ev)
{
	ev->counts.skipped++;
}

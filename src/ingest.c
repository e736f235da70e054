/*
 * ingest.c - the ingest stage: collect inputs, then for each file
 * stat -> (skip if unchanged) -> read -> hash -> decode -> parse -> store,
 * files grouped into batch transactions (see ingest.h for the guarantees).
 *
 * The batch is opened lazily by the first write that needs it and closed
 * (committed) when a bound is reached, before anything that runs its own
 * transaction (CSV imports, prune, links) and at the end of the run.
 *
 * Inputs are collected first so progress can show a total and an ETA and
 * so that walking errors are reported in the same stream as file errors.
 * Then the database is asked once what it knows of every note (size,
 * mtime, hash), and the files go through the pipeline (pipeline.h):
 * `prepare` (any thread, no database: read -> hash -> decode -> parse ->
 * analyse) fills the item's slot with an outcome; `finish` (this thread,
 * in item order) stores it. CSV inputs need the database throughout, so
 * they are imported by `finish` itself.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "coalesce/calimport.h"
#include "coalesce/decode.h"
#include "coalesce/file.h"
#include "coalesce/hash.h"
#include "coalesce/ingest.h"
#include "coalesce/link.h"
#include "coalesce/pipeline.h"
#include "coalesce/walk.h"

typedef struct item {
	char *path;    /* absolute */
	char *relpath; /* relative to the root it was found under */
	struct stat st;
	cz_csv_kind csv; /* SNIFF for a .csv found or given; CALENDAR when forced */
	cz_stored_note prev; /* what the database knew of it when the run began */
} item;

/* What prepare() found out about an item, for finish() to act on. */
typedef enum item_outcome {
	O_CSV,       /* a CSV input: finish() imports it */
	O_TOUCH,     /* same content, new mtime */
	O_REJECT,    /* line, msg */
	O_BLANK,     /* empty or whitespace only */
	O_NOTE       /* text, note, analysis: to store */
} item_outcome;

typedef struct slot {
	item_outcome kind;
	size_t line;
	char msg[CZ_ERR_MSG_MAX + 96];
	char hash[CZ_HASH_HEX];
	cz_encoding enc;
	int64_t size;
	cz_buf text;       /* decoded; reused by the slot's next items */
	cz_note note;
	bool has_note;
	void *analysis;    /* the analyzer's result */
} slot;

/* A worker's reusable state. */
typedef struct wstate {
	cz_buf raw;
	void *an; /* the analyzer's per-worker state */
} wstate;

typedef struct run {
	cz_db *db;
	cz_store *store;
	const cz_config *cfg;
	const cz_ingest_opts *opts;
	const cz_ingest_hooks *hooks;
	cz_ingest_stats *stats;
	item *items;
	size_t n_items, cap_items;
	const char *root;      /* absolute root being walked */
	size_t *work, n_work;  /* the items the pipeline sees, in order */
	slot *slots;           /* the pipeline's ring */
	size_t window;
	cz_calimport *ci;
	cz_ingest_progress prog;
	cz_rc fatal;
	bool deleted;          /* a stored note was removed (its file went blank) */
	/* The open batch: files and bytes in it, when it began. */
	bool in_batch;
	size_t batch_files;
	uint64_t batch_bytes;
	double batch_t0;
} run;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Open the batch transaction unless one is open. */
static cz_rc batch_open(run *r, cz_err *err)
{
	cz_rc rc;

	if (r->in_batch)
		return CZ_OK;
	rc = cz_db_begin(r->db, err);
	if (rc)
		return rc;
	r->in_batch = true;
	r->batch_files = 0;
	r->batch_bytes = 0;
	r->batch_t0 = now_ms();
	return CZ_OK;
}

/* Commit the open batch, if any. On failure it is rolled back. */
static cz_rc batch_commit(run *r, cz_err *err)
{
	cz_rc rc;

	if (!r->in_batch)
		return CZ_OK;
	r->in_batch = false;
	rc = cz_db_commit(r->db, err);
	if (rc)
		cz_db_rollback(r->db);
	return rc;
}

/* Commit when the batch reached one of its bounds. */
static cz_rc batch_maybe_commit(run *r, cz_err *err)
{
	const cz_ingest_opts *o = r->opts;
	size_t max_files = o->batch_files ? o->batch_files : CZ_BATCH_FILES_DEFAULT;
	uint64_t max_bytes = o->batch_bytes ? o->batch_bytes : CZ_BATCH_BYTES_DEFAULT;
	unsigned max_ms = o->batch_ms ? o->batch_ms : CZ_BATCH_MS_DEFAULT;

	if (!r->in_batch)
		return CZ_OK;
	if (r->batch_files >= max_files || r->batch_bytes >= max_bytes ||
	    now_ms() - r->batch_t0 >= (double)max_ms)
		return batch_commit(r, err);
	return CZ_OK;
}

bool cz_is_note_name(const char *name)
{
	static const char *const ext[] = { ".md", ".markdown", ".txt" };
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name)
		return false;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (!strcasecmp(dot, ext[i]))
			return true;
	return false;
}

/* Report and record a rejected input. Failure to record is fatal. */
static void reject(run *r, const char *path, size_t line, const char *reason)
{
	cz_err err;

	r->stats->counts.rejected++;
	if (r->hooks && r->hooks->on_reject)
		r->hooks->on_reject(r->hooks->ctx, path, line, reason);
	if (!r->fatal && cz_store_rejection(r->store, r->stats->run_id, path, (int64_t)line,
					    reason, &err))
		r->fatal = err.code;
}

/* "LINE: reason" (the note parser's form) -> *line and the reason; a
 * message without a line gives 0 and itself. */
static const char *split_line(const char *msg, size_t *line)
{
	const char *p = msg;
	size_t n = 0;

	while (isdigit((unsigned char)*p))
		n = n * 10 + (size_t)(*p++ - '0');
	if (p != msg && p[0] == ':' && p[1] == ' ') {
		*line = n;
		return p + 2;
	}
	*line = 0;
	return msg;
}

static cz_rc add_item(run *r, const char *path, const char *relpath,
		      const struct stat *st, cz_err *err)
{
	item *it;

	if (r->n_items == r->cap_items) {
		size_t cap = r->cap_items ? r->cap_items * 2 : 256;
		item *p = realloc(r->items, cap * sizeof(*p));
		if (!p)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		r->items = p;
		r->cap_items = cap;
	}
	it = &r->items[r->n_items];
	it->path = cz_strdup(path, err);
	it->relpath = it->path ? cz_strdup(relpath, err) : NULL;
	if (!it->relpath) {
		free(it->path);
		return CZ_ENOMEM;
	}
	it->st = *st;
	it->csv = CZ_CSV_SNIFF;
	memset(&it->prev, 0, sizeof(it->prev)); /* CSV items are never looked up */
	r->n_items++;
	return CZ_OK;
}

static cz_rc on_walk_file(void *ctx, const char *path, const struct stat *st, cz_err *err)
{
	run *r = ctx;
	size_t rootlen = strlen(r->root);

	if (!cz_is_note_name(cz_path_basename(path)) && !cz_is_csv_name(cz_path_basename(path)))
		return CZ_OK;
	return add_item(r, path, path + rootlen + (path[rootlen] == '/'), st, err);
}

static void on_walk_error(void *ctx, const char *path, const char *reason)
{
	run *r = ctx;

	r->stats->counts.seen++;
	reject(r, path, 0, reason);
}

static cz_rc collect(run *r, const char *arg, cz_err *err)
{
	struct stat st;
	char *abs;
	cz_rc rc = CZ_OK;

	if (stat(arg, &st) != 0) {
		int e = errno;
		r->stats->missing_inputs++;
		reject(r, arg, 0, e == ENOENT ? "no such file or directory" : strerror(e));
		return CZ_OK;
	}
	abs = cz_path_absolute(arg, err);
	if (!abs)
		return err->code;
	if (S_ISDIR(st.st_mode)) {
		r->root = abs;
		rc = cz_walk(abs, on_walk_file, on_walk_error, r, err);
		r->root = NULL;
	} else if (!S_ISREG(st.st_mode)) {
		r->stats->counts.seen++;
		reject(r, abs, 0, "not a regular file");
	} else if (!cz_is_note_name(arg) && !cz_is_csv_name(arg)) {
		r->stats->counts.seen++;
		reject(r, abs, 0, "not a note or calendar: expected .md, .markdown, .txt or .csv");
	} else {
		const char *rel = arg;
		while (rel[0] == '.' && rel[1] == '/')
			rel += 2;
		rc = add_item(r, abs, rel, &st, err);
	}
	free(abs);
	return rc;
}

/* --calendar FILE: imported as a calendar whatever its name. */
static cz_rc collect_forced(run *r, const char *arg, cz_err *err)
{
	struct stat st;
	char *abs;
	cz_rc rc;

	if (stat(arg, &st) != 0 || !S_ISREG(st.st_mode)) {
		r->stats->missing_inputs++;
		reject(r, arg, 0, "calendar file not found");
		return CZ_OK;
	}
	abs = cz_path_absolute(arg, err);
	if (!abs)
		return err->code;
	rc = add_item(r, abs, arg, &st, err);
	if (!rc)
		r->items[r->n_items - 1].csv = CZ_CSV_CALENDAR;
	free(abs);
	return rc;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static const char *encoding_name(cz_encoding enc)
{
	switch (enc) {
	case CZ_ENC_UTF8: return "utf-8";
	case CZ_ENC_UTF8_BOM: return "utf-8-bom";
	case CZ_ENC_UTF16LE: return "utf-16le";
	case CZ_ENC_UTF16BE: return "utf-16be";
	case CZ_ENC_CODEPAGE: return "codepage";
	}
	return "utf-8";
}

/* Reject the slot's item with msg ("LINE: reason" or a plain reason). */
static void slot_reject(slot *s, const char *msg)
{
	const char *reason = split_line(msg, &s->line);

	s->kind = O_REJECT;
	snprintf(s->msg, sizeof(s->msg), "%s", reason);
}

/* Free what the slot's last item left (the text buffer stays for reuse). */
static void slot_clear(const run *r, slot *s)
{
	if (s->has_note)
		cz_note_release(&s->note);
	s->has_note = false;
	if (s->analysis && r->hooks && r->hooks->analyzer)
		r->hooks->analyzer->result_free(s->analysis);
	s->analysis = NULL;
}

static cz_rc worker_new(void *ctx, void **out, cz_err *err)
{
	run *r = ctx;
	const cz_analyzer *an = r->hooks ? r->hooks->analyzer : NULL;
	wstate *w = calloc(1, sizeof(*w));
	cz_rc rc;

	*out = NULL;
	if (!w)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	cz_buf_init(&w->raw, 0);
	rc = an && an->worker_new ? an->worker_new(an->ctx, &w->an, err) : CZ_OK;
	if (rc) {
		free(w);
		return rc;
	}
	*out = w;
	return CZ_OK;
}

static void worker_free(void *ctx, void *state)
{
	run *r = ctx;
	wstate *w = state;
	const cz_analyzer *an = r->hooks ? r->hooks->analyzer : NULL;

	if (!w)
		return;
	if (an && an->worker_free)
		an->worker_free(w->an);
	cz_buf_release(&w->raw);
	free(w);
}

static bool unchanged_by_stat(const item *it)
{
	return it->prev.found && it->prev.size == (int64_t)it->st.st_size &&
	       it->prev.mtime_ns == cz_stat_mtime_ns(&it->st);
}

static uint64_t item_weight(void *ctx, size_t i)
{
	const run *r = ctx;

	return (uint64_t)r->items[r->work[i]].st.st_size;
}

/*
 * Any thread, no database: what item i is and, for a note to store, its
 * decoded text, parsed metadata and analysis. Only an out-of-memory or
 * internal failure is returned (it stops the run); a bad file is an
 * O_REJECT outcome.
 */
static cz_rc prepare(void *ctx, void *state, size_t i, cz_err *err)
{
	run *r = ctx;
	wstate *w = state;
	const item *it = &r->items[r->work[i]];
	const cz_analyzer *an = r->hooks ? r->hooks->analyzer : NULL;
	slot *s = &r->slots[i % r->window];
	cz_err ferr;
	cz_rc rc;

	slot_clear(r, s);
	if (it->csv == CZ_CSV_CALENDAR || cz_is_csv_name(it->path)) {
		s->kind = O_CSV;
		return CZ_OK;
	}
	cz_buf_reset(&w->raw);
	rc = cz_file_read(it->path, r->cfg->max_file_size, &w->raw, &ferr);
	if (rc == CZ_ELIMIT) {
		s->kind = O_REJECT;
		s->line = 0;
		snprintf(s->msg, sizeof(s->msg), "%s; raise ingest.max_file_size in coalesce.yml "
			 "to import it", ferr.msg);
		return CZ_OK;
	}
	if (rc == CZ_ENOMEM)
		return cz_err_set(err, rc, "%s", ferr.msg);
	if (rc) {
		slot_reject(s, rc == CZ_ENOINPUT ? "file vanished during the run" : ferr.msg);
		return CZ_OK;
	}
	s->size = (int64_t)w->raw.len;
	cz_hash_hex(w->raw.data, w->raw.len, s->hash);
	if (it->prev.found && !strcmp(it->prev.hash, s->hash)) {
		s->kind = O_TOUCH;
		return CZ_OK;
	}
	cz_buf_reset(&s->text);
	s->enc = CZ_ENC_UTF8;
	rc = cz_decode(w->raw.data, w->raw.len, NULL, &s->text, &s->enc, &ferr);
	if (rc == CZ_ENOMEM)
		return cz_err_set(err, rc, "%s", ferr.msg);
	if (rc) {
		slot_reject(s, ferr.msg);
		return CZ_OK;
	}
	if (blank(s->text.data, s->text.len)) {
		s->kind = O_BLANK;
		return CZ_OK;
	}
	/* Storing cannot reject a file (ingest.h): what SQLite would refuse is
	 * refused here. */
	if (s->text.len > CZ_MAX_NOTE_TEXT) {
		slot_reject(s, "note text too large to store (more than 512 MiB once decoded)");
		return CZ_OK;
	}
	cz_note_init(&s->note);
	s->has_note = true;
	rc = cz_note_parse(&s->note, it->path, s->text.data, s->text.len, it->st.st_mtime, &ferr);
	if (!rc && an)
		rc = an->compute(w->an, s->text.data, s->text.len, &s->note, &s->analysis, &ferr);
	if (rc == CZ_ENOMEM || rc == CZ_EINTERNAL)
		return cz_err_set(err, rc, "%s", ferr.msg);
	if (rc) {
		slot_reject(s, ferr.msg);
		return CZ_OK;
	}
	s->kind = O_NOTE;
	return CZ_OK;
}

/*
 * Store the slot's note (replacing the stored version) in the batch. Any
 * failure is the database's: the caller stops the run and the batch is
 * rolled back. *stored is false when the database already holds this very
 * version (the same file named twice).
 */
static cz_rc store_note(run *r, const item *it, slot *s, cz_stored_note *prev, bool *stored,
			cz_err *err)
{
	const cz_analyzer *an = r->hooks ? r->hooks->analyzer : NULL;
	int64_t mtime = cz_stat_mtime_ns(&it->st);
	cz_note_file file;
	int64_t id;
	cz_rc rc = batch_open(r, err);

	*stored = false;
	if (!rc)
		rc = cz_store_note_find(r->store, it->path, prev, err);
	if (rc)
		return rc;
	if (prev->found && prev->mtime_ns == mtime && !strcmp(prev->hash, s->hash))
		return CZ_OK;
	file.path = it->path;
	file.relpath = it->relpath;
	file.size = s->size;
	file.mtime_ns = mtime;
	file.hash = s->hash;
	file.encoding = encoding_name(s->enc);
	file.text = r->opts->store_text ? s->text.data : NULL;
	file.len = s->text.len;
	if (prev->found)
		rc = cz_store_note_delete(r->store, prev->id, err);
	if (!rc)
		rc = cz_store_note_insert(r->store, r->cfg, r->stats->run_id, &file, &s->note, &id,
					  err);
	if (!rc && an)
		rc = an->store(an->ctx, r->db, id, s->analysis, err);
	r->batch_files++;
	r->batch_bytes += (uint64_t)it->st.st_size;
	*stored = !rc;
	return rc;
}

static cz_rc ingest_csv(run *r, cz_calimport *ci, const char *path, cz_csv_kind kind,
			cz_err *err);

/* This thread, in item order: act on item i's outcome. */
static cz_rc finish(void *ctx, size_t i, cz_err *err)
{
	run *r = ctx;
	const item *it = &r->items[r->work[i]];
	slot *s = &r->slots[i % r->window];
	cz_run_counts *c = &r->stats->counts;
	cz_stored_note prev;
	bool stored;
	cz_rc rc = CZ_OK;

	if (s->kind == O_CSV) {
		rc = ingest_csv(r, r->ci, it->path, it->csv, err);
	} else {
		c->seen++;
		switch (s->kind) {
		case O_TOUCH:
			c->unchanged++;
			rc = batch_open(r, err);
			if (!rc)
				rc = cz_store_note_touch(r->store, it->prev.id,
							 cz_stat_mtime_ns(&it->st), err);
			break;
		case O_REJECT:
			reject(r, it->path, s->line, s->msg);
			break;
		case O_BLANK:
			c->skipped++;
			if (it->prev.found) {
				rc = batch_open(r, err);
				if (!rc)
					rc = cz_store_note_delete(r->store, it->prev.id, err);
				r->deleted = r->deleted || !rc;
			}
			break;
		case O_NOTE:
			rc = store_note(r, it, s, &prev, &stored, err);
			if (rc)
				break; /* the database failed: the run stops */
			if (!stored) {
				c->unchanged++;
			} else if (prev.found) {
				c->changed++;
			} else {
				c->added++;
			}
			break;
		case O_CSV:
			break;
		}
	}
	slot_clear(r, s);
	if (!rc && r->fatal)
		rc = cz_err_set(err, r->fatal, "could not record a rejected file in the database");
	if (!rc)
		rc = batch_maybe_commit(r, err);
	r->prog.files_done++;
	r->prog.bytes_done += (uint64_t)it->st.st_size;
	if (r->hooks && r->hooks->on_progress)
		r->hooks->on_progress(r->hooks->ctx, &r->prog);
	return rc;
}

/*
 * What the database knows of each note item (one read transaction), and
 * the list of items the pipeline must see: the others are unchanged by
 * size and mtime, and are only counted (an unchanged archive starts no
 * worker at all).
 */
static cz_rc plan(run *r, cz_err *err)
{
	cz_rc rc = cz_db_begin_read(r->db, err);

	for (size_t i = 0; !rc && i < r->n_items; i++) {
		item *it = &r->items[i];
		if (it->csv == CZ_CSV_CALENDAR || cz_is_csv_name(it->path))
			continue;
		rc = cz_store_note_find(r->store, it->path, &it->prev, err);
	}
	if (!rc)
		rc = cz_db_commit(r->db, err);
	else
		cz_db_rollback(r->db);
	if (rc)
		return rc;
	r->work = calloc(r->n_items + 1, sizeof(*r->work));
	if (!r->work)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->n_items; i++) {
		const item *it = &r->items[i];
		if (it->csv == CZ_CSV_CALENDAR || cz_is_csv_name(it->path) ||
		    !unchanged_by_stat(it)) {
			r->work[r->n_work++] = i;
			continue;
		}
		r->stats->counts.seen++;
		r->stats->counts.unchanged++;
		r->prog.files_done++;
		r->prog.bytes_done += (uint64_t)it->st.st_size;
	}
	return CZ_OK;
}

static void csv_reject(void *ctx, const char *path, size_t line, const char *reason)
{
	reject(ctx, path, line, reason);
}

/* A CSV input (calendar export or people directory): see calimport.h. */
static cz_rc ingest_csv(run *r, cz_calimport *ci, const char *path, cz_csv_kind kind,
			cz_err *err)
{
	cz_src_outcome outcome;
	cz_rc rc = batch_commit(r, err);

	if (!rc)
		rc = cz_calimport_file(ci, path, kind, &outcome, err);
	if (rc || outcome == CZ_SRC_DUPLICATE)
		return rc;
	r->stats->counts.seen++;
	if (outcome == CZ_SRC_NEW)
		r->stats->counts.added++;
	else if (outcome == CZ_SRC_CHANGED)
		r->stats->counts.changed++;
	else if (outcome == CZ_SRC_UNCHANGED)
		r->stats->counts.unchanged++;
	return CZ_OK;
}

/* People directories named by the config and --people, before anything
 * else so that attendees resolve against them. */
static cz_rc ingest_people(run *r, cz_calimport *ci, cz_err *err)
{
	const char *given[2] = { cz_calimport_people_path(ci), r->opts->people };
	cz_rc rc = CZ_OK;

	for (int i = 0; !rc && i < 2; i++) {
		char *abs;
		if (!given[i])
			continue;
		abs = cz_path_absolute(given[i], err);
		if (!abs) {
			if (err->code != CZ_ENOINPUT && err->code != CZ_EIO)
				return err->code;
			r->stats->counts.seen++;
			r->stats->missing_inputs += i == 1;
			reject(r, given[i], 0, "people directory not found");
			continue;
		}
		rc = ingest_csv(r, ci, abs, CZ_CSV_PEOPLE, err);
		free(abs);
	}
	return rc;
}

/*
 * Whether the links must be rebuilt: something they are computed from
 * changed in this run (notes, meetings, people, the config's initiatives),
 * or the ingest before this one stopped before its rebuild. An unchanged
 * archive then costs no rebuild.
 */
static cz_rc links_stale(run *r, bool reattributed, bool *stale, cz_err *err)
{
	const cz_run_counts *c = &r->stats->counts;
	bool finished;
	cz_rc rc;

	*stale = true;
	if (c->added || c->changed || c->removed || r->deleted || reattributed)
		return CZ_OK;
	rc = cz_store_run_previous_finished(r->store, r->stats->run_id, "ingest", &finished, err);
	if (!rc)
		*stale = !finished;
	return rc;
}

cz_rc cz_ingest(cz_db *db, const cz_config *cfg, const char *const *paths, size_t npaths,
		const cz_ingest_opts *opts, const cz_ingest_hooks *hooks,
		cz_ingest_stats *stats, cz_err *err)
{
	run r;
	cz_link_stats links = { 0 };
	cz_pipeline_ops ops = { NULL, worker_new, worker_free, prepare, finish, item_weight };
	cz_pipeline_opts po;
	bool reattributed = false, stale = true;
	cz_rc rc;

	memset(&r, 0, sizeof(r));
	memset(stats, 0, sizeof(*stats));
	r.db = db;
	r.cfg = cfg;
	r.opts = opts;
	r.hooks = hooks;
	r.stats = stats;
	ops.ctx = &r;
	po.jobs = opts->jobs;
	po.window = cz_pipeline_window(opts->jobs);
	po.max_bytes = CZ_INFLIGHT_BYTES;
	r.window = po.window;
	r.slots = calloc(r.window, sizeof(*r.slots));
	if (!r.slots)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < r.window; i++)
		cz_buf_init(&r.slots[i].text, 0);
	rc = cz_store_open(&r.store, db, err);
	if (!rc)
		rc = cz_store_run_begin(r.store, "ingest", &stats->run_id, err);
	if (!rc)
		rc = cz_store_sync_initiatives(r.store, cfg, err);
	if (!rc)
		rc = cz_store_reattribute(r.store, cfg, &reattributed, err);
	if (!rc)
		rc = cz_calimport_open(&r.ci, db, cfg, opts->date_order, csv_reject, &r, err);
	for (size_t i = 0; !rc && i < opts->n_calendars; i++)
		rc = collect_forced(&r, opts->calendars[i], err);
	for (size_t i = 0; !rc && i < npaths; i++)
		rc = collect(&r, paths[i], err);
	if (!rc)
		rc = ingest_people(&r, r.ci, err);
	for (size_t i = 0; i < r.n_items; i++)
		r.prog.bytes_total += (uint64_t)r.items[i].st.st_size;
	r.prog.files_total = r.n_items;
	if (!rc)
		rc = plan(&r, err);
	if (!rc && !r.fatal)
		rc = cz_pipeline_run(r.n_work, &po, &ops, err);
	if (!rc && r.fatal)
		rc = cz_err_set(err, r.fatal, "could not record a rejected file in the database");
	/* A fatal error loses the batch in flight, as a crash would. */
	if (rc) {
		cz_db_rollback(db);
		r.in_batch = false;
	}
	if (!rc)
		rc = batch_commit(&r, err);
	if (!rc && opts->prune)
		rc = cz_store_prune(r.store, &stats->counts.removed, err);
	if (!rc)
		rc = links_stale(&r, reattributed, &stale, err);
	if (!rc && stale)
		rc = cz_link_run(db, cfg, &links, err);
	if (r.ci) {
		stats->meetings_added = cz_calimport_get_stats(r.ci)->meetings_added;
		stats->people_added = cz_calimport_get_stats(r.ci)->people_added;
		stats->linked_notes = links.note_meetings;
	}
	if (!rc)
		rc = cz_store_run_finish(r.store, stats->run_id, &stats->counts, err);
	for (size_t i = 0; i < r.n_items; i++) {
		free(r.items[i].path);
		free(r.items[i].relpath);
	}
	free(r.items);
	free(r.work);
	for (size_t i = 0; i < r.window; i++) {
		slot_clear(&r, &r.slots[i]);
		cz_buf_release(&r.slots[i].text);
	}
	free(r.slots);
	cz_store_close(r.store);
	cz_calimport_close(r.ci);
	if (rc)
		return rc;
	if (stats->missing_inputs)
		return cz_err_set(err, CZ_ENOINPUT, "%zu input path(s) not found",
				  stats->missing_inputs);
	if (stats->counts.rejected)
		return cz_err_set(err, CZ_EPARTIAL, "%lld file(s) rejected",
				  (long long)stats->counts.rejected);
	return CZ_OK;
}

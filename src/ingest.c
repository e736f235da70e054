/*
 * ingest.c - the ingest stage: collect inputs, then for each file
 * stat -> (skip if unchanged) -> read -> hash -> decode -> parse -> store,
 * files grouped into batch transactions with a savepoint per file (see
 * ingest.h for the guarantees).
 *
 * The batch is opened lazily by the first write that needs it and closed
 * (committed) when a bound is reached, before anything that runs its own
 * transaction (CSV imports, prune, links) and at the end of the run.
 *
 * Inputs are collected first so progress can show a total and an ETA and
 * so that walking errors are reported in the same stream as file errors.
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
#include "coalesce/walk.h"

typedef struct item {
	char *path;    /* absolute */
	char *relpath; /* relative to the root it was found under */
	struct stat st;
	cz_csv_kind csv; /* SNIFF for a .csv found or given; CALENDAR when forced */
} item;

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
	cz_buf raw, text;      /* reused for every file */
	cz_rc fatal;
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

/* "LINE: reason" from the note parser -> line and reason. */
static void reject_parsed(run *r, const char *path, const char *msg)
{
	const char *p = msg;
	size_t line = 0;

	while (isdigit((unsigned char)*p))
		line = line * 10 + (size_t)(*p++ - '0');
	if (p != msg && p[0] == ':' && p[1] == ' ')
		reject(r, path, line, p + 2);
	else
		reject(r, path, 0, msg);
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

/*
 * Store one parsed note (replacing prev) in its own savepoint of the batch:
 * on failure the note is undone alone and the batch stays open.
 */
static cz_rc store_note(run *r, const item *it, const cz_stored_note *prev,
			const cz_note_file *file, const cz_note *note, cz_err *err)
{
	int64_t id;
	cz_rc rc = batch_open(r, err);

	if (rc)
		return rc;
	rc = cz_db_savepoint(r->db, "cz_file", err);
	if (rc)
		return rc;
	if (prev->found)
		rc = cz_store_note_delete(r->store, prev->id, err);
	if (!rc)
		rc = cz_store_note_insert(r->store, r->cfg, r->stats->run_id, file, note, &id, err);
	if (!rc && r->hooks && r->hooks->analyze)
		rc = r->hooks->analyze(r->hooks->ctx, r->db, id, r->text.data, r->text.len,
				       note, err);
	if (!rc)
		rc = cz_db_release(r->db, "cz_file", err);
	if (rc)
		cz_db_rollback_to(r->db, "cz_file");
	r->batch_files++;
	r->batch_bytes += (uint64_t)it->st.st_size;
	return rc;
}

/* A failure that stops the run (as opposed to one that rejects a file). */
static bool is_fatal(cz_rc rc)
{
	return rc == CZ_EDB || rc == CZ_EBUSY || rc == CZ_ENOMEM || rc == CZ_EINTERNAL;
}

static cz_rc ingest_file(run *r, const item *it, cz_err *err)
{
	cz_stored_note prev;
	cz_note note;
	cz_note_file file;
	cz_encoding enc = CZ_ENC_UTF8;
	char hash[CZ_HASH_HEX];
	int64_t mtime = cz_stat_mtime_ns(&it->st);
	cz_err ferr;
	cz_rc rc;

	r->stats->counts.seen++;
	rc = cz_store_note_find(r->store, it->path, &prev, err);
	if (rc)
		return rc;
	if (prev.found && prev.size == (int64_t)it->st.st_size && prev.mtime_ns == mtime) {
		r->stats->counts.unchanged++;
		return CZ_OK;
	}
	cz_buf_reset(&r->raw);
	rc = cz_file_read(it->path, r->cfg->max_file_size, &r->raw, &ferr);
	if (rc == CZ_ELIMIT) {
		char msg[CZ_ERR_MSG_MAX + 96];
		snprintf(msg, sizeof(msg), "%s; raise ingest.max_file_size in coalesce.yml "
			 "to import it", ferr.msg);
		reject(r, it->path, 0, msg);
		return CZ_OK;
	}
	if (rc == CZ_ENOMEM)
		return cz_err_set(err, rc, "%s", ferr.msg);
	if (rc) {
		reject(r, it->path, 0, rc == CZ_ENOINPUT ? "file vanished during the run"
							  : ferr.msg);
		return CZ_OK;
	}
	cz_hash_hex(r->raw.data, r->raw.len, hash);
	if (prev.found && !strcmp(prev.hash, hash)) {
		r->stats->counts.unchanged++;
		rc = batch_open(r, err);
		return rc ? rc : cz_store_note_touch(r->store, prev.id, mtime, err);
	}
	cz_buf_reset(&r->text);
	rc = cz_decode(r->raw.data, r->raw.len, NULL, &r->text, &enc, &ferr);
	if (rc == CZ_ENOMEM)
		return cz_err_set(err, rc, "%s", ferr.msg);
	if (rc) {
		reject(r, it->path, 0, ferr.msg);
		return CZ_OK;
	}
	if (blank(r->text.data, r->text.len)) {
		r->stats->counts.skipped++;
		if (!prev.found)
			return CZ_OK;
		rc = batch_open(r, err);
		return rc ? rc : cz_store_note_delete(r->store, prev.id, err);
	}
	cz_note_init(&note);
	rc = cz_note_parse(&note, it->path, r->text.data, r->text.len, it->st.st_mtime, &ferr);
	if (rc == CZ_ENOMEM) {
		cz_note_release(&note);
		return cz_err_set(err, rc, "%s", ferr.msg);
	}
	if (rc) {
		reject_parsed(r, it->path, ferr.msg);
		cz_note_release(&note);
		return CZ_OK;
	}
	file.path = it->path;
	file.relpath = it->relpath;
	file.size = (int64_t)r->raw.len;
	file.mtime_ns = mtime;
	file.hash = hash;
	file.encoding = encoding_name(enc);
	file.text = r->opts->store_text ? r->text.data : NULL;
	file.len = r->text.len;
	rc = store_note(r, it, &prev, &file, &note, &ferr);
	cz_note_release(&note);
	if (rc) {
		if (is_fatal(rc)) {
			memcpy(err, &ferr, sizeof(*err));
			return rc;
		}
		reject_parsed(r, it->path, ferr.msg);
		return CZ_OK;
	}
	if (prev.found)
		r->stats->counts.changed++;
	else
		r->stats->counts.added++;
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

static cz_rc prune(run *r, cz_err *err)
{
	cz_stmt *s;
	cz_strv gone;
	bool row;
	cz_rc rc = cz_db_prepare(r->db, "SELECT path FROM notes ORDER BY path", &s, err);

	if (rc)
		return rc;
	cz_strv_init(&gone);
	while (!rc && !(rc = cz_stmt_step(s, &row, err)) && row) {
		struct stat st;
		const char *path = cz_stmt_text(s, 0);
		if (stat(path, &st) != 0 && errno == ENOENT)
			rc = cz_strv_push(&gone, path, err);
	}
	cz_stmt_finalize(s);
	if (!rc && gone.n) {
		rc = cz_db_prepare(r->db, "DELETE FROM notes WHERE path = ?1", &s, err);
		if (!rc)
			rc = cz_db_begin(r->db, err);
		for (size_t i = 0; !rc && i < gone.n; i++) {
			rc = cz_stmt_bind_text(s, 1, gone.v[i], err);
			if (!rc)
				rc = cz_stmt_run(s, err);
		}
		if (!rc)
			rc = cz_db_commit(r->db, err);
		if (rc)
			cz_db_rollback(r->db);
		cz_stmt_finalize(s);
		if (!rc)
			r->stats->counts.removed = (int64_t)gone.n;
	}
	cz_strv_release(&gone);
	return rc;
}

cz_rc cz_ingest(cz_db *db, const cz_config *cfg, const char *const *paths, size_t npaths,
		const cz_ingest_opts *opts, const cz_ingest_hooks *hooks,
		cz_ingest_stats *stats, cz_err *err)
{
	run r;
	cz_calimport *ci = NULL;
	cz_link_stats links;
	cz_ingest_progress prog = { 0, 0, 0, 0 };
	cz_rc rc;

	memset(&r, 0, sizeof(r));
	memset(stats, 0, sizeof(*stats));
	r.db = db;
	r.cfg = cfg;
	r.opts = opts;
	r.hooks = hooks;
	r.stats = stats;
	cz_buf_init(&r.raw, 0);
	cz_buf_init(&r.text, 0);
	rc = cz_store_open(&r.store, db, err);
	if (!rc)
		rc = cz_store_run_begin(r.store, "ingest", &stats->run_id, err);
	if (!rc)
		rc = cz_store_sync_initiatives(r.store, cfg, err);
	if (!rc)
		rc = cz_store_reattribute(r.store, cfg, NULL, err);
	if (!rc)
		rc = cz_calimport_open(&ci, db, cfg, opts->date_order, csv_reject, &r, err);
	for (size_t i = 0; !rc && i < opts->n_calendars; i++)
		rc = collect_forced(&r, opts->calendars[i], err);
	for (size_t i = 0; !rc && i < npaths; i++)
		rc = collect(&r, paths[i], err);
	if (!rc)
		rc = ingest_people(&r, ci, err);
	for (size_t i = 0; i < r.n_items; i++)
		prog.bytes_total += (uint64_t)r.items[i].st.st_size;
	prog.files_total = r.n_items;
	for (size_t i = 0; !rc && !r.fatal && i < r.n_items; i++) {
		const item *it = &r.items[i];
		rc = it->csv == CZ_CSV_CALENDAR || cz_is_csv_name(it->path)
			     ? ingest_csv(&r, ci, it->path, it->csv, err)
			     : ingest_file(&r, it, err);
		if (!rc)
			rc = batch_maybe_commit(&r, err);
		prog.files_done = i + 1;
		prog.bytes_done += (uint64_t)r.items[i].st.st_size;
		if (hooks && hooks->on_progress)
			hooks->on_progress(hooks->ctx, &prog);
	}
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
		rc = prune(&r, err);
	if (!rc)
		rc = cz_link_run(db, cfg, &links, err);
	if (ci) {
		stats->meetings_added = cz_calimport_get_stats(ci)->meetings_added;
		stats->people_added = cz_calimport_get_stats(ci)->people_added;
		stats->linked_notes = links.note_meetings;
	}
	if (!rc)
		rc = cz_store_run_finish(r.store, stats->run_id, &stats->counts, err);
	for (size_t i = 0; i < r.n_items; i++) {
		free(r.items[i].path);
		free(r.items[i].relpath);
	}
	free(r.items);
	cz_buf_release(&r.raw);
	cz_buf_release(&r.text);
	cz_store_close(r.store);
	cz_calimport_close(ci);
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

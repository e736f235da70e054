/*
 * ingest.h - bringing files into the database: walk, read, decode, parse,
 * store; files commit in batches.
 *
 * Batches: notes are stored in one transaction per batch (up to
 * batch_files files, batch_bytes bytes or batch_ms milliseconds, whichever
 * comes first). One commit per file made the kernel's WAL writes and lock
 * calls half of an ingest's time; a savepoint per file cost a fifth more
 * (SQLite copies every page a savepoint touches, in case it is rolled
 * back), so everything that can reject a file is decided before the file's
 * first write, on the worker, and storing can only fail with the database
 * itself, which stops the run.
 *
 * Guarantees: each file's import is atomic (the note, its links and its
 * evidence are stored together or not at all: they commit in one
 * transaction, and a file is rejected before anything of it is written);
 * a crash or a database failure loses at most the batch in flight, and a
 * re-run converges; one bad file never stops the others (it is reported
 * through on_reject and recorded in `rejections`);
 * a file whose size and mtime match the stored note is not read again, and
 * one whose content hash matches is not re-parsed. A changed file replaces
 * its old version; a file that is now bad keeps its old version.
 *
 * CSV files (calendar exports, the people directory) go to calimport.h,
 * each in its own transaction too; people directories are read first. At
 * the end of a run that changed notes, meetings, people or the config's
 * initiatives (or that follows an ingest cut off before its end), the
 * links between meetings, notes, initiatives and people are rebuilt
 * (link.h).
 *
 * Threads (issue 7): with opts.jobs > 1, files are read, decoded, parsed
 * and analysed by worker threads (pipeline.h) while the calling thread,
 * which owns the database connection, stores them strictly in the order
 * they were found. Rejections, progress and the database are therefore
 * the same as with one thread. Memory is bounded by the pipeline's window
 * (64 files per worker) and CZ_INFLIGHT_BYTES of files in flight.
 *
 * The caller (the CLI) prints; this module reports through callbacks.
 */
#ifndef CZ_INGEST_H
#define CZ_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coalesce/calformat.h"
#include "coalesce/config.h"
#include "coalesce/db.h"
#include "coalesce/err.h"
#include "coalesce/note.h"
#include "coalesce/store.h"

typedef struct cz_ingest_progress {
	size_t files_done, files_total;
	uint64_t bytes_done, bytes_total;
} cz_ingest_progress;

/*
 * What is computed from each note besides its metadata (the rules'
 * evidence), in two halves: `compute` runs on a worker thread without the
 * database; `store` runs on the database's thread, in the batch's
 * transaction after the note is stored, so that the note and what was
 * computed from it commit together. `compute` decides: its failure
 * rejects the file (before anything of it is written) unless it is fatal
 * (out of memory). `store` only writes: any failure there stops the run,
 * and the batch in flight is rolled back. note_id is a notes row inserted
 * just before (a changed file's old row and what hangs on it were deleted),
 * so there is nothing of it to replace.
 */
typedef struct cz_analyzer {
	void *ctx;
	/* Per worker thread: its private state. */
	cz_rc (*worker_new)(void *ctx, void **wstate, cz_err *err);
	void (*worker_free)(void *wstate);
	/* In a worker: the result for a decoded, parsed note (owned by the
	 * caller, released with result_free). */
	cz_rc (*compute)(void *wstate, const char *text, size_t len, const cz_note *note,
			 void **result, cz_err *err);
	cz_rc (*store)(void *ctx, cz_db *db, int64_t note_id, const void *result, cz_err *err);
	void (*result_free)(void *result);
} cz_analyzer;

typedef struct cz_ingest_hooks {
	/* A rejected input: path (absolute), line (0: none) and reason. */
	void (*on_reject)(void *ctx, const char *path, size_t line, const char *reason);
	void (*on_progress)(void *ctx, const cz_ingest_progress *p);
	void *ctx;
	const cz_analyzer *analyzer; /* NULL: notes only */
} cz_ingest_hooks;

typedef struct cz_ingest_opts {
	bool prune;         /* remove notes whose files are gone */
	bool store_text;    /* keep decoded text in note_bodies (--keep-text) */
	/* Issue 3: CSV inputs (calimport.h). .csv files found or given are
	 * sniffed; these are forced. */
	const char *const *calendars; /* --calendar FILE..., n_calendars of them */
	size_t n_calendars;
	const char *people;           /* --people FILE (besides config people:) */
	cz_date_order date_order;     /* --date-order, or CZ_ORDER_NONE */
	/* Issue 7: batch bounds; 0 takes the defaults below. */
	size_t batch_files;
	uint64_t batch_bytes;
	unsigned batch_ms;
	/* Worker threads that read, decode, parse and analyse files (0 or 1:
	 * none, everything on the calling thread). The database is the same
	 * for any number. */
	unsigned jobs;
} cz_ingest_opts;

#define CZ_BATCH_FILES_DEFAULT 512
#define CZ_BATCH_BYTES_DEFAULT ((uint64_t)16 << 20)
#define CZ_BATCH_MS_DEFAULT 500u
#define CZ_INFLIGHT_BYTES ((uint64_t)64 << 20)
/* Decoded note text larger than this is rejected (SQLite's own limit on a
 * value is 1e9 bytes, and a store must not fail on a file). */
#define CZ_MAX_NOTE_TEXT ((size_t)512 << 20)

typedef struct cz_ingest_stats {
	cz_run_counts counts;
	size_t missing_inputs; /* command-line paths that do not exist */
	int64_t run_id;
	int64_t meetings_added; /* issue 3: calendar rows that were new meetings */
	int64_t people_added;
	int64_t linked_notes;   /* note-meeting links made (0: links not rebuilt) */
} cz_ingest_stats;

/*
 * Ingest paths (files or directories). Returns CZ_OK when everything went
 * in, CZ_EPARTIAL when some inputs were rejected, CZ_ENOINPUT when a named
 * path does not exist (the others are still ingested), or the error that
 * stopped the run (database failure, out of memory).
 */
cz_rc cz_ingest(cz_db *db, const cz_config *cfg, const char *const *paths, size_t npaths,
		const cz_ingest_opts *opts, const cz_ingest_hooks *hooks,
		cz_ingest_stats *stats, cz_err *err);

/* Whether a file name has a note extension (.md, .markdown, .txt). */
bool cz_is_note_name(const char *name);

#endif

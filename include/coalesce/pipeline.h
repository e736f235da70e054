/*
 * pipeline.h - an ordered parallel map: items 0..n-1 are prepared by N
 * worker threads in any order and finished by the calling thread strictly
 * in item order.
 *
 * Ingest uses it so that the expensive, database-free part of a file
 * (read, decode, parse, match) runs on every core while one thread - the
 * caller, which owns the SQLite connection - stores the results. Because
 * results are finished in item order whatever the number of workers, the
 * database ends up the same for any N (note ids, evidence order, which
 * rules a limit disabled).
 *
 * Memory stays bounded: a worker only starts item i when i is within
 * `window` items of the next one to finish and the items in flight weigh
 * less than `max_bytes` (by the caller's `weight`, e.g. the file size; one
 * item is always allowed, however heavy). The caller keeps each result in
 * a ring of `window` slots indexed by i % window: a slot is never used by
 * two items at once.
 *
 * jobs <= 1 runs everything on the calling thread (prepare i, finish i,
 * prepare i+1...): no thread is started.
 *
 * Errors: a prepare or finish that fails stops the pipeline: no new item
 * is started, the workers are joined, and the first failure (in time) is
 * returned. Failures that concern one item only (a bad file) are not
 * errors here: the caller records them in the item's result.
 */
#ifndef CZ_PIPELINE_H
#define CZ_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "coalesce/err.h"

typedef struct cz_pipeline_ops {
	void *ctx;
	/* Per worker (also once for jobs <= 1): its private state. */
	cz_rc (*worker_new)(void *ctx, void **wstate, cz_err *err);
	void (*worker_free)(void *ctx, void *wstate);
	/* In a worker: prepare item i into slot i % window. */
	cz_rc (*prepare)(void *ctx, void *wstate, size_t i, cz_err *err);
	/* In the calling thread, in order: use item i's slot. */
	cz_rc (*finish)(void *ctx, size_t i, cz_err *err);
	/* Weight of item i for the in-flight bound (NULL: 1 each). */
	uint64_t (*weight)(void *ctx, size_t i);
} cz_pipeline_ops;

typedef struct cz_pipeline_opts {
	unsigned jobs;      /* worker threads; <= 1: none */
	size_t window;      /* items in flight at most (>= 1) */
	uint64_t max_bytes; /* weight in flight at most (0: no bound) */
} cz_pipeline_opts;

/* The window for jobs workers: enough to keep them busy while the writer
 * stores, and while it waits on a WAL checkpoint's fsync (tens of ms, a
 * hundred notes' work): 64 items a worker. */
size_t cz_pipeline_window(unsigned jobs);

/* The number of online CPUs (at least 1): the default for --jobs. */
unsigned cz_pipeline_cpus(void);

/* Run items 0..n-1 through ops. */
cz_rc cz_pipeline_run(size_t n, const cz_pipeline_opts *opts, const cz_pipeline_ops *ops,
		      cz_err *err);

#endif

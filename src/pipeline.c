/*
 * pipeline.c - the ordered parallel map of pipeline.h on POSIX threads.
 *
 * One mutex guards the whole state; there are two condition variables:
 * `claimable` (a worker may start the next item: the window moved or
 * weight was freed, or the run stops) and `prepared` (an item's slot is
 * ready for the caller). Items are claimed in increasing order, so the
 * window check `next_claim < next_finish + window` is what keeps two items
 * out of one slot. The lock is held only to claim and to hand over; the
 * work itself runs unlocked.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coalesce/pipeline.h"

typedef struct pl {
	pthread_mutex_t mu;
	pthread_cond_t claimable, prepared;
	const cz_pipeline_ops *ops;
	size_t n, window;
	uint64_t max_bytes, inflight;
	size_t next_claim, next_finish;
	bool *ready;     /* per slot: prepared, not yet finished */
	uint64_t *wslot; /* per slot: the weight it holds */
	bool stop;
	cz_rc rc;        /* the first failure */
	cz_err err;
} pl;

typedef struct worker {
	pl *p;
	void *state;
	pthread_t tid;
	bool started;
} worker;

size_t cz_pipeline_window(unsigned jobs)
{
	return jobs <= 1 ? 1 : (size_t)jobs * 64;
}

unsigned cz_pipeline_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1u : n > 256 ? 256u : (unsigned)n;
}

static uint64_t weight(const pl *p, size_t i)
{
	return p->ops->weight ? p->ops->weight(p->ops->ctx, i) : 1;
}

/* Record the first failure and stop everyone. Called locked. */
static void fail_locked(pl *p, cz_rc rc, const cz_err *err)
{
	if (!p->stop) {
		p->stop = true;
		p->rc = rc;
		memcpy(&p->err, err, sizeof(p->err));
	}
	pthread_cond_broadcast(&p->claimable);
	pthread_cond_broadcast(&p->prepared);
}

/* Whether the next item may start now. Called locked. */
static bool can_claim(const pl *p)
{
	uint64_t w;

	if (p->next_claim >= p->next_finish + p->window)
		return false;
	if (!p->max_bytes || p->inflight == 0)
		return true;
	w = weight(p, p->next_claim);
	return p->inflight + w <= p->max_bytes;
}

static void *work(void *arg)
{
	worker *wk = arg;
	pl *p = wk->p;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;
		uint64_t w;
		cz_err err;
		cz_rc rc;

		while (!p->stop && p->next_claim < p->n && !can_claim(p))
			pthread_cond_wait(&p->claimable, &p->mu);
		if (p->stop || p->next_claim >= p->n)
			break;
		i = p->next_claim++;
		w = weight(p, i);
		p->inflight += w;
		p->wslot[i % p->window] = w;
		pthread_mutex_unlock(&p->mu);
		rc = p->ops->prepare(p->ops->ctx, wk->state, i, &err);
		pthread_mutex_lock(&p->mu);
		if (rc) {
			fail_locked(p, rc, &err);
			break;
		}
		p->ready[i % p->window] = true;
		if (i == p->next_finish)
			pthread_cond_signal(&p->prepared);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The caller's side: finish items in order as they become ready. */
static void drain(pl *p)
{
	for (size_t i = 0; i < p->n; i++) {
		size_t slot = i % p->window;
		cz_err err;
		cz_rc rc;

		pthread_mutex_lock(&p->mu);
		while (!p->stop && !p->ready[slot])
			pthread_cond_wait(&p->prepared, &p->mu);
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			return;
		}
		pthread_mutex_unlock(&p->mu);
		rc = p->ops->finish(p->ops->ctx, i, &err);
		pthread_mutex_lock(&p->mu);
		p->ready[slot] = false;
		p->inflight -= p->wslot[slot];
		p->next_finish = i + 1;
		if (rc)
			fail_locked(p, rc, &err);
		else
			pthread_cond_broadcast(&p->claimable);
		pthread_mutex_unlock(&p->mu);
		if (rc)
			return;
	}
}

static cz_rc run_inline(size_t n, const cz_pipeline_ops *ops, cz_err *err)
{
	void *state = NULL;
	cz_rc rc = ops->worker_new ? ops->worker_new(ops->ctx, &state, err) : CZ_OK;

	for (size_t i = 0; !rc && i < n; i++) {
		rc = ops->prepare(ops->ctx, state, i, err);
		if (!rc)
			rc = ops->finish(ops->ctx, i, err);
	}
	if (ops->worker_free)
		ops->worker_free(ops->ctx, state);
	return rc;
}

cz_rc cz_pipeline_run(size_t n, const cz_pipeline_opts *opts, const cz_pipeline_ops *ops,
		      cz_err *err)
{
	unsigned jobs = opts->jobs;
	worker *wk;
	pl p;
	unsigned started = 0;
	cz_rc rc = CZ_OK;

	if (jobs > n)
		jobs = (unsigned)n;
	if (jobs <= 1)
		return run_inline(n, ops, err);
	memset(&p, 0, sizeof(p));
	p.ops = ops;
	p.n = n;
	p.window = opts->window ? opts->window : cz_pipeline_window(jobs);
	p.max_bytes = opts->max_bytes;
	p.ready = calloc(p.window, sizeof(*p.ready));
	p.wslot = calloc(p.window, sizeof(*p.wslot));
	wk = calloc(jobs, sizeof(*wk));
	if (!p.ready || !p.wslot || !wk) {
		free(p.ready);
		free(p.wslot);
		free(wk);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.claimable, NULL);
	pthread_cond_init(&p.prepared, NULL);
	for (unsigned k = 0; !rc && k < jobs; k++) {
		wk[k].p = &p;
		if (ops->worker_new)
			rc = ops->worker_new(ops->ctx, &wk[k].state, err);
	}
	for (unsigned k = 0; !rc && k < jobs; k++) {
		if (pthread_create(&wk[k].tid, NULL, work, &wk[k]) != 0)
			break; /* run with the workers we have */
		wk[k].started = true;
		started++;
	}
	if (!rc && started == 0) {
		rc = cz_err_set(err, CZ_EINTERNAL, "pipeline: cannot start a worker thread");
	} else if (!rc) {
		drain(&p);
		pthread_mutex_lock(&p.mu);
		p.stop = true; /* no-op when every item went through */
		pthread_cond_broadcast(&p.claimable);
		pthread_mutex_unlock(&p.mu);
	}
	for (unsigned k = 0; k < jobs; k++)
		if (wk[k].started)
			pthread_join(wk[k].tid, NULL);
	if (!rc && p.rc) {
		rc = p.rc;
		memcpy(err, &p.err, sizeof(*err));
	}
	for (unsigned k = 0; k < jobs; k++)
		if (ops->worker_free && wk[k].state)
			ops->worker_free(ops->ctx, wk[k].state);
	pthread_cond_destroy(&p.prepared);
	pthread_cond_destroy(&p.claimable);
	pthread_mutex_destroy(&p.mu);
	free(wk);
	free(p.ready);
	free(p.wslot);
	return rc;
}

/*
 * test_pipeline.c - the ordered parallel map: every item prepared once and
 * finished in order for any number of workers, the window and weight
 * bounds respected while workers race (items take random short times),
 * per-worker state, and the first failure of a prepare, a finish or a
 * worker's setup stopping the run with its message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "coalesce/pipeline.h"

#define N_ITEMS 500
#define MAX_WINDOW 1024 /* the fixture's ring; cz_pipeline_window(8) fits */

typedef struct fx {
	pthread_mutex_t mu;
	size_t window;
	uint64_t max_bytes;
	size_t slots[MAX_WINDOW];  /* the caller's ring: item number + 1 */
	size_t prepared[N_ITEMS];  /* times each item was prepared */
	size_t finished;           /* items finished, all in order */
	size_t in_flight, max_in_flight;
	uint64_t weight_in_flight, max_weight;
	size_t workers, freed;
	size_t fail_prepare_at, fail_finish_at; /* N_ITEMS: never */
	int fail_worker_new;       /* fail the setup of the k-th worker (1-based) */
	unsigned seed;
} fx;

static void pause_a_little(fx *f)
{
	struct timespec ts = { 0, 0 };
	unsigned r;

	pthread_mutex_lock(&f->mu);
	r = (unsigned)rand_r(&f->seed);
	pthread_mutex_unlock(&f->mu);
	ts.tv_nsec = (long)(r % 200) * 1000; /* up to 0.2 ms */
	nanosleep(&ts, NULL);
}

static uint64_t weight(void *ctx, size_t i)
{
	(void)ctx;
	return 1 + i % 7;
}

static cz_rc worker_new(void *ctx, void **state, cz_err *err)
{
	fx *f = ctx;
	size_t k;

	pthread_mutex_lock(&f->mu);
	k = ++f->workers;
	pthread_mutex_unlock(&f->mu);
	if ((int)k == f->fail_worker_new)
		return cz_err_set(err, CZ_ENOMEM, "worker %zu: no memory", k);
	*state = malloc(sizeof(size_t));
	if (!*state)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	*(size_t *)*state = k;
	return CZ_OK;
}

static void worker_free(void *ctx, void *state)
{
	fx *f = ctx;

	if (!state)
		return;
	pthread_mutex_lock(&f->mu);
	f->freed++;
	pthread_mutex_unlock(&f->mu);
	free(state);
}

static cz_rc prepare(void *ctx, void *state, size_t i, cz_err *err)
{
	fx *f = ctx;
	size_t slot = i % f->window;

	assert_non_null(state);
	pthread_mutex_lock(&f->mu);
	f->prepared[i]++;
	f->in_flight++;
	if (f->in_flight > f->max_in_flight)
		f->max_in_flight = f->in_flight;
	f->weight_in_flight += weight(f, i);
	if (f->weight_in_flight > f->max_weight)
		f->max_weight = f->weight_in_flight;
	assert_int_equal(f->slots[slot], 0); /* never two items in one slot */
	pthread_mutex_unlock(&f->mu);
	pause_a_little(f);
	if (i == f->fail_prepare_at)
		return cz_err_set(err, CZ_EIO, "item %zu: cannot read", i);
	pthread_mutex_lock(&f->mu);
	f->slots[slot] = i + 1;
	pthread_mutex_unlock(&f->mu);
	return CZ_OK;
}

static cz_rc finish(void *ctx, size_t i, cz_err *err)
{
	fx *f = ctx;
	size_t slot = i % f->window;

	pthread_mutex_lock(&f->mu);
	assert_int_equal(f->finished, i); /* in order */
	assert_int_equal(f->slots[slot], i + 1);
	f->slots[slot] = 0;
	f->finished++;
	f->in_flight--;
	f->weight_in_flight -= weight(f, i);
	pthread_mutex_unlock(&f->mu);
	if (i == f->fail_finish_at)
		return cz_err_set(err, CZ_EDB, "item %zu: disk full", i);
	return CZ_OK;
}

static void init(fx *f, size_t window, uint64_t max_bytes)
{
	assert_true(window <= MAX_WINDOW);
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->mu, NULL);
	f->window = window;
	f->max_bytes = max_bytes;
	f->fail_prepare_at = f->fail_finish_at = N_ITEMS;
	f->seed = 7;
}

static cz_rc go(fx *f, unsigned jobs, size_t n, cz_err *err)
{
	cz_pipeline_ops ops = { f, worker_new, worker_free, prepare, finish, weight };
	cz_pipeline_opts po = { jobs, f->window, f->max_bytes };

	return cz_pipeline_run(n, &po, &ops, err);
}

static void all_items_in_order(void **state)
{
	static const unsigned jobs[] = { 0, 1, 2, 3, 8 };
	fx f;
	cz_err e;

	(void)state;
	for (size_t k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		size_t window = jobs[k] <= 1 ? 1 : cz_pipeline_window(jobs[k]);
		init(&f, window, 0);
		assert_int_equal(go(&f, jobs[k], N_ITEMS, &e), CZ_OK);
		assert_int_equal(f.finished, N_ITEMS);
		for (size_t i = 0; i < N_ITEMS; i++)
			assert_int_equal(f.prepared[i], 1);
		assert_true(f.max_in_flight <= window);
		assert_int_equal(f.workers, jobs[k] <= 1 ? 1 : jobs[k]);
		assert_int_equal(f.freed, f.workers);
		pthread_mutex_destroy(&f.mu);
	}
}

static void window_and_weight_bounds(void **state)
{
	fx f;
	cz_err e;

	(void)state;
	init(&f, 4, 0);
	assert_int_equal(go(&f, 4, N_ITEMS, &e), CZ_OK);
	assert_true(f.max_in_flight <= 4);
	assert_true(f.max_in_flight >= 2); /* the workers did overlap */
	pthread_mutex_destroy(&f.mu);

	/* weights are 1..7: at most 10 in flight, or one item alone */
	init(&f, 32, 10);
	assert_int_equal(go(&f, 4, N_ITEMS, &e), CZ_OK);
	assert_int_equal(f.finished, N_ITEMS);
	assert_true(f.max_weight <= 10);
	pthread_mutex_destroy(&f.mu);

	/* an item heavier than the bound still goes, alone */
	init(&f, 8, 1);
	assert_int_equal(go(&f, 3, 50, &e), CZ_OK);
	assert_int_equal(f.finished, 50);
	assert_int_equal(f.max_in_flight, 1);
	pthread_mutex_destroy(&f.mu);
}

static void prepare_failure_stops(void **state)
{
	fx f;
	cz_err e;

	(void)state;
	for (unsigned jobs = 1; jobs <= 4; jobs += 3) {
		init(&f, jobs <= 1 ? 1 : cz_pipeline_window(jobs), 0);
		f.fail_prepare_at = 123;
		assert_int_equal(go(&f, jobs, N_ITEMS, &e), CZ_EIO);
		assert_string_equal(e.msg, "item 123: cannot read");
		assert_true(f.finished <= 123); /* nothing past the failure finished */
		assert_int_equal(f.freed, f.workers);
		pthread_mutex_destroy(&f.mu);
	}
}

static void finish_failure_stops(void **state)
{
	fx f;
	cz_err e;

	(void)state;
	for (unsigned jobs = 1; jobs <= 4; jobs += 3) {
		init(&f, jobs <= 1 ? 1 : cz_pipeline_window(jobs), 0);
		f.fail_finish_at = 40;
		assert_int_equal(go(&f, jobs, N_ITEMS, &e), CZ_EDB);
		assert_string_equal(e.msg, "item 40: disk full");
		assert_int_equal(f.finished, 41);
		/* workers stopped within a window of the failure */
		for (size_t i = 41 + f.window; i < N_ITEMS; i++)
			assert_int_equal(f.prepared[i], 0);
		pthread_mutex_destroy(&f.mu);
	}
}

static void worker_setup_failure(void **state)
{
	fx f;
	cz_err e;

	(void)state;
	init(&f, cz_pipeline_window(3), 0);
	f.fail_worker_new = 2;
	assert_int_equal(go(&f, 3, N_ITEMS, &e), CZ_ENOMEM);
	assert_string_equal(e.msg, "worker 2: no memory");
	assert_int_equal(f.finished, 0);
	assert_int_equal(f.freed, 1); /* the first worker's state */
	pthread_mutex_destroy(&f.mu);
}

static void no_items_and_few_items(void **state)
{
	fx f;
	cz_err e;

	(void)state;
	init(&f, cz_pipeline_window(4), 0);
	assert_int_equal(go(&f, 4, 0, &e), CZ_OK);
	assert_int_equal(f.finished, 0);
	pthread_mutex_destroy(&f.mu);
	init(&f, cz_pipeline_window(8), 0);
	assert_int_equal(go(&f, 8, 3, &e), CZ_OK); /* more workers than items */
	assert_int_equal(f.finished, 3);
	assert_true(f.workers <= 3);
	pthread_mutex_destroy(&f.mu);
	assert_true(cz_pipeline_cpus() >= 1);
	assert_int_equal(cz_pipeline_window(1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_items_in_order),
		cmocka_unit_test(window_and_weight_bounds),
		cmocka_unit_test(prepare_failure_stops),
		cmocka_unit_test(finish_failure_stops),
		cmocka_unit_test(worker_setup_failure),
		cmocka_unit_test(no_items_and_few_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

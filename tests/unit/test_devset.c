/*
 * test_devset.c - precision and recall of the default rule pack on the
 * labeled development set (fixtures/rules-dev/devset.tsv, format in
 * fixtures/rules-dev/README.md).
 *
 * Each item of the set is evaluated as a note of its own through the
 * engine (cz_ruleset + cz_matcher), with every rule of the pack in $CZ_RULES.
 * A signal is predicted for an item when at least one of its rules has a
 * COUNTED hit there (excepted and capped hits are evidence, not scores).
 * Per signal: tp = predicted and labeled, fp = predicted not labeled,
 * fn = labeled not predicted; precision = tp/(tp+fp), recall = tp/(tp+fn).
 *
 * $CZ_DEVSET, when set, names another file in the same format to measure
 * instead (fixtures/rules-dev/holdout.tsv: its shape check fails by design,
 * the table is what matters). The test prints the table and every miss, and fails when a signal has
 * precision < 0.9 or recall < 0.8, when a labeled signal has no rule, when
 * a rule feeds a signal the set never labels, or when the set itself is too
 * small to measure anything (< 15 positives per signal, < 80 negatives).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "coalesce/buf.h"
#include "coalesce/err.h"
#include "coalesce/file.h"
#include "coalesce/match.h"
#include "coalesce/rule.h"

#define MAX_SIGNALS 64
#define MIN_POSITIVES 15
#define MIN_NEGATIVES 80
#define MIN_PRECISION 0.9
#define MIN_RECALL 0.8

typedef struct sig_stat {
	const char *name; /* borrowed from a rule or the set's text; not NUL-ended */
	size_t len;
	size_t tp, fp, fn, labeled;
	bool has_rule;
} sig_stat;

typedef struct devset {
	cz_buf file;            /* devset.tsv; items point into it */
	char **labels, **texts; /* per item: raw label field, unescaped text */
	size_t n;
	size_t negatives;
	sig_stat sig[MAX_SIGNALS];
	size_t n_sig;
	cz_ruleset rs;
} devset;

/* The stat for name, added when absent; NULL when the table is full. */
static sig_stat *stat_for(devset *ds, const char *name, size_t len)
{
	for (size_t i = 0; i < ds->n_sig; i++)
		if (ds->sig[i].len == len && !strncmp(ds->sig[i].name, name, len))
			return &ds->sig[i];
	if (ds->n_sig == MAX_SIGNALS)
		return NULL;
	memset(&ds->sig[ds->n_sig], 0, sizeof(ds->sig[0]));
	ds->sig[ds->n_sig].name = name;
	ds->sig[ds->n_sig].len = len;
	return &ds->sig[ds->n_sig++];
}

/* Whether the `;`-separated label field names signal[0..n). */
static bool labeled(const char *field, const char *signal, size_t n)
{
	const char *p = field;

	while (*p) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, signal, n))
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* Undo the set's escapes (\n, \t, \\) in place. */
static void unescape(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		if (*r == '\\' && (r[1] == 'n' || r[1] == 't' || r[1] == '\\')) {
			r++;
			*w++ = *r == 'n' ? '\n' : *r == 't' ? '\t' : '\\';
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* Split the file into items (in place); the set's labels register signals. */
static void parse_set(devset *ds)
{
	char *p = ds->file.data;
	size_t cap = 0;

	while (p && *p) {
		char *nl = strchr(p, '\n');
		char *tab;
		if (nl)
			*nl = '\0';
		if (*p && *p != '#') {
			tab = strchr(p, '\t');
			assert_non_null(tab);
			*tab = '\0';
			unescape(tab + 1);
			if (ds->n == cap) {
				cap = cap ? cap * 2 : 256;
				ds->labels = realloc(ds->labels, cap * sizeof(char *));
				ds->texts = realloc(ds->texts, cap * sizeof(char *));
				assert_non_null(ds->labels);
				assert_non_null(ds->texts);
			}
			ds->labels[ds->n] = p;
			ds->texts[ds->n] = tab + 1;
			ds->n++;
			if (!strcmp(p, "-")) {
				ds->negatives++;
			} else {
				for (char *l = p; *l;) {
					char *e = strchr(l, ';');
					size_t len = e ? (size_t)(e - l) : strlen(l);
					sig_stat *st = stat_for(ds, l, len);
					assert_non_null(st);
					st->labeled++;
					if (!e)
						break;
					l = e + 1;
				}
			}
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* Hit callback: mark the signal of every counted hit in the item's flags. */
typedef struct item_ctx {
	devset *ds;
	bool predicted[MAX_SIGNALS];
} item_ctx;

static cz_rc on_hit(void *ctx, const cz_seg *seg, const cz_hit *hit, cz_err *err)
{
	item_ctx *ic = ctx;
	sig_stat *st;

	(void)seg;
	(void)err;
	if (hit->status != CZ_HIT_COUNTED)
		return CZ_OK;
	st = stat_for(ic->ds, hit->rule->signal, strlen(hit->rule->signal));
	if (st)
		ic->predicted[st - ic->ds->sig] = true;
	return CZ_OK;
}

static int setup(void **state)
{
	const char *rules = getenv("CZ_RULES"), *fixtures = getenv("CZ_FIXTURES");
	devset *ds = calloc(1, sizeof(*ds));
	char path[4096];
	cz_err err;

	if (!ds || !rules || !fixtures) {
		fprintf(stderr, "test_devset: CZ_RULES and CZ_FIXTURES must be set\n");
		free(ds);
		return -1;
	}
	if (getenv("CZ_DEVSET")) /* measure another labeled file, e.g. holdout.tsv */
		snprintf(path, sizeof(path), "%s", getenv("CZ_DEVSET"));
	else
		snprintf(path, sizeof(path), "%s/rules-dev/devset.tsv", fixtures);
	cz_buf_init(&ds->file, 0);
	if (cz_file_read(path, (size_t)8 << 20, &ds->file, &err)) {
		fprintf(stderr, "test_devset: %s\n", err.msg);
		free(ds);
		return -1;
	}
	cz_ruleset_init(&ds->rs);
	if (cz_ruleset_load_dir(&ds->rs, rules, &err) || cz_ruleset_finish(&ds->rs, &err)) {
		fprintf(stderr, "test_devset: %s\n", err.msg);
		cz_ruleset_release(&ds->rs);
		cz_buf_release(&ds->file);
		free(ds);
		return -1;
	}
	parse_set(ds);
	*state = ds;
	return 0;
}

static int teardown(void **state)
{
	devset *ds = *state;

	if (!ds)
		return 0;
	cz_ruleset_release(&ds->rs);
	cz_buf_release(&ds->file);
	free(ds->labels);
	free(ds->texts);
	free(ds);
	return 0;
}

/* The set is big enough to measure every signal, and every signal has rules. */
static void test_devset_shape(void **state)
{
	devset *ds = *state;
	bool ok = true;

	for (size_t r = 0; r < ds->rs.n; r++) {
		const char *s = ds->rs.rules[r]->signal;
		sig_stat *st = stat_for(ds, s, strlen(s));
		assert_non_null(st);
		st->has_rule = true;
	}
	for (size_t i = 0; i < ds->n_sig; i++) {
		const sig_stat *st = &ds->sig[i];
		if (st->labeled < MIN_POSITIVES) {
			fprintf(stderr, "signal %.*s: %zu labeled items, need %d\n", (int)st->len,
				st->name, st->labeled, MIN_POSITIVES);
			ok = false;
		}
		if (!st->has_rule) {
			fprintf(stderr, "signal %.*s: labeled in the set but no rule feeds it\n",
				(int)st->len, st->name);
			ok = false;
		}
	}
	if (ds->negatives < MIN_NEGATIVES) {
		fprintf(stderr, "%zu items labeled '-', need %d\n", ds->negatives, MIN_NEGATIVES);
		ok = false;
	}
	assert_true(ok);
}

/* Precision and recall per signal of counted hits, against the labels. */
static void test_devset_scores(void **state)
{
	devset *ds = *state;
	cz_matcher *m = NULL;
	cz_err err;
	bool ok = true;

	assert_int_equal(cz_matcher_new(&m, &ds->rs, NULL, &err), CZ_OK);
	for (size_t i = 0; i < ds->n; i++) {
		item_ctx ic;
		memset(&ic, 0, sizeof(ic));
		ic.ds = ds;
		if (cz_matcher_note(m, ds->texts[i], strlen(ds->texts[i]), 0, NULL, on_hit, &ic,
				    &err)) {
			fprintf(stderr, "item %zu: %s\n", i + 1, err.msg);
			fail();
		}
		for (size_t s = 0; s < ds->n_sig; s++) {
			sig_stat *st = &ds->sig[s];
			bool want = labeled(ds->labels[i], st->name, st->len);
			if (ic.predicted[s] && want) {
				st->tp++;
			} else if (ic.predicted[s]) {
				st->fp++;
				printf("  FP %-28.*s %s\n", (int)st->len, st->name, ds->texts[i]);
			} else if (want) {
				st->fn++;
				printf("  FN %-28.*s %s\n", (int)st->len, st->name, ds->texts[i]);
			}
		}
	}
	cz_matcher_free(m);

	printf("%zu items (%zu labeled '-'), %zu rules\n", ds->n, ds->negatives, ds->rs.n);
	printf("%-28s %4s %4s %4s %9s %6s\n", "signal", "tp", "fp", "fn", "precision", "recall");
	for (size_t s = 0; s < ds->n_sig; s++) {
		const sig_stat *st = &ds->sig[s];
		double p = st->tp + st->fp ? (double)st->tp / (double)(st->tp + st->fp) : 0.0;
		double r = st->tp + st->fn ? (double)st->tp / (double)(st->tp + st->fn) : 0.0;
		bool good = p >= MIN_PRECISION && r >= MIN_RECALL;
		printf("%-28.*s %4zu %4zu %4zu %9.2f %6.2f%s\n", (int)st->len, st->name, st->tp,
		       st->fp, st->fn, p, r, good ? "" : "  << below target");
		if (!good)
			ok = false;
	}
	assert_true(ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_devset_shape),
		cmocka_unit_test(test_devset_scores),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

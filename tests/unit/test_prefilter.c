/*
 * test_prefilter.c - the multi-pattern prefilter: engine names, coverage
 * of awkward patterns, candidate ends, and the matcher giving the same hits
 * with and without it (the evidence is PCRE2's either way).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/match.h"
#include "coalesce/prefilter.h"

static void add_rule(cz_ruleset *rs, const char *name, const char *yaml)
{
	cz_rule *r;
	cz_err err = { CZ_OK, "" };

	if (cz_rule_parse(&r, "t/r.yml", "t", name, yaml, strlen(yaml), &err))
		fail_msg("rule: %s", err.msg);
	assert_int_equal(cz_ruleset_add(rs, r, &err), CZ_OK);
}

static const char *const rule_word =
	"id: t.word\nversion: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: line\n"
	"match:\n  - '\\b\\w{2,4}\\s+agreed\\b'\n";
static const char *const rule_anchor =
	"id: t.anchor\nversion: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: sentence\n"
	"match:\n  - '^(?<who>\\w+):\\s+ship\\b(?!\\s+nothing)'\n";
static const char *const rule_kelvin =
	"id: t.kelvin\nversion: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: line\n"
	"match:\n  - '\\bkit\\b'\n";

static void load(cz_ruleset *rs)
{
	cz_err err = { CZ_OK, "" };

	cz_ruleset_init(rs);
	add_rule(rs, "word", rule_word);
	add_rule(rs, "anchor", rule_anchor);
	add_rule(rs, "kelvin", rule_kelvin);
	assert_int_equal(cz_ruleset_finish(rs, &err), CZ_OK);
}

static void test_engine_parse(void **state)
{
	cz_engine e = CZ_ENGINE_PCRE2;

	(void)state;
	assert_true(cz_engine_parse("auto", &e));
	assert_int_equal(e, CZ_ENGINE_AUTO);
	assert_true(cz_engine_parse("pcre2", &e));
	assert_int_equal(e, CZ_ENGINE_PCRE2);
	assert_false(cz_engine_parse("hyperscan", &e));
	assert_false(cz_engine_parse("", &e));
}

static void test_pcre2_engine_builds_nothing(void **state)
{
	cz_ruleset rs;
	cz_prefilter *pf = (cz_prefilter *)&rs;
	cz_err err = { CZ_OK, "" };

	(void)state;
	load(&rs);
	assert_int_equal(cz_prefilter_build(&pf, &rs, CZ_ENGINE_PCRE2, NULL, &err), CZ_OK);
	assert_null(pf);
	assert_int_equal(cz_prefilter_covered(NULL, NULL), 0);
	cz_ruleset_release(&rs);
}

typedef struct got {
	char rows[32][64];
	size_t n;
} got;

static cz_rc collect(void *ctx, const cz_seg *seg, const cz_hit *h, cz_err *err)
{
	got *g = ctx;

	(void)seg;
	(void)err;
	if (g->n < 32)
		snprintf(g->rows[g->n++], 64, "%s %zu:%zu %zu-%zu", h->rule->id, h->line, h->col,
			 h->start, h->end);
	return CZ_OK;
}

static void eval(const cz_ruleset *rs, const cz_prefilter *pf, const char *text, got *g)
{
	cz_matcher *m;
	cz_err err = { CZ_OK, "" };

	memset(g, 0, sizeof(*g));
	assert_int_equal(cz_matcher_new(&m, rs, NULL, &err), CZ_OK);
	assert_int_equal(cz_matcher_use_prefilter(m, pf, &err), CZ_OK);
	assert_int_equal(cz_matcher_note(m, text, strlen(text), 0, NULL, collect, g, &err),
			 CZ_OK);
	cz_matcher_free(m);
}

static void test_same_hits(void **state)
{
	/* Accented words, an anchored rule in sentence scope, the Kelvin sign
	 * (U+212A) that caseless k matches under UCP, and lines without hits. */
	const char *text = "Zoë agreed to host. Renée said nothing.\n"
			   "Ana: ship the form. Bo: ship nothing.\n"
			   "The \xe2\x84\xaaIT is here, and the kit.\n"
			   "Nothing else happens on this line.\n";
	cz_ruleset rs;
	cz_prefilter *pf = NULL;
	cz_err err = { CZ_OK, "" };
	got with, without;
	size_t uncovered;

	(void)state;
	load(&rs);
	assert_int_equal(cz_prefilter_build(&pf, &rs, CZ_ENGINE_AUTO, NULL, &err), CZ_OK);
	if (cz_prefilter_available()) {
		assert_non_null(pf);
		assert_int_equal(cz_prefilter_covered(pf, &uncovered), 3);
		assert_int_equal(uncovered, 0);
	} else {
		assert_null(pf);
	}
	eval(&rs, pf, text, &with);
	eval(&rs, NULL, text, &without);
	assert_int_equal(with.n, 4);
	assert_int_equal(with.n, without.n);
	for (size_t i = 0; i < with.n; i++)
		assert_string_equal(with.rows[i], without.rows[i]);
	cz_prefilter_free(pf);
	cz_ruleset_release(&rs);
}

static void test_candidate_ends(void **state)
{
	const char *text = "x\nAbe agreed\nno\n";
	cz_ruleset rs;
	cz_prefilter *pf = NULL;
	cz_pfscan *s = NULL;
	cz_err err = { CZ_OK, "" };
	const size_t *ends;
	size_t n, word = 0;
	bool all;

	(void)state;
	if (!cz_prefilter_available())
		skip();
	load(&rs);
	assert_int_equal(cz_prefilter_build(&pf, &rs, CZ_ENGINE_AUTO, NULL, &err), CZ_OK);
	assert_int_equal(cz_pfscan_new(&s, pf, &err), CZ_OK);
	assert_int_equal(cz_pfscan_run(s, text, 0, strlen(text), &err), CZ_OK);
	while (strcmp(rs.rules[word]->id, "t.word"))
		word++;
	ends = cz_pfscan_ends(s, word, &n, &all);
	assert_false(all);
	/* "Abe agreed" ends at offset 12: a superset may add ends, never miss it. */
	assert_true(n >= 1);
	bool seen = false;
	for (size_t i = 0; i < n; i++)
		seen |= ends[i] == 12;
	assert_true(seen);
	cz_pfscan_free(s);
	cz_prefilter_free(pf);
	cz_ruleset_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_parse),
		cmocka_unit_test(test_pcre2_engine_builds_nothing),
		cmocka_unit_test(test_same_hits),
		cmocka_unit_test(test_candidate_ends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

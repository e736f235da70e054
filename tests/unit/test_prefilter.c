/*
 * test_prefilter.c - the multi-pattern prefilter: engine names, coverage
 * of awkward patterns, candidate ends, and the matcher giving the same hits
 * with and without it (the evidence is PCRE2's either way), and the cache
 * of compiled prefilters: hit, miss, damaged entries, an unusable
 * directory, and a cached prefilter equal to a fresh one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

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
	ends = cz_pfscan_ends(s, word, 0, &n, &all);
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

static const char *const rule_list =
	"id: t.list\nversion: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: line\n"
	"match:\n  - '^\\s*[-*]\\s+\\S'\n";
static const char *const rule_list_gated =
	"id: t.listg\nversion: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: line\n"
	"section: '^decisions?$'\nmatch:\n  - '^\\s*[-*]\\s+\\S'\n";

static void test_weak_gated_rule_left_to_pcre2(void **state)
{
	cz_ruleset rs;
	cz_prefilter *pf = NULL;
	cz_err err = { CZ_OK, "" };
	size_t i;

	(void)state;
	if (!cz_prefilter_available())
		skip();
	cz_ruleset_init(&rs);
	add_rule(&rs, "list", rule_list);
	add_rule(&rs, "listg", rule_list_gated);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(cz_prefilter_build(&pf, &rs, CZ_ENGINE_AUTO, NULL, &err), CZ_OK);
	assert_non_null(pf);
	for (i = 0; i < rs.n; i++)
		assert_int_equal(cz_prefilter_covers(pf, i), rs.rules[i]->section == NULL);
	cz_prefilter_free(pf);
	cz_ruleset_release(&rs);
}

static const char *const rule_gap =
	"id: t.gap\nversion: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: paragraph\n"
	"match:\n  - '\\bfinance\\s+will\\s+fund\\b'\n  - '\\blegal\\s+signs\\b'\n";

static void test_long_space_run(void **state)
{
	char text[512];
	cz_ruleset rs;
	cz_prefilter *pf = NULL;
	cz_pfscan *s = NULL;
	cz_err err = { CZ_OK, "" };
	got with, without;
	size_t n;
	bool all;

	(void)state;
	if (!cz_prefilter_available())
		skip();
	cz_ruleset_init(&rs);
	add_rule(&rs, "gap", rule_gap);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(cz_prefilter_build(&pf, &rs, CZ_ENGINE_AUTO, NULL, &err), CZ_OK);
	assert_int_equal(cz_pfscan_new(&s, pf, &err), CZ_OK);
	/* Short gaps: the fast database; each pattern gets its own ends. */
	snprintf(text, sizeof(text), "Finance will\xc2\xa0" "fund it.\n");
	assert_int_equal(cz_pfscan_run(s, text, 0, strlen(text), &err), CZ_OK);
	assert_false(cz_pfscan_safe(s));
	assert_non_null(cz_pfscan_ends(s, 0, 0, &n, &all));
	assert_int_equal(n, 1);
	cz_pfscan_ends(s, 0, 1, &n, &all);
	assert_int_equal(n, 0);
	/* The switch to the unbounded database: runs of 16 white space or
	 * non-ASCII bytes are fine, 17 are not, wherever they stand. */
	for (size_t len = 14; len <= 19; len++) {
		for (size_t at = 0; at < 40; at += 13) {
			memset(text, 'x', 60);
			for (size_t k = 0; k < len; k++)
				text[at + k] = k % 3 == 0 ? ' ' : k % 3 == 1 ? '\n' : '\xe9';
			text[at + len > 60 ? at + len : 60] = '\0';
			assert_int_equal(cz_pfscan_run(s, text, 0, strlen(text), &err), CZ_OK);
			assert_int_equal(cz_pfscan_safe(s), len > 16);
		}
	}
	/* A gap of 100 blanks: the unbounded database, the same hits. */
	snprintf(text, sizeof(text), "Finance%100swill fund it, and legal signs.\n", "");
	assert_int_equal(cz_pfscan_run(s, text, 0, strlen(text), &err), CZ_OK);
	assert_true(cz_pfscan_safe(s));
	cz_pfscan_ends(s, 0, 0, &n, &all);
	assert_int_equal(n, 1);
	eval(&rs, pf, text, &with);
	eval(&rs, NULL, text, &without);
	assert_int_equal(with.n, 2);
	assert_int_equal(with.n, without.n);
	for (size_t i = 0; i < with.n; i++)
		assert_string_equal(with.rows[i], without.rows[i]);
	cz_pfscan_free(s);
	cz_prefilter_free(pf);
	cz_ruleset_release(&rs);
}

/* The one cache entry in dir (asserts there is exactly one). */
static void entry_path(const char *dir, char out[512])
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "pf-", 3) && n++ == 0)
			tu_path(out, dir, e->d_name);
	closedir(d);
	assert_int_equal(n, 1);
}

/* Build with the cache in dir; whether it was a hit into *cached. */
static cz_prefilter *build_cached(const cz_ruleset *rs, const char *dir, bool *cached)
{
	cz_prefilter *pf = NULL;
	cz_err err = { CZ_OK, "" };

	assert_int_equal(cz_prefilter_build(&pf, rs, CZ_ENGINE_AUTO, dir, &err), CZ_OK);
	assert_non_null(pf);
	*cached = cz_prefilter_cached(pf);
	return pf;
}

/* Same coverage, same candidate ends on text, same hits as fresh. */
static void assert_same(const cz_ruleset *rs, const cz_prefilter *a, const cz_prefilter *b)
{
	const char *text = "Zoë agreed to host.\nAna: ship the form. Bo: ship nothing.\n"
			   "The \xe2\x84\xaaIT is here, and the kit. Abe  agreed.\n";
	cz_pfscan *sa, *sb;
	cz_err err = { CZ_OK, "" };
	size_t ua, ub;
	got ga, gb;

	assert_int_equal(cz_prefilter_covered(a, &ua), cz_prefilter_covered(b, &ub));
	assert_int_equal(ua, ub);
	assert_int_equal(cz_pfscan_new(&sa, a, &err), CZ_OK);
	assert_int_equal(cz_pfscan_new(&sb, b, &err), CZ_OK);
	assert_int_equal(cz_pfscan_run(sa, text, 0, strlen(text), &err), CZ_OK);
	assert_int_equal(cz_pfscan_run(sb, text, 0, strlen(text), &err), CZ_OK);
	for (size_t i = 0; i < rs->n; i++) {
		assert_int_equal(cz_prefilter_covers(a, i), cz_prefilter_covers(b, i));
		if (!cz_prefilter_covers(a, i))
			continue;
		for (size_t p = 0; p < rs->rules[i]->n_match; p++) {
			size_t na, nb;
			bool alla, allb;
			const size_t *ea = cz_pfscan_ends(sa, i, p, &na, &alla);
			const size_t *eb = cz_pfscan_ends(sb, i, p, &nb, &allb);
			assert_int_equal(na, nb);
			assert_int_equal(alla, allb);
			if (na && !alla)
				assert_memory_equal(ea, eb, na * sizeof(*ea));
		}
	}
	cz_pfscan_free(sa);
	cz_pfscan_free(sb);
	eval(rs, a, text, &ga);
	eval(rs, b, text, &gb);
	assert_true(ga.n > 0);
	assert_int_equal(ga.n, gb.n);
	for (size_t i = 0; i < ga.n; i++)
		assert_string_equal(ga.rows[i], gb.rows[i]);
}

/* A rule Vectorscan rejects (empty match) stays uncovered from the cache too. */
static const char *const rule_empty =
	"id: t.empty\nversion: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: line\n"
	"match:\n  - 'x*'\n";

static void test_cache_hit_equals_fresh(void **state)
{
	char tmp[256], dir[512];
	cz_ruleset rs;
	cz_prefilter *fresh, *cold, *warm;
	cz_err err = { CZ_OK, "" };
	size_t uncovered;
	bool cached;

	(void)state;
	if (!cz_prefilter_available())
		skip();
	tu_tmpdir(tmp);
	tu_path(dir, tmp, "cache");
	cz_ruleset_init(&rs);
	add_rule(&rs, "word", rule_word);
	add_rule(&rs, "anchor", rule_anchor);
	add_rule(&rs, "kelvin", rule_kelvin);
	add_rule(&rs, "empty", rule_empty);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);

	assert_int_equal(cz_prefilter_build(&fresh, &rs, CZ_ENGINE_AUTO, NULL, &err), CZ_OK);
	assert_false(cz_prefilter_cached(fresh));
	assert_int_equal(cz_prefilter_covered(fresh, &uncovered), 3);
	assert_int_equal(uncovered, 1);
	cold = build_cached(&rs, dir, &cached);
	assert_false(cached);
	warm = build_cached(&rs, dir, &cached);
	assert_true(cached);
	assert_same(&rs, fresh, cold);
	assert_same(&rs, fresh, warm);
	cz_prefilter_free(fresh);
	cz_prefilter_free(cold);
	cz_prefilter_free(warm);
	cz_ruleset_release(&rs);
	tu_rmrf(tmp);
}

/* Another rule set gets another entry; the first one is still a hit. */
static void test_cache_key_follows_patterns(void **state)
{
	char tmp[256];
	cz_ruleset a, b;
	cz_prefilter *pf;
	cz_err err = { CZ_OK, "" };
	bool cached;

	(void)state;
	if (!cz_prefilter_available())
		skip();
	tu_tmpdir(tmp);
	load(&a);
	cz_ruleset_init(&b);
	add_rule(&b, "word", rule_word);
	add_rule(&b, "kelvin", rule_kelvin);
	assert_int_equal(cz_ruleset_finish(&b, &err), CZ_OK);
	cz_prefilter_free(build_cached(&a, tmp, &cached));
	assert_false(cached);
	pf = build_cached(&b, tmp, &cached);
	assert_false(cached);
	assert_int_equal(cz_prefilter_covered(pf, NULL), 2);
	cz_prefilter_free(pf);
	pf = build_cached(&a, tmp, &cached);
	assert_true(cached);
	assert_int_equal(cz_prefilter_covered(pf, NULL), 3);
	cz_prefilter_free(pf);
	cz_ruleset_release(&a);
	cz_ruleset_release(&b);
	tu_rmrf(tmp);
}

/* Damage the entry: how 0 truncates it, 1 changes a byte of the serialized
 * database, 2 puts another rule set's entry under its name (wrong key),
 * 3 changes a byte of the magic. Each is a miss that compiles, gives the
 * same prefilter and rewrites the entry, so the next build hits again. */
static void test_cache_damaged(void **state)
{
	char tmp[256], dir_a[512], dir_b[512], path[512], other[512];
	cz_ruleset rs, rs_b;
	cz_prefilter *fresh, *pf;
	cz_err err = { CZ_OK, "" };
	bool cached;

	(void)state;
	if (!cz_prefilter_available())
		skip();
	tu_tmpdir(tmp);
	tu_path(dir_a, tmp, "a");
	tu_path(dir_b, tmp, "b");
	load(&rs);
	cz_ruleset_init(&rs_b);
	add_rule(&rs_b, "word", rule_word);
	assert_int_equal(cz_ruleset_finish(&rs_b, &err), CZ_OK);
	cz_prefilter_free(build_cached(&rs_b, dir_b, &cached));
	entry_path(dir_b, other);
	assert_int_equal(cz_prefilter_build(&fresh, &rs, CZ_ENGINE_AUTO, NULL, &err), CZ_OK);
	for (int how = 0; how < 4; how++) {
		FILE *f;
		long size;
		cz_prefilter_free(build_cached(&rs, dir_a, &cached));
		entry_path(dir_a, path);
		f = fopen(path, "r+b");
		assert_non_null(f);
		assert_int_equal(fseek(f, 0, SEEK_END), 0);
		size = ftell(f);
		assert_true(size > 200);
		fclose(f);
		if (how == 0) {
			assert_int_equal(truncate(path, size / 2), 0);
		} else if (how == 1 || how == 3) {
			f = fopen(path, "r+b");
			assert_int_equal(fseek(f, how == 1 ? size - 7 : 3, SEEK_SET), 0);
			assert_int_equal(fputc('#', f), '#');
			fclose(f);
		} else {
			size_t n;
			FILE *in = fopen(other, "rb");
			char *buf = malloc(1 << 20);
			assert_non_null(in);
			assert_non_null(buf);
			n = fread(buf, 1, 1 << 20, in);
			fclose(in);
			f = fopen(path, "wb");
			assert_int_equal(fwrite(buf, 1, n, f), n);
			fclose(f);
			free(buf);
		}
		pf = build_cached(&rs, dir_a, &cached);
		assert_false(cached);
		assert_same(&rs, fresh, pf);
		cz_prefilter_free(pf);
		pf = build_cached(&rs, dir_a, &cached);
		assert_true(cached);
		assert_same(&rs, fresh, pf);
		cz_prefilter_free(pf);
	}
	cz_prefilter_free(fresh);
	cz_ruleset_release(&rs);
	cz_ruleset_release(&rs_b);
	tu_rmrf(tmp);
}

/* A cache directory that cannot exist: the build works, uncached. */
static void test_cache_unusable_dir(void **state)
{
	char tmp[256], file[512], dir[512];
	cz_ruleset rs;
	cz_prefilter *pf;
	bool cached;

	(void)state;
	if (!cz_prefilter_available())
		skip();
	tu_tmpdir(tmp);
	tu_write(tmp, "plain", "x", 1, file);
	tu_path(dir, file, "cache");
	load(&rs);
	for (int i = 0; i < 2; i++) {
		pf = build_cached(&rs, dir, &cached);
		assert_false(cached);
		assert_int_equal(cz_prefilter_covered(pf, NULL), 3);
		cz_prefilter_free(pf);
	}
	cz_ruleset_release(&rs);
	tu_rmrf(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_parse),
		cmocka_unit_test(test_pcre2_engine_builds_nothing),
		cmocka_unit_test(test_same_hits),
		cmocka_unit_test(test_candidate_ends),
		cmocka_unit_test(test_weak_gated_rule_left_to_pcre2),
		cmocka_unit_test(test_long_space_run),
		cmocka_unit_test(test_cache_hit_equals_fresh),
		cmocka_unit_test(test_cache_key_follows_patterns),
		cmocka_unit_test(test_cache_damaged),
		cmocka_unit_test(test_cache_unusable_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

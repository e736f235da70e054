/*
 * test_regex.c - the PCRE2 adapter: compile errors with offsets, UTF/UCP
 * caseless matching, start offsets at the boundaries, groups and names,
 * match limits, and invalid UTF-8 subjects.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/regex.h"
#include "testutil.h"

static cz_regex *compile(const char *pat, unsigned flags)
{
	cz_regex *re = NULL;
	cz_err e;

	if (cz_regex_compile(&re, pat, flags, &e))
		fail_msg("compile '%s': %s", pat, e.msg);
	return re;
}

static bool finds(const cz_regex *re, cz_rematch *md, const char *subj, size_t start,
		  size_t *ms, size_t *me)
{
	bool found = true;
	cz_err e;

	tu_err_poison(&e);
	assert_int_equal(cz_regex_find(re, md, subj, strlen(subj), start, 0, &found, ms, me, &e),
			 CZ_OK);
	tu_assert_untouched(e);
	return found;
}

static void compile_errors_name_offset(void **state)
{
	cz_regex *re = (cz_regex *)&re; /* must stay untouched */
	cz_regex *keep = re;
	cz_err e;

	(void)state;
	assert_int_equal(cz_regex_compile(&re, "(abc", 0, &e), CZ_EDATA);
	assert_string_equal(e.msg, "at offset 4: missing closing parenthesis");
	assert_ptr_equal(re, keep);
	assert_int_equal(cz_regex_compile(&re, "a{2,1}", 0, &e), CZ_EDATA);
	tu_assert_err(e, CZ_EDATA, "at offset 5: ");
	assert_int_equal(cz_regex_compile(&re, "[z-a]", 0, &e), CZ_EDATA);
	tu_assert_err(e, CZ_EDATA, "at offset 3: range out of order");
	assert_int_equal(cz_regex_compile(&re, "caf\xe9", 0, &e), CZ_EDATA); /* not UTF-8 */
	tu_assert_err(e, CZ_EDATA, "at offset 3: UTF-8 error");
	cz_regex_free(NULL);
}

static void pattern_and_jit(void **state)
{
	cz_regex *re;

	(void)state;
	re = compile("billing|ledger", 0);
	assert_string_equal(cz_regex_pattern(re), "billing|ledger");
	(void)cz_regex_jitted(re); /* either is valid; must not crash */
	assert_int_equal(cz_regex_name_count(re), 0);
	cz_regex_free(re);
}

static void find_and_offsets(void **state)
{
	cz_regex *re = compile("b+", 0);
	cz_rematch *md;
	size_t s = 0, e = 0;
	bool found;
	cz_err err;

	(void)state;
	assert_int_equal(cz_rematch_new(&md, 0, 0, &err), CZ_OK);
	assert_true(finds(re, md, "aabbbcb", 0, &s, &e));
	assert_int_equal(s, 2);
	assert_int_equal(e, 5);
	assert_true(finds(re, md, "aabbbcb", 5, &s, &e)); /* from an offset */
	assert_int_equal(s, 6);
	assert_int_equal(e, 7);
	assert_false(finds(re, md, "aabbbcb", 7, &s, &e)); /* start == len */
	assert_false(finds(re, md, "aabbbcb", 8, &s, &e)); /* start > len */
	assert_false(finds(re, md, "xyz", 0, NULL, NULL));
	/* len is honoured: the subject need not be NUL-terminated there */
	found = true;
	assert_int_equal(cz_regex_find(re, md, "aab", 2, 0, 0, &found, NULL, NULL, &err), CZ_OK);
	assert_false(found);
	cz_regex_free(re);
	/* NOTEMPTY: an empty match is not a match */
	re = compile("x*", 0);
	assert_true(finds(re, md, "abc", 0, &s, &e));
	assert_int_equal(e - s, 0);
	found = true;
	assert_int_equal(cz_regex_find(re, md, "abc", 3, 0, CZ_RE_NOTEMPTY, &found, &s, &e, &err),
			 CZ_OK);
	assert_false(found);
	cz_regex_free(re);
	cz_rematch_free(md);
	cz_rematch_free(NULL);
}

static void caseless_unicode(void **state)
{
	cz_regex *re = compile("\\b\xc3\xa9t\xc3\xa9\\b", CZ_RE_CASELESS); /* \bété\b */
	cz_regex *cs = compile("\xc3\xa9t\xc3\xa9", 0);
	cz_regex *w = compile("^\\w+$", 0);
	cz_rematch *md;
	size_t s, e;

	(void)state;
	assert_int_equal(cz_rematch_new(&md, 0, 0, NULL), CZ_OK);
	assert_true(finds(re, md, "un \xc3\x89T\xc3\x89 chaud", 0, &s, &e)); /* ÉTÉ */
	assert_int_equal(s, 3);
	assert_int_equal(e, 8);
	assert_false(finds(re, md, "\xc3\xa9t\xc3\xa9s", 0, &s, &e)); /* no word end */
	assert_false(finds(cs, md, "\xc3\x89T\xc3\x89", 0, &s, &e));
	assert_true(finds(w, md, "na\xc3\xafve", 0, &s, &e)); /* UCP: ï is a word char */
	cz_regex_free(re);
	cz_regex_free(cs);
	cz_regex_free(w);
	cz_rematch_free(md);
}

static void multiline_flag(void **state)
{
	cz_regex *ml = compile("^two$", CZ_RE_MULTILINE);
	cz_regex *sl = compile("^two$", 0);
	cz_rematch *md;
	size_t s, e;

	(void)state;
	assert_int_equal(cz_rematch_new(&md, 0, 0, NULL), CZ_OK);
	assert_true(finds(ml, md, "one\ntwo\nthree", 0, &s, &e));
	assert_int_equal(s, 4);
	assert_false(finds(sl, md, "one\ntwo\nthree", 0, &s, &e));
	cz_regex_free(ml);
	cz_regex_free(sl);
	cz_rematch_free(md);
}

static void groups_and_names(void **state)
{
	cz_regex *re = compile("(?<who>[A-Z]\\w+) (agreed|objected)( strongly)?", 0);
	cz_rematch *md;
	size_t s, e, gs = 0, ge = 0;
	unsigned g = 0;

	(void)state;
	assert_int_equal(cz_rematch_new(&md, 0, 0, NULL), CZ_OK);
	assert_int_equal(cz_regex_name_count(re), 1);
	assert_string_equal(cz_regex_name(re, 0, &g), "who");
	assert_int_equal(g, 1);
	assert_null(cz_regex_name(re, 1, &g));
	assert_true(finds(re, md, "then Dana agreed.", 0, &s, &e));
	assert_true(cz_rematch_group(md, 0, &gs, &ge));
	assert_int_equal(gs, 5);
	assert_int_equal(ge, 16);
	assert_true(cz_rematch_group(md, 1, &gs, &ge));
	assert_int_equal(gs, 5);
	assert_int_equal(ge, 9);
	assert_true(cz_rematch_group(md, 2, &gs, &ge));
	assert_int_equal(gs, 10);
	assert_false(cz_rematch_group(md, 3, &gs, &ge)); /* did not take part */
	assert_false(cz_rematch_group(md, 4, &gs, &ge)); /* no such group */
	assert_false(cz_rematch_group(md, 1000, &gs, &ge));
	cz_regex_free(re);
	cz_rematch_free(md);
}

static void groups_do_not_leak_between_patterns(void **state)
{
	cz_regex *two = compile("(a)(b)(c)", 0);
	cz_regex *one = compile("(x)", 0);
	cz_rematch *md;
	size_t s, e, gs, ge;

	(void)state;
	assert_int_equal(cz_rematch_new(&md, 0, 0, NULL), CZ_OK);
	assert_true(finds(two, md, "abc", 0, &s, &e));
	assert_true(cz_rematch_group(md, 3, &gs, &ge));
	/* the same match data reused for a pattern with fewer groups */
	assert_true(finds(one, md, "x", 0, &s, &e));
	assert_true(cz_rematch_group(md, 1, &gs, &ge));
	assert_false(cz_rematch_group(md, 2, &gs, &ge));
	assert_false(cz_rematch_group(md, 3, &gs, &ge));
	cz_regex_free(two);
	cz_regex_free(one);
	cz_rematch_free(md);
}

static void match_limit_is_elimit(void **state)
{
	cz_regex *re = compile("^(a+)+$", 0);
	cz_rematch *md, *unlimited;
	char subj[40];
	bool found = true;
	cz_err e;

	(void)state;
	memset(subj, 'a', sizeof(subj) - 2);
	subj[sizeof(subj) - 2] = 'b';
	subj[sizeof(subj) - 1] = '\0';
	assert_int_equal(cz_rematch_new(&md, 1000, 0, &e), CZ_OK);
	assert_int_equal(cz_regex_find(re, md, subj, strlen(subj), 0, 0, &found, NULL, NULL, &e),
			 CZ_ELIMIT);
	assert_string_equal(e.msg, "pattern '^(a+)+$' hit its match limit");
	assert_false(found);
	/* the same pattern within its limit on a short subject */
	assert_int_equal(cz_regex_find(re, md, "aaa", 3, 0, 0, &found, NULL, NULL, &e), CZ_OK);
	assert_true(found);
	assert_int_equal(cz_rematch_new(&unlimited, 0, 0, &e), CZ_OK);
	assert_int_equal(cz_regex_find(re, unlimited, "aaab", 4, 0, 0, &found, NULL, NULL, &e),
			 CZ_OK);
	assert_false(found);
	cz_rematch_free(unlimited);
	cz_rematch_free(md);
	cz_regex_free(re);
}

static void invalid_utf8_subject(void **state)
{
	cz_regex *re = compile("x", 0);
	cz_rematch *md;
	bool found = true;
	cz_err e;

	(void)state;
	assert_int_equal(cz_rematch_new(&md, 0, 0, NULL), CZ_OK);
	assert_int_equal(cz_regex_find(re, md, "a\xff x", 4, 0, 0, &found, NULL, NULL, &e),
			 CZ_EDATA);
	tu_assert_err(e, CZ_EDATA, "regex match failed: UTF-8 error");
	assert_false(found);
	cz_rematch_free(md);
	cz_regex_free(re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compile_errors_name_offset),
		cmocka_unit_test(pattern_and_jit),
		cmocka_unit_test(find_and_offsets),
		cmocka_unit_test(caseless_unicode),
		cmocka_unit_test(multiline_flag),
		cmocka_unit_test(groups_and_names),
		cmocka_unit_test(groups_do_not_leak_between_patterns),
		cmocka_unit_test(match_limit_is_elimit),
		cmocka_unit_test(invalid_utf8_subject),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_cands.c - a scope's units as spans (front matter lines skipped),
 * and the candidate cursors: which unit holds an end (ends count in
 * (start, end]), the next unit holding one (ends between units skipped,
 * several patterns merged), and every unit when the rule is not covered or
 * every unit is a candidate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/cands.h"

static const char note[] = "---\n"
			   "title: t\n"
			   "---\n"
			   "Alpha one.\n"
			   "Beta two.\n"
			   "\n"
			   "Gamma three.\n"
			   "Delta four.\n";

static size_t at(const char *s)
{
	const char *p = strstr(note, s);

	if (!p)
		fail_msg("'%s' is not in the note", s);
	return (size_t)(p - note);
}

static void build(cz_seg *seg)
{
	cz_err err = { CZ_OK, "" };

	if (cz_seg_build(seg, note, strlen(note), at("Alpha"), &err))
		fail_msg("segment: %s", err.msg);
}

static void test_units(void **state)
{
	cz_seg seg;
	size_t first, a, b;

	(void)state;
	build(&seg);
	assert_int_equal(cz_units_count(&seg, CZ_SCOPE_LINE, &first), seg.n_lines);
	assert_int_equal(first, 3); /* the three front matter lines */
	cz_unit_span(&seg, CZ_SCOPE_LINE, first, &a, &b);
	assert_int_equal(a, at("Alpha"));
	assert_int_equal(b, at("Alpha") + strlen("Alpha one."));
	assert_int_equal(cz_units_count(&seg, CZ_SCOPE_PARAGRAPH, &first), 2);
	assert_int_equal(first, 0);
	cz_unit_span(&seg, CZ_SCOPE_PARAGRAPH, 1, &a, &b);
	assert_int_equal(a, at("Gamma"));
	assert_int_equal(cz_units_count(&seg, CZ_SCOPE_NOTE, &first), 1);
	cz_unit_span(&seg, CZ_SCOPE_NOTE, 0, &a, &b);
	assert_int_equal(a, at("Alpha"));
	assert_int_equal(b, strlen(note));
	cz_seg_release(&seg);
}

static void test_cursors(void **state)
{
	cz_seg seg;
	cz_pcands p[2];
	cz_cands c = { true, false, 0, p };
	/* pattern 0 ends in "Beta" and in "Delta"; pattern 1 in "Gamma" */
	size_t e0[2], e1[1];
	size_t first, n, u, a, b;

	(void)state;
	build(&seg);
	e0[0] = at("Beta") + 4;
	e0[1] = at("Delta") + 5;
	e1[0] = at("Gamma") + 5;
	memset(p, 0, sizeof(p));
	p[0].ends = e0;
	p[0].n = 2;
	p[1].ends = e1;
	p[1].n = 1;
	c.n = 3;
	n = cz_units_count(&seg, CZ_SCOPE_LINE, &first);
	/* lines: Alpha (3), Beta (4), blank (5), Gamma (6), Delta (7) */
	u = cz_cands_next_unit(&c, 2, &seg, CZ_SCOPE_LINE, first, n);
	assert_int_equal(u, 4);
	cz_unit_span(&seg, CZ_SCOPE_LINE, u, &a, &b);
	assert_true(cz_cands_in_unit(&c, 2, a, b));
	assert_true(p[0].here);
	assert_false(p[1].here);
	u = cz_cands_next_unit(&c, 2, &seg, CZ_SCOPE_LINE, u + 1, n);
	assert_int_equal(u, 6); /* the blank line is skipped; pattern 1's end */
	cz_unit_span(&seg, CZ_SCOPE_LINE, u, &a, &b);
	assert_true(cz_cands_in_unit(&c, 2, a, b));
	assert_false(p[0].here);
	assert_true(p[1].here);
	u = cz_cands_next_unit(&c, 2, &seg, CZ_SCOPE_LINE, u + 1, n);
	assert_int_equal(u, 7);
	assert_int_equal(cz_cands_next_unit(&c, 2, &seg, CZ_SCOPE_LINE, u + 1, n), n);
	/* an end at a unit's start belongs to the unit before */
	cz_unit_span(&seg, CZ_SCOPE_LINE, 7, &a, &b);
	assert_false(cz_cands_in_unit(&c, 2, at("Delta") + 5, b));
	/* asked out of order, the cursors start again */
	cz_unit_span(&seg, CZ_SCOPE_LINE, 4, &a, &b);
	assert_true(cz_cands_in_unit(&c, 2, a, b));
	/* paragraphs: both hold an end */
	memset(p, 0, sizeof(p));
	p[0].ends = e0;
	p[0].n = 2;
	p[1].ends = e1;
	p[1].n = 1;
	n = cz_units_count(&seg, CZ_SCOPE_PARAGRAPH, &first);
	assert_int_equal(cz_cands_next_unit(&c, 2, &seg, CZ_SCOPE_PARAGRAPH, 0, n), 0);
	assert_int_equal(cz_cands_next_unit(&c, 2, &seg, CZ_SCOPE_PARAGRAPH, 1, n), 1);
	cz_seg_release(&seg);
}

static void test_every_unit(void **state)
{
	cz_seg seg;
	cz_pcands p[1];
	cz_cands off = { false, false, 0, p }, all = { true, true, 0, p };
	size_t first, n;

	(void)state;
	build(&seg);
	memset(p, 0, sizeof(p)); /* no ends at all */
	n = cz_units_count(&seg, CZ_SCOPE_LINE, &first);
	assert_int_equal(cz_cands_next_unit(&off, 1, &seg, CZ_SCOPE_LINE, first, n), first);
	assert_true(cz_cands_in_unit(&off, 1, 0, 1));
	assert_int_equal(cz_cands_next_unit(&all, 1, &seg, CZ_SCOPE_LINE, 5, n), 5);
	assert_true(cz_cands_in_unit(&all, 1, 0, 1));
	/* covered, no ends: no unit */
	all.all = false;
	assert_int_equal(cz_cands_next_unit(&all, 1, &seg, CZ_SCOPE_LINE, first, n), n);
	assert_false(cz_cands_in_unit(&all, 1, 0, strlen(note)));
	cz_seg_release(&seg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_cursors),
		cmocka_unit_test(test_every_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

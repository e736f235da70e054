/*
 * test_rxtree.c - the pattern syntax tree: node kinds and counts, classes
 * reduced to ASCII sets (case folding, the KELVIN SIGN and LONG S cases,
 * negation, POSIX names, escapes, white space), option scoping, lookaround
 * kept as an assertion, what is refused, the depth bound, and the three
 * structural questions (nullable, edge-free, nested unbounded repeats);
 * and rxset.c's set operations called directly.
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

#include "coalesce/rxtree.h"

static cz_rx *parse(const char *pattern, bool caseless)
{
	cz_rx *rx = NULL;
	cz_err err = { CZ_OK, "" };

	if (cz_rx_parse(&rx, pattern, caseless, &err))
		fail_msg("%s: %s", pattern, err.msg);
	assert_non_null(rx);
	return rx;
}

static void refused(const char *pattern)
{
	cz_rx *rx = (cz_rx *)1;
	cz_err err = { CZ_OK, "" };

	assert_int_equal(cz_rx_parse(&rx, pattern, false, &err), CZ_EDATA);
	assert_null(rx);
	assert_non_null(strstr(err.msg, "pattern offset"));
}

/* The members of a set among the printable ASCII characters, as a string. */
static void members(const cz_rx_set *s, char out[128])
{
	size_t n = 0;

	for (unsigned c = 32; c < 127; c++)
		if (cz_rx_set_has(s, (unsigned char)c))
			out[n++] = (char)c;
	out[n] = '\0';
}

static void test_shape(void **state)
{
	cz_rx *rx;

	(void)state;
	rx = parse("ab|c(?:d)*", false);
	assert_int_equal(rx->kind, CZ_RX_ALT);
	assert_int_equal(rx->n, 2);
	assert_int_equal(rx->kids[0]->kind, CZ_RX_CAT);
	assert_int_equal(rx->kids[0]->n, 2);
	assert_int_equal(rx->kids[0]->kids[1]->c, 'b');
	assert_int_equal(rx->kids[1]->kids[1]->kind, CZ_RX_REPEAT);
	assert_int_equal(rx->kids[1]->kids[1]->min, 0);
	assert_int_equal(rx->kids[1]->kids[1]->max, CZ_RX_INF);
	assert_int_equal(rx->kids[1]->kids[1]->kids[0]->kind, CZ_RX_GROUP);
	cz_rx_free(rx);

	/* Counted repeats, lazy and possessive suffixes, a literal brace. */
	rx = parse("x{2,5}?y{3}+z{4,}w{x", false);
	assert_int_equal(rx->kind, CZ_RX_CAT);
	assert_int_equal(rx->n, 6);
	assert_int_equal(rx->kids[0]->min, 2);
	assert_int_equal(rx->kids[0]->max, 5);
	assert_int_equal(rx->kids[1]->min, 3);
	assert_int_equal(rx->kids[1]->max, 3);
	assert_int_equal(rx->kids[2]->max, CZ_RX_INF);
	assert_int_equal(rx->kids[4]->kind, CZ_RX_CHAR);
	assert_int_equal(rx->kids[4]->c, '{');
	cz_rx_free(rx);

	/* UTF-8 literals decode to code points; \Q...\E is literal. */
	rx = parse("\xc3\xa9\xe2\x80\x99\\Q.*\\E", false);
	assert_int_equal(rx->kids[0]->c, 0xe9);
	assert_int_equal(rx->kids[1]->c, 0x2019);
	assert_int_equal(rx->kids[2]->kind, CZ_RX_CAT);
	assert_int_equal(rx->kids[2]->kids[0]->c, '.');
	assert_int_equal(rx->kids[2]->kids[1]->c, '*');
	cz_rx_free(rx);

	/* Escapes that stand for one character. */
	rx = parse("\\x41\\x{263a}\\t\\.\\cA\\o{101}\\0101", false);
	assert_int_equal(rx->kids[0]->c, 'A');
	assert_int_equal(rx->kids[1]->c, 0x263a);
	assert_int_equal(rx->kids[2]->c, '\t');
	assert_int_equal(rx->kids[3]->c, '.');
	assert_int_equal(rx->kids[4]->c, 1);
	assert_int_equal(rx->kids[5]->c, 'A');
	assert_int_equal(rx->kids[6]->c, 8);
	assert_int_equal(rx->kids[7]->c, '1');
	cz_rx_free(rx);
}

static void test_classes(void **state)
{
	char m[128];
	cz_rx *rx;

	(void)state;
	rx = parse("[a-c_]", false);
	members(&rx->set, m);
	assert_string_equal(m, "_abc");
	assert_false(rx->set.non_ascii);
	cz_rx_free(rx);

	/* Caseless: both cases; k and s also reach outside ASCII. */
	rx = parse("[ab]", true);
	members(&rx->set, m);
	assert_string_equal(m, "ABab");
	assert_false(rx->set.non_ascii);
	cz_rx_free(rx);
	rx = parse("[k]", true);
	assert_true(rx->set.non_ascii);
	cz_rx_free(rx);
	rx = parse("s", true);
	assert_int_equal(rx->kind, CZ_RX_CHAR);
	assert_true(rx->caseless);
	cz_rx_free(rx);

	/* Negation, \d inside a class, a leading ] and an escaped dash. */
	rx = parse("[^\\d]", false);
	assert_false(cz_rx_set_has(&rx->set, '5'));
	assert_true(cz_rx_set_has(&rx->set, 'x'));
	assert_true(rx->set.non_ascii);
	assert_false(rx->set.space_only);
	cz_rx_free(rx);
	rx = parse("[]\\-x]", false);
	members(&rx->set, m);
	assert_string_equal(m, "-]x");
	cz_rx_free(rx);

	/* White space: \s, \h and [:space:] are white space only. */
	rx = parse("\\s", false);
	assert_true(cz_rx_set_has(&rx->set, ' '));
	assert_true(cz_rx_set_has(&rx->set, '\n'));
	assert_true(rx->set.non_ascii);
	assert_true(rx->set.space_only);
	cz_rx_free(rx);
	rx = parse("[\\h[:space:]]", false);
	assert_true(rx->set.space_only);
	cz_rx_free(rx);
	rx = parse("[\\s\xc2\xa0]", false); /* a literal member: any non-ASCII */
	assert_false(rx->set.space_only);
	cz_rx_free(rx);

	/* POSIX classes, negated too; the dot and \N. */
	rx = parse("[[:digit:][:^alpha:]]", false);
	assert_true(cz_rx_set_has(&rx->set, '7'));
	assert_true(cz_rx_set_has(&rx->set, '#'));
	assert_false(cz_rx_set_has(&rx->set, 'q'));
	cz_rx_free(rx);
	rx = parse("(?s:.)\\N", false);
	assert_true(cz_rx_set_has(&rx->kids[0]->kids[0]->set, '\n'));
	assert_false(cz_rx_set_has(&rx->kids[1]->set, '\n'));
	assert_true(rx->kids[1]->set.non_ascii);
	cz_rx_free(rx);
}

/* rxset.c alone: building, folding, inverting and joining sets. */
static void test_sets(void **state)
{
	cz_rx_set a, b;
	char m[128];

	(void)state;
	memset(&a, 0, sizeof(a));
	cz_rx_set_add_range(&a, 'a', 'c');
	cz_rx_set_add(&a, 'k');
	members(&a, m);
	assert_string_equal(m, "abck");
	assert_false(a.non_ascii);
	cz_rx_set_fold(&a); /* k folds to KELVIN SIGN too */
	members(&a, m);
	assert_string_equal(m, "ABCKabck");
	assert_true(a.non_ascii);
	assert_true(cz_rx_set_escape('s', &b));
	assert_true(b.non_ascii && b.space_only);
	cz_rx_set_union(&a, &b); /* a's KELVIN SIGN is no white space */
	assert_true(a.non_ascii);
	assert_false(a.space_only);
	assert_true(cz_rx_set_escape('D', &b));
	assert_false(cz_rx_set_has(&b, '7'));
	assert_true(cz_rx_set_has(&b, 'x'));
	cz_rx_set_invert(&b);
	assert_true(cz_rx_set_has(&b, '7'));
	assert_false(cz_rx_set_escape('q', &b));
	assert_true(cz_rx_set_posix("xdigit", 6, &b));
	members(&b, m);
	assert_string_equal(m, "0123456789ABCDEFabcdef");
	assert_true(cz_rx_set_posix("ascii", 5, &b));
	assert_false(b.non_ascii);
	assert_false(cz_rx_set_posix("alphabet", 8, &b));
}

static void test_options(void **state)
{
	cz_rx *rx;

	(void)state;
	/* (?i) lasts to the end of its group, later alternatives included. */
	rx = parse("a(?:b(?i)c|d)e", false);
	assert_false(rx->kids[0]->caseless);
	{
		const cz_rx *alt = rx->kids[1]->kids[0];
		assert_int_equal(alt->kind, CZ_RX_ALT);
		assert_false(alt->kids[0]->kids[0]->caseless);
		assert_true(alt->kids[0]->kids[2]->caseless);
		assert_true(alt->kids[1]->caseless);
	}
	assert_false(rx->kids[2]->caseless);
	cz_rx_free(rx);

	/* (?-i:...) inside a caseless pattern; a named group. */
	rx = parse("x(?-i:Y)(?<who>z)", true);
	assert_true(rx->kids[0]->caseless);
	assert_false(rx->kids[1]->kids[0]->caseless);
	assert_true(rx->kids[2]->kids[0]->caseless);
	cz_rx_free(rx);
}

static void test_assertions(void **state)
{
	cz_rx *rx;

	(void)state;
	rx = parse("^\\bx(?=y)(?<!z)$", false);
	assert_int_equal(rx->kids[0]->assert, CZ_RXA_START);
	assert_int_equal(rx->kids[1]->assert, CZ_RXA_WORD);
	assert_int_equal(rx->kids[3]->kind, CZ_RX_ASSERT);
	assert_int_equal(rx->kids[3]->assert, CZ_RXA_LOOK);
	assert_int_equal(rx->kids[4]->assert, CZ_RXA_LOOK);
	assert_int_equal(rx->kids[5]->assert, CZ_RXA_END);
	cz_rx_free(rx);
}

static void test_refused(void **state)
{
	char deep[600];

	(void)state;
	refused("(a)\\1");
	refused("\\p{Lu}");
	refused("(?x) a b");
	refused("(*UTF)a");
	refused("(?(1)a|b)");
	refused("(?R)");
	refused("a)");
	refused("(a");
	refused("[a");
	refused("*a");
	refused("[[.a.]]");
	/* Too deep to analyse: refused, not a crashed stack. */
	memset(deep, 0, sizeof(deep));
	for (size_t i = 0; i < 200; i++)
		deep[i] = '(';
	deep[200] = 'a';
	for (size_t i = 0; i < 200; i++)
		deep[201 + i] = ')';
	refused(deep);
}

static bool ask(const char *pattern, bool (*q)(const cz_rx *))
{
	cz_rx *rx = parse(pattern, false);
	bool v = q(rx);

	cz_rx_free(rx);
	return v;
}

static void test_questions(void **state)
{
	(void)state;
	assert_true(ask("a?", cz_rx_nullable));
	assert_true(ask("(?:a|)b*", cz_rx_nullable));
	assert_true(ask("\\b", cz_rx_nullable));
	assert_false(ask("a|b+", cz_rx_nullable));
	assert_false(ask("(?:a?b){1,3}", cz_rx_nullable));

	assert_true(ask("\\bagreed\\s+to\\b", cz_rx_edge_free));
	assert_false(ask("^agreed", cz_rx_edge_free));
	assert_false(ask("x(?!y)", cz_rx_edge_free));
	assert_false(ask("[$]|\\z", cz_rx_edge_free));
	assert_true(ask("[$^]", cz_rx_edge_free));

	assert_true(ask("(a+)+", cz_rx_nested_unbounded));
	assert_true(ask("(?:\\w*\\s)*", cz_rx_nested_unbounded));
	assert_true(ask("(?:x+y){2,}", cz_rx_nested_unbounded));
	assert_false(ask("(?:x+y){1,3}", cz_rx_nested_unbounded));
	assert_false(ask("(a|b)*c+", cz_rx_nested_unbounded));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_assertions),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_questions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

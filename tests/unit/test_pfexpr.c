/*
 * test_pfexpr.c - rule patterns reduced to prefilter expressions: the
 * shapes (assertions dropped, weak leading parts and optional trailing
 * parts trimmed, white space bounded only in the fast expression, caseless
 * k/s, exact and widened non-ASCII), what is left to PCRE2, the weak flag,
 * and the long-run check that picks the expression a text may use.
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

#include "coalesce/pfexpr.h"

/* The derived expression of pattern (fast or safe variant); "" for none. */
static void expr(const char *pattern, bool caseless, bool fast, char out[512])
{
	cz_err err = { CZ_OK, "" };
	cz_pfexpr e;

	assert_int_equal(cz_pfexpr_derive(&e, pattern, caseless, &err), CZ_OK);
	snprintf(out, 512, "%s", (fast ? e.fast : e.safe) ? (fast ? e.fast : e.safe) : "");
	cz_pfexpr_release(&e);
}

static void test_expression_shapes(void **state)
{
	char e[512];

	(void)state;
	/* \b dropped; white space bounded in the fast variant only; the
	 * short "the" before the strong "price" kept: no gap between them. */
	expr("\\bthe\\s+price\\s+of\\b", true, true, e);
	assert_string_equal(e, "the[\\x09-\\x0d\\x20\\x80-\\xff]{1,16}price"
			       "[\\x09-\\x0d\\x20\\x80-\\xff]{1,16}of");
	expr("\\bthe\\s+price\\s+of\\b", true, false, e);
	assert_string_equal(e, "the[\\x09-\\x0d\\x20\\x80-\\xff]+price"
			       "[\\x09-\\x0d\\x20\\x80-\\xff]+of");
	/* Leading items up to the last gap (\w*, .{0,60}) before the first
	 * strong literal are dropped, the optional "the" after it too; a
	 * short bounded repeat is no gap. */
	expr("\\b(?:sen[dt]|gave)\\w*\\b.{0,60}?\\b(?:the\\s+)?pre-?reads?", false, true, e);
	assert_string_equal(e, "pre\\x2d?read");
	expr("\\bno\\s+\\w+\\s+the\\s+x{1,8}\\s+budget", false, true, e);
	assert_string_equal(e, "the[\\x09-\\x0d\\x20\\x80-\\xff]{1,16}x{1,8}"
			       "[\\x09-\\x0d\\x20\\x80-\\xff]{1,16}budget");
	/* Trailing optional parts go; a lone alternation is trimmed inside. */
	expr("\\b(?:risks?|blockers?)\\b(?:\\s+\\w+)?", true, true, e);
	assert_string_equal(e, "(?:ri(?:s|\\xc5\\xbf)(?:k|\\xe2\\x84\\xaa)|"
			       "bloc(?:k|\\xe2\\x84\\xaa)er)");
	/* Caseless k and s also match KELVIN SIGN and LONG S. */
	expr("\\bkit\\b", true, true, e);
	assert_string_equal(e, "(?:k|\\xe2\\x84\\xaa)it");
	/* A case-sensitive part of a caseless pattern stays case-sensitive. */
	expr("(?-i:TEAM)\\s+owns", true, false, e);
	assert_non_null(strstr(e, "(?-i:T)(?-i:E)(?-i:A)(?-i:M)"));
	/* Non-ASCII: exact unless caseless with a case partner. */
	expr("caf\xc3\xa9 au lait", false, true, e);
	assert_string_equal(e, "caf(?:\\xc3\\xa9)\\x20au\\x20lait");
	expr("caf\xc3\xa9 au lait", true, true, e);
	assert_string_equal(e, "caf[\\x80-\\xff]{1,4}\\x20au\\x20lait");
	expr("it\xe2\x80\x99s", true, true, e);
	assert_string_equal(e, "it(?:\\xe2\\x80\\x99)(?:s|\\xc5\\xbf)");
	/* A short repeat of a class with non-ASCII members: one to four bytes
	 * a character; a long one is unbounded. */
	expr("we['\xe2\x80\x99]ll\\s+go", false, true, e);
	assert_string_equal(e, "we[\\x27\\x80-\\xff]{1,4}ll[\\x09-\\x0d\\x20\\x80-\\xff]{1,16}go");
	expr("said\\W{2,3}rumour", false, true, e);
	assert_non_null(strstr(e, "]{2,12}rumour"));
	expr("said\\W{2,5}rumour", false, true, e);
	assert_non_null(strstr(e, "]{2,}rumour"));
	/* Syntax the tree does not model is left to PCRE2. */
	expr("(a)\\1", true, true, e);
	assert_string_equal(e, "");
	expr("\\p{Lu}ater", true, true, e);
	assert_string_equal(e, "");
}

static void test_weak(void **state)
{
	cz_err err = { CZ_OK, "" };
	cz_pfexpr e;

	(void)state;
	assert_int_equal(cz_pfexpr_derive(&e, "^\\s*[-*]\\s+\\S", true, &err), CZ_OK);
	assert_non_null(e.fast);
	assert_true(e.weak);
	cz_pfexpr_release(&e);
	assert_int_equal(cz_pfexpr_derive(&e, "\\bagreed\\b", true, &err), CZ_OK);
	assert_false(e.weak);
	cz_pfexpr_release(&e);
	assert_int_equal(cz_pfexpr_derive(&e, "(a)\\1", true, &err), CZ_OK);
	assert_null(e.fast);
	assert_null(e.safe);
	cz_pfexpr_release(&e);
}

/* Runs of 16 blank or non-ASCII bytes are fine, 17 are not, wherever
 * they stand and whatever the range scanned. */
static void test_long_space_run(void **state)
{
	char text[64];

	(void)state;
	for (size_t len = 14; len <= 19; len++) {
		for (size_t at = 0; at < 40; at += 13) {
			memset(text, 'x', 60);
			for (size_t k = 0; k < len; k++)
				text[at + k] = k % 3 == 0 ? ' ' : k % 3 == 1 ? '\n' : '\xe9';
			assert_int_equal(cz_pfexpr_long_space_run(text, 0, 60), len > 16);
		}
	}
	memset(text, ' ', 60);
	assert_false(cz_pfexpr_long_space_run(text, 10, 26)); /* 16 in range */
	assert_true(cz_pfexpr_long_space_run(text, 10, 27));
	assert_false(cz_pfexpr_long_space_run(text, 5, 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expression_shapes),
		cmocka_unit_test(test_weak),
		cmocka_unit_test(test_long_space_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

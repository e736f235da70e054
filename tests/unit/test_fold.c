/*
 * test_fold.c - name and title keys: case, Latin accents, Cyrillic case,
 * punctuation, "Last, First", and dates at either end of a title.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/fold.h"

static void expect_key(const char *in, const char *want)
{
	cz_buf b;
	cz_err err;

	cz_buf_init(&b, 0);
	assert_int_equal(cz_fold_key(in, strlen(in), &b, &err), CZ_OK);
	assert_string_equal(b.data, want);
	cz_buf_release(&b);
}

static void expect_title(const char *in, const char *want)
{
	cz_buf b;
	cz_err err;

	cz_buf_init(&b, 0);
	assert_int_equal(cz_fold_title(in, strlen(in), &b, &err), CZ_OK);
	assert_string_equal(b.data, want);
	cz_buf_release(&b);
}

static void test_keys(void **state)
{
	(void)state;
	expect_key("José Almeida", "jose almeida");
	expect_key("  JOSE   ALMEIDA ", "jose almeida");
	expect_key("Zoë Brandt", "zoe brandt");
	expect_key("Inês Carvalho", "ines carvalho");
	expect_key("Straße", "strasse");
	expect_key("Łukasz Żółć", "lukasz zolc");
	expect_key("Œuvre Ærø", "oeuvre aero");
	expect_key("Dana W.", "dana w");
	expect_key("Okafor, Ben", "okafor ben");
	expect_key("O’Brien — “quoted”", "o brien quoted");
	expect_key("Ирина ЁЛКИНА", "ирина елкина");
	expect_key("", "");
	expect_key("...", "");
	expect_key("Ünïcödé ÀÉÎÕÜ", "unicode aeiou");
}

static void test_swapped(void **state)
{
	cz_buf b;
	cz_err err;

	(void)state;
	cz_buf_init(&b, 0);
	assert_true(cz_fold_swapped("Okafor, Ben", 11, &b, &err));
	assert_string_equal(b.data, "ben okafor");
	cz_buf_reset(&b);
	assert_true(cz_fold_swapped("Almeida, José", strlen("Almeida, José"), &b, &err));
	assert_string_equal(b.data, "jose almeida");
	cz_buf_reset(&b);
	assert_false(cz_fold_swapped("Ben Okafor", 10, &b, &err));
	assert_false(cz_fold_swapped("a, b, c", 7, &b, &err));
	assert_false(cz_fold_swapped(", Ben", 5, &b, &err));
	assert_string_equal(b.data, "");
	cz_buf_release(&b);
}

static void test_titles(void **state)
{
	(void)state;
	expect_title("Pricing sync — May 21, 2025", "pricing sync");
	expect_title("Pricing sync", "pricing sync");
	expect_title("2025-05-21 Pricing sync", "pricing sync");
	expect_title("Pricing sync 5/21/2025", "pricing sync");
	expect_title("Billing migration Q1 retro, 26 March 2025", "billing migration q1 retro");
	expect_title("AI assistant security review 9th October 2025", "ai assistant security review");
	expect_title("Security review 9th October", "security review");
	expect_title("20250521_pricing", "pricing");
	expect_title("Budget May 2025", "budget");
	expect_title("Onboarding revamp sync — October", "onboarding revamp sync october");
	expect_title("May 21", "may 21");             /* nothing would remain */
	expect_title("Q2 planning 2025", "q2 planning 2025"); /* a year alone is no date */
	expect_title("1:1 Dana / Rafael", "1 1 dana rafael");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_swapped),
		cmocka_unit_test(test_titles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

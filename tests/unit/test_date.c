/*
 * test_date.c - civil date validity and arithmetic, ISO parsing, dates in
 * file names (2025-03-04, 2025_03_04, 20250304 anywhere) and in heading
 * text ("May 21, 2012", "25 January 2021", "9th October 2024").
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/date.h"
#include "testutil.h"

static void expect_date(cz_date d, int y, int m, int dd)
{
	if (d.y != y || d.m != m || d.d != dd)
		fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d", d.y, d.m, d.d, y, m, dd);
}

static void validity_boundaries(void **state)
{
	(void)state;
	assert_true(cz_date_valid(2024, 2, 29));  /* leap */
	assert_false(cz_date_valid(2025, 2, 29));
	assert_true(cz_date_valid(2000, 2, 29));  /* divisible by 400 */
	assert_false(cz_date_valid(2100, 2, 29)); /* by 100 only */
	assert_true(cz_date_valid(2025, 4, 30));
	assert_false(cz_date_valid(2025, 4, 31));
	assert_true(cz_date_valid(2025, 12, 31));
	assert_false(cz_date_valid(2025, 13, 1));
	assert_false(cz_date_valid(2025, 0, 1));
	assert_false(cz_date_valid(2025, 1, 0));
	assert_true(cz_date_valid(1900, 1, 1));
	assert_false(cz_date_valid(1899, 12, 31));
	assert_true(cz_date_valid(2200, 12, 31));
	assert_false(cz_date_valid(2201, 1, 1));
}

static void day_arithmetic_round_trips(void **state)
{
	cz_date epoch = { 1970, 1, 1 }, d = { 2025, 3, 4 }, before = { 1969, 12, 31 };
	char s[CZ_DATE_STR];

	(void)state;
	assert_int_equal(cz_date_days(epoch), 0);
	assert_int_equal(cz_date_days(before), -1);
	assert_int_equal(cz_date_days(d), 20151);
	expect_date(cz_date_from_days(20151), 2025, 3, 4);
	expect_date(cz_date_from_days(-1), 1969, 12, 31);
	/* every day from 1900 to 2200 survives the round trip in order */
	cz_date first = { 1900, 1, 1 }, last = { 2200, 12, 31 };
	int64_t start = cz_date_days(first);
	assert_false(cz_date_valid(cz_date_from_days(start - 1).y, 12, 31));
	for (int64_t k = start; k <= cz_date_days(last); k++) {
		cz_date x = cz_date_from_days(k);
		assert_true(cz_date_valid(x.y, x.m, x.d));
		assert_int_equal(cz_date_days(x), k);
	}
	cz_date_format(d, s);
	assert_string_equal(s, "2025-03-04");
	cz_date_format(epoch, s);
	assert_string_equal(s, "1970-01-01");
}

static void from_time_is_local_day(void **state)
{
	time_t t = 1741089600; /* 2025-03-04 12:00:00 UTC: the same day in UTC-11..UTC+11 */
	cz_date d = cz_date_from_time(t);

	(void)state;
	assert_true(d.y == 2025 && d.m == 3 && (d.d == 4 || d.d == 5 || d.d == 3));
}

static void iso_parse(void **state)
{
	cz_date d;
	size_t used = 0;

	(void)state;
	assert_true(cz_date_parse_iso("2025-03-04", 10, &d, &used));
	expect_date(d, 2025, 3, 4);
	assert_int_equal(used, 10);
	assert_true(cz_date_parse_iso("2025-03-04T10:00", 16, &d, &used));
	assert_int_equal(used, 10);
	assert_true(cz_date_parse_iso("2025-03-04 10:00:00", 19, &d, NULL));
	assert_false(cz_date_parse_iso("2025-03-0", 9, &d, NULL));     /* too short */
	assert_false(cz_date_parse_iso("2025-03-04", 9, &d, NULL));    /* len honoured */
	assert_false(cz_date_parse_iso("2025-03-045", 11, &d, NULL));  /* longer number */
	assert_false(cz_date_parse_iso("2025-02-30", 10, &d, NULL));
	assert_false(cz_date_parse_iso("2025/03/04", 10, &d, NULL));
	assert_false(cz_date_parse_iso("2025-3-04x", 10, &d, NULL));
	assert_false(cz_date_parse_iso("20a5-03-04", 10, &d, NULL));
}

static void name_forms(void **state)
{
	cz_date d;
	size_t s, e;

	(void)state;
	assert_true(cz_date_in_name("2025-03-04 standup.md", &d));
	expect_date(d, 2025, 3, 4);
	assert_true(cz_date_in_name("standup_2025_03_05.md", &d));
	expect_date(d, 2025, 3, 5);
	assert_true(cz_date_in_name("notes-20250306-sync.md", &d));
	expect_date(d, 2025, 3, 6);
	assert_true(cz_date_in_name("20250307", &d)); /* at the very end */
	expect_date(d, 2025, 3, 7);
	assert_true(cz_date_in_name("x2025.03.08y", &d));
	expect_date(d, 2025, 3, 8);
	assert_true(cz_date_in_name_span("weekly 2025-03-04.md", &d, &s, &e));
	assert_int_equal(s, 7);
	assert_int_equal(e, 17);
	assert_true(cz_date_in_name_span("a20250304b", &d, &s, &e));
	assert_int_equal(s, 1);
	assert_int_equal(e, 9);
	/* the first valid date wins */
	assert_true(cz_date_in_name("2025-02-30 then 2025-04-01", &d));
	expect_date(d, 2025, 4, 1);
	assert_true(cz_date_in_name("2024-01-01_2025-01-01", &d));
	expect_date(d, 2024, 1, 1);
}

static void name_non_dates(void **state)
{
	cz_date d = { 0, 0, 0 };

	(void)state;
	assert_false(cz_date_in_name("standup.md", &d));
	assert_false(cz_date_in_name("", &d));
	assert_false(cz_date_in_name("2025-03-4.md", &d));
	assert_false(cz_date_in_name("2025-03_04.md", &d));       /* mixed separators */
	assert_false(cz_date_in_name("ticket-120250304.md", &d)); /* inside a longer number */
	assert_false(cz_date_in_name("ticket-202503045.md", &d));
	assert_false(cz_date_in_name("12025-03-04.md", &d));
	assert_false(cz_date_in_name("2025-03-041.md", &d));
	assert_false(cz_date_in_name("20251304.md", &d));         /* month 13 */
	assert_false(cz_date_in_name("2025022", &d));             /* 7 digits */
	assert_int_equal(d.y, 0);                                 /* untouched */
}

static void text_forms(void **state)
{
	cz_date d;

	(void)state;
#define IN_TEXT(s, y, m, dd)                                        \
	do {                                                        \
		assert_true(cz_date_in_text(s, strlen(s), &d));     \
		expect_date(d, y, m, dd);                           \
	} while (0)
	IN_TEXT("Steering sync, May 21, 2012", 2012, 5, 21);
	IN_TEXT("Retro 25 January 2021", 2021, 1, 25);
	IN_TEXT("9th October 2024 planning", 2024, 10, 9);
	IN_TEXT("Oct 9 2024", 2024, 10, 9);
	IN_TEXT("Oct 9th, 2024", 2024, 10, 9);
	IN_TEXT("1st Sept 2023", 2023, 9, 1);
	IN_TEXT("Sep 30 2023", 2023, 9, 30);
	IN_TEXT("DECEMBER 31, 1999", 1999, 12, 31);
	IN_TEXT("22nd feb 2024", 2024, 2, 22);
	IN_TEXT("review 2024-10-09", 2024, 10, 9);
	IN_TEXT("February 29, 2024", 2024, 2, 29);
	/* the first valid one wins */
	IN_TEXT("May 21, 2012 and June 1, 2013", 2012, 5, 21);
	IN_TEXT("February 30, 2024 moved to March 1, 2024", 2024, 3, 1);
#undef IN_TEXT
}

static void text_non_dates(void **state)
{
	cz_date d;

	(void)state;
#define NOT_IN_TEXT(s) assert_false(cz_date_in_text(s, strlen(s), &d))
	NOT_IN_TEXT("");
	NOT_IN_TEXT("Quarterly planning");
	NOT_IN_TEXT("February 29, 2025");     /* not a leap year */
	NOT_IN_TEXT("May 32, 2012");
	NOT_IN_TEXT("32 May 2012");
	NOT_IN_TEXT("May 21, 12");            /* two-digit year */
	NOT_IN_TEXT("May 2012");              /* no day */
	NOT_IN_TEXT("Mayor 21, 2012");        /* not a month */
	NOT_IN_TEXT("Ma 21, 2012");           /* too short to be a month */
	NOT_IN_TEXT("May 21st 2012th");
	NOT_IN_TEXT("2024-13-09");
	NOT_IN_TEXT("version 1 of 2024");
#undef NOT_IN_TEXT
	/* len is honoured: the year lies past the end */
	assert_false(cz_date_in_text("May 21, 2012", 8, &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(validity_boundaries),
		cmocka_unit_test(day_arithmetic_round_trips),
		cmocka_unit_test(from_time_is_local_day),
		cmocka_unit_test(iso_parse),
		cmocka_unit_test(name_forms),
		cmocka_unit_test(name_non_dates),
		cmocka_unit_test(text_forms),
		cmocka_unit_test(text_non_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

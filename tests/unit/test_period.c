/*
 * test_period.c - ISO weeks, months, quarters: labels, bounds, parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/period.h"

static void check(cz_period_kind kind, int y, int m, int d, const char *label,
		  const char *start, const char *end)
{
	cz_period p;
	char s[CZ_DATE_STR], e[CZ_DATE_STR];

	cz_period_of(kind, (cz_date){ y, m, d }, &p);
	cz_date_format(p.start, s);
	cz_date_format(p.end, e);
	assert_string_equal(p.label, label);
	assert_string_equal(s, start);
	assert_string_equal(e, end);
}

static void test_iso_weeks(void **state)
{
	(void)state;
	check(CZ_PERIOD_WEEK, 2025, 8, 6, "2025-W32", "2025-08-04", "2025-08-10");
	/* A year-end Sunday belongs to the previous ISO year. */
	check(CZ_PERIOD_WEEK, 2021, 1, 3, "2020-W53", "2020-12-28", "2021-01-03");
	check(CZ_PERIOD_WEEK, 2021, 1, 4, "2021-W01", "2021-01-04", "2021-01-10");
	/* And late December can belong to the next one. */
	check(CZ_PERIOD_WEEK, 2024, 12, 30, "2025-W01", "2024-12-30", "2025-01-05");
	check(CZ_PERIOD_WEEK, 2026, 1, 1, "2026-W01", "2025-12-29", "2026-01-04");
	check(CZ_PERIOD_WEEK, 2027, 1, 1, "2026-W53", "2026-12-28", "2027-01-03");
	check(CZ_PERIOD_WEEK, 2016, 2, 29, "2016-W09", "2016-02-29", "2016-03-06");
	assert_int_equal(cz_iso_weeks_in_year(2020), 53);
	assert_int_equal(cz_iso_weeks_in_year(2021), 52);
	assert_int_equal(cz_iso_weeks_in_year(2015), 53);
	assert_int_equal(cz_iso_weeks_in_year(2025), 52);
}

static void test_months_quarters(void **state)
{
	(void)state;
	check(CZ_PERIOD_MONTH, 2025, 8, 31, "2025-08", "2025-08-01", "2025-08-31");
	check(CZ_PERIOD_MONTH, 2024, 2, 10, "2024-02", "2024-02-01", "2024-02-29");
	check(CZ_PERIOD_MONTH, 2025, 2, 10, "2025-02", "2025-02-01", "2025-02-28");
	check(CZ_PERIOD_QUARTER, 2025, 7, 1, "2025-Q3", "2025-07-01", "2025-09-30");
	check(CZ_PERIOD_QUARTER, 2025, 12, 31, "2025-Q4", "2025-10-01", "2025-12-31");
	check(CZ_PERIOD_QUARTER, 2025, 3, 31, "2025-Q1", "2025-01-01", "2025-03-31");
}

static void test_next_prev(void **state)
{
	cz_period p, q;

	(void)state;
	assert_true(cz_period_parse("2020-W53", &p));
	cz_period_next(&p, &q);
	assert_string_equal(q.label, "2021-W01");
	cz_period_prev(&q, &p);
	assert_string_equal(p.label, "2020-W53");
	assert_true(cz_period_parse("2025-12", &p));
	cz_period_next(&p, &q);
	assert_string_equal(q.label, "2026-01");
	assert_true(cz_period_parse("2025-Q1", &p));
	cz_period_prev(&p, &q);
	assert_string_equal(q.label, "2024-Q4");
}

static void test_parse(void **state)
{
	cz_period p;
	char s[CZ_DATE_STR];
	cz_period_kind k;

	(void)state;
	assert_true(cz_period_parse("2025-W32", &p));
	assert_int_equal(p.kind, CZ_PERIOD_WEEK);
	cz_date_format(p.start, s);
	assert_string_equal(s, "2025-08-04");
	assert_true(cz_period_parse("2020-W53", &p));
	assert_false(cz_period_parse("2021-W53", &p)); /* 2021 has 52 weeks */
	assert_false(cz_period_parse("2025-W00", &p));
	assert_true(cz_period_parse("2025-Q4", &p));
	assert_int_equal(p.kind, CZ_PERIOD_QUARTER);
	assert_false(cz_period_parse("2025-Q5", &p));
	assert_true(cz_period_parse("2025-08", &p));
	assert_int_equal(p.kind, CZ_PERIOD_MONTH);
	assert_false(cz_period_parse("2025-13", &p));
	assert_false(cz_period_parse("2025-8", &p));
	assert_false(cz_period_parse("2025-08-01", &p));
	assert_false(cz_period_parse("quarter", &p));
	assert_false(cz_period_parse("", &p));
	assert_true(cz_period_kind_parse("week", &k));
	assert_int_equal(k, CZ_PERIOD_WEEK);
	assert_false(cz_period_kind_parse("year", &k));
	assert_string_equal(cz_period_kind_name(CZ_PERIOD_QUARTER), "quarter");
}

/* Every day of several years lands in exactly one week, in order. */
static void test_weeks_cover_days(void **state)
{
	cz_date d0 = { 2019, 12, 1 };
	int64_t start = cz_date_days(d0);
	cz_period prev, cur;

	(void)state;
	cz_period_of(CZ_PERIOD_WEEK, d0, &prev);
	for (int64_t i = 1; i < 3 * 366; i++) {
		cz_date d = cz_date_from_days(start + i);
		cz_period_of(CZ_PERIOD_WEEK, d, &cur);
		if (strcmp(cur.label, prev.label)) {
			cz_period nx;
			cz_period_next(&prev, &nx);
			assert_string_equal(nx.label, cur.label);
			assert_int_equal(cz_date_days(cur.start), start + i);
			assert_true(strcmp(cur.label, prev.label) > 0);
		}
		prev = cur;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_weeks),
		cmocka_unit_test(test_months_quarters),
		cmocka_unit_test(test_next_prev),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_weeks_cover_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

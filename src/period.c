/*
 * period.c - reporting periods (see period.h).
 *
 * Weeks follow ISO 8601: weekday numbers run Monday=1..Sunday=7, counted
 * from 1970-01-01 (a Thursday); a week belongs to the year of its Thursday,
 * and week 1 is the week that holds 4 January. Months and quarters are
 * plain calendar arithmetic. Labels are built with snprintf into a fixed
 * buffer big enough for any valid year.
 */
#include <stdio.h>
#include <string.h>

#include "coalesce/period.h"

static const char *const kind_names[] = { "week", "month", "quarter" };

bool cz_period_kind_parse(const char *s, cz_period_kind *out)
{
	for (int i = 0; i < 3; i++) {
		if (!strcmp(s, kind_names[i])) {
			*out = (cz_period_kind)i;
			return true;
		}
	}
	return false;
}

const char *cz_period_kind_name(cz_period_kind kind)
{
	return (unsigned)kind < 3 ? kind_names[kind] : "?";
}

/* ISO weekday of a day number: Monday 1 .. Sunday 7. */
static int weekday(int64_t days)
{
	int64_t r = (days + 3) % 7; /* 0 = Monday, since day 0 is a Thursday */

	if (r < 0)
		r += 7;
	return (int)r + 1;
}

/* Day number of the Monday that starts ISO week 1 of year y. */
static int64_t week1_monday(int y)
{
	cz_date jan4 = { y, 1, 4 };
	int64_t d = cz_date_days(jan4);

	return d - (weekday(d) - 1);
}

void cz_iso_week(cz_date date, int *year, int *week)
{
	int64_t days = cz_date_days(date);
	int64_t thursday = days - (weekday(days) - 1) + 3;
	cz_date t = cz_date_from_days(thursday);
	cz_date jan1 = { t.y, 1, 1 };

	*year = t.y;
	*week = (int)((thursday - cz_date_days(jan1)) / 7) + 1;
}

int cz_iso_weeks_in_year(int y)
{
	cz_date dec28 = { y, 12, 28 }; /* always in the year's last ISO week */
	int yy, w;

	cz_iso_week(dec28, &yy, &w);
	return w;
}

static int month_days(int y, int m)
{
	cz_date first = { y, m, 1 };
	cz_date next = { m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1 };

	return (int)(cz_date_days(next) - cz_date_days(first));
}

static void set_week(int y, int w, cz_period *out)
{
	int64_t monday = week1_monday(y) + (int64_t)(w - 1) * 7;

	out->kind = CZ_PERIOD_WEEK;
	out->start = cz_date_from_days(monday);
	out->end = cz_date_from_days(monday + 6);
	snprintf(out->label, sizeof(out->label), "%04u-W%02u", (unsigned)y % 10000u,
		 (unsigned)w % 100u);
}

static void set_month(int y, int m, cz_period *out)
{
	out->kind = CZ_PERIOD_MONTH;
	out->start = (cz_date){ y, m, 1 };
	out->end = (cz_date){ y, m, month_days(y, m) };
	snprintf(out->label, sizeof(out->label), "%04u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u);
}

static void set_quarter(int y, int q, cz_period *out)
{
	int m0 = (q - 1) * 3 + 1;

	out->kind = CZ_PERIOD_QUARTER;
	out->start = (cz_date){ y, m0, 1 };
	out->end = (cz_date){ y, m0 + 2, month_days(y, m0 + 2) };
	snprintf(out->label, sizeof(out->label), "%04u-Q%u", (unsigned)y % 10000u,
		 (unsigned)q % 10u);
}

void cz_period_of(cz_period_kind kind, cz_date date, cz_period *out)
{
	int y, w;

	switch (kind) {
	case CZ_PERIOD_WEEK:
		cz_iso_week(date, &y, &w);
		set_week(y, w, out);
		return;
	case CZ_PERIOD_MONTH:
		set_month(date.y, date.m, out);
		return;
	case CZ_PERIOD_QUARTER:
		set_quarter(date.y, (date.m - 1) / 3 + 1, out);
		return;
	}
	set_quarter(date.y, (date.m - 1) / 3 + 1, out); /* defensive: unknown kind */
}

void cz_period_next(const cz_period *p, cz_period *out)
{
	cz_period_of(p->kind, cz_date_from_days(cz_date_days(p->end) + 1), out);
}

void cz_period_prev(const cz_period *p, cz_period *out)
{
	cz_period_of(p->kind, cz_date_from_days(cz_date_days(p->start) - 1), out);
}

/* Exactly n digits at s (no sign, no space); -1 otherwise. */
static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool cz_period_parse(const char *s, cz_period *out)
{
	size_t n = strlen(s);
	int y;

	if (n < 7 || s[4] != '-')
		return false;
	y = num(s, 4);
	if (y < 1900 || y > 2200)
		return false;
	if (n == 7 && s[5] == 'Q') {
		int q = num(s + 6, 1);
		if (q < 1 || q > 4)
			return false;
		set_quarter(y, q, out);
		return true;
	}
	if (n == 8 && s[5] == 'W') {
		int w = num(s + 6, 2);
		if (w < 1 || w > cz_iso_weeks_in_year(y))
			return false;
		set_week(y, w, out);
		return true;
	}
	if (n == 7) {
		int m = num(s + 5, 2);
		if (m < 1 || m > 12)
			return false;
		set_month(y, m, out);
		return true;
	}
	return false;
}

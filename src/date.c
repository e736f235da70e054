/*
 * date.c - civil date arithmetic and the date forms found in note archives.
 *
 * Day counting uses the proleptic Gregorian algorithm "days from civil"
 * (integer-only, valid far beyond any archive's range). The text scanner
 * walks words once and tries the two word orders at each month name.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "coalesce/date.h"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool cz_date_valid(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

int64_t cz_date_days(cz_date date)
{
	int64_t y = date.y - (date.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (date.m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + date.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

cz_date cz_date_from_days(int64_t z)
{
	int64_t era, doe, yoe, doy, mp, y;
	cz_date out;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out.y = (int)(y + (out.m <= 2));
	return out;
}

cz_date cz_date_from_time(time_t t)
{
	struct tm tm;
	cz_date out = { 1970, 1, 1 };

	if (localtime_r(&t, &tm)) {
		out.y = tm.tm_year + 1900;
		out.m = tm.tm_mon + 1;
		out.d = tm.tm_mday;
	}
	return out;
}

void cz_date_format(cz_date date, char out[CZ_DATE_STR])
{
	snprintf(out, CZ_DATE_STR, "%04u-%02u-%02u", (unsigned)date.y % 10000u,
		 (unsigned)date.m % 100u, (unsigned)date.d % 100u);
}

/* Read exactly n digits at s; -1 if they are not all digits. */
static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool cz_date_parse_iso(const char *s, size_t len, cz_date *out, size_t *used)
{
	cz_date d;

	if (len < 10 || s[4] != '-' || s[7] != '-')
		return false;
	d.y = digits(s, 4);
	d.m = digits(s + 5, 2);
	d.d = digits(s + 8, 2);
	if (!cz_date_valid(d.y, d.m, d.d))
		return false;
	if (len > 10 && isdigit((unsigned char)s[10]))
		return false;
	*out = d;
	if (used)
		*used = 10;
	return true;
}

bool cz_date_in_name(const char *name, cz_date *out)
{
	size_t start, end;

	return cz_date_in_name_span(name, out, &start, &end);
}

bool cz_date_in_name_span(const char *name, cz_date *out, size_t *start, size_t *end)
{
	size_t len = strlen(name);

	for (size_t i = 0; i + 8 <= len; i++) {
		cz_date d;
		const char *s = name + i;

		if (i > 0 && isdigit((unsigned char)name[i - 1]))
			continue;
		if (i + 10 <= len && s[4] == s[7] && strchr("-_.", s[4]) &&
		    (i + 10 == len || !isdigit((unsigned char)s[10]))) {
			d.y = digits(s, 4);
			d.m = digits(s + 5, 2);
			d.d = digits(s + 8, 2);
			if (cz_date_valid(d.y, d.m, d.d)) {
				*out = d;
				*start = i;
				*end = i + 10;
				return true;
			}
		}
		if (i + 8 == len || !isdigit((unsigned char)s[8])) {
			d.y = digits(s, 4);
			d.m = digits(s + 4, 2);
			d.d = digits(s + 6, 2);
			if (cz_date_valid(d.y, d.m, d.d)) {
				*out = d;
				*start = i;
				*end = i + 8;
				return true;
			}
		}
	}
	return false;
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* Month number for the word s[0..n): full name or 3+ letter prefix ("Sept"). */
static int month_of(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		if (n <= strlen(month_names[m]) && !strncasecmp(s, month_names[m], n))
			return m + 1;
	}
	if (n == 4 && !strncasecmp(s, "sept", 4))
		return 9;
	return 0;
}

typedef struct word {
	const char *s;
	size_t n;
	int num;   /* value if the word is a number (with st/nd/rd/th), else -1 */
	size_t ndigits;
} word;

static size_t next_word(const char *s, size_t len, size_t i, word *w)
{
	size_t start, nd = 0;

	while (i < len && !isalnum((unsigned char)s[i]))
		i++;
	start = i;
	while (i < len && isalnum((unsigned char)s[i]))
		i++;
	w->s = s + start;
	w->n = i - start;
	w->num = -1;
	w->ndigits = 0;
	while (nd < w->n && isdigit((unsigned char)w->s[nd]))
		nd++;
	if (nd && nd <= 4) {
		const char *sfx = w->s + nd;
		size_t rest = w->n - nd;
		if (rest == 0 || (rest == 2 && (!strncasecmp(sfx, "st", 2) ||
		    !strncasecmp(sfx, "nd", 2) || !strncasecmp(sfx, "rd", 2) ||
		    !strncasecmp(sfx, "th", 2)))) {
			w->num = digits(w->s, nd);
			w->ndigits = rest ? 0 : nd; /* "2024th" is no year */
		}
	}
	return i;
}

bool cz_date_in_text(const char *s, size_t len, cz_date *out)
{
	word w[3];
	size_t i = 0;

	/* Slide a window of three words over the text. */
	for (int k = 0; k < 3; k++) {
		i = next_word(s, len, i, &w[k]);
	}
	while (w[0].n) {
		cz_date d;
		int m;

		if (cz_date_parse_iso(w[0].s, (size_t)(s + len - w[0].s), &d, NULL)) {
			*out = d;
			return true;
		}
		m = month_of(w[0].s, w[0].n);
		/* "May 21, 2012", "Oct 9th 2024" */
		if (m && w[1].num > 0 && w[1].ndigits <= 2 && w[2].ndigits == 4 &&
		    cz_date_valid(w[2].num, m, w[1].num)) {
			out->y = w[2].num; out->m = m; out->d = w[1].num;
			return true;
		}
		/* "25 January 2021", "9th October 2024" */
		m = month_of(w[1].s, w[1].n);
		if (m && w[0].num > 0 && w[0].num <= 31 && w[2].ndigits == 4 &&
		    cz_date_valid(w[2].num, m, w[0].num)) {
			out->y = w[2].num; out->m = m; out->d = w[0].num;
			return true;
		}
		w[0] = w[1];
		w[1] = w[2];
		i = next_word(s, len, i, &w[2]);
	}
	return false;
}

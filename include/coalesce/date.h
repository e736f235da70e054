/*
 * date.h - calendar dates: parsing the forms found in notes, day arithmetic.
 *
 * Dates are civil dates without a time zone (meeting notes say "May 21"
 * and mean the local day). They are stored as ISO "YYYY-MM-DD" text, which
 * sorts correctly in SQLite. Parsers never guess between M/D and D/M: the
 * ambiguous numeric forms are the calendar importer's business and need an
 * explicit order.
 */
#ifndef CZ_DATE_H
#define CZ_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct cz_date {
	int y, m, d;
} cz_date;

#define CZ_DATE_STR 11 /* "YYYY-MM-DD" + NUL */

bool cz_date_valid(int y, int m, int d);
/* Days since 1970-01-01 (negative before). */
int64_t cz_date_days(cz_date date);
cz_date cz_date_from_days(int64_t days);
/* The local calendar date of a time_t. */
cz_date cz_date_from_time(time_t t);
void cz_date_format(cz_date date, char out[CZ_DATE_STR]);

/*
 * Strict ISO date at the start of s[0..len): "YYYY-MM-DD", optionally
 * followed by a time ("T10:00", " 10:00:00", ...). *used = bytes consumed
 * by the date part. Returns false if it is not a valid date.
 */
bool cz_date_parse_iso(const char *s, size_t len, cz_date *out, size_t *used);

/*
 * A date anywhere in a file name: 2025-03-04, 2025_03_04, 2025.03.04 or
 * 20250304 (not inside a longer run of digits). The first valid one wins.
 */
bool cz_date_in_name(const char *name, cz_date *out);
/* The same, also giving the date's byte span [*start, *end) in name. */
bool cz_date_in_name_span(const char *name, cz_date *out, size_t *start, size_t *end);

/*
 * A date written in words or ISO anywhere in s: "May 21, 2012",
 * "21 May 2012", "9th October 2024", "Oct 9 2024", "2024-10-09".
 * English month names and common abbreviations. First valid one wins.
 */
bool cz_date_in_text(const char *s, size_t len, cz_date *out);

#endif

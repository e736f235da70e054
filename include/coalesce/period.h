/*
 * period.h - reporting periods: ISO weeks, calendar months and quarters.
 *
 * A report buckets evidence by period. Each period has a label that sorts
 * in time order within its kind ("2025-W32", "2025-08", "2025-Q3") and an
 * inclusive range of civil dates [start, end]. ISO 8601 weeks start on
 * Monday and belong to the year that holds their Thursday, so 2021-01-03
 * is in 2020-W53 and 2024-12-30 is in 2025-W01.
 *
 * Everything here is pure arithmetic on cz_date; no allocation, no errors
 * beyond "not a valid label".
 */
#ifndef CZ_PERIOD_H
#define CZ_PERIOD_H

#include <stdbool.h>

#include "coalesce/date.h"

typedef enum cz_period_kind {
	CZ_PERIOD_WEEK,
	CZ_PERIOD_MONTH,
	CZ_PERIOD_QUARTER
} cz_period_kind;

#define CZ_PERIOD_LABEL 12 /* "2025-W32" + NUL, with room to spare */

typedef struct cz_period {
	cz_period_kind kind;
	cz_date start; /* first day, inclusive */
	cz_date end;   /* last day, inclusive */
	char label[CZ_PERIOD_LABEL];
} cz_period;

/* "week", "month" or "quarter" to a kind; false for anything else. */
bool cz_period_kind_parse(const char *s, cz_period_kind *out);
const char *cz_period_kind_name(cz_period_kind kind);

/* The period of `kind` that contains `date`. */
void cz_period_of(cz_period_kind kind, cz_date date, cz_period *out);
/* The period right after p (same kind). */
void cz_period_next(const cz_period *p, cz_period *out);
/* The period right before p (same kind). */
void cz_period_prev(const cz_period *p, cz_period *out);

/*
 * Parse a label: "2025-W32" (ISO week 01..52 or 53 when the year has one),
 * "2025-08" or "2025-Q3". Returns false when s is not exactly one of them.
 */
bool cz_period_parse(const char *s, cz_period *out);

/* ISO week-numbering year and week (1..53) of a date. */
void cz_iso_week(cz_date date, int *year, int *week);
/* Number of ISO weeks (52 or 53) in ISO year y. */
int cz_iso_weeks_in_year(int y);

#endif

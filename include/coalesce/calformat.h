/*
 * calformat.h - what a calendar CSV export means: recognising its header,
 * and turning one data row into a meeting (dates, times, attendees).
 *
 * Layouts are recognised by header names, case- and accent-insensitively,
 * never by column position: Outlook's export in English, German, French,
 * Spanish, Dutch and Russian (one table in calformat.c), Google Calendar's
 * import layout (any order, columns may be missing), or the `calendar:`
 * mapping of coalesce.yml, which is tried first when present.
 *
 * Dates: the day/month order is never guessed from a row. It comes from
 * --date-order, else `calendar.date_order`, else the layout's locale
 * (English and Google: M/D/Y; the other Outlook locales: D/M/Y). ISO
 * dates (2025-03-04) need no order. Pure functions; no I/O.
 */
#ifndef CZ_CALFORMAT_H
#define CZ_CALFORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/buf.h"
#include "coalesce/config.h"
#include "coalesce/date.h"
#include "coalesce/err.h"

typedef enum cz_date_order {
	CZ_ORDER_NONE, /* unknown: only ISO dates can be read */
	CZ_ORDER_MDY,
	CZ_ORDER_DMY,
	CZ_ORDER_YMD
} cz_date_order;

bool cz_date_order_parse(const char *s, cz_date_order *out);
const char *cz_date_order_name(cz_date_order o); /* "mdy", ... or "none" */

/* The meaning of a column. */
typedef enum cz_calcol {
	CZ_COL_SUBJECT,
	CZ_COL_START_DATE,
	CZ_COL_START_TIME,
	CZ_COL_END_DATE,
	CZ_COL_END_TIME,
	CZ_COL_ALL_DAY,
	CZ_COL_ORGANIZER,
	CZ_COL_REQUIRED,
	CZ_COL_OPTIONAL,
	CZ_COL_DESCRIPTION,
	CZ_COL_LOCATION,
	CZ_COL_N
} cz_calcol;

/* The config key of a column in `calendar.columns` ("subject", ...). */
const char *cz_calcol_key(cz_calcol c);

/* `calendar:` and `people:` from coalesce.yml. */
typedef struct cz_calconf {
	char *columns[CZ_COL_N]; /* header names from calendar.columns, or NULL */
	bool mapped;             /* calendar.columns was given */
	cz_date_order order;     /* calendar.date_order, or NONE */
	char *encoding;          /* calendar.encoding; NULL: windows-1252 */
	char *people;            /* people: resolved against the config's dir */
} cz_calconf;

void cz_calconf_init(cz_calconf *cc);
void cz_calconf_release(cz_calconf *cc);
/* Read and check the sections; errors name PATH:LINE:COL. */
cz_rc cz_calconf_load(cz_calconf *cc, const cz_config *cfg, cz_err *err);
/* The code page for files without a BOM that are not UTF-8 (NULL: none). */
const char *cz_calconf_codepage(const cz_calconf *cc);

typedef struct cz_layout {
	const char *name;   /* "outlook-en", "outlook-de", ..., "google", "mapped" */
	int col[CZ_COL_N];  /* field index, or -1 when absent */
	size_t width;       /* number of header fields */
	cz_date_order order; /* the locale's order (NONE for "mapped") */
} cz_layout;

/*
 * Whether the header fields name a calendar layout; fills *out. The
 * mapping in cc (when given) is tried first and needs all its columns.
 */
bool cz_layout_detect(const cz_calconf *cc, const char *const *fields, size_t n,
		      cz_layout *out);

/*
 * A one-line config snippet that would map a header with these fields, guessing
 * each column from its name ("?" where nothing fits). Appended to out.
 */
cz_rc cz_layout_suggest(const char *const *fields, size_t n, cz_buf *out, cz_err *err);

/* A meeting read from a row. Strings are owned (cz_calrow_release). */
typedef struct cz_calrow {
	char *subject;
	char start[20]; /* "YYYY-MM-DD HH:MM:SS" */
	char end[20];   /* same, or "" when the row gives no end */
	bool all_day;
	char *description, *location; /* NULL when empty */
	cz_strv names[3];  /* organizer, required, optional: display names */
	cz_strv emails[3]; /* parallel: email or "" */
} cz_calrow;

void cz_calrow_init(cz_calrow *row);
void cz_calrow_release(cz_calrow *row);

/*
 * Parse one data row with layout l and date order `order`. A bad row is
 * CZ_EDATA with the reason in err (no line: the caller adds FILE:LINE).
 * CZ_EUSAGE means the date needs an order nobody gave (the whole file
 * cannot be read; the message says how to give one).
 */
cz_rc cz_calrow_parse(const cz_layout *l, cz_date_order order, const char *const *fields,
		      size_t n, cz_calrow *row, cz_err *err);

/* Dates and times as found in exports; exposed for tests. *rest gets
 * what follows the date (a time, in single-column exports). */
cz_rc cz_caldate_parse(const char *s, cz_date_order order, cz_date *out, const char **rest,
		       cz_err *err);
/* "9:45 AM", "10:00:00 PM", "14:30", "14:30:15", "2pm": seconds since midnight. */
cz_rc cz_caltime_parse(const char *s, int *secs, cz_err *err);
/* Yes/no words of the supported locales ("True", "Wahr", "Vrai", "Ja"...). */
bool cz_calbool_parse(const char *s, bool *out);

/*
 * Split an attendee list on ';' (only: display names hold commas), trim,
 * and read "Name <email>", "<email>" and bare emails. Empty items are
 * dropped. Appends to names/emails (email "" when none).
 */
cz_rc cz_attendees_split(const char *s, cz_strv *names, cz_strv *emails, cz_err *err);

#endif

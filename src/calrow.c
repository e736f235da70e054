/*
 * calrow.c - one calendar export row to a meeting (see calformat.h).
 *
 * A row without a start time, or whose all-day column says yes, is an
 * all-day event starting at 00:00:00. A row without an end keeps end ""
 * (unknown), except that a missing end date with an end time means the
 * start's day. Times are local and stored as written: exports carry no
 * time zone, and notes are dated in local days too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/calformat.h"

void cz_calrow_init(cz_calrow *row)
{
	memset(row, 0, sizeof(*row));
	for (int i = 0; i < 3; i++) {
		cz_strv_init(&row->names[i]);
		cz_strv_init(&row->emails[i]);
	}
}

void cz_calrow_release(cz_calrow *row)
{
	free(row->subject);
	free(row->description);
	free(row->location);
	for (int i = 0; i < 3; i++) {
		cz_strv_release(&row->names[i]);
		cz_strv_release(&row->emails[i]);
	}
	cz_calrow_init(row);
}

/* The field of column c, trimmed into a fresh string (NULL when the column
 * is absent or the value empty). */
static const char *field(const cz_layout *l, const char *const *fields, size_t n, cz_calcol c)
{
	int i = l->col[c];
	const char *s;

	if (i < 0 || (size_t)i >= n)
		return NULL;
	s = fields[i];
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return *s ? s : NULL;
}

static char *dup_trimmed(const char *s, cz_err *err)
{
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return cz_strndup(s, n, err);
}

static void format_dt(char out[20], cz_date d, int secs)
{
	char day[CZ_DATE_STR];
	unsigned s = secs < 0 || secs >= 86400 ? 0 : (unsigned)secs;

	cz_date_format(d, day);
	snprintf(out, 20, "%.10s %02u:%02u:%02u", day, s / 3600 % 24, s / 60 % 60, s % 60);
}

/* A date column, possibly followed by a time (single-column exports). */
static cz_rc date_time(const char *what, const char *s, cz_date_order order, cz_date *d,
		       int *secs, bool *has_time, cz_err *err)
{
	const char *rest;
	cz_rc rc = cz_caldate_parse(s, order, d, &rest, err);

	if (rc) {
		if (rc == CZ_EDATA)
			cz_err_prefix(err, "%s", what);
		return rc;
	}
	*has_time = false;
	while (*rest == ' ')
		rest++;
	if (*rest) {
		rc = cz_caltime_parse(rest, secs, err);
		if (rc) {
			cz_err_prefix(err, "%s", what);
			return rc;
		}
		*has_time = true;
	}
	return CZ_OK;
}

static cz_rc time_of(const char *what, const char *s, int *secs, cz_err *err)
{
	cz_rc rc = cz_caltime_parse(s, secs, err);

	if (rc)
		cz_err_prefix(err, "%s", what);
	return rc;
}

cz_rc cz_calrow_parse(const cz_layout *l, cz_date_order order, const char *const *fields,
		      size_t n, cz_calrow *row, cz_err *err)
{
	const char *subject = field(l, fields, n, CZ_COL_SUBJECT);
	const char *sd = field(l, fields, n, CZ_COL_START_DATE);
	const char *st = field(l, fields, n, CZ_COL_START_TIME);
	const char *ed = field(l, fields, n, CZ_COL_END_DATE);
	const char *et = field(l, fields, n, CZ_COL_END_TIME);
	const char *ad = field(l, fields, n, CZ_COL_ALL_DAY);
	static const cz_calcol who[3] = { CZ_COL_ORGANIZER, CZ_COL_REQUIRED, CZ_COL_OPTIONAL };
	cz_date sdate, edate;
	int ssec = 0, esec = 0;
	bool stime = false, etime = false, all_day = false;
	cz_rc rc;

	if (n != l->width)
		return cz_err_set(err, CZ_EDATA, "row has %zu fields, the header has %zu", n,
				  l->width);
	if (!subject)
		return cz_err_set(err, CZ_EDATA, "empty subject");
	/* Issue 8: calendars never put a line break in a subject; one there
	 * means a stray quote swallowed the next rows into this field. */
	if (strpbrk(subject, "\r\n"))
		return cz_err_set(err, CZ_EDATA, "subject spans several lines "
				  "(an unbalanced quote?)");
	if (!sd)
		return cz_err_set(err, CZ_EDATA, "no start date");
	rc = date_time("start date", sd, order, &sdate, &ssec, &stime, err);
	if (!rc && st) {
		rc = time_of("start time", st, &ssec, err);
		stime = true;
	}
	if (!rc && ad && !cz_calbool_parse(ad, &all_day))
		rc = cz_err_set(err, CZ_EDATA, "all-day value '%s' is not a yes or no", ad);
	if (!rc && ed)
		rc = date_time("end date", ed, order, &edate, &esec, &etime, err);
	else
		edate = sdate;
	if (!rc && et) {
		rc = time_of("end time", et, &esec, err);
		etime = true;
	}
	if (rc)
		return rc;
	all_day = all_day || !stime;
	if (all_day)
		ssec = esec = 0;
	format_dt(row->start, sdate, ssec);
	/* A timed event needs an end time; an end date alone says too little. */
	if (all_day ? ed != NULL : etime)
		format_dt(row->end, edate, all_day ? 0 : esec);
	else
		row->end[0] = '\0';
	if (row->end[0] && strcmp(row->end, row->start) < 0)
		return cz_err_set(err, CZ_EDATA, "ends before it starts (%s < %s)", row->end,
				  row->start);
	row->all_day = all_day;
	row->subject = dup_trimmed(subject, err);
	if (!row->subject)
		return CZ_ENOMEM;
	if (field(l, fields, n, CZ_COL_DESCRIPTION) &&
	    !(row->description = dup_trimmed(field(l, fields, n, CZ_COL_DESCRIPTION), err)))
		return CZ_ENOMEM;
	if (field(l, fields, n, CZ_COL_LOCATION) &&
	    !(row->location = dup_trimmed(field(l, fields, n, CZ_COL_LOCATION), err)))
		return CZ_ENOMEM;
	for (int i = 0; i < 3; i++) {
		rc = cz_attendees_split(field(l, fields, n, who[i]), &row->names[i],
					&row->emails[i], err);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

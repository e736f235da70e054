/*
 * reportfmt.h - writing a cz_report as a table, CSV, JSON, Markdown or HTML.
 *
 * The CSV columns (cz_report_columns) are a contract with leadership
 * spreadsheets: append new columns at the end, never reorder. Missing
 * values are empty cells (a period without evidence has no health), lists
 * are ';'-separated, booleans true/false; text cells are neutralised
 * against formula injection (csvout.h).
 *
 * The table is for a terminal: aligned, status coloured only when `color`
 * is true (the caller passes it only for a TTY without NO_COLOR), control
 * characters from the archive replaced with '?'. Markdown escapes Markdown
 * and HTML in every text that comes from notes or the configuration.
 * JSON is written by reportjson.c, HTML by reporthtml.c.
 */
#ifndef CZ_REPORTFMT_H
#define CZ_REPORTFMT_H

#include <stdbool.h>
#include <stdio.h>

#include "coalesce/buf.h"
#include "coalesce/report.h"

typedef enum cz_report_format {
	CZ_FMT_TABLE,
	CZ_FMT_CSV,
	CZ_FMT_JSON,
	CZ_FMT_MD,
	CZ_FMT_HTML  /* reporthtml.h; cz_report_write() lists no per-hit evidence */
} cz_report_format;

bool cz_report_format_parse(const char *s, cz_report_format *out);

/* CSV header names, NULL-terminated. */
extern const char *const cz_report_columns[];

cz_rc cz_report_write(const cz_report *r, cz_report_format fmt, FILE *f, bool color,
		      cz_err *err);

/* Append s to out with Markdown and HTML neutralised (one line). */
cz_rc cz_md_escape(cz_buf *out, const char *s, cz_err *err);

/* "excerpt (path:line)" of a row's strongest evidence into out ("" if none). */
cz_rc cz_report_top_evidence(const cz_report_row *row, cz_buf *out, cz_err *err);

#endif

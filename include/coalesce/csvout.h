/*
 * csvout.h - writing RFC 4180 CSV; the only module that calls libcsv's
 * writer (the calendar importer has its own reader adapter).
 *
 * Rows end with CRLF as RFC 4180 says. A field is quoted (by libcsv's
 * csv_fwrite, which doubles inner quotes) only when it must be: when it
 * holds a comma, a quote, CR or LF, or starts or ends with a space; so a
 * header row reads exactly "initiative,name,...".
 *
 * Spreadsheet formula injection: a text cell whose first character is
 * '=', '+', '-', '@', TAB or CR would be run as a formula by Excel, Calc
 * or Sheets (`=HYPERLINK("http://x","y")` in a note becomes a live link).
 * cz_csvout_text() neutralises such a cell by prefixing a single quote
 * ('), the convention spreadsheets themselves use for "this is text"
 * (OWASP's recommendation). Numbers the program formats itself go through
 * cz_csvout_num() untouched, so a trend of -12 stays a number.
 *
 * The writer borrows the FILE; errors are reported at the row's end.
 */
#ifndef CZ_CSVOUT_H
#define CZ_CSVOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "coalesce/err.h"

typedef struct cz_csvout {
	FILE *f;
	bool mid_row; /* a field was written on the current row */
	bool failed;  /* a write failed */
} cz_csvout;

void cz_csvout_init(cz_csvout *w, FILE *f);
/* A text cell, neutralised against formula injection; NULL is an empty cell. */
void cz_csvout_text(cz_csvout *w, const char *s);
/* A cell written as is (numbers, true/false); NULL or "" is an empty cell. */
void cz_csvout_num(cz_csvout *w, const char *s);
/* End the row; CZ_EIO when anything failed to write. */
cz_rc cz_csvout_end_row(cz_csvout *w, cz_err *err);

/* Whether a text cell would be neutralised (starts with = + - @ TAB CR). */
bool cz_csv_is_formula(const char *s);

#endif

/*
 * csvw.h - writing CSV; the only module that uses libcsv's writer.
 *
 * Every field is quoted (csv_fwrite's behaviour), so commas, quotes and
 * line breaks inside fields survive a round trip through any spreadsheet.
 * Records end with CRLF as RFC 4180 says. Write errors surface as CZ_EIO.
 */
#ifndef CZ_CSVW_H
#define CZ_CSVW_H

#include <stddef.h>
#include <stdio.h>

#include "coalesce/err.h"

typedef struct cz_csvw {
	FILE *f;     /* borrowed */
	size_t col;  /* fields written in the current record */
} cz_csvw;

void cz_csvw_init(cz_csvw *w, FILE *f);
/* One field; s may be NULL for an empty field. */
cz_rc cz_csvw_field(cz_csvw *w, const char *s, cz_err *err);
cz_rc cz_csvw_fieldn(cz_csvw *w, const char *s, size_t n, cz_err *err);
/* End the record. */
cz_rc cz_csvw_end(cz_csvw *w, cz_err *err);

#endif

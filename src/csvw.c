/*
 * csvw.c - CSV output through libcsv's csv_fwrite (see csvw.h).
 *
 * libcsv quotes each field and doubles embedded quotes; this adapter adds
 * the separators and record ends and turns short writes into CZ_EIO.
 */
#include <string.h>
#include <csv.h>

#include "coalesce/csvw.h"

void cz_csvw_init(cz_csvw *w, FILE *f)
{
	w->f = f;
	w->col = 0;
}

cz_rc cz_csvw_fieldn(cz_csvw *w, const char *s, size_t n, cz_err *err)
{
	if (w->col && fputc(',', w->f) == EOF)
		return cz_err_set(err, CZ_EIO, "error writing CSV output");
	if (csv_fwrite(w->f, s ? s : "", s ? n : 0) != 0)
		return cz_err_set(err, CZ_EIO, "error writing CSV output");
	w->col++;
	return CZ_OK;
}

cz_rc cz_csvw_field(cz_csvw *w, const char *s, cz_err *err)
{
	return cz_csvw_fieldn(w, s, s ? strlen(s) : 0, err);
}

cz_rc cz_csvw_end(cz_csvw *w, cz_err *err)
{
	w->col = 0;
	if (fputs("\r\n", w->f) == EOF)
		return cz_err_set(err, CZ_EIO, "error writing CSV output");
	return CZ_OK;
}

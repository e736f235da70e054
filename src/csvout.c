/*
 * csvout.c - RFC 4180 CSV writing through libcsv (see csvout.h).
 *
 * libcsv's csv_fwrite() always quotes; we call it only for fields that
 * need quoting and write the rest verbatim, so the output stays
 * readable and the header row is plain.
 */
#include <csv.h>
#include <string.h>

#include "coalesce/buf.h"
#include "coalesce/csvout.h"

void cz_csvout_init(cz_csvout *w, FILE *f)
{
	w->f = f;
	w->mid_row = false;
	w->failed = false;
}

bool cz_csv_is_formula(const char *s)
{
	return s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
		     s[0] == '\t' || s[0] == '\r');
}

static bool needs_quotes(const char *s, size_t n)
{
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return true;
	return strpbrk(s, ",\"\r\n") != NULL;
}

static void sep(cz_csvout *w)
{
	if (w->mid_row && fputc(',', w->f) == EOF)
		w->failed = true;
	w->mid_row = true;
}

static void put(cz_csvout *w, const char *s, size_t n)
{
	if (!needs_quotes(s, n)) {
		if (n && fwrite(s, 1, n, w->f) != n)
			w->failed = true;
	} else if (csv_fwrite(w->f, s, n) != 0) {
		w->failed = true;
	}
}

/* The cell with a leading single quote; quoted by libcsv when needed. */
static void put_neutralised(cz_csvout *w, const char *s)
{
	cz_buf b;
	cz_err err;

	cz_buf_init(&b, 0);
	if (cz_buf_addc(&b, '\'', &err) || cz_buf_adds(&b, s, &err))
		w->failed = true;
	else
		put(w, b.data, b.len);
	cz_buf_release(&b);
}

void cz_csvout_text(cz_csvout *w, const char *s)
{
	sep(w);
	if (s && *s && cz_csv_is_formula(s))
		put_neutralised(w, s);
	else if (s && *s)
		put(w, s, strlen(s));
}

void cz_csvout_num(cz_csvout *w, const char *s)
{
	sep(w);
	if (s && *s)
		put(w, s, strlen(s));
}

cz_rc cz_csvout_end_row(cz_csvout *w, cz_err *err)
{
	if (fputs("\r\n", w->f) == EOF)
		w->failed = true;
	w->mid_row = false;
	if (w->failed)
		return cz_err_set(err, CZ_EIO, "error writing CSV output");
	return CZ_OK;
}

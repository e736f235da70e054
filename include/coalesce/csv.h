/*
 * csv.h - reading and writing CSV; the only module that uses libcsv.
 *
 * Reading is streaming: bytes are fed in chunks of any size and each
 * complete record is handed to a callback together with the 1-based
 * physical line on which it starts, so that importers can report
 * "FILE:LINE: reason" even when quoted fields span several lines.
 * Quoted fields may hold delimiters, doubled quotes and line breaks; rows
 * end with LF, CRLF or a lone CR. A line end inside quotes is kept as it
 * was written (CRLF stays CRLF) and counts as a physical line. Blank lines
 * between records are skipped. Spaces around unquoted fields and around
 * quoted ones are trimmed (libcsv's lenient mode); a stray quote inside an
 * unquoted field is kept literally.
 *
 * Limits (hostile input): at most CZ_CSV_MAX_FIELDS fields per record and
 * CZ_CSV_MAX_FIELD bytes per field; beyond them parsing fails with
 * CZ_ELIMIT naming the line. A quoted field still open at the end of the
 * input is CZ_EDATA ("LINE: unterminated quoted field").
 *
 * Ownership: the reader owns the field strings; a callback borrows them
 * until it returns.
 */
#ifndef CZ_CSV_H
#define CZ_CSV_H

#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>

#include "coalesce/buf.h"
#include "coalesce/err.h"

#define CZ_CSV_MAX_FIELDS 4096
#define CZ_CSV_MAX_FIELD ((size_t)4 << 20)

/* One record. fields[i] is NUL-terminated and lens[i] its length (a
 * field may contain NUL bytes only if the input did). */
typedef struct cz_csv_row {
	size_t line;              /* 1-based physical line where it starts */
	size_t n;                 /* number of fields, at least 1 */
	const char *const *fields;
	const size_t *lens;
} cz_csv_row;

/* Called for every record; a non-OK return stops the parse and is
 * returned by the feeding function (err filled by the callback). */
typedef cz_rc (*cz_csv_row_fn)(void *ctx, const cz_csv_row *row, cz_err *err);

typedef struct cz_csv_reader cz_csv_reader;

/* A reader with the given delimiter (',' ';' '\t' ...). *out is owned by
 * the caller (cz_csv_reader_free). */
cz_rc cz_csv_reader_new(cz_csv_reader **out, char delim, cz_csv_row_fn fn, void *ctx,
			cz_err *err);
void cz_csv_reader_free(cz_csv_reader *r);
/* Feed the next len bytes. */
cz_rc cz_csv_feed(cz_csv_reader *r, const char *data, size_t len, cz_err *err);
/* End of input: emits the last record if it had no line end. */
cz_rc cz_csv_finish(cz_csv_reader *r, cz_err *err);

/* Convenience: parse a whole buffer. */
cz_rc cz_csv_parse(const char *data, size_t len, char delim, cz_csv_row_fn fn, void *ctx,
		   cz_err *err);

/*
 * Writing. Rows end with CRLF as RFC 4180 says. A field is quoted (by
 * libcsv's csv_fwrite, which doubles inner quotes) only when it must be:
 * when it holds a comma, a quote, CR or LF, or starts or ends with a
 * space; so a header row reads exactly "initiative,name,...".
 *
 * Spreadsheet formula injection: a text cell whose first character is
 * '=', '+', '-', '@', TAB or CR would be run as a formula by Excel, Calc
 * or Sheets (`=HYPERLINK("http://x","y")` in a note becomes a live link).
 * cz_csvout_text() neutralises such a cell by prefixing a single quote
 * ('), the convention spreadsheets themselves use for "this is text"
 * (OWASP's recommendation). Numbers the program formats itself go through
 * cz_csvout_num() untouched, so a trend of -12 stays a number.
 *
 * Control characters other than TAB, CR and LF (ESC starting a terminal
 * escape sequence, BEL, DEL...) are written as the text \xNN, as
 * cz_put_safe() prints them: CSV is often read on a terminal.
 *
 * The writer borrows the FILE; errors are reported at the row's end.
 */
typedef struct cz_csvout {
	FILE *f;
	bool mid_row;
	bool failed;
} cz_csvout;

void cz_csvout_init(cz_csvout *w, FILE *f);
/* A text cell (NULL or "" is an empty cell), neutralised if formula-like. */
void cz_csvout_text(cz_csvout *w, const char *s);
/* A cell the program formatted itself (a number): written as is. */
void cz_csvout_num(cz_csvout *w, const char *s);
/* End the row; CZ_EIO if anything in it failed to write. */
cz_rc cz_csvout_end_row(cz_csvout *w, cz_err *err);
/* Whether s would be taken for a formula by a spreadsheet. */
bool cz_csv_is_formula(const char *s);

#endif

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
 * Writing quotes every field (doubling inner quotes) and ends each record
 * with CRLF, as RFC 4180 asks; spreadsheets and libcsv read it back.
 *
 * Ownership: the reader owns the field strings; a callback borrows them
 * until it returns.
 */
#ifndef CZ_CSV_H
#define CZ_CSV_H

#include <stdio.h>
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

/* Append one record (n fields) to out, each field quoted, ending in CRLF. */
cz_rc cz_csv_write_row(cz_buf *out, const char *const *fields, size_t n, cz_err *err);
/* The same, written to a stream; CZ_EIO when the stream fails. */
cz_rc cz_csv_fwrite_row(FILE *f, const char *const *fields, size_t n, cz_err *err);

#endif

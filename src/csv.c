/*
 * csv.c - libcsv adapter (see csv.h for the contract).
 *
 * libcsv parses but does not say where a record starts. We feed it one
 * physical line at a time (each chunk ends just after a CR or LF), so a
 * record can only end at the end of a chunk, and we know the line number
 * of every chunk. A record starts on the first chunk, after the previous
 * record ended, that holds anything but blanks: that chunk's line is the
 * record's line. CRLF counts as one line end, as does a lone CR or LF.
 *
 * Fields of the current record are packed into one buffer (each followed
 * by a NUL) with an offset table, so a record costs no allocation once the
 * buffers have grown to the widest row.
 *
 * Writing: libcsv's csv_fwrite() always quotes; it is called only for
 * fields that need quoting and the rest are written verbatim, so the
 * output stays readable and the header row is plain.
 */
#include <stdlib.h>
#include <string.h>
#include <csv.h>

#include "coalesce/csv.h"

struct cz_csv_reader {
	struct csv_parser p;
	cz_csv_row_fn fn;
	void *ctx;
	size_t line;       /* physical line of the next byte fed */
	size_t start_line; /* line where the current record started */
	int started;       /* the current record has begun */
	int pending_cr;    /* the last byte fed was a CR */
	cz_buf data;       /* the current record's fields, NUL-separated */
	size_t *offs, *lens;
	const char **ptrs;
	size_t n, cap;
	cz_rc rc;          /* first failure inside a callback */
	cz_err err;
};

static void fail(cz_csv_reader *r, cz_rc rc, const char *what)
{
	if (r->rc)
		return;
	r->rc = cz_err_set(&r->err, rc, "%zu: %s", r->start_line, what);
}

static void on_field(void *s, size_t len, void *data)
{
	cz_csv_reader *r = data;
	cz_err e;

	if (r->rc)
		return;
	if (r->n == CZ_CSV_MAX_FIELDS) {
		fail(r, CZ_ELIMIT, "too many fields in one record (limit 4096)");
		return;
	}
	if (len > CZ_CSV_MAX_FIELD) {
		fail(r, CZ_ELIMIT, "field too large (limit 4 MiB)");
		return;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		size_t *offs = realloc(r->offs, cap * sizeof(*offs));
		size_t *lens = offs ? realloc(r->lens, cap * sizeof(*lens)) : NULL;
		const char **ptrs = lens ? realloc(r->ptrs, cap * sizeof(*ptrs)) : NULL;

		if (offs)
			r->offs = offs;
		if (lens)
			r->lens = lens;
		if (!ptrs) {
			fail(r, CZ_ENOMEM, "out of memory");
			return;
		}
		r->ptrs = ptrs;
		r->cap = cap;
	}
	r->offs[r->n] = r->data.len;
	r->lens[r->n] = len;
	if ((len && cz_buf_add(&r->data, s, len, &e)) || cz_buf_addc(&r->data, '\0', &e)) {
		fail(r, e.code, "out of memory");
		return;
	}
	r->n++;
}

static void on_row(int c, void *data)
{
	cz_csv_reader *r = data;
	cz_csv_row row;

	(void)c;
	if (!r->rc && r->n) {
		for (size_t i = 0; i < r->n; i++)
			r->ptrs[i] = r->data.data + r->offs[i];
		row.line = r->start_line;
		row.n = r->n;
		row.fields = r->ptrs;
		row.lens = r->lens;
		r->rc = r->fn(r->ctx, &row, &r->err);
	}
	r->n = 0;
	cz_buf_reset(&r->data);
	r->started = 0;
}

cz_rc cz_csv_reader_new(cz_csv_reader **out, char delim, cz_csv_row_fn fn, void *ctx,
			cz_err *err)
{
	cz_csv_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	if (csv_init(&r->p, CSV_APPEND_NULL) != 0) {
		free(r);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	csv_set_delim(&r->p, (unsigned char)delim);
	/* libcsv grows a field's buffer by blk_size bytes (default 128) at a
	 * time: a 4 MiB field meant 32768 reallocs, minutes under allocators
	 * that copy on realloc (found by the hostile catalogue under ASan). */
	csv_set_blk_size(&r->p, (size_t)64 << 10);
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	r->start_line = 1;
	cz_buf_init(&r->data, 0);
	*out = r;
	return CZ_OK;
}

void cz_csv_reader_free(cz_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	cz_buf_release(&r->data);
	free(r->offs);
	free(r->lens);
	free(r->ptrs);
	free(r);
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

static cz_rc parse_error(cz_csv_reader *r, cz_err *err)
{
	int e = csv_error(&r->p);

	if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
		return cz_err_set(err, CZ_ENOMEM, "%zu: out of memory", r->start_line);
	return cz_err_set(err, CZ_EDATA, "%zu: %s", r->start_line, csv_strerror(e));
}

/* Feed one chunk that holds at most one line end, as its last byte. */
static cz_rc feed_line(cz_csv_reader *r, const char *s, size_t n, cz_err *err)
{
	char last = s[n - 1];

	if (!r->started && !blank(s, n)) {
		r->started = 1;
		r->start_line = r->line;
	}
	if (csv_parse(&r->p, s, n, on_field, on_row, r) != n && !r->rc)
		return parse_error(r, err);
	if (r->rc) {
		memcpy(err, &r->err, sizeof(*err));
		return r->rc;
	}
	if (last == '\r') {
		r->line++;
	} else if (last == '\n') {
		if (!(n == 1 && r->pending_cr))
			r->line++;
	}
	r->pending_cr = last == '\r';
	return CZ_OK;
}

cz_rc cz_csv_feed(cz_csv_reader *r, const char *data, size_t len, cz_err *err)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		cz_rc rc;

		while (j < len && data[j] != '\n' && data[j] != '\r')
			j++;
		if (j < len)
			j++; /* include the line end */
		rc = feed_line(r, data + i, j - i, err);
		if (rc)
			return rc;
		i = j;
	}
	return CZ_OK;
}

/* libcsv's parser states (csv.h leaves them private): a quoted field whose
 * closing quote never came is still in FIELD_BEGUN with `quoted` set.
 * CSV_STRICT_FINI would report it, but only together with CSV_STRICT,
 * which also rejects stray quotes in unquoted fields (csv-spectrum has
 * one), so the check is done here. */
#define LIBCSV_FIELD_BEGUN 2

cz_rc cz_csv_finish(cz_csv_reader *r, cz_err *err)
{
	if (!r->rc && r->p.quoted && r->p.pstate == LIBCSV_FIELD_BEGUN)
		return cz_err_set(err, CZ_EDATA, "%zu: unterminated quoted field", r->start_line);
	if (csv_fini(&r->p, on_field, on_row, r) != 0 && !r->rc) {
		return parse_error(r, err);
	}
	if (r->rc) {
		memcpy(err, &r->err, sizeof(*err));
		return r->rc;
	}
	return CZ_OK;
}

cz_rc cz_csv_parse(const char *data, size_t len, char delim, cz_csv_row_fn fn, void *ctx,
		   cz_err *err)
{
	cz_csv_reader *r;
	cz_rc rc = cz_csv_reader_new(&r, delim, fn, ctx, err);

	if (rc)
		return rc;
	rc = cz_csv_feed(r, data, len, err);
	if (!rc)
		rc = cz_csv_finish(r, err);
	cz_csv_reader_free(r);
	return rc;
}

/* --- writing (see csv.h) ------------------------------------------- */

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

/* Whether s holds a control character other than TAB, CR and LF. */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t' && *s != '\r' && *s != '\n') ||
		    *s == 0x7f)
			return true;
	return false;
}

void cz_csvout_text(cz_csvout *w, const char *s)
{
	cz_buf b;
	cz_err err;

	sep(w);
	if (!s || !*s)
		return;
	/* Issue 8: CSV often goes to a terminal (evidence --format csv):
	 * escapes from notes are written as \xNN text, as cz_put_safe() does. */
	cz_buf_init(&b, 0);
	if (has_control(s)) {
		for (const char *p = s; *p && !w->failed; p++) {
			unsigned char c = (unsigned char)*p;
			bool ctl = (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f;
			if (ctl ? cz_buf_addf(&b, &err, "\\x%02x", c) : cz_buf_addc(&b, *p, &err))
				w->failed = true;
		}
		s = b.data;
	}
	if (cz_csv_is_formula(s))
		put_neutralised(w, s);
	else
		put(w, s, strlen(s));
	cz_buf_release(&b);
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

/*
 * fuzz_calendar.c - fuzz target: a calendar CSV export through the same
 * steps calimport.c takes before anything is stored: decoding (BOMs,
 * UTF-16, windows-1252), header sniffing over the first records with each
 * delimiter (calformat's layout table), then every data row through
 * cz_calrow_parse (dates in the three orders, times, attendee lists).
 *
 * The input is fed to the streaming reader in chunks whose size comes from
 * the first byte, so record boundaries that straddle feeds are exercised
 * too. The database part of the import is left out on purpose: it only
 * binds the strings produced here, and an in-memory database per input
 * would cut the execution rate tenfold.
 */
#include <stddef.h>
#include <stdint.h>

#include "coalesce/buf.h"
#include "coalesce/calformat.h"
#include "coalesce/calimport.h"
#include "coalesce/csv.h"
#include "coalesce/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fz {
	cz_layout layout;
	cz_date_order order;
	size_t records;
	bool found;
	bool in_body;
} fz;

static cz_rc on_row(void *ctx, const cz_csv_row *row, cz_err *err)
{
	fz *z = ctx;
	cz_calrow cr;
	cz_err e;

	(void)err;
	if (!z->in_body) {
		if (cz_layout_detect(NULL, row->fields, row->n, &z->layout)) {
			z->found = true;
			return CZ_EPARTIAL; /* stop: header found */
		}
		return ++z->records >= CZ_CALIMPORT_PREAMBLE ? CZ_EPARTIAL : CZ_OK;
	}
	cz_calrow_init(&cr);
	(void)cz_calrow_parse(&z->layout, z->order, row->fields, row->n, &cr, &e);
	cz_calrow_release(&cr);
	return CZ_OK;
}

/* Feed text to a reader in chunks of `chunk` bytes. */
static void feed(fz *z, char delim, const char *text, size_t len, size_t chunk)
{
	cz_csv_reader *r = NULL;
	cz_err err;
	size_t off = 0;

	if (cz_csv_reader_new(&r, delim, on_row, z, &err) != CZ_OK)
		return;
	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;
		if (cz_csv_feed(r, text + off, n, &err) != CZ_OK)
			break;
		off += n;
	}
	if (off >= len)
		(void)cz_csv_finish(r, &err);
	cz_csv_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { ',', ';', '\t' };
	static const cz_date_order orders[] = { CZ_ORDER_NONE, CZ_ORDER_MDY, CZ_ORDER_DMY,
						CZ_ORDER_YMD };
	cz_buf text;
	cz_err err;
	size_t chunk;
	fz z = { 0 };

	if (size == 0)
		return 0;
	chunk = (size_t)(data[0] % 64) + 1;
	if (data[0] >= 192)
		chunk = size; /* whole buffer in one feed */
	cz_buf_init(&text, 0);
	if (cz_decode((const char *)data + 1, size - 1, "windows-1252", &text, NULL, &err) !=
	    CZ_OK) {
		cz_buf_release(&text);
		return 0;
	}
	for (size_t d = 0; d < sizeof(delims) && !z.found; d++) {
		z.records = 0;
		feed(&z, delims[d], text.data, text.len, chunk);
		if (z.found) {
			z.in_body = true;
			z.order = orders[(data[0] >> 6) & 3];
			if (z.order == CZ_ORDER_NONE)
				z.order = z.layout.order;
			feed(&z, delims[d], text.data, text.len, chunk);
		}
	}
	cz_buf_release(&text);
	return 0;
}

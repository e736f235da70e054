/*
 * fuzz_note.c - fuzz target: raw file bytes through decoding and note
 * metadata parsing (BOMs, UTF-16, front matter via libyaml, Logseq and
 * Notion properties, dates in headings and names).
 *
 * Built two ways: with clang -fsanitize=fuzzer for `make fuzz`, and with the
 * replay driver (replay.c) so `make check` runs the seed corpus as a test.
 */
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "coalesce/buf.h"
#include "coalesce/decode.h"
#include "coalesce/note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cz_buf text;
	cz_note note;
	cz_err err;

	cz_buf_init(&text, 0);
	if (cz_decode((const char *)data, size, NULL, &text, NULL, &err) == CZ_OK) {
		cz_note_init(&note);
		(void)cz_note_parse(&note, "notes/2025-03-04 fuzz.md", text.data, text.len,
				    (time_t)0, &err);
		cz_note_release(&note);
	}
	cz_buf_release(&text);
	return 0;
}

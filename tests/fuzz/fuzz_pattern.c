/*
 * fuzz_pattern.c - fuzz target: a rule pattern's text through the syntax
 * tree (rxtree.h: nesting and size bounds, classes, escapes, options) and,
 * when it parses, its structural questions and both prefilter expressions
 * (pfexpr.h). The first byte picks the caseless option; the rest is the
 * pattern, which need not be valid UTF-8 or valid PCRE2.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/pfexpr.h"
#include "coalesce/rxtree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *pattern;
	bool caseless;
	cz_rx *rx = NULL;
	cz_err err;

	if (size == 0 || size > 4096)
		return 0;
	caseless = data[0] & 1;
	pattern = malloc(size);
	if (!pattern)
		return 0;
	memcpy(pattern, data + 1, size - 1);
	pattern[size - 1] = '\0';
	if (cz_rx_parse(&rx, pattern, caseless, &err) == CZ_OK) {
		(void)cz_rx_nullable(rx);
		(void)cz_rx_edge_free(rx);
		(void)cz_rx_nested_unbounded(rx);
		cz_rx_free(rx);
		cz_pfexpr e;
		if (cz_pfexpr_derive(&e, pattern, caseless, &err) == CZ_OK)
			cz_pfexpr_release(&e);
	}
	free(pattern);
	return 0;
}

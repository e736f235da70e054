/*
 * pfexpr.h - a rule pattern reduced to the byte-mode expressions the
 * Vectorscan prefilter compiles (prefilter.h), and the check that picks
 * which of the two a text may be scanned with.
 *
 * Pure text work on the pattern's syntax tree (rxtree.h): no Vectorscan,
 * so it is the same in every build and testable alone. The reduction is a
 * superset whose every match end lies inside the PCRE2 match it stands
 * for (see pfexpr.c), so a unit holding no end cannot hold a match.
 */
#ifndef CZ_PFEXPR_H
#define CZ_PFEXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/err.h"

/* White space repeats are bounded at this many bytes in the fast
 * expression. */
#define CZ_PF_SPACE_RUN 16u

typedef struct cz_pfexpr {
	char *fast; /* white space runs bounded: exact on texts without a long run */
	char *safe; /* unbounded */
	bool weak;  /* its longest literal run is under two characters */
} cz_pfexpr;

/*
 * Both expressions of pattern (caseless: the rule's option), from one
 * parse, into *out (released with cz_pfexpr_release). out->fast and
 * out->safe are NULL when the pattern is left to PCRE2 (syntax rxtree.h
 * does not model). Only CZ_ENOMEM fails.
 */
cz_rc cz_pfexpr_derive(cz_pfexpr *out, const char *pattern, bool caseless, cz_err *err);
void cz_pfexpr_release(cz_pfexpr *e);

/*
 * Whether text[from..to) holds a run of more than CZ_PF_SPACE_RUN bytes
 * that may be white space (ASCII blanks or any non-ASCII byte): then only
 * the safe expressions are exact on it.
 */
bool cz_pfexpr_long_space_run(const char *text, size_t from, size_t to);

#endif

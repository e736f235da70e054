/*
 * cands.h - the units of a note a rule must search, from the prefilter's
 * candidate ends.
 *
 * A rule is searched unit by unit (lines, sentences, list items,
 * paragraphs, sections or the whole note: its scope). With the prefilter
 * (prefilter.h), each match pattern comes with the sorted ends of its
 * candidates in the note; a unit that holds none of them cannot hold a
 * match, so the matcher (match.c) visits only the units that do: a note
 * costs its candidates, not its units times the rules.
 *
 * The units of a scope are sorted and disjoint; units are asked in text
 * order, so a cursor per pattern walks its ends once.
 *
 * Not thread-safe: one cz_cands per matcher, refilled for each rule.
 */
#ifndef CZ_CANDS_H
#define CZ_CANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/rule.h"
#include "coalesce/segment.h"

/* One match pattern's candidate ends in the current note. */
typedef struct cz_pcands {
	const size_t *ends; /* sorted; borrowed from the prefilter's scan */
	size_t n;
	size_t at;          /* first end past the last unit's start */
	size_t last_us;
	bool here;          /* an end lies in the unit asked last */
} cz_pcands;

/* A rule's candidates in the current note. */
typedef struct cz_cands {
	bool on;            /* the rule is covered by the prefilter: use p[] */
	bool all;           /* every unit is a candidate for every pattern */
	size_t n;           /* ends of all its patterns */
	cz_pcands *p;       /* per match pattern */
} cz_cands;

/* The number of units of scope s in seg; *first_line: the first line of
 * the body (lines before it are front matter; 0 for other scopes). */
size_t cz_units_count(const cz_seg *seg, cz_scope s, size_t *first_line);

/* Unit i of scope s, as the span [*a, *b) of seg's text. */
void cz_unit_span(const cz_seg *seg, cz_scope s, size_t i, size_t *a, size_t *b);

/* Whether some candidate end of one of the n_match patterns lies in
 * (us, ue]; sets each pattern's `here`. True when the rule is not covered
 * or every unit is a candidate. */
bool cz_cands_in_unit(cz_cands *c, size_t n_match, size_t us, size_t ue);

/* The first unit at or after u (of n, scope s) that holds a candidate end
 * of one of the n_match patterns; n when none. u itself when the rule is
 * not covered or every unit is a candidate. */
size_t cz_cands_next_unit(cz_cands *c, size_t n_match, const cz_seg *seg, cz_scope s,
			  size_t u, size_t n);

#endif

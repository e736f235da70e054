/*
 * cands.c - the units a rule must search, from the prefilter's candidate
 * ends (see cands.h).
 *
 * Moved out of match.c, which asks these questions for every rule of every
 * note: the accessors give a scope's units as spans; the candidate cursors
 * answer "does this unit hold an end" and "which is the next unit that
 * does", the second by bisection over the sorted units.
 */
#include <stdint.h>

#include "coalesce/cands.h"

size_t cz_units_count(const cz_seg *seg, cz_scope s, size_t *first_line)
{
	*first_line = 0;
	switch (s) {
	case CZ_SCOPE_LINE:
		while (*first_line < seg->n_lines && seg->lines[*first_line].start < seg->body)
			(*first_line)++;
		return seg->n_lines;
	case CZ_SCOPE_SENTENCE: return seg->n_sents;
	case CZ_SCOPE_ITEM: return seg->n_items;
	case CZ_SCOPE_PARAGRAPH: return seg->n_paras;
	case CZ_SCOPE_SECTION: return seg->n_sections;
	case CZ_SCOPE_NOTE: return 1;
	}
	return 0;
}

void cz_unit_span(const cz_seg *seg, cz_scope s, size_t i, size_t *a, size_t *b)
{
	switch (s) {
	case CZ_SCOPE_LINE: *a = seg->lines[i].start; *b = seg->lines[i].end; return;
	case CZ_SCOPE_SENTENCE: *a = seg->sents[i].start; *b = seg->sents[i].end; return;
	case CZ_SCOPE_ITEM: *a = seg->items[i].start; *b = seg->items[i].end; return;
	case CZ_SCOPE_PARAGRAPH: *a = seg->paras[i].start; *b = seg->paras[i].end; return;
	case CZ_SCOPE_SECTION: *a = seg->sections[i].start; *b = seg->sections[i].end; return;
	case CZ_SCOPE_NOTE: *a = seg->body; *b = seg->len; return;
	}
}

/*
 * Whether some candidate end of a pattern lies in (us, ue]: the unit may
 * hold a match of it (cz_pcands.here). Units are asked in text order, so a
 * cursor walks each pattern's sorted ends once (defensively restarted
 * should a unit start before the last).
 */
bool cz_cands_in_unit(cz_cands *c, size_t n_match, size_t us, size_t ue)
{
	bool any = false;

	if (!c->on || c->all)
		return true;
	for (size_t k = 0; k < n_match; k++) {
		cz_pcands *p = &c->p[k];
		if (us < p->last_us)
			p->at = 0;
		p->last_us = us;
		while (p->at < p->n && p->ends[p->at] <= us) /* first end > us */
			p->at++;
		p->here = p->at < p->n && p->ends[p->at] <= ue;
		any = any || p->here;
	}
	return any;
}

/*
 * The first unit at or after u that holds a candidate end of one of the
 * rule's patterns (n: none); every unit when the rule is not covered.
 * Units of a scope are sorted and disjoint, so the cursors give the
 * smallest end past unit u's start and a bisection its unit: a note costs
 * its candidates, not its units times the patterns.
 */
size_t cz_cands_next_unit(cz_cands *c, size_t n_match, const cz_seg *seg, cz_scope s,
			  size_t u, size_t n)
{
	size_t us, ue, from;

	if (!c->on || c->all || u >= n)
		return u;
	cz_unit_span(seg, s, u, &us, &ue);
	from = us;
	for (;;) {
		size_t best = SIZE_MAX, lo = u, hi = n;
		for (size_t k = 0; k < n_match; k++) {
			cz_pcands *p = &c->p[k];
			while (p->at < p->n && p->ends[p->at] <= from)
				p->at++;
			if (p->at < p->n && p->ends[p->at] < best)
				best = p->ends[p->at];
		}
		if (best == SIZE_MAX)
			return n;
		while (lo < hi) { /* the first unit ending at or after best */
			size_t mid = lo + (hi - lo) / 2;
			cz_unit_span(seg, s, mid, &us, &ue);
			if (ue < best)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n)
			return n;
		cz_unit_span(seg, s, lo, &us, &ue);
		if (us < best)
			return lo;
		from = best; /* between units: look past it */
		u = lo;
	}
}

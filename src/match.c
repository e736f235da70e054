/*
 * match.c - the rule engine: one note, every rule, hits with statuses
 * (semantics in match.h).
 *
 * Cost model: a note has a few hundred units and a rule set a few dozen
 * rules, and most rules match nothing in most notes. So before walking the
 * units, each rule's patterns are searched once over the whole body; when
 * none matches, the rule is done with this note. That shortcut is only
 * taken for patterns whose result cannot depend on where a unit starts or
 * ends (no anchors, no lookaround): for those, a match inside a unit is a
 * match in the body. Everything else walks the units.
 *
 * With a prefilter (prefilter.h), the whole-body search is one Vectorscan
 * scan for every covered rule at once: a covered rule without a candidate
 * is done, and one with candidates walks only the units that contain a
 * candidate's end (the units and the cursors over the ends: cands.h).
 * Every hit is still found and confirmed by PCRE2 in its unit, so the
 * evidence is the same as without the prefilter.
 *
 * All searching happens on seg->flat (line breaks inside items are spaces,
 * text outside units is blanked), with offsets equal to the note text's.
 *
 * A rule with `section:` can only hit under a heading its pattern matches,
 * so the section test comes first: per note and rule, each section's
 * verdict (does a heading of its chain match?) is worked out once, when a
 * unit first asks, and a unit lying wholly in sections that fail is not
 * searched at all. "Decision under a heading" rules match every list item
 * of every note, and most notes have no Decisions heading: the rule is then
 * done with the note before any pattern runs. A heading whose test fails
 * with an error (a PCRE2 limit) gets no verdict: its units are searched and
 * tested hit by hit as before, so the error surfaces exactly where it did.
 *
 * A require/unless answer is searched once per note and window, whichever
 * rule or hit asks (condmemo.h).
 */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "coalesce/cands.h"
#include "coalesce/condmemo.h"
#include "coalesce/decode.h"
#include "coalesce/match.h"
#include "coalesce/prefilter.h"
#include "coalesce/rxtree.h"

/* A section's verdict for the current rule and note (sec_verdict()). */
enum {
	SEC_UNKNOWN = 0, /* not asked yet */
	SEC_NO,          /* no heading of the chain matches */
	SEC_YES,         /* some heading of the chain matches */
	SEC_ERROR        /* a test failed: decide hit by hit with in_section() */
};

typedef struct rule_state {
	bool unit_free;     /* every match pattern may use the whole-body shortcut */
	size_t limit_notes; /* notes where the rule hit a limit */
	bool disabled;
	size_t index;       /* in the rule set */
} rule_state;

struct cz_matcher {
	const cz_ruleset *rs;
	cz_rematch *md;
	cz_match_limits lim;
	rule_state *st;
	cz_hit *hits;       /* per rule per note, reused */
	size_t n_hits, cap_hits;
	const cz_prefilter *pf; /* borrowed; NULL: PCRE2 only */
	cz_pfscan *pfs;         /* this matcher's scan state */
	cz_pcands *pc;      /* per match pattern of the rule being run */
	/* Section gate of the rule being run, per section of the note: the
	 * verdict of the section's own title and of its chain (SEC_*). */
	unsigned char *title, *chain;
	size_t cap_sec;
	cz_condmemo *memo;      /* require/unless answers of this note */
};

const char *cz_hit_status_name(cz_hit_status s)
{
	switch (s) {
	case CZ_HIT_COUNTED: return "counted";
	case CZ_HIT_EXCEPTED: return "excepted";
	case CZ_HIT_CAPPED: return "capped";
	case CZ_HIT_LIMIT: return "limit";
	}
	return "counted";
}

/* Whether a pattern's matches cannot depend on the subject's edges (see
 * rxtree.h; \b is fine: units start and end next to whitespace or
 * punctuation). A pattern the tree does not model is assumed to. */
bool cz_pattern_edge_free(const char *p)
{
	return cz_rx_ask(p, false, cz_rx_edge_free, false);
}

cz_rc cz_matcher_new(cz_matcher **out, const cz_ruleset *rs, const cz_match_limits *lim,
		     cz_err *err)
{
	cz_matcher *m = calloc(1, sizeof(*m));
	size_t max_match = 0;
	cz_rc rc;

	if (!m)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	m->rs = rs;
	m->lim.match_limit = lim && lim->match_limit ? lim->match_limit : CZ_MATCH_LIMIT_DEFAULT;
	m->lim.heap_kib = lim && lim->heap_kib ? lim->heap_kib : CZ_HEAP_KIB_DEFAULT;
	m->lim.disable_after = lim && lim->disable_after ? lim->disable_after
						       : CZ_DISABLE_AFTER_DEFAULT;
	m->lim.budget_ms = lim && lim->budget_ms ? lim->budget_ms : CZ_BUDGET_MS_DEFAULT;
	m->st = calloc(rs->n + 1, sizeof(*m->st));
	for (size_t i = 0; i < rs->n; i++)
		max_match = rs->rules[i]->n_match > max_match ? rs->rules[i]->n_match : max_match;
	m->pc = calloc(max_match + 1, sizeof(*m->pc));
	if (!m->st || !m->pc) {
		free(m->st);
		free(m->pc);
		free(m);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < rs->n; i++) {
		const cz_rule *r = rs->rules[i];
		m->st[i].index = i;
		m->st[i].unit_free = true;
		for (size_t p = 0; p < r->n_match; p++)
			if (!cz_pattern_edge_free(r->match[p].text))
				m->st[i].unit_free = false;
	}
	rc = cz_condmemo_new(&m->memo, rs, err);
	if (!rc)
		rc = cz_rematch_new(&m->md, m->lim.match_limit, m->lim.heap_kib, err);
	if (rc) {
		cz_matcher_free(m);
		return rc;
	}
	*out = m;
	return CZ_OK;
}

void cz_matcher_free(cz_matcher *m)
{
	if (!m)
		return;
	cz_rematch_free(m->md);
	cz_pfscan_free(m->pfs);
	free(m->pc);
	free(m->st);
	free(m->hits);
	free(m->title);
	free(m->chain);
	cz_condmemo_free(m->memo);
	free(m);
}

cz_matcher_memo_stats cz_matcher_memo(const cz_matcher *m)
{
	return cz_condmemo_stats_of(m->memo);
}

cz_rc cz_matcher_use_prefilter(cz_matcher *m, const cz_prefilter *pf, cz_err *err)
{
	cz_pfscan *s = NULL;

	if (pf) {
		cz_rc rc = cz_pfscan_new(&s, pf, err);
		if (rc)
			return rc;
	}
	cz_pfscan_free(m->pfs);
	m->pfs = s;
	m->pf = pf;
	return CZ_OK;
}

size_t cz_matcher_limits(const cz_matcher *m, size_t i, bool *disabled)
{
	if (i >= m->rs->n) {
		*disabled = false;
		return 0;
	}
	*disabled = m->st[i].disabled;
	return m->st[i].limit_notes;
}

/* Search re in seg->flat[a..b). CZ_ELIMIT propagates; other errors too. */
static cz_rc find(cz_matcher *m, const cz_regex *re, const cz_seg *seg, size_t a, size_t b,
		  size_t from, bool *found, size_t *ms, size_t *me, cz_err *err)
{
	cz_err e2;
	cz_rc rc = cz_regex_find(re, m->md, seg->flat + a, b - a, from - a, CZ_RE_TRUSTED,
				 found, ms, me, &e2);

	if (rc == CZ_ELIMIT)
		return CZ_ELIMIT;
	if (rc) {
		memcpy(err, &e2, sizeof(*err));
		return rc;
	}
	if (*found) {
		*ms += a;
		*me += a;
	}
	return CZ_OK;
}

static cz_rc push_hit(cz_matcher *m, const cz_hit *h, cz_err *err)
{
	if (m->n_hits == m->cap_hits) {
		size_t cap = m->cap_hits ? m->cap_hits * 2 : 64;
		cz_hit *p = realloc(m->hits, cap * sizeof(*p));
		if (!p)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		m->hits = p;
		m->cap_hits = cap;
	}
	m->hits[m->n_hits++] = *h;
	return CZ_OK;
}

/* The window a require/unless entry looks at, for a hit in unit [us, ue). */
static void window(const cz_seg *seg, const cz_rpat *p, const cz_hit *h, size_t us,
		   size_t ue, size_t *a, size_t *b)
{
	switch (p->in) {
	case CZ_IN_SCOPE:
		*a = us;
		*b = ue;
		return;
	case CZ_IN_BEFORE:
		*a = cz_utf8_back(seg->text, h->start, seg->body, p->chars);
		*b = h->start;
		return;
	case CZ_IN_AFTER:
		*a = h->end;
		*b = cz_utf8_fwd(seg->text, h->end, seg->len, p->chars);
		return;
	case CZ_IN_NOTE:
		*a = seg->body;
		*b = seg->len;
		return;
	}
}

/* Whether condition q of rule r matches in its window for hit h; asks
 * the note's memo first (condmemo.h). */
static cz_rc cond_matches(cz_matcher *m, const cz_seg *seg, const cz_rule *r,
			  const rule_state *st, size_t q, const cz_hit *h, size_t us, size_t ue,
			  bool *yes, cz_err *err)
{
	const cz_rpat *p = cz_cond_at(r, q);
	uint32_t key = cz_condmemo_key(m->memo, st->index, q);
	size_t a = us, b = ue, ms, me;
	cz_rc rc;

	window(seg, p, h, us, ue, &a, &b);
	if (cz_condmemo_get(m->memo, key, a, b, yes))
		return CZ_OK;
	rc = find(m, p->re, seg, a, b, a, yes, &ms, &me, err);
	if (!rc) /* errors are not remembered: asked again, they recur */
		cz_condmemo_put(m->memo, key, a, b, *yes);
	return rc;
}

/* Whether the rule's section regex matches a heading enclosing off. */
static cz_rc in_section(cz_matcher *m, const cz_seg *seg, const cz_rule *r, size_t off,
			bool *yes, cz_err *err)
{
	long sec = -1;

	*yes = false;
	for (size_t i = seg->n_sections; i-- > 0;)
		if (seg->sections[i].start <= off) {
			sec = (long)i;
			break;
		}
	for (; sec >= 0 && !*yes; sec = seg->sections[sec].parent) {
		const cz_section *s = &seg->sections[sec];
		size_t ms, me;
		cz_rc rc;
		if (!s->level)
			continue;
		rc = cz_regex_find(r->section->re, m->md, seg->text + s->title, s->title_len, 0,
				   CZ_RE_TRUSTED, yes, &ms, &me, err);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

/* The section holding off: the last one starting at or before it, or -1. */
static long section_of(const cz_seg *seg, size_t off)
{
	size_t lo = 0, hi = seg->n_sections;

	while (lo < hi) { /* first section starting after off */
		size_t mid = lo + (hi - lo) / 2;
		if (seg->sections[mid].start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* Forget the verdicts of the previous rule or note. */
static cz_rc gate_reset(cz_matcher *m, const cz_seg *seg, cz_err *err)
{
	if (seg->n_sections > m->cap_sec) {
		size_t cap = seg->n_sections + 16;
		unsigned char *t = realloc(m->title, cap), *c;
		if (!t)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		m->title = t;
		c = realloc(m->chain, cap);
		if (!c)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		m->chain = c;
		m->cap_sec = cap;
	}
	memset(m->title, SEC_UNKNOWN, seg->n_sections);
	memset(m->chain, SEC_UNKNOWN, seg->n_sections);
	return CZ_OK;
}

/*
 * The verdict on section k, as in_section() would reach it: walking from k
 * to its enclosing sections, the first title that matches gives SEC_YES,
 * the first test that fails gives SEC_ERROR, and the text before the first
 * heading (level 0) is skipped. Titles are tested once per rule and note.
 */
static int sec_verdict(cz_matcher *m, const cz_seg *seg, const cz_rule *r, long k)
{
	const cz_section *s = &seg->sections[k];
	int t = m->title[k];

	if (m->chain[k] != SEC_UNKNOWN)
		return m->chain[k];
	if (t == SEC_UNKNOWN) {
		bool yes = false;
		size_t ms, me;
		cz_err e2;
		t = SEC_NO;
		if (s->level) {
			if (cz_regex_find(r->section->re, m->md, seg->text + s->title, s->title_len,
					  0, CZ_RE_TRUSTED, &yes, &ms, &me, &e2))
				t = SEC_ERROR;
			else if (yes)
				t = SEC_YES;
		}
		m->title[k] = (unsigned char)t;
	}
	if (t == SEC_NO && s->parent >= 0)
		t = sec_verdict(m, seg, r, s->parent);
	m->chain[k] = (unsigned char)t;
	return t;
}

/* Whether text[a..b] (b included: an empty match may sit there) touches a
 * section whose verdict is not SEC_NO. */
static bool gate_open(cz_matcher *m, const cz_seg *seg, const cz_rule *r, size_t a, size_t b)
{
	long k = section_of(seg, a);

	for (size_t i = k < 0 ? 0 : (size_t)k; i < seg->n_sections; i++) {
		if (seg->sections[i].start > b)
			break;
		if (sec_verdict(m, seg, r, (long)i) != SEC_NO)
			return true;
	}
	return false;
}

/* Section test of a hit at off: the gate's verdict, else in_section(). */
static cz_rc hit_in_section(cz_matcher *m, const cz_seg *seg, const cz_rule *r, size_t off,
			    bool *yes, cz_err *err)
{
	long k = section_of(seg, off);
	int v = k < 0 ? SEC_NO : sec_verdict(m, seg, r, k);

	if (v == SEC_ERROR)
		return in_section(m, seg, r, off, yes, err);
	*yes = v == SEC_YES;
	return CZ_OK;
}

static void hit_context(const cz_seg *seg, const cz_rule *r, cz_hit *h, size_t us, size_t ue)
{
	long it = cz_seg_item_at(seg, h->start);

	h->line = cz_seg_line(seg, h->start);
	h->col = cz_seg_col(seg, h->start);
	h->unit_start = us;
	h->unit_end = ue;
	if (it >= 0) {
		const cz_item *item = &seg->items[it];
		if (r->scope >= CZ_SCOPE_PARAGRAPH) {
			h->unit_start = item->start;
			h->unit_end = item->end;
		}
	}
	if (!cz_seg_speaker_at(seg, h->start, &h->speaker, &h->speaker_len))
		h->speaker_len = 0;
}

static void capture_groups(const cz_matcher *m, const cz_regex *re, size_t base, cz_hit *h)
{
	size_t n = cz_regex_name_count(re);

	h->n_groups = 0;
	for (size_t i = 0; i < n && h->n_groups < CZ_HIT_MAX_GROUPS; i++) {
		unsigned g;
		size_t gs, ge;
		const char *name = cz_regex_name(re, i, &g);
		if (name && cz_rematch_group(m->md, g, &gs, &ge)) {
			h->groups[h->n_groups].name = name;
			h->groups[h->n_groups].start = base + gs;
			h->groups[h->n_groups].end = base + ge;
			h->n_groups++;
		}
	}
}

static int by_start(const void *a, const void *b)
{
	const cz_hit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->pattern != y->pattern)
		return x->pattern < y->pattern ? -1 : 1;
	return 0;
}

/* Candidates of every pattern in unit [us, ue), appended to m->hits; a
 * pattern the prefilter saw no end of in the unit cannot match there. */
static cz_rc unit_candidates(cz_matcher *m, const cz_seg *seg, const cz_rule *r,
			     const cz_cands *c, size_t us, size_t ue, cz_err *err)
{
	for (size_t p = 0; p < r->n_match; p++) {
		size_t pos = us;
		if (c->on && !c->all && !c->p[p].here)
			continue;
		while (pos <= ue) {
			bool found;
			size_t ms, me;
			cz_hit h;
			cz_rc rc = find(m, r->match[p].re, seg, us, ue, pos, &found, &ms, &me, err);
			if (rc)
				return rc;
			if (!found)
				break;
			memset(&h, 0, sizeof(h));
			h.rule = r;
			h.start = ms;
			h.end = me;
			h.pattern = p;
			h.unless = CZ_UNLESS_NONE;
			capture_groups(m, r->match[p].re, us, &h);
			rc = push_hit(m, &h, err);
			if (rc)
				return rc;
			pos = me > ms ? me : cz_utf8_fwd(seg->text, ms, ue, 1);
			if (me == ms && pos == ms)
				break;
		}
	}
	return CZ_OK;
}

/* Filter and classify the candidates m->hits[first..) of one unit. */
static cz_rc unit_hits(cz_matcher *m, const cz_seg *seg, const cz_rule *r,
		       const rule_state *st, size_t first, size_t us, size_t ue, cz_err *err)
{
	size_t keep = first, last_end = 0;
	bool any = false;
	cz_rc rc;

	if (m->n_hits - first > 1)
		qsort(m->hits + first, m->n_hits - first, sizeof(cz_hit), by_start);
	for (size_t i = first; i < m->n_hits; i++) {
		cz_hit h = m->hits[i];
		bool ok = true;
		if (any && h.start < last_end) {
			/* overlaps the kept match: one hit, both patterns took part */
			if (h.pattern < 64)
				m->hits[keep - 1].also |= (uint64_t)1 << h.pattern;
			continue;
		}
		if (r->section) {
			rc = hit_in_section(m, seg, r, h.start, &ok, err);
			if (rc)
				return rc;
		}
		for (size_t q = 0; ok && q < r->n_require; q++) {
			rc = cond_matches(m, seg, r, st, q, &h, us, ue, &ok, err);
			if (rc)
				return rc;
		}
		if (!ok)
			continue;
		hit_context(seg, r, &h, us, ue);
		h.status = CZ_HIT_COUNTED;
		for (size_t q = 0; q < r->n_unless; q++) {
			bool yes;
			rc = cond_matches(m, seg, r, st, r->n_require + q, &h, us, ue, &yes,
					  err);
			if (rc)
				return rc;
			if (yes) {
				h.status = CZ_HIT_EXCEPTED;
				h.unless = (long)q;
				break;
			}
		}
		if (h.status == CZ_HIT_COUNTED && h.line > 1 && cz_seg_ignored(seg, h.line, r->id)) {
			h.status = CZ_HIT_EXCEPTED;
			h.unless = CZ_UNLESS_COMMENT;
		}
		m->hits[keep++] = h;
		last_end = h.end;
		any = true;
	}
	m->n_hits = keep;
	if (keep - first < (size_t)r->min_count)
		m->n_hits = first;
	return CZ_OK;
}

/* Whether any match pattern matches anywhere in the body (limit: "maybe"). */
static cz_rc body_may_match(cz_matcher *m, const cz_seg *seg, const cz_rule *r, bool *may,
			    cz_err *err)
{
	*may = false;
	for (size_t p = 0; p < r->n_match && !*may; p++) {
		size_t ms, me;
		cz_rc rc = find(m, r->match[p].re, seg, seg->body, seg->len, seg->body, may, &ms,
				&me, err);
		if (rc == CZ_ELIMIT)
			*may = true;
		else if (rc)
			return rc;
	}
	return CZ_OK;
}

static cz_rc limit_hit(cz_matcher *m, const cz_seg *seg, const cz_rule *r, rule_state *st,
		       size_t us, size_t ue, cz_err *err)
{
	cz_hit h;

	memset(&h, 0, sizeof(h));
	h.rule = r;
	h.status = CZ_HIT_LIMIT;
	h.start = h.end = us;
	h.unless = CZ_UNLESS_NONE;
	hit_context(seg, r, &h, us, ue);
	st->limit_notes++;
	if (st->limit_notes >= m->lim.disable_after)
		st->disabled = true;
	return push_hit(m, &h, err);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static cz_rc run_rule(cz_matcher *m, const cz_seg *seg, const cz_rule *r, rule_state *st,
		      cz_cands *c, cz_err *err)
{
	size_t first_line, n = cz_units_count(seg, r->scope, &first_line), visited = 0;
	double start;
	long counted = 0;
	cz_rc rc = CZ_OK;

	m->n_hits = 0;
	if (c->on && !c->n)
		return CZ_OK; /* most rules in most notes: no clock read */
	start = now_ms();
	if (r->section) {
		rc = gate_reset(m, seg, err);
		if (rc || !gate_open(m, seg, r, seg->body, seg->len))
			return rc;
	}
	if (st->unit_free && !c->on) {
		bool may;
		rc = body_may_match(m, seg, r, &may, err);
		if (rc || !may)
			return rc;
	}
	for (size_t u = cz_cands_next_unit(c, r->n_match, seg, r->scope, first_line, n); u < n;
	     u = cz_cands_next_unit(c, r->n_match, seg, r->scope, u + 1, n)) {
		size_t us = 0, ue = 0, first = m->n_hits;
		cz_unit_span(seg, r->scope, u, &us, &ue);
		if (ue < us || us < seg->body || !cz_cands_in_unit(c, r->n_match, us, ue) ||
		    (r->section && !gate_open(m, seg, r, us, ue)))
			continue;
		rc = unit_candidates(m, seg, r, c, us, ue, err);
		if (rc == CZ_OK)
			rc = unit_hits(m, seg, r, st, first, us, ue, err);
		/* The clock is read every 64 units: cheap, and enough to stop a
		 * rule that is slow everywhere without being over any limit. */
		if (rc == CZ_OK && (++visited & 63) == 0 && now_ms() - start > m->lim.budget_ms)
			rc = CZ_ELIMIT;
		if (rc == CZ_ELIMIT) {
			/* Keep earlier units' hits; this rule is done with the note. */
			m->n_hits = first;
			rc = limit_hit(m, seg, r, st, us, ue, err);
			break;
		}
		if (rc)
			return rc;
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < m->n_hits; i++)
		if (m->hits[i].status == CZ_HIT_COUNTED && r->max_per_note &&
		    ++counted > r->max_per_note)
			m->hits[i].status = CZ_HIT_CAPPED;
	return CZ_OK;
}

void cz_matcher_disable(cz_matcher *m, size_t i)
{
	if (i < m->rs->n)
		m->st[i].disabled = true;
}

cz_rc cz_matcher_note(cz_matcher *m, const char *text, size_t len, size_t body,
		      const cz_rule *only, cz_hit_fn fn, void *ctx, cz_err *err)
{
	cz_seg seg;
	cz_rc rc;

	if (!cz_utf8_valid(text, len, NULL))
		return cz_err_set(err, CZ_EDATA, "note text is not valid UTF-8");
	rc = cz_seg_build(&seg, text, len, body, err);
	if (rc)
		return rc;
	cz_condmemo_next_note(m->memo); /* its answers were the last note's */
	if (m->pfs)
		rc = cz_pfscan_run(m->pfs, seg.flat, seg.body, seg.len, err);
	for (size_t i = 0; !rc && i < m->rs->n; i++) {
		const cz_rule *r = m->rs->rules[i];
		rule_state *st = &m->st[i];
		cz_cands c = { false, false, 0, m->pc };
		if (only ? r != only : (!r->enabled || st->disabled))
			continue;
		if (m->pfs && cz_prefilter_covers(m->pf, i)) {
			c.on = true;
			for (size_t p = 0; p < r->n_match; p++) {
				cz_pcands *pc = &c.p[p];
				memset(pc, 0, sizeof(*pc));
				pc->ends = cz_pfscan_ends(m->pfs, i, p, &pc->n, &c.all);
				c.n += pc->n;
			}
		}
		rc = run_rule(m, &seg, r, st, &c, err);
		for (size_t h = 0; !rc && h < m->n_hits; h++)
			rc = fn(ctx, &seg, &m->hits[h], err);
	}
	cz_seg_release(&seg);
	return rc;
}

void cz_hit_excerpt(const char *text, const cz_hit *hit, char *out, size_t max)
{
	size_t a = hit->unit_start, b = hit->unit_end, o = 0;
	bool space = false, cut_front = false;

	/* When the match lies beyond what fits, start a little before it. */
	if (hit->start > a && hit->start - a > max / 2 && b - a > max) {
		a = cz_utf8_back(text, hit->start, a, max / 4);
		cut_front = true;
	}
	if (cut_front) {
		memcpy(out, "...", 3);
		o = 3;
	}
	for (size_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = o > (cut_front ? 3u : 0u);
			continue;
		}
		if (space) {
			if (o + 1 > max)
				goto cut;
			out[o++] = ' ';
			space = false;
		}
		if (o + 1 > max)
			goto cut;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return;
cut:
	o = cz_utf8_cut(out, o);
	memcpy(out + o, "...", 4);
}

/*
 * prefilter.c - the Vectorscan adapter: every eligible rule's match
 * patterns in one database in prefilter mode, scanned once per note (see
 * prefilter.h). The only file that includes <hs.h>.
 *
 * Build: each pattern becomes two byte-mode expressions (pfexpr.h, from
 * its syntax tree), each checked alone (hs_expression_info); a rule
 * with a pattern that fails is left out whole. The rest are compiled with
 * hs_compile_multi into two databases, the fast one (white space runs
 * bounded) and the safe one; should a compile still fail on one
 * expression, its rule is left out and the compiles retried, so one odd
 * pattern never disables the prefilter. An expression's id is its
 * pattern's index among all the rule set's match patterns.
 *
 * Scan: the fast database unless the text holds a run of white space
 * longer than the bound, then the safe one. The callback appends (pattern,
 * end) pairs; after the scan they are bucketed by pattern with a counting
 * sort that keeps each pattern's ends in increasing order (Vectorscan
 * reports ends in order). Past CZ_PF_MAX_ENDS pairs per note the ends stop
 * being kept and the patterns that matched are marked `all` (every unit
 * is searched): memory stays bounded whatever a pattern does on a huge
 * note.
 *
 * Without CZ_HAVE_VECTORSCAN the build gives NULL and the scan functions
 * are never reached (the matcher only scans with a prefilter).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/hash.h"
#include "coalesce/pfcache.h"
#include "coalesce/pfexpr.h"
#include "coalesce/prefilter.h"

#ifdef CZ_HAVE_VECTORSCAN
#include <hs.h>
#endif

#define CZ_PF_MAX_ENDS ((size_t)1 << 16)

/* The two databases: white space runs bounded, and not. */
enum { V_FAST, V_SAFE, N_VARIANTS };

bool cz_engine_parse(const char *s, cz_engine *out)
{
	if (!strcmp(s, "auto"))
		*out = CZ_ENGINE_AUTO;
	else if (!strcmp(s, "pcre2"))
		*out = CZ_ENGINE_PCRE2;
	else
		return false;
	return true;
}

bool cz_prefilter_available(void)
{
#ifdef CZ_HAVE_VECTORSCAN
	return true;
#else
	return false;
#endif
}

typedef struct pf_pair {
	size_t pat, end;
} pf_pair;

struct cz_prefilter {
	const cz_ruleset *rs;
	bool *covered;      /* per rule */
	size_t *first;      /* per rule: index of its first match pattern */
	size_t n_pats;      /* match patterns of the rule set */
	char **pats[N_VARIANTS]; /* per pattern: its expression (NULL: none) */
	size_t n_covered;
	bool cached;        /* the databases came from the cache */
#ifdef CZ_HAVE_VECTORSCAN
	hs_database_t *db[N_VARIANTS];
#endif
};

struct cz_pfscan {
	const cz_prefilter *pf;
	pf_pair *pairs;     /* the callback's output, in report order */
	size_t n_pairs, cap_pairs;
	bool overflow, nomem;
	size_t *ends;       /* bucketed by pattern */
	size_t *first, *count; /* per pattern: offset in ends, and how many */
	size_t base;        /* offset of the scanned text */
	bool safe;          /* the last scan used the safe database */
#ifdef CZ_HAVE_VECTORSCAN
	hs_scratch_t *scratch;
#endif
};

void cz_prefilter_free(cz_prefilter *pf)
{
	if (!pf)
		return;
	for (int v = 0; v < N_VARIANTS; v++) {
#ifdef CZ_HAVE_VECTORSCAN
		hs_free_database(pf->db[v]);
#endif
		for (size_t p = 0; pf->pats[v] && p < pf->n_pats; p++)
			free(pf->pats[v][p]);
		free(pf->pats[v]);
	}
	free(pf->first);
	free(pf->covered);
	free(pf);
}

size_t cz_prefilter_covered(const cz_prefilter *pf, size_t *uncovered)
{
	if (uncovered)
		*uncovered = pf ? pf->rs->n - pf->n_covered : 0;
	return pf ? pf->n_covered : 0;
}

bool cz_prefilter_covers(const cz_prefilter *pf, size_t rule)
{
	return pf && rule < pf->rs->n && pf->covered[rule];
}

bool cz_prefilter_cached(const cz_prefilter *pf)
{
	return pf && pf->cached;
}

#ifdef CZ_HAVE_VECTORSCAN

static unsigned hs_flags(const cz_rule *r)
{
	return HS_FLAG_PREFILTER | (r->caseless ? HS_FLAG_CASELESS : 0u);
}

/* Derive both expressions of every match pattern of rule i; false: the
 * rule is not covered (a pattern left out, or a weak pattern in a rule a
 * section gates anyway). */
static cz_rc rule_derive(cz_prefilter *pf, size_t i, bool *ok, cz_err *err)
{
	const cz_rule *r = pf->rs->rules[i];

	*ok = r->n_match > 0;
	for (size_t p = 0; p < r->n_match; p++) {
		size_t k = pf->first[i] + p;
		cz_pfexpr e;
		cz_rc rc = cz_pfexpr_derive(&e, r->match[p].text, r->caseless, err);
		if (rc)
			return rc;
		pf->pats[V_FAST][k] = e.fast; /* taken */
		pf->pats[V_SAFE][k] = e.safe;
		if (!e.fast || (e.weak && r->section))
			*ok = false;
	}
	return CZ_OK;
}

/* Whether Vectorscan takes every expression of rule i alone. */
static bool rule_compiles(const cz_prefilter *pf, size_t i)
{
	const cz_rule *r = pf->rs->rules[i];

	for (size_t p = 0; p < r->n_match; p++) {
		for (int v = 0; v < N_VARIANTS; v++) {
			hs_expr_info_t *info = NULL;
			hs_compile_error_t *ce = NULL;
			hs_error_t e = hs_expression_info(pf->pats[v][pf->first[i] + p], hs_flags(r),
							  &info, &ce);
			if (ce)
				hs_free_compile_error(ce);
			/* A pattern that can match empty would need HS_FLAG_ALLOWEMPTY
			 * and tells nothing: leave it to PCRE2. */
			if (e != HS_SUCCESS || !info || info->min_width == 0) {
				free(info);
				return false;
			}
			free(info);
		}
	}
	return true;
}

/* Compile both databases of the covered rules' expressions; a failing
 * expression's rule is left out and the compiles retried. */
static cz_rc compile(cz_prefilter *pf, cz_err *err)
{
	const cz_ruleset *rs = pf->rs;
	const char **exprs = calloc(pf->n_pats + 1, sizeof(*exprs));
	unsigned *flags = calloc(pf->n_pats + 1, sizeof(*flags));
	unsigned *ids = calloc(pf->n_pats + 1, sizeof(*ids));
	size_t *rule_of = calloc(pf->n_pats + 1, sizeof(*rule_of));
	cz_rc rc = CZ_OK;

	if (!exprs || !flags || !ids || !rule_of) {
		rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
		goto out;
	}
	for (int v = 0; v < N_VARIANTS;) {
		hs_compile_error_t *ce = NULL;
		unsigned n = 0;
		hs_error_t e;
		for (size_t i = 0; i < rs->n; i++) {
			const cz_rule *r = rs->rules[i];
			if (!pf->covered[i])
				continue;
			for (size_t p = 0; p < r->n_match; p++) {
				exprs[n] = pf->pats[v][pf->first[i] + p];
				flags[n] = hs_flags(r);
				ids[n] = (unsigned)(pf->first[i] + p);
				rule_of[n] = i;
				n++;
			}
		}
		if (n == 0)
			break;
		e = hs_compile_multi(exprs, flags, ids, n, HS_MODE_BLOCK, NULL, &pf->db[v], &ce);
		if (e == HS_SUCCESS) {
			hs_free_compile_error(ce);
			v++;
			continue;
		}
		pf->db[v] = NULL;
		if (!ce || ce->expression < 0 || (unsigned)ce->expression >= n) {
			/* Not one pattern's fault: no prefilter, PCRE2 everywhere. */
			hs_free_compile_error(ce);
			memset(pf->covered, 0, rs->n * sizeof(*pf->covered));
			break;
		}
		pf->covered[rule_of[ce->expression]] = false;
		hs_free_compile_error(ce);
		/* The rule set changed: the databases built so far are stale. */
		for (int k = 0; k < N_VARIANTS; k++) {
			hs_free_database(pf->db[k]);
			pf->db[k] = NULL;
		}
		v = 0;
	}
out:
	free(exprs);
	free(flags);
	free(ids);
	free(rule_of);
	return rc;
}

/*
 * The cache (pfcache.h). The key is XXH3-128 over everything that decides
 * the compiled bytes and the coverage: a tag naming this file's derivation
 * and coverage logic (bump it when they change), Vectorscan's version, the
 * platform the compile targets, the mode, and per rule its id (index),
 * whether its patterns derived, and each expression with its flags. The
 * payload is the rule count, one coverage byte per rule (after
 * hs_expression_info and the compile retries), the fast database's size
 * and the two serialized databases, so a hit covers exactly the rules a
 * fresh compile would.
 */
#define PF_CACHE_TAG "coalesce prefilter 2"

static void add_u64(cz_hasher *h, uint64_t v)
{
	unsigned char b[8];

	for (size_t i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	cz_hasher_add(h, b, sizeof(b));
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (size_t i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* The key into key[]; false (no cache) when it cannot be computed. */
static bool cache_key(const cz_prefilter *pf, const bool *derived, char key[CZ_HASH_HEX])
{
	hs_platform_info_t plat;
	cz_hasher *h = NULL;
	cz_err err = { CZ_OK, "" };

	memset(&plat, 0, sizeof(plat));
	if (hs_populate_platform(&plat) != HS_SUCCESS || cz_hasher_new(&h, &err))
		return false;
	cz_hasher_adds(h, PF_CACHE_TAG);
	cz_hasher_adds(h, hs_version());
	add_u64(h, plat.tune);
	add_u64(h, plat.cpu_features);
	add_u64(h, plat.reserved1);
	add_u64(h, plat.reserved2);
	add_u64(h, HS_MODE_BLOCK);
	add_u64(h, pf->rs->n);
	for (size_t i = 0; i < pf->rs->n; i++) {
		const cz_rule *r = pf->rs->rules[i];
		add_u64(h, i);
		add_u64(h, derived[i]);
		if (!derived[i])
			continue;
		add_u64(h, r->n_match);
		for (size_t p = 0; p < r->n_match; p++) {
			for (int v = 0; v < N_VARIANTS; v++)
				cz_hasher_adds(h, pf->pats[v][pf->first[i] + p]);
			add_u64(h, hs_flags(r));
		}
	}
	cz_hasher_hex(h, key);
	cz_hasher_free(h);
	return true;
}

/* Load the entry for key into pf; false (a miss) unless it all verifies. */
static bool cache_load(cz_prefilter *pf, const bool *derived, const char *dir,
		       const char *key)
{
	size_t n_rules = pf->rs->n, len, head = 4 + n_rules + 8;
	unsigned char *p;
	void *payload;
	uint64_t fast_len;
	bool ok = false;

	if (cz_pfcache_get(dir, key, &payload, &len) != CZ_PFCACHE_HIT)
		return false;
	p = payload;
	if (len <= head || ((size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 |
			    (size_t)p[3] << 24) != n_rules)
		goto out;
	for (size_t i = 0; i < n_rules; i++) {
		if (p[4 + i] > 1 || (p[4 + i] && !derived[i]))
			goto out;
		pf->covered[i] = p[4 + i];
	}
	fast_len = get_u64(p + 4 + n_rules);
	if (fast_len == 0 || fast_len >= len - head)
		goto out;
	if (hs_deserialize_database((const char *)p + head, (size_t)fast_len,
				    &pf->db[V_FAST]) != HS_SUCCESS) {
		pf->db[V_FAST] = NULL;
		goto out;
	}
	if (hs_deserialize_database((const char *)p + head + fast_len,
				    len - head - (size_t)fast_len, &pf->db[V_SAFE]) != HS_SUCCESS) {
		pf->db[V_SAFE] = NULL;
		goto out;
	}
	ok = true;
out:
	if (!ok) {
		for (int v = 0; v < N_VARIANTS; v++) {
			hs_free_database(pf->db[v]);
			pf->db[v] = NULL;
		}
		memset(pf->covered, 0, n_rules * sizeof(*pf->covered));
	}
	free(payload);
	return ok;
}

/* Store pf's databases and coverage under key (best effort). */
static void cache_store(const cz_prefilter *pf, const char *dir, const char *key)
{
	size_t n_rules = pf->rs->n, len[N_VARIANTS], head = 4 + n_rules + 8;
	char *bytes[N_VARIANTS] = { NULL, NULL };
	unsigned char *p = NULL;

	if (n_rules > 0xffffffffu)
		return;
	for (int v = 0; v < N_VARIANTS; v++)
		if (hs_serialize_database(pf->db[v], &bytes[v], &len[v]) != HS_SUCCESS)
			goto out;
	p = malloc(head + len[V_FAST] + len[V_SAFE]);
	if (p) {
		for (size_t i = 0; i < 4; i++)
			p[i] = (unsigned char)(n_rules >> (8 * i));
		for (size_t i = 0; i < n_rules; i++)
			p[4 + i] = pf->covered[i];
		for (size_t i = 0; i < 8; i++)
			p[4 + n_rules + i] = (unsigned char)((uint64_t)len[V_FAST] >> (8 * i));
		memcpy(p + head, bytes[V_FAST], len[V_FAST]);
		memcpy(p + head + len[V_FAST], bytes[V_SAFE], len[V_SAFE]);
		(void)cz_pfcache_put(dir, key, p, head + len[V_FAST] + len[V_SAFE]);
	}
out:
	free(p);
	/* hs_serialize_database allocates with malloc (no allocator set) */
	free(bytes[V_FAST]);
	free(bytes[V_SAFE]);
}

cz_rc cz_prefilter_build(cz_prefilter **out, const cz_ruleset *rs, cz_engine engine,
			 const char *cache_dir, cz_err *err)
{
	char key[CZ_HASH_HEX];
	bool use_cache, *derived = NULL;
	cz_prefilter *pf;
	cz_rc rc = CZ_OK;

	*out = NULL;
	if (engine == CZ_ENGINE_PCRE2 || rs->n == 0)
		return CZ_OK;
	pf = calloc(1, sizeof(*pf));
	if (!pf)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	pf->rs = rs;
	pf->covered = calloc(rs->n, sizeof(*pf->covered));
	pf->first = calloc(rs->n, sizeof(*pf->first));
	derived = calloc(rs->n, sizeof(*derived));
	if (!pf->covered || !pf->first || !derived)
		goto nomem;
	for (size_t i = 0; i < rs->n; i++) {
		pf->first[i] = pf->n_pats;
		pf->n_pats += rs->rules[i]->n_match;
	}
	for (int v = 0; v < N_VARIANTS; v++)
		if (!(pf->pats[v] = calloc(pf->n_pats + 1, sizeof(*pf->pats[v]))))
			goto nomem;
	for (size_t i = 0; !rc && i < rs->n; i++)
		rc = rule_derive(pf, i, &derived[i], err);
	if (rc)
		goto fail;
	use_cache = cache_dir && *cache_dir && cache_key(pf, derived, key);
	pf->cached = use_cache && cache_load(pf, derived, cache_dir, key);
	if (!pf->cached) {
		for (size_t i = 0; i < rs->n; i++)
			pf->covered[i] = derived[i] && rule_compiles(pf, i);
		rc = compile(pf, err);
		if (!rc && pf->db[V_FAST] && pf->db[V_SAFE] && use_cache)
			cache_store(pf, cache_dir, key);
	}
	free(derived);
	for (size_t i = 0; i < rs->n; i++)
		pf->n_covered += pf->covered[i];
	if (rc || !pf->db[V_FAST] || !pf->db[V_SAFE] || !pf->n_covered) {
		cz_prefilter_free(pf);
		return rc;
	}
	*out = pf;
	return CZ_OK;
nomem:
	rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
fail:
	free(derived);
	cz_prefilter_free(pf);
	return rc;
}

void cz_pfscan_free(cz_pfscan *s)
{
	if (!s)
		return;
	hs_free_scratch(s->scratch);
	free(s->pairs);
	free(s->ends);
	free(s->first);
	free(s->count);
	free(s);
}

cz_rc cz_pfscan_new(cz_pfscan **out, const cz_prefilter *pf, cz_err *err)
{
	cz_pfscan *s = calloc(1, sizeof(*s));

	if (!s)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	s->pf = pf;
	s->first = calloc(pf->n_pats + 1, sizeof(*s->first));
	s->count = calloc(pf->n_pats + 1, sizeof(*s->count));
	if (!s->first || !s->count) {
		cz_pfscan_free(s);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	/* one scratch, grown to fit both databases */
	if (hs_alloc_scratch(pf->db[V_FAST], &s->scratch) != HS_SUCCESS ||
	    hs_alloc_scratch(pf->db[V_SAFE], &s->scratch) != HS_SUCCESS) {
		cz_pfscan_free(s);
		return cz_err_set(err, CZ_ENOMEM, "prefilter: cannot allocate scratch space");
	}
	*out = s;
	return CZ_OK;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to,
		    unsigned flags, void *ctx)
{
	cz_pfscan *s = ctx;

	(void)from;
	(void)flags;
	if (s->overflow) {
		s->count[id] = 1; /* matched: with overflow, every unit is searched */
		return 0;
	}
	if (s->n_pairs == s->cap_pairs) {
		size_t cap = s->cap_pairs ? s->cap_pairs * 2 : 256;
		pf_pair *p;
		if (cap > CZ_PF_MAX_ENDS) {
			s->overflow = true;
			for (size_t i = 0; i < s->n_pairs; i++)
				s->count[s->pairs[i].pat] = 1;
			s->count[id] = 1;
			return 0;
		}
		p = realloc(s->pairs, cap * sizeof(*p));
		if (!p) {
			s->nomem = true;
			return 1; /* stop the scan */
		}
		s->pairs = p;
		s->cap_pairs = cap;
	}
	s->pairs[s->n_pairs].pat = id;
	s->pairs[s->n_pairs].end = s->base + (size_t)to;
	s->n_pairs++;
	return 0;
}

cz_rc cz_pfscan_run(cz_pfscan *s, const char *text, size_t from, size_t to, cz_err *err)
{
	size_t n_pats = s->pf->n_pats, off = 0;
	size_t *ends;
	hs_error_t e;

	s->n_pairs = 0;
	s->overflow = s->nomem = false;
	s->base = from;
	memset(s->count, 0, n_pats * sizeof(*s->count));
	if (to - from > (size_t)0xffffffffu)
		return cz_err_set(err, CZ_ELIMIT, "prefilter: note larger than 4 GiB");
	s->safe = cz_pfexpr_long_space_run(text, from, to);
	e = hs_scan(s->pf->db[s->safe ? V_SAFE : V_FAST], text + from, (unsigned)(to - from), 0,
		    s->scratch, on_match, s);
	if (s->nomem)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	if (e != HS_SUCCESS)
		return cz_err_set(err, CZ_EINTERNAL, "prefilter: scan failed (%d)", (int)e);
	if (s->overflow)
		return CZ_OK;
	ends = realloc(s->ends, (s->n_pairs + 1) * sizeof(*ends));
	if (!ends)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	s->ends = ends;
	for (size_t i = 0; i < s->n_pairs; i++)
		s->count[s->pairs[i].pat]++;
	for (size_t k = 0; k < n_pats; k++) {
		s->first[k] = off;
		off += s->count[k];
	}
	memset(s->count, 0, n_pats * sizeof(*s->count));
	for (size_t i = 0; i < s->n_pairs; i++) {
		size_t k = s->pairs[i].pat;
		s->ends[s->first[k] + s->count[k]++] = s->pairs[i].end;
	}
	return CZ_OK;
}

const size_t *cz_pfscan_ends(const cz_pfscan *s, size_t rule, size_t pattern, size_t *n,
			     bool *all)
{
	size_t k = s->pf->first[rule] + pattern;

	*all = s->overflow;
	*n = s->count[k];
	return s->overflow ? NULL : s->ends + s->first[k];
}

bool cz_pfscan_safe(const cz_pfscan *s)
{
	return s->safe;
}

#else /* !CZ_HAVE_VECTORSCAN */

cz_rc cz_prefilter_build(cz_prefilter **out, const cz_ruleset *rs, cz_engine engine,
			 const char *cache_dir, cz_err *err)
{
	(void)rs;
	(void)engine;
	(void)cache_dir;
	(void)err;
	*out = NULL;
	return CZ_OK;
}

cz_rc cz_pfscan_new(cz_pfscan **out, const cz_prefilter *pf, cz_err *err)
{
	(void)pf;
	*out = NULL;
	return cz_err_set(err, CZ_EINTERNAL, "prefilter: built without Vectorscan");
}

void cz_pfscan_free(cz_pfscan *s)
{
	free(s);
}

cz_rc cz_pfscan_run(cz_pfscan *s, const char *text, size_t from, size_t to, cz_err *err)
{
	(void)s;
	(void)text;
	(void)from;
	(void)to;
	return cz_err_set(err, CZ_EINTERNAL, "prefilter: built without Vectorscan");
}

const size_t *cz_pfscan_ends(const cz_pfscan *s, size_t rule, size_t pattern, size_t *n,
			     bool *all)
{
	(void)s;
	(void)rule;
	(void)pattern;
	*n = 0;
	*all = true;
	return NULL;
}

bool cz_pfscan_safe(const cz_pfscan *s)
{
	(void)s;
	return true;
}

#endif

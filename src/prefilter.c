/*
 * prefilter.c - the Vectorscan adapter: one database of every eligible
 * rule's match patterns in prefilter mode, scanned once per note (see
 * prefilter.h). The only file that includes <hs.h>.
 *
 * Build: each pattern is rewritten (below), then checked alone
 * (hs_expression_info); a rule with a pattern that fails is left out
 * whole. The rest are compiled with
 * hs_compile_multi; should that still fail on one expression, its rule is
 * left out and the compile retried, so one odd pattern never disables the
 * prefilter. The expression id is the rule's index in the rule set.
 *
 * Scan: the callback appends (rule, end) pairs; after the scan they are
 * bucketed by rule with a counting sort that keeps each rule's ends in
 * increasing order (Vectorscan reports ends in order). Past CZ_PF_MAX_ENDS
 * pairs per note the ends stop being kept and the covered rules that
 * matched are marked `all` (every unit is searched): memory stays bounded
 * whatever a pattern does on a huge note.
 *
 * Without CZ_HAVE_VECTORSCAN the build gives NULL and the scan functions
 * are never reached (the matcher only scans with a prefilter).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/hash.h"
#include "coalesce/pfcache.h"
#include "coalesce/prefilter.h"

#ifdef CZ_HAVE_VECTORSCAN
#include <hs.h>
#endif

#define CZ_PF_MAX_ENDS ((size_t)1 << 16)

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
	size_t rule, end;
} pf_pair;

struct cz_prefilter {
	const cz_ruleset *rs;
	bool *covered;      /* per rule */
	char ***pats;       /* per rule: its rewritten match patterns */
	size_t n_covered;
	bool cached;        /* the database came from the cache */
#ifdef CZ_HAVE_VECTORSCAN
	hs_database_t *db;
#endif
};

struct cz_pfscan {
	const cz_prefilter *pf;
	pf_pair *pairs;     /* the callback's output, in report order */
	size_t n_pairs, cap_pairs;
	bool overflow, nomem;
	size_t *ends;       /* bucketed by rule */
	size_t *first, *count; /* per rule: offset in ends, and how many */
	size_t base;        /* offset of the scanned text */
#ifdef CZ_HAVE_VECTORSCAN
	hs_scratch_t *scratch;
#endif
};

void cz_prefilter_free(cz_prefilter *pf)
{
	if (!pf)
		return;
#ifdef CZ_HAVE_VECTORSCAN
	hs_free_database(pf->db);
#endif
	for (size_t i = 0; pf->pats && i < pf->rs->n; i++) {
		for (size_t p = 0; pf->pats[i] && p < pf->rs->rules[i]->n_match; p++)
			free(pf->pats[i][p]);
		free(pf->pats[i]);
	}
	free(pf->pats);
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
	return HS_FLAG_PREFILTER | HS_FLAG_MULTILINE | (r->caseless ? HS_FLAG_CASELESS : 0u);
}

/*
 * The byte-mode superset of a PCRE2 (UTF, UCP) pattern. Vectorscan's
 * compile of UCP patterns takes minutes for a rule pack (Unicode \w, \b
 * and bounded repeats blow up its automata), so the prefilter runs on
 * bytes and every construct is widened until it matches at least what
 * PCRE2 matches:
 *   - an atom that may match a non-ASCII character (\w \s \d and their
 *     negations, `.`, classes with those or with non-ASCII members, negated
 *     classes, k/s which fold to K and long s under caseless, non-ASCII
 *     literals) becomes (?:ATOM|[\x80-\xff]+);
 *   - assertions (\b \B ^ $ \A \z \Z \G, lookaround) are dropped: an
 *     assertion only removes matches, and without them a match inside a
 *     unit is a match of the body at the same offsets, so anchored rules
 *     are gated by unit too;
 *   - {m,n} becomes {m,} (character counts are not byte counts, and
 *     bounded repeats are what makes compiles slow);
 *   - (?<name> becomes (?:.
 * Anything else (other escapes, \Q, comments, callouts) returns false and
 * the rule is left to PCRE2.
 */
typedef struct rw {
	char *out;
	size_t n, cap;
	bool ok;
} rw;

static void put(rw *w, const char *s, size_t n)
{
	if (!w->ok)
		return;
	if (w->n + n + 1 > w->cap) {
		size_t cap = (w->cap + n + 1) * 2;
		char *p = realloc(w->out, cap);
		if (!p) {
			w->ok = false;
			return;
		}
		w->out = p;
		w->cap = cap;
	}
	memcpy(w->out + w->n, s, n);
	w->n += n;
	w->out[w->n] = '\0';
}

static void puts_(rw *w, const char *s)
{
	put(w, s, strlen(s));
}

static bool is_ks(char c)
{
	return c == 'k' || c == 's' || c == 'K' || c == 'S';
}

/* A class at p[*i] == '['; writes the widened atom. */
static bool rewrite_class(rw *w, const char *p, size_t *i, bool caseless)
{
	rw body = { NULL, 0, 0, true };
	size_t j = *i + 1;
	bool neg = false, wide = false, first = true;

	if (p[j] == '^') {
		neg = true;
		j++;
	}
	for (;; first = false) {
		unsigned char c = (unsigned char)p[j];
		if (!c)
			goto bad;
		if (c == ']' && !first)
			break;
		if (c == '[' && p[j + 1] == ':') { /* POSIX class: may be Unicode */
			const char *e = strstr(p + j + 2, ":]");
			if (!e)
				goto bad;
			put(&body, p + j, (size_t)(e - (p + j)) + 2);
			j = (size_t)(e - p) + 2;
			wide = true;
			continue;
		}
		if (c == '\\') {
			char e = p[j + 1];
			if (strchr("wsdWSD", e) && e)
				wide = true;
			else if (!e || ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
					(e >= '0' && e <= '9')))
				goto bad;
			put(&body, p + j, 2);
			j += 2;
			continue;
		}
		if (c >= 0x80) { /* a non-ASCII member: covered by the wide part */
			wide = true;
			j++;
			continue;
		}
		if (caseless && (is_ks((char)c) || (p[j + 1] == '-' && p[j + 2] != ']' &&
						    c <= 'k' && (unsigned char)p[j + 2] >= 'k')))
			wide = true;
		put(&body, p + j, 1);
		j++;
	}
	*i = j + 1;
	if (!body.ok)
		goto bad;
	if (neg || wide) {
		puts_(w, "(?:");
		if (body.n || neg) {
			puts_(w, neg ? "[^" : "[");
			put(w, body.out ? body.out : "", body.n);
			puts_(w, "]|");
		}
		puts_(w, "[\\x80-\\xff]+)");
	} else {
		puts_(w, "[");
		put(w, body.out, body.n);
		puts_(w, "]");
	}
	free(body.out);
	return true;
bad:
	free(body.out);
	return false;
}

/* Index just past the group opening at p[i] == '(' (0: unbalanced). */
static size_t skip_group(const char *p, size_t i)
{
	size_t depth = 0;

	while (p[i]) {
		if (p[i] == '\\') {
			if (!p[i + 1])
				return 0;
			i += 2;
		} else if (p[i] == '[') {
			i++;
			if (p[i] == '^')
				i++;
			if (p[i] == ']')
				i++;
			while (p[i] && p[i] != ']')
				i += p[i] == '\\' && p[i + 1] ? 2 : 1;
			if (!p[i])
				return 0;
			i++;
		} else if (p[i] == '(') {
			depth++;
			i++;
		} else if (p[i] == ')') {
			i++;
			if (--depth == 0)
				return i;
		} else {
			i++;
		}
	}
	return 0;
}

/* Rewrite pattern into *out (caller frees); false: not covered. */
static bool rewrite(const char *p, bool caseless, char **out)
{
	rw w = { NULL, 0, 0, true };
	size_t i = 0;

	puts_(&w, "");
	while (p[i] && w.ok) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\\') {
			char e = p[i + 1];
			if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G') {
				i += 2; /* an assertion: dropping it only adds matches */
			} else if (e && strchr("wsdWSD", e)) {
				puts_(&w, "(?:");
				put(&w, p + i, 2);
				puts_(&w, "|[\\x80-\\xff]+)");
				i += 2;
			} else if (!e || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
				   (e >= '0' && e <= '9') || (unsigned char)e >= 0x80) {
				goto bad;
			} else {
				put(&w, p + i, 2);
				i += 2;
			}
		} else if (c == '[') {
			if (!rewrite_class(&w, p, &i, caseless))
				goto bad;
		} else if (c == '.') {
			puts_(&w, "(?:.|[\\x80-\\xff]+)");
			i++;
		} else if (c == '^' || c == '$') {
			i++;
		} else if (c == '(' && p[i + 1] == '?' &&
			   (p[i + 2] == '=' || p[i + 2] == '!' ||
			    (p[i + 2] == '<' && (p[i + 3] == '=' || p[i + 3] == '!')))) {
			size_t e = skip_group(p, i); /* lookaround: dropped */
			if (!e)
				goto bad;
			i = e;
		} else if (c == '(' && p[i + 1] == '?') {
			if (p[i + 2] == '<') {
				const char *e = strchr(p + i, '>');
				if (!e)
					goto bad;
				puts_(&w, "(?:");
				i = (size_t)(e - p) + 1;
			} else if (p[i + 2] == ':' || p[i + 2] == 'i' || p[i + 2] == '-') {
				put(&w, p + i, 3);
				i += 3;
			} else {
				goto bad;
			}
		} else if (c == '(' && p[i + 1] == '*') {
			goto bad;
		} else if (c == '{') {
			size_t j = i + 1, m = i + 1;
			while (p[j] >= '0' && p[j] <= '9')
				j++;
			if (j == m || (p[j] != ',' && p[j] != '}')) {
				put(&w, "\\{", 2); /* a literal brace */
				i++;
				continue;
			}
			m = j;
			if (p[j] == ',')
				for (j++; p[j] >= '0' && p[j] <= '9'; j++)
					;
			if (p[j] != '}') {
				put(&w, "\\{", 2);
				i++;
				continue;
			}
			put(&w, p + i, m - i);
			puts_(&w, ",}");
			i = j + 1;
		} else if (c >= 0x80) {
			puts_(&w, "[\\x80-\\xff]+");
			while ((unsigned char)p[i] >= 0x80)
				i++;
		} else if (caseless && is_ks((char)c)) {
			puts_(&w, "(?:");
			put(&w, p + i, 1);
			puts_(&w, "|[\\x80-\\xff]+)");
			i++;
		} else {
			put(&w, p + i, 1);
			i++;
		}
	}
	if (!w.ok)
		goto bad;
	*out = w.out;
	return true;
bad:
	free(w.out);
	*out = NULL;
	return false;
}

/* Rewrite every match pattern of r into rewritten[]; false: not covered. */
static bool rule_rewrite(const cz_rule *r, char **rewritten)
{
	for (size_t p = 0; p < r->n_match; p++) {
		const char *t = r->match[p].text;
		if (!rewrite(t, r->caseless || strstr(t, "(?i"), &rewritten[p]))
			return false;
	}
	return r->n_match > 0;
}

/* Whether Vectorscan takes every rewritten match pattern of r. */
static bool rule_compiles(const cz_rule *r, char **rewritten)
{
	for (size_t p = 0; p < r->n_match; p++) {
		hs_expr_info_t *info = NULL;
		hs_compile_error_t *ce = NULL;
		hs_error_t e = hs_expression_info(rewritten[p], hs_flags(r), &info, &ce);
		if (ce)
			hs_free_compile_error(ce);
		if (e != HS_SUCCESS)
			return false;
		/* A pattern that can match empty would need HS_FLAG_ALLOWEMPTY and
		 * tells nothing: leave it to PCRE2. */
		if (!info || info->min_width == 0) {
			free(info);
			return false;
		}
		free(info);
	}
	return true;
}

/* Compile the covered rules' patterns; a failing expression's rule is left
 * out and the compile retried. */
static cz_rc compile(cz_prefilter *pf, cz_err *err)
{
	const cz_ruleset *rs = pf->rs;
	size_t total = 0;
	const char **exprs;
	unsigned *flags, *ids;
	cz_rc rc = CZ_OK;

	for (size_t i = 0; i < rs->n; i++)
		total += pf->covered[i] ? rs->rules[i]->n_match : 0;
	exprs = calloc(total + 1, sizeof(*exprs));
	flags = calloc(total + 1, sizeof(*flags));
	ids = calloc(total + 1, sizeof(*ids));
	if (!exprs || !flags || !ids) {
		rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		hs_compile_error_t *ce = NULL;
		unsigned n = 0;
		hs_error_t e;
		for (size_t i = 0; i < rs->n; i++) {
			const cz_rule *r = rs->rules[i];
			if (!pf->covered[i])
				continue;
			for (size_t p = 0; p < r->n_match; p++) {
				exprs[n] = pf->pats[i][p];
				flags[n] = hs_flags(r);
				ids[n] = (unsigned)i;
				n++;
			}
		}
		if (n == 0)
			break;
		e = hs_compile_multi(exprs, flags, ids, n, HS_MODE_BLOCK, NULL, &pf->db, &ce);
		if (e == HS_SUCCESS) {
			hs_free_compile_error(ce);
			break;
		}
		pf->db = NULL;
		if (!ce || ce->expression < 0 || (unsigned)ce->expression >= n) {
			/* Not one pattern's fault: no prefilter, PCRE2 everywhere. */
			hs_free_compile_error(ce);
			memset(pf->covered, 0, rs->n * sizeof(*pf->covered));
			break;
		}
		pf->covered[ids[ce->expression]] = false;
		hs_free_compile_error(ce);
	}
out:
	free(exprs);
	free(flags);
	free(ids);
	return rc;
}

/*
 * The cache (pfcache.h). The key is XXH3-128 over everything that decides
 * the compiled bytes and the coverage: a tag naming this file's rewrite and
 * coverage logic (bump it when they change), Vectorscan's version, the
 * platform the compile targets, the mode, and per rule its id (index),
 * whether its patterns rewrote, and each rewritten expression with its
 * flags. The payload is the rule count, one coverage byte per rule (after
 * hs_expression_info and the compile retries) and the serialized database,
 * so a hit covers exactly the rules a fresh compile would.
 */
#define PF_CACHE_TAG "coalesce prefilter 1"

static void add_u64(cz_hasher *h, uint64_t v)
{
	unsigned char b[8];

	for (size_t i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	cz_hasher_add(h, b, sizeof(b));
}

/* The key into key[]; false (no cache) when it cannot be computed. */
static bool cache_key(const cz_prefilter *pf, const bool *rewrote, char key[CZ_HASH_HEX])
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
		add_u64(h, rewrote[i]);
		if (!rewrote[i])
			continue;
		add_u64(h, r->n_match);
		for (size_t p = 0; p < r->n_match; p++) {
			cz_hasher_adds(h, pf->pats[i][p]);
			add_u64(h, hs_flags(r));
		}
	}
	cz_hasher_hex(h, key);
	cz_hasher_free(h);
	return true;
}

/* Load the entry for key into pf; false (a miss) unless it all verifies. */
static bool cache_load(cz_prefilter *pf, const bool *rewrote, const char *dir,
		       const char *key)
{
	size_t n_rules = pf->rs->n, len, head = 4 + n_rules;
	unsigned char *p;
	void *payload;
	bool ok = false;

	if (cz_pfcache_get(dir, key, &payload, &len) != CZ_PFCACHE_HIT)
		return false;
	p = payload;
	if (len <= head || ((size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 |
			    (size_t)p[3] << 24) != n_rules)
		goto out;
	for (size_t i = 0; i < n_rules; i++) {
		if (p[4 + i] > 1 || (p[4 + i] && !rewrote[i]))
			goto out;
		pf->covered[i] = p[4 + i];
	}
	if (hs_deserialize_database((const char *)p + head, len - head, &pf->db) != HS_SUCCESS) {
		pf->db = NULL;
		goto out;
	}
	ok = true;
out:
	if (!ok)
		memset(pf->covered, 0, n_rules * sizeof(*pf->covered));
	free(payload);
	return ok;
}

/* Store pf's database and coverage under key (best effort). */
static void cache_store(const cz_prefilter *pf, const char *dir, const char *key)
{
	size_t n_rules = pf->rs->n, len, head = 4 + n_rules;
	char *bytes = NULL;
	unsigned char *p;

	if (n_rules > 0xffffffffu || hs_serialize_database(pf->db, &bytes, &len) != HS_SUCCESS)
		return;
	p = malloc(head + len);
	if (p) {
		for (size_t i = 0; i < 4; i++)
			p[i] = (unsigned char)(n_rules >> (8 * i));
		for (size_t i = 0; i < n_rules; i++)
			p[4 + i] = pf->covered[i];
		memcpy(p + head, bytes, len);
		(void)cz_pfcache_put(dir, key, p, head + len);
	}
	free(p);
	free(bytes); /* hs_serialize_database allocates with malloc (no allocator set) */
}

cz_rc cz_prefilter_build(cz_prefilter **out, const cz_ruleset *rs, cz_engine engine,
			 const char *cache_dir, cz_err *err)
{
	char key[CZ_HASH_HEX];
	bool use_cache, *rewrote = NULL;
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
	pf->pats = calloc(rs->n, sizeof(*pf->pats));
	rewrote = calloc(rs->n, sizeof(*rewrote));
	if (!pf->covered || !pf->pats || !rewrote)
		goto nomem;
	for (size_t i = 0; i < rs->n; i++) {
		pf->pats[i] = calloc(rs->rules[i]->n_match + 1, sizeof(**pf->pats));
		if (!pf->pats[i])
			goto nomem;
		rewrote[i] = rule_rewrite(rs->rules[i], pf->pats[i]);
	}
	use_cache = cache_dir && *cache_dir && cache_key(pf, rewrote, key);
	pf->cached = use_cache && cache_load(pf, rewrote, cache_dir, key);
	if (!pf->cached) {
		for (size_t i = 0; i < rs->n; i++)
			pf->covered[i] = rewrote[i] && rule_compiles(rs->rules[i], pf->pats[i]);
		rc = compile(pf, err);
		if (!rc && pf->db && use_cache)
			cache_store(pf, cache_dir, key);
	}
	free(rewrote);
	for (size_t i = 0; i < rs->n; i++)
		pf->n_covered += pf->covered[i];
	if (rc || !pf->db || !pf->n_covered) {
		cz_prefilter_free(pf);
		return rc;
	}
	*out = pf;
	return CZ_OK;
nomem:
	free(rewrote);
	cz_prefilter_free(pf);
	return cz_err_set(err, CZ_ENOMEM, "out of memory");
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
	s->first = calloc(pf->rs->n, sizeof(*s->first));
	s->count = calloc(pf->rs->n, sizeof(*s->count));
	if (!s->first || !s->count) {
		cz_pfscan_free(s);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	if (hs_alloc_scratch(pf->db, &s->scratch) != HS_SUCCESS) {
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
				s->count[s->pairs[i].rule] = 1;
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
	s->pairs[s->n_pairs].rule = id;
	s->pairs[s->n_pairs].end = s->base + (size_t)to;
	s->n_pairs++;
	return 0;
}

cz_rc cz_pfscan_run(cz_pfscan *s, const char *text, size_t from, size_t to, cz_err *err)
{
	size_t n_rules = s->pf->rs->n, off = 0;
	size_t *ends;
	hs_error_t e;

	s->n_pairs = 0;
	s->overflow = s->nomem = false;
	s->base = from;
	memset(s->count, 0, n_rules * sizeof(*s->count));
	if (to - from > (size_t)0xffffffffu)
		return cz_err_set(err, CZ_ELIMIT, "prefilter: note larger than 4 GiB");
	e = hs_scan(s->pf->db, text + from, (unsigned)(to - from), 0, s->scratch, on_match, s);
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
		s->count[s->pairs[i].rule]++;
	for (size_t r = 0; r < n_rules; r++) {
		s->first[r] = off;
		off += s->count[r];
	}
	memset(s->count, 0, n_rules * sizeof(*s->count));
	for (size_t i = 0; i < s->n_pairs; i++) {
		size_t r = s->pairs[i].rule;
		s->ends[s->first[r] + s->count[r]++] = s->pairs[i].end;
	}
	return CZ_OK;
}

const size_t *cz_pfscan_ends(const cz_pfscan *s, size_t rule, size_t *n, bool *all)
{
	*all = s->overflow;
	*n = s->count[rule];
	return s->overflow ? NULL : s->ends + s->first[rule];
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

const size_t *cz_pfscan_ends(const cz_pfscan *s, size_t rule, size_t *n, bool *all)
{
	(void)s;
	(void)rule;
	*n = 0;
	*all = true;
	return NULL;
}

#endif

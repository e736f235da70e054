/*
 * prefilter.h - a multi-pattern prefilter over a rule set; the only module
 * that uses Vectorscan.
 *
 * Every rule's `match` patterns, each reduced to a byte-mode expression
 * that matches at least what PCRE2 matches (assertions dropped, Unicode
 * atoms widened, weak leading and optional trailing parts trimmed: see
 * pfexpr.h), are compiled into one Vectorscan database in prefilter
 * mode, so a note is scanned once for all of them; a second database
 * takes the rare text with a long run of white space. Every real match
 * inside a unit then ends at a reported end offset of its pattern; the
 * matcher runs a pattern through PCRE2 only on the units that hold one of
 * its candidate ends, so the evidence is exactly PCRE2's. A rule with a
 * pattern that cannot be derived or that Vectorscan cannot take is not
 * covered and is searched by PCRE2 everywhere, as without a prefilter.
 *
 * Built without Vectorscan (CZ_HAVE_VECTORSCAN undefined) or with the
 * pcre2 engine, cz_prefilter_build() gives NULL and everything runs on
 * PCRE2: the same evidence, slower.
 *
 * Threads: a cz_prefilter is immutable once built and may be shared; a
 * cz_pfscan (scratch space and results) is per thread.
 */
#ifndef CZ_PREFILTER_H
#define CZ_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/err.h"
#include "coalesce/rule.h"

typedef enum cz_engine {
	CZ_ENGINE_AUTO,  /* Vectorscan prefilter when built in, else PCRE2 */
	CZ_ENGINE_PCRE2  /* PCRE2 only */
} cz_engine;

/* "auto" or "pcre2" -> *out; false for anything else. */
bool cz_engine_parse(const char *s, cz_engine *out);
/* Whether this build has Vectorscan. */
bool cz_prefilter_available(void);


typedef struct cz_prefilter cz_prefilter;
typedef struct cz_pfscan cz_pfscan;

/*
 * Compile the prefilter for rs (which must outlive it). *out is NULL when
 * the engine is pcre2, Vectorscan is not built in, or no rule is eligible.
 * Owned by the caller (cz_prefilter_free).
 *
 * cache_dir (borrowed; NULL or "" for none) is a directory of compiled
 * prefilters (pfcache.h): an entry for exactly these patterns, this
 * Vectorscan and this CPU is loaded instead of compiling, and a compile
 * stores its result there. A cache problem is never an error: it only
 * costs the compile. The prefilter is the same either way (same database,
 * same covered rules).
 */
cz_rc cz_prefilter_build(cz_prefilter **out, const cz_ruleset *rs, cz_engine engine,
			 const char *cache_dir, cz_err *err);
void cz_prefilter_free(cz_prefilter *pf);
/* Rules covered (every match pattern in the database), and not covered. */
size_t cz_prefilter_covered(const cz_prefilter *pf, size_t *uncovered);
/* Whether rule i of the rule set is covered. */
bool cz_prefilter_covers(const cz_prefilter *pf, size_t rule);
/* Whether pf was loaded from the cache rather than compiled. */
bool cz_prefilter_cached(const cz_prefilter *pf);

/* Per-thread scan state for pf (borrowed). Owned by the caller. */
cz_rc cz_pfscan_new(cz_pfscan **out, const cz_prefilter *pf, cz_err *err);
void cz_pfscan_free(cz_pfscan *s);
/* Scan text[from..to) (valid UTF-8), replacing the previous results. */
cz_rc cz_pfscan_run(cz_pfscan *s, const char *text, size_t from, size_t to, cz_err *err);
/*
 * The candidate match ends of match pattern `pattern` of covered rule
 * `rule` after a run, increasing (as offsets in text): *n of them. *all is
 * true when there were too many to keep: then every unit is a candidate
 * when *n > 0.
 */
const size_t *cz_pfscan_ends(const cz_pfscan *s, size_t rule, size_t pattern, size_t *n,
			     bool *all);
/* Whether the last run used the unbounded database (the text held a long
 * run of white space). */
bool cz_pfscan_safe(const cz_pfscan *s);

#endif

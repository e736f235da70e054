/*
 * regex.h - compiled regular expressions; the only module that uses PCRE2.
 *
 * Patterns are compiled once with UTF and UCP (Unicode-aware \w, \b and
 * case folding) and JIT-compiled when the platform allows; a compiled
 * cz_regex is immutable and may be shared between threads. Matching needs a
 * cz_rematch, which holds match data and the match/heap limits; it is per
 * thread (one per worker).
 *
 * Subjects must be valid UTF-8. Callers that validated a text once pass
 * CZ_RE_TRUSTED to skip PCRE2's own check on every call.
 */
#ifndef CZ_REGEX_H
#define CZ_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coalesce/err.h"

typedef struct cz_regex cz_regex;
typedef struct cz_rematch cz_rematch;

enum {
	CZ_RE_CASELESS = 1u << 0, /* compile: ignore case */
	CZ_RE_MULTILINE = 1u << 1 /* compile: ^ and $ match at line ends */
};

enum {
	CZ_RE_TRUSTED = 1u << 0, /* match: subject already validated as UTF-8 */
	CZ_RE_NOTEMPTY = 1u << 1 /* match: an empty match is not a match */
};

/*
 * Compile pattern. On a syntax error returns CZ_EDATA and err says PCRE2's
 * message and the offset: "at offset 4: missing closing parenthesis".
 * *out is owned by the caller (cz_regex_free).
 */
cz_rc cz_regex_compile(cz_regex **out, const char *pattern, unsigned flags, cz_err *err);
void cz_regex_free(cz_regex *re);
/* Whether the JIT compiled this pattern (false: interpreted, slower). */
bool cz_regex_jitted(const cz_regex *re);
/* The pattern text as given. Borrowed. */
const char *cz_regex_pattern(const cz_regex *re);
/* Number of named groups, and the i-th name and its group number. */
size_t cz_regex_name_count(const cz_regex *re);
const char *cz_regex_name(const cz_regex *re, size_t i, unsigned *group);

/*
 * Match state for one thread. Limits: match_limit bounds backtracking steps
 * (0: PCRE2's default), heap_limit_kib bounds backtracking memory (0:
 * default). Exceeding either makes cz_regex_find() return CZ_ELIMIT.
 */
cz_rc cz_rematch_new(cz_rematch **out, uint32_t match_limit, uint32_t heap_limit_kib,
		     cz_err *err);
void cz_rematch_free(cz_rematch *md);

/*
 * Find the first match of re in subj[0..len) at or after `start`.
 * Returns CZ_OK with *found set (and, when found, [*mstart, *mend) the
 * match), CZ_ELIMIT when a limit was hit, CZ_EDATA for invalid UTF-8.
 */
cz_rc cz_regex_find(const cz_regex *re, cz_rematch *md, const char *subj, size_t len,
		    size_t start, unsigned opts, bool *found, size_t *mstart, size_t *mend,
		    cz_err *err);
/* After a successful find: group i's span; false when it did not take part. */
bool cz_rematch_group(const cz_rematch *md, unsigned group, size_t *gstart, size_t *gend);

#endif

/*
 * match.h - evaluating a rule set over one note: hits with their status.
 *
 * For each enabled rule and each unit of the rule's scope (segment.h), every
 * `match` pattern is searched in the unit; overlapping matches in a unit
 * count once. A match becomes a hit when every `require` entry matches in
 * its window and, with `section:`, some enclosing heading matches. A hit is
 * `excepted` when an `unless` entry matches in its window or an ignore
 * comment names the rule on the line before; a unit with fewer than
 * `min_count` hits keeps none; counted hits beyond `max_per_note` are
 * `capped`.
 *
 * Safety: every search runs under the match and heap limits, and a rule
 * has a time budget per note (many units each just under the match limit
 * add up: 50,000 lines of backtracking are minutes). A rule that hits a
 * limit or its budget in a note yields one `limit` hit there and is skipped for
 * the rest of that note; after `disable_after` such notes it is disabled
 * for the rest of the run (cz_matcher_limits() reports it). The note text
 * is validated as UTF-8 once, then every search skips PCRE2's check.
 *
 * A cz_matcher holds the per-run state (match data, limit counters); it
 * borrows the rule set, which must outlive it. One matcher per thread.
 */
#ifndef CZ_MATCH_H
#define CZ_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coalesce/condmemo.h"
#include "coalesce/err.h"
#include "coalesce/rule.h"
#include "coalesce/segment.h"

typedef enum cz_hit_status {
	CZ_HIT_COUNTED,
	CZ_HIT_EXCEPTED,
	CZ_HIT_CAPPED,
	CZ_HIT_LIMIT
} cz_hit_status;

#define CZ_HIT_MAX_GROUPS 8
#define CZ_UNLESS_NONE (-1L)
#define CZ_UNLESS_COMMENT (-2L) /* excepted by an ignore comment */

typedef struct cz_hit_group {
	const char *name;   /* borrowed from the compiled pattern */
	size_t start, end;  /* in the note text */
} cz_hit_group;

typedef struct cz_hit {
	const cz_rule *rule;
	cz_hit_status status;
	size_t start, end;            /* the match, byte offsets in the text */
	size_t line, col;             /* 1-based, of start */
	size_t unit_start, unit_end;  /* the text the excerpt is cut from */
	size_t speaker, speaker_len;  /* speaker label in the text; len 0: none */
	size_t pattern;               /* index in rule->match */
	uint64_t also;                /* bit p: pattern p matched here too (p < 64) */
	long unless;                  /* index in rule->unless, or CZ_UNLESS_* */
	cz_hit_group groups[CZ_HIT_MAX_GROUPS];
	size_t n_groups;
} cz_hit;

typedef struct cz_match_limits {
	uint32_t match_limit;   /* PCRE2 match limit per search */
	uint32_t heap_kib;      /* PCRE2 heap limit per search */
	unsigned disable_after; /* notes with a limit hit before a rule is disabled */
	unsigned budget_ms;     /* time one rule may spend on one note */
} cz_match_limits;

#define CZ_MATCH_LIMIT_DEFAULT 1000000u
#define CZ_HEAP_KIB_DEFAULT 16384u
#define CZ_DISABLE_AFTER_DEFAULT 3u
#define CZ_BUDGET_MS_DEFAULT 1000u

typedef struct cz_matcher cz_matcher;

/* Called for each hit of a note, in rule order then text order. */
typedef cz_rc (*cz_hit_fn)(void *ctx, const cz_seg *seg, const cz_hit *hit, cz_err *err);

/* lim may be NULL for the defaults. */
cz_rc cz_matcher_new(cz_matcher **out, const cz_ruleset *rs, const cz_match_limits *lim,
		     cz_err *err);
void cz_matcher_free(cz_matcher *m);

/*
 * Evaluate the rules (only `only` when not NULL, even if disabled) over
 * text[body..len). CZ_EDATA when the text is not UTF-8; otherwise the
 * callback's failure, if any.
 */
cz_rc cz_matcher_note(cz_matcher *m, const char *text, size_t len, size_t body,
		      const cz_rule *only, cz_hit_fn fn, void *ctx, cz_err *err);

/*
 * Use a prefilter (prefilter.h; borrowed, built for the same rule set) for
 * the notes to come; NULL goes back to PCRE2 only. The evidence is the
 * same either way.
 */
struct cz_prefilter;
cz_rc cz_matcher_use_prefilter(cz_matcher *m, const struct cz_prefilter *pf, cz_err *err);

/*
 * Whether a pattern's matches cannot depend on the subject's edges (no
 * anchors, \A \z \Z \G, or lookaround): then a match inside a unit is a
 * match in the whole body.
 */
bool cz_pattern_edge_free(const char *pattern);

/* Skip rule i of the rule set in the notes to come (a caller that applies
 * limits itself, e.g. in a fixed note order across threads). */
void cz_matcher_disable(cz_matcher *m, size_t i);

/* How often a require/unless pattern was asked about a window, and how
 * often the note's memo answered without searching (condmemo.h). */
typedef cz_condmemo_stats cz_matcher_memo_stats;

cz_matcher_memo_stats cz_matcher_memo(const cz_matcher *m);

/* Limit report for rule i of the rule set: notes where it hit a limit. */
size_t cz_matcher_limits(const cz_matcher *m, size_t i, bool *disabled);

/* "counted", "excepted", "capped", "limit". */
const char *cz_hit_status_name(cz_hit_status s);

/*
 * The excerpt of a hit: its unit with runs of whitespace as one space, at
 * most `max` bytes (cut on a UTF-8 boundary, "..." marking cuts), shifted
 * to show the match when the unit is longer. Writes a NUL-terminated
 * string to out (size max + 8).
 */
void cz_hit_excerpt(const char *text, const cz_hit *hit, char *out, size_t max);

#endif

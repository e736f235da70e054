/*
 * rxtree.h - the syntax tree of a rule pattern, for the analyses that need
 * a pattern's structure rather than its matches: the Vectorscan prefilter's
 * superset (prefilter.c), whether a pattern can depend on the edges of its
 * subject (match.c), and lint checks (rulelint.c).
 *
 * The tree models the PCRE2 syntax rule packs use (UTF and UCP mode):
 * literals, \Q..\E, classes (with ranges, POSIX names, \d \w \s \h \v and
 * their negations), the dot, anchors and \b, lookaround, capturing, named,
 * non-capturing and atomic groups, alternation, every quantifier (greedy,
 * lazy, possessive) and the option settings i m s n U J. Anything else
 * (backreferences, \p, recursion, conditionals, verbs, callouts, extended
 * mode) is refused with CZ_EDATA: an analysis then knows nothing of the
 * pattern and must assume the worst. The tree never decides whether a
 * pattern is valid; PCRE2 does that when the rule loads.
 *
 * Case: PCRE2 matches letters caselessly by Unicode case folding, so a
 * caseless `k` also matches U+212A KELVIN SIGN and a caseless `s` U+017F
 * LATIN SMALL LETTER LONG S (the only ASCII letters with a non-ASCII
 * partner). Each literal and class records the caseless state in force
 * where it stands; a class's ASCII member set already includes the other
 * case of its letters.
 *
 * Memory: one allocation per node; cz_rx_free() frees a whole tree. The
 * parser bounds nesting depth and node count, so a hostile pattern costs a
 * refusal, not the stack.
 */
#ifndef CZ_RXTREE_H
#define CZ_RXTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coalesce/err.h"

#define CZ_RX_INF UINT32_MAX /* a repeat without upper bound */

typedef enum cz_rx_kind {
	CZ_RX_EMPTY,  /* matches the empty string (an empty alternative) */
	CZ_RX_CHAR,   /* one code point: c */
	CZ_RX_CLASS,  /* one character of a set: cls (also `.`, \w, \N...) */
	CZ_RX_ASSERT, /* zero width: assert */
	CZ_RX_GROUP,  /* kids[0] in parentheses (capturing or not) */
	CZ_RX_CAT,    /* kids in sequence */
	CZ_RX_ALT,    /* one of kids */
	CZ_RX_REPEAT  /* kids[0] repeated min..max times */
} cz_rx_kind;

typedef enum cz_rx_assert {
	CZ_RXA_WORD,  /* \b */
	CZ_RXA_NWORD, /* \B */
	CZ_RXA_START, /* ^ \A */
	CZ_RXA_END,   /* $ \z \Z */
	CZ_RXA_G,     /* \G */
	CZ_RXA_LOOK   /* lookahead or lookbehind (its body is not kept) */
} cz_rx_assert;

/* A set of characters: which ASCII characters, whether any character at
 * or above U+0080 may be in it, and whether those are all white space (the
 * non-ASCII part of \s, \h, \v or [:space:], nothing else). */
typedef struct cz_rx_set {
	uint32_t ascii[4]; /* bit c of ascii[c / 32]: c is a member (c < 128) */
	bool non_ascii;
	bool space_only;   /* with non_ascii: every non-ASCII member is white space */
} cz_rx_set;

typedef struct cz_rx {
	cz_rx_kind kind;
	bool caseless;        /* CHAR, CLASS: matched caselessly */
	uint32_t c;           /* CHAR */
	cz_rx_set set;        /* CLASS */
	cz_rx_assert assert;  /* ASSERT */
	uint32_t min, max;    /* REPEAT (max may be CZ_RX_INF) */
	struct cz_rx **kids;  /* GROUP, CAT, ALT, REPEAT */
	size_t n;
} cz_rx;

/*
 * Parse pattern (UTF-8; caseless: the rule's caseless option) into *out
 * (the caller frees it with cz_rx_free). CZ_EDATA when the pattern uses
 * syntax the tree does not model or is too deep or large (err says what),
 * CZ_ENOMEM when memory ran out.
 */
cz_rc cz_rx_parse(cz_rx **out, const char *pattern, bool caseless, cz_err *err);
void cz_rx_free(cz_rx *rx);

/* Parse pattern and answer q about it; `otherwise` when it cannot be
 * parsed (syntax not modelled, or out of memory). */
bool cz_rx_ask(const char *pattern, bool caseless, bool (*q)(const cz_rx *), bool otherwise);

/* Sets (rxset.c). Whether set holds ASCII character c. */
bool cz_rx_set_has(const cz_rx_set *set, unsigned char c);
/* Building one: c (any non-ASCII c makes non_ascii true), lo..hi, any
 * non-ASCII character, the other case of every letter in it, its
 * complement, and o's members. */
void cz_rx_set_add(cz_rx_set *s, uint32_t c);
void cz_rx_set_add_range(cz_rx_set *s, uint32_t lo, uint32_t hi);
void cz_rx_set_any_non_ascii(cz_rx_set *s);
void cz_rx_set_fold(cz_rx_set *s);
void cz_rx_set_invert(cz_rx_set *s);
void cz_rx_set_union(cz_rx_set *s, const cz_rx_set *o);
/* The set of a class escape letter (d w s h v; upper case: negated), and
 * of a POSIX class name[0..len) ("alpha", ...); false when not one. */
bool cz_rx_set_escape(char e, cz_rx_set *out);
bool cz_rx_set_posix(const char *name, size_t len, cz_rx_set *out);

/* Whether rx can match the empty string. */
bool cz_rx_nullable(const cz_rx *rx);

/*
 * Whether rx's matches cannot depend on where its subject begins or ends:
 * no anchor, \G or lookaround (\b and \B are fine).
 */
bool cz_rx_edge_free(const cz_rx *rx);

/*
 * Whether rx repeats without bound something that itself contains an
 * unbounded repeat ((a+)+, (?:\w*\s)*): the shape of catastrophic
 * backtracking.
 */
bool cz_rx_nested_unbounded(const cz_rx *rx);

#endif

/*
 * condmemo.h - remembered answers of require/unless patterns within one
 * note.
 *
 * A condition's answer for a window of a note depends only on the pattern
 * (its text and its rule's case flag: the same compiled pattern) and the
 * window. Rules that share a guard (the heading guard, "no tradeoffs")
 * and hits that share a unit ask the same question; the matcher (match.c)
 * asks this table first and searches only on a miss.
 *
 * Each distinct condition of a rule set gets a key when the memo is made.
 * Answers live in a small fixed table (no allocation per note) and are
 * forgotten at each note by a generation count; a question that finds no
 * free slot nearby is simply not remembered. Not thread-safe: one memo
 * per matcher.
 */
#ifndef CZ_CONDMEMO_H
#define CZ_CONDMEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coalesce/err.h"
#include "coalesce/rule.h"

typedef struct cz_condmemo cz_condmemo;

/* Questions asked, and answered from the table. */
typedef struct cz_condmemo_stats {
	uint64_t asked, answered;
} cz_condmemo_stats;

/* The q-th condition of r: its require patterns, then its unless. */
const cz_rpat *cz_cond_at(const cz_rule *r, size_t q);

cz_rc cz_condmemo_new(cz_condmemo **out, const cz_ruleset *rs, cz_err *err);
void cz_condmemo_free(cz_condmemo *cm);

/* The key of condition q of rule `rule` (its index in the rule set). */
uint32_t cz_condmemo_key(const cz_condmemo *cm, size_t rule, size_t q);

/* Forget every answer: the next questions are about another note. */
void cz_condmemo_next_note(cz_condmemo *cm);

/* The remembered answer for (key, [a, b)), if any (counts a question). */
bool cz_condmemo_get(cz_condmemo *cm, uint32_t key, size_t a, size_t b, bool *yes);

/* Remember an answer just searched for (key, [a, b)). */
void cz_condmemo_put(cz_condmemo *cm, uint32_t key, size_t a, size_t b, bool yes);

cz_condmemo_stats cz_condmemo_stats_of(const cz_condmemo *cm);

#endif

/*
 * evidence.h - storing rule hits in the `signals` table and keeping them
 * in step with the rules in force.
 *
 * A cz_evidence binds a database and a rule set: it evaluates a note
 * (match.h) and stores each hit with its rule, version, signal, polarity,
 * weight, status, line, column, excerpt, speaker and named groups (JSON).
 * It is also the ingest stage's `analyze` hook, so a note and its evidence
 * commit in one transaction.
 *
 * The active rule set's fingerprint is kept in meta('ruleset_hash') and on
 * each run (runs.ruleset_hash). cz_evidence_sync() re-evaluates every
 * stored note from notes.body when the fingerprint changed (or always,
 * for `coalesce scan`), in one transaction, so the evidence in the
 * database always comes from one rule set.
 *
 * Ownership: borrows db and rs, which must outlive it; close it before
 * the database.
 */
#ifndef CZ_EVIDENCE_H
#define CZ_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coalesce/db.h"
#include "coalesce/err.h"
#include "coalesce/match.h"
#include "coalesce/note.h"
#include "coalesce/prefilter.h"
#include "coalesce/rule.h"

#define CZ_EXCERPT_MAX 240

typedef struct cz_evidence cz_evidence;

typedef struct cz_evidence_counts {
	int64_t notes;                 /* notes evaluated */
	int64_t by_status[4];          /* hits stored, by cz_hit_status */
	int64_t skipped;               /* stored notes without a body */
} cz_evidence_counts;

cz_rc cz_evidence_open(cz_evidence **out, cz_db *db, const cz_ruleset *rs,
		       const cz_match_limits *lim, cz_err *err);
void cz_evidence_close(cz_evidence *ev);

/*
 * Replace the evidence of note_id by that of text[body..len). Runs inside
 * the caller's transaction.
 */
cz_rc cz_evidence_note(cz_evidence *ev, int64_t note_id, const char *text, size_t len,
		       size_t body, cz_err *err);

/* cz_analyze_fn (ingest.h) with ctx = cz_evidence. */
cz_rc cz_evidence_analyze(void *ctx, cz_db *db, int64_t note_id, const char *text,
			  size_t len, const cz_note *note, cz_err *err);

/*
 * Re-evaluate every stored note when the rule set's fingerprint differs
 * from the stored one, or always with `force`; refresh the `rules` table
 * and the stored fingerprint. *rescanned (optional): whether it ran.
 */
cz_rc cz_evidence_sync(cz_evidence *ev, bool force, bool *rescanned, cz_err *err);

/* Record the fingerprint on a run. */
cz_rc cz_evidence_mark_run(cz_evidence *ev, int64_t run_id, cz_err *err);

/* Issue 7: match through a prefilter (borrowed; NULL: PCRE2 only). */
cz_rc cz_evidence_use_prefilter(cz_evidence *ev, const cz_prefilter *pf, cz_err *err);

const cz_evidence_counts *cz_evidence_stats(const cz_evidence *ev);
const cz_matcher *cz_evidence_matcher(const cz_evidence *ev);

#endif

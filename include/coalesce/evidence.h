/*
 * evidence.h - storing rule hits in the `signals` table and keeping them
 * in step with the rules in force.
 *
 * A cz_evidence binds a database and a rule set: it evaluates a note
 * (match.h) and stores each hit with its rule, version, signal, polarity,
 * weight, status, line, column, excerpt, speaker and named groups (JSON).
 * It is also the ingest stage's analyzer (ingest.h), so a note and its
 * evidence commit in one transaction.
 *
 * Issue 7 splits the work in two so that it can run on every core:
 * a cz_evworker (one per thread: its own matcher and prefilter scratch)
 * computes a note's rows without touching the database, and
 * cz_evidence_store() writes them on the database's thread. Limits are
 * applied in the order notes are stored: a rule that hit its limits in
 * `disable_after` notes yields nothing in the notes stored after (workers
 * stop evaluating it as soon as they learn), so the stored evidence does
 * not depend on how many workers ran or how they were scheduled.
 *
 * The Vectorscan prefilter (prefilter.h) is compiled on first need, once,
 * whichever thread needs it first (cz_evidence_set_engine), or borrowed
 * from the caller (cz_evidence_use_prefilter).
 *
 * The active rule set's fingerprint is kept in meta('ruleset_hash') and on
 * each run (runs.ruleset_hash). cz_evidence_sync() (rescan.c) re-evaluates
 * every stored note, read again from its file or from its kept text, when
 * the fingerprint changed (or always, for `coalesce scan`), in one
 * transaction, so the evidence in the database always comes from one rule
 * set.
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
#include "coalesce/ingest.h"
#include "coalesce/match.h"
#include "coalesce/note.h"
#include "coalesce/prefilter.h"
#include "coalesce/rule.h"

#define CZ_EXCERPT_MAX 240

typedef struct cz_evidence cz_evidence;
typedef struct cz_evworker cz_evworker;
typedef struct cz_evrows cz_evrows;

typedef struct cz_evidence_counts {
	int64_t notes;                 /* notes evaluated */
	int64_t by_status[4];          /* hits stored, by cz_hit_status */
	int64_t skipped;               /* stored notes that could not be read again */
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

/*
 * A worker for ev (which must outlive it): computes notes' evidence on any
 * one thread at a time, without the database.
 */
cz_rc cz_evworker_new(cz_evworker **out, cz_evidence *ev, cz_err *err);
void cz_evworker_free(cz_evworker *w);
/* The evidence of text[body..len) into *out (owned by the caller). */
cz_rc cz_evworker_note(cz_evworker *w, const char *text, size_t len, size_t body,
		       cz_evrows **out, cz_err *err);
void cz_evrows_free(cz_evrows *rows);
/* Number of rows (hits) computed. */
size_t cz_evrows_count(const cz_evrows *rows);

/*
 * Replace note_id's evidence by rows (on the database's thread, in the
 * caller's transaction). Notes must be stored in a fixed order for limits
 * to apply reproducibly (see above).
 */
cz_rc cz_evidence_store(cz_evidence *ev, int64_t note_id, const cz_evrows *rows, cz_err *err);

/* The ingest analyzer (ingest.h) that computes and stores ev's evidence. */
void cz_evidence_analyzer(cz_evidence *ev, cz_analyzer *out);

/*
 * Re-evaluate every stored note when the rule set's fingerprint differs
 * from the stored one, or always with `force`; refresh the `rules` table
 * and the stored fingerprint. `jobs` threads compute (each with its own
 * read-only connection; 1, or an in-memory database: this thread only);
 * the result does not depend on it. *rescanned (optional): whether it ran.
 */
cz_rc cz_evidence_sync(cz_evidence *ev, bool force, unsigned jobs, bool *rescanned,
		       cz_err *err);

/* Record the fingerprint on a run. */
cz_rc cz_evidence_mark_run(cz_evidence *ev, int64_t run_id, cz_err *err);

/* For the rescan (rescan.c): ev's database and rule set, and a stored note
 * it could not re-evaluate (counted in cz_evidence_counts.skipped). */
cz_db *cz_evidence_db(const cz_evidence *ev);
const cz_ruleset *cz_evidence_ruleset(const cz_evidence *ev);
void cz_evidence_count_skipped(cz_evidence *ev);

/* Issue 7: match through a prefilter (borrowed; NULL: PCRE2 only). */
cz_rc cz_evidence_use_prefilter(cz_evidence *ev, const cz_prefilter *pf, cz_err *err);
/* Or compile one for `engine` on first need (owned by ev), through the
 * prefilter cache in cache_dir (borrowed, must outlive ev; NULL: none). */
void cz_evidence_set_engine(cz_evidence *ev, cz_engine engine, const char *cache_dir);
/* Compile the prefilter now, if set_engine asked for one and it is not
 * built yet (e.g. before a rescan). */
cz_rc cz_evidence_prepare(cz_evidence *ev, cz_err *err);

const cz_evidence_counts *cz_evidence_stats(const cz_evidence *ev);
/* Notes where rule i hit a limit, and whether it was disabled. */
size_t cz_evidence_limits(const cz_evidence *ev, size_t i, bool *disabled);

#endif

/*
 * report.h - initiative health per period, gathered from the database.
 *
 * cz_report_build() reads the stored notes, evidence (signals), meetings,
 * attendees and people with a handful of grouped SQL queries (each one
 * pass over an indexed table, grouped by initiative and day, so it stays
 * fast with a million signal rows), buckets the per-day counts into
 * periods in C, and scores each initiative x period with score.h.
 * cz_report_evidence() lists the hits behind one row for `explain`.
 *
 * Consistency: the caller opens one read transaction (cz_db_begin_read)
 * around everything it reads for one report, so all numbers come from the
 * same snapshot even while an ingest writes.
 *
 * Rows exist for every period from an initiative's first activity (note or
 * meeting) to its last; a period without evidence is "unknown". --since
 * and --until select whole periods: a period that overlaps the range is
 * reported in full, and trends, brief coverage and calendar facts always
 * count history from before the range.
 *
 * Privacy: rows carry teams, never people, except a late recruit named by
 * late_recruitment evidence who has no team (then the person's name, as
 * the issue allows). Excerpts are note text and may name people.
 *
 * Ownership: cz_report owns every string and list in it; release with
 * cz_report_release().
 */
#ifndef CZ_REPORT_H
#define CZ_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/buf.h"
#include "coalesce/db.h"
#include "coalesce/err.h"
#include "coalesce/period.h"
#include "coalesce/score.h"

typedef struct cz_report_opts {
	cz_period_kind kind;
	const char *since;              /* "YYYY-MM-DD" or NULL */
	const char *until;              /* "YYYY-MM-DD" or NULL */
	const char *const *initiatives; /* ids to report, or none for all */
	size_t n_initiatives;
	long min_group_size;            /* issue 8 (privacy.h); 0: CZ_MIN_GROUP_DEFAULT */
} cz_report_opts;

/* When a team first came to one of an initiative's meetings. */
typedef struct cz_party_first {
	char *team;
	char date[CZ_DATE_STR];
	char *subject;  /* the meeting's subject */
	long days_after; /* days after the initiative's first meeting */
	bool required;
	bool late;      /* required and later than late_after_days */
} cz_party_first;

typedef struct cz_report_initiative {
	char *id;
	char *name;
	cz_strv required;         /* required parties (teams), sorted */
	cz_party_first *firsts;   /* every team seen, by first appearance */
	size_t n_firsts;
	char first_meeting[CZ_DATE_STR]; /* "" when it has no meeting */
} cz_report_initiative;

typedef struct cz_report_row {
	size_t init;             /* index into cz_report.inits */
	cz_period period;
	cz_score_in in;
	cz_score_out out;
	bool has_trend;          /* false when this or the previous period is unknown */
	double trend;            /* health minus the previous period's health */
	int brief_fields;        /* brief fields seen up to the period's end */
	double brief_coverage;   /* brief_fields / 10 */
	cz_strv parties;         /* teams in the period's meetings, sorted */
	cz_strv required_missing;/* required teams never seen up to the period's end */
	cz_strv late_recruits;   /* teams recruited late, this period; people without a
				  * team only as "N people outside teams", and only
				  * when N >= min_group_size (privacy.h) */
	char *top_excerpt;       /* strongest counted hit, or NULL */
	char *top_path;          /* its note's path relative to the ingest root */
	long top_line;
} cz_report_row;

typedef struct cz_report {
	const char *model;       /* CZ_SCORE_MODEL */
	cz_score_cfg cfg;
	cz_period_kind kind;
	cz_report_initiative *inits;
	size_t n_inits;
	cz_report_row *rows;     /* by initiative id, then period */
	size_t n_rows;
	long min_group;          /* issue 8: see late_recruits */
} cz_report;

void cz_report_init(cz_report *r);
void cz_report_release(cz_report *r);

/*
 * Build the report. An id in opts->initiatives that is not in the
 * database is CZ_ENOINPUT naming it. cfg is copied.
 */
cz_rc cz_report_build(cz_db *db, const cz_score_cfg *cfg, const cz_report_opts *opts,
		      cz_report *r, cz_err *err);

/* The latest row of initiative `init` whose status is known, or NULL. */
const cz_report_row *cz_report_latest(const cz_report *r, size_t init);

/* One stored hit, as `explain` shows it. */
typedef struct cz_evidence {
	char *signal, *rule, *status, *path, *excerpt, *speaker; /* speaker may be NULL */
	char date[CZ_DATE_STR];
	long line, col;
	double weight;
} cz_evidence;

typedef struct cz_evidence_list {
	cz_evidence *v;
	size_t n, cap;
} cz_evidence_list;

void cz_evidence_list_release(cz_evidence_list *l);

/*
 * Every hit (counted, excepted, capped, limit) in the notes of initiative
 * `id` dated within period p, by date, path, line and column.
 */
cz_rc cz_report_evidence(cz_db *db, const char *id, const cz_period *p,
			 cz_evidence_list *out, cz_err *err);

#endif

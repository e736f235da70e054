/*
 * score.h - the health model: pure functions from one period's counts to
 * component scores, health, status, confidence and the mood flag.
 *
 * Nothing here touches the database: report.c gathers the counts with SQL
 * and calls cz_score_period(); tests call it with hand-made counts. The
 * model is documented for users in docs/scoring.md; keep the two in step
 * and bump CZ_SCORE_MODEL when a formula or a default changes, because
 * reports print it and readers compare scores only under the same model.
 *
 * Normalisation (see docs/scoring.md): every signal's counted hits are
 * summed by weight per note and capped at `note_cap`, so one note repeating
 * a phrase cannot carry a component; the capped sum is divided by the
 * number of notes in the period (density), and a component is
 *   100 * (1 - 2^(-density / half))
 * (half the way to 100 at density `half`, 75 at twice that, ...). Integrity
 * runs the other way: 100 * 2^(-red / half) for red-flag density `red`.
 */
#ifndef CZ_SCORE_H
#define CZ_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/err.h"
#include "coalesce/ydoc.h"

#define CZ_SCORE_MODEL "coalesce-health/1"

/* Every signal the model reads, with the names the rules engine stores. */
typedef enum cz_signal {
	CZ_SIG_CONTEXT,
	CZ_SIG_OUTCOME,
	CZ_SIG_TRADEOFF,
	CZ_SIG_STOP_CONDITION,
	CZ_SIG_DECISION_RIGHTS,
	CZ_SIG_DECISION,
	CZ_SIG_COMMITMENT,
	CZ_SIG_EARLY_WARNING,
	CZ_SIG_CREDIT,
	CZ_SIG_VAGUE_AGREEMENT,
	CZ_SIG_SELECTIVE_INFORMATION, /* first red flag */
	CZ_SIG_LOYALTY_TEST,
	CZ_SIG_GOSSIP,
	CZ_SIG_LATE_RECRUITMENT,      /* last red flag */
	CZ_SIG_BRIEF_OUTCOME,         /* first brief field */
	CZ_SIG_BRIEF_WHY_NOW,
	CZ_SIG_BRIEF_CORE_TRADEOFF,
	CZ_SIG_BRIEF_REQUIRED_PARTIES,
	CZ_SIG_BRIEF_THEIR_INTERESTS,
	CZ_SIG_BRIEF_MUTUAL_COMMITMENTS,
	CZ_SIG_BRIEF_DECISION_RIGHTS,
	CZ_SIG_BRIEF_COMMUNICATION_PATH,
	CZ_SIG_BRIEF_CREDIT_ACCOUNTABILITY,
	CZ_SIG_BRIEF_ETHICAL_GUARDRAILS, /* last brief field */
	CZ_SIG_N
} cz_signal;

#define CZ_BRIEF_FIELDS 10

typedef enum cz_component {
	CZ_COMP_CONTEXT,
	CZ_COMP_OUTCOME,
	CZ_COMP_TRADEOFFS,
	CZ_COMP_COMMITMENT,
	CZ_COMP_EARLY_WARNING,
	CZ_COMP_CREDIT,
	CZ_COMP_INTEGRITY,
	CZ_COMP_N
} cz_component;

/* The stored name of a signal; the index of a name or -1 when unknown. */
const char *cz_signal_name(cz_signal s);
int cz_signal_find(const char *name);
bool cz_signal_is_red_flag(cz_signal s);
bool cz_signal_is_brief(cz_signal s);
/* Component names as in the CSV header ("tradeoffs", "early_warning"...). */
const char *cz_component_name(cz_component c);
/* The component a signal feeds, or -1 (vague_agreement, brief fields). */
int cz_signal_component(cz_signal s);

/* Every weight and threshold; `scoring:` in coalesce.yml overrides them. */
typedef struct cz_score_cfg {
	double weight[CZ_COMP_N]; /* share of each component in health */
	double half[CZ_COMP_N];   /* density giving 50 (integrity: halving 100) */
	double note_cap;          /* max weight one note gives one signal */
	double parties_share;     /* share of commitment from required parties present */
	double late_weight;       /* red-flag weight of one calendar late recruit */
	double green, amber;      /* status thresholds on health */
	double confidence_half;   /* evidence (notes) at which confidence is 0.5 */
	double meeting_evidence;  /* a meeting counts as this many notes for confidence */
	long late_after_days;     /* a required party joining later is late */
} cz_score_cfg;

/* Fill cfg with the documented defaults. */
void cz_score_cfg_defaults(cz_score_cfg *cfg);

/*
 * Apply the `scoring:` mapping (NULL or null: keep defaults). `file` names
 * the config in messages: "FILE:LINE:COL: unknown key 'scoring.x' ...".
 * Keys: weights.<component>, half.<component>, note_cap, parties_share,
 * late_weight, late_after_days, green, amber, confidence_half,
 * meeting_evidence. cfg must hold defaults already.
 */
cz_rc cz_score_cfg_load(cz_score_cfg *cfg, const cz_ynode *node, const char *file,
			cz_err *err);

/* One initiative in one period, as report.c counts it. */
typedef struct cz_score_in {
	long notes;               /* notes attributed and dated in the period */
	long meetings;            /* meetings attributed and starting in the period */
	long hits[CZ_SIG_N];      /* counted hits per signal */
	double capped[CZ_SIG_N];  /* sum over notes of min(weight sum, note_cap) */
	long required;            /* required parties of the initiative */
	long required_seen;       /* ... seen in its meetings up to the period's end */
	bool calendar;            /* the initiative has meetings up to the period's end */
	long late_recruits;       /* calendar late recruits first seen in the period */
} cz_score_in;

typedef struct cz_score_out {
	bool known;                  /* false: no evidence, status "unknown" */
	double density[CZ_COMP_N];   /* capped weight per note feeding each component */
	double comp[CZ_COMP_N];      /* 0..100, rounded to integers */
	double presence;             /* 0..1 required parties present (commitment) */
	double health;               /* 0..100, rounded */
	double confidence;           /* 0..1, two decimals */
	long red_flags;              /* counted red-flag hits + calendar late recruits */
	long evidence[CZ_COMP_N];    /* counted hits behind each component */
	bool mood;
	const char *status;          /* "green", "amber", "red" or "unknown" */
} cz_score_out;

/* Score one period. Pure: same input, same output. */
void cz_score_period(const cz_score_cfg *cfg, const cz_score_in *in, cz_score_out *out);

/* Saturation curve: 100 * (1 - 2^(-density/half)); 0 when half <= 0. */
double cz_score_saturate(double density, double half);

#endif

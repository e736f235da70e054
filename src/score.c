/*
 * score.c - the health model (see score.h and docs/scoring.md).
 *
 * Pure arithmetic over one period's counts plus the `scoring:` config
 * parser. The signal and component tables below are the single source of
 * the names the rules engine stores and the CSV columns print; the mapping
 * from signals to components is the `feeds` column.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "coalesce/score.h"

static const struct {
	const char *name;
	int feeds; /* cz_component, or -1 */
} signals[CZ_SIG_N] = {
	[CZ_SIG_CONTEXT] = { "context", CZ_COMP_CONTEXT },
	[CZ_SIG_OUTCOME] = { "outcome", CZ_COMP_OUTCOME },
	[CZ_SIG_TRADEOFF] = { "tradeoff", CZ_COMP_TRADEOFFS },
	[CZ_SIG_STOP_CONDITION] = { "stop_condition", CZ_COMP_TRADEOFFS },
	[CZ_SIG_DECISION_RIGHTS] = { "decision_rights", CZ_COMP_COMMITMENT },
	[CZ_SIG_DECISION] = { "decision", CZ_COMP_OUTCOME },
	[CZ_SIG_COMMITMENT] = { "commitment", CZ_COMP_COMMITMENT },
	[CZ_SIG_EARLY_WARNING] = { "early_warning", CZ_COMP_EARLY_WARNING },
	[CZ_SIG_CREDIT] = { "credit", CZ_COMP_CREDIT },
	[CZ_SIG_VAGUE_AGREEMENT] = { "vague_agreement", -1 },
	[CZ_SIG_SELECTIVE_INFORMATION] = { "selective_information", CZ_COMP_INTEGRITY },
	[CZ_SIG_LOYALTY_TEST] = { "loyalty_test", CZ_COMP_INTEGRITY },
	[CZ_SIG_GOSSIP] = { "gossip", CZ_COMP_INTEGRITY },
	[CZ_SIG_LATE_RECRUITMENT] = { "late_recruitment", CZ_COMP_INTEGRITY },
	[CZ_SIG_BRIEF_OUTCOME] = { "brief.outcome", -1 },
	[CZ_SIG_BRIEF_WHY_NOW] = { "brief.why_now", -1 },
	[CZ_SIG_BRIEF_CORE_TRADEOFF] = { "brief.core_tradeoff", -1 },
	[CZ_SIG_BRIEF_REQUIRED_PARTIES] = { "brief.required_parties", -1 },
	[CZ_SIG_BRIEF_THEIR_INTERESTS] = { "brief.their_interests", -1 },
	[CZ_SIG_BRIEF_MUTUAL_COMMITMENTS] = { "brief.mutual_commitments", -1 },
	[CZ_SIG_BRIEF_DECISION_RIGHTS] = { "brief.decision_rights", -1 },
	[CZ_SIG_BRIEF_COMMUNICATION_PATH] = { "brief.communication_path", -1 },
	[CZ_SIG_BRIEF_CREDIT_ACCOUNTABILITY] = { "brief.credit_accountability", -1 },
	[CZ_SIG_BRIEF_ETHICAL_GUARDRAILS] = { "brief.ethical_guardrails", -1 },
};

static const char *const components[CZ_COMP_N] = {
	"context", "outcome", "tradeoffs", "commitment", "early_warning", "credit", "integrity",
};

const char *cz_signal_name(cz_signal s)
{
	return (unsigned)s < CZ_SIG_N ? signals[s].name : "?";
}

int cz_signal_find(const char *name)
{
	for (int i = 0; i < CZ_SIG_N; i++)
		if (!strcmp(signals[i].name, name))
			return i;
	return -1;
}

bool cz_signal_is_red_flag(cz_signal s)
{
	return s >= CZ_SIG_SELECTIVE_INFORMATION && s <= CZ_SIG_LATE_RECRUITMENT;
}

bool cz_signal_is_brief(cz_signal s)
{
	return s >= CZ_SIG_BRIEF_OUTCOME && s <= CZ_SIG_BRIEF_ETHICAL_GUARDRAILS;
}

const char *cz_component_name(cz_component c)
{
	return (unsigned)c < CZ_COMP_N ? components[c] : "?";
}

int cz_signal_component(cz_signal s)
{
	return (unsigned)s < CZ_SIG_N ? signals[s].feeds : -1;
}

void cz_score_cfg_defaults(cz_score_cfg *cfg)
{
	static const double weight[CZ_COMP_N] = { 0.5, 1, 1.5, 1.5, 0.5, 0.75, 2 };
	static const double half[CZ_COMP_N] = { 0.4, 0.5, 0.25, 0.5, 0.25, 0.25, 0.25 };

	memset(cfg, 0, sizeof(*cfg));
	memcpy(cfg->weight, weight, sizeof(weight));
	memcpy(cfg->half, half, sizeof(half));
	cfg->note_cap = 2;
	cfg->parties_share = 0.3;
	cfg->late_weight = 1;
	cfg->green = 70;
	cfg->amber = 40;
	cfg->confidence_half = 3;
	cfg->meeting_evidence = 0.25;
	cfg->late_after_days = 30;
}

double cz_score_saturate(double density, double half)
{
	if (half <= 0 || density <= 0)
		return 0;
	return 100.0 * (1.0 - exp2(-density / half));
}

static double round0(double x)
{
	return floor(x + 0.5);
}

void cz_score_period(const cz_score_cfg *cfg, const cz_score_in *in, cz_score_out *out)
{
	double units = in->notes > 0 ? (double)in->notes : 1.0;
	double wsum = 0, hsum = 0, e;
	long total = 0;

	memset(out, 0, sizeof(*out));
	for (int s = 0; s < CZ_SIG_N; s++) {
		int c = signals[s].feeds;
		total += in->hits[s];
		if (cz_signal_is_red_flag((cz_signal)s))
			out->red_flags += in->hits[s];
		if (c < 0)
			continue;
		out->density[c] += in->capped[s] / units;
		out->evidence[c] += in->hits[s];
	}
	out->red_flags += in->late_recruits;
	out->density[CZ_COMP_INTEGRITY] += cfg->late_weight * (double)in->late_recruits / units;
	out->mood = (in->hits[CZ_SIG_VAGUE_AGREEMENT] + in->hits[CZ_SIG_DECISION]) > 0 &&
		    in->hits[CZ_SIG_TRADEOFF] == 0 && in->hits[CZ_SIG_STOP_CONDITION] == 0;
	out->known = in->notes > 0 && total > 0;
	if (!out->known) {
		out->status = "unknown";
		return;
	}
	for (int c = 0; c < CZ_COMP_N; c++) {
		double v;
		if (c == CZ_COMP_INTEGRITY)
			v = 100.0 - cz_score_saturate(out->density[c], cfg->half[c]);
		else
			v = cz_score_saturate(out->density[c], cfg->half[c]);
		if (c == CZ_COMP_COMMITMENT && in->calendar && in->required > 0) {
			out->presence = (double)in->required_seen / (double)in->required;
			v = (1.0 - cfg->parties_share) * v + cfg->parties_share * 100.0 * out->presence;
		}
		out->comp[c] = round0(v);
		wsum += cfg->weight[c];
		hsum += cfg->weight[c] * out->comp[c];
	}
	out->health = wsum > 0 ? round0(hsum / wsum) : 0;
	out->status = out->health >= cfg->green ? "green"
		    : out->health >= cfg->amber ? "amber" : "red";
	e = (double)in->notes + cfg->meeting_evidence * (double)in->meetings;
	out->confidence = floor(100.0 * e / (e + cfg->confidence_half) + 0.5) / 100.0;
}

/* ---- the `scoring:` section ---------------------------------------- */

static cz_rc bad(cz_err *err, const char *file, const cz_ynode *n, const char *what,
		 const char *key)
{
	return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: %s 'scoring.%s'", file, n->line, n->col,
			  what, key);
}

/* A number within [lo, hi] into *out. */
static cz_rc number(const cz_ynode *v, const char *file, const char *key, double lo,
		    double hi, double *out, cz_err *err)
{
	double d;

	if (v->kind != CZ_Y_SCALAR || cz_ynode_double(v, &d, NULL) || !isfinite(d))
		return bad(err, file, v, "a number is needed for", key);
	if (d < lo || d > hi) {
		return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: 'scoring.%s' must be between %g "
				  "and %g, not %g", file, v->line, v->col, key, lo, hi, d);
	}
	*out = d;
	return CZ_OK;
}

/* weights: / half: a mapping from component names to numbers. */
static cz_rc per_component(const cz_ynode *map, const char *file, const char *key,
			   double lo, double *vals, cz_err *err)
{
	if (map->kind != CZ_Y_MAP)
		return bad(err, file, map, "a mapping of component names is needed for", key);
	for (size_t i = 0; i < map->n; i += 2) {
		const cz_ynode *k = map->items[i];
		char full[96];
		int c;
		cz_rc rc;

		for (c = 0; c < CZ_COMP_N; c++)
			if (k->kind == CZ_Y_SCALAR && !strcmp(k->str, components[c]))
				break;
		snprintf(full, sizeof(full), "%s.%.40s", key, k->str ? k->str : "?");
		if (c == CZ_COMP_N)
			return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: unknown key 'scoring.%s' "
					  "(components: context, outcome, tradeoffs, commitment, "
					  "early_warning, credit, integrity)", file, k->line, k->col,
					  full);
		rc = number(map->items[i + 1], file, full, lo, 1e6, &vals[c], err);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

cz_rc cz_score_cfg_load(cz_score_cfg *cfg, const cz_ynode *node, const char *file,
			cz_err *err)
{
	static const struct {
		const char *key;
		size_t off;
		double lo, hi;
	} scalars[] = {
		{ "note_cap", offsetof(cz_score_cfg, note_cap), 0.01, 1e6 },
		{ "parties_share", offsetof(cz_score_cfg, parties_share), 0, 1 },
		{ "late_weight", offsetof(cz_score_cfg, late_weight), 0, 1e6 },
		{ "green", offsetof(cz_score_cfg, green), 0, 100 },
		{ "amber", offsetof(cz_score_cfg, amber), 0, 100 },
		{ "confidence_half", offsetof(cz_score_cfg, confidence_half), 0.01, 1e6 },
		{ "meeting_evidence", offsetof(cz_score_cfg, meeting_evidence), 0, 1e6 },
	};
	cz_score_cfg c = *cfg;
	double wsum = 0;

	if (!node || cz_ynode_is_null(node))
		return CZ_OK;
	if (node->kind != CZ_Y_MAP)
		return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: 'scoring' must be a mapping", file,
				  node->line, node->col);
	for (size_t i = 0; i < node->n; i += 2) {
		const cz_ynode *k = node->items[i], *v = node->items[i + 1];
		const char *key = k->kind == CZ_Y_SCALAR ? k->str : "?";
		size_t j, n = sizeof(scalars) / sizeof(scalars[0]);
		cz_rc rc = CZ_OK;

		for (j = 0; j < n && strcmp(key, scalars[j].key); j++)
			;
		if (j < n) {
			rc = number(v, file, key, scalars[j].lo, scalars[j].hi,
				    (double *)(void *)((char *)&c + scalars[j].off), err);
		} else if (!strcmp(key, "weights")) {
			rc = per_component(v, file, key, 0, c.weight, err);
		} else if (!strcmp(key, "half")) {
			rc = per_component(v, file, key, 0.001, c.half, err);
		} else if (!strcmp(key, "late_after_days")) {
			double days = 0;
			rc = number(v, file, key, 0, 3650, &days, err);
			if (!rc && days != floor(days))
				rc = bad(err, file, v, "a whole number of days is needed for", key);
			if (!rc)
				c.late_after_days = (long)days;
		} else {
			return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: unknown key 'scoring.%.60s' "
					  "(known: weights, half, note_cap, parties_share, "
					  "late_weight, late_after_days, green, amber, "
					  "confidence_half, meeting_evidence; see docs/scoring.md)",
					  file, k->line, k->col, key);
		}
		if (rc)
			return rc;
	}
	for (int i = 0; i < CZ_COMP_N; i++)
		wsum += c.weight[i];
	if (wsum <= 0)
		return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: 'scoring.weights' must give at "
				  "least one component a weight above zero", file, node->line,
				  node->col);
	if (c.amber > c.green)
		return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: 'scoring.amber' (%g) must not be "
				  "above 'scoring.green' (%g)", file, node->line, node->col,
				  c.amber, c.green);
	*cfg = c;
	return CZ_OK;
}

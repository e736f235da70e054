/*
 * test_score.c - the health model: each component, saturation, status,
 * confidence, mood, integrity and the `scoring:` config section.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/config.h"
#include "coalesce/score.h"

static cz_score_cfg defaults(void)
{
	cz_score_cfg c;

	cz_score_cfg_defaults(&c);
	return c;
}

/* n notes, and `hits` counted hits of signal s of weight 1 spread one per note. */
static void add(cz_score_in *in, cz_signal s, long hits, double capped)
{
	in->hits[s] += hits;
	in->capped[s] += capped;
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(cz_signal_find("stop_condition"), CZ_SIG_STOP_CONDITION);
	assert_int_equal(cz_signal_find("brief.why_now"), CZ_SIG_BRIEF_WHY_NOW);
	assert_int_equal(cz_signal_find("nope"), -1);
	assert_string_equal(cz_component_name(CZ_COMP_EARLY_WARNING), "early_warning");
	assert_int_equal(cz_signal_component(CZ_SIG_STOP_CONDITION), CZ_COMP_TRADEOFFS);
	assert_int_equal(cz_signal_component(CZ_SIG_DECISION), CZ_COMP_OUTCOME);
	assert_int_equal(cz_signal_component(CZ_SIG_DECISION_RIGHTS), CZ_COMP_COMMITMENT);
	assert_int_equal(cz_signal_component(CZ_SIG_VAGUE_AGREEMENT), -1);
	assert_true(cz_signal_is_red_flag(CZ_SIG_GOSSIP));
	assert_false(cz_signal_is_red_flag(CZ_SIG_CREDIT));
	assert_true(cz_signal_is_brief(CZ_SIG_BRIEF_ETHICAL_GUARDRAILS));
	for (int s = 0; s < CZ_SIG_N; s++)
		assert_int_equal(cz_signal_find(cz_signal_name((cz_signal)s)), s);
}

static void test_saturation_curve(void **state)
{
	(void)state;
	assert_true(cz_score_saturate(0, 0.5) == 0);
	assert_true(cz_score_saturate(0.5, 0.5) > 49.99 && cz_score_saturate(0.5, 0.5) < 50.01);
	assert_true(cz_score_saturate(1.0, 0.5) > 74.99 && cz_score_saturate(1.0, 0.5) < 75.01);
	assert_true(cz_score_saturate(1000, 0.5) <= 100);
	assert_true(cz_score_saturate(1, 0) == 0);
}

/* Each positive component moves with its own signals only. */
static void test_each_component(void **state)
{
	static const struct { cz_signal s; cz_component c; } map[] = {
		{ CZ_SIG_CONTEXT, CZ_COMP_CONTEXT },
		{ CZ_SIG_OUTCOME, CZ_COMP_OUTCOME },
		{ CZ_SIG_DECISION, CZ_COMP_OUTCOME },
		{ CZ_SIG_TRADEOFF, CZ_COMP_TRADEOFFS },
		{ CZ_SIG_STOP_CONDITION, CZ_COMP_TRADEOFFS },
		{ CZ_SIG_COMMITMENT, CZ_COMP_COMMITMENT },
		{ CZ_SIG_DECISION_RIGHTS, CZ_COMP_COMMITMENT },
		{ CZ_SIG_EARLY_WARNING, CZ_COMP_EARLY_WARNING },
		{ CZ_SIG_CREDIT, CZ_COMP_CREDIT },
	};
	cz_score_cfg cfg = defaults();

	(void)state;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		cz_score_in in;
		cz_score_out out;
		memset(&in, 0, sizeof(in));
		in.notes = 2;
		add(&in, map[i].s, 2, 2.0);
		cz_score_period(&cfg, &in, &out);
		assert_true(out.known);
		for (int c = 0; c < CZ_COMP_N; c++) {
			if (c == (int)map[i].c)
				assert_true(out.comp[c] > 0);
			else if (c == CZ_COMP_INTEGRITY)
				assert_true(out.comp[c] == 100);
			else
				assert_true(out.comp[c] == 0);
		}
		assert_int_equal(out.evidence[map[i].c], 2);
		/* density 1 per note against its half gives the curve's value */
		assert_true(out.comp[map[i].c] ==
			    (double)(long)(cz_score_saturate(1.0, cfg.half[map[i].c]) + 0.5));
	}
}

/* Repeating a phrase cannot max a component: the per-note cap bounds it,
 * and more notes without the signal dilute it. */
static void test_saturation_and_volume(void **state)
{
	cz_score_cfg cfg = defaults();
	cz_score_in in;
	cz_score_out one, many;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.notes = 10;
	add(&in, CZ_SIG_CONTEXT, 40, cfg.note_cap); /* 40 hits in one note, capped */
	add(&in, CZ_SIG_OUTCOME, 1, 1);
	cz_score_period(&cfg, &in, &one);
	assert_true(one.comp[CZ_COMP_CONTEXT] < 50);
	/* The same evidence in a period with twice the notes scores lower. */
	in.notes = 20;
	cz_score_period(&cfg, &in, &many);
	assert_true(many.comp[CZ_COMP_CONTEXT] < one.comp[CZ_COMP_CONTEXT]);
	assert_true(many.health <= one.health);
}

static void test_unknown_without_evidence(void **state)
{
	cz_score_cfg cfg = defaults();
	cz_score_in in;
	cz_score_out out;

	(void)state;
	memset(&in, 0, sizeof(in));
	cz_score_period(&cfg, &in, &out);
	assert_false(out.known);
	assert_string_equal(out.status, "unknown");
	assert_true(out.confidence == 0);
	/* Notes without a single counted hit are no evidence either. */
	in.notes = 3;
	in.meetings = 4;
	cz_score_period(&cfg, &in, &out);
	assert_string_equal(out.status, "unknown");
	/* Meetings and hits without notes: hits need notes, still unknown. */
	in.notes = 0;
	add(&in, CZ_SIG_CONTEXT, 1, 1);
	cz_score_period(&cfg, &in, &out);
	assert_string_equal(out.status, "unknown");
}

static void test_status_thresholds(void **state)
{
	cz_score_cfg cfg = defaults();
	cz_score_in in;
	cz_score_out out;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.notes = 1;
	for (int s = CZ_SIG_CONTEXT; s <= CZ_SIG_CREDIT; s++)
		add(&in, (cz_signal)s, 2, 2);
	cz_score_period(&cfg, &in, &out);
	assert_string_equal(out.status, "green");
	assert_true(out.health >= 70);
	cfg.green = out.health + 1;
	cz_score_period(&cfg, &in, &out);
	assert_string_equal(out.status, "amber");
	cfg.amber = out.health + 1;
	cz_score_period(&cfg, &in, &out);
	assert_string_equal(out.status, "red");
	/* Health is the weighted mean of the rounded components. */
	{
		double w = 0, h = 0;
		for (int c = 0; c < CZ_COMP_N; c++) {
			w += cfg.weight[c];
			h += cfg.weight[c] * out.comp[c];
		}
		assert_true(out.health == (double)(long)(h / w + 0.5));
	}
}

static void test_confidence_grows(void **state)
{
	cz_score_cfg cfg = defaults();
	cz_score_in in;
	cz_score_out out;
	double last = 0;

	(void)state;
	memset(&in, 0, sizeof(in));
	add(&in, CZ_SIG_CONTEXT, 1, 1);
	for (long n = 1; n <= 30; n++) {
		in.notes = n;
		cz_score_period(&cfg, &in, &out);
		assert_true(out.confidence >= last);
		if (n <= 10)
			assert_true(out.confidence > last);
		assert_true(out.confidence <= 1.0);
		if (n == 1)
			assert_true(out.confidence < 0.3);
		if (n == 3)
			assert_true(out.confidence == 0.5);
		last = out.confidence;
	}
	assert_true(last > 0.85);
	/* Meetings add a little. */
	in.notes = 1;
	cz_score_period(&cfg, &in, &out);
	last = out.confidence;
	in.meetings = 4;
	cz_score_period(&cfg, &in, &out);
	assert_true(out.confidence > last);
}

static void test_mood(void **state)
{
	cz_score_cfg cfg = defaults();
	cz_score_in in;
	cz_score_out out;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.notes = 2;
	add(&in, CZ_SIG_VAGUE_AGREEMENT, 3, 3);
	cz_score_period(&cfg, &in, &out);
	assert_true(out.mood);
	assert_true(out.known); /* vague agreement is evidence, of mood */
	memset(&in, 0, sizeof(in));
	in.notes = 2;
	add(&in, CZ_SIG_DECISION, 1, 1);
	cz_score_period(&cfg, &in, &out);
	assert_true(out.mood);
	add(&in, CZ_SIG_STOP_CONDITION, 1, 1);
	cz_score_period(&cfg, &in, &out);
	assert_false(out.mood);
	memset(&in, 0, sizeof(in));
	in.notes = 2;
	add(&in, CZ_SIG_VAGUE_AGREEMENT, 1, 1);
	add(&in, CZ_SIG_TRADEOFF, 1, 1);
	cz_score_period(&cfg, &in, &out);
	assert_false(out.mood);
	memset(&in, 0, sizeof(in));
	in.notes = 2;
	add(&in, CZ_SIG_CONTEXT, 1, 1);
	cz_score_period(&cfg, &in, &out);
	assert_false(out.mood); /* no agreement at all */
}

static void test_integrity_and_late_recruits(void **state)
{
	cz_score_cfg cfg = defaults();
	cz_score_in in;
	cz_score_out clean, flagged, late;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.notes = 4;
	add(&in, CZ_SIG_CONTEXT, 2, 2);
	cz_score_period(&cfg, &in, &clean);
	assert_true(clean.comp[CZ_COMP_INTEGRITY] == 100);
	assert_int_equal(clean.red_flags, 0);
	add(&in, CZ_SIG_GOSSIP, 1, 1); /* density 0.25 = half: integrity 50 */
	cz_score_period(&cfg, &in, &flagged);
	assert_true(flagged.comp[CZ_COMP_INTEGRITY] == 50);
	assert_int_equal(flagged.red_flags, 1);
	assert_true(flagged.health < clean.health);
	in.late_recruits = 1; /* one more red unit from the calendar: 25 */
	cz_score_period(&cfg, &in, &late);
	assert_true(late.comp[CZ_COMP_INTEGRITY] == 25);
	assert_int_equal(late.red_flags, 2);
	cfg.late_weight = 0;
	cz_score_period(&cfg, &in, &late);
	assert_true(late.comp[CZ_COMP_INTEGRITY] == 50);
}

static void test_required_parties_in_commitment(void **state)
{
	cz_score_cfg cfg = defaults();
	cz_score_in in;
	cz_score_out none, half, all;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.notes = 2;
	add(&in, CZ_SIG_COMMITMENT, 2, 2);
	cz_score_period(&cfg, &in, &none); /* no calendar: text only */
	in.calendar = true;
	in.required = 4;
	in.required_seen = 2;
	cz_score_period(&cfg, &in, &half);
	in.required_seen = 4;
	cz_score_period(&cfg, &in, &all);
	assert_true(all.comp[CZ_COMP_COMMITMENT] > half.comp[CZ_COMP_COMMITMENT]);
	assert_true(half.presence == 0.5 && all.presence == 1.0);
	{
		double text = cz_score_saturate(1.0, cfg.half[CZ_COMP_COMMITMENT]);
		double want = 0.7 * text + 0.3 * 50.0;
		assert_true(half.comp[CZ_COMP_COMMITMENT] == (double)(long)(want + 0.5));
		assert_true(none.comp[CZ_COMP_COMMITMENT] == (double)(long)(text + 0.5));
	}
}

/* The worked example of docs/scoring.md, number by number. */
static void test_worked_example(void **state)
{
	cz_score_cfg cfg = defaults();
	cz_score_in in;
	cz_score_out out;
	static const double want[CZ_COMP_N] = { 58, 29, 75, 55, 0, 50, 50 };

	(void)state;
	memset(&in, 0, sizeof(in));
	in.notes = 4;
	in.meetings = 2;
	in.calendar = true;
	in.required = 3;
	in.required_seen = 2;
	add(&in, CZ_SIG_CONTEXT, 2, 2);
	add(&in, CZ_SIG_DECISION, 1, 1);
	add(&in, CZ_SIG_TRADEOFF, 1, 1);
	add(&in, CZ_SIG_STOP_CONDITION, 1, 1);
	add(&in, CZ_SIG_COMMITMENT, 3, 2); /* one note, capped at note_cap */
	add(&in, CZ_SIG_CREDIT, 1, 1);
	add(&in, CZ_SIG_GOSSIP, 1, 1);
	cz_score_period(&cfg, &in, &out);
	for (int c = 0; c < CZ_COMP_N; c++)
		assert_true(out.comp[c] == want[c]);
	assert_true(out.health == 50);
	assert_string_equal(out.status, "amber");
	assert_true(out.confidence == 0.6);
	assert_false(out.mood);
}

static cz_rc load(const char *yaml, cz_score_cfg *out, cz_err *err)
{
	cz_config cfg;
	cz_rc rc;

	cz_config_init(&cfg);
	cz_score_cfg_defaults(out);
	rc = cz_config_load_text(&cfg, "c.yml", yaml, strlen(yaml), err);
	if (!rc)
		rc = cz_score_cfg_load(out, cz_config_section(&cfg, "scoring"), "c.yml", err);
	cz_config_release(&cfg);
	return rc;
}

static void test_config(void **state)
{
	cz_score_cfg c;
	cz_err err = { CZ_OK, "" };

	(void)state;
	assert_int_equal(load("scoring:\n  green: 80\n  amber: 50\n  late_after_days: 45\n"
			      "  weights:\n    integrity: 3\n    credit: 0\n"
			      "  half:\n    context: 1.5\n  note_cap: 1\n", &c, &err), CZ_OK);
	assert_true(c.green == 80 && c.amber == 50);
	assert_int_equal(c.late_after_days, 45);
	assert_true(c.weight[CZ_COMP_INTEGRITY] == 3 && c.weight[CZ_COMP_CREDIT] == 0);
	assert_true(c.half[CZ_COMP_CONTEXT] == 1.5 && c.note_cap == 1);
	assert_int_equal(load("db: x.db\n", &c, &err), CZ_OK);
	assert_true(c.green == 70);

	assert_int_equal(load("scoring:\n  gren: 80\n", &c, &err), CZ_EDATA);
	assert_string_equal(strstr(err.msg, "c.yml:2:3: unknown key 'scoring.gren'") ? "y" : err.msg, "y");
	assert_int_equal(load("scoring:\n  weights:\n    vibes: 2\n", &c, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "c.yml:3:5: unknown key 'scoring.weights.vibes'"));
	assert_int_equal(load("scoring:\n  green: 120\n", &c, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "c.yml:2:10: 'scoring.green' must be between 0 and 100"));
	assert_int_equal(load("scoring:\n  amber: lots\n", &c, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "c.yml:2:10: a number is needed for 'scoring.amber'"));
	assert_int_equal(load("scoring:\n  late_after_days: 2.5\n", &c, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "c.yml:2:20:"));
	assert_int_equal(load("scoring:\n  green: 30\n  amber: 50\n", &c, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "must not be above"));
	assert_int_equal(load("scoring: [1, 2]\n", &c, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "c.yml:1:10: 'scoring' must be a mapping"));
	assert_int_equal(load("scoring:\n  half:\n    context: 0\n", &c, &err), CZ_EDATA);
	assert_int_equal(load("scoring:\n  weights:\n    context: 0\n    outcome: 0\n"
			      "    tradeoffs: 0\n    commitment: 0\n    early_warning: 0\n"
			      "    credit: 0\n    integrity: 0\n", &c, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "above zero"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_saturation_curve),
		cmocka_unit_test(test_each_component),
		cmocka_unit_test(test_saturation_and_volume),
		cmocka_unit_test(test_unknown_without_evidence),
		cmocka_unit_test(test_status_thresholds),
		cmocka_unit_test(test_confidence_grows),
		cmocka_unit_test(test_mood),
		cmocka_unit_test(test_integrity_and_late_recruits),
		cmocka_unit_test(test_required_parties_in_commitment),
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_match.c - the rule engine over small notes: scopes, require,
 * unless (and its memo across rules), section, ignore comments,
 * max_per_note, min_count, speakers,
 * named groups, excerpts, and the regex limits (including a 1 MB
 * adversarial note against a catastrophic pattern).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "coalesce/match.h"

#define RULE(scope) \
	"version: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: " scope "\n"

typedef struct got {
	size_t n;
	cz_hit hits[64];
	char speaker[64][32];
	char excerpt[64][128];
	char group0[64][16]; /* the first group's name (the rule is freed after eval) */
} got;

static cz_rc collect(void *ctx, const cz_seg *seg, const cz_hit *h, cz_err *err)
{
	got *g = ctx;

	(void)err;
	if (g->n < 64) {
		g->hits[g->n] = *h;
		snprintf(g->speaker[g->n], sizeof(g->speaker[0]), "%.*s", (int)h->speaker_len,
			 seg->text + h->speaker);
		cz_hit_excerpt(seg->text, h, g->excerpt[g->n], 100);
		snprintf(g->group0[g->n], sizeof(g->group0[0]), "%s",
			 h->n_groups ? h->groups[0].name : "");
	}
	g->n++;
	return CZ_OK;
}

/* Evaluate one rule (YAML) over text; body is where the content starts. */
static void eval_at(const char *yaml, const char *text, size_t body, got *g)
{
	cz_ruleset rs;
	cz_rule *r;
	cz_matcher *m;
	cz_err err = { CZ_OK, "" };

	memset(g, 0, sizeof(*g));
	cz_ruleset_init(&rs);
	if (cz_rule_parse(&r, "t/r.yml", "t", "r", yaml, strlen(yaml), &err))
		fail_msg("rule: %s", err.msg);
	assert_int_equal(cz_ruleset_add(&rs, r, &err), CZ_OK);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(cz_matcher_new(&m, &rs, NULL, &err), CZ_OK);
	assert_int_equal(cz_matcher_note(m, text, strlen(text), body, NULL, collect, g, &err),
			 CZ_OK);
	cz_matcher_free(m);
	cz_ruleset_release(&rs);
}

static void eval(const char *yaml, const char *text, got *g)
{
	eval_at(yaml, text, 0, g);
}

static void test_scopes(void **state)
{
	const char *text =
		"We agree on the date. The owner is RA.\n"
		"\n"
		"- agree on scope\n"
		"  owner: Dana\n";
	got g;

	(void)state;
	/* sentence: "agree" and "owner" co-occur in no sentence of the prose */
	eval(RULE("sentence") "match:\n  - '\\bagree\\b'\nrequire:\n  - re: '\\bowner\\b'\n",
	     text, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].line, 3);
	/* paragraph: both are in the first paragraph */
	eval(RULE("paragraph") "match:\n  - '\\bagree\\b'\nrequire:\n  - re: '\\bowner\\b'\n",
	     text, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.hits[0].line, 1);
	assert_int_equal(g.hits[0].col, 4);
	/* line: the list item's owner is on the next line */
	eval(RULE("line") "match:\n  - '\\bagree\\b'\nrequire:\n  - re: '\\bowner\\b'\n",
	     text, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].line, 1);
	/* item: the wrapped list item is one unit, matched across its line break */
	eval(RULE("item") "match:\n  - 'scope\\s+owner'\n", text, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].line, 3);
	/* note: one unit */
	eval(RULE("note") "match:\n  - '\\bagree\\b'\nrequire:\n  - re: 'Dana'\n", text, &g);
	assert_int_equal(g.n, 2);
	/* anchors work at unit starts (sentence 2 starts mid-line) */
	eval(RULE("sentence") "match:\n  - '^the owner'\n", text, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].col, 23);
}

static void test_require_windows(void **state)
{
	const char *rule = RULE("sentence")
		"match:\n  - '\\bstop\\b'\n"
		"require:\n  - re: '\\bif\\b'\n    in: before\n    chars: 20\n"
		"  - re: '\\d+%'\n    in: after\n    chars: 30\n";
	got g;

	(void)state;
	eval(rule, "If churn passes 5% we stop the rollout at 10% of users.\n", &g);
	assert_int_equal(g.n, 0); /* "if" is more than 20 characters before */
	eval(rule, "If churn rises we stop the rollout at 10% of users.\n", &g);
	assert_int_equal(g.n, 1);
	eval(rule, "If churn rises we stop the rollout, as planned long ago, at 10%.\n", &g);
	assert_int_equal(g.n, 0); /* the figure is too far after */
}

static void test_unless(void **state)
{
	const char *rule = RULE("sentence")
		"match:\n  - '\\bbetween us\\b'\n"
		"unless:\n  - re: 'legal team'\n    in: after\n    chars: 30\n"
		"  - re: '\\bconfidential\\b'\n    in: note\n";
	got g;

	(void)state;
	eval(rule, "Keep this between us and the legal team reviewing it.\n", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].status, CZ_HIT_EXCEPTED);
	assert_int_equal(g.hits[0].unless, 0);
	eval(rule, "Between us, finance will never sign.\n", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].status, CZ_HIT_COUNTED);
	assert_int_equal(g.hits[0].unless, CZ_UNLESS_NONE);
	eval(rule, "Between us, finance will never sign.\n\nThis is confidential.\n", &g);
	assert_int_equal(g.hits[0].status, CZ_HIT_EXCEPTED);
	assert_int_equal(g.hits[0].unless, 1);
}

/*
 * Rules sharing a condition: the second asks the note's memo, and gets the
 * answer the search would give; the same text under another case flag is
 * another condition (sharing it would count r3's first hit).
 */
static void test_condition_memo(void **state)
{
	static const char *const yaml[] = {
		RULE("sentence") "caseless: false\nmatch:\n  - '\\bagree\\b'\n"
				 "unless:\n  - re: '\\bnot\\b'\n",
		RULE("sentence") "caseless: false\nmatch:\n  - '\\bdecided\\b'\n"
				 "unless:\n  - re: '\\bnot\\b'\n",
		RULE("sentence") "match:\n  - '\\bagree\\b'\nunless:\n  - re: '\\bnot\\b'\n",
	};
	static const char *const ids[] = { "r1", "r2", "r3" };
	static const cz_hit_status want[] = {
		CZ_HIT_COUNTED, CZ_HIT_EXCEPTED, /* r1: agree in sentences 1, 2 */
		CZ_HIT_COUNTED, CZ_HIT_EXCEPTED, /* r2: decided */
		CZ_HIT_EXCEPTED, CZ_HIT_EXCEPTED, /* r3 (caseless, the default): NOT */
	};
	const char *text = "We agree, NOT decided.\nWe do not agree and not decided.\n";
	cz_ruleset rs;
	cz_matcher *m;
	cz_matcher_memo_stats ms;
	cz_err err = { CZ_OK, "" };
	got g;

	(void)state;
	memset(&g, 0, sizeof(g));
	cz_ruleset_init(&rs);
	for (size_t i = 0; i < 3; i++) {
		cz_rule *r;
		char path[16];
		snprintf(path, sizeof(path), "t/%s.yml", ids[i]);
		if (cz_rule_parse(&r, path, "t", ids[i], yaml[i], strlen(yaml[i]), &err))
			fail_msg("rule %s: %s", ids[i], err.msg);
		assert_int_equal(cz_ruleset_add(&rs, r, &err), CZ_OK);
	}
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(cz_matcher_new(&m, &rs, NULL, &err), CZ_OK);
	/* twice: the second note must not see the first one's answers */
	for (int note = 0; note < 2; note++) {
		g.n = 0;
		assert_int_equal(cz_matcher_note(m, text, strlen(text), 0, NULL, collect, &g, &err),
				 CZ_OK);
		assert_int_equal(g.n, 6);
		for (size_t i = 0; i < 6; i++) {
			assert_string_equal(g.hits[i].rule->id, rs.rules[i / 2]->id);
			assert_int_equal(g.hits[i].line, 1 + i % 2);
			assert_int_equal(g.hits[i].status, want[i]);
		}
	}
	ms = cz_matcher_memo(m);
	assert_int_equal(ms.asked, 12);
	assert_int_equal(ms.answered, 4); /* r2's two windows, per note */
	cz_matcher_free(m);
	cz_ruleset_release(&rs);
}

static void test_section(void **state)
{
	const char *rule = RULE("item") "section: '^decisions?$'\nmatch:\n  - '\\bship\\b'\n";
	const char *text =
		"- ship it? (no heading yet)\n"
		"## Decisions\n"
		"- ship wave 2\n"
		"### Billing\n"
		"- ship the ledger\n"
		"## Discussion\n"
		"- ship later?\n";
	got g;

	(void)state;
	eval(rule, text, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.hits[0].line, 3);
	assert_int_equal(g.hits[1].line, 5); /* under ### Billing, inside ## Decisions */
}

/*
 * The section gate (a unit is searched only when a heading enclosing it
 * matches): nested headings, a matching heading deeper than a failing one,
 * bold headings, text before every heading, and every scope agreeing.
 */
static void test_section_gate(void **state)
{
	const char *text =
		"- ship before any heading\n"       /* 1 */
		"# Project\n"                       /* 2 */
		"- ship under Project\n"            /* 3 */
		"## Decisions\n"                    /* 4 */
		"- ship a\n"                        /* 5 */
		"### Billing\n"                     /* 6 */
		"#### Detail\n"                     /* 7 */
		"- ship four levels down\n"         /* 8 */
		"## Notes\n"                        /* 9 */
		"- ship in Notes\n"                 /* 10 */
		"### Decision\n"                    /* 11: matched deeper, under Notes */
		"- ship b\n"                        /* 12 */
		"**Open items**\n"                  /* 13: level 7, under ### Decision */
		"- ship c\n"                        /* 14 */
		"# Other\n"                         /* 15 */
		"- ship elsewhere\n";               /* 16 */
	static const char *const scopes[] = { "line", "sentence", "item", "paragraph",
					      "section", "note" };
	static const size_t want[] = { 5, 8, 12, 14 };
	char yaml[256];
	got g;

	(void)state;
	for (size_t s = 0; s < sizeof(scopes) / sizeof(scopes[0]); s++) {
		snprintf(yaml, sizeof(yaml), RULE("%s") "section: '^decisions?$'\n"
			 "match:\n  - '\\bship\\b'\n", scopes[s]);
		eval(yaml, text, &g);
		if (g.n != 4)
			fail_msg("scope %s: %zu hits", scopes[s], g.n);
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(g.hits[i].line, want[i]);
	}
	/* An anchored pattern (no whole-body shortcut) through the same gate. */
	eval(RULE("item") "section: '^decisions?$'\nmatch:\n  - '^\\s*-\\s+\\S'\n", text, &g);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.hits[3].line, 14);
	/* No heading matches: nothing, whatever the bullets. */
	eval(RULE("item") "section: '^minutes$'\nmatch:\n  - '\\bship\\b'\n", text, &g);
	assert_int_equal(g.n, 0);
}

/* A heading on the body's first line, after front matter. */
static void test_section_first_line(void **state)
{
	const char *text = "---\ntitle: t\n---\n## Decisions\n- ship it\n";
	got g;

	(void)state;
	eval_at(RULE("line") "section: '^decisions$'\nmatch:\n  - '\\bship\\b'\n", text,
		strlen("---\ntitle: t\n---\n"), &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].line, 5);
}

/*
 * A section pattern that hits the match limit on a heading: the gate gives
 * no verdict there, and the hit-by-hit test reports the limit as before.
 */
static void test_section_limit(void **state)
{
	char text[256];
	got g;

	(void)state;
	snprintf(text, sizeof(text), "## Decisions\n- ship a\n## %s!\n- ship b\n",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	eval(RULE("item") "section: '^(?:decisions|(a+)+$)'\nmatch:\n  - '\\bship\\b'\n",
	     text, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.hits[0].status, CZ_HIT_COUNTED);
	assert_int_equal(g.hits[0].line, 2);
	assert_int_equal(g.hits[1].status, CZ_HIT_LIMIT);
	assert_int_equal(g.hits[1].line, 4);
}

static void test_ignore_comment(void **state)
{
	const char *text =
		"<!-- coalesce: ignore t.r -->\n"
		"Between us, it is fine.\n"
		"Between us, again.\n";
	got g;

	(void)state;
	eval(RULE("line") "match:\n  - '\\bbetween us\\b'\n", text, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.hits[0].status, CZ_HIT_EXCEPTED);
	assert_int_equal(g.hits[0].unless, CZ_UNLESS_COMMENT);
	assert_int_equal(g.hits[1].status, CZ_HIT_COUNTED);
}

static void test_caps_and_counts(void **state)
{
	got g;

	(void)state;
	eval(RULE("line") "max_per_note: 2\nmatch:\n  - '\\bthanks\\b'\n",
	     "thanks a\nthanks b\nthanks c\nthanks d\n", &g);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.hits[1].status, CZ_HIT_COUNTED);
	assert_int_equal(g.hits[2].status, CZ_HIT_CAPPED);
	assert_int_equal(g.hits[3].status, CZ_HIT_CAPPED);
	eval(RULE("paragraph") "min_count: 2\nmatch:\n  - '\\bgreat\\b'\n",
	     "Great.\n\nGreat, great.\n", &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.hits[0].line, 3);
	/* two patterns matching the same words give one hit */
	eval(RULE("line") "match:\n  - '\\bwe decided\\b'\n  - '\\bdecided to\\b'\n",
	     "we decided to go\n", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].pattern, 0);
	assert_true(g.hits[0].also & 2u);
}

static void test_speaker_groups_excerpt(void **state)
{
	got g;
	const char *text = "---\ntitle: owner RA and Kenji\n---\n"
			   "RA: the owner is (?) Dana, by Friday.\n"
			   "- Kenji: owner Priya\n";
	size_t body = strlen("---\ntitle: owner RA and Kenji\n---\n");

	(void)state;
	eval_at(RULE("sentence") "match:\n  - '\\bowner (?:is )?(?<who>\\p{L}+)'\n", text,
		body, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.speaker[0], "RA");
	assert_string_equal(g.speaker[1], "Kenji");
	assert_int_equal(g.hits[0].line, 4);
	assert_int_equal(g.hits[0].n_groups, 1);
	assert_string_equal(g.group0[0], "who");
	assert_memory_equal(text + g.hits[1].groups[0].start, "Priya", 5);
	assert_string_equal(g.excerpt[1], "- Kenji: owner Priya");
	/* caseless by default, and a rule can opt out */
	eval(RULE("line") "match:\n  - '\\bOWNER\\b'\n", "the owner\n", &g);
	assert_int_equal(g.n, 1);
	eval(RULE("line") "caseless: false\nmatch:\n  - '\\bOWNER\\b'\n", "the owner\n", &g);
	assert_int_equal(g.n, 0);
}

static void test_excerpt_bounded(void **state)
{
	char text[2000], out[64];
	cz_hit h;

	(void)state;
	/* 400 'é' (2 bytes each), then the match */
	for (size_t i = 0; i < 800; i += 2)
		memcpy(text + i, "\xC3\xA9", 2);
	memcpy(text + 800, " stop here", 11);
	memset(&h, 0, sizeof(h));
	h.unit_start = 0;
	h.unit_end = 810;
	h.start = 801;
	h.end = 805;
	cz_hit_excerpt(text, &h, out, 40);
	assert_true(strlen(out) <= 40 + 3);
	assert_memory_equal(out, "...", 3);
	assert_non_null(strstr(out, "stop"));
	h.start = 0;
	cz_hit_excerpt(text, &h, out, 41);
	assert_int_equal(strlen(out), 40 + 3); /* 20 whole 'é', no half character */
	assert_string_equal(out + 40, "...");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_limits(void **state)
{
	const char *yaml = RULE("line") "match:\n  - '(\\w+\\s?)+$'\n";
	size_t len = (size_t)1 << 20;
	char *text = malloc(len + 1);
	cz_ruleset rs;
	cz_rule *r;
	cz_matcher *m;
	cz_err err = { CZ_OK, "" };
	got *g = calloc(1, sizeof(*g));
	bool disabled;
	double t0;

	(void)state;
	assert_non_null(text);
	assert_non_null(g);
	/* 1 MB of lines of word characters ending in punctuation: the nested
	 * quantifier tries every way to split each line before failing. */
	for (size_t i = 0; i < len; i++)
		text[i] = (i % 1000 == 999) ? '\n' : (i % 1000 == 998) ? '!' : 'a';
	text[len] = '\0';
	cz_ruleset_init(&rs);
	assert_int_equal(cz_rule_parse(&r, "t/r.yml", "t", "r", yaml, strlen(yaml), &err), CZ_OK);
	assert_int_equal(cz_ruleset_add(&rs, r, &err), CZ_OK);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(cz_matcher_new(&m, &rs, NULL, &err), CZ_OK);
	t0 = now();
	for (int note = 0; note < 4; note++)
		assert_int_equal(cz_matcher_note(m, text, len, 0, NULL, collect, g, &err), CZ_OK);
	/* one limit hit per note, then the rule is disabled (after 3 notes) */
	assert_int_equal(g->n, 3);
	assert_int_equal(g->hits[0].status, CZ_HIT_LIMIT);
	assert_int_equal(g->hits[0].line, 1);
	assert_int_equal(cz_matcher_limits(m, 0, &disabled), 3);
	assert_true(disabled);
	print_message("catastrophic pattern, 4 x 1 MB notes: %.2f s\n", now() - t0);
	assert_true(now() - t0 < 20.0);
	cz_matcher_free(m);
	cz_ruleset_release(&rs);
	free(text);
	free(g);
}

static void test_bad_utf8(void **state)
{
	cz_ruleset rs;
	cz_matcher *m;
	cz_err err = { CZ_OK, "" };
	got g;

	(void)state;
	cz_ruleset_init(&rs);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(cz_matcher_new(&m, &rs, NULL, &err), CZ_OK);
	assert_int_equal(cz_matcher_note(m, "a\xC3", 2, 0, NULL, collect, &g, &err), CZ_EDATA);
	cz_matcher_free(m);
	cz_ruleset_release(&rs);
}

/* The whole-body shortcut is for patterns that cannot depend on edges. */
static void test_edge_free(void **state)
{
	(void)state;
	assert_true(cz_pattern_edge_free("\\bagreed\\s+to\\b"));
	assert_true(cz_pattern_edge_free("[$^]x"));
	assert_false(cz_pattern_edge_free("^Decision:"));
	assert_false(cz_pattern_edge_free("ship(?!\\s+nothing)"));
	assert_false(cz_pattern_edge_free("\\p{Lu}\\w+")); /* not modelled: assume the worst */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edge_free),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_require_windows),
		cmocka_unit_test(test_unless),
		cmocka_unit_test(test_condition_memo),
		cmocka_unit_test(test_section),
		cmocka_unit_test(test_section_gate),
		cmocka_unit_test(test_section_first_line),
		cmocka_unit_test(test_section_limit),
		cmocka_unit_test(test_ignore_comment),
		cmocka_unit_test(test_caps_and_counts),
		cmocka_unit_test(test_speaker_groups_excerpt),
		cmocka_unit_test(test_excerpt_bounded),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_bad_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

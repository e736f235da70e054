/*
 * test_rule.c - the rule loader: every key, every refusal with its
 * FILE:LINE:COL, rule directories, the config's rules: section, the
 * fingerprint and lint.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/rule.h"

#define HEAD \
	"id: p.r\n" \
	"version: 1\n" \
	"signal: decision\n" \
	"polarity: positive\n" \
	"weight: 1\n" \
	"scope: sentence\n"

static cz_rc parse(const char *yaml, cz_rule **r, cz_err *err)
{
	return cz_rule_parse(r, "p/r.yml", "p", "r", yaml, strlen(yaml), err);
}

/* Parse must fail with CZ_EDATA and a message starting with `prefix`
 * and containing `needle`. */
static void refused(const char *yaml, const char *prefix, const char *needle)
{
	cz_rule *r = NULL;
	cz_err err = { CZ_OK, "" };
	cz_rc rc = parse(yaml, &r, &err);

	if (rc != CZ_EDATA || strncmp(err.msg, prefix, strlen(prefix)) ||
	    !strstr(err.msg, needle))
		fail_msg("expected '%s...%s', got rc %d: %s", prefix, needle, rc, err.msg);
	assert_null(r);
}

static void test_full_rule(void **state)
{
	const char *yaml = HEAD
		"status: experimental\n"
		"level: high\n"
		"message: a decision\n"
		"rationale: because\n"
		"falsepositives:\n  - reported speech\n"
		"caseless: false\n"
		"match:\n  - '\\bwe decided\\b'\n  - |\n    \\bDecision:\n"
		"require:\n  - re: '\\bto\\b'\n    in: after\n    chars: 12\n"
		"unless:\n  - re: '\\bif\\b'\n  - {re: 'draft', in: note}\n"
		"section: '^Decisions$'\n"
		"max_per_note: 3\n"
		"min_count: 2\n"
		"examples:\n  match:\n    - \"We decided to go.\"\n  no_match:\n    - nothing\n"
		"  excepted:\n    - We decided to go if it rains.\n";
	cz_rule *r = NULL;
	cz_err err = { CZ_OK, "" };

	(void)state;
	assert_int_equal(parse(yaml, &r, &err), CZ_OK);
	assert_string_equal(r->id, "p.r");
	assert_int_equal(r->version, 1);
	assert_string_equal(r->status, "experimental");
	assert_string_equal(r->level, "high");
	assert_int_equal(r->scope, CZ_SCOPE_SENTENCE);
	assert_int_equal(r->polarity, CZ_POL_POSITIVE);
	assert_false(r->caseless);
	assert_int_equal(r->n_match, 2);
	assert_string_equal(r->match[1].text, "\\bDecision:\n");
	assert_int_equal(r->match[0].line, 15);
	assert_int_equal(r->match[0].col, 5);
	assert_int_equal(r->n_require, 1);
	assert_int_equal(r->require[0].in, CZ_IN_AFTER);
	assert_int_equal(r->require[0].chars, 12);
	assert_int_equal(r->n_unless, 2);
	assert_int_equal(r->unless[0].in, CZ_IN_SCOPE);
	assert_int_equal(r->unless[0].chars, CZ_RULE_DEFAULT_CHARS);
	assert_int_equal(r->unless[1].in, CZ_IN_NOTE);
	assert_non_null(r->section);
	assert_int_equal(r->max_per_note, 3);
	assert_int_equal(r->min_count, 2);
	assert_int_equal(r->n_ex_match, 1);
	assert_int_equal(r->n_ex_no_match, 1);
	assert_int_equal(r->n_ex_excepted, 1);
	assert_int_equal(r->falsepositives.n, 1);
	assert_true(r->enabled);
	cz_rule_free(r);
}

static void test_defaults(void **state)
{
	cz_rule *r = NULL;
	cz_err err = { CZ_OK, "" };

	(void)state;
	assert_int_equal(parse(HEAD "match:\n  - 'x\\b'\n", &r, &err), CZ_OK);
	assert_string_equal(r->status, "stable");
	assert_string_equal(r->level, "medium");
	assert_true(r->caseless);
	assert_int_equal(r->min_count, 1);
	assert_int_equal(r->max_per_note, 0);
	assert_null(r->message);
	cz_rule_free(r);
	/* id is optional: it comes from the file's place */
	assert_int_equal(parse("version: 1\nsignal: s\npolarity: neutral\nweight: 0\n"
			       "scope: note\nmatch:\n  - 'x'\n", &r, &err), CZ_OK);
	assert_string_equal(r->id, "p.r");
	cz_rule_free(r);
}

static void test_refuse_double_quoted(void **state)
{
	(void)state;
	refused(HEAD "match:\n  - \"\\bfoo\\b\"\n", "p/r.yml:8:5: 'match': double-quoted",
		"use single quotes");
	refused(HEAD "match:\n  - 'x'\nrequire:\n  - re: \"[0-9]\"\n",
		"p/r.yml:10:9: 'require[1].re': double-quoted", "single quotes");
	refused(HEAD "match:\n  - 'x'\nsection: \"Decisions\"\n", "p/r.yml:9:10: 'section'",
		"double-quoted");
}

static void test_refuse_flow_lists(void **state)
{
	(void)state;
	refused(HEAD "match: ['a', 'b']\n", "p/r.yml:7:8: 'match' is a flow-style list",
		"one '- item' per line");
	refused(HEAD "match:\n  - 'a'\nexamples:\n  match: ['a b', 'c']\n",
		"p/r.yml:10:10: 'examples.match' is a flow-style list", "[...]");
	refused(HEAD "match:\n  - 'a'\nunless: [{re: 'b'}]\n", "p/r.yml:9:9: 'unless' is a flow",
		"commas");
}

static void test_refuse_unknown_keys(void **state)
{
	(void)state;
	refused(HEAD "match:\n  - 'a'\nsevrity: high\n", "p/r.yml:9:1: unknown key 'sevrity'",
		"check its spelling");
	refused(HEAD "match:\n  - 'a'\nrequire:\n  - re: 'b'\n    within: 5\n",
		"p/r.yml:11:5: unknown key 'within' in 'require'", "known: re, in, chars");
	refused(HEAD "match:\n  - 'a'\nexamples:\n  matches:\n    - a\n",
		"p/r.yml:10:3: unknown key 'examples.matches'", "no_match");
	refused(HEAD "match:\n  - 'a'\nscope: line\n", "p/r.yml:9:1: key 'scope' appears twice",
		"keep one");
}

static void test_refuse_bad_pattern(void **state)
{
	(void)state;
	refused(HEAD "match:\n  - '(unclosed'\n", "p/r.yml:8:5: 'match': bad pattern '(unclosed'",
		"at offset 9: missing closing parenthesis");
	refused(HEAD "match:\n  - 'a'\nunless:\n  - re: 'x{2,1}'\n",
		"p/r.yml:10:9: 'unless[1].re': bad pattern", "at offset");
	/* a plain scalar with ': ' is a mapping in YAML */
	refused(HEAD "match:\n  - Decision: (?<what>.+)\n", "p/r.yml:8:5: 'match': this "
		"pattern was read as a mapping", "single quotes");
	refused(HEAD "match:\n  - ''\n", "p/r.yml:8:5: 'match': empty pattern", "everywhere");
}

static void test_refuse_values(void **state)
{
	(void)state;
	refused("version: 1\nsignal: s\npolarity: positive\nweight: 1\nmatch:\n  - 'a'\n",
		"p/r.yml:1:1: missing required key 'scope'", "scope");
	refused("id: q.r\n" "version: 1\n", "p/r.yml:1:5: id 'q.r' does not match", "p.r");
	refused(HEAD "match:\n  - 'a'\nlevel: extreme\n", "p/r.yml:9:8: 'level' must be one of",
		"low | medium | high");
	refused("id: p.r\nversion: one\n", "p/r.yml:2:10: 'version': expected an integer", "one");
	refused(HEAD "match:\n  - 'a'\nrequire:\n  - re: 'b'\n    in: note\n",
		"p/r.yml:11:9: 'in' must be one of scope | before | after,", "note");
	refused(HEAD "match:\n  - 'a'\nrequire:\n  - in: before\n",
		"p/r.yml:10:5: 'require' entry without 're'", "re:");
	refused(HEAD "match:\n  - 'a'\nunless:\n  - re: 'b'\n    chars: 0\n",
		"p/r.yml:11:12: 'chars': expected an integer from 1", "10000");
	refused("- a\n- b\n", "p/r.yml:1:1: a rule file must be a mapping", "a list");
	refused("id: [\n", "p/r.yml:", "check the YAML syntax");
	refused(HEAD "match: 'a'\n", "p/r.yml:7:8: 'match' must be a list", "a scalar");
	refused(HEAD "match:\n  - 'a'\nsignal: Decision\n", "p/r.yml:", "twice");
}

static cz_rc add_parsed(cz_ruleset *rs, const char *path, const char *yaml, cz_err *err)
{
	cz_rule *r;
	cz_rc rc = cz_rule_parse(&r, path, "p", "r", yaml, strlen(yaml), err);

	return rc ? rc : cz_ruleset_add(rs, r, err);
}

static void test_duplicate_id(void **state)
{
	cz_ruleset rs;
	cz_err err = { CZ_OK, "" };

	(void)state;
	cz_ruleset_init(&rs);
	assert_int_equal(add_parsed(&rs, "a/p/r.yml", HEAD "match:\n  - 'a'\n", &err), CZ_OK);
	assert_int_equal(add_parsed(&rs, "b/p/r.yml", HEAD "match:\n  - 'a'\n", &err), CZ_EDATA);
	assert_string_equal(err.msg, "b/p/r.yml:1:5: duplicate rule id 'p.r', already defined "
			    "in a/p/r.yml; rename one of the files or drop one of the rule "
			    "directories");
	assert_int_equal(rs.n, 1);
	cz_ruleset_release(&rs);
}

static char *fixture(const char *rel)
{
	const char *base = getenv("CZ_FIXTURES");
	char *p;

	assert_non_null(base);
	p = malloc(strlen(base) + strlen(rel) + 2);
	assert_non_null(p);
	snprintf(p, strlen(base) + strlen(rel) + 2, "%s/%s", base, rel);
	return p;
}

static void test_load_dir_and_hash(void **state)
{
	cz_ruleset rs;
	cz_err err = { CZ_OK, "" };
	char *dir = fixture("rules-test/good"), h1[CZ_HASH_HEX];
	cz_rule *r;

	(void)state;
	cz_ruleset_init(&rs);
	assert_int_equal(cz_ruleset_load_dir(&rs, dir, &err), CZ_OK);
	/* the same directory twice is loaded once */
	assert_int_equal(cz_ruleset_load_dir(&rs, dir, &err), CZ_OK);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(rs.n, 6);
	assert_string_equal(rs.rules[0]->id, "t.action");
	assert_non_null(cz_ruleset_find(&rs, "t.gossip"));
	memcpy(h1, rs.hash, sizeof(h1));
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_string_equal(h1, rs.hash);
	r = (cz_rule *)(uintptr_t)cz_ruleset_find(&rs, "t.credit");
	r->weight = 3;
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_string_not_equal(h1, rs.hash);
	cz_ruleset_release(&rs);
	free(dir);

	cz_ruleset_init(&rs);
	dir = fixture("rules-test/no-such-dir");
	assert_int_equal(cz_ruleset_load_dir(&rs, dir, &err), CZ_ENOINPUT);
	free(dir);
	cz_ruleset_release(&rs);
}

static void test_broken_dirs(void **state)
{
	static const struct {
		const char *dir, *where, *what;
	} cases[] = {
		{ "rules-test/broken-dquote", "bad/dquote.yml:9:5:", "double-quoted pattern" },
		{ "rules-test/broken-flow", "bad/flow.yml:8:8:", "flow-style list" },
		{ "rules-test/broken-key", "bad/key.yml:8:1:", "unknown key 'severity'" },
		{ "rules-test/broken-regex", "bad/regex.yml:8:5:", "missing closing parenthesis" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cz_ruleset rs;
		cz_err err = { CZ_OK, "" };
		char *dir = fixture(cases[i].dir);
		cz_ruleset_init(&rs);
		assert_int_equal(cz_ruleset_load_dir(&rs, dir, &err), CZ_EDATA);
		if (!strstr(err.msg, cases[i].where) || !strstr(err.msg, cases[i].what))
			fail_msg("%s: got %s", cases[i].dir, err.msg);
		cz_ruleset_release(&rs);
		free(dir);
	}
}

static void test_config_section(void **state)
{
	const char *yaml = "rules:\n  default: false\n  dirs:\n    - extra\n"
			   "  disable:\n    - t.vague\n  weights:\n    t.gossip: 4.5\n";
	cz_config cfg;
	cz_rules_config rc;
	cz_ruleset rs;
	cz_err err = { CZ_OK, "" };
	char *dir = fixture("rules-test/good");

	(void)state;
	cz_config_init(&cfg);
	cz_rules_config_init(&rc);
	cz_ruleset_init(&rs);
	assert_int_equal(cz_config_load_text(&cfg, "c.yml", yaml, strlen(yaml), &err), CZ_OK);
	assert_int_equal(cz_rules_config_parse(&rc, &cfg, &err), CZ_OK);
	assert_false(rc.use_default);
	assert_int_equal(rc.dirs.n, 1);
	assert_string_equal(rc.dirs.v[0], "extra");
	assert_int_equal(cz_ruleset_load_dir(&rs, dir, &err), CZ_OK);
	assert_int_equal(cz_ruleset_apply(&rs, &rc, &err), CZ_OK);
	assert_false(cz_ruleset_find(&rs, "t.vague")->enabled);
	assert_true(cz_ruleset_find(&rs, "t.decision")->enabled);
	assert_true(cz_ruleset_find(&rs, "t.gossip")->weight == 4.5);
	cz_rules_config_release(&rc);
	cz_config_release(&cfg);

	/* an unknown id in disable names the config line */
	yaml = "rules:\n  disable:\n    - t.nope\n";
	cz_config_init(&cfg);
	cz_rules_config_init(&rc);
	assert_int_equal(cz_config_load_text(&cfg, "c.yml", yaml, strlen(yaml), &err), CZ_OK);
	assert_int_equal(cz_rules_config_parse(&rc, &cfg, &err), CZ_OK);
	assert_int_equal(cz_ruleset_apply(&rs, &rc, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, ":3: rules.disable: no rule 't.nope'"));
	cz_rules_config_release(&rc);
	cz_config_release(&cfg);

	/* unknown keys in the section */
	yaml = "rules:\n  dir: x\n";
	cz_config_init(&cfg);
	cz_rules_config_init(&rc);
	assert_int_equal(cz_config_load_text(&cfg, "c.yml", yaml, strlen(yaml), &err), CZ_OK);
	assert_int_equal(cz_rules_config_parse(&rc, &cfg, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, ":2:3: unknown key 'rules.dir'"));
	cz_rules_config_release(&rc);
	cz_config_release(&cfg);
	cz_ruleset_release(&rs);
	free(dir);
}

typedef struct lint_seen {
	char all[4096];
	size_t n;
} lint_seen;

static void on_lint(void *ctx, const cz_lint *f)
{
	lint_seen *s = ctx;
	size_t used = strlen(s->all);

	snprintf(s->all + used, sizeof(s->all) - used, "%s:%zu: %s\n", f->rule->id, f->line,
		 f->msg);
	s->n++;
}

static void test_lint(void **state)
{
	cz_ruleset rs;
	cz_err err = { CZ_OK, "" };
	lint_seen seen;
	char *dir = fixture("rules-test/lint");
	size_t n;

	(void)state;
	memset(&seen, 0, sizeof(seen));
	cz_ruleset_init(&rs);
	assert_int_equal(cz_ruleset_load_dir(&rs, dir, &err), CZ_OK);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	n = cz_ruleset_lint(&rs, on_lint, &seen);
	assert_int_equal(n, seen.n);
	assert_non_null(strstr(seen.all, "lint.nested:7: nested unbounded quantifiers"));
	assert_non_null(strstr(seen.all, "lint.nested:8: nested unbounded quantifiers"));
	assert_non_null(strstr(seen.all, "lint.noword:7: pattern starts or ends with a letter"));
	assert_non_null(strstr(seen.all, "lint.noword:8: pattern starts or ends with a letter"));
	assert_non_null(strstr(seen.all, "lint.upper:7: case classes like \\p{Lu}"));
	assert_non_null(strstr(seen.all, "lint.noexamples:1: rule has no examples"));
	/* clean patterns are not flagged */
	assert_null(strstr(seen.all, "lint.noword:9:"));
	assert_null(strstr(seen.all, "lint.nested:9:"));
	assert_int_equal(n, 6);
	cz_ruleset_release(&rs);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_rule),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_refuse_double_quoted),
		cmocka_unit_test(test_refuse_flow_lists),
		cmocka_unit_test(test_refuse_unknown_keys),
		cmocka_unit_test(test_refuse_bad_pattern),
		cmocka_unit_test(test_refuse_values),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_load_dir_and_hash),
		cmocka_unit_test(test_broken_dirs),
		cmocka_unit_test(test_config_section),
		cmocka_unit_test(test_lint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

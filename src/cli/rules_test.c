/*
 * rules_test.c - `coalesce rules test`: every rule against its own
 * examples.
 *
 * Each example is evaluated as a note of its own, through the same engine
 * as ingest (segmentation, scope, require, unless, section, ignore
 * comments), with only that rule. Expectations:
 *   match     at least one counted hit;
 *   no_match  no hit at all (not even an excepted one);
 *   excepted  at least one hit, none of them counted.
 * Then every match pattern must have produced a hit in some example, and
 * every unless entry must have excepted one: an entry no example exercises
 * is untested and fails the rule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/match.h"
#include "rulescli.h"
#include "rulescmd.h"

static const cz_optdef options[] = {
	CZ_RULES_OPTDEFS,
	{ NULL, 0, false, 0 },
};

typedef struct tally {
	size_t counted, other;
	bool *pattern_used;  /* per match pattern */
	bool *unless_used;   /* per unless entry */
} tally;

static cz_rc on_hit(void *ctx, const cz_seg *seg, const cz_hit *h, cz_err *err)
{
	tally *t = ctx;

	(void)seg;
	(void)err;
	if (h->status == CZ_HIT_COUNTED || h->status == CZ_HIT_CAPPED)
		t->counted++;
	else
		t->other++;
	if (h->status != CZ_HIT_LIMIT) {
		t->pattern_used[h->pattern] = true;
		for (size_t p = 0; p < 64 && p < h->rule->n_match; p++)
			if (h->also & ((uint64_t)1 << p))
				t->pattern_used[p] = true;
	}
	if (h->unless >= 0)
		t->unless_used[h->unless] = true;
	return CZ_OK;
}

typedef enum expect { EXPECT_MATCH, EXPECT_NONE, EXPECT_EXCEPTED } expect;

static void failure(cz_cli *cli, const cz_rule *r, bool *failed, size_t line, size_t col,
		    const char *what, const char *example)
{
	if (!*failed)
		fprintf(cli->out, "FAIL %s\n", r->id);
	*failed = true;
	fputs("  ", cli->out);
	cz_put_safe(cli->out, cz_cli_path(cli, r->path));
	fprintf(cli->out, ":%zu:%zu: %s", line, col, what);
	if (example) {
		fputs(": '", cli->out);
		cz_put_safe(cli->out, example);
		fputc('\'', cli->out);
	}
	fputc('\n', cli->out);
}

static cz_rc run_examples(cz_cli *cli, cz_matcher *m, const cz_rule *r,
			  const cz_rexample *ex, size_t n, expect want, tally *t,
			  bool *failed, cz_err *err)
{
	for (size_t i = 0; i < n; i++) {
		cz_rc rc;
		const char *what = NULL;
		t->counted = t->other = 0;
		rc = cz_matcher_note(m, ex[i].text, strlen(ex[i].text), 0, r, on_hit, t, err);
		if (rc == CZ_EDATA) {
			failure(cli, r, failed, ex[i].line, ex[i].col, "example is not UTF-8", NULL);
			continue;
		}
		if (rc)
			return rc;
		if (want == EXPECT_MATCH && !t->counted)
			what = t->other ? "expected a counted hit, got only excepted or limit hits"
					: "expected a counted hit, got none";
		else if (want == EXPECT_NONE && (t->counted || t->other))
			what = "expected no hit, got one";
		else if (want == EXPECT_EXCEPTED && t->counted)
			what = "expected only excepted hits, got a counted one";
		else if (want == EXPECT_EXCEPTED && !t->other)
			what = "expected an excepted hit, got no hit";
		if (what)
			failure(cli, r, failed, ex[i].line, ex[i].col, what, ex[i].text);
	}
	return CZ_OK;
}

static cz_rc test_rule(cz_cli *cli, cz_matcher *m, const cz_rule *r, bool *failed,
		       cz_err *err)
{
	tally t;
	cz_rc rc;

	*failed = false;
	t.pattern_used = calloc(r->n_match + 1, sizeof(bool));
	t.unless_used = calloc(r->n_unless + 1, sizeof(bool));
	if (!t.pattern_used || !t.unless_used) {
		free(t.pattern_used);
		free(t.unless_used);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	rc = run_examples(cli, m, r, r->ex_match, r->n_ex_match, EXPECT_MATCH, &t, failed, err);
	if (!rc)
		rc = run_examples(cli, m, r, r->ex_no_match, r->n_ex_no_match, EXPECT_NONE, &t,
				  failed, err);
	if (!rc)
		rc = run_examples(cli, m, r, r->ex_excepted, r->n_ex_excepted, EXPECT_EXCEPTED, &t,
				  failed, err);
	if (!rc && !r->n_ex_match)
		failure(cli, r, failed, r->line, r->col, "no examples.match: add sentences the "
			"rule must find", NULL);
	for (size_t i = 0; !rc && i < r->n_match; i++)
		if (!t.pattern_used[i])
			failure(cli, r, failed, r->match[i].line, r->match[i].col,
				"no example exercises this match pattern; add one to "
				"examples.match", r->match[i].text);
	for (size_t i = 0; !rc && i < r->n_unless; i++)
		if (!t.unless_used[i])
			failure(cli, r, failed, r->unless[i].line, r->unless[i].col,
				"no example exercises this unless entry; add one to "
				"examples.excepted", r->unless[i].text);
	if (!rc && !*failed)
		fprintf(cli->out, "ok   %s (%zu examples)\n", r->id,
			r->n_ex_match + r->n_ex_no_match + r->n_ex_excepted);
	free(t.pattern_used);
	free(t.unless_used);
	return rc;
}

cz_rc cz_rules_test(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	cz_rules_args ra;
	cz_ruleset rs;
	cz_matcher *m = NULL;
	cz_opts o;
	const char *arg;
	size_t passed = 0, failed_n = 0;
	bool used;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "rules test", err);

	cz_rules_args_init(&ra);
	cz_ruleset_init(&rs);
	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id)
		rc = cz_rules_args_opt(&ra, id, arg, &used, err);
	if (!rc && o.npos)
		rc = cz_err_set(err, CZ_EUSAGE, "rules test: unexpected argument '%s'", o.pos[0]);
	if (!rc)
		rc = cz_cli_load_rules(cli, &ra, &rs, err);
	if (!rc)
		rc = cz_matcher_new(&m, &rs, NULL, err);
	for (size_t i = 0; !rc && i < rs.n; i++) {
		bool failed;
		rc = test_rule(cli, m, rs.rules[i], &failed, err);
		if (failed)
			failed_n++;
		else
			passed++;
	}
	if (!rc) {
		fprintf(cli->out, "%zu passed, %zu failed\n", passed, failed_n);
		if (failed_n)
			rc = cz_err_set(err, CZ_EPARTIAL, "rules test: %zu rule(s) failed", failed_n);
		else if (!rs.n)
			fputs("coalesce: rules test: no rules loaded\n", cli->err);
	}
	cz_matcher_free(m);
	cz_ruleset_release(&rs);
	cz_rules_args_release(&ra);
	cz_opt_release(&o);
	return rc;
}

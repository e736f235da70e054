/*
 * cmd_scan.c - `coalesce scan`: re-evaluate every stored note with the
 * rules in force, in one transaction, and record the run.
 */
#include "coalesce/evidence.h"
#include "coalesce/pipeline.h"
#include "coalesce/store.h"
#include "rulescli.h"

static const cz_optdef options[] = {
	CZ_RULES_OPTDEFS,
	CZ_ENGINE_OPTDEF,
	CZ_JOBS_OPTDEF,
	{ NULL, 0, false, 0 },
};

static cz_rc scan(cz_cli *cli, const cz_ruleset *rs, const cz_prefilter *pf, unsigned jobs,
		  cz_err *err)
{
	cz_store *st = NULL;
	cz_evidence *ev = NULL;
	cz_run_counts counts = { 0, 0, 0, 0, 0, 0, 0 };
	const cz_evidence_counts *c = NULL;
	int64_t run_id;
	cz_rc rc = cz_store_open(&st, cli->db, err);

	if (!rc)
		rc = cz_store_run_begin(st, "scan", &run_id, err);
	if (!rc)
		rc = cz_evidence_open(&ev, cli->db, rs, NULL, err);
	if (!rc)
		rc = cz_evidence_use_prefilter(ev, pf, err);
	if (!rc)
		rc = cz_evidence_sync(ev, true, jobs, NULL, err);
	if (!rc) {
		c = cz_evidence_stats(ev);
		counts.seen = c->notes;
		counts.unchanged = c->notes;
		counts.skipped = c->skipped;
		rc = cz_store_run_finish(st, run_id, &counts, err);
	}
	if (!rc)
		rc = cz_evidence_mark_run(ev, run_id, err);
	if (!rc && c) {
		fprintf(cli->out, "scan: %lld note(s) with %zu rule(s): %lld counted, %lld excepted, "
			"%lld capped, %lld limit\n", (long long)c->notes, rs->n,
			(long long)c->by_status[CZ_HIT_COUNTED],
			(long long)c->by_status[CZ_HIT_EXCEPTED],
			(long long)c->by_status[CZ_HIT_CAPPED], (long long)c->by_status[CZ_HIT_LIMIT]);
		if (c->skipped)
			cz_cli_report_unscanned(cli, c->skipped);
		cz_cli_report_limits(cli, rs, ev);
	}
	cz_evidence_close(ev);
	cz_store_close(st);
	return rc;
}

static cz_rc run(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	cz_rules_args ra;
	cz_ruleset rs;
	cz_prefilter *pf = NULL;
	unsigned jobs = cz_pipeline_cpus();
	cz_opts o;
	const char *arg;
	bool used;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "scan", err);

	cz_rules_args_init(&ra);
	cz_ruleset_init(&rs);
	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id) {
		if ((rc = cz_rules_args_opt(&ra, id, arg, &used, err)) || used)
			continue;
		if (id == CZ_OPT_JOBS)
			rc = cz_cli_jobs(arg, &jobs, err);
	}
	if (!rc && o.npos)
		rc = cz_err_set(err, CZ_EUSAGE, "scan: unexpected argument '%s'", o.pos[0]);
	if (!rc)
		rc = cz_cli_load_rules(cli, &ra, &rs, err);
	if (!rc)
		rc = cz_cli_prefilter(&ra, &rs, &pf, err);
	if (!rc)
		rc = cz_cli_open_db(cli, err);
	if (!rc)
		rc = scan(cli, &rs, pf, jobs, err);
	cz_prefilter_free(pf);
	cz_ruleset_release(&rs);
	cz_rules_args_release(&ra);
	cz_opt_release(&o);
	return rc;
}

const cz_cmd cz_cmd_scan = {
	.name = "scan",
	.summary = "re-evaluate every stored note with the current rules",
	.usage =
	"usage: coalesce scan [--rules DIR]... [--no-default-rules] [--engine auto|pcre2]\n"
	"                     [-j N]\n"
	"\n"
	"Replace the evidence of every note in the database by what the rules in\n"
	"force find in its stored text (one transaction: a failure keeps the old\n"
	"evidence). 'coalesce ingest' does this by itself when the rules changed.\n"
	"\n"
	CZ_RULES_USAGE
	CZ_ENGINE_USAGE
	CZ_JOBS_USAGE
	"\n"
	"Exit status: 0 ok, 65 a rule file is broken, 74 database error.\n",
	.run = run,
	.flags = CZ_CMD_DB_WRITE,
};

/*
 * cmd_report.c - `coalesce report`: initiative health per period as a
 * table, CSV, JSON, Markdown or an HTML page, optionally into a file (mode
 * 0600) and optionally as a quality gate (--fail-under).
 *
 * Everything is read in one read transaction, so the report is one
 * consistent snapshot even while an ingest is writing. The HTML page also
 * lists the top hits of each initiative's latest scored period, read in
 * that same transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "coalesce/privacy.h"
#include "coalesce/report.h"
#include "coalesce/reportfmt.h"
#include "coalesce/reporthtml.h"
#include "cz_report_cli.h"

enum { OPT_PERIOD = 1, OPT_SINCE, OPT_UNTIL, OPT_INITIATIVE, OPT_FORMAT, OPT_OUTPUT,
       OPT_FAIL_UNDER };

static const cz_optdef options[] = {
	{ "period", 'p', true, OPT_PERIOD },
	{ "since", 0, true, OPT_SINCE },
	{ "until", 0, true, OPT_UNTIL },
	{ "initiative", 'i', true, OPT_INITIATIVE },
	{ "format", 'f', true, OPT_FORMAT },
	{ "output", 'o', true, OPT_OUTPUT },
	{ "fail-under", 0, true, OPT_FAIL_UNDER },
	{ NULL, 0, false, 0 },
};

cz_rc cz_report_cli_cfg(cz_cli *cli, cz_score_cfg *cfg, cz_err *err)
{
	cz_score_cfg_defaults(cfg);
	return cz_score_cfg_load(cfg, cz_config_section(&cli->cfg, "scoring"),
				 cli->cfg.path ? cli->cfg.path : "coalesce.yml", err);
}

static bool valid_date(const char *s)
{
	cz_date d;
	size_t used;

	return strlen(s) == 10 && cz_date_parse_iso(s, 10, &d, &used);
}

/* Offenders of --fail-under on stderr; CZ_EPARTIAL (exit 1) when any. */
static cz_rc gate(cz_cli *cli, const cz_report *r, double under)
{
	bool failed = false;

	for (size_t i = 0; i < r->n_inits; i++) {
		const cz_report_row *row = cz_report_latest(r, i);
		if (!row || row->out.health >= under)
			continue;
		fputs("coalesce: report: ", cli->err);
		cz_put_safe(cli->err, r->inits[i].id);
		fprintf(cli->err, " %s health %.0f is below %g\n", row->period.label,
			row->out.health, under);
		failed = true;
	}
	return failed ? CZ_EPARTIAL : CZ_OK;
}

/*
 * The hits of each initiative's latest scored period, for the HTML page:
 * *out becomes an array of r->n_inits lists (empty when nothing is
 * scored), owned by the caller even on failure.
 */
static cz_rc latest_evidence(cz_db *db, const cz_report *r, cz_evidence_list **out,
			     cz_err *err)
{
	cz_rc rc = CZ_OK;

	*out = calloc(r->n_inits ? r->n_inits : 1, sizeof(**out));
	if (!*out)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < r->n_inits; i++) {
		const cz_report_row *last = cz_report_latest(r, i);
		if (last)
			rc = cz_report_evidence(db, r->inits[i].id, &last->period, &(*out)[i], err);
	}
	return rc;
}

static cz_rc run(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	cz_report_opts opts = { CZ_PERIOD_QUARTER, NULL, NULL, NULL, 0, 0 };
	cz_report_format fmt = CZ_FMT_TABLE;
	const char *output = NULL, *arg;
	double under = -1;
	cz_strv ids = CZ_STRV_INIT;
	cz_score_cfg cfg;
	cz_report r;
	cz_evidence_list *ev = NULL;
	FILE *f = NULL;
	cz_opts o;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "report", err);

	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id) {
		char *end;
		switch (id) {
		case OPT_PERIOD:
			if (!cz_period_kind_parse(arg, &opts.kind))
				rc = cz_err_set(err, CZ_EUSAGE, "report: --period must be week, "
						"month or quarter, not '%s'", arg);
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (!valid_date(arg))
				rc = cz_err_set(err, CZ_EUSAGE, "report: --%s needs a date "
						"YYYY-MM-DD, not '%s'",
						id == OPT_SINCE ? "since" : "until", arg);
			else if (id == OPT_SINCE)
				opts.since = arg;
			else
				opts.until = arg;
			break;
		case OPT_INITIATIVE:
			rc = cz_strv_push(&ids, arg, err);
			break;
		case OPT_FORMAT:
			if (!cz_report_format_parse(arg, &fmt))
				rc = cz_err_set(err, CZ_EUSAGE, "report: --format must be table, "
						"csv, json, md or html, not '%s'", arg);
			break;
		case OPT_OUTPUT:
			output = arg;
			break;
		case OPT_FAIL_UNDER:
			errno = 0;
			under = strtod(arg, &end);
			if (errno || end == arg || *end || under < 0 || under > 100)
				rc = cz_err_set(err, CZ_EUSAGE, "report: --fail-under needs a "
						"number from 0 to 100, not '%s'", arg);
			break;
		default:
			break;
		}
	}
	if (!rc && o.npos)
		rc = cz_err_set(err, CZ_EUSAGE, "report: unexpected argument '%s'", o.pos[0]);
	if (!rc && opts.since && opts.until && strcmp(opts.since, opts.until) > 0)
		rc = cz_err_set(err, CZ_EUSAGE, "report: --since %s is after --until %s",
				opts.since, opts.until);
	cz_opt_release(&o);
	if (!rc)
		rc = cz_report_cli_cfg(cli, &cfg, err);
	if (!rc)
		rc = cz_privacy_config(&cli->cfg, &opts.min_group_size, err);
	if (!rc)
		rc = cz_cli_open_db(cli, err);
	if (rc) {
		cz_strv_release(&ids);
		return rc;
	}
	opts.initiatives = (const char *const *)ids.v;
	opts.n_initiatives = ids.n;
	cz_report_init(&r);
	rc = cz_db_begin_read(cli->db, err);
	if (!rc)
		rc = cz_report_build(cli->db, &cfg, &opts, &r, err);
	if (!rc && fmt == CZ_FMT_HTML)
		rc = latest_evidence(cli->db, &r, &ev, err);
	cz_db_rollback(cli->db);
	if (!rc && output)
		rc = cz_cli_create_output(cli, output, &f, err);
	if (!rc && fmt == CZ_FMT_HTML)
		rc = cz_report_write_html(&r, ev, f ? f : cli->out, err);
	else if (!rc)
		rc = cz_report_write(&r, fmt, f ? f : cli->out, !f && cli->color, err);
	if (f && fclose(f) != 0 && !rc)
		rc = cz_err_set(err, CZ_EIO, "%s: %s", output, strerror(errno));
	if (!rc && under >= 0)
		rc = gate(cli, &r, under);
	if (ev)
		for (size_t i = 0; i < r.n_inits; i++)
			cz_evidence_list_release(&ev[i]);
	free(ev);
	cz_report_release(&r);
	cz_strv_release(&ids);
	return rc;
}

const cz_cmd cz_cmd_report = {
	.name = "report",
	.summary = "initiative health per week, month or quarter",
	.usage =
	"usage: coalesce report [--period week|month|quarter] [--since DATE] [--until DATE]\n"
	"                       [--initiative ID]... [--format table|csv|json|md|html]\n"
	"                       [--output FILE] [--fail-under N]\n"
	"\n"
	"Health (0-100), status, trend, confidence and the seven components for\n"
	"each initiative and period, with the calendar facts (parties, required\n"
	"parties missing, late recruits). Every score is explained by\n"
	"'coalesce explain ID --period LABEL'; the model is in docs/scoring.md.\n"
	"\n"
	"  -p, --period KIND        week (2025-W32), month (2025-08) or quarter\n"
	"                           (2025-Q3, the default)\n"
	"      --since DATE         first day (YYYY-MM-DD); periods overlapping the\n"
	"      --until DATE         range are reported whole\n"
	"  -i, --initiative ID      only this initiative (repeatable)\n"
	"  -f, --format FORMAT      table (default), csv, json, md or html (one\n"
	"                           self-contained page with charts; no scripts,\n"
	"                           no external requests)\n"
	"  -o, --output FILE        write to FILE (created with --mode, default 0600) instead of stdout\n"
	"      --fail-under N       exit 1 when an initiative's latest scored period\n"
	"                           has health below N; offenders go to stderr\n"
	"\n"
	"CSV columns: initiative,name,period,period_start,period_end,health,status,\n"
	"trend,confidence,notes,meetings,mood,red_flags,brief_coverage,parties,\n"
	"required_missing,late_recruits,context,outcome,tradeoffs,commitment,\n"
	"early_warning,credit,integrity,top_evidence. Lists are ';'-separated,\n"
	"missing values empty; text cells starting with = + - @ TAB or CR get a\n"
	"leading ' so spreadsheets do not run them as formulas.\n",
	.run = run,
	.flags = CZ_CMD_DB_READ | CZ_CMD_DB_SCAN,
};

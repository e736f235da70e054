/*
 * cmd_explain.c - `coalesce explain INITIATIVE [--period P]`: one score
 * taken apart, down to the evidence lines and meetings behind it.
 *
 * The row is computed by the same report code (so it always matches what
 * `report` printed), and the evidence is read in the same read
 * transaction.
 */
#include <string.h>

#include "cli.h"
#include "coalesce/privacy.h"
#include "coalesce/explain.h"
#include "coalesce/report.h"
#include "coalesce/reportjson.h"
#include "cz_report_cli.h"

enum { OPT_PERIOD = 1, OPT_FORMAT };

static const cz_optdef options[] = {
	{ "period", 'p', true, OPT_PERIOD },
	{ "format", 'f', true, OPT_FORMAT },
	{ NULL, 0, false, 0 },
};

/* The row asked for: the labelled period, or the latest scored one. */
static cz_rc pick(const cz_report *r, const char *label, const cz_report_row **out,
		  cz_err *err)
{
	if (!r->n_rows)
		return cz_err_set(err, CZ_ENOINPUT, "explain: '%s' has no notes or meetings",
				  r->inits[0].id);
	if (!label) {
		*out = cz_report_latest(r, 0);
		if (!*out)
			*out = &r->rows[r->n_rows - 1];
		return CZ_OK;
	}
	for (size_t k = 0; k < r->n_rows; k++) {
		if (!strcmp(r->rows[k].period.label, label)) {
			*out = &r->rows[k];
			return CZ_OK;
		}
	}
	return cz_err_set(err, CZ_ENOINPUT, "explain: '%s' has no notes or meetings in %s "
			  "(its periods run from %s to %s)", r->inits[0].id, label,
			  r->rows[0].period.label, r->rows[r->n_rows - 1].period.label);
}

static cz_rc run(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	cz_report_opts opts = { CZ_PERIOD_QUARTER, NULL, NULL, NULL, 0, 0 };
	const char *arg, *label = NULL, *format = "text", *ids[1];
	const cz_report_row *row = NULL;
	cz_evidence_list ev = { NULL, 0, 0 };
	cz_score_cfg cfg;
	cz_period p;
	cz_report r;
	cz_opts o;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "explain", err);

	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id) {
		if (id == OPT_FORMAT) {
			format = arg;
		} else if (cz_period_parse(arg, &p)) {
			opts.kind = p.kind;
			label = arg;
		} else if (!cz_period_kind_parse(arg, &opts.kind)) {
			rc = cz_err_set(err, CZ_EUSAGE, "explain: --period takes a label "
					"(2025-W32, 2025-08, 2025-Q3) or week, month or quarter, "
					"not '%s'", arg);
		}
	}
	if (!rc && strcmp(format, "text") && strcmp(format, "json"))
		rc = cz_err_set(err, CZ_EUSAGE, "explain: --format must be text or json, not '%s'",
				format);
	if (!rc && o.npos != 1)
		rc = cz_err_set(err, CZ_EUSAGE, "explain: give exactly one initiative id%s",
				o.npos ? "" : " (see 'coalesce report')");
	if (!rc) {
		ids[0] = o.pos[0];
		opts.initiatives = ids;
		opts.n_initiatives = 1;
	}
	if (!rc)
		rc = cz_report_cli_cfg(cli, &cfg, err);
	if (!rc)
		rc = cz_privacy_config(&cli->cfg, &opts.min_group_size, err);
	if (!rc)
		rc = cz_cli_open_db(cli, err);
	cz_report_init(&r);
	if (!rc)
		rc = cz_db_begin_read(cli->db, err);
	if (!rc)
		rc = cz_report_build(cli->db, &cfg, &opts, &r, err);
	if (!rc)
		rc = pick(&r, label, &row, err);
	if (!rc)
		rc = cz_report_evidence(cli->db, r.inits[0].id, &row->period, &ev, err);
	if (cli->db)
		cz_db_rollback(cli->db);
	if (!rc && !strcmp(format, "json"))
		rc = cz_explain_write_json(&r, row, &ev, cli->out, err);
	else if (!rc)
		rc = cz_explain_write_text(&r, row, &ev, cli->out, err);
	cz_evidence_list_release(&ev);
	cz_report_release(&r);
	cz_opt_release(&o);
	return rc;
}

const cz_cmd cz_cmd_explain = {
	.name = "explain",
	.summary = "show the evidence behind an initiative's score",
	.usage =
	"usage: coalesce explain INITIATIVE [--period P] [--format text|json]\n"
	"\n"
	"Takes one score apart: health, each component with the numbers that\n"
	"produced it, the calendar facts (parties, required parties missing, late\n"
	"recruits with their first meeting) and every stored hit in the period's\n"
	"notes: signal, rule, status (counted, excepted, capped, limit),\n"
	"path:line, speaker and excerpt. Only counted hits score.\n"
	"\n"
	"  -p, --period P     a period label (2025-W32, 2025-08, 2025-Q3), or week,\n"
	"                     month or quarter for the latest scored one\n"
	"                     (default: the latest scored quarter)\n"
	"  -f, --format F     text (default) or json\n"
	"\n"
	"JSON keys: initiative, period, health, status, components, calendar,\n"
	"evidence (signal, rule, status, path, line, col, excerpt, speaker, ...)\n"
	"and the report columns.\n",
	.run = run,
	.flags = CZ_CMD_DB_READ | CZ_CMD_DB_SCAN,
};

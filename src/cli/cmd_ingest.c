/*
 * cmd_ingest.c - `coalesce ingest`: import notes into the database.
 *
 * Rejections go to stderr as they happen ("PATH[:LINE]: reason"); the
 * summary line goes to stdout. Exit 1 when anything was rejected.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coalesce/evidence.h"
#include "coalesce/ingest.h"
#include "coalesce/pipeline.h"
#include "coalesce/privacy.h"
#include "rulescli.h"

enum { OPT_QUIET = 1, OPT_PRUNE, OPT_CALENDAR, OPT_PEOPLE, OPT_DATE_ORDER, OPT_REDACT,
       OPT_KEEP_TEXT };

static const cz_optdef options[] = {
	{ "quiet", 'q', false, OPT_QUIET },
	{ "prune", 0, false, OPT_PRUNE },
	{ "calendar", 0, true, OPT_CALENDAR },
	{ "people", 0, true, OPT_PEOPLE },
	{ "date-order", 0, true, OPT_DATE_ORDER },
	{ "redact", 0, false, OPT_REDACT },
	{ "keep-text", 0, false, OPT_KEEP_TEXT },
	CZ_RULES_OPTDEFS,
	CZ_ENGINE_OPTDEF,
	CZ_JOBS_OPTDEF,
	{ NULL, 0, false, 0 },
};

typedef struct ingest_ui {
	cz_cli *cli;
	cz_progress progress;
	/* Rule evidence, computed by the ingest workers and stored in each
	 * note's transaction. Its prefilter is compiled on first need (a note
	 * to match, or a rescan), so re-ingesting an unchanged archive does not
	 * pay for it. */
	cz_evidence *ev;
} ingest_ui;

/*
 * Whether a rescan of stored notes is due: their evidence comes from another
 * rule set. (A database without notes has nothing to rescan: the prefilter
 * then waits for the first note.)
 */
static cz_rc rescan_due(cz_db *db, const cz_ruleset *rs, bool *due, cz_err *err)
{
	char *old = NULL;
	int64_t notes = 0;
	cz_rc rc = cz_store_meta_get(db, "ruleset_hash", &old, err);

	if (!rc)
		rc = cz_db_query_int(db, "SELECT EXISTS(SELECT 1 FROM notes)", &notes, err);
	*due = !rc && notes && (!old || strcmp(old, rs->hash) != 0);
	free(old);
	return rc;
}

static void on_reject(void *ctx, const char *path, size_t line, const char *reason)
{
	ingest_ui *ui = ctx;

	cz_progress_end(&ui->progress);
	cz_put_safe(ui->cli->err, cz_cli_path(ui->cli, path));
	if (line)
		fprintf(ui->cli->err, ":%zu", line);
	fputs(": ", ui->cli->err);
	cz_put_safe(ui->cli->err, reason);
	fputc('\n', ui->cli->err);
}

static void on_progress(void *ctx, const cz_ingest_progress *p)
{
	ingest_ui *ui = ctx;

	cz_progress_update(&ui->progress, p->files_done, p->files_total, p->bytes_done,
			   p->bytes_total);
}

/* The evidence line and the limit report; the run keeps the ruleset hash. */
static void print_evidence(cz_cli *cli, const cz_ruleset *rs, cz_evidence *ev, int64_t run)
{
	const cz_evidence_counts *c = cz_evidence_stats(ev);
	cz_err err;

	if (cz_evidence_mark_run(ev, run, &err))
		fprintf(cli->err, "coalesce: %s\n", err.msg);
	fprintf(cli->out, "evidence: %zu rule(s), %lld note(s) evaluated: %lld counted, "
		"%lld excepted, %lld capped, %lld limit\n", rs->n, (long long)c->notes,
		(long long)c->by_status[CZ_HIT_COUNTED], (long long)c->by_status[CZ_HIT_EXCEPTED],
		(long long)c->by_status[CZ_HIT_CAPPED], (long long)c->by_status[CZ_HIT_LIMIT]);
	if (c->skipped)
		cz_cli_report_unscanned(cli, c->skipped);
	cz_cli_report_limits(cli, rs, ev);
}

static cz_rc run(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	cz_ingest_opts opts = { false, false, NULL, 0, NULL, CZ_ORDER_NONE, 0, 0, 0, 0 };
	cz_analyzer analyzer;
	cz_engine engine = CZ_ENGINE_AUTO;
	cz_strv calendars = CZ_STRV_INIT;
	char *cache_dir = cz_cli_cache_dir(); /* the prefilter cache; NULL: none */
	cz_ingest_hooks hooks;
	cz_ingest_stats stats;
	ingest_ui ui;
	cz_opts o;
	cz_rules_args ra;
	cz_ruleset rs;
	bool quiet = false, redact = false, used, changed = false;
	const char *arg;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "ingest", err);

	cz_rules_args_init(&ra);
	cz_ruleset_init(&rs);
	ui.ev = NULL;
	opts.jobs = cz_pipeline_cpus();
	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id) {
		if ((rc = cz_rules_args_opt(&ra, id, arg, &used, err)) || used)
			continue;
		if (id == OPT_QUIET)
			quiet = true;
		else if (id == OPT_PRUNE)
			opts.prune = true;
		else if (id == OPT_REDACT)
			redact = true;
		else if (id == OPT_KEEP_TEXT)
			opts.store_text = true;
		else if (id == OPT_CALENDAR)
			rc = cz_strv_push(&calendars, arg, err);
		else if (id == OPT_PEOPLE)
			opts.people = arg;
		else if (id == CZ_OPT_JOBS)
			rc = cz_cli_jobs(arg, &opts.jobs, err);
		else if (id == OPT_DATE_ORDER && !cz_date_order_parse(arg, &opts.date_order))
			rc = cz_err_set(err, CZ_EUSAGE, "ingest: --date-order must be mdy, dmy or "
					"ymd, not '%s'", arg);
	}
	opts.calendars = (const char *const *)calendars.v;
	opts.n_calendars = calendars.n;
	if (!rc && redact && opts.store_text)
		rc = cz_err_set(err, CZ_EUSAGE, "ingest: --keep-text stores what --redact keeps "
				"out; give one of them");
	if (!rc && o.npos == 0 && !calendars.n && !opts.people)
		rc = cz_err_set(err, CZ_EUSAGE, "ingest: give at least one file or directory");
	/* Rules are loaded (and checked) before the database is touched. */
	if (!rc)
		rc = cz_cli_load_rules(cli, &ra, &rs, err);
	if (!rc)
		rc = cz_cli_engine(&ra, &engine, err);
	if (!rc)
		rc = cz_cli_open_db(cli, err);
	/* The privacy mode is fixed by the first ingest (privacy.h). */
	if (!rc)
		rc = cz_privacy_begin(cli->db, redact, err);
	/* Evidence of stored notes follows the rules in force. */
	if (!rc)
		rc = cz_evidence_open(&ui.ev, cli->db, &rs, NULL, err);
	if (ui.ev)
		cz_evidence_set_engine(ui.ev, engine, cache_dir);
	if (!rc)
		rc = rescan_due(cli->db, &rs, &changed, err);
	if (!rc && changed)
		rc = cz_evidence_prepare(ui.ev, err);
	if (!rc)
		rc = cz_evidence_sync(ui.ev, false, opts.jobs, NULL, err);
	if (rc)
		goto out;
	ui.cli = cli;
	cz_progress_init(&ui.progress, cli->err, cli->err_tty && !quiet);
	memset(&hooks, 0, sizeof(hooks));
	hooks.on_reject = on_reject;
	hooks.on_progress = on_progress;
	hooks.ctx = &ui;
	cz_evidence_analyzer(ui.ev, &analyzer);
	hooks.analyzer = &analyzer;
	rc = cz_ingest(cli->db, &cli->cfg, (const char *const *)o.pos, (size_t)o.npos, &opts,
		       &hooks, &stats, err);
	cz_progress_end(&ui.progress);
	if (rc == CZ_OK || rc == CZ_EPARTIAL || rc == CZ_ENOINPUT) {
		const cz_run_counts *c = &stats.counts;
		fprintf(cli->out, "ingest: %lld seen, %lld new, %lld changed, %lld unchanged, "
			"%lld rejected", (long long)c->seen, (long long)c->added,
			(long long)c->changed, (long long)c->unchanged, (long long)c->rejected);
		if (c->skipped)
			fprintf(cli->out, ", %lld skipped (empty)", (long long)c->skipped);
		if (opts.prune)
			fprintf(cli->out, ", %lld removed", (long long)c->removed);
		fprintf(cli->out, "; %lld meetings added", (long long)stats.meetings_added);
		if (!c->added && !c->changed && !c->removed && !stats.meetings_added)
			fputs(" (nothing changed)", cli->out);
		fputc('\n', cli->out);
		print_evidence(cli, &rs, ui.ev, stats.run_id);
	}
out:
	cz_evidence_close(ui.ev);
	free(cache_dir);
	cz_ruleset_release(&rs);
	cz_rules_args_release(&ra);
	cz_opt_release(&o);
	cz_strv_release(&calendars);
	return rc;
}

const cz_cmd cz_cmd_ingest = {
	.name = "ingest",
	.summary = "import notes and calendar exports into the database",
	.usage =
	"usage: coalesce ingest [--quiet] [--prune] [--calendar FILE]... [--people FILE]\n"
	"                       [--date-order mdy|dmy|ymd] [--keep-text | --redact]\n"
	"                       [--rules DIR]... [--engine auto|pcre2] [-j N] PATH...\n"
	"\n"
	"Import meeting notes (.md, .markdown, .txt) and CSV files (calendar\n"
	"exports, the people directory; sniffed by their header) from files and\n"
	"directories (walked recursively; hidden directories are skipped).\n"
	"Unchanged files are skipped; changed files replace their old version.\n"
	"Each rejected file or calendar row is reported as PATH[:LINE]: reason,\n"
	"and the others are still imported. Links between meetings, notes,\n"
	"initiatives and people are rebuilt at the end of a run that changed any\n"
	"of them. Each note's evidence (rule hits) is stored with it; when the\n"
	"rules changed since the last run, every stored note is re-evaluated\n"
	"first, from its file (read again and checked against its hash) or from\n"
	"the text --keep-text stored.\n"
	"\n"
	"  -q, --quiet          no progress line on the terminal\n"
	"  --prune              remove notes whose files no longer exist\n"
	"  --calendar FILE      import FILE as a calendar export, whatever its name\n"
	"  --people FILE        import FILE as the people directory (name,email,team)\n"
	"  --date-order ORDER   day/month order of calendar dates: mdy, dmy or ymd\n"
	"                       (default: calendar.date_order, else the export's locale)\n"
	"  --keep-text          also store the decoded text of each note imported,\n"
	"                       so that re-evaluation needs no files (by default\n"
	"                       only evidence excerpts are kept; docs/privacy.md)\n"
	"  --redact             store no excerpts, speakers or titles, and pseudonyms\n"
	"                       instead of people's names (docs/privacy.md); a\n"
	"                       database is redacted or not\n"
	"                       from its first ingest on, and a run with the other mode\n"
	"                       is refused (exit 64)\n"
	CZ_RULES_USAGE
	CZ_ENGINE_USAGE
	CZ_JOBS_USAGE
	"\n"
	"Exit status: 0 all imported, 1 some files rejected, 66 a PATH is missing,\n"
	"74 database error.\n",
	.run = run,
	.flags = CZ_CMD_DB_WRITE,
};

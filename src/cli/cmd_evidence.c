/*
 * cmd_evidence.c - `coalesce evidence`: the stored hits, filtered, as
 * tab-separated text (one hit per line, for grep and cut), CSV (libcsv,
 * through csvw) or JSON (jansson).
 *
 * Filters become one SQL query built from fixed fragments; every value is
 * bound, never pasted. --signal may repeat and takes GLOB patterns
 * ("brief.*").
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "cli.h"
#include "coalesce/csv.h"
#include "coalesce/date.h"

enum { OPT_SIGNAL = 1, OPT_INITIATIVE, OPT_SINCE, OPT_UNTIL, OPT_STATUS, OPT_FORMAT };

static const cz_optdef options[] = {
	{ "signal", 's', true, OPT_SIGNAL },
	{ "initiative", 'i', true, OPT_INITIATIVE },
	{ "since", 0, true, OPT_SINCE },
	{ "until", 0, true, OPT_UNTIL },
	{ "status", 0, true, OPT_STATUS },
	{ "format", 'f', true, OPT_FORMAT },
	{ NULL, 0, false, 0 },
};

typedef struct filters {
	cz_strv signals;
	const char *initiative, *since, *until, *status, *format;
} filters;

enum { C_PATH, C_LINE, C_COL, C_DATE, C_SIGNAL, C_RULE, C_VERSION, C_STATUS, C_POLARITY,
       C_WEIGHT, C_SPEAKER, C_EXCERPT, C_GROUPS, C_INITS };

static cz_rc build_query(const filters *f, cz_buf *q, cz_err *err)
{
	cz_rc rc = cz_buf_adds(q,
		"SELECT n.path, s.line, s.col, n.date, s.signal, s.rule_id, s.rule_version, "
		"s.status, s.polarity, s.weight, s.speaker, s.excerpt, s.groups, "
		"(SELECT group_concat(initiative_id, ',') FROM (SELECT initiative_id FROM "
		"note_initiatives WHERE note_id = n.id ORDER BY initiative_id)) "
		"FROM signals s JOIN notes n ON n.id = s.note_id WHERE 1", err);
	int p = 1;

	if (!rc && f->signals.n) {
		rc = cz_buf_adds(q, " AND (", err);
		for (size_t i = 0; !rc && i < f->signals.n; i++)
			rc = cz_buf_addf(q, err, "%ss.signal GLOB ?%d", i ? " OR " : "", p++);
		if (!rc)
			rc = cz_buf_adds(q, ")", err);
	}
	if (!rc && f->initiative)
		rc = cz_buf_addf(q, err, " AND EXISTS (SELECT 1 FROM note_initiatives i WHERE "
				 "i.note_id = n.id AND i.initiative_id = ?%d)", p++);
	if (!rc && f->since)
		rc = cz_buf_addf(q, err, " AND n.date >= ?%d", p++);
	if (!rc && f->until)
		rc = cz_buf_addf(q, err, " AND n.date <= ?%d", p++);
	if (!rc && f->status)
		rc = cz_buf_addf(q, err, " AND s.status = ?%d", p++);
	if (!rc)
		rc = cz_buf_adds(q, " ORDER BY n.date, n.path, s.line, s.col, s.rule_id", err);
	return rc;
}

static cz_rc bind_filters(cz_stmt *st, const filters *f, cz_err *err)
{
	int p = 1;
	cz_rc rc = CZ_OK;

	for (size_t i = 0; !rc && i < f->signals.n; i++)
		rc = cz_stmt_bind_text(st, p++, f->signals.v[i], err);
	if (!rc && f->initiative)
		rc = cz_stmt_bind_text(st, p++, f->initiative, err);
	if (!rc && f->since)
		rc = cz_stmt_bind_text(st, p++, f->since, err);
	if (!rc && f->until)
		rc = cz_stmt_bind_text(st, p++, f->until, err);
	if (!rc && f->status)
		rc = cz_stmt_bind_text(st, p++, f->status, err);
	return rc;
}

static const char *col_text(cz_stmt *st, int c)
{
	const char *s = cz_stmt_text(st, c);

	return s ? s : "";
}

static void put_field(FILE *f, const char *s)
{
	cz_put_safe(f, *s ? s : "-");
}

static void print_text_row(cz_cli *cli, cz_stmt *st)
{
	FILE *f = cli->out;

	cz_put_safe(f, cz_cli_path(cli, col_text(st, C_PATH)));
	fprintf(f, ":%lld\t", (long long)cz_stmt_int(st, C_LINE));
	put_field(f, col_text(st, C_SIGNAL));
	fputc('\t', f);
	put_field(f, col_text(st, C_RULE));
	fputc('\t', f);
	put_field(f, col_text(st, C_STATUS));
	fputc('\t', f);
	put_field(f, col_text(st, C_SPEAKER));
	fputc('\t', f);
	put_field(f, col_text(st, C_EXCERPT));
	fputc('\t', f);
	put_field(f, col_text(st, C_INITS));
	fputc('\n', f);
}

static cz_rc csv_row(cz_cli *cli, cz_csvout *w, cz_stmt *st, cz_err *err)
{
	char num[3][32];
	const char *v[12];

	snprintf(num[0], sizeof(num[0]), "%lld", (long long)cz_stmt_int(st, C_LINE));
	snprintf(num[1], sizeof(num[1]), "%lld", (long long)cz_stmt_int(st, C_COL));
	snprintf(num[2], sizeof(num[2]), "%g", cz_stmt_double(st, C_WEIGHT));
	v[0] = cz_cli_path(cli, col_text(st, C_PATH));
	v[1] = num[0];
	v[2] = num[1];
	v[3] = col_text(st, C_DATE);
	v[4] = col_text(st, C_SIGNAL);
	v[5] = col_text(st, C_RULE);
	v[6] = col_text(st, C_STATUS);
	v[7] = col_text(st, C_POLARITY);
	v[8] = num[2];
	v[9] = col_text(st, C_SPEAKER);
	v[10] = col_text(st, C_EXCERPT);
	v[11] = col_text(st, C_INITS);
	/* line, col and weight are numbers we formatted; the rest is text
	 * from the archive and is neutralised against formula injection. */
	for (size_t i = 0; i < 12; i++) {
		if (i == 1 || i == 2 || i == 8)
			cz_csvout_num(w, v[i]);
		else
			cz_csvout_text(w, v[i]);
	}
	return cz_csvout_end_row(w, err);
}

static json_t *json_row(cz_cli *cli, cz_stmt *st)
{
	json_t *o, *inits = json_array(), *groups = NULL;
	const char *g = cz_stmt_text(st, C_GROUPS), *in = col_text(st, C_INITS);

	if (!inits)
		return NULL;
	while (*in) {
		const char *comma = strchr(in, ',');
		size_t n = comma ? (size_t)(comma - in) : strlen(in);
		json_array_append_new(inits, json_stringn(in, n));
		in += n + (comma ? 1 : 0);
	}
	if (g)
		groups = json_loads(g, 0, NULL);
	o = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:f, s:o, s:s, s:o, s:o}",
		      "path", cz_cli_path(cli, col_text(st, C_PATH)),
		      "line", (json_int_t)cz_stmt_int(st, C_LINE),
		      "col", (json_int_t)cz_stmt_int(st, C_COL),
		      "date", col_text(st, C_DATE),
		      "signal", col_text(st, C_SIGNAL),
		      "rule", col_text(st, C_RULE),
		      "rule_version", (json_int_t)cz_stmt_int(st, C_VERSION),
		      "status", col_text(st, C_STATUS),
		      "polarity", col_text(st, C_POLARITY),
		      "weight", cz_stmt_double(st, C_WEIGHT),
		      "speaker", cz_stmt_text(st, C_SPEAKER)
				 ? json_string(cz_stmt_text(st, C_SPEAKER)) : json_null(),
		      "excerpt", col_text(st, C_EXCERPT),
		      "groups", groups ? groups : json_null(),
		      "initiatives", inits);
	return o;
}

static cz_rc emit(cz_cli *cli, const filters *f, cz_stmt *st, cz_err *err)
{
	bool row, json = !strcmp(f->format, "json"), csv = !strcmp(f->format, "csv");
	json_t *list = json ? json_array() : NULL;
	cz_csvout w;
	cz_rc rc = CZ_OK;

	if (json && !list)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	cz_csvout_init(&w, cli->out);
	if (csv) {
		static const char *const head[] = { "path", "line", "col", "date", "signal",
			"rule", "status", "polarity", "weight", "speaker", "excerpt", "initiatives" };
		for (size_t i = 0; i < 12; i++)
			cz_csvout_text(&w, head[i]);
		rc = cz_csvout_end_row(&w, err);
	}
	while (!rc && !(rc = cz_stmt_step(st, &row, err)) && row) {
		if (json) {
			json_t *o = json_row(cli, st);
			if (!o || json_array_append_new(list, o))
				rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
		} else if (csv) {
			rc = csv_row(cli, &w, st, err);
		} else {
			print_text_row(cli, st);
		}
	}
	if (!rc && json) {
		char *text = json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!text)
			rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
		else
			fprintf(cli->out, "%s\n", text);
		free(text);
	}
	json_decref(list);
	return rc;
}

static cz_rc check_filters(const filters *f, cz_err *err)
{
	static const char *const statuses[] = { "counted", "excepted", "capped", "limit" };
	const char *dates[2] = { f->since, f->until };

	for (size_t i = 0; i < 2; i++) {
		cz_date d;
		size_t used;
		if (dates[i] && (!cz_date_parse_iso(dates[i], strlen(dates[i]), &d, &used) ||
				 used != strlen(dates[i])))
			return cz_err_set(err, CZ_EUSAGE, "evidence: --%s wants a date as "
					  "YYYY-MM-DD, not '%s'", i ? "until" : "since", dates[i]);
	}
	if (f->status) {
		size_t i;
		for (i = 0; i < 4 && strcmp(f->status, statuses[i]); i++)
			;
		if (i == 4)
			return cz_err_set(err, CZ_EUSAGE, "evidence: --status must be counted, "
					  "excepted, capped or limit, not '%s'", f->status);
	}
	if (strcmp(f->format, "text") && strcmp(f->format, "csv") && strcmp(f->format, "json"))
		return cz_err_set(err, CZ_EUSAGE, "evidence: --format must be text, csv or json, "
				  "not '%s'", f->format);
	return CZ_OK;
}

static cz_rc run(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	filters f;
	cz_opts o;
	cz_buf q;
	cz_stmt *st = NULL;
	const char *arg;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "evidence", err);

	memset(&f, 0, sizeof(f));
	cz_strv_init(&f.signals);
	f.format = "text";
	cz_buf_init(&q, 0);
	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id) {
		switch (id) {
		case OPT_SIGNAL: rc = cz_strv_push(&f.signals, arg, err); break;
		case OPT_INITIATIVE: f.initiative = arg; break;
		case OPT_SINCE: f.since = arg; break;
		case OPT_UNTIL: f.until = arg; break;
		case OPT_STATUS: f.status = arg; break;
		case OPT_FORMAT: f.format = arg; break;
		default: break;
		}
	}
	if (!rc && o.npos)
		rc = cz_err_set(err, CZ_EUSAGE, "evidence: unexpected argument '%s'", o.pos[0]);
	if (!rc)
		rc = check_filters(&f, err);
	if (!rc)
		rc = build_query(&f, &q, err);
	if (!rc)
		rc = cz_cli_open_db(cli, err);
	if (!rc)
		rc = cz_db_begin_read(cli->db, err);
	if (!rc)
		rc = cz_db_prepare(cli->db, q.data, &st, err);
	if (!rc)
		rc = bind_filters(st, &f, err);
	if (!rc)
		rc = emit(cli, &f, st, err);
	cz_stmt_finalize(st);
	if (cli->db)
		cz_db_rollback(cli->db);
	cz_buf_release(&q);
	cz_strv_release(&f.signals);
	cz_opt_release(&o);
	return rc;
}

const cz_cmd cz_cmd_evidence = {
	.name = "evidence",
	.summary = "list the stored evidence: one row per rule hit",
	.usage =
	"usage: coalesce evidence [--signal S]... [--initiative ID] [--since DATE]\n"
	"                         [--until DATE] [--status STATUS]\n"
	"                         [--format text|csv|json]\n"
	"\n"
	"Every stored hit, oldest note first. Text: one hit per line, tab-separated:\n"
	"PATH:LINE, signal, rule, status, speaker, excerpt, initiatives ('-' when\n"
	"empty). CSV: a header, then path, line, col, date, signal, rule, status,\n"
	"polarity, weight, speaker, excerpt, initiatives. JSON: a list of objects\n"
	"with those keys plus rule_version and groups (named captures).\n"
	"\n"
	"  -s, --signal S        only this signal (repeatable; GLOB patterns: 'brief.*')\n"
	"  -i, --initiative ID   only notes attributed to this initiative\n"
	"  --since DATE          only notes dated on or after DATE (YYYY-MM-DD)\n"
	"  --until DATE          only notes dated on or before DATE\n"
	"  --status STATUS       counted, excepted, capped or limit\n"
	"  -f, --format FORMAT   text (default), csv or json\n"
	"\n"
	"Exit status: 0 ok, 64 bad option, 66 no database, 74 database error.\n",
	.run = run,
	.flags = CZ_CMD_DB_READ | CZ_CMD_DB_SCAN,
};

/*
 * cmd_status.c - `coalesce status`: what the database holds and the state
 * of the last run, as text or JSON (through jansson).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>

#include "cli.h"
#include "coalesce/schema.h"

enum { OPT_FORMAT = 1 };

static const cz_optdef options[] = {
	{ "format", 'f', true, OPT_FORMAT },
	{ NULL, 0, false, 0 },
};

typedef struct counts {
	int64_t notes, meetings, people, initiatives, signals, unattributed, guessed, rejected;
	int64_t teams, linked_notes, meetings_without_notes, notes_without_meetings;
	cz_strv per_initiative;       /* issue 3: initiative ids ... */
	int64_t per_count[256];       /* ... and their meeting counts */
	char last_run[32];
	char last_command[32];
	cz_strv missing;
} counts;

static const struct {
	const char *sql;
	size_t offset;
} queries[] = {
	{ "SELECT count(*) FROM notes", offsetof(counts, notes) },
	{ "SELECT count(*) FROM meetings", offsetof(counts, meetings) },
	{ "SELECT count(*) FROM people", offsetof(counts, people) },
	{ "SELECT count(*) FROM initiatives", offsetof(counts, initiatives) },
	{ "SELECT count(*) FROM signals", offsetof(counts, signals) },
	{ "SELECT count(*) FROM notes n WHERE NOT EXISTS "
	  "(SELECT 1 FROM note_initiatives i WHERE i.note_id = n.id)", offsetof(counts, unattributed) },
	{ "SELECT count(*) FROM notes WHERE date_source = 'mtime'", offsetof(counts, guessed) },
	{ "SELECT coalesce((SELECT rejected FROM runs WHERE command = 'ingest' "
	  "ORDER BY id DESC LIMIT 1), 0)", offsetof(counts, rejected) },
	{ "SELECT count(DISTINCT team) FROM people WHERE team IS NOT NULL",
	  offsetof(counts, teams) },
	{ "SELECT count(DISTINCT note_id) FROM note_meetings", offsetof(counts, linked_notes) },
	{ "SELECT count(*) FROM meetings m WHERE NOT EXISTS "
	  "(SELECT 1 FROM note_meetings l WHERE l.meeting_id = m.id)",
	  offsetof(counts, meetings_without_notes) },
	{ "SELECT count(*) FROM notes n WHERE NOT EXISTS "
	  "(SELECT 1 FROM note_meetings l WHERE l.note_id = n.id)",
	  offsetof(counts, notes_without_meetings) },
};

/* Meetings per initiative (issue 3), in id order. */
static cz_rc gather_initiatives(cz_db *db, counts *c, cz_err *err)
{
	cz_stmt *s;
	bool row;
	cz_rc rc = cz_db_prepare(db, "SELECT i.id, (SELECT count(*) FROM meeting_initiatives m "
				 "WHERE m.initiative_id = i.id) FROM initiatives i ORDER BY i.id",
				 &s, err);

	while (!rc && !(rc = cz_stmt_step(s, &row, err)) && row &&
	       c->per_initiative.n < sizeof(c->per_count) / sizeof(c->per_count[0])) {
		c->per_count[c->per_initiative.n] = cz_stmt_int(s, 1);
		rc = cz_strv_push(&c->per_initiative, cz_stmt_text(s, 0), err);
	}
	cz_stmt_finalize(s);
	return rc;
}

static cz_rc gather(cz_db *db, counts *c, cz_err *err)
{
	cz_stmt *s;
	bool row;
	cz_rc rc = CZ_OK;

	for (size_t i = 0; !rc && i < sizeof(queries) / sizeof(queries[0]); i++)
		rc = cz_db_query_int(db, queries[i].sql,
				     (int64_t *)(void *)((char *)c + queries[i].offset), err);
	if (!rc)
		rc = gather_initiatives(db, c, err);
	if (!rc)
		rc = cz_db_prepare(db, "SELECT command, coalesce(finished_at, started_at) FROM runs "
				   "ORDER BY id DESC LIMIT 1", &s, err);
	if (rc)
		return rc;
	rc = cz_stmt_step(s, &row, err);
	if (!rc && row) {
		snprintf(c->last_command, sizeof(c->last_command), "%s", cz_stmt_text(s, 0));
		snprintf(c->last_run, sizeof(c->last_run), "%s", cz_stmt_text(s, 1));
	}
	cz_stmt_finalize(s);
	if (!rc)
		rc = cz_db_prepare(db, "SELECT path FROM notes ORDER BY path", &s, err);
	while (!rc && !(rc = cz_stmt_step(s, &row, err)) && row) {
		struct stat st;
		const char *path = cz_stmt_text(s, 0);
		if (stat(path, &st) != 0 && errno == ENOENT)
			rc = cz_strv_push(&c->missing, path, err);
	}
	if (!rc || rc != CZ_OK)
		cz_stmt_finalize(s);
	return rc;
}

static cz_rc print_json(cz_cli *cli, const counts *c, cz_err *err)
{
	json_t *o = json_object(), *missing = json_array(), *per = json_object();
	char *text;

	if (!o || !missing || !per) {
		json_decref(o);
		json_decref(missing);
		json_decref(per);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < c->missing.n; i++)
		json_array_append_new(missing, json_string(cz_cli_path(cli, c->missing.v[i])));
	json_object_set_new(o, "notes", json_integer(c->notes));
	json_object_set_new(o, "meetings", json_integer(c->meetings));
	json_object_set_new(o, "people", json_integer(c->people));
	json_object_set_new(o, "initiatives", json_integer(c->initiatives));
	json_object_set_new(o, "signals", json_integer(c->signals));
	json_object_set_new(o, "unattributed", json_integer(c->unattributed));
	json_object_set_new(o, "rejected", json_integer(c->rejected));
	json_object_set_new(o, "guessed_dates", json_integer(c->guessed));
	json_object_set_new(o, "schema_version", json_integer(cz_schema_version()));
	json_object_set_new(o, "database", json_string(cli->db_path));
	json_object_set_new(o, "last_run", c->last_run[0] ? json_string(c->last_run) : json_null());
	json_object_set_new(o, "missing", missing);
	for (size_t i = 0; i < c->per_initiative.n; i++)
		json_object_set_new(per, c->per_initiative.v[i], json_integer(c->per_count[i]));
	json_object_set_new(o, "teams", json_integer(c->teams));
	json_object_set_new(o, "linked_notes", json_integer(c->linked_notes));
	json_object_set_new(o, "meetings_without_notes", json_integer(c->meetings_without_notes));
	json_object_set_new(o, "notes_without_meetings", json_integer(c->notes_without_meetings));
	json_object_set_new(o, "meetings_per_initiative", per);
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!text)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	fprintf(cli->out, "%s\n", text);
	free(text);
	return CZ_OK;
}

static void print_text(cz_cli *cli, const counts *c)
{
	FILE *f = cli->out;

	fputs("database      ", f);
	cz_put_safe(f, cli->db_path);
	fprintf(f, " (schema %d)\n", cz_schema_version());
	fprintf(f, "notes         %lld\n", (long long)c->notes);
	fprintf(f, "  unattributed  %lld\n", (long long)c->unattributed);
	fprintf(f, "  guessed dates %lld (dated by file mtime)\n", (long long)c->guessed);
	fprintf(f, "  linked to meetings %lld, without meetings %lld\n",
		(long long)c->linked_notes, (long long)c->notes_without_meetings);
	fprintf(f, "initiatives   %lld\n", (long long)c->initiatives);
	fprintf(f, "meetings      %lld\n", (long long)c->meetings);
	fprintf(f, "  without notes %lld\n", (long long)c->meetings_without_notes);
	for (size_t i = 0; i < c->per_initiative.n; i++) {
		fputs("  ", f);
		cz_put_safe(f, c->per_initiative.v[i]);
		fprintf(f, " %lld\n", (long long)c->per_count[i]);
	}
	fprintf(f, "people        %lld (%lld teams)\n", (long long)c->people, (long long)c->teams);
	fprintf(f, "signals       %lld\n", (long long)c->signals);
	if (c->last_run[0])
		fprintf(f, "last run      %s UTC (%s), %lld rejected\n", c->last_run,
			c->last_command, (long long)c->rejected);
	else
		fputs("last run      never\n", f);
	fprintf(f, "missing files %zu%s\n", c->missing.n,
		c->missing.n ? " (remove with 'coalesce ingest --prune PATH')" : "");
	for (size_t i = 0; i < c->missing.n; i++) {
		fputs("  ", f);
		cz_put_safe(f, cz_cli_path(cli, c->missing.v[i]));
		fputc('\n', f);
	}
}

static cz_rc run(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	const char *format = "text", *arg;
	counts c;
	cz_opts o;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "status", err);

	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id)
		if (id == OPT_FORMAT)
			format = arg;
	if (!rc && o.npos)
		rc = cz_err_set(err, CZ_EUSAGE, "status: unexpected argument '%s'", o.pos[0]);
	if (!rc && strcmp(format, "text") && strcmp(format, "json"))
		rc = cz_err_set(err, CZ_EUSAGE, "status: --format must be text or json, not '%s'",
				format);
	cz_opt_release(&o);
	if (rc)
		return rc;
	rc = cz_cli_open_db(cli, err);
	if (rc)
		return rc;
	memset(&c, 0, sizeof(c));
	cz_strv_init(&c.missing);
	cz_strv_init(&c.per_initiative);
	rc = cz_db_begin_read(cli->db, err);
	if (!rc)
		rc = gather(cli->db, &c, err);
	cz_db_rollback(cli->db);
	if (!rc && !strcmp(format, "json"))
		rc = print_json(cli, &c, err);
	else if (!rc)
		print_text(cli, &c);
	cz_strv_release(&c.missing);
	cz_strv_release(&c.per_initiative);
	return rc;
}

const cz_cmd cz_cmd_status = {
	.name = "status",
	.summary = "show what the database holds and how the last run went",
	.usage =
	"usage: coalesce status [--format text|json]\n"
	"\n"
	"Counts of notes, initiatives, meetings, people and signals; notes and\n"
	"meetings linked to each other or not; meetings per initiative; notes not\n"
	"attributed to any initiative; notes whose date was guessed from the file's\n"
	"mtime; files rejected by the last ingest; notes whose files are gone.\n"
	"\n"
	"  -f, --format text|json   output format (default text)\n"
	"\n"
	"JSON keys: notes, meetings, people, initiatives, signals, unattributed,\n"
	"rejected, guessed_dates, schema_version, database, last_run, missing,\n"
	"teams, linked_notes, meetings_without_notes, notes_without_meetings,\n"
	"meetings_per_initiative (an object: initiative id -> meetings).\n",
	.run = run,
	.flags = CZ_CMD_DB_READ | CZ_CMD_DB_SCAN,
};

/*
 * cmd_forget.c - `coalesce forget NAME|EMAIL`: erase a person from the
 * database (forget.h) and say what changed, table by table.
 */
#include <string.h>

#include "cli.h"
#include "coalesce/forget.h"

static const cz_optdef options[] = {
	{ NULL, 0, false, 0 },
};

static void line(cz_cli *cli, const char *what, int64_t n)
{
	fprintf(cli->out, "  %-34s %lld\n", what, (long long)n);
}

static cz_rc run(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	cz_forget_counts c;
	cz_opts o;
	const char *arg;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "forget", err);

	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id)
		;
	if (!rc && o.npos != 1)
		rc = cz_err_set(err, CZ_EUSAGE, "forget: give exactly one NAME or EMAIL");
	if (!rc && !*o.pos[0])
		rc = cz_err_set(err, CZ_EUSAGE, "forget: the NAME or EMAIL is empty");
	if (!rc)
		rc = cz_cli_open_db(cli, err);
	if (!rc)
		rc = cz_forget(cli->db, o.pos[0], &c, err);
	if (!rc) {
		fputs("forget: ", cli->out);
		cz_put_safe(cli->out, o.pos[0]);
		fputc('\n', cli->out);
		line(cli, "people deleted", c.people);
		line(cli, "person_aliases deleted", c.aliases);
		line(cli, "attendees (meetings) deleted", c.attendees);
		line(cli, "note_attendees deleted", c.note_attendees);
		line(cli, "note_bodies.body rewritten", c.note_bodies);
		line(cli, "notes.title rewritten", c.note_titles);
		line(cli, "signals.excerpt rewritten", c.excerpts);
		line(cli, "signals.speaker rewritten", c.speakers);
		line(cli, "signals.groups cleared", c.groups);
		line(cli, "meetings rewritten (fields)", c.meetings);
		fputs("database compacted (secure delete, WAL truncated, VACUUM).\n"
		      "note: the archive is untouched; ingesting the same files again brings "
		      "this person back.\n", cli->out);
	}
	cz_opt_release(&o);
	return rc;
}

const cz_cmd cz_cmd_forget = {
	.name = "forget",
	.summary = "erase a person's name and email from the database",
	.usage =
	"usage: coalesce forget NAME|EMAIL\n"
	"\n"
	"Erase a person from the database: their rows in people, person_aliases,\n"
	"attendees and note_attendees are deleted, and every occurrence of the\n"
	"argument, their names, aliases and email in stored texts (note bodies and\n"
	"titles, evidence excerpts, speakers and groups, meeting subjects,\n"
	"descriptions and locations) is replaced by \"[forgotten]\", case- and\n"
	"accent-insensitively, at word boundaries. Freed pages are zeroed, the WAL\n"
	"is truncated and the database vacuumed, so the name and email are left\n"
	"nowhere in the database files. Prints what changed, per table.\n"
	"\n"
	"The archive is not touched: ingesting the same files again brings the\n"
	"person back. File paths are kept (a name in a file name stays).\n"
	"See docs/privacy.md.\n"
	"\n"
	"Exit status: 0 done (also when nothing matched), 64 usage, 74 database\n"
	"error (busy: another coalesce has the database open).\n",
	.run = run,
	.flags = CZ_CMD_DB_READ,
};

/*
 * cmd.c - the command table and the dispatcher that runs one command.
 *
 * Adding a command: write src/cli/cmd_NAME.c exporting `const cz_cmd
 * cz_cmd_NAME`, declare it below, and list it in `table`. The dispatcher
 * answers -h/--help from the entry's usage text, runs the handler (which
 * calls cz_cli_open_db() once its arguments are valid, so a usage error
 * never creates a database), closes the database, and finally flushes stdout and checks it, so
 * that `coalesce report > /full/disk` fails loudly (exit 74).
 */
#include <errno.h>
#include <string.h>

#include "cli.h"

extern const cz_cmd cz_cmd_evidence;
extern const cz_cmd cz_cmd_explain;
extern const cz_cmd cz_cmd_forget;
extern const cz_cmd cz_cmd_ingest;
extern const cz_cmd cz_cmd_report;
extern const cz_cmd cz_cmd_rules;
extern const cz_cmd cz_cmd_scan;
extern const cz_cmd cz_cmd_status;

static const cz_cmd *const table[] = {
	&cz_cmd_ingest,
	&cz_cmd_scan,
	&cz_cmd_evidence,
	&cz_cmd_rules,
	&cz_cmd_status,
	&cz_cmd_report,
	&cz_cmd_explain,
	&cz_cmd_forget,
	NULL,
};

const cz_cmd *const *cz_commands(void)
{
	return table;
}

const cz_cmd *cz_command_find(const char *name)
{
	for (size_t i = 0; table[i]; i++)
		if (!strcmp(table[i]->name, name))
			return table[i];
	return NULL;
}

cz_rc cz_cli_open_db(cz_cli *cli, cz_err *err)
{
	unsigned flags = cli->cmd->flags;

	if (cli->db)
		return CZ_OK;
	if (!(flags & (CZ_CMD_DB_WRITE | CZ_CMD_DB_READ)))
		return cz_err_set(err, CZ_EINTERNAL, "%s: command declared no database use",
				  cli->cmd->name);
	/* Commands that read much go through a memory map: a report at a
	 * million evidence rows then copies no page (0.87 -> 0.69 s). */
	return cz_db_open(&cli->db, cli->db_path,
			  (flags & CZ_CMD_DB_READ ? CZ_DB_NOCREATE : 0) |
			  (flags & CZ_CMD_DB_SCAN ? CZ_DB_MAPPED : 0), cli->mode, err);
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

cz_rc cz_command_run(cz_cli *cli, const cz_cmd *cmd, int argc, char **argv, cz_err *err)
{
	cz_rc rc = CZ_OK;

	cli->cmd = cmd;
	if (wants_help(argc, argv)) {
		fputs(cmd->usage, cli->out);
	} else {
		rc = cmd->run(cli, argc, argv, err);
		cz_db_close(cli->db);
		cli->db = NULL;
	}
	if (fflush(cli->out) != 0 || ferror(cli->out)) {
		cz_rc wrc = cz_err_set(err, CZ_EIO, "error writing output: %s", strerror(errno));
		if (rc == CZ_OK || rc == CZ_EPARTIAL)
			rc = wrc;
	}
	return rc;
}

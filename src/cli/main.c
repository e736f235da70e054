/*
 * main.c - entry point: global options, configuration, dispatch, and the
 * one place where a result code becomes an exit status.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage_head[] =
	"usage: coalesce [--db FILE] [--config FILE] [--mode OCTAL] COMMAND [ARGS]\n"
	"\n"
	"Evidence of real coalitions (or mood and politics theater) in an archive\n"
	"of meeting notes and calendars. Everything stays on this machine.\n"
	"\n"
	"Commands:\n";

static const char usage_tail[] =
	"\n"
	"Options:\n"
	"  --db FILE       database (default: coalesce.db here, or $COALESCE_DB,\n"
	"                  or db: in the config); created mode 0600\n"
	"  --config FILE   configuration (default: coalesce.yml here, if present)\n"
	"  --mode OCTAL    permissions of files coalesce creates (default 600)\n"
	"  -h, --help      this help; 'coalesce COMMAND --help' for a command\n"
	"  --version       print the version\n"
	"\n"
	"Exit status: 0 ok, 1 partial failure or findings, 64 usage error,\n"
	"65 bad data, 66 missing input, 70 internal error, 74 I/O or database error.\n";

static void print_usage(FILE *f)
{
	const cz_cmd *const *cmds = cz_commands();

	fputs(usage_head, f);
	for (size_t i = 0; cmds[i]; i++)
		fprintf(f, "  %-10s %s\n", cmds[i]->name, cmds[i]->summary);
	fputs(usage_tail, f);
}

static int usage_error(const char *msg, const char *hint_cmd)
{
	fprintf(stderr, "coalesce: %s\n", msg);
	if (hint_cmd)
		fprintf(stderr, "try 'coalesce %s --help'\n", hint_cmd);
	else
		fputs("try 'coalesce --help'\n", stderr);
	return cz_rc_exit_status(CZ_EUSAGE);
}

int main(int argc, char **argv)
{
	cz_cli cli;
	cz_err err = { CZ_OK, "" };
	const char *db_opt = NULL, *env;
	const cz_cmd *cmd;
	int i;
	cz_rc rc;

	memset(&cli, 0, sizeof(cli));
	cli.out = stdout;
	cli.err = stderr;
	cli.out_tty = isatty(STDOUT_FILENO);
	cli.err_tty = isatty(STDERR_FILENO);
	env = getenv("NO_COLOR");
	cli.color = cli.out_tty && !(env && *env);
	if (!getcwd(cli.cwd, sizeof(cli.cwd)))
		cli.cwd[0] = '\0';
	cli.mode = CZ_DB_DEFAULT_MODE;
	cz_config_init(&cli.cfg);

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--version")) {
			printf("coalesce %s\n", CZ_VERSION);
			return 0;
		}
		if (!strcmp(a, "--db") || !strcmp(a, "--config")) {
			if (i + 1 >= argc) {
				char msg[64];
				snprintf(msg, sizeof(msg), "option '%s' needs a value", a);
				return usage_error(msg, NULL);
			}
			if (a[2] == 'd')
				db_opt = argv[++i];
			else
				cli.config_path = argv[++i];
			continue;
		}
		if (!strcmp(a, "--mode") || !strncmp(a, "--mode=", 7)) {
			const char *v = a[6] == '=' ? a + 7 : i + 1 < argc ? argv[++i] : "";
			char *end;
			unsigned long m = strtoul(v, &end, 8);
			if (!*v || *end || m > 0777 || (m & 0600) != 0600)
				return usage_error("--mode takes octal permissions that let the owner "
						   "read and write, such as 600 or 640", NULL);
			cli.mode = (unsigned)m;
			continue;
		}
		if (!strncmp(a, "--db=", 5)) {
			db_opt = a + 5;
			continue;
		}
		if (!strncmp(a, "--config=", 9)) {
			cli.config_path = a + 9;
			continue;
		}
		{
			char msg[256];
			snprintf(msg, sizeof(msg), "unknown option '%.200s'", a);
			return usage_error(msg, NULL);
		}
	}
	if (i >= argc)
		return usage_error("no command given", NULL);
	cmd = cz_command_find(argv[i]);
	if (!cmd) {
		char msg[256];
		snprintf(msg, sizeof(msg), "unknown command '%.200s'", argv[i]);
		return usage_error(msg, NULL);
	}

	rc = cz_config_load(&cli.cfg, cli.config_path ? cli.config_path : "coalesce.yml",
			    cli.config_path != NULL, &err);
	if (!rc) {
		env = getenv("COALESCE_DB");
		cli.db_path = db_opt ? db_opt : env && *env ? env
			    : cli.cfg.db ? cli.cfg.db : "coalesce.db";
		rc = cz_command_run(&cli, cmd, argc - i, argv + i, &err);
	}
	if (rc && rc != CZ_EPARTIAL) {
		fputs("coalesce: ", stderr);
		cz_put_safe(stderr, err.msg);
		fputc('\n', stderr);
		if (rc == CZ_EUSAGE)
			fprintf(stderr, "try 'coalesce %s --help'\n", cmd->name);
	}
	cz_config_release(&cli.cfg);
	return cz_rc_exit_status(rc);
}

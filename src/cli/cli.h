/*
 * cli.h - the command-line front end: shared context, the command table
 * entry type, option parsing and safe terminal output.
 *
 * Commands are data (tmux/git style): each src/cli/cmd_*.c exports one
 * const cz_cmd, and cmd.c lists them. Preconditions (a writable database,
 * an existing one) are flags, acted on in one place (cz_cli_open_db). Commands print
 * through the FILE pointers in cz_cli, return a cz_rc, and never exit; only
 * main() turns the code into an exit status.
 */
#ifndef CZ_CLI_H
#define CZ_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "coalesce/config.h"
#include "coalesce/db.h"
#include "coalesce/err.h"

enum {
	CZ_CMD_DB_NONE = 0,       /* needs no database */
	CZ_CMD_DB_WRITE = 1u << 0, /* opens (creating) the database read-write */
	CZ_CMD_DB_READ = 1u << 1,  /* needs an existing database */
	CZ_CMD_DB_SCAN = 1u << 2   /* with READ: only reads, much (mapped, db.h) */
};

typedef struct cz_cmd cz_cmd;

typedef struct cz_cli {
	const char *db_path;   /* resolved: --db, $COALESCE_DB, config db:, default */
	const char *config_path;
	cz_config cfg;
	const cz_cmd *cmd;     /* the command being run */
	unsigned mode;         /* permissions of files we create (--mode, 0600) */
	cz_db *db;             /* opened by cz_cli_open_db() per the command's flags */
	FILE *out;
	FILE *err;
	bool out_tty, err_tty;
	bool color;            /* colour allowed on out (TTY and no NO_COLOR) */
	char cwd[4096];
} cz_cli;

struct cz_cmd {
	const char *name;
	const char *summary;   /* one line for `coalesce --help` */
	const char *usage;     /* the command's --help text */
	cz_rc (*run)(cz_cli *cli, int argc, char **argv, cz_err *err);
	unsigned flags;
};

/* The table, NULL-terminated, and lookup by name. */
const cz_cmd *const *cz_commands(void);
const cz_cmd *cz_command_find(const char *name);

/*
 * Open cli->db as the command's flags say (creating it for CZ_CMD_DB_WRITE,
 * requiring it for CZ_CMD_DB_READ). Handlers call it after checking their
 * arguments; the dispatcher closes it.
 */
cz_rc cz_cli_open_db(cz_cli *cli, cz_err *err);

/* Run a command: help, the handler, closing the database, flushing stdout. */
cz_rc cz_command_run(cz_cli *cli, const cz_cmd *cmd, int argc, char **argv, cz_err *err);

/* Option parsing: a small getopt_long without global state. */
typedef struct cz_optdef {
	const char *name;  /* long name without "--" */
	char shortname;    /* 0 for none */
	bool has_arg;
	int id;            /* returned by cz_opt_next; must be > 0 */
} cz_optdef;

typedef struct cz_opts {
	int argc;
	char **argv;
	int i;
	const cz_optdef *defs; /* terminated by an entry with name NULL */
	const char *cmd;       /* for messages */
	char **pos;            /* positional arguments, collected in order */
	int npos;
	bool dashdash;
} cz_opts;

/*
 * Start parsing argv[1..argc) (argv[0] is the command name). The
 * positional array is allocated here and freed by cz_opt_release().
 */
cz_rc cz_opt_init(cz_opts *o, int argc, char **argv, const cz_optdef *defs,
		  const char *cmd, cz_err *err);
void cz_opt_release(cz_opts *o);
/*
 * Next option: returns CZ_OK and sets *id (0 at the end) and *arg.
 * An unknown option or missing argument is CZ_EUSAGE.
 */
cz_rc cz_opt_next(cz_opts *o, int *id, const char **arg, cz_err *err);

/* Print s with control characters escaped (\x1b, \n...): file names and
 * titles come from outside and must not drive the terminal. */
void cz_put_safe(FILE *f, const char *s);
/*
 * Create (or truncate) an output file with the permissions of --mode
 * (default 0600) whatever the umask or the file's old mode. *out is the
 * caller's to fclose.
 */
cz_rc cz_cli_create_output(const cz_cli *cli, const char *path, FILE **out, cz_err *err);

/* A display path: relative to the working directory when below it. */
const char *cz_cli_path(const cz_cli *cli, const char *path);

/* Progress line on stderr (TTY only); call cz_progress_end before output. */
typedef struct cz_progress {
	bool enabled;
	double start, last;
	FILE *f;
} cz_progress;

void cz_progress_init(cz_progress *p, FILE *f, bool enabled);
void cz_progress_update(cz_progress *p, size_t done, size_t total, unsigned long long bytes,
			unsigned long long total_bytes);
void cz_progress_end(cz_progress *p);

#endif

/*
 * rules_lint.c - `coalesce rules lint`: one warning per line as
 * FILE:LINE:COL: RULE: message, then a count; exit 1 when anything was found.
 */
#include "rulescli.h"
#include "rulescmd.h"

static const cz_optdef options[] = {
	CZ_RULES_OPTDEFS,
	{ NULL, 0, false, 0 },
};

static void on_finding(void *ctx, const cz_lint *f)
{
	cz_cli *cli = ctx;

	cz_put_safe(cli->out, cz_cli_path(cli, f->rule->path));
	fprintf(cli->out, ":%zu:%zu: %s: warning: ", f->line, f->col, f->rule->id);
	cz_put_safe(cli->out, f->msg);
	fputc('\n', cli->out);
}

cz_rc cz_rules_lint(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	cz_rules_args ra;
	cz_ruleset rs;
	cz_opts o;
	const char *arg;
	bool used;
	int id;
	size_t n;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "rules lint", err);

	cz_rules_args_init(&ra);
	cz_ruleset_init(&rs);
	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id)
		rc = cz_rules_args_opt(&ra, id, arg, &used, err);
	if (!rc && o.npos)
		rc = cz_err_set(err, CZ_EUSAGE, "rules lint: unexpected argument '%s'", o.pos[0]);
	if (!rc)
		rc = cz_cli_load_rules(cli, &ra, &rs, err);
	if (!rc) {
		n = cz_ruleset_lint(&rs, on_finding, cli);
		fprintf(cli->out, "%zu rule(s) checked, %zu warning(s)\n", rs.n, n);
		if (n)
			rc = cz_err_set(err, CZ_EPARTIAL, "rules lint: %zu warning(s)", n);
	}
	cz_ruleset_release(&rs);
	cz_rules_args_release(&ra);
	cz_opt_release(&o);
	return rc;
}

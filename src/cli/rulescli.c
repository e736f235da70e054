/*
 * rulescli.c - loading the rule set for a command and reporting limits
 * (see rulescli.h). Directory order is fixed (shipped, config, command
 * line) so a duplicate id is always reported against the later file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulescli.h"

void cz_rules_args_init(cz_rules_args *a)
{
	cz_strv_init(&a->dirs);
	a->no_default = false;
	a->engine = NULL;
}

void cz_rules_args_release(cz_rules_args *a)
{
	cz_strv_release(&a->dirs);
}

cz_rc cz_rules_args_opt(cz_rules_args *a, int id, const char *arg, bool *used, cz_err *err)
{
	*used = true;
	if (id == CZ_OPT_RULES)
		return cz_strv_push(&a->dirs, arg, err);
	if (id == CZ_OPT_NO_DEFAULT_RULES) {
		a->no_default = true;
		return CZ_OK;
	}
	if (id == CZ_OPT_ENGINE) {
		cz_engine e;
		a->engine = arg;
		if (!cz_engine_parse(arg, &e))
			return cz_err_set(err, CZ_EUSAGE, "--engine must be auto or pcre2, not '%s'",
					  arg);
		return CZ_OK;
	}
	*used = false;
	return CZ_OK;
}

cz_rc cz_cli_engine(const cz_rules_args *a, cz_engine *out, cz_err *err)
{
	const char *name = a->engine ? a->engine : getenv("COALESCE_ENGINE");

	*out = CZ_ENGINE_AUTO;
	if (name && *name && !cz_engine_parse(name, out))
		return cz_err_set(err, CZ_EUSAGE, "COALESCE_ENGINE must be auto or pcre2, not '%s'",
				  name);
	return CZ_OK;
}

/* dir + "/" + leaf, malloc'd; NULL without memory (then: no cache). */
static char *join(const char *dir, const char *leaf)
{
	size_t n = strlen(dir) + 1 + strlen(leaf) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, leaf);
	return p;
}

char *cz_cli_cache_dir(void)
{
	const char *env = getenv("COALESCE_CACHE_DIR");

	if (env)
		return *env && strcmp(env, "off") ? strdup(env) : NULL;
	env = getenv("XDG_CACHE_HOME");
	if (env && env[0] == '/') /* the XDG spec: a relative value is ignored */
		return join(env, "coalesce");
	env = getenv("HOME");
	if (env && *env)
		return join(env, ".cache/coalesce");
	return NULL;
}

cz_rc cz_cli_build_prefilter(cz_prefilter **out, const cz_ruleset *rs, cz_engine engine,
			     cz_err *err)
{
	char *dir = cz_cli_cache_dir();
	cz_rc rc = cz_prefilter_build(out, rs, engine, dir, err);

	free(dir);
	return rc;
}

cz_rc cz_cli_prefilter(const cz_rules_args *a, const cz_ruleset *rs, cz_prefilter **out,
		       cz_err *err)
{
	cz_engine e;
	cz_rc rc = cz_cli_engine(a, &e, err);

	*out = NULL;
	return rc ? rc : cz_cli_build_prefilter(out, rs, e, err);
}

cz_rc cz_cli_jobs(const char *arg, unsigned *out, cz_err *err)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || n < 1 || n > 256)
		return cz_err_set(err, CZ_EUSAGE, "--jobs must be a number from 1 to 256, not '%s'",
				  arg);
	*out = (unsigned)n;
	return CZ_OK;
}

cz_rc cz_cli_load_rules(cz_cli *cli, const cz_rules_args *a, cz_ruleset *rs, cz_err *err)
{
	cz_rules_config rcfg;
	cz_rc rc;

	cz_rules_config_init(&rcfg);
	rc = cz_rules_config_parse(&rcfg, &cli->cfg, err);
	if (!rc && rcfg.use_default && !a->no_default) {
		char *dir = cz_rules_default_dir(err);
		if (dir)
			rc = cz_ruleset_load_dir(rs, dir, err);
		free(dir);
	}
	for (size_t i = 0; !rc && i < rcfg.dirs.n; i++)
		rc = cz_ruleset_load_dir(rs, rcfg.dirs.v[i], err);
	for (size_t i = 0; !rc && i < a->dirs.n; i++)
		rc = cz_ruleset_load_dir(rs, a->dirs.v[i], err);
	if (!rc)
		rc = cz_ruleset_apply(rs, &rcfg, err);
	if (!rc)
		rc = cz_ruleset_finish(rs, err);
	cz_rules_config_release(&rcfg);
	return rc;
}

void cz_cli_report_unscanned(cz_cli *cli, long long n)
{
	fprintf(cli->err, "coalesce: %lld note(s) were not re-evaluated: their file is gone or "
		"changed since ingest and no text of them is stored (ingest --keep-text); "
		"their evidence is from the previous rules; ingest them again\n", n);
}

void cz_cli_report_limits(cz_cli *cli, const cz_ruleset *rs, const cz_evidence *ev)
{
	for (size_t i = 0; i < rs->n; i++) {
		bool disabled;
		size_t n = cz_evidence_limits(ev, i, &disabled);
		if (!n)
			continue;
		fprintf(cli->err, "coalesce: rule %s hit the regex match limit or its time budget in %zu note(s)%s; "
			"its evidence there has status 'limit'; check its patterns with "
			"'coalesce rules lint'\n", rs->rules[i]->id, n,
			disabled ? " and was disabled for the rest of the run" : "");
	}
}

/*
 * rules_list.c - `coalesce rules list`: the rules in force, as a table or
 * as JSON (jansson).
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "rulescli.h"
#include "rulescmd.h"

enum { OPT_FORMAT = 1 };

static const cz_optdef options[] = {
	{ "format", 'f', true, OPT_FORMAT },
	CZ_RULES_OPTDEFS,
	{ NULL, 0, false, 0 },
};

static size_t examples(const cz_rule *r)
{
	return r->n_ex_match + r->n_ex_no_match + r->n_ex_excepted;
}

static cz_rc print_json(cz_cli *cli, const cz_ruleset *rs, cz_err *err)
{
	json_t *list = json_array();
	char *text;

	if (!list)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < rs->n; i++) {
		const cz_rule *r = rs->rules[i];
		json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:f, s:s, s:s, s:s, s:b, s:I, s:s}",
				      "id", r->id, "version", (json_int_t)r->version,
				      "signal", r->signal, "polarity", cz_polarity_name(r->polarity),
				      "weight", r->weight, "status", r->status, "level", r->level,
				      "scope", cz_scope_name(r->scope), "enabled", r->enabled,
				      "examples", (json_int_t)examples(r), "path", r->path);
		if (!o || json_array_append_new(list, o)) {
			json_decref(list);
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		}
	}
	text = json_dumps(list, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(list);
	if (!text)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	fprintf(cli->out, "%s\n", text);
	free(text);
	return CZ_OK;
}

static void print_text(cz_cli *cli, const cz_ruleset *rs)
{
	size_t w = 4;

	for (size_t i = 0; i < rs->n; i++)
		if (strlen(rs->rules[i]->id) > w)
			w = strlen(rs->rules[i]->id);
	fprintf(cli->out, "%-*s  %-24s %-8s %6s  %-12s %s\n", (int)w, "ID", "SIGNAL", "POLARITY",
		"WEIGHT", "STATUS", "EXAMPLES");
	for (size_t i = 0; i < rs->n; i++) {
		const cz_rule *r = rs->rules[i];
		fprintf(cli->out, "%-*s  %-24s %-8s %6.2f  %-12s %zu%s\n", (int)w, r->id, r->signal,
			cz_polarity_name(r->polarity), r->weight, r->status, examples(r),
			r->enabled ? "" : "  (disabled)");
	}
	fprintf(cli->out, "%zu rule(s)\n", rs->n);
}

cz_rc cz_rules_list(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	const char *format = "text", *arg;
	cz_rules_args ra;
	cz_ruleset rs;
	cz_opts o;
	bool used;
	int id;
	cz_rc rc = cz_opt_init(&o, argc, argv, options, "rules list", err);

	cz_rules_args_init(&ra);
	cz_ruleset_init(&rs);
	while (!rc && !(rc = cz_opt_next(&o, &id, &arg, err)) && id) {
		rc = cz_rules_args_opt(&ra, id, arg, &used, err);
		if (!rc && !used && id == OPT_FORMAT)
			format = arg;
	}
	if (!rc && o.npos)
		rc = cz_err_set(err, CZ_EUSAGE, "rules list: unexpected argument '%s'", o.pos[0]);
	if (!rc && strcmp(format, "text") && strcmp(format, "json"))
		rc = cz_err_set(err, CZ_EUSAGE, "rules list: --format must be text or json, "
				"not '%s'", format);
	if (!rc)
		rc = cz_cli_load_rules(cli, &ra, &rs, err);
	if (!rc && !strcmp(format, "json"))
		rc = print_json(cli, &rs, err);
	else if (!rc)
		print_text(cli, &rs);
	cz_ruleset_release(&rs);
	cz_rules_args_release(&ra);
	cz_opt_release(&o);
	return rc;
}

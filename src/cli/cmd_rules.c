/*
 * cmd_rules.c - `coalesce rules list|test|lint`: one command whose
 * subcommands live in rules_list.c, rules_test.c and rules_lint.c. This
 * file holds the usage text and the dispatch.
 */
#include <string.h>

#include "cli.h"
#include "rulescli.h"
#include "rulescmd.h"

static const struct {
	const char *name;
	cz_rc (*run)(cz_cli *cli, int argc, char **argv, cz_err *err);
} subs[] = {
	{ "list", cz_rules_list },
	{ "test", cz_rules_test },
	{ "lint", cz_rules_lint },
};

static cz_rc run(cz_cli *cli, int argc, char **argv, cz_err *err)
{
	if (argc < 2)
		return cz_err_set(err, CZ_EUSAGE, "rules: give a subcommand: list, test or lint");
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].run(cli, argc - 1, argv + 1, err);
	return cz_err_set(err, CZ_EUSAGE, "rules: unknown subcommand '%s' (list, test, lint)",
			  argv[1]);
}

const cz_cmd cz_cmd_rules = {
	.name = "rules",
	.summary = "list, test and lint the rules in force",
	.usage =
	"usage: coalesce rules list [--format text|json] [RULE OPTIONS]\n"
	"       coalesce rules test [RULE OPTIONS]\n"
	"       coalesce rules lint [RULE OPTIONS]\n"
	"\n"
	"list  every rule: id, signal, polarity, weight, status, number of examples\n"
	"      (disabled rules are marked).\n"
	"test  run every rule's examples: each 'match' example must give a counted\n"
	"      hit, each 'no_match' example no hit, each 'excepted' example hits that\n"
	"      are all excepted; every match pattern and unless entry must be used by\n"
	"      some example. Prints one line per rule and 'N passed, M failed'.\n"
	"lint  warn about patterns the JIT cannot compile, nested unbounded\n"
	"      quantifiers, patterns starting or ending with a letter without \\b,\n"
	"      \\p{Lu} under caseless matching, and rules without examples.\n"
	"\n"
	"Rule options:\n"
	CZ_RULES_USAGE
	"  -f, --format text|json (list only) output format\n"
	"\n"
	"Exit status: 0 ok, 1 a test failed or lint found something, 65 a rule file\n"
	"is broken (the error names FILE:LINE:COL), 66 a rules directory is missing.\n",
	.run = run,
	.flags = CZ_CMD_DB_NONE,
};

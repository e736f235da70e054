/*
 * rulescmd.h - the `coalesce rules` subcommands (cmd_rules.c dispatches).
 * Each takes argv with the subcommand name in argv[0].
 */
#ifndef CZ_RULESCMD_H
#define CZ_RULESCMD_H

#include "cli.h"

cz_rc cz_rules_list(cz_cli *cli, int argc, char **argv, cz_err *err);
cz_rc cz_rules_test(cz_cli *cli, int argc, char **argv, cz_err *err);
cz_rc cz_rules_lint(cz_cli *cli, int argc, char **argv, cz_err *err);

#endif

/*
 * cz_report_cli.h - helpers shared by `report` and `explain` (cmd_report.c).
 */
#ifndef CZ_REPORT_CLI_H
#define CZ_REPORT_CLI_H

#include "cli.h"
#include "coalesce/score.h"

/* Defaults overridden by `scoring:` in the loaded coalesce.yml. */
cz_rc cz_report_cli_cfg(cz_cli *cli, cz_score_cfg *cfg, cz_err *err);

#endif

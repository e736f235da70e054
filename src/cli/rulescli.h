/*
 * rulescli.h - what the rule-using commands share: the --rules and
 * --no-default-rules options, loading the rule set in force, and the
 * end-of-run report of rules that hit the regex limits.
 */
#ifndef CZ_RULESCLI_H
#define CZ_RULESCLI_H

#include <stdbool.h>

#include "cli.h"
#include "coalesce/buf.h"
#include "coalesce/evidence.h"
#include "coalesce/match.h"
#include "coalesce/prefilter.h"
#include "coalesce/rule.h"

/* Option ids used by every rule command; keep clear of the commands' own. */
enum { CZ_OPT_RULES = 100, CZ_OPT_NO_DEFAULT_RULES, CZ_OPT_ENGINE, CZ_OPT_JOBS };

#define CZ_RULES_OPTDEFS \
	{ "rules", 0, true, CZ_OPT_RULES }, \
	{ "no-default-rules", 0, false, CZ_OPT_NO_DEFAULT_RULES }

#define CZ_RULES_USAGE \
	"  --rules DIR            also load the rule packs in DIR (repeatable)\n" \
	"  --no-default-rules     do not load the rules shipped with coalesce\n"

/* Issue 7: the matching engine, for the commands that store evidence. */
#define CZ_ENGINE_OPTDEF { "engine", 0, true, CZ_OPT_ENGINE }

/* -j/--jobs N for the commands that evaluate notes (ingest, scan). */
#define CZ_JOBS_OPTDEF { "jobs", 'j', true, CZ_OPT_JOBS }
#define CZ_JOBS_USAGE \
	"  -j, --jobs N           threads reading and matching notes (default: the\n" \
	"                         number of CPUs; the database is the same for any N)\n"

#define CZ_ENGINE_USAGE \
	"  --engine auto|pcre2    auto: Vectorscan prefilter when built in, confirmed\n" \
	"                         by PCRE2; pcre2: PCRE2 only (same evidence, slower);\n" \
	"                         default: $COALESCE_ENGINE, else auto; compiled\n" \
	"                         prefilters are cached in $COALESCE_CACHE_DIR, else\n" \
	"                         ~/.cache/coalesce (\"off\": no cache)\n"

typedef struct cz_rules_args {
	cz_strv dirs;
	bool no_default;
	const char *engine; /* --engine as given, or NULL */
} cz_rules_args;

void cz_rules_args_init(cz_rules_args *a);
void cz_rules_args_release(cz_rules_args *a);
/* Handle option id if it is a rules option: *used says whether it was. */
cz_rc cz_rules_args_opt(cz_rules_args *a, int id, const char *arg, bool *used, cz_err *err);

/*
 * Load the rule set in force: the shipped pack (unless disabled by the
 * option or `rules: {default: false}`), the config's dirs, then --rules
 * dirs; apply the config's disable/weights; finish (sort, fingerprint).
 */
cz_rc cz_cli_load_rules(cz_cli *cli, const cz_rules_args *a, cz_ruleset *rs, cz_err *err);

/* The engine by --engine, else $COALESCE_ENGINE, else auto; bad: usage. */
cz_rc cz_cli_engine(const cz_rules_args *a, cz_engine *out, cz_err *err);

/*
 * The directory of the compiled-prefilter cache (malloc'd, caller frees),
 * or NULL for no cache: $COALESCE_CACHE_DIR when set ("" or "off": no
 * cache), else $XDG_CACHE_HOME/coalesce (when absolute), else
 * $HOME/.cache/coalesce, else none. Never an error.
 */
char *cz_cli_cache_dir(void);

/* cz_prefilter_build() with the cache directory above. */
cz_rc cz_cli_build_prefilter(cz_prefilter **out, const cz_ruleset *rs, cz_engine engine,
			     cz_err *err);

/*
 * The prefilter for rs by --engine, else $COALESCE_ENGINE, else auto
 * (*out NULL: PCRE2 only). A bad engine name is a usage error.
 */
cz_rc cz_cli_prefilter(const cz_rules_args *a, const cz_ruleset *rs, cz_prefilter **out,
		       cz_err *err);

/* Print to stderr the rules that hit a regex limit during the run. */
void cz_cli_report_limits(cz_cli *cli, const cz_ruleset *rs, const cz_evidence *ev);

/* Print to stderr that n stored notes could not be re-evaluated: no text
 * stored and the file gone or changed since ingest. */
void cz_cli_report_unscanned(cz_cli *cli, long long n);

/* --jobs N: a number from 1 to 256; anything else is a usage error. */
cz_rc cz_cli_jobs(const char *arg, unsigned *out, cz_err *err);

#endif

/*
 * rule.h - rule files and rule sets: loading, checking, fingerprinting.
 *
 * A rule is one YAML file `<dir>/<pack>/<name>.yml` whose id is
 * `<pack>.<name>` (docs/rules.md documents every key). The loader is
 * strict on purpose: YAML quietly changes regexes (a double-quoted "\b" is
 * a backspace, a plain `[Dd]ecided` is a flow list, `foo: bar` is a
 * mapping), so it refuses double-quoted patterns, flow-style lists of
 * patterns or examples, unknown keys and duplicate ids. Every error is
 * "FILE:LINE:COL: problem; how to fix it"; a bad regex carries PCRE2's
 * message and offset.
 *
 * A cz_ruleset owns its rules and their compiled regexes; once loaded it
 * is read-only and may be shared (per-run matching state lives in a
 * cz_matcher, match.h). Its fingerprint covers every rule file's bytes, the
 * config's overrides and the engine version, so evidence can be recomputed
 * whenever the rules in force change.
 */
#ifndef CZ_RULE_H
#define CZ_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/buf.h"
#include "coalesce/config.h"
#include "coalesce/err.h"
#include "coalesce/hash.h"
#include "coalesce/regex.h"

/* Bumped when matching semantics change: evidence must then be recomputed. */
#define CZ_RULE_ENGINE_VERSION 1
/* Largest rule file read. */
#define CZ_RULE_MAX_FILE ((size_t)256 << 10)

typedef enum cz_scope {
	CZ_SCOPE_LINE,
	CZ_SCOPE_SENTENCE,
	CZ_SCOPE_ITEM,      /* a list item or a speaker turn (else the paragraph) */
	CZ_SCOPE_PARAGRAPH, /* a run of non-blank lines */
	CZ_SCOPE_SECTION,   /* a heading and the text under it */
	CZ_SCOPE_NOTE
} cz_scope;

typedef enum cz_where {
	CZ_IN_SCOPE,  /* anywhere in the hit's unit */
	CZ_IN_BEFORE, /* within `chars` characters before the hit */
	CZ_IN_AFTER,  /* within `chars` characters after the hit */
	CZ_IN_NOTE    /* anywhere in the note body (unless only) */
} cz_where;

typedef enum cz_polarity {
	CZ_POL_POSITIVE,
	CZ_POL_NEGATIVE,
	CZ_POL_NEUTRAL
} cz_polarity;

/* A regex as written in a rule file, with where it was written. */
typedef struct cz_rpat {
	char *text;
	cz_regex *re;
	cz_where in;     /* require/unless only */
	size_t chars;    /* before/after window, in characters */
	size_t line, col;
} cz_rpat;

/* An example sentence (or small note) and where it was written. */
typedef struct cz_rexample {
	char *text;
	size_t line, col;
} cz_rexample;

typedef struct cz_rule {
	char *id;          /* "<pack>.<name>" */
	char *path;        /* the file it came from, as found */
	size_t line, col;  /* of the `id:` key (1:1 when absent), for messages */
	long version;
	char *status;      /* stable | experimental | deprecated */
	char *signal;
	cz_polarity polarity;
	double weight;     /* after config overrides */
	char *level;       /* low | medium | high */
	cz_scope scope;
	char *message, *rationale; /* may be NULL */
	cz_strv falsepositives;
	bool caseless;     /* default true */
	cz_rpat *match;     size_t n_match;
	cz_rpat *require;   size_t n_require;
	cz_rpat *unless;    size_t n_unless;
	cz_rpat *section;  /* NULL: any section */
	long max_per_note; /* 0: no cap */
	long min_count;    /* >= 1 */
	cz_rexample *ex_match;    size_t n_ex_match;
	cz_rexample *ex_no_match; size_t n_ex_no_match;
	cz_rexample *ex_excepted; size_t n_ex_excepted;
	bool enabled;      /* false when the config disables it */
	char file_hash[CZ_HASH_HEX];
} cz_rule;

typedef struct cz_ruleset {
	cz_rule **rules;  /* sorted by id once cz_ruleset_finish() ran */
	size_t n, cap;
	cz_strv dirs;     /* directories loaded, absolute, each once */
	char hash[CZ_HASH_HEX];
} cz_ruleset;

#define CZ_RULE_DEFAULT_CHARS 60
#define CZ_RULE_MAX_CHARS 10000

void cz_ruleset_init(cz_ruleset *rs);
void cz_ruleset_release(cz_ruleset *rs);

/*
 * Parse one rule file's text. `path` names it in messages; `pack` and
 * `name` give the id. *out is owned by the caller (cz_rule_free).
 */
cz_rc cz_rule_parse(cz_rule **out, const char *path, const char *pack, const char *name,
		    const char *text, size_t len, cz_err *err);
void cz_rule_free(cz_rule *rule);

/*
 * Load every `<pack>/<name>.yml` under dir (and `<name>.yml` directly in
 * dir, as pack basename(dir)). A directory already loaded (same absolute
 * path) is skipped. A missing dir is CZ_ENOINPUT; the first bad file stops
 * the load with its FILE:LINE:COL error; a duplicate id names both files.
 */
cz_rc cz_ruleset_load_dir(cz_ruleset *rs, const char *dir, cz_err *err);

/* Add a parsed rule (taken: freed on failure); a duplicate id is CZ_EDATA. */
cz_rc cz_ruleset_add(cz_ruleset *rs, cz_rule *rule, cz_err *err);

/*
 * The `rules:` section of coalesce.yml: {default: bool, dirs: [...],
 * disable: [id...], weights: {id: number}}. cz_rules_config_parse() reads
 * it (NULL section: defaults); cz_ruleset_apply() applies disable/weights
 * after loading, refusing ids that no loaded rule has.
 */
typedef struct cz_rules_config {
	bool use_default;   /* load the shipped pack (default true) */
	cz_strv dirs;       /* resolved against the config's directory */
	cz_strv disable;
	cz_strv weight_ids;
	double *weights;    /* parallel to weight_ids */
	size_t *disable_line, *weight_line; /* for messages */
	const char *file;   /* config path for messages (borrowed) */
} cz_rules_config;

void cz_rules_config_init(cz_rules_config *rc);
void cz_rules_config_release(cz_rules_config *rc);
cz_rc cz_rules_config_parse(cz_rules_config *out, const cz_config *cfg, cz_err *err);
cz_rc cz_ruleset_apply(cz_ruleset *rs, const cz_rules_config *rc, cz_err *err);

/* Sort by id and compute the fingerprint. Call once everything is loaded. */
cz_rc cz_ruleset_finish(cz_ruleset *rs, cz_err *err);

/* The rule with this id, or NULL. */
const cz_rule *cz_ruleset_find(const cz_ruleset *rs, const char *id);

/*
 * The shipped rules directory: <exe dir>/../share/coalesce/rules when it
 * exists, else the source tree's rules/ (CZ_SOURCE_RULES_DIR), else NULL.
 * Caller frees.
 */
char *cz_rules_default_dir(cz_err *err);

const char *cz_scope_name(cz_scope s);
const char *cz_where_name(cz_where w);
const char *cz_polarity_name(cz_polarity p);

/* One lint finding: the rule, where, and what to change. */
typedef struct cz_lint {
	const cz_rule *rule;
	size_t line, col;
	char msg[256];
} cz_lint;

typedef void (*cz_lint_fn)(void *ctx, const cz_lint *finding);

/*
 * Check every rule for: patterns the JIT cannot compile, nested unbounded
 * quantifiers, a pattern that starts or ends with a letter but has no
 * \b, \p{Lu}/\p{Ll} under caseless matching, rules without examples.
 * Returns the number of findings.
 */
size_t cz_ruleset_lint(const cz_ruleset *rs, cz_lint_fn fn, void *ctx);

#endif

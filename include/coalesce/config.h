/*
 * config.h - coalesce.yml: where the database lives, which initiatives exist
 * and how notes are attributed to them.
 *
 * The file is optional; without one every setting has its default. Keys
 * are checked strictly: an unknown key is an error naming it and its line,
 * because a misspelt key silently ignored is a setting the user believes in
 * and does not have. Sections owned by later stages (people, calendar,
 * rules, scoring) are kept as YAML nodes for their own modules to read, so
 * this module does not grow with every feature.
 *
 * Relative paths inside the file are relative to the file's directory.
 */
#ifndef CZ_CONFIG_H
#define CZ_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/buf.h"
#include "coalesce/err.h"
#include "coalesce/hash.h"
#include "coalesce/regex.h"
#include "coalesce/ydoc.h"

#define CZ_DEFAULT_MAX_FILE_SIZE ((size_t)16 << 20)

typedef struct cz_initiative_def {
	char *id;
	char *name;
	cz_strv patterns;        /* `match:` regexes as written */
	cz_regex **match;        /* compiled, caseless; n = patterns.n */
	cz_strv required_parties;
	size_t line;
} cz_initiative_def;

typedef struct cz_config {
	char *path;  /* the file read, or NULL when defaults are in force */
	char *dir;   /* its directory ("." without a file) */
	char *db;    /* `db:` resolved against dir, or NULL */
	size_t max_file_size;
	cz_initiative_def *initiatives;
	size_t n_initiatives;
	cz_ydoc doc; /* kept alive for the section nodes below */
} cz_config;

void cz_config_init(cz_config *cfg);
void cz_config_release(cz_config *cfg);

/*
 * Load path into cfg. A missing file is CZ_ENOINPUT when `required`, else
 * leaves the defaults. Errors name "PATH:LINE:COL: ..." and what to do.
 */
cz_rc cz_config_load(cz_config *cfg, const char *path, bool required, cz_err *err);
/* Load from memory (tests); `name` is used in messages. */
cz_rc cz_config_load_text(cz_config *cfg, const char *name, const char *text, size_t len,
			  cz_err *err);

/* The YAML node of a top-level section (e.g. "scoring"), or NULL. Borrowed. */
const cz_ynode *cz_config_section(const cz_config *cfg, const char *key);

/* A path from the config made absolute against cfg->dir; caller frees. */
char *cz_config_resolve(const cz_config *cfg, const char *path, cz_err *err);

/* The definition of initiative id, or NULL. */
const cz_initiative_def *cz_config_initiative(const cz_config *cfg, const char *id);

/*
 * A stable fingerprint of everything that decides attribution (ids, names,
 * patterns, parties), so stored notes can be re-attributed when it changes.
 * Writes 32 hex digits + NUL.
 */
void cz_config_initiatives_hash(const cz_config *cfg, char out[CZ_HASH_HEX]);

/* Whether s is a valid initiative id: [a-z0-9][a-z0-9._-]*, at most 64 bytes. */
bool cz_initiative_id_valid(const char *s);

#endif

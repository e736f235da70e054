/*
 * ruleset.c - rule packs: finding and loading rule directories, the
 * `rules:` section of coalesce.yml, and the ruleset fingerprint.
 *
 * A rules directory holds packs (`<dir>/<pack>/<name>.yml`); rule files
 * placed directly in it form the pack named after the directory. Files are
 * read in name order so load errors and the fingerprint are reproducible.
 * Ids are unique across everything loaded: the second definition is an
 * error naming both files, never a silent override.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coalesce/file.h"
#include "coalesce/rule.h"

void cz_ruleset_init(cz_ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
	cz_strv_init(&rs->dirs);
}

void cz_ruleset_release(cz_ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		cz_rule_free(rs->rules[i]);
	free(rs->rules);
	cz_strv_release(&rs->dirs);
	cz_ruleset_init(rs);
}

static cz_rule *find_mut(const cz_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->rules[i]->id, id))
			return rs->rules[i];
	return NULL;
}

const cz_rule *cz_ruleset_find(const cz_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->rules[i]->id, id))
			return rs->rules[i];
	return NULL;
}

/* Pack and rule names: lowercase letters, digits, '_' and '-'. */
static bool name_valid(const char *s, size_t n)
{
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		      (ch == '-' && i > 0)))
			return false;
	}
	return true;
}

/* Length of name without ".yml"/".yaml", or 0 when it is not a rule file. */
static size_t rule_stem(const char *name)
{
	size_t n = strlen(name);

	if (n > 4 && !strcmp(name + n - 4, ".yml"))
		return n - 4;
	if (n > 5 && !strcmp(name + n - 5, ".yaml"))
		return n - 5;
	return 0;
}

cz_rc cz_ruleset_add(cz_ruleset *rs, cz_rule *rule, cz_err *err)
{
	const cz_rule *dup = cz_ruleset_find(rs, rule->id);

	if (dup) {
		cz_rc rc = cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: duplicate rule id '%s', already "
				      "defined in %s; rename one of the files or drop one "
				      "of the rule directories", rule->path, rule->line,
				      rule->col, rule->id, dup->path);
		cz_rule_free(rule);
		return rc;
	}
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 32;
		cz_rule **p = realloc(rs->rules, cap * sizeof(*p));
		if (!p) {
			cz_rule_free(rule);
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		}
		rs->rules = p;
		rs->cap = cap;
	}
	rs->rules[rs->n++] = rule;
	return CZ_OK;
}

static cz_rc load_file(cz_ruleset *rs, const char *path, const char *pack,
		       const char *file, cz_err *err)
{
	size_t stem = rule_stem(file);
	char name[80];
	cz_buf text;
	cz_rule *rule;
	cz_rc rc;

	if (!name_valid(pack, strlen(pack)))
		return cz_err_set(err, CZ_EDATA, "%s: pack name '%s' must be lowercase letters, "
				  "digits, '_' or '-'; rename the directory", path, pack);
	if (!name_valid(file, stem))
		return cz_err_set(err, CZ_EDATA, "%s: rule file name '%s' must be lowercase "
				  "letters, digits, '_' or '-' before .yml; rename the file",
				  path, file);
	snprintf(name, sizeof(name), "%.*s", (int)stem, file);
	cz_buf_init(&text, 0);
	rc = cz_file_read(path, CZ_RULE_MAX_FILE, &text, err);
	if (rc)
		cz_err_prefix(err, "%s", path);
	if (!rc)
		rc = cz_rule_parse(&rule, path, pack, name, text.data, text.len, err);
	cz_buf_release(&text);
	return rc ? rc : cz_ruleset_add(rs, rule, err);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Load rule files in dir as pack `pack`; with `packs`, subdirectories too. */
static cz_rc load_level(cz_ruleset *rs, const char *dir, const char *pack, bool packs,
			cz_err *err)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, visible, by_name);
	cz_rc rc = CZ_OK;

	if (n < 0)
		return cz_err_set(err, errno == ENOENT ? CZ_ENOINPUT : CZ_EIO,
				  "%s: cannot read rules directory: %s", dir, strerror(errno));
	for (int i = 0; i < n; i++) {
		struct stat st;
		char *path = rc ? NULL : cz_path_join(dir, ents[i]->d_name, err);

		if (!rc && !path)
			rc = CZ_ENOMEM;
		if (!rc && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && packs)
				rc = load_level(rs, path, ents[i]->d_name, false, err);
			else if (S_ISREG(st.st_mode) && rule_stem(ents[i]->d_name))
				rc = load_file(rs, path, pack, ents[i]->d_name, err);
		}
		free(path);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

cz_rc cz_ruleset_load_dir(cz_ruleset *rs, const char *dir, cz_err *err)
{
	struct stat st;
	char *abs;
	cz_rc rc;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return cz_err_set(err, CZ_ENOINPUT, "%s: no such rules directory", dir);
	abs = cz_path_absolute(dir, err);
	if (!abs)
		return err->code;
	if (cz_strv_find(&rs->dirs, abs) >= 0) {
		free(abs);
		return CZ_OK;
	}
	rc = cz_strv_push(&rs->dirs, abs, err);
	if (!rc)
		rc = load_level(rs, dir, cz_path_basename(abs), true, err);
	free(abs);
	return rc;
}

/* --- coalesce.yml `rules:` ---------------------------------------------- */

void cz_rules_config_init(cz_rules_config *rc)
{
	memset(rc, 0, sizeof(*rc));
	rc->use_default = true;
	cz_strv_init(&rc->dirs);
	cz_strv_init(&rc->disable);
	cz_strv_init(&rc->weight_ids);
}

void cz_rules_config_release(cz_rules_config *rc)
{
	cz_strv_release(&rc->dirs);
	cz_strv_release(&rc->disable);
	cz_strv_release(&rc->weight_ids);
	free(rc->weights);
	free(rc->disable_line);
	free(rc->weight_line);
	cz_rules_config_init(rc);
}

static cz_rc cbad(const char *file, const cz_ynode *node, cz_err *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static cz_rc cbad(const char *file, const cz_ynode *node, cz_err *err, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: %s", file, node ? node->line : 1,
			  node ? node->col : 1, what);
}

static cz_rc text_list(const char *file, const cz_ynode *v, const char *key, cz_strv *out,
		       size_t **lines, cz_err *err)
{
	if (!v || v->kind != CZ_Y_SEQ)
		return cbad(file, v, err, "'rules.%s' must be a list", key);
	*lines = calloc(v->n + 1, sizeof(**lines));
	if (!*lines)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < v->n; i++) {
		const cz_ynode *e = v->items[i];
		cz_rc rc;
		if (e->kind != CZ_Y_SCALAR || !e->len)
			return cbad(file, e, err, "'rules.%s' entries must be text", key);
		rc = cz_strv_push(out, e->str, err);
		if (rc)
			return rc;
		(*lines)[i] = e->line;
	}
	return CZ_OK;
}

cz_rc cz_rules_config_parse(cz_rules_config *out, const cz_config *cfg, cz_err *err)
{
	const cz_ynode *sec = cz_config_section(cfg, "rules");
	const char *file = cfg->path ? cfg->path : "coalesce.yml";
	size_t *dir_lines = NULL;
	cz_rc rc = CZ_OK;

	out->file = file;
	if (!sec || cz_ynode_is_null(sec))
		return CZ_OK;
	if (sec->kind != CZ_Y_MAP)
		return cbad(file, sec, err, "'rules' must be a mapping with default, dirs, "
			    "disable and weights");
	for (size_t i = 0; !rc && i < sec->n; i += 2) {
		const cz_ynode *k = sec->items[i], *v = sec->items[i + 1];
		const char *ks = k->kind == CZ_Y_SCALAR ? k->str : "?";

		if (!strcmp(ks, "default")) {
			rc = cz_ynode_bool(v, &out->use_default, err);
			if (rc)
				cz_err_prefix(err, "%s", file);
		} else if (!strcmp(ks, "dirs")) {
			cz_strv raw = CZ_STRV_INIT;
			rc = text_list(file, v, "dirs", &raw, &dir_lines, err);
			for (size_t j = 0; !rc && j < raw.n; j++) {
				char *p = cz_config_resolve(cfg, raw.v[j], err);
				rc = p ? cz_strv_push(&out->dirs, p, err) : CZ_ENOMEM;
				free(p);
			}
			cz_strv_release(&raw);
			free(dir_lines);
			dir_lines = NULL;
		} else if (!strcmp(ks, "disable")) {
			rc = text_list(file, v, "disable", &out->disable, &out->disable_line, err);
		} else if (!strcmp(ks, "weights")) {
			if (v->kind != CZ_Y_MAP)
				return cbad(file, v, err, "'rules.weights' must map rule ids to "
					    "numbers, e.g. 'core.gossip: 2.5'");
			out->weights = calloc(v->n / 2 + 1, sizeof(double));
			out->weight_line = calloc(v->n / 2 + 1, sizeof(size_t));
			if (!out->weights || !out->weight_line)
				return cz_err_set(err, CZ_ENOMEM, "out of memory");
			for (size_t j = 0; !rc && j < v->n; j += 2) {
				const cz_ynode *id = v->items[j];
				rc = cz_ynode_double(v->items[j + 1], &out->weights[j / 2], err);
				if (rc)
					cz_err_prefix(err, "%s", file);
				else
					rc = cz_strv_push(&out->weight_ids, id->str ? id->str : "", err);
				out->weight_line[j / 2] = id->line;
			}
		} else {
			rc = cbad(file, k, err, "unknown key 'rules.%s' (known: default, dirs, "
				  "disable, weights)", ks);
		}
	}
	return rc;
}

cz_rc cz_ruleset_apply(cz_ruleset *rs, const cz_rules_config *rc, cz_err *err)
{
	for (size_t i = 0; i < rc->disable.n; i++) {
		cz_rule *r = find_mut(rs, rc->disable.v[i]);
		if (!r)
			return cz_err_set(err, CZ_EDATA, "%s:%zu: rules.disable: no rule '%s' is "
					  "loaded; check the id with 'coalesce rules list'",
					  rc->file, rc->disable_line[i], rc->disable.v[i]);
		r->enabled = false;
	}
	for (size_t i = 0; i < rc->weight_ids.n; i++) {
		cz_rule *r = find_mut(rs, rc->weight_ids.v[i]);
		if (!r)
			return cz_err_set(err, CZ_EDATA, "%s:%zu: rules.weights: no rule '%s' is "
					  "loaded; check the id with 'coalesce rules list'",
					  rc->file, rc->weight_line[i], rc->weight_ids.v[i]);
		r->weight = rc->weights[i];
	}
	return CZ_OK;
}

static int by_id(const void *a, const void *b)
{
	const cz_rule *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

cz_rc cz_ruleset_finish(cz_ruleset *rs, cz_err *err)
{
	cz_hasher *h;
	char engine[32];
	cz_rc rc;

	if (rs->n)
		qsort(rs->rules, rs->n, sizeof(*rs->rules), by_id);
	rc = cz_hasher_new(&h, err);
	if (rc)
		return rc;
	snprintf(engine, sizeof(engine), "engine %d", CZ_RULE_ENGINE_VERSION);
	cz_hasher_adds(h, engine);
	for (size_t i = 0; i < rs->n; i++) {
		const cz_rule *r = rs->rules[i];
		char w[48];
		snprintf(w, sizeof(w), "%d %.17g", r->enabled, r->weight);
		cz_hasher_adds(h, r->id);
		cz_hasher_adds(h, r->file_hash);
		cz_hasher_adds(h, w);
	}
	cz_hasher_hex(h, rs->hash);
	cz_hasher_free(h);
	return CZ_OK;
}

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *cz_rules_default_dir(cz_err *err)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		char *dir, *cand;
		exe[n] = '\0';
		dir = cz_path_dirname(exe, err);
		if (!dir)
			return NULL;
		cand = cz_path_join(dir, "../share/coalesce/rules", err);
		free(dir);
		if (!cand)
			return NULL;
		if (is_dir(cand))
			return cand;
		free(cand);
	}
#ifdef CZ_SOURCE_RULES_DIR
	if (is_dir(CZ_SOURCE_RULES_DIR))
		return cz_strdup(CZ_SOURCE_RULES_DIR, err);
#endif
	return NULL;
}

/*
 * config.c - loading and checking coalesce.yml (see config.h).
 *
 * Top-level keys are listed once in `sections`; a section either is parsed
 * here (db, initiatives, ingest) or is left to its owning module, which
 * finds it with cz_config_section(). Every error carries PATH:LINE:COL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/config.h"
#include "coalesce/file.h"
#include "coalesce/hash.h"

#define CONFIG_MAX_BYTES ((size_t)4 << 20)

/* Every top-level key coalesce.yml may carry. */
static const char *const sections[] = {
	"db", "initiatives", "ingest",
	"people", "calendar", /* parsed by calformat.c */
	"scoring",            /* parsed by score.c */
	"rules",              /* parsed by ruleset.c */
	"privacy",            /* parsed by privacy.c (issue 8) */
};

void cz_config_init(cz_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_file_size = CZ_DEFAULT_MAX_FILE_SIZE;
}

static void initiative_release(cz_initiative_def *def)
{
	free(def->id);
	free(def->name);
	/* match may be missing or partly filled when loading failed midway */
	for (size_t i = 0; def->match && i < def->patterns.n; i++)
		cz_regex_free(def->match[i]);
	free(def->match);
	cz_strv_release(&def->patterns);
	cz_strv_release(&def->required_parties);
}

void cz_config_release(cz_config *cfg)
{
	for (size_t i = 0; i < cfg->n_initiatives; i++)
		initiative_release(&cfg->initiatives[i]);
	free(cfg->initiatives);
	free(cfg->path);
	free(cfg->dir);
	free(cfg->db);
	cz_ydoc_release(&cfg->doc);
	cz_config_init(cfg);
}

bool cz_initiative_id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return false;
	}
	return true;
}

static cz_rc bad(cz_err *err, const char *name, const cz_ynode *node, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static cz_rc bad(cz_err *err, const char *name, const cz_ynode *node, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: %s", name, node ? node->line : 1,
			  node ? node->col : 1, what);
}

/* Turn a "LINE:COL: problem" from ydoc into "NAME:LINE:COL: problem". */
static cz_rc with_name(cz_err *err, const char *name)
{
	char msg[CZ_ERR_MSG_MAX];

	memcpy(msg, err->msg, sizeof(msg));
	return cz_err_set(err, err->code, "%s:%s", name, msg);
}

/* A scalar string value, or an error naming the key. */
static cz_rc want_string(const char *name, const cz_ynode *node, const char *key,
			 cz_err *err)
{
	if (node && node->kind == CZ_Y_SCALAR && node->len)
		return CZ_OK;
	return bad(err, name, node, "'%s' must be a non-empty text value", key);
}

/*
 * A list of strings (a single string is accepted as a list of one; an empty
 * value is an empty list: an empty `match:` must not become the empty
 * regex, which matches every note).
 */
static cz_rc string_list(const char *name, const cz_ynode *node, const char *key,
			 cz_strv *out, cz_err *err)
{
	if (cz_ynode_is_null(node))
		return CZ_OK;
	if (node && node->kind == CZ_Y_SCALAR) {
		cz_rc rc = want_string(name, node, key, err);
		return rc ? rc : cz_strv_push(out, node->str, err);
	}
	if (!node || node->kind != CZ_Y_SEQ)
		return bad(err, name, node, "'%s' must be a list", key);
	for (size_t i = 0; i < node->n; i++) {
		cz_rc rc = want_string(name, node->items[i], key, err);
		if (!rc)
			rc = cz_strv_push(out, node->items[i]->str, err);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

static cz_rc parse_initiative(cz_config *cfg, const char *name, const cz_ynode *map,
			      cz_initiative_def *def, cz_err *err)
{
	static const char *const keys[] = { "id", "name", "match", "required_parties" };
	const cz_ynode *id, *title, *match, *parties;
	cz_rc rc;

	if (map->kind != CZ_Y_MAP)
		return bad(err, name, map, "each initiative must be a mapping with %s",
			   "'id', 'name', 'match' and 'required_parties'");
	for (size_t i = 0; i < map->n; i += 2) {
		const cz_ynode *k = map->items[i];
		size_t j;
		for (j = 0; j < 4 && strcmp(k->str ? k->str : "", keys[j]); j++)
			;
		if (j == 4)
			return bad(err, name, k, "unknown initiative key '%s' (known: id, name, "
				   "match, required_parties)", k->str ? k->str : "?");
		for (size_t p = 0; p < i; p += 2)
			if (!strcmp(map->items[p]->str ? map->items[p]->str : "", k->str))
				return bad(err, name, k, "key '%s' appears twice", k->str);
	}
	id = cz_ynode_get(map, "id");
	title = cz_ynode_get(map, "name");
	match = cz_ynode_get(map, "match");
	parties = cz_ynode_get(map, "required_parties");
	def->line = map->line;
	rc = want_string(name, id, "id", err);
	if (rc)
		return id ? rc : bad(err, name, map, "initiative without an '%s'", "id");
	if (!cz_initiative_id_valid(id->str))
		return bad(err, name, id, "initiative id '%s' must be lowercase letters, digits, "
			   "'.', '_' or '-'", id->str);
	if (cz_config_initiative(cfg, id->str))
		return bad(err, name, id, "initiative '%s' is defined twice", id->str);
	def->id = cz_strdup(id->str, err);
	if (!def->id)
		return CZ_ENOMEM;
	if (title) {
		rc = want_string(name, title, "name", err);
		if (rc)
			return rc;
	}
	def->name = cz_strdup(title ? title->str : id->str, err);
	if (!def->name)
		return CZ_ENOMEM;
	if (match) {
		rc = string_list(name, match, "match", &def->patterns, err);
		if (rc)
			return rc;
		def->match = calloc(def->patterns.n + 1, sizeof(*def->match));
		if (!def->match)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		for (size_t i = 0; i < def->patterns.n; i++) {
			const cz_ynode *at = match->kind == CZ_Y_SEQ ? match->items[i] : match;
			rc = cz_regex_compile(&def->match[i], def->patterns.v[i], CZ_RE_CASELESS, err);
			if (rc) {
				char msg[CZ_ERR_MSG_MAX];
				memcpy(msg, err->msg, sizeof(msg));
				return bad(err, name, at, "bad regex in 'match': %s", msg);
			}
		}
	}
	if (parties) {
		rc = string_list(name, parties, "required_parties", &def->required_parties, err);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

static cz_rc parse_initiatives(cz_config *cfg, const char *name, const cz_ynode *seq,
			       cz_err *err)
{
	if (cz_ynode_is_null(seq))
		return CZ_OK;
	if (seq->kind != CZ_Y_SEQ)
		return bad(err, name, seq, "'initiatives' must be a list of %s",
			   "{id, name, match, required_parties}");
	cfg->initiatives = calloc(seq->n + 1, sizeof(*cfg->initiatives));
	if (!cfg->initiatives)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < seq->n; i++) {
		cz_rc rc = parse_initiative(cfg, name, seq->items[i],
					    &cfg->initiatives[cfg->n_initiatives], err);
		cfg->n_initiatives++; /* count it even on failure so release frees it */
		if (rc)
			return rc;
	}
	return CZ_OK;
}

static cz_rc parse_ingest(cz_config *cfg, const char *name, const cz_ynode *map,
			  cz_err *err)
{
	if (cz_ynode_is_null(map))
		return CZ_OK;
	if (map->kind != CZ_Y_MAP)
		return bad(err, name, map, "'ingest' must be a mapping%s", "");
	for (size_t i = 0; i < map->n; i += 2) {
		const cz_ynode *k = map->items[i], *v = map->items[i + 1];
		if (k->kind == CZ_Y_SCALAR && !strcmp(k->str, "max_file_size")) {
			cz_rc rc = cz_ynode_size(v, &cfg->max_file_size, err);
			if (rc)
				return with_name(err, name);
			if (cfg->max_file_size == 0)
				return bad(err, name, v, "'max_file_size' must be above zero%s", "");
			continue;
		}
		return bad(err, name, k, "unknown key 'ingest.%s' (known: max_file_size)",
			   k->str ? k->str : "?");
	}
	return CZ_OK;
}

static cz_rc parse_root(cz_config *cfg, const char *name, cz_err *err)
{
	const cz_ynode *root = cfg->doc.root;
	cz_rc rc = CZ_OK;

	if (!root || cz_ynode_is_null(root))
		return CZ_OK;
	if (root->kind != CZ_Y_MAP)
		return bad(err, name, root, "the configuration must be a mapping of keys, "
			   "found %s", cz_ynode_kind_name(root));
	for (size_t i = 0; i < root->n && !rc; i += 2) {
		const cz_ynode *k = root->items[i], *v = root->items[i + 1];
		size_t j, n = sizeof(sections) / sizeof(sections[0]);

		if (k->kind != CZ_Y_SCALAR)
			return bad(err, name, k, "keys must be plain text%s", "");
		for (j = 0; j < n && strcmp(k->str, sections[j]); j++)
			;
		if (j == n)
			return bad(err, name, k, "unknown key '%s'; check its spelling "
				   "(see docs/configuration.md)", k->str);
		for (size_t p = 0; p < i; p += 2)
			if (!strcmp(root->items[p]->str, k->str))
				return bad(err, name, k, "key '%s' appears twice", k->str);
		if (!strcmp(k->str, "db")) {
			rc = want_string(name, v, "db", err);
			if (!rc) {
				cfg->db = cz_config_resolve(cfg, v->str, err);
				rc = cfg->db ? CZ_OK : CZ_ENOMEM;
			}
		} else if (!strcmp(k->str, "initiatives")) {
			rc = parse_initiatives(cfg, name, v, err);
		} else if (!strcmp(k->str, "ingest")) {
			rc = parse_ingest(cfg, name, v, err);
		}
	}
	return rc;
}

cz_rc cz_config_load_text(cz_config *cfg, const char *name, const char *text, size_t len,
			  cz_err *err)
{
	cz_rc rc;

	if (!cfg->dir) {
		cfg->dir = cz_strdup(".", err);
		if (!cfg->dir)
			return CZ_ENOMEM;
	}
	rc = cz_ydoc_parse(&cfg->doc, text, len, 1, err);
	if (rc)
		return rc == CZ_EDATA ? with_name(err, name) : rc;
	return parse_root(cfg, name, err);
}

cz_rc cz_config_load(cz_config *cfg, const char *path, bool required, cz_err *err)
{
	cz_buf text;
	cz_rc rc;

	cz_buf_init(&text, 0);
	rc = cz_file_read(path, CONFIG_MAX_BYTES, &text, err);
	if (rc == CZ_ENOINPUT && !required)
		return CZ_OK;
	if (rc) {
		cz_err_prefix(err, "%s", path);
		goto out;
	}
	cfg->path = cz_strdup(path, err);
	cfg->dir = cfg->path ? cz_path_dirname(path, err) : NULL;
	if (!cfg->dir) {
		rc = CZ_ENOMEM;
		goto out;
	}
	rc = cz_config_load_text(cfg, path, text.data, text.len, err);
out:
	cz_buf_release(&text);
	return rc;
}

const cz_ynode *cz_config_section(const cz_config *cfg, const char *key)
{
	return cz_ynode_get(cfg->doc.root, key);
}

char *cz_config_resolve(const cz_config *cfg, const char *path, cz_err *err)
{
	if (path[0] == '/' || !cfg->dir || !strcmp(cfg->dir, "."))
		return cz_strdup(path, err);
	return cz_path_join(cfg->dir, path, err);
}

const cz_initiative_def *cz_config_initiative(const cz_config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->n_initiatives; i++)
		if (cfg->initiatives[i].id && !strcmp(cfg->initiatives[i].id, id))
			return &cfg->initiatives[i];
	return NULL;
}

void cz_config_initiatives_hash(const cz_config *cfg, char out[CZ_HASH_HEX])
{
	cz_hasher *h;

	if (cz_hasher_new(&h, NULL)) {
		memset(out, '0', CZ_HASH_HEX - 1);
		out[CZ_HASH_HEX - 1] = '\0';
		return;
	}
	for (size_t i = 0; i < cfg->n_initiatives; i++) {
		const cz_initiative_def *d = &cfg->initiatives[i];
		cz_hasher_adds(h, d->id);
		cz_hasher_adds(h, d->name);
		for (size_t j = 0; j < d->patterns.n; j++)
			cz_hasher_adds(h, d->patterns.v[j]);
		cz_hasher_adds(h, "\x01");
		for (size_t j = 0; j < d->required_parties.n; j++)
			cz_hasher_adds(h, d->required_parties.v[j]);
		cz_hasher_adds(h, "\x02");
	}
	cz_hasher_hex(h, out);
	cz_hasher_free(h);
}

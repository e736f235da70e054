/*
 * rule.c - parsing one rule file (see rule.h for the format's rationale).
 *
 * The file is parsed with cz_ydoc, which keeps each node's line, column
 * and style, then checked key by key against `keys`. Checks refuse, with
 * FILE:LINE:COL and a fix, everything that would make a regex mean
 * something other than what the author sees: double-quoted patterns, flow
 * lists, non-text patterns (a plain `foo: bar` is a mapping), unknown keys.
 * Patterns compile here, so a rule that loads is a rule that can run.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/rule.h"
#include "coalesce/ydoc.h"

static const char *const keys[] = {
	"id", "version", "status", "signal", "polarity", "weight", "level", "scope",
	"message", "rationale", "falsepositives", "match", "require", "section",
	"unless", "max_per_note", "min_count", "examples", "caseless",
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const scope_names[] = {
	"line", "sentence", "item", "paragraph", "section", "note",
};
static const char *const where_names[] = { "scope", "before", "after", "note" };
static const char *const polarity_names[] = { "positive", "negative", "neutral" };

const char *cz_scope_name(cz_scope s)
{
	return scope_names[s];
}

const char *cz_where_name(cz_where w)
{
	return where_names[w];
}

const char *cz_polarity_name(cz_polarity p)
{
	return polarity_names[p];
}

typedef struct ctx {
	const char *path;
	cz_rule *rule;
	cz_err *err;
} ctx;

static cz_rc bad(ctx *c, const cz_ynode *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "PATH:LINE:COL: message" (message says what is wrong and how to fix it). */
static cz_rc bad(ctx *c, const cz_ynode *node, const char *fmt, ...)
{
	char what[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return cz_err_set(c->err, CZ_EDATA, "%s:%zu:%zu: %s", c->path, node ? node->line : 1,
			  node ? node->col : 1, what);
}

/*
 * The ydoc scalar helpers say "LINE:COL: expected ..."; make that
 * "PATH:LINE:COL: 'key': expected ..." like every other rule error.
 */
static cz_rc located(ctx *c, cz_rc rc, const char *key)
{
	char old[CZ_ERR_MSG_MAX];
	const char *rest;

	if (rc != CZ_EDATA)
		return rc;
	memcpy(old, c->err->msg, sizeof(old));
	rest = strstr(old, ": ");
	if (!rest)
		return cz_err_set(c->err, rc, "%s: '%s': %s", c->path, key, old);
	return cz_err_set(c->err, rc, "%s:%.*s: '%s': %s", c->path, (int)(rest - old), old,
			  key, rest + 2);
}

static void rpat_release(cz_rpat *p)
{
	free(p->text);
	cz_regex_free(p->re);
}

static void examples_free(cz_rexample *ex, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ex[i].text);
	free(ex);
}

void cz_rule_free(cz_rule *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->path);
	free(r->status);
	free(r->signal);
	free(r->level);
	free(r->message);
	free(r->rationale);
	cz_strv_release(&r->falsepositives);
	for (size_t i = 0; i < r->n_match; i++)
		rpat_release(&r->match[i]);
	for (size_t i = 0; i < r->n_require; i++)
		rpat_release(&r->require[i]);
	for (size_t i = 0; i < r->n_unless; i++)
		rpat_release(&r->unless[i]);
	free(r->match);
	free(r->require);
	free(r->unless);
	if (r->section)
		rpat_release(r->section);
	free(r->section);
	examples_free(r->ex_match, r->n_ex_match);
	examples_free(r->ex_no_match, r->n_ex_no_match);
	examples_free(r->ex_excepted, r->n_ex_excepted);
	free(r);
}

/* A non-empty text value for key. */
static cz_rc text(ctx *c, const cz_ynode *v, const char *key, char **out)
{
	if (!v || v->kind != CZ_Y_SCALAR || cz_ynode_is_null(v) || v->len == 0)
		return bad(c, v, "'%s' must be a non-empty text value", key);
	*out = cz_strdup(v->str, c->err);
	return *out ? CZ_OK : CZ_ENOMEM;
}

/* A value from a closed list; *idx gets its position. */
static cz_rc choice(ctx *c, const cz_ynode *v, const char *key, const char *const *names,
		    size_t n, size_t *idx)
{
	char list[256] = "";
	size_t used = 0;

	if (v && v->kind == CZ_Y_SCALAR)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(v->str, names[i])) {
				*idx = i;
				return CZ_OK;
			}
	for (size_t i = 0; i < n && used < sizeof(list); i++) {
		int k = snprintf(list + used, sizeof(list) - used, "%s%s", i ? " | " : "", names[i]);
		if (k < 0)
			break;
		used += (size_t)k;
	}
	return bad(c, v, "'%s' must be one of %s, not '%s'", key, list,
		   v && v->kind == CZ_Y_SCALAR ? v->str : cz_ynode_kind_name(v));
}

/*
 * A regex scalar: refuses what YAML would silently change, then compiles.
 * `what` names the key for messages ("match", "require[2].re").
 */
static cz_rc pattern(ctx *c, const cz_ynode *v, const char *what, cz_rpat *out)
{
	unsigned flags = CZ_RE_MULTILINE | (c->rule->caseless ? CZ_RE_CASELESS : 0);
	cz_rc rc;

	if (!v || v->kind != CZ_Y_SCALAR) {
		if (v && v->kind == CZ_Y_MAP)
			return bad(c, v, "'%s': this pattern was read as a mapping (a plain "
				   "value containing ': ' or starting with '{'); put the "
				   "pattern in single quotes: '...'", what);
		return bad(c, v, "'%s': a pattern must be text, found %s; put it in single "
			   "quotes: '...'", what, cz_ynode_kind_name(v));
	}
	if (v->style == CZ_Y_DOUBLE)
		return bad(c, v, "'%s': double-quoted pattern; YAML turns \\b into a backspace "
			   "and eats other backslashes; use single quotes: '%s'", what, v->str);
	if (cz_ynode_is_null(v) || v->len == 0)
		return bad(c, v, "'%s': empty pattern (it would match everywhere)", what);
	if (strlen(v->str) != v->len)
		return bad(c, v, "'%s': pattern contains a NUL byte", what);
	out->line = v->line;
	out->col = v->col;
	out->text = cz_strdup(v->str, c->err);
	if (!out->text)
		return CZ_ENOMEM;
	rc = cz_regex_compile(&out->re, v->str, flags, c->err);
	if (rc == CZ_EDATA) {
		char msg[CZ_ERR_MSG_MAX];
		memcpy(msg, c->err->msg, sizeof(msg));
		return bad(c, v, "'%s': bad pattern '%s': %s", what, v->str, msg);
	}
	return rc;
}

/* A block list (a flow list is refused: `[a, b]` splits regexes at commas). */
static cz_rc block_list(ctx *c, const cz_ynode *v, const char *key)
{
	if (!v || v->kind != CZ_Y_SEQ)
		return bad(c, v, "'%s' must be a list (one '- item' per line), found %s", key,
			   cz_ynode_kind_name(v));
	if (v->style == CZ_Y_FLOW)
		return bad(c, v, "'%s' is a flow-style list [...]; commas and brackets in "
			   "regexes break it silently; write one '- item' per line", key);
	return CZ_OK;
}

static cz_rc match_list(ctx *c, const cz_ynode *v)
{
	cz_rc rc = block_list(c, v, "match");

	if (rc)
		return rc;
	if (v->n == 0)
		return bad(c, v, "'match' needs at least one pattern");
	c->rule->match = calloc(v->n, sizeof(cz_rpat));
	if (!c->rule->match)
		return cz_err_set(c->err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < v->n; i++) {
		rc = pattern(c, v->items[i], "match", &c->rule->match[i]);
		c->rule->n_match++;
		if (rc)
			return rc;
	}
	return CZ_OK;
}

/* require/unless: a list of {re, in, chars}. */
static cz_rc cond_list(ctx *c, const cz_ynode *v, const char *key, bool allow_note,
		       cz_rpat **out, size_t *n)
{
	cz_rc rc = block_list(c, v, key);

	if (rc)
		return rc;
	*out = calloc(v->n + 1, sizeof(cz_rpat));
	if (!*out)
		return cz_err_set(c->err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < v->n; i++) {
		const cz_ynode *e = v->items[i], *re = NULL, *in = NULL, *chars = NULL;
		cz_rpat *p = &(*out)[i];
		char what[64];
		size_t w = CZ_IN_SCOPE;

		(*n)++;
		snprintf(what, sizeof(what), "%s[%zu].re", key, i + 1);
		if (e->kind != CZ_Y_MAP)
			return bad(c, e, "each '%s' entry must be a mapping with 're' (and "
				   "optionally 'in' and 'chars'), found %s", key,
				   cz_ynode_kind_name(e));
		for (size_t k = 0; k < e->n; k += 2) {
			const cz_ynode *kn = e->items[k];
			const char *ks = kn->kind == CZ_Y_SCALAR ? kn->str : "?";
			if (!strcmp(ks, "re"))
				re = e->items[k + 1];
			else if (!strcmp(ks, "in"))
				in = e->items[k + 1];
			else if (!strcmp(ks, "chars"))
				chars = e->items[k + 1];
			else
				return bad(c, kn, "unknown key '%s' in '%s' (known: re, in, chars)",
					   ks, key);
		}
		if (!re)
			return bad(c, e, "'%s' entry without 're'; add re: '<pattern>'", key);
		if (in) {
			rc = choice(c, in, "in", where_names, allow_note ? 4 : 3, &w);
			if (rc)
				return rc;
		}
		p->in = (cz_where)w;
		p->chars = CZ_RULE_DEFAULT_CHARS;
		if (chars) {
			long l;
			rc = cz_ynode_long(chars, 1, CZ_RULE_MAX_CHARS, &l, c->err);
			if (rc)
				return located(c, rc, "chars");
			p->chars = (size_t)l;
		}
		rc = pattern(c, re, what, p);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

static cz_rc example_list(ctx *c, const cz_ynode *v, const char *key, cz_rexample **out,
			  size_t *n)
{
	cz_rc rc = block_list(c, v, key);

	if (rc)
		return rc;
	/* YAML allows a key twice in a mapping; the second list would leak
	 * the first (found by fuzz_rule). */
	if (*out)
		return bad(c, v, "'%s' is given twice", key);
	*out = calloc(v->n + 1, sizeof(cz_rexample));
	if (!*out)
		return cz_err_set(c->err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < v->n; i++) {
		const cz_ynode *e = v->items[i];
		if (e->kind != CZ_Y_SCALAR || cz_ynode_is_null(e))
			return bad(c, e, "'%s': each example must be text, found %s; quote it "
				   "if it contains ': '", key, cz_ynode_kind_name(e));
		(*out)[i].text = cz_strdup(e->str, c->err);
		if (!(*out)[i].text)
			return CZ_ENOMEM;
		(*out)[i].line = e->line;
		(*out)[i].col = e->col;
		(*n)++;
	}
	return CZ_OK;
}

static cz_rc examples(ctx *c, const cz_ynode *v)
{
	cz_rule *r = c->rule;
	cz_rc rc = CZ_OK;

	if (!v || v->kind != CZ_Y_MAP)
		return bad(c, v, "'examples' must be a mapping with match, no_match and "
			   "excepted lists");
	for (size_t k = 0; !rc && k < v->n; k += 2) {
		const cz_ynode *kn = v->items[k], *val = v->items[k + 1];
		const char *ks = kn->kind == CZ_Y_SCALAR ? kn->str : "?";
		if (!strcmp(ks, "match"))
			rc = example_list(c, val, "examples.match", &r->ex_match, &r->n_ex_match);
		else if (!strcmp(ks, "no_match"))
			rc = example_list(c, val, "examples.no_match", &r->ex_no_match,
					  &r->n_ex_no_match);
		else if (!strcmp(ks, "excepted"))
			rc = example_list(c, val, "examples.excepted", &r->ex_excepted,
					  &r->n_ex_excepted);
		else
			rc = bad(c, kn, "unknown key 'examples.%s' (known: match, no_match, "
				 "excepted)", ks);
	}
	return rc;
}

static cz_rc falsepositives(ctx *c, const cz_ynode *v)
{
	cz_rc rc = block_list(c, v, "falsepositives");

	for (size_t i = 0; !rc && i < v->n; i++) {
		const cz_ynode *e = v->items[i];
		if (e->kind != CZ_Y_SCALAR)
			return bad(c, e, "'falsepositives' entries must be text");
		rc = cz_strv_push(&c->rule->falsepositives, e->str, c->err);
	}
	return rc;
}

/* Signals: lowercase words joined by '_' or '.' ("brief.why_now"). */
static bool signal_valid(const char *s)
{
	if (!*s || *s == '.' || *s == '_')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '.'))
			return false;
	return true;
}

static cz_rc required(ctx *c, const cz_ynode *root, const char *key, const cz_ynode **out)
{
	*out = cz_ynode_get(root, key);
	if (!*out)
		return bad(c, root, "missing required key '%s'", key);
	return CZ_OK;
}

static cz_rc parse_keys(ctx *c, const cz_ynode *root, const char *id)
{
	static const char *const status_names[] = { "stable", "experimental", "deprecated" };
	static const char *const level_names[] = { "low", "medium", "high" };
	cz_rule *r = c->rule;
	const cz_ynode *v;
	size_t idx;
	cz_rc rc;

	for (size_t i = 0; i < root->n; i += 2) {
		const cz_ynode *k = root->items[i];
		size_t j;
		if (k->kind != CZ_Y_SCALAR)
			return bad(c, k, "keys must be plain text");
		for (j = 0; j < N_KEYS && strcmp(k->str, keys[j]); j++)
			;
		if (j == N_KEYS)
			return bad(c, k, "unknown key '%s'; check its spelling (keys: id, version, "
				   "status, signal, polarity, weight, level, scope, message, "
				   "rationale, falsepositives, match, require, section, unless, "
				   "max_per_note, min_count, examples, caseless)", k->str);
		for (size_t p = 0; p < i; p += 2)
			if (!strcmp(root->items[p]->str, k->str))
				return bad(c, k, "key '%s' appears twice; keep one", k->str);
	}
	v = cz_ynode_get(root, "id");
	if (v && (v->kind != CZ_Y_SCALAR || strcmp(v->str, id)))
		return bad(c, v, "id '%s' does not match the file's place: a rule in "
			   "<pack>/<name>.yml has id '%s'; fix the id or move the file",
			   v->kind == CZ_Y_SCALAR ? v->str : "?", id);
	r->line = v ? v->line : 1;
	r->col = v ? v->col : 1;
	r->id = cz_strdup(id, c->err);
	if (!r->id)
		return CZ_ENOMEM;
	/* caseless first: patterns compile with it. */
	v = cz_ynode_get(root, "caseless");
	r->caseless = true;
	if (v && (rc = cz_ynode_bool(v, &r->caseless, c->err)))
		return located(c, rc, "caseless");
	if ((rc = required(c, root, "version", &v)))
		return rc;
	if ((rc = cz_ynode_long(v, 1, 1000000, &r->version, c->err)))
		return located(c, rc, "version");
	v = cz_ynode_get(root, "status");
	idx = 0;
	if (v && (rc = choice(c, v, "status", status_names, 3, &idx)))
		return rc;
	r->status = cz_strdup(status_names[idx], c->err);
	if (!r->status)
		return CZ_ENOMEM;
	if ((rc = required(c, root, "signal", &v)) || (rc = text(c, v, "signal", &r->signal)))
		return rc;
	if (!signal_valid(r->signal))
		return bad(c, v, "signal '%s' must be lowercase letters, digits, '_' and '.'",
			   r->signal);
	if ((rc = required(c, root, "polarity", &v)) ||
	    (rc = choice(c, v, "polarity", polarity_names, 3, &idx)))
		return rc;
	r->polarity = (cz_polarity)idx;
	if ((rc = required(c, root, "weight", &v)))
		return rc;
	if ((rc = cz_ynode_double(v, &r->weight, c->err)))
		return located(c, rc, "weight");
	v = cz_ynode_get(root, "level");
	idx = 1;
	if (v && (rc = choice(c, v, "level", level_names, 3, &idx)))
		return rc;
	r->level = cz_strdup(level_names[idx], c->err);
	if (!r->level)
		return CZ_ENOMEM;
	if ((rc = required(c, root, "scope", &v)) ||
	    (rc = choice(c, v, "scope", scope_names, 6, &idx)))
		return rc;
	r->scope = (cz_scope)idx;
	if ((v = cz_ynode_get(root, "message")) && (rc = text(c, v, "message", &r->message)))
		return rc;
	if ((v = cz_ynode_get(root, "rationale")) &&
	    (rc = text(c, v, "rationale", &r->rationale)))
		return rc;
	if ((v = cz_ynode_get(root, "falsepositives")) && (rc = falsepositives(c, v)))
		return rc;
	if ((rc = required(c, root, "match", &v)) || (rc = match_list(c, v)))
		return rc;
	if ((v = cz_ynode_get(root, "require")) &&
	    (rc = cond_list(c, v, "require", false, &r->require, &r->n_require)))
		return rc;
	if ((v = cz_ynode_get(root, "unless")) &&
	    (rc = cond_list(c, v, "unless", true, &r->unless, &r->n_unless)))
		return rc;
	if ((v = cz_ynode_get(root, "section"))) {
		r->section = calloc(1, sizeof(*r->section));
		if (!r->section)
			return cz_err_set(c->err, CZ_ENOMEM, "out of memory");
		if ((rc = pattern(c, v, "section", r->section)))
			return rc;
	}
	r->min_count = 1;
	if ((v = cz_ynode_get(root, "max_per_note")) &&
	    (rc = cz_ynode_long(v, 1, 1000000, &r->max_per_note, c->err)))
		return located(c, rc, "max_per_note");
	if ((v = cz_ynode_get(root, "min_count")) &&
	    (rc = cz_ynode_long(v, 1, 1000, &r->min_count, c->err)))
		return located(c, rc, "min_count");
	if ((v = cz_ynode_get(root, "examples")) && (rc = examples(c, v)))
		return rc;
	return CZ_OK;
}

cz_rc cz_rule_parse(cz_rule **out, const char *path, const char *pack, const char *name,
		    const char *text_, size_t len, cz_err *err)
{
	cz_ydoc doc = { NULL, 0 };
	cz_buf id;
	ctx c;
	cz_rc rc;

	*out = NULL;
	c.path = path;
	c.err = err;
	c.rule = calloc(1, sizeof(cz_rule));
	if (!c.rule)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	cz_strv_init(&c.rule->falsepositives);
	c.rule->enabled = true;
	cz_buf_init(&id, 0);
	rc = cz_buf_addf(&id, err, "%s.%s", pack, name);
	if (!rc)
		c.rule->path = cz_strdup(path, err);
	if (!rc && !c.rule->path)
		rc = CZ_ENOMEM;
	if (!rc) {
		rc = cz_ydoc_parse(&doc, text_, len, 1, err);
		if (rc == CZ_EDATA) {
			char old[CZ_ERR_MSG_MAX];
			memcpy(old, err->msg, sizeof(old));
			rc = cz_err_set(err, rc, "%s:%s; check the YAML syntax", path, old);
		}
	}
	if (!rc && (!doc.root || doc.root->kind != CZ_Y_MAP))
		rc = bad(&c, doc.root, "a rule file must be a mapping of keys (id, signal, "
			 "match, ...), found %s", doc.root ? cz_ynode_kind_name(doc.root)
			 : "an empty document");
	if (!rc)
		rc = parse_keys(&c, doc.root, id.data);
	if (!rc)
		cz_hash_hex(text_, len, c.rule->file_hash);
	cz_ydoc_release(&doc);
	cz_buf_release(&id);
	if (rc) {
		cz_rule_free(c.rule);
		return rc;
	}
	*out = c.rule;
	return CZ_OK;
}

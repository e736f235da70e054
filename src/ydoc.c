/*
 * ydoc.c - libyaml adapter: YAML text to a cz_ynode tree.
 *
 * Built on libyaml's event parser rather than its document loader so that
 * we see every node's style and mark, can refuse anchors and aliases before
 * anything is expanded, and can cap depth and size while parsing. The open
 * containers form an explicit stack (no recursion on input nesting).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "coalesce/ydoc.h"

static void node_free(cz_ynode *node)
{
	/* Iterative would be nicer, but depth is capped at CZ_YDOC_MAX_DEPTH. */
	if (!node)
		return;
	for (size_t i = 0; i < node->n; i++)
		node_free(node->items[i]);
	free(node->items);
	free(node->str);
	free(node);
}

void cz_ydoc_release(cz_ydoc *doc)
{
	node_free(doc->root);
	doc->root = NULL;
	doc->nodes = 0;
}

static cz_ynode *node_new(cz_ykind kind, cz_ystyle style, const yaml_mark_t *m,
			  size_t first_line)
{
	cz_ynode *node = calloc(1, sizeof(*node));

	if (!node)
		return NULL;
	node->kind = kind;
	node->style = style;
	node->line = m->line + first_line;
	node->col = m->column + 1;
	return node;
}

static int node_append(cz_ynode *parent, cz_ynode *child)
{
	if ((parent->n & (parent->n - 1)) == 0) { /* 0, 1, 2, 4, 8...: grow */
		size_t cap = parent->n ? parent->n * 2 : 4;
		cz_ynode **items = realloc(parent->items, cap * sizeof(*items));
		if (!items)
			return -1;
		parent->items = items;
	}
	parent->items[parent->n++] = child;
	return 0;
}

static cz_ystyle scalar_style(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: return CZ_Y_SINGLE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return CZ_Y_DOUBLE;
	case YAML_LITERAL_SCALAR_STYLE: return CZ_Y_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE: return CZ_Y_FOLDED;
	case YAML_ANY_SCALAR_STYLE:
	case YAML_PLAIN_SCALAR_STYLE:
		return CZ_Y_PLAIN;
	}
	return CZ_Y_PLAIN;
}

typedef struct builder {
	cz_ynode *stack[CZ_YDOC_MAX_DEPTH];
	size_t depth;
	cz_ynode *root;
	size_t nodes;
	size_t first_line;
	int documents;
} builder;

static cz_rc add_node(builder *b, cz_ynode *node, const yaml_mark_t *m, cz_err *err)
{
	if (++b->nodes > CZ_YDOC_MAX_NODES) {
		node_free(node);
		return cz_err_set(err, CZ_EDATA, "%zu:%zu: more than %d YAML nodes",
				  m->line + b->first_line, m->column + 1, CZ_YDOC_MAX_NODES);
	}
	if (b->depth == 0) {
		b->root = node;
	} else if (node_append(b->stack[b->depth - 1], node)) {
		node_free(node);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	if (node->kind != CZ_Y_SCALAR) {
		if (b->depth == CZ_YDOC_MAX_DEPTH)
			return cz_err_set(err, CZ_EDATA, "%zu:%zu: YAML nested deeper than %d levels",
					  node->line, node->col, CZ_YDOC_MAX_DEPTH);
		b->stack[b->depth++] = node;
	}
	return CZ_OK;
}

static cz_rc on_event(builder *b, const yaml_event_t *ev, cz_err *err)
{
	const yaml_mark_t *m = &ev->start_mark;
	size_t line = m->line + b->first_line, col = m->column + 1;
	cz_ynode *node;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			return cz_err_set(err, CZ_EDATA,
					  "%zu:%zu: only one YAML document is allowed here", line, col);
		return CZ_OK;
	case YAML_ALIAS_EVENT:
		return cz_err_set(err, CZ_EDATA,
				  "%zu:%zu: YAML aliases (*name) are not supported; write the value out",
				  line, col);
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor)
			goto anchor;
		node = node_new(CZ_Y_SCALAR, scalar_style(ev->data.scalar.style), m, b->first_line);
		if (!node)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		node->len = ev->data.scalar.length;
		node->str = malloc(node->len + 1);
		if (!node->str) {
			node_free(node);
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		}
		memcpy(node->str, ev->data.scalar.value, node->len);
		node->str[node->len] = '\0';
		return add_node(b, node, m, err);
	case YAML_SEQUENCE_START_EVENT:
		if (ev->data.sequence_start.anchor)
			goto anchor;
		node = node_new(CZ_Y_SEQ, ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
				? CZ_Y_FLOW : CZ_Y_BLOCK, m, b->first_line);
		if (!node)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		return add_node(b, node, m, err);
	case YAML_MAPPING_START_EVENT:
		if (ev->data.mapping_start.anchor)
			goto anchor;
		node = node_new(CZ_Y_MAP, ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
				? CZ_Y_FLOW : CZ_Y_BLOCK, m, b->first_line);
		if (!node)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		return add_node(b, node, m, err);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth == 0)
			return cz_err_set(err, CZ_EINTERNAL, "unbalanced YAML events");
		b->depth--;
		return CZ_OK;
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return CZ_OK;
	}
	return CZ_OK;
anchor:
	return cz_err_set(err, CZ_EDATA,
			  "%zu:%zu: YAML anchors (&name) are not supported; write the value out",
			  line, col);
}

cz_rc cz_ydoc_parse(cz_ydoc *doc, const char *text, size_t len,
		    size_t first_line, cz_err *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	builder b;
	cz_rc rc = CZ_OK;
	int done = 0;

	memset(&b, 0, sizeof(b));
	b.first_line = first_line ? first_line : 1;
	doc->root = NULL;
	doc->nodes = 0;
	if (!yaml_parser_initialize(&parser))
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			const char *problem = parser.problem ? parser.problem : "syntax error";
			if (parser.error == YAML_MEMORY_ERROR)
				rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
			else if (parser.context)
				/* The context mark is where the construct began, which is
				 * usually where the mistake is ("[a, b" never closed). */
				rc = cz_err_set(err, CZ_EDATA, "%zu:%zu: %s %s started at line %zu",
						parser.problem_mark.line + b.first_line,
						parser.problem_mark.column + 1, problem, parser.context,
						parser.context_mark.line + b.first_line);
			else
				rc = cz_err_set(err, CZ_EDATA, "%zu:%zu: %s",
						parser.problem_mark.line + b.first_line,
						parser.problem_mark.column + 1, problem);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(&b, &ev, err);
		yaml_event_delete(&ev);
		if (rc)
			break;
	}
	yaml_parser_delete(&parser);
	if (rc) {
		node_free(b.root);
		return rc;
	}
	doc->root = b.root;
	doc->nodes = b.nodes;
	return CZ_OK;
}

size_t cz_ynode_count(const cz_ynode *node)
{
	if (!node)
		return 0;
	if (node->kind == CZ_Y_MAP)
		return node->n / 2;
	if (node->kind == CZ_Y_SEQ)
		return node->n;
	return 0;
}

const cz_ynode *cz_ynode_get(const cz_ynode *map, const char *key)
{
	if (!map || map->kind != CZ_Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const cz_ynode *k = map->items[i];
		if (k->kind == CZ_Y_SCALAR && !strcmp(k->str, key))
			return map->items[i + 1];
	}
	return NULL;
}

const char *cz_ynode_kind_name(const cz_ynode *node)
{
	if (!node)
		return "nothing";
	switch (node->kind) {
	case CZ_Y_SCALAR: return "a scalar";
	case CZ_Y_SEQ: return "a list";
	case CZ_Y_MAP: return "a mapping";
	}
	return "a node";
}

bool cz_ynode_is_null(const cz_ynode *node)
{
	return node && node->kind == CZ_Y_SCALAR && node->style == CZ_Y_PLAIN &&
	       (node->len == 0 || !strcmp(node->str, "~") || !strcasecmp(node->str, "null"));
}

static cz_rc need_scalar(const cz_ynode *node, const char *what, cz_err *err)
{
	if (node && node->kind == CZ_Y_SCALAR)
		return CZ_OK;
	return cz_err_set(err, CZ_EDATA, "%zu:%zu: expected %s, found %s",
			  node ? node->line : 0, node ? node->col : 0, what,
			  cz_ynode_kind_name(node));
}

cz_rc cz_ynode_bool(const cz_ynode *node, bool *out, cz_err *err)
{
	static const char *yes[] = { "true", "yes", "on" };
	static const char *no[] = { "false", "no", "off" };
	cz_rc rc = need_scalar(node, "true or false", err);

	if (rc)
		return rc;
	for (size_t i = 0; i < 3; i++) {
		if (!strcasecmp(node->str, yes[i])) {
			*out = true;
			return CZ_OK;
		}
		if (!strcasecmp(node->str, no[i])) {
			*out = false;
			return CZ_OK;
		}
	}
	return cz_err_set(err, CZ_EDATA, "%zu:%zu: expected true or false, found '%s'",
			  node->line, node->col, node->str);
}

cz_rc cz_ynode_long(const cz_ynode *node, long min, long max, long *out, cz_err *err)
{
	cz_rc rc = need_scalar(node, "an integer", err);
	char *end;
	long v;

	if (rc)
		return rc;
	errno = 0;
	v = strtol(node->str, &end, 10);
	if (errno || end == node->str || *end || v < min || v > max)
		return cz_err_set(err, CZ_EDATA,
				  "%zu:%zu: expected an integer from %ld to %ld, found '%s'",
				  node->line, node->col, min, max, node->str);
	*out = v;
	return CZ_OK;
}

cz_rc cz_ynode_double(const cz_ynode *node, double *out, cz_err *err)
{
	cz_rc rc = need_scalar(node, "a number", err);
	char *end;
	double v;

	if (rc)
		return rc;
	errno = 0;
	v = strtod(node->str, &end);
	if (errno || end == node->str || *end || !isfinite(v))
		return cz_err_set(err, CZ_EDATA, "%zu:%zu: expected a number, found '%s'",
				  node->line, node->col, node->str);
	*out = v;
	return CZ_OK;
}

cz_rc cz_ynode_size(const cz_ynode *node, size_t *out, cz_err *err)
{
	static const struct { const char *suffix; unsigned shift; } units[] = {
		{ "", 0 }, { "b", 0 }, { "k", 10 }, { "kb", 10 }, { "kib", 10 },
		{ "m", 20 }, { "mb", 20 }, { "mib", 20 }, { "g", 30 }, { "gb", 30 }, { "gib", 30 },
	};
	cz_rc rc = need_scalar(node, "a size", err);
	unsigned long long v;
	char *end;

	if (rc)
		return rc;
	/* strtoull skips blanks and accepts a sign (wrapping "-5" to a huge
	 * value), so insist on a digit first. */
	if (node->str[0] < '0' || node->str[0] > '9')
		goto bad;
	errno = 0;
	v = strtoull(node->str, &end, 10);
	if (errno || end == node->str)
		goto bad;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].suffix))
			continue;
		if (v > (SIZE_MAX >> units[i].shift))
			goto bad;
		*out = (size_t)v << units[i].shift;
		return CZ_OK;
	}
bad:
	return cz_err_set(err, CZ_EDATA,
			  "%zu:%zu: expected a size such as 16777216 or 16MiB, found '%s'",
			  node->line, node->col, node->str);
}

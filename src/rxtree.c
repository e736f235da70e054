/*
 * rxtree.c - a recursive-descent parser from PCRE2 pattern text to the
 * syntax tree of rxtree.h, and the structural questions asked of it.
 *
 * The grammar is the usual one: alternation of concatenations of
 * quantified atoms. Option settings are parser state: `(?i)` changes the
 * state for the rest of its group (later alternatives included, as in
 * PCRE2), a group restores the state it found when it closes, and every
 * literal and class is stamped with the state in force. Classes are
 * reduced to what the analyses need, an ASCII member set and whether a
 * non-ASCII character may match (cz_rx_set, built by rxset.c); caseless
 * letters are folded into the set as they are added. Lookaround is parsed (to find its end
 * and refuse what is inside it like anything else) and kept only as a
 * zero-width assertion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/rxtree.h"

#define RX_MAX_DEPTH 128
#define RX_MAX_NODES 20000
#define RX_MAX_COUNT 65535u /* PCRE2's largest repeat count */

typedef struct parser {
	const unsigned char *p;
	size_t i;
	bool caseless, dotall;
	unsigned depth;
	size_t nodes;
	cz_rc rc;   /* the first failure */
	cz_err *err;
} parser;

static void fail(parser *ps, cz_rc rc, const char *what)
{
	if (ps->rc)
		return;
	ps->rc = rc;
	if (rc == CZ_ENOMEM)
		cz_err_set(ps->err, rc, "out of memory");
	else
		cz_err_set(ps->err, rc, "pattern offset %zu: %s", ps->i, what);
}

void cz_rx_free(cz_rx *rx)
{
	if (!rx)
		return;
	for (size_t k = 0; k < rx->n; k++)
		cz_rx_free(rx->kids[k]);
	free(rx->kids);
	free(rx);
}

static cz_rx *node_new(parser *ps, cz_rx_kind kind)
{
	cz_rx *n;

	if (ps->rc)
		return NULL;
	if (++ps->nodes > RX_MAX_NODES) {
		fail(ps, CZ_EDATA, "pattern too large to analyse");
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (!n) {
		fail(ps, CZ_ENOMEM, "");
		return NULL;
	}
	n->kind = kind;
	n->caseless = ps->caseless;
	return n;
}

/* Append kid to parent (taking it); on failure kid is freed. */
static bool add_kid(parser *ps, cz_rx *parent, cz_rx *kid)
{
	cz_rx **v;

	if (!kid)
		return false;
	v = realloc(parent->kids, (parent->n + 1) * sizeof(*v));
	if (!v) {
		cz_rx_free(kid);
		fail(ps, CZ_ENOMEM, "");
		return false;
	}
	parent->kids = v;
	parent->kids[parent->n++] = kid;
	return true;
}

/* A new node of kind with kid as its first child; kid is taken (freed
 * on failure). */
static cz_rx *parent_of(parser *ps, cz_rx_kind kind, cz_rx *kid)
{
	cz_rx *n = node_new(ps, kind);

	if (!n) {
		cz_rx_free(kid);
		return NULL;
	}
	if (!add_kid(ps, n, kid)) {
		cz_rx_free(n);
		return NULL;
	}
	return n;
}

static bool is_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ----------------------------------------------------------- characters */

/* Decode one UTF-8 character at ps->i into *cp. */
static bool utf8_char(parser *ps, uint32_t *cp)
{
	const unsigned char *s = ps->p + ps->i;
	uint32_t c = s[0];
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;

	if (n == 0 || c >= 0xf8) {
		fail(ps, CZ_EDATA, "invalid UTF-8");
		return false;
	}
	if (n > 1)
		c &= 0xffu >> (n + 1);
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80) {
			fail(ps, CZ_EDATA, "invalid UTF-8");
			return false;
		}
		c = c << 6 | (s[k] & 0x3fu);
	}
	*cp = c;
	ps->i += n;
	return true;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * An escape that stands for one character, at ps->i just past the
 * backslash: \t \n \r \f \e \a, \xhh, \x{h...}, \o{o...}, \0oo, \cX and an
 * escaped non-alphanumeric ASCII character. On success ps->i is past it.
 */
static bool escape_char(parser *ps, uint32_t *cp)
{
	unsigned char e = ps->p[ps->i];
	uint32_t v = 0;

	switch (e) {
	case 't': *cp = '\t'; break;
	case 'n': *cp = '\n'; break;
	case 'r': *cp = '\r'; break;
	case 'f': *cp = '\f'; break;
	case 'e': *cp = 27; break;
	case 'a': *cp = 7; break;
	case 'c':
		if (ps->p[ps->i + 1] < 32 || ps->p[ps->i + 1] >= 127)
			return false;
		*cp = (uint32_t)(ps->p[ps->i + 1] & 0xdf) ^ 0x40;
		ps->i += 2;
		return true;
	case 'x':
		ps->i++;
		if (ps->p[ps->i] == '{') {
			size_t k = ps->i + 1;
			while (hexval(ps->p[k]) >= 0 && k - ps->i < 8)
				v = v << 4 | (uint32_t)hexval(ps->p[k++]);
			if (ps->p[k] != '}' || k == ps->i + 1 || v > 0x10ffff)
				return false;
			ps->i = k + 1;
		} else {
			for (int k = 0; k < 2 && hexval(ps->p[ps->i]) >= 0; k++)
				v = v << 4 | (uint32_t)hexval(ps->p[ps->i++]);
		}
		*cp = v;
		return true;
	case 'o':
		if (ps->p[ps->i + 1] != '{')
			return false;
		ps->i += 2;
		while (ps->p[ps->i] >= '0' && ps->p[ps->i] <= '7' && v < 0x110000)
			v = v << 3 | (uint32_t)(ps->p[ps->i++] - '0');
		if (ps->p[ps->i] != '}' || v > 0x10ffff)
			return false;
		ps->i++;
		*cp = v;
		return true;
	case '0':
		ps->i++;
		for (int k = 0; k < 2 && ps->p[ps->i] >= '0' && ps->p[ps->i] <= '7'; k++)
			v = v << 3 | (uint32_t)(ps->p[ps->i++] - '0');
		*cp = v;
		return true;
	default:
		if (e == 0 || e >= 0x80 || (e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') ||
		    (e >= 'A' && e <= 'Z'))
			return false;
		*cp = e;
		break;
	}
	ps->i++;
	return true;
}

/* ------------------------------------------------------------- classes */

/* One class member that is a single character (literal or escape); false
 * with ps->rc unset when the member is not a single character. */
static bool class_char(parser *ps, uint32_t *cp)
{
	if (ps->p[ps->i] != '\\')
		return utf8_char(ps, cp);
	if (ps->p[ps->i + 1] == 'b') { /* backspace inside a class */
		ps->i += 2;
		*cp = 8;
		return true;
	}
	ps->i++;
	if (escape_char(ps, cp))
		return true;
	ps->i--;
	return false;
}

/* A class at ps->i just past '['. */
static cz_rx *parse_class(parser *ps)
{
	cz_rx *n = node_new(ps, CZ_RX_CLASS);
	cz_rx_set *s;
	bool neg = false, first = true;

	if (!n)
		return NULL;
	s = &n->set;
	if (ps->p[ps->i] == '^') {
		neg = true;
		ps->i++;
	}
	for (;; first = false) {
		unsigned char c = ps->p[ps->i];
		cz_rx_set sub;
		uint32_t lo, hi;
		if (!c) {
			fail(ps, CZ_EDATA, "unterminated class");
			break;
		}
		if (c == ']' && !first) {
			ps->i++;
			break;
		}
		if (c == '[' && ps->p[ps->i + 1] == ':') {
			const char *name = (const char *)ps->p + ps->i + 2;
			const char *end = strstr(name, ":]");
			bool pneg = *name == '^';
			if (!end || !cz_rx_set_posix(name + pneg, (size_t)(end - name) - pneg, &sub)) {
				fail(ps, CZ_EDATA, "unknown POSIX class");
				break;
			}
			if (pneg)
				cz_rx_set_invert(&sub);
			cz_rx_set_union(s, &sub);
			ps->i = (size_t)(end - (const char *)ps->p) + 2;
			continue;
		}
		if (c == '[' && (ps->p[ps->i + 1] == '.' || ps->p[ps->i + 1] == '=')) {
			fail(ps, CZ_EDATA, "collating elements are not supported");
			break;
		}
		if (c == '\\' && cz_rx_set_escape((char)ps->p[ps->i + 1], &sub)) {
			cz_rx_set_union(s, &sub);
			ps->i += 2;
			continue;
		}
		if (c == '\\' && ps->p[ps->i + 1] == 'Q') {
			ps->i += 2;
			while (ps->p[ps->i] && !(ps->p[ps->i] == '\\' && ps->p[ps->i + 1] == 'E')) {
				if (!utf8_char(ps, &lo))
					break;
				cz_rx_set_add(s, lo);
			}
			if (ps->rc)
				break;
			if (ps->p[ps->i] == '\\') /* at \E */
				ps->i += 2;
			continue;
		}
		if (c == '\\' && ps->p[ps->i + 1] == 'E') {
			ps->i += 2;
			continue;
		}
		if (!class_char(ps, &lo)) {
			fail(ps, CZ_EDATA, "unsupported escape in a class");
			break;
		}
		hi = lo;
		if (ps->p[ps->i] == '-' && ps->p[ps->i + 1] && ps->p[ps->i + 1] != ']') {
			ps->i++;
			if (!class_char(ps, &hi) || hi < lo) {
				fail(ps, CZ_EDATA, "unsupported range in a class");
				break;
			}
		}
		cz_rx_set_add_range(s, lo, hi);
	}
	if (ps->rc) {
		cz_rx_free(n);
		return NULL;
	}
	if (ps->caseless)
		cz_rx_set_fold(s);
	if (neg)
		cz_rx_set_invert(s);
	return n;
}

/* -------------------------------------------------------------- atoms */

static cz_rx *parse_alt(parser *ps);

static cz_rx *char_node(parser *ps, uint32_t c)
{
	cz_rx *n = node_new(ps, CZ_RX_CHAR);

	if (n)
		n->c = c;
	return n;
}

static cz_rx *set_node(parser *ps, const cz_rx_set *s)
{
	cz_rx *n = node_new(ps, CZ_RX_CLASS);

	if (n)
		n->set = *s;
	return n;
}

/* The dot (or \N when newline_too is false). */
static cz_rx *dot_node(parser *ps, bool newline_too)
{
	cz_rx_set s;

	memset(&s, 0, sizeof(s));
	cz_rx_set_add_range(&s, 0, 127);
	if (!newline_too)
		s.ascii['\n' >> 5] &= ~(1u << ('\n' & 31));
	cz_rx_set_any_non_ascii(&s);
	return set_node(ps, &s);
}

static cz_rx *assert_node(parser *ps, cz_rx_assert a)
{
	cz_rx *n = node_new(ps, CZ_RX_ASSERT);

	if (n)
		n->assert = a;
	return n;
}

/* \Q...\E (ps->i just past \Q): a run of literal characters. */
static cz_rx *parse_quoted(parser *ps)
{
	cz_rx *cat = node_new(ps, CZ_RX_CAT);

	while (cat && ps->p[ps->i] && !(ps->p[ps->i] == '\\' && ps->p[ps->i + 1] == 'E')) {
		uint32_t c;
		if (!utf8_char(ps, &c) || !add_kid(ps, cat, char_node(ps, c)))
			break;
	}
	if (ps->p[ps->i] == '\\') /* at \E (not at the end, nor at a bad byte) */
		ps->i += 2;
	if (ps->rc) {
		cz_rx_free(cat);
		return NULL;
	}
	return cat;
}

/* An escape outside a class, ps->i at the backslash. */
static cz_rx *parse_escape(parser *ps)
{
	unsigned char e = ps->p[ps->i + 1];
	cz_rx_set s;
	uint32_t c;

	if (cz_rx_set_escape((char)e, &s)) {
		ps->i += 2;
		return set_node(ps, &s);
	}
	switch (e) {
	case 'b': ps->i += 2; return assert_node(ps, CZ_RXA_WORD);
	case 'B': ps->i += 2; return assert_node(ps, CZ_RXA_NWORD);
	case 'A': ps->i += 2; return assert_node(ps, CZ_RXA_START);
	case 'z':
	case 'Z': ps->i += 2; return assert_node(ps, CZ_RXA_END);
	case 'G': ps->i += 2; return assert_node(ps, CZ_RXA_G);
	case 'N': ps->i += 2; return dot_node(ps, false);
	case 'Q': ps->i += 2; return parse_quoted(ps);
	case 'E': ps->i += 2; return node_new(ps, CZ_RX_EMPTY);
	default: break;
	}
	ps->i++;
	if (escape_char(ps, &c))
		return char_node(ps, c);
	ps->i--;
	fail(ps, CZ_EDATA, "unsupported escape");
	return NULL;
}

/*
 * Option letters at ps->i (after "(?"), up to ')' or ':'. Sets *close to
 * the character that ended them. i and s change matching; m n U J do not
 * change what the tree records; anything else is refused.
 */
static bool parse_options(parser *ps, char *close)
{
	bool on = true;

	for (;;) {
		unsigned char c = ps->p[ps->i++];
		switch (c) {
		case '-': on = false; break;
		case 'i': ps->caseless = on; break;
		case 's': ps->dotall = on; break;
		case 'm': case 'n': case 'U': case 'J': break;
		case ')': case ':': *close = (char)c; return true;
		default:
			ps->i--;
			fail(ps, CZ_EDATA, "unsupported option setting");
			return false;
		}
	}
}

/* The body of a group up to its ')', with the options saved and restored
 * around it; wrapped in a GROUP node unless lookaround (an ASSERT). */
static cz_rx *group_body(parser *ps, bool look)
{
	bool caseless = ps->caseless, dotall = ps->dotall;
	cz_rx *body;

	if (++ps->depth > RX_MAX_DEPTH) {
		fail(ps, CZ_EDATA, "groups nested too deeply to analyse");
		return NULL;
	}
	body = parse_alt(ps);
	ps->depth--;
	ps->caseless = caseless;
	ps->dotall = dotall;
	if (body && ps->p[ps->i] != ')')
		fail(ps, CZ_EDATA, "missing )");
	if (ps->rc) {
		cz_rx_free(body);
		return NULL;
	}
	ps->i++;
	if (look) {
		cz_rx_free(body);
		return assert_node(ps, CZ_RXA_LOOK);
	}
	return parent_of(ps, CZ_RX_GROUP, body);
}

/* A group, ps->i at '('. */
static cz_rx *parse_group(parser *ps)
{
	const unsigned char *p = ps->p;
	size_t i = ps->i + 1;

	if (p[i] == '*') {
		ps->i = i;
		fail(ps, CZ_EDATA, "verbs are not supported");
		return NULL;
	}
	if (p[i] != '?') {
		ps->i = i;
		return group_body(ps, false);
	}
	i++;
	if (p[i] == ':' || p[i] == '|' || p[i] == '>') {
		ps->i = i + 1;
		return group_body(ps, false);
	}
	if (p[i] == '=' || p[i] == '!') {
		ps->i = i + 1;
		return group_body(ps, true);
	}
	if (p[i] == '<' && (p[i + 1] == '=' || p[i + 1] == '!')) {
		ps->i = i + 2;
		return group_body(ps, true);
	}
	if (p[i] == '<' || p[i] == '\'' || (p[i] == 'P' && p[i + 1] == '<')) {
		char end = p[i] == '\'' ? '\'' : '>';
		i += p[i] == 'P' ? 2 : 1;
		while (p[i] && p[i] != end && (p[i] == '_' || (p[i] >= '0' && p[i] <= '9') ||
					       is_alpha(p[i])))
			i++;
		if (p[i] != end) {
			ps->i = i;
			fail(ps, CZ_EDATA, "unsupported group");
			return NULL;
		}
		ps->i = i + 1;
		return group_body(ps, false);
	}
	{
		bool caseless = ps->caseless, dotall = ps->dotall;
		char close;
		cz_rx *g;
		ps->i = i;
		if (!parse_options(ps, &close))
			return NULL;
		if (close == ')') /* for the rest of the enclosing group */
			return node_new(ps, CZ_RX_EMPTY);
		g = group_body(ps, false);
		ps->caseless = caseless;
		ps->dotall = dotall;
		return g;
	}
}

/* A quantifier at ps->i: consumed, with its lazy/possessive suffix. */
static bool parse_quantifier(parser *ps, uint32_t *min, uint32_t *max)
{
	const unsigned char *p = ps->p;
	size_t i = ps->i;

	switch (p[i]) {
	case '?': *min = 0; *max = 1; i++; break;
	case '*': *min = 0; *max = CZ_RX_INF; i++; break;
	case '+': *min = 1; *max = CZ_RX_INF; i++; break;
	case '{': {
		uint32_t a = 0, b;
		size_t j = i + 1;
		if (p[j] < '0' || p[j] > '9')
			return false;
		while (p[j] >= '0' && p[j] <= '9' && a <= RX_MAX_COUNT)
			a = a * 10 + (uint32_t)(p[j++] - '0');
		b = a;
		if (p[j] == ',') {
			j++;
			if (p[j] == '}') {
				b = CZ_RX_INF;
			} else {
				if (p[j] < '0' || p[j] > '9')
					return false;
				b = 0;
				while (p[j] >= '0' && p[j] <= '9' && b <= RX_MAX_COUNT)
					b = b * 10 + (uint32_t)(p[j++] - '0');
			}
		}
		if (p[j] != '}' || a > RX_MAX_COUNT || (b != CZ_RX_INF && (b > RX_MAX_COUNT || b < a)))
			return false;
		*min = a;
		*max = b;
		i = j + 1;
		break;
	}
	default:
		return false;
	}
	if (p[i] == '?' || p[i] == '+')
		i++;
	ps->i = i;
	return true;
}

static bool at_quantifier(const parser *ps)
{
	parser probe = *ps;
	uint32_t a, b;

	return parse_quantifier(&probe, &a, &b);
}

static cz_rx *parse_atom(parser *ps)
{
	unsigned char c = ps->p[ps->i];
	uint32_t cp;

	switch (c) {
	case '(': return parse_group(ps);
	case '[': ps->i++; return parse_class(ps);
	case '.': ps->i++; return dot_node(ps, ps->dotall);
	case '^': ps->i++; return assert_node(ps, CZ_RXA_START);
	case '$': ps->i++; return assert_node(ps, CZ_RXA_END);
	case '\\': return parse_escape(ps);
	default: break;
	}
	if (at_quantifier(ps)) {
		fail(ps, CZ_EDATA, "quantifier without an atom");
		return NULL;
	}
	if (!utf8_char(ps, &cp))
		return NULL;
	return char_node(ps, cp);
}

/* Atoms, each with its quantifiers, up to '|', ')' or the end. */
static cz_rx *parse_cat(parser *ps)
{
	cz_rx *cat = node_new(ps, CZ_RX_CAT), *one;

	while (cat && !ps->rc && ps->p[ps->i] && ps->p[ps->i] != '|' && ps->p[ps->i] != ')') {
		cz_rx *atom = parse_atom(ps);
		uint32_t min, max;
		while (atom && parse_quantifier(ps, &min, &max)) {
			atom = parent_of(ps, CZ_RX_REPEAT, atom);
			if (atom) {
				atom->min = min;
				atom->max = max;
			}
		}
		if (!add_kid(ps, cat, atom))
			break;
	}
	if (!cat || ps->rc) {
		cz_rx_free(cat);
		return NULL;
	}
	if (cat->n == 0) {
		cat->kind = CZ_RX_EMPTY;
		return cat;
	}
	if (cat->n > 1)
		return cat;
	one = cat->kids[0];
	cat->n = 0;
	cz_rx_free(cat);
	return one;
}

static cz_rx *parse_alt(parser *ps)
{
	cz_rx *first = parse_cat(ps), *alt;

	if (!first || ps->p[ps->i] != '|')
		return first;
	alt = parent_of(ps, CZ_RX_ALT, first);
	if (!alt)
		return NULL;
	while (ps->p[ps->i] == '|') {
		ps->i++;
		if (!add_kid(ps, alt, parse_cat(ps)))
			break;
	}
	if (ps->rc) {
		cz_rx_free(alt);
		return NULL;
	}
	return alt;
}

cz_rc cz_rx_parse(cz_rx **out, const char *pattern, bool caseless, cz_err *err)
{
	parser ps;
	cz_rx *rx;

	memset(&ps, 0, sizeof(ps));
	ps.p = (const unsigned char *)pattern;
	ps.caseless = caseless;
	ps.err = err;
	*out = NULL;
	rx = parse_alt(&ps);
	if (rx && ps.p[ps.i])
		fail(&ps, CZ_EDATA, "unbalanced )");
	if (ps.rc) {
		cz_rx_free(rx);
		return ps.rc;
	}
	*out = rx;
	return CZ_OK;
}

/* ------------------------------------------------------------ analyses */

bool cz_rx_ask(const char *pattern, bool caseless, bool (*q)(const cz_rx *), bool otherwise)
{
	cz_err err;
	cz_rx *rx = NULL;
	bool v;

	if (cz_rx_parse(&rx, pattern, caseless, &err))
		return otherwise;
	v = q(rx);
	cz_rx_free(rx);
	return v;
}

bool cz_rx_nullable(const cz_rx *rx)
{
	switch (rx->kind) {
	case CZ_RX_EMPTY:
	case CZ_RX_ASSERT:
		return true;
	case CZ_RX_CHAR:
	case CZ_RX_CLASS:
		return false;
	case CZ_RX_GROUP:
		return cz_rx_nullable(rx->kids[0]);
	case CZ_RX_REPEAT:
		return rx->min == 0 || cz_rx_nullable(rx->kids[0]);
	case CZ_RX_CAT:
		for (size_t k = 0; k < rx->n; k++)
			if (!cz_rx_nullable(rx->kids[k]))
				return false;
		return true;
	case CZ_RX_ALT:
		for (size_t k = 0; k < rx->n; k++)
			if (cz_rx_nullable(rx->kids[k]))
				return true;
		return false;
	}
	return true;
}

bool cz_rx_edge_free(const cz_rx *rx)
{
	if (rx->kind == CZ_RX_ASSERT)
		return rx->assert == CZ_RXA_WORD || rx->assert == CZ_RXA_NWORD;
	for (size_t k = 0; k < rx->n; k++)
		if (!cz_rx_edge_free(rx->kids[k]))
			return false;
	return true;
}

static bool has_unbounded(const cz_rx *rx)
{
	if (rx->kind == CZ_RX_REPEAT && rx->max == CZ_RX_INF)
		return true;
	for (size_t k = 0; k < rx->n; k++)
		if (has_unbounded(rx->kids[k]))
			return true;
	return false;
}

bool cz_rx_nested_unbounded(const cz_rx *rx)
{
	if (rx->kind == CZ_RX_REPEAT && rx->max == CZ_RX_INF && has_unbounded(rx->kids[0]))
		return true;
	for (size_t k = 0; k < rx->n; k++)
		if (cz_rx_nested_unbounded(rx->kids[k]))
			return true;
	return false;
}

/*
 * rulelint.c - `coalesce rules lint`: patterns that load but are likely
 * slow or wrong (see cz_ruleset_lint in rule.h).
 *
 * The checks read the pattern text with a small scanner that knows about
 * escapes, \Q..\E and character classes; it is a heuristic, not a regex
 * parser, and errs on the side of warning.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "coalesce/rule.h"

typedef struct linter {
	cz_lint_fn fn;
	void *ctx;
	size_t n;
} linter;

static void warn(linter *l, const cz_rule *r, const cz_rpat *p, const char *msg)
{
	cz_lint f;

	f.rule = r;
	f.line = p ? p->line : r->line;
	f.col = p ? p->col : r->col;
	snprintf(f.msg, sizeof(f.msg), "%s", msg);
	l->n++;
	if (l->fn)
		l->fn(l->ctx, &f);
}

/* Length of the quantifier at p if it is unbounded (+, *, {n,}), else 0. */
static size_t unbounded(const char *p)
{
	if (*p == '+' || *p == '*')
		return 1;
	if (*p == '{') {
		size_t i = 1;
		while (isdigit((unsigned char)p[i]))
			i++;
		if (i > 1 && p[i] == ',' && p[i + 1] == '}')
			return i + 2;
	}
	return 0;
}

/* (a+)+, (\w*\s)*, (?:x+y){2,}: a group with an unbounded quantifier inside,
 * itself repeated without bound. */
static bool nested_unbounded(const char *p)
{
	bool inner[64] = { false };
	int depth = 0;
	bool in_class = false;

	for (size_t i = 0; p[i]; i++) {
		char c = p[i];
		if (c == '\\') {
			if (p[i + 1] == 'Q') {
				const char *e = strstr(p + i + 2, "\\E");
				if (!e)
					return false;
				i = (size_t)(e - p) + 1;
				continue;
			}
			if (!p[i + 1])
				break;
			i++;
			if (!in_class && depth > 0 && depth < 64 && unbounded(p + i + 1))
				inner[depth] = true;
			continue;
		}
		if (in_class) {
			if (c == ']') {
				in_class = false;
				if (depth > 0 && depth < 64 && unbounded(p + i + 1))
					inner[depth] = true;
			}
			continue;
		}
		if (c == '[') {
			in_class = true;
			if (p[i + 1] == '^')
				i++;
			if (p[i + 1] == ']')
				i++;
			continue;
		}
		if (c == '(') {
			depth++;
			if (depth < 64)
				inner[depth] = false;
			continue;
		}
		if (c == ')') {
			bool had = depth > 0 && depth < 64 && inner[depth];
			if (depth > 0)
				depth--;
			if (had && unbounded(p + i + 1))
				return true;
			/* a group containing a repeat makes its parent contain one */
			if (had && depth > 0 && depth < 64)
				inner[depth] = true;
			if (depth > 0 && depth < 64 && unbounded(p + i + 1))
				inner[depth] = true;
			continue;
		}
		if (depth > 0 && depth < 64 && unbounded(p + i + 1) && c != '?')
			inner[depth] = true;
	}
	return false;
}

static bool letter(char c)
{
	return isalpha((unsigned char)c) != 0;
}

/* The last character of the pattern, ignoring a trailing escape's backslash. */
static bool ends_with_letter(const char *p)
{
	size_t n = strlen(p);

	if (!n || !letter(p[n - 1]))
		return false;
	return n < 2 || p[n - 2] != '\\';
}

static void check_pattern(linter *l, const cz_rule *r, const cz_rpat *p, bool is_match)
{
	char msg[200];

	if (!cz_regex_jitted(p->re))
		warn(l, r, p, "PCRE2 cannot JIT-compile this pattern: it runs interpreted, "
		     "much slower");
	if (nested_unbounded(p->text))
		warn(l, r, p, "nested unbounded quantifiers (like (a+)+) can backtrack "
		     "catastrophically; make the inner or outer repeat bounded or possessive");
	if (is_match && !strstr(p->text, "\\b") &&
	    (letter(p->text[0]) || ends_with_letter(p->text))) {
		snprintf(msg, sizeof(msg), "pattern starts or ends with a letter but has no \\b: "
			 "'%.60s' also matches inside longer words", p->text);
		warn(l, r, p, msg);
	}
	if (r->caseless && (strstr(p->text, "\\p{Lu}") || strstr(p->text, "\\p{Ll}") ||
			    strstr(p->text, "\\p{Lt}") || strstr(p->text, "[:upper:]") ||
			    strstr(p->text, "[:lower:]")))
		warn(l, r, p, "case classes like \\p{Lu} match every letter under caseless "
		     "matching; set 'caseless: false' or drop the class");
}

size_t cz_ruleset_lint(const cz_ruleset *rs, cz_lint_fn fn, void *ctx)
{
	linter l = { fn, ctx, 0 };

	for (size_t i = 0; i < rs->n; i++) {
		const cz_rule *r = rs->rules[i];
		for (size_t k = 0; k < r->n_match; k++)
			check_pattern(&l, r, &r->match[k], true);
		for (size_t k = 0; k < r->n_require; k++)
			check_pattern(&l, r, &r->require[k], false);
		for (size_t k = 0; k < r->n_unless; k++)
			check_pattern(&l, r, &r->unless[k], false);
		if (r->section)
			check_pattern(&l, r, r->section, false);
		if (!r->n_ex_match && !r->n_ex_no_match && !r->n_ex_excepted)
			warn(&l, r, NULL, "rule has no examples; add examples.match and "
			     "examples.no_match so 'coalesce rules test' can check it");
	}
	return l.n;
}

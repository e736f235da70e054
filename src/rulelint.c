/*
 * rulelint.c - `coalesce rules lint`: patterns that load but are likely
 * slow or wrong (see cz_ruleset_lint in rule.h).
 *
 * Structural checks ask the pattern's syntax tree (rxtree.h); the others
 * read the text.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "coalesce/rule.h"
#include "coalesce/rxtree.h"

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
	/* (a+)+, (\w*\s)*, (?:x+y){2,}; a pattern the tree does not model is
	 * not judged */
	if (cz_rx_ask(p->text, r->caseless, cz_rx_nested_unbounded, false))
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

/*
 * fuzz_rule.c - fuzz target: a rule file's text through the rule loader
 * (YAML tree, strict key checks, scopes, weights, examples, PCRE2
 * compilation of every pattern with its limits) and, when it parses, into
 * a ruleset (duplicate checks, fingerprint).
 */
#include <stddef.h>
#include <stdint.h>

#include "coalesce/rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cz_rule *rule = NULL;
	cz_ruleset rs;
	cz_err err;

	if (cz_rule_parse(&rule, "fuzz/pack/r.yml", "pack", "r", (const char *)data, size, &err) !=
	    CZ_OK)
		return 0;
	cz_ruleset_init(&rs);
	if (cz_ruleset_add(&rs, rule, &err) == CZ_OK)
		(void)cz_ruleset_finish(&rs, &err);
	cz_ruleset_release(&rs);
	return 0;
}

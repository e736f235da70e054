/*
 * test_condmemo.c - condition keys (same text and case flag share one,
 * across rules and within a rule; another case flag does not), answers
 * remembered per window and forgotten at the next note, and the counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/condmemo.h"

static cz_rule *rule(const char *id, const char *yaml)
{
	cz_rule *r;
	cz_err err = { CZ_OK, "" };

	if (cz_rule_parse(&r, "t/r.yml", "t", id, yaml, strlen(yaml), &err))
		fail_msg("rule %s: %s", id, err.msg);
	return r;
}

#define HEAD "version: 1\nsignal: s\npolarity: positive\nweight: 1\nscope: line\n" \
	     "match:\n  - 'x'\n"

static void test_keys_and_answers(void **state)
{
	cz_ruleset rs;
	cz_condmemo *cm;
	cz_condmemo_stats st;
	cz_err err = { CZ_OK, "" };
	bool yes = false;

	(void)state;
	cz_ruleset_init(&rs);
	assert_int_equal(cz_ruleset_add(&rs, rule("a", HEAD "require:\n  - re: 'p'\n"
						   "unless:\n  - re: 'q'\n  - re: 'p'\n"), &err), CZ_OK);
	assert_int_equal(cz_ruleset_add(&rs, rule("b", HEAD "unless:\n  - re: 'q'\n"), &err),
			 CZ_OK);
	assert_int_equal(cz_ruleset_add(&rs, rule("c", HEAD "caseless: false\n"
						   "unless:\n  - re: 'q'\n"), &err), CZ_OK);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(cz_condmemo_new(&cm, &rs, &err), CZ_OK);

	/* a: require p (0), unless q (1), unless p (= require p) */
	assert_string_equal(cz_cond_at(rs.rules[0], 2)->text, "p");
	assert_int_equal(cz_condmemo_key(cm, 0, 0), 0);
	assert_int_equal(cz_condmemo_key(cm, 0, 1), 1);
	assert_int_equal(cz_condmemo_key(cm, 0, 2), 0);
	assert_int_equal(cz_condmemo_key(cm, 1, 0), 1); /* b's q is a's q */
	assert_int_not_equal(cz_condmemo_key(cm, 2, 0), 1); /* c matches case */

	assert_false(cz_condmemo_get(cm, 1, 10, 20, &yes));
	cz_condmemo_put(cm, 1, 10, 20, true);
	cz_condmemo_put(cm, 0, 10, 20, false);
	assert_true(cz_condmemo_get(cm, 1, 10, 20, &yes));
	assert_true(yes);
	assert_true(cz_condmemo_get(cm, 0, 10, 20, &yes));
	assert_false(yes);
	assert_false(cz_condmemo_get(cm, 1, 10, 21, &yes)); /* another window */
	assert_false(cz_condmemo_get(cm, 1, 11, 20, &yes));
	cz_condmemo_next_note(cm);
	assert_false(cz_condmemo_get(cm, 1, 10, 20, &yes)); /* forgotten */

	st = cz_condmemo_stats_of(cm);
	assert_int_equal(st.asked, 6);
	assert_int_equal(st.answered, 2);
	cz_condmemo_free(cm);
	cz_ruleset_release(&rs);
}

/* More answers than fit near one slot are dropped, never wrong. */
static void test_full_table(void **state)
{
	cz_ruleset rs;
	cz_condmemo *cm;
	cz_err err = { CZ_OK, "" };
	size_t kept = 0;
	bool yes;

	(void)state;
	cz_ruleset_init(&rs);
	assert_int_equal(cz_ruleset_add(&rs, rule("a", HEAD "unless:\n  - re: 'q'\n"), &err),
			 CZ_OK);
	assert_int_equal(cz_ruleset_finish(&rs, &err), CZ_OK);
	assert_int_equal(cz_condmemo_new(&cm, &rs, &err), CZ_OK);
	for (size_t a = 0; a < 5000; a++)
		cz_condmemo_put(cm, 0, a, a + 7, a % 3 == 0);
	for (size_t a = 0; a < 5000; a++)
		if (cz_condmemo_get(cm, 0, a, a + 7, &yes)) {
			assert_int_equal(yes, a % 3 == 0);
			kept++;
		}
	assert_true(kept > 0 && kept <= 1024);
	cz_condmemo_free(cm);
	cz_ruleset_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_and_answers),
		cmocka_unit_test(test_full_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

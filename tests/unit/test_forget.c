/*
 * test_forget.c - the text scrubber behind `forget` (case, accents,
 * punctuation between words, word boundaries, overlapping keys, invalid
 * UTF-8) and the pseudonyms of a redacted database (stable, keyed,
 * "Last, First" equal to "First Last").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/forget.h"
#include "coalesce/privacy.h"

static void expect_scrub(const char *const *keys, const char *in, const char *want)
{
	cz_strv kv = CZ_STRV_INIT;
	cz_buf out = CZ_BUF_INIT;
	cz_err err;
	bool changed;

	for (size_t i = 0; keys[i]; i++)
		assert_int_equal(cz_strv_push(&kv, keys[i], &err), CZ_OK);
	assert_int_equal(cz_forget_scrub(&kv, in, strlen(in), &out, &changed, &err), CZ_OK);
	assert_string_equal(out.data, want);
	assert_true(changed == (strcmp(in, want) != 0));
	cz_buf_release(&out);
	cz_strv_release(&kv);
}

static void test_scrub(void **state)
{
	static const char *const jose[] = { "jose almeida", "almeida jose", NULL };
	static const char *const mail[] = { "jose almeida example test", NULL };
	static const char *const two[] = { "ana lima", "lima", "bo", NULL };

	(void)state;
	expect_scrub(jose, "Met José Almeida today.", "Met [forgotten] today.");
	expect_scrub(jose, "JOSE  ALMEIDA, then jose-almeida", "[forgotten], then [forgotten]");
	expect_scrub(jose, "Almeida, José said no", "[forgotten] said no");
	expect_scrub(jose, "Josefina Almeidas stays", "Josefina Almeidas stays");
	expect_scrub(jose, "", "");
	expect_scrub(mail, "<jose.almeida@example.test>", "<[forgotten]>");
	/* Overlapping keys: one placeholder; short keys never touch text. */
	expect_scrub(two, "Ana Lima and Lima; BO agrees", "[forgotten] and [forgotten]; BO agrees");
	/* Invalid UTF-8 is passed through, not folded. */
	expect_scrub(jose, "\xff jose almeida \xc3", "\xff [forgotten] \xc3");
}

static void test_pseudonyms(void **state)
{
	cz_privacy a = { true, "00112233445566778899aabbccddeeff" };
	cz_privacy b = { true, "ffeeddccbbaa99887766554433221100" };
	cz_privacy plain = { false, "" };
	cz_buf x = CZ_BUF_INIT, y = CZ_BUF_INIT;
	cz_err err;

	(void)state;
	assert_int_equal(cz_privacy_name(&a, "José Almeida", &x, &err), CZ_OK);
	assert_true(cz_is_pseudonym(x.data));
	assert_int_equal(strlen(x.data), strlen(CZ_PSEUDONYM_PREFIX) + 10);
	assert_int_equal(cz_privacy_name(&a, "almeida, jose", &y, &err), CZ_OK);
	assert_string_equal(x.data, y.data);
	/* A pseudonym maps to itself; another salt gives another pseudonym. */
	assert_int_equal(cz_privacy_name(&a, x.data, &y, &err), CZ_OK);
	assert_string_equal(x.data, y.data);
	assert_int_equal(cz_privacy_name(&b, "José Almeida", &y, &err), CZ_OK);
	assert_string_not_equal(x.data, y.data);
	assert_int_equal(cz_privacy_name(&plain, "José Almeida", &y, &err), CZ_OK);
	assert_string_equal(y.data, "José Almeida");
	assert_int_equal(cz_privacy_email(&a, "Jose.Almeida@Example.test", &x, &err), CZ_OK);
	assert_int_equal(cz_privacy_email(&a, "jose.almeida@example.test", &y, &err), CZ_OK);
	assert_string_equal(x.data, y.data);
	assert_true(cz_is_pseudonym(x.data));
	assert_non_null(strstr(x.data, "@redacted.invalid"));
	assert_false(cz_is_pseudonym("person-"));
	assert_false(cz_is_pseudonym("person-zzzzzzzzzz"));
	cz_buf_release(&x);
	cz_buf_release(&y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scrub),
		cmocka_unit_test(test_pseudonyms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

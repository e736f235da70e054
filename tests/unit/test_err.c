/*
 * test_err.c - cz_err_set / cz_err_prefix (messages, truncation, NULL err)
 * and the code -> name -> exit status contract documented in the README.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/err.h"
#include "testutil.h"

static void set_formats_and_returns_code(void **state)
{
	cz_err e;

	(void)state;
	assert_int_equal(cz_err_set(&e, CZ_EDATA, "%s:%d: %s", "a.md", 3, "bad"), CZ_EDATA);
	assert_int_equal(e.code, CZ_EDATA);
	assert_string_equal(e.msg, "a.md:3: bad");
}

static void set_null_err_still_returns_code(void **state)
{
	(void)state;
	assert_int_equal(cz_err_set(NULL, CZ_EIO, "x"), CZ_EIO);
	cz_err_prefix(NULL, "ignored"); /* must not crash */
}

static void set_truncates_with_ellipsis(void **state)
{
	char big[CZ_ERR_MSG_MAX * 2];
	cz_err e;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cz_err_set(&e, CZ_EDATA, "%s", big);
	assert_int_equal(strlen(e.msg), CZ_ERR_MSG_MAX - 1);
	assert_string_equal(e.msg + CZ_ERR_MSG_MAX - 4, "...");
	assert_int_equal(e.msg[CZ_ERR_MSG_MAX - 5], 'x');
}

static void set_exact_fit_is_not_truncated(void **state)
{
	char fit[CZ_ERR_MSG_MAX];
	cz_err e;

	(void)state;
	/* CZ_ERR_MSG_MAX - 1 characters fit exactly: no "..." */
	memset(fit, 'y', sizeof(fit) - 1);
	fit[sizeof(fit) - 1] = '\0';
	cz_err_set(&e, CZ_EDATA, "%s", fit);
	assert_string_equal(e.msg, fit);
	/* one more and it is cut */
	cz_err_set(&e, CZ_EDATA, "%sz", fit);
	assert_string_equal(e.msg + CZ_ERR_MSG_MAX - 4, "...");
}

static void prefix_prepends_context(void **state)
{
	cz_err e;

	(void)state;
	cz_err_set(&e, CZ_EDATA, "3: front matter: bad");
	cz_err_prefix(&e, "%s", "notes/a.md");
	assert_string_equal(e.msg, "notes/a.md: 3: front matter: bad");
	assert_int_equal(e.code, CZ_EDATA);
	/* the prefix may come from the message itself */
	cz_err_set(&e, CZ_EIO, "inner");
	cz_err_prefix(&e, "%s", e.msg);
	assert_string_equal(e.msg, "inner: inner");
}

static void prefix_truncates(void **state)
{
	char big[CZ_ERR_MSG_MAX];
	cz_err e;

	(void)state;
	memset(big, 'p', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cz_err_set(&e, CZ_EDATA, "tail");
	cz_err_prefix(&e, "%s", big);
	assert_int_equal(strlen(e.msg), CZ_ERR_MSG_MAX - 1);
	assert_string_equal(e.msg + CZ_ERR_MSG_MAX - 4, "...");
}

static void names_are_lowercase_and_distinct(void **state)
{
	(void)state;
	for (int a = CZ_OK; a <= CZ_EPARTIAL; a++) {
		const char *n = cz_rc_name((cz_rc)a);
		assert_non_null(n);
		assert_true(strlen(n) > 0);
		for (const char *p = n; *p; p++)
			assert_false(*p >= 'A' && *p <= 'Z');
		for (int b = a + 1; b <= CZ_EPARTIAL; b++)
			assert_string_not_equal(n, cz_rc_name((cz_rc)b));
	}
	assert_string_equal(cz_rc_name(CZ_EDATA), "bad data");
	assert_string_equal(cz_rc_name(CZ_EBUSY), "database busy");
	assert_string_equal(cz_rc_name((cz_rc)999), "unknown error");
}

static void exit_statuses_match_readme(void **state)
{
	(void)state;
	assert_int_equal(cz_rc_exit_status(CZ_OK), 0);
	assert_int_equal(cz_rc_exit_status(CZ_EPARTIAL), 1);
	assert_int_equal(cz_rc_exit_status(CZ_EUSAGE), 64);
	assert_int_equal(cz_rc_exit_status(CZ_EDATA), 65);
	assert_int_equal(cz_rc_exit_status(CZ_ELIMIT), 65);
	assert_int_equal(cz_rc_exit_status(CZ_ENOINPUT), 66);
	assert_int_equal(cz_rc_exit_status(CZ_EINTERNAL), 70);
	assert_int_equal(cz_rc_exit_status(CZ_ENOMEM), 70);
	assert_int_equal(cz_rc_exit_status(CZ_EIO), 74);
	assert_int_equal(cz_rc_exit_status(CZ_EDB), 74);
	assert_int_equal(cz_rc_exit_status(CZ_EBUSY), 74);
	assert_int_equal(cz_rc_exit_status((cz_rc)999), 70);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_formats_and_returns_code),
		cmocka_unit_test(set_null_err_still_returns_code),
		cmocka_unit_test(set_truncates_with_ellipsis),
		cmocka_unit_test(set_exact_fit_is_not_truncated),
		cmocka_unit_test(prefix_prepends_context),
		cmocka_unit_test(prefix_truncates),
		cmocka_unit_test(names_are_lowercase_and_distinct),
		cmocka_unit_test(exit_statuses_match_readme),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

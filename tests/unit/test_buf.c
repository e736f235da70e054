/*
 * test_buf.c - cz_buf invariants (never NULL, always NUL-terminated), the
 * `max` cap at its boundary, detach ownership, and cz_strv.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/buf.h"
#include "testutil.h"

static void init_is_empty_string(void **state)
{
	cz_buf b;
	cz_buf s = CZ_BUF_INIT;

	(void)state;
	cz_buf_init(&b, 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	assert_string_equal(s.data, "");
	cz_buf_release(&b);
	cz_buf_release(&b); /* twice is fine */
	assert_string_equal(b.data, "");
	cz_buf_reset(&b); /* on the shared "" too */
	assert_string_equal(b.data, "");
}

static void appends_keep_nul(void **state)
{
	cz_buf b;
	cz_err e;

	(void)state;
	tu_err_poison(&e);
	cz_buf_init(&b, 0);
	assert_int_equal(cz_buf_adds(&b, "ab", &e), CZ_OK);
	assert_int_equal(cz_buf_addc(&b, 'c', &e), CZ_OK);
	assert_int_equal(cz_buf_add(&b, "d\0e", 3, &e), CZ_OK);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "abcd\0e", 7);
	assert_int_equal(cz_buf_addf(&b, &e, "-%d-%s", 42, "x"), CZ_OK);
	assert_int_equal(b.len, 11);
	assert_memory_equal(b.data + 6, "-42-x", 6);
	assert_int_equal(cz_buf_add(&b, NULL, 0, &e), CZ_OK);
	tu_assert_untouched(e);
	cz_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	cz_buf_release(&b);
}

static void growth_over_many_appends(void **state)
{
	cz_buf b;

	(void)state;
	cz_buf_init(&b, 0);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(cz_buf_addf(&b, NULL, "%04d", i % 10000), CZ_OK);
	assert_int_equal(b.len, 40000);
	assert_memory_equal(b.data + 4 * 9999, "9999", 5);
	assert_true(b.cap > b.len);
	cz_buf_release(&b);
}

static void max_boundary_both_ways(void **state)
{
	cz_buf b;
	cz_err e;

	(void)state;
	cz_buf_init(&b, 8);
	assert_int_equal(cz_buf_add(&b, "12345678", 8, &e), CZ_OK); /* exactly max */
	assert_int_equal(cz_buf_addc(&b, '9', &e), CZ_ELIMIT);      /* max + 1 */
	tu_assert_err(e, CZ_ELIMIT, "limit of 8 bytes");
	assert_int_equal(b.len, 8); /* unchanged by the failed append */
	assert_string_equal(b.data, "12345678");
	cz_buf_release(&b);
	assert_int_equal(b.max, 8); /* the cap survives release */
	assert_int_equal(cz_buf_addf(&b, &e, "%s", "123456789"), CZ_ELIMIT);
	assert_int_equal(b.len, 0);
	cz_buf_release(&b);
}

static void grow_overflow_is_refused(void **state)
{
	cz_buf b;
	cz_err e;

	(void)state;
	cz_buf_init(&b, 0);
	assert_int_equal(cz_buf_adds(&b, "x", &e), CZ_OK);
	assert_int_equal(cz_buf_grow(&b, SIZE_MAX, &e), CZ_ENOMEM);
	tu_assert_err(e, CZ_ENOMEM, "overflow");
	assert_int_equal(cz_buf_grow(&b, SIZE_MAX - 1, &e), CZ_ENOMEM);
	cz_buf_release(&b);
}

static void detach_hands_over(void **state)
{
	cz_buf b;
	size_t len = 99;
	char *p;

	(void)state;
	cz_buf_init(&b, 100);
	p = cz_buf_detach(&b, &len); /* empty: still a free()able string */
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	assert_int_equal(cz_buf_adds(&b, "hello", NULL), CZ_OK);
	p = cz_buf_detach(&b, &len);
	assert_string_equal(p, "hello");
	assert_int_equal(len, 5);
	assert_string_equal(b.data, ""); /* re-inited */
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	free(p);
	p = cz_buf_detach(&b, NULL);
	free(p);
}

static void strv_push_find_join(void **state)
{
	cz_strv sv = CZ_STRV_INIT;
	cz_buf out;
	cz_err e;
	char src[3] = { 'a', 'b', 'c' };

	(void)state;
	assert_int_equal(cz_strv_find(&sv, "x"), -1);
	cz_buf_init(&out, 0);
	assert_int_equal(cz_strv_join(&sv, ",", &out, &e), CZ_OK);
	assert_string_equal(out.data, "");
	for (int i = 0; i < 100; i++) {
		char s[8];
		snprintf(s, sizeof(s), "s%d", i);
		assert_int_equal(cz_strv_push(&sv, s, &e), CZ_OK);
		assert_null(sv.v[sv.n]); /* NULL-terminated after every push */
	}
	assert_int_equal(sv.n, 100);
	assert_int_equal(cz_strv_find(&sv, "s0"), 0);
	assert_int_equal(cz_strv_find(&sv, "s99"), 99);
	assert_int_equal(cz_strv_find(&sv, "s100"), -1);
	assert_int_equal(cz_strv_find(&sv, "S1"), -1); /* exact */
	assert_int_equal(cz_strv_pushn(&sv, src, 2, &e), CZ_OK);
	assert_string_equal(sv.v[100], "ab");
	cz_strv_release(&sv);
	assert_int_equal(sv.n, 0);
	assert_null(sv.v);

	cz_strv_init(&sv);
	assert_int_equal(cz_strv_push(&sv, "a", &e), CZ_OK);
	assert_int_equal(cz_strv_join(&sv, ", ", &out, &e), CZ_OK);
	assert_string_equal(out.data, "a");
	assert_int_equal(cz_strv_push(&sv, "b", &e), CZ_OK);
	assert_int_equal(cz_strv_push(&sv, "", &e), CZ_OK);
	cz_buf_reset(&out);
	assert_int_equal(cz_strv_join(&sv, ", ", &out, &e), CZ_OK);
	assert_string_equal(out.data, "a, b, ");
	cz_strv_release(&sv);
	cz_buf_release(&out);
}

static void join_respects_cap(void **state)
{
	cz_strv sv = CZ_STRV_INIT;
	cz_buf out;
	cz_err e;

	(void)state;
	cz_buf_init(&out, 4);
	assert_int_equal(cz_strv_push(&sv, "ab", &e), CZ_OK);
	assert_int_equal(cz_strv_push(&sv, "cd", &e), CZ_OK);
	assert_int_equal(cz_strv_join(&sv, ",", &out, &e), CZ_ELIMIT);
	cz_strv_release(&sv);
	cz_buf_release(&out);
}

static void strdup_helpers(void **state)
{
	char *p;

	(void)state;
	p = cz_strndup("abcdef", 3, NULL);
	assert_string_equal(p, "abc");
	free(p);
	p = cz_strdup("", NULL);
	assert_string_equal(p, "");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_is_empty_string),
		cmocka_unit_test(appends_keep_nul),
		cmocka_unit_test(growth_over_many_appends),
		cmocka_unit_test(max_boundary_both_ways),
		cmocka_unit_test(grow_overflow_is_refused),
		cmocka_unit_test(detach_hands_over),
		cmocka_unit_test(strv_push_find_join),
		cmocka_unit_test(join_respects_cap),
		cmocka_unit_test(strdup_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

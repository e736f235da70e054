/*
 * test_hash.c - fingerprints: stable, lowercase 32-hex, sensitive to every
 * byte, and the streaming hasher agreeing with the one-shot form.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/hash.h"
#include "testutil.h"

static void assert_hex32(const char *h)
{
	assert_int_equal(strlen(h), CZ_HASH_HEX - 1);
	for (const char *p = h; *p; p++)
		assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
}

static void one_shot_is_stable_and_sensitive(void **state)
{
	char a[CZ_HASH_HEX], b[CZ_HASH_HEX], c[CZ_HASH_HEX], empty[CZ_HASH_HEX];

	(void)state;
	cz_hash_hex("hello", 5, a);
	cz_hash_hex("hello", 5, b);
	cz_hash_hex("hellp", 5, c);
	cz_hash_hex("", 0, empty);
	assert_hex32(a);
	assert_hex32(empty);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, empty);
	cz_hash_hex("hello\0", 6, b); /* a trailing NUL is content */
	assert_string_not_equal(a, b);
}

static void streaming_matches_one_shot(void **state)
{
	char one[CZ_HASH_HEX], two[CZ_HASH_HEX];
	cz_hasher *h;
	cz_err e;

	(void)state;
	assert_int_equal(cz_hasher_new(&h, &e), CZ_OK);
	cz_hasher_add(h, "hel", 3);
	cz_hasher_add(h, "lo", 2);
	cz_hasher_hex(h, two);
	cz_hash_hex("hello", 5, one);
	assert_string_equal(one, two);
	cz_hasher_hex(h, two); /* digest does not consume the state */
	assert_string_equal(one, two);
	cz_hasher_free(h);
	cz_hasher_free(NULL);
}

static void adds_separates_pieces(void **state)
{
	char x[CZ_HASH_HEX], y[CZ_HASH_HEX], z[CZ_HASH_HEX];
	cz_hasher *h;

	(void)state;
	assert_int_equal(cz_hasher_new(&h, NULL), CZ_OK);
	cz_hasher_adds(h, "ab");
	cz_hasher_adds(h, "c");
	cz_hasher_hex(h, x);
	cz_hasher_free(h);
	assert_int_equal(cz_hasher_new(&h, NULL), CZ_OK);
	cz_hasher_adds(h, "a");
	cz_hasher_adds(h, "bc");
	cz_hasher_hex(h, y);
	cz_hasher_free(h);
	cz_hash_hex("ab\0c", 5, z); /* adds = the string and its NUL */
	assert_string_not_equal(x, y);
	assert_string_equal(x, z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_shot_is_stable_and_sensitive),
		cmocka_unit_test(streaming_matches_one_shot),
		cmocka_unit_test(adds_separates_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

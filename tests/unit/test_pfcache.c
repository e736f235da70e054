/*
 * test_pfcache.c - the on-disk cache of compiled prefilters as a file
 * store: round trip, every kind of entry that must not verify (missing,
 * truncated, flipped byte in header or payload, another key, wrong magic,
 * trailing bytes), modes, an unusable directory, pruning to the newest
 * CZ_PFCACHE_KEEP entries, and leftover temporary files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

#include "coalesce/pfcache.h"

static const char *const key_a = "0123456789abcdef0123456789abcdef";
static const char *const key_b = "fedcba9876543210fedcba9876543210";
static const char payload[] = "compiled patterns, not note text";

/* The whole file at path into a malloc'd buffer. */
static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = malloc(1 << 16);

	assert_non_null(f);
	assert_non_null(p);
	*n = fread(p, 1, 1 << 16, f);
	fclose(f);
	return p;
}

static void spit(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (n)
		assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static cz_pfcache_status get(const char *dir, const char *key)
{
	void *p;
	size_t n;
	cz_pfcache_status st = cz_pfcache_get(dir, key, &p, &n);

	if (st == CZ_PFCACHE_HIT) {
		assert_int_equal(n, sizeof(payload));
		assert_memory_equal(p, payload, n);
	} else {
		assert_null(p);
		assert_int_equal(n, 0);
	}
	free(p);
	return st;
}

static void test_round_trip(void **state)
{
	char tmp[256], dir[512], path[512];
	struct stat sb;

	(void)state;
	tu_tmpdir(tmp);
	tu_path(dir, tmp, "a/b/cache"); /* missing parents are created */
	assert_int_equal(get(dir, key_a), CZ_PFCACHE_ABSENT);
	assert_true(cz_pfcache_put(dir, key_a, payload, sizeof(payload)));
	assert_int_equal(get(dir, key_a), CZ_PFCACHE_HIT);
	assert_int_equal(get(dir, key_b), CZ_PFCACHE_ABSENT);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_true(cz_pfcache_path(dir, key_a, path, sizeof(path)));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, CZ_PFCACHE_HEADER + sizeof(payload));
	/* A second store replaces the entry in place. */
	assert_true(cz_pfcache_put(dir, key_a, payload, sizeof(payload)));
	assert_int_equal(get(dir, key_a), CZ_PFCACHE_HIT);
	tu_rmrf(tmp);
}

static void test_bad_keys(void **state)
{
	char tmp[256], path[512];

	(void)state;
	tu_tmpdir(tmp);
	assert_false(cz_pfcache_put(tmp, "../escape", payload, sizeof(payload)));
	assert_false(cz_pfcache_put(tmp, "0123456789ABCDEF0123456789ABCDEF", payload, 4));
	assert_false(cz_pfcache_put(tmp, "0123", payload, 4));
	assert_false(cz_pfcache_put(tmp, key_a, payload, 0));
	assert_false(cz_pfcache_put(NULL, key_a, payload, 4));
	assert_false(cz_pfcache_put("", key_a, payload, 4));
	assert_false(cz_pfcache_path(tmp, key_a, path, 8));
	assert_int_equal(get(NULL, key_a), CZ_PFCACHE_ABSENT);
	tu_rmrf(tmp);
}

/* Store an entry, damage it with f, and expect a miss, then a clean store. */
static void damaged(void (*f)(unsigned char *p, size_t *n))
{
	char tmp[256], path[512];
	unsigned char *p;
	size_t n;

	tu_tmpdir(tmp);
	assert_true(cz_pfcache_put(tmp, key_a, payload, sizeof(payload)));
	assert_true(cz_pfcache_path(tmp, key_a, path, sizeof(path)));
	p = slurp(path, &n);
	f(p, &n);
	spit(path, p, n);
	free(p);
	assert_int_equal(get(tmp, key_a), CZ_PFCACHE_INVALID);
	assert_true(cz_pfcache_put(tmp, key_a, payload, sizeof(payload)));
	assert_int_equal(get(tmp, key_a), CZ_PFCACHE_HIT);
	tu_rmrf(tmp);
}

static void cut_payload(unsigned char *p, size_t *n) { (void)p; *n -= 1; }
static void cut_header(unsigned char *p, size_t *n) { (void)p; *n = CZ_PFCACHE_HEADER - 1; }
static void empty(unsigned char *p, size_t *n) { (void)p; *n = 0; }
static void flip_payload(unsigned char *p, size_t *n) { p[*n - 3] ^= 0x10; }
static void flip_sum(unsigned char *p, size_t *n) { (void)n; p[60] ^= 0x01; }
static void flip_magic(unsigned char *p, size_t *n) { (void)n; p[0] = 'X'; }
static void flip_version(unsigned char *p, size_t *n) { (void)n; p[8]++; }
static void flip_length(unsigned char *p, size_t *n) { (void)n; p[48]++; }
static void other_key(unsigned char *p, size_t *n) { (void)n; memcpy(p + 16, key_b, 32); }
static void trailing(unsigned char *p, size_t *n) { p[(*n)++] = 0; }

static void test_damaged_entries_miss(void **state)
{
	(void)state;
	damaged(cut_payload);
	damaged(cut_header);
	damaged(empty);
	damaged(flip_payload);
	damaged(flip_sum);
	damaged(flip_magic);
	damaged(flip_version);
	damaged(flip_length);
	damaged(other_key);
	damaged(trailing);
}

/* An entry copied under another key's name carries its own key: a miss. */
static void test_entry_under_wrong_name(void **state)
{
	char tmp[256], from[512], to[512];

	(void)state;
	tu_tmpdir(tmp);
	assert_true(cz_pfcache_put(tmp, key_a, payload, sizeof(payload)));
	assert_true(cz_pfcache_path(tmp, key_a, from, sizeof(from)));
	assert_true(cz_pfcache_path(tmp, key_b, to, sizeof(to)));
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(get(tmp, key_b), CZ_PFCACHE_INVALID);
	assert_int_equal(get(tmp, key_a), CZ_PFCACHE_ABSENT);
	tu_rmrf(tmp);
}

/* A directory that cannot be made (a file stands in its path): no store,
 * no crash, and lookups miss. (chmod would not do: tests may run as root.) */
static void test_unusable_dir(void **state)
{
	char tmp[256], dir[512], file[512];

	(void)state;
	tu_tmpdir(tmp);
	tu_write(tmp, "plain", "x", 1, file);
	tu_path(dir, file, "cache");
	assert_false(cz_pfcache_put(dir, key_a, payload, sizeof(payload)));
	assert_false(cz_pfcache_put(file, key_a, payload, sizeof(payload)));
	assert_int_equal(get(dir, key_a), CZ_PFCACHE_ABSENT);
	/* An entry that is a directory is not read. */
	assert_true(cz_pfcache_path(tmp, key_a, file, sizeof(file)));
	assert_int_equal(mkdir(file, 0700), 0);
	assert_int_equal(get(tmp, key_a), CZ_PFCACHE_INVALID);
	tu_rmrf(tmp);
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, "pf-", 3);
	closedir(d);
	return n;
}

static void test_prune_keeps_newest(void **state)
{
	char tmp[256], key[40], path[512], stale[512];
	struct timespec ts[2] = { { 0, 0 }, { 0, 0 } };

	(void)state;
	tu_tmpdir(tmp);
	/* Entries 0..9 with increasing mtimes; entry 1 is the most recently used. */
	for (int i = 0; i < CZ_PFCACHE_KEEP + 2; i++) {
		snprintf(key, sizeof(key), "%032x", i);
		assert_true(cz_pfcache_put(tmp, key, payload, sizeof(payload)));
		assert_true(cz_pfcache_path(tmp, key, path, sizeof(path)));
		ts[0].tv_sec = ts[1].tv_sec = 1000000 + (i == 1 ? 100 : i);
		assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	}
	/* A temporary file left by a crash long ago, and a foreign file. */
	tu_write(tmp, ".pf-tmp-abcdef", "x", 1, stale);
	ts[0].tv_sec = ts[1].tv_sec = 1000;
	assert_int_equal(utimensat(AT_FDCWD, stale, ts, 0), 0);
	tu_writes(tmp, "README", "not ours");
	snprintf(key, sizeof(key), "%032x", 99);
	assert_true(cz_pfcache_put(tmp, key, payload, sizeof(payload)));
	assert_int_equal(count_entries(tmp), CZ_PFCACHE_KEEP);
	assert_int_equal(get(tmp, key), CZ_PFCACHE_HIT); /* the new one stays */
	snprintf(key, sizeof(key), "%032x", 1);
	assert_int_equal(get(tmp, key), CZ_PFCACHE_HIT); /* recently used stays */
	for (int i = 0; i < 4; i++) { /* the oldest go: 0, 2, 3 (and so on) */
		snprintf(key, sizeof(key), "%032x", i == 1 ? 0 : i);
		assert_int_equal(get(tmp, key), CZ_PFCACHE_ABSENT);
	}
	assert_int_not_equal(access(stale, F_OK), 0);
	tu_path(path, tmp, "README");
	assert_int_equal(access(path, F_OK), 0);
	tu_rmrf(tmp);
}

/* A hit refreshes the entry's mtime (least recently used goes first). */
static void test_hit_refreshes_mtime(void **state)
{
	char tmp[256], path[512];
	struct timespec ts[2] = { { 1000, 0 }, { 1000, 0 } };
	struct stat sb;

	(void)state;
	tu_tmpdir(tmp);
	assert_true(cz_pfcache_put(tmp, key_a, payload, sizeof(payload)));
	assert_true(cz_pfcache_path(tmp, key_a, path, sizeof(path)));
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	assert_int_equal(get(tmp, key_a), CZ_PFCACHE_HIT);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_mtim.tv_sec > 1000);
	tu_rmrf(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_keys),
		cmocka_unit_test(test_damaged_entries_miss),
		cmocka_unit_test(test_entry_under_wrong_name),
		cmocka_unit_test(test_unusable_dir),
		cmocka_unit_test(test_prune_keeps_newest),
		cmocka_unit_test(test_hit_refreshes_mtime),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_file.c - bounded reads (the size cap at limit and limit + 1, the 16
 * MiB default included), error codes, and the path helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/config.h"
#include "coalesce/file.h"
#include "testutil.h"

/* A file of exactly size bytes (sparse: cheap even at 16 MiB). */
static void sized_file(const char *dir, const char *rel, size_t size, char out[512])
{
	int fd;

	tu_path(out, dir, rel);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	if (size)
		assert_int_equal(pwrite(fd, "z", 1, (off_t)size - 1), 1);
	close(fd);
}

static void reads_whole_file_appending(void **state)
{
	char dir[256], p[512];
	cz_buf b;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	tu_write(dir, "a.md", "line\0two", 8, p);
	cz_buf_init(&b, 0);
	assert_int_equal(cz_buf_adds(&b, ">", NULL), CZ_OK);
	tu_err_poison(&e);
	assert_int_equal(cz_file_read(p, 100, &b, &e), CZ_OK);
	tu_assert_untouched(e);
	assert_int_equal(b.len, 9);
	assert_memory_equal(b.data, ">line\0two", 10);
	cz_buf_release(&b);
	tu_write(dir, "empty.md", "", 0, p);
	assert_int_equal(cz_file_read(p, 100, &b, &e), CZ_OK);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	cz_buf_release(&b);
	tu_rmrf(dir);
}

static void size_cap_both_ways(void **state)
{
	char dir[256], p[512];
	cz_buf b;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	sized_file(dir, "exact.md", 10, p);
	cz_buf_init(&b, 0);
	assert_int_equal(cz_file_read(p, 10, &b, &e), CZ_OK);
	assert_int_equal(b.len, 10);
	cz_buf_release(&b);
	sized_file(dir, "over.md", 11, p);
	assert_int_equal(cz_file_read(p, 10, &b, &e), CZ_ELIMIT);
	assert_string_equal(e.msg, "file too large (11 bytes, limit 10)");
	assert_int_equal(b.len, 0); /* refused before reading */
	cz_buf_release(&b);
	assert_int_equal(cz_file_read(p, 0, &b, &e), CZ_ELIMIT);
	cz_buf_release(&b);
	tu_rmrf(dir);
}

static void default_cap_is_16mib(void **state)
{
	char dir[256], p[512];
	cz_buf b;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	sized_file(dir, "max.md", CZ_DEFAULT_MAX_FILE_SIZE, p);
	cz_buf_init(&b, 0);
	assert_int_equal(cz_file_read(p, CZ_DEFAULT_MAX_FILE_SIZE, &b, &e), CZ_OK);
	assert_int_equal(b.len, 16777216);
	assert_int_equal(b.data[b.len - 1], 'z');
	cz_buf_release(&b);
	sized_file(dir, "max.md", CZ_DEFAULT_MAX_FILE_SIZE + 1, p);
	assert_int_equal(cz_file_read(p, CZ_DEFAULT_MAX_FILE_SIZE, &b, &e), CZ_ELIMIT);
	assert_string_equal(e.msg, "file too large (16777217 bytes, limit 16777216)");
	cz_buf_release(&b);
	tu_rmrf(dir);
}

static void read_errors(void **state)
{
	char dir[256], p[512];
	cz_buf b;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	cz_buf_init(&b, 0);
	tu_path(p, dir, "missing.md");
	assert_int_equal(cz_file_read(p, 10, &b, &e), CZ_ENOINPUT);
	assert_string_equal(e.msg, "cannot open: No such file or directory");
	assert_int_equal(cz_file_read(dir, 10, &b, &e), CZ_EIO);
	assert_string_equal(e.msg, "is a directory");
	/* a non-regular file is read up to the cap, and refused past it */
	assert_int_equal(cz_file_read("/dev/null", 10, &b, &e), CZ_OK);
	assert_int_equal(b.len, 0);
	assert_int_equal(cz_file_read("/dev/zero", 100000, &b, &e), CZ_ELIMIT);
	assert_string_equal(e.msg, "file too large (more than 100000 bytes)");
	cz_buf_release(&b);
	tu_rmrf(dir);
}

static void path_helpers(void **state)
{
	char *p;

	(void)state;
#define JOIN(d, n, want)                          \
	do {                                      \
		p = cz_path_join(d, n, NULL);     \
		assert_string_equal(p, want);     \
		free(p);                          \
	} while (0)
	JOIN("a", "b.md", "a/b.md");
	JOIN("a/", "b.md", "a/b.md");
	JOIN("/", "b", "/b");
	JOIN("", "b", "b");
#undef JOIN
#define DIRNAME(in, want)                        \
	do {                                     \
		p = cz_path_dirname(in, NULL);   \
		assert_string_equal(p, want);    \
		free(p);                         \
	} while (0)
	DIRNAME("a/b/c.md", "a/b");
	DIRNAME("c.md", ".");
	DIRNAME("/c.md", "/");
	DIRNAME("", ".");
#undef DIRNAME
	assert_string_equal(cz_path_basename("a/b/c.md"), "c.md");
	assert_string_equal(cz_path_basename("c.md"), "c.md");
	assert_string_equal(cz_path_basename("a/"), "");
	assert_string_equal(cz_path_display("/home/u/notes/a.md", "/home/u"), "notes/a.md");
	assert_string_equal(cz_path_display("/home/u2/a.md", "/home/u"), "/home/u2/a.md");
	assert_string_equal(cz_path_display("/home/u", "/home/u"), "/home/u");
	assert_string_equal(cz_path_display("/a.md", "/"), "/a.md");
	assert_string_equal(cz_path_display("/x/a.md", NULL), "/x/a.md");
	assert_string_equal(cz_path_display("/x/a.md", ""), "/x/a.md");
}

static void absolute_paths(void **state)
{
	char dir[256], p[512], want[512];
	char *abs;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	tu_writes(dir, "sub/a.md", "x");
	tu_path(p, dir, "sub/./../sub/a.md");
	abs = cz_path_absolute(p, &e);
	assert_non_null(abs);
	assert_non_null(realpath(dir, want));
	assert_int_equal(strncmp(abs, want, strlen(want)), 0);
	assert_string_equal(abs + strlen(want), "/sub/a.md");
	free(abs);
	tu_path(p, dir, "nope");
	assert_null(cz_path_absolute(p, &e));
	tu_assert_err(e, CZ_ENOINPUT, "nope: No such file or directory");
	tu_rmrf(dir);
}

static void mtime_ns(void **state)
{
	struct stat st;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.st_mtim.tv_sec = 1700000000;
	st.st_mtim.tv_nsec = 123456789;
	assert_int_equal(cz_stat_mtime_ns(&st), INT64_C(1700000000123456789));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_whole_file_appending),
		cmocka_unit_test(size_cap_both_ways),
		cmocka_unit_test(default_cap_is_16mib),
		cmocka_unit_test(read_errors),
		cmocka_unit_test(path_helpers),
		cmocka_unit_test(absolute_paths),
		cmocka_unit_test(mtime_ns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * testutil.h - small helpers shared by the cmocka unit tests: temporary
 * directories, writing files, removing trees and checking error messages.
 *
 * Header-only (static functions) so each test_<module>.c stays one
 * self-contained executable; include it after <cmocka.h>. Not every test
 * uses every helper, hence the unused attribute.
 */
#ifndef CZ_TESTUTIL_H
#define CZ_TESTUTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "coalesce/err.h"

#define TU_UNUSED __attribute__((unused))

/* Create a fresh directory under $TMPDIR (or /tmp); path written to out. */
static TU_UNUSED void tu_tmpdir(char out[256])
{
	const char *base = getenv("TMPDIR");

	snprintf(out, 256, "%s/cz-test-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(out));
}

/* dir + "/" + rel into out (asserts it fits). */
static TU_UNUSED void tu_path(char out[512], const char *dir, const char *rel)
{
	int n = snprintf(out, 512, "%s/%s", dir, rel);

	assert_true(n > 0 && n < 512);
}

/* Create every missing parent directory of path. */
static TU_UNUSED void tu_mkparents(const char *path)
{
	char tmp[512];
	size_t n = strlen(path);

	assert_true(n < sizeof(tmp));
	memcpy(tmp, path, n + 1);
	for (size_t i = 1; i < n; i++) {
		if (tmp[i] != '/')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0700) != 0)
			assert_int_equal(errno, EEXIST);
		tmp[i] = '/';
	}
}

/* Write len bytes to dir/rel (parents created); the full path into out when given. */
static TU_UNUSED void tu_write(const char *dir, const char *rel, const void *data, size_t len,
			       char *out)
{
	char path[512];
	FILE *f;

	tu_path(path, dir, rel);
	tu_mkparents(path);
	f = fopen(path, "wb");
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	if (out)
		memcpy(out, path, strlen(path) + 1);
}

static TU_UNUSED void tu_writes(const char *dir, const char *rel, const char *text)
{
	tu_write(dir, rel, text, strlen(text), NULL);
}

/* Set a file's mtime to t seconds (so "changed" is visible within one second). */
static TU_UNUSED void tu_set_mtime(const char *dir, const char *rel, time_t t)
{
	char path[512];
	struct timespec ts[2];

	tu_path(path, dir, rel);
	ts[0].tv_sec = t;
	ts[0].tv_nsec = 0;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* Remove path and everything below it; symbolic links are not followed. */
static TU_UNUSED void tu_rmrf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d) {
		while ((e = readdir(d)) != NULL) {
			char child[512];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			tu_path(child, path, e->d_name);
			tu_rmrf(child);
		}
		closedir(d);
	}
	rmdir(path);
}

/* Assert that err carries code and a message containing want. */
#define tu_assert_err(e, c, want)                                              \
	do {                                                                   \
		assert_int_equal((e).code, (c));                               \
		if (!strstr((e).msg, (want)))                                  \
			fail_msg("message '%s' lacks '%s'", (e).msg, (want));  \
	} while (0)

/* An err in a recognisable state, to check that success leaves it untouched. */
static TU_UNUSED void tu_err_poison(cz_err *e)
{
	e->code = CZ_EINTERNAL;
	memcpy(e->msg, "untouched", sizeof("untouched"));
}

#define tu_assert_untouched(e)                                   \
	do {                                                     \
		assert_int_equal((e).code, CZ_EINTERNAL);        \
		assert_string_equal((e).msg, "untouched");       \
	} while (0)

#endif

/*
 * test_walk.c - the directory walk: name order, depth first, hidden entries
 * skipped, symbolic links followed without ever looping, broken links and
 * over-deep trees reported while the walk goes on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/buf.h"
#include "coalesce/walk.h"
#include "testutil.h"

typedef struct seen {
	size_t rootlen;
	cz_strv files;  /* relative to the root */
	cz_strv errors; /* "relpath: reason" */
	size_t stop_after;
} seen;

static cz_rc on_file(void *ctx, const char *path, const struct stat *st, cz_err *err)
{
	seen *s = ctx;

	assert_true(S_ISREG(st->st_mode));
	assert_int_equal(cz_strv_push(&s->files, path + s->rootlen + 1, err), CZ_OK);
	if (s->stop_after && s->files.n == s->stop_after)
		return cz_err_set(err, CZ_EIO, "stopped at %s", path + s->rootlen + 1);
	return CZ_OK;
}

static void on_error(void *ctx, const char *path, const char *reason)
{
	seen *s = ctx;
	char line[1024];

	snprintf(line, sizeof(line), "%s: %s", path + s->rootlen + 1, reason);
	assert_int_equal(cz_strv_push(&s->errors, line, NULL), CZ_OK);
}

static void walk(const char *root, seen *s, cz_rc want)
{
	cz_err e;

	s->rootlen = strlen(root);
	cz_strv_init(&s->files);
	cz_strv_init(&s->errors);
	tu_err_poison(&e);
	assert_int_equal(cz_walk(root, on_file, on_error, s, &e), want);
	if (want == CZ_OK)
		tu_assert_untouched(e);
}

static void release(seen *s)
{
	cz_strv_release(&s->files);
	cz_strv_release(&s->errors);
}

static void expect_list(const cz_strv *got, const char *const *want, size_t n)
{
	cz_buf b;

	cz_buf_init(&b, 0);
	assert_int_equal(cz_strv_join(got, " | ", &b, NULL), CZ_OK);
	if (got->n != n)
		fail_msg("got %zu entries: %s", got->n, b.data);
	for (size_t i = 0; i < n; i++)
		if (strcmp(got->v[i], want[i]))
			fail_msg("entry %zu: got %s (all: %s)", i, got->v[i], b.data);
	cz_buf_release(&b);
}

static void sorted_depth_first_skipping_hidden(void **state)
{
	static const char *const want[] = {
		"B.md", "a/b.md", "a/z/deep.txt", "a/zz.md", "a.md", "b", "c.markdown",
	};
	char dir[256];
	seen s = { 0 };

	(void)state;
	tu_tmpdir(dir);
	tu_writes(dir, "c.markdown", "c");
	tu_writes(dir, "a.md", "a");
	tu_writes(dir, "B.md", "B");
	tu_writes(dir, "b", "no extension: the walk returns it, ingest filters");
	tu_writes(dir, "a/zz.md", "x");
	tu_writes(dir, "a/b.md", "x");
	tu_writes(dir, "a/z/deep.txt", "x");
	tu_writes(dir, ".git/HEAD.md", "hidden");
	tu_writes(dir, ".obsidian/workspace.md", "hidden");
	tu_writes(dir, ".trash/old.md", "hidden");
	tu_writes(dir, ".DS_Store", "hidden");
	tu_writes(dir, "a/.hidden.md", "hidden");
	walk(dir, &s, CZ_OK);
	expect_list(&s.files, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(s.errors.n, 0);
	release(&s);
	tu_rmrf(dir);
}

static void symlink_loops_terminate(void **state)
{
	static const char *const want[] = {
		"a/note.md", "link-to-note.md", "top.md",
	};
	static const char *const errs[] = {
		"broken.md: broken symbolic link", "self: symbolic link loop",
	};
	char dir[256], p[512];
	seen s = { 0 };

	(void)state;
	tu_tmpdir(dir);
	tu_writes(dir, "a/note.md", "x");
	tu_writes(dir, "top.md", "x");
	tu_path(p, dir, "a/up");
	assert_int_equal(symlink("..", p), 0);         /* a/up -> the root: a cycle */
	tu_path(p, dir, "a/again");
	assert_int_equal(symlink(".", p), 0);          /* a/again -> a */
	tu_path(p, dir, "self");
	assert_int_equal(symlink("self", p), 0);       /* ELOOP */
	tu_path(p, dir, "broken.md");
	assert_int_equal(symlink("nowhere.md", p), 0);
	tu_path(p, dir, "link-to-note.md");
	assert_int_equal(symlink("a/note.md", p), 0);  /* files behind links are followed */
	walk(dir, &s, CZ_OK);
	expect_list(&s.files, want, sizeof(want) / sizeof(want[0]));
	expect_list(&s.errors, errs, sizeof(errs) / sizeof(errs[0]));
	release(&s);
	tu_rmrf(dir);
}

static void callback_failure_stops_the_walk(void **state)
{
	char dir[256];
	seen s = { 0 };
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	tu_writes(dir, "1.md", "x");
	tu_writes(dir, "2/2.md", "x");
	tu_writes(dir, "3.md", "x");
	s.stop_after = 2;
	s.rootlen = strlen(dir);
	cz_strv_init(&s.files);
	cz_strv_init(&s.errors);
	assert_int_equal(cz_walk(dir, on_file, on_error, &s, &e), CZ_EIO);
	assert_string_equal(e.msg, "stopped at 2/2.md");
	assert_int_equal(s.files.n, 2); /* 3.md never visited */
	release(&s);
	tu_rmrf(dir);
}

static void bad_roots(void **state)
{
	char dir[256], p[512], want[1024];
	seen s = { 0 };
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	tu_writes(dir, "f.md", "x");
	tu_path(p, dir, "f.md");
	assert_int_equal(cz_walk(p, on_file, on_error, &s, &e), CZ_EUSAGE);
	snprintf(want, sizeof(want), "%s: not a directory", p);
	assert_string_equal(e.msg, want);
	tu_path(p, dir, "missing");
	assert_int_equal(cz_walk(p, on_file, on_error, &s, &e), CZ_ENOINPUT);
	snprintf(want, sizeof(want), "%s: ", p);
	tu_assert_err(e, CZ_ENOINPUT, want);
	tu_rmrf(dir);
}

static void depth_cap(void **state)
{
	char dir[256], rel[600];
	seen s = { 0 };
	size_t n = 0;

	(void)state;
	tu_tmpdir(dir);
	/* files at depth CZ_WALK_MAX_DEPTH (found) and one below (skipped) */
	for (int i = 0; i < CZ_WALK_MAX_DEPTH; i++) {
		rel[n++] = 'd';
		rel[n++] = '/';
	}
	memcpy(rel + n, "ok.md", 6);
	tu_writes(dir, rel, "x");
	memcpy(rel + n, "d/too-deep.md", 14);
	tu_writes(dir, rel, "x");
	walk(dir, &s, CZ_OK);
	assert_int_equal(s.files.n, 1);
	assert_non_null(strstr(s.files.v[0], "/ok.md"));
	assert_int_equal(s.errors.n, 1);
	assert_non_null(strstr(s.errors.v[0], "directories nested too deep; skipped"));
	release(&s);
	tu_rmrf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sorted_depth_first_skipping_hidden),
		cmocka_unit_test(symlink_loops_terminate),
		cmocka_unit_test(callback_failure_stops_the_walk),
		cmocka_unit_test(bad_roots),
		cmocka_unit_test(depth_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

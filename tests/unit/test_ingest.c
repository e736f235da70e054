/*
 * test_ingest.c - the ingest stage end to end on temporary archives: counts,
 * rejections (reported and recorded, one bad file never stopping the
 * others), idempotent re-runs, changed and newly-bad files, --prune,
 * re-attribution when the config's initiatives change, the size cap, and
 * the analyze hook's transaction.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/buf.h"
#include "coalesce/ingest.h"
#include "testutil.h"

typedef struct fx {
	char dir[256];
	char notes[512];
	cz_db *db;
	cz_config cfg;
	cz_ingest_opts opts;
	cz_ingest_hooks hooks;
	cz_ingest_stats stats;
	cz_strv rejects; /* "relpath[:line]: reason" as the hook saw them */
	size_t progress_calls, progress_total;
	int analyze_fail; /* fail the analyze hook for notes whose title is "fail" */
	size_t analyzed;
	cz_analyzer analyzer;
	cz_err err;
} fx;

static void on_reject(void *ctx, const char *path, size_t line, const char *reason)
{
	fx *f = ctx;
	char s[2048];
	size_t n = strlen(f->notes);
	const char *rel = strncmp(path, f->notes, n) ? path : path + n + 1;

	if (line)
		snprintf(s, sizeof(s), "%s:%zu: %s", rel, line, reason);
	else
		snprintf(s, sizeof(s), "%s: %s", rel, reason);
	assert_int_equal(cz_strv_push(&f->rejects, s, NULL), CZ_OK);
}

static void on_progress(void *ctx, const cz_ingest_progress *p)
{
	fx *f = ctx;

	f->progress_calls++;
	f->progress_total = p->files_total;
	assert_true(p->files_done <= p->files_total);
	assert_true(p->bytes_done <= p->bytes_total);
}

/* A fake analyzer: compute (on a worker) keeps the note's title and may
 * refuse the note, store checks the note is visible in the batch. */
static cz_rc an_compute(void *wstate, const char *text, size_t len, const cz_note *note,
			void **result, cz_err *err)
{
	const int *fail = wstate;

	assert_int_equal(strlen(text), len);
	if (fail && *fail && !strcmp(note->title, "fail"))
		return cz_err_set(err, CZ_EDATA, "7: analysis refused this note");
	*result = strdup(note->title);
	return *result ? CZ_OK : cz_err_set(err, CZ_ENOMEM, "out of memory");
}

static cz_rc an_worker_new(void *ctx, void **wstate, cz_err *err)
{
	fx *f = ctx;

	(void)err;
	*wstate = &f->analyze_fail;
	return CZ_OK;
}

static cz_rc an_store(void *ctx, cz_db *db, int64_t note_id, const void *result, cz_err *err)
{
	fx *f = ctx;
	int64_t n = 0;
	char sql[128];
	cz_rc rc;

	/* inside the note's transaction: the note is visible */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM notes WHERE id = %lld",
		 (long long)note_id);
	rc = cz_db_query_int(db, sql, &n, err);
	assert_int_equal(rc, CZ_OK);
	assert_int_equal(n, 1);
	f->analyzed++;
	assert_string_not_equal(result, "fail");
	return CZ_OK;
}

static void an_free(void *result)
{
	free(result);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	char path[512];
	cz_err e;

	assert_non_null(f);
	tu_tmpdir(f->dir);
	tu_path(f->notes, f->dir, "notes");
	assert_int_equal(mkdir(f->notes, 0700), 0);
	/* the root as ingest sees it (absolute, symlinks resolved: /tmp may be one) */
	assert_non_null(realpath(f->notes, path));
	memcpy(f->notes, path, sizeof(f->notes));
	tu_path(path, f->dir, "c.db");
	assert_int_equal(cz_db_open(&f->db, path, 0, CZ_DB_DEFAULT_MODE, &e), CZ_OK);
	cz_config_init(&f->cfg);
	f->opts.store_text = true;
	f->hooks.on_reject = on_reject;
	f->hooks.on_progress = on_progress;
	f->analyzer.ctx = f;
	f->analyzer.worker_new = an_worker_new;
	f->analyzer.compute = an_compute;
	f->analyzer.store = an_store;
	f->analyzer.result_free = an_free;
	f->hooks.analyzer = &f->analyzer;
	f->hooks.ctx = f;
	cz_strv_init(&f->rejects);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	cz_db_close(f->db);
	cz_config_release(&f->cfg);
	cz_strv_release(&f->rejects);
	tu_rmrf(f->dir);
	free(f);
	return 0;
}

static void config(fx *f, const char *yaml)
{
	cz_err e;

	cz_config_release(&f->cfg);
	if (cz_config_load_text(&f->cfg, "c.yml", yaml, strlen(yaml), &e))
		fail_msg("config: %s", e.msg);
}

static void note(fx *f, const char *rel, const char *text)
{
	tu_writes(f->notes, rel, text);
}

/* Ingest the notes root; returns the code (stats in f->stats). */
static cz_rc run(fx *f)
{
	const char *paths[1] = { f->notes };

	cz_strv_release(&f->rejects);
	return cz_ingest(f->db, &f->cfg, paths, 1, &f->opts, &f->hooks, &f->stats, &f->err);
}

static int64_t q(fx *f, const char *sql)
{
	int64_t v = -1;
	cz_err e;

	if (cz_db_query_int(f->db, sql, &v, &e))
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

#define COUNTS(f, seen_, added_, changed_, unchanged_, rejected_, skipped_, removed_) \
	do {                                                                        \
		const cz_run_counts *c_ = &(f)->stats.counts;                       \
		if (c_->seen != (seen_) || c_->added != (added_) ||                 \
		    c_->changed != (changed_) || c_->unchanged != (unchanged_) ||   \
		    c_->rejected != (rejected_) || c_->skipped != (skipped_) ||     \
		    c_->removed != (removed_))                                      \
			fail_msg("counts seen %lld new %lld changed %lld unchanged "  \
				 "%lld rejected %lld skipped %lld removed %lld",      \
				 (long long)c_->seen, (long long)c_->added,          \
				 (long long)c_->changed, (long long)c_->unchanged,   \
				 (long long)c_->rejected, (long long)c_->skipped,    \
				 (long long)c_->removed);                            \
	} while (0)

static void expect_rejects(fx *f, const char *const *want, size_t n)
{
	cz_buf b;

	cz_buf_init(&b, 0);
	assert_int_equal(cz_strv_join(&f->rejects, "\n", &b, NULL), CZ_OK);
	if (f->rejects.n != n)
		fail_msg("%zu rejections:\n%s", f->rejects.n, b.data);
	for (size_t i = 0; i < n; i++)
		if (strcmp(f->rejects.v[i], want[i]))
			fail_msg("rejection %zu: got '%s', want '%s'", i, f->rejects.v[i],
				 want[i]);
	cz_buf_release(&b);
}

static void mixed_tree_first_run(void **state)
{
	static const char *const want[] = {
		"bad/binary.md: binary file (NUL byte at byte 3)",
		"bad/fm.md:3: front matter: mapping values are not allowed in this context "
		"(column 9)",
		"bad/latin1.md: invalid UTF-8 at byte 11",
		"bad/open.md:1: front matter: no closing '---' line; add one after the metadata "
		"or remove the opening '---'",
		"bad/utf16-odd.md: invalid UTF-16 at byte 6 (odd length)",
	};
	fx *f = *state;

	note(f, "2025-03-04 a.md", "# Alpha\n");
	note(f, "b.markdown", "---\ntitle: Beta\ndate: 2025-01-02\n---\nbody\n");
	note(f, "c.txt", "plain text\r\nwith CRLF\r\n");
	note(f, "d.MD", "# Delta\n");
	note(f, "skip/empty.md", "");
	note(f, "skip/blank.md", " \n\t\r\n");
	note(f, "ignored.pdf", "not a note");
	note(f, ".git/hidden.md", "# hidden\n");
	tu_write(f->notes, "bad/binary.md", "abc\0def", 7, NULL);
	note(f, "bad/fm.md", "---\ntitle: ok\ntitle: x: y\n---\n");
	note(f, "bad/latin1.md", "# Caf\xc3\xa9 caf\xe9\n");
	note(f, "bad/open.md", "---\ntitle: never closed\n");
	tu_write(f->notes, "bad/utf16-odd.md", "\xff\xfe" "a\0b\0c", 7, NULL);
	tu_write(f->notes, "utf16.md", "\xff\xfe#\0 \0U\0\r\0\n\0", 12, NULL);

	assert_int_equal(run(f), CZ_EPARTIAL);
	assert_string_equal(f->err.msg, "5 file(s) rejected");
	COUNTS(f, 12, 5, 0, 0, 5, 2, 0);
	expect_rejects(f, want, 5);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 5);
	assert_int_equal(q(f, "SELECT count(*) FROM rejections WHERE run_id = (SELECT max(id) "
			      "FROM runs)"), 5);
	assert_int_equal(q(f, "SELECT line FROM rejections WHERE path LIKE '%/bad/fm.md'"), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM rejections WHERE path LIKE '%/bad/fm.md' "
			      "AND reason LIKE 'front matter: mapping values%'"), 1);
	assert_int_equal(q(f, "SELECT line IS NULL FROM rejections WHERE "
			      "path LIKE '%/bad/binary.md'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL AND "
			      "seen = 12 AND new = 5 AND rejected = 5 AND skipped = 2"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes WHERE relpath = 'utf16.md' AND "
			      "encoding = 'utf-16le' AND title = 'U'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes n JOIN note_bodies b ON "
			      "b.note_id = n.id WHERE relpath = 'c.txt' AND "
			      "body = 'plain text' || char(10) || 'with CRLF' || char(10) AND "
			      "lines = 2"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes WHERE relpath = '2025-03-04 a.md' AND "
			      "date = '2025-03-04' AND date_source = 'filename'"), 1);
	assert_int_equal(f->progress_total, 12);
	assert_int_equal(f->progress_calls, 12);
	assert_int_equal(f->analyzed, 5);
}

static void second_run_changes_nothing(void **state)
{
	fx *f = *state;

	note(f, "a.md", "# A\n");
	note(f, "sub/b.md", "---\ninitiative: x\n---\n# B\n");
	note(f, "sub/c.md", "# C\n");
	assert_int_equal(run(f), CZ_OK);
	COUNTS(f, 3, 3, 0, 0, 0, 0, 0);
	assert_int_equal(q(f, "SELECT sum(id) FROM notes"), 6);
	f->analyzed = 0;
	assert_int_equal(run(f), CZ_OK);
	COUNTS(f, 3, 0, 0, 3, 0, 0, 0);
	assert_int_equal(f->analyzed, 0);
	assert_int_equal(q(f, "SELECT sum(id) FROM notes"), 6); /* same rows, not re-inserted */
	assert_int_equal(q(f, "SELECT count(*) FROM runs"), 2);
	/* same bytes, new mtime: unchanged, and the new mtime is remembered */
	tu_set_mtime(f->notes, "a.md", 1000000000);
	assert_int_equal(run(f), CZ_OK);
	COUNTS(f, 3, 0, 0, 3, 0, 0, 0);
	assert_int_equal(q(f, "SELECT mtime_ns FROM notes WHERE relpath = 'a.md'"),
			 INT64_C(1000000000000000000));
	assert_int_equal(f->analyzed, 0);
}

static void changed_file_replaces_old_version(void **state)
{
	fx *f = *state;

	note(f, "a.md", "---\ntags: [old, initiative/one]\n---\n# Old title\n");
	assert_int_equal(run(f), CZ_OK);
	note(f, "a.md", "---\ntags: [new]\n---\n# New title, longer\n");
	tu_set_mtime(f->notes, "a.md", 1000000000);
	assert_int_equal(run(f), CZ_OK);
	COUNTS(f, 1, 0, 1, 0, 0, 0, 0);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes WHERE title = 'New title, longer'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_tags"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives"), 0);
}

static void newly_bad_file_keeps_old_version(void **state)
{
	static const char *const want[] = { "a.md: invalid UTF-8 at byte 8" };
	fx *f = *state;

	note(f, "a.md", "# Good version\n");
	note(f, "b.md", "# B\n");
	assert_int_equal(run(f), CZ_OK);
	note(f, "a.md", "# Broken\xff\n");
	tu_set_mtime(f->notes, "a.md", 1000000000);
	note(f, "c.md", "# C\n");
	assert_int_equal(run(f), CZ_EPARTIAL);
	COUNTS(f, 3, 1, 0, 1, 1, 0, 0);
	expect_rejects(f, want, 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes WHERE title = 'Good version'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 3);
}

static void empty_file_is_skipped(void **state)
{
	fx *f = *state;

	note(f, "a.md", "");
	assert_int_equal(run(f), CZ_OK);
	COUNTS(f, 1, 0, 0, 0, 0, 1, 0);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 0);
	/* a note emptied since: its old version goes */
	note(f, "b.md", "# B\n");
	assert_int_equal(run(f), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 1);
	note(f, "b.md", "\n\n");
	tu_set_mtime(f->notes, "b.md", 1000000000);
	assert_int_equal(run(f), CZ_OK);
	COUNTS(f, 2, 0, 0, 0, 0, 2, 0);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 0);
}

static void prune_removes_only_gone_files(void **state)
{
	fx *f = *state;
	char p[512];

	note(f, "a.md", "# A\n");
	note(f, "b.md", "# B\n");
	assert_int_equal(run(f), CZ_OK);
	tu_path(p, f->notes, "a.md");
	assert_int_equal(unlink(p), 0);
	assert_int_equal(run(f), CZ_OK); /* without --prune: kept */
	COUNTS(f, 1, 0, 0, 1, 0, 0, 0);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 2);
	f->opts.prune = true;
	assert_int_equal(run(f), CZ_OK);
	COUNTS(f, 1, 0, 0, 1, 0, 0, 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes WHERE relpath = 'b.md'"), 1);
	assert_int_equal(q(f, "SELECT removed FROM runs ORDER BY id DESC LIMIT 1"), 1);
	assert_int_equal(run(f), CZ_OK); /* nothing more to prune */
	COUNTS(f, 1, 0, 0, 1, 0, 0, 0);
}

static void reattributes_when_config_changes(void **state)
{
	fx *f = *state;

	config(f, "initiatives:\n  - id: alpha\n    match: ['alpha']\n");
	note(f, "alpha-kickoff.md", "# Kickoff\n");
	note(f, "beta/plan.md", "# Plan\n");
	note(f, "self.md", "---\ninitiative: alpha\n---\n# Self\n");
	assert_int_equal(run(f), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'alpha'"), 2);
	config(f, "initiatives:\n  - id: alpha\n    match: ['nomatch']\n"
		  "  - id: beta\n    match: ['^beta/']\n");
	assert_int_equal(run(f), CZ_OK);
	COUNTS(f, 3, 0, 0, 3, 0, 0, 0); /* files unchanged, links recomputed */
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'beta' AND source = 'config'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'alpha'"), 1); /* only the note's own */
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'alpha' AND source = 'front_matter'"), 1);
}

static void size_cap(void **state)
{
	static const char *const want[] = {
		"big.md: file too large (11 bytes, limit 10); raise ingest.max_file_size in "
		"coalesce.yml to import it",
	};
	fx *f = *state;

	config(f, "ingest:\n  max_file_size: 10\n");
	note(f, "big.md", "# 901234567");  /* 11 bytes: limit + 1 */
	note(f, "fits.md", "# 90123456");  /* 10 bytes: the limit */
	assert_int_equal(run(f), CZ_EPARTIAL);
	COUNTS(f, 2, 1, 0, 0, 1, 0, 0);
	expect_rejects(f, want, 1);
}

static void paths_given_one_by_one(void **state)
{
	static const char *const want[] = {
		"nowhere.md: no such file or directory",
		"x.pdf: not a note or calendar: expected .md, .markdown, .txt or .csv",
	};
	fx *f = *state;
	char a[512], missing[512], pdf[512], old[512];
	const char *paths[4];

	note(f, "a.md", "# A\n");
	note(f, "x.pdf", "pdf");
	tu_path(a, f->notes, "a.md");
	tu_path(missing, f->notes, "nowhere.md");
	tu_path(pdf, f->notes, "x.pdf");
	paths[0] = missing;
	paths[1] = a;
	paths[2] = pdf;
	assert_int_equal(cz_ingest(f->db, &f->cfg, paths, 3, &f->opts, &f->hooks, &f->stats,
				   &f->err), CZ_ENOINPUT);
	assert_string_equal(f->err.msg, "1 input path(s) not found");
	assert_int_equal(f->stats.missing_inputs, 1);
	expect_rejects(f, want, 2);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 1); /* the good one went in */
	/* a relative file argument: relpath is what was typed, without "./" */
	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(f->notes), 0);
	note(f, "rel.md", "# R\n");
	paths[0] = "./rel.md";
	cz_strv_release(&f->rejects);
	assert_int_equal(cz_ingest(f->db, &f->cfg, paths, 1, &f->opts, &f->hooks, &f->stats,
				   &f->err), CZ_OK);
	assert_int_equal(chdir(old), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM notes WHERE relpath = 'rel.md' AND "
			      "path LIKE '/%/rel.md'"), 1);
}

static void analysis_refusal_rejects_the_note(void **state)
{
	static const char *const want[] = { "b.md:7: analysis refused this note" };
	fx *f = *state;

	f->analyze_fail = 1;
	note(f, "a.md", "# ok\n");
	note(f, "b.md", "---\ntags: [initiative/x]\n---\n# fail\n");
	note(f, "c.md", "# ok too\n");
	assert_int_equal(run(f), CZ_EPARTIAL);
	COUNTS(f, 3, 2, 0, 0, 1, 0, 0);
	expect_rejects(f, want, 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM note_tags"), 0); /* nothing half-stored */
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives"), 0);
}

static void body_not_stored_on_request(void **state)
{
	fx *f = *state;

	f->opts.store_text = false;
	f->hooks.on_progress = NULL;
	note(f, "a.md", "# A\nsecret\n");
	assert_int_equal(run(f), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM notes WHERE lines = 2 AND "
			   "NOT EXISTS (SELECT 1 FROM note_bodies)"), 1);
}

static void note_names(void **state)
{
	(void)state;
	assert_true(cz_is_note_name("a.md"));
	assert_true(cz_is_note_name("a.MD"));
	assert_true(cz_is_note_name("a.b.markdown"));
	assert_true(cz_is_note_name("a.txt"));
	assert_false(cz_is_note_name("a.mdx"));
	assert_false(cz_is_note_name("a.md.bak"));
	assert_false(cz_is_note_name(".md"));
	assert_false(cz_is_note_name("md"));
	assert_false(cz_is_note_name(""));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(mixed_tree_first_run),
		T(second_run_changes_nothing),
		T(changed_file_replaces_old_version),
		T(newly_bad_file_keeps_old_version),
		T(empty_file_is_skipped),
		T(prune_removes_only_gone_files),
		T(reattributes_when_config_changes),
		T(size_cap),
		T(paths_given_one_by_one),
		T(analysis_refusal_rejects_the_note),
		T(body_not_stored_on_request),
		cmocka_unit_test(note_names),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}

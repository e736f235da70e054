/*
 * test_store.c - the notes catalogue over an in-memory database: runs and
 * rejections, note rows and their links (and where each link came from),
 * pruning notes whose files are gone, initiative sync, re-attribution when the config changes, meta values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/store.h"
#include "testutil.h"

typedef struct fx {
	cz_db *db;
	cz_store *st;
	cz_config cfg;
} fx;

static void config(fx *f, const char *yaml)
{
	cz_err e;

	cz_config_release(&f->cfg);
	if (cz_config_load_text(&f->cfg, "c.yml", yaml, strlen(yaml), &e))
		fail_msg("config: %s", e.msg);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	cz_err e;

	assert_non_null(f);
	assert_int_equal(cz_db_open(&f->db, ":memory:", 0, 0600, &e), CZ_OK);
	assert_int_equal(cz_store_open(&f->st, f->db, &e), CZ_OK);
	cz_config_init(&f->cfg);
	config(f, "initiatives:\n"
		  "  - id: billing\n    name: Billing\n    match: ['billing']\n"
		  "    required_parties: [finance, legal]\n"
		  "  - id: ai\n    match: ['^ai/']\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	cz_store_close(f->st);
	cz_db_close(f->db);
	cz_config_release(&f->cfg);
	free(f);
	return 0;
}

static int64_t q(fx *f, const char *sql)
{
	int64_t v = -1;
	cz_err e;

	if (cz_db_query_int(f->db, sql, &v, &e))
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

/* Parse text as a note at relpath and insert it; returns its id. */
static int64_t insert(fx *f, const char *relpath, const char *text, int64_t run_id)
{
	char path[256], hash[CZ_HASH_HEX];
	cz_note n;
	cz_note_file file;
	int64_t id = 0;
	cz_err e;

	snprintf(path, sizeof(path), "/archive/%s", relpath);
	cz_hash_hex(text, strlen(text), hash);
	cz_note_init(&n);
	if (cz_note_parse(&n, path, text, strlen(text), 0, &e))
		fail_msg("parse: %s", e.msg);
	file.path = path;
	file.relpath = relpath;
	file.size = (int64_t)strlen(text);
	file.mtime_ns = 1000;
	file.hash = hash;
	file.encoding = "utf-8";
	file.text = text;
	file.len = strlen(text);
	if (cz_store_note_insert(f->st, &f->cfg, run_id, &file, &n, &id, &e))
		fail_msg("insert: %s", e.msg);
	cz_note_release(&n);
	return id;
}

static void runs_and_rejections(void **state)
{
	fx *f = *state;
	cz_run_counts c = { 5, 1, 2, 3, 4, 6, 7 };
	int64_t run = 0;
	cz_err e;
	char now[20];

	assert_int_equal(cz_store_run_begin(f->st, "ingest", &run, &e), CZ_OK);
	assert_true(run > 0);
	assert_int_equal(q(f, "SELECT count(*) FROM runs WHERE command = 'ingest' AND "
			      "finished_at IS NULL AND started_at LIKE '2___-__-__ __:__:__'"), 1);
	assert_int_equal(cz_store_rejection(f->st, run, "/a.md", 3, "3: bad", &e), CZ_OK);
	assert_int_equal(cz_store_rejection(f->st, run, "/b.md", 0, "binary file", &e), CZ_OK);
	assert_int_equal(q(f, "SELECT line FROM rejections WHERE path = '/a.md'"), 3);
	assert_int_equal(q(f, "SELECT line IS NULL FROM rejections WHERE path = '/b.md'"), 1);
	assert_int_equal(cz_store_run_finish(f->st, run, &c, &e), CZ_OK);
	assert_int_equal(q(f, "SELECT seen * 1000000 + new * 100000 + changed * 10000 + "
			      "unchanged * 1000 + rejected * 100 + skipped * 10 + removed "
			      "FROM runs WHERE finished_at IS NOT NULL"), 5123467);
	cz_now_utc(now);
	assert_int_equal(strlen(now), 19);
	assert_int_equal(now[10], ' ');
}

static void note_rows_and_links(void **state)
{
	fx *f = *state;
	int64_t id, run = 0;
	cz_stored_note s;
	cz_err e;

	assert_int_equal(cz_store_run_begin(f->st, "ingest", &run, &e), CZ_OK);
	assert_int_equal(cz_store_sync_initiatives(f->st, &f->cfg, &e), CZ_OK);
	id = insert(f, "ai/2025-03-04 billing sync.md",
		    "---\ntitle: Vendor call\ndate: 2025-03-04T09:30\ninitiative: hiring\n"
		    "tags: [weekly, initiative/billing]\nattendees: [Ann, Bo]\n---\nBody\n", run);
	assert_true(id > 0);
	assert_int_equal(q(f, "SELECT count(*) FROM notes n JOIN note_bodies b ON b.note_id = n.id "
			      "WHERE title = 'Vendor call' AND "
			      "date = '2025-03-04' AND time = '09:30:00' AND "
			      "date_source = 'front_matter' AND lines = 8 AND body_line = 8 AND "
			      "encoding = 'utf-8' AND body LIKE '---%Body\n' AND run_id IS NOT NULL"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_tags"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM note_attendees"), 2);
	/* the note names hiring (unknown: created as a 'note' initiative) and billing by
	 * tag; the config's regexes give ai (relpath) and billing (relpath), but the
	 * note's own link for billing wins */
	assert_int_equal(q(f, "SELECT count(*) FROM initiatives WHERE id = 'hiring' AND "
			      "source = 'note'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives"), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'hiring' AND source = 'front_matter'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'billing' AND source = 'tag'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'ai' AND source = 'config'"), 1);

	assert_int_equal(cz_store_note_find(f->st, "/archive/ai/2025-03-04 billing sync.md", &s,
					    &e), CZ_OK);
	assert_true(s.found);
	assert_int_equal(s.id, id);
	assert_int_equal(s.mtime_ns, 1000);
	assert_int_equal(strlen(s.hash), 32);
	assert_int_equal(cz_store_note_touch(f->st, id, 2000, &e), CZ_OK);
	assert_int_equal(cz_store_note_find(f->st, "/archive/ai/2025-03-04 billing sync.md", &s,
					    &e), CZ_OK);
	assert_int_equal(s.mtime_ns, 2000);
	assert_int_equal(cz_store_note_find(f->st, "/archive/other.md", &s, &e), CZ_OK);
	assert_false(s.found);

	/* delete cascades to every link */
	assert_int_equal(cz_store_note_delete(f->st, id, &e), CZ_OK);
	assert_int_equal(q(f, "SELECT (SELECT count(*) FROM notes) + (SELECT count(*) FROM "
			      "note_tags) + (SELECT count(*) FROM note_attendees) + (SELECT "
			      "count(*) FROM note_initiatives)"), 0);
}

/* --prune: a note whose file is gone is removed with its links; one whose
 * file exists stays; a second prune finds nothing. */
static void prune_removes_missing_files(void **state)
{
	fx *f = *state;
	char dir[256], kept[512];
	int64_t run = 0, keep, removed = -1;
	cz_stmt *s;
	cz_err e;

	tu_tmpdir(dir);
	tu_writes(dir, "kept.md", "still here\n");
	snprintf(kept, sizeof(kept), "%s/kept.md", dir);
	assert_int_equal(cz_store_run_begin(f->st, "ingest", &run, &e), CZ_OK);
	(void)insert(f, "gone.md", "---\ntitle: Gone\nattendees: [Ann]\n---\nx\n", run);
	keep = insert(f, "kept.md", "---\ntitle: Kept\n---\ny\n", run);
	assert_int_equal(cz_db_prepare(f->db, "UPDATE notes SET path = ?1 WHERE id = ?2", &s, &e),
			 CZ_OK);
	assert_int_equal(cz_stmt_bind_text(s, 1, kept, &e), CZ_OK);
	assert_int_equal(cz_stmt_bind_int(s, 2, keep, &e), CZ_OK);
	assert_int_equal(cz_stmt_run(s, &e), CZ_OK);
	cz_stmt_finalize(s);
	assert_int_equal(cz_store_prune(f->st, &removed, &e), CZ_OK);
	assert_int_equal(removed, 1);
	assert_int_equal(q(f, "SELECT count(*) FROM notes"), 1);
	assert_int_equal(q(f, "SELECT id FROM notes"), keep);
	assert_int_equal(q(f, "SELECT count(*) FROM note_attendees"), 0);
	assert_int_equal(cz_store_prune(f->st, &removed, &e), CZ_OK);
	assert_int_equal(removed, 0);
	tu_rmrf(dir);
}

static void title_match_and_no_body(void **state)
{
	fx *f = *state;
	char path[] = "/archive/x.md", hash[CZ_HASH_HEX];
	cz_note n;
	cz_note_file file = { path, "x.md", 4, 1, hash, "utf-16le", NULL, 0 };
	int64_t id;
	cz_err e;

	assert_int_equal(cz_store_sync_initiatives(f->st, &f->cfg, &e), CZ_OK);
	cz_hash_hex("x", 1, hash);
	cz_note_init(&n);
	assert_int_equal(cz_note_parse(&n, path, "# BILLING review\n", 17, 0, &e), CZ_OK);
	assert_int_equal(cz_store_note_insert(f->st, &f->cfg, 0, &file, &n, &id, &e), CZ_OK);
	cz_note_release(&n);
	assert_int_equal(q(f, "SELECT count(*) FROM notes WHERE id NOT IN (SELECT note_id FROM "
			      "note_bodies) AND run_id IS NULL "
			      "AND date_source = 'mtime' AND encoding = 'utf-16le'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'billing' AND source = 'config'"), 1);
	/* unattributed notes are kept */
	insert(f, "misc/lunch.md", "# Lunch menu\n", 0);
	assert_int_equal(q(f, "SELECT count(*) FROM notes n WHERE NOT EXISTS (SELECT 1 FROM "
			      "note_initiatives i WHERE i.note_id = n.id)"), 1);
}

static void sync_initiatives_upserts(void **state)
{
	fx *f = *state;
	cz_err e;

	assert_int_equal(cz_store_sync_initiatives(f->st, &f->cfg, &e), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM initiatives WHERE source = 'config'"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM initiatives WHERE id = 'ai' AND name = 'ai'"),
			 1);
	assert_int_equal(q(f, "SELECT count(*) FROM initiative_parties WHERE "
			      "initiative_id = 'billing'"), 2);
	config(f, "initiatives:\n  - id: billing\n    name: Billing v2\n"
		  "    required_parties: [support]\n");
	assert_int_equal(cz_store_sync_initiatives(f->st, &f->cfg, &e), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM initiatives WHERE id = 'billing' AND "
			      "name = 'Billing v2'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM initiative_parties WHERE "
			      "initiative_id = 'billing' AND team = 'support'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM initiative_parties"), 1);
	/* a note-created initiative later defined in the config becomes 'config' */
	insert(f, "n.md", "---\ninitiative: hiring\n---\n", 0);
	config(f, "initiatives:\n  - id: hiring\n    name: Hiring\n");
	assert_int_equal(cz_store_sync_initiatives(f->st, &f->cfg, &e), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM initiatives WHERE id = 'hiring' AND "
			      "source = 'config' AND name = 'Hiring'"), 1);
	/* removed from the config: kept as note-defined while a note names it,
	 * deleted (with its parties) otherwise */
	config(f, "initiatives:\n  - id: other\n");
	assert_int_equal(cz_store_sync_initiatives(f->st, &f->cfg, &e), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM initiatives WHERE id = 'hiring' AND "
			      "source = 'note'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM initiatives WHERE id = 'billing'"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM initiative_parties"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM initiatives WHERE source = 'config'"), 1);
}

static void reattribute_on_config_change(void **state)
{
	fx *f = *state;
	bool updated = false;
	cz_err e;

	assert_int_equal(cz_store_sync_initiatives(f->st, &f->cfg, &e), CZ_OK);
	assert_int_equal(cz_store_reattribute(f->st, &f->cfg, &updated, &e), CZ_OK);
	assert_true(updated); /* first time: no fingerprint yet */
	insert(f, "billing/kickoff.md", "# Kickoff\n", 0);
	insert(f, "ops/retro.md", "---\ninitiative: ai\n---\n# Retro\n", 0);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE source = 'config'"), 1);
	assert_int_equal(cz_store_reattribute(f->st, &f->cfg, &updated, &e), CZ_OK);
	assert_false(updated); /* same config: nothing to do */

	config(f, "initiatives:\n  - id: billing\n    match: ['kickoff|retro']\n"
		  "  - id: ai\n    match: ['^nothing$']\n");
	assert_int_equal(cz_store_sync_initiatives(f->st, &f->cfg, &e), CZ_OK);
	assert_int_equal(cz_store_reattribute(f->st, &f->cfg, &updated, &e), CZ_OK);
	assert_true(updated);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'billing' AND source = 'config'"), 2);
	/* what the note says about itself is never touched */
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives WHERE "
			      "initiative_id = 'ai' AND source = 'front_matter'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM note_initiatives"), 3);
	assert_int_equal(cz_store_reattribute(f->st, &f->cfg, NULL, &e), CZ_OK);
}

static void matches_title_or_relpath(void **state)
{
	fx *f = *state;
	cz_rematch *md;
	const cz_initiative_def *d = cz_config_initiative(&f->cfg, "billing");

	assert_int_equal(cz_rematch_new(&md, 0, 0, NULL), CZ_OK);
	assert_true(cz_initiative_matches(d, md, "Billing sync", "x.md"));
	assert_true(cz_initiative_matches(d, md, "Sync", "billing/x.md"));
	assert_true(cz_initiative_matches(d, md, NULL, "billing/x.md"));
	assert_false(cz_initiative_matches(d, md, "Sync", "ops/x.md"));
	assert_false(cz_initiative_matches(d, md, "bill\xff", "x.md")); /* bad UTF-8: no match */
	cz_rematch_free(md);
}

static void meta_values(void **state)
{
	fx *f = *state;
	char sentinel[] = "sentinel";
	char *v = sentinel;
	cz_err e;

	assert_int_equal(cz_store_meta_get(f->db, "k", &v, &e), CZ_OK);
	assert_null(v);
	assert_int_equal(cz_store_meta_set(f->db, "k", "one", &e), CZ_OK);
	assert_int_equal(cz_store_meta_set(f->db, "k", "two", &e), CZ_OK);
	assert_int_equal(cz_store_meta_get(f->db, "k", &v, &e), CZ_OK);
	assert_string_equal(v, "two");
	free(v);
	assert_ptr_equal(cz_store_db(f->st), f->db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(runs_and_rejections, setup, teardown),
		cmocka_unit_test_setup_teardown(note_rows_and_links, setup, teardown),
		cmocka_unit_test_setup_teardown(prune_removes_missing_files, setup, teardown),
		cmocka_unit_test_setup_teardown(title_match_and_no_body, setup, teardown),
		cmocka_unit_test_setup_teardown(sync_initiatives_upserts, setup, teardown),
		cmocka_unit_test_setup_teardown(reattribute_on_config_change, setup, teardown),
		cmocka_unit_test_setup_teardown(matches_title_or_relpath, setup, teardown),
		cmocka_unit_test_setup_teardown(meta_values, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

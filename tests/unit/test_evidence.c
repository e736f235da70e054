/*
 * test_evidence.c - storing rule hits: rows computed by a worker without
 * the database and stored later give the same evidence as the one-step
 * path; storing replaces a note's old evidence; limits apply in the order
 * notes are stored (a rule disabled after `disable_after` limit notes
 * loses its rows from notes computed before anyone knew, and workers
 * created or used afterwards stop evaluating it); a redacted database
 * stores no excerpt, speaker or groups; a rescan follows the rule set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/evidence.h"
#include "coalesce/privacy.h"
#include "testutil.h"

#define RULE_HEAD "version: 1\nsignal: s\npolarity: positive\nweight: 1\n"

typedef struct fx {
	cz_db *db;
	cz_ruleset rs;
} fx;

static void add_rule(fx *f, const char *name, const char *yaml)
{
	cz_rule *r;
	cz_err err;

	if (cz_rule_parse(&r, "t/x.yml", "t", name, yaml, strlen(yaml), &err))
		fail_msg("rule %s: %s", name, err.msg);
	assert_int_equal(cz_ruleset_add(&f->rs, r, &err), CZ_OK);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	cz_err err;

	assert_non_null(f);
	assert_int_equal(cz_db_open(&f->db, ":memory:", 0, CZ_DB_DEFAULT_MODE, &err), CZ_OK);
	cz_ruleset_init(&f->rs);
	add_rule(f, "agreed", RULE_HEAD "scope: sentence\nmatch:\n"
		 "  - '\\bagreed\\s+to\\s+(?<what>\\w+)'\n");
	/* nested quantifiers: hits the match limit on a long line of a's */
	add_rule(f, "nested", RULE_HEAD "scope: line\nmatch:\n  - '(a+\\s?)+$'\n");
	assert_int_equal(cz_ruleset_finish(&f->rs, &err), CZ_OK);
	for (int i = 1; i <= 8; i++) {
		char sql[512];
		snprintf(sql, sizeof(sql), "INSERT INTO notes(id, path, relpath, title, date, "
			 "date_source, size, mtime_ns, hash, encoding, lines, ingested_at) VALUES "
			 "(%d, '/n%d.md', 'n%d.md', 't', '2025-01-01', 'front_matter', 1, 0, 'h', "
			 "'utf-8', 1, 'now')", i, i, i);
		assert_int_equal(cz_db_exec(f->db, sql, &err), CZ_OK);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	cz_db_close(f->db);
	cz_ruleset_release(&f->rs);
	free(f);
	return 0;
}

static int64_t q(fx *f, const char *sql)
{
	int64_t v = -1;
	cz_err err;

	if (cz_db_query_int(f->db, sql, &v, &err))
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

static const char *const good =
	"# Sync\nDW: We agreed to ship on Friday. Then we agreed to wait.\n";

/* 3,000 a's and no way to end the line as the pattern wants. */
static char *adversarial(void)
{
	size_t n = 3000;
	char *s = malloc(n + 16);

	assert_non_null(s);
	memcpy(s, "# L\n", 4);
	memset(s + 4, 'a', n);
	memcpy(s + 4 + n, "!\n", 3);
	return s;
}

static void compute_then_store(void **state)
{
	fx *f = *state;
	cz_evidence *ev;
	cz_evworker *w;
	cz_evrows *rows;
	cz_err err;

	assert_int_equal(cz_evidence_open(&ev, f->db, &f->rs, NULL, &err), CZ_OK);
	assert_int_equal(cz_evworker_new(&w, ev, &err), CZ_OK);
	assert_int_equal(cz_evworker_note(w, good, strlen(good), 0, &rows, &err), CZ_OK);
	assert_int_equal(cz_evrows_count(rows), 2);
	/* nothing is written until the rows are stored */
	assert_int_equal(q(f, "SELECT count(*) FROM signals"), 0);
	assert_int_equal(cz_evidence_store(ev, 1, rows, &err), CZ_OK);
	cz_evrows_free(rows);
	assert_int_equal(q(f, "SELECT count(*) FROM signals WHERE note_id = 1 AND "
			      "rule_id = 't.agreed' AND status = 'counted' AND speaker = 'DW' "
			      "AND excerpt = 'DW: We agreed to ship on Friday.' AND line = 2"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM signals WHERE groups = '{\"what\":\"ship\"}'"),
			 1);
	assert_int_equal(q(f, "SELECT count(*) FROM signals WHERE groups = '{\"what\":\"wait\"}'"),
			 1);
	/* the one-step path stores the same, and replaces what was there */
	assert_int_equal(cz_evidence_note(ev, 2, good, strlen(good), 0, &err), CZ_OK);
	assert_int_equal(cz_evidence_note(ev, 2, good, strlen(good), 0, &err), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM signals WHERE note_id = 2"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM (SELECT rule_id, line, col, excerpt, "
			      "speaker, groups FROM signals WHERE note_id = 1 EXCEPT SELECT rule_id, "
			      "line, col, excerpt, speaker, groups FROM signals WHERE note_id = 2)"), 0);
	/* an empty result clears a note's evidence */
	assert_int_equal(cz_evworker_note(w, "# none\n", 7, 0, &rows, &err), CZ_OK);
	assert_int_equal(cz_evrows_count(rows), 0);
	assert_int_equal(cz_evidence_store(ev, 2, rows, &err), CZ_OK);
	cz_evrows_free(rows);
	assert_int_equal(q(f, "SELECT count(*) FROM signals WHERE note_id = 2"), 0);
	assert_int_equal(cz_evidence_stats(ev)->notes, 4);
	cz_evworker_free(w);
	cz_evidence_close(ev);
}

static void limits_apply_in_store_order(void **state)
{
	fx *f = *state;
	cz_evidence *ev;
	cz_evworker *a, *b;
	cz_evrows *rows[6];
	cz_match_limits lim = { 10000, 0, 3, 0 };
	char *bad = adversarial();
	bool disabled;
	cz_err err;

	assert_int_equal(cz_evidence_open(&ev, f->db, &f->rs, &lim, &err), CZ_OK);
	assert_int_equal(cz_evworker_new(&a, ev, &err), CZ_OK);
	assert_int_equal(cz_evworker_new(&b, ev, &err), CZ_OK);
	/* five notes hit the limit; all are computed before any is stored, as
	 * racing workers would; worker a alone sees five limit notes and must
	 * not disable the rule on its own */
	for (int i = 0; i < 5; i++)
		assert_int_equal(cz_evworker_note(i % 2 ? b : a, bad, strlen(bad), 0, &rows[i],
						  &err), CZ_OK);
	for (int i = 0; i < 5; i++)
		assert_int_equal(cz_evrows_count(rows[i]), 1);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(cz_evidence_store(ev, i + 1, rows[i], &err), CZ_OK);
		cz_evrows_free(rows[i]);
	}
	assert_int_equal(q(f, "SELECT count(*) FROM signals WHERE status = 'limit'"), 3);
	assert_int_equal(q(f, "SELECT max(note_id) FROM signals WHERE status = 'limit'"), 3);
	assert_int_equal(cz_evidence_limits(ev, 1, &disabled), 3); /* t.nested */
	assert_true(disabled);
	assert_int_equal(cz_evidence_limits(ev, 0, &disabled), 0); /* t.agreed */
	assert_false(disabled);
	assert_int_equal(cz_evidence_stats(ev)->by_status[CZ_HIT_LIMIT], 3);
	/* a worker computing now skips the disabled rule, the other rules run */
	assert_int_equal(cz_evworker_note(a, bad, strlen(bad), 0, &rows[5], &err), CZ_OK);
	assert_int_equal(cz_evrows_count(rows[5]), 0);
	cz_evrows_free(rows[5]);
	assert_int_equal(cz_evworker_note(b, good, strlen(good), 0, &rows[5], &err), CZ_OK);
	assert_int_equal(cz_evrows_count(rows[5]), 2);
	cz_evrows_free(rows[5]);
	cz_evworker_free(a);
	cz_evworker_free(b);
	cz_evidence_close(ev);
	free(bad);
}

static void redacted_rows(void **state)
{
	fx *f = *state;
	cz_evidence *ev;
	cz_err err;

	/* redaction is chosen by a database's first ingest, before any note */
	assert_int_equal(cz_db_exec(f->db, "DELETE FROM notes WHERE id > 1; "
				    "DELETE FROM notes WHERE id = 1", &err), CZ_OK);
	assert_int_equal(cz_privacy_begin(f->db, true, &err), CZ_OK);
	assert_int_equal(cz_db_exec(f->db, "INSERT INTO notes(id, path, relpath, title, date, "
				    "date_source, size, mtime_ns, hash, encoding, lines, ingested_at) "
				    "VALUES (1, '/n1.md', 'n1.md', 't', '2025-01-01', 'front_matter', "
				    "1, 0, 'h', 'utf-8', 1, 'now')", &err), CZ_OK);
	assert_int_equal(cz_evidence_open(&ev, f->db, &f->rs, NULL, &err), CZ_OK);
	assert_int_equal(cz_evidence_note(ev, 1, good, strlen(good), 0, &err), CZ_OK);
	assert_int_equal(q(f, "SELECT count(*) FROM signals WHERE excerpt IS NULL AND "
			      "speaker IS NULL AND groups IS NULL AND line = 2"), 2);
	cz_evidence_close(ev);
}

static void sync_follows_rules(void **state)
{
	fx *f = *state;
	cz_evidence *ev;
	bool rescanned;
	cz_err err;

	assert_int_equal(cz_db_exec(f->db, "INSERT INTO note_bodies(note_id, body) VALUES (4, "
				    "'# Sync' || char(10) || "
				    "'We agreed to go.')", &err), CZ_OK);
	assert_int_equal(cz_evidence_open(&ev, f->db, &f->rs, NULL, &err), CZ_OK);
	cz_evidence_set_engine(ev, CZ_ENGINE_AUTO, NULL);
	assert_int_equal(cz_evidence_sync(ev, false, 1, &rescanned, &err), CZ_OK);
	assert_true(rescanned);
	assert_int_equal(q(f, "SELECT count(*) FROM signals WHERE note_id = 4"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM rules"), 2);
	/* same rules: nothing to do */
	assert_int_equal(cz_evidence_sync(ev, false, 1, &rescanned, &err), CZ_OK);
	assert_false(rescanned);
	cz_evidence_close(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(compute_then_store, setup, teardown),
		cmocka_unit_test_setup_teardown(limits_apply_in_store_order, setup, teardown),
		cmocka_unit_test_setup_teardown(redacted_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(sync_follows_rules, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

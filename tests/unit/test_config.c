/*
 * test_config.c - coalesce.yml: strict keys with FILE:LINE:COL, the
 * initiatives list (ids, duplicates, regexes, parties), ingest sizes, the
 * `db:` path resolved against the config's directory, and the fingerprint
 * that triggers re-attribution.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/config.h"
#include "testutil.h"

static void load_ok(cz_config *cfg, const char *text)
{
	cz_err e;

	cz_config_init(cfg);
	tu_err_poison(&e);
	if (cz_config_load_text(cfg, "c.yml", text, strlen(text), &e))
		fail_msg("load failed: %s", e.msg);
	tu_assert_untouched(e);
}

static void load_bad(const char *text, cz_rc code, const char *msg)
{
	cz_config cfg;
	cz_err e;

	cz_config_init(&cfg);
	assert_int_equal(cz_config_load_text(&cfg, "c.yml", text, strlen(text), &e), code);
	if (strcmp(e.msg, msg))
		fail_msg("got '%s', want '%s'", e.msg, msg);
	cz_config_release(&cfg);
}

static void defaults(void **state)
{
	cz_config cfg;

	(void)state;
	cz_config_init(&cfg);
	assert_int_equal(cfg.max_file_size, (size_t)16 * 1024 * 1024);
	assert_null(cfg.path);
	assert_null(cfg.db);
	assert_int_equal(cfg.n_initiatives, 0);
	assert_null(cz_config_section(&cfg, "db"));
	assert_null(cz_config_initiative(&cfg, "x"));
	cz_config_release(&cfg);
	load_ok(&cfg, "");
	assert_null(cfg.db);
	assert_string_equal(cfg.dir, ".");
	cz_config_release(&cfg);
	load_ok(&cfg, "# nothing but a comment\n");
	cz_config_release(&cfg);
	load_ok(&cfg, "initiatives:\ningest:\n");
	assert_int_equal(cfg.n_initiatives, 0);
	assert_int_equal(cfg.max_file_size, CZ_DEFAULT_MAX_FILE_SIZE);
	cz_config_release(&cfg);
}

static void initiatives_parsed(void **state)
{
	cz_config cfg;
	const cz_initiative_def *d;

	(void)state;
	load_ok(&cfg,
		"initiatives:\n"
		"  - id: billing-migration\n"
		"    name: Billing platform migration\n"
		"    match:\n"
		"      - 'billing'\n"
		"      - 'ledger(line)?'\n"
		"    required_parties: [finance, legal]\n"
		"  - id: ai\n"
		"    match: 'assistant'\n"
		"    required_parties: support\n");
	assert_int_equal(cfg.n_initiatives, 2);
	d = cz_config_initiative(&cfg, "billing-migration");
	assert_non_null(d);
	assert_string_equal(d->name, "Billing platform migration");
	assert_int_equal(d->patterns.n, 2);
	assert_string_equal(d->patterns.v[1], "ledger(line)?");
	assert_non_null(d->match[0]);
	assert_non_null(d->match[1]);
	assert_int_equal(d->required_parties.n, 2);
	assert_string_equal(d->required_parties.v[1], "legal");
	assert_int_equal(d->line, 2);
	d = cz_config_initiative(&cfg, "ai");
	assert_string_equal(d->name, "ai"); /* name defaults to the id */
	assert_int_equal(d->patterns.n, 1);
	assert_int_equal(d->required_parties.n, 1);
	assert_null(cz_config_initiative(&cfg, "AI"));
	assert_non_null(cz_config_section(&cfg, "initiatives"));
	cz_config_release(&cfg);
}

static void empty_match_matches_nothing(void **state)
{
	cz_config cfg;
	const cz_initiative_def *d;

	(void)state;
	/* `match:` left empty is no pattern, not the empty regex (which would
	 * attribute every note in the archive to the initiative) */
	load_ok(&cfg, "initiatives:\n  - id: quiet\n    match:\n    required_parties: ~\n");
	d = cz_config_initiative(&cfg, "quiet");
	assert_int_equal(d->patterns.n, 0);
	assert_int_equal(d->required_parties.n, 0);
	cz_config_release(&cfg);
	load_bad("initiatives:\n  - id: x\n    match: ''\n", CZ_EDATA,
		 "c.yml:3:12: 'match' must be a non-empty text value");
	load_bad("initiatives:\n  - id: x\n    match: ['a', '']\n", CZ_EDATA,
		 "c.yml:3:18: 'match' must be a non-empty text value");
}

static void strict_keys(void **state)
{
	(void)state;
	load_bad("db: a.db\ndbb: b.db\n", CZ_EDATA,
		 "c.yml:2:1: unknown key 'dbb'; check its spelling (see docs/configuration.md)");
	load_bad("db: a.db\ndb: b.db\n", CZ_EDATA, "c.yml:2:1: key 'db' appears twice");
	load_bad("- a\n- b\n", CZ_EDATA,
		 "c.yml:1:1: the configuration must be a mapping of keys, found a list");
	load_bad("? [a]\n: 1\n", CZ_EDATA, "c.yml:1:3: keys must be plain text");
	load_bad("db: [a]\n", CZ_EDATA, "c.yml:1:5: 'db' must be a non-empty text value");
	load_bad("db: ''\n", CZ_EDATA, "c.yml:1:5: 'db' must be a non-empty text value");
	load_bad("ingest:\n  max_file_size: 1MiB\n  max_files: 3\n", CZ_EDATA,
		 "c.yml:3:3: unknown key 'ingest.max_files' (known: max_file_size)");
	load_bad("ingest: 5\n", CZ_EDATA, "c.yml:1:9: 'ingest' must be a mapping");
	load_bad("initiatives:\n  - id: a\n    colour: red\n", CZ_EDATA,
		 "c.yml:3:5: unknown initiative key 'colour' (known: id, name, match, "
		 "required_parties)");
	/* YAML errors carry the file name too */
	load_bad("db: [a\n", CZ_EDATA,
		 "c.yml:2:1: did not find expected ',' or ']' while parsing a flow sequence "
		 "started at line 1");
	load_bad("db: &x a.db\n", CZ_EDATA,
		 "c.yml:1:5: YAML anchors (&name) are not supported; write the value out");
}

static void initiative_errors(void **state)
{
	(void)state;
	load_bad("initiatives:\n  - id: a\n  - id: b\n  - id: a\n", CZ_EDATA,
		 "c.yml:4:9: initiative 'a' is defined twice");
	load_bad("initiatives:\n  - name: No id\n", CZ_EDATA,
		 "c.yml:2:5: initiative without an 'id'");
	load_bad("initiatives:\n  - id: Billing\n", CZ_EDATA,
		 "c.yml:2:9: initiative id 'Billing' must be lowercase letters, digits, "
		 "'.', '_' or '-'");
	load_bad("initiatives:\n  - id: [a]\n", CZ_EDATA,
		 "c.yml:2:9: 'id' must be a non-empty text value");
	load_bad("initiatives: billing\n", CZ_EDATA,
		 "c.yml:1:14: 'initiatives' must be a list of {id, name, match, required_parties}");
	load_bad("initiatives:\n  - billing\n", CZ_EDATA,
		 "c.yml:2:5: each initiative must be a mapping with 'id', 'name', 'match' and "
		 "'required_parties'");
	load_bad("initiatives:\n  - id: a\n    name: [x]\n", CZ_EDATA,
		 "c.yml:3:11: 'name' must be a non-empty text value");
	load_bad("initiatives:\n  - id: a\n    match: {x: y}\n", CZ_EDATA,
		 "c.yml:3:12: 'match' must be a list");
	load_bad("initiatives:\n  - id: a\n    required_parties: [[x]]\n", CZ_EDATA,
		 "c.yml:3:24: 'required_parties' must be a non-empty text value");
}

static void bad_regexes_point_at_the_pattern(void **state)
{
	(void)state;
	load_bad("initiatives:\n  - id: a\n    match:\n      - 'ok'\n      - '(unclosed'\n",
		 CZ_EDATA,
		 "c.yml:5:9: bad regex in 'match': at offset 9: missing closing parenthesis");
	load_bad("initiatives:\n  - id: a\n    match: '[z-a]'\n", CZ_EDATA,
		 "c.yml:3:12: bad regex in 'match': at offset 3: range out of order in "
		 "character class");
}

static void regexes_are_caseless(void **state)
{
	cz_config cfg;
	cz_rematch *md;
	bool found = false;

	(void)state;
	load_ok(&cfg, "initiatives:\n  - id: a\n    match: 'billing'\n");
	assert_int_equal(cz_rematch_new(&md, 0, 0, NULL), CZ_OK);
	assert_int_equal(cz_regex_find(cfg.initiatives[0].match[0], md, "BILLING sync", 12, 0, 0,
				       &found, NULL, NULL, NULL), CZ_OK);
	assert_true(found);
	cz_rematch_free(md);
	cz_config_release(&cfg);
}

static void sizes(void **state)
{
	cz_config cfg;

	(void)state;
	load_ok(&cfg, "ingest:\n  max_file_size: 16MiB\n");
	assert_int_equal(cfg.max_file_size, (size_t)16 << 20);
	cz_config_release(&cfg);
	load_ok(&cfg, "ingest:\n  max_file_size: 1\n");
	assert_int_equal(cfg.max_file_size, 1);
	cz_config_release(&cfg);
	load_ok(&cfg, "ingest:\n  max_file_size: 512 KiB\n");
	assert_int_equal(cfg.max_file_size, 512 * 1024);
	cz_config_release(&cfg);
	load_bad("ingest:\n  max_file_size: 0\n", CZ_EDATA,
		 "c.yml:2:18: 'max_file_size' must be above zero");
	load_bad("ingest:\n  max_file_size: lots\n", CZ_EDATA,
		 "c.yml:2:18: expected a size such as 16777216 or 16MiB, found 'lots'");
}

static void id_validity(void **state)
{
	char id[70];

	(void)state;
	assert_true(cz_initiative_id_valid("a"));
	assert_true(cz_initiative_id_valid("0"));
	assert_true(cz_initiative_id_valid("a.b_c-9"));
	assert_false(cz_initiative_id_valid(""));
	assert_false(cz_initiative_id_valid("-a"));
	assert_false(cz_initiative_id_valid(".a"));
	assert_false(cz_initiative_id_valid("a b"));
	assert_false(cz_initiative_id_valid("A"));
	assert_false(cz_initiative_id_valid("a/b"));
	assert_false(cz_initiative_id_valid("caf\xc3\xa9"));
	memset(id, 'x', 64);
	id[64] = '\0';
	assert_true(cz_initiative_id_valid(id));
	id[64] = 'x';
	id[65] = '\0';
	assert_false(cz_initiative_id_valid(id));
}

static void fingerprint_follows_attribution_inputs(void **state)
{
	static const char *const variants[] = {
		"initiatives:\n  - id: a\n    match: x\n",
		"initiatives:\n  - id: b\n    match: x\n",
		"initiatives:\n  - id: a\n    name: A\n    match: x\n",
		"initiatives:\n  - id: a\n    match: y\n",
		"initiatives:\n  - id: a\n    match: x\n    required_parties: [t]\n",
		"initiatives:\n  - id: a\n    match: [x, y]\n",
		"",
	};
	char h[7][CZ_HASH_HEX], again[CZ_HASH_HEX];
	cz_config cfg;

	(void)state;
	for (size_t i = 0; i < 7; i++) {
		load_ok(&cfg, variants[i]);
		cz_config_initiatives_hash(&cfg, h[i]);
		assert_int_equal(strlen(h[i]), 32);
		cz_config_release(&cfg);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(h[i], h[j]);
	}
	/* unrelated settings do not change it */
	load_ok(&cfg, "db: other.db\ningest:\n  max_file_size: 1MiB\n"
		      "initiatives:\n  - id: a\n    match: x\n");
	cz_config_initiatives_hash(&cfg, again);
	assert_string_equal(again, h[0]);
	cz_config_release(&cfg);
}

static void files_and_db_path(void **state)
{
	char dir[256], path[512], want[1024], sub[512];
	cz_config cfg;
	cz_err e;
	char *r;

	(void)state;
	tu_tmpdir(dir);
	tu_writes(dir, "conf/coalesce.yml", "db: data/notes.db\n");
	tu_path(path, dir, "conf/coalesce.yml");
	cz_config_init(&cfg);
	assert_int_equal(cz_config_load(&cfg, path, true, &e), CZ_OK);
	tu_path(sub, dir, "conf/data/notes.db");
	memcpy(want, sub, sizeof(sub));
	assert_string_equal(cfg.db, want);
	assert_string_equal(cfg.path, path);
	tu_path(sub, dir, "conf");
	assert_string_equal(cfg.dir, sub);
	r = cz_config_resolve(&cfg, "/abs/x", &e);
	assert_string_equal(r, "/abs/x");
	free(r);
	cz_config_release(&cfg);

	tu_writes(dir, "abs.yml", "db: /var/tmp/x.db\n");
	tu_path(path, dir, "abs.yml");
	assert_int_equal(cz_config_load(&cfg, path, true, &e), CZ_OK);
	assert_string_equal(cfg.db, "/var/tmp/x.db");
	cz_config_release(&cfg);

	/* a missing file: defaults unless required */
	tu_path(path, dir, "missing.yml");
	assert_int_equal(cz_config_load(&cfg, path, false, &e), CZ_OK);
	assert_null(cfg.path);
	cz_config_release(&cfg);
	assert_int_equal(cz_config_load(&cfg, path, true, &e), CZ_ENOINPUT);
	tu_assert_err(e, CZ_ENOINPUT, path);
	cz_config_release(&cfg);

	/* errors name the file */
	tu_writes(dir, "bad.yml", "db: x.db\n\nunknown_key: 1\n");
	tu_path(path, dir, "bad.yml");
	assert_int_equal(cz_config_load(&cfg, path, true, &e), CZ_EDATA);
	snprintf(want, sizeof(want), "%s:3:1: unknown key 'unknown_key'", path);
	tu_assert_err(e, CZ_EDATA, want);
	cz_config_release(&cfg);
	tu_rmrf(dir);
}

static void relative_config_in_cwd(void **state)
{
	char dir[256], old[512];
	cz_config cfg;
	cz_err e;

	(void)state;
	tu_tmpdir(dir);
	assert_non_null(getcwd(old, sizeof(old)));
	tu_writes(dir, "coalesce.yml", "db: my.db\n");
	tu_writes(dir, "sub/c.yml", "db: ../up.db\n");
	assert_int_equal(chdir(dir), 0);
	cz_config_init(&cfg);
	assert_int_equal(cz_config_load(&cfg, "coalesce.yml", true, &e), CZ_OK);
	assert_string_equal(cfg.db, "my.db");
	cz_config_release(&cfg);
	assert_int_equal(cz_config_load(&cfg, "sub/c.yml", true, &e), CZ_OK);
	assert_string_equal(cfg.db, "sub/../up.db");
	cz_config_release(&cfg);
	assert_int_equal(chdir(old), 0);
	tu_rmrf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(initiatives_parsed),
		cmocka_unit_test(empty_match_matches_nothing),
		cmocka_unit_test(strict_keys),
		cmocka_unit_test(initiative_errors),
		cmocka_unit_test(bad_regexes_point_at_the_pattern),
		cmocka_unit_test(regexes_are_caseless),
		cmocka_unit_test(sizes),
		cmocka_unit_test(id_validity),
		cmocka_unit_test(fingerprint_follows_attribution_inputs),
		cmocka_unit_test(files_and_db_path),
		cmocka_unit_test(relative_config_in_cwd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_csv.c - the libcsv adapter: quoting, line ends, physical line
 * numbers (also when fed byte by byte), limits, the writer, and the
 * csv-spectrum conformance suite when $CZ_SHARED/conformance/csv-spectrum
 * exists (its expected rows are read with jansson).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "coalesce/csv.h"
#include "coalesce/file.h"

/* Rows collected as "LINE|f1|f2|..." strings. */
typedef struct rows {
	cz_strv v;
} rows;

static cz_rc collect(void *ctx, const cz_csv_row *row, cz_err *err)
{
	rows *r = ctx;
	cz_buf b;
	cz_rc rc;

	cz_buf_init(&b, 0);
	rc = cz_buf_addf(&b, err, "%zu", row->line);
	for (size_t i = 0; !rc && i < row->n; i++) {
		assert_int_equal(strlen(row->fields[i]), row->lens[i]);
		rc = cz_buf_addf(&b, err, "|%s", row->fields[i]);
	}
	if (!rc)
		rc = cz_strv_push(&r->v, b.data, err);
	cz_buf_release(&b);
	return rc;
}

static void parse_ok(const char *text, char delim, rows *out)
{
	cz_err err;

	cz_strv_init(&out->v);
	if (cz_csv_parse(text, strlen(text), delim, collect, out, &err))
		fail_msg("parse failed: %s", err.msg);
}

/* Feed one byte at a time: results must not depend on chunking. */
static void parse_bytewise(const char *text, rows *out)
{
	cz_csv_reader *r;
	cz_err err;

	cz_strv_init(&out->v);
	assert_int_equal(cz_csv_reader_new(&r, ',', collect, out, &err), CZ_OK);
	for (size_t i = 0; text[i]; i++)
		assert_int_equal(cz_csv_feed(r, text + i, 1, &err), CZ_OK);
	assert_int_equal(cz_csv_finish(r, &err), CZ_OK);
	cz_csv_reader_free(r);
}

static void expect_rows(rows *r, const char *const *want, size_t n)
{
	assert_int_equal(r->v.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r->v.v[i], want[i]);
	cz_strv_release(&r->v);
}

static void test_quoting(void **state)
{
	static const char text[] =
		"Subject,Attendees\n"
		"\"Sync, weekly\",\"Okafor, Ben;Dana\"\n"
		"\"He said \"\"go\"\"\",x\n"
		"plain,\"\"\n";
	static const char *const want[] = {
		"1|Subject|Attendees",
		"2|Sync, weekly|Okafor, Ben;Dana",
		"3|He said \"go\"|x",
		"4|plain|",
	};
	rows r;

	(void)state;
	parse_ok(text, ',', &r);
	expect_rows(&r, want, 4);
}

static void test_line_numbers(void **state)
{
	/* Record 2 spans lines 2-4 (CRLF inside quotes is kept); a blank line
	 * is skipped; CR-only and LF ends mix; the last row has no end. */
	static const char text[] =
		"a,b\r\n"
		"\"one\r\ntwo\r\nthree\",x\r\n"
		"\r\n"
		"c,d\r"
		"e,f\n"
		"\n"
		"g,\"h\ni\"";
	static const char *const want[] = {
		"1|a|b",
		"2|one\r\ntwo\r\nthree|x",
		"6|c|d",
		"7|e|f",
		"9|g|h\ni",
	};
	rows r;

	(void)state;
	parse_ok(text, ',', &r);
	expect_rows(&r, want, 5);
	parse_bytewise(text, &r);
	expect_rows(&r, want, 5);
}

static void test_delimiter(void **state)
{
	static const char *const want[] = { "1|a|b,c|d" };
	rows r;

	(void)state;
	parse_ok("a;\"b,c\";d\n", ';', &r);
	expect_rows(&r, want, 1);
	parse_ok("a\tb,c\td\n", '\t', &r);
	expect_rows(&r, want, 1);
}

static void test_unterminated(void **state)
{
	static const char text[] = "a,b\nc,\"open\nstill open\n";
	rows r;
	cz_err err;

	(void)state;
	cz_strv_init(&r.v);
	assert_int_equal(cz_csv_parse(text, strlen(text), ',', collect, &r, &err), CZ_EDATA);
	assert_string_equal(err.msg, "2: unterminated quoted field");
	assert_int_equal(r.v.n, 1);
	cz_strv_release(&r.v);
}

static cz_rc stop_at_two(void *ctx, const cz_csv_row *row, cz_err *err)
{
	(void)ctx;
	if (row->line == 2)
		return cz_err_set(err, CZ_EDATA, "stop");
	return CZ_OK;
}

static void test_callback_stops(void **state)
{
	cz_err err;

	(void)state;
	assert_int_equal(cz_csv_parse("a\nb\nc\n", 6, ',', stop_at_two, NULL, &err), CZ_EDATA);
	assert_string_equal(err.msg, "stop");
}

static void test_too_many_fields(void **state)
{
	cz_buf b;
	cz_err err;
	rows r;

	(void)state;
	cz_buf_init(&b, 0);
	for (int i = 0; i <= CZ_CSV_MAX_FIELDS; i++)
		assert_int_equal(cz_buf_addc(&b, ',', &err), CZ_OK);
	cz_strv_init(&r.v);
	assert_int_equal(cz_csv_parse(b.data, b.len, ',', collect, &r, &err), CZ_ELIMIT);
	assert_non_null(strstr(err.msg, "1: too many fields"));
	cz_strv_release(&r.v);
	cz_buf_release(&b);
}

static void test_writer_roundtrip(void **state)
{
	static const char *const fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "",
					      "=SUM(A1)", "-12" };
	static const char *const want[] = {
		"1|plain|a,b|say \"hi\"|two\nlines||'=SUM(A1)|-12",
		"3|plain|a,b|say \"hi\"|two\nlines||'=SUM(A1)|-12" };
	cz_csvout w;
	cz_err err;
	rows r;
	FILE *f;
	char got[512];
	size_t n;

	(void)state;
	f = tmpfile();
	assert_non_null(f);
	cz_csvout_init(&w, f);
	for (int row = 0; row < 2; row++) {
		for (size_t i = 0; i < 6; i++)
			cz_csvout_text(&w, fields[i]);
		cz_csvout_num(&w, fields[6]);
		assert_int_equal(cz_csvout_end_row(&w, &err), CZ_OK);
	}
	rewind(f);
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	/* quoted only where needed; formulas neutralised; numbers untouched */
	assert_memory_equal(got, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,'=SUM(A1),-12\r\n",
			    n / 2);
	cz_strv_init(&r.v);
	assert_int_equal(cz_csv_parse(got, n, ',', collect, &r, &err), CZ_OK);
	expect_rows(&r, want, 2);
}

/* Issue 8: terminal escapes from notes leave as text, never raw. */
static void test_writer_controls(void **state)
{
	cz_csvout w;
	cz_err err;
	FILE *f;
	char got[256];
	size_t n;

	(void)state;
	f = tmpfile();
	assert_non_null(f);
	cz_csvout_init(&w, f);
	cz_csvout_text(&w, "red \033[31mtext\033[0m\a");
	cz_csvout_text(&w, "\033]0;title=x");
	cz_csvout_text(&w, "tab\there");
	assert_int_equal(cz_csvout_end_row(&w, &err), CZ_OK);
	rewind(f);
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	assert_string_equal(got, "red \\x1b[31mtext\\x1b[0m\\x07,\\x1b]0;title=x,tab\there\r\n");
}

/* --- csv-spectrum --------------------------------------------------- */

/* A field whose expected value upstream contradicts its own input:
 * location_coordinates.json says 1234567890, the CSV holds 2095257564. */
static const struct {
	const char *name, *key;
} errata[] = {
	{ "location_coordinates", "Contact Phone Number" },
};

static bool erratum(const char *name, const char *key)
{
	for (size_t i = 0; i < sizeof(errata) / sizeof(errata[0]); i++)
		if (!strcmp(errata[i].name, name) && !strcmp(errata[i].key, key))
			return true;
	return false;
}

typedef struct table {
	size_t nrows, ncols;
	char **cells; /* row-major, nrows * ncols; row 0 is the header */
	bool ragged;
} table;

static cz_rc to_table(void *ctx, const cz_csv_row *row, cz_err *err)
{
	table *t = ctx;
	char **cells;

	if (t->nrows == 0)
		t->ncols = row->n;
	if (row->n != t->ncols) {
		t->ragged = true;
		return CZ_OK;
	}
	cells = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*cells));
	if (!cells)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	t->cells = cells;
	for (size_t i = 0; i < row->n; i++)
		cells[t->nrows * t->ncols + i] = strdup(row->fields[i]);
	t->nrows++;
	return CZ_OK;
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

/* Compare one case; returns true when it conforms. */
static bool spectrum_case(const char *dir, const char *name)
{
	char path[4096];
	cz_buf raw;
	cz_err err;
	table t = { 0, 0, NULL, false };
	json_t *want, *rowsj;
	json_error_t jerr;
	bool ok = true;

	assert_true((size_t)snprintf(path, sizeof(path), "%s/csvs/%s.csv", dir, name) <
		    sizeof(path));
	cz_buf_init(&raw, 0);
	assert_int_equal(cz_file_read(path, 1 << 20, &raw, &err), CZ_OK);
	if (cz_csv_parse(raw.data, raw.len, ',', to_table, &t, &err)) {
		print_message("csv-spectrum %s: parse failed: %s\n", name, err.msg);
		ok = false;
	}
	cz_buf_release(&raw);
	assert_true((size_t)snprintf(path, sizeof(path), "%s/json/%s.json", dir, name) <
		    sizeof(path));
	want = json_load_file(path, 0, &jerr);
	assert_non_null(want);
	/* Upstream writes a single-row case as a bare object. */
	rowsj = json_is_array(want) ? json_incref(want) : json_pack("[O]", want);
	if (ok && (t.ragged || t.nrows == 0 || json_array_size(rowsj) != t.nrows - 1)) {
		print_message("csv-spectrum %s: %zu rows, expected %zu\n", name,
			      t.nrows ? t.nrows - 1 : 0, json_array_size(rowsj));
		ok = false;
	}
	for (size_t r = 0; ok && r + 1 < t.nrows; r++) {
		json_t *obj = json_array_get(rowsj, r);
		if (json_object_size(obj) != t.ncols)
			ok = false;
		for (size_t c = 0; ok && c < t.ncols; c++) {
			const char *key = t.cells[c];
			json_t *v = json_object_get(obj, key);
			const char *got = t.cells[(r + 1) * t.ncols + c];
			if (!json_is_string(v)) {
				ok = false;
			} else if (erratum(name, key)) {
				print_message("csv-spectrum %s: '%s' not compared (upstream "
					      "erratum)\n", name, key);
			} else if (strcmp(json_string_value(v), got)) {
				print_message("csv-spectrum %s row %zu '%s': got '%s', expected "
					      "'%s'\n", name, r + 1, key, got, json_string_value(v));
				ok = false;
			}
		}
	}
	json_decref(rowsj);
	json_decref(want);
	table_free(&t);
	return ok;
}

static void test_csv_spectrum(void **state)
{
	const char *shared = getenv("CZ_SHARED");
	char dir[4096], csvs[4200];
	DIR *d;
	struct dirent *e;
	size_t total = 0, passed = 0;

	(void)state;
	if (!shared)
		skip();
	snprintf(dir, sizeof(dir), "%s/conformance/csv-spectrum", shared);
	snprintf(csvs, sizeof(csvs), "%s/csvs", dir);
	d = opendir(csvs);
	if (!d) {
		print_message("csv-spectrum not found at %s: skipped\n", dir);
		skip();
	}
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char name[256];
		if (n < 5 || n >= sizeof(name) || strcmp(e->d_name + n - 4, ".csv"))
			continue;
		memcpy(name, e->d_name, n - 4);
		name[n - 4] = '\0';
		total++;
		passed += spectrum_case(dir, name);
	}
	closedir(d);
	print_message("csv-spectrum: %zu of %zu cases pass\n", passed, total);
	assert_true(total > 0);
	assert_int_equal(passed, total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_delimiter),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_writer_roundtrip),
		cmocka_unit_test(test_writer_controls),
		cmocka_unit_test(test_csv_spectrum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_ydoc.c - the YAML tree: marks (LINE:COL, shifted by first_line),
 * scalar and collection styles, hostile input (anchors, aliases, depth and
 * node caps, several documents), and the scalar helpers' boundaries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/buf.h"
#include "coalesce/ydoc.h"
#include "testutil.h"

static void parse_ok(cz_ydoc *doc, const char *text, size_t first_line)
{
	cz_err e;

	tu_err_poison(&e);
	if (cz_ydoc_parse(doc, text, strlen(text), first_line, &e))
		fail_msg("parse failed: %s", e.msg);
	tu_assert_untouched(e);
}

static void parse_bad(const char *text, size_t len, size_t first_line, const char *msg)
{
	cz_ydoc doc;
	cz_err e;

	assert_int_equal(cz_ydoc_parse(&doc, text, len, first_line, &e), CZ_EDATA);
	assert_null(doc.root);
	assert_int_equal(doc.nodes, 0);
	if (strcmp(e.msg, msg))
		fail_msg("got '%s', want '%s'", e.msg, msg);
}

static void tree_and_marks(void **state)
{
	cz_ydoc doc;
	const cz_ynode *r, *v;

	(void)state;
	parse_ok(&doc, "title: Weekly\nlist:\n  - a\n  - 'b'\nflow: [x, \"y\"]\nmap: {k: v}\n", 1);
	r = doc.root;
	assert_non_null(r);
	assert_int_equal(r->kind, CZ_Y_MAP);
	assert_int_equal(r->style, CZ_Y_BLOCK);
	assert_int_equal(cz_ynode_count(r), 4);
	assert_int_equal(doc.nodes, 1 + 8 + 2 + 2 + 2);
	v = cz_ynode_get(r, "title");
	assert_string_equal(v->str, "Weekly");
	assert_int_equal(v->len, 6);
	assert_int_equal(v->line, 1);
	assert_int_equal(v->col, 8);
	assert_int_equal(v->style, CZ_Y_PLAIN);
	v = cz_ynode_get(r, "list");
	assert_int_equal(v->kind, CZ_Y_SEQ);
	assert_int_equal(v->style, CZ_Y_BLOCK);
	assert_int_equal(cz_ynode_count(v), 2);
	assert_int_equal(v->items[1]->style, CZ_Y_SINGLE);
	assert_int_equal(v->items[1]->line, 4);
	assert_int_equal(v->items[1]->col, 5);
	v = cz_ynode_get(r, "flow");
	assert_int_equal(v->style, CZ_Y_FLOW);
	assert_int_equal(v->items[1]->style, CZ_Y_DOUBLE);
	v = cz_ynode_get(r, "map");
	assert_int_equal(v->kind, CZ_Y_MAP);
	assert_int_equal(v->style, CZ_Y_FLOW);
	assert_string_equal(cz_ynode_get(v, "k")->str, "v");
	assert_null(cz_ynode_get(r, "missing"));
	assert_null(cz_ynode_get(r, "Title")); /* keys are exact */
	assert_null(cz_ynode_get(cz_ynode_get(r, "title"), "x")); /* not a map */
	assert_null(cz_ynode_get(NULL, "x"));
	assert_int_equal(cz_ynode_count(cz_ynode_get(r, "title")), 0);
	assert_int_equal(cz_ynode_count(NULL), 0);
	assert_string_equal(cz_ynode_kind_name(r), "a mapping");
	assert_string_equal(cz_ynode_kind_name(cz_ynode_get(r, "list")), "a list");
	assert_string_equal(cz_ynode_kind_name(cz_ynode_get(r, "title")), "a scalar");
	assert_string_equal(cz_ynode_kind_name(NULL), "nothing");
	cz_ydoc_release(&doc);
	assert_null(doc.root);
	cz_ydoc_release(&doc); /* twice is fine */
}

static void first_line_shifts_marks(void **state)
{
	cz_ydoc doc;

	(void)state;
	parse_ok(&doc, "a: 1\nb: 2\n", 2);
	assert_int_equal(cz_ynode_get(doc.root, "b")->line, 3);
	cz_ydoc_release(&doc);
	parse_ok(&doc, "a: 1\n", 0); /* 0 means 1 */
	assert_int_equal(cz_ynode_get(doc.root, "a")->line, 1);
	cz_ydoc_release(&doc);
	parse_bad("a: 1\n b: 2\n", 10, 2, "3:3: mapping values are not allowed in this context");
	parse_bad("a: [1, 2\nb: 3\n", 14, 5,
		  "6:2: did not find expected ',' or ']' while parsing a flow sequence "
		  "started at line 5");
}

static void block_scalars_and_nul(void **state)
{
	cz_ydoc doc;
	const cz_ynode *v;

	(void)state;
	parse_ok(&doc, "lit: |\n  one\n  two\nfold: >\n  one\n  two\nq: \"a\\0b\"\n", 1);
	v = cz_ynode_get(doc.root, "lit");
	assert_int_equal(v->style, CZ_Y_LITERAL);
	assert_string_equal(v->str, "one\ntwo\n");
	v = cz_ynode_get(doc.root, "fold");
	assert_int_equal(v->style, CZ_Y_FOLDED);
	assert_string_equal(v->str, "one two\n");
	v = cz_ynode_get(doc.root, "q");
	assert_int_equal(v->len, 3); /* an escaped NUL is kept, len tells */
	assert_memory_equal(v->str, "a\0b", 4);
	cz_ydoc_release(&doc);
}

static void empty_and_scalar_documents(void **state)
{
	cz_ydoc doc;

	(void)state;
	parse_ok(&doc, "", 1);
	assert_null(doc.root);
	cz_ydoc_release(&doc);
	parse_ok(&doc, "# only a comment\n", 1);
	assert_null(doc.root);
	cz_ydoc_release(&doc);
	parse_ok(&doc, "just text\n", 1);
	assert_int_equal(doc.root->kind, CZ_Y_SCALAR);
	cz_ydoc_release(&doc);
	parse_ok(&doc, "---\na: 1\n...\n", 1); /* explicit markers: one document */
	assert_int_equal(doc.root->kind, CZ_Y_MAP);
	cz_ydoc_release(&doc);
}

static void hostile_input_refused(void **state)
{
	const char *bomb =
		"a: &a [\"lol\", \"lol\", \"lol\"]\n"
		"b: &b [*a, *a, *a]\n"
		"c: &c [*b, *b, *b]\n";

	(void)state;
	parse_bad(bomb, strlen(bomb), 2,
		  "2:4: YAML anchors (&name) are not supported; write the value out");
	parse_bad("a: 1\nb: *x\n", 11, 1,
		  "2:4: YAML aliases (*name) are not supported; write the value out");
	parse_bad("a: &m {k: v}\n", 13, 1,
		  "1:4: YAML anchors (&name) are not supported; write the value out");
	parse_bad("- &s [1]\n", 9, 1,
		  "1:3: YAML anchors (&name) are not supported; write the value out");
	parse_bad("a: 1\n---\nb: 2\n", 14, 1, "2:1: only one YAML document is allowed here");
	parse_bad("\"unclosed\n", 10, 2,
		  "3:1: found unexpected end of stream while scanning a quoted scalar "
		  "started at line 2");
}

/* n nested flow sequences: "[[...[x]...]]" */
static void nested(cz_buf *b, size_t n)
{
	cz_buf_init(b, 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(cz_buf_addc(b, '[', NULL), CZ_OK);
	assert_int_equal(cz_buf_addc(b, 'x', NULL), CZ_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(cz_buf_addc(b, ']', NULL), CZ_OK);
}

static void depth_cap_both_ways(void **state)
{
	cz_ydoc doc;
	cz_buf b;
	cz_err e;
	char want[128];

	(void)state;
	nested(&b, CZ_YDOC_MAX_DEPTH);
	assert_int_equal(cz_ydoc_parse(&doc, b.data, b.len, 1, &e), CZ_OK);
	assert_int_equal(doc.nodes, CZ_YDOC_MAX_DEPTH + 1);
	cz_ydoc_release(&doc);
	cz_buf_release(&b);
	nested(&b, CZ_YDOC_MAX_DEPTH + 1);
	snprintf(want, sizeof(want), "1:%d: YAML nested deeper than %d levels",
		 CZ_YDOC_MAX_DEPTH + 1, CZ_YDOC_MAX_DEPTH);
	parse_bad(b.data, b.len, 1, want);
	cz_buf_release(&b);
	/* deep block nesting too, and far deeper than the cap */
	nested(&b, 10000);
	assert_int_equal(cz_ydoc_parse(&doc, b.data, b.len, 1, &e), CZ_EDATA);
	tu_assert_err(e, CZ_EDATA, "nested deeper than");
	cz_buf_release(&b);
}

/* A flow list with n scalar items: n + 1 nodes. */
static void wide(cz_buf *b, size_t n)
{
	cz_buf_init(b, 0);
	assert_int_equal(cz_buf_addc(b, '[', NULL), CZ_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(cz_buf_adds(b, i ? ",1" : "1", NULL), CZ_OK);
	assert_int_equal(cz_buf_addc(b, ']', NULL), CZ_OK);
}

static void node_cap_both_ways(void **state)
{
	cz_ydoc doc;
	cz_buf b;
	cz_err e;

	(void)state;
	wide(&b, CZ_YDOC_MAX_NODES - 1);
	assert_int_equal(cz_ydoc_parse(&doc, b.data, b.len, 1, &e), CZ_OK);
	assert_int_equal(doc.nodes, CZ_YDOC_MAX_NODES);
	cz_ydoc_release(&doc);
	cz_buf_release(&b);
	wide(&b, CZ_YDOC_MAX_NODES);
	assert_int_equal(cz_ydoc_parse(&doc, b.data, b.len, 1, &e), CZ_EDATA);
	tu_assert_err(e, CZ_EDATA, "more than 200000 YAML nodes");
	assert_true(!strncmp(e.msg, "1:", 2));
	cz_buf_release(&b);
}

/* Parse "v: TEXT" and return the value node (doc owns it). */
static const cz_ynode *value(cz_ydoc *doc, const char *text)
{
	parse_ok(doc, text, 1);
	return cz_ynode_get(doc->root, "v");
}

static void bool_helper(void **state)
{
	static const char *const yes[] = { "v: true", "v: YES", "v: On", "v: 'true'" };
	static const char *const no[] = { "v: false", "v: No", "v: OFF" };
	cz_ydoc doc;
	cz_err e;
	bool b;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		b = false;
		assert_int_equal(cz_ynode_bool(value(&doc, yes[i]), &b, &e), CZ_OK);
		assert_true(b);
		cz_ydoc_release(&doc);
	}
	for (size_t i = 0; i < 3; i++) {
		b = true;
		assert_int_equal(cz_ynode_bool(value(&doc, no[i]), &b, &e), CZ_OK);
		assert_false(b);
		cz_ydoc_release(&doc);
	}
	assert_int_equal(cz_ynode_bool(value(&doc, "v: 1"), &b, &e), CZ_EDATA);
	assert_string_equal(e.msg, "1:4: expected true or false, found '1'");
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_bool(value(&doc, "v: [true]"), &b, &e), CZ_EDATA);
	assert_string_equal(e.msg, "1:4: expected true or false, found a list");
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_bool(NULL, &b, &e), CZ_EDATA);
	tu_assert_err(e, CZ_EDATA, "found nothing");
}

static void long_helper(void **state)
{
	cz_ydoc doc;
	cz_err e;
	long v = 0;

	(void)state;
	assert_int_equal(cz_ynode_long(value(&doc, "v: 10"), 1, 10, &v, &e), CZ_OK);
	assert_int_equal(v, 10);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_long(value(&doc, "v: 1"), 1, 10, &v, &e), CZ_OK);
	assert_int_equal(v, 1);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_long(value(&doc, "v: -3"), -5, 0, &v, &e), CZ_OK);
	assert_int_equal(v, -3);
	cz_ydoc_release(&doc);
	v = 7;
	assert_int_equal(cz_ynode_long(value(&doc, "v: 11"), 1, 10, &v, &e), CZ_EDATA);
	assert_string_equal(e.msg, "1:4: expected an integer from 1 to 10, found '11'");
	assert_int_equal(v, 7); /* untouched */
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_long(value(&doc, "v: 0"), 1, 10, &v, &e), CZ_EDATA);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_long(value(&doc, "v: 5x"), 1, 10, &v, &e), CZ_EDATA);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_long(value(&doc, "v: 99999999999999999999999"), 0, 10, &v, &e),
			 CZ_EDATA);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_long(value(&doc, "v:"), 0, 10, &v, &e), CZ_EDATA);
	cz_ydoc_release(&doc);
}

static void double_helper(void **state)
{
	cz_ydoc doc;
	cz_err e;
	double d = 0;

	(void)state;
	assert_int_equal(cz_ynode_double(value(&doc, "v: 0.25"), &d, &e), CZ_OK);
	assert_true(d == 0.25);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_double(value(&doc, "v: -3"), &d, &e), CZ_OK);
	assert_true(d == -3.0);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_double(value(&doc, "v: nan"), &d, &e), CZ_EDATA);
	assert_string_equal(e.msg, "1:4: expected a number, found 'nan'");
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_double(value(&doc, "v: inf"), &d, &e), CZ_EDATA);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_double(value(&doc, "v: 1e999"), &d, &e), CZ_EDATA);
	cz_ydoc_release(&doc);
	assert_int_equal(cz_ynode_double(value(&doc, "v: 1.5.2"), &d, &e), CZ_EDATA);
	cz_ydoc_release(&doc);
}

static void size_helper(void **state)
{
	static const struct { const char *text; size_t want; } ok[] = {
		{ "v: 16777216", 16777216 }, { "v: 16MiB", (size_t)16 << 20 },
		{ "v: 512 KiB", 512 * 1024 }, { "v: 2MB", (size_t)2 << 20 },
		{ "v: 1g", (size_t)1 << 30 }, { "v: 7b", 7 }, { "v: 0", 0 },
		{ "v: 3k", 3072 },
	};
	static const char *const bad[] = {
		"v: -1", "v: 16XB", "v: MiB", "v: 1.5MiB", "v: 18446744073709551616",
		"v: 17179869184GiB", "v: \" -5\"", "v: \"+5\"", "v: [1]",
	};
	cz_ydoc doc;
	cz_err e;
	size_t s;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		s = 1;
		if (cz_ynode_size(value(&doc, ok[i].text), &s, &e))
			fail_msg("'%s': %s", ok[i].text, e.msg);
		assert_int_equal(s, ok[i].want);
		cz_ydoc_release(&doc);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s = 1;
		if (cz_ynode_size(value(&doc, bad[i]), &s, &e) != CZ_EDATA)
			fail_msg("'%s' accepted as %zu", bad[i], s);
		assert_int_equal(s, 1);
		cz_ydoc_release(&doc);
	}
	assert_int_equal(cz_ynode_size(value(&doc, "v: 16 parsecs"), &s, &e), CZ_EDATA);
	assert_string_equal(e.msg,
			    "1:4: expected a size such as 16777216 or 16MiB, found '16 parsecs'");
	cz_ydoc_release(&doc);
}

static void null_detection(void **state)
{
	cz_ydoc doc;

	(void)state;
	parse_ok(&doc, "a:\nb: ~\nc: null\nd: NULL\ne: 'null'\nf: \"\"\ng: x\nh: []\n", 1);
	assert_true(cz_ynode_is_null(cz_ynode_get(doc.root, "a")));
	assert_true(cz_ynode_is_null(cz_ynode_get(doc.root, "b")));
	assert_true(cz_ynode_is_null(cz_ynode_get(doc.root, "c")));
	assert_true(cz_ynode_is_null(cz_ynode_get(doc.root, "d")));
	assert_false(cz_ynode_is_null(cz_ynode_get(doc.root, "e"))); /* quoted: a string */
	assert_false(cz_ynode_is_null(cz_ynode_get(doc.root, "f")));
	assert_false(cz_ynode_is_null(cz_ynode_get(doc.root, "g")));
	assert_false(cz_ynode_is_null(cz_ynode_get(doc.root, "h")));
	assert_false(cz_ynode_is_null(NULL));
	cz_ydoc_release(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tree_and_marks),
		cmocka_unit_test(first_line_shifts_marks),
		cmocka_unit_test(block_scalars_and_nul),
		cmocka_unit_test(empty_and_scalar_documents),
		cmocka_unit_test(hostile_input_refused),
		cmocka_unit_test(depth_cap_both_ways),
		cmocka_unit_test(node_cap_both_ways),
		cmocka_unit_test(bool_helper),
		cmocka_unit_test(long_helper),
		cmocka_unit_test(double_helper),
		cmocka_unit_test(size_helper),
		cmocka_unit_test(null_detection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

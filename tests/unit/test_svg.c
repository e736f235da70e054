/*
 * test_svg.c - the SVG writer: accessible chart frame, escaping of every
 * text, heatmap cells (status symbol and word, unknown hatching, low
 * confidence, blank cells, label shortening on UTF-8 boundaries), the line
 * chart (thresholds, gaps at unknown periods, hollow low-confidence
 * markers, the 0..100 scale) and the bars (clamping).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/svg.h"

/* Each test writes into its own page writer, passed as the cmocka state. */
typedef struct fx {
	cz_err err;
	cz_html h;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	cz_html_init(&f->h, &f->err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	assert_int_equal(f->h.rc, CZ_OK);
	cz_html_release(&f->h);
	free(f);
	return 0;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void has(const cz_html *h, const char *needle)
{
	if (!strstr(h->out.data, needle))
		fail_msg("output lacks '%s':\n%s", needle, h->out.data);
}

static void lacks(const cz_html *h, const char *needle)
{
	if (strstr(h->out.data, needle))
		fail_msg("output has '%s':\n%s", needle, h->out.data);
}

static void test_frame_and_escaping(void **state)
{
	cz_html *h = &((fx *)*state)->h;

	cz_svg_begin(h, 200, 100, "chart", "Health of \"A\" <b>", "desc <script>x</script>");
	cz_svg_text(h, 1, 2, "fill=\"#000\"", "</text><script>alert(1)</script>");
	cz_svg_tooltip(h, "\"><img src=x onerror=alert(1)>");
	cz_svg_rect(h, 0.25, 1, 2, 3, "fill=\"red\"");
	cz_svg_end(h);
	has(h, "<svg class=\"chart\" width=\"200\" "
	    "height=\"100\" viewBox=\"0 0 200 100\" role=\"img\" aria-describedby=\"svg1-d\" "
	    "aria-label=\"Health of &quot;A&quot; &lt;b&gt;\"");
	has(h, "<title id=\"svg1-t\">Health of &quot;A&quot; &lt;b&gt;</title>");
	has(h, "<desc id=\"svg1-d\">desc &lt;script&gt;x&lt;/script&gt;</desc>");
	has(h, ">&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;</text>");
	has(h, "<title>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</title>");
	has(h, "<rect x=\"0.2\" y=\"1.0\" width=\"2.0\" height=\"3.0\" fill=\"red\"/>");
	lacks(h, "<script");
	lacks(h, "<img");
	assert_int_equal(count(h->out.data, "<svg"), count(h->out.data, "</svg>"));
}

static void test_heatmap(void **state)
{
	const char *rows[] = { "Alpha <script>alert(1)</script>", "Beta" };
	const char *cols[] = { "2025-Q1", "2025-Q2", "2025-Q3" };
	cz_heat_cell cells[6] = {
		{ CZ_TONE_GREEN, 82, false, "Alpha Q1 <b>" },
		{ CZ_TONE_AMBER, 55, true, NULL },
		{ CZ_TONE_RED, 12, false, NULL },
		{ CZ_TONE_NONE, 0, false, NULL },
		{ CZ_TONE_UNKNOWN, 0, false, "Beta Q2 unknown" },
		{ CZ_TONE_RED, 39.6, true, NULL },
	};

	cz_html *h = &((fx *)*state)->h;

	cz_svg_heatmap(h, rows, 2, cols, 3, cells, "Heatmap", "grid");
	/* Every cell but the NONE one is a group with its status class. */
	assert_int_equal(count(h->out.data, "<g class=\"cell "), 5);
	assert_int_equal(count(h->out.data, "<g class=\"cell st-red\">"), 2);
	has(h, "<g class=\"cell st-unknown\">");
	/* Score with symbol and word, never colour alone. */
	has(h, ">\xE2\x9C\x93 82</text>");
	has(h, ">green</text>");
	has(h, ">! 55</text>");
	has(h, ">amber, low conf.</text>");
	has(h, ">\xE2\x9C\x95 40</text>"); /* 39.6 rounds like the report */
	has(h, ">red, low conf.</text>");
	has(h, ">?</text>");
	has(h, ">unknown</text>");
	has(h, "fill=\"url(#cz-hatch)\"");
	has(h, "<pattern id=\"cz-hatch\"");
	assert_int_equal(count(h->out.data, "stroke-dasharray=\"4 3\""), 2);
	has(h, "stroke-dasharray=\"2 3\""); /* the blank cell's outline */
	has(h, "<title>Alpha Q1 &lt;b&gt;</title>");
	has(h, ">Alpha &lt;script&gt;alert(1)&lt;/script&gt;</text>");
	lacks(h, "<script");
}

static void test_heatmap_long_labels(void **state)
{
	char longname[200] = "";
	const char *cols[] = { "2025-W01" };
	cz_heat_cell cells[1] = { { CZ_TONE_GREEN, 70, false, NULL } };
	const char *rows[1] = { longname };
	const char *p;
	size_t n = 0;

	cz_html *h = &((fx *)*state)->h;

	for (int i = 0; i < 40; i++)
		memcpy(longname + 2 * i, "\xC3\xA9", 3); /* é, two bytes each */
	cz_svg_heatmap(h, rows, 1, cols, 1, cells, "Heatmap", "grid");
	/* Shortened to 34 code points: 33 é then the ellipsis, cut on a boundary. */
	p = strstr(h->out.data, "\xC3\xA9\xE2\x80\xA6</text>");
	assert_non_null(p);
	while (p >= h->out.data + 2 && !memcmp(p - 2, "\xC3\xA9", 2)) {
		p -= 2;
		n++;
	}
	assert_int_equal(n + 1, 33);
	lacks(h, "\xEF\xBF\xBD"); /* nothing was split into invalid UTF-8 */
}

static void test_linechart(void **state)
{
	cz_line_point pts[5] = {
		{ "2025-Q1", true, 100, false },
		{ "2025-Q2", true, 50, true },
		{ "2025-Q3", false, 0, false },
		{ "2025-Q4", true, 0, false },
		{ "<b>Q5</b>", true, 30, false },
	};

	cz_html *h = &((fx *)*state)->h;

	cz_svg_linechart(h, pts, 5, 40, 70, "Health of X", "per quarter");
	has(h, "class=\"chart trend\"");
	has(h, ">green \xE2\x89\xA5 70</text>");
	has(h, ">amber \xE2\x89\xA5 40</text>");
	has(h, ">red below</text>");
	/* The line breaks at the unknown Q3: two polylines of two points. */
	assert_int_equal(count(h->out.data, "<polyline"), 2);
	has(h, "<g class=\"pt unknown\"><title>2025-Q3</title>");
	/* One hollow (low confidence) marker, three filled ones. */
	assert_int_equal(count(h->out.data, "<g class=\"pt low\">"), 1);
	assert_int_equal(count(h->out.data, "<g class=\"pt\">"), 3);
	has(h, "<title>2025-Q2: 50 (low confidence)</title>");
	assert_int_equal(count(h->out.data, "<circle"), 4);
	has(h, "fill=\"#ffffff\" stroke=\"#1f4e79\" stroke-width=\"2.5\"");
	/* Scale: 100 at the top of the plot (y 14), 0 at its bottom (y 174). */
	has(h, "<circle cx=\"88.0\" cy=\"14.0\"");
	has(h, "<circle cx=\"352.0\" cy=\"174.0\"");
	has(h, "&lt;b&gt;Q5&lt;/b&gt;");
	lacks(h, "<b>");
}

static void test_linechart_edges(void **state)
{
	cz_line_point one[3] = {
		{ "a", false, 0, false }, { "b", true, 60, false }, { "c", false, 0, false },
	};

	cz_html *h = &((fx *)*state)->h;

	/* A lone known point between unknowns is a marker, not a line. */
	cz_svg_linechart(h, one, 3, 40, 70, "L", "D");
	assert_int_equal(count(h->out.data, "<polyline"), 0);
	assert_int_equal(count(h->out.data, "<circle"), 1);
	/* No points at all still makes a valid, empty chart. */
	cz_svg_linechart(h, NULL, 0, 40, 70, "L", "D");
	assert_int_equal(count(h->out.data, "<svg"), 2);
	assert_int_equal(count(h->out.data, "</svg>"), 2);
}

static void test_bars(void **state)
{
	const char *names[] = { "context", "outcome", "too_long_component_name", "nan" };
	double values[] = { 50, 150, -5, NAN };

	cz_html *h = &((fx *)*state)->h;

	cz_svg_bars(h, names, values, 4, "Components", "context 50");
	has(h, "class=\"chart bars\"");
	/* The track is 260 wide: 50 -> 130, 150 -> clamped to 260, -5 and NaN -> 0. */
	has(h, "width=\"130.0\" height=\"16.0\" fill=\"#1f4e79\"");
	has(h, "width=\"260.0\" height=\"16.0\" fill=\"#1f4e79\"");
	assert_int_equal(count(h->out.data, "width=\"0.0\" height=\"16.0\" fill=\"#1f4e79\""), 2);
	has(h, ">100</text>");
	assert_int_equal(count(h->out.data, ">0</text>"), 2);
	has(h, ">too_long_compo\xE2\x80\xA6</text>");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frame_and_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heatmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heatmap_long_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linechart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linechart_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bars, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_html.c - HTML escaping (markup characters, controls, invalid and
 * valid UTF-8) and the sticky-error page writer (skeleton, CSP, ids).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/html.h"

/* cz_html_escape(s) as a string the caller frees. */
static char *esc(const char *s)
{
	cz_buf b = CZ_BUF_INIT;
	cz_err err = { CZ_OK, "" };

	assert_int_equal(cz_html_escape(&b, s, &err), CZ_OK);
	return cz_buf_detach(&b, NULL);
}

static void expect_esc(const char *in, const char *want)
{
	char *got = esc(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_markup_characters(void **state)
{
	(void)state;
	expect_esc("", "");
	expect_esc("plain text", "plain text");
	expect_esc("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect_esc("\"><img src=x onerror=alert(1)>",
		   "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	expect_esc("a & b 'q'", "a &amp; b &#39;q&#39;");
	/* An existing entity is text, not markup: escaped again. */
	expect_esc("&lt;", "&amp;lt;");
	expect_esc("</title><style>", "&lt;/title&gt;&lt;style&gt;");
}

static void test_controls_and_utf8(void **state)
{
	(void)state;
	/* TAB and LF pass; other C0, DEL and C1 controls become U+FFFD. */
	expect_esc("a\tb\nc", "a\tb\nc");
	expect_esc("a\rb\x1b[31m", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD[31m");
	expect_esc("x\x7fy", "x\xEF\xBF\xBDy");
	expect_esc("x\xC2\x85y", "x\xEF\xBF\xBDy"); /* NEL, a C1 control */
	/* Valid multi-byte text is kept as is. */
	expect_esc("Zoë → ✓ 😀", "Zoë → ✓ 😀");
	/* Invalid UTF-8: a lone continuation byte, a truncated sequence, an
	 * overlong '<' (C0 BC), a surrogate (ED A0 80), beyond U+10FFFF. */
	expect_esc("a\x80z", "a\xEF\xBF\xBDz");
	expect_esc("a\xE2\x9C", "a\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_esc("\xC0\xBCscript", "\xEF\xBF\xBD\xEF\xBF\xBDscript");
	expect_esc("\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_esc("\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_esc("\xE0\x80\xBC", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong */
}

static void test_page(void **state)
{
	cz_err err = { CZ_OK, "" };
	cz_html h;
	char *page;

	(void)state;
	cz_html_init(&h, &err);
	cz_html_begin(&h, "Health <b>&</b>", "body{color:#000}\n");
	cz_html_elem(&h, "p", "class=\"x\"", "<i>hi</i>");
	cz_html_raw(&h, "<br>");
	cz_html_text(&h, NULL); /* writes nothing */
	assert_int_equal(cz_html_id(&h), 1);
	assert_int_equal(cz_html_id(&h), 2);
	cz_html_end(&h);
	assert_int_equal(h.rc, CZ_OK);
	page = h.out.data;
	assert_non_null(strstr(page, "<!DOCTYPE html>\n<html lang=\"en\">"));
	assert_non_null(strstr(page, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(page, "http-equiv=\"Content-Security-Policy\" content=\""
			       "default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
	assert_null(strstr(page, "script-src"));
	assert_non_null(strstr(page, "<title>Health &lt;b&gt;&amp;&lt;/b&gt;</title>"));
	assert_non_null(strstr(page, "<style>\nbody{color:#000}\n</style>"));
	assert_non_null(strstr(page, "<p class=\"x\">&lt;i&gt;hi&lt;/i&gt;</p><br>"));
	assert_non_null(strstr(page, "</body>\n</html>\n"));
	cz_html_release(&h);
}

static void test_sticky_error(void **state)
{
	cz_err err = { CZ_OK, "" };
	cz_html h;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	cz_html_init(&h, &err);
	cz_html_raw(&h, "<p>");
	/* After a failure every call is a no-op and write reports it. */
	h.rc = cz_err_set(&err, CZ_ENOMEM, "out of memory");
	cz_html_text(&h, "more");
	cz_html_rawf(&h, "%d", 42);
	assert_string_equal(h.out.data, "<p>");
	assert_int_equal(cz_html_write(&h, f), CZ_ENOMEM);
	assert_int_equal(ftell(f), 0);
	cz_html_release(&h);
	fclose(f);
}

static void test_write(void **state)
{
	cz_err err = { CZ_OK, "" };
	cz_html h;
	char got[64] = "";
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	cz_html_init(&h, &err);
	cz_html_rawf(&h, "<p>%d</p>", 7);
	assert_int_equal(cz_html_write(&h, f), CZ_OK);
	rewind(f);
	assert_non_null(fgets(got, sizeof(got), f));
	assert_string_equal(got, "<p>7</p>");
	cz_html_release(&h);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markup_characters),
		cmocka_unit_test(test_controls_and_utf8),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_sticky_error),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

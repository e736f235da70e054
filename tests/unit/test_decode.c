/*
 * test_decode.c - raw bytes to LF-only UTF-8: BOMs, UTF-16 (pairs, odd
 * length, lone surrogates), line ends with line numbers preserved, the
 * exact byte offsets in "invalid UTF-8 at byte N" and "binary file (NUL
 * byte at byte N)", and the windows-1252 code page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/decode.h"
#include "testutil.h"

/* Decode raw[0..len) expecting success; returns the text in b (caller releases). */
static void decode_ok(const char *raw, size_t len, const char *cp, cz_buf *b,
		      cz_encoding want_enc)
{
	cz_encoding enc = (cz_encoding)-1;
	cz_err e;
	cz_rc rc;

	tu_err_poison(&e);
	cz_buf_init(b, 0);
	rc = cz_decode(raw, len, cp, b, &enc, &e);
	if (rc)
		fail_msg("decode failed: %s", e.msg);
	tu_assert_untouched(e);
	assert_int_equal(enc, want_enc);
	assert_int_equal(strlen(b->data), b->len); /* no NUL inside */
}

/* Decode expecting failure with code and message. */
static void decode_bad(const char *raw, size_t len, const char *cp, cz_rc code,
		       const char *msg)
{
	cz_buf b;
	cz_err e;

	cz_buf_init(&b, 0);
	assert_int_equal(cz_decode(raw, len, cp, &b, NULL, &e), code);
	assert_int_equal(e.code, code);
	if (strcmp(e.msg, msg))
		fail_msg("got '%s', want '%s'", e.msg, msg);
	cz_buf_release(&b);
}

#define RAW(s) s, sizeof(s) - 1

static void plain_utf8_passes_through(void **state)
{
	cz_buf b;

	(void)state;
	decode_ok(RAW("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"), NULL, &b, CZ_ENC_UTF8);
	assert_string_equal(b.data, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n");
	cz_buf_release(&b);
	decode_ok("", 0, NULL, &b, CZ_ENC_UTF8);
	assert_int_equal(b.len, 0);
	cz_buf_release(&b);
}

static void utf8_bom_is_stripped(void **state)
{
	cz_buf b;

	(void)state;
	decode_ok(RAW("\xef\xbb\xbf# Title\n"), NULL, &b, CZ_ENC_UTF8_BOM);
	assert_string_equal(b.data, "# Title\n");
	cz_buf_release(&b);
	decode_ok(RAW("\xef\xbb\xbf"), NULL, &b, CZ_ENC_UTF8_BOM);
	assert_string_equal(b.data, "");
	cz_buf_release(&b);
	/* two bytes of a BOM are not a BOM: invalid UTF-8 at byte 0 */
	decode_bad(RAW("\xef\xbb"), NULL, CZ_EDATA, "invalid UTF-8 at byte 0");
	/* offsets after a BOM count the BOM's three bytes */
	decode_bad(RAW("\xef\xbb\xbf" "ab\xff"), NULL, CZ_EDATA, "invalid UTF-8 at byte 5");
}

static void invalid_utf8_offsets(void **state)
{
	(void)state;
	decode_bad(RAW("abc\x80"), NULL, CZ_EDATA, "invalid UTF-8 at byte 3");
	decode_bad(RAW("\xc3"), NULL, CZ_EDATA, "invalid UTF-8 at byte 0");   /* truncated */
	decode_bad(RAW("ab\xe2\x82"), NULL, CZ_EDATA, "invalid UTF-8 at byte 2");
	decode_bad(RAW("x\xc0\x80"), NULL, CZ_EDATA, "invalid UTF-8 at byte 1"); /* overlong */
	decode_bad(RAW("xy\xe0\x80\x80"), NULL, CZ_EDATA, "invalid UTF-8 at byte 2");
	decode_bad(RAW("\xed\xa0\x80"), NULL, CZ_EDATA, "invalid UTF-8 at byte 0"); /* surrogate */
	decode_bad(RAW("\xf4\x90\x80\x80"), NULL, CZ_EDATA, "invalid UTF-8 at byte 0"); /* >10FFFF */
	decode_bad(RAW("ok\xf8\x88\x80\x80\x80"), NULL, CZ_EDATA, "invalid UTF-8 at byte 2");
	decode_bad(RAW("\xc3\xa9\xc3("), NULL, CZ_EDATA, "invalid UTF-8 at byte 2");
	/* latin-1 without a configured code page is refused, never guessed */
	decode_bad(RAW("caf\xe9"), NULL, CZ_EDATA, "invalid UTF-8 at byte 3");
	decode_bad(RAW("caf\xe9"), "", CZ_EDATA, "invalid UTF-8 at byte 3");
}

static void utf8_validator_boundaries(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_true(cz_utf8_valid(RAW("\x7f"), &bad));
	assert_true(cz_utf8_valid(RAW("\xc2\x80"), &bad));          /* U+0080 */
	assert_false(cz_utf8_valid(RAW("\xc1\xbf"), &bad));         /* overlong U+007F */
	assert_true(cz_utf8_valid(RAW("\xe0\xa0\x80"), &bad));      /* U+0800 */
	assert_false(cz_utf8_valid(RAW("\xe0\x9f\xbf"), &bad));     /* overlong U+07FF */
	assert_true(cz_utf8_valid(RAW("\xed\x9f\xbf"), &bad));      /* U+D7FF */
	assert_false(cz_utf8_valid(RAW("\xed\xbf\xbf"), &bad));     /* U+DFFF */
	assert_true(cz_utf8_valid(RAW("\xee\x80\x80"), &bad));      /* U+E000 */
	assert_true(cz_utf8_valid(RAW("\xf0\x90\x80\x80"), &bad));  /* U+10000 */
	assert_false(cz_utf8_valid(RAW("\xf0\x8f\xbf\xbf"), &bad)); /* overlong */
	assert_true(cz_utf8_valid(RAW("\xf4\x8f\xbf\xbf"), &bad));  /* U+10FFFF */
	assert_false(cz_utf8_valid(RAW("\xf4\x90\x80\x80"), &bad));
	bad = 99;
	assert_false(cz_utf8_valid(RAW("abcd\xf0\x9f\x98"), &bad)); /* cut at the end */
	assert_int_equal(bad, 4);
	assert_true(cz_utf8_valid("", 0, NULL));
	assert_false(cz_utf8_valid(RAW("\xff"), NULL)); /* bad may be NULL */
	assert_int_equal(cz_utf8_count(RAW("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")), 4);
	assert_int_equal(cz_utf8_count("", 0), 0);
	/* ASCII is checked eight bytes at a time: a bad byte or a cut
	 * sequence is found at every offset and length around a word. */
	for (size_t len = 1; len <= 24; len++) {
		for (size_t at = 0; at < len; at++) {
			char buf[32];
			memset(buf, 'a', sizeof(buf));
			buf[at] = '\xff';
			bad = 99;
			assert_false(cz_utf8_valid(buf, len, &bad));
			assert_int_equal(bad, at);
			buf[at] = '\xc3';
			bad = 99;
			assert_false(cz_utf8_valid(buf, at + 1, &bad));
			assert_int_equal(bad, at);
			buf[at + 1 < sizeof(buf) ? at + 1 : at] = '\xa9';
			assert_true(cz_utf8_valid(buf, len + 1, NULL));
		}
	}
}

static void nul_bytes_are_binary(void **state)
{
	(void)state;
	decode_bad(RAW("ab\0c"), NULL, CZ_EDATA, "binary file (NUL byte at byte 2)");
	decode_bad(RAW("\0"), NULL, CZ_EDATA, "binary file (NUL byte at byte 0)");
	/* after a BOM the offset is still the file's */
	decode_bad(RAW("\xef\xbb\xbfxy\0"), NULL, CZ_EDATA, "binary file (NUL byte at byte 5)");
	/* a NUL wins over invalid UTF-8 that comes before it */
	decode_bad(RAW("\xff\0"), NULL, CZ_EDATA, "binary file (NUL byte at byte 1)");
	decode_bad(RAW("caf\xe9\0"), "windows-1252", CZ_EDATA,
		   "binary file (NUL byte at byte 4)");
}

static size_t count_lf(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static void line_ends_become_lf(void **state)
{
	cz_buf b;

	(void)state;
	decode_ok(RAW("a\r\nb\r\nc"), NULL, &b, CZ_ENC_UTF8);
	assert_string_equal(b.data, "a\nb\nc");
	cz_buf_release(&b);
	decode_ok(RAW("a\rb\rc\r"), NULL, &b, CZ_ENC_UTF8);
	assert_string_equal(b.data, "a\nb\nc\n");
	cz_buf_release(&b);
	/* mixed: each line end is exactly one LF, so line N stays line N */
	decode_ok(RAW("1\r\n2\r3\n4\r\r\n6\n\r7"), NULL, &b, CZ_ENC_UTF8);
	assert_string_equal(b.data, "1\n2\n3\n4\n\n6\n\n7");
	assert_int_equal(count_lf(b.data, b.len), 7);
	cz_buf_release(&b);
	decode_ok(RAW("\r\n"), NULL, &b, CZ_ENC_UTF8);
	assert_string_equal(b.data, "\n");
	cz_buf_release(&b);
	decode_ok(RAW("\xef\xbb\xbf\r\r"), NULL, &b, CZ_ENC_UTF8_BOM);
	assert_string_equal(b.data, "\n\n");
	cz_buf_release(&b);
}

static void decode_appends(void **state)
{
	cz_buf b;
	cz_err e;

	(void)state;
	cz_buf_init(&b, 0);
	assert_int_equal(cz_buf_adds(&b, "head|", &e), CZ_OK);
	assert_int_equal(cz_decode(RAW("x\r\ny"), NULL, &b, NULL, &e), CZ_OK);
	assert_string_equal(b.data, "head|x\ny");
	cz_buf_release(&b);
	/* the output cap is honoured */
	cz_buf_init(&b, 3);
	assert_int_equal(cz_decode(RAW("abcd"), NULL, &b, NULL, &e), CZ_ELIMIT);
	cz_buf_release(&b);
}

static void utf16le_with_bom(void **state)
{
	cz_buf b;

	(void)state;
	/* "Aé\r\nB" + U+1F600 (surrogate pair D83D DE00) */
	decode_ok(RAW("\xff\xfe" "A\0" "\xe9\0" "\r\0\n\0" "B\0" "\x3d\xd8\x00\xde"), NULL, &b,
		  CZ_ENC_UTF16LE);
	assert_string_equal(b.data, "A\xc3\xa9\nB\xf0\x9f\x98\x80");
	cz_buf_release(&b);
	/* CR-only in UTF-16 */
	decode_ok(RAW("\xff\xfe" "a\0\r\0b\0"), NULL, &b, CZ_ENC_UTF16LE);
	assert_string_equal(b.data, "a\nb");
	cz_buf_release(&b);
	/* BOM alone; U+20AC (3 UTF-8 bytes) and U+FFFF */
	decode_ok(RAW("\xff\xfe"), NULL, &b, CZ_ENC_UTF16LE);
	assert_string_equal(b.data, "");
	cz_buf_release(&b);
	decode_ok(RAW("\xff\xfe\xac\x20\xff\xff"), NULL, &b, CZ_ENC_UTF16LE);
	assert_string_equal(b.data, "\xe2\x82\xac\xef\xbf\xbf");
	cz_buf_release(&b);
}

static void utf16be_with_bom(void **state)
{
	cz_buf b;

	(void)state;
	decode_ok(RAW("\xfe\xff" "\0H\0i\0\r\0\n" "\xd8\x3d\xde\x00"), NULL, &b, CZ_ENC_UTF16BE);
	assert_string_equal(b.data, "Hi\n\xf0\x9f\x98\x80");
	cz_buf_release(&b);
	decode_bad(RAW("\xfe\xff\0a\xdc\x00"), NULL, CZ_EDATA, "invalid UTF-16 at byte 4");
}

static void utf16_errors(void **state)
{
	(void)state;
	decode_bad(RAW("\xff\xfe" "A\0B"), NULL, CZ_EDATA,
		   "invalid UTF-16 at byte 4 (odd length)");
	decode_bad(RAW("\xff\xfe" "A"), NULL, CZ_EDATA, "invalid UTF-16 at byte 2 (odd length)");
	/* high surrogate at the very end */
	decode_bad(RAW("\xff\xfe" "A\0" "\x3d\xd8"), NULL, CZ_EDATA, "invalid UTF-16 at byte 4");
	/* high surrogate followed by an ordinary unit */
	decode_bad(RAW("\xff\xfe" "\x3d\xd8" "A\0"), NULL, CZ_EDATA, "invalid UTF-16 at byte 2");
	/* two high surrogates */
	decode_bad(RAW("\xff\xfe" "\x3d\xd8\x3d\xd8"), NULL, CZ_EDATA, "invalid UTF-16 at byte 2");
	/* lone low surrogate */
	decode_bad(RAW("\xff\xfe" "a\0b\0" "\x00\xde"), NULL, CZ_EDATA, "invalid UTF-16 at byte 6");
	/* high surrogate then a dangling odd byte */
	decode_bad(RAW("\xff\xfe" "\x3d\xd8" "\x00"), NULL, CZ_EDATA, "invalid UTF-16 at byte 2");
	/* a NUL code unit */
	decode_bad(RAW("\xff\xfe" "a\0\0\0"), NULL, CZ_EDATA, "binary file (NUL byte at byte 4)");
	decode_bad(RAW("\xfe\xff" "\0\0"), NULL, CZ_EDATA, "binary file (NUL byte at byte 2)");
}

static void windows_1252_codepage(void **state)
{
	cz_buf b;

	(void)state;
	/* é = E9, € = 80, curly quotes 93/94, CRLF */
	decode_ok(RAW("caf\xe9 \x80 \x93q\x94\r\nx"), "windows-1252", &b, CZ_ENC_CODEPAGE);
	assert_string_equal(b.data, "caf\xc3\xa9 \xe2\x82\xac \xe2\x80\x9cq\xe2\x80\x9d\nx");
	cz_buf_release(&b);
	/* valid UTF-8 stays UTF-8 even with a code page configured */
	decode_ok(RAW("caf\xc3\xa9\r\n"), "windows-1252", &b, CZ_ENC_UTF8);
	assert_string_equal(b.data, "caf\xc3\xa9\n");
	cz_buf_release(&b);
	/* bytes windows-1252 leaves undefined */
	decode_bad(RAW("ab\x81"), "windows-1252", CZ_EDATA,
		   "cannot convert from windows-1252 at byte 2");
	decode_bad(RAW("x\xe9"), "no-such-codepage", CZ_EUSAGE,
		   "unknown encoding 'no-such-codepage'");
	/* a UTF-8 BOM promises UTF-8: the code page is not a fallback then */
	decode_bad(RAW("\xef\xbb\xbf\xe9"), "windows-1252", CZ_EDATA, "invalid UTF-8 at byte 3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_utf8_passes_through),
		cmocka_unit_test(utf8_bom_is_stripped),
		cmocka_unit_test(invalid_utf8_offsets),
		cmocka_unit_test(utf8_validator_boundaries),
		cmocka_unit_test(nul_bytes_are_binary),
		cmocka_unit_test(line_ends_become_lf),
		cmocka_unit_test(decode_appends),
		cmocka_unit_test(utf16le_with_bom),
		cmocka_unit_test(utf16be_with_bom),
		cmocka_unit_test(utf16_errors),
		cmocka_unit_test(windows_1252_codepage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

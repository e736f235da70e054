/*
 * decode.h - raw file bytes to the text every later stage sees.
 *
 * The pipeline works on one representation: UTF-8, no BOM, no NUL bytes,
 * LF line ends. Decoding strips a UTF-8 BOM, transcodes UTF-16 LE/BE (with
 * a BOM) and, for calendar exports, a configured single-byte code page, and
 * turns CRLF and lone CR into LF. Because each line end becomes exactly one
 * LF, line N of the decoded text is line N of the file.
 *
 * Nothing is ever guessed or silently replaced: invalid input is refused
 * with the byte offset (0-based, in the original file) of the first problem.
 */
#ifndef CZ_DECODE_H
#define CZ_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/buf.h"
#include "coalesce/err.h"

typedef enum cz_encoding {
	CZ_ENC_UTF8,
	CZ_ENC_UTF8_BOM,
	CZ_ENC_UTF16LE,
	CZ_ENC_UTF16BE,
	CZ_ENC_CODEPAGE
} cz_encoding;

/*
 * Decode raw[0..len) into out (appended). Encoding comes from the BOM;
 * without one the bytes must be UTF-8 unless `codepage` names a
 * single-byte encoding known to iconv (e.g. "windows-1252"), used only
 * when the bytes are not valid UTF-8. Errors (CZ_EDATA):
 *   "invalid UTF-8 at byte N", "binary file (NUL byte at byte N)",
 *   "invalid UTF-16 at byte N", "cannot convert from CODEPAGE at byte N".
 * *enc (optional) reports what was found.
 */
cz_rc cz_decode(const char *raw, size_t len, const char *codepage, cz_buf *out,
		cz_encoding *enc, cz_err *err);

/* Validate UTF-8 (no overlongs, no surrogates); *bad = first bad byte. */
bool cz_utf8_valid(const char *s, size_t len, size_t *bad);

/* Number of code points in s[0..len) (valid UTF-8 assumed). */
size_t cz_utf8_count(const char *s, size_t len);

#endif

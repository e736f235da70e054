/*
 * decode.c - BOM sniffing, UTF-16 and code-page transcoding, UTF-8
 * validation and line-end normalisation (see decode.h for the contract).
 *
 * The common case (UTF-8 with LF ends) costs one memchr for NUL, one
 * validation pass and one memcpy. UTF-16 is transcoded by hand (it is a few
 * lines and needs exact error offsets); single-byte code pages go through
 * iconv from the C library, which is only ever called from here.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "coalesce/decode.h"

bool cz_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t n;
		uint32_t cp, min;

		if (c < 0x80) {
			uint64_t w;
			/* ASCII, eight bytes at a time */
			while (i + 8 <= len && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080u)))
				i += 8;
			if (i < len && p[i] < 0x80)
				i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			n = 1; cp = c & 0x1Fu; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2; cp = c & 0x0Fu; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3; cp = c & 0x07u; min = 0x10000;
		} else {
			goto fail;
		}
		if (len - i <= n)
			goto fail;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				goto fail;
			cp = (cp << 6) | (p[i + k] & 0x3Fu);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto fail;
		i += n + 1;
	}
	return true;
fail:
	if (bad)
		*bad = i;
	return false;
}

size_t cz_utf8_count(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Append s[0..len) to out with CRLF and lone CR turned into LF. */
static cz_rc add_normalised(cz_buf *out, const char *s, size_t len, cz_err *err)
{
	const char *cr = memchr(s, '\r', len);
	cz_rc rc;

	if (!cr)
		return cz_buf_add(out, s, len, err);
	rc = cz_buf_grow(out, len, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\r') {
			c = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		}
		out->data[out->len++] = c;
	}
	out->data[out->len] = '\0';
	return CZ_OK;
}

static size_t put_utf8(char *dst, uint32_t cp)
{
	if (cp < 0x80) {
		dst[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		dst[0] = (char)(0xC0 | (cp >> 6));
		dst[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		dst[0] = (char)(0xE0 | (cp >> 12));
		dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		dst[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	dst[0] = (char)(0xF0 | (cp >> 18));
	dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	dst[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static cz_rc decode_utf16(const unsigned char *p, size_t len, bool le, cz_buf *out,
			  cz_err *err)
{
	cz_buf tmp;
	cz_rc rc;
	size_t i;

	/* Each code unit yields at most 3 bytes (a pair yields 4 for 2 units). */
	cz_buf_init(&tmp, 0);
	rc = cz_buf_grow(&tmp, len / 2 * 3 + 4, err);
	if (rc)
		return rc;
	for (i = 2; i + 1 < len; i += 2) {
		uint32_t u = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);
		size_t at = i;
		if (u == 0) {
			cz_buf_release(&tmp);
			return cz_err_set(err, CZ_EDATA, "binary file (NUL byte at byte %zu)", at);
		}
		if (u >= 0xD800 && u <= 0xDBFF) {
			uint32_t lo;
			if (i + 3 >= len)
				goto bad;
			lo = le ? (uint32_t)(p[i + 2] | p[i + 3] << 8)
				: (uint32_t)(p[i + 2] << 8 | p[i + 3]);
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			goto bad;
		}
		tmp.len += put_utf8(tmp.data + tmp.len, u);
		continue;
bad:
		cz_buf_release(&tmp);
		return cz_err_set(err, CZ_EDATA, "invalid UTF-16 at byte %zu", at);
	}
	if (i < len) {
		cz_buf_release(&tmp);
		return cz_err_set(err, CZ_EDATA, "invalid UTF-16 at byte %zu (odd length)", i);
	}
	tmp.data[tmp.len] = '\0';
	rc = add_normalised(out, tmp.data, tmp.len, err);
	cz_buf_release(&tmp);
	return rc;
}

static cz_rc decode_codepage(const char *raw, size_t len, const char *codepage,
			     cz_buf *out, cz_err *err)
{
	iconv_t cd = iconv_open("UTF-8", codepage);
	cz_buf tmp;
	char *in = (char *)(uintptr_t)raw; /* iconv's API is not const-correct */
	size_t inleft = len;
	cz_rc rc;

	if (cd == (iconv_t)-1)
		return cz_err_set(err, CZ_EUSAGE, "unknown encoding '%s'", codepage);
	cz_buf_init(&tmp, 0);
	rc = cz_buf_grow(&tmp, len * 4 + 1, err);
	if (!rc) {
		char *o = tmp.data;
		size_t oleft = len * 4;
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1)
			rc = cz_err_set(err, CZ_EDATA, "cannot convert from %s at byte %zu",
					codepage, len - inleft);
		else
			tmp.len = len * 4 - oleft;
		tmp.data[tmp.len] = '\0';
	}
	iconv_close(cd);
	if (!rc) {
		const char *nul = memchr(tmp.data, '\0', tmp.len);
		if (nul)
			rc = cz_err_set(err, CZ_EDATA, "binary file (NUL byte)");
		else
			rc = add_normalised(out, tmp.data, tmp.len, err);
	}
	cz_buf_release(&tmp);
	return rc;
}

cz_rc cz_decode(const char *raw, size_t len, const char *codepage, cz_buf *out,
		cz_encoding *enc, cz_err *err)
{
	const unsigned char *p = (const unsigned char *)raw;
	const char *nul;
	size_t bad, skip = 0;

	if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		if (enc)
			*enc = CZ_ENC_UTF16LE;
		return decode_utf16(p, len, true, out, err);
	}
	if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		if (enc)
			*enc = CZ_ENC_UTF16BE;
		return decode_utf16(p, len, false, out, err);
	}
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		skip = 3;
	nul = memchr(raw, '\0', len);
	if (nul)
		return cz_err_set(err, CZ_EDATA, "binary file (NUL byte at byte %zu)",
				  (size_t)(nul - raw));
	if (!cz_utf8_valid(raw + skip, len - skip, &bad)) {
		if (codepage && *codepage && !skip) {
			if (enc)
				*enc = CZ_ENC_CODEPAGE;
			return decode_codepage(raw, len, codepage, out, err);
		}
		return cz_err_set(err, CZ_EDATA, "invalid UTF-8 at byte %zu", bad + skip);
	}
	if (enc)
		*enc = skip ? CZ_ENC_UTF8_BOM : CZ_ENC_UTF8;
	return add_normalised(out, raw + skip, len - skip, err);
}

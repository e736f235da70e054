/*
 * fold.c - comparison keys for names and titles (see fold.h).
 *
 * One pass over the UTF-8 input: each code point becomes either key text
 * (lowercased, accents removed by table for U+00C0..U+017F) or a
 * separator; runs of separators become one space. Title keys then look at
 * the first and last few words for a date. Tables cover the scripts the
 * supported Outlook locales write names in (Latin and Cyrillic).
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "coalesce/fold.h"

/* Base letters for U+00C0..U+00FF ('\0': a separator, '*': see multi). */
static const char latin1[64 + 1] =
	"aaaaaa*ceeeeiiiidnooooo\0ouuuuy**"
	"aaaaaa*ceeeeiiiidnooooo\0ouuuuy*y";
/* Base letters for U+0100..U+017F ('*': see multi). */
static const char latin_ext_a[128 + 1] =
	"aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii**jjkkklllllll"
	"lllnnnnnnnnnoooo" "oo**rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

static const char *multi(uint32_t cp)
{
	switch (cp) {
	case 0xC6: case 0xE6: return "ae";
	case 0xDE: case 0xFE: return "th";
	case 0xDF: return "ss";
	case 0x132: case 0x133: return "ij";
	case 0x152: case 0x153: return "oe";
	default: return "";
	}
}

/* Decode one code point at s[*i] (valid UTF-8 assumed; a bad byte is
 * taken as itself so that nothing is ever read past len). */
static uint32_t next_cp(const unsigned char *s, size_t len, size_t *i, size_t *n)
{
	unsigned char c = s[*i];
	size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
	uint32_t cp = k == 1 ? c : k == 2 ? c & 0x1Fu : k == 3 ? c & 0x0Fu : c & 0x07u;

	if (*i + k > len)
		k = 1;
	for (size_t j = 1; j < k; j++)
		cp = (cp << 6) | (s[*i + j] & 0x3Fu);
	*n = k;
	*i += k;
	return cp;
}

static bool is_separator(uint32_t cp)
{
	if (cp < 0x80)
		return !isalnum((int)cp);
	return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	       (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
}

static cz_rc put_cp(cz_buf *out, uint32_t cp, cz_err *err)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return cz_buf_add(out, b, n, err);
}

/* Lowercase and de-accent one code point into out. */
static cz_rc fold_cp(cz_buf *out, uint32_t cp, cz_err *err)
{
	char c = 0;

	if (cp < 0x80)
		return cz_buf_addc(out, (char)tolower((int)cp), err);
	if (cp >= 0xC0 && cp <= 0xFF)
		c = latin1[cp - 0xC0];
	else if (cp >= 0x100 && cp <= 0x17F)
		c = latin_ext_a[cp - 0x100];
	if (c == '*')
		return cz_buf_adds(out, multi(cp), err);
	if (c)
		return cz_buf_addc(out, c, err);
	if (cp >= 0x410 && cp <= 0x42F) /* Cyrillic capitals */
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40F)
		cp += 0x50;
	if (cp == 0x451) /* ё is often written е */
		cp = 0x435;
	return put_cp(out, cp, err);
}

cz_rc cz_fold_key(const char *s, size_t len, cz_buf *out, cz_err *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = out->len;
	bool gap = false;

	while (i < len) {
		size_t n;
		uint32_t cp = next_cp(p, len, &i, &n);
		cz_rc rc;

		if (is_separator(cp)) {
			gap = true;
			continue;
		}
		if (gap && out->len > start && (rc = cz_buf_addc(out, ' ', err)))
			return rc;
		gap = false;
		rc = fold_cp(out, cp, err);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

bool cz_fold_swapped(const char *s, size_t len, cz_buf *out, cz_err *err)
{
	const char *comma = memchr(s, ',', len);
	size_t at, mark = out->len;
	cz_buf last, first;
	bool ok;

	if (!comma)
		return false;
	at = (size_t)(comma - s);
	if (memchr(comma + 1, ',', len - at - 1))
		return false;
	cz_buf_init(&last, 0);
	cz_buf_init(&first, 0);
	ok = !cz_fold_key(s, at, &last, err) && !cz_fold_key(comma + 1, len - at - 1, &first, err) &&
	     last.len && first.len && !cz_buf_add(out, first.data, first.len, err) &&
	     !cz_buf_addc(out, ' ', err) && !cz_buf_add(out, last.data, last.len, err);
	if (!ok) {
		out->len = mark;
		out->data[mark] = '\0';
	}
	cz_buf_release(&last);
	cz_buf_release(&first);
	return ok;
}

/* --- dates at either end of a title key -------------------------------- */

enum { T_WORD, T_MONTH, T_DAY, T_YEAR, T_NUM, T_YMD };

static int token_kind(const char *w, size_t n)
{
	static const char *const months[] = {
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "sept",
	};
	size_t d = 0;

	while (d < n && isdigit((unsigned char)w[d]))
		d++;
	if (d == n && n == 4 && (w[0] == '1' || w[0] == '2'))
		return T_YEAR;
	if (d == n && n == 8 && (w[0] == '1' || w[0] == '2'))
		return T_YMD;
	if (d == n && n <= 2)
		return T_NUM;
	if (d >= 1 && d <= 2 && n == d + 2 &&
	    (!memcmp(w + d, "st", 2) || !memcmp(w + d, "nd", 2) || !memcmp(w + d, "rd", 2) ||
	     !memcmp(w + d, "th", 2)))
		return T_DAY;
	if (d)
		return T_WORD;
	for (size_t i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
		size_t m = strlen(months[i]);
		if ((n == m || (n == 3 && m > 3)) && !memcmp(w, months[i], n))
			return T_MONTH;
	}
	return T_WORD;
}

static bool dayish(int k)
{
	return k == T_DAY || k == T_NUM;
}

/* How many of the tokens k[0..n) (in reading order) form a date at the
 * start of the sequence; 0 if none. */
static size_t date_len(const int *k, size_t n)
{
	if (n >= 1 && k[0] == T_YMD)
		return 1;
	if (n >= 3) {
		if ((k[0] == T_MONTH && dayish(k[1]) && k[2] == T_YEAR) ||
		    (dayish(k[0]) && k[1] == T_MONTH && k[2] == T_YEAR) ||
		    (k[0] == T_YEAR && k[1] == T_NUM && k[2] == T_NUM) ||
		    (k[0] == T_NUM && k[1] == T_NUM && k[2] == T_YEAR))
			return 3;
	}
	if (n >= 2 && ((k[0] == T_MONTH && (dayish(k[1]) || k[1] == T_YEAR)) ||
		       (dayish(k[0]) && k[1] == T_MONTH)))
		return 2;
	return 0;
}

#define MAX_EDGE 3

cz_rc cz_fold_title(const char *s, size_t len, cz_buf *out, cz_err *err)
{
	size_t start = out->len, ws[64], we[64], nw = 0, from, to, cut;
	int k[MAX_EDGE];
	cz_rc rc = cz_fold_key(s, len, out, err);

	if (rc)
		return rc;
	for (size_t i = start; i < out->len && nw < 64;) {
		size_t j = i;
		while (j < out->len && out->data[j] != ' ')
			j++;
		ws[nw] = i;
		we[nw++] = j;
		i = j + 1;
	}
	if (nw < 2 || nw == 64)
		return CZ_OK;
	from = 0;
	to = nw;
	/* Leading date. */
	for (size_t i = 0; i < MAX_EDGE && i < nw; i++)
		k[i] = token_kind(out->data + ws[i], we[i] - ws[i]);
	cut = date_len(k, nw < MAX_EDGE ? nw : MAX_EDGE);
	if (cut && cut < nw) {
		from = cut;
	} else {
		/* Trailing date: try the longest form first. */
		for (size_t m = MAX_EDGE; m >= 1; m--) {
			if (m >= nw)
				continue;
			for (size_t i = 0; i < m; i++)
				k[i] = token_kind(out->data + ws[nw - m + i], we[nw - m + i] - ws[nw - m + i]);
			if (date_len(k, m) == m) {
				to = nw - m;
				break;
			}
		}
	}
	if (from == 0 && to == nw)
		return CZ_OK;
	{
		size_t a = ws[from], b = we[to - 1];
		memmove(out->data + start, out->data + a, b - a);
		out->len = start + (b - a);
		out->data[out->len] = '\0';
	}
	return CZ_OK;
}

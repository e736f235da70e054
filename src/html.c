/*
 * html.c - HTML escaping and the sticky-error page builder (see html.h).
 *
 * The escaper walks the input as UTF-8 and copies only sequences it has
 * validated (shortest form, no surrogates, at most U+10FFFF); anything
 * else becomes U+FFFD. That keeps the page well-formed whatever a note or
 * a calendar contains, and makes "did this byte get escaped?" a question
 * with one answer: the five markup characters never leave here raw.
 */
#include <stdarg.h>
#include <string.h>

#include "coalesce/html.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2, cp = p[0] & 0x1Fu;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, cp = p[0] & 0x0Fu;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, cp = p[0] & 0x07u;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

cz_rc cz_html_escape(cz_buf *out, const char *s, cz_err *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	cz_rc rc = CZ_OK;

	for (size_t i = 0; !rc && i < n;) {
		size_t len = utf8_len(p + i, n - i);
		const char *ent = NULL;

		if (len == 1) {
			switch (p[i]) {
			case '&': ent = "&amp;"; break;
			case '<': ent = "&lt;"; break;
			case '>': ent = "&gt;"; break;
			case '"': ent = "&quot;"; break;
			case '\'': ent = "&#39;"; break;
			case '\t': case '\n': break;
			default:
				if (p[i] < 0x20 || p[i] == 0x7F)
					ent = replacement;
			}
		}
		if (len == 0) {
			rc = cz_buf_adds(out, replacement, err);
			i++;
		} else if (len == 2 && p[i] == 0xC2 && p[i + 1] <= 0x9F) {
			/* C1 controls (U+0080..U+009F) are as unwelcome as C0 ones. */
			rc = cz_buf_adds(out, replacement, err);
			i += 2;
		} else if (ent) {
			rc = cz_buf_adds(out, ent, err);
			i++;
		} else {
			rc = cz_buf_add(out, p + i, len, err);
			i += len;
		}
	}
	return rc;
}

void cz_html_init(cz_html *h, cz_err *err)
{
	cz_buf_init(&h->out, 0);
	h->err = err;
	h->rc = CZ_OK;
	h->next_id = 0;
}

void cz_html_release(cz_html *h)
{
	cz_buf_release(&h->out);
}

void cz_html_raw(cz_html *h, const char *markup)
{
	if (!h->rc)
		h->rc = cz_buf_adds(&h->out, markup, h->err);
}

void cz_html_rawf(cz_html *h, const char *fmt, ...)
{
	va_list ap;

	if (h->rc)
		return;
	va_start(ap, fmt);
	h->rc = cz_buf_vaddf(&h->out, h->err, fmt, ap);
	va_end(ap);
}

void cz_html_text(cz_html *h, const char *s)
{
	if (!h->rc && s)
		h->rc = cz_html_escape(&h->out, s, h->err);
}

void cz_html_elem(cz_html *h, const char *tag, const char *attrs, const char *text)
{
	cz_html_rawf(h, "<%s%s%s>", tag, attrs ? " " : "", attrs ? attrs : "");
	cz_html_text(h, text);
	cz_html_rawf(h, "</%s>", tag);
}

unsigned cz_html_id(cz_html *h)
{
	return ++h->next_id;
}

void cz_html_begin(cz_html *h, const char *title, const char *css)
{
	cz_html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"" CZ_HTML_CSP "\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	cz_html_text(h, title);
	cz_html_raw(h, "</title>\n<style>\n");
	cz_html_raw(h, css);
	cz_html_raw(h, "</style>\n</head>\n<body>\n");
}

void cz_html_end(cz_html *h)
{
	cz_html_raw(h, "</body>\n</html>\n");
}

cz_rc cz_html_write(cz_html *h, FILE *f)
{
	if (h->rc)
		return h->rc;
	if (fwrite(h->out.data, 1, h->out.len, f) != h->out.len)
		return cz_err_set(h->err, CZ_EIO, "error writing HTML output");
	return CZ_OK;
}

/*
 * html.h - writing HTML safely: escaping and a page builder.
 *
 * Trust rule, the one thing to remember: markup the program writes itself
 * goes through cz_html_raw()/cz_html_rawf(); every string that comes from
 * outside (notes, calendars, people, coalesce.yml) goes through
 * cz_html_text(), which escapes it for element content AND for a quoted
 * attribute value, inside HTML or inline SVG alike. Never pass outside
 * text as a %s argument of cz_html_rawf().
 *
 * cz_html_escape() replaces & < > " ' with entities, control characters
 * (other than TAB and LF) with U+FFFD, and every byte that is not part of
 * valid UTF-8 with U+FFFD, so the output is always well-formed UTF-8 that
 * cannot open a tag, close an attribute or start a character reference.
 *
 * cz_html is a sticky-error writer: the first failure (out of memory) is
 * kept in `rc` and every later call does nothing, so a page is written as
 * a straight sequence of calls and checked once at the end. It also hands
 * out unique element ids (for SVG <title>/<desc> and aria-labelledby).
 *
 * Ownership: cz_html owns its buffer; cz_html_release() frees it.
 */
#ifndef CZ_HTML_H
#define CZ_HTML_H

#include <stdio.h>

#include "coalesce/buf.h"
#include "coalesce/err.h"

/*
 * The page's Content-Security-Policy: nothing may load or run; only the
 * inline <style> and data: images are allowed.
 */
#define CZ_HTML_CSP "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " \
	"base-uri 'none'; form-action 'none'"

/* Append s escaped for HTML text and attribute values (see above). */
cz_rc cz_html_escape(cz_buf *out, const char *s, cz_err *err);

typedef struct cz_html {
	cz_buf out;       /* the page so far */
	cz_err *err;      /* where the first failure is described */
	cz_rc rc;         /* CZ_OK, or the first failure */
	unsigned next_id; /* last id handed out by cz_html_id() */
} cz_html;

/* err is borrowed for the writer's life. */
void cz_html_init(cz_html *h, cz_err *err);
void cz_html_release(cz_html *h);

/* Trusted markup written by the program, as is. */
void cz_html_raw(cz_html *h, const char *markup);
void cz_html_rawf(cz_html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Outside text, escaped (cz_html_escape); NULL writes nothing. */
void cz_html_text(cz_html *h, const char *s);
/* <tag attrs>escaped text</tag>; attrs are trusted markup or NULL. */
void cz_html_elem(cz_html *h, const char *tag, const char *attrs, const char *text);
/* A fresh id number, unique within the page. */
unsigned cz_html_id(cz_html *h);

/*
 * The page skeleton: doctype, <html lang="en">, charset, the CSP, the
 * viewport, <title> (escaped) and an inline <style> (trusted CSS), then
 * <body>. cz_html_end() closes body and html.
 */
void cz_html_begin(cz_html *h, const char *title, const char *css);
void cz_html_end(cz_html *h);

/* Write the page to f; h->rc when building failed earlier, CZ_EIO when writing fails. */
cz_rc cz_html_write(cz_html *h, FILE *f);

#endif

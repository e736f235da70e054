/*
 * svg.c - SVG primitives and the three report charts (see svg.h).
 *
 * Inline SVG in an HTML page is in the SVG namespace by the HTML parser's
 * rules, so no xmlns (and no URL of any kind) is written.
 *
 * Layout is computed here in user units with a fixed font size, so the
 * charts look the same in every browser and print at any zoom (the page
 * lets them shrink to its width with CSS). Text widths are estimated at
 * CHAR_W per code point; labels that would not fit are shortened with an
 * ellipsis and the full text stays in the tooltip and the data table.
 *
 * Palette (fixed, checked for contrast in docs/html-report.md): dark text
 * on light status fills; the health line is dark blue on light bands.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "coalesce/svg.h"

#define CHAR_W 8.0      /* estimated width of one bold character at 13px */
#define INK "#1a1a1a"
#define MUTED "#404040"
#define LINE "#1f4e79"
#define CHUNK 256       /* points per polyline element */

/* ---- primitives ------------------------------------------------------ */

void cz_svg_begin(cz_html *h, double width, double height, const char *cls,
		  const char *label, const char *desc)
{
	unsigned id = cz_html_id(h);

	cz_html_rawf(h, "<svg class=\"%s\" width=\"%.0f\" "
		     "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		     "aria-describedby=\"svg%u-d\" aria-label=\"", cls ? cls : "chart",
		     width, height, width, height, id);
	cz_html_text(h, label);
	cz_html_rawf(h, "\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, "
		     "Helvetica, Arial, sans-serif\" font-size=\"13\">\n<title id=\"svg%u-t\">", id);
	cz_html_text(h, label);
	cz_html_rawf(h, "</title>\n<desc id=\"svg%u-d\">", id);
	cz_html_text(h, desc);
	cz_html_raw(h, "</desc>\n");
}

void cz_svg_end(cz_html *h)
{
	cz_html_raw(h, "</svg>\n");
}

void cz_svg_rect(cz_html *h, double x, double y, double w, double hh, const char *attrs)
{
	cz_html_rawf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s/>\n",
		     x, y, w, hh, attrs ? attrs : "");
}

void cz_svg_line(cz_html *h, double x1, double y1, double x2, double y2, const char *attrs)
{
	cz_html_rawf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n",
		     x1, y1, x2, y2, attrs ? attrs : "");
}

void cz_svg_circle(cz_html *h, double cx, double cy, double r, const char *attrs)
{
	cz_html_rawf(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" %s/>\n", cx, cy, r,
		     attrs ? attrs : "");
}

void cz_svg_text(cz_html *h, double x, double y, const char *attrs, const char *text)
{
	cz_html_rawf(h, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, attrs ? attrs : "");
	cz_html_text(h, text);
	cz_html_raw(h, "</text>\n");
}

void cz_svg_polyline(cz_html *h, const double *xs, const double *ys, size_t n,
		     const char *attrs)
{
	if (!n)
		return;
	cz_html_raw(h, "<polyline points=\"");
	for (size_t i = 0; i < n; i++)
		cz_html_rawf(h, "%s%.1f,%.1f", i ? " " : "", xs[i], ys[i]);
	cz_html_rawf(h, "\" fill=\"none\" %s/>\n", attrs ? attrs : "");
}

void cz_svg_tooltip(cz_html *h, const char *text)
{
	cz_html_raw(h, "<title>");
	cz_html_text(h, text);
	cz_html_raw(h, "</title>");
}

/* ---- helpers --------------------------------------------------------- */

const char *cz_tone_word(cz_tone t)
{
	switch (t) {
	case CZ_TONE_NONE: return "no activity";
	case CZ_TONE_UNKNOWN: return "unknown";
	case CZ_TONE_RED: return "red";
	case CZ_TONE_AMBER: return "amber";
	case CZ_TONE_GREEN: return "green";
	}
	return "";
}

const char *cz_tone_symbol(cz_tone t)
{
	switch (t) {
	case CZ_TONE_NONE: return "";
	case CZ_TONE_UNKNOWN: return "?";
	case CZ_TONE_RED: return "\xE2\x9C\x95";   /* ✕ */
	case CZ_TONE_AMBER: return "!";
	case CZ_TONE_GREEN: return "\xE2\x9C\x93"; /* ✓ */
	}
	return "";
}

/* Fill and text colour of a heatmap cell. */
static const char *tone_fill(cz_tone t)
{
	switch (t) {
	case CZ_TONE_GREEN: return "#8fd19e";
	case CZ_TONE_AMBER: return "#ffd27a";
	case CZ_TONE_RED: return "#f19a9a";
	case CZ_TONE_UNKNOWN: return "url(#cz-hatch)";
	case CZ_TONE_NONE: return "#ffffff";
	}
	return "#ffffff";
}

static const char *tone_ink(cz_tone t)
{
	switch (t) {
	case CZ_TONE_GREEN: return "#0b3316";
	case CZ_TONE_AMBER: return "#4a3100";
	case CZ_TONE_RED: return "#5c0a0a";
	case CZ_TONE_UNKNOWN: return "#404040";
	case CZ_TONE_NONE: return MUTED;
	}
	return INK;
}

/* Code points in s. */
static size_t cps(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Write s as SVG text, shortened to max code points with "…" when longer.
 * The cut is on a code point boundary, so the escaper sees valid UTF-8.
 */
static void svg_text_fit(cz_html *h, double x, double y, const char *attrs, const char *s,
			 size_t max)
{
	cz_buf b;
	size_t i, n = 0;

	if (max < 2 || cps(s) <= max) {
		cz_svg_text(h, x, y, attrs, s);
		return;
	}
	/* i ends at the first byte of code point max - 1: keep [0, i). */
	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max - 1)
			break;
	cz_buf_init(&b, 0);
	if (h->rc)
		return;
	h->rc = cz_buf_add(&b, s, i, h->err);
	if (!h->rc)
		h->rc = cz_buf_adds(&b, "\xE2\x80\xA6", h->err);
	if (!h->rc)
		cz_svg_text(h, x, y, attrs, b.data);
	cz_buf_release(&b);
}

/* ---- heatmap --------------------------------------------------------- */

void cz_svg_heatmap(cz_html *h, const char *const *rows, size_t nrows,
		    const char *const *cols, size_t ncols, const cz_heat_cell *cells,
		    const char *label, const char *desc)
{
	size_t longest = 0;
	double cw = ncols <= 8 ? 104 : ncols <= 16 ? 58 : 40;
	double ch = cw >= 58 ? 50 : 34;
	bool wide = cw >= 58, slanted = cw < 58;
	double top = slanted ? 70 : 30, left, width, height;

	for (size_t r = 0; r < nrows; r++)
		if (cps(rows[r]) > longest)
			longest = cps(rows[r]);
	if (longest > 34)
		longest = 34;
	left = (double)longest * CHAR_W + 24;
	if (left < 110)
		left = 110;
	width = left + (double)ncols * cw + (slanted ? 56 : 10);
	height = top + (double)nrows * ch + 10;

	cz_svg_begin(h, width, height, "chart heatmap", label, desc);
	cz_html_raw(h, "<defs><pattern id=\"cz-hatch\" width=\"8\" height=\"8\" "
		    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
		    "<rect width=\"8\" height=\"8\" fill=\"#f2f2f2\"/>"
		    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#c4c4c4\" "
		    "stroke-width=\"3\"/></pattern></defs>\n");
	for (size_t c = 0; c < ncols; c++) {
		double x = left + ((double)c + 0.5) * cw;
		if (slanted) {
			cz_html_rawf(h, "<text transform=\"translate(%.1f %.1f) rotate(-50)\" "
				     "fill=\"" MUTED "\" font-size=\"12\">", x, top - 6);
			cz_html_text(h, cols[c]);
			cz_html_raw(h, "</text>\n");
		} else {
			cz_svg_text(h, x, top - 10, "text-anchor=\"middle\" fill=\"" MUTED
				    "\" font-weight=\"600\"", cols[c]);
		}
	}
	for (size_t r = 0; r < nrows; r++) {
		double y = top + (double)r * ch;
		svg_text_fit(h, left - 12, y + ch / 2 + 5, "text-anchor=\"end\" fill=\"" INK
			     "\" font-weight=\"600\"", rows[r], 34);
		for (size_t c = 0; c < ncols; c++) {
			const cz_heat_cell *cell = &cells[r * ncols + c];
			double x = left + (double)c * cw;
			char attrs[160], num[32];

			if (cell->tone == CZ_TONE_NONE) {
				cz_svg_rect(h, x + 2, y + 2, cw - 4, ch - 4, "fill=\"none\" "
					    "stroke=\"#d9d9d9\" stroke-dasharray=\"2 3\"");
				continue;
			}
			cz_html_rawf(h, "<g class=\"cell st-%s\">", cz_tone_word(cell->tone));
			if (cell->tip)
				cz_svg_tooltip(h, cell->tip);
			snprintf(attrs, sizeof(attrs), "fill=\"%s\" rx=\"4\" %s",
				 tone_fill(cell->tone), cell->low
				 ? "stroke=\"#1a1a1a\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\""
				 : "stroke=\"none\"");
			cz_svg_rect(h, x + 2, y + 2, cw - 4, ch - 4, attrs);
			snprintf(attrs, sizeof(attrs), "text-anchor=\"middle\" fill=\"%s\" "
				 "font-weight=\"700\" font-size=\"%s\"", tone_ink(cell->tone),
				 wide ? "15" : "12");
			if (cell->tone == CZ_TONE_UNKNOWN)
				snprintf(num, sizeof(num), "?");
			else
				snprintf(num, sizeof(num), "%s%s%.0f", cz_tone_symbol(cell->tone),
					 wide ? " " : "", cell->value);
			cz_svg_text(h, x + cw / 2, y + (wide ? 24 : ch / 2 + 5), attrs, num);
			if (wide) {
				snprintf(attrs, sizeof(attrs), "text-anchor=\"middle\" fill=\"%s\" "
					 "font-size=\"%s\"", tone_ink(cell->tone),
					 cell->low ? "10.5" : "11");
				cz_svg_text(h, x + cw / 2, y + 40, attrs,
					    cell->low && cell->tone != CZ_TONE_UNKNOWN
					    ? (cell->tone == CZ_TONE_GREEN ? "green, low conf."
					       : cell->tone == CZ_TONE_AMBER ? "amber, low conf."
					       : "red, low conf.")
					    : cz_tone_word(cell->tone));
			}
			cz_html_raw(h, "</g>\n");
		}
	}
	cz_svg_end(h);
}

/* ---- line chart ------------------------------------------------------ */

void cz_svg_linechart(cz_html *h, const cz_line_point *pts, size_t n, double amber,
		      double green, const char *label, const char *desc)
{
	double step = n <= 8 ? 88 : n <= 16 ? 52 : 24;
	double left = 44, right = 104, top = 14, ph = 160;
	double width = left + (double)(n ? n : 1) * step + right, height = top + ph + 46;
	size_t every = n <= 16 ? 1 : (n + 15) / 16;
	double xs[CHUNK], ys[CHUNK];
	size_t run = 0;

	if (width < 420)
		width = 420;
#define YOF(v) (top + ph - (v) / 100.0 * ph)
	cz_svg_begin(h, width, height, "chart trend", label, desc);
	/* Status bands, then the grid, then the thresholds on top. */
	cz_svg_rect(h, left, YOF(100), width - left - right, YOF(green) - YOF(100),
		    "fill=\"#e3f4e7\"");
	cz_svg_rect(h, left, YOF(green), width - left - right, YOF(amber) - YOF(green),
		    "fill=\"#fff1cc\"");
	cz_svg_rect(h, left, YOF(amber), width - left - right, YOF(0) - YOF(amber),
		    "fill=\"#fbe3e3\"");
	for (int v = 0; v <= 100; v += 25) {
		char t[8];
		snprintf(t, sizeof(t), "%d", v);
		cz_svg_line(h, left, YOF(v), width - right, YOF(v),
			    "stroke=\"#ffffff\" stroke-width=\"1\"");
		cz_svg_text(h, left - 8, YOF(v) + 4, "text-anchor=\"end\" fill=\"" MUTED
			    "\" font-size=\"11\"", t);
	}
	{
		char t[48];
		snprintf(t, sizeof(t), "green \xE2\x89\xA5 %.0f", green);
		cz_svg_line(h, left, YOF(green), width - right, YOF(green),
			    "stroke=\"#1d6b33\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
		cz_svg_text(h, width - right + 6, YOF(green) + 4, "fill=\"#1d6b33\" "
			    "font-size=\"12\" font-weight=\"600\"", t);
		snprintf(t, sizeof(t), "amber \xE2\x89\xA5 %.0f", amber);
		cz_svg_line(h, left, YOF(amber), width - right, YOF(amber),
			    "stroke=\"#7a5200\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"");
		cz_svg_text(h, width - right + 6, YOF(amber) + 4, "fill=\"#7a5200\" "
			    "font-size=\"12\" font-weight=\"600\"", t);
		cz_svg_text(h, width - right + 6, YOF(amber / 2) + 4, "fill=\"#8b1a1a\" "
			    "font-size=\"12\" font-weight=\"600\"", "red below");
	}
	cz_svg_line(h, left, YOF(0), width - right, YOF(0), "stroke=\"#808080\"");
	/* The line, broken at unknown points; flushed in chunks of CHUNK. */
	for (size_t i = 0; i <= n; i++) {
		bool point = i < n && pts[i].known;
		if (point) {
			xs[run] = left + ((double)i + 0.5) * step;
			ys[run] = YOF(pts[i].value);
			run++;
		}
		if (!point || run == CHUNK) {
			if (run >= 2)
				cz_svg_polyline(h, xs, ys, run, "stroke=\"" LINE "\" stroke-width=\"2.5\" "
					"stroke-linejoin=\"round\"");
			if (point) { /* continue the line from the last point */
				xs[0] = xs[run - 1];
				ys[0] = ys[run - 1];
				run = 1;
			} else {
				run = 0;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		double x = left + ((double)i + 0.5) * step;
		char t[64];
		if (i % every == 0 || i + 1 == n)
			cz_svg_text(h, x, top + ph + 18, "text-anchor=\"middle\" fill=\"" MUTED
				    "\" font-size=\"11\"", pts[i].x);
		if (!pts[i].known) {
			cz_html_raw(h, "<g class=\"pt unknown\">");
			cz_svg_tooltip(h, pts[i].x);
			cz_svg_text(h, x, YOF(0) - 6, "text-anchor=\"middle\" fill=\"#404040\" "
				    "font-weight=\"700\"", "?");
			cz_html_raw(h, "</g>\n");
			continue;
		}
		snprintf(t, sizeof(t), "%s: %.0f%s", pts[i].x, pts[i].value,
			 pts[i].low ? " (low confidence)" : "");
		cz_html_rawf(h, "<g class=\"pt%s\">", pts[i].low ? " low" : "");
		cz_html_raw(h, "<title>");
		cz_html_text(h, t);
		cz_html_raw(h, "</title>");
		cz_svg_circle(h, x, YOF(pts[i].value), 5.5, pts[i].low
			      ? "fill=\"#ffffff\" stroke=\"" LINE "\" stroke-width=\"2.5\""
			      : "fill=\"" LINE "\" stroke=\"#ffffff\" stroke-width=\"1.5\"");
		snprintf(t, sizeof(t), "%.0f", pts[i].value);
		cz_svg_text(h, x, YOF(pts[i].value) - 10, "text-anchor=\"middle\" fill=\"" INK
			    "\" font-size=\"12\" font-weight=\"700\"", t);
		cz_html_raw(h, "</g>\n");
	}
	cz_svg_text(h, 4, top + ph + 38, "fill=\"" MUTED "\" font-size=\"11\"",
		    "\xE2\x97\x8F scored   \xE2\x97\x8B low confidence   ? unknown (no evidence)");
#undef YOF
	cz_svg_end(h);
}

/* ---- bars ------------------------------------------------------------ */

void cz_svg_bars(cz_html *h, const char *const *names, const double *values, size_t n,
		 const char *label, const char *desc)
{
	double left = 110, bw = 260, rowh = 24, width = left + bw + 50;
	double height = (double)n * rowh + 8;

	cz_svg_begin(h, width, height, "chart bars", label, desc);
	for (size_t i = 0; i < n; i++) {
		double y = 4 + (double)i * rowh, v = values[i];
		char t[16];
		if (!isfinite(v) || v < 0)
			v = 0;
		if (v > 100)
			v = 100;
		svg_text_fit(h, left - 8, y + 15, "text-anchor=\"end\" fill=\"" INK "\"",
			     names[i], 15);
		cz_svg_rect(h, left, y + 4, bw, rowh - 8, "fill=\"#e6e6e6\"");
		cz_svg_rect(h, left, y + 4, bw * v / 100.0, rowh - 8, "fill=\"" LINE "\"");
		snprintf(t, sizeof(t), "%.0f", v);
		cz_svg_text(h, left + bw + 8, y + 15, "fill=\"" INK "\" font-weight=\"600\"", t);
	}
	cz_svg_end(h);
}

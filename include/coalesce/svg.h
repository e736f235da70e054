/*
 * svg.h - inline SVG charts written into a cz_html page.
 *
 * Two layers. Primitives (cz_svg_begin/rect/line/circle/text/polyline/end)
 * write one element each; coordinates are printed with one decimal in the
 * C locale; `attrs` are trusted markup from the program (classes, fixed
 * colours), `text`, `label` and `desc` are outside text and escaped.
 * Charts (heatmap, line chart, bars) lay out data the caller has already
 * reduced to plain arrays, so they know nothing about reports and can be
 * tested alone.
 *
 * Accessibility: every chart is <svg role="img" aria-label=LABEL
 * aria-describedby=DESC-ID> with <title> and <desc> as its first children;
 * status is always printed as a word or symbol next to its colour, and
 * the caller adds a data table with the same numbers.
 *
 * Colours are fixed in the markup (fill/stroke attributes) rather than in
 * CSS so a chart keeps its meaning when copied out of the page; every
 * text colour is at least 4.5:1 against what it is drawn on (the contrast
 * figures are in docs/html-report.md).
 */
#ifndef CZ_SVG_H
#define CZ_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/html.h"

/* ---- primitives ------------------------------------------------------ */

/* Open an SVG of width x height user units (also its intrinsic size). */
void cz_svg_begin(cz_html *h, double width, double height, const char *cls,
		  const char *label, const char *desc);
void cz_svg_end(cz_html *h);
void cz_svg_rect(cz_html *h, double x, double y, double w, double hh, const char *attrs);
void cz_svg_line(cz_html *h, double x1, double y1, double x2, double y2, const char *attrs);
void cz_svg_circle(cz_html *h, double cx, double cy, double r, const char *attrs);
void cz_svg_text(cz_html *h, double x, double y, const char *attrs, const char *text);
/* A polyline through n points (n >= 1); n == 0 writes nothing. */
void cz_svg_polyline(cz_html *h, const double *xs, const double *ys, size_t n,
		     const char *attrs);
/* A <title> child: the tooltip of the enclosing shape or group. */
void cz_svg_tooltip(cz_html *h, const char *text);

/* ---- charts ---------------------------------------------------------- */

typedef enum cz_tone {
	CZ_TONE_NONE,    /* no data at all (outside an initiative's span) */
	CZ_TONE_UNKNOWN, /* a period without evidence */
	CZ_TONE_RED,
	CZ_TONE_AMBER,
	CZ_TONE_GREEN
} cz_tone;

/* The word and the symbol printed with a tone ("green", "✓"). */
const char *cz_tone_word(cz_tone t);
const char *cz_tone_symbol(cz_tone t);

typedef struct cz_heat_cell {
	cz_tone tone;
	double value;      /* shown when tone is red, amber or green */
	bool low;          /* low confidence: dashed outline */
	const char *tip;   /* tooltip (outside text) or NULL */
} cz_heat_cell;

/*
 * A grid of rows x cols cells (cells[r * ncols + c]), row labels on the
 * left, column labels on top. Each cell shows its score and status symbol
 * on its colour; unknown cells are hatched grey with "?"; NONE cells are
 * left blank.
 */
void cz_svg_heatmap(cz_html *h, const char *const *rows, size_t nrows,
		    const char *const *cols, size_t ncols, const cz_heat_cell *cells,
		    const char *label, const char *desc);

typedef struct cz_line_point {
	const char *x;     /* axis label (outside text) */
	bool known;        /* false: a gap in the line and "?" on the axis */
	double value;      /* 0..100 */
	bool low;          /* low confidence: hollow marker */
} cz_line_point;

/*
 * Values 0..100 over n points, on bands red < amber <= amber band < green
 * <= green band, with the two thresholds drawn as labelled dashed lines.
 * The line breaks at unknown points.
 */
void cz_svg_linechart(cz_html *h, const cz_line_point *pts, size_t n, double amber,
		      double green, const char *label, const char *desc);

/* Horizontal bars 0..100 with the value printed after each bar. */
void cz_svg_bars(cz_html *h, const char *const *names, const double *values, size_t n,
		 const char *label, const char *desc);

#endif

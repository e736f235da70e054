/*
 * reporthtml.h - a report as one self-contained HTML page for leadership.
 *
 * The page (docs/html-report.md) has: a heatmap of initiatives x periods,
 * a "how to read this" section, then per initiative a health line chart,
 * badges (latest status, trend, mood, late recruits, missing parties,
 * brief coverage), the component bars of the latest scored period and the
 * top evidence with path:line; last, a data table with every number.
 *
 * Self-contained and inert: inline CSS and inline SVG only, no script, no
 * external URL, a Content-Security-Policy that forbids loading anything;
 * every text from notes, calendars and coalesce.yml is escaped (html.h).
 */
#ifndef CZ_REPORTHTML_H
#define CZ_REPORTHTML_H

#include <stdio.h>

#include "coalesce/html.h"
#include "coalesce/report.h"

/* Confidence below which a score is drawn as "low confidence". */
#define CZ_HTML_LOW_CONFIDENCE 0.5

/* Evidence items listed per initiative. */
#define CZ_HTML_EVIDENCE_MAX 5

/*
 * Write the page into h. ev is NULL or an array of r->n_inits lists: the
 * hits of each initiative's latest scored period (cz_report_evidence());
 * the strongest counted ones are listed. Without it, each period's
 * strongest hit (row->top_excerpt) is listed instead. Borrows everything.
 */
void cz_report_html(const cz_report *r, const cz_evidence_list *ev, cz_html *h);

/* cz_report_html() into a fresh writer, then onto f. */
cz_rc cz_report_write_html(const cz_report *r, const cz_evidence_list *ev, FILE *f,
			   cz_err *err);

#endif

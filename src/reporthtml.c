/*
 * reporthtml.c - the HTML health report page (see reporthtml.h).
 *
 * Reading order of the page, for a reader with two minutes: the heatmap
 * answers "where do we stand", each initiative's line chart "which way is
 * it going", the badges "what should worry me", the evidence "why should
 * I believe it". The data table at the end carries every number the
 * charts draw, for screen readers and for copying.
 *
 * This file only maps a cz_report onto html.h and svg.h calls; all
 * escaping happens there. The only strings passed as trusted markup or
 * rawf arguments are the program's own (model name, period labels it
 * formatted, numbers); everything from the archive goes through
 * cz_html_text() or an SVG text argument.
 */
#include <stdlib.h>
#include <string.h>

#include "coalesce/reporthtml.h"
#include "coalesce/svg.h"

static const char css[] =
	":root{color-scheme:light}\n"
	"body{margin:0;background:#fff;color:#1a1a1a;font:15px/1.5 system-ui,-apple-system,"
	"'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
	"main{max-width:1120px;margin:0 auto;padding:28px 32px 48px}\n"
	"h1{font-size:28px;margin:0 0 4px}\n"
	"h2{font-size:21px;margin:40px 0 10px;padding-bottom:4px;border-bottom:2px solid #1f4e79}\n"
	"h3{font-size:16px;margin:22px 0 6px}\n"
	".meta{color:#404040;margin:0}\n"
	".id{font-size:14px;font-weight:400;color:#404040;margin-left:8px}\n"
	"nav ul{padding:0;margin:8px 0;list-style:none;display:flex;flex-wrap:wrap;gap:4px 18px}\n"
	"a{color:#1f4e79}\n"
	".scroll{overflow-x:auto}\n"
	"svg.chart{max-width:100%;height:auto;display:block}\n"
	".legend{list-style:none;padding:0;margin:10px 0 14px;display:flex;flex-wrap:wrap;"
	"gap:6px 20px;font-size:14px}\n"
	".sw{display:inline-block;min-width:34px;text-align:center;font-weight:700;"
	"border-radius:4px;padding:0 6px;margin-right:6px}\n"
	".green{background:#8fd19e;color:#0b3316}\n"
	".amber{background:#ffd27a;color:#4a3100}\n"
	".red{background:#f19a9a;color:#5c0a0a}\n"
	".unknown{background:repeating-linear-gradient(45deg,#f2f2f2 0 4px,#dcdcdc 4px 7px);"
	"color:#1a1a1a}\n"
	".sw.low{background:#fff;outline:1.5px dashed #1a1a1a;outline-offset:-2px}\n"
	".sw.none{background:#fff;outline:1px dashed #a6a6a6;outline-offset:-2px}\n"
	".badges{list-style:none;padding:0;margin:10px 0;display:flex;flex-wrap:wrap;gap:6px}\n"
	".badge{border:1px solid #8c8c8c;border-radius:999px;padding:1px 10px;font-size:14px;"
	"background:#f7f7f7}\n"
	".badge.warn{background:#fff1cc;border-color:#7a5200;color:#4a3100}\n"
	".badge.bad{background:#fbe3e3;border-color:#8b1a1a;color:#5c0a0a}\n"
	".badge.good{background:#e3f4e7;border-color:#1d6b33;color:#0b3316}\n"
	".grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:28px;"
	"align-items:start}\n"
	"@media (max-width:820px){.grid{grid-template-columns:1fr}}\n"
	"figure{margin:0}\nfigcaption{font-weight:600;margin-bottom:6px}\n"
	".evidence{padding-left:22px;margin:6px 0}\n.evidence li{margin:8px 0}\n"
	".sig{font-size:12px;font-weight:600;background:#e8eef5;color:#16385a;"
	"border-radius:3px;padding:1px 6px;margin-right:6px;white-space:nowrap}\n"
	".sig.flag{background:#fbe3e3;color:#5c0a0a}\n"
	".where{color:#404040;font-size:13px}\n"
	"code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
	"background:#f2f2f2;padding:0 4px;border-radius:3px;overflow-wrap:anywhere}\n"
	"meter{width:160px;vertical-align:middle;margin-right:8px}\n"
	".how{max-width:860px}\n.how li{margin:4px 0}\n"
	".glance{padding-left:20px;margin:6px 0}\n.glance li{margin:5px 0}\n"
	"table{border-collapse:collapse;font-size:13.5px;width:100%}\n"
	"caption{text-align:left;font-weight:600;margin-bottom:6px}\n"
	"th,td{border-bottom:1px solid #d0d0d0;padding:4px 8px;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f2f2f2}\ntd.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.p,td.n,td.s,tbody th{white-space:nowrap}\n"
	"footer{color:#404040;font-size:13px;margin-top:44px;border-top:1px solid #d0d0d0;"
	"padding-top:8px}\n"
	"@media print{body{font-size:10.5pt}main{max-width:none;padding:0}"
	".scroll{overflow:visible}section.initiative{break-inside:avoid-page}"
	"h2,h3{break-after:avoid}nav{display:none}a{color:inherit;text-decoration:none}}\n";

static cz_tone tone_of(const cz_report_row *row)
{
	const char *s = row->out.status;

	if (!row->out.known)
		return CZ_TONE_UNKNOWN;
	if (!strcmp(s, "green"))
		return CZ_TONE_GREEN;
	if (!strcmp(s, "amber"))
		return CZ_TONE_AMBER;
	return CZ_TONE_RED;
}

static bool low_confidence(const cz_report_row *row)
{
	return row->out.known && row->out.confidence < CZ_HTML_LOW_CONFIDENCE;
}

static int cmp_period(const void *a, const void *b)
{
	const cz_period *x = *(const cz_period *const *)a, *y = *(const cz_period *const *)b;
	int64_t dx = cz_date_days(x->start), dy = cz_date_days(y->start);

	return dx < dy ? -1 : dx > dy;
}

/* Distinct periods of the report in order, as borrowed pointers; NULL on OOM. */
static const cz_period **columns(const cz_report *r, size_t *n)
{
	const cz_period **v = calloc(r->n_rows ? r->n_rows : 1, sizeof(*v));
	size_t k = 0;

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < r->n_rows; i++)
		v[k++] = &r->rows[i].period;
	qsort(v, k, sizeof(*v), cmp_period);
	for (size_t i = 0; i < k; i++)
		if (!*n || strcmp(v[*n - 1]->label, v[i]->label))
			v[(*n)++] = v[i];
	return v;
}

static const cz_report_row *row_at(const cz_report *r, size_t init, const char *label)
{
	for (size_t k = 0; k < r->n_rows; k++)
		if (r->rows[k].init == init && !strcmp(r->rows[k].period.label, label))
			return &r->rows[k];
	return NULL;
}

/* "2025-Q1: health 62, amber, confidence 0.50" into b (reset first). */
static void describe(cz_html *h, const cz_report *r, const cz_report_row *row, cz_buf *b)
{
	cz_buf_reset(b);
	if (h->rc)
		return;
	if (!row->out.known)
		h->rc = cz_buf_addf(b, h->err, "%s, %s: unknown (no evidence; %ld notes, "
				    "%ld meetings)", r->inits[row->init].name, row->period.label,
				    row->in.notes, row->in.meetings);
	else
		h->rc = cz_buf_addf(b, h->err, "%s, %s: health %.0f, %s, confidence %.2f%s",
				    r->inits[row->init].name, row->period.label, row->out.health,
				    row->out.status, row->out.confidence,
				    low_confidence(row) ? " (low)" : "");
}

/* ---- overview -------------------------------------------------------- */

static void legend(cz_html *h)
{
	cz_html_raw(h, "<ul class=\"legend\" aria-label=\"legend\">"
		    "<li><span class=\"sw green\">\xE2\x9C\x93</span>green: healthy coalition</li>"
		    "<li><span class=\"sw amber\">!</span>amber: watch</li>"
		    "<li><span class=\"sw red\">\xE2\x9C\x95</span>red: at risk</li>"
		    "<li><span class=\"sw unknown\">?</span>unknown: no evidence to judge</li>"
		    "<li><span class=\"sw low\">- -</span>dashed outline: low confidence</li>"
		    "<li><span class=\"sw none\">&nbsp;</span>no notes or meetings</li></ul>\n");
}

/* One line per initiative: where it stands now and what to look at. */
static void at_a_glance(cz_html *h, const cz_report *r)
{
	cz_html_raw(h, "<h3>At a glance</h3>\n<ul class=\"glance\">\n");
	for (size_t i = 0; i < r->n_inits; i++) {
		const cz_report_row *last = cz_report_latest(r, i);
		size_t moods = 0, late = 0;
		for (size_t k = 0; k < r->n_rows; k++) {
			if (r->rows[k].init != i)
				continue;
			moods += r->rows[k].out.mood;
			late += r->rows[k].late_recruits.n;
		}
		cz_html_rawf(h, "<li><a href=\"#init-%zu\">", i + 1);
		cz_html_text(h, r->inits[i].name);
		cz_html_raw(h, "</a>: ");
		if (!last) {
			cz_html_raw(h, "<span class=\"sw unknown\">?</span>unknown, nothing to score "
				    "yet</li>\n");
			continue;
		}
		cz_html_rawf(h, "<span class=\"sw %s\">%s</span><strong>%s %.0f</strong> in %s",
			     cz_tone_word(tone_of(last)), cz_tone_symbol(tone_of(last)),
			     cz_tone_word(tone_of(last)), last->out.health, last->period.label);
		if (last->has_trend)
			cz_html_rawf(h, " (%+.0f)", last->trend == 0 ? 0.0 : last->trend);
		if (low_confidence(last))
			cz_html_raw(h, ", <em>low confidence</em>");
		if (last->out.red_flags)
			cz_html_rawf(h, "; %ld red flag%s", last->out.red_flags,
				     last->out.red_flags == 1 ? "" : "s");
		if (moods)
			cz_html_rawf(h, "; mood in %zu period%s", moods, moods == 1 ? "" : "s");
		if (late)
			cz_html_rawf(h, "; %zu late recruit%s", late, late == 1 ? "" : "s");
		if (last->required_missing.n)
			cz_html_rawf(h, "; %zu required part%s never in a meeting",
				     last->required_missing.n,
				     last->required_missing.n == 1 ? "y" : "ies");
		cz_html_raw(h, "</li>\n");
	}
	cz_html_raw(h, "</ul>\n");
}

static void overview(cz_html *h, const cz_report *r)
{
	const char *kind = cz_period_kind_name(r->kind);
	size_t ncols = 0;
	const cz_period **cols = columns(r, &ncols);
	const char **rows = calloc(r->n_inits ? r->n_inits : 1, sizeof(*rows));
	const char **labels = calloc(ncols ? ncols : 1, sizeof(*labels));
	cz_heat_cell *cells = calloc(r->n_inits * ncols + 1, sizeof(*cells));
	cz_buf *tips = calloc(r->n_inits * ncols + 1, sizeof(*tips));
	char label[96];

	cz_html_rawf(h, "<section id=\"overview\">\n<h2>Health by initiative and %s</h2>\n", kind);
	if (!cols || !rows || !labels || !cells || !tips) {
		h->rc = h->rc ? h->rc : cz_err_set(h->err, CZ_ENOMEM, "out of memory");
		goto out;
	}
	legend(h);
	if (!r->n_rows || !r->n_inits) {
		cz_html_raw(h, "<p>No notes or meetings are attributed to an initiative in this "
			    "range.</p>\n");
		goto out;
	}
	for (size_t c = 0; c < ncols; c++)
		labels[c] = cols[c]->label;
	for (size_t i = 0; i < r->n_inits; i++) {
		rows[i] = r->inits[i].name;
		for (size_t c = 0; c < ncols; c++) {
			const cz_report_row *row = row_at(r, i, cols[c]->label);
			cz_heat_cell *cell = &cells[i * ncols + c];
			cz_buf_init(&tips[i * ncols + c], 0);
			if (!row)
				continue;
			cell->tone = tone_of(row);
			cell->value = row->out.health;
			cell->low = low_confidence(row);
			describe(h, r, row, &tips[i * ncols + c]);
			cell->tip = tips[i * ncols + c].data;
		}
	}
	snprintf(label, sizeof(label), "Heatmap: health of %zu initiatives by %s", r->n_inits,
		 kind);
	cz_html_raw(h, "<div class=\"scroll\">\n");
	cz_svg_heatmap(h, rows, r->n_inits, labels, ncols, cells, label,
		       "Each cell is one initiative in one period: the health score (0 to 100) "
		       "with its status as a symbol and a word. Every number is also in the "
		       "table 'All numbers' at the end of the page.");
	cz_html_raw(h, "</div>\n");
	at_a_glance(h, r);
out:
	cz_html_raw(h, "</section>\n");
	if (tips)
		for (size_t k = 0; k < r->n_inits * ncols; k++)
			cz_buf_release(&tips[k]);
	free(tips);
	free(cells);
	free(labels);
	free(rows);
	free(cols);
}

static void how_to_read(cz_html *h, const cz_report *r)
{
	cz_html_raw(h, "<section id=\"how\" class=\"how\">\n<h2>How to read this</h2>\n<ul>\n");
	cz_html_rawf(h, "<li><strong>Health</strong> (0&ndash;100) says how much the notes "
		     "show the work of a real coalition: shared context, a stated outcome, "
		     "named tradeoffs and stop conditions, commitments from named owners, "
		     "early warnings and shared credit, less the red flags (selective "
		     "information, loyalty tests, gossip, parties recruited late). Status is "
		     "<strong>green</strong> from %.0f, <strong>amber</strong> from %.0f, "
		     "<strong>red</strong> below.</li>\n", r->cfg.green, r->cfg.amber);
	cz_html_rawf(h, "<li><strong>Unknown</strong> (hatched, ?) means notes or meetings "
		     "exist but nothing in them could be scored: ask for notes, not a verdict. "
		     "<strong>Low confidence</strong> (dashed outline, hollow marker) means the "
		     "score rests on little evidence (confidence below %.2f, about three "
		     "notes): treat it as a hint.</li>\n", CZ_HTML_LOW_CONFIDENCE);
	cz_html_raw(h, "<li><strong>Mood</strong> flags a period with agreement but no "
		    "tradeoff and no stop condition: people nod, nobody says what it costs. "
		    "A <strong>late recruit</strong> is a required party that first joined a "
		    "meeting long after the start, when the decisions were made.</li>\n"
		    "<li><strong>Brief coverage</strong> is how many of the ten fields of a "
		    "coalition brief (outcome, why now, core tradeoff, required parties, their "
		    "interests, mutual commitments, decision rights, communication path, credit, "
		    "guardrails) the notes have written down so far.</li>\n");
	cz_html_rawf(h, "<li>Every number traces back to lines of notes: the evidence below "
		     "gives <code>path:line</code>, and <code>coalesce explain ID --period "
		     "LABEL</code> lists every hit behind a score. Scores compare only under the "
		     "same scoring model (this page: <code>%s</code>).</li>\n</ul>\n</section>\n",
		     r->model);
}

/* ---- one initiative -------------------------------------------------- */

static void trend_chart(cz_html *h, const cz_report *r, size_t i)
{
	const cz_report_initiative *in = &r->inits[i];
	size_t n = 0, k0 = 0;
	cz_line_point *pts;
	cz_buf desc = CZ_BUF_INIT, label = CZ_BUF_INIT;

	for (size_t k = 0; k < r->n_rows; k++)
		if (r->rows[k].init == i && !n++)
			k0 = k;
	pts = calloc(n ? n : 1, sizeof(*pts));
	if (!pts) {
		h->rc = h->rc ? h->rc : cz_err_set(h->err, CZ_ENOMEM, "out of memory");
		return;
	}
	if (!h->rc)
		h->rc = cz_buf_addf(&label, h->err, "Health of %s by %s", in->name,
				    cz_period_kind_name(r->kind));
	if (!h->rc)
		h->rc = cz_buf_adds(&desc, "Health per period:", h->err);
	for (size_t j = 0; j < n && !h->rc; j++) {
		const cz_report_row *row = &r->rows[k0 + j];
		pts[j].x = row->period.label;
		pts[j].known = row->out.known;
		pts[j].value = row->out.health;
		pts[j].low = low_confidence(row);
		h->rc = row->out.known
			? cz_buf_addf(&desc, h->err, " %s %.0f (%s%s);", row->period.label,
				      row->out.health, row->out.status,
				      pts[j].low ? ", low confidence" : "")
			: cz_buf_addf(&desc, h->err, " %s unknown;", row->period.label);
	}
	cz_html_raw(h, "<figure>\n<figcaption>Health over time</figcaption>\n"
		    "<div class=\"scroll\">\n");
	cz_svg_linechart(h, pts, n, r->cfg.amber, r->cfg.green, label.data, desc.data);
	cz_html_raw(h, "</div>\n</figure>\n");
	cz_buf_release(&desc);
	cz_buf_release(&label);
	free(pts);
}

static void component_bars(cz_html *h, const cz_report *r, const cz_report_row *last)
{
	const char *names[CZ_COMP_N];
	cz_buf desc = CZ_BUF_INIT, label = CZ_BUF_INIT;

	cz_html_raw(h, "<figure>\n<figcaption>");
	if (!last) {
		cz_html_raw(h, "Components</figcaption>\n<p>No period in this range has "
			    "evidence to score.</p>\n</figure>\n");
		return;
	}
	cz_html_rawf(h, "Components in %s (latest scored%s)</figcaption>\n", last->period.label,
		     low_confidence(last) ? ", low confidence" : "");
	if (!h->rc)
		h->rc = cz_buf_addf(&label, h->err, "Components of %s in %s",
				    r->inits[last->init].name, last->period.label);
	for (int c = 0; c < CZ_COMP_N && !h->rc; c++) {
		names[c] = cz_component_name((cz_component)c);
		h->rc = cz_buf_addf(&desc, h->err, "%s%s %.0f", c ? ", " : "", names[c],
				    last->out.comp[c]);
	}
	cz_svg_bars(h, names, last->out.comp, CZ_COMP_N, label.data, desc.data);
	cz_html_raw(h, "</figure>\n");
	cz_buf_release(&desc);
	cz_buf_release(&label);
}

/* A list of the periods (and their late recruits) as badge text. */
static void badges(cz_html *h, const cz_report *r, size_t i, const cz_report_row *last)
{
	bool first = true;

	cz_html_raw(h, "<ul class=\"badges\">\n");
	if (last) {
		cz_tone t = tone_of(last);
		cz_html_rawf(h, "<li class=\"badge %s\"><strong>%s %s %.0f</strong> in %s</li>\n",
			     cz_tone_word(t), cz_tone_symbol(t), cz_tone_word(t),
			     last->out.health, last->period.label);
		if (last->has_trend)
			cz_html_rawf(h, "<li class=\"badge\">%s %+.0f on the period before</li>\n",
				     last->trend > 0 ? "\xE2\x96\xB2" : last->trend < 0
				     ? "\xE2\x96\xBC" : "\xE2\x96\xB6",
				     last->trend == 0 ? 0.0 : last->trend);
		cz_html_rawf(h, "<li class=\"badge%s\">confidence %.2f%s</li>\n",
			     low_confidence(last) ? " warn" : "", last->out.confidence,
			     low_confidence(last) ? " (low)" : "");
	} else {
		cz_html_raw(h, "<li class=\"badge\"><strong>? unknown</strong>: nothing to "
			    "score yet</li>\n");
	}
	for (size_t k = 0; k < r->n_rows; k++) {
		const cz_report_row *row = &r->rows[k];
		if (row->init != i || !row->out.mood)
			continue;
		cz_html_rawf(h, "%s%s", first ? "<li class=\"badge warn\"><strong>Mood</strong> "
			     "(agreement, no tradeoffs) in " : ", ", row->period.label);
		first = false;
	}
	if (!first)
		cz_html_raw(h, "</li>\n");
	for (size_t k = 0; k < r->n_rows; k++) {
		const cz_report_row *row = &r->rows[k];
		if (row->init != i || !row->late_recruits.n)
			continue;
		cz_html_raw(h, "<li class=\"badge bad\"><strong>Late recruit</strong>: ");
		for (size_t q = 0; q < row->late_recruits.n; q++) {
			cz_html_raw(h, q ? ", " : "");
			cz_html_text(h, row->late_recruits.v[q]);
		}
		cz_html_rawf(h, " (%s)</li>\n", row->period.label);
	}
	if (last && last->required_missing.n) {
		cz_html_raw(h, "<li class=\"badge bad\"><strong>Never in a meeting</strong>: ");
		for (size_t q = 0; q < last->required_missing.n; q++) {
			cz_html_raw(h, q ? ", " : "");
			cz_html_text(h, last->required_missing.v[q]);
		}
		cz_html_raw(h, "</li>\n");
	}
	cz_html_raw(h, "</ul>\n");
}

static void brief(cz_html *h, const cz_report_row *last)
{
	int n = last ? last->brief_fields : 0;

	cz_html_rawf(h, "<p class=\"brief\"><strong>Coalition brief:</strong> "
		     "<meter min=\"0\" max=\"%d\" value=\"%d\"></meter>%d of %d fields written"
		     "%s%s</p>\n", CZ_BRIEF_FIELDS, n, n, CZ_BRIEF_FIELDS,
		     last ? " by the end of " : "", last ? last->period.label : "");
}

static bool listable(const cz_evidence *e)
{
	int s = cz_signal_find(e->signal);

	return !strcmp(e->status, "counted") && e->excerpt && *e->excerpt &&
	       s >= 0 && cz_signal_component((cz_signal)s) >= 0;
}

static int cmp_strength(const void *a, const void *b)
{
	const cz_evidence *x = *(const cz_evidence *const *)a;
	const cz_evidence *y = *(const cz_evidence *const *)b;
	double wx = x->weight < 0 ? -x->weight : x->weight;
	double wy = y->weight < 0 ? -y->weight : y->weight;
	int c;

	if (wx != wy)
		return wx > wy ? -1 : 1;
	c = strcmp(x->date, y->date);
	if (!c)
		c = strcmp(x->path, y->path);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static void evidence_item(cz_html *h, const char *signal, const char *excerpt,
			  const char *path, long line, const char *when)
{
	int s = cz_signal_find(signal);
	bool flag = s >= 0 && cz_signal_is_red_flag((cz_signal)s);

	cz_html_rawf(h, "<li><span class=\"sig%s\">", flag ? " flag" : "");
	if (flag)
		cz_html_raw(h, "red flag: ");
	for (const char *p = signal; *p && !h->rc; p++) {
		char one[2] = { *p == '_' ? ' ' : *p, '\0' };
		cz_html_text(h, one);
	}
	cz_html_raw(h, "</span><q>");
	cz_html_text(h, excerpt);
	cz_html_raw(h, "</q> <span class=\"where\"><code>");
	cz_html_text(h, path);
	cz_html_rawf(h, ":%ld</code>", line);
	if (when && *when) {
		cz_html_raw(h, " ");
		cz_html_text(h, when);
	}
	cz_html_raw(h, "</span></li>\n");
}

static void evidence(cz_html *h, const cz_report *r, size_t i, const cz_report_row *last,
		     const cz_evidence_list *ev)
{
	const cz_evidence **pick;
	size_t n = 0, counted = 0;

	if (!ev) { /* no hit list: each period's strongest hit */
		cz_html_raw(h, "<h3>Strongest evidence per period</h3>\n<ol class=\"evidence\">\n");
		for (size_t k = 0; k < r->n_rows; k++)
			if (r->rows[k].init == i && r->rows[k].top_excerpt) {
				n++;
				evidence_item(h, "evidence", r->rows[k].top_excerpt,
					      r->rows[k].top_path, r->rows[k].top_line,
					      r->rows[k].period.label);
			}
		cz_html_raw(h, n ? "</ol>\n" : "<li>none</li></ol>\n");
		return;
	}
	if (!last)
		return;
	pick = calloc(ev->n ? ev->n : 1, sizeof(*pick));
	if (!pick) {
		h->rc = h->rc ? h->rc : cz_err_set(h->err, CZ_ENOMEM, "out of memory");
		return;
	}
	for (size_t k = 0; k < ev->n; k++) {
		if (!strcmp(ev->v[k].status, "counted"))
			counted++;
		if (listable(&ev->v[k]))
			pick[n++] = &ev->v[k];
	}
	qsort(pick, n, sizeof(*pick), cmp_strength);
	cz_html_rawf(h, "<h3>Top evidence in %s</h3>\n", last->period.label);
	if (!n)
		cz_html_raw(h, "<p>No counted evidence for a component in this period (only "
			    "agreement or brief fields, or hits without an excerpt).</p>\n");
	else
		cz_html_raw(h, "<ol class=\"evidence\">\n");
	for (size_t k = 0; k < n && k < CZ_HTML_EVIDENCE_MAX; k++)
		evidence_item(h, pick[k]->signal, pick[k]->excerpt, pick[k]->path,
			      pick[k]->line, pick[k]->date);
	if (n)
		cz_html_raw(h, "</ol>\n");
	cz_html_rawf(h, "<p class=\"where\">%zu counted hit%s in %s; every one, with "
		     "excepted and capped hits: <code>coalesce explain ", counted,
		     counted == 1 ? "" : "s", last->period.label);
	cz_html_text(h, r->inits[i].id);
	cz_html_rawf(h, " --period %s</code></p>\n", last->period.label);
	free(pick);
}

static void initiative(cz_html *h, const cz_report *r, size_t i, const cz_evidence_list *ev)
{
	const cz_report_initiative *in = &r->inits[i];
	const cz_report_row *last = cz_report_latest(r, i);
	bool any = false;

	for (size_t k = 0; k < r->n_rows && !any; k++)
		any = r->rows[k].init == i;
	cz_html_rawf(h, "<section class=\"initiative\" id=\"init-%zu\">\n<h2>", i + 1);
	cz_html_text(h, in->name);
	cz_html_raw(h, "<span class=\"id\">");
	cz_html_text(h, in->id);
	cz_html_raw(h, "</span></h2>\n");
	if (!any) {
		cz_html_raw(h, "<p>No notes or meetings in this range.</p>\n</section>\n");
		return;
	}
	badges(h, r, i, last);
	cz_html_raw(h, "<div class=\"grid\">\n");
	trend_chart(h, r, i);
	component_bars(h, r, last);
	cz_html_raw(h, "</div>\n");
	brief(h, last);
	evidence(h, r, i, last, ev ? &ev[i] : NULL);
	cz_html_raw(h, "</section>\n");
}

/* ---- data table ------------------------------------------------------ */

static void list_cell(cz_html *h, const cz_strv *sv)
{
	cz_html_raw(h, "<td>");
	for (size_t q = 0; q < sv->n; q++) {
		cz_html_raw(h, q ? ", " : "");
		cz_html_text(h, sv->v[q]);
	}
	cz_html_raw(h, "</td>");
}

static void data_table(cz_html *h, const cz_report *r)
{
	cz_html_raw(h, "<section id=\"data\">\n<h2>All numbers</h2>\n<div class=\"scroll\">\n"
		    "<table>\n<caption>Every initiative and period, as in "
		    "<code>coalesce report --format csv</code></caption>\n<thead><tr>"
		    "<th scope=\"col\">Initiative</th><th scope=\"col\">Period</th>"
		    "<th scope=\"col\">Health</th><th scope=\"col\">Status</th>"
		    "<th scope=\"col\">Trend</th><th scope=\"col\">Confidence</th>"
		    "<th scope=\"col\">Notes</th><th scope=\"col\">Meetings</th>"
		    "<th scope=\"col\">Mood</th><th scope=\"col\">Red flags</th>"
		    "<th scope=\"col\">Brief</th><th scope=\"col\">Never in a meeting</th>"
		    "<th scope=\"col\">Late recruits</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < r->n_rows; k++) {
		const cz_report_row *row = &r->rows[k];
		cz_tone t = tone_of(row);
		cz_html_raw(h, "<tr><th scope=\"row\">");
		cz_html_text(h, r->inits[row->init].id);
		cz_html_rawf(h, "</th><td class=\"p\">%s</td>", row->period.label);
		if (row->out.known)
			cz_html_rawf(h, "<td class=\"n\">%.0f</td>", row->out.health);
		else
			cz_html_raw(h, "<td class=\"n\">&ndash;</td>");
		cz_html_rawf(h, "<td class=\"s\"><span class=\"sw %s\">%s</span>%s%s</td>",
			     cz_tone_word(t),
			     cz_tone_symbol(t), cz_tone_word(t),
			     low_confidence(row) ? " (low confidence)" : "");
		if (row->has_trend)
			cz_html_rawf(h, "<td class=\"n\">%+.0f</td>",
				     row->trend == 0 ? 0.0 : row->trend);
		else
			cz_html_raw(h, "<td class=\"n\">&ndash;</td>");
		cz_html_rawf(h, "<td class=\"n\">%.2f</td><td class=\"n\">%ld</td>"
			     "<td class=\"n\">%ld</td><td>%s</td><td class=\"n\">%ld</td>"
			     "<td class=\"n\">%d/%d</td>", row->out.confidence, row->in.notes,
			     row->in.meetings, row->out.mood ? "yes" : "no", row->out.red_flags,
			     row->brief_fields, CZ_BRIEF_FIELDS);
		list_cell(h, &row->required_missing);
		list_cell(h, &row->late_recruits);
		cz_html_raw(h, "</tr>\n");
	}
	cz_html_raw(h, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* ---- the page -------------------------------------------------------- */

void cz_report_html(const cz_report *r, const cz_evidence_list *ev, cz_html *h)
{
	const char *kind = cz_period_kind_name(r->kind);
	char title[80];

	snprintf(title, sizeof(title), "Initiative health by %s", kind);
	cz_html_begin(h, title, css);
	cz_html_rawf(h, "<main>\n<header>\n<h1>%s</h1>\n<p class=\"meta\">", title);
	cz_html_rawf(h, "%zu initiative%s", r->n_inits, r->n_inits == 1 ? "" : "s");
	if (r->n_rows) {
		size_t ncols = 0;
		const cz_period **cols = columns(r, &ncols);
		if (cols && ncols)
			cz_html_rawf(h, " &middot; %s to %s", cols[0]->label,
				     cols[ncols - 1]->label);
		free(cols);
	}
	cz_html_rawf(h, " &middot; scoring model <code>%s</code></p>\n", r->model);
	cz_html_raw(h, "<nav aria-label=\"contents\"><ul><li><a href=\"#overview\">Overview"
		    "</a></li><li><a href=\"#how\">How to read this</a></li>");
	for (size_t i = 0; i < r->n_inits; i++) {
		cz_html_rawf(h, "<li><a href=\"#init-%zu\">", i + 1);
		cz_html_text(h, r->inits[i].name);
		cz_html_raw(h, "</a></li>");
	}
	cz_html_raw(h, "<li><a href=\"#data\">All numbers</a></li></ul></nav>\n</header>\n");
	overview(h, r);
	how_to_read(h, r);
	for (size_t i = 0; i < r->n_inits; i++)
		initiative(h, r, i, ev);
	data_table(h, r);
	cz_html_rawf(h, "<footer>Written by coalesce &middot; scoring model <code>%s</code> "
		     "&middot; green &ge; %.0f, amber &ge; %.0f &middot; low confidence below "
		     "%.2f &middot; the model is described in docs/scoring.md.</footer>\n"
		     "</main>\n", r->model, r->cfg.green, r->cfg.amber, CZ_HTML_LOW_CONFIDENCE);
	cz_html_end(h);
}

cz_rc cz_report_write_html(const cz_report *r, const cz_evidence_list *ev, FILE *f,
			   cz_err *err)
{
	cz_html h;
	cz_rc rc;

	cz_html_init(&h, err);
	cz_report_html(r, ev, &h);
	rc = cz_html_write(&h, f);
	cz_html_release(&h);
	return rc;
}

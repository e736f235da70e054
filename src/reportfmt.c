/*
 * reportfmt.c - a report as table, CSV and Markdown (see reportfmt.h).
 *
 * Every format reads the same cells: cell() renders column `col` of a row
 * into a buffer and says whether it is a number (written raw to CSV) or
 * text (neutralised). The table and Markdown show a subset of the CSV
 * columns chosen for reading; the CSV has them all.
 */
#include <stdio.h>
#include <string.h>

#include "coalesce/csv.h"
#include "coalesce/reportfmt.h"
#include "coalesce/reporthtml.h"
#include "coalesce/reportjson.h"

const char *const cz_report_columns[] = {
	"initiative", "name", "period", "period_start", "period_end", "health", "status",
	"trend", "confidence", "notes", "meetings", "mood", "red_flags", "brief_coverage",
	"parties", "required_missing", "late_recruits", "context", "outcome", "tradeoffs",
	"commitment", "early_warning", "credit", "integrity", "top_evidence", NULL,
};

enum {
	C_INITIATIVE, C_NAME, C_PERIOD, C_START, C_END, C_HEALTH, C_STATUS, C_TREND,
	C_CONFIDENCE, C_NOTES, C_MEETINGS, C_MOOD, C_RED, C_BRIEF, C_PARTIES, C_MISSING,
	C_LATE, C_COMP0, C_TOP = C_COMP0 + CZ_COMP_N, C_N
};

bool cz_report_format_parse(const char *s, cz_report_format *out)
{
	static const char *const names[] = { "table", "csv", "json", "md", "html" };

	for (int i = 0; i < 5; i++) {
		if (!strcmp(s, names[i])) {
			*out = (cz_report_format)i;
			return true;
		}
	}
	return false;
}

cz_rc cz_report_top_evidence(const cz_report_row *row, cz_buf *out, cz_err *err)
{
	if (!row->top_excerpt)
		return CZ_OK;
	return cz_buf_addf(out, err, "%s (%s:%ld)", row->top_excerpt, row->top_path,
			   row->top_line);
}

static double no_minus_zero(double v)
{
	return v == 0 ? 0.0 : v;
}

/* Render cell `col` of row into out (reset first); *num: a number cell. */
static cz_rc cell(const cz_report *r, const cz_report_row *row, int col, cz_buf *out,
		  bool *num, cz_err *err)
{
	const cz_report_initiative *in = &r->inits[row->init];
	const cz_score_out *o = &row->out;
	char d[CZ_DATE_STR];

	cz_buf_reset(out);
	*num = true;
	switch (col) {
	case C_INITIATIVE: *num = false; return cz_buf_adds(out, in->id, err);
	case C_NAME: *num = false; return cz_buf_adds(out, in->name, err);
	case C_PERIOD: *num = false; return cz_buf_adds(out, row->period.label, err);
	case C_START: cz_date_format(row->period.start, d); return cz_buf_adds(out, d, err);
	case C_END: cz_date_format(row->period.end, d); return cz_buf_adds(out, d, err);
	case C_HEALTH: return o->known ? cz_buf_addf(out, err, "%.0f", o->health) : CZ_OK;
	case C_STATUS: *num = false; return cz_buf_adds(out, o->status, err);
	case C_TREND:
		return row->has_trend ? cz_buf_addf(out, err, "%.0f", no_minus_zero(row->trend))
				      : CZ_OK;
	case C_CONFIDENCE: return cz_buf_addf(out, err, "%.2f", o->confidence);
	case C_NOTES: return cz_buf_addf(out, err, "%ld", row->in.notes);
	case C_MEETINGS: return cz_buf_addf(out, err, "%ld", row->in.meetings);
	case C_MOOD: return cz_buf_adds(out, o->mood ? "true" : "false", err);
	case C_RED: return cz_buf_addf(out, err, "%ld", o->red_flags);
	case C_BRIEF: return cz_buf_addf(out, err, "%.1f", row->brief_coverage);
	case C_PARTIES: *num = false; return cz_strv_join(&row->parties, ";", out, err);
	case C_MISSING: *num = false; return cz_strv_join(&row->required_missing, ";", out, err);
	case C_LATE: *num = false; return cz_strv_join(&row->late_recruits, ";", out, err);
	case C_TOP: *num = false; return cz_report_top_evidence(row, out, err);
	default:
		if (col >= C_COMP0 && col < C_TOP)
			return o->known ? cz_buf_addf(out, err, "%.0f", o->comp[col - C_COMP0])
					: CZ_OK;
		return cz_err_set(err, CZ_EINTERNAL, "report: no column %d", col);
	}
}

static cz_rc write_csv(const cz_report *r, FILE *f, cz_err *err)
{
	cz_csvout w;
	cz_buf b;
	cz_rc rc;
	bool num;

	cz_buf_init(&b, 0);
	cz_csvout_init(&w, f);
	for (int c = 0; c < C_N; c++)
		cz_csvout_num(&w, cz_report_columns[c]);
	rc = cz_csvout_end_row(&w, err);
	for (size_t k = 0; !rc && k < r->n_rows; k++) {
		for (int c = 0; !rc && c < C_N; c++) {
			rc = cell(r, &r->rows[k], c, &b, &num, err);
			if (rc)
				break;
			if (num)
				cz_csvout_num(&w, b.data);
			else
				cz_csvout_text(&w, b.data);
		}
		if (!rc)
			rc = cz_csvout_end_row(&w, err);
	}
	cz_buf_release(&b);
	return rc;
}

/* ---- table ---------------------------------------------------------- */

static const struct {
	const char *title;
	int col;
} table_cols[] = {
	{ "INITIATIVE", C_INITIATIVE }, { "PERIOD", C_PERIOD }, { "HEALTH", C_HEALTH },
	{ "STATUS", C_STATUS }, { "TREND", C_TREND }, { "CONF", C_CONFIDENCE },
	{ "NOTES", C_NOTES }, { "MTGS", C_MEETINGS }, { "MOOD", C_MOOD },
	{ "FLAGS", C_RED }, { "BRIEF", C_BRIEF }, { "MISSING", C_MISSING },
	{ "LATE", C_LATE },
};
#define N_TABLE (sizeof(table_cols) / sizeof(table_cols[0]))

/* Display width of UTF-8 text (code points; wide glyphs are rare here). */
static size_t width(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

/* Replace control characters (C0, DEL, C1) with '?' in place. */
static void defang(cz_buf *b)
{
	unsigned char *p = (unsigned char *)b->data;

	for (size_t i = 0; i < b->len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			p[i] = '?';
		else if (p[i] == 0xC2 && i + 1 < b->len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
			p[i] = p[i + 1] = '?';
	}
}

static const char *status_color(const char *status)
{
	if (!strcmp(status, "green"))
		return "\033[32m";
	if (!strcmp(status, "amber"))
		return "\033[33m";
	if (!strcmp(status, "red"))
		return "\033[31m";
	return "\033[2m";
}

static cz_rc table_cell(const cz_report *r, const cz_report_row *row, size_t t, cz_buf *b,
			cz_err *err)
{
	bool num;
	cz_rc rc = cell(r, row, table_cols[t].col, b, &num, err);

	if (!rc && table_cols[t].col == C_TREND && row->has_trend && row->trend > 0) {
		cz_buf_reset(b);
		rc = cz_buf_addf(b, err, "+%.0f", row->trend);
	}
	if (!rc && !b->len)
		rc = cz_buf_adds(b, "-", err);
	defang(b);
	return rc;
}

static cz_rc write_table(const cz_report *r, FILE *f, bool color, cz_err *err)
{
	size_t w[N_TABLE];
	cz_buf b;
	cz_rc rc = CZ_OK;

	cz_buf_init(&b, 0);
	fprintf(f, "model %s, by %s\n", r->model, cz_period_kind_name(r->kind));
	if (!r->n_rows) {
		fputs("no notes or meetings attributed to an initiative in this range\n", f);
		cz_buf_release(&b);
		return CZ_OK;
	}
	for (size_t t = 0; t < N_TABLE; t++)
		w[t] = width(table_cols[t].title);
	for (size_t k = 0; !rc && k < r->n_rows; k++)
		for (size_t t = 0; !rc && t < N_TABLE; t++) {
			rc = table_cell(r, &r->rows[k], t, &b, err);
			if (!rc && width(b.data) > w[t])
				w[t] = width(b.data);
		}
	for (size_t t = 0; !rc && t < N_TABLE; t++)
		fprintf(f, "%s%-*s", t ? "  " : "", t + 1 < N_TABLE ? (int)w[t] : 0,
			table_cols[t].title);
	fputc('\n', f);
	for (size_t k = 0; !rc && k < r->n_rows; k++) {
		const cz_report_row *row = &r->rows[k];
		for (size_t t = 0; !rc && t < N_TABLE; t++) {
			bool paint = color && table_cols[t].col == C_STATUS;
			size_t pad;
			rc = table_cell(r, row, t, &b, err);
			if (rc)
				break;
			pad = t + 1 < N_TABLE ? w[t] - width(b.data) : 0;
			fprintf(f, "%s%s%s%s%*s", t ? "  " : "", paint ? status_color(row->out.status)
				: "", b.data, paint ? "\033[0m" : "", (int)pad, "");
		}
		fputc('\n', f);
	}
	cz_buf_release(&b);
	return rc;
}

/* ---- Markdown ------------------------------------------------------- */

cz_rc cz_md_escape(cz_buf *out, const char *s, cz_err *err)
{
	cz_rc rc = CZ_OK;

	for (const char *p = s; !rc && *p; p++) {
		switch (*p) {
		case '&': rc = cz_buf_adds(out, "&amp;", err); break;
		case '<': rc = cz_buf_adds(out, "&lt;", err); break;
		case '>': rc = cz_buf_adds(out, "&gt;", err); break;
		case '"': rc = cz_buf_adds(out, "&quot;", err); break;
		case '\n': case '\r': case '\t': rc = cz_buf_addc(out, ' ', err); break;
		case '\\': case '`': case '*': case '_': case '[': case ']': case '|':
		case '#': case '~': case '!': case '{': case '}': case '(': case ')':
			rc = cz_buf_addc(out, '\\', err);
			if (!rc)
				rc = cz_buf_addc(out, *p, err);
			break;
		default:
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				rc = cz_buf_addc(out, '?', err);
			else
				rc = cz_buf_addc(out, *p, err);
		}
	}
	return rc;
}

static cz_rc md_table(const cz_report *r, cz_buf *o, cz_err *err)
{
	static const int cols[] = { C_INITIATIVE, C_PERIOD, C_HEALTH, C_STATUS, C_TREND,
				    C_CONFIDENCE, C_NOTES, C_MEETINGS, C_MOOD, C_RED, C_BRIEF,
				    C_MISSING, C_LATE };
	size_t n = sizeof(cols) / sizeof(cols[0]);
	cz_buf b;
	cz_rc rc = CZ_OK;
	bool num;

	cz_buf_init(&b, 0);
	for (size_t c = 0; !rc && c < n; c++)
		rc = cz_buf_addf(o, err, "| %s ", cz_report_columns[cols[c]]);
	if (!rc)
		rc = cz_buf_adds(o, "|\n", err);
	for (size_t c = 0; !rc && c < n; c++)
		rc = cz_buf_adds(o, c >= 2 && c != 3 && c != 8 && c < 11 ? "|---:" : "|---", err);
	if (!rc)
		rc = cz_buf_adds(o, "|\n", err);
	for (size_t k = 0; !rc && k < r->n_rows; k++) {
		for (size_t c = 0; !rc && c < n; c++) {
			rc = cell(r, &r->rows[k], cols[c], &b, &num, err);
			if (!rc)
				rc = cz_buf_adds(o, "| ", err);
			if (!rc && cols[c] == C_MISSING)
				for (char *p = b.data; *p; p++)
					if (*p == ';')
						*p = ',';
			if (!rc)
				rc = num ? cz_buf_adds(o, b.len ? b.data : "–", err)
					 : cz_md_escape(o, b.len ? b.data : "–", err);
			if (!rc)
				rc = cz_buf_addc(o, ' ', err);
		}
		if (!rc)
			rc = cz_buf_adds(o, "|\n", err);
	}
	cz_buf_release(&b);
	return rc;
}

/* A list of period labels where pred holds, "" when none. */
static cz_rc periods_where(const cz_report *r, size_t init, int what, cz_buf *o, cz_err *err)
{
	cz_rc rc = CZ_OK;
	bool first = true;

	for (size_t k = 0; !rc && k < r->n_rows; k++) {
		const cz_report_row *row = &r->rows[k];
		bool hit = row->init == init &&
			   (what == 0 ? row->out.mood : row->late_recruits.n > 0);
		if (!hit)
			continue;
		rc = cz_buf_adds(o, first ? "" : ", ", err);
		if (!rc && what == 1) {
			for (size_t q = 0; !rc && q < row->late_recruits.n; q++) {
				rc = cz_md_escape(o, row->late_recruits.v[q], err);
				if (!rc)
					rc = cz_buf_adds(o, q + 1 < row->late_recruits.n ? ", " : " ", err);
			}
			if (!rc)
				rc = cz_buf_addf(o, err, "(%s)", row->period.label);
		} else if (!rc) {
			rc = cz_buf_adds(o, row->period.label, err);
		}
		first = false;
	}
	return rc;
}

/* Drop what was appended after mark (a list that turned out empty). */
static void truncate_to(cz_buf *o, size_t mark)
{
	if (o->len > mark) {
		o->len = mark;
		o->data[mark] = '\0';
	}
}

static cz_rc md_narrative(const cz_report *r, size_t i, cz_buf *o, cz_err *err)
{
	const cz_report_initiative *in = &r->inits[i];
	const cz_report_row *last = cz_report_latest(r, i);
	size_t mark;
	long flags = 0;
	bool any = false;
	cz_rc rc = cz_buf_adds(o, "\n### ", err);

	if (!rc)
		rc = cz_md_escape(o, in->name, err);
	if (!rc)
		rc = cz_buf_adds(o, " (", err);
	if (!rc)
		rc = cz_md_escape(o, in->id, err);
	if (!rc)
		rc = cz_buf_adds(o, ")\n\n", err);
	if (rc)
		return rc;
	for (size_t k = 0; k < r->n_rows; k++)
		if (r->rows[k].init == i) {
			flags += r->rows[k].out.red_flags;
			any = true;
		}
	if (!any)
		return cz_buf_adds(o, "No notes or meetings in this range.\n", err);
	if (!last) {
		rc = cz_buf_adds(o, "- No period in this range has evidence to score "
				 "(status unknown).\n", err);
	} else {
		rc = cz_buf_addf(o, err, "- Latest scored period %s: health %.0f, status %s "
				 "(confidence %.2f)", last->period.label, last->out.health,
				 last->out.status, last->out.confidence);
		if (!rc && last->has_trend)
			rc = cz_buf_addf(o, err, ", %+.0f on the period before",
					 no_minus_zero(last->trend));
		if (!rc)
			rc = cz_buf_adds(o, ".\n", err);
	}
	if (!rc)
		rc = cz_buf_adds(o, "- Health by period:", err);
	for (size_t k = 0; !rc && k < r->n_rows; k++)
		if (r->rows[k].init == i)
			rc = r->rows[k].out.known
			     ? cz_buf_addf(o, err, " %s %.0f;", r->rows[k].period.label,
					   r->rows[k].out.health)
			     : cz_buf_addf(o, err, " %s unknown;", r->rows[k].period.label);
	if (!rc)
		rc = cz_buf_addf(o, err, "\n- Red flags in these periods: %ld.\n", flags);
	mark = o->len;
	if (!rc)
		rc = cz_buf_adds(o, "- Mood (agreement without tradeoffs or stop conditions): ", err);
	if (!rc) {
		size_t before = o->len;
		rc = periods_where(r, i, 0, o, err);
		if (!rc && o->len == before)
			truncate_to(o, mark);
		else if (!rc)
			rc = cz_buf_adds(o, ".\n", err);
	}
	mark = o->len;
	if (!rc)
		rc = cz_buf_adds(o, "- Late recruits: ", err);
	if (!rc) {
		size_t before = o->len;
		rc = periods_where(r, i, 1, o, err);
		if (!rc && o->len == before)
			truncate_to(o, mark);
		else if (!rc)
			rc = cz_buf_adds(o, ".\n", err);
	}
	if (!rc && last && last->required_missing.n) {
		rc = cz_buf_adds(o, "- Required parties never in a meeting: ", err);
		for (size_t q = 0; !rc && q < last->required_missing.n; q++) {
			rc = cz_md_escape(o, last->required_missing.v[q], err);
			if (!rc)
				rc = cz_buf_adds(o, q + 1 < last->required_missing.n ? ", " : ".\n", err);
		}
	}
	if (!rc && last)
		rc = cz_buf_addf(o, err, "- Coalition brief: %d of %d fields written.\n",
				 last->brief_fields, CZ_BRIEF_FIELDS);
	if (!rc && last && last->top_excerpt) {
		rc = cz_buf_adds(o, "- Strongest evidence in that period: ", err);
		if (!rc)
			rc = cz_md_escape(o, last->top_excerpt, err);
		if (!rc)
			rc = cz_buf_adds(o, " (`", err);
		if (!rc)
			rc = cz_md_escape(o, last->top_path, err);
		if (!rc)
			rc = cz_buf_addf(o, err, ":%ld`)\n", last->top_line);
	}
	return rc;
}

static cz_rc write_md(const cz_report *r, FILE *f, cz_err *err)
{
	cz_buf o;
	cz_rc rc;

	cz_buf_init(&o, 0);
	rc = cz_buf_addf(&o, err, "## Initiative health by %s\n\nScoring model `%s`; "
			       "status green ≥ %.0f, amber ≥ %.0f; see docs/scoring.md.\n\n",
			       cz_period_kind_name(r->kind), r->model, r->cfg.green, r->cfg.amber);

	if (!rc)
		rc = md_table(r, &o, err);
	for (size_t i = 0; !rc && i < r->n_inits; i++)
		rc = md_narrative(r, i, &o, err);
	if (!rc && fwrite(o.data, 1, o.len, f) != o.len)
		rc = cz_err_set(err, CZ_EIO, "error writing Markdown output");
	cz_buf_release(&o);
	return rc;
}

cz_rc cz_report_write(const cz_report *r, cz_report_format fmt, FILE *f, bool color,
		      cz_err *err)
{
	switch (fmt) {
	case CZ_FMT_TABLE: return write_table(r, f, color, err);
	case CZ_FMT_CSV: return write_csv(r, f, err);
	case CZ_FMT_JSON: return cz_report_write_json(r, f, err);
	case CZ_FMT_MD: return write_md(r, f, err);
	case CZ_FMT_HTML: return cz_report_write_html(r, NULL, f, err);
	}
	return cz_err_set(err, CZ_EINTERNAL, "report: unknown format %d", (int)fmt);
}

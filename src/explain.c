/*
 * explain.c - the text form of `coalesce explain` (see explain.h).
 *
 * Laid out so a reader can redo the arithmetic by hand: each component's
 * hits, capped weight per note (density), the curve's half point and the
 * result; then the weighted mean that gives health; then the evidence.
 */
#include <string.h>

#include "coalesce/explain.h"

/* Print s with control characters (C0, DEL, C1) shown as '?'. */
static void put(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			fputc('?', f);
		} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			fputc('?', f);
			p++;
		} else {
			fputc(*p, f);
		}
	}
}

static void put_list(FILE *f, const cz_strv *sv)
{
	if (!sv->n)
		fputs("none", f);
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			fputs(", ", f);
		put(f, sv->v[i]);
	}
}

static void components(const cz_report *r, const cz_report_row *row, FILE *f)
{
	const cz_score_out *o = &row->out;
	double wsum = 0;

	fputs("\ncomponents  (score = 100*(1-2^(-density/half)); integrity = "
	      "100*2^(-density/half);\n             density = counted weight per note, "
	      "each note capped", f);
	fprintf(f, " at %g per signal)\n", r->cfg.note_cap);
	for (int c = 0; c < CZ_COMP_N; c++) {
		fprintf(f, "  %-14s ", cz_component_name((cz_component)c));
		if (o->known)
			fprintf(f, "%3.0f", o->comp[c]);
		else
			fputs("  -", f);
		fprintf(f, "  hits %-4ld density %.2f  half %.2f  weight %.2f",
			o->evidence[c], o->density[c], r->cfg.half[c], r->cfg.weight[c]);
		if (c == CZ_COMP_COMMITMENT && row->in.calendar && row->in.required > 0)
			fprintf(f, "  required parties present %ld/%ld (share %.2f)",
				row->in.required_seen, row->in.required, r->cfg.parties_share);
		if (c == CZ_COMP_INTEGRITY && row->in.late_recruits)
			fprintf(f, "  incl. %ld calendar late recruit(s) x %.2f",
				row->in.late_recruits, r->cfg.late_weight);
		fputc('\n', f);
		wsum += r->cfg.weight[c];
	}
	if (!o->known) {
		fputs("health      unknown: no counted evidence in this period's notes\n", f);
		return;
	}
	fputs("health      = (", f);
	for (int c = 0; c < CZ_COMP_N; c++)
		fprintf(f, "%s%g*%.0f", c ? " + " : "", r->cfg.weight[c], o->comp[c]);
	fprintf(f, ") / %g = %.0f\n", wsum, o->health);
}

static void calendar(const cz_report *r, const cz_report_row *row, FILE *f)
{
	const cz_report_initiative *in = &r->inits[row->init];

	fputs("\ncalendar\n  first meeting       ", f);
	fputs(in->first_meeting[0] ? in->first_meeting : "none (no meetings imported)", f);
	fputs("\n  required parties    ", f);
	put_list(f, &in->required);
	fputs("\n  parties this period ", f);
	put_list(f, &row->parties);
	fputs("\n  never seen by end   ", f);
	put_list(f, &row->required_missing);
	fputs("\n  late this period    ", f);
	put_list(f, &row->late_recruits);
	fputc('\n', f);
	if (in->n_firsts)
		fprintf(f, "  first appearances (late = required and more than %ld days "
			"after the first meeting):\n", r->cfg.late_after_days);
	for (size_t k = 0; k < in->n_firsts; k++) {
		const cz_party_first *p = &in->firsts[k];
		fputs("    ", f);
		put(f, p->team);
		fprintf(f, "%*s %s  +%ld days%s%s  \"", (int)(16 - (strlen(p->team) < 16 ?
			strlen(p->team) : 16)), "", p->date, p->days_after,
			p->required ? "  required" : "", p->late ? "  LATE" : "");
		put(f, p->subject);
		fputs("\"\n", f);
	}
}

cz_rc cz_explain_write_text(const cz_report *r, const cz_report_row *row,
			    const cz_evidence_list *ev, FILE *f, cz_err *err)
{
	const cz_report_initiative *in = &r->inits[row->init];
	char s[CZ_DATE_STR], e[CZ_DATE_STR];
	size_t counted = 0;

	(void)err;
	cz_date_format(row->period.start, s);
	cz_date_format(row->period.end, e);
	fputs("initiative  ", f);
	put(f, in->id);
	fputs(" (", f);
	put(f, in->name);
	fprintf(f, ")\nperiod      %s  %s .. %s\nmodel       %s\n", row->period.label, s, e,
		r->model);
	if (row->out.known)
		fprintf(f, "health      %.0f  %s  (confidence %.2f", row->out.health,
			row->out.status, row->out.confidence);
	else
		fprintf(f, "health      -  unknown  (confidence %.2f", row->out.confidence);
	if (row->has_trend)
		fprintf(f, ", trend %+.0f", row->trend == 0 ? 0.0 : row->trend);
	fprintf(f, ")\nnotes %ld, meetings %ld; mood %s; red flags %ld; brief coverage %.1f "
		"(%d of %d fields)\n", row->in.notes, row->in.meetings,
		row->out.mood ? "yes (agreement without tradeoffs or stop conditions)" : "no",
		row->out.red_flags, row->brief_coverage, row->brief_fields, CZ_BRIEF_FIELDS);
	components(r, row, f);
	calendar(r, row, f);
	for (size_t i = 0; i < ev->n; i++)
		counted += !strcmp(ev->v[i].status, "counted");
	fprintf(f, "\nevidence (%zu hits, %zu counted; only counted hits score)\n", ev->n,
		counted);
	for (size_t i = 0; i < ev->n; i++) {
		const cz_evidence *x = &ev->v[i];
		fprintf(f, "  %s  ", x->date);
		put(f, x->path);
		fprintf(f, ":%ld  %s  ", x->line, x->signal);
		put(f, x->rule);
		fprintf(f, "  %s  w%g", x->status, x->weight);
		if (x->speaker) {
			fputs("  speaker ", f);
			put(f, x->speaker);
		}
		fputs("\n      \"", f);
		put(f, x->excerpt);
		fputs("\"\n", f);
	}
	if (ferror(f))
		return cz_err_set(err, CZ_EIO, "error writing output");
	return CZ_OK;
}

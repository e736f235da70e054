/*
 * reportjson.c - reports and explanations as JSON (see reportjson.h).
 *
 * Built as a jansson tree and dumped once with sorted keys, so output is
 * stable for diffs and tests. Any allocation failure along the way makes
 * the whole dump fail with CZ_ENOMEM (jansson's setters free the value
 * they are given even on failure, so nothing leaks).
 */
#include <stdlib.h>
#include <jansson.h>

#include "coalesce/reportjson.h"
#include "coalesce/reportfmt.h"

static json_t *strv_array(const cz_strv *sv)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

static json_t *date_str(cz_date d)
{
	char s[CZ_DATE_STR];

	cz_date_format(d, s);
	return json_string(s);
}

static json_t *maybe_int(bool known, double v)
{
	return known ? json_integer((json_int_t)v) : json_null();
}

/* The CSV columns of one row, typed; plus evidence counts per component. */
static json_t *row_json(const cz_report *r, const cz_report_row *row)
{
	const cz_report_initiative *in = &r->inits[row->init];
	const cz_score_out *o = &row->out;
	json_t *j = json_object(), *ev = json_object();
	cz_buf top;
	cz_err err;

	if (!j || !ev) {
		json_decref(j);
		json_decref(ev);
		return NULL;
	}
	cz_buf_init(&top, 0);
	json_object_set_new(j, "initiative", json_string(in->id));
	json_object_set_new(j, "name", json_string(in->name));
	json_object_set_new(j, "period", json_string(row->period.label));
	json_object_set_new(j, "period_start", date_str(row->period.start));
	json_object_set_new(j, "period_end", date_str(row->period.end));
	json_object_set_new(j, "health", maybe_int(o->known, o->health));
	json_object_set_new(j, "status", json_string(o->status));
	json_object_set_new(j, "trend", maybe_int(row->has_trend, row->trend));
	json_object_set_new(j, "confidence", json_real(o->confidence));
	json_object_set_new(j, "notes", json_integer(row->in.notes));
	json_object_set_new(j, "meetings", json_integer(row->in.meetings));
	json_object_set_new(j, "mood", json_boolean(o->mood));
	json_object_set_new(j, "red_flags", json_integer(o->red_flags));
	json_object_set_new(j, "brief_coverage", json_real(row->brief_coverage));
	json_object_set_new(j, "parties", strv_array(&row->parties));
	json_object_set_new(j, "required_missing", strv_array(&row->required_missing));
	json_object_set_new(j, "late_recruits", strv_array(&row->late_recruits));
	for (int c = 0; c < CZ_COMP_N; c++) {
		json_object_set_new(j, cz_component_name((cz_component)c),
				    maybe_int(o->known, o->comp[c]));
		json_object_set_new(ev, cz_component_name((cz_component)c),
				    json_integer(o->evidence[c]));
	}
	json_object_set_new(ev, "late_recruits_calendar", json_integer(row->in.late_recruits));
	json_object_set_new(ev, "vague_agreement",
			    json_integer(row->in.hits[CZ_SIG_VAGUE_AGREEMENT]));
	json_object_set_new(j, "evidence", ev);
	if (cz_report_top_evidence(row, &top, &err) == CZ_OK && top.len)
		json_object_set_new(j, "top_evidence", json_string(top.data));
	else
		json_object_set_new(j, "top_evidence", json_null());
	cz_buf_release(&top);
	return j;
}

static cz_rc dump(json_t *root, FILE *f, cz_err *err)
{
	char *text;
	int bad;

	if (!root)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(4));
	json_decref(root);
	if (!text)
		return cz_err_set(err, CZ_ENOMEM, "out of memory writing JSON");
	bad = fputs(text, f) == EOF || fputc('\n', f) == EOF;
	free(text);
	return bad ? cz_err_set(err, CZ_EIO, "error writing JSON output") : CZ_OK;
}

cz_rc cz_report_write_json(const cz_report *r, FILE *f, cz_err *err)
{
	json_t *root = json_object(), *inits = json_array();

	if (!root || !inits) {
		json_decref(root);
		json_decref(inits);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	json_object_set_new(root, "model", json_string(r->model));
	json_object_set_new(root, "period_kind", json_string(cz_period_kind_name(r->kind)));
	for (size_t i = 0; i < r->n_inits; i++) {
		json_t *o = json_object(), *rows = json_array();
		for (size_t k = 0; rows && k < r->n_rows; k++)
			if (r->rows[k].init == i)
				json_array_append_new(rows, row_json(r, &r->rows[k]));
		json_object_set_new(o, "initiative", json_string(r->inits[i].id));
		json_object_set_new(o, "name", json_string(r->inits[i].name));
		json_object_set_new(o, "periods", rows);
		json_array_append_new(inits, o);
	}
	json_object_set_new(root, "initiatives", inits);
	return dump(root, f, err);
}

static json_t *calendar_json(const cz_report_initiative *in, const cz_report_row *row)
{
	json_t *c = json_object(), *firsts = json_array();

	for (size_t k = 0; firsts && k < in->n_firsts; k++) {
		const cz_party_first *p = &in->firsts[k];
		json_t *o = json_object();
		json_object_set_new(o, "team", json_string(p->team));
		json_object_set_new(o, "first_meeting", json_string(p->date));
		json_object_set_new(o, "subject", json_string(p->subject));
		json_object_set_new(o, "days_after_start", json_integer(p->days_after));
		json_object_set_new(o, "required", json_boolean(p->required));
		json_object_set_new(o, "late", json_boolean(p->late));
		json_array_append_new(firsts, o);
	}
	json_object_set_new(c, "first_meeting", in->first_meeting[0]
			    ? json_string(in->first_meeting) : json_null());
	json_object_set_new(c, "required", strv_array(&in->required));
	json_object_set_new(c, "parties", strv_array(&row->parties));
	json_object_set_new(c, "required_missing", strv_array(&row->required_missing));
	json_object_set_new(c, "late_recruits", strv_array(&row->late_recruits));
	json_object_set_new(c, "first_appearances", firsts);
	return c;
}

cz_rc cz_explain_write_json(const cz_report *r, const cz_report_row *row,
			    const cz_evidence_list *ev, FILE *f, cz_err *err)
{
	json_t *root = row_json(r, row), *comps = json_object(), *list = json_array();

	if (!root || !comps || !list) {
		json_decref(root);
		json_decref(comps);
		json_decref(list);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	json_object_set_new(root, "model", json_string(r->model));
	for (int c = 0; c < CZ_COMP_N; c++) {
		json_t *o = json_object();
		json_object_set_new(o, "score", maybe_int(row->out.known, row->out.comp[c]));
		json_object_set_new(o, "density", json_real(row->out.density[c]));
		json_object_set_new(o, "half", json_real(r->cfg.half[c]));
		json_object_set_new(o, "weight", json_real(r->cfg.weight[c]));
		json_object_set_new(o, "hits", json_integer(row->out.evidence[c]));
		if (c == CZ_COMP_COMMITMENT)
			json_object_set_new(o, "required_present", json_real(row->out.presence));
		json_object_set_new(comps, cz_component_name((cz_component)c), o);
	}
	json_object_set_new(root, "components", comps);
	json_object_set_new(root, "calendar", calendar_json(&r->inits[row->init], row));
	for (size_t i = 0; i < ev->n; i++) {
		const cz_evidence *e = &ev->v[i];
		json_t *o = json_object();
		int s = cz_signal_find(e->signal);
		int c = s >= 0 ? cz_signal_component((cz_signal)s) : -1;
		json_object_set_new(o, "signal", json_string(e->signal));
		json_object_set_new(o, "rule", json_string(e->rule));
		json_object_set_new(o, "status", json_string(e->status));
		json_object_set_new(o, "path", json_string(e->path));
		json_object_set_new(o, "line", json_integer(e->line));
		json_object_set_new(o, "col", json_integer(e->col));
		json_object_set_new(o, "date", json_string(e->date));
		json_object_set_new(o, "excerpt", e->excerpt ? json_string(e->excerpt) : json_null());
		json_object_set_new(o, "speaker", e->speaker ? json_string(e->speaker) : json_null());
		json_object_set_new(o, "weight", json_real(e->weight));
		json_object_set_new(o, "component", c >= 0 ? json_string(
					    cz_component_name((cz_component)c)) : json_null());
		json_array_append_new(list, o);
	}
	json_object_set_new(root, "evidence", list);
	return dump(root, f, err);
}

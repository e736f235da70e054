/*
 * report.c - gathering a health report from the database (see report.h).
 *
 * Workload: one pass per query over signals / notes / meetings, each
 * grouped by (initiative, day) in SQL so the result sets stay small (days,
 * not hits) however many hits are stored; C then buckets days into
 * periods, which keeps the period arithmetic (ISO weeks) in one tested
 * place (period.c) instead of SQL date functions.
 *
 * Per-note saturation: SQL returns each note's counted weight per signal
 * (grouped in the order of the covering index signals_report) and C caps
 * it at note_cap before summing, so signals are scanned exactly once.
 *
 * Layout: rows for one initiative are contiguous and sorted by period, so
 * a day is mapped to its row by computing its period and binary-searching
 * the initiative's slice.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coalesce/privacy.h"
#include "coalesce/report.h"

static const char q_inits[] = "SELECT id, name FROM initiatives ORDER BY id";
static const char q_required[] =
	"SELECT initiative_id, team FROM initiative_parties ORDER BY initiative_id, team";
static const char q_notes[] =
	"SELECT ni.initiative_id, n.date, count(*) FROM note_initiatives ni "
	"JOIN notes n ON n.id = ni.note_id GROUP BY 1, 2";
static const char q_meetings[] =
	"SELECT mi.initiative_id, substr(m.start, 1, 10), count(*) FROM meeting_initiatives mi "
	"JOIN meetings m ON m.id = mi.meeting_id GROUP BY 1, 2";
/*
 * One pass over signals, through the covering index signals_report
 * (note_id, signal, status, weight): the inner query groups each note's
 * counted hits per signal in index order; only those (note, signal)
 * groups are joined to notes and initiatives. C then caps each group at
 * note_cap, sums per period, tracks the strongest group per period for
 * top_evidence, and the first date of each brief field.
 */
static const char q_signals[] =
	"SELECT ni.initiative_id, n.date, a.signal, a.c, a.w, a.mx, a.note_id FROM ("
	" SELECT note_id, signal, count(*) AS c, sum(abs(weight)) AS w, max(abs(weight)) AS mx"
	" FROM signals WHERE status = 'counted' GROUP BY note_id, signal) a"
	" JOIN notes n ON n.id = a.note_id JOIN note_initiatives ni ON ni.note_id = a.note_id";
/* The strongest counted hit of one (note, signal) group, for top_evidence. */
static const char q_top[] =
	"SELECT s.excerpt, s.line, n.relpath FROM signals s JOIN notes n ON n.id = s.note_id"
	" WHERE s.note_id = ?1 AND s.signal = ?2 AND s.status = 'counted'"
	" AND s.excerpt IS NOT NULL AND s.excerpt <> ''"
	" ORDER BY abs(s.weight) DESC, s.line, s.col LIMIT 1";
static const char q_parties[] =
	"SELECT DISTINCT mi.initiative_id, substr(m.start, 1, 10), p.team, m.subject, m.start"
	" FROM meeting_initiatives mi JOIN meetings m ON m.id = mi.meeting_id"
	" JOIN attendees a ON a.meeting_id = m.id JOIN people p ON p.id = a.person_id"
	" WHERE p.team IS NOT NULL AND p.team <> '' ORDER BY 1, 5, 3";
/* Through the notes' initiatives into signals_report (there is no index
 * by signal alone: it cost more to store than this lookup saves). */
static const char q_late_text[] =
	"SELECT ni.initiative_id, n.date, s.excerpt FROM note_initiatives ni"
	" CROSS JOIN signals s ON s.note_id = ni.note_id AND s.signal = 'late_recruitment'"
	" AND s.status = 'counted' JOIN notes n ON n.id = ni.note_id"
	" WHERE s.excerpt IS NOT NULL ORDER BY 1, 2, s.id";
static const char q_teams[] =
	"SELECT team FROM people WHERE team IS NOT NULL AND team <> ''"
	" UNION SELECT team FROM initiative_parties ORDER BY 1";
static const char q_teamless[] =
	"SELECT DISTINCT name FROM people WHERE (team IS NULL OR team = '') AND length(name) > 2";

void cz_report_init(cz_report *r)
{
	memset(r, 0, sizeof(*r));
	r->model = CZ_SCORE_MODEL;
	cz_score_cfg_defaults(&r->cfg);
}

static void row_release(cz_report_row *row)
{
	cz_strv_release(&row->parties);
	cz_strv_release(&row->required_missing);
	cz_strv_release(&row->late_recruits);
	free(row->top_excerpt);
	free(row->top_path);
}

void cz_report_release(cz_report *r)
{
	for (size_t i = 0; i < r->n_rows; i++)
		row_release(&r->rows[i]);
	free(r->rows);
	for (size_t i = 0; i < r->n_inits; i++) {
		cz_report_initiative *in = &r->inits[i];
		free(in->id);
		free(in->name);
		cz_strv_release(&in->required);
		for (size_t k = 0; k < in->n_firsts; k++) {
			free(in->firsts[k].team);
			free(in->firsts[k].subject);
		}
		free(in->firsts);
	}
	free(r->inits);
	cz_report_init(r);
}

/* Working state while building: per-initiative activity span and row slice. */
typedef struct span {
	int64_t lo, hi;    /* first and last active day; lo > hi: none */
	size_t row0, nrows;
} span;

static int find_init(const cz_report *r, const char *id)
{
	size_t lo = 0, hi = r->n_inits;

	while (lo < hi) { /* inits are sorted by id (ORDER BY id, C collation) */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->inits[mid].id, id);
		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Day number of column col ("YYYY-MM-DD..."), or false when not a date. */
static bool col_day(cz_stmt *st, int col, int64_t *day, cz_date *date)
{
	const char *s = cz_stmt_text(st, col);
	cz_date d;

	if (!s || !cz_date_parse_iso(s, strlen(s), &d, NULL))
		return false;
	*day = cz_date_days(d);
	if (date)
		*date = d;
	return true;
}

/* The row of initiative i holding day, or NULL when outside its slice. */
static cz_report_row *row_for(cz_report *r, const span *sp, int i, int64_t day)
{
	const span *s = &sp[i];
	size_t lo = s->row0, hi = s->row0 + s->nrows;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		cz_report_row *row = &r->rows[mid];
		if (day < cz_date_days(row->period.start))
			hi = mid;
		else if (day > cz_date_days(row->period.end))
			lo = mid + 1;
		else
			return row;
	}
	return NULL;
}

static cz_rc load_inits(cz_db *db, const cz_report_opts *o, cz_report *r, cz_err *err)
{
	cz_stmt *st = NULL;
	bool more;
	cz_rc rc = cz_db_prepare(db, q_inits, &st, err);
	size_t cap = 0;

	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		const char *id = cz_stmt_text(st, 0), *name = cz_stmt_text(st, 1);
		bool want = o->n_initiatives == 0;
		for (size_t k = 0; k < o->n_initiatives && !want; k++)
			want = !strcmp(o->initiatives[k], id);
		if (!want)
			continue;
		if (r->n_inits == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			cz_report_initiative *v = realloc(r->inits, ncap * sizeof(*v));
			if (!v) {
				rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
				break;
			}
			r->inits = v;
			cap = ncap;
		}
		memset(&r->inits[r->n_inits], 0, sizeof(r->inits[0]));
		r->inits[r->n_inits].id = cz_strdup(id, err);
		r->inits[r->n_inits].name = cz_strdup(name ? name : id, err);
		r->n_inits++;
		if (!r->inits[r->n_inits - 1].id || !r->inits[r->n_inits - 1].name)
			rc = CZ_ENOMEM;
	}
	cz_stmt_finalize(st);
	for (size_t k = 0; !rc && k < o->n_initiatives; k++)
		if (find_init(r, o->initiatives[k]) < 0)
			rc = cz_err_set(err, CZ_ENOINPUT, "initiative '%s' is not in the database "
					"(known initiatives come from coalesce.yml and note front "
					"matter; run 'coalesce ingest' first)", o->initiatives[k]);
	if (!rc)
		rc = cz_db_prepare(db, q_required, &st, err);
	else
		return rc;
	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		int i = find_init(r, cz_stmt_text(st, 0));
		if (i >= 0)
			rc = cz_strv_push(&r->inits[i].required, cz_stmt_text(st, 1), err);
	}
	cz_stmt_finalize(st);
	return rc;
}

/* Widen each initiative's span with the days of a (initiative, day, ...) query. */
static cz_rc scan_span(cz_db *db, const char *sql, cz_report *r, span *sp, cz_err *err)
{
	cz_stmt *st = NULL;
	bool more;
	cz_rc rc = cz_db_prepare(db, sql, &st, err);

	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		int i = find_init(r, cz_stmt_text(st, 0));
		int64_t day;
		if (i < 0 || !col_day(st, 1, &day, NULL))
			continue;
		if (day < sp[i].lo)
			sp[i].lo = day;
		if (day > sp[i].hi)
			sp[i].hi = day;
	}
	if (st)
		cz_stmt_finalize(st);
	return rc;
}

static cz_rc make_rows(cz_report *r, span *sp, cz_err *err)
{
	size_t total = 0, k = 0;

	for (size_t i = 0; i < r->n_inits; i++) {
		cz_period p, last;
		if (sp[i].lo > sp[i].hi)
			continue;
		cz_period_of(r->kind, cz_date_from_days(sp[i].lo), &p);
		cz_period_of(r->kind, cz_date_from_days(sp[i].hi), &last);
		for (sp[i].nrows = 1; strcmp(p.label, last.label); sp[i].nrows++)
			cz_period_next(&p, &p);
		total += sp[i].nrows;
	}
	r->rows = calloc(total + 1, sizeof(*r->rows));
	if (!r->rows)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->n_inits; i++) {
		cz_period p;
		sp[i].row0 = k;
		if (!sp[i].nrows)
			continue;
		cz_period_of(r->kind, cz_date_from_days(sp[i].lo), &p);
		for (size_t n = 0; n < sp[i].nrows; n++, k++) {
			r->rows[k].init = i;
			r->rows[k].period = p;
			r->rows[k].in.required = (long)r->inits[i].required.n;
			cz_period_next(&p, &p);
		}
	}
	r->n_rows = total;
	return CZ_OK;
}

enum { ADD_NOTES, ADD_MEETINGS };

static cz_rc add_counts(cz_db *db, const char *sql, int what, cz_report *r, span *sp,
			cz_err *err)
{
	cz_stmt *st = NULL;
	bool more;
	cz_rc rc = cz_db_prepare(db, sql, &st, err);

	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		int i = find_init(r, cz_stmt_text(st, 0));
		int64_t day;
		cz_report_row *row;
		if (i < 0 || !col_day(st, 1, &day, NULL) || !(row = row_for(r, sp, i, day)))
			continue;
		if (what == ADD_NOTES)
			row->in.notes += (long)cz_stmt_int(st, 2);
		else
			row->in.meetings += (long)cz_stmt_int(st, 2);
	}
	if (st)
		cz_stmt_finalize(st);
	return rc;
}

/* The strongest (note, signal) group seen so far for one row. */
typedef struct top_pick {
	double weight; /* 0: none yet */
	int64_t day, note;
	int signal;
} top_pick;

static bool stronger(const top_pick *t, double w, int64_t day, int64_t note)
{
	if (w != t->weight)
		return w > t->weight;
	return day < t->day || (day == t->day && note < t->note);
}

/*
 * Hits, capped weights, top candidates and brief fields' first days
 * (brief[i * CZ_BRIEF_FIELDS + k], INT64_MAX when never seen).
 */
static cz_rc add_signals(cz_db *db, cz_report *r, span *sp, top_pick *tops, int64_t *brief,
			 cz_err *err)
{
	cz_stmt *st = NULL;
	bool more;
	cz_rc rc = cz_db_prepare(db, q_signals, &st, err);

	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		int i = find_init(r, cz_stmt_text(st, 0));
		int s = cz_signal_find(cz_stmt_text(st, 2) ? cz_stmt_text(st, 2) : "");
		double w = cz_stmt_double(st, 4), mx = cz_stmt_double(st, 5);
		int64_t day, note = cz_stmt_int(st, 6);
		cz_report_row *row;
		top_pick *t;
		if (i < 0 || s < 0 || !col_day(st, 1, &day, NULL) || !(row = row_for(r, sp, i, day)))
			continue;
		row->in.hits[s] += (long)cz_stmt_int(st, 3);
		row->in.capped[s] += w < r->cfg.note_cap ? w : r->cfg.note_cap;
		if (cz_signal_is_brief((cz_signal)s)) {
			int64_t *b = &brief[(size_t)i * CZ_BRIEF_FIELDS +
					    (size_t)(s - CZ_SIG_BRIEF_OUTCOME)];
			if (day < *b)
				*b = day;
			continue;
		}
		t = &tops[row - r->rows];
		if (s != CZ_SIG_VAGUE_AGREEMENT && mx > 0 && stronger(t, mx, day, note)) {
			t->weight = mx;
			t->day = day;
			t->note = note;
			t->signal = s;
		}
	}
	if (st)
		cz_stmt_finalize(st);
	return rc;
}

/* Fetch the excerpt of each row's strongest group (one indexed lookup per row). */
static cz_rc add_top(cz_db *db, cz_report *r, const top_pick *tops, cz_err *err)
{
	cz_stmt *st = NULL;
	bool more;
	cz_rc rc = cz_db_prepare(db, q_top, &st, err);

	for (size_t k = 0; !rc && k < r->n_rows; k++) {
		cz_report_row *row = &r->rows[k];
		if (tops[k].weight <= 0)
			continue;
		cz_stmt_reset(st);
		rc = cz_stmt_bind_int(st, 1, tops[k].note, err);
		if (!rc)
			rc = cz_stmt_bind_text(st, 2, cz_signal_name((cz_signal)tops[k].signal), err);
		if (!rc)
			rc = cz_stmt_step(st, &more, err);
		if (rc || !more)
			continue;
		row->top_excerpt = cz_strdup(cz_stmt_text(st, 0), err);
		row->top_line = (long)cz_stmt_int(st, 1);
		row->top_path = cz_strdup(cz_stmt_text(st, 2), err);
		if (!row->top_excerpt || !row->top_path)
			rc = CZ_ENOMEM;
	}
	if (st)
		cz_stmt_finalize(st);
	return rc;
}

/* Sorted insert without duplicates. */
static cz_rc set_add(cz_strv *sv, const char *s, cz_err *err)
{
	size_t at;
	cz_rc rc;

	if (cz_strv_find(sv, s) >= 0)
		return CZ_OK;
	rc = cz_strv_push(sv, s, err);
	if (rc)
		return rc;
	for (at = sv->n - 1; at > 0 && strcmp(sv->v[at - 1], sv->v[at]) > 0; at--) {
		char *t = sv->v[at - 1];
		sv->v[at - 1] = sv->v[at];
		sv->v[at] = t;
	}
	return CZ_OK;
}

static cz_rc add_first(cz_report_initiative *in, const char *team, const char *day,
		       const char *subject, cz_err *err)
{
	cz_party_first *v = realloc(in->firsts, (in->n_firsts + 1) * sizeof(*v));
	cz_party_first *f;

	if (!v)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	in->firsts = v;
	f = &v[in->n_firsts++];
	memset(f, 0, sizeof(*f));
	snprintf(f->date, sizeof(f->date), "%.10s", day);
	f->required = cz_strv_find(&in->required, team) >= 0;
	f->team = cz_strdup(team, err);
	f->subject = cz_strdup(subject ? subject : "", err);
	return f->team && f->subject ? CZ_OK : CZ_ENOMEM;
}

/* Parties per period and each team's first appearance per initiative. */
static cz_rc add_parties(cz_db *db, cz_report *r, span *sp, cz_err *err)
{
	cz_stmt *st = NULL;
	bool more;
	cz_rc rc = cz_db_prepare(db, q_parties, &st, err);

	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		int i = find_init(r, cz_stmt_text(st, 0));
		const char *team = cz_stmt_text(st, 2);
		cz_report_initiative *in;
		int64_t day;
		cz_report_row *row;
		bool seen = false;
		if (i < 0 || !team || !col_day(st, 1, &day, NULL))
			continue;
		in = &r->inits[i];
		for (size_t k = 0; k < in->n_firsts && !seen; k++)
			seen = !strcmp(in->firsts[k].team, team);
		if (!seen)
			rc = add_first(in, team, cz_stmt_text(st, 1), cz_stmt_text(st, 3), err);
		row = row_for(r, sp, i, day);
		if (!rc && row)
			rc = set_add(&row->parties, team, err);
	}
	if (st)
		cz_stmt_finalize(st);
	return rc;
}

/* First meeting day of each initiative, from the meetings query. */
static cz_rc first_meetings(cz_db *db, cz_report *r, cz_err *err)
{
	cz_stmt *st = NULL;
	bool more;
	cz_rc rc = cz_db_prepare(db, q_meetings, &st, err);

	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		int i = find_init(r, cz_stmt_text(st, 0));
		int64_t day;
		cz_date d;
		char s[CZ_DATE_STR];
		if (i < 0 || !col_day(st, 1, &day, &d))
			continue;
		cz_date_format(d, s);
		if (!r->inits[i].first_meeting[0] || strcmp(s, r->inits[i].first_meeting) < 0)
			memcpy(r->inits[i].first_meeting, s, sizeof(s));
	}
	if (st)
		cz_stmt_finalize(st);
	return rc;
}

static int64_t day_of(const char *s)
{
	cz_date d;

	return cz_date_parse_iso(s, strlen(s), &d, NULL) ? cz_date_days(d) : 0;
}

/* Calendar facts per row: missing required parties, calendar late recruits. */
static cz_rc calendar_facts(cz_report *r, span *sp, cz_err *err)
{
	cz_rc rc = CZ_OK;

	for (size_t i = 0; !rc && i < r->n_inits; i++) {
		cz_report_initiative *in = &r->inits[i];
		int64_t first = in->first_meeting[0] ? day_of(in->first_meeting) : 0;

		for (size_t k = 0; k < in->n_firsts; k++) {
			cz_party_first *f = &in->firsts[k];
			cz_report_row *row;
			f->days_after = (long)(day_of(f->date) - first);
			f->late = f->required && f->days_after > r->cfg.late_after_days;
			row = f->late ? row_for(r, sp, (int)i, day_of(f->date)) : NULL;
			if (row) {
				row->in.late_recruits++;
				rc = set_add(&row->late_recruits, f->team, err);
			}
		}
		for (size_t n = 0; !rc && n < sp[i].nrows; n++) {
			cz_report_row *row = &r->rows[sp[i].row0 + n];
			int64_t end = cz_date_days(row->period.end);
			row->in.calendar = in->first_meeting[0] && first <= end;
			for (size_t q = 0; !rc && q < in->required.n; q++) {
				const char *team = in->required.v[q];
				bool seen = false;
				for (size_t k = 0; k < in->n_firsts && !seen; k++)
					seen = !strcmp(in->firsts[k].team, team) &&
					       day_of(in->firsts[k].date) <= end;
				if (seen)
					row->in.required_seen++;
				else
					rc = cz_strv_push(&row->required_missing, team, err);
			}
		}
	}
	return rc;
}

static void brief_coverage(cz_report *r, const span *sp, const int64_t *brief)
{
	for (size_t i = 0; i < r->n_inits; i++) {
		for (size_t n = 0; n < sp[i].nrows; n++) {
			cz_report_row *row = &r->rows[sp[i].row0 + n];
			int64_t end = cz_date_days(row->period.end);
			for (size_t k = 0; k < CZ_BRIEF_FIELDS; k++)
				if (brief[i * CZ_BRIEF_FIELDS + k] <= end)
					row->brief_fields++;
			row->brief_coverage = row->brief_fields / (double)CZ_BRIEF_FIELDS;
		}
	}
}

/* Whether word occurs in text as a whole word, ASCII case-insensitively. */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	if (!n)
		return false;
	for (const char *p = text; *p; p++) {
		bool before = p == text || !((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z');
		if (before && !strncasecmp(p, word, n)) {
			char c = (char)(p[n] | 0x20);
			if (!(c >= 'a' && c <= 'z'))
				return true;
		}
	}
	return false;
}

/*
 * Parties named by late_recruitment evidence: known teams by name;
 * team-less people only counted, and only in groups of r->min_group or
 * more (issue 8: no output singles out a person).
 */
static cz_rc late_from_text(cz_db *db, cz_report *r, span *sp, cz_err *err)
{
	cz_strv teams = CZ_STRV_INIT, people = CZ_STRV_INIT;
	cz_strv *solo = calloc(r->n_rows + 1, sizeof(*solo));
	cz_stmt *st = NULL;
	bool more;
	cz_rc rc = solo ? cz_db_prepare(db, q_teams, &st, err)
			: cz_err_set(err, CZ_ENOMEM, "out of memory");

	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more)
		rc = cz_strv_push(&teams, cz_stmt_text(st, 0), err);
	cz_stmt_finalize(st);
	st = NULL;
	if (!rc)
		rc = cz_db_prepare(db, q_teamless, &st, err);
	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more)
		rc = cz_strv_push(&people, cz_stmt_text(st, 0), err);
	cz_stmt_finalize(st);
	st = NULL;
	if (!rc)
		rc = cz_db_prepare(db, q_late_text, &st, err);
	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		int i = find_init(r, cz_stmt_text(st, 0));
		const char *text = cz_stmt_text(st, 2);
		int64_t day;
		cz_report_row *row;
		if (i < 0 || !text || !col_day(st, 1, &day, NULL) || !(row = row_for(r, sp, i, day)))
			continue;
		for (size_t k = 0; !rc && k < teams.n; k++)
			if (has_word(text, teams.v[k]))
				rc = set_add(&row->late_recruits, teams.v[k], err);
		for (size_t k = 0; !rc && k < people.n; k++)
			if (has_word(text, people.v[k]))
				rc = set_add(&solo[row - r->rows], people.v[k], err);
	}
	cz_stmt_finalize(st);
	for (size_t k = 0; solo && k < r->n_rows; k++) {
		char what[64];
		size_t n = solo[k].n;
		if (!rc && n && (long)n >= r->min_group) {
			snprintf(what, sizeof(what), "%zu %s outside teams", n,
				 n == 1 ? "person" : "people");
			rc = set_add(&r->rows[k].late_recruits, what, err);
		}
		cz_strv_release(&solo[k]);
	}
	free(solo);
	cz_strv_release(&teams);
	cz_strv_release(&people);
	return rc;
}

/* Score every row, then trends, then drop rows outside [since, until]. */
static void finish(cz_report *r, const cz_report_opts *o)
{
	int64_t since = o->since ? day_of(o->since) : INT64_MIN;
	int64_t until = o->until && day_of(o->until) ? day_of(o->until) : INT64_MAX;
	size_t keep = 0;

	for (size_t k = 0; k < r->n_rows; k++) {
		cz_report_row *row = &r->rows[k];
		cz_score_period(&r->cfg, &row->in, &row->out);
		if (k > 0 && r->rows[k - 1].init == row->init && row->out.known &&
		    r->rows[k - 1].out.known) {
			row->has_trend = true;
			row->trend = row->out.health - r->rows[k - 1].out.health;
		}
	}
	for (size_t k = 0; k < r->n_rows; k++) {
		cz_report_row *row = &r->rows[k];
		if (cz_date_days(row->period.end) < since || cz_date_days(row->period.start) > until) {
			row_release(row);
			continue;
		}
		r->rows[keep++] = *row;
	}
	r->n_rows = keep;
}

cz_rc cz_report_build(cz_db *db, const cz_score_cfg *cfg, const cz_report_opts *opts,
		      cz_report *r, cz_err *err)
{
	span *sp = NULL;
	top_pick *tops = NULL;
	int64_t *brief = NULL;
	cz_rc rc;

	r->cfg = *cfg;
	r->kind = opts->kind;
	r->min_group = opts->min_group_size > 0 ? opts->min_group_size : CZ_MIN_GROUP_DEFAULT;
	rc = load_inits(db, opts, r, err);
	if (!rc) {
		sp = calloc(r->n_inits + 1, sizeof(*sp));
		if (!sp)
			rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	for (size_t i = 0; !rc && i < r->n_inits; i++) {
		sp[i].lo = INT64_MAX;
		sp[i].hi = INT64_MIN;
	}
	if (!rc)
		rc = scan_span(db, q_notes, r, sp, err);
	if (!rc)
		rc = scan_span(db, q_meetings, r, sp, err);
	if (!rc)
		rc = make_rows(r, sp, err);
	if (!rc)
		rc = add_counts(db, q_notes, ADD_NOTES, r, sp, err);
	if (!rc)
		rc = add_counts(db, q_meetings, ADD_MEETINGS, r, sp, err);
	if (!rc) {
		tops = calloc(r->n_rows + 1, sizeof(*tops));
		brief = malloc((r->n_inits + 1) * CZ_BRIEF_FIELDS * sizeof(*brief));
		if (!tops || !brief)
			rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
		for (size_t k = 0; !rc && k < (r->n_inits + 1) * CZ_BRIEF_FIELDS; k++)
			brief[k] = INT64_MAX;
	}
	if (!rc)
		rc = add_signals(db, r, sp, tops, brief, err);
	if (!rc)
		rc = add_top(db, r, tops, err);
	if (!rc)
		rc = first_meetings(db, r, err);
	if (!rc)
		rc = add_parties(db, r, sp, err);
	if (!rc)
		rc = calendar_facts(r, sp, err);
	if (!rc)
		brief_coverage(r, sp, brief);
	if (!rc)
		rc = late_from_text(db, r, sp, err);
	if (!rc)
		finish(r, opts);
	free(sp);
	free(tops);
	free(brief);
	return rc;
}

const cz_report_row *cz_report_latest(const cz_report *r, size_t init)
{
	for (size_t k = r->n_rows; k > 0; k--)
		if (r->rows[k - 1].init == init && r->rows[k - 1].out.known)
			return &r->rows[k - 1];
	return NULL;
}

void cz_evidence_list_release(cz_evidence_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		cz_evidence *e = &l->v[i];
		free(e->signal);
		free(e->rule);
		free(e->status);
		free(e->path);
		free(e->excerpt);
		free(e->speaker);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static char *dup_col(cz_stmt *st, int col, bool *oom, cz_err *err)
{
	const char *s = cz_stmt_text(st, col);
	char *d;

	if (!s)
		return NULL;
	d = cz_strdup(s, err);
	if (!d)
		*oom = true;
	return d;
}

cz_rc cz_report_evidence(cz_db *db, const char *id, const cz_period *p,
			 cz_evidence_list *out, cz_err *err)
{
	static const char sql[] =
		"SELECT s.signal, s.rule_id, s.status, n.relpath, s.line, s.col, s.excerpt,"
		" s.speaker, s.weight, n.date FROM signals s JOIN notes n ON n.id = s.note_id"
		" JOIN note_initiatives ni ON ni.note_id = s.note_id"
		" WHERE ni.initiative_id = ?1 AND n.date BETWEEN ?2 AND ?3"
		" ORDER BY n.date, n.relpath, s.line, s.col, s.rule_id";
	char a[CZ_DATE_STR], b[CZ_DATE_STR + 1];
	cz_stmt *st = NULL;
	bool more, oom = false;
	cz_rc rc = cz_db_prepare(db, sql, &st, err);

	cz_date_format(p->start, a);
	cz_date_format(p->end, b);
	if (!rc)
		rc = cz_stmt_bind_text(st, 1, id, err);
	if (!rc)
		rc = cz_stmt_bind_text(st, 2, a, err);
	if (!rc)
		rc = cz_stmt_bind_text(st, 3, b, err);
	while (!rc && !(rc = cz_stmt_step(st, &more, err)) && more) {
		cz_evidence *e;
		if (out->n == out->cap) {
			size_t ncap = out->cap ? out->cap * 2 : 32;
			cz_evidence *v = realloc(out->v, ncap * sizeof(*v));
			if (!v) {
				rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
				break;
			}
			out->v = v;
			out->cap = ncap;
		}
		e = &out->v[out->n++];
		memset(e, 0, sizeof(*e));
		e->signal = dup_col(st, 0, &oom, err);
		e->rule = dup_col(st, 1, &oom, err);
		e->status = dup_col(st, 2, &oom, err);
		e->path = dup_col(st, 3, &oom, err);
		e->line = (long)cz_stmt_int(st, 4);
		e->col = (long)cz_stmt_int(st, 5);
		e->excerpt = dup_col(st, 6, &oom, err);
		e->speaker = dup_col(st, 7, &oom, err);
		e->weight = cz_stmt_double(st, 8);
		snprintf(e->date, sizeof(e->date), "%.10s",
			 cz_stmt_text(st, 9) ? cz_stmt_text(st, 9) : "");
		if (oom || !e->signal || !e->rule || !e->status || !e->path)
			rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	if (st)
		cz_stmt_finalize(st);
	return rc;
}

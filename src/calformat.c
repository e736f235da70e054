/*
 * calformat.c - calendar export layouts, the `calendar:` config section,
 * and reading one row into a meeting (see calformat.h).
 *
 * Header names of every supported Outlook locale live in one table
 * (`names`); a header is compared by its fold key (fold.h), so case,
 * accents and punctuation do not matter. French exports name the start
 * date and start time both "Début" (and the end both "Fin"): the second
 * occurrence of such a name takes the entry's alternative column.
 *
 * Booleans are read with one table of yes/no words of all supported
 * languages: no word means yes in one language and no in another.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coalesce/calformat.h"
#include "coalesce/fold.h"

static const char *const col_keys[CZ_COL_N] = {
	[CZ_COL_SUBJECT] = "subject",
	[CZ_COL_START_DATE] = "start_date",
	[CZ_COL_START_TIME] = "start_time",
	[CZ_COL_END_DATE] = "end_date",
	[CZ_COL_END_TIME] = "end_time",
	[CZ_COL_ALL_DAY] = "all_day",
	[CZ_COL_ORGANIZER] = "organizer",
	[CZ_COL_REQUIRED] = "attendees",
	[CZ_COL_OPTIONAL] = "optional_attendees",
	[CZ_COL_DESCRIPTION] = "description",
	[CZ_COL_LOCATION] = "location",
};

const char *cz_calcol_key(cz_calcol c)
{
	return c < CZ_COL_N ? col_keys[c] : "?";
}

bool cz_date_order_parse(const char *s, cz_date_order *out)
{
	static const char *const names[] = { "mdy", "dmy", "ymd" };

	for (int i = 0; i < 3; i++) {
		if (!strcasecmp(s, names[i])) {
			*out = (cz_date_order)(i + 1);
			return true;
		}
	}
	return false;
}

const char *cz_date_order_name(cz_date_order o)
{
	switch (o) {
	case CZ_ORDER_NONE: return "none";
	case CZ_ORDER_MDY: return "mdy";
	case CZ_ORDER_DMY: return "dmy";
	case CZ_ORDER_YMD: return "ymd";
	}
	return "none";
}

/* --- locales ------------------------------------------------------------ */

typedef struct locale {
	const char *id;
	cz_date_order order;
} locale;

static const locale locales[] = {
	{ "en", CZ_ORDER_MDY }, { "de", CZ_ORDER_DMY }, { "fr", CZ_ORDER_DMY },
	{ "es", CZ_ORDER_DMY }, { "nl", CZ_ORDER_DMY }, { "ru", CZ_ORDER_DMY },
};
#define N_LOCALES (sizeof(locales) / sizeof(locales[0]))

/* Outlook's CSV header names per locale. `alt`: the column a second
 * occurrence of the same name stands for (-1: none). */
static const struct {
	unsigned loc; /* index into locales */
	int col, alt;
	const char *name;
} headers[] = {
	{ 0, CZ_COL_SUBJECT, -1, "Subject" },
	{ 0, CZ_COL_START_DATE, -1, "Start Date" },
	{ 0, CZ_COL_START_TIME, -1, "Start Time" },
	{ 0, CZ_COL_END_DATE, -1, "End Date" },
	{ 0, CZ_COL_END_TIME, -1, "End Time" },
	{ 0, CZ_COL_ALL_DAY, -1, "All day event" },
	{ 0, CZ_COL_ORGANIZER, -1, "Meeting Organizer" },
	{ 0, CZ_COL_REQUIRED, -1, "Required Attendees" },
	{ 0, CZ_COL_OPTIONAL, -1, "Optional Attendees" },
	{ 0, CZ_COL_DESCRIPTION, -1, "Description" },
	{ 0, CZ_COL_LOCATION, -1, "Location" },
	{ 1, CZ_COL_SUBJECT, -1, "Betreff" },
	{ 1, CZ_COL_START_DATE, -1, "Beginnt am" },
	{ 1, CZ_COL_START_TIME, -1, "Beginnt um" },
	{ 1, CZ_COL_END_DATE, -1, "Endet am" },
	{ 1, CZ_COL_END_TIME, -1, "Endet um" },
	{ 1, CZ_COL_ALL_DAY, -1, "Ganztägiges Ereignis" },
	{ 1, CZ_COL_ORGANIZER, -1, "Besprechungsplanung" },
	{ 1, CZ_COL_ORGANIZER, -1, "Besprechungsorganisator" },
	{ 1, CZ_COL_REQUIRED, -1, "Erforderliche Teilnehmer" },
	{ 1, CZ_COL_OPTIONAL, -1, "Optionale Teilnehmer" },
	{ 1, CZ_COL_DESCRIPTION, -1, "Beschreibung" },
	{ 1, CZ_COL_LOCATION, -1, "Ort" },
	{ 2, CZ_COL_SUBJECT, -1, "Objet" },
	{ 2, CZ_COL_START_DATE, CZ_COL_START_TIME, "Début" },
	{ 2, CZ_COL_END_DATE, CZ_COL_END_TIME, "Fin" },
	{ 2, CZ_COL_START_DATE, -1, "Date de début" },
	{ 2, CZ_COL_START_TIME, -1, "Heure de début" },
	{ 2, CZ_COL_END_DATE, -1, "Date de fin" },
	{ 2, CZ_COL_END_TIME, -1, "Heure de fin" },
	{ 2, CZ_COL_ALL_DAY, -1, "Journée entière" },
	{ 2, CZ_COL_ORGANIZER, -1, "Organisateur d'une réunion" },
	{ 2, CZ_COL_ORGANIZER, -1, "Organisateur de la réunion" },
	{ 2, CZ_COL_REQUIRED, -1, "Participants obligatoires" },
	{ 2, CZ_COL_OPTIONAL, -1, "Participants facultatifs" },
	{ 2, CZ_COL_DESCRIPTION, -1, "Description" },
	{ 2, CZ_COL_LOCATION, -1, "Emplacement" },
	{ 3, CZ_COL_SUBJECT, -1, "Asunto" },
	{ 3, CZ_COL_START_DATE, -1, "Fecha de comienzo" },
	{ 3, CZ_COL_START_TIME, -1, "Comienzo" },
	{ 3, CZ_COL_START_TIME, -1, "Hora de comienzo" },
	{ 3, CZ_COL_END_DATE, -1, "Fecha de finalización" },
	{ 3, CZ_COL_END_TIME, -1, "Finalización" },
	{ 3, CZ_COL_END_TIME, -1, "Hora de finalización" },
	{ 3, CZ_COL_ALL_DAY, -1, "Todo el día" },
	{ 3, CZ_COL_ALL_DAY, -1, "Evento de todo el día" },
	{ 3, CZ_COL_ORGANIZER, -1, "Organizador de la reunión" },
	{ 3, CZ_COL_REQUIRED, -1, "Asistentes obligatorios" },
	{ 3, CZ_COL_OPTIONAL, -1, "Asistentes opcionales" },
	{ 3, CZ_COL_DESCRIPTION, -1, "Descripción" },
	{ 3, CZ_COL_LOCATION, -1, "Ubicación" },
	{ 4, CZ_COL_SUBJECT, -1, "Onderwerp" },
	{ 4, CZ_COL_START_DATE, -1, "Begindatum" },
	{ 4, CZ_COL_START_TIME, -1, "Begintijd" },
	{ 4, CZ_COL_END_DATE, -1, "Einddatum" },
	{ 4, CZ_COL_END_TIME, -1, "Eindtijd" },
	{ 4, CZ_COL_ALL_DAY, -1, "Evenement, duurt hele dag" },
	{ 4, CZ_COL_ALL_DAY, -1, "Hele dag" },
	{ 4, CZ_COL_ORGANIZER, -1, "Organisator van vergadering" },
	{ 4, CZ_COL_REQUIRED, -1, "Vereiste deelnemers" },
	{ 4, CZ_COL_OPTIONAL, -1, "Optionele deelnemers" },
	{ 4, CZ_COL_DESCRIPTION, -1, "Beschrijving" },
	{ 4, CZ_COL_LOCATION, -1, "Locatie" },
	{ 5, CZ_COL_SUBJECT, -1, "Тема" },
	{ 5, CZ_COL_START_DATE, -1, "Дата начала" },
	{ 5, CZ_COL_START_TIME, -1, "Время начала" },
	{ 5, CZ_COL_END_DATE, -1, "Дата окончания" },
	{ 5, CZ_COL_END_TIME, -1, "Время окончания" },
	{ 5, CZ_COL_ALL_DAY, -1, "Целый день" },
	{ 5, CZ_COL_ALL_DAY, -1, "Событие на весь день" },
	{ 5, CZ_COL_ORGANIZER, -1, "Организатор собрания" },
	{ 5, CZ_COL_REQUIRED, -1, "Обязательные участники" },
	{ 5, CZ_COL_OPTIONAL, -1, "Необязательные участники" },
	{ 5, CZ_COL_DESCRIPTION, -1, "Описание" },
	{ 5, CZ_COL_LOCATION, -1, "Место" },
};
#define N_NAMES (sizeof(headers) / sizeof(headers[0]))

/* English headers only Outlook writes: with none of them, an English
 * header is Google Calendar's layout. */
static const char *const outlook_only[] = {
	"meeting organizer", "required attendees", "optional attendees", "reminder on off",
	"show time as", "sensitivity", "billing information", "meeting resources",
};

static bool same_key(const char *a, const char *b, cz_buf *tmp)
{
	cz_err err;

	cz_buf_reset(tmp);
	if (cz_fold_key(b, strlen(b), tmp, &err))
		return false;
	return !strcmp(a, tmp->data);
}

static void layout_reset(cz_layout *l, size_t n)
{
	for (int c = 0; c < CZ_COL_N; c++)
		l->col[c] = -1;
	l->width = n;
}

/* Fold every header field once; keys[i] owned by the caller. */
static bool fold_all(const char *const *fields, size_t n, cz_strv *keys)
{
	cz_buf b;
	cz_err err;
	bool ok = true;

	cz_buf_init(&b, 0);
	for (size_t i = 0; ok && i < n; i++) {
		cz_buf_reset(&b);
		ok = !cz_fold_key(fields[i], strlen(fields[i]), &b, &err) &&
		     !cz_strv_push(keys, b.data, &err);
	}
	cz_buf_release(&b);
	return ok;
}

static bool detect_mapped(const cz_calconf *cc, const cz_strv *keys, cz_layout *out,
			  cz_buf *tmp)
{
	layout_reset(out, keys->n);
	out->name = "mapped";
	out->order = CZ_ORDER_NONE;
	for (int c = 0; c < CZ_COL_N; c++) {
		if (!cc->columns[c])
			continue;
		for (size_t i = 0; i < keys->n && out->col[c] < 0; i++)
			if (same_key(keys->v[i], cc->columns[c], tmp))
				out->col[c] = (int)i;
		if (out->col[c] < 0)
			return false;
	}
	return out->col[CZ_COL_SUBJECT] >= 0 && out->col[CZ_COL_START_DATE] >= 0;
}

/* Columns of locale loc found in the header; fills l. */
static int detect_locale(unsigned loc, const cz_strv *keys, cz_layout *l, cz_buf *tmp)
{
	int found = 0;

	layout_reset(l, keys->n);
	for (size_t i = 0; i < keys->n; i++) {
		for (size_t k = 0; k < N_NAMES; k++) {
			int c;
			if (headers[k].loc != loc || !same_key(keys->v[i], headers[k].name, tmp))
				continue;
			c = headers[k].col;
			if (l->col[c] >= 0)
				c = headers[k].alt;
			if (c >= 0 && l->col[c] < 0) {
				l->col[c] = (int)i;
				found++;
			}
			break;
		}
	}
	return found;
}

bool cz_layout_detect(const cz_calconf *cc, const char *const *fields, size_t n,
		      cz_layout *out)
{
	static const char *const ids[] = { "outlook-en", "outlook-de", "outlook-fr",
					   "outlook-es", "outlook-nl", "outlook-ru" };
	cz_strv keys;
	cz_buf tmp;
	cz_layout l;
	int best = 0;
	bool ok = false;

	cz_strv_init(&keys);
	cz_buf_init(&tmp, 0);
	if (!fold_all(fields, n, &keys))
		goto out;
	if (cc && cc->mapped && detect_mapped(cc, &keys, out, &tmp)) {
		ok = true;
		goto out;
	}
	for (unsigned loc = 0; loc < N_LOCALES; loc++) {
		int found = detect_locale(loc, &keys, &l, &tmp);
		if (found > best && l.col[CZ_COL_SUBJECT] >= 0 && l.col[CZ_COL_START_DATE] >= 0) {
			best = found;
			*out = l;
			out->name = ids[loc];
			out->order = locales[loc].order;
			ok = true;
		}
	}
	if (ok && !strcmp(out->name, "outlook-en")) {
		bool outlook = false;
		for (size_t i = 0; i < keys.n && !outlook; i++)
			for (size_t k = 0; k < sizeof(outlook_only) / sizeof(*outlook_only); k++)
				outlook = outlook || !strcmp(keys.v[i], outlook_only[k]);
		if (!outlook)
			out->name = "google";
	}
out:
	cz_strv_release(&keys);
	cz_buf_release(&tmp);
	return ok;
}

cz_rc cz_layout_suggest(const char *const *fields, size_t n, cz_buf *out, cz_err *err)
{
	/* Words that hint at a column, tried in this order. */
	static const struct {
		int col;
		const char *a, *b; /* both must occur in the folded name (b may be NULL) */
	} hints[] = {
		{ CZ_COL_SUBJECT, "subject", NULL }, { CZ_COL_SUBJECT, "title", NULL },
		{ CZ_COL_SUBJECT, "summary", NULL }, { CZ_COL_SUBJECT, "name", NULL },
		{ CZ_COL_START_DATE, "start", "date" }, { CZ_COL_START_DATE, "date", NULL },
		{ CZ_COL_START_DATE, "start", NULL }, { CZ_COL_START_DATE, "begin", NULL },
		{ CZ_COL_START_TIME, "start", "time" }, { CZ_COL_START_TIME, "time", NULL },
		{ CZ_COL_END_DATE, "end", "date" }, { CZ_COL_END_TIME, "end", "time" },
		{ CZ_COL_ALL_DAY, "all", "day" }, { CZ_COL_ORGANIZER, "organi", NULL },
		{ CZ_COL_ORGANIZER, "owner", NULL }, { CZ_COL_REQUIRED, "attendee", NULL },
		{ CZ_COL_REQUIRED, "participant", NULL }, { CZ_COL_REQUIRED, "guest", NULL },
		{ CZ_COL_DESCRIPTION, "descr", NULL }, { CZ_COL_LOCATION, "locat", NULL },
	};
	int pick[CZ_COL_N];
	bool used[64] = { false };
	cz_strv keys;
	cz_rc rc;

	for (int c = 0; c < CZ_COL_N; c++)
		pick[c] = -1;
	cz_strv_init(&keys);
	if (!fold_all(fields, n, &keys)) {
		cz_strv_release(&keys);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	for (size_t h = 0; h < sizeof(hints) / sizeof(hints[0]); h++) {
		if (pick[hints[h].col] >= 0)
			continue;
		for (size_t i = 0; i < keys.n && i < 64; i++) {
			if (!used[i] && strstr(keys.v[i], hints[h].a) &&
			    (!hints[h].b || strstr(keys.v[i], hints[h].b))) {
				pick[hints[h].col] = (int)i;
				used[i] = true;
				break;
			}
		}
	}
	cz_strv_release(&keys);
	rc = cz_buf_adds(out, "calendar: {columns: {", err);
	for (int c = 0, k = 0; !rc && c < CZ_COL_N; c++) {
		if (pick[c] < 0 && c > CZ_COL_START_DATE)
			continue;
		rc = cz_buf_addf(out, err, "%s%s: \"%s\"", k++ ? ", " : "", col_keys[c],
				 pick[c] >= 0 ? fields[pick[c]] : "?");
	}
	if (!rc)
		rc = cz_buf_adds(out, "}, date_order: dmy}  (or mdy, ymd)", err);
	return rc;
}

/* --- config ------------------------------------------------------------- */

void cz_calconf_init(cz_calconf *cc)
{
	memset(cc, 0, sizeof(*cc));
}

void cz_calconf_release(cz_calconf *cc)
{
	for (int c = 0; c < CZ_COL_N; c++)
		free(cc->columns[c]);
	free(cc->encoding);
	free(cc->people);
	cz_calconf_init(cc);
}

const char *cz_calconf_codepage(const cz_calconf *cc)
{
	if (!cc->encoding)
		return "windows-1252";
	if (!strcasecmp(cc->encoding, "utf-8") || !strcasecmp(cc->encoding, "utf8"))
		return NULL;
	return cc->encoding;
}

static cz_rc conf_bad(cz_err *err, const cz_config *cfg, const cz_ynode *n, const char *what,
		      const char *key)
{
	return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: %s%s%s", cfg->path ? cfg->path : "coalesce.yml",
			  n->line, n->col, what, key ? key : "", key ? "'" : "");
}

static cz_rc conf_string(const cz_config *cfg, const cz_ynode *v, const char *key, char **out,
			 cz_err *err)
{
	if (!v || v->kind != CZ_Y_SCALAR || !v->len || cz_ynode_is_null(v))
		return conf_bad(err, cfg, v, "expected a non-empty text value for '", key);
	free(*out);
	*out = cz_strdup(v->str, err);
	return *out ? CZ_OK : CZ_ENOMEM;
}

static cz_rc conf_columns(cz_calconf *cc, const cz_config *cfg, const cz_ynode *map,
			  cz_err *err)
{
	if (map->kind != CZ_Y_MAP)
		return conf_bad(err, cfg, map, "'calendar.columns' must be a mapping", NULL);
	for (size_t i = 0; i < map->n; i += 2) {
		const cz_ynode *k = map->items[i];
		int c;
		cz_rc rc;
		for (c = 0; c < CZ_COL_N && strcmp(k->str ? k->str : "", col_keys[c]); c++)
			;
		if (c == CZ_COL_N)
			return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: unknown key 'calendar.columns.%s' "
					  "(known: subject, start_date, start_time, end_date, end_time, "
					  "all_day, organizer, attendees, optional_attendees, "
					  "description, location)", cfg->path ? cfg->path : "coalesce.yml",
					  k->line, k->col, k->str ? k->str : "?");
		rc = conf_string(cfg, map->items[i + 1], col_keys[c], &cc->columns[c], err);
		if (rc)
			return rc;
	}
	if (!cc->columns[CZ_COL_SUBJECT] || !cc->columns[CZ_COL_START_DATE])
		return conf_bad(err, cfg, map, "'calendar.columns' needs at least 'subject' and "
				"'start_date'", NULL);
	cc->mapped = true;
	return CZ_OK;
}

cz_rc cz_calconf_load(cz_calconf *cc, const cz_config *cfg, cz_err *err)
{
	const cz_ynode *cal = cz_config_section(cfg, "calendar");
	const cz_ynode *people = cz_config_section(cfg, "people");
	cz_rc rc = CZ_OK;

	if (people && !cz_ynode_is_null(people)) {
		char *rel = NULL;
		rc = conf_string(cfg, people, "people", &rel, err);
		if (!rc) {
			cc->people = cz_config_resolve(cfg, rel, err);
			rc = cc->people ? CZ_OK : CZ_ENOMEM;
		}
		free(rel);
		if (rc)
			return rc;
	}
	if (!cal || cz_ynode_is_null(cal))
		return CZ_OK;
	if (cal->kind != CZ_Y_MAP)
		return conf_bad(err, cfg, cal, "'calendar' must be a mapping", NULL);
	for (size_t i = 0; !rc && i < cal->n; i += 2) {
		const cz_ynode *k = cal->items[i], *v = cal->items[i + 1];
		const char *key = k->str ? k->str : "";
		if (!strcmp(key, "columns")) {
			rc = conf_columns(cc, cfg, v, err);
		} else if (!strcmp(key, "date_order")) {
			if (v->kind != CZ_Y_SCALAR || !cz_date_order_parse(v->str, &cc->order))
				rc = conf_bad(err, cfg, v, "'calendar.date_order' must be mdy, dmy "
					      "or ymd", NULL);
		} else if (!strcmp(key, "encoding")) {
			rc = conf_string(cfg, v, "encoding", &cc->encoding, err);
		} else {
			rc = cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: unknown key 'calendar.%s' (known: "
					"columns, date_order, encoding)",
					cfg->path ? cfg->path : "coalesce.yml", k->line, k->col, key);
		}
	}
	return rc;
}

/* --- values ------------------------------------------------------------- */

bool cz_calbool_parse(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "y", "1", "x", "wahr", "ein", "ja",
					   "vrai", "oui", "verdadero", "si", "waar",
					   "истина", "да" };
	static const char *const no[] = { "false", "no", "n", "0", "", "falsch", "aus", "nein",
					  "faux", "non", "falso", "onwaar", "nee", "ложь", "нет" };
	cz_buf b;
	cz_err err;
	bool found = false;

	cz_buf_init(&b, 0);
	if (!cz_fold_key(s, strlen(s), &b, &err)) {
		for (size_t i = 0; !found && i < sizeof(yes) / sizeof(*yes); i++)
			if (!strcmp(b.data, yes[i]))
				found = *out = true;
		for (size_t i = 0; !found && i < sizeof(no) / sizeof(*no); i++)
			if (!strcmp(b.data, no[i])) {
				found = true;
				*out = false;
			}
	}
	cz_buf_release(&b);
	return found;
}

/* Digits at *p (at most max); -1 when none. */
static int number(const char **p, int max, int *ndigits)
{
	int v = 0, n = 0;

	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*ndigits = n;
	return n ? v : -1;
}

cz_rc cz_caldate_parse(const char *s, cz_date_order order, cz_date *out, const char **rest,
		       cz_err *err)
{
	const char *p = s;
	int a, b, c, na, nb, nc, y, m, d;
	char sep;

	while (*p == ' ')
		p++;
	a = number(&p, 4, &na);
	sep = *p;
	if (a < 0 || (sep != '-' && sep != '/' && sep != '.'))
		return cz_err_set(err, CZ_EDATA, "'%s' is not a date", s);
	p++;
	b = number(&p, 2, &nb);
	if (b < 0 || *p != sep)
		return cz_err_set(err, CZ_EDATA, "'%s' is not a date", s);
	p++;
	c = number(&p, 4, &nc);
	if (c < 0 || isdigit((unsigned char)*p))
		return cz_err_set(err, CZ_EDATA, "'%s' is not a date", s);
	if (na == 4) { /* year first is never ambiguous */
		y = a, m = b, d = c;
		if (nc > 2)
			return cz_err_set(err, CZ_EDATA, "'%s' is not a date", s);
	} else {
		if (na > 2 || (nc != 4 && nc != 2))
			return cz_err_set(err, CZ_EDATA, "'%s' is not a date", s);
		if (order == CZ_ORDER_NONE)
			return cz_err_set(err, CZ_EUSAGE, "date '%s' needs a date order: set "
					  "'calendar.date_order: dmy' (or mdy) in coalesce.yml or pass "
					  "--date-order", s);
		if (order == CZ_ORDER_YMD)
			return cz_err_set(err, CZ_EDATA, "date '%s' does not match the date order "
					  "ymd", s);
		y = nc == 2 ? 2000 + c : c;
		m = order == CZ_ORDER_MDY ? a : b;
		d = order == CZ_ORDER_MDY ? b : a;
	}
	if (!cz_date_valid(y, m, d))
		return cz_err_set(err, CZ_EDATA, "'%s' is not a valid date in %s order", s,
				  na == 4 ? "ymd" : cz_date_order_name(order));
	out->y = y;
	out->m = m;
	out->d = d;
	if (rest)
		*rest = p;
	return CZ_OK;
}

cz_rc cz_caltime_parse(const char *s, int *secs, cz_err *err)
{
	const char *p = s;
	int h, mi = 0, se = 0, n;
	bool pm = false, ampm = false, colon = false;

	while (*p == ' ' || *p == 'T')
		p++;
	h = number(&p, 2, &n);
	if (h < 0)
		return cz_err_set(err, CZ_EDATA, "'%s' is not a time", s);
	if (*p == ':') {
		p++;
		colon = true;
		mi = number(&p, 2, &n);
		if (n != 2)
			return cz_err_set(err, CZ_EDATA, "'%s' is not a time", s);
		if (*p == ':') {
			p++;
			se = number(&p, 2, &n);
			if (n != 2)
				return cz_err_set(err, CZ_EDATA, "'%s' is not a time", s);
		}
	}
	while (*p == ' ')
		p++;
	if (*p) {
		char w[8];
		size_t k = 0;
		for (; *p && k < sizeof(w) - 1; p++)
			if (*p != '.' && *p != ' ')
				w[k++] = (char)tolower((unsigned char)*p);
		w[k] = '\0';
		if (*p || (strcmp(w, "am") && strcmp(w, "pm")))
			return cz_err_set(err, CZ_EDATA, "'%s' is not a time", s);
		ampm = true;
		pm = w[0] == 'p';
	}
	if (!colon && !ampm)
		return cz_err_set(err, CZ_EDATA, "'%s' is not a time", s);
	if (ampm && (h < 1 || h > 12))
		return cz_err_set(err, CZ_EDATA, "'%s' is not a valid 12-hour time", s);
	if (ampm)
		h = h % 12 + (pm ? 12 : 0);
	if (h > 23 || mi > 59 || se > 59)
		return cz_err_set(err, CZ_EDATA, "'%s' is not a valid time", s);
	*secs = h * 3600 + mi * 60 + se;
	return CZ_OK;
}

/* --- attendees ---------------------------------------------------------- */

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static bool looks_like_email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	if (!at || at == s || at == s + n - 1 || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return false;
	for (size_t i = 0; i < n; i++)
		if (isspace((unsigned char)s[i]) || s[i] == '<' || s[i] == '>')
			return false;
	return true;
}

static cz_rc push_lower(cz_strv *sv, const char *s, size_t n, cz_err *err)
{
	cz_rc rc = cz_strv_pushn(sv, s, n, err);

	if (!rc)
		for (char *p = sv->v[sv->n - 1]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return rc;
}

cz_rc cz_attendees_split(const char *s, cz_strv *names, cz_strv *emails, cz_err *err)
{
	while (s && *s) {
		const char *end = strchr(s, ';');
		const char *item = s, *lt, *gt;
		size_t n = end ? (size_t)(end - s) : strlen(s);
		cz_rc rc = CZ_OK;

		s = end ? end + 1 : NULL;
		trim(&item, &n);
		lt = memchr(item, '<', n);
		gt = lt ? memchr(lt, '>', n - (size_t)(lt - item)) : NULL;
		if (lt && gt && looks_like_email(lt + 1, (size_t)(gt - lt - 1))) {
			const char *name = item;
			size_t nn = (size_t)(lt - item);
			trim(&name, &nn);
			if (nn >= 2 && (name[0] == '"' || name[0] == '\'') && name[nn - 1] == name[0])
				name++, nn -= 2;
			if (!nn)
				name = lt + 1, nn = (size_t)(gt - lt - 1);
			rc = cz_strv_pushn(names, name, nn, err);
			if (!rc)
				rc = push_lower(emails, lt + 1, (size_t)(gt - lt - 1), err);
		} else if (looks_like_email(item, n)) {
			rc = cz_strv_pushn(names, item, n, err);
			if (!rc)
				rc = push_lower(emails, item, n, err);
		} else if (n) {
			rc = cz_strv_pushn(names, item, n, err);
			if (!rc)
				rc = cz_strv_push(emails, "", err);
		}
		if (rc)
			return rc;
	}
	return CZ_OK;
}

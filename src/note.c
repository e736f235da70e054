/*
 * note.c - note metadata: front matter, Logseq and Notion properties,
 * headings and file names (see note.h for the precedence rules).
 *
 * The parser reads only the top of the note (metadata) and the first
 * headings; it never copies the body. Values are normalised on the way in:
 * initiative ids are lowercased with spaces turned into '-', '[[links]]'
 * and '#' tag marks are stripped, so `initiative: "[[Billing Migration]]"`
 * and the tag `#initiative/billing-migration` name the same initiative.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coalesce/config.h"
#include "coalesce/file.h"
#include "coalesce/note.h"
#include "coalesce/ydoc.h"

void cz_note_init(cz_note *note)
{
	memset(note, 0, sizeof(*note));
	note->body_line = 1;
}

void cz_note_release(cz_note *note)
{
	free(note->title);
	cz_strv_release(&note->initiatives);
	cz_strv_release(&note->initiative_src);
	cz_strv_release(&note->tags);
	cz_strv_release(&note->attendees);
	cz_note_init(note);
}

const char *cz_date_source_name(cz_date_source src)
{
	switch (src) {
	case CZ_DATE_FRONT_MATTER: return "front_matter";
	case CZ_DATE_PROPERTIES: return "properties";
	case CZ_DATE_FILENAME: return "filename";
	case CZ_DATE_HEADING: return "heading";
	case CZ_DATE_MTIME: return "mtime";
	}
	return "mtime";
}

/* A line of text: [s, s+n), without its LF. */
typedef struct line {
	const char *s;
	size_t n;
	size_t next; /* offset of the following line */
} line;

static bool get_line(const char *text, size_t len, size_t off, line *l)
{
	const char *nl;

	if (off >= len)
		return false;
	l->s = text + off;
	nl = memchr(l->s, '\n', len - off);
	l->n = nl ? (size_t)(nl - l->s) : len - off;
	l->next = off + l->n + (nl != NULL);
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static bool is_fence(const line *l, const char *fence)
{
	size_t k = 0;

	while (k < l->n && l->s[k] == fence[k] && fence[k])
		k++;
	if (fence[k])
		return false;
	while (k < l->n && (l->s[k] == ' ' || l->s[k] == '\t'))
		k++;
	return k == l->n;
}

/* Strip [[ ]], a leading '#' and quotes from a property value. */
static void unwrap(const char **s, size_t *n)
{
	trim(s, n);
	if (*n >= 4 && !strncmp(*s, "[[", 2) && !strncmp(*s + *n - 2, "]]", 2)) {
		*s += 2;
		*n -= 4;
	}
	if (*n && **s == '#') {
		(*s)++;
		(*n)--;
	}
	if (*n >= 2 && (**s == '"' || **s == '\'') && (*s)[*n - 1] == **s) {
		(*s)++;
		*n -= 2;
	}
	trim(s, n);
}

/* Add an initiative id (normalised) unless already there. */
static cz_rc add_initiative(cz_note *note, const char *s, size_t n, const char *src,
			    size_t lineno, cz_err *err)
{
	char id[65];
	size_t k = 0;

	unwrap(&s, &n);
	if (n == 0)
		return CZ_OK;
	if (n >= sizeof(id))
		return cz_err_set(err, CZ_EDATA, "%zu: initiative id longer than 64 bytes", lineno);
	if (!strcmp(src, "properties")) {
		/* Logseq/Notion values are free text: slug them ("Billing & Co"
		 * -> "billing-co") rather than reject the note for a guess. */
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (isalnum(c) || c >= 0x80 || c == '.' || c == '_')
				id[k++] = (char)tolower(c);
			else if (k && id[k - 1] != '-')
				id[k++] = '-';
		}
		while (k && id[k - 1] == '-')
			k--;
	} else {
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			id[k++] = c == ' ' ? '-' : (char)tolower(c);
		}
	}
	id[k] = '\0';
	if (!cz_initiative_id_valid(id))
		return cz_err_set(err, CZ_EDATA,
				  "%zu: initiative '%.*s' is not a valid id (use lowercase letters, "
				  "digits, '.', '_' or '-')", lineno, (int)n, s);
	if (cz_strv_find(&note->initiatives, id) >= 0)
		return CZ_OK;
	if (cz_strv_push(&note->initiatives, id, err) ||
	    cz_strv_push(&note->initiative_src, src, err))
		return CZ_ENOMEM;
	return CZ_OK;
}

/* Tags: `initiative/<id>` attributes the note (source "tag"); all are kept. */
static cz_rc add_tag(cz_note *note, const char *s, size_t n, const char *src,
		     size_t lineno, cz_err *err)
{
	cz_rc rc;

	(void)src;
	unwrap(&s, &n);
	if (n == 0)
		return CZ_OK;
	rc = cz_strv_pushn(&note->tags, s, n, err);
	if (!rc && n > 11 && !strncasecmp(s, "initiative/", 11))
		rc = add_initiative(note, s + 11, n - 11, "tag", lineno, err);
	return rc;
}

typedef cz_rc (*item_fn)(cz_note *note, const char *s, size_t n, const char *src,
			 size_t lineno, cz_err *err);

static cz_rc add_attendee(cz_note *note, const char *s, size_t n, const char *src,
			  size_t lineno, cz_err *err)
{
	(void)src;
	(void)lineno;
	unwrap(&s, &n);
	if (n == 0 || cz_strv_find(&note->attendees, s) >= 0)
		return CZ_OK;
	return cz_strv_pushn(&note->attendees, s, n, err);
}

/* Split a property value on `seps` and hand each piece to fn. */
static cz_rc split_items(cz_note *note, const char *s, size_t n, const char *seps,
			 item_fn fn, const char *src, size_t lineno, cz_err *err)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && !strchr(seps, s[i]))
			continue;
		cz_rc rc = fn(note, s + start, i - start, src, lineno, err);
		if (rc)
			return rc;
		start = i + 1;
	}
	return CZ_OK;
}

/* Apply one YAML value (scalar or list of scalars) through fn. */
static cz_rc yaml_items(cz_note *note, const cz_ynode *v, const char *seps, item_fn fn,
			const char *key, cz_err *err)
{
	if (!v || cz_ynode_is_null(v))
		return CZ_OK;
	if (v->kind == CZ_Y_SCALAR)
		return split_items(note, v->str, v->len, seps, fn, "front_matter", v->line, err);
	if (v->kind != CZ_Y_SEQ)
		return cz_err_set(err, CZ_EDATA, "%zu: '%s' must be a text or a list", v->line, key);
	for (size_t i = 0; i < v->n; i++) {
		const cz_ynode *it = v->items[i];
		cz_rc rc;
		if (it->kind != CZ_Y_SCALAR)
			return cz_err_set(err, CZ_EDATA, "%zu: '%s' items must be text",
					  it->line, key);
		rc = fn(note, it->str, it->len, "front_matter", it->line, err);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

/* "2025-03-04", "2025-03-04T10:00[:00]", "2025-03-04 10:00", or words. */
static bool parse_datetime(cz_note *note, const char *s, size_t n)
{
	cz_date d;
	size_t used;

	trim(&s, &n);
	if (cz_date_parse_iso(s, n, &d, &used)) {
		const char *t = s + used;
		size_t rest = n - used;
		note->date = d;
		note->time[0] = '\0';
		if (rest >= 6 && (t[0] == 'T' || t[0] == ' ') && isdigit((unsigned char)t[1]) &&
		    isdigit((unsigned char)t[2]) && t[3] == ':' && isdigit((unsigned char)t[4]) &&
		    isdigit((unsigned char)t[5])) {
			bool secs = rest >= 9 && t[6] == ':' && isdigit((unsigned char)t[7]) &&
				    isdigit((unsigned char)t[8]);
			int hh = (t[1] - '0') * 10 + (t[2] - '0');
			int mm = (t[4] - '0') * 10 + (t[5] - '0');
			int ss = secs ? (t[7] - '0') * 10 + (t[8] - '0') : 0;
			if (hh > 23 || mm > 59 || ss > 60)
				return false;
			snprintf(note->time, sizeof(note->time), "%.2s:%.2s:%.2s", t + 1, t + 4,
				 secs ? t + 7 : "00");
		}
		return true;
	}
	if (cz_date_in_text(s, n, &d)) {
		note->date = d;
		return true;
	}
	return false;
}

static cz_rc set_title(cz_note *note, const char *s, size_t n, cz_err *err)
{
	trim(&s, &n);
	if (!n || note->title)
		return CZ_OK;
	note->title = cz_strndup(s, n, err);
	return note->title ? CZ_OK : CZ_ENOMEM;
}

/* YAML front matter between '---' lines; fills note, sets body_*. */
static cz_rc front_matter(cz_note *note, const char *text, size_t len, bool *have_date,
			  cz_err *err)
{
	cz_ydoc doc;
	line l = { NULL, 0, 0 };
	size_t off, lineno = 1, yaml_start;
	const cz_ynode *root, *v;
	cz_rc rc;

	get_line(text, len, 0, &l);
	yaml_start = l.next;
	for (off = l.next; get_line(text, len, off, &l); off = l.next) {
		lineno++;
		if (is_fence(&l, "---") || is_fence(&l, "..."))
			break;
	}
	if (off >= len)
		return cz_err_set(err, CZ_EDATA, "1: front matter: no closing '---' line; "
				  "add one after the metadata or remove the opening '---'");
	note->body_line = lineno + 1;
	note->body_offset = l.next;
	note->meta = CZ_META_FRONT_MATTER;
	rc = cz_ydoc_parse(&doc, text + yaml_start, off - yaml_start, 2, err);
	if (rc) {
		char msg[CZ_ERR_MSG_MAX];
		char *colon = strchr(err->msg, ':');
		char *sep = colon ? strstr(colon + 1, ": ") : NULL;
		/* "L:C: problem" -> "L: front matter: problem (column C)" */
		if (colon && sep) {
			snprintf(msg, sizeof(msg), "%.*s: front matter: %s (column %.*s)",
				 (int)(colon - err->msg), err->msg, sep + 2,
				 (int)(sep - colon - 1), colon + 1);
			cz_err_set(err, rc, "%s", msg);
		}
		return rc;
	}
	root = doc.root;
	if (!root || cz_ynode_is_null(root))
		goto out;
	if (root->kind != CZ_Y_MAP) {
		rc = cz_err_set(err, CZ_EDATA, "%zu: front matter: expected 'key: value' lines, "
				"found %s", root->line, cz_ynode_kind_name(root));
		goto out;
	}
	for (size_t i = 0; i < root->n; i += 2) {
		const cz_ynode *k = root->items[i];
		for (size_t p = 0; k->kind == CZ_Y_SCALAR && p < i; p += 2) {
			const cz_ynode *q = root->items[p];
			if (q->kind == CZ_Y_SCALAR && !strcmp(q->str, k->str)) {
				rc = cz_err_set(err, CZ_EDATA, "%zu: front matter: key '%s' "
						"appears twice (first on line %zu)", k->line,
						k->str, q->line);
				goto out;
			}
		}
	}
	v = cz_ynode_get(root, "title");
	if (v && v->kind == CZ_Y_SCALAR)
		rc = set_title(note, v->str, v->len, err);
	v = cz_ynode_get(root, "date");
	if (!rc && v && !cz_ynode_is_null(v)) {
		if (v->kind != CZ_Y_SCALAR)
			rc = cz_err_set(err, CZ_EDATA, "%zu: front matter: 'date' must be a date "
					"such as 2025-03-04, found %s", v->line,
					cz_ynode_kind_name(v));
		else if (!parse_datetime(note, v->str, v->len))
			rc = cz_err_set(err, CZ_EDATA, "%zu: front matter: 'date' must be a date "
					"such as 2025-03-04, found '%s'", v->line, v->str);
		else
			*have_date = true;
	}
	if (!rc)
		rc = yaml_items(note, cz_ynode_get(root, "initiative"), ",", add_initiative,
				"initiative", err);
	if (!rc)
		rc = yaml_items(note, cz_ynode_get(root, "initiatives"), ",", add_initiative,
				"initiatives", err);
	if (!rc)
		rc = yaml_items(note, cz_ynode_get(root, "tags"), ", ", add_tag, "tags", err);
	if (!rc)
		rc = yaml_items(note, cz_ynode_get(root, "attendees"), ",;", add_attendee,
				"attendees", err);
	if (!rc)
		rc = yaml_items(note, cz_ynode_get(root, "participants"), ",;", add_attendee,
				"participants", err);
	if (rc && strncmp(err->msg, "front matter", 12) && !strstr(err->msg, "front matter")) {
		/* "L: problem" -> "L: front matter: problem" */
		char msg[CZ_ERR_MSG_MAX];
		char *sep = strstr(err->msg, ": ");
		if (sep) {
			snprintf(msg, sizeof(msg), "%.*s: front matter: %s", (int)(sep - err->msg),
				 err->msg, sep + 2);
			cz_err_set(err, rc, "%s", msg);
		}
	}
out:
	cz_ydoc_release(&doc);
	return rc;
}

/* One property (Logseq or Notion) by name; unknown names are ignored. */
static cz_rc property(cz_note *note, const char *key, size_t kn, const char *val,
		      size_t vn, size_t lineno, bool *have_date, cz_err *err)
{
#define KEY(k) (kn == sizeof(k) - 1 && !strncasecmp(key, k, kn))
	if (KEY("date") || KEY("created") || KEY("date created") || KEY("meeting date")) {
		const char *s = val;
		size_t n = vn;
		unwrap(&s, &n);
		if (!*have_date && parse_datetime(note, s, n))
			*have_date = true;
		return CZ_OK;
	}
	if (KEY("title"))
		return set_title(note, val, vn, err);
	if (KEY("initiative") || KEY("initiatives"))
		return split_items(note, val, vn, ",", add_initiative, "properties", lineno, err);
	if (KEY("tags"))
		return split_items(note, val, vn, ", ", add_tag, "properties", lineno, err);
	if (KEY("attendees") || KEY("participants"))
		return split_items(note, val, vn, ",;", add_attendee, "properties", lineno, err);
#undef KEY
	return CZ_OK;
}

/* `key:: value` (Logseq) when sep is "::", `Key: Value` (Notion) when ":". */
static bool split_property(const line *l, const char *sep, const char **key, size_t *kn,
			   const char **val, size_t *vn)
{
	size_t sl = strlen(sep), i = 0;

	if (!l->n || !isalpha((unsigned char)l->s[0]))
		return false;
	while (i < l->n && i < 40 && (isalnum((unsigned char)l->s[i]) || l->s[i] == '_' ||
				      l->s[i] == '-' || (sl == 1 && l->s[i] == ' ')))
		i++;
	if (i + sl > l->n || strncmp(l->s + i, sep, sl))
		return false;
	if (i + sl < l->n && l->s[i + sl] != ' ')
		return false;
	*key = l->s;
	*kn = i;
	*val = l->s + i + sl;
	*vn = l->n - i - sl;
	return true;
}

static bool has_logseq_marker(const line *l)
{
	for (size_t i = 0; i + 2 < l->n || (i + 2 == l->n && l->n > 2); i++)
		if (l->s[i] == ':' && l->s[i + 1] == ':' && (i + 2 == l->n || l->s[i + 2] == ' '))
			return true;
	return false;
}

static cz_rc logseq(cz_note *note, const char *text, size_t len, bool *have_date,
		    cz_err *err)
{
	line l = { NULL, 0, 0 };
	size_t off = 0, lineno = 0;
	const char *k, *v;
	size_t kn, vn;

	for (; get_line(text, len, off, &l); off = l.next) {
		if (!split_property(&l, "::", &k, &kn, &v, &vn))
			break;
		lineno++;
		cz_rc rc = property(note, k, kn, v, vn, lineno, have_date, err);
		if (rc)
			return rc;
	}
	if (lineno) {
		note->meta = CZ_META_LOGSEQ;
		note->body_line = lineno + 1;
		note->body_offset = off;
	}
	return CZ_OK;
}

/* Heading level of a line ("# x" -> 1), 0 if none; text in *s, *n. */
static int heading(const line *l, const char **s, size_t *n)
{
	size_t k = 0;

	while (k < l->n && k < 7 && l->s[k] == '#')
		k++;
	if (k == 0 || k > 6 || (k < l->n && l->s[k] != ' ' && l->s[k] != '\t'))
		return 0;
	*s = l->s + k;
	*n = l->n - k;
	trim(s, n);
	while (*n && (*s)[*n - 1] == '#')
		(*n)--;
	trim(s, n);
	return (int)k;
}

static cz_rc notion(cz_note *note, const char *text, size_t len, bool *have_date,
		    cz_err *err)
{
	line l = { NULL, 0, 0 };
	size_t off = 0, lineno = 1, blank = 0;
	const char *k, *v, *h;
	size_t kn, vn, hn;
	bool any = false;

	if (!get_line(text, len, 0, &l) || heading(&l, &h, &hn) != 1)
		return CZ_OK;
	for (off = l.next; get_line(text, len, off, &l); off = l.next) {
		lineno++;
		if (l.n == 0 && !any && blank++ == 0)
			continue;
		if (!split_property(&l, ":", &k, &kn, &v, &vn))
			break;
		cz_rc rc = property(note, k, kn, v, vn, lineno, have_date, err);
		if (rc)
			return rc;
		any = true;
	}
	if (any)
		note->meta = CZ_META_NOTION;
	return CZ_OK;
}

/* Scan headings outside code fences: first H1 for the title, H1/H2 dates. */
static void scan_headings(const char *text, size_t len, size_t from, const char **h1,
			  size_t *h1n, const char **h2, size_t *h2n, cz_date *hdate,
			  bool *have_hdate)
{
	line l = { NULL, 0, 0 };
	size_t off;
	bool fenced = false;
	int seen = 0;

	for (off = from; get_line(text, len, off, &l) && seen < 2; off = l.next) {
		const char *s;
		size_t n;
		int level;

		if (l.n >= 3 && (!strncmp(l.s, "```", 3) || !strncmp(l.s, "~~~", 3))) {
			fenced = !fenced;
			continue;
		}
		if (fenced)
			continue;
		level = heading(&l, &s, &n);
		if (level < 1 || level > 2)
			continue;
		if (level == 1 && !*h1) {
			*h1 = s;
			*h1n = n;
		}
		if (level == 2 && !*h2) {
			*h2 = s;
			*h2n = n;
		}
		if (!*have_hdate && cz_date_in_text(s, n, hdate))
			*have_hdate = true;
		seen++;
	}
}

/*
 * Plain-text notes have no headings; their first line is their title when
 * it looks like one: short, and not ending like a sentence or a label.
 */
static cz_rc title_from_first_line(cz_note *note, const char *path, const char *text,
				   size_t len, cz_err *err)
{
	const char *dot = strrchr(path, '.');
	line l = { NULL, 0, 0 };
	size_t off;

	if (!dot || strcasecmp(dot, ".txt"))
		return CZ_OK;
	for (off = note->body_offset; get_line(text, len, off, &l); off = l.next) {
		const char *s = l.s;
		size_t n = l.n;
		trim(&s, &n);
		if (!n)
			continue;
		if (n <= 80 && !strchr(".!?:", s[n - 1]))
			return set_title(note, s, n, err);
		break;
	}
	return CZ_OK;
}

/* File name without extension and without its date, e.g. "ai steering". */
static cz_rc title_from_name(cz_note *note, const char *path, cz_err *err)
{
	const char *base = strrchr(path, '/');
	char name[256];
	size_t n, stem, start, end;
	cz_date d;
	const char *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	stem = n;
	memcpy(name, base, n);
	name[n] = '\0';
	if (cz_date_in_name_span(name, &d, &start, &end)) {
		memmove(name + start, name + end, n - end + 1);
		n -= end - start;
	}
	for (size_t i = 0; i < n; i++)
		if (name[i] == '_')
			name[i] = ' ';
	{
		const char *s = name;
		size_t m = n;
		while (m && strchr(" -.", *s)) {
			s++;
			m--;
		}
		while (m && strchr(" -.", s[m - 1]))
			m--;
		if (!m) { /* nothing but a date: keep it, still without the extension */
			s = base;
			m = stem;
		}
		note->title = cz_strndup(s, m, err);
	}
	return note->title ? CZ_OK : CZ_ENOMEM;
}

cz_rc cz_note_parse(cz_note *note, const char *path, const char *text, size_t len,
		    time_t mtime, cz_err *err)
{
	const char *h1 = NULL, *h2 = NULL;
	size_t h1n = 0, h2n = 0;
	bool have_date = false, have_hdate = false;
	cz_date hdate = { 0, 0, 0 };
	cz_rc rc = CZ_OK;
	line l = { NULL, 0, 0 };

	note->lines = 0;
	for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
		note->lines++;
	if (len && text[len - 1] != '\n')
		note->lines++;

	if (get_line(text, len, 0, &l) && is_fence(&l, "---"))
		rc = front_matter(note, text, len, &have_date, err);
	else if (get_line(text, len, 0, &l) && has_logseq_marker(&l))
		rc = logseq(note, text, len, &have_date, err);
	else
		rc = notion(note, text, len, &have_date, err);
	if (rc)
		return rc;
	if (have_date)
		note->date_source = note->meta == CZ_META_FRONT_MATTER ? CZ_DATE_FRONT_MATTER
								       : CZ_DATE_PROPERTIES;

	scan_headings(text, len, note->body_offset, &h1, &h1n, &h2, &h2n, &hdate, &have_hdate);
	if (!have_date && cz_date_in_name(cz_path_basename(path), &note->date)) {
		have_date = true;
		note->date_source = CZ_DATE_FILENAME;
	}
	if (!have_date && have_hdate) {
		have_date = true;
		note->date = hdate;
		note->date_source = CZ_DATE_HEADING;
	}
	if (!have_date) {
		note->date = cz_date_from_time(mtime);
		note->date_source = CZ_DATE_MTIME;
	}
	/* No H1: the first H2 is the best title left ("## Q1 retro"). */
	if (!note->title && (h1 || h2))
		rc = h1 ? set_title(note, h1, h1n, err) : set_title(note, h2, h2n, err);
	if (!rc && !note->title)
		rc = title_from_first_line(note, path, text, len, err);
	if (!rc && !note->title)
		rc = title_from_name(note, path, err);
	return rc;
}

/*
 * calimport.c - calendar exports and the people directory into the
 * database (see calimport.h).
 *
 * Each file is read whole (capped by ingest.max_file_size), decoded to
 * UTF-8 with LF ends (decode.h keeps line numbers), then parsed twice with
 * the CSV layer: a short sniffing pass that stops at the header, and the
 * import pass inside the file's transaction. Row rejections are buffered
 * and reported after the transaction ends, so that their records in the
 * `rejections` table never share the file's fate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coalesce/calimport.h"
#include "coalesce/csv.h"
#include "coalesce/decode.h"
#include "coalesce/file.h"
#include "coalesce/fold.h"
#include "coalesce/hash.h"
#include "coalesce/people.h"
#include "coalesce/store.h"

struct cz_calimport {
	cz_db *db;
	const cz_config *cfg;
	cz_calconf conf;
	cz_date_order flag_order;
	cz_calimport_reject_fn reject;
	void *ctx;
	cz_people *people;
	cz_stmt *ins_meeting, *find_meeting, *ins_attendee;
	cz_strv done; /* paths imported in this run */
	cz_calimport_stats stats;
};

/* What the sniffing pass found. */
typedef struct sniff {
	const cz_calimport *ci;
	cz_csv_kind want;
	cz_csv_kind kind;   /* CALENDAR or PEOPLE once found */
	cz_layout layout;
	int pcol[4];        /* people: name, email, team, aliases */
	size_t header_line, records;
	cz_strv first;      /* the first record seen, for messages */
	bool keep_first;    /* only the comma pass records it */
} sniff;

/* State of the import pass. */
typedef struct pass {
	cz_calimport *ci;
	const sniff *sn;
	const char *path;
	cz_date_order order;
	cz_strv reasons;    /* buffered row rejections */
	size_t *lines;
	size_t nlines;
	cz_err fatal_err;   /* a file-level problem (EUSAGE: no date order) */
	size_t fatal_line;
} pass;

#define STOP CZ_EPARTIAL /* internal: the sniffing pass is done */

bool cz_is_csv_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && dot != name && !strcasecmp(dot, ".csv");
}

cz_rc cz_calimport_open(cz_calimport **out, cz_db *db, const cz_config *cfg,
			cz_date_order order, cz_calimport_reject_fn reject, void *ctx,
			cz_err *err)
{
	cz_calimport *ci = calloc(1, sizeof(*ci));
	cz_rc rc;

	if (!ci)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	ci->db = db;
	ci->cfg = cfg;
	ci->flag_order = order;
	ci->reject = reject;
	ci->ctx = ctx;
	cz_calconf_init(&ci->conf);
	cz_strv_init(&ci->done);
	rc = cz_calconf_load(&ci->conf, cfg, err);
	if (!rc)
		rc = cz_people_open(&ci->people, db, err);
	if (!rc)
		rc = cz_db_prepare(db, "INSERT INTO meetings(uid, subject, start, end, all_day, "
				   "description, location, source_path, source_line) VALUES "
				   "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(uid) DO NOTHING",
				   &ci->ins_meeting, err);
	if (!rc)
		rc = cz_db_prepare(db, "SELECT id FROM meetings WHERE uid = ?1", &ci->find_meeting,
				   err);
	if (!rc)
		rc = cz_db_prepare(db, "INSERT OR IGNORE INTO attendees(meeting_id, person_id, role) "
				   "VALUES (?1, ?2, ?3)", &ci->ins_attendee, err);
	if (rc) {
		cz_calimport_close(ci);
		return rc;
	}
	*out = ci;
	return CZ_OK;
}

void cz_calimport_close(cz_calimport *ci)
{
	if (!ci)
		return;
	cz_stmt_finalize(ci->ins_meeting);
	cz_stmt_finalize(ci->find_meeting);
	cz_stmt_finalize(ci->ins_attendee);
	cz_people_close(ci->people);
	cz_calconf_release(&ci->conf);
	cz_strv_release(&ci->done);
	free(ci);
}

const char *cz_calimport_people_path(const cz_calimport *ci)
{
	return ci->conf.people;
}

const cz_calimport_stats *cz_calimport_get_stats(const cz_calimport *ci)
{
	return &ci->stats;
}

/* --- sniffing ----------------------------------------------------------- */

static bool people_header(const char *const *fields, size_t n, int col[4])
{
	static const char *const want[4] = { "name", "email", "team", "aliases" };
	cz_buf k;
	cz_err err;

	for (int c = 0; c < 4; c++)
		col[c] = -1;
	cz_buf_init(&k, 0);
	for (size_t i = 0; i < n; i++) {
		cz_buf_reset(&k);
		if (cz_fold_key(fields[i], strlen(fields[i]), &k, &err))
			break;
		for (int c = 0; c < 4; c++)
			if (col[c] < 0 && !strcmp(k.data, want[c]))
				col[c] = (int)i;
	}
	cz_buf_release(&k);
	return col[0] >= 0 && col[1] >= 0 && col[2] >= 0;
}

static cz_rc on_sniff(void *ctx, const cz_csv_row *row, cz_err *err)
{
	sniff *sn = ctx;
	cz_rc rc = CZ_OK;

	if (sn->records++ == 0 && sn->keep_first)
		for (size_t i = 0; !rc && i < row->n; i++)
			rc = cz_strv_push(&sn->first, row->fields[i], err);
	if (rc)
		return rc;
	if (sn->want != CZ_CSV_PEOPLE &&
	    cz_layout_detect(&sn->ci->conf, row->fields, row->n, &sn->layout)) {
		sn->kind = CZ_CSV_CALENDAR;
	} else if (sn->want != CZ_CSV_CALENDAR && people_header(row->fields, row->n, sn->pcol)) {
		sn->kind = CZ_CSV_PEOPLE;
		sn->layout.width = row->n;
	} else {
		return sn->records >= CZ_CALIMPORT_PREAMBLE ? STOP : CZ_OK;
	}
	sn->header_line = row->line;
	return STOP;
}

/* Find the header; *delim gets the delimiter that revealed it. */
static cz_rc find_header(sniff *sn, const char *text, size_t len, char *delim, cz_err *err)
{
	static const char delims[] = { ',', ';', '\t' };

	for (size_t d = 0; d < sizeof(delims); d++) {
		cz_err e;
		cz_rc rc;
		sn->records = 0;
		sn->kind = CZ_CSV_SNIFF;
		sn->keep_first = d == 0;
		rc = cz_csv_parse(text, len, delims[d], on_sniff, sn, &e);
		if (rc == CZ_ENOMEM)
			return cz_err_set(err, rc, "out of memory");
		if (sn->kind != CZ_CSV_SNIFF) {
			*delim = delims[d];
			return CZ_OK;
		}
	}
	return CZ_OK;
}

/* The message for a file whose header matched nothing. */
static void unmapped(cz_calimport *ci, const char *path, const sniff *sn)
{
	cz_buf msg;
	cz_err err;
	bool ok;

	cz_buf_init(&msg, 0);
	ok = !cz_buf_adds(&msg, sn->want == CZ_CSV_PEOPLE ?
			  "not a people directory (expected a header name,email,team[,aliases])" :
			  sn->want == CZ_CSV_CALENDAR ? "no calendar header recognised" :
			  "not a calendar export or people directory", &err);
	if (ok && sn->first.n) {
		ok = !cz_buf_adds(&msg, "; headers seen: ", &err);
		for (size_t i = 0; ok && i < sn->first.n; i++)
			ok = !cz_buf_addf(&msg, &err, "%s\"%s\"", i ? ", " : "", sn->first.v[i]);
		if (ok && sn->want != CZ_CSV_PEOPLE)
			ok = !cz_buf_adds(&msg, "; if that row is the header, map it in "
					  "coalesce.yml: ", &err) &&
			     !cz_layout_suggest((const char *const *)sn->first.v, sn->first.n, &msg,
						&err);
	} else if (ok) {
		ok = !cz_buf_adds(&msg, "; the file is empty", &err);
	}
	ci->reject(ci->ctx, path, 0, ok ? msg.data : "not a calendar export or people directory");
	cz_buf_release(&msg);
}

/* --- import pass -------------------------------------------------------- */

static cz_rc row_reject(pass *ps, size_t line, const char *reason, cz_err *err)
{
	size_t *lines = realloc(ps->lines, (ps->nlines + 1) * sizeof(*lines));

	if (!lines)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	ps->lines = lines;
	lines[ps->nlines++] = line;
	return cz_strv_push(&ps->reasons, reason, err);
}

static cz_rc bind_opt(cz_stmt *s, int i, const char *v, cz_err *err)
{
	return v && *v ? cz_stmt_bind_text(s, i, v, err) : cz_stmt_bind_null(s, i, err);
}

static cz_rc store_meeting(pass *ps, const cz_calrow *row, size_t line, cz_err *err)
{
	static const char *const roles[3] = { "organizer", "required", "optional" };
	cz_calimport *ci = ps->ci;
	cz_stmt *s = ci->ins_meeting;
	cz_buf uid;
	int64_t id = 0;
	bool found = false;
	cz_rc rc;

	cz_buf_init(&uid, 0);
	rc = cz_buf_addf(&uid, err, "%s|", row->start);
	if (!rc)
		rc = cz_fold_key(row->subject, strlen(row->subject), &uid, err);
	if (!rc) rc = cz_stmt_bind_text(s, 1, uid.data, err);
	if (!rc) rc = cz_stmt_bind_text(s, 2, row->subject, err);
	if (!rc) rc = cz_stmt_bind_text(s, 3, row->start, err);
	if (!rc) rc = bind_opt(s, 4, row->end, err);
	if (!rc) rc = cz_stmt_bind_int(s, 5, row->all_day, err);
	if (!rc) rc = bind_opt(s, 6, row->description, err);
	if (!rc) rc = bind_opt(s, 7, row->location, err);
	if (!rc) rc = cz_stmt_bind_text(s, 8, ps->path, err);
	if (!rc) rc = cz_stmt_bind_int(s, 9, (int64_t)line, err);
	if (!rc) rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	if (!rc && cz_db_changes(ci->db) == 1) {
		id = cz_db_last_id(ci->db);
		ci->stats.meetings_added++;
	} else if (!rc) {
		rc = cz_stmt_bind_text(ci->find_meeting, 1, uid.data, err);
		if (!rc)
			rc = cz_stmt_step(ci->find_meeting, &found, err);
		if (!rc && found)
			id = cz_stmt_int(ci->find_meeting, 0);
		cz_stmt_reset(ci->find_meeting);
		if (!rc && !found)
			rc = cz_err_set(err, CZ_EINTERNAL, "meeting '%s' vanished", uid.data);
	}
	cz_buf_release(&uid);
	for (int r = 0; !rc && r < 3; r++) {
		for (size_t i = 0; !rc && i < row->names[r].n; i++) {
			int64_t pid;
			bool created;
			rc = cz_people_resolve(ci->people, row->names[r].v[i], row->emails[r].v[i],
					       "calendar", &pid, &created, err);
			if (!rc && created)
				ci->stats.people_added++;
			if (!rc) rc = cz_stmt_bind_int(ci->ins_attendee, 1, id, err);
			if (!rc) rc = cz_stmt_bind_int(ci->ins_attendee, 2, pid, err);
			if (!rc) rc = cz_stmt_bind_text(ci->ins_attendee, 3, roles[r], err);
			if (!rc) rc = cz_stmt_run(ci->ins_attendee, err);
			cz_stmt_reset(ci->ins_attendee);
		}
	}
	return rc;
}

static bool fatal(cz_rc rc)
{
	return rc == CZ_EDB || rc == CZ_EBUSY || rc == CZ_ENOMEM || rc == CZ_EINTERNAL;
}

static cz_rc calendar_row(pass *ps, const cz_csv_row *row, cz_err *err)
{
	cz_calrow cr;
	cz_err rerr;
	cz_rc rc;

	cz_calrow_init(&cr);
	rc = cz_calrow_parse(&ps->sn->layout, ps->order, row->fields, row->n, &cr, &rerr);
	if (rc == CZ_EUSAGE) {
		memcpy(&ps->fatal_err, &rerr, sizeof(rerr));
		ps->fatal_line = row->line;
		cz_calrow_release(&cr);
		return STOP;
	}
	if (rc == CZ_EDATA)
		rc = row_reject(ps, row->line, rerr.msg, err);
	else if (rc)
		memcpy(err, &rerr, sizeof(*err));
	else
		rc = store_meeting(ps, &cr, row->line, err);
	cz_calrow_release(&cr);
	return rc;
}

/* A trimmed copy of field col ("" when absent); NULL when out of memory. */
static char *field_dup(const cz_csv_row *row, int col)
{
	cz_err err;
	const char *s = col >= 0 && (size_t)col < row->n ? row->fields[col] : "";
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return cz_strndup(s, n, &err);
}

static cz_rc people_row(pass *ps, const cz_csv_row *row, cz_err *err)
{
	const int *col = ps->sn->pcol;
	char *name, *email, *team, *aliases;
	cz_strv al;
	cz_err rerr;
	bool created = false;
	cz_rc rc = CZ_OK;

	if (row->n != ps->sn->layout.width)
		return row_reject(ps, row->line, "row has a different number of fields than the "
				  "header", err);
	name = field_dup(row, col[0]);
	email = field_dup(row, col[1]);
	team = field_dup(row, col[2]);
	aliases = field_dup(row, col[3]);
	cz_strv_init(&al);
	if (!name || !email || !team || !aliases)
		rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
	for (char *p = aliases; !rc && p && *p;) {
		char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && *p == ' ')
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		if (n)
			rc = cz_strv_pushn(&al, p, n, err);
		p = end ? end + 1 : NULL;
	}
	if (!rc) {
		rc = cz_people_directory_entry(ps->ci->people, name, email, team, &al, &created,
					       &rerr);
		if (rc == CZ_EDATA)
			rc = row_reject(ps, row->line, rerr.msg, err);
		else if (rc)
			memcpy(err, &rerr, sizeof(*err));
		else if (created)
			ps->ci->stats.people_added++;
	}
	cz_strv_release(&al);
	free(name);
	free(email);
	free(team);
	free(aliases);
	return rc;
}

static bool blank_row(const cz_csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		if (row->fields[i][strspn(row->fields[i], " \t")])
			return false;
	return true;
}

static cz_rc on_row(void *ctx, const cz_csv_row *row, cz_err *err)
{
	pass *ps = ctx;

	if (row->line <= ps->sn->header_line || blank_row(row))
		return CZ_OK;
	return ps->sn->kind == CZ_CSV_PEOPLE ? people_row(ps, row, err) : calendar_row(ps, row, err);
}

/* The fingerprint of everything that decides how a file is read. */
static void settings_hash(const cz_calimport *ci, const char *raw_hash, cz_csv_kind kind,
			  char out[CZ_HASH_HEX])
{
	cz_hasher *h;

	if (cz_hasher_new(&h, NULL)) {
		snprintf(out, CZ_HASH_HEX, "%s", raw_hash);
		return;
	}
	cz_hasher_adds(h, raw_hash);
	cz_hasher_adds(h, kind == CZ_CSV_CALENDAR ? "c" : kind == CZ_CSV_PEOPLE ? "p" : "s");
	cz_hasher_adds(h, cz_date_order_name(ci->flag_order));
	cz_hasher_adds(h, cz_date_order_name(ci->conf.order));
	cz_hasher_adds(h, ci->conf.encoding ? ci->conf.encoding : "");
	for (int c = 0; c < CZ_COL_N; c++)
		cz_hasher_adds(h, ci->conf.columns[c] ? ci->conf.columns[c] : "");
	cz_hasher_hex(h, out);
	cz_hasher_free(h);
}

static cz_rc import_text(cz_calimport *ci, const char *path, const char *text, size_t len,
			 cz_csv_kind kind, const char *meta_key, const char *fp, bool *rejected,
			 cz_err *err)
{
	sniff sn;
	pass ps;
	char delim = ',';
	cz_calimport_stats saved;
	cz_err perr;
	cz_rc rc;

	memset(&sn, 0, sizeof(sn));
	sn.ci = ci;
	sn.want = kind;
	cz_strv_init(&sn.first);
	memset(&ps, 0, sizeof(ps));
	cz_strv_init(&ps.reasons);
	*rejected = false;
	rc = find_header(&sn, text, len, &delim, err);
	if (!rc && sn.kind == CZ_CSV_SNIFF) {
		unmapped(ci, path, &sn);
		*rejected = true;
		goto out;
	}
	if (rc)
		goto out;
	ps.ci = ci;
	ps.sn = &sn;
	ps.path = path;
	ps.order = ci->flag_order ? ci->flag_order : ci->conf.order ? ci->conf.order
								     : sn.layout.order;
	saved = ci->stats;
	rc = cz_db_begin(ci->db, err);
	if (rc)
		goto out;
	rc = cz_csv_parse(text, len, delim, on_row, &ps, &perr);
	if (rc == STOP || (rc && !fatal(rc))) {
		char msg[CZ_ERR_MSG_MAX];
		const char *m = rc == STOP ? ps.fatal_err.msg : perr.msg;
		size_t line = rc == STOP ? ps.fatal_line : 0;
		/* Issue 8: the CSV reader says "LINE: reason"; report it as
		 * PATH:LINE: reason like every other rejection. */
		if (rc != STOP && m[0] >= '1' && m[0] <= '9') {
			char *end;
			unsigned long l = strtoul(m, &end, 10);
			if (end[0] == ':' && end[1] == ' ') {
				line = (size_t)l;
				m = end + 2;
			}
		}
		snprintf(msg, sizeof(msg), "%s", m);
		cz_db_rollback(ci->db);
		ci->stats = saved; /* nothing of this file was kept */
		ci->reject(ci->ctx, path, line, msg);
		*rejected = true;
		rc = CZ_OK;
		goto out;
	}
	if (rc)
		memcpy(err, &perr, sizeof(*err));
	if (!rc && !ps.nlines)
		rc = cz_store_meta_set(ci->db, meta_key, fp, err);
	if (!rc)
		rc = cz_db_commit(ci->db, err);
	if (rc)
		cz_db_rollback(ci->db);
	for (size_t i = 0; !rc && i < ps.nlines; i++)
		ci->reject(ci->ctx, path, ps.lines[i], ps.reasons.v[i]);
out:
	cz_strv_release(&sn.first);
	cz_strv_release(&ps.reasons);
	free(ps.lines);
	return rc;
}

cz_rc cz_calimport_file(cz_calimport *ci, const char *path, cz_csv_kind kind,
			cz_src_outcome *outcome, cz_err *err)
{
	cz_buf raw, text, key;
	cz_err ferr;
	char hash[CZ_HASH_HEX], fp[CZ_HASH_HEX];
	char *old = NULL;
	bool rejected = false;
	cz_rc rc;

	*outcome = CZ_SRC_REJECTED;
	if (cz_strv_find(&ci->done, path) >= 0) {
		*outcome = CZ_SRC_DUPLICATE;
		return CZ_OK;
	}
	rc = cz_strv_push(&ci->done, path, err);
	if (rc)
		return rc;
	cz_buf_init(&raw, 0);
	cz_buf_init(&text, 0);
	cz_buf_init(&key, 0);
	rc = cz_file_read(path, ci->cfg->max_file_size, &raw, &ferr);
	if (rc == CZ_ENOMEM)
		goto fail;
	if (rc) {
		ci->reject(ci->ctx, path, 0, rc == CZ_ENOINPUT ? "no such file" : ferr.msg);
		rc = CZ_OK;
		goto out;
	}
	cz_hash_hex(raw.data, raw.len, hash);
	settings_hash(ci, hash, kind, fp);
	rc = cz_buf_addf(&key, err, "source:%s", path);
	if (!rc)
		rc = cz_store_meta_get(ci->db, key.data, &old, err);
	if (rc)
		goto out;
	if (old && !strcmp(old, fp)) {
		*outcome = CZ_SRC_UNCHANGED;
		goto out;
	}
	rc = cz_decode(raw.data, raw.len, cz_calconf_codepage(&ci->conf), &text, NULL, &ferr);
	if (rc == CZ_ENOMEM)
		goto fail;
	if (rc) {
		ci->reject(ci->ctx, path, 0, ferr.msg);
		rc = CZ_OK;
		goto out;
	}
	rc = import_text(ci, path, text.data, text.len, kind, key.data, fp, &rejected, err);
	if (!rc && !rejected)
		*outcome = old ? CZ_SRC_CHANGED : CZ_SRC_NEW;
	goto out;
fail:
	rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
out:
	free(old);
	cz_buf_release(&raw);
	cz_buf_release(&text);
	cz_buf_release(&key);
	return rc;
}

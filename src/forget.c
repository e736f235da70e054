/*
 * forget.c - erasing a person (see forget.h).
 *
 * Matching text case- and accent-insensitively needs to know where each
 * folded byte came from: fold_map() folds a text one code point at a time
 * with fold.h (so the rules are exactly those of the stored keys) and
 * keeps, for every byte of the folded text, the byte range of the code
 * point it came from. Runs of spaces and punctuation fold to one space, as
 * in keys, so a key "ana lima" is found in "Ana  Lima" or "ana.lima@x".
 *
 * Volume: forget is rare and interactive; every stored text is folded
 * once per run (a few seconds for a large archive), which keeps the code
 * simple and the SQL free of custom functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/decode.h"
#include "coalesce/fold.h"
#include "coalesce/forget.h"
#include "coalesce/privacy.h"

typedef struct fmap {
	cz_buf f;       /* folded text */
	size_t *from;   /* per folded byte: start of its code point in s */
	size_t *to;     /* per folded byte: end of its code point in s */
	size_t cap;
} fmap;

static void fmap_release(fmap *m)
{
	cz_buf_release(&m->f);
	free(m->from);
	free(m->to);
}

static cz_rc fmap_push(fmap *m, const char *p, size_t n, size_t a, size_t b, cz_err *err)
{
	if (m->f.len + n > m->cap) {
		size_t cap = (m->f.len + n) * 2 + 64;
		size_t *nf = realloc(m->from, cap * sizeof(*nf));
		if (nf)
			m->from = nf;
		size_t *nt = nf ? realloc(m->to, cap * sizeof(*nt)) : NULL;
		if (!nt)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		m->to = nt;
		m->cap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		m->from[m->f.len + i] = a;
		m->to[m->f.len + i] = b;
	}
	return cz_buf_add(&m->f, p, n, err);
}

/* Byte length of the UTF-8 sequence starting with c (1 for a bad byte). */
static size_t seq_len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc2)
		return 2;
	return 1;
}

static cz_rc fold_map(const char *s, size_t len, fmap *m, cz_err *err)
{
	cz_buf one;
	cz_rc rc = CZ_OK;

	cz_buf_init(&one, 0);
	for (size_t o = 0; !rc && o < len;) {
		unsigned char c = (unsigned char)s[o];
		size_t n = seq_len(c);
		if (o + n > len || (n > 1 && !cz_utf8_valid(s + o, n, NULL)))
			n = 1;
		cz_buf_reset(&one);
		if (c >= 0x80 && n > 1)
			rc = cz_fold_key(s + o, n, &one, err);
		else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
			rc = cz_buf_addc(&one, (char)c, err);
		else if (c >= 'A' && c <= 'Z')
			rc = cz_buf_addc(&one, (char)(c - 'A' + 'a'), err);
		if (!rc && one.len)
			rc = fmap_push(m, one.data, one.len, o, o + n, err);
		else if (!rc && m->f.len && m->f.data[m->f.len - 1] != ' ')
			rc = fmap_push(m, " ", 1, o, o + n, err);
		o += n;
	}
	cz_buf_release(&one);
	return rc;
}

/* First occurrence of k[0..kl) in h[0..hl), or NULL (memmem is not C17). */
static const char *find_bytes(const char *h, size_t hl, const char *k, size_t kl)
{
	for (const char *p = h; kl <= hl && (size_t)(p - h) <= hl - kl; p++) {
		p = memchr(p, k[0], hl - kl - (size_t)(p - h) + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, k, kl))
			return p;
	}
	return NULL;
}

typedef struct range {
	size_t a, b;
} range;

static int range_cmp(const void *x, const void *y)
{
	const range *p = x, *q = y;

	return p->a < q->a ? -1 : p->a > q->a;
}

cz_rc cz_forget_scrub(const cz_strv *keys, const char *s, size_t len, cz_buf *out,
		      bool *changed, cz_err *err)
{
	fmap m = { CZ_BUF_INIT, NULL, NULL, 0 };
	range *rs = NULL;
	size_t nr = 0, capr = 0, pos = 0;
	cz_rc rc = fold_map(s, len, &m, err);

	*changed = false;
	for (size_t k = 0; !rc && k < keys->n; k++) {
		const char *key = keys->v[k];
		size_t kl = strlen(key);
		const char *f = m.f.data, *hit;
		/* Two-letter aliases ("BO", "AN") are also words: they find
		 * people and attendee rows but do not rewrite text. */
		if (kl < 3)
			continue;
		for (size_t at = 0; !rc && at + kl <= m.f.len; at = (size_t)(hit - f) + 1) {
			size_t i;
			hit = find_bytes(f + at, m.f.len - at, key, kl);
			if (!hit)
				break;
			i = (size_t)(hit - f);
			if ((i && f[i - 1] != ' ') || (i + kl < m.f.len && f[i + kl] != ' '))
				continue;
			if (nr == capr) {
				range *n = realloc(rs, (capr * 2 + 8) * sizeof(*rs));
				if (!n) {
					rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
					break;
				}
				rs = n;
				capr = capr * 2 + 8;
			}
			rs[nr].a = m.from[i];
			rs[nr].b = m.to[i + kl - 1];
			nr++;
		}
	}
	if (!rc && nr)
		qsort(rs, nr, sizeof(*rs), range_cmp);
	cz_buf_reset(out);
	for (size_t i = 0; !rc && i < nr; i++) {
		if (rs[i].b <= pos)
			continue; /* inside a range already replaced */
		if (rs[i].a > pos)
			rc = cz_buf_add(out, s + pos, rs[i].a - pos, err);
		if (!rc && rs[i].a >= pos)
			rc = cz_buf_adds(out, CZ_FORGOTTEN, err);
		pos = rs[i].b;
	}
	if (!rc)
		rc = cz_buf_add(out, s + pos, len - pos, err);
	if (!rc)
		*changed = nr > 0;
	free(rs);
	fmap_release(&m);
	return rc;
}

/* --- finding the person ------------------------------------------------- */

typedef struct ids {
	int64_t *v;
	size_t n, cap;
} ids;

static cz_rc ids_add(ids *x, int64_t id, cz_err *err)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i] == id)
			return CZ_OK;
	if (x->n == x->cap) {
		int64_t *n = realloc(x->v, (x->cap * 2 + 8) * sizeof(*n));
		if (!n)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		x->v = n;
		x->cap = x->cap * 2 + 8;
	}
	x->v[x->n++] = id;
	return CZ_OK;
}

/* Every id the one-text-parameter query returns, added to x. */
static cz_rc query_ids(cz_db *db, const char *sql, const char *arg, ids *x, cz_err *err)
{
	cz_stmt *s;
	bool row = false;
	cz_rc rc = cz_db_prepare(db, sql, &s, err);

	if (!rc)
		rc = cz_stmt_bind_text(s, 1, arg, err);
	while (!rc && !(rc = cz_stmt_step(s, &row, err)) && row)
		rc = ids_add(x, cz_stmt_int(s, 0), err);
	cz_stmt_finalize(s);
	return rc;
}

/* Add the fold key of s (and its swapped form) to keys, once. */
static cz_rc add_key(cz_strv *keys, const char *s, cz_err *err)
{
	cz_buf k, sw;
	cz_rc rc;

	cz_buf_init(&k, 0);
	cz_buf_init(&sw, 0);
	rc = cz_fold_key(s, strlen(s), &k, err);
	for (int pass = 0; !rc && pass < 2; pass++) {
		const cz_buf *b = pass ? &sw : &k;
		bool dup = !b->len;
		for (size_t i = 0; !dup && i < keys->n; i++)
			dup = !strcmp(keys->v[i], b->data);
		if (!dup)
			rc = cz_strv_push(keys, b->data, err);
		if (!rc && !pass && !cz_fold_swapped(s, strlen(s), &sw, err))
			break;
	}
	cz_buf_release(&k);
	cz_buf_release(&sw);
	return rc;
}

/* Keys of every text of column `col` of the rows the query selects for id. */
static cz_rc keys_of(cz_db *db, const char *sql, int64_t id, cz_strv *keys, cz_err *err)
{
	cz_stmt *s;
	bool row = false;
	cz_rc rc = cz_db_prepare(db, sql, &s, err);

	if (!rc)
		rc = cz_stmt_bind_int(s, 1, id, err);
	while (!rc && !(rc = cz_stmt_step(s, &row, err)) && row)
		if (cz_stmt_text(s, 0))
			rc = add_key(keys, cz_stmt_text(s, 0), err);
	cz_stmt_finalize(s);
	return rc;
}

static cz_rc find(cz_db *db, const char *who, ids *x, cz_strv *keys, cz_err *err)
{
	cz_privacy pv;
	cz_buf arg, k;
	cz_rc rc = cz_privacy_load(&pv, db, err);

	cz_buf_init(&arg, 0);
	cz_buf_init(&k, 0);
	if (!rc)
		rc = strchr(who, '@') ? cz_privacy_email(&pv, who, &arg, err)
				      : cz_privacy_name(&pv, who, &arg, err);
	if (!rc)
		rc = add_key(keys, who, err);
	if (!rc && pv.redact)
		rc = add_key(keys, arg.data, err);
	if (!rc && strchr(who, '@'))
		rc = query_ids(db, "SELECT id FROM people WHERE email = lower(?1)", arg.data, x,
			       err);
	for (size_t i = 0; !rc && i < keys->n; i++) {
		rc = query_ids(db, "SELECT id FROM people WHERE name_key = ?1", keys->v[i], x, err);
		if (!rc)
			rc = query_ids(db, "SELECT person_id FROM person_aliases WHERE alias_key = ?1",
				       keys->v[i], x, err);
	}
	for (size_t i = 0; !rc && i < x->n; i++) {
		rc = keys_of(db, "SELECT name FROM people WHERE id = ?1", x->v[i], keys, err);
		if (!rc)
			rc = keys_of(db, "SELECT email FROM people WHERE id = ?1", x->v[i], keys, err);
		if (!rc)
			rc = keys_of(db, "SELECT alias_key FROM person_aliases WHERE person_id = ?1",
				     x->v[i], keys, err);
		if (!rc)
			rc = keys_of(db, "SELECT name FROM note_attendees WHERE person_id = ?1",
				     x->v[i], keys, err);
	}
	cz_buf_release(&arg);
	cz_buf_release(&k);
	return rc;
}

/* --- erasing ------------------------------------------------------------ */

/* Run a one-integer statement for each id; *n += rows changed. */
static cz_rc delete_ids(cz_db *db, const char *sql, const ids *x, int64_t *n, cz_err *err)
{
	cz_stmt *s;
	cz_rc rc = cz_db_prepare(db, sql, &s, err);

	for (size_t i = 0; !rc && i < x->n; i++) {
		rc = cz_stmt_bind_int(s, 1, x->v[i], err);
		if (!rc)
			rc = cz_stmt_run(s, err);
		if (!rc)
			*n += cz_db_changes(db);
		cz_stmt_reset(s);
	}
	cz_stmt_finalize(s);
	return rc;
}

/* note_attendees rows whose name has one of the keys (people never resolved). */
static cz_rc delete_attendee_names(cz_db *db, const cz_strv *keys, int64_t *n, cz_err *err)
{
	cz_stmt *sel = NULL, *del = NULL;
	cz_buf k;
	bool row = false;
	cz_rc rc = cz_db_prepare(db, "SELECT note_id, name FROM note_attendees", &sel, err);

	cz_buf_init(&k, 0);
	if (!rc)
		rc = cz_db_prepare(db, "DELETE FROM note_attendees WHERE note_id = ?1 AND name = ?2",
				   &del, err);
	while (!rc && !(rc = cz_stmt_step(sel, &row, err)) && row) {
		const char *name = cz_stmt_text(sel, 1);
		bool hit = false;
		cz_buf_reset(&k);
		rc = cz_fold_key(name, strlen(name), &k, err);
		for (size_t i = 0; !rc && !hit && i < keys->n; i++)
			hit = !strcmp(k.data, keys->v[i]);
		if (rc || !hit)
			continue;
		/* Deleting the row the SELECT stands on is safe in SQLite. */
		rc = cz_stmt_bind_int(del, 1, cz_stmt_int(sel, 0), err);
		if (!rc)
			rc = cz_stmt_bind_text(del, 2, name, err);
		if (!rc)
			rc = cz_stmt_run(del, err);
		if (!rc)
			*n += cz_db_changes(db);
		cz_stmt_reset(del);
	}
	cz_stmt_finalize(sel);
	cz_stmt_finalize(del);
	cz_buf_release(&k);
	return rc;
}

/*
 * Scrub column `col` of `table` (rows keyed by id). Rows whose text
 * changed get the scrubbed text, or NULL with `null_on_hit`, or, with
 * `suffix_id`, the scrubbed text + "#id" (keeps a UNIQUE column unique).
 */
static cz_rc scrub_column(cz_db *db, const char *table, const char *col, const cz_strv *keys,
			  bool null_on_hit, bool suffix_id, int64_t *n, cz_err *err)
{
	cz_stmt *sel = NULL, *up = NULL;
	cz_buf sql, out;
	bool row = false, changed;
	cz_rc rc;

	cz_buf_init(&sql, 0);
	cz_buf_init(&out, 0);
	rc = cz_buf_addf(&sql, err, "SELECT rowid, %s FROM %s WHERE %s IS NOT NULL", col, table,
			 col);
	if (!rc)
		rc = cz_db_prepare(db, sql.data, &sel, err);
	cz_buf_reset(&sql);
	if (!rc)
		rc = cz_buf_addf(&sql, err, "UPDATE %s SET %s = ?2 WHERE rowid = ?1", table, col);
	if (!rc)
		rc = cz_db_prepare(db, sql.data, &up, err);
	while (!rc && !(rc = cz_stmt_step(sel, &row, err)) && row) {
		int64_t id = cz_stmt_int(sel, 0);
		rc = cz_forget_scrub(keys, cz_stmt_text(sel, 1), cz_stmt_bytes(sel, 1), &out,
				     &changed, err);
		if (rc || !changed)
			continue;
		if (suffix_id)
			rc = cz_buf_addf(&out, err, "#%lld", (long long)id);
		if (!rc)
			rc = cz_stmt_bind_int(up, 1, id, err);
		if (!rc)
			rc = null_on_hit ? cz_stmt_bind_null(up, 2, err)
					 : cz_stmt_bind_textn(up, 2, out.data, out.len, err);
		if (!rc)
			rc = cz_stmt_run(up, err);
		cz_stmt_reset(up);
		if (!rc)
			(*n)++;
	}
	cz_stmt_finalize(sel);
	cz_stmt_finalize(up);
	cz_buf_release(&sql);
	cz_buf_release(&out);
	return rc;
}

static cz_rc erase(cz_db *db, const ids *x, const cz_strv *keys, cz_forget_counts *c,
		   cz_err *err)
{
	int64_t meetings = 0;
	cz_rc rc = delete_ids(db, "DELETE FROM attendees WHERE person_id = ?1", x, &c->attendees,
			      err);

	if (!rc)
		rc = delete_ids(db, "DELETE FROM note_attendees WHERE person_id = ?1", x,
				&c->note_attendees, err);
	if (!rc)
		rc = delete_attendee_names(db, keys, &c->note_attendees, err);
	if (!rc)
		rc = delete_ids(db, "DELETE FROM person_aliases WHERE person_id = ?1", x,
				&c->aliases, err);
	if (!rc)
		rc = delete_ids(db, "DELETE FROM people WHERE id = ?1", x, &c->people, err);
	if (!rc)
		rc = scrub_column(db, "note_bodies", "body", keys, false, false, &c->note_bodies, err);
	if (!rc)
		rc = scrub_column(db, "notes", "title", keys, false, false, &c->note_titles, err);
	if (!rc)
		rc = scrub_column(db, "signals", "excerpt", keys, false, false, &c->excerpts, err);
	if (!rc)
		rc = scrub_column(db, "signals", "speaker", keys, false, false, &c->speakers, err);
	if (!rc)
		rc = scrub_column(db, "signals", "groups", keys, true, false, &c->groups, err);
	if (!rc)
		rc = scrub_column(db, "meetings", "subject", keys, false, false, &c->meetings, err);
	if (!rc)
		rc = scrub_column(db, "meetings", "description", keys, false, false, &meetings, err);
	if (!rc)
		rc = scrub_column(db, "meetings", "location", keys, false, false, &meetings, err);
	if (!rc)
		rc = scrub_column(db, "meetings", "uid", keys, false, true, &meetings, err);
	c->meetings += meetings; /* rows may count twice: an upper bound, said in docs */
	return rc;
}

/*
 * Checkpoint the whole WAL and truncate it. The pragma reports "busy"
 * in its first column rather than failing when a reader holds old
 * frames, so that is checked here.
 */
static cz_rc checkpoint(cz_db *db, cz_err *err)
{
	int64_t busy = 0;
	cz_rc rc = cz_db_query_int(db, "PRAGMA wal_checkpoint(TRUNCATE)", &busy, err);

	if (!rc && busy)
		rc = cz_err_set(err, CZ_EBUSY, "another process is reading the database");
	return rc;
}

cz_rc cz_forget(cz_db *db, const char *who, cz_forget_counts *counts, cz_err *err)
{
	ids x = { NULL, 0, 0 };
	cz_strv keys;
	cz_rc rc;

	memset(counts, 0, sizeof(*counts));
	cz_strv_init(&keys);
	/* Freed pages and cells are overwritten with zeros from here on. */
	rc = cz_db_exec(db, "PRAGMA secure_delete=ON;", err);
	if (!rc)
		rc = cz_db_begin(db, err);
	if (rc)
		goto out;
	rc = find(db, who, &x, &keys, err);
	if (!rc)
		rc = erase(db, &x, &keys, counts, err);
	if (!rc)
		rc = cz_db_commit(db, err);
	if (rc) {
		cz_db_rollback(db);
		goto out;
	}
	/* Old page images live on in the WAL until it is checkpointed and
	 * truncated; VACUUM rewrites the file without free pages. */
	rc = checkpoint(db, err);
	if (!rc)
		rc = cz_db_exec(db, "VACUUM;", err);
	if (!rc)
		rc = checkpoint(db, err);
	if (rc == CZ_EBUSY || rc == CZ_EDB) {
		char why[CZ_ERR_MSG_MAX];
		memcpy(why, err->msg, sizeof(why));
		rc = cz_err_set(err, rc, "forget: the erasure is committed, but the database "
				"could not be compacted (%s); old copies may remain in the WAL "
				"or free pages: close the other users of the database and run "
				"forget again", why);
	}
out:
	free(x.v);
	cz_strv_release(&keys);
	return rc;
}

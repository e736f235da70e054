/*
 * people.c - resolving names to people and loading the directory (see
 * people.h). Keys are computed here with fold.h; every lookup is one
 * indexed query (people.email, people_name_key, person_aliases_key).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/fold.h"
#include "coalesce/people.h"
#include "coalesce/privacy.h"

enum {
	S_BY_EMAIL, S_BY_NAME, S_BY_ALIAS, S_INSERT, S_SET_EMAIL, S_SOURCE, S_MOVE_ATT,
	S_DROP_ATT, S_MOVE_NOTE, S_DELETE, S_UPDATE, S_CLEAR_ALIAS, S_ALIAS, N_STMTS
};

static const char *const sql[N_STMTS] = {
	[S_BY_EMAIL] = "SELECT id FROM people WHERE email = ?1",
	[S_BY_NAME] = "SELECT id FROM people WHERE name_key = ?1 "
		      "ORDER BY source = 'directory' DESC, id",
	[S_BY_ALIAS] = "SELECT p.id FROM person_aliases a JOIN people p ON p.id = a.person_id "
		       "WHERE a.alias_key = ?1 ORDER BY p.source = 'directory' DESC, p.id",
	[S_INSERT] = "INSERT INTO people(name, email, team, name_key, source) "
		     "VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_SET_EMAIL] = "UPDATE people SET email = ?2 WHERE id = ?1 AND email IS NULL "
			"AND NOT EXISTS (SELECT 1 FROM people WHERE email = ?2)",
	[S_SOURCE] = "SELECT source, email FROM people WHERE id = ?1",
	[S_MOVE_ATT] = "INSERT OR IGNORE INTO attendees(meeting_id, person_id, role) "
		       "SELECT meeting_id, ?2, role FROM attendees WHERE person_id = ?1",
	[S_DROP_ATT] = "DELETE FROM attendees WHERE person_id = ?1",
	[S_MOVE_NOTE] = "UPDATE note_attendees SET person_id = ?2 WHERE person_id = ?1",
	[S_DELETE] = "DELETE FROM people WHERE id = ?1",
	[S_UPDATE] = "UPDATE people SET name = ?2, email = ?3, team = ?4, name_key = ?5, "
		     "source = 'directory' WHERE id = ?1",
	[S_CLEAR_ALIAS] = "DELETE FROM person_aliases WHERE person_id = ?1",
	[S_ALIAS] = "INSERT OR IGNORE INTO person_aliases(person_id, alias_key) VALUES (?1, ?2)",
};

struct cz_people {
	cz_db *db;
	cz_stmt *st[N_STMTS];
	cz_privacy pv; /* issue 8: names are pseudonymised in a redacted database */
};

cz_rc cz_people_open(cz_people **out, cz_db *db, cz_err *err)
{
	cz_people *p = calloc(1, sizeof(*p));
	cz_rc rc = CZ_OK;

	if (!p)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	p->db = db;
	rc = cz_privacy_load(&p->pv, db, err);
	for (int i = 0; !rc && i < N_STMTS; i++)
		rc = cz_db_prepare(db, sql[i], &p->st[i], err);
	if (rc) {
		cz_people_close(p);
		return rc;
	}
	*out = p;
	return CZ_OK;
}

void cz_people_close(cz_people *p)
{
	if (!p)
		return;
	for (int i = 0; i < N_STMTS; i++)
		cz_stmt_finalize(p->st[i]);
	free(p);
}

/* First id a one-text-parameter query returns, or 0. */
static cz_rc lookup(cz_people *p, int which, const char *arg, int64_t *id, cz_err *err)
{
	cz_stmt *s = p->st[which];
	bool row = false;
	cz_rc rc = cz_stmt_bind_text(s, 1, arg, err);

	*id = 0;
	if (!rc)
		rc = cz_stmt_step(s, &row, err);
	if (!rc && row)
		*id = cz_stmt_int(s, 0);
	cz_stmt_reset(s);
	return rc;
}

static cz_rc run_it(cz_stmt *s, int64_t a, int64_t b, cz_err *err)
{
	cz_rc rc = cz_stmt_bind_int(s, 1, a, err);

	if (!rc && b)
		rc = cz_stmt_bind_int(s, 2, b, err);
	if (!rc)
		rc = cz_stmt_run(s, err);
	cz_stmt_reset(s);
	return rc;
}

static bool email_ok(const char *e)
{
	const char *at = strchr(e, '@');

	if (!at || at == e || !at[1] || strchr(at + 1, '@'))
		return false;
	for (; *e; e++)
		if (isspace((unsigned char)*e) || *e == '<' || *e == '>' || *e == ',' || *e == ';')
			return false;
	return true;
}

static char *lower_dup(const char *s, cz_err *err)
{
	char *d = cz_strdup(s, err);

	for (char *q = d; q && *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return d;
}

/* Name key, then alias key, for key and for the swapped form of name. */
static cz_rc by_names(cz_people *p, const char *name, const char *key, int64_t *id,
		      cz_err *err)
{
	cz_buf sw;
	cz_rc rc = lookup(p, S_BY_NAME, key, id, err);

	if (!rc && !*id)
		rc = lookup(p, S_BY_ALIAS, key, id, err);
	if (rc || *id)
		return rc;
	cz_buf_init(&sw, 0);
	if (cz_fold_swapped(name, strlen(name), &sw, err)) {
		rc = lookup(p, S_BY_NAME, sw.data, id, err);
		if (!rc && !*id)
			rc = lookup(p, S_BY_ALIAS, sw.data, id, err);
	}
	cz_buf_release(&sw);
	return rc;
}

static cz_rc resolve(cz_people *p, const char *name, const char *email, const char *source,
		     int64_t *id, bool *created, cz_err *err)
{
	cz_buf key;
	char *mail = NULL;
	cz_stmt *s;
	cz_rc rc = CZ_OK;

	if (created)
		*created = false;
	*id = 0;
	if (email && *email) {
		mail = lower_dup(email, err);
		if (!mail)
			return CZ_ENOMEM;
		rc = lookup(p, S_BY_EMAIL, mail, id, err);
		if (rc || *id)
			goto out;
	}
	cz_buf_init(&key, 0);
	rc = cz_fold_key(name ? name : "", name ? strlen(name) : 0, &key, err);
	if (!rc && !key.len && mail)
		rc = cz_buf_adds(&key, mail, err);
	if (!rc && !key.len)
		rc = cz_err_set(err, CZ_EDATA, "attendee without a name or email");
	if (!rc)
		rc = by_names(p, name ? name : "", key.data, id, err);
	if (!rc && *id && mail) {
		rc = cz_stmt_bind_int(p->st[S_SET_EMAIL], 1, *id, err);
		if (!rc)
			rc = cz_stmt_bind_text(p->st[S_SET_EMAIL], 2, mail, err);
		if (!rc)
			rc = cz_stmt_run(p->st[S_SET_EMAIL], err);
		cz_stmt_reset(p->st[S_SET_EMAIL]);
	}
	if (!rc && !*id) {
		/* "Okafor, Ben" is keyed as "ben okafor", so that "Ben Okafor"
		 * written elsewhere finds the same person. */
		cz_buf sw;
		cz_buf_init(&sw, 0);
		if (name && cz_fold_swapped(name, strlen(name), &sw, err)) {
			cz_buf_reset(&key);
			rc = cz_buf_add(&key, sw.data, sw.len, err);
		}
		cz_buf_release(&sw);
	}
	if (!rc && !*id) {
		s = p->st[S_INSERT];
		rc = cz_stmt_bind_text(s, 1, name && *name ? name : mail, err);
		if (!rc) rc = mail ? cz_stmt_bind_text(s, 2, mail, err) : cz_stmt_bind_null(s, 2, err);
		if (!rc) rc = cz_stmt_bind_null(s, 3, err);
		if (!rc) rc = cz_stmt_bind_text(s, 4, key.data, err);
		if (!rc) rc = cz_stmt_bind_text(s, 5, source, err);
		if (!rc) rc = cz_stmt_run(s, err);
		cz_stmt_reset(s);
		if (!rc) {
			*id = cz_db_last_id(p->db);
			if (created)
				*created = true;
		}
	}
	cz_buf_release(&key);
out:
	free(mail);
	return rc;
}

/* Add id to the candidate set. */
static void add_id(int64_t *ids, size_t *n, size_t max, int64_t id)
{
	if (!id)
		return;
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id)
			return;
	if (*n < max)
		ids[(*n)++] = id;
}

/* Source and email of a person (text borrowed into the given buffers). */
static cz_rc person_info(cz_people *p, int64_t id, char src[16], cz_buf *email, cz_err *err)
{
	cz_stmt *s = p->st[S_SOURCE];
	bool row = false;
	cz_rc rc = cz_stmt_bind_int(s, 1, id, err);

	src[0] = '\0';
	cz_buf_reset(email);
	if (!rc)
		rc = cz_stmt_step(s, &row, err);
	if (!rc && row) {
		const char *e = cz_stmt_text(s, 1);
		snprintf(src, 16, "%s", cz_stmt_text(s, 0));
		if (e)
			rc = cz_buf_adds(email, e, err);
	}
	cz_stmt_reset(s);
	return rc;
}

#define MAX_CANDIDATES 32

static cz_rc directory_entry(cz_people *p, const char *name, const char *email,
			     const char *team, const cz_strv *aliases, bool *created,
			     cz_err *err)
{
	int64_t ids[MAX_CANDIDATES], id, target = 0;
	size_t n = 0;
	cz_strv keys;
	cz_buf key, other;
	char *mail = NULL, src[16];
	cz_rc rc = CZ_OK;

	if (created)
		*created = false;
	cz_strv_init(&keys);
	cz_buf_init(&key, 0);
	cz_buf_init(&other, 0);
	if (email && *email) {
		if (!email_ok(email)) {
			rc = cz_err_set(err, CZ_EDATA, "'%s' is not an email address", email);
			goto out;
		}
		mail = lower_dup(email, err);
		if (!mail || (rc = lookup(p, S_BY_EMAIL, mail, &id, err)))
			goto fail;
		add_id(ids, &n, MAX_CANDIDATES, id);
	}
	/* Every key this person is known by: name, its swapped form, aliases. */
	for (size_t i = 0; !rc && i <= (aliases ? aliases->n : 0); i++) {
		const char *s = i == 0 ? name : aliases->v[i - 1];
		cz_buf_reset(&key);
		rc = cz_fold_key(s, strlen(s), &key, err);
		if (!rc && key.len && cz_strv_find(&keys, key.data) < 0)
			rc = cz_strv_push(&keys, key.data, err);
		cz_buf_reset(&key);
		if (!rc && cz_fold_swapped(s, strlen(s), &key, err) && cz_strv_find(&keys, key.data) < 0)
			rc = cz_strv_push(&keys, key.data, err);
	}
	if (!rc && (!keys.n || !*name))
		rc = cz_err_set(err, CZ_EDATA, "empty name");
	for (size_t i = 0; !rc && i < keys.n; i++) {
		rc = lookup(p, S_BY_NAME, keys.v[i], &id, err);
		if (!rc)
			add_id(ids, &n, MAX_CANDIDATES, id);
		if (!rc)
			rc = lookup(p, S_BY_ALIAS, keys.v[i], &id, err);
		if (!rc)
			add_id(ids, &n, MAX_CANDIDATES, id);
	}
	/* The target: a directory person with this email or (with no other
	 * email) this name; else any match; else a new person. Other
	 * directory people are distinct people who share a name or alias. */
	for (size_t i = 0; !rc && i < n; i++) {
		rc = person_info(p, ids[i], src, &other, err);
		if (rc)
			break;
		if (!strcmp(src, "directory")) {
			bool same_mail = mail && !strcmp(other.data, mail);
			if (!target && (same_mail || !other.len))
				target = ids[i];
			else if (same_mail)
				rc = cz_err_set(err, CZ_EDATA, "email '%s' already belongs to another "
						"directory entry", mail);
			ids[i] = 0; /* never merge directory people */
		}
	}
	for (size_t i = 0; !rc && !target && i < n; i++)
		if (ids[i]) {
			target = ids[i];
			ids[i] = 0;
		}
	for (size_t i = 0; !rc && i < n; i++) {
		if (!ids[i] || ids[i] == target)
			continue;
		rc = run_it(p->st[S_MOVE_ATT], ids[i], target, err);
		if (!rc) rc = run_it(p->st[S_DROP_ATT], ids[i], 0, err);
		if (!rc) rc = run_it(p->st[S_MOVE_NOTE], ids[i], target, err);
		if (!rc) rc = run_it(p->st[S_DELETE], ids[i], 0, err);
	}
	if (!rc && !target) {
		cz_stmt *s = p->st[S_INSERT];
		rc = cz_stmt_bind_text(s, 1, name, err);
		if (!rc) rc = mail ? cz_stmt_bind_text(s, 2, mail, err) : cz_stmt_bind_null(s, 2, err);
		if (!rc) rc = *team ? cz_stmt_bind_text(s, 3, team, err) : cz_stmt_bind_null(s, 3, err);
		if (!rc) rc = cz_stmt_bind_text(s, 4, keys.v[0], err);
		if (!rc) rc = cz_stmt_bind_text(s, 5, "directory", err);
		if (!rc) rc = cz_stmt_run(s, err);
		cz_stmt_reset(s);
		if (!rc) {
			target = cz_db_last_id(p->db);
			if (created)
				*created = true;
		}
	} else if (!rc) {
		cz_stmt *s = p->st[S_UPDATE];
		rc = cz_stmt_bind_int(s, 1, target, err);
		if (!rc) rc = cz_stmt_bind_text(s, 2, name, err);
		if (!rc) rc = mail ? cz_stmt_bind_text(s, 3, mail, err) : cz_stmt_bind_null(s, 3, err);
		if (!rc) rc = *team ? cz_stmt_bind_text(s, 4, team, err) : cz_stmt_bind_null(s, 4, err);
		if (!rc) rc = cz_stmt_bind_text(s, 5, keys.v[0], err);
		if (!rc) rc = cz_stmt_run(s, err);
		cz_stmt_reset(s);
	}
	if (!rc)
		rc = run_it(p->st[S_CLEAR_ALIAS], target, 0, err);
	for (size_t i = 1; !rc && i < keys.n; i++) {
		cz_stmt *s = p->st[S_ALIAS];
		rc = cz_stmt_bind_int(s, 1, target, err);
		if (!rc) rc = cz_stmt_bind_text(s, 2, keys.v[i], err);
		if (!rc) rc = cz_stmt_run(s, err);
		cz_stmt_reset(s);
	}
	goto out;
fail:
	if (!rc)
		rc = CZ_ENOMEM;
out:
	free(mail);
	cz_strv_release(&keys);
	cz_buf_release(&key);
	cz_buf_release(&other);
	return rc;
}

cz_rc cz_people_gc(cz_db *db, cz_err *err)
{
	return cz_db_exec(db,
		"DELETE FROM people WHERE source IN ('calendar', 'note') "
		"AND NOT EXISTS (SELECT 1 FROM attendees a WHERE a.person_id = people.id) "
		"AND NOT EXISTS (SELECT 1 FROM note_attendees n WHERE n.person_id = people.id)",
		err);
}

/*
 * Issue 8: the public entry points store what privacy.h says: the names
 * and emails themselves, or their pseudonyms in a redacted database.
 */
cz_rc cz_people_resolve(cz_people *p, const char *name, const char *email, const char *source,
			int64_t *id, bool *created, cz_err *err)
{
	cz_buf n, e;
	cz_rc rc;

	if (!p->pv.redact)
		return resolve(p, name, email, source, id, created, err);
	cz_buf_init(&n, 0);
	cz_buf_init(&e, 0);
	rc = cz_privacy_name(&p->pv, name ? name : "", &n, err);
	if (!rc)
		rc = cz_privacy_email(&p->pv, email ? email : "", &e, err);
	if (!rc)
		rc = resolve(p, n.data, e.data, source, id, created, err);
	cz_buf_release(&n);
	cz_buf_release(&e);
	return rc;
}

cz_rc cz_people_directory_entry(cz_people *p, const char *name, const char *email,
				const char *team, const cz_strv *aliases, bool *created,
				cz_err *err)
{
	cz_buf n, e;
	cz_strv al;
	cz_rc rc;

	if (!p->pv.redact)
		return directory_entry(p, name, email, team, aliases, created, err);
	cz_buf_init(&n, 0);
	cz_buf_init(&e, 0);
	cz_strv_init(&al);
	rc = cz_privacy_name(&p->pv, name, &n, err);
	if (!rc)
		rc = cz_privacy_email(&p->pv, email, &e, err);
	for (size_t i = 0; !rc && aliases && i < aliases->n; i++) {
		cz_buf a;
		cz_buf_init(&a, 0);
		rc = cz_privacy_name(&p->pv, aliases->v[i], &a, err);
		if (!rc)
			rc = cz_strv_push(&al, a.data, err);
		cz_buf_release(&a);
	}
	if (!rc)
		rc = directory_entry(p, n.data, e.data, team, aliases ? &al : NULL, created, err);
	cz_buf_release(&n);
	cz_buf_release(&e);
	cz_strv_release(&al);
	return rc;
}

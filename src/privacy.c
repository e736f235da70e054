/*
 * privacy.c - the database's privacy mode and pseudonyms (see privacy.h).
 *
 * The mode lives in meta so that every module that writes names can find
 * it from the database handle alone; nothing is threaded through the
 * ingest pipeline. A pseudonym hashes the salt, a NUL and the name's fold
 * key with the project's one hash (hash.h) and keeps 40 bits: enough to
 * keep the few thousand people of an archive apart, short enough to read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/config.h"
#include "coalesce/decode.h"
#include "coalesce/file.h"
#include "coalesce/fold.h"
#include "coalesce/hash.h"
#include "coalesce/privacy.h"
#include "coalesce/store.h"

#define PSEUDO_HEX 10
#define EMAIL_DOMAIN "@redacted.invalid"

cz_rc cz_privacy_load(cz_privacy *pv, cz_db *db, cz_err *err)
{
	char *mode = NULL, *salt = NULL;
	cz_rc rc = cz_store_meta_get(db, "redact", &mode, err);

	memset(pv, 0, sizeof(*pv));
	if (!rc)
		rc = cz_store_meta_get(db, "pseudonym_salt", &salt, err);
	if (!rc && mode && !strcmp(mode, "1")) {
		if (!salt || strlen(salt) >= sizeof(pv->salt))
			rc = cz_err_set(err, CZ_EDB, "meta: redacted database without a "
					"pseudonym salt");
		else {
			pv->redact = true;
			memcpy(pv->salt, salt, strlen(salt) + 1);
		}
	}
	free(mode);
	free(salt);
	return rc;
}

/* 16 random bytes as 32 hex digits. */
static cz_rc new_salt(char out[33], cz_err *err)
{
	unsigned char b[16];
	FILE *f = fopen("/dev/urandom", "rb");
	size_t n = f ? fread(b, 1, sizeof(b), f) : 0;

	if (f)
		fclose(f);
	if (n != sizeof(b))
		return cz_err_set(err, CZ_EIO, "/dev/urandom: cannot read a pseudonym salt");
	for (size_t i = 0; i < sizeof(b); i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return CZ_OK;
}

static cz_rc count_notes(cz_db *db, int64_t *n, cz_err *err)
{
	cz_stmt *s;
	bool row = false;
	cz_rc rc = cz_db_prepare(db, "SELECT count(*) FROM notes", &s, err);

	*n = 0;
	if (!rc)
		rc = cz_stmt_step(s, &row, err);
	if (!rc && row)
		*n = cz_stmt_int(s, 0);
	cz_stmt_finalize(s);
	return rc;
}

cz_rc cz_privacy_begin(cz_db *db, bool redact, cz_err *err)
{
	char *mode = NULL;
	char salt[33];
	int64_t notes = 0;
	cz_rc rc = cz_db_begin(db, err);

	if (rc)
		return rc;
	rc = cz_store_meta_get(db, "redact", &mode, err);
	if (!rc && !mode) {
		rc = count_notes(db, &notes, err);
		if (!rc && notes && redact)
			rc = cz_err_set(err, CZ_EUSAGE, "ingest: --redact: this database already "
					"holds note text from a plain ingest; start a new database "
					"to redact");
		if (!rc && redact)
			rc = new_salt(salt, err);
		if (!rc && redact)
			rc = cz_store_meta_set(db, "pseudonym_salt", salt, err);
		if (!rc)
			rc = cz_store_meta_set(db, "redact", redact ? "1" : "0", err);
	} else if (!rc && (strcmp(mode, "1") == 0) != redact) {
		rc = redact ? cz_err_set(err, CZ_EUSAGE, "ingest: --redact: this database was "
					 "created without --redact and holds note text; start a "
					 "new database to redact")
			    : cz_err_set(err, CZ_EUSAGE, "ingest: this database is redacted; "
					 "pass --redact to ingest into it (modes never mix)");
	}
	free(mode);
	if (!rc)
		rc = cz_db_commit(db, err);
	else
		cz_db_rollback(db);
	return rc;
}

bool cz_is_pseudonym(const char *s)
{
	size_t p = strlen(CZ_PSEUDONYM_PREFIX);

	if (strncmp(s, CZ_PSEUDONYM_PREFIX, p))
		return false;
	for (size_t i = 0; i < PSEUDO_HEX; i++)
		if (!strchr("0123456789abcdef", s[p + i]) || !s[p + i])
			return false;
	return s[p + PSEUDO_HEX] == '\0' || !strcmp(s + p + PSEUDO_HEX, EMAIL_DOMAIN);
}

/* "person-" + hash(salt, key) into out. */
static cz_rc pseudonym(const cz_privacy *pv, const char *key, const char *suffix, cz_buf *out,
		       cz_err *err)
{
	cz_hasher *h;
	char hex[CZ_HASH_HEX];
	cz_rc rc = cz_hasher_new(&h, err);

	if (rc)
		return rc;
	cz_hasher_adds(h, pv->salt);
	cz_hasher_adds(h, key);
	cz_hasher_hex(h, hex);
	cz_hasher_free(h);
	cz_buf_reset(out);
	rc = cz_buf_adds(out, CZ_PSEUDONYM_PREFIX, err);
	if (!rc)
		rc = cz_buf_add(out, hex, PSEUDO_HEX, err);
	if (!rc)
		rc = cz_buf_adds(out, suffix, err);
	return rc;
}

cz_rc cz_privacy_name(const cz_privacy *pv, const char *name, cz_buf *out, cz_err *err)
{
	cz_buf key;
	cz_rc rc;

	cz_buf_reset(out);
	if (!pv->redact || !*name || cz_is_pseudonym(name))
		return cz_buf_adds(out, name, err);
	cz_buf_init(&key, 0);
	/* "Díaz, José" and "José Díaz" are one person. */
	if (cz_fold_swapped(name, strlen(name), &key, err))
		rc = CZ_OK;
	else
		rc = cz_fold_key(name, strlen(name), &key, err);
	if (!rc)
		rc = pseudonym(pv, key.data, "", out, err);
	cz_buf_release(&key);
	return rc;
}

cz_rc cz_privacy_email(const cz_privacy *pv, const char *email, cz_buf *out, cz_err *err)
{
	cz_buf low;
	cz_rc rc;

	cz_buf_reset(out);
	if (!pv->redact || !*email || cz_is_pseudonym(email))
		return cz_buf_adds(out, email, err);
	cz_buf_init(&low, 0);
	rc = cz_buf_adds(&low, email, err);
	for (size_t i = 0; !rc && i < low.len; i++)
		if (low.data[i] >= 'A' && low.data[i] <= 'Z')
			low.data[i] = (char)(low.data[i] - 'A' + 'a');
	if (!rc)
		rc = pseudonym(pv, low.data, EMAIL_DOMAIN, out, err);
	cz_buf_release(&low);
	return rc;
}

cz_rc cz_privacy_reread(const char *path, int64_t size, const char *hash, cz_buf *text,
			cz_err *err)
{
	cz_buf raw;
	char h[CZ_HASH_HEX];
	cz_rc rc;

	cz_buf_init(&raw, 0);
	rc = cz_file_read(path, size > 0 ? (size_t)size : 1, &raw, err);
	if (rc == CZ_ELIMIT)
		rc = cz_err_set(err, CZ_EDATA, "%s: changed since ingest", path);
	if (!rc) {
		cz_hash_hex(raw.data, raw.len, h);
		if (strcmp(h, hash))
			rc = cz_err_set(err, CZ_EDATA, "%s: changed since ingest", path);
	}
	if (!rc) {
		cz_buf_reset(text);
		rc = cz_decode(raw.data, raw.len, NULL, text, NULL, err);
	}
	cz_buf_release(&raw);
	return rc;
}

cz_rc cz_privacy_config(const cz_config *cfg, long *min_group_size, cz_err *err)
{
	const cz_ynode *sec = cz_config_section(cfg, "privacy");
	const char *file = cfg->path ? cfg->path : "coalesce.yml";
	cz_err e;

	*min_group_size = CZ_MIN_GROUP_DEFAULT;
	if (!sec || cz_ynode_is_null(sec))
		return CZ_OK;
	if (sec->kind != CZ_Y_MAP)
		return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: 'privacy' must be a mapping, not %s",
				  file, sec->line, sec->col, cz_ynode_kind_name(sec));
	for (size_t i = 0; i + 1 < sec->n; i += 2) {
		const cz_ynode *k = sec->items[i], *v = sec->items[i + 1];
		if (k->kind != CZ_Y_SCALAR || strcmp(k->str, "min_group_size"))
			return cz_err_set(err, CZ_EDATA, "%s:%zu:%zu: unknown key 'privacy.%s' "
					  "(known: min_group_size)", file, k->line, k->col,
					  k->kind == CZ_Y_SCALAR ? k->str : "?");
		if (cz_ynode_long(v, 1, 1000, min_group_size, &e))
			return cz_err_set(err, CZ_EDATA, "%s:%s (privacy.min_group_size)", file,
					  e.msg);
	}
	return CZ_OK;
}

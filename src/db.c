/*
 * db.c - SQLite adapter: connection set-up, transactions, statements and
 * the translation of SQLite result codes into cz_rc.
 *
 * The file is created with open(2) before SQLite sees it so that its mode
 * is owner-only from the first byte (SQLite would create it 0644 less the
 * umask). Pragmas: WAL (readers never block the writer), synchronous=NORMAL
 * (durable at checkpoints; a crash loses at most the last transactions,
 * never consistency), foreign keys on, a busy timeout for concurrent runs.
 * A new database gets 16 KiB pages (an existing one keeps its size): a
 * typical note's body then fits in its row instead of an overflow chain,
 * and storing an archive writes fewer, larger WAL frames (issue 7: ingest
 * 6-10% faster on the benchmark archive).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>

#include "coalesce/db.h"
#include "coalesce/schema.h"

struct cz_db {
	sqlite3 *h;
	char *path;
};

struct cz_stmt {
	sqlite3_stmt *h;
	cz_db *db;
};

/* Translate the connection's last error into err. */
static cz_rc fail(cz_db *db, int rc, const char *what, cz_err *err)
{
	int base = rc & 0xff;
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	const char *path = db ? db->path : "?";

	switch (base) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cz_err_set(err, CZ_EBUSY,
				  "%s: database busy: another coalesce process is using it; "
				  "try again when it has finished", path);
	case SQLITE_FULL:
		return cz_err_set(err, CZ_EDB, "%s: disk full; free some space and run again "
				  "(nothing was half-written)", path);
	case SQLITE_READONLY:
		return cz_err_set(err, CZ_EDB, "%s: database is read-only (%s); check the "
				  "file's permissions", path, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return cz_err_set(err, CZ_EDB, "%s: not a coalesce database, or corrupt (%s)",
				  path, msg);
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_PERM:
		return cz_err_set(err, CZ_EDB, "%s: cannot %s: %s", path, what, msg);
	case SQLITE_NOMEM:
		return cz_err_set(err, CZ_ENOMEM, "out of memory in the database");
	default:
		return cz_err_set(err, CZ_EDB, "%s: %s failed: %s", path, what, msg);
	}
}

static cz_rc create_private(const char *path, unsigned mode, cz_err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);

	if (fd < 0) {
		if (errno == EEXIST)
			return CZ_OK;
		return cz_err_set(err, errno == ENOENT ? CZ_ENOINPUT : CZ_EIO,
				  "%s: cannot create database: %s", path, strerror(errno));
	}
	/* The umask may have removed bits the caller asked for; never adds any. */
	(void)fchmod(fd, (mode_t)mode);
	close(fd);
	return CZ_OK;
}

/*
 * SQLite's library-wide settings, made once before its first use: no
 * memory statistics (they take a global mutex on every allocation, 3 % of
 * an ingest's instructions; nothing here reads them).
 */
static pthread_once_t sqlite_setup_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

cz_rc cz_db_open(cz_db **out, const char *path, unsigned flags, unsigned mode,
		 cz_err *err)
{
	bool memory = !strcmp(path, ":memory:");
	bool ro = flags & CZ_DB_READONLY;
	int oflags = ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	cz_db *db;
	int rc;
	cz_rc crc;

	if (!memory) {
		struct stat st;
		if (stat(path, &st) != 0) {
			if (ro || (flags & CZ_DB_NOCREATE))
				return cz_err_set(err, CZ_ENOINPUT, "%s: no database here; run "
						  "'coalesce ingest' first or pass --db", path);
			crc = create_private(path, mode, err);
			if (crc)
				return crc;
		} else if (!S_ISREG(st.st_mode)) {
			return cz_err_set(err, CZ_EUSAGE, "%s: not a regular file", path);
		}
	}
	db = calloc(1, sizeof(*db));
	if (!db)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	db->path = strdup(path);
	if (!db->path) {
		free(db);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	pthread_once(&sqlite_setup_once, sqlite_setup);
	/* A connection is only ever used by one thread at a time (ingest's
	 * workers open their own), so SQLite's per-connection mutex is off. */
	rc = sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		crc = fail(db, rc, "open", err);
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, CZ_DB_BUSY_TIMEOUT_MS);
	crc = cz_db_exec(db, "PRAGMA foreign_keys=ON;", err);
	if (!crc && !ro && !memory)
		crc = cz_db_exec(db, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; "
				 "PRAGMA synchronous=NORMAL;", err);
	if (!crc && (flags & CZ_DB_MAPPED) && !memory) {
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA mmap_size=%lld", (long long)CZ_DB_MMAP_SIZE);
		crc = cz_db_exec(db, sql, err);
	}
	if (!crc)
		crc = ro ? cz_schema_check(db, err) : cz_schema_migrate(db, err);
	if (crc)
		goto fail;
	*out = db;
	return CZ_OK;
fail:
	cz_db_close(db);
	return crc;
}

void cz_db_close(cz_db *db)
{
	if (!db)
		return;
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

const char *cz_db_path(const cz_db *db)
{
	return db->path;
}

cz_rc cz_db_exec(cz_db *db, const char *sql, cz_err *err)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? CZ_OK : fail(db, rc, "write", err);
}

cz_rc cz_db_begin(cz_db *db, cz_err *err)
{
	return cz_db_exec(db, "BEGIN IMMEDIATE", err);
}

cz_rc cz_db_begin_read(cz_db *db, cz_err *err)
{
	return cz_db_exec(db, "BEGIN", err);
}

cz_rc cz_db_commit(cz_db *db, cz_err *err)
{
	return cz_db_exec(db, "COMMIT", err);
}

void cz_db_rollback(cz_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

bool cz_db_in_transaction(const cz_db *db)
{
	return !sqlite3_get_autocommit(db->h);
}

int64_t cz_db_last_id(const cz_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int64_t cz_db_changes(const cz_db *db)
{
	return sqlite3_changes64(db->h);
}

cz_rc cz_db_query_int(cz_db *db, const char *sql, int64_t *out, cz_err *err)
{
	cz_stmt *st = NULL;
	bool row;
	cz_rc rc = cz_db_prepare(db, sql, &st, err);

	if (rc || !st) /* (!st: never; said for the optimiser's null analysis) */
		return rc;
	rc = cz_stmt_step(st, &row, err);
	if (!rc)
		*out = row ? cz_stmt_int(st, 0) : 0;
	cz_stmt_finalize(st);
	return rc;
}

cz_rc cz_db_prepare(cz_db *db, const char *sql, cz_stmt **out, cz_err *err)
{
	cz_stmt *st = calloc(1, sizeof(*st));
	int rc;

	if (!st)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st->h, NULL);
	if (rc != SQLITE_OK) {
		free(st);
		return fail(db, rc, "prepare a query", err);
	}
	st->db = db;
	*out = st;
	return CZ_OK;
}

void cz_stmt_finalize(cz_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->h);
	free(st);
}

void cz_stmt_reset(cz_stmt *st)
{
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
}

static cz_rc bound(cz_stmt *st, int rc, cz_err *err)
{
	return rc == SQLITE_OK ? CZ_OK : fail(st->db, rc, "bind a value", err);
}

cz_rc cz_stmt_bind_text(cz_stmt *st, int idx, const char *s, cz_err *err)
{
	if (!s)
		return cz_stmt_bind_null(st, idx, err);
	return bound(st, sqlite3_bind_text(st->h, idx, s, -1, SQLITE_TRANSIENT), err);
}

cz_rc cz_stmt_bind_textn(cz_stmt *st, int idx, const char *s, size_t n, cz_err *err)
{
	if (n > (size_t)INT32_MAX)
		return cz_err_set(err, CZ_ELIMIT, "text of %zu bytes is too long to store", n);
	return bound(st, sqlite3_bind_text64(st->h, idx, s, n, SQLITE_TRANSIENT, SQLITE_UTF8),
		     err);
}

cz_rc cz_stmt_bind_static(cz_stmt *st, int idx, const char *s, size_t n, cz_err *err)
{
	if (!s)
		return cz_stmt_bind_null(st, idx, err);
	if (n == CZ_NUL_TERMINATED)
		return bound(st, sqlite3_bind_text(st->h, idx, s, -1, SQLITE_STATIC), err);
	if (n > (size_t)INT32_MAX)
		return cz_err_set(err, CZ_ELIMIT, "text of %zu bytes is too long to store", n);
	return bound(st, sqlite3_bind_text64(st->h, idx, s, n, SQLITE_STATIC, SQLITE_UTF8), err);
}

cz_rc cz_stmt_bind_int(cz_stmt *st, int idx, int64_t v, cz_err *err)
{
	return bound(st, sqlite3_bind_int64(st->h, idx, v), err);
}

cz_rc cz_stmt_bind_double(cz_stmt *st, int idx, double v, cz_err *err)
{
	return bound(st, sqlite3_bind_double(st->h, idx, v), err);
}

cz_rc cz_stmt_bind_null(cz_stmt *st, int idx, cz_err *err)
{
	return bound(st, sqlite3_bind_null(st->h, idx), err);
}

cz_rc cz_stmt_step(cz_stmt *st, bool *row, cz_err *err)
{
	int rc = sqlite3_step(st->h);

	if (rc == SQLITE_ROW) {
		*row = true;
		return CZ_OK;
	}
	*row = false;
	if (rc == SQLITE_DONE)
		return CZ_OK;
	return fail(st->db, rc, "query", err);
}

cz_rc cz_stmt_run(cz_stmt *st, cz_err *err)
{
	bool row;
	cz_rc rc = cz_stmt_step(st, &row, err);

	cz_stmt_reset(st);
	return rc;
}

int64_t cz_stmt_int(cz_stmt *st, int col)
{
	return sqlite3_column_int64(st->h, col);
}

double cz_stmt_double(cz_stmt *st, int col)
{
	return sqlite3_column_double(st->h, col);
}

const char *cz_stmt_text(cz_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->h, col);
}

size_t cz_stmt_bytes(cz_stmt *st, int col)
{
	return (size_t)sqlite3_column_bytes(st->h, col);
}

bool cz_stmt_is_null(cz_stmt *st, int col)
{
	return sqlite3_column_type(st->h, col) == SQLITE_NULL;
}

int cz_stmt_columns(cz_stmt *st)
{
	return sqlite3_column_count(st->h);
}

const char *cz_stmt_column_name(cz_stmt *st, int col)
{
	return sqlite3_column_name(st->h, col);
}

/*
 * db.h - the database connection; the only module that uses SQLite.
 *
 * Everything coalesce knows lives in one SQLite file, private to its owner
 * (created mode 0600; SQLite gives its -wal and -shm files the same mode).
 * Connections run in WAL mode with foreign keys on and a busy timeout, so a
 * report can read a consistent snapshot while an ingest writes, and a
 * second writer waits before failing with CZ_EBUSY.
 *
 * Opening a read-write connection brings the schema up to date (schema.h);
 * every other module talks SQL through the thin statement API below, which
 * translates SQLite's result codes into cz_rc with a message naming the
 * database file. Statements are owned by the caller (cz_stmt_finalize) and
 * must be finalized before cz_db_close().
 */
#ifndef CZ_DB_H
#define CZ_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coalesce/err.h"

typedef struct cz_db cz_db;
typedef struct cz_stmt cz_stmt;

enum {
	CZ_DB_READONLY = 1u << 0, /* open for reading only; never migrates */
	CZ_DB_NOCREATE = 1u << 1, /* fail with CZ_ENOINPUT if the file is missing */
	CZ_DB_MAPPED = 1u << 2    /* read through a memory map (commands that read
				   * much: no copy per page; a failing disk then
				   * kills the process instead of failing a read) */
};

#define CZ_DB_MMAP_SIZE ((int64_t)1 << 30)

#define CZ_DB_DEFAULT_MODE 0600
#define CZ_DB_BUSY_TIMEOUT_MS 10000

/*
 * Open (creating with `mode` when missing, unless CZ_DB_NOCREATE) and, for a
 * writable connection, migrate. ":memory:" opens a private in-memory
 * database. *out is owned by the caller (cz_db_close).
 */
cz_rc cz_db_open(cz_db **out, const char *path, unsigned flags, unsigned mode,
		 cz_err *err);
/* Close; NULL is fine. Statements must already be finalized. */
void cz_db_close(cz_db *db);
const char *cz_db_path(const cz_db *db);

/* Run one or more statements that return no rows. */
cz_rc cz_db_exec(cz_db *db, const char *sql, cz_err *err);
/* BEGIN IMMEDIATE (takes the write lock now, waiting up to the timeout). */
cz_rc cz_db_begin(cz_db *db, cz_err *err);
/* BEGIN (deferred): a read transaction gives a consistent snapshot. */
cz_rc cz_db_begin_read(cz_db *db, cz_err *err);
cz_rc cz_db_commit(cz_db *db, cz_err *err);
/* Roll back if a transaction is open; never fails loudly (used on error paths). */
void cz_db_rollback(cz_db *db);
/* Whether a transaction is open on this connection. */
bool cz_db_in_transaction(const cz_db *db);
int64_t cz_db_last_id(const cz_db *db);
int64_t cz_db_changes(const cz_db *db);
/* Integer result of a single-value query ("PRAGMA user_version"). */
cz_rc cz_db_query_int(cz_db *db, const char *sql, int64_t *out, cz_err *err);

cz_rc cz_db_prepare(cz_db *db, const char *sql, cz_stmt **out, cz_err *err);
void cz_stmt_finalize(cz_stmt *st);
/* Reset for re-execution and clear bindings. */
void cz_stmt_reset(cz_stmt *st);
/* Parameters are 1-based. Text is copied by SQLite (SQLITE_TRANSIENT). */
cz_rc cz_stmt_bind_text(cz_stmt *st, int idx, const char *s, cz_err *err);
cz_rc cz_stmt_bind_textn(cz_stmt *st, int idx, const char *s, size_t n, cz_err *err);
/*
 * Bind n bytes of s (n == CZ_NUL_TERMINATED: up to its NUL; s NULL: NULL)
 * without copying them: s must stay valid and unchanged until the
 * statement has run and been reset. For hot inserts (evidence rows).
 */
#define CZ_NUL_TERMINATED ((size_t)-1)
cz_rc cz_stmt_bind_static(cz_stmt *st, int idx, const char *s, size_t n, cz_err *err);
cz_rc cz_stmt_bind_int(cz_stmt *st, int idx, int64_t v, cz_err *err);
cz_rc cz_stmt_bind_double(cz_stmt *st, int idx, double v, cz_err *err);
cz_rc cz_stmt_bind_null(cz_stmt *st, int idx, cz_err *err);
/* Step: *row is true when a row is available, false when done. */
cz_rc cz_stmt_step(cz_stmt *st, bool *row, cz_err *err);
/* Step a statement that returns no rows, then reset it. */
cz_rc cz_stmt_run(cz_stmt *st, cz_err *err);
/* Columns are 0-based. Text is borrowed until the next step/reset. */
int64_t cz_stmt_int(cz_stmt *st, int col);
double cz_stmt_double(cz_stmt *st, int col);
const char *cz_stmt_text(cz_stmt *st, int col); /* NULL for SQL NULL */
size_t cz_stmt_bytes(cz_stmt *st, int col);
bool cz_stmt_is_null(cz_stmt *st, int col);
int cz_stmt_columns(cz_stmt *st);
const char *cz_stmt_column_name(cz_stmt *st, int col);

#endif

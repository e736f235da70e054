/*
 * schema.h - the database schema and its forward migrations.
 *
 * PRAGMA user_version is the number of migrations applied. Migrations only
 * ever append: a released database is brought forward one step at a time,
 * each step in its own transaction, so an interrupted upgrade leaves the
 * previous version intact. docs/schema.md documents every table.
 */
#ifndef CZ_SCHEMA_H
#define CZ_SCHEMA_H

#include "coalesce/db.h"
#include "coalesce/err.h"

/* The version this build writes. */
int cz_schema_version(void);
/* Bring db up to cz_schema_version(); refuses a newer database. */
cz_rc cz_schema_migrate(cz_db *db, cz_err *err);
/* For read-only connections: fail unless db is at this build's version. */
cz_rc cz_schema_check(cz_db *db, cz_err *err);

#endif

/*
 * people.h - the people table: resolving attendee names and emails to
 * people, and loading the people directory.
 *
 * Resolution order: email (case-insensitive), then name key, then alias
 * key (fold.h: case- and accent-insensitive), then the same two for
 * "Last, First" read as "First Last". Directory people win over people
 * the calendar or notes created. Someone unknown becomes a person without
 * a team, with source 'calendar' or 'note'.
 *
 * A directory entry updates the person with its email or name, or creates
 * one; people the calendar or notes created under any of its names,
 * aliases or email are merged into it (their attendance moves over). So
 * the directory may be loaded before or after the calendar and notes.
 *
 * Callers hold the transaction; a cz_people only keeps statements.
 */
#ifndef CZ_PEOPLE_H
#define CZ_PEOPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "coalesce/buf.h"
#include "coalesce/db.h"
#include "coalesce/err.h"

typedef struct cz_people cz_people;

cz_rc cz_people_open(cz_people **out, cz_db *db, cz_err *err);
void cz_people_close(cz_people *p);

/*
 * The person called `name` (may be "") with `email` (may be "" or NULL),
 * created with `source` ("calendar" or "note") when unknown. *created
 * (optional) tells whether a row was inserted. CZ_EDATA when both name
 * and email are empty.
 */
cz_rc cz_people_resolve(cz_people *p, const char *name, const char *email, const char *source,
			int64_t *id, bool *created, cz_err *err);

/*
 * Apply one directory entry. email and team may be "" (none); aliases
 * are display forms. CZ_EDATA for a bad entry (reason in err, no line).
 * *created (optional): a new person was inserted.
 */
cz_rc cz_people_directory_entry(cz_people *p, const char *name, const char *email,
				const char *team, const cz_strv *aliases, bool *created,
				cz_err *err);

/* Remove calendar/note people nobody refers to any more. */
cz_rc cz_people_gc(cz_db *db, cz_err *err);

#endif

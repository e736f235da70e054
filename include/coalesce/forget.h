/*
 * forget.h - erasing a person from the database (`coalesce forget`).
 *
 * The person is found by email (case-insensitive) or by name, alias or
 * "Last, First" (fold.h keys), after pseudonymising the argument in a
 * redacted database (privacy.h). Every person matching is forgotten:
 *   - their rows in people, person_aliases, attendees and note_attendees
 *     are deleted (note attendees are also matched by name, for names that
 *     never resolved to a person);
 *   - every stored text (note_bodies.body, notes.title, signals.excerpt,
 *     signals.speaker, signals.groups, meetings.subject, description,
 *     location and uid) has each occurrence of the argument, the person's
 *     names, aliases and email replaced by CZ_FORGOTTEN. Matching is on
 *     fold keys at word boundaries, so "JOSÉ DÍAZ", "jose diaz" and
 *     "José  Díaz" all go; "Josephine" does not. Keys shorter than three
 *     bytes (initials such as "BO", which are also words) are not used on
 *     text. A signals.groups value
 *     that matched is set to NULL (its JSON is not rewritten).
 * It runs in one transaction with PRAGMA secure_delete=ON (freed pages
 * are zeroed); afterwards the WAL is checkpointed and truncated, the
 * database is VACUUMed and the WAL truncated again, so neither the name
 * nor the email is left in the .db, -wal or -shm files.
 *
 * What it cannot do: file paths (notes.path, relpath, meta source:PATH)
 * are kept, since they identify the notes; a name in a file name stays.
 * The archive itself is untouched, so a later ingest of the same files
 * brings the person back: forget again, or remove them from the archive.
 */
#ifndef CZ_FORGET_H
#define CZ_FORGET_H

#include <stdint.h>

#include "coalesce/buf.h"
#include "coalesce/db.h"
#include "coalesce/err.h"

#define CZ_FORGOTTEN "[forgotten]"

typedef struct cz_forget_counts {
	int64_t people, aliases, attendees, note_attendees;
	int64_t note_bodies, note_titles;
	int64_t excerpts, speakers, groups;
	int64_t meetings; /* meetings whose subject/description/location changed */
} cz_forget_counts;

/*
 * Forget `who` (a name or an email). Fills *counts. CZ_OK even when
 * nothing matched (all counts zero); database failures are CZ_EDB and
 * leave the database as it was.
 */
cz_rc cz_forget(cz_db *db, const char *who, cz_forget_counts *counts, cz_err *err);

/*
 * Replace in s[0..len) each word-bounded occurrence of any fold key in
 * keys by CZ_FORGOTTEN; out gets the result (replaced), *changed whether
 * anything was replaced. Exposed for tests.
 */
cz_rc cz_forget_scrub(const cz_strv *keys, const char *s, size_t len, cz_buf *out,
		      bool *changed, cz_err *err);

#endif

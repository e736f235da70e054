/*
 * privacy.h - the database's privacy mode (--redact) and pseudonyms.
 *
 * A database is either plain or redacted, decided by its first ingest and
 * kept in meta('redact') = "1" or "0". A redacted database stores no note
 * text: note_bodies is empty, notes.title is the file's name without its
 * extension, and evidence keeps signal, rule, path and line only (excerpt,
 * speaker and groups NULL). People's names, aliases and emails are
 * replaced by pseudonyms wherever they are stored (people, person_aliases,
 * note_attendees): "person-" + 10 hex digits of a hash of a per-database
 * random salt (meta('pseudonym_salt'), 32 hex digits from /dev/urandom)
 * and the name's fold key (fold.h), so "José Díaz", "jose diaz" and
 * "Díaz, José" get the same pseudonym and links between notes, meetings
 * and the people directory still work. Emails become
 * "person-HEX@redacted.invalid" from the lowercased address.
 *
 * Pseudonyms are not encryption: whoever holds the database holds the salt
 * and can test a list of candidate names. They keep names out of the file,
 * of backups and of anything printed from it, and do not link across
 * databases (each has its own salt).
 *
 * The modes never mix: cz_privacy_begin() refuses an ingest whose --redact
 * differs from the database's mode (CZ_EUSAGE, saying which flag to pass).
 *
 * Modules that store names (store.c, people.c, evidence.c) call
 * cz_privacy_load() when they open and apply the mode themselves.
 */
#ifndef CZ_PRIVACY_H
#define CZ_PRIVACY_H

#include <stdbool.h>
#include <stdint.h>

#include "coalesce/buf.h"
#include "coalesce/config.h"
#include "coalesce/db.h"
#include "coalesce/err.h"

#define CZ_PSEUDONYM_PREFIX "person-"

typedef struct cz_privacy {
	bool redact;
	char salt[33]; /* hex; "" when the database is not redacted */
} cz_privacy;

/* The mode stored in db (plain when meta has none). */
cz_rc cz_privacy_load(cz_privacy *pv, cz_db *db, cz_err *err);

/*
 * Called by `ingest` before anything is stored: a database without a mode
 * takes `redact` (and, when redacted, a new salt); one with a different
 * mode is refused. A plain database that already holds notes from before
 * modes were recorded counts as plain. Runs its own transaction.
 */
cz_rc cz_privacy_begin(cz_db *db, bool redact, cz_err *err);

/*
 * The name to store for `name`: name itself in a plain database, its
 * pseudonym in a redacted one (a pseudonym is returned unchanged, so
 * applying it twice is harmless). Replaces out's content.
 */
cz_rc cz_privacy_name(const cz_privacy *pv, const char *name, cz_buf *out, cz_err *err);

/* The same for an email ("" stays ""). */
cz_rc cz_privacy_email(const cz_privacy *pv, const char *email, cz_buf *out, cz_err *err);

/*
 * A stored note's text read again from its file, for databases that keep
 * no body (`scan` and rule changes re-evaluate evidence from disk). The
 * file must still be `size` bytes hashing to `hash`: else CZ_EDATA
 * ("PATH: changed since ingest"); a missing file is CZ_ENOINPUT. text
 * gets the decoded text (replaced).
 */
cz_rc cz_privacy_reread(const char *path, int64_t size, const char *hash, cz_buf *text,
			cz_err *err);

/*
 * Minimum group size (issue 8). No output ranks or scores people one by
 * one; where people who belong to no team would be named in an aggregate
 * (the report's late recruits), they are only counted, and only when at
 * least `min_group_size` of them are in the same row. Config:
 * `privacy: {min_group_size: N}` (1..1000, default 5).
 */
#define CZ_MIN_GROUP_DEFAULT 5L

/* Read the `privacy:` section (NULL: defaults); errors name PATH:LINE:COL. */
cz_rc cz_privacy_config(const cz_config *cfg, long *min_group_size, cz_err *err);

/* Whether s is a pseudonym this module made. */
bool cz_is_pseudonym(const char *s);

#endif

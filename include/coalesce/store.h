/*
 * store.h - the notes catalogue: runs, rejections, notes, initiatives and
 * their links, as SQL over a cz_db.
 *
 * A cz_store holds the prepared statements an ingest run reuses for every
 * file. It does not open transactions itself: the ingest stage wraps each
 * file in one, so a note, its links and its evidence commit together.
 */
#ifndef CZ_STORE_H
#define CZ_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "coalesce/config.h"
#include "coalesce/db.h"
#include "coalesce/err.h"
#include "coalesce/hash.h"
#include "coalesce/note.h"

typedef struct cz_store cz_store;

/* What the catalogue knows of a path. */
typedef struct cz_stored_note {
	bool found;
	int64_t id;
	int64_t size;
	int64_t mtime_ns;
	char hash[CZ_HASH_HEX];
} cz_stored_note;

/* The facts of a file being stored, besides its parsed metadata. */
typedef struct cz_note_file {
	const char *path;    /* absolute: the note's identity */
	const char *relpath; /* relative to the ingest root: matched by config */
	int64_t size;
	int64_t mtime_ns;
	const char *hash;
	const char *encoding;
	const char *text;    /* decoded text, or NULL to store no body */
	size_t len;
} cz_note_file;

typedef struct cz_run_counts {
	int64_t seen, added, changed, unchanged, rejected, skipped, removed;
} cz_run_counts;

cz_rc cz_store_open(cz_store **out, cz_db *db, cz_err *err);
void cz_store_close(cz_store *st);
cz_db *cz_store_db(cz_store *st);

/* Runs and their rejected inputs. */
cz_rc cz_store_run_begin(cz_store *st, const char *command, int64_t *run_id, cz_err *err);
cz_rc cz_store_run_finish(cz_store *st, int64_t run_id, const cz_run_counts *counts,
			  cz_err *err);
cz_rc cz_store_rejection(cz_store *st, int64_t run_id, const char *path, int64_t line,
			 const char *reason, cz_err *err);
/* Whether the `command` run before run_id got to its end (*finished false
 * when there was none). */
cz_rc cz_store_run_previous_finished(cz_store *st, int64_t run_id, const char *command,
				     bool *finished, cz_err *err);

/* Note lookup by absolute path. */
cz_rc cz_store_note_find(cz_store *st, const char *path, cz_stored_note *out, cz_err *err);
/* Same content, new mtime: remember it so the next run skips the read. */
cz_rc cz_store_note_touch(cz_store *st, int64_t id, int64_t mtime_ns, cz_err *err);
/* Remove a note and (by cascade) its links and evidence. */
cz_rc cz_store_note_delete(cz_store *st, int64_t id, cz_err *err);
/* `ingest --prune`: remove, in one transaction, every note whose file no
 * longer exists (a file that cannot be checked for another reason is
 * kept); *removed: how many. */
cz_rc cz_store_prune(cz_store *st, int64_t *removed, cz_err *err);
/*
 * Insert a note with its tags, attendees and initiative links: those the
 * note names (creating unknown initiatives with source 'note') and those
 * the config's regexes give on its title and relpath. *id gets the row id.
 */
cz_rc cz_store_note_insert(cz_store *st, const cz_config *cfg, int64_t run_id,
			   const cz_note_file *file, const cz_note *note, int64_t *id,
			   cz_err *err);

/* Upsert the config's initiatives and their required parties. */
cz_rc cz_store_sync_initiatives(cz_store *st, const cz_config *cfg, cz_err *err);
/*
 * If the config's initiative definitions changed since the last run,
 * recompute every stored note's config-derived links. *updated (optional)
 * tells whether that happened.
 */
cz_rc cz_store_reattribute(cz_store *st, const cz_config *cfg, bool *updated, cz_err *err);

/* Whether any of def's regexes matches title or relpath (md: scratch). */
bool cz_initiative_matches(const cz_initiative_def *def, cz_rematch *md, const char *title,
			   const char *relpath);

/* Meta key/value (ruleset and config fingerprints). *value owned by caller. */
cz_rc cz_store_meta_get(cz_db *db, const char *key, char **value, cz_err *err);
cz_rc cz_store_meta_set(cz_db *db, const char *key, const char *value, cz_err *err);

/* The current UTC time as "YYYY-MM-DD HH:MM:SS". */
void cz_now_utc(char out[20]);

#endif

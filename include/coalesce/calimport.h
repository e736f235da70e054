/*
 * calimport.h - importing CSV files: calendar exports and the people
 * directory, one transaction per file (called by the ingest stage).
 *
 * A file's kind is sniffed from its header (a calendar layout from
 * calformat.h, or a `name,email,team[,aliases]` directory) unless forced.
 * Up to CZ_CALIMPORT_PREAMBLE records before the header are skipped, and
 * ',' ';' and TAB are tried as delimiters. Bad rows are rejected with
 * their line and the rest of the file is kept; a file whose header cannot
 * be mapped is rejected whole, with the headers it saw and a config
 * snippet that would map them.
 *
 * Meetings are identified by start and folded subject (meetings.uid), so
 * importing the same or an overlapping export adds nothing. A file that
 * imported without any rejection is remembered (meta `source:PATH` = hash
 * of its bytes and of the settings that shaped it) and skipped while it
 * and those settings stay the same.
 */
#ifndef CZ_CALIMPORT_H
#define CZ_CALIMPORT_H

#include <stdint.h>

#include "coalesce/calformat.h"
#include "coalesce/config.h"
#include "coalesce/db.h"
#include "coalesce/err.h"

#define CZ_CALIMPORT_PREAMBLE 10

typedef enum cz_csv_kind {
	CZ_CSV_SNIFF,    /* calendar or people, by header */
	CZ_CSV_CALENDAR, /* --calendar FILE */
	CZ_CSV_PEOPLE    /* people: / --people FILE */
} cz_csv_kind;

typedef enum cz_src_outcome {
	CZ_SRC_NEW,
	CZ_SRC_CHANGED,
	CZ_SRC_UNCHANGED,
	CZ_SRC_REJECTED,  /* reported through the reject callback */
	CZ_SRC_DUPLICATE  /* already imported in this run: not counted again */
} cz_src_outcome;

/* A rejected file (line 0) or row. */
typedef void (*cz_calimport_reject_fn)(void *ctx, const char *path, size_t line,
				       const char *reason);

typedef struct cz_calimport cz_calimport;

typedef struct cz_calimport_stats {
	int64_t meetings_added;
	int64_t people_added;
} cz_calimport_stats;

/*
 * Read the config's `calendar:` and `people:` sections (CZ_EDATA with
 * PATH:LINE:COL when they are wrong). `order` is --date-order (NONE: not
 * given). *out owned by the caller (cz_calimport_close).
 */
cz_rc cz_calimport_open(cz_calimport **out, cz_db *db, const cz_config *cfg,
			cz_date_order order, cz_calimport_reject_fn reject, void *ctx,
			cz_err *err);
void cz_calimport_close(cz_calimport *ci);

/* The configured people directory (absolute or config-relative), or NULL. */
const char *cz_calimport_people_path(const cz_calimport *ci);

/*
 * Import one file (path absolute). Returns CZ_OK with *outcome set, or a
 * failure that stops the run (database, memory).
 */
cz_rc cz_calimport_file(cz_calimport *ci, const char *path, cz_csv_kind kind,
			cz_src_outcome *outcome, cz_err *err);

const cz_calimport_stats *cz_calimport_get_stats(const cz_calimport *ci);

/* Whether a file name has the .csv extension. */
bool cz_is_csv_name(const char *name);

#endif

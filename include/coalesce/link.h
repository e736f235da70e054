/*
 * link.h - the links between meetings, notes, initiatives and people,
 * recomputed from scratch at the end of every ingest.
 *
 * Either side of a link can change in any run (a note edited, a calendar
 * re-exported, the directory or the config updated), so links are not
 * maintained incrementally: this step deletes and rebuilds them in one
 * transaction. It is linear in meetings + notes + attendees, with one
 * indexed lookup per note, so it stays cheap next to parsing the files.
 *
 *   meeting_initiatives  a meeting's subject or description matches an
 *                        initiative's `match` regexes;
 *   note_attendees       each name resolved to a person (people.h),
 *                        unknown names become people with source 'note';
 *   note_meetings        same day, and equal title keys (fold.h: case,
 *                        accents, punctuation and a leading or trailing
 *                        date ignored);
 *   attendees            a linked note's attendees attend its meeting,
 *                        with role 'note' unless the calendar lists them.
 * People the calendar or notes created that nothing refers to any more
 * are removed.
 */
#ifndef CZ_LINK_H
#define CZ_LINK_H

#include <stdint.h>

#include "coalesce/config.h"
#include "coalesce/db.h"
#include "coalesce/err.h"

typedef struct cz_link_stats {
	int64_t meeting_initiatives; /* links made */
	int64_t note_meetings;
	int64_t note_people;         /* note attendees resolved */
} cz_link_stats;

/* Rebuild every link; st is optional. */
cz_rc cz_link_run(cz_db *db, const cz_config *cfg, cz_link_stats *st, cz_err *err);

#endif

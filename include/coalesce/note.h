/*
 * note.h - what a note says about itself: title, date, initiatives, tags
 * and attendees, from its front matter, page properties, headings and name.
 *
 * Input is decoded text (decode.h). Three metadata styles are understood:
 *   - YAML front matter between '---' lines at the very start (libyaml);
 *   - Logseq page properties: `key:: value` lines at the top;
 *   - Notion-export properties: `Key: Value` lines right under the first H1.
 * The date comes from the first of: front matter, properties, a date in the
 * file name, a date in the first H1 or H2, the file's mtime (a guess,
 * flagged as such). The title from: front matter or properties, the first
 * H1, the file name without its date and extension.
 *
 * Initiatives named here are only those the note names itself (front
 * matter, properties, `initiative/<id>` tags); the config's regexes are
 * applied by the ingest stage, which knows the configuration.
 */
#ifndef CZ_NOTE_H
#define CZ_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "coalesce/buf.h"
#include "coalesce/date.h"
#include "coalesce/err.h"

typedef enum cz_date_source {
	CZ_DATE_FRONT_MATTER,
	CZ_DATE_PROPERTIES,
	CZ_DATE_FILENAME,
	CZ_DATE_HEADING,
	CZ_DATE_MTIME
} cz_date_source;

typedef enum cz_meta_style {
	CZ_META_NONE,
	CZ_META_FRONT_MATTER,
	CZ_META_LOGSEQ,
	CZ_META_NOTION
} cz_meta_style;

typedef struct cz_note {
	char *title;
	cz_date date;
	char time[9];            /* "HH:MM:SS" when a datetime was given, else "" */
	cz_date_source date_source;
	cz_meta_style meta;
	cz_strv initiatives;     /* ids, each once, in order of appearance */
	cz_strv initiative_src;  /* parallel: "front_matter", "tag" or "properties" */
	cz_strv tags;
	cz_strv attendees;
	size_t body_line;        /* 1-based line where the content starts */
	size_t body_offset;      /* byte offset of that line */
	size_t lines;            /* number of lines in the text */
} cz_note;

void cz_note_init(cz_note *note);
void cz_note_release(cz_note *note);

/*
 * Parse text[0..len) (decoded, LF ends). `path` gives the file name for the
 * date and title fallbacks, `mtime` the last resort for the date.
 * A malformed front matter fails with CZ_EDATA and "LINE: front matter: ...".
 */
cz_rc cz_note_parse(cz_note *note, const char *path, const char *text, size_t len,
		    time_t mtime, cz_err *err);

/* "front_matter", "properties", "filename", "heading", "mtime". */
const char *cz_date_source_name(cz_date_source src);

#endif

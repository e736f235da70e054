/*
 * segment.h - a note body cut into the units rules look at.
 *
 * Meeting notes are Markdown written in a hurry, so the structure used is
 * the one people actually write:
 *   - lines (physical lines of the file);
 *   - items: a list item (`- `, `* `, `+ `, `1. `, with its continuation
 *     lines), a speaker turn (`AB: text`, `Dana: text`, `**Dana**: text`,
 *     `- Dana: text`, `Dana (Finance): text`, with its continuation lines),
 *     a heading line, a table row, or else a prose paragraph;
 *   - paragraphs: runs of non-blank lines (a list without blank lines is
 *     one paragraph of several items);
 *   - sentences, which never cross an item;
 *   - sections: a heading (`#`..`######`, or a line that is only bold text,
 *     which counts as a level-7 heading) and the text up to the next
 *     heading; the text before the first heading is a section without one.
 * Fenced code blocks and comment lines are not part of any unit.
 * `<!-- coalesce: ignore ID [ID...] -->` on its own line is recorded for the
 * line after it.
 *
 * All offsets index the original text (front matter included, so line
 * numbers are the file's). `flat` is a copy of the text of the same length
 * in which the line breaks inside an item are spaces: matching runs on it,
 * so "agreed to\nship" is matched as one phrase while offsets, lines and
 * columns stay those of the file.
 */
#ifndef CZ_SEGMENT_H
#define CZ_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/err.h"
#include "coalesce/speaker.h" /* cz_speaker_label */

typedef enum cz_item_kind {
	CZ_ITEM_PROSE,
	CZ_ITEM_LIST,
	CZ_ITEM_TURN,    /* a speaker turn that is not a list item */
	CZ_ITEM_HEADING,
	CZ_ITEM_ROW      /* a table row */
} cz_item_kind;

typedef struct cz_span {
	size_t start, end;
} cz_span;

typedef struct cz_item {
	size_t start, end;
	cz_item_kind kind;
	size_t speaker, speaker_len; /* label span in text; len 0: no speaker */
	size_t para;                 /* index in paras */
	size_t section;              /* index in sections */
} cz_item;

typedef struct cz_section {
	size_t start, end;
	int level;          /* 1..7; 0 for the text before the first heading */
	size_t title, title_len; /* heading text without '#'/'**' markers */
	long parent;        /* enclosing section (lower level), or -1 */
} cz_section;

typedef struct cz_sentence {
	size_t start, end;
	size_t item;
	size_t speaker, speaker_len; /* a sentence opening with "Name: " mid-item */
} cz_sentence;

typedef struct cz_ignore {
	size_t line;        /* the line the directive applies to */
	size_t ids, ids_len; /* "ID ID..." span in text */
} cz_ignore;

typedef struct cz_seg {
	const char *text;   /* borrowed */
	size_t len, body;   /* body: offset where the content starts */
	char *flat;         /* owned, len bytes + NUL */
	cz_span *lines;     size_t n_lines;  /* every line of text, 0-based */
	cz_span *paras;     size_t n_paras;
	cz_item *items;     size_t n_items;
	cz_sentence *sents; size_t n_sents;
	cz_section *sections; size_t n_sections;
	cz_ignore *ignores; size_t n_ignores;
} cz_seg;

/*
 * Segment text[body..len) (text must stay alive while seg is used). Lines
 * before `body` (front matter) count for line numbers only.
 */
cz_rc cz_seg_build(cz_seg *seg, const char *text, size_t len, size_t body, cz_err *err);
void cz_seg_release(cz_seg *seg);

/* 1-based file line and character column of byte offset off. */
size_t cz_seg_line(const cz_seg *seg, size_t off);
size_t cz_seg_col(const cz_seg *seg, size_t off);
/* The item holding off, or -1 (blank line, comment, code). */
long cz_seg_item_at(const cz_seg *seg, size_t off);
/*
 * The speaker at off: the speaker of its item (a turn), else of its
 * sentence ('... slides. Gideon: "only show the good ones."'). False when
 * there is none.
 */
bool cz_seg_speaker_at(const cz_seg *seg, size_t off, size_t *start, size_t *len);
/* Whether `id` is named by an ignore directive for this 1-based line. */
bool cz_seg_ignored(const cz_seg *seg, size_t line, const char *id);

/* The largest length <= n that does not cut a UTF-8 sequence of s. */
size_t cz_utf8_cut(const char *s, size_t n);
/* Start of the code point that is `chars` code points before off (>= floor). */
size_t cz_utf8_back(const char *s, size_t off, size_t floor, size_t chars);
/* Offset `chars` code points after off (<= ceil). */
size_t cz_utf8_fwd(const char *s, size_t off, size_t ceil, size_t chars);

#endif

/*
 * speaker.h - speaker labels at the start of a line ("Dana: ", "AB: ",
 * "Dana Kim (Finance): ", "**Dana**: ", "**Dana:** "), told apart from
 * content labels ("Decision: ", "ACTION: ", "Next steps: ").
 *
 * All functions are pure: they read the bytes given and keep no state.
 * Case folding is ASCII only (names in other scripts are compared as they
 * are written).
 */
#ifndef CZ_SPEAKER_H
#define CZ_SPEAKER_H

#include <stdbool.h>
#include <stddef.h>

#define CZ_SPEAKER_MAX 48

/*
 * If line[0..n) opens with a speaker label, return true with the name's
 * span (relative to line) and the label's full length (up to the text).
 * A single capitalised word passes here; whether it is a name or a label
 * like "Target:" needs the note (segment.c decides).
 */
bool cz_speaker_label(const char *line, size_t n, size_t *name, size_t *name_len,
		      size_t *label_len);

/* Whether *p can open a name word: an ASCII capital or a non-ASCII letter. */
bool cz_name_start(const unsigned char *p);
/* Whether ch can be part of a name word: letters, non-ASCII, ' - . */
bool cz_name_char(unsigned char ch);

/* Whether s[0..n) is the lowercase word `lower`, ignoring ASCII case. */
bool cz_word_is(const char *s, size_t n, const char *lower);

/* Whether the list of content labels is in the order the lookup needs
 * (strictly increasing bytewise); checked by tests and debug builds. */
bool cz_speaker_stoplist_sorted(void);

#endif

/*
 * fold.h - comparison keys for names and titles.
 *
 * People are matched by name and meetings by title, and the same thing is
 * written many ways: "José Almeida" / "Jose Almeida", "Okafor, Ben" /
 * "Ben Okafor", "Pricing sync — May 21, 2025" / "Pricing sync". A key is
 * the text lowercased (ASCII, Latin-1, Latin Extended-A and Cyrillic),
 * with Latin accents removed (é -> e, ß -> ss, Ł -> l, œ -> oe), every run
 * of punctuation, symbols and white space turned into one space, and
 * trimmed. Letters outside those blocks are kept as they are. Input must
 * be valid UTF-8 (decode.h guarantees it for everything read from files).
 *
 * Keys are only compared for equality; they are stored (people.name_key,
 * person_aliases.alias_key) so the folding must stay stable: changing it
 * means recomputing the stored keys.
 */
#ifndef CZ_FOLD_H
#define CZ_FOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/buf.h"
#include "coalesce/err.h"

/* Append the key of s[0..len) to out. */
cz_rc cz_fold_key(const char *s, size_t len, cz_buf *out, cz_err *err);

/*
 * The key of "Last, First" written as "First Last", appended to out, when
 * s holds exactly one comma with words on both sides; returns false (out
 * untouched) otherwise. Used to match calendar display names to people.
 */
bool cz_fold_swapped(const char *s, size_t len, cz_buf *out, cz_err *err);

/*
 * Title key: cz_fold_key, then one leading or trailing date removed
 * ("May 21, 2025", "21 May 2025", "9th October", "2025-05-21",
 * "5/21/2025", "20250521", "May 2025"), unless nothing else would remain.
 */
cz_rc cz_fold_title(const char *s, size_t len, cz_buf *out, cz_err *err);

#endif

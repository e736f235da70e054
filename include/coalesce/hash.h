/*
 * hash.h - content fingerprints; the only module that uses xxHash.
 *
 * Fingerprints decide whether a file changed and whether the rules or the
 * initiative definitions changed since evidence was computed. They are not
 * security boundaries (nobody gains by forging a note's hash), so a fast
 * 128-bit non-cryptographic hash (XXH3-128) is the right tool: at memory
 * speed it never shows up next to reading the file.
 */
#ifndef CZ_HASH_H
#define CZ_HASH_H

#include <stddef.h>

#include "coalesce/err.h"

#define CZ_HASH_HEX 33 /* 32 hex digits + NUL */

typedef struct cz_hasher cz_hasher;

/* One-shot: hash p[0..n) into 32 lowercase hex digits. */
void cz_hash_hex(const void *p, size_t n, char out[CZ_HASH_HEX]);

/* Streaming, for fingerprints built from many pieces. */
cz_rc cz_hasher_new(cz_hasher **out, cz_err *err);
void cz_hasher_add(cz_hasher *h, const void *p, size_t n);
/* Add a string and its terminating NUL (so "ab"+"c" differs from "a"+"bc"). */
void cz_hasher_adds(cz_hasher *h, const char *s);
void cz_hasher_hex(const cz_hasher *h, char out[CZ_HASH_HEX]);
void cz_hasher_free(cz_hasher *h);

#endif

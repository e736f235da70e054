/*
 * pfcache.h - a small per-user cache of compiled prefilters on disk, so a
 * run does not pay the Vectorscan compile again (issue 7).
 *
 * The module stores opaque payloads under a key; it knows nothing of
 * Vectorscan (prefilter.c computes the key and the payload). One entry is
 * one file DIR/pf-KEY.bin:
 *
 *   offset  size  field
 *        0     8  magic "CZPFCACH"
 *        8     4  format version (CZ_PFCACHE_FORMAT), little-endian
 *       12     4  zero
 *       16    32  the key (32 lowercase hex digits, as in the file name)
 *       48     8  payload length, little-endian
 *       56    32  XXH3-128 of the payload (32 lowercase hex digits)
 *       88     -  the payload
 *
 * Invariants:
 *   - a cache problem never fails a run: every function here reports a
 *     miss (or a store not done) instead of an error, and the caller
 *     compiles as if there were no cache;
 *   - an entry that does not verify (short, wrong magic or version, another
 *     key, a length that disagrees with the file, a checksum mismatch) is a
 *     miss; the caller's next store overwrites it;
 *   - stores are atomic: a temporary file made with mkstemp (0600, O_EXCL)
 *     in the same directory, then rename(), so a reader sees the old entry
 *     or the new one, never half of one; the directory (and any missing
 *     parent) is created 0700;
 *   - the cache stays small: after a store, entries beyond CZ_PFCACHE_KEEP
 *     are removed oldest first by mtime (a hit refreshes its entry's mtime,
 *     so this is least recently used), and temporary files left by a crash
 *     are removed once they are an hour old.
 * The payload holds whatever the caller put there; for the prefilter that
 * is compiled rule patterns only, never note text.
 */
#ifndef CZ_PFCACHE_H
#define CZ_PFCACHE_H

#include <stdbool.h>
#include <stddef.h>

#define CZ_PFCACHE_FORMAT 1u
#define CZ_PFCACHE_KEEP 8
#define CZ_PFCACHE_HEADER 88
/* Payloads larger than this are neither stored nor read (a sanity cap). */
#define CZ_PFCACHE_MAX_PAYLOAD ((size_t)512 << 20)

/* Why a lookup missed (for tests and diagnostics). */
typedef enum cz_pfcache_status {
	CZ_PFCACHE_HIT,
	CZ_PFCACHE_ABSENT,   /* no entry (or the directory is unreadable) */
	CZ_PFCACHE_INVALID,  /* an entry that does not verify */
	CZ_PFCACHE_NOMEM     /* no memory to read it */
} cz_pfcache_status;

/*
 * Look key (32 hex digits) up in dir (borrowed). On a hit, *payload is a
 * malloc'd copy (the caller frees it) of *n bytes and the entry's mtime is
 * refreshed; otherwise *payload is NULL and *n is 0.
 */
cz_pfcache_status cz_pfcache_get(const char *dir, const char *key, void **payload, size_t *n);

/*
 * Store payload[0..n) under key in dir, creating dir if missing, replacing
 * any entry for key, then prune. Returns whether the entry was written;
 * failure (no HOME, read-only or full disk...) is not an error.
 */
bool cz_pfcache_put(const char *dir, const char *key, const void *payload, size_t n);

/* The path of key's entry in dir into out[cap]; false if it does not fit. */
bool cz_pfcache_path(const char *dir, const char *key, char *out, size_t cap);

#endif

/*
 * hash.c - xxHash adapter (XXH3, 128-bit), see hash.h for why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "coalesce/hash.h"

struct cz_hasher {
	XXH3_state_t *state;
};

static void to_hex(XXH128_hash_t h, char out[CZ_HASH_HEX])
{
	snprintf(out, CZ_HASH_HEX, "%016llx%016llx", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
}

void cz_hash_hex(const void *p, size_t n, char out[CZ_HASH_HEX])
{
	to_hex(XXH3_128bits(p, n), out);
}

cz_rc cz_hasher_new(cz_hasher **out, cz_err *err)
{
	cz_hasher *h = malloc(sizeof(*h));

	if (!h)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	h->state = XXH3_createState();
	if (!h->state) {
		free(h);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	XXH3_128bits_reset(h->state);
	*out = h;
	return CZ_OK;
}

void cz_hasher_add(cz_hasher *h, const void *p, size_t n)
{
	XXH3_128bits_update(h->state, p, n);
}

void cz_hasher_adds(cz_hasher *h, const char *s)
{
	XXH3_128bits_update(h->state, s, strlen(s) + 1);
}

void cz_hasher_hex(const cz_hasher *h, char out[CZ_HASH_HEX])
{
	to_hex(XXH3_128bits_digest(h->state), out);
}

void cz_hasher_free(cz_hasher *h)
{
	if (!h)
		return;
	XXH3_freeState(h->state);
	free(h);
}

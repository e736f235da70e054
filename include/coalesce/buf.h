/*
 * buf.h - growable byte buffers and string lists.
 *
 * Invariants of cz_buf, after cz_buf_init(): `data` is never NULL and is
 * always NUL-terminated at data[len] (an empty buffer points at a shared
 * read-only ""), so it can be handed to C string functions at any time.
 * `max`, when not zero, caps the length: buffers that hold untrusted input
 * refuse to grow past it with CZ_ELIMIT instead of eating all memory.
 *
 * Lifecycle: cz_buf_init -> appends -> cz_buf_release (frees, re-inits) or
 * cz_buf_detach (the caller owns the bytes now and must free() them).
 *
 * cz_strv is a NULL-terminated list of owned strings with the same
 * lifecycle: cz_strv_init, cz_strv_push (copies), cz_strv_release.
 */
#ifndef CZ_BUF_H
#define CZ_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "coalesce/err.h"

typedef struct cz_buf {
	char *data;
	size_t len;
	size_t cap; /* 0 while data points at the shared "" */
	size_t max; /* 0: no cap */
} cz_buf;

/*
 * The shared "" of every empty buffer. Never written: nothing stores into
 * data while cap is 0. Not const so CZ_BUF_INIT needs no cast (a cast from
 * a string literal breaks -Wcast-qual builds of every user of the macro).
 */
extern char cz_buf_empty[1];

#define CZ_BUF_INIT { cz_buf_empty, 0, 0, 0 }

void cz_buf_init(cz_buf *b, size_t max);
void cz_buf_release(cz_buf *b);
/* Empty the buffer, keeping its allocation. */
void cz_buf_reset(cz_buf *b);
/* Make room for at least `extra` more bytes (plus the NUL). */
cz_rc cz_buf_grow(cz_buf *b, size_t extra, cz_err *err);
cz_rc cz_buf_add(cz_buf *b, const void *p, size_t n, cz_err *err);
cz_rc cz_buf_adds(cz_buf *b, const char *s, cz_err *err);
cz_rc cz_buf_addc(cz_buf *b, char c, cz_err *err);
cz_rc cz_buf_addf(cz_buf *b, cz_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
cz_rc cz_buf_vaddf(cz_buf *b, cz_err *err, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Give the bytes to the caller (free() them); the buffer is re-inited. */
char *cz_buf_detach(cz_buf *b, size_t *len);

typedef struct cz_strv {
	char **v;  /* NULL-terminated once anything was pushed; may be NULL */
	size_t n;
	size_t cap;
} cz_strv;

#define CZ_STRV_INIT { NULL, 0, 0 }

void cz_strv_init(cz_strv *sv);
void cz_strv_release(cz_strv *sv);
/* Append a copy of s (or its first n bytes). */
cz_rc cz_strv_push(cz_strv *sv, const char *s, cz_err *err);
cz_rc cz_strv_pushn(cz_strv *sv, const char *s, size_t n, cz_err *err);
/* Index of s in sv, or -1. Comparison is exact. */
long cz_strv_find(const cz_strv *sv, const char *s);
/* Join with sep into out (appended). */
cz_rc cz_strv_join(const cz_strv *sv, const char *sep, cz_buf *out, cz_err *err);

/* strndup that reports failure through err. Returns NULL on failure. */
char *cz_strndup(const char *s, size_t n, cz_err *err);
char *cz_strdup(const char *s, cz_err *err);

#endif

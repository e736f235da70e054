/*
 * buf.c - growable byte buffers and string lists (see buf.h for the
 * invariants). Growth doubles the allocation; every size computation is
 * checked for overflow because lengths come from untrusted files.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/buf.h"

char cz_buf_empty[1];

void cz_buf_init(cz_buf *b, size_t max)
{
	b->data = cz_buf_empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void cz_buf_release(cz_buf *b)
{
	size_t max = b->max;

	if (b->cap)
		free(b->data);
	cz_buf_init(b, max);
}

void cz_buf_reset(cz_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

cz_rc cz_buf_grow(cz_buf *b, size_t extra, cz_err *err)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return cz_err_set(err, CZ_ENOMEM, "buffer size overflow");
	need = b->len + extra + 1;
	if (b->max && need - 1 > b->max)
		return cz_err_set(err, CZ_ELIMIT,
				  "text longer than the limit of %zu bytes", b->max);
	if (need <= b->cap)
		return CZ_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = b->cap ? realloc(b->data, cap) : malloc(cap);
	if (!p)
		return cz_err_set(err, CZ_ENOMEM, "out of memory (%zu bytes)", cap);
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return CZ_OK;
}

cz_rc cz_buf_add(cz_buf *b, const void *p, size_t n, cz_err *err)
{
	cz_rc rc = cz_buf_grow(b, n, err);

	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return CZ_OK;
}

cz_rc cz_buf_adds(cz_buf *b, const char *s, cz_err *err)
{
	return cz_buf_add(b, s, strlen(s), err);
}

cz_rc cz_buf_addc(cz_buf *b, char c, cz_err *err)
{
	return cz_buf_add(b, &c, 1, err);
}

cz_rc cz_buf_vaddf(cz_buf *b, cz_err *err, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	cz_rc rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return cz_err_set(err, CZ_EINTERNAL, "bad format string");
	rc = cz_buf_grow(b, (size_t)n, err);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return CZ_OK;
}

cz_rc cz_buf_addf(cz_buf *b, cz_err *err, const char *fmt, ...)
{
	va_list ap;
	cz_rc rc;

	va_start(ap, fmt);
	rc = cz_buf_vaddf(b, err, fmt, ap);
	va_end(ap);
	return rc;
}

char *cz_buf_detach(cz_buf *b, size_t *len)
{
	char *p = b->cap ? b->data : calloc(1, 1);

	if (len)
		*len = b->len;
	cz_buf_init(b, b->max);
	return p;
}

void cz_strv_init(cz_strv *sv)
{
	sv->v = NULL;
	sv->n = 0;
	sv->cap = 0;
}

void cz_strv_release(cz_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	cz_strv_init(sv);
}

cz_rc cz_strv_pushn(cz_strv *sv, const char *s, size_t n, cz_err *err)
{
	char *copy;

	if (sv->n + 1 >= sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 8;
		char **v = realloc(sv->v, cap * sizeof(*v));
		if (!v)
			return cz_err_set(err, CZ_ENOMEM, "out of memory");
		sv->v = v;
		sv->cap = cap;
	}
	copy = cz_strndup(s, n, err);
	if (!copy)
		return CZ_ENOMEM;
	sv->v[sv->n++] = copy;
	sv->v[sv->n] = NULL;
	return CZ_OK;
}

cz_rc cz_strv_push(cz_strv *sv, const char *s, cz_err *err)
{
	return cz_strv_pushn(sv, s, strlen(s), err);
}

long cz_strv_find(const cz_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return (long)i;
	return -1;
}

cz_rc cz_strv_join(const cz_strv *sv, const char *sep, cz_buf *out, cz_err *err)
{
	for (size_t i = 0; i < sv->n; i++) {
		cz_rc rc = cz_buf_adds(out, i ? sep : "", err);
		if (!rc)
			rc = cz_buf_adds(out, sv->v[i], err);
		if (rc)
			return rc;
	}
	return CZ_OK;
}

char *cz_strndup(const char *s, size_t n, cz_err *err)
{
	char *p = malloc(n + 1);

	if (!p) {
		cz_err_set(err, CZ_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cz_strdup(const char *s, cz_err *err)
{
	return cz_strndup(s, strlen(s), err);
}

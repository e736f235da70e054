/*
 * regex.c - PCRE2 adapter (8-bit code units, UTF + UCP, JIT).
 *
 * Compiled code is shared read-only; match data and the match context (with
 * its limits) belong to a cz_rematch, one per thread, so matching never
 * allocates. The JIT stack is PCRE2's default (32 KiB, on the machine
 * stack): patterns needing more fall back with PCRE2_ERROR_JIT_STACKLIMIT,
 * which we report as a limit like the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcre2.h>

#include "coalesce/regex.h"

struct cz_regex {
	pcre2_code *code;
	bool jitted;
	char *pattern;
	uint32_t name_count;
	uint32_t name_entry_size;
	PCRE2_SPTR name_table;
};

struct cz_rematch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	/* Pairs of the ovector set by the last successful match. PCRE2 leaves
	 * pairs past the pattern's highest group as they were (stale or never
	 * written), so cz_rematch_group() must not look beyond this. */
	uint32_t pairs;
};

static void pcre_message(int code, char *buf, size_t size)
{
	if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, size) < 0)
		snprintf(buf, size, "error %d", code);
}

cz_rc cz_regex_compile(cz_regex **out, const char *pattern, unsigned flags, cz_err *err)
{
	uint32_t opts = PCRE2_UTF | PCRE2_UCP;
	PCRE2_SIZE offset;
	int code;
	cz_regex *re;

	if (flags & CZ_RE_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & CZ_RE_MULTILINE)
		opts |= PCRE2_MULTILINE;
	re = calloc(1, sizeof(*re));
	if (!re)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	re->pattern = strdup(pattern);
	if (!re->pattern) {
		free(re);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
				 &code, &offset, NULL);
	if (!re->code) {
		char msg[256];
		pcre_message(code, msg, sizeof(msg));
		cz_regex_free(re);
		return cz_err_set(err, CZ_EDATA, "at offset %zu: %s", (size_t)offset, msg);
	}
	re->jitted = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &re->name_count);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &re->name_entry_size);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &re->name_table);
	*out = re;
	return CZ_OK;
}

void cz_regex_free(cz_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}

bool cz_regex_jitted(const cz_regex *re)
{
	return re->jitted;
}

const char *cz_regex_pattern(const cz_regex *re)
{
	return re->pattern;
}

size_t cz_regex_name_count(const cz_regex *re)
{
	return re->name_count;
}

const char *cz_regex_name(const cz_regex *re, size_t i, unsigned *group)
{
	PCRE2_SPTR entry;

	if (i >= re->name_count)
		return NULL;
	entry = re->name_table + i * re->name_entry_size;
	/* Each entry: two bytes of group number (big-endian), then the name. */
	*group = (unsigned)((entry[0] << 8) | entry[1]);
	return (const char *)(entry + 2);
}

cz_rc cz_rematch_new(cz_rematch **out, uint32_t match_limit, uint32_t heap_limit_kib,
		     cz_err *err)
{
	cz_rematch *m = calloc(1, sizeof(*m));

	if (!m)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	/* 32 pairs is plenty: rules use a handful of groups. */
	m->md = pcre2_match_data_create(32, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	if (!m->md || !m->mctx) {
		cz_rematch_free(m);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	if (match_limit)
		pcre2_set_match_limit(m->mctx, match_limit);
	if (heap_limit_kib)
		pcre2_set_heap_limit(m->mctx, heap_limit_kib);
	*out = m;
	return CZ_OK;
}

void cz_rematch_free(cz_rematch *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	free(m);
}

cz_rc cz_regex_find(const cz_regex *re, cz_rematch *m, const char *subj, size_t len,
		    size_t start, unsigned opts, bool *found, size_t *mstart, size_t *mend,
		    cz_err *err)
{
	uint32_t popts = 0;
	PCRE2_SIZE *ov;
	int rc;

	if (opts & CZ_RE_TRUSTED)
		popts |= PCRE2_NO_UTF_CHECK;
	if (opts & CZ_RE_NOTEMPTY)
		popts |= PCRE2_NOTEMPTY;
	*found = false;
	m->pairs = 0;
	if (start > len)
		return CZ_OK;
	rc = pcre2_match(re->code, (PCRE2_SPTR)subj, len, start, popts, m->md, m->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return CZ_OK;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
	    rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
	    rc == PCRE2_ERROR_NOMEMORY)
		return cz_err_set(err, CZ_ELIMIT, "pattern '%s' hit its match limit", re->pattern);
	if (rc < 0) {
		char msg[256];
		pcre_message(rc, msg, sizeof(msg));
		return cz_err_set(err, rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21
				  ? CZ_EDATA : CZ_EINTERNAL, "regex match failed: %s", msg);
	}
	ov = pcre2_get_ovector_pointer(m->md);
	/* rc is the highest group set + 1, or 0 when the ovector was too small. */
	m->pairs = rc > 0 ? (uint32_t)rc : pcre2_get_ovector_count(m->md);
	*found = true;
	if (mstart)
		*mstart = ov[0];
	if (mend)
		*mend = ov[1];
	return CZ_OK;
}

bool cz_rematch_group(const cz_rematch *m, unsigned group, size_t *gstart, size_t *gend)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);

	if (group >= m->pairs || ov[2 * group] == PCRE2_UNSET)
		return false;
	*gstart = ov[2 * group];
	*gend = ov[2 * group + 1];
	return true;
}

/*
 * err.c - result codes, error messages and their exit statuses.
 *
 * The switch statements have no default case on purpose: adding a code to
 * cz_rc without naming it here is a compiler warning (an error in CI).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "coalesce/err.h"

static void mark_truncated(char *msg, int n)
{
	if (n >= CZ_ERR_MSG_MAX)
		memcpy(msg + CZ_ERR_MSG_MAX - 4, "...", 4);
}

cz_rc cz_err_set(cz_err *err, cz_rc code, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		snprintf(err->msg, sizeof(err->msg), "%s", cz_rc_name(code));
	mark_truncated(err->msg, n);
	return code;
}

void cz_err_prefix(cz_err *err, const char *fmt, ...)
{
	char prefix[CZ_ERR_MSG_MAX];
	char old[CZ_ERR_MSG_MAX];
	va_list ap;
	int n;

	if (!err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	memcpy(old, err->msg, sizeof(old));
	n = snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
	mark_truncated(err->msg, n);
}

const char *cz_rc_name(cz_rc code)
{
	switch (code) {
	case CZ_OK: return "ok";
	case CZ_EUSAGE: return "usage error";
	case CZ_EDATA: return "bad data";
	case CZ_ENOINPUT: return "missing input";
	case CZ_EINTERNAL: return "internal error";
	case CZ_EIO: return "i/o error";
	case CZ_EDB: return "database error";
	case CZ_ENOMEM: return "out of memory";
	case CZ_EBUSY: return "database busy";
	case CZ_ELIMIT: return "resource limit reached";
	case CZ_EPARTIAL: return "partial failure";
	}
	return "unknown error";
}

int cz_rc_exit_status(cz_rc code)
{
	switch (code) {
	case CZ_OK: return 0;
	case CZ_EPARTIAL: return 1;
	case CZ_EUSAGE: return 64;
	case CZ_EDATA: return 65;
	case CZ_ELIMIT: return 65;
	case CZ_ENOINPUT: return 66;
	case CZ_EINTERNAL: return 70;
	case CZ_ENOMEM: return 70;
	case CZ_EIO: return 74;
	case CZ_EDB: return 74;
	case CZ_EBUSY: return 74;
	}
	return 70;
}

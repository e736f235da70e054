/*
 * err.h - result codes and the error struct every fallible function fills.
 *
 * Design: a fallible function returns a cz_rc and, on failure, writes a
 * human-readable message into a caller-provided cz_err. The message lives in
 * a fixed buffer, so reporting an error never allocates (it must work when
 * memory has run out). On success the struct is left untouched. Messages are
 * lowercase, name the failing thing first and quote the subject, e.g.
 *   "notes/a.md:3: front matter: mapping values are not allowed here".
 *
 * Codes only ever grow at the end: scripts and the exit-status mapping in
 * main() depend on their meaning. Library code never exits; only main()
 * turns a code into an exit status (see cz_rc_exit_status()).
 */
#ifndef CZ_ERR_H
#define CZ_ERR_H

#include <stddef.h>

typedef enum cz_rc {
	CZ_OK = 0,
	CZ_EUSAGE,    /* bad command line or API misuse by the caller       */
	CZ_EDATA,     /* input is malformed: bad note, rule, config, CSV row */
	CZ_ENOINPUT,  /* a named input does not exist or cannot be opened   */
	CZ_EINTERNAL, /* a bug: an invariant did not hold                   */
	CZ_EIO,       /* read/write failure on a file                       */
	CZ_EDB,       /* the database failed (corrupt, read-only, full)     */
	CZ_ENOMEM,    /* allocation failed                                  */
	CZ_EBUSY,     /* the database is locked by another process          */
	CZ_ELIMIT,    /* a resource limit was hit (regex match/heap limit)  */
	CZ_EPARTIAL   /* the job finished but some inputs were rejected     */
} cz_rc;

#define CZ_ERR_MSG_MAX 1024

typedef struct cz_err {
	cz_rc code;
	char msg[CZ_ERR_MSG_MAX];
} cz_err;

/*
 * Fill err (when not NULL) with code and a printf-style message; return
 * code so callers can write `return cz_err_set(err, CZ_EDATA, "...")`.
 * A message longer than the buffer is cut and ends with "...".
 */
cz_rc cz_err_set(cz_err *err, cz_rc code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Prefix the message already in err with a printf-style context plus ": ".
 * Used when an error travels up a layer that knows more (the file name).
 */
void cz_err_prefix(cz_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A short lowercase name for code ("bad data", "database error", ...). */
const char *cz_rc_name(cz_rc code);

/*
 * The process exit status for a code, as documented in the README:
 * 0 ok, 1 partial failure or findings, 64 usage, 65 bad data, 66 missing
 * input, 70 internal error, 74 I/O or database error. Only main() calls it.
 */
int cz_rc_exit_status(cz_rc code);

#endif

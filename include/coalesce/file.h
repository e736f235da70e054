/*
 * file.h - reading files and handling paths.
 *
 * Reads are bounded: the caller states the largest size it accepts, and a
 * larger file fails with CZ_ELIMIT before it is read. Errors name the path
 * and the system's reason.
 */
#ifndef CZ_FILE_H
#define CZ_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "coalesce/buf.h"
#include "coalesce/err.h"

/*
 * Read the whole of path into out (appended). A file larger than max bytes
 * fails with CZ_ELIMIT ("file too large (N bytes, limit M)"); a missing
 * file with CZ_ENOINPUT; other failures with CZ_EIO.
 */
cz_rc cz_file_read(const char *path, size_t max, cz_buf *out, cz_err *err);

/* dir + "/" + name, without doubling the slash. Caller frees. */
char *cz_path_join(const char *dir, const char *name, cz_err *err);
/* The directory part of path ("." when there is none). Caller frees. */
char *cz_path_dirname(const char *path, cz_err *err);
/* The last component of path. Borrowed from path. */
const char *cz_path_basename(const char *path);
/* Absolute, normalised form of path (symlinks resolved). Caller frees. */
char *cz_path_absolute(const char *path, cz_err *err);
/*
 * A path for display: relative to cwd when it lies below it, else as is.
 * Borrowed from path (a suffix of it), never allocates.
 */
const char *cz_path_display(const char *path, const char *cwd);

/* Modification time in nanoseconds since the epoch. */
int64_t cz_stat_mtime_ns(const struct stat *st);

#endif

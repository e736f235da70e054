/*
 * walk.h - finding files under a directory.
 *
 * The walk is depth-first in name order (so runs are reproducible), skips
 * hidden entries (".git", ".obsidian", ".trash", ".DS_Store"), follows
 * symbolic links, and never enters a directory twice (tracked by device
 * and inode), so a symlink loop cannot hang it. Problems with single
 * entries (unreadable directory, broken link) are reported through
 * on_error and the walk goes on.
 */
#ifndef CZ_WALK_H
#define CZ_WALK_H

#include <sys/stat.h>

#include "coalesce/err.h"

#define CZ_WALK_MAX_DEPTH 128

/* Called for each regular file; a non-zero return stops the walk. */
typedef cz_rc (*cz_walk_file_fn)(void *ctx, const char *path, const struct stat *st,
				 cz_err *err);
/* Called for each entry that cannot be walked; reason is lowercase. */
typedef void (*cz_walk_error_fn)(void *ctx, const char *path, const char *reason);

/* Walk the directory root. Returns the first callback failure, if any. */
cz_rc cz_walk(const char *root, cz_walk_file_fn on_file, cz_walk_error_fn on_error,
	      void *ctx, cz_err *err);

#endif

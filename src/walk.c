/*
 * walk.c - recursive directory walk (see walk.h).
 *
 * Recursion depth is bounded by CZ_WALK_MAX_DEPTH; the set of visited
 * directories is a plain array scanned linearly, which is fine for the
 * thousands of directories a notes archive has. Entries are stat'ed by
 * name relative to their open directory, so each level holds one file
 * descriptor while it is walked (at most CZ_WALK_MAX_DEPTH + 1).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coalesce/buf.h"
#include "coalesce/file.h"
#include "coalesce/walk.h"

typedef struct dir_id {
	dev_t dev;
	ino_t ino;
} dir_id;

typedef struct walker {
	cz_walk_file_fn on_file;
	cz_walk_error_fn on_error;
	void *ctx;
	dir_id *seen;
	size_t n_seen, cap_seen;
} walker;

/* Record a directory; false if it was already walked. */
static bool first_visit(walker *w, const struct stat *st, cz_err *err, cz_rc *rc)
{
	for (size_t i = 0; i < w->n_seen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return false;
	if (w->n_seen == w->cap_seen) {
		size_t cap = w->cap_seen ? w->cap_seen * 2 : 64;
		dir_id *p = realloc(w->seen, cap * sizeof(*p));
		if (!p) {
			*rc = cz_err_set(err, CZ_ENOMEM, "out of memory");
			return false;
		}
		w->seen = p;
		w->cap_seen = cap;
	}
	w->seen[w->n_seen].dev = st->st_dev;
	w->seen[w->n_seen].ino = st->st_ino;
	w->n_seen++;
	return true;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static cz_rc walk_dir(walker *w, const char *dir, const struct stat *dst, int depth,
		      cz_err *err)
{
	struct dirent **names = NULL;
	cz_rc rc = CZ_OK;
	int n, fd;

	if (!first_visit(w, dst, err, &rc))
		return rc;
	if (depth > CZ_WALK_MAX_DEPTH) {
		w->on_error(w->ctx, dir, "directories nested too deep; skipped");
		return CZ_OK;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	n = fd < 0 ? -1 : scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		w->on_error(w->ctx, dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return CZ_OK;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct stat st;
		char *path;

		if (rc || name[0] == '.')
			continue;
		path = cz_path_join(dir, name, err);
		if (!path) {
			rc = CZ_ENOMEM;
			continue;
		}
		/* by name in the open directory: the kernel resolves one
		 * component, not the whole path again */
		if (fstatat(fd, name, &st, 0) != 0) {
			struct stat lst;
			if (errno == ENOENT && fstatat(fd, name, &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(lst.st_mode))
				w->on_error(w->ctx, path, "broken symbolic link");
			else if (errno == ELOOP)
				w->on_error(w->ctx, path, "symbolic link loop");
			else if (errno != ENOENT) /* vanished since scandir: not an error */
				w->on_error(w->ctx, path, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			rc = walk_dir(w, path, &st, depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			rc = w->on_file(w->ctx, path, &st, err);
		}
		free(path);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	close(fd);
	return rc;
}

cz_rc cz_walk(const char *root, cz_walk_file_fn on_file, cz_walk_error_fn on_error,
	      void *ctx, cz_err *err)
{
	walker w = { on_file, on_error, ctx, NULL, 0, 0 };
	struct stat st;
	cz_rc rc;

	if (stat(root, &st) != 0)
		return cz_err_set(err, CZ_ENOINPUT, "%s: %s", root, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return cz_err_set(err, CZ_EUSAGE, "%s: not a directory", root);
	rc = walk_dir(&w, root, &st, 0, err);
	free(w.seen);
	return rc;
}

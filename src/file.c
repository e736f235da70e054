/*
 * file.c - bounded file reads and path helpers.
 *
 * cz_file_read() stats the open descriptor (not the name, so a file swapped
 * between the check and the read cannot slip past the size cap) and reads
 * at most max+1 bytes, which also catches a file that grew after fstat.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coalesce/file.h"

cz_rc cz_file_read(const char *path, size_t max, cz_buf *out, cz_err *err)
{
	struct stat st;
	size_t want, got = 0;
	cz_rc rc = CZ_OK;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return cz_err_set(err, errno == ENOENT ? CZ_ENOINPUT : CZ_EIO,
				  "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = cz_err_set(err, CZ_EIO, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = cz_err_set(err, CZ_EIO, "is a directory");
		goto out;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		rc = cz_err_set(err, CZ_ELIMIT, "file too large (%lld bytes, limit %zu)",
				(long long)st.st_size, max);
		goto out;
	}
	want = S_ISREG(st.st_mode) ? (size_t)st.st_size : 65536;
	rc = cz_buf_grow(out, want + 1, err);
	while (!rc) {
		ssize_t n;

		if (out->cap - out->len <= 1)
			rc = cz_buf_grow(out, out->len + 1, err);
		if (rc)
			break;
		n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = cz_err_set(err, CZ_EIO, "read failed: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		got += (size_t)n;
		out->data[out->len] = '\0';
		if (got > max)
			rc = cz_err_set(err, CZ_ELIMIT, "file too large (more than %zu bytes)", max);
	}
out:
	close(fd);
	return rc;
}

char *cz_path_join(const char *dir, const char *name, cz_err *err)
{
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dl && dir[dl - 1] != '/';
	char *p = malloc(dl + slash + nl + 1);

	if (!p) {
		cz_err_set(err, CZ_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(p, dir, dl);
	if (slash)
		p[dl] = '/';
	memcpy(p + dl + slash, name, nl + 1);
	return p;
}

char *cz_path_dirname(const char *path, cz_err *err)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return cz_strdup(".", err);
	if (slash == path)
		return cz_strdup("/", err);
	return cz_strndup(path, (size_t)(slash - path), err);
}

const char *cz_path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *cz_path_absolute(const char *path, cz_err *err)
{
	char *p = realpath(path, NULL);

	if (!p)
		cz_err_set(err, errno == ENOENT ? CZ_ENOINPUT : CZ_EIO, "%s: %s", path,
			   strerror(errno));
	return p;
}

const char *cz_path_display(const char *path, const char *cwd)
{
	size_t n;

	if (!cwd || !*cwd)
		return path;
	n = strlen(cwd);
	if (n > 1 && !strncmp(path, cwd, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

int64_t cz_stat_mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/*
 * pfcache.c - the on-disk cache of compiled prefilters (see pfcache.h for
 * the file format and the invariants).
 *
 * Design: plain POSIX files, one per entry, named by the key, so a lookup
 * is one open() and two reads and no index can go stale. Everything that
 * can go wrong (no directory, no permission, a truncated or foreign file, a
 * full disk) ends in "miss" or "not stored"; nothing here fails a run.
 * Integers in the header are little-endian whatever the host, although an
 * entry is only useful on the platform that wrote it (the key says which).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "coalesce/hash.h"
#include "coalesce/pfcache.h"

static const char magic[8] = { 'C', 'Z', 'P', 'F', 'C', 'A', 'C', 'H' };

#define KEY_LEN 32
#define TMP_PREFIX ".pf-tmp-"
#define TMP_MAX_AGE 3600 /* seconds before a leftover temporary file is removed */

static bool key_ok(const char *key)
{
	size_t i;

	for (i = 0; key[i]; i++)
		if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
			return false;
	return i == KEY_LEN;
}

bool cz_pfcache_path(const char *dir, const char *key, char *out, size_t cap)
{
	int n;

	if (!dir || !*dir || !key_ok(key))
		return false;
	n = snprintf(out, cap, "%s/pf-%s.bin", dir, key);
	return n > 0 && (size_t)n < cap;
}

static void put_le(unsigned char *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Read exactly n bytes; false on error or end of file. */
static bool read_all(int fd, void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

static bool write_all(int fd, const void *buf, size_t n)
{
	const unsigned char *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

cz_pfcache_status cz_pfcache_get(const char *dir, const char *key, void **payload, size_t *n)
{
	char path[4096], sum[CZ_HASH_HEX];
	unsigned char h[CZ_PFCACHE_HEADER];
	cz_pfcache_status st = CZ_PFCACHE_INVALID;
	struct stat sb;
	uint64_t len;
	void *buf = NULL;
	int fd;

	*payload = NULL;
	*n = 0;
	if (!cz_pfcache_path(dir, key, path, sizeof(path)))
		return CZ_PFCACHE_ABSENT;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return CZ_PFCACHE_ABSENT;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size < CZ_PFCACHE_HEADER ||
	    (uint64_t)sb.st_size - CZ_PFCACHE_HEADER > CZ_PFCACHE_MAX_PAYLOAD)
		goto out;
	if (!read_all(fd, h, sizeof(h)) || memcmp(h, magic, sizeof(magic)) ||
	    get_le(h + 8, 4) != CZ_PFCACHE_FORMAT || get_le(h + 12, 4) != 0 ||
	    memcmp(h + 16, key, KEY_LEN))
		goto out;
	len = get_le(h + 48, 8);
	if (len != (uint64_t)sb.st_size - CZ_PFCACHE_HEADER || len == 0)
		goto out;
	buf = malloc((size_t)len);
	if (!buf) {
		st = CZ_PFCACHE_NOMEM;
		goto out;
	}
	if (!read_all(fd, buf, (size_t)len))
		goto out;
	cz_hash_hex(buf, (size_t)len, sum);
	if (memcmp(sum, h + 56, KEY_LEN))
		goto out;
	(void)futimens(fd, NULL); /* recently used: pruned last (best effort) */
	*payload = buf;
	*n = (size_t)len;
	buf = NULL;
	st = CZ_PFCACHE_HIT;
out:
	free(buf);
	close(fd);
	return st;
}

/* mkdir -p with mode 0700 for every directory created; true if dir exists. */
static bool make_dir(const char *dir)
{
	char p[4096];
	size_t len = strlen(dir);
	struct stat sb;

	if (len >= sizeof(p))
		return false;
	memcpy(p, dir, len + 1);
	for (size_t i = 1; i <= len; i++) {
		char c = p[i];
		if (c != '/' && c != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0700) && errno != EEXIST && (stat(p, &sb) || !S_ISDIR(sb.st_mode)))
			return false;
		p[i] = c;
	}
	return !stat(dir, &sb) && S_ISDIR(sb.st_mode);
}

typedef struct entry {
	char name[3 + KEY_LEN + 4 + 1];
	struct timespec mtime;
} entry;

static int by_age(const void *a, const void *b)
{
	const struct timespec *x = &((const entry *)a)->mtime, *y = &((const entry *)b)->mtime;

	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? -1 : 1;
	if (x->tv_nsec != y->tv_nsec)
		return x->tv_nsec < y->tv_nsec ? -1 : 1;
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static bool is_entry_name(const char *name)
{
	size_t len = strlen(name);

	return len == 3 + KEY_LEN + 4 && !strncmp(name, "pf-", 3) &&
	       !strcmp(name + len - 4, ".bin");
}

/* Remove the oldest entries beyond CZ_PFCACHE_KEEP (never keep_name) and
 * old temporary files. Best effort. */
static void prune(const char *dir, const char *keep_name)
{
	DIR *d = opendir(dir);
	entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	time_t now = time(NULL);

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[4096];
		struct stat sb;
		bool tmp = !strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX));
		int len;

		if (!tmp && !is_entry_name(de->d_name))
			continue;
		len = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (len <= 0 || (size_t)len >= sizeof(path) || lstat(path, &sb) ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (tmp) {
			if (now - sb.st_mtim.tv_sec > TMP_MAX_AGE)
				(void)unlink(path);
			continue;
		}
		if (!strcmp(de->d_name, keep_name))
			continue;
		if (n == cap) {
			size_t c = cap ? cap * 2 : 16;
			entry *p = realloc(v, c * sizeof(*v));
			if (!p)
				goto out; /* no memory: prune another time */
			v = p;
			cap = c;
		}
		memcpy(v[n].name, de->d_name, strlen(de->d_name) + 1); /* 39 bytes: is_entry_name */
		v[n].mtime = sb.st_mtim;
		n++;
	}
	/* The entry just written counts as one of the CZ_PFCACHE_KEEP. */
	if (n + 1 > CZ_PFCACHE_KEEP) {
		qsort(v, n, sizeof(*v), by_age);
		for (size_t i = 0; i < n + 1 - CZ_PFCACHE_KEEP; i++) {
			char path[4096];
			int len = snprintf(path, sizeof(path), "%s/%s", dir, v[i].name);
			if (len > 0 && (size_t)len < sizeof(path))
				(void)unlink(path);
		}
	}
out:
	free(v);
	closedir(d);
}

bool cz_pfcache_put(const char *dir, const char *key, const void *payload, size_t n)
{
	char path[4096], tmp[4096], sum[CZ_HASH_HEX];
	unsigned char h[CZ_PFCACHE_HEADER];
	bool ok;
	int fd, len;

	if (!n || n > CZ_PFCACHE_MAX_PAYLOAD || !cz_pfcache_path(dir, key, path, sizeof(path)))
		return false;
	len = snprintf(tmp, sizeof(tmp), "%s/" TMP_PREFIX "XXXXXX", dir);
	if (len <= 0 || (size_t)len >= sizeof(tmp) || !make_dir(dir))
		return false;
	memset(h, 0, sizeof(h));
	memcpy(h, magic, sizeof(magic));
	put_le(h + 8, CZ_PFCACHE_FORMAT, 4);
	memcpy(h + 16, key, KEY_LEN);
	put_le(h + 48, (uint64_t)n, 8);
	cz_hash_hex(payload, n, sum);
	memcpy(h + 56, sum, KEY_LEN);
	fd = mkstemp(tmp); /* O_EXCL, mode 0600 */
	if (fd < 0)
		return false;
	ok = !fchmod(fd, 0600) && write_all(fd, h, sizeof(h)) && write_all(fd, payload, n);
	ok = !close(fd) && ok;
	ok = ok && !rename(tmp, path);
	if (!ok) {
		(void)unlink(tmp);
		return false;
	}
	prune(dir, path + strlen(dir) + 1);
	return true;
}

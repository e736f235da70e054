/*
 * out.c - terminal-safe printing and the progress line.
 *
 * Text from the archive (file names, titles) can hold control characters
 * and escape sequences; printed raw they would move the cursor, recolour or
 * retitle the user's terminal. cz_put_safe() shows them as \xNN instead.
 * The progress line is drawn only on a terminal and at most ten times a
 * second, and erased before the run's summary is printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "coalesce/file.h"

void cz_put_safe(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) /* C1 controls */
			fprintf(f, "\\x%02x", *++p);
		else
			fputc(*p, f);
	}
}

const char *cz_cli_path(const cz_cli *cli, const char *path)
{
	return cz_path_display(path, cli->cwd);
}

cz_rc cz_cli_create_output(const cz_cli *cli, const char *path, FILE **out, cz_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY,
		      (mode_t)cli->mode);

	if (fd < 0)
		return cz_err_set(err, errno == ENOENT ? CZ_ENOINPUT : CZ_EIO, "%s: %s", path,
				  strerror(errno));
	if (fchmod(fd, (mode_t)cli->mode) != 0 || !(*out = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		return cz_err_set(err, CZ_EIO, "%s: %s", path, strerror(e));
	}
	return CZ_OK;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cz_progress_init(cz_progress *p, FILE *f, bool enabled)
{
	p->enabled = enabled;
	p->f = f;
	p->start = now_seconds();
	p->last = 0;
}

void cz_progress_update(cz_progress *p, size_t done, size_t total, unsigned long long bytes,
			unsigned long long total_bytes)
{
	double t, elapsed, rate, eta;

	if (!p->enabled)
		return;
	t = now_seconds();
	if (done < total && t - p->last < 0.1)
		return;
	p->last = t;
	elapsed = t - p->start;
	rate = elapsed > 0 ? (double)bytes / elapsed : 0;
	eta = rate > 0 ? (double)(total_bytes - bytes) / rate : 0;
	fprintf(p->f, "\r\033[K%zu/%zu files  %.1f MB/s  ETA %d:%02d", done, total,
		rate / 1e6, (int)eta / 60, (int)eta % 60);
	fflush(p->f);
}

void cz_progress_end(cz_progress *p)
{
	if (p->enabled && p->last > 0) {
		fputs("\r\033[K", p->f);
		fflush(p->f);
	}
}

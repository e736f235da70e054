/*
 * replay.c - runs a fuzz target over every file of a corpus directory, so
 * the seed corpora (and every crash ever found, once added to them) are
 * replayed as ordinary tests by ctest, with the sanitizers of the build.
 *
 * usage: fuzz_NAME_replay DIR...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/buf.h"
#include "coalesce/file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	size_t files = 0;

	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		struct dirent *e;

		if (!d) {
			fprintf(stderr, "%s: cannot open corpus directory\n", argv[i]);
			return 1;
		}
		while ((e = readdir(d))) {
			cz_buf buf;
			cz_err err;
			char *path;

			if (e->d_name[0] == '.')
				continue;
			path = cz_path_join(argv[i], e->d_name, &err);
			if (!path)
				return 1;
			cz_buf_init(&buf, 0);
			if (cz_file_read(path, (size_t)64 << 20, &buf, &err) != CZ_OK) {
				fprintf(stderr, "%s: %s\n", path, err.msg);
				return 1;
			}
			LLVMFuzzerTestOneInput((const uint8_t *)buf.data, buf.len);
			cz_buf_release(&buf);
			free(path);
			files++;
		}
		closedir(d);
	}
	printf("replayed %zu inputs\n", files);
	return files ? 0 : 1;
}

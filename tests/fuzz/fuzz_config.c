/*
 * fuzz_config.c - fuzz target: coalesce.yml text through the YAML tree
 * builder and the strict configuration checks (including initiative regex
 * compilation).
 */
#include <stddef.h>
#include <stdint.h>

#include "coalesce/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cz_config cfg;
	cz_err err;

	cz_config_init(&cfg);
	(void)cz_config_load_text(&cfg, "fuzz.yml", (const char *)data, size, &err);
	cz_config_release(&cfg);
	return 0;
}

/*
 * opt.c - command-line option parsing (see cli.h).
 *
 * Accepts --name, --name=value, --name value, -x, -x value and -xvalue;
 * "--" ends options; everything else is positional, wherever it appears.
 * Errors are one line and name the command, so the dispatcher can add the
 * "try 'coalesce CMD --help'" hint.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

cz_rc cz_opt_init(cz_opts *o, int argc, char **argv, const cz_optdef *defs,
		  const char *cmd, cz_err *err)
{
	memset(o, 0, sizeof(*o));
	o->argc = argc;
	o->argv = argv;
	o->i = 1;
	o->defs = defs;
	o->cmd = cmd;
	o->pos = calloc((size_t)argc + 1, sizeof(*o->pos));
	if (!o->pos)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	return CZ_OK;
}

void cz_opt_release(cz_opts *o)
{
	free(o->pos);
	o->pos = NULL;
}

cz_rc cz_opt_next(cz_opts *o, int *id, const char **arg, cz_err *err)
{
	*id = 0;
	*arg = NULL;
	while (o->i < o->argc) {
		char *a = o->argv[o->i++];
		const cz_optdef *d;

		if (o->dashdash || a[0] != '-' || a[1] == '\0') {
			o->pos[o->npos++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			o->dashdash = true;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t n = eq ? (size_t)(eq - name) : strlen(name);
			for (d = o->defs; d->name; d++)
				if (strlen(d->name) == n && !strncmp(d->name, name, n))
					break;
			if (!d->name)
				return cz_err_set(err, CZ_EUSAGE, "%s: unknown option '--%.*s'",
						  o->cmd, (int)n, name);
			if (d->has_arg) {
				if (eq)
					*arg = eq + 1;
				else if (o->i < o->argc)
					*arg = o->argv[o->i++];
				else
					return cz_err_set(err, CZ_EUSAGE, "%s: option '--%s' needs a value",
							  o->cmd, d->name);
			} else if (eq) {
				return cz_err_set(err, CZ_EUSAGE, "%s: option '--%s' takes no value",
						  o->cmd, d->name);
			}
			*id = d->id;
			return CZ_OK;
		}
		for (d = o->defs; d->name; d++)
			if (d->shortname && d->shortname == a[1])
				break;
		if (!d->name)
			return cz_err_set(err, CZ_EUSAGE, "%s: unknown option '-%c'", o->cmd, a[1]);
		if (d->has_arg) {
			if (a[2])
				*arg = a + 2;
			else if (o->i < o->argc)
				*arg = o->argv[o->i++];
			else
				return cz_err_set(err, CZ_EUSAGE, "%s: option '-%c' needs a value",
						  o->cmd, a[1]);
		} else if (a[2]) {
			return cz_err_set(err, CZ_EUSAGE, "%s: option '-%c' takes no value "
					  "(combine short options separately)", o->cmd, a[1]);
		}
		*id = d->id;
		return CZ_OK;
	}
	return CZ_OK;
}

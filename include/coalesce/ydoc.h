/*
 * ydoc.h - YAML documents as a small tree; the only module that uses libyaml.
 *
 * Config files, note front matter and rule files are all YAML. They are
 * parsed here into a tree of cz_ynode whose every node keeps its source
 * line and column and how it was written (plain, single- or double-quoted,
 * block or flow). Loaders need both: errors must name FILE:LINE:COL, and the
 * rule loader refuses double-quoted regexes (where "\b" is a backspace) and
 * flow-style lists.
 *
 * Hostile input: anchors and aliases are refused (no legitimate note or
 * config needs them, and they are how "billion laughs" bombs are built);
 * nesting depth and node count are capped. Only one document per input.
 *
 * Ownership: cz_ydoc owns every node; nodes borrowed from it live until
 * cz_ydoc_release().
 */
#ifndef CZ_YDOC_H
#define CZ_YDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "coalesce/err.h"

typedef enum cz_ykind {
	CZ_Y_SCALAR,
	CZ_Y_SEQ,
	CZ_Y_MAP
} cz_ykind;

typedef enum cz_ystyle {
	CZ_Y_PLAIN,
	CZ_Y_SINGLE,  /* 'single-quoted' scalar */
	CZ_Y_DOUBLE,  /* "double-quoted" scalar */
	CZ_Y_LITERAL, /* | block scalar */
	CZ_Y_FOLDED,  /* > block scalar */
	CZ_Y_BLOCK,   /* block sequence or mapping */
	CZ_Y_FLOW     /* [flow] sequence or {flow} mapping */
} cz_ystyle;

typedef struct cz_ynode cz_ynode;
struct cz_ynode {
	cz_ykind kind;
	cz_ystyle style;
	size_t line; /* 1-based, in the file the text came from */
	size_t col;  /* 1-based */
	char *str;   /* scalar value, NUL-terminated (may contain NUL: see len) */
	size_t len;
	/* Sequences: items[0..n). Mappings: keys items[2i], values items[2i+1]. */
	cz_ynode **items;
	size_t n;
};

typedef struct cz_ydoc {
	cz_ynode *root; /* NULL for an empty document */
	size_t nodes;
} cz_ydoc;

#define CZ_YDOC_MAX_DEPTH 64
#define CZ_YDOC_MAX_NODES 200000

/*
 * Parse `len` bytes of YAML. `first_line` is the file line of the first
 * byte (front matter starts on line 2), so marks match the file. On error
 * returns CZ_EDATA with "LINE:COL: problem" in err (the caller adds the
 * file name) and leaves doc empty.
 */
cz_rc cz_ydoc_parse(cz_ydoc *doc, const char *text, size_t len,
		    size_t first_line, cz_err *err);
void cz_ydoc_release(cz_ydoc *doc);

/* Number of entries in a mapping (pairs) or sequence (items). */
size_t cz_ynode_count(const cz_ynode *node);
/* Mapping lookup: the value for key, or NULL (also when node is no map). */
const cz_ynode *cz_ynode_get(const cz_ynode *map, const char *key);
/* Human name of a node's kind for messages: "a scalar", "a list", "a mapping". */
const char *cz_ynode_kind_name(const cz_ynode *node);

/* Scalar helpers; each returns CZ_EDATA with "LINE:COL: ..." on a bad value. */
cz_rc cz_ynode_bool(const cz_ynode *node, bool *out, cz_err *err);
cz_rc cz_ynode_long(const cz_ynode *node, long min, long max, long *out, cz_err *err);
cz_rc cz_ynode_double(const cz_ynode *node, double *out, cz_err *err);
/* Byte sizes: "16777216", "16MiB", "512 KiB", "2MB" (MB treated as MiB). */
cz_rc cz_ynode_size(const cz_ynode *node, size_t *out, cz_err *err);
/* True when the scalar is YAML null ("", "~", "null"). */
bool cz_ynode_is_null(const cz_ynode *node);

#endif

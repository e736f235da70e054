/*
 * pfexpr.c - rule patterns reduced to prefilter expressions (pfexpr.h).
 *
 * The byte-mode superset of a PCRE2 (UTF, UCP) pattern, from its syntax
 * tree (rxtree.h). Vectorscan compiles a pack in UTF-8/UCP mode only in
 * minutes (Unicode \w, \b and bounded repeats blow up its automata), so the
 * prefilter runs on bytes, and every construct is widened until it matches
 * at least what PCRE2 matches:
 *   - a class that may match a non-ASCII character (\w \s \d and their
 *     negations, `.`, negated classes, non-ASCII members, caseless k or s)
 *     becomes a byte class with \x80-\xff added; one character of it is one
 *     to four bytes, so n characters are at least n bytes;
 *   - a non-ASCII literal is its UTF-8 bytes, unless it is caseless and may
 *     have a case partner (then: high bytes); a caseless k or s also
 *     matches KELVIN SIGN or LONG S;
 *   - assertions (\b ^ $ \A \z \Z \G, lookaround) are dropped: an
 *     assertion only removes matches.
 *
 * Two variants are compiled. Vectorscan anchors its search on literals and
 * can only check the literals before an unbounded gap by running an
 * automaton from each of them: `the\s+price` costs a run at every "the",
 * `the\s{1,16}price` a look back from every "price" (ten times cheaper
 * alone, a third off the whole pack on the benchmark archive). The fast
 * variant bounds every repeat of white space at CZ_PF_SPACE_RUN bytes; it is
 * exact for a text in which no run of white space or non-ASCII bytes is
 * longer, which the scan checks first (cz_pfscan_run), taking the
 * unbounded variant otherwise (a padded table, blanked code, text in a
 * non-Latin script). Larger bounds compile much slower: 16 bytes take 1.3
 * s for the default pack, 64 bytes 6 s.
 *
 * Then only the pattern's core is kept. In a sequence, the items before
 * the first literal run of CORE_RUN characters are dropped up to the last
 * gap among them: a repeat that is unbounded or longer than GAP_CHARS and
 * not only white space (`\w*`, `.{0,60}?`, `(?:\w+\s+){0,3}`), and then
 * the leading items without any literal (`\s+`, `(?:the\s+)?`). A gap makes
 * Vectorscan run an automaton from every match of what precedes it; the
 * short literals and bounded items after the last gap cost little and keep
 * the expression selective (`we'll go with` reports far fewer places than
 * `with`). Trailing items that can match empty are dropped too (leading
 * ones as well when no run is that long), and a sequence trimmed to one
 * group or alternation is trimmed inside it, alternative by alternative.
 * Dropping the ends of a sequence keeps a superset, and the kept part of a
 * match lies inside the match, so its end still falls inside the unit
 * PCRE2 would match in. On the benchmark archive (100M) this version
 * reports 0.84 M ends in 0.59 M lines, against 2.17 M in 1.43 M when every
 * leading item short of CORE_RUN went, and scans no slower.
 *
 * A pattern whose strongest literal run is shorter than MIN_RUN characters
 * (a list-item shape) would report almost every line; `weak` says so and
 * the builder (prefilter.c) leaves it to PCRE2 when its rule is gated by
 * a section anyway.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/pfexpr.h"
#include "coalesce/rxtree.h"

#define CORE_RUN 4u
#define MIN_RUN 2u
#define GAP_CHARS 8u /* a longer repeat is a gap (see above) */
#define MAX_BOUND 256u /* larger counted repeats are opened */

typedef struct rw {
	char *out;
	size_t n, cap;
	bool ok;      /* false: no expression (out of memory, or an empty class) */
	bool nomem;
	bool ci;      /* the expression is compiled caselessly */
	unsigned run; /* white space repeats bounded at this (0: unbounded) */
} rw;

static void put(rw *w, const char *s, size_t n)
{
	if (!w->ok)
		return;
	if (w->n + n + 1 > w->cap) {
		size_t cap = (w->cap + n + 1) * 2;
		char *p = realloc(w->out, cap);
		if (!p) {
			w->ok = false;
			w->nomem = true;
			return;
		}
		w->out = p;
		w->cap = cap;
	}
	memcpy(w->out + w->n, s, n);
	w->n += n;
	w->out[w->n] = '\0';
}

static void puts_(rw *w, const char *s)
{
	put(w, s, strlen(s));
}

static void put_byte(rw *w, unsigned c)
{
	char b[8];

	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		snprintf(b, sizeof(b), "%c", (char)c);
	else
		snprintf(b, sizeof(b), "\\x%02x", c & 0xffu);
	puts_(w, b);
}

/* {min,max} (max UINT32_MAX: none) as the shortest quantifier. */
static void put_count(rw *w, uint32_t min, uint32_t max)
{
	char b[48];

	if (max != UINT32_MAX && max > MAX_BOUND)
		max = UINT32_MAX;
	if (max == UINT32_MAX)
		snprintf(b, sizeof(b), min == 0 ? "*" : min == 1 ? "+" : "{%u,}", (unsigned)min);
	else if (min == max && min == 1)
		return;
	else if (min == max)
		snprintf(b, sizeof(b), "{%u}", (unsigned)min);
	else
		snprintf(b, sizeof(b), min == 0 && max == 1 ? "?" : "{%u,%u}", (unsigned)min,
			 (unsigned)max);
	puts_(w, b);
}

/* Characters without a case partner, kept exact when caseless: Latin-1
 * punctuation and symbols, general punctuation (quotes, dashes), currency,
 * arrows and technical symbols, box drawing, shapes and dingbats. */
static bool caseless_inert(uint32_t c)
{
	return (c >= 0xa0 && c <= 0xbf && c != 0xb5) || c == 0xd7 || c == 0xf7 ||
	       (c >= 0x2000 && c <= 0x206f) || (c >= 0x20a0 && c <= 0x20cf) ||
	       (c >= 0x2190 && c <= 0x23ff) || (c >= 0x2500 && c <= 0x27bf);
}

static bool set_empty(const cz_rx_set *s)
{
	return !s->non_ascii && !(s->ascii[0] | s->ascii[1] | s->ascii[2] | s->ascii[3]);
}

/* Whether every member of s is white space (one character per match). */
static bool space_set(const cz_rx_set *s)
{
	static const cz_rx_set ws = { { 0x3e00u, 1u, 0, 0 }, false, false }; /* \t-\r, ' ' */

	for (int k = 0; k < 4; k++)
		if (s->ascii[k] & ~ws.ascii[k])
			return false;
	return (!s->non_ascii || s->space_only) && !set_empty(s);
}

/* How a single-character node is emitted. */
typedef enum width {
	W_BYTE,  /* one byte (ASCII), or an exact UTF-8 sequence */
	W_SPACE, /* one white space character (an alternation) */
	W_WIDE   /* one to four bytes of a byte class */
} width;

static width width_of(const cz_rx *rx)
{
	if (rx->kind == CZ_RX_CLASS)
		return space_set(&rx->set) ? W_SPACE : rx->set.non_ascii ? W_WIDE : W_BYTE;
	if (rx->kind == CZ_RX_CHAR && rx->c >= 0x80 && rx->caseless && !caseless_inert(rx->c))
		return W_WIDE;
	return W_BYTE;
}

/* A set's ASCII members as a bracket expression body. */
static void put_members(rw *w, const cz_rx_set *s)
{
	for (unsigned c = 0; c < 128; c++) {
		unsigned e = c;
		if (!cz_rx_set_has(s, (unsigned char)c))
			continue;
		while (e + 1 < 128 && cz_rx_set_has(s, (unsigned char)(e + 1)))
			e++;
		put_byte(w, c);
		if (e > c) {
			puts_(w, "-");
			put_byte(w, e);
		}
		c = e;
	}
}

/* One character of a set, without its count. */
static void put_set(rw *w, const cz_rx_set *s, bool caseless)
{
	if (set_empty(s)) {
		w->ok = false; /* matches nothing: not worth a prefilter */
		return;
	}
	if (w->ci && !caseless)
		puts_(w, "(?-i:");
	puts_(w, "[");
	put_members(w, s);
	if (s->non_ascii)
		puts_(w, "\\x80-\\xff");
	puts_(w, "]");
	if (w->ci && !caseless)
		puts_(w, ")");
}

/* One literal character, without its count. */
static void put_char(rw *w, const cz_rx *rx)
{
	uint32_t c = rx->c;
	unsigned char u[4];
	size_t n;

	if (c < 128) {
		bool letter = (c | 32) >= 'a' && (c | 32) <= 'z';
		bool ks = letter && ((c | 32) == 'k' || (c | 32) == 's');
		if (!letter || (rx->caseless == w->ci && !(ks && rx->caseless))) {
			put_byte(w, c);
		} else if (rx->caseless) {
			puts_(w, w->ci ? "(?:" : "(?:[");
			put_byte(w, c | 32);
			if (!w->ci)
				put_byte(w, c & ~32u);
			puts_(w, w->ci ? "" : "]");
			puts_(w, !ks ? ")" : (c | 32) == 'k' ? "|\\xe2\\x84\\xaa)" : "|\\xc5\\xbf)");
		} else {
			puts_(w, "(?-i:");
			put_byte(w, c);
			puts_(w, ")");
		}
		return;
	}
	if (width_of(rx) == W_WIDE) {
		puts_(w, "[\\x80-\\xff]");
		return;
	}
	n = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	for (size_t k = n; k-- > 1;) {
		u[k] = (unsigned char)(0x80 | (c & 0x3f));
		c >>= 6;
	}
	u[0] = (unsigned char)((n == 2 ? 0xc0 : n == 3 ? 0xe0 : 0xf0) | c);
	puts_(w, "(?:");
	for (size_t k = 0; k < n; k++)
		put_byte(w, u[k]);
	puts_(w, ")");
}

/* A single-character node repeated min..max times (characters). */
static void put_chars(rw *w, const cz_rx *rx, uint32_t min, uint32_t max)
{
	width wd = width_of(rx);

	if (rx->kind == CZ_RX_CLASS)
		put_set(w, &rx->set, rx->caseless);
	else
		put_char(w, rx);
	if (wd == W_SPACE && w->run) { /* no longer run exists (cz_pfscan_run) */
		uint32_t hi = max == UINT32_MAX || max > w->run / 4 ? w->run : 4 * max;
		put_count(w, min, hi < min ? min : hi);
		return;
	}
	if (wd != W_BYTE) /* one to four bytes a character; a short bound stays */
		max = max != UINT32_MAX && max <= CZ_PF_SPACE_RUN / 4 ? 4 * max : UINT32_MAX;
	put_count(w, min, max);
}

/* An alternation, each alternative written by each(). */
static void put_alt(rw *w, const cz_rx *rx, void (*each)(rw *, const cz_rx *))
{
	puts_(w, "(?:");
	for (size_t k = 0; k < rx->n; k++) {
		if (k)
			puts_(w, "|");
		each(w, rx->kids[k]);
	}
	puts_(w, ")");
}

/* The superset of rx, whole. */
static void put_rx(rw *w, const cz_rx *rx)
{
	switch (rx->kind) {
	case CZ_RX_EMPTY:
	case CZ_RX_ASSERT:
		return;
	case CZ_RX_CHAR:
	case CZ_RX_CLASS:
		put_chars(w, rx, 1, 1);
		return;
	case CZ_RX_GROUP:
		puts_(w, "(?:");
		put_rx(w, rx->kids[0]);
		puts_(w, ")");
		return;
	case CZ_RX_CAT:
		for (size_t k = 0; k < rx->n; k++)
			put_rx(w, rx->kids[k]);
		return;
	case CZ_RX_ALT:
		put_alt(w, rx, put_rx);
		return;
	case CZ_RX_REPEAT: {
		const cz_rx *kid = rx->kids[0];
		if (rx->max == 0)
			return;
		if (kid->kind == CZ_RX_CHAR || kid->kind == CZ_RX_CLASS) {
			put_chars(w, kid, rx->min, rx->max);
			return;
		}
		puts_(w, "(?:");
		put_rx(w, kid);
		puts_(w, ")");
		put_count(w, rx->min, rx->max);
		return;
	}
	}
}

/* The longest run of literal characters every match of rx contains. */
static unsigned strength(const cz_rx *rx)
{
	unsigned best = 0, run = 0, s;

	switch (rx->kind) {
	case CZ_RX_CHAR:
		return 1;
	case CZ_RX_GROUP:
		return strength(rx->kids[0]);
	case CZ_RX_REPEAT:
		return rx->min ? strength(rx->kids[0]) : 0;
	case CZ_RX_ALT:
		best = UINT_MAX;
		for (size_t k = 0; k < rx->n; k++)
			if ((s = strength(rx->kids[k])) < best)
				best = s;
		return best;
	case CZ_RX_CAT:
		for (size_t k = 0; k < rx->n; k++) {
			const cz_rx *kid = rx->kids[k];
			if (kid->kind == CZ_RX_ASSERT)
				continue;
			if (kid->kind == CZ_RX_CHAR) {
				if (++run > best)
					best = run;
				continue;
			}
			run = 0;
			if ((s = strength(kid)) > best)
				best = s;
		}
		return best;
	default:
		return 0;
	}
}

/* Whether rx holds a gap: a repeat, not only of white space, that is
 * unbounded or longer than GAP_CHARS characters. */
static bool gappy(const cz_rx *rx)
{
	switch (rx->kind) {
	case CZ_RX_REPEAT:
		if (rx->kids[0]->kind == CZ_RX_CLASS && space_set(&rx->kids[0]->set))
			return false;
		if (rx->max == CZ_RX_INF || rx->max > GAP_CHARS)
			return true;
		return gappy(rx->kids[0]);
	case CZ_RX_GROUP:
	case CZ_RX_CAT:
	case CZ_RX_ALT:
		for (size_t k = 0; k < rx->n; k++)
			if (gappy(rx->kids[k]))
				return true;
		return false;
	default:
		return false;
	}
}

/* The core of rx (see above). */
static void put_core(rw *w, const cz_rx *rx)
{
	const cz_rx *item[256];
	unsigned r[256], top = 0;
	size_t n = 0, a, b;

	if (rx->kind == CZ_RX_GROUP) {
		put_core(w, rx->kids[0]);
		return;
	}
	if (rx->kind == CZ_RX_ALT) {
		put_alt(w, rx, put_core);
		return;
	}
	if (rx->kind != CZ_RX_CAT || rx->n > 256) {
		put_rx(w, rx);
		return;
	}
	for (size_t k = 0; k < rx->n; k++)
		if (rx->kids[k]->kind != CZ_RX_ASSERT)
			item[n++] = rx->kids[k];
	/* each item's strength; a literal counts with its run */
	for (size_t k = 0; k < n;) {
		size_t e = k;
		if (item[k]->kind != CZ_RX_CHAR) {
			r[k] = strength(item[k]);
			top = r[k] > top ? r[k] : top;
			k++;
			continue;
		}
		while (e < n && item[e]->kind == CZ_RX_CHAR)
			e++;
		for (size_t j = k; j < e; j++)
			r[j] = (unsigned)(e - k);
		top = (unsigned)(e - k) > top ? (unsigned)(e - k) : top;
		k = e;
	}
	a = 0;
	b = n;
	if (top >= CORE_RUN) {
		size_t strong = 0;
		while (r[strong] < CORE_RUN)
			strong++;
		a = strong;
		while (a > 0 && !gappy(item[a - 1]))
			a--;
		while (r[a] == 0) /* no literal: nothing to anchor on */
			a++;
	} else {
		while (a < b && cz_rx_nullable(item[a]))
			a++;
	}
	while (b > a && cz_rx_nullable(item[b - 1]))
		b--;
	if (b - a == 1) {
		put_core(w, item[a]);
		return;
	}
	for (size_t k = a; k < b; k++)
		put_rx(w, item[k]);
}

/* The expression of rx with white space runs bounded at run (0: none);
 * *out NULL when there is none. */
static cz_rc emit(const cz_rx *rx, bool caseless, unsigned run, char **out, cz_err *err)
{
	rw w = { NULL, 0, 0, true, false, caseless, run };

	*out = NULL;
	puts_(&w, "");
	put_core(&w, rx);
	if (w.nomem) {
		free(w.out);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	if (!w.ok || !w.out || !*w.out) {
		free(w.out);
		return CZ_OK;
	}
	*out = w.out;
	return CZ_OK;
}

cz_rc cz_pfexpr_derive(cz_pfexpr *out, const char *pattern, bool caseless, cz_err *err)
{
	cz_rx *rx = NULL;
	cz_rc rc = cz_rx_parse(&rx, pattern, caseless, err);

	memset(out, 0, sizeof(*out));
	out->weak = true;
	if (rc == CZ_EDATA)
		return CZ_OK;
	if (rc)
		return rc;
	out->weak = strength(rx) < MIN_RUN;
	rc = emit(rx, caseless, CZ_PF_SPACE_RUN, &out->fast, err);
	if (!rc)
		rc = emit(rx, caseless, 0, &out->safe, err);
	cz_rx_free(rx);
	if (rc || !out->fast || !out->safe)
		cz_pfexpr_release(out); /* both or neither */
	return rc;
}

void cz_pfexpr_release(cz_pfexpr *e)
{
	free(e->fast);
	free(e->safe);
	e->fast = e->safe = NULL;
}

/* A byte that may belong to white space (any byte of a non-ASCII
 * character covers every Unicode space). */
static bool space_byte(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c >= 0x80;
}

/* A run longer than max covers one of every max + 1 consecutive offsets:
 * only those are looked at, and a run is measured around a hit. */
bool cz_pfexpr_long_space_run(const char *text, size_t from, size_t to)
{
	const unsigned char *t = (const unsigned char *)text;
	const size_t max = CZ_PF_SPACE_RUN;

	for (size_t i = from + max; i < to;) {
		size_t a = i, b = i + 1;
		if (!space_byte(t[i])) {
			i += max + 1;
			continue;
		}
		while (a > from && space_byte(t[a - 1]))
			a--;
		while (b < to && space_byte(t[b]))
			b++;
		if (b - a > max)
			return true;
		i = b + 1 + max; /* the next run starts after b */
	}
	return false;
}

/*
 * rxset.c - the character sets of rxtree.h: what a class, a class escape
 * or a POSIX class may match under PCRE2's UTF and UCP modes, reduced to
 * its ASCII members and whether a non-ASCII character may match (and
 * whether those are all white space). Caseless folding is done on the set
 * as members are added; k and s also fold to KELVIN SIGN and LONG S.
 */
#include <string.h>

#include "coalesce/rxtree.h"

bool cz_rx_set_has(const cz_rx_set *set, unsigned char c)
{
	return c < 128 && (set->ascii[c >> 5] & (1u << (c & 31))) != 0;
}

/* Any non-ASCII character may be a member. */
void cz_rx_set_any_non_ascii(cz_rx_set *s)
{
	s->non_ascii = true;
	s->space_only = false;
}

void cz_rx_set_add(cz_rx_set *s, uint32_t c)
{
	if (c < 128)
		s->ascii[c >> 5] |= 1u << (c & 31);
	else
		cz_rx_set_any_non_ascii(s);
}

void cz_rx_set_add_range(cz_rx_set *s, uint32_t lo, uint32_t hi)
{
	for (uint32_t c = lo; c <= hi && c < 128; c++)
		cz_rx_set_add(s, c);
	if (hi >= 128)
		cz_rx_set_any_non_ascii(s);
}

/* Add the other case of every ASCII letter in s; k and s also fold to a
 * non-ASCII character (KELVIN SIGN, LONG S). */
void cz_rx_set_fold(cz_rx_set *s)
{
	for (uint32_t c = 'A'; c <= 'Z'; c++) {
		bool up = cz_rx_set_has(s, (unsigned char)c);
		bool low = cz_rx_set_has(s, (unsigned char)(c + 32));
		if (up || low) {
			cz_rx_set_add(s, c);
			cz_rx_set_add(s, c + 32);
			if (c == 'K' || c == 'S')
				cz_rx_set_any_non_ascii(s);
		}
	}
}

void cz_rx_set_invert(cz_rx_set *s)
{
	for (int k = 0; k < 4; k++)
		s->ascii[k] = ~s->ascii[k];
	cz_rx_set_any_non_ascii(s);
}

void cz_rx_set_union(cz_rx_set *s, const cz_rx_set *o)
{
	for (int k = 0; k < 4; k++)
		s->ascii[k] |= o->ascii[k];
	if (o->non_ascii) {
		s->space_only = (!s->non_ascii || s->space_only) && o->space_only;
		s->non_ascii = true;
	}
}

/* The set of a class escape letter (d w s h v, upper case negated) under
 * UCP, where each also matches non-ASCII characters; false if e is not one. */
bool cz_rx_set_escape(char e, cz_rx_set *out)
{
	bool neg = e >= 'A' && e <= 'Z';

	memset(out, 0, sizeof(*out));
	switch (neg ? e + 32 : e) {
	case 'd': cz_rx_set_add_range(out, '0', '9'); break;
	case 'w':
		cz_rx_set_add_range(out, '0', '9');
		cz_rx_set_add_range(out, 'A', 'Z');
		cz_rx_set_add_range(out, 'a', 'z');
		cz_rx_set_add(out, '_');
		break;
	case 's': cz_rx_set_add_range(out, '\t', '\r'); cz_rx_set_add(out, ' '); break;
	case 'h': cz_rx_set_add(out, '\t'); cz_rx_set_add(out, ' '); break;
	case 'v': cz_rx_set_add_range(out, '\n', '\r'); break;
	default: return false;
	}
	out->non_ascii = true;
	out->space_only = e == 's' || e == 'h' || e == 'v';
	if (neg)
		cz_rx_set_invert(out);
	return true;
}

/* [:name:] under UCP: the ASCII members, and non-ASCII ones too except
 * for [:ascii:]. */
bool cz_rx_set_posix(const char *name, size_t len, cz_rx_set *out)
{
	static const char *const names[] = { "alpha", "digit", "alnum", "space", "upper",
					     "lower", "word", "punct", "graph", "print",
					     "cntrl", "xdigit", "blank", "ascii" };
	size_t which = sizeof(names) / sizeof(names[0]);

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strlen(names[k]) == len && !memcmp(names[k], name, len))
			which = k;
	memset(out, 0, sizeof(*out));
	for (uint32_t c = 0; c < 128; c++) {
		bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
		bool dig = c >= '0' && c <= '9', sp = (c >= '\t' && c <= '\r') || c == ' ';
		bool graph = c > ' ' && c < 127;
		bool in;
		switch (which) {
		case 0: in = up || low; break;
		case 1: in = dig; break;
		case 2: in = up || low || dig; break;
		case 3: in = sp; break;
		case 4: in = up; break;
		case 5: in = low; break;
		case 6: in = up || low || dig || c == '_'; break;
		case 7: in = graph && !up && !low && !dig; break;
		case 8: in = graph; break;
		case 9: in = graph || c == ' '; break;
		case 10: in = c < ' ' || c == 127; break;
		case 11: in = dig || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); break;
		case 12: in = c == ' ' || c == '\t'; break;
		case 13: in = true; break;
		default: return false;
		}
		if (in)
			cz_rx_set_add(out, c);
	}
	out->non_ascii = which != 13;
	out->space_only = which == 3 || which == 12;
	return true;
}

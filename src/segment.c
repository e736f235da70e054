/*
 * segment.c - cutting a note body into lines, items, paragraphs,
 * sentences and sections (see segment.h for what each unit is).
 *
 * One pass over the lines classifies each (blank, comment, fence, heading,
 * list item, speaker turn, table row, continuation) and opens or extends
 * items; a second pass per item finds sentences. Everything is arrays of
 * spans into the original text; nothing is copied but `flat`.
 *
 * Speaker labels themselves are recognised in speaker.c; whether a single
 * capitalised word is a name is judged here (plausible_speaker), since it
 * needs the whole note.
 */
#include <assert.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce/segment.h"
#include "coalesce/speaker.h"

/* --- UTF-8 ---------------------------------------------------------------- */

size_t cz_utf8_cut(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = n, back = 0;

	/* Step back over continuation bytes to the lead byte at or before n. */
	while (i > 0 && back < 4 && (p[i - 1] & 0xC0) == 0x80) {
		i--;
		back++;
	}
	if (i > 0 && p[i - 1] >= 0xC0) {
		unsigned c = p[i - 1];
		size_t need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
		if (back < need)
			return i - 1;
	}
	return n;
}

size_t cz_utf8_back(const char *s, size_t off, size_t floor, size_t chars)
{
	const unsigned char *p = (const unsigned char *)s;

	while (off > floor && chars > 0) {
		off--;
		while (off > floor && (p[off] & 0xC0) == 0x80)
			off--;
		chars--;
	}
	return off;
}

size_t cz_utf8_fwd(const char *s, size_t off, size_t ceil, size_t chars)
{
	const unsigned char *p = (const unsigned char *)s;

	while (off < ceil && chars > 0) {
		off++;
		while (off < ceil && (p[off] & 0xC0) == 0x80)
			off++;
		chars--;
	}
	return off;
}

/* --- building -------------------------------------------------------------- */

#define GROW(arr, n, cap, err)                                                       \
	((n) < (cap) ? CZ_OK : grow((void **)&(arr), &(cap), sizeof(*(arr)), (err)))

static cz_rc grow(void **arr, size_t *cap, size_t size, cz_err *err)
{
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, nc * size);

	if (!p)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	*arr = p;
	*cap = nc;
	return CZ_OK;
}

#define NAME_CACHE 128

/* The characters that can end a sentence. */
static const char stop_chars[] = { '.', '!', '?' };
#define N_STOPS sizeof(stop_chars)

typedef struct builder {
	cz_seg *seg;
	size_t cap_lines, cap_paras, cap_items, cap_sents, cap_sections, cap_ignores;
	bool in_para, in_item;
	/* next offset of each stop character in flat (len: none; SIZE_MAX: not
	 * looked for yet); items come in text order, so each memchr result
	 * serves until the scan passes it */
	size_t stop_at[N_STOPS];
	/* single-word speaker labels already judged (see plausible_speaker) */
	struct { size_t off, len; bool yes; } judged[NAME_CACHE];
	size_t n_judged;
	cz_err *err;
} builder;

static size_t skip_spaces(const char *s, size_t i, size_t end)
{
	while (i < end && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static bool blank_line(const char *s, size_t a, size_t b)
{
	return skip_spaces(s, a, b) >= b || (b - skip_spaces(s, a, b) == 1 && s[b - 1] == '\r');
}

/* Heading level (1..6 for '#', 7 for a bold-only line), 0 if none. */
static int heading(const char *s, size_t a, size_t b, size_t *title, size_t *title_len)
{
	size_t i = a, n = 0, e = b;

	while (i < b && i - a < 3 && s[i] == ' ')
		i++;
	while (i < b && s[i] == '#' && n < 7) {
		i++;
		n++;
	}
	if (n >= 1 && n <= 6 && (i == b || s[i] == ' ' || s[i] == '\t')) {
		i = skip_spaces(s, i, b);
		while (e > i && (s[e - 1] == ' ' || s[e - 1] == '#' || s[e - 1] == '\r'))
			e--;
		/* "## **Decisions**": the markers are not part of the title */
		if (e - i > 4 && s[i] == '*' && s[i + 1] == '*' && s[e - 1] == '*' && s[e - 2] == '*') {
			i += 2;
			e -= 2;
		}
		*title = i;
		*title_len = e - i;
		return (int)n;
	}
	i = skip_spaces(s, a, b);
	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\r'))
		e--;
	if (e - i > 4 && ((s[i] == '*' && s[i + 1] == '*') || (s[i] == '_' && s[i + 1] == '_'))) {
		char m = s[i];
		size_t ti = i + 2, te = e;
		if (te > ti && s[te - 1] == ':')
			te--;
		if (te - ti < 3 || s[te - 1] != m || s[te - 2] != m)
			return 0;
		te -= 2;
		for (size_t k = ti; k < te; k++)
			if (s[k] == m)
				return 0;
		if (te > ti && s[te - 1] == ':')
			te--;
		*title = ti;
		*title_len = te - ti;
		return te > ti ? 7 : 0;
	}
	return 0;
}

/* Length of a list marker ("- ", "12. ") after indentation, 0 if none. */
static size_t list_marker(const char *s, size_t a, size_t b)
{
	size_t i = skip_spaces(s, a, b), d = 0;

	if (i + 1 < b && (s[i] == '-' || s[i] == '*' || s[i] == '+') &&
	    (s[i + 1] == ' ' || s[i + 1] == '\t')) {
		/* "---" and "* * *" are rules, not items */
		return skip_spaces(s, i + 1, b) - a;
	}
	while (i + d < b && d < 4 && s[i + d] >= '0' && s[i + d] <= '9')
		d++;
	if (d && i + d + 1 < b && (s[i + d] == '.' || s[i + d] == ')') && s[i + d + 1] == ' ')
		return skip_spaces(s, i + d + 1, b) - a;
	return 0;
}

static cz_rc open_item(builder *bd, size_t start, size_t end, cz_item_kind kind)
{
	cz_seg *seg = bd->seg;
	cz_rc rc;

	if (!bd->in_para) {
		rc = GROW(seg->paras, seg->n_paras, bd->cap_paras, bd->err);
		if (rc)
			return rc;
		seg->paras[seg->n_paras].start = start;
		seg->paras[seg->n_paras].end = end;
		seg->n_paras++;
		bd->in_para = true;
	}
	rc = GROW(seg->items, seg->n_items, bd->cap_items, bd->err);
	if (rc)
		return rc;
	memset(&seg->items[seg->n_items], 0, sizeof(cz_item));
	seg->items[seg->n_items].start = start;
	seg->items[seg->n_items].end = end;
	seg->items[seg->n_items].kind = kind;
	seg->items[seg->n_items].para = seg->n_paras - 1;
	seg->items[seg->n_items].section = seg->n_sections ? seg->n_sections - 1 : 0;
	seg->n_items++;
	seg->paras[seg->n_paras - 1].end = end;
	bd->in_item = true;
	return CZ_OK;
}

static void close_block(builder *bd)
{
	bd->in_para = false;
	bd->in_item = false;
}

static cz_rc open_section(builder *bd, size_t start, int level, size_t title, size_t tlen)
{
	cz_seg *seg = bd->seg;
	cz_rc rc = GROW(seg->sections, seg->n_sections, bd->cap_sections, bd->err);
	long parent = -1;

	if (rc)
		return rc;
	if (seg->n_sections)
		seg->sections[seg->n_sections - 1].end = start;
	for (long k = (long)seg->n_sections - 1; k >= 0; k--)
		if (seg->sections[k].level < level) {
			parent = k;
			break;
		}
	seg->sections[seg->n_sections].start = start;
	seg->sections[seg->n_sections].end = seg->len;
	seg->sections[seg->n_sections].level = level;
	seg->sections[seg->n_sections].title = title;
	seg->sections[seg->n_sections].title_len = tlen;
	seg->sections[seg->n_sections].parent = parent;
	seg->n_sections++;
	return CZ_OK;
}

/* An ignore directive: "<!-- coalesce: ignore ID ID -->". */
static cz_rc comment_line(builder *bd, size_t a, size_t b, size_t lineno)
{
	static const char tag[] = "coalesce:";
	const char *s = bd->seg->text;
	size_t i = skip_spaces(s, a + 4, b), e = b;
	cz_rc rc;

	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\r'))
		e--;
	if (e < i + 3 || strncmp(s + e - 3, "-->", 3))
		return CZ_OK;
	e -= 3;
	if (e - i < sizeof(tag) - 1 || strncmp(s + i, tag, sizeof(tag) - 1))
		return CZ_OK;
	i = skip_spaces(s, i + sizeof(tag) - 1, e);
	if (e - i < 7 || strncmp(s + i, "ignore ", 7))
		return CZ_OK;
	rc = GROW(bd->seg->ignores, bd->seg->n_ignores, bd->cap_ignores, bd->err);
	if (rc)
		return rc;
	bd->seg->ignores[bd->seg->n_ignores].line = lineno + 1;
	bd->seg->ignores[bd->seg->n_ignores].ids = i + 7;
	bd->seg->ignores[bd->seg->n_ignores].ids_len = e - (i + 7);
	bd->seg->n_ignores++;
	return CZ_OK;
}

/* The longest word in abbr[] below. */
#define ABBR_MAX 6

static bool abbreviation(const char *s, size_t start, size_t dot)
{
	static const char *const abbr[] = { /* lowercase: see cz_word_is() */
		"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "approx", "incl", "cf",
		"no", "st", "fig", "eg", "ie", "inc", "ltd", "jr", "sr", "est", "dept", "min",
		"max", "ca", "al",
	};
	size_t w = dot;
	char first;

	/* A word longer than any abbreviation ends the look back early. */
	while (w > start && dot - w <= ABBR_MAX &&
	       (isalpha((unsigned char)s[w - 1]) || s[w - 1] == '.'))
		w--;
	if (dot - w > ABBR_MAX)
		return false;
	if (dot - w == 1 && isupper((unsigned char)s[w])) /* an initial: "J. Smith" */
		return true;
	/* s[w] is a letter or '.' (or the dot itself): | 0x20 folds it. Every
	 * '.' before a capital asks, so the first letter filters the list. */
	first = (char)(s[w] | 0x20);
	for (size_t i = 0; i < sizeof(abbr) / sizeof(abbr[0]); i++)
		if (abbr[i][0] == first && cz_word_is(s + w, dot - w, abbr[i]))
			return true;
	return false;
}

/* Whole-word occurrences of w in text[a..b), counting at most `max`. */
static size_t word_count(const char *text, size_t a, size_t b, const char *w, size_t n,
			 size_t max)
{
	size_t count = 0;

	while (a + n <= b && count < max) {
		const char *p = memchr(text + a, w[0], b - a - n + 1);
		size_t at;
		if (!p)
			break;
		at = (size_t)(p - text);
		if (memcmp(p, w, n)) {
			a = at + 1;
			continue;
		}
		if ((at == 0 || !cz_name_char((unsigned char)text[at - 1])) &&
		    (at + n >= b || !cz_name_char((unsigned char)text[at + n])))
			count++;
		a = at + n;
	}
	return count;
}

/*
 * "Roz: ..." is a turn, "Target: June" is a label, and both look the same.
 * A single capitalised word (not initials, not bold, no "(Team)") counts
 * as a speaker only when the word appears again in the note (front matter
 * included: attendee lists), as a name does ("Roz said...", a second turn). Judgements are cached per word; past
 * the cache, unseen words are not speakers (bounded work on huge notes).
 */
static bool plausible_speaker(builder *bd, size_t off, size_t len)
{
	const cz_seg *seg = bd->seg;
	const char *w = seg->text + off;
	bool upper = true;

	for (size_t i = 0; i < len; i++)
		if (w[i] == ' ' || w[i] == '(')
			return true;
		else if (w[i] >= 'a' && w[i] <= 'z')
			upper = false;
	if (upper)
		return true; /* initials */
	for (size_t i = 0; i < bd->n_judged; i++)
		if (bd->judged[i].len == len && !memcmp(seg->text + bd->judged[i].off, w, len))
			return bd->judged[i].yes;
	if (bd->n_judged == NAME_CACHE)
		return false;
	bd->judged[bd->n_judged].off = off;
	bd->judged[bd->n_judged].len = len;
	bd->judged[bd->n_judged].yes = word_count(seg->text, 0, seg->len, w, len, 2) >= 2;
	return bd->judged[bd->n_judged++].yes;
}

static cz_rc add_sentence(builder *bd, size_t a, size_t b, size_t item)
{
	cz_seg *seg = bd->seg;
	cz_rc rc;

	while (b > a && isspace((unsigned char)seg->text[b - 1]))
		b--;
	if (b <= a)
		return CZ_OK;
	rc = GROW(seg->sents, seg->n_sents, bd->cap_sents, bd->err);
	if (rc)
		return rc;
	seg->sents[seg->n_sents].start = a;
	seg->sents[seg->n_sents].end = b;
	seg->sents[seg->n_sents].item = item;
	seg->sents[seg->n_sents].speaker = 0;
	seg->sents[seg->n_sents].speaker_len = 0;
	if (a > seg->items[item].start) {
		size_t nm, nml, ll;
		if (cz_speaker_label(seg->text + a, b - a, &nm, &nml, &ll) &&
		    (nm > 0 || plausible_speaker(bd, a, nml))) {
			seg->sents[seg->n_sents].speaker = a + nm;
			seg->sents[seg->n_sents].speaker_len = nml;
		}
	}
	seg->n_sents++;
	return CZ_OK;
}

/*
 * The first stop character at or after `from` in flat, seg->len if none.
 * memchr per character rather than a byte loop: most of a note is words,
 * and this ran at a quarter of the cost of segmenting.
 */
static size_t next_stop(builder *bd, size_t from)
{
	const cz_seg *seg = bd->seg;
	size_t best = seg->len;

	for (size_t k = 0; k < N_STOPS; k++) {
		if (bd->stop_at[k] == SIZE_MAX || bd->stop_at[k] < from) {
			const char *p = from < seg->len
					? memchr(seg->flat + from, stop_chars[k], seg->len - from)
					: NULL;
			bd->stop_at[k] = p ? (size_t)(p - seg->flat) : seg->len;
		}
		if (bd->stop_at[k] < best)
			best = bd->stop_at[k];
	}
	return best;
}

/* Sentences of one item: ends at [.!?] (+ closing quotes) before a space. */
static cz_rc sentences(builder *bd, size_t idx)
{
	const char *s = bd->seg->flat;
	const cz_item *it = &bd->seg->items[idx];
	size_t a = it->start, i = it->start, end = it->end;
	cz_rc rc = CZ_OK;

	if (it->kind == CZ_ITEM_HEADING || it->kind == CZ_ITEM_ROW)
		return add_sentence(bd, a, end, idx);
	while (!rc && i < end) {
		char ch;
		size_t j;
		i = next_stop(bd, i);
		if (i >= end)
			break;
		ch = s[i];
		j = i;
		while (j < end && (s[j] == '.' || s[j] == '!' || s[j] == '?'))
			j++;
		while (j < end && (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == ']' ||
				   s[j] == '*' || s[j] == '_'))
			j++;
		if (j + 2 < end && !strncmp(s + j, "\xE2\x80\x9D", 3)) /* closing ” */
			j += 3;
		if (j < end && s[j] != ' ' && s[j] != '\t' && s[j] != '\n') {
			i = j;
			continue;
		}
		{
			size_t k = skip_spaces(s, j, end);
			bool lower_next = k < end && s[k] >= 'a' && s[k] <= 'z';
			if (lower_next || (ch == '.' && j == i + 1 && abbreviation(s, a, i))) {
				i = j;
				continue;
			}
			rc = add_sentence(bd, a, j, idx);
			a = i = k;
		}
	}
	if (!rc && a < end)
		rc = add_sentence(bd, a, end, idx);
	return rc;
}

/*
 * "Decision: ...", "Next steps: ...", "ACTION: ..." at the start of a line
 * open a new item even inside a paragraph: minutes put one fact per label.
 */
static bool label_line(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || !cz_name_start((const unsigned char *)s))
		return false;
	while (i < n && i < 32 && (cz_name_char((unsigned char)s[i]) || s[i] == ' '))
		i++;
	return i < n && s[i] == ':' && (i + 1 == n || s[i + 1] == ' ');
}

static cz_rc classify(builder *bd, size_t a, size_t b, size_t lineno, bool *fence)
{
	cz_seg *seg = bd->seg;
	const char *s = seg->text;
	size_t i = skip_spaces(s, a, b), title, tlen, m, nm, nml, ll;
	int level;
	cz_rc rc;

	if (b - i >= 3 && (!strncmp(s + i, "```", 3) || !strncmp(s + i, "~~~", 3))) {
		*fence = !*fence;
		close_block(bd);
		return CZ_OK;
	}
	if (*fence || blank_line(s, a, b)) {
		close_block(bd);
		return CZ_OK;
	}
	if (b - i >= 4 && !strncmp(s + i, "<!--", 4)) {
		close_block(bd);
		return comment_line(bd, i, b, lineno);
	}
	level = heading(s, a, b, &title, &tlen);
	if (level) {
		close_block(bd);
		rc = open_section(bd, a, level, title, tlen);
		if (!rc)
			rc = open_item(bd, a, b, CZ_ITEM_HEADING);
		close_block(bd);
		return rc;
	}
	if (s[i] == '|') {
		rc = open_item(bd, a, b, CZ_ITEM_ROW);
		bd->in_item = false;
		return rc;
	}
	m = list_marker(s, a, b);
	if (m) {
		size_t off = a + m;
		rc = open_item(bd, a, b, CZ_ITEM_LIST);
		if (!rc && cz_speaker_label(s + off, b - off, &nm, &nml, &ll) &&
		    (nm > 0 || plausible_speaker(bd, off, nml))) {
			seg->items[seg->n_items - 1].speaker = off + nm;
			seg->items[seg->n_items - 1].speaker_len = nml;
		}
		return rc;
	}
	if (cz_speaker_label(s + i, b - i, &nm, &nml, &ll) &&
	    (nm > 0 || plausible_speaker(bd, i, nml))) {
		rc = open_item(bd, a, b, CZ_ITEM_TURN);
		if (!rc) {
			seg->items[seg->n_items - 1].speaker = i + nm;
			seg->items[seg->n_items - 1].speaker_len = nml;
		}
		return rc;
	}
	if (bd->in_item && !label_line(s + i, b - i)) {
		cz_item *it = &seg->items[seg->n_items - 1];
		seg->flat[it->end] = ' '; /* the line break inside the item */
		it->end = b;
		seg->paras[seg->n_paras - 1].end = b;
		return CZ_OK;
	}
	return open_item(bd, a, b, CZ_ITEM_PROSE);
}

cz_rc cz_seg_build(cz_seg *seg, const char *text, size_t len, size_t body, cz_err *err)
{
	builder bd;
	bool fence = false;
	size_t a = 0;
	cz_rc rc = CZ_OK;

	assert(cz_speaker_stoplist_sorted());
	memset(seg, 0, sizeof(*seg));
	memset(&bd, 0, sizeof(bd));
	bd.seg = seg;
	bd.err = err;
	for (size_t k = 0; k < N_STOPS; k++)
		bd.stop_at[k] = SIZE_MAX;
	seg->text = text;
	seg->len = len;
	seg->body = body > len ? len : body;
	seg->flat = malloc(len + 1);
	if (!seg->flat)
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	memcpy(seg->flat, text, len);
	seg->flat[len] = '\0';
	/* Text outside the body never matches: blank it in the matching copy. */
	for (size_t i = 0; i < seg->body; i++)
		if (seg->flat[i] != '\n')
			seg->flat[i] = ' ';
	rc = open_section(&bd, seg->body, 0, seg->body, 0);
	while (!rc && a <= len) {
		const char *nl = memchr(text + a, '\n', len - a);
		size_t b = nl ? (size_t)(nl - text) : len;

		if (!nl && a == len && len > 0)
			break; /* no empty last line after a final newline */
		rc = GROW(seg->lines, seg->n_lines, bd.cap_lines, err);
		if (rc)
			break;
		seg->lines[seg->n_lines].start = a;
		seg->lines[seg->n_lines].end = b;
		seg->n_lines++;
		if (a >= seg->body)
			rc = classify(&bd, a, b, seg->n_lines, &fence);
		if (!nl)
			break;
		a = b + 1;
	}
	for (size_t i = 0; !rc && i < seg->n_items; i++)
		rc = sentences(&bd, i);
	/* Fenced code and comments are not matched either. */
	if (!rc) {
		size_t prev = seg->body;
		for (size_t i = 0; i <= seg->n_items; i++) {
			size_t next = i < seg->n_items ? seg->items[i].start : len;
			for (size_t k = prev; k < next; k++)
				if (seg->flat[k] != '\n')
					seg->flat[k] = ' ';
			if (i < seg->n_items)
				prev = seg->items[i].end;
		}
	}
	if (rc)
		cz_seg_release(seg);
	return rc;
}

void cz_seg_release(cz_seg *seg)
{
	free(seg->flat);
	free(seg->lines);
	free(seg->paras);
	free(seg->items);
	free(seg->sents);
	free(seg->sections);
	free(seg->ignores);
	memset(seg, 0, sizeof(*seg));
}

static size_t line_index(const cz_seg *seg, size_t off)
{
	size_t lo = 0, hi = seg->n_lines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (seg->lines[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t cz_seg_line(const cz_seg *seg, size_t off)
{
	return seg->n_lines ? line_index(seg, off) + 1 : 1;
}

size_t cz_seg_col(const cz_seg *seg, size_t off)
{
	size_t col = 1;

	if (!seg->n_lines)
		return 1;
	for (size_t i = seg->lines[line_index(seg, off)].start; i < off && i < seg->len; i++)
		if (((unsigned char)seg->text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

long cz_seg_item_at(const cz_seg *seg, size_t off)
{
	size_t lo = 0, hi = seg->n_items;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (seg->items[mid].end < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < seg->n_items && seg->items[lo].start <= off && off <= seg->items[lo].end)
		return (long)lo;
	return -1;
}

bool cz_seg_ignored(const cz_seg *seg, size_t line, const char *id)
{
	size_t idlen = strlen(id);

	for (size_t i = 0; i < seg->n_ignores; i++) {
		const cz_ignore *ig = &seg->ignores[i];
		const char *p = seg->text + ig->ids, *e = p + ig->ids_len;
		if (ig->line != line)
			continue;
		while (p < e) {
			const char *w;
			while (p < e && (*p == ' ' || *p == ','))
				p++;
			w = p;
			while (p < e && *p != ' ' && *p != ',')
				p++;
			if ((size_t)(p - w) == idlen && !strncmp(w, id, idlen))
				return true;
		}
	}
	return false;
}

bool cz_seg_speaker_at(const cz_seg *seg, size_t off, size_t *start, size_t *len)
{
	long it = cz_seg_item_at(seg, off);
	size_t lo = 0, hi = seg->n_sents;

	if (it < 0)
		return false;
	if (seg->items[it].speaker_len) {
		*start = seg->items[it].speaker;
		*len = seg->items[it].speaker_len;
		return true;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (seg->sents[mid].end < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < seg->n_sents && seg->sents[lo].start <= off && seg->sents[lo].speaker_len) {
		*start = seg->sents[lo].speaker;
		*len = seg->sents[lo].speaker_len;
		return true;
	}
	return false;
}

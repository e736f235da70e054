/*
 * test_segment.c - cutting notes into lines, items, paragraphs, sentences
 * and sections; speaker labels; ignore comments; UTF-8 helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/segment.h"

static void build(cz_seg *seg, const char *text, size_t body)
{
	cz_err err = { CZ_OK, "" };

	assert_int_equal(cz_seg_build(seg, text, strlen(text), body, &err), CZ_OK);
}

/* The text of span [a, b) into buf. */
static const char *span(const cz_seg *seg, size_t a, size_t b, char *buf, size_t n)
{
	size_t len = b - a < n - 1 ? b - a : n - 1;

	memcpy(buf, seg->flat + a, len);
	buf[len] = '\0';
	return buf;
}

static void test_front_matter_skipped(void **state)
{
	const char *t = "---\ntitle: We decided.\n---\nHello world.\n";
	cz_seg seg;
	char b[64];

	(void)state;
	build(&seg, t, 27);
	assert_int_equal(seg.n_lines, 4);
	assert_int_equal(seg.n_items, 1);
	assert_string_equal(span(&seg, seg.items[0].start, seg.items[0].end, b, sizeof(b)),
			    "Hello world.");
	assert_int_equal(cz_seg_line(&seg, seg.items[0].start), 4);
	/* the front matter is blank in the matching copy */
	assert_null(strstr(seg.flat, "decided"));
	cz_seg_release(&seg);
}

static void test_items_and_paragraphs(void **state)
{
	const char *t =
		"Intro line one\n"
		"continues here.\n"
		"\n"
		"- first item\n"
		"  wraps on.\n"
		"- second item\n"
		"1. numbered\n"
		"Decision: ship it.\n"
		"\n"
		"| a | b |\n"
		"| c | d |\n";
	cz_seg seg;
	char b[64];

	(void)state;
	build(&seg, t, 0);
	assert_int_equal(seg.n_paras, 3);
	assert_int_equal(seg.n_items, 7);
	assert_string_equal(span(&seg, seg.items[0].start, seg.items[0].end, b, sizeof(b)),
			    "Intro line one continues here.");
	assert_int_equal(seg.items[1].kind, CZ_ITEM_LIST);
	assert_string_equal(span(&seg, seg.items[1].start, seg.items[1].end, b, sizeof(b)),
			    "- first item   wraps on.");
	assert_int_equal(seg.items[3].kind, CZ_ITEM_LIST);
	/* a label line starts its own item even inside a paragraph */
	assert_string_equal(span(&seg, seg.items[4].start, seg.items[4].end, b, sizeof(b)),
			    "Decision: ship it.");
	assert_int_equal(seg.items[4].speaker_len, 0);
	assert_int_equal(seg.items[4].para, 1);
	assert_int_equal(seg.items[5].kind, CZ_ITEM_ROW);
	assert_int_equal(seg.items[6].kind, CZ_ITEM_ROW);
	assert_int_equal(cz_seg_item_at(&seg, seg.items[1].start + 3), 1);
	assert_int_equal(cz_seg_item_at(&seg, strlen("Intro line one\ncontinues here.\n")), -1);
	cz_seg_release(&seg);
}

static void test_sentences(void **state)
{
	const char *t = "We agreed. Then we left! Did we? E.g. this stays, approx. five. "
			"Mr. Smith came at 3.5 pm. J. Doe said \"done.\" Next one\n";
	static const char *const want[] = {
		"We agreed.", "Then we left!", "Did we?", "E.g. this stays, approx. five.",
		"Mr. Smith came at 3.5 pm.", "J. Doe said \"done.\"", "Next one",
	};
	cz_seg seg;
	char b[96];

	(void)state;
	build(&seg, t, 0);
	assert_int_equal(seg.n_sents, 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(span(&seg, seg.sents[i].start, seg.sents[i].end, b, sizeof(b)),
				    want[i]);
	cz_seg_release(&seg);
}

static void test_sections(void **state)
{
	const char *t =
		"preamble\n"
		"# Title\n"
		"## Decisions\n"
		"- ship it\n"
		"### Billing\n"
		"- wave 2\n"
		"**Risks**\n"
		"- vendor\n"
		"## Notes #\n";
	cz_seg seg;
	char b[64];
	long it;

	(void)state;
	build(&seg, t, 0);
	assert_int_equal(seg.n_sections, 6);
	assert_int_equal(seg.sections[0].level, 0);
	assert_int_equal(seg.sections[2].level, 2);
	assert_string_equal(span(&seg, seg.sections[2].title,
				 seg.sections[2].title + seg.sections[2].title_len, b, sizeof(b)),
			    "Decisions");
	assert_int_equal(seg.sections[3].level, 3);
	assert_int_equal(seg.sections[3].parent, 2);
	assert_int_equal(seg.sections[2].parent, 1);
	assert_int_equal(seg.sections[1].parent, 0);
	assert_int_equal(seg.sections[4].level, 7);
	assert_string_equal(span(&seg, seg.sections[4].title,
				 seg.sections[4].title + seg.sections[4].title_len, b, sizeof(b)),
			    "Risks");
	assert_int_equal(seg.sections[4].parent, 3);
	assert_string_equal(span(&seg, seg.sections[5].title,
				 seg.sections[5].title + seg.sections[5].title_len, b, sizeof(b)),
			    "Notes");
	it = cz_seg_item_at(&seg, (size_t)(strstr(t, "wave 2") - t));
	assert_true(it >= 0);
	assert_int_equal(seg.items[it].section, 3);
	cz_seg_release(&seg);
}

static void speaker_is(const char *line, const char *want)
{
	size_t name, len, label;
	bool ok = cz_speaker_label(line, strlen(line), &name, &len, &label);

	if (!want) {
		if (ok)
			fail_msg("'%s': unexpected speaker '%.*s'", line, (int)len, line + name);
		return;
	}
	if (!ok)
		fail_msg("'%s': no speaker, expected '%s'", line, want);
	if (strlen(want) != len || strncmp(line + name, want, len))
		fail_msg("'%s': speaker '%.*s', expected '%s'", line, (int)len, line + name, want);
}

static void test_speakers(void **state)
{
	(void)state;
	speaker_is("RA: we can do it", "RA");
	speaker_is("Dana: fine by me", "Dana");
	speaker_is("Dana Kim: fine by me", "Dana Kim");
	speaker_is("Zoë: thanks", "Zoë");
	speaker_is("**Dana**: fine", "Dana");
	speaker_is("**Dana Kim:** fine", "Dana Kim");
	speaker_is("Dana (Finance): not this quarter", "Dana (Finance)");
	speaker_is("Outcome: fewer handoffs", NULL);
	speaker_is("ACTION: RA to send it", NULL);
	speaker_is("Next steps: talk to CS", NULL);
	speaker_is("**Decision:** ship it", NULL);
	speaker_is("Venue: lakeside", NULL);
	speaker_is("dana: lowercase is not a name", NULL);
	speaker_is("Dana:", NULL);
	speaker_is("Dana:no space", NULL);
	speaker_is("The meeting ran over: again", NULL);
}

/* The content-label list: its order, both ends, and names between entries. */
static void test_stop_labels(void **state)
{
	(void)state;
	assert_true(cz_speaker_stoplist_sorted());
	speaker_is("A: the first entry", NULL);
	speaker_is("Yesterday: the last entry", NULL);
	speaker_is("WHY NOW: two words, any case", NULL);
	speaker_is("Decisions (Finance): the words decide, not the team", NULL);
	speaker_is("Abby: sorts between two entries", "Abby");
	speaker_is("Zed: sorts after the last", "Zed");
	speaker_is("Aa: sorts before the second", "Aa");
	speaker_is("Dana (Decision): the team is not the name", "Dana (Decision)");
	assert_true(cz_word_is("E.G", 3, "e.g"));
	assert_false(cz_word_is("e.g", 2, "e.g"));
	assert_false(cz_word_is("e.gx", 4, "e.g"));
	assert_false(cz_word_is("e\0g", 3, "e.g"));
}

static void test_turns_in_notes(void **state)
{
	const char *t =
		"RA: first point for Kenji\n"
		"and its continuation.\n"
		"- Kenji: list turn\n"
		"**Oskar**: bold turn\n";
	cz_seg seg;
	char b[32];

	(void)state;
	build(&seg, t, 0);
	assert_int_equal(seg.n_items, 3);
	assert_int_equal(seg.items[0].kind, CZ_ITEM_TURN);
	assert_string_equal(span(&seg, seg.items[0].speaker,
				 seg.items[0].speaker + seg.items[0].speaker_len, b, sizeof(b)), "RA");
	assert_int_equal(seg.items[0].end, strlen("RA: first point for Kenji\nand its continuation."));
	assert_int_equal(seg.items[1].kind, CZ_ITEM_LIST);
	assert_string_equal(span(&seg, seg.items[1].speaker,
				 seg.items[1].speaker + seg.items[1].speaker_len, b, sizeof(b)),
			    "Kenji");
	assert_string_equal(span(&seg, seg.items[2].speaker,
				 seg.items[2].speaker + seg.items[2].speaker_len, b, sizeof(b)),
			    "Oskar");
	cz_seg_release(&seg);
}

static void test_single_word_labels(void **state)
{
	const char *t =
		"Target: June launch.\n"
		"Roz: what data, where?\n"
		"Kenji walked through it and Roz agreed.\n";
	cz_seg seg;
	char b[32];

	(void)state;
	build(&seg, t, 0);
	assert_int_equal(seg.n_items, 2); /* the third line continues Roz's turn */
	/* "Target" appears once: a label, not a person */
	assert_int_equal(seg.items[0].speaker_len, 0);
	assert_int_equal(seg.items[0].kind, CZ_ITEM_PROSE);
	/* a sentence opening with a name mid-item has that speaker */
	{
		const char *t2 = "Hollis asked. Gideon: \"only the good slides.\" Gideon left.\n";
		cz_seg s2;
		size_t sp, sl;
		build(&s2, t2, 0);
		assert_true(cz_seg_speaker_at(&s2, (size_t)(strstr(t2, "good") - t2), &sp, &sl));
		assert_int_equal(sl, 6);
		assert_memory_equal(t2 + sp, "Gideon", 6);
		assert_false(cz_seg_speaker_at(&s2, 1, &sp, &sl));
		cz_seg_release(&s2);
	}
	/* "Roz" appears again in the note: a speaker */
	assert_int_equal(seg.items[1].kind, CZ_ITEM_TURN);
	assert_string_equal(span(&seg, seg.items[1].speaker,
				 seg.items[1].speaker + seg.items[1].speaker_len, b, sizeof(b)), "Roz");
	cz_seg_release(&seg);
}

static void test_ignore_and_code(void **state)
{
	const char *t =
		"<!-- coalesce: ignore core.gossip, core.loyalty -->\n"
		"between us\n"
		"```\n"
		"we decided in code\n"
		"```\n"
		"<!-- an ordinary comment -->\n";
	cz_seg seg;

	(void)state;
	build(&seg, t, 0);
	assert_int_equal(seg.n_ignores, 1);
	assert_true(cz_seg_ignored(&seg, 2, "core.gossip"));
	assert_true(cz_seg_ignored(&seg, 2, "core.loyalty"));
	assert_false(cz_seg_ignored(&seg, 2, "core.gos"));
	assert_false(cz_seg_ignored(&seg, 3, "core.gossip"));
	assert_int_equal(seg.n_items, 1);
	assert_null(strstr(seg.flat, "decided"));
	assert_null(strstr(seg.flat, "coalesce"));
	cz_seg_release(&seg);
}

static void test_line_col(void **state)
{
	const char *t = "ab\nçé x\n";
	cz_seg seg;

	(void)state;
	build(&seg, t, 0);
	assert_int_equal(cz_seg_line(&seg, 0), 1);
	assert_int_equal(cz_seg_line(&seg, 3), 2);
	/* 'x' is the 4th character of line 2 (ç and é are two bytes each) */
	assert_int_equal(cz_seg_col(&seg, (size_t)(strchr(t, 'x') - t)), 4);
	cz_seg_release(&seg);
}

static void test_utf8_helpers(void **state)
{
	const char *s = "aé€😀"; /* 1 + 2 + 3 + 4 bytes */

	(void)state;
	assert_int_equal(cz_utf8_cut(s, 10), 10);
	assert_int_equal(cz_utf8_cut(s, 9), 6);
	assert_int_equal(cz_utf8_cut(s, 7), 6);
	assert_int_equal(cz_utf8_cut(s, 6), 6);
	assert_int_equal(cz_utf8_cut(s, 5), 3);
	assert_int_equal(cz_utf8_cut(s, 2), 1);
	assert_int_equal(cz_utf8_back(s, 10, 0, 1), 6);
	assert_int_equal(cz_utf8_back(s, 10, 0, 3), 1);
	assert_int_equal(cz_utf8_back(s, 10, 3, 9), 3);
	assert_int_equal(cz_utf8_fwd(s, 0, 10, 2), 3);
	assert_int_equal(cz_utf8_fwd(s, 3, 10, 9), 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter_skipped),
		cmocka_unit_test(test_items_and_paragraphs),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_speakers),
		cmocka_unit_test(test_stop_labels),
		cmocka_unit_test(test_turns_in_notes),
		cmocka_unit_test(test_single_word_labels),
		cmocka_unit_test(test_ignore_and_code),
		cmocka_unit_test(test_line_col),
		cmocka_unit_test(test_utf8_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_note.c - what a note says about itself: YAML front matter (and its
 * errors, with the right line), Logseq and Notion properties, the date
 * precedence (front matter > properties > file name > H1/H2 > mtime) and
 * the title precedence (front matter > H1 > file name).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "coalesce/buf.h"
#include "coalesce/note.h"
#include "testutil.h"

/* 2020-06-15 12:00 UTC: the same calendar day in every zone from -11 to +11. */
#define MTIME ((time_t)1592222400)

static void parse_ok(cz_note *n, const char *path, const char *text)
{
	cz_err e;

	cz_note_init(n);
	tu_err_poison(&e);
	if (cz_note_parse(n, path, text, strlen(text), MTIME, &e))
		fail_msg("parse failed: %s", e.msg);
	tu_assert_untouched(e);
}

static void parse_bad(const char *path, const char *text, const char *msg)
{
	cz_note n;
	cz_err e;

	cz_note_init(&n);
	assert_int_equal(cz_note_parse(&n, path, text, strlen(text), MTIME, &e), CZ_EDATA);
	if (strcmp(e.msg, msg))
		fail_msg("got '%s', want '%s'", e.msg, msg);
	cz_note_release(&n);
}

static void expect_date(const cz_note *n, const char *iso, cz_date_source src)
{
	char s[CZ_DATE_STR];

	cz_date_format(n->date, s);
	if (strcmp(s, iso) || n->date_source != src)
		fail_msg("got %s from %s, want %s from %s", s, cz_date_source_name(n->date_source),
			 iso, cz_date_source_name(src));
}

static void front_matter_fields(void **state)
{
	cz_note n;

	(void)state;
	parse_ok(&n, "notes/x.md",
		 "---\n"
		 "title: Billing steering\n"
		 "date: 2025-03-04\n"
		 "initiative: \"[[Billing Migration]]\"\n"
		 "initiatives: [ai-assistant, billing-migration]\n"
		 "tags: [weekly, '#initiative/onboarding', initiative/ai-assistant]\n"
		 "attendees:\n  - Dana Whitlock\n  - Bo Okafor\n  - Dana Whitlock\n"
		 "---\n"
		 "# Heading title\n"
		 "Body.\n");
	assert_string_equal(n.title, "Billing steering");
	expect_date(&n, "2025-03-04", CZ_DATE_FRONT_MATTER);
	assert_string_equal(n.time, "");
	assert_int_equal(n.meta, CZ_META_FRONT_MATTER);
	assert_int_equal(n.initiatives.n, 3);
	assert_string_equal(n.initiatives.v[0], "billing-migration");
	assert_string_equal(n.initiative_src.v[0], "front_matter");
	assert_string_equal(n.initiatives.v[1], "ai-assistant");
	assert_string_equal(n.initiatives.v[2], "onboarding");
	assert_string_equal(n.initiative_src.v[2], "tag");
	assert_int_equal(n.tags.n, 3);
	assert_string_equal(n.tags.v[1], "initiative/onboarding");
	assert_int_equal(n.attendees.n, 2);
	assert_string_equal(n.attendees.v[1], "Bo Okafor");
	assert_int_equal(n.body_line, 12);
	assert_int_equal(n.lines, 13);
	cz_note_release(&n);
}

static void front_matter_forms(void **state)
{
	cz_note n;

	(void)state;
	/* datetime with and without seconds; comma-separated strings */
	parse_ok(&n, "a.md", "---\ndate: 2025-03-04T10:30\ninitiative: a, b ,c\n"
			     "tags: x, initiative/d\nattendees: Ann; Bo, Cy\n---\nbody\n");
	expect_date(&n, "2025-03-04", CZ_DATE_FRONT_MATTER);
	assert_string_equal(n.time, "10:30:00");
	assert_int_equal(n.initiatives.n, 4);
	assert_string_equal(n.initiatives.v[2], "c");
	assert_string_equal(n.initiatives.v[3], "d");
	assert_string_equal(n.initiative_src.v[3], "tag");
	assert_int_equal(n.attendees.n, 3);
	assert_int_equal(n.body_line, 7);
	assert_int_equal(n.body_offset, strlen("---\ndate: 2025-03-04T10:30\ninitiative: a, b ,c\n"
					       "tags: x, initiative/d\nattendees: Ann; Bo, Cy\n---\n"));
	cz_note_release(&n);
	parse_ok(&n, "a.md", "---\ndate: 2025-03-04 09:05:07\n---\n");
	assert_string_equal(n.time, "09:05:07");
	cz_note_release(&n);
	/* a date in words; an initiative list; empty values are fine */
	parse_ok(&n, "a.md", "---\ndate: May 21, 2012\ninitiatives:\n  - Onboarding Revamp\n"
			     "tags:\ntitle:\nattendees: []\n...\nbody");
	expect_date(&n, "2012-05-21", CZ_DATE_FRONT_MATTER);
	assert_string_equal(n.initiatives.v[0], "onboarding-revamp");
	assert_int_equal(n.tags.n, 0);
	assert_string_equal(n.title, "a"); /* empty title: falls back to the name */
	cz_note_release(&n);
	/* an empty front matter block */
	parse_ok(&n, "notes/2025-01-02 kickoff.md", "---\n---\n# Kickoff\n");
	assert_int_equal(n.meta, CZ_META_FRONT_MATTER);
	assert_int_equal(n.body_line, 3);
	expect_date(&n, "2025-01-02", CZ_DATE_FILENAME);
	assert_string_equal(n.title, "Kickoff");
	cz_note_release(&n);
}

static void front_matter_errors_have_lines(void **state)
{
	(void)state;
	parse_bad("a.md", "---\ntitle: ok\ntitle: x: y\n---\n",
		  "3: front matter: mapping values are not allowed in this context (column 9)");
	parse_bad("a.md", "---\ntitle: x\ndate: 2025-03-04\n",
		  "1: front matter: no closing '---' line; add one after the metadata or "
		  "remove the opening '---'");
	parse_bad("a.md", "---\ntitle: a\ndate: 2025-01-01\ntitle: b\n---\n",
		  "4: front matter: key 'title' appears twice (first on line 2)");
	parse_bad("a.md", "---\ndate: 2025-01-01T25:00\n---\n",
		  "2: front matter: 'date' must be a date such as 2025-03-04, found "
		  "'2025-01-01T25:00'");
	parse_bad("a.md", "---\n", "1: front matter: no closing '---' line; add one after the "
		  "metadata or remove the opening '---'");
	parse_bad("a.md", "---\na: &x [1, 2]\nb: *x\n---\n",
		  "2: front matter: YAML anchors (&name) are not supported; write the value out "
		  "(column 4)");
	parse_bad("a.md", "---\n- one\n- two\n---\n",
		  "2: front matter: expected 'key: value' lines, found a list");
	parse_bad("a.md", "---\ntitle: t\n\ndate: 2025-02-30\n---\n",
		  "4: front matter: 'date' must be a date such as 2025-03-04, found '2025-02-30'");
	parse_bad("a.md", "---\ndate: [2025-03-04]\n---\n",
		  "2: front matter: 'date' must be a date such as 2025-03-04, found a list");
	parse_bad("a.md", "---\ninitiative: a/b\n---\n",
		  "2: front matter: initiative 'a/b' is not a valid id (use lowercase letters, "
		  "digits, '.', '_' or '-')");
	parse_bad("a.md", "---\ninitiatives:\n  - ok\n  - [nested]\n---\n",
		  "4: front matter: 'initiatives' items must be text");
	parse_bad("a.md", "---\ntags: {a: b}\n---\n",
		  "2: front matter: 'tags' must be a text or a list");
}

static void front_matter_bombs_refused(void **state)
{
	cz_buf b;
	cz_note n;
	cz_err e;

	(void)state;
	parse_bad("a.md", "---\nx: &a [l, l]\ny: &b [*a, *a]\nz: [*b, *b]\n---\n",
		  "2: front matter: YAML anchors (&name) are not supported; write the value out "
		  "(column 4)");
	cz_buf_init(&b, 0);
	assert_int_equal(cz_buf_adds(&b, "---\n\nx: ", NULL), CZ_OK);
	for (int i = 0; i < 200; i++)
		assert_int_equal(cz_buf_addc(&b, '[', NULL), CZ_OK);
	for (int i = 0; i < 200; i++)
		assert_int_equal(cz_buf_addc(&b, ']', NULL), CZ_OK);
	assert_int_equal(cz_buf_adds(&b, "\n---\n", NULL), CZ_OK);
	cz_note_init(&n);
	assert_int_equal(cz_note_parse(&n, "a.md", b.data, b.len, MTIME, &e), CZ_EDATA);
	tu_assert_err(e, CZ_EDATA, "3: front matter: YAML nested deeper than 64 levels");
	cz_note_release(&n);
	cz_buf_release(&b);
}

static void logseq_properties(void **state)
{
	cz_note n;

	(void)state;
	parse_ok(&n, "pages/x.md",
		 "title:: Vendor review\n"
		 "date:: [[2025-04-09]]\n"
		 "initiative:: [[Billing Migration]], ai\n"
		 "tags:: finance, initiative/onboarding\n"
		 "attendees:: Ann, Bo\n"
		 "- first block\n"
		 "# Not the title\n");
	assert_int_equal(n.meta, CZ_META_LOGSEQ);
	assert_string_equal(n.title, "Vendor review");
	expect_date(&n, "2025-04-09", CZ_DATE_PROPERTIES);
	assert_int_equal(n.initiatives.n, 3);
	assert_string_equal(n.initiatives.v[0], "billing-migration");
	assert_string_equal(n.initiative_src.v[0], "properties");
	assert_string_equal(n.initiatives.v[2], "onboarding");
	assert_string_equal(n.initiative_src.v[2], "tag");
	assert_int_equal(n.tags.n, 2);
	assert_int_equal(n.attendees.n, 2);
	assert_int_equal(n.body_line, 6);
	cz_note_release(&n);
	/* property values are free text: slugged, not rejected */
	parse_ok(&n, "x.md", "date:: 2025-01-01\ninitiative:: Billing & Co, a+b\n");
	assert_int_equal(n.initiatives.n, 2);
	assert_string_equal(n.initiatives.v[0], "billing-co");
	assert_string_equal(n.initiatives.v[1], "a-b");
	cz_note_release(&n);
	/* ...unless nothing of an id is left */
	parse_bad("x.md", "date:: 2025-01-01\ninitiative:: !!!\n",
		  "2: initiative '!!!' is not a valid id (use lowercase letters, digits, '.', "
		  "'_' or '-')");
}

static void notion_properties(void **state)
{
	cz_note n;

	(void)state;
	parse_ok(&n, "export/Weekly sync 1a2b3c.md",
		 "# Weekly sync\n"
		 "\n"
		 "Date: March 4, 2025\n"
		 "Initiative: Onboarding Revamp\n"
		 "Participants: Ann, Bo\n"
		 "\n"
		 "Discussion: this line is body, not a property.\n");
	assert_int_equal(n.meta, CZ_META_NOTION);
	assert_string_equal(n.title, "Weekly sync");
	expect_date(&n, "2025-03-04", CZ_DATE_PROPERTIES);
	assert_int_equal(n.initiatives.n, 1);
	assert_string_equal(n.initiatives.v[0], "onboarding-revamp");
	assert_string_equal(n.initiative_src.v[0], "properties");
	assert_int_equal(n.attendees.n, 2);
	cz_note_release(&n);
	/* not under the first H1: plain body text */
	parse_ok(&n, "x.md", "Intro line\n# Weekly sync\nDate: March 4, 2025\n");
	assert_int_equal(n.meta, CZ_META_NONE);
	assert_int_equal(n.date_source, CZ_DATE_MTIME);
	assert_int_equal(n.initiatives.n, 0);
	cz_note_release(&n);
	/* an H2 first does not open a property block either */
	parse_ok(&n, "x.md", "## Sync\nDate: 2025-03-04\n");
	assert_int_equal(n.meta, CZ_META_NONE);
	cz_note_release(&n);
}

static void date_precedence(void **state)
{
	cz_note n;
	cz_date m = cz_date_from_time(MTIME);
	char ms[CZ_DATE_STR];

	(void)state;
	cz_date_format(m, ms);
	/* front matter beats file name and heading */
	parse_ok(&n, "2024-01-01 x.md", "---\ndate: 2025-03-04\n---\n# May 21, 2012\n");
	expect_date(&n, "2025-03-04", CZ_DATE_FRONT_MATTER);
	cz_note_release(&n);
	/* properties beat file name and heading */
	parse_ok(&n, "2024-01-01 x.md", "date:: 2025-03-05\n# May 21, 2012\n");
	expect_date(&n, "2025-03-05", CZ_DATE_PROPERTIES);
	cz_note_release(&n);
	parse_ok(&n, "2024-01-01 x.md", "# Sync May 21, 2012\nDate: 2025-03-06\n");
	expect_date(&n, "2025-03-06", CZ_DATE_PROPERTIES);
	cz_note_release(&n);
	/* front matter without a date: the file name */
	parse_ok(&n, "notes/2024-01-02 x.md", "---\ntitle: t\n---\n# May 21, 2012\n");
	expect_date(&n, "2024-01-02", CZ_DATE_FILENAME);
	cz_note_release(&n);
	/* file name forms, anywhere in the name, never a directory's */
	parse_ok(&n, "a/standup_2024_01_03.md", "# May 21, 2012\n");
	expect_date(&n, "2024-01-03", CZ_DATE_FILENAME);
	cz_note_release(&n);
	parse_ok(&n, "a/sync-20240104-notes.md", "text\n");
	expect_date(&n, "2024-01-04", CZ_DATE_FILENAME);
	cz_note_release(&n);
	parse_ok(&n, "2023-05-05/notes.md", "# Retro 25 January 2021\n");
	expect_date(&n, "2021-01-25", CZ_DATE_HEADING);
	cz_note_release(&n);
	/* headings: first H1 or H2, outside code fences */
	parse_ok(&n, "x.md", "intro\n## Planning, 9th October 2024\n");
	expect_date(&n, "2024-10-09", CZ_DATE_HEADING);
	cz_note_release(&n);
	parse_ok(&n, "x.md", "```\n# May 21, 2012\n```\n# Title\n## Oct 9 2024\n");
	expect_date(&n, "2024-10-09", CZ_DATE_HEADING);
	assert_string_equal(n.title, "Title");
	cz_note_release(&n);
	/* an H3 does not count; neither does body text */
	parse_ok(&n, "x.md", "### May 21, 2012\nMet on May 22, 2012.\n");
	expect_date(&n, ms, CZ_DATE_MTIME);
	cz_note_release(&n);
	/* only the first two H1/H2 headings are looked at */
	parse_ok(&n, "x.md", "# One\n## Two\n# Three May 21, 2012\n");
	expect_date(&n, ms, CZ_DATE_MTIME);
	cz_note_release(&n);
	/* nothing at all: mtime, flagged */
	parse_ok(&n, "x.md", "");
	expect_date(&n, ms, CZ_DATE_MTIME);
	assert_string_equal(cz_date_source_name(n.date_source), "mtime");
	assert_int_equal(n.lines, 0);
	cz_note_release(&n);
}

static void title_precedence(void **state)
{
	cz_note n;

	(void)state;
	parse_ok(&n, "2025-03-04-weekly-sync.md", "---\ntitle: From YAML\n---\n# From H1\n");
	assert_string_equal(n.title, "From YAML");
	cz_note_release(&n);
	parse_ok(&n, "2025-03-04-weekly-sync.md", "intro\n#  From H1 ##\n# Second\n");
	assert_string_equal(n.title, "From H1");
	cz_note_release(&n);
	parse_ok(&n, "dir/2025-03-04-weekly-sync.md", "no heading\n");
	assert_string_equal(n.title, "weekly-sync");
	cz_note_release(&n);
	parse_ok(&n, "dir/team_sync_20250304.txt", "We went through the plan.\n");
	assert_string_equal(n.title, "team sync");
	cz_note_release(&n);
	/* a plain-text note's short first line is its title */
	parse_ok(&n, "dir/20250902_onboarding.txt", "\nOnboarding revamp - back from summer\n"
		 "Long discussion follows.\n");
	assert_string_equal(n.title, "Onboarding revamp - back from summer");
	cz_note_release(&n);
	/* with no H1, the first H2 */
	parse_ok(&n, "dir/q1-retro.md", "Intro text\n\n## Billing migration Q1 retro\n");
	assert_string_equal(n.title, "Billing migration Q1 retro");
	cz_note_release(&n);
	parse_ok(&n, "dir/Notes.v2.markdown", "#hashtag is no heading\n");
	assert_string_equal(n.title, "Notes.v2");
	cz_note_release(&n);
	/* a name that is only a date keeps the date, never the extension */
	parse_ok(&n, "dir/2025-03-04.md", "text\n");
	assert_string_equal(n.title, "2025-03-04");
	cz_note_release(&n);
}

static void line_counts(void **state)
{
	cz_note n;

	(void)state;
	parse_ok(&n, "x.md", "a\nb");
	assert_int_equal(n.lines, 2);
	assert_int_equal(n.body_line, 1);
	assert_int_equal(n.body_offset, 0);
	cz_note_release(&n);
	parse_ok(&n, "x.md", "a\nb\n");
	assert_int_equal(n.lines, 2);
	cz_note_release(&n);
	parse_ok(&n, "x.md", "\n\n\n");
	assert_int_equal(n.lines, 3);
	cz_note_release(&n);
}

static void source_names(void **state)
{
	(void)state;
	assert_string_equal(cz_date_source_name(CZ_DATE_FRONT_MATTER), "front_matter");
	assert_string_equal(cz_date_source_name(CZ_DATE_PROPERTIES), "properties");
	assert_string_equal(cz_date_source_name(CZ_DATE_FILENAME), "filename");
	assert_string_equal(cz_date_source_name(CZ_DATE_HEADING), "heading");
	assert_string_equal(cz_date_source_name(CZ_DATE_MTIME), "mtime");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(front_matter_fields),
		cmocka_unit_test(front_matter_forms),
		cmocka_unit_test(front_matter_errors_have_lines),
		cmocka_unit_test(front_matter_bombs_refused),
		cmocka_unit_test(logseq_properties),
		cmocka_unit_test(notion_properties),
		cmocka_unit_test(date_precedence),
		cmocka_unit_test(title_precedence),
		cmocka_unit_test(line_counts),
		cmocka_unit_test(source_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

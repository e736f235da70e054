/*
 * test_calformat.c - layout detection (Outlook locales, Google, mapped),
 * the config section, dates in each order, times, yes/no words, attendee
 * lists and whole rows (good, bad, ragged, end before start).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/calformat.h"

static void test_detect_locales(void **state)
{
	static const char *const en[] = { "Subject", "Start Date", "Start Time", "End Date",
					   "End Time", "All day event", "Meeting Organizer",
					   "Required Attendees", "Optional Attendees", "Description" };
	static const char *const google[] = { "location", "SUBJECT", "start date", "Private" };
	static const char *const de[] = { "Betreff", "Beginnt am", "Beginnt um", "Endet am",
					   "Endet um", "Ganztägiges Ereignis", "Besprechungsplanung",
					   "Erforderliche Teilnehmer", "Optionale Teilnehmer", "Ort" };
	static const char *const fr[] = { "Objet", "Début", "Début", "Fin", "Fin",
					   "Journée entière", "Participants obligatoires" };
	static const char *const ru[] = { "Тема", "Дата начала", "Время начала" };
	static const char *const none[] = { "name", "email", "team" };
	cz_layout l;

	(void)state;
	assert_true(cz_layout_detect(NULL, en, 10, &l));
	assert_string_equal(l.name, "outlook-en");
	assert_int_equal(l.order, CZ_ORDER_MDY);
	assert_int_equal(l.col[CZ_COL_REQUIRED], 7);
	assert_int_equal(l.col[CZ_COL_LOCATION], -1);
	assert_true(cz_layout_detect(NULL, google, 4, &l));
	assert_string_equal(l.name, "google");
	assert_int_equal(l.col[CZ_COL_SUBJECT], 1);
	assert_int_equal(l.col[CZ_COL_LOCATION], 0);
	assert_int_equal(l.col[CZ_COL_START_TIME], -1);
	assert_true(cz_layout_detect(NULL, de, 10, &l));
	assert_string_equal(l.name, "outlook-de");
	assert_int_equal(l.order, CZ_ORDER_DMY);
	assert_int_equal(l.col[CZ_COL_ORGANIZER], 6);
	assert_int_equal(l.col[CZ_COL_ALL_DAY], 5);
	assert_true(cz_layout_detect(NULL, fr, 7, &l));
	assert_string_equal(l.name, "outlook-fr");
	assert_int_equal(l.col[CZ_COL_START_DATE], 1);
	assert_int_equal(l.col[CZ_COL_START_TIME], 2);
	assert_int_equal(l.col[CZ_COL_END_DATE], 3);
	assert_int_equal(l.col[CZ_COL_END_TIME], 4);
	assert_true(cz_layout_detect(NULL, ru, 3, &l));
	assert_string_equal(l.name, "outlook-ru");
	assert_false(cz_layout_detect(NULL, none, 3, &l));
}

static void test_mapped(void **state)
{
	static const char yml[] =
		"people: dir/people.csv\n"
		"calendar:\n"
		"  columns: {subject: Title, start_date: When, attendees: Who}\n"
		"  date_order: ymd\n"
		"  encoding: iso-8859-15\n";
	static const char *const hdr[] = { "when", "TITLE", "who", "extra" };
	static const char *const other[] = { "Subject", "Start Date" };
	cz_config cfg;
	cz_calconf cc;
	cz_layout l;
	cz_err err;

	(void)state;
	cz_config_init(&cfg);
	cz_calconf_init(&cc);
	assert_int_equal(cz_config_load_text(&cfg, "c.yml", yml, strlen(yml), &err), CZ_OK);
	assert_int_equal(cz_calconf_load(&cc, &cfg, &err), CZ_OK);
	assert_true(cc.mapped);
	assert_int_equal(cc.order, CZ_ORDER_YMD);
	assert_string_equal(cz_calconf_codepage(&cc), "iso-8859-15");
	assert_string_equal(cc.people, "dir/people.csv");
	assert_true(cz_layout_detect(&cc, hdr, 4, &l));
	assert_string_equal(l.name, "mapped");
	assert_int_equal(l.col[CZ_COL_SUBJECT], 1);
	assert_int_equal(l.col[CZ_COL_REQUIRED], 2);
	/* A file the mapping does not fit still goes to the built-in layouts. */
	assert_true(cz_layout_detect(&cc, other, 2, &l));
	assert_string_equal(l.name, "google");
	cz_calconf_release(&cc);
	cz_config_release(&cfg);
}

static void expect_conf_error(const char *yml, const char *want)
{
	cz_config cfg;
	cz_calconf cc;
	cz_err err;

	cz_config_init(&cfg);
	cz_calconf_init(&cc);
	assert_int_equal(cz_config_load_text(&cfg, "c.yml", yml, strlen(yml), &err), CZ_OK);
	assert_int_equal(cz_calconf_load(&cc, &cfg, &err), CZ_EDATA);
	if (!strstr(err.msg, want))
		fail_msg("'%s' lacks '%s'", err.msg, want);
	cz_calconf_release(&cc);
	cz_config_release(&cfg);
}

static void test_conf_errors(void **state)
{
	(void)state;
	expect_conf_error("calendar:\n  colums: {}\n", "2:3: unknown key 'calendar.colums'");
	expect_conf_error("calendar:\n  columns: {subject: a, start: b}\n",
			  "unknown key 'calendar.columns.start'");
	expect_conf_error("calendar:\n  columns: {subject: a}\n", "needs at least");
	expect_conf_error("calendar:\n  date_order: ydm\n", "must be mdy, dmy or ymd");
	expect_conf_error("people: [a, b]\n", "'people'");
}

static void expect_date(const char *s, cz_date_order o, int y, int m, int d)
{
	cz_date dt;
	cz_err err;

	if (cz_caldate_parse(s, o, &dt, NULL, &err))
		fail_msg("%s: %s", s, err.msg);
	assert_int_equal(dt.y, y);
	assert_int_equal(dt.m, m);
	assert_int_equal(dt.d, d);
}

static void test_dates(void **state)
{
	cz_date dt;
	cz_err err;

	(void)state;
	expect_date("3/4/2025", CZ_ORDER_MDY, 2025, 3, 4);
	expect_date("3/4/2025", CZ_ORDER_DMY, 2025, 4, 3);
	expect_date("4.3.2025", CZ_ORDER_DMY, 2025, 3, 4);
	expect_date("4-3-2025", CZ_ORDER_DMY, 2025, 3, 4);
	expect_date("2025-03-04", CZ_ORDER_NONE, 2025, 3, 4);
	expect_date("2025/03/04", CZ_ORDER_MDY, 2025, 3, 4);
	expect_date("04.03.25", CZ_ORDER_DMY, 2025, 3, 4);
	assert_int_equal(cz_caldate_parse("3/4/2025", CZ_ORDER_NONE, &dt, NULL, &err), CZ_EUSAGE);
	assert_non_null(strstr(err.msg, "needs a date order"));
	assert_int_equal(cz_caldate_parse("13/25/2025", CZ_ORDER_MDY, &dt, NULL, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "not a valid date in mdy order"));
	assert_int_equal(cz_caldate_parse("25/12/2025", CZ_ORDER_MDY, &dt, NULL, &err), CZ_EDATA);
	assert_int_equal(cz_caldate_parse("2/30/2025", CZ_ORDER_MDY, &dt, NULL, &err), CZ_EDATA);
	assert_int_equal(cz_caldate_parse("3/4/2025", CZ_ORDER_YMD, &dt, NULL, &err), CZ_EDATA);
	assert_int_equal(cz_caldate_parse("tomorrow", CZ_ORDER_MDY, &dt, NULL, &err), CZ_EDATA);
	assert_int_equal(cz_caldate_parse("3/4", CZ_ORDER_MDY, &dt, NULL, &err), CZ_EDATA);
}

static void test_times_bools(void **state)
{
	int s;
	bool b;
	cz_err err;

	(void)state;
	assert_int_equal(cz_caltime_parse("10:00:00 AM", &s, &err), CZ_OK);
	assert_int_equal(s, 36000);
	assert_int_equal(cz_caltime_parse("12:00:00 AM", &s, &err), CZ_OK);
	assert_int_equal(s, 0);
	assert_int_equal(cz_caltime_parse("12:30 PM", &s, &err), CZ_OK);
	assert_int_equal(s, 45000);
	assert_int_equal(cz_caltime_parse("2pm", &s, &err), CZ_OK);
	assert_int_equal(s, 50400);
	assert_int_equal(cz_caltime_parse("9:45 p.m.", &s, &err), CZ_OK);
	assert_int_equal(s, 78300);
	assert_int_equal(cz_caltime_parse("14:30", &s, &err), CZ_OK);
	assert_int_equal(s, 52200);
	assert_int_equal(cz_caltime_parse("14:30:15", &s, &err), CZ_OK);
	assert_int_equal(s, 52215);
	assert_int_equal(cz_caltime_parse("14", &s, &err), CZ_EDATA);
	assert_int_equal(cz_caltime_parse("25:00", &s, &err), CZ_EDATA);
	assert_int_equal(cz_caltime_parse("13:00 PM", &s, &err), CZ_EDATA);
	assert_int_equal(cz_caltime_parse("10:00 xm", &s, &err), CZ_EDATA);
	assert_true(cz_calbool_parse("True", &b) && b);
	assert_true(cz_calbool_parse("Falsch", &b) && !b);
	assert_true(cz_calbool_parse("Vrai", &b) && b);
	assert_true(cz_calbool_parse("Onwaar", &b) && !b);
	assert_true(cz_calbool_parse("Истина", &b) && b);
	assert_true(cz_calbool_parse("Sí", &b) && b);
	assert_false(cz_calbool_parse("maybe", &b));
}

static void test_attendees(void **state)
{
	cz_strv names, emails;
	cz_err err;

	(void)state;
	cz_strv_init(&names);
	cz_strv_init(&emails);
	assert_int_equal(cz_attendees_split(" Okafor, Ben ; Dana <Dana.W@Example.test>;;"
					    "ops@example.test ; \"Feld, Marcus\" <mf@x.test>; ",
					    &names, &emails, &err), CZ_OK);
	assert_int_equal(names.n, 4);
	assert_string_equal(names.v[0], "Okafor, Ben");
	assert_string_equal(emails.v[0], "");
	assert_string_equal(names.v[1], "Dana");
	assert_string_equal(emails.v[1], "dana.w@example.test");
	assert_string_equal(names.v[2], "ops@example.test");
	assert_string_equal(emails.v[2], "ops@example.test");
	assert_string_equal(names.v[3], "Feld, Marcus");
	assert_string_equal(emails.v[3], "mf@x.test");
	cz_strv_release(&names);
	cz_strv_release(&emails);
}

static cz_rc parse_row(const char *const *f, size_t n, cz_date_order o, cz_calrow *row,
		       cz_err *err)
{
	static const char *const hdr[] = { "Subject", "Start Date", "Start Time", "End Date",
					   "End Time", "All day event", "Required Attendees" };
	cz_layout l;

	assert_true(cz_layout_detect(NULL, hdr, 7, &l));
	cz_calrow_init(row);
	return cz_calrow_parse(&l, o, f, n, row, err);
}

static void test_rows(void **state)
{
	static const char *const ok[] = { " Sync ", "1/8/2025", "10:00:00 AM", "1/8/2025",
					  "11:00:00 AM", "False", "A;B" };
	static const char *const allday[] = { "Offsite", "9/24/2025", "12:00:00 AM", "9/25/2025",
					      "12:00:00 AM", "True", "" };
	static const char *const notime[] = { "Day", "9/24/2025", "", "", "", "", "" };
	static const char *const backwards[] = { "X", "1/8/2025", "10:00 AM", "1/8/2025",
						 "9:00 AM", "False", "" };
	static const char *const ragged[] = { "X", "1/8/2025" };
	static const char *const badbool[] = { "X", "1/8/2025", "", "", "", "perhaps", "" };
	static const char *const nosubject[] = { " ", "1/8/2025", "", "", "", "", "" };
	cz_calrow row;
	cz_err err;

	(void)state;
	assert_int_equal(parse_row(ok, 7, CZ_ORDER_MDY, &row, &err), CZ_OK);
	assert_string_equal(row.subject, "Sync");
	assert_string_equal(row.start, "2025-01-08 10:00:00");
	assert_string_equal(row.end, "2025-01-08 11:00:00");
	assert_false(row.all_day);
	assert_int_equal(row.names[1].n, 2);
	cz_calrow_release(&row);
	assert_int_equal(parse_row(allday, 7, CZ_ORDER_MDY, &row, &err), CZ_OK);
	assert_true(row.all_day);
	assert_string_equal(row.start, "2025-09-24 00:00:00");
	assert_string_equal(row.end, "2025-09-25 00:00:00");
	cz_calrow_release(&row);
	assert_int_equal(parse_row(notime, 7, CZ_ORDER_MDY, &row, &err), CZ_OK);
	assert_true(row.all_day);
	assert_string_equal(row.end, "");
	cz_calrow_release(&row);
	assert_int_equal(parse_row(backwards, 7, CZ_ORDER_MDY, &row, &err), CZ_EDATA);
	assert_non_null(strstr(err.msg, "ends before it starts"));
	cz_calrow_release(&row);
	assert_int_equal(parse_row(ragged, 2, CZ_ORDER_MDY, &row, &err), CZ_EDATA);
	assert_string_equal(err.msg, "row has 2 fields, the header has 7");
	cz_calrow_release(&row);
	assert_int_equal(parse_row(badbool, 7, CZ_ORDER_MDY, &row, &err), CZ_EDATA);
	cz_calrow_release(&row);
	assert_int_equal(parse_row(nosubject, 7, CZ_ORDER_MDY, &row, &err), CZ_EDATA);
	assert_string_equal(err.msg, "empty subject");
	cz_calrow_release(&row);
	assert_int_equal(parse_row(ok, 7, CZ_ORDER_NONE, &row, &err), CZ_EUSAGE);
	cz_calrow_release(&row);
}

static void test_suggest(void **state)
{
	static const char *const hdr[] = { "Event Title", "Begin", "Finish", "Guests" };
	cz_buf b;
	cz_err err;

	(void)state;
	cz_buf_init(&b, 0);
	assert_int_equal(cz_layout_suggest(hdr, 4, &b, &err), CZ_OK);
	assert_non_null(strstr(b.data, "subject: \"Event Title\""));
	assert_non_null(strstr(b.data, "start_date: \"Begin\""));
	assert_non_null(strstr(b.data, "attendees: \"Guests\""));
	cz_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_locales), cmocka_unit_test(test_mapped),
		cmocka_unit_test(test_conf_errors),    cmocka_unit_test(test_dates),
		cmocka_unit_test(test_times_bools),    cmocka_unit_test(test_attendees),
		cmocka_unit_test(test_rows),           cmocka_unit_test(test_suggest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

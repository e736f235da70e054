/*
 * test_report.c - the report builder and its output formats on a database
 * filled with synthetic rows through SQL (in :memory:): periods, counts,
 * calendar facts (parties, missing, late recruits), brief coverage, mood,
 * trend, top evidence, explain evidence, and each format including CSV
 * formula neutralisation and Markdown/HTML escaping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "coalesce/db.h"
#include "coalesce/explain.h"
#include "coalesce/report.h"
#include "coalesce/reportfmt.h"
#include "coalesce/reportjson.h"

static const char fixture[] =
	"INSERT INTO initiatives VALUES('alpha','Alpha <b>launch</b>','config'),"
	" ('beta','Beta','config');"
	"INSERT INTO initiative_parties VALUES('alpha','finance'),('alpha','legal'),"
	" ('alpha','support'),('beta','sales');"
	/* alpha: notes in Q1 (3) and Q2 (1); beta: one note in Q3 */
	"INSERT INTO notes(id,path,relpath,title,date,date_source,size,mtime_ns,hash,encoding,"
	" lines,ingested_at) VALUES"
	" (1,'/a/n1.md','notes/n1.md','n1','2025-01-08','front_matter',1,0,'h','utf-8',9,'x'),"
	" (2,'/a/n2.md','notes/n2.md','n2','2025-02-10','front_matter',1,0,'h','utf-8',9,'x'),"
	" (3,'/a/n3.md','notes/n3.md','n3','2025-03-20','front_matter',1,0,'h','utf-8',9,'x'),"
	" (4,'/a/n4.md','notes/n4.md','n4','2025-05-05','front_matter',1,0,'h','utf-8',9,'x'),"
	" (5,'/a/n5.md','notes/n5.md','n5','2025-08-01','front_matter',1,0,'h','utf-8',9,'x');"
	"INSERT INTO note_initiatives VALUES(1,'alpha','front_matter'),(2,'alpha','front_matter'),"
	" (3,'alpha','front_matter'),(4,'alpha','front_matter'),(5,'beta','front_matter');"
	"INSERT INTO people(id,name,email,team,name_key,source) VALUES"
	" (1,'Ann Fin','a@x','finance','ann fin','directory'),"
	" (2,'Lee Gal','l@x','legal','lee gal','directory'),"
	" (3,'Sue Port','s@x','support','sue port','directory'),"
	" (4,'Zed Nobody',NULL,NULL,'zed nobody','calendar');"
	"INSERT INTO meetings(id,uid,subject,start,source_path,source_line) VALUES"
	" (1,'m1','Alpha kickoff','2025-01-08 10:00:00','cal.csv',2),"
	" (2,'m2','Alpha sync','2025-01-20 10:00:00','cal.csv',3),"
	" (3,'m3','Alpha legal intro','2025-04-15 09:00:00','cal.csv',4);"
	"INSERT INTO meeting_initiatives VALUES(1,'alpha'),(2,'alpha'),(3,'alpha');"
	"INSERT INTO attendees VALUES(1,1,'organizer'),(1,3,'required'),(2,1,'required'),"
	" (2,4,'optional'),(3,2,'required'),(3,1,'organizer');"
	"INSERT INTO signals(note_id,rule_id,rule_version,signal,polarity,weight,status,line,col,"
	" excerpt,speaker) VALUES"
	" (1,'p.context',1,'context','positive',1,'counted',3,1,'why we do it',NULL),"
	" (1,'p.brief.outcome',1,'brief.outcome','positive',1,'counted',2,1,'## Outcome',NULL),"
	" (1,'p.tradeoff',1,'tradeoff','positive',2,'counted',5,1,"
	"  '=HYPERLINK(\"http://x\",\"y\")','AB'),"
	" (2,'p.commitment',1,'commitment','positive',1,'counted',4,1,'ACTION: Ann by 2025-02-20',NULL),"
	" (2,'p.commitment',1,'commitment','positive',1,'capped',6,1,'ACTION: again',NULL),"
	" (3,'p.gossip',1,'gossip','negative',1,'excepted',7,1,'keep between us and legal',NULL),"
	" (3,'p.decision',1,'decision','positive',1,'counted',8,1,'we agreed',NULL),"
	" (4,'p.brief.why',1,'brief.why_now','positive',1,'counted',2,1,'## Why now',NULL),"
	" (4,'p.vague',1,'vague_agreement','neutral',1,'counted',3,1,'+1 <script>x</script>',NULL),"
	" (4,'p.late',1,'late_recruitment','negative',1,'counted',9,1,"
	"  'Legal and Zed Nobody were brought in after we signed',NULL),"
	" (5,'p.context',1,'context','positive',1,'counted',3,1,'context for sales',NULL);";

static cz_db *open_fixture(void)
{
	cz_db *db = NULL;
	cz_err err = { CZ_OK, "" };

	assert_int_equal(cz_db_open(&db, ":memory:", 0, 0600, &err), CZ_OK);
	if (cz_db_exec(db, fixture, &err))
		fail_msg("%s", err.msg);
	return db;
}

static void build_min(cz_db *db, cz_period_kind kind, const char *since, long min_group,
		      cz_report *r)
{
	cz_report_opts o = { kind, since, NULL, NULL, 0, min_group };
	cz_score_cfg cfg;
	cz_err err = { CZ_OK, "" };

	cz_score_cfg_defaults(&cfg);
	cz_report_init(r);
	assert_int_equal(cz_db_begin_read(db, &err), CZ_OK);
	if (cz_report_build(db, &cfg, &o, r, &err))
		fail_msg("%s", err.msg);
	cz_db_rollback(db);
}

static void build(cz_db *db, cz_period_kind kind, const char *since, cz_report *r)
{
	build_min(db, kind, since, 0, r);
}

static const cz_report_row *find(const cz_report *r, const char *id, const char *label)
{
	for (size_t k = 0; k < r->n_rows; k++)
		if (!strcmp(r->inits[r->rows[k].init].id, id) &&
		    !strcmp(r->rows[k].period.label, label))
			return &r->rows[k];
	fail_msg("no row %s %s", id, label);
	return NULL;
}

static void test_rows_and_calendar(void **state)
{
	cz_db *db = open_fixture();
	cz_report r;
	const cz_report_row *q1, *q2;

	(void)state;
	build(db, CZ_PERIOD_QUARTER, NULL, &r);
	/* alpha: Q1, Q2; beta: Q3 only */
	assert_int_equal(r.n_rows, 3);
	q1 = find(&r, "alpha", "2025-Q1");
	q2 = find(&r, "alpha", "2025-Q2");
	assert_int_equal(q1->in.notes, 3);
	assert_int_equal(q1->in.meetings, 2);
	assert_int_equal(q2->in.meetings, 1);
	/* Only counted hits: the capped commitment and excepted gossip do not count. */
	assert_int_equal(q1->in.hits[CZ_SIG_COMMITMENT], 1);
	assert_int_equal(q1->in.hits[CZ_SIG_GOSSIP], 0);
	assert_int_equal(q1->out.red_flags, 0);
	/* Parties: teams only (Zed has none), sorted. */
	assert_int_equal(q1->parties.n, 2);
	assert_string_equal(q1->parties.v[0], "finance");
	assert_string_equal(q1->parties.v[1], "support");
	assert_int_equal(q1->required_missing.n, 1);
	assert_string_equal(q1->required_missing.v[0], "legal");
	assert_int_equal(q2->required_missing.n, 0);
	/* Legal first came 97 days after the kickoff: late, in Q2; the text
	 * evidence names legal (a team) and Zed Nobody (no team): a single
	 * person is below the minimum group size (issue 8) and not listed. */
	assert_int_equal(q1->late_recruits.n, 0);
	assert_int_equal(q2->in.late_recruits, 1);
	assert_int_equal(q2->late_recruits.n, 1);
	assert_string_equal(q2->late_recruits.v[0], "legal");
	assert_int_equal(q2->out.red_flags, 2); /* one text hit + one calendar recruit */
	/* Brief coverage is cumulative. */
	assert_int_equal(q1->brief_fields, 1);
	assert_int_equal(q2->brief_fields, 2);
	assert_true(q2->brief_coverage == 0.2);
	/* Mood: Q1 decided with a tradeoff; Q2 only vague agreement. */
	assert_false(q1->out.mood);
	assert_true(q2->out.mood);
	/* Trend is health minus the previous period's. */
	assert_false(q1->has_trend);
	assert_true(q2->has_trend);
	assert_true(q2->trend == q2->out.health - q1->out.health);
	assert_true(q2->trend < 0);
	/* Strongest evidence: the weight-2 tradeoff. */
	assert_string_equal(q1->top_path, "notes/n1.md");
	assert_int_equal(q1->top_line, 5);
	assert_true(cz_report_latest(&r, 0) == q2);
	cz_report_release(&r);
	cz_db_close(db);
}

/* Issue 8: people outside teams are only counted, and only in groups of
 * at least min_group_size; the guard moves with the setting both ways. */
static void test_min_group(void **state)
{
	cz_db *db = open_fixture();
	cz_report r;
	const cz_report_row *q2;

	(void)state;
	build_min(db, CZ_PERIOD_QUARTER, NULL, 1, &r);
	q2 = find(&r, "alpha", "2025-Q2");
	assert_int_equal(q2->late_recruits.n, 2);
	assert_string_equal(q2->late_recruits.v[0], "1 person outside teams");
	assert_string_equal(q2->late_recruits.v[1], "legal");
	for (size_t i = 0; i < r.n_rows; i++)
		for (size_t k = 0; k < r.rows[i].late_recruits.n; k++)
			assert_null(strstr(r.rows[i].late_recruits.v[k], "Zed"));
	cz_report_release(&r);
	build_min(db, CZ_PERIOD_QUARTER, NULL, 2, &r);
	q2 = find(&r, "alpha", "2025-Q2");
	assert_int_equal(q2->late_recruits.n, 1);
	cz_report_release(&r);
	cz_db_close(db);
}

static void test_weeks_and_since(void **state)
{
	cz_db *db = open_fixture();
	cz_report r;

	(void)state;
	build(db, CZ_PERIOD_WEEK, NULL, &r);
	/* alpha spans 2025-W02 .. 2025-W19, every week present, most unknown. */
	assert_string_equal(find(&r, "alpha", "2025-W02")->out.status != NULL ? "ok" : "", "ok");
	assert_string_equal(find(&r, "alpha", "2025-W04")->out.status, "unknown");
	assert_false(find(&r, "alpha", "2025-W04")->has_trend);
	assert_int_equal(find(&r, "alpha", "2025-W16")->in.late_recruits, 1);
	cz_report_release(&r);
	/* --since keeps whole periods and history: Q2 still has its trend. */
	build(db, CZ_PERIOD_QUARTER, "2025-05-01", &r);
	assert_int_equal(r.n_rows, 2);
	assert_true(find(&r, "alpha", "2025-Q2")->has_trend);
	cz_report_release(&r);
	cz_db_close(db);
}

static char *render(const cz_report *r, cz_report_format fmt, bool color)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	cz_err err = { CZ_OK, "" };

	assert_non_null(f);
	if (cz_report_write(r, fmt, f, color, &err))
		fail_msg("%s", err.msg);
	fclose(f);
	return text;
}

static void test_csv(void **state)
{
	cz_db *db = open_fixture();
	cz_report r;
	char *csv;

	(void)state;
	build_min(db, CZ_PERIOD_QUARTER, NULL, 1, &r); /* two late recruits */
	csv = render(&r, CZ_FMT_CSV, false);
	{
		const char *hdr = "initiative,name,period,period_start,period_end,health,status,"
			    "trend,confidence,notes,meetings,mood,red_flags,brief_coverage,parties,"
			    "required_missing,late_recruits,context,outcome,tradeoffs,commitment,"
			    "early_warning,credit,integrity,top_evidence\r\n";
		assert_int_equal(strncmp(csv, hdr, strlen(hdr)), 0);
	}
	/* The formula is inert: a leading quote inside a quoted cell. */
	assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\") (notes/n1.md:5)\"\r\n"));
	assert_null(strstr(csv, ",=HYPERLINK"));
	/* Names with HTML stay as they are in CSV; lists are ;-separated. */
	assert_non_null(strstr(csv, "alpha,Alpha <b>launch</b>,2025-Q1,2025-01-01,2025-03-31,"));
	assert_non_null(strstr(csv, ",1 person outside teams;legal,"));
	/* A negative trend stays a plain number; a missing one is empty. */
	{
		const cz_report_row *q2 = find(&r, "alpha", "2025-Q2");
		char want[64];
		snprintf(want, sizeof(want), ",amber,%.0f,", q2->trend);
		if (strcmp(q2->out.status, "amber"))
			snprintf(want, sizeof(want), ",%s,%.0f,", q2->out.status, q2->trend);
		assert_non_null(strstr(csv, want));
		assert_true(strstr(csv, want)[strlen(want) - 3 - (q2->trend <= -10)] == '-');
	}
	assert_non_null(strstr(csv, ",2025-Q3,2025-07-01,2025-09-30,"));
	assert_non_null(strstr(csv, ",true,")); /* mood */
	free(csv);
	cz_report_release(&r);
	cz_db_close(db);
}

static void test_json_md_table(void **state)
{
	cz_db *db = open_fixture();
	cz_report r;
	json_error_t jerr;
	json_t *root, *alpha, *row;
	char *text;

	(void)state;
	build_min(db, CZ_PERIOD_QUARTER, NULL, 1, &r); /* two late recruits */
	text = render(&r, CZ_FMT_JSON, false);
	root = json_loads(text, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "model")), CZ_SCORE_MODEL);
	alpha = json_array_get(json_object_get(root, "initiatives"), 0);
	row = json_array_get(json_object_get(alpha, "periods"), 1);
	assert_string_equal(json_string_value(json_object_get(row, "period")), "2025-Q2");
	assert_true(json_is_integer(json_object_get(row, "trend")));
	assert_true(json_is_true(json_object_get(row, "mood")));
	assert_int_equal(json_array_size(json_object_get(row, "late_recruits")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "evidence"),
							     "integrity")), 1);
	row = json_array_get(json_object_get(alpha, "periods"), 0);
	assert_true(json_is_null(json_object_get(row, "trend")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "evidence"),
							     "tradeoffs")), 1);
	json_decref(root);
	free(text);

	text = render(&r, CZ_FMT_MD, false);
	assert_non_null(strstr(text, "| initiative | period | health |"));
	assert_non_null(strstr(text, "### Alpha &lt;b&gt;launch&lt;/b&gt; (alpha)"));
	assert_null(strstr(text, "<b>"));
	assert_non_null(strstr(text, "Late recruits: 1 person outside teams, legal (2025-Q2)"));
	assert_non_null(strstr(text, "Mood (agreement without tradeoffs or stop conditions): 2025-Q2"));
	free(text);

	text = render(&r, CZ_FMT_TABLE, false);
	assert_non_null(strstr(text, "INITIATIVE"));
	assert_null(strchr(text, '\033'));
	free(text);
	text = render(&r, CZ_FMT_TABLE, true);
	assert_non_null(strchr(text, '\033'));
	free(text);
	cz_report_release(&r);
	cz_db_close(db);
}

static void test_explain(void **state)
{
	cz_db *db = open_fixture();
	cz_report r;
	cz_evidence_list ev = { NULL, 0, 0 };
	const cz_report_row *q1;
	cz_err err = { CZ_OK, "" };
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	json_t *root;
	json_error_t jerr;

	(void)state;
	build(db, CZ_PERIOD_QUARTER, NULL, &r);
	q1 = find(&r, "alpha", "2025-Q1");
	assert_int_equal(cz_report_evidence(db, "alpha", &q1->period, &ev, &err), CZ_OK);
	assert_int_equal(ev.n, 7); /* counted, capped and excepted, all shown */
	assert_string_equal(ev.v[0].path, "notes/n1.md");
	assert_string_equal(ev.v[ev.n - 1].status, "counted");
	f = open_memstream(&text, &len);
	assert_int_equal(cz_explain_write_text(&r, q1, &ev, f, &err), CZ_OK);
	fclose(f);
	assert_non_null(strstr(text, "notes/n3.md:7  gossip  p.gossip  excepted"));
	assert_non_null(strstr(text, "notes/n2.md:6  commitment  p.commitment  capped"));
	assert_non_null(strstr(text, "speaker AB"));
	assert_non_null(strstr(text, "never seen by end   legal"));
	assert_non_null(strstr(text, "legal            2025-04-15  +97 days  required  LATE"));
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	assert_int_equal(cz_explain_write_json(&r, q1, &ev, f, &err), CZ_OK);
	fclose(f);
	root = json_loads(text, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "initiative")), "alpha");
	assert_string_equal(json_string_value(json_object_get(root, "period")), "2025-Q1");
	assert_true(json_is_integer(json_object_get(root, "health")));
	assert_true(json_is_object(json_object_get(json_object_get(root, "components"),
						   "tradeoffs")));
	{
		json_t *e = json_array_get(json_object_get(root, "evidence"), 0);
		const char *keys[] = { "signal", "rule", "status", "path", "line", "excerpt" };
		for (size_t i = 0; i < 6; i++)
			assert_non_null(json_object_get(e, keys[i]));
	}
	json_decref(root);
	free(text);
	cz_evidence_list_release(&ev);
	cz_report_release(&r);
	cz_db_close(db);
}

static void test_unknown_initiative(void **state)
{
	cz_db *db = open_fixture();
	const char *ids[] = { "alpha", "gamma" };
	cz_report_opts o = { CZ_PERIOD_MONTH, NULL, NULL, ids, 2, 0 };
	cz_score_cfg cfg;
	cz_report r;
	cz_err err = { CZ_OK, "" };

	(void)state;
	cz_score_cfg_defaults(&cfg);
	cz_report_init(&r);
	assert_int_equal(cz_report_build(db, &cfg, &o, &r, &err), CZ_ENOINPUT);
	assert_non_null(strstr(err.msg, "initiative 'gamma' is not in the database"));
	cz_report_release(&r);
	o.n_initiatives = 1;
	cz_report_init(&r);
	assert_int_equal(cz_report_build(db, &cfg, &o, &r, &err), CZ_OK);
	assert_int_equal(r.n_inits, 1);
	assert_string_equal(r.rows[0].period.label, "2025-01");
	cz_report_release(&r);
	cz_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_calendar),
		cmocka_unit_test(test_min_group),
		cmocka_unit_test(test_weeks_and_since),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json_md_table),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_unknown_initiative),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

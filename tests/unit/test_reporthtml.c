/*
 * test_reporthtml.c - the HTML report page on a database filled through
 * SQL (in :memory:): every part is present (heatmap, one trend chart per
 * initiative with activity, component bars, badges, brief coverage,
 * evidence with path:line, how-to-read, data table, model version), the
 * strongest evidence comes first, hostile text from the archive and the
 * configuration only ever appears escaped, and the page has no script.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coalesce/db.h"
#include "coalesce/reportfmt.h"
#include "coalesce/reporthtml.h"

static const char fixture[] =
	"INSERT INTO initiatives VALUES('alpha','Alpha <script>alert(1)</script>','config'),"
	" ('beta','Beta \"><img src=x onerror=alert(2)>','config'),('idle','Idle','config');"
	"INSERT INTO initiative_parties VALUES('alpha','finance'),('alpha','legal'),"
	" ('beta','sales');"
	"INSERT INTO notes(id,path,relpath,title,date,date_source,size,mtime_ns,hash,encoding,"
	" lines,ingested_at) VALUES"
	" (1,'/a/n1.md','notes/n1.md','n1','2025-01-08','front_matter',1,0,'h','utf-8',9,'x'),"
	" (2,'/a/n2.md','notes/<i>n2</i>.md','n2','2025-02-10','front_matter',1,0,'h','utf-8',9,'x'),"
	" (3,'/a/n3.md','notes/n3.md','n3','2025-05-05','front_matter',1,0,'h','utf-8',9,'x'),"
	" (4,'/a/n4.md','notes/n4.md','n4','2025-08-01','front_matter',1,0,'h','utf-8',9,'x');"
	"INSERT INTO note_initiatives VALUES(1,'alpha','front_matter'),(2,'alpha','front_matter'),"
	" (3,'alpha','front_matter'),(4,'beta','front_matter');"
	"INSERT INTO people(id,name,email,team,name_key,source) VALUES"
	" (1,'Ann Fin','a@x','finance','ann fin','directory'),"
	" (2,'Lee Gal','l@x','legal','lee gal','directory');"
	"INSERT INTO meetings(id,uid,subject,start,source_path,source_line) VALUES"
	" (1,'m1','Alpha kickoff','2025-01-08 10:00:00','cal.csv',2),"
	" (2,'m2','Alpha legal','2025-04-20 10:00:00','cal.csv',3);"
	"INSERT INTO meeting_initiatives VALUES(1,'alpha'),(2,'alpha');"
	"INSERT INTO attendees VALUES(1,1,'organizer'),(2,2,'required');"
	"INSERT INTO signals(note_id,rule_id,rule_version,signal,polarity,weight,status,line,col,"
	" excerpt,speaker) VALUES"
	" (1,'p.context',1,'context','positive',1,'counted',3,1,'why we do it',NULL),"
	" (1,'p.tradeoff',1,'tradeoff','positive',2,'counted',5,1,'we delay X',NULL),"
	" (1,'p.brief',1,'brief.outcome','positive',1,'counted',2,1,'## Outcome',NULL),"
	" (2,'p.commitment',1,'commitment','positive',1,'counted',4,1,"
	"  '\"><img src=x onerror=alert(3)>',NULL),"
	" (3,'p.vague',1,'vague_agreement','neutral',1,'counted',3,1,'sounds good',NULL),"
	" (3,'p.gossip',1,'gossip','negative',1,'counted',6,1,"
	"  '<script>alert(4)</script> I heard',NULL),"
	" (3,'p.credit',1,'credit','positive',1,'counted',7,1,'thanks to legal',NULL),"
	" (3,'p.credit2',1,'credit','positive',1,'excepted',8,1,'excepted hit',NULL),"
	" (4,'p.context',1,'context','positive',1,'counted',3,1,'context for sales',NULL);";

typedef struct fx {
	cz_db *db;
	cz_report r;
	cz_evidence_list *ev;
	cz_html h;
	cz_err err;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	cz_report_opts o = { CZ_PERIOD_QUARTER, NULL, NULL, NULL, 0, 0 };
	cz_score_cfg cfg;

	if (!f)
		return -1;
	assert_int_equal(cz_db_open(&f->db, ":memory:", 0, 0600, &f->err), CZ_OK);
	if (cz_db_exec(f->db, fixture, &f->err))
		fail_msg("%s", f->err.msg);
	cz_score_cfg_defaults(&cfg);
	cz_report_init(&f->r);
	if (cz_report_build(f->db, &cfg, &o, &f->r, &f->err))
		fail_msg("%s", f->err.msg);
	f->ev = calloc(f->r.n_inits, sizeof(*f->ev));
	assert_non_null(f->ev);
	for (size_t i = 0; i < f->r.n_inits; i++) {
		const cz_report_row *last = cz_report_latest(&f->r, i);
		if (last && cz_report_evidence(f->db, f->r.inits[i].id, &last->period, &f->ev[i],
					       &f->err))
			fail_msg("%s", f->err.msg);
	}
	cz_html_init(&f->h, &f->err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	for (size_t i = 0; i < f->r.n_inits; i++)
		cz_evidence_list_release(&f->ev[i]);
	free(f->ev);
	cz_html_release(&f->h);
	cz_report_release(&f->r);
	cz_db_close(f->db);
	free(f);
	return 0;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void has(const fx *f, const char *needle)
{
	if (!strstr(f->h.out.data, needle))
		fail_msg("page lacks '%s'", needle);
}

static void lacks(const fx *f, const char *needle)
{
	if (strstr(f->h.out.data, needle))
		fail_msg("page has '%s'", needle);
}

/* The page has no active content at all, whatever the archive says. */
static void inert(const fx *f)
{
	lacks(f, "<script");
	lacks(f, "<img");
	lacks(f, "onerror=alert(2)>");
	lacks(f, "\"><img");
	lacks(f, "javascript:");
	lacks(f, "://"); /* no URL at all: inline SVG needs no xmlns in HTML */
}

static void test_parts(void **state)
{
	fx *f = *state;

	cz_report_html(&f->r, f->ev, &f->h);
	assert_int_equal(f->h.rc, CZ_OK);
	has(f, "<html lang=\"en\">");
	has(f, "Content-Security-Policy");
	has(f, "<h1>Initiative health by quarter</h1>");
	has(f, "scoring model <code>coalesce-health/1</code>");
	has(f, "<h2>How to read this</h2>");
	/* One heatmap; a trend chart and bars for each initiative with rows. */
	assert_int_equal(count(f->h.out.data, "class=\"chart heatmap\""), 1);
	assert_int_equal(count(f->h.out.data, "class=\"chart trend\""), 2);
	assert_int_equal(count(f->h.out.data, "class=\"chart bars\""), 2);
	assert_int_equal(count(f->h.out.data, "role=\"img\""), 5);
	/* The idle initiative is on the page but says it has nothing. */
	has(f, "<h2>Idle<span class=\"id\">idle</span></h2>\n<p>No notes or meetings in this "
	    "range.</p>");
	/* alpha: Q1 and Q2 scored; Q2 is mood (agreement, no tradeoff); legal
	 * came 102 days after the kickoff: a late recruit in Q2. */
	has(f, "<strong>Mood</strong> (agreement, no tradeoffs) in 2025-Q2</li>");
	has(f, "<strong>Late recruit</strong>: legal (2025-Q2)</li>");
	has(f, "Components in 2025-Q2 (latest scored, low confidence)");
	has(f, "1 of 10 fields written by the end of 2025-Q2");
	/* Evidence of alpha's latest period: counted component hits only,
	 * red flags marked, with path:line; the excepted hit is not listed. */
	has(f, "<h3>Top evidence in 2025-Q2</h3>");
	has(f, "<span class=\"sig flag\">red flag: gossip</span><q>&lt;script&gt;alert(4)"
	    "&lt;/script&gt; I heard</q> <span class=\"where\"><code>notes/n3.md:6</code>");
	has(f, "<code>notes/n3.md:7</code>");
	lacks(f, "excepted hit");
	lacks(f, "sounds good");
	has(f, "3 counted hits in 2025-Q2");
	has(f, "<code>coalesce explain alpha --period 2025-Q2</code>");
	/* The data table has every row. */
	assert_int_equal(count(f->h.out.data, "<tr><th scope=\"row\">"), (long)f->r.n_rows);
	has(f, "<tr><th scope=\"row\">alpha</th><td class=\"p\">2025-Q1</td>");
	inert(f);
}

static void test_escaping(void **state)
{
	fx *f = *state;

	cz_report_html(&f->r, f->ev, &f->h);
	/* Names from the configuration: in headings, nav, heatmap and labels. */
	has(f, "Alpha &lt;script&gt;alert(1)&lt;/script&gt;");
	has(f, "aria-label=\"Health of Alpha &lt;script&gt;alert(1)&lt;/script&gt; by quarter\"");
	has(f, "Beta &quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
	assert_true(count(f->h.out.data, "Alpha &lt;script&gt;alert(1)&lt;/script&gt;") >= 4);
	inert(f);
}

static void test_strongest_first(void **state)
{
	fx *f = *state;
	const char *a, *b;

	/* Q1 of alpha, with --until: the tradeoff (weight 2) leads. */
	cz_report_release(&f->r);
	{
		cz_report_opts o = { CZ_PERIOD_QUARTER, NULL, "2025-03-31", NULL, 0, 0 };
		cz_score_cfg cfg;
		cz_score_cfg_defaults(&cfg);
		cz_report_init(&f->r);
		assert_int_equal(cz_report_build(f->db, &cfg, &o, &f->r, &f->err), CZ_OK);
	}
	for (size_t i = 0; i < f->r.n_inits; i++) {
		const cz_report_row *last = cz_report_latest(&f->r, i);
		cz_evidence_list_release(&f->ev[i]);
		if (last)
			assert_int_equal(cz_report_evidence(f->db, f->r.inits[i].id, &last->period,
							    &f->ev[i], &f->err), CZ_OK);
	}
	cz_report_html(&f->r, f->ev, &f->h);
	a = strstr(f->h.out.data, "<code>notes/n1.md:5</code>");
	b = strstr(f->h.out.data, "<code>notes/n1.md:3</code>");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	/* A path from the archive is escaped too. */
	has(f, "<code>notes/&lt;i&gt;n2&lt;/i&gt;.md:4</code>");
	has(f, "&quot;&gt;&lt;img src=x onerror=alert(3)&gt;");
	inert(f);
}

static void test_without_evidence(void **state)
{
	fx *f = *state;
	FILE *out = tmpfile();
	long size;

	/* Through cz_report_write (no hit list): each period's strongest hit. */
	assert_non_null(out);
	assert_int_equal(cz_report_write(&f->r, CZ_FMT_HTML, out, false, &f->err), CZ_OK);
	size = ftell(out);
	assert_true(size > 1000);
	fclose(out);
	cz_report_html(&f->r, NULL, &f->h);
	assert_int_equal(count(f->h.out.data, "<h3>Strongest evidence per period</h3>"), 2);
	has(f, "<code>notes/n1.md:5</code> 2025-Q1");
	inert(f);
}

static void test_empty(void **state)
{
	fx *f = *state;
	cz_report empty;

	cz_report_init(&empty);
	cz_report_html(&empty, NULL, &f->h);
	assert_int_equal(f->h.rc, CZ_OK);
	has(f, "No notes or meetings are attributed to an initiative in this range.");
	has(f, "0 initiatives");
	lacks(f, "class=\"chart");
	has(f, "</html>");
	cz_report_release(&empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strongest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

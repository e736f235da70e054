/*
 * explain.h - `coalesce explain` as text: one initiative in one period,
 * every component with the numbers that produced it, the calendar facts,
 * and every stored hit behind it (counted, excepted, capped, limit), so
 * each point of the score can be traced to a line of a note or a meeting.
 * The JSON form is in reportjson.h.
 *
 * Text from notes is printed with control characters replaced by '?'.
 */
#ifndef CZ_EXPLAIN_H
#define CZ_EXPLAIN_H

#include <stdio.h>

#include "coalesce/report.h"

cz_rc cz_explain_write_text(const cz_report *r, const cz_report_row *row,
			    const cz_evidence_list *ev, FILE *f, cz_err *err);

#endif

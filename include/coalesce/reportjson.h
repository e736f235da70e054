/*
 * reportjson.h - reports and explanations as JSON; the reporting side's
 * only user of jansson.
 *
 * Report: {"model", "period_kind", "initiatives": [{"initiative", "name",
 * "periods": [row...]}]} where each row has the CSV columns as typed
 * values (null where the CSV cell is empty, lists as arrays) plus
 * "evidence": counted hits per component.
 * Explain: {"initiative", "name", "model", "period", "period_start",
 * "period_end", "health", "status", "confidence", "trend", "components":
 * {name: {"score", "density", "half", "weight", "hits"}}, "calendar": {...},
 * "evidence": [{"signal", "rule", "status", "path", "line", "col",
 * "excerpt", "speaker", "weight", "date", "component"}]}.
 */
#ifndef CZ_REPORTJSON_H
#define CZ_REPORTJSON_H

#include <stdio.h>

#include "coalesce/report.h"

cz_rc cz_report_write_json(const cz_report *r, FILE *f, cz_err *err);
cz_rc cz_explain_write_json(const cz_report *r, const cz_report_row *row,
			    const cz_evidence_list *ev, FILE *f, cz_err *err);

#endif

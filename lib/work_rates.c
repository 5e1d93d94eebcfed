/*
 * libcommpolice — the completion rates of an office's work, for the
 * assessment (the owed view is lib/owed.c).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Every query here reads one office: each is driven by an index whose
 * first column is office_id (or by a per-unit/per-organisation index
 * reached from such rows), so the cost follows the size of the office and
 * not of the database (tests/bench/bench_work.c checks it).
 */
#include "internal.h"
#include "work_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ rates */

static void rate_finish(cpol_work_rate *r)
{
	r->rate = r->due ? (double)r->done / (double)r->due : 1.0;
}

static const char RATE_UNITS_SQL[] =
	"SELECT u.id, u.type_code, u.officer_id FROM unit u WHERE u.office_id = ?1"
	" AND u.archived_at IS NULL AND (?2 = 0 OR u.officer_id = ?2) ORDER BY u.id";
static const char RATE_STATUS_SQL[] =
	"SELECT status, valid_from, valid_to FROM unit_status WHERE unit_id = ?1 ORDER BY valid_from";
static const char RATE_INSPECTIONS_SQL[] =
	"SELECT on_date FROM inspection WHERE unit_id = ?1 AND archived_at IS NULL"
	" AND on_date <= ?2 ORDER BY on_date";

typedef struct period_span {
	int open;
	cpol_date from, to;
} period_span;

/* Is the unit open on d by its status periods? */
static int open_on(const period_span *spans, size_t n, cpol_date d)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (spans[i].from <= d && (spans[i].to == CPOL_DATE_NONE || d <= spans[i].to))
			return spans[i].open;
	return 0;
}

/*
 * The day by which the next occurrence of a cadence falls, without the
 * calendar's moves: the rates walk a unit's chain of calendar periods.
 */
static int raw_due(cpol_date *out, const cpol_rules *rules, const cpol_cadence *c,
                   cpol_date last_done, cpol_date start)
{
	cpol_date ps, pe;
	int rc;

	if (last_done != CPOL_DATE_NONE)
		return cpol_rules_next_due(out, NULL, rules, c, last_done);
	switch (c->kind) {
	case CPOL_CADENCE_PERIOD:
		if ((rc = cpol_cadence_period(&ps, &pe, c, start)) < 0)
			return rc;
		*out = pe;
		return 0;
	case CPOL_CADENCE_INTERVAL:
		return cpol_rules_next_due(out, NULL, rules, c, start);
	case CPOL_CADENCE_DAY_OF_MONTH:
	case CPOL_CADENCE_WORKING_DAY:
		return cpol_rules_next_due(out, NULL, rules, c, start - 1);
	default:
		*out = start;
		return 0;
	}
}

/*
 * Walk one unit's chain of due dates up to `to`: each due is owed when the
 * unit is open that day, and done when an inspection falls after the
 * previous step and on or before it. Dues before `from` are walked but not
 * counted.
 */
static int rate_unit(cpol_work_rate *r, const cpol_rules *rules, const cpol_cadence *cad,
                     const period_span *spans, size_t nspans, const cpol_date *dates, size_t ndates,
                     cpol_date from, cpol_date to)
{
	cpol_date last = CPOL_DATE_NONE, start, due;
	size_t k = 0;
	int rc, guard = 0;

	if (nspans == 0)
		return 0;
	start = spans[0].from;
	for (;;) {
		cpol_date done_at = CPOL_DATE_NONE;
		if ((rc = raw_due(&due, rules, cad, last, start)) < 0)
			return rc;
		if (due > to || ++guard > 100000)
			return 0;
		while (k < ndates && dates[k] <= due) {
			if (last == CPOL_DATE_NONE ? dates[k] >= start : dates[k] > last)
				done_at = dates[k];
			k++;
		}
		if (due >= from && open_on(spans, nspans, due)) {
			r->due++;
			if (done_at != CPOL_DATE_NONE)
				r->done++;
		}
		last = done_at != CPOL_DATE_NONE ? done_at : due;
	}
}

static int rate_inspections(cpol_work_rate *r, cpol_db *db, const cpol_rules *rules,
                            cpol_id office_id, cpol_id officer_id, cpol_date from, cpol_date to)
{
	cpol__stmt *st, *ss = NULL, *si = NULL;
	period_span *spans = NULL;
	cpol_date *dates = NULL;
	size_t nspans = 0, cspans = 0, ndates = 0, cdates = 0;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, RATE_UNITS_SQL)) < 0)
		return rc;
	/* The per-unit statements are prepared apart: the units statement is still stepping. */
	if (cpol__db_prepare(db, &ss, RATE_STATUS_SQL) != CPOL__OK ||
	    cpol__db_prepare(db, &si, RATE_INSPECTIONS_SQL) != CPOL__OK) {
		rc = cpol__db_error(db, cpol__db_errcode(db),
		                        "preparing the rates");
		goto done;
	}
	cpol__st_bind_int64(st, 1, office_id);
	cpol__st_bind_int64(st, 2, officer_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		const cpol_rules_place_type *pt;
		cpol_id unit = cpol__st_column_int64(st, 0);
		if (cpol_rules_find_place_type(&pt, rules, (const char *)cpol__st_column_text(st, 1)) < 0 ||
		    !CPOL_RULE_IS_SET(pt->inspect) || pt->inspect.value.kind == CPOL_CADENCE_IMMEDIATE ||
		    pt->inspect.value.kind == CPOL_CADENCE_NONE) {
			cpol_error_clear();
			continue;
		}
		nspans = ndates = 0;
		cpol__st_reset(ss);
		cpol__st_bind_int64(ss, 1, unit);
		while ((rc = cpol__st_step(ss)) == CPOL__ROW) {
			if (nspans == cspans) {
				size_t cap = cspans ? cspans * 2 : 8;
				period_span *p = realloc(spans, cap * sizeof(*p));
				if (!p) {
					rc = cpol__error_oom();
					goto done;
				}
				spans = p;
				cspans = cap;
			}
			spans[nspans].open = strcmp((const char *)cpol__st_column_text(ss, 0), "open") == 0;
			spans[nspans].from = cpol__column_date(ss, 1);
			spans[nspans].to = cpol__column_date(ss, 2);
			nspans++;
		}
		cpol__st_reset(si);
		cpol__st_bind_int64(si, 1, unit);
		cpol__bind_date(si, 2, to);
		while ((rc = cpol__st_step(si)) == CPOL__ROW) {
			if (ndates == cdates) {
				size_t cap = cdates ? cdates * 2 : 32;
				cpol_date *p = realloc(dates, cap * sizeof(*p));
				if (!p) {
					rc = cpol__error_oom();
					goto done;
				}
				dates = p;
				cdates = cap;
			}
			dates[ndates++] = cpol__column_date(si, 0);
		}
		if ((rc = rate_unit(r, rules, &pt->inspect.value, spans, nspans, dates, ndates, from, to)) < 0)
			goto done;
	}
	rc = rc == CPOL__DONE ? 0 : cpol__db_error(db, rc, "reading units");
done:
	cpol__st_reset(st);
	cpol__st_finalize(ss);
	cpol__st_finalize(si);
	free(spans);
	free(dates);
	return rc;
}

static const char RATE_NOTICES_SQL[] =
	"SELECT count(*), coalesce(sum(closed_on IS NOT NULL AND closed_on <= deadline), 0)"
	" FROM rectification_notice WHERE office_id = ?1 AND deadline BETWEEN ?3 AND ?4"
	" AND archived_at IS NULL AND (?2 = 0 OR officer_id = ?2)";
static const char RATE_INCIDENTS_SQL[] =
	"SELECT received_on, returned_on FROM incident WHERE office_id = ?1"
	" AND received_on BETWEEN ?3 AND ?4 AND archived_at IS NULL AND (?2 = 0 OR officer_id = ?2)";
static const char RATE_REQUESTS_SQL[] =
	"SELECT received_on, feedback_on FROM resident_request WHERE office_id = ?1"
	" AND received_on BETWEEN ?3 AND ?4 AND archived_at IS NULL AND (?2 = 0 OR officer_id = ?2)";

/*
 * Cases whose time allowed ends in [from, to]: done when the answer came on
 * or before the last day. Cases received up to two months before `from`
 * are read, which covers any time allowed a rule file can give in practice.
 */
static int rate_within(cpol_work_rate *r, cpol_db *db, const cpol_rules *rules, const char *sql,
                       const cpol_rule_duration *within, cpol_id office_id, cpol_id officer_id,
                       cpol_date from, cpol_date to)
{
	cpol__stmt *st;
	int rc;

	if (!CPOL_RULE_IS_SET(*within))
		return 0;
	r->rule_key = within->ref ? within->ref->key : NULL;
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__st_bind_int64(st, 2, officer_id);
	cpol__bind_date(st, 3, cpol_date_add_months(from, -2));
	cpol__bind_date(st, 4, to);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_date due, answered = cpol__column_date(st, 1);
		if ((rc = cpol_rules_deadline(&due, NULL, rules, &within->value,
		                              cpol__column_date(st, 0))) < 0)
			break;
		if (due < from || due > to)
			continue;
		r->due++;
		if (answered != CPOL_DATE_NONE && answered <= due)
			r->done++;
	}
	if (rc == CPOL__DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__db_error(db, rc, "reading cases");
	cpol__st_reset(st);
	return rc;
}

CPOL__WORK_DEFINE_INIT(cpol_work_rates_init, cpol_work_rates, CPOL_WORK_RATES_INIT,
                       CPOL_WORK_RATES_VERSION)

int cpol_work_rates_measure(cpol_work_rates *out, cpol_db *db, const cpol_rules *rules,
                            cpol_id office_id, cpol_id officer_id, cpol_date from, cpol_date to)
{
	const cpol_rules_visits *v;
	const cpol_rules_places *p;
	cpol__stmt *st;
	int rc;

	if (!out || !db || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_work_rates_measure: out, db and rules are required");
	if ((rc = cpol__check_version(out->version, CPOL_WORK_RATES_VERSION, "cpol_work_rates")) < 0)
		return rc;
	memset(out, 0, sizeof(*out));
	out->version = CPOL_WORK_RATES_VERSION;
	if ((rc = cpol__work_need_date(from, "from")) < 0 || (rc = cpol__work_need_date(to, "to")) < 0)
		return rc;
	if (to < from)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "the period ends before it begins");
	if ((rc = cpol__work_check_office(db, office_id, "office_id")) < 0)
		return rc;
	v = cpol_rules_get_visits(rules);
	p = cpol_rules_get_places(rules);
	out->from = from;
	out->to = to;
	out->inspections.rule_key = "places.types[].inspect";
	out->notices_on_time.rule_key = p->rectification_deadline.ref ? p->rectification_deadline.ref->key
	                                                              : "places.rectification_deadline";
	out->return_visits.rule_key = "visits.return_visit_within";
	out->feedback.rule_key = "visits.feedback_within";

	if ((rc = rate_inspections(&out->inspections, db, rules, office_id, officer_id, from, to)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, RATE_NOTICES_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__st_bind_int64(st, 2, officer_id);
	cpol__bind_date(st, 3, from);
	cpol__bind_date(st, 4, to);
	rc = cpol__work_step_row(db, st, "counting notices");
	if (rc == 0) {
		out->notices_on_time.due = cpol__st_column_int64(st, 0);
		out->notices_on_time.done = cpol__st_column_int64(st, 1);
	}
	cpol__st_reset(st);
	if (rc < 0)
		return rc;
	if ((rc = rate_within(&out->return_visits, db, rules, RATE_INCIDENTS_SQL, &v->return_visit_within,
	                      office_id, officer_id, from, to)) < 0 ||
	    (rc = rate_within(&out->feedback, db, rules, RATE_REQUESTS_SQL, &v->feedback_within,
	                      office_id, officer_id, from, to)) < 0)
		return rc;
	rate_finish(&out->inspections);
	rate_finish(&out->notices_on_time);
	rate_finish(&out->return_visits);
	rate_finish(&out->feedback);
	return 0;
}

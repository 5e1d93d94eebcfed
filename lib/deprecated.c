/*
 * libcommpolice — the names 0.2.0 replaced (include/commpolice/deprecated.h).
 *
 * Real exported functions, not macros, so that programs linked against
 * 0.1.0 keep finding their symbols (debian/libcommpolice0.symbols lists
 * them); each calls the function that replaced it. Removed in 0.3.0.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
/* The rest of the tree is built with CPOL_DEPRECATE_HARD (Makefile.am), so
 * that it uses no old name; this file defines them. */
#undef CPOL_DEPRECATE_HARD
#include "internal.h"
#include "org_internal.h"

#include <stddef.h>
#include <string.h>

/** Replaced by cpol_db_schema_current() (out first). */
int cpol_db_schema_version(cpol_db *db, int *out)
{
	return cpol_db_schema_current(out, db);
}

/** Replaced by cpol_date_split() (outputs first). */
void cpol_date_to_ymd(cpol_date date, int *year, int *month, int *day)
{
	cpol_date_split(year, month, day, date);
}

/** Replaced by cpol_org_unit_get(). */
int cpol_org_get(cpol_org_unit **out, cpol_db *db, cpol_org_level level, cpol_id id)
{
	return cpol_org_unit_get(out, db, level, id);
}

/** Replaced by cpol_owed_list_get(). */
int cpol_owed_get(cpol_owed_list **out, cpol_db *db, const cpol_rules *rules,
                  const cpol_owed_query *query)
{
	return cpol_owed_list_get(out, db, rules, query);
}

/** Replaced by cpol_quota_list_get(). */
int cpol_work_quotas(cpol_quota_list **out, cpol_db *db, const cpol_rules *rules,
                     cpol_id office_id, cpol_id officer_id, cpol_date on)
{
	return cpol_quota_list_get(out, db, rules, office_id, officer_id, on);
}

/** Replaced by cpol_address_children_iter_new(). */
int cpol_address_iter_children(cpol_address_iter **out, cpol_db *db, cpol_id community_id,
                               cpol_id parent_id)
{
	return cpol_address_children_iter_new(out, db, community_id, parent_id);
}

/** Replaced by cpol_address_subtree_iter_new(). */
int cpol_address_iter_subtree(cpol_address_iter **out, cpol_db *db, cpol_id id)
{
	return cpol_address_subtree_iter_new(out, db, id);
}

/** Replaced by cpol_staff_office_iter_new(). */
int cpol_staff_iter_office(cpol_staff_iter **out, cpol_db *db, cpol_id office_id, cpol_date on)
{
	return cpol_staff_office_iter_new(out, db, office_id, on);
}

/** Replaced by cpol_work_rates_measure(): the 0.1.0 layout is the current
 *  one without its leading version, so it is copied field by field. */
int cpol_work_rates_get(cpol_work_rates_v0 *out, cpol_db *db, const cpol_rules *rules,
                        cpol_id office_id, cpol_id officer_id, cpol_date from, cpol_date to)
{
	cpol_work_rates r = CPOL_WORK_RATES_INIT;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_work_rates_get: out is required");
	rc = cpol_work_rates_measure(&r, db, rules, office_id, officer_id, from, to);
	/* as before: what was filled before a failure is there, the rest zero */
	out->from = r.from;
	out->to = r.to;
	out->inspections = r.inspections;
	out->notices_on_time = r.notices_on_time;
	out->return_visits = r.return_visits;
	out->feedback = r.feedback;
	return rc;
}

/* The 0.1.0 report is the current one from run_id on: the same members in
 * the same order, so one copy of that tail fills it. */
_Static_assert(sizeof(cpol_import_report) - offsetof(cpol_import_report, run_id) ==
               sizeof(cpol_import_report_v0), "cpol_import_report_v0 is the tail of the report");
_Static_assert(offsetof(cpol_import_report, encoding_note) - offsetof(cpol_import_report, run_id) ==
               offsetof(cpol_import_report_v0, encoding_note), "same members, same places");

/** Replaced by cpol_import_run(). */
int cpol_import_file(cpol_import_report_v0 *report, cpol_db *db, const char *path,
                     const cpol_import_options *opts)
{
	cpol_import_report r = CPOL_IMPORT_REPORT_INIT;
	int rc = cpol_import_run(report ? &r : NULL, db, path, opts);

	if (report)
		memcpy(report, &r.run_id, sizeof(*report));
	return rc;
}

/** Replaced by cpol_person_details_update() (a versioned change struct). */
int cpol_person_update(cpol_db *db, cpol_id person_id, const char *name, const char *phone,
                       const char *hukou, cpol_id hukou_address_id)
{
	cpol_person_details_change c = CPOL_PERSON_DETAILS_CHANGE_INIT;

	c.name = name;
	c.phone = phone;
	c.hukou = hukou;
	c.hukou_address_id = hukou_address_id;
	return cpol_person_details_update(db, person_id, &c);
}

/** Replaced by cpol_person_end(). */
int cpol_person_archive(cpol_db *db, cpol_id person_id, cpol_date on, const char *reason)
{
	return cpol_person_end(db, person_id, on, reason);
}

/** Replaced by cpol_org_unit_archive(), and for staff cpol_staff_end() and cpol_staff_archive(). */
int cpol_org_archive(cpol_db *db, cpol_org_level level, cpol_id id, cpol_date on)
{
	int rc;

	if (level == CPOL_ORG_STAFF && (rc = cpol__org_require_date(on, "on", "archiving staff")) < 0)
		return rc;
	return cpol__org_archive(db, level, id, level == CPOL_ORG_STAFF ? on : CPOL_DATE_NONE);
}

_Static_assert(sizeof(cpol_audit_summary) - offsetof(cpol_audit_summary, findings) ==
               sizeof(cpol_audit_summary_v0), "the 0.1.0 layout follows the version");
_Static_assert(offsetof(cpol_audit_summary, key_id) - offsetof(cpol_audit_summary, findings) ==
               offsetof(cpol_audit_summary_v0, key_id), "same members, same places");

/** Replaced by cpol_audit_trail_verify() (versioned summary). */
int cpol_audit_verify(cpol_audit_summary_v0 *out, cpol_db *db, cpol_audit_finding_cb cb, void *payload)
{
	cpol_audit_summary s = CPOL_AUDIT_SUMMARY_INIT;
	int rc = cpol_audit_trail_verify(out ? &s : NULL, db, cb, payload);

	if (out)
		memcpy(out, &s.findings, sizeof(*out));   /* the same members from findings on */
	return rc;
}

/** Replaced by cpol_calendar_day_get() (versioned day). */
int cpol_rules_calendar_day(cpol_calendar_day_v0 *out, const cpol_rules *rules, cpol_date date)
{
	cpol_calendar_day d = CPOL_CALENDAR_DAY_INIT;
	int rc = cpol_calendar_day_get(out ? &d : NULL, rules, date);

	if (out && rc == 0) {
		out->working = d.working;
		out->provisional = d.provisional;
		out->holiday = d.holiday;
		out->ref = d.ref;
	}
	return rc;
}

/** Replaced by cpol_item_score_compute() (versioned score). */
int cpol_rules_score_item(cpol_item_score_v0 *out, const cpol_rules *rules, const char *item_id,
                          double value)
{
	cpol_item_score s = CPOL_ITEM_SCORE_INIT;
	int rc = cpol_item_score_compute(out ? &s : NULL, rules, item_id, value);

	if (out) {
		out->points = s.points;
		out->deduction = s.deduction;
		out->shortfall = s.shortfall;
		out->capped = s.capped;
		out->item = s.item;
		out->ref = s.ref;
	}
	return rc;
}

/** Replaced by cpol_metric_value_get(). */
int cpol_assessor_metric(cpol_metric_value **out, cpol_assessor *assessor, const char *name,
                         cpol_subject_kind subject_kind, cpol_id subject_id, const cpol_period *period)
{
	return cpol_metric_value_get(out, assessor, name, subject_kind, subject_id, period);
}

/*
 * libcommpolice — the names 0.2.0 replaced, kept for one release.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_DEPRECATED_H
#define COMMPOLICE_DEPRECATED_H

/**
 * @file deprecated.h
 * @brief Old names of the API, kept as aliases for one release (0.2.x).
 *
 * 0.2.0 made the API regular (docs/api-conventions.md): getters are named
 * after what they return, iterator constructors end in `_iter_new`, output
 * parameters come first, and output structs the caller allocates carry a
 * version. The names it replaced are declared here, marked deprecated, and
 * still exported by the library, so that programs built against 0.1.0 keep
 * linking and running; they are removed in 0.3.0. Each says what replaces
 * it. `build-aux/api-renames.sh` moves a source tree to the new names.
 *
 * Define CPOL_DEPRECATE_HARD before including commpolice.h to leave them
 * out, and so find every old name a program still uses (libgit2's
 * GIT_DEPRECATE_HARD does the same). The library and its tests are built
 * that way.
 */

#include "common.h"
#include "date.h"
#include "db.h"
#include "org.h"
#include "address.h"
#include "import.h"
#include "work.h"
#include "owed.h"
#include "population.h"
#include "rules.h"
#include "audit.h"
#include "assess.h"

#ifndef CPOL_DEPRECATE_HARD

/** @cond */
#if defined(__GNUC__) || defined(__clang__)
# define CPOL_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(_MSC_VER)
# define CPOL_DEPRECATED(msg) __declspec(deprecated(msg))
#else
# define CPOL_DEPRECATED(msg)
#endif
/** @endcond */

CPOL_BEGIN_DECL

/**
 * The layout of cpol_work_rates in 0.1.0, without a version: what
 * cpol_work_rates_get() fills. Use cpol_work_rates with
 * cpol_work_rates_measure().
 */
typedef struct cpol_work_rates_v0 {
	cpol_date from;                 /**< first day of the period */
	cpol_date to;                   /**< last day */
	cpol_work_rate inspections;     /**< as cpol_work_rates.inspections */
	cpol_work_rate notices_on_time; /**< as cpol_work_rates.notices_on_time */
	cpol_work_rate return_visits;   /**< as cpol_work_rates.return_visits */
	cpol_work_rate feedback;        /**< as cpol_work_rates.feedback */
} cpol_work_rates_v0;

/**
 * The layout of cpol_import_report in 0.1.0, without a version: what
 * cpol_import_file() fills. Use cpol_import_report with cpol_import_run().
 */
typedef struct cpol_import_report_v0 {
	cpol_id run_id;                       /**< as cpol_import_report.run_id */
	cpol_encoding encoding;               /**< as cpol_import_report.encoding */
	int resumed;                          /**< as cpol_import_report.resumed */
	int64_t skipped;                      /**< as cpol_import_report.skipped */
	int64_t records;                      /**< as cpol_import_report.records */
	int64_t ok;                           /**< as cpol_import_report.ok */
	int64_t bad;                          /**< as cpol_import_report.bad */
	int64_t addresses_created;            /**< as cpol_import_report.addresses_created */
	int64_t houses_created;               /**< as cpol_import_report.houses_created */
	int64_t persons_created;              /**< as cpol_import_report.persons_created */
	int64_t moves;                        /**< as cpol_import_report.moves */
	int64_t warnings;                     /**< as cpol_import_report.warnings */
	int64_t updated;                      /**< as cpol_import_report.updated */
	int check_only;                       /**< as cpol_import_report.check_only */
	cpol_encoding_source encoding_source; /**< as cpol_import_report.encoding_source */
	char encoding_note[256];              /**< as cpol_import_report.encoding_note */
} cpol_import_report_v0;

/**
 * Deprecated: use cpol_db_schema_current(), which takes `out` first.
 * @param db the handle.
 * @param out receives the version.
 * @return as cpol_db_schema_current().
 */
CPOL_EXTERN int cpol_db_schema_version(cpol_db *db, int *out)
	CPOL_DEPRECATED("use cpol_db_schema_current(out, db)");

/**
 * Deprecated: use cpol_date_split(), which takes the outputs first.
 * @param date a valid date.
 * @param year receives the year, or NULL.
 * @param month receives the month, or NULL.
 * @param day receives the day, or NULL.
 */
CPOL_EXTERN void cpol_date_to_ymd(cpol_date date, int *year, int *month, int *day)
	CPOL_DEPRECATED("use cpol_date_split(year, month, day, date)");

/**
 * Deprecated: use cpol_org_unit_get(), named after the cpol_org_unit it
 * returns (freed with cpol_org_unit_free()).
 * @param out receives a new record; free it with cpol_org_unit_free().
 * @param db the handle.
 * @param level which table.
 * @param id its id.
 * @return as cpol_org_unit_get().
 */
CPOL_EXTERN int cpol_org_get(cpol_org_unit **out, cpol_db *db, cpol_org_level level, cpol_id id)
	CPOL_DEPRECATED("use cpol_org_unit_get()");

/**
 * Deprecated: use cpol_owed_list_get(), named after the cpol_owed_list it
 * returns (freed with cpol_owed_list_free()).
 * @param out receives a new list; free it with cpol_owed_list_free().
 * @param db the handle.
 * @param rules the office's rules, or NULL.
 * @param query copied.
 * @return as cpol_owed_list_get().
 */
CPOL_EXTERN int cpol_owed_get(cpol_owed_list **out, cpol_db *db, const cpol_rules *rules,
                              const cpol_owed_query *query)
	CPOL_DEPRECATED("use cpol_owed_list_get()");

/**
 * Deprecated: use cpol_quota_list_get(), named after the cpol_quota_list
 * it returns (freed with cpol_quota_list_free()).
 * @param out receives a new list; free it with cpol_quota_list_free().
 * @param db the handle.
 * @param rules the office's region rules.
 * @param office_id the office.
 * @param officer_id 0, or one officer.
 * @param on the day.
 * @return as cpol_quota_list_get().
 */
CPOL_EXTERN int cpol_work_quotas(cpol_quota_list **out, cpol_db *db, const cpol_rules *rules,
                                 cpol_id office_id, cpol_id officer_id, cpol_date on)
	CPOL_DEPRECATED("use cpol_quota_list_get()");

/**
 * Deprecated: use cpol_address_children_iter_new() (iterator constructors
 * end in _iter_new).
 * @param out receives the iterator; free it with cpol_address_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param community_id the community.
 * @param parent_id the node, or 0 for the community's top level.
 * @return as cpol_address_children_iter_new().
 */
CPOL_EXTERN int cpol_address_iter_children(cpol_address_iter **out, cpol_db *db,
                                           cpol_id community_id, cpol_id parent_id)
	CPOL_DEPRECATED("use cpol_address_children_iter_new()");

/**
 * Deprecated: use cpol_address_subtree_iter_new().
 * @param out receives the iterator; free it with cpol_address_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param id the top node of the subtree.
 * @return as cpol_address_subtree_iter_new().
 */
CPOL_EXTERN int cpol_address_iter_subtree(cpol_address_iter **out, cpol_db *db, cpol_id id)
	CPOL_DEPRECATED("use cpol_address_subtree_iter_new()");

/**
 * Deprecated: use cpol_staff_office_iter_new().
 * @param out receives the iterator; free it with cpol_staff_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param office_id the office.
 * @param on the day.
 * @return as cpol_staff_office_iter_new().
 */
CPOL_EXTERN int cpol_staff_iter_office(cpol_staff_iter **out, cpol_db *db, cpol_id office_id,
                                       cpol_date on)
	CPOL_DEPRECATED("use cpol_staff_office_iter_new()");

/**
 * Deprecated: use cpol_work_rates_measure() with a cpol_work_rates whose
 * version is set (CPOL_WORK_RATES_INIT). Fills the 0.1.0 layout.
 * @param out receives the rates.
 * @param db the handle.
 * @param rules the office's region rules.
 * @param office_id the office.
 * @param officer_id 0, or one officer.
 * @param from first day.
 * @param to last day.
 * @return as cpol_work_rates_measure().
 */
CPOL_EXTERN int cpol_work_rates_get(cpol_work_rates_v0 *out, cpol_db *db, const cpol_rules *rules,
                                    cpol_id office_id, cpol_id officer_id, cpol_date from,
                                    cpol_date to)
	CPOL_DEPRECATED("use cpol_work_rates_measure() with CPOL_WORK_RATES_INIT");

/**
 * Deprecated: use cpol_import_run() with a cpol_import_report whose version
 * is set (CPOL_IMPORT_REPORT_INIT). Fills the 0.1.0 layout.
 * @param report receives the report; may be NULL.
 * @param db the handle.
 * @param path the file.
 * @param opts required (kind).
 * @return as cpol_import_run().
 */
CPOL_EXTERN int cpol_import_file(cpol_import_report_v0 *report, cpol_db *db, const char *path,
                                 const cpol_import_options *opts)
	CPOL_DEPRECATED("use cpol_import_run() with CPOL_IMPORT_REPORT_INIT");

/**
 * The layout of cpol_audit_summary in 0.1.0, without a version: what
 * cpol_audit_verify() fills. Use cpol_audit_summary with
 * cpol_audit_trail_verify().
 */
typedef struct cpol_audit_summary_v0 {
	int64_t findings;       /**< as cpol_audit_summary.findings */
	int64_t entries;        /**< as cpol_audit_summary.entries */
	int64_t entries_keyed;  /**< as cpol_audit_summary.entries_keyed */
	int64_t rows;           /**< as cpol_audit_summary.rows */
	cpol_id head_id;        /**< as cpol_audit_summary.head_id */
	char head_hash[65];     /**< as cpol_audit_summary.head_hash */
	char key_id[17];        /**< as cpol_audit_summary.key_id */
} cpol_audit_summary_v0;

/**
 * The layout of cpol_calendar_day in 0.1.0, without a version: what
 * cpol_rules_calendar_day() fills. Use cpol_calendar_day with
 * cpol_calendar_day_get().
 */
typedef struct cpol_calendar_day_v0 {
	int working;              /**< as cpol_calendar_day.working */
	int provisional;          /**< as cpol_calendar_day.provisional */
	const char *holiday;      /**< as cpol_calendar_day.holiday */
	const cpol_rule_ref *ref; /**< as cpol_calendar_day.ref */
} cpol_calendar_day_v0;

/**
 * The layout of cpol_item_score in 0.1.0, without a version: what
 * cpol_rules_score_item() fills. Use cpol_item_score with
 * cpol_item_score_compute().
 */
typedef struct cpol_item_score_v0 {
	double points;                /**< as cpol_item_score.points */
	double deduction;             /**< as cpol_item_score.deduction */
	double shortfall;             /**< as cpol_item_score.shortfall */
	int capped;                   /**< as cpol_item_score.capped */
	const cpol_rules_item *item;  /**< as cpol_item_score.item */
	const cpol_rule_ref *ref;     /**< as cpol_item_score.ref */
} cpol_item_score_v0;

/**
 * Deprecated: use cpol_person_details_update() with a
 * cpol_person_details_change (updates take a versioned change struct).
 * @param db the handle.
 * @param person_id the person.
 * @param name new name; NULL keeps it.
 * @param phone new phone; NULL keeps it, "" clears it.
 * @param hukou new 户籍地址; NULL keeps it, "" clears it.
 * @param hukou_address_id new 户籍 address; -1 keeps it, 0 clears it.
 * @return as cpol_person_details_update().
 */
CPOL_EXTERN int cpol_person_update(cpol_db *db, cpol_id person_id, const char *name,
                                   const char *phone, const char *hukou,
                                   cpol_id hukou_address_id)
	CPOL_DEPRECATED("use cpol_person_details_update()");

/**
 * Deprecated: use cpol_person_end() (a leaving with a day is its own verb;
 * archives take (db, id)).
 * @param db the handle.
 * @param person_id the person.
 * @param on the last day of the open residence and labels.
 * @param reason required.
 * @return as cpol_person_end().
 */
CPOL_EXTERN int cpol_person_archive(cpol_db *db, cpol_id person_id, cpol_date on,
                                    const char *reason)
	CPOL_DEPRECATED("use cpol_person_end()");

/**
 * Deprecated: use cpol_org_unit_archive(db, level, id) for regions ...
 * communities, and for staff cpol_staff_end(db, id, on, reason) then
 * cpol_staff_archive(db, id).
 * @param db the handle.
 * @param level which table.
 * @param id the record.
 * @param on for staff: the last day of their open assignment (required);
 *        ignored for other levels.
 * @return as cpol_org_unit_archive().
 */
CPOL_EXTERN int cpol_org_archive(cpol_db *db, cpol_org_level level, cpol_id id, cpol_date on)
	CPOL_DEPRECATED("use cpol_org_unit_archive() or cpol_staff_archive()");

/**
 * Deprecated: use cpol_audit_trail_verify() with a versioned
 * cpol_audit_summary (CPOL_AUDIT_SUMMARY_INIT).
 * @param out receives the summary in the 0.1.0 layout, or NULL.
 * @param db the handle.
 * @param cb called for each finding, or NULL.
 * @param payload passed to cb.
 * @return as cpol_audit_trail_verify().
 */
CPOL_EXTERN int cpol_audit_verify(cpol_audit_summary_v0 *out, cpol_db *db,
                                  cpol_audit_finding_cb cb, void *payload)
	CPOL_DEPRECATED("use cpol_audit_trail_verify() with CPOL_AUDIT_SUMMARY_INIT");

/**
 * Deprecated: use cpol_calendar_day_get() with a versioned
 * cpol_calendar_day (CPOL_CALENDAR_DAY_INIT).
 * @param out receives the day in the 0.1.0 layout.
 * @param rules the rule set.
 * @param date the day.
 * @return as cpol_calendar_day_get().
 */
CPOL_EXTERN int cpol_rules_calendar_day(cpol_calendar_day_v0 *out, const cpol_rules *rules,
                                        cpol_date date)
	CPOL_DEPRECATED("use cpol_calendar_day_get() with CPOL_CALENDAR_DAY_INIT");

/**
 * Deprecated: use cpol_item_score_compute() with a versioned
 * cpol_item_score (CPOL_ITEM_SCORE_INIT).
 * @param out receives the score in the 0.1.0 layout.
 * @param rules the rule set.
 * @param item_id the item's id.
 * @param value the metric value.
 * @return as cpol_item_score_compute().
 */
CPOL_EXTERN int cpol_rules_score_item(cpol_item_score_v0 *out, const cpol_rules *rules,
                                      const char *item_id, double value)
	CPOL_DEPRECATED("use cpol_item_score_compute() with CPOL_ITEM_SCORE_INIT");

/**
 * Deprecated: use cpol_metric_value_get(), named after the
 * cpol_metric_value it returns (freed with cpol_metric_value_free()).
 * @param out receives a new value; free it with cpol_metric_value_free().
 * @param assessor the assessor.
 * @param name the metric.
 * @param subject_kind officer or office.
 * @param subject_id the staff or office id.
 * @param period the period.
 * @return as cpol_metric_value_get().
 */
CPOL_EXTERN int cpol_assessor_metric(cpol_metric_value **out, cpol_assessor *assessor,
                                     const char *name, cpol_subject_kind subject_kind,
                                     cpol_id subject_id, const cpol_period *period)
	CPOL_DEPRECATED("use cpol_metric_value_get()");

CPOL_END_DECL

#endif /* CPOL_DEPRECATE_HARD */

#endif

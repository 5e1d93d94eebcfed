/*
 * libcommpolice — assess: the built-in metrics, surveys, stored metric
 * values and the subjects of a scoring.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Each built-in metric is defined in one place: one row of the table
 * `builtins` below, with its SQL. The SQL reads the other modules' tables
 * (org, population, units, work) directly, read-only, because scoring a
 * region's quarter is a few grouped queries, where going through their
 * record-by-record iterators would be thousands of round trips (the
 * benchmark in tests/bench/bench_assess.c holds us to twice the cost of a
 * hand-written aggregation). The definitions are in docs/assess.md; the
 * tests in tests/unit/test_assess.c check each on records worked out by
 * hand.
 *
 * Every batch query takes ?1 = the period's first day, ?2 = its last day,
 * ?3 = a JSON array of subject ids (officers or offices), and returns rows
 * (subject id, numerator, denominator); the records query returns
 * (subject id, record id) for the records counted.
 */
#include "assess_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ built-in metrics */

/* Binds the metric's extra parameters from ?4 on; sets *why when the rules lack what it needs. */
typedef int (*extra_fn)(cpol__stmt *st, const cpol_rules *rules, const cpol_period *p,
                        const char **why);

enum {
	SPECIAL_NONE = 0, SPECIAL_MONTHS, SPECIAL_DAYS,
	/* The completion rates of the work module (cpol_work_rates_measure()). */
	SPECIAL_WORK_INSPECTIONS, SPECIAL_WORK_NOTICES, SPECIAL_WORK_RETURNS, SPECIAL_WORK_FEEDBACK
};

struct cpol__builtin {
	cpol_metric_def def;
	const char *table;           /* a table it reads: missing means its module is not built */
	int by_office;               /* officers take their office's value */
	const char *officer_sql;
	const char *office_sql;
	const char *officer_records;
	const char *office_records;
	const char *record_table;
	const char *num_label;       /* "households visited" */
	const char *den_label;       /* "inspections due" */
	int empty_full;              /* RATE with nothing due counts as 100% (nothing was missed) */
	int per_month;               /* value = numerator / months of the period */
	extra_fn extra;
	int special;
};

#define OFFICER (CPOL_SUBJECT_BIT(CPOL_SUBJECT_OFFICER))
#define OFFICE (CPOL_SUBJECT_BIT(CPOL_SUBJECT_OFFICE))
/* The subject column among the batch's ids; "IS NOT NULL" lets SQLite use
 * the partial indexes on officer_id (visit_by_officer, inspection_by_officer). */
#define IDS(col) " AND " col " IS NOT NULL AND " col " IN (SELECT value FROM json_each(?3))"

/* --- surveys (this module) */
#define SURVEY_SQL(kind) \
	"SELECT office_id, sum(positive), sum(sample_size) FROM assess_survey" \
	" WHERE kind = '" kind "' AND archived_at IS NULL AND conducted_on BETWEEN ?1 AND ?2" \
	IDS("office_id") " GROUP BY office_id"
#define SURVEY_RECORDS(kind) \
	"SELECT office_id, id FROM assess_survey" \
	" WHERE kind = '" kind "' AND archived_at IS NULL AND conducted_on BETWEEN ?1 AND ?2" \
	IDS("office_id") " ORDER BY office_id, id"

/* --- visits (work) */
#define VISITS_SQL(col, kind, what) \
	"SELECT " col ", " what ", 0 FROM visit WHERE kind = '" kind "' AND archived_at IS NULL" \
	" AND on_date BETWEEN ?1 AND ?2" IDS(col) " GROUP BY " col
#define HOUSEHOLDS_RECORDS(col) \
	"SELECT " col ", min(id) FROM visit WHERE kind = 'household' AND archived_at IS NULL" \
	" AND house_id IS NOT NULL AND on_date BETWEEN ?1 AND ?2" IDS(col) \
	" GROUP BY " col ", house_id ORDER BY 1, 2"
#define VISITS_RECORDS(col, kind) \
	"SELECT " col ", id FROM visit WHERE kind = '" kind "' AND archived_at IS NULL" \
	" AND on_date BETWEEN ?1 AND ?2" IDS(col) " ORDER BY 1, 2"

/*
 * A calendar-period key of a date, by a cadence unit bound as text: two
 * dates have the same key when they fall in the same week, half month,
 * month, quarter, half year or year. Used to count "in how many of the
 * periods it was owed was it done".
 */
#define PERIOD_KEY(d, unit) \
	"CASE " unit \
	" WHEN 'week' THEN date(" d ", '-' || ((CAST(strftime('%w', " d ") AS INTEGER) + 6) % 7) || ' days')" \
	" WHEN 'half-month' THEN substr(" d ", 1, 7) || (CAST(substr(" d ", 9, 2) AS INTEGER) > 15)" \
	" WHEN 'month' THEN substr(" d ", 1, 7)" \
	" WHEN 'quarter' THEN substr(" d ", 1, 4) || ((CAST(substr(" d ", 6, 2) AS INTEGER) + 2) / 3)" \
	" WHEN 'half-year' THEN substr(" d ", 1, 4) || (CAST(substr(" d ", 6, 2) AS INTEGER) > 6)" \
	" ELSE substr(" d ", 1, 4) END"

/* --- inspections made (work) */
#define INSPECTIONS_SQL(col) \
	"SELECT " col ", count(*), 0 FROM inspection WHERE archived_at IS NULL" \
	" AND on_date BETWEEN ?1 AND ?2" IDS(col) " GROUP BY " col
#define INSPECTIONS_RECORDS(col) \
	"SELECT " col ", id FROM inspection WHERE archived_at IS NULL" \
	" AND on_date BETWEEN ?1 AND ?2" IDS(col) " ORDER BY 1, 2"

/* --- meetings and notices held (work): ?4 = JSON array of obligation ids of that kind */
#define HELD_SQL(col) \
	"SELECT " col ", count(*), 0 FROM duty_record WHERE archived_at IS NULL" \
	" AND held_on BETWEEN ?1 AND ?2 AND obligation IN (SELECT value FROM json_each(?4))" \
	IDS(col) " GROUP BY " col
#define HELD_RECORDS(col) \
	"SELECT " col ", id FROM duty_record WHERE archived_at IS NULL" \
	" AND held_on BETWEEN ?1 AND ?2 AND obligation IN (SELECT value FROM json_each(?4))" \
	IDS(col) " ORDER BY 1, 2"

/* --- information items reported (work) */
#define INFO_ITEMS_SQL(col) \
	"SELECT " col ", count(*), 0 FROM information_item WHERE archived_at IS NULL" \
	" AND reported_on BETWEEN ?1 AND ?2" IDS(col) " GROUP BY " col
#define INFO_ITEMS_RECORDS(col) \
	"SELECT " col ", id FROM information_item WHERE archived_at IS NULL" \
	" AND reported_on BETWEEN ?1 AND ?2" IDS(col) " ORDER BY 1, 2"

/* --- patrols led and publicity events held (work, lib/work_patrol.c); a
 * patrol counts on the day it started, after midnight or not */
#define PATROLS_SQL(col, extra) \
	"SELECT " col ", count(*), 0 FROM patrol WHERE archived_at IS NULL" extra \
	" AND on_date BETWEEN ?1 AND ?2" IDS(col) " GROUP BY " col
#define PATROLS_RECORDS(col, extra) \
	"SELECT " col ", id FROM patrol WHERE archived_at IS NULL" extra \
	" AND on_date BETWEEN ?1 AND ?2" IDS(col) " ORDER BY 1, 2"
#define PUBLICITY_SQL(col) \
	"SELECT " col ", count(*), 0 FROM publicity_event WHERE archived_at IS NULL" \
	" AND on_date BETWEEN ?1 AND ?2" IDS(col) " GROUP BY " col
#define PUBLICITY_RECORDS(col) \
	"SELECT " col ", id FROM publicity_event WHERE archived_at IS NULL" \
	" AND on_date BETWEEN ?1 AND ?2" IDS(col) " ORDER BY 1, 2"

/* --- population of an office: actual residence on the period's last day in
 * a community one of its districts covers then */
#define RESIDENTS_FROM \
	" FROM residence r JOIN person p ON p.id = r.person_id AND p.archived_at IS NULL" \
	" JOIN house h ON h.id = r.house_id" \
	" JOIN coverage c ON c.community_id = h.community_id AND c.archived_at IS NULL" \
	"   AND c.valid_from <= ?2 AND (c.valid_to IS NULL OR c.valid_to >= ?2)" \
	" JOIN district d ON d.id = c.district_id" \
	" WHERE r.archived_at IS NULL AND r.valid_from <= ?2 AND (r.valid_to IS NULL OR r.valid_to >= ?2)" \
	IDS("d.office_id")
#define RESIDENTS_SQL "SELECT d.office_id, count(DISTINCT r.person_id), 0" RESIDENTS_FROM \
	" GROUP BY d.office_id"
#define RESIDENTS_RECORDS "SELECT DISTINCT d.office_id, r.person_id" RESIDENTS_FROM " ORDER BY 1, 2"
#define OFFICERS_FROM \
	" FROM staff_assignment a JOIN staff s ON s.id = a.staff_id AND s.kind = 'officer'" \
	" AND s.archived_at IS NULL WHERE a.archived_at IS NULL AND a.valid_from <= ?2" \
	" AND (a.valid_to IS NULL OR a.valid_to >= ?2)" IDS("a.office_id")
#define OFFICERS_SQL "SELECT a.office_id, count(DISTINCT a.staff_id), 0" OFFICERS_FROM \
	" GROUP BY a.office_id"
#define OFFICERS_RECORDS "SELECT DISTINCT a.office_id, a.staff_id" OFFICERS_FROM " ORDER BY 1, 2"
#define PER_OFFICER_SQL \
	"WITH res(office_id, n, z) AS (" RESIDENTS_SQL "), off(office_id, n, z) AS (" OFFICERS_SQL ")" \
	" SELECT off.office_id, coalesce(res.n, 0), off.n FROM off LEFT JOIN res" \
	" ON res.office_id = off.office_id"
#define HOUSES_FROM \
	" FROM house h JOIN coverage c ON c.community_id = h.community_id AND c.archived_at IS NULL" \
	"   AND c.valid_from <= ?2 AND (c.valid_to IS NULL OR c.valid_to >= ?2)" \
	" JOIN district d ON d.id = c.district_id WHERE h.archived_at IS NULL" IDS("d.office_id")
#define HOUSES_SQL "SELECT d.office_id, count(DISTINCT h.id), 0" HOUSES_FROM " GROUP BY d.office_id"
#define HOUSES_RECORDS "SELECT DISTINCT d.office_id, h.id" HOUSES_FROM " ORDER BY 1, 2"

/* --- cases (发案): criminal and public-order incidents received in the period */
#define CASES_WHERE \
	" FROM incident WHERE archived_at IS NULL AND kind IN ('criminal', 'public_order')" \
	" AND received_on BETWEEN ?1 AND ?2" IDS("office_id")
#define CASES_SQL "SELECT office_id, count(*), 0" CASES_WHERE " GROUP BY office_id"
#define CASES_RECORDS "SELECT office_id, id" CASES_WHERE " ORDER BY 1, 2"
#define CASES_PER_10K_SQL \
	"WITH res(office_id, n, z) AS (" RESIDENTS_SQL "), cs(office_id, n, z) AS (" CASES_SQL ")," \
	" ids AS (SELECT value AS office_id FROM json_each(?3))" \
	" SELECT ids.office_id, coalesce(cs.n, 0), coalesce(res.n, 0) FROM ids" \
	" LEFT JOIN res ON res.office_id = ids.office_id LEFT JOIN cs ON cs.office_id = ids.office_id"

/* --- key persons talked to in each talk period owed: ?4 = [{"code", "unit", "n"}] */
#define TALKS_KP \
	"WITH cad AS (SELECT value->>'code' AS code, value->>'unit' AS unit, value->>'n' AS n" \
	"   FROM json_each(?4))," \
	" kp AS (SELECT p.office_id AS office_id, l.person_id AS person_id, cad.unit AS unit," \
	"   max(cad.n) AS n FROM label l JOIN cad ON cad.code = l.code" \
	"   JOIN person p ON p.id = l.person_id AND p.archived_at IS NULL" \
	"   WHERE l.archived_at IS NULL AND l.valid_from <= ?2 AND (l.valid_to IS NULL OR l.valid_to >= ?1)" \
	IDS("p.office_id") " GROUP BY l.person_id)"
#define TALKS_SQL TALKS_KP \
	", done AS (SELECT kp.person_id AS person_id, count(DISTINCT " PERIOD_KEY("t.on_date", "kp.unit") \
	") AS k FROM kp JOIN contact t ON t.person_id = kp.person_id AND t.kind = 'talk'" \
	" AND t.archived_at IS NULL AND t.on_date BETWEEN ?1 AND ?2 GROUP BY kp.person_id)" \
	" SELECT kp.office_id, sum(min(coalesce(done.k, 0), kp.n)), sum(kp.n)" \
	" FROM kp LEFT JOIN done ON done.person_id = kp.person_id GROUP BY kp.office_id"
#define TALKS_RECORDS TALKS_KP \
	" SELECT kp.office_id, t.id FROM kp JOIN contact t ON t.person_id = kp.person_id" \
	" AND t.kind = 'talk' AND t.archived_at IS NULL AND t.on_date BETWEEN ?1 AND ?2 ORDER BY 1, 2"

static int extra_talks(cpol__stmt *st, const cpol_rules *rules, const cpol_period *p,
                       const char **why);
static int extra_meetings(cpol__stmt *st, const cpol_rules *rules, const cpol_period *p,
                          const char **why);
static int extra_notices(cpol__stmt *st, const cpol_rules *rules, const cpol_period *p,
                         const char **why);

static const cpol__builtin builtins[] = {
	/* ------------------------------------------------------------ surveys */
	{ { "satisfaction_rate", "群众满意率", CPOL_METRIC_RATE, CPOL_METRIC_SURVEY, OFFICER | OFFICE,
	    "assess", "Satisfied respondents over respondents, pooled over the satisfaction surveys "
	    "of the office conducted in the period; an officer has the figure of his office." },
	  "assess_survey", 1, NULL, SURVEY_SQL("satisfaction"), NULL, SURVEY_RECORDS("satisfaction"),
	  "assess_survey", "satisfied", "respondents", 0, 0, NULL, 0 },
	{ { "familiarity_rate", "熟识率", CPOL_METRIC_RATE, CPOL_METRIC_SURVEY, OFFICER | OFFICE,
	    "assess", "Respondents who know their community officer over respondents, pooled over "
	    "the familiarity surveys of the office conducted in the period." },
	  "assess_survey", 1, NULL, SURVEY_SQL("familiarity"), NULL, SURVEY_RECORDS("familiarity"),
	  "assess_survey", "familiar", "respondents", 0, 0, NULL, 0 },
	{ { "visibility_rate", "见警率", CPOL_METRIC_RATE, CPOL_METRIC_SURVEY, OFFICER | OFFICE,
	    "assess", "Respondents who saw police in their community lately over respondents, "
	    "pooled over the visibility surveys of the office conducted in the period." },
	  "assess_survey", 1, NULL, SURVEY_SQL("visibility"), NULL, SURVEY_RECORDS("visibility"),
	  "assess_survey", "saw police", "respondents", 0, 0, NULL, 0 },
	/* ------------------------------------------------------------- visits */
	{ { "households_visited", "入户走访户数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Distinct houses with a household visit (visit kind "
	    "'household') in the period, by the officer or by the office." },
	  "visit", 0, VISITS_SQL("officer_id", "household", "count(DISTINCT house_id)"),
	  VISITS_SQL("office_id", "household", "count(DISTINCT house_id)"),
	  HOUSEHOLDS_RECORDS("officer_id"), HOUSEHOLDS_RECORDS("office_id"), "visit",
	  "households visited", NULL, 0, 0, NULL, 0 },
	{ { "households_visited_per_month", "月均入户走访户数", CPOL_METRIC_NUMBER,
	    CPOL_METRIC_BUILTIN, OFFICER | OFFICE, "work", "households_visited divided by the months "
	    "of the period: the figure a monthly target (每月走访30户) is checked against." },
	  "visit", 0, VISITS_SQL("officer_id", "household", "count(DISTINCT house_id)"),
	  VISITS_SQL("office_id", "household", "count(DISTINCT house_id)"),
	  HOUSEHOLDS_RECORDS("officer_id"), HOUSEHOLDS_RECORDS("office_id"), "visit",
	  "households visited", "months", 0, 1, NULL, 0 },
	{ { "key_person_visits", "走访重点人员次数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Visits of kind 'key_person' in the period." },
	  "visit", 0, VISITS_SQL("officer_id", "key_person", "count(*)"),
	  VISITS_SQL("office_id", "key_person", "count(*)"),
	  VISITS_RECORDS("officer_id", "key_person"), VISITS_RECORDS("office_id", "key_person"),
	  "visit", "key-person visits", NULL, 0, 0, NULL, 0 },
	{ { "key_person_visits_per_month", "月均走访重点人员次数", CPOL_METRIC_NUMBER,
	    CPOL_METRIC_BUILTIN, OFFICER | OFFICE, "work", "key_person_visits divided by the months "
	    "of the period." },
	  "visit", 0, VISITS_SQL("officer_id", "key_person", "count(*)"),
	  VISITS_SQL("office_id", "key_person", "count(*)"),
	  VISITS_RECORDS("officer_id", "key_person"), VISITS_RECORDS("office_id", "key_person"),
	  "visit", "key-person visits", "months", 0, 1, NULL, 0 },
	{ { "key_person_talks_on_time", "重点人员按期谈话率", CPOL_METRIC_RATE, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "population", "For the persons of the office with a label whose "
	    "`talk:` cadence is a calendar period (重点人口: quarter), live during the period: talk "
	    "periods with a talk (contact kind 'talk') over talk periods owed in the period. "
	    "Nothing owed counts as 100%. An officer has the figure of his office." },
	  "contact", 1, NULL, TALKS_SQL, NULL, TALKS_RECORDS, "contact", "talk periods with a talk",
	  "talk periods owed", 1, 0, extra_talks, 0 },
	/* -------------------------------------------------------- inspections */
	{ { "inspections_done", "安全检查次数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Inspections made in the period." },
	  "inspection", 0, INSPECTIONS_SQL("officer_id"), INSPECTIONS_SQL("office_id"),
	  INSPECTIONS_RECORDS("officer_id"), INSPECTIONS_RECORDS("office_id"), "inspection",
	  "inspections", NULL, 0, 0, NULL, 0 },
	{ { "inspection_rate", "安全检查完成率", CPOL_METRIC_RATE, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Inspections done against due, as the work module counts them "
	    "(cpol_work_rates_measure()): each calendar period of a place's `inspect:` cadence that "
	    "ends in the period while the place was open is owed, and done when the place was "
	    "inspected in it. An officer answers for the places that fall to him. Nothing owed "
	    "counts as 100%." },
	  "inspection", 0, NULL, NULL, NULL, NULL, NULL, "inspection periods done",
	  "inspection periods owed", 1, 0, NULL, SPECIAL_WORK_INSPECTIONS },
	{ { "notices_closed_on_time", "整改通知按期办结率", CPOL_METRIC_RATE, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Rectification notices whose deadline falls in the period: "
	    "closed on or before the deadline over all of them (cpol_work_rates_measure()). None due "
	    "counts as 100%." },
	  "rectification_notice", 0, NULL, NULL, NULL, NULL, NULL, "closed on time", "notices due",
	  1, 0, NULL, SPECIAL_WORK_NOTICES },
	{ { "return_visits_on_time", "案件回访及时率", CPOL_METRIC_RATE, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Incidents whose time allowed for the return visit "
	    "(`visits.return_visit_within`, 3d) ends in the period: returned to in time over all "
	    "of them (cpol_work_rates_measure()). None counts as 100%." },
	  "incident", 0, NULL, NULL, NULL, NULL, NULL, "returned in time", "return visits owed", 1,
	  0, NULL, SPECIAL_WORK_RETURNS },
	{ { "feedback_on_time", "群众诉求反馈及时率", CPOL_METRIC_RATE, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Resident requests whose time allowed for feedback "
	    "(`visits.feedback_within`, 1w) ends in the period: answered in time over all of them "
	    "(cpol_work_rates_measure()). None counts as 100%." },
	  "resident_request", 0, NULL, NULL, NULL, NULL, NULL, "answered in time", "answers owed", 1,
	  0, NULL, SPECIAL_WORK_FEEDBACK },
	/* ------------------------------------------------- meetings, notices */
	{ { "meetings_held", "会议召开次数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Records of obligations of kind `meeting` held in the period." },
	  "duty_record", 0, HELD_SQL("officer_id"), HELD_SQL("office_id"),
	  HELD_RECORDS("officer_id"), HELD_RECORDS("office_id"), "duty_record",
	  "meetings held", NULL, 0, 0, extra_meetings, 0 },
	{ { "notices_held", "情况通报次数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Records of obligations of kind `notice` (情况通报, 警情通报) "
	    "made in the period." },
	  "duty_record", 0, HELD_SQL("officer_id"), HELD_SQL("office_id"),
	  HELD_RECORDS("officer_id"), HELD_RECORDS("office_id"), "duty_record",
	  "notices made", NULL, 0, 0, extra_notices, 0 },
	/* -------------------------------------------------- information items */
	{ { "information_items", "信息收集条数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Information items (信息收集) reported in the period "
	    "(cpol_info_item_add()), by the officer or by the office; archived ones do not "
	    "count." },
	  "information_item", 0, INFO_ITEMS_SQL("officer_id"), INFO_ITEMS_SQL("office_id"),
	  INFO_ITEMS_RECORDS("officer_id"), INFO_ITEMS_RECORDS("office_id"), "information_item",
	  "information items", NULL, 0, 0, NULL, 0 },
	/* ---------------------------------------------- patrols, publicity */
	{ { "patrols", "巡逻次数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN, OFFICER | OFFICE, "work",
	    "Patrols (cpol_patrol_add()) started in the period, led by the officer, or of the "
	    "office; a patrol after midnight counts on the day it started; archived ones do not "
	    "count." },
	  "patrol", 0, PATROLS_SQL("officer_id", ""), PATROLS_SQL("office_id", ""),
	  PATROLS_RECORDS("officer_id", ""), PATROLS_RECORDS("office_id", ""), "patrol", "patrols",
	  NULL, 0, 0, NULL, 0 },
	{ { "night_patrols", "夜间巡逻次数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN, OFFICER | OFFICE,
	    "work", "Night patrols (any part between 22:00 and 06:00, or marked night) among "
	    "`patrols`: what duty.night_patrols_per_week asks of an officer." },
	  "patrol", 0, PATROLS_SQL("officer_id", " AND night = 1"),
	  PATROLS_SQL("office_id", " AND night = 1"), PATROLS_RECORDS("officer_id", " AND night = 1"),
	  PATROLS_RECORDS("office_id", " AND night = 1"), "patrol", "night patrols", NULL, 0, 0,
	  NULL, 0 },
	{ { "publicity_events", "六防宣传次数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "work", "Publicity events on the six preventions "
	    "(cpol_publicity_add()) held in the period, by the officer or of the office; "
	    "archived ones do not count." },
	  "publicity_event", 0, PUBLICITY_SQL("officer_id"), PUBLICITY_SQL("office_id"),
	  PUBLICITY_RECORDS("officer_id"), PUBLICITY_RECORDS("office_id"), "publicity_event",
	  "publicity events", NULL, 0, 0, NULL, 0 },
	/* ------------------------------------------------------- population */
	{ { "residents", "实有人口", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN, OFFICER | OFFICE,
	    "population", "Persons living, on the period's last day, in a house of a community "
	    "that one of the office's districts covers then. An officer has the figure of his "
	    "office." },
	  "residence", 1, NULL, RESIDENTS_SQL, NULL, RESIDENTS_RECORDS, "person", "residents", NULL,
	  0, 0, NULL, 0 },
	{ { "households", "实有房屋", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN, OFFICER | OFFICE,
	    "population", "Live houses in the communities the office's districts cover on the "
	    "period's last day." },
	  "house", 1, NULL, HOUSES_SQL, NULL, HOUSES_RECORDS, "house", "houses", NULL, 0, 0, NULL, 0 },
	{ { "officers", "民警人数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN, OFFICER | OFFICE, "org",
	    "Officers assigned to the office on the period's last day." },
	  "staff_assignment", 1, NULL, OFFICERS_SQL, NULL, OFFICERS_RECORDS, "staff", "officers",
	  NULL, 0, 0, NULL, 0 },
	{ { "residents_per_officer", "人均管理实有人口", CPOL_METRIC_RATIO, CPOL_METRIC_BUILTIN,
	    OFFICER | OFFICE, "population", "residents over officers of the office on the period's "
	    "last day (staffing standard: 3000)." },
	  "residence", 1, NULL, PER_OFFICER_SQL, NULL, RESIDENTS_RECORDS, "person", "residents",
	  "officers", 0, 0, NULL, 0 },
	{ { "cases", "发案数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN, OFFICER | OFFICE, "work",
	    "Criminal and public-order incidents (刑事、治安案件) received by the office in the "
	    "period." },
	  "incident", 1, NULL, CASES_SQL, NULL, CASES_RECORDS, "incident", "cases", NULL, 0, 0, NULL, 0 },
	{ { "cases_per_10k", "万人发案率", CPOL_METRIC_PER_10K, CPOL_METRIC_BUILTIN, OFFICER | OFFICE,
	    "work", "cases × 10 000 / residents of the office (万人发案率)." },
	  "incident", 1, NULL, CASES_PER_10K_SQL, NULL, CASES_RECORDS, "incident", "cases",
	  "residents", 0, 0, NULL, 0 },
	/* ---------------------------------------------------------- calendar */
	{ { "months", "月数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN, OFFICER | OFFICE, "assess",
	    "Months in the period (1, 3, 6, 12), for formulas that turn a monthly target into the "
	    "period's." },
	  NULL, 0, NULL, NULL, NULL, NULL, NULL, "months", NULL, 0, 0, NULL, SPECIAL_MONTHS },
	{ { "days", "天数", CPOL_METRIC_COUNT, CPOL_METRIC_BUILTIN, OFFICER | OFFICE, "assess",
	    "Days in the period (28 to 366), for formulas that work per day." },
	  NULL, 0, NULL, NULL, NULL, NULL, NULL, "days", NULL, 0, 0, NULL, SPECIAL_DAYS },
};

size_t cpol_metric_builtin_count(void)
{
	return CPOL__ARRAY_SIZE(builtins);
}

const cpol_metric_def *cpol_metric_builtin(size_t index)
{
	return index < CPOL__ARRAY_SIZE(builtins) ? &builtins[index].def : NULL;
}

const cpol__builtin *cpol__builtin_find(const char *name)
{
	size_t i;
	if (!name)
		return NULL;
	for (i = 0; i < CPOL__ARRAY_SIZE(builtins); i++)
		if (strcmp(builtins[i].def.name, name) == 0)
			return &builtins[i];
	return NULL;
}

const cpol_metric_def *cpol__builtin_def(const cpol__builtin *b)
{
	return &b->def;
}

int cpol_metric_builtin_find(const cpol_metric_def **out, const char *name)
{
	const cpol__builtin *b = cpol__builtin_find(name);
	if (out)
		*out = b ? &b->def : NULL;
	if (!b)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "name", "no built-in metric '%s'",
		                          name ? name : "(null)");
	return 0;
}

/* ------------------------------------------------------ extra parameters */

static int months_of(const cpol_period *p)
{
	switch (p->unit) {
	case CPOL_UNIT_MONTH: return 1;
	case CPOL_UNIT_QUARTER: return 3;
	case CPOL_UNIT_HALF_YEAR: return 6;
	default: return 12;
	}
}

static const char *unit_word(cpol_time_unit u)
{
	switch (u) {
	case CPOL_UNIT_WEEK: return "week";
	case CPOL_UNIT_HALF_MONTH: return "half-month";
	case CPOL_UNIT_MONTH: return "month";
	case CPOL_UNIT_QUARTER: return "quarter";
	case CPOL_UNIT_HALF_YEAR: return "half-year";
	case CPOL_UNIT_YEAR: return "year";
	default: return NULL;
	}
}

/* How many calendar periods of a cadence overlap the assessed period. */
static int periods_owed(const cpol_rules *rules, const cpol_cadence *c, const cpol_period *p)
{
	cpol_date s, e, d = p->start;
	int n = 0;

	while (d <= p->end) {
		if (cpol_cadence_period(&s, &e, c, d) < 0 || e < d)
			return 0;
		n++;
		d = e + 1;
	}
	return n;
}

static int bind_json(cpol__stmt *st, int idx, cpol__buf *b)
{
	int rc;
	if (b->oom) {
		cpol__buf_free(b);
		return cpol__error_oom();
	}
	rc = cpol__st_bind_text(st, idx, b->ptr ? b->ptr : "[]", -1);
	cpol__buf_free(b);
	return rc == CPOL__OK ? 0 : cpol__error_oom();
}

static void put_cadence(cpol__buf *b, int *first, const char *code, const cpol_cadence *c, int n)
{
	cpol__buf_puts(b, *first ? "[" : ",");
	*first = 0;
	cpol__buf_puts(b, "{\"code\":");
	cpol__buf_put_json_string(b, code);
	cpol__buf_printf(b, ",\"unit\":\"%s\",\"n\":%d}", unit_word(c->every.unit), n);
}

static int extra_talks(cpol__stmt *st, const cpol_rules *rules, const cpol_period *p,
                       const char **why)
{
	const cpol_rules_population *pop = cpol_rules_get_population(rules);
	cpol__buf b = { 0 };
	size_t i;
	int first = 1;

	for (i = 0; i < pop->label_count; i++) {
		const cpol_rule_cadence *c = &pop->labels[i].talk;
		if (pop->labels[i].kind != CPOL_LABEL_KEY_PERSON || !c->ref ||
		    c->value.kind != CPOL_CADENCE_PERIOD || !unit_word(c->value.every.unit))
			continue;
		put_cadence(&b, &first, pop->labels[i].code, &c->value, periods_owed(rules, &c->value, p));
	}
	if (first)
		*why = "no key-person label of the rules has a `talk:` cadence by calendar period";
	if (!first)
		cpol__buf_puts(&b, "]");
	return bind_json(st, 4, &b);
}

static int bind_obligations(cpol__stmt *st, const cpol_rules *rules, cpol_obligation_kind kind)
{
	const cpol_rules_obligations *ob = cpol_rules_get_obligations(rules);
	cpol__buf b = { 0 };
	size_t i;
	int first = 1;

	cpol__buf_puts(&b, "[");
	for (i = 0; i < ob->count; i++) {
		if (ob->items[i].kind != kind)
			continue;
		if (!first)
			cpol__buf_puts(&b, ",");
		first = 0;
		cpol__buf_put_json_string(&b, ob->items[i].id);
	}
	cpol__buf_puts(&b, "]");
	return bind_json(st, 4, &b);
}

static int extra_meetings(cpol__stmt *st, const cpol_rules *rules, const cpol_period *p,
                          const char **why)
{
	return bind_obligations(st, rules, CPOL_OBLIGATION_MEETING);
}

static int extra_notices(cpol__stmt *st, const cpol_rules *rules, const cpol_period *p,
                         const char **why)
{
	return bind_obligations(st, rules, CPOL_OBLIGATION_NOTICE);
}

/* ------------------------------------------------------------ batches */

static int table_exists(int *out, cpol_db *db, const char *table)
{
	static const char SQL[] = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1";
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, SQL)) < 0)
		return rc;
	if ((rc = cpol__bind_text(st, 1, table)) < 0)
		return rc;
	rc = cpol__st_step(st);
	*out = rc == CPOL__ROW;
	cpol__st_reset(st);
	if (rc != CPOL__ROW && rc != CPOL__DONE)
		return cpol__db_error(db, rc, "looking for a table");
	return 0;
}

/* Sorted unique ids, and for each subject the index of its key among them. */
typedef struct keyset {
	cpol_id *ids;
	size_t n;
	size_t *of;       /* per subject: index into ids */
} keyset;

static int id_cmp(const void *pa, const void *pb)
{
	cpol_id a = *(const cpol_id *)pa, b = *(const cpol_id *)pb;
	return (a > b) - (a < b);
}

static long find_id(const keyset *k, cpol_id id)
{
	size_t lo = 0, hi = k->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (k->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k->n && k->ids[lo] == id ? (long)lo : -1;
}

static int keyset_make(keyset *k, const cpol__subject *subjects, size_t n, int by_office)
{
	size_t i, j;

	memset(k, 0, sizeof(*k));
	if (!(k->ids = malloc(sizeof(*k->ids) * (n ? n : 1))) ||
	    !(k->of = malloc(sizeof(*k->of) * (n ? n : 1)))) {
		/* Reset: the callers' keyset_free() at done: would free them again. */
		free(k->ids);
		free(k->of);
		k->ids = NULL;
		k->of = NULL;
		return cpol__error_oom();
	}
	for (i = 0; i < n; i++)
		k->ids[i] = by_office ? subjects[i].office_id : subjects[i].id;
	if (n)
		qsort(k->ids, n, sizeof(*k->ids), id_cmp);
	for (i = j = 0; i < n; i++)
		if (j == 0 || k->ids[j - 1] != k->ids[i])
			k->ids[j++] = k->ids[i];
	k->n = j;
	for (i = 0; i < n; i++)
		k->of[i] = (size_t)find_id(k, by_office ? subjects[i].office_id : subjects[i].id);
	return 0;
}

static void keyset_free(keyset *k)
{
	free(k->ids);
	free(k->of);
}

static int bind_ids(cpol__stmt *st, int idx, const cpol_id *ids, size_t n)
{
	cpol__buf b = { 0 };
	size_t i;
	cpol__buf_puts(&b, "[");
	for (i = 0; i < n; i++)
		cpol__buf_printf(&b, i ? ",%lld" : "%lld", (long long)ids[i]);
	cpol__buf_puts(&b, "]");
	return bind_json(st, idx, &b);
}

static int bind_period(cpol__stmt *st, const cpol_period *p)
{
	int rc;
	if ((rc = cpol__bind_date(st, 1, p->start)) < 0)
		return rc;
	return cpol__bind_date(st, 2, p->end);
}

static int prepare_batch(cpol__stmt **st, const cpol__builtin *b, const char *sql, cpol_db *db,
                         const cpol_rules *rules, const cpol_period *p, const keyset *k,
                         const char **why)
{
	int rc;
	if ((rc = cpol__db_stmt(db, st, sql)) < 0 || (rc = bind_period(*st, p)) < 0 ||
	    (rc = bind_ids(*st, 3, k->ids, k->n)) < 0)
		return rc;
	if (b->extra && (rc = b->extra(*st, rules, p, why)) < 0)
		return rc;
	return 0;
}

static const char *fmt_num(char *buf, size_t sz, double x)
{
	snprintf(buf, sz, "%.10g", x);
	return buf;
}

static int note_for(cpol__mval *v, const cpol__builtin *b, cpol__apool *pool, const char *office_note)
{
	char a[32], c[32];
	const char *s = NULL;

	switch (b->def.unit) {
	case CPOL_METRIC_COUNT:
		s = cpol__apool_printf(pool, "%s %s%s", fmt_num(a, sizeof(a), v->num), b->num_label,
		                       office_note);
		break;
	case CPOL_METRIC_NUMBER:
		s = cpol__apool_printf(pool, "%s %s / %s %s = %.2f%s", fmt_num(a, sizeof(a), v->num),
		                       b->num_label, fmt_num(c, sizeof(c), v->den), b->den_label,
		                       v->value, office_note);
		break;
	case CPOL_METRIC_RATE:
		if (v->den > 0)
			s = cpol__apool_printf(pool, "%s %s / %s %s = %.2f%%%s", fmt_num(a, sizeof(a), v->num),
			                       b->num_label, fmt_num(c, sizeof(c), v->den), b->den_label,
			                       v->value * 100.0, office_note);
		else if (v->has)
			s = cpol__apool_printf(pool, "no %s in the period: nothing was missed, counted as "
			                       "100%%%s", b->den_label, office_note);
		else if (b->def.source == CPOL_METRIC_SURVEY)
			s = cpol__apool_printf(pool, "no %s survey of the office in the period",
			                       b->def.title);
		else
			s = cpol__apool_printf(pool, "no %s in the period", b->den_label);
		break;
	case CPOL_METRIC_RATIO:
	case CPOL_METRIC_PER_10K:
		if (v->den > 0)
			s = cpol__apool_printf(pool, "%s %s %s %s %s = %.2f%s", fmt_num(a, sizeof(a), v->num),
			                       b->num_label,
			                       b->def.unit == CPOL_METRIC_PER_10K ? "× 10000 /" : "/",
			                       fmt_num(c, sizeof(c), v->den), b->den_label, v->value,
			                       office_note);
		else
			s = cpol__apool_printf(pool, "no %s: the ratio has no value", b->den_label);
		break;
	}
	if (!s)
		return CPOL_ENOMEM;
	v->note = s;
	return 0;
}

/* The value of a metric from its numerator and denominator. */
static void finish_value(cpol__mval *v, const cpol__builtin *b, const cpol_period *p)
{
	if (b->per_month) {
		v->den = months_of(p);
		v->value = v->num / v->den;
		v->has = 1;
		return;
	}
	switch (b->def.unit) {
	case CPOL_METRIC_COUNT:
	case CPOL_METRIC_NUMBER:
		v->value = v->num;
		v->has = 1;
		break;
	case CPOL_METRIC_RATE:
		v->has = v->den > 0 || b->empty_full;
		v->value = v->den > 0 ? v->num / v->den : (b->empty_full ? 1.0 : 0.0);
		break;
	case CPOL_METRIC_RATIO:
		v->has = v->den > 0;
		v->value = v->has ? v->num / v->den : 0;
		break;
	case CPOL_METRIC_PER_10K:
		v->has = v->den > 0;
		v->value = v->has ? v->num * 10000.0 / v->den : 0;
		break;
	}
}

typedef struct rec_pair {
	size_t key;
	cpol_id id;
} rec_pair;

static int pair_cmp(const void *pa, const void *pb)
{
	const rec_pair *a = pa, *b = pb;
	if (a->key != b->key)
		return (a->key > b->key) - (a->key < b->key);
	return (a->id > b->id) - (a->id < b->id);
}

/* Run the records query and give each key its ids (in pool). */
static int batch_records(const cpol__builtin *b, const char *sql, cpol_db *db,
                         const cpol_rules *rules, const cpol_period *p, const keyset *k,
                         cpol__mval *keyvals, cpol__apool *pool)
{
	cpol__stmt *st;
	rec_pair *pairs = NULL;
	size_t n = 0, cap = 0, i, start;
	const char *why = NULL;
	int rc;

	if ((rc = prepare_batch(&st, b, sql, db, rules, p, k, &why)) < 0)
		return rc;
	if (why)
		return 0;
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		long key = find_id(k, cpol__st_column_int64(st, 0));
		if (key < 0)
			continue;
		if (n == cap) {
			rec_pair *g = realloc(pairs, sizeof(*g) * (cap = cap ? cap * 2 : 64));
			if (!g) {
				free(pairs);
				cpol__st_reset(st);
				return cpol__error_oom();
			}
			pairs = g;
		}
		pairs[n].key = (size_t)key;
		pairs[n].id = cpol__st_column_int64(st, 1);
		n++;
	}
	cpol__st_reset(st);
	if (rc != CPOL__DONE) {
		free(pairs);
		return cpol__db_error(db, rc, b->def.name);
	}
	if (n)
		qsort(pairs, n, sizeof(*pairs), pair_cmp);
	for (start = 0; start < n; start = i) {
		cpol__mval *v = &keyvals[pairs[start].key];
		for (i = start; i < n && pairs[i].key == pairs[start].key; i++)
			;
		if (!(v->records = cpol__apool_alloc(pool, sizeof(cpol_id) * (i - start)))) {
			free(pairs);
			return CPOL_ENOMEM;
		}
		for (v->record_count = 0; v->record_count < i - start; v->record_count++)
			v->records[v->record_count] = pairs[start + v->record_count].id;
		v->record_table = b->record_table;
	}
	free(pairs);
	return 0;
}

static int special_batch(const cpol__builtin *b, const cpol_period *p, size_t n, cpol__mval *vals,
                         cpol__apool *pool)
{
	double x = b->special == SPECIAL_MONTHS ? months_of(p) : (double)(p->end - p->start + 1);
	const char *note = cpol__apool_printf(pool, "%.0f %s in the period", x, b->num_label);
	size_t i;
	if (!note)
		return CPOL_ENOMEM;
	for (i = 0; i < n; i++) {
		vals[i].has = 1;
		vals[i].value = vals[i].num = x;
		vals[i].note = note;
	}
	return 0;
}

int cpol__builtin_batch(const cpol__builtin *b, cpol_db *db, const cpol_rules *rules,
                        cpol_subject_kind kind, const cpol_period *p,
                        const cpol__subject *subjects, size_t n, cpol__mval *vals,
                        cpol__apool *pool, int with_records)
{
	int by_office = b->by_office && kind == CPOL_SUBJECT_OFFICER;
	int office_level = kind == CPOL_SUBJECT_OFFICE || by_office;
	const char *sql = office_level ? b->office_sql : b->officer_sql;
	const char *rsql = office_level ? b->office_records : b->officer_records;
	const char *why = NULL;
	cpol__mval *keyvals = NULL;
	cpol__stmt *st;
	keyset k;
	size_t i;
	int rc, exists = 0;

	if (b->special)
		return special_batch(b, p, n, vals, pool);
	if ((rc = table_exists(&exists, db, b->table)) < 0)
		return rc;
	if (!exists)
		return cpol__error_set_at(CPOL_EUNSUPPORTED, NULL, 0, 0, b->def.name,
		                          "metric '%s' counts records of the %s module (table %s), "
		                          "which this database does not have", b->def.name,
		                          b->def.module, b->table);
	if (n == 0)
		return 0;
	if ((rc = keyset_make(&k, subjects, n, by_office)) < 0)
		return rc;
	if (!(keyvals = calloc(k.n ? k.n : 1, sizeof(*keyvals)))) {
		rc = cpol__error_oom();
		goto done;
	}
	if ((rc = prepare_batch(&st, b, sql, db, rules, p, &k, &why)) < 0)
		goto done;
	if (why) {
		/* The rules lack what the metric needs: no value, and the note says why. */
		for (i = 0; i < n; i++)
			vals[i].note = why;
		goto done;
	}
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		long key = find_id(&k, cpol__st_column_int64(st, 0));
		if (key < 0)
			continue;
		keyvals[key].num = cpol__st_column_double(st, 1);
		keyvals[key].den = cpol__st_column_double(st, 2);
	}
	cpol__st_reset(st);
	if (rc != CPOL__DONE) {
		rc = cpol__db_error(db, rc, b->def.name);
		goto done;
	}
	rc = 0;
	for (i = 0; i < k.n; i++) {
		finish_value(&keyvals[i], b, p);
		if ((rc = note_for(&keyvals[i], b, pool, by_office ? " (the office's figure)" : "")) < 0)
			goto done;
	}
	if (with_records && rsql &&
	    (rc = batch_records(b, rsql, db, rules, p, &k, keyvals, pool)) < 0)
		goto done;
	for (i = 0; i < n; i++)
		vals[i] = keyvals[k.of[i]];
done:
	free(keyvals);
	keyset_free(&k);
	return rc;
}

/* ------------------------------------------------ the work module's rates */

int cpol__builtin_work_rate(const cpol__builtin *b)
{
	return b->special >= SPECIAL_WORK_INSPECTIONS ? b->special - SPECIAL_WORK_INSPECTIONS : -1;
}

/*
 * The four completion rates come from cpol_work_rates_measure(), which owns
 * their definition (the due lists use the same counting); one call per
 * subject gives all four, so a run asks once and keeps them.
 */
int cpol__work_rates_batch(cpol_work_rates **out, cpol_db *db, const cpol_rules *rules,
                           cpol_subject_kind kind, const cpol_period *p,
                           const cpol__subject *subjects, size_t n)
{
	cpol_work_rates *rates;
	size_t i;
	int rc;

	*out = NULL;
	if (!(rates = calloc(n + 1, sizeof(*rates))))
		return cpol__error_oom();
	for (i = 0; i < n; i++) {
		rates[i].version = CPOL_WORK_RATES_VERSION;
		rc = cpol_work_rates_measure(&rates[i], db, rules, subjects[i].office_id,
		                             kind == CPOL_SUBJECT_OFFICER ? subjects[i].id : 0, p->start,
		                             p->end);
		if (rc < 0) {
			free(rates);
			return rc;
		}
	}
	*out = rates;
	return 0;
}

int cpol__work_rate_values(const cpol__builtin *b, const cpol_work_rates *rates,
                           const cpol_period *p, size_t n, cpol__mval *vals, cpol__apool *pool)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		const cpol_work_rate *r;
		const char *rule;
		switch (b->special) {
		case SPECIAL_WORK_INSPECTIONS: r = &rates[i].inspections; break;
		case SPECIAL_WORK_NOTICES: r = &rates[i].notices_on_time; break;
		case SPECIAL_WORK_RETURNS: r = &rates[i].return_visits; break;
		default: r = &rates[i].feedback; break;
		}
		vals[i].num = (double)r->done;
		vals[i].den = (double)r->due;
		finish_value(&vals[i], b, p);
		rule = r->rule_key ? cpol__apool_printf(pool, " (time allowed: %s)", r->rule_key) : "";
		if (!rule || (rc = note_for(&vals[i], b, pool, rule)) < 0)
			return CPOL_ENOMEM;
	}
	return 0;
}

/* ---------------------------------------------------------- stored values */

int cpol_metric_entry_init(cpol_metric_entry *entry, unsigned int version)
{
	static const cpol_metric_entry defaults = CPOL_METRIC_ENTRY_INIT;
	if (!entry)
		return cpol__error_set(CPOL_EINVAL, "entry pointer is NULL");
	if (version != CPOL_METRIC_ENTRY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_metric_entry version %u", version);
	*entry = defaults;
	return 0;
}

static const char STORE_ARCHIVE_SQL[] =
	"UPDATE assess_metric_value SET archived_at = cpol_now() WHERE name = ?1 AND period = ?2"
	" AND subject_kind = ?3 AND subject_id = ?4 AND archived_at IS NULL";
static const char STORE_INSERT_SQL[] =
	"INSERT INTO assess_metric_value (name, subject_kind, subject_id, period, period_start,"
	" period_end, value, numerator, denominator, note, source)"
	" VALUES (?1, ?3, ?4, ?2, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static int store_bind(cpol__stmt *st, const cpol_metric_entry *e, const char *ptext)
{
	int rc;
	if ((rc = cpol__bind_text(st, 1, e->name)) < 0 || (rc = cpol__bind_text(st, 2, ptext)) < 0 ||
	    (rc = cpol__bind_text(st, 3, cpol__subject_kind_name(e->subject_kind))) < 0)
		return rc;
	cpol__st_bind_int64(st, 4, e->subject_id);
	return 0;
}

int cpol_metric_store(cpol_id *out, cpol_db *db, const cpol_metric_entry *e)
{
	char ptext[CPOL_PERIOD_BUFSZ];
	cpol__stmt *st;
	int rc;

	if (out)
		*out = 0;
	if (!db || !e)
		return cpol__error_set(CPOL_EINVAL, "cpol_metric_store: NULL argument");
	if (e->version != CPOL_METRIC_ENTRY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_metric_entry version %u", e->version);
	if (!cpol__metric_name_ok(e->name))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "name",
		                          "metric name '%s' is not a plain name (letters, digits, '_', "
		                          "at most 64)", e->name ? e->name : "(null)");
	if (cpol__builtin_find(e->name))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "name",
		                          "'%s' is a built-in metric, computed from the records; "
		                          "store values under another name", e->name);
	if (!cpol__subject_kind_name(e->subject_kind))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "subject_kind",
		                          "unknown subject kind %d", (int)e->subject_kind);
	if (e->subject_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "subject_id", "no subject given");
	if ((rc = cpol__period_check(&e->period)) < 0)
		return rc;
	if (!isfinite(e->value) || !isfinite(e->numerator) || !isfinite(e->denominator))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "value",
		                          "metric '%s': the value is not a finite number", e->name);
	cpol_period_format(ptext, &e->period);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, STORE_ARCHIVE_SQL)) < 0 || (rc = store_bind(st, e, ptext)) < 0 ||
	    (rc = cpol__db_step_done(db, st, "archiving a stored metric value")) < 0)
		goto done;
	if ((rc = cpol__db_stmt(db, &st, STORE_INSERT_SQL)) < 0 || (rc = store_bind(st, e, ptext)) < 0 ||
	    (rc = cpol__bind_date(st, 5, e->period.start)) < 0 ||
	    (rc = cpol__bind_date(st, 6, e->period.end)) < 0)
		goto done;
	cpol__st_bind_double(st, 7, e->value);
	cpol__st_bind_double(st, 8, e->numerator);
	cpol__st_bind_double(st, 9, e->denominator);
	if ((rc = cpol__bind_text_opt(st, 10, e->note)) < 0 ||
	    (rc = cpol__bind_text_opt(st, 11, e->source)) < 0 ||
	    (rc = cpol__db_step_done(db, st, "storing a metric value")) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

static const char STORED_SQL[] =
	"SELECT subject_id, value, numerator, denominator, note, source, id FROM assess_metric_value"
	" WHERE name = ?1 AND period = ?2 AND subject_kind = ?3 AND archived_at IS NULL"
	" AND subject_id IN (SELECT value FROM json_each(?4))";

static int stored_query(cpol_db *db, const char *name, const char *ptext, cpol_subject_kind kind,
                        const keyset *k, cpol__mval *keyvals, cpol__apool *pool, const char *suffix)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, STORED_SQL)) < 0 || (rc = cpol__bind_text(st, 1, name)) < 0 ||
	    (rc = cpol__bind_text(st, 2, ptext)) < 0 ||
	    (rc = cpol__bind_text(st, 3, cpol__subject_kind_name(kind))) < 0 ||
	    (rc = bind_ids(st, 4, k->ids, k->n)) < 0)
		return rc;
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		long key = find_id(k, cpol__st_column_int64(st, 0));
		const char *note = (const char *)cpol__st_column_text(st, 4);
		const char *source = (const char *)cpol__st_column_text(st, 5);
		cpol__mval *v;
		if (key < 0)
			continue;
		v = &keyvals[key];
		v->has = 1;
		v->value = cpol__st_column_double(st, 1);
		v->num = cpol__st_column_double(st, 2);
		v->den = cpol__st_column_double(st, 3);
		v->note = cpol__apool_printf(pool, "stored%s%s%s%s%s", source ? " by " : "",
		                             source ? source : "", note ? ": " : "", note ? note : "",
		                             suffix);
		if (!v->note || !(v->records = cpol__apool_alloc(pool, sizeof(cpol_id)))) {
			cpol__st_reset(st);
			return CPOL_ENOMEM;
		}
		v->records[0] = cpol__st_column_int64(st, 6);
		v->record_count = 1;
		v->record_table = "assess_metric_value";
	}
	cpol__st_reset(st);
	return rc == CPOL__DONE ? 0 : cpol__db_error(db, rc, "reading stored metric values");
}

int cpol__stored_batch(cpol_db *db, const char *name, cpol_subject_kind kind,
                       const cpol_period *period, const cpol__subject *subjects, size_t n,
                       cpol__mval *vals, cpol__apool *pool)
{
	char ptext[CPOL_PERIOD_BUFSZ];
	cpol__mval *keyvals = NULL, *officevals = NULL;
	keyset k, ko;
	const char *missing;
	size_t i;
	int rc, need_office = 0;

	if (n == 0)
		return 0;
	cpol_period_format(ptext, period);
	memset(&ko, 0, sizeof(ko));
	if ((rc = keyset_make(&k, subjects, n, 0)) < 0)
		return rc;
	if (!(keyvals = calloc(k.n, sizeof(*keyvals)))) {
		rc = cpol__error_oom();
		goto done;
	}
	if ((rc = stored_query(db, name, ptext, kind, &k, keyvals, pool, "")) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		vals[i] = keyvals[k.of[i]];
		need_office |= !vals[i].has && kind == CPOL_SUBJECT_OFFICER;
	}
	/* An officer without a value of his own takes his office's, when one is stored. */
	if (need_office) {
		if ((rc = keyset_make(&ko, subjects, n, 1)) < 0)
			goto done;
		if (!(officevals = calloc(ko.n, sizeof(*officevals)))) {
			rc = cpol__error_oom();
			goto done;
		}
		if ((rc = stored_query(db, name, ptext, CPOL_SUBJECT_OFFICE, &ko, officevals, pool,
		                       " (the office's value)")) < 0)
			goto done;
		for (i = 0; i < n; i++)
			if (!vals[i].has)
				vals[i] = officevals[ko.of[i]];
	}
	missing = cpol__apool_printf(pool, "no value of '%s' is stored for %s; it is not a built-in, "
	                             "derived or added metric either", name, ptext);
	if (!missing) {
		rc = CPOL_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++)
		if (!vals[i].has)
			vals[i].note = missing;
done:
	free(keyvals);
	free(officevals);
	keyset_free(&k);
	keyset_free(&ko);
	return rc;
}

/* ---------------------------------------------------------------- surveys */

static const char *const survey_kinds[] = { NULL, "satisfaction", "familiarity", "visibility" };

int cpol_survey_new_init(cpol_survey_new *spec, unsigned int version)
{
	static const cpol_survey_new defaults = CPOL_SURVEY_NEW_INIT;
	if (!spec)
		return cpol__error_set(CPOL_EINVAL, "spec pointer is NULL");
	if (version != CPOL_SURVEY_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_survey_new version %u", version);
	*spec = defaults;
	return 0;
}

static const char SURVEY_OFFICE_SQL[] = "SELECT 1 FROM office WHERE id = ?1 AND archived_at IS NULL";
static const char SURVEY_INSERT_SQL[] =
	"INSERT INTO assess_survey (office_id, kind, conducted_on, sample_size, positive, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int cpol_survey_add(cpol_id *out, cpol_db *db, const cpol_survey_new *s)
{
	cpol__stmt *st;
	int rc;

	if (out)
		*out = 0;
	if (!db || !s)
		return cpol__error_set(CPOL_EINVAL, "cpol_survey_add: NULL argument");
	if (s->version != CPOL_SURVEY_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_survey_new version %u", s->version);
	if (s->kind < CPOL_SURVEY_SATISFACTION || s->kind > CPOL_SURVEY_VISIBILITY)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "unknown survey kind %d",
		                          (int)s->kind);
	if (s->conducted_on == CPOL_DATE_NONE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "conducted_on",
		                          "a survey needs the day it was conducted");
	if (s->sample_size < 1)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "sample_size",
		                          "a survey needs at least one respondent (sample_size %lld)",
		                          (long long)s->sample_size);
	if (s->positive < 0 || s->positive > s->sample_size)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "positive",
		                          "positive answers (%lld) must be between 0 and the sample "
		                          "size (%lld)", (long long)s->positive, (long long)s->sample_size);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, SURVEY_OFFICE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, s->office_id);
	rc = cpol__st_step(st);
	cpol__st_reset(st);
	if (rc != CPOL__ROW) {
		rc = rc == CPOL__DONE ? cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "office_id",
		                                            "no live office %lld", (long long)s->office_id)
		                       : cpol__db_error(db, rc, "finding the office");
		goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, SURVEY_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, s->office_id);
	cpol__st_bind_int64(st, 4, s->sample_size);
	cpol__st_bind_int64(st, 5, s->positive);
	if ((rc = cpol__bind_text(st, 2, survey_kinds[s->kind])) < 0 ||
	    (rc = cpol__bind_date(st, 3, s->conducted_on)) < 0 ||
	    (rc = cpol__bind_text_opt(st, 6, s->note)) < 0 ||
	    (rc = cpol__db_step_done(db, st, "adding a survey")) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

static const char SURVEY_ARCHIVE_SQL[] =
	"UPDATE assess_survey SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

int cpol_survey_archive(cpol_db *db, cpol_id id)
{
	cpol__stmt *st;
	int rc;

	if (!db)
		return cpol__error_set(CPOL_EINVAL, "cpol_survey_archive: db is NULL");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, SURVEY_ARCHIVE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	if ((rc = cpol__db_step_done(db, st, "archiving a survey")) < 0)
		goto done;
	if (cpol__db_changes(db) == 0)
		rc = cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "survey_id",
		                        "no live survey %lld", (long long)id);
done:
	return cpol__db_finish(db, rc);
}

struct cpol_survey_iter {
	cpol_db *db;
	cpol__stmt *st;
	cpol_id office_id;
	cpol_period period;
	int has_period;
	cpol_id last;       /* the last id read: the next page starts after it */
	int need_page;
	int page_rows;
	int done;
	cpol_survey rec;
	char *note;
	char *archived_at;
};

#define SURVEY_PAGE 256
/* Keyset paging: each page starts after the last id read. */
static const char SURVEY_ITER_SQL[] =
	"SELECT id, office_id, kind, conducted_on, sample_size, positive, note, archived_at"
	" FROM assess_survey WHERE id > ?1 AND archived_at IS NULL"
	" AND (?2 = 0 OR office_id = ?2) AND (?3 IS NULL OR conducted_on BETWEEN ?3 AND ?4)"
	" ORDER BY id LIMIT 256";

int cpol_survey_iter_new(cpol_survey_iter **out, cpol_db *db, cpol_id office_id,
                         const cpol_period *period)
{
	cpol_survey_iter *it;
	int rc;

	if (!out || !db)
		return cpol__error_set(CPOL_EINVAL, "cpol_survey_iter_new: NULL argument");
	*out = NULL;
	if (period && (rc = cpol__period_check(period)) < 0)
		return rc;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	it->office_id = office_id;
	it->need_page = 1;
	if (period) {
		it->period = *period;
		it->has_period = 1;
	}
	rc = cpol__db_prepare(db, &it->st, SURVEY_ITER_SQL);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "listing surveys");
		cpol_survey_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

static int survey_page(cpol_survey_iter *it)
{
	int rc;
	cpol__st_reset(it->st);
	cpol__st_bind_int64(it->st, 1, it->last);
	cpol__st_bind_int64(it->st, 2, it->office_id);
	if (it->has_period) {
		if ((rc = cpol__bind_date(it->st, 3, it->period.start)) < 0 ||
		    (rc = cpol__bind_date(it->st, 4, it->period.end)) < 0)
			return rc;
	} else {
		cpol__st_bind_null(it->st, 3);
		cpol__st_bind_null(it->st, 4);
	}
	it->need_page = 0;
	it->page_rows = 0;
	return 0;
}

int cpol_survey_iter_next(const cpol_survey **out, cpol_survey_iter *it)
{
	const char *kind;
	int rc, oom = 0;
	size_t k;

	if (!out || !it)
		return cpol__error_set(CPOL_EINVAL, "cpol_survey_iter_next: NULL argument");
	*out = NULL;
	for (;;) {
		if (it->done)
			return CPOL_ITEROVER;
		if (it->need_page && (rc = survey_page(it)) < 0)
			return rc;
		rc = cpol__st_step(it->st);
		if (rc == CPOL__ROW)
			break;
		if (rc != CPOL__DONE)
			return cpol__db_error(it->db, rc, "listing surveys");
		/* A full page may have a next one; a short one was the last. */
		if (it->page_rows == SURVEY_PAGE)
			it->need_page = 1;
		else
			it->done = 1;
	}
	it->page_rows++;
	free(it->note);
	free(it->archived_at);
	memset(&it->rec, 0, sizeof(it->rec));
	it->rec.id = it->last = cpol__st_column_int64(it->st, 0);
	it->rec.office_id = cpol__st_column_int64(it->st, 1);
	kind = (const char *)cpol__st_column_text(it->st, 2);
	for (k = 1; k < CPOL__ARRAY_SIZE(survey_kinds); k++)
		if (kind && strcmp(kind, survey_kinds[k]) == 0)
			it->rec.kind = (cpol_survey_kind)k;
	it->rec.conducted_on = cpol__column_date(it->st, 3);
	it->rec.sample_size = cpol__st_column_int64(it->st, 4);
	it->rec.positive = cpol__st_column_int64(it->st, 5);
	it->note = cpol__column_strdup(it->st, 6, &oom);
	it->archived_at = cpol__column_strdup(it->st, 7, &oom);
	if (oom)
		return cpol__error_oom();
	it->rec.note = it->note;
	it->rec.archived_at = it->archived_at;
	*out = &it->rec;
	return 0;
}

void cpol_survey_iter_free(cpol_survey_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->st);
	free(it->note);
	free(it->archived_at);
	free(it);
}

/* --------------------------------------------------------------- subjects */

/*
 * Officers: live staff of kind officer with a live assignment overlapping
 * the period; the office is that of the latest such assignment (the one
 * they ended the period in). Offices: live offices. ?3 is the scope level
 * (0 all, 1 region, 2 station, 3 office), ?4 its id, ?5 one subject or 0.
 */
static const char OFFICER_SUBJECTS_SQL[] =
	"SELECT s.id, s.name, s.badge, o.id, o.name, o.office_class, st.id, st.region_id"
	" FROM staff s"
	" JOIN staff_assignment a ON a.id = (SELECT a2.id FROM staff_assignment a2"
	"   WHERE a2.staff_id = s.id AND a2.archived_at IS NULL AND a2.valid_from <= ?2"
	"   AND (a2.valid_to IS NULL OR a2.valid_to >= ?1)"
	"   ORDER BY a2.valid_from DESC, a2.id DESC LIMIT 1)"
	" JOIN office o ON o.id = a.office_id"
	" JOIN station st ON st.id = o.station_id"
	" WHERE s.kind = 'officer' AND s.archived_at IS NULL AND (?5 = 0 OR s.id = ?5)"
	" AND (?3 = 0 OR (?3 = 1 AND st.region_id = ?4) OR (?3 = 2 AND st.id = ?4)"
	"   OR (?3 = 3 AND o.id = ?4))"
	" ORDER BY s.id";
static const char OFFICE_SUBJECTS_SQL[] =
	"SELECT o.id, o.name, NULL, o.id, o.name, o.office_class, st.id, st.region_id"
	" FROM office o JOIN station st ON st.id = o.station_id"
	" WHERE o.archived_at IS NULL AND (?5 = 0 OR o.id = ?5)"
	" AND (?3 = 0 OR (?3 = 1 AND st.region_id = ?4) OR (?3 = 2 AND st.id = ?4)"
	"   OR (?3 = 3 AND o.id = ?4))"
	" ORDER BY o.id";

static int scope_code(cpol_org_level level)
{
	switch ((int)level) {
	case CPOL_ORG_REGION: return 1;
	case CPOL_ORG_STATION: return 2;
	case CPOL_ORG_OFFICE: return 3;
	default: return 0;
	}
}

static int list_subjects(cpol__subject **out, size_t *count, cpol__apool *pool, cpol_db *db,
                         cpol_subject_kind kind, const cpol_period *period,
                         cpol_org_level scope_level, cpol_id scope_id, cpol_id one)
{
	cpol__stmt *st;
	cpol__subject *arr = NULL;
	size_t n = 0, cap = 0;
	int rc, exists = 0;

	*out = NULL;
	*count = 0;
	if ((rc = table_exists(&exists, db, "staff_assignment")) < 0)
		return rc;
	if (!exists)
		return cpol__error_set(CPOL_EUNSUPPORTED, "scoring needs the org module's tables, "
		                       "which this database does not have");
	if ((rc = cpol__db_stmt(db, &st, kind == CPOL_SUBJECT_OFFICE ? OFFICE_SUBJECTS_SQL
	                                                             : OFFICER_SUBJECTS_SQL)) < 0 ||
	    (rc = bind_period(st, period)) < 0)
		return rc;
	cpol__st_bind_int(st, 3, scope_code(scope_level));
	cpol__st_bind_int64(st, 4, scope_id);
	cpol__st_bind_int64(st, 5, one);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol__subject *s;
		if (n == cap) {
			cpol__subject *g = realloc(arr, sizeof(*g) * (cap = cap ? cap * 2 : 64));
			if (!g) {
				rc = cpol__error_oom();
				goto done;
			}
			arr = g;
		}
		s = &arr[n++];
		s->id = cpol__st_column_int64(st, 0);
		s->name = cpol__apool_strdup(pool, (const char *)cpol__st_column_text(st, 1));
		s->badge = cpol__apool_strdup(pool, (const char *)cpol__st_column_text(st, 2));
		s->office_id = cpol__st_column_int64(st, 3);
		s->office_name = cpol__apool_strdup(pool, (const char *)cpol__st_column_text(st, 4));
		s->office_class = cpol__apool_strdup(pool, (const char *)cpol__st_column_text(st, 5));
		s->station_id = cpol__st_column_int64(st, 6);
		s->region_id = cpol__st_column_int64(st, 7);
		if (!s->name || !s->office_name) {
			rc = CPOL_ENOMEM;
			goto done;
		}
	}
	if (rc != CPOL__DONE) {
		rc = cpol__db_error(db, rc, "listing the subjects to score");
		goto done;
	}
	rc = 0;
	if (n && !(*out = cpol__apool_alloc(pool, sizeof(*arr) * n))) {
		rc = CPOL_ENOMEM;
		goto done;
	}
	if (n)
		memcpy(*out, arr, sizeof(*arr) * n);
	*count = n;
done:
	cpol__st_reset(st);
	free(arr);
	return rc;
}

int cpol__assess_subjects(cpol__subject **out, size_t *count, cpol__apool *pool, cpol_db *db,
                          cpol_subject_kind kind, const cpol_period *period,
                          cpol_org_level scope_level, cpol_id scope_id)
{
	return list_subjects(out, count, pool, db, kind, period, scope_level, scope_id, 0);
}

int cpol__assess_subject(cpol__subject *out, cpol__apool *pool, cpol_db *db,
                         cpol_subject_kind kind, cpol_id id, const cpol_period *period)
{
	cpol__subject *arr;
	size_t n;
	int rc;

	if (id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "subject_id", "no subject given");
	if ((rc = list_subjects(&arr, &n, pool, db, kind, period, 0, 0, id)) < 0)
		return rc;
	if (n == 0)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "subject_id",
		                          kind == CPOL_SUBJECT_OFFICE ? "no live office %lld"
		                          : "no live officer %lld assigned to an office in the period",
		                          (long long)id);
	*out = arr[0];
	return 0;
}

/*
 * A small world for the units and work tests: one region, station and two
 * offices, two officers in office 1 and one in office 2, and a rule set
 * that extends national with the place types, cadences and calendar the
 * tests compute their expected dates from (every expected date in the
 * tests is worked out by hand from this text and the 2024/2025 calendar).
 */
#ifndef CPOL_WORK_FIXTURE_H
#define CPOL_WORK_FIXTURE_H

#include "testutil.h"

static const char FIXTURE_RULES[] =
	"region: worktest\n"
	"name: work module tests\n"
	"places:\n"
	"  types:\n"
	"    - {code: entertainment, name: 娱乐服务场所, inspect: month}\n"
	"    - {code: special_trade, name: 特种行业, inspect: month, supervise: half-month}\n"
	"    - {code: internal_unit, name: 内部单位, inspect: month, contact: 1m}\n"
	"    - {code: market, name: 商贸市场}\n"
	"  rectification_deadline: 1w\n"
	"  escalate_after: 1w\n"
	"visits:\n"
	"  return_visit_within: 3d\n"
	"  feedback_within: 1w\n"
	"  households_per_month: 30\n"
	"obligations:\n"
	"  - {id: case_notice, name: 案情通报, kind: notice, cadence: week}\n"
	"  - {id: joint_meeting, name: 群防群治组织联动会议, kind: meeting, cadence: month-end}\n"
	"  - {id: open_day, name: 警民恳谈日, kind: meeting, cadence: 18th}\n"
	"  - {id: security_analysis, name: 治安形势分析, kind: report, cadence: quarter}\n"
	"  - {id: report_to_residents, name: 向群众报告工作, kind: report, cadence: half-year}\n"
	"  - {id: major_case_notice, name: 重大案情通报, kind: notice, cadence: immediate}\n"
	"  - {id: work_log, name: 工作日志, kind: record, cadence: working-day}\n"
	"  - {id: supervise_groups, name: 监督指导治保会, kind: supervision, cadence: week}\n"
	"calendar:\n"
	"  weekend: [sat, sun]\n"
	"  holidays:\n"
	"    2024:\n"
	"      - {date: 2024-01-01, name: 元旦}\n"
	"      - {from: 2024-02-10, to: 2024-02-17, name: 春节}\n"
	"      - {from: 2024-05-01, to: 2024-05-05, name: 劳动节}\n"
	"      - {from: 2024-10-01, to: 2024-10-07, name: 国庆节}\n"
	"    2025:\n"
	"      - {date: 2025-01-01, name: 元旦}\n"
	"      - {from: 2025-01-28, to: 2025-02-04, name: 春节}\n"
	"  workdays:\n"
	"    2024: [2024-02-04, 2024-02-18, 2024-09-29, 2024-10-12]\n"
	"    2025: [2025-01-26, 2025-02-08]\n";

typedef struct fixture {
	cpol_db *db;
	cpol_rules *rules;
	cpol_id office, office2;
	cpol_id officer, officer_b, officer2;
} fixture;

static fixture fx;

static inline cpol_date D(const char *s)
{
	cpol_date d;
	ck_assert_msg(cpol_date_parse(&d, s) == 0, "bad date %s", s);
	return d;
}

static inline void assert_date(cpol_date d, const char *want)
{
	char buf[CPOL_DATE_BUFSZ];
	if (d == CPOL_DATE_NONE)
		ck_abort_msg("got no date, want %s", want);
	ck_assert_str_eq(cpol_date_format(buf, d), want);
}

static inline cpol_id fixture_officer(cpol_id office, const char *name, const char *badge)
{
	cpol_staff_new s = CPOL_STAFF_NEW_INIT;
	cpol_id id = 0;
	s.office_id = office;
	s.name = name;
	s.badge = badge;
	s.kind = CPOL_STAFF_OFFICER;
	s.active_from = D("2023-01-01");
	ck_assert_ok(cpol_staff_add(&id, fx.db, &s));
	return id;
}

static inline void fixture_setup(void)
{
	cpol_rules_options o = CPOL_RULES_OPTIONS_INIT;
	cpol_office_new on = CPOL_OFFICE_NEW_INIT;
	cpol_id region = 0, station = 0;

	memset(&fx, 0, sizeof(fx));
	ck_assert_ok(cpol_db_open(&fx.db, ":memory:", NULL));
	ck_assert_ok(cpol_db_set_user(fx.db, "tester"));
	o.name = "worktest.yaml";
	o.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&fx.rules, FIXTURE_RULES, &o));
	ck_assert_ok(cpol_region_add(&region, fx.db, "national", NULL));
	ck_assert_ok(cpol_station_add(&station, fx.db, region, "城东派出所", NULL));
	on.station_id = station;
	on.name = "城东警务室";
	ck_assert_ok(cpol_office_add(&fx.office, fx.db, &on));
	on.name = "城西警务室";
	ck_assert_ok(cpol_office_add(&fx.office2, fx.db, &on));
	fx.officer = fixture_officer(fx.office, "王建国", "012345");
	fx.officer_b = fixture_officer(fx.office, "李明", "012346");
	fx.officer2 = fixture_officer(fx.office2, "赵强", "022345");
}

static inline void fixture_teardown(void)
{
	cpol_rules_free(fx.rules);
	cpol_db_close(fx.db);
	memset(&fx, 0, sizeof(fx));
}

static inline cpol_id add_unit(const char *type, const char *name, cpol_id officer, const char *opened)
{
	cpol_unit_new u = CPOL_UNIT_NEW_INIT;
	cpol_id id = 0;
	u.office_id = fx.office;
	u.officer_id = officer;
	u.type = type;
	u.name = name;
	u.opened_on = D(opened);
	ck_assert_ok(cpol_unit_add(&id, fx.db, fx.rules, &u));
	return id;
}

static inline cpol_id inspect(cpol_id unit, cpol_id officer, const char *on)
{
	cpol_inspection_new in = CPOL_INSPECTION_NEW_INIT;
	cpol_id id = 0;
	in.unit_id = unit;
	in.officer_id = officer;
	in.on = D(on);
	ck_assert_ok(cpol_inspection_add(&id, fx.db, &in));
	return id;
}

#endif

/*
 * The work module: inspections, notices, visits, incidents, requests,
 * duty records, the work log, the owed view and the rates.
 *
 * Every expected date is worked out by hand from the fixture's rules
 * (work_fixture.h) and the 2024/2025 calendar; the working is in the
 * comment next to each assertion.
 */
#include "testutil.h"
#include "work_fixture.h"
#include "internal.h"

static void setup(void)
{
	fixture_setup();
}

static void teardown(void)
{
	fixture_teardown();
}

static cpol_owed_list *owed(cpol_id officer, const char *on, const char *since)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *l = NULL;
	ck_assert_ok(cpol_owed_query_init(&q, CPOL_OWED_QUERY_VERSION));
	q.office_id = fx.office;
	q.officer_id = officer;
	q.on = D(on);
	if (since)
		q.since = D(since);
	ck_assert_ok(cpol_owed_list_get(&l, fx.db, fx.rules, &q));
	return l;
}

/* The item of that kind about that subject (id, or name when id is 0), or NULL. */
static const cpol_owed_item *find(const cpol_owed_list *l, cpol_owed_kind kind, cpol_id id,
                                  const char *name)
{
	size_t i;
	for (i = 0; i < l->count; i++)
		if (l->items[i].kind == kind && (id ? l->items[i].subject_id == id
		                                    : strcmp(l->items[i].subject, name) == 0))
			return &l->items[i];
	return NULL;
}

static const cpol_owed_item *must_find(const cpol_owed_list *l, cpol_owed_kind kind, cpol_id id,
                                       const char *name)
{
	const cpol_owed_item *it = find(l, kind, id, name);
	ck_assert_msg(it != NULL, "no %s item for %lld/%s", cpol_owed_kind_name(kind), (long long)id,
	              name ? name : "");
	return it;
}

static cpol_id record(const char *obligation, const char *on)
{
	cpol_duty_record_new r = CPOL_DUTY_RECORD_NEW_INIT;
	cpol_id id = 0;
	r.office_id = fx.office;
	r.officer_id = fx.officer;
	r.obligation = obligation;
	r.held_on = D(on);
	r.title = obligation;
	ck_assert_ok(cpol_duty_record_add(&id, fx.db, fx.rules, &r));
	return id;
}

static cpol_id incident(const char *on, cpol_id officer)
{
	cpol_incident_new i = CPOL_INCIDENT_NEW_INIT;
	cpol_id id = 0;
	i.office_id = fx.office;
	i.officer_id = officer;
	i.received_on = D(on);
	i.kind = CPOL_INCIDENT_CRIMINAL;
	i.summary = "入室盗窃";
	i.party_name = "张三";
	ck_assert_ok(cpol_incident_add(&id, fx.db, &i));
	return id;
}

static cpol_id visit(cpol_visit_kind kind, const char *on, cpol_id unit, cpol_id org, cpol_id inc)
{
	cpol_visit_new v = CPOL_VISIT_NEW_INIT;
	cpol_id id = 0;
	v.office_id = fx.office;
	v.officer_id = fx.officer;
	v.on = D(on);
	v.kind = kind;
	v.unit_id = unit;
	v.org_id = org;
	v.incident_id = inc;
	ck_assert_ok(cpol_visit_add(&id, fx.db, &v));
	return id;
}

static cpol_id request(const char *on, int in_scope)
{
	cpol_request_new r = CPOL_REQUEST_NEW_INIT;
	cpol_id id = 0;
	r.office_id = fx.office;
	r.officer_id = fx.officer;
	r.received_on = D(on);
	r.requester = "李阿姨";
	r.content = "楼道路灯不亮";
	r.in_scope = in_scope;
	r.referred_to = in_scope ? NULL : "街道城管科";
	ck_assert_ok(cpol_request_add(&id, fx.db, &r));
	return id;
}

/* A notice for a fresh inspection with one hazard. */
static cpol_id notice_for(cpol_id unit, const char *inspected, const char *issued, cpol_id *insp_out)
{
	cpol_notice_new n = CPOL_NOTICE_NEW_INIT;
	cpol_id insp = inspect(unit, fx.officer, inspected), id = 0;
	ck_assert_ok(cpol_hazard_add(NULL, fx.db, insp, "安全出口被货物堵塞", 1));
	n.inspection_id = insp;
	n.issued_on = D(issued);
	n.number_prefix = "城东警务室";
	n.requirement = "清理安全出口";
	ck_assert_ok(cpol_notice_issue(&id, fx.db, fx.rules, &n));
	if (insp_out)
		*insp_out = insp;
	return id;
}

/* ------------------------------------------------------------ cadences */

START_TEST(monthly_inspection_at_month_end_and_leap_day)
{
	cpol_id done = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	cpol_id never = add_unit("entertainment", "乙KTV", fx.officer, "2024-01-10");
	cpol_id shop = add_unit("market", "农贸市场", fx.officer, "2024-01-10");
	const cpol_owed_item *it;
	cpol_owed_list *l;

	inspect(done, fx.officer, "2024-01-31");
	l = owed(0, "2024-02-26", NULL);
	/* Inspected 31 January; monthly: owed by the end of February 2024,
	 * the 29th (leap year), a Thursday and a working day. */
	it = must_find(l, CPOL_OWED_INSPECTION, done, NULL);
	assert_date(it->due, "2024-02-29");
	assert_date(it->last_done, "2024-01-31");
	ck_assert_int_eq(it->days_overdue, -3);
	ck_assert_str_eq(it->rule_key, "places.types[entertainment].inspect");
	ck_assert_str_eq(it->rule_file, "worktest.yaml");
	ck_assert_int_eq(it->rule_line, 5);
	ck_assert_int_eq(it->officer_id, fx.officer);
	/* Never inspected, on file from 10 January: owed by 31 January (a
	 * Wednesday), 26 days before 26 February. */
	it = must_find(l, CPOL_OWED_INSPECTION, never, NULL);
	assert_date(it->due, "2024-01-31");
	ck_assert_int_eq(it->last_done, CPOL_DATE_NONE);
	ck_assert_int_eq(it->days_overdue, 26);
	/* A market has no inspection cadence in these rules. */
	ck_assert_ptr_null(find(l, CPOL_OWED_INSPECTION, shop, NULL));
	/* Most overdue first. */
	ck_assert_int_le(l->items[0].due, l->items[l->count - 1].due);
	cpol_owed_list_free(l);
}
END_TEST

START_TEST(monthly_inspection_across_year_end_into_spring_festival)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	const cpol_owed_item *it;
	cpol_owed_list *l;

	inspect(u, fx.officer, "2024-12-15");
	/* Inspected 15 December 2024: owed in January 2025, whose last day,
	 * Friday the 31st, is in the Spring Festival holiday (28 January -
	 * 4 February); so are the 30th, 29th and 28th. The last working day of
	 * January is Monday 27 January. */
	l = owed(0, "2025-01-20", NULL);
	it = must_find(l, CPOL_OWED_INSPECTION, u, NULL);
	assert_date(it->due, "2025-01-27");
	ck_assert_int_eq(it->days_overdue, -7);
	cpol_owed_list_free(l);
	/* Eight days ahead is beyond the default horizon of seven. */
	l = owed(0, "2025-01-19", NULL);
	ck_assert_ptr_null(find(l, CPOL_OWED_INSPECTION, u, NULL));
	cpol_owed_list_free(l);
}
END_TEST

START_TEST(reopened_unit_is_owed_afresh)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	const cpol_owed_item *it;
	cpol_owed_list *l;

	inspect(u, fx.officer, "2024-01-20");
	ck_assert_ok(cpol_unit_set_status(fx.db, u, CPOL_UNIT_SUSPENDED, D("2024-02-01"), NULL));
	l = owed(0, "2024-03-10", NULL);
	ck_assert_ptr_null(find(l, CPOL_OWED_INSPECTION, u, NULL)); /* suspended: nothing owed */
	cpol_owed_list_free(l);
	ck_assert_ok(cpol_unit_set_status(fx.db, u, CPOL_UNIT_OPEN, D("2024-04-10"), NULL));
	/* Reopened 10 April: owed by the end of April, Tuesday the 30th. */
	l = owed(0, "2024-04-25", NULL);
	it = must_find(l, CPOL_OWED_INSPECTION, u, NULL);
	assert_date(it->due, "2024-04-30");
	ck_assert_int_eq(it->last_done, CPOL_DATE_NONE);
	cpol_owed_list_free(l);
}
END_TEST

START_TEST(office_obligations_at_year_end)
{
	const cpol_owed_item *it;
	cpol_owed_list *l;

	/* 案情通报, weekly: done Friday 27 December 2024 (ISO week 23-29
	 * December), owed in the week 30 December - 5 January; Sunday the 5th
	 * and Saturday the 4th are weekend, so Friday 3 January 2025. */
	record("case_notice", "2024-12-27");
	/* 警民恳谈日 on the 18th: held 18 December 2024, next on 18 January
	 * 2025, a Saturday: the working day before, Friday 17 January. */
	record("open_day", "2024-12-18");
	l = owed(0, "2025-01-02", "2024-12-01");
	it = must_find(l, CPOL_OWED_OBLIGATION, 0, "案情通报");
	assert_date(it->due, "2025-01-03");
	ck_assert_str_eq(it->rule_key, "obligations[case_notice].cadence");
	ck_assert_int_eq(it->officer_id, 0);
	/* Never held since 1 December 2024: the quarter and the half year both
	 * end on Tuesday 31 December 2024, two days before 2 January. */
	it = must_find(l, CPOL_OWED_OBLIGATION, 0, "治安形势分析");
	assert_date(it->due, "2024-12-31");
	ck_assert_int_eq(it->days_overdue, 2);
	it = must_find(l, CPOL_OWED_OBLIGATION, 0, "向群众报告工作");
	assert_date(it->due, "2024-12-31");
	/* Month end, never held since 1 December: 31 December. */
	it = must_find(l, CPOL_OWED_OBLIGATION, 0, "群防群治组织联动会议");
	assert_date(it->due, "2024-12-31");
	/* 17 January is 15 days ahead: not yet listed. */
	ck_assert_ptr_null(find(l, CPOL_OWED_OBLIGATION, 0, "警民恳谈日"));
	/* An immediate obligation is owed per major incident, not per period. */
	ck_assert_ptr_null(find(l, CPOL_OWED_OBLIGATION, 0, "重大案情通报"));
	cpol_owed_list_free(l);

	l = owed(0, "2025-01-15", "2024-12-01");
	it = must_find(l, CPOL_OWED_OBLIGATION, 0, "警民恳谈日");
	assert_date(it->due, "2025-01-17");
	cpol_owed_list_free(l);
}
END_TEST

START_TEST(month_end_meeting_on_a_saturday)
{
	const cpol_owed_item *it;
	cpol_owed_list *l;

	/* Held 31 July 2024; month-end: 31 August 2024 is a Saturday, so
	 * Friday 30 August. */
	record("joint_meeting", "2024-07-31");
	l = owed(0, "2024-08-30", NULL);
	it = must_find(l, CPOL_OWED_OBLIGATION, 0, "群防群治组织联动会议");
	assert_date(it->due, "2024-08-30");
	ck_assert_int_eq(it->days_overdue, 0);
	cpol_owed_list_free(l);
}
END_TEST

START_TEST(contact_interval_and_half_month_supervision)
{
	cpol_id school = add_unit("internal_unit", "市一中", fx.officer, "2024-01-02");
	cpol_id hotel = add_unit("special_trade", "城东旅馆", fx.officer, "2024-01-02");
	cpol_prevention_org_new o = CPOL_PREVENTION_ORG_NEW_INIT;
	cpol_id hotel_team = 0, committee = 0;
	const cpol_owed_item *it;
	cpol_owed_list *l;

	o.office_id = fx.office;
	o.unit_id = hotel;
	o.kind = CPOL_ORG_KIND_UNIT_SECURITY;
	o.name = "城东旅馆治安保卫组";
	o.since = D("2024-01-02");
	ck_assert_ok(cpol_prevention_org_add(&hotel_team, fx.db, &o));
	o.unit_id = 0;
	o.kind = CPOL_ORG_KIND_SECURITY_COMMITTEE;
	o.name = "城东社区治保会";
	o.since = D("2024-02-01");
	ck_assert_ok(cpol_prevention_org_add(&committee, fx.db, &o));

	/* Contact 1m after 31 January 2024: 29 February (clamped; leap year). */
	visit(CPOL_VISIT_SECURITY_CONTACT, "2024-01-31", school, 0, 0);
	/* Supervised 10 February (half 1-15 February): owed in 16-29 February. */
	visit(CPOL_VISIT_SUPERVISION, "2024-02-10", 0, hotel_team, 0);
	l = owed(0, "2024-02-26", NULL);
	it = must_find(l, CPOL_OWED_CONTACT, school, NULL);
	assert_date(it->due, "2024-02-29");
	ck_assert_str_eq(it->rule_key, "places.types[internal_unit].contact");
	it = must_find(l, CPOL_OWED_SUPERVISION, hotel_team, NULL);
	assert_date(it->due, "2024-02-29");
	ck_assert_str_eq(it->rule_key, "places.types[special_trade].supervise");
	/* The committee follows the first supervision obligation, weekly; from
	 * 1 February (a Thursday) in the week 29 January - 4 February, whose
	 * Sunday the 4th is a make-up working day (调休) in 2024. */
	it = must_find(l, CPOL_OWED_SUPERVISION, committee, NULL);
	assert_date(it->due, "2024-02-04");
	ck_assert_int_eq(it->days_overdue, 22);
	ck_assert_str_eq(it->rule_key, "obligations[supervise_groups].cadence");
	cpol_owed_list_free(l);

	/* Supervised again 20 February: owed in 1-15 March, Friday the 15th. */
	visit(CPOL_VISIT_SUPERVISION, "2024-02-20", 0, hotel_team, 0);
	l = owed(0, "2024-03-10", NULL);
	it = must_find(l, CPOL_OWED_SUPERVISION, hotel_team, NULL);
	assert_date(it->due, "2024-03-15");
	cpol_owed_list_free(l);
}
END_TEST

/* --------------------------------------------------- incidents, requests */

START_TEST(return_visit_over_national_day)
{
	cpol_id inc = incident("2024-09-28", fx.officer);
	const cpol_owed_item *it;
	cpol_incident *got = NULL;
	cpol_visit_new v = CPOL_VISIT_NEW_INIT;
	cpol_owed_list *l;

	/* Received Saturday 28 September 2024; within 3 days: 1 October, in the
	 * National Day holiday (1-7 October), so Tuesday 8 October. */
	l = owed(0, "2024-10-09", NULL);
	it = must_find(l, CPOL_OWED_RETURN_VISIT, inc, NULL);
	assert_date(it->due, "2024-10-08");
	ck_assert_int_eq(it->days_overdue, 1);
	ck_assert_str_eq(it->rule_key, "visits.return_visit_within");
	cpol_owed_list_free(l);

	v.office_id = fx.office;
	v.on = D("2024-09-27");
	v.kind = CPOL_VISIT_RETURN;
	ck_assert_fails(cpol_visit_add(NULL, fx.db, &v), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "incident_id");
	v.incident_id = inc;
	ck_assert_fails(cpol_visit_add(NULL, fx.db, &v), CPOL_EINVAL);   /* before the incident */
	ck_assert_str_eq(cpol_error_last()->field, "on");

	visit(CPOL_VISIT_RETURN, "2024-10-09", 0, 0, inc);
	ck_assert_ok(cpol_incident_get(&got, fx.db, inc));
	assert_date(got->returned_on, "2024-10-09");
	ck_assert_int_gt(got->return_visit_id, 0);
	ck_assert_str_eq(got->party_name, "张三");
	cpol_incident_free(got);
	l = owed(0, "2024-10-09", NULL);
	ck_assert_ptr_null(find(l, CPOL_OWED_RETURN_VISIT, inc, NULL));
	cpol_owed_list_free(l);
}
END_TEST

START_TEST(feedback_over_spring_festival)
{
	cpol_id req = request("2024-02-05", 1), out = request("2024-02-05", 0);
	cpol_request_new r = CPOL_REQUEST_NEW_INIT;
	const cpol_owed_item *it;
	cpol_request *got = NULL;
	cpol_owed_list *l;

	/* Received Monday 5 February 2024; within a week: 12 February, in the
	 * Spring Festival holiday (10-17 February); the next working day is
	 * Sunday 18 February, a make-up working day. */
	l = owed(0, "2024-02-16", NULL);
	it = must_find(l, CPOL_OWED_FEEDBACK, req, NULL);
	assert_date(it->due, "2024-02-18");
	ck_assert_int_eq(it->days_overdue, -2);
	/* A referred request still owes telling the resident. */
	must_find(l, CPOL_OWED_FEEDBACK, out, NULL);
	cpol_owed_list_free(l);

	ck_assert_fails(cpol_request_feedback(fx.db, req, D("2024-02-04"), "已修复"), CPOL_EINVAL);
	ck_assert_ok(cpol_request_feedback(fx.db, req, D("2024-02-18"), "已联系物业修复"));
	ck_assert_fails(cpol_request_feedback(fx.db, req, D("2024-02-19"), "again"), CPOL_ECONSTRAINT);
	ck_assert_ok(cpol_request_get(&got, fx.db, req));
	assert_date(got->feedback_on, "2024-02-18");
	ck_assert_str_eq(got->feedback, "已联系物业修复");
	ck_assert_int_eq(got->in_scope, 1);
	cpol_request_free(got);

	r.office_id = fx.office;
	r.received_on = D("2024-02-05");
	r.requester = "x";
	r.content = "y";
	r.in_scope = 0;
	ck_assert_fails(cpol_request_add(NULL, fx.db, &r), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "referred_to");
}
END_TEST

START_TEST(disputes)
{
	cpol_dispute *d = NULL;
	cpol_id id = 0;

	ck_assert_ok(cpol_dispute_add(&id, fx.db, fx.office, fx.officer, D("2024-03-01"),
	                              "王某、李某", "邻里噪音纠纷"));
	ck_assert_fails(cpol_dispute_resolve(fx.db, id, CPOL_DISPUTE_OPEN, D("2024-03-02"), "x"), CPOL_EINVAL);
	ck_assert_ok(cpol_dispute_resolve(fx.db, id, CPOL_DISPUTE_MEDIATED, D("2024-03-03"),
	                                  "双方达成协议，晚十点后不再装修"));
	ck_assert_fails(cpol_dispute_resolve(fx.db, id, CPOL_DISPUTE_FAILED, D("2024-03-04"), "x"),
	                CPOL_ECONSTRAINT);
	ck_assert_ok(cpol_dispute_get(&d, fx.db, id));
	ck_assert_int_eq(d->status, CPOL_DISPUTE_MEDIATED);
	assert_date(d->resolved_on, "2024-03-03");
	ck_assert_str_eq(d->outcome, "双方达成协议，晚十点后不再装修");
	ck_assert_str_eq(cpol_dispute_status_name(d->status), "mediated");
	cpol_dispute_free(d);
}
END_TEST

/* -------------------------------------------------------------- notices */

START_TEST(notice_numbers_per_office_and_year)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	cpol_id n1 = notice_for(u, "2024-03-01", "2024-03-01", NULL);
	cpol_id n2 = notice_for(u, "2024-03-05", "2024-03-05", NULL);
	cpol_id n3 = notice_for(u, "2025-01-06", "2025-01-06", NULL), found = 0;
	cpol_notice *a = NULL, *b = NULL, *c = NULL;

	ck_assert_ok(cpol_notice_get(&a, fx.db, n1));
	ck_assert_ok(cpol_notice_get(&b, fx.db, n2));
	ck_assert_ok(cpol_notice_get(&c, fx.db, n3));
	ck_assert_str_eq(a->number, "城东警务室〔2024〕第001号");
	ck_assert_str_eq(b->number, "城东警务室〔2024〕第002号");
	ck_assert_str_eq(c->number, "城东警务室〔2025〕第001号");
	ck_assert_int_eq(c->year, 2025);
	ck_assert_int_eq(c->seq, 1);
	/* Issued Friday 1 March + 1 week: Friday 8 March, a working day. */
	assert_date(a->deadline, "2024-03-08");
	ck_assert_str_eq(a->deadline_key, "places.rectification_deadline");
	ck_assert_str_eq(a->deadline_file, "worktest.yaml");
	ck_assert_int_eq(a->deadline_line, 9);
	ck_assert_ok(cpol_notice_find(&found, fx.db, fx.office, "城东警务室〔2024〕第002号"));
	ck_assert_int_eq(found, n2);
	cpol_notice_free(a);
	cpol_notice_free(b);
	cpol_notice_free(c);
}
END_TEST

START_TEST(notice_needs_hazards_and_a_sane_deadline)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	cpol_id insp = inspect(u, fx.officer, "2024-03-01");
	cpol_notice_new n = CPOL_NOTICE_NEW_INIT;
	cpol_notice *got = NULL;
	cpol_id id = 0;

	n.inspection_id = insp;
	n.issued_on = D("2024-03-01");
	ck_assert_fails(cpol_notice_issue(NULL, fx.db, fx.rules, &n), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "hazards");
	ck_assert_ok(cpol_hazard_add(NULL, fx.db, insp, "灭火器过期", 1));
	n.deadline = D("2024-02-28");
	ck_assert_fails(cpol_notice_issue(NULL, fx.db, fx.rules, &n), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "deadline");
	n.issued_on = D("2024-02-29");
	n.deadline = CPOL_DATE_NONE;
	ck_assert_fails(cpol_notice_issue(NULL, fx.db, fx.rules, &n), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "issued_on");
	/* A deadline set by the officer names no rule; the default prefix is 整改. */
	n.issued_on = D("2024-03-01");
	n.deadline = D("2024-03-03");
	ck_assert_ok(cpol_notice_issue(&id, fx.db, fx.rules, &n));
	ck_assert_ok(cpol_notice_get(&got, fx.db, id));
	ck_assert_ptr_null(got->deadline_key);
	ck_assert_str_eq(got->number, "整改〔2024〕第001号");
	cpol_notice_free(got);
	/* Its hazards are taken: a second notice finds none. */
	ck_assert_fails(cpol_notice_issue(NULL, fx.db, fx.rules, &n), CPOL_EINVAL);
}
END_TEST

START_TEST(overdue_notice_stays_until_closed_and_closing_erases_nothing)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10"), insp = 0, re = 0;
	cpol_id n = notice_for(u, "2024-09-24", "2024-09-24", &insp);
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	cpol_audit_iter *ai = NULL;
	const cpol_audit_entry *e;
	const cpol_owed_item *it;
	cpol_inspection *in = NULL;
	cpol_notice *got = NULL;
	cpol_owed_list *l;
	int64_t entries = 0;
	const char *last_after = NULL;
	char *last_copy = NULL;

	/* Issued Tuesday 24 September 2024 + 1 week: 1 October, National Day
	 * holiday to the 7th, so Tuesday 8 October. Escalation is owed a week
	 * after the deadline: Tuesday 15 October. */
	l = owed(0, "2024-10-10", NULL);
	it = must_find(l, CPOL_OWED_NOTICE, n, NULL);
	assert_date(it->due, "2024-10-08");
	ck_assert_int_eq(it->days_overdue, 2);
	ck_assert_str_eq(it->subject, "城东警务室〔2024〕第001号");
	ck_assert_str_eq(it->rule_key, "places.rectification_deadline");
	it = must_find(l, CPOL_OWED_ESCALATION, n, NULL);
	assert_date(it->due, "2024-10-15");
	ck_assert_str_eq(it->rule_key, "places.escalate_after");
	/* Not a quota, nothing done yet, under the notice's officer. */
	ck_assert_int_eq(it->done, 0);
	ck_assert_int_eq(it->target, 0);
	ck_assert_int_eq(it->provisional, 0);
	ck_assert_int_eq(it->last_done, CPOL_DATE_NONE);
	ck_assert_int_eq(it->officer_id, fx.officer);
	cpol_owed_list_free(l);

	/* Months later it is still there. */
	l = owed(0, "2025-03-01", NULL);
	it = must_find(l, CPOL_OWED_NOTICE, n, NULL);
	ck_assert_int_eq(it->days_overdue, 144); /* 8 Oct 2024 -> 1 Mar 2025: 23+30+31+31+28+1 */
	cpol_owed_list_free(l);

	ck_assert_ok(cpol_notice_escalate(fx.db, n, D("2024-10-16"), "城东派出所", "逾期未改"));
	ck_assert_ok(cpol_notice_reinspect(&re, fx.db, n, fx.officer, D("2024-10-20"), 0, "仍未整改"));
	l = owed(0, "2024-10-21", NULL);
	ck_assert_ptr_null(find(l, CPOL_OWED_ESCALATION, n, NULL));
	it = must_find(l, CPOL_OWED_NOTICE, n, NULL);
	assert_date(it->last_done, "2024-10-20");
	cpol_owed_list_free(l);

	ck_assert_ok(cpol_notice_reinspect(&re, fx.db, n, fx.officer, D("2024-10-25"), 1, "已整改"));
	ck_assert_fails(cpol_notice_close(fx.db, n, D("2024-10-26"), CPOL_NOTICE_WITHDRAWN, NULL),
	                CPOL_ECONSTRAINT);
	l = owed(0, "2024-10-26", NULL);
	ck_assert_ptr_null(find(l, CPOL_OWED_NOTICE, n, NULL));
	cpol_owed_list_free(l);

	/* Closed, with everything before still on it. */
	ck_assert_ok(cpol_notice_get(&got, fx.db, n));
	assert_date(got->deadline, "2024-10-08");
	assert_date(got->escalated_on, "2024-10-16");
	ck_assert_str_eq(got->escalated_to, "城东派出所");
	assert_date(got->reinspected_on, "2024-10-25");
	ck_assert_int_eq(got->reinspection_id, re);
	assert_date(got->closed_on, "2024-10-25");
	ck_assert_int_eq(got->result, CPOL_NOTICE_RECTIFIED);
	ck_assert_str_eq(cpol_notice_result_name(got->result), "rectified");
	cpol_notice_free(got);
	ck_assert_ok(cpol_inspection_get(&in, fx.db, insp));
	ck_assert_uint_eq(in->hazard_count, 1);
	ck_assert_int_eq(in->hazards[0].notice_id, n);
	assert_date(in->hazards[0].fixed_on, "2024-10-25");
	cpol_inspection_free(in);
	ck_assert_ok(cpol_inspection_get(&in, fx.db, re));
	ck_assert_int_eq(in->kind, CPOL_INSPECTION_REINSPECTION);
	ck_assert_int_eq(in->notice_id, n);
	cpol_inspection_free(in);

	/* The trail: issue, escalation, two re-inspections, the close. */
	q.table_name = "rectification_notice";
	q.row_id = n;
	ck_assert_ok(cpol_audit_count(&entries, fx.db, &q));
	ck_assert_int_eq(entries, 5);
	ck_assert_ok(cpol_audit_iter_new(&ai, fx.db, &q));
	while (cpol_audit_iter_next(&e, ai) == 0) {
		ck_assert_str_ne(e->action, "archive");
		last_after = e->after_json;
		free(last_copy);
		last_copy = strdup(e->before_json ? e->before_json : "");
	}
	ck_assert_ptr_nonnull(last_after);
	ck_assert_ptr_nonnull(strstr(last_copy, "\"escalated_on\":\"2024-10-16\""));
	ck_assert_ptr_nonnull(strstr(last_copy, "\"closed_on\":null"));
	free(last_copy);
	cpol_audit_iter_free(ai);
}
END_TEST

START_TEST(notice_renders_as_a_document)
{
	cpol_id u = add_unit("entertainment", "金色年华KTV", fx.officer, "2024-01-10");
	cpol_id n = notice_for(u, "2024-09-24", "2024-09-24", NULL);
	char *text = NULL;

	ck_assert_ok(cpol_notice_render(&text, fx.db, n));
	ck_assert_ptr_nonnull(strstr(text, "整改通知书"));
	ck_assert_ptr_nonnull(strstr(text, "城东警务室〔2024〕第001号"));
	ck_assert_ptr_nonnull(strstr(text, "金色年华KTV："));
	ck_assert_ptr_nonnull(strstr(text, "经2024年9月24日检查"));
	ck_assert_ptr_nonnull(strstr(text, "1. 安全出口被货物堵塞（消防）"));
	ck_assert_ptr_nonnull(strstr(text, "请于2024年10月8日前整改完毕"));
	ck_assert_ptr_nonnull(strstr(text, "检查民警：王建国（警号 012345）"));
	ck_assert_ptr_nonnull(strstr(text, "城东警务室\n2024年9月24日\n"));
	ck_assert_ptr_nonnull(strstr(text, "整改要求：清理安全出口"));
	free(text);
	ck_assert_fails(cpol_notice_render(&text, fx.db, 999), CPOL_ENOTFOUND);
}
END_TEST

/* ------------------------------------------------------------- records */

START_TEST(inspection_items)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	cpol_id insp = inspect(u, fx.officer, "2024-03-01");
	cpol_inspection_new in = CPOL_INSPECTION_NEW_INIT;
	cpol_inspection *got = NULL;
	cpol_date last;

	ck_assert_ok(cpol_inspection_add_item(NULL, fx.db, insp, 0, "从业人员登记", 1, NULL));
	ck_assert_ok(cpol_inspection_add_item(NULL, fx.db, insp, 1, "灭火器", 0, "2具过期"));
	ck_assert_fails(cpol_inspection_add_item(NULL, fx.db, insp, 0, "", 1, NULL), CPOL_EINVAL);
	ck_assert_fails(cpol_inspection_add_item(NULL, fx.db, 999, 0, "x", 1, NULL), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "inspection_id");
	ck_assert_ok(cpol_inspection_get(&got, fx.db, insp));
	ck_assert_uint_eq(got->item_count, 2);
	ck_assert_int_eq(got->items[1].fire, 1);
	ck_assert_int_eq(got->items[1].ok, 0);
	ck_assert_str_eq(got->items[1].finding, "2具过期");
	ck_assert_int_eq(got->kind, CPOL_INSPECTION_ROUTINE);
	ck_assert_int_eq(got->office_id, fx.office);
	cpol_inspection_free(got);
	ck_assert_ok(cpol_unit_last_inspection(&last, fx.db, u));
	assert_date(last, "2024-03-01");

	in.unit_id = u;
	in.on = D("2024-03-02");
	in.kind = CPOL_INSPECTION_REINSPECTION;
	ck_assert_fails(cpol_inspection_add(NULL, fx.db, &in), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "kind");
	in.kind = CPOL_INSPECTION_FIRE;
	in.unit_id = 999;
	ck_assert_fails(cpol_inspection_add(NULL, fx.db, &in), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "unit_id");
}
END_TEST

START_TEST(duty_record_checks_obligation)
{
	cpol_duty_record_new r = CPOL_DUTY_RECORD_NEW_INIT;
	cpol_date last;

	r.office_id = fx.office;
	r.obligation = "tea_party";
	r.held_on = D("2024-03-01");
	r.title = "茶话会";
	ck_assert_fails(cpol_duty_record_add(NULL, fx.db, fx.rules, &r), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "obligation");
	record("case_notice", "2024-03-01");
	record("case_notice", "2024-03-08");
	ck_assert_ok(cpol_duty_record_last(&last, fx.db, fx.office, "case_notice"));
	assert_date(last, "2024-03-08");
	ck_assert_ok(cpol_duty_record_last(&last, fx.db, fx.office2, "case_notice"));
	ck_assert_int_eq(last, CPOL_DATE_NONE);
}
END_TEST

START_TEST(visits_count_and_check_subjects)
{
	cpol_visit_new v = CPOL_VISIT_NEW_INIT;
	cpol_id u2 = 0;
	cpol_unit_new un = CPOL_UNIT_NEW_INIT;
	int64_t n = 0;

	visit(CPOL_VISIT_HOUSEHOLD, "2024-03-01", 0, 0, 0);
	visit(CPOL_VISIT_HOUSEHOLD, "2024-03-31", 0, 0, 0);
	visit(CPOL_VISIT_HOUSEHOLD, "2024-04-01", 0, 0, 0);
	ck_assert_ok(cpol_visit_count(&n, fx.db, fx.office, fx.officer, CPOL_VISIT_HOUSEHOLD,
	                              D("2024-03-01"), D("2024-03-31")));
	ck_assert_int_eq(n, 2);
	ck_assert_ok(cpol_visit_count(&n, fx.db, 0, 0, 0, D("2024-01-01"), D("2024-12-31")));
	ck_assert_int_eq(n, 3);

	v.office_id = fx.office;
	v.on = D("2024-03-01");
	v.kind = CPOL_VISIT_KEY_PERSON;
	ck_assert_fails(cpol_visit_add(NULL, fx.db, &v), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "person_id");
	v.kind = CPOL_VISIT_TALK;
	ck_assert_fails(cpol_visit_add(NULL, fx.db, &v), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "person_id");
	ck_assert_str_eq(cpol_visit_kind_name(CPOL_VISIT_TALK), "talk");
	un.office_id = fx.office2;
	un.type = "entertainment";
	un.name = "城西KTV";
	un.opened_on = D("2024-01-01");
	ck_assert_ok(cpol_unit_add(&u2, fx.db, fx.rules, &un));
	v.kind = CPOL_VISIT_SECURITY_CONTACT;
	v.unit_id = u2;
	ck_assert_fails(cpol_visit_add(NULL, fx.db, &v), CPOL_EINVAL);  /* another office's unit */
	ck_assert_str_eq(cpol_error_last()->field, "unit_id");
	ck_assert_str_eq(cpol_visit_kind_name(CPOL_VISIT_SUPERVISION), "supervision");
}
END_TEST

START_TEST(household_visit_counts_for_the_population_cadence)
{
	cpol_house_new h = CPOL_HOUSE_NEW_INIT;
	cpol_visit_new v = CPOL_VISIT_NEW_INIT;
	cpol_id community = 0, address = 0, house = 0, visit_id = 0;
	cpol__stmt *st;

	ck_assert_ok(cpol_community_add(&community, fx.db, 1, CPOL_COMMUNITY_URBAN, "城东社区", NULL, NULL));
	ck_assert_ok(cpol_address_add(&address, fx.db, community, 0, CPOL_ADDR_STREET, "人民路"));
	h.address_id = address;
	ck_assert_ok(cpol_house_add(&house, fx.db, &h));
	v.office_id = fx.office;
	v.officer_id = fx.officer;
	v.on = D("2024-03-05");
	v.kind = CPOL_VISIT_HOUSEHOLD;
	v.house_id = house;
	ck_assert_ok(cpol_visit_add(&visit_id, fx.db, &v));
	ck_assert_int_eq(cpol__db_prepare(fx.db, &st, "SELECT kind, house_id, staff_id, on_date FROM contact"), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 0), "household");
	ck_assert_int_eq(cpol__st_column_int64(st, 1), house);
	ck_assert_int_eq(cpol__st_column_int64(st, 2), fx.officer);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 3), "2024-03-05");
	ck_assert_int_eq(cpol__st_step(st), CPOL__DONE);
	cpol__st_finalize(st);
}
END_TEST

START_TEST(work_log_and_quotas)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	const cpol_owed_item *it;
	cpol_worklog *log = NULL;
	cpol_owed_list *l;
	char *text = NULL;

	inspect(u, fx.officer, "2024-03-05");
	visit(CPOL_VISIT_HOUSEHOLD, "2024-03-05", 0, 0, 0);
	visit(CPOL_VISIT_HOUSEHOLD, "2024-03-06", 0, 0, 0);
	ck_assert_ok(cpol_worklog_keep(fx.db, fx.office, fx.officer, D("2024-03-04"), NULL));
	ck_assert_ok(cpol_worklog_keep(fx.db, fx.office, fx.officer, D("2024-03-05"), "走访辖区"));
	ck_assert_ok(cpol_worklog_keep(fx.db, fx.office, fx.officer, D("2024-03-05"), "走访辖区商户"));

	ck_assert_ok(cpol_worklog_get(&log, fx.db, fx.officer, D("2024-03-05")));
	ck_assert_int_eq(log->kept, 1);
	ck_assert_str_eq(log->notes, "走访辖区商户");
	ck_assert_uint_eq(log->count, 2);
	ck_assert_str_eq(log->entries[0].kind, "inspection");
	ck_assert_str_eq(log->entries[0].text, "routine 甲KTV");
	ck_assert_str_eq(log->entries[1].kind, "visit");
	ck_assert_ok(cpol_worklog_render(&text, log));
	ck_assert_ptr_nonnull(strstr(text, "工作日志 2024-03-05\n1. [inspection] routine 甲KTV\n"));
	ck_assert_ptr_nonnull(strstr(text, "走访辖区商户"));
	free(text);
	cpol_worklog_free(log);

	/* Kept up to Tuesday 5 March: owed next on Wednesday the 6th, one day
	 * overdue on the 7th. 李明 never kept one this month: owed from Friday
	 * 1 March, six days overdue. */
	l = owed(0, "2024-03-07", NULL);
	it = must_find(l, CPOL_OWED_WORK_LOG, fx.officer, NULL);
	assert_date(it->due, "2024-03-06");
	ck_assert_int_eq(it->days_overdue, 1);
	ck_assert_str_eq(it->rule_key, "obligations[work_log].cadence");
	it = must_find(l, CPOL_OWED_WORK_LOG, fx.officer_b, NULL);
	assert_date(it->due, "2024-03-01");
	cpol_owed_list_free(l);

	/* 30 household visits a month: 2 so far; owed by the last working day
	 * of March 2024, Friday the 29th (30-31 are a weekend). */
	l = owed(fx.officer, "2024-03-25", NULL);
	it = must_find(l, CPOL_OWED_HOUSEHOLD_VISITS, fx.officer, NULL);
	assert_date(it->due, "2024-03-29");
	ck_assert_int_eq(it->done, 2);
	ck_assert_int_eq(it->target, 30);
	ck_assert_str_eq(it->rule_key, "visits.households_per_month");
	/* The officer view holds nothing of the office's or of 李明's. */
	ck_assert_ptr_null(find(l, CPOL_OWED_OBLIGATION, 0, "案情通报"));
	ck_assert_ptr_null(find(l, CPOL_OWED_WORK_LOG, fx.officer_b, NULL));
	cpol_owed_list_free(l);
}
END_TEST

/*
 * The work log is owed from the last one kept, even when that was last
 * month: kept on Wednesday 28 February 2024, it is owed next on Thursday
 * the 29th (a leap day, a working day), not from 1 March; on Monday
 * 4 March that is 4 days overdue (29 Feb → 4 Mar).
 */
START_TEST(a_work_log_missed_on_the_leap_day_is_owed_from_it)
{
	const cpol_owed_item *it;
	cpol_owed_list *l;

	ck_assert_ok(cpol_worklog_keep(fx.db, fx.office, fx.officer, D("2024-02-28"), NULL));
	l = owed(fx.officer, "2024-03-04", NULL);
	it = must_find(l, CPOL_OWED_WORK_LOG, fx.officer, NULL);
	assert_date(it->due, "2024-02-29");
	ck_assert_int_eq(it->days_overdue, 4);
	cpol_owed_list_free(l);
}
END_TEST

/* The office's list on `on` (7 days ahead) holding only the kinds asked for. */
static cpol_owed_list *owed_only(const char *on, unsigned int kinds)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *l = NULL;
	ck_assert_ok(cpol_owed_query_init(&q, CPOL_OWED_QUERY_VERSION));
	q.office_id = fx.office;
	q.on = D(on);
	q.kinds = kinds;
	ck_assert_ok(cpol_owed_list_get(&l, fx.db, fx.rules, &q));
	return l;
}

/* The contact with 市一中, last 31 January 2024, is owed by 29 February
 * (1 month, clamped, leap year): a list of contacts alone holds it. */
START_TEST(a_list_of_contacts_alone_holds_the_contact)
{
	cpol_id school = add_unit("internal_unit", "市一中", fx.officer, "2024-01-02");
	cpol_owed_list *l;

	visit(CPOL_VISIT_SECURITY_CONTACT, "2024-01-31", school, 0, 0);
	l = owed_only("2024-02-26", 1u << CPOL_OWED_CONTACT);
	ck_assert_uint_eq(l->count, 1);
	ck_assert_int_eq(l->items[0].kind, CPOL_OWED_CONTACT);
	assert_date(l->items[0].due, "2024-02-29");
	cpol_owed_list_free(l);
}
END_TEST

/* The notice issued Tuesday 24 September 2024 is due Tuesday 8 October
 * (1 week, over the National Day holiday): on the 10th a list of notices
 * alone holds it, 2 days overdue. */
START_TEST(a_list_of_notices_alone_holds_the_notice)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10"), insp = 0;
	cpol_id n = notice_for(u, "2024-09-24", "2024-09-24", &insp);
	cpol_owed_list *l = owed_only("2024-10-10", 1u << CPOL_OWED_NOTICE);

	ck_assert_uint_eq(l->count, 1);
	ck_assert_int_eq(l->items[0].kind, CPOL_OWED_NOTICE);
	ck_assert_int_eq(l->items[0].subject_id, n);
	ck_assert_int_eq(l->items[0].days_overdue, 2);
	cpol_owed_list_free(l);
}
END_TEST

/* The same notice is to be escalated a week after its deadline, Tuesday
 * 15 October, within the 7 days ahead of the 10th: a list of escalations
 * alone holds it. */
START_TEST(a_list_of_escalations_alone_holds_the_escalation)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10"), insp = 0;
	cpol_id n = notice_for(u, "2024-09-24", "2024-09-24", &insp);
	cpol_owed_list *l = owed_only("2024-10-10", 1u << CPOL_OWED_ESCALATION);

	ck_assert_uint_eq(l->count, 1);
	ck_assert_int_eq(l->items[0].kind, CPOL_OWED_ESCALATION);
	ck_assert_int_eq(l->items[0].subject_id, n);
	assert_date(l->items[0].due, "2024-10-15");
	cpol_owed_list_free(l);
}
END_TEST

START_TEST(officer_view_and_errors)
{
	cpol_id mine = add_unit("entertainment", "甲", fx.officer, "2024-01-10");
	cpol_id theirs = add_unit("entertainment", "乙", fx.officer_b, "2024-01-10");
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *l = NULL;

	l = owed(fx.officer_b, "2024-02-01", NULL);
	ck_assert_ptr_nonnull(find(l, CPOL_OWED_INSPECTION, theirs, NULL));
	ck_assert_ptr_null(find(l, CPOL_OWED_INSPECTION, mine, NULL));
	cpol_owed_list_free(l);

	q.office_id = fx.office;
	ck_assert_fails(cpol_owed_list_get(&l, fx.db, fx.rules, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "on");
	ck_assert_ptr_null(l);
	q.on = D("2024-02-01");
	q.horizon_days = -1;
	ck_assert_fails(cpol_owed_list_get(&l, fx.db, fx.rules, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "horizon_days");
	q.horizon_days = 7;
	q.office_id = 999;
	ck_assert_fails(cpol_owed_list_get(&l, fx.db, fx.rules, &q), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "office_id");
	ck_assert_str_eq(cpol_owed_kind_name(CPOL_OWED_RETURN_VISIT), "return_visit");
}
END_TEST

START_TEST(unknown_place_type_names_the_type)
{
	cpol_rules_options o = CPOL_RULES_OPTIONS_INIT;
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *l = NULL;
	cpol_rules *national = NULL;

	add_unit("special_trade", "旅馆", fx.officer, "2024-01-10");
	add_unit("market", "市场", 0, "2024-01-10");
	/* The national rules have both types: fine. A rule set without a unit's
	 * type is an error naming the type. */
	ck_assert_ok(cpol_rules_load_string(&national,
	             "region: tiny\nplaces:\n  types:\n    - {code: market, name: 市场}\n", &o));
	q.office_id = fx.office;
	q.on = D("2024-02-01");
	ck_assert_fails(cpol_owed_list_get(&l, fx.db, national, &q), CPOL_ERULES);
	ck_assert_str_eq(cpol_error_last()->field, "special_trade");
	cpol_rules_free(national);
}
END_TEST

/* ---------------------------------------------------------------- rates */

START_TEST(completion_rates)
{
	cpol_id a = add_unit("entertainment", "甲", fx.officer, "2024-01-01");
	cpol_id b = add_unit("special_trade", "乙", fx.officer, "2024-01-01");
	cpol_id u = add_unit("market", "丙", fx.officer, "2024-01-01");
	cpol_id late = 0, inc1, inc2, req;
	cpol_work_rates r = CPOL_WORK_RATES_INIT;

	(void)u;
	/* 甲: months Jan-Apr owed; inspected in Jan, Feb, Apr: 3 of 4. */
	inspect(a, fx.officer, "2024-01-15");
	inspect(a, fx.officer, "2024-02-20");
	inspect(a, fx.officer, "2024-04-03");
	/* 乙: suspended through March, so Jan, Feb, Apr owed; inspected in
	 * Jan only: 1 of 3. Together 4 of 7. */
	inspect(b, fx.officer, "2024-01-20");
	ck_assert_ok(cpol_unit_set_status(fx.db, b, CPOL_UNIT_SUSPENDED, D("2024-03-01"), NULL));
	ck_assert_ok(cpol_unit_set_status(fx.db, b, CPOL_UNIT_OPEN, D("2024-04-01"), NULL));
	ck_assert_ok(cpol_work_rates_measure(&r, fx.db, fx.rules, fx.office, 0, D("2024-01-01"),
	                                     D("2024-04-30")));
	ck_assert_int_eq(r.inspections.due, 7);
	ck_assert_int_eq(r.inspections.done, 4);
	ck_assert(r.inspections.rate > 0.5714 && r.inspections.rate < 0.5715);
	ck_assert_int_eq(r.return_visits.due, 0);
	ck_assert(r.return_visits.rate == 1.0);

	/* October 2024. Incident 28 September, due 8 October, returned on the
	 * 8th: in time. Incident Thursday 10 October + 3 days = Sunday the
	 * 13th, so Monday the 14th; returned the 15th: late. 1 of 2. */
	inc1 = incident("2024-09-28", fx.officer);
	inc2 = incident("2024-10-10", fx.officer);
	visit(CPOL_VISIT_RETURN, "2024-10-08", 0, 0, inc1);
	visit(CPOL_VISIT_RETURN, "2024-10-15", 0, 0, inc2);
	/* Request Wednesday 9 October + 1 week = Wednesday the 16th, answered
	 * then: 1 of 1. */
	req = request("2024-10-09", 1);
	ck_assert_ok(cpol_request_feedback(fx.db, req, D("2024-10-16"), "已处理"));
	/* Notice issued 24 September, deadline 8 October, closed 25 October: late. */
	late = notice_for(a, "2024-09-24", "2024-09-24", NULL);
	ck_assert_ok(cpol_notice_close(fx.db, late, D("2024-10-25"), CPOL_NOTICE_PENALISED, "罚款"));
	ck_assert_ok(cpol_work_rates_measure(&r, fx.db, fx.rules, fx.office, 0, D("2024-10-01"),
	                                     D("2024-10-31")));
	ck_assert_int_eq(r.return_visits.due, 2);
	ck_assert_int_eq(r.return_visits.done, 1);
	ck_assert(r.return_visits.rate == 0.5);
	ck_assert_str_eq(r.return_visits.rule_key, "visits.return_visit_within");
	ck_assert_int_eq(r.feedback.due, 1);
	ck_assert_int_eq(r.feedback.done, 1);
	ck_assert_int_eq(r.notices_on_time.due, 1);
	ck_assert_int_eq(r.notices_on_time.done, 0);
	ck_assert_fails(cpol_work_rates_measure(&r, fx.db, fx.rules, fx.office, 0, D("2024-10-31"),
	                                        D("2024-10-01")), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "to");
}
END_TEST

/* -------------------------------------------------------------- listing */

/* Ids of what a notice query lists, in order, into ids (at most 16); returns the count. */
static size_t notice_ids(const cpol_notice_query *q, cpol_id *ids)
{
	cpol_notice_iter *it = NULL;
	const cpol_notice *n;
	size_t k = 0;
	int rc;

	ck_assert_ok(cpol_notice_iter_new(&it, fx.db, q));
	while ((rc = cpol_notice_iter_next(&n, it)) == 0) {
		ck_assert_uint_lt(k, 16);
		ids[k++] = n->id;
	}
	ck_assert_int_eq(rc, CPOL_ITEROVER);
	ck_assert_ptr_null(n);
	cpol_notice_iter_free(it);
	return k;
}

START_TEST(listing_notices_by_state_year_and_page)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	cpol_id u2 = add_unit("entertainment", "乙KTV", fx.officer, "2024-01-10");
	cpol_unit_new un = CPOL_UNIT_NEW_INIT;
	cpol_notice_query q = CPOL_NOTICE_QUERY_INIT;
	cpol_notice_iter *a = NULL, *b = NULL;
	const cpol_notice *na, *nb;
	cpol_id n1, n2, n3, n4, other = 0, ids[16];

	/* n1: issued 24 September 2024, deadline 1 October + National Day: 8 October.
	 * n2: issued Wednesday 9 October, deadline the 16th, closed the 12th.
	 * n3: issued Monday 6 January 2025, deadline the 13th.
	 * n4: another office's. */
	n1 = notice_for(u, "2024-09-24", "2024-09-24", NULL);
	n2 = notice_for(u2, "2024-10-09", "2024-10-09", NULL);
	n3 = notice_for(u, "2025-01-06", "2025-01-06", NULL);
	ck_assert_ok(cpol_notice_close(fx.db, n2, D("2024-10-12"), CPOL_NOTICE_RECTIFIED, NULL));
	un.office_id = fx.office2;
	un.type = "entertainment";
	un.name = "城西KTV";
	un.opened_on = D("2024-01-01");
	ck_assert_ok(cpol_unit_add(&other, fx.db, fx.rules, &un));
	n4 = notice_for(other, "2024-09-24", "2024-09-24", NULL);

	ck_assert_ok(cpol_notice_query_init(&q, CPOL_NOTICE_QUERY_VERSION));
	q.office_id = fx.office;
	ck_assert_uint_eq(notice_ids(&q, ids), 3);
	ck_assert_int_eq(ids[0], n1);
	ck_assert_int_eq(ids[1], n2);
	ck_assert_int_eq(ids[2], n3);
	/* Open: n1 and n3. Overdue on 10 October 2024: n1 only (two days past
	 * its 8 October deadline); n3's deadline is in 2025. Closed: n2. */
	q.state = CPOL_NOTICE_STATE_OPEN;
	ck_assert_uint_eq(notice_ids(&q, ids), 2);
	ck_assert_int_eq(ids[0], n1);
	ck_assert_int_eq(ids[1], n3);
	q.state = CPOL_NOTICE_STATE_OVERDUE;
	q.on = D("2024-10-10");
	ck_assert_uint_eq(notice_ids(&q, ids), 1);
	ck_assert_int_eq(ids[0], n1);
	/* On the deadline itself it is not yet overdue. */
	q.on = D("2024-10-08");
	ck_assert_uint_eq(notice_ids(&q, ids), 0);
	/* In 2025, after 13 January, n3 is overdue too. */
	q.on = D("2025-01-14");
	ck_assert_uint_eq(notice_ids(&q, ids), 2);
	q.state = CPOL_NOTICE_STATE_CLOSED;
	ck_assert_uint_eq(notice_ids(&q, ids), 1);
	ck_assert_int_eq(ids[0], n2);
	/* By year of issue (the year in the number), and by unit. */
	q.state = CPOL_NOTICE_STATE_ANY;
	q.year = 2024;
	ck_assert_uint_eq(notice_ids(&q, ids), 2);
	ck_assert_int_eq(ids[1], n2);
	q.year = 0;
	q.unit_id = u;
	ck_assert_uint_eq(notice_ids(&q, ids), 2);
	ck_assert_int_eq(ids[1], n3);
	q.unit_id = 0;
	q.office_id = 0;
	ck_assert_uint_eq(notice_ids(&q, ids), 4);
	ck_assert_int_eq(ids[3], n4);

	/* Keyset pages of two. */
	q.office_id = fx.office;
	q.limit = 2;
	ck_assert_uint_eq(notice_ids(&q, ids), 2);
	q.after_id = ids[1];
	ck_assert_uint_eq(notice_ids(&q, ids), 1);
	ck_assert_int_eq(ids[0], n3);
	q.after_id = n3;
	ck_assert_uint_eq(notice_ids(&q, ids), 0);

	/* The record, and two iterators open at once on one handle. */
	q.after_id = 0;
	q.limit = 0;
	ck_assert_ok(cpol_notice_iter_new(&a, fx.db, &q));
	q.state = CPOL_NOTICE_STATE_CLOSED;
	ck_assert_ok(cpol_notice_iter_new(&b, fx.db, &q));
	ck_assert_ok(cpol_notice_iter_next(&na, a));
	ck_assert_ok(cpol_notice_iter_next(&nb, b));
	ck_assert_int_eq(na->id, n1);
	ck_assert_str_eq(na->number, "城东警务室〔2024〕第001号");
	assert_date(na->deadline, "2024-10-08");
	ck_assert_str_eq(na->deadline_key, "places.rectification_deadline");
	ck_assert_int_eq(na->closed_on, CPOL_DATE_NONE);
	ck_assert_int_eq(nb->id, n2);
	assert_date(nb->closed_on, "2024-10-12");
	ck_assert_int_eq(nb->result, CPOL_NOTICE_RECTIFIED);
	ck_assert_int_eq(cpol_notice_iter_next(&nb, b), CPOL_ITEROVER);
	ck_assert_ok(cpol_notice_iter_next(&na, a));
	ck_assert_int_eq(na->id, n2);
	ck_assert_str_eq(na->number, "城东警务室〔2024〕第002号");
	cpol_notice_iter_free(a);
	cpol_notice_iter_free(b);

	/* Errors name the field. */
	q.state = CPOL_NOTICE_STATE_OVERDUE;
	q.on = CPOL_DATE_NONE;
	ck_assert_fails(cpol_notice_iter_new(&a, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "on");
	ck_assert_ptr_null(a);
	q.state = (cpol_notice_state)9;
	ck_assert_fails(cpol_notice_iter_new(&a, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "state");
	q.state = CPOL_NOTICE_STATE_ANY;
	q.limit = -1;
	ck_assert_fails(cpol_notice_iter_new(&a, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "limit");
	q.limit = 0;
	q.version = 99;
	ck_assert_fails(cpol_notice_iter_new(&a, fx.db, &q), CPOL_EINVAL);
	ck_assert_fails(cpol_notice_query_init(&q, 99), CPOL_EINVAL);
	{
		cpol_notice_state st;
		ck_assert_ok(cpol_notice_state_parse(&st, "overdue"));
		ck_assert_int_eq(st, CPOL_NOTICE_STATE_OVERDUE);
		ck_assert_str_eq(cpol_notice_state_name(CPOL_NOTICE_STATE_CLOSED), "closed");
		ck_assert_fails(cpol_notice_state_parse(&st, "late"), CPOL_EINVAL);
		ck_assert_str_eq(cpol_error_last()->field, "state");
	}
}
END_TEST

START_TEST(listing_inspections_with_their_items)
{
	cpol_id u1 = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	cpol_id u2 = add_unit("entertainment", "乙KTV", fx.officer_b, "2024-01-10");
	cpol_inspection_query q = CPOL_INSPECTION_QUERY_INIT;
	cpol_inspection_new fire = CPOL_INSPECTION_NEW_INIT;
	cpol_inspection_iter *it = NULL;
	const cpol_inspection *in;
	cpol_id i1, i2, i3 = 0, i4 = 0, n;
	cpol_id got[8];
	size_t k;

	i1 = inspect(u1, fx.officer, "2024-03-01");
	ck_assert_ok(cpol_inspection_add_item(NULL, fx.db, i1, 1, "灭火器", 0, "2具过期"));
	ck_assert_ok(cpol_hazard_add(NULL, fx.db, i1, "灭火器过期", 1));
	i2 = inspect(u2, fx.officer_b, "2024-03-15");
	fire.unit_id = u1;
	fire.officer_id = fx.officer;
	fire.on = D("2024-04-02");
	fire.kind = CPOL_INSPECTION_FIRE;
	ck_assert_ok(cpol_inspection_add(&i3, fx.db, &fire));
	{
		cpol_notice_new nn = CPOL_NOTICE_NEW_INIT;
		nn.inspection_id = i1;
		nn.issued_on = D("2024-03-01");
		ck_assert_ok(cpol_notice_issue(&n, fx.db, fx.rules, &nn));
	}
	ck_assert_ok(cpol_notice_reinspect(&i4, fx.db, n, fx.officer, D("2024-03-08"), 0, "未整改"));

	/* March 2024 in the office: i1 (1st), i2 (15th), the re-inspection (8th). */
	q.office_id = fx.office;
	q.from = D("2024-03-01");
	q.to = D("2024-03-31");
	ck_assert_ok(cpol_inspection_iter_new(&it, fx.db, &q));
	for (k = 0; cpol_inspection_iter_next(&in, it) == 0; k++)
		got[k] = in->id;
	cpol_inspection_iter_free(it);
	ck_assert_uint_eq(k, 3);
	ck_assert_int_eq(got[0], i1);
	ck_assert_int_eq(got[1], i2);
	ck_assert_int_eq(got[2], i4);

	/* One unit's, with the items and hazards on the record. */
	q = (cpol_inspection_query)CPOL_INSPECTION_QUERY_INIT;
	q.unit_id = u1;
	ck_assert_ok(cpol_inspection_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_inspection_iter_next(&in, it));
	ck_assert_int_eq(in->id, i1);
	ck_assert_uint_eq(in->item_count, 1);
	ck_assert_str_eq(in->items[0].finding, "2具过期");
	ck_assert_int_eq(in->items[0].fire, 1);
	ck_assert_uint_eq(in->hazard_count, 1);
	ck_assert_int_eq(in->hazards[0].notice_id, n);
	ck_assert_ok(cpol_inspection_iter_next(&in, it));
	ck_assert_int_eq(in->id, i3);
	ck_assert_int_eq(in->kind, CPOL_INSPECTION_FIRE);
	ck_assert_uint_eq(in->item_count, 0);
	ck_assert_uint_eq(in->hazard_count, 0);
	ck_assert_ok(cpol_inspection_iter_next(&in, it));
	ck_assert_int_eq(in->id, i4);
	ck_assert_int_eq(in->kind, CPOL_INSPECTION_REINSPECTION);
	ck_assert_int_eq(in->notice_id, n);
	ck_assert_str_eq(in->note, "未整改");
	ck_assert_int_eq(cpol_inspection_iter_next(&in, it), CPOL_ITEROVER);
	cpol_inspection_iter_free(it);

	/* By officer, by kind. */
	q = (cpol_inspection_query)CPOL_INSPECTION_QUERY_INIT;
	q.officer_id = fx.officer_b;
	ck_assert_ok(cpol_inspection_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_inspection_iter_next(&in, it));
	ck_assert_int_eq(in->id, i2);
	assert_date(in->on, "2024-03-15");
	ck_assert_int_eq(cpol_inspection_iter_next(&in, it), CPOL_ITEROVER);
	cpol_inspection_iter_free(it);
	q.officer_id = 0;
	q.office_id = fx.office;
	q.kind = CPOL_INSPECTION_REINSPECTION;
	ck_assert_ok(cpol_inspection_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_inspection_iter_next(&in, it));
	ck_assert_int_eq(in->id, i4);
	ck_assert_int_eq(cpol_inspection_iter_next(&in, it), CPOL_ITEROVER);
	cpol_inspection_iter_free(it);

	q.kind = (cpol_inspection_kind)99;
	ck_assert_fails(cpol_inspection_iter_new(&it, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "kind");
	q.kind = 0;
	q.from = D("2024-04-01");
	q.to = D("2024-03-01");
	ck_assert_fails(cpol_inspection_iter_new(&it, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "to");
}
END_TEST

START_TEST(listing_visits_by_kind_officer_and_period)
{
	cpol_id school = add_unit("internal_unit", "市一中", fx.officer, "2024-01-02");
	cpol_visit_query q = CPOL_VISIT_QUERY_INIT;
	cpol_visit_new vb = CPOL_VISIT_NEW_INIT;
	cpol_visit_iter *it = NULL;
	const cpol_visit *v;
	cpol_id v1, v2, v3, v4 = 0;

	v1 = visit(CPOL_VISIT_HOUSEHOLD, "2024-03-01", 0, 0, 0);
	v2 = visit(CPOL_VISIT_SECURITY_CONTACT, "2024-03-05", school, 0, 0);
	v3 = visit(CPOL_VISIT_HOUSEHOLD, "2024-04-01", 0, 0, 0);
	vb.office_id = fx.office;
	vb.officer_id = fx.officer_b;
	vb.on = D("2024-03-31");
	vb.kind = CPOL_VISIT_OTHER;
	vb.summary = "夜间巡逻";
	ck_assert_ok(cpol_visit_add(&v4, fx.db, &vb));

	ck_assert_ok(cpol_visit_query_init(&q, CPOL_VISIT_QUERY_VERSION));
	q.office_id = fx.office;
	q.kind = CPOL_VISIT_HOUSEHOLD;
	ck_assert_ok(cpol_visit_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_visit_iter_next(&v, it));
	ck_assert_int_eq(v->id, v1);
	ck_assert_ok(cpol_visit_iter_next(&v, it));
	ck_assert_int_eq(v->id, v3);
	ck_assert_int_eq(v->kind, CPOL_VISIT_HOUSEHOLD);
	ck_assert_int_eq(cpol_visit_iter_next(&v, it), CPOL_ITEROVER);
	cpol_visit_iter_free(it);

	/* March (1st to 31st inclusive): v1, v2 and 李明's v4. */
	q.kind = 0;
	q.from = D("2024-03-01");
	q.to = D("2024-03-31");
	ck_assert_ok(cpol_visit_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_visit_iter_next(&v, it));
	ck_assert_int_eq(v->id, v1);
	ck_assert_ok(cpol_visit_iter_next(&v, it));
	ck_assert_int_eq(v->id, v2);
	ck_assert_int_eq(v->unit_id, school);
	ck_assert_int_eq(v->kind, CPOL_VISIT_SECURITY_CONTACT);
	ck_assert_ok(cpol_visit_iter_next(&v, it));
	ck_assert_int_eq(v->id, v4);
	ck_assert_int_eq(cpol_visit_iter_next(&v, it), CPOL_ITEROVER);
	cpol_visit_iter_free(it);

	q.officer_id = fx.officer_b;
	ck_assert_ok(cpol_visit_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_visit_iter_next(&v, it));
	ck_assert_int_eq(v->id, v4);
	ck_assert_str_eq(v->summary, "夜间巡逻");
	assert_date(v->on, "2024-03-31");
	ck_assert_int_eq(cpol_visit_iter_next(&v, it), CPOL_ITEROVER);
	cpol_visit_iter_free(it);

	q = (cpol_visit_query)CPOL_VISIT_QUERY_INIT;
	q.unit_id = school;
	ck_assert_ok(cpol_visit_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_visit_iter_next(&v, it));
	ck_assert_int_eq(v->id, v2);
	ck_assert_int_eq(cpol_visit_iter_next(&v, it), CPOL_ITEROVER);
	cpol_visit_iter_free(it);

	q.kind = (cpol_visit_kind)42;
	ck_assert_fails(cpol_visit_iter_new(&it, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "kind");
	q.kind = 0;
	q.after_id = -1;
	ck_assert_fails(cpol_visit_iter_new(&it, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "after_id");
}
END_TEST

START_TEST(listing_cases_and_records)
{
	cpol_incident_query iq = CPOL_INCIDENT_QUERY_INIT;
	cpol_request_query rq = CPOL_REQUEST_QUERY_INIT;
	cpol_dispute_query dq = CPOL_DISPUTE_QUERY_INIT;
	cpol_duty_record_query cq = CPOL_DUTY_RECORD_QUERY_INIT;
	cpol_incident_iter *ii = NULL;
	cpol_request_iter *ri = NULL;
	cpol_dispute_iter *di = NULL;
	cpol_duty_record_iter *ci = NULL;
	const cpol_incident *inc;
	const cpol_request *req;
	const cpol_dispute *dis;
	const cpol_duty_record *rec;
	cpol_id inc1, inc2, inc3, r1, r2, d1 = 0, d2 = 0, c1, c2;

	inc1 = incident("2024-09-28", fx.officer);
	inc2 = incident("2024-10-10", fx.officer_b);
	inc3 = incident("2024-10-11", fx.officer);
	visit(CPOL_VISIT_RETURN, "2024-10-08", 0, 0, inc1);
	ck_assert_ok(cpol_incident_set_major(fx.db, inc3, 1));

	/* Not yet returned to: inc2, inc3. Major: inc3. */
	iq.office_id = fx.office;
	iq.unreturned = 1;
	ck_assert_ok(cpol_incident_iter_new(&ii, fx.db, &iq));
	ck_assert_ok(cpol_incident_iter_next(&inc, ii));
	ck_assert_int_eq(inc->id, inc2);
	ck_assert_int_eq(inc->officer_id, fx.officer_b);
	ck_assert_int_eq(inc->major, 0);
	ck_assert_ok(cpol_incident_iter_next(&inc, ii));
	ck_assert_int_eq(inc->id, inc3);
	ck_assert_int_eq(inc->major, 1);
	ck_assert_int_eq(cpol_incident_iter_next(&inc, ii), CPOL_ITEROVER);
	cpol_incident_iter_free(ii);
	iq.unreturned = 0;
	iq.major = 1;
	ck_assert_ok(cpol_incident_iter_new(&ii, fx.db, &iq));
	ck_assert_ok(cpol_incident_iter_next(&inc, ii));
	ck_assert_int_eq(inc->id, inc3);
	ck_assert_int_eq(cpol_incident_iter_next(&inc, ii), CPOL_ITEROVER);
	cpol_incident_iter_free(ii);
	/* Received in September, the one returned to on 8 October. */
	iq.major = 0;
	iq.to = D("2024-09-30");
	iq.kind = CPOL_INCIDENT_CRIMINAL;
	ck_assert_ok(cpol_incident_iter_new(&ii, fx.db, &iq));
	ck_assert_ok(cpol_incident_iter_next(&inc, ii));
	ck_assert_int_eq(inc->id, inc1);
	assert_date(inc->returned_on, "2024-10-08");
	ck_assert_str_eq(inc->summary, "入室盗窃");
	ck_assert_int_eq(cpol_incident_iter_next(&inc, ii), CPOL_ITEROVER);
	cpol_incident_iter_free(ii);
	iq.kind = CPOL_INCIDENT_HELP;
	iq.to = CPOL_DATE_NONE;
	ck_assert_ok(cpol_incident_iter_new(&ii, fx.db, &iq));
	ck_assert_int_eq(cpol_incident_iter_next(&inc, ii), CPOL_ITEROVER);
	cpol_incident_iter_free(ii);

	/* Requests: r1 in scope and answered, r2 referred and not. */
	r1 = request("2024-02-05", 1);
	r2 = request("2024-02-06", 0);
	ck_assert_ok(cpol_request_feedback(fx.db, r1, D("2024-02-07"), "已修复"));
	rq.office_id = fx.office;
	rq.unanswered = 1;
	ck_assert_ok(cpol_request_iter_new(&ri, fx.db, &rq));
	ck_assert_ok(cpol_request_iter_next(&req, ri));
	ck_assert_int_eq(req->id, r2);
	ck_assert_str_eq(req->referred_to, "街道城管科");
	ck_assert_int_eq(req->in_scope, 0);
	ck_assert_int_eq(cpol_request_iter_next(&req, ri), CPOL_ITEROVER);
	cpol_request_iter_free(ri);
	rq.unanswered = 0;
	rq.in_scope = 1;
	ck_assert_ok(cpol_request_iter_new(&ri, fx.db, &rq));
	ck_assert_ok(cpol_request_iter_next(&req, ri));
	ck_assert_int_eq(req->id, r1);
	ck_assert_str_eq(req->feedback, "已修复");
	assert_date(req->feedback_on, "2024-02-07");
	ck_assert_int_eq(cpol_request_iter_next(&req, ri), CPOL_ITEROVER);
	cpol_request_iter_free(ri);
	rq.in_scope = 2;
	ck_assert_fails(cpol_request_iter_new(&ri, fx.db, &rq), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "in_scope");

	/* Disputes by state and period. */
	ck_assert_ok(cpol_dispute_add(&d1, fx.db, fx.office, fx.officer, D("2024-03-01"), "王某、李某",
	                              "噪音"));
	ck_assert_ok(cpol_dispute_add(&d2, fx.db, fx.office, fx.officer, D("2024-03-10"), "赵某、钱某",
	                              "宅基地"));
	ck_assert_ok(cpol_dispute_resolve(fx.db, d2, CPOL_DISPUTE_MEDIATED, D("2024-03-12"), "达成协议"));
	dq.office_id = fx.office;
	dq.status = CPOL_DISPUTE_MEDIATED;
	ck_assert_ok(cpol_dispute_iter_new(&di, fx.db, &dq));
	ck_assert_ok(cpol_dispute_iter_next(&dis, di));
	ck_assert_int_eq(dis->id, d2);
	ck_assert_str_eq(dis->outcome, "达成协议");
	ck_assert_int_eq(cpol_dispute_iter_next(&dis, di), CPOL_ITEROVER);
	cpol_dispute_iter_free(di);
	dq.status = 0;
	dq.to = D("2024-03-09");
	ck_assert_ok(cpol_dispute_iter_new(&di, fx.db, &dq));
	ck_assert_ok(cpol_dispute_iter_next(&dis, di));
	ck_assert_int_eq(dis->id, d1);
	ck_assert_int_eq(dis->status, CPOL_DISPUTE_OPEN);
	ck_assert_int_eq(cpol_dispute_iter_next(&dis, di), CPOL_ITEROVER);
	cpol_dispute_iter_free(di);

	/* Meeting and notice records by obligation and period. */
	c1 = record("case_notice", "2024-03-01");
	c2 = record("open_day", "2024-03-18");
	record("case_notice", "2024-04-05");
	cq.office_id = fx.office;
	cq.obligation = "case_notice";
	cq.to = D("2024-03-31");
	ck_assert_ok(cpol_duty_record_iter_new(&ci, fx.db, &cq));
	ck_assert_ok(cpol_duty_record_iter_next(&rec, ci));
	ck_assert_int_eq(rec->id, c1);
	ck_assert_str_eq(rec->obligation, "case_notice");
	assert_date(rec->held_on, "2024-03-01");
	ck_assert_int_eq(rec->officer_id, fx.officer);
	ck_assert_int_eq(rec->incident_id, 0);
	ck_assert_int_eq(cpol_duty_record_iter_next(&rec, ci), CPOL_ITEROVER);
	cpol_duty_record_iter_free(ci);
	cq.obligation = NULL;
	cq.from = D("2024-03-02");
	ck_assert_ok(cpol_duty_record_iter_new(&ci, fx.db, &cq));
	ck_assert_ok(cpol_duty_record_iter_next(&rec, ci));
	ck_assert_int_eq(rec->id, c2);
	ck_assert_str_eq(rec->title, "open_day");
	ck_assert_int_eq(cpol_duty_record_iter_next(&rec, ci), CPOL_ITEROVER);
	cpol_duty_record_iter_free(ci);
	cq.from = 5000000; /* after the year 9999 */
	ck_assert_fails(cpol_duty_record_iter_new(&ci, fx.db, &cq), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "from");
	cq.from = D("2024-04-01");
	ck_assert_fails(cpol_duty_record_iter_new(&ci, fx.db, &cq), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "to");
}
END_TEST

/* ------------------------------------------- immediate obligations (重大) */

/*
 * Information items (信息收集): three reported by the officer (two in
 * March, one in April), one by officer_b in March; the April one is then
 * archived. Listings by officer, office, category and period; paging.
 */
START_TEST(information_items_add_list_archive)
{
	cpol_info_item_new n;
	cpol_info_item_query q;
	cpol_info_item_iter *it = NULL;
	const cpol_info_item *r;
	cpol_audit_query aq = CPOL_AUDIT_QUERY_INIT;
	int64_t entries = 0;
	cpol_id i1, i2, i3, i4;

	ck_assert_ok(cpol_info_item_new_init(&n, CPOL_INFO_ITEM_NEW_VERSION));
	n.office_id = fx.office;
	n.officer_id = fx.officer;
	n.reported_on = D("2024-03-02");
	n.category = "治安线索";
	n.summary = "东街出租屋夜间人员进出频繁";
	ck_assert_ok(cpol_info_item_add(&i1, fx.db, &n));
	n.reported_on = D("2024-03-20");
	n.category = "社情民意";
	n.summary = "居民反映小区监控损坏";
	ck_assert_ok(cpol_info_item_add(&i2, fx.db, &n));
	n.reported_on = D("2024-04-01");
	ck_assert_ok(cpol_info_item_add(&i3, fx.db, &n));
	n.officer_id = fx.officer_b;
	n.reported_on = D("2024-03-15");
	n.category = "治安线索";
	ck_assert_ok(cpol_info_item_add(&i4, fx.db, &n));

	/* Errors name the field. */
	n.summary = "";
	ck_assert_fails(cpol_info_item_add(NULL, fx.db, &n), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "summary");
	n.summary = "x";
	n.category = NULL;
	ck_assert_fails(cpol_info_item_add(NULL, fx.db, &n), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "category");
	n.category = "x";
	n.officer_id = 0;
	ck_assert_fails(cpol_info_item_add(NULL, fx.db, &n), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "officer_id");
	n.officer_id = 99999;
	ck_assert_fails(cpol_info_item_add(NULL, fx.db, &n), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "officer_id");
	n.officer_id = fx.officer;
	n.office_id = 99999;
	ck_assert_fails(cpol_info_item_add(NULL, fx.db, &n), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "office_id");
	n.office_id = fx.office;
	n.reported_on = CPOL_DATE_NONE;
	ck_assert_fails(cpol_info_item_add(NULL, fx.db, &n), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "reported_on");

	/* The officer's, in March: i1, i2 in id order, read back as written. */
	ck_assert_ok(cpol_info_item_query_init(&q, CPOL_INFO_ITEM_QUERY_VERSION));
	q.officer_id = fx.officer;
	q.from = D("2024-03-01");
	q.to = D("2024-03-31");
	ck_assert_ok(cpol_info_item_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_info_item_iter_next(&r, it));
	ck_assert_int_eq(r->id, i1);
	ck_assert_int_eq(r->office_id, fx.office);
	ck_assert_int_eq(r->officer_id, fx.officer);
	assert_date(r->reported_on, "2024-03-02");
	ck_assert_str_eq(r->category, "治安线索");
	ck_assert_str_eq(r->summary, "东街出租屋夜间人员进出频繁");
	ck_assert_ptr_null(r->archived_at);
	ck_assert_ok(cpol_info_item_iter_next(&r, it));
	ck_assert_int_eq(r->id, i2);
	ck_assert_int_eq(cpol_info_item_iter_next(&r, it), CPOL_ITEROVER);
	ck_assert_ptr_null(r);
	cpol_info_item_iter_free(it);

	/* The office's 治安线索: i1 and i4; one a page. */
	ck_assert_ok(cpol_info_item_query_init(&q, CPOL_INFO_ITEM_QUERY_VERSION));
	q.office_id = fx.office;
	q.category = "治安线索";
	q.limit = 1;
	ck_assert_ok(cpol_info_item_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_info_item_iter_next(&r, it));
	ck_assert_int_eq(r->id, i1);
	ck_assert_int_eq(cpol_info_item_iter_next(&r, it), CPOL_ITEROVER);
	cpol_info_item_iter_free(it);
	q.after_id = i1;
	ck_assert_ok(cpol_info_item_iter_new(&it, fx.db, &q));
	ck_assert_ok(cpol_info_item_iter_next(&r, it));
	ck_assert_int_eq(r->id, i4);
	ck_assert_int_eq(r->officer_id, fx.officer_b);
	cpol_info_item_iter_free(it);

	/* Archive i3: no longer listed; twice is not found; the trail keeps it. */
	ck_assert_ok(cpol_info_item_archive(fx.db, i3));
	ck_assert_fails(cpol_info_item_archive(fx.db, i3), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "item_id");
	ck_assert_ok(cpol_info_item_iter_new(&it, fx.db, NULL));
	ck_assert_ok(cpol_info_item_iter_next(&r, it));
	ck_assert_int_eq(r->id, i1);
	ck_assert_ok(cpol_info_item_iter_next(&r, it));
	ck_assert_int_eq(r->id, i2);
	ck_assert_ok(cpol_info_item_iter_next(&r, it));
	ck_assert_int_eq(r->id, i4);
	ck_assert_int_eq(cpol_info_item_iter_next(&r, it), CPOL_ITEROVER);
	cpol_info_item_iter_free(it);
	aq.table_name = "information_item";
	aq.row_id = i3;
	ck_assert_ok(cpol_audit_count(&entries, fx.db, &aq));
	ck_assert_int_eq(entries, 2); /* insert, archive */

	/* Query errors name the field. */
	ck_assert_ok(cpol_info_item_query_init(&q, CPOL_INFO_ITEM_QUERY_VERSION));
	q.from = D("2024-04-01");
	q.to = D("2024-03-01");
	ck_assert_fails(cpol_info_item_iter_new(&it, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "to");
	q.to = CPOL_DATE_NONE;
	q.after_id = -1;
	ck_assert_fails(cpol_info_item_iter_new(&it, fx.db, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "after_id");
	ck_assert_fails(cpol_info_item_query_init(&q, 99), CPOL_EINVAL);
}
END_TEST

START_TEST(major_incident_owes_the_immediate_notice_until_recorded)
{
	cpol_incident_new in = CPOL_INCIDENT_NEW_INIT;
	cpol_duty_record_new r = CPOL_DUTY_RECORD_NEW_INIT;
	cpol_duty_record_query cq = CPOL_DUTY_RECORD_QUERY_INIT;
	cpol_duty_record_iter *ci = NULL;
	const cpol_duty_record *rec;
	cpol_id major = 0, minor, elsewhere = 0, later, notice = 0;
	cpol_incident *got = NULL;
	const cpol_owed_item *it;
	cpol_owed_list *l;

	/* A major burglary received Saturday 28 September 2024 by 王建国. */
	in.office_id = fx.office;
	in.officer_id = fx.officer;
	in.received_on = D("2024-09-28");
	in.kind = CPOL_INCIDENT_CRIMINAL;
	in.summary = "持刀入室抢劫";
	in.major = 1;
	ck_assert_ok(cpol_incident_add(&major, fx.db, &in));
	minor = incident("2024-09-28", fx.officer);
	ck_assert_ok(cpol_incident_get(&got, fx.db, major));
	ck_assert_int_eq(got->major, 1);
	cpol_incident_free(got);

	/* Owed at once: due the day received, a Saturday, which no holiday
	 * rule moves; two days overdue on Monday the 30th. It names the
	 * obligation whose cadence is immediate (line 21 of the fixture). */
	l = owed(0, "2024-09-30", NULL);
	it = must_find(l, CPOL_OWED_IMMEDIATE, major, NULL);
	assert_date(it->due, "2024-09-28");
	ck_assert_int_eq(it->days_overdue, 2);
	ck_assert_str_eq(it->what, "重大案情通报");
	ck_assert_str_eq(it->subject, "持刀入室抢劫");
	ck_assert_int_eq(it->officer_id, fx.officer);
	ck_assert_str_eq(it->rule_key, "obligations[major_case_notice].cadence");
	ck_assert_str_eq(it->rule_file, "worktest.yaml");
	ck_assert_int_eq(it->rule_line, 21);
	ck_assert_str_eq(cpol_owed_kind_name(it->kind), "immediate");
	ck_assert_ptr_null(find(l, CPOL_OWED_IMMEDIATE, minor, NULL));
	/* No periodic item for the immediate obligation itself. */
	ck_assert_ptr_null(find(l, CPOL_OWED_OBLIGATION, 0, "重大案情通报"));
	cpol_owed_list_free(l);
	/* It falls to the handling officer: in his view, not in 李明's. */
	l = owed(fx.officer, "2024-09-30", NULL);
	must_find(l, CPOL_OWED_IMMEDIATE, major, NULL);
	cpol_owed_list_free(l);
	l = owed(fx.officer_b, "2024-09-30", NULL);
	ck_assert_ptr_null(find(l, CPOL_OWED_IMMEDIATE, major, NULL));
	cpol_owed_list_free(l);
	/* Months later, still owed. */
	l = owed(0, "2025-01-06", NULL);
	it = must_find(l, CPOL_OWED_IMMEDIATE, major, NULL);
	ck_assert_int_eq(it->days_overdue, 100); /* 28 Sep -> 6 Jan: 2 + 31 + 30 + 31 + 6 */
	cpol_owed_list_free(l);

	/* Only an immediate obligation's record names an incident, of the same
	 * office, received by the day it was held. */
	r.office_id = fx.office;
	r.officer_id = fx.officer;
	r.obligation = "case_notice";
	r.held_on = D("2024-09-30");
	r.title = "案情通报";
	r.incident_id = major;
	ck_assert_fails(cpol_duty_record_add(NULL, fx.db, fx.rules, &r), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "incident_id");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "not immediate"));
	r.obligation = "major_case_notice";
	r.held_on = D("2024-09-27");
	ck_assert_fails(cpol_duty_record_add(NULL, fx.db, fx.rules, &r), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "incident_id");
	in.office_id = fx.office2;
	in.officer_id = fx.officer2;
	ck_assert_ok(cpol_incident_add(&elsewhere, fx.db, &in));
	r.held_on = D("2024-09-30");
	r.incident_id = elsewhere;
	ck_assert_fails(cpol_duty_record_add(NULL, fx.db, fx.rules, &r), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "incident_id");
	r.incident_id = 999;
	ck_assert_fails(cpol_duty_record_add(NULL, fx.db, fx.rules, &r), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "incident_id");

	/* The notice posted on the 28th fulfils it. */
	r.incident_id = major;
	r.held_on = D("2024-09-28");
	r.title = "关于一起持刀入室抢劫案的通报";
	ck_assert_ok(cpol_duty_record_add(&notice, fx.db, fx.rules, &r));
	l = owed(0, "2024-10-05", NULL);
	ck_assert_ptr_null(find(l, CPOL_OWED_IMMEDIATE, major, NULL));
	/* Its return visit is still owed (1 October + National Day: the 8th). */
	assert_date(must_find(l, CPOL_OWED_RETURN_VISIT, major, NULL)->due, "2024-10-08");
	cpol_owed_list_free(l);
	cq.incident_id = major;
	ck_assert_ok(cpol_duty_record_iter_new(&ci, fx.db, &cq));
	ck_assert_ok(cpol_duty_record_iter_next(&rec, ci));
	ck_assert_int_eq(rec->id, notice);
	ck_assert_int_eq(rec->incident_id, major);
	ck_assert_int_eq(cpol_duty_record_iter_next(&rec, ci), CPOL_ITEROVER);
	cpol_duty_record_iter_free(ci);

	/* An incident found major later is owed from the day it was received;
	 * taking the mark off (entered in error) takes the item off. */
	later = incident("2024-10-09", fx.officer);
	ck_assert_ok(cpol_incident_set_major(fx.db, later, 1));
	l = owed(0, "2024-10-10", NULL);
	it = must_find(l, CPOL_OWED_IMMEDIATE, later, NULL);
	assert_date(it->due, "2024-10-09");
	cpol_owed_list_free(l);
	ck_assert_ok(cpol_incident_set_major(fx.db, later, 0));
	l = owed(0, "2024-10-10", NULL);
	ck_assert_ptr_null(find(l, CPOL_OWED_IMMEDIATE, later, NULL));
	cpol_owed_list_free(l);
	ck_assert_fails(cpol_incident_set_major(fx.db, later, 2), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "major");
	ck_assert_fails(cpol_incident_set_major(fx.db, 999, 1), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "incident_id");
	in.major = 3;
	ck_assert_fails(cpol_incident_add(NULL, fx.db, &in), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "major");
}
END_TEST

/* ---------------------------------------------------- the holiday rule */

/* The fixture's rules with both holiday keys set to keep (calendar is its last section). */
static cpol_rules *keep_rules(void)
{
	cpol_rules_options o = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r = NULL;
	char text[sizeof(FIXTURE_RULES) + 128];
	snprintf(text, sizeof(text), "%s%s", FIXTURE_RULES,
	         "  deadline_on_holiday: keep\n  period_end_on_holiday: keep\n");
	o.name = "keep.yaml";
	o.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&r, text, &o));
	return r;
}

START_TEST(holiday_rule_next_working_day_or_keep)
{
	cpol_id u = add_unit("entertainment", "甲KTV", fx.officer, "2024-01-10");
	cpol_id inc = incident("2024-09-28", fx.officer), insp, n = 0;
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_notice_new nn = CPOL_NOTICE_NEW_INIT;
	cpol_rules *keep = keep_rules();
	cpol_owed_list *national = NULL, *kept = NULL;
	const cpol_owed_item *it;
	cpol_notice *got = NULL;
	cpol_work_rates r = CPOL_WORK_RATES_INIT;

	ck_assert_str_eq(cpol_rules_get_calendar(fx.rules)->deadline_on_holiday.value, "next_working_day");
	ck_assert_str_eq(cpol_rules_get_calendar(keep)->deadline_on_holiday.value, "keep");

	/* A return visit within 3 days of Saturday 28 September 2024: 1
	 * October, National Day. Run on to Tuesday 8 October, or kept. */
	q.office_id = fx.office;
	q.on = D("2024-10-01");
	ck_assert_ok(cpol_owed_list_get(&national, fx.db, fx.rules, &q));
	ck_assert_ok(cpol_owed_list_get(&kept, fx.db, keep, &q));
	it = must_find(national, CPOL_OWED_RETURN_VISIT, inc, NULL);
	assert_date(it->due, "2024-10-08");
	it = must_find(kept, CPOL_OWED_RETURN_VISIT, inc, NULL);
	assert_date(it->due, "2024-10-01");
	ck_assert_int_eq(it->days_overdue, 0);
	ck_assert_str_eq(it->rule_key, "visits.return_visit_within");
	ck_assert_str_eq(it->rule_file, "keep.yaml");
	cpol_owed_list_free(national);
	cpol_owed_list_free(kept);

	/* Returned to on Saturday 5 October: in time by national (8 October),
	 * four days late when the days are kept (1 October). */
	visit(CPOL_VISIT_RETURN, "2024-10-05", 0, 0, inc);
	ck_assert_ok(cpol_work_rates_measure(&r, fx.db, fx.rules, fx.office, 0, D("2024-10-01"),
	                                     D("2024-10-31")));
	ck_assert_int_eq(r.return_visits.due, 1);
	ck_assert_int_eq(r.return_visits.done, 1);
	ck_assert_ok(cpol_work_rates_measure(&r, fx.db, keep, fx.office, 0, D("2024-10-01"),
	                                     D("2024-10-31")));
	ck_assert_int_eq(r.return_visits.due, 1);
	ck_assert_int_eq(r.return_visits.done, 0);

	/* A notice's deadline: 24 September + 1 week = 1 October, kept on the
	 * holiday and printed so. */
	insp = inspect(u, fx.officer, "2024-09-24");
	ck_assert_ok(cpol_hazard_add(NULL, fx.db, insp, "疏散指示灯损坏", 1));
	nn.inspection_id = insp;
	nn.issued_on = D("2024-09-24");
	ck_assert_ok(cpol_notice_issue(&n, fx.db, keep, &nn));
	ck_assert_ok(cpol_notice_get(&got, fx.db, n));
	assert_date(got->deadline, "2024-10-01");
	ck_assert_str_eq(got->deadline_file, "keep.yaml");
	cpol_notice_free(got);

	/* A calendar period: inspected 15 December 2024, owed in January 2025,
	 * whose last days (28-31) are the Spring Festival: due Monday 27
	 * January by national, Friday 31 January when kept. A fixed day: the
	 * 警民恳谈日 after 18 December is Saturday 18 January: Friday the 17th,
	 * or kept. */
	inspect(u, fx.officer, "2024-12-15");
	record("open_day", "2024-12-18");
	q.on = D("2025-01-25");
	q.horizon_days = 7;
	ck_assert_ok(cpol_owed_list_get(&national, fx.db, fx.rules, &q));
	ck_assert_ok(cpol_owed_list_get(&kept, fx.db, keep, &q));
	assert_date(must_find(national, CPOL_OWED_INSPECTION, u, NULL)->due, "2025-01-27");
	assert_date(must_find(kept, CPOL_OWED_INSPECTION, u, NULL)->due, "2025-01-31");
	assert_date(must_find(national, CPOL_OWED_OBLIGATION, 0, "警民恳谈日")->due, "2025-01-17");
	assert_date(must_find(kept, CPOL_OWED_OBLIGATION, 0, "警民恳谈日")->due, "2025-01-18");
	cpol_owed_list_free(national);
	cpol_owed_list_free(kept);
	cpol_rules_free(keep);
}
END_TEST

START_TEST(owed_query_uses_office_indexes)
{
	static const char *const plans[] = {
		"EXPLAIN QUERY PLAN SELECT u.id, u.name, u.type_code, u.officer_id, u.status_since, li.last"
		" FROM unit u LEFT JOIN (SELECT unit_id, max(on_date) AS last FROM inspection"
		" WHERE office_id = 1 AND archived_at IS NULL GROUP BY unit_id) li ON li.unit_id = u.id"
		" WHERE u.office_id = 1 AND u.status = 'open' AND u.archived_at IS NULL",
		"EXPLAIN QUERY PLAN SELECT id FROM rectification_notice WHERE office_id = 1"
		" AND closed_on IS NULL AND archived_at IS NULL",
		"EXPLAIN QUERY PLAN SELECT id FROM incident WHERE office_id = 1 AND returned_on IS NULL"
		" AND archived_at IS NULL",
		"EXPLAIN QUERY PLAN SELECT id FROM resident_request WHERE office_id = 1"
		" AND feedback_on IS NULL AND archived_at IS NULL",
		NULL };
	size_t i;

	for (i = 0; plans[i]; i++) {
		cpol__stmt *st;
		cpol__buf b = { 0 };
		ck_assert_int_eq(cpol__db_prepare(fx.db, &st, plans[i]), CPOL__OK);
		while (cpol__st_step(st) == CPOL__ROW)
			cpol__buf_printf(&b, "%s\n", (const char *)cpol__st_column_text(st, 3));
		cpol__st_finalize(st);
		ck_assert_msg(strstr(b.ptr, "SCAN") == NULL, "full scan in plan %zu:\n%s", i, b.ptr);
		ck_assert_ptr_nonnull(strstr(b.ptr, "USING"));
		cpol__buf_free(&b);
	}
}
END_TEST

#include "test_work.list"

int main(void)
{
	return testutil_main_list("work", setup, teardown, testutil_tests());
}

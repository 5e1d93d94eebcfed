/* The names 0.2.0 replaced (include/commpolice/deprecated.h) still work for
 * one release: each old name gives what the new one gives. This file keeps
 * the old names on purpose: build-aux/api-renames.sh leaves it alone. */
#undef CPOL_DEPRECATE_HARD
#include "work_fixture.h"

#include <string.h>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* area: renamed */

START_TEST(schema_version_takes_its_old_argument_order)
{
	int old_v = -1, new_v = -2;

	ck_assert_ok(cpol_db_schema_version(fx.db, &old_v));
	ck_assert_ok(cpol_db_schema_current(&new_v, fx.db));
	ck_assert_int_eq(old_v, new_v);
	ck_assert_int_eq(new_v, cpol_db_schema_latest());
}
END_TEST

/* 2024-02-29, a leap day: 2024, 2, 29 both ways; NULLs allowed. */
START_TEST(date_to_ymd_splits_as_date_split)
{
	int y = 0, m = 0, d = 0, y2 = 0;

	cpol_date_to_ymd(D("2024-02-29"), &y, &m, &d);
	ck_assert_int_eq(y, 2024);
	ck_assert_int_eq(m, 2);
	ck_assert_int_eq(d, 29);
	cpol_date_to_ymd(D("2024-12-31"), &y2, NULL, NULL);
	ck_assert_int_eq(y2, 2024);
	cpol_date_split(&y, &m, &d, D("2025-01-01"));
	ck_assert_int_eq(y * 10000 + m * 100 + d, 20250101);
}
END_TEST

START_TEST(org_get_reads_the_org_unit)
{
	cpol_org_unit *a = NULL, *b = NULL, *c = NULL;

	ck_assert_ok(cpol_org_get(&a, fx.db, CPOL_ORG_OFFICE, fx.office));
	ck_assert_ok(cpol_org_unit_get(&b, fx.db, CPOL_ORG_OFFICE, fx.office));
	ck_assert_str_eq(a->name, "城东警务室");
	ck_assert_str_eq(a->name, b->name);
	ck_assert_int_eq(cpol_org_get(&c, fx.db, CPOL_ORG_OFFICE, 999999), CPOL_ENOTFOUND);
	ck_assert_ptr_null(c);
	cpol_org_unit_free(a);
	cpol_org_unit_free(b);
}
END_TEST

/* The fixture's office owes its obligations on 2024-10-15: both names give
 * the same list (the count is the owed module's to test). */
START_TEST(owed_get_gives_the_owed_list)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *a = NULL, *b = NULL;

	q.office_id = fx.office;
	q.on = D("2024-10-15");
	ck_assert_ok(cpol_owed_get(&a, fx.db, fx.rules, &q));
	ck_assert_ok(cpol_owed_list_get(&b, fx.db, fx.rules, &q));
	ck_assert_uint_gt(a->total, 0);
	ck_assert_uint_eq(a->total, b->total);
	ck_assert_uint_eq(a->overdue, b->overdue);
	cpol_owed_list_free(a);
	cpol_owed_list_free(b);
}
END_TEST

START_TEST(work_quotas_gives_the_quota_list)
{
	cpol_quota_list *a = NULL, *b = NULL;

	ck_assert_ok(cpol_work_quotas(&a, fx.db, fx.rules, fx.office, 0, D("2024-10-15")));
	ck_assert_ok(cpol_quota_list_get(&b, fx.db, fx.rules, fx.office, 0, D("2024-10-15")));
	ck_assert_uint_eq(a->count, b->count);
	ck_assert_int_eq(a->on, b->on);
	cpol_quota_list_free(a);
	cpol_quota_list_free(b);
}
END_TEST

static int count_staff(cpol_staff_iter *it)
{
	const cpol_staff *s;
	int n = 0, rc;
	while ((rc = cpol_staff_iter_next(&s, it)) == 0)
		n++;
	ck_assert_int_eq(rc, CPOL_ITEROVER);
	cpol_staff_iter_free(it);
	return n;
}

/* Office 1 has two officers (the fixture), office 2 one. */
START_TEST(staff_iter_office_lists_the_office)
{
	cpol_staff_iter *it = NULL;

	ck_assert_ok(cpol_staff_iter_office(&it, fx.db, fx.office, D("2024-01-01")));
	ck_assert_int_eq(count_staff(it), 2);
	ck_assert_ok(cpol_staff_office_iter_new(&it, fx.db, fx.office, D("2024-01-01")));
	ck_assert_int_eq(count_staff(it), 2);
	ck_assert_ok(cpol_staff_iter_office(&it, fx.db, fx.office2, D("2024-01-01")));
	ck_assert_int_eq(count_staff(it), 1);
}
END_TEST

static int count_addresses(cpol_address_iter *it)
{
	const cpol_address *a;
	int n = 0, rc;
	while ((rc = cpol_address_iter_next(&a, it)) == 0)
		n++;
	ck_assert_int_eq(rc, CPOL_ITEROVER);
	cpol_address_iter_free(it);
	return n;
}

/* One street with two buildings: the street's children are 2, its subtree
 * 3 (itself first), by the old names as by the new. */
START_TEST(address_iterators_keep_their_old_names)
{
	cpol_address_iter *it = NULL;
	cpol_id community = 0, street = 0, b1 = 0, b2 = 0, station = 0;
	cpol_org_unit *office = NULL;

	ck_assert_ok(cpol_org_unit_get(&office, fx.db, CPOL_ORG_OFFICE, fx.office));
	station = office->parent_id;
	cpol_org_unit_free(office);
	ck_assert_ok(cpol_community_add(&community, fx.db, station, CPOL_COMMUNITY_URBAN, "城东社区",
	                                NULL, NULL));
	ck_assert_ok(cpol_address_add(&street, fx.db, community, 0, CPOL_ADDR_STREET, "解放路"));
	ck_assert_ok(cpol_address_add(&b1, fx.db, community, street, CPOL_ADDR_BUILDING, "12"));
	ck_assert_ok(cpol_address_add(&b2, fx.db, community, street, CPOL_ADDR_BUILDING, "14"));
	ck_assert_ok(cpol_address_iter_children(&it, fx.db, community, street));
	ck_assert_int_eq(count_addresses(it), 2);
	ck_assert_ok(cpol_address_children_iter_new(&it, fx.db, community, street));
	ck_assert_int_eq(count_addresses(it), 2);
	ck_assert_ok(cpol_address_iter_subtree(&it, fx.db, street));
	ck_assert_int_eq(count_addresses(it), 3);
	ck_assert_ok(cpol_address_subtree_iter_new(&it, fx.db, street));
	ck_assert_int_eq(count_addresses(it), 3);
}
END_TEST

/* area: old_layouts */

/* An October with nothing done nor owed: every rate 1.0 of 0 due, the rule
 * keys of the fixture (rectification_deadline: 1w, return 3d, feedback
 * 1w); the 0.1.0 struct, without a version, gets what the new one gets. */
START_TEST(work_rates_get_fills_the_old_layout)
{
	cpol_work_rates_v0 old;
	cpol_work_rates now = CPOL_WORK_RATES_INIT;

	memset(&old, 0xff, sizeof(old));
	ck_assert_ok(cpol_work_rates_get(&old, fx.db, fx.rules, fx.office, 0, D("2024-10-01"),
	                                 D("2024-10-31")));
	ck_assert_ok(cpol_work_rates_measure(&now, fx.db, fx.rules, fx.office, 0, D("2024-10-01"),
	                                     D("2024-10-31")));
	assert_date(old.from, "2024-10-01");
	assert_date(old.to, "2024-10-31");
	ck_assert_int_eq(old.inspections.due, 0);
	ck_assert_double_eq(old.inspections.rate, 1.0);
	ck_assert_int_eq(old.feedback.due, now.feedback.due);
	ck_assert_str_eq(old.feedback.rule_key, "visits.feedback_within");
	ck_assert_str_eq(old.return_visits.rule_key, now.return_visits.rule_key);
	ck_assert_str_eq(old.notices_on_time.rule_key, now.notices_on_time.rule_key);
	ck_assert_int_eq(cpol_work_rates_get(NULL, fx.db, fx.rules, fx.office, 0, D("2024-10-01"),
	                                     D("2024-10-31")), CPOL_EINVAL);
}
END_TEST

/* A missing file: CPOL_EIO either way, and the 0.1.0 report is zeroed
 * (the new function zeroes its report first; the old copies it over). */
START_TEST(import_file_fills_the_old_layout)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report_v0 old;
	cpol_import_report_v0 zero;

	memset(&old, 0xff, sizeof(old));
	memset(&zero, 0, sizeof(zero));
	o.kind = CPOL_IMPORT_ADDRESSES;
	ck_assert_int_eq(cpol_import_file(&old, fx.db, "/nonexistent/x.csv", &o), CPOL_EIO);
	ck_assert_int_eq(memcmp(&old, &zero, sizeof(old)), 0);
	ck_assert_int_eq(cpol_import_file(NULL, fx.db, "/nonexistent/x.csv", &o), CPOL_EIO);
}
END_TEST

/* area: shapes */

static cpol_id a_person(void)
{
	cpol_person_new p = CPOL_PERSON_NEW_INIT;
	cpol_id id = 0;

	p.id_number = "110105199003071239";
	p.name = "张伟";
	p.hukou = "北京市朝阳区";
	p.office_id = fx.office;
	p.office_since = D("2024-01-01");
	ck_assert_ok(cpol_person_add(&id, fx.db, fx.rules, &p));
	return id;
}

/* The positional update: NULL keeps, "" clears, -1 keeps the address;
 * the change struct does the same, and refuses a version it does not know. */
START_TEST(person_update_takes_its_positional_fields)
{
	cpol_person_details_change c = CPOL_PERSON_DETAILS_CHANGE_INIT;
	cpol_id id = a_person();
	cpol_person *p = NULL;

	ck_assert_ok(cpol_person_update(fx.db, id, NULL, "13900000000", "", -1));
	ck_assert_ok(cpol_person_get(&p, fx.db, id));
	ck_assert_str_eq(p->name, "张伟");
	ck_assert_str_eq(p->phone, "13900000000");
	ck_assert_ptr_null(p->hukou);
	cpol_person_free(p);
	ck_assert_fails(cpol_person_update(fx.db, id, "", NULL, NULL, -1), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "name");

	c.name = "张伟明";
	c.phone = "";
	ck_assert_ok(cpol_person_details_update(fx.db, id, &c));
	ck_assert_ok(cpol_person_get(&p, fx.db, id));
	ck_assert_str_eq(p->name, "张伟明");
	ck_assert_ptr_null(p->phone);
	cpol_person_free(p);
	c.version = 2;
	ck_assert_fails(cpol_person_details_update(fx.db, id, &c), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "version");
	ck_assert_fails(cpol_person_details_change_init(&c, 0), CPOL_EINVAL);
	ck_assert_ok(cpol_person_details_change_init(&c, CPOL_PERSON_DETAILS_CHANGE_VERSION));
	ck_assert_ptr_null(c.name);
	ck_assert_int_eq(c.hukou_address_id, -1);
}
END_TEST

/* The old person archive is cpol_person_end: archived, and not twice. */
START_TEST(person_archive_ends_the_person)
{
	cpol_id id = a_person();
	cpol_person *p = NULL;

	ck_assert_ok(cpol_person_archive(fx.db, id, D("2024-08-01"), "死亡注销"));
	ck_assert_ok(cpol_person_get(&p, fx.db, id));
	ck_assert_ptr_nonnull(p->archived_at);
	cpol_person_free(p);
	ck_assert_fails(cpol_person_archive(fx.db, id, D("2024-08-01"), "again"), CPOL_ENOTFOUND);
	ck_assert_fails(cpol_person_end(fx.db, id, D("2024-08-01"), "again"), CPOL_ENOTFOUND);
}
END_TEST

/* The old org archive: staff need `on` and their open assignment closes on
 * it; other levels ignore it. */
START_TEST(org_archive_archives_staff_with_their_assignment)
{
	cpol_staff *s = NULL;

	ck_assert_fails(cpol_org_archive(fx.db, CPOL_ORG_STAFF, fx.officer_b, CPOL_DATE_NONE), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "on");
	ck_assert_ok(cpol_org_archive(fx.db, CPOL_ORG_STAFF, fx.officer_b, D("2024-06-30")));
	ck_assert_ok(cpol_staff_get(&s, fx.db, fx.officer_b));
	ck_assert_int_eq(s->active_to, D("2024-06-30"));
	cpol_staff_free(s);
	ck_assert_fails(cpol_org_archive(fx.db, CPOL_ORG_STAFF, fx.officer_b, D("2024-06-30")), CPOL_ENOTFOUND);
	ck_assert_ok(cpol_org_archive(fx.db, CPOL_ORG_OFFICE, fx.office2, CPOL_DATE_NONE));
	ck_assert_fails(cpol_org_unit_archive(fx.db, CPOL_ORG_OFFICE, fx.office2), CPOL_ENOTFOUND);
}
END_TEST

/* The fixture's trail: the 0.1.0 summary holds what the versioned one
 * holds; the versioned one refuses version 0 (a struct never initialised). */
START_TEST(audit_verify_fills_the_old_layout)
{
	cpol_audit_summary_v0 old;
	cpol_audit_summary now = CPOL_AUDIT_SUMMARY_INIT, bare;

	memset(&old, 0xff, sizeof(old));
	ck_assert_ok(cpol_audit_verify(&old, fx.db, NULL, NULL));
	ck_assert_ok(cpol_audit_trail_verify(&now, fx.db, NULL, NULL));
	ck_assert_int_eq(now.version, CPOL_AUDIT_SUMMARY_VERSION);
	ck_assert_int_eq(old.findings, 0);
	ck_assert_int_eq(old.entries, now.entries);
	ck_assert_int_gt(old.entries, 0);
	ck_assert_int_eq(old.rows, now.rows);
	ck_assert_int_eq(old.head_id, now.head_id);
	ck_assert_str_eq(old.head_hash, now.head_hash);
	ck_assert_str_eq(old.key_id, "");
	ck_assert_ok(cpol_audit_verify(NULL, fx.db, NULL, NULL));
	memset(&bare, 0, sizeof(bare));
	ck_assert_fails(cpol_audit_trail_verify(&bare, fx.db, NULL, NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "version");
	ck_assert_ok(cpol_audit_summary_init(&bare, CPOL_AUDIT_SUMMARY_VERSION));
	ck_assert_ok(cpol_audit_trail_verify(&bare, fx.db, NULL, NULL));
	ck_assert_fails(cpol_audit_summary_init(&bare, 2), CPOL_EINVAL);
}
END_TEST

/* The fixture's calendar: Sunday 2024-02-04 is a make-up working day,
 * Saturday 2024-02-10 the first day of 春节; both layouts agree. */
START_TEST(rules_calendar_day_fills_the_old_layout)
{
	cpol_calendar_day_v0 old;
	cpol_calendar_day now = CPOL_CALENDAR_DAY_INIT, bare;

	memset(&old, 0xff, sizeof(old));
	ck_assert_ok(cpol_rules_calendar_day(&old, fx.rules, D("2024-02-04")));
	ck_assert_ok(cpol_calendar_day_get(&now, fx.rules, D("2024-02-04")));
	ck_assert_int_eq(old.working, 1);
	ck_assert_int_eq(now.working, 1);
	ck_assert_int_eq(old.provisional, 0);
	ck_assert_ptr_eq(old.ref, now.ref);
	ck_assert_ptr_eq(old.holiday, now.holiday);
	ck_assert_ok(cpol_rules_calendar_day(&old, fx.rules, D("2024-02-10")));
	ck_assert_int_eq(old.working, 0);
	ck_assert_str_eq(old.holiday, "春节");
	ck_assert_ptr_nonnull(old.ref);
	ck_assert_fails(cpol_rules_calendar_day(NULL, fx.rules, D("2024-02-10")), CPOL_EINVAL);
	memset(&bare, 0, sizeof(bare));
	ck_assert_fails(cpol_calendar_day_get(&bare, fx.rules, D("2024-02-10")), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "version");
	ck_assert_ok(cpol_calendar_day_init(&bare, CPOL_CALENDAR_DAY_VERSION));
	ck_assert_ok(cpol_calendar_day_get(&bare, fx.rules, D("2024-02-10")));
	ck_assert_str_eq(bare.holiday, "春节");
	ck_assert_fails(cpol_calendar_day_init(&bare, 0), CPOL_EINVAL);
}
END_TEST

/* An item the rules lack: not found either way, the old score zeroed. */
START_TEST(rules_score_item_fills_the_old_layout)
{
	cpol_item_score_v0 old;
	cpol_item_score bare;

	memset(&old, 0xff, sizeof(old));
	ck_assert_int_eq(cpol_rules_score_item(&old, fx.rules, "nope", 1.0), CPOL_ENOTFOUND);
	ck_assert(old.points == 0 && old.deduction == 0 && old.shortfall == 0);
	ck_assert_int_eq(old.capped, 0);
	ck_assert_ptr_null(old.item);
	ck_assert_ptr_null(old.ref);
	memset(&bare, 0, sizeof(bare));
	ck_assert_fails(cpol_item_score_compute(&bare, fx.rules, "nope", 1.0), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "version");
	ck_assert_ok(cpol_item_score_init(&bare, CPOL_ITEM_SCORE_VERSION));
	ck_assert_int_eq(cpol_item_score_compute(&bare, fx.rules, "nope", 1.0), CPOL_ENOTFOUND);
	ck_assert_fails(cpol_item_score_init(&bare, 0), CPOL_EINVAL);
}
END_TEST

static void setup(void)
{
	fixture_setup();
}

static void teardown(void)
{
	fixture_teardown();
}

#include "test_deprecated.list"

int main(void)
{
	return testutil_main_list("deprecated", setup, teardown, testutil_tests());
}

/* Units (实有单位): typed by the rules, status periods, contacts, organisations. */
#include "testutil.h"
#include "work_fixture.h"

static void setup(void)
{
	fixture_setup();
}

static void teardown(void)
{
	fixture_teardown();
}

START_TEST(add_and_get)
{
	cpol_unit_new u = CPOL_UNIT_NEW_INIT;
	cpol_unit *got = NULL;
	cpol_id id = 0;

	ck_assert_ok(cpol_unit_new_init(&u, CPOL_UNIT_NEW_VERSION));
	u.office_id = fx.office;
	u.officer_id = fx.officer;
	u.type = "special_trade";
	u.name = "如家快捷酒店(城东店)";
	u.code = "91320600MA1XXXXX0K";
	u.responsible_name = "陈丽";
	u.responsible_phone = "13800000000";
	u.security_name = "周保安";
	u.opened_on = D("2024-01-10");
	ck_assert_ok(cpol_unit_add(&id, fx.db, fx.rules, &u));
	ck_assert_int_gt(id, 0);

	ck_assert_ok(cpol_unit_get(&got, fx.db, id));
	ck_assert_int_eq(got->office_id, fx.office);
	ck_assert_int_eq(got->officer_id, fx.officer);
	ck_assert_int_eq(got->address_id, 0);
	ck_assert_str_eq(got->type, "special_trade");
	ck_assert_str_eq(got->name, "如家快捷酒店(城东店)");
	ck_assert_str_eq(got->responsible_name, "陈丽");
	ck_assert_str_eq(got->security_name, "周保安");
	ck_assert_ptr_null(got->security_phone);
	ck_assert_int_eq(got->status, CPOL_UNIT_OPEN);
	assert_date(got->status_since, "2024-01-10");
	ck_assert_ptr_null(got->archived_at);
	cpol_unit_free(got);
}
END_TEST

START_TEST(add_checks_type_office_code)
{
	cpol_unit_new u = CPOL_UNIT_NEW_INIT;
	u.office_id = fx.office;
	u.name = "某网吧";
	u.opened_on = D("2024-01-10");
	u.type = "internet_cafe";
	ck_assert_fails(cpol_unit_add(NULL, fx.db, fx.rules, &u), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "type");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "worktest"));

	u.type = "entertainment";
	u.office_id = 999;
	ck_assert_fails(cpol_unit_add(NULL, fx.db, fx.rules, &u), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "office_id");

	u.office_id = fx.office;
	u.officer_id = 999;
	ck_assert_fails(cpol_unit_add(NULL, fx.db, fx.rules, &u), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "officer_id");

	u.officer_id = 0;
	u.name = "";
	ck_assert_fails(cpol_unit_add(NULL, fx.db, fx.rules, &u), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "name");

	u.name = "金色年华KTV";
	u.code = "LIC-1";
	ck_assert_ok(cpol_unit_add(NULL, fx.db, fx.rules, &u));
	u.name = "另一家";
	ck_assert_fails(cpol_unit_add(NULL, fx.db, fx.rules, &u), CPOL_EEXISTS);
	ck_assert_str_eq(cpol_error_last()->field, "code");

	u.code = NULL;
	u.opened_on = CPOL_DATE_NONE;
	ck_assert_fails(cpol_unit_add(NULL, fx.db, fx.rules, &u), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "opened_on");
	u.version = 99;
	ck_assert_fails(cpol_unit_add(NULL, fx.db, fx.rules, &u), CPOL_EINVAL);
}
END_TEST

START_TEST(status_periods_keep_history)
{
	cpol_id id = add_unit("entertainment", "金色年华KTV", fx.officer, "2024-01-10");
	cpol_unit_history *h = NULL;
	cpol_unit_status s;
	cpol_unit *u = NULL;

	/* Suspended from 1 March 2024: the open period ends the day before,
	 * 29 February (2024 is a leap year). */
	ck_assert_ok(cpol_unit_set_status(fx.db, id, CPOL_UNIT_SUSPENDED, D("2024-03-01"), "停业整顿"));
	ck_assert_ok(cpol_unit_set_status(fx.db, id, CPOL_UNIT_OPEN, D("2024-04-15"), "复业"));
	ck_assert_fails(cpol_unit_set_status(fx.db, id, CPOL_UNIT_OPEN, D("2024-05-01"), NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "status");
	ck_assert_fails(cpol_unit_set_status(fx.db, id, CPOL_UNIT_CLOSED, D("2024-04-15"), NULL),
	                CPOL_ECONSTRAINT);
	ck_assert_str_eq(cpol_error_last()->field, "from");

	ck_assert_ok(cpol_unit_history_get(&h, fx.db, id));
	ck_assert_uint_eq(h->count, 3);
	ck_assert_int_eq(h->periods[0].status, CPOL_UNIT_OPEN);
	assert_date(h->periods[0].valid_from, "2024-01-10");
	assert_date(h->periods[0].valid_to, "2024-02-29");
	ck_assert_int_eq(h->periods[1].status, CPOL_UNIT_SUSPENDED);
	ck_assert_str_eq(h->periods[1].reason, "停业整顿");
	assert_date(h->periods[1].valid_to, "2024-04-14");
	ck_assert_int_eq(h->periods[2].status, CPOL_UNIT_OPEN);
	ck_assert_int_eq(h->periods[2].valid_to, CPOL_DATE_NONE);
	cpol_unit_history_free(h);

	ck_assert_ok(cpol_unit_status_on(&s, fx.db, id, D("2024-02-29")));
	ck_assert_int_eq(s, CPOL_UNIT_OPEN);
	ck_assert_ok(cpol_unit_status_on(&s, fx.db, id, D("2024-03-01")));
	ck_assert_int_eq(s, CPOL_UNIT_SUSPENDED);
	ck_assert_ok(cpol_unit_status_on(&s, fx.db, id, D("2024-04-15")));
	ck_assert_int_eq(s, CPOL_UNIT_OPEN);
	ck_assert_fails(cpol_unit_status_on(&s, fx.db, id, D("2024-01-09")), CPOL_ENOTFOUND);

	ck_assert_ok(cpol_unit_get(&u, fx.db, id));
	ck_assert_int_eq(u->status, CPOL_UNIT_OPEN);
	assert_date(u->status_since, "2024-04-15");
	cpol_unit_free(u);
}
END_TEST

START_TEST(update_is_audited)
{
	cpol_id id = add_unit("market", "城东农贸市场", 0, "2024-01-02");
	cpol_unit_change c = CPOL_UNIT_CHANGE_INIT;
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	cpol_unit *u = NULL;
	int64_t n = 0;

	ck_assert_ok(cpol_unit_change_init(&c, CPOL_UNIT_CHANGE_VERSION));
	c.responsible_name = "孙经理";
	c.officer_id = fx.officer_b;
	c.type = "entertainment";
	ck_assert_ok(cpol_unit_update(fx.db, fx.rules, id, &c));
	ck_assert_ok(cpol_unit_get(&u, fx.db, id));
	ck_assert_str_eq(u->responsible_name, "孙经理");
	ck_assert_str_eq(u->type, "entertainment");
	ck_assert_int_eq(u->officer_id, fx.officer_b);
	ck_assert_str_eq(u->name, "城东农贸市场");
	cpol_unit_free(u);

	c = (cpol_unit_change)CPOL_UNIT_CHANGE_INIT;
	c.responsible_name = "";   /* clears */
	c.type = "nope";
	ck_assert_fails(cpol_unit_update(fx.db, fx.rules, id, &c), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "type");
	c.type = NULL;
	ck_assert_ok(cpol_unit_update(fx.db, NULL, id, &c));
	ck_assert_ok(cpol_unit_get(&u, fx.db, id));
	ck_assert_ptr_null(u->responsible_name);
	cpol_unit_free(u);

	q.table_name = "unit";
	q.row_id = id;
	ck_assert_ok(cpol_audit_count(&n, fx.db, &q));
	ck_assert_int_eq(n, 3); /* insert, two updates */
}
END_TEST

START_TEST(contacts)
{
	cpol_id id = add_unit("internal_unit", "市第一中学", 0, "2024-01-02"), c1 = 0, c2 = 0;
	cpol_unit_contacts *cs = NULL;

	ck_assert_ok(cpol_unit_contact_add(&c1, fx.db, id, "security", "保卫处 刘科长", "0513-1234", NULL));
	ck_assert_ok(cpol_unit_contact_add(&c2, fx.db, id, "duty", "值班室", "0513-5678", "24小时"));
	ck_assert_fails(cpol_unit_contact_add(NULL, fx.db, id, "", "x", NULL, NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "role");
	ck_assert_fails(cpol_unit_contact_add(NULL, fx.db, 999, "duty", "x", NULL, NULL), CPOL_ENOTFOUND);
	ck_assert_ok(cpol_unit_contact_archive(fx.db, c1));
	ck_assert_fails(cpol_unit_contact_archive(fx.db, c1), CPOL_ENOTFOUND);
	ck_assert_ok(cpol_unit_contacts_get(&cs, fx.db, id));
	ck_assert_uint_eq(cs->count, 1);
	ck_assert_int_eq(cs->contacts[0].id, c2);
	ck_assert_str_eq(cs->contacts[0].name, "值班室");
	ck_assert_str_eq(cs->contacts[0].note, "24小时");
	cpol_unit_contacts_free(cs);
}
END_TEST

START_TEST(iterate_and_count)
{
	cpol_unit_query q = CPOL_UNIT_QUERY_INIT;
	cpol_unit_iter *it = NULL;
	const cpol_unit *u;
	cpol_id a = add_unit("entertainment", "甲", fx.officer, "2024-01-02");
	cpol_id b = add_unit("special_trade", "乙", fx.officer_b, "2024-01-02");
	cpol_id c = add_unit("entertainment", "丙", fx.officer, "2024-01-02");
	int64_t n = 0;
	int seen = 0;

	ck_assert_ok(cpol_unit_set_status(fx.db, c, CPOL_UNIT_CLOSED, D("2024-06-01"), "注销"));
	ck_assert_ok(cpol_unit_archive(fx.db, b));
	ck_assert_fails(cpol_unit_archive(fx.db, b), CPOL_ENOTFOUND);

	ck_assert_ok(cpol_unit_query_init(&q, CPOL_UNIT_QUERY_VERSION));
	q.office_id = fx.office;
	ck_assert_ok(cpol_unit_count(&n, fx.db, &q));
	ck_assert_int_eq(n, 2);  /* the archived one is not listed */
	q.include_archived = 1;
	ck_assert_ok(cpol_unit_count(&n, fx.db, &q));
	ck_assert_int_eq(n, 3);
	q.include_archived = 0;
	q.status = CPOL_UNIT_OPEN;
	q.type = "entertainment";
	ck_assert_ok(cpol_unit_iter_new(&it, fx.db, &q));
	while (cpol_unit_iter_next(&u, it) == 0) {
		ck_assert_int_eq(u->id, a);
		ck_assert_str_eq(u->name, "甲");
		seen++;
	}
	cpol_unit_iter_free(it);
	ck_assert_int_eq(seen, 1);

	q = (cpol_unit_query)CPOL_UNIT_QUERY_INIT;
	q.officer_id = fx.officer;
	ck_assert_ok(cpol_unit_count(&n, fx.db, &q));
	ck_assert_int_eq(n, 2);
}
END_TEST

START_TEST(names_parse)
{
	cpol_unit_status s;
	cpol_prevention_kind k;
	ck_assert_str_eq(cpol_unit_status_name(CPOL_UNIT_SUSPENDED), "suspended");
	ck_assert_str_eq(cpol_unit_status_name(0), "unknown");
	ck_assert_ok(cpol_unit_status_parse(&s, "closed"));
	ck_assert_int_eq(s, CPOL_UNIT_CLOSED);
	ck_assert_fails(cpol_unit_status_parse(&s, "gone"), CPOL_EINVAL);
	ck_assert_ok(cpol_prevention_kind_parse(&k, "patrol"));
	ck_assert_int_eq(k, CPOL_ORG_KIND_PATROL);
	ck_assert_str_eq(cpol_prevention_kind_name(CPOL_ORG_KIND_RENTAL_STATION), "rental_station");
}
END_TEST

START_TEST(prevention_orgs)
{
	cpol_prevention_org_new o = CPOL_PREVENTION_ORG_NEW_INIT;
	cpol_id hotel = add_unit("special_trade", "旅馆", fx.officer, "2024-01-02"), id = 0;

	ck_assert_ok(cpol_prevention_org_new_init(&o, CPOL_PREVENTION_ORG_NEW_VERSION));
	o.office_id = fx.office;
	o.kind = CPOL_ORG_KIND_SECURITY_COMMITTEE;
	o.name = "城东社区治保会";
	o.since = D("2024-01-01");
	ck_assert_ok(cpol_prevention_org_add(&id, fx.db, &o));
	ck_assert_int_gt(id, 0);

	o.kind = CPOL_ORG_KIND_UNIT_SECURITY;
	o.unit_id = hotel;
	o.office_id = fx.office2;
	ck_assert_fails(cpol_prevention_org_add(NULL, fx.db, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "unit_id");
	o.office_id = fx.office;
	o.kind = 0;
	ck_assert_fails(cpol_prevention_org_add(NULL, fx.db, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "kind");
	o.kind = CPOL_ORG_KIND_UNIT_SECURITY;
	ck_assert_ok(cpol_prevention_org_add(NULL, fx.db, &o));
	ck_assert_ok(cpol_prevention_org_archive(fx.db, id));
	ck_assert_fails(cpol_prevention_org_archive(fx.db, id), CPOL_ENOTFOUND);
}
END_TEST

#include "test_units.list"

int main(void)
{
	return testutil_main_list("units", setup, teardown, testutil_tests());
}

/* Organisations: regions, stations, offices, districts, coverage, staff and assignments. */
#include "testutil.h"

static cpol_db *db;
static cpol_id region, station, office, office2, district, district2, community;

/* 2024-06-01T00:00:00Z */
static int64_t fixed_clock(void *payload)
{
	return 1717200000;
}

static cpol_date D(const char *iso)
{
	cpol_date d;
	ck_assert_ok(cpol_date_parse(&d, iso));
	return d;
}

static void setup(void)
{
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;

	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	cpol_db_set_clock(db, fixed_clock, NULL);
	ck_assert_ok(cpol_db_set_user(db, "admin01"));
	/* sanming.yaml defines the office classes class1-3 (national.yaml defines none). */
	ck_assert_ok(cpol_region_add(&region, db, "sanming", "三明市三元区"));
	ck_assert_ok(cpol_station_add(&station, db, region, "城东派出所", "PS01"));
	o.station_id = station;
	o.name = "城东社区警务室";
	o.code = "OF01";
	o.office_class = "class1";
	o.model = "one_per_community";
	o.area_m2 = 20;
	ck_assert_ok(cpol_office_add(&office, db, &o));
	o.name = "王庄警务室";
	o.code = "OF02";
	ck_assert_ok(cpol_office_add(&office2, db, &o));
	ck_assert_ok(cpol_district_add(&district, db, office, "城东一区", "D01"));
	ck_assert_ok(cpol_district_add(&district2, db, office2, "王庄片", "D02"));
	ck_assert_ok(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城东社区",
	                                "江苏省南通市崇川区城东街道", "320602001001"));
}

static void teardown(void)
{
	cpol_db_close(db);
}

START_TEST(structure_reads_back)
{
	cpol_org_unit *u = NULL;
	cpol_id id = 0;
	char *r = NULL;

	ck_assert_ok(cpol_org_unit_get(&u, db, CPOL_ORG_OFFICE, office));
	ck_assert_str_eq(u->name, "城东社区警务室");
	ck_assert_int_eq(u->parent_id, station);
	ck_assert_str_eq(u->office_class, "class1");
	ck_assert_str_eq(u->model, "one_per_community");
	ck_assert(u->area_m2 == 20.0);
	ck_assert_ptr_null(u->archived_at);
	cpol_org_unit_free(u);

	ck_assert_ok(cpol_org_unit_get(&u, db, CPOL_ORG_COMMUNITY, community));
	ck_assert_int_eq(u->community_kind, CPOL_COMMUNITY_URBAN);
	ck_assert_str_eq(u->area_prefix, "江苏省南通市崇川区城东街道");
	cpol_org_unit_free(u);

	ck_assert_ok(cpol_org_find(&id, db, CPOL_ORG_DISTRICT, "D02"));
	ck_assert_int_eq(id, district2);
	ck_assert_ok(cpol_office_region(&r, db, office2));
	ck_assert_str_eq(r, "sanming");
	free(r);

	/* Listing a level under a parent: the tree can be walked. */
	{
		cpol_org_iter *it;
		const cpol_org_unit *o;
		int n = 0;
		ck_assert_ok(cpol_org_iter_new(&it, db, CPOL_ORG_OFFICE, station));
		while (cpol_org_iter_next(&o, it) == 0) {
			ck_assert_int_eq(o->id, n == 0 ? office : office2);
			ck_assert_int_eq(o->parent_id, station);
			ck_assert_str_eq(o->name, n == 0 ? "城东社区警务室" : "王庄警务室");
			ck_assert_str_eq(o->office_class, "class1");
			n++;
		}
		cpol_org_iter_free(it);
		ck_assert_int_eq(n, 2);
		ck_assert_ok(cpol_org_iter_new(&it, db, CPOL_ORG_DISTRICT, office2));
		ck_assert_ok(cpol_org_iter_next(&o, it));
		ck_assert_str_eq(o->code, "D02");
		ck_assert_int_eq(cpol_org_iter_next(&o, it), CPOL_ITEROVER);
		cpol_org_iter_free(it);
		ck_assert_ok(cpol_org_iter_new(&it, db, CPOL_ORG_COMMUNITY, 0));
		ck_assert_ok(cpol_org_iter_next(&o, it));
		ck_assert_int_eq(o->community_kind, CPOL_COMMUNITY_URBAN);
		ck_assert_str_eq(o->area_prefix, "江苏省南通市崇川区城东街道");
		cpol_org_iter_free(it);
		ck_assert_fails(cpol_org_iter_new(&it, db, CPOL_ORG_STAFF, 0), CPOL_EINVAL);
		ck_assert_str_eq(cpol_error_last()->field, "level");
		ck_assert_fails(cpol_org_iter_new(&it, db, CPOL_ORG_REGION, 1), CPOL_EINVAL);
	}

	/* Raising the class keeps the old one in the audit trail. */
	ck_assert_ok(cpol_office_set_class(db, NULL, office, "class2", NULL));
	ck_assert_ok(cpol_org_unit_get(&u, db, CPOL_ORG_OFFICE, office));
	ck_assert_str_eq(u->office_class, "class2");
	ck_assert_str_eq(u->model, "one_per_community");
	cpol_org_unit_free(u);
}
END_TEST

START_TEST(bad_input_names_the_field)
{
	cpol_id id;
	ck_assert_fails(cpol_region_add(&id, db, "nan tong", NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "code");
	ck_assert_int_eq(cpol_error_last()->column, 4);
	ck_assert_fails(cpol_region_add(&id, db, "sanming", NULL), CPOL_EEXISTS);
	ck_assert_fails(cpol_station_add(&id, db, 999, "x", NULL), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "region_id");
	ck_assert_fails(cpol_district_add(&id, db, office, "", NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "name");
	ck_assert_fails(cpol_office_add(&id, db, NULL), CPOL_EINVAL);
}
END_TEST

/*
 * Office classes and staffing models are codes of the region's rules:
 * sanming.yaml has class1, class2, class3 and, besides national's models,
 * one_plus_n; national.yaml has no office classes at all.
 */
START_TEST(office_codes_checked_against_the_rules)
{
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_org_unit *u = NULL;
	cpol_rules *sanming_rules = NULL;
	cpol_id id = 0, nat_region, nat_station;

	o.station_id = station;
	o.name = "凤岗社区警务室";
	o.office_class = "class4";
	ck_assert_fails(cpol_office_add(&id, db, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "office_class");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "'class4'"));
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "class1, class2, class3"));
	o.office_class = "class1";
	o.model = "one_per_town";
	ck_assert_fails(cpol_office_add(&id, db, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "model");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "one_per_community"));
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "one_plus_n"));
	o.model = "one_plus_n"; /* sanming's own model */
	ck_assert_ok(cpol_office_add(&id, db, &o));
	ck_assert_ok(cpol_org_unit_get(&u, db, CPOL_ORG_OFFICE, id));
	ck_assert_str_eq(u->office_class, "class1");
	ck_assert_str_eq(u->model, "one_plus_n");
	cpol_org_unit_free(u);

	/* Changing them is checked too, and a refused change leaves the office as it was. */
	ck_assert_fails(cpol_office_set_class(db, NULL, id, "class0", NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "office_class");
	ck_assert_fails(cpol_office_set_class(db, NULL, id, NULL, "two_per_village"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "model");
	ck_assert_ok(cpol_org_unit_get(&u, db, CPOL_ORG_OFFICE, id));
	ck_assert_str_eq(u->office_class, "class1");
	ck_assert_str_eq(u->model, "one_plus_n");
	cpol_org_unit_free(u);
	ck_assert_ok(cpol_office_set_class(db, NULL, id, "class3", "one_per_community"));

	/* A region whose rules define no office classes refuses any, and says so. */
	ck_assert_ok(cpol_region_add(&nat_region, db, "national", NULL));
	ck_assert_ok(cpol_station_add(&nat_station, db, nat_region, "王庄派出所", NULL));
	o.station_id = nat_station;
	o.model = NULL;
	ck_assert_fails(cpol_office_add(&id, db, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "office_class");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "define no office classes"));
	/* national's models are fine there; one_plus_n is sanming's only. */
	o.office_class = NULL;
	o.model = "one_for_villages";
	ck_assert_ok(cpol_office_add(&id, db, &o));
	o.model = "one_plus_n";
	ck_assert_fails(cpol_office_add(&id, db, &o), CPOL_EINVAL);
	/* ... unless the caller checks against other rules: the rules given win. */
	ck_assert_ok(cpol_rules_load_region(&sanming_rules, "sanming", NULL));
	o.rules = sanming_rules;
	ck_assert_ok(cpol_office_add(&id, db, &o));
	cpol_rules_free(sanming_rules);

	/* A region whose rules cannot be found: the code cannot be checked, and is refused. */
	ck_assert_ok(cpol_region_add(&nat_region, db, "atlantis", NULL));
	ck_assert_ok(cpol_station_add(&nat_station, db, nat_region, "海底派出所", NULL));
	o.station_id = nat_station;
	o.rules = NULL;
	o.model = "one_per_community";
	ck_assert_fails(cpol_office_add(&id, db, &o), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "model");
	/* Without a class or model, no rules are needed. */
	o.model = NULL;
	ck_assert_ok(cpol_office_add(&id, db, &o));
}
END_TEST

START_TEST(coverage_moves_between_districts)
{
	cpol_id d = 0;

	ck_assert_ok(cpol_district_cover(NULL, db, district, community, D("2024-01-01")));
	ck_assert_ok(cpol_community_district(&d, db, community, D("2024-03-01")));
	ck_assert_int_eq(d, district);
	/* Reassigned on July 1: the old coverage ends June 30. */
	ck_assert_ok(cpol_district_cover(NULL, db, district2, community, D("2024-07-01")));
	ck_assert_ok(cpol_community_district(&d, db, community, D("2024-06-30")));
	ck_assert_int_eq(d, district);
	ck_assert_ok(cpol_community_district(&d, db, community, D("2024-07-01")));
	ck_assert_int_eq(d, district2);
	ck_assert_fails(cpol_community_district(&d, db, community, D("2023-12-31")), CPOL_ENOTFOUND);
	/* Not before the open one began. */
	ck_assert_fails(cpol_district_cover(NULL, db, district, community, D("2024-07-01")), CPOL_ECONSTRAINT);
	ck_assert_ok(cpol_district_uncover(db, district2, community, D("2024-12-31")));
	ck_assert_fails(cpol_community_district(&d, db, community, D("2025-01-01")), CPOL_ENOTFOUND);
}
END_TEST

START_TEST(staff_and_assignment_history)
{
	cpol_staff_new s = CPOL_STAFF_NEW_INIT;
	cpol_staff_iter *it;
	const cpol_staff *rec;
	cpol_staff *got;
	cpol_id li, wang, aux;
	int64_t n;
	cpol_staff_query q = CPOL_STAFF_QUERY_INIT;

	s.office_id = office;
	s.district_id = district;
	s.name = "李明";
	s.badge = "320601";
	s.kind = CPOL_STAFF_OFFICER;
	s.dedicated_community = 1;
	s.active_from = D("2023-01-01");
	ck_assert_ok(cpol_staff_add(&li, db, &s));
	s.name = "王强";
	s.badge = "320602";
	s.dedicated_community = 0;
	s.district_id = 0;
	ck_assert_ok(cpol_staff_add(&wang, db, &s));
	s.name = "赵协勤";
	s.badge = NULL;
	s.kind = CPOL_STAFF_AUXILIARY;
	ck_assert_ok(cpol_staff_add(&aux, db, &s));

	/* Badge rules. */
	s.badge = "320699";
	ck_assert_fails(cpol_staff_add(NULL, db, &s), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "badge");
	s.kind = CPOL_STAFF_OFFICER;
	s.badge = "320601";
	ck_assert_fails(cpol_staff_add(NULL, db, &s), CPOL_EEXISTS);
	s.badge = NULL;
	ck_assert_fails(cpol_staff_add(NULL, db, &s), CPOL_EINVAL);
	/* A district of another office. */
	s.badge = "320698";
	s.district_id = district2;
	ck_assert_fails(cpol_staff_add(NULL, db, &s), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "district_id");

	/* 李明 moves to the other office on 2024-05-01, no longer dedicated. */
	ck_assert_ok(cpol_staff_assign(NULL, db, li, office2, district2, 0, D("2024-05-01"), "调动"));
	ck_assert_fails(cpol_staff_assign(NULL, db, li, office, 0, 0, D("2024-05-01"), "again"), CPOL_ECONSTRAINT);

	/* Office 1 on 2024-04-30: 李明 (dedicated), 王强, 赵协勤. */
	ck_assert_ok(cpol_staff_office_iter_new(&it, db, office, D("2024-04-30")));
	ck_assert_ok(cpol_staff_iter_next(&rec, it));
	ck_assert_str_eq(rec->name, "李明");
	ck_assert_str_eq(rec->badge, "320601");
	ck_assert_int_eq(rec->kind, CPOL_STAFF_OFFICER);
	ck_assert_int_eq(rec->dedicated_community, 1);
	ck_assert_int_eq(rec->active_to, D("2024-04-30"));
	ck_assert_int_eq(rec->district_id, district);
	ck_assert_ok(cpol_staff_iter_next(&rec, it));
	ck_assert_str_eq(rec->name, "王强");
	ck_assert_int_eq(rec->active_to, CPOL_DATE_NONE);
	ck_assert_ok(cpol_staff_iter_next(&rec, it));
	ck_assert_str_eq(rec->name, "赵协勤");
	ck_assert_ptr_null(rec->badge);
	ck_assert_int_eq(rec->kind, CPOL_STAFF_AUXILIARY);
	ck_assert_int_eq(cpol_staff_iter_next(&rec, it), CPOL_ITEROVER);
	cpol_staff_iter_free(it);

	/* On 2024-05-01 李明 is at office 2 only. */
	q.office_id = office;
	q.on = D("2024-05-01");
	ck_assert_ok(cpol_staff_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
	q.office_id = office2;
	ck_assert_ok(cpol_staff_count(&n, db, &q));
	ck_assert_int_eq(n, 1);

	/* The history of 李明: two assignments, the first closed with its reason. */
	q.office_id = 0;
	q.on = CPOL_DATE_NONE;
	q.staff_id = li;
	ck_assert_ok(cpol_staff_count(&n, db, &q));
	ck_assert_int_eq(n, 2);

	ck_assert_ok(cpol_staff_get(&got, db, li));
	ck_assert_int_eq(got->office_id, office2);
	ck_assert_int_eq(got->active_from, D("2024-05-01"));
	ck_assert_int_eq(got->dedicated_community, 0);
	cpol_staff_free(got);

	/* Auxiliaries cannot be dedicated community officers. */
	ck_assert_fails(cpol_staff_assign(NULL, db, aux, office, 0, 1, D("2024-06-01"), NULL), CPOL_EINVAL);

	/* Leaving: the assignment ends; archiving hides the record but keeps it. */
	ck_assert_ok(cpol_staff_end(db, wang, D("2024-05-31"), "退休"));
	ck_assert_fails(cpol_staff_end(db, wang, D("2024-06-30"), "again"), CPOL_ENOTFOUND);
	/* An archive takes (db, id): staff with an open assignment are refused
	 * (end it first), and the level-wise archive leaves staff to it. */
	ck_assert_fails(cpol_staff_archive(db, aux), CPOL_ECONSTRAINT);
	ck_assert_str_eq(cpol_error_last()->field, "staff_id");
	ck_assert_int_eq(cpol_error_last()->line, 0);
	ck_assert_int_eq(cpol_error_last()->column, 0);
	ck_assert_fails(cpol_org_unit_archive(db, CPOL_ORG_STAFF, aux), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "level");
	ck_assert_ok(cpol_staff_end(db, aux, D("2024-06-01"), "archived"));
	ck_assert_ok(cpol_staff_archive(db, aux));
	ck_assert_fails(cpol_staff_archive(db, aux), CPOL_ENOTFOUND);
	q.staff_id = 0;
	q.office_id = office;
	q.on = D("2024-06-01");
	ck_assert_ok(cpol_staff_count(&n, db, &q));
	ck_assert_int_eq(n, 0);
	q.on = D("2024-05-31");
	q.include_archived = 1;
	ck_assert_ok(cpol_staff_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
}
END_TEST

START_TEST(changes_are_audited_with_the_user)
{
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	int64_t n;

	ck_assert_ok(cpol_org_unit_archive(db, CPOL_ORG_DISTRICT, district2));
	ck_assert_fails(cpol_org_unit_archive(db, CPOL_ORG_DISTRICT, district2), CPOL_ENOTFOUND);
	q.table_name = "district";
	q.row_id = district2;
	q.actor = "admin01";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2); /* insert, archive */
}
END_TEST

#include "test_org.list"

int main(void)
{
	return testutil_main_list("org", setup, teardown, testutil_tests());
}

/*
 * The owed view (commpolice/owed.h): one list of one item type over the
 * population and the work records, with kinds, subject filters, paging and
 * counts. The kinds' own date rules are tested where their records are
 * (test_population.c: persons and households; test_work.c: units, notices,
 * cases, obligations); here, what the one API adds.
 *
 * Every expected date is worked out by hand from the national rules
 * (data/regions/national.yaml) and the 2024 calendar.
 */
#include "testutil.h"

static cpol_db *db;
static cpol_rules *rules;
static cpol_id office, district, community, house_a, house_b, officer, officer_b, person, unit;

static cpol_date D(const char *iso)
{
	cpol_date d;
	ck_assert_ok(cpol_date_parse(&d, iso));
	return d;
}

static cpol_id room(const char *bld, const char *r)
{
	cpol_address_path p = CPOL_ADDRESS_PATH_INIT;
	cpol_house_new hn = CPOL_HOUSE_NEW_INIT;
	cpol_id id, h;
	p.street = "解放路";
	p.building = bld;
	p.room = r;
	ck_assert_ok(cpol_address_ensure(&id, db, community, &p));
	hn.address_id = id;
	ck_assert_ok(cpol_house_add(&h, db, &hn));
	return h;
}

static cpol_id staff(const char *name, const char *badge)
{
	cpol_staff_new s = CPOL_STAFF_NEW_INIT;
	cpol_id id;
	s.office_id = office;
	s.district_id = district;
	s.name = name;
	s.badge = badge;
	s.kind = CPOL_STAFF_OFFICER;
	s.active_from = D("2020-01-01");
	ck_assert_ok(cpol_staff_add(&id, db, &s));
	return id;
}

/*
 * National rules. 周丽, a temporary resident (register within 3 days), moves
 * into house A on Monday 2024-06-03 and is not registered: due Thursday
 * June 6 (a working day, nothing moves it). An entertainment place
 * (inspected monthly) opens on June 3 under officer 李明: June's inspection
 * is owed by June 30, a Sunday, so by Friday June 28.
 */
static void setup(void)
{
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_person_new p = CPOL_PERSON_NEW_INIT;
	cpol_residence_new r = CPOL_RESIDENCE_NEW_INIT;
	cpol_unit_new u = CPOL_UNIT_NEW_INIT;
	cpol_id region, station;

	ck_assert_ok(cpol_rules_load_region(&rules, "national", NULL));
	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	ck_assert_ok(cpol_db_set_user(db, "320601"));
	ck_assert_ok(cpol_region_add(&region, db, "national", NULL));
	ck_assert_ok(cpol_station_add(&station, db, region, "城东派出所", NULL));
	o.station_id = station;
	o.name = "城东社区警务室";
	ck_assert_ok(cpol_office_add(&office, db, &o));
	ck_assert_ok(cpol_district_add(&district, db, office, "城东一区", NULL));
	ck_assert_ok(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城东社区", NULL, NULL));
	ck_assert_ok(cpol_district_cover(NULL, db, district, community, D("2020-01-01")));
	house_a = room("12", "301");
	house_b = room("14", "101");
	officer = staff("李明", "320601");
	officer_b = staff("王建国", "320602");

	p.id_number = "320102198506150022";
	p.name = "周丽";
	p.office_id = office;
	ck_assert_ok(cpol_person_add(&person, db, rules, &p));
	r.person_id = person;
	r.house_id = house_a;
	r.type = "temporary";
	r.from = D("2024-06-03");
	ck_assert_ok(cpol_person_move_in(NULL, db, rules, &r));

	u.office_id = office;
	u.type = "entertainment";
	u.name = "甲KTV";
	u.officer_id = officer;
	u.opened_on = D("2024-06-03");
	ck_assert_ok(cpol_unit_add(&unit, db, rules, &u));
}

static void teardown(void)
{
	cpol_db_close(db);
	cpol_rules_free(rules);
}

#define BIT(k) (1u << (k))

static cpol_owed_query query(const char *on, unsigned int kinds)
{
	cpol_owed_query q;
	ck_assert_ok(cpol_owed_query_init(&q, CPOL_OWED_QUERY_VERSION));
	q.office_id = office;
	q.on = D(on);
	q.horizon_days = 30;
	q.kinds = kinds;
	return q;
}

/* area: one list */

/*
 * On Monday 2024-06-10: the registration (due June 6) is 4 days overdue,
 * the inspection (due June 28) due in 18 days; most overdue first. Each
 * names its rule in national.yaml.
 */
START_TEST(persons_and_work_in_one_list)
{
	cpol_owed_query q = query("2024-06-10", BIT(CPOL_OWED_REGISTRATION) | BIT(CPOL_OWED_INSPECTION));
	cpol_owed_list *l;
	const cpol_owed_item *a, *b;

	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 2);
	ck_assert_uint_eq(l->total, 2);
	ck_assert_uint_eq(l->overdue, 1);
	ck_assert_uint_eq(l->provisional, 0);
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_REGISTRATION], 1);
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_INSPECTION], 1);
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_HOUSEHOLD], 0);
	a = &l->items[0];
	b = &l->items[1];
	ck_assert_int_eq(a->kind, CPOL_OWED_REGISTRATION);
	ck_assert_int_eq(a->due, D("2024-06-06"));
	ck_assert_int_eq(a->days_overdue, 4);
	ck_assert_int_eq(a->overdue, 1);
	ck_assert_int_eq(a->person_id, person);
	ck_assert_int_eq(a->house_id, house_a);
	ck_assert_int_eq(a->officer_id, 0);
	ck_assert_int_eq(a->office_id, office);
	ck_assert_str_eq(a->subject, "周丽");
	ck_assert_str_eq(a->rule_key, "population.residence_types[temporary].register_within");
	ck_assert_str_eq(a->rule_file, "<built-in>/national.yaml");
	ck_assert_int_gt(a->rule_line, 0);
	ck_assert_str_eq(a->rule_region, "national");
	ck_assert_int_eq(b->kind, CPOL_OWED_INSPECTION);
	ck_assert_int_eq(b->due, D("2024-06-28"));
	ck_assert_int_eq(b->days_overdue, -18);
	ck_assert_int_eq(b->overdue, 0);
	ck_assert_int_eq(b->subject_id, unit);
	ck_assert_int_eq(b->officer_id, officer);
	ck_assert_int_eq(b->person_id, 0);
	ck_assert_str_eq(b->subject, "甲KTV");
	ck_assert_str_eq(b->rule_key, "places.types[entertainment].inspect");
	cpol_owed_list_free(l);
}
END_TEST

/*
 * The horizon's edge: on June 6 with horizon 0 the registration is due
 * today (listed, not overdue); the inspection (June 28) is 22 days away:
 * horizon 21 leaves it out, 22 lists it.
 */
START_TEST(the_horizon_edge)
{
	cpol_owed_query q = query("2024-06-06", BIT(CPOL_OWED_REGISTRATION) | BIT(CPOL_OWED_INSPECTION));
	cpol_owed_list *l;

	q.horizon_days = 0;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 1);
	ck_assert_int_eq(l->items[0].days_overdue, 0);
	ck_assert_int_eq(l->items[0].overdue, 0);
	ck_assert_uint_eq(l->overdue, 0);
	cpol_owed_list_free(l);
	q.horizon_days = 21;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_INSPECTION], 0);
	cpol_owed_list_free(l);
	q.horizon_days = 22;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_INSPECTION], 1);
	cpol_owed_list_free(l);
}
END_TEST

/* An officer's view: their unit; the persons fall to the office. */
START_TEST(officer_view_leaves_persons_to_the_office)
{
	cpol_owed_query q = query("2024-06-10", 0);
	cpol_owed_list *l;
	size_t i;

	q.officer_id = officer;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_INSPECTION], 1);
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_REGISTRATION], 0);
	for (i = 0; i < l->count; i++)
		ck_assert_int_eq(l->items[i].officer_id, officer);
	cpol_owed_list_free(l);
	q.officer_id = officer_b;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_INSPECTION], 0);
	cpol_owed_list_free(l);
}
END_TEST

/*
 * An organisation that names its obligation follows that obligation's
 * cadence, not its place type's: 甲KTV's security team under
 * supervise_prevention_groups (national: weekly), supervised since Monday
 * 2024-06-03 and never yet: the week June 3-9 is owed by its last working
 * day, Friday June 7 (the 端午 holiday, Monday June 10, is the next week).
 * On Wednesday June 5 it is due in 2 days, under 李明 (the unit's officer).
 * Rules without that obligation: an error naming the organisation, the
 * obligation (the field) and the region.
 */
START_TEST(an_organisation_follows_the_obligation_it_names)
{
	cpol_prevention_org_new o = CPOL_PREVENTION_ORG_NEW_INIT;
	cpol_owed_query q = query("2024-06-05", BIT(CPOL_OWED_SUPERVISION));
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *none;
	cpol_owed_list *l;
	cpol_id team;
	char id[32];

	o.office_id = office;
	o.unit_id = unit;
	o.kind = CPOL_ORG_KIND_UNIT_SECURITY;
	o.name = "甲KTV治安保卫组";
	o.obligation = "supervise_prevention_groups";
	o.since = D("2024-06-03");
	ck_assert_ok(cpol_prevention_org_add(&team, db, &o));
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 1);
	ck_assert_int_eq(l->items[0].subject_id, team);
	ck_assert_int_eq(l->items[0].officer_id, officer);
	ck_assert_int_eq(l->items[0].due, D("2024-06-07"));
	ck_assert_int_eq(l->items[0].days_overdue, -2);
	ck_assert_str_eq(l->items[0].rule_key, "obligations[supervise_prevention_groups].cadence");
	cpol_owed_list_free(l);

	ro.name = "noorg.yaml";
	ck_assert_ok(cpol_rules_load_string(&none, "region: noorg\nextends: national\nobligations:\n"
	                                           "  - {id: case_notice, name: 案情通报, kind: notice, cadence: week}\n",
	                                    &ro));
	ck_assert_fails(cpol_owed_list_get(&l, db, none, &q), CPOL_ERULES);
	ck_assert_str_eq(cpol_error_last()->field, "supervise_prevention_groups");
	snprintf(id, sizeof(id), "organisation %lld ", (long long)team);
	ck_assert_msg(strstr(cpol_error_last()->message, id) && strstr(cpol_error_last()->message, "'noorg'"), "%s",
	              cpol_error_last()->message);
	cpol_rules_free(none);
}
END_TEST

/* area: filters and paging */

START_TEST(person_and_house_filters)
{
	cpol_owed_query q = query("2024-06-10", BIT(CPOL_OWED_REGISTRATION) | BIT(CPOL_OWED_INSPECTION));
	cpol_owed_list *l;

	q.person_id = person;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 1);
	ck_assert_uint_eq(l->total, 1);
	ck_assert_int_eq(l->items[0].kind, CPOL_OWED_REGISTRATION);
	cpol_owed_list_free(l);
	q.person_id = 0;
	q.house_id = house_a;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 1);
	ck_assert_int_eq(l->items[0].house_id, house_a);
	cpol_owed_list_free(l);
	q.house_id = house_b;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 0);
	ck_assert_uint_eq(l->total, 0);
	ck_assert_uint_eq(l->by_kind[CPOL_OWED_REGISTRATION], 0);
	cpol_owed_list_free(l);
}
END_TEST

/* Pages of the sorted list; the counts stay those of the whole selection. */
START_TEST(paging_keeps_the_counts)
{
	cpol_owed_query q = query("2024-06-10", BIT(CPOL_OWED_REGISTRATION) | BIT(CPOL_OWED_INSPECTION));
	cpol_owed_list *l;

	q.limit = 1;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 1);
	ck_assert_uint_eq(l->total, 2);
	ck_assert_uint_eq(l->overdue, 1);
	ck_assert_int_eq(l->items[0].kind, CPOL_OWED_REGISTRATION);
	cpol_owed_list_free(l);
	q.offset = 1;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 1);
	ck_assert_int_eq(l->items[0].kind, CPOL_OWED_INSPECTION);
	ck_assert_str_eq(l->items[0].subject, "甲KTV");
	cpol_owed_list_free(l);
	q.offset = 2;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 0);
	ck_assert_ptr_null(l->items);
	ck_assert_uint_eq(l->total, 2);
	cpol_owed_list_free(l);
	q.offset = 0;
	q.limit = 5; /* more than there is */
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	ck_assert_uint_eq(l->count, 2);
	cpol_owed_list_free(l);
}
END_TEST

/*
 * NULL rules: the office's region (national), the same list. National's only
 * quota is 2 night patrols a week (no patrol is recorded here: 0 of 2); every
 * other item carries no numbers.
 */
START_TEST(rules_default_to_the_office_region)
{
	cpol_owed_query q = query("2024-06-10", 0);
	cpol_owed_list *a, *b;
	size_t i;

	ck_assert_ok(cpol_owed_list_get(&a, db, rules, &q));
	ck_assert_ok(cpol_owed_list_get(&b, db, NULL, &q));
	ck_assert_uint_eq(a->count, b->count);
	ck_assert_uint_gt(a->count, 2); /* national's office obligations too */
	for (i = 0; i < a->count; i++) {
		ck_assert_int_eq(a->items[i].kind, b->items[i].kind);
		ck_assert_int_eq(a->items[i].due, b->items[i].due);
		ck_assert_str_eq(a->items[i].rule_key, b->items[i].rule_key);
		/* Only a quota has numbers (done of target); every item names its rule's line. */
		ck_assert_int_eq(a->items[i].done, 0);
		ck_assert_int_eq(a->items[i].target, a->items[i].kind == CPOL_OWED_NIGHT_PATROLS ? 2 : 0);
		ck_assert_int_gt(a->items[i].rule_line, 0);
	}
	cpol_owed_list_free(a);
	cpol_owed_list_free(b);
}
END_TEST

/* area: quotas */

static void household_visit(const char *on)
{
	cpol_visit_new v = CPOL_VISIT_NEW_INIT;
	v.office_id = office;
	v.officer_id = officer;
	v.on = D(on);
	v.kind = CPOL_VISIT_HOUSEHOLD;
	v.house_id = house_b;
	ck_assert_ok(cpol_visit_add(NULL, db, &v));
}

/* The officer's weekly household quota on a day: the one item, or NULL (list in *keep). */
static const cpol_owed_item *week_quota(const cpol_rules *r, const char *on, cpol_owed_list **keep)
{
	cpol_owed_query q = query(on, BIT(CPOL_OWED_HOUSEHOLD_VISITS));
	q.officer_id = officer;
	cpol_owed_list_free(*keep);
	ck_assert_ok(cpol_owed_list_get(keep, db, r, &q));
	ck_assert_uint_le((*keep)->count, 1);
	return (*keep)->count ? &(*keep)->items[0] : NULL;
}

/*
 * 每周安排时间入户访查 as a quota: visits.households_per_week 5 (a region's
 * rule on national). The week is Monday to Sunday, owed by its last
 * working day (period_end_on_holiday: previous_working_day):
 *  - Thursday 2024-06-20, visits on Mon 17 and Tue 18: 2 of 5, due Friday
 *    June 21 (in 1 day); three more that week (Wed 19, Sat 22, Sun 23 —
 *    a visit on the weekend counts): 5 of 5, nothing owed;
 *  - Monday June 24, a new week with none yet: 0 of 5, due Friday June 28;
 *  - a week across a month end, Mon May 27 to Sun June 2, 2024: visits on
 *    May 27 and Sat June 1: 2 of 5 on Friday May 31, due that day;
 *  - the National Day week, Mon Sep 30 to Sun Oct 6 2024: Oct 1-7 are
 *    holidays (the make-up Sunday Sep 29 belongs to the week before), so
 *    the week's only working day is Monday Sep 30: due Sep 30, overdue by
 *    2 days on Oct 2;
 *  - national alone sets no weekly quota: nothing owed.
 */
START_TEST(weekly_household_quota)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r;
	cpol_owed_list *keep = NULL;
	const cpol_owed_item *it;

	ro.name = "weektest.yaml";
	ck_assert_ok(cpol_rules_load_string(&r, "region: weektest\nextends: national\nvisits:\n"
	                                        "  households_per_week: 5\n", &ro));
	household_visit("2024-06-17");
	household_visit("2024-06-18");
	it = week_quota(r, "2024-06-20", &keep);
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(it->done, 2);
	ck_assert_int_eq(it->target, 5);
	ck_assert_int_eq(it->due, D("2024-06-21"));
	ck_assert_int_eq(it->days_overdue, -1);
	ck_assert_int_eq(it->subject_id, officer);
	ck_assert_int_eq(it->officer_id, officer);
	ck_assert_str_eq(it->rule_key, "visits.households_per_week");
	ck_assert_str_eq(it->rule_file, "weektest.yaml");
	ck_assert_int_eq(it->rule_line, 4);
	household_visit("2024-06-19");
	household_visit("2024-06-22");
	it = week_quota(r, "2024-06-20", &keep);
	ck_assert_int_eq(it->done, 4); /* Sat 22 is after Thu 20 but in its week */
	household_visit("2024-06-23");
	ck_assert_ptr_null(week_quota(r, "2024-06-20", &keep));
	ck_assert_ptr_null(week_quota(r, "2024-06-23", &keep));
	it = week_quota(r, "2024-06-24", &keep);
	ck_assert_int_eq(it->done, 0);
	ck_assert_int_eq(it->due, D("2024-06-28"));

	household_visit("2024-05-26"); /* Sunday: the week before */
	household_visit("2024-05-27");
	household_visit("2024-06-01");
	it = week_quota(r, "2024-05-31", &keep);
	ck_assert_int_eq(it->done, 2);
	ck_assert_int_eq(it->due, D("2024-05-31"));
	ck_assert_int_eq(it->days_overdue, 0);
	ck_assert_int_eq(it->overdue, 0);

	it = week_quota(r, "2024-10-02", &keep);
	ck_assert_int_eq(it->done, 0);
	ck_assert_int_eq(it->due, D("2024-09-30"));
	ck_assert_int_eq(it->days_overdue, 2);
	ck_assert_int_eq(it->overdue, 1);
	ck_assert_int_eq(it->provisional, 0);

	ck_assert_ptr_null(week_quota(rules, "2024-06-24", &keep));
	cpol_owed_list_free(keep);
	cpol_rules_free(r);
}
END_TEST

/*
 * Items due the same day are listed by kind (cpol_owed_kind's order), then
 * by subject. Monday 2024-06-24 under weektest (5 households a week), for
 * 李明: 甲KTV and 乙KTV (opened June 3 and 10, both never inspected) owe
 * June's inspection by Friday June 28, as does the week's quota (0 of 5):
 * 甲KTV's inspection, 乙KTV's, then the quota.
 */
START_TEST(items_due_the_same_day_by_kind_then_subject)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_unit_new u = CPOL_UNIT_NEW_INIT;
	cpol_owed_query q = query("2024-06-24", BIT(CPOL_OWED_INSPECTION) | BIT(CPOL_OWED_HOUSEHOLD_VISITS));
	cpol_owed_list *l;
	cpol_rules *r;
	cpol_id second;

	ro.name = "weektest.yaml";
	ck_assert_ok(cpol_rules_load_string(&r, "region: weektest\nextends: national\nvisits:\n"
	                                        "  households_per_week: 5\n", &ro));
	u.office_id = office;
	u.type = "entertainment";
	u.name = "乙KTV";
	u.officer_id = officer;
	u.opened_on = D("2024-06-10");
	ck_assert_ok(cpol_unit_add(&second, db, rules, &u));
	q.officer_id = officer;
	ck_assert_ok(cpol_owed_list_get(&l, db, r, &q));
	ck_assert_uint_eq(l->count, 3);
	ck_assert_int_eq(l->items[0].kind, CPOL_OWED_INSPECTION);
	ck_assert_int_eq(l->items[0].subject_id, unit);
	ck_assert_int_eq(l->items[1].kind, CPOL_OWED_INSPECTION);
	ck_assert_int_eq(l->items[1].subject_id, second);
	ck_assert_int_eq(l->items[2].kind, CPOL_OWED_HOUSEHOLD_VISITS);
	ck_assert_int_eq(l->items[0].due, D("2024-06-28"));
	ck_assert_int_eq(l->items[1].due, D("2024-06-28"));
	ck_assert_int_eq(l->items[2].due, D("2024-06-28"));
	cpol_owed_list_free(l);
	cpol_rules_free(r);
}
END_TEST

/* area: bad queries */

START_TEST(bad_queries_name_the_field)
{
	cpol_owed_query q = query("2024-06-10", 0);
	cpol_owed_list *l = (cpol_owed_list *)&q;

	q.version = 1; /* the version before kinds, filters and paging */
	ck_assert_fails(cpol_owed_list_get(&l, db, rules, &q), CPOL_EINVAL);
	ck_assert_ptr_null(l);
	q = query("2024-06-10", 0);
	q.horizon_days = -1;
	ck_assert_fails(cpol_owed_list_get(&l, db, rules, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "horizon_days");
	q.horizon_days = 367;
	ck_assert_fails(cpol_owed_list_get(&l, db, rules, &q), CPOL_EINVAL);
	q.horizon_days = 366;
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	cpol_owed_list_free(l);
	q.horizon_days = 7;
	q.kinds = 1u; /* bit 0 is no kind */
	ck_assert_fails(cpol_owed_list_get(&l, db, rules, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "kinds");
	q.kinds = BIT(CPOL_OWED_KIND_MAX + 1);
	ck_assert_fails(cpol_owed_list_get(&l, db, rules, &q), CPOL_EINVAL);
	q.kinds = BIT(CPOL_OWED_KIND_MAX);
	ck_assert_ok(cpol_owed_list_get(&l, db, rules, &q));
	cpol_owed_list_free(l);
	q.kinds = 0;
	q.on = CPOL_DATE_NONE;
	ck_assert_fails(cpol_owed_list_get(&l, db, rules, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "on");
	q.on = D("2024-06-10");
	q.office_id = 999;
	ck_assert_int_lt(cpol_owed_list_get(&l, db, rules, &q), 0);
	ck_assert_str_eq(cpol_error_last()->field, "office_id");
	/* a valid since does not end the checks (a mutation survivor) */
	q.since = D("2024-06-01");
	ck_assert_int_lt(cpol_owed_list_get(&l, db, rules, &q), 0);
	ck_assert_str_eq(cpol_error_last()->field, "office_id");
	q.office_id = office;
	q.officer_id = 999;
	ck_assert_int_lt(cpol_owed_list_get(&l, db, rules, &q), 0);
	ck_assert_str_eq(cpol_error_last()->field, "officer_id");
	ck_assert_fails(cpol_owed_list_get(NULL, db, rules, &q), CPOL_EINVAL);
	ck_assert_fails(cpol_owed_list_get(&l, db, rules, NULL), CPOL_EINVAL);
	ck_assert_fails(cpol_owed_query_init(&q, 1), CPOL_EINVAL);
	ck_assert_fails(cpol_owed_query_init(NULL, CPOL_OWED_QUERY_VERSION), CPOL_EINVAL);
}
END_TEST

START_TEST(kind_names_round_trip)
{
	int k;

	for (k = 1; k <= CPOL_OWED_KIND_MAX; k++) {
		cpol_owed_kind back = 0;
		ck_assert_ok(cpol_owed_kind_parse(&back, cpol_owed_kind_name((cpol_owed_kind)k)));
		ck_assert_int_eq(back, k);
	}
	ck_assert_str_eq(cpol_owed_kind_name(CPOL_OWED_INSPECTION), "inspection");
	ck_assert_str_eq(cpol_owed_kind_name(CPOL_OWED_HOUSEHOLD), "household");
	ck_assert_str_eq(cpol_owed_kind_name(CPOL_OWED_VERIFY_REGISTRATION), "verify_registration");
	ck_assert_str_eq(cpol_owed_kind_name((cpol_owed_kind)0), "unknown");
	ck_assert_str_eq(cpol_owed_kind_name((cpol_owed_kind)(CPOL_OWED_KIND_MAX + 1)), "unknown");
	ck_assert_fails(cpol_owed_kind_parse(NULL, "lunch"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "kind");
	ck_assert_int_eq(cpol_error_last()->line, 0); /* a name, not a place in a file */
	ck_assert_int_eq(cpol_error_last()->column, 0);
	ck_assert_fails(cpol_owed_kind_parse(NULL, NULL), CPOL_EINVAL);
}
END_TEST

#include "test_owed.list"

int main(void)
{
	return testutil_main_list("owed", setup, teardown, testutil_tests());
}

/*
 * Patrols (巡逻), publicity events (六防宣传), contact cards (每户一卡), 失控
 * states, and the queries the owed view reads of them (lib/work_patrol.c,
 * the listings in lib/work_list.c, the metrics patrols, night_patrols and
 * publicity_events in lib/assess_metric.c).
 *
 * The world: one office 城东 (officers A and B, auxiliaries X and Y) whose
 * district covers 城东社区 from 2020-01-01, a second office 城西 (officer
 * C); houses h1, h2, h3 in 城东社区. The rules extend national (two night
 * patrols a week, duty.night_patrols_per_week; contact cards) with two
 * publicity events a month and a monthly check of floating residents.
 * Every expected value below is worked out by hand from these rules, the
 * 2024 calendar and ../shared/domain.md, in the comment above its test.
 */
#include "testutil.h"
#include "internal.h"
#include "work_internal.h"

#include <math.h>

static const char RULES[] =
	"region: patroltest\n"                 /* line 1 */
	"extends: national\n"                  /* 2 */
	"visits:\n"                            /* 3 */
	"  publicity_per_month: 2\n"           /* 4 */
	"population:\n"                        /* 5 */
	"  residence_types: !extend\n"         /* 6 */
	"    - code: floating\n"               /* 7 */
	"      verify: month\n";               /* 8 */

static const char NO_CARDS[] =
	"region: nocards\n"
	"extends: national\n"
	"visits:\n"
	"  contact_card: false\n";

static cpol_db *db;
static cpol_rules *rules;
static cpol_id office, office2, district, community;
static cpol_id A, B, C, X, Y;
static cpol_id h1, h2, h3;

static cpol_date D(const char *s)
{
	cpol_date d;
	ck_assert_msg(cpol_date_parse(&d, s) == 0, "bad date %s", s);
	return d;
}

static void assert_date(cpol_date d, const char *want)
{
	char buf[CPOL_DATE_BUFSZ];
	ck_assert_msg(d != CPOL_DATE_NONE, "got no date, want %s", want);
	ck_assert_str_eq(cpol_date_format(buf, d), want);
}

static cpol_id staff(cpol_id off, const char *name, const char *badge)
{
	cpol_staff_new s = CPOL_STAFF_NEW_INIT;
	cpol_id id = 0;
	s.office_id = off;
	s.name = name;
	s.badge = badge;
	s.kind = badge ? CPOL_STAFF_OFFICER : CPOL_STAFF_AUXILIARY;
	s.active_from = D("2020-01-01");
	ck_assert_ok(cpol_staff_add(&id, db, &s));
	return id;
}

static cpol_id house(const char *building, const char *room)
{
	cpol_address_path path = CPOL_ADDRESS_PATH_INIT;
	cpol_house_new h = CPOL_HOUSE_NEW_INIT;
	cpol_id addr = 0, id = 0;
	path.street = "解放路";
	path.building = building;
	path.room = room;
	ck_assert_ok(cpol_address_ensure(&addr, db, community, &path));
	h.address_id = addr;
	ck_assert_ok(cpol_house_add(&id, db, &h));
	return id;
}

static cpol_id resident(const char *id_number, const char *name, cpol_id h, const char *type,
                        const char *from)
{
	cpol_person_new p = CPOL_PERSON_NEW_INIT;
	cpol_residence_new r = CPOL_RESIDENCE_NEW_INIT;
	cpol_id id = 0;
	p.id_number = id_number;
	p.name = name;
	p.office_id = office;
	ck_assert_ok(cpol_person_add(&id, db, rules, &p));
	r.person_id = id;
	r.house_id = h;
	r.type = type;
	r.from = D(from);
	ck_assert_ok(cpol_person_move_in(NULL, db, rules, &r));
	return id;
}

static cpol_id address_of(cpol_id h)
{
	cpol__stmt *st;
	cpol_id id;
	ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT address_id FROM house WHERE id = ?"), CPOL__OK);
	cpol__st_bind_int64(st, 1, h);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	id = cpol__st_column_int64(st, 0);
	cpol__st_finalize(st);
	return id;
}

static void setup(void)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_id region = 0, station = 0;

	ro.name = "patroltest.yaml";
	ro.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&rules, RULES, &ro));
	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	ck_assert_ok(cpol_db_set_user(db, "tester"));
	ck_assert_ok(cpol_region_add(&region, db, "national", NULL));
	ck_assert_ok(cpol_station_add(&station, db, region, "城东派出所", NULL));
	o.station_id = station;
	o.name = "城东警务室";
	ck_assert_ok(cpol_office_add(&office, db, &o));
	o.name = "城西警务室";
	ck_assert_ok(cpol_office_add(&office2, db, &o));
	ck_assert_ok(cpol_district_add(&district, db, office, "城东一区", NULL));
	ck_assert_ok(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城东社区", NULL,
	                                NULL));
	ck_assert_ok(cpol_district_cover(NULL, db, district, community, D("2020-01-01")));
	A = staff(office, "王建国", "012345");
	B = staff(office, "李明", "012346");
	X = staff(office, "张协勤", NULL);
	Y = staff(office, "刘协勤", NULL);
	C = staff(office2, "赵强", "022345");
	h1 = house("1", "101");
	h2 = house("1", "102");
	h3 = house("1", "103");
}

static void teardown(void)
{
	cpol_rules_free(rules);
	cpol_db_close(db);
	rules = NULL;
	db = NULL;
}

static cpol_id patrol(cpol_id officer, const char *on, int start, int end)
{
	cpol_patrol_new p = CPOL_PATROL_NEW_INIT;
	cpol_id id = 0;
	p.office_id = office;
	p.officer_id = officer;
	p.on = D(on);
	p.start_minute = start;
	p.end_minute = end;
	p.area = "解放路—人民广场";
	ck_assert_ok(cpol_patrol_add(&id, db, &p));
	return id;
}

static cpol_id publicity(cpol_id officer, const char *on, cpol_prevention_topic topic)
{
	cpol_publicity_new p = CPOL_PUBLICITY_NEW_INIT;
	cpol_id id = 0;
	p.office_id = office;
	p.officer_id = officer;
	p.on = D(on);
	p.topic = topic;
	p.place = "人民广场";
	p.audience = 120;
	ck_assert_ok(cpol_publicity_add(&id, db, &p));
	return id;
}

/* Live patrols of the office started in [from, to], night -1/0/1. */
static int count_patrols(cpol_id officer, const char *from, const char *to, int night)
{
	cpol_patrol_query q = CPOL_PATROL_QUERY_INIT;
	cpol_patrol_iter *it = NULL;
	const cpol_patrol *p;
	int n = 0, rc;
	q.office_id = office;
	q.officer_id = officer;
	q.night = night;
	q.from = D(from);
	q.to = D(to);
	ck_assert_ok(cpol_patrol_iter_new(&it, db, &q));
	while ((rc = cpol_patrol_iter_next(&p, it)) == 0)
		n++;
	ck_assert_int_eq(rc, CPOL_ITEROVER);
	cpol_patrol_iter_free(it);
	return n;
}

static double metric(const char *name, cpol_subject_kind kind, cpol_id id, const char *period)
{
	cpol_assessor *a = NULL;
	cpol_metric_value *v = NULL;
	cpol_period p;
	double value;
	ck_assert_ok(cpol_period_parse(&p, period));
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	ck_assert_ok(cpol_metric_value_get(&v, a, name, kind, id, &p));
	ck_assert_msg(v->has_value, "%s has no value: %s", name, v->note);
	value = v->value;
	cpol_metric_value_free(v);
	cpol_assessor_free(a);
	return value;
}

static const char *err_field(void)
{
	const char *f = cpol_error_last()->field;
	return f ? f : "(none)";
}

/* ------------------------------------------------------------------ patrols */
/* area: patrols */

/*
 * 22:00-02:00 started on Sunday 2024-03-31 (the last day of March and of
 * Q1): it belongs to 03-31, is a night patrol (it is all in 22:00-06:00),
 * and reads back as 1320 and 120 minutes. Counted on 03-31, not on 04-01:
 * patrols of March 1, of April 0; in Q1 A has 1 patrol and 1 night patrol,
 * in Q2 0.
 */
START_TEST(a_patrol_across_midnight_counts_on_its_start_day_as_night)
{
	cpol_patrol *p = NULL;
	cpol_id id = patrol(A, "2024-03-31", 22 * 60, 2 * 60);

	ck_assert_ok(cpol_patrol_get(&p, db, id));
	assert_date(p->on, "2024-03-31");
	ck_assert_int_eq(p->start_minute, 1320);
	ck_assert_int_eq(p->end_minute, 120);
	ck_assert_int_eq(p->night, 1);
	ck_assert_int_eq(p->officer_id, A);
	ck_assert_ptr_null(p->archived_at);
	ck_assert_uint_eq(p->auxiliary_count, 0);
	ck_assert_ptr_null(p->auxiliaries);
	cpol_patrol_free(p);
	ck_assert_int_eq(count_patrols(A, "2024-03-31", "2024-03-31", -1), 1);
	ck_assert_int_eq(count_patrols(A, "2024-04-01", "2024-04-01", -1), 0);
	ck_assert_int_eq(count_patrols(A, "2024-03-01", "2024-03-31", 1), 1);
	ck_assert_int_eq(count_patrols(A, "2024-03-01", "2024-03-31", 0), 0);
	ck_assert_double_eq(metric("patrols", CPOL_SUBJECT_OFFICER, A, "2024-Q1"), 1);
	ck_assert_double_eq(metric("night_patrols", CPOL_SUBJECT_OFFICER, A, "2024-Q1"), 1);
	ck_assert_double_eq(metric("patrols", CPOL_SUBJECT_OFFICER, A, "2024-Q2"), 0);
}
END_TEST

/*
 * Night is 22:00-06:00 (噪声污染防治法 §88): a patrol is at night when any
 * minute of it is. 21:00-22:00 ends as night begins: day. 21:00-22:01:
 * night. 06:00-08:00 starts as night ends: day. 05:59-07:00: night.
 * 23:00-23:30: night. 00:00-05:00: night. 08:00-17:30: day. Any patrol
 * past midnight: night. The caller may say otherwise (shift day).
 */
START_TEST(night_is_any_minute_between_22_and_6)
{
	cpol_patrol_new p = CPOL_PATROL_NEW_INIT;
	cpol_patrol *got = NULL;
	cpol_id id = 0;

	ck_assert_int_eq(cpol__patrol_is_night(21 * 60, 22 * 60), 0);
	ck_assert_int_eq(cpol__patrol_is_night(21 * 60, 22 * 60 + 1), 1);
	ck_assert_int_eq(cpol__patrol_is_night(6 * 60, 8 * 60), 0);
	ck_assert_int_eq(cpol__patrol_is_night(6 * 60 - 1, 7 * 60), 1);
	ck_assert_int_eq(cpol__patrol_is_night(23 * 60, 23 * 60 + 30), 1);
	ck_assert_int_eq(cpol__patrol_is_night(0, 5 * 60), 1);
	ck_assert_int_eq(cpol__patrol_is_night(8 * 60, 17 * 60 + 30), 0);
	ck_assert_int_eq(cpol__patrol_is_night(23 * 60 + 59, 0), 1);
	ck_assert_int_eq(cpol__patrol_is_night(10 * 60, 9 * 60), 1);
	p.office_id = office;
	p.officer_id = A;
	p.on = D("2024-04-02");
	p.start_minute = 22 * 60;
	p.end_minute = 2 * 60;
	p.area = "夜巡";
	p.shift = CPOL_PATROL_DAY;
	ck_assert_ok(cpol_patrol_add(&id, db, &p));
	ck_assert_ok(cpol_patrol_get(&got, db, id));
	ck_assert_int_eq(got->night, 0);
	cpol_patrol_free(got);
	p.start_minute = 9 * 60;
	p.end_minute = 11 * 60;
	p.shift = CPOL_PATROL_NIGHT;
	ck_assert_ok(cpol_patrol_add(&id, db, &p));
	ck_assert_ok(cpol_patrol_get(&got, db, id));
	ck_assert_int_eq(got->night, 1);
	cpol_patrol_free(got);
	/* the last minute of the day is stored and read back as 23:59 */
	p.start_minute = 23 * 60 + 30;
	p.end_minute = 23 * 60 + 59;
	p.shift = CPOL_PATROL_SHIFT_AUTO;
	ck_assert_ok(cpol_patrol_add(&id, db, &p));
	ck_assert_ok(cpol_patrol_get(&got, db, id));
	ck_assert_int_eq(got->start_minute, 1410);
	ck_assert_int_eq(got->end_minute, 1439);
	ck_assert_int_eq(got->night, 1);
	cpol_patrol_free(got);
	ck_assert_int_eq(cpol__patrol_minute("00:00"), 0);
	ck_assert_int_eq(cpol__patrol_minute("23:59"), 1439);
	ck_assert_int_eq(cpol__patrol_minute("12:05"), 725);
}
END_TEST

/* Auxiliaries read back by id, with the volunteers and the note. */
START_TEST(a_patrol_keeps_its_auxiliaries_and_volunteers)
{
	cpol_patrol_new p = CPOL_PATROL_NEW_INIT;
	cpol_patrol_query q = CPOL_PATROL_QUERY_INIT;
	cpol_patrol_iter *it = NULL;
	const cpol_patrol *row;
	cpol_patrol *got = NULL;
	cpol_id aux[2], id = 0;

	aux[0] = Y;   /* given out of order */
	aux[1] = X;
	p.office_id = office;
	p.officer_id = A;
	p.on = D("2024-04-05");
	p.start_minute = 19 * 60;
	p.end_minute = 21 * 60 + 30;
	p.area = "城东社区 1-5 栋";
	p.auxiliaries = aux;
	p.auxiliary_count = 2;
	p.volunteers = 5;
	p.note = "治安志愿者五名";
	ck_assert_ok(cpol_patrol_add(&id, db, &p));
	ck_assert_ok(cpol_patrol_get(&got, db, id));
	ck_assert_uint_eq(got->auxiliary_count, 2);
	ck_assert_int_eq(got->auxiliaries[0], X < Y ? X : Y);
	ck_assert_int_eq(got->auxiliaries[1], X < Y ? Y : X);
	ck_assert_int_eq(got->volunteers, 5);
	ck_assert_int_eq(got->night, 0);
	ck_assert_str_eq(got->area, "城东社区 1-5 栋");
	ck_assert_str_eq(got->note, "治安志愿者五名");
	cpol_patrol_free(got);
	/* a patrol of auxiliaries alone (志愿巡逻): no officer */
	p.officer_id = 0;
	p.auxiliary_count = 1;
	p.note = NULL;
	ck_assert_ok(cpol_patrol_add(NULL, db, &p));
	q.office_id = office;
	ck_assert_ok(cpol_patrol_iter_new(&it, db, &q));
	ck_assert_ok(cpol_patrol_iter_next(&row, it));
	ck_assert_int_eq(row->id, id);
	ck_assert_uint_eq(row->auxiliary_count, 2);
	ck_assert_ok(cpol_patrol_iter_next(&row, it));
	ck_assert_int_eq(row->officer_id, 0);
	ck_assert_uint_eq(row->auxiliary_count, 1);
	ck_assert_int_eq(row->auxiliaries[0], Y);
	ck_assert_ptr_null(row->note);
	ck_assert_int_eq(cpol_patrol_iter_next(&row, it), CPOL_ITEROVER);
	cpol_patrol_iter_free(it);
}
END_TEST

START_TEST(a_bad_patrol_is_refused_naming_the_field)
{
	cpol_patrol_new p = CPOL_PATROL_NEW_INIT;
	cpol_patrol_query q = CPOL_PATROL_QUERY_INIT;
	cpol_patrol_iter *it = NULL;
	cpol_id aux[2];

	p.office_id = office;
	p.officer_id = A;
	p.on = D("2024-04-05");
	p.area = "城东";
	p.start_minute = 600;
	p.end_minute = 600;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "end_minute");
	p.end_minute = 1440;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "end_minute");
	p.end_minute = 1439;
	p.start_minute = -1;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "start_minute");
	p.start_minute = 0;
	p.volunteers = -1;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "volunteers");
	p.volunteers = 0;
	p.area = "";
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "area");
	p.area = "城东";
	aux[0] = X;
	aux[1] = X;
	p.auxiliaries = aux;
	p.auxiliary_count = 2;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "auxiliaries");
	aux[1] = A;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "auxiliaries");
	aux[1] = 9999;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_ENOTFOUND);
	ck_assert_str_eq(err_field(), "auxiliaries");
	p.auxiliaries = NULL;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	p.auxiliary_count = 0;
	p.shift = (cpol_patrol_shift)3;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "shift");
	p.shift = CPOL_PATROL_SHIFT_AUTO;
	p.officer_id = 9999;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_ENOTFOUND);
	ck_assert_str_eq(err_field(), "officer_id");
	p.officer_id = A;
	p.office_id = 0;
	ck_assert_fails(cpol_patrol_add(NULL, db, &p), CPOL_EINVAL);
	/* nothing of the failed ones was written, the auxiliary rows included */
	ck_assert_int_eq(count_patrols(0, "2024-01-01", "2024-12-31", -1), 0);
	q.night = 2;
	ck_assert_fails(cpol_patrol_iter_new(&it, db, &q), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "night");
	ck_assert_ptr_null(it);
	q.night = -2;
	ck_assert_fails(cpol_patrol_iter_new(&it, db, &q), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "night");
	/* -1, 0 and 1 are the three answers */
	for (q.night = -1; q.night <= 1; q.night++) {
		ck_assert_ok(cpol_patrol_iter_new(&it, db, &q));
		cpol_patrol_iter_free(it);
	}
	{
		cpol_patrol *got = NULL;
		ck_assert_fails(cpol_patrol_get(&got, NULL, 1), CPOL_EINVAL);
		ck_assert_ptr_null(got);
		ck_assert_fails(cpol_patrol_get(NULL, db, 1), CPOL_EINVAL);
		ck_assert_fails(cpol_patrol_archive(NULL, 1), CPOL_EINVAL);
		ck_assert_fails(cpol_patrol_add(NULL, NULL, &p), CPOL_EINVAL);
	}
}
END_TEST

/*
 * A quarter's first and last days count, the days either side do not:
 * patrols of A on 2024-03-31, 04-01, 06-30, 07-01 → Q2 has 2 (04-01 and
 * 06-30). The office's figure is the same (all led by A), B has 0.
 */
START_TEST(a_period_counts_its_first_and_last_day)
{
	patrol(A, "2024-03-31", 9 * 60, 11 * 60);
	patrol(A, "2024-04-01", 9 * 60, 11 * 60);
	patrol(A, "2024-06-30", 20 * 60, 23 * 60);
	patrol(A, "2024-07-01", 9 * 60, 11 * 60);
	ck_assert_double_eq(metric("patrols", CPOL_SUBJECT_OFFICER, A, "2024-Q2"), 2);
	ck_assert_double_eq(metric("night_patrols", CPOL_SUBJECT_OFFICER, A, "2024-Q2"), 1);
	ck_assert_double_eq(metric("patrols", CPOL_SUBJECT_OFFICE, office, "2024-Q2"), 2);
	ck_assert_double_eq(metric("patrols", CPOL_SUBJECT_OFFICER, B, "2024-Q2"), 0);
	ck_assert_int_eq(count_patrols(A, "2024-04-01", "2024-06-30", -1), 2);
}
END_TEST

/*
 * An archived patrol and an archived publicity event are kept (read back
 * with archived_at set) and no longer listed or counted; archiving again
 * finds nothing live.
 */
START_TEST(an_archived_record_is_not_counted)
{
	cpol_id p1 = patrol(A, "2024-04-10", 22 * 60, 23 * 60);
	cpol_id e1;
	cpol_patrol *got = NULL;
	cpol_quota_list *ql = NULL;

	patrol(A, "2024-04-11", 22 * 60, 23 * 60);
	e1 = publicity(A, "2024-04-12", CPOL_PREVENT_FIRE);
	ck_assert_double_eq(metric("patrols", CPOL_SUBJECT_OFFICER, A, "2024-04"), 2);
	ck_assert_double_eq(metric("publicity_events", CPOL_SUBJECT_OFFICER, A, "2024-04"), 1);
	ck_assert_ok(cpol_patrol_archive(db, p1));
	ck_assert_ok(cpol_publicity_archive(db, e1));
	ck_assert_double_eq(metric("patrols", CPOL_SUBJECT_OFFICER, A, "2024-04"), 1);
	ck_assert_double_eq(metric("night_patrols", CPOL_SUBJECT_OFFICER, A, "2024-04"), 1);
	ck_assert_double_eq(metric("publicity_events", CPOL_SUBJECT_OFFICER, A, "2024-04"), 0);
	ck_assert_int_eq(count_patrols(A, "2024-04-01", "2024-04-30", -1), 1);
	ck_assert_ok(cpol_quota_list_get(&ql, db, rules, office, A, D("2024-04-10")));
	ck_assert_uint_eq(ql->count, 2);
	ck_assert_int_eq(ql->items[0].done, 1);   /* night patrols of the week 04-08..14 */
	ck_assert_int_eq(ql->items[1].done, 0);   /* publicity of April */
	cpol_quota_list_free(ql);
	ck_assert_ok(cpol_patrol_get(&got, db, p1));
	ck_assert_ptr_nonnull(got->archived_at);
	cpol_patrol_free(got);
	{
		cpol_publicity *ev = NULL;
		ck_assert_ok(cpol_publicity_get(&ev, db, e1));
		ck_assert_ptr_nonnull(ev->archived_at);
		ck_assert_ptr_null(ev->summary);
		ck_assert_str_eq(ev->place, "人民广场");
		cpol_publicity_free(ev);
	}
	ck_assert_fails(cpol_patrol_archive(db, p1), CPOL_ENOTFOUND);
	ck_assert_str_eq(err_field(), "patrol_id");
	ck_assert_fails(cpol_publicity_archive(db, e1), CPOL_ENOTFOUND);
	ck_assert_fails(cpol_patrol_get(&got, db, 9999), CPOL_ENOTFOUND);
	ck_assert_ptr_null(got);
}
END_TEST

/* ------------------------------------------------------------------ quotas */
/* area: quotas */

/*
 * Two night patrols a week (national duty.night_patrols_per_week), by ISO
 * week: A leads night patrols on Monday 2024-04-01 and Sunday 04-07 (the
 * week's first and last days), a day patrol on Wednesday 04-03 (not
 * counted) and a night patrol on Monday 04-08 (the next week). Asked on
 * 04-03: week 04-01..04-07, A 2 of 2 (short 0), B 0 of 2 (short 2). Asked
 * on 04-08: week 04-08..04-14, A 1 of 2 (short 1).
 * Publicity, 2 a month (patroltest.yaml line 4): A held one on 2024-04-30
 * (April's last day) and one on 2024-05-01: on 04-03 April has 1 of 2
 * (short 1), on 05-31 May 1 of 2. B: 0 of 2. The office's list on 04-03:
 * A's two, then B's two (officers only: the auxiliaries X, Y owe nothing).
 */
START_TEST(quotas_count_by_iso_week_and_calendar_month)
{
	cpol_quota_list *ql = NULL;
	const cpol_quota *q;

	patrol(A, "2024-04-01", 22 * 60, 2 * 60);
	patrol(A, "2024-04-03", 9 * 60, 11 * 60);
	patrol(A, "2024-04-07", 21 * 60, 23 * 60);
	patrol(A, "2024-04-08", 22 * 60, 23 * 60);
	patrol(C, "2024-04-02", 22 * 60, 23 * 60);
	publicity(A, "2024-04-30", CPOL_PREVENT_THEFT);
	publicity(A, "2024-05-01", CPOL_PREVENT_TRAFFIC);

	ck_assert_ok(cpol_quota_list_get(&ql, db, rules, office, 0, D("2024-04-03")));
	assert_date(ql->on, "2024-04-03");
	ck_assert_uint_eq(ql->count, 4);
	q = &ql->items[0];
	ck_assert_int_eq(q->kind, CPOL_QUOTA_NIGHT_PATROLS);
	ck_assert_int_eq(q->officer_id, A);
	ck_assert_int_eq(q->office_id, office);
	assert_date(q->from, "2024-04-01");
	assert_date(q->to, "2024-04-07");
	ck_assert_int_eq(q->done, 2);
	ck_assert_int_eq(q->target, 2);
	ck_assert_int_eq(q->short_by, 0);
	ck_assert_str_eq(q->rule_key, "duty.night_patrols_per_week");
	ck_assert_str_eq(q->rule_file, "<built-in>/national.yaml");
	ck_assert_str_eq(q->rule_region, "national");
	ck_assert_int_gt(q->rule_line, 0);
	ck_assert_str_eq(q->officer_name, "王建国");
	q = &ql->items[1];
	ck_assert_int_eq(q->kind, CPOL_QUOTA_PUBLICITY);
	assert_date(q->from, "2024-04-01");
	assert_date(q->to, "2024-04-30");
	ck_assert_int_eq(q->done, 1);
	ck_assert_int_eq(q->short_by, 1);
	ck_assert_str_eq(q->rule_key, "visits.publicity_per_month");
	ck_assert_str_eq(q->rule_file, "patroltest.yaml");
	ck_assert_int_eq(q->rule_line, 4);
	ck_assert_str_eq(q->rule_region, "patroltest");
	ck_assert_int_eq(ql->items[2].officer_id, B);
	ck_assert_int_eq(ql->items[2].done, 0);
	ck_assert_int_eq(ql->items[2].short_by, 2);
	ck_assert_int_eq(ql->items[3].officer_id, B);
	ck_assert_int_eq(ql->items[3].short_by, 2);
	ck_assert_str_eq(ql->items[1].officer_name, "王建国");
	ck_assert_str_eq(ql->items[3].officer_name, "李明");
	cpol_quota_list_free(ql);

	ck_assert_ok(cpol_quota_list_get(&ql, db, rules, office, A, D("2024-04-08")));
	ck_assert_uint_eq(ql->count, 2);
	assert_date(ql->items[0].from, "2024-04-08");
	assert_date(ql->items[0].to, "2024-04-14");
	ck_assert_int_eq(ql->items[0].done, 1);
	ck_assert_int_eq(ql->items[0].short_by, 1);
	cpol_quota_list_free(ql);

	ck_assert_ok(cpol_quota_list_get(&ql, db, rules, office, A, D("2024-05-31")));
	assert_date(ql->items[1].from, "2024-05-01");
	assert_date(ql->items[1].to, "2024-05-31");
	ck_assert_int_eq(ql->items[1].done, 1);
	cpol_quota_list_free(ql);

	ck_assert_str_eq(cpol_quota_kind_name(CPOL_QUOTA_NIGHT_PATROLS), "night_patrols");
	ck_assert_str_eq(cpol_quota_kind_name(CPOL_QUOTA_PUBLICITY), "publicity");
	ck_assert_fails(cpol_quota_list_get(&ql, db, rules, 0, 0, D("2024-05-31")), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "office_id");
	ck_assert_ptr_null(ql);
}
END_TEST

/* A region that sets the patrols to 0 and no publicity quota: no item. */
START_TEST(a_quota_the_rules_do_not_set_gives_no_item)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r = NULL;
	cpol_quota_list *ql = NULL;

	ro.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&r, "region: nopatrol\nextends: national\n"
	                                    "duty:\n  night_patrols_per_week: 0\n", &ro));
	ck_assert_ok(cpol_quota_list_get(&ql, db, r, office, A, D("2024-04-03")));
	ck_assert_uint_eq(ql->count, 0);
	cpol_quota_list_free(ql);
	cpol_rules_free(r);
}
END_TEST

/* ---------------------------------------------------------------- publicity */
/* area: publicity */

START_TEST(publicity_topics_are_the_six_preventions)
{
	static const char *const names[] = { "fire", "theft", "poison", "sabotage", "traffic",
	                                     "disaster" };
	cpol_publicity_query q = CPOL_PUBLICITY_QUERY_INIT;
	cpol_publicity_iter *it = NULL;
	const cpol_publicity *row;
	cpol_publicity *got = NULL;
	cpol_publicity_new p = CPOL_PUBLICITY_NEW_INIT;
	cpol_prevention_topic t;
	cpol_id id;
	int i, n = 0;

	for (i = 0; i < 6; i++) {
		ck_assert_str_eq(cpol_prevention_topic_name((cpol_prevention_topic)(i + 1)), names[i]);
		ck_assert_ok(cpol_prevention_topic_parse(&t, names[i]));
		ck_assert_int_eq(t, i + 1);
	}
	ck_assert_str_eq(cpol_prevention_topic_name((cpol_prevention_topic)7), "unknown");
	ck_assert_fails(cpol_prevention_topic_parse(&t, "flood"), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "topic");
	p.office_id = office;
	p.on = D("2024-04-12");
	p.place = "人民广场";
	ck_assert_fails(cpol_publicity_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "topic");
	p.topic = CPOL_PREVENT_FIRE;
	p.audience = -1;
	ck_assert_fails(cpol_publicity_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "audience");
	p.audience = 0;
	p.place = NULL;
	ck_assert_fails(cpol_publicity_add(NULL, db, &p), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "place");

	id = publicity(A, "2024-04-12", CPOL_PREVENT_FIRE);
	publicity(B, "2024-04-13", CPOL_PREVENT_POISON);
	publicity(A, "2024-04-14", CPOL_PREVENT_FIRE);
	ck_assert_ok(cpol_publicity_get(&got, db, id));
	ck_assert_int_eq(got->topic, CPOL_PREVENT_FIRE);
	ck_assert_str_eq(got->place, "人民广场");
	ck_assert_int_eq(got->audience, 120);
	ck_assert_ptr_null(got->summary);
	cpol_publicity_free(got);
	q.office_id = office;
	q.topic = CPOL_PREVENT_FIRE;
	ck_assert_ok(cpol_publicity_iter_new(&it, db, &q));
	while (cpol_publicity_iter_next(&row, it) == 0) {
		ck_assert_int_eq(row->topic, CPOL_PREVENT_FIRE);
		ck_assert_int_eq(row->officer_id, A);
		n++;
	}
	cpol_publicity_iter_free(it);
	ck_assert_int_eq(n, 2);
	ck_assert_double_eq(metric("publicity_events", CPOL_SUBJECT_OFFICE, office, "2024-04"), 3);
	ck_assert_double_eq(metric("publicity_events", CPOL_SUBJECT_OFFICER, B, "2024-04"), 1);
	q.topic = (cpol_prevention_topic)9;
	ck_assert_fails(cpol_publicity_iter_new(&it, db, &q), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "topic");
}
END_TEST

/* ------------------------------------------------------------ contact cards */
/* area: cards */

/*
 * h1 gets card 001 on 2024-01-10 and, the card lost, 002 on 2024-06-01.
 * The house's card: none on 01-09, 001 on 01-10 and 05-31, 002 on 06-01.
 * Both stay: the house's history lists two. 002 archived (entered in
 * error): 001 again on 06-01.
 */
START_TEST(a_reissued_card_replaces_the_old_and_keeps_the_history)
{
	cpol_contact_card_new c = CPOL_CONTACT_CARD_NEW_INIT;
	cpol_contact_card_query q = CPOL_CONTACT_CARD_QUERY_INIT;
	cpol_contact_card_iter *it = NULL;
	const cpol_contact_card *row;
	cpol_contact_card *got = NULL;
	cpol_id c1 = 0, c2 = 0, now = 0;
	int n = 0;

	c.office_id = office;
	c.house_id = h1;
	c.officer_id = A;
	c.issued_on = D("2024-01-10");
	c.number = "001";
	ck_assert_ok(cpol_contact_card_add(&c1, db, &c));
	c.issued_on = D("2024-06-01");
	c.number = "002";
	ck_assert_ok(cpol_contact_card_add(&c2, db, &c));
	ck_assert_ok(cpol_house_contact_card(&now, db, h1, D("2024-01-09")));
	ck_assert_int_eq(now, 0);
	ck_assert_ok(cpol_house_contact_card(&now, db, h1, D("2024-01-10")));
	ck_assert_int_eq(now, c1);
	ck_assert_ok(cpol_house_contact_card(&now, db, h1, D("2024-05-31")));
	ck_assert_int_eq(now, c1);
	ck_assert_ok(cpol_house_contact_card(&now, db, h1, D("2024-06-01")));
	ck_assert_int_eq(now, c2);
	q.house_id = h1;
	ck_assert_ok(cpol_contact_card_iter_new(&it, db, &q));
	while (cpol_contact_card_iter_next(&row, it) == 0) {
		ck_assert_str_eq(row->number, n ? "002" : "001");
		n++;
	}
	cpol_contact_card_iter_free(it);
	ck_assert_int_eq(n, 2);
	ck_assert_ok(cpol_contact_card_archive(db, c2));
	ck_assert_ok(cpol_house_contact_card(&now, db, h1, D("2024-06-01")));
	ck_assert_int_eq(now, c1);
	ck_assert_ok(cpol_contact_card_get(&got, db, c2));
	ck_assert_ptr_nonnull(got->archived_at);
	ck_assert_str_eq(got->number, "002");
	assert_date(got->issued_on, "2024-06-01");
	cpol_contact_card_free(got);
	/* h3 (id 3) from office 1: the ids read back in their own fields */
	c.house_id = h3;
	c.officer_id = B;
	ck_assert_ok(cpol_contact_card_add(&now, db, &c));
	ck_assert_ok(cpol_contact_card_get(&got, db, now));
	ck_assert_int_eq(got->office_id, office);
	ck_assert_int_eq(got->house_id, h3);
	ck_assert_int_eq(got->officer_id, B);
	ck_assert_ptr_null(got->archived_at);
	cpol_contact_card_free(got);
	c.issued_on = CPOL_DATE_NONE;
	ck_assert_fails(cpol_contact_card_add(NULL, db, &c), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "issued_on");
	c.issued_on = D("2024-06-01");
	c.house_id = 9999;
	ck_assert_fails(cpol_contact_card_add(NULL, db, &c), CPOL_ENOTFOUND);
	ck_assert_str_eq(err_field(), "house_id");
	c.house_id = 0;
	ck_assert_fails(cpol_contact_card_add(NULL, db, &c), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "house_id");
}
END_TEST

/*
 * 每户一卡 (national visits.contact_card: true). h1: 张伟 from 2024-01-01,
 * card on 2024-02-01. h2: 周丽 and 王芳 from 2024-03-01, no card. h3: nobody.
 * On 2024-01-15: h1 (1 resident since 01-01); h2 not yet lived in; h3
 * empty. On 2024-02-01: nothing (h1 carded that day). On 2024-03-01: h2
 * (2 residents since 03-01). Another office's view: nothing. Rules with
 * contact_card false: nothing.
 */
START_TEST(households_without_a_card_are_listed_on_a_day)
{
	cpol_contact_card_new c = CPOL_CONTACT_CARD_NEW_INIT;
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_uncarded_iter *it = NULL;
	const cpol_uncarded *u;
	cpol_rules *nocards = NULL;

	resident("110105199003071239", "张伟", h1, "permanent", "2024-01-01");
	resident("320102198506150022", "周丽", h2, "permanent", "2024-03-01");
	resident("11010519491231002X", "王芳", h2, "permanent", "2024-03-01");
	c.office_id = office;
	c.house_id = h1;
	c.issued_on = D("2024-02-01");
	ck_assert_ok(cpol_contact_card_add(NULL, db, &c));

	ck_assert_ok(cpol_uncarded_iter_new(&it, db, rules, office, D("2024-01-15")));
	ck_assert_ok(cpol_uncarded_iter_next(&u, it));
	ck_assert_int_eq(u->house_id, h1);
	ck_assert_int_eq(u->address_id, address_of(h1));
	ck_assert_int_eq(u->residents, 1);
	assert_date(u->since, "2024-01-01");
	ck_assert_str_eq(u->rule->key, "visits.contact_card");
	ck_assert_str_eq(u->rule->file, "<built-in>/national.yaml");
	ck_assert_int_eq(cpol_uncarded_iter_next(&u, it), CPOL_ITEROVER);
	cpol_uncarded_iter_free(it);

	ck_assert_ok(cpol_uncarded_iter_new(&it, db, rules, office, D("2024-02-01")));
	ck_assert_int_eq(cpol_uncarded_iter_next(&u, it), CPOL_ITEROVER);
	cpol_uncarded_iter_free(it);

	ck_assert_ok(cpol_uncarded_iter_new(&it, db, rules, office, D("2024-03-01")));
	ck_assert_ok(cpol_uncarded_iter_next(&u, it));
	ck_assert_int_eq(u->house_id, h2);
	ck_assert_int_eq(u->residents, 2);
	assert_date(u->since, "2024-03-01");
	ck_assert_int_eq(cpol_uncarded_iter_next(&u, it), CPOL_ITEROVER);
	cpol_uncarded_iter_free(it);

	ck_assert_ok(cpol_uncarded_iter_new(&it, db, rules, office2, D("2024-03-01")));
	ck_assert_int_eq(cpol_uncarded_iter_next(&u, it), CPOL_ITEROVER);
	cpol_uncarded_iter_free(it);

	ro.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&nocards, NO_CARDS, &ro));
	ck_assert_ok(cpol_uncarded_iter_new(&it, db, nocards, office, D("2024-03-01")));
	ck_assert_int_eq(cpol_uncarded_iter_next(&u, it), CPOL_ITEROVER);
	cpol_uncarded_iter_free(it);
	cpol_rules_free(nocards);

	ck_assert_fails(cpol_uncarded_iter_new(&it, db, rules, 0, D("2024-03-01")), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "office_id");
	ck_assert_fails(cpol_uncarded_iter_new(&it, db, rules, office, CPOL_DATE_NONE), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "on");
}
END_TEST

/* --------------------------------------------------------------------- 失控 */
/* area: lost */

static cpol_id lose(cpol_id person, const char *from)
{
	cpol_lost_new l = CPOL_LOST_NEW_INIT;
	cpol_id id = 0;
	l.person_id = person;
	l.officer_id = A;
	l.from = D(from);
	l.found_by = CPOL_LOST_BY_VISIT;
	ck_assert_ok(cpol_lost_add(&id, db, &l));
	return id;
}

/* The persons lost on a day, with since when. */
static int lost_on(const char *on, cpol_id *first, cpol_date *since)
{
	cpol_lost_query q = CPOL_LOST_QUERY_INIT;
	cpol_lost_iter *it = NULL;
	const cpol_lost *l;
	int n = 0;
	q.office_id = office;
	q.on = D(on);
	ck_assert_ok(cpol_lost_iter_new(&it, db, &q));
	while (cpol_lost_iter_next(&l, it) == 0) {
		if (!n++ && first) {
			*first = l->person_id;
			*since = l->from;
		}
	}
	cpol_lost_iter_free(it);
	return n;
}

/*
 * Three persons lost from 2024-05-10, found on 05-19, 05-20 and 05-21 (the
 * day the state ends they are no longer lost). On 05-20: only the third
 * (found the day after), since 05-10. On 05-09 nobody; on 05-10 and 05-18
 * all three; on 05-19 two; on 05-21 nobody.
 */
START_TEST(a_lost_state_ends_on_the_day_it_ends)
{
	cpol_id p1 = resident("110105199003071239", "张伟", h1, "floating", "2024-01-01");
	cpol_id p2 = resident("320102198506150022", "周丽", h2, "floating", "2024-01-01");
	cpol_id p3 = resident("11010519491231002X", "王芳", h3, "floating", "2024-01-01");
	cpol_id l1 = lose(p1, "2024-05-10"), l2 = lose(p2, "2024-05-10"), l3 = lose(p3, "2024-05-10");
	cpol_id who = 0;
	cpol_date since = CPOL_DATE_NONE;
	cpol_lost *got = NULL;

	ck_assert_ok(cpol_lost_end(db, l1, D("2024-05-19"), CPOL_LOST_END_LOCATED, "已在外地务工"));
	ck_assert_ok(cpol_lost_end(db, l2, D("2024-05-20"), CPOL_LOST_END_MOVED_AWAY, NULL));
	ck_assert_ok(cpol_lost_end(db, l3, D("2024-05-21"), CPOL_LOST_END_LOCATED, NULL));
	ck_assert_int_eq(lost_on("2024-05-20", &who, &since), 1);
	ck_assert_int_eq(who, p3);
	assert_date(since, "2024-05-10");
	ck_assert_int_eq(lost_on("2024-05-09", NULL, NULL), 0);
	ck_assert_int_eq(lost_on("2024-05-10", NULL, NULL), 3);
	ck_assert_int_eq(lost_on("2024-05-18", NULL, NULL), 3);
	ck_assert_int_eq(lost_on("2024-05-19", NULL, NULL), 2);
	ck_assert_int_eq(lost_on("2024-05-21", NULL, NULL), 0);
	ck_assert_ok(cpol_lost_get(&got, db, l1));
	ck_assert_int_eq(got->person_id, p1);
	ck_assert_int_eq(got->office_id, office);   /* the person's managing office */
	ck_assert_int_eq(got->found_by, CPOL_LOST_BY_VISIT);
	ck_assert_int_eq(got->officer_id, A);
	assert_date(got->from, "2024-05-10");
	assert_date(got->ended_on, "2024-05-19");
	ck_assert_int_eq(got->end_reason, CPOL_LOST_END_LOCATED);
	ck_assert_str_eq(got->end_note, "已在外地务工");
	ck_assert_ptr_null(got->note);
	ck_assert_ptr_null(got->archived_at);
	cpol_lost_free(got);
	{
		cpol_lost_query q = CPOL_LOST_QUERY_INIT;
		cpol_lost_iter *it = NULL;
		const cpol_lost *row;
		q.person_id = p1;
		ck_assert_ok(cpol_lost_iter_new(&it, db, &q));
		ck_assert_ok(cpol_lost_iter_next(&row, it));
		ck_assert_int_eq(row->id, l1);
		ck_assert_ptr_null(row->note);
		ck_assert_int_eq(row->found_by, CPOL_LOST_BY_VISIT);
		ck_assert_str_eq(row->end_note, "已在外地务工");
		ck_assert_int_eq(cpol_lost_iter_next(&row, it), CPOL_ITEROVER);
		cpol_lost_iter_free(it);
	}
	ck_assert_ok(cpol_lost_archive(db, l2));
	ck_assert_ok(cpol_lost_get(&got, db, l2));
	ck_assert_ptr_nonnull(got->archived_at);
	cpol_lost_free(got);
	/* lost again, still open: lost on every later day */
	lose(p1, "2024-06-01");
	ck_assert_int_eq(lost_on("2024-12-31", &who, &since), 1);
	ck_assert_int_eq(who, p1);
	assert_date(since, "2024-06-01");
}
END_TEST

START_TEST(a_bad_lost_state_is_refused)
{
	cpol_id p1 = resident("110105199003071239", "张伟", h1, "floating", "2024-01-01");
	cpol_person_new pn = CPOL_PERSON_NEW_INIT;
	cpol_lost_new l = CPOL_LOST_NEW_INIT;
	cpol_lost_end_reason how;
	cpol_lost_found_by by;
	cpol_id l1 = lose(p1, "2024-05-10"), nobody = 0;

	l.person_id = p1;
	l.from = D("2024-05-12");
	l.found_by = CPOL_LOST_BY_CHECK;
	ck_assert_fails(cpol_lost_add(NULL, db, &l), CPOL_ECONSTRAINT);
	ck_assert_str_eq(err_field(), "person_id");
	l.found_by = (cpol_lost_found_by)0;
	ck_assert_fails(cpol_lost_add(NULL, db, &l), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "found_by");
	ck_assert_fails(cpol_lost_end(db, l1, D("2024-05-09"), CPOL_LOST_END_LOCATED, NULL),
	                CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "on");
	ck_assert_fails(cpol_lost_end(db, l1, D("2024-05-11"), (cpol_lost_end_reason)0, NULL),
	                CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "how");
	/* ending on the day it began: lost on no day */
	ck_assert_ok(cpol_lost_end(db, l1, D("2024-05-10"), CPOL_LOST_END_ERROR, NULL));
	ck_assert_int_eq(lost_on("2024-05-10", NULL, NULL), 0);
	ck_assert_fails(cpol_lost_end(db, l1, D("2024-05-11"), CPOL_LOST_END_LOCATED, NULL),
	                CPOL_ECONSTRAINT);
	ck_assert_fails(cpol_lost_end(db, l1, CPOL_DATE_NONE, CPOL_LOST_END_LOCATED, NULL),
	                CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "on");
	ck_assert_fails(cpol_lost_end(db, 9999, D("2024-05-11"), CPOL_LOST_END_LOCATED, NULL),
	                CPOL_ENOTFOUND);
	ck_assert_str_eq(err_field(), "lost_id");
	/* a person nobody manages: the office must be named */
	pn.id_number = "320102198506150022";
	pn.name = "周丽";
	ck_assert_ok(cpol_person_add(&nobody, db, rules, &pn));
	l.person_id = nobody;
	l.found_by = CPOL_LOST_BY_REPORT;
	ck_assert_fails(cpol_lost_add(NULL, db, &l), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "office_id");
	l.office_id = office2;
	ck_assert_ok(cpol_lost_add(NULL, db, &l));
	l.person_id = 9999;
	ck_assert_fails(cpol_lost_add(NULL, db, &l), CPOL_ENOTFOUND);
	ck_assert_str_eq(err_field(), "person_id");
	/* archived: kept, not lost by it */
	ck_assert_ok(cpol_lost_archive(db, l1));
	ck_assert_fails(cpol_lost_archive(db, l1), CPOL_ENOTFOUND);
	ck_assert_ok(cpol_lost_found_by_parse(&by, "report"));
	ck_assert_int_eq(by, CPOL_LOST_BY_REPORT);
	ck_assert_str_eq(cpol_lost_found_by_name(CPOL_LOST_BY_OTHER), "other");
	ck_assert_ok(cpol_lost_end_reason_parse(&how, "moved_away"));
	ck_assert_int_eq(how, CPOL_LOST_END_MOVED_AWAY);
	ck_assert_str_eq(cpol_lost_end_reason_name(CPOL_LOST_END_ERROR), "error");
	ck_assert_fails(cpol_lost_end_reason_parse(&how, "found"), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "how");
}
END_TEST

/* ------------------------------------------------------ checks of records */
/* area: verify */

/*
 * population.residence_types[floating].verify: month (patroltest.yaml
 * line 8). 刘强, floating at h2 from Friday 2024-03-15, never checked: the
 * first check is owed in March, by its last working day (2024-03-31 is a
 * Sunday: national period_end_on_holiday moves it back to Friday 03-29).
 * On 03-20 nothing is owed by that day (horizon 0); with a horizon of 9
 * days (to 03-29) he is listed, due 03-29; on 04-01 he is overdue. 张伟
 * (permanent: no verify cadence) never is. A household visit at h2 on
 * 03-28 checks him: the next is owed by April's end, Tuesday 04-30, so on
 * 04-01 nothing is owed. Lost from 05-06, he is not listed on 05-06
 * (the 失控 item stands instead); found on 05-08, the end of the state is
 * a check, and the next is owed by 2024-06-28 (June's last working day:
 * 06-30 is a Sunday, 06-29 a Saturday).
 */
START_TEST(residents_owed_a_check_by_their_residence_type)
{
	cpol_person_new nobody = CPOL_PERSON_NEW_INIT;
	cpol_unverified_iter *it = NULL;
	const cpol_unverified *u;
	cpol_visit_new v = CPOL_VISIT_NEW_INIT;
	cpol_id p, l;

	/* a person living nowhere first, so that person and residence ids differ */
	nobody.id_number = "440524188001010014";
	nobody.name = "李老";
	ck_assert_ok(cpol_person_add(NULL, db, rules, &nobody));
	p = resident("110105199003071239", "刘强", h2, "floating", "2024-03-15");
	resident("320102198506150022", "张伟", h1, "permanent", "2020-01-01");
	ck_assert_ok(cpol_unverified_iter_new(&it, db, rules, office, D("2024-03-20"), 0));
	ck_assert_int_eq(cpol_unverified_iter_next(&u, it), CPOL_ITEROVER);
	cpol_unverified_iter_free(it);

	ck_assert_ok(cpol_unverified_iter_new(&it, db, rules, office, D("2024-03-20"), 9));
	ck_assert_ok(cpol_unverified_iter_next(&u, it));
	ck_assert_int_eq(u->person_id, p);
	ck_assert_int_ne(u->residence_id, p);
	ck_assert_int_eq(u->house_id, h2);
	ck_assert_str_eq(u->type_code, "floating");
	assert_date(u->since, "2024-03-15");
	ck_assert_int_eq(u->last_checked, CPOL_DATE_NONE);
	assert_date(u->due, "2024-03-29");
	ck_assert_int_eq(u->provisional, 0);
	ck_assert_str_eq(u->rule->key, "population.residence_types[floating].verify");
	ck_assert_str_eq(u->rule->file, "patroltest.yaml");
	ck_assert_int_eq(u->rule->line, 8);
	ck_assert_int_eq(cpol_unverified_iter_next(&u, it), CPOL_ITEROVER);
	cpol_unverified_iter_free(it);

	ck_assert_ok(cpol_unverified_iter_new(&it, db, rules, office, D("2024-04-01"), 0));
	ck_assert_ok(cpol_unverified_iter_next(&u, it));
	ck_assert_int_eq(u->person_id, p);
	cpol_unverified_iter_free(it);

	v.office_id = office;
	v.officer_id = A;
	v.on = D("2024-03-28");
	v.kind = CPOL_VISIT_HOUSEHOLD;
	v.house_id = h2;
	ck_assert_ok(cpol_visit_add(NULL, db, &v));
	ck_assert_ok(cpol_unverified_iter_new(&it, db, rules, office, D("2024-04-01"), 0));
	ck_assert_int_eq(cpol_unverified_iter_next(&u, it), CPOL_ITEROVER);
	cpol_unverified_iter_free(it);
	ck_assert_ok(cpol_unverified_iter_new(&it, db, rules, office, D("2024-04-30"), 0));
	ck_assert_ok(cpol_unverified_iter_next(&u, it));
	assert_date(u->last_checked, "2024-03-28");
	assert_date(u->due, "2024-04-30");
	cpol_unverified_iter_free(it);

	l = lose(p, "2024-05-06");
	ck_assert_ok(cpol_unverified_iter_new(&it, db, rules, office, D("2024-05-06"), 0));
	ck_assert_int_eq(cpol_unverified_iter_next(&u, it), CPOL_ITEROVER);
	cpol_unverified_iter_free(it);
	ck_assert_ok(cpol_lost_end(db, l, D("2024-05-08"), CPOL_LOST_END_LOCATED, NULL));
	ck_assert_ok(cpol_unverified_iter_new(&it, db, rules, office, D("2024-05-08"), 60));
	ck_assert_ok(cpol_unverified_iter_next(&u, it));
	assert_date(u->last_checked, "2024-05-08");
	assert_date(u->due, "2024-06-28");
	cpol_unverified_iter_free(it);

	ck_assert_fails(cpol_unverified_iter_new(&it, db, rules, office, D("2024-05-08"), -1),
	                CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "horizon_days");
}
END_TEST

/* National sets no verify cadence: nothing is owed. */
START_TEST(no_verify_cadence_owes_nothing)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_unverified_iter *it = NULL;
	const cpol_unverified *u;
	cpol_rules *national = NULL;

	resident("110105199003071239", "刘强", h2, "floating", "2024-03-15");
	ro.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_region(&national, "national", &ro));
	ck_assert_ok(cpol_unverified_iter_new(&it, db, national, office, D("2025-01-01"), 0));
	ck_assert_int_eq(cpol_unverified_iter_next(&u, it), CPOL_ITEROVER);
	cpol_unverified_iter_free(it);
	cpol_rules_free(national);
}
END_TEST

/*
 * The first residence type (permanent) checked every month: 张伟, permanent
 * at h1 from Monday 2024-04-01, is owed his first check by April's last
 * working day, Tuesday 04-30; listed on 04-30, not on 04-29.
 */
START_TEST(the_first_residence_type_may_have_a_verify_cadence)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_unverified_iter *it = NULL;
	const cpol_unverified *u;
	cpol_rules *r = NULL;

	ro.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&r, "region: v2\nextends: national\npopulation:\n"
	                                    "  residence_types: !extend\n    - code: permanent\n"
	                                    "      verify: month\n", &ro));
	resident("110105199003071239", "张伟", h1, "permanent", "2024-04-01");
	ck_assert_ok(cpol_unverified_iter_new(&it, db, r, office, D("2024-04-29"), 0));
	ck_assert_int_eq(cpol_unverified_iter_next(&u, it), CPOL_ITEROVER);
	cpol_unverified_iter_free(it);
	ck_assert_ok(cpol_unverified_iter_new(&it, db, r, office, D("2024-04-30"), 0));
	ck_assert_ok(cpol_unverified_iter_next(&u, it));
	ck_assert_str_eq(u->type_code, "permanent");
	assert_date(u->due, "2024-04-30");
	ck_assert_int_eq(cpol_unverified_iter_next(&u, it), CPOL_ITEROVER);
	cpol_unverified_iter_free(it);
	cpol_rules_free(r);
}
END_TEST

/* The shift and audit: the new tables are audited like every other. */
START_TEST(the_new_records_are_audited)
{
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	int64_t n = 0;
	cpol_patrol_shift s;
	cpol_id id = patrol(A, "2024-04-01", 600, 660);

	ck_assert_ok(cpol_patrol_archive(db, id));
	q.table_name = "patrol";
	q.row_id = id;
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2);   /* insert, archive */
	ck_assert_str_eq(cpol_patrol_shift_name(CPOL_PATROL_SHIFT_AUTO), "auto");
	ck_assert_str_eq(cpol_patrol_shift_name(CPOL_PATROL_NIGHT), "night");
	ck_assert_ok(cpol_patrol_shift_parse(&s, "day"));
	ck_assert_int_eq(s, CPOL_PATROL_DAY);
	ck_assert_ok(cpol_patrol_shift_parse(&s, "auto"));
	ck_assert_int_eq(s, CPOL_PATROL_SHIFT_AUTO);
	ck_assert_fails(cpol_patrol_shift_parse(&s, "evening"), CPOL_EINVAL);
	ck_assert_str_eq(err_field(), "shift");
}
END_TEST

/* The owed view's 失控 items: kind lost, about the person, no rule value. */
static cpol_owed_list *owed_lost(const char *on, cpol_id officer)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *list = NULL;
	q.office_id = office;
	q.officer_id = officer;
	q.on = D(on);
	q.kinds = 1u << CPOL_OWED_LOST;
	ck_assert_ok(cpol_owed_list_get(&list, db, NULL, &q));
	return list;
}

/*
 * 张伟 lost from 2024-05-10 and found on 05-19; 周丽 lost from 05-12, not
 * found; 王芳's state (from 05-01) archived as entered in error. Owed, for
 * the office:
 *   05-09: nothing (nobody lost yet)
 *   05-10: 张伟, due 05-10, 0 days over, not overdue (owed from its first day)
 *   05-18: 张伟 8 days over, then 周丽 6 days over (most overdue first)
 *   05-19: 周丽 only, 7 days over (张伟 found that day)
 * An officer's view lists none: the item falls to the office.
 */
START_TEST(lost_persons_are_owed_from_their_first_day_until_found)
{
	cpol_id p1 = resident("110105199003071239", "张伟", h1, "floating", "2024-01-01");
	cpol_id p2 = resident("320102198506150022", "周丽", h2, "floating", "2024-01-01");
	cpol_id p3 = resident("11010519491231002X", "王芳", h3, "floating", "2024-01-01");
	cpol_id l1 = lose(p1, "2024-05-10"), l3 = lose(p3, "2024-05-01");
	cpol_owed_list *list;

	(void)lose(p2, "2024-05-12");
	ck_assert_ok(cpol_lost_end(db, l1, D("2024-05-19"), CPOL_LOST_END_LOCATED, NULL));
	ck_assert_ok(cpol_lost_archive(db, l3));

	list = owed_lost("2024-05-09", 0);
	ck_assert_uint_eq(list->count, 0);
	cpol_owed_list_free(list);

	list = owed_lost("2024-05-10", 0);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].kind, CPOL_OWED_LOST);
	ck_assert_str_eq(cpol_owed_kind_name(list->items[0].kind), "lost");
	ck_assert_int_eq(list->items[0].person_id, p1);
	ck_assert_int_eq(list->items[0].subject_id, p1);
	ck_assert_str_eq(list->items[0].subject, "张伟");
	assert_date(list->items[0].due, "2024-05-10");
	ck_assert_int_eq(list->items[0].days_overdue, 0);
	ck_assert_int_eq(list->items[0].overdue, 0);
	ck_assert_ptr_null(list->items[0].rule_key);
	ck_assert_uint_eq(list->by_kind[CPOL_OWED_LOST], 1);
	cpol_owed_list_free(list);

	list = owed_lost("2024-05-18", 0);
	ck_assert_uint_eq(list->count, 2);
	ck_assert_int_eq(list->items[0].person_id, p1);
	ck_assert_int_eq(list->items[0].days_overdue, 8);
	ck_assert_int_eq(list->items[0].overdue, 1);
	ck_assert_int_eq(list->items[1].person_id, p2);
	assert_date(list->items[1].due, "2024-05-12");
	ck_assert_int_eq(list->items[1].days_overdue, 6);
	ck_assert_uint_eq(list->overdue, 2);
	cpol_owed_list_free(list);

	list = owed_lost("2024-05-19", 0);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].person_id, p2);
	ck_assert_int_eq(list->items[0].days_overdue, 7);
	cpol_owed_list_free(list);

	list = owed_lost("2024-05-18", A);
	ck_assert_uint_eq(list->count, 0);
	cpol_owed_list_free(list);
}
END_TEST

/* The owed view of the given kinds on a day, for the office or one officer. */
static cpol_owed_list *owed_kinds(const char *on, int horizon, cpol_id officer, unsigned int kinds,
                                  const cpol_rules *r)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *list = NULL;
	q.office_id = office;
	q.officer_id = officer;
	q.on = D(on);
	q.horizon_days = horizon;
	q.kinds = kinds;
	ck_assert_ok(cpol_owed_list_get(&list, db, r, &q));
	return list;
}

/* How many items owed_kinds() lists. */
static size_t owed_count(const char *on, int horizon, cpol_id officer, unsigned int kinds, const cpol_rules *r)
{
	cpol_owed_list *list = owed_kinds(on, horizon, officer, kinds, r);
	size_t n = list->count;
	cpol_owed_list_free(list);
	return n;
}

/* A household visit by A at a house on a day. */
static void household_visit(cpol_id h, const char *on)
{
	cpol_visit_new v = CPOL_VISIT_NEW_INIT;
	v.office_id = office;
	v.officer_id = A;
	v.on = D(on);
	v.kind = CPOL_VISIT_HOUSEHOLD;
	v.house_id = h;
	ck_assert_ok(cpol_visit_add(NULL, db, &v));
}

/*
 * 每户一卡 in the owed view (kind contact_card). National: contact_card
 * true, household_cadence year. The card is handed out at the household
 * visit, so a household without one owes it by the day its next visit is
 * due: never visited, the last working day of the year its earliest
 * residence began in; visited, the last working day of the year after.
 *   h1: 张伟 from 2024-01-01, card issued 2024-02-01: never listed after.
 *   h2: 周丽 and 王芳 from 2024-03-01, no card, no visit: due Tuesday
 *       2024-12-31 (a working day: 2025's New Year holiday is 1 January alone).
 *   h3: 李强 from 2024-02-01, visited on 2024-06-01 without a card: due at
 *       the next visit, 2025-12-31 (Wednesday, a working day).
 * On 2024-12-20 a horizon of 10 days reaches 12-30, one short of h2's due
 * day: nothing; 11 days reaches 12-31: h2, 11 days ahead. On 2025-01-06 h2
 * is 6 days overdue and h3 not listed; with the widest horizon (366 days,
 * to 2026-01-07) h3 too, due 2025-12-31. A card issued to h2 on 01-07 ends
 * it that day. An officer's view and a region without cards list none.
 */
START_TEST(a_household_without_a_card_owes_it_by_its_next_visit)
{
	cpol_contact_card_new c = CPOL_CONTACT_CARD_NEW_INIT;
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *nocards = NULL;
	unsigned int k = 1u << CPOL_OWED_CONTACT_CARD;
	cpol_owed_list *list;

	resident("110105199003071239", "张伟", h1, "permanent", "2024-01-01");
	resident("320102198506150022", "周丽", h2, "permanent", "2024-03-01");
	resident("11010519491231002X", "王芳", h2, "permanent", "2024-03-01");
	resident("440524188001010014", "李强", h3, "permanent", "2024-02-01");
	household_visit(h3, "2024-06-01");
	c.office_id = office;
	c.house_id = h1;
	c.issued_on = D("2024-02-01");
	ck_assert_ok(cpol_contact_card_add(NULL, db, &c));

	ck_assert_uint_eq(owed_count("2024-12-20", 10, 0, k, NULL), 0);

	list = owed_kinds("2024-12-20", 11, 0, k, NULL);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].kind, CPOL_OWED_CONTACT_CARD);
	ck_assert_str_eq(cpol_owed_kind_name(list->items[0].kind), "contact_card");
	ck_assert_int_eq(list->items[0].subject_id, h2);
	ck_assert_int_eq(list->items[0].house_id, h2);
	ck_assert_int_eq(list->items[0].person_id, 0);
	ck_assert_int_eq(list->items[0].officer_id, 0);
	assert_date(list->items[0].due, "2024-12-31");
	assert_date(list->items[0].last_done, "2024-03-01");
	ck_assert_int_eq(list->items[0].days_overdue, -11);
	ck_assert_int_eq(list->items[0].overdue, 0);
	ck_assert_str_eq(list->items[0].rule_key, "visits.contact_card");
	ck_assert_str_eq(list->items[0].rule_file, "<built-in>/national.yaml");
	cpol_owed_list_free(list);

	list = owed_kinds("2025-01-06", 7, 0, k, NULL);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].house_id, h2);
	ck_assert_int_eq(list->items[0].days_overdue, 6);
	ck_assert_int_eq(list->items[0].overdue, 1);
	ck_assert_uint_eq(list->by_kind[CPOL_OWED_CONTACT_CARD], 1);
	cpol_owed_list_free(list);

	list = owed_kinds("2025-01-06", 366, 0, k, NULL);
	ck_assert_uint_eq(list->count, 2);
	ck_assert_int_eq(list->items[0].house_id, h2);
	ck_assert_int_eq(list->items[1].house_id, h3);
	assert_date(list->items[1].due, "2025-12-31");
	assert_date(list->items[1].last_done, "2024-02-01");
	cpol_owed_list_free(list);

	ck_assert_uint_eq(owed_count("2025-01-06", 7, A, k, NULL), 0);

	ro.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&nocards, NO_CARDS, &ro));
	ck_assert_uint_eq(owed_count("2025-01-06", 7, 0, k, nocards), 0);
	/* Without cards the household visits are still owed: h1 and h2, never
	 * visited, since 2024 (due 2024-12-31); h3 visited on 2024-06-01 (due
	 * 2025-12-31) is not. */
	ck_assert_uint_eq(owed_count("2025-01-06", 7, 0, 1u << CPOL_OWED_HOUSEHOLD, nocards), 2);
	cpol_rules_free(nocards);

	c.house_id = h2;
	c.issued_on = D("2025-01-07");
	ck_assert_ok(cpol_contact_card_add(NULL, db, &c));
	ck_assert_uint_eq(owed_count("2025-01-06", 7, 0, k, NULL), 1);
	ck_assert_uint_eq(owed_count("2025-01-07", 7, 0, k, NULL), 0);
}
END_TEST

/*
 * One definition of a household for the card (每户一卡): people living in
 * the house on the day, as cpol_uncarded_iter_new() and the owed view both
 * read it. Where the two used to differ: a move-out recorded ahead. 张伟
 * lives at h1 from 2024-01-01, his last day there recorded as 2024-12-31;
 * 周丽 at h2 from 2024-03-01; no cards; national rules (household visits
 * yearly, so a never-visited household owes its card by 2024-12-31).
 *   2024-12-20, horizon 11 (to 12-31): h1 still lived in (its last day is
 *     ahead) and h2: both list h1 (since 01-01) and h2 (since 03-01), due
 *     12-31, 11 days ahead. (The owed view used to leave h1 out: its
 *     residence was no longer open.)
 *   2024-12-31, h1's last day: both still list h1.
 *   2025-01-01: h1 is empty; both list h2 alone, 1 day overdue.
 */
START_TEST(a_household_is_the_people_living_there_on_the_day_for_both_card_views)
{
	unsigned int k = 1u << CPOL_OWED_CONTACT_CARD;
	static const char *const days[] = { "2024-12-20", "2024-12-31", "2025-01-01" };
	static const int h1_listed[] = { 1, 1, 0 };
	cpol_uncarded_iter *it = NULL;
	const cpol_uncarded *u;
	cpol_owed_list *list;
	cpol_id zhang;
	int i;

	zhang = resident("110105199003071239", "张伟", h1, "permanent", "2024-01-01");
	resident("320102198506150022", "周丽", h2, "permanent", "2024-03-01");
	ck_assert_ok(cpol_person_move_out(db, zhang, D("2024-12-31"), "搬离"));

	for (i = 0; i < 3; i++) {
		size_t n = 0;

		ck_assert_ok(cpol_uncarded_iter_new(&it, db, rules, office, D(days[i])));
		if (h1_listed[i]) {
			ck_assert_ok(cpol_uncarded_iter_next(&u, it));
			ck_assert_int_eq(u->house_id, h1);
			ck_assert_int_eq(u->residents, 1);
			assert_date(u->since, "2024-01-01");
		}
		ck_assert_ok(cpol_uncarded_iter_next(&u, it));
		ck_assert_int_eq(u->house_id, h2);
		assert_date(u->since, "2024-03-01");
		ck_assert_int_eq(cpol_uncarded_iter_next(&u, it), CPOL_ITEROVER);
		cpol_uncarded_iter_free(it);

		list = owed_kinds(days[i], 11, 0, k, NULL);
		ck_assert_uint_eq(list->count, (size_t)(1 + h1_listed[i]));
		if (h1_listed[i]) {
			ck_assert_int_eq(list->items[n].house_id, h1);
			assert_date(list->items[n].due, "2024-12-31");
			assert_date(list->items[n].last_done, "2024-01-01");
			n++;
		}
		ck_assert_int_eq(list->items[n].house_id, h2);
		assert_date(list->items[n].due, "2024-12-31");
		assert_date(list->items[n].last_done, "2024-03-01");
		ck_assert_int_eq(list->items[n].days_overdue, (int)(D(days[i]) - D("2024-12-31")));
		cpol_owed_list_free(list);
	}
	/* The household visits follow the same households: on 2024-12-20 h1
	 * and h2 owe their yearly visit (due 12-31). */
	ck_assert_uint_eq(owed_count("2024-12-20", 11, 0, 1u << CPOL_OWED_HOUSEHOLD, NULL), 2);
	ck_assert_uint_eq(owed_count("2025-01-01", 11, 0, 1u << CPOL_OWED_HOUSEHOLD, NULL), 1);
}
END_TEST

/*
 * 核查 in the owed view (kind verify). The test region gives floating
 * residents a monthly check (patroltest.yaml line 8); the view lists a
 * monthly check all the month it is due in, like a key person's
 * assessment. 刘强 floating at h2 from Friday 2024-03-15:
 *   03-14: nothing (not living there yet).
 *   03-15: owed in March, by its last working day, Friday 03-29 (30 and 31
 *          are a weekend): 14 days ahead, listed with horizon 0.
 *   04-01: never checked: 3 days overdue.
 *   a household visit at h2 on 03-28 counts as the check: on 04-01 the next
 *          is April's, due Tuesday 04-30 (a working day; 28 April is a
 *          make-up day, 1-5 May the holiday), 29 days ahead.
 *   lost on 05-06: no verify item that day (the lost item stands instead).
 * 张伟 (permanent: no verify cadence) is never listed; nor is anything in an
 * officer's view.
 */
START_TEST(a_resident_owed_a_check_is_listed_all_the_month_it_is_due)
{
	unsigned int k = 1u << CPOL_OWED_VERIFY;
	cpol_owed_list *list;
	cpol_id p;

	p = resident("110105199003071239", "刘强", h2, "floating", "2024-03-15");
	resident("320102198506150022", "张伟", h1, "permanent", "2020-01-01");

	ck_assert_uint_eq(owed_count("2024-03-14", 0, 0, k, rules), 0);

	list = owed_kinds("2024-03-15", 0, 0, k, rules);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].kind, CPOL_OWED_VERIFY);
	ck_assert_str_eq(cpol_owed_kind_name(list->items[0].kind), "verify");
	ck_assert_int_eq(list->items[0].subject_id, p);
	ck_assert_int_eq(list->items[0].person_id, p);
	ck_assert_int_eq(list->items[0].house_id, h2);
	ck_assert_str_eq(list->items[0].subject, "刘强");
	assert_date(list->items[0].due, "2024-03-29");
	assert_date(list->items[0].last_done, "2024-03-15");
	ck_assert_int_eq(list->items[0].days_overdue, -14);
	ck_assert_int_eq(list->items[0].overdue, 0);
	ck_assert_str_eq(list->items[0].rule_key, "population.residence_types[floating].verify");
	ck_assert_str_eq(list->items[0].rule_file, "patroltest.yaml");
	ck_assert_int_eq(list->items[0].rule_line, 8);
	cpol_owed_list_free(list);

	list = owed_kinds("2024-04-01", 0, 0, k, rules);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].days_overdue, 3);
	ck_assert_int_eq(list->items[0].overdue, 1);
	cpol_owed_list_free(list);

	ck_assert_uint_eq(owed_count("2024-04-01", 0, A, k, rules), 0);

	household_visit(h2, "2024-03-28");
	list = owed_kinds("2024-04-01", 0, 0, k, rules);
	ck_assert_uint_eq(list->count, 1);
	assert_date(list->items[0].due, "2024-04-30");
	assert_date(list->items[0].last_done, "2024-03-28");
	ck_assert_int_eq(list->items[0].days_overdue, -29);
	cpol_owed_list_free(list);

	(void)lose(p, "2024-05-06");
	list = owed_kinds("2024-05-06", 0, 0, k | (1u << CPOL_OWED_LOST), rules);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].kind, CPOL_OWED_LOST);
	cpol_owed_list_free(list);
}
END_TEST

/*
 * Every resident owed a check is listed, not only the first: 刘强 at h2
 * and 张伟 at h1, both floating from Friday 2024-03-15, are each owed
 * March's check by Friday 03-29: two verify items on 03-15.
 */
START_TEST(every_resident_owed_a_check_is_listed)
{
	unsigned int k = 1u << CPOL_OWED_VERIFY;
	cpol_owed_list *list;
	size_t i;

	resident("110105199003071239", "刘强", h2, "floating", "2024-03-15");
	resident("320102198506150022", "张伟", h1, "floating", "2024-03-15");
	list = owed_kinds("2024-03-15", 0, 0, k, rules);
	ck_assert_uint_eq(list->count, 2);
	for (i = 0; i < list->count; i++) {
		ck_assert_int_eq(list->items[i].kind, CPOL_OWED_VERIFY);
		assert_date(list->items[i].due, "2024-03-29");
	}
	cpol_owed_list_free(list);
}
END_TEST

/*
 * Night patrols (national: 2 a week) and publicity (the test region: 2 a
 * month) short in the view, per officer, owed by the period's last working
 * day (2024 calendar):
 *   week 1-7 April: 4-6 April are the Qingming holiday and Sunday 7 April a
 *     make-up working day, so the week's quota is due Sunday 04-07.
 *     王建国 (A) led night patrols on 04-01 (22:00-02:00) and 04-07
 *     (21:00-23:00): 2, met. His 04-03 patrol was by day. 李明 (B): none,
 *     short by 2. On 04-03 with horizon 7 (to 04-10): B's night patrols only
 *     (April's publicity is due 04-30, beyond the horizon).
 *   week 22-28 April: Sunday 28 April is a make-up working day, so due
 *     04-28; nobody patrolled. April's publicity is due Tuesday 04-30: A
 *     held one (04-30 itself), B none. On 04-25 with horizon 7 (to 05-02):
 *     A's and B's night patrols (04-28), then A's and B's publicity (04-30),
 *     by due day, kind, officer.
 *   赵强 (C) belongs to the other office: never listed. A's own view: his two.
 */
START_TEST(patrol_and_publicity_quotas_short_are_owed_by_the_periods_last_working_day)
{
	unsigned int k = (1u << CPOL_OWED_NIGHT_PATROLS) | (1u << CPOL_OWED_PUBLICITY);
	cpol_owed_list *list;

	patrol(A, "2024-04-01", 22 * 60, 2 * 60);
	patrol(A, "2024-04-03", 9 * 60, 11 * 60);
	patrol(A, "2024-04-07", 21 * 60, 23 * 60);
	patrol(C, "2024-04-02", 22 * 60, 23 * 60);
	publicity(A, "2024-04-30", CPOL_PREVENT_THEFT);

	/* With an office item asked for too (a person lost since Monday 04-01,
	 * 2 days over): both are listed, the lost person first by due day. */
	(void)lose(resident("110105199003071239", "张伟", h1, "floating", "2024-01-01"), "2024-04-01");
	list = owed_kinds("2024-04-03", 7, 0, k | (1u << CPOL_OWED_LOST), rules);
	ck_assert_uint_eq(list->count, 2);
	ck_assert_int_eq(list->items[0].kind, CPOL_OWED_LOST);
	ck_assert_int_eq(list->items[0].days_overdue, 2);
	ck_assert_int_eq(list->items[1].kind, CPOL_OWED_NIGHT_PATROLS);
	cpol_owed_list_free(list);

	list = owed_kinds("2024-04-03", 7, 0, k, rules);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].kind, CPOL_OWED_NIGHT_PATROLS);
	ck_assert_str_eq(cpol_owed_kind_name(list->items[0].kind), "night_patrols");
	ck_assert_int_eq(list->items[0].officer_id, B);
	ck_assert_int_eq(list->items[0].subject_id, B);
	ck_assert_str_eq(list->items[0].subject, "李明");
	assert_date(list->items[0].due, "2024-04-07");
	ck_assert_int_eq(list->items[0].days_overdue, -4);
	ck_assert_int_eq(list->items[0].done, 0);
	ck_assert_int_eq(list->items[0].target, 2);
	ck_assert_str_eq(list->items[0].rule_key, "duty.night_patrols_per_week");
	ck_assert_str_eq(list->items[0].rule_file, "<built-in>/national.yaml");
	ck_assert_int_gt(list->items[0].rule_line, 0);
	cpol_owed_list_free(list);

	list = owed_kinds("2024-04-25", 7, 0, k, rules);
	ck_assert_uint_eq(list->count, 4);
	ck_assert_int_eq(list->items[0].kind, CPOL_OWED_NIGHT_PATROLS);
	ck_assert_int_eq(list->items[0].officer_id, A);
	assert_date(list->items[0].due, "2024-04-28");
	ck_assert_int_eq(list->items[1].kind, CPOL_OWED_NIGHT_PATROLS);
	ck_assert_int_eq(list->items[1].officer_id, B);
	ck_assert_int_eq(list->items[2].kind, CPOL_OWED_PUBLICITY);
	ck_assert_str_eq(cpol_owed_kind_name(list->items[2].kind), "publicity");
	ck_assert_int_eq(list->items[2].officer_id, A);
	assert_date(list->items[2].due, "2024-04-30");
	ck_assert_int_eq(list->items[2].done, 1);
	ck_assert_int_eq(list->items[2].target, 2);
	ck_assert_str_eq(list->items[2].rule_key, "visits.publicity_per_month");
	ck_assert_str_eq(list->items[2].rule_file, "patroltest.yaml");
	ck_assert_int_eq(list->items[2].rule_line, 4);
	ck_assert_int_eq(list->items[3].officer_id, B);
	ck_assert_int_eq(list->items[3].done, 0);
	ck_assert_uint_eq(list->by_kind[CPOL_OWED_NIGHT_PATROLS], 2);
	ck_assert_uint_eq(list->by_kind[CPOL_OWED_PUBLICITY], 2);
	cpol_owed_list_free(list);

	list = owed_kinds("2024-04-25", 7, A, k, rules);
	ck_assert_uint_eq(list->count, 2);
	ck_assert_int_eq(list->items[0].officer_id, A);
	ck_assert_int_eq(list->items[1].officer_id, A);
	cpol_owed_list_free(list);
}
END_TEST

/*
 * Dated rules in the owed view: a region raises the weekly home-visit quota
 * from 1 to 2 on 2026-01-01. The rules are loaded today (so they stand on
 * 2026 or later: 2), yet the view judges each day by the values in force on
 * it. The week of Monday 2025-12-29 holds the New Year holiday (1-3
 * January 2026) and ends on Sunday 4 January, a make-up working day: its
 * quota is owed by 01-04. 王建国 (A) made one household visit on 12-30,
 * 李明 (B) none.
 *   asked on 2025-12-31 (quota 1): A has met it; B owes 0 of 1 by 01-04.
 *   asked on 2026-01-02 (quota 2): A owes 1 of 2, B 0 of 2, both by 01-04.
 */
START_TEST(the_owed_view_judges_a_day_by_the_values_in_force_on_it)
{
	static const char DATED[] =
		"region: datedtest\n"
		"extends: national\n"
		"visits:\n"
		"  households_per_week:\n"
		"    - {value: 1, until: 2025-12-31}\n"
		"    - {value: 2, from: 2026-01-01}\n";
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	unsigned int k = 1u << CPOL_OWED_HOUSEHOLD_VISITS;
	cpol_rules *dated = NULL;
	cpol_owed_list *list;

	ro.name = "datedtest.yaml";
	ro.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&dated, DATED, &ro));
	household_visit(h1, "2025-12-30");

	list = owed_kinds("2025-12-31", 7, 0, k, dated);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].officer_id, B);
	assert_date(list->items[0].due, "2026-01-04");
	ck_assert_int_eq(list->items[0].done, 0);
	ck_assert_int_eq(list->items[0].target, 1);
	ck_assert_str_eq(list->items[0].rule_file, "datedtest.yaml");
	ck_assert_int_eq(list->items[0].rule_line, 5);
	cpol_owed_list_free(list);

	list = owed_kinds("2026-01-02", 7, 0, k, dated);
	ck_assert_uint_eq(list->count, 2);
	ck_assert_int_eq(list->items[0].officer_id, A);
	assert_date(list->items[0].due, "2026-01-04");
	ck_assert_int_eq(list->items[0].done, 1);
	ck_assert_int_eq(list->items[0].target, 2);
	ck_assert_int_eq(list->items[0].rule_line, 6);
	ck_assert_int_eq(list->items[1].officer_id, B);
	ck_assert_int_eq(list->items[1].target, 2);
	cpol_owed_list_free(list);
	cpol_rules_free(dated);
}
END_TEST

#include "test_patrol.list"

int main(void)
{
	return testutil_main_list("patrol", setup, teardown, testutil_tests());
}

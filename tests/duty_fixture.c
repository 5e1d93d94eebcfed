/*
 * A helper of tests/cli_duty.sh: makes, through the public API, a database
 * with two offices of the ab_office region for `commpolice roster`.
 *
 *   duty_fixture DB
 *
 * prints "OFFICE DEDICATED OVER": the id of an office whose staff can meet
 * every hard rule in May 2024 (three officers, one of them a dedicated
 * community officer, and three auxiliaries, one on leave 6-8 May, with a
 * preference), the staff id of its dedicated officer, and the id of an
 * office where an officer has 17 days of concentrated training in 2024
 * (12 in March, 5 in May), over the yearly 15.
 *
 *   duty_fixture DB --sick STAFF_ID DATE
 *
 * records a new sick day of a staff member (for `roster repair`).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "commpolice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "duty_fixture";

static void check(int rc, const char *what)
{
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, what, cpol_error_last()->message);
		exit(1);
	}
}

static cpol_date day(int y, int m, int d)
{
	cpol_date x = CPOL_DATE_NONE;
	check(cpol_date_from_ymd(&x, y, m, d), "date");
	return x;
}

static cpol_id staff(cpol_db *db, cpol_id office, const char *name, const char *badge, int dedicated)
{
	cpol_staff_new s = CPOL_STAFF_NEW_INIT;
	cpol_id id = 0;
	s.office_id = office;
	s.name = name;
	s.badge = badge;
	s.kind = badge ? CPOL_STAFF_OFFICER : CPOL_STAFF_AUXILIARY;
	s.dedicated_community = dedicated;
	s.active_from = day(2024, 1, 1);
	check(cpol_staff_add(&id, db, &s), name);
	return id;
}

static cpol_id office(cpol_db *db, cpol_id station, const char *name)
{
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_id id = 0;
	o.station_id = station;
	o.name = name;
	check(cpol_office_add(&id, db, &o), name);
	return id;
}

int main(int argc, char **argv)
{
	cpol_db *db = NULL;
	cpol_id region, station, ok, over, dedicated, aux, officer;
	cpol_duty_preference pref = CPOL_DUTY_PREFERENCE_INIT;

	if (argc == 5 && !strcmp(argv[2], "--sick")) {
		/* duty_fixture DB --sick STAFF_ID DATE: a new sick day, for `roster repair`. */
		cpol_date d = CPOL_DATE_NONE;
		check(cpol_db_open(&db, argv[1], NULL), argv[1]);
		check(cpol_date_parse(&d, argv[4]), argv[4]);
		check(cpol_duty_away_add(NULL, db, strtoll(argv[3], NULL, 10), CPOL_DUTY_AWAY_SICK, d, d, "病假"), "sick");
		cpol_db_close(db);
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: %s DB | %s DB --sick STAFF_ID DATE\n", prog, prog);
		return 2;
	}
	check(cpol_db_open(&db, argv[1], NULL), argv[1]);
	check(cpol_db_begin(db), "begin");
	check(cpol_region_add(&region, db, "ab_office", "A/B 岗警务室"), "region");
	check(cpol_station_add(&station, db, region, "城东派出所", NULL), "station");

	ok = office(db, station, "城东社区警务室");
	officer = staff(db, ok, "张伟", "010001", 0);
	dedicated = staff(db, ok, "李娜", "010002", 1);
	staff(db, ok, "王芳", "010003", 0);
	aux = staff(db, ok, "王强", NULL, 0);
	staff(db, ok, "赵磊", NULL, 0);
	staff(db, ok, "黄敏", NULL, 0);
	check(cpol_duty_away_add(NULL, db, aux, CPOL_DUTY_AWAY_LEAVE, day(2024, 5, 6), day(2024, 5, 8), "年休假"),
	      "leave");
	/* 张伟 would rather not do Friday nights. */
	pref.shift = "night";
	pref.weekdays = 1u << 5;
	pref.weight = 2;
	check(cpol_duty_preference_add(NULL, db, officer, &pref), "preference");

	over = office(db, station, "城西社区警务室");
	officer = staff(db, over, "刘洋", "020001", 0);
	staff(db, over, "陈杰", "020002", 0);
	staff(db, over, "杨静", NULL, 0);
	staff(db, over, "周涛", NULL, 0);
	staff(db, over, "吴霞", NULL, 0);
	check(cpol_duty_away_add(NULL, db, officer, CPOL_DUTY_AWAY_TRAINING, day(2024, 3, 4), day(2024, 3, 15),
	                         "集中培训"), "training");
	check(cpol_duty_away_add(NULL, db, officer, CPOL_DUTY_AWAY_TRAINING, day(2024, 5, 20), day(2024, 5, 24),
	                         "集中培训"), "training");

	check(cpol_db_commit(db), "commit");
	cpol_db_close(db);
	printf("%lld %lld %lld\n", (long long)ok, (long long)dedicated, (long long)over);
	return 0;
}

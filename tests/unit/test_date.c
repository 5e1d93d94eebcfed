/* Civil dates, on values worked out by hand from a calendar. */
#include "testutil.h"

static cpol_date D(const char *s)
{
	cpol_date d;
	ck_assert_msg(cpol_date_parse(&d, s) == 0, "parse %s: %s", s, cpol_error_last()->message);
	return d;
}

static void assert_date(cpol_date d, const char *want)
{
	char buf[CPOL_DATE_BUFSZ];
	ck_assert_str_eq(cpol_date_format(buf, d), want);
}

START_TEST(epoch_and_known_days)
{
	ck_assert_int_eq(D("1970-01-01"), 0);
	ck_assert_int_eq(D("1970-01-02"), 1);
	ck_assert_int_eq(D("1969-12-31"), -1);
	/* 2000-01-01 is 10957 days after the epoch (30 years, 7 leap days). */
	ck_assert_int_eq(D("2000-01-01"), 10957);
	assert_date(10957, "2000-01-01");
	assert_date(D("2024-02-29"), "2024-02-29");
}
END_TEST

START_TEST(impossible_dates_are_refused)
{
	cpol_date d;
	ck_assert_fails(cpol_date_parse(&d, "2023-02-29"), CPOL_EINVAL);
	ck_assert_fails(cpol_date_parse(&d, "2024-02-30"), CPOL_EINVAL);
	ck_assert_fails(cpol_date_parse(&d, "1900-02-29"), CPOL_EINVAL); /* century, not leap */
	ck_assert_ok(cpol_date_parse(&d, "2000-02-29"));                  /* 400-year, leap */
	ck_assert_fails(cpol_date_parse(&d, "2024-13-01"), CPOL_EINVAL);
	ck_assert_fails(cpol_date_parse(&d, "2024-04-31"), CPOL_EINVAL);
	ck_assert_fails(cpol_date_parse(&d, "2024-4-1"), CPOL_EINVAL);
	ck_assert_fails(cpol_date_parse(&d, "20240401"), CPOL_EINVAL);
	ck_assert_fails(cpol_date_parse(&d, NULL), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "YYYY-MM-DD"));
}
END_TEST

START_TEST(weekdays)
{
	ck_assert_int_eq(cpol_date_weekday(D("1970-01-01")), 4); /* Thursday */
	ck_assert_int_eq(cpol_date_weekday(D("2026-11-22")), 7); /* Sunday */
	ck_assert_int_eq(cpol_date_weekday(D("2024-02-29")), 4); /* Thursday */
	ck_assert_int_eq(cpol_date_weekday(D("1969-12-29")), 1); /* Monday, before the epoch */
	assert_date(cpol_date_week_start(D("2026-11-22")), "2026-11-16");
	assert_date(cpol_date_week_start(D("2026-11-16")), "2026-11-16");
}
END_TEST

START_TEST(month_arithmetic_clamps)
{
	assert_date(cpol_date_add_months(D("2024-01-31"), 1), "2024-02-29");
	assert_date(cpol_date_add_months(D("2023-01-31"), 1), "2023-02-28");
	assert_date(cpol_date_add_months(D("2024-12-15"), 1), "2025-01-15");
	assert_date(cpol_date_add_months(D("2024-03-31"), -1), "2024-02-29");
	assert_date(cpol_date_add_months(D("2024-02-29"), 12), "2025-02-28");
	assert_date(cpol_date_add_months(D("2024-11-30"), 3), "2025-02-28");
	assert_date(cpol_date_month_start(D("2024-02-29")), "2024-02-01");
	assert_date(cpol_date_quarter_start(D("2024-06-30")), "2024-04-01");
	assert_date(cpol_date_quarter_start(D("2024-12-31")), "2024-10-01");
	assert_date(cpol_date_half_year_start(D("2024-06-30")), "2024-01-01");
	assert_date(cpol_date_half_year_start(D("2024-07-01")), "2024-07-01");
	ck_assert_int_eq(cpol_date_days_in_month(2024, 2), 29);
	ck_assert_int_eq(cpol_date_days_in_month(2100, 2), 28);
	ck_assert_int_eq(cpol_date_days_in_month(2024, 13), 0);
}
END_TEST

START_TEST(from_epoch_uses_offset)
{
	/* 2026-11-22T20:00:00Z is already the 23rd in Beijing (UTC+8). */
	int64_t t = (int64_t)D("2026-11-22") * 86400 + 20 * 3600;
	assert_date(cpol_date_from_epoch(t, 0), "2026-11-22");
	assert_date(cpol_date_from_epoch(t, 480), "2026-11-23");
	assert_date(cpol_date_from_epoch(-1, 0), "1969-12-31");
}
END_TEST

START_TEST(round_trip_over_four_centuries)
{
	cpol_date d, start = D("1900-01-01"), end = D("2300-12-31");
	int y, m, dd;
	for (d = start; d <= end; d++) {
		cpol_date back;
		cpol_date_to_ymd(d, &y, &m, &dd);
		ck_assert_int_eq(cpol_date_from_ymd(&back, y, m, dd), 0);
		ck_assert_int_eq(back, d);
	}
}
END_TEST

static void assert_lunar(const char *solar, int year, int month, int day, int leap)
{
	cpol_lunar_date l;
	cpol_date back;
	ck_assert_ok(cpol_date_to_lunar(&l, D(solar)));
	ck_assert_msg(l.year == year && l.month == month && l.day == day && l.leap == leap,
	              "%s: lunar %d-%s%d-%d, want %d-%s%d-%d", solar, l.year, l.leap ? "leap " : "",
	              l.month, l.day, year, leap ? "leap " : "", month, day);
	ck_assert_ok(cpol_date_from_lunar(&back, &l));
	assert_date(back, solar);
}

/*
 * Lunar dates from the published calendar (万年历): 除夕 of lunar 2026 is the
 * 29th of a 29-day 腊月, 2027-02-05; 正月初一 2027-02-06; 端午 (5-5) and 中秋
 * (8-15) of 2027; the leap second month of 2023 (闰二月初一 2023-03-22).
 */
START_TEST(lunar_dates_of_the_festivals)
{
	assert_lunar("2027-02-05", 2026, 12, 29, 0);
	assert_lunar("2027-02-06", 2027, 1, 1, 0);
	assert_lunar("2027-06-09", 2027, 5, 5, 0);
	assert_lunar("2027-09-15", 2027, 8, 15, 0);
	assert_lunar("2026-02-16", 2025, 12, 29, 0); /* 除夕 2026 */
	assert_lunar("2026-02-15", 2025, 12, 28, 0); /* 腊月二十八, first day off in 2026 */
	assert_lunar("2023-03-21", 2023, 2, 30, 0);  /* the last day of 二月 ... */
	assert_lunar("2023-03-22", 2023, 2, 1, 1);   /* ... and 闰二月初一 */
	assert_lunar("2023-04-20", 2023, 3, 1, 0);
}
END_TEST

START_TEST(lunar_range_edges)
{
	cpol_lunar_date l;
	cpol_date d;
	assert_lunar("1901-02-19", 1901, 1, 1, 0);
	ck_assert_fails(cpol_date_to_lunar(&l, D("1901-02-18")), CPOL_EINVAL);
	assert_lunar("2100-02-08", 2099, 12, 30, 0);
	ck_assert_fails(cpol_date_to_lunar(&l, D("2100-02-09")), CPOL_EINVAL);
	ck_assert_fails(cpol_date_to_lunar(NULL, D("2024-01-01")), CPOL_EINVAL);
	l = (cpol_lunar_date){ 2026, 12, 30, 0 }; /* 腊月 of lunar 2026 has 29 days */
	ck_assert_fails(cpol_date_from_lunar(&d, &l), CPOL_EINVAL);
	l = (cpol_lunar_date){ 2023, 3, 1, 1 };   /* 2023 has no 闰三月 */
	ck_assert_fails(cpol_date_from_lunar(&d, &l), CPOL_EINVAL);
	l = (cpol_lunar_date){ 2023, 13, 1, 0 };
	ck_assert_fails(cpol_date_from_lunar(&d, &l), CPOL_EINVAL);
	l = (cpol_lunar_date){ 2100, 1, 1, 0 };
	ck_assert_fails(cpol_date_from_lunar(&d, &l), CPOL_EINVAL);
	l = (cpol_lunar_date){ 2023, 2, 30, 1 };  /* 闰二月 2023 has 29 days */
	ck_assert_fails(cpol_date_from_lunar(&d, &l), CPOL_EINVAL);
}
END_TEST

/* 清明: April 5 in 2027 and 2026, April 4 in 2024 and 2028 (the fraction of
 * the day creeps back in leap years); 2071 is the year the closed formula
 * gets wrong by a day (its term falls just before midnight). */
START_TEST(qingming_solar_term)
{
	cpol_date d;
	ck_assert_ok(cpol_date_qingming(&d, 2027));
	assert_date(d, "2027-04-05");
	ck_assert_ok(cpol_date_qingming(&d, 2026));
	assert_date(d, "2026-04-05");
	ck_assert_ok(cpol_date_qingming(&d, 2024));
	assert_date(d, "2024-04-04");
	ck_assert_ok(cpol_date_qingming(&d, 2028));
	assert_date(d, "2028-04-04");
	ck_assert_ok(cpol_date_qingming(&d, 2071));
	assert_date(d, "2071-04-04");
	ck_assert_fails(cpol_date_qingming(&d, 1900), CPOL_EINVAL);
	ck_assert_fails(cpol_date_qingming(&d, 2100), CPOL_EINVAL);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		epoch_and_known_days,
		impossible_dates_are_refused,
		weekdays,
		month_arithmetic_clamps,
		from_epoch_uses_offset,
		round_trip_over_four_centuries,
		lunar_dates_of_the_festivals,
		lunar_range_edges,
		qingming_solar_term,
		NULL
	};

	return testutil_main("date", NULL, NULL, tests);
}

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

static void assert_refused(const char *text)
{
	cpol_date d;
	ck_assert_msg(cpol_date_parse(&d, text) == CPOL_EINVAL, "'%s' was accepted", text);
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
		cpol_date_split(&y, &m, &dd, d);
		ck_assert_int_eq(cpol_date_from_ymd(&back, y, m, dd), 0);
		ck_assert_int_eq(back, d);
	}
}
END_TEST

/* area: leap_years */

START_TEST(a_year_divisible_by_4_is_leap)
{
	ck_assert_int_eq(cpol_date_is_leap_year(2024), 1);
	ck_assert_int_eq(cpol_date_is_leap_year(2028), 1);
}
END_TEST

START_TEST(a_year_not_divisible_by_4_is_not_leap)
{
	ck_assert_int_eq(cpol_date_is_leap_year(2023), 0);
	ck_assert_int_eq(cpol_date_is_leap_year(2025), 0);
	ck_assert_int_eq(cpol_date_is_leap_year(2026), 0);
}
END_TEST

START_TEST(a_century_is_not_leap)
{
	ck_assert_int_eq(cpol_date_is_leap_year(2100), 0);
	ck_assert_int_eq(cpol_date_is_leap_year(1900), 0);
}
END_TEST

START_TEST(a_fourth_century_is_leap)
{
	ck_assert_int_eq(cpol_date_is_leap_year(2000), 1);
	ck_assert_int_eq(cpol_date_is_leap_year(2400), 1);
}
END_TEST

START_TEST(february_29_exists_only_in_leap_years)
{
	assert_date(D("2024-02-29"), "2024-02-29");
	assert_date(D("2000-02-29"), "2000-02-29");
	assert_refused("2023-02-29");
	assert_refused("2100-02-29");
}
END_TEST

/* area: month_lengths */

START_TEST(each_month_of_a_common_year_has_its_length)
{
	static const int want[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m;
	for (m = 1; m <= 12; m++)
		ck_assert_msg(cpol_date_days_in_month(2023, m) == want[m - 1], "2023-%02d has %d days",
		              m, cpol_date_days_in_month(2023, m));
}
END_TEST

START_TEST(february_has_29_days_in_leap_years_only)
{
	ck_assert_int_eq(cpol_date_days_in_month(2024, 2), 29);
	ck_assert_int_eq(cpol_date_days_in_month(2000, 2), 29);
	ck_assert_int_eq(cpol_date_days_in_month(2100, 2), 28);
	ck_assert_int_eq(cpol_date_days_in_month(2023, 2), 28);
	/* Only February grows: January and March of a leap year are 31. */
	ck_assert_int_eq(cpol_date_days_in_month(2024, 1), 31);
	ck_assert_int_eq(cpol_date_days_in_month(2024, 3), 31);
}
END_TEST

START_TEST(months_outside_1_to_12_have_no_days)
{
	ck_assert_int_eq(cpol_date_days_in_month(2024, 0), 0);
	ck_assert_int_eq(cpol_date_days_in_month(2024, 13), 0);
	ck_assert_int_eq(cpol_date_days_in_month(2024, 1), 31);
	ck_assert_int_eq(cpol_date_days_in_month(2024, 12), 31);
}
END_TEST

START_TEST(the_last_day_of_each_month_exists_and_the_next_does_not)
{
	static const int len[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	cpol_date d, next;
	int m;
	for (m = 1; m <= 12; m++) {
		ck_assert_msg(cpol_date_from_ymd(&d, 2024, m, len[m - 1]) == 0, "2024-%02d-%02d", m,
		              len[m - 1]);
		ck_assert_msg(cpol_date_from_ymd(&next, 2024, m, len[m - 1] + 1) == CPOL_EINVAL,
		              "2024-%02d-%02d accepted", m, len[m - 1] + 1);
	}
}
END_TEST

/* area: range */

START_TEST(year_1_is_the_first_year)
{
	cpol_date d;
	ck_assert_ok(cpol_date_from_ymd(&d, 1, 1, 1));
	ck_assert_int_eq(d, -719162); /* 0001-01-01, proleptic Gregorian */
	assert_date(d, "0001-01-01");
	ck_assert_fails(cpol_date_from_ymd(&d, 0, 12, 31), CPOL_EINVAL);
}
END_TEST

START_TEST(year_9999_is_the_last_year)
{
	cpol_date d;
	ck_assert_ok(cpol_date_from_ymd(&d, 9999, 12, 31));
	ck_assert_int_eq(d, 2932896);
	assert_date(d, "9999-12-31");
	ck_assert_fails(cpol_date_from_ymd(&d, 10000, 1, 1), CPOL_EINVAL);
}
END_TEST

START_TEST(month_0_and_month_13_are_refused)
{
	cpol_date d;
	ck_assert_fails(cpol_date_from_ymd(&d, 2024, 0, 1), CPOL_EINVAL);
	ck_assert_fails(cpol_date_from_ymd(&d, 2024, 13, 1), CPOL_EINVAL);
	ck_assert_ok(cpol_date_from_ymd(&d, 2024, 1, 1));
	ck_assert_ok(cpol_date_from_ymd(&d, 2024, 12, 1));
}
END_TEST

START_TEST(day_0_is_refused_and_day_1_accepted)
{
	cpol_date d;
	ck_assert_fails(cpol_date_from_ymd(&d, 2024, 5, 0), CPOL_EINVAL);
	ck_assert_ok(cpol_date_from_ymd(&d, 2024, 5, 1));
	assert_date(d, "2024-05-01");
}
END_TEST

START_TEST(from_ymd_returns_0_and_the_day)
{
	cpol_date d = 0;
	ck_assert_int_eq(cpol_date_from_ymd(&d, 2026, 12, 3), 0);
	assert_date(d, "2026-12-03");
}
END_TEST

/* area: parse */

START_TEST(parse_accepts_every_digit)
{
	assert_date(D("2019-09-09"), "2019-09-09");
	assert_date(D("2000-10-01"), "2000-10-01");
	assert_date(D("1987-06-25"), "1987-06-25");
}
END_TEST

START_TEST(parse_refuses_the_characters_next_to_the_digits)
{
	/* '/' comes just before '0' and ':' just after '9'. */
	assert_refused("2024-0/-01");
	assert_refused("2024-0:-01");
	assert_refused("/024-01-01");
	assert_refused("2024-01-0:");
}
END_TEST

START_TEST(parse_refuses_a_wrong_separator)
{
	assert_refused("2024/01/01");
	assert_refused("2024-01/01");
	assert_refused("2024/01-01");
}
END_TEST

START_TEST(parse_refuses_a_wrong_length)
{
	assert_refused("2024-01-1");
	assert_refused("2024-01-011");
	assert_refused("");
}
END_TEST

START_TEST(parse_names_an_impossible_date)
{
	cpol_date d;
	ck_assert_fails(cpol_date_parse(&d, "2024-06-31"), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "no such date"));
}
END_TEST

START_TEST(parse_returns_0)
{
	cpol_date d;
	ck_assert_int_eq(cpol_date_parse(&d, "2024-06-30"), 0);
	ck_assert_int_eq(d, D("2024-06-01") + 29);
}
END_TEST

/* area: format */

START_TEST(format_pads_every_field_with_zeros)
{
	cpol_date d;
	ck_assert_ok(cpol_date_from_ymd(&d, 1, 2, 3));
	assert_date(d, "0001-02-03");
	ck_assert_ok(cpol_date_from_ymd(&d, 987, 10, 20));
	assert_date(d, "0987-10-20");
	ck_assert_ok(cpol_date_from_ymd(&d, 2024, 11, 30));
	assert_date(d, "2024-11-30");
}
END_TEST

/* area: weekdays */

START_TEST(weekday_of_a_monday_is_1_and_of_a_sunday_7)
{
	ck_assert_int_eq(cpol_date_weekday(D("2024-01-01")), 1);
	ck_assert_int_eq(cpol_date_weekday(D("2023-12-31")), 7);
}
END_TEST

START_TEST(weekday_before_the_epoch)
{
	ck_assert_int_eq(cpol_date_weekday(D("1969-12-31")), 3); /* Wednesday */
	ck_assert_int_eq(cpol_date_weekday(D("1969-12-25")), 4); /* Thursday, a week before the epoch */
	ck_assert_int_eq(cpol_date_weekday(D("1969-12-28")), 7); /* Sunday */
}
END_TEST

START_TEST(week_starts_on_the_monday)
{
	assert_date(cpol_date_week_start(D("2024-03-10")), "2024-03-04"); /* Sunday */
	assert_date(cpol_date_week_start(D("2024-03-11")), "2024-03-11"); /* Monday */
	assert_date(cpol_date_week_start(D("2024-03-12")), "2024-03-11"); /* Tuesday */
}
END_TEST

/* area: periods */

START_TEST(month_start_is_the_first)
{
	assert_date(cpol_date_month_start(D("2024-03-01")), "2024-03-01");
	assert_date(cpol_date_month_start(D("2024-03-31")), "2024-03-01");
}
END_TEST

START_TEST(quarter_starts_at_each_quarter_boundary)
{
	assert_date(cpol_date_quarter_start(D("2024-01-01")), "2024-01-01");
	assert_date(cpol_date_quarter_start(D("2024-03-31")), "2024-01-01");
	assert_date(cpol_date_quarter_start(D("2024-04-01")), "2024-04-01");
	assert_date(cpol_date_quarter_start(D("2024-09-30")), "2024-07-01");
	assert_date(cpol_date_quarter_start(D("2024-10-01")), "2024-10-01");
	assert_date(cpol_date_quarter_start(D("2024-12-31")), "2024-10-01");
}
END_TEST

START_TEST(half_year_starts_on_january_1_and_july_1)
{
	assert_date(cpol_date_half_year_start(D("2024-01-01")), "2024-01-01");
	assert_date(cpol_date_half_year_start(D("2024-06-30")), "2024-01-01");
	assert_date(cpol_date_half_year_start(D("2024-07-01")), "2024-07-01");
	assert_date(cpol_date_half_year_start(D("2024-12-31")), "2024-07-01");
}
END_TEST

START_TEST(add_months_backwards_crosses_the_year)
{
	assert_date(cpol_date_add_months(D("2024-01-15"), -1), "2023-12-15");
	assert_date(cpol_date_add_months(D("2024-03-31"), -1), "2024-02-29");
	assert_date(cpol_date_add_months(D("2024-05-20"), 0), "2024-05-20");
	assert_date(cpol_date_add_months(D("2024-12-31"), 2), "2025-02-28");
}
END_TEST

/* area: epoch */

START_TEST(epoch_seconds_change_day_at_midnight)
{
	assert_date(cpol_date_from_epoch(86399, 0), "1970-01-01");
	assert_date(cpol_date_from_epoch(86400, 0), "1970-01-02");
}
END_TEST

START_TEST(epoch_seconds_before_1970_round_down)
{
	assert_date(cpol_date_from_epoch(-86400, 0), "1969-12-31");
	assert_date(cpol_date_from_epoch(-86401, 0), "1969-12-30");
}
END_TEST

START_TEST(epoch_offset_moves_midnight)
{
	/* UTC+8: local midnight of 1970-01-02 is 16:00 UTC on the 1st (57600 s). */
	assert_date(cpol_date_from_epoch(57599, 480), "1970-01-01");
	assert_date(cpol_date_from_epoch(57600, 480), "1970-01-02");
	/* UTC-5: the epoch itself is still 31 December locally. */
	assert_date(cpol_date_from_epoch(0, -300), "1969-12-31");
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

#include "test_date.list"

int main(void)
{
	return testutil_main_list("date", NULL, NULL, testutil_tests());
}

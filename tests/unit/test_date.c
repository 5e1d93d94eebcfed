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

int main(void)
{
	const TTest *tests[] = {
		epoch_and_known_days,
		impossible_dates_are_refused,
		weekdays,
		month_arithmetic_clamps,
		from_epoch_uses_offset,
		round_trip_over_four_centuries,
		NULL
	};

	return testutil_main("date", NULL, NULL, tests);
}

/*
 * Rule time arithmetic (lib/rules_time.c) at its boundaries: durations,
 * cadences and their periods, the next due day, working, market and
 * reception days. Each comparison in the code has a test on each side of
 * it: the day before, of and after; the count below, at and above a limit.
 * Expected days are worked by hand from the 2024 calendar (the State
 * Council's 2024 notice for 劳动节 and 国庆节) and the rules text below.
 */
#include "testutil.h"
#include "rules_internal.h"

/*
 * 2024: weekend Saturday and Sunday; 元旦 Mon 1 Jan; 劳动节 Wed 1 – Sun 5
 * May, make-up Sun 28 Apr and Sat 11 May; 国庆节 Tue 1 – Mon 7 Oct, make-up
 * Sun 29 Sep and Sat 12 Oct. Markets every 5 days from Wed 3 Jan 2024
 * (so 29 Dec 2023, 8 Jan, 13 Mar, 23 Mar (Sat), 2 May ... are market days;
 * 12, 16, 19-21 Mar and 1 May are not). Reception on Wednesday and Thursday
 * and on market days.
 */
static const char RULES[] =
	"region: timetest\n"
	"calendar:\n"
	"  weekend: [sat, sun]\n"
	"  holidays:\n"
	"    2024:\n"
	"      - {date: 2024-01-01, name: 元旦}\n"
	"      - {from: 2024-05-01, to: 2024-05-05, name: 劳动节}\n"
	"      - {from: 2024-10-01, to: 2024-10-07, name: 国庆节}\n"
	"  workdays:\n"
	"    2024: [2024-04-28, 2024-05-11, 2024-09-29, 2024-10-12]\n"
	"  market_days:\n"
	"    every: 5d\n"
	"    anchor: 2024-01-03\n"
	"duty:\n"
	"  reception_weekdays: [wed, thu]\n"
	"  reception_on_market_days: true\n";

static cpol_rules *rules;

static cpol_rules *load(const char *text)
{
	cpol_rules_options o = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r = NULL;
	o.name = "timetest.yaml";
	o.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&r, text, &o));
	return r;
}

static void setup(void)
{
	rules = load(RULES);
}

static void teardown(void)
{
	cpol_rules_free(rules);
	rules = NULL;
}

static cpol_date D(const char *s)
{
	cpol_date d;
	ck_assert_msg(cpol_date_parse(&d, s) == 0, "bad date %s", s);
	return d;
}

static void assert_date(cpol_date d, const char *want)
{
	char buf[CPOL_DATE_BUFSZ];
	ck_assert_str_eq(cpol_date_format(buf, d), want);
}

/* The duration text reads back as `want` (its one normal spelling). */
static void assert_duration(const char *text, const char *want)
{
	cpol_duration d;
	char buf[CPOL_CADENCE_BUFSZ];
	ck_assert_msg(cpol_duration_parse(&d, text) == 0, "'%s' refused: %s", text,
	              cpol_error_last()->message);
	ck_assert_str_eq(cpol_duration_format(buf, &d), want);
}

static void assert_duration_refused(const char *text)
{
	cpol_duration d;
	ck_assert_msg(cpol_duration_parse(&d, text) == CPOL_EINVAL, "'%s' accepted", text);
}

static void assert_cadence(const char *text, const char *want)
{
	cpol_cadence c;
	char buf[CPOL_CADENCE_BUFSZ];
	ck_assert_msg(cpol_cadence_parse(&c, text) == 0, "'%s' refused: %s", text,
	              cpol_error_last()->message);
	ck_assert_str_eq(cpol_cadence_format(buf, &c), want);
}

static void assert_cadence_refused(const char *text)
{
	cpol_cadence c;
	ck_assert_msg(cpol_cadence_parse(&c, text) == CPOL_EINVAL, "'%s' accepted", text);
}

static cpol_date add(const char *duration, const char *from)
{
	cpol_duration d;
	cpol_date out = CPOL_DATE_NONE;
	ck_assert_ok(cpol_duration_parse(&d, duration));
	ck_assert_ok(cpol_duration_add(&out, &d, D(from)));
	return out;
}

static cpol_date next_due(const char *cadence, const char *last)
{
	cpol_cadence c;
	cpol_date out = CPOL_DATE_NONE;
	ck_assert_ok(cpol_cadence_parse(&c, cadence));
	ck_assert_ok(cpol_rules_next_due(&out, NULL, rules, &c, D(last)));
	return out;
}

/* The period of `cadence` holding `day` is first..last. */
static void assert_period(const char *cadence, const char *day, const char *first, const char *last)
{
	cpol_cadence c;
	cpol_date s = CPOL_DATE_NONE, e = CPOL_DATE_NONE;
	ck_assert_ok(cpol_cadence_parse(&c, cadence));
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, D(day)));
	assert_date(s, first);
	assert_date(e, last);
}

static int working(const char *day, const char *want_key)
{
	const cpol_rule_ref *ref = NULL;
	int b = -1;
	ck_assert_ok(cpol_rules_is_working_day(&b, &ref, rules, D(day)));
	if (want_key) {
		ck_assert_ptr_nonnull(ref);
		ck_assert_str_eq(ref->key, want_key);
	}
	return b;
}

static int market(const cpol_rules *r, const char *day, const char *want_key)
{
	const cpol_rule_ref *ref = NULL;
	int b = -1;
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D(day)));
	if (want_key) {
		ck_assert_ptr_nonnull(ref);
		ck_assert_str_eq(ref->key, want_key);
	}
	return b;
}

static int reception(const cpol_rules *r, const char *day, const char *want_key)
{
	const cpol_rule_ref *ref = NULL;
	int b = -1;
	ck_assert_ok(cpol_rules_is_reception_day(&b, &ref, r, D(day)));
	if (want_key) {
		ck_assert_ptr_nonnull(ref);
		ck_assert_str_eq(ref->key, want_key);
	}
	return b;
}

/* area: weekday_names */

START_TEST(weekday_digits_1_to_7_are_monday_to_sunday)
{
	ck_assert_int_eq(cpol__weekday_parse("1"), 1);
	ck_assert_int_eq(cpol__weekday_parse("7"), 7);
	ck_assert_int_eq(cpol__weekday_parse("0"), -1);
	ck_assert_int_eq(cpol__weekday_parse("8"), -1);
	ck_assert_int_eq(cpol__weekday_parse("17"), -1);
}
END_TEST

START_TEST(weekday_names_short_long_any_case_and_chinese)
{
	ck_assert_int_eq(cpol__weekday_parse("mon"), 1);
	ck_assert_int_eq(cpol__weekday_parse("Sunday"), 7);
	ck_assert_int_eq(cpol__weekday_parse("WED"), 3);
	ck_assert_int_eq(cpol__weekday_parse("周一"), 1);
	ck_assert_int_eq(cpol__weekday_parse("星期日"), 7);
	ck_assert_int_eq(cpol__weekday_parse("周天"), 7);
	ck_assert_int_eq(cpol__weekday_parse("周八"), -1);
	ck_assert_int_eq(cpol__weekday_parse("monday-ish"), -1);
}
END_TEST

/* area: durations */

START_TEST(seven_days_read_as_a_week_six_as_days)
{
	assert_duration("7d", "1w");
	assert_duration("14d", "2w");
	assert_duration("6d", "6d");
	assert_duration("8d", "8d");
}
END_TEST

START_TEST(months_read_as_the_largest_whole_unit)
{
	assert_duration("3m", "1q");
	assert_duration("6m", "half-year");
	assert_duration("12m", "1y");
	assert_duration("24m", "2y");
	assert_duration("9m", "3q");
	assert_duration("18m", "18m"); /* three half-years: written in months */
	assert_duration("5m", "5m");
	assert_duration("4q", "1y");
	assert_duration("2q", "half-year");
	assert_duration("1m", "1m");
}
END_TEST

START_TEST(unit_words_are_one_of_the_unit)
{
	assert_duration("day", "1d");
	assert_duration("week", "1w");
	assert_duration("month", "1m");
	assert_duration("quarter", "1q");
	assert_duration("half-year", "half-year");
	assert_duration("year", "1y");
}
END_TEST

START_TEST(a_duration_count_is_1_to_9999)
{
	assert_duration("1d", "1d");
	assert_duration("9999d", "9999d");
	assert_duration_refused("0d");
	assert_duration_refused("10000d");
	assert_duration_refused("d");
}
END_TEST

START_TEST(a_duration_has_one_known_unit_letter)
{
	assert_duration_refused("3x");
	assert_duration_refused("3dd");
	assert_duration_refused("3");
	assert_duration_refused("half-month");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "not a length of time"));
}
END_TEST

START_TEST(adding_days_crosses_a_leap_february)
{
	assert_date(add("3d", "2024-02-27"), "2024-03-01");
	assert_date(add("3d", "2023-02-27"), "2023-03-02");
	assert_date(add("1w", "2024-12-28"), "2025-01-04");
}
END_TEST

START_TEST(adding_months_clamps_to_the_month_end)
{
	assert_date(add("1m", "2024-01-31"), "2024-02-29");
	assert_date(add("1q", "2024-11-30"), "2025-02-28");
	assert_date(add("half-year", "2024-08-31"), "2025-02-28");
	assert_date(add("1y", "2024-02-29"), "2025-02-28");
	assert_date(add("2y", "2024-02-29"), "2026-02-28");
}
END_TEST

START_TEST(adding_a_zero_duration_keeps_the_day_and_a_negative_is_refused)
{
	cpol_duration d = { 0, CPOL_UNIT_DAY };
	cpol_date out = CPOL_DATE_NONE;
	ck_assert_ok(cpol_duration_add(&out, &d, D("2024-06-01")));
	assert_date(out, "2024-06-01");
	d.count = -1;
	ck_assert_fails(cpol_duration_add(&out, &d, D("2024-06-01")), CPOL_EINVAL);
}
END_TEST

START_TEST(adding_stops_at_9999_12_31)
{
	cpol_duration d = { 1, CPOL_UNIT_DAY };
	cpol_date out = CPOL_DATE_NONE;
	ck_assert_ok(cpol_duration_add(&out, &d, CPOL__DATE_MAX - 1));
	ck_assert_int_eq(out, CPOL__DATE_MAX);
	ck_assert_fails(cpol_duration_add(&out, &d, CPOL__DATE_MAX), CPOL_EINVAL);
	d.unit = CPOL_UNIT_MONTH;
	ck_assert_fails(cpol_duration_add(&out, &d, D("9999-12-01")), CPOL_EINVAL);
	ck_assert_ok(cpol_duration_add(&out, &d, D("9999-11-30")));
	assert_date(out, "9999-12-30");
}
END_TEST

START_TEST(adding_starts_at_0001_01_01)
{
	cpol_duration d = { 1, CPOL_UNIT_WEEK };
	cpol_date out = CPOL_DATE_NONE;
	ck_assert_ok(cpol_duration_add(&out, &d, CPOL__DATE_MIN));
	assert_date(out, "0001-01-08");
	ck_assert_fails(cpol_duration_add(&out, &d, CPOL__DATE_MIN - 1), CPOL_EINVAL);
}
END_TEST

START_TEST(a_month_count_beyond_ten_thousand_years_is_refused)
{
	/* 12 × 10000 / m months at most: 120000 months, 40000 quarters. */
	cpol_duration d = { 40001, CPOL_UNIT_QUARTER };
	cpol_date out = CPOL_DATE_NONE;
	ck_assert_fails(cpol_duration_add(&out, &d, CPOL__DATE_MIN), CPOL_EINVAL);
	ck_assert_ptr_null(strstr(cpol_error_last()->message, "after 9999"));
	d.count = 39996; /* 9999 years: 0001-01-01 + 9999 y is 10000-01-01, after the end */
	ck_assert_fails(cpol_duration_add(&out, &d, CPOL__DATE_MIN), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "after 9999"));
	d.count = 39992; /* 9998 years */
	ck_assert_ok(cpol_duration_add(&out, &d, CPOL__DATE_MIN));
	assert_date(out, "9999-01-01");
}
END_TEST

/* area: cadences */

START_TEST(day_of_month_cadences_take_english_ordinals)
{
	assert_cadence("1st", "1st");
	assert_cadence("2nd", "2nd");
	assert_cadence("3rd", "3rd");
	assert_cadence("4th", "4th");
	assert_cadence("10th", "10th");
	assert_cadence("11th", "11th");
	assert_cadence("12th", "12th");
	assert_cadence("13th", "13th");
	assert_cadence("14th", "14th");
	assert_cadence("18th", "18th");
	assert_cadence("21st", "21st");
	assert_cadence("22nd", "22nd");
	assert_cadence("23rd", "23rd");
	assert_cadence("31st", "31st");
}
END_TEST

START_TEST(a_wrong_ordinal_is_refused)
{
	assert_cadence_refused("11st");
	assert_cadence_refused("12nd");
	assert_cadence_refused("13rd");
	assert_cadence_refused("21th");
	assert_cadence_refused("1th");
}
END_TEST

START_TEST(a_day_of_month_is_1st_to_31st)
{
	assert_cadence_refused("0th");
	assert_cadence_refused("32nd");
	assert_cadence_refused("101st");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "bad cadence"));
}
END_TEST

START_TEST(cadence_words_read_back)
{
	assert_cadence("week", "week");
	assert_cadence("half-month", "half-month");
	assert_cadence("month", "month");
	assert_cadence("quarter", "quarter");
	assert_cadence("half-year", "half-year");
	assert_cadence("year", "year");
	assert_cadence("month-end", "month-end");
	assert_cadence("working-day", "working-day");
	assert_cadence("immediate", "immediate");
	assert_cadence("3d", "3d");
	assert_cadence("6m", "half-year");
	assert_cadence_refused("fortnight");
}
END_TEST

/* area: periods */

START_TEST(a_week_runs_monday_to_sunday)
{
	assert_period("week", "2024-03-10", "2024-03-04", "2024-03-10"); /* Sunday */
	assert_period("week", "2024-03-11", "2024-03-11", "2024-03-17"); /* Monday */
}
END_TEST

START_TEST(a_half_month_ends_on_the_15th)
{
	assert_period("half-month", "2024-02-01", "2024-02-01", "2024-02-15");
	assert_period("half-month", "2024-02-15", "2024-02-01", "2024-02-15");
	assert_period("half-month", "2024-02-16", "2024-02-16", "2024-02-29");
	assert_period("half-month", "2023-02-16", "2023-02-16", "2023-02-28");
}
END_TEST

START_TEST(a_month_ends_on_its_last_day)
{
	assert_period("month", "2024-02-10", "2024-02-01", "2024-02-29");
	assert_period("month", "2023-02-28", "2023-02-01", "2023-02-28");
	assert_period("month", "2024-12-31", "2024-12-01", "2024-12-31");
}
END_TEST

START_TEST(quarters_and_half_years_turn_at_their_boundaries)
{
	assert_period("quarter", "2024-03-31", "2024-01-01", "2024-03-31");
	assert_period("quarter", "2024-04-01", "2024-04-01", "2024-06-30");
	assert_period("half-year", "2024-06-30", "2024-01-01", "2024-06-30");
	assert_period("half-year", "2024-07-01", "2024-07-01", "2024-12-31");
	assert_period("year", "2024-12-31", "2024-01-01", "2024-12-31");
	assert_period("year", "2025-01-01", "2025-01-01", "2025-12-31");
}
END_TEST

START_TEST(an_interval_cadence_period_is_the_day_itself)
{
	assert_period("3d", "2024-02-28", "2024-02-28", "2024-02-28");
	assert_period("18th", "2024-02-28", "2024-02-28", "2024-02-28");
}
END_TEST

START_TEST(a_period_needs_a_valid_cadence_and_day)
{
	cpol_cadence c;
	cpol_date s, e;
	ck_assert_ok(cpol_cadence_parse(&c, "month"));
	ck_assert_fails(cpol_cadence_period(&s, &e, &c, CPOL__DATE_MAX + 1), CPOL_EINVAL);
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, CPOL__DATE_MAX));
	assert_date(s, "9999-12-01");
	c.every.unit = CPOL_UNIT_NONE;
	ck_assert_fails(cpol_cadence_period(&s, &e, &c, D("2024-01-01")), CPOL_EINVAL);
	memset(&c, 0, sizeof(c));
	c.kind = CPOL_CADENCE_DAY_OF_MONTH;
	c.day = 32;
	ck_assert_fails(cpol_cadence_period(&s, &e, &c, D("2024-01-01")), CPOL_EINVAL);
	c.day = 31;
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, D("2024-01-01")));
	c.day = 0;
	ck_assert_fails(cpol_cadence_period(&s, &e, &c, D("2024-01-01")), CPOL_EINVAL);
	c.day = 1;
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, D("2024-01-01")));
	memset(&c, 0, sizeof(c));
	c.kind = CPOL_CADENCE_INTERVAL;
	c.every = (cpol_duration){ 0, CPOL_UNIT_DAY };
	ck_assert_fails(cpol_cadence_period(&s, &e, &c, D("2024-01-01")), CPOL_EINVAL);
	c.every = (cpol_duration){ 1, CPOL_UNIT_HALF_MONTH };
	ck_assert_fails(cpol_cadence_period(&s, &e, &c, D("2024-01-01")), CPOL_EINVAL);
	c.every = (cpol_duration){ 1, CPOL_UNIT_YEAR };
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, D("2024-01-01")));
}
END_TEST

/* area: next_due */

START_TEST(a_period_cadence_is_due_at_the_end_of_the_next_period)
{
	assert_date(next_due("month", "2024-01-15"), "2024-02-29");
	assert_date(next_due("month", "2024-01-31"), "2024-02-29");
	assert_date(next_due("week", "2024-03-10"), "2024-03-17"); /* done on Sunday */
	assert_date(next_due("week", "2024-03-11"), "2024-03-24"); /* done on Monday */
	assert_date(next_due("quarter", "2024-03-31"), "2024-06-30");
	assert_date(next_due("quarter", "2024-04-01"), "2024-09-30");
	assert_date(next_due("half-month", "2024-02-15"), "2024-02-29");
	assert_date(next_due("half-month", "2024-02-16"), "2024-03-15");
}
END_TEST

START_TEST(a_day_of_month_done_before_the_day_is_due_that_day)
{
	assert_date(next_due("18th", "2024-03-17"), "2024-03-18");
}
END_TEST

START_TEST(a_day_of_month_done_on_or_after_the_day_is_due_next_month)
{
	assert_date(next_due("18th", "2024-03-18"), "2024-04-18");
	assert_date(next_due("18th", "2024-03-19"), "2024-04-18");
	assert_date(next_due("18th", "2024-12-18"), "2025-01-18");
}
END_TEST

START_TEST(a_day_beyond_the_month_falls_on_its_last_day)
{
	assert_date(next_due("31st", "2024-02-10"), "2024-02-29");
	assert_date(next_due("31st", "2024-02-29"), "2024-03-31");
	assert_date(next_due("30th", "2024-01-31"), "2024-02-29");
	assert_date(next_due("29th", "2023-01-29"), "2023-02-28");
	assert_date(next_due("29th", "2024-01-29"), "2024-02-29");
	assert_date(next_due("28th", "2024-01-28"), "2024-02-28");
}
END_TEST

START_TEST(month_end_is_the_last_day_of_the_month)
{
	assert_date(next_due("month-end", "2024-02-28"), "2024-02-29");
	assert_date(next_due("month-end", "2024-02-29"), "2024-03-31");
	assert_date(next_due("month-end", "2024-04-30"), "2024-05-31");
}
END_TEST

START_TEST(an_interval_is_due_that_long_after)
{
	assert_date(next_due("3d", "2024-02-27"), "2024-03-01");
	assert_date(next_due("1m", "2024-01-31"), "2024-02-29");
}
END_TEST

START_TEST(immediate_is_due_the_same_day)
{
	assert_date(next_due("immediate", "2024-02-27"), "2024-02-27");
}
END_TEST

START_TEST(working_day_is_due_the_next_working_day)
{
	assert_date(next_due("working-day", "2024-03-07"), "2024-03-08"); /* Thu → Fri */
	assert_date(next_due("working-day", "2024-03-08"), "2024-03-11"); /* Fri → Mon */
	assert_date(next_due("working-day", "2024-09-30"), "2024-10-08"); /* over 国庆节 */
	assert_date(next_due("working-day", "2024-09-28"), "2024-09-29"); /* make-up Sunday */
	assert_date(next_due("working-day", "2024-10-11"), "2024-10-12"); /* make-up Saturday */
}
END_TEST

START_TEST(working_day_names_the_rule_that_decided)
{
	cpol_cadence c;
	const cpol_rule_ref *ref = NULL;
	cpol_date out;
	ck_assert_ok(cpol_cadence_parse(&c, "working-day"));
	ck_assert_ok(cpol_rules_next_due(&out, &ref, rules, &c, D("2024-09-28")));
	ck_assert_ptr_nonnull(ref);
	ck_assert_str_eq(ref->key, "calendar.workdays.2024[2]");
}
END_TEST

START_TEST(next_due_needs_400_days_of_room_before_9999_12_31)
{
	cpol_cadence c;
	cpol_date out;
	ck_assert_ok(cpol_cadence_parse(&c, "immediate"));
	ck_assert_ok(cpol_rules_next_due(&out, NULL, rules, &c, CPOL__DATE_MAX - 400));
	ck_assert_fails(cpol_rules_next_due(&out, NULL, rules, &c, CPOL__DATE_MAX - 399), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_next_due(&out, NULL, rules, &c, CPOL__DATE_MIN - 1), CPOL_EINVAL);
	ck_assert_ok(cpol_rules_next_due(&out, NULL, rules, &c, CPOL__DATE_MIN));
}
END_TEST

/* area: working_days */

START_TEST(a_weekday_outside_the_calendar_is_a_working_day)
{
	ck_assert_int_eq(working("2024-03-08", "calendar.weekend"), 1); /* Friday */
	ck_assert_int_eq(working("2024-03-11", "calendar.weekend"), 1); /* Monday */
}
END_TEST

START_TEST(saturday_and_sunday_are_days_off)
{
	ck_assert_int_eq(working("2024-03-09", "calendar.weekend"), 0);
	ck_assert_int_eq(working("2024-03-10", "calendar.weekend"), 0);
}
END_TEST

START_TEST(a_holiday_is_a_day_off_from_its_first_to_its_last_day)
{
	ck_assert_int_eq(working("2024-09-30", NULL), 1);                        /* Mon before */
	ck_assert_int_eq(working("2024-10-01", "calendar.holidays.2024[2]"), 0); /* first */
	ck_assert_int_eq(working("2024-10-04", "calendar.holidays.2024[2]"), 0);
	ck_assert_int_eq(working("2024-10-07", "calendar.holidays.2024[2]"), 0); /* last */
	ck_assert_int_eq(working("2024-10-08", "calendar.weekend"), 1);          /* Tue after */
}
END_TEST

START_TEST(the_first_and_last_listed_holidays_are_found)
{
	ck_assert_int_eq(working("2024-01-01", "calendar.holidays.2024[0]"), 0);
	ck_assert_int_eq(working("2024-01-02", "calendar.weekend"), 1);
	ck_assert_int_eq(working("2024-05-01", "calendar.holidays.2024[1]"), 0);
	ck_assert_int_eq(working("2024-04-30", "calendar.weekend"), 1);
}
END_TEST

START_TEST(a_make_up_day_on_a_weekend_is_a_working_day)
{
	ck_assert_int_eq(working("2024-04-28", "calendar.workdays.2024[0]"), 1); /* first listed */
	ck_assert_int_eq(working("2024-05-11", "calendar.workdays.2024[1]"), 1);
	ck_assert_int_eq(working("2024-10-12", "calendar.workdays.2024[3]"), 1); /* last listed */
	ck_assert_int_eq(working("2024-10-13", "calendar.weekend"), 0);          /* the Sunday after */
	ck_assert_int_eq(working("2024-04-27", "calendar.weekend"), 0);          /* the Saturday before */
}
END_TEST

START_TEST(calendar_questions_need_a_day_in_range)
{
	int b;
	ck_assert_fails(cpol_rules_is_working_day(&b, NULL, rules, CPOL__DATE_MIN - 1), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_is_working_day(&b, NULL, rules, CPOL__DATE_MAX + 1), CPOL_EINVAL);
	ck_assert_ok(cpol_rules_is_working_day(&b, NULL, rules, CPOL__DATE_MIN));
	ck_assert_ok(cpol_rules_is_working_day(&b, NULL, rules, CPOL__DATE_MAX));
	ck_assert_fails(cpol_rules_is_working_day(NULL, NULL, rules, D("2024-01-01")), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_is_working_day(&b, NULL, NULL, D("2024-01-01")), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_is_market_day(&b, NULL, rules, CPOL__DATE_MAX + 1), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_is_reception_day(&b, NULL, rules, CPOL__DATE_MAX + 1), CPOL_EINVAL);
}
END_TEST

/* area: market_days */

START_TEST(the_anchor_and_every_fifth_day_are_market_days)
{
	ck_assert_int_eq(market(rules, "2024-01-03", "calendar.market_days.every"), 1);
	ck_assert_int_eq(market(rules, "2024-01-08", "calendar.market_days.every"), 1);
	ck_assert_int_eq(market(rules, "2024-03-13", "calendar.market_days.every"), 1);
}
END_TEST

START_TEST(the_days_next_to_a_market_day_are_not)
{
	ck_assert_int_eq(market(rules, "2024-01-07", "calendar.market_days"), 0);
	ck_assert_int_eq(market(rules, "2024-01-09", "calendar.market_days"), 0);
	ck_assert_int_eq(market(rules, "2024-01-04", "calendar.market_days"), 0);
}
END_TEST

START_TEST(market_days_count_back_from_the_anchor)
{
	ck_assert_int_eq(market(rules, "2023-12-29", "calendar.market_days.every"), 1);
	ck_assert_int_eq(market(rules, "2023-12-30", NULL), 0);
	ck_assert_int_eq(market(rules, "2023-12-28", NULL), 0);
}
END_TEST

START_TEST(a_market_every_week_falls_on_the_anchor_weekday)
{
	cpol_rules *r = load("region: weekly\ncalendar:\n  market_days:\n    every: 1w\n"
	                     "    anchor: 2024-01-03\n");
	ck_assert_int_eq(market(r, "2024-01-10", "calendar.market_days.every"), 1);
	ck_assert_int_eq(market(r, "2024-01-09", NULL), 0);
	ck_assert_int_eq(market(r, "2024-01-11", NULL), 0);
	ck_assert_int_eq(market(r, "2024-01-04", NULL), 0);
	cpol_rules_free(r);
}
END_TEST

START_TEST(fixed_days_of_the_month_and_listed_dates_are_market_days)
{
	cpol_rules *r = load("region: fixed\ncalendar:\n  market_days:\n    days_of_month: [8, 28]\n"
	                     "    dates: [2024-02-10, 2024-02-20]\n");
	ck_assert_int_eq(market(r, "2024-02-08", "calendar.market_days.days_of_month"), 1);
	ck_assert_int_eq(market(r, "2024-02-28", "calendar.market_days.days_of_month"), 1);
	ck_assert_int_eq(market(r, "2024-02-07", "calendar.market_days"), 0);
	ck_assert_int_eq(market(r, "2024-02-09", "calendar.market_days"), 0);
	ck_assert_int_eq(market(r, "2024-02-10", "calendar.market_days.dates[0]"), 1);
	ck_assert_int_eq(market(r, "2024-02-20", "calendar.market_days.dates[1]"), 1);
	ck_assert_int_eq(market(r, "2024-02-11", "calendar.market_days"), 0);
	ck_assert_int_eq(market(r, "2024-02-29", "calendar.market_days"), 0);
	cpol_rules_free(r);
}
END_TEST

START_TEST(without_market_rules_no_day_is_a_market_day)
{
	cpol_rules *r = load("region: nomarket\n");
	const cpol_rule_ref *ref = (const cpol_rule_ref *)1;
	int b = -1;
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2024-01-03")));
	ck_assert_int_eq(b, 0);
	ck_assert_ptr_null(ref);
	ck_assert_int_eq(cpol_error_last()->code, 0);
	cpol_rules_free(r);
}
END_TEST

/* area: reception_days */

START_TEST(wednesday_and_thursday_working_days_are_reception_days)
{
	ck_assert_int_eq(reception(rules, "2024-03-20", "duty.reception_weekdays"), 1); /* Wed */
	ck_assert_int_eq(reception(rules, "2024-03-21", "duty.reception_weekdays"), 1); /* Thu */
}
END_TEST

START_TEST(the_other_weekdays_are_not_reception_days)
{
	ck_assert_int_eq(reception(rules, "2024-03-19", "duty.reception_weekdays"), 0); /* Tue */
	ck_assert_int_eq(reception(rules, "2024-03-12", "duty.reception_weekdays"), 0); /* Tue */
	ck_assert_int_eq(reception(rules, "2024-03-16", "duty.reception_weekdays"), 0); /* Sat */
}
END_TEST

START_TEST(a_reception_weekday_on_a_holiday_is_not_a_reception_day)
{
	ck_assert_int_eq(reception(rules, "2024-10-02", "duty.reception_weekdays"), 0); /* Wed */
	ck_assert_int_eq(reception(rules, "2024-10-03", "duty.reception_weekdays"), 0); /* Thu */
}
END_TEST

START_TEST(a_market_day_is_a_reception_day_even_on_a_weekend_or_holiday)
{
	ck_assert_int_eq(reception(rules, "2024-03-23", "duty.reception_on_market_days"), 1); /* Sat */
	ck_assert_int_eq(reception(rules, "2024-05-02", "duty.reception_on_market_days"), 1); /* 劳动节 */
}
END_TEST

START_TEST(market_days_are_not_reception_days_when_the_rule_is_off)
{
	cpol_rules *r = load("region: nomarketreception\ncalendar:\n  market_days:\n    every: 5d\n"
	                     "    anchor: 2024-01-03\nduty:\n  reception_weekdays: [wed, thu]\n"
	                     "  reception_on_market_days: false\n");
	ck_assert_int_eq(reception(r, "2024-03-23", "duty.reception_weekdays"), 0);
	ck_assert_int_eq(reception(r, "2024-03-20", "duty.reception_weekdays"), 1);
	cpol_rules_free(r);
}
END_TEST

/* area: arguments */

START_TEST(parse_functions_refuse_null_arguments)
{
	cpol_duration d;
	cpol_cadence c;
	ck_assert_fails(cpol_duration_parse(NULL, "3d"), CPOL_EINVAL);
	ck_assert_fails(cpol_duration_parse(&d, NULL), CPOL_EINVAL);
	ck_assert_fails(cpol_cadence_parse(NULL, "month"), CPOL_EINVAL);
	ck_assert_fails(cpol_cadence_parse(&c, NULL), CPOL_EINVAL);
}
END_TEST

START_TEST(arithmetic_refuses_null_arguments)
{
	cpol_duration d = { 1, CPOL_UNIT_DAY };
	cpol_cadence c;
	cpol_date s, e;
	ck_assert_ok(cpol_cadence_parse(&c, "month"));
	ck_assert_fails(cpol_duration_add(NULL, &d, D("2024-01-01")), CPOL_EINVAL);
	ck_assert_fails(cpol_cadence_period(NULL, &e, &c, D("2024-01-01")), CPOL_EINVAL);
	ck_assert_fails(cpol_cadence_period(&s, NULL, &c, D("2024-01-01")), CPOL_EINVAL);
	ck_assert_fails(cpol_cadence_period(&s, &e, NULL, D("2024-01-01")), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_next_due(&s, NULL, rules, NULL, D("2024-01-01")), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_next_due(NULL, NULL, rules, &c, D("2024-01-01")), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_next_due(&s, NULL, NULL, &c, D("2024-01-01")), CPOL_EINVAL);
}
END_TEST

START_TEST(an_unknown_cadence_kind_is_refused)
{
	cpol_cadence c;
	cpol_date s, e;
	memset(&c, 0, sizeof(c));
	c.kind = (cpol_cadence_kind)99;
	ck_assert_fails(cpol_cadence_period(&s, &e, &c, D("2024-01-01")), CPOL_EINVAL);
}
END_TEST

START_TEST(internal_parsers_return_0_on_success)
{
	cpol_duration d;
	cpol_cadence c;
	const char *why = NULL;
	ck_assert_int_eq(cpol__duration_parse_text(&d, "week", &why), 0);
	ck_assert_int_eq(cpol__duration_parse_text(&d, "3d", &why), 0);
	ck_assert_int_eq(cpol__cadence_parse_text(&c, "month", &why), 0);
	ck_assert_int_eq(cpol__cadence_parse_text(&c, "working-day", &why), 0);
	ck_assert_int_eq(cpol__cadence_parse_text(&c, "immediate", &why), 0);
	ck_assert_int_eq(cpol__cadence_parse_text(&c, "month-end", &why), 0);
	ck_assert_int_eq(cpol__cadence_parse_text(&c, "18th", &why), 0);
	ck_assert_int_eq(cpol__cadence_parse_text(&c, "3d", &why), 0);
}
END_TEST

/* area: more_boundaries */

START_TEST(weekday_names_need_a_prefix_and_a_day)
{
	ck_assert_int_eq(cpol__weekday_parse(""), -1);
	ck_assert_int_eq(cpol__weekday_parse("周"), -1);
	ck_assert_int_eq(cpol__weekday_parse("星期"), -1);
	ck_assert_int_eq(cpol__weekday_parse("三"), -1);
}
END_TEST

START_TEST(large_multiples_read_in_the_largest_unit)
{
	assert_duration("42d", "6w");
	assert_duration("132m", "11y");
	assert_duration("30m", "30m"); /* five half-years */
	assert_cadence("day", "day");
}
END_TEST

START_TEST(forty_thousand_quarters_is_the_last_count_tried)
{
	cpol_duration d = { 40000, CPOL_UNIT_QUARTER };
	cpol_date out;
	ck_assert_fails(cpol_duration_add(&out, &d, CPOL__DATE_MIN), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "after 9999"));
}
END_TEST

START_TEST(a_day_of_month_has_one_or_two_digits)
{
	cpol_cadence c;
	ck_assert_fails(cpol_cadence_parse(&c, "101st"), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "write a period"));
	ck_assert_fails(cpol_cadence_parse(&c, "th"), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "write a period"));
}
END_TEST

START_TEST(working_day_is_looked_for_400_days_ahead)
{
	/*
	 * Holidays from 2 Jan 2030 (a year no rules of ours list) to the day
	 * before the first working day: Tuesday 2030-01-01 + 400 days is
	 * Wednesday 2031-02-05, + 401 Thursday the 6th.
	 */
	static const char every_day_off[] =
		"region: nowork\ncalendar:\n  weekend: [sat, sun]\n  holidays:\n"
		"    2030:\n      - {from: 2030-01-02, to: 2030-12-31, name: 长假}\n"
		"    2031:\n      - {from: 2031-01-01, to: %s, name: 长假}\n";
	char text[300];
	cpol_rules *r;
	cpol_cadence c;
	cpol_date out = CPOL_DATE_NONE;

	ck_assert_ok(cpol_cadence_parse(&c, "working-day"));
	snprintf(text, sizeof(text), every_day_off, "2031-02-04");
	r = load(text);
	ck_assert_ok(cpol_rules_next_due(&out, NULL, r, &c, D("2030-01-01")));
	assert_date(out, "2031-02-05");
	cpol_rules_free(r);
	snprintf(text, sizeof(text), every_day_off, "2031-02-05");
	r = load(text);
	ck_assert_fails(cpol_rules_next_due(&out, NULL, r, &c, D("2030-01-01")), CPOL_ERULES);
	cpol_rules_free(r);
}
END_TEST

#include "test_rules_time.list"

int main(void)
{
	return testutil_main_list("rules_time", setup, teardown, testutil_tests());
}

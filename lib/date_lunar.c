/*
 * libcommpolice — the Chinese lunisolar calendar (农历) and the 清明 solar
 * term, for the statutory holidays and for market days stated in lunar days.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"

/*
 * Why a table and not a library. Debian's liblunar-date (LGPL-2.1+, so its
 * licence would do) converts dates, but it is a GObject library: it pulls
 * glib and gio into every program that links libcommpolice, for what is a
 * lookup in 199 numbers, and it is not packaged on every platform the
 * vendors build for. The calendar between 1901 and 2099 is settled (the
 * Purple Mountain Observatory and the Hong Kong Observatory publish it), so
 * the well-known compact table below encodes it; it was generated from
 * liblunar-date 3.0 and checked day by day against it for 1901-02-19 ..
 * 2100-02-08, and it is the table that circulates as "lunarInfo" (1900-2100).
 *
 * One entry per lunar year from 1901, 17 bits:
 *   bits 0-3   the leap month (闰月), 0 when the year has none;
 *   bits 4-15  the lengths of months 12 (bit 4) .. 1 (bit 15): 1 = 30 days,
 *              0 = 29 days;
 *   bit 16     the length of the leap month: 1 = 30 days, 0 = 29.
 */
static const uint32_t lunar_years[] = {
	0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0,
	0x055d2, 0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0,
	0x0ada2, 0x095b0, 0x14977, 0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40,
	0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970, 0x06566, 0x0d4a0, 0x0ea50,
	0x06e95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950, 0x0d4a0,
	0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950,
	0x0b557, 0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5d0, 0x14573, 0x052d0,
	0x0a9a8, 0x0e950, 0x06aa0, 0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570,
	0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0, 0x096d0, 0x04dd5, 0x04ad0,
	0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b5a0, 0x195a6, 0x095b0,
	0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60,
	0x09570, 0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x05ac0,
	0x0ab60, 0x096d5, 0x092e0, 0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552,
	0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, 0x0a950, 0x0b4a0, 0x0baa4,
	0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, 0x07954,
	0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65,
	0x0d530, 0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6,
	0x0d250, 0x0d520, 0x0dd45, 0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577,
	0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, 0x14b63, 0x09370, 0x049f8,
	0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, 0x0a2e0,
	0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0,
	0x055d4, 0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0,
	0x0aba4, 0x0a5b0, 0x052b0, 0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50,
	0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, 0x0e968, 0x0d520, 0x0daa0,
	0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252,
};

/* 1901-02-19, 正月初一 of lunar 1901. */
#define LUNAR_EPOCH (-25153)

static int month_days(int year, int month)
{
	return lunar_years[year - CPOL_LUNAR_YEAR_MIN] & (0x10000u >> month) ? 30 : 29;
}

static int leap_month(int year)
{
	return (int)(lunar_years[year - CPOL_LUNAR_YEAR_MIN] & 0xf);
}

static int leap_days(int year)
{
	if (!leap_month(year))
		return 0;
	return lunar_years[year - CPOL_LUNAR_YEAR_MIN] & 0x10000u ? 30 : 29;
}

static int year_days(int year)
{
	int m, n = leap_days(year);
	for (m = 1; m <= 12; m++)
		n += month_days(year, m);
	return n;
}

int cpol_date_to_lunar(cpol_lunar_date *out, cpol_date date)
{
	int64_t off;
	int y, m, n, leap;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_date_to_lunar: NULL argument");
	off = (int64_t)date - LUNAR_EPOCH;
	if (off < 0)
		goto range;
	for (y = CPOL_LUNAR_YEAR_MIN; y <= CPOL_LUNAR_YEAR_MAX; y++) {
		n = year_days(y);
		if (off < n)
			break;
		off -= n;
	}
	if (y > CPOL_LUNAR_YEAR_MAX)
		goto range;
	leap = leap_month(y);
	for (m = 1; m <= 12; m++) {
		n = month_days(y, m);
		if (off < n) {
			*out = (cpol_lunar_date){ y, m, (int)off + 1, 0 };
			return 0;
		}
		off -= n;
		if (m == leap) {
			n = leap_days(y);
			if (off < n) {
				*out = (cpol_lunar_date){ y, m, (int)off + 1, 1 };
				return 0;
			}
			off -= n;
		}
	}
range:
	return cpol__error_set(CPOL_EINVAL, "date outside the lunar calendar's range "
	                       "(lunar years %d-%d, 1901-02-19 .. 2100-02-08)",
	                       CPOL_LUNAR_YEAR_MIN, CPOL_LUNAR_YEAR_MAX);
}

int cpol_date_from_lunar(cpol_date *out, const cpol_lunar_date *lunar)
{
	int64_t d = LUNAR_EPOCH;
	int y, m, leap;

	if (!out || !lunar)
		return cpol__error_set(CPOL_EINVAL, "cpol_date_from_lunar: NULL argument");
	if (lunar->year < CPOL_LUNAR_YEAR_MIN || lunar->year > CPOL_LUNAR_YEAR_MAX)
		return cpol__error_set(CPOL_EINVAL, "lunar year %d outside %d-%d", lunar->year,
		                       CPOL_LUNAR_YEAR_MIN, CPOL_LUNAR_YEAR_MAX);
	if (lunar->month < 1 || lunar->month > 12)
		return cpol__error_set(CPOL_EINVAL, "lunar month %d is not 1-12", lunar->month);
	leap = leap_month(lunar->year);
	if (lunar->leap && leap != lunar->month)
		return cpol__error_set(CPOL_EINVAL, "lunar year %d has no leap month %d",
		                       lunar->year, lunar->month);
	if (lunar->day < 1 ||
	    lunar->day > (lunar->leap ? leap_days(lunar->year) : month_days(lunar->year,
	                                                                   lunar->month)))
		return cpol__error_set(CPOL_EINVAL, "lunar %d-%s%d has no day %d", lunar->year,
		                       lunar->leap ? "leap " : "", lunar->month, lunar->day);
	for (y = CPOL_LUNAR_YEAR_MIN; y < lunar->year; y++)
		d += year_days(y);
	for (m = 1; m < lunar->month; m++) {
		d += month_days(lunar->year, m);
		if (m == leap)
			d += leap_days(lunar->year);
	}
	if (lunar->leap)
		d += month_days(lunar->year, lunar->month);
	*out = (cpol_date)(d + lunar->day - 1);
	return 0;
}

/*
 * 清明 is the day the sun reaches longitude 15°. The usual closed form
 * (寿星万年历 "通式寿星公式") gives the April day as
 * floor(Y * 0.2422 + C) - floor(Y / 4), Y the year within its century,
 * C = 5.59 for 1901-1999 and 4.81 for 2000-2099; where the term falls
 * within minutes of midnight the formula is a day late, and those years are
 * listed (checked against liblunar-date's astronomical computation).
 */
int cpol_date_qingming(cpol_date *out, int year)
{
	static const struct { int year, day; } late[] = {
		{ 1910, 5 }, { 1943, 5 }, { 2071, 4 } };
	int y = year % 100, day;
	size_t i;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_date_qingming: NULL argument");
	if (year < CPOL_LUNAR_YEAR_MIN || year > CPOL_LUNAR_YEAR_MAX)
		return cpol__error_set(CPOL_EINVAL, "清明 is computed for %d-%d, not %d",
		                       CPOL_LUNAR_YEAR_MIN, CPOL_LUNAR_YEAR_MAX, year);
	day = (int)(y * 0.2422 + (year < 2000 ? 5.59 : 4.81)) - y / 4;
	for (i = 0; i < sizeof(late) / sizeof(late[0]); i++)
		if (late[i].year == year)
			day = late[i].day;
	return cpol_date_from_ymd(out, year, 4, day);
}

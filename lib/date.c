/*
 * libcommpolice — civil dates.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Why not a library: the library needs only Gregorian day numbers and
 * month/quarter arithmetic. The C library's mktime()/timegm() work through
 * the process time zone and a struct tm (not thread-safe to set, DST-aware
 * where we want none), and the date libraries in Debian (GLib's GDate, ICU)
 * would pull a large runtime into every vendor's product for thirty lines.
 * The conversions below are Howard Hinnant's public-domain
 * days_from_civil/civil_from_days algorithms
 * (https://howardhinnant.github.io/date_algorithms.html), exact for the
 * proleptic Gregorian calendar, and tested against hand-worked dates.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static int32_t days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cpol_date_split(int *year, int *month, int *day, cpol_date date)
{
	int32_t z = date + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t y = yoe + era * 400;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int32_t d = doy - (153 * mp + 2) / 5 + 1;
	int32_t m = mp < 10 ? mp + 3 : mp - 9;

	if (year)
		*year = (int)(y + (m <= 2));
	if (month)
		*month = (int)m;
	if (day)
		*day = (int)d;
}

int cpol_date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int cpol_date_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && cpol_date_is_leap_year(year));
}

int cpol_date_from_ymd(cpol_date *out, int year, int month, int day)
{
	if (year < 1 || year > 9999 || month < 1 || month > 12 ||
	    day < 1 || day > cpol_date_days_in_month(year, month))
		return cpol__error_set(CPOL_EINVAL, "no such date: %04d-%02d-%02d",
		                       year, month, day);
	*out = days_from_civil(year, month, day);
	return 0;
}

int cpol_date_parse(cpol_date *out, const char *text)
{
	int y = 0, m = 0, d = 0, i;

	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		goto bad;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (text[i] < '0' || text[i] > '9')
			goto bad;
	}
	y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
	m = (text[5] - '0') * 10 + (text[6] - '0');
	d = (text[8] - '0') * 10 + (text[9] - '0');
	if (cpol_date_from_ymd(out, y, m, d) < 0)
		return cpol__error_set(CPOL_EINVAL, "no such date: '%s'", text);
	return 0;
bad:
	return cpol__error_set(CPOL_EINVAL, "not a date in the form YYYY-MM-DD: '%s'",
	                       text ? text : "(null)");
}

char *cpol_date_format(char *buf, cpol_date date)
{
	int y, m, d;
	cpol_date_split(&y, &m, &d, date);
	/*
	 * y is 1..9999 for every valid date; the modulo keeps the width. Written
	 * digit by digit: every date bound to a statement passes here, and
	 * snprintf() was 6% of a bulk import's instructions.
	 */
	y = (y % 10000 + 10000) % 10000;
	m = (m % 13 + 13) % 13;
	d = (d % 32 + 32) % 32;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

int cpol_date_weekday(cpol_date date)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int32_t w = (date + 3) % 7;
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

cpol_date cpol_date_add_months(cpol_date date, int months)
{
	int y, m, d, total, dim;

	cpol_date_split(&y, &m, &d, date);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	dim = cpol_date_days_in_month(y, m);
	return days_from_civil(y, m, d > dim ? dim : d);
}

cpol_date cpol_date_month_start(cpol_date date)
{
	int y, m;
	cpol_date_split(&y, &m, NULL, date);
	return days_from_civil(y, m, 1);
}

cpol_date cpol_date_quarter_start(cpol_date date)
{
	int y, m;
	cpol_date_split(&y, &m, NULL, date);
	return days_from_civil(y, (m - 1) / 3 * 3 + 1, 1);
}

cpol_date cpol_date_half_year_start(cpol_date date)
{
	int y, m;
	cpol_date_split(&y, &m, NULL, date);
	return days_from_civil(y, m <= 6 ? 1 : 7, 1);
}

cpol_date cpol_date_week_start(cpol_date date)
{
	return date - (cpol_date_weekday(date) - 1);
}

cpol_date cpol_date_from_epoch(int64_t epoch_seconds, int utc_offset_minutes)
{
	int64_t s = epoch_seconds + (int64_t)utc_offset_minutes * 60;
	int64_t d = s / 86400;
	if (s % 86400 < 0)
		d--;
	return (cpol_date)d;
}

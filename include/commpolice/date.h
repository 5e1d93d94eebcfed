/*
 * libcommpolice — civil dates.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_DATE_H
#define COMMPOLICE_DATE_H

#include "common.h"

/**
 * @file commpolice/date.h
 * @brief Calendar dates as day numbers, and the arithmetic cadences need.
 *
 * A date is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar, so that differences and comparisons are plain integer
 * arithmetic. In the database and in text, dates are ISO 8601 "YYYY-MM-DD".
 * Valid years are 1..9999.
 */

/** Days since 1970-01-01 (negative before). */
typedef int32_t cpol_date;

/** "No date": the value of an optional date field that is not set. */
#define CPOL_DATE_NONE INT32_MIN

/** Length of "YYYY-MM-DD" plus the terminating NUL. */
#define CPOL_DATE_BUFSZ 11

CPOL_BEGIN_DECL

/**
 * Make a date from year, month and day.
 *
 * @param out receives the date.
 * @param year 1..9999.
 * @param month 1..12.
 * @param day 1..31, and no more than the month has.
 * @return 0, or CPOL_EINVAL when the day does not exist (February 30,
 *         February 29 of a common year, month 13...).
 */
CPOL_EXTERN int cpol_date_from_ymd(cpol_date *out, int year, int month, int day);

/**
 * Split a date into year, month (1-12) and day (1-31).
 *
 * @param year receives the year, or NULL.
 * @param month receives the month, or NULL.
 * @param day receives the day of the month, or NULL.
 * @param date a valid date (not CPOL_DATE_NONE).
 */
CPOL_EXTERN void cpol_date_split(int *year, int *month, int *day, cpol_date date);

/**
 * Parse "YYYY-MM-DD".
 *
 * @param out receives the date.
 * @param text the text; exactly ten characters.
 * @return 0, or CPOL_EINVAL with a message naming the text.
 */
CPOL_EXTERN int cpol_date_parse(cpol_date *out, const char *text);

/**
 * Format a date as "YYYY-MM-DD".
 *
 * @param buf the caller's buffer, at least CPOL_DATE_BUFSZ bytes; it
 *        receives the text and its NUL.
 * @param date a valid date (not CPOL_DATE_NONE).
 * @return buf.
 */
CPOL_EXTERN char *cpol_date_format(char *buf, cpol_date date);

/**
 * ISO weekday of a date.
 *
 * @param date a valid date.
 * @return 1 = Monday ... 7 = Sunday.
 */
CPOL_EXTERN int cpol_date_weekday(cpol_date date);

/**
 * Whether a year is a Gregorian leap year.
 *
 * @param year the year.
 * @return 1 for a leap year (2024, 2000), else 0 (2023, 1900).
 */
CPOL_EXTERN int cpol_date_is_leap_year(int year);

/**
 * Number of days in a month of a year.
 *
 * @param year the year (for February).
 * @param month 1..12.
 * @return 28..31; 0 for a month outside 1..12.
 */
CPOL_EXTERN int cpol_date_days_in_month(int year, int month);

/**
 * Add months, clamping the day to the end of the target month
 * (January 31 + 1 month = February 28 or 29).
 *
 * @param date a valid date.
 * @param months the months to add; negative goes back.
 * @return the date that many months later (or earlier).
 */
CPOL_EXTERN cpol_date cpol_date_add_months(cpol_date date, int months);

/**
 * The first day of the month that contains a date.
 *
 * @param date a valid date.
 * @return the first of its month.
 */
CPOL_EXTERN cpol_date cpol_date_month_start(cpol_date date);

/**
 * The first day of the quarter that contains a date.
 *
 * @param date a valid date.
 * @return January 1, April 1, July 1 or October 1 of its year.
 */
CPOL_EXTERN cpol_date cpol_date_quarter_start(cpol_date date);

/**
 * The first day of the half year that contains a date.
 *
 * @param date a valid date.
 * @return January 1 or July 1 of its year.
 */
CPOL_EXTERN cpol_date cpol_date_half_year_start(cpol_date date);

/**
 * The Monday of the ISO week that contains a date.
 *
 * @param date a valid date.
 * @return that Monday (date itself on a Monday).
 */
CPOL_EXTERN cpol_date cpol_date_week_start(cpol_date date);

/**
 * Today by a clock value.
 *
 * @param epoch_seconds seconds since 1970-01-01T00:00:00Z.
 * @param utc_offset_minutes the local offset (China: 480).
 * @return the local calendar date at that instant.
 */
CPOL_EXTERN cpol_date cpol_date_from_epoch(int64_t epoch_seconds, int utc_offset_minutes);

/* ------------------------------------------------------------ lunar calendar */

/** First lunar year the library converts (its 正月初一 is 1901-02-19). */
#define CPOL_LUNAR_YEAR_MIN 1901
/** Last lunar year the library converts (it ends 2100-02-08). */
#define CPOL_LUNAR_YEAR_MAX 2099

/**
 * A day of the Chinese lunisolar calendar (农历): lunar year, month, day and
 * whether the month is the year's leap month (闰月). The lunar year is
 * numbered by the Gregorian year in which its 正月初一 falls, so 除夕 of
 * lunar 2026 is 2027-02-05.
 */
typedef struct cpol_lunar_date {
	int year;  /**< lunar year, CPOL_LUNAR_YEAR_MIN..CPOL_LUNAR_YEAR_MAX */
	int month; /**< 1 (正月) .. 12 (腊月) */
	int day;   /**< 1 (初一) .. 29 or 30 */
	int leap;  /**< 1 in the leap month (闰二月 is month 2, leap 1), else 0 */
} cpol_lunar_date;

/**
 * The lunar date of a day (2027-06-09 → lunar 2027-05-05, 端午).
 *
 * From a compact table of the lunar years 1901-2099 (see lib/date_lunar.c
 * for its source and why it is not a library). Thread-safe.
 *
 * @param out receives the lunar date.
 * @param date the day (cpol_date), 1901-02-19 .. 2100-02-08.
 * @return 0, or CPOL_EINVAL for a date outside that range.
 */
CPOL_EXTERN int cpol_date_to_lunar(cpol_lunar_date *out, cpol_date date);

/**
 * The day of a lunar date (lunar 2027-08-15, 中秋 → 2027-09-15).
 *
 * @param out receives the date.
 * @param lunar the lunar date; read only.
 * @return 0, or CPOL_EINVAL for a year outside the range, a month not 1-12,
 *         a leap flag on a month that is not the year's leap month, or a
 *         day the month does not have (the 30th of a 29-day month).
 */
CPOL_EXTERN int cpol_date_from_lunar(cpol_date *out, const cpol_lunar_date *lunar);

/**
 * The day of the 清明 solar term (the sun at longitude 15°) in a year:
 * April 4, 5 or 6 (2027 → 2027-04-05).
 *
 * @param out receives the date.
 * @param year 1901..2099.
 * @return 0, or CPOL_EINVAL for a year outside the range.
 */
CPOL_EXTERN int cpol_date_qingming(cpol_date *out, int year);

CPOL_END_DECL

#endif

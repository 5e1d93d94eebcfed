/*
 * libcommpolice — rules: durations, cadences and the calendar decisions.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "rules_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cpol__weekday_names[8] = {
	"", "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* ---------------------------------------------------------------- weekdays */

int cpol__weekday_parse(const char *text)
{
	static const char *const longs[8] = {
		"", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };
	static const char *const zh[8] = { "", "一", "二", "三", "四", "五", "六", "日" };
	char low[16];
	size_t i, n = strlen(text);
	int d;

	if (n == 1 && text[0] >= '1' && text[0] <= '7')
		return text[0] - '0';
	if (n < sizeof(low)) {
		for (i = 0; i <= n; i++)
			low[i] = (char)tolower((unsigned char)text[i]);
		for (d = 1; d <= 7; d++)
			if (!strcmp(low, cpol__weekday_names[d]) || !strcmp(low, longs[d]))
				return d;
	}
	/* 周三, 星期三; Sunday also 周天, 星期天 */
	if (!strncmp(text, "周", strlen("周")))
		text += strlen("周");
	else if (!strncmp(text, "星期", strlen("星期")))
		text += strlen("星期");
	else
		return -1;
	for (d = 1; d <= 7; d++)
		if (!strcmp(text, zh[d]))
			return d;
	return strcmp(text, "天") == 0 ? 7 : -1;
}

/* --------------------------------------------------------------- durations */

static int months_of(cpol_time_unit u)
{
	switch (u) {
	case CPOL_UNIT_MONTH: return 1;
	case CPOL_UNIT_QUARTER: return 3;
	case CPOL_UNIT_HALF_YEAR: return 6;
	case CPOL_UNIT_YEAR: return 12;
	default: return 0;
	}
}

/* One spelling per length: 7d is 1w, 3m is 1q, 6m half-year, 12m 1y. */
static void normalise(cpol_duration *d)
{
	int m = months_of(d->unit) * d->count;
	if (d->unit == CPOL_UNIT_DAY && d->count % 7 == 0) {
		d->unit = CPOL_UNIT_WEEK;
		d->count /= 7;
	} else if (m) {
		if (m % 12 == 0)
			*d = (cpol_duration){ m / 12, CPOL_UNIT_YEAR };
		else if (m % 6 == 0)
			*d = (cpol_duration){ m / 6, CPOL_UNIT_HALF_YEAR };
		else if (m % 3 == 0)
			*d = (cpol_duration){ m / 3, CPOL_UNIT_QUARTER };
		else
			*d = (cpol_duration){ m, CPOL_UNIT_MONTH };
	}
}

static const struct { const char *word; cpol_time_unit unit; } unit_words[] = {
	{ "day", CPOL_UNIT_DAY }, { "week", CPOL_UNIT_WEEK },
	{ "half-month", CPOL_UNIT_HALF_MONTH }, { "month", CPOL_UNIT_MONTH },
	{ "quarter", CPOL_UNIT_QUARTER }, { "half-year", CPOL_UNIT_HALF_YEAR },
	{ "year", CPOL_UNIT_YEAR },
};

static cpol_time_unit unit_word(const char *text)
{
	size_t i;
	for (i = 0; i < sizeof(unit_words) / sizeof(unit_words[0]); i++)
		if (!strcmp(text, unit_words[i].word))
			return unit_words[i].unit;
	return CPOL_UNIT_NONE;
}

int cpol__duration_parse_text(cpol_duration *out, const char *text, const char **why)
{
	cpol_time_unit u = unit_word(text);
	size_t i, n = strlen(text);
	long count;

	if (u == CPOL_UNIT_HALF_MONTH) {
		*why = "half-month is a cadence period, not a length of time";
		return -1;
	}
	if (u != CPOL_UNIT_NONE) {
		*out = (cpol_duration){ 1, u };
		normalise(out);
		return 0;
	}
	for (i = 0; i < n && isdigit((unsigned char)text[i]); i++)
		;
	if (i == 0 || i > 4 || n != i + 1) {
		*why = "write a count and a unit (3d, 2w, 1m, 1q, 1y) or a unit word "
		       "(day, week, month, quarter, half-year, year)";
		return -1;
	}
	count = strtol(text, NULL, 10);
	switch (text[i]) {
	case 'd': u = CPOL_UNIT_DAY; break;
	case 'w': u = CPOL_UNIT_WEEK; break;
	case 'm': u = CPOL_UNIT_MONTH; break;
	case 'q': u = CPOL_UNIT_QUARTER; break;
	case 'y': u = CPOL_UNIT_YEAR; break;
	case 'h': u = CPOL_UNIT_HOUR; break;
	default:
		*why = "the unit is h (hours), d (days), w (weeks), m (months), q (quarters) or "
		       "y (years)";
		return -1;
	}
	if (count < 1) {
		*why = "the count must be at least 1";
		return -1;
	}
	*out = (cpol_duration){ (int)count, u };
	normalise(out);
	return 0;
}

int cpol_duration_parse(cpol_duration *out, const char *text)
{
	const char *why = NULL;
	if (!out || !text)
		return cpol__error_set(CPOL_EINVAL, "cpol_duration_parse: NULL argument");
	if (cpol__duration_parse_text(out, text, &why) < 0)
		return cpol__error_set(CPOL_EINVAL, "bad duration '%.40s': %s", text, why);
	return 0;
}

char *cpol_duration_format(char *buf, const cpol_duration *d)
{
	switch (d->unit) {
	case CPOL_UNIT_DAY: snprintf(buf, CPOL_CADENCE_BUFSZ, "%dd", d->count); break;
	case CPOL_UNIT_WEEK: snprintf(buf, CPOL_CADENCE_BUFSZ, "%dw", d->count); break;
	case CPOL_UNIT_MONTH: snprintf(buf, CPOL_CADENCE_BUFSZ, "%dm", d->count); break;
	case CPOL_UNIT_QUARTER: snprintf(buf, CPOL_CADENCE_BUFSZ, "%dq", d->count); break;
	case CPOL_UNIT_HALF_YEAR:
		if (d->count == 1)
			snprintf(buf, CPOL_CADENCE_BUFSZ, "half-year");
		else
			snprintf(buf, CPOL_CADENCE_BUFSZ, "%dm", d->count * 6);
		break;
	case CPOL_UNIT_YEAR: snprintf(buf, CPOL_CADENCE_BUFSZ, "%dy", d->count); break;
	case CPOL_UNIT_HOUR: snprintf(buf, CPOL_CADENCE_BUFSZ, "%dh", d->count); break;
	case CPOL_UNIT_HALF_MONTH: snprintf(buf, CPOL_CADENCE_BUFSZ, "half-month"); break;
	default: snprintf(buf, CPOL_CADENCE_BUFSZ, "none"); break;
	}
	return buf;
}

static int in_range(cpol_date d)
{
	return d >= CPOL__DATE_MIN && d <= CPOL__DATE_MAX;
}

int cpol_duration_add(cpol_date *out, const cpol_duration *d, cpol_date from)
{
	int64_t r;
	int m;

	if (!out || !d || d->count < 0 || !in_range(from))
		return cpol__error_set(CPOL_EINVAL, "cpol_duration_add: bad duration or date");
	m = months_of(d->unit);
	if (d->unit == CPOL_UNIT_DAY)
		r = (int64_t)from + d->count;
	else if (d->unit == CPOL_UNIT_WEEK)
		r = (int64_t)from + 7 * (int64_t)d->count;
	else if (d->unit == CPOL_UNIT_HOUR)
		r = (int64_t)from + ((int64_t)d->count + 23) / 24; /* dates: whole days begun */
	else if (m && d->count <= 12 * 10000 / m)
		r = cpol_date_add_months(from, m * d->count);
	else
		return cpol__error_set(CPOL_EINVAL, "cpol_duration_add: bad duration");
	if (r > CPOL__DATE_MAX)
		return cpol__error_set(CPOL_EINVAL, "date after 9999-12-31");
	*out = (cpol_date)r;
	return 0;
}

/* ---------------------------------------------------------------- cadences */

static const char *ordinal(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

int cpol__cadence_parse_text(cpol_cadence *out, const char *text, const char **why)
{
	cpol_time_unit u = unit_word(text);
	size_t n = strlen(text), i;

	memset(out, 0, sizeof(*out));
	if (u != CPOL_UNIT_NONE) {
		out->kind = CPOL_CADENCE_PERIOD;
		out->every = (cpol_duration){ 1, u };
		return 0;
	}
	if (!strcmp(text, "working-day")) {
		out->kind = CPOL_CADENCE_WORKING_DAY;
		return 0;
	}
	if (!strcmp(text, "immediate")) {
		out->kind = CPOL_CADENCE_IMMEDIATE;
		return 0;
	}
	if (!strcmp(text, "month-end")) {
		out->kind = CPOL_CADENCE_DAY_OF_MONTH;
		out->day = CPOL_CADENCE_MONTH_END;
		return 0;
	}
	for (i = 0; i < n && isdigit((unsigned char)text[i]); i++)
		;
	if (i >= 1 && i <= 2 && n == i + 2 && isalpha((unsigned char)text[i])) {
		int day = atoi(text);
		if (day < 1 || day > 31) {
			*why = "a day of the month is 1st to 31st";
			return -1;
		}
		if (strcmp(text + i, ordinal(day)) != 0) {
			*why = "write the day of the month as 1st, 2nd, 3rd, 18th...";
			return -1;
		}
		out->kind = CPOL_CADENCE_DAY_OF_MONTH;
		out->day = day;
		return 0;
	}
	if (cpol__duration_parse_text(&out->every, text, why) < 0 ||
	    out->every.unit == CPOL_UNIT_HOUR) {
		*why = "write a period (week, half-month, month, quarter, half-year, year), an "
		       "interval (3d, 2w, 1m), a day of the month (18th, month-end), working-day or "
		       "immediate";
		return -1;
	}
	out->kind = CPOL_CADENCE_INTERVAL;
	return 0;
}

int cpol_cadence_parse(cpol_cadence *out, const char *text)
{
	const char *why = NULL;
	if (!out || !text)
		return cpol__error_set(CPOL_EINVAL, "cpol_cadence_parse: NULL argument");
	if (cpol__cadence_parse_text(out, text, &why) < 0)
		return cpol__error_set(CPOL_EINVAL, "bad cadence '%.40s': %s", text, why);
	return 0;
}

char *cpol_cadence_format(char *buf, const cpol_cadence *c)
{
	size_t i;
	switch (c->kind) {
	case CPOL_CADENCE_PERIOD:
		for (i = 0; i < sizeof(unit_words) / sizeof(unit_words[0]); i++)
			if (unit_words[i].unit == c->every.unit) {
				snprintf(buf, CPOL_CADENCE_BUFSZ, "%s", unit_words[i].word);
				return buf;
			}
		break;
	case CPOL_CADENCE_INTERVAL:
		return cpol_duration_format(buf, &c->every);
	case CPOL_CADENCE_DAY_OF_MONTH:
		if (c->day == CPOL_CADENCE_MONTH_END)
			snprintf(buf, CPOL_CADENCE_BUFSZ, "month-end");
		else
			snprintf(buf, CPOL_CADENCE_BUFSZ, "%d%s", c->day, ordinal(c->day));
		return buf;
	case CPOL_CADENCE_WORKING_DAY:
		snprintf(buf, CPOL_CADENCE_BUFSZ, "working-day");
		return buf;
	case CPOL_CADENCE_IMMEDIATE:
		snprintf(buf, CPOL_CADENCE_BUFSZ, "immediate");
		return buf;
	default:
		break;
	}
	snprintf(buf, CPOL_CADENCE_BUFSZ, "none");
	return buf;
}

static cpol_date month_end(cpol_date d)
{
	return cpol_date_add_months(cpol_date_month_start(d), 1) - 1;
}

/* The calendar period of a unit containing date. */
static void period_of(cpol_time_unit u, cpol_date date, cpol_date *s, cpol_date *e)
{
	int y, m, d;
	cpol_date_split(&y, &m, &d, date);
	switch (u) {
	case CPOL_UNIT_WEEK:
		*s = cpol_date_week_start(date);
		*e = *s + 6;
		break;
	case CPOL_UNIT_HALF_MONTH:
		*s = cpol_date_month_start(date) + (d > 15 ? 15 : 0);
		*e = d > 15 ? month_end(date) : cpol_date_month_start(date) + 14;
		break;
	case CPOL_UNIT_MONTH:
		*s = cpol_date_month_start(date);
		*e = month_end(date);
		break;
	case CPOL_UNIT_QUARTER:
		*s = cpol_date_quarter_start(date);
		*e = cpol_date_add_months(*s, 3) - 1;
		break;
	case CPOL_UNIT_HALF_YEAR:
		*s = cpol_date_half_year_start(date);
		*e = cpol_date_add_months(*s, 6) - 1;
		break;
	case CPOL_UNIT_YEAR:
		cpol_date_from_ymd(s, y, 1, 1);
		cpol_date_from_ymd(e, y, 12, 31);
		break;
	default:
		*s = *e = date;
		break;
	}
}

static int cadence_ok(const cpol_cadence *c)
{
	if (!c)
		return 0;
	switch (c->kind) {
	case CPOL_CADENCE_PERIOD:
		return c->every.unit >= CPOL_UNIT_DAY && c->every.unit <= CPOL_UNIT_YEAR;
	case CPOL_CADENCE_INTERVAL:
		return c->every.count >= 1 && c->every.unit >= CPOL_UNIT_DAY &&
		       c->every.unit <= CPOL_UNIT_YEAR && c->every.unit != CPOL_UNIT_HALF_MONTH;
	case CPOL_CADENCE_DAY_OF_MONTH:
		return c->day == CPOL_CADENCE_MONTH_END || (c->day >= 1 && c->day <= 31);
	case CPOL_CADENCE_WORKING_DAY:
	case CPOL_CADENCE_IMMEDIATE:
		return 1;
	default:
		return 0;
	}
}

int cpol_cadence_period(cpol_date *start, cpol_date *end, const cpol_cadence *c, cpol_date date)
{
	if (!start || !end || !cadence_ok(c) || !in_range(date))
		return cpol__error_set(CPOL_EINVAL, "cpol_cadence_period: bad cadence or date");
	if (c->kind == CPOL_CADENCE_PERIOD)
		period_of(c->every.unit, date, start, end);
	else
		*start = *end = date;
	return 0;
}

/* The day-of-month cadence's day in the month containing date. */
static cpol_date day_in_month(cpol_date date, int day)
{
	int y, m, dim;
	cpol_date_split(&y, &m, NULL, date);
	dim = cpol_date_days_in_month(y, m);
	if (day == CPOL_CADENCE_MONTH_END || day > dim)
		day = dim;
	return cpol_date_month_start(date) + day - 1;
}

int cpol_rules_next_due(cpol_date *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                        const cpol_cadence *cadence, cpol_date last_done)
{
	cpol_date s, e, d;
	int working, rc, i;

	if (ref)
		*ref = NULL;
	if (!out || !rules || !cadence_ok(cadence) || !in_range(last_done) ||
	    last_done > CPOL__DATE_MAX - 400)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_next_due: bad cadence or date");
	switch (cadence->kind) {
	case CPOL_CADENCE_PERIOD:
		period_of(cadence->every.unit, last_done, &s, &e);
		period_of(cadence->every.unit, e + 1, &s, out);
		return 0;
	case CPOL_CADENCE_INTERVAL:
		return cpol_duration_add(out, &cadence->every, last_done);
	case CPOL_CADENCE_DAY_OF_MONTH:
		d = day_in_month(last_done, cadence->day);
		if (d <= last_done)
			d = day_in_month(cpol_date_add_months(cpol_date_month_start(last_done), 1),
			                 cadence->day);
		*out = d;
		return 0;
	case CPOL_CADENCE_WORKING_DAY:
		for (i = 1; i <= 400; i++) {
			if ((rc = cpol_rules_is_working_day(&working, ref, rules, last_done + i)) < 0)
				return rc;
			if (working) {
				*out = last_done + i;
				return 0;
			}
		}
		return cpol__error_set(CPOL_ERULES, "no working day within 400 days of the date");
	default:
		*out = last_done;
		return 0;
	}
}

/* ---------------------------------------------------------------- calendar */

static const cpol_rules_day *find_day(const cpol_rules_day *v, size_t n, cpol_date d)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].date < d)
			lo = mid + 1;
		else if (v[mid].date > d)
			hi = mid;
		else
			return &v[mid];
	}
	return NULL;
}

static int check_args(const cpol_rules *rules, const void *out, cpol_date date, const char *fn)
{
	if (!rules || !out)
		return cpol__error_set(CPOL_EINVAL, "%s: NULL argument", fn);
	if (!in_range(date))
		return cpol__error_set(CPOL_EINVAL, "%s: date out of range", fn);
	return 0;
}

int cpol_calendar_day_get(cpol_calendar_day *out, const cpol_rules *rules, cpol_date date)
{
	const cpol_rules_calendar *cal;
	const cpol_rules_day *day;
	int rc, year;

	if ((rc = check_args(rules, out, date, "cpol_calendar_day_get")) < 0 ||
	    (rc = cpol__check_version(out->version, CPOL_CALENDAR_DAY_VERSION, "cpol_calendar_day")) < 0)
		return rc;
	cal = &rules->calendar;
	cpol_date_split(&year, NULL, NULL, date);
	out->provisional = !cpol__rules_year_has_notice(cal, year);
	if (!out->provisional)
		day = find_day(cal->workdays, cal->workday_count, date);
	else
		day = find_day(cal->computed_workdays, cal->computed_workday_count, date);
	if (day) {
		out->working = 1;
	} else {
		if (!out->provisional)
			day = find_day(cal->holidays, cal->holiday_count, date);
		else
			day = find_day(cal->computed_holidays, cal->computed_holiday_count, date);
		if (!day) {
			out->working = !(cal->weekend.value & (1 << cpol_date_weekday(date)));
			out->holiday = NULL;
			out->ref = cal->weekend.ref;
			return 0;
		}
		out->working = 0;
	}
	out->holiday = day->name;
	out->ref = day->ref;
	return 0;
}

CPOL__DEFINE_INIT(cpol_calendar_day_init, cpol_calendar_day, CPOL_CALENDAR_DAY_INIT,
                  CPOL_CALENDAR_DAY_VERSION)

int cpol_rules_is_working_day(int *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                              cpol_date date)
{
	cpol_calendar_day day = CPOL_CALENDAR_DAY_INIT;
	int rc;

	if ((rc = check_args(rules, out, date, "cpol_rules_is_working_day")) < 0)
		return rc;
	if ((rc = cpol_calendar_day_get(&day, rules, date)) < 0)
		return rc;
	*out = day.working;
	if (ref)
		*ref = day.ref;
	return 0;
}

/* Is the lunar day one of the region's lunar market days? */
static const cpol_rule_ref *lunar_market_day(const cpol_rules_market_days *m, cpol_date date)
{
	cpol_lunar_date l;
	size_t i;

	if (!m->lunar_days_of_month_count && !m->lunar_day_ending_count)
		return NULL;
	if (cpol_date_to_lunar(&l, date) < 0) {
		cpol_error_clear();
		return NULL;
	}
	for (i = 0; i < m->lunar_days_of_month_count; i++)
		if (m->lunar_days_of_month[i] == l.day)
			return m->lunar_days_of_month_ref;
	for (i = 0; i < m->lunar_day_ending_count; i++)
		if (m->lunar_day_endings[i] == l.day % 10)
			return m->lunar_day_endings_ref;
	return NULL;
}

int cpol_rules_is_market_day(int *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                             cpol_date date)
{
	const cpol_rules_market_days *m;
	const cpol_rules_day *day;
	const cpol_rule_ref *lref;
	const cpol__rnode *node;
	size_t i;
	int rc, dom;

	if ((rc = check_args(rules, out, date, "cpol_rules_is_market_day")) < 0)
		return rc;
	m = &rules->calendar.market_days;
	*out = 1;
	if (m->every.ref && m->anchor.ref) {
		int64_t step = m->every.value.count * (m->every.value.unit == CPOL_UNIT_WEEK ? 7 : 1);
		int64_t diff = (int64_t)date - m->anchor.value;
		if (((diff % step) + step) % step == 0) {
			if (ref)
				*ref = m->every.ref;
			return 0;
		}
	}
	cpol_date_split(NULL, NULL, &dom, date);
	for (i = 0; i < m->days_of_month_count; i++)
		if (m->days_of_month[i] == dom) {
			if (ref)
				*ref = m->days_of_month_ref;
			return 0;
		}
	if ((day = find_day(m->dates, m->date_count, date))) {
		if (ref)
			*ref = day->ref;
		return 0;
	}
	if ((lref = lunar_market_day(m, date))) {
		if (ref)
			*ref = lref;
		return 0;
	}
	*out = 0;
	if (ref)
		*ref = cpol__rules_lookup(&node, rules, "calendar.market_days") == 0 ? &node->ref
		                                                                     : NULL;
	cpol_error_clear();
	return 0;
}

int cpol_rules_is_reception_day(int *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                                cpol_date date)
{
	const cpol_rules_duty *d;
	int working, market, rc;

	if ((rc = check_args(rules, out, date, "cpol_rules_is_reception_day")) < 0)
		return rc;
	d = &rules->duty;
	if ((rc = cpol_rules_is_working_day(&working, NULL, rules, date)) < 0)
		return rc;
	if (working && (d->reception_weekdays.value & (1 << cpol_date_weekday(date)))) {
		*out = 1;
		if (ref)
			*ref = d->reception_weekdays.ref;
		return 0;
	}
	if (d->reception_on_market_days.value) {
		if ((rc = cpol_rules_is_market_day(&market, NULL, rules, date)) < 0)
			return rc;
		if (market) {
			*out = 1;
			if (ref)
				*ref = d->reception_on_market_days.ref;
			return 0;
		}
	}
	*out = 0;
	if (ref)
		*ref = d->reception_weekdays.ref;
	return 0;
}

/* --------------------------------------------------------- owed-by dates */

/*
 * The one date arithmetic of everything owed (the work module's owed view
 * and the population's due list alike), so that a holiday rule, a
 * first-period rule or a fixed-day rule is written once.
 */

static int note_provisional(int *provisional, const cpol_rules *rules, cpol_date d)
{
	cpol_calendar_day day = CPOL_CALENDAR_DAY_INIT;
	int rc;
	if (!provisional)
		return 0;
	if ((rc = cpol_calendar_day_get(&day, rules, d)) < 0)
		return rc;
	*provisional |= day.provisional;
	return 0;
}

int cpol__rules_move_forward(cpol_date *out, int *provisional, const cpol_rules *rules,
                             cpol_date d)
{
	const cpol_rule_string *how = &rules->calendar.deadline_on_holiday;
	cpol_calendar_day day = CPOL_CALENDAR_DAY_INIT;
	int i, rc;

	*out = d;
	if (!how->value || strcmp(how->value, "next_working_day") != 0)
		return 0; /* "keep", or unset */
	for (i = 0; i < 60 && in_range(d + i); i++) {
		if ((rc = cpol_calendar_day_get(&day, rules, d + i)) < 0)
			return rc;
		if (provisional)
			*provisional |= day.provisional;
		if (day.working) {
			*out = d + i;
			return 0;
		}
	}
	return 0;
}

int cpol__rules_move_back(cpol_date *out, int *provisional, const cpol_rules *rules,
                          cpol_date d, cpol_date floor)
{
	const cpol_rule_string *how = &rules->calendar.period_end_on_holiday;
	cpol_calendar_day day = CPOL_CALENDAR_DAY_INIT;
	cpol_date x;
	int rc;

	*out = d;
	if (d < floor)
		return CPOL_ENOTFOUND;
	if (!how->value || strcmp(how->value, "previous_working_day") != 0)
		return 0; /* "keep", or unset */
	for (x = d; x >= floor && in_range(x); x--) {
		if ((rc = cpol_calendar_day_get(&day, rules, x)) < 0)
			return rc;
		if (provisional)
			*provisional |= day.provisional;
		if (day.working) {
			*out = x;
			return 0;
		}
	}
	return CPOL_ENOTFOUND; /* no working day in [floor, d]; *out stays d */
}

/* A fixed day of the month in the month of date, moved back within the month. */
static int moved_day_in_month(cpol_date *out, int *provisional, const cpol_rules *rules,
                              cpol_date date, int day, cpol_date floor)
{
	cpol_date d = day_in_month(date, day), ms = cpol_date_month_start(date);
	return cpol__rules_move_back(out, provisional, rules, d, floor > ms ? floor : ms);
}

int cpol_rules_owed_by(cpol_date *out, int *provisional, const cpol_rules *rules,
                       const cpol_cadence *cadence, cpol_date last_done, cpol_date start)
{
	cpol_date ps, pe, d, floor;
	int rc, i;

	if (provisional)
		*provisional = 0;
	if (!out || !rules || !cadence_ok(cadence) ||
	    (last_done != CPOL_DATE_NONE && !in_range(last_done)) ||
	    (last_done == CPOL_DATE_NONE && !in_range(start)) ||
	    (last_done != CPOL_DATE_NONE ? last_done : start) > CPOL__DATE_MAX - 800)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_owed_by: bad cadence or date");
	switch (cadence->kind) {
	case CPOL_CADENCE_PERIOD:
		if (last_done != CPOL_DATE_NONE) {
			period_of(cadence->every.unit, last_done, &ps, &pe);
			period_of(cadence->every.unit, pe + 1, &ps, &pe);
			floor = ps;
		} else {
			/* The first period is the one the subject began in ... */
			period_of(cadence->every.unit, start, &ps, &pe);
			floor = start;
		}
		rc = cpol__rules_move_back(out, provisional, rules, pe, floor);
		if (rc == CPOL_ENOTFOUND && last_done == CPOL_DATE_NONE) {
			/* ... unless no working day of it is left: then the next one. */
			period_of(cadence->every.unit, pe + 1, &ps, &pe);
			rc = cpol__rules_move_back(out, provisional, rules, pe, ps);
		}
		break;
	case CPOL_CADENCE_DAY_OF_MONTH:
		if (last_done == CPOL_DATE_NONE) {
			/* the first occurrence that, moved, is not before the start */
			rc = CPOL_ENOTFOUND;
			for (i = 0; i < 3 && rc == CPOL_ENOTFOUND; i++) {
				d = cpol_date_add_months(cpol_date_month_start(start), i);
				rc = moved_day_in_month(out, provisional, rules, d, cadence->day,
				                        i == 0 ? start : d);
			}
			break;
		}
		/*
		 * The month's day counts as held when it was held on or after the
		 * day it was moved to: the 18th on a Sunday is moved to Friday the
		 * 16th, and a meeting held on the 16th fulfils that month.
		 */
		rc = moved_day_in_month(&d, provisional, rules, last_done, cadence->day, 0);
		if (rc == CPOL_ENOTFOUND)
			d = day_in_month(last_done, cadence->day);
		else if (rc < 0)
			return rc;
		if (last_done < d) {
			*out = d;
			rc = 0;
			break;
		}
		d = cpol_date_add_months(cpol_date_month_start(last_done), 1);
		rc = moved_day_in_month(out, provisional, rules, d, cadence->day, d);
		break;
	case CPOL_CADENCE_INTERVAL:
		if ((rc = cpol_duration_add(&d, &cadence->every,
		                            last_done != CPOL_DATE_NONE ? last_done : start)) < 0)
			return rc;
		rc = cpol__rules_move_forward(out, provisional, rules, d);
		break;
	case CPOL_CADENCE_WORKING_DAY:
		if ((rc = cpol_rules_next_due(out, NULL, rules, cadence,
		                              last_done != CPOL_DATE_NONE ? last_done : start - 1)) < 0)
			return rc;
		rc = note_provisional(provisional, rules, *out);
		break;
	default:
		*out = last_done != CPOL_DATE_NONE ? last_done : start;
		rc = 0;
		break;
	}
	if (rc == CPOL_ENOTFOUND)
		rc = 0; /* a period with no working day at all: its last day */
	return rc;
}

int cpol_rules_deadline(cpol_date *out, int *provisional, const cpol_rules *rules,
                        const cpol_duration *within, cpol_date from)
{
	cpol_date d;
	int rc;

	if (provisional)
		*provisional = 0;
	if (!out || !rules || !within)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_deadline: NULL argument");
	if ((rc = cpol_duration_add(&d, within, from)) < 0)
		return rc;
	if (within->unit == CPOL_UNIT_HOUR) {
		/* a limit in hours runs by the clock: no holiday stretches it */
		*out = d;
		return 0;
	}
	return cpol__rules_move_forward(out, provisional, rules, d);
}

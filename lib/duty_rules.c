/*
 * libcommpolice — duty: taking parameters and the calendar from region rules.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_internal.h"

#include <string.h>

static void take_int(cpol_rule_int *dst, const cpol_rule_int *src)
{
	if (CPOL_RULE_IS_SET(*src))
		*dst = *src;
}

static int is_holiday(const cpol_rules_calendar *cal, cpol_date date)
{
	size_t lo = 0, hi = cal->holiday_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cal->holidays[mid].date == date)
			return 1;
		if (cal->holidays[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int cpol_duty_problem_set_rules(cpol_duty_problem *p, const cpol_rules *rules)
{
	const cpol_rules_duty *du;
	const cpol_rules_calendar *cal;
	cpol_duty_params *pr;
	int d, rc;

	if (!p || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_problem_set_rules: NULL argument");
	du = cpol_rules_get_duty(rules);
	cal = cpol_rules_get_calendar(rules);
	pr = &p->params;
	take_int(&pr->min_days_in_district_per_week, &du->min_days_in_district_per_week);
	take_int(&pr->min_nights_per_week, &du->min_nights_per_week);
	take_int(&pr->max_nights_per_week, &du->max_nights_per_week);
	take_int(&pr->no_duty_after, &du->no_duty_after);
	take_int(&pr->auxiliary_hours_per_day, &du->auxiliary_hours_per_day);
	take_int(&pr->training_days_per_year, &du->training_days_per_year);
	if (CPOL_RULE_IS_SET(du->rest_after_night))
		pr->rest_after_night = du->rest_after_night;
	take_int(&pr->work_start, &cal->work_start);
	take_int(&pr->work_end, &cal->work_end);

	for (d = 0; d < p->ndays; d++) {
		cpol_date date = p->start + d;
		const cpol_rule_ref *wref = NULL, *rref = NULL;
		int working = 0, reception = 0, market = 0, wd = cpol_date_weekday(date);
		unsigned flags = 0;
		int64_t weekend = CPOL_RULE_IS_SET(cal->weekend) ? cal->weekend.value : (1 << 6) | (1 << 7);

		if ((rc = cpol_rules_is_working_day(&working, &wref, rules, date)) < 0 ||
		    (rc = cpol_rules_is_reception_day(&reception, &rref, rules, date)) < 0 ||
		    (rc = cpol_rules_is_market_day(&market, NULL, rules, date)) < 0)
			return rc;
		if (working)
			flags |= CPOL_DUTY_DAY_WORKING;
		if (reception)
			flags |= CPOL_DUTY_DAY_RECEPTION;
		if (market)
			flags |= CPOL_DUTY_DAY_MARKET;
		if (is_holiday(cal, date))
			flags |= CPOL_DUTY_DAY_HOLIDAY;
		else if (!working && ((weekend >> wd) & 1))
			flags |= CPOL_DUTY_DAY_WEEKEND;
		p->days[d].flags = flags;
		p->days[d].working_ref = wref;
		p->days[d].reception_ref = rref;
	}
	p->rules = rules;
	return 0;
}

/*
 * libcommpolice — duty: taking parameters and the calendar from region rules.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_internal.h"

#include <string.h>

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
	const cpol_rules_calendar *cal;
	cpol_duty_params pr;
	int d, rc;

	if (!p || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_problem_set_rules: NULL argument");
	cal = cpol_rules_get_calendar(rules);
	pr = p->params;
	if ((rc = cpol__duty_params_from_rules(&pr, rules)) < 0)
		return rc;

	for (d = 0; d < p->ndays; d++) {
		cpol_date date = p->start + d;
		const cpol_rule_ref *wref = NULL, *rref = NULL;
		int working = 0, reception = 0, market = 0, wd = cpol_date_weekday(date);
		unsigned flags = 0;
		int64_t weekend = cal->weekend.value;

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
	p->params = pr;
	p->rules = rules;
	return 0;
}

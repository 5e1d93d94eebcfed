/*
 * libcommpolice — rules: the provisional holiday calendar of a year whose
 * State Council notice is not in the rules.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "rules_internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * The days off and make-up working days of a year come from that year's
 * notice (国务院办公厅关于X年部分节假日安排的通知), listed under
 * calendar.holidays / calendar.workdays. A year the rules do not list is
 * computed here from 《全国年节及纪念日放假办法》 as revised in 2024 (in
 * force from 2025) and the principles the notices state since 2025, and
 * every answer that depends on it is marked provisional:
 *
 * - statutory days: 元旦 Jan 1; 春节 除夕 and 正月初一-初三; 清明 (solar
 *   term); 劳动节 May 1-2; 端午 (lunar 5-5); 中秋 (lunar 8-15); 国庆 Oct 1-3;
 * - the block off: 春节 8 days from 除夕; 劳动节 May 1-5; 国庆 Oct 1-7, or 8
 *   days with 中秋 when 中秋 falls between Sep 29 and Oct 8; the others 3
 *   days joined to the weekend (Sat-Mon for a Sat, Sun or Mon; Sun-Tue for a
 *   Tue; Thu-Sat for a Thu; Fri-Sun for a Fri), or the single day when it
 *   falls on a Wednesday;
 * - make-up working days: as many as the block's weekdays exceed its
 *   statutory days, taken from the nearest weekend days outside any block,
 *   one before and one after when two are needed (the nearer side first
 *   when one is).
 *
 * The notices also keep runs of work to six days, which this does not
 * check: the result is a forecast, which is why it is provisional. Years
 * before 2025 fall under the older law and are not computed (weekends
 * only, provisional); neither are years after CPOL_LUNAR_YEAR_MAX.
 */

#define FIRST_YEAR 2025
#define LAST_YEAR CPOL_LUNAR_YEAR_MAX

typedef struct block {
	cpol_date from, to;       /* days off */
	cpol_date statutory[4];   /* the law's days inside it */
	int statutory_count;
	const char *name;
} block;

typedef struct dayvec {
	cpol_rules_day *v;
	size_t n, cap;
} dayvec;

static int push(dayvec *dv, cpol_date d, const char *name, const cpol_rule_ref *ref)
{
	if (dv->n == dv->cap) {
		size_t cap = dv->cap ? dv->cap * 2 : 256;
		cpol_rules_day *p = realloc(dv->v, cap * sizeof(*p));
		if (!p)
			return cpol__error_set(CPOL_ENOMEM, "out of memory");
		dv->v = p;
		dv->cap = cap;
	}
	dv->v[dv->n++] = (cpol_rules_day){ d, name, ref };
	return 0;
}

static cpol_date ymd(int y, int m, int d)
{
	cpol_date x = 0;
	cpol_date_from_ymd(&x, y, m, d);
	return x;
}

/* A one-day festival made 3 days with the weekend (or 1 on a Wednesday). */
static block three_days(cpol_date s, const char *name)
{
	static const int before[8] = { 0, 2, 2, 0, 0, 0, 0, 1 };
	static const int after[8] = { 0, 0, 0, 0, 2, 2, 2, 1 };
	int w = cpol_date_weekday(s);
	return (block){ s - before[w], s + after[w], { s }, 1, name };
}

static int lunar_day(cpol_date *out, int year, int month, int day)
{
	cpol_lunar_date l = { year, month, day, 0 };
	return cpol_date_from_lunar(out, &l);
}

/* The blocks of a year, in date order; returns their number. */
static int year_blocks(block *b, int y)
{
	cpol_date eve, qm, dw, mid, oct1 = ymd(y, 10, 1);
	int n = 0;

	if (lunar_day(&eve, y, 1, 1) < 0 || cpol_date_qingming(&qm, y) < 0 ||
	    lunar_day(&dw, y, 5, 5) < 0 || lunar_day(&mid, y, 8, 15) < 0)
		return -1;
	eve -= 1;
	b[n++] = three_days(ymd(y, 1, 1), "元旦");
	b[n++] = (block){ eve, eve + 7, { eve, eve + 1, eve + 2, eve + 3 }, 4, "春节" };
	b[n++] = three_days(qm, "清明节");
	b[n++] = (block){ ymd(y, 5, 1), ymd(y, 5, 5), { ymd(y, 5, 1), ymd(y, 5, 2) }, 2,
	                  "劳动节" };
	b[n++] = three_days(dw, "端午节");
	if (mid >= ymd(y, 9, 29) && mid <= ymd(y, 10, 8)) {
		cpol_date s = mid < oct1 ? mid : oct1;
		b[n++] = (block){ s, s + 7, { oct1, oct1 + 1, oct1 + 2, mid }, 4, "国庆节、中秋节" };
	} else {
		b[n++] = three_days(mid, "中秋节");
		b[n++] = (block){ oct1, oct1 + 6, { oct1, oct1 + 1, oct1 + 2 }, 3, "国庆节" };
	}
	return n;
}

static int day_cmp(const void *pa, const void *pb)
{
	const cpol_rules_day *a = pa, *b = pb;
	return (a->date > b->date) - (a->date < b->date);
}

static int listed(const dayvec *dv, cpol_date d)
{
	size_t lo = 0, hi = dv->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (dv->v[mid].date < d)
			lo = mid + 1;
		else if (dv->v[mid].date > d)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static int is_weekend(int64_t mask, cpol_date d)
{
	return (mask & (1 << cpol_date_weekday(d))) != 0;
}

/* The nearest free weekend day from d stepping by step (-1 or +1). */
static cpol_date free_weekend(const dayvec *off, const dayvec *work, int64_t mask,
                              cpol_date d, int step)
{
	int i;
	for (i = 0; i < 21; i++, d += step)
		if (is_weekend(mask, d) && !listed(off, d) && !listed(work, d))
			return d;
	return CPOL_DATE_NONE;
}

static int add_makeups(dayvec *work, const dayvec *off, int64_t mask, const block *b,
                       const cpol_rule_ref *ref)
{
	cpol_date d, before, after;
	int weekdays = 0, k, rc, side = 0; /* the side last taken: -1 before, +1 after */

	for (d = b->from; d <= b->to; d++)
		weekdays += !is_weekend(mask, d);
	for (k = weekdays - b->statutory_count; k > 0; k--) {
		before = free_weekend(off, work, mask, b->from - 1, -1);
		after = free_weekend(off, work, mask, b->to + 1, +1);
		if (before == CPOL_DATE_NONE && after == CPOL_DATE_NONE)
			return 0;
		if (after == CPOL_DATE_NONE || (before != CPOL_DATE_NONE &&
		    (side ? side > 0 : b->from - before <= after - b->to)))
			d = before, side = -1;
		else
			d = after, side = +1;
		if ((rc = push(work, d, b->name, ref)) < 0)
			return rc;
		/* keep the vector sorted for listed() */
		qsort(work->v, work->n, sizeof(*work->v), day_cmp);
	}
	return 0;
}

static int int_cmp(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;
	return (a > b) - (a < b);
}

/* The years keyed under calendar.holidays and calendar.workdays. */
static int notice_years(cpol_rules_calendar *cal, struct cpol_rules *r)
{
	static const char *const keys[] = { "calendar.holidays", "calendar.workdays" };
	const cpol__rnode *n[2] = { NULL, NULL };
	size_t total = 0, i, k, m = 0;
	int *years;

	for (k = 0; k < 2; k++) {
		if (cpol__rules_lookup(&n[k], r, keys[k]) < 0 || n[k]->kind != CPOL__RN_MAP)
			n[k] = NULL;
		else
			total += n[k]->n;
	}
	cpol_error_clear();
	if (!total)
		return 0;
	if (!(years = cpol__arena_alloc(&r->arena, total * sizeof(*years))))
		return CPOL_ENOMEM;
	for (k = 0; k < 2; k++)
		for (i = 0; n[k] && i < n[k]->n; i++)
			years[m++] = atoi(n[k]->entries[i].key);
	qsort(years, m, sizeof(*years), int_cmp);
	for (i = k = 0; i < m; i++)
		if (k == 0 || years[k - 1] != years[i])
			years[k++] = years[i];
	cal->notice_years = years;
	cal->notice_year_count = k;
	return 0;
}

int cpol__rules_year_has_notice(const cpol_rules_calendar *cal, int year)
{
	/* bsearch() may not be given a null base, even for zero elements. */
	if (!cal->notice_year_count)
		return 0;
	return bsearch(&year, cal->notice_years, cal->notice_year_count, sizeof(int),
	               int_cmp) != NULL;
}

/* Copy the days of years without a notice into the arena. */
static int keep(const cpol_rules_day **out, size_t *count, struct cpol_rules *r,
                const dayvec *dv)
{
	cpol_rules_day *v;
	size_t i, n = 0;
	int y;

	if (!(v = cpol__arena_alloc(&r->arena, (dv->n ? dv->n : 1) * sizeof(*v))))
		return CPOL_ENOMEM;
	for (i = 0; i < dv->n; i++) {
		cpol_date_split(&y, NULL, NULL, dv->v[i].date);
		if (y >= FIRST_YEAR && !cpol__rules_year_has_notice(&r->calendar, y))
			v[n++] = dv->v[i];
	}
	*out = v;
	*count = n;
	return 0;
}

int cpol__rules_calendar_compute(struct cpol_rules *r)
{
	cpol_rules_calendar *cal = &r->calendar;
	int64_t mask = cal->weekend.ref ? cal->weekend.value : (1 << 6) | (1 << 7);
	dayvec off = { 0 }, work = { 0 };
	cpol_rule_ref *href, *wref;
	block b[8];
	int y, i, n, rc;
	cpol_date d;

	if ((rc = notice_years(cal, r)) < 0)
		return rc;
	href = cpol__arena_alloc(&r->arena, sizeof(*href));
	wref = cpol__arena_alloc(&r->arena, sizeof(*wref));
	if (!href || !wref)
		return CPOL_ENOMEM;
	*href = (cpol_rule_ref){ "calendar.holidays", CPOL_RULES_COMPUTED_FILE, 0, 0, r->region };
	*wref = (cpol_rule_ref){ "calendar.workdays", CPOL_RULES_COMPUTED_FILE, 0, 0, r->region };
	for (y = FIRST_YEAR; y <= LAST_YEAR; y++) {
		if ((n = year_blocks(b, y)) < 0) {
			rc = CPOL_EINVAL;
			goto done;
		}
		for (i = 0; i < n; i++)
			for (d = b[i].from; d <= b[i].to; d++)
				if ((rc = push(&off, d, b[i].name, href)) < 0)
					goto done;
	}
	if (off.n > 1)
		qsort(off.v, off.n, sizeof(*off.v), day_cmp);
	for (y = FIRST_YEAR; y <= LAST_YEAR; y++) {
		n = year_blocks(b, y);
		for (i = 0; i < n; i++)
			if ((rc = add_makeups(&work, &off, mask, &b[i], wref)) < 0)
				goto done;
	}
	if ((rc = keep(&cal->computed_holidays, &cal->computed_holiday_count, r, &off)) < 0)
		goto done;
	rc = keep(&cal->computed_workdays, &cal->computed_workday_count, r, &work);
done:
	free(off.v);
	free(work.v);
	return rc;
}

/*
 * libcommpolice — duty: the cost of a roster, kept incrementally, and the
 * check report that explains it rule by rule.
 *
 * One evaluator serves both the checker and the generator, so that the
 * penalty the generator minimises is, by construction, the penalty the
 * checker reports.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int popcount32(uint32_t x)
{
	int n = 0;
	while (x) {
		x &= x - 1;
		n++;
	}
	return n;
}

/* a/b rounded half up, for non-negative a and positive b. */
static int round_div(int a, int b)
{
	return (2 * a + b) / (2 * b);
}

void cpol__duty_week_days(const cpol__duty_eval *e, int week, int *first, int *last)
{
	int f = week * 7 - e->off, l = f + 6;
	*first = f < 0 ? 0 : f;
	*last = l >= e->nd ? e->nd - 1 : l;
}

/* Which cell rules shift s breaks for person p on day d, as rule bits. */
static unsigned cell_breaks(const cpol__duty_eval *e, int p, int d, int s)
{
	const cpol_duty_problem *pb = e->p;
	const cpol__duty_person *x = &pb->people[p];
	const cpol_duty_shift *sh = &pb->shifts[s];
	unsigned day = pb->days[d].flags, b = 0;

	if (x->away[d])
		b |= 1u << CPOL_DUTY_RULE_AVAILABILITY;
	if (!(sh->who & (1u << x->kind)))
		b |= 1u << CPOL_DUTY_RULE_QUALIFICATION;
	if (x->dedicated && ((e->late_mask >> s) & 1u))
		b |= 1u << CPOL_DUTY_RULE_DEDICATED_LATE;
	if ((sh->flags & CPOL_SHIFT_WORKING_DAYS) && !(day & CPOL_DUTY_DAY_WORKING))
		b |= 1u << CPOL_DUTY_RULE_WORKING_DAY;
	if ((sh->flags & CPOL_SHIFT_RECEPTION) && !(day & CPOL_DUTY_DAY_RECEPTION))
		b |= 1u << CPOL_DUTY_RULE_RECEPTION_DAY;
	return b;
}

static int overlaps(const cpol_duty_shift *a, int a_off, const cpol_duty_shift *b, int b_off)
{
	return a->start + a_off < b->end + b_off && b->start + b_off < a->end + a_off;
}

static int rotation_init(cpol__duty_eval *e);

int cpol__duty_eval_init(cpol__duty_eval *e, const cpol_duty_problem *p)
{
	const cpol_duty_params *pr = &p->params;
	int np = p->npeople, nd = p->ndays, ns = p->nshifts, i, d, s, w, k;
	int min_nights = (int)pr->min_nights_per_week.value;
	size_t cells = (size_t)np * (size_t)nd;

	memset(e, 0, sizeof(*e));
	e->p = p;
	e->np = np;
	e->nd = nd;
	e->ns = ns;
	e->off = cpol_date_weekday(p->start) - 1;
	e->nw = (nd + e->off + 6) / 7;

	for (s = 0; s < ns; s++) {
		const cpol_duty_shift *sh = &p->shifts[s];
		uint32_t bit = 1u << s;
		if (sh->flags & CPOL_SHIFT_NIGHT) e->night_mask |= bit;
		if (sh->flags & CPOL_SHIFT_PATROL) e->patrol_mask |= bit;
		if (sh->flags & CPOL_SHIFT_COVER) e->cover_mask |= bit;
		if (sh->flags & CPOL_SHIFT_RECEPTION) e->reception_mask |= bit;
		if (sh->flags & CPOL_SHIFT_IN_DISTRICT) e->district_mask |= bit;
		if (sh->flags & CPOL_SHIFT_WORKING_DAYS) e->day_mask |= bit;
		if (pr->no_duty_after.value > 0 && sh->end > pr->no_duty_after.value)
			e->late_mask |= bit;
		if (sh->who & CPOL_DUTY_WHO_OFFICER) e->officer_ok |= bit;
		if (sh->who & CPOL_DUTY_WHO_AUXILIARY) e->auxiliary_ok |= bit;
	}

	e->cell = calloc(cells ? cells : 1, sizeof(*e->cell));
	e->allowed = calloc(cells ? cells : 1, sizeof(*e->allowed));
	e->week_of = calloc((size_t)nd, sizeof(int));
	e->week_req = calloc((size_t)e->nw, sizeof(int));
	e->night_req = calloc((size_t)(np ? np : 1) * (size_t)e->nw, sizeof(int));
	e->night_eligible = calloc((size_t)(np ? np : 1), sizeof(int));
	e->pref_idx = calloc(cells ? cells : 1, sizeof(int *));
	e->pref_shift = calloc((size_t)(p->nprefs ? p->nprefs : 1), sizeof(int));
	e->cnt = calloc((size_t)nd * (size_t)(ns ? ns : 1), sizeof(int));
	e->in_district = calloc((size_t)nd, sizeof(int));
	e->nights = calloc((size_t)(np ? np : 1) * (size_t)e->nw, sizeof(int));
	e->fair = calloc((size_t)(np ? np : 1) * CPOL__FAIR_N, sizeof(int));
	e->fair_member = calloc((size_t)(np ? np : 1) * CPOL__FAIR_N, sizeof(int));
	e->present = calloc((size_t)(np ? np : 1), sizeof(int));
	e->shift_min = calloc((size_t)(ns ? ns : 1), sizeof(int));
	e->minutes_pw = calloc((size_t)(np ? np : 1) * (size_t)e->nw, sizeof(int));
	e->week_cap = calloc((size_t)e->nw, sizeof(int));
	if (!e->present || !e->shift_min || !e->minutes_pw || !e->week_cap) {
		cpol__duty_eval_free(e);
		return cpol__error_oom();
	}
	for (s = 0; s < ns; s++)
		e->shift_min[s] = p->shifts[s].end - p->shifts[s].start;
	if (!e->cell || !e->allowed || !e->week_of || !e->week_req || !e->night_req ||
	    !e->night_eligible || !e->pref_idx || !e->pref_shift || !e->cnt || !e->in_district ||
	    !e->nights || !e->fair || !e->fair_member) {
		cpol__duty_eval_free(e);
		return cpol__error_oom();
	}
	e->weight[CPOL__FAIR_NIGHTS] = pr->weight_nights.value;
	e->weight[CPOL__FAIR_WEEKENDS] = pr->weight_weekends.value;
	e->weight[CPOL__FAIR_HOLIDAYS] = pr->weight_holidays.value;
	e->weight[CPOL__FAIR_LOAD] = pr->weight_load.value;

	for (d = 0; d < nd; d++)
		e->week_of[d] = (d + e->off) / 7;
	for (i = 0; i < np; i++)
		for (d = 0; d < nd; d++) {
			uint32_t a = 0;
			for (s = 0; s < ns; s++)
				if (!cell_breaks(e, i, d, s))
					a |= 1u << s;
			e->allowed[i * nd + d] = a;
		}

	/*
	 * Weekly minimums over the part of a week inside the roster, and over
	 * the days a person is there, are prorated (rounded half up): 3 days
	 * in the district in a full week, 1 in the three days Friday-Sunday;
	 * and never more than there are working days.
	 */
	for (w = 0; w < e->nw; w++) {
		int first, last, k_days, working = 0;
		cpol__duty_week_days(e, w, &first, &last);
		k_days = last - first + 1;
		for (d = first; d <= last; d++)
			if (p->days[d].flags & CPOL_DUTY_DAY_WORKING)
				working++;
		e->week_req[w] = round_div((int)pr->min_days_in_district_per_week.value * k_days, 7);
		e->week_cap[w] = round_div((int)pr->max_hours_per_week.value * 60 * k_days, 7);
		if (e->week_req[w] > working)
			e->week_req[w] = working;
		for (i = 0; i < np; i++) {
			int there = 0;
			for (d = first; d <= last; d++)
				if (!p->people[i].away[d])
					there++;
			e->night_req[i * e->nw + w] = round_div(min_nights * there, 7);
		}
	}
	for (i = 0; i < np; i++) {
		const cpol__duty_person *x = &p->people[i];
		uint32_t ok = x->kind == CPOL_STAFF_OFFICER ? e->officer_ok : e->auxiliary_ok;
		if (x->dedicated)
			ok &= ~e->late_mask;
		/* Nights are owed by officers who may do a night; dedicated officers may not. */
		e->night_eligible[i] = x->kind == CPOL_STAFF_OFFICER && (ok & e->night_mask) != 0;
		if (!e->night_eligible[i])
			for (w = 0; w < e->nw; w++)
				e->night_req[i * e->nw + w] = 0;
		e->fair_member[i * CPOL__FAIR_N + CPOL__FAIR_NIGHTS] = (ok & (e->night_mask | e->patrol_mask)) != 0;
		e->fair_member[i * CPOL__FAIR_N + CPOL__FAIR_WEEKENDS] = ok != 0;
		e->fair_member[i * CPOL__FAIR_N + CPOL__FAIR_HOLIDAYS] = ok != 0;
		e->fair_member[i * CPOL__FAIR_N + CPOL__FAIR_LOAD] = ok != 0;
		e->fair[i * CPOL__FAIR_N + CPOL__FAIR_NIGHTS] = x->hist.night_minutes;
		e->fair[i * CPOL__FAIR_N + CPOL__FAIR_WEEKENDS] = x->hist.weekend_minutes;
		e->fair[i * CPOL__FAIR_N + CPOL__FAIR_HOLIDAYS] = x->hist.holiday_minutes;
		e->fair[i * CPOL__FAIR_N + CPOL__FAIR_LOAD] = x->hist.minutes;
		e->present[i] = x->hist.days;
		for (d = 0; d < nd; d++)
			if (!x->away[d])
				e->present[i]++;
	}

	/*
	 * Training over the yearly allowance depends on the absences alone, not
	 * on the roster: a constant of the cost, so that check and generate
	 * agree that such a problem cannot meet every hard rule.
	 */
	for (i = 0; i < np; i++)
		for (k = 0; k < cpol__duty_years(p); k++) {
			cpol__duty_training t;
			cpol__duty_training_of(p, i, k, &t);
			e->training_hard += t.excess;
		}

	/* Preferences: which apply to each cell. */
	for (k = 0; k < p->nprefs; k++) {
		const cpol__duty_pref *q = &p->prefs[k];
		e->pref_shift[k] = -1;
		if (q->shift) {
			e->pref_shift[k] = -2;
			for (s = 0; s < ns; s++)
				if (strcmp(p->shifts[s].code, q->shift) == 0)
					e->pref_shift[k] = s;
		}
	}
	for (i = 0; i < np; i++)
		for (d = 0; d < nd; d++) {
			int n = 0, *list;
			int wd = cpol_date_weekday(p->start + d);
			for (k = 0; k < p->nprefs; k++) {
				const cpol__duty_pref *q = &p->prefs[k];
				if (q->person == i && e->pref_shift[k] != -2 &&
				    (q->date == CPOL_DATE_NONE || q->date == p->start + d) &&
				    (!q->weekdays || ((q->weekdays >> wd) & 1u)))
					n++;
			}
			if (!n)
				continue;
			if (!(list = malloc((size_t)(n + 1) * sizeof(int)))) {
				cpol__duty_eval_free(e);
				return cpol__error_oom();
			}
			n = 0;
			for (k = 0; k < p->nprefs; k++) {
				const cpol__duty_pref *q = &p->prefs[k];
				if (q->person == i && e->pref_shift[k] != -2 &&
				    (q->date == CPOL_DATE_NONE || q->date == p->start + d) &&
				    (!q->weekdays || ((q->weekdays >> wd) & 1u)))
					list[n++] = k;
			}
			list[n] = -1;
			e->pref_idx[i * nd + d] = list;
		}
	if ((k = rotation_init(e)) < 0) {
		cpol__duty_eval_free(e);
		return k;
	}
	e->cost = cpol__duty_eval_full(e);
	return 0;
}

/*
 * A rotation template's day as a mask of shifts: "-" none, "*" free,
 * else shift codes joined by "+". An unknown code is an error at the
 * template's line.
 */
static int rotation_day(uint32_t *out, const cpol__duty_eval *e, const cpol_rules_rotation *ro, size_t k)
{
	const char *t = ro->days[k], *q;
	const cpol_rule_ref *ref = ro->days_ref ? ro->days_ref : ro->ref;
	uint32_t m = 0;
	int s;

	if (strcmp(t, "*") == 0) {
		*out = CPOL__DUTY_ROT_FREE;
		return 0;
	}
	if (strcmp(t, "-") == 0) {
		*out = 0;
		return 0;
	}
	while (*t) {
		size_t n;
		q = strchr(t, '+');
		n = q ? (size_t)(q - t) : strlen(t);
		for (s = 0; s < e->ns; s++)
			if (strlen(e->p->shifts[s].code) == n && memcmp(e->p->shifts[s].code, t, n) == 0)
				break;
		if (s == e->ns)
			return cpol__error_set_at(CPOL_ERULES, ref ? ref->file : NULL, ref ? ref->line : 0,
			                          ref ? ref->column : 0, "duty.rotation",
			                          "day %zu of the rotation of post '%s': no shift '%.*s' in the roster"
			                          " problem (\"-\" for no duty, \"*\" for anything)",
			                          k + 1, ro->post, (int)n, t);
		m |= 1u << s;
		t += n + (q != NULL);
	}
	*out = m;
	return 0;
}

/*
 * Each person's template (their post's, cpol_duty_problem_post()) laid
 * over the days, from the cycle's start; a template day the person cannot
 * hold that day (a shift that breaks a rule of the cell alone: away, a
 * day post on a non-working day, not their kind) is free.
 */
static int rotation_init(cpol__duty_eval *e)
{
	const cpol_duty_problem *p = e->p;
	const cpol_rules_duty *du = cpol_rules_get_duty(p->rules ? p->rules : p->national);
	size_t cells = (size_t)e->np * (size_t)e->nd, r;
	int i, d, rc;

	if (!du->rotation_count || !e->np)
		return 0;
	if (!(e->rot = malloc(cells * sizeof(*e->rot))) || !(e->rot_of = calloc((size_t)e->np, sizeof(*e->rot_of))))
		return cpol__error_oom();
	for (r = 0; r < cells; r++)
		e->rot[r] = CPOL__DUTY_ROT_FREE;
	for (i = 0; i < e->np; i++) {
		const char *post = cpol_duty_problem_post(p, i);
		const cpol_rules_rotation *ro = NULL;
		for (r = 0; post && r < du->rotation_count; r++)
			if (strcmp(du->rotation[r].post, post) == 0)
				ro = &du->rotation[r];
		if (!ro)
			continue;
		e->rot_of[i] = ro;
		for (d = 0; d < e->nd; d++) {
			int64_t n = (int64_t)ro->day_count, k = ((int64_t)(p->start + d) - ro->start.value) % n;
			uint32_t m = CPOL__DUTY_ROT_FREE;
			if (k < 0)
				k += n;
			if ((rc = rotation_day(&m, e, ro, (size_t)k)) < 0)
				return rc;
			if (m != CPOL__DUTY_ROT_FREE && (m & ~e->allowed[i * e->nd + d]))
				m = CPOL__DUTY_ROT_FREE;
			e->rot[i * e->nd + d] = m;
		}
	}
	return 0;
}

void cpol__duty_eval_free(cpol__duty_eval *e)
{
	size_t i;
	if (e->pref_idx)
		for (i = 0; i < (size_t)e->np * (size_t)e->nd; i++)
			free(e->pref_idx[i]);
	free(e->cell);
	free(e->allowed);
	free(e->week_of);
	free(e->week_req);
	free(e->night_req);
	free(e->night_eligible);
	free(e->pref_idx);
	free(e->pref_shift);
	free(e->rot);
	free(e->rot_of);
	free(e->cnt);
	free(e->in_district);
	free(e->nights);
	free(e->fair);
	free(e->fair_member);
	free(e->present);
	free(e->shift_min);
	free(e->minutes_pw);
	free(e->week_cap);
	free(e->dom_v);
	free(e->dom_n);
	memset(e, 0, sizeof(*e));
}

/* ----------------------------------------------------------------- terms */

/* A limit broken by `amount` units: hard units, or soft points by its weight. */
static void limit_cost(cpol__duty_cost *c, int hard, int64_t weight, int amount)
{
	if (amount <= 0)
		return;
	if (hard)
		c->hard += amount;
	else
		c->soft += weight * amount;
}

/* Hours begun in `minutes` (rest short by 30 minutes is an hour short). */
static int hours_up(int minutes)
{
	return minutes <= 0 ? 0 : (minutes + 59) / 60;
}

/*
 * Rest short of min_rest_hours between the shifts of a person's day d, in
 * hours begun per gap; with `next`, between the last shift of day d and the
 * first of day d+1 instead. Overlapping shifts are the overlap rule's.
 */
static int rest_short_in(const cpol__duty_eval *e, uint32_t m, int *gaps)
{
	const cpol_duty_problem *pb = e->p;
	int need = (int)pb->params.min_rest_hours.value * 60, s, t, sum = 0;
	*gaps = 0;
	if (!need || !(m & (m - 1)))
		return 0;
	/* For each shift, the nearest later start of another shift of the day. */
	for (s = 0; s < e->ns; s++) {
		int next = -1;
		if (!((m >> s) & 1u))
			continue;
		for (t = 0; t < e->ns; t++)
			if (t != s && ((m >> t) & 1u) && pb->shifts[t].start >= pb->shifts[s].end &&
			    (next < 0 || pb->shifts[t].start < pb->shifts[next].start))
				next = t;
		if (next >= 0 && pb->shifts[next].start - pb->shifts[s].end < need) {
			sum += hours_up(need - (pb->shifts[next].start - pb->shifts[s].end));
			(*gaps)++;
		}
	}
	return sum;
}

static int rest_short_across(const cpol__duty_eval *e, uint32_t a, uint32_t b)
{
	const cpol_duty_problem *pb = e->p;
	int need = (int)pb->params.min_rest_hours.value * 60, s, last = -1, first = -1, gap;
	if (!need || !a || !b)
		return 0;
	for (s = 0; s < e->ns; s++) {
		if (((a >> s) & 1u) && (last < 0 || pb->shifts[s].end > last))
			last = pb->shifts[s].end;
		if (((b >> s) & 1u) && (first < 0 || pb->shifts[s].start < first))
			first = pb->shifts[s].start;
	}
	gap = first + 1440 - last;
	return gap >= 0 && gap < need ? hours_up(need - gap) : 0;
}

static int pref_unmet(const cpol__duty_eval *e, int k, uint32_t mask)
{
	int s = e->pref_shift[k];
	int has = s < 0 ? mask != 0 : (int)((mask >> s) & 1u);
	return e->p->prefs[k].want > 0 ? !has : has;
}

static cpol__duty_cost term_cell(const cpol__duty_eval *e, int p, int d)
{
	const cpol_duty_problem *pb = e->p;
	uint32_t m = e->cell[p * e->nd + d];
	cpol__duty_cost c = { 0, 0, 0 };
	const int *pl = e->pref_idx[p * e->nd + d];
	int s, t;

	if (m) {
		uint32_t bad = m & ~e->allowed[p * e->nd + d];
		for (s = 0; bad >> s; s++)
			if ((bad >> s) & 1u)
				c.hard += popcount32(cell_breaks(e, p, d, s));
		if (m & (m - 1))
			for (s = 0; s < e->ns; s++)
				for (t = s + 1; ((m >> s) & 1u) && t < e->ns; t++)
					if (((m >> t) & 1u) && overlaps(&pb->shifts[s], 0, &pb->shifts[t], 0))
						c.hard++;
		if (popcount32(m) > pb->params.max_shifts_per_day.value)
			c.hard += popcount32(m) - (int)pb->params.max_shifts_per_day.value;
		if (m & (m - 1)) {
			int gaps, h = rest_short_in(e, m, &gaps);
			limit_cost(&c, (int)pb->params.min_rest_hours_hard.value, pb->params.weight_rest.value,
			           pb->params.min_rest_hours_hard.value ? gaps : h);
		}
		for (s = 0; m >> s; s++)
			if ((m >> s) & 1u)
				c.soft += hours_up(e->shift_min[s]) * pb->params.weight_shift.value;
	}
	for (; pl && *pl >= 0; pl++)
		if (pref_unmet(e, *pl, m))
			c.soft += (int64_t)pb->prefs[*pl].weight * pb->params.weight_preference.value;
	if (e->rot && e->rot[p * e->nd + d] != CPOL__DUTY_ROT_FREE && e->rot[p * e->nd + d] != m)
		c.soft += pb->params.weight_rotation.value;
	if (e->published && e->published[p * e->nd + d] != m)
		c.changes++;
	return c;
}

/* Person p on days d and d+1: rest after a night, shifts running into the next day. */
static cpol__duty_cost term_pair(const cpol__duty_eval *e, int p, int d)
{
	const cpol_duty_problem *pb = e->p;
	cpol__duty_cost c = { 0, 0, 0 };
	uint32_t a, b;
	int s, t;

	if (d < 0 || d + 1 >= e->nd)
		return c;
	a = e->cell[p * e->nd + d];
	b = e->cell[p * e->nd + d + 1];
	if (!a || !b)
		return c;
	if (pb->params.rest_after_night.value && (a & e->night_mask))
		c.hard++;
	{
		int h = rest_short_across(e, a, b);
		limit_cost(&c, (int)pb->params.min_rest_hours_hard.value, pb->params.weight_rest.value,
		           pb->params.min_rest_hours_hard.value ? (h > 0) : h);
	}
	for (s = 0; s < e->ns; s++)
		if (((a >> s) & 1u) && pb->shifts[s].end > 1440)
			for (t = 0; t < e->ns; t++)
				if (((b >> t) & 1u) && overlaps(&pb->shifts[s], 0, &pb->shifts[t], 1440))
					c.hard++;
	return c;
}

static int reception_short(const cpol__duty_eval *e, int d)
{
	int s, n = 0;
	if (!(e->p->days[d].flags & CPOL_DUTY_DAY_RECEPTION))
		return 0;
	for (s = 0; s < e->ns; s++)
		if ((e->reception_mask >> s) & 1u)
			n += e->cnt[d * e->ns + s];
	return n > 0 ? 0 : 1;
}

static int cover_short(const cpol__duty_eval *e, int d, int s)
{
	int need = e->p->shifts[s].need - e->cnt[d * e->ns + s];
	return need > 0 ? need : 0;
}

static int night_on(const cpol__duty_eval *e, int d)
{
	int s;
	for (s = 0; s < e->ns; s++)
		if (((e->night_mask >> s) & 1u) && e->cnt[d * e->ns + s] > 0)
			return 1;
	return 0;
}

static int sum_cnt(const cpol__duty_eval *e, int d, uint32_t mask)
{
	int s, n = 0;
	for (s = 0; mask >> s; s++)
		if ((mask >> s) & 1u)
			n += e->cnt[d * e->ns + s];
	return n;
}

/* Officers on night duty on day d short of (< 0) or over (> 0) officers_per_night. */
static int night_cover_off(const cpol__duty_eval *e, int d)
{
	int want = (int)e->p->params.officers_per_night.value;
	/* A problem without a night shift asks for no night cover. */
	return want > 0 && e->night_mask ? sum_cnt(e, d, e->night_mask) - want : 0;
}

/*
 * People on a day's shifts beyond what any rule needs: a cover shift over
 * its need, a patrol over its need (all of them on a night without an
 * officer are the patrol_without_night rule's), a second receptionist, a
 * second officer in the district.
 */
static int surplus_of(const cpol__duty_eval *e, int d)
{
	int s, n = 0, night = night_on(e, d), k;
	for (s = 0; s < e->ns; s++) {
		if (((e->cover_mask >> s) & 1u) && (k = e->cnt[d * e->ns + s] - e->p->shifts[s].need) > 0)
			n += k;
		if (((e->patrol_mask >> s) & 1u) && night &&
		    (k = e->cnt[d * e->ns + s] - e->p->shifts[s].need) > 0)
			n += k;
	}
	if ((k = sum_cnt(e, d, e->reception_mask) - 1) > 0)
		n += k;
	if ((k = e->in_district[d] - 1) > 0)
		n += k;
	return n;
}

static cpol__duty_cost term_day(const cpol__duty_eval *e, int d)
{
	const cpol_duty_params *pr = &e->p->params;
	cpol__duty_cost c = { 0, 0, 0 };
	int s, night = night_on(e, d), off;

	c.hard += reception_short(e, d);
	for (s = 0; s < e->ns; s++) {
		if ((e->cover_mask >> s) & 1u)
			c.hard += cover_short(e, d, s);
		if (((e->patrol_mask >> s) & 1u) && night)
			c.hard += cover_short(e, d, s);
	}
	if (!night)
		c.hard += sum_cnt(e, d, e->patrol_mask);
	c.hard += surplus_of(e, d);
	off = night_cover_off(e, d);
	limit_cost(&c, (int)pr->night_cover_hard.value, pr->weight_night_cover.value, off < 0 ? -off : off);
	return c;
}

int64_t cpol__duty_eval_day_hard(const cpol__duty_eval *e, int d)
{
	return term_day(e, d).hard;
}

static int week_short(const cpol__duty_eval *e, int w)
{
	int first, last, d, n = 0;
	cpol__duty_week_days(e, w, &first, &last);
	for (d = first; d <= last; d++)
		if ((e->p->days[d].flags & CPOL_DUTY_DAY_WORKING) && e->in_district[d] > 0)
			n++;
	return e->week_req[w] > n ? e->week_req[w] - n : 0;
}

static void pw_amounts(const cpol__duty_eval *e, int p, int w, int *shortfall, int *excess)
{
	int n = e->nights[p * e->nw + w], req = e->night_req[p * e->nw + w];
	int max = (int)e->p->params.max_nights_per_week.value;
	*shortfall = req > n ? req - n : 0;
	*excess = max > 0 && n > max ? n - max : 0;
}

/* Hours begun over the week's cap, or 0. */
static int hours_over(const cpol__duty_eval *e, int p, int w)
{
	int cap = e->week_cap[w];
	return cap > 0 ? hours_up(e->minutes_pw[p * e->nw + w] - cap) : 0;
}

static cpol__duty_cost term_pw(const cpol__duty_eval *e, int p, int w)
{
	const cpol_duty_params *pr = &e->p->params;
	cpol__duty_cost c = { 0, 0, 0 };
	int sh, ex;
	pw_amounts(e, p, w, &sh, &ex);
	c.hard = sh + ex;
	limit_cost(&c, (int)pr->max_hours_per_week_hard.value, pr->weight_hours_per_week.value,
	           hours_over(e, p, w));
	return c;
}

/*
 * Runs in a person's row: days in a row with a shift over
 * max_consecutive_days, nights in a row over max_nights_in_row; the
 * callback, when given, is told each run that is too long.
 */
typedef void (*run_fn)(void *payload, int rule, int p, int first, int last, int over);

static void row_runs(const cpol__duty_eval *e, int p, int *days_over, int *nights_over, run_fn fn,
                     void *payload)
{
	const cpol_duty_params *pr = &e->p->params;
	int maxd = (int)pr->max_consecutive_days.value, maxn = (int)pr->max_nights_in_row.value;
	int d, run = 0, nrun = 0;
	*days_over = *nights_over = 0;
	for (d = 0; d <= e->nd; d++) {
		uint32_t m = d < e->nd ? e->cell[p * e->nd + d] : 0;
		if (m) {
			run++;
		} else {
			if (maxd > 0 && run > maxd) {
				*days_over += run - maxd;
				if (fn)
					fn(payload, CPOL_DUTY_RULE_CONSECUTIVE_DAYS, p, d - run, d - 1, run - maxd);
			}
			run = 0;
		}
		if (m & e->night_mask) {
			nrun++;
		} else {
			if (maxn > 0 && nrun > maxn) {
				*nights_over += nrun - maxn;
				if (fn)
					fn(payload, CPOL_DUTY_RULE_NIGHTS_IN_ROW, p, d - nrun, d - 1, nrun - maxn);
			}
			nrun = 0;
		}
	}
}

static cpol__duty_cost term_row(const cpol__duty_eval *e, int p)
{
	const cpol_duty_params *pr = &e->p->params;
	cpol__duty_cost c = { 0, 0, 0 };
	int dover, nover;
	row_runs(e, p, &dover, &nover, NULL, NULL);
	limit_cost(&c, (int)pr->max_consecutive_days_hard.value, pr->weight_consecutive_days.value, dover);
	limit_cost(&c, (int)pr->max_nights_in_row_hard.value, pr->weight_nights_in_row.value, nover);
	return c;
}

/*
 * Fairness of group k among the people of a kind: how many hours each is
 * off their share of the group's duty, the share prorated by the days each
 * is there (earlier rosters included): sum over i of |m_i - a_i M / A| for
 * minutes m_i, days a_i, M and A their sums; in points, weight x hours,
 * rounded half up. Kept exact by working in minute-days.
 */
static int64_t fair_group(const cpol__duty_eval *e, int k, int kind, int64_t *dev_out)
{
	int64_t A = 0, M = 0, dev = 0;
	int i;
	for (i = 0; i < e->np; i++)
		if ((int)e->p->people[i].kind == kind && e->fair_member[i * CPOL__FAIR_N + k]) {
			A += e->present[i];
			M += e->fair[i * CPOL__FAIR_N + k];
		}
	if (dev_out)
		*dev_out = 0;
	if (A <= 0 || !e->weight[k])
		return 0;
	for (i = 0; i < e->np; i++)
		if ((int)e->p->people[i].kind == kind && e->fair_member[i * CPOL__FAIR_N + k]) {
			int64_t x = (int64_t)e->fair[i * CPOL__FAIR_N + k] * A - (int64_t)e->present[i] * M;
			dev += x < 0 ? -x : x;
		}
	if (dev_out)
		*dev_out = dev;
	return (e->weight[k] * dev + 30 * A) / (60 * A);
}

static int64_t term_fair(const cpol__duty_eval *e)
{
	int64_t sum = 0;
	int k;
	for (k = 0; k < CPOL__FAIR_N; k++) {
		sum += fair_group(e, k, CPOL_STAFF_OFFICER, NULL);
		sum += fair_group(e, k, CPOL_STAFF_AUXILIARY, NULL);
	}
	return sum;
}

static void add(cpol__duty_cost *a, cpol__duty_cost b)
{
	a->hard += b.hard;
	a->soft += b.soft;
	a->changes += b.changes;
}

static cpol__duty_cost local(const cpol__duty_eval *e, int p, int d)
{
	cpol__duty_cost c = term_cell(e, p, d);
	int w = e->week_of[d];
	add(&c, term_pair(e, p, d - 1));
	add(&c, term_pair(e, p, d));
	add(&c, term_day(e, d));
	c.hard += week_short(e, w);
	add(&c, term_pw(e, p, w));
	add(&c, term_row(e, p));
	c.soft += term_fair(e);
	return c;
}

/* Add (sign 1) or take away (sign -1) the counters of a cell. */
static void count(cpol__duty_eval *e, int p, int d, uint32_t mask, int sign)
{
	const cpol_duty_problem *pb = e->p;
	uint32_t ok = mask & e->allowed[p * e->nd + d];
	unsigned day = pb->days[d].flags;
	int n = popcount32(mask), s;
	int *f = &e->fair[p * CPOL__FAIR_N];

	/* Only shifts the person may hold count towards what the office needs. */
	for (s = 0; ok >> s; s++)
		if ((ok >> s) & 1u)
			e->cnt[d * e->ns + s] += sign;
	if (ok & e->district_mask)
		e->in_district[d] += sign;
	if (ok & e->night_mask)
		e->nights[p * e->nw + e->week_of[d]] += sign;
	for (s = 0; mask >> s; s++) {
		int mins;
		if (!((mask >> s) & 1u))
			continue;
		mins = sign * e->shift_min[s];
		if ((e->night_mask | e->patrol_mask) & (1u << s))
			f[CPOL__FAIR_NIGHTS] += mins;
		if (day & CPOL_DUTY_DAY_WEEKEND)
			f[CPOL__FAIR_WEEKENDS] += mins;
		if (day & CPOL_DUTY_DAY_HOLIDAY)
			f[CPOL__FAIR_HOLIDAYS] += mins;
		f[CPOL__FAIR_LOAD] += mins;
		e->minutes_pw[p * e->nw + e->week_of[d]] += mins;
	}
	(void)n;
}

cpol__duty_cost cpol__duty_eval_set(cpol__duty_eval *e, int p, int d, uint32_t mask)
{
	cpol__duty_cost before, after, delta;
	uint32_t old = e->cell[p * e->nd + d];

	if (old == mask) {
		delta.hard = delta.soft = delta.changes = 0;
		return delta;
	}
	before = local(e, p, d);
	count(e, p, d, old, -1);
	e->cell[p * e->nd + d] = mask;
	count(e, p, d, mask, 1);
	after = local(e, p, d);
	delta.hard = after.hard - before.hard;
	delta.soft = after.soft - before.soft;
	delta.changes = after.changes - before.changes;
	add(&e->cost, delta);
	return delta;
}

cpol__duty_cost cpol__duty_eval_full(const cpol__duty_eval *e)
{
	cpol__duty_cost c = { 0, 0, 0 };
	int p, d, w;

	for (p = 0; p < e->np; p++) {
		for (d = 0; d < e->nd; d++) {
			add(&c, term_cell(e, p, d));
			add(&c, term_pair(e, p, d));
		}
		for (w = 0; w < e->nw; w++)
			add(&c, term_pw(e, p, w));
		add(&c, term_row(e, p));
	}
	for (d = 0; d < e->nd; d++)
		add(&c, term_day(e, d));
	for (w = 0; w < e->nw; w++)
		c.hard += week_short(e, w);
	c.hard += e->training_hard;
	c.soft += term_fair(e);
	return c;
}

/*
 * The exact solver (lib/duty_mip.c) builds its model from these, so that
 * the terms it linearises are the evaluator's own: the cost of one cell's
 * value and of two neighbouring cells' values, whatever the grid holds.
 */
cpol__duty_cost cpol__duty_eval_cell_cost(cpol__duty_eval *e, int p, int d, uint32_t m)
{
	uint32_t *c = &e->cell[p * e->nd + d], old = *c;
	cpol__duty_cost r;
	*c = m;
	r = term_cell(e, p, d);
	*c = old;
	return r;
}

cpol__duty_cost cpol__duty_eval_pair_cost(cpol__duty_eval *e, int p, int d, uint32_t a, uint32_t b)
{
	uint32_t *c = &e->cell[p * e->nd + d], oa = c[0], ob = c[1];
	cpol__duty_cost r;
	c[0] = a;
	c[1] = b;
	r = term_pair(e, p, d);
	c[0] = oa;
	c[1] = ob;
	return r;
}

int64_t cpol__duty_eval_fair_points(const cpol__duty_eval *e, int k, int kind)
{
	return fair_group(e, k, kind, NULL);
}

int cpol__duty_eval_hours_over(const cpol__duty_eval *e, int p, int w)
{
	return hours_over(e, p, w);
}

void cpol__duty_eval_clear(cpol__duty_eval *e)
{
	int p, d;
	for (p = 0; p < e->np; p++)
		for (d = 0; d < e->nd; d++)
			if (e->cell[p * e->nd + d])
				cpol__duty_eval_set(e, p, d, 0);
	e->cost = cpol__duty_eval_full(e);
}

/* ================================================================ check */

struct cpol_duty_report {
	cpol_duty_violation *v;
	size_t count, cap;
	cpol_duty_score score[CPOL_DUTY_RULE_END - 1];
	int hard;
	int64_t penalty;
};

typedef struct report_ctx {
	cpol_duty_report *r;
	const cpol__duty_eval *e;
	int oom;
} report_ctx;

static void emit(report_ctx *x, cpol_duty_rule rule, int person, int day, int day_end, int amount,
                 int64_t penalty, cpol_id source_id, const char *fmt, ...) CPOL__PRINTF(9, 10);

static void emit(report_ctx *x, cpol_duty_rule rule, int person, int day, int day_end, int amount,
                 int64_t penalty, cpol_id source_id, const char *fmt, ...)
{
	cpol_duty_report *r = x->r;
	const cpol_duty_problem *p = x->e->p;
	cpol_duty_violation *v;
	cpol__buf b = { 0 };
	va_list ap;
	char *msg;
	int n;

	if (x->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || cpol__buf_grow(&b, (size_t)n) < 0) {
		x->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b.ptr, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b.len = (size_t)n;
	msg = cpol__buf_detach(&b);
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		cpol_duty_violation *t = realloc(r->v, cap * sizeof(*t));
		if (!t) {
			free(msg);
			x->oom = 1;
			return;
		}
		r->v = t;
		r->cap = cap;
	}
	v = &r->v[r->count++];
	v->rule = rule;
	v->rule_name = cpol_duty_rule_name(rule);
	v->ref = cpol__duty_rule_ref(p, rule, day, -1);
	v->hard = cpol_duty_problem_rule_is_hard(p, rule);
	v->person = person;
	v->person_id = person >= 0 ? p->people[person].id : 0;
	v->date = p->start + day;
	v->date_end = p->start + day_end;
	v->amount = amount;
	v->penalty = penalty;
	v->source_id = source_id;
	v->message = msg;
}

static const char *dstr(const cpol_duty_problem *p, int day, char *buf)
{
	return cpol_date_format(buf, p->start + day);
}

/* A cell's shifts as the template writes them: codes joined by "+", "-" for none. */
static const char *mask_text(const cpol_duty_problem *p, uint32_t m, char *buf, size_t size)
{
	size_t len = 0;
	int s;
	snprintf(buf, size, "-");
	for (s = 0; m && s < p->nshifts; s++)
		if ((m >> s) & 1u) {
			int n = snprintf(buf + len, size - len, "%s%s", len ? "+" : "", p->shifts[s].code);
			if (n < 0 || (size_t)n >= size - len)
				break;
			len += (size_t)n;
		}
	return buf;
}

/* A limit that is hard or soft by the problem: soft ones carry weight x units. */
static void emit_limit(report_ctx *x, cpol_duty_rule rule, int person, int day, int day_end, int amount,
                       int units, int64_t weight, const char *fmt, ...) CPOL__PRINTF(9, 10);

static void emit_limit(report_ctx *x, cpol_duty_rule rule, int person, int day, int day_end, int amount,
                       int units, int64_t weight, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int hard = cpol_duty_problem_rule_is_hard(x->e->p, rule);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(void)units;
	emit(x, rule, person, day, day_end, amount, hard ? 0 : weight * amount, 0, "%s", msg);
}

static void run_cb(void *payload, int rule, int i, int first, int last, int over)
{
	report_ctx *x = payload;
	const cpol_duty_problem *p = x->e->p;
	char b1[CPOL_DATE_BUFSZ], b2[CPOL_DATE_BUFSZ];
	if (rule == CPOL_DUTY_RULE_CONSECUTIVE_DAYS)
		emit_limit(x, CPOL_DUTY_RULE_CONSECUTIVE_DAYS, i, first, last, over, over,
		           p->params.weight_consecutive_days.value,
		           "%s is on duty %d days in a row, %s..%s, at most %lld allowed", p->people[i].name,
		           last - first + 1, dstr(p, first, b1), dstr(p, last, b2),
		           (long long)p->params.max_consecutive_days.value);
	else
		emit_limit(x, CPOL_DUTY_RULE_NIGHTS_IN_ROW, i, first, last, over, over,
		           p->params.weight_nights_in_row.value,
		           "%s is on night duty %d nights in a row, %s..%s, at most %lld allowed",
		           p->people[i].name, last - first + 1, dstr(p, first, b1), dstr(p, last, b2),
		           (long long)p->params.max_nights_in_row.value);
}

static const char *reason_text(int rule)
{
	switch (rule) {
	case CPOL_DUTY_RULE_QUALIFICATION: return "is not a shift for their kind of staff";
	case CPOL_DUTY_RULE_DEDICATED_LATE: return "ends after the hour a dedicated community officer must be off duty";
	case CPOL_DUTY_RULE_WORKING_DAY: return "is a day post and the day is not a working day";
	case CPOL_DUTY_RULE_RECEPTION_DAY: return "is reception and the day is not a reception day";
	}
	return "breaks a rule";
}

static void report_cells(report_ctx *x)
{
	const cpol__duty_eval *e = x->e;
	const cpol_duty_problem *p = e->p;
	char ds[CPOL_DATE_BUFSZ];
	int i, d, s, t, rule;

	for (i = 0; i < e->np; i++)
		for (d = 0; d < e->nd; d++) {
			uint32_t m = e->cell[i * e->nd + d];
			const int *pl = e->pref_idx[i * e->nd + d];
			for (s = 0; s < e->ns; s++) {
				unsigned br;
				if (!((m >> s) & 1u))
					continue;
				br = cell_breaks(e, i, d, s);
				for (rule = 1; rule < CPOL_DUTY_RULE_END; rule++) {
					if (!((br >> rule) & 1u))
						continue;
					if (rule == CPOL_DUTY_RULE_AVAILABILITY)
						emit(x, CPOL_DUTY_RULE_AVAILABILITY, i, d, d, 1, 0, p->people[i].away_src[d],
						     "%s is %s on %s but is rostered for %s (%s)", p->people[i].name,
						     cpol__duty_away_name(p->people[i].away[d]), dstr(p, d, ds),
						     p->shifts[s].code, p->shifts[s].name);
					else
						emit(x, (cpol_duty_rule)rule, i, d, d, 1, 0, 0, "%s on %s: %s (%s) %s",
						     p->people[i].name, dstr(p, d, ds), p->shifts[s].code,
						     p->shifts[s].name, reason_text(rule));
				}
				for (t = s + 1; t < e->ns; t++)
					if (((m >> t) & 1u) && overlaps(&p->shifts[s], 0, &p->shifts[t], 0))
						emit(x, CPOL_DUTY_RULE_OVERLAP, i, d, d, 1, 0, 0,
						     "%s on %s: shifts %s and %s overlap", p->people[i].name,
						     dstr(p, d, ds), p->shifts[s].code, p->shifts[t].code);
			}
			if (popcount32(m) > p->params.max_shifts_per_day.value)
				emit(x, CPOL_DUTY_RULE_SHIFTS_PER_DAY, i, d, d,
				     popcount32(m) - (int)p->params.max_shifts_per_day.value, 0, 0,
				     "%s has %d shifts on %s, at most %lld allowed", p->people[i].name, popcount32(m),
				     dstr(p, d, ds), (long long)p->params.max_shifts_per_day.value);
			if (m & (m - 1)) {
				int gaps, h = rest_short_in(e, m, &gaps);
				if (h > 0)
					emit_limit(x, CPOL_DUTY_RULE_REST, i, d, d, h,
					           p->params.min_rest_hours_hard.value ? gaps : h, p->params.weight_rest.value,
					           "%s on %s: %d hour(s) short of %lld hours' rest between shifts of the day",
					           p->people[i].name, dstr(p, d, ds), h,
					           (long long)p->params.min_rest_hours.value);
			}
			if (d + 1 < e->nd) {
				int h = rest_short_across(e, m, e->cell[i * e->nd + d + 1]);
				if (h > 0)
					emit_limit(x, CPOL_DUTY_RULE_REST, i, d + 1, d + 1, h,
					           p->params.min_rest_hours_hard.value ? 1 : h, p->params.weight_rest.value,
					           "%s on %s: %d hour(s) short of %lld hours' rest after the day before's shift",
					           p->people[i].name, dstr(p, d + 1, ds), h,
					           (long long)p->params.min_rest_hours.value);
			}
			for (; pl && *pl >= 0; pl++) {
				const cpol__duty_pref *q = &p->prefs[*pl];
				if (!pref_unmet(e, *pl, m))
					continue;
				emit(x, CPOL_DUTY_RULE_PREFERENCE, i, d, d, 1,
				     (int64_t)q->weight * p->params.weight_preference.value, q->source_id,
				     "%s on %s: %s %s", p->people[i].name, dstr(p, d, ds),
				     q->want > 0 ? "wanted" : "would rather not have",
				     q->shift ? q->shift : "a shift");
			}
			if (e->rot && e->rot[i * e->nd + d] != CPOL__DUTY_ROT_FREE && e->rot[i * e->nd + d] != m) {
				const cpol_rules_rotation *ro = e->rot_of[i];
				char want[160], got[160];
				emit(x, CPOL_DUTY_RULE_ROTATION, i, d, d, 1, p->params.weight_rotation.value, 0,
				     "%s on %s: post %s's rotation has %s, the roster %s", p->people[i].name,
				     dstr(p, d, ds), ro->post, mask_text(p, e->rot[i * e->nd + d], want, sizeof(want)),
				     mask_text(p, m, got, sizeof(got)));
				if (!x->oom && (ro->days_ref || ro->ref))
					x->r->v[x->r->count - 1].ref = ro->days_ref ? ro->days_ref : ro->ref;
			}
			if (d + 1 < e->nd && m && e->cell[i * e->nd + d + 1]) {
				uint32_t b = e->cell[i * e->nd + d + 1];
				if (p->params.rest_after_night.value && (m & e->night_mask))
					emit(x, CPOL_DUTY_RULE_REST_AFTER_NIGHT, i, d + 1, d + 1, 1, 0, 0,
					     "%s is on duty on %s, the day after a night", p->people[i].name,
					     dstr(p, d + 1, ds));
				for (s = 0; s < e->ns; s++)
					if (((m >> s) & 1u) && p->shifts[s].end > 1440)
						for (t = 0; t < e->ns; t++)
							if (((b >> t) & 1u) &&
							    overlaps(&p->shifts[s], 0, &p->shifts[t], 1440))
								emit(x, CPOL_DUTY_RULE_OVERLAP, i, d + 1, d + 1, 1, 0, 0,
								     "%s on %s: %s overlaps the %s that began the day before",
								     p->people[i].name, dstr(p, d + 1, ds),
								     p->shifts[t].code, p->shifts[s].code);
			}
		}
}

static void report_days(report_ctx *x)
{
	const cpol__duty_eval *e = x->e;
	const cpol_duty_problem *p = e->p;
	char ds[CPOL_DATE_BUFSZ], de[CPOL_DATE_BUFSZ];
	int d, s, w, i, night;

	for (d = 0; d < e->nd; d++) {
		if (reception_short(e, d))
			emit(x, CPOL_DUTY_RULE_RECEPTION, -1, d, d, 1, 0, 0,
			     "nobody receives the public on %s, a reception day%s", dstr(p, d, ds),
			     (p->days[d].flags & CPOL_DUTY_DAY_MARKET) ? " (market day)" : "");
		night = night_on(e, d);
		for (s = 0; s < e->ns; s++) {
			int n;
			if (((e->cover_mask >> s) & 1u) && (n = cover_short(e, d, s)) > 0)
				emit(x, CPOL_DUTY_RULE_COVER, -1, d, d, n, 0, 0,
				     "%s on %s: %d of %d people missing to keep the office staffed",
				     p->shifts[s].code, dstr(p, d, ds), n, p->shifts[s].need);
			if (((e->patrol_mask >> s) & 1u) && night && (n = cover_short(e, d, s)) > 0)
				emit(x, CPOL_DUTY_RULE_PATROL, -1, d, d, n, 0, 0,
				     "%s on %s: %d of %d auxiliaries missing on patrol with the night duty",
				     p->shifts[s].code, dstr(p, d, ds), n, p->shifts[s].need);
		}
		{
			int n, off = night_cover_off(e, d);
			if (!night && (n = sum_cnt(e, d, e->patrol_mask)) > 0)
				emit(x, CPOL_DUTY_RULE_PATROL_WITHOUT_NIGHT, -1, d, d, n, 0, 0,
				     "%d on patrol on %s, a night with no officer on duty to lead it", n, dstr(p, d, ds));
			if ((n = surplus_of(e, d)) > 0)
				emit(x, CPOL_DUTY_RULE_SURPLUS, -1, d, d, n, 0, 0,
				     "%s: %d more on duty than any rule needs (an office staffed twice, a second "
				     "receptionist or officer in the district, a patrol beyond its need)", dstr(p, d, ds), n);
			if (off < 0)
				emit_limit(x, CPOL_DUTY_RULE_NIGHT_UNCOVERED, -1, d, d, -off, -off,
				           p->params.weight_night_cover.value,
				           "the night of %s has %d officer(s) on duty, %lld asked for", dstr(p, d, ds),
				           off + (int)p->params.officers_per_night.value,
				           (long long)p->params.officers_per_night.value);
			else if (off > 0)
				emit_limit(x, CPOL_DUTY_RULE_NIGHT_STACKED, -1, d, d, off, off,
				           p->params.weight_night_cover.value,
				           "the night of %s has %d officers on duty, %lld asked for", dstr(p, d, ds),
				           off + (int)p->params.officers_per_night.value,
				           (long long)p->params.officers_per_night.value);
		}
	}
	for (i = 0; i < e->np; i++) {
		int a, b;
		row_runs(e, i, &a, &b, run_cb, x);
	}
	for (w = 0; w < e->nw; w++) {
		int first, last, n = week_short(e, w);
		cpol__duty_week_days(e, w, &first, &last);
		if (n > 0)
			emit(x, CPOL_DUTY_RULE_IN_DISTRICT, -1, first, last, n, 0, 0,
			     "week %s..%s: an officer is in the district on %d working days, %d required",
			     dstr(p, first, ds), dstr(p, last, de), e->week_req[w] - n, e->week_req[w]);
		for (i = 0; i < e->np; i++) {
			int sh, ex;
			pw_amounts(e, i, w, &sh, &ex);
			if (sh > 0)
				emit(x, CPOL_DUTY_RULE_NIGHTS_MIN, i, first, last, sh, 0, 0,
				     "%s: %d nights in %s..%s, %d required", p->people[i].name,
				     e->nights[i * e->nw + w], dstr(p, first, ds), dstr(p, last, de),
				     e->night_req[i * e->nw + w]);
			if (ex > 0)
				emit(x, CPOL_DUTY_RULE_NIGHTS_MAX, i, first, last, ex, 0, 0,
				     "%s: %d nights in %s..%s, at most %d allowed", p->people[i].name,
				     e->nights[i * e->nw + w], dstr(p, first, ds), dstr(p, last, de),
				     (int)p->params.max_nights_per_week.value);
			if ((ex = hours_over(e, i, w)) > 0)
				emit_limit(x, CPOL_DUTY_RULE_HOURS_PER_WEEK, i, first, last, ex, ex,
				           p->params.weight_hours_per_week.value,
				           "%s: %d:%02d hours of duty in %s..%s, at most %d:%02d (%lld a full week)",
				           p->people[i].name, e->minutes_pw[i * e->nw + w] / 60,
				           e->minutes_pw[i * e->nw + w] % 60, dstr(p, first, ds), dstr(p, last, de),
				           e->week_cap[w] / 60, e->week_cap[w] % 60,
				           (long long)p->params.max_hours_per_week.value);
		}
	}
}

static void report_fair(report_ctx *x)
{
	static const cpol_duty_rule rule_of[CPOL__FAIR_N] = {
		CPOL_DUTY_RULE_FAIR_NIGHTS, CPOL_DUTY_RULE_FAIR_WEEKENDS,
		CPOL_DUTY_RULE_FAIR_HOLIDAYS, CPOL_DUTY_RULE_FAIR_LOAD
	};
	static const char *const what[CPOL__FAIR_N] = { "night", "weekend", "holiday", "all" };
	const cpol__duty_eval *e = x->e;
	const cpol_duty_problem *p = e->p;
	int k, kind, i;

	for (k = 0; k < CPOL__FAIR_N; k++)
		for (kind = CPOL_STAFF_OFFICER; kind <= CPOL_STAFF_AUXILIARY; kind++) {
			int64_t dev = 0, pen = fair_group(e, k, kind, &dev);
			cpol__buf b = { 0 };
			if (!pen)
				continue;
			cpol__buf_printf(&b, "%s hours of %s duty against days there (earlier rosters included):",
			                 kind == CPOL_STAFF_OFFICER ? "officers'" : "auxiliaries'", what[k]);
			for (i = 0; i < e->np; i++)
				if ((int)p->people[i].kind == kind && e->fair_member[i * CPOL__FAIR_N + k])
					cpol__buf_printf(&b, " %s %d:%02d in %d days;", p->people[i].name,
					                 e->fair[i * CPOL__FAIR_N + k] / 60, e->fair[i * CPOL__FAIR_N + k] % 60,
					                 e->present[i]);
			if (b.oom) {
				x->oom = 1;
				cpol__buf_free(&b);
				return;
			}
			emit(x, rule_of[k], -1, 0, e->nd - 1, 0, pen, 0, "%s", b.ptr);
			cpol__buf_free(&b);
		}
}

/* Concentrated training over the yearly allowance: one violation per person and year. */
static void report_training(report_ctx *x)
{
	const cpol__duty_eval *e = x->e;
	const cpol_duty_problem *p = e->p;
	char b1[CPOL_DATE_BUFSZ], b2[CPOL_DATE_BUFSZ];
	int i, k, d;

	for (i = 0; i < e->np; i++)
		for (k = 0; k < cpol__duty_years(p); k++) {
			const cpol__duty_person *who = &p->people[i];
			cpol__duty_training t;
			cpol__buf b = { 0 };

			cpol__duty_training_of(p, i, k, &t);
			if (!t.excess)
				continue;
			/* The training days inside the roster, as ranges. */
			for (d = t.first; d <= t.last; d++) {
				int end = d;
				if (who->away[d] != CPOL_DUTY_AWAY_TRAINING)
					continue;
				while (end + 1 <= t.last && who->away[end + 1] == CPOL_DUTY_AWAY_TRAINING)
					end++;
				if (end > d)
					cpol__buf_printf(&b, "%s%s..%s", b.len ? ", " : "", dstr(p, d, b1), dstr(p, end, b2));
				else
					cpol__buf_printf(&b, "%s%s", b.len ? ", " : "", dstr(p, d, b1));
				d = end;
			}
			if (b.oom) {
				x->oom = 1;
				cpol__buf_free(&b);
				return;
			}
			emit(x, CPOL_DUTY_RULE_TRAINING_DAYS, i, t.first, t.last, t.excess, 0, t.source_id,
			     "%s has %d days of concentrated training in %d (%d in this roster: %s; %d on other days),"
			     " %lld allowed: %d over", who->name, t.total, t.year, t.inside, b.ptr, t.total - t.inside,
			     (long long)p->params.training_days_per_year.value, t.excess);
			cpol__buf_free(&b);
		}
}

static int violation_cmp(const void *a, const void *b)
{
	const cpol_duty_violation *x = a, *y = b;
	if (x->hard != y->hard)
		return y->hard - x->hard;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return strcmp(x->message, y->message);
}

void cpol_duty_report_free(cpol_duty_report *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		free((char *)r->v[i].message);
	free(r->v);
	free(r);
}

/* Load a roster's entries into an evaluator. */
static int eval_load(cpol__duty_eval *e, const cpol_duty_roster *roster)
{
	size_t i;
	int rc = cpol__duty_eval_init(e, roster->problem);
	if (rc < 0)
		return rc;
	for (i = 0; i < roster->count; i++) {
		const cpol_duty_entry *x = &roster->entries[i];
		int d = (int)(x->date - roster->problem->start);
		cpol__duty_eval_set(e, x->person, d, e->cell[x->person * e->nd + d] | (1u << x->shift));
	}
	e->cost = cpol__duty_eval_full(e);
	return 0;
}

int cpol_duty_check(cpol_duty_report **out, const cpol_duty_roster *roster)
{
	cpol__duty_eval e;
	report_ctx x;
	cpol_duty_report *r;
	size_t i;
	int rc;

	if (!out || !roster)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_check: NULL argument");
	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return cpol__error_oom();
	if ((rc = eval_load(&e, roster)) < 0) {
		free(r);
		return rc;
	}
	x.r = r;
	x.e = &e;
	x.oom = 0;
	report_cells(&x);
	report_days(&x);
	report_fair(&x);
	report_training(&x);
	if (x.oom) {
		cpol__duty_eval_free(&e);
		cpol_duty_report_free(r);
		return cpol__error_oom();
	}
	if (r->count)
		qsort(r->v, r->count, sizeof(*r->v), violation_cmp);
	for (i = 0; i + 1 < CPOL_DUTY_RULE_END; i++) {
		cpol_duty_rule rule = (cpol_duty_rule)(i + 1);
		r->score[i].rule = rule;
		r->score[i].rule_name = cpol_duty_rule_name(rule);
		r->score[i].ref = cpol__duty_rule_ref(roster->problem, rule, -1, -1);
		r->score[i].hard = cpol_duty_problem_rule_is_hard(roster->problem, rule);
	}
	for (i = 0; i < r->count; i++) {
		cpol_duty_score *s = &r->score[r->v[i].rule - 1];
		s->count++;
		s->amount += r->v[i].amount;
		s->penalty += r->v[i].penalty;
		if (r->v[i].hard)
			r->hard++;
	}
	/* The cost of duty hours is a score line only: listing every shift would say nothing. */
	{
		cpol_duty_score *s = &r->score[CPOL_DUTY_RULE_SHIFT_COST - 1];
		s->amount = 0;
		for (i = 0; i < roster->count; i++)
			s->amount += hours_up(e.shift_min[roster->entries[i].shift]);
		s->penalty = (int64_t)s->amount * roster->problem->params.weight_shift.value;
	}
	for (i = 0; i + 1 < CPOL_DUTY_RULE_END; i++)
		r->penalty += r->score[i].penalty;
	cpol__duty_eval_free(&e);
	*out = r;
	return 0;
}

int cpol_duty_report_hard(const cpol_duty_report *r)
{
	return r->hard;
}

int64_t cpol_duty_report_penalty(const cpol_duty_report *r)
{
	return r->penalty;
}

size_t cpol_duty_report_count(const cpol_duty_report *r)
{
	return r->count;
}

const cpol_duty_violation *cpol_duty_report_get(const cpol_duty_report *r, size_t index)
{
	return index < r->count ? &r->v[index] : NULL;
}

size_t cpol_duty_report_score_count(const cpol_duty_report *r)
{
	return CPOL_DUTY_RULE_END - 1;
}

const cpol_duty_score *cpol_duty_report_score(const cpol_duty_report *r, size_t index)
{
	return index < CPOL_DUTY_RULE_END - 1 ? &r->score[index] : NULL;
}

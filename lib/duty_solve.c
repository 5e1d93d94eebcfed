/*
 * libcommpolice — duty: generating rosters and explaining conflicts.
 *
 * The method (docs/duty.md says more):
 *
 * 1. Counting checks prove the plain conflicts before any search: a
 *    reception day on which no officer is there, a day the auxiliaries
 *    cannot staff the office, a week without enough working days with an
 *    officer present, an officer who cannot fit the nights owed into the
 *    days they are there, a minimum of nights above the maximum.
 * 2. A greedy construction fills what each day and week needs, least
 *    loaded person first.
 * 3. Late-acceptance hill climbing (Burke & Bykov) improves it: random
 *    moves (change a cell, swap two people's cells of a day, move a shift
 *    between two days of a person) are accepted when they are no worse than
 *    the current cost or than the cost L moves ago. Costs are integers
 *    compared lexicographically (hard units, then soft points), and the
 *    random numbers come from splitmix64 seeded by the caller, so a seed
 *    gives the same roster on every platform: no floating point decides.
 * 4. A descent over every single-cell change and same-day swap finishes
 *    each run at a local optimum. On small problems a run then kicks its
 *    best (a few random cells changed) and searches again from there, a
 *    number of times scaled to the problem's size (iterated local search):
 *    a small problem's runs are cheap and their local optima many. The
 *    best of a few restarts is kept.
 *
 * Why not a solver library: GLPK is GPL and would bind the vendors who
 * embed us; CBC (EPL, C++) and lp_solve (LGPL) could be linked, but the
 * fairness terms are quadratic and would need linearising, and each adds a
 * large run-time dependency on the domestic platforms vendors ship to; the
 * SAT solvers (PicoSAT, CaDiCaL, MIT) decide feasibility but optimise
 * nothing. One office's month is a few hundred cells: local search on an
 * exact incremental cost finds the optimum of small instances (the tests
 * compare with exhaustive search) in milliseconds.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ randomness */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in 0..n-1 (n > 0), without modulo bias worth speaking of for small n. */
static int rng_below(rng *r, int n)
{
	return (int)((rng_next(r) >> 33) % (uint64_t)n);
}

/* ----------------------------------------------------------------- costs */

static int cost_cmp(cpol__duty_cost a, cpol__duty_cost b)
{
	if (a.hard != b.hard)
		return a.hard < b.hard ? -1 : 1;
	if (a.changes != b.changes)
		return a.changes < b.changes ? -1 : 1;
	if (a.soft != b.soft)
		return a.soft < b.soft ? -1 : 1;
	return 0;
}

static cpol__duty_cost cost_add(cpol__duty_cost a, cpol__duty_cost b)
{
	a.hard += b.hard;
	a.soft += b.soft;
	a.changes += b.changes;
	return a;
}

#define CELL(e, p, d) ((e)->cell[(p) * (e)->nd + (d)])
#define ALLOWED(e, p, d) ((e)->allowed[(p) * (e)->nd + (d)])

/* ========================================================== conflicts */

typedef struct conflict_buf {
	cpol_duty_conflict *c;
	size_t count, cap;
	cpol_duty_cause *causes;   /* causes of the conflict being built */
	size_t ncauses, causes_cap;
	int oom;
} conflict_buf;

struct cpol_duty_conflicts {
	cpol_duty_conflict *c;
	size_t count;
};

static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	char *s;
	int n;
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static void add_cause(conflict_buf *b, const cpol_duty_problem *p, cpol_duty_rule rule, int person,
                      int day, const char *fmt, ...) CPOL__PRINTF(6, 7);

static void add_cause(conflict_buf *b, const cpol_duty_problem *p, cpol_duty_rule rule, int person,
                      int day, const char *fmt, ...)
{
	cpol_duty_cause *c;
	va_list ap;
	char *msg;

	if (b->oom)
		return;
	va_start(ap, fmt);
	msg = vformat(fmt, ap);
	va_end(ap);
	if (!msg) {
		b->oom = 1;
		return;
	}
	if (b->ncauses == b->causes_cap) {
		size_t cap = b->causes_cap ? b->causes_cap * 2 : 8;
		cpol_duty_cause *t = realloc(b->causes, cap * sizeof(*t));
		if (!t) {
			free(msg);
			b->oom = 1;
			return;
		}
		b->causes = t;
		b->causes_cap = cap;
	}
	c = &b->causes[b->ncauses++];
	c->rule = rule;
	c->rule_name = cpol_duty_rule_name(rule);
	c->ref = cpol__duty_rule_ref(p, rule, day, -1);
	c->person = person;
	c->person_id = person >= 0 ? p->people[person].id : 0;
	c->date = p->start + day;
	c->source_id = rule == CPOL_DUTY_RULE_AVAILABILITY && person >= 0 ? p->people[person].away_src[day] : 0;
	c->message = msg;
}

static void drop_causes(conflict_buf *b)
{
	size_t i;
	for (i = 0; i < b->ncauses; i++)
		free((char *)b->causes[i].message);
	b->ncauses = 0;
}

/* Close the conflict being built: it takes the causes gathered so far. */
static void add_conflict(conflict_buf *b, const cpol_duty_problem *p, cpol_duty_rule rule, int person,
                         int day, int day_end, int amount, int proven, const char *fmt, ...)
	CPOL__PRINTF(9, 10);

static void add_conflict(conflict_buf *b, const cpol_duty_problem *p, cpol_duty_rule rule, int person,
                         int day, int day_end, int amount, int proven, const char *fmt, ...)
{
	cpol_duty_conflict *c;
	va_list ap;
	char *msg = NULL;

	if (!b->oom) {
		va_start(ap, fmt);
		msg = vformat(fmt, ap);
		va_end(ap);
	}
	if (!msg || b->oom) {
		b->oom = 1;
		free(msg);
		drop_causes(b);
		return;
	}
	if (b->count == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		cpol_duty_conflict *t = realloc(b->c, cap * sizeof(*t));
		if (!t) {
			free(msg);
			drop_causes(b);
			b->oom = 1;
			return;
		}
		b->c = t;
		b->cap = cap;
	}
	c = &b->c[b->count++];
	c->rule = rule;
	c->rule_name = cpol_duty_rule_name(rule);
	c->ref = cpol__duty_rule_ref(p, rule, day, -1);
	c->person = person;
	c->person_id = person >= 0 ? p->people[person].id : 0;
	c->date = p->start + day;
	c->date_end = p->start + day_end;
	c->amount = amount;
	c->proven = proven;
	c->message = msg;
	c->causes = b->causes;
	c->cause_count = b->ncauses;
	b->causes = NULL;
	b->ncauses = b->causes_cap = 0;
}

static void conflicts_release(cpol_duty_conflict *c, size_t n)
{
	size_t i, j;
	for (i = 0; i < n; i++) {
		for (j = 0; j < c[i].cause_count; j++)
			free((char *)c[i].causes[j].message);
		free((void *)c[i].causes);
		free((char *)c[i].message);
	}
	free(c);
}

static void conflict_buf_free(conflict_buf *b)
{
	drop_causes(b);
	free(b->causes);
	conflicts_release(b->c, b->count);
	memset(b, 0, sizeof(*b));
}

void cpol_duty_conflicts_free(cpol_duty_conflicts *c)
{
	if (!c)
		return;
	conflicts_release(c->c, c->count);
	free(c);
}

size_t cpol_duty_conflicts_count(const cpol_duty_conflicts *c)
{
	return c ? c->count : 0;
}

const cpol_duty_conflict *cpol_duty_conflicts_get(const cpol_duty_conflicts *c, size_t index)
{
	return c && index < c->count ? &c->c[index] : NULL;
}

static const char *ds(const cpol_duty_problem *p, int day, char *buf)
{
	return cpol_date_format(buf, p->start + day);
}

/* Say why person i may not take any of `shifts` on day d (a cause each). */
static void why_not(conflict_buf *b, const cpol__duty_eval *e, int i, int d, uint32_t shifts)
{
	const cpol_duty_problem *p = e->p;
	const cpol__duty_person *x = &p->people[i];
	char buf[CPOL_DATE_BUFSZ];

	if (x->away[d])
		add_cause(b, p, CPOL_DUTY_RULE_AVAILABILITY, i, d, "%s is %s on %s", x->name,
		          cpol__duty_away_name(x->away[d]), ds(p, d, buf));
	else if (!(shifts & (x->kind == CPOL_STAFF_OFFICER ? e->officer_ok : e->auxiliary_ok)))
		add_cause(b, p, CPOL_DUTY_RULE_QUALIFICATION, i, d, "%s may not take it", x->name);
	else if (x->dedicated && !(shifts & ~e->late_mask))
		add_cause(b, p, CPOL_DUTY_RULE_DEDICATED_LATE, i, d,
		          "%s is a dedicated community officer: no duty after 22:00", x->name);
	else if (!(shifts & ALLOWED(e, i, d)))
		add_cause(b, p, CPOL_DUTY_RULE_WORKING_DAY, i, d, "%s: not on %s by the calendar", x->name,
		          ds(p, d, buf));
}

/* Why person i, free by the cell rules, did not take `shifts` on day d in the roster found. */
static void why_busy(conflict_buf *b, const cpol__duty_eval *e, int i, int d, uint32_t shifts)
{
	const cpol_duty_problem *p = e->p;
	const cpol__duty_person *x = &p->people[i];
	uint32_t m = CELL(e, i, d);
	char buf[CPOL_DATE_BUFSZ];
	int s;

	if (!(shifts & ALLOWED(e, i, d))) {
		why_not(b, e, i, d, shifts);
		return;
	}
	if (m) {
		cpol_duty_rule r = CPOL_DUTY_RULE_OVERLAP;
		for (s = 0; !((m >> s) & 1u); s++)
			;
		if (p->shifts[s].flags & CPOL_SHIFT_NIGHT) r = CPOL_DUTY_RULE_NIGHTS_MIN;
		else if (p->shifts[s].flags & CPOL_SHIFT_RECEPTION) r = CPOL_DUTY_RULE_RECEPTION;
		else if (p->shifts[s].flags & CPOL_SHIFT_COVER) r = CPOL_DUTY_RULE_COVER;
		else if (p->shifts[s].flags & CPOL_SHIFT_PATROL) r = CPOL_DUTY_RULE_PATROL;
		else if (p->shifts[s].flags & CPOL_SHIFT_IN_DISTRICT) r = CPOL_DUTY_RULE_IN_DISTRICT;
		add_cause(b, p, r, i, d, "%s is on %s (%s) on %s", x->name, p->shifts[s].code,
		          p->shifts[s].name, ds(p, d, buf));
	} else if (d > 0 && (CELL(e, i, d - 1) & e->night_mask) && p->params.rest_after_night.value) {
		add_cause(b, p, CPOL_DUTY_RULE_REST_AFTER_NIGHT, i, d, "%s rests on %s after a night", x->name,
		          ds(p, d, buf));
	} else if ((shifts & e->night_mask) && d + 1 < e->nd && CELL(e, i, d + 1) &&
	           p->params.rest_after_night.value) {
		add_cause(b, p, CPOL_DUTY_RULE_REST_AFTER_NIGHT, i, d + 1,
		          "%s is needed on %s, so cannot do the night before", x->name, ds(p, d + 1, buf));
	}
}

/* Largest number of days picked from ok[first..last] with no two adjacent (rest after a night). */
static int max_spaced(const int *ok, int first, int last, int spaced)
{
	int d, n = 0, prev = -10;
	for (d = first; d <= last; d++)
		if (ok[d] && (!spaced || d > prev + 1)) {
			n++;
			prev = d;
		}
	return n;
}

static int patrol_possible(const cpol__duty_eval *e, int d)
{
	int s, i;
	for (s = 0; s < e->ns; s++) {
		int n = 0;
		if (!((e->patrol_mask >> s) & 1u))
			continue;
		for (i = 0; i < e->np; i++)
			if ((ALLOWED(e, i, d) >> s) & 1u)
				n++;
		if (n < e->p->shifts[s].need)
			return 0;
	}
	return 1;
}

/* The counting checks: conflicts that no roster can avoid. */
static void prove_conflicts(conflict_buf *b, const cpol__duty_eval *e)
{
	const cpol_duty_problem *p = e->p;
	char b1[CPOL_DATE_BUFSZ], b2[CPOL_DATE_BUFSZ];
	int d, i, s, w, *ok;
	int max = (int)p->params.max_nights_per_week.value;

	for (d = 0; d < e->nd; d++) {
		int need = 0, have = 0;
		if ((p->days[d].flags & CPOL_DUTY_DAY_RECEPTION)) {
			for (i = 0; i < e->np; i++)
				if (ALLOWED(e, i, d) & e->reception_mask)
					have++;
			if (!have) {
				for (i = 0; i < e->np; i++)
					if (p->people[i].kind == CPOL_STAFF_OFFICER)
						why_not(b, e, i, d, e->reception_mask);
				add_conflict(b, p, CPOL_DUTY_RULE_RECEPTION, -1, d, d, 1, 1,
				             "%s is a reception day%s and no officer can receive the public",
				             ds(p, d, b1), (p->days[d].flags & CPOL_DUTY_DAY_MARKET) ? " (market day)" : "");
			}
		}
		have = 0;
		for (s = 0; s < e->ns; s++)
			if ((e->cover_mask >> s) & 1u)
				need += p->shifts[s].need;
		for (i = 0; i < e->np && need; i++)
			if (ALLOWED(e, i, d) & e->cover_mask)
				have++;
		if (have < need) {
			for (i = 0; i < e->np; i++)
				if (p->people[i].kind == CPOL_STAFF_AUXILIARY)
					why_not(b, e, i, d, e->cover_mask);
			add_conflict(b, p, CPOL_DUTY_RULE_COVER, -1, d, d, need - have, 1,
			             "%s: the office needs %d auxiliaries on duty and only %d can be", ds(p, d, b1),
			             need, have);
		}
	}
	for (w = 0; w < e->nw; w++) {
		int first, last, have = 0;
		cpol__duty_week_days(e, w, &first, &last);
		for (d = first; d <= last; d++) {
			int any = 0;
			if (!(p->days[d].flags & CPOL_DUTY_DAY_WORKING))
				continue;
			for (i = 0; i < e->np; i++)
				if (ALLOWED(e, i, d) & e->district_mask)
					any = 1;
			have += any;
		}
		if (have < e->week_req[w]) {
			for (d = first; d <= last; d++)
				if (p->days[d].flags & CPOL_DUTY_DAY_WORKING)
					for (i = 0; i < e->np; i++)
						if (p->people[i].kind == CPOL_STAFF_OFFICER && !(ALLOWED(e, i, d) & e->district_mask))
							why_not(b, e, i, d, e->district_mask);
			add_conflict(b, p, CPOL_DUTY_RULE_IN_DISTRICT, -1, first, last, e->week_req[w] - have, 1,
			             "week %s..%s: an officer must be in the district on %d working days; "
			             "officers are there on %d", ds(p, first, b1), ds(p, last, b2),
			             e->week_req[w], have);
		}
	}
	/* Training over the yearly allowance: no roster changes the absences. */
	for (i = 0; i < e->np; i++)
		for (w = 0; w < cpol__duty_years(p); w++) {
			const cpol__duty_person *x = &p->people[i];
			cpol__duty_training t;
			cpol__duty_training_of(p, i, w, &t);
			if (!t.excess)
				continue;
			for (d = t.first; d <= t.last; d++)
				if (x->away[d] == CPOL_DUTY_AWAY_TRAINING &&
				    (d == t.first || x->away[d - 1] != CPOL_DUTY_AWAY_TRAINING ||
				     x->away_src[d - 1] != x->away_src[d]))
					add_cause(b, p, CPOL_DUTY_RULE_AVAILABILITY, i, d, "%s is in training from %s",
					          x->name, ds(p, d, b1));
			add_conflict(b, p, CPOL_DUTY_RULE_TRAINING_DAYS, i, t.first, t.last, t.excess, 1,
			             "%s has %d days of concentrated training in %d, %lld allowed", x->name, t.total,
			             t.year, (long long)p->params.training_days_per_year.value);
		}
	if (!(ok = calloc((size_t)e->nd, sizeof(int)))) {
		b->oom = 1;
		return;
	}
	for (i = 0; i < e->np; i++) {
		if (!e->night_eligible[i])
			continue;
		for (w = 0; w < e->nw; w++) {
			int first, last, req = e->night_req[i * e->nw + w], cap;
			if (!req)
				continue;
			cpol__duty_week_days(e, w, &first, &last);
			if (max > 0 && req > max) {
				add_cause(b, p, CPOL_DUTY_RULE_NIGHTS_MAX, i, first, "at most %d nights a week", max);
				add_conflict(b, p, CPOL_DUTY_RULE_NIGHTS_MIN, i, first, last, req - max, 1,
				             "%s owes %d nights in %s..%s but may do at most %d", p->people[i].name,
				             req, ds(p, first, b1), ds(p, last, b2), max);
				continue;
			}
			for (d = first; d <= last; d++)
				ok[d] = (ALLOWED(e, i, d) & e->night_mask) && patrol_possible(e, d);
			cap = max_spaced(ok, first, last, (int)p->params.rest_after_night.value);
			if (cap >= req)
				continue;
			for (d = first; d <= last; d++)
				if (!(ALLOWED(e, i, d) & e->night_mask))
					why_not(b, e, i, d, e->night_mask);
				else if (!ok[d])
					add_cause(b, p, CPOL_DUTY_RULE_PATROL, -1, d, "no auxiliary can patrol on %s",
					          ds(p, d, b1));
			if (p->params.rest_after_night.value)
				add_cause(b, p, CPOL_DUTY_RULE_REST_AFTER_NIGHT, i, first,
				          "the day after a night is free");
			add_conflict(b, p, CPOL_DUTY_RULE_NIGHTS_MIN, i, first, last, req - cap, 1,
			             "%s owes %d nights in %s..%s and can do at most %d", p->people[i].name, req,
			             ds(p, first, b1), ds(p, last, b2), cap);
		}
	}
	free(ok);
}

/* The hard rules the best roster found still breaks, with what stood in the way. */
static int residual_conflicts(conflict_buf *b, const cpol__duty_eval *e, const cpol_duty_roster *roster)
{
	const cpol_duty_problem *p = e->p;
	cpol_duty_report *rep = NULL;
	size_t k;
	int rc, i, d;

	if ((rc = cpol_duty_check(&rep, roster)) < 0)
		return rc;
	for (k = 0; k < cpol_duty_report_count(rep); k++) {
		const cpol_duty_violation *v = cpol_duty_report_get(rep, k);
		int d0 = (int)(v->date - p->start), d1 = (int)(v->date_end - p->start);
		uint32_t want = 0;
		cpol_staff_kind kind = CPOL_STAFF_OFFICER;

		if (!v->hard)
			continue;
		switch (v->rule) {
		case CPOL_DUTY_RULE_RECEPTION: want = e->reception_mask; break;
		case CPOL_DUTY_RULE_COVER: want = e->cover_mask; kind = CPOL_STAFF_AUXILIARY; break;
		case CPOL_DUTY_RULE_PATROL: want = e->patrol_mask; kind = CPOL_STAFF_AUXILIARY; break;
		case CPOL_DUTY_RULE_IN_DISTRICT: want = e->district_mask; break;
		case CPOL_DUTY_RULE_NIGHTS_MIN: want = e->night_mask; break;
		default: break;
		}
		if (want && v->person >= 0) {
			for (d = d0; d <= d1; d++)
				if (!(CELL(e, v->person, d) & want))
					why_busy(b, e, v->person, d, want);
		} else if (want) {
			for (d = d0; d <= d1; d++) {
				if (v->rule == CPOL_DUTY_RULE_IN_DISTRICT &&
				    (!(p->days[d].flags & CPOL_DUTY_DAY_WORKING) || e->in_district[d] > 0))
					continue;
				for (i = 0; i < e->np; i++)
					if (p->people[i].kind == kind)
						why_busy(b, e, i, d, want);
			}
		}
		add_conflict(b, p, v->rule, v->person, d0, d1, v->amount, 0, "%s", v->message);
	}
	cpol_duty_report_free(rep);
	return b->oom ? cpol__error_oom() : 0;
}

/* ============================================================ generation */

/* May person i take shift s on day d without breaking a rule of its own days? */
static int can_take(const cpol__duty_eval *e, int i, int d, int s)
{
	uint32_t bit = 1u << s;
	int rest = (int)e->p->params.rest_after_night.value;
	if (CELL(e, i, d) || !(ALLOWED(e, i, d) & bit))
		return 0;
	if (rest && d > 0 && (CELL(e, i, d - 1) & e->night_mask))
		return 0;
	if (rest && (bit & e->night_mask) && d + 1 < e->nd && CELL(e, i, d + 1))
		return 0;
	return 1;
}

/* The person of a kind with the least load who can take s on d; ties by a random key. */
static int pick(const cpol__duty_eval *e, int d, int s, const uint32_t *tie)
{
	int i, best = -1;
	for (i = 0; i < e->np; i++) {
		if (!can_take(e, i, d, s))
			continue;
		if (best < 0 || e->fair[i * CPOL__FAIR_N + CPOL__FAIR_LOAD] < e->fair[best * CPOL__FAIR_N + CPOL__FAIR_LOAD] ||
		    (e->fair[i * CPOL__FAIR_N + CPOL__FAIR_LOAD] == e->fair[best * CPOL__FAIR_N + CPOL__FAIR_LOAD] &&
		     tie[i] < tie[best]))
			best = i;
	}
	return best;
}

static int first_shift(uint32_t mask)
{
	int s = 0;
	if (!mask)
		return -1;
	while (!((mask >> s) & 1u))
		s++;
	return s;
}

/* 0, or CPOL_ENOMEM: a roster must not depend on how much memory was free. */
static int construct(cpol__duty_eval *e, rng *r)
{
	const cpol_duty_problem *p = e->p;
	uint32_t *tie = malloc((size_t)(e->np ? e->np : 1) * sizeof(*tie));
	int d, s, i, w, k;
	int night = first_shift(e->night_mask);
	int district = first_shift(e->district_mask & ~e->reception_mask);
	int reception = first_shift(e->reception_mask);

	if (!tie)
		return CPOL_ENOMEM;
	for (i = 0; i < e->np; i++)
		tie[i] = (uint32_t)rng_next(r);

	/* Nights first: they constrain the days around them. */
	for (w = 0; night >= 0 && w < e->nw; w++) {
		int first, last;
		cpol__duty_week_days(e, w, &first, &last);
		for (i = 0; i < e->np; i++) {
			int need = e->night_req[i * e->nw + w] - e->nights[i * e->nw + w];
			for (k = 0; k < need; k++) {
				int best = -1, best_score = 0;
				for (d = first; d <= last; d++) {
					int score;
					if (!can_take(e, i, d, night))
						continue;
					/* Prefer nights nobody else holds and days that are not reception days. */
					score = e->cnt[d * e->ns + night] * 8 +
					        ((p->days[d].flags & CPOL_DUTY_DAY_RECEPTION) ? 2 : 0) +
					        (d + 1 < e->nd && (p->days[d + 1].flags & CPOL_DUTY_DAY_RECEPTION) ? 2 : 0) +
					        (int)(rng_next(r) & 1u);
					if (best < 0 || score < best_score) {
						best = d;
						best_score = score;
					}
				}
				if (best >= 0)
					cpol__duty_eval_set(e, i, best, 1u << night);
			}
		}
	}
	for (d = 0; d < e->nd; d++) {
		if ((p->days[d].flags & CPOL_DUTY_DAY_RECEPTION) && reception >= 0 &&
		    (i = pick(e, d, reception, tie)) >= 0)
			cpol__duty_eval_set(e, i, d, 1u << reception);
		for (s = 0; s < e->ns; s++) {
			int n;
			if ((e->cover_mask >> s) & 1u)
				for (n = e->cnt[d * e->ns + s]; n < p->shifts[s].need; n++)
					if ((i = pick(e, d, s, tie)) >= 0)
						cpol__duty_eval_set(e, i, d, 1u << s);
			if (((e->patrol_mask >> s) & 1u) && night >= 0 && e->cnt[d * e->ns + night] > 0)
				for (n = e->cnt[d * e->ns + s]; n < p->shifts[s].need; n++)
					if ((i = pick(e, d, s, tie)) >= 0)
						cpol__duty_eval_set(e, i, d, 1u << s);
		}
	}
	for (w = 0; district >= 0 && w < e->nw; w++) {
		int first, last, have = 0;
		cpol__duty_week_days(e, w, &first, &last);
		for (d = first; d <= last; d++)
			if ((p->days[d].flags & CPOL_DUTY_DAY_WORKING) && e->in_district[d] > 0)
				have++;
		for (d = first; d <= last && have < e->week_req[w]; d++)
			if ((p->days[d].flags & CPOL_DUTY_DAY_WORKING) && e->in_district[d] == 0 &&
			    (i = pick(e, d, district, tie)) >= 0) {
				cpol__duty_eval_set(e, i, d, 1u << district);
				have++;
			}
	}
	free(tie);
	return 0;
}

/*
 * The values a cell may take, the same space the checker judges: nothing,
 * or up to duty.max_shifts_per_day shifts the person may take that day and
 * that do not overlap. (What the checker accepts beyond this breaks a
 * stated hard rule: availability, qualification, overlap, shifts_per_day.)
 */
enum { DOMAIN_MAX = CPOL__DUTY_DOMAIN_MAX };

static int disjoint_times(const cpol__duty_eval *e, uint32_t m, int s)
{
	const cpol_duty_problem *p = e->p;
	int t;
	for (t = 0; t < e->ns; t++)
		if (((m >> t) & 1u) && p->shifts[t].start < p->shifts[s].end &&
		    p->shifts[s].start < p->shifts[t].end)
			return 0;
	return 1;
}

static void domain_fill(const cpol__duty_eval *e, uint32_t *v, int *n, uint32_t allowed, uint32_t base,
                        int from, int left)
{
	int s;
	for (s = from; s < e->ns && *n < DOMAIN_MAX; s++)
		if (((allowed >> s) & 1u) && disjoint_times(e, base, s)) {
			v[(*n)++] = base | (1u << s);
			if (left > 1)
				domain_fill(e, v, n, allowed, base | (1u << s), s + 1, left - 1);
		}
}

int cpol__duty_domain_init(cpol__duty_eval *e)
{
	size_t cells = (size_t)e->np * (size_t)e->nd, c;
	int maxs = (int)e->p->params.max_shifts_per_day.value;
	e->dom_v = malloc((cells ? cells : 1) * DOMAIN_MAX * sizeof(uint32_t));
	e->dom_n = calloc(cells ? cells : 1, sizeof(int));
	if (!e->dom_v || !e->dom_n)
		return cpol__error_oom();
	for (c = 0; c < cells; c++) {
		uint32_t *v = &e->dom_v[c * DOMAIN_MAX];
		v[0] = 0;
		e->dom_n[c] = 1;
		domain_fill(e, v, &e->dom_n[c], e->allowed[c], 0, 0, maxs < 1 ? 1 : maxs);
	}
	return 0;
}

static int in_domain(const cpol__duty_eval *e, int i, int d, uint32_t m)
{
	size_t c = (size_t)i * (size_t)e->nd + (size_t)d;
	int k;
	for (k = 0; k < e->dom_n[c]; k++)
		if (e->dom_v[c * DOMAIN_MAX + k] == m)
			return 1;
	return 0;
}

/* A random value for a cell from its domain, not the current one. */
static int random_value(const cpol__duty_eval *e, rng *r, int i, int d, uint32_t *out)
{
	size_t c = (size_t)i * (size_t)e->nd + (size_t)d;
	uint32_t cur = CELL(e, i, d);
	int n = e->dom_n[c];
	if (n < 2)
		return 0;
	for (;;) {
		*out = e->dom_v[c * DOMAIN_MAX + rng_below(r, n)];
		if (*out != cur)
			return 1;
	}
}

/* Set two cells; the change of cost. */
static cpol__duty_cost set2(cpol__duty_eval *e, int i, int d, uint32_t m, int j, int d2, uint32_t m2)
{
	cpol__duty_cost c = cpol__duty_eval_set(e, i, d, m);
	return cost_add(c, cpol__duty_eval_set(e, j, d2, m2));
}

static int improves(cpol__duty_cost delta)
{
	static const cpol__duty_cost zero = { 0, 0, 0 };
	return cost_cmp(delta, zero) < 0;
}

/* Descend: apply improving single changes and swaps until none is left. */
static void polish(cpol__duty_eval *e)
{
	int improved = 1, i, j, d, s, guard = 0;

	while (improved && guard++ < 1000) {
		improved = 0;
		for (i = 0; i < e->np; i++)
			for (d = 0; d < e->nd; d++) {
				size_t cell = (size_t)i * (size_t)e->nd + (size_t)d;
				uint32_t cur = CELL(e, i, d);
				for (s = 0; s < e->dom_n[cell]; s++) {
					uint32_t m = e->dom_v[cell * DOMAIN_MAX + s];
					cpol__duty_cost c;
					if (m == cur)
						continue;
					c = cpol__duty_eval_set(e, i, d, m);
					if (improves(c)) {
						improved = 1;
						cur = m;
					} else {
						cpol__duty_eval_set(e, i, d, cur);
					}
				}
			}
		for (d = 0; d < e->nd; d++)
			for (i = 0; i < e->np; i++)
				for (j = i + 1; j < e->np; j++) {
					uint32_t a = CELL(e, i, d), b = CELL(e, j, d);
					cpol__duty_cost c;
					if (a == b || !in_domain(e, i, d, b) || !in_domain(e, j, d, a))
						continue;
					c = set2(e, i, d, b, j, d, a);
					if (improves(c))
						improved = 1;
					else
						set2(e, j, d, b, i, d, a);
				}
	}
}

/*
 * When a run stops early: after `patient` or `settled` moves tried
 * (impossible moves, skipped before any change, do not count) without a
 * better best. While the run's best still breaks a hard rule it is
 * patient, a quarter of its moves (at least PATIENT_MIN): a roster that
 * meets every rule is worth the time. Once its best meets them all, it
 * stops after max(SETTLED_MIN, PATIENCE_PER_CELL x cells) moves without a
 * lower penalty: on the 300 offices of the benchmark the best penalty is
 * found well before that, and waiting longer bought 1.3% of penalty for
 * twice the time (docs/duty.md). SETTLED_MIN only matters below 100 cells
 * (no office's month is that small): on the small instances a wait of 500
 * moves met the optimum about as often as one of 2000, in a third of the
 * time, which goes to kicks (below) instead. Moves are counted, not timed,
 * so a seed still gives the same roster.
 */
enum { PATIENT_MIN = 2000, SETTLED_MIN = 500, PATIENCE_PER_CELL = 20 };

/*
 * Kicks (iterated local search) on small problems: after its descent, a
 * run changes KICK_SIZE random cells of its best to random values, climbs
 * and descends again from there, and keeps the result when it is better;
 * KICK_CELLS / cells times (at most KICK_MAX), within the run's move
 * budget. On a small problem a run settles in a local optimum after a few
 * hundred moves, and a kick gets out of it more surely, and for less, than
 * a new start: with four kicks a run, the 12-cell instances of the tests
 * met their optimum for every seed tried (docs/duty.md, "Small
 * problems"). Problems of more than KICK_CELLS cells get no kick: an
 * office's month (124 cells and more) gets the same roster as without.
 */
enum { KICK_CELLS = 48, KICK_MAX = 16, KICK_SIZE = 4 };

/*
 * Moves: of NIGHT_ONE_IN, 4 are the single moves (a cell's value twice, a
 * trade between two people, a shift to another day), 1 the night's ruin
 * and recreate (night_move()), 1 a shift handed to another (give_move())
 * and 1 two nights of a week ruined and recreated together
 * (night_pair_move(): on the optimum benchmark's 9 months it lowered the
 * penalty of 7, by up to 5.7 %, for 1.7-2.5 times the CPU time; a second
 * pair in 8 moves gained under 0.1 % for 1.2 times more, docs/duty.md).
 */
enum { NIGHT_ONE_IN = 7 };

/*
 * Runs of a generate on a problem of more than KICK_CELLS cells:
 * RESTART_CELLS / cells, at least RESTARTS_MIN and at most RESTARTS_MAX.
 * A run's moves grow with its cells, so this spends about the same on
 * every office: a month of 2+2 gets 48 runs, of 3+4 27, of 4+6 19, each
 * office under 2 s of CPU; on the optimum benchmark's months 48 runs
 * rather than 16 took the 2+2 month from 1439 to 1391, below what HiGHS
 * found in 120 s (docs/duty.md "Measured against the optimum").
 */
enum { RESTART_CELLS = 6000, RESTARTS_MIN = 16, RESTARTS_MAX = 48 };

static int restarts_for(size_t cells)
{
	size_t n = cells ? RESTART_CELLS / cells : RESTARTS_MAX;
	if (cells <= KICK_CELLS)
		return 4; /* their kicks meet the optimum */
	return n < RESTARTS_MIN ? RESTARTS_MIN : n > RESTARTS_MAX ? RESTARTS_MAX : (int)n;
}

/*
 * The compound move: ruin and recreate a day's night. A night is several
 * cells that only pay together: an officer on night duty, the auxiliaries
 * on patrol with them (a patrol without the night's officer breaks a hard
 * rule, and so does a night without its patrol), nothing for that officer
 * the next day (rest after a night). One cell at a time, covering a night
 * or moving it passes through a hard violation, which late acceptance
 * rarely takes; measured against CBC on a 2+2 month (tests/bench/
 * bench_duty_optimum), the search left 15 nights uncovered where 9 were
 * better. The move takes every night and patrol shift off day d and,
 * unless it only uncovers the night, puts a random officer who may do
 * nights on night duty (clearing their next day when rest_after_night
 * asks for it) and random auxiliaries on each patrol's need. The changed
 * cells are kept in `undo` (person, day, old value) to take the move back.
 */
typedef struct undo_cell {
	int i, d;
	uint32_t old;
} undo_cell;

static cpol__duty_cost undo_set(cpol__duty_eval *e, undo_cell *u, int *nu, int i, int d, uint32_t m)
{
	u[*nu].i = i;
	u[*nu].d = d;
	u[*nu].old = CELL(e, i, d);
	(*nu)++;
	return cpol__duty_eval_set(e, i, d, m);
}

/* The value of (i, d) with `add` shifts on top of `keep` of the current one, or nothing that fits. */
static int value_with(const cpol__duty_eval *e, int i, int d, uint32_t keep, uint32_t add, uint32_t *out)
{
	uint32_t m = (CELL(e, i, d) & keep) | add;
	if (in_domain(e, i, d, m)) {
		*out = m;
		return 1;
	}
	if (in_domain(e, i, d, add)) {
		*out = add;
		return 1;
	}
	return 0;
}

static int night_move_at(cpol__duty_eval *e, rng *r, int d, undo_cell *u, int *nu, cpol__duty_cost *delta)
{
	const cpol_duty_problem *p = e->p;
	uint32_t nightly = e->night_mask | e->patrol_mask, m;
	int i, s, k, tries, covered = 0, nu0 = *nu;

	if (!e->night_mask)
		return 0;
	for (i = 0; i < e->np; i++)
		if (CELL(e, i, d) & nightly) {
			covered |= (CELL(e, i, d) & e->night_mask) != 0;
			if (!in_domain(e, i, d, CELL(e, i, d) & ~nightly))
				return 0;
			*delta = cost_add(*delta, undo_set(e, u, nu, i, d, CELL(e, i, d) & ~nightly));
		}
	if (covered && rng_below(r, 2))
		return 1; /* the night uncovered */
	for (tries = 0; tries < 2 * e->np; tries++) {
		uint32_t bits = e->night_mask & e->allowed[(size_t)(i = rng_below(r, e->np)) * (size_t)e->nd + (size_t)d];
		if (!bits || !e->night_eligible[i])
			continue;
		for (s = 0; !((bits >> s) & 1u); s++)
			;
		if (!value_with(e, i, d, ~nightly, 1u << s, &m))
			continue;
		*delta = cost_add(*delta, undo_set(e, u, nu, i, d, m));
		if (p->params.rest_after_night.value && d + 1 < e->nd && CELL(e, i, d + 1) && in_domain(e, i, d + 1, 0))
			*delta = cost_add(*delta, undo_set(e, u, nu, i, d + 1, 0));
		break;
	}
	for (s = 0; s < e->ns; s++) {
		if (!((e->patrol_mask >> s) & 1u))
			continue;
		for (k = 0, tries = 0; k < p->shifts[s].need && tries < 4 * e->np; tries++) {
			i = rng_below(r, e->np);
			if ((CELL(e, i, d) >> s) & 1u || !value_with(e, i, d, ~0u, 1u << s, &m))
				continue;
			*delta = cost_add(*delta, undo_set(e, u, nu, i, d, m));
			k++;
		}
	}
	return *nu > nu0;
}

static int night_move(cpol__duty_eval *e, rng *r, undo_cell *u, int *nu, cpol__duty_cost *delta)
{
	*nu = 0;
	delta->hard = delta->soft = delta->changes = 0;
	return night_move_at(e, r, rng_below(r, e->nd), u, nu, delta);
}

/*
 * Two nights of a week recreated at once: an officer at their weekly
 * maximum of nights moves one to a night nobody covers only if another
 * officer takes the night left (a night's ruin alone breaks
 * nights_max or uncovers a night on the way).
 */
static int night_pair_move(cpol__duty_eval *e, rng *r, undo_cell *u, int *nu, cpol__duty_cost *delta)
{
	int d = rng_below(r, e->nd), d2 = d + 1 + rng_below(r, 6);
	int a;

	*nu = 0;
	delta->hard = delta->soft = delta->changes = 0;
	if (d2 >= e->nd)
		return 0;
	a = night_move_at(e, r, d, u, nu, delta);
	return night_move_at(e, r, d2, u, nu, delta) || a;
}

/*
 * One shift of a day passes from one person to another of the same kind,
 * the rest of both cells kept: an auxiliary on the office shift and on
 * patrol hands the patrol to one who was only on the office shift the day
 * before, and the rest between shifts comes right. (Trading whole cells
 * cannot split a cell of two shifts.)
 */
static int give_move(cpol__duty_eval *e, rng *r, undo_cell *u, int *nu, cpol__duty_cost *delta)
{
	int d = rng_below(r, e->nd), i = rng_below(r, e->np), j = rng_below(r, e->np), s, n = 0, pick;
	uint32_t a = CELL(e, i, d), b = CELL(e, j, d), bit = 0;

	*nu = 0;
	if (i == j || !a || e->p->people[i].kind != e->p->people[j].kind)
		return 0;
	for (s = 0; s < e->ns; s++)
		n += (int)((a >> s) & 1u);
	pick = rng_below(r, n);
	for (s = 0; s < e->ns; s++)
		if (((a >> s) & 1u) && pick-- == 0)
			bit = 1u << s;
	if ((b & bit) || !in_domain(e, i, d, a & ~bit) || !in_domain(e, j, d, b | bit))
		return 0;
	*delta = undo_set(e, u, nu, i, d, a & ~bit);
	*delta = cost_add(*delta, undo_set(e, u, nu, j, d, b | bit));
	return 1;
}

static void night_undo(cpol__duty_eval *e, const undo_cell *u, int nu)
{
	while (nu-- > 0)
		cpol__duty_eval_set(e, u[nu].i, u[nu].d, u[nu].old);
}

/*
 * Late-acceptance hill climbing from the evaluator's cells, for at most
 * `moves` moves; `best` and `*best_cost` keep the best met (the caller
 * sets them to the start). Returns the moves made, the impossible included,
 * or -1 when out of memory (a roster that depended on whether malloc
 * worked would not be the seed's roster).
 */
static int lahc(cpol__duty_eval *e, rng *r, int moves, int patient, int settled, uint32_t *best,
                cpol__duty_cost *best_cost)
{
	enum { L = 64 };
	cpol__duty_cost hist[L], cur = e->cost;
	size_t cells = (size_t)e->np * (size_t)e->nd;
	int it, k, idle = 0;
	/* a night move changes each person of the day once, the officer's next day, a patrol per need */
	undo_cell *u = malloc(2 * ((size_t)e->np * (size_t)(e->ns + 2) + 2) * sizeof(*u));

	if (!u)
		return -1;

	for (k = 0; k < L; k++)
		hist[k] = cur;
	for (it = 0; it < moves && idle < (best_cost->hard > 0 ? patient : settled) && cells; it++) {
		int kind = rng_below(r, NIGHT_ONE_IN), i = rng_below(r, e->np), d = rng_below(r, e->nd);
		int j = i, d2 = d, nu = 0;
		uint32_t a = CELL(e, i, d), m = 0, b;
		cpol__duty_cost delta, next;

		if (kind >= 4) {
			if (!(kind == 4   ? night_move(e, r, u, &nu, &delta)
			      : kind == 5 ? give_move(e, r, u, &nu, &delta)
			                  : night_pair_move(e, r, u, &nu, &delta))) {
				night_undo(e, u, nu);
				continue;
			}
		} else if (kind <= 1) {
			if (!random_value(e, r, i, d, &m))
				continue;
			delta = cpol__duty_eval_set(e, i, d, m);
		} else if (kind == 2) {
			/* Two people of a kind trade their cells of a day. */
			j = rng_below(r, e->np);
			b = CELL(e, j, d);
			if (j == i || a == b || e->p->people[i].kind != e->p->people[j].kind ||
			    !in_domain(e, i, d, b) || !in_domain(e, j, d, a))
				continue;
			delta = set2(e, i, d, b, j, d, a);
		} else {
			/* A person's shift moves to another day of the same fortnight. */
			d2 = d + rng_below(r, 13) - 6;
			if (d2 < 0 || d2 >= e->nd || d2 == d)
				continue;
			b = CELL(e, i, d2);
			if (a == b || !in_domain(e, i, d, b) || !in_domain(e, i, d2, a))
				continue;
			delta = set2(e, i, d, b, i, d2, a);
		}
		next = cost_add(cur, delta);
		if (cost_cmp(next, cur) <= 0 || cost_cmp(next, hist[it % L]) <= 0) {
			cur = next;
			if (cost_cmp(cur, *best_cost) < 0) {
				*best_cost = cur;
				memcpy(best, e->cell, cells * sizeof(*best));
				idle = 0;
			} else {
				idle++;
			}
		} else {
			idle++;
			if (kind >= 4)
				night_undo(e, u, nu);
			else if (kind <= 1)
				cpol__duty_eval_set(e, i, d, a);
			else if (kind == 2)
				set2(e, j, d, CELL(e, i, d), i, d, a);
			else
				set2(e, i, d2, CELL(e, i, d), i, d, a);
		}
		if (cost_cmp(cur, hist[it % L]) < 0)
			hist[it % L] = cur;
	}
	free(u);
	return it;
}

/* Change KICK_SIZE random cells to a random value each (hard rules may break). */
static void kick(cpol__duty_eval *e, rng *r)
{
	int k, i, d;
	uint32_t m;

	for (k = 0; k < KICK_SIZE; k++) {
		i = rng_below(r, e->np);
		d = rng_below(r, e->nd);
		if (random_value(e, r, i, d, &m))
			cpol__duty_eval_set(e, i, d, m);
	}
}

/* Load cells into the evaluator. */
static void load_cells(cpol__duty_eval *e, const uint32_t *cells)
{
	int i, d;
	for (i = 0; i < e->np; i++)
		for (d = 0; d < e->nd; d++)
			cpol__duty_eval_set(e, i, d, cells[i * e->nd + d]);
}

/* ------------------------------------------------------------ round robin */

static int night_any(const cpol__duty_eval *e, int d)
{
	int s;
	for (s = 0; s < e->ns; s++)
		if (((e->night_mask >> s) & 1u) && e->cnt[d * e->ns + s] > 0)
			return 1;
	return 0;
}

/*
 * The baseline: what an office does with a duty board and no search. Each
 * need of each day goes to the next person of the rotation who can take it;
 * night duty rotates every night among the officers who do nights, patrol
 * among the auxiliaries, and the A post every working day among the officers.
 */
static void round_robin(cpol__duty_eval *e)
{
	const cpol_duty_problem *p = e->p;
	int next[CPOL__DUTY_MAX_SHIFTS] = { 0 };
	int d, s, n, k;

	for (d = 0; d < e->nd; d++)
		for (s = 0; s < e->ns; s++) {
			const cpol_duty_shift *sh = &p->shifts[s];
			int need = 0;
			if (sh->flags & CPOL_SHIFT_NIGHT)
				need = 1;
			else if (sh->flags & CPOL_SHIFT_RECEPTION)
				need = (p->days[d].flags & CPOL_DUTY_DAY_RECEPTION) ? 1 : 0;
			else if (sh->flags & CPOL_SHIFT_COVER)
				need = sh->need;
			else if (sh->flags & CPOL_SHIFT_PATROL)
				need = night_any(e, d) ? sh->need : 0;
			else if (sh->flags & CPOL_SHIFT_IN_DISTRICT)
				need = (p->days[d].flags & CPOL_DUTY_DAY_WORKING) && !e->in_district[d] ? 1 : 0;
			for (n = 0; n < need; n++)
				for (k = 0; k < e->np; k++) {
					int i = (next[s] + k) % e->np;
					if (can_take(e, i, d, s)) {
						cpol__duty_eval_set(e, i, d, 1u << s);
						next[s] = i + 1;
						break;
					}
				}
		}
}

/* ---------------------------------------------------------------- driver */

static int finish_conflicts(cpol_duty_conflicts **out, conflict_buf *b, const cpol_duty_problem *p)
{
	cpol_duty_conflicts *c;
	const cpol_duty_conflict *first;

	if (b->oom) {
		conflict_buf_free(b);
		return cpol__error_oom();
	}
	first = b->count ? &b->c[0] : NULL;
	if (first)
		cpol__error_set_at(CPOL_ECONFLICT, first->ref->file, first->ref->line, first->ref->column,
		                   first->ref->key, "no roster meets every hard rule: %zu conflict%s; first: %s",
		                   b->count, b->count == 1 ? "" : "s", first->message);
	else
		cpol__error_set(CPOL_ECONFLICT, "no roster meets every hard rule");
	if (!out) {
		conflict_buf_free(b);
		return CPOL_ECONFLICT;
	}
	if (!(c = calloc(1, sizeof(*c)))) {
		conflict_buf_free(b);
		return cpol__error_oom();
	}
	c->c = b->c;
	c->count = b->count;
	b->c = NULL;
	b->count = b->cap = 0;
	conflict_buf_free(b);
	*out = c;
	(void)p;
	return CPOL_ECONFLICT;
}

/*
 * Fix cells: a fixed cell's domain is its one value, so that no move
 * changes it. `fixed` holds the values, `is_fixed` which cells.
 */
static void fix_cells(cpol__duty_eval *e, const uint32_t *fixed, const unsigned char *is_fixed)
{
	size_t c, cells = (size_t)e->np * (size_t)e->nd;
	for (c = 0; c < cells; c++)
		if (is_fixed[c]) {
			e->dom_n[c] = 1;
			e->dom_v[c * DOMAIN_MAX] = fixed[c];
		}
}

static void force_fixed(cpol__duty_eval *e, const uint32_t *fixed, const unsigned char *is_fixed)
{
	int i, d;
	for (i = 0; i < e->np; i++)
		for (d = 0; d < e->nd; d++)
			if (is_fixed[i * e->nd + d])
				cpol__duty_eval_set(e, i, d, fixed[i * e->nd + d]);
}

/*
 * Generate, with pins (cells kept as they are in `pinned`) and, for a
 * repair, the published roster: its cells before day `from` are kept and
 * the search starts from it, changing as few of the others as it can
 * (cost: hard units, then changed cells, then soft points).
 */
static int solve(cpol_duty_roster **out, cpol_duty_conflicts **conflicts, cpol_duty_problem *problem,
                 const cpol_duty_generate_options *opts, const cpol_duty_roster *published, int from)
{
	cpol_duty_generate_options defaults = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	cpol__duty_eval e;
	conflict_buf cb;
	cpol__duty_cost best_cost;
	uint32_t *best = NULL, *run_best = NULL, *kick_best = NULL, *fixed = NULL, *start = NULL;
	unsigned char *is_fixed = NULL;
	cpol_duty_roster *roster = NULL;
	size_t cells;
	int rc, restarts, iterations, run, patient, settled, kicks;

	if (conflicts)
		*conflicts = NULL;
	if (!out || !problem)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_generate: NULL argument");
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (opts->version != CPOL_DUTY_GENERATE_OPTIONS_VERSION)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "version",
		                          "unknown cpol_duty_generate_options version %u", opts->version);
	if (opts->method != CPOL_DUTY_METHOD_LOCAL_SEARCH && opts->method != CPOL_DUTY_METHOD_ROUND_ROBIN)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "method", "unknown method %d", (int)opts->method);
	if (opts->restarts < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "restarts", "negative restarts");
	if (opts->pinned && opts->method != CPOL_DUTY_METHOD_LOCAL_SEARCH)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "pinned", "pins are kept by the local search only");
	if ((rc = cpol__duty_problem_prepare(problem)) < 0)
		return rc;
	if ((rc = cpol__duty_eval_init(&e, problem)) < 0)
		return rc;
	if ((rc = cpol__duty_domain_init(&e)) < 0) {
		cpol__duty_eval_free(&e);
		return rc;
	}
	memset(&cb, 0, sizeof(cb));
	cells = (size_t)e.np * (size_t)e.nd;
	if (opts->pinned || published) {
		size_t k;
		const cpol_duty_roster *pin = opts->pinned;
		if ((pin && pin->problem != problem) || (published && published->problem != problem)) {
			rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, pin && pin->problem != problem ? "pinned" : "published",
			                        "the roster belongs to another problem");
			goto done;
		}
		if (!(fixed = calloc(cells + 1, sizeof(*fixed))) || !(is_fixed = calloc(cells + 1, 1)))
			goto oom;
		if (published) {
			int i, d;
			if (!(start = cpol__duty_roster_masks(published)))
				goto oom;
			for (i = 0; i < e.np; i++)
				for (d = 0; d < from && d < e.nd; d++) {
					is_fixed[i * e.nd + d] = 1;
					fixed[i * e.nd + d] = start[i * e.nd + d];
				}
			e.published = start;
			e.cost = cpol__duty_eval_full(&e);
		}
		for (k = 0; pin && k < pin->count; k++) {
			size_t c = (size_t)pin->entries[k].person * (size_t)e.nd + (size_t)(pin->entries[k].date - problem->start);
			if (is_fixed[c] == 1)
				continue; /* kept from the published roster already */
			fixed[c] = (is_fixed[c] ? fixed[c] : 0) | (1u << pin->entries[k].shift);
			is_fixed[c] = 2;
		}
		fix_cells(&e, fixed, is_fixed);
	}

	if (opts->method == CPOL_DUTY_METHOD_ROUND_ROBIN) {
		round_robin(&e);
		best_cost = e.cost;
	} else {
		rng r;
		prove_conflicts(&cb, &e);
		if (cb.oom)
			goto oom;
		if (!(best = calloc(cells ? cells : 1, sizeof(*best))) ||
		    !(run_best = calloc(cells ? cells : 1, sizeof(*run_best))) ||
		    !(kick_best = calloc(cells ? cells : 1, sizeof(*kick_best))))
			goto oom;
		/*
		 * 4 runs on small problems (their kicks meet the optimum), more
		 * on larger ones: with the compound moves, more runs pay again
		 * (docs/duty.md "Measured against the optimum").
		 */
		restarts = opts->restarts ? opts->restarts : restarts_for(cells);
		iterations = (int)(cells * 300 > 20000 ? cells * 300 : 20000);
		patient = iterations / 4 > PATIENT_MIN ? iterations / 4 : PATIENT_MIN;
		settled = cells * PATIENCE_PER_CELL > SETTLED_MIN ? (int)cells * PATIENCE_PER_CELL : SETTLED_MIN;
		if (settled > patient)
			settled = patient;
		kicks = !cells ? 0 : cells * KICK_MAX <= KICK_CELLS ? KICK_MAX : (int)(KICK_CELLS / cells);
		best_cost.hard = INT64_MAX;
		best_cost.soft = INT64_MAX;
		best_cost.changes = INT64_MAX;
		for (run = 0; run < restarts; run++) {
			cpol__duty_cost rb, kb;
			int left = iterations, k, used;
			r.s = opts->seed * 0x2545F4914F6CDD1Dull + (uint64_t)run;
			cpol__duty_eval_clear(&e);
			if (start)
				load_cells(&e, start);
			else if (construct(&e, &r) < 0)
				goto oom;
			if (fixed)
				force_fixed(&e, fixed, is_fixed);
			/*
			 * Odd runs start from a local optimum, even runs from the raw
			 * construction: late acceptance needs the slack of a worse
			 * start to leave a local optimum at all, while on large
			 * offices the polished start goes further in the same moves.
			 */
			if (run % 2)
				polish(&e);
			rb = e.cost;
			memcpy(run_best, e.cell, cells * sizeof(*run_best));
			if ((used = lahc(&e, &r, left, patient, settled, run_best, &rb)) < 0)
				goto oom;
			left -= used;
			load_cells(&e, run_best);
			polish(&e);
			/* Small problems: kick the run's best and search again (see KICK_CELLS). */
			rb = e.cost;
			memcpy(run_best, e.cell, cells * sizeof(*run_best));
			for (k = 0; k < kicks && left > 0; k++) {
				kick(&e, &r);
				kb = e.cost;
				memcpy(kick_best, e.cell, cells * sizeof(*kick_best));
				if ((used = lahc(&e, &r, left, patient, settled, kick_best, &kb)) < 0)
					goto oom;
				left -= used;
				load_cells(&e, kick_best);
				polish(&e);
				if (cost_cmp(e.cost, rb) < 0) {
					rb = e.cost;
					memcpy(run_best, e.cell, cells * sizeof(*run_best));
				} else {
					load_cells(&e, run_best);
				}
			}
			if (cost_cmp(e.cost, best_cost) < 0) {
				best_cost = e.cost;
				memcpy(best, e.cell, cells * sizeof(*best));
			}
			if (cb.count)
				break; /* proven impossible: one run gives the best effort */
		}
		load_cells(&e, best);
	}
	if ((rc = cpol__duty_roster_from_eval(&roster, &e)) < 0)
		goto done;
	roster->seed = opts->seed;
	if (e.cost.hard > 0) {
		/* Keep the proven conflicts and add what the best roster still breaks. */
		if (!cb.count && (rc = residual_conflicts(&cb, &e, roster)) < 0)
			goto done;
		rc = finish_conflicts(conflicts, &cb, problem);
		*out = roster;
		roster = NULL;
		goto done;
	}
	*out = roster;
	roster = NULL;
	rc = 0;
	goto done;
oom:
	rc = cpol__error_oom();
done:
	conflict_buf_free(&cb);
	cpol_duty_roster_free(roster);
	free(best);
	free(run_best);
	free(kick_best);
	free(fixed);
	free(is_fixed);
	free(start);
	cpol__duty_eval_free(&e);
	return rc;
}

int cpol_duty_generate(cpol_duty_roster **out, cpol_duty_conflicts **conflicts,
                       cpol_duty_problem *problem, const cpol_duty_generate_options *opts)
{
	return solve(out, conflicts, problem, opts, NULL, 0);
}

int cpol_duty_repair(cpol_duty_roster **out, cpol_duty_conflicts **conflicts, cpol_duty_problem *problem,
                     const cpol_duty_roster *published, cpol_date from,
                     const cpol_duty_generate_options *opts)
{
	int d;
	if (!published)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "published", "cpol_duty_repair: no published roster");
	if (problem && from != CPOL_DATE_NONE && from == problem->start + problem->ndays)
		d = problem->ndays;
	else if (!problem || (d = cpol__duty_day_index(problem, from)) < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "from", "the first day to change is outside the roster");
	if (opts && opts->method != CPOL_DUTY_METHOD_LOCAL_SEARCH)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "method", "a repair is a local search");
	return solve(out, conflicts, problem, opts, published, d);
}

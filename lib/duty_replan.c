/*
 * libcommpolice — duty: re-planning a published roster. Which cells two
 * rosters differ in (what a repair changed, and whose), and who can take a
 * shift (the swap check). The repair itself is a search, in duty_solve.c.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ diff */

struct cpol_duty_diff {
	cpol_duty_change *c;
	size_t count;
	int people;
};

/* The cells of a roster, np * nd masks (person-major); NULL when out of memory. */
uint32_t *cpol__duty_roster_masks(const cpol_duty_roster *r)
{
	const cpol_duty_problem *p = r->problem;
	uint32_t *m = calloc((size_t)p->npeople * (size_t)p->ndays + 1, sizeof(*m));
	size_t k;
	if (!m)
		return NULL;
	for (k = 0; k < r->count; k++)
		m[(size_t)r->entries[k].person * (size_t)p->ndays + (size_t)(r->entries[k].date - p->start)] |=
			1u << r->entries[k].shift;
	return m;
}

/* "night+patrol", "" for none; NULL when out of memory. */
static char *codes_of(const cpol_duty_problem *p, uint32_t m)
{
	cpol__buf b = { 0 };
	int s;
	cpol__buf_printf(&b, "%s", "");
	for (s = 0; s < p->nshifts; s++)
		if ((m >> s) & 1u)
			cpol__buf_printf(&b, "%s%s", b.len ? "+" : "", p->shifts[s].code);
	if (b.oom) {
		cpol__buf_free(&b);
		return NULL;
	}
	return cpol__buf_detach(&b);
}

void cpol_duty_diff_free(cpol_duty_diff *d)
{
	size_t i;
	if (!d)
		return;
	for (i = 0; i < d->count; i++) {
		free((char *)d->c[i].before);
		free((char *)d->c[i].after);
	}
	free(d->c);
	free(d);
}

int cpol_duty_roster_diff(cpol_duty_diff **out, const cpol_duty_roster *before, const cpol_duty_roster *after)
{
	const cpol_duty_problem *p;
	uint32_t *a = NULL, *b = NULL;
	unsigned char *seen = NULL;
	cpol_duty_diff *d = NULL;
	int i, day, rc = 0;

	if (!out || !before || !after)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_roster_diff: NULL argument");
	*out = NULL;
	p = before->problem;
	if (after->problem != p)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "after", "the rosters belong to different problems");
	if (!(a = cpol__duty_roster_masks(before)) || !(b = cpol__duty_roster_masks(after)) || !(d = calloc(1, sizeof(*d))) ||
	    !(seen = calloc((size_t)p->npeople + 1, 1)) ||
	    !(d->c = calloc((size_t)p->npeople * (size_t)p->ndays + 1, sizeof(*d->c))))
		goto oom;
	for (day = 0; day < p->ndays; day++)
		for (i = 0; i < p->npeople; i++) {
			size_t c = (size_t)i * (size_t)p->ndays + (size_t)day;
			cpol_duty_change *x;
			if (a[c] == b[c])
				continue;
			x = &d->c[d->count];
			x->person = i;
			x->person_id = p->people[i].id;
			x->date = p->start + day;
			if (!(x->before = codes_of(p, a[c])) || !(x->after = codes_of(p, b[c]))) {
				free((char *)x->before);
				goto oom;
			}
			d->count++;
			if (!seen[i]++)
				d->people++;
		}
	*out = d;
	d = NULL;
	goto done;
oom:
	rc = cpol__error_oom();
done:
	cpol_duty_diff_free(d);
	free(a);
	free(b);
	free(seen);
	return rc;
}

size_t cpol_duty_diff_count(const cpol_duty_diff *d)
{
	return d ? d->count : 0;
}

int cpol_duty_diff_people(const cpol_duty_diff *d)
{
	return d ? d->people : 0;
}

const cpol_duty_change *cpol_duty_diff_get(const cpol_duty_diff *d, size_t index)
{
	return d && index < d->count ? &d->c[index] : NULL;
}

/* ------------------------------------------------------------------ swap */

struct cpol_duty_swaps {
	cpol_duty_swap *s;
	size_t count;
};

void cpol_duty_swaps_free(cpol_duty_swaps *w)
{
	size_t i;
	if (!w)
		return;
	for (i = 0; i < w->count; i++)
		free((char *)w->s[i].message);
	free(w->s);
	free(w);
}

size_t cpol_duty_swaps_count(const cpol_duty_swaps *w)
{
	return w ? w->count : 0;
}

const cpol_duty_swap *cpol_duty_swaps_get(const cpol_duty_swaps *w, size_t index)
{
	return w && index < w->count ? &w->s[index] : NULL;
}

/* A copy of a roster's entries into a new roster of the same problem. */
static int roster_copy(cpol_duty_roster **out, const cpol_duty_roster *r)
{
	cpol_duty_roster *c = calloc(1, sizeof(*c));
	if (!c)
		return cpol__error_oom();
	c->problem = r->problem;
	c->cap = r->count ? r->count + 1 : 1;
	if (!(c->entries = malloc(c->cap * sizeof(*c->entries)))) {
		free(c);
		return cpol__error_oom();
	}
	memcpy(c->entries, r->entries, r->count * sizeof(*c->entries));
	c->count = r->count;
	*out = c;
	return 0;
}

/* Hard violations per rule in a report. */
static void hard_by_rule(const cpol_duty_report *rep, int *n)
{
	size_t k;
	memset(n, 0, CPOL_DUTY_RULE_END * sizeof(int));
	for (k = 0; k < cpol_duty_report_count(rep); k++) {
		const cpol_duty_violation *v = cpol_duty_report_get(rep, k);
		if (v->hard)
			n[v->rule]++;
	}
}

static int swap_cmp(const void *x, const void *y)
{
	const cpol_duty_swap *a = x, *b = y;
	if (a->ok != b->ok)
		return b->ok - a->ok;
	if (a->ok && a->penalty_change != b->penalty_change)
		return a->penalty_change < b->penalty_change ? -1 : 1;
	return a->person - b->person;
}

int cpol_duty_swap_check(cpol_duty_swaps **out, const cpol_duty_roster *roster, int person, cpol_date date,
                         const char *shift)
{
	const cpol_duty_problem *p;
	cpol_duty_report *base = NULL, *rep = NULL;
	cpol_duty_roster *t = NULL;
	cpol_duty_swaps *w = NULL;
	int before[CPOL_DUTY_RULE_END], after[CPOL_DUTY_RULE_END];
	int j, s, removed = 0, rc;
	size_t k;

	if (!out || !roster)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_swap_check: NULL argument");
	*out = NULL;
	p = roster->problem;
	if (person < 0 || person >= p->npeople)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "person", "no person %d in the roster problem", person);
	if ((rc = cpol_duty_problem_find_shift(&s, p, shift)) < 0)
		return rc;
	for (k = 0; k < roster->count; k++)
		if (roster->entries[k].person == person && roster->entries[k].date == date &&
		    roster->entries[k].shift == s)
			break;
	if (k == roster->count)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "shift", "%s does not hold %s that day",
		                          p->people[person].name, shift);
	if ((rc = cpol_duty_check(&base, roster)) < 0)
		return rc;
	hard_by_rule(base, before);
	if (!(w = calloc(1, sizeof(*w))) || !(w->s = calloc((size_t)p->npeople + 1, sizeof(*w->s))))
		goto oom;
	for (j = 0; j < p->npeople; j++) {
		cpol_duty_swap *x;
		const cpol_duty_violation *why = NULL;
		if (j == person)
			continue;
		if ((rc = roster_copy(&t, roster)) < 0 ||
		    (rc = cpol_duty_roster_remove(&removed, t, person, date, shift)) < 0 ||
		    (rc = cpol__duty_roster_put(t, j, (int)(date - p->start), s)) < 0 ||
		    (rc = cpol_duty_check(&rep, t)) < 0)
			goto done;
		hard_by_rule(rep, after);
		/* The candidate's own reasons first (away, not their kind), then the office's. */
		for (k = 0; k < cpol_duty_report_count(rep) && !why; k++) {
			const cpol_duty_violation *v = cpol_duty_report_get(rep, k);
			if (v->hard && v->person == j && after[v->rule] > before[v->rule])
				why = v;
		}
		for (k = 0; k < cpol_duty_report_count(rep) && !why; k++) {
			const cpol_duty_violation *v = cpol_duty_report_get(rep, k);
			if (v->hard && after[v->rule] > before[v->rule])
				why = v;
		}
		x = &w->s[w->count];
		x->person = j;
		x->person_id = p->people[j].id;
		x->ok = why == NULL;
		x->penalty_change = cpol_duty_report_penalty(rep) - cpol_duty_report_penalty(base);
		if (why) {
			x->rule = why->rule;
			x->rule_name = why->rule_name;
			x->ref = why->ref;
		}
		if (!(x->message = cpol__strdup(why ? why->message : "")))
			goto oom;
		w->count++;
		cpol_duty_report_free(rep);
		rep = NULL;
		cpol_duty_roster_free(t);
		t = NULL;
	}
	if (w->count > 1)
		qsort(w->s, w->count, sizeof(*w->s), swap_cmp);
	*out = w;
	w = NULL;
	rc = 0;
	goto done;
oom:
	rc = cpol__error_oom();
done:
	cpol_duty_report_free(base);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(t);
	cpol_duty_swaps_free(w);
	return rc;
}

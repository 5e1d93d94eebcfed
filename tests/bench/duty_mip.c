/*
 * libcommpolice benchmark — duty: the roster evaluator's cost as a mixed
 * integer programme, solved by COIN-OR CBC through its C interface and
 * started from the local search's roster; bench_duty_optimum measures the
 * generator against it.
 *
 * Why CBC: it is in Debian (coinor-libcbc-dev), EPL-2.0 (GLPK is GPL), has
 * a C interface, takes a starting solution and a time limit. Optional
 * (configure --with-cbc, on when found). Why it is not in the library:
 * docs/duty.md "The exact solver".
 *
 * The model (docs/duty.md "The exact solver"): one binary x[c][k] per cell c
 * and value k of its domain other than nothing (at most one a cell); every
 * term of the evaluator is linear in them or linearises with one variable:
 * - cell terms: a cost per value (cpol__duty_eval_cell_cost);
 * - pair terms: z >= x[a] + x[b] - 1 per pair of values with a cost;
 * - day terms: counts of people on each shift; a night indicator n_d
 *   (n_d <= officers on night duty, n_d >= each of them); shortfalls and
 *   surpluses as slacks;
 * - week terms: y_d <= officers in the district, short + sum y_d >= required;
 * - person-week terms: nights short and over as slacks, hours begun over
 *   the cap as an integer h >= (minutes - cap) / 60;
 * - runs: for each day d, o >= (days with duty in d-max..d) - max counts
 *   each day beyond the limit exactly once;
 * - fairness: t_i >= +-(m_i A - a_i M) / 60A and an integer
 *   F >= w sum t_i - 1/2 + 1/60A, the evaluator's rounding half up.
 * Hard units cost BIG (more than the start's soft penalty) each; when the
 * start breaks no hard rule, every hard slack is bounded to 0 instead, which
 * makes the relaxation much tighter.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_mip.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <unistd.h>

#ifdef HAVE_CBC

#include <Cbc_C_Interface.h>

typedef struct mip {
	/* columns */
	double *lb, *ub, *obj;
	char *integer;
	int ncols, ccap;
	/* rows, by row: entries [rstart[r], rstart[r+1]) */
	int *rstart, *ridx;
	double *rval, *rlo, *rhi;
	int nrows, rcap, nnz, ncap;
	const char **tag;  /* debugging: the term of each column */
	const char *cur;
	double big;        /* the cost of a hard unit */
	double constant;   /* soft points of the empty cells, left out of the objective */
	int lawful;        /* hard slacks bounded to 0 */
	int oom;
} mip;

#define INF DBL_MAX

static int grow(void **p, int *cap, int need, size_t size)
{
	void *q;
	int n;
	if (need <= *cap)
		return 0;
	n = *cap ? *cap * 2 : 256;
	while (n < need)
		n *= 2;
	if (!(q = realloc(*p, (size_t)n * size)))
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int col(mip *m, double lb, double ub, double obj, int integer)
{
	int c = m->ncols, cap = m->ccap;
	if (m->oom)
		return 0;
	if (grow((void **)&m->lb, &cap, c + 1, sizeof(double)) < 0) { m->oom = 1; return 0; }
	cap = m->ccap;
	if (grow((void **)&m->ub, &cap, c + 1, sizeof(double)) < 0) { m->oom = 1; return 0; }
	cap = m->ccap;
	if (grow((void **)&m->obj, &cap, c + 1, sizeof(double)) < 0) { m->oom = 1; return 0; }
	cap = m->ccap;
	if (grow((void **)&m->integer, &cap, c + 1, 1) < 0) { m->oom = 1; return 0; }
	cap = m->ccap;
	if (grow((void **)&m->tag, &cap, c + 1, sizeof(char *)) < 0) { m->oom = 1; return 0; }
	m->ccap = cap;
	m->tag[c] = m->cur;
	m->lb[c] = lb;
	m->ub[c] = ub;
	m->obj[c] = obj;
	m->integer[c] = (char)integer;
	m->ncols++;
	return c;
}

/* A slack of a rule: hard (BIG each, or bounded to 0), or soft at `weight`. */
static int slack(mip *m, int hard, double weight)
{
	if (hard)
		return col(m, 0, m->lawful ? 0 : INF, m->big, 0);
	return col(m, 0, INF, weight, 0);
}

static void row_begin(mip *m)
{
	int cap = m->rcap;
	if (m->oom)
		return;
	if (grow((void **)&m->rstart, &cap, m->nrows + 2, sizeof(int)) < 0) { m->oom = 1; return; }
	cap = m->rcap;
	if (grow((void **)&m->rlo, &cap, m->nrows + 2, sizeof(double)) < 0) { m->oom = 1; return; }
	cap = m->rcap;
	if (grow((void **)&m->rhi, &cap, m->nrows + 2, sizeof(double)) < 0) { m->oom = 1; return; }
	m->rcap = cap;
	m->rstart[m->nrows] = m->nnz;
}

static void add(mip *m, int c, double v)
{
	int cap = m->ncap;
	if (m->oom || v == 0)
		return;
	if (grow((void **)&m->ridx, &cap, m->nnz + 1, sizeof(int)) < 0) { m->oom = 1; return; }
	cap = m->ncap;
	if (grow((void **)&m->rval, &cap, m->nnz + 1, sizeof(double)) < 0) { m->oom = 1; return; }
	m->ncap = cap;
	m->ridx[m->nnz] = c;
	m->rval[m->nnz] = v;
	m->nnz++;
}

static void row_end(mip *m, double lo, double hi)
{
	if (m->oom)
		return;
	m->rlo[m->nrows] = lo;
	m->rhi[m->nrows] = hi;
	m->nrows++;
	m->rstart[m->nrows] = m->nnz;
}

static void mip_free(mip *m)
{
	free(m->lb);
	free(m->ub);
	free(m->obj);
	free(m->integer);
	free(m->tag);
	free(m->rstart);
	free(m->ridx);
	free(m->rval);
	free(m->rlo);
	free(m->rhi);
}

static int popcount32(uint32_t x)
{
	int n = 0;
	while (x) {
		x &= x - 1;
		n++;
	}
	return n;
}

#define DOM(e, c, k) ((e)->dom_v[(size_t)(c) * CPOL__DUTY_DOMAIN_MAX + (size_t)(k)])

/* x[c][k] is column xcol[c * DOMAIN_MAX + k] (k >= 1), -1 for none. */
typedef struct vars {
	int *x;
	int *hcol;        /* np * nw: hours over, integer, or -1 */
	int fcol[CPOL__FAIR_N][3]; /* by kind: the fairness points, integer, or -1 */
} vars;

/* Add sum over people and values of coef(value) x to the open row. */
typedef int (*value_fn)(const cpol__duty_eval *e, int p, int d, uint32_t v, const void *arg);

static void add_day(mip *m, const cpol__duty_eval *e, const vars *x, int d, value_fn f, const void *arg,
                    double scale)
{
	int p, k;
	for (p = 0; p < e->np; p++) {
		size_t c = (size_t)p * (size_t)e->nd + (size_t)d;
		for (k = 1; k < e->dom_n[c]; k++) {
			int n = f(e, p, d, DOM(e, c, k), arg);
			if (n)
				add(m, x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k], scale * n);
		}
	}
}

static int has_shift(const cpol__duty_eval *e, int p, int d, uint32_t v, const void *arg)
{
	return (int)((v >> *(const int *)arg) & 1u);
}

static int in_mask(const cpol__duty_eval *e, int p, int d, uint32_t v, const void *arg)
{
	return popcount32(v & *(const uint32_t *)arg);
}

static int any_mask(const cpol__duty_eval *e, int p, int d, uint32_t v, const void *arg)
{
	return (v & *(const uint32_t *)arg) != 0;
}

static int officer_night(const cpol__duty_eval *e, int p, int d, uint32_t v, const void *arg)
{
	return popcount32(v & e->night_mask);
}

/* Minutes of value v counted in fairness group k on day d. */
static int fair_minutes(const cpol__duty_eval *e, int d, uint32_t v, int k)
{
	unsigned day = e->p->days[d].flags;
	int s, n = 0;
	for (s = 0; v >> s; s++) {
		if (!((v >> s) & 1u))
			continue;
		if (k == CPOL__FAIR_NIGHTS && !((e->night_mask | e->patrol_mask) & (1u << s)))
			continue;
		if (k == CPOL__FAIR_WEEKENDS && !(day & CPOL_DUTY_DAY_WEEKEND))
			continue;
		if (k == CPOL__FAIR_HOLIDAYS && !(day & CPOL_DUTY_DAY_HOLIDAY))
			continue;
		n += e->shift_min[s];
	}
	return n;
}

static int minutes_of(const cpol__duty_eval *e, uint32_t v)
{
	return fair_minutes(e, 0, v, CPOL__FAIR_LOAD);
}

/* A hard slack plus sign x (person p's nights of days first..last) >= rhs. */
static void nights_row(mip *m, const cpol__duty_eval *e, const vars *x, int p, int first, int last, int sign,
                       double rhs)
{
	int d, k;
	m->cur = sign > 0 ? "nights_min" : "nights_max";
	row_begin(m);
	add(m, slack(m, 1, 0), 1);
	for (d = first; d <= last; d++) {
		size_t c = (size_t)p * (size_t)e->nd + (size_t)d;
		for (k = 0; k < e->dom_n[c]; k++)
			if (x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k] >= 0 && (DOM(e, c, k) & e->night_mask))
				add(m, x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k], sign);
	}
	row_end(m, rhs, INF);
}

static void build(mip *m, cpol__duty_eval *e, vars *x)
{
	const cpol_duty_params *pr = &e->p->params;
	int np = e->np, nd = e->nd, ns = e->ns, nw = e->nw, p, d, s, w, k, a, b;
	/* more than the people on a day's patrols can be */
	int bigp = np * (pr->max_shifts_per_day.value > 1 ? (int)pr->max_shifts_per_day.value : 1);
	size_t c;
	double big = m->big;

	/* Cells: values, their own cost, at most one a cell. */
	m->cur = "cell";
	for (p = 0; p < np; p++)
		for (d = 0; d < nd; d++) {
			c = (size_t)p * (size_t)nd + (size_t)d;
			/* the cost of nothing (a preference unmet) is the constant each value is measured from */
			cpol__duty_cost c0 = cpol__duty_eval_cell_cost(e, p, d, 0);
			if (e->dom_n[c] > 1)
				m->constant += (double)c0.soft;
			row_begin(m);
			for (k = 1; k < e->dom_n[c]; k++) {
				cpol__duty_cost cc = cpol__duty_eval_cell_cost(e, p, d, DOM(e, c, k));
				int64_t dh = cc.hard - c0.hard, dsoft = cc.soft - c0.soft;
				int v = col(m, 0, (dh > 0 && m->lawful) ? 0 : 1, (double)dh * big + (double)dsoft, 1);
				x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k] = v;
				add(m, v, 1);
			}
			/* a fixed cell (one value) has no "nothing" to choose */
			if (e->dom_n[c] == 1 && DOM(e, c, 0)) {
				cpol__duty_cost cc = cpol__duty_eval_cell_cost(e, p, d, DOM(e, c, 0));
				int v = col(m, 1, 1, (double)cc.hard * big + (double)cc.soft, 1);
				x->x[c * CPOL__DUTY_DOMAIN_MAX] = v;
				add(m, v, 1);
			}
			row_end(m, -INF, 1);
		}

	/* Pairs of neighbouring cells of a person. */
	m->cur = "pair";
	for (p = 0; p < np; p++)
		for (d = 0; d + 1 < nd; d++) {
			size_t c0 = (size_t)p * (size_t)nd + (size_t)d, c1 = c0 + 1;
			for (a = 0; a < e->dom_n[c0]; a++) {
				int xa = x->x[c0 * CPOL__DUTY_DOMAIN_MAX + (size_t)a];
				if (xa < 0)
					continue;
				for (b = 0; b < e->dom_n[c1]; b++) {
					int xb = x->x[c1 * CPOL__DUTY_DOMAIN_MAX + (size_t)b];
					cpol__duty_cost cc;
					if (xb < 0)
						continue;
					cc = cpol__duty_eval_pair_cost(e, p, d, DOM(e, c0, a), DOM(e, c1, b));
					if (!cc.hard && !cc.soft)
						continue;
					row_begin(m);
					add(m, xa, 1);
					add(m, xb, 1);
					if (cc.hard && m->lawful) {
						row_end(m, -INF, 1);
					} else {
						add(m, col(m, 0, 1, (double)cc.hard * big + (double)cc.soft, 0), -1);
						row_end(m, -INF, 1);
					}
				}
			}
		}

	/* Days. */
	for (d = 0; d < nd; d++) {
		int nightcol, want = (int)pr->officers_per_night.value;
		unsigned flags = e->p->days[d].flags;

		m->cur = "reception";
		if (flags & CPOL_DUTY_DAY_RECEPTION) {
			/* reception_short: r + receptionists >= 1 */
			row_begin(m);
			add(m, slack(m, 1, 0), 1);
			add_day(m, e, x, d, in_mask, &e->reception_mask, 1);
			row_end(m, 1, INF);
		}
		/* n_d: 1 exactly when someone is on night duty */
		m->cur = "n_d";
		nightcol = col(m, 0, e->night_mask ? 1 : 0, 0, 0);
		if (e->night_mask) {
			row_begin(m);
			add(m, nightcol, -1);
			add_day(m, e, x, d, any_mask, &e->night_mask, 1);
			row_end(m, 0, INF);
			for (p = 0; p < np; p++) {
				c = (size_t)p * (size_t)nd + (size_t)d;
				for (k = 0; k < e->dom_n[c]; k++) {
					int v = x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k];
					if (v >= 0 && (DOM(e, c, k) & e->night_mask)) {
						row_begin(m);
						add(m, nightcol, 1);
						add(m, v, -1);
						row_end(m, 0, INF);
					}
				}
			}
		}
		for (s = 0; s < ns; s++) {
			int need = e->p->shifts[s].need;
			if ((e->cover_mask >> s) & 1u) {
				m->cur = "short + cnt >= need";
				row_begin(m); /* short + cnt >= need */
				add(m, slack(m, 1, 0), 1);
				add_day(m, e, x, d, has_shift, &s, 1);
				row_end(m, need, INF);
				m->cur = "over - cnt >= -need";
				row_begin(m); /* over - cnt >= -need */
				add(m, slack(m, 1, 0), 1);
				add_day(m, e, x, d, has_shift, &s, -1);
				row_end(m, -need, INF);
			}
			if ((e->patrol_mask >> s) & 1u) {
				m->cur = "short + cnt - need n_d >= 0";
				row_begin(m); /* short + cnt - need n_d >= 0 */
				add(m, slack(m, 1, 0), 1);
				add_day(m, e, x, d, has_shift, &s, 1);
				add(m, nightcol, -need);
				row_end(m, 0, INF);
				m->cur = "over - cnt - np n_d >= -need - np";
				row_begin(m); /* over - cnt - np n_d >= -need - np */
				add(m, slack(m, 1, 0), 1);
				add_day(m, e, x, d, has_shift, &s, -1);
				add(m, nightcol, -bigp);
				row_end(m, -need - bigp, INF);
			}
		}
		if (e->patrol_mask) {
			m->cur = "without night: w - patrols + np n_d >= 0";
			row_begin(m); /* without night: w - patrols + np n_d >= 0 */
			add(m, slack(m, 1, 0), 1);
			add_day(m, e, x, d, in_mask, &e->patrol_mask, -1);
			add(m, nightcol, bigp);
			row_end(m, 0, INF);
		}
		if (e->reception_mask) {
			m->cur = "a second receptionist";
			row_begin(m); /* a second receptionist */
			add(m, slack(m, 1, 0), 1);
			add_day(m, e, x, d, in_mask, &e->reception_mask, -1);
			row_end(m, -1, INF);
		}
		if (e->district_mask) {
			m->cur = "a second officer in the district";
			row_begin(m); /* a second officer in the district */
			add(m, slack(m, 1, 0), 1);
			add_day(m, e, x, d, any_mask, &e->district_mask, -1);
			row_end(m, -1, INF);
		}
		if (want > 0 && e->night_mask) {
			int hard = (int)pr->night_cover_hard.value;
			double wt = (double)pr->weight_night_cover.value;
			m->cur = "short + nights >= want";
			row_begin(m); /* short + nights >= want */
			add(m, slack(m, hard, wt), 1);
			add_day(m, e, x, d, officer_night, NULL, 1);
			row_end(m, want, INF);
			m->cur = "over - nights >= -want";
			row_begin(m); /* over - nights >= -want */
			add(m, slack(m, hard, wt), 1);
			add_day(m, e, x, d, officer_night, NULL, -1);
			row_end(m, -want, INF);
		}
	}

	/* Weeks: working days with an officer in the district. */
	for (w = 0; w < nw; w++) {
		int first, last, sh;
		if (!e->week_req[w])
			continue;
		cpol__duty_week_days(e, w, &first, &last);
		m->cur = "week";
		sh = slack(m, 1, 0);
		row_begin(m);
		add(m, sh, 1);
		for (d = first; d <= last; d++) {
			int y;
			if (!(e->p->days[d].flags & CPOL_DUTY_DAY_WORKING) || !e->district_mask)
				continue;
			y = col(m, 0, 1, 0, 0);
			add(m, y, 1);
		}
		row_end(m, e->week_req[w], INF);
		/* each y_d <= officers in the district that day: rows after the sum */
		{
			int yc = sh + 1;
			for (d = first; d <= last; d++) {
				if (!(e->p->days[d].flags & CPOL_DUTY_DAY_WORKING) || !e->district_mask)
					continue;
				row_begin(m);
				add(m, yc++, -1);
				add_day(m, e, x, d, any_mask, &e->district_mask, 1);
				row_end(m, 0, INF);
			}
		}
	}

	/* Person-weeks: nights owed and allowed, hours over the cap. */
	for (p = 0; p < np; p++)
		for (w = 0; w < nw; w++) {
			int first, last, req = e->night_req[p * nw + w], max = (int)pr->max_nights_per_week.value;
			int cap = e->week_cap[w];
			cpol__duty_week_days(e, w, &first, &last);
			x->hcol[p * nw + w] = -1;
			if (req > 0) /* short + nights >= req */
				nights_row(m, e, x, p, first, last, 1, req);
			if (max > 0) /* over - nights >= -max */
				nights_row(m, e, x, p, first, last, -1, -max);
			if (cap > 0) {
				int hard = (int)pr->max_hours_per_week_hard.value;
				int h = col(m, 0, hard && m->lawful ? 0 : INF,
				            hard ? big : (double)pr->weight_hours_per_week.value, 1);
				x->hcol[p * nw + w] = h;
				m->cur = "60 h - minutes >= -cap";
				row_begin(m); /* 60 h - minutes >= -cap */
				add(m, h, 60);
				for (d = first; d <= last; d++) {
					c = (size_t)p * (size_t)nd + (size_t)d;
					for (k = 0; k < e->dom_n[c]; k++)
						if (x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k] >= 0)
							add(m, x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k], -minutes_of(e, DOM(e, c, k)));
				}
				row_end(m, -cap, INF);
			}
		}

	/* Runs of days with duty and of nights. */
	for (k = 0; k < 2; k++) {
		int max = (int)(k ? pr->max_nights_in_row.value : pr->max_consecutive_days.value);
		int hard = (int)(k ? pr->max_nights_in_row_hard.value : pr->max_consecutive_days_hard.value);
		double wt = (double)(k ? pr->weight_nights_in_row.value : pr->weight_consecutive_days.value);
		if (max <= 0)
			continue;
		for (p = 0; p < np; p++)
			for (d = max; d < nd; d++) {
				int j, v;
				m->cur = "o - sum of the window >= -max";
				row_begin(m); /* o - sum of the window >= -max */
				add(m, slack(m, hard, wt), 1);
				for (j = d - max; j <= d; j++) {
					c = (size_t)p * (size_t)nd + (size_t)j;
					for (v = 0; v < e->dom_n[c]; v++)
						if (x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)v] >= 0 &&
						    (!k || (DOM(e, c, v) & e->night_mask)))
							add(m, x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)v], -1);
				}
				row_end(m, -max, INF);
			}
	}

	/* Fairness, group by group and kind. */
	for (k = 0; k < CPOL__FAIR_N; k++) {
		int kind;
		for (kind = CPOL_STAFF_OFFICER; kind <= CPOL_STAFF_AUXILIARY; kind++) {
			double A = 0, M0 = 0, scale;
			int i, j, first_t = -1, fcol;
			x->fcol[k][kind] = -1;
			for (i = 0; i < np; i++)
				if ((int)e->p->people[i].kind == kind && e->fair_member[i * CPOL__FAIR_N + k]) {
					const cpol_duty_history *hst = &e->p->people[i].hist;
					A += e->present[i];
					M0 += k == CPOL__FAIR_NIGHTS ? hst->night_minutes
					    : k == CPOL__FAIR_WEEKENDS ? hst->weekend_minutes
					    : k == CPOL__FAIR_HOLIDAYS ? hst->holiday_minutes : hst->minutes;
				}
			if (A <= 0 || !e->weight[k])
				continue;
			scale = 1.0 / (60.0 * A);
			/*
			 * dev_i = m_i A - a_i M in hours / A: m_i and M from the
			 * history and the values; t_i >= +-dev_i.
			 */
			for (i = 0; i < np; i++) {
				const cpol_duty_history *hst;
				double m0, cst;
				int sign, t;
				if ((int)e->p->people[i].kind != kind || !e->fair_member[i * CPOL__FAIR_N + k])
					continue;
				hst = &e->p->people[i].hist;
				m0 = k == CPOL__FAIR_NIGHTS ? hst->night_minutes
				   : k == CPOL__FAIR_WEEKENDS ? hst->weekend_minutes
				   : k == CPOL__FAIR_HOLIDAYS ? hst->holiday_minutes : hst->minutes;
				cst = (m0 * A - e->present[i] * M0) * scale;
				t = col(m, 0, INF, 0, 0);
				if (first_t < 0)
					first_t = t;
				for (sign = 1; sign >= -1; sign -= 2) {
					m->cur = "t - sign * (variable part) >= sign * cst";
					row_begin(m); /* t - sign * (variable part) >= sign * cst */
					add(m, t, 1);
					for (j = 0; j < np; j++) {
						double coef;
						if ((int)e->p->people[j].kind != kind || !e->fair_member[j * CPOL__FAIR_N + k])
							continue;
						coef = ((j == i ? A : 0) - e->present[i]) * scale;
						for (d = 0; d < nd; d++) {
							c = (size_t)j * (size_t)nd + (size_t)d;
							for (a = 0; a < e->dom_n[c]; a++) {
								int xv = x->x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)a], mins;
								if (xv < 0 || !(mins = fair_minutes(e, d, DOM(e, c, a), k)))
									continue;
								add(m, xv, -sign * coef * mins);
							}
						}
					}
					row_end(m, sign * cst, INF);
				}
			}
			/* F >= w sum t - 1/2 + 1/(60A): the evaluator's rounding half up */
			fcol = col(m, 0, INF, 1, 1);
			x->fcol[k][kind] = fcol;
			row_begin(m);
			add(m, fcol, 1);
			for (i = first_t; i < fcol; i++)
				add(m, i, -(double)e->weight[k]);
			row_end(m, -0.5 + scale, INF);
		}
	}
}

int bench_duty_mip_available(void)
{
	return 1;
}

/*
 * The model as plain text for another solver (DUTY_MIP_DUMP=FILE; read by
 * tests/bench/duty_highs.py): a line "ncols nrows nnz constant", a line per
 * column "lb ub obj integer", a line per row "lo hi n" and its n pairs
 * "column value". Infinite bounds are written "inf".
 */
static void dump(const mip *m, const char *path)
{
	FILE *f = fopen(path, "w");
	int i, k;
	if (!f)
		return;
	fprintf(f, "%d %d %d %.17g\n", m->ncols, m->nrows, m->nnz, m->constant);
	for (i = 0; i < m->ncols; i++)
		fprintf(f, "%.17g %.17g %.17g %d\n", m->lb[i], m->ub[i] >= INF ? HUGE_VAL : m->ub[i], m->obj[i],
		        m->integer[i]);
	for (i = 0; i < m->nrows; i++) {
		fprintf(f, "%.17g %.17g %d", m->rlo[i] <= -INF ? -HUGE_VAL : m->rlo[i],
		        m->rhi[i] >= INF ? HUGE_VAL : m->rhi[i], m->rstart[i + 1] - m->rstart[i]);
		for (k = m->rstart[i]; k < m->rstart[i + 1]; k++)
			fprintf(f, " %d %.17g", m->ridx[k], m->rval[k]);
		fputc('\n', f);
	}
	fclose(f);
}

/*
 * Solve m with HiGHS by the script at `script` (tests/bench/duty_highs.py,
 * run by Debian's /usr/bin/python3) within `seconds`: returns the solution
 * (malloc'd, m->ncols values) or NULL when there is none; *bound its lower
 * bound without m->constant, *optimal 1 when proven.
 */
static double *highs(const mip *m, const char *script, double seconds, double *bound, int *optimal)
{
	char dir[] = "/tmp/duty_highsXXXXXX", model[64], sol[64], out[64], cmd[512];
	double *x = NULL, obj = 0;
	FILE *f;
	int i, ok = 0;

	if (!mkdtemp(dir))
		return NULL;
	snprintf(model, sizeof(model), "%s/model", dir);
	snprintf(sol, sizeof(sol), "%s/sol", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	dump(m, model);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' %s %.0f %s > %s", script, model, seconds, sol, out);
	if (system(cmd) == 0 && (f = fopen(out, "r"))) {
		ok = fscanf(f, "%lf %lf %d", bound, &obj, optimal) == 3;
		fclose(f);
	}
	if (ok && (f = fopen(sol, "r")) && (x = malloc((size_t)m->ncols * sizeof(double)))) {
		for (i = 0; i < m->ncols; i++)
			if (fscanf(f, "%lf", &x[i]) != 1)
				break;
		if (i < m->ncols) {
			free(x);
			x = NULL;
		}
		fclose(f);
	}
	if (ok)
		*bound -= m->constant; /* the script added it */
	remove(model);
	remove(sol);
	remove(out);
	rmdir(dir);
	return x;
}

int bench_duty_mip(cpol__duty_eval *e, double seconds, double *bound, int *optimal)
{
	mip m;
	vars x;
	Cbc_Model *model = NULL;
	size_t cells = (size_t)e->np * (size_t)e->nd, c;
	int *cstart = NULL, *cidx = NULL, *cnt = NULL, *sidx = NULL, rc = 0, i, r, k, ns = 0;
	double *cval = NULL, *sval = NULL, *hsol = NULL;
	uint32_t *start = NULL;
	cpol__duty_cost before = e->cost;

	*optimal = 0;
	*bound = 0;
	memset(&m, 0, sizeof(m));
	memset(&x, 0, sizeof(x));
	if (!cells || seconds <= 0)
		return 0;
	m.lawful = before.hard == e->training_hard;
	m.big = (double)(before.soft + 1);
	if (m.big < 1000)
		m.big = 1000;
	if (!(x.x = malloc(cells * CPOL__DUTY_DOMAIN_MAX * sizeof(int))) ||
	    !(x.hcol = malloc(((size_t)e->np * (size_t)e->nw + 1) * sizeof(int))) ||
	    !(start = malloc(cells * sizeof(uint32_t))))
		goto oom;
	for (c = 0; c < cells * CPOL__DUTY_DOMAIN_MAX; c++)
		x.x[c] = -1;
	memcpy(start, e->cell, cells * sizeof(uint32_t));
	build(&m, e, &x);
	if (m.oom)
		goto oom;

	/* By column, for CBC. */
	if (!(cstart = calloc((size_t)m.ncols + 1, sizeof(int))) || !(cnt = calloc((size_t)m.ncols + 1, sizeof(int))) ||
	    !(cidx = malloc(((size_t)m.nnz + 1) * sizeof(int))) || !(cval = malloc(((size_t)m.nnz + 1) * sizeof(double))))
		goto oom;
	for (k = 0; k < m.nnz; k++)
		cstart[m.ridx[k] + 1]++;
	for (i = 0; i < m.ncols; i++)
		cstart[i + 1] += cstart[i];
	for (r = 0; r < m.nrows; r++)
		for (k = m.rstart[r]; k < m.rstart[r + 1]; k++) {
			int j = m.ridx[k], at = cstart[j] + cnt[j]++;
			cidx[at] = r;
			cval[at] = m.rval[k];
		}
	if (getenv("DUTY_MIP_DUMP"))
		dump(&m, getenv("DUTY_MIP_DUMP"));
	if (!(model = Cbc_newModel()))
		goto oom;
	Cbc_loadProblem(model, m.ncols, m.nrows, cstart, cidx, cval, m.lb, m.ub, m.obj, m.rlo, m.rhi);
	for (i = 0; i < m.ncols; i++)
		if (m.integer[i])
			Cbc_setInteger(model, i);
	Cbc_setLogLevel(model, 0);
	Cbc_setMaximumSeconds(model, seconds);
	/*
	 * Debian's CBC 2.10.8 may stop the process on an assertion inside Clp
	 * while diving (ClpNonLinearCost.cpp:1064, lowerValue <= upperValue),
	 * whatever the heuristics parameters say: the benchmark runs this in a
	 * child process.
	 */
	/* Costs are integers: a gap below 1 point is closed. */
	Cbc_setAllowableGap(model, 0.999);

	/* Start from the roster in e: the values, hours over and fairness points. */
	if (!(sidx = malloc(((size_t)m.ncols + 1) * sizeof(int))) || !(sval = malloc(((size_t)m.ncols + 1) * sizeof(double))))
		goto oom;
	for (c = 0; c < cells; c++)
		for (k = 0; k < e->dom_n[c]; k++)
			if (x.x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k] >= 0 && DOM(e, c, k) == e->cell[c]) {
				sidx[ns] = x.x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k];
				sval[ns++] = 1;
			}
	for (i = 0; i < e->np * e->nw; i++)
		if (x.hcol[i] >= 0) {
			sidx[ns] = x.hcol[i];
			sval[ns++] = cpol__duty_eval_hours_over(e, i / e->nw, i % e->nw);
		}
	for (k = 0; k < CPOL__FAIR_N; k++)
		for (i = CPOL_STAFF_OFFICER; i <= CPOL_STAFF_AUXILIARY; i++)
			if (x.fcol[k][i] >= 0) {
				sidx[ns] = x.fcol[k][i];
				sval[ns++] = (double)cpol__duty_eval_fair_points(e, k, i);
			}
	Cbc_setMIPStartI(model, ns, sidx, sval);
	if (getenv("DUTY_HIGHS")) {
		/* HiGHS (python3-scipy) instead: tests/bench/duty_highs.py on the dumped model. */
		if (!(hsol = highs(&m, getenv("DUTY_HIGHS"), seconds, bound, optimal)))
			goto done;
		*bound += m.constant;
	} else {
		Cbc_solve(model);
		*bound = Cbc_getBestPossibleObjValue(model) + m.constant;
	}

	if (hsol || Cbc_numberSavedSolutions(model) > 0 || Cbc_getColSolution(model)) {
		const double *sol = hsol ? hsol : Cbc_getColSolution(model);
		if (sol) {
			for (c = 0; c < cells; c++) {
				uint32_t v = 0;
				for (k = 0; k < e->dom_n[c]; k++) {
					int xc = x.x[c * CPOL__DUTY_DOMAIN_MAX + (size_t)k];
					if (xc >= 0 && sol[xc] > 0.5)
						v = DOM(e, c, k);
				}
				cpol__duty_eval_set(e, (int)(c / (size_t)e->nd), (int)(c % (size_t)e->nd), v);
			}
			/* The evaluator decides: keep the solver's roster only when it is better. */
			if (e->cost.hard < before.hard || (e->cost.hard == before.hard && e->cost.soft < before.soft)) {
				rc = 1;
			} else {
				for (c = 0; c < cells; c++)
					cpol__duty_eval_set(e, (int)(c / (size_t)e->nd), (int)(c % (size_t)e->nd), start[c]);
			}
			if (!hsol)
				*optimal = Cbc_isProvenOptimal(model);
		}
	}
	goto done;
oom:
	rc = cpol__error_oom();
done:
	if (model)
		Cbc_deleteModel(model);
	mip_free(&m);
	free(x.x);
	free(x.hcol);
	free(cstart);
	free(cidx);
	free(cval);
	free(cnt);
	free(sidx);
	free(sval);
	free(start);
	free(hsol);
	return rc;
}

#else /* !HAVE_CBC */

int bench_duty_mip_available(void)
{
	return 0;
}

int bench_duty_mip(cpol__duty_eval *e, double seconds, double *bound, int *optimal)
{
	(void)e;
	(void)seconds;
	*bound = 0;
	*optimal = 0;
	return 0;
}

#endif

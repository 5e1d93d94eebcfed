/*
 * libcommpolice — assess: scoring a period by the region rules, ranking and
 * sanctions.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * The arithmetic, in the order docs/assess.md gives it:
 *   item points  p = round2(weight − min(Σ min(deduction, cap), weight))
 *                    (cpol_item_score_compute(); 0 when the metric has no value)
 *   base         b = Σ p
 *   adjusted     a = round2(b × difficulty coefficient of the office class)
 *   bonus        β = Σ round2(min(per_unit × value, max))
 *   total        t = round2(a + β), or 0 after a veto with effect `zero`
 *   grade        the band of t, no better than the grade a `cap_grade` veto names
 * Rounding is to the hundredth, half away from zero, at each step a score
 * sheet would write down, so that a total computed by hand from the
 * explanation's lines is the total the library gives.
 */
#include "assess_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------- small helpers */

static const char *num(char *buf, size_t sz, double x)
{
	/* Up to 4 decimals, trailing zeros dropped: 0.9, 30, 0.8333. */
	char *p;
	snprintf(buf, sz, "%.4f", x);
	if (strchr(buf, '.')) {
		for (p = buf + strlen(buf) - 1; *p == '0'; p--)
			*p = '\0';
		if (*p == '.')
			*p = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	return buf;
}

static cpol_org_level rank_level_of(const cpol_rules *rules)
{
	const char *scope = cpol_rules_get_assessment(rules)->ranking_scope.value;
	if (!scope || strcmp(scope, "station") == 0)
		return CPOL_ORG_STATION;
	if (strcmp(scope, "office") == 0)
		return CPOL_ORG_OFFICE;
	return CPOL_ORG_REGION; /* county, district, city, province: the region's rules */
}

static cpol_id group_of(const cpol__subject *s, cpol_org_level level)
{
	switch ((int)level) {
	case CPOL_ORG_REGION: return s->region_id;
	case CPOL_ORG_OFFICE: return s->office_id;
	default: return s->station_id;
	}
}

static const char SCOPE_REGION_SQL[] = "SELECT 1 FROM region WHERE id = ?1 AND archived_at IS NULL";
static const char SCOPE_STATION_SQL[] = "SELECT 1 FROM station WHERE id = ?1 AND archived_at IS NULL";
static const char SCOPE_OFFICE_SQL[] = "SELECT 1 FROM office WHERE id = ?1 AND archived_at IS NULL";

static int check_scope(cpol_db *db, cpol_org_level level, cpol_id id)
{
	const char *sql = level == CPOL_ORG_REGION ? SCOPE_REGION_SQL
	                  : level == CPOL_ORG_STATION ? SCOPE_STATION_SQL : SCOPE_OFFICE_SQL;
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__st_step(st);
	cpol__st_reset(st);
	if (rc == CPOL__ROW)
		return 0;
	if (rc != CPOL__DONE)
		return cpol__db_error(db, rc, "finding the scope");
	return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "scope_id", "no live %s %lld to score",
	                          cpol__org_level_name(level), (long long)id);
}

static int check_options(const cpol_assess_options *o)
{
	if (o->version != CPOL_ASSESS_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_assess_options version %u", o->version);
	if (!cpol__subject_kind_name(o->subject_kind))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "subject_kind",
		                          "unknown subject kind %d", (int)o->subject_kind);
	if (o->scope_level != 0 && o->scope_level != CPOL_ORG_REGION &&
	    o->scope_level != CPOL_ORG_STATION && o->scope_level != CPOL_ORG_OFFICE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "scope_level",
		                          "a scope is a region, a station or an office");
	if (o->rank_level != 0 && o->rank_level != CPOL_ORG_REGION &&
	    o->rank_level != CPOL_ORG_STATION && o->rank_level != CPOL_ORG_OFFICE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "rank_level",
		                          "ranking groups are regions, stations or offices");
	return 0;
}

/* --------------------------------------------------------------- items */

/* "20 − (0.9 − 0.72 = 20% short → 2 steps of 10% × 10 = 20)..." */
static int item_arithmetic(const char **out, cpol__apool *pool, const cpol_rules_item *it,
                           double value, const cpol_item_score *sc, double points)
{
	cpol__buf b = { 0 };
	char x[40], y[40], z[40];
	double weight = it->weight.value, sum = 0;
	size_t k;

	*out = NULL;
	if (it->target.ref) {
		if (sc->shortfall > 0)
			cpol__buf_printf(&b, "target %s, value %s: %s %s; ", num(x, sizeof(x), it->target.value),
			                 num(y, sizeof(y), value), num(z, sizeof(z), sc->shortfall),
			                 it->lower_is_better.value ? "over" : "short");
		else
			cpol__buf_printf(&b, "target %s, value %s: met; ", num(x, sizeof(x), it->target.value),
			                 num(y, sizeof(y), value));
	}
	for (k = 0; k < it->deduction_count; k++) {
		const cpol_rules_deduction *d = &it->deductions[k];
		double cap = d->cap.ref ? d->cap.value : weight, taken = 0;
		double pct, steps;

		/* A met target takes nothing by the shortfall rules: say nothing of them. */
		if (d->kind != CPOL_DEDUCT_THRESHOLD && sc->shortfall <= 0)
			continue;
		switch (d->kind) {
		case CPOL_DEDUCT_PER_UNIT:
			taken = d->points * sc->shortfall;
			cpol__buf_printf(&b, "%s × %s = %s", num(x, sizeof(x), sc->shortfall),
			                 num(y, sizeof(y), d->points), num(z, sizeof(z), taken));
			break;
		case CPOL_DEDUCT_PER_PERCENT: {
			char w[40], v[40];
			pct = it->target.value != 0 ? sc->shortfall / fabs(it->target.value) * 100.0 : 0;
			steps = floor(pct / d->step + 1e-9);
			taken = steps * d->points;
			cpol__buf_printf(&b, "%s%% of the target = %s step%s of %s%% × %s = %s",
			                 num(x, sizeof(x), pct), num(y, sizeof(y), steps),
			                 steps == 1 ? "" : "s", num(z, sizeof(z), d->step),
			                 num(w, sizeof(w), d->points), num(v, sizeof(v), taken));
			break;
		}
		case CPOL_DEDUCT_THRESHOLD:
			if (it->lower_is_better.value ? value > d->threshold : value < d->threshold)
				taken = d->points;
			cpol__buf_printf(&b, "%s %s %s → %s", num(x, sizeof(x), value),
			                 taken > 0 ? (it->lower_is_better.value ? "above" : "below")
			                           : (it->lower_is_better.value ? "not above" : "not below"),
			                 num(y, sizeof(y), d->threshold), num(z, sizeof(z), taken));
			break;
		}
		if (taken > cap) {
			cpol__buf_printf(&b, ", capped at %s", num(x, sizeof(x), cap));
			taken = cap;
		}
		sum += taken;
		cpol__buf_puts(&b, "; ");
	}
	if (sum > weight)
		cpol__buf_printf(&b, "deductions %s capped at the weight; ", num(x, sizeof(x), sum));
	cpol__buf_printf(&b, "%s − %s = %.2f", num(x, sizeof(x), weight),
	                 num(y, sizeof(y), sc->deduction), points);
	if (b.oom) {
		cpol__buf_free(&b);
		return CPOL_ENOMEM;
	}
	*out = cpol__apool_strdup(pool, b.ptr);
	cpol__buf_free(&b);
	return *out ? 0 : CPOL_ENOMEM;
}

/* The item's value for every subject: its formula, or its metric. */
typedef struct item_values {
	double *value;
	int *has;
	const char **note;
	cpol__column *metric;   /* the item's metric column, or NULL when the formula does not read it */
} item_values;

static int formula_values(cpol__run *r, cpol__formula *f, const cpol_rules_item *it,
                          item_values *iv)
{
	size_t nin = cpol__formula_input_count(f), i, k;
	cpol__column *inputs[32];
	double values[32];
	int has[32], rc;

	for (k = 0; k < nin; k++) {
		const char *name = cpol__formula_input(f, k);
		/* `value` is the item's own metric. */
		if ((rc = cpol__run_column(&inputs[k], r, strcmp(name, "value") == 0 ? it->metric.value
		                                                                     : name)) < 0)
			return rc;
		if (strcmp(name, "value") == 0)
			iv->metric = inputs[k];
	}
	for (i = 0; i < r->n; i++) {
		cpol__buf b = { 0 };
		char x[40];
		double v;
		int h;

		for (k = 0; k < nin; k++) {
			values[k] = inputs[k]->vals[i].value;
			has[k] = inputs[k]->vals[i].has;
		}
		if ((rc = cpol__formula_eval(&v, &h, f, values, has)) < 0)
			return rc;
		iv->value[i] = v;
		iv->has[i] = h;
		for (k = 0; k < nin; k++)
			cpol__buf_printf(&b, "%s%s = %s", k ? ", " : "", cpol__formula_input(f, k),
			                 has[k] ? num(x, sizeof(x), values[k]) : "no value");
		if (h)
			cpol__buf_printf(&b, "; %s = %s", cpol__formula_text(f), num(x, sizeof(x), v));
		else
			cpol__buf_printf(&b, "; %s gives no value", cpol__formula_text(f));
		if (b.oom || !(iv->note[i] = cpol__apool_strdup(r->pool, b.ptr))) {
			cpol__buf_free(&b);
			return CPOL_ENOMEM;
		}
		cpol__buf_free(&b);
	}
	return 0;
}

static int score_item(cpol__run *r, cpol_assessment *as, size_t index, const cpol_rules_item *it,
                      cpol_assess_line **lines)
{
	cpol__formula *f = r->a->item_formulas ? r->a->item_formulas[index] : NULL;
	cpol__column *col = NULL;
	item_values iv;
	cpol_rule_ref weight_ref;
	size_t i;
	int rc;

	memset(&iv, 0, sizeof(iv));
	if (!(iv.value = cpol__apool_alloc(r->pool, sizeof(double) * (r->n + 1))) ||
	    !(iv.has = cpol__apool_alloc(r->pool, sizeof(int) * (r->n + 1))) ||
	    !(iv.note = cpol__apool_alloc(r->pool, sizeof(char *) * (r->n + 1))))
		return CPOL_ENOMEM;
	if (f) {
		if ((rc = formula_values(r, f, it, &iv)) < 0)
			return rc;
		col = iv.metric;
	} else {
		if ((rc = cpol__run_column(&col, r, it->metric.value)) < 0)
			return rc;
		for (i = 0; i < r->n; i++) {
			iv.value[i] = col->vals[i].value;
			iv.has[i] = col->vals[i].has;
			iv.note[i] = col->vals[i].note;
		}
	}
	if ((rc = cpol__assess_copy_ref(&weight_ref, &as->pool, it->ref)) < 0)
		return rc;
	for (i = 0; i < r->n; i++) {
		cpol_assess_line *l = &lines[i][index];
		cpol_item_score sc = CPOL_ITEM_SCORE_INIT;

		l->kind = CPOL_LINE_ITEM;
		l->id = it->id;
		l->name = it->name;
		l->metric = it->metric.value;
		l->weight = it->weight.value;
		l->target = it->target.ref ? it->target.value : 0;
		l->note = iv.note[i];
		l->has_value = iv.has[i];
		l->value = iv.value[i];
		if (col && !f) {
			l->numerator = col->vals[i].num;
			l->denominator = col->vals[i].den;
		}
		if (col && r->with_records) {
			l->records = col->vals[i].records;
			l->record_count = col->vals[i].record_count;
			l->record_table = col->vals[i].record_table;
		}
		if (!iv.has[i]) {
			l->points = 0;
			l->deduction = l->weight;
			l->rule = weight_ref;
			l->arithmetic = "no value: the item scores 0";
			continue;
		}
		if ((rc = cpol_item_score_compute(&sc, r->a->rules, it->id, iv.value[i])) < 0)
			return rc;
		l->points = cpol__round2(sc.points);
		l->deduction = cpol__round2(l->weight - l->points);
		l->shortfall = sc.shortfall;
		l->capped = sc.capped;
		if ((rc = cpol__assess_copy_ref(&l->rule, &as->pool, sc.ref)) < 0 ||
		    (rc = item_arithmetic(&l->arithmetic, &as->pool, it, iv.value[i], &sc, l->points)) < 0)
			return rc;
	}
	return 0;
}

/* ---------------------------------------------------------- per subject */

typedef struct rank_entry {
	size_t index;
	cpol_id group;
	int out;      /* a veto left it out of the ranking */
	int after;    /* a veto ranks it after every subject without one */
	double total;
	cpol_id id;
} rank_entry;

/* Better first: in the ranking before out of it, unvetoed before vetoed, higher total. */
static int rank_better(const rank_entry *a, const rank_entry *b)
{
	if (a->out != b->out)
		return a->out < b->out ? -1 : 1;
	if (a->after != b->after)
		return a->after < b->after ? -1 : 1;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return 0;
}

static int rank_cmp(const void *pa, const void *pb)
{
	const rank_entry *a = pa, *b = pb;
	int c;
	if (a->group != b->group)
		return (a->group > b->group) - (a->group < b->group);
	if ((c = rank_better(a, b)) != 0)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * Ties share the better rank ("1224"): rank = 1 + those strictly better in
 * the group. Last place: nobody in the group is worse and somebody is
 * better (so a group of one, or of equals, has no last). A veto with
 * rank_after_unvetoed puts its subject after every unvetoed one of the
 * group, whatever the totals; one with unranked leaves it out (rank 0,
 * ranked 0, never last). veto_bits: per result, in result order.
 */
static int rank_results(cpol_assessment *as, const unsigned *veto_bits)
{
	rank_entry *e;
	size_t i, start;

	if (!as->count)
		return 0;
	if (!(e = malloc(sizeof(*e) * as->count)))
		return cpol__error_oom();
	for (i = 0; i < as->count; i++) {
		e[i].index = i;
		e[i].group = as->results[i].group_id;
		e[i].out = (veto_bits[i] & CPOL_VETO_BIT(CPOL_VETO_UNRANKED)) != 0;
		e[i].after = (veto_bits[i] & CPOL_VETO_BIT(CPOL_VETO_RANK_AFTER_UNVETOED)) != 0;
		e[i].total = as->results[i].total;
		e[i].id = as->results[i].subject_id;
	}
	qsort(e, as->count, sizeof(*e), rank_cmp);
	for (start = 0; start < as->count;) {
		size_t end = start, in, k;
		while (end < as->count && e[end].group == e[start].group)
			end++;
		for (in = start; in < end && !e[in].out; in++)
			;
		for (k = start; k < end; k++) {
			cpol_assess_result *res = &as->results[e[k].index];
			size_t better = k - start;
			if (e[k].out) {
				res->rank = res->ranked = res->last_place = 0;
				continue;
			}
			while (better > 0 && rank_better(&e[start + better - 1], &e[k]) == 0)
				better--;
			res->rank = (int)better + 1;
			res->ranked = (int)(in - start);
			res->last_place = rank_better(&e[k], &e[in - 1]) == 0 &&
			                  rank_better(&e[start], &e[in - 1]) != 0;
		}
		start = end;
	}
	free(e);
	return 0;
}

/*
 * The last-place streaks the saved run of the period before ends with, and
 * the totals of the saved periods of each streak (the period just before
 * first, at most depth of them): a streak condition holds only when it held
 * in every period (连续两次末位且得分在80分以下: both scores under 80).
 */
static const char PREV_STREAK_SQL[] =
	"SELECT r.subject_id, r.last_place_streak, r.last_place, r.total FROM assess_result r"
	" JOIN assess_run u ON u.id = r.run_id"
	" WHERE u.period = ?1 AND u.subject_kind = ?2 AND u.rank_level = ?3 AND u.archived_at IS NULL"
	" AND r.subject_id IN (SELECT value FROM json_each(?4))"
	" ORDER BY r.subject_id, u.id DESC";

typedef struct streak_history {
	double *scores;   /* depth per result, in result order */
	size_t *count;    /* per result */
	size_t depth;
} streak_history;

static int previous_period_rows(cpol_assessment *as, cpol_db *db, const cpol_period *prev,
                                size_t back, streak_history *h, unsigned char *chain)
{
	char ptext[CPOL_PERIOD_BUFSZ];
	cpol__buf ids = { 0 };
	cpol__stmt *st;
	cpol_id last_id = 0;
	size_t i, j = 0;
	int rc;

	cpol_period_format(ptext, prev);
	cpol__buf_puts(&ids, "[");
	for (i = 0; i < as->count; i++)
		if (chain[i])
			cpol__buf_printf(&ids, "%s%lld", ids.len > 1 ? "," : "",
			                 (long long)as->results[i].subject_id);
	cpol__buf_puts(&ids, "]");
	if (ids.oom) {
		cpol__buf_free(&ids);
		return cpol__error_oom();
	}
	if ((rc = cpol__db_stmt(db, &st, PREV_STREAK_SQL)) < 0 ||
	    (rc = cpol__bind_text(st, 1, ptext)) < 0 ||
	    (rc = cpol__bind_text(st, 2, cpol__subject_kind_name(as->subject_kind))) < 0 ||
	    (rc = cpol__bind_text(st, 3, cpol__org_level_name(as->rank_level))) < 0 ||
	    (rc = cpol__bind_text(st, 4, ids.ptr)) < 0) {
		cpol__buf_free(&ids);
		return rc;
	}
	cpol__buf_free(&ids);
	/* Results are sorted by subject id here (see cpol_assess_score()). */
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_id id = cpol__st_column_int64(st, 0);
		if (id == last_id)
			continue; /* an older run of the same period */
		last_id = id;
		while (j < as->count && as->results[j].subject_id < id)
			j++;
		if (j >= as->count || as->results[j].subject_id != id || !chain[j])
			continue;
		if (back == 1)
			as->results[j].last_place_streak += cpol__st_column_int(st, 1);
		if (h->depth && cpol__st_column_int(st, 2) && h->count[j] == back - 1) {
			h->scores[j * h->depth + back - 1] = cpol__st_column_double(st, 3);
			h->count[j] = back;
			chain[j] = 2; /* still in the streak */
		}
	}
	cpol__st_reset(st);
	if (rc != CPOL__DONE)
		return cpol__db_error(db, rc, "reading the previous period's ranking");
	for (i = 0; i < as->count; i++)
		chain[i] = chain[i] == 2; /* a period not saved, or not last, ends the streak */
	return 0;
}

static int previous_streaks(cpol_assessment *as, cpol_db *db, streak_history *h)
{
	cpol_period prev = as->period, p;
	unsigned char *chain;
	size_t i, back;
	int rc = 0;

	if (!as->count)
		return 0;
	if (!(chain = calloc(as->count, 1)))
		return cpol__error_oom();
	for (i = 0; i < as->count; i++)
		chain[i] = (unsigned char)as->results[i].last_place;
	for (back = 1; back <= (h->depth ? h->depth : 1); back++) {
		p = prev;
		if (cpol_period_previous(&prev, &p) < 0) {
			cpol_error_clear();
			break;
		}
		if ((rc = previous_period_rows(as, db, &prev, back, h, chain)) < 0)
			break;
	}
	free(chain);
	return rc;
}

static int sanction_matches(const cpol_rules_sanction *s, cpol_subject_kind kind,
                            const cpol_period *p)
{
	if (s->target.ref && s->target.value &&
	    strcmp(s->target.value, cpol__subject_kind_name(kind)) != 0)
		return 0;
	if (s->period.ref) {
		if (s->period.value.kind != CPOL_CADENCE_PERIOD || s->period.value.every.unit != p->unit)
			return 0;
	}
	return 1;
}

static int is_reward(const cpol_rules_sanction *s)
{
	size_t i;
	for (i = 0; i < s->action_count; i++)
		if (s->actions[i] == CPOL_SANCTION_REWARD)
			return 1;
	return 0;
}

/* Say on the veto line that took them which reward a veto withheld. */
static int note_withheld(cpol_assessment *as, const cpol_rules_assessment *ra,
                         cpol_assess_result *res, const cpol_rules_sanction *s)
{
	size_t k;
	for (k = 0; k < ra->veto_count; k++) {
		cpol_assess_line *l = (cpol_assess_line *)&res->lines[ra->item_count + 1 +
		                                                      ra->bonus_count + k];
		if (!l->applied || !(ra->vetoes[k].effect_bits & CPOL_VETO_BIT(CPOL_VETO_NO_REWARDS)))
			continue;
		if (!(l->arithmetic = cpol__apool_printf(&as->pool, "%s; withheld: %s (%s)",
		                                         l->arithmetic, s->name, s->id)))
			return CPOL_ENOMEM;
		return 0;
	}
	return 0;
}

static int check_sanctions(cpol__run *r, cpol_assessment *as, const streak_history *h,
                           const unsigned *veto_bits)
{
	const cpol_rules_assessment *ra = cpol_rules_get_assessment(r->a->rules);
	size_t i, k, applicable = 0;
	cpol__column **metric;
	int rc = 0;

	if (!ra->sanction_count || !as->count)
		return 0;
	if (!(metric = calloc(ra->sanction_count, sizeof(*metric))))
		return cpol__error_oom();
	for (k = 0; k < ra->sanction_count; k++) {
		const cpol_rules_sanction *s = &ra->sanctions[k];
		if (!sanction_matches(s, r->kind, r->period))
			continue;
		applicable++;
		if (s->metric.ref && s->metric.value &&
		    (rc = cpol__run_column(&metric[k], r, s->metric.value)) < 0)
			goto done;
	}
	for (i = 0; i < as->count && applicable; i++) {
		cpol_assess_result *res = &as->results[i];
		cpol_assess_sanction *list = NULL;
		size_t n = 0;

		for (k = 0; k < ra->sanction_count; k++) {
			const cpol_rules_sanction *s = &ra->sanctions[k];
			cpol_standing stand = CPOL_STANDING_INIT;
			const cpol_rule_ref *ref = NULL;
			cpol__buf why = { 0 };
			char x[40], y[40];
			int applies = 0;

			if (!sanction_matches(s, r->kind, r->period))
				continue;
			if (metric[k] && !metric[k]->vals[i].has)
				continue; /* no value: the condition cannot be shown to hold */
			/* Last place as defined above; cpol_rules_sanction_applies() reads it as rank == ranked. */
			stand.ranked = res->ranked > 1 ? res->ranked : 0;
			stand.rank = res->last_place ? res->ranked : res->rank;
			stand.last_place_streak = res->last_place_streak;
			stand.score = res->total;
			stand.metric_value = metric[k] ? metric[k]->vals[i].value : 0;
			stand.previous_scores = h->depth ? &h->scores[i * h->depth] : NULL;
			stand.previous_count = h->depth ? h->count[i] : 0;
			if ((rc = cpol_rules_sanction_applies(&applies, &ref, r->a->rules, s->id, &stand)) < 0)
				goto done;
			if (!applies)
				continue;
			if ((veto_bits[i] & CPOL_VETO_BIT(CPOL_VETO_NO_REWARDS)) && is_reward(s)) {
				/* 一票否决: no rewards or honours for the period */
				if ((rc = note_withheld(as, ra, res, s)) < 0)
					goto done;
				continue;
			}
			if (!list && !(list = cpol__apool_alloc(&as->pool, sizeof(*list) * ra->sanction_count))) {
				rc = CPOL_ENOMEM;
				goto done;
			}
			if (s->last_place.ref && s->last_place.value)
				cpol__buf_printf(&why, "last of %d; ", res->ranked);
			if (s->rank_at_most.ref)
				cpol__buf_printf(&why, "rank %d of %d, within the first %lld; ", res->rank,
				                 res->ranked, (long long)s->rank_at_most.value);
			if (s->consecutive.ref)
				cpol__buf_printf(&why, "last %d periods in a row (needs %lld); ",
				                 res->last_place_streak, (long long)s->consecutive.value);
			if (s->score_below.ref) {
				cpol_period pp = as->period, q;
				int64_t back;
				cpol__buf_printf(&why, "score %.2f below %s", res->total,
				                 num(x, sizeof(x), s->score_below.value));
				for (back = 1; s->consecutive.ref && back < s->consecutive.value; back++) {
					char ptext[CPOL_PERIOD_BUFSZ];
					q = pp;
					if (cpol_period_previous(&pp, &q) < 0)
						break;
					cpol__buf_printf(&why, ", and %.2f in %s", stand.previous_scores[back - 1],
					                 cpol_period_format(ptext, &pp));
				}
				cpol__buf_puts(&why, "; ");
			}
			if (metric[k])
				cpol__buf_printf(&why, "%s %s below %s; ", s->metric.value,
				                 num(x, sizeof(x), metric[k]->vals[i].value),
				                 num(y, sizeof(y), s->metric_below.value));
			if (why.len >= 2)
				why.ptr[why.len -= 2] = '\0';
			list[n].id = s->id;
			list[n].name = s->name;
			list[n].action = s->action;
			list[n].action_count = s->action_count;
			if (!(list[n].actions = cpol__apool_alloc(&as->pool, sizeof(*s->actions) *
			                                           (s->action_count + 1)))) {
				cpol__buf_free(&why);
				rc = CPOL_ENOMEM;
				goto done;
			}
			memcpy((void *)list[n].actions, s->actions, sizeof(*s->actions) * s->action_count);
			list[n].reason = why.oom ? NULL : cpol__apool_strdup(&as->pool, why.ptr ? why.ptr : "");
			cpol__buf_free(&why);
			if (!list[n].reason || (rc = cpol__assess_copy_ref(&list[n].rule, &as->pool, ref)) < 0) {
				rc = CPOL_ENOMEM;
				goto done;
			}
			n++;
		}
		res->sanctions = list;
		res->sanction_count = n;
	}
done:
	free(metric);
	return rc;
}

/* "the grade is at most pass; no rewards or honours; ranked after ..." */
static int veto_effects_text(const char **out, cpol__apool *pool, const cpol_rules_veto *ve)
{
	cpol__buf b = { 0 };
	size_t i;

	for (i = 0; i < ve->effect_count; i++) {
		if (i)
			cpol__buf_puts(&b, "; ");
		switch (ve->effects[i]) {
		case CPOL_VETO_ZERO:
			cpol__buf_puts(&b, "the total is 0");
			break;
		case CPOL_VETO_CAP_GRADE:
			cpol__buf_printf(&b, "the grade is at most %s", ve->grade.value ? ve->grade.value : "?");
			break;
		case CPOL_VETO_NO_REWARDS:
			cpol__buf_puts(&b, "no rewards or honours for the period");
			break;
		case CPOL_VETO_RANK_AFTER_UNVETOED:
			cpol__buf_puts(&b, "ranked after every subject without a veto");
			break;
		case CPOL_VETO_UNRANKED:
			cpol__buf_puts(&b, "left out of the ranking");
			break;
		}
	}
	if (b.oom) {
		cpol__buf_free(&b);
		return cpol__error_oom();
	}
	*out = cpol__apool_strdup(pool, b.ptr ? b.ptr : "");
	cpol__buf_free(&b);
	return *out ? 0 : CPOL_ENOMEM;
}

/* Bonuses, vetoes and the difficulty line of every subject. */
static int score_extras(cpol__run *r, cpol_assessment *as, cpol_assess_line **lines, size_t nitems)
{
	const cpol_rules_assessment *ra = cpol_rules_get_assessment(r->a->rules);
	size_t i, k;
	int rc;

	for (k = 0; k < ra->bonus_count; k++) {
		const cpol_rules_bonus *bo = &ra->bonuses[k];
		cpol__column *col;
		cpol_rule_ref ref;
		if ((rc = cpol__run_column(&col, r, bo->metric.value)) < 0 ||
		    (rc = cpol__assess_copy_ref(&ref, &as->pool, bo->per_unit.ref ? bo->per_unit.ref : bo->ref)) < 0)
			return rc;
		for (i = 0; i < r->n; i++) {
			cpol_assess_line *l = &lines[i][nitems + 1 + k];
			const cpol__mval *v = &col->vals[i];
			char x[40], y[40];
			double raw = v->has && v->value > 0 ? v->value * bo->per_unit.value : 0;

			l->kind = CPOL_LINE_BONUS;
			l->id = bo->id;
			l->name = bo->name;
			l->metric = bo->metric.value;
			l->has_value = v->has;
			l->value = v->value;
			l->numerator = v->num;
			l->denominator = v->den;
			l->weight = bo->max.ref ? bo->max.value : 0;
			l->note = v->note;
			l->rule = ref;
			l->points = cpol__round2(raw);
			if (bo->max.ref && raw > bo->max.value) {
				l->points = cpol__round2(bo->max.value);
				l->capped = 1;
			}
			l->arithmetic = !v->has ? "no value: no bonus"
			                : cpol__apool_printf(&as->pool, "%s × %s = %.2f%s",
			                                     num(x, sizeof(x), v->value),
			                                     num(y, sizeof(y), bo->per_unit.value), raw,
			                                     l->capped ? ", capped at the max" : "");
			if (!l->arithmetic)
				return CPOL_ENOMEM;
		}
	}
	for (k = 0; k < ra->veto_count; k++) {
		const cpol_rules_veto *ve = &ra->vetoes[k];
		double at_least = ve->at_least.ref ? ve->at_least.value : 1.0;
		const char *effects = "";
		cpol__column *col;
		cpol_rule_ref ref;

		if ((rc = veto_effects_text(&effects, &as->pool, ve)) < 0)
			return rc;
		if ((rc = cpol__run_column(&col, r, ve->metric.value)) < 0 ||
		    (rc = cpol__assess_copy_ref(&ref, &as->pool, ve->ref)) < 0)
			return rc;
		for (i = 0; i < r->n; i++) {
			cpol_assess_line *l = &lines[i][nitems + 1 + ra->bonus_count + k];
			const cpol__mval *v = &col->vals[i];
			char x[40], y[40];

			l->kind = CPOL_LINE_VETO;
			l->id = ve->id;
			l->name = ve->name;
			l->metric = ve->metric.value;
			l->has_value = v->has;
			l->value = v->value;
			l->numerator = v->num;
			l->denominator = v->den;
			l->target = at_least;
			l->note = v->note;
			l->rule = ref;
			l->applied = v->has && v->value >= at_least;
			l->arithmetic = !v->has ? "no value: not applied"
			                : cpol__apool_printf(&as->pool, "%s %s %s: %s",
			                                     num(x, sizeof(x), v->value),
			                                     l->applied ? "≥" : "<", num(y, sizeof(y), at_least),
			                                     !l->applied ? "not applied" : effects);
			if (!l->arithmetic)
				return CPOL_ENOMEM;
		}
	}
	return 0;
}

static int finish_subject(cpol__run *r, cpol_assessment *as, cpol_assess_result *res,
                          cpol_assess_line *lines, size_t nitems, unsigned *veto_bits)
{
	const cpol_rules_assessment *ra = cpol_rules_get_assessment(r->a->rules);
	const cpol_rules_grade *grade = NULL, *cap = NULL;
	cpol_assess_line *dl = &lines[nitems];
	const cpol_rule_ref *cref = NULL;
	double coef = 1.0, base = 0, bonus = 0;
	size_t k, nlines = nitems + 1 + ra->bonus_count + ra->veto_count;
	int rc, zero = 0;

	for (k = 0; k < nitems; k++) {
		base += lines[k].points;
		res->incomplete |= !lines[k].has_value;
	}
	base = cpol__round2(base);
	if (res->office_class && (rc = cpol_rules_difficulty_for(&coef, &cref, r->a->rules,
	                                                        res->office_class)) < 0)
		return rc;
	dl->kind = CPOL_LINE_DIFFICULTY;
	dl->id = res->office_class;
	dl->name = "难度系数";
	dl->has_value = 1;
	dl->value = coef;
	dl->points = cpol__round2(base * coef);
	if ((rc = cpol__assess_copy_ref(&dl->rule, &as->pool, cref)) < 0)
		return rc;
	dl->note = !res->office_class ? "the office has no class: coefficient 1"
	           : !cref ? cpol__apool_printf(&as->pool, "no coefficient for class %s: 1",
	                                        res->office_class)
	           : cpol__apool_printf(&as->pool, "office class %s", res->office_class);
	dl->arithmetic = cpol__apool_printf(&as->pool, "base %.2f × %.4g = %.2f", base, coef, dl->points);
	if (!dl->note || !dl->arithmetic)
		return CPOL_ENOMEM;
	for (k = nitems + 1; k < nitems + 1 + ra->bonus_count; k++)
		bonus += lines[k].points;
	for (k = nitems + 1 + ra->bonus_count; k < nlines; k++) {
		const cpol_rules_veto *ve = &ra->vetoes[k - nitems - 1 - ra->bonus_count];
		size_t g;
		if (!lines[k].applied)
			continue;
		if (!res->veto)
			res->veto = ve->id;
		*veto_bits |= ve->effect_bits;
		if (ve->effect_bits & CPOL_VETO_BIT(CPOL_VETO_ZERO))
			zero = 1;
		for (g = 0; g < ra->grade_count; g++)
			if ((ve->effect_bits & CPOL_VETO_BIT(CPOL_VETO_CAP_GRADE)) && ve->grade.value &&
			    strcmp(ra->grades[g].code, ve->grade.value) == 0 &&
			    (!cap || ra->grades[g].min.value < cap->min.value))
				cap = &ra->grades[g];
	}
	res->base = base;
	res->coefficient = coef;
	res->bonus = cpol__round2(bonus);
	res->total = zero ? 0 : cpol__round2(dl->points + res->bonus);
	res->lines = lines;
	res->line_count = nlines;
	if (ra->grade_count) {
		rc = cpol_rules_grade_for(&grade, r->a->rules, res->total);
		if (rc == CPOL_ENOTFOUND)
			cpol_error_clear();
		else if (rc < 0)
			return rc;
	}
	if (grade && cap && grade->min.value > cap->min.value)
		grade = cap;
	res->grade = grade ? grade->code : NULL;
	res->grade_name = grade ? grade->name : NULL;
	return 0;
}

static int result_order_cmp(const void *pa, const void *pb)
{
	const cpol_assess_result *a = pa, *b = pb;
	if (a->group_id != b->group_id)
		return (a->group_id > b->group_id) - (a->group_id < b->group_id);
	if (a->rank != b->rank) /* the unranked (rank 0) after the ranked */
		return a->rank == 0 ? 1 : b->rank == 0 ? -1 : a->rank - b->rank;
	return (a->subject_id > b->subject_id) - (a->subject_id < b->subject_id);
}

void cpol__assessment_sort(cpol_assessment *as)
{
	if (as->count)
		qsort(as->results, as->count, sizeof(*as->results), result_order_cmp);
}

static int score_with(cpol_assessment **out, cpol_assessor *a, const cpol_period *period,
                      const cpol_assess_options *opts)
{
	cpol_assess_options defaults = CPOL_ASSESS_OPTIONS_INIT;
	const cpol_rules_assessment *ra;
	cpol_assessment *as = NULL;
	cpol__subject *subjects = NULL;
	cpol_assess_line **lines = NULL;
	cpol__run r;
	streak_history hist = { NULL, NULL, 0 };
	unsigned *veto_bits = NULL; /* per subject: CPOL_VETO_BIT()s of the vetoes that applied */
	size_t n = 0, i, k, nlines;
	int rc;

	memset(&r, 0, sizeof(r));
	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_assess_score: out is NULL");
	*out = NULL;
	if (!a)
		return cpol__error_set(CPOL_EINVAL, "cpol_assess_score: assessor is NULL");
	if (!opts)
		opts = &defaults;
	if ((rc = check_options(opts)) < 0 || (rc = cpol__period_check(period)) < 0)
		return rc;
	if (opts->scope_level && (rc = check_scope(a->db, opts->scope_level, opts->scope_id)) < 0)
		return rc;
	ra = cpol_rules_get_assessment(a->rules);
	if (!(as = calloc(1, sizeof(*as))))
		return cpol__error_oom();
	/* Names, grades and veto ids of the results point into the rules. */
	as->rules = cpol_rules_ref(a->rules);
	as->period = *period;
	as->subject_kind = opts->subject_kind;
	as->scope_level = opts->scope_level;
	as->scope_id = opts->scope_level ? opts->scope_id : 0;
	as->rank_level = opts->rank_level ? opts->rank_level : rank_level_of(a->rules);
	if (!(as->rules_hash = cpol__apool_strdup(&as->pool, cpol_rules_hash(a->rules))) ||
	    !(as->region = cpol__apool_strdup(&as->pool, cpol_rules_region(a->rules)))) {
		rc = CPOL_ENOMEM;
		goto done;
	}
	if ((rc = cpol__assess_subjects(&subjects, &n, &as->pool, a->db, opts->subject_kind, period,
	                                opts->scope_level, opts->scope_id)) < 0)
		goto done;
	nlines = ra->item_count + 1 + ra->bonus_count + ra->veto_count;
	if (!(as->results = cpol__apool_alloc(&as->pool, sizeof(*as->results) * (n + 1))) ||
	    !(lines = calloc(n + 1, sizeof(*lines))) ||
	    !(veto_bits = calloc(n + 1, sizeof(*veto_bits)))) {
		rc = cpol__error_oom();
		goto done;
	}
	for (i = 0; i < n; i++)
		if (!(lines[i] = cpol__apool_alloc(&as->pool, sizeof(**lines) * nlines))) {
			rc = CPOL_ENOMEM;
			goto done;
		}
	r.a = a;
	r.period = &as->period;
	r.kind = opts->subject_kind;
	r.subjects = subjects;
	r.n = n;
	r.pool = &as->pool;
	r.with_records = opts->with_records;

	for (k = 0; k < ra->item_count; k++)
		if ((rc = score_item(&r, as, k, &ra->items[k], lines)) < 0)
			goto done;
	if ((rc = score_extras(&r, as, lines, ra->item_count)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		cpol_assess_result *res = &as->results[i];
		const cpol__subject *s = &subjects[i];
		res->subject_kind = opts->subject_kind;
		res->subject_id = s->id;
		res->subject_name = s->name;
		res->badge = s->badge;
		res->office_id = s->office_id;
		res->office_name = s->office_name;
		res->office_class = s->office_class;
		res->station_id = s->station_id;
		res->region_id = s->region_id;
		res->group_id = group_of(s, as->rank_level);
		if ((rc = finish_subject(&r, as, res, lines[i], ra->item_count, &veto_bits[i])) < 0)
			goto done;
	}
	as->count = n;
	if ((rc = rank_results(as, veto_bits)) < 0)
		goto done;
	/* Results are still in subject-id order, as the subjects came. */
	for (i = 0; i < n; i++)
		as->results[i].last_place_streak = as->results[i].last_place ? 1 : 0;
	for (k = 0; k < ra->sanction_count; k++)
		if (ra->sanctions[k].consecutive.ref &&
		    (size_t)ra->sanctions[k].consecutive.value - 1 > hist.depth)
			hist.depth = (size_t)ra->sanctions[k].consecutive.value - 1;
	if (hist.depth && n && (!(hist.scores = calloc(n * hist.depth, sizeof(double))) ||
	                        !(hist.count = calloc(n, sizeof(size_t))))) {
		rc = cpol__error_oom();
		goto done;
	}
	if ((rc = previous_streaks(as, a->db, &hist)) < 0 ||
	    (rc = check_sanctions(&r, as, &hist, veto_bits)) < 0)
		goto done;
	cpol__assessment_sort(as);
done:
	cpol__run_free(&r);
	free(hist.scores);
	free(hist.count);
	free(veto_bits);
	free(lines);
	if (rc < 0) {
		cpol_assessment_free(as);
		return rc;
	}
	*out = as;
	return 0;
}

/*
 * A period is scored under the rules in force on its last day (docs/rules.md
 * "Values that change over time"): when the rules are dated, an assessor
 * for the rules of that day scores it, with the caller's callbacks.
 */
int cpol_assess_score(cpol_assessment **out, cpol_assessor *a, const cpol_period *period,
                      const cpol_assess_options *opts)
{
	cpol_rules *on = NULL;
	cpol_assessor *day = NULL;
	int rc;

	if (!out || !a || !cpol_rules_is_dated(a->rules) || cpol__period_check(period) < 0)
		return score_with(out, a, period, opts);
	*out = NULL;
	if ((rc = cpol_rules_at(&on, a->rules, period->end)) < 0)
		return rc;
	if (on == a->rules) {
		cpol_rules_free(on);
		return score_with(out, a, period, opts);
	}
	if ((rc = cpol_assessor_new(&day, a->db, on)) == 0) {
		/* Borrowed for the call, given back before the free. */
		day->callbacks = a->callbacks;
		day->ncallbacks = a->ncallbacks;
		rc = score_with(out, day, period, opts);
		day->callbacks = NULL;
		day->ncallbacks = 0;
	}
	cpol_assessor_free(day);
	cpol_rules_free(on);
	return rc;
}

int cpol_assessment_find(const cpol_assess_result **out, const cpol_assessment *as, cpol_id id)
{
	size_t i;
	if (out)
		*out = NULL;
	if (!out || !as)
		return cpol__error_set(CPOL_EINVAL, "cpol_assessment_find: NULL argument");
	for (i = 0; i < as->count; i++)
		if (as->results[i].subject_id == id) {
			*out = &as->results[i];
			return 0;
		}
	return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "subject_id",
	                          "no result for %s %lld in this assessment",
	                          cpol__subject_kind_name(as->subject_kind), (long long)id);
}


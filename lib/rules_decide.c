/*
 * libcommpolice — rules: finding list entries and the decisions on staffing
 * and assessment. Pure functions of a loaded rule set.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "rules_internal.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------ finders */

/* Find in an array of structs whose first member is the id string. */
static int find_in(const void **out, const void *arr, size_t count, size_t size,
                   const char *id, const char *what)
{
	size_t i;
	*out = NULL;
	if (!id)
		return cpol__error_set(CPOL_EINVAL, "no %s id given", what);
	for (i = 0; i < count; i++) {
		const void *el = (const char *)arr + i * size;
		const char *el_id = *(const char *const *)el;
		if (el_id && !strcmp(el_id, id)) {
			*out = el;
			return 0;
		}
	}
	return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, id, "no %s '%.64s' in the rules",
	                          what, id);
}

#define FINDER(fn, T, arr, count, what) \
	int fn(const T **out, const cpol_rules *rules, const char *id) \
	{ \
		if (!out || !rules) \
			return cpol__error_set(CPOL_EINVAL, #fn ": NULL argument"); \
		return find_in((const void **)out, rules->arr, rules->count, sizeof(T), id, what); \
	}

FINDER(cpol_rules_find_office_class, cpol_rules_office_class, staffing.office_classes,
       staffing.office_class_count, "office class")
FINDER(cpol_rules_find_model, cpol_rules_staffing_model, staffing.models,
       staffing.model_count, "staffing model")
FINDER(cpol_rules_find_residence_type, cpol_rules_residence_type, population.residence_types,
       population.residence_type_count, "residence type")
FINDER(cpol_rules_find_label, cpol_rules_label, population.labels, population.label_count,
       "label")
FINDER(cpol_rules_find_place_type, cpol_rules_place_type, places.types, places.type_count,
       "place type")
FINDER(cpol_rules_find_obligation, cpol_rules_obligation, obligations.items,
       obligations.count, "obligation")
FINDER(cpol_rules_find_item, cpol_rules_item, assessment.items, assessment.item_count,
       "assessment item")
FINDER(cpol_rules_find_sanction, cpol_rules_sanction, assessment.sanctions,
       assessment.sanction_count, "sanction")

/* ----------------------------------------------------------------- staffing */

static int64_t ceil_div(int64_t a, int64_t b)
{
	return a / b + (a % b != 0);
}

int cpol_rules_officers_needed(int64_t *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                               int64_t residents, int64_t households)
{
	const cpol_rules_staffing *s;
	int64_t by_res = 0, by_hh = 0;

	if (ref)
		*ref = NULL;
	if (!out || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_officers_needed: NULL argument");
	if (residents < 0 || households < 0)
		return cpol__error_set(CPOL_EINVAL, "residents and households must not be negative");
	s = &rules->staffing;
	if (!s->residents_per_officer.ref && !s->households_per_officer.ref)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "staffing.residents_per_officer",
		                          "the rules set neither staffing.residents_per_officer nor "
		                          "staffing.households_per_officer");
	if (s->residents_per_officer.ref)
		by_res = ceil_div(residents, s->residents_per_officer.value);
	if (s->households_per_officer.ref)
		by_hh = ceil_div(households, s->households_per_officer.value);
	*out = by_res >= by_hh ? by_res : by_hh;
	if (ref)
		*ref = (by_hh > by_res || !s->residents_per_officer.ref) ? s->households_per_officer.ref
		                                                         : s->residents_per_officer.ref;
	return 0;
}

static int in_range(const cpol_rule_range *r, double v)
{
	if (r->min.ref && v < r->min.value)
		return 0;
	if (r->max.ref && v > r->max.value)
		return 0;
	return 1;
}

int cpol_rules_office_class_for(const cpol_rules_office_class **out, const cpol_rules *rules,
                                const cpol_office_profile *p)
{
	const cpol_rules_staffing *s;
	size_t i;

	if (!out || !rules || !p)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_office_class_for: NULL argument");
	*out = NULL;
	if (p->version != CPOL_OFFICE_PROFILE_VERSION)
		return cpol__error_set(CPOL_EINVAL, "cpol_office_profile: unknown version %u",
		                       p->version);
	s = &rules->staffing;
	if (!s->office_class_count)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "staffing.office_classes",
		                          "the rules define no office classes");
	for (i = 0; i < s->office_class_count; i++) {
		const cpol_rules_office_class *c = &s->office_classes[i];
		if (in_range(&c->residents, p->residents) && in_range(&c->households, p->households) &&
		    in_range(&c->floating, p->floating) && in_range(&c->key_persons, p->key_persons) &&
		    in_range(&c->places, p->places) && in_range(&c->cases_per_10k, p->cases_per_10k)) {
			*out = c;
			return 0;
		}
	}
	*out = &s->office_classes[s->office_class_count - 1];
	return 0;
}

/* --------------------------------------------------------------- assessment */

/* What one deduction rule takes for a value, before its cap. */
double cpol__deduction_of(const cpol_rules_item *it, const cpol_rules_deduction *d,
                          double value, double shortfall)
{
	double pct, steps;

	switch (d->kind) {
	case CPOL_DEDUCT_PER_UNIT:
		return d->points * shortfall;
	case CPOL_DEDUCT_PER_PERCENT:
		pct = shortfall / fabs(it->target.value) * 100.0;
		/* A hair of tolerance so that 20% of 90 is two full steps of 10%. */
		steps = floor(pct / d->step + 1e-9);
		return steps * d->points;
	case CPOL_DEDUCT_THRESHOLD:
		if (it->lower_is_better.value ? value > d->threshold : value < d->threshold)
			return d->points;
		return 0;
	default:
		return 0;
	}
}

CPOL__DEFINE_INIT(cpol_item_score_init, cpol_item_score, CPOL_ITEM_SCORE_INIT, CPOL_ITEM_SCORE_VERSION)

int cpol_item_score_compute(cpol_item_score *out, const cpol_rules *rules, const char *item_id,
                            double value)
{
	const cpol_rules_item *it;
	double weight, taken = 0, best = 0;
	size_t i;
	int rc;

	if (!out || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_item_score_compute: NULL argument");
	if ((rc = cpol__check_version(out->version, CPOL_ITEM_SCORE_VERSION, "cpol_item_score")) < 0)
		return rc;
	memset(out, 0, sizeof(*out));
	out->version = CPOL_ITEM_SCORE_VERSION;
	if (!isfinite(value))
		return cpol__error_set(CPOL_EINVAL, "metric value is not a finite number");
	if ((rc = cpol_rules_find_item(&it, rules, item_id)) < 0)
		return rc;
	weight = it->weight.value;
	out->item = it;
	out->ref = it->weight.ref;
	if (it->target.ref) {
		double diff = it->lower_is_better.value ? value - it->target.value
		                                        : it->target.value - value;
		out->shortfall = diff > 0 ? diff : 0;
	}
	for (i = 0; i < it->deduction_count; i++) {
		const cpol_rules_deduction *d = &it->deductions[i];
		double cap = d->cap.ref ? d->cap.value : weight;
		double x = cpol__deduction_of(it, d, value, out->shortfall);
		if (x > cap) {
			x = cap;
			out->capped = 1;
		}
		if (x > best) {
			best = x;
			out->ref = d->ref;
		}
		taken += x;
	}
	if (taken > weight) {
		taken = weight;
		out->capped = 1;
	}
	out->deduction = taken;
	out->points = weight - taken;
	return 0;
}

int cpol_rules_grade_for(const cpol_rules_grade **out, const cpol_rules *rules, double score)
{
	const cpol_rules_assessment *a;
	size_t i;

	if (!out || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_grade_for: NULL argument");
	*out = NULL;
	if (!isfinite(score))
		return cpol__error_set(CPOL_EINVAL, "score is not a finite number");
	a = &rules->assessment;
	for (i = 0; i < a->grade_count; i++)
		if (score >= a->grades[i].min.value) {
			*out = &a->grades[i];
			return 0;
		}
	return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "assessment.grades",
	                          "no grade band admits the score %g", score);
}

int cpol_rules_difficulty_for(double *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                              const char *office_class)
{
	const cpol_rules_assessment *a;
	size_t i;

	if (ref)
		*ref = NULL;
	if (!out || !rules || !office_class)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_difficulty_for: NULL argument");
	a = &rules->assessment;
	*out = 1.0;
	for (i = 0; i < a->difficulty_count; i++)
		if (!strcmp(a->difficulty[i].office_class, office_class)) {
			*out = a->difficulty[i].coefficient.value;
			if (ref)
				*ref = a->difficulty[i].coefficient.ref;
			break;
		}
	return 0;
}

int cpol_rules_sanction_applies(int *out, const cpol_rule_ref **ref, const cpol_rules *rules,
                                const char *sanction_id, const cpol_standing *st)
{
	const cpol_rules_sanction *s;
	int ok = 1, rc;

	if (ref)
		*ref = NULL;
	if (!out || !rules || !st)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_sanction_applies: NULL argument");
	if (st->version != CPOL_STANDING_VERSION)
		return cpol__error_set(CPOL_EINVAL, "cpol_standing: unknown version %u", st->version);
	if ((rc = cpol_rules_find_sanction(&s, rules, sanction_id)) < 0)
		return rc;
	if (s->last_place.ref && s->last_place.value)
		ok &= st->ranked > 0 && st->rank == st->ranked;
	if (s->rank_at_most.ref)
		ok &= st->rank >= 1 && st->rank <= s->rank_at_most.value;
	if (s->consecutive.ref)
		ok &= st->last_place_streak >= s->consecutive.value;
	if (s->score_below.ref) {
		/* A streak holds when every period of it holds: each score under the bar. */
		int64_t k, earlier = s->consecutive.ref ? s->consecutive.value - 1 : 0;
		ok &= st->score < s->score_below.value;
		for (k = 0; k < earlier && ok; k++)
			ok &= (size_t)k < st->previous_count && st->previous_scores &&
			      st->previous_scores[k] < s->score_below.value;
	}
	if (s->metric_below.ref)
		ok &= st->metric_value < s->metric_below.value;
	*out = ok;
	if (ref)
		*ref = s->ref;
	return 0;
}

/*
 * libcommpolice — rules: the `tests:` of a region file, checked when the
 * file loads and run on request (like `opa test` runs policy tests).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "rules_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct check_spec {
	const char *name;
	const char *required[3];
	const char *optional[8];
	cpol_rule_type expect; /* CPOL_RULE_NULL: typed like the key's value */
} check_spec;

static const check_spec specs[] = {
	{ "value", { "key" }, { NULL }, CPOL_RULE_NULL },
	{ "working_day", { "date" }, { NULL }, CPOL_RULE_BOOL },
	{ "market_day", { "date" }, { NULL }, CPOL_RULE_BOOL },
	{ "reception_day", { "date" }, { NULL }, CPOL_RULE_BOOL },
	{ "next_due", { "cadence", "last" }, { NULL }, CPOL_RULE_DATE },
	{ "deadline", { "from" }, { "within", "key" }, CPOL_RULE_DATE },
	{ "officers_needed", { NULL }, { "residents", "households" }, CPOL_RULE_INT },
	{ "office_class", { NULL },
	  { "residents", "households", "floating", "key_persons", "places", "cases_per_10k" },
	  CPOL_RULE_STRING },
	{ "score_item", { "item", "value" }, { NULL }, CPOL_RULE_NUMBER },
	{ "grade", { "score" }, { NULL }, CPOL_RULE_STRING },
	{ "difficulty", { "office_class" }, { NULL }, CPOL_RULE_NUMBER },
	{ "sanction", { "sanction" },
	  { "rank", "ranked", "streak", "score", "metric_value", "previous_scores" },
	  CPOL_RULE_BOOL },
	{ "veto", { "veto", "metric_value" }, { NULL }, CPOL_RULE_BOOL },
};

static const check_spec *spec_of(const char *check)
{
	size_t i;
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
		if (!strcmp(specs[i].name, check))
			return &specs[i];
	return NULL;
}

static int listed(const char *const *names, size_t n, const char *key)
{
	size_t i;
	for (i = 0; i < n && names[i]; i++)
		if (!strcmp(names[i], key))
			return 1;
	return 0;
}

static int validate_one(cpol__arena *a, cpol__rnode *t, size_t index)
{
	cpol__rentry *check = cpol__rnode_get(t, "check");
	cpol__rentry *expect = cpol__rnode_get(t, "expect");
	const check_spec *sp;
	char path[48];
	size_t i;

	snprintf(path, sizeof(path), "tests[%zu]", index);
	if (!check || !cpol__rnode_get(t, "name") || !expect)
		return cpol__error_set_at(CPOL_ERULES, t->file->name, t->line, t->column, path,
		                          "a test needs name:, check: and expect:");
	if (!(sp = spec_of(check->value->text)))
		return CPOL_ERULES; /* the schema has reported it */
	for (i = 0; i < 3 && sp->required[i]; i++)
		if (!cpol__rnode_get(t, sp->required[i]))
			return cpol__error_set_at(CPOL_ERULES, t->file->name, t->line, t->column, path,
			                          "test of %s needs %s:", sp->name, sp->required[i]);
	for (i = 0; i < t->n; i++) {
		const cpol__rentry *e = &t->entries[i];
		if (!strcmp(e->key, "name") || !strcmp(e->key, "check") || !strcmp(e->key, "expect"))
			continue;
		if (!listed(sp->required, 3, e->key) && !listed(sp->optional, 8, e->key))
			return cpol__error_set_at(CPOL_ERULES, t->file->name, e->line, e->column, path,
			                          "test of %s does not use %s:", sp->name, e->key);
	}
	if (!strcmp(sp->name, "deadline") &&
	    !!cpol__rnode_get(t, "within") == !!cpol__rnode_get(t, "key"))
		return cpol__error_set_at(CPOL_ERULES, t->file->name, t->line, t->column, path,
		                          "test of deadline needs within: or key:, one of them");
	if (expect->value->kind != CPOL__RN_SCALAR)
		return cpol__error_set_at(CPOL_ERULES, t->file->name, expect->value->line,
		                          expect->value->column, path, "expect: is a single value");
	if (sp->expect != CPOL_RULE_NULL)
		return cpol__rules_type_scalar(a, expect->value, sp->expect, path);
	return 0;
}

int cpol__rules_validate_tests(cpol__arena *a, cpol__rnode *tests)
{
	size_t i;
	int rc;
	for (i = 0; i < tests->n; i++)
		if (tests->elems[i]->kind == CPOL__RN_MAP &&
		    (rc = validate_one(a, tests->elems[i], i)) < 0)
			return rc;
	return 0;
}

size_t cpol_rules_test_count(const cpol_rules *rules)
{
	return rules && rules->tests ? rules->tests->n : 0;
}

/* ------------------------------------------------------------------ running */

/* Hits per rule element of the assessment, in the order of its arrays;
 * deductions flattened item by item. */
typedef struct coverage {
	size_t *item, *deduction, *veto, *coefficient, *sanction, *grade;
} coverage;

typedef struct run {
	const cpol_rules *rules;
	coverage *cov;          /* NULL when not counted */
	const cpol__rnode *t;
	const cpol__rnode *expect;
	cpol_rules_test_result res;
	char expected[128];
	char actual[256];
} run;

static const cpol__rnode *in(const run *r, const char *key)
{
	cpol__rentry *e = cpol__rnode_get(r->t, key);
	return e ? e->value : NULL;
}

static double num(const run *r, const char *key)
{
	const cpol__rnode *n = in(r, key);
	if (!n)
		return 0;
	return n->type == CPOL_RULE_INT ? (double)n->v.i : n->v.d;
}

static int same_number(double a, double b)
{
	double scale = fabs(b) > 1 ? fabs(b) : 1;
	return fabs(a - b) <= 1e-9 * scale;
}

static void failed_call(run *r)
{
	snprintf(r->actual, sizeof(r->actual), "error: %s", cpol_error_last()->message);
	r->res.passed = 0;
}

static void check_bool(run *r, int rc, int value)
{
	if (rc < 0)
		return failed_call(r);
	snprintf(r->actual, sizeof(r->actual), "%s", value ? "true" : "false");
	r->res.passed = value == (int)r->expect->v.i;
}

static void check_date(run *r, int rc, cpol_date d)
{
	if (rc < 0)
		return failed_call(r);
	cpol_date_format(r->actual, d);
	r->res.passed = d == r->expect->v.date;
}

static void check_text(run *r, int rc, const char *s)
{
	if (rc < 0)
		return failed_call(r);
	snprintf(r->actual, sizeof(r->actual), "%s", s);
	r->res.passed = !strcmp(s, r->expect->text);
}

static void check_number(run *r, int rc, double v)
{
	if (rc < 0)
		return failed_call(r);
	snprintf(r->actual, sizeof(r->actual), "%.15g", v);
	r->res.passed = same_number(v, r->expect->v.d);
}

static void run_value(run *r)
{
	const cpol__rnode *n;
	cpol__arena scratch = { 0 };
	cpol__rnode copy;
	int rc = cpol__rules_lookup(&n, r->rules, in(r, "key")->text);

	if (rc < 0)
		return failed_call(r);
	r->res.ref = &n->ref;
	if (n->kind != CPOL__RN_SCALAR && n->type != CPOL_RULE_WEEKDAYS) {
		snprintf(r->actual, sizeof(r->actual), "error: %s is a list or a map",
		         in(r, "key")->text);
		return;
	}
	snprintf(r->actual, sizeof(r->actual), "%s", n->canon ? n->canon : n->text);
	/* Read expect the way the value itself was read, so that 1w matches 7d. */
	copy = *r->expect;
	copy.canon = NULL;
	if (n->type == CPOL_RULE_WEEKDAYS || n->type == CPOL_RULE_STRING ||
	    cpol__rules_type_scalar(&scratch, &copy, n->type, "expect") < 0) {
		r->res.passed = !strcmp(r->actual, r->expect->text);
	} else {
		snprintf(r->expected, sizeof(r->expected), "%s", copy.canon);
		r->res.passed = !strcmp(r->actual, copy.canon) ||
		                (n->type == CPOL_RULE_NUMBER && same_number(n->v.d, copy.v.d));
	}
	cpol__arena_free(&scratch);
	cpol_error_clear();
}

/* Index of the element with this id/code in the kind's array, or -1. */
static long find_named(const cpol_rules *R, const char *id, cpol_cover_kind kind)
{
	const cpol_rules_assessment *a = &R->assessment;
	size_t i;

	for (i = 0; kind == CPOL_COVER_VETO && i < a->veto_count; i++)
		if (!strcmp(a->vetoes[i].id, id))
			return (long)i;
	for (i = 0; kind == CPOL_COVER_SANCTION && i < a->sanction_count; i++)
		if (!strcmp(a->sanctions[i].id, id))
			return (long)i;
	for (i = 0; kind == CPOL_COVER_COEFFICIENT && i < a->difficulty_count; i++)
		if (!strcmp(a->difficulty[i].office_class, id))
			return (long)i;
	return -1;
}

static void cover_named(run *r, const char *id, cpol_cover_kind kind)
{
	long i = r->cov ? find_named(r->rules, id, kind) : -1;
	if (i < 0)
		return;
	(kind == CPOL_COVER_VETO ? r->cov->veto : kind == CPOL_COVER_SANCTION ? r->cov->sanction
	                                                                      : r->cov->coefficient)[i]++;
}

/* The item is exercised, and each of its deductions that took points. */
static void cover_item(run *r, const cpol_rules_item *it, double value, double shortfall)
{
	const cpol_rules_assessment *a = &r->rules->assessment;
	size_t i, k, first = 0;

	for (i = 0; &a->items[i] != it; i++)
		first += a->items[i].deduction_count;
	r->cov->item[i]++;
	for (k = 0; k < it->deduction_count; k++)
		if (cpol__deduction_of(it, &it->deductions[k], value, shortfall) > 0)
			r->cov->deduction[first + k]++;
}

/* A veto applies when its metric reaches at_least (1 when unset), as scoring has it. */
static void run_veto(run *r)
{
	const cpol_rules_assessment *a = &r->rules->assessment;
	long i = find_named(r->rules, in(r, "veto")->text, CPOL_COVER_VETO);
	const cpol_rules_veto *v;

	if (i < 0) {
		cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "veto", "no veto '%s' in the rules",
		                   in(r, "veto")->text);
		return failed_call(r);
	}
	v = &a->vetoes[i];
	r->res.ref = v->at_least.ref ? v->at_least.ref : v->ref;
	cover_named(r, v->id, CPOL_COVER_VETO);
	check_bool(r, 0, num(r, "metric_value") >= (v->at_least.ref ? v->at_least.value : 1.0));
}

static void run_deadline(run *r)
{
	const cpol__rnode *within = in(r, "within");
	cpol_duration d;
	cpol_date out = 0;
	int rc = 0;

	if (within) {
		d = within->v.du;
	} else {
		rc = cpol_rules_get_duration(&d, &r->res.ref, r->rules, in(r, "key")->text);
	}
	if (rc == 0)
		rc = cpol_duration_add(&out, &d, in(r, "from")->v.date);
	check_date(r, rc, out);
}

static void run_one(run *r, const char *check)
{
	const cpol_rules *R = r->rules;
	int b = 0, rc;

	if (!strcmp(check, "value")) {
		run_value(r);
	} else if (!strcmp(check, "working_day")) {
		rc = cpol_rules_is_working_day(&b, &r->res.ref, R, in(r, "date")->v.date);
		check_bool(r, rc, b);
	} else if (!strcmp(check, "market_day")) {
		rc = cpol_rules_is_market_day(&b, &r->res.ref, R, in(r, "date")->v.date);
		check_bool(r, rc, b);
	} else if (!strcmp(check, "reception_day")) {
		rc = cpol_rules_is_reception_day(&b, &r->res.ref, R, in(r, "date")->v.date);
		check_bool(r, rc, b);
	} else if (!strcmp(check, "next_due")) {
		cpol_date d = 0;
		rc = cpol_rules_next_due(&d, &r->res.ref, R, &in(r, "cadence")->v.ca,
		                         in(r, "last")->v.date);
		if (!r->res.ref)
			r->res.ref = &in(r, "cadence")->ref;
		check_date(r, rc, d);
	} else if (!strcmp(check, "deadline")) {
		run_deadline(r);
	} else if (!strcmp(check, "officers_needed")) {
		int64_t n = 0;
		rc = cpol_rules_officers_needed(&n, &r->res.ref, R, (int64_t)num(r, "residents"),
		                                (int64_t)num(r, "households"));
		if (rc < 0)
			return failed_call(r);
		snprintf(r->actual, sizeof(r->actual), "%lld", (long long)n);
		r->res.passed = n == r->expect->v.i;
	} else if (!strcmp(check, "office_class")) {
		cpol_office_profile p = CPOL_OFFICE_PROFILE_INIT;
		const cpol_rules_office_class *c = NULL;
		p.residents = num(r, "residents");
		p.households = num(r, "households");
		p.floating = num(r, "floating");
		p.key_persons = num(r, "key_persons");
		p.places = num(r, "places");
		p.cases_per_10k = num(r, "cases_per_10k");
		rc = cpol_rules_office_class_for(&c, R, &p);
		r->res.ref = c ? c->ref : NULL;
		check_text(r, rc, c ? c->code : "");
	} else if (!strcmp(check, "score_item")) {
		cpol_item_score s = CPOL_ITEM_SCORE_INIT;
		rc = cpol_item_score_compute(&s, R, in(r, "item")->text, num(r, "value"));
		r->res.ref = rc == 0 ? s.ref : NULL;
		if (rc == 0 && r->cov)
			cover_item(r, s.item, num(r, "value"), s.shortfall);
		check_number(r, rc, s.points);
	} else if (!strcmp(check, "grade")) {
		const cpol_rules_grade *g = NULL;
		rc = cpol_rules_grade_for(&g, R, num(r, "score"));
		r->res.ref = g ? g->ref : NULL;
		if (g && r->cov)
			r->cov->grade[g - R->assessment.grades]++;
		check_text(r, rc, g ? g->code : "");
	} else if (!strcmp(check, "difficulty")) {
		double v = 0;
		rc = cpol_rules_difficulty_for(&v, &r->res.ref, R, in(r, "office_class")->text);
		cover_named(r, in(r, "office_class")->text, CPOL_COVER_COEFFICIENT);
		check_number(r, rc, v);
	} else if (!strcmp(check, "sanction")) {
		cpol_standing st = CPOL_STANDING_INIT;
		const cpol__rnode *prev = in(r, "previous_scores");
		double scores[100]; /* consecutive: is at most 100 */
		size_t k;
		for (k = 0; prev && k < prev->n && k < 100; k++)
			scores[k] = prev->elems[k]->v.d;
		st.previous_scores = scores;
		st.previous_count = k;
		st.rank = (int)num(r, "rank");
		st.ranked = (int)num(r, "ranked");
		st.last_place_streak = (int)num(r, "streak");
		st.score = num(r, "score");
		st.metric_value = num(r, "metric_value");
		rc = cpol_rules_sanction_applies(&b, &r->res.ref, R, in(r, "sanction")->text, &st);
		cover_named(r, in(r, "sanction")->text, CPOL_COVER_SANCTION);
		check_bool(r, rc, b);
	} else if (!strcmp(check, "veto")) {
		run_veto(r);
	}
}

static int run_all(size_t *failed, const cpol_rules *rules, cpol_rules_test_cb cb,
                   void *payload, coverage *cov)
{
	size_t i, nfailed = 0;

	if (failed)
		*failed = 0;
	if (!rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_run_tests: NULL rules");
	for (i = 0; rules->tests && i < rules->tests->n; i++) {
		run r;
		memset(&r, 0, sizeof(r));
		r.rules = rules;
		r.cov = cov;
		r.t = rules->tests->elems[i];
		r.expect = in(&r, "expect");
		r.res.name = in(&r, "name")->text;
		r.res.check = in(&r, "check")->text;
		r.res.file = r.t->file->name;
		r.res.line = r.t->line;
		r.res.column = r.t->column;
		snprintf(r.expected, sizeof(r.expected), "%s",
		         r.expect->canon ? r.expect->canon : r.expect->text);
		run_one(&r, r.res.check);
		r.res.expected = r.expected;
		r.res.actual = r.actual;
		if (!r.res.passed)
			nfailed++;
		if (failed)
			*failed = nfailed;
		if (cb && cb(&r.res, payload) != 0)
			return cpol__error_set(CPOL_EUSER, "rule test callback stopped the run");
	}
	return 0;
}

int cpol_rules_run_tests(size_t *failed, const cpol_rules *rules, cpol_rules_test_cb cb,
                         void *payload)
{
	return run_all(failed, rules, cb, payload, NULL);
}

/* ------------------------------------------------------------------ coverage */

static int report(size_t *uncovered, cpol_rules_cover *c, cpol_rules_cover_cb cb, void *payload)
{
	if (!c->hits)
		(*uncovered)++;
	return cb && cb(c, payload) != 0 ? cpol__error_set(CPOL_EUSER, "coverage callback stopped")
	                                 : 0;
}

int cpol_rules_test_coverage(size_t *uncovered, const cpol_rules *rules, cpol_rules_cover_cb cb,
                             void *payload)
{
	const cpol_rules_assessment *a;
	size_t i, k, nded = 0, d = 0, none = 0;
	coverage cov;
	char id[160];
	int rc = 0;

	if (!uncovered)
		uncovered = &none;
	*uncovered = 0;
	if (!rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_rules_test_coverage: NULL rules");
	a = &rules->assessment;
	for (i = 0; i < a->item_count; i++)
		nded += a->items[i].deduction_count;
	cov.item = calloc(a->item_count + 1, sizeof(size_t));
	cov.deduction = calloc(nded + 1, sizeof(size_t));
	cov.veto = calloc(a->veto_count + 1, sizeof(size_t));
	cov.coefficient = calloc(a->difficulty_count + 1, sizeof(size_t));
	cov.sanction = calloc(a->sanction_count + 1, sizeof(size_t));
	cov.grade = calloc(a->grade_count + 1, sizeof(size_t));
	if (!cov.item || !cov.deduction || !cov.veto || !cov.coefficient || !cov.sanction || !cov.grade) {
		rc = cpol__error_oom();
		goto done;
	}
	if ((rc = run_all(NULL, rules, NULL, NULL, &cov)) < 0)
		goto done;
	for (i = 0; i < a->item_count && rc == 0; i++) {
		const cpol_rules_item *it = &a->items[i];
		cpol_rules_cover c = { CPOL_COVER_ITEM, "item", it->id, it->ref, cov.item[i] };
		rc = report(uncovered, &c, cb, payload);
		for (k = 0; k < it->deduction_count && rc == 0; k++, d++) {
			cpol_rules_cover e = { CPOL_COVER_DEDUCTION, "deduction", id, it->deductions[k].ref,
			                       cov.deduction[d] };
			snprintf(id, sizeof(id), "%s.deduct[%zu]", it->id, k);
			rc = report(uncovered, &e, cb, payload);
		}
	}
	for (i = 0; i < a->veto_count && rc == 0; i++) {
		cpol_rules_cover c = { CPOL_COVER_VETO, "veto", a->vetoes[i].id, a->vetoes[i].ref,
		                       cov.veto[i] };
		rc = report(uncovered, &c, cb, payload);
	}
	for (i = 0; i < a->difficulty_count && rc == 0; i++) {
		cpol_rules_cover c = { CPOL_COVER_COEFFICIENT, "coefficient", a->difficulty[i].office_class,
		                       a->difficulty[i].coefficient.ref, cov.coefficient[i] };
		rc = report(uncovered, &c, cb, payload);
	}
	for (i = 0; i < a->sanction_count && rc == 0; i++) {
		cpol_rules_cover c = { CPOL_COVER_SANCTION, "sanction", a->sanctions[i].id,
		                       a->sanctions[i].ref, cov.sanction[i] };
		rc = report(uncovered, &c, cb, payload);
	}
	for (i = 0; i < a->grade_count && rc == 0; i++) {
		cpol_rules_cover c = { CPOL_COVER_GRADE, "grade", a->grades[i].code, a->grades[i].ref,
		                       cov.grade[i] };
		rc = report(uncovered, &c, cb, payload);
	}
done:
	free(cov.item);
	free(cov.deduction);
	free(cov.veto);
	free(cov.coefficient);
	free(cov.sanction);
	free(cov.grade);
	return rc;
}

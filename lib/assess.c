/*
 * libcommpolice — assess: periods, the pool, the assessor and how a metric
 * name is resolved to values.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "assess_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -------------------------------------------------------------------- pool */

struct cpol__apool_chunk {
	cpol__apool_chunk *next;
	size_t used;
	size_t cap;
	max_align_t data[];
};

#define POOL_CHUNK 16384

void *cpol__apool_alloc(cpol__apool *p, size_t size)
{
	cpol__apool_chunk *c = p->head;
	size_t align = sizeof(max_align_t), need = (size + align - 1) / align * align;
	void *mem;

	if (size == 0)
		need = align;
	if (!c || c->cap - c->used < need) {
		size_t cap = need > POOL_CHUNK ? need : POOL_CHUNK;
		if (!(c = malloc(sizeof(*c) + cap))) {
			cpol__error_oom();
			return NULL;
		}
		c->cap = cap;
		c->used = 0;
		/* A big block goes behind the head so the head's free room is kept. */
		if (p->head && need > POOL_CHUNK) {
			c->next = p->head->next;
			p->head->next = c;
		} else {
			c->next = p->head;
			p->head = c;
		}
	}
	mem = (char *)c->data + c->used;
	c->used += need;
	memset(mem, 0, size);
	return mem;
}

char *cpol__apool_strdup(cpol__apool *p, const char *s)
{
	size_t n;
	char *d;
	if (!s)
		return NULL;
	n = strlen(s);
	if (!(d = cpol__apool_alloc(p, n + 1)))
		return NULL;
	memcpy(d, s, n + 1);
	return d;
}

char *cpol__apool_printf(cpol__apool *p, const char *fmt, ...)
{
	va_list ap;
	char small[256], *d;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	if (!(d = cpol__apool_alloc(p, (size_t)n + 1)))
		return NULL;
	if ((size_t)n < sizeof(small)) {
		memcpy(d, small, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(d, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return d;
}

void cpol__apool_free(cpol__apool *p)
{
	cpol__apool_chunk *c = p->head, *next;
	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	p->head = NULL;
}

/* ----------------------------------------------------------------- helpers */

double cpol__round2(double x)
{
	double r;
	if (!isfinite(x))
		return x;
	r = floor(fabs(x) * 100.0 + 0.5 + 1e-7) / 100.0;
	return x < 0 ? -r : r;
}

const char *cpol__subject_kind_name(cpol_subject_kind kind)
{
	switch (kind) {
	case CPOL_SUBJECT_OFFICER: return "officer";
	case CPOL_SUBJECT_OFFICE: return "office";
	default: return NULL;
	}
}

int cpol__metric_name_ok(const char *name)
{
	size_t i;
	if (!name || !*name || strlen(name) > 64)
		return 0;
	if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
	      name[0] == '_'))
		return 0;
	for (i = 1; name[i]; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return 0;
	return 1;
}

const char *cpol__org_level_name(cpol_org_level level)
{
	switch ((int)level) {
	case 0: return "all";
	case CPOL_ORG_REGION: return "region";
	case CPOL_ORG_STATION: return "station";
	case CPOL_ORG_OFFICE: return "office";
	default: return NULL;
	}
}

int cpol__org_level_parse(cpol_org_level *out, const char *name)
{
	static const cpol_org_level levels[] = { 0, CPOL_ORG_REGION, CPOL_ORG_STATION, CPOL_ORG_OFFICE };
	size_t i;
	for (i = 0; i < CPOL__ARRAY_SIZE(levels); i++)
		if (name && strcmp(name, cpol__org_level_name(levels[i])) == 0) {
			*out = levels[i];
			return 0;
		}
	return cpol__error_set(CPOL_EINVAL, "unknown organisation level '%s'", name ? name : "(null)");
}

int cpol__assess_copy_ref(cpol_rule_ref *out, cpol__apool *pool, const cpol_rule_ref *ref)
{
	memset(out, 0, sizeof(*out));
	if (!ref)
		return 0;
	out->line = ref->line;
	out->column = ref->column;
	if ((ref->key && !(out->key = cpol__apool_strdup(pool, ref->key))) ||
	    (ref->file && !(out->file = cpol__apool_strdup(pool, ref->file))) ||
	    (ref->region && !(out->region = cpol__apool_strdup(pool, ref->region))))
		return CPOL_ENOMEM;
	return 0;
}

/* ----------------------------------------------------------------- periods */

int cpol_period_containing(cpol_period *out, cpol_time_unit unit, cpol_date date)
{
	int y, m, months;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_period_containing: out is NULL");
	if (date == CPOL_DATE_NONE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "date", "no date given for the period");
	cpol_date_split(&y, &m, NULL, date);
	switch (unit) {
	case CPOL_UNIT_MONTH: months = 1; break;
	case CPOL_UNIT_QUARTER: months = 3; break;
	case CPOL_UNIT_HALF_YEAR: months = 6; break;
	case CPOL_UNIT_YEAR: months = 12; break;
	default:
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "unit",
		                          "an assessment period is a month, quarter, half year or year");
	}
	if (y < 1 || y > 9999)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "date", "date out of range");
	m = (m - 1) / months * months + 1;
	cpol_date_from_ymd(&out->start, y, m, 1);
	out->end = cpol_date_add_months(out->start, months) - 1;
	out->unit = unit;
	return 0;
}

static int parse_digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int cpol_period_parse(cpol_period *out, const char *text)
{
	int y = 0, n = 0;
	size_t len;
	cpol_date d;
	cpol_time_unit unit;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_period_parse: out is NULL");
	if (!text)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "period", "no period given");
	len = strlen(text);
	if (len < 4 || parse_digits(text, 4, &y) < 0 || y < 1)
		goto bad;
	if (len == 4) {
		unit = CPOL_UNIT_YEAR;
		n = 1;
	} else if (len == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'q') &&
	           text[6] >= '1' && text[6] <= '4') {
		unit = CPOL_UNIT_QUARTER;
		n = (text[6] - '1') * 3 + 1;
	} else if (len == 7 && text[4] == '-' && (text[5] == 'H' || text[5] == 'h') &&
	           (text[6] == '1' || text[6] == '2')) {
		unit = CPOL_UNIT_HALF_YEAR;
		n = text[6] == '1' ? 1 : 7;
	} else if (len == 7 && text[4] == '-' && parse_digits(text + 5, 2, &n) == 0 &&
	           n >= 1 && n <= 12) {
		unit = CPOL_UNIT_MONTH;
	} else {
		goto bad;
	}
	if (cpol_date_from_ymd(&d, y, n, 1) < 0)
		goto bad;
	return cpol_period_containing(out, unit, d);
bad:
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "period",
	                          "'%s' is not a period: write 2024-05, 2024-Q2, 2024-H1 or 2024", text);
}

char *cpol_period_format(char *buf, const cpol_period *p)
{
	int y, m;

	buf[0] = '\0';
	if (!p || p->start == CPOL_DATE_NONE)
		return buf;
	cpol_date_split(&y, &m, NULL, p->start);
	y = y < 0 ? 0 : y > 9999 ? 9999 : y;
	m = m < 1 ? 1 : m > 12 ? 12 : m;
	switch (p->unit) {
	case CPOL_UNIT_MONTH: snprintf(buf, CPOL_PERIOD_BUFSZ, "%04d-%02d", y, m); break;
	case CPOL_UNIT_QUARTER: snprintf(buf, CPOL_PERIOD_BUFSZ, "%04d-Q%c", y, (char)('1' + (m - 1) / 3)); break;
	case CPOL_UNIT_HALF_YEAR: snprintf(buf, CPOL_PERIOD_BUFSZ, "%04d-H%c", y, m <= 6 ? '1' : '2'); break;
	case CPOL_UNIT_YEAR: snprintf(buf, CPOL_PERIOD_BUFSZ, "%04d", y); break;
	default: break;
	}
	return buf;
}

int cpol_period_previous(cpol_period *out, const cpol_period *p)
{
	if (!out || !p || p->start == CPOL_DATE_NONE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "period", "no period given");
	return cpol_period_containing(out, p->unit, p->start - 1);
}

/* Check a period given by a caller: one of the four units, start and end aligned. */
int cpol__period_check(const cpol_period *p)
{
	cpol_period q;
	if (!p)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "period", "no period given");
	if (p->start == CPOL_DATE_NONE || cpol_period_containing(&q, p->unit, p->start) < 0 ||
	    q.start != p->start || q.end != p->end)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "period",
		                          "not a calendar month, quarter, half year or year; "
		                          "make periods with cpol_period_parse()");
	return 0;
}

/* ---------------------------------------------------------------- assessor */

int cpol_assess_options_init(cpol_assess_options *opts, unsigned int version)
{
	static const cpol_assess_options defaults = CPOL_ASSESS_OPTIONS_INIT;
	if (!opts)
		return cpol__error_set(CPOL_EINVAL, "options pointer is NULL");
	if (version != CPOL_ASSESS_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_assess_options version %u (this library knows %d)",
		                       version, CPOL_ASSESS_OPTIONS_VERSION);
	*opts = defaults;
	return 0;
}

void cpol_assessor_free(cpol_assessor *a)
{
	size_t i;
	if (!a)
		return;
	for (i = 0; i < a->nderived; i++) {
		free(a->derived[i].name);
		cpol__formula_free(a->derived[i].formula);
	}
	free(a->derived);
	if (a->item_formulas)
		for (i = 0; i < a->nitems; i++)
			cpol__formula_free(a->item_formulas[i]);
	free(a->item_formulas);
	for (i = 0; i < a->ncallbacks; i++)
		free(a->callbacks[i].name);
	free(a->callbacks);
	cpol__formula_engine_free(a->engine);
	cpol_rules_free(a->rules);
	free(a);
}

const cpol_rules *cpol_assessor_rules(const cpol_assessor *a)
{
	return a ? a->rules : NULL;
}

const cpol__derived *cpol__assessor_derived(const cpol_assessor *a, const char *name)
{
	size_t i;
	for (i = 0; i < a->nderived; i++)
		if (strcmp(a->derived[i].name, name) == 0)
			return &a->derived[i];
	return NULL;
}

const cpol__callback *cpol__assessor_callback(const cpol_assessor *a, const char *name)
{
	size_t i;
	for (i = 0; i < a->ncallbacks; i++)
		if (strcmp(a->callbacks[i].name, name) == 0)
			return &a->callbacks[i];
	return NULL;
}

static const char DERIVED_PREFIX[] = "assessment.derived.";

/* Read `assessment.derived` (a map name → formula) and compile each. */
static int load_derived(cpol_assessor *a)
{
	cpol_rules_iter *it = NULL;
	const cpol_rule_ref *ref;
	const char *text;
	int rc;

	rc = cpol_rules_iter_new(&it, a->rules, "assessment.derived");
	if (rc == CPOL_ENOTFOUND) {
		cpol_error_clear();
		return 0;
	}
	if (rc < 0)
		return rc;
	while ((rc = cpol_rules_iter_next(&ref, &text, it)) == 0) {
		const char *name;
		cpol__derived *grown;

		if (!ref->key || strncmp(ref->key, DERIVED_PREFIX, sizeof(DERIVED_PREFIX) - 1) != 0)
			continue;
		/* Names and formulas were checked when the rules loaded (rules_schema.c
		 * cross_formulas); here they are compiled to be run. */
		name = ref->key + sizeof(DERIVED_PREFIX) - 1;
		grown = realloc(a->derived, sizeof(*grown) * (a->nderived + 1));
		if (!grown) {
			rc = cpol__error_oom();
			break;
		}
		a->derived = grown;
		memset(&a->derived[a->nderived], 0, sizeof(*grown));
		if (!(a->derived[a->nderived].name = cpol__strdup(name))) {
			rc = cpol__error_oom();
			break;
		}
		a->derived[a->nderived].ref = ref;
		a->nderived++;
		if ((rc = cpol__formula_compile(&a->derived[a->nderived - 1].formula, a->engine, text,
		                                ref, ref->key)) < 0)
			break;
	}
	cpol_rules_iter_free(it);
	return rc == CPOL_ITEROVER ? 0 : rc;
}

/* Derived metrics may read each other, but not in a circle. */
static int check_cycles(cpol_assessor *a, const cpol__derived *d, const cpol__derived **stack,
                        size_t depth)
{
	size_t i, k;

	for (k = 0; k < depth; k++)
		if (stack[k] == d)
			return cpol__error_set_at(CPOL_ERULES, d->ref->file, d->ref->line, d->ref->column,
			                          d->ref->key, "derived metric '%s' depends on itself", d->name);
	if (depth >= 32)
		return cpol__error_set_at(CPOL_ERULES, d->ref->file, d->ref->line, d->ref->column,
		                          d->ref->key, "derived metrics nest too deep at '%s'", d->name);
	stack[depth] = d;
	for (i = 0; i < cpol__formula_input_count(d->formula); i++) {
		const cpol__derived *in = cpol__assessor_derived(a, cpol__formula_input(d->formula, i));
		int rc;
		if (in && (rc = check_cycles(a, in, stack, depth + 1)) < 0)
			return rc;
	}
	return 0;
}

int cpol_assessor_new(cpol_assessor **out, cpol_db *db, const cpol_rules *rules)
{
	const cpol_rules_assessment *as;
	cpol_assessor *a;
	size_t i;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_assessor_new: out is NULL");
	*out = NULL;
	if (!db || !rules)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, db ? "rules" : "db",
		                          "cpol_assessor_new: no %s given", db ? "rules" : "database");
	if (!(a = calloc(1, sizeof(*a))))
		return cpol__error_oom();
	a->db = db;
	a->rules = cpol_rules_ref(rules);
	if ((rc = cpol__formula_engine_new(&a->engine)) < 0 || (rc = load_derived(a)) < 0)
		goto fail;
	for (i = 0; i < a->nderived; i++) {
		const cpol__derived *stack[33];
		if ((rc = check_cycles(a, &a->derived[i], stack, 0)) < 0)
			goto fail;
	}
	as = cpol_rules_get_assessment(rules);
	a->nitems = as->item_count;
	if (as->item_count && !(a->item_formulas = calloc(as->item_count, sizeof(*a->item_formulas)))) {
		rc = cpol__error_oom();
		goto fail;
	}
	for (i = 0; i < as->item_count; i++) {
		const cpol_rules_item *it = &as->items[i];
		if (!it->formula.ref || !it->formula.value)
			continue;
		if ((rc = cpol__formula_compile(&a->item_formulas[i], a->engine, it->formula.value,
		                                it->formula.ref, it->formula.ref->key)) < 0)
			goto fail;
	}
	*out = a;
	return 0;
fail:
	cpol_assessor_free(a);
	return rc;
}

int cpol_assessor_add_metric(cpol_assessor *a, const char *name, cpol_metric_unit unit,
                             cpol_metric_cb cb, void *payload)
{
	cpol__callback *grown;

	if (!a || !cb)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, a ? "cb" : "assessor",
		                          "cpol_assessor_add_metric: NULL %s", a ? "callback" : "assessor");
	if (!cpol__metric_name_ok(name))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "name",
		                          "metric name '%s' is not a plain name (letters, digits, '_', "
		                          "at most 64)", name ? name : "(null)");
	if (unit < CPOL_METRIC_COUNT || unit > CPOL_METRIC_NUMBER)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "unit", "unknown metric unit %d", (int)unit);
	if (cpol__builtin_find(name))
		return cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, "name",
		                          "'%s' is a built-in metric", name);
	if (cpol__assessor_derived(a, name))
		return cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, "name",
		                          "'%s' is a derived metric of the rules", name);
	if (cpol__assessor_callback(a, name))
		return cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, "name",
		                          "metric '%s' was added already", name);
	grown = realloc(a->callbacks, sizeof(*grown) * (a->ncallbacks + 1));
	if (!grown)
		return cpol__error_oom();
	a->callbacks = grown;
	if (!(grown[a->ncallbacks].name = cpol__strdup(name)))
		return cpol__error_oom();
	grown[a->ncallbacks].unit = unit;
	grown[a->ncallbacks].cb = cb;
	grown[a->ncallbacks].payload = payload;
	a->ncallbacks++;
	return 0;
}

/* -------------------------------------------------------- metric columns */

/*
 * While scoring, each metric the rules name becomes a column: one value
 * per subject, computed once for all subjects (a built-in metric is one
 * grouped query, not one query per subject).
 */

static cpol__column *column_slot(cpol__run *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i]->name, name) == 0)
			return r->cols[i];
	return NULL;
}

static int callback_column(cpol__run *r, cpol__column *col, const cpol__callback *cb)
{
	char ptext[CPOL_PERIOD_BUFSZ];
	size_t i;

	col->source = CPOL_METRIC_CALLBACK;
	col->unit = cb->unit;
	cpol_period_format(ptext, r->period);
	for (i = 0; i < r->n; i++) {
		cpol_metric_request req;
		cpol_metric_answer ans;
		cpol__mval *v = &col->vals[i];
		int rc;

		memset(&req, 0, sizeof(req));
		memset(&ans, 0, sizeof(ans));
		req.name = col->name;
		req.subject_kind = r->kind;
		req.subject_id = r->subjects[i].id;
		req.office_id = r->subjects[i].office_id;
		req.period = *r->period;
		req.period_text = ptext;
		req.db = r->a->db;
		cpol_error_clear();
		rc = cb->cb(&ans, &req, cb->payload);
		if (rc < 0) {
			const cpol_error *e = cpol_error_last();
			return cpol__error_set_at(CPOL_EUSER, NULL, 0, 0, col->name,
			                          "metric callback '%s' failed for %s %lld: %s", col->name,
			                          cpol__subject_kind_name(r->kind), (long long)req.subject_id,
			                          e->code < 0 ? e->message : cpol_strerror(rc));
		}
		if (ans.has_value && !isfinite(ans.value))
			return cpol__error_set_at(CPOL_EUSER, NULL, 0, 0, col->name,
			                          "metric callback '%s' gave a value that is not a finite number",
			                          col->name);
		v->has = ans.has_value != 0;
		v->value = v->has ? ans.value : 0;
		v->num = ans.numerator;
		v->den = ans.denominator;
		if (ans.note && !(v->note = cpol__apool_strdup(r->pool, ans.note)))
			return CPOL_ENOMEM;
		if (!v->has && !v->note)
			v->note = "the callback gave no value";
	}
	return 0;
}

static int derived_column(cpol__run *r, cpol__column *col, const cpol__derived *d)
{
	size_t nin = cpol__formula_input_count(d->formula), i, k;
	cpol__column *inputs[32];
	double values[32];
	int has[32], rc;

	col->source = CPOL_METRIC_DERIVED;
	col->unit = CPOL_METRIC_NUMBER;
	col->ref = d->ref;
	for (k = 0; k < nin; k++)
		if ((rc = cpol__run_column(&inputs[k], r, cpol__formula_input(d->formula, k))) < 0)
			return rc;
	for (i = 0; i < r->n; i++) {
		cpol__mval *v = &col->vals[i];
		for (k = 0; k < nin; k++) {
			values[k] = inputs[k]->vals[i].value;
			has[k] = inputs[k]->vals[i].has;
		}
		if ((rc = cpol__formula_eval(&v->value, &v->has, d->formula, values, has)) < 0)
			return rc;
		if (!v->has)
			v->note = "the formula gave no value (a division by zero or an input without value)";
	}
	return 0;
}

int cpol__run_column(cpol__column **out, cpol__run *r, const char *name)
{
	const cpol__derived *d;
	const cpol__callback *cb;
	const cpol__builtin *b;
	cpol__column *col;
	int rc;

	*out = NULL;
	if ((col = column_slot(r, name))) {
		if (col->state == 1)
			return cpol__error_set_at(CPOL_ERULES, NULL, 0, 0, name,
			                          "metric '%s' depends on itself", name);
		*out = col;
		return 0;
	}
	if (r->ncols == r->capcols) {
		size_t cap = r->capcols ? r->capcols * 2 : 16;
		cpol__column **grown = realloc(r->cols, sizeof(*grown) * cap);
		if (!grown)
			return cpol__error_oom();
		r->cols = grown;
		r->capcols = cap;
	}
	if (!(col = cpol__apool_alloc(r->pool, sizeof(*col))) ||
	    !(col->name = cpol__apool_strdup(r->pool, name)) ||
	    !(col->vals = cpol__apool_alloc(r->pool, sizeof(*col->vals) * (r->n ? r->n : 1))))
		return CPOL_ENOMEM;
	r->cols[r->ncols++] = col;
	col->state = 1;
	if ((d = cpol__assessor_derived(r->a, name))) {
		rc = derived_column(r, col, d);
	} else if ((cb = cpol__assessor_callback(r->a, name))) {
		rc = callback_column(r, col, cb);
	} else if ((b = cpol__builtin_find(name))) {
		const cpol_metric_def *def = cpol__builtin_def(b);
		col->source = def->source;
		col->unit = def->unit;
		if (!(def->subjects & CPOL_SUBJECT_BIT(r->kind)))
			rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, name,
			                        "metric '%s' is not defined for an %s",
			                        name, cpol__subject_kind_name(r->kind));
		else if (cpol__builtin_work_rate(b) >= 0) {
			rc = r->work_rates ? 0 : cpol__work_rates_batch(&r->work_rates, r->a->db, r->a->rules,
			                                                 r->kind, r->period, r->subjects, r->n);
			if (rc == 0)
				rc = cpol__work_rate_values(b, r->work_rates, r->period, r->n, col->vals, r->pool);
		} else
			rc = cpol__builtin_batch(b, r->a->db, r->a->rules, r->kind, r->period, r->subjects,
			                         r->n, col->vals, r->pool, r->with_records);
	} else {
		col->source = CPOL_METRIC_STORED;
		col->unit = CPOL_METRIC_NUMBER;
		rc = cpol__stored_batch(r->a->db, name, r->kind, r->period, r->subjects, r->n, col->vals,
		                        r->pool);
	}
	if (rc < 0)
		return rc;
	col->state = 2;
	*out = col;
	return 0;
}

void cpol__run_free(cpol__run *r)
{
	free(r->work_rates);
	r->work_rates = NULL;
	free(r->cols);
	r->cols = NULL;
	r->ncols = r->capcols = 0;
}

/* ---------------------------------------------------------- one metric */

int cpol_metric_value_get(cpol_metric_value **out, cpol_assessor *a, const char *name,
                         cpol_subject_kind kind, cpol_id subject_id, const cpol_period *period)
{
	cpol__apool pool = { 0 };
	cpol__subject subject;
	cpol__run r;
	cpol__column *col;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_metric_value_get: out is NULL");
	*out = NULL;
	if (!a)
		return cpol__error_set(CPOL_EINVAL, "cpol_metric_value_get: assessor is NULL");
	if (!cpol__metric_name_ok(name))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "name", "'%s' is not a metric name",
		                          name ? name : "(null)");
	if (!cpol__subject_kind_name(kind))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "subject_kind",
		                          "unknown subject kind %d", (int)kind);
	if ((rc = cpol__period_check(period)) < 0)
		return rc;
	if ((rc = cpol__assess_subject(&subject, &pool, a->db, kind, subject_id, period)) < 0)
		goto done;
	memset(&r, 0, sizeof(r));
	r.a = a;
	r.period = period;
	r.kind = kind;
	r.subjects = &subject;
	r.n = 1;
	r.pool = &pool;
	r.with_records = 1;
	if ((rc = cpol__run_column(&col, &r, name)) == 0)
		rc = cpol__metric_value_new(out, name, kind, subject_id, period, col->source, col->unit,
		                            &col->vals[0], col->ref);
	cpol__run_free(&r);
done:
	cpol__apool_free(&pool);
	return rc;
}

/* A cpol_metric_value is one malloc'd block: the struct, then its strings and ids. */
int cpol__metric_value_new(cpol_metric_value **out, const char *name, cpol_subject_kind kind,
                           cpol_id id, const cpol_period *period, cpol_metric_source source,
                           cpol_metric_unit unit, const cpol__mval *v, const cpol_rule_ref *ref)
{
	size_t nlen = strlen(name) + 1, notelen = v->note ? strlen(v->note) + 1 : 0;
	size_t tlen = v->record_table ? strlen(v->record_table) + 1 : 0;
	size_t ids = sizeof(cpol_id) * v->record_count;
	size_t head = (sizeof(cpol_metric_value) + sizeof(cpol_id) - 1) / sizeof(cpol_id) * sizeof(cpol_id);
	cpol_metric_value *m = malloc(head + ids + nlen + notelen + tlen);
	char *p;

	*out = NULL;
	if (!m)
		return cpol__error_oom();
	memset(m, 0, sizeof(*m));
	p = (char *)m + head;
	if (ids) {
		memcpy(p, v->records, ids);
		m->records = (const cpol_id *)p;
		m->record_count = v->record_count;
		p += ids;
	}
	memcpy(p, name, nlen);
	m->name = p;
	p += nlen;
	if (notelen) {
		memcpy(p, v->note, notelen);
		m->note = p;
		p += notelen;
	}
	if (tlen) {
		memcpy(p, v->record_table, tlen);
		m->record_table = p;
	}
	m->subject_kind = kind;
	m->subject_id = id;
	m->period = *period;
	m->source = source;
	m->unit = unit;
	m->has_value = v->has;
	m->value = v->has ? v->value : 0;
	m->numerator = v->num;
	m->denominator = v->den;
	m->ref = ref;
	*out = m;
	return 0;
}

void cpol_metric_value_free(cpol_metric_value *v)
{
	free(v);
}

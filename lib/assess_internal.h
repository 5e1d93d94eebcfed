/*
 * libcommpolice — assess: declarations shared by lib/assess*.c. Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_ASSESS_INTERNAL_H
#define CPOL_ASSESS_INTERNAL_H

#include "internal.h"
#include "commpolice/assess.h"

/* -------------------------------------------------------------------- pool */

/*
 * An assessment owns thousands of small strings and arrays (names, notes,
 * arithmetic, lines); they all live in one pool, freed in one call.
 */
typedef struct cpol__apool_chunk cpol__apool_chunk;
typedef struct cpol__apool {
	cpol__apool_chunk *head;
} cpol__apool;

/* Zeroed memory, or NULL with the thread's error set. */
void *cpol__apool_alloc(cpol__apool *p, size_t size);
/* A copy of s (NULL for NULL; sets *oom on failure when oom is given). */
char *cpol__apool_strdup(cpol__apool *p, const char *s);
char *cpol__apool_printf(cpol__apool *p, const char *fmt, ...) CPOL__PRINTF(2, 3);
void cpol__apool_free(cpol__apool *p);

/* Round to the hundredth, half away from zero (with a hair of tolerance so
 * that 2.675, stored as 2.67499999..., rounds to 2.68 as on paper). */
double cpol__round2(double x);

/* The name of a subject kind ("officer", "office"), or NULL. */
const char *cpol__subject_kind_name(cpol_subject_kind kind);
/* Letters, digits and '_', starting with a letter or '_'; at most 64 bytes. */
int cpol__metric_name_ok(const char *name);
/* Characters (not bytes) of UTF-8 text. */
size_t cpol__utf8_chars(const char *s);
/* text quoted for an error message into buf: 'the first 60 characters…'. */
const char *cpol__formula_quote(char *buf, size_t size, const char *text);

/* ------------------------------------------------------------ formulas */

typedef struct cpol__formula_engine cpol__formula_engine;
typedef struct cpol__formula cpol__formula;

int cpol__formula_engine_new(cpol__formula_engine **out);
void cpol__formula_engine_free(cpol__formula_engine *eng);

/*
 * Compile a formula: its text, the rule it comes from (for errors, may be
 * NULL) and the key to name in messages. Fails with CPOL_ERULES.
 */
int cpol__formula_compile(cpol__formula **out, cpol__formula_engine *eng, const char *text,
                          const cpol_rule_ref *ref, const char *key);
void cpol__formula_free(cpol__formula *f);

/* The metric names the formula reads, in order. */
size_t cpol__formula_input_count(const cpol__formula *f);
const char *cpol__formula_input(const cpol__formula *f, size_t i);
const char *cpol__formula_text(const cpol__formula *f);
const cpol_rule_ref *cpol__formula_ref(const cpol__formula *f);

/*
 * Evaluate with the inputs' values (has[i] 0 binds NULL). *has_value is 0
 * when the formula gives NULL (a division by zero, a missing input).
 * Fails with CPOL_ERULES (text result, budget exceeded...).
 */
int cpol__formula_eval(double *out, int *has_value, cpol__formula *f, const double *values,
                       const int *has);

/* ------------------------------------------------------------- subjects */

/* A subject to score, with what ranking and explanations need. */
typedef struct cpol__subject {
	cpol_id id;
	const char *name;
	const char *badge;
	cpol_id office_id;
	const char *office_name;
	const char *office_class;
	cpol_id station_id;
	cpol_id region_id;
} cpol__subject;

/*
 * The live officers (with an assignment overlapping the period; their
 * office is that of the latest such assignment) or live offices in a scope.
 * Strings live in pool. Ordered by id.
 */
int cpol__assess_subjects(cpol__subject **out, size_t *count, cpol__apool *pool, cpol_db *db,
                          cpol_subject_kind kind, const cpol_period *period,
                          cpol_org_level scope_level, cpol_id scope_id);

/* One subject by id (CPOL_ENOTFOUND when there is none). */
int cpol__assess_subject(cpol__subject *out, cpol__apool *pool, cpol_db *db,
                         cpol_subject_kind kind, cpol_id id, const cpol_period *period);

/* ------------------------------------------------------------- metrics */

/* One metric value for one subject, during scoring. */
typedef struct cpol__mval {
	int has;
	double value;
	double num;
	double den;
	const char *note;        /* in the run's pool, or NULL */
	cpol_id *records;        /* with_records: in the pool */
	size_t record_count;
	const char *record_table;
} cpol__mval;

/* A built-in metric: its public definition and how to compute it. */
typedef struct cpol__builtin cpol__builtin;

const cpol__builtin *cpol__builtin_find(const char *name);
const cpol_metric_def *cpol__builtin_def(const cpol__builtin *b);

/*
 * Compute a built-in metric for n subjects at once: vals[i] for subjects[i].
 * Notes and records are put in pool (records only when with_records).
 */
int cpol__builtin_batch(const cpol__builtin *b, cpol_db *db, const cpol_rules *rules,
                        cpol_subject_kind kind, const cpol_period *period,
                        const cpol__subject *subjects, size_t n, cpol__mval *vals,
                        cpol__apool *pool, int with_records);

/* The index of the work module's rate a built-in metric reads, or -1. */
int cpol__builtin_work_rate(const cpol__builtin *b);
/* cpol_work_rates_measure() for each subject (an array of n, freed with cpol_free()). */
int cpol__work_rates_batch(cpol_work_rates **out, cpol_db *db, const cpol_rules *rules,
                           cpol_subject_kind kind, const cpol_period *p,
                           const cpol__subject *subjects, size_t n);
/* The values of a work-rate metric from the rates of each subject. */
int cpol__work_rate_values(const cpol__builtin *b, const cpol_work_rates *rates,
                           const cpol_period *p, size_t n, cpol__mval *vals, cpol__apool *pool);

/* Stored values (cpol_metric_store()) of a metric for n subjects. */
int cpol__stored_batch(cpol_db *db, const char *name, cpol_subject_kind kind,
                       const cpol_period *period, const cpol__subject *subjects, size_t n,
                       cpol__mval *vals, cpol__apool *pool);


/* ------------------------------------------------------------ assessor */

/* A derived metric of the rules: `assessment.derived.<name>: formula`. */
typedef struct cpol__derived {
	char *name;
	cpol__formula *formula;
	const cpol_rule_ref *ref;
} cpol__derived;

/* A metric added with cpol_assessor_add_metric(). */
typedef struct cpol__callback {
	char *name;
	cpol_metric_unit unit;
	cpol_metric_cb cb;
	void *payload;
} cpol__callback;

struct cpol_assessor {
	cpol_db *db;
	cpol_rules *rules;             /* a reference (cpol_rules_ref()) */
	cpol__formula_engine *engine;
	cpol__derived *derived;
	size_t nderived;
	cpol__formula **item_formulas; /* per item of the rules, NULL when it has none */
	size_t nitems;
	cpol__callback *callbacks;
	size_t ncallbacks;
};

const cpol__derived *cpol__assessor_derived(const cpol_assessor *a, const char *name);
const cpol__callback *cpol__assessor_callback(const cpol_assessor *a, const char *name);

/* Check a period given by a caller (CPOL_EINVAL, field "period"). */
int cpol__period_check(const cpol_period *p);

/* One metric's values for every subject of a run. */
typedef struct cpol__column {
	const char *name;
	cpol_metric_source source;
	cpol_metric_unit unit;
	cpol__mval *vals;            /* one per subject */
	int state;                   /* 1 while computing (cycle check), 2 when done */
	const cpol_rule_ref *ref;    /* derived: the formula's rule */
} cpol__column;

/* The state of one scoring (or of one metric for one subject). */
typedef struct cpol__run {
	cpol_assessor *a;
	const cpol_period *period;
	cpol_subject_kind kind;
	const cpol__subject *subjects;
	size_t n;
	cpol__apool *pool;
	int with_records;
	cpol__column **cols;
	size_t ncols;
	size_t capcols;
	cpol_work_rates *work_rates; /* per subject, once a work-rate metric is asked for */
} cpol__run;

/*
 * The column of a metric, computing it on first use: derived (rules) →
 * callback → built-in (survey included) → stored values.
 */
int cpol__run_column(cpol__column **out, cpol__run *r, const char *name);
void cpol__run_free(cpol__run *r);

/* ------------------------------------------------------------- results */

/* Fill a cpol_metric_value (for cpol_metric_value_get()) from a cpol__mval. */
int cpol__metric_value_new(cpol_metric_value **out, const char *name, cpol_subject_kind kind,
                           cpol_id id, const cpol_period *period, cpol_metric_source source,
                           cpol_metric_unit unit, const cpol__mval *v,
                           const cpol_rule_ref *ref);

struct cpol_assessment {
	cpol__apool pool;
	cpol_period period;
	cpol_subject_kind subject_kind;
	cpol_org_level scope_level;
	cpol_id scope_id;
	cpol_org_level rank_level;
	const char *rules_hash;
	const char *region;
	cpol_rules *rules;             /* a reference while scored results point into it; NULL when loaded */
	cpol_id run_id;
	cpol_assess_result *results;
	size_t count;
};

/* Copy a rule ref into the pool. */
int cpol__assess_copy_ref(cpol_rule_ref *out, cpol__apool *pool, const cpol_rule_ref *ref);

/* Name of an org level for storage ("region", "station", "office", "all"). */
const char *cpol__org_level_name(cpol_org_level level);
int cpol__org_level_parse(cpol_org_level *out, const char *name);

/* Sort results by group, rank, subject id (after loading or scoring). */
void cpol__assessment_sort(cpol_assessment *as);

#endif

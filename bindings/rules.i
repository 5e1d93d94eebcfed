/*
 * libcommpolice — SWIG part of the rules module (region rules), %include'd
 * by bindings/commpolice.i.
 *
 * A Rules object holds a cpol_rules (loaded by region name, from a file or
 * from YAML text, with an optional search path). The surface is small and
 * regular:
 *  - every method that can fail raises the library's error (RulesError with
 *    file, line, column and field for broken rules): methods returning a
 *    cpol_status through the base typemap, the others through the
 *    %exception of this file, which raises when the method recorded a
 *    failure with cpol_swig_rules_fail();
 *  - the origin of a value (cpol_rule_ref) comes back as a dict (Python) or
 *    a table (Lua) {key, file, line, column, region}: as the result of
 *    get_ref() and section_ref(), and as an extra result (Python: the last
 *    element of a list; Lua: the last return value) of every typed getter
 *    and decision;
 *  - the typed sections (staffing, population, visits, places, obligations,
 *    duty, calendar, assessment) are read through one table of sections and
 *    fields: section_count(), section_field(), section_ref(), with the table
 *    itself listed by rules_section_name(), rules_field_name(),
 *    rules_field_type();
 *  - dates are datetime.date (Python) and "YYYY-MM-DD" strings (Lua) in
 *    and out (commpolice.i's cpol_date typemaps); durations and cadences are
 *    their canonical text ("1w", "month", "18th"); times are "HH:MM";
 *    weekday sets are "[wed,thu]".
 * The Python package (commpolice/rules.py) and the Lua code below turn
 * these into dicts and tables.
 */

%{
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

/* A loaded rule set; cursors and test runs keep it alive by a reference count. */
typedef struct cpol_rules_h {
	cpol_rules *rules;
	atomic_int refs;
} cpol_rules_h;

/* An iteration over the leaf values of a rule set. */
typedef struct cpol_rules_cursor_h {
	cpol_rules_iter *it;
	cpol_rules_h *rh;
} cpol_rules_cursor_h;

/* One rule test's outcome, copied out of the callback. */
typedef struct cpol_swig_rules_result {
	char *name;
	char *check;
	char *expected;
	char *actual;
	char *file;
	int passed;
	int line;
	int column;
	const cpol_rule_ref *ref; /* owned by the rules the run holds */
} cpol_swig_rules_result;

/* The outcome of Rules.run_tests(). */
typedef struct cpol_rules_test_run_h {
	cpol_swig_rules_result *results;
	size_t count;
	size_t cap;
	size_t failed;
	cpol_rules_h *rh;
	int oom;
} cpol_rules_test_run_h;

/* A boolean result: Python bool, Lua boolean. */
typedef int cpol_swig_bool;

/* A value of any scalar type, for the section fields. */
enum { CPOL_SWIG_NIL = 0, CPOL_SWIG_BOOL, CPOL_SWIG_INT, CPOL_SWIG_NUMBER, CPOL_SWIG_TEXT, CPOL_SWIG_DATE };
typedef struct cpol_swig_value {
	int type;
	int64_t i;
	double d;
	const char *s;  /* TEXT: a string owned by the rules, or NULL for buf */
	char buf[CPOL_CADENCE_BUFSZ];
} cpol_swig_value;

/* The failure recorded by the method running on this thread (see %exception below). */
static _Thread_local int cpol_swig_rules_rc;

/* Record rc when it is an error; returns rc. */
static int cpol_swig_rules_fail(int rc)
{
	if (rc < 0)
		cpol_swig_rules_rc = rc;
	return rc;
}

/* Set an error (code, message) and record it. */
static int cpol_swig_rules_error(int code, const char *message)
{
	return cpol_swig_rules_fail(cpol_error_set(code, message));
}

static cpol_rules_h *cpol_swig_rules_ref(cpol_rules_h *rh)
{
	atomic_fetch_add(&rh->refs, 1);
	return rh;
}

static void cpol_swig_rules_unref(cpol_rules_h *rh)
{
	if (rh && atomic_fetch_sub(&rh->refs, 1) == 1) {
		cpol_rules_free(rh->rules);
		free(rh);
	}
}

/* Parse the date argument `what`; an error names the argument. */
static int cpol_swig_rules_date(cpol_date *out, const char *text, const char *what)
{
	char msg[640];
	if (text && cpol_date_parse(out, text) == 0)
		return 0;
	snprintf(msg, sizeof(msg), "%s: %s", what,
	         text ? cpol_error_last()->message : "no date given (expected YYYY-MM-DD)");
	return cpol_swig_rules_error(CPOL_EINVAL, msg);
}

/* Parse the cadence argument `what`; an error names the argument. */
static int cpol_swig_rules_cadence(cpol_cadence *out, const char *text, const char *what)
{
	char msg[640];
	if (text && cpol_cadence_parse(out, text) == 0)
		return 0;
	snprintf(msg, sizeof(msg), "%s: %s", what,
	         text ? cpol_error_last()->message : "no cadence given (expected month, 3d, 18th...)");
	return cpol_swig_rules_error(CPOL_EINVAL, msg);
}

/* Parse the duration argument `what`; an error names the argument. */
static int cpol_swig_rules_duration(cpol_duration *out, const char *text, const char *what)
{
	char msg[640];
	if (text && cpol_duration_parse(out, text) == 0)
		return 0;
	snprintf(msg, sizeof(msg), "%s: %s", what,
	         text ? cpol_error_last()->message : "no duration given (expected 3d, 1w, month...)");
	return cpol_swig_rules_error(CPOL_EINVAL, msg);
}

/* A string argument that must be given. */
static int cpol_swig_rules_need(const char *text, const char *what)
{
	char msg[96];
	if (text)
		return 0;
	snprintf(msg, sizeof(msg), "%s: no value given", what);
	return cpol_swig_rules_error(CPOL_EINVAL, msg);
}

/* ---------------------------------------------------------- the sections */

/* Kinds of section field. */
enum {
	CPOL_RF_CSTR = 1, /* const char * of the element (code, name); element ref */
	CPOL_RF_STR,      /* cpol_rule_string */
	CPOL_RF_INT,      /* cpol_rule_int */
	CPOL_RF_NUM,      /* cpol_rule_number (with a default when has_def) */
	CPOL_RF_BOOL,     /* cpol_rule_bool */
	CPOL_RF_DUR,      /* cpol_rule_duration */
	CPOL_RF_CAD,      /* cpol_rule_cadence */
	CPOL_RF_DATE,     /* cpol_rule_date */
	CPOL_RF_TIME,     /* cpol_rule_int, minutes after midnight, as "HH:MM" */
	CPOL_RF_WDAYS,    /* cpol_rule_int, ISO weekday bit mask, as "[wed,thu]" */
	CPOL_RF_ENUM,     /* an int enum of the element, named by names[value] */
	CPOL_RF_PDATE,    /* a plain cpol_date of the element */
	CPOL_RF_PINT,     /* a plain int (days of the month) */
	CPOL_RF_PNUM,     /* a plain double of a deduction; NIL unless kind == only */
	CPOL_RF_PARENT    /* the id of the element's parent (a deduction's item) */
};

typedef struct cpol_swig_rfield {
	const char *name;
	int kind;
	size_t off;
	const char *const *names; /* ENUM: names by value */
	int only;                 /* PNUM: the deduction kind it belongs to, or 0 */
	int has_def;              /* NUM: value used when unset */
	double def;
} cpol_swig_rfield;

/* Element i of a section: its address (NULL past the end), the section's
 * element count, the element's ref and its parent's id. */
typedef const void *(*cpol_swig_rat)(const cpol_rules *r, size_t i, size_t *n,
                                     const cpol_rule_ref **ref, const char **parent);

typedef struct cpol_swig_rsection {
	const char *name;
	int list;                 /* 0: one struct; 1: a list */
	cpol_swig_rat at;
	const cpol_swig_rfield *fields;
} cpol_swig_rsection;

static const char *const cpol_swig_label_kinds[] = {
	NULL, "key_person", "supervised", "correction", "help_education", "care", NULL };
static const char *const cpol_swig_obligation_kinds[] = {
	NULL, "meeting", "notice", "report", "record", "supervision", "contact", "training",
	"assessment", NULL };
static const char *const cpol_swig_deduct_kinds[] = {
	NULL, "per_unit", "per_percent", "below", NULL };
static const char *const cpol_swig_veto_effects[] = { NULL, "zero", "cap_grade", "no_rewards",
                                                      "rank_after_unvetoed", "unranked", NULL };
static const char *const cpol_swig_sanction_actions[] = {
	NULL, "criticism", "warning_talk", "transfer", "revoke_nameplate", "reward", NULL };
static const char *const cpol_swig_weekdays[] = {
	"", "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

#define RF(T, fname, kind, member) { fname, kind, offsetof(T, member), NULL, 0, 0, 0 }
#define RF_ENUM(T, fname, member, names) { fname, CPOL_RF_ENUM, offsetof(T, member), names, 0, 0, 0 }
#define RF_DEF(T, fname, member, def) { fname, CPOL_RF_NUM, offsetof(T, member), NULL, 0, 1, def }
#define RF_RANGE(T, fname, member) \
	RF(T, fname ".min", CPOL_RF_NUM, member.min), RF(T, fname ".max", CPOL_RF_NUM, member.max)
#define RF_END { NULL, 0, 0, NULL, 0, 0, 0 }

/* A section that is one struct. */
#define RS_ONE(fn, expr) \
	static const void *fn(const cpol_rules *r, size_t i, size_t *n, \
	                      const cpol_rule_ref **ref, const char **parent) \
	{ \
		*n = 1; \
		*ref = NULL; \
		*parent = NULL; \
		return i == 0 ? (const void *)(expr) : NULL; \
	}
/* A section that is an array of structs with a ref member. */
#define RS_ARRAY(fn, sect, arr, cnt) \
	static const void *fn(const cpol_rules *r, size_t i, size_t *n, \
	                      const cpol_rule_ref **ref, const char **parent) \
	{ \
		*n = (sect)->cnt; \
		*parent = NULL; \
		if (i >= *n) \
			return NULL; \
		*ref = (sect)->arr[i].ref; \
		return &(sect)->arr[i]; \
	}

RS_ONE(cpol_swig_rs_staffing, cpol_rules_get_staffing(r))
RS_ARRAY(cpol_swig_rs_classes, cpol_rules_get_staffing(r), office_classes, office_class_count)
RS_ARRAY(cpol_swig_rs_models, cpol_rules_get_staffing(r), models, model_count)
RS_ARRAY(cpol_swig_rs_residence, cpol_rules_get_population(r), residence_types, residence_type_count)
RS_ARRAY(cpol_swig_rs_labels, cpol_rules_get_population(r), labels, label_count)
RS_ONE(cpol_swig_rs_id_number, &cpol_rules_get_population(r)->id_number)
RS_ONE(cpol_swig_rs_visits, cpol_rules_get_visits(r))
RS_ONE(cpol_swig_rs_places, cpol_rules_get_places(r))
RS_ARRAY(cpol_swig_rs_place_types, cpol_rules_get_places(r), types, type_count)
RS_ARRAY(cpol_swig_rs_obligations, cpol_rules_get_obligations(r), items, count)
RS_ONE(cpol_swig_rs_duty, cpol_rules_get_duty(r))
RS_ONE(cpol_swig_rs_calendar, cpol_rules_get_calendar(r))
RS_ARRAY(cpol_swig_rs_holidays, cpol_rules_get_calendar(r), holidays, holiday_count)
RS_ARRAY(cpol_swig_rs_workdays, cpol_rules_get_calendar(r), workdays, workday_count)
RS_ONE(cpol_swig_rs_market, &cpol_rules_get_calendar(r)->market_days)
RS_ARRAY(cpol_swig_rs_market_dates, &cpol_rules_get_calendar(r)->market_days, dates, date_count)
RS_ONE(cpol_swig_rs_assessment, cpol_rules_get_assessment(r))
RS_ARRAY(cpol_swig_rs_items, cpol_rules_get_assessment(r), items, item_count)
RS_ARRAY(cpol_swig_rs_bonus, cpol_rules_get_assessment(r), bonuses, bonus_count)
RS_ARRAY(cpol_swig_rs_veto, cpol_rules_get_assessment(r), vetoes, veto_count)
RS_ARRAY(cpol_swig_rs_grades, cpol_rules_get_assessment(r), grades, grade_count)
RS_ARRAY(cpol_swig_rs_sanctions, cpol_rules_get_assessment(r), sanctions, sanction_count)

static const void *cpol_swig_rs_posts(const cpol_rules *r, size_t i, size_t *n,
                                      const cpol_rule_ref **ref, const char **parent)
{
	const cpol_rules_duty *d = cpol_rules_get_duty(r);
	*n = d->post_count;
	*ref = d->posts_ref;
	*parent = NULL;
	return i < *n ? &d->posts[i] : NULL;
}

static const void *cpol_swig_rs_market_dom(const cpol_rules *r, size_t i, size_t *n,
                                           const cpol_rule_ref **ref, const char **parent)
{
	const cpol_rules_market_days *m = &cpol_rules_get_calendar(r)->market_days;
	*n = m->days_of_month_count;
	*ref = m->days_of_month_ref;
	*parent = NULL;
	return i < *n ? &m->days_of_month[i] : NULL;
}

static const void *cpol_swig_rs_difficulty(const cpol_rules *r, size_t i, size_t *n,
                                           const cpol_rule_ref **ref, const char **parent)
{
	const cpol_rules_assessment *a = cpol_rules_get_assessment(r);
	*n = a->difficulty_count;
	*parent = NULL;
	if (i >= *n)
		return NULL;
	*ref = a->difficulty[i].coefficient.ref;
	return &a->difficulty[i];
}

/* The deductions of every item, in item order; each names its item. */
static const void *cpol_swig_rs_deduct(const cpol_rules *r, size_t i, size_t *n,
                                       const cpol_rule_ref **ref, const char **parent)
{
	const cpol_rules_assessment *a = cpol_rules_get_assessment(r);
	const void *found = NULL;
	size_t k, seen = 0;
	for (k = 0; k < a->item_count; k++) {
		const cpol_rules_item *it = &a->items[k];
		if (!found && i >= seen && i < seen + it->deduction_count) {
			found = &it->deductions[i - seen];
			*ref = it->deductions[i - seen].ref;
			*parent = it->id;
		}
		seen += it->deduction_count;
	}
	*n = seen;
	return found;
}

#define T cpol_rules_staffing
static const cpol_swig_rfield cpol_swig_rf_staffing[] = {
	RF(T, "residents_per_officer", CPOL_RF_INT, residents_per_officer),
	RF(T, "households_per_officer", CPOL_RF_INT, households_per_officer),
	RF_RANGE(T, "residents_per_officer_range", residents_per_officer_range),
	RF_RANGE(T, "villages_per_district", villages_per_district),
	RF(T, "min_office_area_m2", CPOL_RF_NUM, min_office_area_m2),
	RF(T, "auxiliaries_per_officer", CPOL_RF_INT, auxiliaries_per_officer),
	RF(T, "default_model", CPOL_RF_STR, default_model),
	RF_END };
#undef T
#define T cpol_rules_office_class
static const cpol_swig_rfield cpol_swig_rf_classes[] = {
	RF(T, "code", CPOL_RF_CSTR, code), RF(T, "name", CPOL_RF_CSTR, name),
	RF(T, "rank", CPOL_RF_INT, rank),
	RF_RANGE(T, "residents", residents), RF_RANGE(T, "households", households),
	RF_RANGE(T, "floating", floating), RF_RANGE(T, "key_persons", key_persons),
	RF_RANGE(T, "places", places), RF_RANGE(T, "cases_per_10k", cases_per_10k),
	RF(T, "min_officers", CPOL_RF_INT, min_officers),
	RF(T, "min_auxiliaries", CPOL_RF_INT, min_auxiliaries),
	RF(T, "min_area_m2", CPOL_RF_NUM, min_area_m2),
	RF(T, "description", CPOL_RF_STR, description),
	RF_END };
#undef T
#define T cpol_rules_staffing_model
static const cpol_swig_rfield cpol_swig_rf_models[] = {
	RF(T, "code", CPOL_RF_CSTR, code), RF(T, "name", CPOL_RF_CSTR, name),
	RF(T, "unit", CPOL_RF_STR, unit),
	RF_RANGE(T, "officers", officers), RF_RANGE(T, "units", units),
	RF(T, "when", CPOL_RF_STR, when),
	RF_END };
#undef T
#define T cpol_rules_residence_type
static const cpol_swig_rfield cpol_swig_rf_residence[] = {
	RF(T, "code", CPOL_RF_CSTR, code), RF(T, "name", CPOL_RF_CSTR, name),
	RF(T, "register_required", CPOL_RF_BOOL, register_required),
	RF(T, "register_within", CPOL_RF_DUR, register_within),
	RF(T, "verify", CPOL_RF_CAD, verify),
	RF_END };
#undef T
#define T cpol_rules_label
static const cpol_swig_rfield cpol_swig_rf_labels[] = {
	RF(T, "code", CPOL_RF_CSTR, code), RF(T, "name", CPOL_RF_CSTR, name),
	RF_ENUM(T, "kind", kind, cpol_swig_label_kinds),
	RF(T, "assess", CPOL_RF_CAD, assess), RF(T, "talk", CPOL_RF_CAD, talk),
	RF(T, "visit", CPOL_RF_CAD, visit),
	RF_END };
#undef T
#define T cpol_rules_id_policy
static const cpol_swig_rfield cpol_swig_rf_id_number[] = {
	RF(T, "accept_15_digit", CPOL_RF_BOOL, accept_15_digit),
	RF(T, "require_check_char", CPOL_RF_BOOL, require_check_char),
	RF(T, "accept_lowercase_x", CPOL_RF_BOOL, accept_lowercase_x),
	RF_END };
#undef T
#define T cpol_rules_visits
static const cpol_swig_rfield cpol_swig_rf_visits[] = {
	RF(T, "households_per_month", CPOL_RF_INT, households_per_month),
	RF(T, "key_person_visits_per_month", CPOL_RF_INT, key_person_visits_per_month),
	RF(T, "days_in_district_per_week", CPOL_RF_INT, days_in_district_per_week),
	RF(T, "household_cadence", CPOL_RF_CAD, household_cadence),
	RF(T, "return_visit_within", CPOL_RF_DUR, return_visit_within),
	RF(T, "feedback_within", CPOL_RF_DUR, feedback_within),
	RF(T, "contact_card", CPOL_RF_BOOL, contact_card),
	RF_END };
#undef T
#define T cpol_rules_places
static const cpol_swig_rfield cpol_swig_rf_places[] = {
	RF(T, "rectification_deadline", CPOL_RF_DUR, rectification_deadline),
	RF(T, "escalate_after", CPOL_RF_DUR, escalate_after),
	RF_END };
#undef T
#define T cpol_rules_place_type
static const cpol_swig_rfield cpol_swig_rf_place_types[] = {
	RF(T, "code", CPOL_RF_CSTR, code), RF(T, "name", CPOL_RF_CSTR, name),
	RF(T, "inspect", CPOL_RF_CAD, inspect), RF(T, "contact", CPOL_RF_CAD, contact),
	RF(T, "supervise", CPOL_RF_CAD, supervise), RF(T, "on_file", CPOL_RF_BOOL, on_file),
	RF_END };
#undef T
#define T cpol_rules_obligation
static const cpol_swig_rfield cpol_swig_rf_obligations[] = {
	RF(T, "id", CPOL_RF_CSTR, id), RF(T, "name", CPOL_RF_CSTR, name),
	RF_ENUM(T, "kind", kind, cpol_swig_obligation_kinds),
	RF(T, "cadence", CPOL_RF_CAD, cadence), RF(T, "audience", CPOL_RF_STR, audience),
	RF_END };
#undef T
#define T cpol_rules_duty
static const cpol_swig_rfield cpol_swig_rf_duty[] = {
	RF(T, "min_days_in_district_per_week", CPOL_RF_INT, min_days_in_district_per_week),
	RF(T, "reception_weekdays", CPOL_RF_WDAYS, reception_weekdays),
	RF(T, "reception_on_market_days", CPOL_RF_BOOL, reception_on_market_days),
	RF(T, "min_nights_per_week", CPOL_RF_INT, min_nights_per_week),
	RF(T, "max_nights_per_week", CPOL_RF_INT, max_nights_per_week),
	RF(T, "rest_after_night", CPOL_RF_BOOL, rest_after_night),
	RF(T, "no_duty_after", CPOL_RF_TIME, no_duty_after),
	RF(T, "auxiliary_hours_per_day", CPOL_RF_INT, auxiliary_hours_per_day),
	RF(T, "training_days_per_year", CPOL_RF_INT, training_days_per_year),
	RF(T, "patrol_per_night", CPOL_RF_INT, patrol_per_night),
	RF(T, "officers_per_night", CPOL_RF_INT, officers_per_night),
	RF(T, "max_shifts_per_day", CPOL_RF_INT, max_shifts_per_day),
	RF(T, "max_consecutive_days", CPOL_RF_INT, max_consecutive_days),
	RF(T, "max_hours_per_week", CPOL_RF_INT, max_hours_per_week),
	RF(T, "min_rest_hours", CPOL_RF_INT, min_rest_hours),
	RF(T, "max_nights_in_row", CPOL_RF_INT, max_nights_in_row),
	RF(T, "weight_nights", CPOL_RF_INT, weight_nights),
	RF(T, "weight_weekends", CPOL_RF_INT, weight_weekends),
	RF(T, "weight_holidays", CPOL_RF_INT, weight_holidays),
	RF(T, "weight_load", CPOL_RF_INT, weight_load),
	RF(T, "weight_preference", CPOL_RF_INT, weight_preference),
	RF(T, "weight_shift", CPOL_RF_INT, weight_shift),
	RF(T, "weight_night_cover", CPOL_RF_INT, weight_night_cover),
	RF(T, "weight_consecutive_days", CPOL_RF_INT, weight_consecutive_days),
	RF(T, "weight_hours_per_week", CPOL_RF_INT, weight_hours_per_week),
	RF(T, "weight_rest", CPOL_RF_INT, weight_rest),
	RF(T, "weight_nights_in_row", CPOL_RF_INT, weight_nights_in_row),
	RF(T, "weight_rotation", CPOL_RF_INT, weight_rotation),
	RF(T, "night_cover_hard", CPOL_RF_BOOL, night_cover_hard),
	RF(T, "max_consecutive_days_hard", CPOL_RF_BOOL, max_consecutive_days_hard),
	RF(T, "max_hours_per_week_hard", CPOL_RF_BOOL, max_hours_per_week_hard),
	RF(T, "min_rest_hours_hard", CPOL_RF_BOOL, min_rest_hours_hard),
	RF(T, "max_nights_in_row_hard", CPOL_RF_BOOL, max_nights_in_row_hard),
	RF_END };
static const cpol_swig_rfield cpol_swig_rf_posts[] = {
	{ "name", CPOL_RF_CSTR, 0, NULL, 0, 0, 0 }, RF_END };
#undef T
#define T cpol_rules_calendar
static const cpol_swig_rfield cpol_swig_rf_calendar[] = {
	RF(T, "weekend", CPOL_RF_WDAYS, weekend),
	RF(T, "work_start", CPOL_RF_TIME, work_start),
	RF(T, "work_end", CPOL_RF_TIME, work_end),
	RF(T, "break_minutes", CPOL_RF_INT, break_minutes),
	RF(T, "deadline_on_holiday", CPOL_RF_STR, deadline_on_holiday),
	RF(T, "period_end_on_holiday", CPOL_RF_STR, period_end_on_holiday),
	RF_END };
#undef T
#define T cpol_rules_day
static const cpol_swig_rfield cpol_swig_rf_days[] = {
	RF(T, "date", CPOL_RF_PDATE, date), RF(T, "name", CPOL_RF_CSTR, name), RF_END };
#undef T
#define T cpol_rules_market_days
static const cpol_swig_rfield cpol_swig_rf_market[] = {
	RF(T, "every", CPOL_RF_DUR, every), RF(T, "anchor", CPOL_RF_DATE, anchor), RF_END };
static const cpol_swig_rfield cpol_swig_rf_market_dom[] = {
	{ "day", CPOL_RF_PINT, 0, NULL, 0, 0, 0 }, RF_END };
#undef T
#define T cpol_rules_assessment
static const cpol_swig_rfield cpol_swig_rf_assessment[] = {
	RF(T, "period", CPOL_RF_CAD, period),
	RF_DEF(T, "total", total, 100),
	RF(T, "ranking_scope", CPOL_RF_STR, ranking_scope),
	RF_END };
#undef T
#define T cpol_rules_item
static const cpol_swig_rfield cpol_swig_rf_items[] = {
	RF(T, "id", CPOL_RF_CSTR, id), RF(T, "name", CPOL_RF_CSTR, name),
	RF(T, "metric", CPOL_RF_STR, metric), RF(T, "weight", CPOL_RF_NUM, weight),
	RF(T, "target", CPOL_RF_NUM, target),
	RF(T, "lower_is_better", CPOL_RF_BOOL, lower_is_better),
	RF(T, "formula", CPOL_RF_STR, formula),
	RF_END };
#undef T
#define T cpol_rules_deduction
static const cpol_swig_rfield cpol_swig_rf_deduct[] = {
	{ "item", CPOL_RF_PARENT, 0, NULL, 0, 0, 0 },
	RF_ENUM(T, "kind", kind, cpol_swig_deduct_kinds),
	{ "points", CPOL_RF_PNUM, offsetof(T, points), NULL, 0, 0, 0 },
	{ "step", CPOL_RF_PNUM, offsetof(T, step), NULL, CPOL_DEDUCT_PER_PERCENT, 0, 0 },
	{ "threshold", CPOL_RF_PNUM, offsetof(T, threshold), NULL, CPOL_DEDUCT_THRESHOLD, 0, 0 },
	RF(T, "cap", CPOL_RF_NUM, cap),
	RF_END };
#undef T
#define T cpol_rules_bonus
static const cpol_swig_rfield cpol_swig_rf_bonus[] = {
	RF(T, "id", CPOL_RF_CSTR, id), RF(T, "name", CPOL_RF_CSTR, name),
	RF(T, "metric", CPOL_RF_STR, metric), RF(T, "per_unit", CPOL_RF_NUM, per_unit),
	RF(T, "max", CPOL_RF_NUM, max),
	RF_END };
#undef T
#define T cpol_rules_veto
static const cpol_swig_rfield cpol_swig_rf_veto[] = {
	RF(T, "id", CPOL_RF_CSTR, id), RF(T, "name", CPOL_RF_CSTR, name),
	RF(T, "metric", CPOL_RF_STR, metric), RF_DEF(T, "at_least", at_least, 1),
	RF_ENUM(T, "effect", effect, cpol_swig_veto_effects),
	RF(T, "grade", CPOL_RF_STR, grade),
	RF_END };
#undef T
#define T cpol_rules_grade
static const cpol_swig_rfield cpol_swig_rf_grades[] = {
	RF(T, "code", CPOL_RF_CSTR, code), RF(T, "name", CPOL_RF_CSTR, name),
	RF(T, "min", CPOL_RF_NUM, min),
	RF_END };
#undef T
#define T cpol_rules_difficulty
static const cpol_swig_rfield cpol_swig_rf_difficulty[] = {
	RF(T, "office_class", CPOL_RF_CSTR, office_class),
	RF(T, "coefficient", CPOL_RF_NUM, coefficient),
	RF_END };
#undef T
#define T cpol_rules_sanction
static const cpol_swig_rfield cpol_swig_rf_sanctions[] = {
	RF(T, "id", CPOL_RF_CSTR, id), RF(T, "name", CPOL_RF_CSTR, name),
	RF_ENUM(T, "action", action, cpol_swig_sanction_actions),
	RF(T, "target", CPOL_RF_STR, target), RF(T, "period", CPOL_RF_CAD, period),
	RF(T, "last_place", CPOL_RF_BOOL, last_place),
	RF(T, "rank_at_most", CPOL_RF_INT, rank_at_most),
	RF(T, "consecutive", CPOL_RF_INT, consecutive),
	RF(T, "score_below", CPOL_RF_NUM, score_below),
	RF(T, "metric", CPOL_RF_STR, metric),
	RF(T, "metric_below", CPOL_RF_NUM, metric_below),
	RF_END };
#undef T

/*
 * The sections: a name with no '.' is a top-level key of the rule file;
 * "a.b" is key b of section a. A section of one struct has one element. A
 * section whose name extends a list section ("assessment.items.deduct")
 * holds the lists of all the parent's elements, each element naming its
 * parent in its first field.
 */
static const cpol_swig_rsection cpol_swig_rsections[] = {
	{ "staffing", 0, cpol_swig_rs_staffing, cpol_swig_rf_staffing },
	{ "staffing.office_classes", 1, cpol_swig_rs_classes, cpol_swig_rf_classes },
	{ "staffing.models", 1, cpol_swig_rs_models, cpol_swig_rf_models },
	{ "population.residence_types", 1, cpol_swig_rs_residence, cpol_swig_rf_residence },
	{ "population.labels", 1, cpol_swig_rs_labels, cpol_swig_rf_labels },
	{ "population.id_number", 0, cpol_swig_rs_id_number, cpol_swig_rf_id_number },
	{ "visits", 0, cpol_swig_rs_visits, cpol_swig_rf_visits },
	{ "places", 0, cpol_swig_rs_places, cpol_swig_rf_places },
	{ "places.types", 1, cpol_swig_rs_place_types, cpol_swig_rf_place_types },
	{ "obligations", 1, cpol_swig_rs_obligations, cpol_swig_rf_obligations },
	{ "duty", 0, cpol_swig_rs_duty, cpol_swig_rf_duty },
	{ "duty.posts", 1, cpol_swig_rs_posts, cpol_swig_rf_posts },
	{ "calendar", 0, cpol_swig_rs_calendar, cpol_swig_rf_calendar },
	{ "calendar.holidays", 1, cpol_swig_rs_holidays, cpol_swig_rf_days },
	{ "calendar.workdays", 1, cpol_swig_rs_workdays, cpol_swig_rf_days },
	{ "calendar.market_days", 0, cpol_swig_rs_market, cpol_swig_rf_market },
	{ "calendar.market_days.days_of_month", 1, cpol_swig_rs_market_dom, cpol_swig_rf_market_dom },
	{ "calendar.market_days.dates", 1, cpol_swig_rs_market_dates, cpol_swig_rf_days },
	{ "assessment", 0, cpol_swig_rs_assessment, cpol_swig_rf_assessment },
	{ "assessment.items", 1, cpol_swig_rs_items, cpol_swig_rf_items },
	{ "assessment.items.deduct", 1, cpol_swig_rs_deduct, cpol_swig_rf_deduct },
	{ "assessment.bonus", 1, cpol_swig_rs_bonus, cpol_swig_rf_bonus },
	{ "assessment.veto", 1, cpol_swig_rs_veto, cpol_swig_rf_veto },
	{ "assessment.grades", 1, cpol_swig_rs_grades, cpol_swig_rf_grades },
	{ "assessment.difficulty", 1, cpol_swig_rs_difficulty, cpol_swig_rf_difficulty },
	{ "assessment.sanctions", 1, cpol_swig_rs_sanctions, cpol_swig_rf_sanctions },
};
#define CPOL_SWIG_NSECTIONS (sizeof(cpol_swig_rsections) / sizeof(cpol_swig_rsections[0]))

#undef RF
#undef RF_ENUM
#undef RF_DEF
#undef RF_RANGE
#undef RF_END
#undef RS_ONE
#undef RS_ARRAY

static const cpol_swig_rsection *cpol_swig_rsection_find(const char *name)
{
	char msg[160];
	size_t i;
	for (i = 0; name && i < CPOL_SWIG_NSECTIONS; i++)
		if (!strcmp(cpol_swig_rsections[i].name, name))
			return &cpol_swig_rsections[i];
	snprintf(msg, sizeof(msg), "section: no rules section '%.80s' (see rules_section_name())",
	         name ? name : "(null)");
	cpol_swig_rules_error(CPOL_ENOTFOUND, msg);
	return NULL;
}

static const cpol_swig_rfield *cpol_swig_rfield_find(const cpol_swig_rsection *s, const char *name)
{
	char msg[200];
	const cpol_swig_rfield *f;
	for (f = s->fields; name && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	snprintf(msg, sizeof(msg), "field: section %s has no field '%.80s'", s->name,
	         name ? name : "(null)");
	cpol_swig_rules_error(CPOL_ENOTFOUND, msg);
	return NULL;
}

/* The field count of a section, or -1 (error recorded). */
static int cpol_swig_rfield_count(const cpol_swig_rsection *s)
{
	int n = 0;
	while (s->fields[n].name)
		n++;
	return n;
}

/* The field at index i, or NULL (error recorded). */
static const cpol_swig_rfield *cpol_swig_rfield_at(const char *section, int i)
{
	const cpol_swig_rsection *s = cpol_swig_rsection_find(section);
	char msg[160];
	if (!s)
		return NULL;
	if (i >= 0 && i < cpol_swig_rfield_count(s))
		return &s->fields[i];
	snprintf(msg, sizeof(msg), "index: %d is not a field index of section %s (0..%d)", i,
	         s->name, cpol_swig_rfield_count(s) - 1);
	cpol_swig_rules_error(CPOL_EINVAL, msg);
	return NULL;
}

static const char *cpol_swig_rfield_type(const cpol_swig_rfield *f)
{
	switch (f->kind) {
	case CPOL_RF_INT: case CPOL_RF_PINT: return "int";
	case CPOL_RF_NUM: case CPOL_RF_PNUM: return "number";
	case CPOL_RF_BOOL: return "bool";
	case CPOL_RF_DUR: return "duration";
	case CPOL_RF_CAD: return "cadence";
	case CPOL_RF_DATE: case CPOL_RF_PDATE: return "date";
	case CPOL_RF_TIME: return "time";
	case CPOL_RF_WDAYS: return "weekdays";
	default: return "string";
	}
}

/* Weekday bit mask → "[wed,thu]". */
static void cpol_swig_rules_weekdays(char *buf, size_t size, int64_t mask)
{
	size_t len = 0;
	int d;
	len += (size_t)snprintf(buf, size, "[");
	for (d = 1; d <= 7 && len < size; d++)
		if (mask & (1 << d))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len > 1 ? "," : "",
			                        cpol_swig_weekdays[d]);
	if (len < size)
		snprintf(buf + len, size - len, "]");
}

/* Element `index` of a section: NULL with an error recorded when out of range. */
static const void *cpol_swig_relement(const cpol_rules *r, const cpol_swig_rsection *s, int index,
                                      const cpol_rule_ref **ref, const char **parent)
{
	size_t n = 0;
	const void *el;
	char msg[160];
	*ref = NULL;
	*parent = NULL;
	if ((el = s->at(r, index >= 0 ? (size_t)index : SIZE_MAX, &n, ref, parent)))
		return el;
	snprintf(msg, sizeof(msg), "index: %d is past the end of section %s (%zu elements)", index,
	         s->name, n);
	cpol_swig_rules_error(CPOL_EINVAL, msg);
	return NULL;
}

/* The value of field f of element el, and its ref (the element's when the
 * field has none of its own). */
static cpol_swig_value cpol_swig_rfield_value(const cpol_swig_rfield *f, const void *el,
                                              const cpol_rule_ref *el_ref, const char *parent,
                                              const cpol_rule_ref **ref)
{
	const char *p = (const char *)el + f->off;
	cpol_swig_value v;
	memset(&v, 0, sizeof(v));
	*ref = el_ref;
	switch (f->kind) {
	case CPOL_RF_CSTR:
		v.s = *(const char *const *)p;
		v.type = v.s ? CPOL_SWIG_TEXT : CPOL_SWIG_NIL;
		break;
	case CPOL_RF_PARENT:
		v.s = parent;
		v.type = v.s ? CPOL_SWIG_TEXT : CPOL_SWIG_NIL;
		break;
	case CPOL_RF_STR: {
		const cpol_rule_string *x = (const cpol_rule_string *)p;
		*ref = x->ref;
		if (x->ref && x->value) {
			v.type = CPOL_SWIG_TEXT;
			v.s = x->value;
		}
		break;
	}
	case CPOL_RF_INT: case CPOL_RF_TIME: case CPOL_RF_WDAYS: {
		const cpol_rule_int *x = (const cpol_rule_int *)p;
		*ref = x->ref;
		if (!x->ref)
			break;
		if (f->kind == CPOL_RF_INT) {
			v.type = CPOL_SWIG_INT;
			v.i = x->value;
		} else if (f->kind == CPOL_RF_TIME) {
			v.type = CPOL_SWIG_TEXT;
			snprintf(v.buf, sizeof(v.buf), "%02d:%02d", (int)(x->value / 60), (int)(x->value % 60));
		} else {
			v.type = CPOL_SWIG_TEXT;
			cpol_swig_rules_weekdays(v.buf, sizeof(v.buf), x->value);
		}
		break;
	}
	case CPOL_RF_NUM: {
		const cpol_rule_number *x = (const cpol_rule_number *)p;
		*ref = x->ref;
		if (x->ref || f->has_def) {
			v.type = CPOL_SWIG_NUMBER;
			v.d = x->ref ? x->value : f->def;
		}
		break;
	}
	case CPOL_RF_BOOL: {
		const cpol_rule_bool *x = (const cpol_rule_bool *)p;
		*ref = x->ref;
		if (x->ref) {
			v.type = CPOL_SWIG_BOOL;
			v.i = x->value != 0;
		}
		break;
	}
	case CPOL_RF_DUR: {
		const cpol_rule_duration *x = (const cpol_rule_duration *)p;
		*ref = x->ref;
		if (x->ref) {
			v.type = CPOL_SWIG_TEXT;
			cpol_duration_format(v.buf, &x->value);
		}
		break;
	}
	case CPOL_RF_CAD: {
		const cpol_rule_cadence *x = (const cpol_rule_cadence *)p;
		*ref = x->ref;
		if (x->ref) {
			v.type = CPOL_SWIG_TEXT;
			cpol_cadence_format(v.buf, &x->value);
		}
		break;
	}
	case CPOL_RF_DATE: {
		const cpol_rule_date *x = (const cpol_rule_date *)p;
		*ref = x->ref;
		if (x->ref && x->value != CPOL_DATE_NONE) {
			v.type = CPOL_SWIG_DATE;
			v.i = x->value;
		}
		break;
	}
	case CPOL_RF_PDATE: {
		cpol_date d = *(const cpol_date *)p;
		if (d != CPOL_DATE_NONE) {
			v.type = CPOL_SWIG_DATE;
			v.i = d;
		}
		break;
	}
	case CPOL_RF_ENUM: {
		int e = *(const int *)p;
		int n = 0;
		while (f->names[n + 1])
			n++;
		if (e >= 1 && e <= n) {
			v.type = CPOL_SWIG_TEXT;
			v.s = f->names[e];
		}
		break;
	}
	case CPOL_RF_PINT:
		v.type = CPOL_SWIG_INT;
		v.i = *(const int *)p;
		break;
	case CPOL_RF_PNUM:
		if (!f->only || (int)((const cpol_rules_deduction *)el)->kind == f->only) {
			v.type = CPOL_SWIG_NUMBER;
			v.d = *(const double *)p;
		}
		break;
	}
	return v;
}

/* -------------------------------------------------------------- rule tests */

static int cpol_swig_rules_collect(const cpol_rules_test_result *res, void *payload)
{
	cpol_rules_test_run_h *run = payload;
	cpol_swig_rules_result *x;
	if (run->count == run->cap) {
		size_t cap = run->cap ? run->cap * 2 : 16;
		cpol_swig_rules_result *p = realloc(run->results, cap * sizeof(*p));
		if (!p) {
			run->oom = 1;
			return 1;
		}
		run->results = p;
		run->cap = cap;
	}
	x = &run->results[run->count++];
	memset(x, 0, sizeof(*x));
	x->name = strdup(res->name ? res->name : "");
	x->check = strdup(res->check ? res->check : "");
	x->expected = strdup(res->expected ? res->expected : "");
	x->actual = strdup(res->actual ? res->actual : "");
	x->file = strdup(res->file ? res->file : "");
	x->passed = res->passed;
	x->line = res->line;
	x->column = res->column;
	x->ref = res->ref;
	if (!x->name || !x->check || !x->expected || !x->actual || !x->file) {
		run->oom = 1;
		return 1;
	}
	return 0;
}

static void cpol_swig_rules_run_free(cpol_rules_test_run_h *run)
{
	size_t i;
	if (!run)
		return;
	for (i = 0; i < run->count; i++) {
		free(run->results[i].name);
		free(run->results[i].check);
		free(run->results[i].expected);
		free(run->results[i].actual);
		free(run->results[i].file);
	}
	free(run->results);
	cpol_swig_rules_unref(run->rh);
	free(run);
}

/* Result i of a run, or NULL with an error recorded. */
static const cpol_swig_rules_result *cpol_swig_rules_result_at(const cpol_rules_test_run_h *run, int i)
{
	char msg[96];
	if (i >= 0 && (size_t)i < run->count)
		return &run->results[i];
	snprintf(msg, sizeof(msg), "index: %d is not a test result index (%zu results)", i, run->count);
	cpol_swig_rules_error(CPOL_EINVAL, msg);
	return NULL;
}
%}

typedef int cpol_swig_bool;

/* ---------------------------------------------------------------- typemaps */

/* Origins: a dict / table {key, file, line, column, region}, or None / nil. */
#ifdef SWIGPYTHON
%{
static PyObject *cpol_py_rule_ref(const cpol_rule_ref *r)
{
	if (!r)
		Py_RETURN_NONE;
	return Py_BuildValue("{s:z,s:z,s:i,s:i,s:z}", "key", r->key, "file", r->file, "line", r->line,
	                     "column", r->column, "region", r->region);
}

static PyObject *cpol_py_rules_value(const cpol_swig_value *v)
{
	switch (v->type) {
	case CPOL_SWIG_BOOL: return PyBool_FromLong((long)v->i);
	case CPOL_SWIG_INT: return PyLong_FromLongLong((long long)v->i);
	case CPOL_SWIG_NUMBER: return PyFloat_FromDouble(v->d);
	case CPOL_SWIG_TEXT: return PyUnicode_FromString(v->s ? v->s : v->buf);
	case CPOL_SWIG_DATE: return cpol_py_date_new((cpol_date)v->i);
	default: Py_RETURN_NONE;
	}
}
%}
%typemap(out) const cpol_rule_ref * { $result = cpol_py_rule_ref($1); }
%typemap(in, numinputs=0) const cpol_rule_ref **REF (const cpol_rule_ref *tmp = NULL) { $1 = ($1_ltype)&tmp; }
%typemap(argout) const cpol_rule_ref **REF { %append_output(cpol_py_rule_ref(*$1)); }
%typemap(in, numinputs=0) double *OUT_NUMBER (double tmp = 0) { $1 = &tmp; }
%typemap(argout) double *OUT_NUMBER { %append_output(PyFloat_FromDouble(*$1)); }
%typemap(in, numinputs=0) int *OUT_BOOL (int tmp = 0) { $1 = &tmp; }
%typemap(argout) int *OUT_BOOL { %append_output(PyBool_FromLong(*$1)); }
%typemap(in, numinputs=0) cpol_date *OUT_DATE (cpol_date tmp = CPOL_DATE_NONE) { $1 = &tmp; }
%typemap(argout) cpol_date *OUT_DATE { %append_output(cpol_py_date_new(*$1)); }
%typemap(in, numinputs=0) const char **OUT_TEXT (const char *tmp = NULL) { $1 = ($1_ltype)&tmp; }
%typemap(argout) const char **OUT_TEXT {
	if (*$1) {
		%append_output(PyUnicode_FromString(*$1));
	} else {
		Py_INCREF(Py_None);
		%append_output(Py_None);
	}
}
%typemap(out) cpol_swig_bool { $result = PyBool_FromLong($1); }
%typemap(out) cpol_swig_value { $result = cpol_py_rules_value(&$1); }
#endif

#ifdef SWIGLUA
%{
static void cpol_lua_rule_ref(lua_State *L, const cpol_rule_ref *r)
{
	if (!r) {
		lua_pushnil(L);
		return;
	}
	lua_createtable(L, 0, 5);
	lua_pushstring(L, r->key);
	lua_setfield(L, -2, "key");
	lua_pushstring(L, r->file);
	lua_setfield(L, -2, "file");
	lua_pushinteger(L, r->line);
	lua_setfield(L, -2, "line");
	lua_pushinteger(L, r->column);
	lua_setfield(L, -2, "column");
	lua_pushstring(L, r->region);
	lua_setfield(L, -2, "region");
}

static void cpol_lua_rules_value(lua_State *L, const cpol_swig_value *v)
{
	switch (v->type) {
	case CPOL_SWIG_BOOL: lua_pushboolean(L, (int)v->i); break;
	case CPOL_SWIG_INT: lua_pushinteger(L, (lua_Integer)v->i); break;
	case CPOL_SWIG_NUMBER: lua_pushnumber(L, v->d); break;
	case CPOL_SWIG_TEXT: lua_pushstring(L, v->s ? v->s : v->buf); break;
	case CPOL_SWIG_DATE: cpol_lua_push_date(L, (cpol_date)v->i); break;
	default: lua_pushnil(L); break;
	}
}
%}
%typemap(out) const cpol_rule_ref * { cpol_lua_rule_ref(L, $1); SWIG_arg++; }
%typemap(in, numinputs=0) const cpol_rule_ref **REF (const cpol_rule_ref *tmp = NULL) { $1 = ($1_ltype)&tmp; }
%typemap(argout) const cpol_rule_ref **REF { cpol_lua_rule_ref(L, *$1); SWIG_arg++; }
%typemap(in, numinputs=0) double *OUT_NUMBER (double tmp = 0) { $1 = &tmp; }
%typemap(argout) double *OUT_NUMBER { lua_pushnumber(L, *$1); SWIG_arg++; }
%typemap(in, numinputs=0) int *OUT_BOOL (int tmp = 0) { $1 = &tmp; }
%typemap(argout) int *OUT_BOOL { lua_pushboolean(L, *$1); SWIG_arg++; }
%typemap(in, numinputs=0) cpol_date *OUT_DATE (cpol_date tmp = CPOL_DATE_NONE) { $1 = &tmp; }
%typemap(argout) cpol_date *OUT_DATE { cpol_lua_push_date(L, *$1); SWIG_arg++; }
%typemap(in, numinputs=0) const char **OUT_TEXT (const char *tmp = NULL) { $1 = ($1_ltype)&tmp; }
%typemap(argout) const char **OUT_TEXT { lua_pushstring(L, *$1); SWIG_arg++; }
%typemap(out) cpol_swig_bool { lua_pushboolean(L, $1); SWIG_arg++; }
%typemap(out) cpol_swig_value { cpol_lua_rules_value(L, &$1); SWIG_arg++; }
#endif

/*
 * Every method below raises the error it recorded with cpol_swig_rules_fail()
 * (methods returning cpol_status raise through its typemap as well).
 */
%apply double *OUT_NUMBER { double *deduction, double *shortfall };
%apply int *OUT_BOOL { int *capped };
%apply cpol_date *OUT_DATE { cpol_date *period_start, cpol_date *period_end };
%apply const char **OUT_TEXT { const char **text };

%exception {
	cpol_swig_rules_rc = 0;
	$action
	if (cpol_swig_rules_rc < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
}

/* ------------------------------------------------------------------ Rules */

%rename(Rules) cpol_rules_h;
CPOL_RAISING_CONSTRUCTOR(cpol_rules_h::cpol_rules_h)
typedef struct cpol_rules_h {} cpol_rules_h;

%rename(RulesCursor) cpol_rules_cursor_h;
typedef struct cpol_rules_cursor_h {} cpol_rules_cursor_h;

%rename(RulesTestRun) cpol_rules_test_run_h;
typedef struct cpol_rules_test_run_h {} cpol_rules_test_run_h;

%newobject cpol_rules_h::canonical;
%newobject cpol_rules_h::at_date;
%newobject cpol_rules_h::items;
%newobject cpol_rules_h::run_tests;

%extend cpol_rules_h {
	/*
	 * Load rules. kind: "region" (source is a region name, found on the
	 * search path), "file" (a path) or "text" (YAML; name names it in
	 * messages). search_path: colon-separated directories searched first.
	 * flags: 1 skips CPOL_RULES_PATH, 2 skips the installed directory.
	 */
	cpol_rules_h(const char *source, const char *kind = "region", const char *search_path = NULL,
	             const char *name = NULL, int flags = 0) {
		cpol_rules_options o;
		cpol_rules_h *h;
		int rc;
		if (!source) {
			cpol_error_set(CPOL_EINVAL, "source: no region, file or text given");
			return NULL;
		}
		cpol_rules_options_init(&o, CPOL_RULES_OPTIONS_VERSION);
		o.search_path = search_path;
		o.name = name;
		o.flags = (unsigned int)flags;
		if (!(h = calloc(1, sizeof(*h)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		atomic_init(&h->refs, 1);
		if (!kind || !strcmp(kind, "region"))
			rc = cpol_rules_load_region(&h->rules, source, &o);
		else if (!strcmp(kind, "file"))
			rc = cpol_rules_load_file(&h->rules, source, &o);
		else if (!strcmp(kind, "text"))
			rc = cpol_rules_load_string(&h->rules, source, &o);
		else
			rc = cpol_error_set(CPOL_EINVAL, "kind: expected \"region\", \"file\" or \"text\"");
		if (rc < 0) {
			free(h);
			return NULL;
		}
		return h;
	}
	~cpol_rules_h() {
		cpol_swig_rules_unref($self);
	}

	/* Identity. */
	const char *region() { return cpol_rules_region($self->rules); }
	const char *name() { return cpol_rules_name($self->rules); }
	const char *hash() { return cpol_rules_hash($self->rules); }
	char *canonical() {
		char *s = NULL;
		cpol_swig_rules_fail(cpol_rules_canonical(&s, $self->rules));
		return s;
	}
	/* Dated values (docs/rules.md): the rules of a day (YYYY-MM-DD), a new
	 * object owning its own reference; is_dated() says whether any value is dated. */
	cpol_rules_h *at_date(const char *date) {
		cpol_rules_h *h;
		cpol_date d;
		if (cpol_swig_rules_date(&d, date, "date") < 0)
			return NULL;
		if (!(h = calloc(1, sizeof(*h)))) {
			cpol_swig_rules_error(CPOL_ENOMEM, "out of memory");
			return NULL;
		}
		atomic_init(&h->refs, 1);
		if (cpol_swig_rules_fail(cpol_rules_at(&h->rules, $self->rules, d)) < 0) {
			free(h);
			return NULL;
		}
		return h;
	}
	int is_dated() { return cpol_rules_is_dated($self->rules); }
	int chain_length() { return (int)cpol_rules_chain_length($self->rules); }
	/* File i of the chain (0: the loaded file; last: national), with its region. */
	const char *chain_file(int i) {
		const char *f = i >= 0 ? cpol_rules_chain_file(NULL, $self->rules, (size_t)i) : NULL;
		if (!f)
			cpol_swig_rules_error(CPOL_EINVAL, "index: past the end of the chain");
		return f;
	}
	const char *chain_region(int i) {
		const char *region = NULL;
		if (i < 0 || !cpol_rules_chain_file(&region, $self->rules, (size_t)i))
			cpol_swig_rules_error(CPOL_EINVAL, "index: past the end of the chain");
		return region;
	}
	int test_count() { return (int)cpol_rules_test_count($self->rules); }

	/*
	 * Values by key path ("visits.households_per_month",
	 * "assessment.items[household_visits].weight"), each with its ref.
	 */
	const char *get_type(const char *key) {
		static const char *const names[] = { "null", "bool", "int", "number", "string",
			"duration", "cadence", "date", "time", "weekdays", "list", "map" };
		cpol_rule_type t = CPOL_RULE_NULL;
		if (cpol_swig_rules_fail(cpol_rules_get_type(&t, $self->rules, key)) < 0)
			return NULL;
		return (int)t >= 0 && (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "null";
	}
	long long get_int(const char *key, const cpol_rule_ref **REF) {
		int64_t v = 0;
		cpol_swig_rules_fail(cpol_rules_get_int(&v, REF, $self->rules, key));
		return (long long)v;
	}
	double get_number(const char *key, const cpol_rule_ref **REF) {
		double v = 0;
		cpol_swig_rules_fail(cpol_rules_get_number(&v, REF, $self->rules, key));
		return v;
	}
	cpol_swig_bool get_bool(const char *key, const cpol_rule_ref **REF) {
		int v = 0;
		cpol_swig_rules_fail(cpol_rules_get_bool(&v, REF, $self->rules, key));
		return v;
	}
	const char *get_string(const char *key, const cpol_rule_ref **REF) {
		const char *v = NULL;
		cpol_swig_rules_fail(cpol_rules_get_string(&v, REF, $self->rules, key));
		return v;
	}
	/* Durations, cadences and dates in their canonical text ("1w", "18th", "2024-01-03"). */
	const char *get_duration(const char *key, const cpol_rule_ref **REF) {
		static _Thread_local char buf[CPOL_CADENCE_BUFSZ];
		cpol_duration v;
		if (cpol_swig_rules_fail(cpol_rules_get_duration(&v, REF, $self->rules, key)) < 0)
			return NULL;
		return cpol_duration_format(buf, &v);
	}
	const char *get_cadence(const char *key, const cpol_rule_ref **REF) {
		static _Thread_local char buf[CPOL_CADENCE_BUFSZ];
		cpol_cadence v;
		if (cpol_swig_rules_fail(cpol_rules_get_cadence(&v, REF, $self->rules, key)) < 0)
			return NULL;
		return cpol_cadence_format(buf, &v);
	}
	cpol_date get_date(const char *key, const cpol_rule_ref **REF) {
		cpol_date v = CPOL_DATE_NONE;
		cpol_swig_rules_fail(cpol_rules_get_date(&v, REF, $self->rules, key));
		return v;
	}
	/* Any scalar in its canonical text ("30", "0.5", "true", "22:00", "[wed,thu]"). */
	const char *get_text(const char *key, const cpol_rule_ref **REF) {
		const char *v = NULL;
		cpol_swig_rules_fail(cpol_rules_get_text(&v, REF, $self->rules, key));
		return v;
	}
	/* Elements of a list or keys of a map. */
	int get_count(const char *key) {
		size_t n = 0;
		cpol_swig_rules_fail(cpol_rules_get_count(&n, $self->rules, key));
		return (int)n;
	}
	/* The origin of any value, scalar or not. */
	const cpol_rule_ref *get_ref(const char *key) {
		const cpol_rule_ref *r = NULL;
		cpol_swig_rules_fail(cpol_rules_get_ref(&r, $self->rules, key));
		return r;
	}
	/* The scalar values under a prefix (None/nil: all), in canonical key order. */
	cpol_rules_cursor_h *items(const char *prefix = NULL) {
		cpol_rules_cursor_h *c = calloc(1, sizeof(*c));
		if (!c) {
			cpol_swig_rules_error(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_swig_rules_fail(cpol_rules_iter_new(&c->it, $self->rules, prefix)) < 0) {
			free(c);
			return NULL;
		}
		c->rh = cpol_swig_rules_ref($self);
		return c;
	}

	/* Typed sections (see rules_section_name()): element count, fields, origins. */
	int section_count(const char *section) {
		const cpol_swig_rsection *s = cpol_swig_rsection_find(section);
		const cpol_rule_ref *ref;
		const char *parent;
		size_t n = 0;
		if (!s)
			return 0;
		s->at($self->rules, 0, &n, &ref, &parent);
		return (int)n;
	}
	/* Field `field` of element `index`; None/nil when no file set it. */
	cpol_swig_value section_field(const char *section, int index, const char *field) {
		const cpol_swig_rsection *s = cpol_swig_rsection_find(section);
		const cpol_swig_rfield *f = s ? cpol_swig_rfield_find(s, field) : NULL;
		const cpol_rule_ref *ref = NULL;
		const char *parent = NULL;
		const void *el = f ? cpol_swig_relement($self->rules, s, index, &ref, &parent) : NULL;
		cpol_swig_value v;
		if (el)
			return cpol_swig_rfield_value(f, el, ref, parent, &ref);
		memset(&v, 0, sizeof(v));
		return v;
	}
	/* The origin of a field (or, with field None/nil, of the element). */
	const cpol_rule_ref *section_ref(const char *section, int index, const char *field = NULL) {
		const cpol_swig_rsection *s = cpol_swig_rsection_find(section);
		const cpol_swig_rfield *f = s && field ? cpol_swig_rfield_find(s, field) : NULL;
		const cpol_rule_ref *ref = NULL;
		const char *parent = NULL;
		const void *el;
		if (!s || (field && !f))
			return NULL;
		if (!(el = cpol_swig_relement($self->rules, s, index, &ref, &parent)) || !f)
			return ref;
		cpol_swig_rfield_value(f, el, ref, parent, &ref);
		return ref;
	}

	/* Decisions; dates are "YYYY-MM-DD". Each also returns the rule that decided. */
	cpol_date next_due(const char *cadence, const char *last_done, const cpol_rule_ref **REF) {
		cpol_cadence c;
		cpol_date last, due = CPOL_DATE_NONE;
		if (cpol_swig_rules_cadence(&c, cadence, "cadence") < 0 ||
		    cpol_swig_rules_date(&last, last_done, "last_done") < 0 ||
		    cpol_swig_rules_fail(cpol_rules_next_due(&due, REF, $self->rules, &c, last)) < 0)
			return CPOL_DATE_NONE;
		return due;
	}
	cpol_swig_bool is_working_day(const char *date, const cpol_rule_ref **REF) {
		cpol_date d;
		int v = 0;
		if (cpol_swig_rules_date(&d, date, "date") == 0)
			cpol_swig_rules_fail(cpol_rules_is_working_day(&v, REF, $self->rules, d));
		return v;
	}
	cpol_swig_bool is_market_day(const char *date, const cpol_rule_ref **REF) {
		cpol_date d;
		int v = 0;
		if (cpol_swig_rules_date(&d, date, "date") == 0)
			cpol_swig_rules_fail(cpol_rules_is_market_day(&v, REF, $self->rules, d));
		return v;
	}
	cpol_swig_bool is_reception_day(const char *date, const cpol_rule_ref **REF) {
		cpol_date d;
		int v = 0;
		if (cpol_swig_rules_date(&d, date, "date") == 0)
			cpol_swig_rules_fail(cpol_rules_is_reception_day(&v, REF, $self->rules, d));
		return v;
	}
	long long officers_needed(long long residents, long long households, const cpol_rule_ref **REF) {
		int64_t n = 0;
		cpol_swig_rules_fail(cpol_rules_officers_needed(&n, REF, $self->rules, residents, households));
		return (long long)n;
	}
	/* The code of the office class an office profile falls in. */
	const char *office_class_for(const cpol_rule_ref **REF, double residents = 0,
	                             double households = 0, double floating = 0,
	                             double key_persons = 0, double places = 0,
	                             double cases_per_10k = 0) {
		cpol_office_profile p = CPOL_OFFICE_PROFILE_INIT;
		const cpol_rules_office_class *c = NULL;
		p.residents = residents;
		p.households = households;
		p.floating = floating;
		p.key_persons = key_persons;
		p.places = places;
		p.cases_per_10k = cases_per_10k;
		if (cpol_swig_rules_fail(cpol_rules_office_class_for(&c, $self->rules, &p)) < 0)
			return NULL;
		*REF = c->ref;
		return c->code;
	}
	/* Points, then deduction, shortfall, capped and the deciding rule. */
	double score_item(const char *item, double value, double *deduction, double *shortfall,
	                  int *capped, const cpol_rule_ref **REF) {
		cpol_item_score s = CPOL_ITEM_SCORE_INIT;
		if (cpol_swig_rules_need(item, "item") < 0 ||
		    cpol_swig_rules_fail(cpol_item_score_compute(&s, $self->rules, item, value)) < 0)
			return 0;
		*deduction = s.deduction;
		*shortfall = s.shortfall;
		*capped = s.capped;
		*REF = s.ref;
		return s.points;
	}
	/* The code of the grade band of a total score. */
	const char *grade_for(double score, const cpol_rule_ref **REF) {
		const cpol_rules_grade *g = NULL;
		if (cpol_swig_rules_fail(cpol_rules_grade_for(&g, $self->rules, score)) < 0)
			return NULL;
		*REF = g->ref;
		return g->code;
	}
	double difficulty_for(const char *office_class, const cpol_rule_ref **REF) {
		double v = 0;
		if (cpol_swig_rules_need(office_class, "office_class") == 0)
			cpol_swig_rules_fail(cpol_rules_difficulty_for(&v, REF, $self->rules, office_class));
		return v;
	}
	cpol_swig_bool sanction_applies(const cpol_rule_ref **REF, const char *sanction, int rank = 0,
	                                int ranked = 0, int last_place_streak = 0, double score = 0,
	                                double metric_value = 0, const char *previous_scores = NULL) {
		/* previous_scores: the totals of the periods before, the one just before
		 * first, as numbers separated by commas or spaces ("75, 82"); the
		 * Python layer joins a list. */
		cpol_standing st = CPOL_STANDING_INIT;
		double prev[100];
		size_t np = 0;
		int v = 0;
		const char *p = previous_scores;
		while (p && *p && np < 100) {
			char *end;
			while (*p == ' ' || *p == ',')
				p++;
			if (!*p)
				break;
			prev[np] = strtod(p, &end);
			if (end == p) {
				cpol_swig_rules_error(CPOL_EINVAL, "previous_scores is not a list of numbers "
				                      "separated by commas");
				return 0;
			}
			np++;
			p = end;
		}
		st.previous_scores = prev;
		st.previous_count = np;
		st.rank = rank;
		st.ranked = ranked;
		st.last_place_streak = last_place_streak;
		st.score = score;
		st.metric_value = metric_value;
		if (cpol_swig_rules_need(sanction, "sanction") == 0)
			cpol_swig_rules_fail(cpol_rules_sanction_applies(&v, REF, $self->rules, sanction, &st));
		return v;
	}

	/* Run the file's tests: see RulesTestRun. */
	cpol_rules_test_run_h *run_tests() {
		cpol_rules_test_run_h *run = calloc(1, sizeof(*run));
		int rc;
		if (!run) {
			cpol_swig_rules_error(CPOL_ENOMEM, NULL);
			return NULL;
		}
		run->rh = cpol_swig_rules_ref($self);
		rc = cpol_rules_run_tests(&run->failed, $self->rules, cpol_swig_rules_collect, run);
		if (run->oom || rc < 0) {
			int oom = run->oom;
			cpol_swig_rules_run_free(run);
			if (oom)
				cpol_swig_rules_error(CPOL_ENOMEM, NULL);
			else
				cpol_swig_rules_fail(rc);
			return NULL;
		}
		return run;
	}
}

%extend cpol_rules_cursor_h {
	~cpol_rules_cursor_h() {
		cpol_rules_iter_free($self->it);
		cpol_swig_rules_unref($self->rh);
		free($self);
	}
	/* The next value's ref (its key is the full path) and canonical text; None/nil at the end. */
	const cpol_rule_ref *next(const char **text) {
		const cpol_rule_ref *r = NULL;
		*text = NULL;
		if (cpol_rules_iter_next(&r, text, $self->it) != 0)
			return NULL;
		return r;
	}
}

%extend cpol_rules_test_run_h {
	~cpol_rules_test_run_h() {
		cpol_swig_rules_run_free($self);
	}
	int count() { return (int)$self->count; }
	int failed() { return (int)$self->failed; }
	const char *name(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->name : NULL; }
	const char *check(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->check : NULL; }
	cpol_swig_bool passed(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->passed : 0; }
	const char *expected(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->expected : NULL; }
	const char *actual(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->actual : NULL; }
	const char *file(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->file : NULL; }
	int line(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->line : 0; }
	int column(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->column : 0; }
	/* The rule the test's decision used, or None/nil. */
	const cpol_rule_ref *ref(int i) { const cpol_swig_rules_result *x = cpol_swig_rules_result_at($self, i); return x ? x->ref : NULL; }
}

/* ------------------------------------------------------ module functions */

%inline %{
/* The typed sections, by index: "staffing", "staffing.office_classes", ... */
int rules_section_count(void)
{
	return (int)CPOL_SWIG_NSECTIONS;
}
/* 1 when the section is a list, 0 when it is one struct. */
int rules_section_is_list(const char *section)
{
	const cpol_swig_rsection *s = cpol_swig_rsection_find(section);
	return s ? s->list : 0;
}
const char *rules_section_name(int i)
{
	if (i >= 0 && (size_t)i < CPOL_SWIG_NSECTIONS)
		return cpol_swig_rsections[i].name;
	cpol_swig_rules_error(CPOL_EINVAL, "index: past the end of the rules sections");
	return NULL;
}
/* The fields of a section, by index, and their types: "string", "int",
 * "number", "bool", "duration", "cadence", "date", "time", "weekdays". */
int rules_field_count(const char *section)
{
	const cpol_swig_rsection *s = cpol_swig_rsection_find(section);
	return s ? cpol_swig_rfield_count(s) : 0;
}
const char *rules_field_name(const char *section, int i)
{
	const cpol_swig_rfield *f = cpol_swig_rfield_at(section, i);
	return f ? f->name : NULL;
}
const char *rules_field_type(const char *section, int i)
{
	const cpol_swig_rfield *f = cpol_swig_rfield_at(section, i);
	return f ? cpol_swig_rfield_type(f) : NULL;
}
/* The last day allowed "within duration of date" ("3d" after the 1st: the 4th). */
cpol_date rules_duration_add(const char *duration, const char *date)
{
	cpol_duration du;
	cpol_date d, out = CPOL_DATE_NONE;
	if (cpol_swig_rules_duration(&du, duration, "duration") < 0 ||
	    cpol_swig_rules_date(&d, date, "date") < 0 ||
	    cpol_swig_rules_fail(cpol_duration_add(&out, &du, d)) < 0)
		return CPOL_DATE_NONE;
	return out;
}
/* The calendar period of a cadence containing date: first and last day. */
void rules_cadence_period(const char *cadence, const char *date, cpol_date *period_start, cpol_date *period_end)
{
	cpol_cadence c;
	cpol_date d;
	if (cpol_swig_rules_cadence(&c, cadence, "cadence") < 0 ||
	    cpol_swig_rules_date(&d, date, "date") < 0)
		return;
	cpol_swig_rules_fail(cpol_cadence_period(period_start, period_end, &c, d));
}
%}

%exception;
/* The output typemaps above are for this file's functions only. */
%clear double *deduction, double *shortfall;
%clear int *capped;
%clear char *period_start, char *period_end;
%clear const char **text;

#ifdef SWIGLUA
%luacode {
  -- Lua idioms for rules: values by type, sections as tables, tests.
  local cp = commpolice
  local function weekdays(text)
    local t = {}
    for w in tostring(text):gmatch("[a-z]+") do t[#t + 1] = w end
    return t
  end
  local function split_path(path)
    local parts = {}
    for p in path:gmatch("[^.]+") do parts[#parts + 1] = p end
    return parts
  end

  -- r = commpolice.rules_load("nantong" [, {search_path=, name=, no_env=, no_installed=}])
  local function load(kind)
    return function(source, opts)
      opts = opts or {}
      local flags = (opts.no_env and 1 or 0) | (opts.no_installed and 2 or 0)
      return cp.Rules(source, kind, opts.search_path, opts.name, flags)
    end
  end
  cp.rules_load = load("region")
  cp.rules_file = load("file")
  cp.rules_string = load("text")

  -- value, ref = commpolice.rules_get(r, key): the value in its type (weekdays
  -- as a list of names; a list or map as a table of its values).
  function cp.rules_get(r, key)
    local t = r:get_type(key)
    if t == "int" then return r:get_int(key)
    elseif t == "time" then return r:get_text(key)
    elseif t == "number" then return r:get_number(key)
    elseif t == "bool" then return r:get_bool(key)
    elseif t == "string" then return r:get_string(key)
    elseif t == "duration" then return r:get_duration(key)
    elseif t == "cadence" then return r:get_cadence(key)
    elseif t == "date" then return r:get_date(key)
    elseif t == "weekdays" then
      local text, ref = r:get_text(key)
      return weekdays(text), ref
    elseif t == "list" then
      local out = {}
      for i = 0, r:get_count(key) - 1 do
        out[#out + 1] = (cp.rules_get(r, key .. "[" .. i .. "]"))
      end
      return out, r:get_ref(key)
    elseif t == "map" then
      -- the children's keys start with this map's own key path
      local ref = r:get_ref(key)
      local base = (ref and ref.key) or ""
      local out = {}
      for k in cp.rules_items(r, key) do
        local rest = base == "" and k or k:sub(#base + 2)
        local name = rest:match("^[^.%[]+")
        if name and out[name] == nil then
          out[name] = (cp.rules_get(r, base == "" and name or (base .. "." .. name)))
        end
      end
      return out, ref
    end
    return nil, r:get_ref(key)
  end

  -- for key, text, ref in commpolice.rules_items(r [, prefix]) do ... end
  function cp.rules_items(r, prefix)
    local cur = r:items(prefix)
    return function()
      local ref, text = cur:next()
      if ref == nil then return nil end
      return ref.key, text, ref
    end
  end

  -- The list of {region, file} of the chain, the loaded file first.
  function cp.rules_chain(r)
    local t = {}
    for i = 0, r:chain_length() - 1 do
      t[#t + 1] = { region = r:chain_region(i), file = r:chain_file(i) }
    end
    return t
  end

  local section_names
  local function sections()
    if not section_names then
      section_names = {}
      for i = 0, cp.rules_section_count() - 1 do
        section_names[#section_names + 1] = cp.rules_section_name(i)
      end
    end
    return section_names
  end
  local function is_section(name)
    for _, s in ipairs(sections()) do if s == name then return true end end
    return false
  end

  -- One element of a section as a table; "a.min" fields nest as a = {min=}.
  local function element(r, name, i)
    local t = {}
    for f = 0, cp.rules_field_count(name) - 1 do
      local fname, ftype = cp.rules_field_name(name, f), cp.rules_field_type(name, f)
      local v = r:section_field(name, i, fname)
      if v ~= nil and ftype == "weekdays" then v = weekdays(v) end
      local parts, at = split_path(fname), t
      for p = 1, #parts - 1 do
        at[parts[p]] = at[parts[p]] or {}
        at = at[parts[p]]
      end
      at[parts[#parts]] = v
    end
    return t
  end

  local section
  -- The children of a section: "a.b" → b.
  local function add_children(r, name, t, list_elems)
    for _, s in ipairs(sections()) do
      local rest = s:sub(#name + 2)
      if s:sub(1, #name + 1) == name .. "." and not rest:find(".", 1, true) then
        local child = section(r, s)
        if list_elems then
          -- a list under a list: each element names its parent in its first field
          local first = cp.rules_field_name(s, 0)
          for _, el in ipairs(list_elems) do
            local id = el.id or el.code
            local mine = {}
            for _, c in ipairs(child) do
              if c[first] == id then
                local copy = {}
                for k, v in pairs(c) do if k ~= first then copy[k] = v end end
                mine[#mine + 1] = copy
              end
            end
            el[rest] = mine
          end
        else
          t[rest] = child
        end
      end
    end
    return t
  end

  -- commpolice.rules_section(r, "assessment"): a typed section as a table:
  -- a struct as a table of its fields, a list as a list of tables (each
  -- with its ref), a list of one field as a list of values.
  section = function(r, name)
    if not is_section(name) then
      local found = false
      for _, s in ipairs(sections()) do
        if s:sub(1, #name + 1) == name .. "." then found = true end
      end
      if not found then cp.rules_field_count(name) end  -- raises, naming the section
      return add_children(r, name, {})
    end
    local n = r:section_count(name)
    local nfields = cp.rules_field_count(name)
    if cp.rules_section_is_list(name) == 0 then
      return add_children(r, name, element(r, name, 0))
    end
    local list = {}
    for i = 0, n - 1 do
      if nfields == 1 then
        local v = r:section_field(name, i, cp.rules_field_name(name, 0))
        list[#list + 1] = v
      else
        local el = element(r, name, i)
        el.ref = r:section_ref(name, i)
        list[#list + 1] = el
      end
    end
    return add_children(r, name, list, list)
  end
  cp.rules_section = section

  -- commpolice.rules_score(r, item, value) → {points, deduction, shortfall, capped, ref}
  function cp.rules_score(r, item, value)
    local points, deduction, shortfall, capped, ref = r:score_item(item, value)
    return { points = points, deduction = deduction, shortfall = shortfall,
             capped = capped, ref = ref }
  end

  -- failed, results = commpolice.rules_run_tests(r): results is a list of
  -- {name, check, passed, expected, actual, file, line, column, ref}.
  function cp.rules_run_tests(r)
    local run = r:run_tests()
    local results = {}
    for i = 0, run:count() - 1 do
      results[#results + 1] = {
        name = run:name(i), check = run:check(i), passed = run:passed(i),
        expected = run:expected(i), actual = run:actual(i), file = run:file(i),
        line = run:line(i), column = run:column(i), ref = run:ref(i) }
    end
    return run:failed(), results
  end
}
#endif

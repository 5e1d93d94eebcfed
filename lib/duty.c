/*
 * libcommpolice — duty: problems, parameters, shifts and rosters in memory.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "duty_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ parameters */

/*
 * The parameters and where each is read from in the rules: a `duty:` key,
 * or a `calendar:` one (the working day). No value is written here: a
 * problem starts with the national rules' values (data/regions/
 * national.yaml) and a region's rules replace them; a parameter that the
 * rules do not give is an error, so that the rule files are the only place
 * a number of the model lives.
 */
#define CALLER "<caller>"
#define BUILTIN "<built-in>/duty"

typedef struct param_def {
	const char *name;
	size_t offset;
	int is_bool;
	int calendar;          /* read from cpol_rules_calendar, else cpol_rules_duty */
	size_t rules_offset;
	cpol_rule_ref caller;
} param_def;

#define PARAM(n) { #n, offsetof(cpol_duty_params, n), 0, 0, offsetof(cpol_rules_duty, n), \
	{ "duty." #n, CALLER, 0, 0, NULL } }
#define PARAM_BOOL(n) { #n, offsetof(cpol_duty_params, n), 1, 0, offsetof(cpol_rules_duty, n), \
	{ "duty." #n, CALLER, 0, 0, NULL } }
#define PARAM_CAL(n) { #n, offsetof(cpol_duty_params, n), 0, 1, offsetof(cpol_rules_calendar, n), \
	{ "calendar." #n, CALLER, 0, 0, NULL } }

static const param_def param_defs[] = {
	PARAM(min_days_in_district_per_week),
	PARAM(min_nights_per_week),
	PARAM(max_nights_per_week),
	PARAM_BOOL(rest_after_night),
	PARAM(no_duty_after),
	PARAM(auxiliary_hours_per_day),
	PARAM(patrol_per_night),
	PARAM_CAL(work_start),
	PARAM_CAL(work_end),
	PARAM(weight_nights),
	PARAM(weight_weekends),
	PARAM(weight_holidays),
	PARAM(weight_load),
	PARAM(weight_preference),
	PARAM(weight_shift),
	PARAM(training_days_per_year),
	PARAM(officers_per_night),
	PARAM_BOOL(night_cover_hard),
	PARAM(max_shifts_per_day),
	PARAM(max_consecutive_days),
	PARAM_BOOL(max_consecutive_days_hard),
	PARAM(max_hours_per_week),
	PARAM_BOOL(max_hours_per_week_hard),
	PARAM(min_rest_hours),
	PARAM_BOOL(min_rest_hours_hard),
	PARAM(max_nights_in_row),
	PARAM_BOOL(max_nights_in_row_hard),
	PARAM(weight_night_cover),
	PARAM(weight_consecutive_days),
	PARAM(weight_hours_per_week),
	PARAM(weight_rest),
	PARAM(weight_nights_in_row),
	PARAM(weight_rotation),
};

/* cpol_rule_int and cpol_rule_bool differ in the value's type: go through these. */
static int64_t param_value(const cpol_duty_params *pr, const param_def *d)
{
	const char *base = (const char *)pr + d->offset;
	if (d->is_bool)
		return ((const cpol_rule_bool *)(const void *)base)->value;
	return ((const cpol_rule_int *)(const void *)base)->value;
}

static const cpol_rule_ref *param_ref(const cpol_duty_params *pr, const param_def *d)
{
	const char *base = (const char *)pr + d->offset;
	if (d->is_bool)
		return ((const cpol_rule_bool *)(const void *)base)->ref;
	return ((const cpol_rule_int *)(const void *)base)->ref;
}

static void param_store(cpol_duty_params *pr, const param_def *d, int64_t v, const cpol_rule_ref *ref)
{
	char *base = (char *)pr + d->offset;
	if (d->is_bool) {
		cpol_rule_bool *b = (cpol_rule_bool *)(void *)base;
		b->value = v != 0;
		b->ref = ref;
	} else {
		cpol_rule_int *i = (cpol_rule_int *)(void *)base;
		i->value = v;
		i->ref = ref;
	}
}

static const param_def *find_param(const char *name)
{
	size_t i;
	if (!name)
		return NULL;
	if (strncmp(name, "duty.", 5) == 0)
		name += 5;
	for (i = 0; i < CPOL__ARRAY_SIZE(param_defs); i++)
		if (strcmp(param_defs[i].name, name) == 0)
			return &param_defs[i];
	return NULL;
}

/*
 * Take every parameter from rules (merged from national): the value and its
 * ref. A parameter the rules leave unset is an error naming its key.
 */
int cpol__duty_params_from_rules(cpol_duty_params *pr, const cpol_rules *rules)
{
	const cpol_rules_duty *du = cpol_rules_get_duty(rules);
	const cpol_rules_calendar *cal = cpol_rules_get_calendar(rules);
	size_t i;

	pr->version = CPOL_DUTY_PARAMS_VERSION;
	for (i = 0; i < CPOL__ARRAY_SIZE(param_defs); i++) {
		const param_def *d = &param_defs[i];
		const char *src = d->calendar ? (const char *)cal : (const char *)du;
		const cpol_rule_ref *ref;
		int64_t v;
		if (d->is_bool) {
			const cpol_rule_bool *b = (const cpol_rule_bool *)(const void *)(src + d->rules_offset);
			v = b->value;
			ref = b->ref;
		} else {
			const cpol_rule_int *n = (const cpol_rule_int *)(const void *)(src + d->rules_offset);
			v = n->value;
			ref = n->ref;
		}
		if (!ref)
			return cpol__error_set_at(CPOL_ERULES, NULL, 0, 0, d->caller.key,
			                          "the rules do not set %s (the national rules should)",
			                          d->caller.key);
		param_store(pr, d, v, ref);
	}
	return 0;
}

int cpol_duty_problem_set_param(cpol_duty_problem *problem, const char *name, int64_t value)
{
	const param_def *d = find_param(name);
	if (!problem)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_problem_set_param: problem is NULL");
	if (!d)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "name",
		                          "no duty parameter named '%s'", name ? name : "(null)");
	if (value < 0 || value > 100000)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, d->caller.key,
		                          "duty parameter %s: %lld is out of range 0..100000",
		                          d->name, (long long)value);
	param_store(&problem->params, d, value, &d->caller);
	return 0;
}

int cpol_duty_problem_get_param(int64_t *out, const cpol_rule_ref **ref,
                                const cpol_duty_problem *problem, const char *name)
{
	const param_def *d = find_param(name);
	if (!d)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "name",
		                          "no duty parameter named '%s'", name ? name : "(null)");
	if (out)
		*out = param_value(&problem->params, d);
	if (ref)
		*ref = param_ref(&problem->params, d);
	return 0;
}

cpol_duty_params *cpol_duty_problem_params(cpol_duty_problem *problem)
{
	return &problem->params;
}

/* ----------------------------------------------------------------- rules */

static const char *const rule_names[CPOL_DUTY_RULE_END] = {
	NULL, "availability", "qualification", "dedicated_late", "overlap", "rest_after_night",
	"working_day", "reception_day", "in_district", "reception", "nights_min", "nights_max",
	"cover", "patrol", "fair_nights", "fair_weekends", "fair_holidays", "fair_load",
	"preference", "shift_cost", "training_days", "night_uncovered", "night_stacked",
	"patrol_without_night", "surplus", "shifts_per_day", "consecutive_days", "hours_per_week",
	"rest", "nights_in_row", "rotation"
};

/* Rules that are not region rules but facts of the problem or of time. */
const cpol_rule_ref cpol__duty_builtin_availability =
	{ "availability", BUILTIN, 0, 0, "national" };
static const cpol_rule_ref builtin_qualification = { "duty.shifts.who", BUILTIN, 0, 0, "national" };
static const cpol_rule_ref builtin_overlap = { "duty.no_overlap", BUILTIN, 0, 0, "national" };
static const cpol_rule_ref builtin_preference = { "preferences", BUILTIN, 0, 0, "national" };
static const cpol_rule_ref builtin_calendar = { "calendar.weekend", BUILTIN, 0, 0, "national" };
static const cpol_rule_ref builtin_reception = { "duty.reception_weekdays", BUILTIN, 0, 0, "national" };
static const cpol_rule_ref builtin_surplus = { "duty.shifts.need", BUILTIN, 0, 0, "national" };

const char *cpol_duty_rule_name(cpol_duty_rule rule)
{
	return rule >= 1 && rule < CPOL_DUTY_RULE_END ? rule_names[rule] : NULL;
}

int cpol_duty_rule_is_hard(cpol_duty_rule rule)
{
	return (rule >= CPOL_DUTY_RULE_AVAILABILITY && rule <= CPOL_DUTY_RULE_PATROL) ||
	       (rule >= CPOL_DUTY_RULE_TRAINING_DAYS && rule <= CPOL_DUTY_RULE_SHIFTS_PER_DAY &&
	        rule != CPOL_DUTY_RULE_NIGHT_UNCOVERED && rule != CPOL_DUTY_RULE_NIGHT_STACKED);
}

int cpol_duty_problem_rule_is_hard(const cpol_duty_problem *p, cpol_duty_rule rule)
{
	const cpol_duty_params *pr = &p->params;
	switch (rule) {
	case CPOL_DUTY_RULE_NIGHT_UNCOVERED:
	case CPOL_DUTY_RULE_NIGHT_STACKED: return pr->night_cover_hard.value != 0;
	case CPOL_DUTY_RULE_CONSECUTIVE_DAYS: return pr->max_consecutive_days_hard.value != 0;
	case CPOL_DUTY_RULE_HOURS_PER_WEEK: return pr->max_hours_per_week_hard.value != 0;
	case CPOL_DUTY_RULE_REST: return pr->min_rest_hours_hard.value != 0;
	case CPOL_DUTY_RULE_NIGHTS_IN_ROW: return pr->max_nights_in_row_hard.value != 0;
	default: return cpol_duty_rule_is_hard(rule);
	}
}

const cpol_rule_ref *cpol__duty_rule_ref(const cpol_duty_problem *p, cpol_duty_rule rule,
                                         int day, int shift)
{
	const cpol_duty_params *pr = &p->params;
	const cpol_rule_ref *r = NULL;

	switch (rule) {
	case CPOL_DUTY_RULE_AVAILABILITY: r = &cpol__duty_builtin_availability; break;
	case CPOL_DUTY_RULE_QUALIFICATION: r = &builtin_qualification; break;
	case CPOL_DUTY_RULE_DEDICATED_LATE: r = pr->no_duty_after.ref; break;
	case CPOL_DUTY_RULE_OVERLAP: r = &builtin_overlap; break;
	case CPOL_DUTY_RULE_REST_AFTER_NIGHT: r = pr->rest_after_night.ref; break;
	case CPOL_DUTY_RULE_WORKING_DAY:
		r = day >= 0 && day < p->ndays ? p->days[day].working_ref : NULL;
		if (!r)
			r = &builtin_calendar;
		break;
	case CPOL_DUTY_RULE_RECEPTION_DAY:
	case CPOL_DUTY_RULE_RECEPTION:
		r = day >= 0 && day < p->ndays ? p->days[day].reception_ref : NULL;
		if (!r)
			r = &builtin_reception;
		break;
	case CPOL_DUTY_RULE_IN_DISTRICT: r = pr->min_days_in_district_per_week.ref; break;
	case CPOL_DUTY_RULE_NIGHTS_MIN: r = pr->min_nights_per_week.ref; break;
	case CPOL_DUTY_RULE_NIGHTS_MAX: r = pr->max_nights_per_week.ref; break;
	case CPOL_DUTY_RULE_COVER: r = pr->auxiliary_hours_per_day.ref; break;
	case CPOL_DUTY_RULE_PATROL: r = pr->patrol_per_night.ref; break;
	case CPOL_DUTY_RULE_FAIR_NIGHTS: r = pr->weight_nights.ref; break;
	case CPOL_DUTY_RULE_FAIR_WEEKENDS: r = pr->weight_weekends.ref; break;
	case CPOL_DUTY_RULE_FAIR_HOLIDAYS: r = pr->weight_holidays.ref; break;
	case CPOL_DUTY_RULE_FAIR_LOAD: r = pr->weight_load.ref; break;
	case CPOL_DUTY_RULE_PREFERENCE: r = pr->weight_preference.ref ? pr->weight_preference.ref
	                                                             : &builtin_preference; break;
	case CPOL_DUTY_RULE_SHIFT_COST: r = pr->weight_shift.ref; break;
	case CPOL_DUTY_RULE_TRAINING_DAYS: r = pr->training_days_per_year.ref; break;
	case CPOL_DUTY_RULE_NIGHT_UNCOVERED:
	case CPOL_DUTY_RULE_NIGHT_STACKED: r = pr->officers_per_night.ref; break;
	case CPOL_DUTY_RULE_PATROL_WITHOUT_NIGHT: r = pr->patrol_per_night.ref; break;
	case CPOL_DUTY_RULE_SURPLUS: r = &builtin_surplus; break;
	case CPOL_DUTY_RULE_SHIFTS_PER_DAY: r = pr->max_shifts_per_day.ref; break;
	case CPOL_DUTY_RULE_CONSECUTIVE_DAYS: r = pr->max_consecutive_days.ref; break;
	case CPOL_DUTY_RULE_HOURS_PER_WEEK: r = pr->max_hours_per_week.ref; break;
	case CPOL_DUTY_RULE_REST: r = pr->min_rest_hours.ref; break;
	case CPOL_DUTY_RULE_NIGHTS_IN_ROW: r = pr->max_nights_in_row.ref; break;
	case CPOL_DUTY_RULE_ROTATION: r = pr->weight_rotation.ref; break;
	}
	(void)shift;
	return r ? r : &builtin_overlap;
}

const char *cpol__duty_away_name(int why)
{
	switch (why) {
	case CPOL_DUTY_AWAY_LEAVE: return "on leave";
	case CPOL_DUTY_AWAY_TRAINING: return "in training";
	case CPOL_DUTY_AWAY_SICK: return "on sick leave";
	case CPOL_DUTY_AWAY_OTHER: return "away";
	case CPOL_DUTY_AWAY_UNASSIGNED: return "not on the office's staff";
	}
	return "present";
}

/* -------------------------------------------------------------- problems */

int cpol_duty_problem_new(cpol_duty_problem **out, cpol_date start, int ndays)
{
	cpol_duty_problem *p;
	int d, y, rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_problem_new: out is NULL");
	*out = NULL;
	if (ndays < 1 || ndays > 366)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "ndays",
		                          "a roster covers 1 to 366 days, not %d", ndays);
	cpol_date_split(&y, NULL, NULL, start);
	if (start == CPOL_DATE_NONE || y < 1 || y > 9998)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "start", "the first day is not a valid date");
	if (!(p = calloc(1, sizeof(*p))) || !(p->days = calloc((size_t)ndays, sizeof(*p->days)))) {
		free(p);
		return cpol__error_oom();
	}
	p->start = start;
	p->ndays = ndays;
	/*
	 * The national rules give every parameter; until a region's rules are
	 * given the days are plain weeks by the national weekend and reception
	 * weekdays (no holidays: those are a year's calendar, set with
	 * cpol_duty_problem_set_rules() or cpol_duty_problem_set_day()).
	 */
	if ((rc = cpol_rules_load_region(&p->national, "national", NULL)) < 0 ||
	    (rc = cpol__duty_params_from_rules(&p->params, p->national)) < 0) {
		cpol_duty_problem_free(p);
		return rc;
	}
	{
		const cpol_rules_calendar *cal = cpol_rules_get_calendar(p->national);
		const cpol_rules_duty *du = cpol_rules_get_duty(p->national);
		for (d = 0; d < ndays; d++) {
			int wd = cpol_date_weekday(start + d);
			p->days[d].flags = (cal->weekend.value >> wd) & 1 ? CPOL_DUTY_DAY_WEEKEND : CPOL_DUTY_DAY_WORKING;
			if (((du->reception_weekdays.value >> wd) & 1) && (p->days[d].flags & CPOL_DUTY_DAY_WORKING))
				p->days[d].flags |= CPOL_DUTY_DAY_RECEPTION;
			p->days[d].working_ref = cal->weekend.ref;
			p->days[d].reception_ref = du->reception_weekdays.ref;
		}
	}
	*out = p;
	return 0;
}

void cpol_duty_problem_free(cpol_duty_problem *p)
{
	int i;
	if (!p)
		return;
	for (i = 0; i < p->npeople; i++) {
		free(p->people[i].name);
		free(p->people[i].away);
		free(p->people[i].away_src);
		free(p->people[i].post);
	}
	for (i = 0; i < p->nprefs; i++)
		free(p->prefs[i].shift);
	for (i = 0; i < p->nshifts; i++) {
		free((char *)p->shifts[i].code);
		free((char *)p->shifts[i].name);
	}
	free(p->people);
	free(p->prefs);
	free(p->shifts);
	free(p->days);
	free(p->name);
	cpol_rules_free(p->national);
	free(p);
}

cpol_date cpol_duty_problem_start(const cpol_duty_problem *p)
{
	return p->start;
}

int cpol_duty_problem_days(const cpol_duty_problem *p)
{
	return p->ndays;
}

int cpol__duty_day_index(const cpol_duty_problem *p, cpol_date date)
{
	if (date == CPOL_DATE_NONE || date < p->start || date >= p->start + p->ndays)
		return -1;
	return (int)(date - p->start);
}

static int bad_day(const cpol_duty_problem *p, cpol_date date)
{
	char a[CPOL_DATE_BUFSZ], b[CPOL_DATE_BUFSZ], c[CPOL_DATE_BUFSZ];
	if (date == CPOL_DATE_NONE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "date", "no date given");
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "date", "%s is outside the roster's days %s..%s",
	                          cpol_date_format(a, date), cpol_date_format(b, p->start),
	                          cpol_date_format(c, p->start + p->ndays - 1));
}

int cpol_duty_problem_set_day(cpol_duty_problem *p, cpol_date date, unsigned int flags,
                              const cpol_rule_ref *ref)
{
	static const cpol_rule_ref caller = { "calendar", CALLER, 0, 0, NULL };
	int d = cpol__duty_day_index(p, date);
	if (d < 0)
		return bad_day(p, date);
	p->days[d].flags = flags & 0x1fu;
	p->days[d].working_ref = ref ? ref : &caller;
	p->days[d].reception_ref = ref ? ref : &caller;
	return 0;
}

int cpol_duty_problem_get_day(unsigned int *out, const cpol_rule_ref **ref,
                              const cpol_duty_problem *p, cpol_date date)
{
	int d = cpol__duty_day_index(p, date);
	if (d < 0)
		return bad_day(p, date);
	if (out)
		*out = p->days[d].flags;
	if (ref)
		*ref = cpol__duty_rule_ref(p, CPOL_DUTY_RULE_WORKING_DAY, d, -1);
	return 0;
}

/* ---------------------------------------------------------------- people */

static int bad_person(const cpol_duty_problem *p, int person)
{
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "person",
	                          "no person %d in the roster problem (it has %d)", person, p->npeople);
}

int cpol_duty_problem_add_person(int *out, cpol_duty_problem *p, cpol_id id, const char *name,
                                 cpol_staff_kind kind, int dedicated)
{
	cpol__duty_person *np;

	if (!name || !*name)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "name", "a person needs a name");
	if (kind != CPOL_STAFF_OFFICER && kind != CPOL_STAFF_AUXILIARY)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind",
		                          "kind %d is neither an officer nor an auxiliary", (int)kind);
	if (p->npeople == p->people_cap) {
		int cap = p->people_cap ? p->people_cap * 2 : 8;
		cpol__duty_person *t = realloc(p->people, (size_t)cap * sizeof(*t));
		if (!t)
			return cpol__error_oom();
		p->people = t;
		p->people_cap = cap;
	}
	np = &p->people[p->npeople];
	memset(np, 0, sizeof(*np));
	np->id = id;
	np->kind = kind;
	np->dedicated = dedicated != 0 && kind == CPOL_STAFF_OFFICER;
	np->name = cpol__strdup(name);
	np->away = calloc((size_t)p->ndays, 1);
	np->away_src = calloc((size_t)p->ndays, sizeof(*np->away_src));
	if (!np->name || !np->away || !np->away_src) {
		free(np->name);
		free(np->away);
		free(np->away_src);
		return cpol__error_oom();
	}
	if (out)
		*out = p->npeople;
	p->npeople++;
	return 0;
}

int cpol_duty_problem_person_count(const cpol_duty_problem *p)
{
	return p->npeople;
}

int cpol_duty_problem_get_person(cpol_id *id, const char **name, cpol_staff_kind *kind,
                                 int *dedicated, const cpol_duty_problem *p, int person)
{
	const cpol__duty_person *x;
	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	x = &p->people[person];
	if (id)
		*id = x->id;
	if (name)
		*name = x->name;
	if (kind)
		*kind = x->kind;
	if (dedicated)
		*dedicated = x->dedicated;
	return 0;
}

const char *cpol__duty_person_name(const cpol_duty_problem *p, int person)
{
	return person >= 0 && person < p->npeople ? p->people[person].name : "the office";
}

int cpol_duty_problem_find_person(int *out, const cpol_duty_problem *p, cpol_id id)
{
	int i;
	for (i = 0; i < p->npeople; i++)
		if (p->people[i].id == id && id != 0) {
			*out = i;
			return 0;
		}
	return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "person_id",
	                          "no person with id %lld in the roster problem", (long long)id);
}

int cpol_duty_problem_set_away(cpol_duty_problem *p, int person, cpol_date from, cpol_date to,
                               cpol_duty_away why, cpol_id source_id)
{
	cpol_date d;
	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	if (why < CPOL_DUTY_AWAY_LEAVE || why > CPOL_DUTY_AWAY_UNASSIGNED)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "why", "unknown reason %d", (int)why);
	if (from == CPOL_DATE_NONE || to == CPOL_DATE_NONE || to < from)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "the last day is before the first");
	for (d = from < p->start ? p->start : from; d <= to && d < p->start + p->ndays; d++) {
		p->people[person].away[d - p->start] = (unsigned char)why;
		p->people[person].away_src[d - p->start] = source_id;
	}
	return 0;
}

int cpol_duty_problem_get_away(int *out, const cpol_duty_problem *p, int person, cpol_date date)
{
	int d = cpol__duty_day_index(p, date);
	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	if (d < 0)
		return bad_day(p, date);
	*out = p->people[person].away[d];
	return 0;
}

int cpol_duty_problem_add_preference(cpol_duty_problem *p, int person,
                                     const cpol_duty_preference *pref, cpol_id source_id)
{
	cpol__duty_pref *x;

	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	if (!pref || pref->version != CPOL_DUTY_PREFERENCE_VERSION)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "version",
		                          "unknown cpol_duty_preference version");
	if (pref->want != 1 && pref->want != -1)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "want", "want is 1 or -1, not %d", pref->want);
	if (pref->weight < 1 || pref->weight > 1000)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "weight",
		                          "a preference's weight is 1..1000, not %d", pref->weight);
	if (p->nprefs == p->prefs_cap) {
		int cap = p->prefs_cap ? p->prefs_cap * 2 : 8;
		cpol__duty_pref *t = realloc(p->prefs, (size_t)cap * sizeof(*t));
		if (!t)
			return cpol__error_oom();
		p->prefs = t;
		p->prefs_cap = cap;
	}
	x = &p->prefs[p->nprefs];
	memset(x, 0, sizeof(*x));
	if (pref->shift && !(x->shift = cpol__strdup(pref->shift)))
		return cpol__error_oom();
	x->person = person;
	x->date = pref->date;
	x->weekdays = pref->weekdays & 0xfeu;
	x->want = pref->want;
	x->weight = pref->weight;
	x->source_id = source_id;
	p->nprefs++;
	return 0;
}

int cpol_duty_problem_set_history(cpol_duty_problem *p, int person, const cpol_duty_history *h)
{
	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	if (!h || h->night_minutes < 0 || h->weekend_minutes < 0 || h->holiday_minutes < 0 ||
	    h->minutes < 0 || h->days < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "history", "counts must not be negative");
	p->people[person].hist = *h;
	return 0;
}

/* -------------------------------------------------------------- training */

static int year_of(cpol_date d)
{
	int y = 0;
	cpol_date_split(&y, NULL, NULL, d);
	return y;
}

int cpol__duty_years(const cpol_duty_problem *p)
{
	return year_of(p->start + p->ndays - 1) == year_of(p->start) ? 1 : 2;
}

/* The index (0 or 1) of a calendar year the problem touches, or -1. */
static int year_index(const cpol_duty_problem *p, int year)
{
	int k = year - year_of(p->start);
	return k >= 0 && k < cpol__duty_years(p) ? k : -1;
}

static int bad_year(const cpol_duty_problem *p, int year)
{
	int y0 = year_of(p->start), y1 = year_of(p->start + p->ndays - 1);
	if (y0 == y1)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "year",
		                          "the roster's days are in %d, not in %d", y0, year);
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "year",
	                          "the roster's days are in %d and %d, not in %d", y0, y1, year);
}

void cpol__duty_training_of(const cpol_duty_problem *p, int person, int k, cpol__duty_training *t)
{
	const cpol__duty_person *x = &p->people[person];
	int64_t allowance = p->params.training_days_per_year.value;
	int d;

	memset(t, 0, sizeof(*t));
	t->year = year_of(p->start) + k;
	t->first = t->last = -1;
	for (d = 0; d < p->ndays; d++)
		if (x->away[d] == CPOL_DUTY_AWAY_TRAINING && year_of(p->start + d) == t->year) {
			if (t->first < 0)
				t->first = d;
			t->last = d;
			t->inside++;
		}
	if (t->last >= 0)
		t->source_id = x->away_src[t->last];
	t->total = t->inside + (k >= 0 && k < 2 ? x->training_outside[k] : 0);
	if (allowance > 0 && t->inside > 0 && t->total > allowance)
		t->excess = t->total - (int)allowance;
}

int cpol_duty_problem_set_training_outside(cpol_duty_problem *p, int person, int year, int days)
{
	int k;
	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	if ((k = year_index(p, year)) < 0)
		return bad_year(p, year);
	if (days < 0 || days > 366)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "days",
		                          "%d days of training in a year is not 0..366", days);
	p->people[person].training_outside[k] = days;
	return 0;
}

/* The rules a problem's model reads: the region's, else the national ones. */
static const cpol_rules_duty *problem_duty_rules(const cpol_duty_problem *p)
{
	return cpol_rules_get_duty(p->rules ? p->rules : p->national);
}

int cpol_duty_problem_set_post(cpol_duty_problem *p, int person, const char *post)
{
	const cpol_rules_duty *du;
	char *copy = NULL;
	size_t i;

	if (!p)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_problem_set_post: problem is NULL");
	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	if (post) {
		du = problem_duty_rules(p);
		for (i = 0; i < du->post_count; i++)
			if (strcmp(du->posts[i], post) == 0)
				break;
		if (i == du->post_count)
			return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "post",
			                          "no post '%s' in the rules' duty.posts", post);
		if (!(copy = cpol__strdup(post)))
			return cpol__error_oom();
	}
	free(p->people[person].post);
	p->people[person].post = copy;
	p->posts_set = 1;
	return 0;
}

const char *cpol_duty_problem_post(const cpol_duty_problem *p, int person)
{
	const cpol_rules_duty *du;
	int i, k = 0;

	if (!p || person < 0 || person >= p->npeople)
		return NULL;
	if (p->posts_set)
		return p->people[person].post;
	/* By default the officers take the posts in order. */
	if (p->people[person].kind != CPOL_STAFF_OFFICER)
		return NULL;
	for (i = 0; i < person; i++)
		if (p->people[i].kind == CPOL_STAFF_OFFICER)
			k++;
	du = problem_duty_rules(p);
	return (size_t)k < du->post_count ? du->posts[k] : NULL;
}

int cpol_duty_problem_training_days(int *out, const cpol_duty_problem *p, int person, int year)
{
	cpol__duty_training t;
	int k;
	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	if ((k = year_index(p, year)) < 0)
		return bad_year(p, year);
	cpol__duty_training_of(p, person, k, &t);
	*out = t.total;
	return 0;
}

/* ---------------------------------------------------------------- shifts */

int cpol__duty_valid_code(const char *s)
{
	if (!s || !*s || strlen(s) > 32)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return 0;
	return 1;
}

int cpol_duty_problem_add_shift(int *out, cpol_duty_problem *p, const cpol_duty_shift *s)
{
	cpol_duty_shift *t;
	int i;

	if (!s || !cpol__duty_valid_code(s->code))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "code",
		                          "a shift code is 1-32 ASCII letters, digits, '_' or '-'");
	if (s->start < 0 || s->start >= 1440)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "start",
		                          "shift %s: start %d is not a minute of the day", s->code, s->start);
	if (s->end <= s->start || s->end > s->start + 1440)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "end",
		                          "shift %s: end %d must be after start and at most a day later",
		                          s->code, s->end);
	if (!(s->who & (CPOL_DUTY_WHO_OFFICER | CPOL_DUTY_WHO_AUXILIARY)))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "who", "shift %s is for nobody", s->code);
	if (s->need < 0 || s->need > 100)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "need", "shift %s: need %d out of 0..100",
		                          s->code, s->need);
	if (p->nshifts >= CPOL__DUTY_MAX_SHIFTS)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "code", "a problem holds at most %d shifts",
		                          CPOL__DUTY_MAX_SHIFTS);
	for (i = 0; i < p->nshifts; i++)
		if (strcmp(p->shifts[i].code, s->code) == 0)
			return cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, "code", "shift %s already exists", s->code);
	if (!p->shifts && !(p->shifts = calloc(CPOL__DUTY_MAX_SHIFTS, sizeof(*p->shifts))))
		return cpol__error_oom();
	t = &p->shifts[p->nshifts];
	*t = *s;
	t->code = cpol__strdup(s->code);
	t->name = cpol__strdup(s->name && *s->name ? s->name : s->code);
	if (!t->code || !t->name) {
		free((char *)t->code);
		free((char *)t->name);
		return cpol__error_oom();
	}
	t->who &= CPOL_DUTY_WHO_OFFICER | CPOL_DUTY_WHO_AUXILIARY;
	if (out)
		*out = p->nshifts;
	p->nshifts++;
	return 0;
}

int cpol_duty_problem_default_shifts(cpol_duty_problem *p)
{
	const cpol_duty_params *pr = &p->params;
	int ws = (int)pr->work_start.value, we = (int)pr->work_end.value;
	int hours = (int)pr->auxiliary_hours_per_day.value;
	int rc;

	if (p->nshifts > 0)
		return 0;
	if (ws < 0 || ws >= 1440 || we <= ws || we >= 1440)
		return cpol__error_set_at(CPOL_EINVAL, pr->work_end.ref ? pr->work_end.ref->file : NULL,
		                          pr->work_end.ref ? pr->work_end.ref->line : 0, 0, "duty.work_end",
		                          "the working day %d..%d (minutes) is not a day", ws, we);
	{
		cpol_duty_shift district = { "district", "在警务区(A岗)", ws, we, CPOL_DUTY_WHO_OFFICER,
		                             CPOL_SHIFT_IN_DISTRICT | CPOL_SHIFT_WORKING_DAYS, 0 };
		cpol_duty_shift reception = { "reception", "接待群众", ws, we, CPOL_DUTY_WHO_OFFICER,
		                              CPOL_SHIFT_IN_DISTRICT | CPOL_SHIFT_RECEPTION, 0 };
		cpol_duty_shift office = { "office", "警务室值守", ws, ws + hours * 60, CPOL_DUTY_WHO_AUXILIARY,
		                           CPOL_SHIFT_COVER, 1 };
		/* The night runs from the end of the day to the start of the next. */
		cpol_duty_shift night = { "night", "夜间值班", we, ws + 1440, CPOL_DUTY_WHO_OFFICER,
		                          CPOL_SHIFT_NIGHT, 0 };
		cpol_duty_shift patrol = { "patrol", "夜间巡逻", 19 * 60, 23 * 60, CPOL_DUTY_WHO_AUXILIARY,
		                           CPOL_SHIFT_PATROL, (int)pr->patrol_per_night.value };
		if (hours > 24)
			office.end = ws + 1440;
		if ((rc = cpol_duty_problem_add_shift(NULL, p, &district)) < 0 ||
		    (rc = cpol_duty_problem_add_shift(NULL, p, &reception)) < 0 ||
		    (hours > 0 && (rc = cpol_duty_problem_add_shift(NULL, p, &office)) < 0) ||
		    (rc = cpol_duty_problem_add_shift(NULL, p, &night)) < 0 ||
		    (rc = cpol_duty_problem_add_shift(NULL, p, &patrol)) < 0) {
			/* All five or none: a half set would pass for the caller's own shifts. */
			while (p->nshifts > 0) {
				p->nshifts--;
				free((char *)p->shifts[p->nshifts].code);
				free((char *)p->shifts[p->nshifts].name);
			}
			return rc;
		}
	}
	return 0;
}

int cpol__duty_problem_prepare(cpol_duty_problem *p)
{
	return cpol_duty_problem_default_shifts(p);
}

int cpol_duty_problem_shift_count(const cpol_duty_problem *p)
{
	return p->nshifts;
}

const cpol_duty_shift *cpol_duty_problem_get_shift(const cpol_duty_problem *p, int shift)
{
	return shift >= 0 && shift < p->nshifts ? &p->shifts[shift] : NULL;
}

int cpol_duty_problem_find_shift(int *out, const cpol_duty_problem *p, const char *code)
{
	int i;
	for (i = 0; code && i < p->nshifts; i++)
		if (strcmp(p->shifts[i].code, code) == 0) {
			*out = i;
			return 0;
		}
	return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "shift", "no shift '%s' in the roster problem",
	                          code ? code : "(null)");
}

/* --------------------------------------------------------------- rosters */

int cpol_duty_roster_new(cpol_duty_roster **out, cpol_duty_problem *problem)
{
	cpol_duty_roster *r;
	int rc;

	if (!out || !problem)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_roster_new: NULL argument");
	*out = NULL;
	if ((rc = cpol__duty_problem_prepare(problem)) < 0)
		return rc;
	if (!(r = calloc(1, sizeof(*r))))
		return cpol__error_oom();
	r->problem = problem;
	*out = r;
	return 0;
}

void cpol_duty_roster_free(cpol_duty_roster *r)
{
	if (!r)
		return;
	free(r->entries);
	free(r);
}

const cpol_duty_problem *cpol_duty_roster_problem(const cpol_duty_roster *r)
{
	return r->problem;
}

static int entry_cmp(const cpol_duty_entry *a, cpol_date date, int person, int shift)
{
	if (a->date != date)
		return a->date < date ? -1 : 1;
	if (a->person != person)
		return a->person < person ? -1 : 1;
	if (a->shift != shift)
		return a->shift < shift ? -1 : 1;
	return 0;
}

int cpol__duty_roster_put(cpol_duty_roster *r, int person, int day, int shift)
{
	const cpol_duty_problem *p = r->problem;
	cpol_date date = p->start + day;
	size_t lo = 0, hi = r->count;

	/* Generated rosters come in order: appending is the common case. */
	if (r->count && entry_cmp(&r->entries[r->count - 1], date, person, shift) < 0) {
		lo = r->count;
	} else {
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = entry_cmp(&r->entries[mid], date, person, shift);
			if (c == 0)
				return 0;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		cpol_duty_entry *t = realloc(r->entries, cap * sizeof(*t));
		if (!t)
			return cpol__error_oom();
		r->entries = t;
		r->cap = cap;
	}
	memmove(&r->entries[lo + 1], &r->entries[lo], (r->count - lo) * sizeof(*r->entries));
	r->entries[lo].person = person;
	r->entries[lo].person_id = p->people[person].id;
	r->entries[lo].date = date;
	r->entries[lo].shift = shift;
	r->entries[lo].shift_code = p->shifts[shift].code;
	r->count++;
	return 0;
}

int cpol_duty_roster_add(cpol_duty_roster *r, int person, cpol_date date, const char *shift)
{
	const cpol_duty_problem *p = r->problem;
	int d = cpol__duty_day_index(p, date), s, rc;

	if (person < 0 || person >= p->npeople)
		return bad_person(p, person);
	if (d < 0)
		return bad_day(p, date);
	if ((rc = cpol_duty_problem_find_shift(&s, p, shift)) < 0)
		return rc;
	return cpol__duty_roster_put(r, person, d, s);
}

int cpol_duty_roster_remove(int *removed, cpol_duty_roster *r, int person, cpol_date date,
                            const char *shift)
{
	size_t i, j = 0;
	int n = 0;

	if (person < 0 || person >= r->problem->npeople)
		return bad_person(r->problem, person);
	for (i = 0; i < r->count; i++) {
		const cpol_duty_entry *e = &r->entries[i];
		if (e->person == person && e->date == date && (!shift || strcmp(e->shift_code, shift) == 0)) {
			n++;
			continue;
		}
		r->entries[j++] = *e;
	}
	r->count = j;
	if (removed)
		*removed = n;
	return 0;
}

size_t cpol_duty_roster_count(const cpol_duty_roster *r)
{
	return r->count;
}

const cpol_duty_entry *cpol_duty_roster_get(const cpol_duty_roster *r, size_t index)
{
	return index < r->count ? &r->entries[index] : NULL;
}

uint64_t cpol_duty_roster_seed(const cpol_duty_roster *r)
{
	return r->seed;
}

int cpol__duty_roster_from_eval(cpol_duty_roster **out, const cpol__duty_eval *e)
{
	cpol_duty_roster *r;
	int d, i, s, rc;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return cpol__error_oom();
	r->problem = e->p;
	for (d = 0; d < e->nd; d++)
		for (i = 0; i < e->np; i++)
			for (s = 0; s < e->ns; s++)
				if ((e->cell[i * e->nd + d] >> s) & 1u)
					if ((rc = cpol__duty_roster_put(r, i, d, s)) < 0) {
						cpol_duty_roster_free(r);
						return rc;
					}
	*out = r;
	return 0;
}

/* ---------------------------------------------------------------- options */

int cpol_duty_generate_options_init(cpol_duty_generate_options *opts, unsigned int version)
{
	static const cpol_duty_generate_options defaults = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	if (!opts || version != CPOL_DUTY_GENERATE_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_duty_generate_options version %u", version);
	*opts = defaults;
	return 0;
}

int cpol_duty_export_options_init(cpol_duty_export_options *opts, unsigned int version)
{
	static const cpol_duty_export_options defaults = CPOL_DUTY_EXPORT_OPTIONS_INIT;
	if (!opts || version != CPOL_DUTY_EXPORT_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_duty_export_options version %u", version);
	*opts = defaults;
	return 0;
}

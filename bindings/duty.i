/*
 * libcommpolice — SWIG part of the duty module (rosters), %include'd by
 * bindings/commpolice.i.
 *
 * A DutyProblem owns its cpol_duty_problem and, when given a region, the
 * cpol_rules it borrows; rosters keep their problem alive by a reference
 * count, so that a garbage collector may free them in any order. Records
 * (entries, violations, conflicts) are read through index accessors; the
 * Python package and the Lua code below turn them into dicts and tables.
 */

/*
 * The helpers go in the runtime section: SWIG emits the %extend methods of
 * cpol_database (below) where that class is declared, before later %{ %}
 * blocks.
 */
%insert("runtime") %{
#include "commpolice.h"
#include <stdlib.h>
#include <string.h>

typedef struct cpol_duty_problem_h {
	cpol_duty_problem *p;
	cpol_rules *rules;
	int refs;
} cpol_duty_problem_h;

typedef struct cpol_duty_roster_h {
	cpol_duty_roster *r;
	cpol_duty_conflicts *conflicts;
	cpol_duty_problem_h *ph;
	int status;
	char *message;
} cpol_duty_roster_h;

typedef struct cpol_duty_report_h {
	cpol_duty_report *rep;
} cpol_duty_report_h;

typedef struct cpol_duty_diff_h {
	cpol_duty_diff *d;
} cpol_duty_diff_h;

typedef struct cpol_duty_swaps_h {
	cpol_duty_swaps *w;
} cpol_duty_swaps_h;

static void cpol_swig_duty_unref(cpol_duty_problem_h *ph)
{
	if (ph && --ph->refs == 0) {
		cpol_duty_problem_free(ph->p);
		cpol_rules_free(ph->rules);
		free(ph);
	}
}

static cpol_duty_roster_h *cpol_swig_duty_roster(cpol_duty_problem_h *ph, cpol_duty_roster *r,
                                                cpol_duty_conflicts *c, int status)
{
	cpol_duty_roster_h *h = calloc(1, sizeof(*h));
	if (!h) {
		cpol_duty_roster_free(r);
		cpol_duty_conflicts_free(c);
		cpol_error_set(CPOL_ENOMEM, NULL);
		return NULL;
	}
	h->r = r;
	h->conflicts = c;
	h->ph = ph;
	h->status = status;
	ph->refs++;
	return h;
}

static int cpol_swig_date(cpol_date *out, const char *text)
{
	if (!text)
		return cpol_error_set(CPOL_EINVAL, "no date given");
	return cpol_date_parse(out, text);
}

static int cpol_swig_kind(const char *kind)
{
	if (kind && !strcmp(kind, "officer"))
		return CPOL_STAFF_OFFICER;
	if (kind && !strcmp(kind, "auxiliary"))
		return CPOL_STAFF_AUXILIARY;
	return 0;
}

static int cpol_swig_away(const char *why)
{
	static const char *const names[] = { "", "leave", "training", "sick", "other", "unassigned" };
	int i;
	for (i = 1; why && i < 6; i++)
		if (!strcmp(why, names[i]))
			return i;
	return 0;
}
%}

%rename(DutyProblem) cpol_duty_problem_h;
CPOL_RAISING_CONSTRUCTOR(cpol_duty_problem_h::cpol_duty_problem_h)
typedef struct cpol_duty_problem_h {} cpol_duty_problem_h;

%rename(DutyRoster) cpol_duty_roster_h;
typedef struct cpol_duty_roster_h {} cpol_duty_roster_h;

%rename(DutyReport) cpol_duty_report_h;
typedef struct cpol_duty_report_h {} cpol_duty_report_h;

%rename(DutyDiff) cpol_duty_diff_h;
typedef struct cpol_duty_diff_h {} cpol_duty_diff_h;

%rename(DutySwaps) cpol_duty_swaps_h;
typedef struct cpol_duty_swaps_h {} cpol_duty_swaps_h;

%newobject cpol_duty_problem_h::repair;
%newobject cpol_duty_roster_h::diff;
%newobject cpol_duty_roster_h::swap_check;
CPOL_RAISING_NULL(cpol_duty_problem_h::repair)
CPOL_RAISING_NULL(cpol_duty_roster_h::diff)
CPOL_RAISING_NULL(cpol_duty_roster_h::swap_check)

%newobject cpol_duty_problem_h::generate;
%newobject cpol_duty_problem_h::roster;
%newobject cpol_duty_problem_h::roster_from_csv;
%newobject cpol_duty_roster_h::check;
%newobject cpol_duty_roster_h::csv;
%newobject cpol_duty_roster_h::ics;
CPOL_RAISING_NULL(cpol_duty_problem_h::generate)
CPOL_RAISING_NULL(cpol_duty_problem_h::roster)
CPOL_RAISING_NULL(cpol_duty_problem_h::roster_from_csv)
CPOL_RAISING_NULL(cpol_duty_roster_h::check)
CPOL_RAISING_NULL(cpol_duty_roster_h::csv)
CPOL_RAISING_NULL(cpol_duty_roster_h::ics)

%extend cpol_duty_problem_h {
	/*
	 * A problem over ndays days from first_day ("YYYY-MM-DD"), optionally
	 * with a region's rules. (Parameters are not named start/end: rules.i
	 * applies an output typemap to char *start and char *end.)
	 */
	cpol_duty_problem_h(const char *first_day, int ndays, const char *region = NULL) {
		cpol_duty_problem_h *h;
		cpol_date d;
		if (cpol_swig_date(&d, first_day) < 0)
			return NULL;
		if (!(h = calloc(1, sizeof(*h)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		h->refs = 1;
		if (cpol_duty_problem_new(&h->p, d, ndays) < 0 ||
		    (region && (cpol_rules_load_region(&h->rules, region, NULL) < 0 ||
		                cpol_duty_problem_set_rules(h->p, h->rules) < 0))) {
			cpol_duty_problem_free(h->p);
			cpol_rules_free(h->rules);
			free(h);
			return NULL;
		}
		return h;
	}
	~cpol_duty_problem_h() {
		cpol_swig_duty_unref($self);
	}
	cpol_date start() { return cpol_duty_problem_start($self->p); }
	int days() { return cpol_duty_problem_days($self->p); }
	const char *region() { return $self->rules ? cpol_rules_region($self->rules) : NULL; }
	/* Add a person: kind "officer" or "auxiliary"; returns the index. */
	cpol_status add_person(const char *name, const char *kind, int dedicated = 0, long long id = 0) {
		int i = -1, k = cpol_swig_kind(kind), rc;
		if (!k)
			return cpol_error_set(CPOL_EINVAL, "kind is \"officer\" or \"auxiliary\"");
		rc = cpol_duty_problem_add_person(&i, $self->p, id, name, (cpol_staff_kind)k, dedicated);
		return rc < 0 ? rc : i;
	}
	int person_count() { return cpol_duty_problem_person_count($self->p); }
	const char *person_name(int i) {
		const char *n = NULL;
		return cpol_duty_problem_get_person(NULL, &n, NULL, NULL, $self->p, i) < 0 ? NULL : n;
	}
	long long person_id(int i) {
		cpol_id id = 0;
		cpol_duty_problem_get_person(&id, NULL, NULL, NULL, $self->p, i);
		return id;
	}
	/* Mark a person away: why is leave, training, sick, other or unassigned. */
	cpol_status set_away(int person, const char *from, const char *to, const char *why = "leave",
	                     long long source_id = 0) {
		cpol_date a, b;
		int w = cpol_swig_away(why), rc;
		if (!w)
			return cpol_error_set(CPOL_EINVAL, "why is leave, training, sick, other or unassigned");
		if ((rc = cpol_swig_date(&a, from)) < 0 || (rc = cpol_swig_date(&b, to)) < 0)
			return rc;
		return cpol_duty_problem_set_away($self->p, person, a, b, (cpol_duty_away)w, source_id);
	}
	cpol_status add_preference(int person, int want, const char *shift = NULL, const char *date = NULL,
	                           int weekdays = 0, int weight = 1, long long source_id = 0) {
		cpol_duty_preference q = CPOL_DUTY_PREFERENCE_INIT;
		int rc;
		if (date && (rc = cpol_swig_date(&q.date, date)) < 0)
			return rc;
		q.want = want;
		q.shift = shift;
		q.weekdays = (unsigned)weekdays;
		q.weight = weight;
		return cpol_duty_problem_add_preference($self->p, person, &q, source_id);
	}
	/* Days of concentrated training in a calendar year outside the problem's days. */
	cpol_status set_training_outside(int person, int year, int days) {
		return cpol_duty_problem_set_training_outside($self->p, person, year, days);
	}
	/* Put a person on a post of the rules' A/B rotation (duty.posts); None: on none. */
	cpol_status set_post(int person, const char *post = NULL) {
		return cpol_duty_problem_set_post($self->p, person, post);
	}
	/* The post a person holds (set, or the officers in order by default); None when none. */
	const char *post(int person) {
		return cpol_duty_problem_post($self->p, person);
	}
	/* Days of concentrated training in a calendar year, inside the problem and outside. */
	cpol_status training_days(int person, int year) {
		int n = 0, rc = cpol_duty_problem_training_days(&n, $self->p, person, year);
		return rc < 0 ? rc : n;
	}
	/* Minutes of duty in earlier rosters (nights, weekends, holidays, all) and the days there. */
	cpol_status set_history(int person, int night_minutes, int weekend_minutes, int holiday_minutes,
	                        int minutes, int days) {
		cpol_duty_history h;
		h.night_minutes = night_minutes;
		h.weekend_minutes = weekend_minutes;
		h.holiday_minutes = holiday_minutes;
		h.minutes = minutes;
		h.days = days;
		return cpol_duty_problem_set_history($self->p, person, &h);
	}
	cpol_status set_param(const char *name, long long value) {
		return cpol_duty_problem_set_param($self->p, name, value);
	}
	cpol_status get_param(const char *name) {
		int64_t v = 0;
		int rc = cpol_duty_problem_get_param(&v, NULL, $self->p, name);
		return rc < 0 ? rc : (int)v;
	}
	const char *param_key(const char *name) {
		const cpol_rule_ref *r = NULL;
		return cpol_duty_problem_get_param(NULL, &r, $self->p, name) < 0 ? NULL : r->key;
	}
	const char *param_file(const char *name) {
		const cpol_rule_ref *r = NULL;
		return cpol_duty_problem_get_param(NULL, &r, $self->p, name) < 0 ? NULL : r->file;
	}
	/* Flags of a day: 1 working, 2 reception, 4 market, 8 holiday, 16 weekend. */
	cpol_status day_flags(const char *date) {
		cpol_date d;
		unsigned f = 0;
		int rc;
		if ((rc = cpol_swig_date(&d, date)) < 0 || (rc = cpol_duty_problem_get_day(&f, NULL, $self->p, d)) < 0)
			return rc;
		return (int)f;
	}
	cpol_status set_day(const char *date, int flags) {
		cpol_date d;
		int rc;
		if ((rc = cpol_swig_date(&d, date)) < 0)
			return rc;
		return cpol_duty_problem_set_day($self->p, d, (unsigned)flags, NULL);
	}
	cpol_status add_shift(const char *code, const char *name, int start, int end, int who, int flags,
	                      int need = 0) {
		cpol_duty_shift s;
		int i = -1, rc;
		s.code = code;
		s.name = name;
		s.start = start;
		s.end = end;
		s.who = (unsigned)who;
		s.flags = (unsigned)flags;
		s.need = need;
		rc = cpol_duty_problem_add_shift(&i, $self->p, &s);
		return rc < 0 ? rc : i;
	}
	cpol_status shift_count() {
		int rc = cpol_duty_problem_default_shifts($self->p);
		return rc < 0 ? rc : cpol_duty_problem_shift_count($self->p);
	}
	const char *shift_code(int i) {
		const cpol_duty_shift *s = cpol_duty_problem_get_shift($self->p, i);
		return s ? s->code : NULL;
	}
	const char *shift_name(int i) {
		const cpol_duty_shift *s = cpol_duty_problem_get_shift($self->p, i);
		return s ? s->name : NULL;
	}
	/* Generate; a roster comes back on a conflict too: see DutyRoster.conflict_count(). */
	/* Generate; pinned: a roster of this problem whose cells are kept, or None. */
	cpol_duty_roster_h *generate(unsigned long long seed = 1, int method = 0, int restarts = 0,
	                             cpol_duty_roster_h *pinned = NULL) {
		cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
		cpol_duty_roster *r = NULL;
		cpol_duty_conflicts *c = NULL;
		cpol_duty_roster_h *h;
		int rc;
		o.seed = seed;
		o.method = (cpol_duty_method)method;
		o.restarts = restarts;
		o.pinned = pinned ? pinned->r : NULL;
		rc = cpol_duty_generate(&r, &c, $self->p, &o);
		if (rc < 0 && rc != CPOL_ECONFLICT)
			return NULL;
		h = cpol_swig_duty_roster($self, r, c, rc);
		if (h && rc < 0)
			h->message = strdup(cpol_error_last()->message);
		return h;
	}
	/* Repair a published roster of this problem from a day on; a roster comes back on a conflict too. */
	cpol_duty_roster_h *repair(cpol_duty_roster_h *published, const char *from, unsigned long long seed = 1,
	                           int restarts = 0, cpol_duty_roster_h *pinned = NULL) {
		cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
		cpol_duty_roster *r = NULL;
		cpol_duty_conflicts *c = NULL;
		cpol_duty_roster_h *h;
		cpol_date d;
		int rc;
		if (!published) {
			cpol_error_set(CPOL_EINVAL, "no published roster");
			return NULL;
		}
		if (cpol_swig_date(&d, from) < 0)
			return NULL;
		o.seed = seed;
		o.restarts = restarts;
		o.pinned = pinned ? pinned->r : NULL;
		rc = cpol_duty_repair(&r, &c, $self->p, published->r, d, &o);
		if (rc < 0 && rc != CPOL_ECONFLICT)
			return NULL;
		h = cpol_swig_duty_roster($self, r, c, rc);
		if (h && rc < 0)
			h->message = strdup(cpol_error_last()->message);
		return h;
	}
	/* An empty roster to fill by hand. */
	cpol_duty_roster_h *roster() {
		cpol_duty_roster *r = NULL;
		if (cpol_duty_roster_new(&r, $self->p) < 0)
			return NULL;
		return cpol_swig_duty_roster($self, r, NULL, 0);
	}
	cpol_duty_roster_h *roster_from_csv(const char *text) {
		cpol_duty_roster *r = NULL;
		if (cpol_duty_roster_from_csv(&r, $self->p, text) < 0)
			return NULL;
		return cpol_swig_duty_roster($self, r, NULL, 0);
	}
}

%extend cpol_duty_roster_h {
	~cpol_duty_roster_h() {
		cpol_duty_roster_free($self->r);
		cpol_duty_conflicts_free($self->conflicts);
		cpol_swig_duty_unref($self->ph);
		free($self->message);
		free($self);
	}
	/* 0, or the error code of the generation (CPOL_ECONFLICT) when it came with conflicts. */
	int status() { return $self->status; }
	const char *error_message() { return $self->message; }
	unsigned long long seed() { return cpol_duty_roster_seed($self->r); }
	int count() { return (int)cpol_duty_roster_count($self->r); }
	int entry_person(int i) { const cpol_duty_entry *e = cpol_duty_roster_get($self->r, (size_t)i); return e ? e->person : -1; }
	long long entry_person_id(int i) { const cpol_duty_entry *e = cpol_duty_roster_get($self->r, (size_t)i); return e ? e->person_id : 0; }
	cpol_date entry_date(int i) { const cpol_duty_entry *e = cpol_duty_roster_get($self->r, (size_t)i); return e ? e->date : CPOL_DATE_NONE; }
	const char *entry_shift(int i) { const cpol_duty_entry *e = cpol_duty_roster_get($self->r, (size_t)i); return e ? e->shift_code : NULL; }
	cpol_status add(int person, const char *date, const char *shift) {
		cpol_date d;
		int rc;
		if ((rc = cpol_swig_date(&d, date)) < 0)
			return rc;
		return cpol_duty_roster_add($self->r, person, d, shift);
	}
	cpol_status remove(int person, const char *date, const char *shift = NULL) {
		cpol_date d;
		int rc, n = 0;
		if ((rc = cpol_swig_date(&d, date)) < 0 || (rc = cpol_duty_roster_remove(&n, $self->r, person, d, shift)) < 0)
			return rc;
		return n;
	}
	cpol_duty_report_h *check() {
		cpol_duty_report_h *h = calloc(1, sizeof(*h));
		if (!h) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_duty_check(&h->rep, $self->r) < 0) {
			free(h);
			return NULL;
		}
		return h;
	}
	char *csv(int person = -1) {
		cpol_duty_export_options o = CPOL_DUTY_EXPORT_OPTIONS_INIT;
		char *s = NULL;
		o.person = person;
		return cpol_duty_export_csv(&s, $self->r, &o) < 0 ? NULL : s;
	}
	char *ics(int person = -1, const char *calendar_name = NULL, const char *uid_domain = NULL,
	          long long dtstamp = 0) {
		cpol_duty_export_options o = CPOL_DUTY_EXPORT_OPTIONS_INIT;
		char *s = NULL;
		o.person = person;
		o.calendar_name = calendar_name;
		o.uid_domain = uid_domain;
		o.dtstamp = dtstamp;
		return cpol_duty_export_ics(&s, $self->r, &o) < 0 ? NULL : s;
	}
	/* The cells in which `after` differs from this roster. */
	cpol_duty_diff_h *diff(cpol_duty_roster_h *after) {
		cpol_duty_diff_h *h = calloc(1, sizeof(*h));
		if (!h) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (!after || cpol_duty_roster_diff(&h->d, $self->r, after->r) < 0) {
			if (!after)
				cpol_error_set(CPOL_EINVAL, "no roster to compare with");
			free(h);
			return NULL;
		}
		return h;
	}
	/* Who can take person's shift on a day, and why each other cannot. */
	cpol_duty_swaps_h *swap_check(int person, const char *date, const char *shift) {
		cpol_duty_swaps_h *h;
		cpol_date d;
		if (cpol_swig_date(&d, date) < 0)
			return NULL;
		if (!(h = calloc(1, sizeof(*h)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_duty_swap_check(&h->w, $self->r, person, d, shift) < 0) {
			free(h);
			return NULL;
		}
		return h;
	}
	/* Conflicts of a generation that failed (0 when it met every hard rule). */
	int conflict_count() { return (int)cpol_duty_conflicts_count($self->conflicts); }
	const char *conflict_rule(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->rule_name : NULL; }
	const char *conflict_key(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->ref->key : NULL; }
	const char *conflict_file(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->ref->file : NULL; }
	int conflict_line(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->ref->line : 0; }
	int conflict_person(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->person : -1; }
	cpol_date conflict_date(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->date : CPOL_DATE_NONE; }
	cpol_date conflict_date_end(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->date_end : CPOL_DATE_NONE; }
	int conflict_proven(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->proven : 0; }
	const char *conflict_message(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? c->message : NULL; }
	int cause_count(int i) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c ? (int)c->cause_count : 0; }
	const char *cause_rule(int i, int j) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c && j >= 0 && (size_t)j < c->cause_count ? c->causes[j].rule_name : NULL; }
	const char *cause_key(int i, int j) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c && j >= 0 && (size_t)j < c->cause_count ? c->causes[j].ref->key : NULL; }
	int cause_person(int i, int j) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c && j >= 0 && (size_t)j < c->cause_count ? c->causes[j].person : -1; }
	cpol_date cause_date(int i, int j) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c && j >= 0 && (size_t)j < c->cause_count ? c->causes[j].date : CPOL_DATE_NONE; }
	long long cause_source_id(int i, int j) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c && j >= 0 && (size_t)j < c->cause_count ? c->causes[j].source_id : 0; }
	const char *cause_message(int i, int j) { const cpol_duty_conflict *c = cpol_duty_conflicts_get($self->conflicts, (size_t)i); return c && j >= 0 && (size_t)j < c->cause_count ? c->causes[j].message : NULL; }
}

%extend cpol_duty_diff_h {
	~cpol_duty_diff_h() {
		cpol_duty_diff_free($self->d);
		free($self);
	}
	int count() { return (int)cpol_duty_diff_count($self->d); }
	int people() { return cpol_duty_diff_people($self->d); }
	int c_person(int i) { const cpol_duty_change *c = cpol_duty_diff_get($self->d, (size_t)i); return c ? c->person : -1; }
	long long c_person_id(int i) { const cpol_duty_change *c = cpol_duty_diff_get($self->d, (size_t)i); return c ? c->person_id : 0; }
	cpol_date c_date(int i) { const cpol_duty_change *c = cpol_duty_diff_get($self->d, (size_t)i); return c ? c->date : CPOL_DATE_NONE; }
	const char *c_before(int i) { const cpol_duty_change *c = cpol_duty_diff_get($self->d, (size_t)i); return c ? c->before : NULL; }
	const char *c_after(int i) { const cpol_duty_change *c = cpol_duty_diff_get($self->d, (size_t)i); return c ? c->after : NULL; }
}

%extend cpol_duty_swaps_h {
	~cpol_duty_swaps_h() {
		cpol_duty_swaps_free($self->w);
		free($self);
	}
	int count() { return (int)cpol_duty_swaps_count($self->w); }
	int s_person(int i) { const cpol_duty_swap *x = cpol_duty_swaps_get($self->w, (size_t)i); return x ? x->person : -1; }
	long long s_person_id(int i) { const cpol_duty_swap *x = cpol_duty_swaps_get($self->w, (size_t)i); return x ? x->person_id : 0; }
	int s_ok(int i) { const cpol_duty_swap *x = cpol_duty_swaps_get($self->w, (size_t)i); return x ? x->ok : 0; }
	const char *s_rule(int i) { const cpol_duty_swap *x = cpol_duty_swaps_get($self->w, (size_t)i); return x ? x->rule_name : NULL; }
	const char *s_key(int i) { const cpol_duty_swap *x = cpol_duty_swaps_get($self->w, (size_t)i); return x && x->ref ? x->ref->key : NULL; }
	long long s_penalty_change(int i) { const cpol_duty_swap *x = cpol_duty_swaps_get($self->w, (size_t)i); return x ? x->penalty_change : 0; }
	const char *s_message(int i) { const cpol_duty_swap *x = cpol_duty_swaps_get($self->w, (size_t)i); return x ? x->message : NULL; }
}

%extend cpol_duty_report_h {
	~cpol_duty_report_h() {
		cpol_duty_report_free($self->rep);
		free($self);
	}
	int hard() { return cpol_duty_report_hard($self->rep); }
	long long penalty() { return cpol_duty_report_penalty($self->rep); }
	int count() { return (int)cpol_duty_report_count($self->rep); }
	const char *v_rule(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->rule_name : NULL; }
	const char *v_key(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->ref->key : NULL; }
	const char *v_file(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->ref->file : NULL; }
	int v_line(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->ref->line : 0; }
	int v_hard(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->hard : 0; }
	int v_person(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->person : -1; }
	long long v_person_id(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->person_id : 0; }
	cpol_date v_date(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->date : CPOL_DATE_NONE; }
	cpol_date v_date_end(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->date_end : CPOL_DATE_NONE; }
	int v_amount(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->amount : 0; }
	long long v_penalty(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->penalty : 0; }
	long long v_source_id(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->source_id : 0; }
	const char *v_message(int i) { const cpol_duty_violation *v = cpol_duty_report_get($self->rep, (size_t)i); return v ? v->message : NULL; }
	int score_count() { return (int)cpol_duty_report_score_count($self->rep); }
	const char *s_rule(int i) { const cpol_duty_score *s = cpol_duty_report_score($self->rep, (size_t)i); return s ? s->rule_name : NULL; }
	const char *s_key(int i) { const cpol_duty_score *s = cpol_duty_report_score($self->rep, (size_t)i); return s ? s->ref->key : NULL; }
	const char *s_file(int i) { const cpol_duty_score *s = cpol_duty_report_score($self->rep, (size_t)i); return s ? s->ref->file : NULL; }
	int s_hard(int i) { const cpol_duty_score *s = cpol_duty_report_score($self->rep, (size_t)i); return s ? s->hard : 0; }
	int s_count(int i) { const cpol_duty_score *s = cpol_duty_report_score($self->rep, (size_t)i); return s ? s->count : 0; }
	int s_amount(int i) { const cpol_duty_score *s = cpol_duty_report_score($self->rep, (size_t)i); return s ? s->amount : 0; }
	long long s_penalty(int i) { const cpol_duty_score *s = cpol_duty_report_score($self->rep, (size_t)i); return s ? s->penalty : 0; }
}

/*
 * Rosters in the database: absences and preferences of staff, an office's
 * problem loaded for a period, rosters stored and loaded back. Methods that
 * return a new record's id raise through %exception (a typemap on the
 * return type does not reach methods added to cpol_database by %extend).
 */
%define CPOL_DUTY_RAISING_ID(method)
%exception method {
	$action
	if (result < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
}
%enddef
CPOL_DUTY_RAISING_ID(cpol_database::duty_away_add)
CPOL_DUTY_RAISING_ID(cpol_database::duty_preference_add)
CPOL_DUTY_RAISING_ID(cpol_database::duty_roster_store)
%newobject cpol_database::duty_problem_load;
%newobject cpol_database::duty_roster_load;
CPOL_RAISING_NULL(cpol_database::duty_problem_load)
CPOL_RAISING_NULL(cpol_database::duty_roster_load)
%newobject cpol_database::duty_staff_posts;
CPOL_RAISING_NULL(cpol_database::duty_staff_posts)
%feature("kwargs") cpol_database::duty_away_add;
%feature("kwargs") cpol_database::duty_preference_add;
%feature("kwargs") cpol_database::duty_problem_load;

%extend cpol_database {
	/* Record an absence: why is leave, training, sick or other; the new record's id. */
	long long duty_away_add(long long staff_id, const char *why, const char *date_from,
	                        const char *date_to, const char *note = NULL) {
		cpol_date a, b;
		cpol_id id = 0;
		int w = cpol_swig_away(why), rc;
		CPOL_DB_OR_FAIL($self);
		if (!w || w == CPOL_DUTY_AWAY_UNASSIGNED)
			return cpol_error_set(CPOL_EINVAL, "why is leave, training, sick or other");
		if ((rc = cpol_swig_date(&a, date_from)) < 0 || (rc = cpol_swig_date(&b, date_to)) < 0)
			return rc;
		rc = cpol_duty_away_add(&id, db, staff_id, (cpol_duty_away)w, a, b, note);
		return rc < 0 ? rc : id;
	}
	cpol_status duty_away_archive(long long id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_duty_away_archive(db, id);
	}
	/* Record a preference (want 1 or -1; weekdays a mask, bit n = ISO weekday n); its id. */
	long long duty_preference_add(long long staff_id, int want, const char *shift = NULL,
	                              const char *date = NULL, int weekdays = 0, int weight = 1) {
		cpol_duty_preference q = CPOL_DUTY_PREFERENCE_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if (date && (rc = cpol_swig_date(&q.date, date)) < 0)
			return rc;
		q.want = want;
		q.shift = shift;
		q.weekdays = (unsigned)weekdays;
		q.weight = weight;
		rc = cpol_duty_preference_add(&id, db, staff_id, &q);
		return rc < 0 ? rc : id;
	}
	cpol_status duty_preference_archive(long long id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_duty_preference_archive(db, id);
	}
	/* The posts of the A/B rotation a staff member can hold, comma-separated ("A,B"; "" for none). */
	char *duty_staff_posts(long long staff_id) {
		cpol_db *db = cpol_swig_db($self);
		char *s = NULL;
		return !db || cpol_duty_staff_posts(&s, db, staff_id) < 0 ? NULL : s;
	}
	/* Set them: comma-separated, "" for none (cpol_duty_staff_posts_set). */
	cpol_status duty_staff_posts_set(long long staff_id, const char *posts) {
		CPOL_DB_OR_FAIL($self);
		return cpol_duty_staff_posts_set(db, staff_id, posts);
	}
	/*
	 * The roster problem of an office over ndays days from first_day, with the
	 * rules of region (None/nil: the office's own region; "": the library's
	 * defaults) and the history of the history_days days before.
	 */
	cpol_duty_problem_h *duty_problem_load(long long office_id, const char *first_day, int ndays,
	                                       const char *region = NULL, int history_days = 90) {
		cpol_db *db = cpol_swig_db($self);
		cpol_duty_problem_h *h;
		char *own = NULL;
		cpol_date d;
		if (!db || cpol_swig_date(&d, first_day) < 0)
			return NULL;
		if (!region) {
			if (cpol_office_region(&own, db, office_id) < 0)
				return NULL;
			region = own;
		}
		if (!(h = calloc(1, sizeof(*h)))) {
			free(own);
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		h->refs = 1;
		if ((*region && cpol_rules_load_region(&h->rules, region, NULL) < 0) ||
		    cpol_duty_problem_load(&h->p, db, office_id, d, ndays, h->rules, history_days) < 0) {
			cpol_rules_free(h->rules);
			free(h);
			free(own);
			return NULL;
		}
		free(own);
		return h;
	}
	/* Store a roster for an office (archiving the live ones it replaces); its id. */
	long long duty_roster_store(long long office_id, cpol_duty_roster_h *roster) {
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if (!roster)
			return cpol_error_set(CPOL_EINVAL, "no roster given");
		rc = cpol_duty_roster_store(&id, db, office_id, roster->r);
		return rc < 0 ? rc : id;
	}
	/* The live stored roster of an office over a problem's days. */
	cpol_duty_roster_h *duty_roster_load(long long office_id, cpol_duty_problem_h *problem) {
		cpol_db *db = cpol_swig_db($self);
		cpol_duty_roster *r = NULL;
		if (!db)
			return NULL;
		if (!problem) {
			cpol_error_set(CPOL_EINVAL, "no problem given");
			return NULL;
		}
		if (cpol_duty_roster_load(&r, db, office_id, problem->p) < 0)
			return NULL;
		return cpol_swig_duty_roster(problem, r, NULL, 0);
	}
}

#ifdef SWIGLUA
%luacode {
  -- Lua idioms for rosters: tables for violations, scores and conflicts;
  -- generate raises a commpolice error table (with .conflicts) on a conflict.
  local function report_table(rep)
    local t = { hard = rep:hard(), penalty = rep:penalty(), violations = {}, scores = {} }
    for i = 0, rep:count() - 1 do
      t.violations[#t.violations + 1] = {
        rule = rep:v_rule(i), key = rep:v_key(i), file = rep:v_file(i), line = rep:v_line(i),
        hard = rep:v_hard(i) == 1, person = rep:v_person(i), person_id = rep:v_person_id(i),
        date = rep:v_date(i), date_end = rep:v_date_end(i), amount = rep:v_amount(i),
        penalty = rep:v_penalty(i), source_id = rep:v_source_id(i), message = rep:v_message(i) }
    end
    for i = 0, rep:score_count() - 1 do
      t.scores[rep:s_rule(i)] = { key = rep:s_key(i), file = rep:s_file(i), hard = rep:s_hard(i) == 1,
        count = rep:s_count(i), amount = rep:s_amount(i), penalty = rep:s_penalty(i) }
    end
    return t
  end
  local function conflicts_table(r)
    local list = {}
    for i = 0, r:conflict_count() - 1 do
      local c = { rule = r:conflict_rule(i), key = r:conflict_key(i), file = r:conflict_file(i),
        line = r:conflict_line(i), person = r:conflict_person(i), date = r:conflict_date(i),
        date_end = r:conflict_date_end(i), proven = r:conflict_proven(i) == 1,
        message = r:conflict_message(i), causes = {} }
      for j = 0, r:cause_count(i) - 1 do
        c.causes[#c.causes + 1] = { rule = r:cause_rule(i, j), key = r:cause_key(i, j),
          person = r:cause_person(i, j), date = r:cause_date(i, j),
          source_id = r:cause_source_id(i, j), message = r:cause_message(i, j) }
      end
      list[#list + 1] = c
    end
    return list
  end
  commpolice.duty_report = report_table
  commpolice.duty_conflicts = conflicts_table
  -- roster = commpolice.duty_generate(problem, seed): raises on a conflict.
  function commpolice.duty_generate(problem, ...)
    local r = problem:generate(...)
    if r:status() < 0 then
      local err = { code = r:status(), name = "CPOL_ECONFLICT", message = r:error_message(),
                    conflicts = conflicts_table(r), roster = r }
      setmetatable(err, { __tostring = function(e) return e.message end })
      error(err)
    end
    return r
  end
  -- id = commpolice.duty_preference_add(db, staff_id, {want = -1, shift = "night",
  --        weekdays = {5, 6}, date = "2024-05-10", weight = 3}): weekdays as ISO numbers.
  function commpolice.duty_preference_add(db, staff_id, t)
    t = t or {}
    local mask = 0
    for _, wd in ipairs(t.weekdays or {}) do
      if math.type(wd) ~= "integer" or wd < 1 or wd > 7 then
        local code = 0
        for i = 0, commpolice.error_kind_count() - 1 do
          if commpolice.error_kind_name(i) == "CPOL_EINVAL" then code = commpolice.error_kind_code(i) end
        end
        local err = { code = code, name = "CPOL_EINVAL", field = "weekdays", line = 0, column = 0,
                      message = "weekdays are ISO weekday numbers 1 (Monday) to 7 (Sunday)" }
        error(setmetatable(err, { __tostring = function(e) return e.message end }))
      end
      mask = mask | (1 << wd)
    end
    return db:duty_preference_add(staff_id, t.want or 1, t.shift, t.date, mask, t.weight or 1)
  end
  -- problem = commpolice.duty_problem_load(db, office_id, "2024-05-01", 31,
  --             {region = "ab_office", history_days = 90}): options may be left out.
  function commpolice.duty_problem_load(db, office_id, start, ndays, t)
    t = t or {}
    return db:duty_problem_load(office_id, start, ndays, t.region, t.history_days or 90)
  end
  -- changes = commpolice.duty_diff(before, after): {person, person_id, date, before, after} each.
  function commpolice.duty_diff(before, after)
    local d, list = before:diff(after), {}
    for i = 0, d:count() - 1 do
      list[#list + 1] = { person = d:c_person(i), person_id = d:c_person_id(i), date = d:c_date(i),
                          before = d:c_before(i), after = d:c_after(i) }
    end
    return list, d:people()
  end
  -- candidates = commpolice.duty_swap_check(roster, person, date, shift)
  function commpolice.duty_swap_check(r, person, date, shift)
    local w, list = r:swap_check(person, date, shift), {}
    for i = 0, w:count() - 1 do
      list[#list + 1] = { person = w:s_person(i), person_id = w:s_person_id(i), ok = w:s_ok(i) == 1,
                          rule = w:s_rule(i), key = w:s_key(i), penalty_change = w:s_penalty_change(i),
                          message = w:s_message(i) }
    end
    return list
  end
  -- roster = commpolice.duty_repair(problem, published, from, seed): raises on a conflict.
  function commpolice.duty_repair(problem, published, from, ...)
    local r = problem:repair(published, from, ...)
    if r:status() < 0 then
      local err = { code = r:status(), name = "CPOL_ECONFLICT", message = r:error_message(),
                    conflicts = conflicts_table(r), roster = r }
      setmetatable(err, { __tostring = function(e) return e.message end })
      error(err)
    end
    return r
  end
  -- for e in commpolice.duty_entries(roster) do ... end
  function commpolice.duty_entries(r)
    local i, n = -1, r:count()
    return function()
      i = i + 1
      if i >= n then return nil end
      return { person = r:entry_person(i), person_id = r:entry_person_id(i),
               date = r:entry_date(i), shift = r:entry_shift(i) }
    end
  end
}
#endif

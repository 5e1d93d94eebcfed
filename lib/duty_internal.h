/*
 * libcommpolice — duty: declarations shared by lib/duty*.c. Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_DUTY_INTERNAL_H
#define CPOL_DUTY_INTERNAL_H

#include "internal.h"
#include "commpolice/duty.h"

/* A problem may hold at most this many shifts: a cell is a bit mask. */
#define CPOL__DUTY_MAX_SHIFTS 32

typedef struct cpol__duty_person {
	cpol_id id;
	char *name;
	cpol_staff_kind kind;
	int dedicated;
	unsigned char *away;     /* per day: cpol_duty_away, 0 when present */
	cpol_id *away_src;       /* per day: the availability record */
	cpol_duty_history hist;
	int training_outside[2]; /* training days outside the problem in its first year and the next */
	char *post;              /* the rotation post set (cpol_duty_problem_set_post), or NULL */
} cpol__duty_person;

typedef struct cpol__duty_pref {
	int person;
	cpol_date date;
	unsigned int weekdays;
	char *shift;             /* NULL: any shift */
	int want;
	int weight;
	cpol_id source_id;
} cpol__duty_pref;

typedef struct cpol__duty_day {
	unsigned int flags;                  /* cpol_duty_day_flag */
	const cpol_rule_ref *working_ref;    /* what made it a working day or not */
	const cpol_rule_ref *reception_ref;  /* what made it a reception day (or the rule that could) */
} cpol__duty_day;

struct cpol_duty_problem {
	cpol_date start;
	int ndays;
	cpol_duty_params params;
	cpol__duty_day *days;
	cpol__duty_person *people;
	int npeople, people_cap;
	cpol__duty_pref *prefs;
	int nprefs, prefs_cap;
	cpol_duty_shift *shifts;             /* code and name owned */
	int nshifts;
	const cpol_rules *rules;             /* borrowed, may be NULL */
	cpol_rules *national;                /* owned: the national rules the parameters start from */
	char *name;                          /* office name for exports, or NULL */
	int posts_set;                       /* a post was set: only the posts set count */
};

struct cpol_duty_roster {
	const cpol_duty_problem *problem;
	cpol_duty_entry *entries;            /* sorted: date, person, shift */
	size_t count, cap;
	uint64_t seed;
};

/* ------------------------------------------------------------ evaluation */

/* Cost: hard units first, then soft points. */
/*
 * Cost: hard units first, then (when re-planning) cells changed from the
 * published roster, then soft points.
 */
typedef struct cpol__duty_cost {
	int64_t hard;
	int64_t soft;
	int64_t changes;
} cpol__duty_cost;

/* Counters kept per person for fairness. */
enum { CPOL__FAIR_NIGHTS, CPOL__FAIR_WEEKENDS, CPOL__FAIR_HOLIDAYS, CPOL__FAIR_LOAD, CPOL__FAIR_N };

/*
 * The evaluation state of a grid of cells (person x day -> mask of shifts),
 * shared by check (any masks) and generate (one shift or none per cell).
 * Everything the cost depends on is derived once from the problem here, and
 * the counters are kept up to date by cpol__duty_eval_set(), which returns
 * the exact change of cost: the cost is a sum of terms, each of which reads
 * one cell, two neighbouring cells of a person, one day, one week, one
 * person-week or one person's counters, so a change of one cell touches a
 * fixed handful of terms.
 */
typedef struct cpol__duty_eval {
	const cpol_duty_problem *p;
	int np, nd, ns, nw, off;             /* people, days, shifts, weeks, weekday offset */
	uint32_t *cell;                      /* np * nd */
	uint32_t *allowed;                   /* np * nd: single shifts that break no cell rule */
	/* shift properties */
	uint32_t night_mask, patrol_mask, cover_mask, reception_mask, district_mask, day_mask;
	uint32_t late_mask;                  /* ends after no_duty_after */
	uint32_t officer_ok, auxiliary_ok;   /* shifts each kind may take */
	/* derived per day / week / person */
	int *week_of;                        /* nd */
	int *week_req;                       /* nw: days in district required */
	int *night_req;                      /* np * nw */
	int *night_eligible;                 /* np */
	int **pref_idx;                      /* np * nd lists of pref indices, -1 terminated (or NULL) */
	int *pref_shift;                     /* nprefs: shift index, -1 any, -2 unknown code */
	/* counters */
	int *cnt;                            /* nd * ns: qualified people on each shift */
	int *in_district;                    /* nd: officers in the district */
	int *nights;                         /* np * nw */
	int *fair;                           /* np * CPOL__FAIR_N: minutes, history included */
	int *present;                        /* np: days there to be rostered, history included */
	int *shift_min;                      /* ns: minutes of each shift */
	int *minutes_pw;                     /* np * nw: minutes of duty in each week */
	int *week_cap;                       /* nw: minutes allowed in the week (prorated), 0: no limit */
	uint32_t *dom_v;                     /* generate only: the values of each cell (DOMAIN_MAX each) */
	int *dom_n;                          /* generate only: how many */
	const uint32_t *published;           /* repair only: the published cells (np * nd), or NULL */
	int *fair_member;                    /* np * CPOL__FAIR_N: 1 when in the group of its kind */
	uint32_t *rot;                       /* np * nd: the cell's rotation template, CPOL__DUTY_ROT_FREE: none */
	const cpol_rules_rotation **rot_of;  /* np: the person's template, or NULL */
	int64_t training_hard;               /* days of training over the yearly allowance: a constant */
	int64_t weight[CPOL__FAIR_N];
	cpol__duty_cost cost;                /* running total */
} cpol__duty_eval;

/* A cell no rotation template speaks for ("*", no post, or a template the person cannot hold that day). */
#define CPOL__DUTY_ROT_FREE 0xffffffffu

int cpol__duty_eval_init(cpol__duty_eval *e, const cpol_duty_problem *p);
void cpol__duty_eval_free(cpol__duty_eval *e);
/* Set a cell; returns the change of cost (and keeps e->cost). */
cpol__duty_cost cpol__duty_eval_set(cpol__duty_eval *e, int person, int day, uint32_t mask);
/* The cost recomputed from nothing (for tests and a final check). */
cpol__duty_cost cpol__duty_eval_full(const cpol__duty_eval *e);
/* The hard units of the rules of day d alone (cover, reception, patrol, surplus, night cover). */
int64_t cpol__duty_eval_day_hard(const cpol__duty_eval *e, int d);
/* The cost of the cell terms of (p, d) holding m, of the pair terms of (p, d) and (p, d + 1) holding a and b. */
cpol__duty_cost cpol__duty_eval_cell_cost(cpol__duty_eval *e, int p, int d, uint32_t m);
cpol__duty_cost cpol__duty_eval_pair_cost(cpol__duty_eval *e, int p, int d, uint32_t a, uint32_t b);
/* Fairness points of group k (CPOL__FAIR_*) among the people of a kind; hours over the cap of (p, w). */
int64_t cpol__duty_eval_fair_points(const cpol__duty_eval *e, int k, int kind);
int cpol__duty_eval_hours_over(const cpol__duty_eval *e, int p, int w);
/*
 * The values a generated cell may take (DOMAIN_MAX at most): nothing, or
 * up to max_shifts_per_day shifts of the day that do not overlap.
 */
#define CPOL__DUTY_DOMAIN_MAX 64
/* Fill e->dom_v and e->dom_n with the values each cell may take (lib/duty_solve.c). */
int cpol__duty_domain_init(cpol__duty_eval *e);

/* Reset all cells to empty. */
void cpol__duty_eval_clear(cpol__duty_eval *e);

/* Rules: names and built-in refs. */
const cpol_rule_ref *cpol__duty_rule_ref(const cpol_duty_problem *p, cpol_duty_rule rule,
                                         int day, int shift);
extern const cpol_rule_ref cpol__duty_builtin_availability;

/* Problem helpers. */
int cpol__duty_params_from_rules(cpol_duty_params *pr, const cpol_rules *rules);
int cpol__duty_problem_prepare(cpol_duty_problem *p);
int cpol__duty_day_index(const cpol_duty_problem *p, cpol_date date);
const char *cpol__duty_away_name(int why);
void cpol__duty_week_days(const cpol__duty_eval *e, int week, int *first, int *last);

/*
 * Concentrated training of a person in the calendar year `year0 + k` (k 0
 * or 1, year0 the year of the problem's first day): days inside the problem
 * and in all, the first and last such day inside (-1 when none), the record
 * of the last, and how many days the year is over the allowance (0 when it
 * is not, when the allowance is 0, or when no training day of that year is
 * inside the problem: the roster of other days is not concerned).
 */
typedef struct cpol__duty_training {
	int year, inside, total, first, last, excess;
	cpol_id source_id;
} cpol__duty_training;
void cpol__duty_training_of(const cpol_duty_problem *p, int person, int k, cpol__duty_training *out);
/* The number of calendar years the problem's days touch: 1 or 2. */
int cpol__duty_years(const cpol_duty_problem *p);
int cpol__duty_valid_code(const char *s);

/* Roster helpers. */
int cpol__duty_roster_put(cpol_duty_roster *r, int person, int day, int shift);
int cpol__duty_roster_from_eval(cpol_duty_roster **out, const cpol__duty_eval *e);
uint32_t *cpol__duty_roster_masks(const cpol_duty_roster *r);

/* Text helpers for messages. */
const char *cpol__duty_person_name(const cpol_duty_problem *p, int person);

#endif

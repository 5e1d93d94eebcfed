/* Duty rosters: check, generate (optimal on small instances), conflicts, exports. */
#include "testutil.h"
#include "internal.h"
#include "duty_internal.h"

/* 2024-05-06 is a Monday. */
static cpol_date D(int y, int m, int d)
{
	cpol_date x;
	ck_assert_ok(cpol_date_from_ymd(&x, y, m, d));
	return x;
}

static cpol_duty_problem *problem(int y, int m, int d, int ndays)
{
	cpol_duty_problem *p = NULL;
	ck_assert_ok(cpol_duty_problem_new(&p, D(y, m, d), ndays));
	return p;
}

static int person(cpol_duty_problem *p, cpol_id id, const char *name, cpol_staff_kind kind, int dedicated)
{
	int i = -1;
	ck_assert_ok(cpol_duty_problem_add_person(&i, p, id, name, kind, dedicated));
	return i;
}

static const cpol_duty_violation *find_violation(const cpol_duty_report *r, cpol_duty_rule rule, int who,
                                                 cpol_date date)
{
	size_t i;
	for (i = 0; i < cpol_duty_report_count(r); i++) {
		const cpol_duty_violation *v = cpol_duty_report_get(r, i);
		if (v->rule == rule && v->person == who && (date == CPOL_DATE_NONE || v->date == date))
			return v;
	}
	return NULL;
}

/* No fairness terms: tests of one rule on a few people need none. */
static void no_fairness(cpol_duty_problem *p)
{
	static const char *const fair[] = { "weight_load", "weight_nights", "weight_weekends",
	                                    "weight_holidays" };
	size_t k;
	for (k = 0; k < sizeof(fair) / sizeof(fair[0]); k++)
		ck_assert_ok(cpol_duty_problem_set_param(p, fair[k], 0));
}

/*
 * The generator minimises the evaluator's cost; the checker explains it
 * rule by rule. They must agree on every roster: the cost kept cell by
 * cell equals the cost counted from nothing, its soft points are the
 * report's penalty, and its hard units the amounts of the report's hard
 * violations.
 */
static void evaluator_agrees(const cpol_duty_roster *r, const cpol_duty_report *rep)
{
	const cpol_duty_problem *p = r->problem;
	cpol__duty_eval e;
	cpol__duty_cost full;
	int64_t hard = 0;
	size_t i;

	ck_assert_ok(cpol__duty_eval_init(&e, p));
	for (i = 0; i < cpol_duty_roster_count(r); i++) {
		const cpol_duty_entry *x = cpol_duty_roster_get(r, i);
		int d = (int)(x->date - p->start);
		cpol__duty_eval_set(&e, x->person, d, e.cell[x->person * e.nd + d] | (1u << x->shift));
	}
	full = cpol__duty_eval_full(&e);
	ck_assert_int_eq(e.cost.hard, full.hard);
	ck_assert_int_eq(e.cost.soft, full.soft);
	ck_assert_int_eq(full.soft, cpol_duty_report_penalty(rep));
	for (i = 0; i < cpol_duty_report_count(rep); i++)
		if (cpol_duty_report_get(rep, i)->hard)
			hard += cpol_duty_report_get(rep, i)->amount;
	ck_assert_int_eq(full.hard, hard);
	cpol__duty_eval_free(&e);
}

/* ------------------------------------------------------------------ check */
/* area: check */

START_TEST(check_names_rule_person_day)
{
	/* A week Monday 6 May .. Sunday 12 May with the built-in calendar. */
	cpol_duty_problem *p = problem(2024, 5, 6, 7);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	const cpol_duty_violation *v;
	const cpol_duty_score *sc;
	int a = person(p, 11, "张伟", CPOL_STAFF_OFFICER, 0);
	int b = person(p, 12, "李娜", CPOL_STAFF_OFFICER, 1);
	int x = person(p, 21, "王强", CPOL_STAFF_AUXILIARY, 0);

	ck_assert_ok(cpol_duty_problem_set_away(p, x, D(2024, 5, 8), D(2024, 5, 8), CPOL_DUTY_AWAY_LEAVE, 501));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	/* A dedicated officer on night duty: after 22:00. */
	ck_assert_ok(cpol_duty_roster_add(r, b, D(2024, 5, 6), "night"));
	/* A night, then reception the next day: no rest. */
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 7), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 8), "reception"));
	/* The auxiliary on leave on Wednesday, yet on the office shift. */
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 8), "office"));
	/* The A post on a Saturday, which is not a working day. */
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 11), "district"));
	/* Reception on a Monday: not a reception day. */
	ck_assert_ok(cpol_duty_roster_add(r, b, D(2024, 5, 6), "reception"));
	/* An auxiliary on an officer's post. */
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 9), "district"));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);

	v = find_violation(rep, CPOL_DUTY_RULE_DEDICATED_LATE, b, D(2024, 5, 6));
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->ref->key, "duty.no_duty_after");
	ck_assert_int_eq(v->hard, 1);
	ck_assert_int_eq(v->person_id, 12);
	v = find_violation(rep, CPOL_DUTY_RULE_REST_AFTER_NIGHT, a, D(2024, 5, 8));
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->ref->key, "duty.rest_after_night");
	v = find_violation(rep, CPOL_DUTY_RULE_AVAILABILITY, x, D(2024, 5, 8));
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->source_id, 501);
	ck_assert_ptr_nonnull(strstr(v->message, "on leave"));
	ck_assert_ptr_nonnull(find_violation(rep, CPOL_DUTY_RULE_WORKING_DAY, a, D(2024, 5, 11)));
	ck_assert_ptr_nonnull(find_violation(rep, CPOL_DUTY_RULE_RECEPTION_DAY, b, D(2024, 5, 6)));
	ck_assert_ptr_nonnull(find_violation(rep, CPOL_DUTY_RULE_QUALIFICATION, x, D(2024, 5, 9)));
	/* Thursday has no (qualified) receptionist; Wednesday has one. */
	ck_assert_ptr_nonnull(find_violation(rep, CPOL_DUTY_RULE_RECEPTION, -1, D(2024, 5, 9)));
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_RECEPTION, -1, D(2024, 5, 8)));
	/* The office is staffed on no day: the one on leave does not count. */
	sc = cpol_duty_report_score(rep, CPOL_DUTY_RULE_COVER - 1);
	ck_assert_int_eq(sc->rule, CPOL_DUTY_RULE_COVER);
	ck_assert_int_eq(sc->count, 7);
	/* In the district: Wed (reception) counts; Thu's auxiliary does not; Sat is no working day. */
	v = find_violation(rep, CPOL_DUTY_RULE_IN_DISTRICT, -1, D(2024, 5, 6));
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->amount, 2);
	ck_assert_int_eq(v->date_end, D(2024, 5, 12));
	/* 张伟 has one night of the two owed; 李娜 is dedicated and owes none. */
	v = find_violation(rep, CPOL_DUTY_RULE_NIGHTS_MIN, a, CPOL_DATE_NONE);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->amount, 1);
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_NIGHTS_MIN, b, CPOL_DATE_NONE));
	/* Patrol: two nights with an officer (Mon's is not counted: dedicated), no patrol. */
	sc = cpol_duty_report_score(rep, CPOL_DUTY_RULE_PATROL - 1);
	ck_assert_int_eq(sc->count, 1);
	/* Hard first in the list. */
	ck_assert_int_eq(cpol_duty_report_get(rep, 0)->hard, 1);
	ck_assert_int_gt(cpol_duty_report_hard(rep), 10);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(check_soft_penalty_by_hand)
{
	/* Two auxiliaries, two days (Sat, Sun), only the office shift (9 hours); no officers. */
	cpol_duty_problem *p = problem(2024, 5, 11, 2);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	cpol_duty_preference pref = CPOL_DUTY_PREFERENCE_INIT;
	cpol_duty_history h = { 0, 0, 0, 3 * 540, 3 };
	cpol_duty_shift office = { "office", "值守", 510, 1050, CPOL_DUTY_WHO_AUXILIARY, CPOL_SHIFT_COVER, 1 };
	int x = person(p, 1, "甲", CPOL_STAFF_AUXILIARY, 0);
	int y = person(p, 2, "乙", CPOL_STAFF_AUXILIARY, 0);

	ck_assert_ok(cpol_duty_problem_add_shift(NULL, p, &office));
	ck_assert_ok(cpol_duty_problem_set_history(p, y, &h)); /* 27 hours in 3 earlier days */
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_hours_per_week", 0)); /* its own test */
	pref.date = D(2024, 5, 12);
	pref.want = -1;
	pref.weight = 2;
	ck_assert_ok(cpol_duty_problem_add_preference(p, x, &pref, 77));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 11), "office"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 12), "office"));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	/*
	 * Days there: 甲 2, 乙 2 + 3 = 5, 7 in all. Load: 甲 18 h, 乙 27 h, 45 h;
	 * shares 45 x 2/7 = 12.86 h and 45 x 5/7 = 32.14 h: each 5.14 h off,
	 * 10.29 h x weight 1 -> 10. Weekends: 甲 18 h, 乙 0; shares 5.14 h and
	 * 12.86 h: 25.71 h x weight 2 = 51.4 -> 51. Preference: weight 2 x 5 =
	 * 10. Duty: 18 hours x 1 = 18. Total 89.
	 */
	ck_assert_int_eq(cpol_duty_report_score(rep, CPOL_DUTY_RULE_FAIR_LOAD - 1)->penalty, 10);
	ck_assert_int_eq(cpol_duty_report_score(rep, CPOL_DUTY_RULE_FAIR_WEEKENDS - 1)->penalty, 51);
	ck_assert_int_eq(cpol_duty_report_score(rep, CPOL_DUTY_RULE_PREFERENCE - 1)->penalty, 10);
	ck_assert_int_eq(cpol_duty_report_score(rep, CPOL_DUTY_RULE_SHIFT_COST - 1)->penalty, 18);
	ck_assert_int_eq(cpol_duty_report_penalty(rep), 89);
	ck_assert_int_eq(find_violation(rep, CPOL_DUTY_RULE_PREFERENCE, x, D(2024, 5, 12))->source_id, 77);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(params_by_name)
{
	cpol_duty_problem *p = problem(2024, 5, 6, 7);
	const cpol_rule_ref *ref = NULL;
	int64_t v = 0;
	ck_assert_ok(cpol_duty_problem_get_param(&v, &ref, p, "min_nights_per_week"));
	ck_assert_int_eq(v, 2);
	/* From the national rules, not from a copy in C. */
	ck_assert_str_eq(ref->file, "<built-in>/national.yaml");
	ck_assert_str_eq(ref->key, "duty.min_nights_per_week");
	ck_assert_int_gt(ref->line, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "duty.min_nights_per_week", 1));
	ck_assert_ok(cpol_duty_problem_get_param(&v, &ref, p, "min_nights_per_week"));
	ck_assert_int_eq(v, 1);
	ck_assert_str_eq(ref->file, "<caller>");
	ck_assert_str_eq(ref->key, "duty.min_nights_per_week");
	ck_assert_fails(cpol_duty_problem_set_param(p, "nights", 1), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "name");
	cpol_duty_problem_free(p);
	ck_assert_fails(cpol_duty_problem_new(&p, D(2024, 1, 1), 0), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "ndays");
	ck_assert_ptr_null(p);
}
END_TEST

/* ------------------------------------------------------- an office, a month */
/* area: generate */

static cpol_duty_problem *office_month(int officers, int auxiliaries, int dedicated)
{
	static const char *const names[] = { "张伟", "李娜", "王芳", "刘洋", "陈杰", "杨静", "赵磊", "黄敏", "周涛", "吴霞" };
	cpol_duty_problem *p = problem(2024, 5, 1, 31);
	int i;
	for (i = 0; i < officers; i++)
		person(p, 100 + i, names[i], CPOL_STAFF_OFFICER, i < dedicated);
	for (i = 0; i < auxiliaries; i++)
		person(p, 200 + i, names[officers + i], CPOL_STAFF_AUXILIARY, 0);
	/* 劳动节 1-5 May, make-up working day Saturday 11 May (by hand, as the calendar would). */
	for (i = 1; i <= 5; i++)
		ck_assert_ok(cpol_duty_problem_set_day(p, D(2024, 5, i), CPOL_DUTY_DAY_HOLIDAY, NULL));
	ck_assert_ok(cpol_duty_problem_set_day(p, D(2024, 5, 11), CPOL_DUTY_DAY_WORKING, NULL));
	ck_assert_ok(cpol_duty_problem_set_away(p, 1, D(2024, 5, 13), D(2024, 5, 17), CPOL_DUTY_AWAY_TRAINING, 9));
	return p;
}

static char *csv_of(const cpol_duty_roster *r)
{
	char *s = NULL;
	ck_assert_ok(cpol_duty_export_csv(&s, r, NULL));
	return s;
}

START_TEST(generate_meets_hard_rules_and_is_deterministic)
{
	cpol_duty_problem *p = office_month(2, 3, 1);
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	cpol_duty_roster *r1 = NULL, *r2 = NULL, *r3 = NULL;
	cpol_duty_report *rep = NULL;
	cpol__duty_eval e;
	char *a, *b;
	size_t i;

	o.seed = 42;
	ck_assert_ok(cpol_duty_generate(&r1, NULL, p, &o));
	ck_assert_ok(cpol_duty_generate(&r2, NULL, p, &o));
	ck_assert_ok(cpol_duty_check(&rep, r1));
	evaluator_agrees(r1, rep);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	ck_assert_uint_eq(cpol_duty_roster_seed(r1), 42);
	a = csv_of(r1);
	b = csv_of(r2);
	ck_assert_str_eq(a, b);
	/* Nobody is rostered while away: 李娜 is in training 13-17 May. */
	for (i = 0; i < cpol_duty_roster_count(r1); i++) {
		const cpol_duty_entry *x = cpol_duty_roster_get(r1, i);
		if (x->person == 1)
			ck_assert(x->date < D(2024, 5, 13) || x->date > D(2024, 5, 17));
		/* The dedicated officer (person 0) never does nights. */
		if (x->person == 0)
			ck_assert_str_ne(x->shift_code, "night");
	}
	/* The evaluator the search used agrees with a recount from nothing. */
	ck_assert_ok(cpol__duty_eval_init(&e, p));
	for (i = 0; i < cpol_duty_roster_count(r1); i++) {
		const cpol_duty_entry *x = cpol_duty_roster_get(r1, i);
		cpol__duty_eval_set(&e, x->person, (int)(x->date - p->start), 1u << x->shift);
	}
	ck_assert_int_eq(e.cost.soft + cpol__duty_eval_full(&e).hard * 0, cpol_duty_report_penalty(rep));
	ck_assert_int_eq(cpol__duty_eval_full(&e).soft, cpol_duty_report_penalty(rep));
	cpol__duty_eval_free(&e);
	free(a);
	free(b);
	cpol_duty_report_free(rep);
	/* Another seed is allowed to differ but must be as lawful. */
	o.seed = 7;
	ck_assert_ok(cpol_duty_generate(&r3, NULL, p, &o));
	ck_assert_ok(cpol_duty_check(&rep, r3));
	evaluator_agrees(r3, rep);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r1);
	cpol_duty_roster_free(r2);
	cpol_duty_roster_free(r3);
	cpol_duty_problem_free(p);
}
END_TEST

static void compare_with_round_robin(int officers, int auxiliaries, int dedicated)
{
	cpol_duty_problem *p = office_month(officers, auxiliaries, dedicated);
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	cpol_duty_roster *ls = NULL, *rr = NULL;
	cpol_duty_report *a = NULL, *b = NULL;
	int rc;

	ck_assert_ok(cpol_duty_generate(&ls, NULL, p, &o));
	o.method = CPOL_DUTY_METHOD_ROUND_ROBIN;
	rc = cpol_duty_generate(&rr, NULL, p, &o);
	ck_assert(rc == 0 || rc == CPOL_ECONFLICT);
	ck_assert_ptr_nonnull(rr);
	ck_assert_ok(cpol_duty_check(&a, ls));
	ck_assert_ok(cpol_duty_check(&b, rr));
	printf("duty: %d officers, %d auxiliaries: local search hard %d penalty %lld; "
	       "round robin hard %d penalty %lld\n", officers, auxiliaries,
	       cpol_duty_report_hard(a), (long long)cpol_duty_report_penalty(a),
	       cpol_duty_report_hard(b), (long long)cpol_duty_report_penalty(b));
	ck_assert_int_eq(cpol_duty_report_hard(a), 0);
	ck_assert(cpol_duty_report_hard(a) < cpol_duty_report_hard(b) ||
	          cpol_duty_report_penalty(a) < cpol_duty_report_penalty(b));
	cpol_duty_report_free(a);
	cpol_duty_report_free(b);
	cpol_duty_roster_free(ls);
	cpol_duty_roster_free(rr);
	cpol_duty_problem_free(p);
}

/*
 * The compound moves pay: on May's 2+2 office (holidays 1-5 May, a
 * make-up Saturday, 李娜 in training 13-17 May) seed 1 gave penalty 1522
 * with single moves and 4 restarts, and gives 1485 with the night's ruin
 * and recreate, the shift handed on and 16 restarts (CBC, started from
 * such rosters, finds 1-4 % less on 2+2 months in 30 s: docs/duty.md).
 * The bound sits between the two, so that losing either move shows.
 */
START_TEST(compound_moves_lower_the_penalty)
{
	cpol_duty_problem *p = office_month(2, 2, 0);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, NULL));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	ck_assert_int_le(cpol_duty_report_penalty(rep), 1500);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(beats_round_robin)
{
	compare_with_round_robin(2, 2, 0);
	compare_with_round_robin(2, 4, 1);
	compare_with_round_robin(3, 5, 1);
	compare_with_round_robin(4, 6, 2);
}
END_TEST

/* ------------------------------------------------ optimal on small instances */
/* area: optimal */

typedef struct exhaustive {
	cpol__duty_eval e;
	uint32_t *domain[64];   /* per cell: the masks to try, 0 first */
	int size[64];
	cpol__duty_cost best;
	uint32_t best_cells[64];
	long leaves;
} exhaustive;

static void enumerate(exhaustive *x, int cell)
{
	int ncells = x->e.np * x->e.nd, k;
	if (cell == ncells) {
		x->leaves++;
		if (x->e.cost.hard < x->best.hard ||
		    (x->e.cost.hard == x->best.hard && x->e.cost.soft < x->best.soft)) {
			x->best = x->e.cost;
			memcpy(x->best_cells, x->e.cell, (size_t)ncells * sizeof(uint32_t));
		}
		return;
	}
	/*
	 * Day by day: when a day's last cell is set, the rules of that day alone
	 * (cover, reception, patrol, surplus) are final, and a branch that breaks
	 * one cannot reach the optimum meeting every hard rule that is sought.
	 */
	for (k = 0; k < x->size[cell]; k++) {
		int person = cell % x->e.np, day = cell / x->e.np;
		cpol__duty_eval_set(&x->e, person, day, x->domain[cell][k]);
		if (person == x->e.np - 1 && cpol__duty_eval_day_hard(&x->e, day) > 0)
			continue;
		enumerate(x, cell + 1);
	}
	cpol__duty_eval_set(&x->e, cell % x->e.np, cell / x->e.np, 0);
}

/*
 * The optimum by brute force: every cell takes nothing or any one shift its
 * person's kind may take (the test's own domain, wider than the generator's:
 * it includes days away and wrong days, which only cost).
 */
static cpol__duty_cost optimum(cpol_duty_problem *p, long *leaves)
{
	exhaustive x;
	int i, d, s, c;
	ck_assert_ok(cpol__duty_problem_prepare(p));
	memset(&x, 0, sizeof(x));
	ck_assert_ok(cpol__duty_eval_init(&x.e, p));
	ck_assert_int_le(x.e.np * x.e.nd, 64);
	/*
	 * Each cell takes nothing, a shift, or two shifts of a day that do not
	 * overlap (duty.max_shifts_per_day 2), among those that break no rule of
	 * the cell alone (availability, qualification, calendar): any other value
	 * breaks a hard rule, and the optimum sought meets them all.
	 */
	for (i = 0; i < x.e.np; i++)
		for (d = 0; d < x.e.nd; d++) {
			uint32_t a = x.e.allowed[i * x.e.nd + d];
			c = d * x.e.np + i;
			x.domain[c] = calloc(33 * 33, sizeof(uint32_t));
			x.size[c] = 1;
			for (s = 0; s < p->nshifts; s++)
				if ((a >> s) & 1u) {
					int t;
					x.domain[c][x.size[c]++] = 1u << s;
					for (t = s + 1; t < p->nshifts; t++)
						if (((a >> t) & 1u) &&
						    (p->shifts[t].start >= p->shifts[s].end || p->shifts[s].start >= p->shifts[t].end))
							x.domain[c][x.size[c]++] = (1u << s) | (1u << t);
				}
		}
	x.best.hard = x.best.soft = INT64_MAX;
	enumerate(&x, 0);
	if (getenv("DUTY_DEBUG"))
		for (i = 0; i < x.e.np; i++) {
			for (d = 0; d < x.e.nd; d++)
				fprintf(stderr, " %2x", x.best_cells[i * x.e.nd + d]);
			fprintf(stderr, "  optimum row %d\n", i);
		}
	for (c = 0; c < x.e.np * x.e.nd; c++)
		free(x.domain[c]);
	cpol__duty_eval_free(&x.e);
	*leaves = x.leaves;
	return x.best;
}

/*
 * Seeds each small instance is generated with: the optimum must come out
 * for every one of them, not for one lucky seed. Before the search kicked
 * its runs (lib/duty_solve.c, KICK_CELLS), 8 of the first 50 seeds missed
 * the optimum of "history and preferences"; with the kicks no seed of the
 * first 1000 misses on any of these instances (docs/duty.md).
 */
enum { OPTIMAL_SEEDS = 50 };

static void expect_optimal(cpol_duty_problem *p, const char *what)
{
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	cpol__duty_cost best;
	long leaves = 0;
	int64_t worst = 0;
	uint64_t seed;

	best = optimum(p, &leaves);
	ck_assert_int_eq(best.hard, 0);
	for (seed = 1; seed <= OPTIMAL_SEEDS; seed++) {
		cpol_duty_roster *r = NULL;
		cpol_duty_report *rep = NULL;
		o.seed = seed;
		ck_assert_ok(cpol_duty_generate(&r, NULL, p, &o));
		ck_assert_ok(cpol_duty_check(&rep, r));
		evaluator_agrees(r, rep);
		if (getenv("DUTY_DEBUG") && cpol_duty_report_penalty(rep) != best.soft) {
			char *csv = csv_of(r);
			size_t k;
			fprintf(stderr, "seed %llu:\n%s", (unsigned long long)seed, csv);
			free(csv);
			for (k = 0; k < cpol_duty_report_score_count(rep); k++)
				fprintf(stderr, "%s %lld; ", cpol_duty_report_score(rep, k)->rule_name,
				        (long long)cpol_duty_report_score(rep, k)->penalty);
			fprintf(stderr, "\n");
		}
		ck_assert_msg(cpol_duty_report_hard(rep) == 0, "%s, seed %llu: %d hard violations", what,
		              (unsigned long long)seed, cpol_duty_report_hard(rep));
		ck_assert_msg(cpol_duty_report_penalty(rep) == best.soft,
		              "%s, seed %llu: penalty %lld, optimum %lld", what, (unsigned long long)seed,
		              (long long)cpol_duty_report_penalty(rep), (long long)best.soft);
		if (cpol_duty_report_penalty(rep) > worst)
			worst = cpol_duty_report_penalty(rep);
		cpol_duty_report_free(rep);
		cpol_duty_roster_free(r);
	}
	printf("duty: %s: optimum %lld over %ld rosters; generated %lld with each of seeds 1-%d\n", what,
	       (long long)best.soft, leaves, (long long)worst, (int)OPTIMAL_SEEDS);
}

START_TEST(optimal_small_midweek)
{
	/* Wed 8 .. Sat 11 May: 1 officer, 2 auxiliaries; reception Wed and Thu. */
	cpol_duty_problem *p = problem(2024, 5, 8, 4);
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 2, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 3, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	expect_optimal(p, "midweek 1+2");
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(optimal_small_weekend_dedicated)
{
	/* Fri 10 .. Sun 12 May: a dedicated and a plain officer, two auxiliaries. */
	cpol_duty_problem *p = problem(2024, 5, 10, 3);
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 1);
	person(p, 2, "李娜", CPOL_STAFF_OFFICER, 0);
	person(p, 3, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 4, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	expect_optimal(p, "weekend 2+2 dedicated");
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(optimal_small_history_preferences)
{
	/* Mon 6 .. Thu 9 May: 1 officer, 2 auxiliaries, one far ahead in nights, one with wishes. */
	cpol_duty_problem *p = problem(2024, 5, 6, 4);
	cpol_duty_history h = { 6 * 900, 2 * 540, 540, 20 * 540, 20 };
	cpol_duty_preference want = CPOL_DUTY_PREFERENCE_INIT, avoid = CPOL_DUTY_PREFERENCE_INIT;
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 2, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 3, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	ck_assert_ok(cpol_duty_problem_set_history(p, 1, &h));
	want.want = 1;
	want.shift = "patrol";
	want.weekdays = 1u << 2; /* Tuesdays */
	want.weight = 3;
	ck_assert_ok(cpol_duty_problem_add_preference(p, 2, &want, 0));
	avoid.date = D(2024, 5, 8);
	ck_assert_ok(cpol_duty_problem_add_preference(p, 2, &avoid, 0));
	expect_optimal(p, "history and preferences 1+2");
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(optimal_small_holiday_leave)
{
	/* Thu 2 .. Sat 4 May: two holidays, then a market day; 2 officers (one on leave Thursday), 2 auxiliaries. */
	cpol_duty_problem *p = problem(2024, 5, 2, 3);
	int i;
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 2, "李娜", CPOL_STAFF_OFFICER, 0);
	person(p, 3, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 4, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	for (i = 2; i <= 3; i++)
		ck_assert_ok(cpol_duty_problem_set_day(p, D(2024, 5, i), CPOL_DUTY_DAY_HOLIDAY, NULL));
	ck_assert_ok(cpol_duty_problem_set_day(p, D(2024, 5, 4), CPOL_DUTY_DAY_WORKING | CPOL_DUTY_DAY_RECEPTION
	                                       | CPOL_DUTY_DAY_MARKET, NULL));
	ck_assert_ok(cpol_duty_problem_set_away(p, 1, D(2024, 5, 2), D(2024, 5, 2), CPOL_DUTY_AWAY_LEAVE, 0));
	ck_assert_ok(cpol_duty_problem_set_param(p, "patrol_per_night", 1));
	expect_optimal(p, "holidays and leave 2+2");
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(optimal_small_market_day_history)
{
	/*
	 * Mon 20 .. Wed 22 May: Monday a market day, Wednesday reception; a
	 * dedicated officer and an officer on leave on Monday, two auxiliaries,
	 * three of the four with history. Before the kicks the search missed
	 * its optimum with 20 of the seeds 1-50.
	 */
	cpol_duty_problem *p = problem(2024, 5, 20, 3);
	cpol_duty_history h0 = { 0, 0, 0, 17 * 540, 17 }, h1 = { 3 * 900, 540, 0, 16 * 540, 16 },
	                  h3 = { 4 * 240, 540, 0, 14 * 540, 14 };
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 1);
	person(p, 2, "李娜", CPOL_STAFF_OFFICER, 0);
	person(p, 3, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 4, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	ck_assert_ok(cpol_duty_problem_set_history(p, 0, &h0));
	ck_assert_ok(cpol_duty_problem_set_history(p, 1, &h1));
	ck_assert_ok(cpol_duty_problem_set_history(p, 3, &h3));
	ck_assert_ok(cpol_duty_problem_set_day(p, D(2024, 5, 20), CPOL_DUTY_DAY_WORKING | CPOL_DUTY_DAY_RECEPTION
	                                       | CPOL_DUTY_DAY_MARKET, NULL));
	ck_assert_ok(cpol_duty_problem_set_away(p, 1, D(2024, 5, 20), D(2024, 5, 20), CPOL_DUTY_AWAY_LEAVE, 0));
	expect_optimal(p, "market day and history 2+2");
	cpol_duty_problem_free(p);
}
END_TEST

/* -------------------------------------------------------------- conflicts */
/* area: conflicts */

START_TEST(conflict_reception_everyone_away)
{
	cpol_duty_problem *p = office_month(2, 2, 0);
	cpol_duty_roster *r = NULL;
	cpol_duty_conflicts *c = NULL;
	const cpol_duty_conflict *k = NULL;
	size_t i;
	int sources = 0;

	/* Wednesday 22 May: both officers away. */
	ck_assert_ok(cpol_duty_problem_set_away(p, 0, D(2024, 5, 22), D(2024, 5, 22), CPOL_DUTY_AWAY_SICK, 31));
	ck_assert_ok(cpol_duty_problem_set_away(p, 1, D(2024, 5, 22), D(2024, 5, 22), CPOL_DUTY_AWAY_LEAVE, 32));
	ck_assert_fails(cpol_duty_generate(&r, &c, p, NULL), CPOL_ECONFLICT);
	ck_assert_ptr_nonnull(r); /* the best effort comes back */
	ck_assert_ptr_nonnull(c);
	for (i = 0; i < cpol_duty_conflicts_count(c); i++)
		if (cpol_duty_conflicts_get(c, i)->rule == CPOL_DUTY_RULE_RECEPTION)
			k = cpol_duty_conflicts_get(c, i);
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(k->proven, 1);
	ck_assert_int_eq(k->date, D(2024, 5, 22));
	ck_assert_int_eq(k->cause_count, 2);
	for (i = 0; i < k->cause_count; i++) {
		ck_assert_int_eq(k->causes[i].rule, CPOL_DUTY_RULE_AVAILABILITY);
		sources += (int)k->causes[i].source_id;
	}
	ck_assert_int_eq(sources, 31 + 32);
	ck_assert_str_eq(cpol_error_last()->field, k->ref->key);
	cpol_duty_conflicts_free(c);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(conflict_min_above_max_nights)
{
	cpol_duty_problem *p = problem(2024, 5, 6, 7);
	cpol_duty_roster *r = NULL;
	cpol_duty_conflicts *c = NULL;
	const cpol_duty_conflict *k;
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 2, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 3, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_nights_per_week", 1));
	ck_assert_fails(cpol_duty_generate(&r, &c, p, NULL), CPOL_ECONFLICT);
	ck_assert_uint_ge(cpol_duty_conflicts_count(c), 1);
	k = cpol_duty_conflicts_get(c, 0);
	ck_assert_int_eq(k->rule, CPOL_DUTY_RULE_NIGHTS_MIN);
	ck_assert_int_eq(k->person, 0);
	ck_assert_int_eq(k->proven, 1);
	ck_assert_int_eq(k->causes[0].rule, CPOL_DUTY_RULE_NIGHTS_MAX);
	ck_assert_str_eq(k->causes[0].ref->key, "duty.max_nights_per_week");
	cpol_duty_conflicts_free(c);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(conflict_found_by_search_names_what_stood_in_the_way)
{
	/* One officer, every day a market (reception) day: reception leaves no room for nights. */
	cpol_duty_problem *p = problem(2024, 5, 6, 7);
	cpol_duty_roster *r = NULL;
	cpol_duty_conflicts *c = NULL;
	const cpol_duty_conflict *k;
	int d, found = 0;
	size_t i, j;
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 2, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 3, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	for (d = 6; d <= 12; d++)
		ck_assert_ok(cpol_duty_problem_set_day(p, D(2024, 5, d), CPOL_DUTY_DAY_WORKING | CPOL_DUTY_DAY_RECEPTION
		                                       | CPOL_DUTY_DAY_MARKET, NULL));
	ck_assert_fails(cpol_duty_generate(&r, &c, p, NULL), CPOL_ECONFLICT);
	for (i = 0; i < cpol_duty_conflicts_count(c); i++) {
		k = cpol_duty_conflicts_get(c, i);
		ck_assert_int_eq(k->proven, 0);
		ck_assert(k->rule == CPOL_DUTY_RULE_RECEPTION || k->rule == CPOL_DUTY_RULE_NIGHTS_MIN);
		for (j = 0; j < k->cause_count; j++)
			if (k->causes[j].rule == CPOL_DUTY_RULE_NIGHTS_MIN || k->causes[j].rule == CPOL_DUTY_RULE_RECEPTION ||
			    k->causes[j].rule == CPOL_DUTY_RULE_REST_AFTER_NIGHT)
				found++;
	}
	ck_assert_int_gt(found, 0);
	cpol_duty_conflicts_free(c);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/* ---------------------------------------------------------------- exports */
/* area: export */

static cpol_duty_roster *small_roster(cpol_duty_problem **pp)
{
	cpol_duty_problem *p = problem(2024, 5, 8, 2);
	cpol_duty_roster *r = NULL;
	person(p, 11, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 0, "王, \"小\"强", CPOL_STAFF_AUXILIARY, 0);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, 0, D(2024, 5, 8), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, 1, D(2024, 5, 8), "office"));
	ck_assert_ok(cpol_duty_roster_add(r, 1, D(2024, 5, 9), "patrol"));
	*pp = p;
	return r;
}

START_TEST(csv_export_and_back)
{
	cpol_duty_problem *p;
	cpol_duty_roster *r = small_roster(&p), *back = NULL;
	char *csv = NULL, *again = NULL;
	cpol_duty_export_options o = CPOL_DUTY_EXPORT_OPTIONS_INIT;

	ck_assert_ok(cpol_duty_export_csv(&csv, r, NULL));
	ck_assert_str_eq(csv,
		"date,weekday,person_id,name,kind,shift,shift_name,start,end\r\n"
		"2024-05-08,Wed,11,张伟,officer,night,夜间值班,17:30,+1 08:30\r\n"
		"2024-05-08,Wed,0,\"王, \"\"小\"\"强\",auxiliary,office,警务室值守,08:30,17:30\r\n"
		"2024-05-09,Thu,0,\"王, \"\"小\"\"强\",auxiliary,patrol,夜间巡逻,19:00,23:00\r\n");
	ck_assert_ok(cpol_duty_roster_from_csv(&back, p, csv));
	ck_assert_ok(cpol_duty_export_csv(&again, back, NULL));
	ck_assert_str_eq(again, csv);
	free(again);
	o.person = 0;
	ck_assert_ok(cpol_duty_export_csv(&again, r, &o));
	ck_assert_ptr_null(strstr(again, "patrol"));
	free(again);
	cpol_duty_roster_free(back);
	ck_assert_fails(cpol_duty_roster_from_csv(&back, p, "date,person_id,name,shift\r\n2024-05-08,11,x,nap\r\n"),
	                CPOL_ENOTFOUND);
	ck_assert_int_eq(cpol_error_last()->line, 2);
	ck_assert_fails(cpol_duty_roster_from_csv(&back, p, "date,person_id,shift\r\n2024-13-08,11,night\r\n"),
	                CPOL_EPARSE);
	ck_assert_str_eq(cpol_error_last()->field, "date");
	free(csv);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(ics_is_rfc5545)
{
	cpol_duty_problem *p;
	cpol_duty_roster *r = small_roster(&p);
	cpol_duty_export_options o = CPOL_DUTY_EXPORT_OPTIONS_INIT;
	char *ics = NULL, *line, *save = NULL;
	size_t n = 0, i;

	o.dtstamp = 1714521600; /* 2024-05-01T00:00:00Z */
	o.calendar_name = "城东社区警务室城东社区警务室城东社区警务室值班表, 五月";
	ck_assert_ok(cpol_duty_export_ics(&ics, r, &o));
	ck_assert_ptr_nonnull(strstr(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "TZID:Asia/Shanghai\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "UID:20240508-night-11@commpolice.invalid\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "UID:20240508-office-p1@commpolice.invalid\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "DTSTAMP:20240501T000000Z\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "DTSTART;TZID=Asia/Shanghai:20240508T173000\r\n"));
	ck_assert_ptr_nonnull(strstr(ics, "DTEND;TZID=Asia/Shanghai:20240509T083000\r\n"));
	/* Every line ends in CRLF and is at most 75 octets; folds never split a character. */
	for (i = 0; ics[i]; i++) {
		if (ics[i] == '\n')
			ck_assert_int_eq(ics[i - 1], '\r');
		if (ics[i] == '\r')
			ck_assert_int_eq(ics[i + 1], '\n');
	}
	for (line = strtok_r(ics, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		ck_assert_uint_le(strlen(line), 75);
		ck_assert(((unsigned char)line[0] & 0xC0) != 0x80);
		if (line[0] == ' ')
			ck_assert(((unsigned char)line[1] & 0xC0) != 0x80);
		n++;
	}
	ck_assert_uint_gt(n, 20);
	free(ics);
	/* The escaped comma survived the fold, in the calendar's name. */
	ck_assert_ok(cpol_duty_export_ics(&ics, r, &o));
	ck_assert_ptr_nonnull(strstr(ics, "\\, 五月"));
	free(ics);
	o.person = 5;
	ck_assert_fails(cpol_duty_export_ics(&ics, r, &o), CPOL_EINVAL);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/* ------------------------------------------------------------------ rules */
/* area: rules */

START_TEST(rules_give_calendar_and_refs)
{
	cpol_rules *rules = NULL;
	cpol_duty_problem *p = problem(2024, 5, 1, 31);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	const cpol_duty_violation *v;
	const cpol_rule_ref *ref;
	unsigned flags;
	int off = 0;

	ck_assert_ok(cpol_rules_load_region(&rules, "ab_office", NULL));
	ck_assert_ok(cpol_duty_problem_set_rules(p, rules));
	ck_assert_ok(cpol_duty_problem_get_day(&flags, &ref, p, D(2024, 5, 1)));
	ck_assert_uint_eq(flags & (CPOL_DUTY_DAY_WORKING | CPOL_DUTY_DAY_HOLIDAY), CPOL_DUTY_DAY_HOLIDAY);
	ck_assert_ok(cpol_duty_problem_get_day(&flags, &ref, p, D(2024, 5, 11)));
	ck_assert_uint_eq(flags & CPOL_DUTY_DAY_WORKING, CPOL_DUTY_DAY_WORKING); /* 调休 Saturday */
	ck_assert_ok(cpol_duty_problem_get_day(&flags, NULL, p, D(2024, 5, 8)));
	ck_assert_uint_eq(flags & CPOL_DUTY_DAY_RECEPTION, CPOL_DUTY_DAY_RECEPTION);
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 2, "李娜", CPOL_STAFF_OFFICER, 1);
	person(p, 3, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 4, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, NULL));
	/* Take the receptionist off Wednesday 8 May: the violation names ab_office.yaml. */
	ck_assert_ok(cpol_duty_roster_remove(&off, r, 0, D(2024, 5, 8), "reception"));
	if (!off)
		ck_assert_ok(cpol_duty_roster_remove(&off, r, 1, D(2024, 5, 8), "reception"));
	ck_assert_int_eq(off, 1);
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	v = find_violation(rep, CPOL_DUTY_RULE_RECEPTION, -1, D(2024, 5, 8));
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->ref->key, "duty.reception_weekdays");
	ck_assert_ptr_nonnull(strstr(v->ref->file, "ab_office.yaml"));
	ck_assert_int_gt(v->ref->line, 0);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
}
END_TEST

/* --------------------------------------------------------------- training */
/* area: training */

START_TEST(training_allowance_checked)
{
	/* Two weeks from Monday 6 May; 张伟 in training 13-17 May (record 71). */
	cpol_duty_problem *p = problem(2024, 5, 6, 14);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	const cpol_duty_violation *v;
	int a = person(p, 11, "张伟", CPOL_STAFF_OFFICER, 0), n = 0;

	person(p, 21, "王强", CPOL_STAFF_AUXILIARY, 0);
	ck_assert_ok(cpol_duty_problem_set_away(p, a, D(2024, 5, 13), D(2024, 5, 17), CPOL_DUTY_AWAY_TRAINING, 71));
	/* 10 days elsewhere in 2024: 15 in all, the allowance: no violation. */
	ck_assert_ok(cpol_duty_problem_set_training_outside(p, a, 2024, 10));
	ck_assert_ok(cpol_duty_problem_training_days(&n, p, a, 2024));
	ck_assert_int_eq(n, 15);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_TRAINING_DAYS, a, CPOL_DATE_NONE));
	cpol_duty_report_free(rep);
	/* 12 elsewhere: 17 days, 2 over 15. */
	ck_assert_ok(cpol_duty_problem_set_training_outside(p, a, 2024, 12));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	v = find_violation(rep, CPOL_DUTY_RULE_TRAINING_DAYS, a, CPOL_DATE_NONE);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->hard, 1);
	ck_assert_str_eq(v->rule_name, "training_days");
	ck_assert_str_eq(v->ref->key, "duty.training_days_per_year");
	ck_assert_int_eq(v->person_id, 11);
	ck_assert_int_eq(v->date, D(2024, 5, 13));
	ck_assert_int_eq(v->date_end, D(2024, 5, 17));
	ck_assert_int_eq(v->amount, 2);
	ck_assert_int_eq(v->source_id, 71);
	ck_assert_ptr_nonnull(strstr(v->message, "张伟 has 17 days of concentrated training in 2024"));
	ck_assert_ptr_nonnull(strstr(v->message, "2024-05-13..2024-05-17"));
	ck_assert_ptr_nonnull(strstr(v->message, "15 allowed"));
	ck_assert_int_eq(cpol_duty_report_score(rep, CPOL_DUTY_RULE_TRAINING_DAYS - 1)->count, 1);
	ck_assert_int_eq(cpol_duty_report_score(rep, CPOL_DUTY_RULE_TRAINING_DAYS - 1)->amount, 2);
	cpol_duty_report_free(rep);
	/* An allowance of 0 is no limit. */
	ck_assert_ok(cpol_duty_problem_set_param(p, "training_days_per_year", 0));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_TRAINING_DAYS, a, CPOL_DATE_NONE));
	cpol_duty_report_free(rep);
	ck_assert_fails(cpol_duty_problem_set_training_outside(p, a, 2023, 1), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "year");
	ck_assert_fails(cpol_duty_problem_set_training_outside(p, a, 2024, 367), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "days");
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(training_allowance_across_new_year)
{
	/* 23 Dec 2024 .. 5 Jan 2025; training 30 Dec .. 3 Jan: 2 days in 2024, 3 in 2025. */
	cpol_duty_problem *p = problem(2024, 12, 23, 14);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	const cpol_duty_violation *v;
	int a = person(p, 11, "张伟", CPOL_STAFF_OFFICER, 0), n = 0;

	ck_assert_ok(cpol_duty_problem_set_away(p, a, D(2024, 12, 30), D(2025, 1, 3), CPOL_DUTY_AWAY_TRAINING, 5));
	ck_assert_ok(cpol_duty_problem_set_training_outside(p, a, 2024, 13));
	ck_assert_ok(cpol_duty_problem_set_training_outside(p, a, 2025, 13));
	ck_assert_ok(cpol_duty_problem_training_days(&n, p, a, 2024));
	ck_assert_int_eq(n, 15);
	ck_assert_ok(cpol_duty_problem_training_days(&n, p, a, 2025));
	ck_assert_int_eq(n, 16);
	ck_assert_fails(cpol_duty_problem_training_days(&n, p, a, 2026), CPOL_EINVAL);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	/* 2024 is at the allowance; 2025 is one over, on its own days. */
	v = find_violation(rep, CPOL_DUTY_RULE_TRAINING_DAYS, a, CPOL_DATE_NONE);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->date, D(2025, 1, 1));
	ck_assert_int_eq(v->date_end, D(2025, 1, 3));
	ck_assert_int_eq(v->amount, 1);
	ck_assert_int_eq(cpol_duty_report_score(rep, CPOL_DUTY_RULE_TRAINING_DAYS - 1)->count, 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/*
 * The same roster and training (30 Dec 2024 .. 3 Jan 2025), with 14 days
 * outside the roster in 2024: 14 + 2 = 16 days in 2024, one over the
 * national 15. The 2024 line lists 2024's own days, 30..31 Dec, not the
 * run on into January.
 */
START_TEST(training_over_in_a_year_lists_that_years_own_days)
{
	cpol_duty_problem *p = problem(2024, 12, 23, 14);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	const cpol_duty_violation *v;
	int a = person(p, 11, "张伟", CPOL_STAFF_OFFICER, 0);

	ck_assert_ok(cpol_duty_problem_set_away(p, a, D(2024, 12, 30), D(2025, 1, 3), CPOL_DUTY_AWAY_TRAINING, 5));
	ck_assert_ok(cpol_duty_problem_set_training_outside(p, a, 2024, 14));
	ck_assert_ok(cpol_duty_problem_set_training_outside(p, a, 2025, 0));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	v = find_violation(rep, CPOL_DUTY_RULE_TRAINING_DAYS, a, CPOL_DATE_NONE);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->date_end, D(2024, 12, 31));
	ck_assert_str_eq(v->message, "张伟 has 16 days of concentrated training in 2024 (2 in this roster: "
	                 "2024-12-30..2024-12-31; 14 on other days), 15 allowed: 1 over");
	ck_assert_int_eq(cpol_duty_report_score(rep, CPOL_DUTY_RULE_TRAINING_DAYS - 1)->count, 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(training_allowance_conflict_and_rules)
{
	cpol_rules *rules = NULL;
	cpol_duty_problem *p = office_month(2, 3, 1);
	cpol_duty_roster *r = NULL;
	cpol_duty_conflicts *c = NULL;
	const cpol_duty_conflict *k = NULL;
	const cpol_rule_ref *ref = NULL;
	int64_t v = 0;
	size_t i;

	/* The region's allowance, with the national file's ref. */
	ck_assert_ok(cpol_rules_load_region(&rules, "ab_office", NULL));
	ck_assert_ok(cpol_duty_problem_set_rules(p, rules));
	ck_assert_ok(cpol_duty_problem_get_param(&v, &ref, p, "training_days_per_year"));
	ck_assert_int_eq(v, 15);
	ck_assert_ptr_nonnull(strstr(ref->file, "national.yaml"));
	ck_assert_int_gt(ref->line, 0);
	/* 李娜 (person 1) is in training 13-17 May (record 9) and 11 days earlier in the year. */
	ck_assert_ok(cpol_duty_problem_set_training_outside(p, 1, 2024, 11));
	ck_assert_fails(cpol_duty_generate(&r, &c, p, NULL), CPOL_ECONFLICT);
	ck_assert_ptr_nonnull(r);
	for (i = 0; i < cpol_duty_conflicts_count(c); i++)
		if (cpol_duty_conflicts_get(c, i)->rule == CPOL_DUTY_RULE_TRAINING_DAYS)
			k = cpol_duty_conflicts_get(c, i);
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(k->proven, 1);
	ck_assert_int_eq(k->person, 1);
	ck_assert_int_eq(k->amount, 1);
	ck_assert_int_eq(k->date, D(2024, 5, 13));
	ck_assert_int_eq(k->date_end, D(2024, 5, 17));
	ck_assert_uint_eq(k->cause_count, 1);
	ck_assert_int_eq(k->causes[0].rule, CPOL_DUTY_RULE_AVAILABILITY);
	ck_assert_int_eq(k->causes[0].source_id, 9);
	ck_assert_ptr_nonnull(strstr(k->ref->file, "national.yaml"));
	cpol_duty_conflicts_free(c);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
}
END_TEST

/* ---------------------------------------------------------------- storage */
/* area: storage */

START_TEST(db_load_store_history)
{
	cpol_db *db = NULL;
	cpol_id region, station, office, a, b, x, y, away;
	cpol_office_new on = CPOL_OFFICE_NEW_INIT;
	cpol_staff_new sn = CPOL_STAFF_NEW_INIT;
	cpol_duty_problem *p = NULL, *june = NULL;
	cpol_duty_roster *r = NULL, *back = NULL;
	char *c1 = NULL, *c2 = NULL;
	int why = 0, i;

	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	ck_assert_ok(cpol_region_add(&region, db, "ab_office", NULL));
	ck_assert_ok(cpol_station_add(&station, db, region, "城东派出所", NULL));
	on.station_id = station;
	on.name = "城东社区警务室";
	ck_assert_ok(cpol_office_add(&office, db, &on));
	sn.office_id = office;
	sn.active_from = D(2024, 1, 1);
	sn.kind = CPOL_STAFF_OFFICER;
	sn.name = "张伟";
	sn.badge = "010001";
	ck_assert_ok(cpol_staff_add(&a, db, &sn));
	sn.name = "李娜";
	sn.badge = "010002";
	sn.dedicated_community = 1;
	ck_assert_ok(cpol_staff_add(&b, db, &sn));
	sn.kind = CPOL_STAFF_AUXILIARY;
	sn.badge = NULL;
	sn.dedicated_community = 0;
	sn.name = "王强";
	ck_assert_ok(cpol_staff_add(&x, db, &sn));
	sn.name = "赵磊";
	sn.active_from = D(2024, 5, 10); /* joins mid-month */
	ck_assert_ok(cpol_staff_add(&y, db, &sn));
	ck_assert_ok(cpol_duty_away_add(&away, db, a, CPOL_DUTY_AWAY_TRAINING, D(2024, 5, 20), D(2024, 5, 24), "集中培训"));
	ck_assert_fails(cpol_duty_away_add(NULL, db, a, CPOL_DUTY_AWAY_UNASSIGNED, D(2024, 5, 20), D(2024, 5, 24), NULL),
	                CPOL_EINVAL);

	ck_assert_ok(cpol_duty_problem_load(&p, db, office, D(2024, 5, 1), 31, NULL, 90));
	ck_assert_int_eq(cpol_duty_problem_person_count(p), 4);
	ck_assert_ok(cpol_duty_problem_find_person(&i, p, a));
	ck_assert_ok(cpol_duty_problem_get_away(&why, p, i, D(2024, 5, 21)));
	ck_assert_int_eq(why, CPOL_DUTY_AWAY_TRAINING);
	ck_assert_ok(cpol_duty_problem_find_person(&i, p, y));
	ck_assert_ok(cpol_duty_problem_get_away(&why, p, i, D(2024, 5, 9)));
	ck_assert_int_eq(why, CPOL_DUTY_AWAY_UNASSIGNED);
	ck_assert_ok(cpol_duty_problem_find_person(&i, p, b));
	ck_assert_ok(cpol_duty_problem_get_person(NULL, NULL, NULL, &why, p, i));
	ck_assert_int_eq(why, 1);

	/*
	 * Until 赵磊 joins, one auxiliary cannot both staff the office and
	 * patrol, nor rest within six days.
	 */
	ck_assert_ok(cpol_duty_problem_set_param(p, "patrol_per_night", 0));
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_consecutive_days", 0));
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, NULL));
	ck_assert_ok(cpol_duty_roster_store(NULL, db, office, r));
	ck_assert_ok(cpol_duty_roster_store(NULL, db, office, r)); /* the first is archived, not doubled */
	ck_assert_ok(cpol_duty_roster_load(&back, db, office, p));
	c1 = csv_of(r);
	c2 = csv_of(back);
	ck_assert_str_eq(c1, c2);

	/* June's problem carries May's nights into fairness. */
	ck_assert_ok(cpol_duty_problem_load(&june, db, office, D(2024, 6, 1), 30, NULL, 90));
	ck_assert_ok(cpol_duty_problem_find_person(&i, june, a));
	ck_assert_int_gt(june->people[i].hist.night_minutes, 0);
	ck_assert_int_gt(june->people[i].hist.minutes, june->people[i].hist.night_minutes - 1);
	/* On the office's staff from 2024-01-01, in training 20-24 May: 85 of the 90 days before June. */
	ck_assert_int_eq(june->people[i].hist.days, 85);
	ck_assert_ok(cpol_duty_away_archive(db, away));
	ck_assert_fails(cpol_duty_away_archive(db, away), CPOL_ENOTFOUND);

	free(c1);
	free(c2);
	cpol_duty_roster_free(back);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(june);
	cpol_duty_problem_free(p);
	cpol_db_close(db);
}
END_TEST

static cpol_id add_staff(cpol_db *db, cpol_id office, const char *name, const char *badge, int dedicated)
{
	cpol_staff_new sn = CPOL_STAFF_NEW_INIT;
	cpol_id id = 0;
	sn.office_id = office;
	sn.active_from = D(2024, 1, 1);
	sn.kind = badge ? CPOL_STAFF_OFFICER : CPOL_STAFF_AUXILIARY;
	sn.name = name;
	sn.badge = badge;
	sn.dedicated_community = dedicated;
	ck_assert_ok(cpol_staff_add(&id, db, &sn));
	return id;
}

/* A database in memory with one office of region ab_office; its id. */
static cpol_id ab_office(cpol_db **db)
{
	cpol_office_new on = CPOL_OFFICE_NEW_INIT;
	cpol_id region, station, office;
	ck_assert_ok(cpol_db_open(db, ":memory:", NULL));
	ck_assert_ok(cpol_region_add(&region, *db, "ab_office", NULL));
	ck_assert_ok(cpol_station_add(&station, *db, region, "城东派出所", NULL));
	on.station_id = station;
	on.name = "城东社区警务室";
	ck_assert_ok(cpol_office_add(&office, *db, &on));
	return office;
}

static int64_t count_rows(cpol_db *db, const char *sql)
{
	cpol__stmt *st = NULL;
	int64_t n;
	ck_assert_int_eq(cpol__db_prepare(db, &st, sql), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	n = cpol__st_column_int64(st, 0);
	cpol__st_finalize(st);
	return n;
}

START_TEST(db_training_and_preferences)
{
	cpol_db *db = NULL;
	cpol_id office, a, b, x, march, may, pref, june_pref, id;
	cpol_duty_preference q = CPOL_DUTY_PREFERENCE_INIT;
	cpol_duty_problem *p = NULL;
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	const cpol_duty_violation *v;
	int i, n = 0;

	office = ab_office(&db);
	a = add_staff(db, office, "张伟", "010001", 0);
	b = add_staff(db, office, "李娜", "010002", 0);
	x = add_staff(db, office, "王强", NULL, 0);

	/*
	 * 张伟: training 4-15 March (12 days), again 10-12 March (inside the
	 * first: counted once), 20-24 May (5 days) and late 2023 (another year).
	 */
	ck_assert_ok(cpol_duty_away_add(&march, db, a, CPOL_DUTY_AWAY_TRAINING, D(2024, 3, 4), D(2024, 3, 15), NULL));
	ck_assert_ok(cpol_duty_away_add(NULL, db, a, CPOL_DUTY_AWAY_TRAINING, D(2024, 3, 10), D(2024, 3, 12), NULL));
	ck_assert_ok(cpol_duty_away_add(&may, db, a, CPOL_DUTY_AWAY_TRAINING, D(2024, 5, 20), D(2024, 5, 24), "集中培训"));
	ck_assert_ok(cpol_duty_away_add(NULL, db, a, CPOL_DUTY_AWAY_TRAINING, D(2023, 12, 1), D(2023, 12, 31), NULL));
	/* Leave is not training. */
	ck_assert_ok(cpol_duty_away_add(NULL, db, b, CPOL_DUTY_AWAY_LEAVE, D(2024, 2, 1), D(2024, 2, 29), NULL));

	/* Preferences: 李娜 would rather not do Friday nights (weight 3); wants a June day off. */
	q.shift = "night";
	q.weekdays = 1u << 5;
	q.weight = 3;
	ck_assert_ok(cpol_duty_preference_add(&pref, db, b, &q));
	q = (cpol_duty_preference)CPOL_DUTY_PREFERENCE_INIT;
	q.date = D(2024, 6, 3);
	ck_assert_ok(cpol_duty_preference_add(&june_pref, db, b, &q));
	ck_assert_int_ne(pref, june_pref);
	/* What is refused, and why. */
	q.want = 0;
	ck_assert_fails(cpol_duty_preference_add(&id, db, b, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "want");
	q.want = 1;
	q.weekdays = 1u; /* bit 0 is no weekday */
	ck_assert_fails(cpol_duty_preference_add(&id, db, b, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "weekdays");
	q.weekdays = 0;
	q.weight = 1001;
	ck_assert_fails(cpol_duty_preference_add(&id, db, b, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "weight");
	q.weight = 1;
	q.shift = "night duty";
	ck_assert_fails(cpol_duty_preference_add(&id, db, b, &q), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "shift");
	q.shift = NULL;
	ck_assert_fails(cpol_duty_preference_add(&id, db, 9999, &q), CPOL_ECONSTRAINT);

	ck_assert_ok(cpol_duty_problem_load(&p, db, office, D(2024, 5, 1), 31, NULL, 0));
	/* 12 days in March and 5 in May: 17 in 2024. */
	ck_assert_ok(cpol_duty_problem_find_person(&i, p, a));
	ck_assert_ok(cpol_duty_problem_training_days(&n, p, i, 2024));
	ck_assert_int_eq(n, 17);
	/* Only 李娜's Friday preference concerns May. */
	ck_assert_int_eq(p->nprefs, 1);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_problem_find_person(&i, p, b));
	ck_assert_ok(cpol_duty_roster_add(r, i, D(2024, 5, 10), "night")); /* a Friday */
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	v = find_violation(rep, CPOL_DUTY_RULE_PREFERENCE, i, D(2024, 5, 10));
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->source_id, pref);
	ck_assert_int_eq(v->penalty, 3 * 5);
	ck_assert_ok(cpol_duty_problem_find_person(&i, p, a));
	v = find_violation(rep, CPOL_DUTY_RULE_TRAINING_DAYS, i, CPOL_DATE_NONE);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->amount, 2);
	ck_assert_int_eq(v->source_id, may);
	ck_assert_int_eq(v->date, D(2024, 5, 20));
	ck_assert_int_eq(v->date_end, D(2024, 5, 24));
	ck_assert_ptr_nonnull(strstr(v->message, "12 on other days"));
	ck_assert_str_eq(v->ref->key, "duty.training_days_per_year");
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);

	/* Archived records stay in their tables and are no longer loaded. */
	ck_assert_ok(cpol_duty_away_archive(db, march));
	ck_assert_ok(cpol_duty_preference_archive(db, pref));
	ck_assert_fails(cpol_duty_preference_archive(db, pref), CPOL_ENOTFOUND);
	ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM duty_preference WHERE archived_at IS NOT NULL"), 1);
	ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM duty_preference"), 2);
	ck_assert_ok(cpol_duty_problem_load(&p, db, office, D(2024, 5, 1), 31, NULL, 0));
	ck_assert_int_eq(p->nprefs, 0);
	ck_assert_ok(cpol_duty_problem_find_person(&i, p, a));
	ck_assert_ok(cpol_duty_problem_training_days(&n, p, i, 2024));
	ck_assert_int_eq(n, 8); /* 10-12 March and 20-24 May */
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_TRAINING_DAYS, i, CPOL_DATE_NONE));
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
	/* June's problem has the June preference. */
	ck_assert_ok(cpol_duty_problem_load(&p, db, office, D(2024, 6, 1), 30, NULL, 0));
	ck_assert_int_eq(p->nprefs, 1);
	ck_assert_int_eq(p->prefs[0].date, D(2024, 6, 3));
	ck_assert_int_eq(p->prefs[0].source_id, june_pref);
	cpol_duty_problem_free(p);
	(void)x;
	cpol_db_close(db);
}
END_TEST

/* ------------------------------------------------- rules of the model */
/* area: check */

/*
 * A problem in which only the rule under test can break: no weekly
 * minimums, no night cover (unless the test asks for it), no rest between
 * shifts, no weekly hours and no run limits (each test turns on its own).
 */
static void make_bare(cpol_duty_problem *p, int y, int m, int d, int ndays)
{
	static const char *const off[] = {
		"min_days_in_district_per_week", "min_nights_per_week", "officers_per_night", "min_rest_hours",
		"max_hours_per_week", "max_consecutive_days", "max_nights_in_row", "rest_after_night"
	};
	size_t k;
	int i;
	for (k = 0; k < sizeof(off) / sizeof(off[0]); k++)
		ck_assert_ok(cpol_duty_problem_set_param(p, off[k], 0));
	/* and no reception days */
	for (i = 0; i < ndays; i++) {
		unsigned f = 0;
		cpol_date day = D(y, m, d) + i;
		ck_assert_ok(cpol_duty_problem_get_day(&f, NULL, p, day));
		ck_assert_ok(cpol_duty_problem_set_day(p, day, f & ~(unsigned)CPOL_DUTY_DAY_RECEPTION, NULL));
	}
}

static cpol_duty_problem *bare(int y, int m, int d, int ndays)
{
	cpol_duty_problem *p = problem(y, m, d, ndays);
	make_bare(p, y, m, d, ndays);
	return p;
}

static void shift(cpol_duty_problem *p, const char *code, int start, int end, unsigned who, unsigned flags,
                  int need)
{
	cpol_duty_shift s = { code, code, start, end, who, flags, need };
	ck_assert_ok(cpol_duty_problem_add_shift(NULL, p, &s));
}

/* The report has exactly one violation, of `rule`; returns it. */
static const cpol_duty_violation *only(const cpol_duty_report *rep, cpol_duty_rule rule)
{
	const cpol_duty_violation *v = cpol_duty_report_get(rep, 0);
	ck_assert_msg(cpol_duty_report_count(rep) == 1, "%zu violations, first %s: %s", cpol_duty_report_count(rep),
	              v ? v->rule_name : "-", v ? v->message : "-");
	ck_assert_int_eq(v->rule, rule);
	return v;
}

static cpol_duty_report *check_of(cpol_duty_roster *r)
{
	cpol_duty_report *rep = NULL;
	ck_assert_ok(cpol_duty_check(&rep, r));
	evaluator_agrees(r, rep);
	return rep;
}

START_TEST(night_uncovered_costs_when_soft_and_breaks_when_hard)
{
	/* Mon 6 and Tue 7 May, one officer, a night only on Monday; one officer a night asked for. */
	cpol_duty_problem *p = bare(2024, 5, 6, 2);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "officers_per_night", 1));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 6), "night"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_NIGHT_UNCOVERED);
	ck_assert_int_eq(v->date, D(2024, 5, 7));
	ck_assert_int_eq(v->hard, 0);
	ck_assert_int_eq(v->penalty, 50); /* national weight_night_cover */
	ck_assert_str_eq(v->ref->key, "duty.officers_per_night");
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_problem_set_param(p, "night_cover_hard", 1));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_NIGHT_UNCOVERED);
	ck_assert_int_eq(v->hard, 1);
	ck_assert_int_eq(v->penalty, 0);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 1);
	cpol_duty_report_free(rep);
	/* Both nights covered: nothing. */
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 7), "night"));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(two_officers_stacked_on_one_night_cost)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 1);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0), b = person(p, 2, "李娜", CPOL_STAFF_OFFICER, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "officers_per_night", 1));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 6), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, b, D(2024, 5, 6), "night"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_NIGHT_STACKED);
	ck_assert_int_eq(v->amount, 1);
	ck_assert_int_eq(v->penalty, 50);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(patrol_on_a_night_without_an_officer_breaks_a_hard_rule)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 1);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 2, "张伟", CPOL_STAFF_OFFICER, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	shift(p, "patrol", 1140, 1380, CPOL_DUTY_WHO_AUXILIARY, CPOL_SHIFT_PATROL, 1);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "patrol"));
	rep = check_of(r);
	ck_assert_int_eq(only(rep, CPOL_DUTY_RULE_PATROL_WITHOUT_NIGHT)->hard, 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(office_staffed_twice_is_a_surplus)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 1);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0), y = person(p, 2, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "am", 480, 600, CPOL_DUTY_WHO_AUXILIARY, 0, 0); /* a second shift: counts kept per day and shift */
	shift(p, "office", 510, 1050, CPOL_DUTY_WHO_AUXILIARY, CPOL_SHIFT_COVER, 1);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "office"));
	rep = check_of(r);
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_SURPLUS, -1, CPOL_DATE_NONE));
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_roster_add(r, y, D(2024, 5, 6), "office"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_SURPLUS);
	ck_assert_int_eq(v->amount, 1);
	ck_assert_int_eq(v->hard, 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(three_shifts_in_a_day_exceed_two)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 1);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "a", 480, 600, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	shift(p, "b", 700, 800, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	shift(p, "c", 900, 1000, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "a"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "b"));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0); /* two are allowed */
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "c"));
	rep = check_of(r);
	ck_assert_int_eq(only(rep, CPOL_DUTY_RULE_SHIFTS_PER_DAY)->amount, 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(seven_days_in_a_row_break_six_then_cost_when_soft)
{
	/* Mon 6 .. Mon 13 May, one auxiliary on every day: 8 in a row, 6 allowed. */
	cpol_duty_problem *p = bare(2024, 5, 6, 8);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0), d;
	shift(p, "office", 510, 1050, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_consecutive_days", 6));
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_consecutive_days_hard", 1));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	for (d = 6; d <= 11; d++)
		ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, d), "office"));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0); /* six: at the limit */
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 12), "office"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 13), "office"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_CONSECUTIVE_DAYS);
	ck_assert_int_eq(v->amount, 2);
	ck_assert_int_eq(v->hard, 1);
	ck_assert_int_eq(v->date, D(2024, 5, 6));
	ck_assert_int_eq(v->date_end, D(2024, 5, 13));
	ck_assert_int_eq(v->person_id, 1); /* person index 0: the id, not 0 */
	ck_assert_str_eq(v->message, "王强 is on duty 8 days in a row, 2024-05-06..2024-05-13, at most 6 allowed");
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_consecutive_days_hard", 0));
	rep = check_of(r);
	ck_assert_int_eq(only(rep, CPOL_DUTY_RULE_CONSECUTIVE_DAYS)->penalty, 2 * 10);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(hours_over_the_week_cost_per_hour_begun)
{
	/* Mon 6 .. Sun 12 May, 9 hours a day on all seven: 63 hours. */
	cpol_duty_problem *p = bare(2024, 5, 6, 7);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0), d;
	shift(p, "office", 510, 1050, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	for (d = 6; d <= 12; d++)
		ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, d), "office"));
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_hours_per_week", 63));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0);
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_hours_per_week", 60));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_HOURS_PER_WEEK);
	ck_assert_int_eq(v->amount, 3);
	ck_assert_int_eq(v->penalty, 3 * 2); /* national weight_hours_per_week */
	ck_assert_int_eq(v->hard, 0);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(rest_between_shifts_counts_hours_begun)
{
	/* Patrol Monday 19:00-23:00, office Tuesday 8:30: 9 h 30 of rest. */
	cpol_duty_problem *p = bare(2024, 5, 6, 2);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "office", 510, 1050, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	shift(p, "late", 1140, 1380, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "late"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 7), "office"));
	ck_assert_ok(cpol_duty_problem_set_param(p, "min_rest_hours", 9));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0);
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_problem_set_param(p, "min_rest_hours", 10)); /* 30 minutes short: an hour begun */
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_REST);
	ck_assert_int_eq(v->amount, 1);
	ck_assert_int_eq(v->date, D(2024, 5, 7));
	ck_assert_int_eq(v->penalty, 3); /* national weight_rest */
	cpol_duty_report_free(rep);
	/* Within a day: office to 17:30, then 19:00: 1 h 30, 8 h asked: 6 h 30 short, 7 hours begun. */
	ck_assert_ok(cpol_duty_problem_set_param(p, "min_rest_hours", 8));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 7), "late"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_REST);
	ck_assert_int_eq(v->amount, 7);
	ck_assert_int_eq(v->penalty, 21);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(three_nights_in_a_row_exceed_one)
{
	/* Mon 6 .. Thu 9 May, nights Tue 7 .. Thu 9: a run of 3 from the second day. */
	cpol_duty_problem *p = bare(2024, 5, 6, 4);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0), d;
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_nights_in_row", 1));
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_nights_in_row_hard", 1));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	for (d = 7; d <= 9; d++)
		ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, d), "night"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_NIGHTS_IN_ROW);
	ck_assert_int_eq(v->amount, 2);
	ck_assert_int_eq(v->hard, 1);
	ck_assert_str_eq(v->message,
	                 "张伟 is on night duty 3 nights in a row, 2024-05-07..2024-05-09, at most 1 allowed");
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/*
 * 专职社区民警 take no duty after 22:00 (duty.no_duty_after "22:00", 1320
 * minutes): a shift ending at 22:00 exactly is allowed, one ending at 22:01
 * is not; a plain officer may take either. Monday 13 May 2024, one day.
 */
START_TEST(a_dedicated_officer_may_work_until_22_00_exactly)
{
	cpol_duty_problem *p = bare(2024, 5, 13, 1);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int a = person(p, 1, "李娜", CPOL_STAFF_OFFICER, 1), b = person(p, 2, "张伟", CPOL_STAFF_OFFICER, 0);
	shift(p, "eve", 1080, 1320, CPOL_DUTY_WHO_OFFICER, 0, 0);  /* 18:00-22:00 */
	shift(p, "late", 1080, 1321, CPOL_DUTY_WHO_OFFICER, 0, 0); /* 18:00-22:01 */
	ck_assert_ok(cpol_duty_problem_set_param(p, "weight_load", 0)); /* one works, one does not: its own test */
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 13), "eve"));
	ck_assert_ok(cpol_duty_roster_add(r, b, D(2024, 5, 13), "late"));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 13), "late"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_DEDICATED_LATE);
	ck_assert_int_eq(v->person, a);
	ck_assert_int_eq(v->hard, 1);
	ck_assert_int_eq(v->date, D(2024, 5, 13));
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/* The officer posts of the default shifts: in the district on working days, and reception. */
static void district_shifts(cpol_duty_problem *p)
{
	shift(p, "district", 510, 1050, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_IN_DISTRICT | CPOL_SHIFT_WORKING_DAYS, 0);
	shift(p, "reception", 510, 1050, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_IN_DISTRICT | CPOL_SHIFT_RECEPTION, 0);
}

/* The IN_DISTRICT shortfall of a report (its one violation), or 0 when there is none. */
static int in_district_short(cpol_duty_roster *r)
{
	cpol_duty_report *rep = check_of(r);
	int n = 0;
	if (cpol_duty_report_count(rep))
		n = only(rep, CPOL_DUTY_RULE_IN_DISTRICT)->amount;
	cpol_duty_report_free(rep);
	return n;
}

/*
 * 3 days in the district a week (duty.min_days_in_district_per_week),
 * prorated over the part of a week inside the roster, rounded half up
 * (3 x k / 7), and never more than its working days (plain calendar of a
 * problem: Monday-Friday working). Nobody in the district:
 *  - Friday 17 May alone: 3/7 = 0.43 -> 0 owed;
 *  - Thursday 16 - Friday 17: 6/7 = 0.86 -> 1 (truncated: 0);
 *  - Thursday 16 - Sunday 19: 12/7 = 1.71 -> 2 (truncated: 1), 2 working days;
 *  - Saturday 18 - Sunday 19: 6/7 -> 1, but no working day: 0.
 * An officer in the district on Thursday 16 makes the 2-day roster whole.
 */
START_TEST(days_in_the_district_are_prorated_and_rounded_half_up)
{
	static const struct { int day, ndays, owed; } c[] = { { 17, 1, 0 }, { 16, 2, 1 }, { 16, 4, 2 }, { 18, 2, 0 } };
	size_t k;

	for (k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		cpol_duty_problem *p = bare(2024, 5, c[k].day, c[k].ndays);
		cpol_duty_roster *r = NULL;
		int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
		district_shifts(p);
		ck_assert_ok(cpol_duty_problem_set_param(p, "min_days_in_district_per_week", 3));
		ck_assert_ok(cpol_duty_roster_new(&r, p));
		ck_assert_msg(in_district_short(r) == c[k].owed, "from May %d, %d days", c[k].day, c[k].ndays);
		if (c[k].day == 16 && c[k].ndays == 2) {
			ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 16), "district"));
			ck_assert_int_eq(in_district_short(r), 0);
		}
		cpol_duty_roster_free(r);
		cpol_duty_problem_free(p);
	}
}
END_TEST

/* Officer a in the district Monday 13 and Tuesday 14, receiving on Saturday 18 May: the shortfall. */
static int mon_tue_saturday_short(cpol_duty_problem *p, int a)
{
	cpol_duty_roster *r = NULL;
	int n;
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 13), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 14), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 18), "reception"));
	n = in_district_short(r);
	cpol_duty_roster_free(r);
	return n;
}

/*
 * A market day (墟日) on a weekend is a reception day, but not a working
 * day: an officer receiving the public there is not one of the week's 3
 * working days in the district. Monday 13 - Sunday 19 May 2024, Saturday
 * 18 a market day: in the district Monday, Tuesday and (reception)
 * Saturday: 2 working days, 1 short. Saturday made a make-up working day
 * (调休) instead: 3, nothing short.
 */
START_TEST(a_weekend_market_day_is_no_working_day_in_the_district)
{
	cpol_duty_problem *p = bare(2024, 5, 13, 7);
	unsigned f = 0;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	district_shifts(p);
	ck_assert_ok(cpol_duty_problem_set_param(p, "min_days_in_district_per_week", 3));
	ck_assert_ok(cpol_duty_problem_get_day(&f, NULL, p, D(2024, 5, 18)));
	ck_assert_int_eq(f & CPOL_DUTY_DAY_WORKING, 0);
	ck_assert_ok(cpol_duty_problem_set_day(p, D(2024, 5, 18), f | CPOL_DUTY_DAY_RECEPTION | CPOL_DUTY_DAY_MARKET,
	                                       NULL));
	ck_assert_int_eq(mon_tue_saturday_short(p, a), 1);
	ck_assert_ok(cpol_duty_problem_set_day(p, D(2024, 5, 18),
	                                       (f & ~(unsigned)CPOL_DUTY_DAY_WEEKEND) | CPOL_DUTY_DAY_WORKING |
	                                               CPOL_DUTY_DAY_RECEPTION,
	                                       NULL));
	ck_assert_int_eq(mon_tue_saturday_short(p, a), 0);
	cpol_duty_problem_free(p);
}
END_TEST

/*
 * A night (17:30 to 8:30 the next morning) and the next day's post from
 * 8:30: they touch, they do not overlap; a night to 8:31 overlaps. With
 * rest_after_night on, the post the day after the roster's first night
 * breaks it: one hard violation, on Tuesday 7 May, with no source record.
 * Monday 6 - Tuesday 7 May 2024.
 */
START_TEST(a_night_touching_the_next_days_post_does_not_overlap_it)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 2);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	shift(p, "long", 1050, 1951, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	shift(p, "post", 510, 1050, CPOL_DUTY_WHO_OFFICER, 0, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "weight_load", 0));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 6), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 7), "post"));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_problem_set_param(p, "rest_after_night", 1));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_REST_AFTER_NIGHT);
	ck_assert_int_eq(v->date, D(2024, 5, 7));
	ck_assert_int_eq(v->source_id, 0);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 1);
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_problem_set_param(p, "rest_after_night", 0));
	cpol_duty_roster_free(r);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 6), "long"));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 7), "post"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_OVERLAP);
	ck_assert_int_eq(v->date, D(2024, 5, 7));
	ck_assert_int_eq(v->source_id, 0); /* no record behind an overlap */
	ck_assert_int_eq(cpol_duty_report_hard(rep), 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/* The REST shortfall in hours (0: none) with min_rest_hours set to `hours`, and its penalty. */
static int rest_hours_short(cpol_duty_problem *p, cpol_duty_roster *r, int hours, int64_t *penalty)
{
	cpol_duty_report *rep;
	int n = 0;
	ck_assert_ok(cpol_duty_problem_set_param(p, "min_rest_hours", hours));
	rep = check_of(r);
	if (cpol_duty_report_count(rep)) {
		const cpol_duty_violation *v = only(rep, CPOL_DUTY_RULE_REST);
		n = v->amount;
		*penalty = v->penalty;
	}
	cpol_duty_report_free(rep);
	return n;
}

/*
 * Rest between two shifts of a day is counted to the minute: a post
 * 8:30-12:00 and another from 21:50 leave 9 h 50 min; min_rest_hours 10
 * is 10 minutes short, an hour begun (1 x weight_rest 3); 9 is met.
 */
/*
 * A shift ending at midnight and the next day's shift starting at 00:00
 * leave no rest at all (a gap of 0 minutes, not an overlap): with 8 hours
 * asked, 8 hours short on the second day, 8 × 3 (national weight_rest) = 24.
 */
START_TEST(a_shift_to_midnight_then_one_from_midnight_leaves_no_rest)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 2);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "early", 0, 480, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	shift(p, "late", 1200, 1440, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "min_rest_hours", 8));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "late"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 7), "early"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_REST);
	ck_assert_int_eq(v->date, D(2024, 5, 7));
	ck_assert_int_eq(v->amount, 8);
	ck_assert_int_eq(v->penalty, 24);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/*
 * A night running past midnight on the roster's last day overlaps nothing:
 * the next day is outside the roster, and the next person's first day is
 * no day of hers. One day, Mon 6 May; 张伟 on the night (17:30-08:30),
 * 李娜 on the office shift 08:00-17:00 of the same day, which the night
 * started after: no violation at all (fairness weights off).
 */
START_TEST(a_night_on_the_last_day_overlaps_nothing)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 1);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0), b = person(p, 2, "李娜", CPOL_STAFF_OFFICER, 0);
	shift(p, "office", 480, 1020, CPOL_DUTY_WHO_OFFICER, 0, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	no_fairness(p);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 6), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, b, D(2024, 5, 6), "office"));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/* At most one night in a row: nights on Monday and Wednesday, with Tuesday
 * off between them, are two runs of one night each, and break nothing. */
START_TEST(nights_with_a_night_off_between_are_not_in_a_row)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 3);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_nights_in_row", 1));
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_nights_in_row_hard", 1));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 6), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 8), "night"));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_count(rep), 0);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/*
 * Mon 6 May: 张伟 on the night, so the patrol is led; it needs one
 * auxiliary and two are on it: one beyond what any rule needs, a surplus
 * of 1.
 */
START_TEST(a_patrol_over_its_need_on_a_led_night_is_a_surplus)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 1);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	int x = person(p, 2, "王强", CPOL_STAFF_AUXILIARY, 0), y = person(p, 3, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	shift(p, "patrol", 1140, 1380, CPOL_DUTY_WHO_AUXILIARY, CPOL_SHIFT_PATROL, 1);
	no_fairness(p);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 6), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "patrol"));
	ck_assert_ok(cpol_duty_roster_add(r, y, D(2024, 5, 6), "patrol"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_SURPLUS);
	ck_assert_int_eq(v->amount, 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/*
 * Two full weeks, Mon 6 .. Sun 19 May, one night a week owed by each
 * officer (7 days there: round(1 × 7 / 7) = 1). 张伟 does Mon 6 only;
 * 李娜 Tue 7 and Tue 14. By hand: 张伟 is one night short in the week of
 * 13..19 May, and nobody else in any week.
 */
START_TEST(nights_a_week_are_counted_per_officer_and_week)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 14);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int a = person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0), b = person(p, 2, "李娜", CPOL_STAFF_OFFICER, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	no_fairness(p);
	ck_assert_ok(cpol_duty_problem_set_param(p, "min_nights_per_week", 1));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, a, D(2024, 5, 6), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, b, D(2024, 5, 7), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, b, D(2024, 5, 14), "night"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_NIGHTS_MIN);
	ck_assert_int_eq(v->person, a);
	ck_assert_int_eq(v->date, D(2024, 5, 13));
	ck_assert_int_eq(v->date_end, D(2024, 5, 19));
	ck_assert_int_eq(v->amount, 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(rest_ten_minutes_short_is_an_hour_begun)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 1);
	cpol_duty_roster *r = NULL;
	int64_t pen = 0;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "am", 510, 720, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	shift(p, "late", 1310, 1400, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "am"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "late"));
	ck_assert_int_eq(rest_hours_short(p, r, 9, &pen), 0);
	ck_assert_int_eq(rest_hours_short(p, r, 10, &pen), 1);
	ck_assert_int_eq(pen, 3);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/*
 * The office is staffed (need 1) on Monday 6 and Wednesday 8 May, not on
 * Tuesday 7: one cover violation, on the 7th; two on Wednesday is one
 * surplus, on the 8th.
 */
START_TEST(cover_and_surplus_are_counted_on_their_own_day)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 3);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0), y = person(p, 2, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "am", 480, 600, CPOL_DUTY_WHO_AUXILIARY, 0, 0); /* a second shift: counts kept per day and shift */
	shift(p, "office", 510, 1050, CPOL_DUTY_WHO_AUXILIARY, CPOL_SHIFT_COVER, 1);
	ck_assert_ok(cpol_duty_problem_set_param(p, "weight_load", 0));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 6), "office"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 8), "office"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_COVER);
	ck_assert_int_eq(v->date, D(2024, 5, 7));
	ck_assert_int_eq(v->amount, 1);
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_roster_add(r, y, D(2024, 5, 7), "office"));
	ck_assert_ok(cpol_duty_roster_add(r, y, D(2024, 5, 8), "office"));
	rep = check_of(r);
	v = only(rep, CPOL_DUTY_RULE_SURPLUS);
	ck_assert_int_eq(v->date, D(2024, 5, 8));
	ck_assert_int_eq(v->amount, 1);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/* The report's preference violations, in order, into at most n slots; their count. */
static size_t preferences_of(const cpol_duty_report *rep, const cpol_duty_violation **v, size_t n)
{
	size_t i, k = 0;
	for (i = 0; i < cpol_duty_report_count(rep); i++) {
		const cpol_duty_violation *x = cpol_duty_report_get(rep, i);
		ck_assert_msg(x->rule == CPOL_DUTY_RULE_PREFERENCE, "unexpected %s: %s", x->rule_name,
		              x->message);
		if (k < n)
			v[k] = x;
		k++;
	}
	return k;
}

/*
 * Mon 6 .. Sun 12 May 2024, one auxiliary, shifts am and pm, preference
 * weight 10 a point. His wishes: rather no shift at all on Wed 8 May
 * (weight 1), pm on Tuesdays (weekday 2, weight 3), and zzz, which is no
 * shift of the problem, every day (ignored). He works am on Tue 7 and pm
 * on Wed 8, nothing else. By hand: Tue 7 wanted pm, got am: unmet, 3 × 10
 * = 30; Wed 8 rather none, got pm: unmet, 1 × 10 = 10; Mon 6 is no
 * Tuesday, and zzz is ignored on the five days without a shift.
 */
START_TEST(preferences_are_checked_on_their_own_days_and_shifts)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 7);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *v[3];
	cpol_duty_preference none = CPOL_DUTY_PREFERENCE_INIT, pm = CPOL_DUTY_PREFERENCE_INIT,
	                     zzz = CPOL_DUTY_PREFERENCE_INIT;
	int x = person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0);

	shift(p, "am", 480, 720, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	shift(p, "pm", 780, 1020, CPOL_DUTY_WHO_AUXILIARY, 0, 0);
	no_fairness(p);
	ck_assert_ok(cpol_duty_problem_set_param(p, "weight_preference", 10));
	none.date = D(2024, 5, 8);
	ck_assert_ok(cpol_duty_problem_add_preference(p, x, &none, 0));
	pm.want = 1;
	pm.shift = "pm";
	pm.weekdays = 1u << 2;
	pm.weight = 3;
	ck_assert_ok(cpol_duty_problem_add_preference(p, x, &pm, 0));
	zzz.want = 1;
	zzz.shift = "zzz";
	ck_assert_ok(cpol_duty_problem_add_preference(p, x, &zzz, 0));
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 7), "am"));
	ck_assert_ok(cpol_duty_roster_add(r, x, D(2024, 5, 8), "pm"));
	rep = check_of(r);
	ck_assert_uint_eq(preferences_of(rep, v, 3), 2);
	ck_assert_int_eq(v[0]->date, D(2024, 5, 7));
	ck_assert_int_eq(v[0]->penalty, 30);
	ck_assert_int_eq(v[1]->date, D(2024, 5, 8));
	ck_assert_int_eq(v[1]->penalty, 10);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/* area: generate */

START_TEST(back_from_leave_gets_a_prorated_share)
{
	/*
	 * June 2024, 30 days, two auxiliaries on the office shift; 赵磊 on
	 * leave 1-15 June. Days there: 30 and 15, so the 30 shifts share 20 and
	 * 10, not 15 and 15 (nor all of 16-30 to the one back).
	 */
	cpol_duty_problem *p = bare(2024, 6, 1, 30);
	cpol_duty_roster *r = NULL;
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	size_t k;
	int n[2] = { 0, 0 };
	person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 2, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "office", 510, 1050, CPOL_DUTY_WHO_AUXILIARY, CPOL_SHIFT_COVER, 1);
	ck_assert_ok(cpol_duty_problem_set_away(p, 1, D(2024, 6, 1), D(2024, 6, 15), CPOL_DUTY_AWAY_LEAVE, 0));
	ck_assert_ok(cpol_duty_problem_set_param(p, "weight_weekends", 0));
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, &o));
	for (k = 0; k < cpol_duty_roster_count(r); k++)
		n[cpol_duty_roster_get(r, k)->person]++;
	ck_assert_int_eq(n[0], 20);
	ck_assert_int_eq(n[1], 10);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/*
 * The issue's June office, 2 officers and 2 auxiliaries, June 2024 (30 days
 * from Saturday the 1st, plain weeks: Monday-Friday working, reception
 * Wednesday and Thursday), national rules; `leave`: officer 张伟 (0) on
 * leave Monday 10 - Friday 14 June (days 9-13); `sick`: auxiliary 赵磊 (3)
 * sick Monday 17 - Wednesday 19 June (days 16-18).
 *
 * A roster made by hand that meets every hard rule: officer d % 2 takes
 * the night of day d and, on a working day, the day post of it too
 * (reception on Wednesday and Thursday, district otherwise), so each is off
 * the day after a night, one night in a row, about 3.5 nights a week (2
 * owed), an officer in the district every working day. During the leave
 * 李娜 (1) works: day 9 (Mon) day post and night; day 10 off (rest after
 * it); day 11 (Wed) reception, no night; day 12 (Thu) reception; day 13
 * (Fri) day post and night; day 14 off; day 15 (Sun) night: 4 working days
 * in the district (3 owed), 2 nights that week (owed: 2, there all 7
 * days); 张伟 back on day 14 does its night (owed round(2 x 2/7) = 1).
 * Nights 10-12 are uncovered: soft, national cover is not hard. Auxiliary
 * 2 + d % 2 staffs the office by day and patrols on a covered night; with
 * 赵磊 sick, 王强 (2) takes days 16-18 too: a run of 3 days.
 */
static cpol_duty_problem *june_office(int leave, int sick, cpol_duty_roster **hand)
{
	cpol_duty_problem *p = problem(2024, 6, 1, 30);
	int d;
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 2, "李娜", CPOL_STAFF_OFFICER, 0);
	person(p, 3, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 4, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	if (leave)
		ck_assert_ok(cpol_duty_problem_set_away(p, 0, D(2024, 6, 10), D(2024, 6, 14), CPOL_DUTY_AWAY_LEAVE, 0));
	if (sick)
		ck_assert_ok(cpol_duty_problem_set_away(p, 3, D(2024, 6, 17), D(2024, 6, 19), CPOL_DUTY_AWAY_SICK, 0));
	ck_assert_ok(cpol_duty_roster_new(hand, p));
	for (d = 0; d < 30; d++) {
		cpol_date date = D(2024, 6, 1) + d;
		int wd = cpol_date_weekday(date), working = wd <= 5;
		const char *post = wd == 3 || wd == 4 ? "reception" : "district";
		int officer = d % 2, night = 1, day_post = working, aux = 2 + d % 2;
		if (leave && d >= 9 && d <= 15) {
			/* 李娜 alone: the plan above */
			officer = 1;
			night = d == 9 || d == 13 || d == 15;
			day_post = d == 9 || d == 11 || d == 12 || d == 13;
			if (d == 10 || d == 14) {
				night = d == 14; /* day 14: 张伟 is back for the night */
				officer = 0;
				day_post = 0;
			}
		}
		if (sick && d >= 16 && d <= 18)
			aux = 2;
		if (day_post)
			ck_assert_ok(cpol_duty_roster_add(*hand, officer, date, post));
		if (night)
			ck_assert_ok(cpol_duty_roster_add(*hand, officer, date, "night"));
		ck_assert_ok(cpol_duty_roster_add(*hand, aux, date, "office"));
		if (night)
			ck_assert_ok(cpol_duty_roster_add(*hand, aux, date, "patrol"));
	}
	return p;
}

START_TEST(generate_finds_a_lawful_roster_where_a_hand_made_one_exists)
{
	/* Each case: the hand-made roster breaks no hard rule, and neither does any generated one (seeds 1-10). */
	static const int cases[][2] = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
	size_t k;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		cpol_duty_roster *hand = NULL, *r = NULL;
		cpol_duty_problem *p = june_office(cases[k][0], cases[k][1], &hand);
		cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
		cpol_duty_report *rep = check_of(hand);
		uint64_t seed;
		if (cpol_duty_report_hard(rep)) {
			size_t v;
			for (v = 0; v < cpol_duty_report_count(rep); v++)
				if (cpol_duty_report_get(rep, v)->hard)
					fprintf(stderr, "hand-made: %s\n", cpol_duty_report_get(rep, v)->message);
		}
		ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
		cpol_duty_report_free(rep);
		/* Lawfulness is under test, not the last points: 8 runs a seed, not the default 48. */
		o.restarts = 8;
		for (seed = 1; seed <= 10; seed++) {
			o.seed = seed;
			ck_assert_ok(cpol_duty_generate(&r, NULL, p, &o));
			rep = check_of(r);
			ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
			cpol_duty_report_free(rep);
			cpol_duty_roster_free(r);
		}
		cpol_duty_roster_free(hand);
		cpol_duty_problem_free(p);
	}
}
END_TEST

START_TEST(generate_gives_two_shifts_a_day_where_the_rules_allow_them)
{
	/*
	 * Mon 6 .. Sat 11 May: one officer doing nights, two auxiliaries, one
	 * sick all week. The other must staff the office by day and patrol on
	 * the officer's nights: two shifts on those days, which the checker
	 * accepts (the rest between them only costs), so generate must find it.
	 */
	cpol_duty_problem *p = problem(2024, 5, 6, 6);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	size_t k;
	int both = 0;
	person(p, 1, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 2, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 3, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	ck_assert_ok(cpol_duty_problem_set_away(p, 2, D(2024, 5, 6), D(2024, 5, 11), CPOL_DUTY_AWAY_SICK, 0));
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, NULL));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	for (k = 0; k + 1 < cpol_duty_roster_count(r); k++) {
		const cpol_duty_entry *a = cpol_duty_roster_get(r, k), *b = cpol_duty_roster_get(r, k + 1);
		if (a->person == 1 && b->person == 1 && a->date == b->date)
			both++;
	}
	ck_assert_int_ge(both, 2); /* the officer owes two nights: two patrols on office days */
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
}
END_TEST

/* ------------------------------------------------------------ re-planning */
/* area: replan */

/*
 * A week Mon 6 .. Sun 12 May of two auxiliaries on the office shift
 * (need 1), published alternating: 王强 on the 6th, 8th, 10th, 12th, 赵磊
 * on the 7th, 9th, 11th.
 */
static cpol_duty_problem *alternating(cpol_duty_roster **published)
{
	cpol_duty_problem *p = bare(2024, 5, 6, 7);
	int d;
	person(p, 1, "王强", CPOL_STAFF_AUXILIARY, 0);
	person(p, 2, "赵磊", CPOL_STAFF_AUXILIARY, 0);
	shift(p, "office", 510, 1050, CPOL_DUTY_WHO_AUXILIARY, CPOL_SHIFT_COVER, 1);
	ck_assert_ok(cpol_duty_roster_new(published, p));
	for (d = 6; d <= 12; d++)
		ck_assert_ok(cpol_duty_roster_add(*published, d % 2 == 0 ? 0 : 1, D(2024, 5, d), "office"));
	return p;
}

static cpol_duty_diff *repaired(cpol_duty_problem *p, const cpol_duty_roster *published, cpol_date from,
                                cpol_duty_roster **out)
{
	cpol_duty_diff *diff = NULL;
	cpol_duty_report *rep;
	ck_assert_ok(cpol_duty_repair(out, NULL, p, published, from, NULL));
	rep = check_of(*out);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	cpol_duty_report_free(rep);
	ck_assert_ok(cpol_duty_roster_diff(&diff, published, *out));
	return diff;
}

START_TEST(repair_after_one_sick_day_changes_only_that_day)
{
	/* 赵磊 falls sick on Thursday the 9th, his day: 王强 takes it; two cells change. */
	cpol_duty_roster *pub = NULL, *r = NULL;
	cpol_duty_problem *p = alternating(&pub);
	cpol_duty_diff *diff;
	const cpol_duty_change *c;
	ck_assert_ok(cpol_duty_problem_set_away(p, 1, D(2024, 5, 9), D(2024, 5, 9), CPOL_DUTY_AWAY_SICK, 0));
	diff = repaired(p, pub, D(2024, 5, 9), &r);
	ck_assert_int_eq(cpol_duty_diff_count(diff), 2);
	ck_assert_int_eq(cpol_duty_diff_people(diff), 2);
	c = cpol_duty_diff_get(diff, 0);
	ck_assert_int_eq(c->date, D(2024, 5, 9));
	ck_assert_int_eq(c->person, 0);
	ck_assert_str_eq(c->before, "");
	ck_assert_str_eq(c->after, "office");
	c = cpol_duty_diff_get(diff, 1);
	ck_assert_int_eq(c->date, D(2024, 5, 9));
	ck_assert_int_eq(c->person_id, 2);
	ck_assert_str_eq(c->before, "office");
	ck_assert_str_eq(c->after, "");
	cpol_duty_diff_free(diff);
	cpol_duty_roster_free(r);
	cpol_duty_roster_free(pub);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(repair_changes_the_minimum_around_a_limit_and_nothing_before)
{
	/*
	 * As above, with at most two days in a row (hard). 王强 taking the 9th
	 * would work the 8th, 9th and 10th: three. The least change: 王强 takes
	 * the 9th and 赵磊 the 10th instead of him (4 cells: 9th and 10th of
	 * both), which leaves 王强 8-9, 赵磊 10-11, 王强 12. Repair from the 9th:
	 * nothing before it changes, though moving the 8th would also do.
	 */
	cpol_duty_roster *pub = NULL, *r = NULL;
	cpol_duty_problem *p = alternating(&pub);
	cpol_duty_diff *diff;
	size_t k;
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_consecutive_days", 2));
	ck_assert_ok(cpol_duty_problem_set_param(p, "max_consecutive_days_hard", 1));
	ck_assert_ok(cpol_duty_problem_set_away(p, 1, D(2024, 5, 9), D(2024, 5, 9), CPOL_DUTY_AWAY_SICK, 0));
	diff = repaired(p, pub, D(2024, 5, 9), &r);
	ck_assert_int_eq(cpol_duty_diff_count(diff), 4);
	for (k = 0; k < cpol_duty_diff_count(diff); k++) {
		const cpol_duty_change *c = cpol_duty_diff_get(diff, k);
		ck_assert_int_ge(c->date, D(2024, 5, 9));
		ck_assert_int_le(c->date, D(2024, 5, 10));
	}
	cpol_duty_diff_free(diff);
	cpol_duty_roster_free(r);
	cpol_duty_roster_free(pub);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(repair_of_a_roster_still_lawful_changes_nothing)
{
	cpol_duty_roster *pub = NULL, *r = NULL;
	cpol_duty_problem *p = alternating(&pub);
	cpol_duty_diff *diff = repaired(p, pub, D(2024, 5, 6), &r);
	ck_assert_int_eq(cpol_duty_diff_count(diff), 0);
	ck_assert_fails(cpol_duty_repair(&r, NULL, p, pub, D(2024, 5, 14), NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "from");
	cpol_duty_diff_free(diff);
	cpol_duty_roster_free(r);
	cpol_duty_roster_free(pub);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(generate_keeps_pinned_cells)
{
	/* Pin 赵磊 on Monday and Tuesday (which fairness alone would not give him both of). */
	cpol_duty_roster *pins = NULL, *r = NULL, *pub = NULL;
	cpol_duty_problem *p = alternating(&pub);
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	size_t k;
	int held = 0;
	ck_assert_ok(cpol_duty_roster_new(&pins, p));
	ck_assert_ok(cpol_duty_roster_add(pins, 1, D(2024, 5, 6), "office"));
	ck_assert_ok(cpol_duty_roster_add(pins, 1, D(2024, 5, 7), "office"));
	o.pinned = pins;
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, &o));
	for (k = 0; k < cpol_duty_roster_count(r); k++) {
		const cpol_duty_entry *e = cpol_duty_roster_get(r, k);
		if (e->person == 1 && e->date <= D(2024, 5, 7))
			held++;
	}
	ck_assert_int_eq(held, 2);
	cpol_duty_roster_free(r);
	o.method = CPOL_DUTY_METHOD_ROUND_ROBIN; /* would ignore them: refused */
	ck_assert_fails(cpol_duty_generate(&r, NULL, p, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "pinned");
	cpol_duty_roster_free(pins);
	cpol_duty_roster_free(pub);
	cpol_duty_problem_free(p);
}
END_TEST

START_TEST(swap_check_says_who_can_take_a_shift_and_why_not)
{
	/*
	 * 王强's office shift on Wednesday the 8th: 赵磊 can take it; 李娜, an
	 * officer, may not (qualification); 黄敏 is on leave that day.
	 */
	cpol_duty_roster *pub = NULL;
	cpol_duty_problem *p = alternating(&pub);
	cpol_duty_swaps *w = NULL;
	const cpol_duty_swap *x;
	person(p, 3, "李娜", CPOL_STAFF_OFFICER, 0);
	person(p, 4, "黄敏", CPOL_STAFF_AUXILIARY, 0);
	ck_assert_ok(cpol_duty_problem_set_away(p, 3, D(2024, 5, 8), D(2024, 5, 8), CPOL_DUTY_AWAY_LEAVE, 0));
	ck_assert_ok(cpol_duty_swap_check(&w, pub, 0, D(2024, 5, 8), "office"));
	ck_assert_int_eq(cpol_duty_swaps_count(w), 3);
	x = cpol_duty_swaps_get(w, 0);
	ck_assert_int_eq(x->person, 1);
	ck_assert_int_eq(x->ok, 1);
	ck_assert_str_eq(x->message, "");
	x = cpol_duty_swaps_get(w, 1);
	ck_assert_int_eq(x->person, 2);
	ck_assert_int_eq(x->ok, 0);
	ck_assert_int_eq(x->rule, CPOL_DUTY_RULE_QUALIFICATION);
	x = cpol_duty_swaps_get(w, 2);
	ck_assert_int_eq(x->person, 3);
	ck_assert_int_eq(x->rule, CPOL_DUTY_RULE_AVAILABILITY);
	ck_assert_ptr_nonnull(strstr(x->message, "on leave"));
	cpol_duty_swaps_free(w);
	ck_assert_fails(cpol_duty_swap_check(&w, pub, 1, D(2024, 5, 8), "office"), CPOL_ENOTFOUND);
	cpol_duty_roster_free(pub);
	cpol_duty_problem_free(p);
}
END_TEST


/* ------------------------------------------------------- rotation templates */

/*
 * An office's A/B rotation (ab岗轮流) as its rule file states it: a cycle
 * of two days from Monday 6 May 2024, post A in the district on the first
 * day of each cycle, post B on the second.
 */
static const char ROTATION_RULES[] =
	"region: rotation_test\n"                                          /* line 1 */
	"extends: national\n"                                              /* 2 */
	"duty:\n"                                                          /* 3 */
	"  posts: [A, B]\n"                                                /* 4 */
	"  rotation:\n"                                                    /* 5 */
	"    - {post: A, start: 2024-05-06, days: [district, \"-\"]}\n"     /* 6 */
	"    - {post: B, start: 2024-05-06, days: [\"-\", district]}\n";   /* 7 */

/*
 * The week Monday 6 .. Sunday 12 May 2024 under those rules (national
 * calendar: Saturday the 11th is a make-up working day of the May Day
 * holiday, Sunday the 12th is not a working day), two officers, one shift
 * "district" (8:30-17:30, 9 hours, working days only, an officer in the
 * district), and no rule but the rotation asking for anyone: no weekly
 * minimums, no reception days, no night cover.
 */
static cpol_duty_problem *rotation_week(cpol_rules **rules)
{
	cpol_duty_problem *p = problem(2024, 5, 6, 7);
	ck_assert_ok(cpol_rules_load_string(rules, ROTATION_RULES, NULL));
	ck_assert_ok(cpol_duty_problem_set_rules(p, *rules));
	make_bare(p, 2024, 5, 6, 7); /* after the rules, which would set them back */
	person(p, 11, "张伟", CPOL_STAFF_OFFICER, 0);
	person(p, 12, "李娜", CPOL_STAFF_OFFICER, 0);
	shift(p, "district", 510, 1050, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_IN_DISTRICT | CPOL_SHIFT_WORKING_DAYS, 0);
	return p;
}

/* The roster's cells as "person:day" words, in order: "0:6 1:7 ...". */
static void roster_text(const cpol_duty_roster *r, char *buf, size_t size)
{
	size_t i, len = 0;
	buf[0] = '\0';
	for (i = 0; i < cpol_duty_roster_count(r); i++) {
		const cpol_duty_entry *x = cpol_duty_roster_get(r, i);
		int y, m, d;
		cpol_date_split(&y, &m, &d, x->date);
		len += (size_t)snprintf(buf + len, size - len, "%s%d:%d", len ? " " : "", x->person, d);
	}
}

/*
 * Worked by hand. Day k of the cycle is (date - 6 May) mod 2: the 6th, 8th,
 * 10th, 12th are k = 0 (A district, B "-"), the 7th, 9th, 11th k = 1.
 * 张伟, the first officer, takes post A by default, 李娜 B. Sunday the 12th
 * A's district cannot be held (not a working day): that cell is free.
 * Following the template: 张伟 on the 6th, 8th, 10th, 李娜 on the 7th, 9th
 * and the make-up Saturday 11th; 6 shifts × 9 h × weight_shift 1 = 54, the
 * load shared evenly (27 h each over 7 days each: fair_load 0): 54 points.
 * Dropping a day saves 9 points and costs weight_rotation 20 (and 9 of
 * fair_load: 18 h against 27, shares 22.5); a second officer on a day is a
 * surplus (hard); the empty roster costs 6 × 20 = 120. So the optimum is
 * the template, 54 points.
 */
START_TEST(rotation_generate_follows_template)
{
	cpol_rules *rules = NULL;
	cpol_duty_problem *p = rotation_week(&rules);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	char text[256];

	ck_assert_str_eq(cpol_duty_problem_post(p, 0), "A");
	ck_assert_str_eq(cpol_duty_problem_post(p, 1), "B");
	o.seed = 3;
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, &o));
	roster_text(r, text, sizeof(text));
	ck_assert_str_eq(text, "0:6 1:7 0:8 1:9 0:10 1:11");
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	ck_assert_int_eq(cpol_duty_report_penalty(rep), 54);
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_ROTATION, -1, CPOL_DATE_NONE));
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_ROTATION, 0, CPOL_DATE_NONE));
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_ROTATION, 1, CPOL_DATE_NONE));
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
}
END_TEST

/*
 * check reports each cell off the template, and only that rule: the
 * template's roster with A and B exchanged on Wednesday the 8th (李娜 in
 * the district, 张伟 not) is off on two cells, 20 points each, both on
 * the 8th, naming the post and the template's line (7 for B's, 6 for A's).
 */
START_TEST(rotation_check_reports_deviations)
{
	cpol_rules *rules = NULL;
	cpol_duty_problem *p = rotation_week(&rules);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_violation *a, *b;
	const cpol_duty_score *sc;
	size_t i;

	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, 0, D(2024, 5, 6), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, 1, D(2024, 5, 7), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, 1, D(2024, 5, 8), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, 1, D(2024, 5, 9), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, 0, D(2024, 5, 10), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, 1, D(2024, 5, 11), "district"));
	rep = check_of(r);
	ck_assert_int_eq(cpol_duty_report_hard(rep), 0);
	for (i = 0; i < cpol_duty_report_count(rep); i++) {
		const cpol_duty_violation *v = cpol_duty_report_get(rep, i);
		ck_assert_msg(v->rule == CPOL_DUTY_RULE_ROTATION || v->rule == CPOL_DUTY_RULE_SHIFT_COST ||
		              v->rule == CPOL_DUTY_RULE_FAIR_LOAD, "unexpected %s: %s", v->rule_name, v->message);
	}
	ck_assert_ptr_nonnull(a = find_violation(rep, CPOL_DUTY_RULE_ROTATION, 0, CPOL_DATE_NONE));
	ck_assert_ptr_nonnull(b = find_violation(rep, CPOL_DUTY_RULE_ROTATION, 1, CPOL_DATE_NONE));
	ck_assert_int_eq(a->date, D(2024, 5, 8));
	ck_assert_int_eq(b->date, D(2024, 5, 8));
	ck_assert_int_eq(a->penalty, 20);
	ck_assert_int_eq(b->penalty, 20);
	ck_assert_int_eq(a->hard, 0);
	ck_assert_int_eq(a->ref->line, 6);
	ck_assert_int_eq(b->ref->line, 7);
	ck_assert_ptr_nonnull(strstr(a->message, "post A's rotation has district, the roster -"));
	ck_assert_ptr_nonnull(strstr(b->message, "post B's rotation has -, the roster district"));
	sc = cpol_duty_report_score(rep, CPOL_DUTY_RULE_ROTATION - 1);
	ck_assert_int_eq(sc->rule, CPOL_DUTY_RULE_ROTATION);
	ck_assert_int_eq(sc->count, 2);
	ck_assert_int_eq(sc->penalty, 40);
	/* 6 × 9 h of shift cost; 张伟 18 h, 李娜 36 h, shares 27: fair_load 18; 40 of rotation. */
	ck_assert_int_eq(cpol_duty_report_penalty(rep), 54 + 18 + 40);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
}
END_TEST

/*
 * Where the template cannot be held it does not count: 张伟 (A) on leave
 * on Wednesday the 8th. Nobody else needs the district that day, and B's
 * template says "-": the roster is the template without the 8th, no
 * deviation. By hand: 5 shifts × 9 = 45; fair_load: 张伟 there 6 days, 李娜
 * 7, H = 45 h over A = 13 days; shares 270/13 = 20.77 and 315/13 = 24.23
 * against 18 and 27: |−2.77| + |2.77| = 5.54, rounded half up 6; 51.
 */
START_TEST(rotation_skips_cells_that_cannot_be_held)
{
	cpol_rules *rules = NULL;
	cpol_duty_problem *p = rotation_week(&rules);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	char text[256];

	ck_assert_ok(cpol_duty_problem_set_away(p, 0, D(2024, 5, 8), D(2024, 5, 8), CPOL_DUTY_AWAY_LEAVE, 0));
	o.seed = 5;
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, &o));
	roster_text(r, text, sizeof(text));
	ck_assert_str_eq(text, "0:6 1:7 1:9 0:10 1:11");
	rep = check_of(r);
	ck_assert_ptr_null(find_violation(rep, CPOL_DUTY_RULE_ROTATION, 0, CPOL_DATE_NONE));
	ck_assert_int_eq(cpol_duty_report_penalty(rep), 51);
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
}
END_TEST

/*
 * The office puts its people on the posts: 李娜 on A and 张伟 on B, the
 * template's roster with the two exchanged; a post the rules do not list
 * is refused, and once posts are set a person without one follows none.
 */
START_TEST(rotation_posts_set_by_the_office)
{
	cpol_rules *rules = NULL;
	cpol_duty_problem *p = rotation_week(&rules);
	cpol_duty_roster *r = NULL;
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	char text[256];
	int x;

	ck_assert_int_eq(cpol_duty_problem_set_post(p, 0, "C"), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "post");
	ck_assert_int_eq(cpol_error_last()->line, 0); /* a caller's value: no file, no line */
	ck_assert_ptr_null(cpol_duty_problem_post(p, 2)); /* past the last person */
	ck_assert_ptr_null(cpol_duty_problem_post(p, -1));
	ck_assert_int_eq(cpol_duty_problem_set_post(p, 2, "A"), CPOL_EINVAL);
	ck_assert_ok(cpol_duty_problem_set_post(p, 1, "A"));
	ck_assert_ok(cpol_duty_problem_set_post(p, 0, "B"));
	ck_assert_str_eq(cpol_duty_problem_post(p, 0), "B");
	o.seed = 9;
	ck_assert_ok(cpol_duty_generate(&r, NULL, p, &o));
	roster_text(r, text, sizeof(text));
	ck_assert_str_eq(text, "1:6 0:7 1:8 0:9 1:10 0:11");
	cpol_duty_roster_free(r);
	/* A third officer added later holds no post: posts were set. */
	x = person(p, 13, "陈刚", CPOL_STAFF_OFFICER, 0);
	ck_assert_ptr_null(cpol_duty_problem_post(p, x));
	ck_assert_ok(cpol_duty_problem_set_post(p, 0, NULL));
	ck_assert_ptr_null(cpol_duty_problem_post(p, 0));
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
}
END_TEST

/*
 * A cycle that starts after the roster's first day, "*" and two shifts
 * joined by "+": post A's template [*, district+night] from Thursday the
 * 9th. Day k = (date - 9th) mod 2, counted back too: the 6th is k = 1
 * (-3 mod 2), so the 6th, 8th, 10th and 12th ask for district+night (the
 * 12th, a Sunday, cannot hold the district: free) and the others nothing
 * in particular. 张伟 with district+night on the 6th, the district alone
 * on the 8th, nothing on the 10th and a night on the 11th (a "*" day):
 * off the template on the 8th and the 10th only.
 */
START_TEST(rotation_cycle_counts_back_and_joins_shifts)
{
	cpol_rules *rules = NULL;
	cpol_duty_problem *p = problem(2024, 5, 6, 7);
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep;
	const cpol_duty_score *sc;

	ck_assert_ok(cpol_rules_load_string(&rules,
	                                    "region: x\nextends: national\nduty:\n  posts: [A]\n  rotation:\n"
	                                    "    - {post: A, start: 2024-05-09, days: [\"*\", district+night]}\n",
	                                    NULL));
	ck_assert_ok(cpol_duty_problem_set_rules(p, rules));
	make_bare(p, 2024, 5, 6, 7);
	person(p, 11, "张伟", CPOL_STAFF_OFFICER, 0);
	shift(p, "district", 510, 1050, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_IN_DISTRICT | CPOL_SHIFT_WORKING_DAYS, 0);
	shift(p, "night", 1050, 1950, CPOL_DUTY_WHO_OFFICER, CPOL_SHIFT_NIGHT, 0);
	ck_assert_ok(cpol_duty_roster_new(&r, p));
	ck_assert_ok(cpol_duty_roster_add(r, 0, D(2024, 5, 6), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, 0, D(2024, 5, 6), "night"));
	ck_assert_ok(cpol_duty_roster_add(r, 0, D(2024, 5, 8), "district"));
	ck_assert_ok(cpol_duty_roster_add(r, 0, D(2024, 5, 11), "night"));
	rep = check_of(r);
	sc = cpol_duty_report_score(rep, CPOL_DUTY_RULE_ROTATION - 1);
	ck_assert_int_eq(sc->count, 2);
	ck_assert_ptr_nonnull(find_violation(rep, CPOL_DUTY_RULE_ROTATION, 0, D(2024, 5, 8)));
	ck_assert_ptr_nonnull(find_violation(rep, CPOL_DUTY_RULE_ROTATION, 0, D(2024, 5, 10)));
	ck_assert_ptr_nonnull(strstr(find_violation(rep, CPOL_DUTY_RULE_ROTATION, 0, D(2024, 5, 8))->message,
	                             "has district+night, the roster district"));
	cpol_duty_report_free(rep);
	cpol_duty_roster_free(r);
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
}
END_TEST

/* A template of a post the rules do not list, and one naming no shift of the problem. */
START_TEST(rotation_errors_name_the_line)
{
	cpol_rules *rules = NULL;
	cpol_duty_problem *p;
	cpol_duty_roster *r = NULL;
	const cpol_error *err;

	ck_assert_int_eq(cpol_rules_load_string(&rules,
	                                        "region: x\nextends: national\nduty:\n  posts: [A]\n  rotation:\n"
	                                        "    - {post: B, start: 2024-05-06, days: [district]}\n",
	                                        NULL),
	                 CPOL_ERULES);
	err = cpol_error_last();
	ck_assert_int_eq(err->line, 6);
	ck_assert_ptr_nonnull(strstr(err->message, "rotation of post 'B', which duty.posts does not list"));
	ck_assert_int_eq(cpol_rules_load_string(&rules,
	                                        "region: x\nextends: national\nduty:\n  posts: [A]\n  rotation:\n"
	                                        "    - {post: A, start: 2024-05-06, days: [district]}\n"
	                                        "    - {post: A, start: 2024-05-07, days: [district]}\n",
	                                        NULL),
	                 CPOL_ERULES);
	err = cpol_error_last();
	ck_assert_int_eq(err->line, 7);
	ck_assert_ptr_nonnull(strstr(err->message, "a second rotation of post 'A'"));
	ck_assert_int_eq(cpol_rules_load_string(&rules,
	                                        "region: x\nextends: national\nduty:\n  posts: [A]\n  rotation:\n"
	                                        "    - {post: A, start: 2024-05-06, days: [district, \"\"]}\n",
	                                        NULL),
	                 CPOL_ERULES);
	ck_assert_int_eq(cpol_error_last()->line, 6);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "empty text"));
	ck_assert_int_eq(cpol_rules_load_string(&rules,
	                                        "region: x\nextends: national\nduty:\n  posts: [A]\n  rotation:\n"
	                                        "    - {post: A, start: 2024-05-06, days: []}\n",
	                                        NULL),
	                 CPOL_ERULES);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "a rotation's days list at least one day"));
	ck_assert_ok(cpol_rules_load_string(&rules,
	                                    "region: x\nextends: national\nduty:\n  posts: [A]\n  rotation:\n"
	                                    "    - {post: A, start: 2024-05-06,\n"
	                                    "       days: [district, districk]}\n",
	                                    NULL));
	p = problem(2024, 5, 6, 7);
	ck_assert_ok(cpol_duty_problem_set_rules(p, rules));
	person(p, 11, "张伟", CPOL_STAFF_OFFICER, 0);
	ck_assert_int_eq(cpol_duty_generate(&r, NULL, p, NULL), CPOL_ERULES);
	err = cpol_error_last();
	ck_assert_int_eq(err->line, 7);
	ck_assert_ptr_nonnull(strstr(err->message, "day 2 of the rotation of post 'A': no shift 'districk'"));
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
}
END_TEST

/* area: posts */

/*
 * The posts each staff member can hold, in the database, and the problem
 * loaded from it. Rules with posts [A, B, C]; the office's staff by id:
 * 张伟 (officer), 李娜 (officer), 王强 (auxiliary), 陈刚 (officer).
 * Worked by hand from the rule in docs/duty.md (each post in duty.posts
 * order to the first person by staff id who can hold it and holds none
 * yet; when nobody is left, posts move along a chain):
 * - nothing stored: the default, officers in order: 张伟 A, 李娜 B, 陈刚 C;
 * - 张伟 {A, B}, 李娜 {A}, 陈刚 {B, X}: A to 张伟 (first free), B to 陈刚
 *   (张伟 holds A already), C nobody's; X is no post of these rules and
 *   counts for nothing; 李娜 none (A is taken and she holds only A; moving
 *   张伟 to B would hold no more posts: B is held);
 * - then 陈刚 none: A to 张伟; B has nobody free (张伟 holds A), so the
 *   chain: 张伟 moves to B and A goes to 李娜, the only other who can hold it.
 *   Both posts held instead of one; C still nobody's.
 */
START_TEST(db_staff_posts)
{
	static const char rules_text[] = "region: posts_test\nextends: national\nduty:\n  posts: [A, B, C]\n";
	cpol_db *db = NULL;
	cpol_rules *rules = NULL;
	cpol_id office, zhang, li, wang, chen;
	cpol_duty_problem *p = NULL;
	char *text = NULL;

	ck_assert_ok(cpol_rules_load_string(&rules, rules_text, NULL));
	office = ab_office(&db);
	zhang = add_staff(db, office, "张伟", "010001", 0);
	li = add_staff(db, office, "李娜", "010002", 0);
	wang = add_staff(db, office, "王强", NULL, 0);
	chen = add_staff(db, office, "陈刚", "010003", 0);

	/* Nothing stored: the officers take the posts in order. */
	ck_assert_ok(cpol_duty_staff_posts(&text, db, zhang));
	ck_assert_str_eq(text, "");
	cpol_free(text);
	ck_assert_ok(cpol_duty_problem_load(&p, db, office, D(2024, 5, 6), 7, rules, 0));
	ck_assert_str_eq(cpol_duty_problem_post(p, 0), "A");
	ck_assert_str_eq(cpol_duty_problem_post(p, 1), "B");
	ck_assert_ptr_null(cpol_duty_problem_post(p, 2));
	ck_assert_str_eq(cpol_duty_problem_post(p, 3), "C");
	cpol_duty_problem_free(p);

	/* Set and read back: sorted by name, spaces around names dropped. */
	ck_assert_ok(cpol_duty_staff_posts_set(db, zhang, " B , A "));
	ck_assert_ok(cpol_duty_staff_posts(&text, db, zhang));
	ck_assert_str_eq(text, "A,B");
	cpol_free(text);
	ck_assert_ok(cpol_duty_staff_posts_set(db, li, "A"));
	ck_assert_ok(cpol_duty_staff_posts_set(db, chen, "X,B"));
	ck_assert_ok(cpol_duty_staff_posts_set(db, wang, ""));
	ck_assert_ok(cpol_duty_problem_load(&p, db, office, D(2024, 5, 6), 7, rules, 0));
	ck_assert_str_eq(cpol_duty_problem_post(p, 0), "A");
	ck_assert_ptr_null(cpol_duty_problem_post(p, 1));
	ck_assert_ptr_null(cpol_duty_problem_post(p, 2));
	ck_assert_str_eq(cpol_duty_problem_post(p, 3), "B");
	cpol_duty_problem_free(p);

	/* 陈刚 holds none any more: the chain moves 张伟 to B, A to 李娜. */
	ck_assert_ok(cpol_duty_staff_posts_set(db, chen, NULL));
	ck_assert_ok(cpol_duty_staff_posts(&text, db, chen));
	ck_assert_str_eq(text, "");
	cpol_free(text);
	ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM duty_staff_post WHERE archived_at IS NOT NULL"), 2);
	ck_assert_ok(cpol_duty_problem_load(&p, db, office, D(2024, 5, 6), 7, rules, 0));
	ck_assert_str_eq(cpol_duty_problem_post(p, 0), "B");
	ck_assert_str_eq(cpol_duty_problem_post(p, 1), "A");
	ck_assert_ptr_null(cpol_duty_problem_post(p, 3));
	cpol_duty_problem_free(p);

	/* Setting the same set again changes no row; dropping one archives it only. */
	ck_assert_ok(cpol_duty_staff_posts_set(db, zhang, "A,B"));
	ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM duty_staff_post"), 5);
	ck_assert_ok(cpol_duty_staff_posts_set(db, zhang, "B"));
	ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM duty_staff_post"), 5);
	ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM duty_staff_post WHERE archived_at IS NULL"), 2);

	/* Bad lists name the post by its position; an unknown staff member is not found. */
	ck_assert_int_eq(cpol_duty_staff_posts_set(db, zhang, "A,A"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "posts");
	ck_assert_str_eq(cpol_error_last()->message, "post 2 of \"A,A\" is listed twice");
	ck_assert_int_eq(cpol_duty_staff_posts_set(db, zhang, "A,,B"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->message,
	                 "post 2 of \"A,,B\" is not 1-32 ASCII letters, digits, '_' or '-'");
	ck_assert_int_eq(cpol_duty_staff_posts_set(db, zhang, "A,"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->message, "post 2 of \"A,\" is not 1-32 ASCII letters, digits, '_' or '-'");
	ck_assert_int_eq(cpol_duty_staff_posts_set(db, zhang, "甲"), CPOL_EINVAL);
	ck_assert_int_eq(cpol_duty_staff_posts_set(db, zhang, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"), CPOL_EINVAL);
	ck_assert_ok(cpol_duty_staff_posts_set(db, zhang, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")); /* 32 */
	ck_assert_int_eq(cpol_duty_staff_posts_set(db, 9999, "A"), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "staff_id");
	ck_assert_int_eq(cpol_duty_staff_posts(&text, db, 9999), CPOL_ENOTFOUND);
	ck_assert_ptr_null(text);
	ck_assert_int_eq(cpol_duty_staff_posts(NULL, db, zhang), CPOL_EINVAL);
	ck_assert_int_eq(cpol_duty_staff_posts_set(NULL, zhang, "A"), CPOL_EINVAL);
	/* Refused lists changed nothing. */
	ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM duty_staff_post WHERE archived_at IS NULL"), 2);
	/*
	 * Rules of one post, A: 李娜 (A) holds it; 张伟's post (the 32-letter
	 * one) is not of these rules, so he holds none, not A by default.
	 */
	cpol_rules_free(rules);
	ck_assert_ok(cpol_rules_load_string(&rules, "region: one_post\nextends: national\nduty:\n  posts: [A]\n", NULL));
	ck_assert_ok(cpol_duty_problem_load(&p, db, office, D(2024, 5, 6), 7, rules, 0));
	ck_assert_ptr_null(cpol_duty_problem_post(p, 0));
	ck_assert_str_eq(cpol_duty_problem_post(p, 1), "A");
	cpol_duty_problem_free(p);
	cpol_db_close(db);
	cpol_rules_free(rules);
}
END_TEST

/* A read-only handle sets no post: CPOL_EREADONLY, before anything else is looked at. */
START_TEST(db_staff_posts_read_only)
{
	char *dir = testutil_tmpdir(), file[700];
	cpol_db_options o;
	cpol_db *db = NULL;

	snprintf(file, sizeof(file), "%s/posts.db", dir);
	ck_assert_ok(cpol_db_open(&db, file, NULL));
	cpol_db_close(db);
	cpol_db_options_init(&o, CPOL_DB_OPTIONS_VERSION);
	o.flags = CPOL_DB_OPEN_READONLY;
	ck_assert_ok(cpol_db_open(&db, file, &o));
	ck_assert_int_eq(cpol_duty_staff_posts_set(db, 1, "A"), CPOL_EREADONLY);
	cpol_db_close(db);
	testutil_rmtree(dir);
}
END_TEST

#include "test_duty.list"

int main(void)
{
	/*
	 * Run as `make check` runs it when started by hand (or in a sanitizer
	 * build): the regions of the source tree, and time for the exhaustive
	 * searches and their 50 seeds (2-4 s each under ASan+UBSan, about 15 s
	 * for the whole program; Check's default is 4 s a test).
	 */
	setenv("CPOL_RULES_PATH", TEST_SRCDIR "/data/regions", 0);
	setenv("CK_DEFAULT_TIMEOUT", "120", 0);
	return testutil_main_list("duty", NULL, NULL, testutil_tests());
}

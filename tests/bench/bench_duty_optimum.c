/*
 * Duty rosters: the generator against the optimum. For a set of month
 * instances (2+2, 3+4 and 4+6 officers and auxiliaries, with leave,
 * training, preferences, history and dedicated officers, and the issue's
 * June office with an officer on leave and an auxiliary sick), the
 * generator's roster (penalty, CPU time) next to what CBC finds from it in
 * the same run within a time limit: its best roster (confirmed by the
 * library's own checker) and its lower bound. Prints per instance and the
 * worst and median of
 *   generator / best known   (<= the true ratio: the best may not be optimal)
 *   generator / lower bound  (>= the true ratio; equal when CBC proved it)
 * CBC runs in a child process: Debian's CBC 2.10.8 can stop its process on
 * an assertion (docs/duty.md "The exact solver").
 *
 * `bench_duty_optimum [SECONDS [INSTANCE]]`: CBC's CPU time per instance
 * (default 10); only instance INSTANCE (1-9) with its penalty by rule.
 * RESTARTS=N in the environment: the generator's restarts (default: the
 * library's). DUTY_HIGHS=tests/bench/duty_highs.py: solve the same model
 * with HiGHS (Debian's python3-scipy, MIT) instead of CBC; HiGHS takes no
 * starting roster through SciPy, and its limit is wall-clock time.
 * DUTY_MIP_DUMP=FILE writes the model (tests/bench/duty_mip.c dump()).
 */
#include "duty_mip.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t state = 20240601;

static int rnd(int n)
{
	state = state * 6364136223846793005ull + 1442695040888963407ull;
	return (int)((state >> 33) % (uint64_t)n);
}

/* CPU time of this thread, in seconds (the machine may be shared). */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail(const char *what)
{
	fprintf(stderr, "bench_duty_optimum: %s: %s\n", what, cpol_error_last()->message);
	exit(1);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

typedef struct instance {
	const char *name;
	int officers, auxiliaries, dedicated, month;
	int leave, training, prefs, history, june_case;
} instance;

static cpol_duty_problem *make(const instance *in, const cpol_rules *rules)
{
	cpol_duty_problem *p = NULL;
	cpol_date start;
	int ndays = in->month == 6 ? 30 : 31, i, who;
	char name[32];

	cpol_date_from_ymd(&start, 2024, in->month, 1);
	if (cpol_duty_problem_new(&p, start, ndays) < 0)
		fail("problem");
	if (rules && cpol_duty_problem_set_rules(p, rules) < 0)
		fail("rules");
	for (i = 0; i < in->officers + in->auxiliaries; i++) {
		int officer = i < in->officers;
		snprintf(name, sizeof(name), "%s%d", officer ? "民警" : "协勤", i + 1);
		if (cpol_duty_problem_add_person(&who, p, i + 1, name,
		                                 officer ? CPOL_STAFF_OFFICER : CPOL_STAFF_AUXILIARY,
		                                 officer && i < in->dedicated) < 0)
			fail("person");
		if (in->history) {
			cpol_duty_history h;
			h.days = 60 + rnd(31);
			h.minutes = h.days * (120 + rnd(180));
			h.night_minutes = h.minutes / (3 + rnd(3));
			h.weekend_minutes = h.minutes / (4 + rnd(4));
			h.holiday_minutes = rnd(3) * 480;
			if (cpol_duty_problem_set_history(p, who, &h) < 0)
				fail("history");
		}
		if (in->prefs && rnd(2)) {
			cpol_duty_preference q = CPOL_DUTY_PREFERENCE_INIT;
			q.want = rnd(2) ? 1 : -1;
			q.weekdays = 1u << (1 + rnd(7));
			q.weight = 1 + rnd(5);
			if (cpol_duty_problem_add_preference(p, who, &q, 0) < 0)
				fail("preference");
		}
	}
	if (in->june_case) {
		/* The June office: an officer on leave, an auxiliary sick. */
		cpol_duty_problem_set_away(p, 0, start + 9, start + 13, CPOL_DUTY_AWAY_LEAVE, 0);
		cpol_duty_problem_set_away(p, in->officers, start + 16, start + 18, CPOL_DUTY_AWAY_SICK, 0);
	}
	for (i = 0; i < in->leave; i++)
		cpol_duty_problem_set_away(p, rnd(in->officers + in->auxiliaries), start + rnd(ndays - 6),
		                           start + rnd(ndays - 6) % 3 + 20, CPOL_DUTY_AWAY_LEAVE, 0);
	for (i = 0; i < in->training; i++) {
		int d = rnd(ndays - 6);
		cpol_duty_problem_set_away(p, in->officers + rnd(in->auxiliaries), start + d, start + d + 4,
		                           CPOL_DUTY_AWAY_TRAINING, 0);
	}
	return p;
}

int main(int argc, char **argv)
{
	static const instance set[] = {
		{ "2+2 May", 2, 2, 0, 5, 0, 0, 0, 0, 0 },
		{ "2+2 May, history, preferences", 2, 2, 0, 5, 0, 0, 1, 1, 0 },
		{ "2+2 June, officer on leave, auxiliary sick", 2, 2, 0, 6, 0, 0, 0, 0, 1 },
		{ "3+4 May, dedicated, leave", 3, 4, 1, 5, 1, 0, 0, 0, 0 },
		{ "3+4 May, training, preferences", 3, 4, 0, 5, 0, 1, 1, 0, 0 },
		{ "3+4 June, history, leave", 3, 4, 1, 6, 1, 0, 0, 1, 0 },
		{ "4+6 May, dedicated, leave, training", 4, 6, 1, 5, 1, 1, 0, 0, 0 },
		{ "4+6 May, history, preferences", 4, 6, 2, 5, 0, 0, 1, 1, 0 },
		{ "4+6 June, everything", 4, 6, 1, 6, 1, 1, 1, 1, 0 },
	};
	enum { N = sizeof(set) / sizeof(set[0]) };
	double seconds = argc > 1 && atof(argv[1]) > 0 ? atof(argv[1]) : 10;
	double lo[N], hi[N];
	int n = 0, k, proven = 0, only = argc > 2 ? atoi(argv[2]) : 0;
	cpol_rules *rules = NULL;

	if (!bench_duty_mip_available()) {
		printf("duty optimum: built without CBC (configure --with-cbc, coinor-libcbc-dev): skipped\n");
		return 0;
	}
	if (cpol_rules_load_region(&rules, "ab_office", NULL) < 0)
		rules = NULL;
	printf("duty optimum: generator (local search) against %s, %.0f s each, rules %s\n",
	       getenv("DUTY_HIGHS") ? "HiGHS (wall clock)" : "CBC from its roster (CPU)", seconds,
	       rules ? cpol_rules_region(rules) : "built-in");
	for (k = 0; k < (int)N; k++) {
		cpol_duty_problem *p;
		cpol_duty_generate_options opt = CPOL_DUTY_GENERATE_OPTIONS_INIT;
		cpol_duty_roster *ls = NULL, *best = NULL;
		cpol_duty_report *a = NULL, *b = NULL;
		cpol__duty_eval e;
		uint32_t *cells;
		size_t ncells;
		double t0, t1, bound = 0;
		int rc, fd[2], status, optimal = 0, got = 0;
		pid_t pid;

		p = make(&set[k], rules); /* every instance, so that INSTANCE is the same one as in a full run */
		if (only && k + 1 != only) {
			cpol_duty_problem_free(p);
			continue;
		}
		if (getenv("RESTARTS"))
			opt.restarts = atoi(getenv("RESTARTS"));
		t0 = now();
		rc = cpol_duty_generate(&ls, NULL, p, &opt);
		t1 = now();
		if (rc < 0 && rc != CPOL_ECONFLICT)
			fail("generate");
		if (cpol_duty_check(&a, ls) < 0)
			fail("check");
		if (cpol__duty_eval_init(&e, p) < 0 || cpol__duty_domain_init(&e) < 0)
			fail("eval");
		ncells = (size_t)e.np * (size_t)e.nd;
		if (!(cells = cpol__duty_roster_masks(ls)))
			fail("masks");
		{
			size_t c;
			for (c = 0; c < ncells; c++)
				cpol__duty_eval_set(&e, (int)(c / (size_t)e.nd), (int)(c % (size_t)e.nd), cells[c]);
		}
		if (pipe(fd) < 0)
			return 1;
		fflush(stdout);
		if ((pid = fork()) == 0) {
			close(fd[0]);
			rc = bench_duty_mip(&e, seconds, &bound, &optimal);
			if (write(fd[1], &bound, sizeof(bound)) < 0 || write(fd[1], &optimal, sizeof(optimal)) < 0 ||
			    write(fd[1], e.cell, ncells * sizeof(uint32_t)) < 0)
				_exit(1);
			_exit(rc < 0);
		}
		close(fd[1]);
		if (read(fd[0], &bound, sizeof(bound)) == sizeof(bound) &&
		    read(fd[0], &optimal, sizeof(optimal)) == sizeof(optimal)) {
			size_t want = ncells * sizeof(uint32_t), have = 0;
			ssize_t r;
			while (have < want && (r = read(fd[0], (char *)cells + have, want - have)) > 0)
				have += (size_t)r;
			got = have == want;
		}
		close(fd[0]);
		waitpid(pid, &status, 0);
		if (!got || !WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("  %-44s generator %6lld (hard %d) %6.0f ms; the solver stopped abnormally\n", set[k].name,
			       (long long)cpol_duty_report_penalty(a), cpol_duty_report_hard(a), (t1 - t0) * 1e3);
		} else {
			size_t c;
			int64_t pa = cpol_duty_report_penalty(a), pb;
			double bnd;
			for (c = 0; c < ncells; c++)
				cpol__duty_eval_set(&e, (int)(c / (size_t)e.nd), (int)(c % (size_t)e.nd), cells[c]);
			/* The solver's roster, judged by the library's own checker. */
			if (cpol__duty_roster_from_eval(&best, &e) < 0 || cpol_duty_check(&b, best) < 0)
				fail("check");
			pb = cpol_duty_report_penalty(b);
			if (cpol_duty_report_hard(b) > cpol_duty_report_hard(a) ||
			    (cpol_duty_report_hard(b) == cpol_duty_report_hard(a) && pb > pa))
				pb = pa, optimal = 0; /* the start is kept */
			/* No bound (HiGHS out of time before its first): the ratio is unbounded above. */
			bnd = isnan(bound) ? 0 : ceil(bound - 1e-6);
			if (optimal || bnd > (double)pb)
				bnd = (double)pb;
			lo[n] = pb ? (double)pa / (double)pb : 1;
			hi[n] = bnd > 0 ? (double)pa / bnd : pa > 0 ? HUGE_VAL : 1;
			proven += optimal;
			printf("  %-44s generator %6lld (hard %d) %6.0f ms; solver best %6lld (hard %d)%s, bound %6.0f;"
			       " ratio %.3f-%.3f\n", set[k].name, (long long)pa, cpol_duty_report_hard(a),
			       (t1 - t0) * 1e3, (long long)pb, cpol_duty_report_hard(b), optimal ? " optimal" : "",
			       bnd, lo[n], hi[n]);
			n++;
			if (only) {
				size_t q;
				for (q = 0; q < cpol_duty_report_score_count(a); q++) {
					const cpol_duty_score *sa = cpol_duty_report_score(a, q);
					const cpol_duty_score *sb = cpol_duty_report_score(b, q);
					if (sa->penalty || sb->penalty)
						printf("    %-20s generator %6lld  solver %6lld\n", sa->rule_name,
						       (long long)sa->penalty, (long long)sb->penalty);
				}
			}
		}
		free(cells);
		cpol__duty_eval_free(&e);
		cpol_duty_report_free(a);
		cpol_duty_report_free(b);
		cpol_duty_roster_free(ls);
		cpol_duty_roster_free(best);
		cpol_duty_problem_free(p);
	}
	if (n) {
		qsort(lo, (size_t)n, sizeof(double), by_value);
		qsort(hi, (size_t)n, sizeof(double), by_value);
		printf("  generator / optimum over %d instances (%d proven optimal): median %.3f-%.3f, worst %.3f-%.3f"
		       " (goal: <= 1.05)\n", n, proven, lo[n / 2], hi[n / 2], lo[n - 1], hi[n - 1]);
	}
	cpol_rules_free(rules);
	return 0;
}

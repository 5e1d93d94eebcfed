/*
 * Duty rosters: a month's roster for each of 300 offices (2-4 officers,
 * 2-6 auxiliaries, some of them dedicated, on leave or in training), by
 * the local search and by the round-robin baseline in the same run.
 *
 * Prints the CPU time per office (mean, median, 95th percentile, max) and the
 * hard violations and soft penalty of both methods, with their ratio.
 * `bench_duty -v` prints one line per office. `bench_duty N` runs N offices.
 * `bench_duty -w` makes a week's roster (Monday 6 May 2024) for the same
 * offices instead of May's: 28-70 cells, small enough for the search's
 * shorter wait and, up to 48 cells, its kicks (docs/duty.md).
 */
#include "commpolice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t state = 20240501;

static int rnd(int n)
{
	state = state * 6364136223846793005ull + 1442695040888963407ull;
	return (int)((state >> 33) % (uint64_t)n);
}

/*
 * CPU time of this thread: the machines the benchmark runs on are shared,
 * and the target is time on one core, not the wall clock of a busy host.
 */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void fail(const char *what)
{
	fprintf(stderr, "bench_duty: %s: %s\n", what, cpol_error_last()->message);
	exit(1);
}

int main(int argc, char **argv)
{
	int offices = 300, verbose = 0, week = 0, ndays, o, i;
	cpol_rules *rules = NULL;
	cpol_date start;
	double *times, total_ls = 0, total_rr = 0;
	long long pen_ls = 0, pen_rr = 0;
	int hard_ls = 0, hard_rr = 0, conflicts = 0, unproven = 0, wins = 0, people_total = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-w"))
			week = 1;
		else if (atoi(argv[i]) > 0)
			offices = atoi(argv[i]);
	}
	if (!(times = calloc((size_t)offices, sizeof(*times))))
		return 1;
	cpol_date_from_ymd(&start, 2024, 5, week ? 6 : 1);
	ndays = week ? 7 : 31;
	/* The ab岗 rules with the national calendar (May Day, 调休) when they load. */
	if (cpol_rules_load_region(&rules, "ab_office", NULL) < 0) {
		fprintf(stderr, "bench_duty: no region rules (%s); using the built-in calendar\n",
		        cpol_error_last()->message);
		rules = NULL;
	}
	for (o = 0; o < offices; o++) {
		cpol_duty_problem *p = NULL;
		cpol_duty_roster *ls = NULL, *rr = NULL;
		cpol_duty_report *a = NULL, *b = NULL;
		cpol_duty_conflicts *cf = NULL;
		cpol_duty_generate_options opt = CPOL_DUTY_GENERATE_OPTIONS_INIT;
		int officers = 2 + rnd(3), aux = 2 + rnd(5), rc;
		double t0, t1, t2;
		char name[32];

		if (cpol_duty_problem_new(&p, start, ndays) < 0)
			fail("problem");
		if (rules && cpol_duty_problem_set_rules(p, rules) < 0)
			fail("rules");
		for (i = 0; i < officers + aux; i++) {
			int who;
			snprintf(name, sizeof(name), "%s%d", i < officers ? "民警" : "协勤", i + 1);
			/* The first officer of a third of the offices is a dedicated community officer. */
			if (cpol_duty_problem_add_person(&who, p, o * 100 + i + 1, name,
			                                 i < officers ? CPOL_STAFF_OFFICER : CPOL_STAFF_AUXILIARY,
			                                 i == 0 && officers > 2 && rnd(3) == 0) < 0)
				fail("person");
			/*
			 * One in five takes a few days of leave; one in ten is in training
			 * for a week. The same draws for a week, folded into its days.
			 */
			if (rnd(5) == 0) {
				int d = rnd(26) % (ndays - 5);
				cpol_duty_problem_set_away(p, who, start + d, start + d + 1 + rnd(4), CPOL_DUTY_AWAY_LEAVE, 0);
			} else if (rnd(10) == 0) {
				int d = rnd(24) % (ndays - 5);
				cpol_duty_problem_set_away(p, who, start + d, start + d + 4, CPOL_DUTY_AWAY_TRAINING, 0);
			}
		}
		people_total += officers + aux;
		opt.seed = (uint64_t)o + 1;
		t0 = now();
		rc = cpol_duty_generate(&ls, &cf, p, &opt);
		t1 = now();
		if (rc == CPOL_ECONFLICT) {
			size_t q;
			int all = 1;
			conflicts++;
			/* A conflict is proven when the counting checks show no roster can avoid it. */
			for (q = 0; q < cpol_duty_conflicts_count(cf); q++)
				all &= cpol_duty_conflicts_get(cf, q)->proven != 0;
			unproven += !all;
			cpol_duty_conflicts_free(cf);
		} else if (rc < 0)
			fail("generate");
		opt.method = CPOL_DUTY_METHOD_ROUND_ROBIN;
		rc = cpol_duty_generate(&rr, NULL, p, &opt);
		t2 = now();
		if (rc < 0 && rc != CPOL_ECONFLICT)
			fail("round robin");
		if (cpol_duty_check(&a, ls) < 0 || cpol_duty_check(&b, rr) < 0)
			fail("check");
		times[o] = t1 - t0;
		total_ls += t1 - t0;
		total_rr += t2 - t1;
		hard_ls += cpol_duty_report_hard(a);
		hard_rr += cpol_duty_report_hard(b);
		pen_ls += cpol_duty_report_penalty(a);
		pen_rr += cpol_duty_report_penalty(b);
		if (cpol_duty_report_hard(a) < cpol_duty_report_hard(b) ||
		    (cpol_duty_report_hard(a) == cpol_duty_report_hard(b) &&
		     cpol_duty_report_penalty(a) < cpol_duty_report_penalty(b)))
			wins++;
		if (verbose)
			printf("office %3d: %d officers %d auxiliaries  %7.1f ms  local search hard %d penalty %lld"
			       "  round robin hard %d penalty %lld\n", o + 1, officers, aux, (t1 - t0) * 1e3,
			       cpol_duty_report_hard(a), (long long)cpol_duty_report_penalty(a),
			       cpol_duty_report_hard(b), (long long)cpol_duty_report_penalty(b));
		cpol_duty_report_free(a);
		cpol_duty_report_free(b);
		cpol_duty_roster_free(ls);
		cpol_duty_roster_free(rr);
		cpol_duty_problem_free(p);
	}
	qsort(times, (size_t)offices, sizeof(*times), cmp_double);
	printf("duty rosters: %d offices, %d people, %s, rules %s\n", offices, people_total,
	       week ? "the week of 6 May 2024 (7 days)" : "May 2024 (31 days)",
	       rules ? cpol_rules_region(rules) : "built-in");
	printf("  time per office, local search: mean %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms;"
	       " total %.2f s\n", total_ls / offices * 1e3, times[offices / 2] * 1e3,
	       times[offices * 95 / 100] * 1e3, times[offices - 1] * 1e3, total_ls);
	printf("  time per office, round robin:  mean %.3f ms (local search / round robin time: %.0fx)\n",
	       total_rr / offices * 1e3, total_rr > 0 ? total_ls / total_rr : 0.0);
	printf("  hard violations: local search %d (%d offices with a conflict, %d of them not proven), round robin %d\n",
	       hard_ls, conflicts, unproven, hard_rr);
	printf("  soft penalty:    local search %lld, round robin %lld (ratio %.3f); "
	       "local search better in %d of %d offices\n", pen_ls, pen_rr,
	       pen_rr ? (double)pen_ls / (double)pen_rr : 0.0, wins, offices);
	free(times);
	cpol_rules_free(rules);
	return 0;
}

/*
 * commpolice roster generate|check|export|repair|swap|posts — duty rosters of an office.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr,
	        "usage: commpolice roster generate DB OFFICE_ID FROM DAYS [--seed N] [--rules REGION] [--dry-run]\n"
	        "       commpolice roster check    DB OFFICE_ID FROM DAYS [--csv FILE] [--rules REGION]\n"
	        "       commpolice roster export   DB OFFICE_ID FROM DAYS [--ics] [--person STAFF_ID] [--rules REGION]\n"
	        "       commpolice roster generate ... --pin FILE   keep the cells (person, day) of a roster CSV\n"
	        "       commpolice roster repair   DB OFFICE_ID FROM DAYS [--since DATE] [--seed N] [--dry-run]\n"
	        "       commpolice roster swap     DB OFFICE_ID FROM DAYS --person STAFF_ID --date DATE --shift CODE\n"
	        "       commpolice roster posts    DB STAFF_ID [POSTS]\n"
	        "FROM is YYYY-MM-DD; the office's region rules are used unless --rules names others.\n"
	        "repair re-plans the stored roster after a change (a new absence): the days before --since\n"
	        "(FROM by default) stay, and as few of the other cells as possible change; it lists them.\n"
	        "swap says who could take a person's shift on a day, and why each other cannot.\n"
	        "posts prints the posts of the A/B rotation a staff member can hold (\"A,B\"); with POSTS\n"
	        "(comma-separated, \"\" for none) it sets them first. generate gives each post to one of them.\n");
	return 2;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
		buf[n] = '\0';
	else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void print_report(const cpol_duty_report *rep)
{
	size_t i;
	for (i = 0; i < cpol_duty_report_count(rep); i++) {
		const cpol_duty_violation *v = cpol_duty_report_get(rep, i);
		printf("%s %-16s %s:%d %s: %s\n", v->hard ? "HARD" : "soft", v->rule_name, v->ref->file, v->ref->line,
		       v->ref->key, v->message);
	}
	printf("score by rule:\n");
	for (i = 0; i < cpol_duty_report_score_count(rep); i++) {
		const cpol_duty_score *s = cpol_duty_report_score(rep, i);
		if (s->count || s->penalty)
			printf("  %-16s %s  violations %d  amount %d  penalty %lld\n", s->rule_name, s->hard ? "hard" : "soft",
			       s->count, s->amount, (long long)s->penalty);
	}
	printf("hard violations: %d, soft penalty: %lld\n", cpol_duty_report_hard(rep),
	       (long long)cpol_duty_report_penalty(rep));
}

static void print_conflicts(const cpol_duty_conflicts *c)
{
	size_t k, j;
	fprintf(stderr, "commpolice: %s\n", cpol_error_last()->message);
	for (k = 0; k < cpol_duty_conflicts_count(c); k++) {
		const cpol_duty_conflict *x = cpol_duty_conflicts_get(c, k);
		fprintf(stderr, "  %s %s (%s:%d %s): %s\n", x->proven ? "conflict" : "unmet", x->rule_name,
		        x->ref->file, x->ref->line, x->ref->key, x->message);
		for (j = 0; j < x->cause_count; j++)
			fprintf(stderr, "    because %s (%s): %s\n", x->causes[j].rule_name, x->causes[j].ref->key,
			        x->causes[j].message);
	}
}

static const char *name_of(const cpol_duty_problem *p, int person)
{
	const char *name = "?";
	cpol_duty_problem_get_person(NULL, &name, NULL, NULL, p, person);
	return name;
}

/* Print what a repair changed: "N cells changed for M people", then each. */
static int print_changes(const cpol_duty_roster *before, const cpol_duty_roster *after)
{
	cpol_duty_diff *d = NULL;
	char buf[CPOL_DATE_BUFSZ];
	size_t k;
	if (cpol_duty_roster_diff(&d, before, after) < 0)
		return cli_fail("diff");
	printf("%zu cells changed for %d people\n", cpol_duty_diff_count(d), cpol_duty_diff_people(d));
	for (k = 0; k < cpol_duty_diff_count(d); k++) {
		const cpol_duty_change *c = cpol_duty_diff_get(d, k);
		printf("  %s %s (%lld): %s -> %s\n", cpol_date_format(buf, c->date),
		       name_of(cpol_duty_roster_problem(after), c->person), (long long)c->person_id,
		       *c->before ? c->before : "-", *c->after ? c->after : "-");
	}
	cpol_duty_diff_free(d);
	return 0;
}

static int print_swaps(const cpol_duty_roster *r, int person, cpol_date date, const char *shift)
{
	cpol_duty_swaps *w = NULL;
	size_t k;
	if (cpol_duty_swap_check(&w, r, person, date, shift) < 0)
		return cli_fail("swap");
	for (k = 0; k < cpol_duty_swaps_count(w); k++) {
		const cpol_duty_swap *x = cpol_duty_swaps_get(w, k);
		if (x->ok)
			printf("can    %s (%lld): soft penalty %+lld\n", name_of(cpol_duty_roster_problem(r), x->person),
			       (long long)x->person_id, (long long)x->penalty_change);
		else
			printf("cannot %s (%lld): %s (%s): %s\n", name_of(cpol_duty_roster_problem(r), x->person),
			       (long long)x->person_id, x->rule_name, x->ref->key, x->message);
	}
	cpol_duty_swaps_free(w);
	return 0;
}

/* roster posts DB STAFF_ID [POSTS]: set (when given), then print, the posts a staff member can hold. */
static int roster_posts(int argc, char **argv)
{
	cpol_db *db = NULL;
	cpol_id staff;
	char *posts = NULL;
	int status = 1;

	if (argc < 4 || argc > 5)
		return usage();
	if (cli_parse_id(&staff, argv[3], "STAFF_ID") < 0)
		return 2;
	if (cli_open_db(&db, argv[2], 0) < 0)
		return cli_fail(argv[2]);
	if (argc == 5 && cpol_duty_staff_posts_set(db, staff, argv[4]) < 0)
		cli_fail("setting the posts");
	else if (cpol_duty_staff_posts(&posts, db, staff) < 0)
		cli_fail("reading the posts");
	else {
		printf("%s\n", posts);
		status = 0;
	}
	cpol_free(posts);
	cpol_db_close(db);
	return status;
}

int cmd_roster(int argc, char **argv)
{
	const char *verb, *rules_name = NULL, *csv_path = NULL;
	cpol_db *db = NULL;
	cpol_rules *rules = NULL;
	cpol_duty_problem *p = NULL;
	cpol_duty_roster *r = NULL;
	cpol_duty_report *rep = NULL;
	cpol_duty_conflicts *c = NULL;
	cpol_duty_generate_options go = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	cpol_duty_export_options eo = CPOL_DUTY_EXPORT_OPTIONS_INIT;
	cpol_id office;
	cpol_date from;
	char *region = NULL, *text = NULL;
	int days, i, ics = 0, dry = 0, status = 1, rc;
	cpol_id person_id = 0;
	const char *pin_path = NULL, *since_text = NULL, *date_text = NULL, *shift = NULL;
	cpol_duty_roster *pins = NULL, *published = NULL;

	if (argc >= 2 && !strcmp(argv[1], "posts"))
		return roster_posts(argc, argv);
	if (argc < 6)
		return usage();
	verb = argv[1];
	if (cli_parse_id(&office, argv[3], "OFFICE_ID") < 0 ||
	    cli_parse_int(&days, argv[5], "DAYS", 1, 366) < 0)
		return 2;
	if (cpol_date_parse(&from, argv[4]) < 0)
		return cli_fail(argv[4]);
	for (i = 6; i < argc; i++) {
		unsigned long long seed;
		if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			if (cli_parse_u64(&seed, argv[++i], "--seed") < 0)
				return 2;
			go.seed = seed;
		} else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
			rules_name = argv[++i];
		else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
			csv_path = argv[++i];
		else if (!strcmp(argv[i], "--person") && i + 1 < argc) {
			if (cli_parse_id(&person_id, argv[++i], "--person") < 0)
				return 2;
		} else if (!strcmp(argv[i], "--ics"))
			ics = 1;
		else if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else if (!strcmp(argv[i], "--pin") && i + 1 < argc)
			pin_path = argv[++i];
		else if (!strcmp(argv[i], "--since") && i + 1 < argc)
			since_text = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc)
			date_text = argv[++i];
		else if (!strcmp(argv[i], "--shift") && i + 1 < argc)
			shift = argv[++i];
		else
			return usage();
	}
	if (strcmp(verb, "generate") && strcmp(verb, "check") && strcmp(verb, "export") &&
	    strcmp(verb, "repair") && strcmp(verb, "swap"))
		return usage();
	if (!strcmp(verb, "swap") && (!person_id || !date_text || !shift))
		return usage();
	if (cli_open_db(&db, argv[2], 0) < 0)
		return cli_fail(argv[2]);
	if (!rules_name && cpol_office_region(&region, db, office) == 0)
		rules_name = region;
	if (rules_name && cpol_rules_load_region(&rules, rules_name, NULL) < 0) {
		cli_fail(rules_name);
		goto done;
	}
	if (cpol_duty_problem_load(&p, db, office, from, days, rules, 90) < 0) {
		cli_fail("loading the office");
		goto done;
	}
	if (pin_path) {
		if (!(text = slurp(pin_path))) {
			fprintf(stderr, "commpolice: %s: cannot read\n", pin_path);
			goto done;
		}
		if (cpol_duty_roster_from_csv(&pins, p, text) < 0) {
			cli_fail(pin_path);
			goto done;
		}
		free(text);
		text = NULL;
		go.pinned = pins;
	}
	if (!strcmp(verb, "generate") || !strcmp(verb, "repair")) {
		if (!strcmp(verb, "repair")) {
			cpol_date since = from;
			if (since_text && cpol_date_parse(&since, since_text) < 0) {
				cli_fail("--since");
				goto done;
			}
			if (cpol_duty_roster_load(&published, db, office, p) < 0) {
				cli_fail("loading the published roster");
				goto done;
			}
			rc = cpol_duty_repair(&r, &c, p, published, since, &go);
		} else {
			rc = cpol_duty_generate(&r, &c, p, &go);
		}
		if (rc == CPOL_ECONFLICT) {
			print_conflicts(c);
			goto done;
		}
		if (rc < 0) {
			cli_fail(verb);
			goto done;
		}
		if (published && print_changes(published, r) < 0)
			goto done;
		if (!dry && cpol_duty_roster_store(NULL, db, office, r) < 0) {
			cli_fail("storing the roster");
			goto done;
		}
		if (published) {
			status = 0;
			goto done;
		}
	} else if (csv_path) {
		if (!(text = slurp(csv_path))) {
			fprintf(stderr, "commpolice: %s: cannot read\n", csv_path);
			goto done;
		}
		if (cpol_duty_roster_from_csv(&r, p, text) < 0) {
			cli_fail(csv_path);
			goto done;
		}
	} else if (cpol_duty_roster_load(&r, db, office, p) < 0) {
		cli_fail("loading the roster");
		goto done;
	}
	if (!strcmp(verb, "swap")) {
		cpol_date date;
		int holder;
		if (cpol_date_parse(&date, date_text) < 0) {
			cli_fail("--date");
			goto done;
		}
		if (cpol_duty_problem_find_person(&holder, p, person_id) < 0) {
			cli_fail("--person");
			goto done;
		}
		status = print_swaps(r, holder, date, shift) < 0 ? 1 : 0;
		goto done;
	}
	if (!strcmp(verb, "check")) {
		if (cpol_duty_check(&rep, r) < 0) {
			cli_fail("check");
			goto done;
		}
		print_report(rep);
		status = cpol_duty_report_hard(rep) ? 1 : 0;
		goto done;
	}
	if (person_id && cpol_duty_problem_find_person(&eo.person, p, person_id) < 0) {
		cli_fail("--person");
		goto done;
	}
	if (ics ? cpol_duty_export_ics(&text, r, &eo) < 0 : cpol_duty_export_csv(&text, r, &eo) < 0) {
		cli_fail("export");
		goto done;
	}
	fputs(text, stdout);
	status = 0;
done:
	free(text);
	free(region);
	cpol_duty_report_free(rep);
	cpol_duty_conflicts_free(c);
	cpol_duty_roster_free(r);
	cpol_duty_roster_free(pins);
	cpol_duty_roster_free(published);
	cpol_duty_problem_free(p);
	cpol_rules_free(rules);
	cpol_db_close(db);
	return status;
}

/*
 * commpolice rules check|show|get|calendar — validate, show and query region rules.
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
	        "usage: commpolice rules check REGION|FILE...\n"
	        "       commpolice rules test [--coverage] REGION|FILE...\n"
	        "       commpolice rules show [--on DATE] [--hash|--canonical|--keys] REGION|FILE\n"
	        "       commpolice rules get REGION|FILE KEY\n"
	        "       commpolice rules calendar REGION|FILE FROM [TO] [--json]\n"
	        "check validates each rule set and runs its tests:, printing problems as\n"
	        "file:line:column: message on stderr and a summary line per file; it exits 1\n"
	        "when any fails. test is check; with --coverage it also lists, as\n"
	        "file:line:column: KIND ID, each assessment item, deduction, veto,\n"
	        "coefficient, sanction and grade band no rule test exercised, and exits 1\n"
	        "when there is one. show prints the merged rule set in canonical form and its\n"
	        "hash; with --on DATE (YYYY-MM-DD), the values in force on that day (rules\n"
	        "may date values with from:/until:; the hash covers every date); get prints a value and the file:line that set it (every value under\n"
	        "KEY, one per line, when KEY is a list or a map). calendar prints each day\n"
	        "from FROM to TO (at most 366 days): date, weekday, work or off, the holiday\n"
	        "and the file:line that decided; a day of a year without a State Council\n"
	        "notice in the rules is computed and marked provisional, with a warning on\n"
	        "stderr. An argument with a '/' or\n"
	        "ending in .yaml or .yml is a file; anything else is a region name, looked up\n"
	        "in CPOL_RULES_PATH and the installed regions.\n");
	return 2;
}

/* Does the argument name a file rather than a region? */
static int is_file(const char *arg)
{
	size_t n = strlen(arg);
	return strchr(arg, '/') != NULL || (n > 5 && !strcmp(arg + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(arg + n - 4, ".yml"));
}

static int load(cpol_rules **out, const char *arg)
{
	return is_file(arg) ? cpol_rules_load_file(out, arg, NULL)
	                    : cpol_rules_load_region(out, arg, NULL);
}

/* The last error as "file:line:column: message" (the library's messages lead
 * with their place when they have one), or "arg: message". */
static void print_error(const char *arg)
{
	const cpol_error *e = cpol_error_last();
	if (e->file)
		fprintf(stderr, "%s\n", e->message);
	else
		fprintf(stderr, "%s: %s\n", arg, e->message);
}

static int print_failed_test(const cpol_rules_test_result *res, void *payload)
{
	(void)payload;
	if (res->passed)
		return 0;
	fprintf(stderr, "%s:%d:%d: rule test '%s' failed: %s: expected %s, got %s", res->file,
	        res->line, res->column, res->name, res->check, res->expected, res->actual);
	if (res->ref)
		fprintf(stderr, " (rule %s at %s:%d)", res->ref->key, res->ref->file, res->ref->line);
	fputc('\n', stderr);
	return 0;
}

static int count_cover(const cpol_rules_cover *c, void *payload)
{
	(void)c;
	++*(size_t *)payload;
	return 0;
}

static int print_uncovered(const cpol_rules_cover *c, void *payload)
{
	(void)payload;
	if (!c->hits)
		printf("%s:%d:%d: %s %s: not exercised by any rule test\n", c->ref ? c->ref->file : "?",
		       c->ref ? c->ref->line : 0, c->ref ? c->ref->column : 0, c->kind_name, c->id);
	return 0;
}

static int print_coverage(const char *arg, const cpol_rules *r)
{
	size_t uncovered = 0, total = 0;
	if (cpol_rules_test_coverage(&uncovered, r, print_uncovered, NULL) < 0 ||
	    cpol_rules_test_coverage(NULL, r, count_cover, &total) < 0) {
		print_error(arg);
		return 1;
	}
	printf("%s: coverage: %zu of %zu assessment rules exercised\n", arg, total - uncovered, total);
	return uncovered ? 1 : 0;
}

static int check_one(const char *arg, int coverage)
{
	cpol_rules *r = NULL;
	size_t failed = 0, count, files;
	int uncovered = 0;

	if (load(&r, arg) < 0) {
		print_error(arg);
		printf("%s: invalid (%s)\n", arg, cpol_error_name(cpol_error_last()->code));
		fflush(stdout);
		return 1;
	}
	count = cpol_rules_test_count(r);
	if (cpol_rules_run_tests(&failed, r, print_failed_test, NULL) < 0) {
		print_error(arg);
		cpol_rules_free(r);
		printf("%s: tests did not run\n", arg);
		fflush(stdout);
		return 1;
	}
	files = cpol_rules_chain_length(r);
	if (failed)
		printf("%s: FAILED: %zu of %zu tests failed (region %s, %zu file%s)\n", arg, failed,
		       count, cpol_rules_region(r), files, files == 1 ? "" : "s");
	else
		printf("%s: ok: %zu tests passed (region %s, %zu file%s, hash %.12s)\n", arg, count,
		       cpol_rules_region(r), files, files == 1 ? "" : "s", cpol_rules_hash(r));
	if (coverage)
		uncovered = print_coverage(arg, r);
	fflush(stdout);
	cpol_rules_free(r);
	return failed || uncovered ? 1 : 0;
}

/* check, and test [--coverage]: the same run; test --coverage adds the
 * assessment rules no test exercised, and fails when there is one. */
static int rules_check(int argc, char **argv)
{
	int i = 1, status = 0, coverage = 0;
	if (argc > 1 && !strcmp(argv[0], "test") && !strcmp(argv[1], "--coverage"))
		coverage = i++;
	if (argc <= i)
		return usage();
	for (; i < argc; i++)
		if (check_one(argv[i], coverage))
			status = 1;
	return status;
}

/* Every scalar under prefix as KEY<TAB>TEXT<TAB>FILE:LINE. */
static int print_leaves(const cpol_rules *r, const char *prefix)
{
	cpol_rules_iter *it = NULL;
	const cpol_rule_ref *ref;
	const char *text;
	int rc;

	if (cpol_rules_iter_new(&it, r, prefix) < 0)
		return -1;
	while ((rc = cpol_rules_iter_next(&ref, &text, it)) == 0)
		printf("%s\t%s\t%s:%d\n", ref->key, text, ref->file, ref->line);
	cpol_rules_iter_free(it);
	return rc == CPOL_ITEROVER ? 0 : rc;
}

static int rules_show(int argc, char **argv)
{
	const char *what = NULL, *arg, *on = NULL;
	cpol_rules *r = NULL;
	char *canon = NULL;
	size_t i;
	int status = 0, k;

	for (k = 1; k < argc - 1; k++) {
		if (!strcmp(argv[k], "--on") && k + 1 < argc - 1)
			on = argv[++k];
		else if (!what && (!strcmp(argv[k], "--hash") || !strcmp(argv[k], "--canonical") ||
		                   !strcmp(argv[k], "--keys")))
			what = argv[k];
		else
			return usage();
	}
	if (argc < 2 || argv[argc - 1][0] == '-')
		return usage();
	arg = argv[argc - 1];
	if (load(&r, arg) < 0)
		return cli_fail(NULL);
	if (on) {
		cpol_rules *day = NULL;
		cpol_date d;
		if (cpol_date_parse(&d, on) < 0 || cpol_rules_at(&day, r, d) < 0) {
			cpol_rules_free(r);
			return cli_fail(on);
		}
		cpol_rules_free(r);
		r = day;
	}
	if (what && !strcmp(what, "--hash")) {
		printf("%s\n", cpol_rules_hash(r));
	} else if (what && !strcmp(what, "--keys")) {
		if (print_leaves(r, NULL) < 0)
			status = cli_fail(arg);
	} else if (cpol_rules_canonical(&canon, r) < 0) {
		status = cli_fail(arg);
	} else if (what) {
		printf("%s\n", canon);
	} else {
		printf("# region %s (%s)\n", cpol_rules_region(r), cpol_rules_name(r));
		for (i = 0; i < cpol_rules_chain_length(r); i++) {
			const char *region = NULL;
			const char *file = cpol_rules_chain_file(&region, r, i);
			printf("# %s %s (%s)\n", i == 0 ? "file   " : "extends", file, region);
		}
		printf("# hash %s\n%s\n", cpol_rules_hash(r), canon);
	}
	free(canon);
	cpol_rules_free(r);
	return status;
}

static int rules_get(int argc, char **argv)
{
	cpol_rules *r = NULL;
	cpol_rule_type type;
	const cpol_rule_ref *ref = NULL;
	const char *text = NULL;
	int status = 0;

	if (argc != 3)
		return usage();
	if (load(&r, argv[1]) < 0)
		return cli_fail(NULL);
	if (cpol_rules_get_type(&type, r, argv[2]) < 0)
		status = cli_fail(argv[1]);
	else if (type == CPOL_RULE_LIST || type == CPOL_RULE_MAP)
		status = print_leaves(r, argv[2]) < 0 ? cli_fail(argv[1]) : 0;
	else if (cpol_rules_get_text(&text, &ref, r, argv[2]) < 0)
		status = cli_fail(argv[1]);
	else
		printf("%s\t%s:%d\n", text, ref->file, ref->line);
	cpol_rules_free(r);
	return status;
}

static int rules_calendar(int argc, char **argv)
{
	static const char *const wd[8] = { "", "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	cpol_rules *r = NULL;
	cpol_calendar_day day = CPOL_CALENDAR_DAY_INIT;
	cpol_date from, to, d;
	char buf[CPOL_DATE_BUFSZ];
	cli_json j;
	int status = 0, warned_year = 0, y, json = cli_take_flag(&argc, argv, "--json");

	if (argc != 3 && argc != 4)
		return usage();
	if (cpol_date_parse(&from, argv[2]) < 0 ||
	    cpol_date_parse(&to, argc == 4 ? argv[3] : argv[2]) < 0)
		return cli_fail(argc == 4 ? "FROM TO" : "FROM");
	if (to < from || to - from > 365) {
		fprintf(stderr, "commpolice rules calendar: TO must be within 366 days after FROM\n");
		return 2;
	}
	if (load(&r, argv[1]) < 0)
		return cli_fail(NULL);
	if (json)
		cli_json_open(&j);
	for (d = from; d <= to; d++) {
		if (cpol_calendar_day_get(&day, r, d) < 0) {
			status = cli_fail(argv[1]);
			break;
		}
		cpol_date_split(&y, NULL, NULL, d);
		if (day.provisional && y != warned_year) {
			fprintf(stderr, "warning: no State Council holiday notice for %d in the rules; "
			        "its holidays are computed and provisional\n", y);
			warned_year = y;
		}
		if (json) {
			cli_json_record(&j);
			cli_json_date(&j, "date", d);
			cli_json_str(&j, "weekday", wd[cpol_date_weekday(d)]);
			cli_json_bool(&j, "working", day.working);
			cli_json_str(&j, "holiday", day.holiday);
			cli_json_bool(&j, "provisional", day.provisional);
			cli_json_str(&j, "key", day.ref ? day.ref->key : NULL);
			cli_json_str(&j, "file", day.ref ? day.ref->file : NULL);
			cli_json_int(&j, "line", day.ref ? day.ref->line : 0);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s\t%s\t%s\t%s\t%s:%d%s\n", cpol_date_format(buf, d),
		       wd[cpol_date_weekday(d)], day.working ? "work" : "off",
		       day.holiday ? day.holiday : "-", day.ref ? day.ref->file : "-",
		       day.ref ? day.ref->line : 0, day.provisional ? "\tprovisional" : "");
	}
	if (json && status == 0)
		cli_json_close(&j);
	cpol_rules_free(r);
	return status;
}

int cmd_rules(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "check") || !strcmp(argv[1], "test"))
		return rules_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return rules_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "get"))
		return rules_get(argc - 1, argv + 1);
	if (!strcmp(argv[1], "calendar"))
		return rules_calendar(argc - 1, argv + 1);
	fprintf(stderr, "commpolice rules: unknown subcommand '%s'\n", argv[1]);
	return usage();
}

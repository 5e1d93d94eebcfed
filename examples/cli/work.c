/*
 * commpolice due / notice — what an office owes, and a printable
 * rectification notice (the work module).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int usage_due(void)
{
	fprintf(stderr,
	        "usage: commpolice due DB OFFICE_ID [DATE] [--officer ID] [--horizon DAYS]\n"
	        "                     [--since DATE] [--rules REGION|FILE.yaml] [--rates FROM TO]\n"
	        "  DATE defaults to today (UTC+8). The rules default to the office's region.\n");
	return 2;
}

static int parse_id(cpol_id *out, const char *text)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (!*text || *end || v <= 0)
		return -1;
	*out = (cpol_id)v;
	return 0;
}

/* The office's rules: a .yaml file, a region name, or the office's region. */
static int load_rules(cpol_rules **out, cpol_db *db, cpol_id office, const char *spec)
{
	char *region = NULL;
	int rc;

	if (spec && strlen(spec) > 5 && !strcmp(spec + strlen(spec) - 5, ".yaml"))
		return cpol_rules_load_file(out, spec, NULL);
	if (spec)
		return cpol_rules_load_region(out, spec, NULL);
	if ((rc = cpol_office_region(&region, db, office)) < 0)
		return rc;
	rc = cpol_rules_load_region(out, region, NULL);
	free(region);
	return rc;
}

static void print_rate(const char *label, const cpol_work_rate *r)
{
	printf("  %-16s %4lld / %-4lld %6.1f%%   %s\n", label, (long long)r->done, (long long)r->due,
	       r->rate * 100.0, r->rule_key ? r->rule_key : "");
}

int cmd_due(int argc, char **argv)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *list = NULL;
	cpol_rules *rules = NULL;
	cpol_db *db = NULL;
	const char *rules_spec = NULL, *rate_from = NULL, *rate_to = NULL;
	char date[CPOL_DATE_BUFSZ], due[CPOL_DATE_BUFSZ];
	int i, status = 1;
	size_t k;

	if (argc < 3 || parse_id(&q.office_id, argv[2]) < 0)
		return usage_due();
	q.on = cpol_date_from_epoch((int64_t)time(NULL), 480);
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--officer") && i + 1 < argc) {
			if (parse_id(&q.officer_id, argv[++i]) < 0)
				return usage_due();
		} else if (!strcmp(argv[i], "--horizon") && i + 1 < argc) {
			q.horizon_days = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--since") && i + 1 < argc) {
			if (cpol_date_parse(&q.since, argv[++i]) < 0)
				return cli_fail("--since");
		} else if (!strcmp(argv[i], "--rules") && i + 1 < argc) {
			rules_spec = argv[++i];
		} else if (!strcmp(argv[i], "--rates") && i + 2 < argc) {
			rate_from = argv[++i];
			rate_to = argv[++i];
		} else if (argv[i][0] != '-' && i == 3) {
			if (cpol_date_parse(&q.on, argv[i]) < 0)
				return cli_fail("date");
		} else {
			return usage_due();
		}
	}
	if (cli_open_db(&db, argv[1], 0) < 0)
		return cli_fail(argv[1]);
	if (load_rules(&rules, db, q.office_id, rules_spec) < 0) {
		cli_fail("rules");
		goto done;
	}
	if (cpol_work_owed(&list, db, rules, &q) < 0) {
		cli_fail("due");
		goto done;
	}
	printf("owed by office %lld%s on %s (rules: %s)\n", (long long)q.office_id,
	       q.officer_id ? " (one officer)" : "", cpol_date_format(date, q.on), cpol_rules_region(rules));
	for (k = 0; k < list->count; k++) {
		const cpol_owed_item *it = &list->items[k];
		const char *state = it->days_overdue > 0 ? "OVERDUE" : "due";
		printf("%s %-7s", cpol_date_format(due, it->due), state);
		if (it->days_overdue > 0)
			printf(" %4dd", it->days_overdue);
		else
			printf("  in %dd", -it->days_overdue);
		printf("  %-17s %s: %s", cpol_owed_kind_name(it->kind), it->what, it->subject);
		if (it->target)
			printf(" (%d/%d)", it->done, it->target);
		if (it->officer_id)
			printf(" [officer %lld]", (long long)it->officer_id);
		printf("\n      rule %s", it->rule_key ? it->rule_key : "(set by hand)");
		if (it->rule_file)
			printf(" (%s:%d)", it->rule_file, it->rule_line);
		printf("\n");
	}
	printf("%zu item%s\n", list->count, list->count == 1 ? "" : "s");
	if (rate_from) {
		cpol_work_rates r;
		cpol_date a, b;
		if (cpol_date_parse(&a, rate_from) < 0 || cpol_date_parse(&b, rate_to) < 0 ||
		    cpol_work_rates_get(&r, db, rules, q.office_id, q.officer_id, a, b) < 0) {
			cli_fail("rates");
			goto done;
		}
		printf("completion %s .. %s\n", rate_from, rate_to);
		print_rate("inspections", &r.inspections);
		print_rate("notices on time", &r.notices_on_time);
		print_rate("return visits", &r.return_visits);
		print_rate("feedback", &r.feedback);
	}
	status = 0;
done:
	cpol_owed_list_free(list);
	cpol_rules_free(rules);
	cpol_db_close(db);
	return status;
}

int cmd_notice(int argc, char **argv)
{
	cpol_db *db = NULL;
	cpol_id id = 0;
	char *text = NULL;
	int status = 1;

	if (argc != 3 || parse_id(&id, argv[2]) < 0) {
		fprintf(stderr, "usage: commpolice notice DB NOTICE_ID\n");
		return 2;
	}
	if (cli_open_db(&db, argv[1], 0) < 0)
		return cli_fail(argv[1]);
	if (cpol_notice_render(&text, db, id) < 0) {
		cli_fail("notice");
	} else {
		fputs(text, stdout);
		status = 0;
	}
	free(text);
	cpol_db_close(db);
	return status;
}

/*
 * commpolice due / notice — what an office owes, and a printable
 * rectification notice (the work module); commpolice notice list,
 * inspections, visits, incidents, requests, disputes, records — the
 * office's records, one line each, through the listing iterators.
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
	        "usage: commpolice due DB OFFICE_ID [DATE] [--kind KIND ...] [--horizon DAYS]\n"
	        "                     [--officer ID] [--person ID] [--house ID] [--since DATE]\n"
	        "                     [--rules REGION|FILE.yaml] [--rates FROM TO] [--json]\n"
	        "  Everything the office owes on DATE: overdue, or due within DAYS (default 7).\n"
	        "  --json prints the items as a JSON array (and no rates).\n"
	        "  DATE defaults to today (UTC+8). The rules default to the office's region.\n"
	        "  KIND (repeatable): inspection contact supervision notice escalation\n"
	        "  return_visit feedback obligation work_log household_visits\n"
	        "  key_person_visits immediate assessment talk person_visit registration\n"
	        "  verify_registration rental household lost contact_card verify\n"
	        "  night_patrols publicity.\n");
	return 2;
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
	int i, status = 1, provisional = 0, json = cli_take_flag(&argc, argv, "--json");
	cli_json j;
	size_t k;

	if (argc < 3)
		return usage_due();
	if (cli_parse_id(&q.office_id, argv[2], "OFFICE_ID") < 0)
		return 2;
	q.on = cpol_date_from_epoch((int64_t)time(NULL), 480);
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--officer") && i + 1 < argc) {
			if (cli_parse_id(&q.officer_id, argv[++i], "--officer") < 0)
				return 2;
		} else if (!strcmp(argv[i], "--horizon") && i + 1 < argc) {
			if (cli_parse_int(&q.horizon_days, argv[++i], "--horizon", 0, 3660) < 0)
				return 2;
		} else if (!strcmp(argv[i], "--kind") && i + 1 < argc) {
			cpol_owed_kind kind;
			if (cpol_owed_kind_parse(&kind, argv[++i]) < 0)
				return cli_fail("--kind");
			q.kinds |= 1u << kind;
		} else if (!strcmp(argv[i], "--person") && i + 1 < argc) {
			if (cli_parse_id(&q.person_id, argv[++i], "--person") < 0)
				return 2;
		} else if (!strcmp(argv[i], "--house") && i + 1 < argc) {
			if (cli_parse_id(&q.house_id, argv[++i], "--house") < 0)
				return 2;
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
	if (cpol_owed_list_get(&list, db, rules, &q) < 0) {
		cli_fail("due");
		goto done;
	}
	if (json) {
		cli_json_open(&j);
		for (k = 0; k < list->count; k++) {
			const cpol_owed_item *it = &list->items[k];
			cli_json_record(&j);
			cli_json_str(&j, "kind", cpol_owed_kind_name(it->kind));
			cli_json_id(&j, "office_id", it->office_id);
			cli_json_id(&j, "officer_id", it->officer_id);
			cli_json_id(&j, "subject_id", it->subject_id);
			cli_json_id(&j, "person_id", it->person_id);
			cli_json_id(&j, "house_id", it->house_id);
			cli_json_str(&j, "label", it->label);
			cli_json_str(&j, "subject", it->subject);
			cli_json_str(&j, "what", it->what);
			cli_json_date(&j, "due", it->due);
			cli_json_date(&j, "last_done", it->last_done);
			cli_json_int(&j, "days_overdue", it->days_overdue);
			cli_json_bool(&j, "overdue", it->overdue);
			cli_json_int(&j, "done", it->done);
			cli_json_int(&j, "target", it->target);
			cli_json_str(&j, "rule_key", it->rule_key);
			cli_json_str(&j, "rule_file", it->rule_file);
			cli_json_int(&j, "rule_line", it->rule_line);
			cli_json_str(&j, "rule_region", it->rule_region);
			cli_json_bool(&j, "provisional", it->provisional);
			cli_json_record_end(&j);
		}
		cli_json_close(&j);
		status = 0;
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
		/* a person's item says who in its description; a work item names its subject */
		if (it->kind >= CPOL_OWED_ASSESSMENT || !*it->subject)
			printf("  %-17s %s", cpol_owed_kind_name(it->kind), it->what);
		else
			printf("  %-17s %s: %s", cpol_owed_kind_name(it->kind), it->what, it->subject);
		if (it->target)
			printf(" (%d/%d)", it->done, it->target);
		if (it->officer_id)
			printf(" [officer %lld]", (long long)it->officer_id);
		if (it->provisional)
			printf(" (provisional date)");
		provisional += it->provisional;
		printf("\n      rule %s", it->rule_key ? it->rule_key : "(set by hand)");
		if (it->rule_file)
			printf(" (%s:%d)", it->rule_file, it->rule_line);
		printf("\n");
	}
	printf("%zu item%s, %zu overdue", list->count, list->count == 1 ? "" : "s", list->overdue);
	for (k = 1; k <= CPOL_OWED_KIND_MAX; k++)
		if (list->by_kind[k])
			printf(" | %s %zu", cpol_owed_kind_name((cpol_owed_kind)k), list->by_kind[k]);
	printf("\n");
	if (provisional)
		fprintf(stderr, "warning: %d due date%s rest%s on a year without a State Council "
		        "holiday notice in the rules (computed, provisional)\n", provisional,
		        provisional == 1 ? "" : "s", provisional == 1 ? "s" : "");
	if (rate_from) {
		cpol_work_rates r = CPOL_WORK_RATES_INIT;
		cpol_date a, b;
		if (cpol_date_parse(&a, rate_from) < 0 || cpol_date_parse(&b, rate_to) < 0 ||
		    cpol_work_rates_measure(&r, db, rules, q.office_id, q.officer_id, a, b) < 0) {
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

static int cmd_notice_list(int argc, char **argv);

int cmd_notice(int argc, char **argv)
{
	cpol_db *db = NULL;
	cpol_id id = 0;
	char *text = NULL;
	int status = 1;

	if (argc >= 2 && !strcmp(argv[1], "list"))
		return cmd_notice_list(argc - 1, argv + 1);
	if (argc == 3 && cli_parse_id(&id, argv[2], "NOTICE_ID") < 0)
		return 2;
	if (argc != 3) {
		fprintf(stderr, "usage: commpolice notice DB NOTICE_ID\n"
		                "       commpolice notice list DB OFFICE_ID [--state open|overdue|closed] ...\n");
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

/* ------------------------------------------------------------------ lists */

/* Options the listing commands take; each command allows some of them. */
enum {
	L_UNIT = 1u << 0, L_OFFICER = 1u << 1, L_KIND = 1u << 2, L_PERIOD = 1u << 3,
	L_STATE = 1u << 4, L_ON = 1u << 5, L_YEAR = 1u << 6, L_UNRETURNED = 1u << 7,
	L_MAJOR = 1u << 8, L_UNANSWERED = 1u << 9, L_OBLIGATION = 1u << 10, L_INCIDENT = 1u << 11,
	L_REFERRED = 1u << 12, L_JSON = 1u << 13
};

typedef struct list_args {
	const char *db_path;
	cpol_id office, unit, officer, incident;
	const char *kind;        /* --kind, or --state / --status */
	const char *obligation;
	cpol_date from, to, on;
	int year, unreturned, major, unanswered, referred;
	int json;                /* --json: a JSON array, one object per record */
} list_args;

static const struct { const char *name; unsigned bit; int value; } list_options[] = {
	{ "--unit", L_UNIT, 1 }, { "--officer", L_OFFICER, 1 }, { "--kind", L_KIND, 1 },
	{ "--state", L_STATE, 1 }, { "--status", L_STATE, 1 }, { "--from", L_PERIOD, 1 },
	{ "--to", L_PERIOD, 1 }, { "--on", L_ON, 1 }, { "--year", L_YEAR, 1 },
	{ "--obligation", L_OBLIGATION, 1 }, { "--incident", L_INCIDENT, 1 },
	{ "--unreturned", L_UNRETURNED, 0 }, { "--major", L_MAJOR, 0 },
	{ "--unanswered", L_UNANSWERED, 0 }, { "--referred", L_REFERRED, 0 },
	{ "--json", L_JSON, 0 },
};

/* DB OFFICE_ID [options]: 0; 2 for a usage error or a bad id or number; 1 for a bad date (messages printed). */
static int parse_list_args(list_args *a, int argc, char **argv, unsigned allowed)
{
	int i;
	size_t k;

	memset(a, 0, sizeof(*a));
	a->from = a->to = CPOL_DATE_NONE;
	a->on = cpol_date_from_epoch((int64_t)time(NULL), 480);
	if (argc < 3)
		return 2;
	if (cli_parse_id(&a->office, argv[2], "OFFICE_ID") < 0)
		return 2;
	a->db_path = argv[1];
	for (i = 3; i < argc; i++) {
		const char *opt = argv[i], *val = NULL;
		for (k = 0; k < sizeof(list_options) / sizeof(list_options[0]); k++)
			if (!strcmp(opt, list_options[k].name))
				break;
		if (k == sizeof(list_options) / sizeof(list_options[0]) ||
		    !((allowed | L_JSON) & list_options[k].bit))
			return 2;
		if (list_options[k].value) {
			if (i + 1 >= argc)
				return 2;
			val = argv[++i];
		}
		if (!strcmp(opt, "--unit") || !strcmp(opt, "--officer") || !strcmp(opt, "--incident")) {
			cpol_id *dst = opt[2] == 'u' ? &a->unit : opt[2] == 'o' ? &a->officer : &a->incident;
			if (cli_parse_id(dst, val, opt) < 0)
				return 2;
		} else if (!strcmp(opt, "--kind") || !strcmp(opt, "--state") || !strcmp(opt, "--status")) {
			a->kind = val;
		} else if (!strcmp(opt, "--obligation")) {
			a->obligation = val;
		} else if (!strcmp(opt, "--from") || !strcmp(opt, "--to") || !strcmp(opt, "--on")) {
			cpol_date *dst = opt[2] == 'f' ? &a->from : opt[3] == 'o' ? &a->to : &a->on;
			if (cpol_date_parse(dst, val) < 0)
				return cli_fail(opt);
		} else if (!strcmp(opt, "--year")) {
			if (cli_parse_int(&a->year, val, opt, 1, 9999) < 0)
				return 2;
		} else if (!strcmp(opt, "--unreturned")) {
			a->unreturned = 1;
		} else if (!strcmp(opt, "--major")) {
			a->major = 1;
		} else if (!strcmp(opt, "--unanswered")) {
			a->unanswered = 1;
		} else if (!strcmp(opt, "--referred")) {
			a->referred = 1;
		} else if (!strcmp(opt, "--json")) {
			a->json = 1;
		}
	}
	return 0;
}

static int list_usage(const char *what, const char *options)
{
	fprintf(stderr, "usage: commpolice %s DB OFFICE_ID %s [--json]\n", what, options);
	return 2;
}

/* " [officer N]" when an officer is set. */
static void print_officer(cpol_id officer)
{
	if (officer)
		printf("  [officer %lld]", (long long)officer);
}

/* The end of a listing: "]" under --json, else the count line ("3 visits"). */
static void end_listing(const list_args *a, cli_json *j, size_t n, const char *one, const char *many)
{
	if (a->json)
		cli_json_close(j);
	else
		printf("%zu %s\n", n, n == 1 ? one : many);
}

static int cmd_notice_list(int argc, char **argv)
{
	static const char opts[] =
		"[--state open|overdue|closed] [--on DATE] [--year YEAR] [--unit ID] [--officer ID]\n"
		"  --on (default today, UTC+8) is the day overdue notices are overdue on.";
	cpol_notice_query q = CPOL_NOTICE_QUERY_INIT;
	cpol_notice_iter *it = NULL;
	const cpol_notice *n;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ], d2[CPOL_DATE_BUFSZ];
	size_t count = 0;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv, L_STATE | L_ON | L_YEAR | L_UNIT | L_OFFICER)) != 0)
		return rc == 2 ? list_usage("notice list", opts) : rc;
	if (a.kind && cpol_notice_state_parse(&q.state, a.kind) < 0)
		return cli_fail("--state");
	q.office_id = a.office;
	q.unit_id = a.unit;
	q.officer_id = a.officer;
	q.year = a.year;
	q.on = a.on;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_notice_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("rectification notices of office %lld (%s, on %s)\n", (long long)a.office,
		       q.state ? cpol_notice_state_name(q.state) : "all", cpol_date_format(d1, a.on));
	while ((rc = cpol_notice_iter_next(&n, it)) == 0) {
		count++;
		if (a.json) {
			cli_json_record(&j);
			cli_json_fields(&j, CPOL_RECORD_NOTICE, n);
			cli_json_int(&j, "days_overdue", n->closed_on == CPOL_DATE_NONE && n->deadline < a.on ? (long long)(a.on - n->deadline) : 0);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s  unit %lld  issued %s  deadline %s  ", n->number, (long long)n->unit_id,
		       cpol_date_format(d1, n->issued_on), cpol_date_format(d2, n->deadline));
		if (n->closed_on != CPOL_DATE_NONE)
			printf("closed %s %s", cpol_date_format(d1, n->closed_on),
			       cpol_notice_result_name(n->result));
		else if (n->deadline < a.on)
			printf("OVERDUE %dd", (int)(a.on - n->deadline));
		else
			printf("open");
		if (n->escalated_on != CPOL_DATE_NONE)
			printf("  escalated %s", cpol_date_format(d1, n->escalated_on));
		print_officer(n->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "notice", "notices");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("notice list");
	cpol_notice_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

int cmd_inspections(int argc, char **argv)
{
	static const char opts[] =
		"[--unit ID] [--officer ID] [--kind routine|fire|special|reinspection]\n"
		"                                [--from DATE] [--to DATE]";
	static const char *const kinds[] = { "routine", "fire", "special", "reinspection" };
	cpol_inspection_query q = CPOL_INSPECTION_QUERY_INIT;
	cpol_inspection_iter *it = NULL;
	const cpol_inspection *in;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ];
	size_t count = 0, k;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv, L_UNIT | L_OFFICER | L_KIND | L_PERIOD)) != 0)
		return rc == 2 ? list_usage("inspections", opts) : rc;
	if (a.kind) {
		for (k = 0; k < 4 && strcmp(a.kind, kinds[k]); k++)
			;
		if (k == 4) {
			fprintf(stderr, "commpolice: --kind: '%s' is not routine, fire, special or reinspection\n",
			        a.kind);
			return 1;
		}
		q.kind = (cpol_inspection_kind)(k + 1);
	}
	q.office_id = a.office;
	q.unit_id = a.unit;
	q.officer_id = a.officer;
	q.from = a.from;
	q.to = a.to;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_inspection_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("inspections of office %lld\n", (long long)a.office);
	while ((rc = cpol_inspection_iter_next(&in, it)) == 0) {
		size_t failed = 0;
		cpol_unit *u = NULL;
		for (k = 0; k < in->item_count; k++)
			failed += !in->items[k].ok;
		count++;
		if (a.json) {
			cli_json_record(&j);
			cli_json_fields(&j, CPOL_RECORD_INSPECTION, in);
			cli_json_int(&j, "item_count", (long long)in->item_count);
			cli_json_int(&j, "items_failed", (long long)failed);
			cli_json_int(&j, "hazard_count", (long long)in->hazard_count);
			cli_json_record_end(&j);
			continue;
		}
		cpol_unit_get(&u, db, in->unit_id);
		printf("%s  %-12s  %s (unit %lld)  items %zu, %zu failed  hazards %zu",
		       cpol_date_format(d1, in->on), in->kind ? kinds[in->kind - 1] : "?",
		       u ? u->name : "?", (long long)in->unit_id, in->item_count, failed, in->hazard_count);
		cpol_unit_free(u);
		if (in->notice_id)
			printf("  of notice %lld", (long long)in->notice_id);
		print_officer(in->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "inspection", "inspections");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("inspections");
	cpol_inspection_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

int cmd_visits(int argc, char **argv)
{
	static const char opts[] =
		"[--officer ID] [--kind household|key_person|talk|security_contact|supervision|\n"
		"                           return_visit|other] [--unit ID] [--from DATE] [--to DATE]";
	cpol_visit_query q = CPOL_VISIT_QUERY_INIT;
	cpol_visit_iter *it = NULL;
	const cpol_visit *v;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ];
	size_t count = 0;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv, L_OFFICER | L_KIND | L_UNIT | L_PERIOD)) != 0)
		return rc == 2 ? list_usage("visits", opts) : rc;
	if (a.kind && cpol_visit_kind_parse(&q.kind, a.kind) < 0)
		return cli_fail("--kind");
	q.office_id = a.office;
	q.officer_id = a.officer;
	q.unit_id = a.unit;
	q.from = a.from;
	q.to = a.to;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_visit_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("visits of office %lld\n", (long long)a.office);
	while ((rc = cpol_visit_iter_next(&v, it)) == 0) {
		count++;
		if (a.json) {
			cli_json_record(&j);
			cli_json_fields(&j, CPOL_RECORD_VISIT, v);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s  %-16s", cpol_date_format(d1, v->on), cpol_visit_kind_name(v->kind));
		if (v->unit_id)
			printf("  unit %lld", (long long)v->unit_id);
		if (v->org_id)
			printf("  organisation %lld", (long long)v->org_id);
		if (v->person_id)
			printf("  person %lld", (long long)v->person_id);
		if (v->house_id)
			printf("  house %lld", (long long)v->house_id);
		if (v->incident_id)
			printf("  incident %lld", (long long)v->incident_id);
		if (v->summary)
			printf("  %s", v->summary);
		print_officer(v->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "visit", "visits");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("visits");
	cpol_visit_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

int cmd_incidents(int argc, char **argv)
{
	static const char opts[] =
		"[--officer ID] [--kind criminal|public_order|accident|fire|help|other]\n"
		"                              [--from DATE] [--to DATE] [--unreturned] [--major]";
	cpol_incident_query q = CPOL_INCIDENT_QUERY_INIT;
	cpol_incident_iter *it = NULL;
	const cpol_incident *i;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ];
	size_t count = 0;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv,
	                          L_OFFICER | L_KIND | L_PERIOD | L_UNRETURNED | L_MAJOR)) != 0)
		return rc == 2 ? list_usage("incidents", opts) : rc;
	if (a.kind && cpol_incident_kind_parse(&q.kind, a.kind) < 0)
		return cli_fail("--kind");
	q.office_id = a.office;
	q.officer_id = a.officer;
	q.from = a.from;
	q.to = a.to;
	q.unreturned = a.unreturned;
	q.major = a.major;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_incident_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("incidents of office %lld\n", (long long)a.office);
	while ((rc = cpol_incident_iter_next(&i, it)) == 0) {
		count++;
		if (a.json) {
			cli_json_record(&j);
			cli_json_fields(&j, CPOL_RECORD_INCIDENT, i);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s  %-12s  %s%s", cpol_date_format(d1, i->received_on), cpol_incident_kind_name(i->kind),
		       i->major ? "MAJOR " : "", i->summary);
		if (i->party_name)
			printf("  (%s)", i->party_name);
		if (i->returned_on != CPOL_DATE_NONE)
			printf("  returned %s", cpol_date_format(d1, i->returned_on));
		else
			printf("  NOT RETURNED");
		print_officer(i->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "incident", "incidents");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("incidents");
	cpol_incident_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

int cmd_requests(int argc, char **argv)
{
	static const char opts[] =
		"[--officer ID] [--from DATE] [--to DATE] [--unanswered] [--referred]";
	cpol_request_query q = CPOL_REQUEST_QUERY_INIT;
	cpol_request_iter *it = NULL;
	const cpol_request *r;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ];
	size_t count = 0;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv, L_OFFICER | L_PERIOD | L_UNANSWERED | L_REFERRED)) != 0)
		return rc == 2 ? list_usage("requests", opts) : rc;
	q.office_id = a.office;
	q.officer_id = a.officer;
	q.from = a.from;
	q.to = a.to;
	q.unanswered = a.unanswered;
	q.in_scope = a.referred ? 0 : -1;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_request_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("resident requests of office %lld\n", (long long)a.office);
	while ((rc = cpol_request_iter_next(&r, it)) == 0) {
		count++;
		if (a.json) {
			cli_json_record(&j);
			cli_json_fields(&j, CPOL_RECORD_REQUEST, r);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s  %s: %s", cpol_date_format(d1, r->received_on), r->requester, r->content);
		if (!r->in_scope)
			printf("  referred to %s", r->referred_to ? r->referred_to : "?");
		if (r->feedback_on != CPOL_DATE_NONE)
			printf("  feedback %s", cpol_date_format(d1, r->feedback_on));
		else
			printf("  NO FEEDBACK");
		print_officer(r->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "request", "requests");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("requests");
	cpol_request_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

int cmd_disputes(int argc, char **argv)
{
	static const char *const states[] = { "open", "mediated", "failed", "referred" };
	static const char opts[] =
		"[--officer ID] [--status open|mediated|failed|referred] [--from DATE] [--to DATE]";
	cpol_dispute_query q = CPOL_DISPUTE_QUERY_INIT;
	cpol_dispute_iter *it = NULL;
	const cpol_dispute *d;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ];
	size_t count = 0, k;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv, L_OFFICER | L_STATE | L_PERIOD)) != 0)
		return rc == 2 ? list_usage("disputes", opts) : rc;
	if (a.kind) {
		for (k = 0; k < 4 && strcmp(a.kind, states[k]); k++)
			;
		if (k == 4) {
			fprintf(stderr, "commpolice: --status: '%s' is not open, mediated, failed or referred\n",
			        a.kind);
			return 1;
		}
		q.status = (cpol_dispute_status)(k + 1);
	}
	q.office_id = a.office;
	q.officer_id = a.officer;
	q.from = a.from;
	q.to = a.to;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_dispute_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("disputes of office %lld\n", (long long)a.office);
	while ((rc = cpol_dispute_iter_next(&d, it)) == 0) {
		count++;
		if (a.json) {
			cli_json_record(&j);
			cli_json_fields(&j, CPOL_RECORD_DISPUTE, d);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s  %s: %s  %s", cpol_date_format(d1, d->received_on), d->parties, d->summary,
		       cpol_dispute_status_name(d->status));
		if (d->resolved_on != CPOL_DATE_NONE)
			printf(" %s", cpol_date_format(d1, d->resolved_on));
		if (d->outcome)
			printf(" (%s)", d->outcome);
		print_officer(d->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "dispute", "disputes");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("disputes");
	cpol_dispute_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

int cmd_records(int argc, char **argv)
{
	static const char opts[] =
		"[--officer ID] [--obligation ID] [--incident ID] [--from DATE] [--to DATE]";
	cpol_duty_record_query q = CPOL_DUTY_RECORD_QUERY_INIT;
	cpol_duty_record_iter *it = NULL;
	const cpol_duty_record *r;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ];
	size_t count = 0;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv, L_OFFICER | L_OBLIGATION | L_INCIDENT | L_PERIOD)) != 0)
		return rc == 2 ? list_usage("records", opts) : rc;
	q.office_id = a.office;
	q.officer_id = a.officer;
	q.obligation = a.obligation;
	q.incident_id = a.incident;
	q.from = a.from;
	q.to = a.to;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_duty_record_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("meetings, notices and reports of office %lld\n", (long long)a.office);
	while ((rc = cpol_duty_record_iter_next(&r, it)) == 0) {
		count++;
		if (a.json) {
			cli_json_record(&j);
			cli_json_fields(&j, CPOL_RECORD_DUTY_RECORD, r);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s  %-20s  %s", cpol_date_format(d1, r->held_on), r->obligation, r->title);
		if (r->incident_id)
			printf("  (incident %lld)", (long long)r->incident_id);
		print_officer(r->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "record", "records");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("records");
	cpol_duty_record_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

static void print_minute(int m)
{
	printf("%02d:%02d", m / 60, m % 60);
}

int cmd_patrols(int argc, char **argv)
{
	static const char opts[] = "[--officer ID] [--kind night|day] [--from DATE] [--to DATE]";
	cpol_patrol_query q = CPOL_PATROL_QUERY_INIT;
	cpol_patrol_iter *it = NULL;
	const cpol_patrol *p;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ];
	size_t count = 0, k;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv, L_OFFICER | L_KIND | L_PERIOD)) != 0)
		return rc == 2 ? list_usage("patrols", opts) : rc;
	if (a.kind) {
		if (strcmp(a.kind, "night") && strcmp(a.kind, "day")) {
			fprintf(stderr, "commpolice: --kind: '%s' is not night or day\n", a.kind);
			return 1;
		}
		q.night = !strcmp(a.kind, "night");
	}
	q.office_id = a.office;
	q.officer_id = a.officer;
	q.from = a.from;
	q.to = a.to;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_patrol_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("patrols of office %lld\n", (long long)a.office);
	while ((rc = cpol_patrol_iter_next(&p, it)) == 0) {
		count++;
		if (a.json) {
			char start[16], end[16], *ids = NULL;
			size_t len = 3;
			snprintf(start, sizeof(start), "%02d:%02d", p->start_minute / 60, p->start_minute % 60);
			snprintf(end, sizeof(end), "%02d:%02d", p->end_minute / 60, p->end_minute % 60);
			cli_json_record(&j);
			cli_json_id(&j, "id", p->id);
			cli_json_id(&j, "office_id", p->office_id);
			cli_json_id(&j, "officer_id", p->officer_id);
			cli_json_date(&j, "on", p->on);
			cli_json_str(&j, "start", start);
			cli_json_str(&j, "end", end);
			cli_json_bool(&j, "night", p->night);
			cli_json_str(&j, "area", p->area);
			len += p->auxiliary_count * 21;
			if ((ids = malloc(len))) {
				size_t n = 0;
				n += (size_t)snprintf(ids + n, len - n, "[");
				for (k = 0; k < p->auxiliary_count; k++)
					n += (size_t)snprintf(ids + n, len - n, "%s%lld", k ? "," : "",
					                      (long long)p->auxiliaries[k]);
				snprintf(ids + n, len - n, "]");
				cli_json_raw(&j, "auxiliaries", ids);
				free(ids);
			}
			cli_json_int(&j, "volunteers", p->volunteers);
			cli_json_str(&j, "note", p->note);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s  ", cpol_date_format(d1, p->on));
		print_minute(p->start_minute);
		printf("-");
		print_minute(p->end_minute);
		printf("%s  %-5s  %s", p->end_minute < p->start_minute ? "+1" : "  ",
		       p->night ? "night" : "day", p->area);
		if (p->auxiliary_count) {
			printf("  auxiliaries");
			for (k = 0; k < p->auxiliary_count; k++)
				printf("%s%lld", k ? "," : " ", (long long)p->auxiliaries[k]);
		}
		if (p->volunteers)
			printf("  volunteers %d", p->volunteers);
		print_officer(p->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "patrol", "patrols");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("patrols");
	cpol_patrol_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

int cmd_publicity(int argc, char **argv)
{
	static const char opts[] =
		"[--officer ID] [--kind fire|theft|poison|sabotage|traffic|disaster]\n"
		"                           [--from DATE] [--to DATE]";
	cpol_publicity_query q = CPOL_PUBLICITY_QUERY_INIT;
	cpol_publicity_iter *it = NULL;
	const cpol_publicity *p;
	cpol_db *db = NULL;
	list_args a;
	cli_json j;
	char d1[CPOL_DATE_BUFSZ];
	size_t count = 0;
	int rc;

	if ((rc = parse_list_args(&a, argc, argv, L_OFFICER | L_KIND | L_PERIOD)) != 0)
		return rc == 2 ? list_usage("publicity", opts) : rc;
	if (a.kind && cpol_prevention_topic_parse(&q.topic, a.kind) < 0)
		return cli_fail("--kind");
	q.office_id = a.office;
	q.officer_id = a.officer;
	q.from = a.from;
	q.to = a.to;
	if (cli_open_db(&db, a.db_path, 0) < 0)
		return cli_fail(a.db_path);
	if ((rc = cpol_publicity_iter_new(&it, db, &q)) < 0)
		goto done;
	if (a.json)
		cli_json_open(&j);
	else
		printf("publicity events (六防宣传) of office %lld\n", (long long)a.office);
	while ((rc = cpol_publicity_iter_next(&p, it)) == 0) {
		count++;
		if (a.json) {
			cli_json_record(&j);
			cli_json_id(&j, "id", p->id);
			cli_json_id(&j, "office_id", p->office_id);
			cli_json_id(&j, "officer_id", p->officer_id);
			cli_json_date(&j, "on", p->on);
			cli_json_str(&j, "topic", cpol_prevention_topic_name(p->topic));
			cli_json_str(&j, "place", p->place);
			cli_json_int(&j, "audience", p->audience);
			cli_json_str(&j, "summary", p->summary);
			cli_json_record_end(&j);
			continue;
		}
		printf("%s  %-8s  %s  audience %d", cpol_date_format(d1, p->on),
		       cpol_prevention_topic_name(p->topic), p->place, p->audience);
		if (p->summary)
			printf("  %s", p->summary);
		print_officer(p->officer_id);
		printf("\n");
	}
	end_listing(&a, &j, count, "publicity event", "publicity events");
done:
	if (rc != CPOL_ITEROVER)
		cli_fail("publicity");
	cpol_publicity_iter_free(it);
	cpol_db_close(db);
	return rc == CPOL_ITEROVER ? 0 : 1;
}

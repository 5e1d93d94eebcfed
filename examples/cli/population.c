/*
 * commpolice — population subcommands: import, person,
 * stats, idcheck.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <unistd.h>

static int parse_day(cpol_date *out, const char *text)
{
	if (!text) {
		*out = cpol_date_from_epoch((int64_t)time(NULL), 480);
		return 0;
	}
	return cpol_date_parse(out, text);
}

/* A progress line on a terminal: rewritten in place. */
static int show_progress(const cpol_import_progress *p, void *payload)
{
	double pct = p->bytes_total > 0 ? 100.0 * (double)p->bytes_read / (double)p->bytes_total : 0.0;
	fprintf(stderr, "\r%5.1f%%  %lld records  %lld ok  %lld bad", pct > 100 ? 100.0 : pct,
	        (long long)p->records, (long long)p->ok, (long long)p->bad);
	fflush(stderr);
	return 0;
}

/* One note on a row, as FILE:LINE:COLUMN: [level: ]field: reason. */
static void print_problem(const char *path, const cpol_import_problem *pr)
{
	static const char *const levels[] = { "", "warning: ", "updated: " };
	printf("  %s:%d:%d: %s%s%s%s\n", path, pr->line, pr->column, levels[pr->level], pr->field ? pr->field : "",
	       pr->field ? ": " : "", pr->reason);
}

/* A dry run's notes are told, not stored: each is printed as it is found. */
static int print_told(const cpol_import_problem *pr, void *payload)
{
	print_problem(payload, pr);
	return 0;
}

/* Does a file exist? (so that a failed import into a new path leaves none behind) */
static int file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void remove_database(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

int cmd_import(int argc, char **argv)
{
	cpol_import_options o;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_import_problem_iter *it;
	const cpol_import_problem *pr;
	cpol_db *db = NULL;
	const char *kind, *path;
	int i, shown = 0, rc, tty = isatty(2), db_existed;

	if (argc < 4) {
		fprintf(stderr, "usage: commpolice import DB addresses|houses|persons FILE.csv\n"
		                "         [--office ID] [--community ID] [--encoding auto|utf-8|gb18030] [--batch N]\n"
		                "         [--from YYYY-MM-DD] [--no-resume] [--update] [--check]\n"
		                "--update corrects known persons' name, phone and 户籍地址 from the file (each change\n"
		                "printed with its value before and after, and audited); without it a row that gives a\n"
		                "known ID number another name is rejected. --check reads and checks the whole file\n"
		                "against the database and prints every problem, writing nothing.\n"
		                "exit status: 0 every record imported (or would be, with --check); 3 the file was read\n"
		                "to its end but some records were rejected (listed as FILE:LINE:COLUMN: field: reason);\n"
		                "1 the import failed (rerun to resume after the last batch); 2 usage\n");
		return 2;
	}
	cpol_import_options_init(&o, CPOL_IMPORT_OPTIONS_VERSION);
	kind = argv[2];
	path = argv[3];
	if (!strcmp(kind, "addresses"))
		o.kind = CPOL_IMPORT_ADDRESSES;
	else if (!strcmp(kind, "houses"))
		o.kind = CPOL_IMPORT_HOUSES;
	else if (!strcmp(kind, "persons"))
		o.kind = CPOL_IMPORT_PERSONS;
	else {
		fprintf(stderr, "commpolice: import: unknown kind '%s' (addresses, houses, persons)\n", kind);
		return 2;
	}
	for (i = 4; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--no-resume")) {
			o.resume = 0;
			continue;
		}
		if (!strcmp(a, "--update")) {
			o.update = 1;
			continue;
		}
		if (!strcmp(a, "--check")) {
			o.check_only = 1;
			continue;
		}
		if (!v) {
			fprintf(stderr, "commpolice: import: %s needs a value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--office")) {
			if (cli_parse_id(&o.office_id, v, a) < 0)
				return 2;
		} else if (!strcmp(a, "--community")) {
			if (cli_parse_id(&o.community_id, v, a) < 0)
				return 2;
		} else if (!strcmp(a, "--batch")) {
			if (cli_parse_int(&o.batch_rows, v, a, 1, 1000000) < 0)
				return 2;
		} else if (!strcmp(a, "--encoding")) {
			if (cpol_encoding_parse(&o.encoding, v) < 0)
				return cli_fail("--encoding");
		}
		else if (!strcmp(a, "--from")) {
			if (cpol_date_parse(&o.residence_from, v) < 0)
				return cli_fail("--from");
		} else {
			fprintf(stderr, "commpolice: import: unknown option %s\n", a);
			return 2;
		}
	}
	/* Nothing is created by a command that cannot work: the file is looked at before the database. */
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "commpolice: %s: cannot read: %s\n", path, strerror(errno));
		return 1;
	}
	if (tty)
		o.progress = show_progress;
	if (o.check_only) {
		o.problem = print_told;
		o.problem_payload = (void *)path;
	}
	db_existed = file_exists(argv[1]);
	if (cli_open_db(&db, argv[1], !o.check_only) < 0)
		return cli_fail(argv[1]);
	rc = cpol_import_run(&rep, db, path, &o);
	if (tty)
		fputc('\n', stderr);
	if (rc < 0) {
		cli_fail("import");
		cpol_db_close(db);
		if (!db_existed && rep.run_id == 0)
			remove_database(argv[1]); /* this command made it, and nothing was stored in it */
		return 1;
	}
	printf("%s: %s, %lld records: %lld %s, %lld rejected%s\n", path,
	       rep.encoding == CPOL_ENCODING_UTF8 ? "UTF-8" : "GB18030", (long long)rep.records, (long long)rep.ok,
	       o.check_only ? "would be imported" : "imported", (long long)rep.bad, rep.resumed ? " (resumed)" : "");
	printf("  new: %lld addresses, %lld houses, %lld persons; %lld moved\n", (long long)rep.addresses_created,
	       (long long)rep.houses_created, (long long)rep.persons_created, (long long)rep.moves);
	if (rep.warnings || rep.updated)
		printf("  %lld warnings, %lld persons corrected\n", (long long)rep.warnings, (long long)rep.updated);
	printf("  encoding: %s\n", rep.encoding_note);
	if (o.check_only)
		printf("  checked only: nothing was written\n");
	if (!o.check_only && (rep.bad || rep.warnings || rep.updated) && cpol_import_problem_iter_new(&it, db, rep.run_id) == 0) {
		int64_t notes = rep.bad + rep.warnings + rep.updated;
		while (cpol_import_problem_iter_next(&pr, it) == 0) {
			if (shown++ == 50) {
				printf("  ... and %lld more (run %lld)\n", (long long)notes - 50, (long long)rep.run_id);
				break;
			}
			print_problem(path, pr);
		}
		cpol_import_problem_iter_free(it);
	}
	cpol_db_close(db);
	return rep.bad ? 3 : 0; /* the good rows are kept: 3 tells a script that some were not */
}

static void print_person(cpol_db *db, const cpol_person *p)
{
	char b1[CPOL_DATE_BUFSZ], b2[CPOL_DATE_BUFSZ];
	cpol_house *h = NULL;

	printf("%lld  %s  %s  %s  %s  office %lld since %s\n", (long long)p->id, p->id_number, p->name,
	       p->sex == CPOL_SEX_MALE ? "男" : p->sex == CPOL_SEX_FEMALE ? "女" : "-",
	       p->birth_date == CPOL_DATE_NONE ? "-" : cpol_date_format(b1, p->birth_date), (long long)p->office_id,
	       p->office_since == CPOL_DATE_NONE ? "-" : cpol_date_format(b2, p->office_since));
	if (p->house_id && cpol_house_get(&h, db, p->house_id) == 0) {
		printf("    lives at %s (%s%s)\n", h->address, p->residence_type, p->separated ? ", 人户分离" : "");
		cpol_house_free(h);
	}
}

int cmd_person(int argc, char **argv)
{
	cpol_person_query q;
	cpol_person_iter *it;
	const cpol_person *p;
	cpol_db *db = NULL;
	cli_json j;
	int n = 0, json = cli_take_flag(&argc, argv, "--json");

	if (argc != 3) {
		fprintf(stderr, "usage: commpolice person DB ID_NUMBER|NAME|姓* [--json]\n");
		return 2;
	}
	if (cli_open_db(&db, argv[1], 0) < 0)
		return cli_fail(argv[1]);
	cpol_person_query_init(&q, CPOL_PERSON_QUERY_VERSION);
	q.limit = 100;
	if (strspn(argv[2], "0123456789Xx") == strlen(argv[2]) && strlen(argv[2]) >= 15)
		q.id_number = argv[2];
	else {
		size_t len = strlen(argv[2]);
		q.name = argv[2];
		if (len && argv[2][len - 1] == '*') {
			argv[2][len - 1] = '\0';
			q.name_prefix = 1;
		}
	}
	if (cpol_person_iter_new(&it, db, &q) < 0) {
		cpol_db_close(db);
		return cli_fail("person");
	}
	if (json)
		cli_json_open(&j);
	while (cpol_person_iter_next(&p, it) == 0) {
		if (json) {
			cli_json_record(&j);
			cli_json_fields(&j, CPOL_RECORD_PERSON, p);
			cli_json_record_end(&j);
		} else {
			print_person(db, p);
		}
		n++;
	}
	if (json)
		cli_json_close(&j);
	cpol_person_iter_free(it);
	cpol_db_close(db);
	if (!n) {
		fprintf(stderr, "commpolice: person: nobody found\n");
		return 1;
	}
	return 0;
}

/* The words of cpol_unmanaged_kind in JSON (the header has no _name function yet). */
static const char *const unmanaged_kind_names[] = { NULL, "let_no_tenant", "no_residence", "no_office" };

static void json_district(cli_json *j, const cpol_district_stats *s)
{
	size_t i;
	cli_json_record(j);
	cli_json_str(j, "record", "district");
	cli_json_id(j, "district_id", s->district_id);
	cli_json_id(j, "office_id", s->office_id);
	cli_json_str(j, "name", s->name);
	cli_json_int(j, "residents", s->residents);
	cli_json_int(j, "permanent", s->permanent);
	cli_json_int(j, "temporary", s->temporary);
	cli_json_int(j, "foreign", s->foreign);
	cli_json_int(j, "separated", s->separated);
	cli_json_int(j, "key_persons", s->key_persons);
	cli_json_int(j, "supervised", s->supervised);
	cli_json_int(j, "correction", s->correction);
	cli_json_int(j, "help_education", s->help_education);
	cli_json_int(j, "care", s->care);
	cli_json_int(j, "households", s->households);
	cli_json_int(j, "houses", s->houses);
	cli_json_int(j, "rented", s->rented);
	cli_json_int(j, "officers", s->officers);
	cli_json_int(j, "officers_needed", s->officers_needed);
	cli_json_bool(j, "over", s->over);
	cli_json_str(j, "rule", s->rule ? s->rule->key : NULL);
	printf(",\"by_type\":{");
	for (i = 0; i < s->by_type_count; i++) {
		printf("%s", i ? "," : "");
		cli_json_string(s->by_type[i].code);
		printf(":%lld", (long long)s->by_type[i].count);
	}
	printf("}");
	cli_json_int(j, "other_type", s->other_type);
	cli_json_record_end(j);
}

int cmd_stats(int argc, char **argv)
{
	cpol_stats_iter *it;
	const cpol_district_stats *s;
	cpol_unmanaged_iter *ui;
	const cpol_unmanaged *u;
	cpol_db *db = NULL;
	cpol_date on;
	cpol_id office = 0;
	cli_json j;
	int json = cli_take_flag(&argc, argv, "--json");

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: commpolice stats DB [OFFICE_ID] [DATE] [--json]\n");
		return 2;
	}
	if (argc >= 3 && cli_parse_id(&office, argv[2], "OFFICE_ID") < 0)
		return 2;
	if (parse_day(&on, argc == 4 ? argv[3] : NULL) < 0)
		return cli_fail("date");
	if (cli_open_db(&db, argv[1], 0) < 0)
		return cli_fail(argv[1]);
	if (cpol_stats_iter_new(&it, db, NULL, office, on) < 0) {
		cpol_db_close(db);
		return cli_fail("stats");
	}
	if (json) {
		cli_json_open(&j);
		while (cpol_stats_iter_next(&s, it) == 0)
			json_district(&j, s);
		cpol_stats_iter_free(it);
		if (cpol_unmanaged_iter_new(&ui, db, office, on) == 0) {
			while (cpol_unmanaged_iter_next(&u, ui) == 0) {
				cli_json_record(&j);
				cli_json_str(&j, "record", "unmanaged");
				cli_json_str(&j, "kind", unmanaged_kind_names[u->kind < 4 ? u->kind : 0]);
				cli_json_id(&j, "person_id", u->person_id);
				cli_json_id(&j, "house_id", u->house_id);
				cli_json_str(&j, "what", u->what);
				cli_json_record_end(&j);
			}
			cpol_unmanaged_iter_free(ui);
		}
		cli_json_close(&j);
		cpol_db_close(db);
		return 0;
	}
	{
		/* Headers are Chinese: pad by terminal cells, not bytes. */
		static const char *const heads[] = { "实有人口", "常住", "暂住流动", "境外", "重点",
		                                     "户", "出租", "民警/需", "超标" };
		static const int widths[] = { 9, 9, 9, 7, 7, 7, 7, 9, 7 };
		size_t h;
		cli_print_padded("district", 17);
		for (h = 0; h < sizeof(heads) / sizeof(heads[0]); h++)
			cli_print_padded(heads[h], widths[h]);
		putchar('\n');
	}
	while (cpol_stats_iter_next(&s, it) == 0) {
		cli_print_padded(s->name, 17);
		printf("%-8lld %-8lld %-8lld %-6lld %-6lld %-6lld %-6lld %4lld/%-3lld %-6s",
		       (long long)s->residents, (long long)s->permanent, (long long)s->temporary, (long long)s->foreign,
		       (long long)s->key_persons, (long long)s->households, (long long)s->rented,
		       (long long)s->officers, (long long)s->officers_needed, s->over ? "OVER" : "");
		if (s->over && s->rule)
			printf("  [%s, %s:%d]", s->rule->key, s->rule->file, s->rule->line);
		putchar('\n');
		/* Residents by the residence types of the region's rules, in their order. */
		if (s->by_type_count || s->other_type) {
			size_t i;
			fputs("  人口类型:", stdout);
			for (i = 0; i < s->by_type_count; i++)
				printf("%s %s %lld", i ? "," : "", s->by_type[i].name ? s->by_type[i].name : s->by_type[i].code,
				       (long long)s->by_type[i].count);
			if (s->other_type)
				printf("%s 其他 %lld", s->by_type_count ? "," : "", (long long)s->other_type);
			putchar('\n');
		}
	}
	cpol_stats_iter_free(it);
	if (cpol_unmanaged_iter_new(&ui, db, office, on) == 0) {
		while (cpol_unmanaged_iter_next(&u, ui) == 0)
			printf("漏管: %s\n", u->what);
		cpol_unmanaged_iter_free(ui);
	}
	cpol_db_close(db);
	return 0;
}

int cmd_idcheck(int argc, char **argv)
{
	cpol_idnum n;
	char b[CPOL_DATE_BUFSZ];
	int i, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: commpolice idcheck ID_NUMBER...\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (cpol_idnum_parse(&n, argv[i], CPOL_IDNUM_DEFAULT, cpol_date_from_epoch((int64_t)time(NULL), 480)) < 0) {
			printf("%s: invalid: %s\n", argv[i], cpol_error_last()->message);
			bad = 1;
			continue;
		}
		printf("%s: valid %s, region %s%s, born %s, %s%s\n", argv[i], n.number, n.region,
		       cpol_idnum_region_known(n.region) ? "" : " (in no edition of GB/T 2260: check the number)",
		       cpol_date_format(b, n.birth_date), n.sex == CPOL_SEX_MALE ? "male" : "female",
		       n.upgraded ? " (upgraded from 15 digits)" : "");
	}
	return bad;
}

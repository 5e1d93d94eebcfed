/*
 * commpolice — org subcommands: build and list the organisation (regions,
 * stations, offices, districts, communities, coverage, staff), so that a
 * fresh database can take `commpolice import`.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char ORG_USAGE[] =
	"usage: commpolice org COMMAND DB ...\n"
	"  add-region    DB CODE [NAME]\n"
	"  add-station   DB REGION NAME [--code CODE]\n"
	"  add-office    DB STATION NAME [--code CODE] [--class CLASS] [--model MODEL] [--area M2]\n"
	"  add-district  DB OFFICE NAME [--code CODE]\n"
	"  add-community DB STATION NAME [--village] [--prefix 省市区街道] [--code CODE]\n"
	"  cover         DB DISTRICT COMMUNITY FROM\n"
	"  add-staff     DB OFFICE NAME officer|auxiliary FROM [--badge BADGE] [--district DISTRICT]\n"
	"                [--dedicated] [--phone PHONE]\n"
	"  assign        DB STAFF OFFICE FROM [--district DISTRICT] [--dedicated] [--reason TEXT]\n"
	"  list          DB [--on DATE] [--json]\n"
	"A record is named by its id (digits) or its code (a badge for staff); 'code:' before\n"
	"a code made of digits. The add commands print the new id. Dates are YYYY-MM-DD.\n"
	"Office classes and staffing models are codes of the region's rules (commpolice rules\n"
	"show REGION): others are refused, naming the valid ones.\n";

static int usage(void)
{
	fputs(ORG_USAGE, stderr);
	return 2;
}

/* Options after the positional arguments: --name VALUE, or a flag. */
typedef struct opts {
	const char *code, *klass, *model, *area, *prefix, *badge, *district, *phone, *reason, *on;
	int village, dedicated, json;
} opts;

/* Parse argv[first..] as options; 0, or 2 (usage) after a message. */
static int parse_opts(opts *o, int argc, char **argv, int first, const char *allowed)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = first; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;
		char key[32];

		snprintf(key, sizeof(key), " %s ", a);
		if (strncmp(a, "--", 2) != 0 || !strstr(allowed, key)) {
			fprintf(stderr, "commpolice: org %s: unexpected argument '%s'\n", argv[0], a);
			return 2;
		}
		if (!strcmp(a, "--village")) {
			o->village = 1;
			continue;
		}
		if (!strcmp(a, "--dedicated")) {
			o->dedicated = 1;
			continue;
		}
		if (!strcmp(a, "--json")) {
			o->json = 1;
			continue;
		}
		if (!strcmp(a, "--code"))
			slot = &o->code;
		else if (!strcmp(a, "--class"))
			slot = &o->klass;
		else if (!strcmp(a, "--model"))
			slot = &o->model;
		else if (!strcmp(a, "--area"))
			slot = &o->area;
		else if (!strcmp(a, "--prefix"))
			slot = &o->prefix;
		else if (!strcmp(a, "--badge"))
			slot = &o->badge;
		else if (!strcmp(a, "--district"))
			slot = &o->district;
		else if (!strcmp(a, "--phone"))
			slot = &o->phone;
		else if (!strcmp(a, "--reason"))
			slot = &o->reason;
		else if (!strcmp(a, "--on"))
			slot = &o->on;
		if (!slot || !v) {
			fprintf(stderr, "commpolice: org %s: %s needs a value\n", argv[0], a);
			return 2;
		}
		*slot = v;
		i++;
	}
	return 0;
}

static const char *const level_words[] = { NULL, "region", "station", "office", "district", "community", "staff" };

/* A record by id (all digits) or by code ('code:' forces a code); prints the error and returns <0. */
static int resolve(cpol_id *out, cpol_db *db, cpol_org_level level, const char *ref)
{
	char what[64];
	int rc;

	if (ref && *ref && strspn(ref, "0123456789") == strlen(ref)) {
		if (cli_parse_id(out, ref, level_words[level]) < 0)
			return -1;
		if (level == CPOL_ORG_STAFF) {
			cpol_staff *s = NULL;
			rc = cpol_staff_get(&s, db, *out);
			cpol_staff_free(s);
		} else {
			cpol_org_unit *u = NULL;
			rc = cpol_org_unit_get(&u, db, level, *out);
			if (rc == 0 && u->archived_at) {
				cpol_org_unit_free(u);
				fprintf(stderr, "commpolice: %s %s is archived\n", level_words[level], ref);
				return CPOL_ENOTFOUND;
			}
			cpol_org_unit_free(u);
		}
	} else {
		if (ref && strncmp(ref, "code:", 5) == 0)
			ref += 5;
		rc = cpol_org_find(out, db, level, ref);
	}
	if (rc < 0) {
		snprintf(what, sizeof(what), "%s '%s'", level_words[level], ref ? ref : "");
		cli_fail(what);
	}
	return rc;
}

static int parse_date_arg(cpol_date *out, const char *text, const char *what)
{
	if (cpol_date_parse(out, text) < 0) {
		cli_fail(what);
		return -1;
	}
	return 0;
}

/* Print a new id; the exit status. */
static int added(int rc, cpol_id id, const char *what)
{
	if (rc < 0)
		return cli_fail(what);
	printf("%lld\n", (long long)id);
	return 0;
}

static int org_add_region(cpol_db *db, int argc, char **argv)
{
	cpol_id id = 0;
	int rc;
	if (argc < 3 || argc > 4)
		return usage();
	rc = cpol_region_add(&id, db, argv[2], argc == 4 ? argv[3] : NULL);
	return added(rc, id, "add-region");
}

static int org_add_station(cpol_db *db, int argc, char **argv)
{
	cpol_id region, id = 0;
	opts o;
	int rc;
	if (argc < 4)
		return usage();
	if ((rc = parse_opts(&o, argc, argv, 4, " --code ")) != 0)
		return rc;
	if (resolve(&region, db, CPOL_ORG_REGION, argv[2]) < 0)
		return 1;
	rc = cpol_station_add(&id, db, region, argv[3], o.code);
	return added(rc, id, "add-station");
}

static int org_add_office(cpol_db *db, int argc, char **argv)
{
	cpol_office_new on = CPOL_OFFICE_NEW_INIT;
	cpol_id id = 0;
	opts o;
	int rc;
	if (argc < 4)
		return usage();
	if ((rc = parse_opts(&o, argc, argv, 4, " --code --class --model --area ")) != 0)
		return rc;
	if (resolve(&on.station_id, db, CPOL_ORG_STATION, argv[2]) < 0)
		return 1;
	on.name = argv[3];
	on.code = o.code;
	on.office_class = o.klass;
	on.model = o.model;
	if (o.area) {
		char *end;
		on.area_m2 = strtod(o.area, &end);
		if (*end || end == o.area) {
			fprintf(stderr, "commpolice: org add-office: --area '%s' is not a number of square metres\n", o.area);
			return 2;
		}
	}
	rc = cpol_office_add(&id, db, &on);
	return added(rc, id, "add-office");
}

static int org_add_district(cpol_db *db, int argc, char **argv)
{
	cpol_id office, id = 0;
	opts o;
	int rc;
	if (argc < 4)
		return usage();
	if ((rc = parse_opts(&o, argc, argv, 4, " --code ")) != 0)
		return rc;
	if (resolve(&office, db, CPOL_ORG_OFFICE, argv[2]) < 0)
		return 1;
	rc = cpol_district_add(&id, db, office, argv[3], o.code);
	return added(rc, id, "add-district");
}

static int org_add_community(cpol_db *db, int argc, char **argv)
{
	cpol_id station, id = 0;
	opts o;
	int rc;
	if (argc < 4)
		return usage();
	if ((rc = parse_opts(&o, argc, argv, 4, " --village --prefix --code ")) != 0)
		return rc;
	if (resolve(&station, db, CPOL_ORG_STATION, argv[2]) < 0)
		return 1;
	rc = cpol_community_add(&id, db, station, o.village ? CPOL_COMMUNITY_VILLAGE : CPOL_COMMUNITY_URBAN,
	                                argv[3], o.prefix, o.code);
	return added(rc, id, "add-community");
}

static int org_cover(cpol_db *db, int argc, char **argv)
{
	cpol_id district, community, id = 0;
	cpol_date from;
	int rc;
	if (argc != 5)
		return usage();
	if (resolve(&district, db, CPOL_ORG_DISTRICT, argv[2]) < 0 ||
	    resolve(&community, db, CPOL_ORG_COMMUNITY, argv[3]) < 0 || parse_date_arg(&from, argv[4], "FROM") < 0)
		return 1;
	rc = cpol_district_cover(&id, db, district, community, from);
	return added(rc, id, "cover");
}

static int org_add_staff(cpol_db *db, int argc, char **argv)
{
	cpol_staff_new s = CPOL_STAFF_NEW_INIT;
	cpol_id id = 0;
	opts o;
	int rc;
	if (argc < 6)
		return usage();
	if ((rc = parse_opts(&o, argc, argv, 6, " --badge --district --dedicated --phone ")) != 0)
		return rc;
	if (!strcmp(argv[4], "officer") || !strcmp(argv[4], "民警"))
		s.kind = CPOL_STAFF_OFFICER;
	else if (!strcmp(argv[4], "auxiliary") || !strcmp(argv[4], "协勤"))
		s.kind = CPOL_STAFF_AUXILIARY;
	else {
		fprintf(stderr, "commpolice: org add-staff: kind '%s' is neither officer nor auxiliary\n", argv[4]);
		return 2;
	}
	if (resolve(&s.office_id, db, CPOL_ORG_OFFICE, argv[2]) < 0 ||
	    (o.district && resolve(&s.district_id, db, CPOL_ORG_DISTRICT, o.district) < 0) ||
	    parse_date_arg(&s.active_from, argv[5], "FROM") < 0)
		return 1;
	s.name = argv[3];
	s.badge = o.badge;
	s.phone = o.phone;
	s.dedicated_community = o.dedicated;
	rc = cpol_staff_add(&id, db, &s);
	return added(rc, id, "add-staff");
}

static int org_assign(cpol_db *db, int argc, char **argv)
{
	cpol_id staff, office, district = 0, id = 0;
	cpol_date from;
	opts o;
	int rc;
	if (argc < 5)
		return usage();
	if ((rc = parse_opts(&o, argc, argv, 5, " --district --dedicated --reason ")) != 0)
		return rc;
	if (resolve(&staff, db, CPOL_ORG_STAFF, argv[2]) < 0 || resolve(&office, db, CPOL_ORG_OFFICE, argv[3]) < 0 ||
	    (o.district && resolve(&district, db, CPOL_ORG_DISTRICT, o.district) < 0) ||
	    parse_date_arg(&from, argv[4], "FROM") < 0)
		return 1;
	rc = cpol_staff_assign(&id, db, staff, office, district, o.dedicated, from, o.reason);
	return added(rc, id, "assign");
}

/* " [CODE]" or "". */
static const char *code_of(char *buf, size_t n, const cpol_org_unit *u)
{
	if (!u->code)
		return "";
	snprintf(buf, n, " [%s]", u->code);
	return buf;
}

/* One record of `org list --json`: its level, id, parent and fields. */
static void json_unit(cli_json *j, const char *level, const cpol_org_unit *u)
{
	cli_json_record(j);
	cli_json_str(j, "level", level);
	cli_json_id(j, "id", u->id);
	cli_json_id(j, "parent_id", u->parent_id);
	cli_json_str(j, "code", u->code);
	cli_json_str(j, "name", u->name);
}

static int list_staff(cpol_db *db, cpol_id office, cpol_date on, cli_json *j)
{
	cpol_staff_iter *it;
	const cpol_staff *s;
	char b[CPOL_DATE_BUFSZ];
	int rc;

	if ((rc = cpol_staff_office_iter_new(&it, db, office, on)) < 0)
		return rc;
	while ((rc = cpol_staff_iter_next(&s, it)) == 0) {
		if (j) {
			cli_json_record(j);
			cli_json_str(j, "level", "staff");
			cli_json_id(j, "id", s->id);
			cli_json_id(j, "parent_id", s->office_id);
			cli_json_id(j, "assignment_id", s->assignment_id);
			cli_json_id(j, "district_id", s->district_id);
			cli_json_str(j, "name", s->name);
			cli_json_str(j, "kind", s->kind == CPOL_STAFF_OFFICER ? "officer" : "auxiliary");
			cli_json_str(j, "badge", s->badge);
			cli_json_bool(j, "dedicated_community", s->dedicated_community);
			cli_json_str(j, "phone", s->phone);
			cli_json_date(j, "active_from", s->active_from);
			cli_json_date(j, "active_to", s->active_to);
			cli_json_record_end(j);
			continue;
		}
		printf("      staff %lld %s %s", (long long)s->id, s->name,
		       s->kind == CPOL_STAFF_OFFICER ? "民警" : "协勤");
		if (s->badge)
			printf(" 警号 %s", s->badge);
		if (s->district_id)
			printf(", district %lld", (long long)s->district_id);
		if (s->dedicated_community)
			printf(", 专职");
		printf(", since %s\n", cpol_date_format(b, s->active_from));
	}
	cpol_staff_iter_free(it);
	return rc == CPOL_ITEROVER ? 0 : rc;
}

/* The tree under the regions, one record a line, staff and coverage as on `on`. */
static int org_list(cpol_db *db, int argc, char **argv)
{
	cpol_org_iter *ri = NULL, *si = NULL, *oi = NULL, *di = NULL, *ci = NULL;
	const cpol_org_unit *r, *s, *o, *d, *c;
	cpol_date on;
	char cb[96], b[CPOL_DATE_BUFSZ];
	cli_json json, *j = NULL;
	opts op;
	int rc;

	if (argc < 2)
		return usage();
	if ((rc = parse_opts(&op, argc, argv, 2, " --on --json ")) != 0)
		return rc;
	if (op.on) {
		if (parse_date_arg(&on, op.on, "--on") < 0)
			return 1;
	} else {
		on = cpol_date_from_epoch((int64_t)time(NULL), 480);
	}
	if (op.json)
		cli_json_open(j = &json);
	else
		printf("organisation on %s\n", cpol_date_format(b, on));
	if ((rc = cpol_org_iter_new(&ri, db, CPOL_ORG_REGION, 0)) < 0)
		goto done;
	while ((rc = cpol_org_iter_next(&r, ri)) == 0) {
		if (j) {
			json_unit(j, "region", r);
			cli_json_record_end(j);
		} else {
			printf("region %lld %s %s\n", (long long)r->id, r->code, r->name);
		}
		if ((rc = cpol_org_iter_new(&si, db, CPOL_ORG_STATION, r->id)) < 0)
			goto done;
		while ((rc = cpol_org_iter_next(&s, si)) == 0) {
			if (j) {
				json_unit(j, "station", s);
				cli_json_record_end(j);
			} else {
				printf("  station %lld %s%s\n", (long long)s->id, s->name, code_of(cb, sizeof(cb), s));
			}
			if ((rc = cpol_org_iter_new(&oi, db, CPOL_ORG_OFFICE, s->id)) < 0)
				goto done;
			while ((rc = cpol_org_iter_next(&o, oi)) == 0) {
				if (j) {
					json_unit(j, "office", o);
					cli_json_str(j, "office_class", o->office_class);
					cli_json_str(j, "model", o->model);
					if (o->area_m2 > 0)
						cli_json_real(j, "area_m2", o->area_m2);
					else
						cli_json_raw(j, "area_m2", NULL);
					cli_json_record_end(j);
				} else {
					printf("    office %lld %s%s", (long long)o->id, o->name, code_of(cb, sizeof(cb), o));
					if (o->office_class)
						printf(", class %s", o->office_class);
					if (o->model)
						printf(", model %s", o->model);
					if (o->area_m2 > 0)
						printf(", %.0f m²", o->area_m2);
					putchar('\n');
				}
				if ((rc = cpol_org_iter_new(&di, db, CPOL_ORG_DISTRICT, o->id)) < 0)
					goto done;
				while ((rc = cpol_org_iter_next(&d, di)) == 0) {
					if (j) {
						json_unit(j, "district", d);
						cli_json_record_end(j);
					} else {
						printf("      district %lld %s%s\n", (long long)d->id, d->name,
						       code_of(cb, sizeof(cb), d));
					}
				}
				cpol_org_iter_free(di);
				di = NULL;
				if (rc != CPOL_ITEROVER || (rc = list_staff(db, o->id, on, j)) < 0)
					goto done;
			}
			cpol_org_iter_free(oi);
			oi = NULL;
			if (rc != CPOL_ITEROVER || (rc = cpol_org_iter_new(&ci, db, CPOL_ORG_COMMUNITY, s->id)) < 0)
				goto done;
			while ((rc = cpol_org_iter_next(&c, ci)) == 0) {
				cpol_id district = 0;
				int covered = cpol_community_district(&district, db, c->id, on) == 0;
				if (j) {
					json_unit(j, c->community_kind == CPOL_COMMUNITY_VILLAGE ? "village" : "community", c);
					cli_json_str(j, "area_prefix", c->area_prefix);
					cli_json_id(j, "district_id", covered ? district : 0);
					cli_json_record_end(j);
					continue;
				}
				printf("    %s %lld %s%s%s%s", c->community_kind == CPOL_COMMUNITY_VILLAGE ? "village" : "community",
				       (long long)c->id, c->name, code_of(cb, sizeof(cb), c), c->area_prefix ? ", in " : "",
				       c->area_prefix ? c->area_prefix : "");
				if (covered)
					printf(", covered by district %lld\n", (long long)district);
				else
					printf(", covered by no district\n");
			}
			cpol_org_iter_free(ci);
			ci = NULL;
			if (rc != CPOL_ITEROVER)
				goto done;
		}
		cpol_org_iter_free(si);
		si = NULL;
		if (rc != CPOL_ITEROVER)
			goto done;
	}
	rc = rc == CPOL_ITEROVER ? 0 : rc;
	if (j && rc == 0)
		cli_json_close(j);
done:
	cpol_org_iter_free(ci);
	cpol_org_iter_free(di);
	cpol_org_iter_free(oi);
	cpol_org_iter_free(si);
	cpol_org_iter_free(ri);
	return rc < 0 ? cli_fail("list") : 0;
}

int cmd_org(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(cpol_db *db, int argc, char **argv);
		int creates;
	} subs[] = {
		{ "add-region", org_add_region, 1 },
		{ "add-station", org_add_station, 0 },
		{ "add-office", org_add_office, 0 },
		{ "add-district", org_add_district, 0 },
		{ "add-community", org_add_community, 0 },
		{ "cover", org_cover, 0 },
		{ "add-staff", org_add_staff, 0 },
		{ "assign", org_assign, 0 },
		{ "list", org_list, 0 },
	};
	cpol_db *db = NULL;
	size_t i;
	int rc;

	if (argc < 3)
		return usage();
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		/* A fresh database is created by add-region (the first thing to add). */
		if (cli_open_db(&db, argv[2], subs[i].creates) < 0)
			return cli_fail(argv[2]);
		rc = subs[i].run(db, argc - 1, argv + 1);
		cpol_db_close(db);
		return rc;
	}
	fprintf(stderr, "commpolice: org: unknown command '%s'\n", argv[1]);
	return usage();
}

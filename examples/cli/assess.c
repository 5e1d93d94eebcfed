/*
 * commpolice assess score|explain|what-if|metric, and commpolice demo —
 * assessment from the command line, and the README's quick start: a
 * synthetic district built through the library's own API, its rosters,
 * what it owes and its quarter's ranking.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ assess */

static int usage_assess(void)
{
	fprintf(stderr,
	        "usage: commpolice assess score DB PERIOD [options] [--save] [--json]\n"
	        "       commpolice assess explain DB PERIOD SUBJECT_ID [options] [--run RUN_ID] [--trace]\n"
	        "       commpolice assess what-if DB PERIOD RULES_B [options]\n"
	        "       commpolice assess metric DB PERIOD NAME SUBJECT_ID [options]\n"
	        "  PERIOD: 2024-05, 2024-Q2, 2024-H1 or 2024.\n"
	        "  options: --rules REGION|FILE.yaml (default: the region of the scope, or the\n"
	        "           database's only region), --region ID, --station ID, --office ID,\n"
	        "           --offices (score offices, not officers), --rank region|station|office\n"
	        "  explain --trace prints the versioned JSON trace (commpolice.trace/1: rules\n"
	        "  read with file:line, metrics with the ids of their records; docs/assess.md).\n");
	return 2;
}

/* Region names are looked up as the library does (see main.c for the source-tree default). */
static int load_region(cpol_rules **out, const char *name)
{
	return cpol_rules_load_region(out, name, NULL);
}

static int load_rules_spec(cpol_rules **out, const char *spec)
{
	size_t n = strlen(spec);
	if (n > 5 && strcmp(spec + n - 5, ".yaml") == 0)
		return cpol_rules_load_file(out, spec, NULL);
	return load_region(out, spec);
}

/* The rules of the scope: its region's; with no scope, region 1's. */
static int default_rules(cpol_rules **out, cpol_db *db, const cpol_assess_options *o)
{
	cpol_org_unit *u = NULL;
	cpol_id region = 1;
	int rc;

	if (o->scope_level == CPOL_ORG_OFFICE || o->scope_level == CPOL_ORG_STATION) {
		cpol_id station = o->scope_id;
		if (o->scope_level == CPOL_ORG_OFFICE) {
			if ((rc = cpol_org_unit_get(&u, db, CPOL_ORG_OFFICE, o->scope_id)) < 0)
				return rc;
			station = u->parent_id;
			cpol_org_unit_free(u);
		}
		if ((rc = cpol_org_unit_get(&u, db, CPOL_ORG_STATION, station)) < 0)
			return rc;
		region = u->parent_id;
		cpol_org_unit_free(u);
	} else if (o->scope_level == CPOL_ORG_REGION) {
		region = o->scope_id;
	}
	if ((rc = cpol_org_unit_get(&u, db, CPOL_ORG_REGION, region)) < 0) {
		cpol_error_clear();
		return load_region(out, "national");
	}
	rc = load_region(out, u->code);
	cpol_org_unit_free(u);
	return rc;
}

static const char *action_word(cpol_sanction_action a)
{
	switch (a) {
	case CPOL_SANCTION_CRITICISM: return "通报批评";
	case CPOL_SANCTION_WARNING_TALK: return "诫勉谈话";
	case CPOL_SANCTION_TRANSFER: return "调岗";
	case CPOL_SANCTION_REVOKE_NAMEPLATE: return "收回命名牌";
	case CPOL_SANCTION_REWARD: return "奖励";
	default: return "?";
	}
}

/* Print a ranking table. Names are Chinese: no byte-width padding after them. */
static void print_ranking(const cpol_assessment *as)
{
	char ptext[CPOL_PERIOD_BUFSZ];
	cpol_id group = -1;
	size_t i, k;

	printf("%s ranking (rules %s, hash %.12s)\n",
	       cpol_period_format(ptext, cpol_assessment_period(as)), cpol_assessment_region(as),
	       cpol_assessment_rules_hash(as));
	for (i = 0; i < cpol_assessment_count(as); i++) {
		const cpol_assess_result *r = cpol_assessment_result(as, i);
		if (r->group_id != group) {
			group = r->group_id;
			printf("  group %lld (%d ranked)\n", (long long)group, r->ranked);
		}
		if (r->rank)
			printf("  %3d.", r->rank);
		else
			printf("     -"); /* left out of the ranking by a veto */
		printf(" %7.2f %-10s %s", r->total, r->grade ? r->grade : "-",
		       r->subject_name ? r->subject_name : "?");
		if (r->badge)
			printf(" (%s, %s)", r->badge, r->office_name ? r->office_name : "?");
		if (r->veto)
			printf(" [veto %s]", r->veto);
		for (k = 0; k < r->sanction_count; k++) {
			const cpol_assess_sanction *s = &r->sanctions[k];
			size_t j;
			printf(" [");
			for (j = 0; j < s->action_count; j++)
				printf("%s%s", j ? "、" : "", action_word(s->actions[j]));
			printf(" %s]", s->id);
		}
		printf("\n");
	}
}

int cmd_assess(int argc, char **argv)
{
	cpol_assess_options o = CPOL_ASSESS_OPTIONS_INIT;
	const char *verb, *rules_spec = NULL, *rules_b = NULL, *metric = NULL;
	cpol_rules *rules = NULL, *rules2 = NULL;
	cpol_assessor *a = NULL;
	cpol_assessment *as = NULL;
	cpol_assess_diff *diff = NULL;
	cpol_db *db = NULL;
	cpol_period period;
	cpol_id subject = 0, run = 0;
	char *text = NULL;
	int i, first, save = 0, json = 0, trace = 0, status = 1;

	if (argc < 4)
		return usage_assess();
	verb = argv[1];
	if (cpol_period_parse(&period, argv[3]) < 0)
		return cli_fail(argv[3]);
	first = 4;
	if (!strcmp(verb, "explain")) {
		if (argc < 5)
			return usage_assess();
		if (cli_parse_id(&subject, argv[4], "SUBJECT_ID") < 0)
			return 2;
		first = 5;
	} else if (!strcmp(verb, "what-if")) {
		if (argc < 5)
			return usage_assess();
		rules_b = argv[4];
		first = 5;
	} else if (!strcmp(verb, "metric")) {
		if (argc < 6)
			return usage_assess();
		if (cli_parse_id(&subject, argv[5], "SUBJECT_ID") < 0)
			return 2;
		metric = argv[4];
		first = 6;
	} else if (strcmp(verb, "score") != 0) {
		return usage_assess();
	}
	for (i = first; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--rules") && i + 1 < argc) {
			rules_spec = argv[++i];
		} else if ((!strcmp(arg, "--region") || !strcmp(arg, "--station") ||
		            !strcmp(arg, "--office")) && i + 1 < argc) {
			o.scope_level = arg[2] == 'r' ? CPOL_ORG_REGION : arg[3] == 't' ? CPOL_ORG_STATION
			                                                               : CPOL_ORG_OFFICE;
			if (cli_parse_id(&o.scope_id, argv[i + 1], arg) < 0)
				return 2;
			i++;
		} else if (!strcmp(arg, "--rank") && i + 1 < argc) {
			const char *lv = argv[++i];
			o.rank_level = !strcmp(lv, "region") ? CPOL_ORG_REGION
			               : !strcmp(lv, "office") ? CPOL_ORG_OFFICE : CPOL_ORG_STATION;
		} else if (!strcmp(arg, "--offices")) {
			o.subject_kind = CPOL_SUBJECT_OFFICE;
		} else if (!strcmp(arg, "--run") && i + 1 < argc) {
			if (cli_parse_id(&run, argv[++i], "--run") < 0)
				return 2;
		} else if (!strcmp(arg, "--save")) {
			save = 1;
		} else if (!strcmp(arg, "--json")) {
			json = 1;
		} else if (!strcmp(arg, "--trace") && !strcmp(verb, "explain")) {
			trace = 1;
			o.with_records = 1;
		} else {
			return usage_assess();
		}
	}
	if (cli_open_db(&db, argv[2], 0) < 0)
		return cli_fail(argv[2]);
	if (run) {
		/* A saved run needs no rules: it is explained as it was saved. */
		if (cpol_assessment_load(&as, db, run) < 0) {
			cli_fail("loading the run");
			goto done;
		}
	} else {
		if ((rules_spec ? load_rules_spec(&rules, rules_spec) : default_rules(&rules, db, &o)) < 0) {
			cli_fail(rules_spec ? rules_spec : "loading the rules");
			goto done;
		}
		if (cpol_assessor_new(&a, db, rules) < 0) {
			cli_fail("rules");
			goto done;
		}
	}
	if (!strcmp(verb, "metric")) {
		cpol_metric_value *v = NULL;
		if (cpol_metric_value_get(&v, a, metric, o.subject_kind, subject, &period) < 0) {
			cli_fail(metric);
			goto done;
		}
		if (v->has_value)
			printf("%s = %.6g (%s)\n", v->name, v->value, v->note ? v->note : "");
		else
			printf("%s: no value (%s)\n", v->name, v->note ? v->note : "");
		if (v->record_count) {
			size_t k;
			printf("records (%s):", v->record_table);
			for (k = 0; k < v->record_count; k++)
				printf(" %lld", (long long)v->records[k]);
			printf("\n");
		}
		cpol_metric_value_free(v);
		status = 0;
		goto done;
	}
	if (!strcmp(verb, "what-if")) {
		if (load_rules_spec(&rules2, rules_b) < 0) {
			cli_fail(rules_b);
			goto done;
		}
		if (cpol_assess_what_if(&diff, db, rules, rules2, &period, &o) < 0 ||
		    cpol_assess_diff_text(&text, diff) < 0) {
			cli_fail("what-if");
			goto done;
		}
		printf("%s → %s\n%s", cpol_rules_region(rules), cpol_rules_region(rules2), text);
		status = 0;
		goto done;
	}
	if (!as && cpol_assess_score(&as, a, &period, &o) < 0) {
		cli_fail("scoring");
		goto done;
	}
	if (!strcmp(verb, "explain")) {
		if (trace ? cpol_assessment_trace(&text, as, subject) < 0
		          : cpol_assessment_explain(&text, as, subject) < 0) {
			cli_fail("explain");
			goto done;
		}
		fputs(text, stdout);
		status = 0;
		goto done;
	}
	if (save && cpol_assessment_save(&run, db, as) < 0) {
		cli_fail("saving");
		goto done;
	}
	if (json) {
		if (cpol_assessment_json(&text, as) < 0) {
			cli_fail("json");
			goto done;
		}
		printf("%s\n", text);
	} else {
		print_ranking(as);
		if (save)
			printf("saved as run %lld\n", (long long)run);
	}
	status = 0;
done:
	free(text);
	cpol_assess_diff_free(diff);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(rules);
	cpol_rules_free(rules2);
	cpol_db_close(db);
	return status;
}

/* -------------------------------------------------------------------- demo */

/*
 * The demo district: 1 county (mountain_county rules, shipped), 2 stations,
 * 6 offices each covering one community or village, 2 officers and 2
 * auxiliaries per office, about 60 houses and 150 residents per community,
 * key persons, places, and the activity of 2024-Q2. Everything is drawn
 * from a seeded generator, so the same seed gives the same district and
 * the same ranking.
 */

#define DEMO_REGION "mountain_county"

typedef struct demo {
	cpol_db *db;
	cpol_rules *rules;
	uint64_t rng;
	cpol_id region;
	cpol_id stations[2];
	cpol_id offices[6];
	cpol_id communities[6];
	cpol_id officers[12];
	cpol_id auxiliaries[12];
	cpol_id *houses[6];
	size_t nhouses[6];
	cpol_id *persons[6];
	size_t npersons[6];
	cpol_id *key_persons[6];
	size_t nkey[6];
	cpol_id units[6][4];
	int person_seq;
} demo;

/* xorshift64*: small, and the same numbers on every platform. */
static uint64_t rnd(demo *d)
{
	d->rng ^= d->rng >> 12;
	d->rng ^= d->rng << 25;
	d->rng ^= d->rng >> 27;
	return d->rng * 0x2545F4914F6CDD1DULL;
}

static int pick(demo *d, int lo, int hi)
{
	return lo + (int)(rnd(d) % (uint64_t)(hi - lo + 1));
}

static int chance(demo *d, int percent)
{
	return pick(d, 1, 100) <= percent;
}

static cpol_date day(const char *s)
{
	cpol_date d = CPOL_DATE_NONE;
	cpol_date_parse(&d, s);
	return d;
}

static cpol_date Q2_START, Q2_END;

static cpol_date q2_day(demo *d)
{
	return Q2_START + pick(d, 0, (int)(Q2_END - Q2_START));
}

static void skipped(const char *part)
{
	printf("  (left out: %s — %s)\n", part, cpol_error_last()->message);
}

static const char *const SURNAMES[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
	"徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "郑" };
static const char *const GIVEN[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国", "桂兰", "志强", "海燕", "文" };

static void name_of(demo *d, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s%s", SURNAMES[rnd(d) % (sizeof(SURNAMES) / sizeof(*SURNAMES))],
	         GIVEN[rnd(d) % (sizeof(GIVEN) / sizeof(*GIVEN))]);
}

/*
 * An 18-character resident ID number with its ISO 7064 MOD 11-2 check
 * character. The birth date is a function of the sequence number (37 is
 * prime to 20 000), so that no two demo residents share a number.
 */
static void id_number(demo *d, char *buf)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	cpol_date base = day("1950-01-01");
	int sum = 0, i, year, month, dd;
	char digits[64];

	d->person_seq++;
	cpol_date_split(&year, &month, &dd, base + (cpol_date)((d->person_seq * 37) % 20000));
	snprintf(digits, sizeof(digits), "350428%04d%02d%02d%03d", year, month, dd, d->person_seq % 1000);
	memcpy(buf, digits, 17);
	for (i = 0; i < 17; i++)
		sum += (buf[i] - '0') * w[i];
	buf[17] = check[sum % 11];
	buf[18] = '\0';
}

static int build_org(demo *d)
{
	static const char *const station_names[2] = { "城关派出所", "石门派出所" };
	static const char *const office_names[6] = {
		"城关社区警务室", "东街社区警务室", "河西村警务室",
		"石门村警务室", "龙潭村警务室", "杉木村警务室"
	};
	static const char *const community_names[6] = {
		"城关社区", "东街社区", "河西村", "石门村", "龙潭村", "杉木村"
	};
	char name[32], badge[16];
	int i, k, rc;

	if ((rc = cpol_region_add(&d->region, d->db, cpol_rules_region(d->rules), "××县")) < 0)
		return rc;
	for (i = 0; i < 2; i++)
		if ((rc = cpol_station_add(&d->stations[i], d->db, d->region, station_names[i], NULL)) < 0)
			return rc;
	for (i = 0; i < 6; i++) {
		cpol_office_new o = CPOL_OFFICE_NEW_INIT;
		cpol_id district;
		o.station_id = d->stations[i / 3];
		o.name = office_names[i];
		o.model = i % 3 == 0 ? "one_per_community" : "one_per_village";
		o.rules = d->rules; /* the model is checked against them, wherever they were found */
		o.area_m2 = 20 + 5 * i;
		if ((rc = cpol_office_add(&d->offices[i], d->db, &o)) < 0 ||
		    (rc = cpol_district_add(&district, d->db, d->offices[i], community_names[i], NULL)) < 0 ||
		    (rc = cpol_community_add(&d->communities[i], d->db, d->stations[i / 3],
		                             i % 3 == 0 ? CPOL_COMMUNITY_URBAN : CPOL_COMMUNITY_VILLAGE,
		                             community_names[i], "福建省××县", NULL)) < 0 ||
		    (rc = cpol_district_cover(NULL, d->db, district, d->communities[i], day("2020-01-01"))) < 0)
			return rc;
		for (k = 0; k < 2; k++) {
			cpol_staff_new s = CPOL_STAFF_NEW_INIT;
			s.office_id = d->offices[i];
			s.district_id = district;
			name_of(d, name, sizeof(name));
			s.name = name;
			s.kind = CPOL_STAFF_OFFICER;
			snprintf(badge, sizeof(badge), "0%05d", 35100 + i * 2 + k);
			s.badge = badge;
			s.dedicated_community = 1;
			s.active_from = day("2023-01-01");
			if ((rc = cpol_staff_add(&d->officers[i * 2 + k], d->db, &s)) < 0)
				return rc;
			name_of(d, name, sizeof(name));
			s.name = name;
			s.kind = CPOL_STAFF_AUXILIARY;
			s.badge = NULL;
			s.dedicated_community = 0;
			if ((rc = cpol_staff_add(&d->auxiliaries[i * 2 + k], d->db, &s)) < 0)
				return rc;
		}
	}
	return 0;
}

/*
 * Communities of 10 streets × 10 buildings × 5 flats, villages of 12
 * groups (组) × 30 houses: about 1 300 residents an office, which puts a
 * case or two a quarter near the 万人发案率 targets.
 */
static int build_population(demo *d)
{
	static const char *const streets[12] = { "人民路", "新华街", "和平巷", "解放路", "建设路",
		"中山街", "文化路", "胜利巷", "东风路", "向阳街", "一组", "二组" };
	char bnum[8], room[8], idn[19], name[32], street[32];
	int i, s, b, r, rc;

	for (i = 0; i < 6; i++) {
		int urban = i % 3 == 0, nstreets = urban ? 10 : 12, nbuild = urban ? 10 : 30;
		int nrooms = urban ? 5 : 1;
		size_t cap = (size_t)(nstreets * nbuild * nrooms);
		if (!(d->houses[i] = calloc(cap, sizeof(cpol_id))) ||
		    !(d->persons[i] = calloc(cap * 6, sizeof(cpol_id))) ||
		    !(d->key_persons[i] = calloc(cap * 6, sizeof(cpol_id))))
			return cpol_error_set(CPOL_ENOMEM, NULL);
		for (s = 0; s < nstreets; s++)
			for (b = 1; b <= nbuild; b++)
				for (r = 1; r <= nrooms; r++) {
					cpol_address_path path = CPOL_ADDRESS_PATH_INIT;
					cpol_house_new h = CPOL_HOUSE_NEW_INIT;
					cpol_id addr, house;
					int n, p;
					if (urban)
						snprintf(street, sizeof(street), "%s", streets[s]);
					else
						snprintf(street, sizeof(street), "第%d组", s + 1);
					snprintf(bnum, sizeof(bnum), "%d", b);
					snprintf(room, sizeof(room), "%d", 100 + r);
					path.street = street;
					path.building = bnum;
					path.room = urban ? room : NULL; /* village houses have no flats */
					if ((rc = cpol_address_ensure(&addr, d->db, d->communities[i], &path)) < 0)
						return rc;
					h.address_id = addr;
					h.status = chance(d, 15) ? CPOL_HOUSE_RENTED : CPOL_HOUSE_SELF;
					if ((rc = cpol_house_add(&house, d->db, &h)) < 0)
						return rc;
					d->houses[i][d->nhouses[i]++] = house;
					n = pick(d, 1, urban ? 4 : 6);
					for (p = 0; p < n; p++) {
						cpol_person_new pn = CPOL_PERSON_NEW_INIT;
						cpol_residence_new rn = CPOL_RESIDENCE_NEW_INIT;
						cpol_id person;
						id_number(d, idn);
						name_of(d, name, sizeof(name));
						pn.id_number = idn;
						pn.name = name;
						pn.office_id = d->offices[i];
						pn.office_since = day("2020-01-01");
						if ((rc = cpol_person_add(&person, d->db, d->rules, &pn)) < 0)
							return rc;
						rn.person_id = person;
						rn.house_id = house;
						rn.type = h.status == CPOL_HOUSE_RENTED ? "temporary" : "permanent";
						rn.relation = h.status == CPOL_HOUSE_RENTED ? CPOL_REL_TENANT : CPOL_REL_FAMILY;
						rn.from = day("2020-01-01");
						rn.registered_on = rn.from;
						if ((rc = cpol_person_move_in(NULL, d->db, d->rules, &rn)) < 0)
							return rc;
						d->persons[i][d->npersons[i]++] = person;
						if (chance(d, 1)) {
							if ((rc = cpol_person_label_add(NULL, d->db, d->rules, person, "key_person",
							                                day("2023-06-01"), "演示数据")) < 0)
								return rc;
							d->key_persons[i][d->nkey[i]++] = person;
						} else if (chance(d, 3) &&
						           (rc = cpol_person_label_add(NULL, d->db, d->rules, person,
						                                       "elderly_alone", day("2022-01-01"),
						                                       "演示数据")) < 0) {
							return rc;
						}
					}
				}
	}
	return 0;
}

static int build_places(demo *d)
{
	static const char *const types[4] = { "entertainment", "special_trade", "internal_unit", "market" };
	static const char *const names[4] = { "歌舞厅", "旅馆", "中学", "农贸市场" };
	char name[64];
	int i, k, rc;

	for (i = 0; i < 6; i++)
		for (k = 0; k < 4; k++) {
			cpol_unit_new u = CPOL_UNIT_NEW_INIT;
			u.office_id = d->offices[i];
			u.officer_id = d->officers[i * 2 + k % 2];
			u.type = types[k];
			snprintf(name, sizeof(name), "%s%s", k == 3 ? "" : "红星", names[k]);
			u.name = name;
			u.opened_on = day("2021-03-01");
			u.responsible_name = "负责人";
			if ((rc = cpol_unit_add(&d->units[i][k], d->db, d->rules, &u)) < 0)
				return rc;
		}
	return 0;
}

/* A quarter of work; each officer has a "diligence" that shapes his numbers. */
static int build_activity(demo *d)
{
	int i, k, m, rc;

	for (i = 0; i < 6; i++) {
		cpol_id office = d->offices[i];
		for (k = 0; k < 2; k++) {
			cpol_id officer = d->officers[i * 2 + k];
			int diligence = pick(d, 55, 100), n = diligence * 90 / 100 * pick(d, 28, 36) / 30, v;
			for (v = 0; v < n; v++) {
				cpol_visit_new vn = CPOL_VISIT_NEW_INIT;
				vn.office_id = office;
				vn.officer_id = officer;
				vn.on = q2_day(d);
				vn.kind = CPOL_VISIT_HOUSEHOLD;
				vn.house_id = d->houses[i][rnd(d) % d->nhouses[i]];
				if ((rc = cpol_visit_add(NULL, d->db, &vn)) < 0)
					return rc;
			}
			for (v = 0; v < (int)d->nkey[i]; v++) {
				cpol_visit_new vn = CPOL_VISIT_NEW_INIT;
				if (!chance(d, diligence))
					continue;
				vn.office_id = office;
				vn.officer_id = officer;
				vn.on = q2_day(d);
				vn.kind = CPOL_VISIT_KEY_PERSON;
				vn.person_id = d->key_persons[i][v];
				if ((rc = cpol_visit_add(NULL, d->db, &vn)) < 0 ||
				    (rc = cpol_contact_add(NULL, d->db, CPOL_CONTACT_TALK, vn.person_id, 0, officer,
				                           vn.on, "季度谈话")) < 0)
					return rc;
			}
			/* Information items reported (信息收集), spread over the quarter
			 * without drawing more random numbers (the rest stays as it was). */
			{
				static const char *const categories[] = { "治安线索", "社情民意", "矛盾纠纷" };
				int count = diligence * 14 / 100 + pick(d, 0, 2), j;
				for (j = 0; j < count; j++) {
					cpol_info_item_new ii = CPOL_INFO_ITEM_NEW_INIT;
					ii.office_id = office;
					ii.officer_id = officer;
					ii.reported_on = day("2024-04-01") + j * 91 / count;
					ii.category = categories[j % 3];
					ii.summary = "辖区信息一条";
					if ((rc = cpol_info_item_add(NULL, d->db, &ii)) < 0)
						return rc;
				}
			}
			/* Night patrols (巡逻, two nights a week asked: duty.night_patrols_per_week)
			 * with the officer's auxiliary, and 六防 publicity, spread over the
			 * quarter without drawing more random numbers. */
			{
				int count = diligence * 26 / 100, events = 1 + diligence * 5 / 100, j;
				for (j = 0; j < count; j++) {
					cpol_patrol_new pn = CPOL_PATROL_NEW_INIT;
					pn.office_id = office;
					pn.officer_id = officer;
					pn.on = day("2024-04-01") + j * 91 / count;
					pn.start_minute = 22 * 60;
					pn.end_minute = 2 * 60;
					pn.area = j % 2 ? "辖区主干道" : "居民小区";
					pn.auxiliaries = &d->auxiliaries[i * 2 + k];
					pn.auxiliary_count = 1;
					pn.volunteers = j % 4;
					if ((rc = cpol_patrol_add(NULL, d->db, &pn)) < 0)
						return rc;
				}
				for (j = 0; j < events; j++) {
					cpol_publicity_new pe = CPOL_PUBLICITY_NEW_INIT;
					pe.office_id = office;
					pe.officer_id = officer;
					pe.on = day("2024-04-05") + j * 85 / events;
					pe.topic = (cpol_prevention_topic)(1 + (j + k) % 6);
					pe.place = j % 2 ? "社区广场" : "辖区学校";
					pe.audience = 40 + 20 * j;
					if ((rc = cpol_publicity_add(NULL, d->db, &pe)) < 0)
						return rc;
				}
			}
		}
		/* Monthly inspections of the places, a few hazards and notices. */
		for (k = 0; k < 3; k++)
			for (m = 4; m <= 6; m++) {
				cpol_inspection_new in = CPOL_INSPECTION_NEW_INIT;
				cpol_notice_new nn = CPOL_NOTICE_NEW_INIT;
				cpol_id insp, notice;
				char date[16];
				if (!chance(d, 85))
					continue;
				snprintf(date, sizeof(date), "2024-%02d-%02d", m, pick(d, 3, 20));
				in.unit_id = d->units[i][k];
				in.officer_id = d->officers[i * 2 + k % 2];
				in.on = day(date);
				if ((rc = cpol_inspection_add(&insp, d->db, &in)) < 0)
					return rc;
				if (!chance(d, 20))
					continue;
				if ((rc = cpol_hazard_add(NULL, d->db, insp, "消防通道堵塞", 1)) < 0)
					return rc;
				nn.inspection_id = insp;
				nn.issued_on = in.on;
				if ((rc = cpol_notice_issue(&notice, d->db, d->rules, &nn)) < 0)
					return rc;
				if (chance(d, 80) &&
				    (rc = cpol_notice_close(d->db, notice, in.on + pick(d, 2, 10),
				                            CPOL_NOTICE_RECTIFIED, "复查合格")) < 0)
					return rc;
			}
		/* Incidents with their return visits, requests with their feedback. */
		for (k = pick(d, 1, 6); k > 0; k--) {
			cpol_incident_new in = CPOL_INCIDENT_NEW_INIT;
			cpol_id incident;
			in.office_id = office;
			in.officer_id = d->officers[i * 2 + k % 2];
			in.received_on = q2_day(d);
			/* Mostly calls for help; a case (刑事、治安) now and then. */
			in.kind = chance(d, 70) ? CPOL_INCIDENT_HELP : chance(d, 50) ? CPOL_INCIDENT_CRIMINAL
			                                                             : CPOL_INCIDENT_PUBLIC_ORDER;
			in.summary = in.kind == CPOL_INCIDENT_HELP ? "群众求助" : "盗窃电动车";
			in.party_name = "报警人";
			if ((rc = cpol_incident_add(&incident, d->db, &in)) < 0)
				return rc;
			if (chance(d, 80) && in.received_on + 5 <= Q2_END) {
				cpol_visit_new vn = CPOL_VISIT_NEW_INIT;
				vn.office_id = office;
				vn.officer_id = in.officer_id;
				vn.on = in.received_on + pick(d, 1, 5);
				vn.kind = CPOL_VISIT_RETURN;
				vn.incident_id = incident;
				if ((rc = cpol_visit_add(NULL, d->db, &vn)) < 0)
					return rc;
			}
		}
		for (k = pick(d, 1, 4); k > 0; k--) {
			cpol_request_new rq = CPOL_REQUEST_NEW_INIT;
			cpol_id request;
			rq.office_id = office;
			rq.officer_id = d->officers[i * 2 + k % 2];
			rq.received_on = q2_day(d);
			rq.requester = "居民";
			rq.content = "反映夜间噪音";
			if ((rc = cpol_request_add(&request, d->db, &rq)) < 0)
				return rc;
			if (chance(d, 85) && rq.received_on + 9 <= Q2_END &&
			    (rc = cpol_request_feedback(d->db, request, rq.received_on + pick(d, 1, 9),
			                                "已协调处理")) < 0)
				return rc;
		}
		/* Meetings and notices held. */
		for (m = 4; m <= 6; m++) {
			cpol_duty_record_new dr = CPOL_DUTY_RECORD_NEW_INIT;
			char date[16];
			snprintf(date, sizeof(date), "2024-%02d-%02d", m, m == 4 ? 30 : m == 5 ? 31 : 28);
			dr.office_id = office;
			dr.officer_id = d->officers[i * 2];
			dr.obligation = "joint_meeting";
			dr.held_on = day(date);
			dr.title = "群防群治组织联席会议";
			if (chance(d, 90) && (rc = cpol_duty_record_add(NULL, d->db, d->rules, &dr)) < 0)
				return rc;
		}
	}
	return 0;
}

static int build_surveys(demo *d)
{
	static const cpol_survey_kind kinds[3] = {
		CPOL_SURVEY_SATISFACTION, CPOL_SURVEY_FAMILIARITY, CPOL_SURVEY_VISIBILITY
	};
	int i, k, rc;

	for (i = 0; i < 6; i++)
		for (k = 0; k < 3; k++) {
			cpol_survey_new s = CPOL_SURVEY_NEW_INIT;
			s.office_id = d->offices[i];
			s.kind = kinds[k];
			s.conducted_on = day("2024-06-15");
			s.sample_size = 100;
			s.positive = pick(d, k == 0 ? 84 : 72, 99);
			s.note = "入户问卷";
			if ((rc = cpol_survey_add(NULL, d->db, &s)) < 0)
				return rc;
		}
	/* One village had a mass incident this quarter: 五无 goal missed (veto). */
	{
		cpol_metric_entry e = CPOL_METRIC_ENTRY_INIT;
		e.name = "mass_incidents";
		e.subject_kind = CPOL_SUBJECT_OFFICE;
		e.subject_id = d->offices[4];
		cpol_period_parse(&e.period, "2024-Q2");
		e.value = 1;
		e.note = "5月群体性上访1起";
		if ((rc = cpol_metric_store(NULL, d->db, &e)) < 0)
			return rc;
	}
	return 0;
}

/* One part of the district in a savepoint: a part that fails leaves nothing behind. */
static int section(demo *d, int (*build)(demo *))
{
	int rc;
	if ((rc = cpol_db_begin(d->db)) < 0)
		return rc;
	rc = build(d);
	if (rc < 0) {
		char saved[512];
		snprintf(saved, sizeof(saved), "%s", cpol_error_last()->message);
		cpol_db_rollback(d->db);
		cpol_error_set(rc, saved);
		return rc;
	}
	return cpol_db_commit(d->db);
}

static void demo_rosters(demo *d)
{
	cpol_duty_generate_options go = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	int i, made = 0, rc;

	printf("\n== rosters, 2024-07-01 for 7 days (A/B posts, reception days, night duty)\n");
	go.seed = 20240701;
	for (i = 0; i < 6; i++) {
		cpol_duty_problem *p = NULL;
		cpol_duty_roster *r = NULL;
		cpol_duty_report *rep = NULL;
		cpol_org_unit *u = NULL;

		if ((rc = cpol_duty_problem_load(&p, d->db, d->offices[i], day("2024-07-01"), 7, d->rules, 0)) < 0 ||
		    ((rc = cpol_duty_generate(&r, NULL, p, &go)) < 0 && rc != CPOL_ECONFLICT) ||
		    (rc = cpol_duty_check(&rep, r)) < 0) {
			skipped("rosters");
			cpol_duty_roster_free(r);
			cpol_duty_problem_free(p);
			return;
		}
		if (cpol_duty_roster_store(NULL, d->db, d->offices[i], r) == 0)
			made++;
		cpol_org_unit_get(&u, d->db, CPOL_ORG_OFFICE, d->offices[i]);
		printf("  %s: %zu shifts, %d hard violations, penalty %lld\n", u ? u->name : "?",
		       cpol_duty_roster_count(r), cpol_duty_report_hard(rep),
		       (long long)cpol_duty_report_penalty(rep));
		cpol_org_unit_free(u);
		cpol_duty_report_free(rep);
		cpol_duty_roster_free(r);
		cpol_duty_problem_free(p);
	}
	printf("  %d rosters stored\n", made);
}

static void demo_owed(demo *d)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *list = NULL;
	char due[CPOL_DATE_BUFSZ];
	size_t k;

	printf("\n== what 城关社区警务室 owes on 2024-07-01 (overdue first)\n");
	q.office_id = d->offices[0];
	q.on = day("2024-07-01");
	q.since = Q2_START;
	if (cpol_owed_list_get(&list, d->db, d->rules, &q) < 0) {
		skipped("what is owed");
		return;
	}
	for (k = 0; k < list->count && k < 12; k++) {
		const cpol_owed_item *it = &list->items[k];
		printf("  %s %-12s %s %s  [%s]\n", cpol_date_format(due, it->due),
		       it->days_overdue > 0 ? "OVERDUE" : "due", it->what ? it->what : "",
		       it->subject ? it->subject : "", it->rule_key ? it->rule_key : "");
	}
	if (list->count > 12)
		printf("  ... and %zu more\n", list->count - 12);
	cpol_owed_list_free(list);
}

static void demo_ranking(demo *d)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as = NULL;
	cpol_period q2;
	char *text = NULL;
	size_t i;

	printf("\n== 2024-Q2 assessment (rules %s)\n", cpol_rules_region(d->rules));
	cpol_period_parse(&q2, "2024-Q2");
	if (cpol_assessor_new(&a, d->db, d->rules) < 0 || cpol_assess_score(&as, a, &q2, NULL) < 0) {
		skipped("the ranking");
		cpol_assessor_free(a);
		return;
	}
	if (cpol_assessment_save(NULL, d->db, as) < 0)
		skipped("saving the ranking");
	print_ranking(as);
	/* Explain the officer in last place, or the first one. */
	for (i = 0; i < cpol_assessment_count(as); i++)
		if (cpol_assessment_result(as, i)->last_place)
			break;
	if (i == cpol_assessment_count(as))
		i = 0;
	if (cpol_assessment_count(as) &&
	    cpol_assessment_explain(&text, as, cpol_assessment_result(as, i)->subject_id) == 0) {
		printf("\n== why: one officer's result, line by line\n%s", text);
		free(text);
	}
	cpol_assessment_free(as);
	cpol_assessor_free(a);
}

static int usage_demo(void)
{
	fprintf(stderr, "usage: commpolice demo [DB] [--seed N]\n"
	                "  builds a synthetic district in DB (default demo.db; an existing demo\n"
	                "  district is reused), generates its rosters, prints what an office owes\n"
	                "  and the quarter's ranking with one officer's explanation.\n");
	return 2;
}

int cmd_demo(int argc, char **argv)
{
	demo d;
	const char *path = "demo.db";
	cpol_id existing = 0;
	int i, status = 1, rc;

	memset(&d, 0, sizeof(d));
	d.rng = 20240401;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			d.rng = strtoull(argv[++i], NULL, 10) | 1;
		else if (argv[i][0] != '-')
			path = argv[i];
		else
			return usage_demo();
	}
	Q2_START = day("2024-04-01");
	Q2_END = day("2024-06-30");
	if (cli_open_db(&d.db, path, 1) < 0)
		return cli_fail(path);
	/*
	 * The shipped county rules: installed, or data/regions/ of the source
	 * tree when run from it (./quickstart.sh demo); the compiled-in national
	 * rules when neither is found.
	 */
	if (load_region(&d.rules, DEMO_REGION) < 0) {
		printf("commpolice demo: rules %s not found (%s); using the built-in national rules\n",
		       DEMO_REGION, cpol_error_last()->message);
		if (cpol_rules_load_region(&d.rules, "national", NULL) < 0) {
			cli_fail("loading the national rules");
			goto done;
		}
	}
	printf("commpolice demo: %s, rules %s (%s)\n", path, cpol_rules_name(d.rules),
	       cpol_rules_region(d.rules));
	if (cpol_org_find(&existing, d.db, CPOL_ORG_REGION, cpol_rules_region(d.rules)) == 0) {
		printf("  the demo district is already in %s: using it as it is\n", path);
		for (i = 0; i < 6; i++)
			d.offices[i] = 0;
		/* Offices of the stored district, found by their order of creation. */
		{
			cpol_org_unit *u = NULL;
			cpol_id id;
			int n = 0;
			for (id = 1; n < 6 && id < 1000; id++) {
				if (cpol_org_unit_get(&u, d.db, CPOL_ORG_OFFICE, id) < 0)
					continue;
				d.offices[n++] = id;
				cpol_org_unit_free(u);
			}
			cpol_error_clear();
		}
	} else {
		printf("\n== building the district (seeded, through the library's API)\n");
		if ((rc = cpol_db_begin(d.db)) < 0) {
			cli_fail("begin");
			goto done;
		}
		if (build_org(&d) < 0) {
			/* Without the organisation nothing else can be built. */
			cli_fail("organisation");
			cpol_db_rollback(d.db);
			goto done;
		}
		printf("  2 stations, 6 offices, 12 officers and 12 auxiliaries\n");
		if (section(&d, build_population) < 0)
			skipped("addresses, houses and residents");
		else {
			size_t h = 0, p = 0, k = 0;
			for (i = 0; i < 6; i++) {
				h += d.nhouses[i];
				p += d.npersons[i];
				k += d.nkey[i];
			}
			printf("  %zu houses, %zu residents (%zu key persons)\n", h, p, k);
		}
		if (section(&d, build_places) < 0)
			skipped("places");
		else
			printf("  24 places on file (entertainment, special trades, schools, markets)\n");
		if (section(&d, build_activity) < 0)
			skipped("the quarter's activity");
		else
			printf("  a quarter of visits, talks, inspections, notices, incidents, requests, meetings\n");
		if (section(&d, build_surveys) < 0)
			skipped("surveys");
		else
			printf("  satisfaction, familiarity and visibility surveys of each office\n");
		if (cpol_db_commit(d.db) < 0) {
			cli_fail("commit");
			goto done;
		}
	}
	if (d.offices[0]) {
		demo_rosters(&d);
		demo_owed(&d);
	}
	demo_ranking(&d);
	status = 0;
done:
	for (i = 0; i < 6; i++) {
		free(d.houses[i]);
		free(d.persons[i]);
		free(d.key_persons[i]);
	}
	cpol_rules_free(d.rules);
	cpol_db_close(d.db);
	return status;
}

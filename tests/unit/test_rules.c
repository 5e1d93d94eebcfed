/*
 * Region rules: the shipped files, merge semantics, accessors, cadence
 * arithmetic worked out by hand on a calendar, the hash, and broken files.
 */
#include "testutil.h"

#include <math.h>

#define REGIONS TEST_SRCDIR "/data/regions"
#define RULES_DATA TEST_SRCDIR "/tests/data/rules"

static const char *const shipped[] = {
	"national", "nantong", "chengdu", "sanming", "mountain_county", "ab_office", "zhuanzhi",
	NULL };

static cpol_rules_options opts_with(const char *path)
{
	cpol_rules_options o;
	ck_assert_ok(cpol_rules_options_init(&o, CPOL_RULES_OPTIONS_VERSION));
	o.search_path = path;
	o.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	return o;
}

static cpol_rules *load_region(const char *name)
{
	cpol_rules_options o = opts_with(REGIONS);
	cpol_rules *r = NULL;
	ck_assert_ok(cpol_rules_load_region(&r, name, &o));
	ck_assert_ptr_nonnull(r);
	return r;
}

static cpol_rules *load_text(const char *text)
{
	cpol_rules_options o = opts_with(REGIONS);
	cpol_rules *r = NULL;
	o.name = "t.yaml";
	ck_assert_ok(cpol_rules_load_string(&r, text, &o));
	return r;
}

static cpol_date D(const char *s)
{
	cpol_date d;
	ck_assert_ok(cpol_date_parse(&d, s));
	return d;
}

static void assert_date(cpol_date d, const char *want)
{
	char buf[CPOL_DATE_BUFSZ];
	ck_assert_str_eq(cpol_date_format(buf, d), want);
}

/* The 1-based line of the first line of file that contains text. */
static int line_of(const char *file, const char *text)
{
	FILE *f = fopen(file, "r");
	char buf[1024];
	int line = 0;
	ck_assert_ptr_nonnull(f);
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		if (strstr(buf, text)) {
			fclose(f);
			return line;
		}
	}
	fclose(f);
	ck_abort_msg("%s not in %s", text, file);
	return 0;
}

static int count_failures(const cpol_rules_test_result *res, void *payload)
{
	if (!res->passed)
		fprintf(stderr, "%s:%d: rule test '%s' failed: expected %s, got %s\n", res->file,
		        res->line, res->name, res->expected, res->actual);
	(*(int *)payload)++;
	return 0;
}

/* ------------------------------------------------------------ shipped files */

/*
 * Dated values (docs/rules.md "Values that change over time"). By hand:
 *  - staffing.residents_per_officer: the region sets 2500 from 2026-01-01
 *    only; before, the national 3000 holds (inheritance), after, 2500 (line 5).
 *  - duty.training_days_per_year: 10 until 2025-12-31, 20 through 2026;
 *    from 2027-01-01 no alternative covers: the national 15.
 */
static const char DATED[] =
	"region: datedtown\n"
	"extends: national\n"
	"staffing:\n"
	"  residents_per_officer:\n"
	"    - {value: 2500, from: 2026-01-01}\n"
	"duty:\n"
	"  training_days_per_year:\n"
	"    - {value: 10, until: 2025-12-31}\n"
	"    - {value: 20, from: 2026-01-01, until: 2026-12-31}\n";

static int64_t int_on(const cpol_rules *r, const char *day, const char *key, int *line)
{
	cpol_rules *at = NULL;
	const cpol_rule_ref *ref;
	cpol_date d;
	int64_t v;

	ck_assert_ok(cpol_date_parse(&d, day));
	ck_assert_ok(cpol_rules_at(&at, r, d));
	ck_assert_int_eq(cpol_rules_on(at), d);
	ck_assert_str_eq(cpol_rules_hash(at), cpol_rules_hash(r));
	ck_assert_ok(cpol_rules_get_int(&v, &ref, at, key));
	*line = ref->line;
	cpol_rules_free(at);
	return v;
}

START_TEST(dated_values_resolve_by_day_through_inheritance)
{
	cpol_rules_options o = opts_with(NULL);
	cpol_rules *r = NULL, *nat = NULL, *same = NULL;
	int line;

	o.name = "dated.yaml";
	ck_assert_ok(cpol_rules_load_string(&r, DATED, &o));
	ck_assert(cpol_rules_is_dated(r));
	ck_assert_int_eq(int_on(r, "2025-12-31", "staffing.residents_per_officer", &line), 3000);
	ck_assert_int_gt(line, 5); /* national.yaml's line */
	ck_assert_int_eq(int_on(r, "2026-01-01", "staffing.residents_per_officer", &line), 2500);
	ck_assert_int_eq(line, 5);
	ck_assert_int_eq(int_on(r, "2025-12-31", "duty.training_days_per_year", &line), 10);
	ck_assert_int_eq(line, 8);
	ck_assert_int_eq(int_on(r, "2026-01-01", "duty.training_days_per_year", &line), 20);
	ck_assert_int_eq(int_on(r, "2026-12-31", "duty.training_days_per_year", &line), 20);
	ck_assert_int_eq(line, 9);
	ck_assert_int_eq(int_on(r, "2027-01-01", "duty.training_days_per_year", &line), 15);
	/* Undated rules on any day are themselves. */
	ck_assert_ok(cpol_rules_load_region(&nat, "national", &o));
	ck_assert(!cpol_rules_is_dated(nat));
	ck_assert_ok(cpol_rules_at(&same, nat, 20000));
	ck_assert_ptr_eq(same, nat);
	cpol_rules_free(same);
	cpol_rules_free(nat);
	cpol_rules_free(r);
}
END_TEST

static void dated_fails(const char *yaml, int line, int column, const char *message)
{
	cpol_rules_options o = opts_with(NULL);
	cpol_rules *r = NULL;

	o.name = "dated.yaml";
	ck_assert_fails(cpol_rules_load_string(&r, yaml, &o), CPOL_ERULES);
	ck_assert_int_eq(cpol_error_last()->line, line);
	ck_assert_int_eq(cpol_error_last()->column, column);
	ck_assert_msg(strstr(cpol_error_last()->message, message) != NULL, "%s",
	              cpol_error_last()->message);
}

/*
 * Bad dated values, each at its place: two values both in force on
 * 2026-01-01 (the second, line 6, column 7); a value in force from a day
 * after its until; a date that is no date; an alternative of the wrong
 * type (checked as the value it stands for); and rules that only fail
 * together on a later day (item weights adding to 90 from 2027).
 */
START_TEST(dated_values_errors)
{
	dated_fails("region: d\nextends: national\nduty:\n  training_days_per_year:\n"
	            "    - {value: 10, until: 2026-01-01}\n    - {value: 20, from: 2026-01-01}\n",
	            6, 7, "dated values overlap: this one and the one at line 5 are both in force on 2026-01-01");
	dated_fails("region: d\nextends: national\nduty:\n  training_days_per_year:\n"
	            "    - {value: 10, from: 2026-02-01, until: 2026-01-31}\n",
	            5, 7, "in force from 2026-02-01 until 2026-01-31");
	dated_fails("region: d\nextends: national\nduty:\n  training_days_per_year:\n"
	            "    - {value: 10, from: 2026-02-30}\n",
	            5, 25, "from: must be a date (YYYY-MM-DD)");
	dated_fails("region: d\nextends: national\nduty:\n  training_days_per_year:\n"
	            "    - {value: many, from: 2026-01-01}\n",
	            5, 15, "many");
	dated_fails("region: d\nextends: national\nassessment:\n  items:\n"
	            "    - {id: a, name: 甲, metric: cases, weight: 50}\n"
	            "    - id: b\n      name: 乙\n      metric: residents\n      weight:\n"
	            "        - {value: 50, until: 2026-12-31}\n"
	            "        - {value: 40, from: 2027-01-01}\n",
	            4, 3, "add up to 90, not the total 100");
	/* Every stretch, not only the change days and today: 40 until
	 * 2019-12-31 weighs 90 in all before 2020 (found on 2019-12-31, the day
	 * before the change; 2020-01-01 and today weigh 100). */
	dated_fails("region: d\nextends: national\nassessment:\n  items:\n"
	            "    - {id: a, name: 甲, metric: cases, weight: 50}\n"
	            "    - id: b\n      name: 乙\n      metric: residents\n      weight:\n"
	            "        - {value: 40, until: 2019-12-31}\n"
	            "        - {value: 50, from: 2020-01-01}\n",
	            4, 3, "add up to 90, not the total 100");
	/* The changes of every alternative count, not only the first's: from
	 * 2031 nothing covers b's weight and it has no inherited value, which
	 * only the second alternative's end (2030-12-31) shows. */
	dated_fails("region: d\nextends: national\nassessment:\n  items:\n"
	            "    - {id: a, name: 甲, metric: cases, weight: 50}\n"
	            "    - id: b\n      name: 乙\n      metric: residents\n      weight:\n"
	            "        - {value: 50, until: 2029-12-31}\n"
	            "        - {value: 50, from: 2030-01-01, until: 2030-12-31}\n",
	            6, 7, "missing required key 'weight'");
}
END_TEST

/*
 * Coverage of the assessment rules by the file's tests. The rules have
 * 2 items, 3 deductions, 1 veto, 2 coefficients, and national's 4
 * sanctions and 4 grade bands: 16 entries. By hand:
 *  - visits at 28: short by 2, deduct[0] takes 1 (59 points); 28 is not
 *    below 10, deduct[1] takes nothing. At 5: short by 25, deduct[0]
 *    takes 12.5, deduct[1] 20: 27.5 points. visits 2 hits, deduct[0] 2,
 *    deduct[1] 1; satisfaction and its deduction none.
 *  - veto major at 0 (at_least unset: 1) does not apply: exercised.
 *  - difficulty class1: 1.1; class2 untested.
 *  - sanction last_place_warning, rank 5 of 5: applies; the other three not.
 *  - grade at 85: good; excellent, pass, fail untested.
 * Exercised: visits, 2 deductions, major, class1, last_place_warning,
 * good = 7; not: 9.
 */
static const char COVERED[] =
	"region: cov\n"
	"extends: national\n"
	"staffing:\n"
	"  office_classes:\n"
	"    - {code: class1, name: 一类警务室, rank: 1}\n"
	"    - {code: class2, name: 二类警务室, rank: 2}\n"
	"assessment:\n"
	"  items:\n"
	"    - id: visits\n"
	"      name: 走访\n"
	"      metric: households_visited_per_month\n"
	"      weight: 60\n"
	"      target: 30\n"
	"      deduct:\n"
	"        - {per_unit: 0.5}\n"
	"        - {below: 10, points: 20}\n"
	"    - id: satisfaction\n"
	"      name: 满意率\n"
	"      metric: satisfaction_rate\n"
	"      weight: 40\n"
	"      target: 90%\n"
	"      deduct:\n"
	"        - {per_percent: 10, points: 10}\n"
	"  veto:\n"
	"    - {id: major, name: 重大事故, metric: major_incidents, effect: zero}\n"
	"  difficulty:\n"
	"    class1: 1.1\n"
	"    class2: 1.0\n"
	"tests:\n"
	"  - {name: a, check: score_item, item: visits, value: 28, expect: 59}\n"
	"  - {name: b, check: score_item, item: visits, value: 5, expect: 27.5}\n"
	"  - {name: c, check: veto, veto: major, metric_value: 0, expect: false}\n"
	"  - {name: d, check: difficulty, office_class: class1, expect: 1.1}\n"
	"  - {name: e, check: sanction, sanction: last_place_warning, rank: 5, ranked: 5, streak: 1,"
	" expect: true}\n"
	"  - {name: f, check: grade, score: 85, expect: good}\n";

typedef struct cover_log {
	char text[2048];
	size_t n;
} cover_log;

static int log_cover(const cpol_rules_cover *c, void *payload)
{
	cover_log *l = payload;
	size_t len = strlen(l->text);
	snprintf(l->text + len, sizeof(l->text) - len, "%s %s %zu\n", c->kind_name, c->id, c->hits);
	l->n++;
	return 0;
}

START_TEST(coverage_lists_what_no_test_exercised)
{
	cpol_rules_options o = opts_with(NULL);
	cpol_rules *r = NULL;
	cover_log l = { "", 0 };
	size_t failed = 9, uncovered = 0;

	o.name = "cov.yaml";
	ck_assert_ok(cpol_rules_load_string(&r, COVERED, &o));
	ck_assert_ok(cpol_rules_run_tests(&failed, r, NULL, NULL));
	ck_assert_uint_eq(failed, 0);
	ck_assert_ok(cpol_rules_test_coverage(&uncovered, r, log_cover, &l));
	ck_assert_uint_eq(l.n, 16);
	ck_assert_uint_eq(uncovered, 9);
	ck_assert_str_eq(l.text,
	                 "item visits 2\n"
	                 "deduction visits.deduct[0] 2\n"
	                 "deduction visits.deduct[1] 1\n"
	                 "item satisfaction 0\n"
	                 "deduction satisfaction.deduct[0] 0\n"
	                 "veto major 1\n"
	                 "coefficient class1 1\n"
	                 "coefficient class2 0\n"
	                 "sanction last_place_warning 1\n"
	                 "sanction last_place_transfer 0\n"
	                 "sanction annual_top_three 0\n"
	                 "sanction nameplate_revoked 0\n"
	                 "grade excellent 0\n"
	                 "grade good 1\n"
	                 "grade pass 0\n"
	                 "grade fail 0\n");
	cpol_rules_free(r);
}
END_TEST

START_TEST(shipped_files_load_and_pass_their_tests)
{
	int i;
	for (i = 0; shipped[i]; i++) {
		cpol_rules *r = load_region(shipped[i]);
		size_t failed = 99;
		int seen = 0;
		ck_assert_str_eq(cpol_rules_region(r), shipped[i]);
		ck_assert_uint_gt(cpol_rules_test_count(r), 3);
		ck_assert_ok(cpol_rules_run_tests(&failed, r, count_failures, &seen));
		ck_assert_msg(failed == 0, "%s: %zu rule tests failed", shipped[i], failed);
		ck_assert_int_eq(seen, (int)cpol_rules_test_count(r));
		ck_assert_uint_eq(strlen(cpol_rules_hash(r)), 64);
		cpol_rules_free(r);
	}
}
END_TEST

START_TEST(shipped_files_load_by_path_and_name_alike)
{
	char path[512];
	int i;
	for (i = 0; shipped[i]; i++) {
		cpol_rules_options o = opts_with(NULL);
		cpol_rules *a = load_region(shipped[i]), *b = NULL;
		snprintf(path, sizeof(path), "%s/%s.yaml", REGIONS, shipped[i]);
		/* the parent (national) needs no search path: it is built in */
		ck_assert_ok(cpol_rules_load_file(&b, path, &o));
		ck_assert_str_eq(cpol_rules_hash(a), cpol_rules_hash(b));
		ck_assert_str_eq(cpol_rules_chain_file(NULL, b, 0), path);
		cpol_rules_free(a);
		cpol_rules_free(b);
	}
}
END_TEST

START_TEST(all_keys_file_passes_its_tests)
{
	cpol_rules_options o = opts_with(NULL);
	cpol_rules *r = NULL;
	size_t failed = 99;
	int seen = 0;
	ck_assert_ok(cpol_rules_load_file(&r, RULES_DATA "/all_keys.yaml", &o));
	ck_assert_ok(cpol_rules_run_tests(&failed, r, count_failures, &seen));
	ck_assert_uint_eq(failed, 0);
	ck_assert_int_eq(seen, 13);
	cpol_rules_free(r);
}
END_TEST

/* The domain numbers, from ../shared/domain.md, through the typed views. */
START_TEST(domain_numbers_of_the_shipped_regions)
{
	cpol_rules *r;
	const cpol_rule_ref *ref;
	int64_t n;
	int b;

	r = load_region("nantong");
	ck_assert_int_eq(cpol_rules_get_staffing(r)->residents_per_officer.value, 3000);
	ck_assert_str_eq(cpol_rules_get_staffing(r)->residents_per_officer.ref->region, "nantong");
	ck_assert_int_eq(cpol_rules_get_staffing(r)->residents_per_officer.ref->line,
	                 line_of(REGIONS "/nantong.yaml", "  residents_per_officer: 3000"));
	ck_assert_ok(cpol_rules_officers_needed(&n, &ref, r, 9001, 0));
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(ref->key, "staffing.residents_per_officer");
	cpol_rules_free(r);

	r = load_region("chengdu");
	ck_assert_ok(cpol_rules_officers_needed(&n, &ref, r, 12000, 3500));
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(ref->key, "staffing.households_per_officer");
	ck_assert_double_eq(cpol_rules_get_staffing(r)->min_office_area_m2.value, 15);
	ck_assert_double_eq(cpol_rules_get_staffing(r)->residents_per_officer_range.min.value, 3000);
	ck_assert_double_eq(cpol_rules_get_staffing(r)->residents_per_officer_range.max.value, 5000);
	cpol_rules_free(r);

	r = load_region("mountain_county");
	ck_assert_int_eq(cpol_rules_get_visits(r)->days_in_district_per_week.value, 3);
	ck_assert_int_eq(cpol_rules_get_visits(r)->households_per_month.value, 30);
	/* 六防宣传 has no number in the sources: no region sets one */
	ck_assert_ptr_null(cpol_rules_get_visits(r)->publicity_per_month.ref);
	ck_assert_int_eq(cpol_rules_get_visits(r)->key_person_visits_per_month.value, 1);
	ck_assert_int_eq(cpol_rules_get_assessment(r)->period.value.kind, CPOL_CADENCE_PERIOD);
	ck_assert_int_eq(cpol_rules_get_assessment(r)->period.value.every.unit, CPOL_UNIT_QUARTER);
	cpol_rules_free(r);

	r = load_region("ab_office");
	ck_assert_uint_eq(cpol_rules_get_duty(r)->post_count, 2);
	ck_assert_str_eq(cpol_rules_get_duty(r)->posts[0], "A");
	ck_assert_int_eq(cpol_rules_get_duty(r)->min_nights_per_week.value, 2);
	/* 带领夜间巡逻 on each of the two duty nights [000] */
	ck_assert_int_eq(cpol_rules_get_duty(r)->night_patrols_per_week.value, 2);
	ck_assert_int_eq(cpol_rules_get_duty(r)->reception_weekdays.value, (1 << 3) | (1 << 4));
	ck_assert_ok(cpol_rules_is_reception_day(&b, &ref, r, D("2024-05-08")));
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "duty.reception_weekdays");
	ck_assert_ok(cpol_rules_is_reception_day(&b, &ref, r, D("2024-01-08"))); /* market Monday */
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "duty.reception_on_market_days");
	/* return visits come from national, three days */
	ck_assert_int_eq(cpol_rules_get_visits(r)->return_visit_within.value.count, 3);
	ck_assert_str_eq(cpol_rules_get_visits(r)->return_visit_within.ref->region, "national");
	ck_assert_str_eq(cpol_rules_get_visits(r)->return_visit_within.ref->file,
	                 "<built-in>/national.yaml");
	cpol_rules_free(r);

	r = load_region("zhuanzhi");
	ck_assert_int_eq(cpol_rules_get_duty(r)->no_duty_after.value, 22 * 60);
	cpol_rules_free(r);

	r = load_region("national");
	{
		const cpol_rules_label *kp;
		const cpol_rules_sanction *s;
		cpol_standing st = CPOL_STANDING_INIT;
		ck_assert_ok(cpol_rules_find_label(&kp, r, "key_person"));
		ck_assert_int_eq(kp->kind, CPOL_LABEL_KEY_PERSON);
		ck_assert_int_eq(kp->assess.value.every.unit, CPOL_UNIT_MONTH);
		ck_assert_int_eq(kp->talk.value.every.unit, CPOL_UNIT_QUARTER);
		ck_assert_ok(cpol_rules_find_sanction(&s, r, "last_place_transfer"));
		ck_assert_double_eq(s->score_below.value, 80);
		ck_assert_int_eq(s->consecutive.value, 2);
		st.rank = st.ranked = 12;
		st.last_place_streak = 1;
		st.score = 70;
		ck_assert_ok(cpol_rules_sanction_applies(&b, &ref, r, "last_place_transfer", &st));
		ck_assert_int_eq(b, 0); /* once is not twice */
		ck_assert_ok(cpol_rules_sanction_applies(&b, &ref, r, "last_place_warning", &st));
		ck_assert_int_eq(b, 1);
		ck_assert_str_eq(ref->key, "assessment.sanctions[last_place_warning]");
		ck_assert_ok(cpol_rules_find_sanction(&s, r, "nameplate_revoked"));
		ck_assert_double_eq_tol(s->metric_below.value, 0.9, 1e-12);
	}
	cpol_rules_free(r);
}
END_TEST

/* --------------------------------------------------------------- docs keys */

static int lookup_doc_key(const cpol_rules *r, const char *key, char *path, size_t pos)
{
	const char *hole = strstr(key, "[]");
	const cpol_rule_ref *ref;
	int i;
	if (!hole) {
		snprintf(path + pos, 512 - pos, "%s", key);
		return cpol_rules_get_ref(&ref, r, path) == 0;
	}
	for (i = 0; i < 4; i++) {
		int n = snprintf(path + pos, 512 - pos, "%.*s[%d]", (int)(hole - key), key, i);
		if (lookup_doc_key(r, hole + 2, path, pos + (size_t)n))
			return 1;
	}
	return 0;
}

/* Every key docs/rules.md documents is set in all_keys.yaml and read back. */
START_TEST(every_documented_key_is_exercised)
{
	static const struct { const char *from, *to; } holes[] = {
		{ "<year>", "2026" }, { "<class>", "class1" }, { "<name>", "survey_rate" } };
	cpol_rules_options o = opts_with(NULL);
	cpol_rules *r = NULL;
	FILE *doc = fopen(TEST_SRCDIR "/docs/rules.md", "r");
	FILE *yf = fopen(RULES_DATA "/all_keys.yaml", "r");
	char line[2048], yaml[16384], key[256], path[512];
	size_t ylen, k;
	int keys = 0;

	ck_assert_ptr_nonnull(doc);
	ck_assert_ptr_nonnull(yf);
	ylen = fread(yaml, 1, sizeof(yaml) - 1, yf);
	yaml[ylen] = '\0';
	fclose(yf);
	ck_assert_ok(cpol_rules_load_file(&r, RULES_DATA "/all_keys.yaml", &o));
	while (fgets(line, sizeof(line), doc)) {
		char *end, *p;
		if (strncmp(line, "| `", 3) != 0)
			continue;
		end = strchr(line + 3, '`');
		if (!end || (size_t)(end - line - 3) >= sizeof(key))
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(end - line - 3), line + 3);
		if (!strchr(key, '.') && !strstr(key, "[]") && strcmp(key, "region") &&
		    strcmp(key, "name") && strcmp(key, "version") && strcmp(key, "extends") &&
		    strcmp(key, "source") && strcmp(key, "tests") && strcmp(key, "obligations"))
			continue; /* the values and checks tables */
		for (k = 0; k < sizeof(holes) / sizeof(holes[0]); k++)
			if ((p = strstr(key, holes[k].from))) {
				char tmp[256];
				snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)(p - key), key, holes[k].to,
				         p + strlen(holes[k].from));
				snprintf(key, sizeof(key), "%s", tmp);
			}
		keys++;
		if (!strncmp(key, "tests", 5) || !strcmp(key, "source") || !strcmp(key, "extends")) {
			/* not in the merged tree: the file sets them and its tests use them */
			const char *last = strrchr(key, '.') ? strrchr(key, '.') + 1 : key;
			char needle[300];
			snprintf(needle, sizeof(needle), "%s:", last);
			ck_assert_msg(strstr(yaml, needle), "documented key %s not in all_keys.yaml", key);
			continue;
		}
		ck_assert_msg(lookup_doc_key(r, key, path, 0),
		              "documented key %s is not set in all_keys.yaml", key);
	}
	fclose(doc);
	ck_assert_int_gt(keys, 150);
	cpol_rules_free(r);
}
END_TEST

/* The typed views hold what all_keys.yaml says, key by key. */
START_TEST(typed_sections_hold_every_value)
{
	cpol_rules_options o = opts_with(NULL);
	cpol_rules *r = NULL;
	const cpol_rules_staffing *s;
	const cpol_rules_population *p;
	const cpol_rules_places *pl;
	const cpol_rules_duty *d;
	const cpol_rules_calendar *c;
	const cpol_rules_assessment *a;
	const cpol_rules_office_class *oc;
	char buf[CPOL_CADENCE_BUFSZ];

	ck_assert_ok(cpol_rules_load_file(&r, RULES_DATA "/all_keys.yaml", &o));
	s = cpol_rules_get_staffing(r);
	ck_assert_int_eq(s->households_per_officer.value, 1000);
	ck_assert_int_eq(s->auxiliaries_per_officer.value, 2);
	ck_assert_str_eq(s->default_model.value, "one_per_community");
	ck_assert_uint_eq(s->office_class_count, 2);
	oc = &s->office_classes[0];
	ck_assert_str_eq(oc->code, "class1");
	ck_assert_str_eq(oc->name, "一类警务室");
	ck_assert_double_eq(oc->households.min.value, 1500);
	ck_assert_ptr_null(oc->households.max.ref);
	ck_assert_double_eq(oc->key_persons.min.value, 10);
	ck_assert_double_eq(oc->places.min.value, 20);
	ck_assert_double_eq(oc->cases_per_10k.min.value, 30);
	ck_assert_int_eq(oc->min_officers.value, 2);
	ck_assert_int_eq(oc->min_auxiliaries.value, 4);
	ck_assert_double_eq(oc->min_area_m2.value, 60);
	ck_assert_str_eq(oc->description.value, "治安复杂");
	ck_assert_uint_eq(s->model_count, 1);
	ck_assert_str_eq(s->models[0].unit.value, "community");
	ck_assert_double_eq(s->models[0].units.max.value, 1);
	ck_assert_str_eq(s->models[0].when.value, "治安平稳");

	p = cpol_rules_get_population(r);
	ck_assert_uint_eq(p->residence_type_count, 1);
	ck_assert_int_eq(p->residence_types[0].register_required.value, 1);
	ck_assert_int_eq(p->residence_types[0].register_within.value.count, 3);
	ck_assert_str_eq(cpol_cadence_format(buf, &p->residence_types[0].verify.value), "quarter");
	ck_assert_str_eq(cpol_cadence_format(buf, &p->labels[0].visit.value), "month");
	ck_assert_int_eq(p->id_number.accept_15_digit.value, 1);
	ck_assert_int_eq(p->id_number.require_check_char.value, 1);
	ck_assert_int_eq(p->id_number.accept_lowercase_x.value, 0);
	ck_assert_ptr_nonnull(p->id_number.accept_lowercase_x.ref);

	ck_assert_str_eq(cpol_cadence_format(buf, &cpol_rules_get_visits(r)->household_cadence.value),
	                 "week");
	ck_assert_str_eq(cpol_duration_format(buf, &cpol_rules_get_visits(r)->feedback_within.value),
	                 "1w");
	ck_assert_int_eq(cpol_rules_get_visits(r)->contact_card.value, 1);

	pl = cpol_rules_get_places(r);
	ck_assert_str_eq(cpol_cadence_format(buf, &pl->types[0].supervise.value), "half-month");
	ck_assert_str_eq(cpol_cadence_format(buf, &pl->types[0].contact.value), "quarter");
	ck_assert_int_eq(pl->types[0].on_file.value, 1);
	ck_assert_str_eq(cpol_duration_format(buf, &pl->rectification_deadline.value), "15d");
	ck_assert_str_eq(cpol_duration_format(buf, &pl->escalate_after.value), "1w");

	ck_assert_uint_eq(cpol_rules_get_obligations(r)->count, 1);
	ck_assert_int_eq(cpol_rules_get_obligations(r)->items[0].kind, CPOL_OBLIGATION_MEETING);
	ck_assert_int_eq(cpol_rules_get_obligations(r)->items[0].cadence.value.day,
	                 CPOL_CADENCE_MONTH_END);
	ck_assert_str_eq(cpol_rules_get_obligations(r)->items[0].audience.value, "群防群治组织");

	d = cpol_rules_get_duty(r);
	ck_assert_int_eq(d->reception_weekdays.value, (1 << 3) | (1 << 4)); /* 周三, Thursday */
	ck_assert_int_eq(d->max_nights_per_week.value, 3);
	ck_assert_int_eq(d->rest_after_night.value, 1);
	ck_assert_int_eq(d->auxiliary_hours_per_day.value, 12);
	ck_assert_int_eq(d->training_days_per_year.value, 15);
	ck_assert_ptr_nonnull(d->posts_ref);

	c = cpol_rules_get_calendar(r);
	ck_assert_int_eq(c->weekend.value, (1 << 6) | (1 << 7));
	ck_assert_int_eq(c->work_start.value, 8 * 60 + 30);
	ck_assert_int_eq(c->work_end.value, 17 * 60 + 30);
	ck_assert_int_eq(c->break_minutes.value, 60);
	/* 2024 and 2025 from national (map merged by year) and 2026 from here */
	ck_assert_uint_gt(c->holiday_count, 40);
	ck_assert_uint_eq(c->market_days.days_of_month_count, 2);
	ck_assert_int_eq(c->market_days.days_of_month[1], 15);
	ck_assert_uint_eq(c->market_days.date_count, 2);
	ck_assert_str_eq(c->market_days.dates[1].name, "春节集市");
	ck_assert_int_eq(c->market_days.every.value.count, 5);
	assert_date(c->market_days.anchor.value, "2024-01-03");
	ck_assert_str_eq(c->deadline_on_holiday.value, "keep");
	ck_assert_str_eq(c->deadline_on_holiday.ref->region, "all_keys");
	ck_assert_str_eq(c->period_end_on_holiday.value, "previous_working_day");

	a = cpol_rules_get_assessment(r);
	ck_assert_double_eq(a->total.value, 100);
	ck_assert_str_eq(a->ranking_scope.value, "county");
	ck_assert_uint_eq(a->item_count, 2);
	ck_assert_str_eq(a->items[1].formula.value, "cases / residents * 10000");
	ck_assert_int_eq(a->items[1].lower_is_better.value, 1);
	ck_assert_int_eq(a->items[0].deductions[0].kind, CPOL_DEDUCT_PER_UNIT);
	ck_assert_double_eq(a->items[0].deductions[0].cap.value, 10);
	ck_assert_int_eq(a->items[0].deductions[1].kind, CPOL_DEDUCT_PER_PERCENT);
	ck_assert_double_eq(a->items[0].deductions[1].step, 10);
	ck_assert_int_eq(a->items[1].deductions[0].kind, CPOL_DEDUCT_THRESHOLD);
	ck_assert_double_eq(a->items[1].deductions[0].threshold, 10);
	ck_assert_uint_eq(a->bonus_count, 1);
	ck_assert_double_eq(a->bonuses[0].per_unit.value, 0.5);
	ck_assert_double_eq(a->bonuses[0].max.value, 5);
	ck_assert_str_eq(a->bonuses[0].metric.value, "good_deeds");
	ck_assert_uint_eq(a->veto_count, 1);
	ck_assert_int_eq(a->vetoes[0].effect, CPOL_VETO_CAP_GRADE);
	ck_assert_str_eq(a->vetoes[0].grade.value, "pass");
	ck_assert_double_eq(a->vetoes[0].at_least.value, 1);
	ck_assert_uint_eq(a->grade_count, 3);
	ck_assert_str_eq(a->grades[0].code, "excellent");
	ck_assert_uint_eq(a->difficulty_count, 1);
	ck_assert_str_eq(a->difficulty[0].office_class, "class1");
	ck_assert_int_eq(a->sanctions[0].action, CPOL_SANCTION_TRANSFER);
	ck_assert_str_eq(a->sanctions[0].target.value, "officer");
	ck_assert_int_eq(a->sanctions[1].rank_at_most.value, 3);
	ck_assert_str_eq(a->sanctions[2].metric.value, "satisfaction_rate");
	ck_assert_uint_eq(a->sanctions[0].action_count, 1);
	ck_assert_uint_eq(a->sanctions[3].action_count, 2);
	ck_assert_int_eq(a->sanctions[3].action, CPOL_SANCTION_CRITICISM);
	ck_assert_int_eq(a->sanctions[3].actions[0], CPOL_SANCTION_CRITICISM);
	ck_assert_int_eq(a->sanctions[3].actions[1], CPOL_SANCTION_WARNING_TALK);
	cpol_rules_free(r);
}
END_TEST

/* ---------------------------------------------------------- generic access */

START_TEST(generic_accessors_by_key_path)
{
	cpol_rules *r = load_region("mountain_county");
	const cpol_rule_ref *ref;
	const char *s;
	int64_t i;
	double d;
	int b;
	size_t n;
	cpol_duration du;
	cpol_cadence ca;
	cpol_date date;
	cpol_rule_type t;

	ck_assert_ok(cpol_rules_get_int(&i, &ref, r, "visits.households_per_month"));
	ck_assert_int_eq(i, 30);
	ck_assert_str_eq(ref->key, "visits.households_per_month");
	ck_assert_str_eq(ref->region, "mountain_county");
	ck_assert_int_eq(ref->line, line_of(REGIONS "/mountain_county.yaml", "households_per_month: 30"));
	ck_assert_int_eq(ref->column, 25);
	ck_assert_ok(cpol_rules_get_number(&d, NULL, r, "assessment.items[household_visits].weight"));
	ck_assert_double_eq(d, 20);
	ck_assert_ok(cpol_rules_get_number(&d, NULL, r, "visits.households_per_month"));
	ck_assert_double_eq(d, 30); /* integers read as numbers too */
	ck_assert_ok(cpol_rules_get_number(&d, NULL, r, "assessment.items[6].target"));
	ck_assert_double_eq_tol(d, 0.95, 1e-12);
	ck_assert_ok(cpol_rules_get_bool(&b, NULL, r, "visits.contact_card"));
	ck_assert_int_eq(b, 1);
	ck_assert_ok(cpol_rules_get_string(&s, &ref, r, "population.labels[key_person].name"));
	ck_assert_str_eq(s, "重点人口");
	ck_assert_str_eq(ref->region, "national");
	ck_assert_ok(cpol_rules_get_duration(&du, NULL, r, "visits.feedback_within"));
	ck_assert_int_eq(du.unit, CPOL_UNIT_WEEK);
	ck_assert_ok(cpol_rules_get_cadence(&ca, NULL, r, "obligations[half_year_test].cadence"));
	ck_assert_int_eq(ca.every.unit, CPOL_UNIT_HALF_YEAR);
	ck_assert_ok(cpol_rules_get_date(&date, NULL, r, "calendar.workdays.2024[0]"));
	assert_date(date, "2024-02-04");
	ck_assert_ok(cpol_rules_get_int(&i, NULL, r, "calendar.work_start"));
	ck_assert_int_eq(i, 510);
	ck_assert_ok(cpol_rules_get_int(&i, NULL, r, "calendar.weekend"));
	ck_assert_int_eq(i, (1 << 6) | (1 << 7));
	ck_assert_ok(cpol_rules_get_text(&s, NULL, r, "calendar.weekend"));
	ck_assert_str_eq(s, "[sat,sun]");
	ck_assert_ok(cpol_rules_get_text(&s, NULL, r, "calendar.work_end"));
	ck_assert_str_eq(s, "17:30");
	ck_assert_ok(cpol_rules_get_text(&s, NULL, r, "assessment.items[satisfaction].target"));
	ck_assert_str_eq(s, "0.95");
	ck_assert_ok(cpol_rules_get_count(&n, r, "assessment.items"));
	ck_assert_uint_eq(n, 7);
	ck_assert_ok(cpol_rules_get_type(&t, r, "assessment.items"));
	ck_assert_int_eq(t, CPOL_RULE_LIST);
	ck_assert_ok(cpol_rules_get_type(&t, r, "visits"));
	ck_assert_int_eq(t, CPOL_RULE_MAP);
	ck_assert_ok(cpol_rules_get_type(&t, r, "visits.return_visit_within"));
	ck_assert_int_eq(t, CPOL_RULE_DURATION);
	ck_assert_ok(cpol_rules_get_type(&t, r, "duty.training_days_per_year"));
	ck_assert_int_eq(t, CPOL_RULE_INT);
	ck_assert_ok(cpol_rules_get_ref(&ref, r, "assessment.items[household_visits]"));
	ck_assert_str_eq(ref->key, "assessment.items[household_visits]");
	ck_assert_str_eq(ref->region, "mountain_county");

	ck_assert_fails(cpol_rules_get_int(&i, &ref, r, "visits.households_a_month"), CPOL_ENOTFOUND);
	ck_assert_ptr_null(ref);
	ck_assert_fails(cpol_rules_get_int(&i, NULL, r, "visits.feedback_within"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "visits.feedback_within");
	ck_assert_fails(cpol_rules_get_string(&s, NULL, r, "visits"), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_get_text(&s, NULL, r, "visits"), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_get_int(&i, NULL, r, "assessment.items[99].weight"), CPOL_ENOTFOUND);
	ck_assert_fails(cpol_rules_get_int(&i, NULL, r, "assessment.items[nope].weight"), CPOL_ENOTFOUND);
	ck_assert_fails(cpol_rules_get_int(&i, NULL, r, "visits..x"), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_get_int(&i, NULL, r, "visits[0"), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_get_count(&n, r, "visits.households_per_month"), CPOL_EINVAL);
	cpol_rules_free(r);
}
END_TEST

START_TEST(iterator_walks_values_in_key_order)
{
	cpol_rules *r = load_region("nantong");
	cpol_rules_iter *it;
	const cpol_rule_ref *ref;
	const char *text;
	int n = 0, rc;

	ck_assert_ok(cpol_rules_iter_new(&it, r, "visits"));
	while ((rc = cpol_rules_iter_next(&ref, &text, it)) == 0) {
		if (n == 0) {
			ck_assert_str_eq(ref->key, "visits.contact_card");
			ck_assert_str_eq(text, "true");
		}
		if (n == 3) {
			ck_assert_str_eq(ref->key, "visits.return_visit_within");
			ck_assert_str_eq(text, "3d");
		}
		n++;
	}
	ck_assert_int_eq(rc, CPOL_ITEROVER);
	ck_assert_int_eq(n, 4); /* contact_card, feedback_within, household_cadence, return_visit_within */
	cpol_rules_iter_free(it);

	ck_assert_ok(cpol_rules_iter_new(&it, r, NULL));
	for (n = 0; cpol_rules_iter_next(&ref, NULL, it) == 0; n++)
		;
	ck_assert_int_gt(n, 200);
	cpol_rules_iter_free(it);
	ck_assert_fails(cpol_rules_iter_new(&it, r, "nothing.here"), CPOL_ENOTFOUND);
	ck_assert_ptr_null(it);
	cpol_rules_free(r);
}
END_TEST

START_TEST(options_and_arguments)
{
	cpol_rules_options o;
	cpol_rules *r = (cpol_rules *)1;
	ck_assert_ok(cpol_rules_options_init(&o, CPOL_RULES_OPTIONS_VERSION));
	ck_assert_uint_eq(o.version, CPOL_RULES_OPTIONS_VERSION);
	ck_assert_ptr_null(o.search_path);
	ck_assert_fails(cpol_rules_options_init(&o, 99), CPOL_EINVAL);
	o.version = 99;
	ck_assert_fails(cpol_rules_load_string(&r, "region: x\n", &o), CPOL_EINVAL);
	ck_assert_ptr_null(r);
	ck_assert_fails(cpol_rules_load_region(&r, "../etc/passwd", NULL), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_load_region(&r, "Nantong", NULL), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_load_string(&r, NULL, NULL), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_load_file(&r, "/nonexistent/x.yaml", NULL), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->file, "/nonexistent/x.yaml");
	o = opts_with("/nonexistent");
	ck_assert_fails(cpol_rules_load_region(&r, "nowhere", &o), CPOL_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "/nonexistent"));
	/* national needs no path at all */
	ck_assert_ok(cpol_rules_load_region(&r, "national", &o));
	ck_assert_uint_eq(cpol_rules_chain_length(r), 1);
	ck_assert_str_eq(cpol_rules_chain_file(NULL, r, 0), "<built-in>/national.yaml");
	ck_assert_ptr_null(cpol_rules_chain_file(NULL, r, 1));
	cpol_rules_free(r);
	cpol_rules_free(NULL);
}
END_TEST

START_TEST(found_through_environment_path)
{
	cpol_rules_options o;
	cpol_rules *r = NULL;
	ck_assert_ok(cpol_rules_options_init(&o, CPOL_RULES_OPTIONS_VERSION));
	o.flags = CPOL_RULES_NO_INSTALLED;
	setenv("CPOL_RULES_PATH", "/nonexistent:" REGIONS, 1);
	ck_assert_ok(cpol_rules_load_region(&r, "chengdu", &o));
	cpol_rules_free(r);
	o.flags |= CPOL_RULES_NO_ENV;
	ck_assert_fails(cpol_rules_load_region(&r, "chengdu", &o), CPOL_ENOTFOUND);
	unsetenv("CPOL_RULES_PATH");
}
END_TEST

/* ----------------------------------------------------------------- merging */

static char *tmp;

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(testutil_path(tmp, name), "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static int load_tmp(cpol_rules **r, const char *name)
{
	char path[600];
	cpol_rules_options o = opts_with(NULL);
	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return cpol_rules_load_file(r, path, &o);
}

static const char CITY[] =
	"region: city\n"
	"name: City\n"
	"staffing:\n"
	"  residents_per_officer: 4000\n"
	"  households_per_officer: 1200\n"
	"visits:\n"
	"  households_per_month: 20\n"
	"assessment:\n"
	"  items:\n"
	"    - {id: a, name: A, metric: m_a, weight: 60, target: 10, deduct: [{per_unit: 1}]}\n"
	"    - {id: b, name: B, metric: m_b, weight: 40}\n"
	"tests:\n"
	"  - {name: city test, check: value, key: visits.households_per_month, expect: 20}\n";

static const char DISTRICT[] =
	"region: district\n"
	"extends: city\n"
	"staffing:\n"
	"  households_per_officer: ~\n"
	"visits:\n"
	"  key_person_visits_per_month: 2\n"
	"duty:\n"
	"  posts: [A, B, C]\n"
	"obligations: !extend\n"
	"  - {id: work_log, cadence: week}\n"
	"  - {id: extra, name: Extra, kind: report, cadence: year}\n"
	"assessment:\n"
	"  items: !extend\n"
	"    - {id: a, weight: 50}\n"
	"    - {id: c, name: C, metric: m_c, weight: 10}\n";

START_TEST(merge_semantics_over_three_files)
{
	cpol_rules *r = NULL;
	const cpol_rule_ref *ref;
	const cpol_rules_item *it;
	const cpol_rules_obligation *ob;
	const char *region;
	int64_t n;

	write_file("city.yaml", CITY);
	write_file("district.yaml", DISTRICT);
	ck_assert_ok(load_tmp(&r, "district.yaml"));
	ck_assert_uint_eq(cpol_rules_chain_length(r), 3);
	ck_assert_ptr_nonnull(strstr(cpol_rules_chain_file(&region, r, 1), "city.yaml"));
	ck_assert_str_eq(region, "city");
	ck_assert_str_eq(cpol_rules_chain_file(&region, r, 2), "<built-in>/national.yaml");
	/* name is not inherited; region is the file's own */
	ck_assert_str_eq(cpol_rules_name(r), "district");
	ck_assert_str_eq(cpol_rules_region(r), "district");
	/* maps merge key by key */
	ck_assert_int_eq(cpol_rules_get_visits(r)->households_per_month.value, 20);
	ck_assert_str_eq(cpol_rules_get_visits(r)->households_per_month.ref->region, "city");
	ck_assert_int_eq(cpol_rules_get_visits(r)->key_person_visits_per_month.value, 2);
	ck_assert_str_eq(cpol_rules_get_visits(r)->return_visit_within.ref->region, "national");
	/* null removes */
	ck_assert_ptr_null(cpol_rules_get_staffing(r)->households_per_officer.ref);
	ck_assert_ok(cpol_rules_officers_needed(&n, &ref, r, 8001, 99999));
	ck_assert_int_eq(n, 3);
	/* lists replace (posts) or extend */
	ck_assert_uint_eq(cpol_rules_get_duty(r)->post_count, 3);
	ck_assert_uint_eq(cpol_rules_get_assessment(r)->item_count, 3);
	ck_assert_ok(cpol_rules_find_item(&it, r, "a"));
	ck_assert_double_eq(it->weight.value, 50);              /* merged by id */
	ck_assert_str_eq(it->weight.ref->region, "district");
	ck_assert_str_eq(it->metric.value, "m_a");              /* kept from city */
	ck_assert_str_eq(it->metric.ref->region, "city");
	ck_assert_uint_eq(it->deduction_count, 1);
	ck_assert_ok(cpol_rules_find_item(&it, r, "c"));        /* appended */
	ck_assert_str_eq(cpol_rules_get_assessment(r)->items[2].id, "c");
	ck_assert_ok(cpol_rules_find_obligation(&ob, r, "work_log"));
	ck_assert_int_eq(ob->kind, CPOL_OBLIGATION_RECORD);     /* national's kind */
	ck_assert_int_eq(ob->cadence.value.every.unit, CPOL_UNIT_WEEK);
	ck_assert_ok(cpol_rules_find_obligation(&ob, r, "extra"));
	ck_assert_ok(cpol_rules_find_obligation(&ob, r, "joint_meeting"));
	/* the city's tests are not the district's */
	ck_assert_uint_eq(cpol_rules_test_count(r), 0);
	cpol_rules_free(r);
}
END_TEST

START_TEST(errors_are_reported_in_the_file_that_made_them)
{
	cpol_rules *r = (cpol_rules *)1;
	write_file("city.yaml",
	           "region: city\n"
	           "visits:\n"
	           "  households_per_month: many\n");
	write_file("district.yaml",
	           "region: district\n"
	           "extends: city\n"
	           "visits:\n"
	           "  households_per_month: 3\n");
	ck_assert_fails(load_tmp(&r, "district.yaml"), CPOL_ERULES);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->file, "city.yaml"));
	ck_assert_int_eq(cpol_error_last()->line, 3);
	ck_assert_int_eq(cpol_error_last()->column, 25);
	ck_assert_str_eq(cpol_error_last()->field, "visits.households_per_month");
}
END_TEST

static void chain_error(const char *main_file, int code, int line, const char *text)
{
	cpol_rules *r = (cpol_rules *)1;
	ck_assert_fails(load_tmp(&r, main_file), code);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(cpol_error_last()->message, text), "'%s' not in '%s'", text,
	              cpol_error_last()->message);
	ck_assert_int_eq(cpol_error_last()->line, line);
}

START_TEST(extends_cycle_missing_parent_and_names)
{
	write_file("a.yaml", "region: a\nextends: b\n");
	write_file("b.yaml", "region: b\nextends: a\n");
	chain_error("a.yaml", CPOL_ERULES, 2, "extends cycle: a -> b -> a");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->file, "b.yaml"));
	write_file("s.yaml", "# self\nregion: s\nextends: s\n");
	chain_error("s.yaml", CPOL_ERULES, 3, "extends cycle: s -> s");
	write_file("m.yaml", "region: m\nname: M\nextends: nowhere\n");
	chain_error("m.yaml", CPOL_ENOTFOUND, 3, "parent region 'nowhere' not found");
	ck_assert_str_eq(cpol_error_last()->field, "extends");
	write_file("c.yaml", "region: c\nextends: d\n");
	write_file("d.yaml", "\nregion: e\n");
	chain_error("c.yaml", CPOL_ERULES, 2, "region 'e' does not match the file's name 'd.yaml'");
	write_file("n.yaml", "region: national\nextends: nantong\n");
	chain_error("n.yaml", CPOL_ERULES, 2, "extend nothing");
}
END_TEST

/* -------------------------------------------------------------------- hash */

static const char HASH_A[] =
	"region: h\n"
	"visits:\n"
	"  households_per_month: 30\n"
	"  feedback_within: 7d\n"
	"duty: {posts: [A, B], reception_weekdays: [wed, thu]}\n";

static const char HASH_B[] =
	"# the same rules, reordered, respelled, commented\n"
	"duty:\n"
	"    reception_weekdays: [周四, 3]   # thu, wed\n"
	"    posts:\n"
	"      - A\n"
	"      - \"B\"\n"
	"\n"
	"visits: {feedback_within: 1w, households_per_month: 30}\n"
	"region: h\n"
	"tests:\n"
	"  - {name: tests are not hashed, check: value, key: \"duty.posts[0]\", expect: A}\n";

static const char HASH_C[] =
	"region: h\n"
	"visits:\n"
	"  households_per_month: 31\n"
	"  feedback_within: 7d\n"
	"duty: {posts: [A, B], reception_weekdays: [wed, thu]}\n";

START_TEST(hash_is_stable_and_sensitive)
{
	cpol_rules *a = load_text(HASH_A), *b = load_text(HASH_B), *c = load_text(HASH_C);
	cpol_rules *n1 = load_region("national"), *n2;
	char *canon;
	ck_assert_str_eq(cpol_rules_hash(a), cpol_rules_hash(b));
	ck_assert_str_ne(cpol_rules_hash(a), cpol_rules_hash(c));
	ck_assert_str_ne(cpol_rules_hash(a), cpol_rules_hash(n1));
	ck_assert_ok(cpol_rules_canonical(&canon, a));
	ck_assert_ptr_nonnull(strstr(canon, "\"feedback_within\":\"1w\""));
	ck_assert_ptr_nonnull(strstr(canon, "\"households_per_month\":30"));
	ck_assert_ptr_null(strstr(canon, "tests"));
	free(canon);
	/* the built-in national and the shipped file hash alike */
	{
		cpol_rules_options o = opts_with(NULL);
		ck_assert_ok(cpol_rules_load_file(&n2, REGIONS "/national.yaml", &o));
		ck_assert_str_eq(cpol_rules_hash(n1), cpol_rules_hash(n2));
		cpol_rules_free(n2);
	}
	cpol_rules_free(a);
	cpol_rules_free(b);
	cpol_rules_free(c);
	cpol_rules_free(n1);
}
END_TEST

START_TEST(hash_ignores_how_values_spread_over_the_chain)
{
	cpol_rules *one = NULL, *two = NULL;
	write_file("p.yaml", "region: p\nvisits: {households_per_month: 12}\n");
	write_file("q.yaml", "region: q\nextends: p\nduty: {min_nights_per_week: 2}\n");
	write_file("q2.yaml", "region: q\nvisits: {households_per_month: 12}\n"
	                      "duty: {min_nights_per_week: 2}\n");
	ck_assert_ok(load_tmp(&one, "q.yaml"));
	ck_assert_ok(load_tmp(&two, "q2.yaml"));
	ck_assert_str_eq(cpol_rules_hash(one), cpol_rules_hash(two));
	cpol_rules_free(one);
	cpol_rules_free(two);
}
END_TEST

/* ------------------------------------------------------ cadence arithmetic */

static void due(const cpol_rules *r, const char *cadence, const char *last, const char *want)
{
	cpol_cadence c;
	cpol_date d;
	ck_assert_ok(cpol_cadence_parse(&c, cadence));
	ck_assert_ok(cpol_rules_next_due(&d, NULL, r, &c, D(last)));
	{
		char buf[CPOL_DATE_BUFSZ];
		ck_assert_msg(strcmp(cpol_date_format(buf, d), want) == 0,
		              "%s after %s: got %s, want %s", cadence, last, buf, want);
	}
}

START_TEST(next_due_on_hand_worked_dates)
{
	cpol_rules *r = load_region("national");
	/* rolling intervals: month ends and leap days */
	due(r, "1m", "2024-01-31", "2024-02-29");
	due(r, "1m", "2023-01-31", "2023-02-28");
	due(r, "1m", "2024-03-31", "2024-04-30");
	due(r, "1y", "2024-02-29", "2025-02-28");
	due(r, "1q", "2024-11-30", "2025-02-28");
	due(r, "3d", "2024-12-30", "2025-01-02");
	due(r, "2w", "2024-02-22", "2024-03-07");
	/* calendar periods: end of the next period */
	due(r, "month", "2024-01-31", "2024-02-29");
	due(r, "month", "2024-01-01", "2024-02-29");
	due(r, "month", "2024-12-05", "2025-01-31");
	due(r, "month", "2023-01-15", "2023-02-28");
	due(r, "week", "2024-05-19", "2024-05-26");   /* Sunday: next ISO week ends Sunday 26th */
	due(r, "week", "2024-05-13", "2024-05-26");   /* Monday of the same week */
	due(r, "week", "2024-12-30", "2025-01-12");   /* ISO week 1 of 2025 starts 2024-12-30 */
	due(r, "half-month", "2024-02-10", "2024-02-29");
	due(r, "half-month", "2024-02-20", "2024-03-15");
	due(r, "half-month", "2024-12-31", "2025-01-15");
	due(r, "quarter", "2024-03-31", "2024-06-30");
	due(r, "quarter", "2024-12-01", "2025-03-31");
	due(r, "half-year", "2024-06-30", "2024-12-31");
	due(r, "year", "2024-02-29", "2025-12-31");
	due(r, "day", "2024-02-28", "2024-02-29");
	/* days of the month */
	due(r, "18th", "2024-12-18", "2025-01-18");
	due(r, "18th", "2024-12-17", "2024-12-18");
	due(r, "31st", "2024-01-31", "2024-02-29");
	due(r, "31st", "2023-01-31", "2023-02-28");
	due(r, "30th", "2024-02-29", "2024-03-30");
	due(r, "month-end", "2024-02-28", "2024-02-29");
	due(r, "month-end", "2024-02-29", "2024-03-31");
	due(r, "1st", "2024-12-01", "2025-01-01");
	/* working days: the 2024 National Day week, then a make-up Saturday */
	due(r, "working-day", "2024-09-30", "2024-10-08");
	due(r, "working-day", "2024-10-11", "2024-10-12");
	due(r, "working-day", "2024-02-09", "2024-02-18");  /* Spring Festival, make-up Sunday 18th */
	due(r, "immediate", "2024-03-03", "2024-03-03");
	cpol_rules_free(r);
}
END_TEST

START_TEST(durations_and_cadences_parse_and_format)
{
	static const struct { const char *in, *out; } dur[] = {
		{ "3d", "3d" }, { "7d", "1w" }, { "14d", "2w" }, { "1w", "1w" }, { "day", "1d" },
		{ "week", "1w" }, { "month", "1m" }, { "3m", "1q" }, { "6m", "half-year" },
		{ "half-year", "half-year" }, { "12m", "1y" }, { "18m", "18m" }, { "quarter", "1q" },
		{ "year", "1y" }, { "2y", "2y" }, { "4q", "1y" } };
	static const struct { const char *in, *out; cpol_cadence_kind kind; } cad[] = {
		{ "month", "month", CPOL_CADENCE_PERIOD }, { "half-month", "half-month", CPOL_CADENCE_PERIOD },
		{ "7d", "1w", CPOL_CADENCE_INTERVAL }, { "18th", "18th", CPOL_CADENCE_DAY_OF_MONTH },
		{ "1st", "1st", CPOL_CADENCE_DAY_OF_MONTH }, { "22nd", "22nd", CPOL_CADENCE_DAY_OF_MONTH },
		{ "23rd", "23rd", CPOL_CADENCE_DAY_OF_MONTH }, { "11th", "11th", CPOL_CADENCE_DAY_OF_MONTH },
		{ "month-end", "month-end", CPOL_CADENCE_DAY_OF_MONTH },
		{ "working-day", "working-day", CPOL_CADENCE_WORKING_DAY },
		{ "immediate", "immediate", CPOL_CADENCE_IMMEDIATE } };
	static const char *const bad_dur[] = { "", "3", "d", "3 d", "0d", "-1d", "3x", "12345d",
	                                       "half-month", "monthly", "1.5d" };
	static const char *const bad_cad[] = { "", "monthly", "18st", "11st", "32nd", "0th", "fortnight",
	                                       "18", "month_end" };
	char buf[CPOL_CADENCE_BUFSZ];
	cpol_duration d;
	cpol_cadence c;
	cpol_date x, s, e;
	size_t i;

	for (i = 0; i < sizeof(dur) / sizeof(dur[0]); i++) {
		ck_assert_ok(cpol_duration_parse(&d, dur[i].in));
		ck_assert_str_eq(cpol_duration_format(buf, &d), dur[i].out);
	}
	for (i = 0; i < sizeof(cad) / sizeof(cad[0]); i++) {
		ck_assert_ok(cpol_cadence_parse(&c, cad[i].in));
		ck_assert_int_eq(c.kind, cad[i].kind);
		ck_assert_str_eq(cpol_cadence_format(buf, &c), cad[i].out);
	}
	for (i = 0; i < sizeof(bad_dur) / sizeof(bad_dur[0]); i++)
		ck_assert_msg(cpol_duration_parse(&d, bad_dur[i]) == CPOL_EINVAL, "%s", bad_dur[i]);
	for (i = 0; i < sizeof(bad_cad) / sizeof(bad_cad[0]); i++)
		ck_assert_msg(cpol_cadence_parse(&c, bad_cad[i]) == CPOL_EINVAL, "%s", bad_cad[i]);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "month_end"));

	ck_assert_ok(cpol_duration_parse(&d, "1m"));
	ck_assert_ok(cpol_duration_add(&x, &d, D("2024-01-31")));
	assert_date(x, "2024-02-29");
	ck_assert_ok(cpol_duration_parse(&d, "3d"));
	ck_assert_ok(cpol_duration_add(&x, &d, D("2024-02-28")));
	assert_date(x, "2024-03-02");
	ck_assert_fails(cpol_duration_add(&x, &d, D("9999-12-30")), CPOL_EINVAL);

	ck_assert_ok(cpol_cadence_parse(&c, "quarter"));
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, D("2024-05-08")));
	assert_date(s, "2024-04-01");
	assert_date(e, "2024-06-30");
	ck_assert_ok(cpol_cadence_parse(&c, "half-month"));
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, D("2023-02-16")));
	assert_date(s, "2023-02-16");
	assert_date(e, "2023-02-28");
	ck_assert_ok(cpol_cadence_parse(&c, "week"));
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, D("2024-01-01")));
	assert_date(s, "2024-01-01");
	assert_date(e, "2024-01-07");
	ck_assert_ok(cpol_cadence_parse(&c, "18th"));
	ck_assert_ok(cpol_cadence_period(&s, &e, &c, D("2024-01-01")));
	ck_assert_int_eq(s, e);
	c.kind = CPOL_CADENCE_NONE;
	ck_assert_fails(cpol_cadence_period(&s, &e, &c, D("2024-01-01")), CPOL_EINVAL);
}
END_TEST

START_TEST(calendar_decisions_name_their_rule)
{
	cpol_rules *r = load_region("ab_office");
	const cpol_rule_ref *ref;
	int b;

	ck_assert_ok(cpol_rules_is_working_day(&b, &ref, r, D("2024-02-12")));
	ck_assert_int_eq(b, 0);
	ck_assert_str_eq(ref->key, "calendar.holidays.2024[1]"); /* 春节 range */
	ck_assert_str_eq(ref->region, "national");
	ck_assert_ok(cpol_rules_is_working_day(&b, &ref, r, D("2024-02-18")));
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "calendar.workdays.2024[1]");
	ck_assert_ok(cpol_rules_is_working_day(&b, &ref, r, D("2024-05-21")));
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "calendar.weekend");
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2024-01-18")));
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "calendar.market_days.every");
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2024-01-19")));
	ck_assert_int_eq(b, 0);
	ck_assert_str_eq(ref->key, "calendar.market_days");
	/* a market day in the May Day holiday is still a reception day */
	ck_assert_ok(cpol_rules_is_reception_day(&b, &ref, r, D("2024-05-02")));
	ck_assert_int_eq(b, 1);
	ck_assert_fails(cpol_rules_is_working_day(&b, &ref, r, CPOL_DATE_NONE), CPOL_EINVAL);
	cpol_rules_free(r);

	r = load_text("region: m\ncalendar:\n  market_days:\n    days_of_month: [3, 13, 23]\n"
	              "    dates: [{date: 2024-02-09, name: 除夕集}]\n");
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2024-03-13")));
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "calendar.market_days.days_of_month");
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2024-02-09")));
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "calendar.market_days.dates[0]");
	ck_assert_ok(cpol_rules_is_reception_day(&b, &ref, r, D("2024-02-09")));
	ck_assert_int_eq(b, 0); /* no reception rules here */
	cpol_rules_free(r);
}
END_TEST

/*
 * The holiday rule for due dates: national moves a time allowed forward and
 * a period's due day back (statutory time limits, 期间届满的最后一日是法定
 * 休假日的, 以休假日后的第一日为期间届满的日期); a region may keep both; a
 * word outside the two is refused where it is written.
 */
START_TEST(holiday_rule_for_due_dates)
{
	cpol_rules *r = load_region("national");
	const cpol_rules_calendar *c = cpol_rules_get_calendar(r);
	const cpol_rule_ref *ref;
	const char *s;
	cpol_rules_options o = opts_with(REGIONS);

	ck_assert_str_eq(c->deadline_on_holiday.value, "next_working_day");
	ck_assert_str_eq(c->deadline_on_holiday.ref->key, "calendar.deadline_on_holiday");
	ck_assert_str_eq(c->deadline_on_holiday.ref->file, "<built-in>/national.yaml");
	ck_assert_int_eq(c->deadline_on_holiday.ref->line,
	                 line_of(REGIONS "/national.yaml", "  deadline_on_holiday: next_working_day"));
	ck_assert_str_eq(c->period_end_on_holiday.value, "previous_working_day");
	ck_assert_ok(cpol_rules_get_string(&s, &ref, r, "calendar.period_end_on_holiday"));
	ck_assert_str_eq(s, "previous_working_day");
	ck_assert_str_eq(ref->region, "national");
	cpol_rules_free(r);

	/* A child keeps calendar days; the other key still comes from national. */
	r = load_text("region: t\ncalendar:\n  deadline_on_holiday: keep\n");
	c = cpol_rules_get_calendar(r);
	ck_assert_str_eq(c->deadline_on_holiday.value, "keep");
	ck_assert_str_eq(c->deadline_on_holiday.ref->region, "t");
	ck_assert_int_eq(c->deadline_on_holiday.ref->line, 3);
	ck_assert_str_eq(c->period_end_on_holiday.value, "previous_working_day");
	ck_assert_str_eq(c->period_end_on_holiday.ref->region, "national");
	cpol_rules_free(r);

	/* ~ removes the inherited key: unset, which keeps the day. */
	r = load_text("region: t\ncalendar:\n  period_end_on_holiday: ~\n");
	ck_assert(!CPOL_RULE_IS_SET(cpol_rules_get_calendar(r)->period_end_on_holiday));
	cpol_rules_free(r);

	/* The words do not cross: a deadline never moves back. */
	o.name = "t.yaml";
	r = (cpol_rules *)1;
	ck_assert_fails(cpol_rules_load_string(&r, "region: t\ncalendar:\n"
	                                       "  deadline_on_holiday: previous_working_day\n", &o),
	                CPOL_ERULES);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(cpol_error_last()->field, "calendar.deadline_on_holiday");
	ck_assert_int_eq(cpol_error_last()->line, 3);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message,
	                             "'previous_working_day' is not one of next_working_day, keep"));
}
END_TEST

/* -------------------------------------------------------------- assessment */

START_TEST(item_scoring_deductions_and_caps)
{
	cpol_rules *r = load_text(
		"region: s\n"
		"staffing:\n"
		"  office_classes:\n"
		"    - {code: c2, name: B, rank: 2, residents: {min: 3000}}\n"
		"    - {code: c1, name: A, rank: 1, residents: {min: 5000}, cases_per_10k: {max: 20}}\n"
		"    - {code: c3, name: C, rank: 3, residents: {max: 2999}}\n"
		"assessment:\n"
		"  items:\n"
		"    - {id: visits, name: V, metric: v, weight: 20, target: 30, deduct: [{per_unit: 0.5, cap: 8}]}\n"
		"    - {id: rate, name: R, metric: r, weight: 30, target: 0.9,\n"
		"       deduct: [{per_percent: 10, points: 10}, {below: 0.5, points: 15, cap: 12}]}\n"
		"    - {id: cases, name: C, metric: c, weight: 40, target: 5, lower_is_better: true,\n"
		"       deduct: [{per_unit: 3}]}\n"
		"    - {id: flat, name: F, metric: f, weight: 10}\n"
		"  grades: [{code: a, name: A, min: 85}, {code: b, name: B, min: 60}]\n");
	cpol_item_score s = CPOL_ITEM_SCORE_INIT;
	const cpol_rules_grade *g;
	const cpol_rules_office_class *oc;
	cpol_office_profile p = CPOL_OFFICE_PROFILE_INIT;

	ck_assert_ok(cpol_item_score_compute(&s, r, "visits", 25));
	ck_assert_double_eq(s.points, 17.5);
	ck_assert_double_eq(s.shortfall, 5);
	ck_assert_int_eq(s.capped, 0);
	ck_assert_str_eq(s.ref->key, "assessment.items[visits].deduct[0]");
	ck_assert_ok(cpol_item_score_compute(&s, r, "visits", 0));
	ck_assert_double_eq(s.points, 12); /* 15 capped at 8 */
	ck_assert_int_eq(s.capped, 1);
	ck_assert_ok(cpol_item_score_compute(&s, r, "visits", 31));
	ck_assert_double_eq(s.points, 20);
	ck_assert_str_eq(s.ref->key, "assessment.items[visits].weight");
	ck_assert_ok(cpol_item_score_compute(&s, r, "rate", 0.72)); /* 20% below: 2 steps */
	ck_assert_double_eq_tol(s.points, 10, 1e-9);
	ck_assert_ok(cpol_item_score_compute(&s, r, "rate", 0.8)); /* 11.1%: 1 step */
	ck_assert_double_eq_tol(s.points, 20, 1e-9);
	ck_assert_ok(cpol_item_score_compute(&s, r, "rate", 0.4)); /* 55.6%: 50 → 30; + 12 → all */
	ck_assert_double_eq(s.points, 0);
	ck_assert_int_eq(s.capped, 1);
	ck_assert_ok(cpol_item_score_compute(&s, r, "cases", 4));
	ck_assert_double_eq(s.points, 40);
	ck_assert_ok(cpol_item_score_compute(&s, r, "cases", 9));
	ck_assert_double_eq(s.points, 28);
	ck_assert_ok(cpol_item_score_compute(&s, r, "flat", -3));
	ck_assert_double_eq(s.points, 10);
	ck_assert_fails(cpol_item_score_compute(&s, r, "nope", 1), CPOL_ENOTFOUND);
	ck_assert_fails(cpol_item_score_compute(&s, r, "visits", NAN), CPOL_EINVAL);

	ck_assert_ok(cpol_rules_grade_for(&g, r, 85));
	ck_assert_str_eq(g->code, "a");
	ck_assert_ok(cpol_rules_grade_for(&g, r, 84.99));
	ck_assert_str_eq(g->code, "b");
	ck_assert_fails(cpol_rules_grade_for(&g, r, 59), CPOL_ENOTFOUND);

	/* classes are sorted by rank whatever the file's order */
	ck_assert_str_eq(cpol_rules_get_staffing(r)->office_classes[0].code, "c1");
	p.residents = 6000;
	p.cases_per_10k = 25;
	ck_assert_ok(cpol_rules_office_class_for(&oc, r, &p));
	ck_assert_str_eq(oc->code, "c2"); /* too many cases for class 1 */
	p.cases_per_10k = 10;
	ck_assert_ok(cpol_rules_office_class_for(&oc, r, &p));
	ck_assert_str_eq(oc->code, "c1");
	p.residents = 100;
	ck_assert_ok(cpol_rules_office_class_for(&oc, r, &p));
	ck_assert_str_eq(oc->code, "c3");
	p.version = 7;
	ck_assert_fails(cpol_rules_office_class_for(&oc, r, &p), CPOL_EINVAL);
	cpol_rules_free(r);

	r = load_region("nantong");
	p.version = CPOL_OFFICE_PROFILE_VERSION;
	ck_assert_fails(cpol_rules_office_class_for(&oc, r, &p), CPOL_ENOTFOUND);
	cpol_rules_free(r);
}
END_TEST

static int stop_after_one(const cpol_rules_test_result *res, void *payload)
{
	(void)res;
	(void)payload;
	return 1;
}

START_TEST(rule_tests_report_failures)
{
	cpol_rules *r = load_text(
		"region: f\n"
		"visits: {households_per_month: 30}\n"
		"tests:\n"
		"  - {name: right, check: value, key: visits.households_per_month, expect: 30}\n"
		"  - {name: wrong, check: value, key: visits.households_per_month, expect: 31}\n"
		"  - {name: missing, check: value, key: visits.nothing, expect: 1}\n"
		"  - {name: spelled, check: value, key: visits.feedback_within, expect: 7d}\n"
		"  - {name: bad item, check: score_item, item: nope, value: 1, expect: 1}\n");
	size_t failed = 0;
	int seen = 0;
	ck_assert_ok(cpol_rules_run_tests(&failed, r, count_failures, &seen));
	ck_assert_uint_eq(failed, 3);
	ck_assert_int_eq(seen, 5);
	ck_assert_fails(cpol_rules_run_tests(&failed, r, stop_after_one, NULL), CPOL_EUSER);
	ck_assert_uint_eq(failed, 0);
	cpol_rules_free(r);
}
END_TEST

/* ------------------------------------------------------------ broken files */

typedef struct bad_case {
	const char *what;
	const char *yaml;
	int code;
	int line;
	const char *message;
} bad_case;

#define ITEMS2(w1, w2) \
	"assessment:\n  items:\n" \
	"    - {id: a, name: A, metric: m, weight: " #w1 "}\n" \
	"    - {id: b, name: B, metric: m, weight: " #w2 "}\n"

static const bad_case bad_cases[] = {
	{ "YAML syntax", "region: t\nvisits: {households_per_month: 3\n", CPOL_EPARSE, 3,
	  "did not find expected" },
	{ "bad indentation", "region: t\nvisits:\n  a: 1\n b: 2\n", CPOL_EPARSE, 4, "" },
	{ "empty file", "", CPOL_ERULES, 1, "the file is empty" },
	{ "comments only", "# nothing\n# at all\n", CPOL_ERULES, 3, "the file is empty" },
	{ "list at the top", "- a\n- b\n", CPOL_ERULES, 1, "a rule file is a map" },
	{ "text at the top", "\nhello\n", CPOL_ERULES, 2, "a rule file is a map" },
	{ "two documents", "region: t\n---\nregion: u\n", CPOL_ERULES, 2, "one YAML document" },
	{ "unknown top-level key", "region: t\nvisit:\n  households_per_month: 3\n", CPOL_ERULES, 2,
	  "unknown key 'visit' in the top level; did you mean 'visits'?" },
	{ "unknown nested key", "region: t\nvisits:\n  househods_per_month: 3\n", CPOL_ERULES, 3,
	  "unknown key 'househods_per_month' in visits; did you mean 'households_per_month'?" },
	{ "unknown key, nothing close", "region: t\nzzqqxx: 1\n", CPOL_ERULES, 2,
	  "unknown key 'zzqqxx' in the top level" },
	{ "unknown key in a list element",
	  "region: t\nobligations:\n  - id: x\n    nmae: X\n", CPOL_ERULES, 4,
	  "unknown key 'nmae' in obligations[x]; did you mean 'name'?" },
	{ "text for a number", "region: t\nvisits:\n  households_per_month: thirty\n", CPOL_ERULES, 3,
	  "expected a whole number, got 'thirty'" },
	{ "quoted number", "region: t\nvisits:\n  households_per_month: \"30\"\n", CPOL_ERULES, 3,
	  "expected a whole number, got '30'" },
	{ "fraction for a whole number", "region: t\nvisits:\n  households_per_month: 2.5\n",
	  CPOL_ERULES, 3, "expected a whole number" },
	{ "map for a number", "region: t\nvisits:\n  households_per_month: {a: 1}\n", CPOL_ERULES, 3,
	  "expected a whole number, got a map" },
	{ "number for a map", "region: t\nvisits: 30\n", CPOL_ERULES, 2,
	  "expected a map of visits keys, got text" },
	{ "text for a list", "region: t\nobligations: weekly\n", CPOL_ERULES, 2,
	  "expected a list of obligation entries" },
	{ "number above range", "region: t\nvisits:\n  days_in_district_per_week: 8\n", CPOL_ERULES, 3,
	  "8 is out of range: must be between 0 and 7" },
	{ "negative count", "region: t\nvisits:\n\n  households_per_month: -5\n", CPOL_ERULES, 4,
	  "out of range" },
	{ "schema version", "region: t\nversion: 2\n", CPOL_ERULES, 2, "out of range" },
	{ "bad duration", "region: t\nvisits:\n  return_visit_within: 3 days\n", CPOL_ERULES, 3,
	  "bad duration '3 days'" },
	{ "half-month is no duration", "region: t\nvisits:\n  feedback_within: half-month\n",
	  CPOL_ERULES, 3, "half-month is a cadence period" },
	{ "bad cadence", "region: t\nvisits:\n  household_cadence: fortnightly\n", CPOL_ERULES, 3,
	  "bad cadence 'fortnightly'" },
	{ "bad ordinal", "region: t\nobligations:\n  - {id: x, name: X, kind: meeting, cadence: 18st}\n",
	  CPOL_ERULES, 3, "write the day of the month as 1st" },
	{ "day 32", "region: t\nobligations:\n  - {id: x, name: X, kind: meeting, cadence: 32nd}\n",
	  CPOL_ERULES, 3, "1st to 31st" },
	{ "date that does not exist",
	  "region: t\ncalendar:\n  market_days:\n    every: 5d\n    anchor: 2023-02-29\n", CPOL_ERULES, 5,
	  "expected a date YYYY-MM-DD that exists, got '2023-02-29'" },
	{ "bad time", "region: t\nduty:\n  no_duty_after: \"25:00\"\n", CPOL_ERULES, 3,
	  "expected a time HH:MM" },
	{ "bad weekday", "region: t\nduty:\n  reception_weekdays: [wed, thurs]\n", CPOL_ERULES, 3,
	  "'thurs' is not a weekday" },
	{ "weekday twice", "region: t\nduty:\n  reception_weekdays:\n    - wed\n    - 周三\n",
	  CPOL_ERULES, 5, "weekday '周三' is listed twice" },
	{ "word not in the list",
	  "region: t\npopulation:\n  labels:\n    - {code: k, name: K, kind: key_persn}\n", CPOL_ERULES, 4,
	  "'key_persn' is not one of key_person, supervised, correction, help_education, care; "
	  "did you mean 'key_person'?" },
	{ "holiday rule word", "region: t\ncalendar:\n  period_end_on_holiday: next_working_day\n",
	  CPOL_ERULES, 3, "'next_working_day' is not one of previous_working_day, keep" },
	{ "yes is not a boolean", "region: t\nvisits:\n  contact_card: yes\n", CPOL_ERULES, 3,
	  "expected true or false, got 'yes'" },
	{ "empty text", "region: t\nname: \"\"\n", CPOL_ERULES, 2, "empty text" },
	{ "bad region code", "region: Nan Tong\n", CPOL_ERULES, 1, "expected an id" },
	{ "missing region", "\nvisits:\n  households_per_month: 3\n", CPOL_ERULES, 2,
	  "missing required key 'region'" },
	{ "missing key in an element",
	  "region: t\nobligations:\n  - {id: x, name: X, kind: meeting}\n", CPOL_ERULES, 3,
	  "missing required key 'cadence' in obligations[x]" },
	{ "duplicate id",
	  "region: t\nobligations:\n  - {id: x, name: X, kind: meeting, cadence: month}\n"
	  "  - {id: x, name: Y, kind: meeting, cadence: week}\n", CPOL_ERULES, 4,
	  "duplicate id 'x' (first at line 3)" },
	{ "duplicate key", "region: t\nname: A\nregion: u\n", CPOL_ERULES, 3,
	  "duplicate key 'region' (first at line 1)" },
	{ "weights do not add up", "region: t\n" ITEMS2(40, 50), CPOL_ERULES, 3,
	  "assessment item weights add up to 90, not the total 100" },
	{ "item above the total", "region: t\nassessment:\n  total: 50\n  items:\n"
	  "    - {id: a, name: A, metric: m, weight: 60}\n", CPOL_ERULES, 5,
	  "item 'a' weighs 60, more than the total 50" },
	{ "anchor", "region: t\nname: &n x\n", CPOL_ERULES, 2, "anchors and aliases" },
	{ "unknown tag", "region: t\nvisits: !foo {}\n", CPOL_ERULES, 2, "unknown tag '!foo'" },
	{ "!extend on a map", "region: t\nvisits: !extend {households_per_month: 3}\n", CPOL_ERULES, 2,
	  "!extend applies to lists only" },
	{ "!extend on a value", "region: t\nvisits:\n  contact_card: !extend true\n", CPOL_ERULES, 3,
	  "!extend applies to lists only" },
	{ "range upside down", "region: t\nstaffing:\n  villages_per_district: {min: 3, max: 2}\n",
	  CPOL_ERULES, 3, "range min 3 is above max 2" },
	{ "unknown key in a range", "region: t\nstaffing:\n  villages_per_district: {min: 1, mx: 3}\n",
	  CPOL_ERULES, 3, "unknown key 'mx' in range" },
	{ "unknown default model", "region: t\nstaffing:\n  default_model: one_per_galaxy\n", CPOL_ERULES,
	  3, "default_model 'one_per_galaxy' is not the code of any" },
	{ "holiday outside its year", "region: t\ncalendar:\n  holidays:\n    2026: [2026-10-01, 2027-01-01]\n",
	  CPOL_ERULES, 4, "not in the year 2026" },
	{ "year that is no year", "region: t\ncalendar:\n  holidays:\n    next: [2027-01-01]\n",
	  CPOL_ERULES, 4, "'next' is not a year" },
	{ "holiday and working day (across files)",
	  "region: t\ncalendar:\n  workdays:\n    2024: [2024-10-03]\n", CPOL_ERULES, 4,
	  "2024-10-03 is both a holiday and a working day" },
	{ "day listed twice", "region: t\ncalendar:\n  holidays:\n    2026:\n      - 2026-01-01\n"
	  "      - {from: 2026-01-01, to: 2026-01-02}\n", CPOL_ERULES, 6, "2026-01-01 is listed twice (also at line 5)" },
	{ "range backwards", "region: t\ncalendar:\n  holidays:\n    2026:\n"
	  "      - {from: 2026-01-03, to: 2026-01-02}\n", CPOL_ERULES, 5, "is after to:" },
	{ "market every without anchor", "region: t\ncalendar:\n  market_days:\n    every: 5d\n",
	  CPOL_ERULES, 4, "every: and anchor: go together" },
	{ "market every month", "region: t\ncalendar:\n  market_days:\n    every: 1m\n"
	  "    anchor: 2024-01-01\n", CPOL_ERULES, 4, "a number of days or weeks" },
	{ "day of month 0", "region: t\ncalendar:\n  market_days:\n    days_of_month: [0, 5]\n",
	  CPOL_ERULES, 4, "0 is out of range" },
	{ "weekend of seven days",
	  "region: t\ncalendar:\n  weekend: [mon, tue, wed, thu, fri, sat, sun]\n", CPOL_ERULES, 3,
	  "leaves no working day" },
	{ "work ends before it starts", "region: t\ncalendar:\n  work_end: \"08:00\"\n", CPOL_ERULES, 3,
	  "work_end must be after work_start" },
	{ "nights min above max", "region: t\nduty:\n  min_nights_per_week: 3\n  max_nights_per_week: 2\n",
	  CPOL_ERULES, 4, "max_nights_per_week 2 is below min_nights_per_week 3" },
	{ "post twice", "region: t\nduty:\n  posts: [A, A]\n", CPOL_ERULES, 3, "'A' is listed twice" },
	{ "deduction of two forms", "region: t\nassessment:\n  items:\n"
	  "    - {id: a, name: A, metric: m, weight: 100, target: 1, deduct: [{per_unit: 1, below: 3, points: 1}]}\n",
	  CPOL_ERULES, 4, "not several" },
	{ "deduction of no form", "region: t\nassessment:\n  items:\n"
	  "    - id: a\n      name: A\n      metric: m\n      weight: 100\n      deduct:\n        - cap: 3\n",
	  CPOL_ERULES, 9, "a deduction needs per_unit, per_percent or below" },
	{ "per_unit with points", "region: t\nassessment:\n  items:\n"
	  "    - {id: a, name: A, metric: m, weight: 100, target: 1, deduct: [{per_unit: 1, points: 2}]}\n",
	  CPOL_ERULES, 4, "drop points" },
	{ "per_percent without points", "region: t\nassessment:\n  items:\n"
	  "    - {id: a, name: A, metric: m, weight: 100, target: 1, deduct: [{per_percent: 10}]}\n",
	  CPOL_ERULES, 4, "per_percent needs points" },
	{ "deduction without target", "region: t\nassessment:\n  items:\n"
	  "    - {id: a, name: A, metric: m, weight: 100, deduct: [{per_unit: 1}]}\n",
	  CPOL_ERULES, 4, "item 'a' deducts below a target but has no target" },
	{ "percent of a zero target", "region: t\nassessment:\n  items:\n"
	  "    - {id: a, name: A, metric: m, weight: 100, target: 0, deduct: [{per_percent: 10, points: 1}]}\n",
	  CPOL_ERULES, 4, "per percent of a target of 0" },
	{ "veto capping no grade", "region: t\nassessment:\n  veto:\n"
	  "    - {id: v, name: V, metric: m, effect: cap_grade}\n", CPOL_ERULES, 4, "names no grade" },
	{ "veto with unknown grade", "region: t\nassessment:\n  veto:\n"
	  "    - {id: v, name: V, metric: m, effect: cap_grade, grade: superb}\n", CPOL_ERULES, 4,
	  "names grade 'superb', which is not in assessment.grades" },
	{ "veto ranked after and out", "region: t\nassessment:\n  veto:\n"
	  "    - {id: v, name: V, metric: m, effect: [rank_after_unvetoed, unranked]}\n", CPOL_ERULES, 4,
	  "give rank_after_unvetoed or unranked, not both" },
	{ "veto effect misspelt", "region: t\nassessment:\n  veto:\n"
	  "    - {id: v, name: V, metric: m, effect: [no_reward]}\n", CPOL_ERULES, 4,
	  "did you mean 'no_rewards'?" },
	{ "veto capping no grade in a list", "region: t\nassessment:\n  veto:\n"
	  "    - {id: v, name: V, metric: m, effect: [no_rewards, cap_grade]}\n", CPOL_ERULES, 4,
	  "names no grade" },
	{ "difficulty of an unknown class", "region: t\nassessment:\n  difficulty:\n    class9: 1.5\n",
	  CPOL_ERULES, 4, "difficulty for 'class9', which is not in staffing.office_classes" },
	{ "difficulty zero", "region: t\nassessment:\n  difficulty:\n    class1: 0\n", CPOL_ERULES, 4,
	  "out of range" },
	{ "sanction metric alone", "region: t\nassessment:\n  sanctions:\n"
	  "    - {id: s, name: S, action: warning_talk, metric: m}\n", CPOL_ERULES, 4,
	  "metric: and metric_below: go together" },
	{ "streak without last place", "region: t\nassessment:\n  sanctions:\n"
	  "    - {id: s, name: S, action: transfer, consecutive: 2, score_below: 80}\n", CPOL_ERULES, 4,
	  "consecutive: counts periods in last place in a row, so it needs last_place: true" },
	{ "streak over a metric", "region: t\nassessment:\n  sanctions:\n"
	  "    - {id: s, name: S, action: transfer, last_place: true, consecutive: 2,\n"
	  "       metric: m, metric_below: 1}\n", CPOL_ERULES, 4, "consecutive: cannot go with metric:" },
	{ "sanction action not a word", "region: t\nassessment:\n  sanctions:\n"
	  "    - {id: s, name: S, action: [criticism, warnng_talk], last_place: true}\n", CPOL_ERULES, 4,
	  "did you mean 'warning_talk'?" },
	{ "sanction action twice", "region: t\nassessment:\n  sanctions:\n"
	  "    - {id: s, name: S, action: [criticism, criticism], last_place: true}\n", CPOL_ERULES, 4,
	  "'criticism' is listed twice" },
	{ "sanction with no action", "region: t\nassessment:\n  sanctions:\n"
	  "    - {id: s, name: S, action: [], last_place: true}\n", CPOL_ERULES, 4,
	  "got an empty list" },
	{ "sanction without condition", "region: t\nassessment:\n  sanctions:\n"
	  "    - {id: s, name: S, action: reward}\n", CPOL_ERULES, 4, "has no condition" },
	{ "classes of one rank", "region: t\nstaffing:\n  office_classes:\n"
	  "    - {code: a, name: A, rank: 1}\n    - {code: b, name: B, rank: 1}\n", CPOL_ERULES, 5,
	  "have the same rank 1" },
	{ "grades of one min", "region: t\nassessment:\n  grades:\n"
	  "    - {code: a, name: A, min: 60}\n    - {code: b, name: B, min: 60}\n", CPOL_ERULES, 5,
	  "have the same min 60" },
	{ "unknown test check", "region: t\ntests:\n  - {name: x, check: workingday, date: 2024-01-01, expect: true}\n",
	  CPOL_ERULES, 3, "did you mean 'working_day'?" },
	{ "test without its input", "region: t\ntests:\n  - {name: x, check: working_day, expect: true}\n",
	  CPOL_ERULES, 3, "test of working_day needs date:" },
	{ "test with an unused input", "region: t\ntests:\n"
	  "  - name: x\n    check: working_day\n    date: 2024-01-01\n    residents: 3\n    expect: true\n",
	  CPOL_ERULES, 6, "test of working_day does not use residents:" },
	{ "test expecting the wrong type", "region: t\ntests:\n"
	  "  - {name: x, check: working_day, date: 2024-01-01, expect: maybe}\n", CPOL_ERULES, 3,
	  "expected true or false, got 'maybe'" },
	{ "deadline test with both", "region: t\ntests:\n"
	  "  - {name: x, check: deadline, from: 2024-01-01, within: 3d, key: visits.feedback_within, expect: 2024-01-04}\n",
	  CPOL_ERULES, 3, "within: or key:, one of them" },
	{ "test without name", "region: t\ntests:\n  - {check: working_day, date: 2024-01-01, expect: true}\n",
	  CPOL_ERULES, 3, "a test needs name:, check: and expect:" },
	{ "NUL in text", "region: t\nname: \"a\\0b\"\n", CPOL_ERULES, 2, "NUL" },
	{ "key that is a list", "region: t\n? [a]\n: 1\n", CPOL_ERULES, 2, "a key must be plain text" },
	{ "national extends", "region: national\nextends: nantong\n", CPOL_ERULES, 2, "extend nothing" },
	{ "missing parent", "region: t\nextends: atlantis\n", CPOL_ENOTFOUND, 2,
	  "parent region 'atlantis' not found" },
};

START_TEST(broken_files_are_refused_with_their_line)
{
	size_t i;
	ck_assert_uint_ge(sizeof(bad_cases) / sizeof(bad_cases[0]), 30);
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const bad_case *b = &bad_cases[i];
		cpol_rules_options o = opts_with(REGIONS);
		cpol_rules *r = (cpol_rules *)1;
		const cpol_error *e;
		int rc;
		o.name = "bad.yaml";
		rc = cpol_rules_load_string(&r, b->yaml, &o);
		e = cpol_error_last();
		ck_assert_msg(rc == b->code, "%s: returned %d, expected %d: %s", b->what, rc, b->code,
		              e->message);
		ck_assert_msg(r == NULL, "%s: rules not NULL", b->what);
		ck_assert_msg(e->line == b->line, "%s: line %d, expected %d: %s", b->what, e->line,
		              b->line, e->message);
		ck_assert_msg(e->column > 0, "%s: no column: %s", b->what, e->message);
		ck_assert_msg(e->file && !strcmp(e->file, "bad.yaml"), "%s: file %s", b->what,
		              e->file ? e->file : "(null)");
		ck_assert_msg(strstr(e->message, b->message), "%s: '%s' not in '%s'", b->what,
		              b->message, e->message);
		ck_assert_msg(!strncmp(e->message, "bad.yaml:", 9), "%s: %s", b->what, e->message);
	}
}
END_TEST

START_TEST(error_names_the_key_path)
{
	cpol_rules *r;
	ck_assert_fails(cpol_rules_load_string(&r, "region: t\nassessment:\n  items:\n"
	                                       "    - {id: a, name: A, metric: m, weight: -1}\n", NULL),
	                CPOL_ERULES);
	ck_assert_str_eq(cpol_error_last()->field, "assessment.items[a].weight");
	ck_assert_int_eq(cpol_error_last()->column, 43);
	ck_assert_str_eq(cpol_error_last()->file, "<string>");
}
END_TEST

START_TEST(deep_nesting_is_refused)
{
	char text[400];
	cpol_rules *r;
	int i, n = 0;
	n += snprintf(text + n, sizeof(text) - (size_t)n, "region: t\nsource: ");
	for (i = 0; i < 40; i++)
		text[n++] = '[';
	for (i = 0; i < 40; i++)
		text[n++] = ']';
	text[n] = '\0';
	ck_assert_fails(cpol_rules_load_string(&r, text, NULL), CPOL_ERULES);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "nesting deeper than 32"));
	ck_assert_ptr_null(r);
}
END_TEST

/*
 * Bytes that are not UTF-8 are reported where they are (libyaml gives only
 * a byte offset for them): GBK 测试 after "name: " on line 2 is column 7; a
 * bad byte after 警务 is column 9 (characters, not bytes); a NUL at the end
 * of "  households_per_month: 3" on line 4 is column 26; \r\n counts as one
 * line break.
 */
START_TEST(reader_errors_at_their_line_and_column)
{
	static const struct { const char *what; const char *data; size_t len; int line, column;
	                      const char *message; } cases[] = {
		{ "GBK", "region: t\nname: \xb2\xe2\xca\xd4\n", 21, 2, 7, "not UTF-8 text: byte 0xB2" },
		{ "bad byte after Chinese", "region: t\nname: \xe8\xad\xa6\xe5\x8a\xa1\xff\n", 24, 2, 9,
		  "byte 0xFF at byte 22" },
		{ "NUL", "region: t\nname: x\nvisits:\n  households_per_month: 3\0\n", 53, 4, 26,
		  "a NUL byte (byte 51)" },
		{ "CRLF lines", "region: t\r\nname: x\r\n\r\nsource: \xc3\n", 32, 4, 9,
		  "byte 0xC3 at byte 30 (invalid trailing UTF-8 octet)" },
		{ "first byte", "\x80region: t\n", 11, 1, 1, "byte 0x80 at byte 0" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cpol_rules_options o = CPOL_RULES_OPTIONS_INIT;
		cpol_rules *r = NULL;
		const cpol_error *e;
		o.name = "enc.yaml";
		ck_assert_fails(cpol_rules_load_buffer(&r, cases[i].data, cases[i].len, &o), CPOL_EPARSE);
		e = cpol_error_last();
		ck_assert_msg(e->line == cases[i].line && e->column == cases[i].column,
		              "%s: %d:%d, want %d:%d (%s)", cases[i].what, e->line, e->column,
		              cases[i].line, cases[i].column, e->message);
		ck_assert_msg(strstr(e->message, cases[i].message) != NULL, "%s: %s", cases[i].what,
		              e->message);
		ck_assert_ptr_null(r);
	}
}
END_TEST

START_TEST(buffers_need_no_terminator)
{
	const char text[] = "region: b\nvisits: {households_per_month: 7}\nXXXX";
	cpol_rules *r = NULL;
	int64_t n;
	ck_assert_ok(cpol_rules_load_buffer(&r, text, sizeof(text) - 5, NULL));
	ck_assert_ok(cpol_rules_get_int(&n, NULL, r, "visits.households_per_month"));
	ck_assert_int_eq(n, 7);
	cpol_rules_free(r);
}
END_TEST

static void setup_tmp(void)
{
	tmp = testutil_tmpdir();
}

static void teardown_tmp(void)
{
	testutil_rmtree(tmp);
	tmp = NULL;
}

static cpol_calendar_day calendar_day(const cpol_rules *r, const char *date)
{
	cpol_calendar_day day = CPOL_CALENDAR_DAY_INIT;
	ck_assert_ok(cpol_calendar_day_get(&day, r, D(date)));
	ck_assert_ptr_nonnull(day.ref);
	return day;
}

/*
 * 2026 from the State Council notice of 2025-11-04: 国庆 Oct 1-7 with
 * make-up days Sep 20 (Sun) and Oct 10 (Sat); 春节 9 days from Feb 15 (Sun,
 * 腊月二十八), make-up Feb 14 (Sat) and Feb 28 (Sat). None is provisional.
 */
START_TEST(calendar_2026_follows_the_notice)
{
	cpol_rules *r = load_region("national");
	cpol_calendar_day d = CPOL_CALENDAR_DAY_INIT;

	d = calendar_day(r, "2026-10-01");
	ck_assert_int_eq(d.working, 0);
	ck_assert_int_eq(d.provisional, 0);
	ck_assert_str_eq(d.holiday, "国庆节");
	ck_assert_str_eq(d.ref->key, "calendar.holidays.2026[6]");
	ck_assert_str_eq(d.ref->file, "<built-in>/national.yaml");
	d = calendar_day(r, "2026-10-07"); /* Wednesday, last day off */
	ck_assert_int_eq(d.working, 0);
	d = calendar_day(r, "2026-10-08");
	ck_assert_int_eq(d.working, 1);
	ck_assert_ptr_null(d.holiday);
	d = calendar_day(r, "2026-10-10"); /* Saturday */
	ck_assert_int_eq(d.working, 1);
	ck_assert_str_eq(d.ref->key, "calendar.workdays.2026[5]");
	d = calendar_day(r, "2026-09-20"); /* Sunday */
	ck_assert_int_eq(d.working, 1);
	d = calendar_day(r, "2026-02-14"); /* Saturday */
	ck_assert_int_eq(d.working, 1);
	d = calendar_day(r, "2026-02-15"); /* Sunday, 腊月二十八: off either way */
	ck_assert_int_eq(d.working, 0);
	ck_assert_str_eq(d.holiday, "春节");
	d = calendar_day(r, "2026-02-23"); /* Monday, 正月初七 */
	ck_assert_int_eq(d.working, 0);
	d = calendar_day(r, "2026-02-24");
	ck_assert_int_eq(d.working, 1);
	d = calendar_day(r, "2026-05-05"); /* Tuesday in May Day */
	ck_assert_int_eq(d.working, 0);
	d = calendar_day(r, "2026-05-06");
	ck_assert_int_eq(d.working, 1);
	d = calendar_day(r, "2026-01-04"); /* Sunday after 元旦 */
	ck_assert_int_eq(d.working, 1);
	d = calendar_day(r, "2026-12-31"); /* Thursday, year end, no holiday */
	ck_assert_int_eq(d.working, 1);
	ck_assert_int_eq(d.provisional, 0);
	ck_assert_str_eq(d.ref->key, "calendar.weekend");
	cpol_rules_free(r);
}
END_TEST

/*
 * 2027 has no notice: the law's days, from the lunar calendar and the 清明
 * term, made into blocks by the notices' principles, all provisional.
 * Worked by hand: 除夕 Fri Feb 5 → Feb 5-12 off, whose 6 weekdays exceed the
 * 4 statutory days by 2: the nearest free weekend day after (Sat Feb 13),
 * then the nearest before (Sun Jan 31). 清明 Mon Apr 5 → Sat Apr 3 - Mon
 * Apr 5. 端午 Wed Jun 9 and 中秋 Wed Sep 15: one day each. 国庆 Fri Oct 1 -
 * Thu Oct 7, 5 weekdays for 3 statutory days: Sat Oct 9 and Sun Sep 26.
 */
START_TEST(calendar_2027_is_computed_and_provisional)
{
	cpol_rules *r = load_region("national");
	static const char *const off[] = {
		"2027-01-01", "2027-02-05", "2027-02-12", "2027-04-05", "2027-05-05",
		"2027-06-09", "2027-09-15", "2027-10-01", "2027-10-07" };
	static const char *const work[] = {
		"2027-01-04", "2027-01-31", "2027-02-13", "2027-02-04", "2027-06-10",
		"2027-09-16", "2027-09-26", "2027-10-08", "2027-10-09", "2027-06-08" };
	cpol_calendar_day d = CPOL_CALENDAR_DAY_INIT;
	size_t i;

	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		d = calendar_day(r, off[i]);
		ck_assert_msg(!d.working, "%s should be a day off", off[i]);
		ck_assert_int_eq(d.provisional, 1);
		ck_assert_str_eq(d.ref->file, CPOL_RULES_COMPUTED_FILE);
	}
	for (i = 0; i < sizeof(work) / sizeof(work[0]); i++) {
		d = calendar_day(r, work[i]);
		ck_assert_msg(d.working, "%s should be a working day", work[i]);
		ck_assert_int_eq(d.provisional, 1);
	}
	d = calendar_day(r, "2027-02-05");
	ck_assert_str_eq(d.holiday, "春节");
	ck_assert_str_eq(d.ref->key, "calendar.holidays");
	d = calendar_day(r, "2027-04-03"); /* Saturday either way, named */
	ck_assert_str_eq(d.holiday, "清明节");
	d = calendar_day(r, "2027-02-13");
	ck_assert_str_eq(d.ref->key, "calendar.workdays");
	cpol_rules_free(r);
}
END_TEST

/* A year with no notice before the 2024 law (2023) or past the lunar table
 * (2100) is told by the weekend alone, and says it is provisional. */
START_TEST(calendar_years_outside_the_law_are_weekends_and_provisional)
{
	cpol_rules *r = load_region("national");
	cpol_calendar_day d = CPOL_CALENDAR_DAY_INIT;
	int working;

	d = calendar_day(r, "2023-10-02"); /* Monday; 国庆 2023 is not in the rules */
	ck_assert_int_eq(d.working, 1);
	ck_assert_int_eq(d.provisional, 1);
	ck_assert_str_eq(d.ref->key, "calendar.weekend");
	d = calendar_day(r, "2100-10-01"); /* Friday */
	ck_assert_int_eq(d.working, 1);
	ck_assert_int_eq(d.provisional, 1);
	d = calendar_day(r, "2024-12-31"); /* a listed year */
	ck_assert_int_eq(d.provisional, 0);
	ck_assert_ok(cpol_rules_is_working_day(&working, NULL, r, D("2027-10-01")));
	ck_assert_int_eq(working, 0);
	ck_assert_fails(cpol_calendar_day_get(&d, r, CPOL_DATE_NONE), CPOL_EINVAL);
	ck_assert_fails(cpol_calendar_day_get(NULL, r, D("2027-10-01")), CPOL_EINVAL);
	cpol_rules_free(r);
}
END_TEST

/* A region that lists a year of its own makes that year decided, not
 * computed: the region's list is all there is. */
START_TEST(calendar_a_listed_year_is_not_computed)
{
	cpol_rules *r = load_text("region: t\ncalendar:\n  holidays:\n"
	                          "    2027:\n      - {date: 2027-03-03, name: 地方节}\n");
	cpol_calendar_day d = CPOL_CALENDAR_DAY_INIT;

	d = calendar_day(r, "2027-03-03");
	ck_assert_int_eq(d.working, 0);
	ck_assert_int_eq(d.provisional, 0);
	ck_assert_str_eq(d.holiday, "地方节");
	d = calendar_day(r, "2027-10-01"); /* Friday: not listed, so working */
	ck_assert_int_eq(d.working, 1);
	ck_assert_int_eq(d.provisional, 0);
	d = calendar_day(r, "2028-10-02"); /* Monday, 国庆 2028, computed */
	ck_assert_int_eq(d.working, 0);
	ck_assert_int_eq(d.provisional, 1);
	cpol_rules_free(r);
}
END_TEST

/*
 * 逢农历三六九: lunar days ending in 3, 6 or 9. Around 端午 2027 (lunar 5-5 =
 * 2027-06-09): 06-07 is 5-3 (market), 06-08 is 5-4 (not), 06-10 is 5-6
 * (market), 06-20 is 5-16 (market); 2027-02-05 is 12-29 (market).
 * lunar_days_of_month [1, 15]: 正月初一 2027-02-06 and 中秋 2027-09-15.
 */
START_TEST(market_days_on_lunar_days)
{
	cpol_rules *r = load_text("region: m\ncalendar:\n  market_days:\n"
	                          "    lunar_day_endings: [3, 6, 9]\n");
	const cpol_rule_ref *ref;
	int b;

	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-06-07")));
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "calendar.market_days.lunar_day_endings");
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-06-08")));
	ck_assert_int_eq(b, 0);
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-06-10")));
	ck_assert_int_eq(b, 1);
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-06-20")));
	ck_assert_int_eq(b, 1);
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-02-05")));
	ck_assert_int_eq(b, 1);
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-02-06")));
	ck_assert_int_eq(b, 0);
	/* outside the lunar table: not a market day, and no error */
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2200-01-03")));
	ck_assert_int_eq(b, 0);
	cpol_rules_free(r);

	r = load_text("region: m\ncalendar:\n  market_days:\n    lunar_days_of_month: [1, 15]\n");
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-02-06")));
	ck_assert_int_eq(b, 1);
	ck_assert_str_eq(ref->key, "calendar.market_days.lunar_days_of_month");
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-09-15")));
	ck_assert_int_eq(b, 1);
	ck_assert_ok(cpol_rules_is_market_day(&b, &ref, r, D("2027-09-16")));
	ck_assert_int_eq(b, 0);
	cpol_rules_free(r);
}
END_TEST

static cpol_date owed_by(const cpol_rules *r, const char *cadence, const char *last,
                         const char *start, int *provisional)
{
	cpol_cadence c;
	cpol_date d;
	ck_assert_ok(cpol_cadence_parse(&c, cadence));
	ck_assert_ok(cpol_rules_owed_by(&d, provisional, r, &c, last ? D(last) : CPOL_DATE_NONE,
	                                start ? D(start) : CPOL_DATE_NONE));
	return d;
}

/* A period's due day on a day off moves back to its last working day. */
START_TEST(owed_by_period_end_moves_back)
{
	cpol_rules *r = load_region("national");
	int prov = -1;

	/* Q1 2024 ends Sunday March 31: the quarter's talk is due Friday the 29th */
	assert_date(owed_by(r, "quarter", "2023-12-15", NULL, &prov), "2024-03-29");
	ck_assert_int_eq(prov, 0);
	/* January 2025 ends in the Spring Festival (Jan 28 - Feb 4): Monday 27th */
	assert_date(owed_by(r, "month", "2024-12-20", NULL, NULL), "2025-01-27");
	/* a week ending in National Day 2026 (Sep 28 - Oct 4): Wednesday Sep 30 */
	assert_date(owed_by(r, "week", "2026-09-23", NULL, NULL), "2026-09-30");
	/* a year whose last day is a Thursday: itself */
	assert_date(owed_by(r, "year", "2025-06-01", NULL, NULL), "2026-12-31");
	/* February 2027 ends on a Sunday, in a year without a notice */
	assert_date(owed_by(r, "month", "2027-01-05", NULL, &prov), "2027-02-26");
	ck_assert_int_eq(prov, 1);
	cpol_rules_free(r);
}
END_TEST

/* Never done: the period the subject began in is owed, never before it. */
START_TEST(owed_by_first_period_from_the_start)
{
	cpol_rules *r = load_region("national");

	/* labelled Wednesday 2026-05-13: that quarter's talk by Tue June 30 */
	assert_date(owed_by(r, "quarter", NULL, "2026-05-13", NULL), "2026-06-30");
	/* and that month's assessment by Sunday May 31: Friday May 29 */
	assert_date(owed_by(r, "month", NULL, "2026-05-13", NULL), "2026-05-29");
	/* a place registered Sunday 2024-03-31: no working day of March is
	 * left, so April's inspection is the first owed (Tuesday April 30) */
	assert_date(owed_by(r, "month", NULL, "2024-03-31", NULL), "2024-04-30");
	/* registered Sunday 2024-05-26 on a weekly cadence: the next week,
	 * by Sunday June 2, so Friday May 31 — not the Friday before it */
	assert_date(owed_by(r, "week", NULL, "2024-05-26", NULL), "2024-05-31");
	/* registered on Friday 2024-05-24: owed that same day */
	assert_date(owed_by(r, "week", NULL, "2024-05-24", NULL), "2024-05-24");
	/* a work log from Saturday 2026-10-10 (make-up day): that day */
	assert_date(owed_by(r, "working-day", NULL, "2026-10-10", NULL), "2026-10-10");
	cpol_rules_free(r);
}
END_TEST

/*
 * 警民恳谈日 on the 18th: October 18 2026 is a Sunday, moved to Friday the
 * 16th; held on the 16th (or the 17th), October is done and November's
 * (Wednesday the 18th) is next.
 */
START_TEST(owed_by_fixed_day_held_on_its_moved_day)
{
	cpol_rules *r = load_region("national");

	assert_date(owed_by(r, "18th", "2026-09-18", NULL, NULL), "2026-10-16");
	assert_date(owed_by(r, "18th", "2026-10-16", NULL, NULL), "2026-11-18");
	assert_date(owed_by(r, "18th", "2026-10-17", NULL, NULL), "2026-11-18");
	assert_date(owed_by(r, "18th", "2026-10-15", NULL, NULL), "2026-10-16");
	/* month end: January 31 2026 is a Saturday, held Friday the 30th;
	 * February 28 2026 is a Saturday make-up working day, so it stays */
	assert_date(owed_by(r, "month-end", "2026-01-30", NULL, NULL), "2026-02-28");
	/* never held, from Monday 2026-10-19: November's */
	assert_date(owed_by(r, "18th", NULL, "2026-10-19", NULL), "2026-11-18");
	/* never held, from Saturday 2026-10-17: October's moved day is gone */
	assert_date(owed_by(r, "18th", NULL, "2026-10-17", NULL), "2026-11-18");
	cpol_rules_free(r);
}
END_TEST

/* A time allowed in days runs past a holiday; one in hours does not. */
START_TEST(deadline_days_run_on_hours_do_not)
{
	cpol_rules *r = load_region("national");
	const cpol_rules_residence_type *rt;
	cpol_duration d;
	cpol_date out;
	int prov = -1;

	/* arrived Tuesday 2026-04-28, 3 days: May 1, in the May Day holiday
	 * (May 1-5): the next working day, Wednesday May 6 */
	ck_assert_ok(cpol_duration_parse(&d, "3d"));
	ck_assert_ok(cpol_rules_deadline(&out, &prov, r, &d, D("2026-04-28")));
	assert_date(out, "2026-05-06");
	ck_assert_int_eq(prov, 0);
	/* the day before the holiday is not moved: arrived the 27th → April 30 */
	ck_assert_ok(cpol_rules_deadline(&out, NULL, r, &d, D("2026-04-27")));
	assert_date(out, "2026-04-30");
	/* a foreigner (出境入境管理法 §39): 24 hours from Sep 30 is Oct 1,
	 * National Day, and stays */
	ck_assert_ok(cpol_rules_find_residence_type(&rt, r, "foreign"));
	ck_assert_int_eq(rt->register_within.value.unit, CPOL_UNIT_HOUR);
	ck_assert_int_eq(rt->register_within.value.count, 24);
	ck_assert_ok(cpol_rules_deadline(&out, NULL, r, &rt->register_within.value, D("2026-09-30")));
	assert_date(out, "2026-10-01");
	/* 25 hours begin a second day */
	ck_assert_ok(cpol_duration_parse(&d, "25h"));
	ck_assert_ok(cpol_rules_deadline(&out, NULL, r, &d, D("2026-09-30")));
	assert_date(out, "2026-10-02");
	cpol_rules_free(r);
}
END_TEST

/* National reads 每周安排时间入户访查 as the officer's time, and owes each
 * household a visit within the year. */
START_TEST(national_household_cycle_is_a_year)
{
	cpol_rules *r = load_region("national");
	const cpol_rules_visits *v = cpol_rules_get_visits(r);
	char buf[CPOL_CADENCE_BUFSZ];

	ck_assert_str_eq(cpol_cadence_format(buf, &v->household_cadence.value), "year");
	/* never visited, lived in since 2026-03-02: by Thursday 2026-12-31 */
	assert_date(owed_by(r, "year", NULL, "2026-03-02", NULL), "2026-12-31");
	cpol_rules_free(r);
}
END_TEST

START_TEST(hours_are_a_length_not_a_cadence)
{
	cpol_duration d;
	cpol_cadence c;
	char buf[CPOL_CADENCE_BUFSZ];

	ck_assert_ok(cpol_duration_parse(&d, "24h"));
	ck_assert_str_eq(cpol_duration_format(buf, &d), "24h");
	ck_assert_fails(cpol_cadence_parse(&c, "24h"), CPOL_EINVAL);
	ck_assert_fails(cpol_duration_parse(&d, "0h"), CPOL_EINVAL);
}
END_TEST

/* area: decisions */

/*
 * Chengdu staffs by both ratios: at most 1000 households and at most 5000
 * residents an officer (chengdu.yaml). 5000 residents and 1000 households
 * are ceil(5000 / 5000) = 1 and ceil(1000 / 1000) = 1: one officer, and
 * when the two counts tie the residents' ratio is the one named.
 */
START_TEST(officers_needed_name_the_residents_ratio_when_both_give_the_same_count)
{
	cpol_rules *r = load_region("chengdu");
	const cpol_rule_ref *ref;
	int64_t n;

	ck_assert_ok(cpol_rules_officers_needed(&n, &ref, r, 5000, 1000));
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(ref->key, "staffing.residents_per_officer");
	cpol_rules_free(r);
}
END_TEST

/* -1 residents or -1 households is no count of people: refused, each on
 * its own (the other count being a valid 0). */
START_TEST(officers_needed_refuse_a_negative_count_of_either_kind)
{
	cpol_rules *r = load_region("chengdu");
	int64_t n = 99;

	ck_assert_fails(cpol_rules_officers_needed(&n, NULL, r, -1, 0), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_officers_needed(&n, NULL, r, 0, -1), CPOL_EINVAL);
	cpol_rules_free(r);
}
END_TEST

/*
 * A region staffing by households alone (national's residents ratio
 * removed with null): residents do not count, so 9000 residents in no
 * household need ceil(0 / 1000) = 0 officers, by the households' ratio.
 */
START_TEST(officers_needed_by_households_alone_are_none_for_no_household)
{
	cpol_rules *r = load_text("region: hh\n"
	                          "extends: national\n"
	                          "staffing:\n"
	                          "  residents_per_officer: null\n"
	                          "  households_per_officer: 1000\n");
	const cpol_rule_ref *ref;
	int64_t n = 99;

	ck_assert_ok(cpol_rules_officers_needed(&n, &ref, r, 9000, 0));
	ck_assert_int_eq(n, 0);
	ck_assert_str_eq(ref->key, "staffing.households_per_officer");
	cpol_rules_free(r);
}
END_TEST

/* Classes ranked c1 (at least 5000 residents and at most 20 cases per
 * 10 000), c2 (at least 3000 residents), c3 (at most 2999). */
static const char CLASSES[] =
	"region: s\n"
	"staffing:\n"
	"  office_classes:\n"
	"    - {code: c1, name: A, rank: 1, residents: {min: 5000}, cases_per_10k: {max: 20}}\n"
	"    - {code: c2, name: B, rank: 2, residents: {min: 3000}}\n"
	"    - {code: c3, name: C, rank: 3, residents: {max: 2999}}\n";

/* 5000 residents is c1's minimum itself: c1 (with 10 cases, under its max). */
START_TEST(an_office_at_a_class_minimum_is_in_the_class)
{
	cpol_rules *r = load_text(CLASSES);
	const cpol_rules_office_class *oc;
	cpol_office_profile p = CPOL_OFFICE_PROFILE_INIT;

	p.residents = 5000;
	p.cases_per_10k = 10;
	ck_assert_ok(cpol_rules_office_class_for(&oc, r, &p));
	ck_assert_str_eq(oc->code, "c1");
	cpol_rules_free(r);
}
END_TEST

/* 20 cases per 10 000 is c1's maximum itself: still c1 (6000 residents). */
START_TEST(an_office_at_a_class_maximum_is_in_the_class)
{
	cpol_rules *r = load_text(CLASSES);
	const cpol_rules_office_class *oc;
	cpol_office_profile p = CPOL_OFFICE_PROFILE_INIT;

	p.residents = 6000;
	p.cases_per_10k = 20;
	ck_assert_ok(cpol_rules_office_class_for(&oc, r, &p));
	ck_assert_str_eq(oc->code, "c1");
	cpol_rules_free(r);
}
END_TEST

/* Two classes, both with a residents minimum (5000, 3000): 100 residents
 * meet neither, and the office falls in the last (lowest) class, c2. */
START_TEST(an_office_meeting_no_class_falls_in_the_last)
{
	cpol_rules *r = load_text("region: s\n"
	                          "staffing:\n"
	                          "  office_classes:\n"
	                          "    - {code: c1, name: A, rank: 1, residents: {min: 5000}}\n"
	                          "    - {code: c2, name: B, rank: 2, residents: {min: 3000}}\n");
	const cpol_rules_office_class *oc = NULL;
	cpol_office_profile p = CPOL_OFFICE_PROFILE_INIT;

	p.residents = 100;
	ck_assert_int_eq(cpol_rules_office_class_for(&oc, r, &p), 0);
	ck_assert_ptr_nonnull(oc);
	ck_assert_str_eq(oc->code, "c2");
	cpol_rules_free(r);
}
END_TEST

START_TEST(office_class_for_refuses_null_arguments)
{
	cpol_rules *r = load_text(CLASSES);
	const cpol_rules_office_class *oc;
	cpol_office_profile p = CPOL_OFFICE_PROFILE_INIT;

	ck_assert_fails(cpol_rules_office_class_for(NULL, r, &p), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_office_class_for(&oc, NULL, &p), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_office_class_for(&oc, r, NULL), CPOL_EINVAL);
	cpol_rules_free(r);
}
END_TEST

/* Nantong sets no office classes: the error names the key and no place in
 * a file (line 0, column 0). */
START_TEST(rules_without_office_classes_name_the_key)
{
	cpol_rules *r = load_region("nantong");
	const cpol_rules_office_class *oc;
	cpol_office_profile p = CPOL_OFFICE_PROFILE_INIT;

	ck_assert_fails(cpol_rules_office_class_for(&oc, r, &p), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "staffing.office_classes");
	ck_assert_int_eq(cpol_error_last()->line, 0);
	ck_assert_int_eq(cpol_error_last()->column, 0);
	cpol_rules_free(r);
}
END_TEST

/*
 * `below` takes its points once when the value misses it. Higher is
 * better: 0.5 reaches `below: 0.5` (30 points kept), 0.49 misses it
 * (30 − 15 = 15). Lower is better (cases, target 5, `below: 8` the value
 * to stay within): 8 reaches it (40 kept), 8.5 misses it (40 − 10 = 30).
 * (An item "flat" of 30 makes the weights add up to the total, 100.)
 */
static const char THRESHOLDS[] =
	"region: s\n"
	"assessment:\n"
	"  items:\n"
	"    - {id: rate, name: R, metric: r, weight: 30, target: 0.9, deduct: [{below: 0.5, points: 15}]}\n"
	"    - {id: cases, name: C, metric: c, weight: 40, target: 5, lower_is_better: true,\n"
	"       deduct: [{below: 8, points: 10}]}\n"
	"    - {id: flat, name: F, metric: f, weight: 30}\n";

START_TEST(a_value_equal_to_a_below_threshold_reaches_it)
{
	cpol_rules *r = load_text(THRESHOLDS);
	cpol_item_score s = CPOL_ITEM_SCORE_INIT;

	ck_assert_ok(cpol_item_score_compute(&s, r, "rate", 0.5));
	ck_assert_double_eq(s.points, 30);
	ck_assert_ok(cpol_item_score_compute(&s, r, "rate", 0.49));
	ck_assert_double_eq(s.points, 15);
	cpol_rules_free(r);
}
END_TEST

START_TEST(a_value_equal_to_a_threshold_reaches_it_when_lower_is_better)
{
	cpol_rules *r = load_text(THRESHOLDS);
	cpol_item_score s = CPOL_ITEM_SCORE_INIT;

	ck_assert_ok(cpol_item_score_compute(&s, r, "cases", 8));
	ck_assert_double_eq(s.points, 40);
	ck_assert_ok(cpol_item_score_compute(&s, r, "cases", 8.5));
	ck_assert_double_eq(s.points, 30);
	cpol_rules_free(r);
}
END_TEST

START_TEST(score_item_refuses_null_arguments)
{
	cpol_rules *r = load_text(THRESHOLDS);
	cpol_item_score s = CPOL_ITEM_SCORE_INIT;

	ck_assert_fails(cpol_item_score_compute(NULL, r, "rate", 0.5), CPOL_EINVAL);
	ck_assert_fails(cpol_item_score_compute(&s, NULL, "rate", 0.5), CPOL_EINVAL);
	cpol_rules_free(r);
}
END_TEST

/*
 * A deduction that takes exactly the weight is not capped: weight 10,
 * target 10, −1 a unit; a value of 0 falls 10 short and loses 10 × 1 = 10,
 * the whole weight and no more: 0 points, capped 0. (At 1 point more a
 * unit, 20, it would be capped.)
 */
START_TEST(deductions_taking_exactly_the_weight_are_not_capped)
{
	cpol_rules *r = load_text("region: s\n"
	                          "assessment:\n"
	                          "  total: 10\n"
	                          "  items:\n"
	                          "    - {id: v, name: V, metric: v, weight: 10, target: 10,"
	                          " deduct: [{per_unit: 1}]}\n");
	cpol_item_score s = CPOL_ITEM_SCORE_INIT;

	ck_assert_ok(cpol_item_score_compute(&s, r, "v", 0));
	ck_assert_double_eq(s.points, 0);
	ck_assert_double_eq(s.deduction, 10);
	ck_assert_int_eq(s.capped, 0);
	cpol_rules_free(r);
}
END_TEST

START_TEST(grade_for_refuses_null_arguments)
{
	cpol_rules *r = load_text(THRESHOLDS);
	const cpol_rules_grade *g;

	ck_assert_fails(cpol_rules_grade_for(NULL, r, 50), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_grade_for(&g, NULL, 50), CPOL_EINVAL);
	cpol_rules_free(r);
}
END_TEST

/* Bands from 60 up only: 59 has none, and the error names the key, with no
 * place in a file (line 0, column 0). */
START_TEST(a_score_under_every_band_names_the_grades_key)
{
	cpol_rules *r = load_text("region: s\n"
	                          "assessment:\n"
	                          "  grades: [{code: a, name: A, min: 85}, {code: b, name: B, min: 60}]\n");
	const cpol_rules_grade *g;

	ck_assert_fails(cpol_rules_grade_for(&g, r, 59), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "assessment.grades");
	ck_assert_int_eq(cpol_error_last()->line, 0);
	ck_assert_int_eq(cpol_error_last()->column, 0);
	cpol_rules_free(r);
}
END_TEST

START_TEST(difficulty_for_refuses_null_arguments)
{
	cpol_rules *r = load_text(THRESHOLDS);
	double c;

	ck_assert_fails(cpol_rules_difficulty_for(NULL, NULL, r, "class1"), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_difficulty_for(&c, NULL, NULL, "class1"), CPOL_EINVAL);
	ck_assert_fails(cpol_rules_difficulty_for(&c, NULL, r, NULL), CPOL_EINVAL);
	cpol_rules_free(r);
}
END_TEST

/* Class c1 has the coefficient 1.1; c2, named nowhere, has 1 and no rule. */
static const char DIFFICULTY[] =
	"region: s\n"
	"staffing:\n"
	"  office_classes:\n"
	"    - {code: c1, name: A, rank: 1}\n"
	"    - {code: c2, name: B, rank: 2}\n"
	"assessment:\n"
	"  difficulty:\n"
	"    c1: 1.1\n";

START_TEST(a_class_with_a_coefficient_gets_it_and_its_rule)
{
	cpol_rules *r = load_text(DIFFICULTY);
	const cpol_rule_ref *ref = NULL;
	double c = 0;

	ck_assert_int_eq(cpol_rules_difficulty_for(&c, &ref, r, "c1"), 0);
	ck_assert_double_eq_tol(c, 1.1, 1e-12);
	ck_assert_ptr_nonnull(ref);
	ck_assert_str_eq(ref->key, "assessment.difficulty.c1");
	cpol_rules_free(r);
}
END_TEST

START_TEST(a_class_without_a_coefficient_gets_one_and_no_rule)
{
	cpol_rules *r = load_text(DIFFICULTY);
	const cpol_rule_ref *ref = (const cpol_rule_ref *)1;
	double c = 0;

	ck_assert_int_eq(cpol_rules_difficulty_for(&c, &ref, r, "c2"), 0);
	ck_assert_double_eq(c, 1.0);
	ck_assert_ptr_null(ref);
	cpol_rules_free(r);
}
END_TEST

START_TEST(sanction_applies_refuses_null_arguments)
{
	cpol_rules *r = load_region("national");
	cpol_standing st = CPOL_STANDING_INIT;
	int b;

	ck_assert_fails(cpol_rules_sanction_applies(NULL, NULL, r, "last_place_warning", &st),
	                CPOL_EINVAL);
	ck_assert_fails(cpol_rules_sanction_applies(&b, NULL, NULL, "last_place_warning", &st),
	                CPOL_EINVAL);
	ck_assert_fails(cpol_rules_sanction_applies(&b, NULL, r, "last_place_warning", NULL),
	                CPOL_EINVAL);
	cpol_rules_free(r);
}
END_TEST

START_TEST(an_unknown_sanction_is_not_found)
{
	cpol_rules *r = load_region("national");
	cpol_standing st = CPOL_STANDING_INIT;
	int b = 7;

	ck_assert_fails(cpol_rules_sanction_applies(&b, NULL, r, "no_such_sanction", &st),
	                CPOL_ENOTFOUND);
	cpol_rules_free(r);
}
END_TEST

/*
 * 年度满意度测评低于90%的,收回命名牌 [001]: below 90%, so an office at
 * exactly 90% keeps its nameplate and one at 89% loses it.
 */
START_TEST(a_satisfaction_of_exactly_90_percent_keeps_the_nameplate)
{
	cpol_rules *r = load_region("national");
	const cpol_rules_sanction *s;
	cpol_standing st = CPOL_STANDING_INIT;
	int b = -1;

	ck_assert_ok(cpol_rules_find_sanction(&s, r, "nameplate_revoked"));
	st.metric_value = s->metric_below.value; /* 90%, as the rules hold it */
	ck_assert_ok(cpol_rules_sanction_applies(&b, NULL, r, "nameplate_revoked", &st));
	ck_assert_int_eq(b, 0);
	st.metric_value = 0.89;
	ck_assert_ok(cpol_rules_sanction_applies(&b, NULL, r, "nameplate_revoked", &st));
	ck_assert_int_eq(b, 1);
	cpol_rules_free(r);
}
END_TEST

#include "test_rules.list"

int main(void)
{
	return testutil_main_list("rules", setup_tmp, teardown_tmp, testutil_tests());
}

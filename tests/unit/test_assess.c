/*
 * Assessment: periods, formulas, metrics, scoring, ranking, sanctions,
 * saved runs, explanations and what-if. Every expected number below is
 * worked out by hand in the comment beside it, from the rules text RULES
 * and the records the test writes.
 */
#include "testutil.h"
#include "internal.h"
#include "assess_internal.h"

#include <math.h>

/* ------------------------------------------------------------ the rules */

/*
 * Items weigh 40 + 30 + 30 = 100.
 *  visits:       derived visits_per_month = hh_visited / months (a stored
 *                value over the built-in `months`); target 30; −0.5 a
 *                missing household a month.
 *  satisfaction: satisfaction_rate (surveys); target 90%; −10 per full 10%
 *                of the target it falls short.
 *  information:  info_exported (stored: a count exported from another
 *                system; the built-in information_items, which counts
 *                information item records, is tested on its own below);
 *                target 10; −2 per missing item, that rule capped at 12;
 *                −10 once below 5.
 * Bonus good_deeds: +1 each, at most 5. Vetoes: major_incidents ≥ 1 → total
 * 0; complaints ≥ 2 → grade at most pass. Class 1 offices: coefficient 1.1.
 */
static const char RULES[] =
	"region: assesstest\n"
	"extends: national\n"
	"staffing:\n"
	"  office_classes:\n"
	"    - {code: class1, name: 一类警务室, rank: 1}\n"
	"    - {code: class2, name: 二类警务室, rank: 2}\n"
	"assessment:\n"
	"  period: quarter\n"
	"  total: 100\n"
	"  ranking_scope: station\n"
	"  supplied:\n"
	"    hh_visited: 入户走访户数, exported by the county's system (a stored value)\n"
	"  derived:\n"
	"    visits_per_month: \"hh_visited / months\"\n"
	"  items:\n"
	"    - id: visits\n"
	"      name: 入户走访\n"
	"      metric: visits_per_month\n"
	"      weight: 40\n"
	"      target: 30\n"
	"      deduct:\n"
	"        - {per_unit: 0.5}\n"
	"    - id: satisfaction\n"
	"      name: 群众满意率\n"
	"      metric: satisfaction_rate\n"
	"      weight: 30\n"
	"      target: 90%\n"
	"      deduct:\n"
	"        - {per_percent: 10, points: 10}\n"
	"    - id: information\n"
	"      name: 信息收集\n"
	"      metric: info_exported\n"
	"      weight: 30\n"
	"      target: 10\n"
	"      deduct:\n"
	"        - {per_unit: 2, cap: 12}\n"
	"        - {below: 5, points: 10}\n"
	"  bonus:\n"
	"    - {id: good_deeds, name: 好人好事, metric: good_deeds, per_unit: 1, max: 5}\n"
	"  veto:\n"
	"    - {id: major_incident, name: 重大责任事故, metric: major_incidents, at_least: 1, effect: zero}\n"
	"    - {id: complaint, name: 有效投诉, metric: complaints, at_least: 2, effect: cap_grade, grade: pass}\n"
	"  difficulty:\n"
	"    class1: 1.1\n"
	"  grades:\n"
	"    - {code: excellent, name: 优秀, min: 90}\n"
	"    - {code: good, name: 良好, min: 80}\n"
	"    - {code: pass, name: 合格, min: 60}\n"
	"    - {code: fail, name: 不合格, min: 0}\n"
	"  sanctions:\n"
	"    - {id: last_place_warning, name: 末位诫勉谈话, action: warning_talk, target: officer,"
	" period: quarter, last_place: true}\n"
	"    - {id: last_place_transfer, name: 连续两次末位且低于80分, action: transfer, target: officer,"
	" period: quarter, last_place: true, consecutive: 2, score_below: 80}\n"
	"    - {id: nameplate_revoked, name: 满意度低于90%收回命名牌, action: revoke_nameplate,"
	" target: office, period: year, metric: satisfaction_rate, metric_below: 90%}\n";

/* ------------------------------------------------------------ the world */

static cpol_db *db;
static cpol_rules *rules;
static cpol_id region, s1, s2, o1, o2, o3;
static cpol_id A, B, C, D, E;

static cpol_date D8(const char *s)
{
	cpol_date d;
	ck_assert_msg(cpol_date_parse(&d, s) == 0, "bad date %s", s);
	return d;
}

static cpol_period P(const char *s)
{
	cpol_period p;
	ck_assert_ok(cpol_period_parse(&p, s));
	return p;
}

static cpol_id office(cpol_id station, const char *name, const char *klass)
{
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_id id = 0;
	o.station_id = station;
	o.name = name;
	o.office_class = klass;
	o.rules = rules; /* the class is checked against them (region assesstest has no file) */
	ck_assert_ok(cpol_office_add(&id, db, &o));
	return id;
}

static cpol_id officer(cpol_id off, const char *name, const char *badge)
{
	cpol_staff_new s = CPOL_STAFF_NEW_INIT;
	cpol_id id = 0;
	s.office_id = off;
	s.name = name;
	s.badge = badge;
	s.kind = CPOL_STAFF_OFFICER;
	s.active_from = D8("2024-01-01");
	ck_assert_ok(cpol_staff_add(&id, db, &s));
	return id;
}

static void store(const char *name, cpol_subject_kind kind, cpol_id id, const char *period,
                  double value)
{
	cpol_metric_entry e = CPOL_METRIC_ENTRY_INIT;
	e.name = name;
	e.subject_kind = kind;
	e.subject_id = id;
	e.period = P(period);
	e.value = value;
	e.source = "test_assess.c";
	ck_assert_ok(cpol_metric_store(NULL, db, &e));
}

static void survey(cpol_id off, cpol_survey_kind kind, const char *on, int64_t n, int64_t yes)
{
	cpol_survey_new s = CPOL_SURVEY_NEW_INIT;
	s.office_id = off;
	s.kind = kind;
	s.conducted_on = D8(on);
	s.sample_size = n;
	s.positive = yes;
	ck_assert_ok(cpol_survey_add(NULL, db, &s));
}

static void setup(void)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	ro.name = "assesstest.yaml";
	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	ck_assert_ok(cpol_db_set_user(db, "tester"));
	ck_assert_ok(cpol_rules_load_string(&rules, RULES, &ro));
	ck_assert_ok(cpol_region_add(&region, db, "assesstest", "测试市"));
	ck_assert_ok(cpol_station_add(&s1, db, region, "城东派出所", NULL));
	ck_assert_ok(cpol_station_add(&s2, db, region, "城西派出所", NULL));
	o1 = office(s1, "东关社区警务室", "class1");
	o2 = office(s1, "南门社区警务室", "class2");
	o3 = office(s2, "西山村警务室", NULL);
	A = officer(o1, "张伟", "100001");
	B = officer(o1, "李强", "100002");
	C = officer(o2, "王芳", "100003");
	D = officer(o3, "赵磊", "100004");
	E = officer(o2, "陈静", "100005");
}

static void teardown(void)
{
	cpol_rules_free(rules);
	cpol_db_close(db);
	rules = NULL;
	db = NULL;
}

/*
 * 2024-Q2 (3 months), by officer:
 *
 * A (东关, class1 ×1.1): hh_visited 84 → 28 a month, 2 short × 0.5 = 1 → 39.00
 *    satisfaction 东关: (93 + 89) / (100 + 100) = 0.91 ≥ 0.9 → 30.00
 *    information 9: 1 short × 2 = 2 (cap 12); not below 5 → 28.00
 *    base 97.00 × 1.1 = 106.70; good deeds 3 → +3.00; total 109.70 优秀
 * B (东关 ×1.1): hh 60 → 20 a month, 10 short × 0.5 = 5 → 35.00
 *    satisfaction 0.91 → 30.00
 *    information 3: 7 × 2 = 14 capped at 12; below 5: 10; 22 → 8.00
 *    base 73.00 × 1.1 = 80.30; good deeds 8 → 8 capped at 5; total 85.30
 *    良好, but complaints 2 ≥ 2 caps the grade at 合格 (pass)
 * C (南门, class2: no coefficient, 1): hh 90 → 30 → 40.00
 *    satisfaction 南门: 36 / 50 = 0.72; 0.18 short = 20% of 0.9 → 2 steps × 10 → 10.00
 *    information 9 → 28.00; base 78.00; no good deeds stored → +0; total 78.00 合格
 * E (南门): same figures as C → 78.00 合格
 * D (西山, no class, alone in 城西 station): hh not stored → visits 0 (no value);
 *    no survey → satisfaction 0; information 12 → 30.00; base 30.00;
 *    major incident 1 → total 0.00 (veto zero) → 不合格
 *
 * 城东 station: A 109.70 rank 1, B 85.30 rank 2, C and E 78.00 share rank 3 of
 * 4 and are both last. 城西: D alone, rank 1 of 1, not last.
 */
static void q2_data(void)
{
	store("hh_visited", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 84);
	store("hh_visited", CPOL_SUBJECT_OFFICER, B, "2024-Q2", 60);
	store("hh_visited", CPOL_SUBJECT_OFFICER, C, "2024-Q2", 90);
	store("hh_visited", CPOL_SUBJECT_OFFICER, E, "2024-Q2", 90);
	store("info_exported", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 9);
	store("info_exported", CPOL_SUBJECT_OFFICER, B, "2024-Q2", 3);
	store("info_exported", CPOL_SUBJECT_OFFICER, C, "2024-Q2", 9);
	store("info_exported", CPOL_SUBJECT_OFFICER, E, "2024-Q2", 9);
	store("info_exported", CPOL_SUBJECT_OFFICER, D, "2024-Q2", 12);
	store("good_deeds", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 3);
	store("good_deeds", CPOL_SUBJECT_OFFICER, B, "2024-Q2", 8);
	store("complaints", CPOL_SUBJECT_OFFICER, B, "2024-Q2", 2);
	/* Stored for the office: D has none of his own and takes it. */
	store("major_incidents", CPOL_SUBJECT_OFFICE, o3, "2024-Q2", 1);
	survey(o1, CPOL_SURVEY_SATISFACTION, "2024-04-15", 100, 93);
	survey(o1, CPOL_SURVEY_SATISFACTION, "2024-06-20", 100, 89);
	survey(o2, CPOL_SURVEY_SATISFACTION, "2024-05-10", 50, 36);
	/* Outside the quarter: must not count. */
	survey(o2, CPOL_SURVEY_SATISFACTION, "2024-07-01", 50, 50);
}

/*
 * 2024-Q1: hh A 90 (40), B 90 (40), E 90 (40), C 60 (30 − 10 × 0.5... no:
 * 60 / 3 = 20 a month, 10 short → 35.00); no surveys and no information
 * stored → those items score 0. Totals: A 40 × 1.1 = 44.00, B 44.00,
 * E 40.00, C 35.00: C last (rank 4 of 4), E is not.
 */
static void q1_data(void)
{
	store("hh_visited", CPOL_SUBJECT_OFFICER, A, "2024-Q1", 90);
	store("hh_visited", CPOL_SUBJECT_OFFICER, B, "2024-Q1", 90);
	store("hh_visited", CPOL_SUBJECT_OFFICER, C, "2024-Q1", 60);
	store("hh_visited", CPOL_SUBJECT_OFFICER, E, "2024-Q1", 90);
}

static cpol_assessment *score(cpol_assessor *a, const char *period, cpol_subject_kind kind)
{
	cpol_assess_options o;
	cpol_assessment *as = NULL;
	cpol_period p = P(period);
	ck_assert_ok(cpol_assess_options_init(&o, CPOL_ASSESS_OPTIONS_VERSION));
	o.subject_kind = kind;
	ck_assert_ok(cpol_assess_score(&as, a, &p, &o));
	return as;
}

static const cpol_assess_result *result(const cpol_assessment *as, cpol_id id)
{
	const cpol_assess_result *r = NULL;
	ck_assert_ok(cpol_assessment_find(&r, as, id));
	return r;
}

static const cpol_assess_line *line(const cpol_assess_result *r, const char *id)
{
	size_t i;
	for (i = 0; i < r->line_count; i++)
		if (r->lines[i].id && strcmp(r->lines[i].id, id) == 0)
			return &r->lines[i];
	ck_abort_msg("no line %s", id);
	return NULL;
}

static int has_sanction(const cpol_assess_result *r, const char *id)
{
	size_t i;
	for (i = 0; i < r->sanction_count; i++)
		if (strcmp(r->sanctions[i].id, id) == 0)
			return 1;
	return 0;
}

#define ck_assert_hundredth(x, want) \
	ck_assert_msg(fabs((x) - (want)) < 0.005, "%s = %.4f, want %.2f", #x, (double)(x), (double)(want))

/* ---------------------------------------------------------------- periods */

START_TEST(periods_parse_and_format)
{
	cpol_period p, q;
	char buf[CPOL_PERIOD_BUFSZ];
	char d1[CPOL_DATE_BUFSZ], d2[CPOL_DATE_BUFSZ];

	p = P("2024-Q2");
	ck_assert_int_eq(p.unit, CPOL_UNIT_QUARTER);
	ck_assert_str_eq(cpol_date_format(d1, p.start), "2024-04-01");
	ck_assert_str_eq(cpol_date_format(d2, p.end), "2024-06-30");
	ck_assert_str_eq(cpol_period_format(buf, &p), "2024-Q2");
	p = P("2024-02");
	ck_assert_str_eq(cpol_date_format(d2, p.end), "2024-02-29"); /* leap year */
	p = P("2024-H2");
	ck_assert_str_eq(cpol_date_format(d1, p.start), "2024-07-01");
	ck_assert_str_eq(cpol_period_format(buf, &p), "2024-H2");
	p = P("2024");
	ck_assert_str_eq(cpol_date_format(d2, p.end), "2024-12-31");
	p = P("2024-Q1");
	ck_assert_ok(cpol_period_previous(&q, &p));
	ck_assert_str_eq(cpol_period_format(buf, &q), "2023-Q4");
	ck_assert_ok(cpol_period_containing(&q, CPOL_UNIT_MONTH, D8("2024-05-08")));
	ck_assert_str_eq(cpol_period_format(buf, &q), "2024-05");
	ck_assert_fails(cpol_period_parse(&p, "2024-Q5"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "period");
	ck_assert_fails(cpol_period_parse(&p, "2024-13"), CPOL_EINVAL);
	ck_assert_fails(cpol_period_parse(&p, "24-Q1"), CPOL_EINVAL);
	ck_assert_fails(cpol_period_containing(&q, CPOL_UNIT_WEEK, D8("2024-05-08")), CPOL_EINVAL);
}
END_TEST

/* ---------------------------------------------------------------- formulas */

/* Compile and evaluate a formula; inputs are given by name, in any order. */
static int eval(double *out, int *has, const char *text, const double *vals, const int *present,
                size_t nin, const char **names)
{
	cpol__formula_engine *eng = NULL;
	cpol__formula *f = NULL;
	double bound[8];
	int bhas[8];
	size_t i, k;
	int rc;

	ck_assert_ok(cpol__formula_engine_new(&eng));
	rc = cpol__formula_compile(&f, eng, text, NULL, "assessment.derived.x");
	if (rc == 0) {
		ck_assert_uint_eq(cpol__formula_input_count(f), nin);
		for (i = 0; i < nin; i++) {
			for (k = 0; k < nin && strcmp(cpol__formula_input(f, i), names[k]) != 0; k++)
				;
			ck_assert_msg(k < nin, "unexpected input %s", cpol__formula_input(f, i));
			bound[i] = vals[k];
			bhas[i] = present[k];
		}
		rc = cpol__formula_eval(out, has, f, bound, bhas);
	}
	cpol__formula_free(f);
	cpol__formula_engine_free(eng);
	return rc;
}

START_TEST(formulas_evaluate_arithmetic)
{
	const char *names[] = { "cases", "residents" };
	double vals[] = { 3, 2500 }, out;
	int present[] = { 1, 1 }, has;

	/* 3 / 2500 × 10000 = 12 (inputs are reals: no integer division) */
	ck_assert_ok(eval(&out, &has, "cases / residents * 10000", vals, present, 2, names));
	ck_assert_int_eq(has, 1);
	ck_assert_hundredth(out, 12.0);
	/* min/max/round are allowed: min(3 × 2, 5) = 5 */
	ck_assert_ok(eval(&out, &has, "min(cases * 2, 5)", vals, present, 1, names));
	ck_assert_hundredth(out, 5.0);
	ck_assert_ok(eval(&out, &has, "round(residents / 7.0, 2)", &vals[1], present, 1, &names[1]));
	ck_assert_hundredth(out, 357.14);
	/* Division by zero: no value. */
	vals[1] = 0;
	ck_assert_ok(eval(&out, &has, "cases / residents * 10000", vals, present, 2, names));
	ck_assert_int_eq(has, 0);
	/* An input without value gives none, unless the formula says otherwise. */
	present[0] = 0;
	vals[1] = 10;
	ck_assert_ok(eval(&out, &has, "coalesce(cases, 0) + residents", vals, present, 2, names));
	ck_assert_int_eq(has, 1);
	ck_assert_hundredth(out, 10.0);
	/* No inputs at all. */
	ck_assert_ok(eval(&out, &has, "1.5 * 2", NULL, NULL, 0, NULL));
	ck_assert_hundredth(out, 3.0);
}
END_TEST

START_TEST(formulas_are_fenced)
{
	double out;
	int has;
	static const char *const refused[] = {
		"(SELECT 1)",                            /* a second SELECT */
		"(SELECT count(*) FROM sqlite_master)",  /* a table */
		"random()",                              /* not deterministic */
		"current_date + 0",                      /* the clock */
		"length('x')",                           /* not an arithmetic function */
		"1); DROP TABLE x; SELECT (1",           /* a second statement */
		"1, 2",                                  /* two columns */
		"cases) FROM m UNION SELECT (1",         /* a compound */
		"load_extension('x')",
		"",
	};
	size_t i;

	for (i = 0; i < CPOL__ARRAY_SIZE(refused); i++) {
		int rc = eval(&out, &has, refused[i], NULL, NULL, 0, NULL);
		ck_assert_msg(rc == CPOL_ERULES, "formula '%s' gave %d, want CPOL_ERULES", refused[i], rc);
		ck_assert_str_eq(cpol_error_last()->field, "assessment.derived.x");
	}
	/* Text is not a number. */
	ck_assert_fails(eval(&out, &has, "'abc'", NULL, NULL, 0, NULL), CPOL_ERULES);
}
END_TEST

START_TEST(bad_formula_names_its_rule)
{
	/* Line 5: `    bad: "` puts the text at column 11 (the value, with its
	 * quote, at 10). A SELECT inside is refused at load, not at scoring. */
	static const char BAD[] =
		"region: badformula\n"
		"extends: national\n"
		"assessment:\n"
		"  derived:\n"
		"    bad: \"cases / (SELECT 1)\"\n";
	static const char LOOP[] =
		"region: loop\n"
		"extends: national\n"
		"assessment:\n"
		"  derived:\n"
		"    a: \"b + 1\"\n"
		"    b: \"a * 2\"\n";
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r = NULL;
	cpol_assessor *a = NULL;

	ro.name = "bad.yaml";
	ck_assert_fails(cpol_rules_load_string(&r, BAD, &ro), CPOL_ERULES);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(cpol_error_last()->file, "bad.yaml");
	ck_assert_int_eq(cpol_error_last()->line, 5);
	ck_assert_int_eq(cpol_error_last()->column, 10);
	ck_assert_str_eq(cpol_error_last()->field, "assessment.derived.bad");
	ck_assert_str_eq(cpol_error_last()->message, "bad.yaml:5:10: the formula is not accepted: "
	                 "not authorized, in formula 'cases / (SELECT 1)'");
	/* Names that are all known compile at load; the circle is found by the assessor. */
	ck_assert_ok(cpol_rules_load_string(&r, LOOP, &ro));
	ck_assert_fails(cpol_assessor_new(&a, db, r), CPOL_ERULES);
	ck_assert_msg(strstr(cpol_error_last()->message, "depends on itself") != NULL, "%s",
	              cpol_error_last()->message);
	cpol_rules_free(r);
}
END_TEST

/* Load r (named typo.yaml), expecting CPOL_ERULES at line:column with this message. */
static void load_fails_at(const char *text, int line, int column, const char *field,
                          const char *message)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r = NULL;
	char want[600];

	ro.name = "typo.yaml";
	ck_assert_fails(cpol_rules_load_string(&r, text, &ro), CPOL_ERULES);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(cpol_error_last()->file, "typo.yaml");
	ck_assert_int_eq(cpol_error_last()->line, line);
	ck_assert_int_eq(cpol_error_last()->column, column);
	ck_assert_str_eq(cpol_error_last()->field, field);
	snprintf(want, sizeof(want), "typo.yaml:%d:%d: %s", line, column, message);
	ck_assert_str_eq(cpol_error_last()->message, want);
}

/*
 * A misspelt metric used to score every subject 0 ("incomplete"): now the
 * rules do not load. Columns by hand:
 *  - `    per_10k: "cases / resdents * 10000"`: 4 spaces and `per_10k: `
 *    (9) put the quote at 14, the text at 15; `cases / ` is 8 more, so
 *    resdents is at 23. resdents → residents is one insertion.
 *  - `      formula: value / montsh` (plain): 6 + `formula: ` (9) puts
 *    value at 16, montsh 8 later at 24; montsh → months is 2 edits (the
 *    limit for a 6-letter word: max(2, 6 / 3)). `value` is the item's
 *    own metric and known in an item's formula.
 *  - `zzqqxx_count` is near nothing: no suggestion.
 *  - names in assessment.supplied (stored values, callbacks) are known.
 */
START_TEST(unknown_metric_in_formula_fails_at_load)
{
	static const char SUFFIX[] =
		"; a formula reads built-in, derived or supplied metrics (assessment.supplied)";
	char want[512];
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r = NULL;

	snprintf(want, sizeof(want), "unknown metric 'resdents' (did you mean 'residents'?), in formula "
	         "'cases / resdents * 10000'%s", SUFFIX);
	load_fails_at("region: typo\n"
	              "extends: national\n"
	              "assessment:\n"
	              "  derived:\n"
	              "    per_10k: \"cases / resdents * 10000\"\n",
	              5, 23, "assessment.derived.per_10k", want);
	snprintf(want, sizeof(want), "unknown metric 'montsh' (did you mean 'months'?), in formula "
	         "'value / montsh'%s", SUFFIX);
	load_fails_at("region: typo\n"
	              "extends: national\n"
	              "assessment:\n"
	              "  items:\n"
	              "    - id: visits\n"
	              "      name: 走访\n"
	              "      metric: households_visited\n"
	              "      weight: 100\n"
	              "      formula: value / montsh\n",
	              9, 24, "assessment.items[visits].formula", want);
	snprintf(want, sizeof(want), "unknown metric 'zzqqxx_count', in formula 'zzqqxx_count * 2'%s",
	         SUFFIX);
	load_fails_at("region: typo\n"
	              "extends: national\n"
	              "assessment:\n"
	              "  derived:\n"
	              "    x: zzqqxx_count * 2\n",
	              5, 8, "assessment.derived.x", want);
	/* `value` outside an item's formula is no metric. */
	snprintf(want, sizeof(want), "unknown metric 'value', in formula 'value'%s", SUFFIX);
	load_fails_at("region: typo\nextends: national\nassessment:\n  derived:\n    x: value\n",
	              5, 8, "assessment.derived.x", want);
	/* Supplied, derived and the rules' own metric names are known. */
	ro.name = "ok.yaml";
	ck_assert_ok(cpol_rules_load_string(&r,
		"region: ok\n"
		"extends: national\n"
		"assessment:\n"
		"  supplied:\n"
		"    patrol_hours: 巡逻时长 (GPS export)\n"
		"  derived:\n"
		"    per_month: \"patrol_hours / months\"\n"
		"    double: \"per_month * 2 + coalesce(cases_per_10k, 0)\"\n", &ro));
	cpol_rules_free(r);
	/* A supplied name must be a plain name, not a built-in one. */
	load_fails_at("region: typo\nextends: national\nassessment:\n  supplied:\n    months: x\n",
	              5, 5, "assessment.supplied.months", "supplied metric 'months' is a built-in metric");
}
END_TEST

/* "cases" and spaces, n characters in all. */
static char *padded(size_t n)
{
	char *s = malloc(n + 1);
	ck_assert_ptr_nonnull(s);
	memset(s, ' ', n);
	memcpy(s, "cases", 5);
	s[n] = '\0';
	return s;
}

/*
 * The limits of docs/assess.md: 1,000 characters (not bytes) and an
 * expression 64 deep. 1,000 is accepted, 1,001 refused; 981 Chinese
 * characters in a text literal make 17 + 981 + 2 = 1000 characters but
 * 17 + 2943 + 2 = 2962 bytes, and are accepted. Each unary minus is a
 * node: 63 over `cases` make a tree 64 deep, accepted; 65 one 66 deep,
 * refused. A refused long formula says why in full
 * and its quote is cut at 60 characters with "…".
 */
START_TEST(formula_limits)
{
	static const char *cases[] = { "cases" };
	static const double seven[] = { 7 };
	static const int present[] = { 1 };
	double out;
	int has;
	char *s;
	cpol__buf b = { 0 };
	size_t i;
	const char *m;

	s = padded(1000);
	ck_assert_ok(eval(&out, &has, s, seven, present, 1, cases));
	ck_assert(has && out == 7);
	free(s);
	s = padded(1001);
	ck_assert_fails(eval(&out, &has, s, NULL, NULL, 0, NULL), CPOL_ERULES);
	m = cpol_error_last()->message;
	ck_assert_msg(strncmp(m, "the formula is too long: 1001 characters, at most 1000, in formula "
	                      "'cases", strlen("the formula is too long: 1001 characters, at most 1000, "
	                      "in formula 'cases")) == 0, "%s", m);
	ck_assert_msg(strstr(m, "…'") != NULL, "%s", m);
	free(s);
	cpol__buf_puts(&b, "coalesce(cases, '");
	for (i = 0; i < 981; i++)
		cpol__buf_puts(&b, "中");
	cpol__buf_puts(&b, "')");
	ck_assert_uint_eq(b.len, 2962);
	ck_assert_ok(eval(&out, &has, b.ptr, seven, present, 1, cases));
	ck_assert(has && out == 7);
	cpol__buf_puts(&b, " ");
	ck_assert_fails(eval(&out, &has, b.ptr, NULL, NULL, 0, NULL), CPOL_ERULES);
	/* The quote is cut after 60 characters, at a character boundary:
	 * 17 ASCII and 43 中. */
	b.len = 0;
	cpol__buf_puts(&b, "'coalesce(cases, '");
	for (i = 0; i < 43; i++)
		cpol__buf_puts(&b, "中");
	cpol__buf_puts(&b, "…'");
	ck_assert_msg(strstr(cpol_error_last()->message, b.ptr) != NULL, "%s",
	              cpol_error_last()->message);
	b.len = 0;
	for (i = 0; i < 65; i++)
		cpol__buf_puts(&b, "- ");
	cpol__buf_puts(&b, "cases");
	ck_assert_fails(eval(&out, &has, b.ptr, NULL, NULL, 0, NULL), CPOL_ERULES);
	m = "the formula is not accepted: Expression tree is too large (maximum depth 64), in "
	    "formula '- - -";
	ck_assert_msg(strncmp(cpol_error_last()->message, m, strlen(m)) == 0, "%s",
	              cpol_error_last()->message);
	/* 64 deep is accepted. */
	b.len = 0;
	for (i = 0; i < 63; i++)
		cpol__buf_puts(&b, "- ");
	cpol__buf_puts(&b, "cases");
	ck_assert_ok(eval(&out, &has, b.ptr, seven, present, 1, cases));
	ck_assert(has && out == -7);
	cpol__buf_free(&b);
}
END_TEST

/*
 * A function call takes at most 8 arguments (SQLITE_LIMIT_FUNCTION_ARG):
 * max(1, ..., 8) is 8; max(1, ..., 9) is refused.
 */
START_TEST(a_formula_function_takes_at_most_eight_arguments)
{
	double out = 0;
	int has = 0;

	ck_assert_ok(eval(&out, &has, "max(1, 2, 3, 4, 5, 6, 7, 8)", NULL, NULL, 0, NULL));
	ck_assert(has && out == 8);
	ck_assert_fails(eval(&out, &has, "max(1, 2, 3, 4, 5, 6, 7, 8, 9)", NULL, NULL, 0, NULL),
	                CPOL_ERULES);
	ck_assert_str_eq(cpol_error_last()->field, "assessment.derived.x");
}
END_TEST

/* "m1 + m2 + ... + mN" over N different metrics. */
static char *sum_of_metrics(int n)
{
	cpol__buf b = { 0 };
	int i;
	for (i = 1; i <= n; i++)
		cpol__buf_printf(&b, "%sm%d", i > 1 ? " + " : "", i);
	ck_assert(!b.oom);
	return b.ptr;
}

/*
 * A formula reads at most 32 different metrics: m1 + ... + m32 with mi = i
 * is 32 × 33 / 2 = 528; a 33rd metric is refused, and the message says so.
 */
START_TEST(a_formula_reads_at_most_32_metrics)
{
	cpol__formula_engine *eng = NULL;
	cpol__formula *f = NULL;
	double vals[32], out = 0;
	int has[32], got = 0;
	char *text;
	size_t i;

	ck_assert_ok(cpol__formula_engine_new(&eng));
	text = sum_of_metrics(32);
	ck_assert_ok(cpol__formula_compile(&f, eng, text, NULL, "assessment.derived.x"));
	free(text);
	ck_assert_uint_eq(cpol__formula_input_count(f), 32);
	for (i = 0; i < 32; i++) {
		/* inputs come in the order SQLite names them: read the number back */
		vals[i] = atoi(cpol__formula_input(f, i) + 1);
		has[i] = 1;
	}
	ck_assert_ok(cpol__formula_eval(&out, &got, f, vals, has));
	ck_assert(got && out == 528);
	cpol__formula_free(f);
	f = NULL;
	text = sum_of_metrics(33);
	ck_assert_fails(cpol__formula_compile(&f, eng, text, NULL, "assessment.derived.x"), CPOL_ERULES);
	free(text);
	ck_assert_ptr_null(f);
	ck_assert_msg(strstr(cpol_error_last()->message, "more than 32 metrics") != NULL, "%s",
	              cpol_error_last()->message);
	cpol__formula_engine_free(eng);
}
END_TEST

/* "1) FROM sqlite_master WHERE (1" makes one SELECT of a table: the
 * formula may read the columns of its own metrics only. */
START_TEST(a_formula_cannot_read_a_table_from_its_own_select)
{
	double out;
	int has;

	ck_assert_fails(eval(&out, &has, "1) FROM sqlite_master WHERE (1", NULL, NULL, 0, NULL),
	                CPOL_ERULES);
	ck_assert_msg(strstr(cpol_error_last()->message, "not authorized") != NULL, "%s",
	              cpol_error_last()->message);
}
END_TEST

/*
 * A formula that fails while it runs says what SQLite said, not that it
 * ran too long: abs() of the least 64-bit integer overflows.
 */
START_TEST(a_formula_failing_as_it_runs_says_why)
{
	double out = 5;
	int has = 5;

	ck_assert_fails(eval(&out, &has, "abs(-9223372036854775807 - 1)", NULL, NULL, 0, NULL),
	                CPOL_ERULES);
	ck_assert_msg(strstr(cpol_error_last()->message, "the formula failed: integer overflow") != NULL,
	              "%s", cpol_error_last()->message);
	ck_assert_int_eq(has, 0);
}
END_TEST

/* 1e308 × 10 is beyond a double: infinity, which is no value, and 0. */
START_TEST(a_formula_overflowing_to_infinity_has_no_value)
{
	double out = 5;
	int has = 5;

	ck_assert_ok(eval(&out, &has, "1e308 * 10", NULL, NULL, 0, NULL));
	ck_assert_int_eq(has, 0);
	ck_assert(out == 0);
}
END_TEST

/*
 * The quote of a refused formula holds 60 characters whatever their size:
 * `coalesce(cases, '` (17) and 43 four-byte 😀 (172 bytes) are 60
 * characters and 189 bytes, quoted whole with "…" after them.
 */
START_TEST(a_formula_quote_holds_sixty_four_byte_characters)
{
	cpol__buf b = { 0 }, want = { 0 };
	double out;
	int has;
	size_t i;

	cpol__buf_puts(&b, "coalesce(cases, '");
	for (i = 0; i < 1000; i++)
		cpol__buf_puts(&b, "\xF0\x9F\x98\x80");
	cpol__buf_puts(&b, "')");
	ck_assert_fails(eval(&out, &has, b.ptr, NULL, NULL, 0, NULL), CPOL_ERULES);
	cpol__buf_puts(&want, "'coalesce(cases, '");
	for (i = 0; i < 43; i++)
		cpol__buf_puts(&want, "\xF0\x9F\x98\x80");
	cpol__buf_puts(&want, "…'");
	ck_assert_msg(strstr(cpol_error_last()->message, want.ptr) != NULL, "%s",
	              cpol_error_last()->message);
	cpol__buf_free(&b);
	cpol__buf_free(&want);
}
END_TEST

/* A formula must give a number: text and a blob are refused, each by name. */
START_TEST(a_formula_giving_text_or_a_blob_says_which)
{
	double out;
	int has;

	ck_assert_fails(eval(&out, &has, "'abc'", NULL, NULL, 0, NULL), CPOL_ERULES);
	ck_assert_msg(strstr(cpol_error_last()->message, "the formula gave text, not a number") != NULL,
	              "%s", cpol_error_last()->message);
	ck_assert_fails(eval(&out, &has, "x'00'", NULL, NULL, 0, NULL), CPOL_ERULES);
	ck_assert_msg(strstr(cpol_error_last()->message, "the formula gave a blob, not a number") != NULL,
	              "%s", cpol_error_last()->message);
}
END_TEST

/* ----------------------------------------------------------------- scoring */

START_TEST(score_hand_worked_quarter)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_result *r;
	const cpol_assess_line *l;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	ck_assert_uint_eq(cpol_assessment_count(as), 5);
	ck_assert_str_eq(cpol_assessment_rules_hash(as), cpol_rules_hash(rules));

	r = result(as, A);
	l = line(r, "visits");
	ck_assert_hundredth(l->value, 28.0);
	ck_assert_hundredth(l->points, 39.0);
	ck_assert_str_eq(l->rule.key, "assessment.items[visits].deduct[0]");
	ck_assert_str_eq(l->rule.file, "assesstest.yaml");
	ck_assert_hundredth(line(r, "satisfaction")->value, 0.91);
	ck_assert_hundredth(line(r, "satisfaction")->numerator, 182);
	ck_assert_hundredth(line(r, "satisfaction")->denominator, 200);
	ck_assert_hundredth(line(r, "satisfaction")->points, 30.0);
	ck_assert_hundredth(line(r, "information")->points, 28.0);
	ck_assert_hundredth(r->base, 97.0);
	ck_assert_hundredth(r->coefficient, 1.1);
	ck_assert_hundredth(r->bonus, 3.0);
	ck_assert_hundredth(r->total, 109.70);
	ck_assert_str_eq(r->grade, "excellent");
	ck_assert_int_eq(r->rank, 1);
	ck_assert_int_eq(r->ranked, 4);
	ck_assert_int_eq(r->incomplete, 0);
	ck_assert_uint_eq(r->sanction_count, 0);

	r = result(as, B);
	ck_assert_hundredth(line(r, "visits")->points, 35.0);
	l = line(r, "information");
	ck_assert_hundredth(l->points, 8.0);
	ck_assert_hundredth(l->deduction, 22.0);
	ck_assert_int_eq(l->capped, 1);
	ck_assert_hundredth(r->base, 73.0);
	ck_assert_hundredth(r->total, 85.30);
	l = line(r, "good_deeds");
	ck_assert_hundredth(l->points, 5.0);
	ck_assert_int_eq(l->capped, 1);
	ck_assert_int_eq(line(r, "complaint")->applied, 1);
	ck_assert_str_eq(r->grade, "pass");       /* 良好 capped at 合格 */
	ck_assert_str_eq(r->veto, "complaint");
	ck_assert_int_eq(r->rank, 2);

	r = result(as, C);
	l = line(r, "satisfaction");
	ck_assert_hundredth(l->value, 0.72);
	ck_assert_hundredth(l->points, 10.0);
	ck_assert_str_eq(l->rule.key, "assessment.items[satisfaction].deduct[0]");
	ck_assert_hundredth(r->coefficient, 1.0);
	ck_assert_hundredth(r->total, 78.0);
	ck_assert_str_eq(r->grade, "pass");
	ck_assert_int_eq(r->rank, 3);
	ck_assert_int_eq(r->last_place, 1);
	ck_assert_int_eq(r->last_place_streak, 1);
	ck_assert(has_sanction(r, "last_place_warning"));
	ck_assert(!has_sanction(r, "last_place_transfer"));

	r = result(as, E);
	ck_assert_hundredth(r->total, 78.0);
	ck_assert_int_eq(r->rank, 3);              /* tie: shares the better rank */
	ck_assert_int_eq(r->last_place, 1);
	ck_assert(has_sanction(r, "last_place_warning"));

	r = result(as, D);
	ck_assert_int_eq(line(r, "visits")->has_value, 0);
	ck_assert_hundredth(line(r, "visits")->points, 0.0);
	ck_assert_int_eq(line(r, "satisfaction")->has_value, 0);
	ck_assert_hundredth(r->base, 30.0);
	ck_assert_hundredth(r->total, 0.0);
	ck_assert_str_eq(r->veto, "major_incident");
	ck_assert_str_eq(r->grade, "fail");
	ck_assert_int_eq(r->incomplete, 1);
	ck_assert_int_eq(r->rank, 1);
	ck_assert_int_eq(r->ranked, 1);
	ck_assert_int_eq(r->last_place, 0);        /* alone: nobody to be last behind */
	ck_assert_uint_eq(r->sanction_count, 0);
	ck_assert_int_eq(r->group_id, s2);

	/* Ordered by group, then rank, then id: A, B, C, E (城东), D (城西). */
	ck_assert_int_eq(cpol_assessment_result(as, 0)->subject_id, A);
	ck_assert_int_eq(cpol_assessment_result(as, 2)->subject_id, C);
	ck_assert_int_eq(cpol_assessment_result(as, 3)->subject_id, E);
	ck_assert_int_eq(cpol_assessment_result(as, 4)->subject_id, D);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
}
END_TEST

/* RULES with the first `from` replaced by `to`. */
static cpol_rules *rules_replacing(const char *from, const char *to)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	const char *at = strstr(RULES, from);
	cpol__buf b = { 0 };
	cpol_rules *r = NULL;

	ck_assert_ptr_nonnull(at);
	cpol__buf_put(&b, RULES, (size_t)(at - RULES));
	cpol__buf_puts(&b, to);
	cpol__buf_puts(&b, at + strlen(from));
	ro.name = "assesstest.yaml";
	ck_assert_ok(cpol_rules_load_string(&r, b.ptr, &ro));
	cpol__buf_free(&b);
	return r;
}

/* RULES with the visits target `      target: 30\n` replaced by `dated`. */
static cpol_rules *rules_with_target(const char *dated)
{
	return rules_replacing("      target: 30\n", dated);
}

/*
 * A quarter is scored under the values in force on its last day. Officer
 * A's visits are 28 a month (score_hand_worked_quarter). Target 30: short
 * by 2, −0.5 each, 39 points. Target 25: not short, 40 points.
 *  - 30 until 2024-06-29, 25 from 2024-06-30 (Q2's last day): Q2 is scored
 *    under 25 → 40.
 *  - 30 until 2024-06-30, 25 from 2024-07-01: Q2 under 30 → 39.
 * The two rule sets differ only in dates, and their hashes differ.
 */
START_TEST(period_scored_under_rules_of_its_last_day)
{
	cpol_rules *late = rules_with_target("      target:\n"
	                                     "        - {value: 30, until: 2024-06-29}\n"
	                                     "        - {value: 25, from: 2024-06-30}\n");
	cpol_rules *next = rules_with_target("      target:\n"
	                                     "        - {value: 30, until: 2024-06-30}\n"
	                                     "        - {value: 25, from: 2024-07-01}\n");
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_line *l;

	q2_data();
	ck_assert(cpol_rules_is_dated(late));
	ck_assert(!cpol_rules_is_dated(rules));
	ck_assert_str_ne(cpol_rules_hash(late), cpol_rules_hash(next));
	ck_assert_ok(cpol_assessor_new(&a, db, late));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	l = line(result(as, A), "visits");
	ck_assert_hundredth(l->target, 25.0);
	ck_assert_hundredth(l->points, 40.0);
	ck_assert_str_eq(cpol_assessment_rules_hash(as), cpol_rules_hash(late));
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	ck_assert_ok(cpol_assessor_new(&a, db, next));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	l = line(result(as, A), "visits");
	ck_assert_hundredth(l->target, 30.0);
	ck_assert_hundredth(l->points, 39.0);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(late);
	cpol_rules_free(next);
}
END_TEST

/*
 * The trace of officer A in 2024-Q2 (score_hand_worked_quarter): format
 * commpolice.trace/1, the rules' hash, the library version; the weight of
 * visits read from assesstest.yaml line 19 (RULES: `region:` is line 1,
 * the supplied and derived maps lines 10-13, the visits item 15-22, its
 * weight the 5th line), value 40; the metric visits_per_month
 * at 28; the satisfaction rate 182/200 with the ids of the surveys behind
 * it.
 */
START_TEST(trace_names_rules_and_records)
{
	cpol_assess_options o = CPOL_ASSESS_OPTIONS_INIT;
	cpol_assessor *a = NULL;
	cpol_assessment *as = NULL;
	cpol_period p = P("2024-Q2");
	char *t = NULL, want[200];

	q2_data();
	o.with_records = 1;
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	ck_assert_ok(cpol_assess_score(&as, a, &p, &o));
	ck_assert_ok(cpol_assessment_trace(&t, as, A));
	ck_assert_msg(strncmp(t, "{\"format\":\"commpolice.trace/1\",\"library\":\"", 42) == 0, "%s", t);
	snprintf(want, sizeof(want), "\"rules_hash\":\"%s\"", cpol_rules_hash(rules));
	ck_assert_msg(strstr(t, want) != NULL, "%s", t);
	ck_assert_msg(strstr(t, "{\"key\":\"assessment.items[visits].weight\",\"file\":\"assesstest.yaml\","
	                        "\"line\":19,\"value\":\"40\"}") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "{\"line\":\"visits\",\"metric\":\"visits_per_month\",\"value\":28,")
	              != NULL, "%s", t);
	ck_assert_msg(strstr(t, "\"metric\":\"satisfaction_rate\",\"value\":0.91,\"numerator\":182,"
	                        "\"denominator\":200,") != NULL, "%s", t);
	/* Well-formed: commas between fields and between entries. A is in a
	 * class1 office: its coefficient 1.1 is read. */
	ck_assert_msg(strstr(t, ",\"period\":\"2024-Q2\",") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "\"metrics\":[{\"line\":\"visits\"") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "},{\"line\":\"satisfaction\"") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "{\"key\":\"assessment.difficulty.class1\",\"file\":\"assesstest.yaml\","
	                        "\"line\":") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "\"value\":\"1.1\"}") != NULL, "%s", t);
	free(t);
	ck_assert_fails(cpol_assessment_trace(&t, as, 999999), CPOL_ENOTFOUND);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
}
END_TEST

START_TEST(last_twice_under_80_is_transferred)
{
	cpol_assessor *a = NULL;
	cpol_assessment *q1, *q2, *again, *loaded;
	const cpol_assess_result *r;
	cpol_id run1 = 0, run2 = 0, latest = 0;
	cpol_period p2 = P("2024-Q2");
	size_t i, k;

	q1_data();
	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	q1 = score(a, "2024-Q1", CPOL_SUBJECT_OFFICER);
	/* Q1 by hand: A 44.00, B 44.00 (tie for first), E 40.00, C 35.00 last. */
	ck_assert_hundredth(result(q1, A)->total, 44.0);
	ck_assert_int_eq(result(q1, A)->rank, 1);
	ck_assert_int_eq(result(q1, B)->rank, 1);
	ck_assert_int_eq(result(q1, E)->rank, 3);
	ck_assert_hundredth(result(q1, C)->total, 35.0);
	ck_assert_int_eq(result(q1, C)->rank, 4);
	ck_assert_int_eq(result(q1, C)->last_place, 1);
	ck_assert_int_eq(result(q1, E)->last_place, 0);
	ck_assert_ok(cpol_assessment_save(&run1, db, q1));
	ck_assert_int_gt(run1, 0);
	ck_assert_fails(cpol_assessment_save(NULL, db, q1), CPOL_EEXISTS);

	/* Q2: C last again (streak 2) with 78.00 < 80 → transfer; E last for
	 * the first time → warning only. */
	q2 = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	r = result(q2, C);
	ck_assert_int_eq(r->last_place_streak, 2);
	ck_assert(has_sanction(r, "last_place_warning"));
	ck_assert(has_sanction(r, "last_place_transfer"));
	ck_assert_msg(strstr(r->sanctions[1].reason, "last 2 periods in a row") != NULL, "%s",
	              r->sanctions[1].reason);
	ck_assert_str_eq(r->sanctions[1].rule.key, "assessment.sanctions[last_place_transfer]");
	r = result(q2, E);
	ck_assert_int_eq(r->last_place_streak, 1);
	ck_assert(!has_sanction(r, "last_place_transfer"));
	ck_assert_ok(cpol_assessment_save(&run2, db, q2));
	ck_assert_ok(cpol_assessment_latest(&latest, db, &p2, NULL));
	ck_assert_int_eq(latest, run2);

	/* Recomputing gives the same result, and so does reading it back. */
	again = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	ck_assert_ok(cpol_assessment_load(&loaded, db, run2));
	ck_assert_str_eq(cpol_assessment_rules_hash(loaded), cpol_rules_hash(rules));
	ck_assert_int_eq(cpol_assessment_run_id(loaded), run2);
	ck_assert_uint_eq(cpol_assessment_count(loaded), cpol_assessment_count(q2));
	for (i = 0; i < cpol_assessment_count(q2); i++) {
		const cpol_assess_result *x = cpol_assessment_result(q2, i);
		const cpol_assess_result *y = cpol_assessment_result(again, i);
		const cpol_assess_result *z = cpol_assessment_result(loaded, i);
		ck_assert_int_eq(x->subject_id, y->subject_id);
		ck_assert_int_eq(x->subject_id, z->subject_id);
		ck_assert(x->total == y->total && x->total == z->total);
		ck_assert_int_eq(x->rank, z->rank);
		ck_assert_int_eq(x->last_place_streak, z->last_place_streak);
		ck_assert_uint_eq(x->line_count, z->line_count);
		ck_assert_uint_eq(x->sanction_count, z->sanction_count);
		for (k = 0; k < x->line_count; k++) {
			ck_assert(x->lines[k].points == z->lines[k].points);
			ck_assert_str_eq(x->lines[k].arithmetic, z->lines[k].arithmetic);
			ck_assert_int_eq(x->lines[k].rule.line, z->lines[k].rule.line);
		}
		for (k = 0; k < x->sanction_count; k++)
			ck_assert_str_eq(x->sanctions[k].id, z->sanctions[k].id);
	}
	/* Saved results are never edited. */
	ck_assert_fails(cpol__db_exec(db, "UPDATE assess_result SET total = 100"), CPOL_ECONSTRAINT);
	cpol_assessment_free(q1);
	cpol_assessment_free(q2);
	cpol_assessment_free(again);
	cpol_assessment_free(loaded);
	cpol_assessor_free(a);
}
END_TEST

/*
 * Offices for the year 2024: satisfaction_rate pooled over the year's
 * surveys. 东关 182/200 = 0.91 keeps the nameplate; 南门 (36 + 50) / (50 + 50)
 * = 0.86 < 0.9 loses it; 西山 has no survey: no value, no sanction.
 * Officer sanctions (target officer, period quarter) do not apply.
 */
START_TEST(office_nameplate_by_year)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_result *r;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	as = score(a, "2024", CPOL_SUBJECT_OFFICE);
	ck_assert_uint_eq(cpol_assessment_count(as), 3);
	r = result(as, o1);
	ck_assert_hundredth(line(r, "satisfaction")->value, 0.91);
	ck_assert(!has_sanction(r, "nameplate_revoked"));
	r = result(as, o2);
	ck_assert_hundredth(line(r, "satisfaction")->value, 0.86);
	ck_assert(has_sanction(r, "nameplate_revoked"));
	ck_assert_int_eq(r->sanctions[0].action, CPOL_SANCTION_REVOKE_NAMEPLATE);
	ck_assert(!has_sanction(r, "last_place_warning"));
	r = result(as, o3);
	ck_assert_uint_eq(r->sanction_count, 0);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
}
END_TEST

/*
 * What-if: the same quarter with no difficulty coefficient. A: 97 + 3 =
 * 100.00 (rank 1). B: 73 + 5 = 78.00, now tied with C and E: all three
 * rank 2 of 4 and last. Changes: B gains the warning (rank 2 → 2, grade
 * pass → pass); C and E go from rank 3 to 2 with the same sanctions.
 */
START_TEST(what_if_lists_changes)
{
	static const char NOCOEF[] = "  difficulty:\n    class1: 1.1\n";
	char *text = strdup(RULES), *p, *out = NULL;
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r2 = NULL;
	cpol_assess_diff *d = NULL;
	cpol_period q = P("2024-Q2");
	const cpol_assess_change *c;

	p = strstr(text, NOCOEF);
	ck_assert_ptr_nonnull(p);
	memmove(p, p + strlen(NOCOEF), strlen(p + strlen(NOCOEF)) + 1);
	ro.name = "assesstest-flat.yaml";
	ck_assert_ok(cpol_rules_load_string(&r2, text, &ro));
	free(text);
	q2_data();
	ck_assert_ok(cpol_assess_what_if(&d, db, rules, r2, &q, NULL));
	ck_assert_uint_eq(cpol_assess_diff_count(d), 3);
	c = cpol_assess_diff_get(d, 0);
	ck_assert_int_eq(c->subject_id, B);
	ck_assert_hundredth(c->total_before, 85.30);
	ck_assert_hundredth(c->total_after, 78.0);
	ck_assert_int_eq(c->rank_changed, 0);
	ck_assert_int_eq(c->sanctions_changed, 1);
	ck_assert_str_eq(c->sanctions_before, "");
	ck_assert_str_eq(c->sanctions_after, "last_place_warning");
	c = cpol_assess_diff_get(d, 1);
	ck_assert_int_eq(c->subject_id, C);
	ck_assert_int_eq(c->rank_before, 3);
	ck_assert_int_eq(c->rank_after, 2);
	ck_assert_int_eq(c->sanctions_changed, 0);
	ck_assert_int_eq(cpol_assess_diff_get(d, 2)->subject_id, E);
	ck_assert_ptr_null(cpol_assess_diff_get(d, 3));
	ck_assert_ok(cpol_assess_diff_text(&out, d));
	ck_assert_msg(strstr(out, "rank 3 → 2") != NULL, "%s", out);
	free(out);
	cpol_assess_diff_free(d);
	cpol_rules_free(r2);
}
END_TEST

/* A callback metric: info_exported from C, overriding nothing stored. */
static int info_cb(cpol_metric_answer *out, const cpol_metric_request *req, void *payload)
{
	int *calls = payload;
	(*calls)++;
	ck_assert_str_eq(req->name, "info_exported");
	ck_assert_str_eq(req->period_text, "2024-Q2");
	if (req->subject_id == D)
		return 0; /* no value for D */
	out->has_value = 1;
	out->value = 10;
	out->numerator = 10;
	out->note = "from the 情报 system";
	return 0;
}

static int failing_cb(cpol_metric_answer *out, const cpol_metric_request *req, void *payload)
{
	return cpol_error_set(CPOL_EIO, "the 情报 system is down");
}

START_TEST(callback_metrics_score_like_builtins)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as = NULL;
	cpol_period q = P("2024-Q2");
	cpol_metric_value *v = NULL;
	int calls = 0;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	ck_assert_fails(cpol_assessor_add_metric(a, "months", CPOL_METRIC_COUNT, info_cb, &calls),
	                CPOL_EEXISTS);
	ck_assert_fails(cpol_assessor_add_metric(a, "visits_per_month", CPOL_METRIC_COUNT, info_cb,
	                                         &calls), CPOL_EEXISTS);
	ck_assert_fails(cpol_assessor_add_metric(a, "bad name", CPOL_METRIC_COUNT, info_cb, &calls),
	                CPOL_EINVAL);
	ck_assert_ok(cpol_assessor_add_metric(a, "info_exported", CPOL_METRIC_COUNT, info_cb,
	                                      &calls));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	ck_assert_int_eq(calls, 5);
	/* A: information 10 → 30.00 (not the stored 9): 39 + 30 + 30 = 99 × 1.1 = 108.90 + 3 = 111.90 */
	ck_assert_hundredth(result(as, A)->total, 111.90);
	ck_assert_str_eq(line(result(as, A), "information")->note, "from the 情报 system");
	ck_assert_int_eq(line(result(as, D), "information")->has_value, 0);
	cpol_assessment_free(as);
	ck_assert_ok(cpol_metric_value_get(&v, a, "info_exported", CPOL_SUBJECT_OFFICER, B, &q));
	ck_assert_int_eq(v->source, CPOL_METRIC_CALLBACK);
	ck_assert_hundredth(v->value, 10);
	cpol_metric_value_free(v);
	cpol_assessor_free(a);

	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	ck_assert_ok(cpol_assessor_add_metric(a, "info_exported", CPOL_METRIC_COUNT, failing_cb,
	                                      NULL));
	ck_assert_fails(cpol_assess_score(&as, a, &q, NULL), CPOL_EUSER);
	ck_assert_ptr_null(as);
	ck_assert_msg(strstr(cpol_error_last()->message, "the 情报 system is down") != NULL, "%s",
	              cpol_error_last()->message);
	cpol_assessor_free(a);
}
END_TEST

START_TEST(explain_and_json_name_rules_and_arithmetic)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	char *text = NULL, *json = NULL;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	ck_assert_ok(cpol_assessment_explain(&text, as, B));
	/* The information item of B: 7 short × 2 = 14, capped at 12; below 5 → 10; 30 − 22. */
	ck_assert_msg(strstr(text, "7 × 2 = 14, capped at 12") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "3 below 5 → 10") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "30 − 22 = 8.00") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "assessment.items[information].deduct") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "assesstest.yaml:") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "李强 (警号 100002)") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "base 73.00 × 1.1 = 80.30") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "一票否决 有效投诉 [complaint]: APPLIED") != NULL, "%s", text);
	free(text);
	ck_assert_ok(cpol_assessment_explain(&text, as, C));
	/* 0.18 short of 0.9 = 20% = 2 steps of 10% × 10 = 20 */
	ck_assert_msg(strstr(text, "20% of the target = 2 steps of 10% × 10 = 20") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "36 satisfied / 50 respondents = 72.00%") != NULL, "%s", text);
	free(text);
	ck_assert_fails(cpol_assessment_explain(&text, as, 9999), CPOL_ENOTFOUND);
	ck_assert_ok(cpol_assessment_json(&json, as));
	ck_assert_msg(strstr(json, "\"period\":\"2024-Q2\"") != NULL, "%.200s", json);
	ck_assert_msg(strstr(json, "\"total\":109.7,") != NULL, "%.400s", json);
	ck_assert_msg(strstr(json, "\"key\":\"assessment.sanctions[last_place_warning]\"") != NULL, "json");
	free(json);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
}
END_TEST

START_TEST(scope_and_options)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as = NULL;
	cpol_assess_options o = CPOL_ASSESS_OPTIONS_INIT;
	cpol_period q = P("2024-Q2");

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	o.scope_level = CPOL_ORG_STATION;
	o.scope_id = s1;
	ck_assert_ok(cpol_assess_score(&as, a, &q, &o));
	ck_assert_uint_eq(cpol_assessment_count(as), 4);
	cpol_assessment_free(as);
	/* Ranked across the region: D (0.00) is now last of 5, alone. */
	o.scope_level = 0;
	o.rank_level = CPOL_ORG_REGION;
	ck_assert_ok(cpol_assess_score(&as, a, &q, &o));
	ck_assert_int_eq(result(as, D)->rank, 5);
	ck_assert_int_eq(result(as, D)->last_place, 1);
	ck_assert_int_eq(result(as, C)->last_place, 0);
	cpol_assessment_free(as);
	o.scope_level = CPOL_ORG_STATION;
	o.scope_id = 9999;
	ck_assert_fails(cpol_assess_score(&as, a, &q, &o), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "scope_id");
	o.scope_level = 0;
	o.subject_kind = 7;
	ck_assert_fails(cpol_assess_score(&as, a, &q, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "subject_kind");
	q.end += 1;
	ck_assert_fails(cpol_assess_score(&as, a, &q, NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "period");
	cpol_assessor_free(a);
}
END_TEST

/*
 * Each item line says its arithmetic (docs/assess.md), on the Q2 data of
 * score_hand_worked_quarter:
 *  - A's visits, 28 a month against 30: 2 short, −0.5 each;
 *  - A's satisfaction, 0.91 against 0.9: met, and a met target says
 *    nothing of the rule that deducts by the shortfall;
 *  - A's information, 9 against 10: 1 short × 2; the threshold rule is
 *    always said, here not met (9 is not below 5);
 *  - D's information, 12 against 10: met, the threshold rule still said;
 *  - D's visits: no value, the item scores 0.
 */
START_TEST(item_lines_say_their_arithmetic)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_result *r;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	r = result(as, A);
	ck_assert_str_eq(line(r, "visits")->arithmetic, "target 30, value 28: 2 short; 2 × 0.5 = 1; 40 − 1 = 39.00");
	ck_assert_str_eq(line(r, "satisfaction")->arithmetic, "target 0.9, value 0.91: met; 30 − 0 = 30.00");
	ck_assert_str_eq(line(r, "information")->arithmetic,
	                 "target 10, value 9: 1 short; 1 × 2 = 2; 9 not below 5 → 0; 30 − 2 = 28.00");
	r = result(as, D);
	ck_assert_str_eq(line(r, "information")->arithmetic,
	                 "target 10, value 12: met; 12 not below 5 → 0; 30 − 0 = 30.00");
	ck_assert_str_eq(line(r, "visits")->arithmetic, "no value: the item scores 0");
	cpol_assessment_free(as);
	cpol_assessor_free(a);
}
END_TEST

/*
 * Numbers in the arithmetic keep up to 4 decimals, trailing zeros dropped:
 * A's information of 2024-Q3 stored as 9.0005 is 0.9995 short of 10,
 * −2 each: 1.999; 30 − 1.999 = 28.001, written 28.00. A zero inside the
 * decimals stays (9.0005, not 9).
 */
START_TEST(arithmetic_keeps_four_decimals)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as;

	store("info_exported", CPOL_SUBJECT_OFFICER, A, "2024-Q3", 9.0005);
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	as = score(a, "2024-Q3", CPOL_SUBJECT_OFFICER);
	ck_assert_str_eq(line(result(as, A), "information")->arithmetic,
	                 "target 10, value 9.0005: 0.9995 short; 0.9995 × 2 = 1.999; 9.0005 not below 5 → 0; "
	                 "30 − 1.999 = 28.00");
	cpol_assessment_free(as);
	cpol_assessor_free(a);
}
END_TEST

/*
 * An item's formula reads `value` as the item's own metric and any other
 * name as that metric: visits under "value + coalesce(good_deeds, 0)" on
 * the Q2 data: A 28 + 3 = 31, target 30 met → 40.00; B 20 + 8 = 28, 2
 * short × 0.5 → 39.00; C 30 + 0 (no good deeds) = 30, met exactly →
 * 40.00; D has no visits: value + 0 has no value → 0.
 */
/* Score 2024-Q2 with a, with the records behind each value. */
static cpol_assessment *score_with_records(cpol_assessor *a)
{
	cpol_assess_options o = CPOL_ASSESS_OPTIONS_INIT;
	cpol_assessment *as = NULL;
	cpol_period p = P("2024-Q2");
	o.with_records = 1;
	ck_assert_ok(cpol_assess_score(&as, a, &p, &o));
	return as;
}

/*
 * An item whose formula reads `value` keeps its metric's records: A's
 * satisfaction is o1's two surveys of the quarter, 93 + 89 of 100 + 100 =
 * 0.91, and `value * 1` is 0.91 from those 2 records. The value is the
 * formula's, not a ratio of the metric: no numerator or denominator.
 */
START_TEST(an_item_formula_reading_value_keeps_the_metrics_records)
{
	cpol_rules *f = rules_replacing("      metric: satisfaction_rate\n",
	                                "      metric: satisfaction_rate\n"
	                                "      formula: \"value * 1\"\n");
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_line *l;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, f));
	as = score_with_records(a);
	l = line(result(as, A), "satisfaction");
	ck_assert_hundredth(l->value, 0.91);
	ck_assert_uint_eq(l->record_count, 2);
	ck_assert_ptr_nonnull(l->records);
	ck_assert(l->numerator == 0 && l->denominator == 0);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(f);
}
END_TEST

/* An item whose formula does not read `value` has no records of its own:
 * A's information is info_exported × 1 = 9, with none behind it. */
START_TEST(an_item_formula_not_reading_value_has_no_records)
{
	cpol_rules *f = rules_replacing("      metric: info_exported\n",
	                                "      metric: info_exported\n"
	                                "      formula: \"info_exported * 1\"\n");
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_line *l;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, f));
	as = score_with_records(a);
	l = line(result(as, A), "information");
	ck_assert_hundredth(l->value, 9);
	ck_assert_uint_eq(l->record_count, 0);
	ck_assert_ptr_null(l->records);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(f);
}
END_TEST

START_TEST(item_formula_reads_value_as_the_items_metric)
{
	cpol_rules *f = rules_replacing("      metric: visits_per_month\n",
	                                "      metric: visits_per_month\n"
	                                "      formula: \"value + coalesce(good_deeds, 0)\"\n");
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_line *l;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, f));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	l = line(result(as, A), "visits");
	ck_assert_hundredth(l->value, 31);
	ck_assert_hundredth(l->points, 40);
	ck_assert_msg(strstr(l->note, "value = 28") && strstr(l->note, "good_deeds = 3") &&
	              strstr(l->note, "; value + coalesce(good_deeds, 0) = 31"), "%s", l->note);
	l = line(result(as, B), "visits");
	ck_assert_hundredth(l->value, 28);
	ck_assert_hundredth(l->points, 39);
	l = line(result(as, C), "visits");
	ck_assert_hundredth(l->value, 30);
	ck_assert_hundredth(l->points, 40);
	l = line(result(as, D), "visits");
	ck_assert_int_eq(l->has_value, 0);
	ck_assert_hundredth(l->points, 0);
	ck_assert_msg(strstr(l->note, "value = no value") && strstr(l->note, "gives no value"), "%s", l->note);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(f);
}
END_TEST

/*
 * Deductions over the item's weight: B's information (value 3, target 10)
 * under −3 per missing item capped at 21, and −10 below 5: 7 × 3 = 21,
 * exactly the cap (not "capped"); 21 + 10 = 31 > 30, so the item takes
 * the weight, 30 − 30 = 0. With the cap at 20: 21 is capped at 20, and
 * 20 + 10 = 30 is the weight exactly: 0 points, nothing over the weight.
 */
START_TEST(deductions_over_the_weight_take_the_weight)
{
	cpol_rules *r31 = rules_replacing("{per_unit: 2, cap: 12}", "{per_unit: 3, cap: 21}");
	cpol_rules *r30 = rules_replacing("{per_unit: 2, cap: 12}", "{per_unit: 3, cap: 20}");
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_line *l;

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, r31));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	l = line(result(as, B), "information");
	ck_assert_hundredth(l->points, 0);
	ck_assert_hundredth(l->deduction, 30);
	ck_assert_str_eq(l->arithmetic, "target 10, value 3: 7 short; 7 × 3 = 21; 3 below 5 → 10; "
	                                "deductions 31 capped at the weight; 30 − 30 = 0.00");
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	ck_assert_ok(cpol_assessor_new(&a, db, r30));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	l = line(result(as, B), "information");
	ck_assert_hundredth(l->points, 0);
	ck_assert_str_eq(l->arithmetic, "target 10, value 3: 7 short; 7 × 3 = 21, capped at 20; 3 below 5 → 10; "
	                                "30 − 30 = 0.00");
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(r31);
	cpol_rules_free(r30);
}
END_TEST

/*
 * Every ranking level may be asked for by name: station (the rules'
 * ranking_scope) gives the default ranking; office ranks 东关's A (109.70)
 * and B (85.30) 1 and 2 of 2, 南门's C and E (78.00) 1 of 2 each, tied (no
 * last place among equals), D alone. An unknown level is refused, naming
 * the field; likewise an unknown scope level. Scopes: an office (南门: C and
 * E), the region (all 5), an office with nobody to score (0 results).
 */
START_TEST(rank_levels_by_name)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as = NULL;
	const cpol_assess_result *r = NULL;
	cpol_assess_options o = CPOL_ASSESS_OPTIONS_INIT;
	cpol_period q = P("2024-Q2");

	q2_data();
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	o.rank_level = CPOL_ORG_STATION;
	ck_assert_ok(cpol_assess_score(&as, a, &q, &o));
	ck_assert_int_eq(result(as, C)->rank, 3);
	ck_assert_int_eq(result(as, C)->ranked, 4);
	ck_assert_int_eq(result(as, C)->last_place, 1);
	ck_assert_int_eq(result(as, C)->group_id, s1);
	cpol_assessment_free(as);
	o.rank_level = CPOL_ORG_OFFICE;
	ck_assert_ok(cpol_assess_score(&as, a, &q, &o));
	ck_assert_int_eq(result(as, B)->rank, 2);
	ck_assert_int_eq(result(as, B)->ranked, 2);
	ck_assert_int_eq(result(as, B)->last_place, 1);
	ck_assert_int_eq(result(as, B)->group_id, o1);
	ck_assert_int_eq(result(as, E)->rank, 1);
	ck_assert_int_eq(result(as, E)->ranked, 2);
	ck_assert_int_eq(result(as, E)->last_place, 0);
	cpol_assessment_free(as);
	o.rank_level = (cpol_org_level)99;
	ck_assert_fails(cpol_assess_score(&as, a, &q, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "rank_level");
	ck_assert_ptr_null(cpol_error_last()->file); /* an option, not a place in a file */
	ck_assert_int_eq(cpol_error_last()->line, 0);
	ck_assert_int_eq(cpol_error_last()->column, 0);
	o.rank_level = 0;
	o.scope_level = (cpol_org_level)99;
	ck_assert_fails(cpol_assess_score(&as, a, &q, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "scope_level");
	ck_assert_int_eq(cpol_error_last()->line, 0);
	ck_assert_int_eq(cpol_error_last()->column, 0);
	o.scope_level = CPOL_ORG_OFFICE;
	o.scope_id = o2;
	ck_assert_ok(cpol_assess_score(&as, a, &q, &o));
	ck_assert_uint_eq(cpol_assessment_count(as), 2); /* C and E */
	cpol_assessment_free(as);
	o.scope_level = CPOL_ORG_REGION;
	o.scope_id = region;
	ck_assert_ok(cpol_assess_score(&as, a, &q, &o));
	ck_assert_uint_eq(cpol_assessment_count(as), 5);
	ck_assert_fails(cpol_assessment_find(&r, as, 9999), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "subject_id");
	ck_assert_int_eq(cpol_error_last()->line, 0);
	ck_assert_int_eq(cpol_error_last()->column, 0);
	cpol_assessment_free(as);
	/* An office without officers: nothing to score, and no error. */
	o.scope_level = CPOL_ORG_OFFICE;
	o.scope_id = office(s2, "空山村警务室", NULL);
	ck_assert_ok(cpol_assess_score(&as, a, &q, &o));
	ck_assert_uint_eq(cpol_assessment_count(as), 0);
	cpol_assessment_free(as);
	ck_assert_fails(cpol_assess_score(&as, NULL, &q, &o), CPOL_EINVAL);
	ck_assert_ptr_null(as);
	cpol_assessor_free(a);
}
END_TEST

/* --------------------------------------------------------- stored, surveys */

START_TEST(stored_values_supersede_and_validate)
{
	cpol_metric_entry e = CPOL_METRIC_ENTRY_INIT;
	cpol_assessor *a = NULL;
	cpol_metric_value *v = NULL;
	cpol_period q = P("2024-Q2");

	store("info_exported", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 4);
	store("info_exported", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 7);
	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	ck_assert_ok(cpol_metric_value_get(&v, a, "info_exported", CPOL_SUBJECT_OFFICER, A, &q));
	ck_assert_int_eq(v->has_value, 1);
	ck_assert_hundredth(v->value, 7);
	ck_assert_int_eq(v->source, CPOL_METRIC_STORED);
	ck_assert_uint_eq(v->record_count, 1);
	ck_assert_str_eq(v->record_table, "assess_metric_value");
	cpol_metric_value_free(v);
	/* The first value is archived, not deleted; both are in the audit trail. */
	{
		cpol__stmt *st;
		ck_assert_int_eq(cpol__db_prepare(db, &st,
			"SELECT (SELECT count(*) FROM assess_metric_value WHERE archived_at IS NOT NULL),"
			" (SELECT count(*) FROM audit_log WHERE table_name = 'assess_metric_value')"), CPOL__OK);
		ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
		ck_assert_int_eq(cpol__st_column_int(st, 0), 1);
		ck_assert_int_eq(cpol__st_column_int(st, 1), 3); /* insert, archive, insert */
		cpol__st_finalize(st);
	}
	/* Nothing stored for B: no value, and the note says so. */
	ck_assert_ok(cpol_metric_value_get(&v, a, "info_exported", CPOL_SUBJECT_OFFICER, B, &q));
	ck_assert_int_eq(v->has_value, 0);
	ck_assert_msg(strstr(v->note, "no value of 'info_exported'") != NULL, "%s", v->note);
	cpol_metric_value_free(v);
	ck_assert_fails(cpol_metric_value_get(&v, a, "info_exported", CPOL_SUBJECT_OFFICER, 9999, &q),
	                CPOL_ENOTFOUND);
	cpol_assessor_free(a);

	e.name = "households_visited"; /* built-in */
	e.subject_kind = CPOL_SUBJECT_OFFICER;
	e.subject_id = A;
	e.period = q;
	e.value = 1;
	ck_assert_fails(cpol_metric_store(NULL, db, &e), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "name");
	e.name = "x";
	e.value = NAN;
	ck_assert_fails(cpol_metric_store(NULL, db, &e), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "value");
	e.value = 1;
	e.period.end--;
	ck_assert_fails(cpol_metric_store(NULL, db, &e), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "period");
}
END_TEST

START_TEST(surveys_add_list_archive)
{
	cpol_survey_new s = CPOL_SURVEY_NEW_INIT;
	cpol_survey_iter *it = NULL;
	const cpol_survey *rec;
	cpol_period q = P("2024-Q2");
	cpol_id first = 0;
	int n = 0, rc;

	q2_data();
	s.office_id = o1;
	s.kind = CPOL_SURVEY_FAMILIARITY;
	s.conducted_on = D8("2024-05-01");
	s.sample_size = 10;
	s.positive = 11;
	ck_assert_fails(cpol_survey_add(NULL, db, &s), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "positive");
	s.positive = 8;
	s.sample_size = 0;
	ck_assert_fails(cpol_survey_add(NULL, db, &s), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "sample_size");
	s.sample_size = 10;
	s.office_id = 9999;
	ck_assert_fails(cpol_survey_add(NULL, db, &s), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->field, "office_id");
	s.office_id = o1;
	s.note = "入户问卷";
	ck_assert_ok(cpol_survey_add(NULL, db, &s));

	ck_assert_ok(cpol_survey_iter_new(&it, db, o1, &q));
	while ((rc = cpol_survey_iter_next(&rec, it)) == 0) {
		if (!first)
			first = rec->id;
		ck_assert_int_eq(rec->office_id, o1);
		n++;
	}
	ck_assert_int_eq(rc, CPOL_ITEROVER);
	ck_assert_int_eq(n, 3); /* two satisfaction, one familiarity */
	cpol_survey_iter_free(it);
	ck_assert_ok(cpol_survey_archive(db, first));
	ck_assert_fails(cpol_survey_archive(db, first), CPOL_ENOTFOUND);
	ck_assert_ok(cpol_survey_iter_new(&it, db, 0, NULL));
	for (n = 0; cpol_survey_iter_next(&rec, it) == 0; n++)
		;
	ck_assert_int_eq(n, 4); /* 4 + 1 added − 1 archived */
	cpol_survey_iter_free(it);
}
END_TEST

/* ------------------------------------------------------ built-in metrics */

static cpol_metric_value *metric(cpol_assessor *a, const char *name, cpol_subject_kind kind,
                                 cpol_id id, const char *period)
{
	cpol_metric_value *v = NULL;
	cpol_period p = P(period);
	ck_assert_ok(cpol_metric_value_get(&v, a, name, kind, id, &p));
	return v;
}

#define CHECK_METRIC(a, name, kind, id, period, want) do { \
	cpol_metric_value *v_ = metric(a, name, kind, id, period); \
	ck_assert_msg(v_->has_value, "%s has no value: %s", name, v_->note); \
	ck_assert_msg(fabs(v_->value - (want)) < 1e-9, "%s = %.6f, want %.6f (%s)", name, v_->value, \
	              (double)(want), v_->note); \
	cpol_metric_value_free(v_); \
} while (0)

static cpol_id house(cpol_id community, const char *building, const char *room)
{
	cpol_address_path path = CPOL_ADDRESS_PATH_INIT;
	cpol_house_new h = CPOL_HOUSE_NEW_INIT;
	cpol_id addr = 0, id = 0;
	path.street = "解放路";
	path.building = building;
	path.room = room;
	ck_assert_ok(cpol_address_ensure(&addr, db, community, &path));
	h.address_id = addr;
	ck_assert_ok(cpol_house_add(&id, db, &h));
	return id;
}

static void visit(cpol_id off, cpol_id who, const char *on, cpol_visit_kind kind, cpol_id h,
                  cpol_id person)
{
	cpol_visit_new v = CPOL_VISIT_NEW_INIT;
	v.office_id = off;
	v.officer_id = who;
	v.on = D8(on);
	v.kind = kind;
	v.house_id = h;
	v.person_id = person;
	ck_assert_ok(cpol_visit_add(NULL, db, &v));
}

/* 18-character resident numbers with valid check characters (GB 11643). */
static const char *const IDS[] = {
	"110101199003071014", "110101199003071022", "110101199003071030",
	"110101199003071049", "110101199003071057",
};

/*
 * The 东关 office (o1) covers 东关社区 through district 东关一区. Records,
 * all in 2024-Q2 unless said:
 *  - household visits: A visits house h1 twice and h2 once, B visits h3;
 *    one visit by A in March (Q1). households_visited: A 2, B 1, 东关 3
 *    (distinct houses); households_visited_per_month A = 2 / 3.
 *  - key-person visits: A twice → key_person_visits A 2; per month 2 / 3.
 *  - 5 persons live in 东关 on 2024-06-30; one moved in on 2024-07-02 does
 *    not count: residents 4 (ID 4 later). officers of 东关: A and B → 2;
 *    residents_per_officer 4 / 2 = 2.
 *  - incidents: 2 criminal + 1 public order + 1 help request (not a case):
 *    cases 3; cases_per_10k = 3 × 10000 / 4 = 7500.
 *  - key persons: persons 0 and 1 labelled key_person (talk: quarter) from
 *    2024-01-01; person 0 talked to on 2024-05-05 (contact kind talk):
 *    key_person_talks_on_time = 1 of 2 talk periods = 0.5.
 *  - meetings held: joint_meeting twice (national kind meeting); notices
 *    held: case_notice (national kind notice) once.
 *  - surveys: 东关 familiarity 40 of 50 → familiarity_rate 0.8;
 *    visibility none → no value.
 *  - months 3, days 91.
 */
START_TEST(builtin_metrics_on_hand_data)
{
	cpol_assessor *a = NULL;
	cpol_rules *nat = NULL;
	cpol_id district, community, h[5], person[5];
	cpol_metric_value *v;
	size_t i;

	ck_assert_ok(cpol_rules_load_region(&nat, "national", NULL));
	ck_assert_ok(cpol_district_add(&district, db, o1, "东关一区", NULL));
	ck_assert_ok(cpol_community_add(&community, db, s1, CPOL_COMMUNITY_URBAN, "东关社区", NULL, NULL));
	ck_assert_ok(cpol_district_cover(NULL, db, district, community, D8("2024-01-01")));
	h[0] = house(community, "1", "101");
	h[1] = house(community, "1", "102");
	h[2] = house(community, "2", "201");
	h[3] = house(community, "2", "202");
	h[4] = house(community, "3", "301");
	for (i = 0; i < 5; i++) {
		cpol_person_new pn = CPOL_PERSON_NEW_INIT;
		cpol_residence_new rn = CPOL_RESIDENCE_NEW_INIT;
		pn.id_number = IDS[i];
		pn.name = "居民";
		pn.office_id = o1;
		pn.office_since = D8("2024-01-01");
		ck_assert_ok(cpol_person_add(&person[i], db, nat, &pn));
		rn.person_id = person[i];
		rn.house_id = h[i];
		rn.type = "permanent";
		rn.from = D8(i == 4 ? "2024-07-02" : "2024-01-01");
		ck_assert_ok(cpol_person_move_in(NULL, db, nat, &rn));
	}
	ck_assert_ok(cpol_person_label_add(NULL, db, nat, person[0], "key_person", D8("2024-01-01"), "测试"));
	ck_assert_ok(cpol_person_label_add(NULL, db, nat, person[1], "key_person", D8("2024-01-01"), "测试"));
	ck_assert_ok(cpol_contact_add(NULL, db, CPOL_CONTACT_TALK, person[0], 0, A, D8("2024-05-05"), NULL));

	visit(o1, A, "2024-04-03", CPOL_VISIT_HOUSEHOLD, h[0], 0);
	visit(o1, A, "2024-05-03", CPOL_VISIT_HOUSEHOLD, h[0], 0);
	visit(o1, A, "2024-05-04", CPOL_VISIT_HOUSEHOLD, h[1], 0);
	visit(o1, B, "2024-06-30", CPOL_VISIT_HOUSEHOLD, h[2], 0);
	visit(o1, A, "2024-03-31", CPOL_VISIT_HOUSEHOLD, h[3], 0);
	visit(o1, A, "2024-04-10", CPOL_VISIT_KEY_PERSON, 0, person[0]);
	visit(o1, A, "2024-06-10", CPOL_VISIT_KEY_PERSON, 0, person[1]);
	{
		static const cpol_incident_kind kinds[] = {
			CPOL_INCIDENT_CRIMINAL, CPOL_INCIDENT_CRIMINAL, CPOL_INCIDENT_PUBLIC_ORDER, CPOL_INCIDENT_HELP
		};
		for (i = 0; i < 4; i++) {
			cpol_incident_new in = CPOL_INCIDENT_NEW_INIT;
			in.office_id = o1;
			in.officer_id = A;
			in.received_on = D8("2024-05-20");
			in.kind = kinds[i];
			in.summary = "案件";
			ck_assert_ok(cpol_incident_add(NULL, db, &in));
		}
	}
	{
		static const char *const obligations[] = { "joint_meeting", "joint_meeting", "case_notice" };
		for (i = 0; i < 3; i++) {
			cpol_duty_record_new dr = CPOL_DUTY_RECORD_NEW_INIT;
			dr.office_id = o1;
			dr.officer_id = A;
			dr.obligation = obligations[i];
			dr.held_on = D8(i == 1 ? "2024-05-31" : "2024-04-30");
			dr.title = "记录";
			ck_assert_ok(cpol_duty_record_add(NULL, db, nat, &dr));
		}
	}
	survey(o1, CPOL_SURVEY_FAMILIARITY, "2024-06-01", 50, 40);

	ck_assert_ok(cpol_assessor_new(&a, db, nat));
	CHECK_METRIC(a, "households_visited", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 2);
	CHECK_METRIC(a, "households_visited", CPOL_SUBJECT_OFFICER, B, "2024-Q2", 1);
	CHECK_METRIC(a, "households_visited", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 3);
	CHECK_METRIC(a, "households_visited", CPOL_SUBJECT_OFFICER, A, "2024-Q1", 1);
	CHECK_METRIC(a, "households_visited_per_month", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 2.0 / 3.0);
	CHECK_METRIC(a, "key_person_visits", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 2);
	CHECK_METRIC(a, "key_person_visits_per_month", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 2.0 / 3.0);
	CHECK_METRIC(a, "residents", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 4);
	CHECK_METRIC(a, "residents", CPOL_SUBJECT_OFFICER, B, "2024-Q2", 4);
	CHECK_METRIC(a, "households", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 5);
	CHECK_METRIC(a, "officers", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 2);
	CHECK_METRIC(a, "residents_per_officer", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 2);
	CHECK_METRIC(a, "cases", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 3);
	CHECK_METRIC(a, "cases_per_10k", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 7500);
	CHECK_METRIC(a, "key_person_talks_on_time", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 0.5);
	CHECK_METRIC(a, "meetings_held", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 2);
	CHECK_METRIC(a, "notices_held", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 1);
	CHECK_METRIC(a, "familiarity_rate", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 0.8);
	CHECK_METRIC(a, "months", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 3);
	CHECK_METRIC(a, "days", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 91);
	/* 4 incidents received 2024-05-20, none returned to: 0 of 4 in time. */
	CHECK_METRIC(a, "return_visits_on_time", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 0);
	/* No requests: nothing was owed, counted as 100%. */
	CHECK_METRIC(a, "feedback_on_time", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 1);

	v = metric(a, "visibility_rate", CPOL_SUBJECT_OFFICE, o1, "2024-Q2");
	ck_assert_int_eq(v->has_value, 0);
	ck_assert_msg(strstr(v->note, "survey") != NULL, "%s", v->note);
	cpol_metric_value_free(v);

	v = metric(a, "households_visited", CPOL_SUBJECT_OFFICER, A, "2024-Q2");
	ck_assert_str_eq(v->record_table, "visit");
	ck_assert_uint_eq(v->record_count, 2); /* one visit per distinct house */
	ck_assert_str_eq(v->note, "2 households visited");
	cpol_metric_value_free(v);
	v = metric(a, "cases", CPOL_SUBJECT_OFFICE, o1, "2024-Q2");
	ck_assert_uint_eq(v->record_count, 3);
	cpol_metric_value_free(v);

	/* The built-in metrics are documented and can be listed. */
	ck_assert_uint_ge(cpol_metric_builtin_count(), 20);
	for (i = 0; i < cpol_metric_builtin_count(); i++) {
		const cpol_metric_def *def = cpol_metric_builtin(i), *found = NULL;
		ck_assert_ok(cpol_metric_builtin_find(&found, def->name));
		ck_assert_ptr_eq(found, def);
		ck_assert(strlen(def->description) > 20);
	}
	ck_assert_ptr_null(cpol_metric_builtin(cpol_metric_builtin_count()));
	ck_assert_fails(cpol_metric_builtin_find(NULL, "nope"), CPOL_ENOTFOUND);
	cpol_assessor_free(a);
	cpol_rules_free(nat);
}
END_TEST

/*
 * information_items counts the information item records (work), live, by
 * reported_on in the period:
 *   A (东关): 2024-04-01, 2024-06-30 in Q2; 2024-03-31 (Q1) and 2024-07-01
 *             (Q3) outside; one of 2024-05-05 archived → Q2: 2, Q1: 1.
 *   B (东关): 2024-05-15 → Q2: 1.   C (南门): none → 0.
 *   东关 in Q2: 2 + 1 = 3; 南门: 0.
 * It is built in, so it cannot be stored (built-in comes before stored,
 * docs/assess.md, and cpol_metric_store() refuses built-in names).
 */
static cpol_id info_item(cpol_id off, cpol_id who, const char *on)
{
	cpol_info_item_new n = CPOL_INFO_ITEM_NEW_INIT;
	cpol_id id = 0;
	n.office_id = off;
	n.officer_id = who;
	n.reported_on = D8(on);
	n.category = "治安线索";
	n.summary = "某出租屋人员频繁更换";
	ck_assert_ok(cpol_info_item_add(&id, db, &n));
	return id;
}

START_TEST(information_items_count_records)
{
	cpol_assessor *a = NULL;
	cpol_metric_entry e = CPOL_METRIC_ENTRY_INIT;
	cpol_metric_value *v;

	info_item(o1, A, "2024-04-01");
	info_item(o1, A, "2024-06-30");
	info_item(o1, A, "2024-03-31");
	info_item(o1, A, "2024-07-01");
	ck_assert_ok(cpol_info_item_archive(db, info_item(o1, A, "2024-05-05")));
	info_item(o1, B, "2024-05-15");

	ck_assert_ok(cpol_assessor_new(&a, db, rules));
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 2);
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICER, A, "2024-Q1", 1);
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICER, A, "2024-06", 1);
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICER, B, "2024-Q2", 1);
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICER, C, "2024-Q2", 0);
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICE, o1, "2024-Q2", 3);
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICE, o2, "2024-Q2", 0);
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICE, o1, "2024", 5);

	v = metric(a, "information_items", CPOL_SUBJECT_OFFICER, A, "2024-Q2");
	ck_assert_int_eq(v->source, CPOL_METRIC_BUILTIN);
	ck_assert_str_eq(v->record_table, "information_item");
	ck_assert_uint_eq(v->record_count, 2);
	ck_assert_str_eq(v->note, "2 information items");
	cpol_metric_value_free(v);

	e.name = "information_items";
	e.subject_kind = CPOL_SUBJECT_OFFICER;
	e.subject_id = A;
	e.period = P("2024-Q2");
	e.value = 12;
	ck_assert_fails(cpol_metric_store(NULL, db, &e), CPOL_EINVAL);
	CHECK_METRIC(a, "information_items", CPOL_SUBJECT_OFFICER, A, "2024-Q2", 2);
	cpol_assessor_free(a);
}
END_TEST

/* The shipped national rules score a quarter without error. */
START_TEST(national_rules_score)
{
	cpol_rules *nat = NULL;
	cpol_assessor *a = NULL;
	cpol_assessment *as;

	ck_assert_ok(cpol_rules_load_region(&nat, "national", NULL));
	ck_assert_ok(cpol_assessor_new(&a, db, nat));
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	ck_assert_uint_eq(cpol_assessment_count(as), 5);
	/* Nothing recorded: every survey item is missing, so each result is incomplete. */
	ck_assert_int_eq(cpol_assessment_result(as, 0)->incomplete, 1);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(nat);
}
END_TEST

/*
 * The national sanctions over a streak, on a rule set whose one item
 * scores the stored value `pts` (weight 100, target 100, −1 a missing
 * point: the total is the value). A 95, B 95, E 90 every quarter; C is last
 * each quarter with:
 *   2024-Q1 85, Q2 70: last twice, but 85 is not under 80 → no transfer
 *   2024-Q3 80, Q4 75: 80 is not under 80 → no transfer
 *   2025-Q1 70: 75 then 70, both under 80 → transfer
 * Every last place brings 通报批评 and 诫勉谈话 (two actions of one sanction).
 */
static const char STREAK_RULES[] =
	"region: streaktest\n"
	"extends: national\n"
	"assessment:\n"
	"  items:\n"
	"    - {id: pts, name: 得分, metric: pts, weight: 100, target: 100, deduct: [{per_unit: 1}]}\n";

static const cpol_assess_result *streak_quarter(cpol_assessor *a, const char *q, double c,
                                                cpol_assessment **keep)
{
	cpol_id run = 0;
	store("pts", CPOL_SUBJECT_OFFICER, A, q, 95);
	store("pts", CPOL_SUBJECT_OFFICER, B, q, 95);
	store("pts", CPOL_SUBJECT_OFFICER, E, q, 90);
	store("pts", CPOL_SUBJECT_OFFICER, C, q, c);
	*keep = score(a, q, CPOL_SUBJECT_OFFICER);
	ck_assert_ok(cpol_assessment_save(&run, db, *keep));
	ck_assert_int_eq(result(*keep, C)->last_place, 1);
	ck_assert_hundredth(result(*keep, C)->total, c);
	return result(*keep, C);
}

START_TEST(streak_needs_every_period_under_80)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *sr = NULL;
	cpol_assessor *a = NULL;
	cpol_assessment *as[5];
	const cpol_assess_result *r;
	cpol_assessment *loaded = NULL;
	size_t i;

	ro.name = "streaktest.yaml";
	ck_assert_ok(cpol_rules_load_string(&sr, STREAK_RULES, &ro));
	ck_assert_ok(cpol_assessor_new(&a, db, sr));

	r = streak_quarter(a, "2024-Q1", 85, &as[0]);
	ck_assert_int_eq(r->last_place_streak, 1);
	ck_assert(has_sanction(r, "last_place_warning"));
	ck_assert_uint_eq(r->sanctions[0].action_count, 2);
	ck_assert_int_eq(r->sanctions[0].actions[0], CPOL_SANCTION_CRITICISM);
	ck_assert_int_eq(r->sanctions[0].actions[1], CPOL_SANCTION_WARNING_TALK);
	ck_assert_int_eq(r->sanctions[0].action, CPOL_SANCTION_CRITICISM);

	r = streak_quarter(a, "2024-Q2", 70, &as[1]);
	ck_assert_int_eq(r->last_place_streak, 2);
	ck_assert(!has_sanction(r, "last_place_transfer")); /* 85 before */

	r = streak_quarter(a, "2024-Q3", 80, &as[2]);
	ck_assert_int_eq(r->last_place_streak, 3);
	ck_assert(!has_sanction(r, "last_place_transfer")); /* 80 is not under 80 */

	r = streak_quarter(a, "2024-Q4", 75, &as[3]);
	ck_assert(!has_sanction(r, "last_place_transfer")); /* 80 before */

	r = streak_quarter(a, "2025-Q1", 70, &as[4]);
	ck_assert_int_eq(r->last_place_streak, 5);
	ck_assert(has_sanction(r, "last_place_transfer"));
	ck_assert_uint_eq(r->sanction_count, 2);
	ck_assert_msg(strstr(r->sanctions[1].reason, "score 70.00 below 80, and 75.00 in 2024-Q4"),
	              "%s", r->sanctions[1].reason);

	/* The actions are saved and read back. */
	ck_assert_ok(cpol_assessment_load(&loaded, db, cpol_assessment_run_id(as[4])));
	r = result(loaded, C);
	ck_assert_uint_eq(r->sanctions[0].action_count, 2);
	ck_assert_int_eq(r->sanctions[0].actions[1], CPOL_SANCTION_WARNING_TALK);
	ck_assert_int_eq(r->sanctions[1].actions[0], CPOL_SANCTION_TRANSFER);
	cpol_assessment_free(loaded);
	for (i = 0; i < 5; i++)
		cpol_assessment_free(as[i]);
	cpol_assessor_free(a);
	cpol_rules_free(sr);
}
END_TEST

/* A period not saved ends a streak: its score is not known. */
START_TEST(streak_breaks_at_an_unsaved_period)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *sr = NULL;
	cpol_assessor *a = NULL;
	cpol_assessment *q1, *q3;
	const cpol_assess_result *r;

	ro.name = "streaktest.yaml";
	ck_assert_ok(cpol_rules_load_string(&sr, STREAK_RULES, &ro));
	ck_assert_ok(cpol_assessor_new(&a, db, sr));
	streak_quarter(a, "2024-Q1", 70, &q1);
	r = streak_quarter(a, "2024-Q3", 70, &q3); /* Q2 never scored */
	ck_assert_int_eq(r->last_place_streak, 1);
	ck_assert(!has_sanction(r, "last_place_transfer"));
	cpol_assessment_free(q1);
	cpol_assessment_free(q3);
	cpol_assessor_free(a);
	cpol_rules_free(sr);
}
END_TEST

/* STREAK_RULES with its own sanctions: `sanctions` is the list (it replaces national's). */
static cpol_assessor *streak_assessor(cpol_rules **keep, const char *sanctions)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_assessor *a = NULL;
	cpol__buf b = { 0 };

	cpol__buf_puts(&b, STREAK_RULES);
	cpol__buf_puts(&b, "  sanctions:\n");
	cpol__buf_puts(&b, sanctions);
	ro.name = "streaktest.yaml";
	ck_assert_ok(cpol_rules_load_string(keep, b.ptr, &ro));
	cpol__buf_free(&b);
	ck_assert_ok(cpol_assessor_new(&a, db, *keep));
	return a;
}

/*
 * Three in a row under 80 (consecutive: 3, score_below: 80): C is last in
 * each quarter (A and B 95, E 90). 2024: Q1 75, Q2 70, Q3 72, all three
 * under 80: the sanction applies in Q3 and its reason names the two
 * quarters before, the nearest first. Q4: everyone 95, C is not last (the
 * streak ends). 2025: Q1 85, Q2 70, Q3 72: three in a row again, but the
 * third period back is not under 80: nothing.
 */
START_TEST(three_in_a_row_reads_two_periods_back)
{
	cpol_rules *sr = NULL;
	cpol_assessor *a = streak_assessor(&sr, "    - {id: three, name: 连续三次末位且低于80分, action: transfer,"
	                                        " target: officer, period: quarter, last_place: true,"
	                                        " consecutive: 3, score_below: 80}\n");
	cpol_assessment *as[6];
	const cpol_assess_result *r;
	cpol_id run = 0;
	size_t i;

	streak_quarter(a, "2024-Q1", 75, &as[0]);
	r = streak_quarter(a, "2024-Q2", 70, &as[1]);
	ck_assert(!has_sanction(r, "three"));
	r = streak_quarter(a, "2024-Q3", 72, &as[2]);
	ck_assert_int_eq(r->last_place_streak, 3);
	ck_assert(has_sanction(r, "three"));
	ck_assert_msg(strstr(r->sanctions[0].reason, "score 72.00 below 80, and 70.00 in 2024-Q2, and 75.00 in 2024-Q1"),
	              "%s", r->sanctions[0].reason);
	/* A quarter of 95 for everyone ends the streak: C is no longer last. */
	store("pts", CPOL_SUBJECT_OFFICER, A, "2024-Q4", 95);
	store("pts", CPOL_SUBJECT_OFFICER, B, "2024-Q4", 95);
	store("pts", CPOL_SUBJECT_OFFICER, E, "2024-Q4", 95);
	store("pts", CPOL_SUBJECT_OFFICER, C, "2024-Q4", 95);
	as[3] = score(a, "2024-Q4", CPOL_SUBJECT_OFFICER);
	ck_assert_ok(cpol_assessment_save(&run, db, as[3]));
	ck_assert_int_eq(result(as[3], C)->last_place, 0);
	streak_quarter(a, "2025-Q1", 85, &as[4]);
	streak_quarter(a, "2025-Q2", 70, &as[5]);
	cpol_assessment_free(as[5]);
	r = streak_quarter(a, "2025-Q3", 72, &as[5]);
	ck_assert_int_eq(r->last_place_streak, 3);
	ck_assert(!has_sanction(r, "three")); /* 85 two quarters back */
	for (i = 0; i < 6; i++)
		cpol_assessment_free(as[i]);
	cpol_assessor_free(a);
	cpol_rules_free(sr);
}
END_TEST

/*
 * No sanction reads earlier scores (no `consecutive`): the streak is still
 * counted from the saved period before. Q1: C last (streak 1); Q2: C last
 * again, streak 2; the one sanction (last place) applies each time.
 */
START_TEST(streaks_count_without_a_consecutive_sanction)
{
	cpol_rules *sr = NULL;
	cpol_assessor *a = streak_assessor(&sr, "    - {id: warn, name: 末位诫勉谈话, action: warning_talk,"
	                                        " target: officer, period: quarter, last_place: true}\n");
	cpol_assessment *q1, *q2;
	const cpol_assess_result *r;

	r = streak_quarter(a, "2024-Q1", 75, &q1);
	ck_assert_int_eq(r->last_place_streak, 1);
	r = streak_quarter(a, "2024-Q2", 70, &q2);
	ck_assert_int_eq(r->last_place_streak, 2);
	ck_assert(has_sanction(r, "warn"));
	cpol_assessment_free(q1);
	cpol_assessment_free(q2);
	cpol_assessor_free(a);
	cpol_rules_free(sr);
}
END_TEST

/*
 * 一票否决 effects, on the national sanctions and a rule set whose one item
 * scores the stored value `pts` (the total is the value). 城东 station: A 95
 * with an incident (the veto), B 85 (良好), C 82 (良好), E 70 (合格).
 */
static cpol_assessor *veto_world(cpol_rules **keep, const char *effects, const char *period)
{
	char text[1024];
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_assessor *a = NULL;

	snprintf(text, sizeof(text),
	         "region: vetotest\n"
	         "extends: national\n"
	         "assessment:\n"
	         "  items:\n"
	         "    - {id: pts, name: 得分, metric: pts, weight: 100, target: 100, deduct: [{per_unit: 1}]}\n"
	         "  veto:\n"
	         "    - {id: incident, name: 群体性事件, metric: incidents, effect: %s, grade: pass}\n",
	         effects);
	ro.name = "vetotest.yaml";
	ck_assert_ok(cpol_rules_load_string(keep, text, &ro));
	ck_assert_ok(cpol_assessor_new(&a, db, *keep));
	store("pts", CPOL_SUBJECT_OFFICER, A, period, 95);
	store("pts", CPOL_SUBJECT_OFFICER, B, period, 85);
	store("pts", CPOL_SUBJECT_OFFICER, C, period, 82);
	store("pts", CPOL_SUBJECT_OFFICER, E, period, 70);
	store("incidents", CPOL_SUBJECT_OFFICER, A, period, 1);
	return a;
}

/* [cap_grade, rank_after_unvetoed]: A is 合格 and ranked after B, C and E. */
START_TEST(veto_ranks_after_every_unvetoed_subject)
{
	cpol_rules *vr = NULL;
	cpol_assessor *a = veto_world(&vr, "[cap_grade, rank_after_unvetoed]", "2024-Q2");
	cpol_assessment *as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	const cpol_assess_result *r;

	r = result(as, A);
	ck_assert_hundredth(r->total, 95.0);
	ck_assert_str_eq(r->grade, "pass");
	ck_assert_str_eq(r->veto, "incident");
	ck_assert_int_eq(r->rank, 4);
	ck_assert_int_eq(r->ranked, 4);
	ck_assert_int_eq(r->last_place, 1);     /* last in the ranking: 通报批评、诫勉谈话 */
	ck_assert(has_sanction(r, "last_place_warning"));
	ck_assert_str_eq(line(r, "incident")->arithmetic,
	                 "1 ≥ 1: the grade is at most pass; ranked after every subject without a veto");
	ck_assert_int_eq(result(as, B)->rank, 1);
	ck_assert_str_eq(result(as, B)->grade, "good");
	ck_assert_int_eq(result(as, C)->rank, 2);
	r = result(as, E);
	ck_assert_int_eq(r->rank, 3);
	ck_assert_int_eq(r->last_place, 0);
	ck_assert(!has_sanction(r, "last_place_warning"));
	/* The order follows the ranking: B, C, E, A. */
	ck_assert_int_eq(cpol_assessment_result(as, 0)->subject_id, B);
	ck_assert_int_eq(cpol_assessment_result(as, 3)->subject_id, A);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(vr);
}
END_TEST

/* [cap_grade, no_rewards] over the year: A keeps rank 1 but not the top-three reward. */
START_TEST(veto_withholds_the_annual_reward)
{
	cpol_rules *vr = NULL;
	cpol_assessor *a = veto_world(&vr, "[cap_grade, no_rewards]", "2024");
	cpol_assessment *as = score(a, "2024", CPOL_SUBJECT_OFFICER);
	const cpol_assess_result *r;
	char *text = NULL;

	r = result(as, A);
	ck_assert_int_eq(r->rank, 1);
	ck_assert(!has_sanction(r, "annual_top_three"));
	ck_assert_str_eq(line(r, "incident")->arithmetic,
	                 "1 ≥ 1: the grade is at most pass; no rewards or honours for the period; "
	                 "withheld: 年终综合排名前三名奖励 (annual_top_three)");
	ck_assert(has_sanction(result(as, B), "annual_top_three"));   /* rank 2 */
	ck_assert(has_sanction(result(as, C), "annual_top_three"));   /* rank 3 */
	ck_assert(!has_sanction(result(as, E), "annual_top_three"));  /* rank 4 */
	ck_assert_ok(cpol_assessment_explain(&text, as, A));
	ck_assert_msg(strstr(text, "withheld: 年终综合排名前三名奖励") != NULL, "%s", text);
	free(text);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(vr);
}
END_TEST

/*
 * The veto that withholds a reward is told on its own line, wherever it
 * stands: here the second of two vetoes, after a bonus without a max.
 * 2024 (a year: national's annual_top_three applies), A: pts 95, 8 good
 * deeds at +1 each, no max (weight 0, not capped): 103.00, rank 1; one
 * complaint (no_rewards): the reward is withheld and the complaint line
 * says so; the incident veto (none) is not applied.
 */
START_TEST(the_second_veto_says_what_it_withheld)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *vr = NULL;
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_result *r;
	const cpol_assess_line *l;

	ro.name = "vetotest.yaml";
	ck_assert_ok(cpol_rules_load_string(&vr,
	        "region: vetotest\n"
	        "extends: national\n"
	        "assessment:\n"
	        "  items:\n"
	        "    - {id: pts, name: 得分, metric: pts, weight: 100, target: 100, deduct: [{per_unit: 1}]}\n"
	        "  bonus:\n"
	        "    - {id: deeds, name: 好人好事, metric: good_deeds, per_unit: 1}\n"
	        "  veto:\n"
	        "    - {id: incident, name: 群体性事件, metric: incidents, effect: cap_grade, grade: pass}\n"
	        "    - {id: complaint, name: 有效投诉, metric: complaints, effect: no_rewards}\n", &ro));
	ck_assert_ok(cpol_assessor_new(&a, db, vr));
	store("pts", CPOL_SUBJECT_OFFICER, A, "2024", 95);
	store("pts", CPOL_SUBJECT_OFFICER, B, "2024", 85);
	store("pts", CPOL_SUBJECT_OFFICER, C, "2024", 82);
	store("pts", CPOL_SUBJECT_OFFICER, E, "2024", 70);
	store("good_deeds", CPOL_SUBJECT_OFFICER, A, "2024", 8);
	store("complaints", CPOL_SUBJECT_OFFICER, A, "2024", 1);
	as = score(a, "2024", CPOL_SUBJECT_OFFICER);
	r = result(as, A);
	l = line(r, "deeds");
	ck_assert_hundredth(l->weight, 0);
	ck_assert_hundredth(l->points, 8);
	ck_assert_int_eq(l->capped, 0);
	ck_assert_str_eq(l->arithmetic, "8 × 1 = 8.00");
	ck_assert_hundredth(r->total, 103);
	ck_assert_int_eq(r->rank, 1);
	ck_assert_str_eq(r->veto, "complaint");
	ck_assert(!has_sanction(r, "annual_top_three"));
	ck_assert_int_eq(line(r, "incident")->applied, 0);
	ck_assert_str_eq(line(r, "complaint")->arithmetic,
	                 "1 ≥ 1: no rewards or honours for the period; "
	                 "withheld: 年终综合排名前三名奖励 (annual_top_three)");
	ck_assert(has_sanction(result(as, B), "annual_top_three"));
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(vr);
}
END_TEST

/* [zero, unranked]: A scores 0 and is out of the ranking; E is last of 3. */
START_TEST(veto_leaves_the_ranking)
{
	cpol_rules *vr = NULL;
	cpol_assessor *a = veto_world(&vr, "[zero, unranked]", "2024-Q2");
	cpol_assessment *as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	const cpol_assess_result *r;
	char *text = NULL;

	r = result(as, A);
	ck_assert_hundredth(r->total, 0.0);
	ck_assert_int_eq(r->rank, 0);
	ck_assert_int_eq(r->ranked, 0);
	ck_assert_int_eq(r->last_place, 0);
	ck_assert_uint_eq(r->sanction_count, 0);
	ck_assert_int_eq(result(as, B)->rank, 1);
	ck_assert_int_eq(result(as, B)->ranked, 3);
	r = result(as, E);
	ck_assert_int_eq(r->rank, 3);
	ck_assert_int_eq(r->last_place, 1);
	ck_assert_int_eq(cpol_assessment_result(as, 3)->subject_id, A); /* the unranked last */
	ck_assert_ok(cpol_assessment_explain(&text, as, A));
	ck_assert_msg(strstr(text, "not ranked (veto incident)") != NULL, "%s", text);
	free(text);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(vr);
}
END_TEST

/*
 * An assessment owns what it shows: freed assessor and rules first, its
 * grades, veto ids, line names and rule refs still read (this read freed
 * memory under ASan and valgrind while results borrowed from the rules).
 */
START_TEST(results_outlive_their_assessor_and_rules)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *own = NULL;
	cpol_assessor *a = NULL;
	cpol_assessment *as;
	const cpol_assess_result *r;
	char *json = NULL;

	q2_data();
	ro.name = "assesstest.yaml";
	ck_assert_ok(cpol_rules_load_string(&own, RULES, &ro));
	ck_assert_ok(cpol_assessor_new(&a, db, own));
	cpol_rules_free(own); /* the assessor keeps its own reference */
	as = score(a, "2024-Q2", CPOL_SUBJECT_OFFICER);
	cpol_assessor_free(a);
	r = result(as, B);
	ck_assert_str_eq(r->grade, "pass");
	ck_assert_str_eq(r->grade_name, "合格");
	ck_assert_str_eq(r->veto, "complaint");
	ck_assert_str_eq(line(r, "information")->name, "信息收集");
	ck_assert_str_eq(line(r, "information")->rule.file, "assesstest.yaml");
	ck_assert_str_eq(result(as, C)->sanctions[0].name, "末位诫勉谈话");
	ck_assert_ok(cpol_assessment_json(&json, as));
	ck_assert_msg(strstr(json, "\"veto\":\"complaint\"") != NULL, "%.200s", json);
	free(json);
	cpol_assessment_free(as);
}
END_TEST

/* A reference keeps a rule set alive; the last cpol_rules_free() frees it. */
START_TEST(rules_references_count)
{
	cpol_rules *r = NULL, *again;
	ck_assert_ok(cpol_rules_load_string(&r, RULES, NULL));
	again = cpol_rules_ref(r);
	ck_assert_ptr_eq(again, r);
	cpol_rules_free(r);
	ck_assert_str_eq(cpol_rules_region(again), "assesstest"); /* still alive */
	cpol_rules_free(again);
	ck_assert_ptr_null(cpol_rules_ref(NULL));
}
END_TEST

#include "test_assess.list"

int main(void)
{
	return testutil_main_list("assess", setup, teardown, testutil_tests());
}

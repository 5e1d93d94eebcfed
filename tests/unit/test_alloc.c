/*
 * Allocation failures, as SQLite's malloc tests: each main operation is run
 * again and again with its 1st, 2nd, ... Nth allocation failing, until it
 * runs with no failure. Every run that fails must return CPOL_ENOMEM, leave
 * the database as it was (same content digest, no transaction left open)
 * and leak nothing (the ASan build's leak checker runs at the end of each
 * test). A run may also succeed when the failed allocation was one the code
 * can do without (SQLite has a few such); then its result must be the one
 * of a run with no failure.
 *
 * The library's allocations and SQLite's are failed apart. An operation's
 * allocations are counted first; when there are more than 200 of the
 * library's or 50 of SQLite's (CPOL_ALLOC_MAX=N sets both), they are failed
 * at evenly spaced positions so that `make check` stays quick: every one of
 * the library's is failed for every operation but opening a new database,
 * which makes about a thousand of the library's and 77 000 of SQLite's.
 * CPOL_ALLOC_MAX=0 fails every one, which takes minutes:
 *   CPOL_ALLOC_MAX=0 make check TESTS=tests/unit/test_alloc
 * CPOL_ALLOC_ONLY=text runs only the operations whose name holds text;
 * CPOL_ALLOC_TRACE=N prints where the Nth allocation was made.
 */
#include "testutil.h"
#include "work_fixture.h"
#include "internal.h"
#include "db_internal.h"
#include "alloc_fail.h"

#include <sqlite3.h>

/* ------------------------------------------------------------ the driver */

/* The state an operation runs on; rebuilt by the operation's prepare(). */
static cpol_db *db;        /* digested before and after; NULL: no database */
static int64_t result_sig; /* what a successful run produced, in one number */
/* What an operation did wrong, found while the hook was armed (when Check's
 * own allocations would fail: assert only after alloc_fail_disarm()). */
static const char *op_problem;
static char path_new[600], path_old[600];

/*
 * A table whose changes a failed operation keeps on purpose, or NULL: an
 * import records its run (import_run) before its first batch so that a
 * failed import can be resumed; only the batch must be undone.
 */
static const char *digest_skip;

/*
 * For an operation that commits in batches: after a failure that changed the
 * database, 1 when what it committed is whole and the operation, run again,
 * completes it to the result of a run with no failure. NULL: no change allowed.
 */
static int (*committed_ok)(void);

/* FNV-1a over every row of every table: "the database is unchanged". */
static uint64_t digest(sqlite3 *h)
{
	sqlite3_stmt *tables, *rows;
	uint64_t x = 1469598103934665603ULL;
	int i, n;

	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table' "
	                                       "ORDER BY name", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char sql[300];
		if (digest_skip && strcmp(name, digest_skip) == 0)
			continue;
		if (digest_skip && strcmp(name, "audit_log") == 0)
			snprintf(sql, sizeof(sql), "SELECT * FROM audit_log WHERE table_name <> '%s'",
			         digest_skip);
		else
			snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", name);
		ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &rows, NULL), SQLITE_OK);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (i = 0, n = sqlite3_column_count(rows); i < n; i++) {
				const unsigned char *v = sqlite3_column_text(rows, i);
				int k, len = sqlite3_column_bytes(rows, i);
				x = (x ^ (uint64_t)sqlite3_column_type(rows, i)) * 1099511628211ULL;
				for (k = 0; v && k < len; k++)
					x = (x ^ v[k]) * 1099511628211ULL;
			}
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	return x;
}

static uint64_t db_digest(void)
{
	return db ? digest(cpol__db_handle(db)) : 0;
}

static int64_t runs_max(alloc_kind kind)
{
	const char *s = getenv("CPOL_ALLOC_MAX");
	return s ? atoll(s) : kind == ALLOC_SQLITE ? 50 : 200;
}

/*
 * Run op() with the nth allocation of `kind` failing, for every n (every
 * step-th for SQLite's when they are many) until a run has no failure.
 * prepare() builds the state op() needs; release() frees it. op() frees
 * whatever it made and sets result_sig on success.
 */
static void each_failure(const char *what, alloc_kind kind, void (*prepare)(void),
                         int (*op)(void), void (*release)(void))
{
	int64_t n, total, step = 1, runs = 0, benign = 0, want_sig;
	uint64_t before;
	int rc, fired;

	/* CPOL_ALLOC_ONLY=text: only the operations whose name holds text (with CPOL_ALLOC_TRACE). */
	if (getenv("CPOL_ALLOC_ONLY") && !strstr(what, getenv("CPOL_ALLOC_ONLY")))
		return;
	/* A run with no failure: how many allocations, and what it gives. */
	prepare();
	alloc_fail_arm(kind, 0);
	op_problem = NULL;
	rc = op();
	alloc_fail_disarm();
	ck_assert_msg(!op_problem, "%s: %s", what, op_problem);
	total = alloc_fail_count(kind);
	ck_assert_msg(rc == 0, "%s failed with no allocation failing: %d %s", what, rc,
	              cpol_error_last()->message);
	want_sig = result_sig;
	release();
	if (runs_max(kind) > 0 && total > runs_max(kind))
		step = total / runs_max(kind);

	prepare();
	for (n = 1;; n += step) {
		before = db_digest();
		result_sig = -1;
		alloc_fail_arm(kind, n);
		rc = op();
		fired = alloc_fail_disarm();
		runs++;
		ck_assert_msg(!op_problem, "%s, allocation %lld: %s", what, (long long)n, op_problem);
		if (!fired) {
			ck_assert_msg(rc == 0, "%s: no allocation failed at n=%lld but it returned %d (%s)",
			              what, (long long)n, rc, cpol_error_last()->message);
			ck_assert_int_eq(result_sig, want_sig);
			break;
		}
		if (rc == 0) {
			/* The failure was one the code can do without. */
			ck_assert_msg(result_sig == want_sig, "%s: %s allocation %lld failed and the "
			              "result changed (%lld, want %lld)", what,
			              kind == ALLOC_SQLITE ? "SQLite" : "library", (long long)n,
			              (long long)result_sig, (long long)want_sig);
			benign++;
			if (getenv("CPOL_ALLOC_TRACE"))
				printf("alloc: %s: allocation %lld failed, done without\n", what, (long long)n);
			release();
			prepare();
			continue;
		}
		ck_assert_msg(rc == CPOL_ENOMEM, "%s: %s allocation %lld of %lld failed; returned %d %s "
		              "(%s), want CPOL_ENOMEM", what, kind == ALLOC_SQLITE ? "SQLite" : "library",
		              (long long)n, (long long)total, rc, cpol_error_name(rc),
		              cpol_error_last()->message);
		if (db) {
			ck_assert_msg(sqlite3_get_autocommit(cpol__db_handle(db)),
			              "%s: allocation %lld failed and left a transaction open", what,
			              (long long)n);
			if (db_digest() != before) {
				ck_assert_msg(committed_ok && committed_ok(), "%s: allocation %lld failed and "
				              "the database changed", what, (long long)n);
				release();
				prepare();
			}
		}
	}
	release();
	printf("alloc: %s: %lld %s allocations, %lld runs, %lld failures done without\n", what,
	       (long long)total, kind == ALLOC_SQLITE ? "SQLite" : "library", (long long)runs,
	       (long long)benign);
}

static void each_kind(const char *what, void (*prepare)(void), int (*op)(void),
                      void (*release)(void))
{
	each_failure(what, ALLOC_LIBRARY, prepare, op, release);
	each_failure(what, ALLOC_SQLITE, prepare, op, release);
}

static void nothing(void)
{
}

/* ------------------------------------------------------------ the world */

/* Persons for the import: three good rows and one bad (a 30 February). */
static const char PERSONS_CSV[] =
	"身份证号,姓名,性别,社区,街路巷,门牌号,户室,人口类型,居住起始日期\r\n"
	"110105199003071239,张伟,男,城东社区,解放路,12,301,常住人口,2024/1/5\r\n"
	"320102198506150022,周丽,,C01,解放路,12,301,temporary,20240301\r\n"
	"11010519900230001X,错日,,城东社区,解放路,12,302,permanent,\r\n"
	"11010519491231002X,王芳,女,城东社区,解放路,14,101,permanent,\r\n";

static char *dir;
static char csv_path[600];
static cpol_date owed_on, due_on;
static cpol_period score_on;
static cpol_id community;

static int64_t fixed_clock(void *payload)
{
	(void)payload;
	return 1717200000; /* 2024-06-01 */
}

static cpol_id office_station(cpol_id office)
{
	sqlite3_stmt *st;
	cpol_id id;
	ck_assert_int_eq(sqlite3_prepare_v2(cpol__db_handle(fx.db),
	                                    "SELECT station_id FROM office WHERE id = ?", -1, &st,
	                                    NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, office);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* The work fixture, a community covered by its first office, and a CSV file. */
static void world(void)
{
	cpol_id district = 0, station = 0;
	FILE *fp;

	fixture_setup();
	cpol_db_set_clock(fx.db, fixed_clock, NULL);
	station = office_station(fx.office);
	ck_assert_ok(cpol_district_add(&district, fx.db, fx.office, "一区", NULL));
	ck_assert_ok(cpol_community_add(&community, fx.db, station, CPOL_COMMUNITY_URBAN, "城东社区",
	                                NULL, "C01"));
	ck_assert_ok(cpol_district_cover(NULL, fx.db, district, community, D("2020-01-01")));
	snprintf(csv_path, sizeof(csv_path), "%s/p.csv", dir);
	fp = fopen(csv_path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fwrite(PERSONS_CSV, 1, sizeof(PERSONS_CSV) - 1, fp), sizeof(PERSONS_CSV) - 1);
	fclose(fp);
	db = fx.db;
}

static void world_free(void)
{
	fixture_teardown();
	db = NULL;
}

static int import_persons(void)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	int rc;

	o.kind = CPOL_IMPORT_PERSONS;
	o.rules = fx.rules;
	if ((rc = cpol_import_run(&rep, fx.db, csv_path, &o)) < 0)
		return rc;
	result_sig = rep.ok * 1000 + rep.bad;
	return 0;
}

/*
 * An import failing after its batch committed (while recording that the run
 * is done) keeps the batch: run again, it resumes and ends with the same
 * three persons, none twice.
 */
static int import_resumes(void)
{
	int64_t n = 0;
	if (import_persons() != 0 || result_sig != 3001)
		return 0;
	ck_assert_ok(cpol_person_count(&n, fx.db, NULL));
	return n == 3;
}

static void world_with_persons(void)
{
	world();
	due_on = D("2024-06-01");
	ck_assert_ok(import_persons());
	ck_assert_int_eq(result_sig, 3001);
}

static void setup(void)
{
	dir = testutil_tmpdir();
	db = NULL;
	op_problem = NULL;
	snprintf(path_new, sizeof(path_new), "%s/new.db", dir);
	snprintf(path_old, sizeof(path_old), "%s/old.db", dir);
}

static void teardown(void)
{
	testutil_rmtree(dir);
}

/* ------------------------------------------------------------ open */

static int open_new(void)
{
	cpol_db *d = (cpol_db *)1;
	int rc, version = 0;

	unlink(path_new);
	if ((rc = cpol_db_open(&d, path_new, NULL)) < 0) {
		if (d)
			op_problem = "cpol_db_open() failed and left *out set";
		return rc;
	}
	rc = cpol_db_schema_current(&version, d);
	cpol_db_close(d);
	result_sig = version;
	return rc;
}

START_TEST(open_new_database_fails_cleanly_at_each_allocation)
{
	each_kind("open a new database", nothing, open_new, nothing);
}
END_TEST

/* A failed open of an existing database changes nothing in its file. */
static uint64_t file_digest(const char *path)
{
	sqlite3 *h;
	uint64_t x;
	ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	x = digest(h);
	sqlite3_close(h);
	return x;
}

static uint64_t existing_digest;

static void existing_db_check(void)
{
	ck_assert_msg(file_digest(path_old) == existing_digest, "opening the database changed it");
}

static void existing_db(void)
{
	cpol_db *d = NULL;
	cpol_id region = 0;
	if (access(path_old, F_OK) == 0)
		return;
	ck_assert_ok(cpol_db_open(&d, path_old, NULL));
	ck_assert_ok(cpol_region_add(&region, d, "national", NULL));
	cpol_db_close(d);
	existing_digest = file_digest(path_old);
}

static int open_existing(void)
{
	cpol_db *d = (cpol_db *)1;
	int rc;

	rc = cpol_db_open(&d, path_old, NULL);
	if (rc < 0 && d)
		op_problem = "cpol_db_open() failed and left *out set";
	if (rc == 0) {
		cpol_db_close(d);
		result_sig = 1;
	}
	return rc;
}

START_TEST(open_existing_database_fails_cleanly_at_each_allocation)
{
	each_kind("open an existing database", existing_db, open_existing, existing_db_check);
}
END_TEST

/* ------------------------------------------------------------ rules */

static int load_rules(const char *text)
{
	cpol_rules_options o = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *r = NULL;
	int rc;

	o.name = "alloc.yaml";
	o.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	rc = cpol_rules_load_string(&r, text, &o);
	if (rc < 0) {
		if (r)
			op_problem = "loading rules failed and left *out set";
		return rc;
	}
	result_sig = 1;
	cpol_rules_free(r);
	return 0;
}

static int load_fixture_rules(void)
{
	return load_rules(FIXTURE_RULES);
}

static int load_rules_extending_national(void)
{
	return load_rules("region: alloctest\nextends: national\nvisits:\n  households_per_month: 25\n");
}

START_TEST(load_rules_fails_cleanly_at_each_allocation)
{
	each_kind("load rules", nothing, load_fixture_rules, nothing);
}
END_TEST

START_TEST(load_rules_extending_national_fails_cleanly_at_each_allocation)
{
	each_kind("load rules extending national", nothing, load_rules_extending_national, nothing);
}
END_TEST

/* ------------------------------------------------------------ import */

START_TEST(import_batch_fails_cleanly_at_each_allocation)
{
	digest_skip = "import_run";
	committed_ok = import_resumes;
	each_kind("import a batch of persons", world, import_persons, world_free);
	committed_ok = NULL;
	digest_skip = NULL;
}
END_TEST

/* ------------------------------------------------------------ owed and due */

static int work_owed(void)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *l = NULL;
	int rc;

	q.office_id = fx.office;
	q.on = owed_on;
	if ((rc = cpol_owed_list_get(&l, fx.db, fx.rules, &q)) < 0) {
		if (l)
			op_problem = "cpol_owed_list_get() failed and left *out set";
		return rc;
	}
	result_sig = (int64_t)l->count;
	cpol_owed_list_free(l);
	return 0;
}

static void world_with_units(void)
{
	cpol_id u;
	world();
	owed_on = D("2024-03-25");
	u = add_unit("entertainment", "甲", fx.officer, "2024-01-10");
	inspect(u, fx.officer, "2024-02-05");
	add_unit("special_trade", "乙", fx.officer_b, "2024-01-10");
}

START_TEST(owed_view_fails_cleanly_at_each_allocation)
{
	each_kind("owed view", world_with_units, work_owed, world_free);
}
END_TEST

/* Quotas (two night patrols a week, national) and a patrol read back with
 * its auxiliary: the lists and arrays of lib/work_patrol.c. */
static cpol_id alloc_patrol;
static cpol_date quota_on;   /* D() is a check assertion: it allocates, so not in op() */

static int patrol_quotas(void)
{
	cpol_quota_list *l = NULL;
	cpol_patrol *p = NULL;
	cpol_patrol_iter *it = NULL;
	const cpol_patrol *row;
	int rc;

	if ((rc = cpol_quota_list_get(&l, fx.db, fx.rules, fx.office, 0, quota_on)) < 0) {
		if (l)
			op_problem = "cpol_quota_list_get() failed and left *out set";
		return rc;
	}
	result_sig = (int64_t)l->count * 100 + l->items[0].done;
	cpol_quota_list_free(l);
	if ((rc = cpol_patrol_get(&p, fx.db, alloc_patrol)) < 0) {
		if (p)
			op_problem = "cpol_patrol_get() failed and left *out set";
		return rc;
	}
	result_sig = result_sig * 10 + (int64_t)p->auxiliary_count;
	cpol_patrol_free(p);
	if ((rc = cpol_patrol_iter_new(&it, fx.db, NULL)) < 0)
		return rc;
	while ((rc = cpol_patrol_iter_next(&row, it)) == 0)
		result_sig = result_sig * 10 + (int64_t)row->auxiliary_count;
	cpol_patrol_iter_free(it);
	return rc == CPOL_ITEROVER ? 0 : rc;
}

static void world_with_patrols(void)
{
	cpol_patrol_new pn = CPOL_PATROL_NEW_INIT;
	world();
	quota_on = D("2024-04-03");
	pn.office_id = fx.office;
	pn.officer_id = fx.officer;
	pn.on = D("2024-04-01");
	pn.start_minute = 22 * 60;
	pn.end_minute = 2 * 60;
	pn.area = "城东";
	pn.auxiliaries = &fx.officer_b;
	pn.auxiliary_count = 1;
	ck_assert_ok(cpol_patrol_add(&alloc_patrol, fx.db, &pn));
}

START_TEST(quotas_and_patrols_fail_cleanly_at_each_allocation)
{
	each_kind("quotas and patrols", world_with_patrols, patrol_quotas, world_free);
}
END_TEST

static int population_due(void)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *l = NULL;
	int rc;

	q.office_id = fx.office;
	q.on = due_on;
	q.horizon_days = 30;
	q.kinds = (1u << CPOL_OWED_ASSESSMENT) | (1u << CPOL_OWED_TALK) | (1u << CPOL_OWED_PERSON_VISIT) |
	          (1u << CPOL_OWED_REGISTRATION) | (1u << CPOL_OWED_VERIFY_REGISTRATION) |
	          (1u << CPOL_OWED_RENTAL) | (1u << CPOL_OWED_HOUSEHOLD);
	if ((rc = cpol_owed_list_get(&l, fx.db, fx.rules, &q)) < 0) {
		if (l)
			op_problem = "cpol_owed_list_get() failed and left *out set";
		return rc;
	}
	result_sig = (int64_t)l->count;
	cpol_owed_list_free(l);
	return 0;
}

START_TEST(population_due_fails_cleanly_at_each_allocation)
{
	each_kind("population due list", world_with_persons, population_due, world_free);
}
END_TEST

/* ------------------------------------------------------------ roster */

static cpol_duty_problem *problem;

static void duty_week(void)
{
	int i = 0;
	ck_assert_ok(cpol_duty_problem_new(&problem, D("2024-05-06"), 7));
	ck_assert_ok(cpol_duty_problem_add_person(&i, problem, 100, "张伟", CPOL_STAFF_OFFICER, 0));
	ck_assert_ok(cpol_duty_problem_add_person(&i, problem, 101, "李娜", CPOL_STAFF_OFFICER, 1));
	ck_assert_ok(cpol_duty_problem_add_person(&i, problem, 200, "王芳", CPOL_STAFF_AUXILIARY, 0));
	ck_assert_ok(cpol_duty_problem_add_person(&i, problem, 201, "刘洋", CPOL_STAFF_AUXILIARY, 0));
}

static void duty_week_free(void)
{
	cpol_duty_problem_free(problem);
	problem = NULL;
}

static int generate_roster(void)
{
	cpol_duty_generate_options o = CPOL_DUTY_GENERATE_OPTIONS_INIT;
	cpol_duty_roster *r = NULL;
	cpol_duty_conflicts *c = NULL;
	int rc;

	o.seed = 42;
	rc = cpol_duty_generate(&r, &c, problem, &o);
	cpol_duty_conflicts_free(c);
	if (rc < 0) {
		cpol_duty_roster_free(r);
		return rc;
	}
	result_sig = (int64_t)cpol_duty_roster_count(r);
	cpol_duty_roster_free(r);
	return 0;
}

START_TEST(generate_roster_fails_cleanly_at_each_allocation)
{
	each_kind("generate a roster", duty_week, generate_roster, duty_week_free);
}
END_TEST

/* ------------------------------------------------------------ assessment */

static cpol_rules *assess_rules;

static void world_for_assessment(void)
{
	cpol_rules_options o = CPOL_RULES_OPTIONS_INIT;
	world_with_units();
	ck_assert_ok(cpol_period_parse(&score_on, "2024-Q1"));
	o.name = "alloc.yaml";
	o.flags = CPOL_RULES_NO_ENV | CPOL_RULES_NO_INSTALLED;
	ck_assert_ok(cpol_rules_load_string(&assess_rules, "region: alloctest\nextends: national\n", &o));
}

static void world_for_assessment_free(void)
{
	cpol_rules_free(assess_rules);
	assess_rules = NULL;
	world_free();
}

static int score_period(void)
{
	cpol_assessor *a = NULL;
	cpol_assessment *as = NULL;
	cpol_period p;
	int rc;

	p = score_on;
	if ((rc = cpol_assessor_new(&a, fx.db, assess_rules)) < 0)
		return rc;
	rc = cpol_assess_score(&as, a, &p, NULL);
	if (rc == 0) {
		result_sig = (int64_t)cpol_assessment_count(as);
		cpol_assessment_free(as);
	}
	cpol_assessor_free(a);
	return rc;
}

START_TEST(score_period_fails_cleanly_at_each_allocation)
{
	each_kind("score a period", world_for_assessment, score_period, world_for_assessment_free);
}
END_TEST

#include "test_alloc.list"

int main(void)
{
	if (alloc_fail_install() != SQLITE_OK) {
		fprintf(stderr, "alloc: could not install SQLite's allocator hook\n");
		return 99;
	}
	return testutil_main_list("alloc", setup, teardown, testutil_tests());
}

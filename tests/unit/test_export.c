/*
 * Tests of the export module: operators, pseudonyms and keys, households
 * in k-anonymity, min_k met or refused, the export log, profile errors.
 *
 * The fixture: one office and community, and households whose members are
 * chosen so that counting persons and counting households give different
 * k (worked out by hand in each test).
 */
#include "testutil.h"
#include "internal.h"

#include <sys/stat.h>

static cpol_db *db;
static cpol_rules *rules;
static cpol_id office, community;
static int seq;
static char *tmpdir;

static cpol_date day(const char *s)
{
	cpol_date d = CPOL_DATE_NONE;
	ck_assert_ok(cpol_date_parse(&d, s));
	return d;
}

/* A valid 18-character number of region 110101 born on birth (YYYYMMDD);
 * the sequence's parity gives the sex (odd male). */
static void id_number(char *buf, const char *birth, int male)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int sum = 0, i, s = ++seq * 2 + (male ? 1 : 0);
	snprintf(buf, 19, "110101%s%03d", birth, s % 1000);
	for (i = 0; i < 17; i++)
		sum += (buf[i] - '0') * w[i];
	buf[17] = check[sum % 11];
	buf[18] = '\0';
}

/* A house with n members of one sex born on birth; returns the house. */
static cpol_id household(int n, int male, const char *birth, const char *const *names,
                         const char *const *phones)
{
	cpol_address_path path = CPOL_ADDRESS_PATH_INIT;
	cpol_house_new h = CPOL_HOUSE_NEW_INIT;
	char building[16], idn[19];
	cpol_id addr, house;
	int i;

	snprintf(building, sizeof(building), "%d", seq + 1);
	path.street = "人民路";
	path.building = building;
	ck_assert_ok(cpol_address_ensure(&addr, db, community, &path));
	h.address_id = addr;
	ck_assert_ok(cpol_house_add(&house, db, &h));
	for (i = 0; i < n; i++) {
		cpol_person_new p = CPOL_PERSON_NEW_INIT;
		cpol_residence_new r = CPOL_RESIDENCE_NEW_INIT;
		cpol_id person;
		id_number(idn, birth, male);
		p.id_number = idn;
		p.name = names ? names[i] : "王五";
		p.phone = phones ? phones[i] : NULL;
		p.office_id = office;
		p.office_since = day("2020-01-01");
		ck_assert_ok(cpol_person_add(&person, db, rules, &p));
		r.person_id = person;
		r.house_id = house;
		r.type = "permanent";
		r.from = day("2020-01-01");
		ck_assert_ok(cpol_person_move_in(NULL, db, rules, &r));
	}
	return house;
}

static void setup(void)
{
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_id region, station, district;

	seq = 0;
	tmpdir = testutil_tmpdir();
	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	ck_assert_ok(cpol_db_set_user(db, "researcher-1"));
	ck_assert_ok(cpol_rules_load_region(&rules, "national", NULL));
	ck_assert_ok(cpol_region_add(&region, db, "national", "全国"));
	ck_assert_ok(cpol_station_add(&station, db, region, "城关派出所", NULL));
	o.station_id = station;
	o.name = "城关社区警务室";
	ck_assert_ok(cpol_office_add(&office, db, &o));
	ck_assert_ok(cpol_district_add(&district, db, office, "城关", NULL));
	ck_assert_ok(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城关社区", NULL, NULL));
	ck_assert_ok(cpol_district_cover(NULL, db, district, community, day("2019-01-01")));
}

static void teardown(void)
{
	cpol_db_close(db);
	cpol_rules_free(rules);
	testutil_rmtree(tmpdir);
}

/*
 * Males: one household of 4 and two of 1 (6 persons, 3 households);
 * females: five households of 1. With sex the only quasi-identifier, k
 * counted by persons would be 5, by households it is 3.
 */
static void households_3_and_5(void)
{
	household(4, 1, "19870501", NULL, NULL);
	household(1, 1, "19870501", NULL, NULL);
	household(1, 1, "19870501", NULL, NULL);
	household(1, 0, "19870501", NULL, NULL);
	household(1, 0, "19870501", NULL, NULL);
	household(1, 0, "19870501", NULL, NULL);
	household(1, 0, "19870501", NULL, NULL);
	household(1, 0, "19870501", NULL, NULL);
}

static const char SEX_ONLY[] =
	"profile: sex_only\n"
	"max_suppression: %s\n"
	"datasets:\n"
	"  persons:\n"
	"    quasi_identifiers: [sex]\n";

static cpol_export_profile *profile_text(const char *fmt, const char *arg)
{
	cpol_export_profile *p = NULL;
	char text[2048];
	snprintf(text, sizeof(text), fmt, arg);
	ck_assert_ok(cpol_export_profile_load_string(&p, text, "test.yaml"));
	return p;
}

/* Run an export to a string (CSV); returns the report through rep. */
static char *export_csv(const char *dataset, cpol_export_options *o, cpol_export_report *rep)
{
	cpol_export *ex = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ok(cpol_export_new(&ex, db, dataset, o));
	ck_assert_ok(cpol_export_write(ex, f, CPOL_EXPORT_CSV, 0));
	fclose(f);
	if (rep) {
		/* The report's strings belong to the export: keep a copy of the levels. */
		static char levels[512];
		*rep = *cpol_export_report_get(ex);
		snprintf(levels, sizeof(levels), "%s", rep->levels ? rep->levels : "");
		rep->levels = levels;
	}
	cpol_export_free(ex);
	return buf;
}

static cpol_export_key *key_of(const char *text)
{
	cpol_export_key *k = NULL;
	ck_assert_ok(cpol_export_key_new(&k, text, strlen(text)));
	return k;
}

/* ------------------------------------------------------------ operators */

START_TEST(mask_keeps_the_ends_of_ids_and_phones_and_the_surname)
{
	static const char *const names[] = { "张三", "欧阳娜娜", "李" };
	static const char *const phones[] = { "13812345678", "13900001111", NULL };
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *p = profile_text(
		"profile: masked\ndatasets:\n  persons:\n    columns:\n      id_number: mask\n"
		"      name: mask\n      phone: mask%s\n", "");
	char *csv;

	household(3, 1, "19900307", names, phones);
	o.profile = p;
	csv = export_csv("persons", &o, NULL);
	/* The first number is 11010119900307003 + '8' (sum 158, 158 mod 11 = 4 -> '8'):
	 * six digits, eight stars, the last four. */
	ck_assert_msg(strstr(csv, "\n110101********0038,") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, ",张*,") && strstr(csv, ",欧***,") && strstr(csv, ",*,"), "%s", csv);
	ck_assert_msg(strstr(csv, "138****5678") && strstr(csv, "139****1111"), "%s", csv);
	ck_assert_ptr_null(strstr(csv, "张三"));
	ck_assert_ptr_null(strstr(csv, "19900307"));
	free(csv);
	cpol_export_profile_free(p);
}
END_TEST

START_TEST(generalise_cuts_birth_dates_to_bands_and_ids_to_their_region)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *p = profile_text(
		"profile: g\ndatasets:\n  persons:\n    columns:\n      id_number: generalise region\n"
		"      birth_date: generalise band5%s\n", "");
	char *csv;

	household(1, 1, "19841231", NULL, NULL);   /* 1980-1984: the last day of a band */
	household(1, 1, "19850101", NULL, NULL);   /* 1985-1989: the first day of the next */
	o.profile = p;
	csv = export_csv("persons", &o, NULL);
	ck_assert_msg(strstr(csv, "\n110101,") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, ",1980-1984,") && strstr(csv, ",1985-1989,"), "%s", csv);
	free(csv);
	cpol_export_profile_free(p);
}
END_TEST

START_TEST(csv_quotes_commas_and_doubles_quotes)
{
	static const char *const names[] = { "王\"五,六" };
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *p = profile_text(
		"profile: k\ndatasets:\n  persons:\n    columns:\n      name: keep%s\n", "");
	char *csv;

	household(1, 1, "19900101", names, NULL);
	o.profile = p;
	csv = export_csv("persons", &o, NULL);
	ck_assert_msg(strstr(csv, "\n\"王\"\"五,六\",") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, "\r\n") != NULL, "RFC 4180 lines end in CRLF");
	free(csv);
	cpol_export_profile_free(p);
}
END_TEST

START_TEST(nothing_identifying_leaves_without_an_explicit_keep)
{
	static const char *const names[] = { "张三", "李四" };
	static const char *const phones[] = { "13812345678", "13987654321" };
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *p = profile_text("profile: empty%s\n", "");
	char *csv;

	household(2, 1, "19900101", names, phones);
	o.profile = p;
	csv = export_csv("persons", &o, NULL);
	ck_assert_msg(strstr(csv, "张三") == NULL && strstr(csv, "13812345678") == NULL &&
	              strstr(csv, "11010119900101") == NULL, "%s", csv);
	ck_assert_msg(strncmp(csv, "sex,birth_date,", 15) == 0, "header: %s", csv);
	free(csv);
	cpol_export_profile_free(p);
}
END_TEST

/* ------------------------------------------------------------ pseudonyms */

START_TEST(pseudonyms_are_stable_under_one_key_and_differ_across_keys)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_key *k1 = key_of("project-one-key-0123456789"), *k1b = key_of("project-one-key-0123456789");
	cpol_export_key *k2 = key_of("project-two-key-0123456789");
	char *a, *b, *c;

	household(2, 1, "19900101", NULL, NULL);
	o.key = k1;
	a = export_csv("persons", &o, NULL);
	o.key = k1b;
	b = export_csv("persons", &o, NULL);
	o.key = k2;
	c = export_csv("persons", &o, NULL);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(cpol_export_key_id(k1), cpol_export_key_id(k1b));
	ck_assert_str_ne(cpol_export_key_id(k1), cpol_export_key_id(k2));
	/* The first column is the person's pseudonym: 16 hex digits, not the id. */
	ck_assert_int_eq((int)strcspn(strchr(a, '\n') + 1, ","), 16);
	ck_assert_int_ne(strncmp(strchr(a, '\n') + 1, strchr(c, '\n') + 1, 16), 0);
	free(a);
	free(b);
	free(c);
	cpol_export_key_free(k1);
	cpol_export_key_free(k1b);
	cpol_export_key_free(k2);
}
END_TEST

START_TEST(pseudonymising_without_a_key_is_refused_naming_the_column)
{
	cpol_export *ex = NULL;
	household(1, 1, "19900101", NULL, NULL);
	ck_assert_fails(cpol_export_new(&ex, db, "persons", NULL), CPOL_EINVAL);
	ck_assert_ptr_null(ex);
	ck_assert_msg(strstr(cpol_error_last()->message, "persons.person") &&
	              strstr(cpol_error_last()->message, "no key"), "%s", cpol_error_last()->message);
}
END_TEST

START_TEST(a_key_shorter_than_16_bytes_is_refused)
{
	cpol_export_key *k = NULL;
	FILE *f = fopen(testutil_path(tmpdir, "short.key"), "wb");
	fputs("fifteen-bytes!!", f);   /* 15 */
	fclose(f);
	ck_assert_fails(cpol_export_key_load(&k, testutil_path(tmpdir, "short.key")), CPOL_EINVAL);
	f = fopen(testutil_path(tmpdir, "ok.key"), "wb");
	fputs("sixteen-bytes!!!", f);  /* 16 */
	fclose(f);
	ck_assert_ok(cpol_export_key_load(&k, testutil_path(tmpdir, "ok.key")));
	ck_assert_int_eq((int)strlen(cpol_export_key_id(k)), 16);
	cpol_export_key_free(k);
}
END_TEST

/* ------------------------------------------------------------ k-anonymity */

START_TEST(k_counts_households_not_persons)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *p = profile_text(SEX_ONLY, "0.05");
	cpol_export_report rep;
	char *csv;

	households_3_and_5();
	o.profile = p;
	csv = export_csv("persons", &o, &rep);
	ck_assert_int_eq(rep.k, 3);          /* males: 6 persons in 3 households */
	ck_assert_int_eq((int)rep.rows, 11);
	ck_assert_int_eq((int)rep.cells_suppressed, 0);
	free(csv);
	cpol_export_profile_free(p);
}
END_TEST

START_TEST(min_k_climbs_the_ladder_when_suppression_would_exceed_the_limit)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *p = profile_text(SEX_ONLY, "0.5");
	cpol_export_report rep;
	char *csv;

	households_3_and_5();
	o.profile = p;
	o.min_k = 4;   /* males' 6 rows of 11 (55%) over the 50% limit: sex goes to "*" */
	csv = export_csv("persons", &o, &rep);
	ck_assert_int_eq(rep.k, 8);
	ck_assert_str_eq(rep.levels, "sex=*");
	ck_assert_ptr_null(strstr(csv, "male"));
	free(csv);
	cpol_export_profile_free(p);
}
END_TEST

START_TEST(min_k_suppresses_small_classes_and_withholds_what_stays_too_small)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *p = profile_text(SEX_ONLY, "0.6");
	cpol_export_report rep;
	char *csv;

	households_3_and_5();
	o.profile = p;
	o.min_k = 4;   /* 6 of 11 rows (55%) within 60%: suppressed; as "*" they are still 3 households */
	csv = export_csv("persons", &o, &rep);
	ck_assert_int_eq(rep.k, 5);
	ck_assert_int_eq((int)rep.rows_withheld, 6);
	ck_assert_int_eq((int)rep.rows, 5);
	ck_assert_str_eq(rep.levels, "sex=keep");
	free(csv);
	cpol_export_profile_free(p);
}
END_TEST

START_TEST(min_k_beyond_the_households_is_refused_with_the_reason)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *p = profile_text(SEX_ONLY, "0.05");
	cpol_export *ex = NULL;
	long long logged = -1;
	cpol__stmt *st;

	households_3_and_5();
	o.profile = p;
	o.min_k = 9;   /* 8 households in all */
	ck_assert_fails(cpol_export_new(&ex, db, "persons", &o), CPOL_ECONFLICT);
	ck_assert_msg(strstr(cpol_error_last()->message, "k = 9") &&
	              strstr(cpol_error_last()->message, "8 households"), "%s", cpol_error_last()->message);
	/* The refused export is in the log, with nothing given out. */
	ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT rows_out FROM export_log WHERE status = 'partial' AND min_k = 9"), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	logged = cpol__st_column_int64(st, 0);
	cpol__st_finalize(st);
	ck_assert_int_eq((int)logged, 0);
	cpol_export_profile_free(p);
}
END_TEST

START_TEST(min_k_of_a_dataset_without_quasi_identifiers_is_refused)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export *ex = NULL;
	o.min_k = 5;
	ck_assert_fails(cpol_export_new(&ex, db, "notices", &o), CPOL_EINVAL);
	ck_assert_msg(strstr(cpol_error_last()->message, "quasi-identifiers") != NULL, "%s",
	              cpol_error_last()->message);
}
END_TEST

/* ------------------------------------------------------------ aggregates */

static void visits(const char *on, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		cpol_visit_new v = CPOL_VISIT_NEW_INIT;
		v.office_id = office;
		v.on = day(on);
		v.kind = CPOL_VISIT_OTHER;
		ck_assert_ok(cpol_visit_add(NULL, db, &v));
	}
}

START_TEST(monthly_counts_under_5_are_suppressed_and_5_is_not)
{
	cpol_export_report rep;
	char *csv;

	visits("2024-04-30", 4);   /* April: 4, suppressed */
	visits("2024-05-01", 5);   /* May: 5, shown */
	visits("2024-06-15", 1);   /* June: 1, suppressed */
	csv = export_csv("monthly", NULL, &rep);
	/* office_id,office,month,residents x3,visits,...: visits is the 7th field */
	ck_assert_msg(strstr(csv, ",2024-04,0,0,0,,0,") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, ",2024-05,0,0,0,5,0,") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, ",2024-06,0,0,0,,0,") != NULL, "%s", csv);
	ck_assert_int_eq((int)rep.cells_suppressed, 2);
	ck_assert_int_eq((int)rep.rows, 3);
	free(csv);
}
END_TEST

START_TEST(monthly_takes_the_months_of_the_date_range)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_report rep;
	char *csv;

	visits("2024-04-30", 5);
	visits("2024-05-01", 5);
	o.from = day("2024-05-01");
	o.to = day("2024-05-31");
	csv = export_csv("monthly", &o, &rep);
	ck_assert_int_eq((int)rep.rows, 1);
	ck_assert_ptr_null(strstr(csv, "2024-04"));
	free(csv);
}
END_TEST

/* ------------------------------------------------------------ the log */

START_TEST(every_export_is_logged_with_profile_hash_key_id_and_rows)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_key *k = key_of("project-one-key-0123456789");
	cpol_export_report rep;
	cpol__stmt *st;
	char *csv;

	household(2, 1, "19900101", NULL, NULL);
	o.key = k;
	csv = export_csv("persons", &o, &rep);
	ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT actor, dataset, profile, profile_hash, key_id, rows_out, status, k FROM export_log "
		"WHERE id = ?1"), CPOL__OK);
	cpol__st_bind_int64(st, 1, rep.log_id);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 0), "researcher-1");
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 1), "persons");
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 2), "research");
	ck_assert_int_eq((int)strlen((const char *)cpol__st_column_text(st, 3)), 64);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 4), cpol_export_key_id(k));
	ck_assert_int_eq(cpol__st_column_int(st, 5), 2);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 6), "done");
	ck_assert_int_eq(cpol__st_column_int(st, 7), 1);   /* two persons, one household */
	cpol__st_finalize(st);
	/* The audit trail has the entry's start and finish; the key is in neither. */
	ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT count(*), sum(instr(after_json, 'project-one-key')) FROM audit_log "
		"WHERE table_name = 'export_log' AND row_id = ?1"), CPOL__OK);
	cpol__st_bind_int64(st, 1, rep.log_id);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_int_eq(cpol__st_column_int(st, 0), 2);
	ck_assert_int_eq(cpol__st_column_int(st, 1), 0);
	cpol__st_finalize(st);
	free(csv);
	cpol_export_key_free(k);
}
END_TEST

START_TEST(a_date_range_is_refused_for_a_dataset_of_the_present)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export *ex = NULL;
	o.from = day("2024-01-01");
	ck_assert_fails(cpol_export_new(&ex, db, "households", &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "from");
}
END_TEST

/* ------------------------------------------------------------ profiles */

START_TEST(a_misspelt_column_is_an_error_at_its_line_and_column)
{
	cpol_export_profile *p = NULL;
	ck_assert_fails(cpol_export_profile_load_string(&p,
		"profile: x\ndatasets:\n  persons:\n    columns:\n      nmae: keep\n", "x.yaml"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->file, "x.yaml");
	ck_assert_int_eq(cpol_error_last()->line, 5);
	ck_assert_int_eq(cpol_error_last()->column, 7);
	ck_assert_msg(strstr(cpol_error_last()->message, "did you mean 'name'") != NULL, "%s",
	              cpol_error_last()->message);
}
END_TEST

START_TEST(mask_on_a_column_that_is_no_id_phone_or_name_is_an_error)
{
	cpol_export_profile *p = NULL;
	ck_assert_fails(cpol_export_profile_load_string(&p,
		"profile: x\ndatasets:\n  persons:\n    columns:\n      sex: mask\n", "x.yaml"), CPOL_EINVAL);
	ck_assert_int_eq(cpol_error_last()->line, 5);
	ck_assert_int_eq(cpol_error_last()->column, 12);
}
END_TEST

START_TEST(a_pseudonymised_quasi_identifier_is_an_error)
{
	cpol_export_profile *p = NULL;
	ck_assert_fails(cpol_export_profile_load_string(&p,
		"profile: x\ndatasets:\n  persons:\n    columns:\n      community: pseudonym\n"
		"    quasi_identifiers: [sex, community]\n", "x.yaml"), CPOL_EINVAL);
	ck_assert_int_eq(cpol_error_last()->line, 6);
	ck_assert_int_eq(cpol_error_last()->column, 30);
}
END_TEST

START_TEST(shipped_profiles_load_and_internal_extends_research)
{
	cpol_export_profile *r = NULL, *i = NULL, *pub = NULL, *none = NULL;
	ck_assert_ok(cpol_export_profile_load(&r, "research", NULL));
	ck_assert_ok(cpol_export_profile_load(&i, "internal", NULL));
	ck_assert_ok(cpol_export_profile_load(&pub, "public", NULL));
	ck_assert_str_eq(cpol_export_profile_name(i), "internal");
	ck_assert_str_ne(cpol_export_profile_hash(r), cpol_export_profile_hash(i));
	ck_assert_fails(cpol_export_profile_load(&none, "no_such_profile", NULL), CPOL_ENOTFOUND);
	cpol_export_profile_free(r);
	cpol_export_profile_free(i);
	cpol_export_profile_free(pub);
}
END_TEST

START_TEST(a_region_override_is_preferred_on_the_export_path)
{
	cpol_export_profile *p = NULL;
	const char *old = getenv("CPOL_EXPORT_PATH");
	char path[700], *saved = old ? strdup(old) : NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/national", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	f = fopen(testutil_path(path, "research.yaml"), "w");
	fputs("profile: research_national\nextends: public\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s%s%s", tmpdir, saved ? ":" : "", saved ? saved : "");
	setenv("CPOL_EXPORT_PATH", path, 1);
	ck_assert_ok(cpol_export_profile_load(&p, "research", "national"));
	ck_assert_str_eq(cpol_export_profile_name(p), "research_national");
	cpol_export_profile_free(p);
	ck_assert_ok(cpol_export_profile_load(&p, "research", "nantong"));   /* no override: the shipped one */
	ck_assert_str_eq(cpol_export_profile_name(p), "research");
	cpol_export_profile_free(p);
	if (saved)
		setenv("CPOL_EXPORT_PATH", saved, 1);
	else
		unsetenv("CPOL_EXPORT_PATH");
	free(saved);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		mask_keeps_the_ends_of_ids_and_phones_and_the_surname,
		generalise_cuts_birth_dates_to_bands_and_ids_to_their_region,
		csv_quotes_commas_and_doubles_quotes,
		nothing_identifying_leaves_without_an_explicit_keep,
		pseudonyms_are_stable_under_one_key_and_differ_across_keys,
		pseudonymising_without_a_key_is_refused_naming_the_column,
		a_key_shorter_than_16_bytes_is_refused,
		k_counts_households_not_persons,
		min_k_climbs_the_ladder_when_suppression_would_exceed_the_limit,
		min_k_suppresses_small_classes_and_withholds_what_stays_too_small,
		min_k_beyond_the_households_is_refused_with_the_reason,
		min_k_of_a_dataset_without_quasi_identifiers_is_refused,
		monthly_counts_under_5_are_suppressed_and_5_is_not,
		monthly_takes_the_months_of_the_date_range,
		every_export_is_logged_with_profile_hash_key_id_and_rows,
		a_date_range_is_refused_for_a_dataset_of_the_present,
		a_misspelt_column_is_an_error_at_its_line_and_column,
		mask_on_a_column_that_is_no_id_phone_or_name_is_an_error,
		a_pseudonymised_quasi_identifier_is_an_error,
		shipped_profiles_load_and_internal_extends_research,
		a_region_override_is_preferred_on_the_export_path,
		NULL
	};
	return testutil_main("export", setup, teardown, tests);
}

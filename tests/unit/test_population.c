/*
 * Population: ID numbers worked out by hand, persons, residence history,
 * labels, transfers, queries, due lists, statistics, unmanaged checks.
 *
 * Check characters below are computed by hand by ISO 7064 MOD 11-2 as
 * GB 11643-1999 applies it: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 on
 * the first 17 digits; the sum mod 11 picks from 1 0 X 9 8 7 6 5 4 3 2.
 */
#include "testutil.h"

static cpol_db *db;
static cpol_rules *rules;
static cpol_id office, office2, district, community, street, house_a, house_b, officer;

/* 2024-06-01T00:00:00Z; China time is also June 1. */
static int64_t fixed_clock(void *payload)
{
	return 1717200000;
}

static cpol_date D(const char *iso)
{
	cpol_date d;
	ck_assert_ok(cpol_date_parse(&d, iso));
	return d;
}

/* The national rules with 15-digit numbers accepted and 30 days to register a temporary stay. */
static const char TEST_RULES[] =
	"region: poptest\n"
	"extends: national\n"
	"population:\n"
	"  id_number:\n"
	"    accept_15_digit: true\n"
	"  residence_types: !extend\n"
	"    - code: temporary\n"
	"      register_within: 30d\n";

static cpol_id room(const char *bld, const char *r)
{
	cpol_address_path p = CPOL_ADDRESS_PATH_INIT;
	cpol_id id, h;
	p.street = "解放路";
	p.building = bld;
	p.room = r;
	ck_assert_ok(cpol_address_ensure(&id, db, community, &p));
	{
		cpol_house_new hn = CPOL_HOUSE_NEW_INIT;
		hn.address_id = id;
		ck_assert_ok(cpol_house_add(&h, db, &hn));
	}
	return h;
}

static void setup(void)
{
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_staff_new s = CPOL_STAFF_NEW_INIT;
	cpol_id region, station;

	ro.name = "poptest.yaml";
	ck_assert_ok(cpol_rules_load_string(&rules, TEST_RULES, &ro));
	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	cpol_db_set_clock(db, fixed_clock, NULL);
	ck_assert_ok(cpol_db_set_user(db, "320601"));
	ck_assert_ok(cpol_region_add(&region, db, "national", NULL));
	ck_assert_ok(cpol_station_add(&station, db, region, "城东派出所", NULL));
	o.station_id = station;
	o.name = "城东社区警务室";
	ck_assert_ok(cpol_office_add(&office, db, &o));
	o.name = "城西社区警务室";
	ck_assert_ok(cpol_office_add(&office2, db, &o));
	ck_assert_ok(cpol_district_add(&district, db, office, "城东一区", NULL));
	ck_assert_ok(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城东社区", NULL, NULL));
	ck_assert_ok(cpol_district_cover(NULL, db, district, community, D("2020-01-01")));
	house_a = room("12", "301");
	house_b = room("14", "101");
	ck_assert_ok(cpol_address_find(&street, db, community, 0, "解放路"));
	s.office_id = office;
	s.district_id = district;
	s.name = "李明";
	s.badge = "320601";
	s.kind = CPOL_STAFF_OFFICER;
	s.active_from = D("2020-01-01");
	ck_assert_ok(cpol_staff_add(&officer, db, &s));
}

static cpol_owed_list *due_list; /* the last due_count()'s list: freed by the next and by teardown */

static void teardown(void)
{
	cpol_owed_list_free(due_list);
	due_list = NULL;
	cpol_db_close(db);
	cpol_rules_free(rules);
}

/* -------------------------------------------------------------- ID numbers */

START_TEST(idnum_hand_checked)
{
	cpol_idnum n;
	cpol_date today = D("2024-06-01");

	/*
	 * 11010519491231002X, the standard's own example:
	 * 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2
	 * = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> 'X'.
	 * Sequence 002 is even: female. Born 1949-12-31.
	 */
	ck_assert_ok(cpol_idnum_parse(&n, "11010519491231002X", CPOL_IDNUM_DEFAULT, today));
	ck_assert_str_eq(n.number, "11010519491231002X");
	ck_assert_str_eq(n.region, "110105");
	ck_assert_int_eq(n.birth_date, D("1949-12-31"));
	ck_assert_int_eq(n.sex, CPOL_SEX_FEMALE);
	ck_assert_int_eq(n.upgraded, 0);
	ck_assert_int_eq(cpol_idnum_check_char("11010519491231002"), 'X');

	/* Lowercase x is accepted when the policy says so, and stored upper case. */
	ck_assert_ok(cpol_idnum_parse(&n, " 11010519491231002x ", CPOL_IDNUM_DEFAULT, today));
	ck_assert_str_eq(n.number, "11010519491231002X");
	ck_assert_fails(cpol_idnum_parse(&n, "11010519491231002x", 0, today), CPOL_EINVAL);
	ck_assert_int_eq(cpol_error_last()->column, 18);

	/* The same number with 1 as check character: wrong at column 18. */
	ck_assert_fails(cpol_idnum_parse(&n, "110105194912310021", CPOL_IDNUM_DEFAULT, today), CPOL_EINVAL);
	ck_assert_int_eq(cpol_error_last()->column, 18);
	ck_assert_str_eq(cpol_error_last()->field, "id_number");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "gives 'X'"));
	/* ... which a dirty-register policy lets through. */
	ck_assert_ok(cpol_idnum_parse(&n, "110105194912310021", CPOL_IDNUM_NO_CHECK_CHAR, today));

	/*
	 * 440524188001010014: 4*7+4*9+0*10+5*5+2*8+4*4+1*2+8*1+8*6+0*3+0*7+1*9+0*10+1*5+0*8+0*4+1*2
	 * = 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 -> '4'.
	 * Sequence 001 odd: male; born 1880-01-01, 144 years before 2024.
	 */
	ck_assert_ok(cpol_idnum_parse(&n, "440524188001010014", CPOL_IDNUM_DEFAULT, today));
	ck_assert_int_eq(n.sex, CPOL_SEX_MALE);
	ck_assert_int_eq(n.birth_date, D("1880-01-01"));
	/* ... but not with the reference day in 2031: more than 150 years. */
	ck_assert_fails(cpol_idnum_parse(&n, "440524188001010014", CPOL_IDNUM_DEFAULT, D("2031-01-01")), CPOL_EINVAL);

	/*
	 * February 30: 11010519900230001 has the check character
	 * 7+9+0+5+0+20+2+9+54+0+0+18+30+0+0+0+2 = 156; 156 mod 11 = 2 -> 'X',
	 * so only the date is wrong; reported at column 7 where it starts.
	 */
	ck_assert_fails(cpol_idnum_parse(&n, "11010519900230001X", CPOL_IDNUM_DEFAULT, today), CPOL_EINVAL);
	ck_assert_int_eq(cpol_error_last()->column, 7);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "1990-02-30 does not exist"));
	/* February 29 of a common year, too (1900 is not a leap year). */
	ck_assert_fails(cpol_idnum_parse(&n, "110105190002290011", CPOL_IDNUM_DEFAULT, today), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "does not exist"));

	/*
	 * Born in the future: 11010520300101001 -> 7+9+0+5+0+20+4+0+18+0+0+9+0+5+0+0+2
	 * = 79; 79 mod 11 = 2 -> 'X'.
	 */
	ck_assert_fails(cpol_idnum_parse(&n, "11010520300101001X", CPOL_IDNUM_DEFAULT, today), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "in the future"));

	/* 15 digits: 110105491231002 -> 110105 19 491231002 + 'X' (the sum above). */
	ck_assert_ok(cpol_idnum_parse(&n, "110105491231002", CPOL_IDNUM_ACCEPT_15, today));
	ck_assert_str_eq(n.number, "11010519491231002X");
	ck_assert_str_eq(n.original, "110105491231002");
	ck_assert_int_eq(n.upgraded, 1);
	ck_assert_int_eq(n.sex, CPOL_SEX_FEMALE);
	ck_assert_fails(cpol_idnum_parse(&n, "110105491231002", 0, today), CPOL_EINVAL);
	/* A 15-digit number has no February 30 either. */
	ck_assert_fails(cpol_idnum_parse(&n, "110105900230001", CPOL_IDNUM_ACCEPT_15, today), CPOL_EINVAL);

	/* Shape: length, digits, province. */
	ck_assert_fails(cpol_idnum_parse(&n, "1101051949123100", CPOL_IDNUM_DEFAULT, today), CPOL_EINVAL);
	ck_assert_fails(cpol_idnum_parse(&n, "1101051949A231002X", CPOL_IDNUM_DEFAULT, today), CPOL_EINVAL);
	ck_assert_int_eq(cpol_error_last()->column, 11);
	ck_assert_fails(cpol_idnum_parse(&n, "99010519491231002X", CPOL_IDNUM_DEFAULT, today), CPOL_EINVAL);
	ck_assert_int_eq(cpol_error_last()->column, 1);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "province"));
}
END_TEST

START_TEST(idnum_policy_from_rules)
{
	cpol_rules *national;
	ck_assert_ok(cpol_rules_load_region(&national, "national", NULL));
	/* national.yaml: accept_15_digit false, accept_lowercase_x true, require_check_char true. */
	ck_assert_int_eq(cpol_idnum_flags_for(national), CPOL_IDNUM_ACCEPT_LOWER_X);
	ck_assert_int_eq(cpol_idnum_flags_for(rules), CPOL_IDNUM_ACCEPT_LOWER_X | CPOL_IDNUM_ACCEPT_15);
	ck_assert_int_eq(cpol_idnum_flags_for(NULL), CPOL_IDNUM_DEFAULT);
	cpol_rules_free(national);
}
END_TEST

/* ----------------------------------------------------------------- persons */

static cpol_id add_person(const char *id_number, const char *name, cpol_id off)
{
	cpol_person_new p = CPOL_PERSON_NEW_INIT;
	cpol_id id;
	p.id_number = id_number;
	p.name = name;
	p.office_id = off;
	ck_assert_ok(cpol_person_add(&id, db, rules, &p));
	return id;
}

static cpol_id move_in(cpol_id person, cpol_id house, const char *type, const char *from)
{
	cpol_residence_new r = CPOL_RESIDENCE_NEW_INIT;
	cpol_id id;
	r.person_id = person;
	r.house_id = house;
	r.type = type;
	r.from = D(from);
	ck_assert_ok(cpol_person_move_in(&id, db, rules, &r));
	return id;
}

START_TEST(person_cross_checks)
{
	cpol_person_new p = CPOL_PERSON_NEW_INIT;
	cpol_person *got;
	cpol_id id, found;

	/*
	 * 110105199003071239: 7+9+0+5+0+20+2+9+54+0+0+27+0+35+8+8+6 = 190;
	 * 190 mod 11 = 3 -> '9'. Sequence 123 odd: male; born 1990-03-07.
	 */
	p.id_number = "110105199003071239";
	p.name = "张伟";
	p.sex = CPOL_SEX_FEMALE;
	ck_assert_fails(cpol_person_add(&id, db, rules, &p), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "sex");
	p.sex = CPOL_SEX_MALE;
	p.birth_date = D("1990-03-08");
	ck_assert_fails(cpol_person_add(&id, db, rules, &p), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "birth_date");
	p.birth_date = D("1990-03-07");
	p.office_id = office;
	ck_assert_ok(cpol_person_add(&id, db, rules, &p));
	ck_assert_fails(cpol_person_add(NULL, db, rules, &p), CPOL_EEXISTS);

	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->name, "张伟");
	ck_assert_str_eq(got->nationality, "CHN");
	ck_assert_int_eq(got->sex, CPOL_SEX_MALE);
	ck_assert_int_eq(got->birth_date, D("1990-03-07"));
	ck_assert_int_eq(got->office_id, office);
	ck_assert_int_eq(got->office_since, D("2024-06-01"));
	ck_assert_int_eq(got->residence_id, 0);
	cpol_person_free(got);

	/* A 15-digit number under rules that accept it: upgraded, found by either form. */
	id = add_person("110105491231002", "王芳", office);
	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->id_number, "11010519491231002X");
	ck_assert_str_eq(got->id_number_old, "110105491231002");
	ck_assert_int_eq(got->sex, CPOL_SEX_FEMALE);
	cpol_person_free(got);
	ck_assert_ok(cpol_person_find(&found, db, "110105491231002"));
	ck_assert_int_eq(found, id);
	ck_assert_ok(cpol_person_find(&found, db, "11010519491231002x"));
	ck_assert_int_eq(found, id);
	/* The national rules (the office's region when none are given) refuse it. */
	p = (cpol_person_new)CPOL_PERSON_NEW_INIT;
	p.id_number = "440524800101001";
	p.name = "老人";
	p.office_id = office;
	ck_assert_fails(cpol_person_add(NULL, db, NULL, &p), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "15 digits"));

	/* A foreigner by passport: nationality, sex and birth date are required. */
	p = (cpol_person_new)CPOL_PERSON_NEW_INIT;
	p.id_kind = CPOL_IDKIND_PASSPORT;
	p.id_number = "e1234567";
	p.name = "John Smith";
	ck_assert_fails(cpol_person_add(NULL, db, rules, &p), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "nationality");
	p.nationality = "GBR";
	p.sex = CPOL_SEX_MALE;
	p.birth_date = D("1980-05-05");
	ck_assert_ok(cpol_person_add(&id, db, rules, &p));
	ck_assert_ok(cpol_person_find(&found, db, "GBR:E1234567"));
	ck_assert_int_eq(found, id);
}
END_TEST

START_TEST(moving_keeps_history)
{
	cpol_id p = add_person("110105199003071239", "张伟", 0);
	cpol_residence_iter *it;
	const cpol_residence *r;
	cpol_person *got;
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	int64_t n;

	/* Moving in gives the unmanaged person the office covering the house. */
	move_in(p, house_a, "temporary", "2024-01-01");
	ck_assert_ok(cpol_person_get(&got, db, p));
	ck_assert_int_eq(got->office_id, office);
	ck_assert_int_eq(got->office_since, D("2024-01-01"));
	ck_assert_int_eq(got->house_id, house_a);
	ck_assert_str_eq(got->residence_type, "temporary");
	cpol_person_free(got);

	/* Not before the open residence began; an unknown type is refused naming the field. */
	{
		cpol_residence_new rn = CPOL_RESIDENCE_NEW_INIT;
		rn.person_id = p;
		rn.house_id = house_b;
		rn.type = "temporary";
		rn.from = D("2024-01-01");
		ck_assert_fails(cpol_person_move_in(NULL, db, rules, &rn), CPOL_ECONSTRAINT);
		rn.from = D("2024-03-01");
		rn.type = "visitor";
		ck_assert_fails(cpol_person_move_in(NULL, db, rules, &rn), CPOL_EINVAL);
		ck_assert_str_eq(cpol_error_last()->field, "type");
	}
	move_in(p, house_b, "permanent", "2024-03-01");
	ck_assert_ok(cpol_person_move_out(db, p, D("2024-05-31"), "迁往上海"));
	ck_assert_fails(cpol_person_move_out(db, p, D("2024-06-30"), NULL), CPOL_ENOTFOUND);

	ck_assert_ok(cpol_residence_iter_new(&it, db, p, 0));
	ck_assert_ok(cpol_residence_iter_next(&r, it));
	ck_assert_int_eq(r->house_id, house_a);
	ck_assert_int_eq(r->valid_from, D("2024-01-01"));
	ck_assert_int_eq(r->valid_to, D("2024-02-29")); /* 2024 is a leap year */
	ck_assert_str_eq(r->reason_out, "moved");
	ck_assert_ok(cpol_residence_iter_next(&r, it));
	ck_assert_int_eq(r->house_id, house_b);
	ck_assert_int_eq(r->valid_to, D("2024-05-31"));
	ck_assert_str_eq(r->reason_out, "迁往上海");
	ck_assert_int_eq(cpol_residence_iter_next(&r, it), CPOL_ITEROVER);
	cpol_residence_iter_free(it);

	/* Two residences inserted, two closed: four entries by the acting user. */
	q.table_name = "residence";
	q.actor = "320601";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 4);
}
END_TEST

START_TEST(transfer_and_labels_keep_history)
{
	cpol_id p = add_person("320102198506150022", "周丽", office);
	cpol_management_iter *mi;
	const cpol_management *m;
	cpol_label_iter *li;
	const cpol_label *l;
	cpol_id label, label2;
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	int64_t n;

	ck_assert_fails(cpol_person_transfer(db, p, office2, D("2024-06-01"), "迁居"), CPOL_EINVAL); /* same day */
	ck_assert_ok(cpol_person_transfer(db, p, office2, D("2024-07-01"), "迁居城西"));
	ck_assert_ok(cpol_management_iter_new(&mi, db, p));
	ck_assert_ok(cpol_management_iter_next(&m, mi));
	ck_assert_int_eq(m->office_id, office);
	ck_assert_int_eq(m->valid_from, D("2024-06-01"));
	ck_assert_int_eq(m->valid_to, D("2024-06-30"));
	ck_assert_str_eq(m->reason, "迁居城西");
	ck_assert_ok(cpol_management_iter_next(&m, mi));
	ck_assert_int_eq(m->office_id, office2);
	ck_assert_int_eq(m->valid_to, CPOL_DATE_NONE);
	ck_assert_int_eq(cpol_management_iter_next(&m, mi), CPOL_ITEROVER);
	cpol_management_iter_free(mi);

	/* Labels come from the region rules. */
	ck_assert_fails(cpol_person_label_add(NULL, db, rules, p, "vip", D("2024-01-01"), "x"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "code");
	ck_assert_ok(cpol_person_label_add(&label, db, rules, p, "drug_user", D("2024-01-01"), "社区戒毒"));
	ck_assert_fails(cpol_person_label_add(NULL, db, rules, p, "drug_user", D("2024-02-01"), "again"), CPOL_EEXISTS);
	/* Relabelling: end one, set another; both stay, with who and why. */
	ck_assert_ok(cpol_db_set_user(db, "320602"));
	ck_assert_ok(cpol_person_label_end(db, label, D("2024-05-31"), "戒断三年期满"));
	ck_assert_ok(cpol_person_label_add(&label2, db, NULL, p, "key_person", D("2024-06-01"), "列管"));
	ck_assert_ok(cpol_label_iter_new(&li, db, p));
	ck_assert_ok(cpol_label_iter_next(&l, li));
	ck_assert_str_eq(l->code, "drug_user");
	ck_assert_str_eq(l->set_by, "320601");
	ck_assert_str_eq(l->ended_by, "320602");
	ck_assert_str_eq(l->end_reason, "戒断三年期满");
	ck_assert_int_eq(l->valid_to, D("2024-05-31"));
	ck_assert_ok(cpol_label_iter_next(&l, li));
	ck_assert_str_eq(l->code, "key_person");
	ck_assert_int_eq(l->valid_to, CPOL_DATE_NONE);
	cpol_label_iter_free(li);

	/* Archiving keeps the person and closes the open label. */
	ck_assert_ok(cpol_person_end(db, p, D("2024-08-01"), "死亡注销"));
	ck_assert_fails(cpol_person_end(db, p, D("2024-08-01"), "again"), CPOL_ENOTFOUND);
	q.table_name = "label";
	q.row_id = label2;
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2); /* set, then ended by the archive */
	q.table_name = "person";
	q.row_id = p;
	q.actor = "320602";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 1); /* archived by 320602 */
}
END_TEST

/* ----------------------------------------------------------------- queries */

START_TEST(queries_and_paging)
{
	cpol_person_query q = CPOL_PERSON_QUERY_INIT;
	cpol_person_iter *it;
	const cpol_person *p;
	cpol_id a = add_person("110105199003071239", "张伟", 0);
	cpol_id b = add_person("320102198506150022", "张丽", 0);
	cpol_id c = add_person("440524188001010014", "李老", 0);
	cpol_id building;
	int64_t n;
	int count = 0;

	move_in(a, house_a, "temporary", "2024-01-01");
	move_in(b, house_a, "permanent", "2024-01-01");
	move_in(c, house_b, "permanent", "2024-01-01");
	ck_assert_ok(cpol_person_label_add(NULL, db, rules, c, "elderly_alone", D("2024-01-01"), "独居"));

	q.name = "张";
	q.name_prefix = 1;
	ck_assert_ok(cpol_person_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
	q.name = NULL;
	q.name_prefix = 0;
	q.office_id = office;
	ck_assert_ok(cpol_person_count(&n, db, &q));
	ck_assert_int_eq(n, 3);

	/* Keyset paging, two at a time. */
	q.limit = 2;
	ck_assert_ok(cpol_person_iter_new(&it, db, &q));
	while (cpol_person_iter_next(&p, it) == 0) {
		q.after_id = p->id;
		count++;
	}
	cpol_person_iter_free(it);
	ck_assert_int_eq(count, 2);
	ck_assert_int_eq(q.after_id, b);
	ck_assert_ok(cpol_person_iter_new(&it, db, &q));
	ck_assert_ok(cpol_person_iter_next(&p, it));
	ck_assert_int_eq(p->id, c);
	ck_assert_int_eq(cpol_person_iter_next(&p, it), CPOL_ITEROVER);
	cpol_person_iter_free(it);

	/* By address subtree: building 12 holds house A (two persons). */
	q = (cpol_person_query)CPOL_PERSON_QUERY_INIT;
	ck_assert_ok(cpol_address_find(&building, db, community, street, "12"));
	q.address_id = building;
	ck_assert_ok(cpol_person_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
	q.address_id = street;
	ck_assert_ok(cpol_person_count(&n, db, &q));
	ck_assert_int_eq(n, 3);
	q.residence_type = "permanent";
	ck_assert_ok(cpol_person_count(&n, db, &q));
	ck_assert_int_eq(n, 2);

	q = (cpol_person_query)CPOL_PERSON_QUERY_INIT;
	q.label = "elderly_alone";
	ck_assert_ok(cpol_person_iter_new(&it, db, &q));
	ck_assert_ok(cpol_person_iter_next(&p, it));
	ck_assert_str_eq(p->name, "李老");
	ck_assert_int_eq(cpol_person_iter_next(&p, it), CPOL_ITEROVER);
	cpol_person_iter_free(it);

	q = (cpol_person_query)CPOL_PERSON_QUERY_INIT;
	q.id_number = "11010519900307123 9";
	ck_assert_ok(cpol_person_count(&n, db, &q));
	ck_assert_int_eq(n, 0);
	q.id_number = "110105199003071239";
	ck_assert_ok(cpol_person_count(&n, db, &q));
	ck_assert_int_eq(n, 1);
	q = (cpol_person_query)CPOL_PERSON_QUERY_INIT;
	q.house_id = house_a;
	ck_assert_ok(cpol_person_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
}
END_TEST

/* --------------------------------------------------------------- due lists */

/*
 * The owed view of the office on `on` (horizon 30 days), of one kind: how
 * many items, and the first in *first (valid until the next call).
 */
static int due_count(cpol_owed_kind kind, cpol_date on, const cpol_owed_item **first)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	size_t i;

	cpol_owed_list_free(due_list);
	due_list = NULL;
	q.office_id = office;
	q.on = on;
	q.horizon_days = 30;
	q.kinds = 1u << kind;
	ck_assert_ok(cpol_owed_list_get(&due_list, db, rules, &q));
	for (i = 0; i < due_list->count; i++) {
		ck_assert_int_eq(due_list->items[i].kind, kind);
		ck_assert_ptr_nonnull(due_list->items[i].rule_key);
		ck_assert_ptr_nonnull(due_list->items[i].what);
	}
	ck_assert_uint_eq(due_list->by_kind[kind], due_list->count);
	ck_assert_uint_eq(due_list->total, due_list->count);
	if (first)
		*first = due_list->count ? &due_list->items[0] : NULL;
	return (int)due_list->count;
}

START_TEST(due_key_person_assessment_and_talk)
{
	cpol_id p = add_person("110105199003071239", "张伟", office);
	cpol_owed_query o = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *list;
	const cpol_owed_item *item;
	size_t i;
	int assess = 0, talk = 0;

	move_in(p, house_a, "permanent", "2020-01-01");
	/* Key person since 2024-01-15: assessed monthly, talked to quarterly (national.yaml). */
	ck_assert_ok(cpol_person_label_add(NULL, db, rules, p, "key_person", D("2024-01-15"), "列管"));
	ck_assert_ok(cpol_contact_add(NULL, db, CPOL_CONTACT_ASSESSMENT, p, 0, officer, D("2024-05-20"), NULL));

	o.kinds = (1u << CPOL_OWED_ASSESSMENT) | (1u << CPOL_OWED_TALK);
	o.office_id = office;
	o.on = D("2024-06-10");
	ck_assert_ok(cpol_owed_list_get(&list, db, NULL, &o));
	for (i = 0; i < list->count; i++) {
		item = &list->items[i];
		ck_assert_int_eq(item->person_id, p);
		ck_assert_str_eq(item->label, "key_person");
		if (item->kind == CPOL_OWED_ASSESSMENT) {
			/* Assessed in May: June's assessment is owed by June 30, a
			 * Sunday, so by Friday June 28 (period_end_on_holiday). */
			ck_assert_int_eq(item->last_done, D("2024-05-20"));
			ck_assert_int_eq(item->due, D("2024-06-28"));
			ck_assert_int_eq(item->overdue, 0);
			ck_assert_int_eq(item->provisional, 0);
			ck_assert_str_eq(item->rule_key, "population.labels[key_person].assess");
			assess++;
		} else {
			/* Never talked to: the first quarter is owed (labelled Jan 15,
			 * 季谈话 from that day), by March 31, a Sunday: Friday March 29. */
			ck_assert_int_eq(item->last_done, D("2024-01-15"));
			ck_assert_int_eq(item->due, D("2024-03-29"));
			ck_assert_int_eq(item->overdue, 1);
			ck_assert_str_eq(item->rule_key, "population.labels[key_person].talk");
			talk++;
		}
	}
	ck_assert_uint_eq(list->overdue, 1); /* the talk */
	cpol_owed_list_free(list);
	ck_assert_int_eq(assess, 1);
	ck_assert_int_eq(talk, 1);

	/* Assessed on June 3: nothing more this month. */
	ck_assert_ok(cpol_contact_add(NULL, db, CPOL_CONTACT_ASSESSMENT, p, 0, officer, D("2024-06-03"), NULL));
	ck_assert_int_eq(due_count(CPOL_OWED_ASSESSMENT, D("2024-06-10"), NULL), 0);
	/* On July 1 the July assessment is owed again. */
	ck_assert_int_eq(due_count(CPOL_OWED_ASSESSMENT, D("2024-07-01"), NULL), 1);
	/*
	 * Talked to on June 5 (Q2): the Q3 talk is owed from the quarter's
	 * first day, Monday July 1, by Monday September 30 (a working day),
	 * though that is 91 days away, past the 30-day horizon; on June 30 it
	 * is not yet owed (and Q2's is done).
	 */
	ck_assert_ok(cpol_contact_add(NULL, db, CPOL_CONTACT_TALK, p, 0, officer, D("2024-06-05"), NULL));
	ck_assert_int_eq(due_count(CPOL_OWED_TALK, D("2024-06-30"), NULL), 0);
	ck_assert_int_eq(due_count(CPOL_OWED_TALK, D("2024-07-01"), &item), 1);
	ck_assert_int_eq(item->due, D("2024-09-30"));
	ck_assert_int_eq(item->last_done, D("2024-06-05"));
}
END_TEST

START_TEST(due_registration_rental_household)
{
	cpol_id p = add_person("110105199003071239", "张伟", office);
	cpol_id q = add_person("320102198506150022", "周丽", office);
	cpol_rental_new rn = CPOL_RENTAL_NEW_INIT;
	cpol_residence_new r = CPOL_RESIDENCE_NEW_INIT;
	const cpol_owed_item *item;
	cpol_id res;

	/* Temporary since May 20, never registered: the rule gives 30 days, due June 19. */
	move_in(p, house_a, "temporary", "2024-05-20");
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2024-06-01"), &item), 1);
	ck_assert_int_eq(item->due, D("2024-06-19"));
	ck_assert_str_eq(item->rule_key, "population.residence_types[temporary].register_within");
	ck_assert_str_eq(item->rule_file, "poptest.yaml");

	/* A registered tenant whose 居住证 runs out on 2024-06-20: listed within the 30-day horizon. */
	rn.house_id = house_b;
	rn.landlord_name = "周大海";
	rn.registered_on = D("2023-06-01");
	rn.valid_to = D("2024-05-31");
	ck_assert_ok(cpol_rental_register(&r.rental_id, db, &rn));
	r.person_id = q;
	r.house_id = house_b;
	r.type = "temporary";
	r.relation = CPOL_REL_TENANT;
	r.from = D("2023-06-01");
	r.registered_on = D("2023-06-05");
	r.permit_valid_to = D("2024-06-20");
	ck_assert_ok(cpol_person_move_in(&res, db, rules, &r));
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2024-06-01"), NULL), 2);
	ck_assert_ok(cpol_residence_register(db, res, D("2024-06-02"), "JZZ-2", D("2025-06-01")));
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2024-06-03"), NULL), 1);

	/*
	 * The letting's registration runs to May 31 (places.types[rental]): on
	 * May 31 it runs out that day, not overdue; on June 1 it has lapsed.
	 */
	ck_assert_int_eq(due_count(CPOL_OWED_RENTAL, D("2024-05-31"), &item), 1);
	ck_assert_int_eq(item->overdue, 0);
	ck_assert_msg(strstr(item->what, "registration runs out on 2024-05-31") != NULL, "%s", item->what);
	ck_assert_int_eq(due_count(CPOL_OWED_RENTAL, D("2024-06-01"), &item), 1);
	ck_assert_msg(strstr(item->what, "registration lapsed on 2024-05-31") != NULL, "%s", item->what);
	ck_assert_int_eq(item->overdue, 1);
	ck_assert_str_eq(item->rule_key, "places.types[rental].on_file");

	/*
	 * Households: national's visits.household_cadence is `year` (each
	 * household seen within the year; the weekly time of 每周入户访查 is the
	 * officer's quota, not a visit per house). House A is lived in since
	 * May 20 and never visited: owed by Tuesday 2024-12-31, listed from 30
	 * days before (the horizon), not all year. House B, visited on June 3,
	 * is owed again by 2025-12-31.
	 */
	ck_assert_ok(cpol_contact_add(NULL, db, CPOL_CONTACT_HOUSEHOLD, 0, house_b, officer, D("2024-06-03"), NULL));
	ck_assert_int_eq(due_count(CPOL_OWED_HOUSEHOLD, D("2024-06-05"), NULL), 0);
	ck_assert_int_eq(due_count(CPOL_OWED_HOUSEHOLD, D("2024-11-30"), NULL), 0);
	ck_assert_int_eq(due_count(CPOL_OWED_HOUSEHOLD, D("2024-12-01"), &item), 1);
	ck_assert_int_eq(item->house_id, house_a);
	ck_assert_int_eq(item->due, D("2024-12-31"));
	ck_assert_int_eq(item->overdue, 0);
	ck_assert_str_eq(item->rule_key, "visits.household_cadence");
	ck_assert_int_eq(due_count(CPOL_OWED_HOUSEHOLD, D("2025-01-01"), &item), 1);
	ck_assert_int_eq(item->overdue, 1);
	ck_assert_int_eq(due_count(CPOL_OWED_HOUSEHOLD, D("2025-12-01"), NULL), 2);
}
END_TEST

/*
 * Registration deadlines by the one date arithmetic: a permanent resident
 * (3 days) moving in on Tuesday 2026-04-28 is due on May 1, in the May Day
 * holiday (May 1-5): due Wednesday May 6, not overdue on May 6, overdue on
 * May 7.
 */
START_TEST(due_registration_deadlines_by_the_calendar)
{
	cpol_id p = add_person("110105199003071239", "张伟", office);
	const cpol_owed_item *item;

	move_in(p, house_a, "floating", "2026-04-28");
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2026-05-06"), &item), 1);
	ck_assert_int_eq(item->due, D("2026-05-06"));
	ck_assert_int_eq(item->overdue, 0);
	ck_assert_int_eq(item->provisional, 0);
	ck_assert_str_eq(item->rule_key, "population.residence_types[floating].register_within");
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2026-05-07"), &item), 1);
	ck_assert_int_eq(item->overdue, 1);
}
END_TEST

/* A permanent resident whose 户籍 is not on record: one item to verify,
 * never overdue, and no registration item-> */
START_TEST(due_permanent_without_hukou_is_to_verify)
{
	cpol_id p = add_person("110105199003071239", "张伟", office);
	const cpol_owed_item *item;

	move_in(p, house_a, "permanent", "2026-04-28");
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2026-06-01"), NULL), 0);
	ck_assert_int_eq(due_count(CPOL_OWED_VERIFY_REGISTRATION, D("2026-06-01"), &item), 1);
	ck_assert_int_eq(item->overdue, 0);
	ck_assert_int_eq(item->person_id, p);
}
END_TEST

/*
 * A permanent resident living at their own 户籍 address has nothing to
 * register (迁入登记 is for moving in from elsewhere): moving in on
 * Tuesday 2026-04-28, nothing is owed on May 7, the day a registration
 * from elsewhere would be overdue (3 days: May 1, in the May Day holiday,
 * so May 6), and nothing is left to verify either.
 */
START_TEST(due_nothing_for_a_resident_at_their_own_hukou_address)
{
	cpol_id p = add_person("110105199003071239", "张伟", office);
	cpol_house *h = NULL;

	ck_assert_ok(cpol_house_get(&h, db, house_a));
	ck_assert_ok(cpol_person_details_update(db, p, &(cpol_person_details_change){ CPOL_PERSON_DETAILS_CHANGE_VERSION, NULL, NULL, NULL, h->address_id }));
	cpol_house_free(h);
	move_in(p, house_a, "permanent", "2026-04-28");
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2026-05-07"), NULL), 0);
	ck_assert_int_eq(due_count(CPOL_OWED_VERIFY_REGISTRATION, D("2026-05-07"), NULL), 0);
}
END_TEST

/* A foreigner (24 hours) arriving on 2026-09-30 is due on October 1,
 * National Day, and overdue on October 2: hours are not stretched. */
START_TEST(due_foreigner_registration_in_hours)
{
	cpol_id f = add_person("320102198506150022", "Smith", office);
	const cpol_owed_item *item;

	move_in(f, house_b, "foreign", "2026-09-30");
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2026-10-01"), &item), 1);
	ck_assert_int_eq(item->due, D("2026-10-01"));
	ck_assert_int_eq(item->overdue, 0);
	ck_assert_str_eq(item->rule_key, "population.residence_types[foreign].register_within");
	ck_assert_int_eq(due_count(CPOL_OWED_REGISTRATION, D("2026-10-02"), &item), 1);
	ck_assert_int_eq(item->overdue, 1);
}
END_TEST

/* A key person labelled in a year without a notice: the date is provisional. */
START_TEST(due_in_a_computed_year_is_provisional)
{
	cpol_id p = add_person("110105199003071239", "张伟", office);
	const cpol_owed_item *item;

	move_in(p, house_a, "permanent", "2020-01-01");
	ck_assert_ok(cpol_person_label_add(NULL, db, rules, p, "key_person", D("2027-01-13"), "列管"));
	/* January 2027's assessment by Sunday the 31st, which the computed
	 * calendar makes a make-up working day for the Spring Festival (除夕
	 * Friday Feb 5, Feb 5-12 off: one make-up day after, Feb 13, and one
	 * before, Jan 31): so it stays, provisionally */
	ck_assert_int_eq(due_count(CPOL_OWED_ASSESSMENT, D("2027-01-20"), &item), 1);
	ck_assert_int_eq(item->due, D("2027-01-31"));
	ck_assert_int_eq(item->provisional, 1);
}
END_TEST

/* ------------------------------------------------ statistics and 漏管 checks */

START_TEST(stats_and_unmanaged)
{
	cpol_stats_iter *it;
	const cpol_district_stats *s;
	cpol_unmanaged_iter *ui;
	const cpol_unmanaged *u;
	cpol_rental_new rn = CPOL_RENTAL_NEW_INIT;
	cpol_id a = add_person("110105199003071239", "张伟", 0);
	cpol_id b = add_person("320102198506150022", "周丽", 0);
	cpol_id c = add_person("440524188001010014", "李老", office);
	int kinds = 0;

	move_in(a, house_a, "temporary", "2024-01-01");
	move_in(b, house_a, "permanent", "2024-01-01");
	ck_assert_ok(cpol_person_label_add(NULL, db, rules, a, "key_person", D("2024-01-01"), "x"));
	ck_assert_ok(cpol_person_label_add(NULL, db, rules, a, "drug_user", D("2024-01-01"), "x"));
	ck_assert_ok(cpol_person_label_add(NULL, db, rules, a, "released", D("2024-01-01"), "x"));
	rn.house_id = house_b;
	rn.landlord_name = "房东";
	rn.registered_on = D("2024-01-01");
	ck_assert_ok(cpol_rental_register(NULL, db, &rn));

	ck_assert_ok(cpol_stats_iter_new(&it, db, NULL, office, D("2024-06-01")));
	ck_assert_ok(cpol_stats_iter_next(&s, it));
	ck_assert_int_eq(s->district_id, district);
	ck_assert_int_eq(s->residents, 2);
	ck_assert_int_eq(s->permanent, 1);
	ck_assert_int_eq(s->temporary, 1);
	ck_assert_int_eq(s->households, 1);
	ck_assert_int_eq(s->houses, 2);
	ck_assert_int_eq(s->rented, 1);
	ck_assert_int_eq(s->key_persons, 1);
	ck_assert_int_eq(s->help_education, 1); /* drug_user and released: one person */
	ck_assert_int_eq(s->officers, 1);
	/* 2 residents at 3000 per officer (national.yaml staffing.residents_per_officer): 1 needed. */
	ck_assert_int_eq(s->officers_needed, 1);
	ck_assert_int_eq(s->over, 0);
	ck_assert_str_eq(s->rule->key, "staffing.residents_per_officer");
	ck_assert_int_eq(cpol_stats_iter_next(&s, it), CPOL_ITEROVER);
	cpol_stats_iter_free(it);

	/* The officer leaves: the district is over the ratio. */
	ck_assert_ok(cpol_staff_end(db, officer, D("2024-05-31"), "调离"));
	ck_assert_ok(cpol_stats_iter_new(&it, db, rules, 0, D("2024-06-01")));
	ck_assert_ok(cpol_stats_iter_next(&s, it));
	ck_assert_int_eq(s->officers, 0);
	ck_assert_int_eq(s->over, 1);
	cpol_stats_iter_free(it);

	/* 漏管: house B is let with no tenant; 李老 is managed but lives nowhere. */
	ck_assert_ok(cpol_unmanaged_iter_new(&ui, db, office, D("2024-06-01")));
	while (cpol_unmanaged_iter_next(&u, ui) == 0) {
		if (u->kind == CPOL_UNMANAGED_LET_NO_TENANT)
			ck_assert_int_eq(u->house_id, house_b);
		if (u->kind == CPOL_UNMANAGED_NO_RESIDENCE)
			ck_assert_int_eq(u->person_id, c);
		kinds |= 1 << u->kind;
	}
	cpol_unmanaged_iter_free(ui);
	ck_assert_int_eq(kinds, (1 << CPOL_UNMANAGED_LET_NO_TENANT) | (1 << CPOL_UNMANAGED_NO_RESIDENCE));
}
END_TEST

/*
 * The residents-by-type figures follow the residence types of the rules: a
 * region file that adds a type (务工人员) gets a count for it, in the rules'
 * order after national's four; rules that lack a type count its residents
 * as other_type.
 */
START_TEST(stats_follow_the_rules_residence_types)
{
	static const char WORKTOWN[] =
		"region: worktown\n"
		"extends: national\n"
		"population:\n"
		"  residence_types: !extend\n"
		"    - code: migrant_worker\n"
		"      name: 务工人员\n"
		"      register_required: true\n";
	static const char *const codes[5] = { "permanent", "temporary", "floating", "foreign", "migrant_worker" };
	static const int64_t counts[5] = { 1, 1, 0, 0, 2 };
	cpol_residence_new r = CPOL_RESIDENCE_NEW_INIT;
	cpol_rules *worktown = NULL;
	cpol_stats_iter *it;
	const cpol_district_stats *s;
	char *dir = testutil_tmpdir();
	const char *path = testutil_path(dir, "worktown.yaml");
	FILE *fp = fopen(path, "w");
	cpol_id a = add_person("110105199003071239", "张伟", 0);
	cpol_id b = add_person("320102198506150022", "周丽", 0);
	cpol_id c = add_person("440524188001010014", "李老", 0);
	cpol_id d = add_person("11010519491231002X", "王芳", 0);
	size_t i;

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fputs(WORKTOWN, fp) >= 0, 1);
	fclose(fp);
	ck_assert_ok(cpol_rules_load_file(&worktown, path, NULL));
	testutil_rmtree(dir);

	move_in(a, house_a, "permanent", "2024-01-01");
	move_in(b, house_a, "temporary", "2024-01-01");
	r.house_id = house_b;
	r.type = "migrant_worker";
	r.from = D("2024-02-01");
	r.person_id = c;
	/* The national rules do not know the type... */
	ck_assert_fails(cpol_person_move_in(NULL, db, rules, &r), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "type");
	/* ... worktown's do. */
	ck_assert_ok(cpol_person_move_in(NULL, db, worktown, &r));
	r.person_id = d;
	ck_assert_ok(cpol_person_move_in(NULL, db, worktown, &r));

	ck_assert_ok(cpol_stats_iter_new(&it, db, worktown, office, D("2024-06-01")));
	ck_assert_ok(cpol_stats_iter_next(&s, it));
	ck_assert_int_eq(s->residents, 4);
	ck_assert_uint_eq(s->by_type_count, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_str_eq(s->by_type[i].code, codes[i]);
		ck_assert_int_eq(s->by_type[i].count, counts[i]);
	}
	ck_assert_str_eq(s->by_type[4].name, "务工人员");
	ck_assert_str_eq(s->by_type[4].ref->key, "population.residence_types[migrant_worker]");
	ck_assert_ptr_nonnull(strstr(s->by_type[4].ref->file, "worktown.yaml"));
	ck_assert_str_eq(s->by_type[0].name, "常住人口");
	ck_assert_int_eq(s->other_type, 0);
	/* The national codes' own fields stay what they were. */
	ck_assert_int_eq(s->permanent, 1);
	ck_assert_int_eq(s->temporary, 1);
	ck_assert_int_eq(s->foreign, 0);
	cpol_stats_iter_free(it);

	/* The office's own region (national) has four types: the two workers are "other". */
	ck_assert_ok(cpol_stats_iter_new(&it, db, NULL, office, D("2024-06-01")));
	ck_assert_ok(cpol_stats_iter_next(&s, it));
	ck_assert_uint_eq(s->by_type_count, 4);
	ck_assert_int_eq(s->by_type[0].count, 1);
	ck_assert_int_eq(s->by_type[1].count, 1);
	ck_assert_int_eq(s->other_type, 2);
	ck_assert_int_eq(s->residents, 4);
	cpol_stats_iter_free(it);
	cpol_rules_free(worktown);
}
END_TEST

#include "test_population.list"

int main(void)
{
	return testutil_main_list("population", setup, teardown, testutil_tests());
}

/*
 * libcommpolice — population: ID numbers, persons, residence periods,
 * labels, transfers, contacts and person queries. Due lists and statistics
 * are in population_due.c.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "org_internal.h"
#include "address_internal.h"
#include "population_internal.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ ID numbers */

/* ISO 7064 MOD 11-2 as GB 11643-1999 applies it: weight of position i is 2^(17-i) mod 11. */
static const int id_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
/* Check character for each remainder of the weighted sum mod 11. */
static const char id_checks[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

char cpol_idnum_check_char(const char *d)
{
	int i, sum = 0;

	if (!d)
		return 0;
	for (i = 0; i < 17; i++) {
		if (d[i] < '0' || d[i] > '9')
			return 0;
		sum += (d[i] - '0') * id_weights[i];
	}
	return id_checks[sum % 11];
}

/* Province-level codes of GB/T 2260, plus 81/82/83 (HK, Macao, Taiwan residence permits). */
static int province_ok(int p)
{
	static const int provinces[] = {
		11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
		41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83
	};
	size_t i;
	for (i = 0; i < CPOL__ARRAY_SIZE(provinces); i++)
		if (provinces[i] == p)
			return 1;
	return 0;
}

int cpol_idnum_parse(cpol_idnum *out, const char *text, unsigned int flags, cpol_date today)
{
	cpol_idnum r;
	char num[19], date[9];
	const char *s, *e;
	size_t len, i;
	int y, m, d, ty;
	char check;

	memset(&r, 0, sizeof(r));
	if (out)
		memset(out, 0, sizeof(*out));
	if (!text)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "id_number", "ID number is missing");
	for (s = text; *s == ' ' || *s == '\t'; s++)
		;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	len = (size_t)(e - s);
	if (len == 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "id_number", "ID number is empty");
	if (len != 18 && len != 15) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", len);
		/* Count characters, not bytes, for the message: a full-width digit is 3 bytes. */
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "id_number",
		                          "ID number '%s' has %s bytes; it must have 18 characters (or 15 for an old number)",
		                          len < 64 ? text : "(too long)", n);
	}
	if (len == 15 && !(flags & CPOL_IDNUM_ACCEPT_15))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "id_number",
		                          "ID number '%s' has 15 digits; the rules accept only 18-character numbers", text);
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			continue;
		if (i == 17 && (c == 'X' || (c == 'x' && (flags & CPOL_IDNUM_ACCEPT_LOWER_X))))
			continue;
		{
			char pos[24], ch[2] = { c, 0 };
			snprintf(pos, sizeof(pos), "%zu", i + 1);
			if (i == 17 && c == 'x')
				return cpol__error_set_at(CPOL_EINVAL, NULL, 0, (int)i + 1, "id_number",
				                          "ID number: lowercase 'x' check character is not accepted by the rules");
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, (int)i + 1, "id_number",
			                          "ID number: character %s ('%s') must be a digit%s", pos,
			                          (unsigned char)c < 0x80 ? ch : "non-ASCII", i == 17 ? " or X" : "");
		}
	}
	/* Region code: 6 digits whose first two are a province. */
	if (!province_ok((s[0] - '0') * 10 + (s[1] - '0'))) {
		char code[7];
		memcpy(code, s, 6);
		code[6] = '\0';
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 1, "id_number",
		                          "ID number: region code %s does not start with a province code", code);
	}
	if (len == 18) {
		memcpy(num, s, 18);
		num[18] = '\0';
		if (num[17] == 'x')
			num[17] = 'X';
		memcpy(date, s + 6, 8);
	} else {
		/* 15 digits: region(6) YYMMDD(6) sequence(3); born 19YY. */
		memcpy(num, s, 6);
		num[6] = '1';
		num[7] = '9';
		memcpy(num + 8, s + 6, 9);
		num[17] = cpol_idnum_check_char(num);
		num[18] = '\0';
		memcpy(date, num + 6, 8);
		memcpy(r.original, s, 15);
		r.original[15] = '\0';
		r.upgraded = 1;
	}
	date[8] = '\0';
	y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	m = (date[4] - '0') * 10 + (date[5] - '0');
	d = (date[6] - '0') * 10 + (date[7] - '0');
	if (cpol_date_from_ymd(&r.birth_date, y, m, d) < 0) {
		char iso[40];
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, d);
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 7, "id_number",
		                          "ID number: birth date %s does not exist", iso);
	}
	if (today != CPOL_DATE_NONE) {
		char iso[CPOL_DATE_BUFSZ];
		cpol_date_split(&ty, NULL, NULL, today);
		if (r.birth_date > today)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 7, "id_number",
			                          "ID number: birth date %s is in the future",
			                          cpol_date_format(iso, r.birth_date));
		if (y < ty - 150)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 7, "id_number",
			                          "ID number: birth year %d is more than 150 years ago", y);
	}
	check = cpol_idnum_check_char(num);
	if (len == 18 && !(flags & CPOL_IDNUM_NO_CHECK_CHAR) && num[17] != check)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 18, "id_number",
		                          "ID number %s: check character is '%c' but ISO 7064 MOD 11-2 gives '%c'",
		                          num, num[17], check);
	memcpy(r.number, num, 19);
	memcpy(r.region, num, 6);
	r.region[6] = '\0';
	r.sex = ((num[16] - '0') % 2) ? CPOL_SEX_MALE : CPOL_SEX_FEMALE;
	if (out)
		*out = r;
	return 0;
}

static int code_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

int cpol_idnum_region_known(const char *region)
{
	int32_t code = 0;
	int i;

	if (!region)
		return 0;
	for (i = 0; i < 6; i++) {
		if (region[i] < '0' || region[i] > '9')
			return 0;
		code = code * 10 + (region[i] - '0');
	}
	return bsearch(&code, cpol__gbt2260_codes, cpol__gbt2260_count, sizeof(int32_t), code_cmp) != NULL;
}

unsigned int cpol_idnum_flags_for(const cpol_rules *rules)
{
	const cpol_rules_population *pop;
	unsigned int flags = CPOL_IDNUM_DEFAULT;

	if (!rules)
		return flags;
	pop = cpol_rules_get_population(rules);
	if (CPOL_RULE_IS_SET(pop->id_number.accept_15_digit))
		flags = pop->id_number.accept_15_digit.value ? flags | CPOL_IDNUM_ACCEPT_15
		                                             : flags & ~(unsigned int)CPOL_IDNUM_ACCEPT_15;
	if (CPOL_RULE_IS_SET(pop->id_number.accept_lowercase_x))
		flags = pop->id_number.accept_lowercase_x.value ? flags | CPOL_IDNUM_ACCEPT_LOWER_X
		                                                : flags & ~(unsigned int)CPOL_IDNUM_ACCEPT_LOWER_X;
	if (CPOL_RULE_IS_SET(pop->id_number.require_check_char) && !pop->id_number.require_check_char.value)
		flags |= CPOL_IDNUM_NO_CHECK_CHAR;
	return flags;
}

/* ------------------------------------------------------------- names */

static const char *const sex_words[] = { "unknown", "male", "female" };
static const char *const sex_zh[] = { "未知", "男", "女" };

const char *cpol__sex_name(cpol_sex sex)
{
	return sex >= CPOL_SEX_UNKNOWN && sex <= CPOL_SEX_FEMALE ? sex_words[sex] : NULL;
}

int cpol__sex_parse(const char *text, cpol_sex *out)
{
	int i;
	for (i = 0; i <= CPOL_SEX_FEMALE; i++)
		if (strcmp(text, sex_words[i]) == 0 || strcmp(text, sex_zh[i]) == 0) {
			*out = (cpol_sex)i;
			return 0;
		}
	/* GB/T 2261.1 digits: 0 unknown, 1 male, 2 female, 9 unspecified. */
	if (text[0] && !text[1] && (text[0] == '0' || text[0] == '1' || text[0] == '2' || text[0] == '9')) {
		*out = text[0] == '9' ? CPOL_SEX_UNKNOWN : (cpol_sex)(text[0] - '0');
		return 0;
	}
	return CPOL_EINVAL;
}

static const char *const rel_words[] = { NULL, "owner", "family", "tenant", "other" };
static const char *const rel_zh[] = { NULL, "房主", "家庭成员", "租住", "其他" };

const char *cpol__relation_name(cpol_relation rel)
{
	return rel >= CPOL_REL_OWNER && rel <= CPOL_REL_OTHER ? rel_words[rel] : NULL;
}

int cpol__relation_parse(const char *text, cpol_relation *out)
{
	int i;
	for (i = 1; i <= CPOL_REL_OTHER; i++)
		if (strcmp(text, rel_words[i]) == 0 || strcmp(text, rel_zh[i]) == 0) {
			*out = (cpol_relation)i;
			return 0;
		}
	return CPOL_EINVAL;
}

/* --------------------------------------------------------------- persons */

int cpol_person_new_init(cpol_person_new *spec, unsigned int version)
{
	static const cpol_person_new init = CPOL_PERSON_NEW_INIT;
	if (!spec || version != CPOL_PERSON_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_person_new version %u", version);
	*spec = init;
	return 0;
}

static int nationality_ok(const char *n)
{
	return n && strlen(n) == 3 && n[0] >= 'A' && n[0] <= 'Z' && n[1] >= 'A' && n[1] <= 'Z' &&
	       n[2] >= 'A' && n[2] <= 'Z';
}

static const char PERSON_INSERT_SQL[] =
	"INSERT INTO person (id_kind, id_number, id_number_old, nationality, name, sex, birth_date, phone, hukou,"
	" hukou_address_id, office_id, office_since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

int cpol__person_insert(cpol_db *db, const cpol_person_new *spec, unsigned int flags, cpol_date today,
                        const cpol_idnum *parsed, cpol_id *out)
{
	cpol__stmt *st;
	cpol_idnum idn;
	char passport[40];
	const char *number, *old = NULL, *nationality;
	cpol_sex sex = spec->sex;
	cpol_date birth = spec->birth_date;
	char b1[CPOL_DATE_BUFSZ], b2[CPOL_DATE_BUFSZ];
	cpol__value v[14];
	int k, rc;

	if ((rc = cpol__org_require_text(spec->name, "name", "person")) < 0)
		return rc;
	if ((int)spec->sex < CPOL_SEX_UNKNOWN || (int)spec->sex > CPOL_SEX_FEMALE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "sex", "person: unknown sex code %d", (int)spec->sex);
	if (spec->id_kind == CPOL_IDKIND_RESIDENT) {
		char a[CPOL_DATE_BUFSZ], b[CPOL_DATE_BUFSZ];

		if (parsed)
			idn = *parsed;
		else if ((rc = cpol_idnum_parse(&idn, spec->id_number, flags, today)) < 0)
			return rc;
		if (spec->sex != CPOL_SEX_UNKNOWN && (int)spec->sex != idn.sex)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "sex",
			                          "person %s: sex entered as %s but the ID number says %s "
			                          "(its 17th character %c is %s)", idn.number, sex_zh[spec->sex],
			                          sex_zh[idn.sex], idn.number[16], idn.sex == CPOL_SEX_MALE ? "odd" : "even");
		if (spec->birth_date != CPOL_DATE_NONE && spec->birth_date != idn.birth_date)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "birth_date",
			                          "person %s: birth date entered as %s but the ID number says %s",
			                          idn.number, cpol_date_format(a, spec->birth_date),
			                          cpol_date_format(b, idn.birth_date));
		number = idn.number;
		old = idn.upgraded ? idn.original : NULL;
		sex = idn.sex;
		birth = idn.birth_date;
		nationality = spec->nationality && *spec->nationality ? spec->nationality : "CHN";
	} else if (spec->id_kind == CPOL_IDKIND_PASSPORT) {
		size_t i, n;
		if ((rc = cpol__org_require_text(spec->id_number, "id_number", "person")) < 0)
			return rc;
		n = strlen(spec->id_number);
		if (n > 20)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "id_number",
			                          "person: a passport number has at most 20 characters");
		for (i = 0; i < n; i++) {
			char c = spec->id_number[i];
			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
				return cpol__error_set_at(CPOL_EINVAL, NULL, 0, (int)i + 1, "id_number",
				                          "person: a passport number has only letters and digits");
			passport[i] = c;
		}
		passport[n] = '\0';
		number = passport;
		if (!nationality_ok(spec->nationality))
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "nationality",
			                          "person: a passport holder needs a nationality (ISO 3166 alpha-3, e.g. \"USA\")");
		nationality = spec->nationality;
		if (spec->sex == CPOL_SEX_UNKNOWN)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "sex", "person: sex is required with a passport");
		if ((rc = cpol__org_require_date(spec->birth_date, "birth_date", "person")) < 0)
			return rc;
	} else {
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "id_kind", "person: unknown id_kind %d",
		                          (int)spec->id_kind);
	}
	if (!db)
		return 0; /* cpol__person_check(): everything but the write */
	/* The row as written, in the table's column order (002_population.sql): bound from, and told to an import. */
	v[1] = cpol__v_text(spec->id_kind == CPOL_IDKIND_RESIDENT ? "resident" : "passport");
	v[2] = cpol__v_text(number);
	v[3] = cpol__v_text_opt(old);
	v[4] = cpol__v_text(nationality);
	v[5] = cpol__v_text(spec->name);
	v[6] = cpol__v_text(sex_words[sex]);
	v[7] = cpol__v_date(b1, birth);
	v[8] = cpol__v_text_opt(spec->phone);
	v[9] = cpol__v_text_opt(spec->hukou);
	v[10] = spec->hukou_address_id ? cpol__v_int(spec->hukou_address_id) : cpol__v_null();
	v[11] = spec->office_id ? cpol__v_int(spec->office_id) : cpol__v_null();
	v[12] = spec->office_id ? cpol__v_date(b2, spec->office_since != CPOL_DATE_NONE ? spec->office_since : today)
	                        : cpol__v_null();
	v[13] = cpol__v_null(); /* archived_at */
	if ((rc = cpol__db_stmt_bind_all(db, &st, PERSON_INSERT_SQL)) < 0)
		return rc;
	for (k = 1; k <= 12; k++) /* parameter ?k is column k */
		cpol__bind_value(st, k, &v[k]);
	if ((rc = cpol__db_bind_failed(st)) < 0)
		return rc;
	rc = cpol__st_step(st);
	cpol__st_reset(st);
	if (rc == CPOL__CONSTRAINT_UNIQUE)
		return cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, "id_number",
		                          "a live person with ID number %s exists", number);
	if (rc == CPOL__CONSTRAINT_FOREIGNKEY)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0,
		                          spec->hukou_address_id ? "hukou_address_id" : "office_id",
		                          "person %s: the office or 户籍 address does not exist", number);
	if (rc != CPOL__DONE)
		return cpol__db_error(db, rc, "adding a person");
	*out = cpol__db_last_id(db);
	v[0] = cpol__v_int(*out);
	cpol__db_row_written(db, "person", *out, v, 14);
	return 0;
}

int cpol__person_check(const cpol_person_new *spec, unsigned int flags, cpol_date today, const cpol_idnum *parsed)
{
	cpol_id unused;
	return cpol__person_insert(NULL, spec, flags, today, parsed, &unused);
}

int cpol_person_add(cpol_id *out, cpol_db *db, const cpol_rules *rules, const cpol_person_new *spec)
{
	cpol_rules *loaded = NULL;
	cpol_id id = 0;
	int rc;

	if (!spec || spec->version != CPOL_PERSON_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "person: unknown cpol_person_new version");
	if (spec->office_id) {
		if ((rc = cpol__org_check_live(db, CPOL_ORG_OFFICE, spec->office_id, "office_id")) < 0)
			return rc;
		if (!rules) {
			if ((rc = cpol__org_office_rules(&loaded, db, spec->office_id)) < 0)
				return rc;
			rules = loaded;
		}
	}
	if ((rc = cpol_db_begin(db)) == 0) {
		rc = cpol__person_insert(db, spec, cpol_idnum_flags_for(rules), cpol__org_today(db), NULL, &id);
		rc = cpol__db_finish(db, rc);
	}
	cpol_rules_free(loaded);
	if (rc == 0 && out)
		*out = id;
	return rc;
}

static const char PERSON_FIND_SQL[] =
	"SELECT id FROM person WHERE id_number = ?1 AND archived_at IS NULL ORDER BY id_kind DESC LIMIT 2";
static const char PERSON_FIND_PASSPORT_SQL[] =
	"SELECT id FROM person WHERE id_number = ?1 AND id_kind = 'passport' AND nationality = ?2"
	" AND archived_at IS NULL";

int cpol_person_find(cpol_id *out, cpol_db *db, const char *id_number)
{
	cpol__stmt *st;
	cpol_idnum idn;
	const char *colon;
	int rc, n = 0;

	*out = 0;
	if ((rc = cpol__org_require_text(id_number, "id_number", "cpol_person_find")) < 0)
		return rc;
	colon = strchr(id_number, ':');
	if (colon && colon - id_number == 3) {
		char nat[4];
		memcpy(nat, id_number, 3);
		nat[3] = '\0';
		if ((rc = cpol__db_stmt(db, &st, PERSON_FIND_PASSPORT_SQL)) < 0)
			return rc;
		cpol__bind_text(st, 1, colon + 1);
		cpol__bind_text(st, 2, nat);
	} else {
		if ((rc = cpol__db_stmt(db, &st, PERSON_FIND_SQL)) < 0)
			return rc;
		/* Upgrade a 15-digit number (and a lowercase x) to the form stored. */
		if (cpol_idnum_parse(&idn, id_number, CPOL_IDNUM_DEFAULT | CPOL_IDNUM_NO_CHECK_CHAR, CPOL_DATE_NONE) == 0)
			cpol__bind_text(st, 1, idn.number);
		else
			cpol__bind_text(st, 1, id_number);
	}
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		*out = cpol__st_column_int64(st, 0);
		n++;
	}
	cpol__st_reset(st);
	cpol_error_clear();
	if (rc != CPOL__DONE)
		return cpol__db_error(db, rc, "finding a person");
	if (n == 0)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "id_number", "no live person with ID number %s",
		                          id_number);
	if (n > 1) {
		*out = 0;
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "id_number",
		                          "several passports have number %s: give it as NAT:NUMBER", id_number);
	}
	return 0;
}

#define PERSON_COLUMNS \
	"SELECT p.id, p.id_kind, p.id_number, p.id_number_old, p.nationality, p.name, p.sex, p.birth_date," \
	" p.phone, p.hukou, ifnull(p.hukou_address_id, 0), ifnull(p.office_id, 0), p.office_since," \
	" ifnull(r.id, 0), ifnull(r.house_id, 0), r.type," \
	" (r.id IS NOT NULL AND p.hukou_address_id IS NOT NULL AND p.hukou_address_id <> h.address_id)," \
	" p.archived_at"
#define PERSON_OPEN_RESIDENCE \
	" LEFT JOIN residence r ON r.person_id = p.id AND r.valid_to IS NULL AND r.archived_at IS NULL" \
	" LEFT JOIN house h ON h.id = r.house_id"

static const char PERSON_GET_SQL[] = PERSON_COLUMNS " FROM person p" PERSON_OPEN_RESIDENCE " WHERE p.id = ?1";

/* The SELECT list of the person's description (lib/record.c). */
const char cpol__person_columns[] = PERSON_COLUMNS;

/* Reads the current row of a PERSON_COLUMNS statement; text points into the row. */
static void read_person(cpol_person *p, cpol__stmt *st)
{
	cpol__record_decode(cpol__record_desc_of(CPOL_RECORD_PERSON), p, st, 0, NULL);
}

int cpol_person_get(cpol_person **out, cpol_db *db, cpol_id person_id)
{
	cpol__stmt *st;
	cpol_person p;
	int rc;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, PERSON_GET_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, person_id);
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW) {
		cpol__st_reset(st);
		return rc == CPOL__DONE ? cpol__error_set(CPOL_ENOTFOUND, "no person with id %lld", (long long)person_id)
		                         : cpol__db_error(db, rc, "reading a person");
	}
	read_person(&p, st);
	*out = cpol__record_pack(cpol__record_desc_of(CPOL_RECORD_PERSON), &p);
	cpol__st_reset(st);
	return *out ? 0 : CPOL_ENOMEM;
}

void cpol_person_free(cpol_person *person)
{
	free(person);
}

static const char PERSON_LIVE_SQL[] =
	"SELECT ifnull(office_id, 0), office_since FROM person WHERE id = ?1 AND archived_at IS NULL";

/* The person must be live; returns their office and since when. */
static int person_live(cpol_db *db, cpol_id person_id, cpol_id *office_id, cpol_date *since)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, PERSON_LIVE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, person_id);
	rc = cpol__st_step(st);
	if (rc == CPOL__ROW) {
		if (office_id)
			*office_id = cpol__st_column_int64(st, 0);
		if (since)
			*since = cpol__column_date(st, 1);
	}
	cpol__st_reset(st);
	if (rc == CPOL__ROW)
		return 0;
	if (rc == CPOL__DONE)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "person_id", "no live person with id %lld",
		                          (long long)person_id);
	return cpol__db_error(db, rc, "reading a person");
}

static const char PERSON_UPDATE_SQL[] =
	"UPDATE person SET name = ifnull(?2, name),"
	" phone = CASE WHEN ?3 IS NULL THEN phone WHEN ?3 = '' THEN NULL ELSE ?3 END,"
	" hukou = CASE WHEN ?4 IS NULL THEN hukou WHEN ?4 = '' THEN NULL ELSE ?4 END,"
	" hukou_address_id = CASE WHEN ?5 < 0 THEN hukou_address_id WHEN ?5 = 0 THEN NULL ELSE ?5 END"
	" WHERE id = ?1";

CPOL__DEFINE_INIT(cpol_person_details_change_init, cpol_person_details_change,
                  CPOL_PERSON_DETAILS_CHANGE_INIT, CPOL_PERSON_DETAILS_CHANGE_VERSION)

int cpol_person_details_update(cpol_db *db, cpol_id person_id, const cpol_person_details_change *change)
{
	const char *name, *phone, *hukou;
	cpol_id hukou_address_id;
	cpol__stmt *st;
	int rc;

	if (!db || !change)
		return cpol__error_set(CPOL_EINVAL, "cpol_person_details_update: db and change are required");
	if ((rc = cpol__check_version(change->version, CPOL_PERSON_DETAILS_CHANGE_VERSION,
	                              "cpol_person_details_change")) < 0)
		return rc;
	name = change->name;
	phone = change->phone;
	hukou = change->hukou;
	hukou_address_id = change->hukou_address_id;
	if (name && !*name)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "name", "person: a name cannot be cleared");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = person_live(db, person_id, NULL, NULL)) < 0 || (rc = cpol__db_stmt(db, &st, PERSON_UPDATE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, person_id);
	if (name)
		cpol__bind_text(st, 2, name);
	if (phone)
		cpol__bind_text(st, 3, phone);
	if (hukou)
		cpol__bind_text(st, 4, hukou);
	cpol__st_bind_int64(st, 5, hukou_address_id);
	rc = cpol__org_step(db, st, "changing a person", "hukou_address_id");
done:
	return cpol__db_finish(db, rc);
}

static const char MANAGEMENT_INSERT_SQL[] =
	"INSERT INTO management (person_id, office_id, valid_from, valid_to, reason) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char PERSON_OFFICE_SQL[] = "UPDATE person SET office_id = ?2, office_since = ?3 WHERE id = ?1";

/* Close the current management period on from - 1 and open one at office (0: none) from `from`. */
static int transfer(cpol_db *db, cpol_id person_id, cpol_id old_office, cpol_date old_since, cpol_id office_id,
                    cpol_date from, const char *reason)
{
	cpol__stmt *st;
	int rc;

	if (old_office || old_since != CPOL_DATE_NONE) {
		if ((rc = cpol__db_stmt(db, &st, MANAGEMENT_INSERT_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, person_id);
		if (old_office)
			cpol__st_bind_int64(st, 2, old_office);
		else
			cpol__st_bind_null(st, 2);
		cpol__bind_date_opt(st, 3, old_since);
		cpol__bind_date(st, 4, from - 1);
		cpol__bind_text(st, 5, reason);
		if ((rc = cpol__org_step(db, st, "closing a management period", NULL)) < 0)
			return rc;
	}
	if ((rc = cpol__db_stmt(db, &st, PERSON_OFFICE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, person_id);
	if (office_id)
		cpol__st_bind_int64(st, 2, office_id);
	else
		cpol__st_bind_null(st, 2);
	cpol__bind_date(st, 3, from);
	return cpol__org_step(db, st, "transferring a person", "office_id");
}

int cpol_person_transfer(cpol_db *db, cpol_id person_id, cpol_id office_id, cpol_date from, const char *reason)
{
	cpol_id old_office = 0;
	cpol_date since = CPOL_DATE_NONE;
	int rc;

	if ((rc = cpol__org_require_date(from, "from", "transfer")) < 0 ||
	    (rc = cpol__org_require_text(reason, "reason", "transfer")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = person_live(db, person_id, &old_office, &since)) < 0)
		goto done;
	if (office_id && (rc = cpol__org_check_live(db, CPOL_ORG_OFFICE, office_id, "office_id")) < 0)
		goto done;
	if (office_id == old_office) {
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "office_id",
		                        "transfer: person %lld is already managed by that office", (long long)person_id);
		goto done;
	}
	if (since != CPOL_DATE_NONE && from <= since) {
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "from",
		                        "transfer: must be after the current management began");
		goto done;
	}
	rc = transfer(db, person_id, old_office, since, office_id, from, reason);
done:
	return cpol__db_finish(db, rc);
}

struct cpol_management_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_management rec;
};

static const char MANAGEMENT_LIST_SQL[] =
	"SELECT * FROM (SELECT person_id, ifnull(office_id, 0) AS office, valid_from, valid_to AS until, reason"
	" FROM management WHERE person_id = ?1 AND archived_at IS NULL"
	" UNION ALL SELECT id, ifnull(office_id, 0), office_since, NULL, NULL FROM person WHERE id = ?1)"
	" ORDER BY until IS NULL, until";

int cpol_management_iter_new(cpol_management_iter **out, cpol_db *db, cpol_id person_id)
{
	cpol_management_iter *it;
	int rc;

	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	rc = cpol__db_prepare(db, &it->stmt, MANAGEMENT_LIST_SQL);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "listing management periods");
		free(it);
		return rc;
	}
	cpol__st_bind_int64(it->stmt, 1, person_id);
	*out = it;
	return 0;
}

int cpol_management_iter_next(const cpol_management **out, cpol_management_iter *it)
{
	int rc = cpol__st_step(it->stmt);

	*out = NULL;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	if (rc != CPOL__ROW)
		return cpol__db_error(it->db, rc, "listing management periods");
	it->rec.person_id = cpol__st_column_int64(it->stmt, 0);
	it->rec.office_id = cpol__st_column_int64(it->stmt, 1);
	it->rec.valid_from = cpol__column_date(it->stmt, 2);
	it->rec.valid_to = cpol__column_date(it->stmt, 3);
	it->rec.reason = (const char *)cpol__st_column_text(it->stmt, 4);
	*out = &it->rec;
	return 0;
}

void cpol_management_iter_free(cpol_management_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}

/* ------------------------------------------------------------ residences */

int cpol_residence_new_init(cpol_residence_new *spec, unsigned int version)
{
	static const cpol_residence_new init = CPOL_RESIDENCE_NEW_INIT;
	if (!spec || version != CPOL_RESIDENCE_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_residence_new version %u", version);
	*spec = init;
	return 0;
}

int cpol__residence_type_ok(const cpol_rules *rules, const char *type)
{
	static const char *const builtin[] = { "permanent", "temporary", "floating", "foreign" };
	const cpol_rules_residence_type *rt;
	size_t i;

	if (rules) {
		if (cpol_rules_find_residence_type(&rt, rules, type) == 0)
			return 0;
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "type",
		                          "residence type '%s' is not in the rules of region %s", type,
		                          cpol_rules_region(rules));
	}
	for (i = 0; i < CPOL__ARRAY_SIZE(builtin); i++)
		if (strcmp(type, builtin[i]) == 0)
			return 0;
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "type",
	                          "residence type '%s' is not one of permanent, temporary, floating, foreign", type);
}

static const char RES_OPEN_SQL[] =
	"SELECT id, valid_from FROM residence WHERE person_id = ?1 AND valid_to IS NULL AND archived_at IS NULL";
static const char RES_CLOSE_SQL[] = "UPDATE residence SET valid_to = ?2, reason_out = ?3 WHERE id = ?1";
static const char RES_INSERT_SQL[] =
	"INSERT INTO residence (person_id, house_id, type, relation, rental_id, valid_from, registered_on,"
	" permit_no, permit_valid_to, reason_in) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char RENTAL_OF_HOUSE_SQL[] =
	"SELECT house_id FROM rental WHERE id = ?1 AND ended_on IS NULL AND archived_at IS NULL";

static int open_residence(cpol_db *db, cpol_id person_id, cpol_id *id, cpol_date *from)
{
	cpol__stmt *st;
	int rc;

	*id = 0;
	if ((rc = cpol__db_stmt(db, &st, RES_OPEN_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, person_id);
	rc = cpol__st_step(st);
	if (rc == CPOL__ROW) {
		*id = cpol__st_column_int64(st, 0);
		*from = cpol__column_date(st, 1);
	}
	cpol__st_reset(st);
	return rc == CPOL__ROW || rc == CPOL__DONE ? 0 : cpol__db_error(db, rc, "reading residence");
}

static int close_residence(cpol_db *db, cpol_id id, cpol_date to, const char *reason)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, RES_CLOSE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	cpol__bind_date(st, 2, to);
	cpol__bind_text_opt(st, 3, reason);
	return cpol__org_step(db, st, "closing a residence", NULL);
}

int cpol__residence_open(cpol_db *db, const cpol_rules *rules, const cpol_residence_new *spec, int fresh,
                         cpol_id *out)
{
	cpol__stmt *st;
	cpol_id community = 0, open_id = 0, office = 0;
	cpol_date open_from = CPOL_DATE_NONE, since = CPOL_DATE_NONE;
	char b1[CPOL_DATE_BUFSZ], b2[CPOL_DATE_BUFSZ], b3[CPOL_DATE_BUFSZ];
	cpol__value v[14];
	int k, rc;

	if ((rc = cpol__org_require_text(spec->type, "type", "residence")) < 0 ||
	    (rc = cpol__org_require_date(spec->from, "from", "residence")) < 0 ||
	    (rc = cpol__residence_type_ok(rules, spec->type)) < 0)
		return rc;
	if (!cpol__relation_name(spec->relation))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "relation", "residence: unknown relation %d",
		                          (int)spec->relation);
	if (spec->registered_on != CPOL_DATE_NONE && spec->permit_valid_to != CPOL_DATE_NONE &&
	    spec->permit_valid_to < spec->registered_on)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "permit_valid_to",
		                          "residence: the permit runs out before it was registered");
	if (!fresh && (rc = person_live(db, spec->person_id, &office, &since)) < 0)
		return rc;
	/* fresh == 2: the caller has just found or made the house (the bulk import). */
	if (fresh != 2 && (rc = cpol__house_community(db, spec->house_id, &community, "house_id")) < 0)
		return rc;
	if (spec->rental_id) {
		int64_t rh = 0;
		if ((rc = cpol__db_stmt(db, &st, RENTAL_OF_HOUSE_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, spec->rental_id);
		if ((rc = cpol__org_query_id(db, st, &rh, "")) < 0 || rh != spec->house_id)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "rental_id",
			                          "residence: rental %lld is not an open letting of house %lld",
			                          (long long)spec->rental_id, (long long)spec->house_id);
	}
	if (!fresh) {
		if ((rc = open_residence(db, spec->person_id, &open_id, &open_from)) < 0)
			return rc;
		if (open_id) {
			if (spec->from <= open_from)
				return cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "from",
				                          "person %lld lives elsewhere since a day on or after this one",
				                          (long long)spec->person_id);
			if ((rc = close_residence(db, open_id, spec->from - 1, "moved")) < 0)
				return rc;
		}
	}
	/* The row as written, in the table's column order (002_population.sql): bound from, and told to an import. */
	v[1] = cpol__v_int(spec->person_id);
	v[2] = cpol__v_int(spec->house_id);
	v[3] = cpol__v_text(spec->type);
	v[4] = cpol__v_text(cpol__relation_name(spec->relation));
	v[5] = spec->rental_id ? cpol__v_int(spec->rental_id) : cpol__v_null();
	v[6] = cpol__v_date(b1, spec->from);
	v[7] = cpol__v_null(); /* valid_to */
	v[8] = cpol__v_date(b2, spec->registered_on);
	v[9] = cpol__v_text_opt(spec->permit_no);
	v[10] = cpol__v_date(b3, spec->permit_valid_to);
	v[11] = cpol__v_text_opt(spec->reason);
	v[12] = cpol__v_null(); /* reason_out */
	v[13] = cpol__v_null(); /* archived_at */
	if ((rc = cpol__db_stmt_bind_all(db, &st, RES_INSERT_SQL)) < 0)
		return rc;
	for (k = 1; k <= 10; k++) /* ?1..?6 are columns 1..6, ?7..?10 columns 8..11 (valid_to is not given) */
		cpol__bind_value(st, k, &v[k < 7 ? k : k + 1]);
	if ((rc = cpol__org_step(db, st, "opening a residence", "person_id")) < 0)
		return rc;
	*out = cpol__db_last_id(db);
	v[0] = cpol__v_int(*out);
	cpol__db_row_written(db, "residence", *out, v, 14);
	/* A person nobody manages yet is managed by the office covering the house. */
	if (!fresh && !office) {
		cpol_id new_office = 0;
		if (cpol__org_cover(db, community, spec->from, NULL, &new_office) == 0)
			rc = transfer(db, spec->person_id, 0, since, new_office, spec->from, "moved in");
		else
			cpol_error_clear();
	}
	return rc;
}

/* The office whose district covers a house's community on a day, or 0. */
static cpol_id house_office(cpol_db *db, cpol_id house_id, cpol_date on)
{
	cpol_id community = 0, office = 0;
	if (cpol__house_community(db, house_id, &community, "house_id") < 0 ||
	    cpol__org_cover(db, community, on, NULL, &office) < 0)
		office = 0;
	cpol_error_clear();
	return office;
}

int cpol_person_move_in(cpol_id *out, cpol_db *db, const cpol_rules *rules, const cpol_residence_new *spec)
{
	cpol_rules *loaded = NULL;
	cpol_id id = 0;
	int rc;

	if (!spec || spec->version != CPOL_RESIDENCE_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "residence: unknown cpol_residence_new version");
	if (!rules && spec->from != CPOL_DATE_NONE) {
		cpol_id office = house_office(db, spec->house_id, spec->from);
		if (office && (rc = cpol__org_office_rules(&loaded, db, office)) < 0)
			return rc;
		rules = loaded;
	}
	if ((rc = cpol_db_begin(db)) == 0) {
		rc = cpol__residence_open(db, rules, spec, 0, &id);
		rc = cpol__db_finish(db, rc);
	}
	cpol_rules_free(loaded);
	if (rc == 0 && out)
		*out = id;
	return rc;
}

int cpol_person_move_out(cpol_db *db, cpol_id person_id, cpol_date to, const char *reason)
{
	cpol_id open_id = 0;
	cpol_date from = CPOL_DATE_NONE;
	int rc;

	if ((rc = cpol__org_require_date(to, "to", "moving out")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = person_live(db, person_id, NULL, NULL)) < 0 || (rc = open_residence(db, person_id, &open_id, &from)) < 0)
		goto done;
	if (!open_id) {
		rc = cpol__error_set(CPOL_ENOTFOUND, "person %lld has no open residence", (long long)person_id);
		goto done;
	}
	if (to < from) {
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "moving out: 'to' is before the residence began");
		goto done;
	}
	rc = close_residence(db, open_id, to, reason && *reason ? reason : "moved out");
done:
	return cpol__db_finish(db, rc);
}

static const char RES_REGISTER_SQL[] =
	"UPDATE residence SET registered_on = ?2, permit_no = ifnull(?3, permit_no), permit_valid_to = ?4"
	" WHERE id = ?1 AND archived_at IS NULL";
static const char RES_GET_FROM_SQL[] = "SELECT valid_from FROM residence WHERE id = ?1 AND archived_at IS NULL";

int cpol_residence_register(cpol_db *db, cpol_id residence_id, cpol_date on, const char *permit_no,
                            cpol_date valid_to)
{
	cpol__stmt *st;
	int64_t dummy;
	int rc;

	if ((rc = cpol__org_require_date(on, "on", "registration")) < 0)
		return rc;
	if (valid_to != CPOL_DATE_NONE && valid_to < on)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "valid_to", "registration: valid_to is before 'on'");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, RES_GET_FROM_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, residence_id);
	if ((rc = cpol__org_query_id(db, st, &dummy, "no such residence")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, RES_REGISTER_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, residence_id);
	cpol__bind_date(st, 2, on);
	cpol__bind_text_opt(st, 3, permit_no);
	cpol__bind_date_opt(st, 4, valid_to);
	rc = cpol__org_step(db, st, "registering a residence", NULL);
done:
	return cpol__db_finish(db, rc);
}

struct cpol_residence_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_residence rec;
};

#define RES_COLUMNS \
	"SELECT id, person_id, house_id, type, relation, ifnull(rental_id, 0), valid_from, valid_to," \
	" registered_on, permit_no, permit_valid_to, reason_in, reason_out FROM residence"
static const char RES_BY_PERSON_SQL[] =
	RES_COLUMNS " WHERE person_id = ?1 AND archived_at IS NULL ORDER BY valid_from, id";
static const char RES_BY_HOUSE_SQL[] =
	RES_COLUMNS " WHERE house_id = ?1 AND archived_at IS NULL ORDER BY valid_from, id";

int cpol_residence_iter_new(cpol_residence_iter **out, cpol_db *db, cpol_id person_id, cpol_id house_id)
{
	cpol_residence_iter *it;
	int rc;

	*out = NULL;
	if (!person_id && !house_id)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "person_id", "residences: give a person or a house");
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	rc = cpol__db_prepare(db, &it->stmt, person_id ? RES_BY_PERSON_SQL : RES_BY_HOUSE_SQL);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "listing residences");
		free(it);
		return rc;
	}
	cpol__st_bind_int64(it->stmt, 1, person_id ? person_id : house_id);
	*out = it;
	return 0;
}

int cpol_residence_iter_next(const cpol_residence **out, cpol_residence_iter *it)
{
	cpol__stmt *st = it->stmt;
	cpol_relation rel = CPOL_REL_OTHER;
	int rc = cpol__st_step(st);

	*out = NULL;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	if (rc != CPOL__ROW)
		return cpol__db_error(it->db, rc, "listing residences");
	it->rec.id = cpol__st_column_int64(st, 0);
	it->rec.person_id = cpol__st_column_int64(st, 1);
	it->rec.house_id = cpol__st_column_int64(st, 2);
	it->rec.type = (const char *)cpol__st_column_text(st, 3);
	cpol__relation_parse((const char *)cpol__st_column_text(st, 4), &rel);
	it->rec.relation = rel;
	it->rec.rental_id = cpol__st_column_int64(st, 5);
	it->rec.valid_from = cpol__column_date(st, 6);
	it->rec.valid_to = cpol__column_date(st, 7);
	it->rec.registered_on = cpol__column_date(st, 8);
	it->rec.permit_no = (const char *)cpol__st_column_text(st, 9);
	it->rec.permit_valid_to = cpol__column_date(st, 10);
	it->rec.reason_in = (const char *)cpol__st_column_text(st, 11);
	it->rec.reason_out = (const char *)cpol__st_column_text(st, 12);
	*out = &it->rec;
	return 0;
}

void cpol_residence_iter_free(cpol_residence_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}

/* ---------------------------------------------------------------- labels */

static const char LABEL_OPEN_SQL[] =
	"SELECT id FROM label WHERE person_id = ?1 AND code = ?2 AND valid_to IS NULL AND archived_at IS NULL";
static const char LABEL_INSERT_SQL[] =
	"INSERT INTO label (person_id, code, valid_from, reason, set_by) VALUES (?1, ?2, ?3, ?4, cpol_actor())";

int cpol_person_label_add(cpol_id *out, cpol_db *db, const cpol_rules *rules, cpol_id person_id, const char *code,
                          cpol_date from, const char *reason)
{
	cpol_rules *loaded = NULL;
	const cpol_rules_label *label;
	cpol__stmt *st;
	cpol_id office = 0;
	int rc;

	if ((rc = cpol__org_require_text(code, "code", "label")) < 0 ||
	    (rc = cpol__org_require_text(reason, "reason", "label")) < 0 ||
	    (rc = cpol__org_require_date(from, "from", "label")) < 0)
		return rc;
	if ((rc = person_live(db, person_id, &office, NULL)) < 0)
		return rc;
	if (!rules) {
		if (!office)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "rules",
			                          "label: person %lld has no office, so no region rules: pass the rules",
			                          (long long)person_id);
		if ((rc = cpol__org_office_rules(&loaded, db, office)) < 0)
			return rc;
		rules = loaded;
	}
	if (cpol_rules_find_label(&label, rules, code) < 0) {
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "code", "label '%s' is not in the rules of region %s",
		                        code, cpol_rules_region(rules));
		goto out;
	}
	if ((rc = cpol_db_begin(db)) < 0)
		goto out;
	if ((rc = cpol__db_stmt(db, &st, LABEL_OPEN_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, person_id);
	cpol__bind_text(st, 2, code);
	rc = cpol__st_step(st);
	cpol__st_reset(st);
	if (rc == CPOL__ROW) {
		rc = cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, "code", "person %lld already carries label '%s'",
		                        (long long)person_id, code);
		goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, LABEL_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, person_id);
	cpol__bind_text(st, 2, code);
	cpol__bind_date(st, 3, from);
	cpol__bind_text(st, 4, reason);
	if ((rc = cpol__org_step(db, st, "adding a label", NULL)) == 0 && out)
		*out = cpol__db_last_id(db);
done:
	rc = cpol__db_finish(db, rc);
out:
	cpol_rules_free(loaded);
	return rc;
}

static const char LABEL_GET_OPEN_SQL[] =
	"SELECT valid_from FROM label WHERE id = ?1 AND valid_to IS NULL AND archived_at IS NULL";
static const char LABEL_END_SQL[] =
	"UPDATE label SET valid_to = ?2, end_reason = ?3, ended_by = cpol_actor() WHERE id = ?1";

static int end_label(cpol_db *db, cpol_id label_id, cpol_date to, const char *reason)
{
	cpol__stmt *st;
	cpol_date from;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, LABEL_GET_OPEN_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, label_id);
	rc = cpol__st_step(st);
	from = rc == CPOL__ROW ? cpol__column_date(st, 0) : CPOL_DATE_NONE;
	cpol__st_reset(st);
	if (rc != CPOL__ROW)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "label_id", "no open label with id %lld",
		                          (long long)label_id);
	if (to < from)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "label: 'to' is before the label began");
	if ((rc = cpol__db_stmt(db, &st, LABEL_END_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, label_id);
	cpol__bind_date(st, 2, to);
	cpol__bind_text(st, 3, reason);
	return cpol__org_step(db, st, "ending a label", NULL);
}

int cpol_person_label_end(cpol_db *db, cpol_id label_id, cpol_date to, const char *reason)
{
	int rc;

	if ((rc = cpol__org_require_date(to, "to", "label")) < 0 ||
	    (rc = cpol__org_require_text(reason, "reason", "label")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = end_label(db, label_id, to, reason);
	return cpol__db_finish(db, rc);
}

struct cpol_label_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_label rec;
};

static const char LABEL_LIST_SQL[] =
	"SELECT id, person_id, code, valid_from, valid_to, reason, set_by, end_reason, ended_by FROM label"
	" WHERE person_id = ?1 AND archived_at IS NULL ORDER BY valid_from, id";

int cpol_label_iter_new(cpol_label_iter **out, cpol_db *db, cpol_id person_id)
{
	cpol_label_iter *it;
	int rc;

	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	rc = cpol__db_prepare(db, &it->stmt, LABEL_LIST_SQL);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "listing labels");
		free(it);
		return rc;
	}
	cpol__st_bind_int64(it->stmt, 1, person_id);
	*out = it;
	return 0;
}

int cpol_label_iter_next(const cpol_label **out, cpol_label_iter *it)
{
	cpol__stmt *st = it->stmt;
	int rc = cpol__st_step(st);

	*out = NULL;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	if (rc != CPOL__ROW)
		return cpol__db_error(it->db, rc, "listing labels");
	it->rec.id = cpol__st_column_int64(st, 0);
	it->rec.person_id = cpol__st_column_int64(st, 1);
	it->rec.code = (const char *)cpol__st_column_text(st, 2);
	it->rec.valid_from = cpol__column_date(st, 3);
	it->rec.valid_to = cpol__column_date(st, 4);
	it->rec.reason = (const char *)cpol__st_column_text(st, 5);
	it->rec.set_by = (const char *)cpol__st_column_text(st, 6);
	it->rec.end_reason = (const char *)cpol__st_column_text(st, 7);
	it->rec.ended_by = (const char *)cpol__st_column_text(st, 8);
	*out = &it->rec;
	return 0;
}

void cpol_label_iter_free(cpol_label_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}

/* ------------------------------------------------------- archive person */

static const char LABELS_OPEN_OF_SQL[] =
	"SELECT id FROM label WHERE person_id = ?1 AND valid_to IS NULL AND archived_at IS NULL ORDER BY id";
static const char PERSON_ARCHIVE_SQL[] = "UPDATE person SET archived_at = cpol_now() WHERE id = ?1";

int cpol_person_end(cpol_db *db, cpol_id person_id, cpol_date on, const char *reason)
{
	cpol__stmt *st;
	cpol_id open_id = 0;
	cpol_date from = CPOL_DATE_NONE;
	int rc;

	if ((rc = cpol__org_require_date(on, "on", "archiving a person")) < 0 ||
	    (rc = cpol__org_require_text(reason, "reason", "archiving a person")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = person_live(db, person_id, NULL, NULL)) < 0 || (rc = open_residence(db, person_id, &open_id, &from)) < 0)
		goto done;
	if (open_id && (rc = close_residence(db, open_id, on < from ? from : on, reason)) < 0)
		goto done;
	/* End the open labels one by one (each is audited). */
	for (;;) {
		int64_t label_id = 0;
		if ((rc = cpol__db_stmt(db, &st, LABELS_OPEN_OF_SQL)) < 0)
			goto done;
		cpol__st_bind_int64(st, 1, person_id);
		rc = cpol__org_query_id(db, st, &label_id, "");
		if (rc == CPOL_ENOTFOUND) {
			cpol_error_clear();
			rc = 0;
			break;
		}
		if (rc < 0)
			goto done;
		{
			cpol__stmt *g;
			cpol_date lf = CPOL_DATE_NONE;
			if ((rc = cpol__db_stmt(db, &g, LABEL_GET_OPEN_SQL)) < 0)
				goto done;
			cpol__st_bind_int64(g, 1, label_id);
			if (cpol__st_step(g) == CPOL__ROW)
				lf = cpol__column_date(g, 0);
			cpol__st_reset(g);
			if ((rc = end_label(db, label_id, on < lf ? lf : on, reason)) < 0)
				goto done;
		}
	}
	if ((rc = cpol__db_stmt(db, &st, PERSON_ARCHIVE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, person_id);
	rc = cpol__org_step(db, st, "archiving a person", NULL);
done:
	return cpol__db_finish(db, rc);
}

/* -------------------------------------------------------------- contacts */

static const char CONTACT_INSERT_SQL[] =
	"INSERT INTO contact (kind, person_id, house_id, staff_id, on_date, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int cpol_contact_add(cpol_id *out, cpol_db *db, cpol_contact_kind kind, cpol_id person_id, cpol_id house_id,
                     cpol_id staff_id, cpol_date on, const char *note)
{
	static const char *const kinds[] = { NULL, "assessment", "talk", "visit", "household" };
	cpol__stmt *st;
	cpol_id community;
	int rc;

	if (kind < CPOL_CONTACT_ASSESSMENT || kind > CPOL_CONTACT_HOUSEHOLD)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "contact: unknown kind %d", (int)kind);
	if (kind == CPOL_CONTACT_HOUSEHOLD ? !house_id : !person_id)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, kind == CPOL_CONTACT_HOUSEHOLD ? "house_id" : "person_id",
		                          "contact: a %s needs a %s", kinds[kind],
		                          kind == CPOL_CONTACT_HOUSEHOLD ? "house" : "person");
	if ((rc = cpol__org_require_date(on, "on", "contact")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((person_id && (rc = person_live(db, person_id, NULL, NULL)) < 0) ||
	    (house_id && (rc = cpol__house_community(db, house_id, &community, "house_id")) < 0) ||
	    (staff_id && (rc = cpol__org_check_live(db, CPOL_ORG_STAFF, staff_id, "staff_id")) < 0) ||
	    (rc = cpol__db_stmt(db, &st, CONTACT_INSERT_SQL)) < 0)
		goto done;
	cpol__bind_text(st, 1, kinds[kind]);
	if (person_id)
		cpol__st_bind_int64(st, 2, person_id);
	if (house_id)
		cpol__st_bind_int64(st, 3, house_id);
	if (staff_id)
		cpol__st_bind_int64(st, 4, staff_id);
	cpol__bind_date(st, 5, on);
	cpol__bind_text_opt(st, 6, note);
	if ((rc = cpol__org_step(db, st, "recording a contact", NULL)) == 0 && out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

/* --------------------------------------------------------------- queries */

int cpol_person_query_init(cpol_person_query *query, unsigned int version)
{
	static const cpol_person_query init = CPOL_PERSON_QUERY_INIT;
	if (!query || version != CPOL_PERSON_QUERY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_person_query version %u", version);
	*query = init;
	return 0;
}

/*
 * One statement per driving filter, so that each uses its index (an
 * "(?n = 0 OR col = ?n)" test would not); every statement also carries
 * all the other filters. Parameters:
 *   ?1 id_number  ?2 name  ?3 name_prefix  ?4 office_id  ?5 house_id
 *   ?6 label  ?7 residence_type  ?8 include_archived  ?9 after_id
 *   ?10 address_id  ?11 limit (-1: none)
 */
#define PQ_SUBTREE \
	"WITH sub(id) AS (SELECT ?10 WHERE ?10 <> 0 UNION ALL" \
	" SELECT a.id FROM address x, address a WHERE x.id = ?10" \
	" AND a.path >= x.path || x.id || '/' AND a.path < x.path || x.id || '0') "
#define PQ_FILTERS \
	" AND (?1 IS NULL OR p.id_number = ?1)" \
	" AND (?2 IS NULL OR (?3 = 0 AND p.name = ?2) OR (?3 <> 0 AND p.name >= ?2" \
	"      AND p.name < ?2 || CAST(x'FF' AS TEXT)))" \
	" AND (?4 = 0 OR p.office_id = ?4) AND (?5 = 0 OR r.house_id = ?5)" \
	" AND (?6 IS NULL OR EXISTS (SELECT 1 FROM label l2 WHERE l2.person_id = p.id AND l2.code = ?6" \
	"      AND l2.valid_to IS NULL AND l2.archived_at IS NULL))" \
	" AND (?7 IS NULL OR r.type = ?7) AND (?8 <> 0 OR p.archived_at IS NULL) AND p.id > ?9" \
	" AND (?10 = 0 OR h.address_id IN sub)"
#define PQ_TAIL " ORDER BY p.id LIMIT ?11"

#define PQ_FROM_PERSON " FROM person p" PERSON_OPEN_RESIDENCE

static const char PQ_ALL_SQL[] = PQ_SUBTREE PERSON_COLUMNS PQ_FROM_PERSON " WHERE 1" PQ_FILTERS PQ_TAIL;
static const char PQ_ID_SQL[] =
	PQ_SUBTREE PERSON_COLUMNS PQ_FROM_PERSON " WHERE p.id_number = ?1" PQ_FILTERS PQ_TAIL;
static const char PQ_NAME_SQL[] = PQ_SUBTREE PERSON_COLUMNS PQ_FROM_PERSON " WHERE p.name = ?2" PQ_FILTERS PQ_TAIL;
static const char PQ_PREFIX_SQL[] =
	PQ_SUBTREE PERSON_COLUMNS PQ_FROM_PERSON " WHERE p.name >= ?2 AND p.name < ?2 || CAST(x'FF' AS TEXT)"
	PQ_FILTERS PQ_TAIL;
static const char PQ_OFFICE_SQL[] =
	PQ_SUBTREE PERSON_COLUMNS PQ_FROM_PERSON " WHERE p.office_id = ?4" PQ_FILTERS PQ_TAIL;
static const char PQ_HOUSE_SQL[] =
	PQ_SUBTREE PERSON_COLUMNS " FROM residence r JOIN person p ON p.id = r.person_id"
	" JOIN house h ON h.id = r.house_id WHERE r.house_id = ?5 AND r.valid_to IS NULL AND r.archived_at IS NULL"
	PQ_FILTERS PQ_TAIL;
static const char PQ_ADDRESS_SQL[] =
	PQ_SUBTREE PERSON_COLUMNS " FROM sub JOIN house h ON h.address_id = sub.id AND h.archived_at IS NULL"
	" JOIN residence r ON r.house_id = h.id AND r.valid_to IS NULL AND r.archived_at IS NULL"
	" JOIN person p ON p.id = r.person_id WHERE 1" PQ_FILTERS PQ_TAIL;
static const char PQ_LABEL_SQL[] =
	PQ_SUBTREE PERSON_COLUMNS " FROM label l JOIN person p ON p.id = l.person_id" PERSON_OPEN_RESIDENCE
	" WHERE l.code = ?6 AND l.valid_to IS NULL AND l.archived_at IS NULL" PQ_FILTERS PQ_TAIL;

#define PQ_COUNT(sql) "SELECT count(*) FROM (" sql ")"
static const char PQC_ALL_SQL[] = PQ_COUNT(PQ_SUBTREE "SELECT p.id" PQ_FROM_PERSON " WHERE 1" PQ_FILTERS PQ_TAIL);
static const char PQC_ID_SQL[] =
	PQ_COUNT(PQ_SUBTREE "SELECT p.id" PQ_FROM_PERSON " WHERE p.id_number = ?1" PQ_FILTERS PQ_TAIL);
static const char PQC_NAME_SQL[] =
	PQ_COUNT(PQ_SUBTREE "SELECT p.id" PQ_FROM_PERSON " WHERE p.name = ?2" PQ_FILTERS PQ_TAIL);
static const char PQC_PREFIX_SQL[] =
	PQ_COUNT(PQ_SUBTREE "SELECT p.id" PQ_FROM_PERSON " WHERE p.name >= ?2 AND p.name < ?2 || CAST(x'FF' AS TEXT)"
	         PQ_FILTERS PQ_TAIL);
static const char PQC_OFFICE_SQL[] =
	PQ_COUNT(PQ_SUBTREE "SELECT p.id" PQ_FROM_PERSON " WHERE p.office_id = ?4" PQ_FILTERS PQ_TAIL);
static const char PQC_HOUSE_SQL[] =
	PQ_COUNT(PQ_SUBTREE "SELECT p.id FROM residence r JOIN person p ON p.id = r.person_id"
	         " JOIN house h ON h.id = r.house_id WHERE r.house_id = ?5 AND r.valid_to IS NULL"
	         " AND r.archived_at IS NULL" PQ_FILTERS PQ_TAIL);
static const char PQC_ADDRESS_SQL[] =
	PQ_COUNT(PQ_SUBTREE "SELECT p.id FROM sub JOIN house h ON h.address_id = sub.id AND h.archived_at IS NULL"
	         " JOIN residence r ON r.house_id = h.id AND r.valid_to IS NULL AND r.archived_at IS NULL"
	         " JOIN person p ON p.id = r.person_id WHERE 1" PQ_FILTERS PQ_TAIL);
static const char PQC_LABEL_SQL[] =
	PQ_COUNT(PQ_SUBTREE "SELECT p.id FROM label l JOIN person p ON p.id = l.person_id" PERSON_OPEN_RESIDENCE
	         " WHERE l.code = ?6 AND l.valid_to IS NULL AND l.archived_at IS NULL" PQ_FILTERS PQ_TAIL);

/* Pick the statement whose driving filter is most selective. */
static const char *query_sql(const cpol_person_query *q, int count)
{
	if (q->id_number && *q->id_number)
		return count ? PQC_ID_SQL : PQ_ID_SQL;
	if (q->house_id)
		return count ? PQC_HOUSE_SQL : PQ_HOUSE_SQL;
	if (q->name && *q->name)
		return q->name_prefix ? (count ? PQC_PREFIX_SQL : PQ_PREFIX_SQL) : (count ? PQC_NAME_SQL : PQ_NAME_SQL);
	if (q->address_id)
		return count ? PQC_ADDRESS_SQL : PQ_ADDRESS_SQL;
	if (q->label && *q->label)
		return count ? PQC_LABEL_SQL : PQ_LABEL_SQL;
	if (q->office_id)
		return count ? PQC_OFFICE_SQL : PQ_OFFICE_SQL;
	return count ? PQC_ALL_SQL : PQ_ALL_SQL;
}

static int bind_person_query(cpol__stmt *st, const cpol_person_query *q, int count)
{
	cpol_idnum idn;

	if (q->id_number && *q->id_number) {
		if (cpol_idnum_parse(&idn, q->id_number, CPOL_IDNUM_DEFAULT | CPOL_IDNUM_NO_CHECK_CHAR, CPOL_DATE_NONE) == 0)
			cpol__bind_text(st, 1, idn.number);
		else
			cpol__bind_text(st, 1, q->id_number);
		cpol_error_clear();
	}
	cpol__bind_text_opt(st, 2, q->name);
	cpol__st_bind_int(st, 3, q->name_prefix ? 1 : 0);
	cpol__st_bind_int64(st, 4, q->office_id);
	cpol__st_bind_int64(st, 5, q->house_id);
	cpol__bind_text_opt(st, 6, q->label);
	cpol__bind_text_opt(st, 7, q->residence_type);
	cpol__st_bind_int(st, 8, q->include_archived ? 1 : 0);
	cpol__st_bind_int64(st, 9, count ? 0 : q->after_id);
	cpol__st_bind_int64(st, 10, q->address_id);
	cpol__st_bind_int64(st, 11, count || q->limit <= 0 ? -1 : q->limit);
	return 0;
}

static int check_person_query(cpol_db *db, const cpol_person_query *q)
{
	if (q->version != CPOL_PERSON_QUERY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_person_query version %u", q->version);
	if (q->limit < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "limit", "person query: limit is negative");
	if (q->address_id) {
		cpol__buf b = { 0 };
		int rc = cpol__address_format_into(db, q->address_id, &b);
		cpol__buf_free(&b);
		if (rc < 0)
			return rc;
	}
	return 0;
}

struct cpol_person_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_person rec;
};

int cpol_person_iter_new(cpol_person_iter **out, cpol_db *db, const cpol_person_query *query)
{
	static const cpol_person_query all = CPOL_PERSON_QUERY_INIT;
	cpol_person_iter *it;
	int rc;

	*out = NULL;
	if (!query)
		query = &all;
	if ((rc = check_person_query(db, query)) < 0)
		return rc;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	rc = cpol__db_prepare(db, &it->stmt, query_sql(query, 0));
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "listing persons");
		free(it);
		return rc;
	}
	bind_person_query(it->stmt, query, 0);
	*out = it;
	return 0;
}

int cpol_person_iter_next(const cpol_person **out, cpol_person_iter *it)
{
	int rc = cpol__st_step(it->stmt);

	*out = NULL;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	if (rc != CPOL__ROW)
		return cpol__db_error(it->db, rc, "listing persons");
	read_person(&it->rec, it->stmt);
	*out = &it->rec;
	return 0;
}

void cpol_person_iter_free(cpol_person_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}

int cpol_person_count(int64_t *out, cpol_db *db, const cpol_person_query *query)
{
	static const cpol_person_query all = CPOL_PERSON_QUERY_INIT;
	cpol__stmt *st;
	int rc;

	*out = 0;
	if (!query)
		query = &all;
	if ((rc = check_person_query(db, query)) < 0 || (rc = cpol__db_stmt(db, &st, query_sql(query, 1))) < 0)
		return rc;
	bind_person_query(st, query, 1);
	return cpol__org_query_id(db, st, out, "counting persons");
}

/*
 * Record descriptions (lib/record.c, commpolice/record.h) held against what
 * they describe: the schema (every field a column of its table, of a
 * compatible type, nullable exactly when the field may be unset, enum code
 * words those the table's CHECK allows), the SELECT lists the modules read
 * with, the research export (a column the export drops by default as
 * identifying is flagged identifies_person, and a flagged one is dropped),
 * and the public introspection.
 */
#include "testutil.h"
#include "internal.h"
#include "record.h"
#include "export_internal.h"

#include <ctype.h>

static cpol_db *db;

static void setup(void)
{
	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
}

static void teardown(void)
{
	cpol_db_close(db);
	db = NULL;
}

/* The declared type, NOT NULL and primary-key flags of table.column; 0 when it exists. */
static int column_info(const char *table, const char *column, char *type, size_t typesz,
                       int *notnull, int *pk)
{
	cpol__stmt *st;
	int rc, found = 0;

	ck_assert_int_eq(cpol__db_prepare(db, &st,
	                 "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)"), CPOL__OK);
	cpol__st_bind_text(st, 1, table, -1);
	while ((rc = cpol__st_step(st)) == CPOL__ROW)
		if (strcmp((const char *)cpol__st_column_text(st, 0), column) == 0) {
			snprintf(type, typesz, "%s", (const char *)cpol__st_column_text(st, 1));
			*notnull = cpol__st_column_int(st, 2);
			*pk = cpol__st_column_int(st, 3);
			found = 1;
		}
	ck_assert_int_eq(rc, CPOL__DONE);
	cpol__st_finalize(st);
	return found ? 0 : -1;
}

/* The CREATE TABLE text of a table (a new string). */
static char *table_sql(const char *table)
{
	cpol__stmt *st;
	char *sql = NULL;

	ck_assert_int_eq(cpol__db_prepare(db, &st,
	                 "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1"), CPOL__OK);
	cpol__st_bind_text(st, 1, table, -1);
	if (cpol__st_step(st) == CPOL__ROW)
		sql = strdup((const char *)cpol__st_column_text(st, 0));
	cpol__st_finalize(st);
	ck_assert_msg(sql != NULL, "no table %s", table);
	return sql;
}

static const char *sql_type_of(cpol_field_type t)
{
	switch (t) {
	case CPOL_FIELD_ID: case CPOL_FIELD_INT: case CPOL_FIELD_INT64: case CPOL_FIELD_BOOL:
		return "INTEGER";
	case CPOL_FIELD_DOUBLE:
		return "REAL";
	default:
		return "TEXT";
	}
}

static size_t field_size(cpol_field_type t)
{
	switch (t) {
	case CPOL_FIELD_ID: case CPOL_FIELD_INT64: return sizeof(int64_t);
	case CPOL_FIELD_DOUBLE: return sizeof(double);
	case CPOL_FIELD_DATE: return sizeof(cpol_date);
	case CPOL_FIELD_TEXT: return sizeof(const char *);
	default: return sizeof(int);
	}
}

/*
 * An enum whose value 0 the table stores as the word 'unknown' (person.sex,
 * NOT NULL): its codes leave the word out, so 'unknown' reads as not set
 * and the field is optional although the column is not.
 */
static int unknown_is_unset(const cpol__record_desc *d, const cpol_record_field *f)
{
	const char *const *c;
	char *sql, key[96];
	int found;

	if (f->type != CPOL_FIELD_ENUM || !f->optional)
		return 0;
	for (c = f->codes; *c; c++)
		if (!strcmp(*c, "unknown"))
			return 0;
	sql = table_sql(d->table);
	snprintf(key, sizeof(key), "%s = 'unknown'", f->column);
	found = strstr(sql, key) != NULL;
	free(sql);
	return found;
}

/* area: schema */

START_TEST(every_field_is_a_column_of_its_table_with_a_compatible_type)
{
	int k;

	for (k = 1; k <= CPOL_RECORD_KIND_COUNT; k++) {
		const cpol__record_desc *d = cpol__record_desc_of((cpol_record_kind)k);
		size_t i;

		ck_assert_ptr_nonnull(d);
		for (i = 0; i < d->nfields; i++) {
			const cpol_record_field *f = &d->fields[i];
			char type[64];
			int notnull = 0, pk = 0;

			char table[64];
			const char *column = f->column, *dot = strchr(column, '.');
			int joined = 0;

			ck_assert_msg(f->offset + field_size(f->type) <= d->size,
			              "%s.%s: offset past the struct", d->name, f->name);
			ck_assert_msg((f->optional == 0 || f->optional == 1) &&
			              (f->identifies_person == 0 || f->identifies_person == 1),
			              "%s.%s: a flag is not 0 or 1", d->name, f->name);
			if (strchr(column, ' ')) {
				/* computed: an expression, which only a bool or number is,
				 * and always set */
				ck_assert_msg(f->type == CPOL_FIELD_BOOL || f->type == CPOL_FIELD_INT,
				              "%s.%s: a computed %d", d->name, f->name, (int)f->type);
				ck_assert_msg(!f->optional, "%s.%s: computed, so never unset", d->name, f->name);
				continue;
			}
			snprintf(table, sizeof(table), "%s", d->table);
			if (dot) {   /* table.column: a LEFT JOIN, so unset when there is no row */
				snprintf(table, sizeof(table), "%.*s", (int)(dot - column), column);
				column = dot + 1;
				joined = 1;
			}
			ck_assert_msg(column_info(table, column, type, sizeof(type), &notnull, &pk) == 0,
			              "%s.%s: no column %s in table %s", d->name, f->name, column, table);
			ck_assert_msg(strcmp(type, sql_type_of(f->type)) == 0,
			              "%s.%s: column %s.%s is %s, the field wants %s", d->name, f->name,
			              table, column, type, sql_type_of(f->type));
			if (joined) {
				ck_assert_msg(f->optional, "%s.%s: read from a LEFT JOIN but not optional",
				              d->name, f->name);
				continue;
			}
			ck_assert_msg(f->optional == !(notnull || pk) || unknown_is_unset(d, f),
			              "%s.%s: optional is %d but the column is%s nullable", d->name, f->name,
			              f->optional, notnull || pk ? " not" : "");
		}
	}
}
END_TEST

/* Every code word of an enum field is one the table's CHECK names, and the
 * table names no word the codes lack (kind IN ('routine', 'fire', ...)). */
START_TEST(enum_codes_are_the_words_the_table_allows)
{
	int k;

	for (k = 1; k <= CPOL_RECORD_KIND_COUNT; k++) {
		const cpol__record_desc *d = cpol__record_desc_of((cpol_record_kind)k);
		char *sql = table_sql(d->table);
		size_t i;

		for (i = 0; i < d->nfields; i++) {
			const cpol_record_field *f = &d->fields[i];
			const char *const *c;
			char want[80];
			size_t n = 0;

			if (f->type != CPOL_FIELD_ENUM) {
				ck_assert_msg(f->codes == NULL, "%s.%s: codes on a non-enum", d->name, f->name);
				continue;
			}
			ck_assert_ptr_nonnull(f->codes);
			for (c = f->codes; *c; c++, n++) {
				snprintf(want, sizeof(want), "'%s'", *c);
				ck_assert_msg(strstr(sql, want) != NULL, "%s.%s: code %s not in %s's CHECK",
				              d->name, f->name, *c, d->table);
			}
			/* The CHECK of this column lists as many words: count the quotes
			 * between "<column> ... IN (" and its ")". */
			{
				char key[80];
				const char *p, *e;
				size_t quotes = 0;

				snprintf(key, sizeof(key), "%s IN (", f->column);
				if ((p = strstr(sql, key)) == NULL) {
					/* CHECK (sex = 'male' OR sex = 'female' OR ...) */
					snprintf(key, sizeof(key), "CHECK (%s = ", f->column);
					ck_assert_msg((p = strstr(sql, key)) != NULL, "%s: no CHECK of %s", d->table,
					              f->column);
				}
				e = strchr(p, ')');
				for (; p < e; p++)
					quotes += *p == '\'';
				ck_assert_msg(quotes == 2 * (n + (size_t)unknown_is_unset(d, f)),
				              "%s.%s: the CHECK has %zu words, the codes %zu", d->name, f->name,
				              quotes / 2, n);
			}
		}
		free(sql);
	}
}
END_TEST

/*
 * The flag on the fields the export does not read, by the rule of
 * record.h: a code word, a date, a number or a bool never identifies a
 * person; an id does exactly when its column references person or house
 * (the record's own id never, but for a person's: it is the person).
 */
START_TEST(ids_identify_a_person_when_they_reference_a_person_or_house_and_codes_never_do)
{
	int k;

	for (k = 1; k <= CPOL_RECORD_KIND_COUNT; k++) {
		const cpol__record_desc *d = cpol__record_desc_of((cpol_record_kind)k);
		size_t i;

		for (i = 0; i < d->nfields; i++) {
			const cpol_record_field *f = &d->fields[i];
			cpol__stmt *st;
			int person = 0;

			if (f->type == CPOL_FIELD_TEXT)
				continue;
			/* A person's own id is the person. */
			if (f->type == CPOL_FIELD_ID && !strcmp(d->table, "person") && !strcmp(f->column, "id"))
				person = 1;
			else if (f->type == CPOL_FIELD_ID) {
				const char *dot = strchr(f->column, '.');

				ck_assert_int_eq(cpol__db_prepare(db, &st,
				                 "SELECT \"table\" FROM pragma_foreign_key_list(?1) WHERE \"from\" = ?2"),
				                 CPOL__OK);
				if (dot) {   /* table.column of a joined table */
					cpol__st_bind_text(st, 1, f->column, (int)(dot - f->column));
					cpol__st_bind_text(st, 2, dot + 1, -1);
				} else {
					cpol__st_bind_text(st, 1, d->table, -1);
					cpol__st_bind_text(st, 2, f->column, -1);
				}
				while (cpol__st_step(st) == CPOL__ROW) {
					const char *t = (const char *)cpol__st_column_text(st, 0);
					person |= !strcmp(t, "person") || !strcmp(t, "house");
				}
				cpol__st_finalize(st);
			}
			ck_assert_msg(f->identifies_person == person, "%s.%s: identifies_person %d, want %d",
			              d->name, f->name, f->identifies_person, person);
		}
	}
}
END_TEST

/* area: columns */

START_TEST(every_select_list_is_its_fields_columns_in_order)
{
	int k;

	for (k = 1; k <= CPOL_RECORD_KIND_COUNT; k++) {
		const cpol__record_desc *d = cpol__record_desc_of((cpol_record_kind)k);
		ck_assert_msg(cpol__record_check_columns(d) == 0, "%s", cpol_error_last()->message);
	}
}
END_TEST

/* The check tells a list out of order, one short, one long, and a column
 * whose name only begins like the field's. */
START_TEST(a_select_list_that_differs_is_caught_naming_the_field)
{
	static const cpol_record_field fields[] = {
		{ "id", "id", CPOL_FIELD_ID, 0, 0, 0, NULL, "id" },
		{ "on", "on_date", CPOL_FIELD_DATE, 8, 0, 0, NULL, "day" },
	};
	cpol__record_desc d = { CPOL_RECORD_VISIT, "t", "t", 16, fields, 2, "id, on_date" };

	ck_assert_ok(cpol__record_check_columns(&d));
	d.columns = "on_date, id";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "id");
	ck_assert_int_eq(cpol_error_last()->line, 0);
	ck_assert_ptr_null(cpol_error_last()->file);
	d.columns = "id";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "on");
	d.columns = "id, on_date, note";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "columns");
	d.columns = "id, on_dates";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	d.columns = "id,on_date";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
}
END_TEST

/*
 * A list that joins (the person's open residence): an item is the column or
 * alias.column; an expression must hold alias.column, whole; a computed
 * field (its column an expression) must be read by an expression.
 */
START_TEST(a_joined_select_list_is_checked_item_by_item)
{
	static const cpol_record_field fields[] = {
		{ "id", "id", CPOL_FIELD_ID, 0, 0, 0, NULL, "id" },
		{ "house_id", "residence.house_id", CPOL_FIELD_ID, 8, 1, 1, NULL, "house" },
		{ "separated", "a <> b", CPOL_FIELD_BOOL, 16, 0, 0, NULL, "computed" },
	};
	cpol__record_desc d = { CPOL_RECORD_PERSON, "t", "t", 24, fields, 3,
	                        "SELECT p.id, ifnull(r.house_id, 0), (r.id IS NOT NULL AND h.x <> 1)" };

	ck_assert_ok(cpol__record_check_columns(&d));
	d.columns = "p.id, r.house_id, (r.id IS NULL)";
	ck_assert_ok(cpol__record_check_columns(&d));
	d.columns = "p.id, (0) + r.house_id, (x)";         /* an expression ending in it */
	ck_assert_ok(cpol__record_check_columns(&d));
	d.columns = "p.id, ifnull(r.x, 0), (r.house_id)";  /* only in the next item */
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "house_id");
	d.columns = "SELECT id, ifnull(r.house_id_old, 0), (x)";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "house_id");
	d.columns = "p.id, ifnull(r.house_idx, 0), (x)";    /* a longer name: a letter, */
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	d.columns = "p.id, ifnull(r.house_id9, 0), (x)";    /* a digit after it */
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	d.columns = "p.id, ifnull(house_id, 0), (x)";       /* unqualified in an expression */
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "house_id");
	d.columns = "p.id, house_id, (x)";                  /* a joined column unqualified */
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	d.columns = "p.id, r.house_id, r.separated";        /* computed, read as a column */
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "separated");
	d.columns = "pid, r.house_id, (x)";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "id");
	d.columns = "p.id, ifnull(r.house_id, 0), (x), p.name";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "columns");
	d.columns = "p.id, ifnull(r.house_id, 0)";
	ck_assert_fails(cpol__record_check_columns(&d), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "separated");
}
END_TEST

/* area: export */

/* The next item of a SELECT list at depth 0 from *p into buf; 0 at FROM. */
static int next_item(const char **p, char *buf, size_t sz)
{
	const char *s = *p;
	size_t n = 0;
	int depth = 0;

	while (*s == ' ')
		s++;
	if (strncmp(s, "FROM ", 5) == 0)
		return 0;
	for (; *s; s++) {
		if (*s == '(')
			depth++;
		else if (*s == ')')
			depth--;
		else if (depth == 0 && (*s == ',' || strncmp(s, " FROM ", 6) == 0))
			break;
		if (n + 1 < sz)
			buf[n++] = *s;
	}
	buf[n] = '\0';
	if (*s == ',')
		s++;
	*p = s;
	return 1;
}

/*
 * The research export's datasets read from described tables: column i of a
 * dataset is item i of its SELECT list; where that item is a plain column of
 * the dataset's main table ("q.phone" with "FROM resident_request q"), the
 * export's default (drop when identifying) and the description's flag agree.
 */
START_TEST(the_export_drops_by_default_exactly_the_fields_flagged_as_identifying)
{
	size_t di, checked = 0, datasets = 0;

	for (di = 0; di < cpol__export_dataset_count; di++) {
		const cpol__export_dataset *ds = &cpol__export_datasets_table[di];
		const cpol__record_desc *d = NULL;
		const char *from, *p;
		char table[64], alias[16], item[512];
		int k, col;

		/* The main table: the first top-level "FROM table alias". */
		for (from = strstr(ds->sql, " FROM "); from; from = strstr(from + 1, " FROM ")) {
			const char *q;
			int depth = 0;
			for (q = ds->sql; q < from; q++)
				depth += (*q == '(') - (*q == ')');
			if (depth == 0)
				break;
		}
		ck_assert_ptr_nonnull(from);
		if (sscanf(from, " FROM %63[a-z_] %15[a-z]", table, alias) != 2)
			continue;
		for (k = 1; k <= CPOL_RECORD_KIND_COUNT; k++)
			if (strcmp(cpol__record_desc_of((cpol_record_kind)k)->table, table) == 0)
				d = cpol__record_desc_of((cpol_record_kind)k);
		if (!d)
			continue;
		datasets++;
		ck_assert_msg(strncmp(ds->sql, "SELECT ", 7) == 0, "%s", ds->name);
		p = ds->sql + 7;
		for (col = 0; col < ds->ncols && next_item(&p, item, sizeof(item)); col++) {
			size_t al = strlen(alias), i;
			const cpol__export_col *c = &ds->cols[col];

			if (strncmp(item, alias, al) != 0 || item[al] != '.')
				continue;
			for (i = al + 1; item[i] && (islower((unsigned char)item[i]) || item[i] == '_'); i++)
				;
			if (item[i])
				continue;   /* an expression, not a column */
			for (i = 0; i < d->nfields; i++)
				if (strcmp(d->fields[i].column, item + al + 1) == 0)
					break;
			if (i == d->nfields)
				continue;   /* a column the record does not hold */
			ck_assert_msg(d->fields[i].identifies_person == cpol__export_col_identifying(c),
			              "%s.%s (dataset %s column %s): identifies_person %d, the export %s it",
			              d->name, d->fields[i].name, ds->name, c->name, d->fields[i].identifies_person,
			              cpol__export_col_identifying(c) ? "drops" : "keeps");
			checked++;
		}
		ck_assert_int_eq(col, ds->ncols);
	}
	/* persons, visits, inspections, notices, incidents, requests */
	ck_assert_uint_eq(datasets, 6);
	/* The plain columns of each dataset's own table, counted in
	 * lib/export_data.c: persons 8 (p.id, id_number, name, sex, birth_date,
	 * nationality, phone, office_id; not the residence's r.*); visits 10
	 * (all); inspections 7 (not u.type_code and the three counts); notices
	 * 12 (not days_open); incidents 11 (not return_days); requests 12 (not
	 * feedback_days). */
	ck_assert_uint_eq(checked, 8 + 10 + 7 + 12 + 11 + 12);
}
END_TEST

/* area: introspection */

START_TEST(fields_of_a_notice_name_its_members_in_order)
{
	const cpol_record_field *f;
	size_t n;

	ck_assert_ok(cpol_record_fields(&f, &n, CPOL_RECORD_NOTICE));
	ck_assert_uint_eq(n, 22);
	ck_assert_str_eq(f[0].name, "id");
	ck_assert_str_eq(f[10].name, "deadline_key");
	ck_assert_uint_eq(f[10].offset, offsetof(cpol_notice, deadline_key));
	ck_assert_int_eq(f[10].type, CPOL_FIELD_TEXT);
	ck_assert_str_eq(f[19].name, "result");
	ck_assert_str_eq(f[19].column, "close_result");
	ck_assert_int_eq(f[19].type, CPOL_FIELD_ENUM);
	ck_assert_str_eq(f[21].name, "archived_at");
	ck_assert_str_eq(cpol_record_table(CPOL_RECORD_NOTICE), "rectification_notice");
}
END_TEST

START_TEST(unknown_kinds_are_refused)
{
	const cpol_record_field *f = (const cpol_record_field *)1;
	cpol_record_kind k = CPOL_RECORD_NOTICE;
	size_t n = 5;

	ck_assert_fails(cpol_record_fields(&f, &n, (cpol_record_kind)0), CPOL_EINVAL);
	ck_assert_ptr_null(f);
	ck_assert_uint_eq(n, 0);
	ck_assert_fails(cpol_record_fields(&f, &n, (cpol_record_kind)(CPOL_RECORD_KIND_COUNT + 1)),
	                CPOL_EINVAL);
	ck_assert_ok(cpol_record_fields(&f, &n, (cpol_record_kind)CPOL_RECORD_KIND_COUNT));
	ck_assert_fails(cpol_record_fields(NULL, &n, CPOL_RECORD_NOTICE), CPOL_EINVAL);
	ck_assert_fails(cpol_record_fields(&f, NULL, CPOL_RECORD_NOTICE), CPOL_EINVAL);
	ck_assert_str_eq(cpol_record_kind_name((cpol_record_kind)0), "unknown");
	ck_assert_str_eq(cpol_record_kind_name((cpol_record_kind)(CPOL_RECORD_KIND_COUNT + 1)), "unknown");
	ck_assert_ptr_null(cpol_record_table((cpol_record_kind)0));
	ck_assert_fails(cpol_record_kind_parse(&k, "notices"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "kind");
	ck_assert_fails(cpol_record_kind_parse(&k, NULL), CPOL_EINVAL);
	ck_assert_int_eq(k, CPOL_RECORD_NOTICE);
}
END_TEST

START_TEST(kind_names_parse_back_to_their_kinds)
{
	int k;

	for (k = 1; k <= CPOL_RECORD_KIND_COUNT; k++) {
		cpol_record_kind back = (cpol_record_kind)0;
		ck_assert_ok(cpol_record_kind_parse(&back, cpol_record_kind_name((cpol_record_kind)k)));
		ck_assert_int_eq(back, k);
	}
	ck_assert_str_eq(cpol_record_kind_name(CPOL_RECORD_INSPECTION), "inspection");
	ck_assert_str_eq(cpol_record_kind_name(CPOL_RECORD_INFO_ITEM), "info_item");
}
END_TEST

/* The accessors read a record through its fields: the enum's first and last
 * code words and 0 (unset), a date and CPOL_DATE_NONE, an id 0, a bool. */
START_TEST(accessors_read_each_type_of_field)
{
	cpol_incident in;
	const cpol_record_field *f;
	size_t n, i;
	const cpol_record_field *kind = NULL, *recv = NULL, *ret = NULL, *officer = NULL,
		*major = NULL, *name = NULL;

	memset(&in, 0, sizeof(in));
	in.id = 7;
	in.kind = CPOL_INCIDENT_CRIMINAL;
	in.received_on = 19723;          /* 2024-01-01 */
	in.returned_on = CPOL_DATE_NONE;
	in.major = 1;
	in.party_name = "张三";
	ck_assert_ok(cpol_record_fields(&f, &n, CPOL_RECORD_INCIDENT));
	for (i = 0; i < n; i++) {
		if (!strcmp(f[i].name, "kind")) kind = &f[i];
		if (!strcmp(f[i].name, "received_on")) recv = &f[i];
		if (!strcmp(f[i].name, "returned_on")) ret = &f[i];
		if (!strcmp(f[i].name, "officer_id")) officer = &f[i];
		if (!strcmp(f[i].name, "major")) major = &f[i];
		if (!strcmp(f[i].name, "party_name")) name = &f[i];
	}
	ck_assert_str_eq(cpol_record_field_text(kind, &in), "criminal");
	ck_assert_int_eq(cpol_record_field_int(kind, &in), 1);
	in.kind = CPOL_INCIDENT_OTHER;
	ck_assert_str_eq(cpol_record_field_text(kind, &in), "other");
	in.kind = (cpol_incident_kind)7;
	ck_assert_ptr_null(cpol_record_field_text(kind, &in));
	in.kind = (cpol_incident_kind)0;
	ck_assert_ptr_null(cpol_record_field_text(kind, &in));
	ck_assert_int_eq(cpol_record_field_is_set(kind, &in), 0);
	ck_assert_int_eq(cpol_record_field_int(recv, &in), 19723);
	ck_assert_int_eq(cpol_record_field_is_set(recv, &in), 1);
	ck_assert_int_eq(cpol_record_field_is_set(ret, &in), 0);
	ck_assert_int_eq(cpol_record_field_is_set(officer, &in), 0);
	in.officer_id = 3;
	ck_assert_int_eq(cpol_record_field_is_set(officer, &in), 1);
	ck_assert_int_eq(cpol_record_field_int(officer, &in), 3);
	ck_assert_int_eq(cpol_record_field_int(major, &in), 1);
	ck_assert_int_eq(cpol_record_field_is_set(major, &in), 1);
	ck_assert(cpol_record_field_double(major, &in) == 1.0);
	ck_assert_str_eq(cpol_record_field_text(name, &in), "张三");
	ck_assert_int_eq(cpol_record_field_int(name, &in), 0);
	ck_assert_ptr_null(cpol_record_field_text(recv, &in));
	ck_assert_int_eq(cpol_record_field_is_set(name, &in), 1);
	in.party_name = NULL;
	ck_assert_int_eq(cpol_record_field_is_set(name, &in), 0);
	ck_assert(name->identifies_person && !kind->identifies_person);
}
END_TEST

/* area: decode */

/* One row read both ways: copied (every text a new string, freed by the
 * generic free) and borrowed (pointing into the row). */
START_TEST(a_row_is_read_into_a_record_copied_or_borrowed)
{
	const cpol__record_desc *d = cpol__record_desc_of(CPOL_RECORD_DISPUTE);
	cpol__stmt *st;
	cpol_dispute *rec = calloc(1, sizeof(*rec)), row;
	int oom = 0;

	ck_assert_int_eq(cpol__db_prepare(db, &st,
	                 "SELECT 5, 1, NULL, '2024-02-29', '甲, 乙', '邻里', 'mediated', NULL, '2024-03-01',"
	                 " NULL"), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	cpol__record_decode(d, rec, st, 1, &oom);
	memset(&row, 0, sizeof(row));
	cpol__record_decode(d, &row, st, 0, NULL);
	ck_assert_int_eq(oom, 0);
	ck_assert_int_eq(rec->id, 5);
	ck_assert_int_eq(rec->office_id, 1);
	ck_assert_int_eq(rec->officer_id, 0);
	ck_assert_int_eq(rec->received_on, 19782);   /* 2024-02-29: 19723 + 31 + 28 */
	ck_assert_str_eq(rec->parties, "甲, 乙");
	ck_assert_int_eq(rec->status, CPOL_DISPUTE_MEDIATED);
	ck_assert_ptr_null(rec->outcome);
	ck_assert_int_eq(rec->resolved_on, 19783);
	ck_assert_ptr_null(rec->archived_at);
	ck_assert_ptr_ne(rec->parties, row.parties);
	ck_assert_ptr_eq(row.parties, (const char *)cpol__st_column_text(st, 4));
	ck_assert_str_eq(row.summary, "邻里");
	cpol__st_finalize(st);
	cpol__record_free(d, rec);
	cpol__record_free(d, NULL);
}
END_TEST

/*
 * A person's row (population.c's PERSON_COLUMNS order): a passport holder
 * whose sex is stored as 'unknown' reads it as 0, not set; 'female' reads
 * CPOL_SEX_FEMALE; text NULL stays NULL; the packed copy holds the text
 * after the struct, in one allocation.
 */
START_TEST(a_person_row_is_read_and_packed_by_its_description)
{
	const cpol__record_desc *d = cpol__record_desc_of(CPOL_RECORD_PERSON);
	cpol__stmt *st;
	cpol_person row, *packed;

	ck_assert_str_eq(d->table, "person");
	ck_assert_int_eq(cpol__db_prepare(db, &st,
	                 "SELECT 9, 'passport', 'E1234567', NULL, 'USA', 'John Smith', 'unknown', NULL,"
	                 " '13900000000', NULL, 0, 3, '2024-02-29', 0, 0, NULL, 0, NULL"
	                 " UNION ALL SELECT 10, 'resident', '11010519491231002X', NULL, 'CHN', '王芳', 'female',"
	                 " '1949-12-31', NULL, '北京', 4, 3, '2024-01-01', 12, 13, 'permanent', 1, '2024-03-01'"),
	                 CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	memset(&row, 0xff, sizeof(row));
	cpol__record_decode(d, &row, st, 0, NULL);
	ck_assert_int_eq(row.id, 9);
	ck_assert_int_eq(row.id_kind, CPOL_IDKIND_PASSPORT);
	ck_assert_int_eq(row.sex, CPOL_SEX_UNKNOWN);
	ck_assert_int_eq(row.birth_date, CPOL_DATE_NONE);
	ck_assert_ptr_null(row.id_number_old);
	ck_assert_ptr_null(row.hukou);
	ck_assert_int_eq(row.office_id, 3);
	ck_assert_int_eq(row.office_since, 19782);   /* 2024-02-29 */
	ck_assert_int_eq(row.residence_id, 0);
	ck_assert_ptr_null(row.residence_type);
	ck_assert_int_eq(row.separated, 0);
	packed = cpol__record_pack(d, &row);
	ck_assert_ptr_nonnull(packed);
	ck_assert_str_eq(packed->name, "John Smith");
	ck_assert_str_eq(packed->phone, "13900000000");
	ck_assert_ptr_null(packed->hukou);
	ck_assert_ptr_eq(packed->id_number, (const char *)(packed + 1));   /* the first text, first */
	ck_assert_ptr_ne(packed->name, row.name);
	free(packed);

	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	cpol__record_decode(d, &row, st, 0, NULL);
	ck_assert_int_eq(row.id_kind, CPOL_IDKIND_RESIDENT);
	ck_assert_int_eq(row.sex, CPOL_SEX_FEMALE);
	ck_assert_int_eq(row.birth_date, -7306);     /* 1949-12-31: 1970-01-01 less 7306 days */
	ck_assert_int_eq(row.hukou_address_id, 4);
	ck_assert_int_eq(row.residence_id, 12);
	ck_assert_int_eq(row.house_id, 13);
	ck_assert_str_eq(row.residence_type, "permanent");
	ck_assert_int_eq(row.separated, 1);
	ck_assert_str_eq(row.archived_at, "2024-03-01");
	cpol__st_finalize(st);
}
END_TEST

#include "test_record.list"

int main(void)
{
	return testutil_main_list("record", setup, teardown, testutil_tests());
}

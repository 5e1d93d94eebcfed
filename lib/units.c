/*
 * libcommpolice — units (实有单位), their status periods and contacts, and
 * mass-prevention organisations.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "record.h"
#include "rules_internal.h"
#include "work_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cpol__unit_status_codes[] = { "open", "suspended", "closed", NULL };
const char *const cpol__prevention_kind_codes[] = {
	"security_committee", "patrol", "mediation", "help_education", "migrant",
	"fire_brigade", "rental_station", "watch", "unit_security", "other", NULL };

/* ------------------------------------------------------------ shared helpers */

int cpol__work_need_text(const char *s, const char *field)
{
	if (!s || !*s)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s is required", field);
	return 0;
}

int cpol__work_need_date(cpol_date d, const char *field)
{
	int y;
	if (d == CPOL_DATE_NONE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s is required", field);
	cpol_date_split(&y, NULL, NULL, d);
	if (y < 1 || y > 9999)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field,
		                          "%s is out of range (years 1-9999)", field);
	return 0;
}

int cpol__work_check_version(unsigned int version, unsigned int expected, const char *what)
{
	return cpol__check_version(version, expected, what);
}

int cpol__work_step_row(cpol_db *db, cpol__stmt *st, const char *what)
{
	int rc = cpol__st_step(st);
	if (rc == CPOL__ROW)
		return 0;
	if (rc == CPOL__DONE)
		return CPOL_ENOTFOUND;
	return cpol__db_error(db, rc, what);
}

static int check_exists(cpol_db *db, const char *sql, cpol_id id, const char *field,
                        const char *what)
{
	cpol__stmt *st;
	int rc;

	if (id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s is required", field);
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__work_step_row(db, st, what);
	cpol__st_reset(st);
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "no live %s with id %lld",
		                          what, (long long)id);
	return rc;
}

/* The tables below belong to the org and population modules (002). */
static const char OFFICE_EXISTS_SQL[] = "SELECT 1 FROM office WHERE id = ?1 AND archived_at IS NULL";
static const char STAFF_EXISTS_SQL[] = "SELECT 1 FROM staff WHERE id = ?1 AND archived_at IS NULL";
static const char ADDRESS_EXISTS_SQL[] = "SELECT 1 FROM address WHERE id = ?1 AND archived_at IS NULL";
static const char PERSON_EXISTS_SQL[] = "SELECT 1 FROM person WHERE id = ?1 AND archived_at IS NULL";
static const char HOUSE_EXISTS_SQL[] = "SELECT 1 FROM house WHERE id = ?1 AND archived_at IS NULL";
static const char UNIT_OFFICE_SQL[] = "SELECT office_id FROM unit WHERE id = ?1 AND archived_at IS NULL";

int cpol__work_check_office(cpol_db *db, cpol_id office_id, const char *field)
{
	return check_exists(db, OFFICE_EXISTS_SQL, office_id, field, "office");
}

int cpol__work_check_staff_opt(cpol_db *db, cpol_id staff_id, const char *field)
{
	return staff_id == 0 ? 0 : check_exists(db, STAFF_EXISTS_SQL, staff_id, field, "staff member");
}

int cpol__work_check_address_opt(cpol_db *db, cpol_id address_id, const char *field)
{
	return address_id == 0 ? 0 : check_exists(db, ADDRESS_EXISTS_SQL, address_id, field, "address");
}

int cpol__work_check_person_opt(cpol_db *db, cpol_id person_id, const char *field)
{
	return person_id == 0 ? 0 : check_exists(db, PERSON_EXISTS_SQL, person_id, field, "person");
}

int cpol__work_check_house_opt(cpol_db *db, cpol_id house_id, const char *field)
{
	return house_id == 0 ? 0 : check_exists(db, HOUSE_EXISTS_SQL, house_id, field, "house");
}

int cpol__work_unit_office(cpol_db *db, cpol_id unit_id, const char *field, cpol_id *office_id)
{
	cpol__stmt *st;
	int rc;

	if (unit_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s is required", field);
	if ((rc = cpol__db_stmt(db, &st, UNIT_OFFICE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	rc = cpol__work_step_row(db, st, "reading a unit");
	if (rc == 0)
		*office_id = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "no live unit with id %lld",
		                          (long long)unit_id);
	return rc;
}

const char *cpol__work_code_name(const char *const *codes, int value)
{
	int i;
	for (i = 0; codes[i]; i++)
		if (i + 1 == value)
			return codes[i];
	return "unknown";
}

int cpol__work_code_parse(int *out, const char *const *codes, const char *name, const char *field)
{
	int i;
	for (i = 0; name && codes[i]; i++) {
		if (strcmp(codes[i], name) == 0) {
			*out = i + 1;
			return 0;
		}
	}
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "unknown %s '%s'", field,
	                          name ? name : "(null)");
}

static int code_valid(const char *const *codes, int value)
{
	return strcmp(cpol__work_code_name(codes, value), "unknown") != 0;
}

int cpol__work_bind_id_opt(cpol__stmt *st, int idx, cpol_id id)
{
	return (id ? cpol__st_bind_int64(st, idx, id) : cpol__st_bind_null(st, idx)) == CPOL__OK
	       ? 0 : cpol__error_oom();
}

int cpol__work_extend_to_working_day(cpol_date *out, const cpol_rules *rules, cpol_date d)
{
	return cpol__rules_move_forward(out, NULL, rules, d);
}

/* ------------------------------------------------------------------ names */

const char *cpol_unit_status_name(cpol_unit_status status)
{
	return cpol__work_code_name(cpol__unit_status_codes, (int)status);
}

int cpol_unit_status_parse(cpol_unit_status *out, const char *name)
{
	int v = 0, rc = cpol__work_code_parse(&v, cpol__unit_status_codes, name, "status");
	if (rc == 0)
		*out = (cpol_unit_status)v;
	return rc;
}

const char *cpol_prevention_kind_name(cpol_prevention_kind kind)
{
	return cpol__work_code_name(cpol__prevention_kind_codes, (int)kind);
}

int cpol_prevention_kind_parse(cpol_prevention_kind *out, const char *name)
{
	int v = 0, rc = cpol__work_code_parse(&v, cpol__prevention_kind_codes, name, "kind");
	if (rc == 0)
		*out = (cpol_prevention_kind)v;
	return rc;
}

/* ------------------------------------------------------------- init helpers */

int cpol_unit_new_init(cpol_unit_new *spec, unsigned int version)
{
	static const cpol_unit_new init = CPOL_UNIT_NEW_INIT;
	int rc;
	if (!spec)
		return cpol__error_set(CPOL_EINVAL, "spec is NULL");
	if ((rc = cpol__work_check_version(version, CPOL_UNIT_NEW_VERSION, "cpol_unit_new")) < 0)
		return rc;
	*spec = init;
	return 0;
}

int cpol_unit_change_init(cpol_unit_change *change, unsigned int version)
{
	static const cpol_unit_change init = CPOL_UNIT_CHANGE_INIT;
	int rc;
	if (!change)
		return cpol__error_set(CPOL_EINVAL, "change is NULL");
	if ((rc = cpol__work_check_version(version, CPOL_UNIT_CHANGE_VERSION, "cpol_unit_change")) < 0)
		return rc;
	*change = init;
	return 0;
}

int cpol_unit_query_init(cpol_unit_query *query, unsigned int version)
{
	static const cpol_unit_query init = CPOL_UNIT_QUERY_INIT;
	int rc;
	if (!query)
		return cpol__error_set(CPOL_EINVAL, "query is NULL");
	if ((rc = cpol__work_check_version(version, CPOL_UNIT_QUERY_VERSION, "cpol_unit_query")) < 0)
		return rc;
	*query = init;
	return 0;
}

int cpol_prevention_org_new_init(cpol_prevention_org_new *spec, unsigned int version)
{
	static const cpol_prevention_org_new init = CPOL_PREVENTION_ORG_NEW_INIT;
	int rc;
	if (!spec)
		return cpol__error_set(CPOL_EINVAL, "spec is NULL");
	if ((rc = cpol__work_check_version(version, CPOL_PREVENTION_ORG_NEW_VERSION,
	                                   "cpol_prevention_org_new")) < 0)
		return rc;
	*spec = init;
	return 0;
}

/* ---------------------------------------------------------------------- SQL */

static const char UNIT_INSERT_SQL[] =
	"INSERT INTO unit (office_id, address_id, officer_id, type_code, name, code, location,"
	" responsible_name, responsible_phone, security_name, security_phone, status, status_since, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'open', ?12, ?13)";
static const char STATUS_INSERT_SQL[] =
	"INSERT INTO unit_status (unit_id, status, valid_from, reason) VALUES (?1, ?2, ?3, ?4)";
static const char CODE_IN_USE_SQL[] =
	"SELECT id FROM unit WHERE code = ?1 AND archived_at IS NULL AND id <> ?2";

#define UNIT_COLUMNS CPOL__UNIT_COLUMNS

static const char UNIT_GET_SQL[] = "SELECT " UNIT_COLUMNS " FROM unit WHERE id = ?1";

/* Checks that a type is a place type of the rules. */
static int check_type(const cpol_rules *rules, const char *type)
{
	const cpol_rules_place_type *pt;
	int rc;

	if ((rc = cpol__work_need_text(type, "type")) < 0)
		return rc;
	if (!rules)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "rules",
		                          "the region rules are needed to check the place type");
	if (cpol_rules_find_place_type(&pt, rules, type) < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "type",
		                          "'%s' is not a place type of the rules of region '%s' (places.types)",
		                          type, cpol_rules_region(rules));
	return 0;
}

static int check_code_free(cpol_db *db, const char *code, cpol_id self)
{
	cpol__stmt *st;
	int rc;

	if (!code || !*code)
		return 0;
	if ((rc = cpol__db_stmt(db, &st, CODE_IN_USE_SQL)) < 0)
		return rc;
	cpol__bind_text(st, 1, code);
	cpol__st_bind_int64(st, 2, self);
	rc = cpol__work_step_row(db, st, "checking a unit code");
	cpol__st_reset(st);
	if (rc == 0)
		return cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, "code",
		                          "code '%s' is already used by another unit", code);
	return rc == CPOL_ENOTFOUND ? 0 : rc;
}

static int insert_status(cpol_db *db, cpol_id unit_id, cpol_unit_status status, cpol_date from,
                         const char *reason)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, STATUS_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	cpol__bind_text(st, 2, cpol_unit_status_name(status));
	cpol__bind_date(st, 3, from);
	cpol__bind_text_opt(st, 4, reason);
	return cpol__db_step_done(db, st, "recording a unit status");
}

static int unit_add(cpol_id *out, cpol_db *db, const cpol_rules *rules, const cpol_unit_new *spec)
{
	cpol__stmt *st;
	cpol_id id;
	int rc;

	if ((rc = cpol__work_check_version(spec->version, CPOL_UNIT_NEW_VERSION, "cpol_unit_new")) < 0 ||
	    (rc = cpol__work_need_text(spec->name, "name")) < 0 ||
	    (rc = cpol__work_need_date(spec->opened_on, "opened_on")) < 0 ||
	    (rc = check_type(rules, spec->type)) < 0 ||
	    (rc = cpol__work_check_office(db, spec->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_address_opt(db, spec->address_id, "address_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, spec->officer_id, "officer_id")) < 0 ||
	    (rc = check_code_free(db, spec->code, 0)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, UNIT_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, spec->office_id);
	cpol__work_bind_id_opt(st, 2, spec->address_id);
	cpol__work_bind_id_opt(st, 3, spec->officer_id);
	cpol__bind_text(st, 4, spec->type);
	cpol__bind_text(st, 5, spec->name);
	cpol__bind_text_opt(st, 6, spec->code);
	cpol__bind_text_opt(st, 7, spec->location);
	cpol__bind_text_opt(st, 8, spec->responsible_name);
	cpol__bind_text_opt(st, 9, spec->responsible_phone);
	cpol__bind_text_opt(st, 10, spec->security_name);
	cpol__bind_text_opt(st, 11, spec->security_phone);
	cpol__bind_date(st, 12, spec->opened_on);
	cpol__bind_text_opt(st, 13, spec->note);
	if ((rc = cpol__db_step_done(db, st, "adding a unit")) < 0)
		return rc;
	id = cpol__db_last_id(db);
	if ((rc = insert_status(db, id, CPOL_UNIT_OPEN, spec->opened_on, "opened")) < 0)
		return rc;
	if (out)
		*out = id;
	return 0;
}

int cpol_unit_add(cpol_id *out, cpol_db *db, const cpol_rules *rules, const cpol_unit_new *spec)
{
	int rc;

	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_unit_add: db and spec are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = unit_add(out, db, rules, spec);
	return cpol__db_finish(db, rc);
}

/* ------------------------------------------------------------------ update */

static const char UNIT_UPDATE_SQL[] =
	"UPDATE unit SET"
	" name = coalesce(?2, name),"
	" type_code = coalesce(?3, type_code),"
	" address_id = CASE WHEN ?4 < 0 THEN address_id WHEN ?4 = 0 THEN NULL ELSE ?4 END,"
	" officer_id = CASE WHEN ?5 < 0 THEN officer_id WHEN ?5 = 0 THEN NULL ELSE ?5 END,"
	" code = CASE WHEN ?6 IS NULL THEN code WHEN ?6 = '' THEN NULL ELSE ?6 END,"
	" location = CASE WHEN ?7 IS NULL THEN location WHEN ?7 = '' THEN NULL ELSE ?7 END,"
	" responsible_name = CASE WHEN ?8 IS NULL THEN responsible_name WHEN ?8 = '' THEN NULL ELSE ?8 END,"
	" responsible_phone = CASE WHEN ?9 IS NULL THEN responsible_phone WHEN ?9 = '' THEN NULL ELSE ?9 END,"
	" security_name = CASE WHEN ?10 IS NULL THEN security_name WHEN ?10 = '' THEN NULL ELSE ?10 END,"
	" security_phone = CASE WHEN ?11 IS NULL THEN security_phone WHEN ?11 = '' THEN NULL ELSE ?11 END,"
	" note = CASE WHEN ?12 IS NULL THEN note WHEN ?12 = '' THEN NULL ELSE ?12 END"
	" WHERE id = ?1 AND archived_at IS NULL";

/* Binds text as given: NULL stays NULL ("keep"), "" stays "" ("clear"). */
static void bind_keep(cpol__stmt *st, int idx, const char *s)
{
	if (s)
		cpol__bind_text(st, idx, s);
	else
		cpol__st_bind_null(st, idx);
}

static int unit_update(cpol_db *db, const cpol_rules *rules, cpol_id unit_id,
                       const cpol_unit_change *c)
{
	cpol__stmt *st;
	cpol_id office;
	int rc;

	if ((rc = cpol__work_check_version(c->version, CPOL_UNIT_CHANGE_VERSION, "cpol_unit_change")) < 0 ||
	    (rc = cpol__work_unit_office(db, unit_id, "unit_id", &office)) < 0)
		return rc;
	if (c->name && !*c->name)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "name", "name cannot be cleared");
	if (c->type && (rc = check_type(rules, c->type)) < 0)
		return rc;
	if (c->address_id > 0 && (rc = cpol__work_check_address_opt(db, c->address_id, "address_id")) < 0)
		return rc;
	if (c->officer_id > 0 && (rc = cpol__work_check_staff_opt(db, c->officer_id, "officer_id")) < 0)
		return rc;
	if ((rc = check_code_free(db, c->code, unit_id)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, UNIT_UPDATE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	bind_keep(st, 2, c->name);
	bind_keep(st, 3, c->type);
	cpol__st_bind_int64(st, 4, c->address_id);
	cpol__st_bind_int64(st, 5, c->officer_id);
	bind_keep(st, 6, c->code);
	bind_keep(st, 7, c->location);
	bind_keep(st, 8, c->responsible_name);
	bind_keep(st, 9, c->responsible_phone);
	bind_keep(st, 10, c->security_name);
	bind_keep(st, 11, c->security_phone);
	bind_keep(st, 12, c->note);
	return cpol__db_step_done(db, st, "updating a unit");
}

int cpol_unit_update(cpol_db *db, const cpol_rules *rules, cpol_id unit_id,
                     const cpol_unit_change *change)
{
	int rc;

	if (!db || !change)
		return cpol__error_set(CPOL_EINVAL, "cpol_unit_update: db and change are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = unit_update(db, rules, unit_id, change);
	return cpol__db_finish(db, rc);
}

/* ------------------------------------------------------------------ status */

static const char OPEN_PERIOD_SQL[] =
	"SELECT s.id, s.status, s.valid_from FROM unit_status s JOIN unit u ON u.id = s.unit_id"
	" WHERE s.unit_id = ?1 AND s.valid_to IS NULL AND u.archived_at IS NULL";
static const char CLOSE_PERIOD_SQL[] = "UPDATE unit_status SET valid_to = ?2 WHERE id = ?1";
static const char UNIT_SET_STATUS_SQL[] =
	"UPDATE unit SET status = ?2, status_since = ?3 WHERE id = ?1";

static int set_status(cpol_db *db, cpol_id unit_id, cpol_unit_status status, cpol_date from,
                      const char *reason)
{
	cpol__stmt *st;
	cpol_id period;
	cpol_date since;
	char cur[16];
	char buf[CPOL_DATE_BUFSZ];
	int rc;

	if (!code_valid(cpol__unit_status_codes, (int)status))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "status", "unknown unit status %d", (int)status);
	if ((rc = cpol__work_need_date(from, "from")) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, OPEN_PERIOD_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	rc = cpol__work_step_row(db, st, "reading a unit status");
	if (rc == CPOL_ENOTFOUND) {
		cpol__st_reset(st);
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "unit_id", "no live unit with id %lld",
		                          (long long)unit_id);
	}
	if (rc < 0) {
		cpol__st_reset(st);
		return rc;
	}
	period = cpol__st_column_int64(st, 0);
	snprintf(cur, sizeof(cur), "%s", (const char *)cpol__st_column_text(st, 1));
	since = cpol__column_date(st, 2);
	cpol__st_reset(st);

	if (strcmp(cur, cpol_unit_status_name(status)) == 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "status", "unit %lld is already %s",
		                          (long long)unit_id, cur);
	if (from <= since)
		return cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "from",
		                          "the new status must begin after %s, when the current one (%s) began",
		                          cpol_date_format(buf, since), cur);
	if ((rc = cpol__db_stmt(db, &st, CLOSE_PERIOD_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, period);
	cpol__bind_date(st, 2, from - 1);
	if ((rc = cpol__db_step_done(db, st, "closing a unit status period")) < 0)
		return rc;
	if ((rc = insert_status(db, unit_id, status, from, reason)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, UNIT_SET_STATUS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	cpol__bind_text(st, 2, cpol_unit_status_name(status));
	cpol__bind_date(st, 3, from);
	return cpol__db_step_done(db, st, "updating a unit status");
}

int cpol_unit_set_status(cpol_db *db, cpol_id unit_id, cpol_unit_status status, cpol_date from,
                         const char *reason)
{
	int rc;

	if (!db)
		return cpol__error_set(CPOL_EINVAL, "db is NULL");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = set_status(db, unit_id, status, from, reason);
	return cpol__db_finish(db, rc);
}

static const char STATUS_ON_SQL[] =
	"SELECT status FROM unit_status WHERE unit_id = ?1 AND valid_from <= ?2"
	" AND (valid_to IS NULL OR valid_to >= ?2) ORDER BY valid_from DESC LIMIT 1";

int cpol_unit_status_on(cpol_unit_status *out, cpol_db *db, cpol_id unit_id, cpol_date on)
{
	cpol__stmt *st;
	char buf[CPOL_DATE_BUFSZ];
	int rc, v = 0;

	if ((rc = cpol__work_need_date(on, "on")) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, STATUS_ON_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	cpol__bind_date(st, 2, on);
	rc = cpol__work_step_row(db, st, "reading a unit status");
	if (rc == 0)
		rc = cpol__work_code_parse(&v, cpol__unit_status_codes,
		                           (const char *)cpol__st_column_text(st, 0), "status");
	cpol__st_reset(st);
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "unit_id",
		                          "unit %lld was not on file on %s", (long long)unit_id,
		                          cpol_date_format(buf, on));
	if (rc == 0)
		*out = (cpol_unit_status)v;
	return rc;
}

static const char HISTORY_SQL[] =
	"SELECT id, status, valid_from, valid_to, reason FROM unit_status WHERE unit_id = ?1"
	" ORDER BY valid_from, id";

void cpol_unit_history_free(cpol_unit_history *h)
{
	size_t i;
	if (!h)
		return;
	for (i = 0; i < h->count; i++)
		free((char *)h->periods[i].reason);
	free(h->periods);
	free(h);
}

int cpol_unit_history_get(cpol_unit_history **out, cpol_db *db, cpol_id unit_id)
{
	cpol_unit_history *h;
	cpol__stmt *st;
	int rc, oom = 0;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, HISTORY_SQL)) < 0)
		return rc;
	if (!(h = calloc(1, sizeof(*h))))
		return cpol__error_oom();
	cpol__st_bind_int64(st, 1, unit_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_unit_period *p = realloc(h->periods, sizeof(*p) * (h->count + 1));
		int v = 0;
		if (!p) {
			oom = 1;
			break;
		}
		h->periods = p;
		p = &h->periods[h->count++];
		memset(p, 0, sizeof(*p));
		p->id = cpol__st_column_int64(st, 0);
		cpol__work_code_parse(&v, cpol__unit_status_codes, (const char *)cpol__st_column_text(st, 1),
		                      "status");
		p->status = (cpol_unit_status)v;
		p->valid_from = cpol__column_date(st, 2);
		p->valid_to = cpol__column_date(st, 3);
		p->reason = cpol__column_strdup(st, 4, &oom);
	}
	if (oom)
		rc = cpol__error_oom();
	else if (rc != CPOL__DONE)
		rc = cpol__db_error(db, rc, "reading a unit history");
	else if (h->count == 0)
		rc = cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "unit_id", "no unit with id %lld",
		                        (long long)unit_id);
	else
		rc = 0;
	cpol__st_reset(st);
	if (rc < 0) {
		cpol_unit_history_free(h);
		return rc;
	}
	*out = h;
	return 0;
}

/* -------------------------------------------------------------------- read */

void cpol_unit_free(cpol_unit *u)
{
	cpol__record_free(cpol__record_desc_of(CPOL_RECORD_UNIT), u);
}

int cpol_unit_get(cpol_unit **out, cpol_db *db, cpol_id unit_id)
{
	cpol__stmt *st;
	cpol_unit *u;
	int rc, oom = 0;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, UNIT_GET_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	rc = cpol__work_step_row(db, st, "reading a unit");
	if (rc < 0) {
		cpol__st_reset(st);
		if (rc == CPOL_ENOTFOUND)
			return cpol__error_set_at(rc, NULL, 0, 0, "unit_id", "no unit with id %lld",
			                          (long long)unit_id);
		return rc;
	}
	if (!(u = calloc(1, sizeof(*u)))) {
		cpol__st_reset(st);
		return cpol__error_oom();
	}
	cpol__record_decode(cpol__record_desc_of(CPOL_RECORD_UNIT), u, st, 1, &oom);
	cpol__st_reset(st);
	if (oom) {
		cpol_unit_free(u);
		return cpol__error_oom();
	}
	*out = u;
	return 0;
}

/* ---------------------------------------------------------------- contacts */

static const char CONTACT_INSERT_SQL[] =
	"INSERT INTO unit_contact (unit_id, role, name, phone, note) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char CONTACT_ARCHIVE_SQL[] =
	"UPDATE unit_contact SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";
static const char CONTACTS_SQL[] =
	"SELECT id, unit_id, role, name, phone, note FROM unit_contact"
	" WHERE unit_id = ?1 AND archived_at IS NULL ORDER BY id";
static const char UNIT_ANY_SQL[] = "SELECT 1 FROM unit WHERE id = ?1";

int cpol_unit_contact_add(cpol_id *out, cpol_db *db, cpol_id unit_id, const char *role,
                          const char *name, const char *phone, const char *note)
{
	cpol__stmt *st;
	cpol_id office;
	int rc;

	if ((rc = cpol__work_need_text(role, "role")) < 0 ||
	    (rc = cpol__work_need_text(name, "name")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__work_unit_office(db, unit_id, "unit_id", &office)) < 0 ||
	    (rc = cpol__db_stmt(db, &st, CONTACT_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, unit_id);
	cpol__bind_text(st, 2, role);
	cpol__bind_text(st, 3, name);
	cpol__bind_text_opt(st, 4, phone);
	cpol__bind_text_opt(st, 5, note);
	if ((rc = cpol__db_step_done(db, st, "adding a unit contact")) == 0 && out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

/* Run an archiving UPDATE on one id; CPOL_ENOTFOUND (field) when nothing changed. */
static int archive_one(cpol_db *db, const char *sql, cpol_id id, const char *field, const char *what)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	if ((rc = cpol__db_step_done(db, st, "archiving")) < 0)
		goto done;
	if (cpol__db_changes(db) == 0)
		rc = cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "no live %s with id %lld",
		                        what, (long long)id);
done:
	return cpol__db_finish(db, rc);
}

int cpol_unit_contact_archive(cpol_db *db, cpol_id contact_id)
{
	return archive_one(db, CONTACT_ARCHIVE_SQL, contact_id, "contact_id", "contact");
}

void cpol_unit_contacts_free(cpol_unit_contacts *c)
{
	size_t i;
	if (!c)
		return;
	for (i = 0; i < c->count; i++) {
		free((char *)c->contacts[i].role);
		free((char *)c->contacts[i].name);
		free((char *)c->contacts[i].phone);
		free((char *)c->contacts[i].note);
	}
	free(c->contacts);
	free(c);
}

int cpol_unit_contacts_get(cpol_unit_contacts **out, cpol_db *db, cpol_id unit_id)
{
	cpol_unit_contacts *c;
	cpol__stmt *st;
	int rc, oom = 0;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, UNIT_ANY_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	rc = cpol__work_step_row(db, st, "reading a unit");
	cpol__st_reset(st);
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(rc, NULL, 0, 0, "unit_id", "no unit with id %lld", (long long)unit_id);
	if (rc < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, CONTACTS_SQL)) < 0)
		return rc;
	if (!(c = calloc(1, sizeof(*c))))
		return cpol__error_oom();
	cpol__st_bind_int64(st, 1, unit_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_unit_contact *p = realloc(c->contacts, sizeof(*p) * (c->count + 1));
		if (!p) {
			oom = 1;
			break;
		}
		c->contacts = p;
		p = &c->contacts[c->count++];
		memset(p, 0, sizeof(*p));
		p->id = cpol__st_column_int64(st, 0);
		p->unit_id = cpol__st_column_int64(st, 1);
		p->role = cpol__column_strdup(st, 2, &oom);
		p->name = cpol__column_strdup(st, 3, &oom);
		p->phone = cpol__column_strdup(st, 4, &oom);
		p->note = cpol__column_strdup(st, 5, &oom);
	}
	if (oom)
		rc = cpol__error_oom();
	else
		rc = rc == CPOL__DONE ? 0 : cpol__db_error(db, rc, "reading contacts");
	cpol__st_reset(st);
	if (rc < 0) {
		cpol_unit_contacts_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static const char UNIT_ARCHIVE_SQL[] =
	"UPDATE unit SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

int cpol_unit_archive(cpol_db *db, cpol_id unit_id)
{
	return archive_one(db, UNIT_ARCHIVE_SQL, unit_id, "unit_id", "unit");
}

/* ---------------------------------------------------------------- iterator */

struct cpol_unit_iter {
	cpol_db *db;
	cpol__stmt *st;
	cpol_unit row;
	char *type;
};

/*
 * Two fixed texts, one per access path, so that a listing by office uses
 * the office index; the other filters are "?n IS NULL OR ..." terms.
 */
#define UNIT_FILTERS \
	" AND (?2 = 0 OR officer_id = ?2) AND (?3 = 0 OR address_id = ?3)" \
	" AND (?4 IS NULL OR type_code = ?4) AND (?5 IS NULL OR status = ?5)" \
	" AND (?6 = 1 OR archived_at IS NULL)"
static const char UNIT_ITER_OFFICE_SQL[] =
	"SELECT " UNIT_COLUMNS " FROM unit WHERE office_id = ?1" UNIT_FILTERS " ORDER BY id";
static const char UNIT_ITER_ALL_SQL[] =
	"SELECT " UNIT_COLUMNS " FROM unit WHERE ?1 = 0" UNIT_FILTERS " ORDER BY id";
static const char UNIT_COUNT_OFFICE_SQL[] =
	"SELECT count(*) FROM unit WHERE office_id = ?1" UNIT_FILTERS;
static const char UNIT_COUNT_ALL_SQL[] =
	"SELECT count(*) FROM unit WHERE ?1 = 0" UNIT_FILTERS;

static int bind_unit_query(cpol__stmt *st, const cpol_unit_query *q)
{
	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	cpol__st_bind_int64(st, 3, q->address_id);
	cpol__bind_text_opt(st, 4, q->type);
	if (q->status)
		cpol__bind_text(st, 5, cpol_unit_status_name(q->status));
	cpol__st_bind_int(st, 6, q->include_archived ? 1 : 0);
	return 0;
}

static int check_unit_query(const cpol_unit_query *q)
{
	int rc;
	if ((rc = cpol__work_check_version(q->version, CPOL_UNIT_QUERY_VERSION, "cpol_unit_query")) < 0)
		return rc;
	if (q->status && !code_valid(cpol__unit_status_codes, (int)q->status))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "status", "unknown unit status %d",
		                          (int)q->status);
	return 0;
}

int cpol_unit_iter_new(cpol_unit_iter **out, cpol_db *db, const cpol_unit_query *query)
{
	cpol_unit_query all = CPOL_UNIT_QUERY_INIT;
	cpol_unit_iter *it;
	int rc;

	*out = NULL;
	if (!query)
		query = &all;
	if ((rc = check_unit_query(query)) < 0)
		return rc;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	rc = cpol__db_prepare(db, &it->st, query->office_id ? UNIT_ITER_OFFICE_SQL : UNIT_ITER_ALL_SQL);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "listing units");
		cpol_unit_iter_free(it);
		return rc;
	}
	bind_unit_query(it->st, query);
	*out = it;
	return 0;
}

int cpol_unit_iter_next(const cpol_unit **out, cpol_unit_iter *it)
{
	int rc = cpol__st_step(it->st);

	*out = NULL;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	if (rc != CPOL__ROW)
		return cpol__db_error(it->db, rc, "listing units");
	cpol__record_decode(cpol__record_desc_of(CPOL_RECORD_UNIT), &it->row, it->st, 0, NULL);
	*out = &it->row;
	return 0;
}

void cpol_unit_iter_free(cpol_unit_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->st);
	free(it);
}

int cpol_unit_count(int64_t *out, cpol_db *db, const cpol_unit_query *query)
{
	cpol_unit_query all = CPOL_UNIT_QUERY_INIT;
	cpol__stmt *st;
	int rc;

	if (!query)
		query = &all;
	if ((rc = check_unit_query(query)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, query->office_id ? UNIT_COUNT_OFFICE_SQL : UNIT_COUNT_ALL_SQL)) < 0)
		return rc;
	bind_unit_query(st, query);
	rc = cpol__work_step_row(db, st, "counting units");
	if (rc == 0)
		*out = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	return rc;
}

/* --------------------------------------------------- prevention organisations */

static const char ORG_INSERT_SQL[] =
	"INSERT INTO prevention_org (office_id, unit_id, kind, name, leader_name, leader_phone,"
	" obligation, since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char ORG_ARCHIVE_SQL[] =
	"UPDATE prevention_org SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

static int org_add(cpol_id *out, cpol_db *db, const cpol_prevention_org_new *s)
{
	cpol__stmt *st;
	cpol_id unit_office = 0;
	int rc;

	if ((rc = cpol__work_check_version(s->version, CPOL_PREVENTION_ORG_NEW_VERSION,
	                                   "cpol_prevention_org_new")) < 0 ||
	    (rc = cpol__work_need_text(s->name, "name")) < 0 ||
	    (rc = cpol__work_need_date(s->since, "since")) < 0)
		return rc;
	if (!code_valid(cpol__prevention_kind_codes, (int)s->kind))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "unknown organisation kind %d",
		                          (int)s->kind);
	if ((rc = cpol__work_check_office(db, s->office_id, "office_id")) < 0)
		return rc;
	if (s->unit_id) {
		if ((rc = cpol__work_unit_office(db, s->unit_id, "unit_id", &unit_office)) < 0)
			return rc;
		if (unit_office != s->office_id)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "unit_id",
			                          "unit %lld belongs to office %lld, not %lld",
			                          (long long)s->unit_id, (long long)unit_office,
			                          (long long)s->office_id);
	}
	if ((rc = cpol__db_stmt(db, &st, ORG_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->office_id);
	cpol__work_bind_id_opt(st, 2, s->unit_id);
	cpol__bind_text(st, 3, cpol_prevention_kind_name(s->kind));
	cpol__bind_text(st, 4, s->name);
	cpol__bind_text_opt(st, 5, s->leader_name);
	cpol__bind_text_opt(st, 6, s->leader_phone);
	cpol__bind_text_opt(st, 7, s->obligation);
	cpol__bind_date(st, 8, s->since);
	if ((rc = cpol__db_step_done(db, st, "adding an organisation")) == 0 && out)
		*out = cpol__db_last_id(db);
	return rc;
}

int cpol_prevention_org_add(cpol_id *out, cpol_db *db, const cpol_prevention_org_new *spec)
{
	int rc;

	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_prevention_org_add: db and spec are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = org_add(out, db, spec);
	return cpol__db_finish(db, rc);
}

int cpol_prevention_org_archive(cpol_db *db, cpol_id org_id)
{
	return archive_one(db, ORG_ARCHIVE_SQL, org_id, "org_id", "organisation");
}

/*
 * libcommpolice — organisations: regions, stations, offices, districts,
 * communities, coverage, staff and their assignments.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "org_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

cpol_date cpol__org_today(cpol_db *db)
{
	return cpol_date_from_epoch(cpol_db_now(db), CPOL__UTC_OFFSET_CHINA);
}

void *cpol__org_pack(const void *rec, size_t size, const size_t *offsets, size_t n)
{
	size_t total = size, i;
	char *p, *q;

	for (i = 0; i < n; i++) {
		const char *s = *(const char *const *)((const char *)rec + offsets[i]);
		if (s)
			total += strlen(s) + 1;
	}
	if (!(p = malloc(total))) {
		cpol__error_oom();
		return NULL;
	}
	memcpy(p, rec, size);
	q = p + size;
	for (i = 0; i < n; i++) {
		const char *s = *(const char *const *)((const char *)rec + offsets[i]);
		size_t len;
		if (!s)
			continue;
		len = strlen(s) + 1;
		memcpy(q, s, len);
		*(const char **)(p + offsets[i]) = q;
		q += len;
	}
	return p;
}

int cpol__org_require_text(const char *s, const char *field, const char *what)
{
	if (!s || !*s)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s: %s is required", what, field);
	return 0;
}

int cpol__org_require_date(cpol_date d, const char *field, const char *what)
{
	char buf[CPOL_DATE_BUFSZ];
	int y;

	if (d == CPOL_DATE_NONE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s: %s is required", what, field);
	cpol_date_split(&y, NULL, NULL, d);
	if (y < 1 || y > 9999)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s: %s is out of range", what, field);
	(void)buf;
	return 0;
}

int cpol__org_step(cpol_db *db, cpol__stmt *st, const char *what, const char *field)
{
	int rc, err;

	if ((err = cpol__db_bind_failed(st)) < 0)
		return err;
	rc = cpol__st_step(st);

	if (rc == CPOL__CONSTRAINT_UNIQUE)
		err = cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, field, "%s: a live record with this %s exists",
		                         what, field ? field : "key");
	else if (rc == CPOL__CONSTRAINT_FOREIGNKEY)
		err = cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "%s: a referenced record does not exist",
		                         what);
	else if (rc != CPOL__DONE && rc != CPOL__ROW)
		err = cpol__db_error(db, rc, what);
	cpol__st_reset(st);
	return err;
}

int cpol__org_query_id(cpol_db *db, cpol__stmt *st, int64_t *out, const char *what)
{
	int rc = cpol__db_bind_failed(st);

	if (rc < 0)
		return rc;
	rc = cpol__st_step(st);

	if (rc == CPOL__ROW) {
		*out = cpol__st_column_int64(st, 0);
		cpol__st_reset(st);
		return 0;
	}
	cpol__st_reset(st);
	if (rc == CPOL__DONE)
		return cpol__error_set(CPOL_ENOTFOUND, "%s", what);
	return cpol__db_error(db, rc, what);
}

static const char LIVE_REGION_SQL[] = "SELECT id FROM region WHERE id = ?1 AND archived_at IS NULL";
static const char LIVE_STATION_SQL[] = "SELECT id FROM station WHERE id = ?1 AND archived_at IS NULL";
static const char LIVE_OFFICE_SQL[] = "SELECT id FROM office WHERE id = ?1 AND archived_at IS NULL";
static const char LIVE_DISTRICT_SQL[] = "SELECT office_id FROM district WHERE id = ?1 AND archived_at IS NULL";
static const char LIVE_COMMUNITY_SQL[] = "SELECT id FROM community WHERE id = ?1 AND archived_at IS NULL";
static const char LIVE_STAFF_SQL[] = "SELECT id FROM staff WHERE id = ?1 AND archived_at IS NULL";

static const char *const level_names[] = {
	NULL, "region", "station", "office", "district", "community", "staff"
};

static const char *live_sql(cpol_org_level level)
{
	switch (level) {
	case CPOL_ORG_REGION: return LIVE_REGION_SQL;
	case CPOL_ORG_STATION: return LIVE_STATION_SQL;
	case CPOL_ORG_OFFICE: return LIVE_OFFICE_SQL;
	case CPOL_ORG_DISTRICT: return LIVE_DISTRICT_SQL;
	case CPOL_ORG_COMMUNITY: return LIVE_COMMUNITY_SQL;
	case CPOL_ORG_STAFF: return LIVE_STAFF_SQL;
	}
	return NULL;
}

static int live_value(cpol_db *db, cpol_org_level level, cpol_id id, const char *field, int64_t *value)
{
	const char *sql = live_sql(level);
	cpol__stmt *st;
	int64_t v = 0;
	int rc;

	if (!sql)
		return cpol__error_set(CPOL_EINVAL, "unknown organisation level %d", (int)level);
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__org_query_id(db, st, &v, "");
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "no live %s with id %lld",
		                          level_names[level], (long long)id);
	if (value)
		*value = v;
	return rc;
}

int cpol__org_check_live(cpol_db *db, cpol_org_level level, cpol_id id, const char *field)
{
	return live_value(db, level, id, field, NULL);
}

static const char OFFICE_REGION_SQL[] =
	"SELECT r.code FROM office o JOIN station s ON s.id = o.station_id"
	" JOIN region r ON r.id = s.region_id WHERE o.id = ?1";

int cpol_office_region(char **out, cpol_db *db, cpol_id office_id)
{
	cpol__stmt *st;
	int rc, oom = 0;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, OFFICE_REGION_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office_id);
	rc = cpol__st_step(st);
	if (rc == CPOL__ROW) {
		*out = cpol__column_strdup(st, 0, &oom);
		cpol__st_reset(st);
		return oom ? cpol__error_oom() : 0;
	}
	cpol__st_reset(st);
	if (rc == CPOL__DONE)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "office_id", "no office with id %lld",
		                          (long long)office_id);
	return cpol__db_error(db, rc, "reading an office's region");
}

int cpol__org_office_rules(cpol_rules **out, cpol_db *db, cpol_id office_id)
{
	char *region = NULL;
	int rc;

	*out = NULL;
	if ((rc = cpol_office_region(&region, db, office_id)) < 0)
		return rc;
	rc = cpol_rules_load_region(out, region, NULL);
	free(region);
	return rc;
}

static const char COVER_SQL[] =
	"SELECT c.district_id, d.office_id FROM coverage c JOIN district d ON d.id = c.district_id"
	" WHERE c.community_id = ?1 AND c.archived_at IS NULL AND c.valid_from <= ?2"
	" AND (c.valid_to IS NULL OR c.valid_to >= ?2) ORDER BY c.valid_from DESC LIMIT 1";

int cpol__org_cover(cpol_db *db, cpol_id community_id, cpol_date on, cpol_id *district_id,
                    cpol_id *office_id)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, COVER_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, community_id);
	cpol__bind_date(st, 2, on);
	rc = cpol__st_step(st);
	if (rc == CPOL__ROW) {
		if (district_id)
			*district_id = cpol__st_column_int64(st, 0);
		if (office_id)
			*office_id = cpol__st_column_int64(st, 1);
		cpol__st_reset(st);
		return 0;
	}
	cpol__st_reset(st);
	if (rc == CPOL__DONE)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "community_id",
		                          "community %lld is covered by no district on that day",
		                          (long long)community_id);
	return cpol__db_error(db, rc, "reading district coverage");
}

int cpol_community_district(cpol_id *out, cpol_db *db, cpol_id community_id, cpol_date on)
{
	*out = 0;
	return cpol__org_cover(db, community_id, on, out, NULL);
}

/* Region codes are rule-set names: the same alphabet cpol_rules_load_region() takes. */
static int check_region_code(const char *code)
{
	const char *p;

	if (!code || !*code)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "code", "region: code is required");
	for (p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, (int)(p - code) + 1, "code",
			                          "region code '%s': only letters, digits, '_' and '-' are allowed",
			                          code);
	return 0;
}

/* ------------------------------------------------------------ structure */

static const char REGION_INSERT_SQL[] = "INSERT INTO region (code, name) VALUES (?1, ?2)";

int cpol_region_add(cpol_id *out, cpol_db *db, const char *code, const char *name)
{
	cpol__stmt *st;
	int rc;

	if ((rc = check_region_code(code)) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, REGION_INSERT_SQL)) < 0)
		goto done;
	cpol__bind_text(st, 1, code);
	cpol__bind_text(st, 2, name && *name ? name : code);
	if ((rc = cpol__org_step(db, st, "adding a region", "code")) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

static const char STATION_INSERT_SQL[] = "INSERT INTO station (region_id, name, code) VALUES (?1, ?2, ?3)";

int cpol_station_add(cpol_id *out, cpol_db *db, cpol_id region_id, const char *name, const char *code)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__org_require_text(name, "name", "station")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, CPOL_ORG_REGION, region_id, "region_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, STATION_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, region_id);
	cpol__bind_text(st, 2, name);
	cpol__bind_text_opt(st, 3, code);
	if ((rc = cpol__org_step(db, st, "adding a station", "code")) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

int cpol_office_new_init(cpol_office_new *spec, unsigned int version)
{
	static const cpol_office_new init = CPOL_OFFICE_NEW_INIT;
	if (!spec || version != CPOL_OFFICE_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_office_new version %u", version);
	*spec = init;
	return 0;
}

static const char OFFICE_INSERT_SQL[] =
	"INSERT INTO office (station_id, name, code, office_class, model, area_m2)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char STATION_REGION_SQL[] =
	"SELECT r.code FROM station s JOIN region r ON r.id = s.region_id WHERE s.id = ?1";

/*
 * The rules the office class and model of an office are checked against:
 * the caller's, else the region's (of the station, or of the office when
 * station_id is 0), loaded into *loaded (the caller frees it). field names
 * the code that needed them, for the message when they cannot be loaded.
 */
static int office_rules(const cpol_rules **out, cpol_rules **loaded, cpol_db *db, const cpol_rules *given,
                        cpol_id station_id, cpol_id office_id, const char *field)
{
	char *region = NULL;
	cpol__stmt *st;
	int rc;

	*out = given;
	*loaded = NULL;
	if (given)
		return 0;
	if (station_id) {
		int oom = 0;
		if ((rc = cpol__db_stmt(db, &st, STATION_REGION_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, station_id);
		rc = cpol__st_step(st);
		if (rc == CPOL__ROW)
			region = cpol__column_strdup(st, 0, &oom);
		cpol__st_reset(st);
		if (oom)
			return cpol__error_oom();
		if (rc == CPOL__DONE)
			return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "station_id", "no station with id %lld",
			                          (long long)station_id);
		if (rc != CPOL__ROW)
			return cpol__db_error(db, rc, "reading a station's region");
	} else if ((rc = cpol_office_region(&region, db, office_id)) < 0) {
		return rc;
	}
	if ((rc = cpol_rules_load_region(loaded, region, NULL)) < 0) {
		char msg[400];
		snprintf(msg, sizeof(msg), "%s", cpol_error_last()->message);
		rc = cpol__error_set_at(rc, NULL, 0, 0, field,
		                        "office: %s is checked against the rules of region '%s', which cannot be"
		                        " loaded (pass the rules in cpol_office_new.rules): %s", field, region, msg);
	}
	free(region);
	*out = *loaded;
	return rc;
}

/*
 * An office class or staffing model must be a code of the rules
 * (staffing.office_classes, staffing.models): CPOL_EINVAL naming the field
 * and listing the valid codes otherwise.
 */
static int office_codes_check(const cpol_rules *rules, const char *office_class, const char *model)
{
	const cpol_rules_staffing *st = cpol_rules_get_staffing(rules);
	const cpol_rules_office_class *oc;
	const cpol_rules_staffing_model *sm;
	cpol__buf codes = { 0 };
	size_t i;
	int rc = 0;

	if (office_class && *office_class && cpol_rules_find_office_class(&oc, rules, office_class) < 0) {
		for (i = 0; i < st->office_class_count; i++)
			cpol__buf_printf(&codes, "%s%s", i ? ", " : "", st->office_classes[i].code);
		rc = st->office_class_count
			? cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "office_class",
			                     "office: office_class '%s' is not a class of region %s"
			                     " (staffing.office_classes: %s)", office_class, cpol_rules_region(rules),
			                     codes.oom ? "..." : codes.ptr)
			: cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "office_class",
			                     "office: office_class '%s' is not a class of region %s, whose rules"
			                     " define no office classes (staffing.office_classes); leave it empty",
			                     office_class, cpol_rules_region(rules));
	} else if (model && *model && cpol_rules_find_model(&sm, rules, model) < 0) {
		for (i = 0; i < st->model_count; i++)
			cpol__buf_printf(&codes, "%s%s", i ? ", " : "", st->models[i].code);
		rc = st->model_count
			? cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "model",
			                     "office: model '%s' is not a staffing model of region %s"
			                     " (staffing.models: %s)", model, cpol_rules_region(rules),
			                     codes.oom ? "..." : codes.ptr)
			: cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "model",
			                     "office: model '%s' is not a staffing model of region %s, whose rules"
			                     " define none (staffing.models); leave it empty", model,
			                     cpol_rules_region(rules));
	}
	cpol__buf_free(&codes);
	return rc;
}

/* Check the codes given (if any) against the rules; loads the region's when none are given. */
static int office_codes_ok(cpol_db *db, const cpol_rules *given, cpol_id station_id, cpol_id office_id,
                           const char *office_class, const char *model)
{
	const cpol_rules *rules;
	cpol_rules *loaded = NULL;
	int rc;

	if ((!office_class || !*office_class) && (!model || !*model))
		return 0;
	rc = office_rules(&rules, &loaded, db, given, station_id, office_id,
	                  office_class && *office_class ? "office_class" : "model");
	if (rc == 0)
		rc = office_codes_check(rules, office_class, model);
	cpol_rules_free(loaded);
	return rc;
}

int cpol_office_add(cpol_id *out, cpol_db *db, const cpol_office_new *spec)
{
	cpol__stmt *st;
	int rc;

	if (!spec || spec->version != CPOL_OFFICE_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "office: unknown cpol_office_new version");
	if ((rc = cpol__org_require_text(spec->name, "name", "office")) < 0)
		return rc;
	if (spec->area_m2 < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "area_m2", "office: area_m2 is negative");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, CPOL_ORG_STATION, spec->station_id, "station_id")) < 0 ||
	    (rc = office_codes_ok(db, spec->rules, spec->station_id, 0, spec->office_class, spec->model)) < 0 ||
	    (rc = cpol__db_stmt(db, &st, OFFICE_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, spec->station_id);
	cpol__bind_text(st, 2, spec->name);
	cpol__bind_text_opt(st, 3, spec->code);
	cpol__bind_text_opt(st, 4, spec->office_class);
	cpol__bind_text_opt(st, 5, spec->model);
	cpol__st_bind_double(st, 6, spec->area_m2);
	if ((rc = cpol__org_step(db, st, "adding an office", "code")) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

static const char OFFICE_SET_CLASS_SQL[] =
	"UPDATE office SET office_class = ifnull(?2, office_class), model = ifnull(?3, model)"
	" WHERE id = ?1 AND archived_at IS NULL";

int cpol_office_set_class(cpol_db *db, const cpol_rules *rules, cpol_id office_id, const char *office_class,
                          const char *model)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, CPOL_ORG_OFFICE, office_id, "office_id")) < 0 ||
	    (rc = office_codes_ok(db, rules, 0, office_id, office_class, model)) < 0 ||
	    (rc = cpol__db_stmt(db, &st, OFFICE_SET_CLASS_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__bind_text_opt(st, 2, office_class);
	cpol__bind_text_opt(st, 3, model);
	rc = cpol__org_step(db, st, "changing an office's class", NULL);
done:
	return cpol__db_finish(db, rc);
}

static const char DISTRICT_INSERT_SQL[] = "INSERT INTO district (office_id, name, code) VALUES (?1, ?2, ?3)";

int cpol_district_add(cpol_id *out, cpol_db *db, cpol_id office_id, const char *name, const char *code)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__org_require_text(name, "name", "district")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, CPOL_ORG_OFFICE, office_id, "office_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, DISTRICT_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__bind_text(st, 2, name);
	cpol__bind_text_opt(st, 3, code);
	if ((rc = cpol__org_step(db, st, "adding a district", "code")) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

static const char COMMUNITY_INSERT_SQL[] =
	"INSERT INTO community (station_id, kind, name, area_prefix, code) VALUES (?1, ?2, ?3, ?4, ?5)";

int cpol_community_add(cpol_id *out, cpol_db *db, cpol_id station_id, cpol_community_kind kind,
                       const char *name, const char *area_prefix, const char *code)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__org_require_text(name, "name", "community")) < 0)
		return rc;
	if (kind != CPOL_COMMUNITY_URBAN && kind != CPOL_COMMUNITY_VILLAGE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "community: kind must be urban or village");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, CPOL_ORG_STATION, station_id, "station_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, COMMUNITY_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, station_id);
	cpol__bind_text(st, 2, kind == CPOL_COMMUNITY_URBAN ? "urban" : "village");
	cpol__bind_text(st, 3, name);
	cpol__bind_text_opt(st, 4, area_prefix);
	cpol__bind_text_opt(st, 5, code);
	if ((rc = cpol__org_step(db, st, "adding a community", "code")) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

/* ------------------------------------------------------------- coverage */

static const char COVER_OPEN_SQL[] =
	"SELECT id, valid_from, district_id FROM coverage WHERE community_id = ?1 AND valid_to IS NULL"
	" AND archived_at IS NULL ORDER BY valid_from DESC LIMIT 1";
static const char COVER_CLOSE_SQL[] = "UPDATE coverage SET valid_to = ?2 WHERE id = ?1";
static const char COVER_INSERT_SQL[] =
	"INSERT INTO coverage (district_id, community_id, valid_from) VALUES (?1, ?2, ?3)";

int cpol_district_cover(cpol_id *out, cpol_db *db, cpol_id district_id, cpol_id community_id,
                        cpol_date from)
{
	cpol__stmt *st;
	cpol_id open_id = 0;
	cpol_date open_from = CPOL_DATE_NONE;
	int rc;

	if ((rc = cpol__org_require_date(from, "from", "coverage")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, CPOL_ORG_DISTRICT, district_id, "district_id")) < 0 ||
	    (rc = cpol__org_check_live(db, CPOL_ORG_COMMUNITY, community_id, "community_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, COVER_OPEN_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, community_id);
	if ((rc = cpol__st_step(st)) == CPOL__ROW) {
		open_id = cpol__st_column_int64(st, 0);
		open_from = cpol__column_date(st, 1);
	}
	cpol__st_reset(st);
	if (rc != CPOL__ROW && rc != CPOL__DONE) {
		rc = cpol__db_error(db, rc, "reading coverage");
		goto done;
	}
	rc = 0;
	if (open_id) {
		if (from <= open_from) {
			rc = cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "from",
			                        "coverage: community %lld is covered since a day on or after this one",
			                        (long long)community_id);
			goto done;
		}
		if ((rc = cpol__db_stmt(db, &st, COVER_CLOSE_SQL)) < 0)
			goto done;
		cpol__st_bind_int64(st, 1, open_id);
		cpol__bind_date(st, 2, from - 1);
		if ((rc = cpol__org_step(db, st, "closing a coverage", NULL)) < 0)
			goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, COVER_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, district_id);
	cpol__st_bind_int64(st, 2, community_id);
	cpol__bind_date(st, 3, from);
	if ((rc = cpol__org_step(db, st, "adding a coverage", NULL)) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

static const char COVER_OPEN_OF_SQL[] =
	"SELECT id, valid_from FROM coverage WHERE community_id = ?1 AND district_id = ?2"
	" AND valid_to IS NULL AND archived_at IS NULL";

int cpol_district_uncover(cpol_db *db, cpol_id district_id, cpol_id community_id, cpol_date to)
{
	cpol__stmt *st;
	cpol_id open_id = 0;
	cpol_date open_from = CPOL_DATE_NONE;
	int rc;

	if ((rc = cpol__org_require_date(to, "to", "coverage")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, COVER_OPEN_OF_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, community_id);
	cpol__st_bind_int64(st, 2, district_id);
	if ((rc = cpol__st_step(st)) == CPOL__ROW) {
		open_id = cpol__st_column_int64(st, 0);
		open_from = cpol__column_date(st, 1);
	}
	cpol__st_reset(st);
	rc = 0;
	if (!open_id) {
		rc = cpol__error_set(CPOL_ENOTFOUND, "district %lld has no open coverage of community %lld",
		                     (long long)district_id, (long long)community_id);
		goto done;
	}
	if (to < open_from) {
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "coverage: 'to' is before its start");
		goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, COVER_CLOSE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, open_id);
	cpol__bind_date(st, 2, to);
	rc = cpol__org_step(db, st, "closing a coverage", NULL);
done:
	return cpol__db_finish(db, rc);
}

/* ----------------------------------------------------------- get, find */

static const char GET_REGION_SQL[] =
	"SELECT id, 0, code, name, NULL, NULL, 0, NULL, NULL, archived_at FROM region WHERE id = ?1";
static const char GET_STATION_SQL[] =
	"SELECT id, region_id, code, name, NULL, NULL, 0, NULL, NULL, archived_at FROM station WHERE id = ?1";
static const char GET_OFFICE_SQL[] =
	"SELECT id, station_id, code, name, office_class, model, area_m2, NULL, NULL, archived_at"
	" FROM office WHERE id = ?1";
static const char GET_DISTRICT_SQL[] =
	"SELECT id, office_id, code, name, NULL, NULL, 0, NULL, NULL, archived_at FROM district WHERE id = ?1";
static const char GET_COMMUNITY_SQL[] =
	"SELECT id, station_id, code, name, NULL, NULL, 0, kind, area_prefix, archived_at"
	" FROM community WHERE id = ?1";

static const size_t org_unit_strings[] = {
	offsetof(cpol_org_unit, code), offsetof(cpol_org_unit, name),
	offsetof(cpol_org_unit, office_class), offsetof(cpol_org_unit, model),
	offsetof(cpol_org_unit, area_prefix), offsetof(cpol_org_unit, archived_at),
};

int cpol_org_unit_get(cpol_org_unit **out, cpol_db *db, cpol_org_level level, cpol_id id)
{
	const char *sql = NULL;
	cpol__stmt *st;
	cpol_org_unit u;
	const char *kind;
	int rc;

	*out = NULL;
	switch (level) {
	case CPOL_ORG_REGION: sql = GET_REGION_SQL; break;
	case CPOL_ORG_STATION: sql = GET_STATION_SQL; break;
	case CPOL_ORG_OFFICE: sql = GET_OFFICE_SQL; break;
	case CPOL_ORG_DISTRICT: sql = GET_DISTRICT_SQL; break;
	case CPOL_ORG_COMMUNITY: sql = GET_COMMUNITY_SQL; break;
	default:
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "level",
		                          "cpol_org_unit_get: level %d is not an organisation table (staff: cpol_staff_get)",
		                          (int)level);
	}
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW) {
		cpol__st_reset(st);
		if (rc == CPOL__DONE)
			return cpol__error_set(CPOL_ENOTFOUND, "no %s with id %lld", level_names[level], (long long)id);
		return cpol__db_error(db, rc, "reading an organisation record");
	}
	memset(&u, 0, sizeof(u));
	u.id = cpol__st_column_int64(st, 0);
	u.parent_id = cpol__st_column_int64(st, 1);
	u.code = (const char *)cpol__st_column_text(st, 2);
	u.name = (const char *)cpol__st_column_text(st, 3);
	u.office_class = (const char *)cpol__st_column_text(st, 4);
	u.model = (const char *)cpol__st_column_text(st, 5);
	u.area_m2 = cpol__st_column_double(st, 6);
	kind = (const char *)cpol__st_column_text(st, 7);
	u.community_kind = !kind ? 0 : strcmp(kind, "urban") == 0 ? CPOL_COMMUNITY_URBAN : CPOL_COMMUNITY_VILLAGE;
	u.area_prefix = (const char *)cpol__st_column_text(st, 8);
	u.archived_at = (const char *)cpol__st_column_text(st, 9);
	*out = cpol__org_pack(&u, sizeof(u), org_unit_strings, CPOL__ARRAY_SIZE(org_unit_strings));
	cpol__st_reset(st);
	return *out ? 0 : CPOL_ENOMEM;
}

void cpol_org_unit_free(cpol_org_unit *unit)
{
	free(unit);
}

/* Live records of a level, by id; ?1 the parent (0: any). Columns as GET_*_SQL. */
static const char LIST_REGION_SQL[] =
	"SELECT id, 0, code, name, NULL, NULL, 0, NULL, NULL, archived_at FROM region"
	" WHERE archived_at IS NULL AND ?1 = 0 ORDER BY id";
static const char LIST_STATION_SQL[] =
	"SELECT id, region_id, code, name, NULL, NULL, 0, NULL, NULL, archived_at FROM station"
	" WHERE archived_at IS NULL AND (?1 = 0 OR region_id = ?1) ORDER BY id";
static const char LIST_OFFICE_SQL[] =
	"SELECT id, station_id, code, name, office_class, model, area_m2, NULL, NULL, archived_at FROM office"
	" WHERE archived_at IS NULL AND (?1 = 0 OR station_id = ?1) ORDER BY id";
static const char LIST_DISTRICT_SQL[] =
	"SELECT id, office_id, code, name, NULL, NULL, 0, NULL, NULL, archived_at FROM district"
	" WHERE archived_at IS NULL AND (?1 = 0 OR office_id = ?1) ORDER BY id";
static const char LIST_COMMUNITY_SQL[] =
	"SELECT id, station_id, code, name, NULL, NULL, 0, kind, area_prefix, archived_at FROM community"
	" WHERE archived_at IS NULL AND (?1 = 0 OR station_id = ?1) ORDER BY id";

int cpol__org_iter_prepare(cpol_db *db, cpol__stmt **st, const char *sql, const char *what)
{
	int rc = cpol__db_prepare(db, st, sql);

	return rc == CPOL__OK ? 0 : cpol__db_error(db, rc, what);
}

int cpol__org_iter_step(cpol_db *db, cpol__stmt *st, const char *what)
{
	int rc = cpol__st_step(st);

	if (rc == CPOL__ROW)
		return 0;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	return cpol__db_error(db, rc, what);
}

struct cpol_org_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_org_unit rec;
};

int cpol_org_iter_new(cpol_org_iter **out, cpol_db *db, cpol_org_level level, cpol_id parent_id)
{
	const char *sql = NULL;
	cpol_org_iter *it;
	int rc;

	*out = NULL;
	switch (level) {
	case CPOL_ORG_REGION: sql = LIST_REGION_SQL; break;
	case CPOL_ORG_STATION: sql = LIST_STATION_SQL; break;
	case CPOL_ORG_OFFICE: sql = LIST_OFFICE_SQL; break;
	case CPOL_ORG_DISTRICT: sql = LIST_DISTRICT_SQL; break;
	case CPOL_ORG_COMMUNITY: sql = LIST_COMMUNITY_SQL; break;
	default:
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "level",
		                          "cpol_org_iter_new: level %d is not an organisation table"
		                          " (staff: cpol_staff_iter_new)", (int)level);
	}
	if (level == CPOL_ORG_REGION && parent_id)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "parent_id", "regions have no parent");
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	/* Its own statement: several iterators may be open at once (a tree walk). */
	if ((rc = cpol__org_iter_prepare(db, &it->stmt, sql, "listing organisation records")) < 0) {
		free(it);
		return rc;
	}
	cpol__st_bind_int64(it->stmt, 1, parent_id);
	*out = it;
	return 0;
}

int cpol_org_iter_next(const cpol_org_unit **out, cpol_org_iter *it)
{
	const char *kind;
	int rc;

	*out = NULL;
	if ((rc = cpol__org_iter_step(it->db, it->stmt, "listing organisation records")) != 0)
		return rc;
	memset(&it->rec, 0, sizeof(it->rec));
	it->rec.id = cpol__st_column_int64(it->stmt, 0);
	it->rec.parent_id = cpol__st_column_int64(it->stmt, 1);
	it->rec.code = (const char *)cpol__st_column_text(it->stmt, 2);
	it->rec.name = (const char *)cpol__st_column_text(it->stmt, 3);
	it->rec.office_class = (const char *)cpol__st_column_text(it->stmt, 4);
	it->rec.model = (const char *)cpol__st_column_text(it->stmt, 5);
	it->rec.area_m2 = cpol__st_column_double(it->stmt, 6);
	kind = (const char *)cpol__st_column_text(it->stmt, 7);
	it->rec.community_kind = !kind ? 0 : strcmp(kind, "urban") == 0 ? CPOL_COMMUNITY_URBAN
	                                                                 : CPOL_COMMUNITY_VILLAGE;
	it->rec.area_prefix = (const char *)cpol__st_column_text(it->stmt, 8);
	it->rec.archived_at = (const char *)cpol__st_column_text(it->stmt, 9);
	*out = &it->rec;
	return 0;
}

void cpol_org_iter_free(cpol_org_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}

static const char FIND_REGION_SQL[] = "SELECT id FROM region WHERE code = ?1 AND archived_at IS NULL";
static const char FIND_STATION_SQL[] = "SELECT id FROM station WHERE code = ?1 AND archived_at IS NULL";
static const char FIND_OFFICE_SQL[] = "SELECT id FROM office WHERE code = ?1 AND archived_at IS NULL";
static const char FIND_DISTRICT_SQL[] = "SELECT id FROM district WHERE code = ?1 AND archived_at IS NULL";
static const char FIND_COMMUNITY_SQL[] = "SELECT id FROM community WHERE code = ?1 AND archived_at IS NULL";
static const char FIND_STAFF_SQL[] = "SELECT id FROM staff WHERE badge = ?1 AND archived_at IS NULL";

int cpol_org_find(cpol_id *out, cpol_db *db, cpol_org_level level, const char *code)
{
	const char *sql = NULL;
	cpol__stmt *st;
	int64_t v = 0;
	int rc;

	*out = 0;
	if ((rc = cpol__org_require_text(code, "code", "cpol_org_find")) < 0)
		return rc;
	switch (level) {
	case CPOL_ORG_REGION: sql = FIND_REGION_SQL; break;
	case CPOL_ORG_STATION: sql = FIND_STATION_SQL; break;
	case CPOL_ORG_OFFICE: sql = FIND_OFFICE_SQL; break;
	case CPOL_ORG_DISTRICT: sql = FIND_DISTRICT_SQL; break;
	case CPOL_ORG_COMMUNITY: sql = FIND_COMMUNITY_SQL; break;
	case CPOL_ORG_STAFF: sql = FIND_STAFF_SQL; break;
	default:
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "level", "unknown organisation level %d", (int)level);
	}
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	cpol__bind_text(st, 1, code);
	rc = cpol__org_query_id(db, st, &v, "");
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "code", "no live %s with %s '%s'",
		                          level_names[level], level == CPOL_ORG_STAFF ? "badge" : "code", code);
	*out = v;
	return rc;
}

static const char ARCHIVE_REGION_SQL[] =
	"UPDATE region SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";
static const char ARCHIVE_STATION_SQL[] =
	"UPDATE station SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";
static const char ARCHIVE_OFFICE_SQL[] =
	"UPDATE office SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";
static const char ARCHIVE_DISTRICT_SQL[] =
	"UPDATE district SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";
static const char ARCHIVE_COMMUNITY_SQL[] =
	"UPDATE community SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";
static const char ARCHIVE_STAFF_SQL[] =
	"UPDATE staff SET archived_at = cpol_now() WHERE id = ?1 AND archived_at IS NULL";

static int close_assignment(cpol_db *db, cpol_id staff_id, cpol_date to, const char *reason, int must);

int cpol__org_archive(cpol_db *db, cpol_org_level level, cpol_id id, cpol_date on)
{
	const char *sql = NULL;
	cpol__stmt *st;
	int rc;

	switch (level) {
	case CPOL_ORG_REGION: sql = ARCHIVE_REGION_SQL; break;
	case CPOL_ORG_STATION: sql = ARCHIVE_STATION_SQL; break;
	case CPOL_ORG_OFFICE: sql = ARCHIVE_OFFICE_SQL; break;
	case CPOL_ORG_DISTRICT: sql = ARCHIVE_DISTRICT_SQL; break;
	case CPOL_ORG_COMMUNITY: sql = ARCHIVE_COMMUNITY_SQL; break;
	case CPOL_ORG_STAFF: sql = ARCHIVE_STAFF_SQL; break;
	default:
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "level", "unknown organisation level %d", (int)level);
	}
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, level, id, "id")) < 0)
		goto done;
	if (level == CPOL_ORG_STAFF && on != CPOL_DATE_NONE && (rc = close_assignment(db, id, on, "archived", 0)) < 0)
		goto done;
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, id);
	rc = cpol__org_step(db, st, "archiving a record", NULL);
done:
	return cpol__db_finish(db, rc);
}

int cpol_org_unit_archive(cpol_db *db, cpol_org_level level, cpol_id id)
{
	if (level == CPOL_ORG_STAFF)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "level",
		                          "staff are archived with cpol_staff_archive()");
	return cpol__org_archive(db, level, id, CPOL_DATE_NONE);
}

/* ----------------------------------------------------------------- staff */

int cpol_staff_new_init(cpol_staff_new *spec, unsigned int version)
{
	static const cpol_staff_new init = CPOL_STAFF_NEW_INIT;
	if (!spec || version != CPOL_STAFF_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_staff_new version %u", version);
	*spec = init;
	return 0;
}

/* The district must be live and belong to the office. */
static int check_district_of(cpol_db *db, cpol_id district_id, cpol_id office_id)
{
	int64_t owner = 0;
	int rc;

	if (!district_id)
		return 0;
	if ((rc = live_value(db, CPOL_ORG_DISTRICT, district_id, "district_id", &owner)) < 0)
		return rc;
	if (owner != office_id)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "district_id",
		                          "district %lld belongs to office %lld, not %lld", (long long)district_id,
		                          (long long)owner, (long long)office_id);
	return 0;
}

static const char STAFF_INSERT_SQL[] = "INSERT INTO staff (name, badge, kind, phone) VALUES (?1, ?2, ?3, ?4)";
static const char ASSIGN_INSERT_SQL[] =
	"INSERT INTO staff_assignment (staff_id, office_id, district_id, dedicated_community, valid_from)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

static int insert_assignment(cpol_db *db, cpol_id staff_id, cpol_id office_id, cpol_id district_id,
                             int dedicated, cpol_date from)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, ASSIGN_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, staff_id);
	cpol__st_bind_int64(st, 2, office_id);
	if (district_id)
		cpol__st_bind_int64(st, 3, district_id);
	else
		cpol__st_bind_null(st, 3);
	cpol__st_bind_int(st, 4, dedicated ? 1 : 0);
	cpol__bind_date(st, 5, from);
	return cpol__org_step(db, st, "adding an assignment", NULL);
}

int cpol_staff_add(cpol_id *out, cpol_db *db, const cpol_staff_new *spec)
{
	cpol__stmt *st;
	cpol_id staff_id;
	int rc;

	if (!spec || spec->version != CPOL_STAFF_NEW_VERSION)
		return cpol__error_set(CPOL_EINVAL, "staff: unknown cpol_staff_new version");
	if ((rc = cpol__org_require_text(spec->name, "name", "staff")) < 0 ||
	    (rc = cpol__org_require_date(spec->active_from, "active_from", "staff")) < 0)
		return rc;
	if (spec->kind == CPOL_STAFF_OFFICER && (!spec->badge || !*spec->badge))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "badge", "staff: an officer needs a badge number (警号)");
	if (spec->kind == CPOL_STAFF_AUXILIARY && spec->badge && *spec->badge)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "badge", "staff: an auxiliary has no badge number");
	if (spec->kind != CPOL_STAFF_OFFICER && spec->kind != CPOL_STAFF_AUXILIARY)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "staff: kind must be officer or auxiliary");
	if (spec->dedicated_community && spec->kind != CPOL_STAFF_OFFICER)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "dedicated_community",
		                          "staff: only officers can be dedicated community officers");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__org_check_live(db, CPOL_ORG_OFFICE, spec->office_id, "office_id")) < 0 ||
	    (rc = check_district_of(db, spec->district_id, spec->office_id)) < 0 ||
	    (rc = cpol__db_stmt(db, &st, STAFF_INSERT_SQL)) < 0)
		goto done;
	cpol__bind_text(st, 1, spec->name);
	cpol__bind_text_opt(st, 2, spec->kind == CPOL_STAFF_OFFICER ? spec->badge : NULL);
	cpol__bind_text(st, 3, spec->kind == CPOL_STAFF_OFFICER ? "officer" : "auxiliary");
	cpol__bind_text_opt(st, 4, spec->phone);
	if ((rc = cpol__org_step(db, st, "adding staff", "badge")) < 0)
		goto done;
	staff_id = cpol__db_last_id(db);
	if ((rc = insert_assignment(db, staff_id, spec->office_id, spec->district_id,
	                            spec->dedicated_community, spec->active_from)) < 0)
		goto done;
	if (out)
		*out = staff_id;
done:
	return cpol__db_finish(db, rc);
}

static const char ASSIGN_OPEN_SQL[] =
	"SELECT id, valid_from FROM staff_assignment WHERE staff_id = ?1 AND valid_to IS NULL"
	" AND archived_at IS NULL";
static const char ASSIGN_CLOSE_SQL[] =
	"UPDATE staff_assignment SET valid_to = ?2, end_reason = ?3 WHERE id = ?1";

/*
 * Close the open assignment of a staff member on `to` (its last day).
 * must: fail with CPOL_ENOTFOUND when none is open. `to` may equal the
 * start (a one-day assignment), never precede it.
 */
static int close_assignment(cpol_db *db, cpol_id staff_id, cpol_date to, const char *reason, int must)
{
	cpol__stmt *st;
	cpol_id open_id = 0;
	cpol_date open_from = CPOL_DATE_NONE;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, ASSIGN_OPEN_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, staff_id);
	if ((rc = cpol__st_step(st)) == CPOL__ROW) {
		open_id = cpol__st_column_int64(st, 0);
		open_from = cpol__column_date(st, 1);
	}
	cpol__st_reset(st);
	if (rc != CPOL__ROW && rc != CPOL__DONE)
		return cpol__db_error(db, rc, "reading assignments");
	if (!open_id)
		return must ? cpol__error_set(CPOL_ENOTFOUND, "staff %lld has no open assignment", (long long)staff_id)
		            : 0;
	if (to < open_from)
		return cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "from",
		                          "staff %lld: the open assignment starts after that day", (long long)staff_id);
	if ((rc = cpol__db_stmt(db, &st, ASSIGN_CLOSE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, open_id);
	cpol__bind_date(st, 2, to);
	cpol__bind_text_opt(st, 3, reason);
	return cpol__org_step(db, st, "closing an assignment", NULL);
}

int cpol_staff_archive(cpol_db *db, cpol_id staff_id)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, ASSIGN_OPEN_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, staff_id);
	rc = cpol__st_step(st);
	cpol__st_reset(st);
	if (rc == CPOL__ROW)
		rc = cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "staff_id",
		                        "staff %lld has an open assignment: end it with cpol_staff_end() first",
		                        (long long)staff_id);
	else if (rc == CPOL__DONE)
		rc = cpol__org_archive(db, CPOL_ORG_STAFF, staff_id, CPOL_DATE_NONE);
	else
		rc = cpol__db_error(db, rc, "reading assignments");
done:
	return cpol__db_finish(db, rc);
}

static const char STAFF_KIND_SQL[] = "SELECT kind = 'officer' FROM staff WHERE id = ?1 AND archived_at IS NULL";

int cpol_staff_assign(cpol_id *out, cpol_db *db, cpol_id staff_id, cpol_id office_id, cpol_id district_id,
                      int dedicated_community, cpol_date from, const char *reason)
{
	cpol__stmt *st;
	int64_t officer = 0;
	int rc;

	if ((rc = cpol__org_require_date(from, "from", "assignment")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, STAFF_KIND_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, staff_id);
	if ((rc = cpol__org_query_id(db, st, &officer, "no live staff member with that id")) < 0)
		goto done;
	if (dedicated_community && !officer) {
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "dedicated_community",
		                        "staff: only officers can be dedicated community officers");
		goto done;
	}
	if ((rc = cpol__org_check_live(db, CPOL_ORG_OFFICE, office_id, "office_id")) < 0 ||
	    (rc = check_district_of(db, district_id, office_id)) < 0)
		goto done;
	/* The open assignment ends the day before; it must have begun before that. */
	if ((rc = cpol__db_stmt(db, &st, ASSIGN_OPEN_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, staff_id);
	if (cpol__st_step(st) == CPOL__ROW && cpol__column_date(st, 1) >= from) {
		cpol__st_reset(st);
		rc = cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "from",
		                        "staff %lld: the new assignment must begin after the open one",
		                        (long long)staff_id);
		goto done;
	}
	cpol__st_reset(st);
	if ((rc = close_assignment(db, staff_id, from - 1, reason, 0)) < 0 ||
	    (rc = insert_assignment(db, staff_id, office_id, district_id, dedicated_community, from)) < 0)
		goto done;
	if (out)
		*out = cpol__db_last_id(db);
done:
	return cpol__db_finish(db, rc);
}

int cpol_staff_end(cpol_db *db, cpol_id staff_id, cpol_date to, const char *reason)
{
	int rc;

	if ((rc = cpol__org_require_date(to, "to", "ending an assignment")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = close_assignment(db, staff_id, to, reason, 1);
	if (rc == CPOL_ECONSTRAINT)
		rc = cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "staff %lld: 'to' is before the assignment's start",
		                        (long long)staff_id);
	return cpol__db_finish(db, rc);
}

#define STAFF_COLUMNS \
	"SELECT s.id, a.id, a.office_id, ifnull(a.district_id, 0), s.name, s.badge, s.kind," \
	" a.dedicated_community, s.phone, a.valid_from, a.valid_to, s.archived_at" \
	" FROM staff_assignment a JOIN staff s ON s.id = a.staff_id"

static const char STAFF_GET_SQL[] =
	STAFF_COLUMNS " WHERE s.id = ?1 AND a.archived_at IS NULL ORDER BY a.valid_from DESC, a.id DESC LIMIT 1";

#define STAFF_WHERE \
	" WHERE a.archived_at IS NULL AND (?1 = 0 OR a.office_id = ?1) AND (?2 = 0 OR a.district_id = ?2)" \
	" AND (?3 = 0 OR s.id = ?3) AND (?4 IS NULL OR s.kind = ?4) AND (?5 = 0 OR a.dedicated_community = 1)" \
	" AND (?6 IS NULL OR (a.valid_from <= ?6 AND (a.valid_to IS NULL OR a.valid_to >= ?6)))" \
	" AND (?7 = 1 OR s.archived_at IS NULL)"

static const char STAFF_LIST_SQL[] = STAFF_COLUMNS STAFF_WHERE " ORDER BY s.id, a.valid_from, a.id";
static const char STAFF_COUNT_SQL[] =
	"SELECT count(*) FROM staff_assignment a JOIN staff s ON s.id = a.staff_id" STAFF_WHERE;

static void read_staff(cpol_staff *s, cpol__stmt *st)
{
	const char *kind = (const char *)cpol__st_column_text(st, 6);

	s->id = cpol__st_column_int64(st, 0);
	s->assignment_id = cpol__st_column_int64(st, 1);
	s->office_id = cpol__st_column_int64(st, 2);
	s->district_id = cpol__st_column_int64(st, 3);
	s->name = (const char *)cpol__st_column_text(st, 4);
	s->badge = (const char *)cpol__st_column_text(st, 5);
	s->kind = kind && strcmp(kind, "officer") == 0 ? CPOL_STAFF_OFFICER : CPOL_STAFF_AUXILIARY;
	s->dedicated_community = cpol__st_column_int(st, 7);
	s->phone = (const char *)cpol__st_column_text(st, 8);
	s->active_from = cpol__column_date(st, 9);
	s->active_to = cpol__column_date(st, 10);
	s->archived_at = (const char *)cpol__st_column_text(st, 11);
}

static const size_t staff_strings[] = {
	offsetof(cpol_staff, name), offsetof(cpol_staff, badge),
	offsetof(cpol_staff, phone), offsetof(cpol_staff, archived_at),
};

int cpol_staff_get(cpol_staff **out, cpol_db *db, cpol_id staff_id)
{
	cpol__stmt *st;
	cpol_staff s;
	int rc;

	*out = NULL;
	if ((rc = cpol__db_stmt(db, &st, STAFF_GET_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, staff_id);
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW) {
		cpol__st_reset(st);
		if (rc == CPOL__DONE)
			return cpol__error_set(CPOL_ENOTFOUND, "no staff member with id %lld", (long long)staff_id);
		return cpol__db_error(db, rc, "reading staff");
	}
	read_staff(&s, st);
	*out = cpol__org_pack(&s, sizeof(s), staff_strings, CPOL__ARRAY_SIZE(staff_strings));
	cpol__st_reset(st);
	return *out ? 0 : CPOL_ENOMEM;
}

void cpol_staff_free(cpol_staff *staff)
{
	free(staff);
}

int cpol_staff_query_init(cpol_staff_query *query, unsigned int version)
{
	static const cpol_staff_query init = CPOL_STAFF_QUERY_INIT;
	if (!query || version != CPOL_STAFF_QUERY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_staff_query version %u", version);
	*query = init;
	return 0;
}

static int bind_staff_query(cpol__stmt *st, const cpol_staff_query *q)
{
	static const cpol_staff_query all = CPOL_STAFF_QUERY_INIT;

	if (!q)
		q = &all;
	if (q->version != CPOL_STAFF_QUERY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_staff_query version %u", q->version);
	if (q->kind != 0 && q->kind != CPOL_STAFF_OFFICER && q->kind != CPOL_STAFF_AUXILIARY)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "staff query: unknown kind %d", (int)q->kind);
	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->district_id);
	cpol__st_bind_int64(st, 3, q->staff_id);
	if (q->kind)
		cpol__bind_text(st, 4, q->kind == CPOL_STAFF_OFFICER ? "officer" : "auxiliary");
	else
		cpol__st_bind_null(st, 4);
	cpol__st_bind_int(st, 5, q->dedicated_only ? 1 : 0);
	if (cpol__bind_date_opt(st, 6, q->on) < 0)
		return CPOL_ENOMEM;
	cpol__st_bind_int(st, 7, q->include_archived ? 1 : 0);
	return 0;
}

struct cpol_staff_iter {
	cpol_db *db;
	cpol__stmt *stmt;
	cpol_staff rec;
};

int cpol_staff_iter_new(cpol_staff_iter **out, cpol_db *db, const cpol_staff_query *query)
{
	cpol_staff_iter *it;
	int rc;

	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	if ((rc = cpol__org_iter_prepare(db, &it->stmt, STAFF_LIST_SQL, "listing staff")) < 0 ||
	    (rc = bind_staff_query(it->stmt, query)) < 0)
		goto fail;
	*out = it;
	return 0;
fail:
	cpol_staff_iter_free(it);
	return rc;
}

int cpol_staff_office_iter_new(cpol_staff_iter **out, cpol_db *db, cpol_id office_id, cpol_date on)
{
	cpol_staff_query q = CPOL_STAFF_QUERY_INIT;

	if (on == CPOL_DATE_NONE) {
		*out = NULL;
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "on", "cpol_staff_office_iter_new: a day is required");
	}
	q.office_id = office_id;
	q.on = on;
	return cpol_staff_iter_new(out, db, &q);
}

int cpol_staff_iter_next(const cpol_staff **out, cpol_staff_iter *it)
{
	int rc;

	*out = NULL;
	if ((rc = cpol__org_iter_step(it->db, it->stmt, "listing staff")) != 0)
		return rc;
	read_staff(&it->rec, it->stmt);
	*out = &it->rec;
	return 0;
}

void cpol_staff_iter_free(cpol_staff_iter *it)
{
	if (!it)
		return;
	cpol__st_finalize(it->stmt);
	free(it);
}

int cpol_staff_count(int64_t *out, cpol_db *db, const cpol_staff_query *query)
{
	cpol__stmt *st;
	int rc;

	*out = 0;
	if ((rc = cpol__db_stmt(db, &st, STAFF_COUNT_SQL)) < 0 || (rc = bind_staff_query(st, query)) < 0)
		return rc;
	return cpol__org_query_id(db, st, out, "counting staff");
}

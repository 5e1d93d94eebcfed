/*
 * libcommpolice — the office's work records: inspections, hazards,
 * rectification notices, visits, incidents, disputes, requests, duty
 * records and the work log. The owed view and the rates are in
 * work_owed.c; the printable notice in work_render.c.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "record.h"
#include "work_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cpol__inspection_kind_codes[] = {
	"routine", "fire", "special", "reinspection", NULL };
const char *const cpol__notice_result_codes[] = {
	"rectified", "unit_closed", "withdrawn", "penalised", NULL };
const char *const cpol__visit_kind_codes[] = {
	"household", "key_person", "security_contact", "supervision", "return_visit", "other", "talk",
	NULL };
const char *const cpol__incident_kind_codes[] = {
	"criminal", "public_order", "accident", "fire", "help", "other", NULL };
const char *const cpol__dispute_status_codes[] = {
	"open", "mediated", "failed", "referred", NULL };

static int valid_code(const char *const *codes, int v)
{
	return strcmp(cpol__work_code_name(codes, v), "unknown") != 0;
}

const char *cpol_notice_result_name(cpol_notice_result r)
{
	return cpol__work_code_name(cpol__notice_result_codes, (int)r);
}

const char *cpol_visit_kind_name(cpol_visit_kind k)
{
	return cpol__work_code_name(cpol__visit_kind_codes, (int)k);
}

int cpol_visit_kind_parse(cpol_visit_kind *out, const char *name)
{
	int v = 0, rc = cpol__work_code_parse(&v, cpol__visit_kind_codes, name, "kind");
	if (rc == 0)
		*out = (cpol_visit_kind)v;
	return rc;
}

const char *cpol_incident_kind_name(cpol_incident_kind k)
{
	return cpol__work_code_name(cpol__incident_kind_codes, (int)k);
}

int cpol_incident_kind_parse(cpol_incident_kind *out, const char *name)
{
	int v = 0, rc = cpol__work_code_parse(&v, cpol__incident_kind_codes, name, "kind");
	if (rc == 0)
		*out = (cpol_incident_kind)v;
	return rc;
}

const char *cpol_dispute_status_name(cpol_dispute_status s)
{
	return cpol__work_code_name(cpol__dispute_status_codes, (int)s);
}

#define DEFINE_INIT CPOL__WORK_DEFINE_INIT

DEFINE_INIT(cpol_inspection_new_init, cpol_inspection_new, CPOL_INSPECTION_NEW_INIT,
            CPOL_INSPECTION_NEW_VERSION)
DEFINE_INIT(cpol_notice_new_init, cpol_notice_new, CPOL_NOTICE_NEW_INIT, CPOL_NOTICE_NEW_VERSION)
DEFINE_INIT(cpol_visit_new_init, cpol_visit_new, CPOL_VISIT_NEW_INIT, CPOL_VISIT_NEW_VERSION)
DEFINE_INIT(cpol_incident_new_init, cpol_incident_new, CPOL_INCIDENT_NEW_INIT,
            CPOL_INCIDENT_NEW_VERSION)
DEFINE_INIT(cpol_request_new_init, cpol_request_new, CPOL_REQUEST_NEW_INIT,
            CPOL_REQUEST_NEW_VERSION)
DEFINE_INIT(cpol_duty_record_new_init, cpol_duty_record_new, CPOL_DUTY_RECORD_NEW_INIT,
            CPOL_DUTY_RECORD_NEW_VERSION)

/* The rowid of the last insert, to *out when out is given. */
static void last_id(cpol_id *out, cpol_db *db)
{
	if (out)
		*out = cpol__db_last_id(db);
}

/* CPOL_ENOTFOUND naming field, for a lookup that found no row. */
static int not_found(int rc, const char *field, const char *what, cpol_id id)
{
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, field, "no live %s with id %lld",
		                          what, (long long)id);
	return rc;
}

/* How cpol_X_get reads one record by its id. */
typedef struct get_kind {
	const char *sql;     /* the record's row (its description's columns), ?1 its id */
	cpol_record_kind kind;   /* its description (lib/record.c) */
	const char *what;    /* "reading a notice", for errors */
	const char *field;   /* "notice_id" and "notice", for the not-found error */
	const char *noun;
	/* Reads what else the record holds, after the row; NULL when nothing. */
	int (*more)(cpol_db *db, void *rec, int *oom);
} get_kind;

/*
 * Reads the record of `id` into a new one at *rec. On an error after it was
 * allocated, *rec is still set: the caller frees it with cpol_X_free.
 */
static int get_record(void **rec, cpol_db *db, const get_kind *k, cpol_id id)
{
	const cpol__record_desc *d = cpol__record_desc_of(k->kind);
	cpol__stmt *st;
	void *r;
	int rc, oom = 0;

	*rec = NULL;
	if ((rc = cpol__db_stmt(db, &st, k->sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, id);
	if ((rc = cpol__work_step_row(db, st, k->what)) < 0) {
		cpol__st_reset(st);
		return not_found(rc, k->field, k->noun, id);
	}
	if (!(r = calloc(1, d->size))) {
		cpol__st_reset(st);
		return cpol__error_oom();
	}
	*rec = r;
	cpol__record_decode(d, r, st, 1, &oom);
	cpol__st_reset(st);
	rc = k->more ? k->more(db, r, &oom) : 0;
	if (rc == 0 && oom)
		rc = cpol__error_oom();
	return rc;
}

/* --------------------------------------------------------------- inspections */

static const char INSPECTION_INSERT_SQL[] =
	"INSERT INTO inspection (office_id, unit_id, officer_id, on_date, kind, notice_id, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static int insert_inspection(cpol_id *out, cpol_db *db, cpol_id office_id, cpol_id unit_id,
                             cpol_id officer_id, cpol_date on, cpol_inspection_kind kind,
                             cpol_id notice_id, const char *note)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, INSPECTION_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__st_bind_int64(st, 2, unit_id);
	cpol__work_bind_id_opt(st, 3, officer_id);
	cpol__bind_date(st, 4, on);
	cpol__bind_text(st, 5, cpol__work_code_name(cpol__inspection_kind_codes, (int)kind));
	cpol__work_bind_id_opt(st, 6, notice_id);
	cpol__bind_text_opt(st, 7, note);
	if ((rc = cpol__db_step_done(db, st, "recording an inspection")) == 0)
		last_id(out, db);
	return rc;
}

static int inspection_add(cpol_id *out, cpol_db *db, const cpol_inspection_new *s)
{
	cpol_inspection_kind kind = s->kind ? s->kind : CPOL_INSPECTION_ROUTINE;
	cpol_id office;
	int rc;

	if ((rc = cpol__work_check_version(s->version, CPOL_INSPECTION_NEW_VERSION,
	                                   "cpol_inspection_new")) < 0 ||
	    (rc = cpol__work_need_date(s->on, "on")) < 0)
		return rc;
	if (!valid_code(cpol__inspection_kind_codes, (int)kind) || kind == CPOL_INSPECTION_REINSPECTION)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind",
		                          kind == CPOL_INSPECTION_REINSPECTION
		                          ? "re-inspections are recorded with cpol_notice_reinspect()"
		                          : "unknown inspection kind %d", (int)kind);
	if ((rc = cpol__work_unit_office(db, s->unit_id, "unit_id", &office)) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, s->officer_id, "officer_id")) < 0)
		return rc;
	return insert_inspection(out, db, office, s->unit_id, s->officer_id, s->on, kind, 0, s->note);
}

int cpol_inspection_add(cpol_id *out, cpol_db *db, const cpol_inspection_new *spec)
{
	int rc;
	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_inspection_add: db and spec are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = inspection_add(out, db, spec);
	return cpol__db_finish(db, rc);
}

static const char INSPECTION_HEAD_SQL[] =
	"SELECT unit_id FROM inspection WHERE id = ?1 AND archived_at IS NULL";

static int inspection_unit(cpol_db *db, cpol_id inspection_id, cpol_id *unit_id)
{
	cpol__stmt *st;
	int rc;

	if (inspection_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "inspection_id", "inspection_id is required");
	if ((rc = cpol__db_stmt(db, &st, INSPECTION_HEAD_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, inspection_id);
	rc = cpol__work_step_row(db, st, "reading an inspection");
	if (rc == 0)
		*unit_id = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	return not_found(rc, "inspection_id", "inspection", inspection_id);
}

static const char ITEM_INSERT_SQL[] =
	"INSERT INTO inspection_item (inspection_id, category, item, ok, finding) VALUES (?1, ?2, ?3, ?4, ?5)";

int cpol_inspection_add_item(cpol_id *out, cpol_db *db, cpol_id inspection_id, int fire,
                             const char *item, int ok, const char *finding)
{
	cpol__stmt *st;
	cpol_id unit;
	int rc;

	if ((rc = cpol__work_need_text(item, "item")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = inspection_unit(db, inspection_id, &unit)) < 0 ||
	    (rc = cpol__db_stmt(db, &st, ITEM_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, inspection_id);
	cpol__bind_text(st, 2, fire ? "fire" : "checklist");
	cpol__bind_text(st, 3, item);
	cpol__st_bind_int(st, 4, ok ? 1 : 0);
	cpol__bind_text_opt(st, 5, finding);
	if ((rc = cpol__db_step_done(db, st, "adding an inspection item")) == 0)
		last_id(out, db);
done:
	return cpol__db_finish(db, rc);
}

static const char HAZARD_INSERT_SQL[] =
	"INSERT INTO hazard (inspection_id, unit_id, description, fire) VALUES (?1, ?2, ?3, ?4)";

int cpol_hazard_add(cpol_id *out, cpol_db *db, cpol_id inspection_id, const char *description,
                    int fire)
{
	cpol__stmt *st;
	cpol_id unit;
	int rc;

	if ((rc = cpol__work_need_text(description, "description")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = inspection_unit(db, inspection_id, &unit)) < 0 ||
	    (rc = cpol__db_stmt(db, &st, HAZARD_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, inspection_id);
	cpol__st_bind_int64(st, 2, unit);
	cpol__bind_text(st, 3, description);
	cpol__st_bind_int(st, 4, fire ? 1 : 0);
	if ((rc = cpol__db_step_done(db, st, "adding a hazard")) == 0)
		last_id(out, db);
done:
	return cpol__db_finish(db, rc);
}

static const char INSPECTION_GET_SQL[] =
	"SELECT " CPOL__INSPECTION_COLUMNS " FROM inspection WHERE id = ?1";
static const char INSPECTION_ITEMS_SQL[] =
	"SELECT id, category, item, ok, finding FROM inspection_item"
	" WHERE inspection_id = ?1 AND archived_at IS NULL ORDER BY id";
static const char INSPECTION_HAZARDS_SQL[] =
	"SELECT id, description, fire, notice_id, fixed_on FROM hazard"
	" WHERE inspection_id = ?1 AND archived_at IS NULL ORDER BY id";

void cpol__work_inspection_parts_free(cpol_inspection *in)
{
	size_t i;
	for (i = 0; i < in->item_count; i++) {
		free((char *)in->items[i].item);
		free((char *)in->items[i].finding);
	}
	for (i = 0; i < in->hazard_count; i++)
		free((char *)in->hazards[i].description);
	free(in->items);
	free(in->hazards);
	in->items = NULL;
	in->hazards = NULL;
	in->item_count = in->hazard_count = 0;
}

void cpol_inspection_free(cpol_inspection *in)
{
	if (!in)
		return;
	cpol__work_inspection_parts_free(in);
	cpol__record_free(cpol__record_desc_of(CPOL_RECORD_INSPECTION), in);
}

int cpol__work_read_inspection_parts(cpol_db *db, cpol_inspection *in, int *oom)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, INSPECTION_ITEMS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, in->id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_inspection_item *p = realloc(in->items, sizeof(*p) * (in->item_count + 1));
		if (!p) {
			*oom = 1;
			break;
		}
		in->items = p;
		p = &in->items[in->item_count++];
		memset(p, 0, sizeof(*p));
		p->id = cpol__st_column_int64(st, 0);
		p->fire = strcmp((const char *)cpol__st_column_text(st, 1), "fire") == 0;
		p->item = cpol__column_strdup(st, 2, oom);
		p->ok = cpol__st_column_int(st, 3);
		p->finding = cpol__column_strdup(st, 4, oom);
	}
	rc = (rc == CPOL__DONE || rc == CPOL__ROW) ? 0
	     : cpol__db_error(db, rc, "reading inspection items");
	cpol__st_reset(st);
	if (rc < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, INSPECTION_HAZARDS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, in->id);
	while (!*oom && (rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_hazard *p = realloc(in->hazards, sizeof(*p) * (in->hazard_count + 1));
		if (!p) {
			*oom = 1;
			break;
		}
		in->hazards = p;
		p = &in->hazards[in->hazard_count++];
		memset(p, 0, sizeof(*p));
		p->id = cpol__st_column_int64(st, 0);
		p->description = cpol__column_strdup(st, 1, oom);
		p->fire = cpol__st_column_int(st, 2);
		p->notice_id = cpol__st_column_int64(st, 3);
		p->fixed_on = cpol__column_date(st, 4);
	}
	rc = (*oom || rc == CPOL__DONE || rc == CPOL__ROW) ? 0
	     : cpol__db_error(db, rc, "reading hazards");
	cpol__st_reset(st);
	return rc;
}

static int inspection_more(cpol_db *db, void *rec, int *oom)
{
	return cpol__work_read_inspection_parts(db, rec, oom);
}

static const get_kind inspection_get_kind = {
	INSPECTION_GET_SQL, CPOL_RECORD_INSPECTION, "reading an inspection",
	"inspection_id", "inspection", inspection_more
};

int cpol_inspection_get(cpol_inspection **out, cpol_db *db, cpol_id inspection_id)
{
	void *rec;
	int rc;

	*out = NULL;
	if ((rc = get_record(&rec, db, &inspection_get_kind, inspection_id)) < 0)
		cpol_inspection_free(rec);
	else
		*out = rec;
	return rc;
}

static const char LAST_INSPECTION_SQL[] =
	"SELECT on_date FROM inspection WHERE unit_id = ?1 AND archived_at IS NULL"
	" ORDER BY on_date DESC LIMIT 1";

int cpol_unit_last_inspection(cpol_date *out, cpol_db *db, cpol_id unit_id)
{
	cpol__stmt *st;
	int rc;

	*out = CPOL_DATE_NONE;
	if ((rc = cpol__db_stmt(db, &st, LAST_INSPECTION_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, unit_id);
	rc = cpol__work_step_row(db, st, "reading inspections");
	if (rc == 0)
		*out = cpol__column_date(st, 0);
	cpol__st_reset(st);
	return rc == CPOL_ENOTFOUND ? 0 : rc;
}

/* ------------------------------------------------------------------ notices */

static const char INSPECTION_FOR_NOTICE_SQL[] =
	"SELECT office_id, unit_id, officer_id, on_date, kind FROM inspection"
	" WHERE id = ?1 AND archived_at IS NULL";
static const char OPEN_HAZARDS_SQL[] =
	"SELECT count(*) FROM hazard WHERE inspection_id = ?1 AND notice_id IS NULL AND archived_at IS NULL";
static const char NEXT_SEQ_SQL[] =
	"SELECT coalesce(max(seq), 0) + 1 FROM rectification_notice WHERE office_id = ?1 AND year = ?2";
static const char NOTICE_INSERT_SQL[] =
	"INSERT INTO rectification_notice (office_id, unit_id, inspection_id, officer_id, year, seq,"
	" number, issued_on, deadline, deadline_key, deadline_file, deadline_line, requirement)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char HAZARDS_TO_NOTICE_SQL[] =
	"UPDATE hazard SET notice_id = ?2 WHERE inspection_id = ?1 AND notice_id IS NULL"
	" AND archived_at IS NULL";

static int notice_issue(cpol_id *out, cpol_db *db, const cpol_rules *rules, const cpol_notice_new *s)
{
	cpol__stmt *st;
	cpol_id office, unit, officer, id;
	cpol_date inspected, deadline = s->deadline;
	const cpol_rule_ref *ref = NULL;
	char number[256], buf[CPOL_DATE_BUFSZ];
	int rc, year, seq, hazards;

	if ((rc = cpol__work_check_version(s->version, CPOL_NOTICE_NEW_VERSION, "cpol_notice_new")) < 0 ||
	    (rc = cpol__work_need_date(s->issued_on, "issued_on")) < 0)
		return rc;
	if (s->inspection_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "inspection_id", "inspection_id is required");
	if ((rc = cpol__db_stmt(db, &st, INSPECTION_FOR_NOTICE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->inspection_id);
	if ((rc = cpol__work_step_row(db, st, "reading an inspection")) < 0) {
		cpol__st_reset(st);
		return not_found(rc, "inspection_id", "inspection", s->inspection_id);
	}
	office = cpol__st_column_int64(st, 0);
	unit = cpol__st_column_int64(st, 1);
	officer = s->officer_id ? s->officer_id : cpol__st_column_int64(st, 2);
	inspected = cpol__column_date(st, 3);
	cpol__st_reset(st);
	if (s->issued_on < inspected)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "issued_on",
		                          "a notice cannot be issued before its inspection (%s)",
		                          cpol_date_format(buf, inspected));
	if ((rc = cpol__work_check_staff_opt(db, s->officer_id, "officer_id")) < 0)
		return rc;

	if ((rc = cpol__db_stmt(db, &st, OPEN_HAZARDS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->inspection_id);
	if ((rc = cpol__work_step_row(db, st, "counting hazards")) < 0) {
		cpol__st_reset(st);
		return rc;
	}
	hazards = cpol__st_column_int(st, 0);
	cpol__st_reset(st);
	if (hazards == 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "hazards",
		                          "inspection %lld has no hazard without a notice; "
		                          "record them with cpol_hazard_add() first",
		                          (long long)s->inspection_id);

	if (deadline == CPOL_DATE_NONE) {
		const cpol_rules_places *places;
		if (!rules)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "rules",
			                          "no deadline given and no rules to take it from");
		places = cpol_rules_get_places(rules);
		if (!CPOL_RULE_IS_SET(places->rectification_deadline))
			return cpol__error_set_at(CPOL_ERULES, NULL, 0, 0, "places.rectification_deadline",
			                          "no deadline given and the rules of region '%s' set no "
			                          "places.rectification_deadline", cpol_rules_region(rules));
		if ((rc = cpol_duration_add(&deadline, &places->rectification_deadline.value, s->issued_on)) < 0 ||
		    (rc = cpol__work_extend_to_working_day(&deadline, rules, deadline)) < 0)
			return rc;
		ref = places->rectification_deadline.ref;
	} else if ((rc = cpol__work_need_date(deadline, "deadline")) < 0) {
		return rc;
	}
	if (deadline < s->issued_on)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "deadline",
		                          "the deadline is before the day of issue");

	cpol_date_split(&year, NULL, NULL, s->issued_on);
	if ((rc = cpol__db_stmt(db, &st, NEXT_SEQ_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office);
	cpol__st_bind_int(st, 2, year);
	if ((rc = cpol__work_step_row(db, st, "numbering a notice")) < 0) {
		cpol__st_reset(st);
		return rc;
	}
	seq = cpol__st_column_int(st, 0);
	cpol__st_reset(st);
	/* 〔 U+3014 and 〕 U+3015: the brackets of Chinese document numbers. */
	snprintf(number, sizeof(number), "%s\xE3\x80\x94%d\xE3\x80\x95\xE7\xAC\xAC%03d\xE5\x8F\xB7",
	         s->number_prefix && *s->number_prefix ? s->number_prefix : "\xE6\x95\xB4\xE6\x94\xB9",
	         year, seq);

	if ((rc = cpol__db_stmt(db, &st, NOTICE_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office);
	cpol__st_bind_int64(st, 2, unit);
	cpol__st_bind_int64(st, 3, s->inspection_id);
	cpol__work_bind_id_opt(st, 4, officer);
	cpol__st_bind_int(st, 5, year);
	cpol__st_bind_int(st, 6, seq);
	cpol__bind_text(st, 7, number);
	cpol__bind_date(st, 8, s->issued_on);
	cpol__bind_date(st, 9, deadline);
	if (ref) {
		cpol__bind_text_opt(st, 10, ref->key);
		cpol__bind_text_opt(st, 11, ref->file);
		cpol__st_bind_int(st, 12, ref->line);
	}
	cpol__bind_text_opt(st, 13, s->requirement);
	if ((rc = cpol__db_step_done(db, st, "issuing a notice")) < 0)
		return rc;
	id = cpol__db_last_id(db);
	if ((rc = cpol__db_stmt(db, &st, HAZARDS_TO_NOTICE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->inspection_id);
	cpol__st_bind_int64(st, 2, id);
	if ((rc = cpol__db_step_done(db, st, "linking hazards to a notice")) < 0)
		return rc;
	if (out)
		*out = id;
	return 0;
}

int cpol_notice_issue(cpol_id *out, cpol_db *db, const cpol_rules *rules, const cpol_notice_new *spec)
{
	int rc;
	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_notice_issue: db and spec are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = notice_issue(out, db, rules, spec);
	return cpol__db_finish(db, rc);
}

static const char NOTICE_GET_SQL[] =
	"SELECT " CPOL__NOTICE_COLUMNS " FROM rectification_notice WHERE id = ?1";
static const char NOTICE_FIND_SQL[] =
	"SELECT id FROM rectification_notice WHERE office_id = ?1 AND number = ?2";

void cpol_notice_free(cpol_notice *n)
{
	cpol__record_free(cpol__record_desc_of(CPOL_RECORD_NOTICE), n);
}

static const get_kind notice_get_kind = {
	NOTICE_GET_SQL, CPOL_RECORD_NOTICE, "reading a notice",
	"notice_id", "notice", NULL
};

int cpol_notice_get(cpol_notice **out, cpol_db *db, cpol_id notice_id)
{
	void *rec;
	int rc;

	*out = NULL;
	if ((rc = get_record(&rec, db, &notice_get_kind, notice_id)) < 0)
		cpol_notice_free(rec);
	else
		*out = rec;
	return rc;
}

int cpol_notice_find(cpol_id *out, cpol_db *db, cpol_id office_id, const char *number)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__work_need_text(number, "number")) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, NOTICE_FIND_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__bind_text(st, 2, number);
	rc = cpol__work_step_row(db, st, "finding a notice");
	if (rc == 0)
		*out = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	if (rc == CPOL_ENOTFOUND)
		return cpol__error_set_at(rc, NULL, 0, 0, "number", "office %lld issued no notice '%s'",
		                          (long long)office_id, number);
	return rc;
}

static const char NOTICE_STATE_SQL[] =
	"SELECT office_id, unit_id, issued_on, closed_on FROM rectification_notice"
	" WHERE id = ?1 AND archived_at IS NULL";

/* Reads an open notice's office, unit and day of issue. */
static int open_notice(cpol_db *db, cpol_id notice_id, cpol_id *office, cpol_id *unit,
                       cpol_date *issued)
{
	cpol__stmt *st;
	int rc, closed;

	if ((rc = cpol__db_stmt(db, &st, NOTICE_STATE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, notice_id);
	if ((rc = cpol__work_step_row(db, st, "reading a notice")) < 0) {
		cpol__st_reset(st);
		return not_found(rc, "notice_id", "notice", notice_id);
	}
	*office = cpol__st_column_int64(st, 0);
	*unit = cpol__st_column_int64(st, 1);
	*issued = cpol__column_date(st, 2);
	closed = cpol__st_column_type(st, 3) != CPOL__NULL;
	cpol__st_reset(st);
	if (closed)
		return cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "notice_id",
		                          "notice %lld is already closed", (long long)notice_id);
	return 0;
}

static int check_not_before(cpol_date on, cpol_date first, const char *field, const char *what)
{
	char buf[CPOL_DATE_BUFSZ];
	int rc;
	if ((rc = cpol__work_need_date(on, field)) < 0)
		return rc;
	if (on < first)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s is before %s (%s)", field,
		                          what, cpol_date_format(buf, first));
	return 0;
}

static const char NOTICE_REINSPECTED_SQL[] =
	"UPDATE rectification_notice SET reinspection_id = ?2, reinspected_on = ?3 WHERE id = ?1";
static const char NOTICE_CLOSE_SQL[] =
	"UPDATE rectification_notice SET closed_on = ?2, close_result = ?3, close_note = ?4 WHERE id = ?1";
static const char HAZARDS_FIXED_SQL[] =
	"UPDATE hazard SET fixed_on = ?2 WHERE notice_id = ?1 AND fixed_on IS NULL AND archived_at IS NULL";
static const char NOTICE_ESCALATE_SQL[] =
	"UPDATE rectification_notice SET escalated_on = ?2, escalated_to = ?3, escalation_note = ?4"
	" WHERE id = ?1";

static int close_notice(cpol_db *db, cpol_id notice_id, cpol_date on, cpol_notice_result result,
                        const char *note)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, NOTICE_CLOSE_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, notice_id);
	cpol__bind_date(st, 2, on);
	cpol__bind_text(st, 3, cpol_notice_result_name(result));
	cpol__bind_text_opt(st, 4, note);
	if ((rc = cpol__db_step_done(db, st, "closing a notice")) < 0)
		return rc;
	if (result != CPOL_NOTICE_RECTIFIED)
		return 0;
	if ((rc = cpol__db_stmt(db, &st, HAZARDS_FIXED_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, notice_id);
	cpol__bind_date(st, 2, on);
	return cpol__db_step_done(db, st, "marking hazards fixed");
}

static int notice_reinspect(cpol_id *out, cpol_db *db, cpol_id notice_id, cpol_id officer_id,
                            cpol_date on, int rectified, const char *note)
{
	cpol__stmt *st;
	cpol_id office, unit, insp;
	cpol_date issued;
	int rc;

	if ((rc = open_notice(db, notice_id, &office, &unit, &issued)) < 0 ||
	    (rc = check_not_before(on, issued, "on", "the day of issue")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, officer_id, "officer_id")) < 0 ||
	    (rc = insert_inspection(&insp, db, office, unit, officer_id, on, CPOL_INSPECTION_REINSPECTION,
	                            notice_id, note)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, NOTICE_REINSPECTED_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, notice_id);
	cpol__st_bind_int64(st, 2, insp);
	cpol__bind_date(st, 3, on);
	if ((rc = cpol__db_step_done(db, st, "recording a re-inspection")) < 0)
		return rc;
	if (rectified && (rc = close_notice(db, notice_id, on, CPOL_NOTICE_RECTIFIED, note)) < 0)
		return rc;
	if (out)
		*out = insp;
	return 0;
}

int cpol_notice_reinspect(cpol_id *out, cpol_db *db, cpol_id notice_id, cpol_id officer_id,
                          cpol_date on, int rectified, const char *note)
{
	int rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = notice_reinspect(out, db, notice_id, officer_id, on, rectified, note);
	return cpol__db_finish(db, rc);
}

int cpol_notice_escalate(cpol_db *db, cpol_id notice_id, cpol_date on, const char *to,
                         const char *note)
{
	cpol__stmt *st;
	cpol_id office, unit;
	cpol_date issued;
	int rc;

	if ((rc = cpol__work_need_text(to, "to")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = open_notice(db, notice_id, &office, &unit, &issued)) < 0 ||
	    (rc = check_not_before(on, issued, "on", "the day of issue")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, NOTICE_ESCALATE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, notice_id);
	cpol__bind_date(st, 2, on);
	cpol__bind_text(st, 3, to);
	cpol__bind_text_opt(st, 4, note);
	rc = cpol__db_step_done(db, st, "escalating a notice");
done:
	return cpol__db_finish(db, rc);
}

int cpol_notice_close(cpol_db *db, cpol_id notice_id, cpol_date on, cpol_notice_result result,
                      const char *note)
{
	cpol_id office, unit;
	cpol_date issued;
	int rc;

	if (!valid_code(cpol__notice_result_codes, (int)result))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "result", "unknown notice result %d",
		                          (int)result);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = open_notice(db, notice_id, &office, &unit, &issued)) < 0 ||
	    (rc = check_not_before(on, issued, "on", "the day of issue")) < 0)
		goto done;
	rc = close_notice(db, notice_id, on, result, note);
done:
	return cpol__db_finish(db, rc);
}

/* ------------------------------------------------------------------- visits */

static const char OFFICE_OF_SQL_ORG[] =
	"SELECT office_id FROM prevention_org WHERE id = ?1 AND archived_at IS NULL";
static const char INCIDENT_STATE_SQL[] =
	"SELECT office_id, received_on, returned_on FROM incident WHERE id = ?1 AND archived_at IS NULL";
static const char VISIT_INSERT_SQL[] =
	"INSERT INTO visit (office_id, officer_id, on_date, kind, house_id, person_id, unit_id, org_id,"
	" incident_id, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char INCIDENT_RETURNED_SQL[] =
	"UPDATE incident SET return_visit_id = ?2, returned_on = ?3 WHERE id = ?1 AND returned_on IS NULL";

static int same_office(cpol_id got, cpol_id want, const char *field, cpol_id id)
{
	if (got != want)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field,
		                          "%s %lld belongs to office %lld, not %lld", field,
		                          (long long)id, (long long)got, (long long)want);
	return 0;
}

static int need_id(cpol_id id, const char *field, const char *kind)
{
	if (id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "a %s visit needs %s", kind, field);
	return 0;
}

static int visit_add(cpol_id *out, cpol_db *db, const cpol_visit_new *s)
{
	cpol__stmt *st;
	cpol_id office, id;
	cpol_date received = CPOL_DATE_NONE;
	int rc, returned = 0;
	char buf[CPOL_DATE_BUFSZ];

	if ((rc = cpol__work_check_version(s->version, CPOL_VISIT_NEW_VERSION, "cpol_visit_new")) < 0 ||
	    (rc = cpol__work_need_date(s->on, "on")) < 0)
		return rc;
	if (!valid_code(cpol__visit_kind_codes, (int)s->kind))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "unknown visit kind %d", (int)s->kind);
	switch (s->kind) {
	case CPOL_VISIT_KEY_PERSON:
		rc = need_id(s->person_id, "person_id", "key-person");
		break;
	case CPOL_VISIT_TALK:
		rc = need_id(s->person_id, "person_id", "talk");
		break;
	case CPOL_VISIT_SECURITY_CONTACT:
		rc = need_id(s->unit_id, "unit_id", "security-contact");
		break;
	case CPOL_VISIT_SUPERVISION:
		rc = need_id(s->org_id, "org_id", "supervision");
		break;
	case CPOL_VISIT_RETURN:
		rc = need_id(s->incident_id, "incident_id", "return");
		break;
	default:
		break;
	}
	if (rc < 0 ||
	    (rc = cpol__work_check_office(db, s->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, s->officer_id, "officer_id")) < 0 ||
	    (rc = cpol__work_check_house_opt(db, s->house_id, "house_id")) < 0 ||
	    (rc = cpol__work_check_person_opt(db, s->person_id, "person_id")) < 0)
		return rc;
	if (s->unit_id) {
		if ((rc = cpol__work_unit_office(db, s->unit_id, "unit_id", &office)) < 0 ||
		    (rc = same_office(office, s->office_id, "unit_id", s->unit_id)) < 0)
			return rc;
	}
	if (s->org_id) {
		if ((rc = cpol__db_stmt(db, &st, OFFICE_OF_SQL_ORG)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, s->org_id);
		rc = cpol__work_step_row(db, st, "reading an organisation");
		office = rc == 0 ? cpol__st_column_int64(st, 0) : 0;
		cpol__st_reset(st);
		if ((rc = not_found(rc, "org_id", "organisation", s->org_id)) < 0 ||
		    (rc = same_office(office, s->office_id, "org_id", s->org_id)) < 0)
			return rc;
	}
	if (s->incident_id) {
		if ((rc = cpol__db_stmt(db, &st, INCIDENT_STATE_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, s->incident_id);
		rc = cpol__work_step_row(db, st, "reading an incident");
		if (rc == 0) {
			office = cpol__st_column_int64(st, 0);
			received = cpol__column_date(st, 1);
			returned = cpol__st_column_type(st, 2) != CPOL__NULL;
		}
		cpol__st_reset(st);
		if ((rc = not_found(rc, "incident_id", "incident", s->incident_id)) < 0 ||
		    (rc = same_office(office, s->office_id, "incident_id", s->incident_id)) < 0)
			return rc;
		if (s->on < received)
			return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "on",
			                          "the visit is before the incident was received (%s)",
			                          cpol_date_format(buf, received));
	}
	if ((rc = cpol__db_stmt(db, &st, VISIT_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->office_id);
	cpol__work_bind_id_opt(st, 2, s->officer_id);
	cpol__bind_date(st, 3, s->on);
	cpol__bind_text(st, 4, cpol_visit_kind_name(s->kind));
	cpol__work_bind_id_opt(st, 5, s->house_id);
	cpol__work_bind_id_opt(st, 6, s->person_id);
	cpol__work_bind_id_opt(st, 7, s->unit_id);
	cpol__work_bind_id_opt(st, 8, s->org_id);
	cpol__work_bind_id_opt(st, 9, s->incident_id);
	cpol__bind_text_opt(st, 10, s->summary);
	if ((rc = cpol__db_step_done(db, st, "recording a visit")) < 0)
		return rc;
	id = cpol__db_last_id(db);
	/*
	 * Household visits, key-person visits and talks count toward the
	 * population module's cadences too (visits.household_cadence,
	 * labels[].visit and .talk), which read its contact records (管控记录):
	 * keep one beside the visit. A visit is not a talk (走访 vs 谈话).
	 */
	if (s->kind == CPOL_VISIT_TALK)
		rc = cpol_contact_add(NULL, db, CPOL_CONTACT_TALK, s->person_id, 0, s->officer_id, s->on,
		                      s->summary);
	else if (s->kind == CPOL_VISIT_KEY_PERSON)
		rc = cpol_contact_add(NULL, db, CPOL_CONTACT_VISIT, s->person_id, 0, s->officer_id, s->on,
		                      s->summary);
	else if (s->kind == CPOL_VISIT_HOUSEHOLD && s->house_id)
		rc = cpol_contact_add(NULL, db, CPOL_CONTACT_HOUSEHOLD, 0, s->house_id, s->officer_id, s->on,
		                      s->summary);
	else if (s->kind == CPOL_VISIT_HOUSEHOLD && s->person_id)
		rc = cpol_contact_add(NULL, db, CPOL_CONTACT_VISIT, s->person_id, 0, s->officer_id, s->on,
		                      s->summary);
	if (rc < 0)
		return rc;
	if (s->kind == CPOL_VISIT_RETURN && !returned) {
		if ((rc = cpol__db_stmt(db, &st, INCIDENT_RETURNED_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, s->incident_id);
		cpol__st_bind_int64(st, 2, id);
		cpol__bind_date(st, 3, s->on);
		if ((rc = cpol__db_step_done(db, st, "marking an incident returned")) < 0)
			return rc;
	}
	if (out)
		*out = id;
	return 0;
}

int cpol_visit_add(cpol_id *out, cpol_db *db, const cpol_visit_new *spec)
{
	int rc;
	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_visit_add: db and spec are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = visit_add(out, db, spec);
	return cpol__db_finish(db, rc);
}

static const char VISIT_COUNT_SQL[] =
	"SELECT count(*) FROM visit WHERE on_date BETWEEN ?4 AND ?5 AND archived_at IS NULL"
	" AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2) AND (?3 IS NULL OR kind = ?3)";
static const char VISIT_COUNT_OFFICER_SQL[] =
	"SELECT count(*) FROM visit WHERE officer_id = ?2 AND kind = ?3 AND on_date BETWEEN ?4 AND ?5"
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1)";

int cpol_visit_count(int64_t *out, cpol_db *db, cpol_id office_id, cpol_id officer_id,
                     cpol_visit_kind kind, cpol_date from, cpol_date to)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__work_need_date(from, "from")) < 0 || (rc = cpol__work_need_date(to, "to")) < 0)
		return rc;
	if (kind && !valid_code(cpol__visit_kind_codes, (int)kind))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "unknown visit kind %d", (int)kind);
	/* The officer-and-kind form is the one the owed view runs per officer: give it its index. */
	if ((rc = cpol__db_stmt(db, &st, officer_id && kind ? VISIT_COUNT_OFFICER_SQL : VISIT_COUNT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__st_bind_int64(st, 2, officer_id);
	if (kind)
		cpol__bind_text(st, 3, cpol_visit_kind_name(kind));
	cpol__bind_date(st, 4, from);
	cpol__bind_date(st, 5, to);
	rc = cpol__work_step_row(db, st, "counting visits");
	if (rc == 0)
		*out = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	return rc;
}

/* ---------------------------------------------------------------- incidents */

static const char INCIDENT_INSERT_SQL[] =
	"INSERT INTO incident (office_id, officer_id, received_on, kind, summary, party_name,"
	" party_phone, person_id, major) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char INCIDENT_GET_SQL[] = "SELECT " CPOL__INCIDENT_COLUMNS " FROM incident WHERE id = ?1";
static const char INCIDENT_SET_MAJOR_SQL[] =
	"UPDATE incident SET major = ?2 WHERE id = ?1 AND archived_at IS NULL";

static int incident_add(cpol_id *out, cpol_db *db, const cpol_incident_new *s)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__work_check_version(s->version, CPOL_INCIDENT_NEW_VERSION, "cpol_incident_new")) < 0 ||
	    (rc = cpol__work_need_date(s->received_on, "received_on")) < 0 ||
	    (rc = cpol__work_need_text(s->summary, "summary")) < 0)
		return rc;
	if (!valid_code(cpol__incident_kind_codes, (int)s->kind))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "unknown incident kind %d", (int)s->kind);
	if (s->major != 0 && s->major != 1)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "major", "major is 0 or 1, not %d", s->major);
	if ((rc = cpol__work_check_office(db, s->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, s->officer_id, "officer_id")) < 0 ||
	    (rc = cpol__work_check_person_opt(db, s->person_id, "person_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, INCIDENT_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->office_id);
	cpol__work_bind_id_opt(st, 2, s->officer_id);
	cpol__bind_date(st, 3, s->received_on);
	cpol__bind_text(st, 4, cpol_incident_kind_name(s->kind));
	cpol__bind_text(st, 5, s->summary);
	cpol__bind_text_opt(st, 6, s->party_name);
	cpol__bind_text_opt(st, 7, s->party_phone);
	cpol__work_bind_id_opt(st, 8, s->person_id);
	cpol__st_bind_int(st, 9, s->major);
	if ((rc = cpol__db_step_done(db, st, "recording an incident")) == 0)
		last_id(out, db);
	return rc;
}

int cpol_incident_add(cpol_id *out, cpol_db *db, const cpol_incident_new *spec)
{
	int rc;
	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_incident_add: db and spec are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = incident_add(out, db, spec);
	return cpol__db_finish(db, rc);
}

void cpol_incident_free(cpol_incident *i)
{
	cpol__record_free(cpol__record_desc_of(CPOL_RECORD_INCIDENT), i);
}

static const get_kind incident_get_kind = {
	INCIDENT_GET_SQL, CPOL_RECORD_INCIDENT, "reading an incident",
	"incident_id", "incident", NULL
};

int cpol_incident_get(cpol_incident **out, cpol_db *db, cpol_id incident_id)
{
	void *rec;
	int rc;

	*out = NULL;
	if ((rc = get_record(&rec, db, &incident_get_kind, incident_id)) < 0)
		cpol_incident_free(rec);
	else
		*out = rec;
	return rc;
}

int cpol_incident_set_major(cpol_db *db, cpol_id incident_id, int major)
{
	cpol__stmt *st;
	int rc;

	if (!db)
		return cpol__error_set(CPOL_EINVAL, "cpol_incident_set_major: db is required");
	if (major != 0 && major != 1)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "major", "major is 0 or 1, not %d", major);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, INCIDENT_SET_MAJOR_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, incident_id);
	cpol__st_bind_int(st, 2, major);
	if ((rc = cpol__db_step_done(db, st, "marking an incident major")) == 0 &&
	    cpol__db_changes(db) == 0)
		rc = not_found(CPOL_ENOTFOUND, "incident_id", "incident", incident_id);
done:
	return cpol__db_finish(db, rc);
}

/* ----------------------------------------------------------------- disputes */

static const char DISPUTE_INSERT_SQL[] =
	"INSERT INTO dispute (office_id, officer_id, received_on, parties, summary) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char DISPUTE_STATE_SQL[] =
	"SELECT received_on, status FROM dispute WHERE id = ?1 AND archived_at IS NULL";
static const char DISPUTE_RESOLVE_SQL[] =
	"UPDATE dispute SET status = ?2, resolved_on = ?3, outcome = ?4 WHERE id = ?1";
static const char DISPUTE_GET_SQL[] = "SELECT " CPOL__DISPUTE_COLUMNS " FROM dispute WHERE id = ?1";

int cpol_dispute_add(cpol_id *out, cpol_db *db, cpol_id office_id, cpol_id officer_id,
                     cpol_date received_on, const char *parties, const char *summary)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__work_need_date(received_on, "received_on")) < 0 ||
	    (rc = cpol__work_need_text(parties, "parties")) < 0 ||
	    (rc = cpol__work_need_text(summary, "summary")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__work_check_office(db, office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, officer_id, "officer_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, DISPUTE_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__work_bind_id_opt(st, 2, officer_id);
	cpol__bind_date(st, 3, received_on);
	cpol__bind_text(st, 4, parties);
	cpol__bind_text(st, 5, summary);
	if ((rc = cpol__db_step_done(db, st, "registering a dispute")) == 0)
		last_id(out, db);
done:
	return cpol__db_finish(db, rc);
}

int cpol_dispute_resolve(cpol_db *db, cpol_id dispute_id, cpol_dispute_status status, cpol_date on,
                         const char *outcome)
{
	cpol__stmt *st;
	cpol_date received;
	int rc, open;

	if (status != CPOL_DISPUTE_MEDIATED && status != CPOL_DISPUTE_FAILED &&
	    status != CPOL_DISPUTE_REFERRED)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "status",
		                          "a dispute is resolved as mediated, failed or referred");
	if ((rc = cpol__work_need_text(outcome, "outcome")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, DISPUTE_STATE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, dispute_id);
	rc = cpol__work_step_row(db, st, "reading a dispute");
	received = rc == 0 ? cpol__column_date(st, 0) : CPOL_DATE_NONE;
	open = rc == 0 && strcmp((const char *)cpol__st_column_text(st, 1), "open") == 0;
	cpol__st_reset(st);
	if ((rc = not_found(rc, "dispute_id", "dispute", dispute_id)) < 0)
		goto done;
	if (!open) {
		rc = cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "dispute_id",
		                        "dispute %lld is already resolved", (long long)dispute_id);
		goto done;
	}
	if ((rc = check_not_before(on, received, "on", "the day it was registered")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, DISPUTE_RESOLVE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, dispute_id);
	cpol__bind_text(st, 2, cpol_dispute_status_name(status));
	cpol__bind_date(st, 3, on);
	cpol__bind_text(st, 4, outcome);
	rc = cpol__db_step_done(db, st, "resolving a dispute");
done:
	return cpol__db_finish(db, rc);
}

void cpol_dispute_free(cpol_dispute *d)
{
	cpol__record_free(cpol__record_desc_of(CPOL_RECORD_DISPUTE), d);
}

static const get_kind dispute_get_kind = {
	DISPUTE_GET_SQL, CPOL_RECORD_DISPUTE, "reading a dispute",
	"dispute_id", "dispute", NULL
};

int cpol_dispute_get(cpol_dispute **out, cpol_db *db, cpol_id dispute_id)
{
	void *rec;
	int rc;

	*out = NULL;
	if ((rc = get_record(&rec, db, &dispute_get_kind, dispute_id)) < 0)
		cpol_dispute_free(rec);
	else
		*out = rec;
	return rc;
}

/* ----------------------------------------------------------------- requests */

static const char REQUEST_INSERT_SQL[] =
	"INSERT INTO resident_request (office_id, officer_id, received_on, requester, phone, person_id,"
	" content, in_scope, referred_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char REQUEST_STATE_SQL[] =
	"SELECT received_on, feedback_on FROM resident_request WHERE id = ?1 AND archived_at IS NULL";
static const char REQUEST_FEEDBACK_SQL[] =
	"UPDATE resident_request SET feedback_on = ?2, feedback = ?3 WHERE id = ?1";
static const char REQUEST_GET_SQL[] =
	"SELECT " CPOL__REQUEST_COLUMNS " FROM resident_request WHERE id = ?1";

static int request_add(cpol_id *out, cpol_db *db, const cpol_request_new *s)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__work_check_version(s->version, CPOL_REQUEST_NEW_VERSION, "cpol_request_new")) < 0 ||
	    (rc = cpol__work_need_date(s->received_on, "received_on")) < 0 ||
	    (rc = cpol__work_need_text(s->requester, "requester")) < 0 ||
	    (rc = cpol__work_need_text(s->content, "content")) < 0)
		return rc;
	if (!s->in_scope && (rc = cpol__work_need_text(s->referred_to, "referred_to")) < 0)
		return rc;
	if ((rc = cpol__work_check_office(db, s->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, s->officer_id, "officer_id")) < 0 ||
	    (rc = cpol__work_check_person_opt(db, s->person_id, "person_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, REQUEST_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->office_id);
	cpol__work_bind_id_opt(st, 2, s->officer_id);
	cpol__bind_date(st, 3, s->received_on);
	cpol__bind_text(st, 4, s->requester);
	cpol__bind_text_opt(st, 5, s->phone);
	cpol__work_bind_id_opt(st, 6, s->person_id);
	cpol__bind_text(st, 7, s->content);
	cpol__st_bind_int(st, 8, s->in_scope ? 1 : 0);
	cpol__bind_text_opt(st, 9, s->referred_to);
	if ((rc = cpol__db_step_done(db, st, "recording a request")) == 0)
		last_id(out, db);
	return rc;
}

int cpol_request_add(cpol_id *out, cpol_db *db, const cpol_request_new *spec)
{
	int rc;
	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_request_add: db and spec are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = request_add(out, db, spec);
	return cpol__db_finish(db, rc);
}

int cpol_request_feedback(cpol_db *db, cpol_id request_id, cpol_date on, const char *feedback)
{
	cpol__stmt *st;
	cpol_date received;
	int rc, answered;

	if ((rc = cpol__work_need_text(feedback, "feedback")) < 0)
		return rc;
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, REQUEST_STATE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, request_id);
	rc = cpol__work_step_row(db, st, "reading a request");
	received = rc == 0 ? cpol__column_date(st, 0) : CPOL_DATE_NONE;
	answered = rc == 0 && cpol__st_column_type(st, 1) != CPOL__NULL;
	cpol__st_reset(st);
	if ((rc = not_found(rc, "request_id", "request", request_id)) < 0)
		goto done;
	if (answered) {
		rc = cpol__error_set_at(CPOL_ECONSTRAINT, NULL, 0, 0, "request_id",
		                        "request %lld already has its feedback", (long long)request_id);
		goto done;
	}
	if ((rc = check_not_before(on, received, "on", "the day it was received")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, REQUEST_FEEDBACK_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, request_id);
	cpol__bind_date(st, 2, on);
	cpol__bind_text(st, 3, feedback);
	rc = cpol__db_step_done(db, st, "recording feedback");
done:
	return cpol__db_finish(db, rc);
}

void cpol_request_free(cpol_request *r)
{
	cpol__record_free(cpol__record_desc_of(CPOL_RECORD_REQUEST), r);
}

static const get_kind request_get_kind = {
	REQUEST_GET_SQL, CPOL_RECORD_REQUEST, "reading a request",
	"request_id", "request", NULL
};

int cpol_request_get(cpol_request **out, cpol_db *db, cpol_id request_id)
{
	void *rec;
	int rc;

	*out = NULL;
	if ((rc = get_record(&rec, db, &request_get_kind, request_id)) < 0)
		cpol_request_free(rec);
	else
		*out = rec;
	return rc;
}

/* ------------------------------------------------------------- duty records */

static const char RECORD_INSERT_SQL[] =
	"INSERT INTO duty_record (office_id, officer_id, obligation, held_on, title, content, attendees,"
	" incident_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char RECORD_INCIDENT_SQL[] =
	"SELECT office_id, received_on FROM incident WHERE id = ?1 AND archived_at IS NULL";

/* The incident an immediate obligation's record answers: live, same office, received by then. */
static int record_incident(cpol_db *db, const cpol_rules_obligation *ob, const cpol_duty_record_new *s)
{
	cpol__stmt *st;
	cpol_id office = 0;
	cpol_date received = CPOL_DATE_NONE;
	char buf[CPOL_DATE_BUFSZ];
	int rc;

	if (ob->cadence.value.kind != CPOL_CADENCE_IMMEDIATE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "incident_id",
		                          "obligation '%s' is not immediate (its cadence is not 'immediate'): "
		                          "only an immediate obligation answers an incident", ob->id);
	if ((rc = cpol__db_stmt(db, &st, RECORD_INCIDENT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->incident_id);
	rc = cpol__work_step_row(db, st, "reading an incident");
	if (rc == 0) {
		office = cpol__st_column_int64(st, 0);
		received = cpol__column_date(st, 1);
	}
	cpol__st_reset(st);
	if ((rc = not_found(rc, "incident_id", "incident", s->incident_id)) < 0 ||
	    (rc = same_office(office, s->office_id, "incident_id", s->incident_id)) < 0)
		return rc;
	if (s->held_on < received)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "incident_id",
		                          "incident %lld was received on %s, after held_on",
		                          (long long)s->incident_id, cpol_date_format(buf, received));
	return 0;
}
static const char RECORD_LAST_SQL[] =
	"SELECT held_on FROM duty_record WHERE office_id = ?1 AND obligation = ?2 AND archived_at IS NULL"
	" ORDER BY held_on DESC LIMIT 1";

static int record_add(cpol_id *out, cpol_db *db, const cpol_rules *rules, const cpol_duty_record_new *s)
{
	const cpol_rules_obligation *ob;
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__work_check_version(s->version, CPOL_DUTY_RECORD_NEW_VERSION,
	                                   "cpol_duty_record_new")) < 0 ||
	    (rc = cpol__work_need_text(s->obligation, "obligation")) < 0 ||
	    (rc = cpol__work_need_date(s->held_on, "held_on")) < 0 ||
	    (rc = cpol__work_need_text(s->title, "title")) < 0)
		return rc;
	if (!rules)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "rules",
		                          "the region rules are needed to check the obligation");
	if (cpol_rules_find_obligation(&ob, rules, s->obligation) < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "obligation",
		                          "'%s' is not an obligation of the rules of region '%s' (obligations)",
		                          s->obligation, cpol_rules_region(rules));
	if ((rc = cpol__work_check_office(db, s->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, s->officer_id, "officer_id")) < 0 ||
	    (s->incident_id && (rc = record_incident(db, ob, s)) < 0) ||
	    (rc = cpol__db_stmt(db, &st, RECORD_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->office_id);
	cpol__work_bind_id_opt(st, 2, s->officer_id);
	cpol__bind_text(st, 3, s->obligation);
	cpol__bind_date(st, 4, s->held_on);
	cpol__bind_text(st, 5, s->title);
	cpol__bind_text_opt(st, 6, s->content);
	cpol__bind_text_opt(st, 7, s->attendees);
	cpol__work_bind_id_opt(st, 8, s->incident_id);
	if ((rc = cpol__db_step_done(db, st, "recording a duty record")) == 0)
		last_id(out, db);
	return rc;
}

int cpol_duty_record_add(cpol_id *out, cpol_db *db, const cpol_rules *rules,
                         const cpol_duty_record_new *spec)
{
	int rc;
	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_duty_record_add: db and spec are required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	rc = record_add(out, db, rules, spec);
	return cpol__db_finish(db, rc);
}

int cpol_duty_record_last(cpol_date *out, cpol_db *db, cpol_id office_id, const char *obligation)
{
	cpol__stmt *st;
	int rc;

	*out = CPOL_DATE_NONE;
	if ((rc = cpol__work_need_text(obligation, "obligation")) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, RECORD_LAST_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__bind_text(st, 2, obligation);
	rc = cpol__work_step_row(db, st, "reading duty records");
	if (rc == 0)
		*out = cpol__column_date(st, 0);
	cpol__st_reset(st);
	return rc == CPOL_ENOTFOUND ? 0 : rc;
}

/* ----------------------------------------------------------------- work log */

static const char WORKLOG_UPDATE_SQL[] =
	"UPDATE work_log SET notes = ?3 WHERE officer_id = ?1 AND on_date = ?2 AND archived_at IS NULL";
static const char WORKLOG_INSERT_SQL[] =
	"INSERT INTO work_log (office_id, officer_id, on_date, notes) VALUES (?1, ?2, ?3, ?4)";
static const char WORKLOG_GET_SQL[] =
	"SELECT notes FROM work_log WHERE officer_id = ?1 AND on_date = ?2 AND archived_at IS NULL";

/*
 * What an officer recorded on a day, in one statement: each branch reads
 * one table by officer and day. The text is assembled here in SQL from the
 * records (never from the caller's input).
 */
static const char WORKLOG_ENTRIES_SQL[] =
	"SELECT 'inspection', i.id, i.kind || ' ' || u.name, 1 FROM inspection i JOIN unit u ON u.id = i.unit_id"
	"  WHERE i.officer_id = ?1 AND i.on_date = ?2 AND i.archived_at IS NULL"
	" UNION ALL SELECT 'notice', n.id, n.number || ' ' || u.name || ' -> ' || n.deadline, 2"
	"  FROM rectification_notice n JOIN unit u ON u.id = n.unit_id"
	"  WHERE n.officer_id = ?1 AND n.issued_on = ?2 AND n.archived_at IS NULL"
	" UNION ALL SELECT 'visit', v.id, v.kind || coalesce(' ' || v.summary, ''), 3 FROM visit v"
	"  WHERE v.officer_id = ?1 AND v.on_date = ?2 AND v.archived_at IS NULL"
	" UNION ALL SELECT 'incident', id, kind || ' ' || summary, 4 FROM incident"
	"  WHERE officer_id = ?1 AND received_on = ?2 AND archived_at IS NULL"
	" UNION ALL SELECT 'dispute', id, parties || ': ' || summary, 5 FROM dispute"
	"  WHERE officer_id = ?1 AND received_on = ?2 AND archived_at IS NULL"
	" UNION ALL SELECT 'dispute', id, parties || ': ' || status || coalesce(' ' || outcome, ''), 5"
	"  FROM dispute WHERE officer_id = ?1 AND resolved_on = ?2 AND received_on <> ?2 AND archived_at IS NULL"
	" UNION ALL SELECT 'request', id, requester || ': ' || content, 6 FROM resident_request"
	"  WHERE officer_id = ?1 AND received_on = ?2 AND archived_at IS NULL"
	" UNION ALL SELECT 'request', id, requester || ': feedback ' || feedback, 6 FROM resident_request"
	"  WHERE officer_id = ?1 AND feedback_on = ?2 AND archived_at IS NULL"
	" UNION ALL SELECT 'record', id, obligation || ' ' || title, 7 FROM duty_record"
	"  WHERE officer_id = ?1 AND held_on = ?2 AND archived_at IS NULL"
	" ORDER BY 4, 2";

static const char OFFICER_EXISTS_SQL_WL[] = "SELECT 1 FROM staff WHERE id = ?1";

int cpol_worklog_keep(cpol_db *db, cpol_id office_id, cpol_id officer_id, cpol_date on,
                      const char *notes)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__work_need_date(on, "on")) < 0)
		return rc;
	if (officer_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "officer_id", "officer_id is required");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__work_check_office(db, office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, officer_id, "officer_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, WORKLOG_UPDATE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, officer_id);
	cpol__bind_date(st, 2, on);
	cpol__bind_text_opt(st, 3, notes);
	if ((rc = cpol__db_step_done(db, st, "keeping the work log")) < 0 ||
	    cpol__db_changes(db) > 0)
		goto done;
	if ((rc = cpol__db_stmt(db, &st, WORKLOG_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, office_id);
	cpol__st_bind_int64(st, 2, officer_id);
	cpol__bind_date(st, 3, on);
	cpol__bind_text_opt(st, 4, notes);
	rc = cpol__db_step_done(db, st, "keeping the work log");
done:
	return cpol__db_finish(db, rc);
}

void cpol_worklog_free(cpol_worklog *log)
{
	size_t i;
	if (!log)
		return;
	for (i = 0; i < log->count; i++)
		free((char *)log->entries[i].text);
	free(log->entries);
	free((char *)log->notes);
	free(log);
}

int cpol_worklog_get(cpol_worklog **out, cpol_db *db, cpol_id officer_id, cpol_date on)
{
	static const char *const kinds[] = { "inspection", "notice", "visit", "incident", "dispute",
	                                     "request", "record" };
	cpol_worklog *log;
	cpol__stmt *st;
	int rc, oom = 0;

	*out = NULL;
	if ((rc = cpol__work_need_date(on, "on")) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, OFFICER_EXISTS_SQL_WL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, officer_id);
	rc = cpol__work_step_row(db, st, "reading a staff member");
	cpol__st_reset(st);
	if (rc < 0)
		return rc == CPOL_ENOTFOUND
		       ? cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "officer_id", "no staff member with id %lld",
		                            (long long)officer_id)
		       : rc;
	if (!(log = calloc(1, sizeof(*log))))
		return cpol__error_oom();
	log->officer_id = officer_id;
	log->on = on;
	if ((rc = cpol__db_stmt(db, &st, WORKLOG_GET_SQL)) < 0)
		goto fail;
	cpol__st_bind_int64(st, 1, officer_id);
	cpol__bind_date(st, 2, on);
	rc = cpol__work_step_row(db, st, "reading the work log");
	if (rc == 0) {
		log->kept = 1;
		log->notes = cpol__column_strdup(st, 0, &oom);
	}
	cpol__st_reset(st);
	if (rc < 0 && rc != CPOL_ENOTFOUND)
		goto fail;

	if ((rc = cpol__db_stmt(db, &st, WORKLOG_ENTRIES_SQL)) < 0)
		goto fail;
	cpol__st_bind_int64(st, 1, officer_id);
	cpol__bind_date(st, 2, on);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_worklog_entry *e = realloc(log->entries, sizeof(*e) * (log->count + 1));
		int k = cpol__st_column_int(st, 3);
		if (!e) {
			oom = 1;
			break;
		}
		log->entries = e;
		e = &log->entries[log->count++];
		e->kind = k >= 1 && k <= 7 ? kinds[k - 1] : "record";
		e->record_id = cpol__st_column_int64(st, 1);
		e->text = cpol__column_strdup(st, 2, &oom);
		if (!e->text && !oom && !(e->text = cpol__strdup("")))
			oom = 1;
	}
	if (oom)
		rc = cpol__error_oom();
	else
		rc = (rc == CPOL__DONE || rc == CPOL__ROW) ? 0
		     : cpol__db_error(db, rc, "reading the day's records");
	cpol__st_reset(st);
	if (rc < 0)
		goto fail;
	*out = log;
	return 0;
fail:
	cpol_worklog_free(log);
	return rc;
}

int cpol_worklog_render(char **out, const cpol_worklog *log)
{
	cpol__buf b = { 0 };
	char date[CPOL_DATE_BUFSZ];
	size_t i;

	*out = NULL;
	/* 工作日志 */
	cpol__buf_printf(&b, "\xE5\xB7\xA5\xE4\xBD\x9C\xE6\x97\xA5\xE5\xBF\x97 %s\n",
	                 cpol_date_format(date, log->on));
	for (i = 0; i < log->count; i++)
		cpol__buf_printf(&b, "%zu. [%s] %s\n", i + 1, log->entries[i].kind, log->entries[i].text);
	if (log->notes && *log->notes)
		cpol__buf_printf(&b, "\n%s\n", log->notes);
	if (b.oom) {
		cpol__buf_free(&b);
		return cpol__error_oom();
	}
	*out = cpol__buf_detach(&b);
	return 0;
}

/* -------------------------------------------------------- information items */

DEFINE_INIT(cpol_info_item_new_init, cpol_info_item_new, CPOL_INFO_ITEM_NEW_INIT,
            CPOL_INFO_ITEM_NEW_VERSION)

static const char INFO_ITEM_INSERT_SQL[] =
	"INSERT INTO information_item (office_id, officer_id, reported_on, category, summary)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char INFO_ITEM_ARCHIVE_SQL[] =
	"UPDATE information_item SET archived_at = cpol_now()"
	" WHERE id = ?1 AND archived_at IS NULL";

int cpol_info_item_add(cpol_id *out, cpol_db *db, const cpol_info_item_new *spec)
{
	cpol__stmt *st;
	int rc;

	if (!db || !spec)
		return cpol__error_set(CPOL_EINVAL, "cpol_info_item_add: db and spec are required");
	if ((rc = cpol__work_check_version(spec->version, CPOL_INFO_ITEM_NEW_VERSION,
	                                   "cpol_info_item_new")) < 0 ||
	    (rc = cpol__work_need_date(spec->reported_on, "reported_on")) < 0 ||
	    (rc = cpol__work_need_text(spec->category, "category")) < 0 ||
	    (rc = cpol__work_need_text(spec->summary, "summary")) < 0)
		return rc;
	if (spec->officer_id <= 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "officer_id",
		                          "an information item names the officer who reported it");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__work_check_office(db, spec->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, spec->officer_id, "officer_id")) < 0 ||
	    (rc = cpol__db_stmt(db, &st, INFO_ITEM_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, spec->office_id);
	cpol__st_bind_int64(st, 2, spec->officer_id);
	cpol__bind_date(st, 3, spec->reported_on);
	cpol__bind_text(st, 4, spec->category);
	cpol__bind_text(st, 5, spec->summary);
	if ((rc = cpol__db_step_done(db, st, "recording an information item")) == 0)
		last_id(out, db);
done:
	return cpol__db_finish(db, rc);
}

int cpol_info_item_archive(cpol_db *db, cpol_id item_id)
{
	cpol__stmt *st;
	int rc;

	if (!db)
		return cpol__error_set(CPOL_EINVAL, "cpol_info_item_archive: db is NULL");
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, INFO_ITEM_ARCHIVE_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, item_id);
	if ((rc = cpol__db_step_done(db, st, "archiving an information item")) == 0 &&
	    cpol__db_changes(db) == 0)
		rc = not_found(CPOL_ENOTFOUND, "item_id", "information item", item_id);
done:
	return cpol__db_finish(db, rc);
}

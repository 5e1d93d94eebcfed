/*
 * libcommpolice — listing the office's work records: rectification
 * notices, inspections, visits, incidents, resident requests, disputes,
 * the meeting, notice and report records, and information items.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Every listing is one statement owned by its iterator, chosen among a few
 * fixed texts by the filter that drives it (a unit, an officer, an office,
 * an office's open notices...), so that each reads through its index;
 * every text also carries all the other filters as "(?n = 0 OR ...)"
 * terms. Periods are "col BETWEEN ?from AND ?to" with the open ends bound
 * to 0000-01-01 and 9999-12-31, so that an index on (office, day) serves
 * the range. Rows come in id order after `after_id` (keyset paging), at
 * most `limit` of them. Only live records are listed. Records point into
 * the statement's row and are valid until the next step; an inspection's
 * items and hazards are read into arrays the iterator owns.
 */
#include "internal.h"
#include "work_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ common */

typedef struct list_core {
	cpol_db *db;
	cpol__stmt *st;
	const char *what;   /* "listing notices", for errors */
} list_core;

static int core_open(list_core *c, cpol_db *db, const char *sql, const char *what)
{
	int rc;

	c->db = db;
	c->what = what;
	rc = cpol__db_prepare(db, &c->st, sql);
	if (rc != CPOL__OK)
		return cpol__db_error(db, rc, what);
	return 0;
}

/* 0 with a row ready, CPOL_ITEROVER at the end, or an error. */
static int core_step(list_core *c)
{
	int rc = cpol__st_step(c->st);
	if (rc == CPOL__ROW)
		return 0;
	if (rc == CPOL__DONE)
		return CPOL_ITEROVER;
	return cpol__db_error(c->db, rc, c->what);
}

static void core_close(list_core *c)
{
	cpol__st_finalize(c->st);
	c->st = NULL;
}

static const char *text_at(cpol__stmt *st, int col)
{
	return (const char *)cpol__st_column_text(st, col);
}

/* A code column read back as its enum value (0 when unknown). */
static int code_of(const char *const *codes, const char *text)
{
	int i;
	for (i = 0; text && codes[i]; i++)
		if (strcmp(codes[i], text) == 0)
			return i + 1;
	return 0;
}

static int check_paging(unsigned int version, unsigned int expected, const char *what,
                        cpol_id after_id, int limit)
{
	int rc;
	if ((rc = cpol__work_check_version(version, expected, what)) < 0)
		return rc;
	if (after_id < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "after_id",
		                          "%s: after_id is negative (%lld)", what, (long long)after_id);
	if (limit < 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "limit", "%s: limit is negative (%d)",
		                          what, limit);
	return 0;
}

/* A period of days, either end open (CPOL_DATE_NONE). */
static int check_period(cpol_date from, cpol_date to, const char *what)
{
	int rc;
	if (from != CPOL_DATE_NONE && (rc = cpol__work_need_date(from, "from")) < 0)
		return rc;
	if (to != CPOL_DATE_NONE && (rc = cpol__work_need_date(to, "to")) < 0)
		return rc;
	if (from != CPOL_DATE_NONE && to != CPOL_DATE_NONE && to < from)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "%s: the period ends before it begins",
		                          what);
	return 0;
}

static int check_code(const char *const *codes, int value, const char *field, const char *what)
{
	if (value && strcmp(cpol__work_code_name(codes, value), "unknown") == 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, field, "%s: unknown %s %d", what, field,
		                          value);
	return 0;
}

/* Binds a period's ends; open ends take the first and last ISO dates. */
static void bind_period(cpol__stmt *st, int idx, cpol_date from, cpol_date to)
{
	if (from == CPOL_DATE_NONE)
		cpol__bind_text(st, idx, "0000-01-01");
	else
		cpol__bind_date(st, idx, from);
	if (to == CPOL_DATE_NONE)
		cpol__bind_text(st, idx + 1, "9999-12-31");
	else
		cpol__bind_date(st, idx + 1, to);
}

static void bind_paging(cpol__stmt *st, int idx, cpol_id after_id, int limit)
{
	cpol__st_bind_int64(st, idx, after_id);
	cpol__st_bind_int(st, idx + 1, limit > 0 ? limit : -1);
}

/*
 * What tells one listing from another: the checks on its query and the
 * choice of text, the binding of the query, and the reading of a row.
 * Everything else (arguments, allocation, the statement, stepping,
 * finalizing) is list_iter_open / list_iter_step / list_iter_close.
 */
typedef struct list_kind {
	const char *name;   /* "notice", as in cpol_notice_iter_new, for errors */
	const char *what;   /* "listing notices", for errors */
	/* Checks the query and picks the text that reads through its index. */
	int (*plan)(const void *query, const char **sql);
	void (*bind)(cpol__stmt *st, const void *query);
	/* Reads the current row into a zeroed record: 0 or an error. */
	int (*decode)(void *row, cpol__stmt *st, cpol_db *db);
	/* Frees what decode allocated for the last row; NULL when nothing. */
	void (*release)(void *row);
} list_kind;

/*
 * Opens an iterator of `size` bytes whose first member is its list_core:
 * checks the arguments (`has_out`: the caller gave somewhere to put it)
 * and the query, prepares the chosen text and binds the query to it.
 */
static int list_iter_open(list_core **out, const list_kind *k, size_t size, int has_out,
                          cpol_db *db, const void *query)
{
	const char *sql = NULL;
	list_core *c;
	int rc;

	*out = NULL;
	if (!has_out)
		return cpol__error_set(CPOL_EINVAL, "cpol_%s_iter_new: out is NULL", k->name);
	if (!db)
		return cpol__error_set(CPOL_EINVAL, "cpol_%s_iter_new: db is NULL", k->name);
	if ((rc = k->plan(query, &sql)) < 0)
		return rc;
	if (!(c = calloc(1, size)))
		return cpol__error_oom();
	if ((rc = core_open(c, db, sql, k->what)) < 0) {
		core_close(c);
		free(c);
		return rc;
	}
	k->bind(c->st, query);
	*out = c;
	return 0;
}

/* Steps to the next row and reads it into `row` (`size` bytes). */
static int list_iter_step(list_core *c, const list_kind *k, void *row, size_t size)
{
	int rc;

	if (!c)
		return cpol__error_set(CPOL_EINVAL, "cpol_%s_iter_next: iter is NULL", k->name);
	if (k->release)
		k->release(row);
	if ((rc = core_step(c)) != 0)
		return rc;
	memset(row, 0, size);
	return k->decode(row, c->st, c->db);
}

static void list_iter_close(list_core *c, const list_kind *k, void *row)
{
	if (k->release)
		k->release(row);
	core_close(c);
	free(c);
}

/*
 * The public functions of the listing of kind k, served through its table
 * k##_list: cpol_k_query_init, and the iterator (its list_core, then the
 * record it hands out) with cpol_k_iter_new, _next and _free.
 */
#define DEFINE_LIST(k, QUERY_INIT) \
	struct cpol_##k##_iter { \
		list_core core; \
		cpol_##k row; \
	}; \
	int cpol_##k##_query_init(cpol_##k##_query *query, unsigned int version) \
	{ \
		static const cpol_##k##_query init = QUERY_INIT; \
		int rc; \
		if (!query) \
			return cpol__error_set(CPOL_EINVAL, "cpol_" #k "_query_init: NULL struct"); \
		if ((rc = cpol__work_check_version(version, init.version, "cpol_" #k "_query")) < 0) \
			return rc; \
		*query = init; \
		return 0; \
	} \
	int cpol_##k##_iter_new(cpol_##k##_iter **out, cpol_db *db, const cpol_##k##_query *query) \
	{ \
		static const cpol_##k##_query all = QUERY_INIT; \
		list_core *c; \
		int rc; \
		if (out) \
			*out = NULL; \
		rc = list_iter_open(&c, &k##_list, sizeof(cpol_##k##_iter), out != NULL, db, \
		                    query ? query : &all); \
		if (rc == 0) \
			*out = (cpol_##k##_iter *)c; \
		return rc; \
	} \
	int cpol_##k##_iter_next(const cpol_##k **out, cpol_##k##_iter *it) \
	{ \
		int rc; \
		*out = NULL; \
		rc = list_iter_step(it ? &it->core : NULL, &k##_list, it ? &it->row : NULL, \
		                    sizeof(it->row)); \
		if (rc == 0) \
			*out = &it->row; \
		return rc; \
	} \
	void cpol_##k##_iter_free(cpol_##k##_iter *it) \
	{ \
		if (it) \
			list_iter_close(&it->core, &k##_list, &it->row); \
	}

/* ------------------------------------------------------------------ notices */

static const char *const notice_state_codes[] = { "open", "overdue", "closed", NULL };

const char *cpol_notice_state_name(cpol_notice_state state)
{
	if (state == CPOL_NOTICE_STATE_ANY)
		return "any";
	return cpol__work_code_name(notice_state_codes, (int)state);
}

int cpol_notice_state_parse(cpol_notice_state *out, const char *name)
{
	int v = 0, rc;
	if (name && strcmp(name, "any") == 0) {
		*out = CPOL_NOTICE_STATE_ANY;
		return 0;
	}
	if ((rc = cpol__work_code_parse(&v, notice_state_codes, name, "state")) == 0)
		*out = (cpol_notice_state)v;
	return rc;
}

/*
 * ?1 office  ?2 unit  ?3 officer  ?4 year  ?5 state  ?6 on  ?7 after_id
 * ?8 limit. The open-notices text reads notice_open_by_office.
 */
#define NOTICE_LIST_COLUMNS \
	"SELECT id, office_id, unit_id, inspection_id, officer_id, year, seq, number, issued_on," \
	" deadline, deadline_key, deadline_file, deadline_line, requirement, reinspection_id," \
	" reinspected_on, escalated_on, escalated_to, closed_on, close_result, close_note, archived_at" \
	" FROM rectification_notice"
#define NOTICE_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR unit_id = ?2)" \
	" AND (?3 = 0 OR officer_id = ?3) AND (?4 = 0 OR year = ?4)" \
	" AND (?5 NOT IN (1, 2) OR closed_on IS NULL) AND (?5 <> 2 OR deadline < ?6)" \
	" AND (?5 <> 3 OR closed_on IS NOT NULL) AND id > ?7 ORDER BY id LIMIT ?8"
static const char NOTICE_LIST_UNIT_SQL[] =
	NOTICE_LIST_COLUMNS " WHERE unit_id = ?2" NOTICE_LIST_FILTERS;
static const char NOTICE_LIST_OPEN_SQL[] =
	NOTICE_LIST_COLUMNS " WHERE office_id = ?1 AND closed_on IS NULL AND archived_at IS NULL"
	NOTICE_LIST_FILTERS;
static const char NOTICE_LIST_OFFICE_SQL[] =
	NOTICE_LIST_COLUMNS " WHERE office_id = ?1" NOTICE_LIST_FILTERS;
static const char NOTICE_LIST_ALL_SQL[] =
	NOTICE_LIST_COLUMNS " WHERE 1" NOTICE_LIST_FILTERS;

static int notice_plan(const void *query, const char **sql)
{
	const cpol_notice_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_NOTICE_QUERY_VERSION, "cpol_notice_query", q->after_id,
	                       q->limit)) < 0)
		return rc;
	if (q->state != CPOL_NOTICE_STATE_ANY &&
	    (rc = check_code(notice_state_codes, (int)q->state, "state", "cpol_notice_query")) < 0)
		return rc;
	if (q->state == CPOL_NOTICE_STATE_OVERDUE && q->on == CPOL_DATE_NONE)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "on",
		                          "listing overdue notices needs the day they are overdue on");
	if (q->on != CPOL_DATE_NONE && (rc = cpol__work_need_date(q->on, "on")) < 0)
		return rc;
	if (q->year < 0 || q->year > 9999)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "year", "year %d is not 1-9999", q->year);
	if (q->unit_id)
		*sql = NOTICE_LIST_UNIT_SQL;
	else if (q->office_id && (q->state == CPOL_NOTICE_STATE_OPEN || q->state == CPOL_NOTICE_STATE_OVERDUE))
		*sql = NOTICE_LIST_OPEN_SQL;
	else if (q->office_id)
		*sql = NOTICE_LIST_OFFICE_SQL;
	else
		*sql = NOTICE_LIST_ALL_SQL;
	return 0;
}

static void notice_bind(cpol__stmt *st, const void *query)
{
	const cpol_notice_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->unit_id);
	cpol__st_bind_int64(st, 3, q->officer_id);
	cpol__st_bind_int(st, 4, q->year);
	cpol__st_bind_int(st, 5, (int)q->state);
	cpol__bind_date_opt(st, 6, q->on);
	bind_paging(st, 7, q->after_id, q->limit);
}

static int notice_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	cpol_notice *n = row;

	(void)db;
	n->id = cpol__st_column_int64(st, 0);
	n->office_id = cpol__st_column_int64(st, 1);
	n->unit_id = cpol__st_column_int64(st, 2);
	n->inspection_id = cpol__st_column_int64(st, 3);
	n->officer_id = cpol__st_column_int64(st, 4);
	n->year = cpol__st_column_int(st, 5);
	n->seq = cpol__st_column_int(st, 6);
	n->number = text_at(st, 7);
	n->issued_on = cpol__column_date(st, 8);
	n->deadline = cpol__column_date(st, 9);
	n->deadline_key = text_at(st, 10);
	n->deadline_file = text_at(st, 11);
	n->deadline_line = cpol__st_column_int(st, 12);
	n->requirement = text_at(st, 13);
	n->reinspection_id = cpol__st_column_int64(st, 14);
	n->reinspected_on = cpol__column_date(st, 15);
	n->escalated_on = cpol__column_date(st, 16);
	n->escalated_to = text_at(st, 17);
	n->closed_on = cpol__column_date(st, 18);
	n->result = (cpol_notice_result)code_of(cpol__notice_result_codes, text_at(st, 19));
	n->close_note = text_at(st, 20);
	n->archived_at = text_at(st, 21);
	return 0;
}

static const list_kind notice_list = {
	"notice", "listing notices", notice_plan, notice_bind, notice_decode, NULL
};
DEFINE_LIST(notice, CPOL_NOTICE_QUERY_INIT)

/* -------------------------------------------------------------- inspections */

/*
 * ?1 office  ?2 unit  ?3 officer  ?4 kind  ?5 from  ?6 to  ?7 after_id
 * ?8 limit. Drivers: inspection_by_unit, inspection_by_officer,
 * inspection_by_office.
 */
#define INSPECTION_LIST_COLUMNS \
	"SELECT id, office_id, unit_id, officer_id, on_date, kind, notice_id, note, archived_at" \
	" FROM inspection"
#define INSPECTION_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR unit_id = ?2)" \
	" AND (?3 = 0 OR officer_id = ?3) AND (?4 IS NULL OR kind = ?4)" \
	" AND on_date BETWEEN ?5 AND ?6 AND id > ?7 ORDER BY id LIMIT ?8"
static const char INSPECTION_LIST_UNIT_SQL[] =
	INSPECTION_LIST_COLUMNS " WHERE unit_id = ?2 AND archived_at IS NULL" INSPECTION_LIST_FILTERS;
static const char INSPECTION_LIST_OFFICER_SQL[] =
	INSPECTION_LIST_COLUMNS " WHERE officer_id = ?3" INSPECTION_LIST_FILTERS;
static const char INSPECTION_LIST_OFFICE_SQL[] =
	INSPECTION_LIST_COLUMNS " WHERE office_id = ?1 AND archived_at IS NULL" INSPECTION_LIST_FILTERS;
static const char INSPECTION_LIST_ALL_SQL[] =
	INSPECTION_LIST_COLUMNS " WHERE 1" INSPECTION_LIST_FILTERS;

/* Frees the items and hazards the iterator read for the last row. */
static void inspection_parts_free(void *row)
{
	cpol__work_inspection_parts_free(row);
}

static int inspection_plan(const void *query, const char **sql)
{
	const cpol_inspection_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_INSPECTION_QUERY_VERSION, "cpol_inspection_query",
	                       q->after_id, q->limit)) < 0 ||
	    (rc = check_code(cpol__inspection_kind_codes, (int)q->kind, "kind", "cpol_inspection_query")) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_inspection_query")) < 0)
		return rc;
	*sql = q->unit_id ? INSPECTION_LIST_UNIT_SQL
	       : q->officer_id ? INSPECTION_LIST_OFFICER_SQL
	       : q->office_id ? INSPECTION_LIST_OFFICE_SQL : INSPECTION_LIST_ALL_SQL;
	return 0;
}

static void inspection_bind(cpol__stmt *st, const void *query)
{
	const cpol_inspection_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->unit_id);
	cpol__st_bind_int64(st, 3, q->officer_id);
	if (q->kind)
		cpol__bind_text(st, 4, cpol__work_code_name(cpol__inspection_kind_codes, (int)q->kind));
	bind_period(st, 5, q->from, q->to);
	bind_paging(st, 7, q->after_id, q->limit);
}

static int inspection_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	cpol_inspection *in = row;
	int rc, oom = 0;

	in->id = cpol__st_column_int64(st, 0);
	in->office_id = cpol__st_column_int64(st, 1);
	in->unit_id = cpol__st_column_int64(st, 2);
	in->officer_id = cpol__st_column_int64(st, 3);
	in->on = cpol__column_date(st, 4);
	in->kind = (cpol_inspection_kind)code_of(cpol__inspection_kind_codes, text_at(st, 5));
	in->notice_id = cpol__st_column_int64(st, 6);
	in->note = text_at(st, 7);
	in->archived_at = text_at(st, 8);
	if ((rc = cpol__work_read_inspection_parts(db, in, &oom)) == 0 && oom)
		rc = cpol__error_oom();
	if (rc < 0) {
		inspection_parts_free(in);
		return rc;
	}
	return 0;
}

static const list_kind inspection_list = {
	"inspection", "listing inspections", inspection_plan, inspection_bind, inspection_decode,
	inspection_parts_free
};
DEFINE_LIST(inspection, CPOL_INSPECTION_QUERY_INIT)

/* ------------------------------------------------------------------- visits */

/*
 * ?1 office  ?2 officer  ?3 kind  ?4 unit  ?5 from  ?6 to  ?7 after_id
 * ?8 limit. Drivers: visit_by_unit, visit_by_officer, visit_by_office.
 */
#define VISIT_LIST_COLUMNS \
	"SELECT id, office_id, officer_id, on_date, kind, house_id, person_id, unit_id, org_id," \
	" incident_id, summary, archived_at FROM visit"
#define VISIT_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND (?3 IS NULL OR kind = ?3) AND (?4 = 0 OR unit_id = ?4)" \
	" AND on_date BETWEEN ?5 AND ?6 AND id > ?7 ORDER BY id LIMIT ?8"
static const char VISIT_LIST_UNIT_SQL[] =
	VISIT_LIST_COLUMNS " WHERE unit_id = ?4 AND archived_at IS NULL" VISIT_LIST_FILTERS;
static const char VISIT_LIST_OFFICER_SQL[] =
	VISIT_LIST_COLUMNS " WHERE officer_id = ?2" VISIT_LIST_FILTERS;
static const char VISIT_LIST_OFFICE_SQL[] =
	VISIT_LIST_COLUMNS " WHERE office_id = ?1" VISIT_LIST_FILTERS;
static const char VISIT_LIST_ALL_SQL[] =
	VISIT_LIST_COLUMNS " WHERE 1" VISIT_LIST_FILTERS;

static int visit_plan(const void *query, const char **sql)
{
	const cpol_visit_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_VISIT_QUERY_VERSION, "cpol_visit_query", q->after_id,
	                       q->limit)) < 0 ||
	    (rc = check_code(cpol__visit_kind_codes, (int)q->kind, "kind", "cpol_visit_query")) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_visit_query")) < 0)
		return rc;
	*sql = q->unit_id ? VISIT_LIST_UNIT_SQL
	       : q->officer_id ? VISIT_LIST_OFFICER_SQL
	       : q->office_id ? VISIT_LIST_OFFICE_SQL : VISIT_LIST_ALL_SQL;
	return 0;
}

static void visit_bind(cpol__stmt *st, const void *query)
{
	const cpol_visit_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	if (q->kind)
		cpol__bind_text(st, 3, cpol_visit_kind_name(q->kind));
	cpol__st_bind_int64(st, 4, q->unit_id);
	bind_period(st, 5, q->from, q->to);
	bind_paging(st, 7, q->after_id, q->limit);
}

static int visit_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	cpol_visit *v = row;

	(void)db;
	v->id = cpol__st_column_int64(st, 0);
	v->office_id = cpol__st_column_int64(st, 1);
	v->officer_id = cpol__st_column_int64(st, 2);
	v->on = cpol__column_date(st, 3);
	v->kind = (cpol_visit_kind)code_of(cpol__visit_kind_codes, text_at(st, 4));
	v->house_id = cpol__st_column_int64(st, 5);
	v->person_id = cpol__st_column_int64(st, 6);
	v->unit_id = cpol__st_column_int64(st, 7);
	v->org_id = cpol__st_column_int64(st, 8);
	v->incident_id = cpol__st_column_int64(st, 9);
	v->summary = text_at(st, 10);
	v->archived_at = text_at(st, 11);
	return 0;
}

static const list_kind visit_list = {
	"visit", "listing visits", visit_plan, visit_bind, visit_decode, NULL
};
DEFINE_LIST(visit, CPOL_VISIT_QUERY_INIT)

/* ---------------------------------------------------------------- incidents */

/*
 * ?1 office  ?2 officer  ?3 kind  ?4 from  ?5 to  ?6 unreturned  ?7 major
 * ?8 after_id  ?9 limit. Drivers: incident_unreturned,
 * incident_major_by_office, incident_by_office.
 */
#define INCIDENT_LIST_COLUMNS \
	"SELECT id, office_id, officer_id, received_on, kind, summary, party_name, party_phone," \
	" person_id, return_visit_id, returned_on, archived_at, major FROM incident"
#define INCIDENT_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND (?3 IS NULL OR kind = ?3) AND received_on BETWEEN ?4 AND ?5" \
	" AND (?6 = 0 OR returned_on IS NULL) AND (?7 = 0 OR major = 1)" \
	" AND id > ?8 ORDER BY id LIMIT ?9"
static const char INCIDENT_LIST_UNRETURNED_SQL[] =
	INCIDENT_LIST_COLUMNS " WHERE office_id = ?1 AND returned_on IS NULL AND archived_at IS NULL"
	INCIDENT_LIST_FILTERS;
static const char INCIDENT_LIST_MAJOR_SQL[] =
	INCIDENT_LIST_COLUMNS " WHERE office_id = ?1 AND major = 1 AND archived_at IS NULL"
	INCIDENT_LIST_FILTERS;
static const char INCIDENT_LIST_OFFICE_SQL[] =
	INCIDENT_LIST_COLUMNS " WHERE office_id = ?1" INCIDENT_LIST_FILTERS;
static const char INCIDENT_LIST_ALL_SQL[] =
	INCIDENT_LIST_COLUMNS " WHERE 1" INCIDENT_LIST_FILTERS;

static int incident_plan(const void *query, const char **sql)
{
	const cpol_incident_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_INCIDENT_QUERY_VERSION, "cpol_incident_query",
	                       q->after_id, q->limit)) < 0 ||
	    (rc = check_code(cpol__incident_kind_codes, (int)q->kind, "kind", "cpol_incident_query")) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_incident_query")) < 0)
		return rc;
	if (!q->office_id)
		*sql = INCIDENT_LIST_ALL_SQL;
	else if (q->unreturned)
		*sql = INCIDENT_LIST_UNRETURNED_SQL;
	else if (q->major)
		*sql = INCIDENT_LIST_MAJOR_SQL;
	else
		*sql = INCIDENT_LIST_OFFICE_SQL;
	return 0;
}

static void incident_bind(cpol__stmt *st, const void *query)
{
	const cpol_incident_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	if (q->kind)
		cpol__bind_text(st, 3, cpol_incident_kind_name(q->kind));
	bind_period(st, 4, q->from, q->to);
	cpol__st_bind_int(st, 6, q->unreturned ? 1 : 0);
	cpol__st_bind_int(st, 7, q->major ? 1 : 0);
	bind_paging(st, 8, q->after_id, q->limit);
}

static int incident_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	cpol_incident *i = row;

	(void)db;
	i->id = cpol__st_column_int64(st, 0);
	i->office_id = cpol__st_column_int64(st, 1);
	i->officer_id = cpol__st_column_int64(st, 2);
	i->received_on = cpol__column_date(st, 3);
	i->kind = (cpol_incident_kind)code_of(cpol__incident_kind_codes, text_at(st, 4));
	i->summary = text_at(st, 5);
	i->party_name = text_at(st, 6);
	i->party_phone = text_at(st, 7);
	i->person_id = cpol__st_column_int64(st, 8);
	i->return_visit_id = cpol__st_column_int64(st, 9);
	i->returned_on = cpol__column_date(st, 10);
	i->archived_at = text_at(st, 11);
	i->major = cpol__st_column_int(st, 12);
	return 0;
}

static const list_kind incident_list = {
	"incident", "listing incidents", incident_plan, incident_bind, incident_decode, NULL
};
DEFINE_LIST(incident, CPOL_INCIDENT_QUERY_INIT)

/* ----------------------------------------------------------------- requests */

/*
 * ?1 office  ?2 officer  ?3 from  ?4 to  ?5 unanswered  ?6 in_scope (-1
 * either)  ?7 after_id  ?8 limit. Drivers: request_unanswered,
 * request_by_office.
 */
#define REQUEST_LIST_COLUMNS \
	"SELECT id, office_id, officer_id, received_on, requester, phone, person_id, content," \
	" in_scope, referred_to, feedback_on, feedback, archived_at FROM resident_request"
#define REQUEST_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND received_on BETWEEN ?3 AND ?4 AND (?5 = 0 OR feedback_on IS NULL)" \
	" AND (?6 < 0 OR in_scope = ?6) AND id > ?7 ORDER BY id LIMIT ?8"
static const char REQUEST_LIST_UNANSWERED_SQL[] =
	REQUEST_LIST_COLUMNS " WHERE office_id = ?1 AND feedback_on IS NULL AND archived_at IS NULL"
	REQUEST_LIST_FILTERS;
static const char REQUEST_LIST_OFFICE_SQL[] =
	REQUEST_LIST_COLUMNS " WHERE office_id = ?1" REQUEST_LIST_FILTERS;
static const char REQUEST_LIST_ALL_SQL[] =
	REQUEST_LIST_COLUMNS " WHERE 1" REQUEST_LIST_FILTERS;

static int request_plan(const void *query, const char **sql)
{
	const cpol_request_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_REQUEST_QUERY_VERSION, "cpol_request_query",
	                       q->after_id, q->limit)) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_request_query")) < 0)
		return rc;
	if (q->in_scope < -1 || q->in_scope > 1)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "in_scope",
		                          "in_scope is 1 (in scope), 0 (referred) or -1 (either), not %d",
		                          q->in_scope);
	*sql = !q->office_id ? REQUEST_LIST_ALL_SQL
	       : q->unanswered ? REQUEST_LIST_UNANSWERED_SQL : REQUEST_LIST_OFFICE_SQL;
	return 0;
}

static void request_bind(cpol__stmt *st, const void *query)
{
	const cpol_request_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	bind_period(st, 3, q->from, q->to);
	cpol__st_bind_int(st, 5, q->unanswered ? 1 : 0);
	cpol__st_bind_int(st, 6, q->in_scope);
	bind_paging(st, 7, q->after_id, q->limit);
}

static int request_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	cpol_request *r = row;

	(void)db;
	r->id = cpol__st_column_int64(st, 0);
	r->office_id = cpol__st_column_int64(st, 1);
	r->officer_id = cpol__st_column_int64(st, 2);
	r->received_on = cpol__column_date(st, 3);
	r->requester = text_at(st, 4);
	r->phone = text_at(st, 5);
	r->person_id = cpol__st_column_int64(st, 6);
	r->content = text_at(st, 7);
	r->in_scope = cpol__st_column_int(st, 8);
	r->referred_to = text_at(st, 9);
	r->feedback_on = cpol__column_date(st, 10);
	r->feedback = text_at(st, 11);
	r->archived_at = text_at(st, 12);
	return 0;
}

static const list_kind request_list = {
	"request", "listing requests", request_plan, request_bind, request_decode, NULL
};
DEFINE_LIST(request, CPOL_REQUEST_QUERY_INIT)

/* ----------------------------------------------------------------- disputes */

/* ?1 office  ?2 officer  ?3 status  ?4 from  ?5 to  ?6 after_id  ?7 limit. */
#define DISPUTE_LIST_COLUMNS \
	"SELECT id, office_id, officer_id, received_on, parties, summary, status, outcome," \
	" resolved_on, archived_at FROM dispute"
#define DISPUTE_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND (?3 IS NULL OR status = ?3) AND received_on BETWEEN ?4 AND ?5" \
	" AND id > ?6 ORDER BY id LIMIT ?7"
static const char DISPUTE_LIST_OFFICE_SQL[] =
	DISPUTE_LIST_COLUMNS " WHERE office_id = ?1" DISPUTE_LIST_FILTERS;
static const char DISPUTE_LIST_ALL_SQL[] =
	DISPUTE_LIST_COLUMNS " WHERE 1" DISPUTE_LIST_FILTERS;

static int dispute_plan(const void *query, const char **sql)
{
	const cpol_dispute_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_DISPUTE_QUERY_VERSION, "cpol_dispute_query",
	                       q->after_id, q->limit)) < 0 ||
	    (rc = check_code(cpol__dispute_status_codes, (int)q->status, "status", "cpol_dispute_query")) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_dispute_query")) < 0)
		return rc;
	*sql = q->office_id ? DISPUTE_LIST_OFFICE_SQL : DISPUTE_LIST_ALL_SQL;
	return 0;
}

static void dispute_bind(cpol__stmt *st, const void *query)
{
	const cpol_dispute_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	if (q->status)
		cpol__bind_text(st, 3, cpol_dispute_status_name(q->status));
	bind_period(st, 4, q->from, q->to);
	bind_paging(st, 6, q->after_id, q->limit);
}

static int dispute_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	cpol_dispute *d = row;

	(void)db;
	d->id = cpol__st_column_int64(st, 0);
	d->office_id = cpol__st_column_int64(st, 1);
	d->officer_id = cpol__st_column_int64(st, 2);
	d->received_on = cpol__column_date(st, 3);
	d->parties = text_at(st, 4);
	d->summary = text_at(st, 5);
	d->status = (cpol_dispute_status)code_of(cpol__dispute_status_codes, text_at(st, 6));
	d->outcome = text_at(st, 7);
	d->resolved_on = cpol__column_date(st, 8);
	d->archived_at = text_at(st, 9);
	return 0;
}

static const list_kind dispute_list = {
	"dispute", "listing disputes", dispute_plan, dispute_bind, dispute_decode, NULL
};
DEFINE_LIST(dispute, CPOL_DISPUTE_QUERY_INIT)

/* ------------------------------------------------------------- duty records */

/*
 * ?1 office  ?2 officer  ?3 obligation  ?4 incident  ?5 from  ?6 to
 * ?7 after_id  ?8 limit. Drivers: duty_record_by_incident,
 * duty_record_by_office.
 */
#define RECORD_LIST_COLUMNS \
	"SELECT id, office_id, officer_id, obligation, held_on, title, content, attendees," \
	" incident_id, archived_at FROM duty_record"
#define RECORD_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND (?3 IS NULL OR obligation = ?3) AND (?4 = 0 OR incident_id = ?4)" \
	" AND held_on BETWEEN ?5 AND ?6 AND id > ?7 ORDER BY id LIMIT ?8"
static const char RECORD_LIST_INCIDENT_SQL[] =
	RECORD_LIST_COLUMNS " WHERE incident_id = ?4 AND archived_at IS NULL" RECORD_LIST_FILTERS;
static const char RECORD_LIST_OFFICE_SQL[] =
	RECORD_LIST_COLUMNS " WHERE office_id = ?1 AND archived_at IS NULL" RECORD_LIST_FILTERS;
static const char RECORD_LIST_ALL_SQL[] =
	RECORD_LIST_COLUMNS " WHERE 1" RECORD_LIST_FILTERS;

static int duty_record_plan(const void *query, const char **sql)
{
	const cpol_duty_record_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_DUTY_RECORD_QUERY_VERSION, "cpol_duty_record_query",
	                       q->after_id, q->limit)) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_duty_record_query")) < 0)
		return rc;
	*sql = q->incident_id ? RECORD_LIST_INCIDENT_SQL
	       : q->office_id ? RECORD_LIST_OFFICE_SQL : RECORD_LIST_ALL_SQL;
	return 0;
}

static void duty_record_bind(cpol__stmt *st, const void *query)
{
	const cpol_duty_record_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	cpol__bind_text_opt(st, 3, q->obligation);
	cpol__st_bind_int64(st, 4, q->incident_id);
	bind_period(st, 5, q->from, q->to);
	bind_paging(st, 7, q->after_id, q->limit);
}

static int duty_record_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	cpol_duty_record *r = row;

	(void)db;
	r->id = cpol__st_column_int64(st, 0);
	r->office_id = cpol__st_column_int64(st, 1);
	r->officer_id = cpol__st_column_int64(st, 2);
	r->obligation = text_at(st, 3);
	r->held_on = cpol__column_date(st, 4);
	r->title = text_at(st, 5);
	r->content = text_at(st, 6);
	r->attendees = text_at(st, 7);
	r->incident_id = cpol__st_column_int64(st, 8);
	r->archived_at = text_at(st, 9);
	return 0;
}

static const list_kind duty_record_list = {
	"duty_record", "listing duty records", duty_record_plan, duty_record_bind, duty_record_decode,
	NULL
};
DEFINE_LIST(duty_record, CPOL_DUTY_RECORD_QUERY_INIT)

/* -------------------------------------------------------- information items */

/*
 * ?1 office  ?2 officer  ?3 category  ?4 from  ?5 to  ?6 after_id  ?7 limit.
 * Drivers: information_item_by_officer, information_item_by_office.
 */
#define INFO_LIST_COLUMNS \
	"SELECT id, office_id, officer_id, reported_on, category, summary, archived_at" \
	" FROM information_item"
#define INFO_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND (?3 IS NULL OR category = ?3) AND reported_on BETWEEN ?4 AND ?5" \
	" AND id > ?6 ORDER BY id LIMIT ?7"
static const char INFO_LIST_OFFICER_SQL[] =
	INFO_LIST_COLUMNS " WHERE officer_id = ?2" INFO_LIST_FILTERS;
static const char INFO_LIST_OFFICE_SQL[] =
	INFO_LIST_COLUMNS " WHERE office_id = ?1" INFO_LIST_FILTERS;
static const char INFO_LIST_ALL_SQL[] =
	INFO_LIST_COLUMNS " WHERE 1" INFO_LIST_FILTERS;

static int info_item_plan(const void *query, const char **sql)
{
	const cpol_info_item_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_INFO_ITEM_QUERY_VERSION, "cpol_info_item_query",
	                       q->after_id, q->limit)) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_info_item_query")) < 0)
		return rc;
	*sql = q->officer_id ? INFO_LIST_OFFICER_SQL
	       : q->office_id ? INFO_LIST_OFFICE_SQL : INFO_LIST_ALL_SQL;
	return 0;
}

static void info_item_bind(cpol__stmt *st, const void *query)
{
	const cpol_info_item_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	cpol__bind_text_opt(st, 3, q->category);
	bind_period(st, 4, q->from, q->to);
	bind_paging(st, 6, q->after_id, q->limit);
}

static int info_item_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	cpol_info_item *r = row;

	(void)db;
	r->id = cpol__st_column_int64(st, 0);
	r->office_id = cpol__st_column_int64(st, 1);
	r->officer_id = cpol__st_column_int64(st, 2);
	r->reported_on = cpol__column_date(st, 3);
	r->category = text_at(st, 4);
	r->summary = text_at(st, 5);
	r->archived_at = text_at(st, 6);
	return 0;
}

static const list_kind info_item_list = {
	"info_item", "listing information items", info_item_plan, info_item_bind, info_item_decode,
	NULL
};
DEFINE_LIST(info_item, CPOL_INFO_ITEM_QUERY_INIT)

/* ------------------------------------------------------------------ patrols */

/*
 * ?1 office  ?2 officer  ?3 night (-1 either)  ?4 from  ?5 to  ?6 after_id
 * ?7 limit. Drivers: patrol_by_officer, patrol_by_office.
 */
#define PATROL_LIST_COLUMNS "SELECT " CPOL__PATROL_COLUMNS " FROM patrol p"
#define PATROL_LIST_FILTERS \
	" AND p.archived_at IS NULL AND (?1 = 0 OR p.office_id = ?1) AND (?2 = 0 OR p.officer_id = ?2)" \
	" AND (?3 < 0 OR p.night = ?3) AND p.on_date BETWEEN ?4 AND ?5" \
	" AND p.id > ?6 ORDER BY p.id LIMIT ?7"
static const char PATROL_LIST_OFFICER_SQL[] =
	PATROL_LIST_COLUMNS " WHERE p.officer_id = ?2" PATROL_LIST_FILTERS;
static const char PATROL_LIST_OFFICE_SQL[] =
	PATROL_LIST_COLUMNS " WHERE p.office_id = ?1" PATROL_LIST_FILTERS;
static const char PATROL_LIST_ALL_SQL[] = PATROL_LIST_COLUMNS " WHERE 1" PATROL_LIST_FILTERS;

static int patrol_plan(const void *query, const char **sql)
{
	const cpol_patrol_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_PATROL_QUERY_VERSION, "cpol_patrol_query",
	                       q->after_id, q->limit)) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_patrol_query")) < 0)
		return rc;
	if (q->night < -1 || q->night > 1)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "night",
		                          "cpol_patrol_query: night is %d, not -1, 0 or 1", q->night);
	*sql = q->officer_id ? PATROL_LIST_OFFICER_SQL
	       : q->office_id ? PATROL_LIST_OFFICE_SQL : PATROL_LIST_ALL_SQL;
	return 0;
}

static void patrol_bind(cpol__stmt *st, const void *query)
{
	const cpol_patrol_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	cpol__st_bind_int(st, 3, q->night);
	bind_period(st, 4, q->from, q->to);
	bind_paging(st, 6, q->after_id, q->limit);
}

static int patrol_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	(void)db;
	return cpol__patrol_decode(row, st);
}

static void patrol_release(void *row)
{
	cpol_patrol *p = row;
	free((void *)p->auxiliaries);
	p->auxiliaries = NULL;
	p->auxiliary_count = 0;
}

static const list_kind patrol_list = {
	"patrol", "listing patrols", patrol_plan, patrol_bind, patrol_decode, patrol_release
};
DEFINE_LIST(patrol, CPOL_PATROL_QUERY_INIT)

/* ---------------------------------------------------------------- publicity */

/*
 * ?1 office  ?2 officer  ?3 topic  ?4 from  ?5 to  ?6 after_id  ?7 limit.
 * Drivers: publicity_by_officer, publicity_by_office.
 */
#define PUBLICITY_LIST_COLUMNS "SELECT " CPOL__PUBLICITY_COLUMNS " FROM publicity_event"
#define PUBLICITY_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND (?3 IS NULL OR topic = ?3) AND on_date BETWEEN ?4 AND ?5" \
	" AND id > ?6 ORDER BY id LIMIT ?7"
static const char PUBLICITY_LIST_OFFICER_SQL[] =
	PUBLICITY_LIST_COLUMNS " WHERE officer_id = ?2" PUBLICITY_LIST_FILTERS;
static const char PUBLICITY_LIST_OFFICE_SQL[] =
	PUBLICITY_LIST_COLUMNS " WHERE office_id = ?1" PUBLICITY_LIST_FILTERS;
static const char PUBLICITY_LIST_ALL_SQL[] =
	PUBLICITY_LIST_COLUMNS " WHERE 1" PUBLICITY_LIST_FILTERS;

static int publicity_plan(const void *query, const char **sql)
{
	const cpol_publicity_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_PUBLICITY_QUERY_VERSION, "cpol_publicity_query",
	                       q->after_id, q->limit)) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_publicity_query")) < 0 ||
	    (rc = check_code(cpol__prevention_topic_codes, (int)q->topic, "topic",
	                     "cpol_publicity_query")) < 0)
		return rc;
	*sql = q->officer_id ? PUBLICITY_LIST_OFFICER_SQL
	       : q->office_id ? PUBLICITY_LIST_OFFICE_SQL : PUBLICITY_LIST_ALL_SQL;
	return 0;
}

static void publicity_bind(cpol__stmt *st, const void *query)
{
	const cpol_publicity_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	if (q->topic)
		cpol__bind_text(st, 3, cpol_prevention_topic_name(q->topic));
	bind_period(st, 4, q->from, q->to);
	bind_paging(st, 6, q->after_id, q->limit);
}

static int publicity_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	(void)db;
	return cpol__publicity_decode(row, st);
}

static const list_kind publicity_list = {
	"publicity", "listing publicity events", publicity_plan, publicity_bind, publicity_decode,
	NULL
};
DEFINE_LIST(publicity, CPOL_PUBLICITY_QUERY_INIT)

/* ------------------------------------------------------------ contact cards */

/*
 * ?1 office  ?2 officer  ?3 house  ?4 from  ?5 to  ?6 after_id  ?7 limit.
 * Drivers: contact_card_by_house, contact_card_by_office.
 */
#define CARD_LIST_COLUMNS "SELECT " CPOL__CONTACT_CARD_COLUMNS " FROM contact_card"
#define CARD_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND (?3 = 0 OR house_id = ?3) AND issued_on BETWEEN ?4 AND ?5" \
	" AND id > ?6 ORDER BY id LIMIT ?7"
static const char CARD_LIST_HOUSE_SQL[] =
	CARD_LIST_COLUMNS " WHERE house_id = ?3" CARD_LIST_FILTERS;
static const char CARD_LIST_OFFICE_SQL[] =
	CARD_LIST_COLUMNS " WHERE office_id = ?1" CARD_LIST_FILTERS;
static const char CARD_LIST_ALL_SQL[] = CARD_LIST_COLUMNS " WHERE 1" CARD_LIST_FILTERS;

static int contact_card_plan(const void *query, const char **sql)
{
	const cpol_contact_card_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_CONTACT_CARD_QUERY_VERSION,
	                       "cpol_contact_card_query", q->after_id, q->limit)) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_contact_card_query")) < 0)
		return rc;
	*sql = q->house_id ? CARD_LIST_HOUSE_SQL
	       : q->office_id ? CARD_LIST_OFFICE_SQL : CARD_LIST_ALL_SQL;
	return 0;
}

static void contact_card_bind(cpol__stmt *st, const void *query)
{
	const cpol_contact_card_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	cpol__st_bind_int64(st, 3, q->house_id);
	bind_period(st, 4, q->from, q->to);
	bind_paging(st, 6, q->after_id, q->limit);
}

static int contact_card_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	(void)db;
	return cpol__contact_card_decode(row, st);
}

static const list_kind contact_card_list = {
	"contact_card", "listing contact cards", contact_card_plan, contact_card_bind,
	contact_card_decode, NULL
};
DEFINE_LIST(contact_card, CPOL_CONTACT_CARD_QUERY_INIT)

/* --------------------------------------------------------------------- 失控 */

/*
 * ?1 office  ?2 officer  ?3 person  ?4 on (NULL: any)  ?5 from  ?6 to
 * ?7 after_id  ?8 limit. Drivers: person_lost_by_person, person_lost_by_office.
 */
#define LOST_LIST_COLUMNS "SELECT " CPOL__LOST_COLUMNS " FROM person_lost"
#define LOST_LIST_FILTERS \
	" AND archived_at IS NULL AND (?1 = 0 OR office_id = ?1) AND (?2 = 0 OR officer_id = ?2)" \
	" AND (?3 = 0 OR person_id = ?3)" \
	" AND (?4 IS NULL OR (lost_from <= ?4 AND (ended_on IS NULL OR ended_on > ?4)))" \
	" AND lost_from BETWEEN ?5 AND ?6 AND id > ?7 ORDER BY id LIMIT ?8"
static const char LOST_LIST_PERSON_SQL[] =
	LOST_LIST_COLUMNS " WHERE person_id = ?3" LOST_LIST_FILTERS;
static const char LOST_LIST_OFFICE_SQL[] =
	LOST_LIST_COLUMNS " WHERE office_id = ?1" LOST_LIST_FILTERS;
static const char LOST_LIST_ALL_SQL[] = LOST_LIST_COLUMNS " WHERE 1" LOST_LIST_FILTERS;

static int lost_plan(const void *query, const char **sql)
{
	const cpol_lost_query *q = query;
	int rc;

	if ((rc = check_paging(q->version, CPOL_LOST_QUERY_VERSION, "cpol_lost_query", q->after_id,
	                       q->limit)) < 0 ||
	    (rc = check_period(q->from, q->to, "cpol_lost_query")) < 0 ||
	    (q->on != CPOL_DATE_NONE && (rc = cpol__work_need_date(q->on, "on")) < 0))
		return rc;
	*sql = q->person_id ? LOST_LIST_PERSON_SQL
	       : q->office_id ? LOST_LIST_OFFICE_SQL : LOST_LIST_ALL_SQL;
	return 0;
}

static void lost_bind(cpol__stmt *st, const void *query)
{
	const cpol_lost_query *q = query;

	cpol__st_bind_int64(st, 1, q->office_id);
	cpol__st_bind_int64(st, 2, q->officer_id);
	cpol__st_bind_int64(st, 3, q->person_id);
	cpol__bind_date_opt(st, 4, q->on);
	bind_period(st, 5, q->from, q->to);
	bind_paging(st, 7, q->after_id, q->limit);
}

static int lost_decode(void *row, cpol__stmt *st, cpol_db *db)
{
	(void)db;
	return cpol__lost_decode(row, st);
}

static const list_kind lost_list = {
	"lost", "listing 失控 records", lost_plan, lost_bind, lost_decode, NULL
};
DEFINE_LIST(lost, CPOL_LOST_QUERY_INIT)

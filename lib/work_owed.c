/*
 * libcommpolice — the owed view and the completion rates.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Every query here reads one office: each is driven by an index whose
 * first column is office_id (or by a per-unit/per-organisation index
 * reached from such rows), so the cost follows the size of the office and
 * not of the database (tests/bench/bench_work.c checks it).
 *
 * Holidays. The calendar moves two kinds of due date, each by a rule of
 * the region (national sets both; "keep" or unset leaves the day):
 *  - calendar.deadline_on_holiday: next_working_day — a time allowed after
 *    an event (a notice's deadline, "return visit within 3 days", "feedback
 *    within a week", an interval cadence) whose last day is not a working
 *    day runs to the next working day, as statutory time limits do (期间届
 *    满的最后一日是法定休假日的, 以休假日后的第一日为期间届满的日期);
 *  - calendar.period_end_on_holiday: previous_working_day — a calendar
 *    period (a month, a week) cannot be extended: what is owed in it is
 *    owed by its last working day, so a month ending in the Spring Festival
 *    holiday is due on the working day before the holiday; a fixed day of
 *    the month likewise moves back within its month.
 * An item still names the cadence or duration rule that made it. The date
 * arithmetic is the rules module's (cpol_rules_owed_by(),
 * cpol_rules_deadline()), shared with the population's due list.
 */
#include "internal.h"
#include "work_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------- list */

typedef struct owed_ctx {
	cpol_db *db;
	const cpol_rules *rules;
	const cpol_owed_query *q;
	cpol_date horizon;       /* last due day included */
	cpol_owed_item *items;
	size_t count, cap;
} owed_ctx;

static char *dup_opt(const char *s, int *oom)
{
	char *p;
	if (!s)
		return NULL;
	if (!(p = cpol__strdup(s)))
		*oom = 1;
	return p;
}

static void item_free_strings(cpol_owed_item *it)
{
	free((char *)it->subject);
	free((char *)it->what);
	free((char *)it->rule_key);
	free((char *)it->rule_file);
	free((char *)it->rule_region);
}

/*
 * Add an item when it is due within the horizon. The rule is given as a
 * ref (owned by the rules) or, for notices, as stored key/file/line.
 */
static int add_item(owed_ctx *c, cpol_owed_kind kind, cpol_id officer, cpol_id subject_id,
                    const char *subject, const char *what, cpol_date due, cpol_date last_done,
                    const cpol_rule_ref *ref, const char *key, const char *file, int line,
                    int done, int target, int provisional)
{
	cpol_owed_item *it;
	int oom = 0;

	if (due > c->horizon)
		return 0;
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		cpol_owed_item *p = realloc(c->items, cap * sizeof(*p));
		if (!p)
			return cpol__error_oom();
		c->items = p;
		c->cap = cap;
	}
	it = &c->items[c->count];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->office_id = c->q->office_id;
	it->officer_id = officer;
	it->subject_id = subject_id;
	it->subject = dup_opt(subject ? subject : "", &oom);
	it->what = dup_opt(what, &oom);
	it->due = due;
	it->last_done = last_done;
	it->days_overdue = (int)(c->q->on - due);
	it->done = done;
	it->target = target;
	it->provisional = provisional;
	if (ref) {
		it->rule_key = dup_opt(ref->key, &oom);
		it->rule_file = dup_opt(ref->file, &oom);
		it->rule_line = ref->line;
		it->rule_region = dup_opt(ref->region, &oom);
	} else {
		it->rule_key = dup_opt(key, &oom);
		it->rule_file = dup_opt(file, &oom);
		it->rule_line = line;
	}
	if (oom) {
		item_free_strings(it);
		return cpol__error_oom();
	}
	c->count++;
	return 0;
}

void cpol_owed_list_free(cpol_owed_list *list)
{
	size_t i;
	if (!list)
		return;
	for (i = 0; i < list->count; i++)
		item_free_strings(&list->items[i]);
	free(list->items);
	free(list);
}

static const char *const owed_kind_codes[] = {
	"inspection", "contact", "supervision", "notice", "escalation", "return_visit", "feedback",
	"obligation", "work_log", "household_visits", "key_person_visits", "immediate", NULL };

const char *cpol_owed_kind_name(cpol_owed_kind kind)
{
	return cpol__work_code_name(owed_kind_codes, (int)kind);
}

int cpol_owed_query_init(cpol_owed_query *query, unsigned int version)
{
	static const cpol_owed_query init = CPOL_OWED_QUERY_INIT;
	int rc;
	if (!query)
		return cpol__error_set(CPOL_EINVAL, "query is NULL");
	if ((rc = cpol__work_check_version(version, CPOL_OWED_QUERY_VERSION, "cpol_owed_query")) < 0)
		return rc;
	*query = init;
	return 0;
}

/* ------------------------------------------------------------------ units */

/* UTF-8 literals kept as escapes so that the file is ASCII. */
#define W_INSPECTION "\xE5\xAE\x89\xE5\x85\xA8\xE6\xA3\x80\xE6\x9F\xA5"           /* 安全检查 */
#define W_CONTACT "\xE8\x81\x94\xE7\xB3\xBB\xE4\xBF\x9D\xE5\x8D\xAB\xE9\x83\xA8\xE9\x97\xA8" /* 联系保卫部门 */
#define W_SUPERVISION "\xE7\x9B\x91\xE7\x9D\xA3\xE6\x8C\x87\xE5\xAF\xBC"          /* 监督指导 */
#define W_NOTICE "\xE6\x95\xB4\xE6\x94\xB9\xE6\x9C\x9F\xE9\x99\x90"               /* 整改期限 */
#define W_ESCALATION "\xE9\x80\xBE\xE6\x9C\x9F\xE6\x9C\xAA\xE6\x95\xB4\xE6\x94\xB9\xEF\xBC\x8C\xE5\xBA\x94\xE4\xB8\x8A\xE6\x8A\xA5" /* 逾期未整改，应上报 */
#define W_RETURN "\xE6\xA1\x88\xE4\xBB\xB6\xE5\x9B\x9E\xE8\xAE\xBF"               /* 案件回访 */
#define W_FEEDBACK "\xE7\xBE\xA4\xE4\xBC\x97\xE8\xAF\x89\xE6\xB1\x82\xE5\x8F\x8D\xE9\xA6\x88" /* 群众诉求反馈 */
#define W_WORK_LOG "\xE5\xB7\xA5\xE4\xBD\x9C\xE6\x97\xA5\xE5\xBF\x97"             /* 工作日志 */
#define W_HOUSEHOLD "\xE5\x85\xA5\xE6\x88\xB7\xE8\xB5\xB0\xE8\xAE\xBF"            /* 入户走访 */
#define W_KEY_PERSON "\xE9\x87\x8D\xE7\x82\xB9\xE4\xBA\xBA\xE5\x91\x98\xE8\xB5\xB0\xE8\xAE\xBF" /* 重点人员走访 */

/*
 * The office's open units with their last inspection and last security
 * contact: each "last" is one range scan of an office index grouped by
 * unit, not a seek per unit, so the cost follows the office's own history
 * and not the size of the database.
 */
static const char OWED_UNITS_SQL[] =
	"SELECT u.id, u.name, u.type_code, u.officer_id, u.status_since, li.last, lc.last"
	" FROM unit u"
	" LEFT JOIN (SELECT unit_id, max(on_date) AS last FROM inspection"
	"   WHERE office_id = ?1 AND archived_at IS NULL GROUP BY unit_id) li ON li.unit_id = u.id"
	" LEFT JOIN (SELECT unit_id, max(on_date) AS last FROM visit"
	"   WHERE office_id = ?1 AND kind = 'security_contact' AND archived_at IS NULL"
	"   GROUP BY unit_id) lc ON lc.unit_id = u.id"
	" WHERE u.office_id = ?1 AND u.status = 'open' AND u.archived_at IS NULL"
	" AND (?2 = 0 OR u.officer_id = ?2)";

/* A cadence item for one subject: last done, or counting from start. */
static int cadence_item(owed_ctx *c, cpol_owed_kind kind, cpol_id officer, cpol_id id,
                        const char *name, const char *what, const cpol_rule_cadence *cad,
                        cpol_date last, cpol_date start, int restart)
{
	cpol_date due;
	int rc, provisional;

	if (!CPOL_RULE_IS_SET(*cad) || cad->value.kind == CPOL_CADENCE_NONE ||
	    cad->value.kind == CPOL_CADENCE_IMMEDIATE)
		return 0;
	/* Done before the current start (a unit reopened since): owed afresh. */
	if (restart && last != CPOL_DATE_NONE && last < start)
		last = CPOL_DATE_NONE;
	if ((rc = cpol_rules_owed_by(&due, &provisional, c->rules, &cad->value, last, start)) < 0)
		return rc;
	return add_item(c, kind, officer, id, name, what, due, last, cad->ref, NULL, NULL, 0, 0, 0,
	                provisional);
}

static int owed_units(owed_ctx *c)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_UNITS_SQL)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, c->q->office_id);
	sqlite3_bind_int64(st, 2, c->q->officer_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const cpol_rules_place_type *pt;
		cpol_id id = sqlite3_column_int64(st, 0), officer = sqlite3_column_int64(st, 3);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);
		cpol_date since = cpol__column_date(st, 4);
		cpol_date inspected = cpol__column_date(st, 5), contacted = cpol__column_date(st, 6);

		if (cpol_rules_find_place_type(&pt, c->rules, type) < 0) {
			rc = cpol__error_set_at(CPOL_ERULES, NULL, 0, 0, type,
			                        "unit %lld has place type '%s', which the rules of region "
			                        "'%s' do not have (places.types)", (long long)id, type,
			                        cpol_rules_region(c->rules));
			break;
		}
		if ((rc = cadence_item(c, CPOL_OWED_INSPECTION, officer, id, name, W_INSPECTION,
		                       &pt->inspect, inspected, since, 1)) < 0 ||
		    (rc = cadence_item(c, CPOL_OWED_CONTACT, officer, id, name, W_CONTACT,
		                       &pt->contact, contacted, since, 1)) < 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__error_sqlite(cpol__db_handle(c->db), rc, "reading units");
	sqlite3_reset(st);
	return rc;
}

/* ---------------------------------------------------------- organisations */

static const char OWED_ORGS_SQL[] =
	"SELECT o.id, o.name, o.unit_id, u.type_code, o.obligation, o.since, u.officer_id,"
	" (SELECT v.on_date FROM visit v WHERE v.org_id = o.id AND v.kind = 'supervision'"
	"   AND v.archived_at IS NULL ORDER BY v.on_date DESC LIMIT 1)"
	" FROM prevention_org o LEFT JOIN unit u ON u.id = o.unit_id"
	" WHERE o.office_id = ?1 AND o.archived_at IS NULL"
	" AND (o.unit_id IS NULL OR (u.archived_at IS NULL AND u.status = 'open'))"
	" AND (?2 = 0 OR u.officer_id = ?2)";

/* The first obligation of kind supervision, or NULL. */
static const cpol_rules_obligation *first_supervision(const cpol_rules *rules)
{
	const cpol_rules_obligations *obs = cpol_rules_get_obligations(rules);
	size_t i;
	for (i = 0; i < obs->count; i++)
		if (obs->items[i].kind == CPOL_OBLIGATION_SUPERVISION)
			return &obs->items[i];
	return NULL;
}

static int owed_orgs(owed_ctx *c)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_ORGS_SQL)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, c->q->office_id);
	sqlite3_bind_int64(st, 2, c->q->officer_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const cpol_rule_cadence *cad = NULL;
		const cpol_rules_place_type *pt;
		const cpol_rules_obligation *ob = NULL;
		const char *type = (const char *)sqlite3_column_text(st, 3);
		const char *obligation = (const char *)sqlite3_column_text(st, 4);

		if (obligation) {
			if (cpol_rules_find_obligation(&ob, c->rules, obligation) < 0) {
				rc = cpol__error_set_at(CPOL_ERULES, NULL, 0, 0, obligation,
				                        "organisation %lld follows obligation '%s', which the "
				                        "rules of region '%s' do not have",
				                        (long long)sqlite3_column_int64(st, 0), obligation,
				                        cpol_rules_region(c->rules));
				break;
			}
			cad = &ob->cadence;
		} else if (type && cpol_rules_find_place_type(&pt, c->rules, type) == 0 &&
		           CPOL_RULE_IS_SET(pt->supervise)) {
			cad = &pt->supervise;
		} else if (!type && (ob = first_supervision(c->rules))) {
			cad = &ob->cadence;
		}
		if (cad && (rc = cadence_item(c, CPOL_OWED_SUPERVISION, sqlite3_column_int64(st, 6),
		                              sqlite3_column_int64(st, 0),
		                              (const char *)sqlite3_column_text(st, 1), W_SUPERVISION,
		                              cad, cpol__column_date(st, 7), cpol__column_date(st, 5), 1)) < 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__error_sqlite(cpol__db_handle(c->db), rc, "reading organisations");
	sqlite3_reset(st);
	return rc;
}

/* ---------------------------------------------------------------- notices */

static const char OWED_NOTICES_SQL[] =
	"SELECT n.id, n.number, n.officer_id, n.deadline, n.deadline_key, n.deadline_file,"
	" n.deadline_line, n.escalated_on, n.reinspected_on"
	" FROM rectification_notice n"
	" WHERE n.office_id = ?1 AND n.closed_on IS NULL AND n.archived_at IS NULL"
	" AND (?2 = 0 OR n.officer_id = ?2)";

static int owed_notices(owed_ctx *c)
{
	const cpol_rules_places *places = cpol_rules_get_places(c->rules);
	sqlite3_stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_NOTICES_SQL)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, c->q->office_id);
	sqlite3_bind_int64(st, 2, c->q->officer_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cpol_id id = sqlite3_column_int64(st, 0), officer = sqlite3_column_int64(st, 2);
		const char *number = (const char *)sqlite3_column_text(st, 1);
		cpol_date deadline = cpol__column_date(st, 3), esc;
		int escalated = sqlite3_column_type(st, 7) != SQLITE_NULL;

		/* Never dropped by the horizon once overdue: due < on <= horizon. */
		if ((rc = add_item(c, CPOL_OWED_NOTICE, officer, id, number, W_NOTICE, deadline,
		                   cpol__column_date(st, 8), NULL,
		                   (const char *)sqlite3_column_text(st, 4),
		                   (const char *)sqlite3_column_text(st, 5),
		                   sqlite3_column_int(st, 6), 0, 0, 0)) < 0)
			break;
		if (escalated || !CPOL_RULE_IS_SET(places->escalate_after))
			continue;
		if ((rc = cpol_duration_add(&esc, &places->escalate_after.value, deadline)) < 0)
			break;
		if ((rc = add_item(c, CPOL_OWED_ESCALATION, officer, id, number, W_ESCALATION, esc,
		                   CPOL_DATE_NONE, places->escalate_after.ref, NULL, NULL, 0, 0, 0, 0)) < 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__error_sqlite(cpol__db_handle(c->db), rc, "reading notices");
	sqlite3_reset(st);
	return rc;
}

/* ------------------------------------------------------ incidents, requests */

static const char OWED_INCIDENTS_SQL[] =
	"SELECT id, summary, officer_id, received_on FROM incident"
	" WHERE office_id = ?1 AND returned_on IS NULL AND archived_at IS NULL"
	" AND (?2 = 0 OR officer_id = ?2)";
static const char OWED_REQUESTS_SQL[] =
	"SELECT id, requester || ': ' || content, officer_id, received_on FROM resident_request"
	" WHERE office_id = ?1 AND feedback_on IS NULL AND archived_at IS NULL"
	" AND (?2 = 0 OR officer_id = ?2)";

static int owed_within(owed_ctx *c, const char *sql, const cpol_rule_duration *within,
                       cpol_owed_kind kind, const char *what)
{
	sqlite3_stmt *st;
	int rc;

	if (!CPOL_RULE_IS_SET(*within))
		return 0;
	if ((rc = cpol__db_stmt(c->db, &st, sql)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, c->q->office_id);
	sqlite3_bind_int64(st, 2, c->q->officer_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cpol_date due;
		int provisional;
		if ((rc = cpol_rules_deadline(&due, &provisional, c->rules, &within->value,
		                              cpol__column_date(st, 3))) < 0 ||
		    (rc = add_item(c, kind, sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 0),
		                   (const char *)sqlite3_column_text(st, 1), what, due, CPOL_DATE_NONE,
		                   within->ref, NULL, NULL, 0, 0, 0, provisional)) < 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__error_sqlite(cpol__db_handle(c->db), rc, "reading open cases");
	sqlite3_reset(st);
	return rc;
}

/* ------------------------------------------------------------ obligations */

static const char *obligation_what(cpol_obligation_kind k)
{
	switch (k) {
	case CPOL_OBLIGATION_MEETING: return "\xE4\xBC\x9A\xE8\xAE\xAE";       /* 会议 */
	case CPOL_OBLIGATION_NOTICE: return "\xE9\x80\x9A\xE6\x8A\xA5";        /* 通报 */
	case CPOL_OBLIGATION_REPORT: return "\xE6\x8A\xA5\xE5\x91\x8A";        /* 报告 */
	case CPOL_OBLIGATION_RECORD: return "\xE5\x8F\xB0\xE5\xB8\x90";        /* 台帐 */
	case CPOL_OBLIGATION_TRAINING: return "\xE5\x9F\xB9\xE8\xAE\xAD";      /* 培训 */
	case CPOL_OBLIGATION_ASSESSMENT: return "\xE8\x80\x83\xE8\xAF\x84";    /* 考评 */
	default: return "\xE5\x88\xB6\xE5\xBA\xA6";                           /* 制度 */
	}
}

/*
 * Office obligations fulfilled by duty records. Supervision and contact
 * obligations are owed per organisation and per unit instead; a record
 * kept every working day is the work log, owed per officer; an immediate
 * one is owed per major incident (owed_immediate()).
 */
static int owed_obligations(owed_ctx *c, cpol_date start)
{
	const cpol_rules_obligations *obs = cpol_rules_get_obligations(c->rules);
	size_t i;
	int rc;

	for (i = 0; i < obs->count; i++) {
		const cpol_rules_obligation *ob = &obs->items[i];
		cpol_date last;
		if (ob->kind == CPOL_OBLIGATION_SUPERVISION || ob->kind == CPOL_OBLIGATION_CONTACT ||
		    ob->cadence.value.kind == CPOL_CADENCE_WORKING_DAY)
			continue;
		if ((rc = cpol_duty_record_last(&last, c->db, c->q->office_id, ob->id)) < 0 ||
		    (rc = cadence_item(c, CPOL_OWED_OBLIGATION, 0, 0, ob->name, obligation_what(ob->kind),
		                       &ob->cadence, last, start, 0)) < 0)
			return rc;
	}
	return 0;
}

/*
 * Immediate obligations (重大案情通报: notify the residents at once): each
 * major incident owes every obligation whose cadence is `immediate`, due the
 * day it was received (at once: no calendar moves it), until a duty record
 * of that obligation names the incident. Like an open notice, an unanswered
 * one stays in the view however old. Read through incident_major_by_office
 * and, per incident, duty_record_by_incident.
 */
static const char OWED_IMMEDIATE_SQL[] =
	"SELECT i.id, i.summary, i.officer_id, i.received_on FROM incident i"
	" WHERE i.office_id = ?1 AND i.major = 1 AND i.archived_at IS NULL"
	" AND (?2 = 0 OR i.officer_id = ?2)"
	" AND NOT EXISTS (SELECT 1 FROM duty_record r WHERE r.incident_id = i.id"
	"   AND r.obligation = ?3 AND r.archived_at IS NULL)";

static int owed_immediate(owed_ctx *c)
{
	const cpol_rules_obligations *obs = cpol_rules_get_obligations(c->rules);
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	for (i = 0; i < obs->count && rc == 0; i++) {
		const cpol_rules_obligation *ob = &obs->items[i];
		if (ob->cadence.value.kind != CPOL_CADENCE_IMMEDIATE)
			continue;
		if ((rc = cpol__db_stmt(c->db, &st, OWED_IMMEDIATE_SQL)) < 0)
			return rc;
		sqlite3_bind_int64(st, 1, c->q->office_id);
		sqlite3_bind_int64(st, 2, c->q->officer_id);
		cpol__bind_text(st, 3, ob->id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			cpol_date received = cpol__column_date(st, 3);
			if ((rc = add_item(c, CPOL_OWED_IMMEDIATE, sqlite3_column_int64(st, 2),
			                   sqlite3_column_int64(st, 0),
			                   (const char *)sqlite3_column_text(st, 1), ob->name, received,
			                   CPOL_DATE_NONE, ob->cadence.ref, NULL, NULL, 0, 0, 0, 0)) < 0)
				break;
		}
		if (rc == SQLITE_DONE)
			rc = 0;
		else if (rc > 0)
			rc = cpol__error_sqlite(cpol__db_handle(c->db), rc, "reading major incidents");
		sqlite3_reset(st);
	}
	return rc;
}

/* ------------------------------------------------------------ per officer */

static const char WORKLOG_LAST_SQL[] =
	"SELECT on_date FROM work_log WHERE officer_id = ?1 AND on_date <= ?2 AND archived_at IS NULL"
	" ORDER BY on_date DESC LIMIT 1";

static int owed_officer(owed_ctx *c, const cpol_staff *s, cpol_date start)
{
	const cpol_rules_obligations *obs = cpol_rules_get_obligations(c->rules);
	const cpol_rules_visits *v = cpol_rules_get_visits(c->rules);
	cpol_date from = start > s->active_from ? start : s->active_from;
	cpol_date ms = cpol_date_month_start(c->q->on), me, due;
	cpol_cadence month = { CPOL_CADENCE_PERIOD, { 1, CPOL_UNIT_MONTH }, 0 };
	sqlite3_stmt *st;
	size_t i;
	int rc, provisional;

	for (i = 0; i < obs->count; i++) {
		const cpol_rules_obligation *ob = &obs->items[i];
		cpol_date last = CPOL_DATE_NONE;
		if (ob->cadence.value.kind != CPOL_CADENCE_WORKING_DAY)
			continue;
		if ((rc = cpol__db_stmt(c->db, &st, WORKLOG_LAST_SQL)) < 0)
			return rc;
		sqlite3_bind_int64(st, 1, s->id);
		cpol__bind_date(st, 2, c->q->on);
		rc = cpol__work_step_row(c->db, st, "reading the work log");
		if (rc == 0)
			last = cpol__column_date(st, 0);
		sqlite3_reset(st);
		if (rc < 0 && rc != CPOL_ENOTFOUND)
			return rc;
		if ((rc = cadence_item(c, CPOL_OWED_WORK_LOG, s->id, s->id, s->name, W_WORK_LOG,
		                       &ob->cadence, last, from, 0)) < 0)
			return rc;
	}

	/* Monthly quotas, owed by the last working day of the month. */
	if ((rc = cpol_rules_owed_by(&due, &provisional, c->rules, &month, CPOL_DATE_NONE, ms)) < 0)
		return rc;
	me = cpol_date_add_months(ms, 1) - 1;
	if (CPOL_RULE_IS_SET(v->households_per_month) && v->households_per_month.value > 0) {
		int64_t n = 0;
		if ((rc = cpol_visit_count(&n, c->db, c->q->office_id, s->id, CPOL_VISIT_HOUSEHOLD, ms, me)) < 0)
			return rc;
		if (n < v->households_per_month.value &&
		    (rc = add_item(c, CPOL_OWED_HOUSEHOLD_VISITS, s->id, s->id, s->name, W_HOUSEHOLD, due,
		                   CPOL_DATE_NONE, v->households_per_month.ref, NULL, NULL, 0, (int)n,
		                   (int)v->households_per_month.value, provisional)) < 0)
			return rc;
	}
	if (CPOL_RULE_IS_SET(v->key_person_visits_per_month) && v->key_person_visits_per_month.value > 0) {
		int64_t n = 0;
		if ((rc = cpol_visit_count(&n, c->db, c->q->office_id, s->id, CPOL_VISIT_KEY_PERSON, ms, me)) < 0)
			return rc;
		if (n < v->key_person_visits_per_month.value &&
		    (rc = add_item(c, CPOL_OWED_KEY_PERSON_VISITS, s->id, s->id, s->name, W_KEY_PERSON, due,
		                   CPOL_DATE_NONE, v->key_person_visits_per_month.ref, NULL, NULL, 0, (int)n,
		                   (int)v->key_person_visits_per_month.value, provisional)) < 0)
			return rc;
	}
	return 0;
}

static int owed_officers(owed_ctx *c, cpol_date start)
{
	cpol_staff_iter *it = NULL;
	const cpol_staff *s;
	int rc;

	if ((rc = cpol_staff_iter_office(&it, c->db, c->q->office_id, c->q->on)) < 0)
		return rc;
	while ((rc = cpol_staff_iter_next(&s, it)) == 0) {
		if (s->kind != CPOL_STAFF_OFFICER)
			continue;
		if (c->q->officer_id && s->id != c->q->officer_id)
			continue;
		if ((rc = owed_officer(c, s, start)) < 0)
			break;
	}
	cpol_staff_iter_free(it);
	return rc == CPOL_ITEROVER ? 0 : rc;
}

/* ------------------------------------------------------------------ entry */

static int compare_items(const void *a, const void *b)
{
	const cpol_owed_item *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->subject_id != y->subject_id)
		return x->subject_id < y->subject_id ? -1 : 1;
	return 0;
}

int cpol_work_owed(cpol_owed_list **out, cpol_db *db, const cpol_rules *rules,
                   const cpol_owed_query *q)
{
	const cpol_rules_visits *v;
	cpol_owed_list *list;
	owed_ctx c;
	cpol_date start;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_work_owed: out is NULL");
	*out = NULL;
	if (!db || !rules || !q)
		return cpol__error_set(CPOL_EINVAL, "cpol_work_owed: db, rules and query are required");
	if ((rc = cpol__work_check_version(q->version, CPOL_OWED_QUERY_VERSION, "cpol_owed_query")) < 0 ||
	    (rc = cpol__work_need_date(q->on, "on")) < 0)
		return rc;
	if (q->horizon_days < 0 || q->horizon_days > 366)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "horizon_days",
		                          "horizon_days must be 0-366, not %d", q->horizon_days);
	if (q->since != CPOL_DATE_NONE && ((rc = cpol__work_need_date(q->since, "since")) < 0))
		return rc;
	if ((rc = cpol__work_check_office(db, q->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, q->officer_id, "officer_id")) < 0)
		return rc;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.rules = rules;
	c.q = q;
	c.horizon = q->on + q->horizon_days;
	start = q->since != CPOL_DATE_NONE ? q->since : cpol_date_month_start(q->on);
	v = cpol_rules_get_visits(rules);

	if ((rc = owed_units(&c)) < 0 ||
	    (rc = owed_orgs(&c)) < 0 ||
	    (rc = owed_notices(&c)) < 0 ||
	    (rc = owed_within(&c, OWED_INCIDENTS_SQL, &v->return_visit_within, CPOL_OWED_RETURN_VISIT,
	                      W_RETURN)) < 0 ||
	    (rc = owed_within(&c, OWED_REQUESTS_SQL, &v->feedback_within, CPOL_OWED_FEEDBACK,
	                      W_FEEDBACK)) < 0 ||
	    (rc = owed_immediate(&c)) < 0 ||
	    (q->officer_id == 0 && (rc = owed_obligations(&c, start)) < 0) ||
	    (rc = owed_officers(&c, start)) < 0)
		goto fail;

	if (!(list = calloc(1, sizeof(*list)))) {
		rc = cpol__error_oom();
		goto fail;
	}
	if (c.count)
		qsort(c.items, c.count, sizeof(*c.items), compare_items);
	list->on = q->on;
	list->count = c.count;
	list->items = c.items;
	*out = list;
	return 0;
fail:
	{
		cpol_owed_list tmp = { q->on, c.count, c.items };
		size_t i;
		for (i = 0; i < tmp.count; i++)
			item_free_strings(&tmp.items[i]);
		free(tmp.items);
	}
	return rc;
}

/* ------------------------------------------------------------------ rates */

static void rate_finish(cpol_work_rate *r)
{
	r->rate = r->due ? (double)r->done / (double)r->due : 1.0;
}

static const char RATE_UNITS_SQL[] =
	"SELECT u.id, u.type_code, u.officer_id FROM unit u WHERE u.office_id = ?1"
	" AND u.archived_at IS NULL AND (?2 = 0 OR u.officer_id = ?2) ORDER BY u.id";
static const char RATE_STATUS_SQL[] =
	"SELECT status, valid_from, valid_to FROM unit_status WHERE unit_id = ?1 ORDER BY valid_from";
static const char RATE_INSPECTIONS_SQL[] =
	"SELECT on_date FROM inspection WHERE unit_id = ?1 AND archived_at IS NULL"
	" AND on_date <= ?2 ORDER BY on_date";

typedef struct period_span {
	int open;
	cpol_date from, to;
} period_span;

/* Is the unit open on d by its status periods? */
static int open_on(const period_span *spans, size_t n, cpol_date d)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (spans[i].from <= d && (spans[i].to == CPOL_DATE_NONE || d <= spans[i].to))
			return spans[i].open;
	return 0;
}

/*
 * The day by which the next occurrence of a cadence falls, without the
 * calendar's moves: the rates walk a unit's chain of calendar periods.
 */
static int raw_due(cpol_date *out, const cpol_rules *rules, const cpol_cadence *c,
                   cpol_date last_done, cpol_date start)
{
	cpol_date ps, pe;
	int rc;

	if (last_done != CPOL_DATE_NONE)
		return cpol_rules_next_due(out, NULL, rules, c, last_done);
	switch (c->kind) {
	case CPOL_CADENCE_PERIOD:
		if ((rc = cpol_cadence_period(&ps, &pe, c, start)) < 0)
			return rc;
		*out = pe;
		return 0;
	case CPOL_CADENCE_INTERVAL:
		return cpol_rules_next_due(out, NULL, rules, c, start);
	case CPOL_CADENCE_DAY_OF_MONTH:
	case CPOL_CADENCE_WORKING_DAY:
		return cpol_rules_next_due(out, NULL, rules, c, start - 1);
	default:
		*out = start;
		return 0;
	}
}

/*
 * Walk one unit's chain of due dates up to `to`: each due is owed when the
 * unit is open that day, and done when an inspection falls after the
 * previous step and on or before it. Dues before `from` are walked but not
 * counted.
 */
static int rate_unit(cpol_work_rate *r, const cpol_rules *rules, const cpol_cadence *cad,
                     const period_span *spans, size_t nspans, const cpol_date *dates, size_t ndates,
                     cpol_date from, cpol_date to)
{
	cpol_date last = CPOL_DATE_NONE, start, due;
	size_t k = 0;
	int rc, guard = 0;

	if (nspans == 0)
		return 0;
	start = spans[0].from;
	for (;;) {
		cpol_date done_at = CPOL_DATE_NONE;
		if ((rc = raw_due(&due, rules, cad, last, start)) < 0)
			return rc;
		if (due > to || ++guard > 100000)
			return 0;
		while (k < ndates && dates[k] <= due) {
			if (last == CPOL_DATE_NONE ? dates[k] >= start : dates[k] > last)
				done_at = dates[k];
			k++;
		}
		if (due >= from && open_on(spans, nspans, due)) {
			r->due++;
			if (done_at != CPOL_DATE_NONE)
				r->done++;
		}
		last = done_at != CPOL_DATE_NONE ? done_at : due;
	}
}

static int rate_inspections(cpol_work_rate *r, cpol_db *db, const cpol_rules *rules,
                            cpol_id office_id, cpol_id officer_id, cpol_date from, cpol_date to)
{
	sqlite3_stmt *st, *ss = NULL, *si = NULL;
	period_span *spans = NULL;
	cpol_date *dates = NULL;
	size_t nspans = 0, cspans = 0, ndates = 0, cdates = 0;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, RATE_UNITS_SQL)) < 0)
		return rc;
	/* The per-unit statements are prepared apart: the units statement is still stepping. */
	if (sqlite3_prepare_v2(cpol__db_handle(db), RATE_STATUS_SQL, -1, &ss, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(cpol__db_handle(db), RATE_INSPECTIONS_SQL, -1, &si, NULL) != SQLITE_OK) {
		rc = cpol__error_sqlite(cpol__db_handle(db), sqlite3_errcode(cpol__db_handle(db)),
		                        "preparing the rates");
		goto done;
	}
	sqlite3_bind_int64(st, 1, office_id);
	sqlite3_bind_int64(st, 2, officer_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const cpol_rules_place_type *pt;
		cpol_id unit = sqlite3_column_int64(st, 0);
		if (cpol_rules_find_place_type(&pt, rules, (const char *)sqlite3_column_text(st, 1)) < 0 ||
		    !CPOL_RULE_IS_SET(pt->inspect) || pt->inspect.value.kind == CPOL_CADENCE_IMMEDIATE ||
		    pt->inspect.value.kind == CPOL_CADENCE_NONE) {
			cpol_error_clear();
			continue;
		}
		nspans = ndates = 0;
		sqlite3_reset(ss);
		sqlite3_bind_int64(ss, 1, unit);
		while ((rc = sqlite3_step(ss)) == SQLITE_ROW) {
			if (nspans == cspans) {
				size_t cap = cspans ? cspans * 2 : 8;
				period_span *p = realloc(spans, cap * sizeof(*p));
				if (!p) {
					rc = cpol__error_oom();
					goto done;
				}
				spans = p;
				cspans = cap;
			}
			spans[nspans].open = strcmp((const char *)sqlite3_column_text(ss, 0), "open") == 0;
			spans[nspans].from = cpol__column_date(ss, 1);
			spans[nspans].to = cpol__column_date(ss, 2);
			nspans++;
		}
		sqlite3_reset(si);
		sqlite3_bind_int64(si, 1, unit);
		cpol__bind_date(si, 2, to);
		while ((rc = sqlite3_step(si)) == SQLITE_ROW) {
			if (ndates == cdates) {
				size_t cap = cdates ? cdates * 2 : 32;
				cpol_date *p = realloc(dates, cap * sizeof(*p));
				if (!p) {
					rc = cpol__error_oom();
					goto done;
				}
				dates = p;
				cdates = cap;
			}
			dates[ndates++] = cpol__column_date(si, 0);
		}
		if ((rc = rate_unit(r, rules, &pt->inspect.value, spans, nspans, dates, ndates, from, to)) < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : cpol__error_sqlite(cpol__db_handle(db), rc, "reading units");
done:
	sqlite3_reset(st);
	sqlite3_finalize(ss);
	sqlite3_finalize(si);
	free(spans);
	free(dates);
	return rc;
}

static const char RATE_NOTICES_SQL[] =
	"SELECT count(*), coalesce(sum(closed_on IS NOT NULL AND closed_on <= deadline), 0)"
	" FROM rectification_notice WHERE office_id = ?1 AND deadline BETWEEN ?3 AND ?4"
	" AND archived_at IS NULL AND (?2 = 0 OR officer_id = ?2)";
static const char RATE_INCIDENTS_SQL[] =
	"SELECT received_on, returned_on FROM incident WHERE office_id = ?1"
	" AND received_on BETWEEN ?3 AND ?4 AND archived_at IS NULL AND (?2 = 0 OR officer_id = ?2)";
static const char RATE_REQUESTS_SQL[] =
	"SELECT received_on, feedback_on FROM resident_request WHERE office_id = ?1"
	" AND received_on BETWEEN ?3 AND ?4 AND archived_at IS NULL AND (?2 = 0 OR officer_id = ?2)";

/*
 * Cases whose time allowed ends in [from, to]: done when the answer came on
 * or before the last day. Cases received up to two months before `from`
 * are read, which covers any time allowed a rule file can give in practice.
 */
static int rate_within(cpol_work_rate *r, cpol_db *db, const cpol_rules *rules, const char *sql,
                       const cpol_rule_duration *within, cpol_id office_id, cpol_id officer_id,
                       cpol_date from, cpol_date to)
{
	sqlite3_stmt *st;
	int rc;

	if (!CPOL_RULE_IS_SET(*within))
		return 0;
	r->rule_key = within->ref ? within->ref->key : NULL;
	if ((rc = cpol__db_stmt(db, &st, sql)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, office_id);
	sqlite3_bind_int64(st, 2, officer_id);
	cpol__bind_date(st, 3, cpol_date_add_months(from, -2));
	cpol__bind_date(st, 4, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cpol_date due, answered = cpol__column_date(st, 1);
		if ((rc = cpol_rules_deadline(&due, NULL, rules, &within->value,
		                              cpol__column_date(st, 0))) < 0)
			break;
		if (due < from || due > to)
			continue;
		r->due++;
		if (answered != CPOL_DATE_NONE && answered <= due)
			r->done++;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__error_sqlite(cpol__db_handle(db), rc, "reading cases");
	sqlite3_reset(st);
	return rc;
}

int cpol_work_rates_get(cpol_work_rates *out, cpol_db *db, const cpol_rules *rules,
                        cpol_id office_id, cpol_id officer_id, cpol_date from, cpol_date to)
{
	const cpol_rules_visits *v;
	const cpol_rules_places *p;
	sqlite3_stmt *st;
	int rc;

	if (!out || !db || !rules)
		return cpol__error_set(CPOL_EINVAL, "cpol_work_rates_get: out, db and rules are required");
	memset(out, 0, sizeof(*out));
	if ((rc = cpol__work_need_date(from, "from")) < 0 || (rc = cpol__work_need_date(to, "to")) < 0)
		return rc;
	if (to < from)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "to", "the period ends before it begins");
	if ((rc = cpol__work_check_office(db, office_id, "office_id")) < 0)
		return rc;
	v = cpol_rules_get_visits(rules);
	p = cpol_rules_get_places(rules);
	out->from = from;
	out->to = to;
	out->inspections.rule_key = "places.types[].inspect";
	out->notices_on_time.rule_key = p->rectification_deadline.ref ? p->rectification_deadline.ref->key
	                                                              : "places.rectification_deadline";
	out->return_visits.rule_key = "visits.return_visit_within";
	out->feedback.rule_key = "visits.feedback_within";

	if ((rc = rate_inspections(&out->inspections, db, rules, office_id, officer_id, from, to)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, RATE_NOTICES_SQL)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, office_id);
	sqlite3_bind_int64(st, 2, officer_id);
	cpol__bind_date(st, 3, from);
	cpol__bind_date(st, 4, to);
	rc = cpol__work_step_row(db, st, "counting notices");
	if (rc == 0) {
		out->notices_on_time.due = sqlite3_column_int64(st, 0);
		out->notices_on_time.done = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	if ((rc = rate_within(&out->return_visits, db, rules, RATE_INCIDENTS_SQL, &v->return_visit_within,
	                      office_id, officer_id, from, to)) < 0 ||
	    (rc = rate_within(&out->feedback, db, rules, RATE_REQUESTS_SQL, &v->feedback_within,
	                      office_id, officer_id, from, to)) < 0)
		return rc;
	rate_finish(&out->inspections);
	rate_finish(&out->notices_on_time);
	rate_finish(&out->return_visits);
	rate_finish(&out->feedback);
	return 0;
}

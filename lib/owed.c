/*
 * libcommpolice — the owed view: what an office owes from its population
 * (labelled persons, registrations, lettings, households) and its work
 * (units, organisations, notices, cases, obligations, officers), in one
 * list of one item type.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Every query here reads one office: each is driven by an index whose
 * first column is office_id (or by a per-unit, per-person or per-house
 * index reached from such rows), so the cost follows the size of the
 * office and not of the database (tests/bench/bench_owed.c checks it).
 * The items are gathered into an array (an office owes thousands of
 * things, not millions) so that they can be sorted, counted and paged.
 *
 * Holidays. The calendar moves two kinds of due date, each by a rule of
 * the region (national sets both; "keep" or unset leaves the day):
 *  - calendar.deadline_on_holiday: next_working_day — a time allowed after
 *    an event (a notice's deadline, "return visit within 3 days", "feedback
 *    within a week", "register within 3 days", an interval cadence) whose
 *    last day is not a working day runs to the next working day, as
 *    statutory time limits do (期间届满的最后一日是法定休假日的,
 *    以休假日后的第一日为期间届满的日期); a time in hours (a foreigner's
 *    24 hours) is not stretched;
 *  - calendar.period_end_on_holiday: previous_working_day — a calendar
 *    period (a month, a quarter) cannot be extended: what is owed in it is
 *    owed by its last working day; a fixed day of the month likewise moves
 *    back within its month.
 * The date arithmetic is the rules module's (cpol_rules_owed_by(),
 * cpol_rules_deadline()): no kind computes a date of its own.
 */
#include "internal.h"
#include "org_internal.h"
#include "work_internal.h"

#include <stdarg.h>
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

/* Who and what an item is about, beyond its kind. */
typedef struct owed_about {
	cpol_id officer, subject_id, person_id, house_id;
	const char *label;       /* label code, or NULL */
	const char *subject;     /* a name, or NULL for "" */
	cpol_date last_done;
	int done, target, provisional;
	int verify;              /* a 'to verify' item: never overdue */
} owed_about;

static int want(const cpol_owed_query *q, cpol_owed_kind k)
{
	return q->kinds == 0 || (q->kinds & (1u << k));
}

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
	free((char *)it->label);
	free((char *)it->subject);
	free((char *)it->what);
	free((char *)it->rule_key);
	free((char *)it->rule_file);
	free((char *)it->rule_region);
}

/*
 * Add an item of a wanted kind. The caller has decided that it is listed
 * (due within the horizon, or in its period). The rule is given as a ref
 * (owned by the rules) or, for notices, as stored key/file/line.
 */
static int push_item(owed_ctx *c, cpol_owed_kind kind, const owed_about *a, const char *what,
                     cpol_date due, const cpol_rule_ref *ref, const char *key, const char *file,
                     int line)
{
	cpol_owed_item *it;
	int oom = 0;

	if (!want(c->q, kind))
		return 0;
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
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
	it->officer_id = a->officer;
	it->subject_id = a->subject_id;
	it->person_id = a->person_id;
	it->house_id = a->house_id;
	it->label = dup_opt(a->label, &oom);
	it->subject = dup_opt(a->subject ? a->subject : "", &oom);
	it->what = dup_opt(what, &oom);
	it->due = due;
	it->last_done = a->last_done;
	it->days_overdue = (int)(c->q->on - due);
	it->overdue = !a->verify && c->q->on > due;
	it->done = a->done;
	it->target = a->target;
	it->provisional = a->provisional;
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

/* A work item: listed when due within the horizon. */
static int add_item(owed_ctx *c, cpol_owed_kind kind, cpol_id officer, cpol_id subject_id,
                    const char *subject, const char *what, cpol_date due, cpol_date last_done,
                    const cpol_rule_ref *ref, const char *key, const char *file, int line,
                    int done, int target, int provisional)
{
	owed_about a;

	if (due > c->horizon)
		return 0;
	memset(&a, 0, sizeof(a));
	a.officer = officer;
	a.subject_id = subject_id;
	a.subject = subject;
	a.last_done = last_done;
	a.done = done;
	a.target = target;
	a.provisional = provisional;
	return push_item(c, kind, &a, what, due, ref, key, file, line);
}

/* A population item, its description formatted. */
static int add_formatted(owed_ctx *c, cpol_owed_kind kind, const owed_about *a, cpol_date due,
                         const cpol_rule_ref *ref, const char *fmt, ...) CPOL__PRINTF(6, 7);

static int add_formatted(owed_ctx *c, cpol_owed_kind kind, const owed_about *a, cpol_date due,
                         const cpol_rule_ref *ref, const char *fmt, ...)
{
	cpol__buf b = { 0 };
	va_list ap;
	char *what;
	int n, rc;

	if (!want(c->q, kind))
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || cpol__buf_grow(&b, (size_t)n) < 0)
		return cpol__error_oom();
	va_start(ap, fmt);
	vsnprintf(b.ptr, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b.len = (size_t)n;
	what = cpol__buf_detach(&b);
	rc = push_item(c, kind, a, what, due, ref, NULL, NULL, 0);
	free(what);
	return rc;
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
	"obligation", "work_log", "household_visits", "key_person_visits", "immediate",
	"assessment", "talk", "person_visit", "registration", "verify_registration", "rental",
	"household", "lost", "contact_card", "verify", "night_patrols", "publicity", NULL };

const char *cpol_owed_kind_name(cpol_owed_kind kind)
{
	return cpol__work_code_name(owed_kind_codes, (int)kind);
}

int cpol_owed_kind_parse(cpol_owed_kind *out, const char *name)
{
	int k;

	for (k = 0; name && owed_kind_codes[k]; k++)
		if (strcmp(owed_kind_codes[k], name) == 0) {
			if (out)
				*out = (cpol_owed_kind)(k + 1);
			return 0;
		}
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind",
	                          "unknown owed kind '%s' (inspection, notice, registration, household...)",
	                          name ? name : "(null)");
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
#define W_HOUSEHOLD_WEEK "\xE6\xAF\x8F\xE5\x91\xA8\xE5\x85\xA5\xE6\x88\xB7\xE8\xAE\xBF\xE6\x9F\xA5" /* 每周入户访查 */
#define W_HOUSEHOLD "\xE5\x85\xA5\xE6\x88\xB7\xE8\xB5\xB0\xE8\xAE\xBF"            /* 入户走访 */
#define W_KEY_PERSON "\xE9\x87\x8D\xE7\x82\xB9\xE4\xBA\xBA\xE5\x91\x98\xE8\xB5\xB0\xE8\xAE\xBF" /* 重点人员走访 */
#define W_NIGHT_PATROLS "\xE5\xA4\x9C\xE5\xB7\xA1"                            /* 夜巡 */
#define W_PUBLICITY "\xE5\x85\xAD\xE9\x98\xB2\xE5\xAE\xA3\xE4\xBC\xA0"       /* 六防宣传 */

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
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_UNITS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, c->q->office_id);
	cpol__st_bind_int64(st, 2, c->q->officer_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		const cpol_rules_place_type *pt;
		cpol_id id = cpol__st_column_int64(st, 0), officer = cpol__st_column_int64(st, 3);
		const char *name = (const char *)cpol__st_column_text(st, 1);
		const char *type = (const char *)cpol__st_column_text(st, 2);
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
	if (rc == CPOL__DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__db_error(c->db, rc, "reading units");
	cpol__st_reset(st);
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
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_ORGS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, c->q->office_id);
	cpol__st_bind_int64(st, 2, c->q->officer_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		const cpol_rule_cadence *cad = NULL;
		const cpol_rules_place_type *pt;
		const cpol_rules_obligation *ob = NULL;
		const char *type = (const char *)cpol__st_column_text(st, 3);
		const char *obligation = (const char *)cpol__st_column_text(st, 4);

		if (obligation) {
			if (cpol_rules_find_obligation(&ob, c->rules, obligation) < 0) {
				rc = cpol__error_set_at(CPOL_ERULES, NULL, 0, 0, obligation,
				                        "organisation %lld follows obligation '%s', which the "
				                        "rules of region '%s' do not have",
				                        (long long)cpol__st_column_int64(st, 0), obligation,
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
		if (cad && (rc = cadence_item(c, CPOL_OWED_SUPERVISION, cpol__st_column_int64(st, 6),
		                              cpol__st_column_int64(st, 0),
		                              (const char *)cpol__st_column_text(st, 1), W_SUPERVISION,
		                              cad, cpol__column_date(st, 7), cpol__column_date(st, 5), 1)) < 0)
			break;
	}
	if (rc == CPOL__DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__db_error(c->db, rc, "reading organisations");
	cpol__st_reset(st);
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
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_NOTICES_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, c->q->office_id);
	cpol__st_bind_int64(st, 2, c->q->officer_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_id id = cpol__st_column_int64(st, 0), officer = cpol__st_column_int64(st, 2);
		const char *number = (const char *)cpol__st_column_text(st, 1);
		cpol_date deadline = cpol__column_date(st, 3), esc;
		int escalated = cpol__st_column_type(st, 7) != CPOL__NULL;

		/* Never dropped by the horizon once overdue: due < on <= horizon. */
		if ((rc = add_item(c, CPOL_OWED_NOTICE, officer, id, number, W_NOTICE, deadline,
		                   cpol__column_date(st, 8), NULL,
		                   (const char *)cpol__st_column_text(st, 4),
		                   (const char *)cpol__st_column_text(st, 5),
		                   cpol__st_column_int(st, 6), 0, 0, 0)) < 0)
			break;
		if (escalated || !CPOL_RULE_IS_SET(places->escalate_after))
			continue;
		if ((rc = cpol_duration_add(&esc, &places->escalate_after.value, deadline)) < 0)
			break;
		if ((rc = add_item(c, CPOL_OWED_ESCALATION, officer, id, number, W_ESCALATION, esc,
		                   CPOL_DATE_NONE, places->escalate_after.ref, NULL, NULL, 0, 0, 0, 0)) < 0)
			break;
	}
	if (rc == CPOL__DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__db_error(c->db, rc, "reading notices");
	cpol__st_reset(st);
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
	cpol__stmt *st;
	int rc;

	if (!CPOL_RULE_IS_SET(*within))
		return 0;
	if ((rc = cpol__db_stmt(c->db, &st, sql)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, c->q->office_id);
	cpol__st_bind_int64(st, 2, c->q->officer_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_date due;
		int provisional;
		if ((rc = cpol_rules_deadline(&due, &provisional, c->rules, &within->value,
		                              cpol__column_date(st, 3))) < 0 ||
		    (rc = add_item(c, kind, cpol__st_column_int64(st, 2), cpol__st_column_int64(st, 0),
		                   (const char *)cpol__st_column_text(st, 1), what, due, CPOL_DATE_NONE,
		                   within->ref, NULL, NULL, 0, 0, 0, provisional)) < 0)
			break;
	}
	if (rc == CPOL__DONE)
		rc = 0;
	else if (rc > 0)
		rc = cpol__db_error(c->db, rc, "reading open cases");
	cpol__st_reset(st);
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
	cpol__stmt *st;
	size_t i;
	int rc = 0;

	for (i = 0; i < obs->count && rc == 0; i++) {
		const cpol_rules_obligation *ob = &obs->items[i];
		if (ob->cadence.value.kind != CPOL_CADENCE_IMMEDIATE)
			continue;
		if ((rc = cpol__db_stmt(c->db, &st, OWED_IMMEDIATE_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, c->q->office_id);
		cpol__st_bind_int64(st, 2, c->q->officer_id);
		cpol__bind_text(st, 3, ob->id);
		while ((rc = cpol__st_step(st)) == CPOL__ROW) {
			cpol_date received = cpol__column_date(st, 3);
			if ((rc = add_item(c, CPOL_OWED_IMMEDIATE, cpol__st_column_int64(st, 2),
			                   cpol__st_column_int64(st, 0),
			                   (const char *)cpol__st_column_text(st, 1), ob->name, received,
			                   CPOL_DATE_NONE, ob->cadence.ref, NULL, NULL, 0, 0, 0, 0)) < 0)
				break;
		}
		if (rc == CPOL__DONE)
			rc = 0;
		else if (rc > 0)
			rc = cpol__db_error(c->db, rc, "reading major incidents");
		cpol__st_reset(st);
	}
	return rc;
}

/* ------------------------------------------------------------ per officer */

static const char WORKLOG_LAST_SQL[] =
	"SELECT on_date FROM work_log WHERE officer_id = ?1 AND on_date <= ?2 AND archived_at IS NULL"
	" ORDER BY on_date DESC LIMIT 1";

/*
 * An officer's visit quota for the calendar period (a week, a month) that
 * holds the query day: owed by the period's last working day when the
 * visits recorded in it fall short, with the numbers (done / target).
 */
static int quota_item(owed_ctx *c, const cpol_staff *s, cpol_owed_kind kind, const char *what,
                      const cpol_rule_int *quota, cpol_visit_kind visit, cpol_time_unit unit)
{
	cpol_cadence period = { CPOL_CADENCE_PERIOD, { 1, unit }, 0 };
	cpol_date from, to, due;
	int64_t n = 0;
	int rc, provisional;

	if (!CPOL_RULE_IS_SET(*quota) || quota->value <= 0 || !want(c->q, kind))
		return 0;
	if ((rc = cpol_cadence_period(&from, &to, &period, c->q->on)) < 0 ||
	    (rc = cpol_rules_owed_by(&due, &provisional, c->rules, &period, CPOL_DATE_NONE, from)) < 0 ||
	    (rc = cpol_visit_count(&n, c->db, c->q->office_id, s->id, visit, from, to)) < 0)
		return rc;
	if (n >= quota->value)
		return 0;
	return add_item(c, kind, s->id, s->id, s->name, what, due, CPOL_DATE_NONE, quota->ref, NULL, NULL, 0,
	                (int)n, (int)quota->value, provisional);
}

static int owed_officer(owed_ctx *c, const cpol_staff *s, cpol_date start)
{
	const cpol_rules_obligations *obs = cpol_rules_get_obligations(c->rules);
	const cpol_rules_visits *v = cpol_rules_get_visits(c->rules);
	cpol_date from = start > s->active_from ? start : s->active_from;
	cpol__stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < obs->count; i++) {
		const cpol_rules_obligation *ob = &obs->items[i];
		cpol_date last = CPOL_DATE_NONE;
		if (ob->cadence.value.kind != CPOL_CADENCE_WORKING_DAY)
			continue;
		if ((rc = cpol__db_stmt(c->db, &st, WORKLOG_LAST_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, s->id);
		cpol__bind_date(st, 2, c->q->on);
		rc = cpol__work_step_row(c->db, st, "reading the work log");
		if (rc == 0)
			last = cpol__column_date(st, 0);
		cpol__st_reset(st);
		if (rc < 0 && rc != CPOL_ENOTFOUND)
			return rc;
		if ((rc = cadence_item(c, CPOL_OWED_WORK_LOG, s->id, s->id, s->name, W_WORK_LOG,
		                       &ob->cadence, last, from, 0)) < 0)
			return rc;
	}

	/* Quotas: 每周安排时间入户访查 as so many households a week, 30 a month... */
	if ((rc = quota_item(c, s, CPOL_OWED_HOUSEHOLD_VISITS, W_HOUSEHOLD_WEEK, &v->households_per_week,
	                     CPOL_VISIT_HOUSEHOLD, CPOL_UNIT_WEEK)) < 0 ||
	    (rc = quota_item(c, s, CPOL_OWED_HOUSEHOLD_VISITS, W_HOUSEHOLD, &v->households_per_month,
	                     CPOL_VISIT_HOUSEHOLD, CPOL_UNIT_MONTH)) < 0 ||
	    (rc = quota_item(c, s, CPOL_OWED_KEY_PERSON_VISITS, W_KEY_PERSON, &v->key_person_visits_per_month,
	                     CPOL_VISIT_KEY_PERSON, CPOL_UNIT_MONTH)) < 0)
		return rc;
	return 0;
}

static int owed_officers(owed_ctx *c, cpol_date start)
{
	cpol_staff_iter *it = NULL;
	const cpol_staff *s;
	int rc;

	if ((rc = cpol_staff_office_iter_new(&it, c->db, c->q->office_id, c->q->on)) < 0)
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

/* ------------------------------------------------------------- population */

/*
 * Is a person-level item due by `due` listed on `on`? A calendar-period
 * cadence up to a quarter (weekly, monthly, quarterly) is owed from the
 * first day of the period its due date ends ("June's assessment is owed");
 * a longer one (a household's yearly visit) and anything else from
 * `horizon` days before its due date, so that a year's cycle does not list
 * every household all year.
 */
static int in_window(const owed_ctx *c, const cpol_cadence *cad, cpol_date due)
{
	cpol_date start, end;

	if (cad && cad->kind == CPOL_CADENCE_PERIOD && cad->every.unit <= CPOL_UNIT_QUARTER &&
	    cpol_cadence_period(&start, &end, cad, due) == 0)
		return c->q->on >= start;
	return due <= c->horizon;
}

/*
 * Labelled persons the office manages, with the last contact of each kind
 * since the label began. CROSS JOIN keeps the office's persons outside:
 * left to itself SQLite scans every label of the database (they are fewer
 * than one office's persons) and seeks each person, a cost that grows with
 * the database (bench_owed, 1M against 100k persons: 1.24 that way, 1.14
 * this way).
 */
static const char OWED_LABELS_SQL[] =
	"SELECT l.person_id, l.code, l.valid_from, p.name,"
	" (SELECT max(c.on_date) FROM contact c WHERE c.person_id = l.person_id AND c.kind = 'assessment'"
	"   AND c.on_date >= l.valid_from AND c.on_date <= ?2 AND c.archived_at IS NULL),"
	" (SELECT max(c.on_date) FROM contact c WHERE c.person_id = l.person_id AND c.kind = 'talk'"
	"   AND c.on_date >= l.valid_from AND c.on_date <= ?2 AND c.archived_at IS NULL),"
	" (SELECT max(c.on_date) FROM contact c WHERE c.person_id = l.person_id AND c.kind = 'visit'"
	"   AND c.on_date >= l.valid_from AND c.on_date <= ?2 AND c.archived_at IS NULL)"
	" FROM person p CROSS JOIN label l ON l.person_id = p.id"
	" WHERE p.office_id = ?1 AND p.archived_at IS NULL AND l.archived_at IS NULL"
	" AND l.valid_from <= ?2 AND (l.valid_to IS NULL OR l.valid_to >= ?2)";

static int owed_labels(owed_ctx *c)
{
	static const char *const what_zh[] = { "考核", "谈话", "走访" };
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_LABELS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, c->q->office_id);
	cpol__bind_date(st, 2, c->q->on);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		const cpol_rules_label *label;
		const cpol_rule_cadence *cad[3];
		cpol_date start = cpol__column_date(st, 2);
		int k;

		if (cpol_rules_find_label(&label, c->rules, (const char *)cpol__st_column_text(st, 1)) < 0) {
			cpol_error_clear(); /* a label the region no longer has: nothing owed by its rules */
			continue;
		}
		cad[0] = &label->assess;
		cad[1] = &label->talk;
		cad[2] = &label->visit;
		for (k = 0; k < 3; k++) {
			cpol_owed_kind kind = (cpol_owed_kind)(CPOL_OWED_ASSESSMENT + k);
			owed_about a;
			cpol_date last, due;
			char d1[CPOL_DATE_BUFSZ];

			if (!CPOL_RULE_IS_SET(*cad[k]) || !want(c->q, kind))
				continue;
			memset(&a, 0, sizeof(a));
			/* never done: the period the label began in is owed (月考核、季谈话
			 * from the day a person becomes a key person) */
			last = cpol__st_column_type(st, 4 + k) == CPOL__NULL ? CPOL_DATE_NONE
			                                                     : cpol__column_date(st, 4 + k);
			if (cpol_rules_owed_by(&due, &a.provisional, c->rules, &cad[k]->value, last, start) < 0) {
				cpol_error_clear();
				continue;
			}
			if (!in_window(c, &cad[k]->value, due))
				continue;
			a.subject_id = a.person_id = cpol__st_column_int64(st, 0);
			a.label = label->code;
			a.subject = (const char *)cpol__st_column_text(st, 3);
			a.last_done = last == CPOL_DATE_NONE ? start : last;
			if ((rc = add_formatted(c, kind, &a, due, cad[k]->ref, "%s %s: %s due by %s", label->name,
			                        a.subject, what_zh[k], cpol_date_format(d1, due))) < 0) {
				cpol__st_reset(st);
				return rc;
			}
		}
	}
	cpol__st_reset(st);
	return rc == CPOL__DONE ? 0 : cpol__db_error(c->db, rc, "listing labelled persons");
}

/*
 * Open residences of the persons the office manages. A residence whose
 * house is the person's 户籍 address is registered by the household
 * register itself.
 */
static const char OWED_REGISTRATION_SQL[] =
	"SELECT r.id, r.person_id, r.house_id, r.type, r.valid_from, r.registered_on, r.permit_valid_to, p.name,"
	" (p.hukou_address_id IS NOT NULL AND p.hukou_address_id = h.address_id),"
	" (p.hukou_address_id IS NULL)"
	" FROM person p JOIN residence r ON r.person_id = p.id AND r.valid_to IS NULL AND r.archived_at IS NULL"
	" JOIN house h ON h.id = r.house_id"
	" WHERE p.office_id = ?1 AND p.archived_at IS NULL AND r.valid_from <= ?2";

static int owed_registrations(owed_ctx *c)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_REGISTRATION_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, c->q->office_id);
	cpol__bind_date(st, 2, c->q->on);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		const cpol_rules_residence_type *rt;
		const cpol_rule_ref *ref;
		owed_about a;
		cpol_date reg = cpol__column_date(st, 5), until = cpol__column_date(st, 6), due;
		char d1[CPOL_DATE_BUFSZ];
		int unregistered;

		if (cpol_rules_find_residence_type(&rt, c->rules, (const char *)cpol__st_column_text(st, 3)) < 0) {
			cpol_error_clear();
			continue;
		}
		if (!CPOL_RULE_IS_SET(rt->register_required) || !rt->register_required.value)
			continue;
		memset(&a, 0, sizeof(a));
		unregistered = reg == CPOL_DATE_NONE && !cpol__st_column_int(st, 8);
		/* permanent, household register unknown: to verify, not overdue */
		a.verify = unregistered && cpol__st_column_int(st, 9) && !strcmp(rt->code, "permanent");
		if (!want(c->q, a.verify ? CPOL_OWED_VERIFY_REGISTRATION : CPOL_OWED_REGISTRATION))
			continue;
		if (unregistered) {
			due = cpol__column_date(st, 4);
			ref = rt->register_required.ref;
			if (CPOL_RULE_IS_SET(rt->register_within)) {
				/* days run on past a holiday; hours (a foreigner's 24h) do not */
				if (cpol_rules_deadline(&due, &a.provisional, c->rules,
				                        &rt->register_within.value, due) < 0) {
					cpol_error_clear();
					continue;
				}
				ref = rt->register_within.ref;
			}
		} else if (until != CPOL_DATE_NONE) {
			due = until;
			ref = rt->register_required.ref;
		} else {
			continue;
		}
		if (due > c->horizon)
			continue;
		a.subject_id = cpol__st_column_int64(st, 0);
		a.person_id = cpol__st_column_int64(st, 1);
		a.house_id = cpol__st_column_int64(st, 2);
		a.subject = (const char *)cpol__st_column_text(st, 7);
		a.last_done = unregistered ? cpol__column_date(st, 4) : reg;
		if ((rc = add_formatted(c, a.verify ? CPOL_OWED_VERIFY_REGISTRATION : CPOL_OWED_REGISTRATION, &a,
		                        due, ref,
		                        a.verify ? "%s %s: 户籍 not on record, verify whether "
		                                   "registered here (核实), by %s"
		                        : unregistered ? "%s %s: not registered (登记), due by %s"
		                                       : "%s %s: registration runs out on %s",
		                        rt->name, a.subject, cpol_date_format(d1, due))) < 0) {
			cpol__st_reset(st);
			return rc;
		}
	}
	cpol__st_reset(st);
	return rc == CPOL__DONE ? 0 : cpol__db_error(c->db, rc, "listing residences");
}

/* Lettings of the office's houses; CROSS JOIN, as for labels, so that not every letting of the database is read. */
static const char OWED_RENTALS_SQL[] =
	"SELECT rn.id, rn.house_id, rn.registered_on, rn.valid_to, rn.landlord_name"
	" FROM district d JOIN coverage cv ON cv.district_id = d.id AND cv.archived_at IS NULL"
	"  AND cv.valid_from <= ?2 AND (cv.valid_to IS NULL OR cv.valid_to >= ?2)"
	" JOIN house h ON h.community_id = cv.community_id AND h.archived_at IS NULL"
	" CROSS JOIN rental rn ON rn.house_id = h.id AND rn.ended_on IS NULL AND rn.archived_at IS NULL"
	" WHERE d.office_id = ?1 AND d.archived_at IS NULL AND rn.valid_to IS NOT NULL AND rn.valid_to <= ?3";

static int owed_rentals(owed_ctx *c)
{
	const cpol_rules_place_type *pt;
	cpol__stmt *st;
	int rc;

	/* Lettings are kept on file by the place type `rental` (出租房屋); no such rule, nothing owed. */
	if (cpol_rules_find_place_type(&pt, c->rules, "rental") < 0) {
		cpol_error_clear();
		return 0;
	}
	if ((rc = cpol__db_stmt(c->db, &st, OWED_RENTALS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, c->q->office_id);
	cpol__bind_date(st, 2, c->q->on);
	cpol__bind_date(st, 3, c->horizon);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		owed_about a;
		cpol_date due = cpol__column_date(st, 3);
		char d1[CPOL_DATE_BUFSZ];

		memset(&a, 0, sizeof(a));
		a.subject_id = cpol__st_column_int64(st, 0);
		a.house_id = cpol__st_column_int64(st, 1);
		a.subject = (const char *)cpol__st_column_text(st, 4);
		a.last_done = cpol__column_date(st, 2);
		if ((rc = add_formatted(c, CPOL_OWED_RENTAL, &a, due,
		                        CPOL_RULE_IS_SET(pt->on_file) ? pt->on_file.ref : pt->ref,
		                        "出租房屋 (landlord %s): registration %s on %s", a.subject,
		                        c->q->on > due ? "lapsed" : "runs out", cpol_date_format(d1, due))) < 0) {
			cpol__st_reset(st);
			return rc;
		}
	}
	cpol__st_reset(st);
	return rc == CPOL__DONE ? 0 : cpol__db_error(c->db, rc, "listing rentals");
}

/*
 * Households (cpol__households_stmt(): the houses with a live residence of
 * a live person holding the day, as cpol_uncarded_iter_new() lists them)
 * owe their visit by `visits.household_cadence`, and, without a
 * card, their police contact card (每户一卡, `visits.contact_card`). The
 * card is handed out at the household visit, so it is owed by the same day
 * as the household's next visit; with no household cadence, from the day
 * the household began. Listed by in_window() like the visit: on an office's
 * first day in the library, a household visited this year does not owe a
 * card until its next visit comes near, so the card records an office never
 * kept do not bury what it owes now.
 */
static int owed_households(owed_ctx *c)
{
	const cpol_rules_visits *v = cpol_rules_get_visits(c->rules);
	const cpol_cadence *cad = CPOL_RULE_IS_SET(v->household_cadence) ? &v->household_cadence.value : NULL;
	int visits = cad && want(c->q, CPOL_OWED_HOUSEHOLD);
	int cards = v->contact_card.ref && v->contact_card.value && want(c->q, CPOL_OWED_CONTACT_CARD);
	cpol__stmt *st;
	int rc;

	if (!visits && !cards)
		return 0;
	if ((rc = cpol__households_stmt(&st, c->db, c->q->office_id, c->q->on)) < 0)
		return rc;
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		owed_about a;
		cpol_date last, due, since = cpol__column_date(st, CPOL__HOUSEHOLD_SINCE);
		int carded = cpol__st_column_int(st, CPOL__HOUSEHOLD_CARDED);
		char d1[CPOL_DATE_BUFSZ];

		if (!visits && carded)
			continue;
		memset(&a, 0, sizeof(a));
		last = cpol__st_column_type(st, CPOL__HOUSEHOLD_LAST_VISIT) == CPOL__NULL
		       ? CPOL_DATE_NONE : cpol__column_date(st, CPOL__HOUSEHOLD_LAST_VISIT);
		due = since;
		if (cad && cpol_rules_owed_by(&due, &a.provisional, c->rules, cad, last, since) < 0) {
			cpol_error_clear();
			continue;
		}
		if (!in_window(c, cad, due))
			continue;
		a.subject_id = a.house_id = cpol__st_column_int64(st, CPOL__HOUSEHOLD_ID);
		a.last_done = last == CPOL_DATE_NONE ? since : last;
		if (visits && (rc = add_formatted(c, CPOL_OWED_HOUSEHOLD, &a, due, v->household_cadence.ref,
		                                  "household %lld: 入户访查 due by %s", (long long)a.house_id,
		                                  cpol_date_format(d1, due))) < 0)
			break;
		a.last_done = since;
		if (cards && !carded &&
		    (rc = add_formatted(c, CPOL_OWED_CONTACT_CARD, &a, due, v->contact_card.ref,
		                        "household %lld: 警民联系卡 (每户一卡) due by %s", (long long)a.house_id,
		                        cpol_date_format(d1, due))) < 0)
			break;
	}
	cpol__st_reset(st);
	if (rc < 0)
		return rc;
	return rc == CPOL__DONE ? 0 : cpol__db_error(c->db, rc, "listing households");
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
	if (x->officer_id != y->officer_id)
		return x->officer_id < y->officer_id ? -1 : 1;
	return 0;
}

static void items_free(cpol_owed_item *items, size_t from, size_t to)
{
	size_t i;
	for (i = from; i < to; i++)
		item_free_strings(&items[i]);
}

/* Keep the items about the query's person and house; count the rest by kind. */
static void select_items(owed_ctx *c, cpol_owed_list *list)
{
	size_t i, kept = 0;

	for (i = 0; i < c->count; i++) {
		cpol_owed_item *it = &c->items[i];
		if ((c->q->person_id && it->person_id != c->q->person_id) ||
		    (c->q->house_id && it->house_id != c->q->house_id)) {
			item_free_strings(it);
			continue;
		}
		c->items[kept++] = *it;
		list->by_kind[it->kind]++;
		list->overdue += it->overdue;
		list->provisional += it->provisional != 0;
	}
	c->count = kept;
	list->total = kept;
}

/* The page [offset, offset + limit) of the sorted items. */
static void page_items(owed_ctx *c, cpol_owed_list *list)
{
	size_t from = c->q->offset < c->count ? c->q->offset : c->count;
	size_t n = c->count - from;

	if (c->q->limit && c->q->limit < n)
		n = c->q->limit;
	items_free(c->items, 0, from);
	items_free(c->items, from + n, c->count);
	if (from && n)
		memmove(c->items, c->items + from, n * sizeof(*c->items));
	list->count = n;
	list->items = c->items;
	if (!n) {
		free(c->items);
		list->items = NULL;
	}
	c->items = NULL;
	c->count = 0;
}

/* Bits of the kinds a query may ask for. */
#define OWED_ALL_KINDS (((1u << (CPOL_OWED_KIND_MAX + 1)) - 1) & ~1u)

static int check_query(cpol_db *db, const cpol_owed_query *q)
{
	int rc;

	if ((rc = cpol__work_check_version(q->version, CPOL_OWED_QUERY_VERSION, "cpol_owed_query")) < 0 ||
	    (rc = cpol__work_need_date(q->on, "on")) < 0)
		return rc;
	if (q->horizon_days < 0 || q->horizon_days > 366)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "horizon_days",
		                          "horizon_days must be 0-366, not %d", q->horizon_days);
	if (q->kinds & ~OWED_ALL_KINDS)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kinds",
		                          "kinds has bits (0x%x) that are no owed kind", q->kinds & ~OWED_ALL_KINDS);
	if (q->since != CPOL_DATE_NONE && ((rc = cpol__work_need_date(q->since, "since")) < 0))
		return rc;
	if ((rc = cpol__work_check_office(db, q->office_id, "office_id")) < 0 ||
	    (rc = cpol__work_check_staff_opt(db, q->officer_id, "officer_id")) < 0)
		return rc;
	return 0;
}

/* Bits of the work kinds that need the rules' visits, per officer. */
#define OWED_OFFICER_KINDS ((1u << CPOL_OWED_WORK_LOG) | (1u << CPOL_OWED_HOUSEHOLD_VISITS) | \
                            (1u << CPOL_OWED_KEY_PERSON_VISITS))
#define OWED_LABEL_KINDS ((1u << CPOL_OWED_ASSESSMENT) | (1u << CPOL_OWED_TALK) | \
                          (1u << CPOL_OWED_PERSON_VISIT))
#define OWED_REG_KINDS ((1u << CPOL_OWED_REGISTRATION) | (1u << CPOL_OWED_VERIFY_REGISTRATION))

static int any(const cpol_owed_query *q, unsigned int bits)
{
	return q->kinds == 0 || (q->kinds & bits);
}

/*
 * Persons the office manages who are lost (失控) on the query day: a state
 * that began on or before it and has not ended by it (lost_from <= on <
 * ended_on, as cpol_lost_iter_new() counts them).
 */
static const char OWED_LOST_SQL[] =
	"SELECT l.person_id, l.lost_from, p.name FROM person p"
	" JOIN person_lost l ON l.person_id = p.id AND l.archived_at IS NULL"
	" WHERE p.office_id = ?1 AND p.archived_at IS NULL"
	" AND l.lost_from <= ?2 AND (l.ended_on IS NULL OR l.ended_on > ?2)";

static int owed_lost(owed_ctx *c)
{
	cpol__stmt *st;
	int rc;

	if ((rc = cpol__db_stmt(c->db, &st, OWED_LOST_SQL)) < 0)
		return rc;
	if (cpol__st_bind_int64(st, 1, c->q->office_id) != CPOL__OK || cpol__bind_date(st, 2, c->q->on) < 0) {
		cpol__db_bind_failed(st); /* clears the flag the failed bind left */
		cpol__st_reset(st);
		return cpol__error_oom();
	}
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		owed_about a;
		cpol_date from = cpol__column_date(st, 1);
		char d1[CPOL_DATE_BUFSZ];

		memset(&a, 0, sizeof(a));
		a.subject_id = a.person_id = cpol__st_column_int64(st, 0);
		a.subject = (const char *)cpol__st_column_text(st, 2);
		a.last_done = from;
		if ((rc = add_formatted(c, CPOL_OWED_LOST, &a, from, NULL, "失控 %s: 行知去向不明 since %s",
		                        a.subject, cpol_date_format(d1, from))) < 0) {
			cpol__st_reset(st);
			return rc;
		}
	}
	cpol__st_reset(st);
	return rc == CPOL__DONE ? 0 : cpol__db_error(c->db, rc, "listing lost persons");
}

/* The verify cadence of a residence type, or NULL. */
static const cpol_cadence *verify_cadence(const cpol_rules *rules, const char *code)
{
	const cpol_rules_population *pop = cpol_rules_get_population(rules);
	size_t i;

	for (i = 0; code && i < pop->residence_type_count; i++)
		if (strcmp(pop->residence_types[i].code, code) == 0)
			return &pop->residence_types[i].verify.value;
	return NULL;
}

/*
 * Residents owed a check of their record (核查), by their residence type's
 * cadence; listed as label items are (in_window): a monthly check all the
 * month it is due in.
 */
static int owed_verifications(owed_ctx *c)
{
	cpol_unverified_iter *it = NULL;
	const cpol_unverified *u;
	int rc;

	/* The widest horizon a query may ask for; in_window() then keeps what is listed. */
	if ((rc = cpol_unverified_iter_new(&it, c->db, c->rules, c->q->office_id, c->q->on, 366)) < 0)
		return rc;
	while ((rc = cpol_unverified_iter_next(&u, it)) == 0) {
		owed_about a;
		char d1[CPOL_DATE_BUFSZ];

		if (!in_window(c, verify_cadence(c->rules, u->type_code), u->due))
			continue;
		memset(&a, 0, sizeof(a));
		a.subject_id = a.person_id = u->person_id;
		a.house_id = u->house_id;
		a.subject = u->name;
		a.last_done = u->last_checked != CPOL_DATE_NONE ? u->last_checked : u->since;
		a.provisional = u->provisional;
		if ((rc = add_formatted(c, CPOL_OWED_VERIFY, &a, u->due, u->rule, "%s %s: 核查 due by %s",
		                        u->type_code, u->name ? u->name : "", cpol_date_format(d1, u->due))) < 0)
			break;
	}
	cpol_unverified_iter_free(it);
	return rc == CPOL_ITEROVER ? 0 : rc;
}

/*
 * Officers' night-patrol and publicity quotas (cpol_quota_list_get()): an
 * item for each quota short in the period holding the query day, owed by
 * the period's last working day, as the visit quotas are.
 */
static int owed_patrol_quotas(owed_ctx *c)
{
	cpol_quota_list *list = NULL;
	size_t i;
	int rc;

	if ((rc = cpol_quota_list_get(&list, c->db, c->rules, c->q->office_id, c->q->officer_id, c->q->on)) < 0)
		return rc;
	for (i = 0; i < list->count && rc == 0; i++) {
		const cpol_quota *qu = &list->items[i];
		cpol_owed_kind kind = qu->kind == CPOL_QUOTA_NIGHT_PATROLS ? CPOL_OWED_NIGHT_PATROLS : CPOL_OWED_PUBLICITY;
		cpol_cadence period = { CPOL_CADENCE_PERIOD,
		                        { 1, qu->kind == CPOL_QUOTA_NIGHT_PATROLS ? CPOL_UNIT_WEEK : CPOL_UNIT_MONTH }, 0 };
		cpol_date due;
		int provisional;

		if (qu->short_by <= 0 || !want(c->q, kind))
			continue;
		if ((rc = cpol_rules_owed_by(&due, &provisional, c->rules, &period, CPOL_DATE_NONE, qu->from)) < 0)
			break;
		rc = add_item(c, kind, qu->officer_id, qu->officer_id, qu->officer_name,
		              kind == CPOL_OWED_NIGHT_PATROLS ? W_NIGHT_PATROLS : W_PUBLICITY, due, CPOL_DATE_NONE,
		              NULL, qu->rule_key, qu->rule_file, qu->rule_line, qu->done, qu->target, provisional);
	}
	cpol_quota_list_free(list);
	return rc;
}

static int gather(owed_ctx *c)
{
	const cpol_rules_visits *v = cpol_rules_get_visits(c->rules);
	const cpol_owed_query *q = c->q;
	cpol_date start = q->since != CPOL_DATE_NONE ? q->since : cpol_date_month_start(q->on);
	int rc = 0;

	if (any(q, (1u << CPOL_OWED_INSPECTION) | (1u << CPOL_OWED_CONTACT)) && (rc = owed_units(c)) < 0)
		return rc;
	if (want(q, CPOL_OWED_SUPERVISION) && (rc = owed_orgs(c)) < 0)
		return rc;
	if (any(q, (1u << CPOL_OWED_NOTICE) | (1u << CPOL_OWED_ESCALATION)) && (rc = owed_notices(c)) < 0)
		return rc;
	if (want(q, CPOL_OWED_RETURN_VISIT) &&
	    (rc = owed_within(c, OWED_INCIDENTS_SQL, &v->return_visit_within, CPOL_OWED_RETURN_VISIT,
	                      W_RETURN)) < 0)
		return rc;
	if (want(q, CPOL_OWED_FEEDBACK) &&
	    (rc = owed_within(c, OWED_REQUESTS_SQL, &v->feedback_within, CPOL_OWED_FEEDBACK, W_FEEDBACK)) < 0)
		return rc;
	if (want(q, CPOL_OWED_IMMEDIATE) && (rc = owed_immediate(c)) < 0)
		return rc;
	if (any(q, OWED_OFFICER_KINDS) && (rc = owed_officers(c, start)) < 0)
		return rc;
	if (any(q, (1u << CPOL_OWED_NIGHT_PATROLS) | (1u << CPOL_OWED_PUBLICITY)) && (rc = owed_patrol_quotas(c)) < 0)
		return rc;
	/* The office's own obligations and its persons fall to the office. */
	if (q->officer_id)
		return 0;
	if (want(q, CPOL_OWED_OBLIGATION) && (rc = owed_obligations(c, start)) < 0)
		return rc;
	if (any(q, OWED_LABEL_KINDS) && (rc = owed_labels(c)) < 0)
		return rc;
	if (any(q, OWED_REG_KINDS) && (rc = owed_registrations(c)) < 0)
		return rc;
	if (want(q, CPOL_OWED_RENTAL) && (rc = owed_rentals(c)) < 0)
		return rc;
	if (any(q, (1u << CPOL_OWED_HOUSEHOLD) | (1u << CPOL_OWED_CONTACT_CARD)) && (rc = owed_households(c)) < 0)
		return rc;
	if (want(q, CPOL_OWED_LOST) && (rc = owed_lost(c)) < 0)
		return rc;
	if (want(q, CPOL_OWED_VERIFY) && (rc = owed_verifications(c)) < 0)
		return rc;
	return 0;
}

int cpol_owed_list_get(cpol_owed_list **out, cpol_db *db, const cpol_rules *rules, const cpol_owed_query *q)
{
	cpol_rules *loaded = NULL, *on_day = NULL;
	cpol_owed_list *list = NULL;
	owed_ctx c;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_owed_list_get: out is NULL");
	*out = NULL;
	if (!db || !q)
		return cpol__error_set(CPOL_EINVAL, "cpol_owed_list_get: db and query are required");
	if ((rc = check_query(db, q)) < 0)
		return rc;
	if (!rules) {
		if ((rc = cpol__org_office_rules(&loaded, db, q->office_id)) < 0)
			return rc;
		rules = loaded;
	}
	memset(&c, 0, sizeof(c));
	/* The values in force on the day asked about (the same object for undated rules). */
	if ((rc = cpol_rules_at(&on_day, rules, q->on)) < 0)
		goto done;
	rules = on_day;
	c.db = db;
	c.rules = rules;
	c.q = q;
	c.horizon = q->on + q->horizon_days;
	if ((rc = gather(&c)) < 0)
		goto done;
	if (!(list = calloc(1, sizeof(*list)))) {
		rc = cpol__error_oom();
		goto done;
	}
	list->on = q->on;
	select_items(&c, list);
	if (c.count > 1)
		qsort(c.items, c.count, sizeof(*c.items), compare_items);
	page_items(&c, list);
	*out = list;
	list = NULL;
done:
	items_free(c.items, 0, c.count);
	free(c.items);
	cpol_owed_list_free(list);
	cpol_rules_free(on_day);
	cpol_rules_free(loaded);
	return rc;
}

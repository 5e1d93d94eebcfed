/*
 * libcommpolice — assess: saved runs, explanations, JSON, what-if.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "assess_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------------- accessors */

void cpol_assessment_free(cpol_assessment *as)
{
	if (!as)
		return;
	cpol__apool_free(&as->pool);
	cpol_rules_free(as->rules);
	free(as);
}

size_t cpol_assessment_count(const cpol_assessment *as)
{
	return as ? as->count : 0;
}

const cpol_assess_result *cpol_assessment_result(const cpol_assessment *as, size_t index)
{
	return as && index < as->count ? &as->results[index] : NULL;
}

const cpol_period *cpol_assessment_period(const cpol_assessment *as)
{
	return as ? &as->period : NULL;
}

cpol_subject_kind cpol_assessment_subject_kind(const cpol_assessment *as)
{
	return as ? as->subject_kind : 0;
}

const char *cpol_assessment_rules_hash(const cpol_assessment *as)
{
	return as ? as->rules_hash : NULL;
}

const char *cpol_assessment_region(const cpol_assessment *as)
{
	return as ? as->region : NULL;
}

cpol_id cpol_assessment_run_id(const cpol_assessment *as)
{
	return as ? as->run_id : 0;
}

static const char *const line_kinds[] = { NULL, "item", "difficulty", "bonus", "veto" };
static const char *const action_names[] = {
	NULL, "criticism", "warning_talk", "transfer", "revoke_nameplate", "reward"
};

static const char *action_name(cpol_sanction_action a)
{
	return a >= CPOL_SANCTION_CRITICISM && a <= CPOL_SANCTION_REWARD ? action_names[a] : "unknown";
}

/* A sanction's actions as stored and shown: "criticism,warning_talk". */
static void actions_text(cpol__buf *b, const cpol_assess_sanction *s, const char *sep)
{
	size_t i;
	if (!s->action_count) {
		cpol__buf_puts(b, action_name(s->action));
		return;
	}
	for (i = 0; i < s->action_count; i++)
		cpol__buf_printf(b, "%s%s", i ? sep : "", action_name(s->actions[i]));
}

/* Read back what actions_text() wrote; the first is also s->action. */
static int actions_parse(cpol_assess_sanction *s, cpol__apool *pool, const char *text)
{
	cpol_sanction_action *v;
	size_t n = 1, j;
	const char *p;

	if (!text)
		return 0;
	for (p = text; *p; p++)
		n += *p == ',';
	if (!(v = cpol__apool_alloc(pool, sizeof(*v) * n)))
		return CPOL_ENOMEM;
	s->action_count = 0;
	for (p = text; p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		for (j = 1; j < CPOL__ARRAY_SIZE(action_names); j++)
			if (strlen(action_names[j]) == len && strncmp(p, action_names[j], len) == 0)
				v[s->action_count++] = (cpol_sanction_action)j;
		p = end ? end + 1 : NULL;
	}
	s->actions = v;
	s->action = s->action_count ? v[0] : 0;
	return 0;
}

/* -------------------------------------------------------------------- save */

static const char RUN_INSERT_SQL[] =
	"INSERT INTO assess_run (period, period_start, period_end, subject_kind, scope_level,"
	" scope_id, rank_level, region, rules_hash, computed_at, actor, results)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, cpol_now(), cpol_actor(), ?10)";
static const char RESULT_INSERT_SQL[] =
	"INSERT INTO assess_result (run_id, subject_id, subject_name, badge, office_id, office_name,"
	" office_class, station_id, region_id, group_id, base, coefficient, bonus, total, grade,"
	" grade_name, veto, rank, ranked, last_place, last_place_streak, incomplete)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	" ?19, ?20, ?21, ?22)";
static const char LINE_INSERT_SQL[] =
	"INSERT INTO assess_line (result_id, seq, kind, item, name, metric, has_value, value,"
	" numerator, denominator, weight, target, shortfall, deduction, points, capped, applied,"
	" rule_key, rule_file, rule_line, rule_column, rule_region, arithmetic, note, record_table,"
	" records) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
	" ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)";
static const char SANCTION_INSERT_SQL[] =
	"INSERT INTO assess_sanction (result_id, seq, sanction, name, action, rule_key, rule_file,"
	" rule_line, rule_column, rule_region, reason)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static int bind_text(cpol__stmt *st, int idx, const char *s)
{
	if (!s)
		return cpol__st_bind_null(st, idx) == CPOL__OK ? 0 : cpol__error_oom();
	return cpol__bind_text(st, idx, s);
}

static int bind_ref(cpol__stmt *st, int idx, const cpol_rule_ref *r)
{
	int rc;
	if ((rc = bind_text(st, idx, r->key)) < 0 || (rc = bind_text(st, idx + 1, r->file)) < 0 ||
	    (rc = bind_text(st, idx + 4, r->region)) < 0)
		return rc;
	cpol__st_bind_int(st, idx + 2, r->line);
	cpol__st_bind_int(st, idx + 3, r->column);
	return 0;
}

static int save_line(cpol_db *db, cpol_id result_id, int seq, const cpol_assess_line *l)
{
	cpol__stmt *st;
	cpol__buf ids = { 0 };
	size_t i;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, LINE_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, result_id);
	cpol__st_bind_int(st, 2, seq);
	cpol__st_bind_int(st, 7, l->has_value);
	cpol__st_bind_double(st, 8, l->value);
	cpol__st_bind_double(st, 9, l->numerator);
	cpol__st_bind_double(st, 10, l->denominator);
	cpol__st_bind_double(st, 11, l->weight);
	cpol__st_bind_double(st, 12, l->target);
	cpol__st_bind_double(st, 13, l->shortfall);
	cpol__st_bind_double(st, 14, l->deduction);
	cpol__st_bind_double(st, 15, l->points);
	cpol__st_bind_int(st, 16, l->capped);
	cpol__st_bind_int(st, 17, l->applied);
	if (l->record_count) {
		cpol__buf_puts(&ids, "[");
		for (i = 0; i < l->record_count; i++)
			cpol__buf_printf(&ids, i ? ",%lld" : "%lld", (long long)l->records[i]);
		cpol__buf_puts(&ids, "]");
		if (ids.oom)
			return cpol__error_oom();
	}
	rc = 0;
	if ((rc = bind_text(st, 3, line_kinds[l->kind])) < 0 || (rc = bind_text(st, 4, l->id)) < 0 ||
	    (rc = bind_text(st, 5, l->name)) < 0 || (rc = bind_text(st, 6, l->metric)) < 0 ||
	    (rc = bind_ref(st, 18, &l->rule)) < 0 || (rc = bind_text(st, 23, l->arithmetic)) < 0 ||
	    (rc = bind_text(st, 24, l->note)) < 0 || (rc = bind_text(st, 25, l->record_table)) < 0 ||
	    (rc = bind_text(st, 26, ids.ptr)) < 0)
		goto done;
	rc = cpol__db_step_done(db, st, "saving an assessment line");
done:
	cpol__buf_free(&ids);
	return rc;
}

static int save_result(cpol_db *db, cpol_id run_id, const cpol_assess_result *r)
{
	cpol__stmt *st;
	cpol_id id;
	size_t i;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, RESULT_INSERT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, run_id);
	cpol__st_bind_int64(st, 2, r->subject_id);
	cpol__st_bind_int64(st, 5, r->office_id);
	cpol__st_bind_int64(st, 8, r->station_id);
	cpol__st_bind_int64(st, 9, r->region_id);
	cpol__st_bind_int64(st, 10, r->group_id);
	cpol__st_bind_double(st, 11, r->base);
	cpol__st_bind_double(st, 12, r->coefficient);
	cpol__st_bind_double(st, 13, r->bonus);
	cpol__st_bind_double(st, 14, r->total);
	cpol__st_bind_int(st, 18, r->rank);
	cpol__st_bind_int(st, 19, r->ranked);
	cpol__st_bind_int(st, 20, r->last_place);
	cpol__st_bind_int(st, 21, r->last_place_streak);
	cpol__st_bind_int(st, 22, r->incomplete);
	if ((rc = bind_text(st, 3, r->subject_name)) < 0 || (rc = bind_text(st, 4, r->badge)) < 0 ||
	    (rc = bind_text(st, 6, r->office_name)) < 0 || (rc = bind_text(st, 7, r->office_class)) < 0 ||
	    (rc = bind_text(st, 15, r->grade)) < 0 || (rc = bind_text(st, 16, r->grade_name)) < 0 ||
	    (rc = bind_text(st, 17, r->veto)) < 0 ||
	    (rc = cpol__db_step_done(db, st, "saving an assessment result")) < 0)
		return rc;
	id = cpol__db_last_id(db);
	for (i = 0; i < r->line_count; i++)
		if ((rc = save_line(db, id, (int)i + 1, &r->lines[i])) < 0)
			return rc;
	for (i = 0; i < r->sanction_count; i++) {
		const cpol_assess_sanction *s = &r->sanctions[i];
		if ((rc = cpol__db_stmt(db, &st, SANCTION_INSERT_SQL)) < 0)
			return rc;
		cpol__st_bind_int64(st, 1, id);
		cpol__st_bind_int(st, 2, (int)i + 1);
		if ((rc = bind_text(st, 3, s->id)) < 0 || (rc = bind_text(st, 4, s->name)) < 0 ||
		    (rc = bind_ref(st, 6, &s->rule)) < 0 || (rc = bind_text(st, 11, s->reason)) < 0)
			return rc;
		{
			cpol__buf acts = { 0 };
			actions_text(&acts, s, ",");
			if (acts.oom) {
				cpol__buf_free(&acts);
				return cpol__error_oom();
			}
			rc = bind_text(st, 5, acts.ptr);
			cpol__buf_free(&acts);
		}
		if (rc < 0 || (rc = cpol__db_step_done(db, st, "saving a sanction")) < 0)
			return rc;
	}
	return 0;
}

int cpol_assessment_save(cpol_id *out, cpol_db *db, cpol_assessment *as)
{
	char ptext[CPOL_PERIOD_BUFSZ];
	cpol__stmt *st;
	cpol_id run_id = 0;
	size_t i;
	int rc;

	if (out)
		*out = 0;
	if (!db || !as)
		return cpol__error_set(CPOL_EINVAL, "cpol_assessment_save: NULL argument");
	if (as->run_id)
		return cpol__error_set_at(CPOL_EEXISTS, NULL, 0, 0, "run_id",
		                          "this assessment is saved already as run %lld",
		                          (long long)as->run_id);
	cpol_period_format(ptext, &as->period);
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol__db_stmt(db, &st, RUN_INSERT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 6, as->scope_id);
	cpol__st_bind_int64(st, 10, (int64_t)as->count);
	if ((rc = cpol__bind_text(st, 1, ptext)) < 0 ||
	    (rc = cpol__bind_date(st, 2, as->period.start)) < 0 ||
	    (rc = cpol__bind_date(st, 3, as->period.end)) < 0 ||
	    (rc = cpol__bind_text(st, 4, cpol__subject_kind_name(as->subject_kind))) < 0 ||
	    (rc = cpol__bind_text(st, 5, cpol__org_level_name(as->scope_level))) < 0 ||
	    (rc = cpol__bind_text(st, 7, cpol__org_level_name(as->rank_level))) < 0 ||
	    (rc = cpol__bind_text(st, 8, as->region)) < 0 ||
	    (rc = cpol__bind_text(st, 9, as->rules_hash)) < 0 ||
	    (rc = cpol__db_step_done(db, st, "saving an assessment run")) < 0)
		goto done;
	run_id = cpol__db_last_id(db);
	for (i = 0; i < as->count; i++)
		if ((rc = save_result(db, run_id, &as->results[i])) < 0)
			goto done;
done:
	rc = cpol__db_finish(db, rc);
	if (rc == 0) {
		as->run_id = run_id;
		if (out)
			*out = run_id;
	}
	return rc;
}

/* -------------------------------------------------------------------- load */

static const char RUN_SELECT_SQL[] =
	"SELECT period, subject_kind, scope_level, scope_id, rank_level, region, rules_hash"
	" FROM assess_run WHERE id = ?1";
static const char RESULT_SELECT_SQL[] =
	"SELECT id, subject_id, subject_name, badge, office_id, office_name, office_class,"
	" station_id, region_id, group_id, base, coefficient, bonus, total, grade, grade_name, veto,"
	" rank, ranked, last_place, last_place_streak, incomplete FROM assess_result"
	" WHERE run_id = ?1 ORDER BY id";
static const char LINE_SELECT_SQL[] =
	"SELECT l.result_id, l.kind, l.item, l.name, l.metric, l.has_value, l.value, l.numerator,"
	" l.denominator, l.weight, l.target, l.shortfall, l.deduction, l.points, l.capped, l.applied,"
	" l.rule_key, l.rule_file, l.rule_line, l.rule_column, l.rule_region, l.arithmetic, l.note,"
	" l.record_table, l.records FROM assess_line l JOIN assess_result r ON r.id = l.result_id"
	" WHERE r.run_id = ?1 ORDER BY l.result_id, l.seq";
static const char SANCTION_SELECT_SQL[] =
	"SELECT s.result_id, s.sanction, s.name, s.action, s.rule_key, s.rule_file, s.rule_line,"
	" s.rule_column, s.rule_region, s.reason FROM assess_sanction s"
	" JOIN assess_result r ON r.id = s.result_id WHERE r.run_id = ?1 ORDER BY s.result_id, s.seq";
static const char LINE_COUNT_SQL[] =
	"SELECT r.id, (SELECT count(*) FROM assess_line l WHERE l.result_id = r.id),"
	" (SELECT count(*) FROM assess_sanction s WHERE s.result_id = r.id)"
	" FROM assess_result r WHERE r.run_id = ?1 ORDER BY r.id";

static const char *col_str(cpol__apool *pool, cpol__stmt *st, int col, int *oom)
{
	const char *t = (const char *)cpol__st_column_text(st, col);
	char *d;
	if (!t)
		return NULL;
	if (!(d = cpol__apool_strdup(pool, t)))
		*oom = 1;
	return d;
}

static void col_ref(cpol_rule_ref *r, cpol__apool *pool, cpol__stmt *st, int col, int *oom)
{
	r->key = col_str(pool, st, col, oom);
	r->file = col_str(pool, st, col + 1, oom);
	r->line = cpol__st_column_int(st, col + 2);
	r->column = cpol__st_column_int(st, col + 3);
	r->region = col_str(pool, st, col + 4, oom);
}

static int parse_ids(cpol_id **out, size_t *count, cpol__apool *pool, const char *json)
{
	size_t n = 0, i = 0;
	const char *p;
	char *end;

	*out = NULL;
	*count = 0;
	if (!json)
		return 0;
	for (p = json; *p; p++)
		n += *p == ',';
	if (!(*out = cpol__apool_alloc(pool, sizeof(cpol_id) * (n + 1))))
		return CPOL_ENOMEM;
	for (p = json; *p && i <= n;) {
		if ((*p >= '0' && *p <= '9') || *p == '-') {
			(*out)[i++] = strtoll(p, &end, 10);
			p = end;
		} else {
			p++;
		}
	}
	*count = i;
	return 0;
}

static long result_index(const cpol_id *dbids, size_t n, cpol_id id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (dbids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && dbids[lo] == id ? (long)lo : -1;
}

static int load_run(cpol_assessment *as, cpol_db *db, cpol_id run_id)
{
	cpol__stmt *st;
	int rc, oom = 0;

	if ((rc = cpol__db_stmt(db, &st, RUN_SELECT_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, run_id);
	rc = cpol__st_step(st);
	if (rc != CPOL__ROW) {
		cpol__st_reset(st);
		return rc == CPOL__DONE ? cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "run_id",
		                                              "no saved assessment run %lld",
		                                              (long long)run_id)
		                         : cpol__db_error(db, rc, "reading a run");
	}
	rc = cpol_period_parse(&as->period, (const char *)cpol__st_column_text(st, 0));
	as->subject_kind = strcmp((const char *)cpol__st_column_text(st, 1), "office") == 0
	                   ? CPOL_SUBJECT_OFFICE : CPOL_SUBJECT_OFFICER;
	if (rc == 0)
		rc = cpol__org_level_parse(&as->scope_level, (const char *)cpol__st_column_text(st, 2));
	as->scope_id = cpol__st_column_int64(st, 3);
	if (rc == 0)
		rc = cpol__org_level_parse(&as->rank_level, (const char *)cpol__st_column_text(st, 4));
	as->region = col_str(&as->pool, st, 5, &oom);
	as->rules_hash = col_str(&as->pool, st, 6, &oom);
	cpol__st_reset(st);
	if (rc < 0)
		return cpol__error_set_at(CPOL_ESCHEMA, NULL, 0, 0, "assess_run",
		                          "saved run %lld is damaged: %s", (long long)run_id,
		                          cpol_error_last()->message);
	return oom ? cpol__error_oom() : 0;
}

int cpol_assessment_load(cpol_assessment **out, cpol_db *db, cpol_id run_id)
{
	cpol_assessment *as;
	cpol__stmt *st;
	cpol_id *dbids = NULL;
	size_t *nl = NULL, *ns = NULL, n = 0, cap = 0, i;
	int rc, oom = 0;

	if (!out || !db)
		return cpol__error_set(CPOL_EINVAL, "cpol_assessment_load: NULL argument");
	*out = NULL;
	if (!(as = calloc(1, sizeof(*as))))
		return cpol__error_oom();
	as->run_id = run_id;
	if ((rc = load_run(as, db, run_id)) < 0)
		goto done;
	/* Counts first, so that each result's lines are one array in the pool. */
	if ((rc = cpol__db_stmt(db, &st, LINE_COUNT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, run_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		if (n == cap) {
			size_t c2 = cap ? cap * 2 : 64;
			cpol_id *a = realloc(dbids, sizeof(*a) * c2);
			size_t *b = a ? realloc(nl, sizeof(*b) * c2) : NULL;
			size_t *c = b ? realloc(ns, sizeof(*c) * c2) : NULL;
			if (a)
				dbids = a;
			if (b)
				nl = b;
			if (!c) {
				cpol__st_reset(st);
				rc = cpol__error_oom();
				goto done;
			}
			ns = c;
			cap = c2;
		}
		dbids[n] = cpol__st_column_int64(st, 0);
		nl[n] = (size_t)cpol__st_column_int64(st, 1);
		ns[n] = (size_t)cpol__st_column_int64(st, 2);
		n++;
	}
	cpol__st_reset(st);
	if (rc != CPOL__DONE) {
		rc = cpol__db_error(db, rc, "reading a run");
		goto done;
	}
	if (!(as->results = cpol__apool_alloc(&as->pool, sizeof(*as->results) * (n + 1)))) {
		rc = CPOL_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		cpol_assess_result *r = &as->results[i];
		if ((nl[i] && !(r->lines = cpol__apool_alloc(&as->pool, sizeof(*r->lines) * nl[i]))) ||
		    (ns[i] && !(r->sanctions = cpol__apool_alloc(&as->pool, sizeof(*r->sanctions) * ns[i])))) {
			rc = CPOL_ENOMEM;
			goto done;
		}
	}
	if ((rc = cpol__db_stmt(db, &st, RESULT_SELECT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, run_id);
	for (i = 0; (rc = cpol__st_step(st)) == CPOL__ROW && i < n; i++) {
		cpol_assess_result *r = &as->results[i];
		r->subject_kind = as->subject_kind;
		r->subject_id = cpol__st_column_int64(st, 1);
		r->subject_name = col_str(&as->pool, st, 2, &oom);
		r->badge = col_str(&as->pool, st, 3, &oom);
		r->office_id = cpol__st_column_int64(st, 4);
		r->office_name = col_str(&as->pool, st, 5, &oom);
		r->office_class = col_str(&as->pool, st, 6, &oom);
		r->station_id = cpol__st_column_int64(st, 7);
		r->region_id = cpol__st_column_int64(st, 8);
		r->group_id = cpol__st_column_int64(st, 9);
		r->base = cpol__st_column_double(st, 10);
		r->coefficient = cpol__st_column_double(st, 11);
		r->bonus = cpol__st_column_double(st, 12);
		r->total = cpol__st_column_double(st, 13);
		r->grade = col_str(&as->pool, st, 14, &oom);
		r->grade_name = col_str(&as->pool, st, 15, &oom);
		r->veto = col_str(&as->pool, st, 16, &oom);
		r->rank = cpol__st_column_int(st, 17);
		r->ranked = cpol__st_column_int(st, 18);
		r->last_place = cpol__st_column_int(st, 19);
		r->last_place_streak = cpol__st_column_int(st, 20);
		r->incomplete = cpol__st_column_int(st, 21);
	}
	cpol__st_reset(st);
	as->count = n;
	if (oom) {
		rc = cpol__error_oom();
		goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, LINE_SELECT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, run_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		long k = result_index(dbids, n, cpol__st_column_int64(st, 0));
		cpol_assess_result *r;
		cpol_assess_line *l;
		const char *kind = (const char *)cpol__st_column_text(st, 1);
		size_t j;

		if (k < 0 || (r = &as->results[k])->line_count >= nl[k])
			continue;
		l = (cpol_assess_line *)&r->lines[r->line_count++];
		for (j = 1; j < CPOL__ARRAY_SIZE(line_kinds); j++)
			if (kind && strcmp(kind, line_kinds[j]) == 0)
				l->kind = (cpol_assess_line_kind)j;
		l->id = col_str(&as->pool, st, 2, &oom);
		l->name = col_str(&as->pool, st, 3, &oom);
		l->metric = col_str(&as->pool, st, 4, &oom);
		l->has_value = cpol__st_column_int(st, 5);
		l->value = cpol__st_column_double(st, 6);
		l->numerator = cpol__st_column_double(st, 7);
		l->denominator = cpol__st_column_double(st, 8);
		l->weight = cpol__st_column_double(st, 9);
		l->target = cpol__st_column_double(st, 10);
		l->shortfall = cpol__st_column_double(st, 11);
		l->deduction = cpol__st_column_double(st, 12);
		l->points = cpol__st_column_double(st, 13);
		l->capped = cpol__st_column_int(st, 14);
		l->applied = cpol__st_column_int(st, 15);
		col_ref(&l->rule, &as->pool, st, 16, &oom);
		l->arithmetic = col_str(&as->pool, st, 21, &oom);
		l->note = col_str(&as->pool, st, 22, &oom);
		l->record_table = col_str(&as->pool, st, 23, &oom);
		if (parse_ids((cpol_id **)&l->records, &l->record_count, &as->pool,
		              (const char *)cpol__st_column_text(st, 24)) < 0)
			oom = 1;
	}
	cpol__st_reset(st);
	if (rc != CPOL__DONE || oom) {
		rc = oom ? cpol__error_oom() : cpol__db_error(db, rc, "reading lines");
		goto done;
	}
	if ((rc = cpol__db_stmt(db, &st, SANCTION_SELECT_SQL)) < 0)
		goto done;
	cpol__st_bind_int64(st, 1, run_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		long k = result_index(dbids, n, cpol__st_column_int64(st, 0));
		const char *action = (const char *)cpol__st_column_text(st, 3);
		cpol_assess_result *r;
		cpol_assess_sanction *s;

		if (k < 0 || (r = &as->results[k])->sanction_count >= ns[k])
			continue;
		s = (cpol_assess_sanction *)&r->sanctions[r->sanction_count++];
		s->id = col_str(&as->pool, st, 1, &oom);
		s->name = col_str(&as->pool, st, 2, &oom);
		if (actions_parse(s, &as->pool, action) < 0)
			oom = 1;
		col_ref(&s->rule, &as->pool, st, 4, &oom);
		s->reason = col_str(&as->pool, st, 9, &oom);
	}
	cpol__st_reset(st);
	if (rc != CPOL__DONE || oom) {
		rc = oom ? cpol__error_oom() : cpol__db_error(db, rc, "reading sanctions");
		goto done;
	}
	rc = 0;
	cpol__assessment_sort(as);
done:
	free(dbids);
	free(nl);
	free(ns);
	if (rc < 0) {
		cpol_assessment_free(as);
		return rc;
	}
	*out = as;
	return 0;
}

static const char LATEST_SQL[] =
	"SELECT id FROM assess_run WHERE period = ?1 AND subject_kind = ?2 AND scope_level = ?3"
	" AND scope_id = ?4 AND archived_at IS NULL ORDER BY id DESC LIMIT 1";

int cpol_assessment_latest(cpol_id *out, cpol_db *db, const cpol_period *period,
                           const cpol_assess_options *opts)
{
	cpol_assess_options defaults = CPOL_ASSESS_OPTIONS_INIT;
	char ptext[CPOL_PERIOD_BUFSZ];
	cpol__stmt *st;
	int rc;

	if (!out || !db)
		return cpol__error_set(CPOL_EINVAL, "cpol_assessment_latest: NULL argument");
	*out = 0;
	if (!opts)
		opts = &defaults;
	if ((rc = cpol__period_check(period)) < 0)
		return rc;
	if (!cpol__subject_kind_name(opts->subject_kind) || !cpol__org_level_name(opts->scope_level))
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "opts", "bad subject kind or scope");
	cpol_period_format(ptext, period);
	if ((rc = cpol__db_stmt(db, &st, LATEST_SQL)) < 0 || (rc = cpol__bind_text(st, 1, ptext)) < 0 ||
	    (rc = cpol__bind_text(st, 2, cpol__subject_kind_name(opts->subject_kind))) < 0 ||
	    (rc = cpol__bind_text(st, 3, cpol__org_level_name(opts->scope_level))) < 0)
		return rc;
	cpol__st_bind_int64(st, 4, opts->scope_level ? opts->scope_id : 0);
	rc = cpol__st_step(st);
	if (rc == CPOL__ROW)
		*out = cpol__st_column_int64(st, 0);
	cpol__st_reset(st);
	if (rc == CPOL__ROW)
		return 0;
	if (rc == CPOL__DONE)
		return cpol__error_set_at(CPOL_ENOTFOUND, NULL, 0, 0, "period",
		                          "no saved assessment of %s for this scope", ptext);
	return cpol__db_error(db, rc, "finding the latest run");
}

/* ---------------------------------------------------------------- explain */

static void put_ref(cpol__buf *b, const cpol_rule_ref *r)
{
	if (!r->key && !r->file)
		return;
	cpol__buf_printf(b, "      rule: %s", r->key ? r->key : "?");
	if (r->file)
		cpol__buf_printf(b, " (%s:%d", r->file, r->line);
	if (r->file && r->region)
		cpol__buf_printf(b, ", region %s", r->region);
	if (r->file)
		cpol__buf_puts(b, ")");
	cpol__buf_puts(b, "\n");
}

static const char *level_word(cpol_org_level l)
{
	return l == CPOL_ORG_REGION ? "region" : l == CPOL_ORG_OFFICE ? "office" : "station";
}

static int cpol__explain_result(cpol__buf *b, const cpol_assessment *as, const cpol_assess_result *r)
{
	char ptext[CPOL_PERIOD_BUFSZ];
	size_t i;

	cpol_period_format(ptext, &as->period);
	if (r->badge)
		cpol__buf_printf(b, "%s (警号 %s), %s", r->subject_name ? r->subject_name : "?", r->badge,
		                 r->office_name ? r->office_name : "?");
	else
		cpol__buf_printf(b, "%s", r->subject_name ? r->subject_name : "?");
	cpol__buf_printf(b, " — %s, rules %s (%.12s)\n", ptext, as->region ? as->region : "?",
	                 as->rules_hash ? as->rules_hash : "");
	cpol__buf_printf(b, "total %.2f", r->total);
	if (r->grade)
		cpol__buf_printf(b, ", grade %s (%s)", r->grade_name ? r->grade_name : r->grade, r->grade);
	if (r->rank)
		cpol__buf_printf(b, ", rank %d of %d in the %s%s", r->rank, r->ranked,
		                 level_word(as->rank_level), r->last_place ? ", last place" : "");
	else
		cpol__buf_printf(b, ", not ranked (veto %s)", r->veto ? r->veto : "?");
	cpol__buf_printf(b, "%s\n", r->incomplete ? "; some items had no value" : "");
	for (i = 0; i < r->line_count; i++) {
		const cpol_assess_line *l = &r->lines[i];
		switch (l->kind) {
		case CPOL_LINE_ITEM:
			cpol__buf_printf(b, "  %s [%s] %.2f of %g\n", l->name ? l->name : "?",
			                 l->id ? l->id : "?", l->points, l->weight);
			break;
		case CPOL_LINE_DIFFICULTY:
			cpol__buf_printf(b, "  %s %g\n", l->name ? l->name : "difficulty", l->value);
			break;
		case CPOL_LINE_BONUS:
			cpol__buf_printf(b, "  加分 %s [%s] +%.2f\n", l->name ? l->name : "?",
			                 l->id ? l->id : "?", l->points);
			break;
		case CPOL_LINE_VETO:
			cpol__buf_printf(b, "  一票否决 %s [%s]: %s\n", l->name ? l->name : "?",
			                 l->id ? l->id : "?", l->applied ? "APPLIED" : "not applied");
			break;
		}
		if (l->metric)
			cpol__buf_printf(b, "      metric %s: %s\n", l->metric, l->note ? l->note : "");
		else if (l->note)
			cpol__buf_printf(b, "      %s\n", l->note);
		if (l->arithmetic)
			cpol__buf_printf(b, "      %s\n", l->arithmetic);
		if (l->record_count) {
			size_t k;
			cpol__buf_printf(b, "      records (%s):", l->record_table ? l->record_table : "?");
			for (k = 0; k < l->record_count && k < 20; k++)
				cpol__buf_printf(b, " %lld", (long long)l->records[k]);
			cpol__buf_puts(b, l->record_count > 20 ? " ...\n" : "\n");
		}
		put_ref(b, &l->rule);
	}
	cpol__buf_printf(b, "  total: base %.2f × %g = %.2f, + bonus %.2f = %.2f%s\n", r->base,
	                 r->coefficient, cpol__round2(r->base * r->coefficient), r->bonus,
	                 cpol__round2(cpol__round2(r->base * r->coefficient) + r->bonus),
	                 r->veto && r->total == 0 ? " → 0 (veto)" : "");
	if (r->last_place)
		cpol__buf_printf(b, "  last place %d period%s in a row\n", r->last_place_streak,
		                 r->last_place_streak == 1 ? "" : "s");
	for (i = 0; i < r->sanction_count; i++) {
		const cpol_assess_sanction *s = &r->sanctions[i];
		cpol__buf_printf(b, "  sanction %s [%s, ", s->name ? s->name : "?", s->id ? s->id : "?");
		actions_text(b, s, " + ");
		cpol__buf_printf(b, "]: %s\n", s->reason ? s->reason : "");
		put_ref(b, &s->rule);
	}
	if (!r->sanction_count)
		cpol__buf_puts(b, "  no sanction\n");
	return b->oom ? CPOL_ENOMEM : 0;
}

int cpol_assessment_explain(char **out, const cpol_assessment *as, cpol_id subject_id)
{
	const cpol_assess_result *r;
	cpol__buf b = { 0 };
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_assessment_explain: out is NULL");
	*out = NULL;
	if ((rc = cpol_assessment_find(&r, as, subject_id)) < 0)
		return rc;
	if (cpol__explain_result(&b, as, r) < 0) {
		cpol__buf_free(&b);
		return cpol__error_oom();
	}
	*out = cpol__buf_detach(&b);
	return 0;
}

/* ------------------------------------------------------------------- JSON */

static void json_str(cpol__buf *b, const char *key, const char *v, int comma)
{
	cpol__buf_printf(b, "%s\"%s\":", comma ? "," : "", key);
	if (v)
		cpol__buf_put_json_string(b, v);
	else
		cpol__buf_puts(b, "null");
}

static void json_num(cpol__buf *b, const char *key, double v)
{
	cpol__buf_printf(b, ",\"%s\":", key);
	if (isfinite(v))
		cpol__buf_printf(b, "%.10g", v);
	else
		cpol__buf_puts(b, "null");
}

static void json_ref(cpol__buf *b, const cpol_rule_ref *r)
{
	cpol__buf_puts(b, ",\"rule\":{");
	json_str(b, "key", r->key, 0);
	json_str(b, "file", r->file, 1);
	cpol__buf_printf(b, ",\"line\":%d,\"column\":%d", r->line, r->column);
	json_str(b, "region", r->region, 1);
	cpol__buf_puts(b, "}");
}

int cpol_assessment_json(char **out, const cpol_assessment *as)
{
	char ptext[CPOL_PERIOD_BUFSZ];
	cpol__buf b = { 0 };
	size_t i, k, j;

	if (!out || !as)
		return cpol__error_set(CPOL_EINVAL, "cpol_assessment_json: NULL argument");
	*out = NULL;
	cpol__buf_puts(&b, "{");
	json_str(&b, "period", cpol_period_format(ptext, &as->period), 0);
	json_str(&b, "subject_kind", cpol__subject_kind_name(as->subject_kind), 1);
	json_str(&b, "scope_level", cpol__org_level_name(as->scope_level), 1);
	cpol__buf_printf(&b, ",\"scope_id\":%lld", (long long)as->scope_id);
	json_str(&b, "rank_level", cpol__org_level_name(as->rank_level), 1);
	json_str(&b, "region", as->region, 1);
	json_str(&b, "rules_hash", as->rules_hash, 1);
	cpol__buf_printf(&b, ",\"run_id\":%lld,\"results\":[", (long long)as->run_id);
	for (i = 0; i < as->count; i++) {
		const cpol_assess_result *r = &as->results[i];
		cpol__buf_printf(&b, "%s{\"subject_id\":%lld", i ? "," : "", (long long)r->subject_id);
		json_str(&b, "name", r->subject_name, 1);
		json_str(&b, "badge", r->badge, 1);
		cpol__buf_printf(&b, ",\"office_id\":%lld", (long long)r->office_id);
		json_str(&b, "office_name", r->office_name, 1);
		json_str(&b, "office_class", r->office_class, 1);
		cpol__buf_printf(&b, ",\"station_id\":%lld,\"region_id\":%lld,\"group_id\":%lld",
		                 (long long)r->station_id, (long long)r->region_id, (long long)r->group_id);
		json_num(&b, "base", r->base);
		json_num(&b, "coefficient", r->coefficient);
		json_num(&b, "bonus", r->bonus);
		json_num(&b, "total", r->total);
		json_str(&b, "grade", r->grade, 1);
		json_str(&b, "grade_name", r->grade_name, 1);
		json_str(&b, "veto", r->veto, 1);
		cpol__buf_printf(&b, ",\"rank\":%d,\"ranked\":%d,\"last_place\":%s,"
		                 "\"last_place_streak\":%d,\"incomplete\":%s,\"lines\":[",
		                 r->rank, r->ranked, r->last_place ? "true" : "false",
		                 r->last_place_streak, r->incomplete ? "true" : "false");
		for (k = 0; k < r->line_count; k++) {
			const cpol_assess_line *l = &r->lines[k];
			cpol__buf_puts(&b, k ? ",{" : "{");
			json_str(&b, "kind", line_kinds[l->kind], 0);
			json_str(&b, "id", l->id, 1);
			json_str(&b, "name", l->name, 1);
			json_str(&b, "metric", l->metric, 1);
			cpol__buf_printf(&b, ",\"has_value\":%s", l->has_value ? "true" : "false");
			json_num(&b, "value", l->value);
			json_num(&b, "numerator", l->numerator);
			json_num(&b, "denominator", l->denominator);
			json_num(&b, "weight", l->weight);
			json_num(&b, "target", l->target);
			json_num(&b, "shortfall", l->shortfall);
			json_num(&b, "deduction", l->deduction);
			json_num(&b, "points", l->points);
			cpol__buf_printf(&b, ",\"capped\":%s,\"applied\":%s", l->capped ? "true" : "false",
			                 l->applied ? "true" : "false");
			json_ref(&b, &l->rule);
			json_str(&b, "arithmetic", l->arithmetic, 1);
			json_str(&b, "note", l->note, 1);
			json_str(&b, "record_table", l->record_table, 1);
			cpol__buf_puts(&b, ",\"records\":[");
			for (j = 0; j < l->record_count; j++)
				cpol__buf_printf(&b, j ? ",%lld" : "%lld", (long long)l->records[j]);
			cpol__buf_puts(&b, "]}");
		}
		cpol__buf_puts(&b, "],\"sanctions\":[");
		for (k = 0; k < r->sanction_count; k++) {
			const cpol_assess_sanction *s = &r->sanctions[k];
			cpol__buf_puts(&b, k ? ",{" : "{");
			json_str(&b, "id", s->id, 0);
			json_str(&b, "name", s->name, 1);
			json_str(&b, "action", action_name(s->action), 1);
			cpol__buf_puts(&b, ",\"actions\":[\"");
			actions_text(&b, s, "\",\"");
			cpol__buf_puts(&b, "\"]");
			json_ref(&b, &s->rule);
			json_str(&b, "reason", s->reason, 1);
			cpol__buf_puts(&b, "}");
		}
		cpol__buf_puts(&b, "]}");
	}
	cpol__buf_puts(&b, "]}");
	if (b.oom) {
		cpol__buf_free(&b);
		return cpol__error_oom();
	}
	*out = cpol__buf_detach(&b);
	return 0;
}

/* ----------------------------------------------------------------- what-if */

struct cpol_assess_diff {
	cpol__apool pool;
	cpol_assess_change *changes;
	size_t count;
};

static int by_subject(const void *pa, const void *pb)
{
	const cpol_assess_result *a = *(const cpol_assess_result *const *)pa;
	const cpol_assess_result *b = *(const cpol_assess_result *const *)pb;
	return (a->subject_id > b->subject_id) - (a->subject_id < b->subject_id);
}

static const cpol_assess_result **sorted_results(const cpol_assessment *as)
{
	const cpol_assess_result **v = malloc(sizeof(*v) * (as->count + 1));
	size_t i;
	if (!v)
		return NULL;
	for (i = 0; i < as->count; i++)
		v[i] = &as->results[i];
	qsort(v, as->count, sizeof(*v), by_subject);
	return v;
}

static const char *sanction_list(cpol__apool *pool, const cpol_assess_result *r)
{
	cpol__buf b = { 0 };
	const char *s;
	size_t i;
	if (!r || !r->sanction_count)
		return "";
	for (i = 0; i < r->sanction_count; i++)
		cpol__buf_printf(&b, "%s%s", i ? "," : "", r->sanctions[i].id);
	s = b.oom ? NULL : cpol__apool_strdup(pool, b.ptr);
	cpol__buf_free(&b);
	return s;
}

static int str_differ(const char *a, const char *b)
{
	if (!a || !b)
		return a != b;
	return strcmp(a, b) != 0;
}

int cpol_assess_compare(cpol_assess_diff **out, const cpol_assessment *before,
                        const cpol_assessment *after)
{
	const cpol_assess_result **va = NULL, **vb = NULL;
	cpol_assess_diff *d = NULL;
	size_t i = 0, j = 0;
	int rc = 0;

	if (!out || !before || !after)
		return cpol__error_set(CPOL_EINVAL, "cpol_assess_compare: NULL argument");
	*out = NULL;
	if (before->subject_kind != after->subject_kind)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "subject_kind",
		                          "cannot compare an assessment of officers with one of offices");
	if (!(d = calloc(1, sizeof(*d))) || !(va = sorted_results(before)) ||
	    !(vb = sorted_results(after)) ||
	    !(d->changes = cpol__apool_alloc(&d->pool, sizeof(*d->changes) *
	                                     (before->count + after->count + 1)))) {
		rc = cpol__error_oom();
		goto done;
	}
	while (i < before->count || j < after->count) {
		const cpol_assess_result *a = NULL, *b = NULL;
		cpol_assess_change *c;
		if (j >= after->count || (i < before->count && va[i]->subject_id < vb[j]->subject_id))
			a = va[i++];
		else if (i >= before->count || vb[j]->subject_id < va[i]->subject_id)
			b = vb[j++];
		else {
			a = va[i++];
			b = vb[j++];
		}
		c = &d->changes[d->count];
		memset(c, 0, sizeof(*c));
		c->subject_kind = before->subject_kind;
		c->subject_id = a ? a->subject_id : b->subject_id;
		/* Copies: a diff outlives the assessments it compares (what-if frees them). */
		c->subject_name = cpol__apool_strdup(&d->pool, a ? a->subject_name : b->subject_name);
		c->in_before = a != NULL;
		c->in_after = b != NULL;
		c->total_before = a ? a->total : 0;
		c->total_after = b ? b->total : 0;
		c->rank_before = a ? a->rank : 0;
		c->rank_after = b ? b->rank : 0;
		c->grade_before = a && a->grade ? cpol__apool_strdup(&d->pool, a->grade) : NULL;
		c->grade_after = b && b->grade ? cpol__apool_strdup(&d->pool, b->grade) : NULL;
		if ((a && a->grade && !c->grade_before) || (b && b->grade && !c->grade_after)) {
			rc = CPOL_ENOMEM;
			goto done;
		}
		if (!(c->sanctions_before = sanction_list(&d->pool, a)) ||
		    !(c->sanctions_after = sanction_list(&d->pool, b))) {
			rc = CPOL_ENOMEM;
			goto done;
		}
		c->rank_changed = c->rank_before != c->rank_after;
		c->grade_changed = str_differ(c->grade_before, c->grade_after);
		c->sanctions_changed = strcmp(c->sanctions_before, c->sanctions_after) != 0;
		if (c->rank_changed || c->grade_changed || c->sanctions_changed || !a || !b)
			d->count++;
	}
done:
	free(va);
	free(vb);
	if (rc < 0) {
		cpol_assess_diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

int cpol_assess_what_if(cpol_assess_diff **out, cpol_db *db, const cpol_rules *rules_before,
                        const cpol_rules *rules_after, const cpol_period *period,
                        const cpol_assess_options *opts)
{
	cpol_assessor *a = NULL, *b = NULL;
	cpol_assessment *x = NULL, *y = NULL;
	int rc;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_assess_what_if: out is NULL");
	*out = NULL;
	if ((rc = cpol_assessor_new(&a, db, rules_before)) < 0 ||
	    (rc = cpol_assessor_new(&b, db, rules_after)) < 0 ||
	    (rc = cpol_assess_score(&x, a, period, opts)) < 0 ||
	    (rc = cpol_assess_score(&y, b, period, opts)) < 0)
		goto done;
	rc = cpol_assess_compare(out, x, y);
done:
	cpol_assessment_free(x);
	cpol_assessment_free(y);
	cpol_assessor_free(a);
	cpol_assessor_free(b);
	return rc;
}

size_t cpol_assess_diff_count(const cpol_assess_diff *d)
{
	return d ? d->count : 0;
}

const cpol_assess_change *cpol_assess_diff_get(const cpol_assess_diff *d, size_t index)
{
	return d && index < d->count ? &d->changes[index] : NULL;
}

int cpol_assess_diff_text(char **out, const cpol_assess_diff *d)
{
	cpol__buf b = { 0 };
	size_t i;

	if (!out || !d)
		return cpol__error_set(CPOL_EINVAL, "cpol_assess_diff_text: NULL argument");
	*out = NULL;
	if (!d->count)
		cpol__buf_puts(&b, "no rank, grade or sanction changes\n");
	for (i = 0; i < d->count; i++) {
		const cpol_assess_change *c = &d->changes[i];
		cpol__buf_printf(&b, "%s (%lld):", c->subject_name ? c->subject_name : "?",
		                 (long long)c->subject_id);
		if (!c->in_before)
			cpol__buf_puts(&b, " only in the second;");
		if (!c->in_after)
			cpol__buf_puts(&b, " only in the first;");
		cpol__buf_printf(&b, " total %.2f → %.2f", c->total_before, c->total_after);
		if (c->rank_changed)
			cpol__buf_printf(&b, ", rank %d → %d", c->rank_before, c->rank_after);
		if (c->grade_changed)
			cpol__buf_printf(&b, ", grade %s → %s", c->grade_before ? c->grade_before : "none",
			                 c->grade_after ? c->grade_after : "none");
		if (c->sanctions_changed)
			cpol__buf_printf(&b, ", sanctions %s → %s",
			                 *c->sanctions_before ? c->sanctions_before : "none",
			                 *c->sanctions_after ? c->sanctions_after : "none");
		cpol__buf_puts(&b, "\n");
	}
	if (b.oom) {
		cpol__buf_free(&b);
		return cpol__error_oom();
	}
	*out = cpol__buf_detach(&b);
	return 0;
}

void cpol_assess_diff_free(cpol_assess_diff *d)
{
	if (!d)
		return;
	cpol__apool_free(&d->pool);
	free(d);
}

/* ------------------------------------------------------------------ trace */

/* Every scalar of the rules under prefix: {"key","file","line","value"}. */
static int trace_rules_under(cpol__buf *b, const cpol_rules *rules, const char *prefix, int *first)
{
	cpol_rules_iter *it = NULL;
	const cpol_rule_ref *ref;
	const char *text;
	int rc;

	if ((rc = cpol_rules_iter_new(&it, rules, prefix)) < 0) {
		cpol_error_clear(); /* not in these rules: nothing read */
		return 0;
	}
	while ((rc = cpol_rules_iter_next(&ref, &text, it)) == 0) {
		cpol__buf_puts(b, *first ? "{" : ",{");
		*first = 0;
		json_str(b, "key", ref->key, 0);
		json_str(b, "file", ref->file, 1);
		cpol__buf_printf(b, ",\"line\":%d", ref->line);
		json_str(b, "value", text, 1);
		cpol__buf_puts(b, "}");
	}
	cpol_rules_iter_free(it);
	return rc == CPOL_ITEROVER ? 0 : rc;
}

int cpol_assessment_trace(char **out, const cpol_assessment *as, cpol_id subject_id)
{
	static const char *const always[] = { "assessment.total", "assessment.derived",
	                                      "assessment.grades", "assessment.sanctions", NULL };
	char ptext[CPOL_PERIOD_BUFSZ], key[256];
	const cpol_assess_result *r;
	cpol__buf b = { 0 };
	size_t i, k;
	int rc, first = 1;

	if (!out || !as)
		return cpol__error_set(CPOL_EINVAL, "cpol_assessment_trace: NULL argument");
	*out = NULL;
	if (!as->rules)
		return cpol__error_set(CPOL_EINVAL, "a trace reads the rules, which a saved run does "
		                       "not keep: score the period again with the rules of its hash %.12s",
		                       as->rules_hash ? as->rules_hash : "");
	if ((rc = cpol_assessment_find(&r, as, subject_id)) < 0)
		return rc;
	cpol__buf_puts(&b, "{\"format\":\"commpolice.trace/1\"");
	json_str(&b, "library", cpol_version(), 1);
	json_str(&b, "rules_hash", as->rules_hash, 1);
	json_str(&b, "region", as->region, 1);
	json_str(&b, "period", cpol_period_format(ptext, &as->period), 1);
	json_str(&b, "subject_kind", cpol__subject_kind_name(r->subject_kind), 1);
	cpol__buf_printf(&b, ",\"subject_id\":%lld", (long long)r->subject_id);
	json_str(&b, "grade", r->grade, 1);
	json_num(&b, "total", r->total);
	cpol__buf_printf(&b, ",\"rank\":%d,\"rules\":[", r->rank);
	/* What scoring this subject read: its lines' rules, then the rules every
	 * subject's standing is read against. */
	for (k = 0; k < r->line_count && rc == 0; k++) {
		const cpol_assess_line *l = &r->lines[k];
		const char *list = l->kind == CPOL_LINE_ITEM ? "items" : l->kind == CPOL_LINE_BONUS ? "bonus"
		                 : l->kind == CPOL_LINE_VETO ? "veto" : NULL;
		if (list)
			snprintf(key, sizeof(key), "assessment.%s[%s]", list, l->id);
		else if (l->kind == CPOL_LINE_DIFFICULTY && l->id)
			snprintf(key, sizeof(key), "assessment.difficulty.%s", l->id);
		else
			continue;
		rc = trace_rules_under(&b, as->rules, key, &first);
	}
	for (i = 0; always[i] && rc == 0; i++)
		rc = trace_rules_under(&b, as->rules, always[i], &first);
	cpol__buf_puts(&b, "],\"metrics\":[");
	for (k = 0, first = 1; k < r->line_count && rc == 0; k++) {
		const cpol_assess_line *l = &r->lines[k];
		if (!l->metric)
			continue;
		cpol__buf_puts(&b, first ? "{" : ",{");
		first = 0;
		json_str(&b, "line", l->id, 0);
		json_str(&b, "metric", l->metric, 1);
		if (l->has_value)
			json_num(&b, "value", l->value);
		else
			cpol__buf_puts(&b, ",\"value\":null");
		json_num(&b, "numerator", l->numerator);
		json_num(&b, "denominator", l->denominator);
		json_str(&b, "note", l->note, 1);
		json_str(&b, "record_table", l->record_table, 1);
		cpol__buf_puts(&b, ",\"records\":");
		if (!l->records) {
			cpol__buf_puts(&b, "null");
		} else {
			cpol__buf_puts(&b, "[");
			for (i = 0; i < l->record_count; i++)
				cpol__buf_printf(&b, "%s%lld", i ? "," : "", (long long)l->records[i]);
			cpol__buf_puts(&b, "]");
		}
		cpol__buf_puts(&b, "}");
	}
	cpol__buf_puts(&b, "]}\n");
	if (rc < 0 || b.oom) {
		cpol__buf_free(&b);
		return rc < 0 ? rc : cpol__error_oom();
	}
	*out = cpol__buf_detach(&b);
	return 0;
}

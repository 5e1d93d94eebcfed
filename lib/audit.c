/*
 * libcommpolice — reading the audit trail (the triggers that write it are
 * made in schema.c).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"

#include <stdlib.h>

struct cpol_audit_iter {
	cpol_db *db;
	sqlite3_stmt *stmt; /* owned: several iterators may be open at once */
	cpol_audit_entry entry;
};

#define AUDIT_WHERE \
	" WHERE (?1 IS NULL OR table_name = ?1) AND (?2 = 0 OR row_id = ?2)" \
	" AND (?3 IS NULL OR actor = ?3) AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)"

static const char AUDIT_SELECT_SQL[] =
	"SELECT id, at, actor, table_name, row_id, action, before_json, after_json"
	" FROM audit_log" AUDIT_WHERE " ORDER BY id";
static const char AUDIT_COUNT_SQL[] = "SELECT count(*) FROM audit_log" AUDIT_WHERE;

int cpol_audit_query_init(cpol_audit_query *query, unsigned int version)
{
	static const cpol_audit_query init = CPOL_AUDIT_QUERY_INIT;
	if (!query || version != CPOL_AUDIT_QUERY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_audit_query version %u", version);
	*query = init;
	return 0;
}

static int bind_query(sqlite3_stmt *st, const cpol_audit_query *q)
{
	static const cpol_audit_query all = CPOL_AUDIT_QUERY_INIT;
	if (!q)
		q = &all;
	if (q->version != CPOL_AUDIT_QUERY_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_audit_query version %u", q->version);
	if (cpol__bind_text_opt(st, 1, q->table_name) < 0 ||
	    sqlite3_bind_int64(st, 2, q->row_id) != SQLITE_OK ||
	    cpol__bind_text_opt(st, 3, q->actor) < 0 ||
	    cpol__bind_text_opt(st, 4, q->since) < 0 ||
	    cpol__bind_text_opt(st, 5, q->until) < 0)
		return cpol__error_oom();
	return 0;
}

int cpol_audit_iter_new(cpol_audit_iter **out, cpol_db *db, const cpol_audit_query *query)
{
	cpol_audit_iter *it;
	int rc;

	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	it->db = db;
	rc = sqlite3_prepare_v2(cpol__db_handle(db), AUDIT_SELECT_SQL, -1, &it->stmt, NULL);
	if (rc != SQLITE_OK) {
		rc = cpol__error_sqlite(cpol__db_handle(db), rc, "reading the audit trail");
		goto fail;
	}
	if ((rc = bind_query(it->stmt, query)) < 0)
		goto fail;
	*out = it;
	return 0;
fail:
	cpol_audit_iter_free(it);
	return rc;
}

int cpol_audit_iter_next(const cpol_audit_entry **out, cpol_audit_iter *it)
{
	sqlite3_stmt *st = it->stmt;
	int rc = sqlite3_step(st);

	*out = NULL;
	if (rc == SQLITE_DONE)
		return CPOL_ITEROVER;
	if (rc != SQLITE_ROW)
		return cpol__error_sqlite(cpol__db_handle(it->db), rc, "reading the audit trail");
	/* Column texts stay valid until the next step: no copies needed. */
	it->entry.id = sqlite3_column_int64(st, 0);
	it->entry.at = (const char *)sqlite3_column_text(st, 1);
	it->entry.actor = (const char *)sqlite3_column_text(st, 2);
	it->entry.table_name = (const char *)sqlite3_column_text(st, 3);
	it->entry.row_id = sqlite3_column_int64(st, 4);
	it->entry.action = (const char *)sqlite3_column_text(st, 5);
	it->entry.before_json = (const char *)sqlite3_column_text(st, 6);
	it->entry.after_json = (const char *)sqlite3_column_text(st, 7);
	*out = &it->entry;
	return 0;
}

void cpol_audit_iter_free(cpol_audit_iter *it)
{
	if (!it)
		return;
	sqlite3_finalize(it->stmt);
	free(it);
}

int cpol_audit_count(int64_t *out, cpol_db *db, const cpol_audit_query *query)
{
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	if ((rc = cpol__db_stmt(db, &st, AUDIT_COUNT_SQL)) < 0 || (rc = bind_query(st, query)) < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return cpol__error_sqlite(cpol__db_handle(db), rc, "counting audit entries");
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

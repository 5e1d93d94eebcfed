/*
 * libcommpolice — the SQLite backend of the storage interface (lib/store.h).
 *
 * A statement is SQLite's own, wrapped so that the modules reach it through
 * the ops table; each call is one indirect call on top of SQLite's. The
 * connection itself (open, pragmas, migrations, transactions) is lib/db.c.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sqlite_stmt {
	cpol__stmt base;
	sqlite3_stmt *s;
} sqlite_stmt;

#define S(st) (((sqlite_stmt *)(st))->s)

static int st_bind_int64(cpol__stmt *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(S(st), idx, v);
}

static int st_bind_double(cpol__stmt *st, int idx, double v)
{
	return sqlite3_bind_double(S(st), idx, v);
}

static int st_bind_text(cpol__stmt *st, int idx, const char *s, int len, int copy)
{
	return sqlite3_bind_text(S(st), idx, s, len, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static int st_bind_blob(cpol__stmt *st, int idx, const void *p, int len, int copy)
{
	return sqlite3_bind_blob(S(st), idx, p, len, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static int st_bind_null(cpol__stmt *st, int idx)
{
	return sqlite3_bind_null(S(st), idx);
}

static int st_step(cpol__stmt *st)
{
	return sqlite3_step(S(st));
}

static int st_reset(cpol__stmt *st)
{
	return sqlite3_reset(S(st));
}

static int st_clear_bindings(cpol__stmt *st)
{
	return sqlite3_clear_bindings(S(st));
}

static void st_finalize(cpol__stmt *st)
{
	sqlite3_finalize(S(st));
	free(st);
}

static int64_t st_column_int64(cpol__stmt *st, int col)
{
	return sqlite3_column_int64(S(st), col);
}

static double st_column_double(cpol__stmt *st, int col)
{
	return sqlite3_column_double(S(st), col);
}

static const unsigned char *st_column_text(cpol__stmt *st, int col)
{
	return sqlite3_column_text(S(st), col);
}

static const void *st_column_blob(cpol__stmt *st, int col)
{
	return sqlite3_column_blob(S(st), col);
}

static int st_column_bytes(cpol__stmt *st, int col)
{
	return sqlite3_column_bytes(S(st), col);
}

static int st_column_type(cpol__stmt *st, int col)
{
	return sqlite3_column_type(S(st), col);
}

static int st_column_count(cpol__stmt *st)
{
	return sqlite3_column_count(S(st));
}

static int db_prepare(cpol_db *db, cpol__stmt **out, const char *sql, int persistent)
{
	sqlite_stmt *w;
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	if (!(w = malloc(sizeof(*w))))
		return SQLITE_NOMEM;
	rc = sqlite3_prepare_v3(db->handle, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(s);
		free(w);
		return rc;
	}
	if (!s) {   /* only white space or comments: nothing to run */
		free(w);
		return SQLITE_MISUSE;
	}
	w->base.ops = &cpol__sqlite_ops;
	w->base.db = db;
	w->s = s;
	*out = &w->base;
	return SQLITE_OK;
}

static int db_exec(cpol_db *db, const char *sql)
{
	return sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
}

static int64_t db_last_id(cpol_db *db)
{
	return sqlite3_last_insert_rowid(db->handle);
}

static int64_t db_changes(cpol_db *db)
{
	return sqlite3_changes64(db->handle);
}

static int64_t db_total_changes(cpol_db *db)
{
	return sqlite3_total_changes64(db->handle);
}

static int db_errcode(cpol_db *db)
{
	return sqlite3_errcode(db->handle);
}

static const char *db_errmsg(cpol_db *db)
{
	return sqlite3_errmsg(db->handle);
}

static int db_error(cpol_db *db, int rc, const char *what)
{
	return cpol__error_sqlite(db->handle, rc, what);
}

static int db_in_transaction(cpol_db *db)
{
	return !sqlite3_get_autocommit(db->handle);
}

static int db_has_column(cpol_db *db, const char *table, const char *column)
{
	return sqlite3_table_column_metadata(db->handle, "main", table, column, NULL, NULL, NULL, NULL, NULL) ==
	       SQLITE_OK;
}

const cpol__store_ops cpol__sqlite_ops = {
	"sqlite",
	st_bind_int64,
	st_bind_double,
	st_bind_text,
	st_bind_blob,
	st_bind_null,
	st_step,
	st_reset,
	st_clear_bindings,
	st_finalize,
	st_column_int64,
	st_column_double,
	st_column_text,
	st_column_blob,
	st_column_bytes,
	st_column_type,
	st_column_count,
	db_prepare,
	db_exec,
	db_last_id,
	db_changes,
	db_total_changes,
	db_errcode,
	db_errmsg,
	db_error,
	db_in_transaction,
	db_has_column,
};

/* --------------------------------------------- SQL functions of the schema */

/*
 * The audit chain's trigger (lib/schema/006_audit_chain.sql) calls these;
 * the digest itself is lib/audit.c's, shared with every backend.
 */

static cpol__audit_text value_text(sqlite3_value *v)
{
	cpol__audit_text t = { NULL, 0 };
	if (sqlite3_value_type(v) == SQLITE_NULL)
		return t;
	if (sqlite3_value_type(v) == SQLITE_BLOB) {
		t.ptr = sqlite3_value_blob(v);
		t.len = (size_t)sqlite3_value_bytes(v);
		if (!t.ptr)
			t.ptr = (const unsigned char *)"";
		return t;
	}
	t.ptr = sqlite3_value_text(v);
	t.len = (size_t)sqlite3_value_bytes(v);
	return t;
}

/*
 * cpol_audit_hash(id, at, actor, table_name, row_id, action, before_json,
 * after_json, prev_hash, prev_key_id): the hash of a new entry, called by
 * the chain trigger (lib/schema/006_audit_chain.sql). A trail keyed with a
 * key is only continued with that key: writing it without (or with another
 * key) would leave entries nobody can tell from forgeries.
 */
static void sql_audit_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cpol_db *db = sqlite3_user_data(ctx);
	cpol__audit_fields f;
	unsigned char out[CPOL__AUDIT_HASH_SIZE];
	const char *prev_key = (const char *)sqlite3_value_text(argv[9]);

	if (prev_key && strcmp(prev_key, db->key_id) != 0) {
		char msg[256];
		snprintf(msg, sizeof(msg),
		         "the audit trail is keyed with key %s; this connection has %s%s: open it with that key "
		         "(cpol_db_options.key_file or CPOL_AUDIT_KEY_FILE) to write", prev_key,
		         db->key ? "key " : "no key", db->key_id);
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	f.id = sqlite3_value_int64(argv[0]);
	f.at = value_text(argv[1]);
	f.actor = value_text(argv[2]);
	f.table_name = value_text(argv[3]);
	f.row_id = sqlite3_value_int64(argv[4]);
	f.action = value_text(argv[5]);
	f.before_json = value_text(argv[6]);
	f.after_json = value_text(argv[7]);
	f.prev_hash = value_text(argv[8]);
	f.key_id.ptr = db->key ? (const unsigned char *)db->key_id : NULL;
	f.key_id.len = strlen(db->key_id);
	cpol__audit_digest(out, db->key, db->key_len, &f);
	sqlite3_result_blob(ctx, out, sizeof(out), SQLITE_TRANSIENT);
}

static void sql_audit_key_id(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cpol_db *db = sqlite3_user_data(ctx);
	if (db->key)
		sqlite3_result_text(ctx, db->key_id, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

int cpol__audit_register(cpol_db *db)
{
	sqlite3 *h = db->handle;
	int rc = sqlite3_create_function_v2(h, "cpol_audit_hash", 10, SQLITE_UTF8, db,
	                                    sql_audit_hash, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "cpol_audit_key_id", 0, SQLITE_UTF8, db,
		                                sql_audit_key_id, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : cpol__error_sqlite(h, rc, "registering the audit chain's SQL functions");
}


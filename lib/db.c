/*
 * libcommpolice — the database handle: open, migrate, transactions,
 * statement cache, and the SQL functions behind the audit trail.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* 'CPOL': marks the file as ours, so that we never migrate a stranger's database. */
#define CPOL_APPLICATION_ID 0x43504F4C

int cpol_db_options_init(cpol_db_options *opts, unsigned int version)
{
	static const cpol_db_options defaults = CPOL_DB_OPTIONS_INIT;

	if (!opts)
		return cpol__error_set(CPOL_EINVAL, "options pointer is NULL");
	if (version != CPOL_DB_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_db_options version %u (this library knows %d)",
		                       version, CPOL_DB_OPTIONS_VERSION);
	*opts = defaults;
	return 0;
}

/* ------------------------------------------------------------ SQL functions */

static void sql_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cpol_db *db = sqlite3_user_data(ctx);
	sqlite3_result_text(ctx, db->user ? db->user : "unknown", -1, SQLITE_TRANSIENT);
}

static void sql_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cpol_db *db = sqlite3_user_data(ctx);
	char buf[32];
	int64_t t = cpol_db_now(db);
	cpol_date day = cpol_date_from_epoch(t, 0);
	int64_t sec = t - (int64_t)day * 86400;
	char date[CPOL_DATE_BUFSZ];

	snprintf(buf, sizeof(buf), "%sT%02d:%02d:%02dZ", cpol_date_format(date, day),
	         (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static int register_functions(cpol_db *db)
{
	int rc;
	/* Not SQLITE_DETERMINISTIC: both depend on the handle's state. */
	rc = sqlite3_create_function_v2(db->handle, "cpol_actor", 0, SQLITE_UTF8, db,
	                                sql_actor, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(db->handle, "cpol_now", 0, SQLITE_UTF8, db,
		                                sql_now, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : cpol__error_sqlite(db->handle, rc, "registering SQL functions");
}

/* --------------------------------------------------------- statement cache */

static size_t stmt_slot(const char *key, size_t cap)
{
	uintptr_t h = (uintptr_t)key;
	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 7) & (cap - 1);
}

static int stmt_cache_grow(cpol_db *db)
{
	size_t cap = db->stmt_cap ? db->stmt_cap * 2 : 64, i;
	cpol__stmt_entry *t = calloc(cap, sizeof(*t));

	if (!t)
		return cpol__error_oom();
	for (i = 0; i < db->stmt_cap; i++) {
		size_t j;
		if (!db->stmts[i].key)
			continue;
		for (j = stmt_slot(db->stmts[i].key, cap); t[j].key; j = (j + 1) & (cap - 1))
			;
		t[j] = db->stmts[i];
	}
	free(db->stmts);
	db->stmts = t;
	db->stmt_cap = cap;
	return 0;
}

/*
 * A bind that fails (out of memory) leaves its parameter NULL: a write would
 * then break a NOT NULL constraint or store NULL, a query quietly find
 * nothing. Most call sites bind without looking at the result, so the
 * failure is kept, per thread, from the cpol__db_stmt() that hands out a
 * statement to the step helpers, which report it (cpol__db_bind_failed()).
 */
static _Thread_local int bind_failed;

int cpol__db_bind_failed(sqlite3_stmt *st)
{
	if (!bind_failed)
		return 0;
	bind_failed = 0;
	sqlite3_reset(st);
	return cpol__error_oom();
}

static int bind_result(int rc)
{
	if (rc == SQLITE_OK)
		return 0;
	bind_failed = 1;
	return cpol__error_oom();
}

int cpol__db_stmt(cpol_db *db, sqlite3_stmt **out, const char *sql)
{
	size_t i;
	int rc;

	*out = NULL;
	bind_failed = 0;
	if ((db->stmt_count + 1) * 2 > db->stmt_cap && stmt_cache_grow(db) < 0)
		return CPOL_ENOMEM;
	for (i = stmt_slot(sql, db->stmt_cap); db->stmts[i].key; i = (i + 1) & (db->stmt_cap - 1)) {
		if (db->stmts[i].key == sql) {
			sqlite3_reset(db->stmts[i].stmt);
			sqlite3_clear_bindings(db->stmts[i].stmt);
			*out = db->stmts[i].stmt;
			return 0;
		}
	}
	rc = sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
	if (rc != SQLITE_OK)
		return cpol__error_sqlite(db->handle, rc, "preparing a statement");
	db->stmts[i].key = sql;
	db->stmts[i].stmt = *out;
	db->stmt_count++;
	return 0;
}

static void stmt_cache_free(cpol_db *db)
{
	size_t i;
	for (i = 0; i < db->stmt_cap; i++)
		if (db->stmts[i].key)
			sqlite3_finalize(db->stmts[i].stmt);
	free(db->stmts);
	db->stmts = NULL;
	db->stmt_cap = db->stmt_count = 0;
}

/* ----------------------------------------------------------------- helpers */

sqlite3 *cpol__db_handle(cpol_db *db)
{
	return db->handle;
}

int cpol__db_exec(cpol_db *db, const char *sql)
{
	int rc = sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : cpol__error_sqlite(db->handle, rc, "executing SQL");
}

int cpol__db_step_done(cpol_db *db, sqlite3_stmt *stmt, const char *what)
{
	int rc, err;

	if ((err = cpol__db_bind_failed(stmt)) < 0)
		return err;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		err = cpol__error_sqlite(db->handle, rc, what);
	sqlite3_reset(stmt);
	return err;
}

int cpol__db_check_writable(cpol_db *db)
{
	if (db->readonly)
		return cpol__error_set(CPOL_EREADONLY, "database '%s' was opened read-only", db->path);
	return 0;
}

int cpol__bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	return bind_result(sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT));
}

int cpol__bind_text_opt(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s || !*s)
		return bind_result(sqlite3_bind_null(st, idx));
	return cpol__bind_text(st, idx, s);
}

int cpol__bind_date(sqlite3_stmt *st, int idx, cpol_date d)
{
	char buf[CPOL_DATE_BUFSZ];
	return cpol__bind_text(st, idx, cpol_date_format(buf, d));
}

int cpol__bind_date_opt(sqlite3_stmt *st, int idx, cpol_date d)
{
	if (d == CPOL_DATE_NONE)
		return bind_result(sqlite3_bind_null(st, idx));
	return cpol__bind_date(st, idx, d);
}

cpol_date cpol__column_date(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	cpol_date d;
	if (!t || cpol_date_parse(&d, t) < 0)
		return CPOL_DATE_NONE;
	return d;
}

char *cpol__column_strdup(sqlite3_stmt *st, int col, int *oom)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	char *p;
	if (!t)
		return NULL;
	p = cpol__strndup(t, (size_t)sqlite3_column_bytes(st, col));
	if (!p && oom)
		*oom = 1;
	return p;
}

static int pragma_int(cpol_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->handle, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK)
		rc = cpol__error_sqlite(db->handle, rc, "reading the database header");
	sqlite3_finalize(st);
	return rc;
}

/* ------------------------------------------------------------------- clock */

static int64_t system_clock(void *payload)
{
	return (int64_t)time(NULL);
}

void cpol_db_set_clock(cpol_db *db, cpol_clock_cb clock, void *payload)
{
	db->clock = clock ? clock : system_clock;
	db->clock_payload = clock ? payload : NULL;
}

int64_t cpol_db_now(const cpol_db *db)
{
	return db->clock(db->clock_payload);
}

/* -------------------------------------------------------------- open/close */

/*
 * Is the file one we may use? A fresh file has no tables; one of ours has
 * our application_id. Anything else (someone's own database) is refused
 * before a single byte is written to it.
 */
static int check_identity(cpol_db *db, int *version)
{
	int app_id = 0, tables = 0, rc;

	if ((rc = pragma_int(db, "PRAGMA user_version", version)) < 0 ||
	    (rc = pragma_int(db, "PRAGMA application_id", &app_id)) < 0 ||
	    (rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables)) < 0)
		return rc == CPOL_ENOMEM ? rc : CPOL_ESCHEMA;
	if (tables == 0 && *version == 0)
		return 0;
	if (app_id != CPOL_APPLICATION_ID)
		return cpol__error_set_at(CPOL_ESCHEMA, db->path, 0, 0, NULL,
		                          "not a libcommpolice database (application_id %d); not touched", app_id);
	if (*version > cpol_db_schema_latest())
		return cpol__error_set_at(CPOL_ESCHEMA, db->path, 0, 0, NULL,
		                          "database schema version %d is newer than this library's %d; "
		                          "upgrade libcommpolice (the file was not touched)",
		                          *version, cpol_db_schema_latest());
	return 0;
}

static int configure_connection(cpol_db *db, int memory)
{
	int rc = cpol__db_exec(db, "PRAGMA foreign_keys = ON");
	if (rc == 0 && !db->readonly && !memory)
		/*
		 * WAL lets readers (researchers, reports) run beside the writer;
		 * synchronous=FULL keeps a committed record through a power cut,
		 * which matters more here than the last bit of write speed.
		 */
		rc = cpol__db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL");
	return rc;
}

int cpol_db_open(cpol_db **out, const char *path, const cpol_db_options *opts)
{
	cpol_db_options defaults = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	int flags, rc, version = 0, memory;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_db_open: out is NULL");
	*out = NULL;
	if (!path || !*path)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "path", "cpol_db_open: no path given");
	if (!opts)
		opts = &defaults;
	if (opts->version != CPOL_DB_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_db_options version %u", opts->version);

	memory = strcmp(path, ":memory:") == 0;
	if (!memory && !(opts->flags & CPOL_DB_OPEN_CREATE) && access(path, F_OK) != 0)
		return cpol__error_set_at(CPOL_ENOTFOUND, path, 0, 0, NULL, "no such database file");

	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = cpol__strdup(path)))
		goto oom;
	if (opts->user && *opts->user && !(db->user = cpol__strdup(opts->user)))
		goto oom;
	db->readonly = (opts->flags & CPOL_DB_OPEN_READONLY) != 0;
	cpol_db_set_clock(db, NULL, NULL);

	flags = SQLITE_OPEN_NOMUTEX; /* one thread at a time per handle: see db.h */
	if (db->readonly)
		flags |= SQLITE_OPEN_READONLY;
	else
		flags |= SQLITE_OPEN_READWRITE | ((opts->flags & CPOL_DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
	rc = sqlite3_open_v2(path, &db->handle, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = cpol__error_sqlite(db->handle, rc, path);
		goto fail;
	}
	sqlite3_extended_result_codes(db->handle, 1);
	sqlite3_busy_timeout(db->handle, opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 0);

	if ((rc = register_functions(db)) < 0 ||
	    (rc = check_identity(db, &version)) < 0 ||
	    (rc = configure_connection(db, memory)) < 0)
		goto fail;

	if (db->readonly) {
		if (version < cpol_db_schema_latest()) {
			rc = cpol__error_set_at(CPOL_ESCHEMA, path, 0, 0, NULL,
			                        "database schema version %d is older than this library's %d; "
			                        "open it read-write once to upgrade it",
			                        version, cpol_db_schema_latest());
			goto fail;
		}
	} else if ((rc = cpol__db_migrate(db)) < 0) {
		goto fail;
	}
	*out = db;
	return 0;

oom:
	rc = cpol__error_oom();
fail:
	cpol_db_close(db);
	return rc;
}

void cpol_db_close(cpol_db *db)
{
	if (!db)
		return;
	stmt_cache_free(db);
	if (db->handle) {
		if (!sqlite3_get_autocommit(db->handle))
			sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(db->handle);
	}
	free(db->path);
	free(db->user);
	free(db);
}

const char *cpol_db_path(const cpol_db *db)
{
	return db->path;
}

int cpol_db_set_user(cpol_db *db, const char *user)
{
	char *copy = NULL;

	if (user && *user && !(copy = cpol__strdup(user)))
		return cpol__error_oom();
	free(db->user);
	db->user = copy;
	return 0;
}

const char *cpol_db_user(const cpol_db *db)
{
	return db->user;
}

int cpol_db_schema_version(cpol_db *db, int *out)
{
	return pragma_int(db, "PRAGMA user_version", out);
}

/* ------------------------------------------------------------ transactions */

int cpol_db_begin(cpol_db *db)
{
	char sql[48];
	int rc;

	if ((rc = cpol__db_check_writable(db)) < 0)
		return rc;
	if (db->depth == 0)
		rc = cpol__db_exec(db, "BEGIN IMMEDIATE");
	else {
		snprintf(sql, sizeof(sql), "SAVEPOINT cpol_sp%d", db->depth);
		rc = cpol__db_exec(db, sql);
	}
	if (rc == 0)
		db->depth++;
	return rc;
}

int cpol_db_commit(cpol_db *db)
{
	char sql[48];
	int rc;

	if (db->depth == 0)
		return cpol__error_set(CPOL_EMISUSE, "commit without an open transaction");
	if (db->depth == 1) {
		rc = cpol__db_exec(db, "COMMIT");
		if (rc < 0 && !sqlite3_get_autocommit(db->handle))
			sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
		db->depth = 0;
		return rc;
	}
	snprintf(sql, sizeof(sql), "RELEASE cpol_sp%d", db->depth - 1);
	rc = cpol__db_exec(db, sql);
	db->depth--;
	return rc;
}

int cpol_db_rollback(cpol_db *db)
{
	char sql[80];
	int rc;

	if (db->depth == 0)
		return cpol__error_set(CPOL_EMISUSE, "rollback without an open transaction");
	if (db->depth == 1) {
		/* SQLite may already have rolled back (e.g. after SQLITE_FULL). */
		rc = sqlite3_get_autocommit(db->handle) ? 0 : cpol__db_exec(db, "ROLLBACK");
		db->depth = 0;
		return rc;
	}
	snprintf(sql, sizeof(sql), "ROLLBACK TO cpol_sp%d; RELEASE cpol_sp%d", db->depth - 1, db->depth - 1);
	rc = cpol__db_exec(db, sql);
	db->depth--;
	return rc;
}

int cpol_db_transaction_depth(const cpol_db *db)
{
	return db->depth;
}

int cpol__db_finish(cpol_db *db, int rc)
{
	if (rc < 0) {
		/* A successful rollback leaves the thread's error (the cause) as it is. */
		cpol_db_rollback(db);
		return rc;
	}
	return cpol_db_commit(db);
}

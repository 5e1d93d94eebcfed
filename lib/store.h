/*
 * libcommpolice — the storage interface: the one way modules run SQL.
 * Not installed.
 *
 * Every module prepares, binds, steps and reads its statements through the
 * functions below, never through a database engine's own API. A backend
 * (lib/store_sqlite.c today; a PostgreSQL one builds on the same table)
 * fills a cpol__store_ops with its implementation, in the manner of
 * SQLite's VFS and libgit2's refdb backends: the modules do not know which
 * engine answers. Only the backend, db.c and schema.c (the handle and its
 * migrations), error.c and the formula engine's private connection
 * (assess_formula.c) may call sqlite3_*; tests/store_boundary.sh checks it.
 *
 * The shape follows SQLite's API on purpose, so that a module reads the way
 * a SQLite user expects and the port from direct calls was mechanical:
 *
 *   - Result codes are the backend's own, positive or 0: CPOL__OK,
 *     CPOL__ROW and CPOL__DONE are the same on every backend; anything else
 *     is an engine code that only cpol__db_error() interprets. A module that
 *     sees an unexpected code hands it to cpol__db_error(db, rc, what), which
 *     sets the thread's error (CPOL_EBUSY, CPOL_ECONSTRAINT, CPOL_EREADONLY,
 *     CPOL_ENOMEM, CPOL_EIO, CPOL_ESCHEMA or CPOL_EDB, with the engine's
 *     message) and returns that negative code.
 *   - Parameters are numbered from 1 (`?1`, `?2` in the SQL text; a backend
 *     whose engine spells them otherwise rewrites the text at prepare),
 *     columns from 0.
 *   - Text is UTF-8. Column text and blob pointers stay valid until the next
 *     step, reset or finalize of that statement.
 *
 * Ownership: cached statements (cpol__db_stmt) belong to the handle and are
 * finalised by cpol_db_close(); statements from cpol__db_prepare() belong to
 * the caller, who finalises them with cpol__st_finalize() before closing the
 * handle.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_STORE_H
#define CPOL_STORE_H

#include <stdint.h>

#include "commpolice/db.h"

/* Result codes every backend shares (the values are SQLite's). */
#define CPOL__OK 0
#define CPOL__ROW 100
#define CPOL__DONE 101
/*
 * Failures a module tells apart (SQLite's extended codes); every backend
 * returns these for the same conditions, from step and errcode.
 */
#define CPOL__NOMEM 7                     /* the engine ran out of memory */
#define CPOL__CONSTRAINT_UNIQUE 2067      /* a UNIQUE or PRIMARY KEY violation */
#define CPOL__CONSTRAINT_FOREIGNKEY 787   /* a FOREIGN KEY violation */

/* Column types, as cpol__st_column_type() reports them (SQLite's values). */
#define CPOL__INTEGER 1
#define CPOL__FLOAT 2
#define CPOL__TEXT 3
#define CPOL__BLOB 4
#define CPOL__NULL 5

typedef struct cpol__stmt cpol__stmt;

/* What a backend implements. Every function is required. */
typedef struct cpol__store_ops {
	const char *name;   /* "sqlite" */

	/* ---- statements: each returns a backend result code unless said */
	int (*bind_int64)(cpol__stmt *st, int idx, int64_t v);
	int (*bind_double)(cpol__stmt *st, int idx, double v);
	/* len < 0: up to the NUL. copy = 0: the caller keeps the bytes alive
	 * until the statement is reset or stepped to its end. */
	int (*bind_text)(cpol__stmt *st, int idx, const char *s, int len, int copy);
	int (*bind_blob)(cpol__stmt *st, int idx, const void *p, int len, int copy);
	int (*bind_null)(cpol__stmt *st, int idx);
	int (*step)(cpol__stmt *st);
	/* Back to the start, bindings kept; returns the last step's code. */
	int (*reset)(cpol__stmt *st);
	int (*clear_bindings)(cpol__stmt *st);
	void (*finalize)(cpol__stmt *st);
	int64_t (*column_int64)(cpol__stmt *st, int col);
	double (*column_double)(cpol__stmt *st, int col);
	const unsigned char *(*column_text)(cpol__stmt *st, int col);
	const void *(*column_blob)(cpol__stmt *st, int col);
	int (*column_bytes)(cpol__stmt *st, int col);
	int (*column_type)(cpol__stmt *st, int col);
	int (*column_count)(cpol__stmt *st);

	/* ---- the connection */
	/* A new statement the caller finalises; *out is NULL on failure. */
	int (*prepare)(cpol_db *db, cpol__stmt **out, const char *sql, int persistent);
	/* Run SQL without parameters or results (one or more statements). */
	int (*exec)(cpol_db *db, const char *sql);
	/* The id the last INSERT on this handle gave its row. */
	int64_t (*last_id)(cpol_db *db);
	/* Rows changed by the last INSERT, UPDATE or DELETE; and since open. */
	int64_t (*changes)(cpol_db *db);
	int64_t (*total_changes)(cpol_db *db);
	/* The code of the last failure on the handle, and its message. */
	int (*errcode)(cpol_db *db);
	const char *(*errmsg)(cpol_db *db);
	/* Map a backend code to ours, set the thread's error, return it (< 0). */
	int (*error)(cpol_db *db, int rc, const char *what);
	/* Non-zero when a transaction is open on the handle. */
	int (*in_transaction)(cpol_db *db);
	/* Non-zero when the database's table has that column (older schemas). */
	int (*has_column)(cpol_db *db, const char *table, const char *column);
} cpol__store_ops;

/* The part of every backend's statement that the modules may rely on. */
struct cpol__stmt {
	const cpol__store_ops *ops;
	cpol_db *db;
};

/* The handle's backend (lib/db.c). */
const cpol__store_ops *cpol__db_ops(const cpol_db *db);

/* ------------------------------------------------------------- statements */

static inline int cpol__st_bind_int64(cpol__stmt *st, int idx, int64_t v)
{
	return st->ops->bind_int64(st, idx, v);
}

static inline int cpol__st_bind_int(cpol__stmt *st, int idx, int v)
{
	return st->ops->bind_int64(st, idx, v);
}

static inline int cpol__st_bind_double(cpol__stmt *st, int idx, double v)
{
	return st->ops->bind_double(st, idx, v);
}

/* Binds a copy of s (len < 0: up to its NUL); NULL binds SQL NULL. */
static inline int cpol__st_bind_text(cpol__stmt *st, int idx, const char *s, int len)
{
	return s ? st->ops->bind_text(st, idx, s, len, 1) : st->ops->bind_null(st, idx);
}

/* Binds s without copying: s must outlive the statement's next reset. */
static inline int cpol__st_bind_text_static(cpol__stmt *st, int idx, const char *s, int len)
{
	return s ? st->ops->bind_text(st, idx, s, len, 0) : st->ops->bind_null(st, idx);
}

static inline int cpol__st_bind_blob(cpol__stmt *st, int idx, const void *p, int len)
{
	return st->ops->bind_blob(st, idx, p, len, 1);
}

static inline int cpol__st_bind_blob_static(cpol__stmt *st, int idx, const void *p, int len)
{
	return st->ops->bind_blob(st, idx, p, len, 0);
}

static inline int cpol__st_bind_null(cpol__stmt *st, int idx)
{
	return st->ops->bind_null(st, idx);
}

/* CPOL__ROW, CPOL__DONE or a backend code for cpol__db_error(). */
static inline int cpol__st_step(cpol__stmt *st)
{
	return st->ops->step(st);
}

static inline int cpol__st_reset(cpol__stmt *st)
{
	return st->ops->reset(st);
}

static inline int cpol__st_clear_bindings(cpol__stmt *st)
{
	return st->ops->clear_bindings(st);
}

/* Frees a statement from cpol__db_prepare(); NULL is a no-op. */
static inline void cpol__st_finalize(cpol__stmt *st)
{
	if (st)
		st->ops->finalize(st);
}

static inline int64_t cpol__st_column_int64(cpol__stmt *st, int col)
{
	return st->ops->column_int64(st, col);
}

static inline int cpol__st_column_int(cpol__stmt *st, int col)
{
	return (int)st->ops->column_int64(st, col);
}

static inline double cpol__st_column_double(cpol__stmt *st, int col)
{
	return st->ops->column_double(st, col);
}

/* NULL for SQL NULL. */
static inline const unsigned char *cpol__st_column_text(cpol__stmt *st, int col)
{
	return st->ops->column_text(st, col);
}

static inline const void *cpol__st_column_blob(cpol__stmt *st, int col)
{
	return st->ops->column_blob(st, col);
}

static inline int cpol__st_column_bytes(cpol__stmt *st, int col)
{
	return st->ops->column_bytes(st, col);
}

/* CPOL__INTEGER, CPOL__FLOAT, CPOL__TEXT, CPOL__BLOB or CPOL__NULL. */
static inline int cpol__st_column_type(cpol__stmt *st, int col)
{
	return st->ops->column_type(st, col);
}

static inline int cpol__st_column_count(cpol__stmt *st)
{
	return st->ops->column_count(st);
}

/* ------------------------------------------------------------- connection */

/*
 * A statement the caller owns (finalise with cpol__st_finalize()): for SQL
 * built at run time, iterators that outlive one call, and statements that
 * must not share the handle's cached one. Returns a backend code; on
 * failure pass it to cpol__db_error().
 */
static inline int cpol__db_prepare(cpol_db *db, cpol__stmt **out, const char *sql)
{
	return cpol__db_ops(db)->prepare(db, out, sql, 0);
}

static inline int64_t cpol__db_last_id(cpol_db *db)
{
	return cpol__db_ops(db)->last_id(db);
}

static inline int64_t cpol__db_changes(cpol_db *db)
{
	return cpol__db_ops(db)->changes(db);
}

static inline int64_t cpol__db_total_changes(cpol_db *db)
{
	return cpol__db_ops(db)->total_changes(db);
}

static inline int cpol__db_errcode(cpol_db *db)
{
	return cpol__db_ops(db)->errcode(db);
}

static inline const char *cpol__db_errmsg(cpol_db *db)
{
	return cpol__db_ops(db)->errmsg(db);
}

/* Sets the thread's error from a backend code; returns the CPOL_E* code. */
static inline int cpol__db_error(cpol_db *db, int rc, const char *what)
{
	return cpol__db_ops(db)->error(db, rc, what);
}

/* Runs SQL without parameters or results; a backend code. */
static inline int cpol__db_exec_raw(cpol_db *db, const char *sql)
{
	return cpol__db_ops(db)->exec(db, sql);
}

static inline int cpol__db_in_transaction(cpol_db *db)
{
	return cpol__db_ops(db)->in_transaction(db);
}

static inline int cpol__db_has_column(cpol_db *db, const char *table, const char *column)
{
	return cpol__db_ops(db)->has_column(db, table, column);
}

#endif

/*
 * libcommpolice — the database handle: open, migrate, transactions,
 * statement cache, and the SQL functions behind the audit trail.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "db_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* 'CPOL': marks the file as ours, so that we never migrate a stranger's database. */
#define CPOL_APPLICATION_ID 0x43504F4C

int cpol_db_options_init(cpol_db_options *opts, unsigned int version)
{
	static const cpol_db_options defaults = CPOL_DB_OPTIONS_INIT;

	if (!opts)
		return cpol__error_set(CPOL_EINVAL, "options pointer is NULL");
	if (version < 1 || version > CPOL_DB_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_db_options version %u (this library knows 1 to %d)",
		                       version, CPOL_DB_OPTIONS_VERSION);
	/* A version 1 caller's struct ends before key_file: fill only what it has. */
	memcpy(opts, &defaults, version == 1 ? offsetof(cpol_db_options, key_file) : sizeof(*opts));
	opts->version = version;
	return 0;
}

/* ------------------------------------------------------------ SQL functions */

static void sql_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	cpol_db *db = sqlite3_user_data(ctx);
	sqlite3_result_text(ctx, cpol__db_actor(db), -1, SQLITE_TRANSIENT);
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

	if ((rc = cpol__audit_register(db)) < 0)
		return rc;
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

int cpol__db_bind_failed(cpol__stmt *st)
{
	if (!bind_failed)
		return 0;
	bind_failed = 0;
	cpol__st_reset(st);
	return cpol__error_oom();
}

static int bind_result(int rc)
{
	if (rc == SQLITE_OK)
		return 0;
	bind_failed = 1;
	return cpol__error_oom();
}

static int stmt_get(cpol_db *db, cpol__stmt **out, const char *sql, int clear)
{
	size_t i;
	int rc;

	*out = NULL;
	bind_failed = 0;
	if ((db->stmt_count + 1) * 2 > db->stmt_cap && stmt_cache_grow(db) < 0)
		return CPOL_ENOMEM;
	for (i = stmt_slot(sql, db->stmt_cap); db->stmts[i].key; i = (i + 1) & (db->stmt_cap - 1)) {
		if (db->stmts[i].key == sql) {
			cpol__st_reset(db->stmts[i].stmt);
			if (clear)
				cpol__st_clear_bindings(db->stmts[i].stmt);
			*out = db->stmts[i].stmt;
			return 0;
		}
	}
	rc = db->ops->prepare(db, out, sql, 1);
	if (rc != CPOL__OK)
		return db->ops->error(db, rc, "preparing a statement");
	db->stmts[i].key = sql;
	db->stmts[i].stmt = *out;
	db->stmt_count++;
	return 0;
}

int cpol__db_stmt(cpol_db *db, cpol__stmt **out, const char *sql)
{
	return stmt_get(db, out, sql, 1);
}

int cpol__db_stmt_bind_all(cpol_db *db, cpol__stmt **out, const char *sql)
{
	return stmt_get(db, out, sql, 0);
}

static void stmt_cache_free(cpol_db *db)
{
	size_t i;
	for (i = 0; i < db->stmt_cap; i++)
		if (db->stmts[i].key)
			cpol__st_finalize(db->stmts[i].stmt);
	free(db->stmts);
	db->stmts = NULL;
	db->stmt_cap = db->stmt_count = 0;
}

/* ----------------------------------------------------------------- helpers */

sqlite3 *cpol__db_handle(cpol_db *db)
{
	return db->handle;
}

const cpol__store_ops *cpol__db_ops(const cpol_db *db)
{
	return db->ops;
}

void *cpol__db_backend(const cpol_db *db)
{
	return db->backend;
}

void cpol__db_set_backend(cpol_db *db, const cpol__store_ops *ops, void *state)
{
	db->ops = ops;
	db->backend = state;
}

int cpol__db_exec(cpol_db *db, const char *sql)
{
	int rc = sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : cpol__error_sqlite(db->handle, rc, "executing SQL");
}

int cpol__db_step_done(cpol_db *db, cpol__stmt *stmt, const char *what)
{
	int rc, err;

	if ((err = cpol__db_bind_failed(stmt)) < 0)
		return err;
	rc = cpol__st_step(stmt);
	if (rc != CPOL__DONE && rc != CPOL__ROW)
		err = cpol__db_error(db, rc, what);
	cpol__st_reset(stmt);
	return err;
}

int cpol__db_check_writable(cpol_db *db)
{
	if (db->readonly)
		return cpol__error_set(CPOL_EREADONLY, "database '%s' was opened read-only", db->path);
	return 0;
}

int cpol__bind_text(cpol__stmt *st, int idx, const char *s)
{
	return bind_result(cpol__st_bind_text(st, idx, s, -1));
}

int cpol__bind_text_opt(cpol__stmt *st, int idx, const char *s)
{
	if (!s || !*s)
		return bind_result(cpol__st_bind_null(st, idx));
	return cpol__bind_text(st, idx, s);
}

int cpol__bind_date(cpol__stmt *st, int idx, cpol_date d)
{
	char buf[CPOL_DATE_BUFSZ];
	return cpol__bind_text(st, idx, cpol_date_format(buf, d));
}

int cpol__bind_date_opt(cpol__stmt *st, int idx, cpol_date d)
{
	if (d == CPOL_DATE_NONE)
		return bind_result(cpol__st_bind_null(st, idx));
	return cpol__bind_date(st, idx, d);
}

void cpol__db_set_row_hook(cpol_db *db, cpol__row_hook hook, void *payload)
{
	db->row_hook = hook;
	db->row_hook_payload = payload;
}

int cpol__db_row_hooked(const cpol_db *db)
{
	return db->row_hook != NULL;
}

void cpol__db_row_written(cpol_db *db, const char *table, int64_t id, const cpol__value *v, int n)
{
	if (db->row_hook)
		db->row_hook(db->row_hook_payload, table, id, v, n);
}

cpol__value cpol__v_int(int64_t i)
{
	cpol__value v = { CPOL__INTEGER, 0, 0, NULL, 0 };
	v.i = i;
	return v;
}

cpol__value cpol__v_null(void)
{
	cpol__value v = { CPOL__NULL, 0, 0, NULL, 0 };
	return v;
}

cpol__value cpol__v_text(const char *s)
{
	cpol__value v = { CPOL__TEXT, 0, 0, NULL, 0 };
	if (!s)
		return cpol__v_null();
	v.s = s;
	v.n = strlen(s);
	return v;
}

cpol__value cpol__v_text_opt(const char *s)
{
	return s && *s ? cpol__v_text(s) : cpol__v_null();
}

cpol__value cpol__v_date(char buf[CPOL_DATE_BUFSZ], cpol_date d)
{
	return d == CPOL_DATE_NONE ? cpol__v_null() : cpol__v_text(cpol_date_format(buf, d));
}

int cpol__bind_value(cpol__stmt *st, int idx, const cpol__value *v)
{
	switch (v->type) {
	case CPOL__INTEGER: return bind_result(cpol__st_bind_int64(st, idx, v->i));
	case CPOL__FLOAT: return bind_result(cpol__st_bind_double(st, idx, v->d));
	case CPOL__TEXT: return bind_result(cpol__st_bind_text_static(st, idx, v->s, (int)v->n));
	case CPOL__BLOB: return bind_result(cpol__st_bind_blob_static(st, idx, v->s, (int)v->n));
	default: return bind_result(cpol__st_bind_null(st, idx));
	}
}

cpol_date cpol__column_date(cpol__stmt *st, int col)
{
	const char *t = (const char *)cpol__st_column_text(st, col);
	cpol_date d;
	if (!t || cpol_date_parse(&d, t) < 0)
		return CPOL_DATE_NONE;
	return d;
}

char *cpol__column_strdup(cpol__stmt *st, int col, int *oom)
{
	const char *t = (const char *)cpol__st_column_text(st, col);
	char *p;
	if (!t)
		return NULL;
	p = cpol__strndup(t, (size_t)cpol__st_column_bytes(st, col));
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

/* ---------------------------------------------------------- waiting for locks */

int64_t cpol__db_clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The retry policy (docs/db.md, "Retry policy"). SQLite's own busy handler
 * sleeps ever longer (up to 100 ms a try), so a writer that has waited a
 * while polls rarely and loses the lock again and again to newcomers that
 * poll every millisecond: under four busy processes one waited past the
 * old 5 s timeout. Here every waiter polls often (1, 2, 4, 8, then 8 ms a
 * try), each sleep jittered by ±50% so waiters do not wake in step, until
 * busy_timeout_ms have passed in all.
 */
static void retry_sleep(cpol_db *db, int count)
{
	unsigned int base = 1000u << (count < 3 ? count : 3);
	usleep(base / 2 + (unsigned int)rand_r(&db->busy_seed) % base);
}

static int busy_handler(void *payload, int count)
{
	cpol_db *db = payload;
	int64_t now = cpol__db_clock_ms();

	if (count == 0)
		db->busy_since_ms = now;
	if (now - db->busy_since_ms >= db->busy_timeout_ms)
		return 0;
	retry_sleep(db, count);
	return 1;
}

int cpol__db_create_file(const char *path, unsigned int mode, int exclusive, int *created)
{
	int fd;

	*created = 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)(mode & 0777));
	if (fd < 0) {
		if (errno == EEXIST && !exclusive)
			return 0;
		return cpol__error_set_at(errno == EEXIST ? CPOL_EEXISTS : CPOL_EIO, path, 0, 0, NULL,
		                          "cannot create the file: %s", strerror(errno));
	}
	*created = 1;
	/* open() applied the umask; the mode asked for is the mode wanted. */
	if (fchmod(fd, (mode_t)(mode & 0777)) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		*created = 0;
		return cpol__error_set_at(CPOL_EIO, path, 0, 0, NULL, "cannot set the file's mode: %s", strerror(e));
	}
	close(fd);
	return 0;
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

/*
 * Are the triggers that write the trail the library's own? When not, the
 * handle is opened but refuses to write (cpol_db_begin() fails with
 * CPOL_ETAMPERED naming them) until cpol_audit_repair(); reading, and
 * cpol_audit_trail_verify(), still work.
 */
int cpol__db_check_triggers(cpol_db *db, int version)
{
	cpol__trigger_problem *p = NULL;
	cpol__buf msg = { 0 };
	size_t n = 0, i;
	int rc;

	free(db->tampered);
	db->tampered = NULL;
	if ((rc = cpol__schema_check_triggers(db, version, &p, &n)) < 0)
		return rc;
	if (n == 0)
		return 0;
	cpol__buf_printf(&msg, "the audit trail's triggers were changed outside the library:");
	for (i = 0; i < n; i++)
		cpol__buf_printf(&msg, "%s %s %s%s%s", i ? ";" : "", p[i].name,
		                 cpol_audit_finding_kind_name(p[i].kind),
		                 p[i].table_name ? " on " : "", p[i].table_name ? p[i].table_name : "");
	cpol__buf_printf(&msg, "; writing is refused until an operator repairs them "
	                 "('commpolice repair %s', cpol_audit_repair())", db->path);
	cpol__trigger_problems_free(p, n);
	if (msg.oom) {
		cpol__buf_free(&msg);
		return cpol__error_oom();
	}
	db->tampered = cpol__buf_detach(&msg);
	return 0;
}

static int check_triggers(cpol_db *db, int version)
{
	return cpol__db_check_triggers(db, version);
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
	const char *key_file = NULL;
	unsigned int file_mode = defaults.file_mode;
	int flags, rc, version = 0, memory, created = 0;

	if (!out)
		return cpol__error_set(CPOL_EINVAL, "cpol_db_open: out is NULL");
	*out = NULL;
	if (!path || !*path)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "path", "cpol_db_open: no path given");
	if (!opts)
		opts = &defaults;
	if (opts->version < 1 || opts->version > CPOL_DB_OPTIONS_VERSION)
		return cpol__error_set(CPOL_EINVAL, "unknown cpol_db_options version %u", opts->version);
	if (opts->version >= 2) {
		key_file = opts->key_file;
		file_mode = opts->file_mode;
	}
	if (file_mode & ~0777u)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "file_mode",
		                          "file_mode %#o has bits beyond the permissions (0777)", file_mode);

	memory = strcmp(path, ":memory:") == 0;
	if (!memory && !(opts->flags & CPOL_DB_OPEN_CREATE) && access(path, F_OK) != 0)
		return cpol__error_set_at(CPOL_ENOTFOUND, path, 0, 0, NULL, "no such database file");

	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = cpol__strdup(path)))
		goto oom;
	if (opts->user && *opts->user && !(db->user = cpol__strdup(opts->user)))
		goto oom;
	db->ops = &cpol__sqlite_ops;
	db->readonly = (opts->flags & CPOL_DB_OPEN_READONLY) != 0;
	db->file_mode = file_mode;
	db->busy_timeout_ms = opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 0;
	db->busy_seed = (unsigned int)getpid() ^ (unsigned int)(uintptr_t)db;
	cpol_db_set_clock(db, NULL, NULL);
	if ((rc = cpol__audit_load_key(db, key_file)) < 0)
		goto fail;
	/* SQLite gives the WAL and shared-memory files the database file's mode. */
	if (!memory && !db->readonly && (opts->flags & CPOL_DB_OPEN_CREATE) &&
	    (rc = cpol__db_create_file(path, file_mode, 0, &created)) < 0)
		goto fail;

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
	sqlite3_busy_handler(db->handle, busy_handler, db);

	if ((rc = register_functions(db)) < 0 ||
	    (rc = check_identity(db, &version)) < 0 ||
	    (rc = configure_connection(db, memory)) < 0 ||
	    (version > 0 && (rc = check_triggers(db, version)) < 0))
		goto fail;

	if (db->readonly) {
		if (version < cpol_db_schema_latest()) {
			rc = cpol__error_set_at(CPOL_ESCHEMA, path, 0, 0, NULL,
			                        "database schema version %d is older than this library's %d; "
			                        "open it read-write once to upgrade it",
			                        version, cpol_db_schema_latest());
			goto fail;
		}
	} else if (!db->tampered && (rc = cpol__db_migrate(db)) < 0) {
		goto fail;
	}
	*out = db;
	return 0;

oom:
	rc = cpol__error_oom();
fail:
	cpol_db_close(db);
	if (created)
		unlink(path);
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
	if (db->key) {
		memset(db->key, 0, db->key_len);
		free(db->key);
	}
	free(db->tampered);
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

const char *cpol__db_actor(const cpol_db *db)
{
	return db->user ? db->user : "unknown";
}

int cpol_db_schema_current(int *out, cpol_db *db)
{
	return pragma_int(db, "PRAGMA user_version", out);
}

/* ------------------------------------------------------------ transactions */

/*
 * BEGIN IMMEDIATE waits in the busy handler; SQLite skips the handler in a
 * few cases (a WAL being recovered by another connection: SQLITE_BUSY_RECOVERY),
 * so a BUSY that comes back early is retried here with the same sleeps,
 * until the timeout has passed in all.
 */
static int begin_immediate(cpol_db *db)
{
	int64_t start = cpol__db_clock_ms();
	int tries = 0, rc;

	for (;;) {
		rc = sqlite3_exec(db->handle, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || cpol__db_clock_ms() - start >= db->busy_timeout_ms)
			break;
		retry_sleep(db, tries++);
	}
	if (rc != SQLITE_OK)
		return cpol__error_sqlite(db->handle, rc, "beginning a write transaction");
	return 0;
}

int cpol_db_begin(cpol_db *db)
{
	char sql[48];
	int rc;

	if ((rc = cpol__db_check_writable(db)) < 0)
		return rc;
	if (db->tampered && !db->repairing)
		return cpol__error_set_at(CPOL_ETAMPERED, db->path, 0, 0, NULL, "%s", db->tampered);
	if (db->depth == 0)
		rc = begin_immediate(db);
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

/* ------------------------------------------------------------------ backup */

int cpol_db_backup(cpol_db *db, const char *dest_path)
{
	sqlite3 *dest = NULL;
	sqlite3_backup *b;
	int rc, created = 0;

	if (!dest_path || !*dest_path)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "dest_path", "backup: no destination given");
	if (strcmp(dest_path, ":memory:") == 0)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "dest_path", "backup: the destination must be a file");
	/* Exclusive: an existing file is never overwritten. */
	if ((rc = cpol__db_create_file(dest_path, db->file_mode, 1, &created)) < 0)
		return rc;
	rc = sqlite3_open_v2(dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = cpol__error_sqlite(dest, rc, dest_path);
		goto done;
	}
	if (!(b = sqlite3_backup_init(dest, "main", db->handle, "main"))) {
		rc = cpol__error_sqlite(dest, sqlite3_errcode(dest), "starting the backup");
		goto done;
	}
	/*
	 * All pages in one step: one read transaction on the source, hence one
	 * consistent snapshot; in WAL mode writers on other connections go on
	 * meanwhile (a step-by-step copy would restart whenever they commit).
	 */
	{
		int64_t start = cpol__db_clock_ms();
		do {
			rc = sqlite3_backup_step(b, -1);
			if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
				break;
			retry_sleep(db, 3);
		} while (cpol__db_clock_ms() - start < db->busy_timeout_ms);
	}
	sqlite3_backup_finish(b);
	rc = rc == SQLITE_DONE ? 0 : cpol__error_sqlite(dest, rc, "copying the database");
done:
	if (dest && sqlite3_close(dest) != SQLITE_OK && rc == 0)
		rc = cpol__error_set_at(CPOL_EIO, dest_path, 0, 0, NULL, "closing the backup failed");
	if (rc < 0 && created) {
		char side[4096];
		unlink(dest_path);
		snprintf(side, sizeof(side), "%s-wal", dest_path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", dest_path);
		unlink(side);
	}
	return rc;
}

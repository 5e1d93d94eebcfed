/* The database handle: open, migrations, transactions, concurrency. */
#include "testutil.h"
#include "internal.h"
#include "db_internal.h"

#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char *dir;

static void setup(void)
{
	dir = testutil_tmpdir();
}

static void teardown(void)
{
	testutil_rmtree(dir);
}

/* Version 1 of cpol_db_options, as a caller built against it has it. */
typedef struct {
	unsigned int version;
	unsigned int flags;
	int busy_timeout_ms;
	const char *user;
} cpol_db_options_v1;

static cpol_db *open_db(const char *path)
{
	cpol_db *db = NULL;
	ck_assert_ok(cpol_db_open(&db, path, NULL));
	return db;
}

/* A scratch table of the test's own, audited like the library's tables. */
static void make_table(cpol_db *db)
{
	ck_assert_ok(cpol__db_exec(db,
		"CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE,"
		" archived_at TEXT)"));
	ck_assert_ok(cpol__schema_refresh_audit(db));
}

static int64_t count(cpol_db *db, const char *sql)
{
	cpol__stmt *st;
	int64_t n;
	ck_assert_int_eq(cpol__db_prepare(db, &st, sql), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	n = cpol__st_column_int64(st, 0);
	cpol__st_finalize(st);
	return n;
}

static int insert_note(cpol_db *db, const char *body)
{
	static const char SQL[] = "INSERT INTO note (body) VALUES (?1)";
	cpol__stmt *st;
	int rc = cpol__db_stmt(db, &st, SQL);
	if (rc < 0)
		return rc;
	cpol__st_bind_text(st, 1, body, -1);
	return cpol__db_step_done(db, st, "inserting a note");
}

START_TEST(open_memory_migrates)
{
	cpol_db *db = open_db(":memory:");
	int v = -1;
	ck_assert_ok(cpol_db_schema_current(&v, db));
	ck_assert_int_eq(v, cpol_db_schema_latest());
	ck_assert_int_ge(v, 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'"), 1);
	ck_assert_int_eq(count(db, "PRAGMA foreign_keys"), 1);
	ck_assert_str_eq(cpol_db_path(db), ":memory:");
	cpol_db_close(db);
}
END_TEST

START_TEST(open_file_uses_wal)
{
	const char *path = testutil_path(dir, "a.db");
	cpol_db *db = open_db(path);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(cpol__db_handle(db), "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	cpol_db_close(db);
	/* Opening again migrates nothing and keeps the version. */
	db = open_db(path);
	ck_assert_int_eq(count(db, "PRAGMA user_version"), cpol_db_schema_latest());
	cpol_db_close(db);
}
END_TEST

START_TEST(options_are_versioned)
{
	cpol_db_options o;
	cpol_db *db = NULL;
	ck_assert_ok(cpol_db_options_init(&o, CPOL_DB_OPTIONS_VERSION));
	ck_assert_uint_eq(o.flags, CPOL_DB_OPEN_CREATE);
	ck_assert_int_eq(o.busy_timeout_ms, 30000);
	ck_assert_ptr_null(o.key_file);
	ck_assert_uint_eq(o.file_mode, 0600);
	ck_assert_fails(cpol_db_options_init(&o, 99), CPOL_EINVAL);
	ck_assert_fails(cpol_db_options_init(&o, 0), CPOL_EINVAL);
	o.version = 99;
	ck_assert_fails(cpol_db_open(&db, ":memory:", &o), CPOL_EINVAL);
	ck_assert_ptr_null(db);
	ck_assert_fails(cpol_db_open(&db, "", NULL), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "path");
}
END_TEST

/* A caller built against version 1 of the options has a shorter struct:
 * initialising it must not write past its end, and opening with it works. */
START_TEST(version_1_options_are_still_accepted)
{
	struct { cpol_db_options_v1 o; unsigned char guard[32]; } s;
	cpol_db *db = NULL;

	memset(s.guard, 0xA5, sizeof(s.guard));
	ck_assert_ok(cpol_db_options_init((cpol_db_options *)&s.o, 1));
	ck_assert_uint_eq(s.o.version, 1);
	ck_assert_int_eq(s.o.busy_timeout_ms, 30000);
	ck_assert_uint_eq(s.guard[0], 0xA5);
	ck_assert_uint_eq(s.guard[sizeof(s.guard) - 1], 0xA5);
	ck_assert_ok(cpol_db_open(&db, ":memory:", (cpol_db_options *)&s.o));
	cpol_db_close(db);
}
END_TEST

START_TEST(missing_file_without_create)
{
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	const char *path = testutil_path(dir, "missing.db");
	o.flags = 0;
	ck_assert_fails(cpol_db_open(&db, path, &o), CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->file, path);
	ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(*len);
	ck_assert_uint_eq(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

START_TEST(newer_schema_is_refused_untouched)
{
	char path[600], wal[620];
	sqlite3 *raw;
	char *before, *after, sql[128];
	size_t blen, alen;
	cpol_db *db = NULL;
	struct stat st_before, st_after;

	snprintf(path, sizeof(path), "%s/newer.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	cpol_db_close(open_db(path));
	/* Pretend a future library wrote it, in rollback-journal mode. */
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = DELETE; PRAGMA user_version = %d",
	         cpol_db_schema_latest() + 1);
	ck_assert_int_eq(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_close(raw), SQLITE_OK);

	before = slurp(path, &blen);
	ck_assert_int_eq(stat(path, &st_before), 0);
	ck_assert_fails(cpol_db_open(&db, path, NULL), CPOL_ESCHEMA);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "newer than this library"));
	after = slurp(path, &alen);
	ck_assert_int_eq(stat(path, &st_after), 0);
	ck_assert_uint_eq(alen, blen);
	ck_assert_int_eq(memcmp(before, after, blen), 0);
	ck_assert_int_eq(st_after.st_mtime, st_before.st_mtime);
	ck_assert_int_ne(access(wal, F_OK), 0); /* not even switched to WAL */
	free(before);
	free(after);
}
END_TEST

START_TEST(stranger_database_is_refused)
{
	char path[600];
	sqlite3 *raw;
	cpol_db *db = NULL;
	snprintf(path, sizeof(path), "%s/other.db", dir);
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(raw, "CREATE TABLE x (a)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	ck_assert_fails(cpol_db_open(&db, path, NULL), CPOL_ESCHEMA);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "not a libcommpolice database"));
}
END_TEST

START_TEST(not_a_database_is_refused)
{
	char path[600];
	FILE *f;
	cpol_db *db = NULL;
	snprintf(path, sizeof(path), "%s/junk.db", dir);
	f = fopen(path, "w");
	fputs("this is not an SQLite file, just text that is long enough to be a header...........", f);
	fclose(f);
	ck_assert_fails(cpol_db_open(&db, path, NULL), CPOL_ESCHEMA);
	ck_assert_ptr_null(db);
}
END_TEST

START_TEST(readonly_refuses_writes)
{
	const char *path = testutil_path(dir, "ro.db");
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db;
	cpol_db_close(open_db(path));
	o.flags = CPOL_DB_OPEN_READONLY;
	ck_assert_ok(cpol_db_open(&db, path, &o));
	ck_assert_fails(cpol_db_begin(db), CPOL_EREADONLY);
	ck_assert_int_eq(cpol_db_transaction_depth(db), 0);
	cpol_db_close(db);
}
END_TEST

START_TEST(statement_cache_reuses)
{
	static const char SQL[] = "SELECT 1";
	cpol_db *db = open_db(":memory:");
	cpol__stmt *a, *b;
	ck_assert_ok(cpol__db_stmt(db, &a, SQL));
	ck_assert_ok(cpol__db_stmt(db, &b, SQL));
	ck_assert_ptr_eq(a, b);
	cpol_db_close(db);
}
END_TEST

START_TEST(statement_cache_grows)
{
	/* 300 distinct keys force several rehashes; each must come back. */
	static char sqls[300][32];
	cpol__stmt *first[300], *again;
	cpol_db *db = open_db(":memory:");
	int i;
	for (i = 0; i < 300; i++) {
		snprintf(sqls[i], sizeof(sqls[i]), "SELECT %d", i);
		ck_assert_ok(cpol__db_stmt(db, &first[i], sqls[i]));
	}
	for (i = 0; i < 300; i++) {
		ck_assert_ok(cpol__db_stmt(db, &again, sqls[i]));
		ck_assert_ptr_eq(again, first[i]);
		ck_assert_int_eq(cpol__st_step(again), CPOL__ROW);
		ck_assert_int_eq(cpol__st_column_int(again, 0), i);
	}
	cpol_db_close(db);
}
END_TEST

START_TEST(nested_transactions)
{
	cpol_db *db = open_db(":memory:");
	make_table(db);
	ck_assert_ok(cpol_db_begin(db));
	ck_assert_ok(insert_note(db, "outer"));
	ck_assert_ok(cpol_db_begin(db));
	ck_assert_int_eq(cpol_db_transaction_depth(db), 2);
	ck_assert_ok(insert_note(db, "inner, rolled back"));
	ck_assert_ok(cpol_db_rollback(db));
	ck_assert_ok(cpol_db_begin(db));
	ck_assert_ok(insert_note(db, "inner, kept"));
	ck_assert_ok(cpol_db_commit(db));
	ck_assert_ok(cpol_db_commit(db));
	ck_assert_int_eq(cpol_db_transaction_depth(db), 0);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note"), 2);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note WHERE body LIKE '%rolled back'"), 0);
	/* The audit trail follows the data: no entry for the rolled-back row. */
	ck_assert_int_eq(count(db, "SELECT count(*) FROM audit_log WHERE table_name = 'note'"), 2);
	ck_assert_fails(cpol_db_commit(db), CPOL_EMISUSE);
	ck_assert_fails(cpol_db_rollback(db), CPOL_EMISUSE);
	cpol_db_close(db);
}
END_TEST

START_TEST(failed_write_leaves_database_unchanged)
{
	const char *path = testutil_path(dir, "fail.db");
	cpol_db *db = open_db(path);
	int rc;
	make_table(db);
	ck_assert_ok(insert_note(db, "existing"));
	ck_assert_int_eq(count(db, "SELECT count(*) FROM audit_log"), 1);

	/* A two-row write whose second row breaks the UNIQUE constraint. */
	ck_assert_ok(cpol_db_begin(db));
	rc = insert_note(db, "new one");
	if (rc == 0)
		rc = insert_note(db, "existing");
	ck_assert_int_eq(rc, CPOL_ECONSTRAINT);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "UNIQUE"));
	ck_assert_int_eq(cpol__db_finish(db, rc), CPOL_ECONSTRAINT);
	/* The cause survives the rollback. */
	ck_assert_int_eq(cpol_error_last()->code, CPOL_ECONSTRAINT);
	cpol_db_close(db);

	db = open_db(path);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note"), 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM audit_log"), 1);
	cpol_db_close(db);
}
END_TEST

START_TEST(delete_is_refused)
{
	cpol_db *db = open_db(":memory:");
	make_table(db);
	ck_assert_ok(insert_note(db, "kept forever"));
	ck_assert_fails(cpol__db_exec(db, "DELETE FROM note"), CPOL_ECONSTRAINT);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "archived, never deleted"));
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note"), 1);
	ck_assert_fails(cpol__db_exec(db, "DELETE FROM audit_log"), CPOL_ECONSTRAINT);
	ck_assert_fails(cpol__db_exec(db, "UPDATE audit_log SET actor = 'x'"), CPOL_ECONSTRAINT);
	cpol_db_close(db);
}
END_TEST

/* Another program may read the file but cannot write a record, the trail,
 * or the list of exemptions behind the library's back. */
START_TEST(outside_writes_are_refused)
{
	char path[600];
	sqlite3 *raw;
	cpol_db *db;
	sqlite3_stmt *st;
	static const char *const forgeries[] = {
		"INSERT INTO note (body) VALUES ('forged')",
		"UPDATE note SET body = 'changed'",
		"INSERT INTO audit_log (at, actor, table_name, row_id, action, after_json)"
		" VALUES ('2026-01-01T00:00:00Z', 'mallory', 'note', 1, 'insert', '{}')",
		"INSERT INTO audit_exempt (table_name) VALUES ('note')",
		"DELETE FROM audit_exempt",
		"UPDATE audit_exempt SET table_name = 'note'",
	};
	size_t i;

	snprintf(path, sizeof(path), "%s/outside.db", dir);
	db = open_db(path);
	make_table(db);
	ck_assert_ok(insert_note(db, "genuine"));
	cpol_db_close(db);

	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	for (i = 0; i < sizeof(forgeries) / sizeof(forgeries[0]); i++) {
		char *err = NULL;
		ck_assert_msg(sqlite3_exec(raw, forgeries[i], NULL, NULL, &err) != SQLITE_OK,
		              "outside write succeeded: %s", forgeries[i]);
		sqlite3_free(err);
	}
	/* Reading needs nothing. */
	ck_assert_int_eq(sqlite3_prepare_v2(raw, "SELECT count(*) FROM audit_log", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(raw);

	db = open_db(path);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note"), 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note WHERE body = 'genuine'"), 1);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM audit_exempt WHERE table_name = 'note'"), 0);
	cpol_db_close(db);
}
END_TEST

/* ---------------------------------------------------------- concurrency */

#define WRITERS 4
#define WRITES 50

typedef struct {
	const char *path;
	int n;
	int failures;
} writer_arg;

static int write_many(const char *path, int who)
{
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	char body[64];
	int i, failures = 0;

	o.busy_timeout_ms = 30000;
	if (cpol_db_open(&db, path, &o) < 0)
		return WRITES;
	for (i = 0; i < WRITES; i++) {
		int rc;
		snprintf(body, sizeof(body), "writer %d note %d", who, i);
		rc = cpol_db_begin(db);
		if (rc == 0)
			rc = cpol__db_finish(db, insert_note(db, body));
		if (rc < 0) {
			fprintf(stderr, "writer %d: %s\n", who, cpol_error_last()->message);
			failures++;
		}
	}
	cpol_db_close(db);
	return failures;
}

static void *writer_thread(void *p)
{
	writer_arg *a = p;
	a->failures = write_many(a->path, a->n);
	return NULL;
}

START_TEST(threads_with_own_handles_lose_no_write)
{
	char path[600];
	pthread_t t[WRITERS];
	writer_arg args[WRITERS];
	cpol_db *db;
	int i;

	snprintf(path, sizeof(path), "%s/threads.db", dir);
	db = open_db(path);
	make_table(db);
	cpol_db_close(db);
	for (i = 0; i < WRITERS; i++) {
		args[i].path = path;
		args[i].n = i;
		ck_assert_int_eq(pthread_create(&t[i], NULL, writer_thread, &args[i]), 0);
	}
	for (i = 0; i < WRITERS; i++) {
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
		ck_assert_int_eq(args[i].failures, 0);
	}
	db = open_db(path);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note"), WRITERS * WRITES);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM audit_log WHERE table_name = 'note'"),
	                 WRITERS * WRITES);
	cpol_db_close(db);
}
END_TEST

START_TEST(processes_lose_no_write)
{
	char path[600];
	pid_t pids[WRITERS];
	cpol_db *db;
	int i, status;

	snprintf(path, sizeof(path), "%s/procs.db", dir);
	db = open_db(path);
	make_table(db);
	cpol_db_close(db);
	for (i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0)
			_exit(write_many(path, i) == 0 ? 0 : 1);
	}
	for (i = 0; i < WRITERS; i++) {
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status));
		ck_assert_int_eq(WEXITSTATUS(status), 0);
	}
	db = open_db(path);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note"), WRITERS * WRITES);
	cpol_db_close(db);
}
END_TEST

/*
 * Four processes writing at once with the default options, each as fast as
 * it can for CPOL_TEST_WRITE_SECONDS (3 s here; tests/bench/stress_writers.sh
 * runs 60 s): no write fails, none with CPOL_EBUSY. Each writes through a
 * handle of its own, a transaction per write, as an office program does.
 */
static int write_for(const char *path, int who, int seconds, long *written)
{
	cpol_db *db = NULL;
	int64_t end = cpol__db_clock_ms() + (int64_t)seconds * 1000;
	char body[64];
	long i = 0;

	if (cpol_db_open(&db, path, NULL) < 0) {
		fprintf(stderr, "writer %d: open: %s\n", who, cpol_error_last()->message);
		return 1;
	}
	while (cpol__db_clock_ms() < end) {
		int rc;
		snprintf(body, sizeof(body), "writer %d note %ld", who, i);
		rc = cpol_db_begin(db);
		if (rc == 0)
			rc = cpol__db_finish(db, insert_note(db, body));
		if (rc < 0) {
			fprintf(stderr, "writer %d after %ld writes: %s (%s)\n", who, i, cpol_error_name(rc),
			        cpol_error_last()->message);
			cpol_db_close(db);
			return 1;
		}
		i++;
	}
	cpol_db_close(db);
	*written = i;
	return 0;
}

START_TEST(four_writing_processes_get_no_ebusy_with_defaults)
{
	char path[600];
	pid_t pids[WRITERS];
	cpol_db *db;
	int i, status, seconds = 3;
	const char *env = getenv("CPOL_TEST_WRITE_SECONDS");

	if (env && atoi(env) > 0)
		seconds = atoi(env);
	snprintf(path, sizeof(path), "%s/busy4.db", dir);
	db = open_db(path);
	make_table(db);
	cpol_db_close(db);
	for (i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			long n = 0;
			_exit(write_for(path, i, seconds, &n) == 0 && n > 0 ? 0 : 1);
		}
	}
	for (i = 0; i < WRITERS; i++) {
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status));
		ck_assert_int_eq(WEXITSTATUS(status), 0);
	}
	db = open_db(path);
	ck_assert_int_eq(count(db, "SELECT count(*) FROM note"),
	                 count(db, "SELECT count(*) FROM audit_log WHERE table_name = 'note'"));
	cpol_db_close(db);
}
END_TEST

START_TEST(busy_writer_gets_ebusy_and_changes_nothing)
{
	const char *p = testutil_path(dir, "busy.db");
	char path[600];
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *holder, *waiter;

	snprintf(path, sizeof(path), "%s", p);
	holder = open_db(path);
	make_table(holder);
	o.busy_timeout_ms = 50;
	ck_assert_ok(cpol_db_open(&waiter, path, &o));
	ck_assert_ok(cpol_db_begin(holder));
	ck_assert_fails(cpol_db_begin(waiter), CPOL_EBUSY);
	ck_assert_int_eq(cpol_db_transaction_depth(waiter), 0);
	ck_assert_ok(cpol_db_rollback(holder));
	ck_assert_ok(cpol_db_begin(waiter));
	ck_assert_ok(cpol_db_commit(waiter));
	cpol_db_close(waiter);
	cpol_db_close(holder);
}
END_TEST

#include "test_db.list"

int main(void)
{
	return testutil_main_list("db", setup, teardown, testutil_tests());
}

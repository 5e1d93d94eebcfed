/*
 * The PostgreSQL backend's statement layer (lib/store_pg.c): the SQL
 * rewritten for PostgreSQL and the error codes, always; statements run on a
 * live server through the storage interface when CPOL_TEST_PG names a
 * database (each test in a schema of its own, dropped after).
 */
#include "testutil.h"
#include "internal.h"
#include "db_internal.h"
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int live;
static cpol_db *db;
static PGconn *pg;
static char schema[64];

static void setup(void)
{
	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	if (!live)
		return;
	pg = PQconnectdb(getenv("CPOL_TEST_PG"));
	ck_assert_msg(PQstatus(pg) == CONNECTION_OK, "%s", PQerrorMessage(pg));
	snprintf(schema, sizeof(schema), "cpol_s%ld", (long)getpid());
	{
		char sql[256];
		snprintf(sql, sizeof(sql), "SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s CASCADE;"
		         " CREATE SCHEMA %s; SET search_path = %s", schema, schema, schema);
		PQclear(PQexec(pg, sql));
	}
	ck_assert_ok(cpol__pg_attach(db, pg));
}

static void teardown(void)
{
	if (live) {
		char sql[128];
		ck_assert_ptr_eq(cpol__pg_detach(db), pg);
		if (PQtransactionStatus(pg) != PQTRANS_IDLE)
			PQclear(PQexec(pg, "ROLLBACK"));
		snprintf(sql, sizeof(sql), "SET client_min_messages = warning; DROP SCHEMA %s CASCADE", schema);
		PQclear(PQexec(pg, sql));
		PQfinish(pg);
	}
	cpol_db_close(db);
}

static void rewrite_is(const char *sql, const char *want, int want_n, int want_insert)
{
	char *out;
	int n, insert;

	ck_assert_ok(cpol__pg_rewrite(sql, &out, &n, &insert));
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(n, want_n);
	ck_assert_int_eq(insert, want_insert);
	free(out);
}

/* area: rewrite */

/*
 * ?N outside strings, quoted names and comments; a bare ? is one more than
 * the largest before it (SQLite's rule): after ?10 it is $11, and a later
 * bare ? after that $12.
 */
START_TEST(parameters_renumbered)
{
	rewrite_is("SELECT ?1, '?2', \"?3\", ?10 -- ?4\n/* ?5 */ ?, ?",
	           "SELECT $1, '?2', \"?3\", $10 -- ?4\n/* ?5 */ $11, $12", 12, 0);
	rewrite_is("SELECT 'it''s ?1', ?2", "SELECT 'it''s ?1', $2", 2, 0);
	rewrite_is("SELECT ?, ?", "SELECT $1, $2", 2, 0);
	rewrite_is("SELECT 1", "SELECT 1", 0, 0);
	rewrite_is("", "", 0, 0);
	/* An unterminated string or comment runs to the end, as the server will say. */
	rewrite_is("SELECT '?1", "SELECT '?1", 0, 0);
	rewrite_is("SELECT 1 /* ?1", "SELECT 1 /* ?1", 0, 0);
}
END_TEST

START_TEST(insert_returns_its_rows)
{
	rewrite_is("INSERT INTO t (a) VALUES (?1);\n", "INSERT INTO t (a) VALUES ($1) RETURNING *", 1, 1);
	rewrite_is("  insert into t select ?2", "  insert into t select $2 RETURNING *", 2, 1);
	rewrite_is("INSERT INTO t (a) VALUES (1) RETURNING a", "INSERT INTO t (a) VALUES (1) RETURNING a", 0, 0);
	rewrite_is("UPDATE t SET a = ?1", "UPDATE t SET a = $1", 1, 0);
	/* Trailing semicolons and white space of any kind go before RETURNING. */
	rewrite_is("INSERT INTO t VALUES (1) ; \t\r\n", "INSERT INTO t VALUES (1) RETURNING *", 0, 1);
	rewrite_is("INSERT INTO t VALUES (1)\t", "INSERT INTO t VALUES (1) RETURNING *", 0, 1);
}
END_TEST

START_TEST(parameter_numbers_out_of_range)
{
	char *out;
	int n, insert;

	ck_assert_int_eq(cpol__pg_rewrite("SELECT ?0", &out, &n, &insert), CPOL_EMISUSE);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(cpol__pg_rewrite("SELECT ?32767", &out, &n, &insert), CPOL_EMISUSE);
	ck_assert_ok(cpol__pg_rewrite("SELECT ?32766", &out, &n, &insert));
	ck_assert_int_eq(n, 32766);
	free(out);
}
END_TEST

/* area: codes */

/*
 * "23505" in base 36: 2*36^4 + 3*36^3 + 5*36^2 + 0*36 + 5 = 3359232 +
 * 139968 + 6480 + 0 + 5 = 3505685; the code is 1000 + 1 + that = 3506686.
 */
START_TEST(sqlstate_codes)
{
	char s[6];

	ck_assert_int_eq(cpol__pg_code("23505"), 3506686);
	cpol__pg_sqlstate(s, 3506686);
	ck_assert_str_eq(s, "23505");
	ck_assert_int_eq(cpol__pg_code("00000"), CPOL__PG_CODE_BASE + 1);
	ck_assert_int_eq(cpol__pg_code(NULL), CPOL__PG_CODE_BASE);
	ck_assert_int_eq(cpol__pg_code("2350"), CPOL__PG_CODE_BASE);
	cpol__pg_sqlstate(s, CPOL__PG_CODE_BASE);
	ck_assert_str_eq(s, "00000");
	cpol__pg_sqlstate(s, cpol__pg_code("40P01"));
	ck_assert_str_eq(s, "40P01");
	cpol__pg_sqlstate(s, cpol__pg_code("ZZZZZ"));
	ck_assert_str_eq(s, "ZZZZZ");
	ck_assert_int_gt(cpol__pg_code("00000"), CPOL__DONE);
}
END_TEST

START_TEST(sqlstate_to_ours)
{
	static const struct { const char *state; int code; int retry; } cases[] = {
		{ "23505", CPOL_ECONSTRAINT, 0 }, { "23503", CPOL_ECONSTRAINT, 0 }, { "23000", CPOL_ECONSTRAINT, 0 },
		{ "40001", CPOL_EBUSY, 1 }, { "40P01", CPOL_EBUSY, 1 }, { "55P03", CPOL_EBUSY, 0 },
		{ "57014", CPOL_EBUSY, 0 }, { "40002", CPOL_EDB, 0 },
		{ "25006", CPOL_EREADONLY, 0 }, { "42501", CPOL_EREADONLY, 0 },
		{ "53200", CPOL_ENOMEM, 0 }, { "53100", CPOL_EIO, 0 }, { "53300", CPOL_EDB, 0 },
		{ "08006", CPOL_EIO, 0 }, { "57P01", CPOL_EIO, 0 }, { "58030", CPOL_EIO, 0 },
		{ "42P01", CPOL_EDB, 0 }, { "22023", CPOL_EDB, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int c = cpol__pg_code(cases[i].state);
		ck_assert_msg(cpol__pg_error_code(c) == cases[i].code, "%s", cases[i].state);
		ck_assert_msg(cpol__pg_retryable(c) == cases[i].retry, "%s", cases[i].state);
	}
}
END_TEST

/* area: live */

START_TEST(statements_round_trip)
{
	static const unsigned char blob[4] = { 0, 0xff, '\\', 'x' };
	cpol__stmt *st;
	int64_t first;

	if (!live)
		return;
	ck_assert_int_eq(cpol__db_exec_raw(db, "CREATE SEQUENCE ids; CREATE TABLE t (id bigint PRIMARY KEY"
	                                        " DEFAULT nextval('ids'), n bigint, x double precision, s text,"
	                                        " b bytea, f boolean, UNIQUE (s))"), CPOL__OK);
	ck_assert(cpol__db_has_column(db, "t", "b"));
	ck_assert(!cpol__db_has_column(db, "t", "nope"));
	ck_assert_int_eq(cpol__db_prepare(db, &st, "INSERT INTO t (n, x, s, b, f) VALUES (?1, ?2, ?3, ?4, ?5)"),
	                 CPOL__OK);
	ck_assert_int_eq(cpol__st_bind_int64(st, 1, -9007199254740993LL), CPOL__OK);
	ck_assert_int_eq(cpol__st_bind_double(st, 2, 0.1), CPOL__OK);
	ck_assert_int_eq(cpol__st_bind_text(st, 3, "东街警务室xyz", (int)strlen("东街警务室")), CPOL__OK);
	ck_assert_int_eq(cpol__st_bind_blob(st, 4, blob, sizeof(blob)), CPOL__OK);
	ck_assert_int_eq(cpol__st_bind_text_static(st, 5, "true", -1), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__DONE);
	first = cpol__db_last_id(db);
	ck_assert_int_eq(first, 1);
	ck_assert_int_eq(cpol__db_changes(db), 1);
	/* Again with other values: a new row, the next id. */
	cpol__st_reset(st);
	cpol__st_clear_bindings(st);
	ck_assert_int_eq(cpol__st_bind_text(st, 3, "second", -1), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__DONE);
	ck_assert_int_eq(cpol__db_last_id(db), 2);
	ck_assert_int_eq(cpol__db_total_changes(db), 2);
	/* The same text again breaks UNIQUE (s): class 23, ours CPOL_ECONSTRAINT. */
	cpol__st_reset(st);
	{
		int rc = cpol__st_step(st);
		char state[6];
		cpol__pg_sqlstate(state, rc);
		ck_assert_str_eq(state, "23505");
		ck_assert_int_eq(cpol__db_errcode(db), rc);
		ck_assert_int_eq(cpol__db_error(db, rc, "adding t"), CPOL_ECONSTRAINT);
		ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "adding t: duplicate key value"));
		ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "(SQLSTATE 23505)"));
	}
	ck_assert_int_eq(cpol__st_bind_int64(st, 6, 1), cpol__pg_code("22023"));
	cpol__st_finalize(st);

	ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT id, n, x, s, b, f, NULL, sum(n) OVER (), count(*) OVER ()"
	                                           " FROM t WHERE id >= ?1 ORDER BY id"), CPOL__OK);
	ck_assert_int_eq(cpol__st_bind_int(st, 1, 1), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_int_eq(cpol__st_column_count(st), 9);
	ck_assert_int_eq(cpol__st_column_type(st, 0), CPOL__INTEGER);
	ck_assert_int_eq(cpol__st_column_int64(st, 1), -9007199254740993LL);
	ck_assert_int_eq(cpol__st_column_type(st, 2), CPOL__FLOAT);
	ck_assert(cpol__st_column_double(st, 2) == 0.1);
	ck_assert_int_eq(cpol__st_column_type(st, 3), CPOL__TEXT);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 3), "东街警务室");
	ck_assert_int_eq(cpol__st_column_bytes(st, 3), (int)strlen("东街警务室"));
	ck_assert_int_eq(cpol__st_column_type(st, 4), CPOL__BLOB);
	ck_assert_int_eq(cpol__st_column_bytes(st, 4), 4);
	ck_assert_mem_eq(cpol__st_column_blob(st, 4), blob, 4);
	/* Booleans read as SQLite would hold them: 1 and "1". */
	ck_assert_int_eq(cpol__st_column_type(st, 5), CPOL__INTEGER);
	ck_assert_int_eq(cpol__st_column_int64(st, 5), 1);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 5), "1");
	ck_assert_int_eq(cpol__st_column_type(st, 6), CPOL__NULL);
	ck_assert_ptr_null(cpol__st_column_text(st, 6));
	ck_assert_int_eq(cpol__st_column_int64(st, 6), 0);
	/* sum() of bigints is numeric here: an integer when it has no fraction. */
	ck_assert_int_eq(cpol__st_column_type(st, 7), CPOL__INTEGER);
	ck_assert_int_eq(cpol__st_column_type(st, 8), CPOL__INTEGER);
	ck_assert_int_eq(cpol__st_column_int64(st, 8), 2);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 3), "second");
	ck_assert_int_eq(cpol__st_column_type(st, 1), CPOL__NULL);
	ck_assert_int_eq(cpol__st_column_type(st, 4), CPOL__NULL);
	ck_assert_ptr_null(cpol__st_column_blob(st, 4));
	ck_assert_int_eq(cpol__st_step(st), CPOL__DONE);
	ck_assert_int_eq(cpol__st_step(st), CPOL__DONE);
	/* Reset keeps the bindings and runs the query again. */
	ck_assert_int_eq(cpol__st_reset(st), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_int_eq(cpol__st_column_int64(st, 0), first);
	/* Rebinding restarts it: from id 2. */
	ck_assert_int_eq(cpol__st_bind_int64(st, 1, 2), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_int_eq(cpol__st_column_int64(st, 0), 2);
	cpol__st_finalize(st);
}
END_TEST

START_TEST(transactions_and_failures)
{
	cpol__stmt *st;
	int rc;

	if (!live)
		return;
	ck_assert(!cpol__db_in_transaction(db));
	ck_assert_int_eq(cpol__db_exec_raw(db, "BEGIN"), CPOL__OK);
	ck_assert(cpol__db_in_transaction(db));
	rc = cpol__db_exec_raw(db, "SELECT * FROM missing_table");
	ck_assert_int_eq(rc, cpol__pg_code("42P01"));
	ck_assert_str_eq(cpol__db_errmsg(db), "relation \"missing_table\" does not exist");
	ck_assert_int_eq(cpol__db_error(db, rc, "reading"), CPOL_EDB);
	ck_assert_int_eq(cpol__db_exec_raw(db, "ROLLBACK"), CPOL__OK);
	ck_assert(!cpol__db_in_transaction(db));
	/* A statement PostgreSQL cannot prepare fails at prepare, with nothing to finalise. */
	rc = cpol__db_prepare(db, &st, "SELECT FROM WHERE");
	ck_assert_int_eq(rc, cpol__pg_code("42601"));
	ck_assert_ptr_null(st);
	/* Only white space: nothing to run, not an error. */
	ck_assert_int_eq(cpol__db_exec_raw(db, "  "), CPOL__OK);
	ck_assert_int_eq(cpol__db_error(db, 7, "x"), CPOL_EDB);
}
END_TEST

/* A blob bound without a copy goes as binary too: the NUL and the backslash arrive. */
START_TEST(static_blob)
{
	static const unsigned char blob[3] = { '\\', 0, 'x' };
	cpol__stmt *st;

	if (!live)
		return;
	ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT length(?1::bytea), ?1::bytea"), CPOL__OK);
	ck_assert_int_eq(cpol__st_bind_blob_static(st, 1, blob, sizeof(blob)), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_int_eq(cpol__st_column_int64(st, 0), 3);
	ck_assert_int_eq(cpol__st_column_bytes(st, 1), 3);
	ck_assert_mem_eq(cpol__st_column_blob(st, 1), blob, 3);
	cpol__st_finalize(st);
}
END_TEST

/*
 * The server ends the connection (as an administrator or a restart would):
 * the statement that meets it fails with the server's SQLSTATE 57P01, the
 * next one with no answer at all, which is connection_failure 08006;
 * both CPOL_EIO.
 */
START_TEST(lost_connection)
{
	int rc;

	if (!live)
		return;
	rc = cpol__db_exec_raw(db, "SELECT pg_terminate_backend(pg_backend_pid())");
	ck_assert_int_eq(cpol__db_error(db, rc, "ending"), CPOL_EIO);
	rc = cpol__db_exec_raw(db, "SELECT 1");
	ck_assert_int_eq(rc, cpol__pg_code("08006"));
	ck_assert_int_eq(cpol__db_error(db, rc, "asking"), CPOL_EIO);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "asking: "));
	PQreset(pg);    /* for the teardown */
	ck_assert_int_eq(PQstatus(pg), CONNECTION_OK);
}
END_TEST

#include "test_store_pg.list"

int main(void)
{
	live = getenv("CPOL_TEST_PG") && *getenv("CPOL_TEST_PG");
	printf(live ? "PostgreSQL: %s\n" : "CPOL_TEST_PG not set: the live tests do nothing%s\n",
	       live ? getenv("CPOL_TEST_PG") : "");
	return testutil_main_list("store_pg", setup, teardown, testutil_tests());
}

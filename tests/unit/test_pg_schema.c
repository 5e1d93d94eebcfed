/*
 * The schema on a real PostgreSQL server (lib/schema_pg.c, lib/schema/pg/):
 * the migrations applied, the version kept and a newer database refused
 * untouched, the audit trail's triggers and guards, and the hash chain the
 * server writes checked byte for byte against lib/audit.c's digest, the
 * one cpol_audit_trail_verify() uses. Each test runs in a schema of its own,
 * dropped after. Skipped (exit 77) unless CPOL_TEST_PG names a database
 * (build-aux/pg-cluster.sh starts one; .ci/run does).
 */
#include "testutil.h"
#include "internal.h"
#include "db_internal.h"
#include "schema_pg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

static PGconn *pg;
static char schema[64];

/* Runs SQL that must succeed; returns the result for reading (caller clears). */
static PGresult *q(const char *fmt, ...) CPOL__PRINTF(1, 2);
static PGresult *q(const char *fmt, ...)
{
	char sql[4096];
	va_list ap;
	PGresult *r;
	ExecStatusType s;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	r = PQexec(pg, sql);
	s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		ck_abort_msg("%s: %s", sql, PQresultErrorMessage(r));
	return r;
}

static void ok(const char *sql)
{
	PQclear(q("%s", sql));
}

/* The SQLSTATE of SQL that must fail; the message in msg. */
static const char *fails(const char *sql, char *msg, size_t msg_size)
{
	static char state[6];
	PGresult *r = PQexec(pg, sql);
	const char *s;

	ck_assert_msg(PQresultStatus(r) == PGRES_FATAL_ERROR, "should fail: %s", sql);
	s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	snprintf(state, sizeof(state), "%s", s ? s : "");
	if (msg)
		snprintf(msg, msg_size, "%s", PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
	PQclear(r);
	return state;
}

static long long num(const char *sql)
{
	PGresult *r = q("%s", sql);
	long long v;
	ck_assert_int_eq(PQntuples(r), 1);
	v = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static void setup(void)
{
	pg = PQconnectdb(getenv("CPOL_TEST_PG"));
	ck_assert_msg(PQstatus(pg) == CONNECTION_OK, "CPOL_TEST_PG: %s", PQerrorMessage(pg));
	snprintf(schema, sizeof(schema), "cpol_t%ld", (long)getpid());
	PQclear(q("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s;"
	          " SET search_path = %s", schema, schema, schema));
}

static void teardown(void)
{
	if (PQtransactionStatus(pg) != PQTRANS_IDLE)
		PQclear(PQexec(pg, "ROLLBACK"));
	PQclear(q("SET client_min_messages = warning; DROP SCHEMA %s CASCADE", schema));
	PQfinish(pg);
}

/* A transaction acting as `actor` at `at`, keyed with key_hex ("" for none). */
static void begin_as(const char *actor, const char *at, const char *key_hex)
{
	PQclear(q("BEGIN; SELECT set_config('cpol.actor', '%s', true), set_config('cpol.now', '%s', true),"
	          " set_config('cpol.audit_key', '%s', true)", actor, at, key_hex));
}

/* An office's station, an office and a person in it: four audited rows. */
static void write_records(const char *actor, const char *key_hex)
{
	begin_as(actor, "2026-03-01T08:00:00Z", key_hex);
	ok("INSERT INTO region (code, name) VALUES ('national', '全国')");
	ok("INSERT INTO station (region_id, name) SELECT id, '城关派出所' FROM region");
	ok("INSERT INTO office (station_id, name) SELECT id, '东街警务室' FROM station");
	ok("INSERT INTO person (station_id, id_kind, id_number, nationality, name, sex)"
	   " SELECT id, 'resident', '11010519491231002X', 'CHN', '李四', 'female' FROM station");
	ok("COMMIT");
}

/*
 * Every entry's link recomputed with lib/audit.c's digest (key or none):
 * the hash the server stored, prev_hash the entry before's hash, NULL for
 * the first. Returns the number of entries.
 */
static int check_chain(const unsigned char *key, size_t key_len)
{
	PGresult *r = q("SELECT l.id, l.at, l.actor, l.table_name, l.row_id, l.action, l.before_json, l.after_json,"
	                " encode(c.prev_hash, 'hex'), encode(c.hash, 'hex'), c.key_id"
	                " FROM audit_log l JOIN audit_chain c ON c.entry_id = l.id ORDER BY l.id");
	unsigned char want[CPOL__AUDIT_HASH_SIZE], prev[CPOL__AUDIT_HASH_SIZE];
	char hex[2 * CPOL__AUDIT_HASH_SIZE + 1], prev_hex[2 * CPOL__AUDIT_HASH_SIZE + 1] = "";
	int i, n = PQntuples(r);

	ck_assert_int_eq(num("SELECT count(*) FROM audit_log"), n);
	for (i = 0; i < n; i++) {
		cpol__audit_fields f;
		cpol__audit_text *texts[] = { &f.at, &f.actor, &f.table_name, NULL, &f.action, &f.before_json,
		                              &f.after_json };
		int c;

		memset(&f, 0, sizeof(f));
		f.id = atoll(PQgetvalue(r, i, 0));
		for (c = 1; c <= 7; c++) {
			if (c == 4)
				continue;
			texts[c - 1]->ptr = PQgetisnull(r, i, c) ? NULL : (const unsigned char *)PQgetvalue(r, i, c);
			texts[c - 1]->len = (size_t)PQgetlength(r, i, c);
		}
		f.row_id = atoll(PQgetvalue(r, i, 4));
		f.key_id.ptr = PQgetisnull(r, i, 10) ? NULL : (const unsigned char *)PQgetvalue(r, i, 10);
		f.key_id.len = (size_t)PQgetlength(r, i, 10);
		ck_assert_int_eq(PQgetisnull(r, i, 10), key == NULL);
		if (i == 0) {
			ck_assert(PQgetisnull(r, i, 8));
		} else {
			ck_assert_str_eq(PQgetvalue(r, i, 8), prev_hex);
			f.prev_hash.ptr = prev;
			f.prev_hash.len = sizeof(prev);
		}
		cpol__audit_digest(want, key, key_len, &f);
		cpol__hex(hex, want, sizeof(want));
		ck_assert_msg(strcmp(hex, PQgetvalue(r, i, 9)) == 0, "entry %lld: server %s, lib/audit.c %s",
		              (long long)f.id, PQgetvalue(r, i, 9), hex);
		memcpy(prev, want, sizeof(prev));
		strcpy(prev_hex, hex);
	}
	PQclear(r);
	return n;
}

/* area: migrations */

START_TEST(migrate_fresh_then_nothing_to_do)
{
	int latest = cpol_db_schema_latest(), version;

	ck_assert_int_ge(latest, 10);
	ck_assert_ok(cpol__pg_migrate(pg, latest, "test", "2026-01-01T00:00:00Z", NULL, &version));
	ck_assert_int_eq(version, 0);
	ck_assert_int_eq(num("SELECT value::int FROM cpol_meta WHERE key = 'schema_version'"), latest);
	/* 007 has no PostgreSQL form: the shared file ran (its column exists). */
	ck_assert_ptr_eq(cpol__schema_pg_migration(7), cpol__schema_migration(7));
	ck_assert_ptr_ne(cpol__schema_pg_migration(2), cpol__schema_migration(2));
	ck_assert_ptr_null(cpol__schema_pg_migration(latest + 1));
	ck_assert_int_eq(num("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
	                     " AND table_name = 'import_problem' AND column_name = 'level'"), 1);
	/* Every table but the exempt has its four audit triggers; the exempt, a guard. */
	ck_assert_int_eq(num("SELECT count(*) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace"
	                     " AND c.relkind = 'r' AND c.relname NOT IN (SELECT table_name FROM audit_exempt)"
	                     " AND (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid"
	                     "      AND t.tgname::text LIKE 'audit\\_%') <> 4"), 0);
	ck_assert_ok(cpol__pg_migrate(pg, latest, "test", "2026-01-01T00:00:00Z", NULL, &version));
	ck_assert_int_eq(version, latest);
}
END_TEST

START_TEST(newer_database_refused_untouched)
{
	int latest = cpol_db_schema_latest(), version;
	long long tables;

	ck_assert_ok(cpol__pg_migrate(pg, latest, "test", "2026-01-01T00:00:00Z", NULL, &version));
	PQclear(q("BEGIN; SELECT set_config('cpol.actor', 'later library', true);"
	          " UPDATE cpol_meta SET value = '%d' WHERE key = 'schema_version'; COMMIT", latest + 1));
	tables = num("SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace");
	ck_assert_int_eq(cpol__pg_migrate(pg, latest, "test", "2026-01-01T00:00:00Z", NULL, &version), CPOL_ESCHEMA);
	ck_assert_int_eq(version, latest + 1);
	{
		/* The message names both versions, whatever the latest is. */
		char want[96];
		snprintf(want, sizeof want, "database schema version %d is newer than this library's %d",
		         latest + 1, latest);
		ck_assert_str_eq(cpol_error_last()->message, want);
	}
	ck_assert_int_eq(num("SELECT value::int FROM cpol_meta WHERE key = 'schema_version'"), latest + 1);
	ck_assert_int_eq(num("SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace"),
	                 tables);
	ck_assert_int_eq(PQtransactionStatus(pg), PQTRANS_IDLE);
}
END_TEST

START_TEST(foreign_schema_refused_untouched)
{
	int version;

	ok("CREATE TABLE theirs (id int)");
	ck_assert_int_eq(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version),
	                 CPOL_ESCHEMA);
	ck_assert_int_eq(version, -1);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "not a libcommpolice database"));
	ck_assert_int_eq(num("SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
	                     " AND relkind = 'r'"), 1);
}
END_TEST

/* A cpol_meta of someone else's application is not ours either. */
START_TEST(other_application_refused_untouched)
{
	int version;

	ok("CREATE TABLE cpol_meta (key text PRIMARY KEY, value text NOT NULL);"
	   " INSERT INTO cpol_meta VALUES ('application', 'other'), ('schema_version', '1')");
	ck_assert_int_eq(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version),
	                 CPOL_ESCHEMA);
	ck_assert_str_eq(cpol_error_last()->message, "not a libcommpolice database (application other); not touched");
	ck_assert_int_eq(version, -1);
	ck_assert_int_eq(num("SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
	                     " AND relkind = 'r'"), 1);
	ok("DELETE FROM cpol_meta WHERE key = 'application'");
	ck_assert_int_eq(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version),
	                 CPOL_ESCHEMA);
	ck_assert_str_eq(cpol_error_last()->message, "not a libcommpolice database (application missing); not touched");
}
END_TEST

START_TEST(failed_migration_rolls_back_all)
{
	int version;

	/* A table of migration 002's name made by hand: 002 fails, 001 is undone with it. */
	ok("CREATE TABLE cpol_meta (key text PRIMARY KEY, value text NOT NULL);"
	   " INSERT INTO cpol_meta VALUES ('application', 'libcommpolice'), ('schema_version', '0');"
	   " CREATE TABLE region (id int)");
	ck_assert_int_eq(cpol__pg_migrate(pg, 3, "test", "2026-01-01T00:00:00Z", NULL, &version), CPOL_ESCHEMA);
	ck_assert_int_eq(version, 0);
	ck_assert_str_eq(cpol_error_last()->file, "lib/schema/pg/001_foundation.sql");
	ck_assert_int_eq(cpol_error_last()->line, 0);
	ck_assert_msg(strstr(cpol_error_last()->message,
	                     "migration failed: SQLSTATE 42P07: relation \"cpol_meta\" already exists"),
	              "%s", cpol_error_last()->message);
	ck_assert_int_eq(num("SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
	                     " AND relkind = 'r'"), 2);
}
END_TEST

/* area: audit */

START_TEST(trail_rows_and_actions)
{
	int version;
	PGresult *r;

	ck_assert_ok(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version));
	write_records("警号 012345", "");
	begin_as("警号 012345", "2026-03-02T09:00:00Z", "");
	ok("UPDATE person SET phone = '13800000000'");
	ok("UPDATE person SET phone = '13800000000'");   /* no change: no entry, as on SQLite */
	ok("UPDATE person SET archived_at = '2026-03-02'");
	ok("UPDATE person SET archived_at = NULL");
	ok("COMMIT");
	r = q("SELECT table_name, action, actor, at, before_json IS NULL, station_id = (SELECT id FROM station)"
	      " FROM audit_log ORDER BY id");
	ck_assert_int_eq(PQntuples(r), 7);
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "region");
	ck_assert_str_eq(PQgetvalue(r, 0, 5), "f");      /* a region has no station: placed at 0 */
	ck_assert_str_eq(PQgetvalue(r, 3, 0), "person");
	ck_assert_str_eq(PQgetvalue(r, 3, 1), "insert");
	ck_assert_str_eq(PQgetvalue(r, 3, 2), "警号 012345");
	ck_assert_str_eq(PQgetvalue(r, 3, 3), "2026-03-01T08:00:00Z");
	ck_assert_str_eq(PQgetvalue(r, 3, 4), "t");
	ck_assert_str_eq(PQgetvalue(r, 3, 5), "t");
	ck_assert_str_eq(PQgetvalue(r, 4, 1), "update");
	ck_assert_str_eq(PQgetvalue(r, 4, 3), "2026-03-02T09:00:00Z");
	ck_assert_str_eq(PQgetvalue(r, 5, 1), "archive");
	ck_assert_str_eq(PQgetvalue(r, 6, 1), "restore");
	PQclear(r);
	ck_assert_int_eq(num("SELECT count(*) FROM audit_log WHERE after_json::jsonb->>'phone' = '13800000000'"), 3);
	/* A rolled-back change leaves no entry. */
	begin_as("someone", "2026-03-03T00:00:00Z", "");
	ok("UPDATE person SET phone = '1'");
	ok("ROLLBACK");
	ck_assert_int_eq(check_chain(NULL, 0), 7);
}
END_TEST

START_TEST(guards)
{
	char msg[512];
	int version;

	ck_assert_ok(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version));
	write_records("a", "");
	/* Records are archived, never deleted; the trail, its chain and the batch digests are append-only. */
	ck_assert_str_eq(fails("DELETE FROM person", msg, sizeof(msg)), "23000");
	ck_assert_str_eq(msg, "records of person are archived, never deleted");
	ck_assert_str_eq(fails("TRUNCATE person CASCADE", msg, sizeof(msg)), "23000");
	ck_assert_str_eq(fails("UPDATE audit_log SET actor = 'b'", msg, sizeof(msg)), "23000");
	ck_assert_str_eq(msg, "the audit trail is append-only");
	ck_assert_str_eq(fails("DELETE FROM audit_log", msg, sizeof(msg)), "23000");
	ck_assert_str_eq(fails("DELETE FROM audit_chain", msg, sizeof(msg)), "23000");
	ck_assert_str_eq(msg, "the audit chain is append-only");
	ck_assert_str_eq(fails("UPDATE audit_chain SET key_id = 'x'", NULL, 0), "23000");
	ck_assert_str_eq(fails("DELETE FROM audit_exempt", NULL, 0), "23000");
	ck_assert_str_eq(fails("TRUNCATE assess_line", NULL, 0), "23000");
	/* Without the library's settings nothing is written, audited or exempt. */
	ck_assert_str_eq(fails("INSERT INTO region (code, name) VALUES ('x', 'y')", msg, sizeof(msg)), "42501");
	ck_assert_str_eq(msg, "libcommpolice tables are written through the library only (no acting user set)");
	ck_assert_str_eq(fails("INSERT INTO audit_exempt VALUES ('person')", NULL, 0), "42501");
	ck_assert_str_eq(fails("UPDATE audit_chain_head SET hash = NULL", NULL, 0), "42501");
	ck_assert_int_eq(num("SELECT count(*) FROM audit_log"), 4);
}
END_TEST

/*
 * RFC 4231 test cases 2 and 6 (the second a key longer than the block,
 * hashed first): the values are the RFC's.
 */
START_TEST(hmac_rfc4231)
{
	PGresult *r;
	int version;

	ck_assert_ok(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version));
	r = q("SELECT encode(cpol_hmac_sha256(convert_to('Jefe', 'UTF8'),"
	      " convert_to('what do ya want for nothing?', 'UTF8')), 'hex'),"
	      " encode(cpol_hmac_sha256(decode(repeat('aa', 131), 'hex'),"
	      " convert_to('Test Using Larger Than Block-Size Key - Hash Key First', 'UTF8')), 'hex')");
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	ck_assert_str_eq(PQgetvalue(r, 0, 1), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	PQclear(r);
}
END_TEST

START_TEST(keyed_chain_matches_library)
{
	static const unsigned char key[20] = "0123456789abcdefghij";
	char key_hex[41], path[] = "/tmp/cpol-pg-key-XXXXXX", msg[512];
	cpol_db_options opts = CPOL_DB_OPTIONS_INIT;
	cpol_db *db;
	PGresult *r;
	int fd, version;

	cpol__hex(key_hex, key, sizeof(key));
	/* The key id the library computes for this key (a handle opened with it). */
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, key, sizeof(key)), (int)sizeof(key));
	close(fd);
	opts.key_file = path;
	ck_assert_ok(cpol_db_open(&db, ":memory:", &opts));
	unlink(path);

	ck_assert_ok(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", key_hex, &version));
	write_records("a", key_hex);
	r = q("SELECT DISTINCT key_id FROM audit_chain");
	ck_assert_int_eq(PQntuples(r), 1);
	ck_assert_str_eq(PQgetvalue(r, 0, 0), cpol_audit_key_id(db));
	PQclear(r);
	ck_assert_int_eq(check_chain(key, sizeof(key)), 4);
	/* A keyed trail is continued with its key only. */
	begin_as("b", "2026-03-04T00:00:00Z", "");
	ck_assert_str_eq(fails("UPDATE person SET phone = '2'", msg, sizeof(msg)), "42501");
	ck_assert_msg(strstr(msg, "is keyed with key") && strstr(msg, cpol_audit_key_id(db)) &&
	              strstr(msg, "no key"), "%s", msg);
	ok("ROLLBACK");
	cpol_db_close(db);
}
END_TEST

/* Entries written before the chain's migration are chained by it, in id order. */
START_TEST(chain_migration_chains_earlier_entries)
{
	int version;

	ck_assert_ok(cpol__pg_migrate(pg, 5, "test", "2026-01-01T00:00:00Z", NULL, &version));
	write_records("before", "");
	ck_assert_int_eq(num("SELECT count(*) FROM audit_log"), 4);
	ck_assert_ok(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version));
	ck_assert_int_eq(version, 5);
	begin_as("after", "2026-03-05T00:00:00Z", "");
	ok("UPDATE person SET phone = '3'");
	ok("COMMIT");
	ck_assert_int_eq(check_chain(NULL, 0), 5);
}
END_TEST

/*
 * Two connections: A writes and holds the head; B's write waits for it;
 * A commits, then B. The ids follow the commits and the chain is one line.
 */
START_TEST(concurrent_writers_one_chain)
{
	PGconn *a = pg, *b;
	PGresult *r;
	int version;
	char sql[256];

	ck_assert_ok(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version));
	write_records("setup", "");
	b = PQconnectdb(getenv("CPOL_TEST_PG"));
	ck_assert_int_eq(PQstatus(b), CONNECTION_OK);
	snprintf(sql, sizeof(sql), "SET search_path = %s", schema);
	PQclear(PQexec(b, sql));

	begin_as("A", "2026-03-06T00:00:00Z", "");
	ok("UPDATE person SET phone = 'A'");
	PQclear(PQexec(b, "BEGIN; SELECT set_config('cpol.actor', 'B', true), set_config('cpol.now', "
	                  "'2026-03-06T00:00:01Z', true)"));
	ck_assert_int_eq(PQsendQuery(b, "INSERT INTO region (code, name) VALUES ('r2', 'B''s')"), 1);
	usleep(200 * 1000);
	ck_assert_int_eq(PQconsumeInput(b), 1);
	ck_assert_int_eq(PQisBusy(b), 1);           /* waiting for the head */
	pg = a;
	ok("UPDATE person SET phone = 'A2'");
	ok("COMMIT");
	while ((r = PQgetResult(b)) != NULL) {
		ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
	}
	PQclear(PQexec(b, "COMMIT"));
	PQfinish(b);
	r = q("SELECT actor FROM audit_log ORDER BY id");
	ck_assert_int_eq(PQntuples(r), 7);
	ck_assert_str_eq(PQgetvalue(r, 4, 0), "A");
	ck_assert_str_eq(PQgetvalue(r, 5, 0), "A");
	ck_assert_str_eq(PQgetvalue(r, 6, 0), "B");
	PQclear(r);
	ck_assert_int_eq(check_chain(NULL, 0), 7);
}
END_TEST

/* area: placement */

/*
 * A person of station A lives in a house of station B: the residence sits
 * with the person (station A) and names the house in B, which a foreign key
 * on (station_id, house_id) could not allow; the trigger still refuses an
 * id that names nothing.
 */
START_TEST(references_across_stations)
{
	char msg[512];
	int version;

	ck_assert_ok(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version));
	write_records("a", "");
	begin_as("a", "2026-03-07T00:00:00Z", "");
	ok("INSERT INTO station (region_id, name) SELECT id, '西关派出所' FROM region");
	ok("INSERT INTO community (station_id, kind, name) SELECT max(id), 'urban', '西关社区' FROM station");
	ok("INSERT INTO address (station_id, community_id, level, name, path)"
	   " SELECT station_id, id, 'building', '1号楼', '/' FROM community");
	ok("INSERT INTO house (station_id, address_id, community_id) SELECT station_id, id, community_id FROM address");
	ok("INSERT INTO residence (station_id, person_id, house_id, type, valid_from)"
	   " SELECT p.station_id, p.id, h.id, 'permanent', '2026-03-07' FROM person p, house h");
	ok("COMMIT");
	ck_assert_int_eq(num("SELECT count(*) FROM residence r JOIN house h ON h.id = r.house_id"
	                     " WHERE r.station_id <> h.station_id"), 1);
	begin_as("a", "2026-03-07T00:00:00Z", "");
	ck_assert_str_eq(fails("UPDATE person SET hukou_address_id = 999", msg, sizeof(msg)), "23503");
	ck_assert_str_eq(msg, "person.hukou_address_id = 999 names no row of address");
	ok("ROLLBACK");
	begin_as("a", "2026-03-07T00:00:00Z", "");
	ok("UPDATE person SET hukou_address_id = (SELECT id FROM address)");
	ok("COMMIT");
	ck_assert_int_eq(num("SELECT count(*) FROM person WHERE hukou_address_id IS NOT NULL"), 1);
}
END_TEST

/* area: ids */

/*
 * Writer w's ids are w * 2^47 + n: writer 3's first is 3 * 140737488355328
 * + 1 = 422212465065985; writer 0's range ends at 2^47 - 1.
 */
START_TEST(writer_ranges)
{
	char msg[512];
	int version;

	ck_assert_ok(cpol__pg_migrate(pg, cpol_db_schema_latest(), "test", "2026-01-01T00:00:00Z", NULL, &version));
	ck_assert_int_eq(num("SELECT value::int FROM cpol_meta WHERE key = 'writer'"), 0);
	PQclear(q("BEGIN; SELECT set_config('cpol.actor', 'x', true); SELECT cpol_set_writer(3); COMMIT"));
	ck_assert_int_eq(num("SELECT cpol_next_id()"), 422212465065985LL);
	ck_assert_int_eq(num("SELECT cpol_next_id()"), 422212465065986LL);
	ck_assert_int_eq(num("SELECT value::int FROM cpol_meta WHERE key = 'writer'"), 3);
	ck_assert_int_eq(num("SELECT seqmax FROM pg_sequence WHERE seqrelid = 'cpol_id'::regclass"),
	                 4LL * 140737488355328LL - 1);
	ck_assert_str_eq(fails("SELECT cpol_set_writer(65536)", msg, sizeof(msg)), "22023");
	ck_assert_str_eq(msg, "writer 65536 is outside 0..65535");
}
END_TEST

#include "test_pg_schema.list"

int main(void)
{
	if (!getenv("CPOL_TEST_PG") || !*getenv("CPOL_TEST_PG")) {
		printf("SKIP: CPOL_TEST_PG does not name a PostgreSQL database (docs/postgresql.md, Testing)\n");
		return 77;
	}
	printf("PostgreSQL: %s\n", getenv("CPOL_TEST_PG"));
	return testutil_main_list("pg_schema", setup, teardown, testutil_tests());
}

/* The audit trail: who, when, what, before and after; atomic with the change. */
#include "testutil.h"
#include "internal.h"
#include "db_internal.h"

static int64_t fixed_clock(void *payload)
{
	return *(int64_t *)payload;
}

static cpol_db *db;
static int64_t now;

static void setup(void)
{
	ck_assert_ok(cpol_db_open(&db, ":memory:", NULL));
	/* 2026-11-22T08:30:00Z */
	now = (int64_t)20779 * 86400 + 8 * 3600 + 30 * 60;
	cpol_db_set_clock(db, fixed_clock, &now);
	ck_assert_ok(cpol__db_exec(db,
		"CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT, archived_at TEXT)"));
	ck_assert_ok(cpol__schema_refresh_audit(db));
}

static void teardown(void)
{
	cpol_db_close(db);
}

START_TEST(insert_update_archive_restore)
{
	cpol_audit_iter *it;
	const cpol_audit_entry *e;
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	char date[CPOL_DATE_BUFSZ];

	ck_assert_str_eq(cpol_date_format(date, 20779), "2026-11-22");
	ck_assert_ok(cpol_db_set_user(db, "警号 012345"));
	ck_assert_ok(cpol__db_exec(db, "INSERT INTO place (name, kind) VALUES ('红星网吧', 'entertainment')"));
	now += 60;
	ck_assert_ok(cpol__db_exec(db, "UPDATE place SET kind = 'special_trade' WHERE id = 1"));
	ck_assert_ok(cpol_db_set_user(db, "auditor"));
	ck_assert_ok(cpol__db_exec(db, "UPDATE place SET archived_at = '2026-11-22' WHERE id = 1"));
	ck_assert_ok(cpol__db_exec(db, "UPDATE place SET archived_at = NULL WHERE id = 1"));
	/* An update that changes nothing is not an event. */
	ck_assert_ok(cpol__db_exec(db, "UPDATE place SET kind = kind WHERE id = 1"));

	q.table_name = "place";
	q.row_id = 1;
	ck_assert_ok(cpol_audit_iter_new(&it, db, &q));

	ck_assert_ok(cpol_audit_iter_next(&e, it));
	ck_assert_str_eq(e->action, "insert");
	ck_assert_str_eq(e->actor, "警号 012345");
	ck_assert_str_eq(e->at, "2026-11-22T08:30:00Z");
	ck_assert_str_eq(e->table_name, "place");
	ck_assert_int_eq(e->row_id, 1);
	ck_assert_ptr_null(e->before_json);
	ck_assert_str_eq(e->after_json,
		"{\"id\":1,\"name\":\"红星网吧\",\"kind\":\"entertainment\",\"archived_at\":null}");

	ck_assert_ok(cpol_audit_iter_next(&e, it));
	ck_assert_str_eq(e->action, "update");
	ck_assert_str_eq(e->at, "2026-11-22T08:31:00Z");
	ck_assert_ptr_nonnull(strstr(e->before_json, "\"kind\":\"entertainment\""));
	ck_assert_ptr_nonnull(strstr(e->after_json, "\"kind\":\"special_trade\""));

	ck_assert_ok(cpol_audit_iter_next(&e, it));
	ck_assert_str_eq(e->action, "archive");
	ck_assert_str_eq(e->actor, "auditor");
	ck_assert_ptr_nonnull(strstr(e->after_json, "\"archived_at\":\"2026-11-22\""));

	ck_assert_ok(cpol_audit_iter_next(&e, it));
	ck_assert_str_eq(e->action, "restore");

	ck_assert_int_eq(cpol_audit_iter_next(&e, it), CPOL_ITEROVER);
	ck_assert_ptr_null(e);
	cpol_audit_iter_free(it);
}
END_TEST

START_TEST(unknown_actor_when_none_set)
{
	int64_t n = 0;
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	ck_assert_ptr_null(cpol_db_user(db));
	ck_assert_ok(cpol__db_exec(db, "INSERT INTO place (name) VALUES ('x')"));
	q.actor = "unknown";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 1);
	ck_assert_ok(cpol_db_set_user(db, ""));
	ck_assert_ptr_null(cpol_db_user(db));
}
END_TEST

START_TEST(query_filters)
{
	int64_t n = 0;
	cpol_audit_query q;
	ck_assert_ok(cpol_audit_query_init(&q, CPOL_AUDIT_QUERY_VERSION));
	ck_assert_ok(cpol_db_set_user(db, "a"));
	ck_assert_ok(cpol__db_exec(db, "INSERT INTO place (name) VALUES ('one')"));
	now += 3600;
	ck_assert_ok(cpol_db_set_user(db, "b"));
	ck_assert_ok(cpol__db_exec(db, "INSERT INTO place (name) VALUES ('two')"));
	ck_assert_ok(cpol__db_exec(db, "UPDATE place SET name = 'three' WHERE id = 1"));

	ck_assert_ok(cpol_audit_count(&n, db, NULL));
	ck_assert_int_eq(n, 3);
	q.actor = "b";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
	q.actor = NULL;
	q.since = "2026-11-22T09:00:00Z";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
	q.since = NULL;
	q.until = "2026-11-22T09:00:00Z";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 1);
	q.until = NULL;
	q.table_name = "place";
	q.row_id = 1;
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
	q.version = 7;
	ck_assert_fails(cpol_audit_count(&n, db, &q), CPOL_EINVAL);
	ck_assert_fails(cpol_audit_query_init(&q, 7), CPOL_EINVAL);
}
END_TEST

START_TEST(rolled_back_change_leaves_no_entry)
{
	int64_t n = -1;
	ck_assert_ok(cpol_db_begin(db));
	ck_assert_ok(cpol__db_exec(db, "INSERT INTO place (name) VALUES ('gone')"));
	ck_assert_ok(cpol_audit_count(&n, db, NULL));
	ck_assert_int_eq(n, 1); /* visible inside the transaction */
	ck_assert_ok(cpol_db_rollback(db));
	ck_assert_ok(cpol_audit_count(&n, db, NULL));
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(new_columns_are_audited_after_migration)
{
	cpol_audit_iter *it;
	const cpol_audit_entry *e;
	ck_assert_ok(cpol__db_exec(db, "ALTER TABLE place ADD COLUMN phone TEXT"));
	ck_assert_ok(cpol__schema_refresh_audit(db));
	ck_assert_ok(cpol__db_exec(db, "INSERT INTO place (name, phone) VALUES ('店', '0591-1234')"));
	ck_assert_ok(cpol_audit_iter_new(&it, db, NULL));
	ck_assert_ok(cpol_audit_iter_next(&e, it));
	ck_assert_ptr_nonnull(strstr(e->after_json, "\"phone\":\"0591-1234\""));
	cpol_audit_iter_free(it);
}
END_TEST

#include "test_audit.list"

int main(void)
{
	return testutil_main_list("audit", setup, teardown, testutil_tests());
}

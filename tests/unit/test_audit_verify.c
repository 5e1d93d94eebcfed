/*
 * The tamper-evident trail: each kind of tampering is detected and named;
 * an untouched database passes; the library refuses to write over changed
 * triggers until repaired; the key; file modes; backups during writes.
 */
#define _GNU_SOURCE 1 /* memmem */
#include "testutil.h"
#include "internal.h"
#include "db_internal.h"

#include <sys/stat.h>
#include <sys/wait.h>

static char *dir;
static char path[700], key_path[600], other_key_path[600];

static void write_key(const char *p, const char *bytes)
{
	FILE *f = fopen(p, "wb");
	ck_assert_ptr_nonnull(f);
	fputs(bytes, f);
	fclose(f);
	ck_assert_int_eq(chmod(p, 0600), 0);
}

static void setup(void)
{
	dir = testutil_tmpdir();
	snprintf(path, sizeof(path), "%s/office.db", dir);
	snprintf(key_path, sizeof(key_path), "%s/audit.key", dir);
	snprintf(other_key_path, sizeof(other_key_path), "%s/guess.key", dir);
	write_key(key_path, "0123456789abcdef-the-office-key");
	write_key(other_key_path, "an attacker's best guess at it!");
	unsetenv("CPOL_AUDIT_KEY_FILE");
}

static void teardown(void)
{
	testutil_rmtree(dir);
}

static cpol_db *open_keyed(const char *key_file)
{
	cpol_db_options o;
	cpol_db *db = NULL;
	cpol_db_options_init(&o, CPOL_DB_OPTIONS_VERSION);
	o.key_file = key_file;
	o.user = "012345";
	ck_assert_ok(cpol_db_open(&db, path, &o));
	return db;
}

/* A database with a table of the test's own: place 1 inserted then renamed, place 2 inserted. */
static void make_db(const char *key_file)
{
	cpol_db *db = open_keyed(key_file);
	ck_assert_ok(cpol__db_exec(db,
		"CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT NOT NULL, archived_at TEXT)"));
	ck_assert_ok(cpol__schema_refresh_audit(db));
	ck_assert_ok(cpol__db_exec(db, "INSERT INTO place (name) VALUES ('东门警务室')"));  /* entry 1 */
	ck_assert_ok(cpol__db_exec(db, "UPDATE place SET name = '东门社区警务室' WHERE id = 1")); /* entry 2 */
	ck_assert_ok(cpol__db_exec(db, "INSERT INTO place (name) VALUES ('西门警务室')"));  /* entry 3 */
	cpol_db_close(db);
}

/* What another program does with the file: plain SQLite, no library. */
static void outside(const char *sql)
{
	sqlite3 *raw;
	char *err = NULL;
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(raw, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql, err ? err : "");
	sqlite3_close(raw);
}

/* The text of a trigger as sqlite_master keeps it (an attacker can read it too). */
static char *trigger_sql(const char *name)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	char *sql;
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(raw, "SELECT sql FROM sqlite_master WHERE name = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	sql = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return sql;
}

#define MAX_FINDINGS 32
typedef struct {
	int n;
	cpol_audit_finding_kind kind[MAX_FINDINGS];
	char table[MAX_FINDINGS][32];
	cpol_id row[MAX_FINDINGS], entry[MAX_FINDINGS];
	char object[MAX_FINDINGS][64];
	char message[MAX_FINDINGS][512];
} findings;

static int collect(const cpol_audit_finding *f, void *payload)
{
	findings *fs = payload;
	if (fs->n < MAX_FINDINGS) {
		fs->kind[fs->n] = f->kind;
		snprintf(fs->table[fs->n], sizeof(fs->table[0]), "%s", f->table_name ? f->table_name : "");
		fs->row[fs->n] = f->row_id;
		fs->entry[fs->n] = f->entry_id;
		snprintf(fs->object[fs->n], sizeof(fs->object[0]), "%s", f->object ? f->object : "");
		snprintf(fs->message[fs->n], sizeof(fs->message[0]), "%s", f->message);
	}
	fs->n++;
	return 0;
}

static findings verify_with(const char *key_file, cpol_audit_summary *sum)
{
	cpol_db_options o;
	cpol_db *db = NULL;
	findings fs;
	cpol_audit_summary s = CPOL_AUDIT_SUMMARY_INIT;

	memset(&fs, 0, sizeof(fs));
	cpol_db_options_init(&o, CPOL_DB_OPTIONS_VERSION);
	o.flags = CPOL_DB_OPEN_READONLY;
	o.key_file = key_file;
	ck_assert_ok(cpol_db_open(&db, path, &o));
	ck_assert_ok(cpol_audit_trail_verify(&s, db, collect, &fs));
	ck_assert_int_eq(s.findings, fs.n);
	if (sum)
		*sum = s;
	cpol_db_close(db);
	return fs;
}

/* The index of the finding of that kind, or -1. */
static int find(const findings *fs, cpol_audit_finding_kind kind)
{
	int i;
	for (i = 0; i < fs->n && i < MAX_FINDINGS; i++)
		if (fs->kind[i] == kind)
			return i;
	return -1;
}

static int64_t count_rows_with(cpol_db *db, const char *key_id)
{
	sqlite3_stmt *st;
	int64_t n;
	ck_assert_int_eq(sqlite3_prepare_v2(cpol__db_handle(db), "SELECT count(*) FROM audit_chain WHERE key_id = ?1",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key_id, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Does the file hold these bytes anywhere? */
static int file_contains(const char *p, const char *needle)
{
	FILE *f = fopen(p, "rb");
	static char buf[4 << 20];
	size_t n;
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return memmem(buf, n, needle, strlen(needle)) != NULL;
}

/* ------------------------------------------------------------ untouched */

START_TEST(untouched_keyed_database_passes)
{
	cpol_audit_summary sum = CPOL_AUDIT_SUMMARY_INIT;
	findings fs;
	make_db(key_path);
	fs = verify_with(key_path, &sum);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
	ck_assert_int_eq(sum.entries, 3);
	ck_assert_int_eq(sum.entries_keyed, 3);
	ck_assert_int_eq(sum.rows, 2);
	ck_assert_int_eq(sum.head_id, 3);
	ck_assert_int_eq((int)strlen(sum.head_hash), 64);
	ck_assert_int_eq((int)strlen(sum.key_id), 16);
}
END_TEST

START_TEST(untouched_unkeyed_database_passes)
{
	cpol_audit_summary sum = CPOL_AUDIT_SUMMARY_INIT;
	findings fs;
	make_db(NULL);
	fs = verify_with(NULL, &sum);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
	ck_assert_int_eq(sum.entries, 3);
	ck_assert_int_eq(sum.entries_keyed, 0);
}
END_TEST

/* The key's id is stored with each entry; the key itself nowhere. */
START_TEST(only_the_key_id_is_stored)
{
	cpol_db *db;
	make_db(key_path);
	db = open_keyed(key_path);
	ck_assert_ptr_nonnull(cpol_audit_key_id(db));
	ck_assert_int_eq(count_rows_with(db, cpol_audit_key_id(db)), 3);
	cpol_db_close(db);
	ck_assert_int_eq(file_contains(path, "the-office-key"), 0);
}
END_TEST

/* ---------------------------------------------------------- the format */

/*
 * The digest as docs/db.md ("The hash chain") defines it, so that anyone
 * can check a trail without this library. Expected values computed
 * independently with Python's hashlib/hmac from that definition:
 *   label "commpolice audit entry v1\0"; id and row_id as 8-byte
 *   big-endian; each text field as 0x00 (NULL) or 0x01, its length (8
 *   bytes big-endian) and its bytes; prev_hash NULL taken as 32 zero bytes.
 */
static cpol__audit_text text(const char *s)
{
	cpol__audit_text t;
	t.ptr = (const unsigned char *)s;
	t.len = s ? strlen(s) : 0;
	return t;
}

static void hexify(char out[65], const unsigned char h[32])
{
	int i;
	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
}

START_TEST(entry_digest_follows_the_documented_format)
{
	static const char key[] = "0123456789abcdef-the-office-key";
	unsigned char prev[32], h[32];
	char hx[65];
	cpol__audit_fields f;
	int i;

	memset(&f, 0, sizeof(f));
	f.id = 7;
	f.at = text("2026-11-22T08:30:00Z");
	f.actor = text("012345");
	f.table_name = text("person");
	f.row_id = 42;
	f.action = text("insert");
	f.before_json = text(NULL);
	f.after_json = text("{\"name\":\"张伟\"}");
	f.key_id = text(NULL);
	f.prev_hash = text(NULL);
	cpol__audit_digest(h, NULL, 0, &f);
	hexify(hx, h);
	ck_assert_str_eq(hx, "a3a0523326740c2149f5cb23ea2777c279f34e270b5879fcad5c8997645d090c");

	for (i = 0; i < 32; i++)
		prev[i] = (unsigned char)i;
	f.prev_hash.ptr = prev;
	f.prev_hash.len = sizeof(prev);
	cpol__audit_digest(h, NULL, 0, &f);
	hexify(hx, h);
	ck_assert_str_eq(hx, "0219432175f0bc7ee57bcc54287861350cd815cd71ed4896a4334241dd5b811f");

	f.key_id = text("29857d871ae6949e");
	cpol__audit_digest(h, (const unsigned char *)key, strlen(key), &f);
	hexify(hx, h);
	ck_assert_str_eq(hx, "0ec3e1118588162fda9761c6c92c2e32d2b5ca7d01d29fd9d59cd0533956e737");
}
END_TEST

/* The key id: the first 8 bytes of SHA-256("commpolice audit key id v1\0" + key), in hex. */
START_TEST(key_id_is_the_documented_fingerprint)
{
	cpol_db *db = open_keyed(key_path);
	ck_assert_str_eq(cpol_audit_key_id(db), "29857d871ae6949e");
	cpol_db_close(db);
	db = open_keyed(NULL);
	ck_assert_ptr_null(cpol_audit_key_id(db));
	cpol_db_close(db);
}
END_TEST

/* ------------------------------------------------------------- triggers */

START_TEST(dropped_trigger_is_named_and_the_edit_behind_it)
{
	findings fs;
	int i;
	make_db(key_path);
	outside("DROP TRIGGER audit_place_update; UPDATE place SET name = '假' WHERE id = 2");
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 2);
	i = find(&fs, CPOL_AUDIT_FINDING_TRIGGER_MISSING);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(fs.object[i], "audit_place_update");
	ck_assert_str_eq(fs.table[i], "place");
	i = find(&fs, CPOL_AUDIT_FINDING_ROW_CHANGED);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(fs.table[i], "place");
	ck_assert_int_eq(fs.row[i], 2);
	ck_assert_int_eq(fs.entry[i], 3); /* its last audited image: the insert */
	ck_assert_ptr_nonnull(strstr(fs.message[i], "in: name"));
}
END_TEST

START_TEST(library_refuses_to_write_over_a_dropped_trigger)
{
	cpol_db *db;
	make_db(key_path);
	outside("DROP TRIGGER audit_place_update");
	db = open_keyed(key_path);
	ck_assert_ptr_nonnull(cpol_audit_tampered(db));
	ck_assert_fails(cpol_db_begin(db), CPOL_ETAMPERED);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "audit_place_update trigger-missing on place"));
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "commpolice repair"));
	cpol_db_close(db);
}
END_TEST

START_TEST(read_only_open_of_a_tampered_database_still_reads)
{
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	int64_t n = 0;
	make_db(key_path);
	outside("DROP TRIGGER audit_place_insert");
	o.flags = CPOL_DB_OPEN_READONLY;
	ck_assert_ok(cpol_db_open(&db, path, &o));
	ck_assert_ok(cpol_audit_count(&n, db, NULL));
	ck_assert_int_eq(n, 3);
	cpol_db_close(db);
}
END_TEST

START_TEST(repair_restores_triggers_records_it_and_writes_again)
{
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	cpol_audit_iter *it;
	const cpol_audit_entry *e;
	cpol_db *db;
	findings fs;
	int n = 0;

	make_db(key_path);
	outside("DROP TRIGGER audit_place_update; UPDATE place SET name = '假' WHERE id = 2");
	db = open_keyed(key_path);
	ck_assert_ok(cpol_audit_repair(&n, db));
	ck_assert_int_eq(n, 1);
	ck_assert_ptr_null(cpol_audit_tampered(db));
	q.table_name = "sqlite_master";
	ck_assert_ok(cpol_audit_iter_new(&it, db, &q));
	ck_assert_ok(cpol_audit_iter_next(&e, it));
	ck_assert_int_eq(e->id, 4);
	ck_assert_str_eq(e->action, "insert");
	ck_assert_str_eq(e->actor, "012345");
	ck_assert_ptr_null(e->before_json);
	ck_assert_ptr_nonnull(strstr(e->after_json, "\"name\":\"audit_place_update\""));
	ck_assert_ptr_nonnull(strstr(e->after_json, "\"repair\":\"missing\""));
	cpol_audit_iter_free(it);
	/* Writes are audited again. */
	ck_assert_ok(cpol_db_begin(db));
	ck_assert_ok(cpol__db_exec(db, "UPDATE place SET name = '西门社区警务室' WHERE id = 2"));
	ck_assert_ok(cpol_db_commit(db));
	cpol_db_close(db);
	/* The trail is whole and the triggers the library's; the record now matches its last entry. */
	fs = verify_with(key_path, NULL);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
}
END_TEST

START_TEST(changed_trigger_is_named)
{
	findings fs;
	int i;
	make_db(key_path);
	outside("DROP TRIGGER audit_place_delete;"
	        "CREATE TRIGGER audit_place_delete BEFORE DELETE ON place BEGIN SELECT 1; END;");
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 1);
	i = find(&fs, CPOL_AUDIT_FINDING_TRIGGER_CHANGED);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(fs.object[i], "audit_place_delete");
}
END_TEST

START_TEST(unknown_trigger_is_named_and_dropped_by_repair)
{
	cpol_db *db;
	findings fs;
	int i, n = 0;
	make_db(key_path);
	outside("CREATE TRIGGER sneaky AFTER INSERT ON place BEGIN UPDATE place SET name = 'x' WHERE id = 1; END;");
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 1);
	i = find(&fs, CPOL_AUDIT_FINDING_TRIGGER_UNKNOWN);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(fs.object[i], "sneaky");
	db = open_keyed(key_path);
	ck_assert_fails(cpol_db_begin(db), CPOL_ETAMPERED);
	ck_assert_ok(cpol_audit_repair(&n, db));
	ck_assert_int_eq(n, 1);
	cpol_db_close(db);
	fs = verify_with(key_path, NULL);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
}
END_TEST

START_TEST(unknown_exemption_is_named_and_removed_by_repair)
{
	cpol_db *db;
	findings fs;
	int n = 0;
	char *guard;
	make_db(key_path);
	guard = trigger_sql("audit_audit_exempt_guard");
	/* Exempting place would let a program write it without entries. */
	{
		char sql[1200];
		snprintf(sql, sizeof(sql), "DROP TRIGGER audit_audit_exempt_guard;"
		         "INSERT INTO audit_exempt (table_name) VALUES ('place'); %s;", guard);
		outside(sql);
	}
	free(guard);
	fs = verify_with(key_path, NULL);
	ck_assert_int_ge(find(&fs, CPOL_AUDIT_FINDING_EXEMPTION_UNKNOWN), 0);
	ck_assert_str_eq(fs.table[find(&fs, CPOL_AUDIT_FINDING_EXEMPTION_UNKNOWN)], "place");
	db = open_keyed(key_path);
	ck_assert_ok(cpol_audit_repair(&n, db));
	cpol_db_close(db);
	fs = verify_with(key_path, NULL);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
}
END_TEST

/* ----------------------------------------------------------------- rows */

/* A careful attacker puts the trigger back exactly: the row check still sees the edit. */
START_TEST(edited_row_is_named_though_the_trigger_is_back)
{
	findings fs;
	char sql[4096];
	char *trigger;
	int i;
	make_db(key_path);
	trigger = trigger_sql("audit_place_update");
	snprintf(sql, sizeof(sql), "DROP TRIGGER audit_place_update;"
	         "UPDATE place SET name = '改过' WHERE id = 1; %s;", trigger);
	free(trigger);
	outside(sql);
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 1);
	i = find(&fs, CPOL_AUDIT_FINDING_ROW_CHANGED);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(fs.table[i], "place");
	ck_assert_int_eq(fs.row[i], 1);
	ck_assert_int_eq(fs.entry[i], 2);
}
END_TEST

START_TEST(row_written_without_the_trigger_is_named)
{
	findings fs;
	int i;
	make_db(key_path);
	outside("DROP TRIGGER audit_place_insert; INSERT INTO place (name) VALUES ('幽灵')");
	fs = verify_with(key_path, NULL);
	i = find(&fs, CPOL_AUDIT_FINDING_ROW_UNAUDITED);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(fs.table[i], "place");
	ck_assert_int_eq(fs.row[i], 3);
}
END_TEST

/* Place 2 (inserted by entry 3) deleted with the delete trigger lifted and put back: named. */
START_TEST(deleted_row_is_named_with_its_last_entry)
{
	findings fs;
	char *trigger;
	char sql[2048];
	make_db(key_path);
	trigger = trigger_sql("audit_place_delete");
	snprintf(sql, sizeof(sql), "DROP TRIGGER audit_place_delete; DELETE FROM place WHERE id = 2; %s;", trigger);
	free(trigger);
	outside(sql);
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 1);
	ck_assert_int_eq(fs.kind[0], CPOL_AUDIT_FINDING_ROW_REMOVED);
	ck_assert_str_eq(fs.table[0], "place");
	ck_assert_int_eq(fs.row[0], 2);
	ck_assert_int_eq(fs.entry[0], 3);
}
END_TEST

/* ------------------------------------------------------- imported rows */

/*
 * Three persons imported two to a batch (batch_rows = 2): person rows 1
 * and 2 in the first batch, 3 in the second; each batch writes one entry
 * per table that grew (address, house, person, residence), whose row
 * digests (migration 010) cover every row it added. Check characters: see
 * test_import.c (110105199003071239 -> '9', 320102198506150022 -> '2',
 * 11010519491231002X -> 'X').
 */
static void make_imported_db(const char *key_file)
{
	static const char csv[] =
		"身份证号,姓名,性别,社区,街路巷,门牌号,户室,人口类型,居住起始日期\r\n"
		"110105199003071239,张伟,男,城东社区,解放路,12,301,常住人口,2024/1/5\r\n"
		"320102198506150022,周丽,女,城东社区,解放路,12,301,permanent,2024/3/1\r\n"
		"11010519491231002X,王芳,女,城东社区,解放路,14,101,permanent,2024/3/2\r\n";
	cpol_db *db = open_keyed(key_file);
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_import_options io = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_id region, station, office, district, community;
	cpol_date from;
	char csv_path[700];
	FILE *f;

	ck_assert_ok(cpol_region_add(&region, db, "national", NULL));
	ck_assert_ok(cpol_station_add(&station, db, region, "城东派出所", NULL));
	o.station_id = station;
	o.name = "城东社区警务室";
	ck_assert_ok(cpol_office_add(&office, db, &o));
	ck_assert_ok(cpol_district_add(&district, db, office, "一区", NULL));
	ck_assert_ok(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城东社区", NULL, "C01"));
	ck_assert_ok(cpol_date_parse(&from, "2020-01-01"));
	ck_assert_ok(cpol_district_cover(NULL, db, district, community, from));
	snprintf(csv_path, sizeof(csv_path), "%s/采集表.csv", dir);
	ck_assert_ptr_nonnull(f = fopen(csv_path, "wb"));
	fputs(csv, f);
	fclose(f);
	io.kind = CPOL_IMPORT_PERSONS;
	io.batch_rows = 2;
	ck_assert_ok(cpol_import_run(&rep, db, csv_path, &io));
	ck_assert_int_eq(rep.ok, 3);
	ck_assert_int_eq(rep.bad, 0);
	cpol_db_close(db);
}

/* The id of the batch entry on `table` whose range starts at `first`, read from the trail. */
static cpol_id batch_entry(const char *table, cpol_id first)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	cpol_id id;
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(raw, "SELECT id FROM audit_log WHERE table_name = ?1 AND row_id = ?2"
	                                    " AND json_extract(after_json, '$.import_run') IS NOT NULL", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, first);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	id = sqlite3_column_int64(st, 0);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return id;
}

/* Run sql with `trigger` dropped, and put it back exactly as it was. */
static void outside_without(const char *trigger, const char *sql)
{
	char *text = trigger_sql(trigger);
	char buf[8192];
	snprintf(buf, sizeof(buf), "DROP TRIGGER %s; %s; %s;", trigger, sql, text);
	free(text);
	outside(buf);
}

/*
 * The row digest as docs/db.md describes it, computed with Python's
 * hashlib from that description (not from the code):
 *   sha256(b"commpolice batch row v1\0" + b"\x01" + be64(5) + b"place"
 *          + be64(1) + be64(3)                       # row id, 3 columns
 *          + b"\x01" + be64(1)                       # INTEGER 1
 *          + b"\x03" + be64(15) + "东门警务室"        # TEXT, 15 bytes
 *          + b"\x05")[:16]                           # NULL
 *   = b2ea02da114b0c517b775842353486ba
 * and for row 7 of a REAL 2.5 and a BLOB 00 ff (2 columns):
 *   ... + be64(7) + be64(2) + b"\x02" + struct.pack(">d", 2.5)
 *       + b"\x04" + be64(2) + b"\x00\xff"  -> c6890a7c5b1b910bae0b5bb0eb739e46
 */
START_TEST(row_digest_follows_the_documented_format)
{
	cpol_db *h;
	cpol__stmt *st;
	unsigned char d[CPOL__AUDIT_ROW_DIGEST_SIZE];
	char hexd[2 * CPOL__AUDIT_ROW_DIGEST_SIZE + 1];

	ck_assert_ok(cpol_db_open(&h, ":memory:", NULL));
	ck_assert_int_eq(cpol__db_prepare(h, &st, "SELECT 1, '东门警务室', NULL, 2.5, x'00ff'"), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	cpol__audit_row_digest(d, "place", 1, st, 0, 3);
	cpol__hex(hexd, d, sizeof(d));
	ck_assert_str_eq(hexd, "b2ea02da114b0c517b775842353486ba");
	cpol__audit_row_digest(d, "place", 7, st, 3, 2);
	cpol__hex(hexd, d, sizeof(d));
	ck_assert_str_eq(hexd, "c6890a7c5b1b910bae0b5bb0eb739e46");
	cpol__st_finalize(st);
	cpol_db_close(h);
}
END_TEST

/* The same two rows given as values (an import's row images): the same digests. */
START_TEST(row_digest_of_values_is_the_same)
{
	cpol__value v[3];
	unsigned char d[CPOL__AUDIT_ROW_DIGEST_SIZE];
	char hexd[2 * CPOL__AUDIT_ROW_DIGEST_SIZE + 1];

	v[0] = cpol__v_int(1);
	v[1] = cpol__v_text("东门警务室");
	v[2] = cpol__v_text_opt("");
	cpol__audit_row_digest_values(d, "place", 1, v, 3);
	cpol__hex(hexd, d, sizeof(d));
	ck_assert_str_eq(hexd, "b2ea02da114b0c517b775842353486ba");
	memset(v, 0, sizeof(v));
	v[0].type = CPOL__FLOAT;
	v[0].d = 2.5;
	v[1].type = CPOL__BLOB;
	v[1].s = "\x00\xff";
	v[1].n = 2;
	cpol__audit_row_digest_values(d, "place", 7, v, 2);
	cpol__hex(hexd, d, sizeof(d));
	ck_assert_str_eq(hexd, "c6890a7c5b1b910bae0b5bb0eb739e46");
}
END_TEST

/*
 * A row longer than the encoder's 1,024-byte buffer: fields that straddle
 * it, one (3,000 bytes) larger than it, one that ends with the buffer full.
 * Computed with Python's hashlib from docs/db.md's description:
 *   sha256(b"commpolice batch row v1\0" + b"\x01" + be64(6) + b"person"
 *          + be64(9) + be64(6)                        # row 9, 6 columns
 *          + b"\x03" + be64(1000) + b"a" * 1000       # TEXT
 *          + b"\x01" + be64(42)                       # INTEGER 42
 *          + b"\x03" + be64(3000) + b"b" * 3000       # TEXT
 *          + b"\x03" + be64(1014) + b"c" * 1014       # TEXT
 *          + b"\x05"                                  # NULL
 *          + b"\x01" + be64(2**64 - 1))[:16]          # INTEGER -1
 *   = 749c75c22fc2621eedc3599f7f79f3a8   (5,115 bytes hashed)
 * The same from the values and from a statement's columns.
 */
START_TEST(row_digest_of_a_long_row)
{
	static const char want[] = "749c75c22fc2621eedc3599f7f79f3a8";
	char *a = malloc(1001), *b = malloc(3001), *c = malloc(1015);
	cpol__value v[6];
	unsigned char d[CPOL__AUDIT_ROW_DIGEST_SIZE];
	char hexd[2 * CPOL__AUDIT_ROW_DIGEST_SIZE + 1];
	cpol_db *h;
	cpol__stmt *st;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(c);
	memset(a, 'a', 1000);
	a[1000] = '\0';
	memset(b, 'b', 3000);
	b[3000] = '\0';
	memset(c, 'c', 1014);
	c[1014] = '\0';
	v[0] = cpol__v_text(a);
	v[1] = cpol__v_int(42);
	v[2] = cpol__v_text(b);
	v[3] = cpol__v_text(c);
	v[4] = cpol__v_null();
	v[5] = cpol__v_int(-1);
	cpol__audit_row_digest_values(d, "person", 9, v, 6);
	cpol__hex(hexd, d, sizeof(d));
	ck_assert_str_eq(hexd, want);

	ck_assert_ok(cpol_db_open(&h, ":memory:", NULL));
	ck_assert_int_eq(cpol__db_prepare(h, &st, "SELECT ?1, 42, ?2, ?3, NULL, -1"), CPOL__OK);
	cpol__st_bind_text(st, 1, a, -1);
	cpol__st_bind_text(st, 2, b, -1);
	cpol__st_bind_text(st, 3, c, -1);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	cpol__audit_row_digest(d, "person", 9, st, 0, 6);
	cpol__hex(hexd, d, sizeof(d));
	ck_assert_str_eq(hexd, want);
	cpol__st_finalize(st);
	cpol_db_close(h);
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(untouched_imported_database_passes)
{
	cpol_audit_summary sum = CPOL_AUDIT_SUMMARY_INIT;
	findings fs;
	make_imported_db(key_path);
	fs = verify_with(key_path, &sum);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
	fs = verify_with(NULL, NULL); /* the row digests do not need the key; the entries do */
	ck_assert_int_eq(find(&fs, CPOL_AUDIT_FINDING_ROW_CHANGED), -1);
	teardown();
	setup();
	make_imported_db(NULL);
	fs = verify_with(NULL, NULL);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
}
END_TEST

/*
 * The import digests the rows its batches add from what the insert
 * functions tell it they wrote (lib/import.c, "told"), not by reading them
 * back; the verifier reads them. Every column those functions write is
 * used here: phone, 户籍地址 and 户籍在本址 (hukou_address_id), 登记日期,
 * 居住证号 and its end, a unit level, labels, a passport holder with a
 * nationality and birth date; then a second file moves 张伟 (a residence
 * for a known person) and gives him a label (a known person's label is
 * not told), beside 李娜, new, whose label is told: that batch's label
 * table, told in part, is read back. Any column told otherwise than
 * stored would be a ROW_CHANGED finding. Check characters:
 * 11010519751111001 -> '2', 32010219850615004 -> '9', 11010519800202002 -> '1'
 * (GB 11643 weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 through
 * "10X98765432").
 */
static int tell_problem(const cpol_import_problem *p, void *payload)
{
	(void)payload;
	fprintf(stderr, "line %d column %d %s: %s\n", p->line, p->column, p->field ? p->field : "", p->reason);
	return 0;
}

START_TEST(imported_rows_as_told_pass)
{
	static const char head[] =
		"身份证号,姓名,性别,社区,街路巷,门牌号,单元,户室,人口类型,居住起始日期,登记日期,居住证号,"
		"居住证有效期至,联系电话,户籍地址,户籍在本址,标签,证件类型,国籍,出生日期\r\n";
	static const char rows1[] =
		"110105197511110012,张伟,男,城东社区,解放路,12,1,301,常住人口,2024/1/5,,,,13800000000,北京市朝阳区,是,"
		"key_person,,,\r\n"
		"320102198506150049,周丽,女,城东社区,解放路,12,1,302,temporary,2024/3/1,2024/3/2,P-001,2025/3/1,,,否,"
		"elderly_alone;key_person,,,\r\n"
		"E12345678,John Smith,男,城东社区,解放路,14,,101,floating,2024/3/2,,,,,,,,护照,USA,1980-05-01\r\n";
	static const char rows2[] =
		"110105197511110012,张伟,男,城东社区,解放路,16,1,501,常住人口,2024/6/1,,,,,,,elderly_alone,,,\r\n"
		"110105198002020021,李娜,女,城东社区,解放路,16,1,502,常住人口,2024/6/1,,,,,,,key_person,,,\r\n";
	cpol_db *db;
	cpol_import_options io = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	findings fs;
	char csv_path[700];
	FILE *f;
	int i;

	make_imported_db(NULL);
	for (i = 0; i < 2; i++) {
		snprintf(csv_path, sizeof(csv_path), "%s/rich%d.csv", dir, i);
		ck_assert_ptr_nonnull(f = fopen(csv_path, "wb"));
		fputs(head, f);
		fputs(i ? rows2 : rows1, f);
		fclose(f);
		db = open_keyed(NULL);
		io.kind = CPOL_IMPORT_PERSONS;
		io.batch_rows = 2;
		io.problem = tell_problem;
		ck_assert_ok(cpol_import_run(&rep, db, csv_path, &io));
		ck_assert_msg(rep.bad == 0, "file %d: %lld bad", i, (long long)rep.bad);
		ck_assert_int_eq(rep.ok, i ? 2 : 3);
		ck_assert_int_eq(rep.moves, i ? 1 : 0);
		cpol_db_close(db);
	}
	fs = verify_with(NULL, NULL);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
}
END_TEST

/*
 * Rows an import wrote and nobody changed since have no image of their
 * own: each is checked against its batch's digest. Row 2 is inside the
 * first batch (no entry names it), row 1 is the first (the batch entry's
 * row_id), row 3 is the only row of the second batch.
 */
START_TEST(edited_imported_row_is_named)
{
	static const cpol_id rows[] = { 2, 1, 3 };
	static const cpol_id firsts[] = { 1, 1, 3 };
	size_t k;
	for (k = 0; k < 3; k++) {
		char sql[256];
		findings fs;
		int i;
		make_imported_db(key_path);
		snprintf(sql, sizeof(sql), "UPDATE person SET name = '吴莉莉' WHERE id = %lld", (long long)rows[k]);
		outside_without("audit_person_update", sql);
		fs = verify_with(key_path, NULL);
		ck_assert_msg(fs.n == 1, "row %lld: %d findings, first: %s", (long long)rows[k], fs.n, fs.message[0]);
		i = find(&fs, CPOL_AUDIT_FINDING_ROW_CHANGED);
		ck_assert_int_ge(i, 0);
		ck_assert_str_eq(fs.table[i], "person");
		ck_assert_int_eq(fs.row[i], rows[k]);
		ck_assert_int_eq(fs.entry[i], batch_entry("person", firsts[k]));
		ck_assert_ptr_nonnull(strstr(fs.message[i], "import batch entry"));
		teardown();
		setup();
	}
}
END_TEST

/* The residence the third person's row made (row 3, from 2024/3/2), moved a day: named. */
START_TEST(imported_residence_edited_is_named)
{
	findings fs;
	make_imported_db(NULL);
	outside_without("audit_residence_update", "UPDATE residence SET valid_from = '2024-03-03' WHERE id = 3"
	                " AND valid_from = '2024-03-02'");
	fs = verify_with(NULL, NULL);
	ck_assert_int_eq(fs.n, 1);
	ck_assert_int_eq(fs.kind[0], CPOL_AUDIT_FINDING_ROW_CHANGED);
	ck_assert_str_eq(fs.table[0], "residence");
	ck_assert_int_eq(fs.row[0], 3);
	ck_assert_int_eq(fs.entry[0], batch_entry("residence", 3));
}
END_TEST

/* Records are never deleted: a row a batch wrote that is gone is named, with its batch. */
START_TEST(deleted_imported_row_is_named)
{
	findings fs;
	int i;
	make_imported_db(key_path);
	outside_without("audit_label_delete", "SELECT 1"); /* harmless: labels are not in the file */
	outside_without("audit_residence_delete", "DELETE FROM residence WHERE person_id = 2");
	outside_without("audit_person_delete", "DELETE FROM person WHERE id = 2");
	fs = verify_with(key_path, NULL);
	i = find(&fs, CPOL_AUDIT_FINDING_ROW_REMOVED);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.n, 2); /* the person and the residence, nothing else */
	ck_assert_int_eq(fs.kind[0], CPOL_AUDIT_FINDING_ROW_REMOVED);
	ck_assert_int_eq(fs.kind[1], CPOL_AUDIT_FINDING_ROW_REMOVED);
	/* Tables are checked by name: person before residence. */
	ck_assert_str_eq(fs.table[0], "person");
	ck_assert_int_eq(fs.row[0], 2);
	ck_assert_int_eq(fs.entry[0], batch_entry("person", 1));
	ck_assert_str_eq(fs.table[1], "residence");
	ck_assert_int_eq(fs.row[1], 2);
	ck_assert_str_eq(cpol_audit_finding_kind_name(CPOL_AUDIT_FINDING_ROW_REMOVED), "row-removed");
}
END_TEST

/* The digests are covered by the batch entry: changing them is changing the entry. */
START_TEST(edited_row_digests_are_named)
{
	findings fs;
	cpol_id entry;
	char sql[256];
	int i;
	make_imported_db(key_path);
	entry = batch_entry("person", 3);
	snprintf(sql, sizeof(sql), "UPDATE audit_batch SET digests = zeroblob(16) WHERE entry_id = %lld", (long long)entry);
	outside_without("audit_batch_no_update", sql);
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 1);
	i = find(&fs, CPOL_AUDIT_FINDING_ENTRY_CHANGED);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(fs.table[i], "person");
	ck_assert_int_eq(fs.entry[i], entry);
	ck_assert_ptr_nonnull(strstr(fs.message[i], "not the ones the entry names"));

	/* Removed altogether. */
	snprintf(sql, sizeof(sql), "DELETE FROM audit_batch WHERE entry_id = %lld", (long long)entry);
	outside_without("audit_batch_no_delete", sql);
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 1);
	ck_assert_int_eq(fs.kind[0], CPOL_AUDIT_FINDING_ENTRY_CHANGED);
	ck_assert_ptr_nonnull(strstr(fs.message[0], "missing"));
}
END_TEST

/*
 * A column a later migration adds (here by hand, then the triggers
 * repaired as a migration would leave them) is not in the digests: the
 * rows imported before it still pass.
 */
START_TEST(column_added_after_the_import_is_not_a_change)
{
	findings fs;
	cpol_db *db;
	make_imported_db(key_path);
	outside("ALTER TABLE person ADD COLUMN nickname TEXT");
	db = open_keyed(key_path);
	ck_assert_ok(cpol_audit_repair(NULL, db));
	cpol_db_close(db);
	fs = verify_with(key_path, NULL);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
	/* A value in the new column of an imported row is beyond the digest: the digest cannot see it. */
}
END_TEST

/* ---------------------------------------------------------------- entries */

/* Lift the trail's append-only triggers, run sql, put them back exactly. */
static void outside_on_trail(const char *sql)
{
	char *t1 = trigger_sql("audit_log_no_update"), *t2 = trigger_sql("audit_log_no_delete");
	char *t3 = trigger_sql("audit_chain_no_update"), *t4 = trigger_sql("audit_chain_no_delete");
	char buf[8192];
	snprintf(buf, sizeof(buf), "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
	         "DROP TRIGGER audit_chain_no_update; DROP TRIGGER audit_chain_no_delete;"
	         "%s; %s; %s; %s; %s;", sql, t1, t2, t3, t4);
	free(t1);
	free(t2);
	free(t3);
	free(t4);
	outside(buf);
}

START_TEST(edited_audit_entry_is_named)
{
	findings fs;
	int i;
	make_db(key_path);
	outside_on_trail("UPDATE audit_log SET actor = '300001' WHERE id = 2");
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 1);
	i = find(&fs, CPOL_AUDIT_FINDING_ENTRY_CHANGED);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.entry[i], 2);
	ck_assert_str_eq(fs.table[i], "place");
	ck_assert_int_eq(fs.row[i], 1);
}
END_TEST

/* Without a key, plain SHA-256 still catches an edit that does not recompute it. */
START_TEST(edited_audit_entry_is_named_without_a_key)
{
	findings fs;
	make_db(NULL);
	outside_on_trail("UPDATE audit_log SET at = '2023-01-01T00:00:00Z' WHERE id = 1");
	fs = verify_with(NULL, NULL);
	ck_assert_int_eq(fs.n, 1);
	ck_assert_int_eq(fs.kind[0], CPOL_AUDIT_FINDING_ENTRY_CHANGED);
	ck_assert_int_eq(fs.entry[0], 1);
}
END_TEST

START_TEST(removed_audit_entry_is_named)
{
	findings fs;
	int i;
	make_db(key_path);
	outside_on_trail("DELETE FROM audit_chain WHERE entry_id = 2; DELETE FROM audit_log WHERE id = 2");
	fs = verify_with(key_path, NULL);
	i = find(&fs, CPOL_AUDIT_FINDING_ENTRY_REMOVED);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.entry[i], 3);
	ck_assert_ptr_nonnull(strstr(fs.message[i], "does not follow entry 1"));
	/* And place 1 no longer matches what the trail says of it (the insert). */
	i = find(&fs, CPOL_AUDIT_FINDING_ROW_CHANGED);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.row[i], 1);
	ck_assert_int_eq(fs.entry[i], 1);
}
END_TEST

START_TEST(removed_audit_entry_leaving_its_link_is_named)
{
	findings fs;
	int i;
	make_db(key_path);
	outside_on_trail("DELETE FROM audit_log WHERE id = 3");
	fs = verify_with(key_path, NULL);
	i = find(&fs, CPOL_AUDIT_FINDING_ENTRY_REMOVED);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.entry[i], 3);
	/* The link refers to an entry that is gone: foreign_key_check says so too. */
	i = find(&fs, CPOL_AUDIT_FINDING_FOREIGN_KEY);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(fs.table[i], "audit_chain");
	ck_assert_int_eq(fs.row[i], 3);
}
END_TEST

/* A damaged file: an index that no longer matches its table. */
START_TEST(damaged_index_is_named_by_integrity_check)
{
	findings fs;
	int i;
	make_db(key_path);
	outside("PRAGMA writable_schema = ON;"
	        "UPDATE sqlite_master SET sql = 'CREATE INDEX audit_log_by_actor ON audit_log (at, actor)'"
	        " WHERE name = 'audit_log_by_actor'");
	fs = verify_with(key_path, NULL);
	i = find(&fs, CPOL_AUDIT_FINDING_INTEGRITY);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.entry[i], 0);
	ck_assert_ptr_nonnull(strstr(fs.message[i], "missing from index audit_log_by_actor"));
}
END_TEST

/* ------------------------------------------------------------- forgery */

static unsigned char forger_key[64];
static size_t forger_key_len;
static char forger_key_id[17];

static void forge_actor(sqlite3_context *c, int n, sqlite3_value **v)
{
	sqlite3_result_text(c, "300001", -1, SQLITE_STATIC);
}

static void forge_now(sqlite3_context *c, int n, sqlite3_value **v)
{
	sqlite3_result_text(c, "2023-03-01T09:00:00Z", -1, SQLITE_STATIC);
}

static void forge_key_id(sqlite3_context *c, int n, sqlite3_value **v)
{
	if (forger_key_id[0])
		sqlite3_result_text(c, forger_key_id, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(c);
}

/* The forger knows the algorithm (it is in the source) but not the key. */
static void forge_hash(sqlite3_context *c, int n, sqlite3_value **v)
{
	cpol__audit_fields f;
	unsigned char out[CPOL__AUDIT_HASH_SIZE];
	cpol__audit_text *t[] = { &f.at, &f.actor, &f.table_name, &f.action, &f.before_json, &f.after_json, &f.prev_hash };
	int idx[] = { 1, 2, 3, 5, 6, 7, 8 }, i;

	memset(&f, 0, sizeof(f));
	f.id = sqlite3_value_int64(v[0]);
	f.row_id = sqlite3_value_int64(v[4]);
	for (i = 0; i < 7; i++) {
		if (sqlite3_value_type(v[idx[i]]) == SQLITE_NULL)
			continue;
		t[i]->ptr = i == 6 ? sqlite3_value_blob(v[idx[i]]) : sqlite3_value_text(v[idx[i]]);
		t[i]->len = (size_t)sqlite3_value_bytes(v[idx[i]]);
	}
	f.key_id.ptr = forger_key_id[0] ? (const unsigned char *)forger_key_id : NULL;
	f.key_id.len = strlen(forger_key_id);
	cpol__audit_digest(out, forger_key_id[0] ? forger_key : NULL, forger_key_len, &f);
	sqlite3_result_blob(c, out, sizeof(out), SQLITE_TRANSIENT);
}

/* A program that registers the library's function names and writes. */
static void forge_update(const char *claimed_key_id)
{
	sqlite3 *raw;
	char *err = NULL;
	snprintf(forger_key_id, sizeof(forger_key_id), "%s", claimed_key_id ? claimed_key_id : "");
	memcpy(forger_key, "an attacker's best guess at it!", 31);
	forger_key_len = 31;
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	sqlite3_create_function(raw, "cpol_actor", 0, SQLITE_UTF8, NULL, forge_actor, NULL, NULL);
	sqlite3_create_function(raw, "cpol_now", 0, SQLITE_UTF8, NULL, forge_now, NULL, NULL);
	sqlite3_create_function(raw, "cpol_audit_key_id", 0, SQLITE_UTF8, NULL, forge_key_id, NULL, NULL);
	sqlite3_create_function(raw, "cpol_audit_hash", 10, SQLITE_UTF8, NULL, forge_hash, NULL, NULL);
	ck_assert_msg(sqlite3_exec(raw, "UPDATE place SET name = '被改' WHERE id = 2", NULL, NULL, &err) == SQLITE_OK,
	              "%s", err ? err : "");
	sqlite3_close(raw);
}

START_TEST(forged_actor_and_time_without_the_key_are_named)
{
	cpol_db *db = open_keyed(key_path);
	char real_id[17];
	findings fs;
	int i;
	snprintf(real_id, sizeof(real_id), "%s", cpol_audit_key_id(db));
	cpol_db_close(db);
	make_db(key_path);
	/* It claims the real key's id (anyone can read it) but hashes with its guess. */
	forge_update(real_id);
	fs = verify_with(key_path, NULL);
	ck_assert_int_eq(fs.n, 1);
	i = find(&fs, CPOL_AUDIT_FINDING_ENTRY_CHANGED);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.entry[i], 4);
	ck_assert_str_eq(fs.table[i], "place");
	ck_assert_int_eq(fs.row[i], 2);
	ck_assert_ptr_nonnull(strstr(fs.message[i], "by 300001 at 2023-03-01T09:00:00Z"));
}
END_TEST

START_TEST(forged_unkeyed_entry_in_a_keyed_trail_is_named)
{
	findings fs;
	int i;
	make_db(key_path);
	/* Claims no key: a correct plain SHA-256, but the trail was keyed. */
	forge_update(NULL);
	fs = verify_with(key_path, NULL);
	i = find(&fs, CPOL_AUDIT_FINDING_ENTRY_UNKEYED);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.entry[i], 4);
}
END_TEST

/* ----------------------------------------------------------------- key */

START_TEST(library_without_the_key_cannot_continue_a_keyed_trail)
{
	cpol_db *db;
	make_db(key_path);
	db = open_keyed(NULL);
	ck_assert_fails(cpol__db_exec(db, "UPDATE place SET name = 'x' WHERE id = 2"), CPOL_EDB);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "keyed with key"));
	cpol_db_close(db);
	db = open_keyed(other_key_path);
	ck_assert_fails(cpol__db_exec(db, "UPDATE place SET name = 'x' WHERE id = 2"), CPOL_EDB);
	cpol_db_close(db);
}
END_TEST

START_TEST(key_from_the_environment)
{
	cpol_audit_summary sum = CPOL_AUDIT_SUMMARY_INIT;
	setenv("CPOL_AUDIT_KEY_FILE", key_path, 1);
	make_db(NULL);
	unsetenv("CPOL_AUDIT_KEY_FILE");
	verify_with(key_path, &sum);
	ck_assert_int_eq(sum.entries_keyed, 3);
	ck_assert_int_eq(sum.findings, 0);
}
END_TEST

START_TEST(verifying_a_keyed_trail_without_the_key_says_so)
{
	findings fs;
	make_db(key_path);
	fs = verify_with(NULL, NULL);
	ck_assert_int_eq(fs.n, 1);
	ck_assert_int_eq(fs.kind[0], CPOL_AUDIT_FINDING_KEY_UNAVAILABLE);
	ck_assert_ptr_nonnull(strstr(fs.message[0], "3 audit entries are keyed"));
}
END_TEST

/* Another key is not taken for tampering: the entries are named uncheckable. */
START_TEST(verifying_with_another_key_says_the_entries_could_not_be_checked)
{
	findings fs;
	int i;
	make_db(key_path);
	fs = verify_with(other_key_path, NULL);
	ck_assert_int_eq(find(&fs, CPOL_AUDIT_FINDING_ENTRY_CHANGED), -1);
	i = find(&fs, CPOL_AUDIT_FINDING_KEY_UNAVAILABLE);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.row[i], 0);
	ck_assert_int_eq(fs.entry[i], 0);
	ck_assert_ptr_nonnull(strstr(fs.message[i], "3 audit entries are keyed with key 29857d871ae6949e"));
	/* And the head is not keyed with the key given. */
	i = find(&fs, CPOL_AUDIT_FINDING_ENTRY_UNKEYED);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(fs.entry[i], 3);
	ck_assert_int_eq(fs.n, 2);
}
END_TEST

START_TEST(key_file_readable_by_others_is_refused)
{
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	ck_assert_int_eq(chmod(key_path, 0644), 0);
	o.key_file = key_path;
	ck_assert_fails(cpol_db_open(&db, path, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "key_file");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "mode 644"));
	ck_assert_int_eq(access(path, F_OK), -1); /* nothing was created */
}
END_TEST

START_TEST(key_of_fifteen_bytes_is_refused_sixteen_accepted)
{
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	write_key(key_path, "123456789012345");
	o.key_file = key_path;
	ck_assert_fails(cpol_db_open(&db, path, &o), CPOL_EINVAL);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "holds 15 bytes"));
	write_key(key_path, "1234567890123456");
	ck_assert_ok(cpol_db_open(&db, path, &o));
	cpol_db_close(db);
}
END_TEST

/* ------------------------------------------------- migrations' triggers */

/*
 * What the check on open expects of a migration's triggers is what SQLite
 * keeps in sqlite_master when it runs that migration: compared here on SQL
 * in the shapes other migrations may use.
 */
START_TEST(migration_triggers_are_read_as_sqlite_keeps_them)
{
	static const char sql[] =
		"-- a comment: CREATE TRIGGER not_one BEFORE UPDATE ON a BEGIN SELECT 1; END;\n"
		"CREATE TABLE a (x, y);\n"
		"CREATE TRIGGER a_no_update BEFORE UPDATE ON a\nBEGIN\n\tSELECT RAISE(ABORT, 'no'); -- why\nEND;\n"
		"create  trigger if not exists \"a_case\" before insert on a begin\n"
		"  select case when new.x < 0 then raise(abort, 'negative') end; end ;\n"
		"CREATE TRIGGER a_gone AFTER DELETE ON a BEGIN SELECT 1; END;\n"
		"/* a block comment; with a semicolon */ CREATE TRIGGER a_of BEFORE UPDATE OF y ON \"a\" "
		"BEGIN SELECT 2; END;\n"
		"DROP TRIGGER IF EXISTS a_gone;\n";
	cpol__trigger *t = NULL;
	size_t n = 0, i;
	sqlite3 *raw;
	sqlite3_stmt *st;
	int found = 0;

	ck_assert_ok(cpol__schema_triggers_in_sql(sql, &t, &n));
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(sqlite3_open(":memory:", &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(raw, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'",
	                                    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		for (i = 0; i < n; i++)
			if (strcmp(t[i].name, name) == 0)
				break;
		ck_assert_msg(i < n, "trigger %s not expected", name);
		ck_assert_str_eq(t[i].table_name, (const char *)sqlite3_column_text(st, 1));
		ck_assert_str_eq(t[i].sql, (const char *)sqlite3_column_text(st, 2));
		found++;
	}
	ck_assert_int_eq(found, 3);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	cpol__triggers_free(t, n);
}
END_TEST

/* ------------------------------------------------------- existing trails */

/* Entries written before the chain existed are chained by the migration, in id order. */
START_TEST(backfill_chains_entries_written_before_the_chain)
{
	cpol_db *db;
	findings fs;
	make_db(NULL);
	outside_on_trail("DELETE FROM audit_chain");
	db = open_keyed(NULL);
	ck_assert_ok(cpol_db_begin(db));
	ck_assert_ok(cpol__audit_chain_backfill(db));
	ck_assert_ok(cpol_db_commit(db));
	cpol_db_close(db);
	fs = verify_with(NULL, NULL);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
}
END_TEST

/* The number of the chain's migration (found by name: numbers change at merges). */
static int chain_migration(void)
{
	size_t i;
	for (i = 0; i < cpol__embedded_count; i++) {
		const char *name = cpol__embedded_files[i].name;
		if (strstr(name, "_audit_chain.sql"))
			return atoi(name + strlen("lib/schema/"));
	}
	return 0;
}

/*
 * A database of the schema before the chain, with a trail, is upgraded:
 * not taken for tampered (its triggers are those of its version), its
 * entries chained by the migration, and it verifies. Made here by undoing
 * the chain's migration, which only works while it is the last one.
 */
START_TEST(a_trail_from_before_the_chain_is_chained_on_upgrade)
{
	int n = chain_migration(), version = 0;
	cpol_audit_summary sum = CPOL_AUDIT_SUMMARY_INIT;
	cpol_db *db;
	findings fs;
	char sql[512];

	ck_assert_int_gt(n, 0);
	if (n != cpol_db_schema_latest())
		return; /* later migrations cannot be undone here; the backfill test above still runs */
	make_db(key_path);
	snprintf(sql, sizeof(sql),
	         "DROP TRIGGER audit_log_chain; DROP TRIGGER audit_chain_no_update; DROP TRIGGER audit_chain_no_delete;"
	         "DROP TRIGGER audit_audit_chain_guard; DROP TABLE audit_chain;"
	         "DROP TRIGGER audit_exempt_no_delete; DELETE FROM audit_exempt WHERE table_name = 'audit_chain';"
	         "CREATE TRIGGER audit_exempt_no_delete BEFORE DELETE ON audit_exempt\nBEGIN\n"
	         "\tSELECT RAISE(ABORT, 'audit exemptions are fixed by the schema');\nEND;"
	         "PRAGMA user_version = %d;", n - 1);
	outside(sql);
	db = open_keyed(key_path);
	ck_assert_ptr_null(cpol_audit_tampered(db));
	ck_assert_ok(cpol_db_schema_current(&version, db));
	ck_assert_int_eq(version, n);
	cpol_db_close(db);
	fs = verify_with(key_path, &sum);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
	ck_assert_int_eq(sum.entries, 3);
	ck_assert_int_eq(sum.entries_keyed, 3);
}
END_TEST

/* --------------------------------------------------------- file modes */

static unsigned int mode_of(const char *p)
{
	struct stat st;
	ck_assert_int_eq(stat(p, &st), 0);
	return (unsigned int)(st.st_mode & 0777);
}

START_TEST(database_wal_and_shm_are_owner_only_whatever_the_umask)
{
	char side[720];
	cpol_db *db;
	mode_t old = umask(022);
	db = open_keyed(NULL);
	ck_assert_ok(cpol__db_exec(db, "SELECT count(*) FROM audit_log"));
	ck_assert_uint_eq(mode_of(path), 0600);
	snprintf(side, sizeof(side), "%s-wal", path);
	ck_assert_uint_eq(mode_of(side), 0600);
	snprintf(side, sizeof(side), "%s-shm", path);
	ck_assert_uint_eq(mode_of(side), 0600);
	cpol_db_close(db);
	umask(old);
}
END_TEST

START_TEST(file_mode_option_is_used)
{
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	mode_t old = umask(077);
	char side[720];
	o.file_mode = 0640;
	ck_assert_ok(cpol_db_open(&db, path, &o));
	ck_assert_uint_eq(mode_of(path), 0640);
	snprintf(side, sizeof(side), "%s-wal", path);
	ck_assert_uint_eq(mode_of(side), 0640);
	cpol_db_close(db);
	umask(old);
	o.file_mode = 01777;
	ck_assert_fails(cpol_db_open(&db, path, &o), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "file_mode");
}
END_TEST

/* -------------------------------------------------------------- backup */

static void write_places(int seconds)
{
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	int64_t end = cpol__db_clock_ms() + seconds * 1000;
	int i = 0;
	o.key_file = key_path;
	if (cpol_db_open(&db, path, &o) < 0)
		_exit(2);
	while (cpol__db_clock_ms() < end) {
		char sql[128];
		snprintf(sql, sizeof(sql), "INSERT INTO place (name) VALUES ('站 %d')", i);
		if (cpol_db_begin(db) < 0 || cpol__db_finish(db, cpol__db_exec(db, sql)) < 0)
			_exit(1);
		snprintf(sql, sizeof(sql), "UPDATE place SET name = '改 %d' WHERE id = 1", i++);
		if (cpol_db_begin(db) < 0 || cpol__db_finish(db, cpol__db_exec(db, sql)) < 0)
			_exit(1);
	}
	cpol_db_close(db);
	_exit(0);
}

START_TEST(backup_taken_during_writes_passes)
{
	char dest[700];
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	cpol_audit_summary sum = CPOL_AUDIT_SUMMARY_INIT;
	findings fs;
	pid_t pid;
	int status;

	make_db(key_path);
	snprintf(dest, sizeof(dest), "%s/backup.db", dir);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		write_places(2);
	usleep(700 * 1000);
	o.flags = CPOL_DB_OPEN_READONLY;
	o.key_file = key_path;
	ck_assert_ok(cpol_db_open(&db, path, &o));
	ck_assert_ok(cpol_db_backup(db, dest));
	/* Never over an existing file. */
	ck_assert_fails(cpol_db_backup(db, dest), CPOL_EEXISTS);
	cpol_db_close(db);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_uint_eq(mode_of(dest), 0600);
	snprintf(path, sizeof(path), "%s", dest);
	fs = verify_with(key_path, &sum);
	ck_assert_msg(fs.n == 0, "finding: %s", fs.message[0]);
	ck_assert_int_gt(sum.entries, 3); /* the writer had written before the copy */
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		untouched_keyed_database_passes,
		untouched_unkeyed_database_passes,
		only_the_key_id_is_stored,
		entry_digest_follows_the_documented_format,
		key_id_is_the_documented_fingerprint,
		dropped_trigger_is_named_and_the_edit_behind_it,
		library_refuses_to_write_over_a_dropped_trigger,
		read_only_open_of_a_tampered_database_still_reads,
		repair_restores_triggers_records_it_and_writes_again,
		changed_trigger_is_named,
		unknown_trigger_is_named_and_dropped_by_repair,
		unknown_exemption_is_named_and_removed_by_repair,
		edited_row_is_named_though_the_trigger_is_back,
		row_written_without_the_trigger_is_named,
		edited_audit_entry_is_named,
		edited_audit_entry_is_named_without_a_key,
		removed_audit_entry_is_named,
		removed_audit_entry_leaving_its_link_is_named,
		damaged_index_is_named_by_integrity_check,
		forged_actor_and_time_without_the_key_are_named,
		forged_unkeyed_entry_in_a_keyed_trail_is_named,
		library_without_the_key_cannot_continue_a_keyed_trail,
		key_from_the_environment,
		verifying_a_keyed_trail_without_the_key_says_so,
		verifying_with_another_key_says_the_entries_could_not_be_checked,
		key_file_readable_by_others_is_refused,
		key_of_fifteen_bytes_is_refused_sixteen_accepted,
		migration_triggers_are_read_as_sqlite_keeps_them,
		backfill_chains_entries_written_before_the_chain,
		a_trail_from_before_the_chain_is_chained_on_upgrade,
		database_wal_and_shm_are_owner_only_whatever_the_umask,
		file_mode_option_is_used,
		backup_taken_during_writes_passes,
		deleted_row_is_named_with_its_last_entry,
		row_digest_follows_the_documented_format,
		untouched_imported_database_passes,
		imported_rows_as_told_pass,
		row_digest_of_values_is_the_same,
		row_digest_of_a_long_row,
		edited_imported_row_is_named,
		imported_residence_edited_is_named,
		deleted_imported_row_is_named,
		edited_row_digests_are_named,
		column_added_after_the_import_is_not_a_change,
		NULL
	};

	return testutil_main("audit_verify", setup, teardown, tests);
}

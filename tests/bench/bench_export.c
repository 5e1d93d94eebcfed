/*
 * bench_export — a persons export with masking and pseudonyms against
 * `sqlite3 -csv` dumping the same query, in the same run; and the export's
 * peak memory at two sizes (one office, all offices) to show it is flat.
 *
 * Target (issue 16): export time ≤ 2 × the sqlite3 dump (ratio ≥ 0.5).
 * BENCH_EXPORT_PERSONS sets the size (default 1 000 000); the database is
 * built in TMPDIR (kept with BENCH_KEEP=1). Persons live three to a house,
 * 10 offices and communities.
 */
#define BENCH_NAME "bench_export"
#include "benchutil.h"
#include "db_internal.h"
#include "export_internal.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define OFFICES 10

static const char PROFILE[] =
	"profile: bench\n"
	"datasets:\n"
	"  persons:\n"
	"    columns:\n"
	"      person: pseudonym\n"
	"      household: pseudonym\n"
	"      id_number: mask\n"
	"      name: mask\n"
	"      phone: mask\n"
	"      birth_date: generalise year\n"
	"      address: generalise community\n";

static const char *const SURNAMES[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" };
static const char *const GIVEN[] = { "伟", "芳", "秀英", "建国", "娜", "志强", "桂兰", "磊" };

static void build(cpol_db *db, long persons)
{
	static const char *const tables[] = { "station", "office", "community", "address", "house",
		"person", "residence" };
	sqlite3 *h = cpol__db_handle(db);
	sqlite3_stmt *addr, *house, *person, *res;
	char sql[512], idn[19], name[32], phone[12], birth[11];
	long p, hh = 0;
	size_t i;
	int o;

	CHECK(cpol_db_begin(db));
	/* Bulk load without the per-row audit triggers, as an import batch does;
	 * they are made again below. */
	for (i = 0; i < CPOL__ARRAY_SIZE(tables); i++) {
		snprintf(sql, sizeof(sql), "DROP TRIGGER \"audit_%s_insert\"", tables[i]);
		CHECK(cpol__db_exec(db, sql));
	}
	CHECK(cpol__db_exec(db, "INSERT INTO region (id, code, name) VALUES (1, 'national', '县')"));
	CHECK(cpol__db_exec(db, "INSERT INTO station (id, region_id, name) VALUES (1, 1, '城关派出所')"));
	for (o = 1; o <= OFFICES; o++) {
		snprintf(sql, sizeof(sql), "INSERT INTO office (id, station_id, name) VALUES (%d, 1, '第%d警务室');"
		         "INSERT INTO community (id, station_id, kind, name) VALUES (%d, 1, 'urban', '第%d社区');"
		         "INSERT INTO address (id, community_id, level, name, path) VALUES (%d, %d, 'street', '人民路', '/')",
		         o, o, o, o, o, o);
		CHECK(cpol__db_exec(db, sql));
	}
	addr = prep(db, "INSERT INTO address (id, community_id, parent_id, level, name, path) "
	                "VALUES (?1, ?2, ?2, 'room', ?3, '/')");
	house = prep(db, "INSERT INTO house (id, address_id, community_id) VALUES (?1, ?1, ?2)");
	person = prep(db, "INSERT INTO person (id, id_kind, id_number, nationality, name, sex, birth_date, "
	                  "phone, office_id, office_since) VALUES (?1, 'resident', ?2, 'CHN', ?3, ?4, ?5, ?6, ?7, "
	                  "'2020-01-01')");
	res = prep(db, "INSERT INTO residence (person_id, house_id, type, valid_from) "
	               "VALUES (?1, ?2, 'permanent', '2020-01-01')");
	for (p = 1; p <= persons; p++) {
		int office = (int)((p - 1) % (OFFICES * 3)) / 3 + 1;   /* three to a house */
		if ((p - 1) % 3 == 0) {
			hh = 100 + (p - 1) / 3;
			sqlite3_bind_int64(addr, 1, hh);
			sqlite3_bind_int(addr, 2, office);
			snprintf(name, sizeof(name), "%ld", hh);
			sqlite3_bind_text(addr, 3, name, -1, SQLITE_TRANSIENT);
			step(db, addr);
			sqlite3_bind_int64(house, 1, hh);
			sqlite3_bind_int(house, 2, office);
			step(db, house);
		}
		/* Birth date from p / 1000 and sequence p % 1000: unique up to 23 million. */
		snprintf(birth, sizeof(birth), "%04ld-%02ld-%02ld", 1940 + (p / 1000) % 70,
		         1 + (p / 70000) % 12, 1 + (p / 840000) % 28);
		snprintf(idn, sizeof(idn), "350428%.4s%.2s%.2s%03ld%c", birth, birth + 5, birth + 8, p % 1000,
		         "0123456789X"[p % 11]);
		snprintf(name, sizeof(name), "%s%s", SURNAMES[p % 10], GIVEN[(p / 10) % 8]);
		snprintf(phone, sizeof(phone), "138%08ld", p % 100000000);
		sqlite3_bind_int64(person, 1, p);
		sqlite3_bind_text(person, 2, idn, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(person, 3, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(person, 4, p % 2 ? "male" : "female", -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 5, birth, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(person, 6, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(person, 7, office);
		step(db, person);
		sqlite3_bind_int64(res, 1, p);
		sqlite3_bind_int64(res, 2, hh);
		step(db, res);
	}
	sqlite3_finalize(addr);
	sqlite3_finalize(house);
	sqlite3_finalize(person);
	sqlite3_finalize(res);
	CHECK(cpol__schema_refresh_audit(db));
	CHECK(cpol_db_commit(db));
	(void)h;
}

/* Export persons (of one office, or all with office 0) to /dev/null. */
static long long export_once(const char *path, cpol_id office)
{
	cpol_export_options o = CPOL_EXPORT_OPTIONS_INIT;
	cpol_export_profile *prof = NULL;
	cpol_export_key *key = NULL;
	cpol_export *ex = NULL;
	cpol_db *db = NULL;
	FILE *f = fopen("/dev/null", "wb");
	long long rows;

	CHECK(cpol_db_open(&db, path, NULL));
	CHECK(cpol_export_profile_load_string(&prof, PROFILE, "bench.yaml"));
	CHECK(cpol_export_key_new(&key, "bench-key-0123456789abcdef", 26));
	o.profile = prof;
	o.key = key;
	o.office_id = office;
	CHECK(cpol_export_new(&ex, db, "persons", &o));
	CHECK(cpol_export_write(ex, f, CPOL_EXPORT_CSV, 0));
	rows = cpol_export_report_get(ex)->rows;
	cpol_export_free(ex);
	cpol_export_key_free(key);
	cpol_export_profile_free(prof);
	cpol_db_close(db);
	fclose(f);
	return rows;
}

/* Peak resident memory (KiB) of an export run in a child process. */
static long child_maxrss(const char *path, cpol_id office, long long *rows)
{
	struct rusage ru;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) != 0)
		exit(1);
	if ((pid = fork()) == 0) {
		long long n = export_once(path, office);
		if (write(fds[1], &n, sizeof(n)) != (ssize_t)sizeof(n))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], rows, sizeof(*rows)) != (ssize_t)sizeof(*rows))
		*rows = -1;
	close(fds[0]);
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, BENCH_NAME ": the export child failed\n");
		exit(1);
	}
	return ru.ru_maxrss;
}

int main(void)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	long persons = getenv("BENCH_EXPORT_PERSONS") ? atol(getenv("BENCH_EXPORT_PERSONS")) : 1000000;
	const cpol__export_dataset *ds = &cpol__export_datasets_table[cpol__export_dataset_find("persons")];
	char path[512], cmd[4096];
	cpol__buf q = { 0 };
	const char *s;
	cpol_db *db = NULL;
	double t0, t_sqlite, t_export;
	long long rows_all, rows_one;
	long rss_all, rss_one;

	snprintf(path, sizeof(path), "%s/bench_export_%ld.db", dir, (long)getpid());
	unlink(path);
	printf("bench_export: %ld persons (BENCH_EXPORT_PERSONS), three to a house, %d offices\n",
	       persons, OFFICES);
	t0 = now_s();
	CHECK(cpol_db_open(&db, path, NULL));
	/* Building the data is not what is measured: no fsync per commit. */
	CHECK(cpol__db_exec(db, "PRAGMA synchronous = OFF"));
	build(db, persons);
	cpol_db_close(db);
	printf("  built in %.1f s\n", now_s() - t0);

	/* The baseline: the dataset's own query, parameters as NULL, through the sqlite3 shell. */
	for (s = ds->sql; *s; s++) {
		if (s[0] == '?' && s[1] >= '1' && s[1] <= '3') {
			cpol__buf_puts(&q, "NULL");
			s++;
		} else {
			cpol__buf_put(&q, s, 1);
		}
	}
	snprintf(cmd, sizeof(cmd), "sqlite3 -csv '%s' \"%s\" > /dev/null", path, q.ptr);
	t0 = now_s();
	if (system(cmd) != 0) {
		fprintf(stderr, BENCH_NAME ": sqlite3 failed (is the sqlite3 shell installed?)\n");
		return 1;
	}
	t_sqlite = now_s() - t0;

	t0 = now_s();
	rows_all = export_once(path, 0);
	t_export = now_s() - t0;
	printf("  sqlite3 -csv:             %.2f s\n", t_sqlite);
	printf("  export (mask, pseudonym): %.2f s, %lld rows\n", t_export, rows_all);
	printf("  speed ratio export/sqlite3: %.2f (target >= 0.5)\n", t_sqlite / t_export);

	rss_one = child_maxrss(path, 1, &rows_one);
	rss_all = child_maxrss(path, 0, &rows_all);
	printf("  max RSS: %lld rows %ld KiB, %lld rows %ld KiB (ratio %.2f for %.0fx the rows)\n",
	       rows_one, rss_one, rows_all, rss_all, (double)rss_all / (double)rss_one,
	       (double)rows_all / (double)rows_one);
	cpol__buf_free(&q);
	if (!getenv("BENCH_KEEP"))
		unlink(path);
	return 0;
}

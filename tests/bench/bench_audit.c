/*
 * bench_audit — the cost of the tamper-evident trail (issue 14).
 *
 * 1. Chain cost per audited update: the same M updates (default 100,000,
 *    CPOL_BENCH_UPDATES) of a person-sized record, 1,000 to a
 *    transaction, on fresh files in one run: audit triggers without the
 *    chain (the trail as it was before), with the chain unkeyed (SHA-256)
 *    and with the chain keyed (HMAC-SHA256), interleaved for
 *    CPOL_BENCH_ROUNDS rounds (default 3). Prints microseconds per update
 *    (process CPU time) and the median ratios to the unchained trail.
 * 2. Verification: cpol_audit_trail_verify() on a database of N person-sized
 *    records (default 1,000,000, CPOL_BENCH_PERSONS), each inserted and
 *    updated once through the audit triggers (2N chained entries, keyed):
 *    the nightly check of a county database. Prints seconds, and the rate.
 *    Run it at a reduced N on a busy machine and scale linearly (every
 *    pass is a linear scan; integrity_check included).
 * 3. With "stress" as the first argument, only: 4 processes writing one
 *    file for S seconds (default 60, CPOL_BENCH_STRESS_SECONDS) with the
 *    default options, a transaction per write; prints the writes and the
 *    errors (the target: no CPOL_EBUSY) and the longest wait for the lock.
 *    tests/bench/stress_writers.sh runs it.
 *
 * The import's ratio to raw SQLite (>= 0.8) is bench_population's; its
 * batch entries are chained like any other (one per table and batch).
 *
 * Usage: bench_audit [stress] [DIR]   (files in DIR, default $TMPDIR or /tmp;
 *        CPOL_BENCH_NO_VERIFY=1 skips part 2)
 */
#define BENCH_NAME "bench_audit"
#include "benchutil.h"
#include "db_internal.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char TABLE_SQL[] =
	"CREATE TABLE resident (id INTEGER PRIMARY KEY, id_number TEXT NOT NULL, name TEXT NOT NULL,"
	" sex TEXT, birth_date TEXT, ethnicity TEXT, phone TEXT, hukou_address TEXT, residence_type TEXT,"
	" office_id INTEGER, note TEXT, archived_at TEXT)";

static long env_long(const char *name, long def)
{
	const char *v = getenv(name);
	return v && atol(v) > 0 ? atol(v) : def;
}

static void unlink_db(const char *p)
{
	char side[1100];
	unlink(p);
	snprintf(side, sizeof(side), "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", p);
	unlink(side);
}

static cpol_db *open_fresh(const char *p, const char *key_file)
{
	cpol_db_options o = CPOL_DB_OPTIONS_INIT;
	cpol_db *db = NULL;
	unlink_db(p);
	o.key_file = key_file;
	o.user = "012345";
	CHECK(cpol_db_open(&db, p, &o));
	CHECK(cpol__db_exec(db, TABLE_SQL));
	CHECK(cpol__schema_refresh_audit(db));
	return db;
}

static void insert_residents(cpol_db *db, long n)
{
	sqlite3_stmt *st = prep(db, "INSERT INTO resident (id_number, name, sex, birth_date, ethnicity, phone,"
	                        " hukou_address, residence_type, office_id) VALUES (?1, '张伟民', '男', '1985-06-15',"
	                        " '汉族', ?2, '福建省三明市梅列区列东街道东新一路12号3幢2单元501室', '常住', ?3)");
	long i;
	CHECK(cpol_db_begin(db));
	for (i = 0; i < n; i++) {
		char idn[32], phone[32];
		snprintf(idn, sizeof(idn), "3504021985%08ld", i);
		snprintf(phone, sizeof(phone), "139%08ld", i);
		sqlite3_bind_text(st, 1, idn, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, i % 300 + 1);
		step(db, st);
		if (i % 10000 == 9999) {
			CHECK(cpol_db_commit(db));
			CHECK(cpol_db_begin(db));
		}
	}
	CHECK(cpol_db_commit(db));
	sqlite3_finalize(st);
}

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * m updates, 1,000 to a transaction; CPU microseconds per update (the
 * process's CPU time: the machine is shared, and the chain's cost is CPU,
 * not waiting for the disk).
 */
static double timed_updates(cpol_db *db, long rows, long m)
{
	sqlite3_stmt *st = prep(db, "UPDATE resident SET phone = ?1 WHERE id = ?2");
	double t0 = cpu_ms();
	long i;
	CHECK(cpol_db_begin(db));
	for (i = 0; i < m; i++) {
		char phone[32];
		snprintf(phone, sizeof(phone), "138%08ld", i);
		sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, i % rows + 1);
		step(db, st);
		if (i % 1000 == 999) {
			CHECK(cpol_db_commit(db));
			CHECK(cpol_db_begin(db));
		}
	}
	CHECK(cpol_db_commit(db));
	sqlite3_finalize(st);
	return (cpu_ms() - t0) * 1000.0 / (double)m;
}

static double median3(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static double one_variant(const char *p, const char *key_file, int chained, long rows, long m)
{
	cpol_db *db = open_fresh(p, key_file);
	double us;
	insert_residents(db, rows);
	/* Without the chain: what every audited update cost before it. */
	if (!chained)
		CHECK(cpol__db_exec(db, "DROP TRIGGER audit_log_chain"));
	us = timed_updates(db, rows, m);
	cpol_db_close(db);
	return us;
}

static void chain_cost(const char *dir, const char *key_file)
{
	long m = env_long("CPOL_BENCH_UPDATES", 100000), rows = 10000;
	int rounds = (int)env_long("CPOL_BENCH_ROUNDS", 3), r;
	double plain[16], sha[16], hmac[16], rp[16], rh[16];
	char p[1024];

	if (rounds > 16)
		rounds = 16;
	snprintf(p, sizeof(p), "%s/bench_audit_chain.db", dir);
	/* Interleaved rounds, so that the three see the same machine load. */
	for (r = 0; r < rounds; r++) {
		plain[r] = one_variant(p, NULL, 0, rows, m);
		sha[r] = one_variant(p, NULL, 1, rows, m);
		hmac[r] = one_variant(p, key_file, 1, rows, m);
		rp[r] = sha[r] / plain[r];
		rh[r] = hmac[r] / plain[r];
		printf("  round %d: without chain %.2f us, SHA-256 %.2f us (%.2f), HMAC-SHA256 %.2f us (%.2f)\n",
		       r + 1, plain[r], sha[r], rp[r], hmac[r], rh[r]);
	}
	unlink_db(p);
	printf("chain cost per audited update, CPU time (%ld updates, 1,000 a transaction; medians of %d rounds):\n",
	       m, rounds);
	printf("  trail without chain  %8.2f us\n", median3(plain, rounds));
	printf("  chain, SHA-256       %8.2f us   ratio %.2f\n", median3(sha, rounds), median3(rp, rounds));
	printf("  chain, HMAC-SHA256   %8.2f us   ratio %.2f\n", median3(hmac, rounds), median3(rh, rounds));
}

static void verify_time(const char *dir, const char *key_file)
{
	long n = env_long("CPOL_BENCH_PERSONS", 1000000);
	cpol_audit_summary sum = CPOL_AUDIT_SUMMARY_INIT;
	char p[1024];
	double t0, s;
	cpol_db *db;

	snprintf(p, sizeof(p), "%s/bench_audit_verify.db", dir);
	db = open_fresh(p, key_file);
	t0 = now_s();
	insert_residents(db, n);
	timed_updates(db, n, n);
	printf("verification: built %ld records and %ld chained entries in %.1f s\n", n, 2 * n, now_s() - t0);
	t0 = now_s();
	CHECK(cpol_audit_trail_verify(&sum, db, NULL, NULL));
	s = now_s() - t0;
	printf("  cpol_audit_trail_verify: %.2f s for %lld records and %lld entries (%lld findings); %.0f records/s;"
	       " linear: %.1f s per 1,000,000 records\n", s, (long long)sum.rows, (long long)sum.entries,
	       (long long)sum.findings, (double)n / s, s * 1e6 / (double)n);
	cpol_db_close(db);
	if (!getenv("BENCH_KEEP"))
		unlink_db(p);
}

/* ------------------------------------------------------------- stress */

static void stress(const char *dir)
{
	long seconds = env_long("CPOL_BENCH_STRESS_SECONDS", 60);
	char p[1024];
	pid_t pids[4];
	int fds[4][2], i, failed = 0;
	long total = 0;
	double worst = 0;
	cpol_db *db;

	snprintf(p, sizeof(p), "%s/bench_audit_stress.db", dir);
	db = open_fresh(p, NULL);
	cpol_db_close(db);
	for (i = 0; i < 4; i++) {
		if (pipe(fds[i]) != 0 || (pids[i] = fork()) < 0)
			die("fork");
		if (pids[i] == 0) {
			cpol_db *w = NULL;
			double end = now_s() + (double)seconds, longest = 0;
			long n = 0;
			int errors = 0;
			char line[128];
			if (cpol_db_open(&w, p, NULL) < 0)
				_exit(1);
			while (now_s() < end) {
				double t0 = now_ms();
				int rc = cpol_db_begin(w);
				if (rc == 0) {
					rc = cpol__db_exec(w, "INSERT INTO resident (id_number, name) VALUES ('x', '并发')");
					rc = cpol__db_finish(w, rc);
				}
				if (now_ms() - t0 > longest)
					longest = now_ms() - t0;
				if (rc < 0) {
					fprintf(stderr, "writer %d: %s: %s\n", i, cpol_error_name(rc), cpol_error_last()->message);
					errors++;
				} else {
					n++;
				}
			}
			cpol_db_close(w);
			snprintf(line, sizeof(line), "%ld %d %f\n", n, errors, longest);
			if (write(fds[i][1], line, strlen(line)) < 0)
				_exit(1);
			_exit(errors ? 1 : 0);
		}
		close(fds[i][1]);
	}
	for (i = 0; i < 4; i++) {
		char buf[128] = "";
		long n = 0;
		int errors = 0, status;
		double longest = 0;
		ssize_t got = read(fds[i][0], buf, sizeof(buf) - 1);
		if (got > 0)
			sscanf(buf, "%ld %d %lf", &n, &errors, &longest);
		waitpid(pids[i], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
		total += n;
		if (longest > worst)
			worst = longest;
		printf("  writer %d: %ld writes, %d errors, longest transaction (wait included) %.0f ms\n",
		       i, n, errors, longest);
	}
	printf("stress: 4 processes x %ld s, default options: %ld writes, %d writer%s with errors%s\n",
	       seconds, total, failed, failed == 1 ? "" : "s", failed ? "" : " (no CPOL_EBUSY)");
	unlink_db(p);
	if (failed)
		exit(1);
}

int main(int argc, char **argv)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char key_file[1024];
	FILE *f;

	if (argc > 1 && strcmp(argv[1], "stress") == 0) {
		stress(argc > 2 ? argv[2] : dir);
		return 0;
	}
	if (argc > 1)
		dir = argv[1];
	snprintf(key_file, sizeof(key_file), "%s/bench_audit.key", dir);
	if (!(f = fopen(key_file, "wb")))
		die("key file");
	fputs("bench-audit-key-0123456789abcdef", f);
	fclose(f);
	chmod(key_file, 0600);
	chain_cost(dir, key_file);
	if (!getenv("CPOL_BENCH_NO_VERIFY"))
		verify_time(dir, key_file);
	unlink(key_file);
	return 0;
}

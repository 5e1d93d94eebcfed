/*
 * benchutil.h — helpers shared by the benchmarks in tests/bench/: clocks,
 * dying with the library's last error, and the raw SQLite statements that
 * build synthetic data next to the library.
 *
 * Define BENCH_NAME (the program's name, a string literal) before including
 * it; the messages start with it. Everything here is static inline, so a
 * bench that does not use a helper pays nothing for it.
 */
#ifndef CPOL_BENCHUTIL_H
#define CPOL_BENCHUTIL_H

#include "internal.h"
/* SQLite and the raw handle (cpol__db_handle): benches build synthetic data, and the baselines, with SQLite itself. */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef BENCH_NAME
#error "define BENCH_NAME before including benchutil.h"
#endif

/* Monotonic clock, in milliseconds. */
static inline double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Monotonic clock, in seconds. */
static inline double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Print what failed with the library's last error and exit. */
static inline void die(const char *what)
{
	fprintf(stderr, BENCH_NAME ": %s: %s\n", what, cpol_error_last()->message);
	exit(1);
}

#define CHECK(expr) do { if ((expr) < 0) die(#expr); } while (0)

/* Prepare sql on the database's handle, or exit. */
static inline sqlite3_stmt *prep(cpol_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(cpol__db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, BENCH_NAME ": %s: %s\n", sql, sqlite3_errmsg(cpol__db_handle(db)));
		exit(1);
	}
	return st;
}

/* Run an insert to the end and reset it for the next row, or exit. */
static inline void step(cpol_db *db, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, BENCH_NAME ": insert: %s\n", sqlite3_errmsg(cpol__db_handle(db)));
		exit(1);
	}
	sqlite3_reset(st);
}

/* Bind a date as its ISO text, as the library stores it. */
static inline void bind_day(sqlite3_stmt *st, int idx, cpol_date d)
{
	char buf[CPOL_DATE_BUFSZ];
	sqlite3_bind_text(st, idx, cpol_date_format(buf, d), -1, SQLITE_TRANSIENT);
}

/* qsort() comparison of doubles, ascending. */
static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#endif

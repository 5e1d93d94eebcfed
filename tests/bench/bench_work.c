/*
 * bench_work — the "owed" query of one office on a full database and on a
 * tenth of it (issue 5).
 *
 * The full database has 300 offices, 60,000 places (200 per office) and a
 * year (2024) of records: monthly inspections of every inspected place,
 * hazards and notices, monthly security-department contacts, household
 * and key-person visits, incidents with return visits, resident requests
 * with feedback, supervision of organisations and duty records. The tenth
 * has 30 offices with the same records per office. The owed query of one
 * office (cpol_owed_list_get() on 2024-12-20, national rules) is timed on both
 * and the ratio printed: target <= 1.5, as the query reads one office's
 * rows through office indexes whatever the size of the database.
 *
 * Usage: bench_work [SCALE]   SCALE (default 1) multiplies the office counts.
 * Built by `make bench`, not by `make check`.
 */
#define BENCH_NAME "bench_work"
#include "benchutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PLACES_PER_OFFICE 200
#define OFFICERS_PER_OFFICE 2

static const char *const TYPES[] = {
	"entertainment", "special_trade", "internal_unit", "enterprise", "public_complex",
	"market", "rental", "dangerous_goods", "school_surroundings" };

/* A deterministic pseudo-random stream, the same for both databases. */
static unsigned rnd_state;
static unsigned rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) & 0x7fff;
}

typedef struct counts {
	long long units, inspections, notices, visits, incidents, requests, records, audit;
} counts;

/* Build a database of n offices; returns the id of the office to query. */
static cpol_id build(cpol_db *db, int n_offices, counts *c)
{
	cpol_office_new on = CPOL_OFFICE_NEW_INIT;
	cpol_staff_new sn = CPOL_STAFF_NEW_INIT;
	cpol_id region = 0, station = 0, target = 0;
	cpol_date y0, day;
	sqlite3_stmt *unit, *ustat, *insp, *haz, *notice, *visit, *inc, *req, *rec, *org;
	char name[64], badge[32], number[64];
	int o, p, m, k;

	CHECK(cpol_date_from_ymd(&y0, 2024, 1, 1));
	rnd_state = 42;
	memset(c, 0, sizeof(*c));
	CHECK(cpol_db_begin(db));
	CHECK(cpol_region_add(&region, db, "national", NULL));
	CHECK(cpol_station_add(&station, db, region, "bench station", NULL));

	unit = prep(db, "INSERT INTO unit (office_id, officer_id, type_code, name, status, status_since)"
	                " VALUES (?1, ?2, ?3, ?4, 'open', '2023-06-01')");
	ustat = prep(db, "INSERT INTO unit_status (unit_id, status, valid_from, reason)"
	                 " VALUES (?1, 'open', '2023-06-01', 'opened')");
	insp = prep(db, "INSERT INTO inspection (office_id, unit_id, officer_id, on_date, kind)"
	                " VALUES (?1, ?2, ?3, ?4, 'routine')");
	haz = prep(db, "INSERT INTO hazard (inspection_id, unit_id, description, fire, notice_id, fixed_on)"
	               " VALUES (?1, ?2, 'blocked exit', 1, ?3, ?4)");
	notice = prep(db, "INSERT INTO rectification_notice (office_id, unit_id, inspection_id, officer_id,"
	                  " year, seq, number, issued_on, deadline, deadline_key, closed_on, close_result)"
	                  " VALUES (?1, ?2, ?3, ?4, 2024, ?5, ?6, ?7, ?8, 'places.rectification_deadline',"
	                  " ?9, CASE WHEN ?9 IS NULL THEN NULL ELSE 'rectified' END)");
	visit = prep(db, "INSERT INTO visit (office_id, officer_id, on_date, kind, unit_id, org_id, incident_id)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	inc = prep(db, "INSERT INTO incident (office_id, officer_id, received_on, kind, summary, returned_on)"
	               " VALUES (?1, ?2, ?3, 'public_order', 'bench incident', ?4)");
	req = prep(db, "INSERT INTO resident_request (office_id, officer_id, received_on, requester, content,"
	               " in_scope, feedback_on, feedback) VALUES (?1, ?2, ?3, 'resident', 'request', 1, ?4,"
	               " CASE WHEN ?4 IS NULL THEN NULL ELSE 'done' END)");
	rec = prep(db, "INSERT INTO duty_record (office_id, obligation, held_on, title) VALUES (?1, ?2, ?3, ?2)");
	org = prep(db, "INSERT INTO prevention_org (office_id, unit_id, kind, name, since)"
	               " VALUES (?1, ?2, ?3, 'org', '2023-06-01')");

	for (o = 0; o < n_offices; o++) {
		cpol_id office = 0, officers[OFFICERS_PER_OFFICE];
		int seq = 0;

		snprintf(name, sizeof(name), "office %d", o + 1);
		on.station_id = station;
		on.name = name;
		CHECK(cpol_office_add(&office, db, &on));
		for (k = 0; k < OFFICERS_PER_OFFICE; k++) {
			snprintf(badge, sizeof(badge), "B%06d", o * 10 + k);
			sn.office_id = office;
			sn.name = badge;
			sn.badge = badge;
			sn.kind = CPOL_STAFF_OFFICER;
			sn.active_from = y0 - 365;
			CHECK(cpol_staff_add(&officers[k], db, &sn));
		}
		if (o == n_offices / 2)
			target = office;

		/* Community organisations. */
		sqlite3_bind_int64(org, 1, office);
		sqlite3_bind_null(org, 2);
		sqlite3_bind_text(org, 3, "patrol", -1, SQLITE_STATIC);
		step(db, org);

		for (p = 0; p < PLACES_PER_OFFICE; p++) {
			const char *type = TYPES[p % 9];
			cpol_id officer = officers[p % OFFICERS_PER_OFFICE], uid;
			int inspected = p % 9 < 3, contacted = p % 9 == 2 || p % 9 == 3;

			snprintf(name, sizeof(name), "place %d-%d", o + 1, p + 1);
			sqlite3_bind_int64(unit, 1, office);
			sqlite3_bind_int64(unit, 2, officer);
			sqlite3_bind_text(unit, 3, type, -1, SQLITE_STATIC);
			sqlite3_bind_text(unit, 4, name, -1, SQLITE_TRANSIENT);
			step(db, unit);
			uid = sqlite3_last_insert_rowid(cpol__db_handle(db));
			sqlite3_bind_int64(ustat, 1, uid);
			step(db, ustat);
			c->units++;
			if (p % 9 == 1) {  /* special trades have their own security team */
				sqlite3_bind_int64(org, 1, office);
				sqlite3_bind_int64(org, 2, uid);
				sqlite3_bind_text(org, 3, "unit_security", -1, SQLITE_STATIC);
				step(db, org);
			}
			for (m = 1; m <= 12; m++) {
				cpol_date first;
				CHECK(cpol_date_from_ymd(&first, 2024, m, 1));
				/* A few places are missed in December: something is owed. */
				if (inspected && !(m == 12 && rnd() % 4 == 0)) {
					cpol_id iid;
					day = first + (cpol_date)(rnd() % 25);
					sqlite3_bind_int64(insp, 1, office);
					sqlite3_bind_int64(insp, 2, uid);
					sqlite3_bind_int64(insp, 3, officer);
					bind_day(insp, 4, day);
					step(db, insp);
					iid = sqlite3_last_insert_rowid(cpol__db_handle(db));
					c->inspections++;
					if (rnd() % 20 == 0) {  /* 5%: a hazard and a notice */
						cpol_id nid;
						int open = m >= 11 && rnd() % 2;
						snprintf(number, sizeof(number), "N%d-2024-%03d", o + 1, ++seq);
						sqlite3_bind_int64(notice, 1, office);
						sqlite3_bind_int64(notice, 2, uid);
						sqlite3_bind_int64(notice, 3, iid);
						sqlite3_bind_int64(notice, 4, officer);
						sqlite3_bind_int(notice, 5, seq);
						sqlite3_bind_text(notice, 6, number, -1, SQLITE_TRANSIENT);
						bind_day(notice, 7, day);
						bind_day(notice, 8, day + 7);
						if (open)
							sqlite3_bind_null(notice, 9);
						else
							bind_day(notice, 9, day + 5);
						step(db, notice);
						nid = sqlite3_last_insert_rowid(cpol__db_handle(db));
						sqlite3_bind_int64(haz, 1, iid);
						sqlite3_bind_int64(haz, 2, uid);
						sqlite3_bind_int64(haz, 3, nid);
						if (open)
							sqlite3_bind_null(haz, 4);
						else
							bind_day(haz, 4, day + 5);
						step(db, haz);
						c->notices++;
					}
				}
				if (contacted) {
					sqlite3_bind_int64(visit, 1, office);
					sqlite3_bind_int64(visit, 2, officer);
					bind_day(visit, 3, first + (cpol_date)(rnd() % 25));
					sqlite3_bind_text(visit, 4, "security_contact", -1, SQLITE_STATIC);
					sqlite3_bind_int64(visit, 5, uid);
					sqlite3_bind_null(visit, 6);
					sqlite3_bind_null(visit, 7);
					step(db, visit);
					c->visits++;
				}
			}
		}
		/* Per officer: 30 household visits and one key-person visit a month. */
		for (k = 0; k < OFFICERS_PER_OFFICE; k++) {
			for (day = y0; day < y0 + 354; day++) {
				if (rnd() % 12 == 0)
					continue;
				sqlite3_bind_int64(visit, 1, office);
				sqlite3_bind_int64(visit, 2, officers[k]);
				bind_day(visit, 3, day);
				sqlite3_bind_text(visit, 4, rnd() % 30 ? "household" : "key_person", -1, SQLITE_STATIC);
				sqlite3_bind_null(visit, 5);
				sqlite3_bind_null(visit, 6);
				sqlite3_bind_null(visit, 7);
				step(db, visit);
				c->visits++;
			}
		}
		/* About one incident and one request a week; recent ones still open. */
		for (day = y0 + 3; day < y0 + 354; day += 7) {
			int open = day > y0 + 340;
			sqlite3_bind_int64(inc, 1, office);
			sqlite3_bind_int64(inc, 2, officers[day % 2]);
			bind_day(inc, 3, day);
			if (open)
				sqlite3_bind_null(inc, 4);
			else
				bind_day(inc, 4, day + 2);
			step(db, inc);
			c->incidents++;
			sqlite3_bind_int64(req, 1, office);
			sqlite3_bind_int64(req, 2, officers[day % 2]);
			bind_day(req, 3, day + 1);
			if (open)
				sqlite3_bind_null(req, 4);
			else
				bind_day(req, 4, day + 5);
			step(db, req);
			c->requests++;
		}
		/* Weekly case notices and monthly meetings, kept until November. */
		for (day = y0 + 4; day < y0 + 330; day += 7) {
			sqlite3_bind_int64(rec, 1, office);
			sqlite3_bind_text(rec, 2, "case_notice", -1, SQLITE_STATIC);
			bind_day(rec, 3, day);
			step(db, rec);
			c->records++;
		}
		for (m = 1; m <= 11; m++) {
			CHECK(cpol_date_from_ymd(&day, 2024, m, 20));
			sqlite3_bind_int64(rec, 1, office);
			sqlite3_bind_text(rec, 2, "residents_meeting", -1, SQLITE_STATIC);
			bind_day(rec, 3, day);
			step(db, rec);
			c->records++;
		}
	}
	sqlite3_finalize(unit);
	sqlite3_finalize(ustat);
	sqlite3_finalize(insp);
	sqlite3_finalize(haz);
	sqlite3_finalize(notice);
	sqlite3_finalize(visit);
	sqlite3_finalize(inc);
	sqlite3_finalize(req);
	sqlite3_finalize(rec);
	sqlite3_finalize(org);
	CHECK(cpol_db_commit(db));
	CHECK(cpol__db_exec(db, "ANALYZE"));
	{
		sqlite3_stmt *st = prep(db, "SELECT count(*) FROM audit_log");
		sqlite3_step(st);
		c->audit = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return target;
}

/* Median time of the owed query over runs, in ms; *items gets the item count. */
static double time_owed(cpol_db *db, const cpol_rules *rules, cpol_id office, int runs, size_t *items)
{
	cpol_owed_query q = CPOL_OWED_QUERY_INIT;
	double t[64];
	int i;

	q.office_id = office;
	CHECK(cpol_date_from_ymd(&q.on, 2024, 12, 20));
	for (i = 0; i < runs && i < 64; i++) {
		cpol_owed_list *l = NULL;
		double t0 = now_ms();
		CHECK(cpol_owed_list_get(&l, db, rules, &q));
		t[i] = now_ms() - t0;
		*items = l->count;
		cpol_owed_list_free(l);
	}
	qsort(t, (size_t)i, sizeof(t[0]), cmp_double);
	return t[i / 2];
}

/*
 * Reads one office's work records back through the listings and the
 * getters (every notice, inspection, visit, incident and request listed;
 * every notice and incident got by id): the row readers of lib/record.c.
 * Returns how many records were read. Not inlined, so that callgrind can
 * count its instructions alone (--toggle-collect=read_records).
 */
__attribute__((noinline)) static long long read_records(cpol_db *db, cpol_id office)
{
	cpol_notice_query nq = CPOL_NOTICE_QUERY_INIT;
	cpol_inspection_query iq = CPOL_INSPECTION_QUERY_INIT;
	cpol_visit_query vq = CPOL_VISIT_QUERY_INIT;
	cpol_incident_query cq = CPOL_INCIDENT_QUERY_INIT;
	cpol_request_query rq = CPOL_REQUEST_QUERY_INIT;
	cpol_notice_iter *ni;
	cpol_inspection_iter *ii;
	cpol_visit_iter *vi;
	cpol_incident_iter *ci;
	cpol_request_iter *ri;
	const cpol_notice *n;
	const cpol_inspection *in;
	const cpol_visit *v;
	const cpol_incident *c;
	const cpol_request *r;
	long long count = 0;

	nq.office_id = iq.office_id = vq.office_id = cq.office_id = rq.office_id = office;
	CHECK(cpol_notice_iter_new(&ni, db, &nq));
	while (cpol_notice_iter_next(&n, ni) == 0) {
		cpol_notice *got;
		CHECK(cpol_notice_get(&got, db, n->id));
		count += 2;
		cpol_notice_free(got);
	}
	cpol_notice_iter_free(ni);
	CHECK(cpol_inspection_iter_new(&ii, db, &iq));
	while (cpol_inspection_iter_next(&in, ii) == 0)
		count++;
	cpol_inspection_iter_free(ii);
	CHECK(cpol_visit_iter_new(&vi, db, &vq));
	while (cpol_visit_iter_next(&v, vi) == 0)
		count++;
	cpol_visit_iter_free(vi);
	CHECK(cpol_incident_iter_new(&ci, db, &cq));
	while (cpol_incident_iter_next(&c, ci) == 0) {
		cpol_incident *got;
		CHECK(cpol_incident_get(&got, db, c->id));
		count += 2;
		cpol_incident_free(got);
	}
	cpol_incident_iter_free(ci);
	CHECK(cpol_request_iter_new(&ri, db, &rq));
	while (cpol_request_iter_next(&r, ri) == 0)
		count++;
	cpol_request_iter_free(ri);
	return count;
}

static void print_plan(cpol_db *db, const char *sql)
{
	sqlite3_stmt *st = prep(db, sql);
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("    %s\n", (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	int big_n = (int)(300 * scale + 0.5), small_n = (int)(30 * scale + 0.5);
	char dir[] = "/tmp/cpol-bench-XXXXXX", path[256];
	cpol_db *big = NULL, *small = NULL;
	cpol_rules *rules = NULL;
	cpol_id big_office, small_office;
	counts cb, cs;
	double t0, tb, ts;
	size_t ib = 0, is = 0;
	int runs = 25;

	if (small_n < 1)
		small_n = 1;
	if (big_n < small_n)
		big_n = small_n;
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	CHECK(cpol_rules_load_region(&rules, "national", NULL));
	snprintf(path, sizeof(path), "%s/big.db", dir);
	CHECK(cpol_db_open(&big, path, NULL));
	snprintf(path, sizeof(path), "%s/small.db", dir);
	CHECK(cpol_db_open(&small, path, NULL));

	t0 = now_ms();
	big_office = build(big, big_n, &cb);
	printf("full:  %d offices, %lld places, %lld inspections, %lld notices, %lld visits,\n"
	       "       %lld incidents, %lld requests, %lld duty records; %lld audit rows (%.1f s)\n",
	       big_n, cb.units, cb.inspections, cb.notices, cb.visits, cb.incidents, cb.requests,
	       cb.records, cb.audit, (now_ms() - t0) / 1e3);
	t0 = now_ms();
	small_office = build(small, small_n, &cs);
	printf("tenth: %d offices, %lld places, %lld inspections, %lld visits (%.1f s)\n",
	       small_n, cs.units, cs.inspections, cs.visits, (now_ms() - t0) / 1e3);

	/* Warm both caches alike, then interleave nothing: each timed on its own. */
	time_owed(big, rules, big_office, 3, &ib);
	time_owed(small, rules, small_office, 3, &is);
	tb = time_owed(big, rules, big_office, runs, &ib);
	ts = time_owed(small, rules, small_office, runs, &is);
	printf("owed query for one office on 2024-12-20 (median of %d):\n", runs);
	printf("  full data:  %8.3f ms  (%zu items)\n", tb, ib);
	printf("  tenth:      %8.3f ms  (%zu items)\n", ts, is);
	printf("  ratio full/tenth: %.2f (target <= 1.50) %s\n", tb / ts, tb / ts <= 1.5 ? "OK" : "MISSED");

	{
		double tr[5];
		long long nread = 0;
		int i;
		for (i = 0; i < 5; i++) {
			double t1 = now_ms();
			nread = read_records(big, big_office);
			tr[i] = now_ms() - t1;
		}
		qsort(tr, 5, sizeof(tr[0]), cmp_double);
		printf("reading the office's records back (listings and gets, median of 5):\n");
		printf("  %lld records in %.3f ms (%.2f us a record; instructions: valgrind"
		       " --tool=callgrind --toggle-collect=read_records)\n", nread, tr[2],
		       nread ? tr[2] * 1e3 / (double)nread : 0.0);
	}

	printf("query plans (full data):\n");
	print_plan(big, "EXPLAIN QUERY PLAN SELECT u.id, u.name, u.type_code, u.officer_id, u.status_since,"
	                " li.last FROM unit u LEFT JOIN (SELECT unit_id, max(on_date) AS last FROM inspection"
	                " WHERE office_id = 1 AND archived_at IS NULL GROUP BY unit_id) li ON li.unit_id = u.id"
	                " WHERE u.office_id = 1 AND u.status = 'open' AND u.archived_at IS NULL");
	print_plan(big, "EXPLAIN QUERY PLAN SELECT id FROM rectification_notice WHERE office_id = 1"
	                " AND closed_on IS NULL AND archived_at IS NULL");
	print_plan(big, "EXPLAIN QUERY PLAN SELECT count(*) FROM visit WHERE officer_id = 1 AND kind = 'household'"
	                " AND on_date BETWEEN '2024-12-01' AND '2024-12-31' AND archived_at IS NULL");

	cpol_db_close(big);
	cpol_db_close(small);
	cpol_rules_free(rules);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		fprintf(stderr, "bench_work: could not remove %s\n", dir);
	return tb / ts <= 1.5 ? 0 : 1;
}

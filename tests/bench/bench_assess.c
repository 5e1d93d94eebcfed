/*
 * bench_assess — score a quarter for 3 000 officers, next to one
 * hand-written SQL aggregation computing the same metrics (issue 7).
 *
 * The bench data: one region, 30 stations, 300 offices of 10 officers
 * (3 000 officers), each office with a district covering a community of
 * 100 houses and 300 residents (90 000 persons, 1% key persons), 30 places
 * inspected monthly, and 2024-Q2 of activity: about 70 household visits and
 * 3 key-person visits per officer, talks with most key persons, monthly
 * inspections (a few missed), notices (some late or open), incidents with
 * return visits and requests with feedback (some late), three surveys per
 * office, and information items stored per officer.
 *
 * Timed, in the same run (median of RUNS):
 *  - library: cpol_assess_score() of 2024-Q2 by a rule set using 12 metrics
 *    (built-in, survey, work-module rates, a stored value and a formula):
 *    metrics, item scores, ranking, sanctions, explanations' text;
 *  - SQL: one statement computing the same 12 metrics for the 3 000
 *    officers, written by hand against the tables;
 * and, for information, saving the assessment. The ratio library / SQL is
 * printed; the target is <= 1.5 (issue 12), and the program exits 1 above
 * it. The numerators of both are compared.
 *
 * Usage: bench_assess [OFFICES [DB]]   (default 300 offices, in memory; DB
 * keeps the bench data in a file to look at). Built by `make bench`.
 */
#define BENCH_NAME "bench_assess"
/* Library time over the hand-written SQL's, at most. */
#define TARGET 1.5
#include "benchutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OFFICERS_PER_OFFICE 10
#define OFFICES_PER_STATION 10
#define HOUSES_PER_OFFICE 100
#define PERSONS_PER_HOUSE 3
#define UNITS_PER_OFFICE 30
#define RUNS 5

static const char RULES[] =
	"region: bench_assess\n"
	"extends: national\n"
	"assessment:\n"
	"  period: quarter\n"
	"  ranking_scope: station\n"
	"  items:\n"
	"    - {id: visits, name: 入户走访, metric: households_visited, weight: 15, target: 60,"
	" deduct: [{per_unit: 0.5}]}\n"
	"    - {id: kp_visits, name: 走访重点人员, metric: key_person_visits, weight: 5, target: 3,"
	" deduct: [{per_unit: 2}]}\n"
	"    - {id: talks, name: 重点人员谈话, metric: key_person_talks_on_time, weight: 5, target: 100%,"
	" deduct: [{per_percent: 10, points: 5}]}\n"
	"    - {id: inspections, name: 安全检查, metric: inspection_rate, weight: 10, target: 100%,"
	" deduct: [{per_percent: 10, points: 5}]}\n"
	"    - {id: notices, name: 整改通知, metric: notices_closed_on_time, weight: 10, target: 100%,"
	" deduct: [{per_percent: 10, points: 5}]}\n"
	"    - {id: returns, name: 案件回访, metric: return_visits_on_time, weight: 10, target: 100%,"
	" deduct: [{per_percent: 10, points: 5}]}\n"
	"    - {id: feedback, name: 诉求反馈, metric: feedback_on_time, weight: 10, target: 100%,"
	" deduct: [{per_percent: 10, points: 5}]}\n"
	"    - {id: information, name: 信息收集, metric: info_exported, weight: 10, target: 10,"
	" deduct: [{per_unit: 1.5}]}\n"
	"    - {id: security, name: 万人发案率, metric: cases_per_10k, formula: \"cases / residents * 10000\","
	" weight: 10, target: 30, lower_is_better: true, deduct: [{per_unit: 0.5}]}\n"
	"    - {id: satisfaction, name: 满意率, metric: satisfaction_rate, weight: 5, target: 90%,"
	" deduct: [{per_percent: 5, points: 5}]}\n"
	"    - {id: familiarity, name: 熟识率, metric: familiarity_rate, weight: 5, target: 90%,"
	" deduct: [{per_percent: 5, points: 5}]}\n"
	"    - {id: visibility, name: 见警率, metric: visibility_rate, weight: 5, target: 90%,"
	" deduct: [{per_percent: 5, points: 5}]}\n";

/*
 * The same 12 metrics for every officer, by hand. ?1, ?2: the quarter's
 * first and last day. ?3: [[day, next working day], ...] for the days off
 * around the quarter (a time limit ending on a day off runs to the next
 * working day, as the work module counts). Inspections: places inspected
 * monthly, each month of the quarter while open owed, done when inspected
 * in it. Return visits (3 days) and feedback (7 days) owed when the time
 * allowed ends in the quarter.
 */
static const char HAND_SQL[] =
	"WITH off(d, w) AS (SELECT value->>0, value->>1 FROM json_each(?3)),"
	" officer AS (SELECT s.id AS id, a.office_id AS office_id FROM staff s"
	"   JOIN staff_assignment a ON a.staff_id = s.id AND a.archived_at IS NULL"
	"   AND a.valid_from <= ?2 AND (a.valid_to IS NULL OR a.valid_to >= ?1)"
	"   WHERE s.kind = 'officer' AND s.archived_at IS NULL),"
	" hv AS (SELECT officer_id AS id, count(DISTINCT house_id) AS n FROM visit"
	"   WHERE officer_id IS NOT NULL AND kind = 'household' AND archived_at IS NULL"
	"   AND on_date BETWEEN ?1 AND ?2"
	"   GROUP BY officer_id),"
	" kv AS (SELECT officer_id AS id, count(*) AS n FROM visit"
	"   WHERE officer_id IS NOT NULL AND kind = 'key_person' AND archived_at IS NULL"
	"   AND on_date BETWEEN ?1 AND ?2"
	"   GROUP BY officer_id),"
	" kp AS (SELECT p.office_id AS office_id, l.person_id AS person_id FROM label l"
	"   JOIN person p ON p.id = l.person_id AND p.archived_at IS NULL"
	"   WHERE l.code = 'key_person' AND l.archived_at IS NULL AND l.valid_from <= ?2"
	"   AND (l.valid_to IS NULL OR l.valid_to >= ?1) GROUP BY l.person_id),"
	" talks AS (SELECT kp.office_id AS office_id, count(*) AS due,"
	"   sum(EXISTS (SELECT 1 FROM contact c WHERE c.person_id = kp.person_id AND c.kind = 'talk'"
	"   AND c.archived_at IS NULL AND c.on_date BETWEEN ?1 AND ?2)) AS done"
	"   FROM kp GROUP BY kp.office_id),"
	" insp AS (SELECT u.officer_id AS id, count(DISTINCT u.id) * 3 AS due,"
	"   count(DISTINCT u.id || substr(i.on_date, 1, 7)) AS done FROM unit u"
	"   LEFT JOIN inspection i ON i.unit_id = u.id AND i.archived_at IS NULL"
	"   AND i.on_date BETWEEN ?1 AND ?2"
	"   WHERE u.archived_at IS NULL AND u.type_code IN ('entertainment', 'special_trade', 'internal_unit')"
	"   GROUP BY u.officer_id),"
	" nt AS (SELECT officer_id AS id, count(*) AS due,"
	"   sum(closed_on IS NOT NULL AND closed_on <= deadline) AS done FROM rectification_notice"
	"   WHERE archived_at IS NULL AND deadline BETWEEN ?1 AND ?2 GROUP BY officer_id),"
	" rv AS (SELECT officer_id AS id, count(*) AS due, sum(returned_on IS NOT NULL AND returned_on <= dl) AS done"
	"   FROM (SELECT officer_id, returned_on, coalesce((SELECT w FROM off WHERE d = date(received_on, '+3 days')),"
	"   date(received_on, '+3 days')) AS dl FROM incident WHERE archived_at IS NULL"
	"   AND received_on BETWEEN date(?1, '-2 months') AND ?2) WHERE dl BETWEEN ?1 AND ?2 GROUP BY officer_id),"
	" fb AS (SELECT officer_id AS id, count(*) AS due, sum(feedback_on IS NOT NULL AND feedback_on <= dl) AS done"
	"   FROM (SELECT officer_id, feedback_on, coalesce((SELECT w FROM off WHERE d = date(received_on, '+7 days')),"
	"   date(received_on, '+7 days')) AS dl FROM resident_request WHERE archived_at IS NULL"
	"   AND received_on BETWEEN date(?1, '-2 months') AND ?2) WHERE dl BETWEEN ?1 AND ?2 GROUP BY officer_id),"
	" info AS (SELECT subject_id AS id, value FROM assess_metric_value WHERE name = 'info_exported'"
	"   AND period = '2024-Q2' AND subject_kind = 'officer' AND archived_at IS NULL),"
	" res AS (SELECT d.office_id AS office_id, count(DISTINCT r.person_id) AS n FROM residence r"
	"   JOIN person p ON p.id = r.person_id AND p.archived_at IS NULL JOIN house h ON h.id = r.house_id"
	"   JOIN coverage c ON c.community_id = h.community_id AND c.archived_at IS NULL"
	"   AND c.valid_from <= ?2 AND (c.valid_to IS NULL OR c.valid_to >= ?2)"
	"   JOIN district d ON d.id = c.district_id WHERE r.archived_at IS NULL AND r.valid_from <= ?2"
	"   AND (r.valid_to IS NULL OR r.valid_to >= ?2) GROUP BY d.office_id),"
	" cs AS (SELECT office_id, count(*) AS n FROM incident WHERE archived_at IS NULL"
	"   AND kind IN ('criminal', 'public_order') AND received_on BETWEEN ?1 AND ?2 GROUP BY office_id),"
	" sv AS (SELECT office_id, kind, sum(positive) * 1.0 / sum(sample_size) AS rate FROM assess_survey"
	"   WHERE archived_at IS NULL AND conducted_on BETWEEN ?1 AND ?2 GROUP BY office_id, kind)"
	" SELECT o.id, coalesce(hv.n, 0), coalesce(kv.n, 0),"
	"   CASE WHEN coalesce(talks.due, 0) = 0 THEN 1.0 ELSE talks.done * 1.0 / talks.due END,"
	"   CASE WHEN coalesce(insp.due, 0) = 0 THEN 1.0 ELSE insp.done * 1.0 / insp.due END,"
	"   CASE WHEN coalesce(nt.due, 0) = 0 THEN 1.0 ELSE nt.done * 1.0 / nt.due END,"
	"   CASE WHEN coalesce(rv.due, 0) = 0 THEN 1.0 ELSE rv.done * 1.0 / rv.due END,"
	"   CASE WHEN coalesce(fb.due, 0) = 0 THEN 1.0 ELSE fb.done * 1.0 / fb.due END,"
	"   info.value, coalesce(cs.n, 0) * 10000.0 / res.n,"
	"   (SELECT rate FROM sv WHERE sv.office_id = o.office_id AND sv.kind = 'satisfaction'),"
	"   (SELECT rate FROM sv WHERE sv.office_id = o.office_id AND sv.kind = 'familiarity'),"
	"   (SELECT rate FROM sv WHERE sv.office_id = o.office_id AND sv.kind = 'visibility')"
	" FROM officer o LEFT JOIN hv ON hv.id = o.id LEFT JOIN kv ON kv.id = o.id"
	" LEFT JOIN talks ON talks.office_id = o.office_id LEFT JOIN insp ON insp.id = o.id"
	" LEFT JOIN nt ON nt.id = o.id LEFT JOIN rv ON rv.id = o.id LEFT JOIN fb ON fb.id = o.id"
	" LEFT JOIN info ON info.id = o.id LEFT JOIN res ON res.office_id = o.office_id"
	" LEFT JOIN cs ON cs.office_id = o.office_id ORDER BY o.id";

#define NMETRICS 12
static const char *const METRICS[NMETRICS] = {
	"visits", "kp_visits", "talks", "inspections", "notices", "returns", "feedback",
	"information", "security", "satisfaction", "familiarity", "visibility"
};

static unsigned rnd_state = 7;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return ((rnd_state >> 16) & 0x7fff) % n;
}

static void build(cpol_db *db, int offices)
{
	static const char *const types[3] = { "entertainment", "special_trade", "internal_unit" };
	cpol_office_new on = CPOL_OFFICE_NEW_INIT;
	cpol_staff_new sn = CPOL_STAFF_NEW_INIT;
	cpol_id region, station = 0;
	cpol_date q2s;
	sqlite3_stmt *district, *community, *cover, *addr, *house, *person, *res, *label, *talk,
	             *unit, *ustat, *insp, *notice, *visit, *inc, *req, *survey, *info;
	char name[64], idn[32];
	int o, k, h, p, m, i, nperson = 0;

	CHECK(cpol_date_from_ymd(&q2s, 2024, 4, 1));
	CHECK(cpol_db_begin(db));
	CHECK(cpol_region_add(&region, db, "bench_assess", NULL));
	district = prep(db, "INSERT INTO district (office_id, name) VALUES (?1, 'd')");
	community = prep(db, "INSERT INTO community (station_id, kind, name) VALUES (?1, 'urban', ?2)");
	cover = prep(db, "INSERT INTO coverage (district_id, community_id, valid_from) VALUES (?1, ?2, '2020-01-01')");
	addr = prep(db, "INSERT INTO address (community_id, level, name, path) VALUES (?1, 'building', ?2, '/')");
	house = prep(db, "INSERT INTO house (address_id, community_id) VALUES (?1, ?2)");
	person = prep(db, "INSERT INTO person (id_kind, id_number, nationality, name, sex, office_id)"
	                  " VALUES ('resident', ?1, 'CHN', 'p', 'unknown', ?2)");
	res = prep(db, "INSERT INTO residence (person_id, house_id, type, valid_from) VALUES (?1, ?2, 'permanent', '2020-01-01')");
	label = prep(db, "INSERT INTO label (person_id, code, valid_from, reason, set_by)"
	                 " VALUES (?1, 'key_person', '2023-01-01', 'bench', 'bench')");
	talk = prep(db, "INSERT INTO contact (kind, person_id, staff_id, on_date) VALUES ('talk', ?1, ?2, ?3)");
	unit = prep(db, "INSERT INTO unit (office_id, officer_id, type_code, name, status, status_since)"
	                " VALUES (?1, ?2, ?3, 'u', 'open', '2023-06-01')");
	ustat = prep(db, "INSERT INTO unit_status (unit_id, status, valid_from) VALUES (?1, 'open', '2023-06-01')");
	insp = prep(db, "INSERT INTO inspection (office_id, unit_id, officer_id, on_date, kind)"
	                " VALUES (?1, ?2, ?3, ?4, 'routine')");
	notice = prep(db, "INSERT INTO rectification_notice (office_id, unit_id, inspection_id, officer_id, year,"
	                  " seq, number, issued_on, deadline, closed_on, close_result)"
	                  " VALUES (?1, ?2, ?3, ?4, 2024, ?5, ?6, ?7, ?8, ?9,"
	                  " CASE WHEN ?9 IS NULL THEN NULL ELSE 'rectified' END)");
	visit = prep(db, "INSERT INTO visit (office_id, officer_id, on_date, kind, house_id, person_id)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	inc = prep(db, "INSERT INTO incident (office_id, officer_id, received_on, kind, summary, returned_on)"
	               " VALUES (?1, ?2, ?3, ?4, 'i', ?5)");
	req = prep(db, "INSERT INTO resident_request (office_id, officer_id, received_on, requester, content,"
	               " in_scope, feedback_on) VALUES (?1, ?2, ?3, 'r', 'c', 1, ?4)");
	survey = prep(db, "INSERT INTO assess_survey (office_id, kind, conducted_on, sample_size, positive)"
	                  " VALUES (?1, ?2, '2024-06-10', 100, ?3)");
	info = prep(db, "INSERT INTO assess_metric_value (name, subject_kind, subject_id, period, period_start,"
	                " period_end, value) VALUES ('info_exported', 'officer', ?1, '2024-Q2',"
	                " '2024-04-01', '2024-06-30', ?2)");
	for (o = 0; o < offices; o++) {
		cpol_id office, officers[OFFICERS_PER_OFFICE], did, cid, houses[HOUSES_PER_OFFICE];
		cpol_id kps[64];
		int nkp = 0, seq = 0;

		if (o % OFFICES_PER_STATION == 0) {
			snprintf(name, sizeof(name), "station %d", o / OFFICES_PER_STATION + 1);
			CHECK(cpol_station_add(&station, db, region, name, NULL));
		}
		snprintf(name, sizeof(name), "office %d", o + 1);
		on.station_id = station;
		on.name = name;
		CHECK(cpol_office_add(&office, db, &on));
		for (k = 0; k < OFFICERS_PER_OFFICE; k++) {
			char badge[16];
			snprintf(badge, sizeof(badge), "B%06d", o * OFFICERS_PER_OFFICE + k);
			sn.office_id = office;
			sn.name = badge;
			sn.badge = badge;
			sn.kind = CPOL_STAFF_OFFICER;
			sn.active_from = q2s - 365;
			CHECK(cpol_staff_add(&officers[k], db, &sn));
			sqlite3_bind_int64(info, 1, officers[k]);
			sqlite3_bind_int(info, 2, 5 + (int)rnd(8));
			step(db, info);
		}
		sqlite3_bind_int64(district, 1, office);
		step(db, district);
		did = sqlite3_last_insert_rowid(cpol__db_handle(db));
		sqlite3_bind_int64(community, 1, station);
		sqlite3_bind_text(community, 2, name, -1, SQLITE_TRANSIENT);
		step(db, community);
		cid = sqlite3_last_insert_rowid(cpol__db_handle(db));
		sqlite3_bind_int64(cover, 1, did);
		sqlite3_bind_int64(cover, 2, cid);
		step(db, cover);
		for (h = 0; h < HOUSES_PER_OFFICE; h++) {
			snprintf(name, sizeof(name), "%d", h + 1);
			sqlite3_bind_int64(addr, 1, cid);
			sqlite3_bind_text(addr, 2, name, -1, SQLITE_TRANSIENT);
			step(db, addr);
			sqlite3_bind_int64(house, 1, sqlite3_last_insert_rowid(cpol__db_handle(db)));
			sqlite3_bind_int64(house, 2, cid);
			step(db, house);
			houses[h] = sqlite3_last_insert_rowid(cpol__db_handle(db));
			for (p = 0; p < PERSONS_PER_HOUSE; p++) {
				cpol_id pid;
				snprintf(idn, sizeof(idn), "P%09d", ++nperson);
				sqlite3_bind_text(person, 1, idn, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int64(person, 2, office);
				step(db, person);
				pid = sqlite3_last_insert_rowid(cpol__db_handle(db));
				sqlite3_bind_int64(res, 1, pid);
				sqlite3_bind_int64(res, 2, houses[h]);
				step(db, res);
				if (rnd(100) == 0 && nkp < 64) {
					sqlite3_bind_int64(label, 1, pid);
					step(db, label);
					kps[nkp++] = pid;
					if (rnd(10) < 7) {
						sqlite3_bind_int64(talk, 1, pid);
						sqlite3_bind_int64(talk, 2, officers[0]);
						bind_day(talk, 3, q2s + (cpol_date)rnd(90));
						step(db, talk);
					}
				}
			}
		}
		for (i = 0; i < UNITS_PER_OFFICE; i++) {
			cpol_id uid, officer = officers[i % OFFICERS_PER_OFFICE];
			sqlite3_bind_int64(unit, 1, office);
			sqlite3_bind_int64(unit, 2, officer);
			sqlite3_bind_text(unit, 3, types[i % 3], -1, SQLITE_STATIC);
			step(db, unit);
			uid = sqlite3_last_insert_rowid(cpol__db_handle(db));
			sqlite3_bind_int64(ustat, 1, uid);
			step(db, ustat);
			for (m = 0; m < 3; m++) {
				cpol_id iid;
				cpol_date day;
				if (rnd(10) == 0)
					continue; /* missed this month */
				day = cpol_date_add_months(q2s, m) + (cpol_date)rnd(25);
				sqlite3_bind_int64(insp, 1, office);
				sqlite3_bind_int64(insp, 2, uid);
				sqlite3_bind_int64(insp, 3, officer);
				bind_day(insp, 4, day);
				step(db, insp);
				iid = sqlite3_last_insert_rowid(cpol__db_handle(db));
				if (rnd(20) == 0) {
					unsigned fate = rnd(4);
					snprintf(name, sizeof(name), "N%d-%d", o, ++seq);
					sqlite3_bind_int64(notice, 1, office);
					sqlite3_bind_int64(notice, 2, uid);
					sqlite3_bind_int64(notice, 3, iid);
					sqlite3_bind_int64(notice, 4, officer);
					sqlite3_bind_int(notice, 5, seq);
					sqlite3_bind_text(notice, 6, name, -1, SQLITE_TRANSIENT);
					bind_day(notice, 7, day);
					bind_day(notice, 8, day + 7);
					if (fate == 0)
						sqlite3_bind_null(notice, 9);
					else
						bind_day(notice, 9, day + (fate == 1 ? 10 : 5));
					step(db, notice);
				}
			}
		}
		for (k = 0; k < OFFICERS_PER_OFFICE; k++) {
			int n = 50 + (int)rnd(40), v;
			for (v = 0; v < n; v++) {
				sqlite3_bind_int64(visit, 1, office);
				sqlite3_bind_int64(visit, 2, officers[k]);
				bind_day(visit, 3, q2s + (cpol_date)rnd(91));
				sqlite3_bind_text(visit, 4, "household", -1, SQLITE_STATIC);
				sqlite3_bind_int64(visit, 5, houses[rnd(HOUSES_PER_OFFICE)]);
				sqlite3_bind_null(visit, 6);
				step(db, visit);
			}
			for (v = 0; v < (int)rnd(5) && nkp; v++) {
				sqlite3_bind_int64(visit, 1, office);
				sqlite3_bind_int64(visit, 2, officers[k]);
				bind_day(visit, 3, q2s + (cpol_date)rnd(91));
				sqlite3_bind_text(visit, 4, "key_person", -1, SQLITE_STATIC);
				sqlite3_bind_null(visit, 5);
				sqlite3_bind_int64(visit, 6, kps[rnd((unsigned)nkp)]);
				step(db, visit);
			}
		}
		for (i = 0; i < 24; i++) {
			cpol_date day = q2s - 20 + (cpol_date)rnd(110);
			cpol_id officer = officers[rnd(OFFICERS_PER_OFFICE)];
			unsigned late = rnd(10);
			sqlite3_bind_int64(inc, 1, office);
			sqlite3_bind_int64(inc, 2, officer);
			bind_day(inc, 3, day);
			sqlite3_bind_text(inc, 4, rnd(3) ? "help" : rnd(2) ? "criminal" : "public_order", -1,
			                  SQLITE_STATIC);
			if (late == 0)
				sqlite3_bind_null(inc, 5);
			else
				bind_day(inc, 5, day + (late == 1 ? 6 : (cpol_date)rnd(4)));
			step(db, inc);
			sqlite3_bind_int64(req, 1, office);
			sqlite3_bind_int64(req, 2, officer);
			bind_day(req, 3, day);
			if (late == 0)
				sqlite3_bind_null(req, 4);
			else
				bind_day(req, 4, day + (late == 1 ? 12 : (cpol_date)rnd(8)));
			step(db, req);
		}
		for (i = 0; i < 3; i++) {
			static const char *const kinds[3] = { "satisfaction", "familiarity", "visibility" };
			sqlite3_bind_int64(survey, 1, office);
			sqlite3_bind_text(survey, 2, kinds[i], -1, SQLITE_STATIC);
			sqlite3_bind_int(survey, 3, 75 + (int)rnd(25));
			step(db, survey);
		}
	}
	sqlite3_finalize(district);
	sqlite3_finalize(community);
	sqlite3_finalize(cover);
	sqlite3_finalize(addr);
	sqlite3_finalize(house);
	sqlite3_finalize(person);
	sqlite3_finalize(res);
	sqlite3_finalize(label);
	sqlite3_finalize(talk);
	sqlite3_finalize(unit);
	sqlite3_finalize(ustat);
	sqlite3_finalize(insp);
	sqlite3_finalize(notice);
	sqlite3_finalize(visit);
	sqlite3_finalize(inc);
	sqlite3_finalize(req);
	sqlite3_finalize(survey);
	sqlite3_finalize(info);
	CHECK(cpol_db_commit(db));
	CHECK(cpol__db_exec(db, "ANALYZE"));
}

/* [[day off, next working day], ...] from 2024-01-01 to 2024-08-31, by the rules' calendar. */
static char *days_off(const cpol_rules *rules)
{
	cpol__buf b = { 0 };
	cpol_date d, w;
	char x[CPOL_DATE_BUFSZ], y[CPOL_DATE_BUFSZ];
	int working, first = 1;

	cpol__buf_puts(&b, "[");
	CHECK(cpol_date_from_ymd(&d, 2024, 1, 1));
	for (; d <= 19966 /* 2024-08-31 */; d++) {
		CHECK(cpol_rules_is_working_day(&working, NULL, rules, d));
		if (working)
			continue;
		for (w = d + 1;; w++) {
			CHECK(cpol_rules_is_working_day(&working, NULL, rules, w));
			if (working)
				break;
		}
		cpol__buf_printf(&b, "%s[\"%s\",\"%s\"]", first ? "" : ",", cpol_date_format(x, d),
		                 cpol_date_format(y, w));
		first = 0;
	}
	cpol__buf_puts(&b, "]");
	return cpol__buf_detach(&b);
}

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	return t[n / 2];
}

/* Run the hand-written aggregation; sums[m] = Σ over officers of metric m. */
static int run_sql(cpol_db *db, const char *off, double *sums)
{
	sqlite3_stmt *st = prep(db, HAND_SQL);
	int rows = 0, m;

	memset(sums, 0, sizeof(double) * NMETRICS);
	sqlite3_bind_text(st, 1, "2024-04-01", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, "2024-06-30", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, off, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (m = 0; m < NMETRICS; m++)
			sums[m] += sqlite3_column_double(st, m + 1);
		rows++;
	}
	sqlite3_finalize(st);
	return rows;
}

int main(int argc, char **argv)
{
	int offices = argc > 1 ? atoi(argv[1]) : 300, i, m, rows = 0, bad = 0;
	cpol_rules_options ro = CPOL_RULES_OPTIONS_INIT;
	cpol_rules *rules = NULL;
	cpol_assessor *a = NULL;
	cpol_assessment *as = NULL;
	cpol_db *db = NULL;
	cpol_period q2;
	double t_lib[RUNS], t_sql[RUNS], t0, t_build, t_save, lib_sums[NMETRICS], sql_sums[NMETRICS];
	double ratio;
	char *off;

	if (offices < 1)
		offices = 300;
	ro.name = "bench_assess.yaml";
	CHECK(cpol_rules_load_string(&rules, RULES, &ro));
	CHECK(cpol_db_open(&db, argc > 2 ? argv[2] : ":memory:", NULL));
	CHECK(cpol_period_parse(&q2, "2024-Q2"));
	t0 = now_ms();
	build(db, offices);
	t_build = now_ms() - t0;
	off = days_off(rules);
	CHECK(cpol_assessor_new(&a, db, rules));

	for (i = 0; i < RUNS; i++) {
		cpol_assessment_free(as);
		as = NULL;
		t0 = now_ms();
		CHECK(cpol_assess_score(&as, a, &q2, NULL));
		t_lib[i] = now_ms() - t0;
		t0 = now_ms();
		rows = run_sql(db, off, sql_sums);
		t_sql[i] = now_ms() - t0;
	}
	/* Both computed the same metrics: compare their sums over the officers. */
	memset(lib_sums, 0, sizeof(lib_sums));
	for (i = 0; i < (int)cpol_assessment_count(as); i++) {
		const cpol_assess_result *r = cpol_assessment_result(as, (size_t)i);
		for (m = 0; m < NMETRICS; m++)
			lib_sums[m] += r->lines[m].value;
	}
	for (m = 0; m < NMETRICS; m++)
		if (fabs(lib_sums[m] - sql_sums[m]) > 1e-6 * (1 + fabs(sql_sums[m]))) {
			fprintf(stderr, "bench_assess: metric %s differs: library %.6f, SQL %.6f\n", METRICS[m],
			        lib_sums[m], sql_sums[m]);
			bad = 1;
		}
	t0 = now_ms();
	CHECK(cpol_assessment_save(NULL, db, as));
	t_save = now_ms() - t0;

	printf("bench_assess: %d offices, %zu officers scored, %d by the SQL (build %.0f ms)\n",
	       offices, cpol_assessment_count(as), rows, t_build);
	printf("  score a quarter (12 metrics, ranking, sanctions, explanations): %8.1f ms\n",
	       median(t_lib, RUNS));
	printf("  hand-written SQL aggregation of the same metrics:               %8.1f ms\n",
	       median(t_sql, RUNS));
	ratio = median(t_lib, RUNS) / median(t_sql, RUNS);
	printf("  ratio %.2f (target <= %.2f)%s%s\n", ratio, TARGET,
	       bad ? "; METRICS DIFFER" : "; the metrics agree", ratio > TARGET ? "; OVER TARGET" : "");
	if (ratio > TARGET)
		bad = 1;
	printf("  (saving the assessment: %.1f ms, not in the ratio)\n", t_save);
	free(off);
	cpol_assessment_free(as);
	cpol_assessor_free(a);
	cpol_rules_free(rules);
	cpol_db_close(db);
	return bad;
}

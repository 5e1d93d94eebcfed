/*
 * bench_population — bulk intake and the population due list at scale (issue 4).
 *
 * 1. Generates a synthetic population as a CSV file: N persons (default
 *    1,000,000) over 300 offices, each office one community of streets,
 *    buildings (门牌), units and rooms, households of 1-5 persons, valid
 *    GB 11643-1999 ID numbers (unique, check characters computed), Chinese
 *    names, residence types, registrations with their validity, labels.
 * 2. Inserts the same rows (address nodes, houses, persons, residences,
 *    labels) with raw SQLite prepared statements into the same tables,
 *    indexes and constraints (raw_insert()) without the library (none of its
 *    checks, no audit trail), in batches
 *    of the same size and with the same journal settings (WAL,
 *    synchronous=FULL): the baseline rate.
 *    Both sides start timing on a checkpointed file with nothing left to
 *    write from their set-up: the library's database is closed and opened
 *    again after the organisation is built (as `commpolice org` then
 *    `commpolice import` would), the raw one checkpointed, then sync().
 * 3. Imports the CSV through the library (cpol_import_run) in a child
 *    process, measuring its rate and its peak memory (VmHWM) above what the
 *    process held before the import, next to SQLite's page-cache limit.
 *    Target: rate >= 0.8 of the raw rate (issue 11; 0.6 before); memory < 64 MiB above the cache.
 *    Steps 2 and 3 are repeated ROUNDS times, interleaved (raw then library,
 *    library then raw in the next round...) on fresh files, so that both
 *    see the same machine load; each round's ratio is printed, and the
 *    median of the rounds' ratios is the figure (the median of the rates
 *    and the ratio of CPU times are printed next to it).
 * 4. Times the due list of office 1 (cpol_owed_list_get, population kinds, national rules) on
 *    the N-person database and on one of N/10 persons over 30 offices (the
 *    same office profile: office 1 holds the same persons in both).
 *    Target: ratio <= 1.5 — the cost follows the office, not the province.
 *
 * Usage: bench_population [-r ROUNDS] [-p all|raw|lib] [-D] [N] [DIR]
 *   -r ROUNDS  interleaved raw/library rounds (default 5)
 *   -p raw     only the raw inserts, once, in this process (for profilers)
 *   -p lib     only the library import, once, in this process (for profilers)
 *   -D         skip the due-list part
 *   N          persons (default 1,000,000; at least 3,000)
 *   DIR        where the files go (default $TMPDIR or /tmp)
 * Built by `make bench`; not run by `make check`. Needs ~3 GB of disk for
 * N = 1,000,000 (BENCH_KEEP=1 keeps the files).
 *
 * Instruction counts, which do not depend on the machine's load:
 * tests/bench/callgrind_population.sh [N] runs `-p raw` and `-p lib` under
 * valgrind --tool=callgrind, collecting only bench_raw_rows() (the timed
 * raw loop, row generation included) and cpol_import_run() (the timed
 * import), and prints both totals and their ratio.
 */
#define BENCH_NAME "bench_population"
#include "benchutil.h"

#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OFFICES 300
#define BATCH 5000

/* ------------------------------------------------------------ generator */

static const char *const SURNAMES[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
	"林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
	"程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾" };
static const char *const GIVEN[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
	"涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "国庆", "子涵",
	"浩然", "雨桐", "欣怡", "宇轩", "思远", "梓萱", "晓东", "红梅", "春生", "玉兰", "建国", "淑珍" };
static const char *const STREETS[] = {
	"解放路", "人民路", "中山路", "建设路", "和平街", "朝阳路", "文化路", "新华街", "胜利路", "青年路",
	"长江路", "黄河路", "工农路", "光明街", "幸福巷", "兴隆街" };
static const char *const COMMUNITY_NAMES[] = {
	"城东", "城西", "城南", "城北", "新华", "幸福", "和平", "光明", "阳光", "花园", "翠苑", "滨江" };
/* Region codes of real counties, one province each. */
static const char *const REGIONS[] = {
	"110105", "320602", "440304", "510104", "330106", "420102", "370202", "350203", "610113", "130102",
	"410105", "430104", "210102", "340104", "360102", "500103", "120101", "450103", "530102", "520102" };

typedef struct row {
	int office;                /* 0-based */
	char id[19], name[32], sex[4], community[32], street[32], building[8], unit[8], room[8];
	const char *type;
	char from[11], registered[11], permit_to[11];
	const char *label;
	int new_room, new_unit, new_building, new_street;
} row;

typedef struct gen {
	uint64_t rng;
	int office, per_office, k;   /* person k of office */
	int room_no, left;           /* current room counter, persons left in it */
	int last_street, last_building, last_unit;
} gen;

static uint64_t rnd(gen *g)
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return g->rng;
}

static void fmt_date(char *buf, cpol_date d)
{
	cpol_date_format(buf, d);
}

/* Start office o: the same seed for office o whatever N, so office 1 is the same in both databases. */
static void gen_office(gen *g, int o, int per_office)
{
	g->rng = 0x9E3779B97F4A7C15ull ^ ((uint64_t)(o + 1) * 0xD1B54A32D192ED03ull);
	g->office = o;
	g->per_office = per_office;
	g->k = 0;
	g->room_no = -1;
	g->left = 0;
	g->last_street = g->last_building = g->last_unit = -1;
}

static void community_name(char *buf, size_t n, int o)
{
	snprintf(buf, n, "%s%d社区", COMMUNITY_NAMES[o % 12], o / 12 + 1);
}

static void gen_row(gen *g, row *r)
{
	static cpol_date base = 0, d2010 = 0;
	uint64_t gid = (uint64_t)g->office * (uint64_t)g->per_office + (uint64_t)g->k;
	cpol_date birth, from;
	int rc, street, building, unit, floor, door, seq, days = 27759; /* 1940-01-01 .. 2015-12-31 */
	unsigned r100;

	if (!base) {
		cpol_date_from_ymd(&base, 1940, 1, 1);
		cpol_date_from_ymd(&d2010, 2010, 1, 1);
	}
	memset(r, 0, sizeof(*r));
	r->office = g->office;
	if (g->left == 0) {
		g->room_no++;
		g->left = 1 + (int)(rnd(g) % 5);
		r->new_room = 1;
	}
	g->left--;
	rc = g->room_no;
	floor = rc % 12 / 2 + 1;
	door = rc % 2 + 1;
	unit = rc / 12 % 2 + 1;
	building = rc / 24 % 20 + 1;
	street = rc / 480;
	r->new_street = street != g->last_street;
	r->new_building = r->new_street || building != g->last_building;
	r->new_unit = r->new_building || unit != g->last_unit;
	g->last_street = street;
	g->last_building = building;
	g->last_unit = unit;
	community_name(r->community, sizeof(r->community), g->office);
	if (street < 16)
		snprintf(r->street, sizeof(r->street), "%s", STREETS[street]);
	else
		snprintf(r->street, sizeof(r->street), "%s%d巷", STREETS[street % 16], street / 16);
	snprintf(r->building, sizeof(r->building), "%d", building);
	snprintf(r->unit, sizeof(r->unit), "%d", unit);
	snprintf(r->room, sizeof(r->room), "%d0%d", floor, door);

	/* ID: (birth day, sequence) unique per gid: day from gid / 1000, sequence from gid % 1000. */
	birth = base + (cpol_date)((gid / 1000 * 7919) % (uint64_t)days);
	seq = (int)((gid % 1000) * 389 % 1000);
	{
		char d[CPOL_DATE_BUFSZ];
		fmt_date(d, birth);
		snprintf(r->id, sizeof(r->id), "%s%.4s%.2s%.2s%03d", REGIONS[g->office % 20], d, d + 5, d + 8, seq);
		r->id[17] = cpol_idnum_check_char(r->id);
		r->id[18] = '\0';
	}
	snprintf(r->sex, sizeof(r->sex), "%s", seq % 2 ? "男" : "女");
	snprintf(r->name, sizeof(r->name), "%s%s", SURNAMES[rnd(g) % 45], GIVEN[rnd(g) % 40]);

	r100 = (unsigned)(rnd(g) % 100);
	r->type = r100 < 78 ? "permanent" : r100 < 93 ? "temporary" : "floating";
	from = d2010 + (cpol_date)(rnd(g) % 5270); /* 2010 .. 2024-06 */
	if (from < birth)
		from = birth;
	fmt_date(r->from, from);
	if (r100 >= 78) {
		cpol_date reg = from + (cpol_date)(rnd(g) % 20), until;
		fmt_date(r->registered, reg);
		until = cpol_date_add_months(reg, 12 * (1 + (int)(rnd(g) % 15)));
		fmt_date(r->permit_to, until);
	}
	r100 = (unsigned)(rnd(g) % 1000);
	r->label = r100 < 10 ? "key_person" : r100 < 25 ? "elderly_alone" : r100 < 30 ? "drug_user" : NULL;
	g->k++;
}

/* ---------------------------------------------------------------- files */

static void write_csv(const char *path, int n, int offices)
{
	FILE *fp = fopen(path, "w");
	int per = n / offices, o, k;
	gen g;
	row r;

	if (!fp) {
		perror(path);
		exit(1);
	}
	fputs("身份证号,姓名,性别,社区,街路巷,门牌号,单元,户室,人口类型,居住起始日期,登记日期,居住证有效期至,标签\n", fp);
	for (o = 0; o < offices; o++) {
		gen_office(&g, o, per);
		for (k = 0; k < per; k++) {
			gen_row(&g, &r);
			fprintf(fp, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", r.id, r.name, r.sex, r.community, r.street,
			        r.building, r.unit, r.room, r.type, r.from, r.registered, r.permit_to, r.label ? r.label : "");
		}
	}
	fclose(fp);
}

/* The organisation: one station, offices each with a district covering its community and two officers. */
static void make_org(cpol_db *db, int offices)
{
	cpol_id region, station, office, district, community;
	cpol_date d0;
	char name[64], badge[16];
	int o;

	CHECK(cpol_date_from_ymd(&d0, 2000, 1, 1));
	CHECK(cpol_db_begin(db));
	CHECK(cpol_region_add(&region, db, "national", NULL));
	CHECK(cpol_station_add(&station, db, region, "城区派出所", NULL));
	for (o = 0; o < offices; o++) {
		cpol_office_new on = CPOL_OFFICE_NEW_INIT;
		cpol_staff_new s = CPOL_STAFF_NEW_INIT;
		int i;
		community_name(name, sizeof(name), o);
		CHECK(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, name, "某市某区", NULL));
		on.station_id = station;
		snprintf(name, sizeof(name), "第%d警务室", o + 1);
		on.name = name;
		CHECK(cpol_office_add(&office, db, &on));
		CHECK(cpol_district_add(&district, db, office, name, NULL));
		CHECK(cpol_district_cover(NULL, db, district, community, d0));
		for (i = 0; i < 2; i++) {
			snprintf(badge, sizeof(badge), "%06d", o * 2 + i + 100000);
			s.office_id = office;
			s.district_id = district;
			s.name = i ? "王警官" : "李警官";
			s.badge = badge;
			s.kind = CPOL_STAFF_OFFICER;
			s.active_from = d0;
			CHECK(cpol_staff_add(NULL, db, &s));
		}
	}
	CHECK(cpol_db_commit(db));
}

/* ------------------------------------------------------------- raw baseline */

static void raw_exec(sqlite3 *h, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_population: %s: %s\n", sql, err);
		exit(1);
	}
}

static sqlite3_stmt *raw_prep(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_population: %s: %s\n", sql, sqlite3_errmsg(h));
		exit(1);
	}
	return st;
}

static void raw_step(sqlite3 *h, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, "bench_population: raw insert: %s\n", sqlite3_errmsg(h));
		exit(1);
	}
	sqlite3_reset(st);
}

/* CPU time (user + system) of this process, in seconds. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

typedef struct raw_stmts {
	sqlite3_stmt *addr, *house, *person, *res, *label;
} raw_stmts;

#if defined(__GNUC__)
#define BENCH_NOINLINE __attribute__((noinline))
#else
#define BENCH_NOINLINE
#endif

/*
 * The timed raw loop: generate each row and insert it. Not static and not
 * inlined, so that callgrind can collect exactly this
 * (--toggle-collect=bench_raw_rows).
 */
void bench_raw_rows(sqlite3 *h, const raw_stmts *s, int n, int offices);

BENCH_NOINLINE void bench_raw_rows(sqlite3 *h, const raw_stmts *s, int n, int offices)
{
	int per = n / offices, o, k, in_batch = 0;
	int64_t addr_id = 0, house_id = 0, person_id = 0, street_id = 0, bld_id = 0, unit_id = 0;
	gen g;
	row r;

	for (o = 0; o < offices; o++) {
		gen_office(&g, o, per);
		for (k = 0; k < per; k++) {
			char path_buf[96], birth[11];
			gen_row(&g, &r);
			if (in_batch == 0)
				raw_exec(h, "BEGIN");
			/* the address chain, as cpol_address_ensure adds it */
			if (r.new_street) {
				street_id = ++addr_id;
				sqlite3_bind_int64(s->addr, 1, street_id);
				sqlite3_bind_int(s->addr, 2, o + 1);
				sqlite3_bind_null(s->addr, 3);
				sqlite3_bind_text(s->addr, 4, "street", -1, SQLITE_STATIC);
				sqlite3_bind_text(s->addr, 5, r.street, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(s->addr, 6, "/", -1, SQLITE_STATIC);
				raw_step(h, s->addr);
			}
			if (r.new_building) {
				bld_id = ++addr_id;
				snprintf(path_buf, sizeof(path_buf), "/%lld/", (long long)street_id);
				sqlite3_bind_int64(s->addr, 1, bld_id);
				sqlite3_bind_int64(s->addr, 3, street_id);
				sqlite3_bind_text(s->addr, 4, "building", -1, SQLITE_STATIC);
				sqlite3_bind_text(s->addr, 5, r.building, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(s->addr, 6, path_buf, -1, SQLITE_TRANSIENT);
				raw_step(h, s->addr);
			}
			if (r.new_unit) {
				unit_id = ++addr_id;
				snprintf(path_buf, sizeof(path_buf), "/%lld/%lld/", (long long)street_id, (long long)bld_id);
				sqlite3_bind_int64(s->addr, 1, unit_id);
				sqlite3_bind_int64(s->addr, 3, bld_id);
				sqlite3_bind_text(s->addr, 4, "unit", -1, SQLITE_STATIC);
				sqlite3_bind_text(s->addr, 5, r.unit, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(s->addr, 6, path_buf, -1, SQLITE_TRANSIENT);
				raw_step(h, s->addr);
			}
			if (r.new_room) {
				++addr_id;
				snprintf(path_buf, sizeof(path_buf), "/%lld/%lld/%lld/", (long long)street_id, (long long)bld_id,
				         (long long)unit_id);
				sqlite3_bind_int64(s->addr, 1, addr_id);
				sqlite3_bind_int64(s->addr, 3, unit_id);
				sqlite3_bind_text(s->addr, 4, "room", -1, SQLITE_STATIC);
				sqlite3_bind_text(s->addr, 5, r.room, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(s->addr, 6, path_buf, -1, SQLITE_TRANSIENT);
				raw_step(h, s->addr);
				sqlite3_bind_int64(s->house, 1, ++house_id);
				sqlite3_bind_int64(s->house, 2, addr_id);
				sqlite3_bind_int(s->house, 3, o + 1);
				raw_step(h, s->house);
			}
			snprintf(birth, sizeof(birth), "%.4s-%.2s-%.2s", r.id + 6, r.id + 10, r.id + 12);
			sqlite3_bind_int64(s->person, 1, ++person_id);
			sqlite3_bind_text(s->person, 2, r.id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s->person, 3, r.name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s->person, 4, strcmp(r.sex, "男") == 0 ? "male" : "female", -1, SQLITE_STATIC);
			sqlite3_bind_text(s->person, 5, birth, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(s->person, 6, o + 1);
			sqlite3_bind_text(s->person, 7, r.from, -1, SQLITE_TRANSIENT);
			raw_step(h, s->person);
			sqlite3_bind_int64(s->res, 1, person_id);
			sqlite3_bind_int64(s->res, 2, house_id);
			sqlite3_bind_text(s->res, 3, r.type, -1, SQLITE_STATIC);
			sqlite3_bind_text(s->res, 4, r.from, -1, SQLITE_TRANSIENT);
			if (r.registered[0]) {
				sqlite3_bind_text(s->res, 5, r.registered, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(s->res, 6, r.permit_to, -1, SQLITE_TRANSIENT);
			} else {
				sqlite3_bind_null(s->res, 5);
				sqlite3_bind_null(s->res, 6);
			}
			raw_step(h, s->res);
			if (r.label) {
				sqlite3_bind_int64(s->label, 1, person_id);
				sqlite3_bind_text(s->label, 2, r.label, -1, SQLITE_STATIC);
				sqlite3_bind_text(s->label, 3, r.from, -1, SQLITE_TRANSIENT);
				raw_step(h, s->label);
			}
			if (++in_batch == BATCH) {
				raw_exec(h, "COMMIT");
				in_batch = 0;
			}
		}
	}
	if (in_batch)
		raw_exec(h, "COMMIT");
}

typedef struct timing {
	double seconds;  /* wall clock */
	double cpu;      /* user + system */
} timing;

/*
 * The same tables, indexes and constraints as lib/schema/002_population.sql
 * for what the import writes, without the audit triggers; the same rows as
 * the import writes, ids assigned as the generator walks the tree. The
 * CHECKs of address.level, house.use and .status, person.id_kind and .sex
 * and residence.relation, and the foreign keys house.community_id and
 * person.hukou_address_id, were missing here until 0.2.0's last import
 * change: SQLite evaluates them on every row it inserts into those tables,
 * whoever inserts it, so a baseline without them did less than any writer
 * of this schema must (a CHECK a row, a community lookup a house).
 * residence.rental_id's foreign key is left out with the rental table: the
 * rows here never name a letting, and SQLite checks a NULL key without a
 * lookup (as it does person.hukou_address_id's here).
 */
static timing raw_insert(const char *path, int n, int offices)
{
	sqlite3 *h;
	raw_stmts s;
	timing t;
	double t0, c0;

	unlink(path);
	if (sqlite3_open(path, &h) != SQLITE_OK)
		exit(1);
	raw_exec(h, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
	raw_exec(h,
		"CREATE TABLE community (id INTEGER PRIMARY KEY, name TEXT);"
		"CREATE TABLE office (id INTEGER PRIMARY KEY);"
		"CREATE TABLE address (id INTEGER PRIMARY KEY, community_id INTEGER NOT NULL REFERENCES community (id),"
		" parent_id INTEGER REFERENCES address (id),"
		" level TEXT NOT NULL CHECK (level = 'street' OR level = 'building' OR level = 'unit' OR level = 'room'),"
		" name TEXT NOT NULL, path TEXT NOT NULL,"
		" archived_at TEXT);"
		"CREATE UNIQUE INDEX address_child ON address (community_id, ifnull(parent_id, 0), name) WHERE archived_at IS NULL;"
		"CREATE INDEX address_by_path ON address (path);"
		"CREATE TABLE house (id INTEGER PRIMARY KEY, address_id INTEGER NOT NULL REFERENCES address (id),"
		" community_id INTEGER NOT NULL REFERENCES community (id),"
		" use TEXT NOT NULL CHECK (use = 'residential' OR use = 'commercial' OR use = 'mixed' OR use = 'dormitory'"
		" OR use = 'other'),"
		" status TEXT NOT NULL CHECK (status = 'self' OR status = 'rented' OR status = 'vacant' OR status = 'lent'),"
		" owner_name TEXT, owner_id_number TEXT,"
		" owner_phone TEXT, note TEXT, archived_at TEXT);"
		"CREATE UNIQUE INDEX house_address ON house (address_id) WHERE archived_at IS NULL;"
		"CREATE INDEX house_by_community ON house (community_id);"
		"CREATE TABLE person (id INTEGER PRIMARY KEY, id_kind TEXT NOT NULL CHECK (id_kind IN ('resident', 'passport')),"
		" id_number TEXT NOT NULL, id_number_old TEXT, nationality TEXT NOT NULL, name TEXT NOT NULL,"
		" sex TEXT NOT NULL CHECK (sex = 'male' OR sex = 'female' OR sex = 'unknown'), birth_date TEXT, phone TEXT, hukou TEXT,"
		" hukou_address_id INTEGER REFERENCES address (id), office_id INTEGER REFERENCES office (id), office_since TEXT,"
		" archived_at TEXT);"
		"CREATE UNIQUE INDEX person_id_number ON person (id_number, id_kind, nationality) WHERE archived_at IS NULL;"
		"CREATE INDEX person_by_name ON person (name);"
		"CREATE INDEX person_by_office ON person (office_id);"
		"CREATE TABLE residence (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person (id),"
		" house_id INTEGER NOT NULL REFERENCES house (id), type TEXT NOT NULL,"
		" relation TEXT NOT NULL CHECK (relation = 'owner' OR relation = 'family' OR relation = 'tenant' OR relation = 'other'),"
		" rental_id INTEGER,"
		" valid_from TEXT NOT NULL, valid_to TEXT, registered_on TEXT, permit_no TEXT, permit_valid_to TEXT,"
		" reason_in TEXT, reason_out TEXT, archived_at TEXT);"
		"CREATE INDEX residence_by_person ON residence (person_id, valid_from);"
		"CREATE INDEX residence_by_house ON residence (house_id, valid_from);"
		"CREATE TABLE label (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person (id), code TEXT NOT NULL,"
		" valid_from TEXT NOT NULL, valid_to TEXT, reason TEXT NOT NULL, set_by TEXT NOT NULL, end_reason TEXT,"
		" ended_by TEXT, archived_at TEXT);"
		"CREATE INDEX label_by_person ON label (person_id, valid_from);"
		"CREATE INDEX label_by_code ON label (code, person_id);");
	raw_exec(h, "BEGIN");
	{
		int o;
		for (o = 1; o <= offices; o++) {
			char q[96];
			snprintf(q, sizeof(q), "INSERT INTO community (id) VALUES (%d); INSERT INTO office (id) VALUES (%d)", o, o);
			raw_exec(h, q);
		}
	}
	raw_exec(h, "COMMIT");
	s.addr = raw_prep(h, "INSERT INTO address (id, community_id, parent_id, level, name, path) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	s.house = raw_prep(h, "INSERT INTO house (id, address_id, community_id, use, status) VALUES (?1, ?2, ?3, 'residential', 'self')");
	s.person = raw_prep(h, "INSERT INTO person (id, id_kind, id_number, nationality, name, sex, birth_date, office_id, office_since)"
	                       " VALUES (?1, 'resident', ?2, 'CHN', ?3, ?4, ?5, ?6, ?7)");
	s.res = raw_prep(h, "INSERT INTO residence (person_id, house_id, type, relation, valid_from, registered_on, permit_valid_to, reason_in)"
	                    " VALUES (?1, ?2, ?3, 'family', ?4, ?5, ?6, 'imported')");
	s.label = raw_prep(h, "INSERT INTO label (person_id, code, valid_from, reason, set_by) VALUES (?1, ?2, ?3, 'imported', 'bench')");

	/* Both sides start from a checkpointed file with nothing of the set-up left to write (sync). */
	raw_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)");
	sync();
	t0 = now_s();
	c0 = cpu_s();
	bench_raw_rows(h, &s, n, offices);
	t.seconds = now_s() - t0;
	t.cpu = cpu_s() - c0;
	sqlite3_finalize(s.addr);
	sqlite3_finalize(s.house);
	sqlite3_finalize(s.person);
	sqlite3_finalize(s.res);
	sqlite3_finalize(s.label);
	sqlite3_close(h);
	return t;
}

/* ------------------------------------------------------------ library import */

static long proc_kib(const char *field)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(field);

	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp))
		if (strncmp(line, field, n) == 0) {
			v = atol(line + n + 1);
			break;
		}
	fclose(fp);
	return v;
}

typedef struct import_result {
	double seconds, cpu;
	long rss_before_kib, hwm_kib;
	long long sqlite_highwater;
	long cache_kib;
	long long ok, bad;
} import_result;

/* Import in this process; the caller forks so that the peak is the import's own. */
static void library_import(const char *db_path, const char *csv_path, int offices, import_result *res)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_rules *rules;
	cpol_db *db;
	sqlite3_stmt *st;
	double t0, c0;
	char wal[600];

	unlink(db_path);
	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	unlink(wal);
	CHECK(cpol_db_open(&db, db_path, NULL));
	CHECK(cpol_db_set_user(db, "bench"));
	make_org(db, offices);
	/*
	 * As an office does it (commpolice org, then commpolice import): the
	 * import opens a database whose last connection closed, so its WAL was
	 * checkpointed and removed. Without this the first checkpoint inside
	 * the timed import wrote the migrations' and the organisation's pages.
	 */
	cpol_db_close(db);
	CHECK(cpol_db_open(&db, db_path, NULL));
	CHECK(cpol_db_set_user(db, "bench"));
	CHECK(cpol_rules_load_region(&rules, "national", NULL));
	if (sqlite3_prepare_v2(cpol__db_handle(db), "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		long c = (long)sqlite3_column_int64(st, 0);
		/* negative: KiB; positive: pages */
		res->cache_kib = c < 0 ? -c : c * 4;
	}
	sqlite3_finalize(st);
	o.kind = CPOL_IMPORT_PERSONS;
	o.rules = rules;
	o.batch_rows = BATCH;
	res->rss_before_kib = proc_kib("VmRSS:");
	sync();
	t0 = now_s();
	c0 = cpu_s();
	CHECK(cpol_import_run(&rep, db, csv_path, &o));
	res->seconds = now_s() - t0;
	res->cpu = cpu_s() - c0;
	res->hwm_kib = proc_kib("VmHWM:");
	res->sqlite_highwater = (long long)sqlite3_memory_highwater(0);
	res->ok = rep.ok;
	res->bad = rep.bad;
	cpol_rules_free(rules);
	cpol_db_close(db);
}

static void forked_import(const char *db_path, const char *csv_path, int offices, import_result *res)
{
	int fds[2];
	pid_t pid;

	fflush(stdout);
	if (pipe(fds) != 0) {
		perror("pipe");
		exit(1);
	}
	pid = fork();
	if (pid == 0) {
		import_result r;
		memset(&r, 0, sizeof(r));
		close(fds[0]);
		library_import(db_path, csv_path, offices, &r);
		if (write(fds[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], res, sizeof(*res)) != (ssize_t)sizeof(*res)) {
		fprintf(stderr, "bench_population: the import process failed\n");
		exit(1);
	}
	close(fds[0]);
	waitpid(pid, NULL, 0);
}

/* -------------------------------------------------------------- due list */

/* The median of n values (sorts them). */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double due_median_ms(const char *db_path, size_t *items)
{
	cpol_db_options opts = CPOL_DB_OPTIONS_INIT;
	cpol_rules *rules;
	cpol_db *db;
	cpol_date on;
	double t[21];
	int i;

	opts.flags = CPOL_DB_OPEN_READONLY;
	CHECK(cpol_db_open(&db, db_path, &opts));
	CHECK(cpol_rules_load_region(&rules, "national", NULL));
	CHECK(cpol_date_from_ymd(&on, 2024, 6, 10));
	for (i = -1; i < 21; i++) {
		cpol_owed_query q = CPOL_OWED_QUERY_INIT;
		cpol_owed_list *l;
		double t0 = now_s();
		size_t n;
		q.office_id = 1;
		q.on = on;
		q.horizon_days = 30;
		q.kinds = (1u << CPOL_OWED_ASSESSMENT) | (1u << CPOL_OWED_TALK) | (1u << CPOL_OWED_PERSON_VISIT) |
		          (1u << CPOL_OWED_REGISTRATION) | (1u << CPOL_OWED_VERIFY_REGISTRATION) |
		          (1u << CPOL_OWED_RENTAL) | (1u << CPOL_OWED_HOUSEHOLD);
		CHECK(cpol_owed_list_get(&l, db, rules, &q));
		n = l->count;
		cpol_owed_list_free(l);
		if (i >= 0)
			t[i] = (now_s() - t0) * 1e3;
		*items = n;
	}
	cpol_rules_free(rules);
	cpol_db_close(db);
	return median(t, 21);
}

static void unlink_db(const char *path)
{
	char wal[600];
	unlink(path);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_population [-r ROUNDS] [-p all|raw|lib] [-D] [N >= %d] [DIR]\n", OFFICES * 10);
	return 2;
}

#define MAX_ROUNDS 51

int main(int argc, char **argv)
{
	int n = 1000000, rounds = 5, due = 1, i, r, pos = 0;
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", *phase = "all";
	char csv_big[512], csv_small[512], db_big[512], db_small[512], db_raw[512];
	double ratio[MAX_ROUNDS], raw_rates[MAX_ROUNDS], lib_rates[MAX_ROUNDS], raw_cpu[MAX_ROUNDS], lib_cpu[MAX_ROUNDS];
	import_result big, small, peak;
	double due_big, due_small;
	size_t items_big, items_small;
	int small_n, small_offices = OFFICES / 10;
	long above;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			phase = argv[++i];
		else if (strcmp(argv[i], "-D") == 0)
			due = 0;
		else if (argv[i][0] == '-')
			return usage();
		else if (pos++ == 0)
			n = atoi(argv[i]);
		else
			dir = argv[i];
	}
	if (n < OFFICES * 10 || rounds < 1 || rounds > MAX_ROUNDS ||
	    (strcmp(phase, "all") && strcmp(phase, "raw") && strcmp(phase, "lib")))
		return usage();
	small_n = n / 10;
	snprintf(csv_big, sizeof(csv_big), "%s/bench_pop_%d.csv", dir, n);
	snprintf(csv_small, sizeof(csv_small), "%s/bench_pop_%d.csv", dir, small_n);
	snprintf(db_big, sizeof(db_big), "%s/bench_pop_%d.db", dir, n);
	snprintf(db_small, sizeof(db_small), "%s/bench_pop_%d.db", dir, small_n);
	snprintf(db_raw, sizeof(db_raw), "%s/bench_pop_raw_%d.db", dir, n);

	if (strcmp(phase, "raw") == 0) {
		timing t = raw_insert(db_raw, n, OFFICES);
		printf("raw SQLite prepared inserts: %.2f s (CPU %.2f s), %.0f persons/s\n", t.seconds, t.cpu,
		       (n / OFFICES * OFFICES) / t.seconds);
		if (!getenv("BENCH_KEEP"))
			unlink_db(db_raw);
		return 0;
	}
	write_csv(csv_big, n, OFFICES);
	if (strcmp(phase, "lib") == 0) {
		import_result res;
		memset(&res, 0, sizeof(res));
		library_import(db_big, csv_big, OFFICES, &res);
		printf("library import: %.2f s (CPU %.2f s), %.0f persons/s (%lld ok, %lld bad)\n", res.seconds, res.cpu,
		       (double)res.ok / res.seconds, res.ok, res.bad);
		if (!getenv("BENCH_KEEP")) {
			unlink(csv_big);
			unlink_db(db_big);
		}
		return 0;
	}

	printf("bench_population: %d persons over %d offices (%d per office); files in %s; %d rounds\n", n, OFFICES,
	       n / OFFICES, dir, rounds);
	memset(&peak, 0, sizeof(peak));
	for (r = 0; r < rounds; r++) {
		timing t;
		/* Alternate the order, so that neither side always runs first. */
		if (r % 2 == 1)
			forked_import(db_big, csv_big, OFFICES, &big);
		t = raw_insert(db_raw, n, OFFICES);
		if (r % 2 == 0)
			forked_import(db_big, csv_big, OFFICES, &big);
		raw_rates[r] = (n / OFFICES * OFFICES) / t.seconds;
		raw_cpu[r] = t.cpu;
		lib_rates[r] = (double)big.ok / big.seconds;
		lib_cpu[r] = big.cpu;
		ratio[r] = lib_rates[r] / raw_rates[r];
		printf("  round %d: raw %.0f persons/s (%.2f s, CPU %.2f s), library %.0f persons/s (%.2f s, CPU %.2f s;"
		       " %lld ok, %lld bad): ratio %.2f\n", r + 1, raw_rates[r], t.seconds, t.cpu, lib_rates[r], big.seconds,
		       big.cpu, big.ok, big.bad, ratio[r]);
		fflush(stdout);
		if (big.hwm_kib - big.rss_before_kib > peak.hwm_kib - peak.rss_before_kib)
			peak = big;
	}
	{
		double mr = median(raw_rates, rounds), ml = median(lib_rates, rounds);
		double mc_raw = median(raw_cpu, rounds), mc_lib = median(lib_cpu, rounds);
		double lo, hi;
		printf("raw SQLite prepared inserts (same rows, no checks, no audit): median %.0f persons/s\n", mr);
		printf("library import (cpol_import_run, audited by batch):          median %.0f persons/s\n", ml);
		lo = median(ratio, rounds); /* sorts ratio */
		hi = ratio[rounds - 1];
		printf("  ratio to raw: median %.2f over %d rounds (min %.2f, max %.2f) (target >= 0.80)\n", lo, rounds,
		       ratio[0], hi);
		printf("  CPU-time ratio (raw CPU / library CPU, medians): %.2f\n", mc_raw / mc_lib);
	}
	above = peak.hwm_kib - peak.rss_before_kib;
	printf("  peak memory of the import: %.1f MiB above the process before it; SQLite page cache limit %.1f MiB;\n"
	       "  SQLite's own allocation high-water %.1f MiB; above the page cache: %.1f MiB (target < 64)\n",
	       above / 1024.0, peak.cache_kib / 1024.0, peak.sqlite_highwater / 1048576.0,
	       (above - peak.cache_kib) / 1024.0);

	if (due) {
		write_csv(csv_small, small_n, small_offices);
		forked_import(db_small, csv_small, small_offices, &small);
		due_big = due_median_ms(db_big, &items_big);
		due_small = due_median_ms(db_small, &items_small);
		printf("due list of office 1 on 2024-06-10: %.2f ms on %d persons (%zu items), %.2f ms on %d persons "
		       "(%zu items)\n  ratio %.2f (target <= 1.5)\n",
		       due_big, n, items_big, due_small, small_n, items_small, due_big / due_small);
	}
	if (!getenv("BENCH_KEEP")) {
		unlink(csv_big);
		unlink(csv_small);
		unlink_db(db_raw);
		unlink_db(db_big);
		unlink_db(db_small);
	}
	return 0;
}

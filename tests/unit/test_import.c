/* CSV intake: encodings, bad rows with line and column, batches, resuming. */
#include "testutil.h"
#include "db_internal.h"

#include <iconv.h>

static cpol_db *db;
static char *dir;
static cpol_id office, community;

static int64_t fixed_clock(void *payload)
{
	return 1717200000; /* 2024-06-01 */
}

static cpol_date D(const char *iso)
{
	cpol_date d;
	ck_assert_ok(cpol_date_parse(&d, iso));
	return d;
}

static void setup(void)
{
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_id region, station, district;

	dir = testutil_tmpdir();
	ck_assert_ok(cpol_db_open(&db, testutil_path(dir, "t.db"), NULL));
	cpol_db_set_clock(db, fixed_clock, NULL);
	ck_assert_ok(cpol_db_set_user(db, "importer"));
	ck_assert_ok(cpol_region_add(&region, db, "national", NULL));
	ck_assert_ok(cpol_station_add(&station, db, region, "城东派出所", NULL));
	o.station_id = station;
	o.name = "城东社区警务室";
	ck_assert_ok(cpol_office_add(&office, db, &o));
	ck_assert_ok(cpol_district_add(&district, db, office, "一区", NULL));
	ck_assert_ok(cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城东社区", NULL, "C01"));
	ck_assert_ok(cpol_district_cover(NULL, db, district, community, D("2020-01-01")));
}

static void teardown(void)
{
	cpol_db_close(db);
	testutil_rmtree(dir);
}

static const char *write_file(const char *name, const char *data, size_t len)
{
	const char *path = testutil_path(dir, name);
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fwrite(data, 1, len, fp), len);
	fclose(fp);
	return path;
}

/* UTF-8 text to GB18030 bytes, as a Chinese spreadsheet program saves CSV. */
static size_t to_gb18030(char *out, size_t cap, const char *utf8)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *in = (char *)utf8, *o = out;
	size_t inleft = strlen(utf8), outleft = cap;
	ck_assert(cd != (iconv_t)-1);
	ck_assert(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	return cap - outleft;
}

/* What the problem callback was told. */
typedef struct told_problems {
	int count;
	int line[16], column[16];
	cpol_import_level level[16];
	char field[16][64], reason[16][512];
} told_problems;

static int keep_problem(const cpol_import_problem *p, void *payload)
{
	told_problems *t = payload;
	if (t->count < 16) {
		t->line[t->count] = p->line;
		t->column[t->count] = p->column;
		t->level[t->count] = p->level;
		snprintf(t->field[t->count], sizeof(t->field[0]), "%s", p->field ? p->field : "");
		snprintf(t->reason[t->count], sizeof(t->reason[0]), "%s", p->reason);
	}
	t->count++;
	return 0;
}

static int64_t persons(void)
{
	int64_t n;
	ck_assert_ok(cpol_person_count(&n, db, NULL));
	return n;
}

/*
 * Rows: 2 good, then a February 30 (line 4, 身份证号 = column 1), a wrong
 * check character (line 5), a sex that contradicts the number (line 6,
 * column 3), a quoted name with a comma and a line break (lines 7-8, good),
 * an unknown type (line 9, column 8).
 * Check characters: 110105199003071239 (sum 190 -> '9'), 320102198506150022
 * (sum 219 -> '2'), 11010519491231002X (sum 167 -> 'X'), 440524188001010014
 * (sum 195 -> '4'); see test_population.c for the sums.
 */
static const char PERSONS_CSV[] =
	"身份证号,姓名,性别,社区,街路巷,门牌号,户室,人口类型,居住起始日期\r\n"
	"110105199003071239,张伟,男,城东社区,解放路,12,301,常住人口,2024/1/5\r\n"
	"320102198506150022,周丽,,C01,解放路,12,301,temporary,20240301\r\n"
	"11010519900230001X,错日,,城东社区,解放路,12,302,permanent,\r\n"
	"110105194912310021,错校验,,城东社区,解放路,12,302,permanent,\r\n"
	"440524188001010014,李老,女,城东社区,解放路,12,302,permanent,\r\n"
	"11010519491231002X,\"王,\n芳\",女,城东社区,解放路,14,101,permanent,\r\n"
	"440524188001010014,李老,男,城东社区,解放路,12,301,visitor,\r\n";

START_TEST(utf8_with_bom_bad_rows_reported)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_import_problem_iter *it;
	const cpol_import_problem *p;
	char buf[2048];
	const char *path;
	cpol_id id;
	cpol_person *got;

	memcpy(buf, "\xEF\xBB\xBF", 3);
	memcpy(buf + 3, PERSONS_CSV, sizeof(PERSONS_CSV) - 1);
	path = write_file("p.csv", buf, 3 + sizeof(PERSONS_CSV) - 1);
	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, path, &o));
	ck_assert_int_eq(rep.encoding, CPOL_ENCODING_UTF8);
	ck_assert_int_eq(rep.records, 7);
	ck_assert_int_eq(rep.ok, 3);
	ck_assert_int_eq(rep.bad, 4);
	ck_assert_int_eq(rep.persons_created, 3);
	ck_assert_int_eq(rep.houses_created, 2); /* 12号301室, 14号101室; 302 was rolled back */
	ck_assert_int_eq(persons(), 3);

	ck_assert_ok(cpol_import_problem_iter_new(&it, db, rep.run_id));
	ck_assert_ok(cpol_import_problem_iter_next(&p, it));
	ck_assert_int_eq(p->line, 4);
	ck_assert_int_eq(p->column, 1);
	ck_assert_str_eq(p->field, "身份证号");
	ck_assert_ptr_nonnull(strstr(p->reason, "1990-02-30 does not exist"));
	ck_assert_ok(cpol_import_problem_iter_next(&p, it));
	ck_assert_int_eq(p->line, 5);
	ck_assert_ptr_nonnull(strstr(p->reason, "check character"));
	ck_assert_ok(cpol_import_problem_iter_next(&p, it));
	ck_assert_int_eq(p->line, 6);
	ck_assert_int_eq(p->column, 3);
	ck_assert_str_eq(p->field, "性别");
	ck_assert_ok(cpol_import_problem_iter_next(&p, it));
	ck_assert_int_eq(p->line, 9); /* the quoted line break made the record before it two lines */
	ck_assert_int_eq(p->column, 8);
	ck_assert_str_eq(p->field, "人口类型");
	ck_assert_int_eq(cpol_import_problem_iter_next(&p, it), CPOL_ITEROVER);
	cpol_import_problem_iter_free(it);

	ck_assert_ok(cpol_person_find(&id, db, "11010519491231002X"));
	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->name, "王,\n芳");
	ck_assert_int_eq(got->office_id, office);
	ck_assert_str_eq(got->residence_type, "permanent");
	cpol_person_free(got);
	ck_assert_ok(cpol_person_find(&id, db, "320102198506150022"));
	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->residence_type, "temporary");
	ck_assert_int_eq(got->office_since, D("2024-03-01"));
	cpol_person_free(got);

	/* Importing the same (finished) file again adds nobody: the persons are known and live there. */
	ck_assert_ok(cpol_import_run(&rep, db, path, &o));
	ck_assert_int_eq(rep.resumed, 0);
	ck_assert_int_eq(rep.persons_created, 0);
	ck_assert_int_eq(rep.moves, 0);
	ck_assert_int_eq(persons(), 3);
}
END_TEST

START_TEST(gb18030_detected)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	char gb[2048];
	size_t n = to_gb18030(gb, sizeof(gb),
		"身份证号,姓名,社区,街路巷,门牌号,单元,户室\n"
		"110105199003071239,张伟,城东社区,解放路,12,2,301\n"
		"320102198506150022,周丽,城东社区,解放路,12,2,302\n");
	cpol_id id;
	cpol_person *got;
	cpol_house *h;

	ck_assert_int_ne(memcmp(gb, "身份证号", 3), 0); /* really not UTF-8 */
	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("gb.csv", gb, n), &o));
	ck_assert_int_eq(rep.encoding, CPOL_ENCODING_GB18030);
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 0);
	ck_assert_ok(cpol_person_find(&id, db, "110105199003071239"));
	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->name, "张伟");
	ck_assert_ok(cpol_house_get(&h, db, got->house_id));
	ck_assert_str_eq(h->address, "城东社区解放路12号2单元301室");
	cpol_house_free(h);
	cpol_person_free(got);
}
END_TEST

START_TEST(invalid_bytes_and_missing_columns)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_import_problem_iter *it;
	const cpol_import_problem *p;
	static const char bad[] =
		"身份证号,姓名,社区,街路巷\n"
		"110105199003071239,张\xFF伟,城东社区,解放路\n"
		"320102198506150022,周丽,城东社区,解放路\n";

	o.kind = CPOL_IMPORT_PERSONS;
	o.encoding = CPOL_ENCODING_UTF8;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("bad.csv", bad, sizeof(bad) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_ok(cpol_import_problem_iter_new(&it, db, rep.run_id));
	ck_assert_ok(cpol_import_problem_iter_next(&p, it));
	ck_assert_int_eq(p->line, 2);
	ck_assert_int_eq(p->column, 2);
	ck_assert_ptr_nonnull(strstr(p->reason, "UTF-8"));
	cpol_import_problem_iter_free(it);

	/* No 姓名 column: the whole file is refused, naming it. */
	ck_assert_fails(cpol_import_run(&rep, db, write_file("h.csv", "身份证号,社区,街路巷\n1,2,3\n", strlen("身份证号,社区,街路巷\n1,2,3\n")), &o),
	                CPOL_EPARSE);
	ck_assert_str_eq(cpol_error_last()->field, "姓名");
	ck_assert_int_eq(cpol_error_last()->line, 1);
	ck_assert_fails(cpol_import_run(&rep, db, testutil_path(dir, "none.csv"), &o), CPOL_EIO);
	/* UTF-16 is named, not garbled. */
	ck_assert_fails(cpol_import_run(&rep, db, write_file("u16.csv", "\xFF\xFE\x31\x00", 4), &o),
	                CPOL_EUNSUPPORTED);
	/* Not inside a transaction. */
	ck_assert_ok(cpol_db_begin(db));
	ck_assert_fails(cpol_import_run(&rep, db, testutil_path(dir, "bad.csv"), &o), CPOL_EMISUSE);
	ck_assert_ok(cpol_db_rollback(db));
}
END_TEST

/*
 * The CSV reader copies runs of plain bytes at once: doubled quotes, text
 * after a closing quote, fields longer than a read chunk (64 KiB) and the
 * record limit (1 MiB) must come out as they did byte by byte. A field
 * longer than its column's limit (户籍地址: 200 characters) rejects its
 * row, and the reader goes on with the next record.
 */
START_TEST(csv_quotes_and_long_fields)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_person *got;
	cpol_id id;
	size_t hukou_len = 70000, n, i;
	told_problems told = { 0 };
	char *csv = malloc(hukou_len + 1024), *big;

	ck_assert_ptr_nonnull(csv);
	n = (size_t)sprintf(csv, "身份证号,姓名,社区,街路巷,户籍地址\n"
	                         "110105199003071239,\"张\"\"三\"\"\",城东社区,解放路,短\n"
	                         "320102198506150022,\"李\"四 ,城东社区,解放路,\"");
	for (i = 0; i < hukou_len; i++)
		csv[n++] = (char)('a' + i % 26);
	n += (size_t)sprintf(csv + n, "\"\n11010519491231002X,王芳,城东社区,解放路,\"%s\"\n", "长");
	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("q.csv", csv, n), &o));
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(told.count, 1);
	ck_assert_int_eq(told.line[0], 3);
	ck_assert_int_eq(told.column[0], 5);
	ck_assert_str_eq(told.field[0], "户籍地址");
	ck_assert_str_eq(told.reason[0], "70000 characters; this column holds at most 200");
	ck_assert_ok(cpol_person_find(&id, db, "110105199003071239"));
	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->name, "张\"三\"");
	ck_assert_str_eq(got->hukou, "短");
	cpol_person_free(got);
	ck_assert_fails(cpol_person_find(&id, db, "320102198506150022"), CPOL_ENOTFOUND);
	ck_assert_ok(cpol_person_find(&id, db, "11010519491231002X"));
	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->hukou, "长");
	cpol_person_free(got);
	free(csv);

	/* A record over 1 MiB (an unclosed quote, say) stops the import, naming its line. */
	big = malloc(1100000);
	ck_assert_ptr_nonnull(big);
	n = (size_t)sprintf(big, "身份证号,姓名,社区,街路巷\n440524188001010014,\"");
	memset(big + n, 'x', 1100000 - n - 1);
	ck_assert_fails(cpol_import_run(&rep, db, write_file("big.csv", big, 1100000 - 1), &o), CPOL_EPARSE);
	ck_assert_int_eq(cpol_error_last()->line, 2);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "longer than"));
	free(big);
}
END_TEST

/*
 * The UTF-8 decoder copies valid text a span at a time and waits for the
 * next 64 KiB read (65,536 bytes: offsets 0-65,535) when a character is cut
 * by it. The file: the header (37 bytes, see
 * one_invalid_byte_rejects_its_row_not_the_encoding), 1,335 copies of
 * 张伟's 49-byte row (19 bytes of number and comma, 张伟 6, ",城东社区"
 * 13, ",解放路" 10, LF 1) and one more with 14 blanks before its LF (63
 * bytes, the blanks trimmed) end at 37 + 65,415 + 63 = 65,515; the next
 * row's name starts 19 bytes on, so 周 (E5 91 A8) takes 65,534-65,536,
 * across the first read's end. Then a row with a NUL and one with an
 * invalid byte after valid text, and a last good row: the marks land in
 * their own rows (lines 1,339 and 1,340), each at its character, and the
 * text around them is whole. Check character of 11010519800101003: '2'.
 */
START_TEST(utf8_character_cut_by_a_read_is_whole)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char head[] = "身份证号,姓名,社区,街路巷\n";
	static const char row[] = "110105199003071239,张伟,城东社区,解放路\n";
	static const char padded[] = "110105199003071239,张伟,城东社区,解放路              \n";
	static const char tail[] = "320102198506150022,周丽,城东社区,解放路\n"
		"11010519491231002X,王\0芳,城东社区,解放路\n"
		"440524188001010014,李\xFF娜,城东社区,解放路\n"
		"110105198001010032,赵敏,城东社区,解放路\n";
	size_t n, i;
	char *csv = malloc(70000);
	cpol_person *got;
	cpol_id id;

	ck_assert_ptr_nonnull(csv);
	ck_assert_int_eq(sizeof(head) - 1, 37);
	ck_assert_int_eq(sizeof(row) - 1, 49);
	ck_assert_int_eq(sizeof(padded) - 1, 63);
	memcpy(csv, head, sizeof(head) - 1);
	n = sizeof(head) - 1;
	for (i = 0; i < 1335; i++, n += sizeof(row) - 1)
		memcpy(csv + n, row, sizeof(row) - 1);
	memcpy(csv + n, padded, sizeof(padded) - 1);
	n += sizeof(padded) - 1;
	ck_assert_int_eq(n, 65515);
	memcpy(csv + n, tail, sizeof(tail) - 1);
	n += sizeof(tail) - 1;
	ck_assert_int_eq((unsigned char)csv[65534], 0xE5);
	ck_assert_int_eq((unsigned char)csv[65536], 0xA8);
	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("cut.csv", csv, n), &o));
	free(csv);
	ck_assert_int_eq(rep.encoding, CPOL_ENCODING_UTF8);
	ck_assert_int_eq(rep.records, 1340);
	ck_assert_int_eq(rep.ok, 1338);
	ck_assert_int_eq(rep.bad, 2);
	ck_assert_int_eq(told.count, 2);
	ck_assert_int_eq(told.line[0], 1339);
	ck_assert_int_eq(told.column[0], 2);
	ck_assert_str_eq(told.reason[0], "a NUL byte (character 2 of the field)");
	ck_assert_int_eq(told.line[1], 1340);
	ck_assert_int_eq(told.column[1], 2);
	ck_assert_str_eq(told.reason[1], "bytes that are not valid UTF-8 (character 2 of the field)");
	ck_assert_ok(cpol_person_find(&id, db, "320102198506150022"));
	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->name, "周丽");
	cpol_person_free(got);
	ck_assert_ok(cpol_person_find(&id, db, "110105198001010032"));
	ck_assert_ok(cpol_person_get(&got, db, id));
	ck_assert_str_eq(got->name, "赵敏");
	cpol_person_free(got);
	ck_assert_int_eq(persons(), 3);
}
END_TEST

static int stop_at_first_problem(const cpol_import_problem *p, void *payload)
{
	(void)p;
	++*(int *)payload;
	return 1;
}

/* The runs recorded: how many, and the last one's status ("" for none). */
static int64_t runs(char status[16])
{
	cpol__stmt *st;
	int64_t n;
	ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT count(*), ifnull((SELECT status FROM import_run"
	                                           " ORDER BY id DESC LIMIT 1), '') FROM import_run"), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	n = cpol__st_column_int64(st, 0);
	snprintf(status, 16, "%s", (const char *)cpol__st_column_text(st, 1));
	cpol__st_finalize(st);
	return n;
}

/*
 * A new run's record is written by its first batch's transaction (one
 * commit fewer): a first batch rolled back (the problem callback stops
 * the import at line 3, 性别 女 against the odd 17th digit of
 * 110105199003071239) leaves no run and no person, and the report names
 * none (run_id 0); importing the file again is a new run, not a resumed
 * one, done, with that row its one problem. A file of a header alone is
 * a run too: done, 0 records.
 */
START_TEST(first_batch_rolled_back_leaves_no_run)
{
	static const char csv[] = "身份证号,姓名,性别,社区,街路巷\n"
		"320102198506150022,周丽,女,城东社区,解放路\n"
		"110105199003071239,张伟,女,城东社区,解放路\n"
		"11010519491231002X,王芳,女,城东社区,解放路\n";
	static const char head[] = "身份证号,姓名,社区,街路巷\n";
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	char status[16];
	int calls = 0;
	cpol_import_problem_iter *it;
	const cpol_import_problem *pr;

	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = stop_at_first_problem;
	o.problem_payload = &calls;
	ck_assert_fails(cpol_import_run(&rep, db, write_file("s.csv", csv, sizeof(csv) - 1), &o), CPOL_EUSER);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(rep.run_id, 0);
	ck_assert_int_eq(runs(status), 0);
	ck_assert_int_eq(persons(), 0);

	o.problem = NULL;
	ck_assert_ok(cpol_import_run(&rep, db, testutil_path(dir, "s.csv"), &o));
	ck_assert_int_eq(rep.resumed, 0);
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_gt(rep.run_id, 0);
	ck_assert_int_eq(runs(status), 1);
	ck_assert_str_eq(status, "done");
	ck_assert_int_eq(persons(), 2);
	ck_assert_ok(cpol_import_problem_iter_new(&it, db, rep.run_id));
	ck_assert_int_eq(cpol_import_problem_iter_next(&pr, it), 0);
	ck_assert_int_eq(pr->line, 3);
	ck_assert_int_eq(cpol_import_problem_iter_next(&pr, it), CPOL_ITEROVER);
	cpol_import_problem_iter_free(it);

	ck_assert_ok(cpol_import_run(&rep, db, write_file("h.csv", head, sizeof(head) - 1), &o));
	ck_assert_int_eq(rep.records, 0);
	ck_assert_int_gt(rep.run_id, 0);
	ck_assert_int_eq(runs(status), 2);
	ck_assert_str_eq(status, "done");
}
END_TEST

static int64_t cache_size(void)
{
	cpol__stmt *st;
	int64_t v;
	ck_assert_int_eq(cpol__db_prepare(db, &st, "PRAGMA cache_size"), CPOL__OK);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	v = cpol__st_column_int64(st, 0);
	cpol__st_finalize(st);
	return v;
}

/*
 * The import lets SQLite's page cache grow to 16 MiB for its batches
 * (lib/import.c, cache_grow()) and sets it back after, whether it
 * succeeded or failed: SQLite's default is -2000 (2,000 KiB); a handle set
 * to -500 stays at -500; one set larger than 16 MiB (-32768) is not made
 * smaller. The last batch also marks the run done (one commit).
 */
START_TEST(page_cache_is_set_back)
{
	static const char csv[] = "身份证号,姓名,社区,街路巷,门牌号,户室\n110105199003071239,张伟,城东社区,和平街,1,101\n";
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol__stmt *st;

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_int_eq(cache_size(), -2000);
	ck_assert_ok(cpol_import_run(&rep, db, write_file("c.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(cache_size(), -2000);
	ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT status, records_done FROM import_run WHERE id = ?1"), CPOL__OK);
	cpol__st_bind_int64(st, 1, rep.run_id);
	ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
	ck_assert_str_eq((const char *)cpol__st_column_text(st, 0), "done");
	ck_assert_int_eq(cpol__st_column_int64(st, 1), 1);
	cpol__st_finalize(st);

	ck_assert_ok(cpol__db_exec(db, "PRAGMA cache_size = -500"));
	/* A header without the ID-number column: refused after the cache was grown. */
	static const char no_number[] = "姓名\n张伟\n";
	ck_assert_fails(cpol_import_run(&rep, db, write_file("h.csv", no_number, sizeof(no_number) - 1), &o),
	                CPOL_EPARSE);
	ck_assert_int_eq(cache_size(), -500);
	ck_assert_ok(cpol__db_exec(db, "PRAGMA cache_size = -32768"));
	ck_assert_ok(cpol_import_run(&rep, db, testutil_path(dir, "c.csv"), &o));
	ck_assert_int_eq(cache_size(), -32768);
}
END_TEST

static int stop_after_first(const cpol_import_progress *p, void *payload)
{
	int *calls = payload;
	return ++*calls == 1;
}

START_TEST(interrupted_import_resumes)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	char csv[8192];
	size_t len = 0;
	int i, calls = 0;
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	int64_t n;

	/* 10 persons born on days 1-10 of January 1990, sequence 001: check characters by the library. */
	len += (size_t)snprintf(csv + len, sizeof(csv) - len, "身份证号,姓名,社区,街路巷,门牌号,户室\n");
	for (i = 1; i <= 10; i++) {
		char num[24];
		snprintf(num, sizeof(num), "110105199001%02d001", i);
		num[17] = cpol_idnum_check_char(num);
		num[18] = '\0';
		len += (size_t)snprintf(csv + len, sizeof(csv) - len, "%s,居民%d,城东社区,和平街,%d,%d\n", num, i,
		                        i, 100 + i);
	}
	o.kind = CPOL_IMPORT_PERSONS;
	o.batch_rows = 4;
	o.progress = stop_after_first;
	o.progress_payload = &calls;
	ck_assert_fails(cpol_import_run(&rep, db, write_file("r.csv", csv, len), &o), CPOL_EUSER);
	ck_assert_int_eq(persons(), 4); /* the first batch is committed */

	o.progress = NULL;
	ck_assert_ok(cpol_import_run(&rep, db, testutil_path(dir, "r.csv"), &o));
	ck_assert_int_eq(rep.resumed, 1);
	ck_assert_int_eq(rep.skipped, 4);
	ck_assert_int_eq(rep.records, 10);
	ck_assert_int_eq(rep.ok, 10);
	ck_assert_int_eq(rep.persons_created, 6);
	ck_assert_int_eq(persons(), 10);

	/*
	 * Batch audit (the default): one entry per batch for the persons, by the
	 * importing user, naming the id range and the lines: batches of 4, 4, 2.
	 */
	q.table_name = "person";
	q.actor = "importer";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 3);
	{
		cpol_audit_iter *ai;
		const cpol_audit_entry *e;
		ck_assert_ok(cpol_audit_iter_new(&ai, db, &q));
		ck_assert_ok(cpol_audit_iter_next(&e, ai));
		ck_assert_str_eq(e->action, "insert");
		ck_assert_int_eq(e->row_id, 1);
		ck_assert_ptr_nonnull(strstr(e->after_json, "\"first_id\":1,\"last_id\":4,\"rows\":4,\"first_line\":2,\"last_line\":5"));
		ck_assert_ok(cpol_audit_iter_next(&e, ai));
		ck_assert_ptr_nonnull(strstr(e->after_json,
		                             "\"first_id\":5,\"last_id\":8,\"rows\":4,\"first_line\":6,\"last_line\":9"));
		ck_assert_ok(cpol_audit_iter_next(&e, ai));
		/* The file's last record is on line 11 (a header and ten records): the
		 * batch that ends the file names 11, not the line after it. */
		ck_assert_ptr_nonnull(strstr(e->after_json,
		                             "\"first_id\":9,\"last_id\":10,\"rows\":2,\"first_line\":10,\"last_line\":11"));
		cpol_audit_iter_free(ai);
	}
	/* The row triggers are back: a later change is audited row by row. */
	ck_assert_ok(cpol_person_details_update(db, 1, &(cpol_person_details_change){ CPOL_PERSON_DETAILS_CHANGE_VERSION, NULL, "13900000000", NULL, -1 }));
	q.row_id = 1;
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
}
END_TEST

/* A row that fails after it wrote (a move dated before the current residence) leaves nothing behind. */
START_TEST(row_failing_after_writes_is_undone)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_id street;
	cpol_address_iter *it;
	const cpol_address *a;
	int n = 0;
	static const char first[] =
		"身份证号,姓名,社区,街路巷,门牌号,户室,居住起始日期\n"
		"110105199003071239,张伟,城东社区,解放路,1,101,2024-03-01\n";
	static const char second[] =
		"身份证号,姓名,社区,街路巷,门牌号,户室,居住起始日期\n"
		"320102198506150022,周丽,城东社区,解放路,2,201,2024-03-01\n"
		"110105199003071239,张伟,城东社区,解放路,9,901,2024-01-01\n"
		"440524188001010014,李老,城东社区,解放路,3,301,2024-03-01\n";

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("1.csv", first, sizeof(first) - 1), &o));
	ck_assert_ok(cpol_import_run(&rep, db, write_file("2.csv", second, sizeof(second) - 1), &o));
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(rep.persons_created, 2);
	ck_assert_int_eq(rep.houses_created, 2);
	ck_assert_int_eq(persons(), 3);
	/* Buildings 1, 2 and 3 exist; 9 (written by the failed row) does not. */
	ck_assert_ok(cpol_address_find(&street, db, community, 0, "解放路"));
	ck_assert_ok(cpol_address_children_iter_new(&it, db, community, street));
	while (cpol_address_iter_next(&a, it) == 0) {
		ck_assert_str_ne(a->name, "9");
		n++;
	}
	cpol_address_iter_free(it);
	ck_assert_int_eq(n, 3);
}
END_TEST

START_TEST(row_audit_on_request)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	static const char csv[] =
		"身份证号,姓名,社区,街路巷,门牌号,户室\n"
		"110105199003071239,张伟,城东社区,解放路,1,101\n"
		"320102198506150022,周丽,城东社区,解放路,1,101\n";
	int64_t n;

	o.kind = CPOL_IMPORT_PERSONS;
	o.audit = CPOL_IMPORT_AUDIT_ROWS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("a.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 2);
	q.table_name = "person";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
	q.table_name = "residence";
	ck_assert_ok(cpol_audit_count(&n, db, &q));
	ck_assert_int_eq(n, 2);
}
END_TEST

START_TEST(houses_with_lettings)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	static const char houses[] =
		"社区,街路巷,门牌号,户室,房屋用途,房主,出租人,出租登记日期,出租登记有效期至\n"
		"城东社区,解放路,20,101,住宅,赵一,赵一,2024-01-01,2024-04-30\n"
		"城东社区,解放路,20,102,商铺,钱二,,,\n"
		"城东社区,解放路,20,103,仓库,孙三,,,\n";
	cpol_owed_query dq = CPOL_OWED_QUERY_INIT;
	cpol_owed_list *due;

	o.kind = CPOL_IMPORT_HOUSES;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("h.csv", houses, sizeof(houses) - 1), &o));
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 1); /* 仓库 is not a use */
	ck_assert_int_eq(rep.houses_created, 2);
	/* The letting's registration ran out on April 30: a due item. */
	dq.kinds = 1u << CPOL_OWED_RENTAL;
	dq.office_id = office;
	dq.on = D("2024-06-01");
	ck_assert_ok(cpol_owed_list_get(&due, db, NULL, &dq));
	ck_assert_uint_eq(due->count, 1);
	ck_assert_int_eq(due->items[0].due, D("2024-04-30"));
	cpol_owed_list_free(due);
}
END_TEST

START_TEST(encoding_names_are_strict)
{
	cpol_encoding e;
	ck_assert_ok(cpol_encoding_parse(&e, NULL));
	ck_assert_int_eq(e, CPOL_ENCODING_AUTO);
	ck_assert_ok(cpol_encoding_parse(&e, "UTF8"));
	ck_assert_int_eq(e, CPOL_ENCODING_UTF8);
	ck_assert_ok(cpol_encoding_parse(&e, "utf-8"));
	ck_assert_int_eq(e, CPOL_ENCODING_UTF8);
	ck_assert_ok(cpol_encoding_parse(&e, "GBK"));
	ck_assert_int_eq(e, CPOL_ENCODING_GB18030);
	ck_assert_ok(cpol_encoding_parse(&e, "gb2312"));
	ck_assert_int_eq(e, CPOL_ENCODING_GB18030);
	/* A misspelling is an error, not a silent guess. */
	ck_assert_fails(cpol_encoding_parse(&e, "utf_8"), CPOL_EINVAL);
	ck_assert_str_eq(cpol_error_last()->field, "encoding");
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "'utf_8'"));
	ck_assert_fails(cpol_encoding_parse(&e, "big5"), CPOL_EINVAL);
}
END_TEST

/* ------------------------------------------------------- identities (issue 11) */

/*
 * 吴丽 lives at 解放路1号101室 (ID 110105199003071239). A later file gives
 * the same number as 吴莉莉 at 2号201室: not the same person as far as the
 * import can tell, so the row is refused (line 2, column 2 姓名) and 吴丽
 * keeps her name and her house.
 */
static const char WU_LI[] =
	"身份证号,姓名,社区,街路巷,门牌号,户室\n"
	"110105199003071239,吴丽,城东社区,解放路,1,101\n";
static const char WU_LILI[] =
	"身份证号,姓名,社区,街路巷,门牌号,户室,联系电话\n"
	"110105199003071239,吴莉莉,城东社区,解放路,2,201,13900000001\n"
	"320102198506150022,周丽,城东社区,解放路,2,201,\n";

static cpol_person *person_by_number(const char *number)
{
	cpol_person *got;
	cpol_id id;
	ck_assert_ok(cpol_person_find(&id, db, number));
	ck_assert_ok(cpol_person_get(&got, db, id));
	return got;
}

START_TEST(known_number_under_another_name_is_rejected)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	cpol_person *got;
	cpol_id house;

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("1.csv", WU_LI, sizeof(WU_LI) - 1), &o));
	got = person_by_number("110105199003071239");
	house = got->house_id;
	cpol_person_free(got);

	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("2.csv", WU_LILI, sizeof(WU_LILI) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(rep.moves, 0);
	ck_assert_int_eq(rep.updated, 0);
	ck_assert_int_eq(told.count, 1);
	ck_assert_int_eq(told.level[0], CPOL_IMPORT_REJECTED);
	ck_assert_int_eq(told.line[0], 2);
	ck_assert_int_eq(told.column[0], 2);
	ck_assert_str_eq(told.field[0], "姓名");
	ck_assert_ptr_nonnull(strstr(told.reason[0], "is already 吴丽 (person 1, in the database); this row says 吴莉莉: not merged"));
	got = person_by_number("110105199003071239");
	ck_assert_str_eq(got->name, "吴丽");
	ck_assert_int_eq(got->house_id, house);
	ck_assert_ptr_null(got->phone);
	cpol_person_free(got);
	ck_assert_int_eq(persons(), 2);
}
END_TEST

START_TEST(known_number_under_another_name_in_the_same_file_is_rejected)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char csv[] =
		"身份证号,姓名,社区,街路巷,门牌号,户室\n"
		"110105199003071239,吴丽,城东社区,解放路,1,101\n"
		"110105199003071239,吴莉莉,城东社区,解放路,1,101\n";
	cpol_person *got;

	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("d.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(told.line[0], 3);
	ck_assert_ptr_nonnull(strstr(told.reason[0], "(person 1, from an earlier row of this file)"));
	got = person_by_number("110105199003071239");
	ck_assert_str_eq(got->name, "吴丽");
	cpol_person_free(got);
}
END_TEST

/* The same person (same number, same name) at a new address has moved. */
START_TEST(known_person_at_a_new_address_moves)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	static const char moved[] =
		"身份证号,姓名,社区,街路巷,门牌号,户室,居住起始日期\n"
		"110105199003071239,吴丽,城东社区,解放路,2,201,2024-05-01\n";
	cpol_person *got;
	cpol_house *h;

	o.kind = CPOL_IMPORT_PERSONS;
	o.residence_from = D("2024-01-01");
	ck_assert_ok(cpol_import_run(&rep, db, write_file("1.csv", WU_LI, sizeof(WU_LI) - 1), &o));
	ck_assert_ok(cpol_import_run(&rep, db, write_file("m.csv", moved, sizeof(moved) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 0);
	ck_assert_int_eq(rep.moves, 1);
	ck_assert_int_eq(rep.persons_created, 0);
	got = person_by_number("110105199003071239");
	ck_assert_ok(cpol_house_get(&h, db, got->house_id));
	ck_assert_str_eq(h->address, "城东社区解放路2号201室");
	cpol_house_free(h);
	cpol_person_free(got);
}
END_TEST

/*
 * The update mode corrects the stored name (and adds the phone) instead of
 * refusing, notes each change with the value before and after, and the
 * audit trail has the update with both names.
 */
START_TEST(update_mode_corrects_and_shows_before_and_after)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_import_problem_iter *it;
	const cpol_import_problem *p;
	cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
	cpol_audit_iter *ai;
	const cpol_audit_entry *e;
	cpol_person *got;

	o.kind = CPOL_IMPORT_PERSONS;
	o.residence_from = D("2024-01-01");
	ck_assert_ok(cpol_import_run(&rep, db, write_file("1.csv", WU_LI, sizeof(WU_LI) - 1), &o));
	o.residence_from = D("2024-05-01");
	o.update = 1;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("2.csv", WU_LILI, sizeof(WU_LILI) - 1), &o));
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 0);
	ck_assert_int_eq(rep.updated, 1);
	ck_assert_int_eq(rep.moves, 1); /* corrected, and moved to 2号201室 as the row says */
	got = person_by_number("110105199003071239");
	ck_assert_str_eq(got->name, "吴莉莉");
	ck_assert_str_eq(got->phone, "13900000001");
	cpol_person_free(got);

	ck_assert_ok(cpol_import_problem_iter_new(&it, db, rep.run_id));
	ck_assert_ok(cpol_import_problem_iter_next(&p, it));
	ck_assert_int_eq(p->level, CPOL_IMPORT_UPDATED);
	ck_assert_int_eq(p->line, 2);
	ck_assert_int_eq(p->column, 2);
	ck_assert_str_eq(p->reason, "person 1 姓名: 吴丽 → 吴莉莉");
	ck_assert_ok(cpol_import_problem_iter_next(&p, it));
	ck_assert_int_eq(p->level, CPOL_IMPORT_UPDATED);
	ck_assert_int_eq(p->column, 7);
	ck_assert_str_eq(p->reason, "person 1 联系电话: (empty) → 13900000001");
	ck_assert_int_eq(cpol_import_problem_iter_next(&p, it), CPOL_ITEROVER);
	cpol_import_problem_iter_free(it);

	q.table_name = "person";
	q.row_id = 1;
	ck_assert_ok(cpol_audit_iter_new(&ai, db, &q));
	do
		ck_assert_ok(cpol_audit_iter_next(&e, ai));
	while (strcmp(e->action, "update") != 0 || !strstr(e->after_json, "吴莉莉"));
	ck_assert_ptr_nonnull(strstr(e->before_json, "\"name\":\"吴丽\""));
	ck_assert_ptr_nonnull(strstr(e->after_json, "\"name\":\"吴莉莉\""));
	cpol_audit_iter_free(ai);
}
END_TEST

/* Without the update mode a phone that differs is kept as stored, with a warning; the row is imported. */
START_TEST(differing_phone_is_kept_with_a_warning)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char first[] =
		"身份证号,姓名,社区,街路巷,门牌号,户室,联系电话\n"
		"110105199003071239,吴丽,城东社区,解放路,1,101,13800000000\n";
	static const char second[] =
		"身份证号,姓名,社区,街路巷,门牌号,户室,联系电话\n"
		"110105199003071239,吴丽,城东社区,解放路,1,101,13900000001\n";
	cpol_person *got;

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("1.csv", first, sizeof(first) - 1), &o));
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("2.csv", second, sizeof(second) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.warnings, 1);
	ck_assert_int_eq(told.count, 1);
	ck_assert_int_eq(told.level[0], CPOL_IMPORT_WARNING);
	ck_assert_str_eq(told.field[0], "联系电话");
	ck_assert_ptr_nonnull(strstr(told.reason[0], "(13900000001) differs from the stored 13800000000"));
	got = person_by_number("110105199003071239");
	ck_assert_str_eq(got->phone, "13800000000");
	cpol_person_free(got);
}
END_TEST

/* 出生日期 one day off the number's 1990-03-07: refused, naming 出生日期 (column 3). */
START_TEST(birth_date_contradicting_the_number_is_rejected)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char csv[] =
		"身份证号,姓名,出生日期,社区,街路巷\n"
		"110105199003071239,吴丽,1990-03-08,城东社区,解放路\n"
		"320102198506150022,周丽,1985-06-15,城东社区,解放路\n";

	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("b.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(told.line[0], 2);
	ck_assert_int_eq(told.column[0], 3);
	ck_assert_str_eq(told.field[0], "出生日期");
	ck_assert_ptr_nonnull(strstr(told.reason[0], "1990-03-08 but the ID number says 1990-03-07"));
}
END_TEST

/* ----------------------------------------------------------------- the header */

static void assert_header_refused(const char *header, int column, const char *field, const char *text)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	char csv[512];
	size_t n = (size_t)snprintf(csv, sizeof(csv), "%s\n110105199003071239,吴丽,城东社区,解放路,1,2024-01-01\n", header);

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_fails(cpol_import_run(&rep, db, write_file("h.csv", csv, n), &o), CPOL_EPARSE);
	ck_assert_int_eq(cpol_error_last()->line, 1);
	ck_assert_int_eq(cpol_error_last()->column, column);
	ck_assert_str_eq(cpol_error_last()->field, field);
	ck_assert_msg(strstr(cpol_error_last()->message, text) != NULL, "%s", cpol_error_last()->message);
	ck_assert_int_eq(persons(), 0);
}

START_TEST(duplicate_header_column_is_refused)
{
	assert_header_refused("身份证号,姓名,社区,街路巷,身份证号,居住起始日期", 5, "身份证号",
	                      "header columns 1 and 5 are both 身份证号");
	/* Two names of one column are as ambiguous. */
	assert_header_refused("身份证号,姓名,社区,街路巷,公民身份号码,居住起始日期", 5, "身份证号",
	                      "header columns 1 and 5 are both 身份证号 ('公民身份号码')");
}
END_TEST

START_TEST(misspelt_header_column_is_refused_with_did_you_mean)
{
	assert_header_refused("身份证号,姓名,社区,街路巷,门牌号,居住起始日起", 6, "居住起始日起",
	                      "header column 6 '居住起始日起' is not a column: did you mean 居住起始日期?");
	assert_header_refused("身份证号,姓名,社区,街路巷,人口类形,居住起始日期", 5, "人口类形", "did you mean 人口类型?");
	/* Nothing near: the message says where the names are. */
	assert_header_refused("身份证号,姓名,社区,街路巷,门牌号,婚姻状况", 6, "婚姻状况", "is not a column (docs/population.md");
}
END_TEST

/*
 * Every problem of the header at once, so that one round of fixing the
 * spreadsheet is enough: column 5 misspelt (人口类形 -> 人口类型), column 6
 * misspelt (居住起始日起 -> 居住起始日期), column 7 a second 身份证号 (the
 * first is column 1). The error is placed at the first (column 5).
 */
START_TEST(every_header_problem_is_named_at_once)
{
	assert_header_refused("身份证号,姓名,社区,街路巷,人口类形,居住起始日起,身份证号", 5, "人口类形",
	                      "3 problems in the header: header column 5 '人口类形' is not a column: did you mean "
	                      "人口类型?; header column 6 '居住起始日起' is not a column: did you mean 居住起始日期?; "
	                      "header columns 1 and 7 are both 身份证号 ('身份证号'): which one holds it?");
	/* The position leads the message once, not again inside it. */
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, "h.csv:1:5: 3 problems"));
	ck_assert_ptr_null(strstr(strstr(cpol_error_last()->message, "h.csv:1:") + 1, "h.csv:1:"));
}
END_TEST

START_TEST(row_number_and_remarks_columns_are_ignored)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	static const char csv[] =
		"序号,身份证号,姓名,社区,街路巷,备注,\n"
		"1,110105199003071239,吴丽,城东社区,解放路,新登记,\n";

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("i.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 0);
}
END_TEST

/* ---------------------------------------------------------------- what is read */

START_TEST(nul_byte_rejects_its_row_naming_the_field)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char csv[] =
		"身份证号,姓名,社区,街路巷\n"
		"110105199003071239\0zz,吴丽,城东社区,解放路\n"
		"320102198506150022,张\0伟,城东社区,解放路\n"
		"11010519491231002X,王芳,城东社区,解放路\n";

	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("z.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 2);
	ck_assert_int_eq(told.line[0], 2);
	ck_assert_int_eq(told.column[0], 1);
	ck_assert_str_eq(told.field[0], "身份证号");
	ck_assert_str_eq(told.reason[0], "a NUL byte (character 19 of the field)");
	ck_assert_int_eq(told.line[1], 3);
	ck_assert_int_eq(told.column[1], 2);
	ck_assert_str_eq(told.field[1], "姓名");
	ck_assert_str_eq(told.reason[1], "a NUL byte (character 2 of the field)");
	ck_assert_int_eq(persons(), 1);
}
END_TEST

/* Old Mac line ends (CR alone): three records on lines 2-4; the bad one is named on its line. */
START_TEST(cr_only_line_ends_are_read)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char csv[] =
		"身份证号,姓名,社区,街路巷\r"
		"110105199003071239,吴丽,城东社区,解放路\r"
		"11010519900230001X,错日,城东社区,解放路\r"
		"320102198506150022,\"周\r丽\",城东社区,解放路\r"
		"\r"
		"11010519491231002X,王芳,城东社区,解放路";

	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("cr.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.records, 4);
	ck_assert_int_eq(rep.ok, 3);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(told.line[0], 3);
	ck_assert_int_eq(persons(), 3);
	{
		cpol_person *got = person_by_number("320102198506150022");
		ck_assert_str_eq(got->name, "周\r丽");
		cpol_person_free(got);
	}
}
END_TEST

/*
 * Dates by hand, today being 2024-06-01: a year ahead is 366 days, to
 * 2025-06-02 (2025 has no February 29). 吴丽 was born 1990-03-07.
 */
START_TEST(implausible_dates_are_rejected_naming_the_field)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char csv[] =
		"身份证号,姓名,社区,街路巷,门牌号,居住起始日期,登记日期,居住证有效期至\n"
		"110105199003071239,吴丽,城东社区,解放路,1,1990-03-06,,\n"      /* 2: the day before birth */
		"110105199003071239,吴丽,城东社区,解放路,2,1800-01-01,,\n"      /* 3 */
		"110105199003071239,吴丽,城东社区,解放路,3,2099-01-01,,\n"      /* 4 */
		"110105199003071239,吴丽,城东社区,解放路,4,2024-01-01,2025-06-03,\n" /* 5: 367 days ahead */
		"110105199003071239,吴丽,城东社区,解放路,5,2024-01-01,2024-02-01,2024-01-31\n" /* 6 */
		"110105199003071239,吴丽,城东社区,解放路,6,1990-03-07,,\n"      /* 7: the day of birth: good */
		"320102198506150022,周丽,城东社区,解放路,7,2024-01-01,2025-06-02,2029-01-01\n" /* 8: 366 days: good */
		"11010519491231002X,王芳,城东社区,解放路,8,2024-01-01,2024-02-01,2099-01-01\n"; /* 9: 20 years is the most */

	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("dates.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 6);
	ck_assert_int_eq(told.column[0], 6);
	ck_assert_str_eq(told.field[0], "居住起始日期");
	ck_assert_str_eq(told.reason[0], "1990-03-06 is before the person's birth (1990-03-07)");
	ck_assert_str_eq(told.reason[1], "1800-01-01 is before the person's birth (1990-03-07)");
	ck_assert_str_eq(told.reason[2], "2099-01-01 is more than a year after today (2024-06-01)");
	ck_assert_int_eq(told.column[3], 7);
	ck_assert_str_eq(told.field[3], "登记日期");
	ck_assert_str_eq(told.reason[3], "2025-06-03 is more than a year after today (2024-06-01)");
	ck_assert_int_eq(told.line[4], 6);
	ck_assert_int_eq(told.column[4], 8);
	ck_assert_str_eq(told.field[4], "居住证有效期至");
	ck_assert_str_eq(told.reason[4], "the permit runs out (2024-01-31) before it was registered (登记日期 2024-02-01)");
	ck_assert_int_eq(told.line[5], 9);
	ck_assert_str_eq(told.field[5], "居住证有效期至");
	ck_assert_str_eq(told.reason[5], "2099-01-01 is more than twenty years after today (2024-06-01)");
}
END_TEST

/* A letting registered in 1800: before 1900, refused on 出租登记日期. */
START_TEST(house_dates_before_1900_are_rejected)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char csv[] =
		"社区,街路巷,门牌号,出租人,出租登记日期\n"
		"城东社区,解放路,20,赵一,1800-01-01\n"
		"城东社区,解放路,21,赵一,1900-01-01\n";

	o.kind = CPOL_IMPORT_HOUSES;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("hd.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(told.column[0], 5);
	ck_assert_str_eq(told.reason[0], "1800-01-01 is before 1900");
}
END_TEST

/*
 * 110100 (北京市市辖区) is a prefecture's code, in no edition of GB/T 2260
 * as a county: 110100199003071237 (weighted sum 170, mod 11 = 5 -> '7') is
 * imported with a warning on 身份证号.
 */
START_TEST(unknown_region_code_is_imported_with_a_warning)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_import_problem_iter *it;
	const cpol_import_problem *p;
	static const char csv[] =
		"身份证号,姓名,社区,街路巷\n"
		"110100199003071237,吴丽,城东社区,解放路\n"
		"110105199003071239,张伟,城东社区,解放路\n";

	ck_assert_int_eq(cpol_idnum_region_known("110105"), 1);
	ck_assert_int_eq(cpol_idnum_region_known("110100"), 0);
	ck_assert_int_eq(cpol_idnum_region_known("810000"), 1);
	ck_assert_int_eq(cpol_idnum_region_known("11010"), 0);
	ck_assert_int_eq(cpol_idnum_region_known(NULL), 0);
	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("r.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 0);
	ck_assert_int_eq(rep.warnings, 1);
	ck_assert_ok(cpol_import_problem_iter_new(&it, db, rep.run_id));
	ck_assert_ok(cpol_import_problem_iter_next(&p, it));
	ck_assert_int_eq(p->level, CPOL_IMPORT_WARNING);
	ck_assert_int_eq(p->line, 2);
	ck_assert_int_eq(p->column, 1);
	ck_assert_str_eq(p->field, "身份证号");
	ck_assert_ptr_nonnull(strstr(p->reason, "region code 110100 (the first six digits) is in no edition of GB/T 2260"));
	ck_assert_int_eq(cpol_import_problem_iter_next(&p, it), CPOL_ITEROVER);
	cpol_import_problem_iter_free(it);
	ck_assert_int_eq(persons(), 2);
}
END_TEST

/* ------------------------------------------------------------------ encodings */

/* One bad byte in a UTF-8 file rejects its row; the file stays UTF-8 and the report says why. */
START_TEST(one_invalid_byte_rejects_its_row_not_the_encoding)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char csv[] =
		"身份证号,姓名,社区,街路巷\n"          /* 35 bytes: 身份证号 12, 姓名 6, 社区 6, 街路巷 9, 2 commas... */
		"110105199003071239,张\xFF伟,城东社区,解放路\n"
		"320102198506150022,周丽,城东社区,解放路\n";

	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("u.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.encoding, CPOL_ENCODING_UTF8);
	ck_assert_int_eq(rep.encoding_source, CPOL_ENCODING_FROM_UTF8);
	/* The header is 12+1+6+1+6+1+9+1 = 37 bytes, then 19 bytes of number and comma, then 张 (3): offset 59. */
	ck_assert_msg(strstr(rep.encoding_note, "1 invalid bytes (at byte offset 59)") != NULL, "%s", rep.encoding_note);
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(told.line[0], 2);
	ck_assert_int_eq(told.column[0], 2);
	ck_assert_str_eq(told.reason[0], "bytes that are not valid UTF-8 (character 2 of the field)");
}
END_TEST

START_TEST(gb18030_guess_gives_its_evidence)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	char gb[512];
	size_t n = to_gb18030(gb, sizeof(gb), "身份证号,姓名,社区,街路巷\n110105199003071239,张伟,城东社区,解放路\n");

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("g.csv", gb, n), &o));
	ck_assert_int_eq(rep.encoding, CPOL_ENCODING_GB18030);
	ck_assert_int_eq(rep.encoding_source, CPOL_ENCODING_FROM_GUESS);
	/* 身 is C9 ED in GB18030: C9 is a 2-byte UTF-8 lead, ED is no continuation: offset 0 is invalid. */
	ck_assert_msg(strstr(rep.encoding_note, "not UTF-8") != NULL, "%s", rep.encoding_note);
	ck_assert_msg(strstr(rep.encoding_note, "at byte offsets 0, ") != NULL, "%s", rep.encoding_note);
	ck_assert_int_eq(rep.ok, 1);
}
END_TEST

/* A GB18030 file read as UTF-8 because the user said so: refused with the offset, not "no column 身份证号". */
START_TEST(given_encoding_that_does_not_fit_is_refused_with_the_offset)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	char gb[512];
	size_t n = to_gb18030(gb, sizeof(gb), "身份证号,姓名,社区,街路巷\n110105199003071239,张伟,城东社区,解放路\n");

	o.kind = CPOL_IMPORT_PERSONS;
	o.encoding = CPOL_ENCODING_UTF8;
	ck_assert_fails(cpol_import_run(&rep, db, write_file("g.csv", gb, n), &o), CPOL_EPARSE);
	ck_assert_str_eq(cpol_error_last()->field, "encoding");
	ck_assert_int_eq(cpol_error_last()->line, 1);
	ck_assert_msg(strstr(cpol_error_last()->message, "not UTF-8 as given") != NULL, "%s", cpol_error_last()->message);
	ck_assert_msg(strstr(cpol_error_last()->message, "at byte offsets 0, ") != NULL, "%s", cpol_error_last()->message);
	ck_assert_msg(strstr(cpol_error_last()->message, "it reads as GB18030") != NULL, "%s", cpol_error_last()->message);
	ck_assert_int_eq(persons(), 0);
}
END_TEST

/* Bytes that are neither encoding (0x80 and 0xFF are invalid in both): refused with the first offset. */
START_TEST(file_in_neither_encoding_is_refused)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	static const char junk[] = "ab\x80\xFF\x80\xFF\x80\xFF\x80\xFF,cd\n";

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_fails(cpol_import_run(&rep, db, write_file("j.csv", junk, sizeof(junk) - 1), &o), CPOL_EPARSE);
	ck_assert_msg(strstr(cpol_error_last()->message, "neither UTF-8 nor GB18030") != NULL, "%s",
	              cpol_error_last()->message);
	ck_assert_msg(strstr(cpol_error_last()->message, "the first at byte offsets 2, 3, 4") != NULL, "%s",
	              cpol_error_last()->message);
}
END_TEST

/*
 * The encoding is decided on the first 64 KiB (65536 bytes): when they end
 * inside a UTF-8 character, the file is still valid UTF-8.
 */
START_TEST(utf8_window_ending_inside_a_character_stays_utf8)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	size_t cap = 70000, n, i = 0;
	char *csv = malloc(cap);
	cpol_person *got;

	ck_assert_ptr_nonnull(csv);
	n = (size_t)sprintf(csv, "身份证号,姓名,社区,街路巷,户籍地址,序号\n110105199003071239,吴丽,城东社区,解放路,,");
	/* Fill the ignored 序号 column with 'x' up to byte 65535, so that 长 (3 bytes) starts there. */
	while (n < 65535)
		csv[n++] = 'x';
	n += (size_t)sprintf(csv + n, "长\n320102198506150022,周丽,城东社区,解放路,长乐,\n");
	ck_assert_int_eq((unsigned char)csv[65535], 0xE9); /* 长 is E9 95 BF */
	(void)i;
	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("w.csv", csv, n), &o));
	ck_assert_int_eq(rep.encoding, CPOL_ENCODING_UTF8);
	ck_assert_int_eq(rep.encoding_source, CPOL_ENCODING_FROM_UTF8);
	ck_assert_msg(strstr(rep.encoding_note, "valid UTF-8") != NULL, "%s", rep.encoding_note);
	/* Row 2's 序号 holds 65,000 characters: over the 1000 of an ignored column. */
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(rep.ok, 1);
	got = person_by_number("320102198506150022");
	ck_assert_str_eq(got->hukou, "长乐");
	cpol_person_free(got);
	free(csv);
}
END_TEST

/* ------------------------------------------------------------------- dry run */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long n;
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/*
 * A dry run reads the whole file against the database (吴丽 is known: 吴莉莉
 * is refused; 周丽 and 王芳 would be added), tells every problem, counts
 * what would be imported, and leaves the database file byte for byte as
 * it was.
 */
START_TEST(check_only_reports_every_problem_and_writes_nothing)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	static const char csv[] =
		"身份证号,姓名,社区,街路巷,门牌号,户室\n"
		"110105199003071239,吴莉莉,城东社区,解放路,2,201\n"
		"320102198506150022,周丽,城东社区,解放路,2,201\n"
		"11010519900230001X,错日,城东社区,解放路,2,201\n"
		"11010519491231002X,王芳,城东社区,解放路,3,301\n"
		"11010519491231002X,王小芳,城东社区,解放路,3,301\n";
	char dbpath[600];
	unsigned char *before, *after;
	size_t before_len, after_len;
	int64_t runs = -1;

	snprintf(dbpath, sizeof(dbpath), "%s", testutil_path(dir, "t.db"));
	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("1.csv", WU_LI, sizeof(WU_LI) - 1), &o));
	cpol_db_close(db);
	before = slurp(dbpath, &before_len);
	ck_assert_ok(cpol_db_open(&db, dbpath, NULL));
	cpol_db_set_clock(db, fixed_clock, NULL);

	o.check_only = 1;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("c.csv", csv, sizeof(csv) - 1), &o));
	ck_assert_int_eq(rep.check_only, 1);
	ck_assert_int_eq(rep.run_id, 0);
	ck_assert_int_eq(rep.records, 5);
	ck_assert_int_eq(rep.ok, 2);
	ck_assert_int_eq(rep.bad, 3);
	ck_assert_int_eq(rep.persons_created, 2);
	ck_assert_int_eq(told.count, 3);
	ck_assert_int_eq(told.line[0], 2);
	ck_assert_ptr_nonnull(strstr(told.reason[0], "already 吴丽"));
	ck_assert_int_eq(told.line[1], 4);
	ck_assert_int_eq(told.line[2], 6);
	ck_assert_ptr_nonnull(strstr(told.reason[2], "already 王芳 (person 3, from an earlier row of this file)"));
	ck_assert_int_eq(persons(), 1);
	{
		cpol__stmt *st;
		ck_assert_int_eq(cpol__db_prepare(db, &st, "SELECT count(*) FROM import_run"),
		                 CPOL__OK);
		ck_assert_int_eq(cpol__st_step(st), CPOL__ROW);
		runs = cpol__st_column_int64(st, 0);
		cpol__st_finalize(st);
	}
	ck_assert_int_eq(runs, 1);
	cpol_db_close(db);
	after = slurp(dbpath, &after_len);
	ck_assert_uint_eq(after_len, before_len);
	ck_assert_int_eq(memcmp(before, after, before_len), 0);
	free(before);
	free(after);
	ck_assert_ok(cpol_db_open(&db, dbpath, NULL));
}
END_TEST

/* 姓名 holds at most 64 characters (not bytes: 张 is 3): 64 are kept, 65 refused. */
START_TEST(name_of_64_characters_is_kept_65_refused)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	told_problems told = { 0 };
	char csv[2048], n64[64 * 3 + 1], n65[65 * 3 + 1];
	size_t len;
	int i;

	for (i = 0; i < 65; i++)
		memcpy(n65 + 3 * i, "张", 3);
	n65[65 * 3] = '\0';
	memcpy(n64, n65, 64 * 3);
	n64[64 * 3] = '\0';
	len = (size_t)snprintf(csv, sizeof(csv), "身份证号,姓名,社区,街路巷\n110105199003071239,%s,城东社区,解放路\n"
	                       "320102198506150022,%s,城东社区,解放路\n", n64, n65);
	o.kind = CPOL_IMPORT_PERSONS;
	o.problem = keep_problem;
	o.problem_payload = &told;
	ck_assert_ok(cpol_import_run(&rep, db, write_file("n.csv", csv, len), &o));
	ck_assert_int_eq(rep.ok, 1);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(told.line[0], 3);
	ck_assert_int_eq(told.column[0], 2);
	ck_assert_str_eq(told.reason[0], "65 characters; this column holds at most 64");
}
END_TEST

/* A header cell with a byte that is not UTF-8 is named by its column, not called an unknown column. */
START_TEST(invalid_byte_in_the_header_names_its_column)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	static const char csv[] = "身份证号,姓\xFF名,社区,街路巷\n110105199003071239,吴丽,城东社区,解放路\n";

	o.kind = CPOL_IMPORT_PERSONS;
	ck_assert_fails(cpol_import_run(&rep, db, write_file("hb.csv", csv, sizeof(csv) - 1), &o), CPOL_EPARSE);
	ck_assert_int_eq(cpol_error_last()->line, 1);
	ck_assert_int_eq(cpol_error_last()->column, 2);
	ck_assert_ptr_nonnull(strstr(cpol_error_last()->message, ":1:2: header column 2: bytes that are not valid UTF-8"));
}
END_TEST

#include "test_import.list"

int main(void)
{
	return testutil_main_list("import", setup, teardown, testutil_tests());
}

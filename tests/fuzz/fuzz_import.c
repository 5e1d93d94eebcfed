/*
 * libFuzzer target for the CSV intake: any bytes are written to a file and
 * imported into an in-memory database that has an office and a community
 * (城东社区, code C01): as persons and as houses in dry runs
 * (check_only), then as persons for real, with the update mode on for
 * inputs of odd length, so that known persons, conflicts and moves are
 * met too. Checked on every input: the counts add up, every note has a
 * line, a reason and a known level, and no transaction is left open.
 * Built and run by tests/fuzz/run-fuzz.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commpolice.h"

static cpol_db *db;
static cpol_rules *rules;
static char path[64];

static int64_t fixed_clock(void *payload)
{
	(void)payload;
	return 1717200000; /* 2024-06-01 */
}

static void setup(void)
{
	cpol_office_new o = CPOL_OFFICE_NEW_INIT;
	cpol_id region, station, office, district, community;
	cpol_date from;
	int fd;

	snprintf(path, sizeof(path), "/tmp/cpol-fuzz-import-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		abort();
	close(fd);
	if (cpol_db_open(&db, ":memory:", NULL) < 0 || cpol_rules_load_region(&rules, "national", NULL) < 0)
		abort();
	cpol_db_set_clock(db, fixed_clock, NULL);
	cpol_date_from_ymd(&from, 2020, 1, 1);
	if (cpol_region_add(&region, db, "national", NULL) < 0 ||
	    cpol_station_add(&station, db, region, "城东派出所", NULL) < 0)
		abort();
	o.station_id = station;
	o.name = "城东社区警务室";
	if (cpol_office_add(&office, db, &o) < 0 || cpol_district_add(&district, db, office, "一区", NULL) < 0 ||
	    cpol_community_add(&community, db, station, CPOL_COMMUNITY_URBAN, "城东社区", NULL, "C01") < 0 ||
	    cpol_district_cover(NULL, db, district, community, from) < 0)
		abort();
}

static int check_note(const cpol_import_problem *p, void *payload)
{
	(void)payload;
	if (p->line < 1 || p->column < 0 || !p->reason || !*p->reason || p->level < CPOL_IMPORT_REJECTED ||
	    p->level > CPOL_IMPORT_UPDATED)
		abort();
	return 0;
}

static void import(cpol_import_kind kind, int check_only, int update)
{
	cpol_import_options o = CPOL_IMPORT_OPTIONS_INIT;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;

	o.kind = kind;
	o.rules = rules;
	o.check_only = check_only;
	o.update = update;
	o.resume = 0;
	o.batch_rows = 7; /* several batches, and rereads of a batch, on small inputs */
	o.audit = CPOL_IMPORT_AUDIT_ROWS; /* batch audit re-creates triggers: schema work, slow under ASan */
	o.problem = check_note;
	if (cpol_import_run(&rep, db, path, &o) == 0 && rep.ok + rep.bad != rep.records)
		abort();
	if (cpol_db_transaction_depth(db) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp;

	if (!db)
		setup();
	if (!(fp = fopen(path, "wb")) || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	import(CPOL_IMPORT_PERSONS, 1, 0);
	import(CPOL_IMPORT_HOUSES, 1, 0);
	import(CPOL_IMPORT_PERSONS, 0, (int)(size & 1));
	return 0;
}

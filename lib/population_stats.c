/*
 * libcommpolice — population: district statistics and the 漏管
 * (unmanaged) checks (the owed view is lib/owed.c).
 *
 * Each of these is computed for one office from the office's own rows,
 * reached through indexes (person_by_office, label_by_person,
 * residence_by_person, coverage_by_district, house_by_community,
 * residence_by_house, contact_by_*): its cost follows the size of the
 * office, not of the database (tests/bench/bench_population.c measures it).
 * The results are gathered into an array (an office has thousands of rows,
 * not millions) so that they can be sorted by due date.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "org_internal.h"
#include "population_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ statistics */

struct cpol_stats_iter {
	cpol_rules **owned;        /* rule sets loaded, one per region met */
	char **owned_region;
	size_t owned_count;
	cpol_district_stats *rows;
	char **names;
	cpol_residence_type_count **types; /* each row's by_type */
	size_t count, next;
};

static const char STATS_DISTRICTS_SQL[] =
	"SELECT d.id, d.office_id, d.name, (SELECT count(*) FROM district d2 WHERE d2.office_id = d.office_id"
	" AND d2.archived_at IS NULL) FROM district d"
	" WHERE d.archived_at IS NULL AND (?1 = 0 OR d.office_id = ?1) ORDER BY d.office_id, d.id";

/* Residents of a district on ?2: open residences in houses of the communities it covers. */
#define DISTRICT_RESIDENTS \
	" FROM coverage cv JOIN house h ON h.community_id = cv.community_id AND h.archived_at IS NULL" \
	" JOIN residence r ON r.house_id = h.id AND r.archived_at IS NULL AND r.valid_from <= ?2" \
	"  AND (r.valid_to IS NULL OR r.valid_to >= ?2)" \
	" JOIN person p ON p.id = r.person_id" \
	" WHERE cv.district_id = ?1 AND cv.archived_at IS NULL AND cv.valid_from <= ?2" \
	" AND (cv.valid_to IS NULL OR cv.valid_to >= ?2)"

static const char STATS_RESIDENTS_SQL[] =
	"SELECT count(*),"
	" total(p.hukou_address_id IS NOT NULL AND p.hukou_address_id <> h.address_id), count(DISTINCT h.id)"
	DISTRICT_RESIDENTS;
/* Residents by type code: matched against the rules' residence types in C. */
static const char STATS_TYPES_SQL[] =
	"SELECT r.type, count(*)" DISTRICT_RESIDENTS " GROUP BY r.type";
static const char STATS_LABELS2_SQL[] =
	"SELECT DISTINCT l.person_id, l.code"
	" FROM coverage cv JOIN house h ON h.community_id = cv.community_id AND h.archived_at IS NULL"
	" JOIN residence r ON r.house_id = h.id AND r.archived_at IS NULL AND r.valid_from <= ?2"
	"  AND (r.valid_to IS NULL OR r.valid_to >= ?2)"
	" JOIN label l ON l.person_id = r.person_id AND l.archived_at IS NULL AND l.valid_from <= ?2"
	"  AND (l.valid_to IS NULL OR l.valid_to >= ?2)"
	" WHERE cv.district_id = ?1 AND cv.archived_at IS NULL AND cv.valid_from <= ?2"
	" AND (cv.valid_to IS NULL OR cv.valid_to >= ?2) ORDER BY l.person_id";
static const char STATS_HOUSES_SQL[] =
	"SELECT count(*), total(h.status = 'rented')"
	" FROM coverage cv JOIN house h ON h.community_id = cv.community_id AND h.archived_at IS NULL"
	" WHERE cv.district_id = ?1 AND cv.archived_at IS NULL AND cv.valid_from <= ?2"
	" AND (cv.valid_to IS NULL OR cv.valid_to >= ?2)";
/*
 * Officers of a district on ?2: those assigned to it, and, when the office
 * has a single district, the office's officers assigned to no district.
 */
static const char STATS_OFFICERS_SQL[] =
	"SELECT count(*) FROM staff_assignment a JOIN staff s ON s.id = a.staff_id"
	" WHERE a.office_id = ?3 AND s.kind = 'officer' AND s.archived_at IS NULL AND a.archived_at IS NULL"
	" AND a.valid_from <= ?2 AND (a.valid_to IS NULL OR a.valid_to >= ?2)"
	" AND (a.district_id = ?1 OR (a.district_id IS NULL AND ?4 = 1))";

static const cpol_rules *stats_rules(cpol_stats_iter *it, cpol_db *db, cpol_id office, int *rc)
{
	char *region = NULL;
	cpol_rules **grown_r, *loaded = NULL;
	char **grown_n;
	size_t i;

	*rc = 0;
	if ((*rc = cpol_office_region(&region, db, office)) < 0)
		return NULL;
	for (i = 0; i < it->owned_count; i++)
		if (strcmp(it->owned_region[i], region) == 0) {
			free(region);
			return it->owned[i];
		}
	if ((*rc = cpol_rules_load_region(&loaded, region, NULL)) < 0) {
		free(region);
		return NULL;
	}
	grown_r = realloc(it->owned, (it->owned_count + 1) * sizeof(*grown_r));
	if (grown_r)
		it->owned = grown_r;
	grown_n = realloc(it->owned_region, (it->owned_count + 1) * sizeof(*grown_n));
	if (grown_n)
		it->owned_region = grown_n;
	if (!grown_r || !grown_n) {
		cpol_rules_free(loaded);
		free(region);
		*rc = cpol__error_oom();
		return NULL;
	}
	it->owned[it->owned_count] = loaded;
	it->owned_region[it->owned_count] = region;
	it->owned_count++;
	return loaded;
}

/*
 * Residents by type: one entry per residence type of the rules (their
 * order), the codes they lack in other_type. The national codes also feed
 * the permanent/temporary/foreign fields.
 */
static int stats_types(cpol_db *db, const cpol_rules *rules, cpol_district_stats *s,
                       cpol_residence_type_count **out, cpol_date on)
{
	const cpol_rules_population *pop = rules ? cpol_rules_get_population(rules) : NULL;
	size_t n = pop ? pop->residence_type_count : 0, i;
	cpol_residence_type_count *t = NULL;
	cpol__stmt *st;
	int rc;

	*out = NULL;
	if (n && !(t = calloc(n, sizeof(*t))))
		return cpol__error_oom();
	for (i = 0; i < n; i++) {
		t[i].code = pop->residence_types[i].code;
		t[i].name = pop->residence_types[i].name;
		t[i].ref = pop->residence_types[i].ref;
	}
	*out = t;
	s->by_type = t;
	s->by_type_count = n;
	if ((rc = cpol__db_stmt(db, &st, STATS_TYPES_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->district_id);
	cpol__bind_date(st, 2, on);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		const char *code = (const char *)cpol__st_column_text(st, 0);
		int64_t count = cpol__st_column_int64(st, 1);
		for (i = 0; i < n; i++)
			if (strcmp(t[i].code, code) == 0)
				break;
		if (i < n)
			t[i].count += count;
		else
			s->other_type += count;
		if (strcmp(code, "permanent") == 0)
			s->permanent += count;
		else if (strcmp(code, "temporary") == 0 || strcmp(code, "floating") == 0)
			s->temporary += count;
		else if (strcmp(code, "foreign") == 0)
			s->foreign += count;
	}
	cpol__st_reset(st);
	return rc == CPOL__DONE ? 0 : cpol__db_error(db, rc, "counting residents by type");
}

static int stats_one(cpol_db *db, const cpol_rules *rules, cpol_district_stats *s, int single_district,
                     cpol_residence_type_count **types, cpol_date on)
{
	cpol__stmt *st;
	cpol_id last_person = 0;
	unsigned int kinds = 0;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, STATS_RESIDENTS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->district_id);
	cpol__bind_date(st, 2, on);
	if ((rc = cpol__st_step(st)) == CPOL__ROW) {
		s->residents = cpol__st_column_int64(st, 0);
		s->separated = (int64_t)cpol__st_column_double(st, 1);
		s->households = cpol__st_column_int64(st, 2);
	}
	cpol__st_reset(st);
	if (rc != CPOL__ROW)
		return cpol__db_error(db, rc, "counting residents");
	if ((rc = stats_types(db, rules, s, types, on)) < 0)
		return rc;

	/* A person counts once per kind of label, whatever the number of labels of that kind. */
	if ((rc = cpol__db_stmt(db, &st, STATS_LABELS2_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->district_id);
	cpol__bind_date(st, 2, on);
	for (;;) {
		const cpol_rules_label *label;
		cpol_id person;
		rc = cpol__st_step(st);
		person = rc == CPOL__ROW ? cpol__st_column_int64(st, 0) : 0;
		if (person != last_person) {
			s->key_persons += (kinds >> CPOL_LABEL_KEY_PERSON) & 1;
			s->supervised += (kinds >> CPOL_LABEL_SUPERVISED) & 1;
			s->correction += (kinds >> CPOL_LABEL_CORRECTION) & 1;
			s->help_education += (kinds >> CPOL_LABEL_HELP_EDUCATION) & 1;
			s->care += (kinds >> CPOL_LABEL_CARE) & 1;
			kinds = 0;
			last_person = person;
		}
		if (rc != CPOL__ROW)
			break;
		if (rules && cpol_rules_find_label(&label, rules, (const char *)cpol__st_column_text(st, 1)) == 0)
			kinds |= 1u << label->kind;
		else
			cpol_error_clear();
	}
	cpol__st_reset(st);
	if (rc != CPOL__DONE)
		return cpol__db_error(db, rc, "counting labels");

	if ((rc = cpol__db_stmt(db, &st, STATS_HOUSES_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->district_id);
	cpol__bind_date(st, 2, on);
	if ((rc = cpol__st_step(st)) == CPOL__ROW) {
		s->houses = cpol__st_column_int64(st, 0);
		s->rented = (int64_t)cpol__st_column_double(st, 1);
	}
	cpol__st_reset(st);
	if (rc != CPOL__ROW)
		return cpol__db_error(db, rc, "counting houses");

	if ((rc = cpol__db_stmt(db, &st, STATS_OFFICERS_SQL)) < 0)
		return rc;
	cpol__st_bind_int64(st, 1, s->district_id);
	cpol__bind_date(st, 2, on);
	cpol__st_bind_int64(st, 3, s->office_id);
	cpol__st_bind_int(st, 4, single_district);
	if ((rc = cpol__org_query_id(db, st, &s->officers, "counting officers")) < 0)
		return rc;

	s->residents_per_officer = s->officers ? (double)s->residents / (double)s->officers : 0.0;
	if (rules) {
		rc = cpol_rules_officers_needed(&s->officers_needed, &s->rule, rules, s->residents, s->households);
		if (rc == CPOL_ENOTFOUND) {
			cpol_error_clear();
			s->officers_needed = 0;
			s->rule = NULL;
		} else if (rc < 0) {
			return rc;
		}
		s->over = s->officers < s->officers_needed;
	}
	return 0;
}

int cpol_stats_iter_new(cpol_stats_iter **out, cpol_db *db, const cpol_rules *rules, cpol_id office_id,
                        cpol_date on)
{
	cpol_stats_iter *it;
	cpol__stmt *st = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	if ((rc = cpol__org_require_date(on, "on", "statistics")) < 0)
		return rc;
	if (office_id && (rc = cpol__org_check_live(db, CPOL_ORG_OFFICE, office_id, "office_id")) < 0)
		return rc;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	/* Own statement: stats_one() uses the handle's cached ones while this one steps. */
	rc = cpol__db_prepare(db, &st, STATS_DISTRICTS_SQL);
	if (rc != CPOL__OK) {
		rc = cpol__db_error(db, rc, "listing districts");
		goto fail;
	}
	cpol__st_bind_int64(st, 1, office_id);
	while ((rc = cpol__st_step(st)) == CPOL__ROW) {
		cpol_district_stats *s;
		const cpol_rules *r = rules;

		if (it->count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			cpol_district_stats *g = realloc(it->rows, ncap * sizeof(*g));
			char **gn = g ? realloc(it->names, ncap * sizeof(*gn)) : NULL;
			cpol_residence_type_count **gt = gn ? realloc(it->types, ncap * sizeof(*gt)) : NULL;
			if (g)
				it->rows = g;
			if (gn)
				it->names = gn;
			if (gt)
				it->types = gt;
			if (!g || !gn || !gt) {
				rc = cpol__error_oom();
				goto fail;
			}
			cap = ncap;
		}
		s = &it->rows[it->count];
		memset(s, 0, sizeof(*s));
		it->types[it->count] = NULL;
		s->district_id = cpol__st_column_int64(st, 0);
		s->office_id = cpol__st_column_int64(st, 1);
		if (!(it->names[it->count] = cpol__strdup((const char *)cpol__st_column_text(st, 2)))) {
			rc = cpol__error_oom();
			goto fail;
		}
		s->name = it->names[it->count];
		it->count++;
		if (!r && !(r = stats_rules(it, db, s->office_id, &rc)))
			goto fail;
		if ((rc = stats_one(db, r, s, cpol__st_column_int64(st, 3) == 1, &it->types[it->count - 1], on)) < 0)
			goto fail;
	}
	if (rc != CPOL__DONE) {
		rc = cpol__db_error(db, rc, "listing districts");
		goto fail;
	}
	cpol__st_finalize(st);
	*out = it;
	return 0;
fail:
	cpol__st_finalize(st);
	cpol_stats_iter_free(it);
	return rc;
}

int cpol_stats_iter_next(const cpol_district_stats **out, cpol_stats_iter *it)
{
	*out = NULL;
	if (it->next >= it->count)
		return CPOL_ITEROVER;
	*out = &it->rows[it->next++];
	return 0;
}

void cpol_stats_iter_free(cpol_stats_iter *it)
{
	size_t i;

	if (!it)
		return;
	for (i = 0; i < it->count; i++) {
		free(it->names[i]);
		free(it->types[i]);
	}
	for (i = 0; i < it->owned_count; i++) {
		cpol_rules_free(it->owned[i]);
		free(it->owned_region[i]);
	}
	free(it->owned);
	free(it->owned_region);
	free(it->names);
	free(it->types);
	free(it->rows);
	free(it);
}

/* ------------------------------------------------------------- unmanaged */

struct cpol_unmanaged_iter {
	cpol_unmanaged *rows;
	size_t count, cap, next;
};

/* Let houses in the office's communities where no tenant lives now. */
static const char UNM_LET_SQL[] =
	"SELECT h.id FROM district d JOIN coverage cv ON cv.district_id = d.id AND cv.archived_at IS NULL"
	"  AND cv.valid_from <= ?2 AND (cv.valid_to IS NULL OR cv.valid_to >= ?2)"
	" JOIN house h ON h.community_id = cv.community_id AND h.archived_at IS NULL AND h.status = 'rented'"
	" WHERE (?1 = 0 OR d.office_id = ?1) AND d.archived_at IS NULL"
	" AND NOT EXISTS (SELECT 1 FROM residence r WHERE r.house_id = h.id AND r.archived_at IS NULL"
	"   AND r.valid_from <= ?2 AND (r.valid_to IS NULL OR r.valid_to >= ?2)"
	"   AND (r.relation = 'tenant' OR r.rental_id IS NOT NULL))"
	" ORDER BY h.id";
/* Persons the office manages who live nowhere now. */
static const char UNM_NORES_SQL[] =
	"SELECT p.id, p.name FROM person p WHERE p.archived_at IS NULL AND p.office_id IS NOT NULL"
	" AND (?1 = 0 OR p.office_id = ?1)"
	" AND NOT EXISTS (SELECT 1 FROM residence r WHERE r.person_id = p.id AND r.archived_at IS NULL"
	"   AND r.valid_from <= ?2 AND (r.valid_to IS NULL OR r.valid_to >= ?2))"
	" ORDER BY p.id";
/* Residents of the office's communities whom no office manages. */
static const char UNM_NOOFFICE_SQL[] =
	"SELECT p.id, p.name, h.id FROM district d JOIN coverage cv ON cv.district_id = d.id"
	"  AND cv.archived_at IS NULL AND cv.valid_from <= ?2 AND (cv.valid_to IS NULL OR cv.valid_to >= ?2)"
	" JOIN house h ON h.community_id = cv.community_id AND h.archived_at IS NULL"
	" JOIN residence r ON r.house_id = h.id AND r.archived_at IS NULL AND r.valid_from <= ?2"
	"  AND (r.valid_to IS NULL OR r.valid_to >= ?2)"
	" JOIN person p ON p.id = r.person_id AND p.archived_at IS NULL AND p.office_id IS NULL"
	" WHERE (?1 = 0 OR d.office_id = ?1) AND d.archived_at IS NULL ORDER BY p.id";

static int unm_push(cpol_unmanaged_iter *it, cpol_unmanaged_kind kind, cpol_id person, cpol_id house,
                    const char *name)
{
	cpol__buf b = { 0 };

	if (it->count == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 32;
		cpol_unmanaged *g = realloc(it->rows, cap * sizeof(*g));
		if (!g)
			return cpol__error_oom();
		it->rows = g;
		it->cap = cap;
	}
	switch (kind) {
	case CPOL_UNMANAGED_LET_NO_TENANT:
		cpol__buf_printf(&b, "house %lld is let (出租) but no tenant is registered there", (long long)house);
		break;
	case CPOL_UNMANAGED_NO_RESIDENCE:
		cpol__buf_printf(&b, "%s (person %lld) is managed here but lives nowhere on record", name,
		                 (long long)person);
		break;
	case CPOL_UNMANAGED_NO_OFFICE:
		cpol__buf_printf(&b, "%s (person %lld) lives in house %lld but no office manages them", name,
		                 (long long)person, (long long)house);
		break;
	}
	if (b.oom)
		return CPOL_ENOMEM;
	it->rows[it->count].kind = kind;
	it->rows[it->count].person_id = person;
	it->rows[it->count].house_id = house;
	it->rows[it->count].what = cpol__buf_detach(&b);
	it->count++;
	return 0;
}

int cpol_unmanaged_iter_new(cpol_unmanaged_iter **out, cpol_db *db, cpol_id office_id, cpol_date on)
{
	static const char *const sqls[] = { UNM_LET_SQL, UNM_NORES_SQL, UNM_NOOFFICE_SQL };
	cpol_unmanaged_iter *it;
	size_t k;
	int rc = 0;

	*out = NULL;
	if ((rc = cpol__org_require_date(on, "on", "unmanaged checks")) < 0)
		return rc;
	if (!(it = calloc(1, sizeof(*it))))
		return cpol__error_oom();
	for (k = 0; k < 3 && rc == 0; k++) {
		cpol__stmt *st;
		if ((rc = cpol__db_stmt(db, &st, sqls[k])) < 0)
			break;
		cpol__st_bind_int64(st, 1, office_id);
		cpol__bind_date(st, 2, on);
		while ((rc = cpol__st_step(st)) == CPOL__ROW) {
			if (k == 0)
				rc = unm_push(it, CPOL_UNMANAGED_LET_NO_TENANT, 0, cpol__st_column_int64(st, 0), NULL);
			else if (k == 1)
				rc = unm_push(it, CPOL_UNMANAGED_NO_RESIDENCE, cpol__st_column_int64(st, 0), 0,
				              (const char *)cpol__st_column_text(st, 1));
			else
				rc = unm_push(it, CPOL_UNMANAGED_NO_OFFICE, cpol__st_column_int64(st, 0),
				              cpol__st_column_int64(st, 2), (const char *)cpol__st_column_text(st, 1));
			if (rc < 0)
				break;
		}
		cpol__st_reset(st);
		if (rc == CPOL__DONE)
			rc = 0;
		else if (rc > 0)
			rc = cpol__db_error(db, rc, "checking for unmanaged records");
	}
	if (rc < 0) {
		cpol_unmanaged_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int cpol_unmanaged_iter_next(const cpol_unmanaged **out, cpol_unmanaged_iter *it)
{
	*out = NULL;
	if (it->next >= it->count)
		return CPOL_ITEROVER;
	*out = &it->rows[it->next++];
	return 0;
}

void cpol_unmanaged_iter_free(cpol_unmanaged_iter *it)
{
	size_t i;

	if (!it)
		return;
	for (i = 0; i < it->count; i++)
		free((char *)it->rows[i].what);
	free(it->rows);
	free(it);
}

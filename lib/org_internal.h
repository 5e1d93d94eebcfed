/*
 * libcommpolice — helpers shared by the org, address, population and
 * import modules. Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_ORG_INTERNAL_H
#define CPOL_ORG_INTERNAL_H

#include "internal.h"

/* China Standard Time, for "today" by the handle's clock. */
#define CPOL__UTC_OFFSET_CHINA 480

/* Today (China time) by the handle's clock. */
cpol_date cpol__org_today(cpol_db *db);

/*
 * One allocation holding a copy of a plain record and of the strings its
 * `const char *` fields (at the given offsets) point to, so that the
 * caller frees it with free(). NULL when out of memory (error set).
 */
void *cpol__org_pack(const void *rec, size_t size, const size_t *offsets, size_t n);

/* Fail with CPOL_EINVAL naming field when s is NULL or empty. */
int cpol__org_require_text(const char *s, const char *field, const char *what);

/* Fail with CPOL_EINVAL naming field when d is CPOL_DATE_NONE. */
int cpol__org_require_date(cpol_date d, const char *field, const char *what);

/*
 * Archive a record of a level in one transaction; for staff, with `on`
 * set, their open assignment is closed on it first (what 0.1.0's org
 * archive did; with CPOL_DATE_NONE nothing is closed).
 */
int cpol__org_archive(cpol_db *db, cpol_org_level level, cpol_id id, cpol_date on);

/*
 * Step an INSERT or UPDATE: a UNIQUE violation becomes CPOL_EEXISTS naming
 * field, a FOREIGN KEY violation CPOL_ENOTFOUND; the statement is reset.
 */
int cpol__org_step(cpol_db *db, cpol__stmt *st, const char *what, const char *field);

/*
 * Run a single-row, single-integer query whose parameters are already
 * bound: *out gets the value; CPOL_ENOTFOUND (message: what) when there is
 * no row. The statement is reset.
 */
int cpol__org_query_id(cpol_db *db, cpol__stmt *st, int64_t *out, const char *what);

/*
 * Prepare an iterator's own statement (several iterators may be open at
 * once; not the handle's cache) into *st; on failure the error says what.
 */
int cpol__org_iter_prepare(cpol_db *db, cpol__stmt **st, const char *sql, const char *what);

/*
 * Step an iterator's statement: 0 with a row to read, CPOL_ITEROVER at the
 * end, or the SQLite error (message: what).
 */
int cpol__org_iter_step(cpol_db *db, cpol__stmt *st, const char *what);

/* CPOL_ENOTFOUND unless the live record exists (table: org level). */
int cpol__org_check_live(cpol_db *db, cpol_org_level level, cpol_id id, const char *field);

/*
 * Load the rules of the region of an office. The caller frees them with
 * cpol_rules_free().
 */
int cpol__org_office_rules(cpol_rules **out, cpol_db *db, cpol_id office_id);

/* The district covering a community on a day, with its office (either may be NULL). */
int cpol__org_cover(cpol_db *db, cpol_id community_id, cpol_date on,
                    cpol_id *district_id, cpol_id *office_id);

#endif

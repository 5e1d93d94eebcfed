/*
 * libcommpolice — record descriptions: one table per record type, from
 * which rows are read into structs, records freed, and the public
 * introspection (commpolice/record.h) answered. Not installed.
 *
 * A description lists its fields in the order of the struct; the SELECT
 * list that reads the record is its columns in that order, written once as
 * the CPOL__X_COLUMNS macro below (SQL texts are static, cached on the
 * handle by address, so the list is a literal) and checked against the
 * fields by cpol__record_check_columns() (tests/unit/test_record.c checks
 * every description, and that each field is a column of its table with a
 * compatible type).
 *
 * Adding a column: the migration, the struct member in the public header,
 * its line in the description (lib/record.c) and its name in the
 * CPOL__X_COLUMNS list below. The readers, the free function, the CLI's
 * --json and the Python dicts follow.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_RECORD_INTERNAL_H
#define CPOL_RECORD_INTERNAL_H

#include <stddef.h>

#include "commpolice/record.h"
#include "store.h"

/* One record type. */
typedef struct cpol__record_desc {
	cpol_record_kind kind;
	const char *name;                /* "notice" */
	const char *table;               /* "rectification_notice" */
	size_t size;                     /* sizeof the struct */
	const cpol_record_field *fields; /* in struct order */
	size_t nfields;
	const char *columns;             /* the SELECT list: CPOL__X_COLUMNS */
} cpol__record_desc;

/* The description of kind, or NULL. */
const cpol__record_desc *cpol__record_desc_of(cpol_record_kind kind);

/*
 * Reads the current row of st (columns 0.. in field order) into rec, whose
 * fields it overwrites. copy: text is copied (free with cpol__record_free
 * or cpol__record_free_text), *oom set when a copy failed; else text points
 * into the row, valid until the statement's next step or reset.
 */
void cpol__record_decode(const cpol__record_desc *d, void *rec, cpol__stmt *st, int copy, int *oom);

/* Frees the text fields of a record decoded with copy, and sets them NULL. */
void cpol__record_free_text(const cpol__record_desc *d, void *rec);

/*
 * A copy of rec (decoded without copy) in one allocation, its text after
 * the struct: freed with cpol_free(). NULL, with CPOL_ENOMEM set, when out of
 * memory.
 */
void *cpol__record_pack(const cpol__record_desc *d, const void *rec);

/* cpol__record_free_text, then free(rec). NULL is a no-op. */
void cpol__record_free(const cpol__record_desc *d, void *rec);

/*
 * 0 when d->columns names d's fields' columns, in order, separated by ", "
 * (a leading "SELECT " skipped); else CPOL_EINVAL naming the first field
 * that differs. An item is the column, or alias.column; an item with
 * parentheses (ifnull(p.office_id, 0)) is an expression, which must hold
 * the column as alias.column, or the field must be computed.
 */
int cpol__record_check_columns(const cpol__record_desc *d);

/* The SELECT lists (column i is field i of the description). */
#define CPOL__INSPECTION_COLUMNS \
	"id, office_id, unit_id, officer_id, on_date, kind, notice_id, note, archived_at"
#define CPOL__NOTICE_COLUMNS \
	"id, office_id, unit_id, inspection_id, officer_id, year, seq, number, issued_on, deadline," \
	" deadline_key, deadline_file, deadline_line, requirement, reinspection_id, reinspected_on," \
	" escalated_on, escalated_to, closed_on, close_result, close_note, archived_at"
#define CPOL__VISIT_COLUMNS \
	"id, office_id, officer_id, on_date, kind, house_id, person_id, unit_id, org_id," \
	" incident_id, summary, archived_at"
#define CPOL__INCIDENT_COLUMNS \
	"id, office_id, officer_id, received_on, kind, summary, party_name, party_phone," \
	" person_id, return_visit_id, returned_on, archived_at, major"
#define CPOL__DISPUTE_COLUMNS \
	"id, office_id, officer_id, received_on, parties, summary, status, outcome," \
	" resolved_on, archived_at"
#define CPOL__REQUEST_COLUMNS \
	"id, office_id, officer_id, received_on, requester, phone, person_id, content," \
	" in_scope, referred_to, feedback_on, feedback, archived_at"
#define CPOL__DUTY_RECORD_COLUMNS \
	"id, office_id, officer_id, obligation, held_on, title, content, attendees," \
	" incident_id, archived_at"
#define CPOL__INFO_ITEM_COLUMNS \
	"id, office_id, officer_id, reported_on, category, summary, archived_at"
#define CPOL__UNIT_COLUMNS \
	"id, office_id, address_id, officer_id, type_code, name, code, location, responsible_name," \
	" responsible_phone, security_name, security_phone, status, status_since, note, archived_at"

/*
 * The person's SELECT list (lib/population.c, where it is written: it
 * joins the open residence, so its items are qualified and some are
 * expressions).
 */
extern const char cpol__person_columns[];

#endif

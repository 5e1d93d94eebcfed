/*
 * libcommpolice — the audit trail.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_AUDIT_H
#define COMMPOLICE_AUDIT_H

#include "common.h"
#include "db.h"

/**
 * @file commpolice/audit.h
 * @brief Reading the audit trail: who changed which record, when, from what to what.
 *
 * The library writes the trail itself: every insert, update, archive and
 * restore of a record adds one entry in the same transaction as the change
 * (a change that is rolled back leaves no entry). The trail is append-only.
 */

/** One entry of the audit trail. Plain data, owned by the iterator. */
typedef struct cpol_audit_entry {
	cpol_id id;              /**< entry number, increasing with time */
	const char *at;          /**< UTC time, "YYYY-MM-DDTHH:MM:SSZ" */
	const char *actor;       /**< the handle's user at the time, or "unknown" */
	const char *table_name;  /**< table of the record changed */
	cpol_id row_id;          /**< id of the record changed */
	const char *action;      /**< "insert", "update", "archive" or "restore" */
	const char *before_json; /**< the record before, as a JSON object; NULL for insert */
	const char *after_json;  /**< the record after, as a JSON object */
} cpol_audit_entry;

/** Which entries to read. Fields left NULL or 0 do not filter. */
typedef struct cpol_audit_query {
	unsigned int version;    /**< CPOL_AUDIT_QUERY_VERSION */
	const char *table_name;  /**< only this table */
	cpol_id row_id;          /**< only this record (with table_name) */
	const char *actor;       /**< only this user */
	const char *since;       /**< entries at or after this time (ISO 8601, UTC) */
	const char *until;       /**< entries before this time */
} cpol_audit_query;

/** The current version of cpol_audit_query. */
#define CPOL_AUDIT_QUERY_VERSION 1
/** A query that matches every entry. */
#define CPOL_AUDIT_QUERY_INIT { CPOL_AUDIT_QUERY_VERSION, NULL, 0, NULL, NULL, NULL }

/** An iterator over audit entries. Opaque. */
typedef struct cpol_audit_iter cpol_audit_iter;

CPOL_BEGIN_DECL

/**
 * Initialise a query with CPOL_AUDIT_QUERY_INIT.
 *
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_audit_query_init(cpol_audit_query *query, unsigned int version);

/**
 * Start reading the trail, oldest entry first.
 *
 * @param out receives the iterator; free it with cpol_audit_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param query what to read, or NULL for everything. Copied.
 * @return 0, CPOL_EINVAL, CPOL_ENOMEM or CPOL_EDB.
 */
CPOL_EXTERN int cpol_audit_iter_new(cpol_audit_iter **out, cpol_db *db, const cpol_audit_query *query);

/**
 * The next entry.
 *
 * @param out receives a pointer to an entry owned by the iterator, valid
 *        until the next call or cpol_audit_iter_free().
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER after the last entry; CPOL_EDB.
 */
CPOL_EXTERN int cpol_audit_iter_next(const cpol_audit_entry **out, cpol_audit_iter *iter);

/** Free an iterator. NULL is allowed. */
CPOL_EXTERN void cpol_audit_iter_free(cpol_audit_iter *iter);

/**
 * Count the entries a query matches.
 *
 * @param out receives the count.
 * @param db the handle.
 * @param query what to count, or NULL for every entry.
 * @return 0, CPOL_EINVAL or CPOL_EDB.
 */
CPOL_EXTERN int cpol_audit_count(int64_t *out, cpol_db *db, const cpol_audit_query *query);

CPOL_END_DECL

#endif

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
 *
 * The entries form a hash chain (HMAC-SHA256 with the audit key when one is
 * configured, see cpol_db_options.key_file; plain SHA-256 otherwise), the
 * library checks its triggers when it opens a database, and
 * cpol_audit_trail_verify() checks a whole database: what this does and does not
 * promise is in docs/db.md, "What the trail promises".
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
 * @param query the structure to initialise.
 * @param version CPOL_AUDIT_QUERY_VERSION, the version the caller was built with.
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

/**
 * Free an iterator.
 *
 * @param iter the iterator, or NULL (nothing happens).
 */
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

/** What a finding of cpol_audit_trail_verify() is about. */
typedef enum {
	/** SQLite's PRAGMA integrity_check reported damage. */
	CPOL_AUDIT_FINDING_INTEGRITY = 1,
	/** PRAGMA foreign_key_check: a row refers to a missing parent. */
	CPOL_AUDIT_FINDING_FOREIGN_KEY,
	/** A trigger the library makes is missing (changes go unrecorded). */
	CPOL_AUDIT_FINDING_TRIGGER_MISSING,
	/** A trigger of the library's name has other SQL than the library's. */
	CPOL_AUDIT_FINDING_TRIGGER_CHANGED,
	/** A trigger the library did not make. */
	CPOL_AUDIT_FINDING_TRIGGER_UNKNOWN,
	/** A table is exempt from the trail that no migration exempted. */
	CPOL_AUDIT_FINDING_EXEMPTION_UNKNOWN,
	/** An entry's hash does not match its content: it was changed, or written without the key. */
	CPOL_AUDIT_FINDING_ENTRY_CHANGED,
	/** The chain skips: an entry before this one was removed (or the chain rewritten). */
	CPOL_AUDIT_FINDING_ENTRY_REMOVED,
	/** An entry has no link in the chain: written with the chain trigger gone. */
	CPOL_AUDIT_FINDING_ENTRY_UNCHAINED,
	/** An entry is not keyed (plain SHA-256) after keyed ones, or the last entry is not keyed with the key given. */
	CPOL_AUDIT_FINDING_ENTRY_UNKEYED,
	/** Entries are keyed with a key that was not given: they could not be checked. */
	CPOL_AUDIT_FINDING_KEY_UNAVAILABLE,
	/** A live record differs from its last audited after-image. */
	CPOL_AUDIT_FINDING_ROW_CHANGED,
	/** A live record has no audit entry at all. */
	CPOL_AUDIT_FINDING_ROW_UNAUDITED,
	/** A record the trail shows (an entry, or an import batch's digests) is gone: records are never deleted. */
	CPOL_AUDIT_FINDING_ROW_REMOVED
} cpol_audit_finding_kind;

/** One thing cpol_audit_trail_verify() found. Plain data, valid during the callback only. */
typedef struct cpol_audit_finding {
	cpol_audit_finding_kind kind; /**< what kind of finding */
	const char *kind_name;   /**< the kind as a word: "row-changed", "trigger-missing"... */
	const char *table_name;  /**< the table concerned, or NULL */
	cpol_id row_id;          /**< the record concerned, or 0 */
	cpol_id entry_id;        /**< the audit entry concerned, or 0 */
	const char *object;      /**< the trigger concerned, or NULL */
	const char *message;     /**< a sentence naming all of the above */
} cpol_audit_finding;

/**
 * Called for each finding.
 *
 * @param finding the finding, valid during the call only.
 * @param payload the pointer given to cpol_audit_trail_verify().
 * @return 0 to go on; anything else stops the check (CPOL_EUSER).
 */
typedef int (*cpol_audit_finding_cb)(const cpol_audit_finding *finding, void *payload);

/**
 * What cpol_audit_trail_verify() looked at. The caller allocates it and
 * sets its version (CPOL_AUDIT_SUMMARY_INIT or cpol_audit_summary_init()).
 */
typedef struct cpol_audit_summary {
	unsigned int version;   /**< CPOL_AUDIT_SUMMARY_VERSION: the layout the caller was built with */
	int64_t findings;       /**< how many findings were reported */
	int64_t entries;        /**< audit entries checked */
	int64_t entries_keyed;  /**< of which keyed (HMAC) with the key given */
	int64_t rows;           /**< live records compared with the trail */
	cpol_id head_id;        /**< the last entry's id (0: empty trail) */
	char head_hash[65];     /**< its hash in hex: note it elsewhere to detect a cut-off tail */
	char key_id[17];        /**< the id of the key given, or "" */
} cpol_audit_summary;

/** The current version of cpol_audit_summary. */
#define CPOL_AUDIT_SUMMARY_VERSION 1
/** An empty cpol_audit_summary of the current version. */
#define CPOL_AUDIT_SUMMARY_INIT { CPOL_AUDIT_SUMMARY_VERSION, 0, 0, 0, 0, 0, "", "" }

/**
 * Initialise a cpol_audit_summary with CPOL_AUDIT_SUMMARY_INIT.
 *
 * @param summary the struct to fill.
 * @param version CPOL_AUDIT_SUMMARY_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL (field "version") for an unknown version.
 */
CPOL_EXTERN int cpol_audit_summary_init(cpol_audit_summary *summary, unsigned int version);

/**
 * The word of a finding kind, as reports and `commpolice check` print it.
 *
 * @param kind a finding kind.
 * @return a static string ("row-changed"...); "unknown" for a value
 *         outside the enum.
 */
CPOL_EXTERN const char *cpol_audit_finding_kind_name(cpol_audit_finding_kind kind);

/**
 * Check a database: SQLite's integrity and foreign-key checks; the
 * library's triggers and exemptions; the hash chain of the trail (every
 * hash recomputed, keyed with the handle's audit key when it has one);
 * every live record against its last audited after-image (records
 * inserted by a bulk import and never changed since against the digest of
 * their values their batch kept, and every record a batch wrote must
 * still be there; batches written before migration 009 kept no digests:
 * their rows are only checked to lie in a batch's id range).
 *
 * Runs in one read transaction, so it sees one consistent state while
 * others write; works on read-only handles and on handles that refuse to
 * write because their triggers were changed.
 *
 * @param out the caller's summary, its version set (CPOL_AUDIT_SUMMARY_INIT),
 *        filled; or NULL.
 * @param db the handle.
 * @param cb called for each finding, or NULL to count only.
 * @param payload passed to cb.
 * @return 0 when the check ran (findings are counted in out->findings, not
 *         errors); CPOL_EINVAL (field "version") for an unknown version of
 *         out; CPOL_EUSER when cb stopped it; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_audit_trail_verify(cpol_audit_summary *out, cpol_db *db,
                                        cpol_audit_finding_cb cb, void *payload);

/**
 * Whether the handle refuses to write because the library's triggers were
 * changed outside it (checked on open).
 *
 * @param db the handle.
 * @return a message naming what is missing or changed (owned by the
 *         handle, valid until the next repair or close), or NULL when the
 *         triggers are the library's own.
 */
CPOL_EXTERN const char *cpol_audit_tampered(const cpol_db *db);

/**
 * Put the library's triggers back (the repair an operator makes after
 * cpol_audit_trail_verify() or opening reported missing or changed triggers),
 * and record each repaired trigger in the trail: an entry on table
 * "sqlite_master" with action "insert" (the trigger was missing) or
 * "update" (it was changed), before_json the SQL found and after_json the
 * SQL restored, by the handle's user. Unknown triggers are dropped and
 * recorded the same way. Records changed while the triggers were missing
 * are not touched: cpol_audit_trail_verify() still reports them.
 *
 * @param out receives how many triggers were repaired (may be NULL).
 * @param db a read-write handle.
 * @return 0 (the handle may write again); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_audit_repair(int *out, cpol_db *db);

/**
 * The id of the handle's audit key: the first 8 bytes of SHA-256 over a
 * fixed label and the key, in hex (16 characters). Never the key.
 *
 * @param db the handle.
 * @return a string owned by the handle, or NULL when it has no key.
 */
CPOL_EXTERN const char *cpol_audit_key_id(const cpol_db *db);


/* --------------------------------------------------- words of the enums */

/**
 * A value of cpol_audit_finding_kind from its word, as
 * cpol_audit_finding_kind_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_audit_finding_kind_parse(cpol_audit_finding_kind *out, const char *word);

CPOL_END_DECL

#endif

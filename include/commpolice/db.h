/*
 * libcommpolice — the database handle.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_DB_H
#define COMMPOLICE_DB_H

#include "common.h"

/**
 * @file commpolice/db.h
 * @brief Opening a database, transactions and the acting user.
 *
 * ## Threading contract
 *
 * A cpol_db handle is used by one thread at a time: it may move between
 * threads, but two threads must not call into the same handle at once (the
 * caller serialises, as with sqlite3 in multi-thread mode). Any number of
 * handles, in any number of threads and processes, may open the same file;
 * writers wait for each other up to the busy timeout and no write is lost.
 * A write that cannot get the lock within the timeout fails with CPOL_EBUSY
 * and changes nothing.
 *
 * ## Storage
 *
 * The database is one SQLite file in WAL mode with foreign keys enforced.
 * The schema is created and upgraded by migrations compiled into the
 * library; its version is kept in `PRAGMA user_version`. Records are never
 * deleted: they are archived, and every insert, update and archive is
 * recorded in the audit trail (see commpolice/audit.h) in the same
 * transaction as the change.
 */

/** A database handle. Opaque; see cpol_db_open(). */
typedef struct cpol_db cpol_db;

/** Flags for cpol_db_options.flags. */
typedef enum {
	/** Create the file when it does not exist. */
	CPOL_DB_OPEN_CREATE = 1u << 0,
	/** Open read-only: no migration, every write fails with CPOL_EREADONLY. */
	CPOL_DB_OPEN_READONLY = 1u << 1
} cpol_db_open_flag;

/** Options for cpol_db_open(). Initialise with CPOL_DB_OPTIONS_INIT. */
typedef struct cpol_db_options {
	unsigned int version;  /**< CPOL_DB_OPTIONS_VERSION (1 or 2) */
	unsigned int flags;    /**< cpol_db_open_flag bits */
	/**
	 * How long, in all, a writer waits for the lock before CPOL_EBUSY. The
	 * wait polls with short randomised sleeps (see docs/db.md, "Retry
	 * policy"); 0 fails at once.
	 */
	int busy_timeout_ms;
	const char *user;      /**< acting user for the audit trail, or NULL */
	/* version 2 */
	/**
	 * The audit key: a file (outside the database) whose bytes, 16 to 1024
	 * of them, key the audit chain with HMAC-SHA256. NULL: the file named
	 * by the environment variable CPOL_AUDIT_KEY_FILE, if set; else the
	 * chain is plain SHA-256. The file must not be readable by group or
	 * others. Only the key's id (a fingerprint) is ever stored.
	 */
	const char *key_file;
	/**
	 * Permission bits for a database file the library creates (its WAL and
	 * shared-memory files take the same); default 0600, owner only. The
	 * umask does not apply. An existing file keeps its mode.
	 */
	unsigned int file_mode;
} cpol_db_options;

/** The current version of cpol_db_options. Version 1 (no key_file, file_mode) is still accepted. */
#define CPOL_DB_OPTIONS_VERSION 2

/** Default options: create when missing, wait up to 30 s for locks, no user, key from the environment, mode 0600. */
#define CPOL_DB_OPTIONS_INIT \
	{ CPOL_DB_OPTIONS_VERSION, CPOL_DB_OPEN_CREATE, 30000, NULL, NULL, 0600 }

/**
 * Clock used for audit timestamps and "today" defaults.
 *
 * @param payload the pointer given to cpol_db_set_clock().
 * @return seconds since 1970-01-01T00:00:00Z.
 */
typedef int64_t (*cpol_clock_cb)(void *payload);

CPOL_BEGIN_DECL

/**
 * Initialise an options struct with the defaults of CPOL_DB_OPTIONS_INIT.
 *
 * @param opts the struct to fill.
 * @param version CPOL_DB_OPTIONS_VERSION.
 * @return 0, or CPOL_EINVAL when version is not one this library knows.
 */
CPOL_EXTERN int cpol_db_options_init(cpol_db_options *opts, unsigned int version);

/**
 * Open (and when needed create and migrate) a database.
 *
 * Migrations that the file lacks are applied in order, in one transaction:
 * either all of them or none. A file written by a newer library (its
 * user_version is higher than this library knows) is refused with
 * CPOL_ESCHEMA and left untouched.
 *
 * @param out receives the handle; the caller closes it with cpol_db_close().
 *        Set to NULL on failure.
 * @param path a file name, or ":memory:" for a private in-memory database.
 * @param opts options, or NULL for the defaults.
 * A new file is created with opts->file_mode (0600) whatever the umask.
 * The audit triggers are then compared with the library's: when they
 * differ the handle is still returned, but refuses to write (see
 * cpol_audit_tampered()) and the migrations are not applied.
 *
 * @return 0; CPOL_EINVAL for a bad argument (a file_mode beyond 0777; a key
 *         file readable by others, or not 16 to 1024 bytes: field
 *         "key_file"); CPOL_ENOTFOUND when the file does not exist and
 *         CPOL_DB_OPEN_CREATE is not set; CPOL_ESCHEMA for a newer or
 *         damaged schema; CPOL_EIO when the key file cannot be read or the
 *         file created; CPOL_EBUSY, CPOL_EDB from SQLite.
 */
CPOL_EXTERN int cpol_db_open(cpol_db **out, const char *path, const cpol_db_options *opts);

/**
 * Close a handle and free it. An open transaction is rolled back.
 *
 * @param db the handle, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_db_close(cpol_db *db);

/**
 * The file name the handle was opened with.
 *
 * @param db the handle.
 * @return a string owned by the handle, valid until cpol_db_close().
 */
CPOL_EXTERN const char *cpol_db_path(const cpol_db *db);

/**
 * Set the acting user recorded in the audit trail for later writes.
 *
 * @param db the handle.
 * @param user a user name or badge number, copied; NULL or "" clears it
 *        (writes are then recorded as by "unknown").
 * @return 0, or CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_db_set_user(cpol_db *db, const char *user);

/**
 * The acting user.
 *
 * @param db the handle.
 * @return a string owned by the handle, or NULL when none is set.
 */
CPOL_EXTERN const char *cpol_db_user(const cpol_db *db);

/**
 * Replace the clock used for audit timestamps (tests, replays).
 *
 * @param db the handle.
 * @param clock the callback, or NULL for the system clock.
 * @param payload passed to clock.
 */
CPOL_EXTERN void cpol_db_set_clock(cpol_db *db, cpol_clock_cb clock, void *payload);

/**
 * The current time by the handle's clock (cpol_db_set_clock()).
 *
 * @param db the handle.
 * @return seconds since 1970-01-01T00:00:00Z.
 */
CPOL_EXTERN int64_t cpol_db_now(const cpol_db *db);

/**
 * The schema version of the open database (its PRAGMA user_version).
 *
 * @param out receives the version.
 * @param db the handle.
 * @return 0, or CPOL_EDB.
 */
CPOL_EXTERN int cpol_db_schema_current(int *out, cpol_db *db);

/**
 * The schema version this library writes.
 *
 * @return the number of its last migration.
 */
CPOL_EXTERN int cpol_db_schema_latest(void);

/**
 * Begin a transaction, or a savepoint inside the open one.
 *
 * The outermost level takes the write lock at once (BEGIN IMMEDIATE) so that
 * a transaction never fails half-way for want of the lock. Inner levels are
 * savepoints: rolling one back undoes only what was done since its begin.
 *
 * @param db the handle.
 * @return 0; CPOL_EBUSY when the lock was not had within the busy timeout;
 *         CPOL_EREADONLY on a read-only handle; CPOL_ETAMPERED when the
 *         audit triggers were found changed on open (see cpol_audit_tampered(),
 *         cpol_audit_repair()); CPOL_EDB.
 */
CPOL_EXTERN int cpol_db_begin(cpol_db *db);

/**
 * Commit the innermost open level (release its savepoint, or commit the
 * transaction at the outermost level).
 *
 * @param db the handle.
 * @return 0; CPOL_EMISUSE when no transaction is open; CPOL_EBUSY; CPOL_EDB.
 *         When the outermost commit fails the transaction is rolled back.
 */
CPOL_EXTERN int cpol_db_commit(cpol_db *db);

/**
 * Roll back the innermost open level.
 *
 * @param db the handle.
 * @return 0, or CPOL_EMISUSE when no transaction is open.
 */
CPOL_EXTERN int cpol_db_rollback(cpol_db *db);

/**
 * How many levels of transaction are open.
 *
 * @param db the handle.
 * @return 0 outside any transaction, 1 in one, 2 in a savepoint of it...
 */
CPOL_EXTERN int cpol_db_transaction_depth(const cpol_db *db);

/**
 * Copy the database to a new file with SQLite's online backup API.
 *
 * The copy is one consistent snapshot (a single read transaction: in WAL
 * mode other connections go on writing meanwhile, and what they commit
 * after the snapshot is not in the copy). The new file gets the handle's
 * file mode (0600 by default) whatever the umask. An existing file is
 * never overwritten.
 *
 * @param db the handle (read-only handles may be backed up).
 * @param dest_path the file to create.
 * @return 0; CPOL_EINVAL for a missing path or a ":memory:" destination;
 *         CPOL_EEXISTS when dest_path exists; CPOL_EIO when it cannot be
 *         created or written (a partial copy is removed); CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_db_backup(cpol_db *db, const char *dest_path);

/* --------------------------------------------------- words of the enums */

/**
 * The word for one flag of cpol_db_open_flag ("create", "readonly"), as
 * reports, JSON and the bindings write it.
 *
 * @param value one flag of the enum.
 * @return a static string; "unknown" for a value outside the enum (or a
 *         combination of flags).
 */
CPOL_EXTERN const char *cpol_db_open_flag_name(cpol_db_open_flag value);

/**
 * One flag of cpol_db_open_flag from its word, as cpol_db_open_flag_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "flags") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_db_open_flag_parse(cpol_db_open_flag *out, const char *word);

CPOL_END_DECL

#endif

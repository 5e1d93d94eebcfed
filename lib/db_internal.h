/*
 * libcommpolice — the database handle's body, shared by db.c and schema.c.
 * Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_DB_INTERNAL_H
#define CPOL_DB_INTERNAL_H

#include "internal.h"

#include <sqlite3.h>

typedef struct cpol__stmt_entry {
	const char *key;      /* address of the module's static SQL text */
	cpol__stmt *stmt;
} cpol__stmt_entry;

struct cpol_db {
	const cpol__store_ops *ops;   /* the backend (lib/store.h) */
	void *backend;                /* another backend's connection (lib/store_pg.c), or NULL */
	sqlite3 *handle;
	char *path;
	char *user;
	int readonly;
	int depth;                 /* open transaction levels */
	cpol__stmt_entry *stmts;   /* open-addressing table, power-of-two size */
	size_t stmt_cap;
	size_t stmt_count;
	cpol_clock_cb clock;
	void *clock_payload;
	/* the audit key (lib/audit.c): HMAC-SHA256 key bytes, or none */
	unsigned char *key;
	size_t key_len;
	char key_id[17];           /* "" without a key */
	char *tampered;            /* why writes are refused (triggers changed), or NULL */
	int repairing;             /* cpol_audit_repair() is running: begin() lets it write */
	unsigned int file_mode;    /* for files the library creates */
	int busy_timeout_ms;
	int64_t busy_since_ms;     /* when the current wait for a lock began */
	unsigned int busy_seed;    /* jitter of the retry sleeps */
	cpol__row_hook row_hook;   /* told of each row an import batch inserts, or NULL */
	void *row_hook_payload;
};

/*
 * Translate a SQLite result code (and the handle's message) into ours:
 * BUSY/LOCKED -> CPOL_EBUSY, CONSTRAINT -> CPOL_ECONSTRAINT, READONLY ->
 * CPOL_EREADONLY, NOMEM -> CPOL_ENOMEM, IOERR/FULL/CANTOPEN -> CPOL_EIO,
 * anything else -> CPOL_EDB. `what` says what was being done.
 */
int cpol__error_sqlite(sqlite3 *handle, int rc, const char *what);

/* Another backend's connection state, and setting the backend (tests attach PostgreSQL). */
void *cpol__db_backend(const cpol_db *db);
void cpol__db_set_backend(cpol_db *db, const cpol__store_ops *ops, void *state);

/* The SQLite backend's ops (lib/store_sqlite.c). */
extern const cpol__store_ops cpol__sqlite_ops;

/* The SQLite handle, for db.c, schema.c and the backend only. */
sqlite3 *cpol__db_handle(cpol_db *db);

/* Milliseconds on a monotonic clock. */
int64_t cpol__db_clock_ms(void);

/*
 * Create path with exactly mode (umask or not) when it does not exist.
 * *created says whether this call made it. 0 or CPOL_EIO.
 */
int cpol__db_create_file(const char *path, unsigned int mode, int exclusive, int *created);

/*
 * Check the file's triggers against the library's at schema `version`; set
 * or clear db->tampered (db.c).
 */
int cpol__db_check_triggers(cpol_db *db, int version);

/* ---- audit (lib/audit.c) */

/* Load the key from key_file (or $CPOL_AUDIT_KEY_FILE when NULL); none when neither. */
int cpol__audit_load_key(cpol_db *db, const char *key_file);

/* Register cpol_audit_hash() and cpol_audit_key_id() on the handle. */
int cpol__audit_register(cpol_db *db);

/* The digest of one entry (the chain's hash function); see lib/audit.c. */
typedef struct cpol__audit_text {
	const unsigned char *ptr;   /* NULL: SQL NULL */
	size_t len;
} cpol__audit_text;

typedef struct cpol__audit_fields {
	int64_t id;
	cpol__audit_text at, actor, table_name;
	int64_t row_id;
	cpol__audit_text action, before_json, after_json, key_id, prev_hash;
} cpol__audit_fields;

#define CPOL__AUDIT_HASH_SIZE 32

void cpol__audit_digest(unsigned char out[CPOL__AUDIT_HASH_SIZE], const unsigned char *key, size_t key_len,
                        const cpol__audit_fields *f);

/* Fill f from columns col.. of st: id, at, actor, table_name, row_id, action, before_json, after_json. */
int cpol__audit_fields_from_row(cpol__audit_fields *f, cpol__stmt *st, int col);

/* Import batches (migration 010): each row added gets a digest of its values. */
#define CPOL__AUDIT_ROW_DIGEST_SIZE 16

/* The digest of the row in st: its ncols values from column col; see lib/audit.c. */
void cpol__audit_row_digest(unsigned char out[CPOL__AUDIT_ROW_DIGEST_SIZE], const char *table, int64_t row_id,
                            cpol__stmt *st, int col, int ncols);

/*
 * The same digest from the row's values as they were written (the import's
 * row images, cpol__db_row_written()): v[0..n-1] in the table's column order.
 */
void cpol__audit_row_digest_values(unsigned char out[CPOL__AUDIT_ROW_DIGEST_SIZE], const char *table,
                                   int64_t row_id, const cpol__value *v, int n);

/*
 * The digests of the rows of `table` with ids first..last, read with `rows`
 * ("SELECT rowid, * FROM table WHERE rowid BETWEEN ?1 AND ?2", reset here):
 * *out receives CPOL__AUDIT_ROW_DIGEST_SIZE bytes an id (zeros for an id
 * with no row), malloc'd, the caller frees; *ncols the columns hashed.
 */
int cpol__audit_batch_digests(cpol_db *db, cpol__stmt *rows, const char *table, int64_t first, int64_t last,
                              unsigned char **out, size_t *len, int *ncols);

/* SHA-256 of n bytes, in hex (65 bytes with the NUL). */
void cpol__audit_blob_sha256(char out[2 * CPOL__AUDIT_HASH_SIZE + 1], const unsigned char *p, size_t n);

/* ---- schema (lib/schema.c): the library's triggers, checked and repaired */

/* One trigger the library expects, or finds. */
typedef struct cpol__trigger {
	char *name;
	char *table_name;
	char *sql;          /* as sqlite_master keeps it */
} cpol__trigger;

typedef struct cpol__trigger_problem {
	cpol_audit_finding_kind kind;  /* TRIGGER_MISSING / _CHANGED / _UNKNOWN, EXEMPTION_UNKNOWN */
	char *name;                    /* the trigger, or the exempt table */
	char *table_name;
	char *found_sql;               /* NULL when missing */
	char *expected_sql;            /* NULL when unknown */
} cpol__trigger_problem;

/*
 * Compare the triggers and exemptions in the file with those the library
 * makes at schema version `version`. *out receives the problems (free with
 * cpol__trigger_problems_free()).
 */
int cpol__schema_check_triggers(cpol_db *db, int version, cpol__trigger_problem **out, size_t *count);
void cpol__trigger_problems_free(cpol__trigger_problem *p, size_t count);

/* The triggers a migration's SQL text leaves, as sqlite_master will keep them (tests). */
int cpol__schema_triggers_in_sql(const char *sql, cpol__trigger **out, size_t *count);
void cpol__triggers_free(cpol__trigger *t, size_t count);

/* The tables the library audits (not exempt by a migration), for the row check. */
int cpol__schema_audited_tables(cpol_db *db, int version, char ***out, size_t *count);
void cpol__schema_names_free(char **names, size_t count);

/* The json_object(...) of a table's row as the triggers write it (alias.col...), appended to sql. */
int cpol__schema_row_json(cpol_db *db, const char *table, const char *alias, cpol__buf *sql);

/* Chain the entries written before the chain existed (the chain migration). */
int cpol__audit_chain_backfill(cpol_db *db);

/* Apply the migrations the file lacks, in one transaction (schema.c). */
int cpol__db_migrate(cpol_db *db);

/*
 * Regenerate the audit triggers of every table not in audit_exempt
 * (schema.c). Runs after each migration; tests call it after creating
 * tables of their own.
 */
int cpol__schema_refresh_audit(cpol_db *db);

/* Migration `number` as embedded (lib/schema/NNN_name.sql), or NULL. Static data. */
const cpol__embedded_file *cpol__schema_migration(int number);

#endif

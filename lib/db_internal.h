/*
 * libcommpolice — the database handle's body, shared by db.c and schema.c.
 * Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_DB_INTERNAL_H
#define CPOL_DB_INTERNAL_H

#include "internal.h"

typedef struct cpol__stmt_entry {
	const char *key;      /* address of the module's static SQL text */
	sqlite3_stmt *stmt;
} cpol__stmt_entry;

struct cpol_db {
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
};

/* Apply the migrations the file lacks, in one transaction (schema.c). */
int cpol__db_migrate(cpol_db *db);

/*
 * Regenerate the audit triggers of every table not in audit_exempt
 * (schema.c). Runs after each migration; tests call it after creating
 * tables of their own.
 */
int cpol__schema_refresh_audit(cpol_db *db);

#endif

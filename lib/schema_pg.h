/*
 * libcommpolice — the schema on PostgreSQL: its migrations, applied with
 * libpq (lib/schema_pg.c). Not installed; built with --with-postgresql.
 *
 * The PostgreSQL backend (docs/postgresql.md) opens a connection and calls
 * cpol__pg_migrate() before anything else, as lib/db.c calls the SQLite
 * migrations. Tests call it on a connection of their own.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_SCHEMA_PG_H
#define CPOL_SCHEMA_PG_H

#include <libpq-fe.h>

#include "internal.h"

/*
 * The text of migration n on PostgreSQL: lib/schema/pg/<name> when the
 * migration has a PostgreSQL form of the same file name, else the shared
 * lib/schema/<name> itself (a migration in the dialects' common subset,
 * tests/pg_schema_check.py). NULL when there is no migration n. Static data.
 */
const cpol__embedded_file *cpol__schema_pg_migration(int n);

/*
 * Brings the schema in the connection's current schema (search_path) to
 * migration `target` (cpol_db_schema_latest() for the library's own), in
 * one transaction under an advisory lock, so that two processes opening a
 * new database do not both migrate it. The transaction acts as `actor` at
 * `now` (YYYY-MM-DDTHH:MM:SSZ) and, when key_hex is not NULL, under the
 * audit key given in hex (the chain's migration chains earlier entries
 * with it). Then every table gets its audit or guard triggers
 * (cpol_audit_refresh()).
 *
 * *version is the schema's version before, or -1 when refused. Returns 0;
 * CPOL_ESCHEMA, nothing written, when the database is newer than `target`
 * or holds tables but is not ours; CPOL_ESCHEMA naming the migration when
 * one fails (all rolled back); CPOL_EIO when the server cannot be reached.
 * No transaction may be open on the connection.
 */
int cpol__pg_migrate(PGconn *c, int target, const char *actor, const char *now, const char *key_hex,
                     int *version);

#endif

/*
 * libcommpolice — the PostgreSQL backend of the storage interface
 * (lib/store_pg.c). Not installed; built with --with-postgresql.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_STORE_PG_H
#define CPOL_STORE_PG_H

#include <libpq-fe.h>

#include "store.h"

/* The backend's ops. */
extern const cpol__store_ops cpol__pg_ops;

/*
 * Backend codes: a failure's SQLSTATE, five characters of [0-9A-Z] read as
 * a base-36 number, plus CPOL__PG_CODE_BASE + 1 (so never 0, CPOL__ROW or
 * CPOL__DONE); CPOL__PG_CODE_BASE itself for a failure without one.
 */
#define CPOL__PG_CODE_BASE 1000
int cpol__pg_code(const char *sqlstate);
/* The SQLSTATE of a backend code, "00000" for CPOL__PG_CODE_BASE. */
void cpol__pg_sqlstate(char out[6], int code);
/*
 * Ours for a backend code: class 23 (integrity) CPOL_ECONSTRAINT;
 * serialisation failure 40001, deadlock 40P01, lock not available 55P03,
 * statement timeout 57014 CPOL_EBUSY; read-only transaction 25006 and
 * insufficient privilege 42501 (also the audit trail's refusals: no acting
 * user, another key) CPOL_EREADONLY; out of memory 53200 CPOL_ENOMEM; the
 * connection (08), the server going away (57P), system errors (58) and a
 * full disk (53100) CPOL_EIO; anything else CPOL_EDB.
 */
int cpol__pg_error_code(int code);
/*
 * Whether the transaction that failed with this code may be run again
 * whole: a serialisation failure or a deadlock, which PostgreSQL resolves
 * by rolling one transaction back, nothing of it kept.
 */
int cpol__pg_retryable(int code);

/*
 * SQLite's SQL as PostgreSQL takes it: `?N` -> `$N` outside strings,
 * quoted names and comments (a bare `?` takes the number after the largest
 * so far); an INSERT without RETURNING gets ` RETURNING *`, *insert set.
 * *out (free()) and *nparams, the largest parameter number. CPOL_EMISUSE
 * for a number outside 1..32766.
 */
int cpol__pg_rewrite(const char *sql, char **out, int *nparams, int *insert);

/*
 * Runs db's statements on the connection c (until cpol__pg_detach()):
 * for tests of the backend, before cpol_db_open() takes a URI. Statements
 * prepared while attached must be finalised before detaching; c stays the
 * caller's.
 */
int cpol__pg_attach(cpol_db *db, PGconn *c);
PGconn *cpol__pg_detach(cpol_db *db);

#endif

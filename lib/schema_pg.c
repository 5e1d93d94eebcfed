/*
 * libcommpolice — the schema on PostgreSQL (lib/schema_pg.h).
 *
 * Migrations come from one numbered sequence for both engines: migration n
 * is lib/schema/NNN_name.sql, and on PostgreSQL lib/schema/pg/NNN_name.sql
 * when that exists (a table, a trigger, SQLite's functions: anything the
 * dialects spell differently), else the same file. The version lives in the
 * database, in cpol_meta (key schema_version), where SQLite has PRAGMA
 * user_version; a database newer than the library, or one that is not
 * ours, is refused before anything is written. docs/postgresql.md.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "schema_pg.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_PREFIX "lib/schema/pg/"

const cpol__embedded_file *cpol__schema_pg_migration(int n)
{
	const cpol__embedded_file *shared = cpol__schema_migration(n), *own;
	char name[256];

	if (!shared)
		return NULL;
	/* "lib/schema/NNN_name.sql" -> "lib/schema/pg/NNN_name.sql" */
	snprintf(name, sizeof(name), PG_PREFIX "%s", shared->name + strlen("lib/schema/"));
	own = cpol__embedded_find(name);
	return own ? own : shared;
}

/* The error of a failed result, as ours: "what: SQLSTATE s: message" (what may be NULL); clears the result. */
static int pg_fail(PGconn *c, PGresult *r, int code, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int rc;

	if (!msg || !*msg)
		msg = PQerrorMessage(c);
	if (PQstatus(c) != CONNECTION_OK)
		code = CPOL_EIO;
	rc = cpol__error_set(code, "%s%sSQLSTATE %s: %s", what ? what : "", what ? ": " : "", state ? state : "none",
	                     msg && *msg ? msg : "no answer from the server");
	PQclear(r);
	return rc;
}

/* Runs SQL; 0 or the error (named after `what`). */
static int pg_exec(PGconn *c, const char *sql, const char *what)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		return pg_fail(c, r, CPOL_ESCHEMA, what);
	PQclear(r);
	return 0;
}

/* One text value of a query with text parameters; *out NULL for no row or NULL. */
static int pg_value(PGconn *c, const char *sql, int nparams, const char *const *params, char **out)
{
	PGresult *r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);

	*out = NULL;
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return pg_fail(c, r, CPOL_ESCHEMA, "reading the schema version");
	if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) && !(*out = cpol__strdup(PQgetvalue(r, 0, 0)))) {
		PQclear(r);
		return cpol__error_oom();
	}
	PQclear(r);
	return 0;
}

/*
 * The version of the schema in the current schema: 0 when it holds no
 * table; the refusal when it holds tables but no cpol_meta of ours.
 */
static int read_version(PGconn *c, int *version)
{
	char *v = NULL;
	int rc;

	*version = -1;
	if ((rc = pg_value(c, "SELECT to_regclass('cpol_meta')::text", 0, NULL, &v)) < 0)
		return rc;
	if (!v) {
		if ((rc = pg_value(c, "SELECT count(*)::text FROM pg_class WHERE relkind IN ('r', 'v', 'p')"
		                      " AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
		                   0, NULL, &v)) < 0)
			return rc;
		rc = v && strcmp(v, "0") == 0 ? 0 : CPOL_ESCHEMA;
		free(v);
		if (rc < 0)
			return cpol__error_set(CPOL_ESCHEMA, "not a libcommpolice database: schema holds tables"
			                       " but no cpol_meta; not touched");
		*version = 0;
		return 0;
	}
	free(v);
	if ((rc = pg_value(c, "SELECT value FROM cpol_meta WHERE key = 'application'", 0, NULL, &v)) < 0)
		return rc;
	if (!v || strcmp(v, "libcommpolice") != 0) {
		rc = cpol__error_set(CPOL_ESCHEMA, "not a libcommpolice database (application %s); not touched",
		                     v ? v : "missing");
		free(v);
		return rc;
	}
	free(v);
	if ((rc = pg_value(c, "SELECT value FROM cpol_meta WHERE key = 'schema_version'", 0, NULL, &v)) < 0)
		return rc;
	/* Migration 001 made cpol_meta; the library writes the version in the same transaction. */
	*version = v ? atoi(v) : 1;
	free(v);
	return 0;
}

int cpol__pg_migrate(PGconn *c, int target, const char *actor, const char *now, const char *key_hex,
                     int *version)
{
	const char *params[3];
	char num[16];
	char *ignored = NULL;
	int rc, n;

	*version = -1;
	if ((rc = pg_exec(c, "BEGIN", "starting the migration")) < 0)
		return rc;
	/* One migrator at a time ("CPOL"); the others find the work done. */
	if ((rc = pg_exec(c, "SELECT pg_advisory_xact_lock(1129336652)", "waiting for other migrators")) < 0 ||
	    (rc = read_version(c, version)) < 0)
		goto done;
	if (*version > target) {
		rc = cpol__error_set(CPOL_ESCHEMA, "database schema version %d is newer than this library's %d",
		                     *version, target);
		goto done;
	}
	if (*version == target)
		goto done;
	params[0] = actor;
	params[1] = now;
	params[2] = key_hex ? key_hex : "";
	if ((rc = pg_value(c, "SELECT set_config('cpol.actor', $1, true) || set_config('cpol.now', $2, true)"
	                      " || set_config('cpol.audit_key', $3, true)", 3, params, &ignored)) < 0)
		goto done;
	free(ignored);
	for (n = *version + 1; n <= target; n++) {
		const cpol__embedded_file *m = cpol__schema_pg_migration(n);
		if (!m) {
			rc = cpol__error_set(CPOL_ESCHEMA, "no migration %d", n);
			goto done;
		}
		if ((rc = pg_exec(c, m->data, NULL)) < 0) {
			rc = cpol__error_set_at(CPOL_ESCHEMA, m->name, 0, 0, NULL, "migration failed: %s",
			                        cpol_error_last()->message);
			goto done;
		}
	}
	snprintf(num, sizeof(num), "%d", target);
	params[0] = num;
	if ((rc = pg_value(c, "INSERT INTO cpol_meta (key, value) VALUES ('schema_version', $1)"
	                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING value",
	                   1, params, &ignored)) < 0)
		goto done;
	free(ignored);
	rc = pg_exec(c, "SELECT cpol_audit_refresh()", "making the audit triggers");
done:
	if (rc < 0) {
		PQclear(PQexec(c, "ROLLBACK"));
		return rc;
	}
	return pg_exec(c, "COMMIT", "committing the migration");
}

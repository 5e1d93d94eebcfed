/*
 * libcommpolice — schema migrations and the audit triggers.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Migrations are the files lib/schema/NNN_name.sql, compiled into the
 * library (build-aux/embed.sh) and numbered 1, 2, 3... without gaps; the
 * database's PRAGMA user_version is the number of the last one applied.
 */
#include "internal.h"
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_PREFIX "lib/schema/"

/* The number NNN of "lib/schema/NNN_name.sql", or 0 when name is not a migration. */
static int migration_number(const char *name)
{
	const char *p;
	int n = 0;

	if (strncmp(name, SCHEMA_PREFIX, strlen(SCHEMA_PREFIX)) != 0)
		return 0;
	p = name + strlen(SCHEMA_PREFIX);
	if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' &&
	      p[2] >= '0' && p[2] <= '9' && p[3] == '_'))
		return 0;
	n = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	return n;
}

static const cpol__embedded_file *migration(int number)
{
	size_t i;
	for (i = 0; i < cpol__embedded_count; i++)
		if (migration_number(cpol__embedded_files[i].name) == number)
			return &cpol__embedded_files[i];
	return NULL;
}

int cpol_db_schema_latest(void)
{
	int n = 0;
	while (migration(n + 1))
		n++;
	return n;
}

/* ------------------------------------------------------------ audit triggers */

static int append_json_row(cpol__buf *sql, const char *row, char **cols, int ncols)
{
	int i;
	cpol__buf_puts(sql, "json_object(");
	for (i = 0; i < ncols; i++)
		cpol__buf_printf(sql, "%s'%s', %s.\"%s\"", i ? ", " : "", cols[i], row, cols[i]);
	return cpol__buf_puts(sql, ")");
}

static int table_columns(cpol_db *db, const char *table, char ***out, int *count, int *archivable)
{
	sqlite3_stmt *st = NULL;
	char **cols = NULL;
	int n = 0, rc;

	*out = NULL;
	*count = 0;
	*archivable = 0;
	rc = sqlite3_prepare_v2(db->handle, "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cpol__error_sqlite(db->handle, rc, "reading table columns");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char **grown = realloc(cols, sizeof(*cols) * (size_t)(n + 1));
		if (!grown || !(grown[n] = cpol__strdup(name))) {
			cols = grown ? grown : cols;
			rc = cpol__error_oom();
			goto done;
		}
		cols = grown;
		if (strcmp(name, "archived_at") == 0)
			*archivable = 1;
		n++;
	}
	rc = rc == SQLITE_DONE ? 0 : cpol__error_sqlite(db->handle, rc, "reading table columns");
	/* json_object() takes two arguments a column; SQLite allows 127 by default. */
	if (rc == 0 && n > 63)
		rc = cpol__error_set(CPOL_ESCHEMA, "table %s has %d columns; audited tables may have 63", table, n);
done:
	sqlite3_finalize(st);
	if (rc < 0) {
		while (n > 0)
			free(cols[--n]);
		free(cols);
		return rc;
	}
	*out = cols;
	*count = n;
	return 0;
}

static int create_audit_triggers(cpol_db *db, const char *table)
{
	cpol__buf sql = { 0 };
	char **cols = NULL;
	int ncols = 0, archivable = 0, rc, i;

	if ((rc = table_columns(db, table, &cols, &ncols, &archivable)) < 0)
		return rc;

	cpol__buf_printf(&sql,
		"DROP TRIGGER IF EXISTS \"audit_%s_insert\";"
		"DROP TRIGGER IF EXISTS \"audit_%s_update\";"
		"DROP TRIGGER IF EXISTS \"audit_%s_delete\";", table, table, table);

	cpol__buf_printf(&sql,
		"CREATE TRIGGER \"audit_%s_insert\" AFTER INSERT ON \"%s\" BEGIN "
		"INSERT INTO audit_log (at, actor, table_name, row_id, action, before_json, after_json) "
		"VALUES (cpol_now(), cpol_actor(), '%s', NEW.rowid, 'insert', NULL, ", table, table, table);
	append_json_row(&sql, "NEW", cols, ncols);
	cpol__buf_puts(&sql, "); END;");

	cpol__buf_printf(&sql,
		"CREATE TRIGGER \"audit_%s_update\" AFTER UPDATE ON \"%s\" WHEN ", table, table);
	append_json_row(&sql, "OLD", cols, ncols);
	cpol__buf_puts(&sql, " IS NOT ");
	append_json_row(&sql, "NEW", cols, ncols);
	cpol__buf_printf(&sql,
		" BEGIN INSERT INTO audit_log (at, actor, table_name, row_id, action, before_json, after_json) "
		"VALUES (cpol_now(), cpol_actor(), '%s', NEW.rowid, ", table);
	if (archivable)
		cpol__buf_puts(&sql,
			"CASE WHEN OLD.archived_at IS NULL AND NEW.archived_at IS NOT NULL THEN 'archive' "
			"WHEN OLD.archived_at IS NOT NULL AND NEW.archived_at IS NULL THEN 'restore' "
			"ELSE 'update' END, ");
	else
		cpol__buf_puts(&sql, "'update', ");
	append_json_row(&sql, "OLD", cols, ncols);
	cpol__buf_puts(&sql, ", ");
	append_json_row(&sql, "NEW", cols, ncols);
	cpol__buf_puts(&sql, "); END;");

	cpol__buf_printf(&sql,
		"CREATE TRIGGER \"audit_%s_delete\" BEFORE DELETE ON \"%s\" BEGIN "
		"SELECT RAISE(ABORT, 'records of %s are archived, never deleted'); END;",
		table, table, table);

	rc = sql.oom ? cpol__error_oom() : cpol__db_exec(db, sql.ptr);
	cpol__buf_free(&sql);
	for (i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
	return rc;
}

/*
 * A table exempt from auditing (the trail itself, stored assessment results)
 * still must not be written by another program: a BEFORE INSERT trigger
 * calls cpol_actor(), which exists only on the library's connections, so an
 * outside INSERT fails to prepare ("no such function"). Their UPDATE and
 * DELETE are refused by triggers of their own migrations.
 */
static int create_guard_trigger(cpol_db *db, const char *table)
{
	cpol__buf sql = { 0 };
	int rc;

	cpol__buf_printf(&sql,
		"DROP TRIGGER IF EXISTS \"audit_%s_guard\";"
		"CREATE TRIGGER \"audit_%s_guard\" BEFORE INSERT ON \"%s\" "
		"BEGIN SELECT cpol_actor(); END;", table, table, table);
	rc = sql.oom ? cpol__error_oom() : cpol__db_exec(db, sql.ptr);
	cpol__buf_free(&sql);
	return rc;
}

/* The names a one-column query returns, collected before any DDL runs:
 * creating triggers while stepping over sqlite_master would change what is
 * being read. */
static int collect_names(cpol_db *db, const char *query, char ***out, size_t *count)
{
	sqlite3_stmt *st = NULL;
	char **names = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	rc = sqlite3_prepare_v2(db->handle, query, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cpol__error_sqlite(db->handle, rc, "listing tables");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **grown = realloc(names, sizeof(*names) * (n + 1));
		if (!grown) {
			rc = cpol__error_oom();
			goto done;
		}
		names = grown;
		if (!(names[n] = cpol__strdup((const char *)sqlite3_column_text(st, 0)))) {
			rc = cpol__error_oom();
			goto done;
		}
		n++;
	}
	rc = rc == SQLITE_DONE ? 0 : cpol__error_sqlite(db->handle, rc, "listing tables");
done:
	sqlite3_finalize(st);
	if (rc < 0) {
		while (n > 0)
			free(names[--n]);
		free(names);
		return rc;
	}
	*out = names;
	*count = n;
	return 0;
}

static void free_names(char **names, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int cpol__schema_refresh_audit(cpol_db *db)
{
	static const char audited_sql[] =
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
		"AND name NOT IN (SELECT table_name FROM audit_exempt) ORDER BY name";
	static const char exempt_sql[] =
		"SELECT name FROM sqlite_master WHERE type = 'table' "
		"AND name IN (SELECT table_name FROM audit_exempt) ORDER BY name";
	char **names = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = collect_names(db, audited_sql, &names, &n)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < n; i++)
		rc = create_audit_triggers(db, names[i]);
	free_names(names, n);
	if (rc < 0 || (rc = collect_names(db, exempt_sql, &names, &n)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < n; i++)
		rc = create_guard_trigger(db, names[i]);
	free_names(names, n);
	return rc;
}

/* ---------------------------------------------------------------- migrate */

static int read_version(cpol_db *db, int *out)
{
	return cpol_db_schema_version(db, out);
}

int cpol__db_migrate(cpol_db *db)
{
	int latest = cpol_db_schema_latest(), version = 0, rc, n;
	char pragma[96];

	if ((rc = read_version(db, &version)) < 0)
		return rc;
	if (version == latest)
		return 0;

	/* One transaction for all of them: a half-migrated file never exists. */
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	/* Another process may have migrated while we waited for the lock. */
	if ((rc = read_version(db, &version)) < 0)
		goto done;
	if (version > latest) {
		rc = cpol__error_set_at(CPOL_ESCHEMA, db->path, 0, 0, NULL,
		                        "database schema version %d is newer than this library's %d",
		                        version, latest);
		goto done;
	}
	for (n = version + 1; n <= latest; n++) {
		const cpol__embedded_file *m = migration(n);
		rc = sqlite3_exec(db->handle, m->data, NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			/* Out of memory is not a broken migration: say which it was. */
			if ((rc = cpol__error_sqlite(db->handle, rc, m->name)) == CPOL_ENOMEM)
				goto done;
			rc = cpol__error_set_at(CPOL_ESCHEMA, m->name, 0, 0, NULL, "migration failed: %s",
			                        cpol_error_last()->message);
			goto done;
		}
	}
	if (version < latest) {
		snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d; PRAGMA user_version = %d",
		         0x43504F4C, latest);
		if ((rc = cpol__db_exec(db, pragma)) < 0 || (rc = cpol__schema_refresh_audit(db)) < 0)
			goto done;
	}
done:
	return cpol__db_finish(db, rc);
}

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
#include <strings.h>

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

const cpol__embedded_file *cpol__schema_migration(int number)
{
	return migration(number);
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

/* ------------------------------------------------ the triggers as a list */

typedef struct trigger_list {
	cpol__trigger *v;
	size_t n;
	int oom;
} trigger_list;

static void trigger_list_free(trigger_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].table_name);
		free(l->v[i].sql);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Add a trigger; takes sql (a detached buffer) whatever happens. */
static void trigger_list_add(trigger_list *l, const char *name, size_t name_len, const char *table, char *sql)
{
	cpol__trigger *grown;

	if (l->oom || !sql) {
		l->oom = 1;
		free(sql);
		return;
	}
	if (!(grown = realloc(l->v, sizeof(*grown) * (l->n + 1)))) {
		l->oom = 1;
		free(sql);
		return;
	}
	l->v = grown;
	grown[l->n].name = cpol__strndup(name, name_len);
	grown[l->n].table_name = cpol__strdup(table);
	grown[l->n].sql = sql;
	if (!grown[l->n].name || !grown[l->n].table_name) {
		free(grown[l->n].name);
		free(grown[l->n].table_name);
		free(sql);
		l->oom = 1;
		return;
	}
	l->n++;
}

static const cpol__trigger *trigger_find(const trigger_list *l, const char *name)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/*
 * The audit triggers of one table, each as the CREATE TRIGGER text that
 * sqlite_master keeps (no final semicolon): what refresh creates and what
 * the check on open compares with.
 */
static int generate_audit_triggers(cpol_db *db, const char *table, trigger_list *out)
{
	cpol__buf sql = { 0 };
	char **cols = NULL;
	char name[256];
	int ncols = 0, archivable = 0, rc, i;

	if ((rc = table_columns(db, table, &cols, &ncols, &archivable)) < 0)
		return rc;

	cpol__buf_printf(&sql,
		"CREATE TRIGGER \"audit_%s_insert\" AFTER INSERT ON \"%s\" BEGIN "
		"INSERT INTO audit_log (at, actor, table_name, row_id, action, before_json, after_json) "
		"VALUES (cpol_now(), cpol_actor(), '%s', NEW.rowid, 'insert', NULL, ", table, table, table);
	append_json_row(&sql, "NEW", cols, ncols);
	cpol__buf_puts(&sql, "); END");
	snprintf(name, sizeof(name), "audit_%s_insert", table);
	trigger_list_add(out, name, strlen(name), table, sql.oom ? NULL : cpol__buf_detach(&sql));
	cpol__buf_free(&sql);

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
	cpol__buf_puts(&sql, "); END");
	snprintf(name, sizeof(name), "audit_%s_update", table);
	trigger_list_add(out, name, strlen(name), table, sql.oom ? NULL : cpol__buf_detach(&sql));
	cpol__buf_free(&sql);

	cpol__buf_printf(&sql,
		"CREATE TRIGGER \"audit_%s_delete\" BEFORE DELETE ON \"%s\" BEGIN "
		"SELECT RAISE(ABORT, 'records of %s are archived, never deleted'); END",
		table, table, table);
	snprintf(name, sizeof(name), "audit_%s_delete", table);
	trigger_list_add(out, name, strlen(name), table, sql.oom ? NULL : cpol__buf_detach(&sql));
	cpol__buf_free(&sql);

	for (i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
	return out->oom ? cpol__error_oom() : 0;
}

/*
 * A table exempt from auditing (the trail itself, stored assessment results)
 * still must not be written by another program: a BEFORE INSERT trigger
 * calls cpol_actor(), which exists only on the library's connections, so an
 * outside INSERT fails to prepare ("no such function"). Their UPDATE and
 * DELETE are refused by triggers of their own migrations.
 */
static int generate_guard_trigger(const char *table, trigger_list *out)
{
	cpol__buf sql = { 0 };
	char name[256];

	cpol__buf_printf(&sql,
		"CREATE TRIGGER \"audit_%s_guard\" BEFORE INSERT ON \"%s\" "
		"BEGIN SELECT cpol_actor(); END", table, table);
	snprintf(name, sizeof(name), "audit_%s_guard", table);
	trigger_list_add(out, name, strlen(name), table, sql.oom ? NULL : cpol__buf_detach(&sql));
	cpol__buf_free(&sql);
	return out->oom ? cpol__error_oom() : 0;
}

/* (Re)create one trigger from its text. */
static int trigger_exec(cpol_db *db, const cpol__trigger *t)
{
	cpol__buf sql = { 0 };
	int rc;

	cpol__buf_printf(&sql, "DROP TRIGGER IF EXISTS \"%s\"; %s;", t->name, t->sql);
	rc = sql.oom ? cpol__error_oom() : cpol__db_exec(db, sql.ptr);
	cpol__buf_free(&sql);
	return rc;
}

static int create_triggers(cpol_db *db, trigger_list *l)
{
	size_t i;
	int rc = 0;
	for (i = 0; rc == 0 && i < l->n; i++)
		rc = trigger_exec(db, &l->v[i]);
	return rc;
}

static int create_audit_triggers(cpol_db *db, const char *table)
{
	trigger_list l = { 0 };
	int rc = generate_audit_triggers(db, table, &l);
	if (rc == 0)
		rc = create_triggers(db, &l);
	trigger_list_free(&l);
	return rc;
}

static int create_guard_trigger(cpol_db *db, const char *table)
{
	trigger_list l = { 0 };
	int rc = generate_guard_trigger(table, &l);
	if (rc == 0)
		rc = create_triggers(db, &l);
	trigger_list_free(&l);
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
	return cpol_db_schema_current(out, db);
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
		/* The chain's migration chains the entries written before it (by name: numbers are renumbered). */
		if (strstr(m->name, "_audit_chain.sql") && (rc = cpol__audit_chain_backfill(db)) < 0)
			goto done;
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

/* -------------------------------------------- what the migrations define */

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static const char *skip_space(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
		} else {
			return p;
		}
	}
}

/* After `word` (any case) and the space that follows it, or NULL when p does not start with it. */
static const char *skip_word(const char *p, const char *word)
{
	size_t n = strlen(word);
	if (strncasecmp(p, word, n) != 0 || is_name_char(p[n]))
		return NULL;
	return skip_space(p + n);
}

/* A name, bare or quoted ("x", [x], `x`): its text into out; returns what follows. */
static const char *read_name(const char *p, char *out, size_t size)
{
	const char *start = p, *end;
	char close = *p == '"' ? '"' : *p == '[' ? ']' : *p == '`' ? '`' : 0;

	if (close) {
		start = p + 1;
		end = strchr(start, close);
		if (!end)
			end = start + strlen(start);
		snprintf(out, size, "%.*s", (int)(end - start), start);
		return *end ? end + 1 : end;
	}
	for (end = p; is_name_char(*end); end++)
		;
	snprintf(out, size, "%.*s", (int)(end - start), start);
	return end;
}

static void trigger_list_remove(trigger_list *l, const char *name)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) != 0)
			continue;
		free(l->v[i].name);
		free(l->v[i].table_name);
		free(l->v[i].sql);
		l->v[i] = l->v[--l->n];
		return;
	}
}

/*
 * One statement of a migration: a CREATE TRIGGER adds the text SQLite
 * will keep in sqlite_master ("CREATE TRIGGER " and the statement from the
 * trigger's name to its END: SQLite drops TEMP and IF NOT EXISTS and the
 * final semicolon), a DROP TRIGGER takes one away.
 */
static void migration_statement(const char *stmt, trigger_list *out)
{
	char name[128], table[128];
	const char *p = skip_space(stmt), *q, *name_start, *end;

	if ((q = skip_word(p, "DROP")) && (q = skip_word(q, "TRIGGER"))) {
		const char *r = skip_word(q, "IF");
		if (r && (r = skip_word(r, "EXISTS")))
			q = r;
		read_name(q, name, sizeof(name));
		trigger_list_remove(out, name);
		return;
	}
	if (!(q = skip_word(p, "CREATE")))
		return;
	if ((p = skip_word(q, "TEMP")) || (p = skip_word(q, "TEMPORARY")))
		q = p;
	if (!(q = skip_word(q, "TRIGGER")))
		return;
	if ((p = skip_word(q, "IF")) && (p = skip_word(p, "NOT")) && (p = skip_word(p, "EXISTS")))
		q = p;
	name_start = q;
	p = read_name(q, name, sizeof(name));
	/* The table: the name after the word ON. */
	table[0] = '\0';
	while (*(p = skip_space(p))) {
		if ((q = skip_word(p, "ON"))) {
			read_name(q, table, sizeof(table));
			break;
		}
		if (is_name_char(*p))
			while (is_name_char(*p))
				p++;
		else
			p++;
	}
	/* The end: the statement without its semicolon and the space before it. */
	end = stmt + strlen(stmt);
	while (end > name_start && (end[-1] == ';' || end[-1] == ' ' || end[-1] == '\t' ||
	                            end[-1] == '\n' || end[-1] == '\r'))
		end--;
	{
		cpol__buf sql = { 0 };
		cpol__buf_printf(&sql, "CREATE TRIGGER %.*s", (int)(end - name_start), name_start);
		trigger_list_remove(out, name);
		trigger_list_add(out, name, strlen(name), table, sql.oom ? NULL : cpol__buf_detach(&sql));
		cpol__buf_free(&sql);
	}
}

/* The triggers one migration's text leaves, statement by statement (sqlite3_complete() finds their ends). */
static void migration_text_triggers(const char *p, trigger_list *out)
{
	cpol__buf stmt = { 0 };
	const char *semi;

	while (p && *p && (semi = strchr(p, ';'))) {
		stmt.len = 0;
		cpol__buf_put(&stmt, p, (size_t)(semi + 1 - p));
		while (!stmt.oom && !sqlite3_complete(stmt.ptr) && (semi = strchr(semi + 1, ';'))) {
			stmt.len = 0;
			cpol__buf_put(&stmt, p, (size_t)(semi + 1 - p));
		}
		if (stmt.oom || !semi) {
			out->oom |= stmt.oom;
			break;
		}
		migration_statement(stmt.ptr, out);
		p = semi + 1;
	}
	cpol__buf_free(&stmt);
}

static int migration_triggers(int version, trigger_list *out)
{
	int n;
	for (n = 1; n <= version && !out->oom; n++) {
		const cpol__embedded_file *m = migration(n);
		if (m)
			migration_text_triggers(m->data, out);
	}
	return out->oom ? cpol__error_oom() : 0;
}

int cpol__schema_triggers_in_sql(const char *sql, cpol__trigger **out, size_t *count)
{
	trigger_list l = { 0 };
	migration_text_triggers(sql, &l);
	if (l.oom) {
		trigger_list_free(&l);
		return cpol__error_oom();
	}
	*out = l.v;
	*count = l.n;
	return 0;
}

void cpol__triggers_free(cpol__trigger *t, size_t count)
{
	trigger_list l;
	l.v = t;
	l.n = count;
	l.oom = 0;
	trigger_list_free(&l);
}

/* Is `table` exempted by an INSERT INTO audit_exempt of migrations 1..version? */
static int exempt_by_migration(int version, const char *table)
{
	char quoted[160];
	int n;

	snprintf(quoted, sizeof(quoted), "'%s'", table);
	for (n = 1; n <= version; n++) {
		const cpol__embedded_file *m = migration(n);
		const char *p = m ? m->data : NULL;
		while (p && (p = strstr(p, "INSERT INTO audit_exempt"))) {
			const char *end = strchr(p, ';');
			const char *hit = strstr(p, quoted);
			if (hit && (!end || hit < end))
				return 1;
			p = end;
		}
	}
	return 0;
}

static int list_tables(cpol_db *db, char ***out, size_t *count)
{
	return collect_names(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
	                     "AND name NOT LIKE 'sqlite_%' ORDER BY name", out, count);
}

void cpol__schema_names_free(char **names, size_t count)
{
	free_names(names, count);
}

int cpol__schema_audited_tables(cpol_db *db, int version, char ***out, size_t *count)
{
	char **names = NULL;
	size_t n = 0, i, kept = 0;
	int rc;

	if ((rc = list_tables(db, &names, &n)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (exempt_by_migration(version, names[i]))
			free(names[i]);
		else
			names[kept++] = names[i];
	}
	*out = names;
	*count = kept;
	return 0;
}

int cpol__schema_row_json(cpol_db *db, const char *table, const char *alias, cpol__buf *sql)
{
	char **cols = NULL;
	int ncols = 0, archivable = 0, rc, i;

	if ((rc = table_columns(db, table, &cols, &ncols, &archivable)) < 0)
		return rc;
	append_json_row(sql, alias, cols, ncols);
	for (i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
	return sql->oom ? cpol__error_oom() : 0;
}

/* Every trigger the library makes at schema `version`, for the tables the file has. */
static int expected_triggers(cpol_db *db, int version, trigger_list *out)
{
	char **names = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = migration_triggers(version, out)) < 0 || (rc = list_tables(db, &names, &n)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < n; i++)
		rc = exempt_by_migration(version, names[i]) ? generate_guard_trigger(names[i], out)
		                                             : generate_audit_triggers(db, names[i], out);
	free_names(names, n);
	return rc;
}

static int found_triggers(cpol_db *db, trigger_list *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->handle,
		"SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return cpol__error_sqlite(db->handle, rc, "listing triggers");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *sql = (const char *)sqlite3_column_text(st, 2);
		trigger_list_add(out, name, strlen(name), (const char *)sqlite3_column_text(st, 1),
		                 cpol__strdup(sql ? sql : ""));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cpol__error_sqlite(db->handle, rc, "listing triggers");
	return out->oom ? cpol__error_oom() : 0;
}

void cpol__trigger_problems_free(cpol__trigger_problem *p, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++) {
		free(p[i].name);
		free(p[i].table_name);
		free(p[i].found_sql);
		free(p[i].expected_sql);
	}
	free(p);
}

static int problem_add(cpol__trigger_problem **v, size_t *n, cpol_audit_finding_kind kind, const char *name,
                       const char *table, const char *found, const char *expected)
{
	cpol__trigger_problem *grown = realloc(*v, sizeof(**v) * (*n + 1)), *p;

	if (!grown)
		return cpol__error_oom();
	*v = grown;
	p = &grown[*n];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->name = cpol__strdup(name);
	p->table_name = table ? cpol__strdup(table) : NULL;
	p->found_sql = found ? cpol__strdup(found) : NULL;
	p->expected_sql = expected ? cpol__strdup(expected) : NULL;
	(*n)++;
	if (!p->name || (table && !p->table_name) || (found && !p->found_sql) || (expected && !p->expected_sql))
		return cpol__error_oom();
	return 0;
}

int cpol__schema_check_triggers(cpol_db *db, int version, cpol__trigger_problem **out, size_t *count)
{
	trigger_list want = { 0 }, have = { 0 };
	cpol__trigger_problem *v = NULL;
	char **exempt = NULL;
	size_t n = 0, i, nexempt = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = expected_triggers(db, version, &want)) < 0 || (rc = found_triggers(db, &have)) < 0)
		goto done;
	for (i = 0; rc == 0 && i < want.n; i++) {
		const cpol__trigger *h = trigger_find(&have, want.v[i].name);
		if (!h)
			rc = problem_add(&v, &n, CPOL_AUDIT_FINDING_TRIGGER_MISSING, want.v[i].name,
			                 want.v[i].table_name, NULL, want.v[i].sql);
		else if (strcmp(h->sql, want.v[i].sql) != 0)
			rc = problem_add(&v, &n, CPOL_AUDIT_FINDING_TRIGGER_CHANGED, want.v[i].name,
			                 want.v[i].table_name, h->sql, want.v[i].sql);
	}
	for (i = 0; rc == 0 && i < have.n; i++)
		if (!trigger_find(&want, have.v[i].name))
			rc = problem_add(&v, &n, CPOL_AUDIT_FINDING_TRIGGER_UNKNOWN, have.v[i].name,
			                 have.v[i].table_name, have.v[i].sql, NULL);
	if (rc == 0 && (rc = collect_names(db, "SELECT table_name FROM audit_exempt ORDER BY table_name",
	                                   &exempt, &nexempt)) == 0) {
		for (i = 0; rc == 0 && i < nexempt; i++)
			if (!exempt_by_migration(version, exempt[i]))
				rc = problem_add(&v, &n, CPOL_AUDIT_FINDING_EXEMPTION_UNKNOWN, exempt[i], exempt[i], NULL, NULL);
		free_names(exempt, nexempt);
	}
done:
	trigger_list_free(&want);
	trigger_list_free(&have);
	if (rc < 0 || want.oom) {
		cpol__trigger_problems_free(v, n);
		return rc < 0 ? rc : cpol__error_oom();
	}
	*out = v;
	*count = n;
	return 0;
}

/* ------------------------------------------------------------------ repair */

static const char REPAIR_ENTRY_SQL[] =
	"INSERT INTO audit_log (at, actor, table_name, row_id, action, before_json, after_json) "
	"VALUES (cpol_now(), cpol_actor(), ?1, 0, ?2, "
	"CASE WHEN ?3 IS NULL THEN NULL ELSE json_object('type', ?4, 'name', ?5, 'sql', ?3) END, "
	"json_object('type', ?4, 'name', ?5, 'sql', ?6, 'repair', ?7))";

/* One trail entry for one repair; see cpol_audit_repair() in audit.h. */
static int record_repair(cpol_db *db, const cpol__trigger_problem *p, const char *what)
{
	cpol__stmt *st;
	int exemption = p->kind == CPOL_AUDIT_FINDING_EXEMPTION_UNKNOWN;
	int rc;

	if ((rc = cpol__db_stmt(db, &st, REPAIR_ENTRY_SQL)) < 0)
		return rc;
	if (cpol__bind_text(st, 1, exemption ? "audit_exempt" : "sqlite_master") < 0 ||
	    cpol__bind_text(st, 2, p->kind == CPOL_AUDIT_FINDING_TRIGGER_MISSING ? "insert" : "update") < 0 ||
	    cpol__bind_text_opt(st, 3, exemption ? p->name : p->found_sql) < 0 ||
	    cpol__bind_text(st, 4, exemption ? "exemption" : "trigger") < 0 ||
	    cpol__bind_text(st, 5, p->name) < 0 ||
	    cpol__bind_text_opt(st, 6, p->expected_sql) < 0 ||
	    cpol__bind_text(st, 7, what) < 0)
		return cpol__error_oom();
	return cpol__db_step_done(db, st, "recording a repair in the audit trail");
}

static int repair_one(cpol_db *db, const cpol__trigger_problem *p)
{
	cpol__buf sql = { 0 };
	const char *what = "";
	int rc;

	switch (p->kind) {
	case CPOL_AUDIT_FINDING_TRIGGER_MISSING:
	case CPOL_AUDIT_FINDING_TRIGGER_CHANGED: {
		cpol__trigger t;
		t.name = p->name;
		t.table_name = p->table_name;
		t.sql = p->expected_sql;
		return trigger_exec(db, &t);
	}
	case CPOL_AUDIT_FINDING_TRIGGER_UNKNOWN:
		cpol__buf_printf(&sql, "DROP TRIGGER \"%s\"", p->name);
		what = "dropping an unknown trigger";
		break;
	case CPOL_AUDIT_FINDING_EXEMPTION_UNKNOWN:
		/* The exemption list refuses DELETE; lift that for this one row, inside the transaction. */
		cpol__buf_printf(&sql, "DROP TRIGGER IF EXISTS audit_exempt_no_delete; "
		                 "DELETE FROM audit_exempt WHERE table_name = '%s'", p->name);
		what = "removing an exemption";
		break;
	default:
		return 0;
	}
	rc = sql.oom ? cpol__error_oom() : cpol__db_exec(db, sql.ptr);
	if (rc < 0)
		rc = cpol__error_set(cpol_error_last()->code, "%s: %s", what, cpol_error_last()->message);
	cpol__buf_free(&sql);
	return rc;
}

static const char *repair_word(cpol_audit_finding_kind kind)
{
	switch (kind) {
	case CPOL_AUDIT_FINDING_TRIGGER_MISSING: return "missing";
	case CPOL_AUDIT_FINDING_TRIGGER_CHANGED: return "changed";
	case CPOL_AUDIT_FINDING_TRIGGER_UNKNOWN: return "dropped";
	default: return "removed";
	}
}

int cpol_audit_repair(int *out, cpol_db *db)
{
	cpol__trigger_problem *p = NULL, *p2 = NULL;
	size_t n = 0, n2 = 0, i;
	int version = 0, rc, again;

	if (out)
		*out = 0;
	if ((rc = cpol__db_check_writable(db)) < 0)
		return rc;
	db->repairing = 1;
	rc = cpol_db_begin(db);
	db->repairing = 0;
	if (rc < 0)
		return rc;
	if ((rc = read_version(db, &version)) < 0 ||
	    (rc = cpol__schema_check_triggers(db, version, &p, &n)) < 0)
		goto done;
	/* Exemptions first (they decide which triggers a table gets), then the triggers. */
	for (again = 0; again < 2 && rc == 0; again++)
		for (i = 0; rc == 0 && i < n; i++)
			if ((p[i].kind == CPOL_AUDIT_FINDING_EXEMPTION_UNKNOWN) == (again == 0))
				rc = repair_one(db, &p[i]);
	if (rc == 0) {
		/* What removing an exemption changed, and the exemption list's own trigger. */
		if ((rc = cpol__schema_check_triggers(db, version, &p2, &n2)) == 0)
			for (i = 0; rc == 0 && i < n2; i++)
				rc = repair_one(db, &p2[i]);
	}
	/* Only now, with the chain trigger back, the entries. */
	for (i = 0; rc == 0 && i < n; i++)
		rc = record_repair(db, &p[i], repair_word(p[i].kind));
	for (i = 0; rc == 0 && i < n2; i++)
		if (strcmp(p2[i].name, "audit_exempt_no_delete") != 0)
			rc = record_repair(db, &p2[i], repair_word(p2[i].kind));
done:
	rc = cpol__db_finish(db, rc);
	if (rc == 0 && out)
		*out = (int)(n + n2);
	cpol__trigger_problems_free(p, n);
	cpol__trigger_problems_free(p2, n2);
	if (rc < 0 || (rc = cpol__db_check_triggers(db, version)) < 0)
		return rc;
	/* An older file that was not migrated because of the damage is migrated now. */
	if ((rc = cpol__db_migrate(db)) < 0 || (rc = read_version(db, &version)) < 0)
		return rc;
	return cpol__db_check_triggers(db, version);
}

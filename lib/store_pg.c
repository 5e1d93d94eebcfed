/*
 * libcommpolice — the PostgreSQL backend of the storage interface
 * (lib/store.h), on libpq. Built with --with-postgresql.
 *
 * Not yet reachable from cpol_db_open(): the modules' SQL is SQLite's
 * dialect, and the handle's transactions, pragmas and trigger checks
 * (lib/db.c) are SQLite's; docs/postgresql.md says what remains. What is
 * here is the statement layer the modules will run on, tested on a live
 * server by tests/unit/test_store_pg.c through cpol__pg_attach():
 *
 *   - `?N` parameters become `$N` at prepare (outside strings, quoted
 *     names and comments; a bare `?` takes the next number, as in SQLite);
 *   - parameters go as text, blobs as binary; results come back as text and
 *     are read as SQLite's types (integers, floats, text, blobs, NULL);
 *   - an INSERT gets `RETURNING *` so that the new row's id is known
 *     without a second round trip (lastval() would give the audit entry's
 *     id, taken by the trigger after the row's), and steps to DONE;
 *   - a failure's code is its SQLSTATE, encoded as a positive int that
 *     cannot be CPOL__OK, CPOL__ROW or CPOL__DONE; cpol__pg_error_code()
 *     maps it to ours, and cpol__pg_retryable() says whether the whole
 *     transaction may be run again (serialisation failure, deadlock).
 *
 * A statement's result is read whole (not row by row): a connection runs
 * one query at a time, and the modules interleave statements (an iterator
 * open while another statement runs), which libpq's single-row mode would
 * not allow.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "db_internal.h"
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libpq's type OIDs (catalog/pg_type.h is not installed for clients). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_OID 26
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

typedef struct pg_conn {
	PGconn *c;
	unsigned long names;      /* prepared statements made: their names */
	int last_code;            /* encoded SQLSTATE of the last failure, 0 */
	char *last_msg;
	int64_t last_id;
	int64_t changes;
	int64_t total_changes;
} pg_conn;

typedef struct pg_stmt {
	cpol__stmt base;
	char name[32];
	int nparams;
	int insert;               /* RETURNING * added: read the id, step to DONE */
	char **values;            /* the parameters; NULL for SQL NULL */
	int *lengths;
	int *formats;             /* 1 for a blob (binary) */
	unsigned char *owned;     /* values[i] is ours to free */
	PGresult *res;            /* after the first step */
	int row;                  /* the current row, -1 before the first */
	unsigned char **blobs;    /* decoded bytea of the current row, by column */
	size_t *blob_lens;
} pg_stmt;

#define P(st) ((pg_stmt *)(st))
#define CONN(db) ((pg_conn *)cpol__db_backend(db))

/* ------------------------------------------------------------- SQLSTATE */

int cpol__pg_code(const char *sqlstate)
{
	int v = 0, i;

	if (!sqlstate || strlen(sqlstate) != 5)
		return CPOL__PG_CODE_BASE;   /* no SQLSTATE: "00000" would be success */
	for (i = 0; i < 5; i++) {
		char ch = sqlstate[i];
		int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'Z' ? ch - 'A' + 10 : 0;
		v = v * 36 + d;
	}
	return CPOL__PG_CODE_BASE + 1 + v;
}

void cpol__pg_sqlstate(char out[6], int code)
{
	int v = code - CPOL__PG_CODE_BASE - 1, i;

	if (v < 0)
		v = 0;
	for (i = 4; i >= 0; i--, v /= 36) {
		int d = v % 36;
		out[i] = (char)(d < 10 ? '0' + d : 'A' + d - 10);
	}
	out[5] = '\0';
}

int cpol__pg_error_code(int code)
{
	char s[6];

	cpol__pg_sqlstate(s, code);
	if (strncmp(s, "23", 2) == 0)
		return CPOL_ECONSTRAINT;
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || strcmp(s, "55P03") == 0 ||
	    strcmp(s, "57014") == 0)
		return CPOL_EBUSY;
	if (strcmp(s, "25006") == 0 || strcmp(s, "42501") == 0)
		return CPOL_EREADONLY;
	if (strcmp(s, "53200") == 0)
		return CPOL_ENOMEM;
	if (strncmp(s, "08", 2) == 0 || strncmp(s, "57P", 3) == 0 || strncmp(s, "58", 2) == 0 ||
	    strcmp(s, "53100") == 0)
		return CPOL_EIO;
	return CPOL_EDB;
}

int cpol__pg_retryable(int code)
{
	char s[6];

	cpol__pg_sqlstate(s, code);
	return strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0;
}

/* ------------------------------------------------------ the SQL's dialect */

/* Whether word appears in sql, in any case (a crude test: a string holding it counts too). */
static int has_word(const char *sql, const char *word)
{
	size_t n = strlen(word);
	for (; *sql; sql++)
		if (strncasecmp(sql, word, n) == 0)
			return 1;
	return 0;
}

int cpol__pg_rewrite(const char *sql, char **out, int *nparams, int *insert)
{
	size_t n = strlen(sql), i = 0;
	cpol__buf b = { 0 };
	const char *p;
	int max = 0;

	*out = NULL;
	*nparams = 0;
	*insert = 0;
	while (i < n) {
		char ch = sql[i];
		if (ch == '\'' || ch == '"') {            /* a string or a quoted name, '' or "" inside */
			size_t j = i + 1;
			for (; j < n; j++)
				if (sql[j] == ch) {
					if (j + 1 < n && sql[j + 1] == ch)
						j++;
					else
						break;
				}
			j = j < n ? j + 1 : n;
			cpol__buf_put(&b, sql + i, j - i);
			i = j;
		} else if (ch == '-' && sql[i + 1] == '-') {
			size_t j = i;
			while (j < n && sql[j] != '\n')
				j++;
			cpol__buf_put(&b, sql + i, j - i);
			i = j;
		} else if (ch == '/' && sql[i + 1] == '*') {
			const char *e = strstr(sql + i + 2, "*/");
			size_t j = e ? (size_t)(e - sql) + 2 : n;
			cpol__buf_put(&b, sql + i, j - i);
			i = j;
		} else if (ch == '?') {
			int num = 0;
			size_t j = i + 1;
			while (j < n && sql[j] >= '0' && sql[j] <= '9' && num < 100000)
				num = num * 10 + (sql[j++] - '0');
			if (j == i + 1)
				num = max + 1;            /* a bare ?: the next number, as SQLite */
			if (num < 1 || num > 32766) {
				cpol__buf_free(&b);
				return cpol__error_set(CPOL_EMISUSE, "parameter ?%d out of range in: %s", num, sql);
			}
			if (num > max)
				max = num;
			cpol__buf_printf(&b, "$%d", num);
			i = j;
		} else {
			cpol__buf_put(&b, sql + i, 1);
			i++;
		}
	}
	/* An INSERT without RETURNING returns its rows, for the id. */
	for (p = sql; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
		;
	if (strncasecmp(p, "INSERT", 6) == 0 && !has_word(sql, "RETURNING")) {
		while (b.len > 0 && (b.ptr[b.len - 1] == ';' || b.ptr[b.len - 1] == ' ' || b.ptr[b.len - 1] == '\n' ||
		                     b.ptr[b.len - 1] == '\t' || b.ptr[b.len - 1] == '\r'))
			b.ptr[--b.len] = '\0';
		cpol__buf_puts(&b, " RETURNING *");
		*insert = 1;
	}
	if (b.oom) {
		cpol__buf_free(&b);
		return cpol__error_oom();
	}
	*out = b.len ? cpol__buf_detach(&b) : cpol__strdup("");
	cpol__buf_free(&b);
	*nparams = max;
	return *out ? 0 : cpol__error_oom();
}

/* ------------------------------------------------------------- failures */

/* Keep a failed result's SQLSTATE and message on the connection; its code. */
static int fail(pg_conn *pc, PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (!msg || !*msg)
		msg = PQerrorMessage(pc->c);
	free(pc->last_msg);
	pc->last_msg = cpol__strdup(msg && *msg ? msg : "no answer from the server");
	/* A lost connection may carry no SQLSTATE: connection_failure. */
	pc->last_code = cpol__pg_code(state ? state : PQstatus(pc->c) != CONNECTION_OK ? "08006" : NULL);
	PQclear(r);
	return pc->last_code;
}

static int misuse(pg_conn *pc, const char *msg)
{
	free(pc->last_msg);
	pc->last_msg = cpol__strdup(msg);
	return pc->last_code = cpol__pg_code("22023");
}

/* ----------------------------------------------------------- statements */

static void clear_row(pg_stmt *s)
{
	int i, n = s->res ? PQnfields(s->res) : 0;

	if (!s->blobs)
		return;
	for (i = 0; i < n; i++) {
		PQfreemem(s->blobs[i]);
		s->blobs[i] = NULL;
	}
}

static void clear_result(pg_stmt *s)
{
	clear_row(s);
	free(s->blobs);
	free(s->blob_lens);
	s->blobs = NULL;
	s->blob_lens = NULL;
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
}

static void clear_param(pg_stmt *s, int i)
{
	if (s->owned[i])
		free(s->values[i]);
	s->values[i] = NULL;
	s->lengths[i] = 0;
	s->formats[i] = 0;
	s->owned[i] = 0;
}

/* Parameter idx (from 1) ready for a new value, or the range failure. */
static int param(cpol__stmt *st, int idx)
{
	pg_stmt *s = P(st);

	if (idx < 1 || idx > s->nparams)
		return misuse(CONN(st->db), "parameter index out of range");
	clear_result(s);     /* SQLite binds only a reset statement: rebinding restarts it here */
	clear_param(s, idx - 1);
	return CPOL__OK;
}

static int set_param(cpol__stmt *st, int idx, char *v, int len, int format, int owned)
{
	pg_stmt *s = P(st);

	s->values[idx - 1] = v;
	s->lengths[idx - 1] = len;
	s->formats[idx - 1] = format;
	s->owned[idx - 1] = (unsigned char)owned;
	return CPOL__OK;
}

static int st_bind_int64(cpol__stmt *st, int idx, int64_t v)
{
	char buf[24];
	char *copy;
	int rc;

	if ((rc = param(st, idx)) != CPOL__OK)
		return rc;
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	if (!(copy = cpol__strdup(buf)))
		return cpol__pg_code("53200");
	return set_param(st, idx, copy, 0, 0, 1);
}

static int st_bind_double(cpol__stmt *st, int idx, double v)
{
	char buf[32];
	char *copy;
	int rc;

	if ((rc = param(st, idx)) != CPOL__OK)
		return rc;
	snprintf(buf, sizeof(buf), "%.17g", v);
	if (!(copy = cpol__strdup(buf)))
		return cpol__pg_code("53200");
	return set_param(st, idx, copy, 0, 0, 1);
}

static int st_bind_text(cpol__stmt *st, int idx, const char *v, int len, int copy)
{
	char *p;
	int rc;

	if ((rc = param(st, idx)) != CPOL__OK)
		return rc;
	/* Text goes NUL-terminated: given a length, it is copied (the bytes after it may not be ours to read). */
	if (!copy && len < 0)
		return set_param(st, idx, (char *)v, 0, 0, 0);
	if (!(p = len < 0 ? cpol__strdup(v) : cpol__strndup(v, (size_t)len)))
		return cpol__pg_code("53200");
	return set_param(st, idx, p, 0, 0, 1);
}

static int st_bind_blob(cpol__stmt *st, int idx, const void *v, int len, int copy)
{
	char *p;
	int rc;

	if ((rc = param(st, idx)) != CPOL__OK)
		return rc;
	if (len < 0)
		return misuse(CONN(st->db), "a blob needs its length");
	if (!copy)
		return set_param(st, idx, (char *)v, len, 1, 0);
	if (!(p = malloc(len ? (size_t)len : 1)))
		return cpol__pg_code("53200");
	if (len)
		memcpy(p, v, (size_t)len);
	return set_param(st, idx, p, len, 1, 1);
}

static int st_bind_null(cpol__stmt *st, int idx)
{
	return param(st, idx);
}

static int st_step(cpol__stmt *st)
{
	pg_stmt *s = P(st);
	pg_conn *pc = CONN(st->db);

	if (!s->res) {
		ExecStatusType status;
		s->res = PQexecPrepared(pc->c, s->name, s->nparams, (const char *const *)s->values, s->lengths,
		                        s->formats, 0);
		status = PQresultStatus(s->res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			int rc = fail(pc, s->res);
			s->res = NULL;
			return rc;
		}
		s->row = -1;
		if (!(s->blobs = calloc((size_t)PQnfields(s->res) + 1, sizeof(*s->blobs))) ||
		    !(s->blob_lens = calloc((size_t)PQnfields(s->res) + 1, sizeof(*s->blob_lens)))) {
			clear_result(s);
			return cpol__pg_code("53200");
		}
		if (status == PGRES_COMMAND_OK || s->insert) {
			const char *n = PQcmdTuples(s->res);
			pc->changes = *n ? atoll(n) : 0;
			pc->total_changes += pc->changes;
		}
		if (s->insert) {
			int col = PQfnumber(s->res, "id");
			if (col >= 0 && PQntuples(s->res) > 0)
				pc->last_id = atoll(PQgetvalue(s->res, PQntuples(s->res) - 1, col));
			s->row = PQntuples(s->res);
		}
	}
	clear_row(s);
	if (s->row < PQntuples(s->res))
		s->row++;
	return s->row < PQntuples(s->res) ? CPOL__ROW : CPOL__DONE;
}

static int st_reset(cpol__stmt *st)
{
	clear_result(P(st));
	return CPOL__OK;
}

static int st_clear_bindings(cpol__stmt *st)
{
	pg_stmt *s = P(st);
	int i;

	clear_result(s);
	for (i = 0; i < s->nparams; i++)
		clear_param(s, i);
	return CPOL__OK;
}

static void st_finalize(cpol__stmt *st)
{
	pg_stmt *s = P(st);
	pg_conn *pc = CONN(st->db);
	char sql[64];

	st_clear_bindings(st);
	if (pc && pc->c && PQstatus(pc->c) == CONNECTION_OK && PQtransactionStatus(pc->c) != PQTRANS_INERROR) {
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
		PQclear(PQexec(pc->c, sql));
	}
	free(s->values);
	free(s->lengths);
	free(s->formats);
	free(s->owned);
	free(s);
}

/* The current row's value, or NULL (no row, or SQL NULL). */
static const char *value(pg_stmt *s, int col)
{
	if (!s->res || s->row < 0 || s->row >= PQntuples(s->res) || col < 0 || col >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static int64_t st_column_int64(cpol__stmt *st, int col)
{
	const char *v = value(P(st), col);

	if (!v)
		return 0;
	if (PQftype(P(st)->res, col) == OID_BOOL)
		return *v == 't';
	return strtoll(v, NULL, 10);
}

static double st_column_double(cpol__stmt *st, int col)
{
	const char *v = value(P(st), col);
	return v ? strtod(v, NULL) : 0.0;
}

static const unsigned char *st_column_text(cpol__stmt *st, int col)
{
	const char *v = value(P(st), col);

	if (v && PQftype(P(st)->res, col) == OID_BOOL)
		return (const unsigned char *)(*v == 't' ? "1" : "0");   /* SQLite has no booleans */
	return (const unsigned char *)v;
}

static const void *st_column_blob(cpol__stmt *st, int col)
{
	pg_stmt *s = P(st);
	const char *v = value(s, col);

	if (!v)
		return NULL;
	if (PQftype(s->res, col) != OID_BYTEA)
		return v;
	if (!s->blobs[col])
		s->blobs[col] = PQunescapeBytea((const unsigned char *)v, &s->blob_lens[col]);
	return s->blobs[col];
}

static int st_column_bytes(cpol__stmt *st, int col)
{
	pg_stmt *s = P(st);
	const char *v = value(s, col);

	if (!v)
		return 0;
	if (PQftype(s->res, col) == OID_BYTEA)
		return st_column_blob(st, col) ? (int)s->blob_lens[col] : 0;
	return PQftype(s->res, col) == OID_BOOL ? 1 : PQgetlength(s->res, s->row, col);
}

static int st_column_type(cpol__stmt *st, int col)
{
	pg_stmt *s = P(st);
	const char *v = value(s, col);

	if (!v)
		return CPOL__NULL;
	switch (PQftype(s->res, col)) {
	case OID_BOOL: case OID_INT2: case OID_INT4: case OID_INT8: case OID_OID:
		return CPOL__INTEGER;
	case OID_FLOAT4: case OID_FLOAT8:
		return CPOL__FLOAT;
	case OID_NUMERIC:     /* sum() of integers is numeric here, an integer in SQLite */
		return strpbrk(v, ".eEN") ? CPOL__FLOAT : CPOL__INTEGER;
	case OID_BYTEA:
		return CPOL__BLOB;
	default:
		return CPOL__TEXT;
	}
}

static int st_column_count(cpol__stmt *st)
{
	pg_stmt *s = P(st);
	return s->res ? PQnfields(s->res) : 0;
}

/* ----------------------------------------------------------- connection */

static int db_prepare(cpol_db *db, cpol__stmt **out, const char *sql, int persistent)
{
	pg_conn *pc = CONN(db);
	pg_stmt *s;
	PGresult *r;
	char *text = NULL;
	int n, insert;

	*out = NULL;
	if (cpol__pg_rewrite(sql, &text, &n, &insert) < 0)
		return misuse(pc, cpol_error_last()->message);
	if (!(s = calloc(1, sizeof(*s))) || !(s->values = calloc((size_t)n + 1, sizeof(*s->values))) ||
	    !(s->lengths = calloc((size_t)n + 1, sizeof(*s->lengths))) ||
	    !(s->formats = calloc((size_t)n + 1, sizeof(*s->formats))) || !(s->owned = calloc((size_t)n + 1, 1))) {
		if (s) {
			free(s->values);
			free(s->lengths);
			free(s->formats);
		}
		free(s);
		free(text);
		return cpol__pg_code("53200");
	}
	snprintf(s->name, sizeof(s->name), "cpol_s%lu", ++pc->names);
	r = PQprepare(pc->c, s->name, text, n, NULL);
	free(text);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		int rc = fail(pc, r);
		free(s->values);
		free(s->lengths);
		free(s->formats);
		free(s->owned);
		free(s);
		return rc;
	}
	PQclear(r);
	s->base.ops = &cpol__pg_ops;
	s->base.db = db;
	s->nparams = n;
	s->insert = insert;
	s->row = -1;
	*out = &s->base;
	(void)persistent;   /* every statement is prepared on the server */
	return CPOL__OK;
}

static int db_exec(cpol_db *db, const char *sql)
{
	pg_conn *pc = CONN(db);
	PGresult *r = PQexec(pc->c, sql);
	ExecStatusType status = PQresultStatus(r);

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
		return fail(pc, r);
	PQclear(r);
	return CPOL__OK;
}

static int64_t db_last_id(cpol_db *db)
{
	return CONN(db)->last_id;
}

static int64_t db_changes(cpol_db *db)
{
	return CONN(db)->changes;
}

static int64_t db_total_changes(cpol_db *db)
{
	return CONN(db)->total_changes;
}

static int db_errcode(cpol_db *db)
{
	return CONN(db)->last_code;
}

static const char *db_errmsg(cpol_db *db)
{
	const char *m = CONN(db)->last_msg;
	return m ? m : "not an error";
}

static int db_error(cpol_db *db, int rc, const char *what)
{
	char state[6];
	pg_conn *pc = CONN(db);

	if (rc < CPOL__PG_CODE_BASE)
		return cpol__error_set(CPOL_EDB, "%s: unexpected result %d", what, rc);
	cpol__pg_sqlstate(state, rc);
	return cpol__error_set(cpol__pg_error_code(rc), "%s: %s (SQLSTATE %s)", what,
	                       rc == pc->last_code && pc->last_msg ? pc->last_msg : "failed", state);
}

static int db_in_transaction(cpol_db *db)
{
	return PQtransactionStatus(CONN(db)->c) != PQTRANS_IDLE;
}

static int db_has_column(cpol_db *db, const char *table, const char *column)
{
	const char *params[2] = { table, column };
	PGresult *r = PQexecParams(CONN(db)->c,
		"SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
		" AND table_name = $1 AND column_name = $2", 2, NULL, params, NULL, NULL, 0);
	int found = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;

	PQclear(r);
	return found;
}

const cpol__store_ops cpol__pg_ops = {
	"postgresql",
	st_bind_int64,
	st_bind_double,
	st_bind_text,
	st_bind_blob,
	st_bind_null,
	st_step,
	st_reset,
	st_clear_bindings,
	st_finalize,
	st_column_int64,
	st_column_double,
	st_column_text,
	st_column_blob,
	st_column_bytes,
	st_column_type,
	st_column_count,
	db_prepare,
	db_exec,
	db_last_id,
	db_changes,
	db_total_changes,
	db_errcode,
	db_errmsg,
	db_error,
	db_in_transaction,
	db_has_column,
};

int cpol__pg_attach(cpol_db *db, PGconn *c)
{
	pg_conn *pc = calloc(1, sizeof(*pc));

	if (!pc)
		return cpol__error_oom();
	pc->c = c;
	cpol__db_set_backend(db, &cpol__pg_ops, pc);
	return 0;
}

PGconn *cpol__pg_detach(cpol_db *db)
{
	pg_conn *pc = CONN(db);
	PGconn *c = pc ? pc->c : NULL;

	if (pc) {
		free(pc->last_msg);
		free(pc);
	}
	cpol__db_set_backend(db, &cpol__sqlite_ops, NULL);
	return c;
}

/*
 * libcommpolice — assess: formulas of the rules ("cases / residents * 10000")
 * evaluated by SQLite's own expression engine on a locked-down connection.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Why SQLite and not a parser of our own: region rule files are written by
 * people outside the project, and a formula is code. A hand-written
 * expression parser is one more parser to fuzz, with its own precedence,
 * integer/real and NULL rules to get wrong; SQLite's expression engine is
 * already linked, is among the most tested code there is, and its
 * arithmetic is documented. What we add is the fence:
 *
 *  - a private in-memory connection with nothing in it, separate from the
 *    database handle (a formula can never see a record);
 *  - an authorizer that allows one SELECT (two when the formula reads
 *    metrics: the CTE that binds them, see below), reading only the
 *    columns of that CTE, and calling only a whitelist of deterministic
 *    arithmetic functions: no tables, no pragmas, no random(), no
 *    current_date (a recomputation must give the same result);
 *  - SQLITE_LIMIT_* tightened (text length, expression depth, no
 *    attachments, few variables), SQLITE_DBCONFIG_DEFENSIVE, no
 *    extensions, no triggers or views;
 *  - a progress handler that stops a statement after a fixed budget of
 *    virtual-machine steps. It is a step budget rather than a clock so
 *    that the bound is the same on every machine and a formula that
 *    passes once passes always.
 *
 * The rules name metrics as bare words ("cases / residents"). SQLite
 * resolves bare words as columns, so a formula is compiled as
 *
 *     WITH m("cases", "residents") AS (SELECT ?1, ?2) SELECT (<formula>) FROM m
 *
 * and the column list is discovered by compiling: each "no such column: X"
 * from SQLite adds X (after checking it is a plain metric name) and
 * compiles again. This is the only SQL assembled from rule text in the
 * library, and it runs on the empty, fenced connection described above.
 */
#include "assess_internal.h"
#include "db_internal.h"   /* cpol__error_sqlite() */

#include <math.h>
#include <sqlite3.h>   /* the formula engine's own private in-memory connection */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most metrics one formula may read. */
#define MAX_INPUTS 32
/* Virtual-machine steps a formula may take (progress handler every STEP_CHUNK). */
#define STEP_CHUNK 100
#define STEP_BUDGET 200 /* chunks: 20 000 steps, some hundred times what a formula needs */
/* Longest formula text, in characters (docs/assess.md "Formulas"). */
#define MAX_FORMULA 1000
/* Deepest expression tree (SQLITE_LIMIT_EXPR_DEPTH; docs/assess.md). */
#define MAX_DEPTH 64
/* Characters of a formula quoted in an error message. */
#define QUOTE_CHARS 60

struct cpol__formula_engine {
	sqlite3 *conn;
	int selects_allowed; /* while preparing */
	int selects_seen;
	int chunks;          /* while stepping */
};

struct cpol__formula {
	cpol__formula_engine *eng;
	sqlite3_stmt *stmt;
	char *text;
	const cpol_rule_ref *ref;
	char *key;
	char *inputs[MAX_INPUTS];
	size_t ninputs;
};

/* Deterministic arithmetic only (SQLite's core and math functions). */
static const char *const allowed_functions[] = {
	"abs", "min", "max", "round", "coalesce", "ifnull", "iif", "nullif",
	"floor", "ceil", "ceiling", "trunc", "sqrt", "pow", "power", "exp", "ln",
	"log", "log10", "log2", "sign", "mod", NULL
};

static int function_allowed(const char *name)
{
	size_t i;
	if (!name)
		return 0;
	for (i = 0; allowed_functions[i]; i++)
		if (sqlite3_stricmp(name, allowed_functions[i]) == 0)
			return 1;
	return 0;
}

static int authorize(void *payload, int action, const char *a3, const char *a4,
                     const char *dbname, const char *inner)
{
	cpol__formula_engine *eng = payload;

	switch (action) {
	case SQLITE_SELECT:
		return ++eng->selects_seen <= eng->selects_allowed ? SQLITE_OK : SQLITE_DENY;
	case SQLITE_READ:
		/* Only the columns of the CTE that binds the inputs. */
		return a3 && strcmp(a3, "m") == 0 ? SQLITE_OK : SQLITE_DENY;
	case SQLITE_FUNCTION:
		return function_allowed(a4) ? SQLITE_OK : SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

static int progress(void *payload)
{
	cpol__formula_engine *eng = payload;
	return ++eng->chunks > STEP_BUDGET;
}

int cpol__formula_engine_new(cpol__formula_engine **out)
{
	cpol__formula_engine *eng;
	sqlite3 *c = NULL;
	int rc, on = 1, off = 0;

	*out = NULL;
	if (!(eng = calloc(1, sizeof(*eng))))
		return cpol__error_oom();
	rc = sqlite3_open_v2(":memory:", &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY |
	                     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = cpol__error_sqlite(c, rc, "opening the formula engine");
		sqlite3_close(c);
		free(eng);
		return rc;
	}
	sqlite3_db_config(c, SQLITE_DBCONFIG_DEFENSIVE, on, NULL);
	sqlite3_db_config(c, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, off, NULL);
	sqlite3_db_config(c, SQLITE_DBCONFIG_ENABLE_TRIGGER, off, NULL);
	sqlite3_db_config(c, SQLITE_DBCONFIG_ENABLE_VIEW, off, NULL);
	sqlite3_db_config(c, SQLITE_DBCONFIG_TRUSTED_SCHEMA, off, NULL);
	/* "abc" is an identifier, never a string that slipped through. */
	sqlite3_db_config(c, SQLITE_DBCONFIG_DQS_DML, off, NULL);
	sqlite3_db_config(c, SQLITE_DBCONFIG_DQS_DDL, off, NULL);
	/*
	 * The limits marked "mutate: skip" are a second fence behind the
	 * authorizer and MAX_FORMULA: no formula the rest lets through comes near
	 * them, so moving one by one cannot change any result (docs/hacking.md).
	 */
	sqlite3_limit(c, SQLITE_LIMIT_LENGTH, 4096); /* mutate: skip (text stays under 4001 bytes) */
	/* Bytes: a character of text is at most 4 of them. */
	sqlite3_limit(c, SQLITE_LIMIT_SQL_LENGTH, 4 * MAX_FORMULA + 64 * (MAX_INPUTS + 4)); /* mutate: skip (~4100 at most) */
	sqlite3_limit(c, SQLITE_LIMIT_COLUMN, MAX_INPUTS + 1);
	sqlite3_limit(c, SQLITE_LIMIT_EXPR_DEPTH, MAX_DEPTH);
	sqlite3_limit(c, SQLITE_LIMIT_COMPOUND_SELECT, 2); /* mutate: skip (a compound is a second SELECT: denied) */
	sqlite3_limit(c, SQLITE_LIMIT_VDBE_OP, 2000); /* mutate: skip (about 1 op a character) */
	sqlite3_limit(c, SQLITE_LIMIT_FUNCTION_ARG, 8);
	sqlite3_limit(c, SQLITE_LIMIT_ATTACHED, 0); /* mutate: skip (ATTACH is a statement: denied) */
	sqlite3_limit(c, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 64); /* mutate: skip (like() is not allowed) */
	sqlite3_limit(c, SQLITE_LIMIT_VARIABLE_NUMBER, MAX_INPUTS);
	sqlite3_limit(c, SQLITE_LIMIT_TRIGGER_DEPTH, 0);
	sqlite3_limit(c, SQLITE_LIMIT_WORKER_THREADS, 0); /* mutate: skip (a formula sorts nothing) */
	sqlite3_set_authorizer(c, authorize, eng);
	sqlite3_progress_handler(c, STEP_CHUNK, progress, eng);
	eng->conn = c;
	*out = eng;
	return 0;
}

void cpol__formula_engine_free(cpol__formula_engine *eng)
{
	if (!eng)
		return;
	sqlite3_close_v2(eng->conn);
	free(eng);
}

size_t cpol__utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

const char *cpol__formula_quote(char *buf, size_t size, const char *text)
{
	size_t i = 0, chars = 0;

	/* Cut at a character boundary, never inside one. */
	while (text[i] && chars < QUOTE_CHARS) {
		i++;
		while (((unsigned char)text[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	snprintf(buf, size, "'%.*s%s'", (int)i, text, text[i] ? "…" : "");
	return buf;
}

static int formula_error(const cpol__formula *f, const char *fmt, ...) CPOL__PRINTF(2, 3);

/*
 * A CPOL_ERULES naming the formula's rule: file, line, column and key. The
 * message says why first; the formula follows, cut to QUOTE_CHARS
 * characters, so that a long formula never pushes the reason out of the
 * message.
 */
static int formula_error(const cpol__formula *f, const char *fmt, ...)
{
	const cpol_rule_ref *r = f->ref;
	char why[512], q[QUOTE_CHARS * 4 + 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return cpol__error_set_at(CPOL_ERULES, r ? r->file : NULL, r ? r->line : 0,
	                          r ? r->column : 0, f->key, "%s, in formula %s", why,
	                          cpol__formula_quote(q, sizeof(q), f->text));
}

/* "no such column: X" with X a plain name: X, else NULL. */
static const char *missing_column(const char *msg)
{
	static const char prefix[] = "no such column: ";
	if (strncmp(msg, prefix, sizeof(prefix) - 1) != 0)
		return NULL;
	msg += sizeof(prefix) - 1;
	return cpol__metric_name_ok(msg) ? msg : NULL;
}

static int build_sql(cpol__buf *sql, const cpol__formula *f)
{
	size_t i;

	if (f->ninputs) {
		cpol__buf_puts(sql, "WITH m(");
		for (i = 0; i < f->ninputs; i++)
			cpol__buf_printf(sql, "%s\"%s\"", i ? ", " : "", f->inputs[i]);
		cpol__buf_puts(sql, ") AS (SELECT ");
		for (i = 0; i < f->ninputs; i++)
			cpol__buf_printf(sql, "%s?%zu", i ? ", " : "", i + 1);
		cpol__buf_puts(sql, ") ");
	}
	cpol__buf_printf(sql, "SELECT (%s)%s", f->text, f->ninputs ? " FROM m" : "");
	return sql->oom ? cpol__error_oom() : 0;
}

int cpol__formula_compile(cpol__formula **out, cpol__formula_engine *eng, const char *text,
                          const cpol_rule_ref *ref, const char *key)
{
	cpol__formula *f;
	cpol__buf sql = { 0 };
	const char *tail = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!(f = calloc(1, sizeof(*f))))
		return cpol__error_oom();
	f->eng = eng;
	f->ref = ref;
	if (!(f->text = cpol__strdup(text ? text : "")) || !(f->key = cpol__strdup(key ? key : "formula"))) {
		rc = cpol__error_oom();
		goto done;
	}
	if (!*f->text) {
		rc = formula_error(f, "the formula is empty");
		goto done;
	}
	if (cpol__utf8_chars(f->text) > MAX_FORMULA) {
		rc = formula_error(f, "the formula is too long: %zu characters, at most %d",
		                   cpol__utf8_chars(f->text), MAX_FORMULA);
		goto done;
	}
	for (;;) {
		const char *name;
		int src;

		sql.len = 0;
		if ((rc = build_sql(&sql, f)) < 0)
			goto done;
		eng->selects_allowed = f->ninputs ? 2 : 1;
		eng->selects_seen = 0;
		eng->chunks = 0;
		src = sqlite3_prepare_v3(eng->conn, sql.ptr, (int)sql.len, SQLITE_PREPARE_PERSISTENT,
		                         &f->stmt, &tail);
		if (src == SQLITE_OK)
			break;
		if ((src & 0xff) == SQLITE_NOMEM) {
			rc = cpol__error_oom(); /* not the formula's fault */
			goto done;
		}
		name = missing_column(sqlite3_errmsg(eng->conn));
		if (!name) {
			rc = formula_error(f, "the formula is not accepted: %s",
			                   sqlite3_errmsg(eng->conn));
			goto done;
		}
		for (i = 0; i < f->ninputs; i++)
			if (strcmp(f->inputs[i], name) == 0)
				break;
		if (i < f->ninputs || f->ninputs == MAX_INPUTS) {
			rc = formula_error(f, "the formula reads '%s' in a way that is not allowed"
			                      " (or more than %d metrics)", name, MAX_INPUTS);
			goto done;
		}
		if (!(f->inputs[f->ninputs] = cpol__strdup(name))) {
			rc = cpol__error_oom();
			goto done;
		}
		f->ninputs++;
	}
	while (tail && (*tail == ' ' || *tail == '\t' || *tail == '\n' || *tail == '\r'))
		tail++;
	if (!f->stmt || (tail && *tail) || sqlite3_column_count(f->stmt) != 1) {
		rc = formula_error(f, "a formula must be one expression");
		goto done;
	}
done:
	cpol__buf_free(&sql);
	if (rc < 0) {
		cpol__formula_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

void cpol__formula_free(cpol__formula *f)
{
	size_t i;
	if (!f)
		return;
	sqlite3_finalize(f->stmt);
	for (i = 0; i < f->ninputs; i++)
		free(f->inputs[i]);
	free(f->text);
	free(f->key);
	free(f);
}

size_t cpol__formula_input_count(const cpol__formula *f)
{
	return f->ninputs;
}

const char *cpol__formula_input(const cpol__formula *f, size_t i)
{
	return i < f->ninputs ? f->inputs[i] : NULL;
}

const char *cpol__formula_text(const cpol__formula *f)
{
	return f->text;
}

const cpol_rule_ref *cpol__formula_ref(const cpol__formula *f)
{
	return f->ref;
}

int cpol__formula_eval(double *out, int *has_value, cpol__formula *f, const double *values,
                       const int *has)
{
	sqlite3_stmt *st = f->stmt;
	size_t i;
	int rc, type;

	*out = 0;
	*has_value = 0;
	sqlite3_reset(st);
	for (i = 0; i < f->ninputs; i++) {
		if (has[i] && isfinite(values[i]))
			sqlite3_bind_double(st, (int)i + 1, values[i]);
		else
			sqlite3_bind_null(st, (int)i + 1);
	}
	f->eng->chunks = 0;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		const char *msg = rc == SQLITE_INTERRUPT ? "it ran too long"
		                                         : sqlite3_errmsg(f->eng->conn);
		sqlite3_reset(st);
		return formula_error(f, "the formula failed: %s", msg);
	}
	type = sqlite3_column_type(st, 0);
	if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
		*out = sqlite3_column_double(st, 0);
		*has_value = isfinite(*out);
		if (!*has_value)
			*out = 0;
	} else if (type != SQLITE_NULL) {
		sqlite3_reset(st);
		return formula_error(f, "the formula gave %s, not a number",
		                     type == SQLITE_TEXT ? "text" : "a blob");
	}
	sqlite3_reset(st);
	return 0;
}

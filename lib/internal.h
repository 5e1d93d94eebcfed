/*
 * libcommpolice — declarations shared inside the library. Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_INTERNAL_H
#define CPOL_INTERNAL_H

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "commpolice.h"
#include "store.h"

#if defined(__GNUC__)
# define CPOL__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
# define CPOL__PRINTF(fmt, args)
#endif

#define CPOL__ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ errors */

/* Set the thread's error; returns code so callers can `return cpol__error_set(...)`. */
int cpol__error_set(int code, const char *fmt, ...) CPOL__PRINTF(2, 3);

/*
 * Set the thread's error with a location: file (or NULL), 1-based line and
 * column (or 0), and the field or key concerned (or NULL). The message is
 * the text alone; cpol_error_last()->message is "file:line:column: text".
 */
int cpol__error_set_at(int code, const char *file, int line, int column,
                       const char *field, const char *fmt, ...) CPOL__PRINTF(6, 7);

int cpol__error_vset_at(int code, const char *file, int line, int column,
                        const char *field, const char *fmt, va_list ap);

/* CPOL_ENOMEM with the standard message. */
int cpol__error_oom(void);

/*
 * The words of one public enum (lib/names.c): `words` NULL-terminated, the
 * first naming the value `first` (or, with `flags`, words[i] naming the flag
 * 1u << i); or, when words is NULL, the enum's own name(), over
 * [first, last]. `what` ("house use") and `field` go in the parse error.
 */
typedef struct cpol__names {
	const char *what;
	const char *field;
	int first;
	int flags;
	const char *const *words;
	const char *(*name)(int value);
	int last;
} cpol__names;

/* The word of value; "unknown" when it has none. */
const char *cpol__names_name(const cpol__names *names, int value);
/* The value of word; CPOL_EINVAL naming the word, the field and the known words. */
int cpol__names_parse(int *out, const cpol__names *names, const char *word);

/* Word tables shared with lib/names.c (rules_schema.c). */
extern const char *const cpol__label_kind_words[];
extern const char *const cpol__obligation_kind_words[];
extern const char *const cpol__veto_effect_words[];
extern const char *const cpol__sanction_action_words[];

/* 0 when a versioned struct (options, query, output) says the version this
 * library knows; else CPOL_EINVAL, field "version", naming what (the type). */
int cpol__check_version(unsigned int version, unsigned int expected, const char *what);

/*
 * Defines fn(type *spec, unsigned int version), the cpol_X_init() of a
 * versioned struct: checks the version and copies init_macro into *spec.
 */
#define CPOL__DEFINE_INIT(fn, type, init_macro, version_macro) \
	int fn(type *spec, unsigned int version) \
	{ \
		static const type init = init_macro; \
		int rc; \
		if (!spec) \
			return cpol__error_set(CPOL_EINVAL, #fn ": NULL struct"); \
		if ((rc = cpol__check_version(version, version_macro, #type)) < 0) \
			return rc; \
		*spec = init; \
		return 0; \
	}


/* ------------------------------------------------------------------ memory */

char *cpol__strdup(const char *s);
char *cpol__strndup(const char *s, size_t n);

/* A growable NUL-terminated byte buffer. Zero-initialise ({0}) before use. */
typedef struct cpol__buf {
	char *ptr;
	size_t len;
	size_t cap;
	int oom; /* sticky: set when an append failed */
} cpol__buf;

int cpol__buf_grow(cpol__buf *b, size_t extra);
int cpol__buf_put(cpol__buf *b, const char *data, size_t len);
int cpol__buf_puts(cpol__buf *b, const char *s);
int cpol__buf_printf(cpol__buf *b, const char *fmt, ...) CPOL__PRINTF(2, 3);
/* Append s as a JSON string literal (quotes and escapes included). */
int cpol__buf_put_json_string(cpol__buf *b, const char *s);
/* Append s as one RFC 4180 CSV field: quoted when it holds a comma, quote,
 * CR or LF, quotes doubled; NULL appends nothing (an empty field). */
int cpol__buf_put_csv_field(cpol__buf *b, const char *s);
/* Hand the buffer's string to the caller (who frees it) and reset b. */
char *cpol__buf_detach(cpol__buf *b);
void cpol__buf_free(cpol__buf *b);

/* n bytes in lower-case hex into out (2n + 1 bytes, NUL included). */
void cpol__hex(char *out, const unsigned char *p, size_t n);

/*
 * Read a whole file (at most 16 MiB) into a NUL-terminated string the
 * caller frees; CPOL_ENOTFOUND, CPOL_EIO or CPOL_ERULES (too large) with
 * the path in the error. Rule files and export profiles (lib/rules.c).
 */
int cpol__read_file(char **out, size_t *len, const char *path);

/* ---------------------------------------------------------- embedded files */

/*
 * Files compiled into the library by build-aux/embed.sh: the schema
 * migrations (lib/schema/NNN_name.sql, in order) and data/regions/national.yaml.
 */
typedef struct cpol__embedded_file {
	const char *name;   /* path relative to the source tree */
	const char *data;   /* contents, NUL-terminated */
	size_t size;        /* bytes, without the NUL */
} cpol__embedded_file;

extern const cpol__embedded_file cpol__embedded_files[];
extern const size_t cpol__embedded_count;

/* The embedded file with that name, or NULL. */
const cpol__embedded_file *cpol__embedded_find(const char *name);

/* ---------------------------------------------------------------- database */

/*
 * A prepared statement for sql, from the handle's cache. The cache is keyed
 * by the address of sql, so pass a string with static storage (a `static
 * const char X_SQL[]` in the module that owns the query). The statement is
 * reset and its bindings cleared; do not finalize it.
 */
int cpol__db_stmt(cpol_db *db, cpol__stmt **out, const char *sql);

/*
 * The same, with the last call's bindings left in place, for a statement
 * whose caller binds every parameter each time (the bulk import's inserts):
 * clearing them freed each text's buffer only for the next bind to
 * allocate it again.
 */
int cpol__db_stmt_bind_all(cpol_db *db, cpol__stmt **out, const char *sql);

/* Run SQL without results (no user data in it). */
int cpol__db_exec(cpol_db *db, const char *sql);

/*
 * Step a statement that returns no rows; maps errors through
 * cpol__error_sqlite() and resets the statement either way.
 */
int cpol__db_step_done(cpol_db *db, cpol__stmt *stmt, const char *what);

/*
 * End a write begun with cpol_db_begin(): commit when rc is 0, else roll
 * back (keeping the thread's error) and return rc. The usual tail of every
 * public write function:  return cpol__db_finish(db, rc);
 */
int cpol__db_finish(cpol_db *db, int rc);

/* Fails with CPOL_EREADONLY when the handle is read-only. */
int cpol__db_check_writable(cpol_db *db);

/* Bind helpers: NULL or "" text binds SQL NULL for the _opt variant. */
/* CPOL_ENOMEM (and the statement reset) when a cpol__bind_*() on the statement
 * last handed out by cpol__db_stmt() failed; 0 otherwise. The step helpers call it. */
int cpol__db_bind_failed(cpol__stmt *st);
int cpol__bind_text(cpol__stmt *st, int idx, const char *s);
int cpol__bind_text_opt(cpol__stmt *st, int idx, const char *s);
int cpol__bind_date(cpol__stmt *st, int idx, cpol_date d);
/* CPOL_DATE_NONE binds SQL NULL. */
int cpol__bind_date_opt(cpol__stmt *st, int idx, cpol_date d);

/*
 * Row images. While an import batch runs (lib/import.c), the functions that
 * insert into the tables it audits by batch tell the handle's row hook the
 * row they have just written: its id and every column in the table's order,
 * as the database holds it (type and value). The import digests these
 * instead of reading the rows back before the commit; a table whose rows it
 * was not told of all, or with another number of columns, is read back. So
 * an image must be exactly the row: the verifier (cpol_audit_trail_verify())
 * reads the row itself and would report any difference as a change.
 * The values point into the caller's memory, valid during the call only.
 */
typedef struct cpol__value {
	int type;           /* CPOL__INTEGER, CPOL__FLOAT, CPOL__TEXT, CPOL__BLOB or CPOL__NULL */
	int64_t i;
	double d;
	const char *s;      /* text or blob bytes, n of them */
	size_t n;
} cpol__value;

typedef void (*cpol__row_hook)(void *payload, const char *table, int64_t id, const cpol__value *v, int n);

/* What cpol_actor() answers in SQL: the acting user, or "unknown". */
const char *cpol__db_actor(const cpol_db *db);

/* Set (or with NULL remove) the handle's row hook. */
void cpol__db_set_row_hook(cpol_db *db, cpol__row_hook hook, void *payload);

/* Non-zero when a row hook is set: only then is an image worth building. */
int cpol__db_row_hooked(const cpol_db *db);

/* Tell the row hook, if any, of a row just inserted. */
void cpol__db_row_written(cpol_db *db, const char *table, int64_t id, const cpol__value *v, int n);

/* Image values: an integer; text (NULL: SQL NULL); text where NULL or "" is SQL NULL (as cpol__bind_text_opt). */
cpol__value cpol__v_int(int64_t i);
cpol__value cpol__v_null(void);
cpol__value cpol__v_text(const char *s);
cpol__value cpol__v_text_opt(const char *s);
/* A date as cpol__bind_date_opt() writes it, formatted into buf; CPOL_DATE_NONE is SQL NULL. */
cpol__value cpol__v_date(char buf[CPOL_DATE_BUFSZ], cpol_date d);

/*
 * Bind an image value to parameter idx without copying its bytes (text and
 * blob): the hot inserts of an import build the row's image first and bind
 * from it, so that each text is neither copied by the backend nor each date
 * formatted twice. v->s must stay valid until the statement is stepped; a
 * statement from cpol__db_stmt_bind_all() keeps the pointer after that, so
 * its every parameter is bound again before its next step (as the contract
 * of cpol__db_stmt_bind_all() already asks). A failure is kept like
 * cpol__bind_text()'s.
 */
int cpol__bind_value(cpol__stmt *st, int idx, const cpol__value *v);

/* Read a date column written by cpol__bind_date; CPOL_DATE_NONE for NULL. */
cpol_date cpol__column_date(cpol__stmt *st, int col);

/* Copy a text column into a new string (NULL for SQL NULL; sets *oom). */
char *cpol__column_strdup(cpol__stmt *st, int col, int *oom);

#endif

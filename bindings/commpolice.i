/*
 * libcommpolice — SWIG interface for every language (Python 3, Lua 5.4).
 *
 * One file, with per-language parts under #ifdef SWIGPYTHON / SWIGLUA, in
 * the manner of libprelude and Xapian. Conventions for every module that
 * adds itself here:
 *  - functions that return an error code are declared here returning
 *    cpol_status; the out typemap turns a negative code into an exception
 *    (Python: a subclass of commpolice.Error; Lua: an error value, a table
 *    with code, name, message, field, file, line, column);
 *  - handles are wrapped in small holder structs (cpol_database...) so that
 *    close() is explicit and idempotent and a closed handle raises
 *    MisuseError instead of crashing;
 *  - anything that allocates is %newobject.
 * The pure-Python layer (bindings/python/commpolice/__init__.py) adds the
 * idioms: exception classes, context managers, generators.
 */
%module commpolice

%{
#include "commpolice.h"
#include <stdlib.h>
#include <string.h>

/* The return type of functions whose int result is an error code. */
typedef int cpol_status;

/* Holders for the handles the bindings hand out (see the conventions above). */
typedef struct cpol_database {
	cpol_db *db;
} cpol_database;

typedef struct cpol_audit_cursor {
	cpol_audit_iter *it;
} cpol_audit_cursor;
%}

%include <stdint.i>
typedef int cpol_status;
typedef long long cpol_id;

/* ------------------------------------------------------------ raising */
#ifdef SWIGPYTHON
%{
static PyObject *cpol_py_error_factory = NULL;

/* Raise the thread's last libcommpolice error as a commpolice.Error subclass. */
static void cpol_swig_raise(void)
{
	const cpol_error *e = cpol_error_last();
	PyObject *exc;

	if (!cpol_py_error_factory) {
		PyErr_SetString(PyExc_RuntimeError, e->message);
		return;
	}
	exc = PyObject_CallFunction(cpol_py_error_factory, "isszzii", e->code,
	                            cpol_error_name(e->code), e->message, e->field,
	                            e->file, e->line, e->column);
	if (exc) {
		PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
		Py_DECREF(exc);
	}
}
#define CPOL_SWIG_RAISE() cpol_swig_raise()
%}

%typemap(out) cpol_status {
	if ($1 < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
	$result = PyLong_FromLong($1);
}

%inline %{
/* Called once by commpolice/__init__.py: factory(code, name, message,
 * field, file, line, column) returns the exception instance to raise. */
void _set_error_factory(PyObject *factory)
{
	Py_XINCREF(factory);
	Py_XDECREF(cpol_py_error_factory);
	cpol_py_error_factory = factory;
}
%}
#endif

#ifdef SWIGLUA
%{
static int cpol_lua_error_tostring(lua_State *L)
{
	lua_getfield(L, 1, "message");
	return 1;
}

/* Push the thread's last error as a table {code, name, message, field,
 * file, line, column} whose __tostring gives the message. */
static void cpol_lua_push_error(lua_State *L)
{
	const cpol_error *e = cpol_error_last();

	lua_createtable(L, 0, 7);
	lua_pushinteger(L, e->code);
	lua_setfield(L, -2, "code");
	lua_pushstring(L, cpol_error_name(e->code));
	lua_setfield(L, -2, "name");
	lua_pushstring(L, e->message);
	lua_setfield(L, -2, "message");
	if (e->field) {
		lua_pushstring(L, e->field);
		lua_setfield(L, -2, "field");
	}
	if (e->file) {
		lua_pushstring(L, e->file);
		lua_setfield(L, -2, "file");
	}
	lua_pushinteger(L, e->line);
	lua_setfield(L, -2, "line");
	lua_pushinteger(L, e->column);
	lua_setfield(L, -2, "column");
	if (luaL_newmetatable(L, "commpolice.Error")) {
		lua_pushcfunction(L, cpol_lua_error_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_setmetatable(L, -2);
}
#define CPOL_SWIG_RAISE() cpol_lua_push_error(L)
%}

%typemap(out) cpol_status {
	if ($1 < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
	lua_pushinteger(L, $1);
	SWIG_arg++;
}

/* Integers stay integers in Lua 5.4 (SWIG would push them as floats). */
%typemap(out) int, long, long long, int64_t, cpol_id, unsigned int, int32_t
	"lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++;"
%typemap(varout) int, long, long long, int64_t, cpol_id, unsigned int, int32_t
	"lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++;"
#endif

/* A constructor that returned NULL has set the thread's error: raise it. */
%define CPOL_RAISING_CONSTRUCTOR(cls)
%exception cls {
	$action
	if (!result) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
}
%enddef

/* A method that returns NULL on failure (not at the end of an iteration). */
%define CPOL_RAISING_NULL(method)
%exception method {
	cpol_error_clear();
	$action
	if (!result && cpol_error_last()->code < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
}
%enddef

/* ------------------------------------------------------------ version, errors */
%rename(version) cpol_version;
const char *cpol_version(void);
%rename(version_number) cpol_version_number;
int cpol_version_number(void);
%rename(schema_latest) cpol_db_schema_latest;
int cpol_db_schema_latest(void);

%inline %{
/* The error table, entry by entry, for building exception classes. */
int error_kind_count(void)
{
	size_t n;
	cpol_error_kinds(&n);
	return (int)n;
}
int error_kind_code(int i)
{
	size_t n;
	const cpol_error_kind *k = cpol_error_kinds(&n);
	return i >= 0 && (size_t)i < n ? k[i].code : 0;
}
const char *error_kind_name(int i)
{
	size_t n;
	const cpol_error_kind *k = cpol_error_kinds(&n);
	return i >= 0 && (size_t)i < n ? k[i].name : NULL;
}
const char *error_kind_class(int i)
{
	size_t n;
	const cpol_error_kind *k = cpol_error_kinds(&n);
	return i >= 0 && (size_t)i < n ? k[i].class_name : NULL;
}
const char *error_kind_description(int i)
{
	size_t n;
	const cpol_error_kind *k = cpol_error_kinds(&n);
	return i >= 0 && (size_t)i < n ? k[i].description : NULL;
}
%}

/* ------------------------------------------------------------ database */
%{
/* The handle of an open database, or NULL with CPOL_EMISUSE set. */
static cpol_db *cpol_swig_db(cpol_database *d)
{
	if (!d->db)
		cpol_error_set(CPOL_EMISUSE, "the database is closed");
	return d->db;
}
#define CPOL_DB_OR_FAIL(d) cpol_db *db = cpol_swig_db(d); if (!db) return CPOL_EMISUSE
%}

%rename(Database) cpol_database;
CPOL_RAISING_CONSTRUCTOR(cpol_database::cpol_database)
typedef struct cpol_database {} cpol_database;
%extend cpol_database {
	/* Open or create a database file (":memory:" for a private one). */
	cpol_database(const char *path, const char *user = NULL, int readonly = 0,
	              int create = 1, int busy_timeout_ms = 5000) {
		cpol_db_options o;
		cpol_database *d;
		cpol_db_options_init(&o, CPOL_DB_OPTIONS_VERSION);
		o.user = user;
		o.busy_timeout_ms = busy_timeout_ms;
		o.flags = (create ? CPOL_DB_OPEN_CREATE : 0) | (readonly ? CPOL_DB_OPEN_READONLY : 0);
		if (!(d = calloc(1, sizeof(*d)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_db_open(&d->db, path, &o) < 0) {
			free(d);
			return NULL;
		}
		return d;
	}
	~cpol_database() {
		cpol_db_close($self->db);
		free($self);
	}
	/* Close the database; later calls raise MisuseError. Idempotent. */
	void close() {
		cpol_db_close($self->db);
		$self->db = NULL;
	}
	int is_open() { return $self->db != NULL; }
	cpol_status begin() { CPOL_DB_OR_FAIL($self); return cpol_db_begin(db); }
	cpol_status commit() { CPOL_DB_OR_FAIL($self); return cpol_db_commit(db); }
	cpol_status rollback() { CPOL_DB_OR_FAIL($self); return cpol_db_rollback(db); }
	cpol_status transaction_depth() { CPOL_DB_OR_FAIL($self); return cpol_db_transaction_depth(db); }
	cpol_status schema_version() {
		int v = 0, rc;
		CPOL_DB_OR_FAIL($self);
		rc = cpol_db_schema_version(db, &v);
		return rc < 0 ? rc : v;
	}
	cpol_status set_user(const char *user) { CPOL_DB_OR_FAIL($self); return cpol_db_set_user(db, user); }
	const char *user() { return $self->db ? cpol_db_user($self->db) : NULL; }
	const char *path() { return $self->db ? cpol_db_path($self->db) : NULL; }
}

/* ------------------------------------------------------------ audit trail */

%rename(AuditEntry) cpol_audit_entry;
%immutable;
typedef struct cpol_audit_entry {
	cpol_id id;
	const char *at;
	const char *actor;
	const char *table_name;
	cpol_id row_id;
	const char *action;
	const char *before_json;
	const char *after_json;
} cpol_audit_entry;
%mutable;

%rename(AuditCursor) cpol_audit_cursor;
CPOL_RAISING_NULL(cpol_audit_cursor::next)
typedef struct cpol_audit_cursor {} cpol_audit_cursor;
%extend cpol_audit_cursor {
	~cpol_audit_cursor() {
		cpol_audit_iter_free($self->it);
		free($self);
	}
	/* The next entry (valid until the next call), or None/nil at the end. */
	const cpol_audit_entry *next() {
		const cpol_audit_entry *e = NULL;
		int rc = cpol_audit_iter_next(&e, $self->it);
		if (rc == CPOL_ITEROVER)
			cpol_error_clear();
		return rc == 0 ? e : NULL;
	}
}

%newobject cpol_database::audit;
CPOL_RAISING_NULL(cpol_database::audit)
%extend cpol_database {
	/* Read the audit trail, oldest first, optionally filtered. */
	cpol_audit_cursor *audit(const char *table = NULL, long long row_id = 0,
	                         const char *actor = NULL, const char *since = NULL,
	                         const char *until = NULL) {
		cpol_audit_query q = CPOL_AUDIT_QUERY_INIT;
		cpol_audit_cursor *c;
		cpol_db *db = cpol_swig_db($self);
		if (!db)
			return NULL;
		q.table_name = table;
		q.row_id = row_id;
		q.actor = actor;
		q.since = since;
		q.until = until;
		if (!(c = calloc(1, sizeof(*c)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_audit_iter_new(&c->it, db, &q) < 0) {
			free(c);
			return NULL;
		}
		return c;
	}
}

#ifdef SWIGLUA
%luacode {
  -- Iterate an AuditCursor with a generic for: for e in cur:entries() do ... end
  local mt = getmetatable(commpolice.AuditCursor)
  function commpolice.audit_entries(db, ...)
    local cur = db:audit(...)
    return function()
      return cur:next()
    end
  end
}
#endif

/* ------------------------------------------------------------ modules */
/* Each module's part, in dependency order (see docs/hacking.md). */
%include "rules.i"
%include "duty.i"
%include "units.i"
%include "work.i"
%include "org.i"
%include "address.i"
%include "population.i"
%include "work_list.i"
%include "assess.i"
%include "export.i"

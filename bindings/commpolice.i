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

/* Dates (commpolice/date.h: days since 1970-01-01, CPOL_DATE_NONE for
 * none) cross as each language holds a date: Python datetime.date in and
 * out (None for none; "YYYY-MM-DD" text is taken too), Lua "YYYY-MM-DD"
 * strings in and out (nil for none). Every wrapper whose C value is a
 * cpol_date is declared with cpol_date, so that these typemaps reach it;
 * the typemaps are here, before any class, because SWIG applies a typemap
 * only to declarations after it. */
typedef int32_t cpol_date;

/* The names 0.2.0 replaced are never wrapped (in a file of their own, which
 * build-aux/api-renames.sh leaves alone). */
%include "deprecated.i"

/* ------------------------------------------------------------ raising */
#ifdef SWIGPYTHON
/* Every proxy's docstring starts with its C signature, which help() shows
 * and bindings/python/gen_stubs.py turns into the type stub core.pyi; the
 * doc comment of the C function the wrapper calls follows it (docstrings.i,
 * written at build time by bindings/python/gen_docstrings.py from the
 * headers, before any declaration: a feature reaches those after it). */
%feature("autodoc", "1");
%include "docstrings.i"

/* In the runtime section, before the callbacks of the module parts
 * (assess.i) that use it. */
%insert("runtime") %{
#include "commpolice.h"

/* The exception a Python callback raised, kept (one per thread, as the
 * library's error is) until the call that ran the callback raises its
 * CallbackError, whose __cause__ it becomes: "raise ... from" across C. */
static _Thread_local PyObject *cpol_py_callback_cause = NULL;

/* Called with the GIL held and the callback's exception set: keep it as
 * the cause of the error about to be raised, and clear it. */
static void cpol_py_keep_callback_cause(void)
{
	PyObject *type, *value, *tb;

	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	if (value && tb)
		PyException_SetTraceback(value, tb);
	Py_XDECREF(cpol_py_callback_cause);
	cpol_py_callback_cause = value;  /* owns the reference */
	Py_XDECREF(type);
	Py_XDECREF(tb);
}

/* datetime.date and datetime.datetime, imported once (borrowed); 0, or -1
 * with the import's exception set. */
static PyObject *cpol_py_date_cls, *cpol_py_datetime_cls;
static int cpol_py_datetime_types(void)
{
	PyObject *m;

	if (cpol_py_date_cls)
		return 0;
	if (!(m = PyImport_ImportModule("datetime")))
		return -1;
	cpol_py_date_cls = PyObject_GetAttrString(m, "date");
	cpol_py_datetime_cls = PyObject_GetAttrString(m, "datetime");
	Py_DECREF(m);
	return cpol_py_date_cls && cpol_py_datetime_cls ? 0 : -1;
}

/* A cpol_date as a datetime.date, None for CPOL_DATE_NONE: a new
 * reference, or NULL with an exception set. */
static PyObject *cpol_py_date_new(cpol_date d)
{
	int y, m, day;

	if (d == CPOL_DATE_NONE)
		Py_RETURN_NONE;
	if (cpol_py_datetime_types() < 0)
		return NULL;
	cpol_date_split(&y, &m, &day, d);
	return PyObject_CallFunction(cpol_py_date_cls, "iii", y, m, day);
}
%}

%{
static PyObject *cpol_py_error_factory = NULL;

/* Raise the thread's last libcommpolice error as a commpolice.Error subclass. */
static void cpol_swig_raise(void)
{
	const cpol_error *e = cpol_error_last();
	PyObject *exc, *cause = cpol_py_callback_cause;

	cpol_py_callback_cause = NULL;
	if (!cpol_py_error_factory) {
		Py_XDECREF(cause);
		PyErr_SetString(PyExc_RuntimeError, e->message);
		return;
	}
	exc = PyObject_CallFunction(cpol_py_error_factory, "isszzii", e->code,
	                            cpol_error_name(e->code), e->message, e->field,
	                            e->file, e->line, e->column);
	if (exc) {
		/* Only a callback's own error gets the callback's exception as
		 * its cause; any other error drops a stale one. */
		if (cause && e->code == CPOL_EUSER) {
			PyException_SetCause(exc, cause);  /* steals the reference */
			cause = NULL;
		}
		PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
		Py_DECREF(exc);
	}
	Py_XDECREF(cause);
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

/* Text in: str, None (NULL), or a datetime.date (a datetime its date),
 * passed as its ISO text "YYYY-MM-DD": the library's dates are text, and
 * a Python caller holds dates as datetime.date. Every const char *
 * argument takes one, so no parameter has to be listed by name. */
%{
/* The ISO text of a datetime.date or datetime.datetime (its date), a new
 * reference; NULL without an exception when o is neither. */
static PyObject *cpol_py_date_iso(PyObject *o)
{
	PyObject *d, *iso;

	if (cpol_py_datetime_types() < 0)
		return NULL;
	if (PyObject_IsInstance(o, cpol_py_date_cls) != 1)
		return NULL;
	if (PyObject_IsInstance(o, cpol_py_datetime_cls) == 1)
		d = PyObject_CallMethod(o, "date", NULL);
	else
		d = (Py_INCREF(o), o);
	if (!d)
		return NULL;
	iso = PyObject_CallMethod(d, "isoformat", NULL);
	Py_DECREF(d);
	return iso;
}
%}
%typemap(in) const char * (PyObject *iso = NULL) {
	if ($input == Py_None) {
		$1 = NULL;
	} else if (PyUnicode_Check($input)) {
		$1 = ($1_ltype)PyUnicode_AsUTF8($input);
		if (!$1)
			SWIG_fail;
	} else if ((iso = cpol_py_date_iso($input)) != NULL) {
		$1 = ($1_ltype)PyUnicode_AsUTF8(iso);
		if (!$1)
			SWIG_fail;
	} else {
		if (!PyErr_Occurred())
			PyErr_Format(PyExc_TypeError, "$symname() argument $argnum: expected str, "
			             "datetime.date or None, not %.200s", Py_TYPE($input)->tp_name);
		SWIG_fail;
	}
}
%typemap(freearg) const char * "Py_XDECREF(iso$argnum);"
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
	PyObject *iso = ($input == Py_None || PyUnicode_Check($input)) ? NULL : cpol_py_date_iso($input);
	$1 = $input == Py_None || PyUnicode_Check($input) || iso != NULL;
	Py_XDECREF(iso);
	PyErr_Clear();
}

/* A cpol_date argument: a datetime.date (a datetime its date), its text,
 * or None for none; bad text raises the library's InvalidError. */
%typemap(in) cpol_date (PyObject *iso = NULL) {
	const char *text = NULL;
	if ($input == Py_None) {
		$1 = CPOL_DATE_NONE;
	} else {
		if (PyUnicode_Check($input))
			text = PyUnicode_AsUTF8($input);
		else if ((iso = cpol_py_date_iso($input)) != NULL)
			text = PyUnicode_AsUTF8(iso);
		if (!text) {
			if (!PyErr_Occurred())
				PyErr_Format(PyExc_TypeError, "$symname() argument $argnum: expected "
				             "datetime.date, str or None, not %.200s", Py_TYPE($input)->tp_name);
			SWIG_fail;
		}
		if (cpol_date_parse(&$1, text) < 0) {
			CPOL_SWIG_RAISE();
			SWIG_fail;
		}
	}
}
%typemap(freearg) cpol_date "Py_XDECREF(iso$argnum);"
%typemap(out) cpol_date {
	if (!($result = cpol_py_date_new($1)))
		SWIG_fail;
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
%insert("runtime") %{
/* The registry key under which a failed Lua callback leaves its error value. */
#define CPOL_LUA_CAUSE_KEY "commpolice.callback_cause"
%}

%{
/* "where: message", then the traceback from where the error was raised:
 * what the standalone interpreter prints for an uncaught error (it prints
 * a non-string error object through __tostring, without a traceback). */
static int cpol_lua_error_tostring(lua_State *L)
{
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	if (lua_getfield(L, 1, "where") == LUA_TSTRING)
		luaL_addvalue(&b);
	else
		lua_pop(L, 1);
	lua_getfield(L, 1, "message");
	luaL_addvalue(&b);
	if (lua_getfield(L, 1, "traceback") == LUA_TSTRING) {
		luaL_addchar(&b, '\n');
		luaL_addvalue(&b);
	} else {
		lua_pop(L, 1);
	}
	luaL_pushresult(&b);
	return 1;
}

extern const char *SWIG_LUACODE;

/* The level of the first caller that is the user's Lua code: not a C
 * function and not the module's own idiom layer (the %luacode chunk, whose
 * source is its text). 1 when there is none. */
static int cpol_lua_user_level(lua_State *L)
{
	lua_Debug ar;
	int level;

	for (level = 1; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "S", &ar))
			break;
		if (strcmp(ar.what, "C") == 0)
			continue;
		if (ar.source && strncmp(ar.source, SWIG_LUACODE, 64) == 0)
			continue;
		return level;
	}
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
	/* Where the user's code called in ("file.lua:12: ") and the traceback
	 * from there, so an uncaught error says where it happened. */
	/* A callback's error value, kept by the callback that failed, is the
	 * cause of the CallbackError it became; any other error drops it. */
	if (lua_getfield(L, LUA_REGISTRYINDEX, CPOL_LUA_CAUSE_KEY) != LUA_TNIL && e->code == CPOL_EUSER)
		lua_setfield(L, -2, "cause");
	else
		lua_pop(L, 1);
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, CPOL_LUA_CAUSE_KEY);
	luaL_where(L, cpol_lua_user_level(L));
	lua_setfield(L, -2, "where");
	luaL_traceback(L, L, NULL, cpol_lua_user_level(L));
	lua_setfield(L, -2, "traceback");
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

%{
/* A cpol_date as "YYYY-MM-DD", nil for CPOL_DATE_NONE. */
static void cpol_lua_push_date(lua_State *L, cpol_date d)
{
	char buf[CPOL_DATE_BUFSZ];

	if (d == CPOL_DATE_NONE)
		lua_pushnil(L);
	else
		lua_pushstring(L, cpol_date_format(buf, d));
}
#define cpol_lua_isdate(L, i) (lua_isnoneornil(L, i) || lua_isstring(L, i))
%}

/* A cpol_date argument: "YYYY-MM-DD", or nil for none. */
%typemap(in, checkfn="cpol_lua_isdate") cpol_date {
	if (lua_isnoneornil(L, $input)) {
		$1 = CPOL_DATE_NONE;
	} else if (cpol_date_parse(&$1, lua_tostring(L, $input)) < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
}
%typemap(out) cpol_date "cpol_lua_push_date(L, $1); SWIG_arg++;"

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

/* A function returning a cpol_date that is CPOL_DATE_NONE on failure. */
%define CPOL_RAISING_DATE(method)
%exception method {
	cpol_error_clear();
	$action
	if (result == CPOL_DATE_NONE && cpol_error_last()->code < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
}
%enddef

/* ------------------------------------------------------------ the headers
 * A module part %includes its public header between CPOL_HEADER_BEGIN and
 * CPOL_HEADER_END, so that SWIG reads the record structs (their fields, in
 * the types the typemaps above convert: dates, ids) and the enums from the
 * header itself rather than from a copy that drifts. Inside, structs,
 * functions, enum items and macros are not wrapped unless the part names
 * them before the %include: a record by its %rename (Unit), a word function
 * by CPOL_WORDS. A holder whose fields are read through methods is
 * declared opaque after the header (typedef struct x {} x;) and %extend'ed.
 * The calls whose C shape (out parameters, option structs, iterators) is
 * not a language's are written by hand. The record fields are read-only;
 * enums read as integers (Lua too, below). */
#define CPOL_BEGIN_DECL
#define CPOL_END_DECL
#define CPOL_EXTERN
#define CPOL_DEPRECATED(msg)
/* A member named with a Python or Lua keyword ("from", "until", "end" of
 * the queries and periods) reads with a trailing underscore, as Python's
 * keyword arguments do. */
%rename(from_) from;
%rename(until_) until;
%rename(end_) end;
%define CPOL_HEADER_BEGIN
%rename("$ignore", %$isfunction, %$not %$ismember) "";
%rename("$ignore", %$isconstant) "";
%rename("$ignore", %$isenumitem) "";
%rename("$ignore", %$isclass) "";
%immutable;
%enddef
%define CPOL_HEADER_END
%mutable;
%rename("%s", %$isfunction, %$not %$ismember) "";
%rename("%s", %$isconstant) "";
%rename("%s", %$isenumitem) "";
%rename("%s", %$isclass) "";
%enddef
/* An enum's words from the C module's own function, one macro per enum:
 * CPOL_WORDS(unit_status) wraps cpol_unit_status_name() as
 * unit_status_name(code) (None/nil for a code out of range). Before the
 * header's CPOL_HEADER_BEGIN. */
%define CPOL_WORDS(what)
%rename(what ## _name) cpol_ ## what ## _name;
%enddef
#ifdef SWIGLUA
%typemap(out) enum SWIGTYPE "lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++;"
#endif

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

/* The findings of cpol_audit_trail_verify(), collected for the bindings. */
%{
typedef struct cpol_audit_report {
	cpol_audit_summary summary;   /* versioned by audit_verify() before the check */
	int count;
	int *kinds;
	char **tables, **objects, **messages;
	long long *rows, *entries;
} cpol_audit_report;

static void cpol_audit_report_free(cpol_audit_report *r)
{
	int i;
	for (i = 0; i < r->count; i++) {
		free(r->tables[i]);
		free(r->objects[i]);
		free(r->messages[i]);
	}
	free(r->kinds);
	free(r->tables);
	free(r->objects);
	free(r->messages);
	free(r->rows);
	free(r->entries);
	free(r);
}

static char *cpol_swig_strdup(const char *s)
{
	char *p;
	if (!s)
		return NULL;
	p = malloc(strlen(s) + 1);
	if (p)
		strcpy(p, s);
	return p;
}

static int cpol_audit_report_add(const cpol_audit_finding *f, void *payload)
{
	cpol_audit_report *r = payload;
	int n = r->count + 1;
	int *k = realloc(r->kinds, sizeof(int) * n);
	char **t, **o, **m;
	long long *rw, *en;
	if (k) r->kinds = k;
	t = realloc(r->tables, sizeof(char *) * n); if (t) r->tables = t;
	o = realloc(r->objects, sizeof(char *) * n); if (o) r->objects = o;
	m = realloc(r->messages, sizeof(char *) * n); if (m) r->messages = m;
	rw = realloc(r->rows, sizeof(long long) * n); if (rw) r->rows = rw;
	en = realloc(r->entries, sizeof(long long) * n); if (en) r->entries = en;
	if (!k || !t || !o || !m || !rw || !en)
		return 1;
	r->kinds[r->count] = f->kind;
	r->tables[r->count] = cpol_swig_strdup(f->table_name);
	r->objects[r->count] = cpol_swig_strdup(f->object);
	r->messages[r->count] = cpol_swig_strdup(f->message);
	r->rows[r->count] = f->row_id;
	r->entries[r->count] = f->entry_id;
	r->count++;
	return 0;
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
	              int create = 1, int busy_timeout_ms = 30000, const char *key_file = NULL,
	              unsigned int file_mode = 0600) {
		cpol_db_options o;
		cpol_database *d;
		cpol_db_options_init(&o, CPOL_DB_OPTIONS_VERSION);
		o.user = user;
		o.busy_timeout_ms = busy_timeout_ms;
		o.key_file = key_file;
		o.file_mode = file_mode;
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
		rc = cpol_db_schema_current(&v, db);
		return rc < 0 ? rc : v;
	}
	cpol_status set_user(const char *user) { CPOL_DB_OR_FAIL($self); return cpol_db_set_user(db, user); }
	const char *user() { return $self->db ? cpol_db_user($self->db) : NULL; }
	const char *path() { return $self->db ? cpol_db_path($self->db) : NULL; }
}

/* ------------------------------------------------------------ audit trail */

%rename(AuditEntry) cpol_audit_entry;
CPOL_HEADER_BEGIN
%include "commpolice/audit.h"
CPOL_HEADER_END

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


%rename(AuditReport) cpol_audit_report;
typedef struct cpol_audit_report {} cpol_audit_report;
%extend cpol_audit_report {
	~cpol_audit_report() { cpol_audit_report_free($self); }
	/* How many findings. */
	int count() { return $self->count; }
	const char *kind(int i) { return i >= 0 && i < $self->count ? cpol_audit_finding_kind_name($self->kinds[i]) : NULL; }
	const char *table(int i) { return i >= 0 && i < $self->count ? $self->tables[i] : NULL; }
	const char *object(int i) { return i >= 0 && i < $self->count ? $self->objects[i] : NULL; }
	const char *message(int i) { return i >= 0 && i < $self->count ? $self->messages[i] : NULL; }
	long long row(int i) { return i >= 0 && i < $self->count ? $self->rows[i] : 0; }
	long long entry(int i) { return i >= 0 && i < $self->count ? $self->entries[i] : 0; }
	long long entries_checked() { return $self->summary.entries; }
	long long entries_keyed() { return $self->summary.entries_keyed; }
	long long rows_checked() { return $self->summary.rows; }
	long long head_id() { return $self->summary.head_id; }
	const char *head_hash() { return $self->summary.head_hash; }
}

%newobject cpol_database::audit_verify;
CPOL_RAISING_NULL(cpol_database::audit_verify)
%extend cpol_database {
	/* Check the database (cpol_audit_trail_verify()); the findings and summary. */
	cpol_audit_report *audit_verify() {
		cpol_audit_report *r;
		cpol_db *db = cpol_swig_db($self);
		if (!db)
			return NULL;
		if (!(r = calloc(1, sizeof(*r)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		cpol_audit_summary_init(&r->summary, CPOL_AUDIT_SUMMARY_VERSION);
		if (cpol_audit_trail_verify(&r->summary, db, cpol_audit_report_add, r) < 0) {
			cpol_audit_report_free(r);
			return NULL;
		}
		return r;
	}
	/* Put the audit triggers back, recording it (cpol_audit_repair()); how many were repaired. */
	cpol_status audit_repair() {
		int n = 0, rc;
		CPOL_DB_OR_FAIL($self);
		rc = cpol_audit_repair(&n, db);
		return rc < 0 ? rc : n;
	}
	/* Why writes are refused (changed triggers), or None/nil. */
	const char *audit_tampered() { return $self->db ? cpol_audit_tampered($self->db) : NULL; }
	/* The audit key's id, or None/nil without a key. */
	const char *audit_key_id() { return $self->db ? cpol_audit_key_id($self->db) : NULL; }
	/* Copy the database to a new file while others write (cpol_db_backup()). */
	cpol_status backup(const char *dest_path) { CPOL_DB_OR_FAIL($self); return cpol_db_backup(db, dest_path); }
}

#ifdef SWIGLUA
%luacode {
  -- The findings of db:audit_verify() as a list of tables {kind, table, row, entry, object, message}.
  function commpolice.audit_findings(db)
    local r = db:audit_verify()
    local out = {}
    for i = 0, r:count() - 1 do
      out[#out + 1] = { kind = r:kind(i), table = r:table(i), row = r:row(i), entry = r:entry(i),
                        object = r:object(i), message = r:message(i) }
    end
    return out, r
  end
}
#endif

#ifdef SWIGLUA
/* The module is built with -nomoduleglobal: require returns it and sets no
 * global. The Lua idioms below (every %luacode block, run as one chunk
 * after the module is made) find it in the global 'commpolice', set here
 * for that chunk only; its first lines take it into a local and clear the
 * global again, with SWIG's own globals swig_type and swig_equals. */
%init %{
	lua_pushvalue(L, -1);
	lua_setglobal(L, "commpolice");
%}

%luacode {
  local commpolice = commpolice
  commpolice.swig_type, commpolice.swig_equals = swig_type, swig_equals
  _G.commpolice, _G.swig_type, _G.swig_equals = nil, nil, nil

  -- Where C takes an option struct (cpol_db_options, cpol_duty_generate_options,
  -- cpol_assess_options), Lua takes a table of named options in the place of
  -- the positional arguments after the fixed ones:
  --   cp.Database("office.db", {user = "012345", readonly = true})
  --   problem:generate({seed = 7, restarts = 2}); cp.duty_generate(problem, {seed = 7})
  --   assessor:score("2024-Q2", {subject = "office", rank_level = "station"})
  -- Positional arguments still work. A name the C struct does not have is
  -- an error naming it; booleans stand for the 0/1 flags. The defaults are
  -- those of the signatures of the wrapped functions (the .i files), given here
  -- because a SWIG function takes fewer arguments but not a nil in between.
  -- A local of the one chunk all %luacode blocks make: assess.i uses it too.
  local function cpol_named_options(what, fixed, fields)
    local known = {}
    for _, f in ipairs(fields) do known[f[1]] = true end
    return function(call, ...)
      local n = select("#", ...)
      local opts = select(fixed + 1, ...)
      if n ~= fixed + 1 or type(opts) ~= "table" or getmetatable(opts) ~= nil then
        return call(...)
      end
      for k in pairs(opts) do
        if not known[k] then
          error(string.format("%s: no option %q", what, tostring(k)), 3)
        end
      end
      local args = table.pack(...)
      for i, f in ipairs(fields) do
        local v = opts[f[1]]
        if v == nil then v = f[2] end
        if type(v) == "boolean" then v = v and 1 or 0 end
        args[fixed + i] = v
      end
      return call(table.unpack(args, 1, fixed + #fields))
    end
  end

  do  -- commpolice.Database(path, {user, readonly, create, busy_timeout_ms, key_file, file_mode})
    local mt = getmetatable(commpolice.Database)
    local new = mt.__call
    local with = cpol_named_options("commpolice.Database", 1, {
      { "user" }, { "readonly", 0 }, { "create", 1 }, { "busy_timeout_ms", 30000 },
      { "key_file" }, { "file_mode", 384 } })  -- 384 = 0600
    mt.__call = function(cls, ...)
      return with(function(...) return new(cls, ...) end, ...)
    end
  end

  do  -- problem:generate({seed, method, restarts, pinned}), cp.duty_generate(problem, {...})
    local fn = getmetatable(commpolice.DutyProblem)[".instance"][".fn"]
    local generate = fn.generate
    local with = cpol_named_options("DutyProblem:generate", 1, {
      { "seed", 1 }, { "method", 0 }, { "restarts", 0 }, { "pinned" } })
    fn.generate = function(...) return with(generate, ...) end
  end

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
%include "record.i"
%include "work_list.i"
%include "work_patrol.i"
%include "assess.i"
%include "export.i"


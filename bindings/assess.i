/*
 * libcommpolice — SWIG part of the assess module, %include'd by
 * bindings/commpolice.i after rules.i (an Assessor holds a reference to the
 * Rules it scores by, so they live as long as it does) and units.i (whose
 * CPOL_RAISING_ID and date helpers it uses).
 *
 * Periods are text ("2024-Q2"), subject kinds "officer" / "office", scope
 * and ranking levels "region" / "station" / "office". The Python package
 * (commpolice/assess.py) reads results through the assessment's JSON; Lua
 * (the %luacode below) through the read-only record structs, which it
 * copies into tables at once (they live as long as their assessment).
 * Metric callbacks are Python callables or Lua functions.
 */

%insert("runtime") %{
#include "commpolice.h"
#include <stdlib.h>
#include <string.h>

/* A metric callback of the scripting language, kept by the assessor holder. */
typedef struct cpol_assess_script_cb {
#ifdef SWIGPYTHON
	PyObject *fn;
#else
	lua_State *L;
	int ref;
#endif
	char *note;  /* the last note, alive until the next call (the library copies it) */
	struct cpol_assess_script_cb *next;
} cpol_assess_script_cb;

struct cpol_rules_h; /* bindings/rules.i */

typedef struct cpol_assessor_h {
	cpol_assessor *a;
	struct cpol_rules_h *rh;      /* a reference, released with the assessor */
	/* The Database holder's handle field (the scripting layers keep the
	 * Database alive): NULL once it is closed, checked on every call. */
	cpol_db **dbp;
	cpol_assess_script_cb *cbs;
} cpol_assessor_h;

typedef struct cpol_assessment_h {
	cpol_assessment *as;
} cpol_assessment_h;

typedef struct cpol_assess_diff_h {
	cpol_assess_diff *d;
} cpol_assess_diff_h;

typedef struct cpol_survey_cursor {
	cpol_survey_iter *it;
} cpol_survey_cursor;

static int cpol_assess_swig_kind(cpol_subject_kind *out, const char *name)
{
	if (!name || !strcmp(name, "officer"))
		*out = CPOL_SUBJECT_OFFICER;
	else if (!strcmp(name, "office"))
		*out = CPOL_SUBJECT_OFFICE;
	else
		return cpol_error_set(CPOL_EINVAL, "subject is \"officer\" or \"office\"");
	return 0;
}

static const char *cpol_assess_swig_kind_name(cpol_subject_kind k)
{
	return k == CPOL_SUBJECT_OFFICE ? "office" : "officer";
}

static int cpol_assess_swig_level(cpol_org_level *out, const char *name)
{
	if (!name || !*name)
		*out = 0;
	else if (!strcmp(name, "region"))
		*out = CPOL_ORG_REGION;
	else if (!strcmp(name, "station"))
		*out = CPOL_ORG_STATION;
	else if (!strcmp(name, "office"))
		*out = CPOL_ORG_OFFICE;
	else
		return cpol_error_set(CPOL_EINVAL, "a level is \"region\", \"station\" or \"office\"");
	return 0;
}

/* A metric unit by its word (cpol_metric_unit_parse()); none given: number. */
static int cpol_assess_swig_unit(cpol_metric_unit *out, const char *name)
{
	if (!name) {
		*out = CPOL_METRIC_NUMBER;
		return 0;
	}
	return cpol_metric_unit_parse(out, name);
}

static int cpol_assess_swig_options(cpol_assess_options *o, const char *subject,
                                    const char *scope_level, long long scope_id,
                                    const char *rank_level, int with_records)
{
	int rc;
	cpol_assess_options_init(o, CPOL_ASSESS_OPTIONS_VERSION);
	if ((rc = cpol_assess_swig_kind(&o->subject_kind, subject)) < 0 ||
	    (rc = cpol_assess_swig_level(&o->scope_level, scope_level)) < 0 ||
	    (rc = cpol_assess_swig_level(&o->rank_level, rank_level)) < 0)
		return rc;
	o->scope_id = scope_id;
	o->with_records = with_records;
	return 0;
}

static cpol_assessor *cpol_assess_swig_assessor(cpol_assessor_h *h)
{
	if (!*h->dbp) {
		cpol_error_set(CPOL_EMISUSE, "the assessor's database is closed");
		return NULL;
	}
	return h->a;
}

static void cpol_assess_swig_answer_note(cpol_assess_script_cb *cb, cpol_metric_answer *out,
                                         const char *note)
{
	free(cb->note);
	cb->note = note ? strdup(note) : NULL;
	out->note = cb->note;
}

#ifdef SWIGPYTHON
/*
 * The callable gets (name, subject, subject_id, office_id, period) and
 * answers None (no value), a number, or (value, numerator, denominator
 * [, note]). An exception becomes CPOL_EUSER with its text.
 */
static int cpol_assess_py_cb(cpol_metric_answer *out, const cpol_metric_request *req, void *payload)
{
	cpol_assess_script_cb *cb = payload;
	PyGILState_STATE g = PyGILState_Ensure();
	PyObject *res;
	int rc = 0;

	res = PyObject_CallFunction(cb->fn, "ssLLs", req->name,
	                            cpol_assess_swig_kind_name(req->subject_kind),
	                            (long long)req->subject_id, (long long)req->office_id,
	                            req->period_text);
	if (!res) {
		PyObject *text = NULL;
		const char *msg = NULL;
		cpol_py_keep_callback_cause();
		if (cpol_py_callback_cause)
			text = PyObject_Str(cpol_py_callback_cause);
		if (text)
			msg = PyUnicode_AsUTF8(text);
		PyErr_Clear();
		rc = cpol_error_set(CPOL_EUSER, msg ? msg : "the metric callback raised");
		Py_XDECREF(text);
	} else if (res == Py_None) {
		/* no value */
	} else if (PyTuple_Check(res) && PyTuple_Size(res) >= 1) {
		Py_ssize_t n = PyTuple_Size(res);
		out->value = PyFloat_AsDouble(PyTuple_GetItem(res, 0));
		if (n > 1)
			out->numerator = PyFloat_AsDouble(PyTuple_GetItem(res, 1));
		if (n > 2)
			out->denominator = PyFloat_AsDouble(PyTuple_GetItem(res, 2));
		if (n > 3 && PyTuple_GetItem(res, 3) != Py_None)
			cpol_assess_swig_answer_note(cb, out, PyUnicode_AsUTF8(PyTuple_GetItem(res, 3)));
		out->has_value = 1;
	} else {
		out->value = PyFloat_AsDouble(res);
		out->has_value = 1;
	}
	if (rc == 0 && PyErr_Occurred()) {
		cpol_py_keep_callback_cause();
		rc = cpol_error_set(CPOL_EUSER, "the metric callback did not answer None, a number or "
		                                "(value, numerator, denominator[, note])");
	}
	Py_XDECREF(res);
	PyGILState_Release(g);
	return rc;
}

static void cpol_assess_script_cb_free(cpol_assess_script_cb *cb)
{
	PyGILState_STATE g = PyGILState_Ensure();
	Py_XDECREF(cb->fn);
	PyGILState_Release(g);
	free(cb->note);
	free(cb);
}
#endif

#ifdef SWIGLUA
typedef struct cpol_lua_fn {
	lua_State *L;
	int ref;
} cpol_lua_fn;

/*
 * The function gets (name, subject, subject_id, office_id, period) and
 * returns nil (no value), a number, or value, numerator, denominator, note.
 * An error becomes CPOL_EUSER with its text.
 */
static int cpol_assess_lua_cb(cpol_metric_answer *out, const cpol_metric_request *req, void *payload)
{
	cpol_assess_script_cb *cb = payload;
	lua_State *L = cb->L;
	int top = lua_gettop(L), rc = 0;

	lua_rawgeti(L, LUA_REGISTRYINDEX, cb->ref);
	lua_pushstring(L, req->name);
	lua_pushstring(L, cpol_assess_swig_kind_name(req->subject_kind));
	lua_pushinteger(L, (lua_Integer)req->subject_id);
	lua_pushinteger(L, (lua_Integer)req->office_id);
	lua_pushstring(L, req->period_text);
	if (lua_pcall(L, 5, 4, 0) != LUA_OK) {
		const char *msg = NULL;
		/* The callback's own error value becomes the raised error's
		 * "cause" (cpol_lua_push_error). */
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, CPOL_LUA_CAUSE_KEY);
		if (lua_istable(L, -1)) {
			lua_getfield(L, -1, "message");
			msg = lua_tostring(L, -1);
		} else {
			msg = lua_tostring(L, -1);
		}
		rc = cpol_error_set(CPOL_EUSER, msg ? msg : "the metric callback raised an error");
	} else if (!lua_isnil(L, -4)) {
		if (!lua_isnumber(L, -4)) {
			rc = cpol_error_set(CPOL_EUSER, "the metric callback did not return nil or a number");
		} else {
			out->value = lua_tonumber(L, -4);
			out->has_value = 1;
			if (lua_isnumber(L, -3))
				out->numerator = lua_tonumber(L, -3);
			if (lua_isnumber(L, -2))
				out->denominator = lua_tonumber(L, -2);
			if (lua_isstring(L, -1))
				cpol_assess_swig_answer_note(cb, out, lua_tostring(L, -1));
		}
	}
	lua_settop(L, top);
	return rc;
}

static void cpol_assess_script_cb_free(cpol_assess_script_cb *cb)
{
	luaL_unref(cb->L, LUA_REGISTRYINDEX, cb->ref);
	free(cb->note);
	free(cb);
}
#endif
%}

#ifdef SWIGLUA
%typemap(in, checkfn="lua_isfunction") cpol_lua_fn
%{	lua_pushvalue(L, $input);
	$1.ref = luaL_ref(L, LUA_REGISTRYINDEX);
	$1.L = L; %}
%typemap(typecheck) cpol_lua_fn "$1 = lua_isfunction(L, $input);"
typedef struct cpol_lua_fn cpol_lua_fn;
#endif

/* ------------------------------------------------------------ records */

/*
 * The records are commpolice/assess.h's structs (commpolice.i, "the
 * headers"), each member a read-only property. Their arrays are read by
 * index through the methods below; an array's count is a method of the
 * same name as its field (n_x in C, renamed: SWIG keeps an ignored field's
 * name taken), and a rule's origin is read by rule_key(), rule_file()...
 */
%ignore cpol_assess_line::rule;
%ignore cpol_assess_line::records;
%ignore cpol_assess_line::record_count;
%rename(record_count) cpol_assess_line::n_records;
%ignore cpol_assess_sanction::rule;
%ignore cpol_assess_sanction::actions;
%ignore cpol_assess_sanction::action_count;
%rename(action_count) cpol_assess_sanction::n_actions;
%ignore cpol_assess_result::lines;
%ignore cpol_assess_result::line_count;
%ignore cpol_assess_result::sanctions;
%ignore cpol_assess_result::sanction_count;
%rename(line_count) cpol_assess_result::n_lines;
%rename(sanction_count) cpol_assess_result::n_sanctions;

%rename(AssessLine) cpol_assess_line;
/* kind_word in C, kind_name to the languages: SWIG names an %extend method
 * <struct>_<method>, and cpol_assess_line_kind_name() is the library's. */
%rename(kind_name) cpol_assess_line::kind_word;
%extend cpol_assess_line {
	const char *kind_word() { return cpol_assess_line_kind_name($self->kind); }
	const char *rule_key() { return $self->rule.key; }
	const char *rule_file() { return $self->rule.file; }
	int rule_line() { return $self->rule.line; }
	const char *rule_region() { return $self->rule.region; }
	int n_records() { return (int)$self->record_count; }
	long long record(int i) { return i >= 0 && (size_t)i < $self->record_count ? $self->records[i] : 0; }
}

%rename(AssessSanction) cpol_assess_sanction;
%extend cpol_assess_sanction {
	const char *action_name() { return $self->action ? cpol_sanction_action_name($self->action) : NULL; }
	/* Every action of the sanction (通报批评 and 诫勉谈话): count, and by index. */
	int n_actions() { return (int)$self->action_count; }
	const char *action_name_at(int i) {
		return i >= 0 && (size_t)i < $self->action_count ? cpol_sanction_action_name($self->actions[i]) : NULL;
	}
	const char *rule_key() { return $self->rule.key; }
	const char *rule_file() { return $self->rule.file; }
	int rule_line() { return $self->rule.line; }
}

%rename(AssessResult) cpol_assess_result;
%extend cpol_assess_result {
	int n_lines() { return (int)$self->line_count; }
	const cpol_assess_line *line(int i) {
		return i >= 0 && (size_t)i < $self->line_count ? &$self->lines[i] : NULL;
	}
	int n_sanctions() { return (int)$self->sanction_count; }
	const cpol_assess_sanction *sanction(int i) {
		return i >= 0 && (size_t)i < $self->sanction_count ? &$self->sanctions[i] : NULL;
	}
}

%rename(AssessChange) cpol_assess_change;

%rename(Survey) cpol_survey;
CPOL_HEADER_BEGIN
%include "commpolice/assess.h"
CPOL_HEADER_END
/* As for cpol_assess_line: cpol_survey_kind_name() is the library's. */
%rename(kind_name) cpol_survey::kind_word;
%extend cpol_survey {
	const char *kind_word() { return cpol_survey_kind_name($self->kind); }
}

/* ------------------------------------------------------------ assessment */

%rename(Assessment) cpol_assessment_h;
typedef struct cpol_assessment_h {} cpol_assessment_h;
%newobject cpol_assessment_h::explain;
%newobject cpol_assessment_h::json;
%newobject cpol_assessment_h::trace;
CPOL_RAISING_NULL(cpol_assessment_h::explain)
CPOL_RAISING_NULL(cpol_assessment_h::json)
CPOL_RAISING_NULL(cpol_assessment_h::trace)
%extend cpol_assessment_h {
	~cpol_assessment_h() {
		cpol_assessment_free($self->as);
		free($self);
	}
	int count() { return (int)cpol_assessment_count($self->as); }
	/* The result at an index (valid while the assessment lives), or None/nil. */
	const cpol_assess_result *result(int i) {
		return i >= 0 ? cpol_assessment_result($self->as, (size_t)i) : NULL;
	}
	/* The index of a subject's result, or -1. */
	int index_of(long long subject_id) {
		size_t i;
		for (i = 0; i < cpol_assessment_count($self->as); i++)
			if (cpol_assessment_result($self->as, i)->subject_id == subject_id)
				return (int)i;
		return -1;
	}
	const char *period() {
		static char buf[CPOL_PERIOD_BUFSZ];
		return cpol_period_format(buf, cpol_assessment_period($self->as));
	}
	const char *subject() { return cpol_assess_swig_kind_name(cpol_assessment_subject_kind($self->as)); }
	const char *rules_hash() { return cpol_assessment_rules_hash($self->as); }
	const char *region() { return cpol_assessment_region($self->as); }
	long long run_id() { return cpol_assessment_run_id($self->as); }
	char *explain(long long subject_id) {
		char *text = NULL;
		return cpol_assessment_explain(&text, $self->as, subject_id) < 0 ? NULL : text;
	}
	char *json() {
		char *text = NULL;
		return cpol_assessment_json(&text, $self->as) < 0 ? NULL : text;
	}
	/* The versioned trace of one result (commpolice.trace/1, docs/assess.md). */
	char *trace(long long subject_id) {
		char *text = NULL;
		return cpol_assessment_trace(&text, $self->as, subject_id) < 0 ? NULL : text;
	}
	/* Save as a run; its id. */
	cpol_idres save(cpol_database *database) {
		cpol_id run = 0;
		int rc;
		CPOL_DB_OR_FAIL(database);
		rc = cpol_assessment_save(&run, db, $self->as);
		return rc < 0 ? rc : run;
	}
}

%rename(AssessDiff) cpol_assess_diff_h;
typedef struct cpol_assess_diff_h {} cpol_assess_diff_h;
%newobject cpol_assess_diff_h::text;
CPOL_RAISING_NULL(cpol_assess_diff_h::text)
%extend cpol_assess_diff_h {
	~cpol_assess_diff_h() {
		cpol_assess_diff_free($self->d);
		free($self);
	}
	int count() { return (int)cpol_assess_diff_count($self->d); }
	const cpol_assess_change *get(int i) { return i >= 0 ? cpol_assess_diff_get($self->d, (size_t)i) : NULL; }
	char *text() {
		char *t = NULL;
		return cpol_assess_diff_text(&t, $self->d) < 0 ? NULL : t;
	}
}

%rename(SurveyCursor) cpol_survey_cursor;
CPOL_RAISING_NULL(cpol_survey_cursor::next)
typedef struct cpol_survey_cursor {} cpol_survey_cursor;
%extend cpol_survey_cursor {
	~cpol_survey_cursor() {
		cpol_survey_iter_free($self->it);
		free($self);
	}
	/* The next survey (valid until the next call), or None/nil at the end. */
	const cpol_survey *next() {
		const cpol_survey *s = NULL;
		int rc = cpol_survey_iter_next(&s, $self->it);
		if (rc == CPOL_ITEROVER)
			cpol_error_clear();
		return rc == 0 ? s : NULL;
	}
}

%newobject assess_compare;
CPOL_RAISING_NULL(assess_compare)
CPOL_RAISING_DATE(assess_period_start)
CPOL_RAISING_DATE(assess_period_end)
CPOL_RAISING_NULL(assess_period_previous)
%inline %{
/* What changes (ranks, grades, sanctions) between two assessments. */
cpol_assess_diff_h *assess_compare(cpol_assessment_h *before, cpol_assessment_h *after)
{
	cpol_assess_diff_h *h = calloc(1, sizeof(*h));
	if (!h) {
		cpol_error_set(CPOL_ENOMEM, NULL);
		return NULL;
	}
	if (cpol_assess_compare(&h->d, before->as, after->as) < 0) {
		free(h);
		return NULL;
	}
	return h;
}

/* The built-in metrics, by index: name, title, unit, source, module, description. */
int assess_builtin_count(void) { return (int)cpol_metric_builtin_count(); }
const char *assess_builtin_field(int i, const char *field)
{
	const cpol_metric_def *d = i >= 0 ? cpol_metric_builtin((size_t)i) : NULL;
	if (!d || !field)
		return NULL;
	if (!strcmp(field, "name")) return d->name;
	if (!strcmp(field, "title")) return d->title;
	if (!strcmp(field, "unit")) return cpol_metric_unit_name(d->unit);
	if (!strcmp(field, "source")) return cpol_metric_source_name(d->source);
	if (!strcmp(field, "module")) return d->module;
	if (!strcmp(field, "description")) return d->description;
	return NULL;
}

/* A period's first and last day, "YYYY-MM-DD"; NULL for a bad period (the error is set). */
cpol_date assess_period_start(const char *period)
{
	cpol_period p;
	return cpol_period_parse(&p, period) < 0 ? CPOL_DATE_NONE : p.start;
}
cpol_date assess_period_end(const char *period)
{
	cpol_period p;
	return cpol_period_parse(&p, period) < 0 ? CPOL_DATE_NONE : p.end;
}
const char *assess_period_previous(const char *period)
{
	static char buf[CPOL_PERIOD_BUFSZ];
	cpol_period p, q;
	if (cpol_period_parse(&p, period) < 0 || cpol_period_previous(&q, &p) < 0)
		return NULL;
	return cpol_period_format(buf, &q);
}
%}

/* ------------------------------------------------------------ assessor */

%rename(Assessor) cpol_assessor_h;
CPOL_RAISING_CONSTRUCTOR(cpol_assessor_h::cpol_assessor_h)
%newobject cpol_assessor_h::score;
CPOL_RAISING_NULL(cpol_assessor_h::score)
CPOL_RAISING_NULL(cpol_assessor_h::metric)
%newobject cpol_assessor_h::metric;
%feature("kwargs") cpol_assessor_h::score;
%feature("kwargs") cpol_assessor_h::metric;
typedef struct cpol_assessor_h {} cpol_assessor_h;
%extend cpol_assessor_h {
	/* An assessor for a database and rules; both must outlive it (the
	 * Python and Lua layers keep references). */
	cpol_assessor_h(cpol_database *database, cpol_rules_h *rules) {
		cpol_assessor_h *h;
		if (!database || !database->db) {
			cpol_error_set(CPOL_EMISUSE, "the database is closed");
			return NULL;
		}
		if (!rules || !rules->rules) {
			cpol_error_set(CPOL_EINVAL, "rules are required (a Rules object)");
			return NULL;
		}
		if (!(h = calloc(1, sizeof(*h)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		h->dbp = &database->db;
		if (cpol_assessor_new(&h->a, database->db, rules->rules) < 0) {
			free(h);
			return NULL;
		}
		h->rh = cpol_swig_rules_ref(rules);
		return h;
	}
	~cpol_assessor_h() {
		cpol_assess_script_cb *cb = $self->cbs, *next;
		cpol_assessor_free($self->a);
		cpol_swig_rules_unref($self->rh);
		for (; cb; cb = next) {
			next = cb->next;
			cpol_assess_script_cb_free(cb);
		}
		free($self);
	}
#ifdef SWIGPYTHON
	/* Add a metric computed by fn(name, subject, subject_id, office_id, period). */
	cpol_status add_metric(const char *name, PyObject *fn, const char *unit = "number") {
		cpol_assess_script_cb *cb;
		cpol_metric_unit u = CPOL_METRIC_NUMBER;
		int rc;
		if ((rc = cpol_assess_swig_unit(&u, unit)) < 0)
			return rc;
		if (!PyCallable_Check(fn))
			return cpol_error_set(CPOL_EINVAL, "the metric function is not callable");
		if (!(cb = calloc(1, sizeof(*cb))))
			return cpol_error_set(CPOL_ENOMEM, NULL);
		if ((rc = cpol_assessor_add_metric($self->a, name, u, cpol_assess_py_cb, cb)) < 0) {
			free(cb);
			return rc;
		}
		Py_INCREF(fn);
		cb->fn = fn;
		cb->next = $self->cbs;
		$self->cbs = cb;
		return 0;
	}
#endif
#ifdef SWIGLUA
	/* Add a metric computed by fn(name, subject, subject_id, office_id, period). */
	cpol_status add_metric(const char *name, cpol_lua_fn fn, const char *unit = "number") {
		cpol_assess_script_cb *cb;
		cpol_metric_unit u = CPOL_METRIC_NUMBER;
		int rc;
		if ((rc = cpol_assess_swig_unit(&u, unit)) < 0 || !(cb = calloc(1, sizeof(*cb)))) {
			luaL_unref(fn.L, LUA_REGISTRYINDEX, fn.ref);
			return rc < 0 ? rc : cpol_error_set(CPOL_ENOMEM, NULL);
		}
		cb->L = fn.L;
		cb->ref = fn.ref;
		if ((rc = cpol_assessor_add_metric($self->a, name, u, cpol_assess_lua_cb, cb)) < 0) {
			cpol_assess_script_cb_free(cb);
			return rc;
		}
		cb->next = $self->cbs;
		$self->cbs = cb;
		return 0;
	}
#endif
	/* Score a period ("2024-Q2"). */
	cpol_assessment_h *score(const char *period, const char *subject = "officer",
	                         const char *scope_level = NULL, long long scope_id = 0,
	                         const char *rank_level = NULL, int with_records = 0) {
		cpol_assess_options o;
		cpol_assessment_h *h;
		cpol_period p;
		cpol_assessor *a = cpol_assess_swig_assessor($self);
		if (!a || cpol_period_parse(&p, period) < 0 ||
		    cpol_assess_swig_options(&o, subject, scope_level, scope_id, rank_level, with_records) < 0)
			return NULL;
		if (!(h = calloc(1, sizeof(*h)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_assess_score(&h->as, a, &p, &o) < 0) {
			free(h);
			return NULL;
		}
		return h;
	}
	/*
	 * One metric for one subject: a string "has_value\tvalue\tnumerator\t
	 * denominator\tsource\tunit\tnote\trecord_table\tids" that the Python and Lua
	 * layers split (one allocation, no struct lifetime to manage).
	 */
	char *metric(const char *name, long long subject_id, const char *period,
	             const char *subject = "officer") {
		cpol_metric_value *v = NULL;
		cpol_subject_kind k;
		cpol_period p;
		char *out = NULL;
		size_t len, i, n;
		cpol_assessor *a = cpol_assess_swig_assessor($self);
		if (!a || cpol_assess_swig_kind(&k, subject) < 0 || cpol_period_parse(&p, period) < 0 ||
		    cpol_metric_value_get(&v, a, name, k, subject_id, &p) < 0)
			return NULL;
		/* A tab in a stored note would split the fields: make it a space (the
		 * value is ours, one malloc'd block freed below). */
		if (v->note) {
			char *q;
			for (q = (char *)v->note; *q; q++)
				if (*q == '\t')
					*q = ' ';
		}
		len = 256 + (v->note ? strlen(v->note) : 0) + 24 * v->record_count;
		if ((out = malloc(len))) {
			n = (size_t)snprintf(out, len, "%d\t%.17g\t%.17g\t%.17g\t%s\t%s\t%s\t%s\t", v->has_value,
			                     v->value, v->numerator, v->denominator,
			                     cpol_metric_source_name(v->source), cpol_metric_unit_name(v->unit), v->note ? v->note : "",
			                     v->record_table ? v->record_table : "");
			for (i = 0; i < v->record_count && n < len; i++)
				n += (size_t)snprintf(out + n, len - n, i ? ",%lld" : "%lld", (long long)v->records[i]);
		} else {
			cpol_error_set(CPOL_ENOMEM, NULL);
		}
		cpol_metric_value_free(v);
		return out;
	}
}

/* ------------------------------------------------------------ database */

CPOL_RAISING_ID(cpol_database::metric_store)
CPOL_RAISING_ID(cpol_database::survey_add)
CPOL_RAISING_ID(cpol_database::assessment_latest)
%feature("kwargs") cpol_database::metric_store;
%feature("kwargs") cpol_database::survey_add;
%feature("kwargs") cpol_database::surveys;
%feature("kwargs") cpol_database::assessment_latest;
%newobject cpol_database::assessment_load;
%newobject cpol_database::surveys;
CPOL_RAISING_NULL(cpol_database::assessment_load)
CPOL_RAISING_NULL(cpol_database::surveys)
%extend cpol_database {
	/* Store a metric value for a subject and period (supersedes an earlier one). */
	cpol_idres metric_store(const char *name, long long subject_id, const char *period, double value,
	                        const char *subject = "officer", double numerator = 0,
	                        double denominator = 0, const char *note = NULL,
	                        const char *source = NULL) {
		cpol_metric_entry e = CPOL_METRIC_ENTRY_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_assess_swig_kind(&e.subject_kind, subject)) < 0 ||
		    (rc = cpol_period_parse(&e.period, period)) < 0)
			return rc;
		e.name = name;
		e.subject_id = subject_id;
		e.value = value;
		e.numerator = numerator;
		e.denominator = denominator;
		e.note = note;
		e.source = source;
		rc = cpol_metric_store(&id, db, &e);
		return rc < 0 ? rc : id;
	}
	/* kind: "satisfaction", "familiarity" or "visibility". */
	cpol_idres survey_add(long long office_id, const char *kind, const char *conducted_on,
	                      long long sample_size, long long positive, const char *note = NULL) {
		cpol_survey_new s = CPOL_SURVEY_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_survey_kind_parse(&s.kind, kind)) < 0)
			return rc;
		if ((rc = cpol_work_swig_date(&s.conducted_on, conducted_on, "conducted_on is required")) < 0)
			return rc;
		s.office_id = office_id;
		s.sample_size = sample_size;
		s.positive = positive;
		s.note = note;
		rc = cpol_survey_add(&id, db, &s);
		return rc < 0 ? rc : id;
	}
	cpol_status survey_archive(long long survey_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_survey_archive(db, survey_id);
	}
	/* The live surveys of an office (0: all) in a period (NULL: all time). */
	cpol_survey_cursor *surveys(long long office_id = 0, const char *period = NULL) {
		cpol_survey_cursor *c;
		cpol_period p;
		cpol_db *db = cpol_swig_db($self);
		if (!db || (period && cpol_period_parse(&p, period) < 0))
			return NULL;
		if (!(c = calloc(1, sizeof(*c)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_survey_iter_new(&c->it, db, office_id, period ? &p : NULL) < 0) {
			free(c);
			return NULL;
		}
		return c;
	}
	/* A saved run. */
	cpol_assessment_h *assessment_load(long long run_id) {
		cpol_assessment_h *h;
		cpol_db *db = cpol_swig_db($self);
		if (!db)
			return NULL;
		if (!(h = calloc(1, sizeof(*h)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_assessment_load(&h->as, db, run_id) < 0) {
			free(h);
			return NULL;
		}
		return h;
	}
	/* The id of the latest saved run of a period for a subject kind and scope. */
	cpol_idres assessment_latest(const char *period, const char *subject = "officer",
	                             const char *scope_level = NULL, long long scope_id = 0) {
		cpol_assess_options o;
		cpol_period p;
		cpol_id run = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_period_parse(&p, period)) < 0 ||
		    (rc = cpol_assess_swig_options(&o, subject, scope_level, scope_id, NULL, 0)) < 0 ||
		    (rc = cpol_assessment_latest(&run, db, &p, &o)) < 0)
			return rc;
		return run;
	}
}

%newobject assess_what_if;
CPOL_RAISING_NULL(assess_what_if)
%feature("kwargs") assess_what_if;
%{
/* Score a period under two rule sets and list what changes (ranks, grades, sanctions). */
cpol_assess_diff_h *assess_what_if(cpol_database *database, cpol_rules_h *before,
                                   cpol_rules_h *after, const char *period,
                                   const char *subject, const char *scope_level,
                                   long long scope_id, const char *rank_level)
{
	cpol_assess_options o;
	cpol_assess_diff_h *h;
	cpol_period p;
	cpol_db *db = cpol_swig_db(database);
	if (!db)
		return NULL;
	if (!before || !after || !before->rules || !after->rules) {
		cpol_error_set(CPOL_EINVAL, "two Rules objects are required");
		return NULL;
	}
	if (cpol_period_parse(&p, period) < 0 ||
	    cpol_assess_swig_options(&o, subject, scope_level, scope_id, rank_level, 0) < 0)
		return NULL;
	if (!(h = calloc(1, sizeof(*h)))) {
		cpol_error_set(CPOL_ENOMEM, NULL);
		return NULL;
	}
	if (cpol_assess_what_if(&h->d, db, before->rules, after->rules, &p, &o) < 0) {
		free(h);
		return NULL;
	}
	return h;
}
%}
cpol_assess_diff_h *assess_what_if(cpol_database *database, cpol_rules_h *before,
                                   cpol_rules_h *after, const char *period,
                                   const char *subject = "officer", const char *scope_level = NULL,
                                   long long scope_id = 0, const char *rank_level = NULL);

#ifdef SWIGLUA
%luacode {
  -- An Assessor borrows its Database: keep the Database alive as long as
  -- the Assessor (a weak-keyed table is an ephemeron in Lua 5.4).
  do
    local new_assessor = commpolice.Assessor
    local keep = setmetatable({}, { __mode = "k" })
    -- a:score(period, {subject, scope_level, scope_id, rank_level, with_records})
    -- (cpol_assess_options; cpol_named_options is in commpolice.i).
    local fn = getmetatable(new_assessor)[".instance"][".fn"]
    local score = fn.score
    local with = cpol_named_options("Assessor:score", 2, {
      { "subject", "officer" }, { "scope_level" }, { "scope_id", 0 }, { "rank_level" },
      { "with_records", 0 } })
    fn.score = function(...) return with(score, ...) end
    commpolice.Assessor = function(db, rules)
      local a = new_assessor(db, rules)
      keep[a] = db
      return a
    end
  end
  -- Assessment results as plain tables (copied at once: the records live
  -- only as long as their assessment).
  local function line_table(l)
    local t = {
      kind = l:kind_name(), id = l.id, name = l.name, metric = l.metric,
      has_value = l.has_value == 1, value = l.value, numerator = l.numerator,
      denominator = l.denominator, weight = l.weight, target = l.target,
      shortfall = l.shortfall, deduction = l.deduction, points = l.points,
      capped = l.capped == 1, applied = l.applied == 1, arithmetic = l.arithmetic,
      note = l.note, record_table = l.record_table, records = {},
      rule = { key = l:rule_key(), file = l:rule_file(), line = l:rule_line(), region = l:rule_region() },
    }
    for i = 0, l:record_count() - 1 do t.records[#t.records + 1] = l:record(i) end
    return t
  end
  function commpolice.assess_result_table(r)
    local t = {
      subject_id = r.subject_id, name = r.subject_name, badge = r.badge,
      office_id = r.office_id, office_name = r.office_name, office_class = r.office_class,
      station_id = r.station_id, region_id = r.region_id, group_id = r.group_id,
      base = r.base, coefficient = r.coefficient, bonus = r.bonus, total = r.total,
      grade = r.grade, grade_name = r.grade_name, veto = r.veto, rank = r.rank,
      ranked = r.ranked, last_place = r.last_place == 1,
      last_place_streak = r.last_place_streak, incomplete = r.incomplete == 1,
      lines = {}, sanctions = {},
    }
    for i = 0, r:line_count() - 1 do t.lines[#t.lines + 1] = line_table(r:line(i)) end
    for i = 0, r:sanction_count() - 1 do
      local s = r:sanction(i)
      t.sanctions[#t.sanctions + 1] = {
        id = s.id, name = s.name, action = s:action_name(), reason = s.reason,
        rule = { key = s:rule_key(), file = s:rule_file(), line = s:rule_line() },
        actions = {},
      }
      local st = t.sanctions[#t.sanctions]
      for k = 0, s:action_count() - 1 do st.actions[#st.actions + 1] = s:action_name_at(k) end
    end
    return t
  end
  -- All results of an assessment, in order (group, rank, subject id).
  function commpolice.assess_results(as)
    local out = {}
    for i = 0, as:count() - 1 do out[#out + 1] = commpolice.assess_result_table(as:result(i)) end
    return out
  end
  -- The result of one subject, or nil.
  function commpolice.assess_result(as, subject_id)
    local i = as:index_of(subject_id)
    if i < 0 then return nil end
    return commpolice.assess_result_table(as:result(i))
  end
  -- The changes of a diff as tables.
  function commpolice.assess_changes(diff)
    local out = {}
    for i = 0, diff:count() - 1 do
      local c = diff:get(i)
      out[#out + 1] = {
        subject_id = c.subject_id, name = c.subject_name, in_before = c.in_before == 1,
        in_after = c.in_after == 1, total_before = c.total_before, total_after = c.total_after,
        rank_before = c.rank_before, rank_after = c.rank_after, grade_before = c.grade_before,
        grade_after = c.grade_after, sanctions_before = c.sanctions_before,
        sanctions_after = c.sanctions_after, rank_changed = c.rank_changed == 1,
        grade_changed = c.grade_changed == 1, sanctions_changed = c.sanctions_changed == 1,
      }
    end
    return out
  end
  -- One metric as a table {has_value, value, numerator, denominator, source, unit, note, record_table, records}.
  function commpolice.assess_metric(assessor, name, subject_id, period, subject)
    local s = assessor:metric(name, subject_id, period, subject or "officer")
    local f = {}
    for part in (s .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = part end
    local records = {}
    for id in (f[9] or ""):gmatch("[^,]+") do records[#records + 1] = math.tointeger(tonumber(id)) end
    return {
      has_value = f[1] == "1", value = tonumber(f[2]), numerator = tonumber(f[3]),
      denominator = tonumber(f[4]), source = f[5], unit = f[6], note = f[7],
      record_table = f[8] ~= "" and f[8] or nil, records = records,
    }
  end
  -- Iterate the surveys: for s in cp.surveys_of(db, office_id, period) do ... end
  function commpolice.surveys_of(db, ...)
    local cur = db:surveys(...)
    return function()
      local s = cur:next()
      if not s then return nil end
      return {
        id = s.id, office_id = s.office_id, kind = s:kind_name(), conducted_on = s.conducted_on,
        sample_size = s.sample_size, positive = s.positive, note = s.note,
      }
    end
  end
  -- The built-in metrics as tables.
  function commpolice.assess_builtin_metrics()
    local out = {}
    for i = 0, commpolice.assess_builtin_count() - 1 do
      local t = {}
      for _, k in ipairs({ "name", "title", "unit", "source", "module", "description" }) do
        t[k] = commpolice.assess_builtin_field(i, k)
      end
      out[#out + 1] = t
    end
    return out
  end
}
#endif

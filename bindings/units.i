/*
 * libcommpolice — SWIG part of the units module (实有单位), %include'd by
 * bindings/commpolice.i before work.i.
 *
 * Rules are passed as the rules module's Rules object (bindings/rules.i),
 * the same one every module takes; there is no separate holder. A call uses
 * them only while it runs, and a result that points into them (WorkRates,
 * bindings/work.i) holds a reference, as an Assessor does. Dates are
 * "YYYY-MM-DD" strings in and out; records are SWIG objects with read-only fields, which the
 * Python package (commpolice/work.py) and the Lua code in work.i turn into
 * dicts and tables.
 */

/*
 * The helpers go in the runtime section: SWIG emits the %extend methods of
 * cpol_database where that class is declared, before later %{ %} blocks.
 */
%insert("runtime") %{
#include "commpolice.h"
#include <stdlib.h>
#include <string.h>

/*
 * Rules come as the rules module's Rules object (bindings/rules.i), whose
 * struct is defined after this point: the accessor is defined below.
 */
typedef struct cpol_rules_h cpol_rules_h;
static cpol_rules *cpol_work_swig_rules_of(cpol_rules_h *h);

/* Result type of calls that return a new record id (>= 0) or an error code. */
typedef long long cpol_idres;

static int cpol_work_swig_date(cpol_date *out, const char *text, const char *field)
{
	if (!text || !*text) {
		*out = CPOL_DATE_NONE;
		return cpol_error_set(CPOL_EINVAL, field);
	}
	return cpol_date_parse(out, text);
}

/* An optional date: NULL or "" is CPOL_DATE_NONE. */
static int cpol_work_swig_date_opt(cpol_date *out, const char *text)
{
	if (!text || !*text) {
		*out = CPOL_DATE_NONE;
		return 0;
	}
	return cpol_date_parse(out, text);
}

static cpol_rules *cpol_work_swig_rules(cpol_rules_h *r)
{
	cpol_rules *rules = cpol_work_swig_rules_of(r);
	if (!rules)
		cpol_error_set(CPOL_EINVAL, "rules are required (commpolice.Rules)");
	return rules;
}
%}

typedef long long cpol_idres;
#ifdef SWIGPYTHON
%typemap(out) cpol_idres {
	if ($1 < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
	$result = PyLong_FromLongLong($1);
}
#endif
#ifdef SWIGLUA
%typemap(out) cpol_idres {
	if ($1 < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
	lua_pushinteger(L, (lua_Integer)$1);
	SWIG_arg++;
}
#endif

/*
 * The typemap above does not reach methods added to cpol_database by
 * %extend (SWIG applies typemaps in the order of the tree, and the class is
 * declared in commpolice.i before it), so those that return a cpol_idres
 * raise through %exception, which is attached to the names at parse time.
 */
%define CPOL_RAISING_ID(method)
%exception method {
	$action
	if (result < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
}
%enddef
CPOL_RAISING_ID(cpol_database::unit_add)
CPOL_RAISING_ID(cpol_database::unit_contact_add)
CPOL_RAISING_ID(cpol_database::unit_count)
CPOL_RAISING_ID(cpol_database::prevention_org_add)
CPOL_RAISING_ID(cpol_database::inspection_add)
CPOL_RAISING_ID(cpol_database::inspection_add_item)
CPOL_RAISING_ID(cpol_database::hazard_add)
CPOL_RAISING_ID(cpol_database::notice_issue)
CPOL_RAISING_ID(cpol_database::notice_reinspect)
CPOL_RAISING_ID(cpol_database::visit_add)
CPOL_RAISING_ID(cpol_database::visit_count)
CPOL_RAISING_ID(cpol_database::incident_add)
CPOL_RAISING_ID(cpol_database::dispute_add)
CPOL_RAISING_ID(cpol_database::request_add)
CPOL_RAISING_ID(cpol_database::duty_record_add)

%{
static cpol_rules *cpol_work_swig_rules_of(cpol_rules_h *h)
{
	return h ? h->rules : NULL;
}
%}

/* ------------------------------------------------------------------ records */

/*
 * The records come from commpolice/units.h itself (commpolice.i, "the
 * headers"): Unit is cpol_unit as the header declares it; UnitHistory is
 * cpol_unit_history with its periods read by index. The specs and queries
 * are filled by the methods below from keyword arguments, so they are not
 * wrapped.
 */
%rename(Unit) cpol_unit;
%rename(UnitHistory) cpol_unit_history;
/* Its count is read by the method count() (period_count in C: SWIG keeps
 * an ignored field's name taken), its periods by index. */
%ignore cpol_unit_history::count;
%ignore cpol_unit_history::periods;
%rename(count) cpol_unit_history::period_count;
CPOL_WORDS(unit_status)
CPOL_WORDS(prevention_kind)
CPOL_HEADER_BEGIN
%include "commpolice/units.h"
CPOL_HEADER_END
%extend cpol_unit {
	~cpol_unit() { cpol_unit_free($self); }
	const char *status_text() { return cpol_unit_status_name((cpol_unit_status)$self->status); }
}

%extend cpol_unit_history {
	~cpol_unit_history() { cpol_unit_history_free($self); }
	int period_count() { return (int)$self->count; }
	const char *status(int i) {
		return i >= 0 && (size_t)i < $self->count ? cpol_unit_status_name($self->periods[i].status) : NULL;
	}
	cpol_date valid_from(int i) {
		return i >= 0 && (size_t)i < $self->count ? $self->periods[i].valid_from : CPOL_DATE_NONE;
	}
	cpol_date valid_to(int i) {
		return i >= 0 && (size_t)i < $self->count ? $self->periods[i].valid_to : CPOL_DATE_NONE;
	}
	const char *reason(int i) {
		return i >= 0 && (size_t)i < $self->count ? $self->periods[i].reason : NULL;
	}
}

%insert("runtime") %{
typedef struct cpol_unit_cursor {
	cpol_unit_iter *it;
} cpol_unit_cursor;
%}
%rename(UnitCursor) cpol_unit_cursor;
CPOL_RAISING_NULL(cpol_unit_cursor::next)
typedef struct cpol_unit_cursor {} cpol_unit_cursor;
%extend cpol_unit_cursor {
	~cpol_unit_cursor() {
		cpol_unit_iter_free($self->it);
		free($self);
	}
	/* The next unit (valid until the next call), or None/nil at the end. */
	const cpol_unit *next() {
		const cpol_unit *u = NULL;
		int rc = cpol_unit_iter_next(&u, $self->it);
		if (rc == CPOL_ITEROVER)
			cpol_error_clear();
		return rc == 0 ? u : NULL;
	}
}

/* ---------------------------------------------------------------- methods */

%feature("kwargs") cpol_database::unit_add;
%feature("kwargs") cpol_database::unit_update;
%feature("kwargs") cpol_database::units;
%feature("kwargs") cpol_database::unit_count;
%feature("kwargs") cpol_database::prevention_org_add;
%newobject cpol_database::unit_get;
%newobject cpol_database::unit_history;
%newobject cpol_database::units;
CPOL_RAISING_NULL(cpol_database::unit_get)
CPOL_RAISING_NULL(cpol_database::unit_history)
CPOL_RAISING_NULL(cpol_database::units)

%extend cpol_database {
	/* Put a unit on file; returns its id. */
	cpol_idres unit_add(cpol_rules_h *rules, long long office_id, const char *type,
	                    const char *name, const char *opened_on, long long officer_id = 0,
	                    long long address_id = 0, const char *code = NULL,
	                    const char *responsible_name = NULL, const char *responsible_phone = NULL,
	                    const char *security_name = NULL, const char *security_phone = NULL,
	                    const char *location = NULL, const char *note = NULL) {
		cpol_unit_new u = CPOL_UNIT_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&u.opened_on, opened_on, "opened_on is required")) < 0)
			return rc;
		u.office_id = office_id;
		u.type = type;
		u.name = name;
		u.officer_id = officer_id;
		u.address_id = address_id;
		u.code = code;
		u.responsible_name = responsible_name;
		u.responsible_phone = responsible_phone;
		u.security_name = security_name;
		u.security_phone = security_phone;
		u.location = location;
		u.note = note;
		rc = cpol_unit_add(&id, db, cpol_work_swig_rules_of(rules), &u);
		return rc < 0 ? rc : id;
	}
	/* Change particulars; None keeps a value, "" clears it; ids: -1 keeps, 0 clears. */
	cpol_status unit_update(long long unit_id, cpol_rules_h *rules = NULL, const char *name = NULL,
	                        const char *type = NULL, long long address_id = -1,
	                        long long officer_id = -1, const char *code = NULL,
	                        const char *location = NULL, const char *responsible_name = NULL,
	                        const char *responsible_phone = NULL, const char *security_name = NULL,
	                        const char *security_phone = NULL, const char *note = NULL) {
		cpol_unit_change c = CPOL_UNIT_CHANGE_INIT;
		CPOL_DB_OR_FAIL($self);
		c.name = name;
		c.type = type;
		c.address_id = address_id;
		c.officer_id = officer_id;
		c.code = code;
		c.location = location;
		c.responsible_name = responsible_name;
		c.responsible_phone = responsible_phone;
		c.security_name = security_name;
		c.security_phone = security_phone;
		c.note = note;
		return cpol_unit_update(db, cpol_work_swig_rules_of(rules), unit_id, &c);
	}
	/* status: "open", "suspended" or "closed". */
	cpol_status unit_set_status(long long unit_id, const char *status, const char *from,
	                            const char *reason = NULL) {
		cpol_unit_status s;
		cpol_date d;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_unit_status_parse(&s, status)) < 0 ||
		    (rc = cpol_work_swig_date(&d, from, "from is required")) < 0)
			return rc;
		return cpol_unit_set_status(db, unit_id, s, d, reason);
	}
	cpol_unit *unit_get(long long unit_id) {
		cpol_unit *u = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (db)
			cpol_unit_get(&u, db, unit_id);
		return u;
	}
	cpol_unit_history *unit_history(long long unit_id) {
		cpol_unit_history *h = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (db)
			cpol_unit_history_get(&h, db, unit_id);
		return h;
	}
	cpol_idres unit_contact_add(long long unit_id, const char *role, const char *name,
	                            const char *phone = NULL, const char *note = NULL) {
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		rc = cpol_unit_contact_add(&id, db, unit_id, role, name, phone, note);
		return rc < 0 ? rc : id;
	}
	cpol_status unit_contact_archive(long long contact_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_unit_contact_archive(db, contact_id);
	}
	cpol_status unit_archive(long long unit_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_unit_archive(db, unit_id);
	}
	/* List units; status "open"/"suspended"/"closed" or None for any. */
	cpol_unit_cursor *units(long long office_id = 0, const char *type = NULL, const char *status = NULL,
	                        long long officer_id = 0, int include_archived = 0) {
		cpol_unit_query q = CPOL_UNIT_QUERY_INIT;
		cpol_unit_cursor *c;
		cpol_unit_status s = 0;
		cpol_db *db = cpol_swig_db($self);
		if (!db || (status && cpol_unit_status_parse(&s, status) < 0))
			return NULL;
		q.office_id = office_id;
		q.type = type;
		q.status = s;
		q.officer_id = officer_id;
		q.include_archived = include_archived;
		if (!(c = calloc(1, sizeof(*c)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_unit_iter_new(&c->it, db, &q) < 0) {
			free(c);
			return NULL;
		}
		return c;
	}
	cpol_idres unit_count(long long office_id = 0, const char *type = NULL, const char *status = NULL,
	                      long long officer_id = 0, int include_archived = 0) {
		cpol_unit_query q = CPOL_UNIT_QUERY_INIT;
		cpol_unit_status s = 0;
		int64_t n = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if (status && (rc = cpol_unit_status_parse(&s, status)) < 0)
			return rc;
		q.office_id = office_id;
		q.type = type;
		q.status = s;
		q.officer_id = officer_id;
		q.include_archived = include_archived;
		rc = cpol_unit_count(&n, db, &q);
		return rc < 0 ? rc : n;
	}
	/* kind: "security_committee", "patrol", "mediation", ... (see units.h). */
	cpol_idres prevention_org_add(long long office_id, const char *kind, const char *name,
	                              const char *since, long long unit_id = 0,
	                              const char *leader_name = NULL, const char *leader_phone = NULL,
	                              const char *obligation = NULL) {
		cpol_prevention_org_new o = CPOL_PREVENTION_ORG_NEW_INIT;
		cpol_prevention_kind k;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_prevention_kind_parse(&k, kind)) < 0 ||
		    (rc = cpol_work_swig_date(&o.since, since, "since is required")) < 0)
			return rc;
		o.office_id = office_id;
		o.unit_id = unit_id;
		o.kind = k;
		o.name = name;
		o.leader_name = leader_name;
		o.leader_phone = leader_phone;
		o.obligation = obligation;
		rc = cpol_prevention_org_add(&id, db, &o);
		return rc < 0 ? rc : id;
	}
	cpol_status prevention_org_archive(long long org_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_prevention_org_archive(db, org_id);
	}
}


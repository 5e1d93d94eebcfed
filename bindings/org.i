/*
 * libcommpolice — SWIG part of the org module, %include'd by
 * bindings/commpolice.i; it also holds what address.i and population.i
 * share.
 *
 * Records come back as native values: a small value tree (cpol_pop_val)
 * built by language-neutral C below and turned by one out typemap into
 * dicts and lists in Python and tables in Lua, so that the wrappers need no
 * per-field accessor. The functions are module functions taking the
 * Database first (pop_*): typemaps do not reach methods %extend'ed onto
 * cpol_database, which is declared before this file. The Python package
 * (commpolice/population.py) puts them on Database as methods with keyword
 * arguments; Lua calls them as commpolice.pop_x(db, ...) or, after
 * commpolice.population_methods(db), as db:x(...).
 *
 * Dates are Python datetime.date and Lua "YYYY-MM-DD" strings, in and out
 * (nil/None for none); ids are integers.
 */

/*
 * Default arguments: SWIG allows them in C. CPOL_POP_OPT(v) reads "= v" to
 * SWIG, so that trailing arguments may be left out (Lua:
 * commpolice.pop_person_add(db, "110105199003071239", "张伟")), and
 * nothing to the C compiler.
 */
%{
#define CPOL_POP_OPT(v)
%}
#define CPOL_POP_OPT(v) = v

%{
#include <stdarg.h>

/* A value: null, integer, real, text, list or map. */
typedef struct cpol_pop_val {
	int type;                 /* 0 null, 1 int, 2 real, 3 text, 4 list, 5 map, 6 date (in i) */
	long long i;
	double d;
	char *s;
	char **keys;              /* maps */
	struct cpol_pop_val **items;
	size_t n, cap;
} cpol_pop_val;

/* An id, or a negative error code that the typemap raises. */
typedef long long cpol_pop_id;

static void cpol_pop_free(cpol_pop_val *v)
{
	size_t i;
	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->keys)
			free(v->keys[i]);
		cpol_pop_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->s);
	free(v);
}

static cpol_pop_val *cpol_pop_new(int type)
{
	cpol_pop_val *v = calloc(1, sizeof(*v));
	if (v)
		v->type = type;
	return v;
}

/* Add an item (to a list: key NULL); on failure the container is marked by type -1. */
static void cpol_pop_add(cpol_pop_val *c, const char *key, cpol_pop_val *item)
{
	if (!c || c->type < 0)
		goto fail;
	if (!item)
		goto fail;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		cpol_pop_val **items = realloc(c->items, cap * sizeof(*items));
		char **keys;
		if (!items)
			goto fail;
		c->items = items;
		if (c->type == 5) {
			keys = realloc(c->keys, cap * sizeof(*keys));
			if (!keys)
				goto fail;
			c->keys = keys;
		}
		c->cap = cap;
	}
	if (c->type == 5 && !(c->keys[c->n] = strdup(key)))
		goto fail;
	c->items[c->n++] = item;
	return;
fail:
	cpol_pop_free(item);
	if (c)
		c->type = -1;
}

static void cpol_pop_int(cpol_pop_val *m, const char *key, long long i)
{
	cpol_pop_val *v = cpol_pop_new(1);
	if (v)
		v->i = i;
	cpol_pop_add(m, key, v);
}

static void cpol_pop_real(cpol_pop_val *m, const char *key, double d)
{
	cpol_pop_val *v = cpol_pop_new(2);
	if (v)
		v->d = d;
	cpol_pop_add(m, key, v);
}

static void cpol_pop_str(cpol_pop_val *m, const char *key, const char *s)
{
	cpol_pop_val *v = cpol_pop_new(s ? 3 : 0);
	if (v && s && !(v->s = strdup(s))) {
		free(v);
		v = NULL;
	}
	cpol_pop_add(m, key, v);
}

/* A date: Python datetime.date, Lua "YYYY-MM-DD"; null for CPOL_DATE_NONE. */
static void cpol_pop_date(cpol_pop_val *m, const char *key, cpol_date d)
{
	cpol_pop_val *v = cpol_pop_new(d == CPOL_DATE_NONE ? 0 : 6);
	if (v)
		v->i = d;
	cpol_pop_add(m, key, v);
}

static void cpol_pop_ref(cpol_pop_val *m, const char *key, const cpol_rule_ref *ref)
{
	cpol_pop_val *r;
	if (!ref) {
		cpol_pop_add(m, key, cpol_pop_new(0));
		return;
	}
	r = cpol_pop_new(5);
	cpol_pop_str(r, "key", ref->key);
	cpol_pop_str(r, "file", ref->file);
	cpol_pop_int(r, "line", ref->line);
	cpol_pop_str(r, "region", ref->region);
	cpol_pop_add(m, key, r);
}

/* Return v, or NULL with CPOL_ENOMEM when building it failed. */
static cpol_pop_val *cpol_pop_done(cpol_pop_val *v)
{
	if (!v || v->type < 0) {
		cpol_pop_free(v);
		cpol_error_set(CPOL_ENOMEM, NULL);
		return NULL;
	}
	return v;
}

/* A date argument: NULL or "" is "none" when optional. */
static int cpol_pop_arg_date(cpol_date *out, const char *text, const char *field, int required)
{
	*out = CPOL_DATE_NONE;
	if (!text || !*text) {
		if (!required)
			return 0;
		return cpol_error_set(CPOL_EINVAL, field);
	}
	return cpol_date_parse(out, text);
}

/* The handle of an open database, or NULL with CPOL_EMISUSE set. */
static cpol_db *cpol_pop_db(cpol_database *d)
{
	if (!d || !d->db) {
		cpol_error_set(CPOL_EMISUSE, "the database is closed");
		return NULL;
	}
	return d->db;
}

/* Rules by region name for one call (NULL name: NULL rules, the library then uses the office's region). */
static int cpol_pop_rules(cpol_rules **out, const char *region)
{
	*out = NULL;
	if (!region || !*region)
		return 0;
	return cpol_rules_load_region(out, region, NULL);
}

static const char *const cpol_pop_levels[] = { NULL, "region", "station", "office", "district", "community", "staff" };

static int cpol_pop_level(const char *name)
{
	int i;
	for (i = 1; i <= 6; i++)
		if (name && strcmp(name, cpol_pop_levels[i]) == 0)
			return i;
	cpol_error_set(CPOL_EINVAL, "level must be region, station, office, district, community or staff");
	return 0;
}

static cpol_pop_val *cpol_pop_staff_val(const cpol_staff *s)
{
	cpol_pop_val *m = cpol_pop_new(5);
	cpol_pop_int(m, "id", s->id);
	cpol_pop_int(m, "assignment_id", s->assignment_id);
	cpol_pop_int(m, "office_id", s->office_id);
	cpol_pop_int(m, "district_id", s->district_id);
	cpol_pop_str(m, "name", s->name);
	cpol_pop_str(m, "badge", s->badge);
	cpol_pop_str(m, "kind", s->kind == CPOL_STAFF_OFFICER ? "officer" : "auxiliary");
	cpol_pop_int(m, "dedicated_community", s->dedicated_community);
	cpol_pop_str(m, "phone", s->phone);
	cpol_pop_date(m, "active_from", s->active_from);
	cpol_pop_date(m, "active_to", s->active_to);
	cpol_pop_str(m, "archived_at", s->archived_at);
	return m;
}
%}

typedef long long cpol_pop_id;

#ifdef SWIGPYTHON
%{
static PyObject *cpol_pop_to_py(const cpol_pop_val *v)
{
	PyObject *o, *item;
	size_t i;

	switch (v->type) {
	case 1: return PyLong_FromLongLong(v->i);
	case 2: return PyFloat_FromDouble(v->d);
	case 3: return PyUnicode_FromString(v->s);
	case 6: return cpol_py_date_new((cpol_date)v->i);
	case 4:
		if (!(o = PyList_New((Py_ssize_t)v->n)))
			return NULL;
		for (i = 0; i < v->n; i++) {
			if (!(item = cpol_pop_to_py(v->items[i]))) {
				Py_DECREF(o);
				return NULL;
			}
			PyList_SET_ITEM(o, (Py_ssize_t)i, item);
		}
		return o;
	case 5:
		if (!(o = PyDict_New()))
			return NULL;
		for (i = 0; i < v->n; i++) {
			if (!(item = cpol_pop_to_py(v->items[i])) || PyDict_SetItemString(o, v->keys[i], item) < 0) {
				Py_XDECREF(item);
				Py_DECREF(o);
				return NULL;
			}
			Py_DECREF(item);
		}
		return o;
	default:
		Py_RETURN_NONE;
	}
}
%}
%typemap(out) cpol_pop_val * {
	if (!$1) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
	$result = cpol_pop_to_py($1);
	cpol_pop_free($1);
	if (!$result)
		SWIG_fail;
}
%typemap(out) cpol_pop_id {
	if ($1 < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
	$result = PyLong_FromLongLong($1);
}
#endif

#ifdef SWIGLUA
%{
static void cpol_pop_to_lua(lua_State *L, const cpol_pop_val *v)
{
	size_t i;

	switch (v->type) {
	case 1: lua_pushinteger(L, (lua_Integer)v->i); break;
	case 2: lua_pushnumber(L, v->d); break;
	case 3: lua_pushstring(L, v->s); break;
	case 6: cpol_lua_push_date(L, (cpol_date)v->i); break;
	case 4:
		lua_createtable(L, (int)v->n, 0);
		for (i = 0; i < v->n; i++) {
			cpol_pop_to_lua(L, v->items[i]);
			lua_rawseti(L, -2, (lua_Integer)(i + 1));
		}
		break;
	case 5:
		lua_createtable(L, 0, (int)v->n);
		for (i = 0; i < v->n; i++) {
			cpol_pop_to_lua(L, v->items[i]);
			lua_setfield(L, -2, v->keys[i]);
		}
		break;
	default: lua_pushnil(L); break;
	}
}
%}
%typemap(out) cpol_pop_val * {
	if (!$1) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
	cpol_pop_to_lua(L, $1);
	cpol_pop_free($1);
	SWIG_arg++;
}
%typemap(out) cpol_pop_id {
	if ($1 < 0) {
		CPOL_SWIG_RAISE();
		SWIG_fail;
	}
	lua_pushinteger(L, (lua_Integer)$1);
	SWIG_arg++;
}
#endif

%inline %{
cpol_pop_id pop_region_add(cpol_database *d, const char *code, const char *name CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	rc = cpol_region_add(&id, db, code, name);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_station_add(cpol_database *d, long long region_id, const char *name, const char *code CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	rc = cpol_station_add(&id, db, region_id, name, code);
	return rc < 0 ? rc : id;
}

/* region: the rules to check office_class and model against; NULL: the station's region's. */
cpol_pop_id pop_office_add(cpol_database *d, long long station_id, const char *name, const char *code CPOL_POP_OPT(NULL),
                           const char *office_class CPOL_POP_OPT(NULL), const char *model CPOL_POP_OPT(NULL), double area_m2 CPOL_POP_OPT(0), const char *region CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_office_new o;
	cpol_rules *rules = NULL;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_rules(&rules, region)) < 0)
		return rc;
	cpol_office_new_init(&o, CPOL_OFFICE_NEW_VERSION);
	o.station_id = station_id;
	o.name = name;
	o.code = code;
	o.office_class = office_class;
	o.model = model;
	o.area_m2 = area_m2;
	o.rules = rules;
	rc = cpol_office_add(&id, db, &o);
	cpol_rules_free(rules);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_office_set_class(cpol_database *d, long long office_id, const char *office_class CPOL_POP_OPT(NULL),
                                 const char *model CPOL_POP_OPT(NULL), const char *region CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_rules *rules = NULL;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_rules(&rules, region)) < 0)
		return rc;
	rc = cpol_office_set_class(db, rules, office_id, office_class, model);
	cpol_rules_free(rules);
	return rc;
}

cpol_pop_val *pop_office_region(cpol_database *d, long long office_id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_pop_val *v;
	char *r = NULL;
	if (!db || cpol_office_region(&r, db, office_id) < 0)
		return NULL;
	v = cpol_pop_new(3);
	if (v)
		v->s = r;
	else
		free(r);
	return cpol_pop_done(v);
}

cpol_pop_id pop_district_add(cpol_database *d, long long office_id, const char *name, const char *code CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	rc = cpol_district_add(&id, db, office_id, name, code);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_community_add(cpol_database *d, long long station_id, const char *kind, const char *name,
                              const char *area_prefix CPOL_POP_OPT(NULL), const char *code CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_id id = 0;
	int rc, k = kind && !strcmp(kind, "village") ? CPOL_COMMUNITY_VILLAGE
	            : kind && !strcmp(kind, "urban") ? CPOL_COMMUNITY_URBAN : 0;
	if (!db)
		return CPOL_EMISUSE;
	rc = cpol_community_add(&id, db, station_id, (cpol_community_kind)k, name, area_prefix, code);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_district_cover(cpol_database *d, long long district_id, long long community_id, const char *from)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date f;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&f, from, "from is required", 1)) < 0 ||
	    (rc = cpol_district_cover(&id, db, district_id, community_id, f)) < 0)
		return rc;
	return id;
}

cpol_pop_id pop_district_uncover(cpol_database *d, long long district_id, long long community_id, const char *to)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date t;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&t, to, "to is required", 1)) < 0)
		return rc;
	return cpol_district_uncover(db, district_id, community_id, t);
}

cpol_pop_id pop_community_district(cpol_database *d, long long community_id, const char *on)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date o;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&o, on, "on is required", 1)) < 0 ||
	    (rc = cpol_community_district(&id, db, community_id, o)) < 0)
		return rc;
	return id;
}

cpol_pop_val *pop_org_get(cpol_database *d, const char *level, long long id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_org_unit *u = NULL;
	cpol_pop_val *m;
	int lv = cpol_pop_level(level);
	if (!db || !lv || cpol_org_unit_get(&u, db, (cpol_org_level)lv, id) < 0)
		return NULL;
	m = cpol_pop_new(5);
	cpol_pop_int(m, "id", u->id);
	cpol_pop_int(m, "parent_id", u->parent_id);
	cpol_pop_str(m, "code", u->code);
	cpol_pop_str(m, "name", u->name);
	cpol_pop_str(m, "office_class", u->office_class);
	cpol_pop_str(m, "model", u->model);
	cpol_pop_real(m, "area_m2", u->area_m2);
	cpol_pop_str(m, "community_kind", u->community_kind == CPOL_COMMUNITY_URBAN ? "urban"
	             : u->community_kind == CPOL_COMMUNITY_VILLAGE ? "village" : NULL);
	cpol_pop_str(m, "area_prefix", u->area_prefix);
	cpol_pop_str(m, "archived_at", u->archived_at);
	cpol_org_unit_free(u);
	return cpol_pop_done(m);
}

/* The live records of a level under a parent (0: all), by id: a list of the maps pop_org_get gives. */
cpol_pop_val *pop_org_list(cpol_database *d, const char *level, long long parent_id CPOL_POP_OPT(0))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_org_iter *it;
	const cpol_org_unit *u;
	cpol_pop_val *list;
	int lv = cpol_pop_level(level), rc;
	if (!db || !lv || cpol_org_iter_new(&it, db, (cpol_org_level)lv, parent_id) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_org_iter_next(&u, it)) == 0) {
		cpol_pop_val *m = cpol_pop_new(5);
		cpol_pop_int(m, "id", u->id);
		cpol_pop_int(m, "parent_id", u->parent_id);
		cpol_pop_str(m, "code", u->code);
		cpol_pop_str(m, "name", u->name);
		cpol_pop_str(m, "office_class", u->office_class);
		cpol_pop_str(m, "model", u->model);
		cpol_pop_real(m, "area_m2", u->area_m2);
		cpol_pop_str(m, "community_kind", u->community_kind == CPOL_COMMUNITY_URBAN ? "urban"
		             : u->community_kind == CPOL_COMMUNITY_VILLAGE ? "village" : NULL);
		cpol_pop_str(m, "area_prefix", u->area_prefix);
		cpol_pop_str(m, "archived_at", u->archived_at);
		cpol_pop_add(list, NULL, m);
	}
	cpol_org_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}

cpol_pop_id pop_org_find(cpol_database *d, const char *level, const char *code)
{
	cpol_db *db = cpol_pop_db(d);
	int lv = cpol_pop_level(level);
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if (!lv)
		return CPOL_EINVAL;
	rc = cpol_org_find(&id, db, (cpol_org_level)lv, code);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_org_archive(cpol_database *d, const char *level, long long id, const char *on CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	int lv = cpol_pop_level(level);
	cpol_date o;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if (!lv)
		return CPOL_EINVAL;
	if ((rc = cpol_pop_arg_date(&o, on, "on", 0)) < 0)
		return rc;
	if (lv != CPOL_ORG_STAFF)
		return cpol_org_unit_archive(db, (cpol_org_level)lv, id);
	/* Staff: the open assignment, if any, ends on `on`; then the archive. */
	if ((rc = cpol_db_begin(db)) < 0)
		return rc;
	if ((rc = cpol_staff_end(db, id, o, "archived")) == CPOL_ENOTFOUND) {
		cpol_error_clear();
		rc = 0;
	}
	if (rc == 0)
		rc = cpol_staff_archive(db, id);
	if (rc < 0) {
		cpol_db_rollback(db);
		return rc;
	}
	return cpol_db_commit(db);
}

cpol_pop_id pop_staff_add(cpol_database *d, long long office_id, const char *name, const char *kind,
                          const char *active_from, const char *badge CPOL_POP_OPT(NULL), long long district_id CPOL_POP_OPT(0),
                          int dedicated_community CPOL_POP_OPT(0), const char *phone CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_staff_new s;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	cpol_staff_new_init(&s, CPOL_STAFF_NEW_VERSION);
	s.office_id = office_id;
	s.district_id = district_id;
	s.name = name;
	s.badge = badge;
	s.kind = kind && !strcmp(kind, "officer") ? CPOL_STAFF_OFFICER
	         : kind && !strcmp(kind, "auxiliary") ? CPOL_STAFF_AUXILIARY : (cpol_staff_kind)0;
	s.dedicated_community = dedicated_community;
	s.phone = phone;
	if ((rc = cpol_pop_arg_date(&s.active_from, active_from, "active_from is required", 1)) < 0 ||
	    (rc = cpol_staff_add(&id, db, &s)) < 0)
		return rc;
	return id;
}

cpol_pop_id pop_staff_assign(cpol_database *d, long long staff_id, long long office_id, long long district_id,
                             int dedicated_community, const char *from, const char *reason CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date f;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&f, from, "from is required", 1)) < 0 ||
	    (rc = cpol_staff_assign(&id, db, staff_id, office_id, district_id, dedicated_community, f, reason)) < 0)
		return rc;
	return id;
}

cpol_pop_id pop_staff_end(cpol_database *d, long long staff_id, const char *to, const char *reason CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date t;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&t, to, "to is required", 1)) < 0)
		return rc;
	return cpol_staff_end(db, staff_id, t, reason);
}

cpol_pop_val *pop_staff_get(cpol_database *d, long long staff_id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_staff *s = NULL;
	cpol_pop_val *m;
	if (!db || cpol_staff_get(&s, db, staff_id) < 0)
		return NULL;
	m = cpol_pop_staff_val(s);
	cpol_staff_free(s);
	return cpol_pop_done(m);
}

cpol_pop_val *pop_staff_list(cpol_database *d, long long office_id CPOL_POP_OPT(0), const char *on CPOL_POP_OPT(NULL),
                             long long district_id CPOL_POP_OPT(0), long long staff_id CPOL_POP_OPT(0), const char *kind CPOL_POP_OPT(NULL),
                             int dedicated_only CPOL_POP_OPT(0), int include_archived CPOL_POP_OPT(0))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_staff_query q;
	cpol_staff_iter *it = NULL;
	const cpol_staff *s;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	cpol_staff_query_init(&q, CPOL_STAFF_QUERY_VERSION);
	q.office_id = office_id;
	q.district_id = district_id;
	q.staff_id = staff_id;
	q.kind = kind && !strcmp(kind, "officer") ? CPOL_STAFF_OFFICER
	         : kind && !strcmp(kind, "auxiliary") ? CPOL_STAFF_AUXILIARY : (cpol_staff_kind)0;
	q.dedicated_only = dedicated_only;
	q.include_archived = include_archived;
	if (cpol_pop_arg_date(&q.on, on, "on", 0) < 0 || cpol_staff_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_staff_iter_next(&s, it)) == 0)
		cpol_pop_add(list, NULL, cpol_pop_staff_val(s));
	cpol_staff_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}
%}

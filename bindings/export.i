/*
 * export — research exports (include/commpolice/export.h), part of
 * bindings/commpolice.i. A cursor owns the export, its profile and key;
 * Python turns its rows into dicts (bindings/python/commpolice/export.py),
 * Lua into tables through commpolice.export_rows().
 */
%{
typedef struct cpol_export_cursor {
	cpol_export *ex;
	cpol_export_profile *profile;
	cpol_export_key *key;
} cpol_export_cursor;

static void cpol_export_cursor_free(cpol_export_cursor *c)
{
	if (!c)
		return;
	cpol_export_free(c->ex);
	cpol_export_profile_free(c->profile);
	cpol_export_key_free(c->key);
	free(c);
}
%}

%rename(ExportCursor) cpol_export_cursor;
CPOL_RAISING_NULL(cpol_export_cursor::step)
typedef struct cpol_export_cursor {} cpol_export_cursor;
%extend cpol_export_cursor {
	~cpol_export_cursor() { cpol_export_cursor_free($self); }
	int column_count() { return (int)cpol_export_column_count($self->ex); }
	const char *column_name(int i) { return cpol_export_column_name($self->ex, (size_t)i); }
	int column_is_number(int i) { return cpol_export_column_is_number($self->ex, (size_t)i); }
	/* 1 when a row is ready, 0 after the last (the export is then logged as done). */
	int step() {
		int rc = cpol_export_next($self->ex);
		if (rc == CPOL_ITEROVER)
			cpol_error_clear();
		return rc == 0;
	}
	/* Value of column i of the current row, or None/nil. */
	const char *value(int i) { return cpol_export_value($self->ex, (size_t)i); }
	int k() { return cpol_export_report_get($self->ex)->k; }
	int quasi_identifiers() { return cpol_export_report_get($self->ex)->quasi_identifiers; }
	long long rows() { return cpol_export_report_get($self->ex)->rows; }
	long long cells_suppressed() { return cpol_export_report_get($self->ex)->cells_suppressed; }
	long long rows_withheld() { return cpol_export_report_get($self->ex)->rows_withheld; }
	const char *levels() { return cpol_export_report_get($self->ex)->levels; }
	const char *profile_hash() { return cpol_export_report_get($self->ex)->profile_hash; }
	const char *key_id() { return cpol_export_report_get($self->ex)->key_id; }
	long long log_id() { return cpol_export_report_get($self->ex)->log_id; }
}

/* A function, not a method of Database: %extend bodies of cpol_database are
 * emitted before this file's types. */
%newobject export_open;
CPOL_RAISING_NULL(export_open)
%inline %{
	/* Start an export (see cpol_export_new()); profile is a name or a file. */
	cpol_export_cursor *export_open(cpol_database *d, const char *dataset, const char *profile,
	                                const char *key_file, long long office,
	                                const char *date_from, const char *date_to, int min_k) {
		cpol_export_options o;
		cpol_export_cursor *c;
		cpol_db *db = cpol_swig_db(d);
		if (!db)
			return NULL;
		cpol_export_options_init(&o, CPOL_EXPORT_OPTIONS_VERSION);
		if ((date_from && cpol_date_parse(&o.from, date_from) < 0) ||
		    (date_to && cpol_date_parse(&o.to, date_to) < 0))
			return NULL;
		if (!(c = calloc(1, sizeof(*c)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		if (cpol_export_profile_load(&c->profile, profile, NULL) < 0 ||
		    (key_file && cpol_export_key_load(&c->key, key_file) < 0)) {
			cpol_export_cursor_free(c);
			return NULL;
		}
		o.profile = c->profile;
		o.key = c->key;
		o.office_id = office;
		o.min_k = min_k;
		if (cpol_export_new(&c->ex, db, dataset, &o) < 0) {
			cpol_export_cursor_free(c);
			return NULL;
		}
		return c;
	}

/* The datasets, by index: name and description (NULL past the end). */
const char *export_dataset_name(int i)
{
	size_t n;
	const char *const *names = cpol_export_datasets(&n);
	return i >= 0 && (size_t)i < n ? names[i] : NULL;
}
const char *export_dataset_description(const char *name)
{
	return cpol_export_dataset_description(name);
}
%}

#ifdef SWIGLUA
%luacode {
  -- for row in commpolice.export_rows(db, "persons", {key_file = "p.key"}) do ... end
  -- Each row is a table column -> value (numbers as numbers, missing as nil).
  function commpolice.export_rows(db, dataset, opts)
    opts = opts or {}
    local cur = commpolice.export_open(db, dataset, opts.profile, opts.key_file, opts.office or 0,
                               opts.date_from, opts.date_to, opts.min_k or 0)
    local n = cur:column_count()
    local names, numeric = {}, {}
    for i = 0, n - 1 do
      names[i] = cur:column_name(i)
      numeric[i] = cur:column_is_number(i) == 1
    end
    return function()
      if cur:step() == 0 then return nil end
      local row = {}
      for i = 0, n - 1 do
        local v = cur:value(i)
        if v ~= nil and numeric[i] then v = math.tointeger(tonumber(v)) or tonumber(v) or v end
        row[names[i]] = v
      end
      return row
    end, cur
  end
}
#endif

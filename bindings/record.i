/*
 * libcommpolice — SWIG part of the record descriptions (commpolice/record.h),
 * %include'd by bindings/commpolice.i after population.i (it builds
 * org.i's value trees, cpol_pop_val) and before work_list.i, whose pages
 * turn their records into dicts (Python) and tables (Lua) with
 * cpol_rec_val(): one conversion, driven by the description, for every
 * described record type.
 *
 * record_fields(kind) gives the description itself, a list of dicts
 * {name, column, type, optional, identifies_person, codes, doc}: the Python
 * package (commpolice/record.py) converts the records cpol_X_get returns
 * with it.
 */

%{
static const char *const cpol_rec_type_names[] = {
	"id", "int", "int64", "double", "bool", "date", "text", "enum", NULL };

/*
 * A record of kind as a map of its fields: ids and ints as integers (0 for
 * an id not set, as the records hold them), bools as 0 or 1, dates as
 * "YYYY-MM-DD" or null, text and enum code words as strings or null.
 */
static cpol_pop_val *cpol_rec_val(cpol_record_kind kind, const void *rec)
{
	const cpol_record_field *f;
	size_t i, n;
	cpol_pop_val *m = cpol_pop_new(5);

	if (cpol_record_fields(&f, &n, kind) < 0)
		return m;
	for (i = 0; i < n; i++, f++) {
		switch (f->type) {
		case CPOL_FIELD_DOUBLE:
			cpol_pop_real(m, f->name, cpol_record_field_double(f, rec));
			break;
		case CPOL_FIELD_DATE:
			cpol_pop_date(m, f->name, (cpol_date)cpol_record_field_int(f, rec));
			break;
		case CPOL_FIELD_TEXT:
		case CPOL_FIELD_ENUM:
			cpol_pop_str(m, f->name, cpol_record_field_text(f, rec));
			break;
		default:
			cpol_pop_int(m, f->name, (long long)cpol_record_field_int(f, rec));
			break;
		}
	}
	return m;
}
%}

%inline %{
/* The fields of a record kind ("notice", "incident"...): a list of dicts. */
cpol_pop_val *record_fields(const char *kind)
{
	const cpol_record_field *f;
	cpol_record_kind k;
	size_t i, n;
	cpol_pop_val *list;

	if (cpol_record_kind_parse(&k, kind) < 0 || cpol_record_fields(&f, &n, k) < 0)
		return NULL;
	list = cpol_pop_new(4);
	for (i = 0; i < n; i++, f++) {
		cpol_pop_val *m = cpol_pop_new(5);
		cpol_pop_str(m, "name", f->name);
		cpol_pop_str(m, "column", f->column);
		cpol_pop_str(m, "type", cpol_rec_type_names[f->type - 1]);
		cpol_pop_int(m, "optional", f->optional);
		cpol_pop_int(m, "identifies_person", f->identifies_person);
		if (f->codes) {
			cpol_pop_val *codes = cpol_pop_new(4);
			size_t c;
			for (c = 0; f->codes[c]; c++)
				cpol_pop_str(codes, NULL, f->codes[c]);
			cpol_pop_add(m, "codes", codes);
		} else {
			cpol_pop_add(m, "codes", cpol_pop_new(0));
		}
		cpol_pop_str(m, "doc", f->doc);
		cpol_pop_add(list, NULL, m);
	}
	return cpol_pop_done(list);
}
%}

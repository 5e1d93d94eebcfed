/*
 * libcommpolice — SWIG part of the population and import modules,
 * %include'd by bindings/commpolice.i after org.i and address.i, whose
 * value tree and typemaps it uses.
 *
 * Functions that take the region rules take a region name (`region`,
 * loaded for the call) or nothing (the rules of the office concerned).
 */

%{
static const char *const cpol_pop_sex_words[] = { "unknown", "male", "female" };
static const char *const cpol_pop_rel_words[] = { NULL, "owner", "family", "tenant", "other" };
static const char *const cpol_pop_unm_words[] = { NULL, "let_no_tenant", "no_residence", "no_office" };

/* bindings/record.i: every field of a record, by its description. */
static cpol_pop_val *cpol_rec_val(cpol_record_kind kind, const void *rec);

static cpol_pop_val *cpol_pop_person_val(const cpol_person *p)
{
	return cpol_rec_val(CPOL_RECORD_PERSON, p);
}

static int cpol_pop_sex(const char *s, cpol_sex *out)
{
	int i;
	*out = CPOL_SEX_UNKNOWN;
	if (!s || !*s)
		return 0;
	for (i = 0; i <= 2; i++)
		if (!strcmp(s, cpol_pop_sex_words[i])) {
			*out = (cpol_sex)i;
			return 0;
		}
	return cpol_error_set(CPOL_EINVAL, "sex must be male, female or unknown");
}
%}

%inline %{
/* ------------------------------------------------------------ ID numbers */

cpol_pop_val *pop_idnum_parse(const char *text, int flags CPOL_POP_OPT(3), const char *today CPOL_POP_OPT(NULL))
{
	cpol_idnum n;
	cpol_date t;
	cpol_pop_val *m;
	if (cpol_pop_arg_date(&t, today, "today", 0) < 0 || cpol_idnum_parse(&n, text, (unsigned int)flags, t) < 0)
		return NULL;
	m = cpol_pop_new(5);
	cpol_pop_str(m, "number", n.number);
	cpol_pop_str(m, "original", n.upgraded ? n.original : NULL);
	cpol_pop_str(m, "region", n.region);
	cpol_pop_date(m, "birth_date", n.birth_date);
	cpol_pop_str(m, "sex", cpol_pop_sex_words[n.sex]);
	cpol_pop_int(m, "upgraded", n.upgraded);
	return cpol_pop_done(m);
}

cpol_pop_val *pop_idnum_check_char(const char *digits17)
{
	cpol_pop_val *v;
	char c = digits17 && strlen(digits17) >= 17 ? cpol_idnum_check_char(digits17) : 0;
	char s[2] = { c, 0 };
	if (!c) {
		cpol_error_set(CPOL_EINVAL, "17 digits are needed");
		return NULL;
	}
	v = cpol_pop_new(5);
	cpol_pop_str(v, "check", s);
	return cpol_pop_done(v);
}

/* --------------------------------------------------------------- persons */

cpol_pop_id pop_person_add(cpol_database *d, const char *id_number, const char *name, long long office_id CPOL_POP_OPT(0),
                           const char *id_kind CPOL_POP_OPT(NULL), const char *nationality CPOL_POP_OPT(NULL), const char *sex CPOL_POP_OPT(NULL),
                           const char *birth_date CPOL_POP_OPT(NULL), const char *phone CPOL_POP_OPT(NULL), const char *hukou CPOL_POP_OPT(NULL),
                           long long hukou_address_id CPOL_POP_OPT(0), const char *office_since CPOL_POP_OPT(NULL),
                           const char *region CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_person_new p;
	cpol_rules *rules = NULL;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	cpol_person_new_init(&p, CPOL_PERSON_NEW_VERSION);
	p.id_number = id_number;
	p.name = name;
	p.office_id = office_id;
	p.id_kind = id_kind && !strcmp(id_kind, "passport") ? CPOL_IDKIND_PASSPORT : CPOL_IDKIND_RESIDENT;
	p.nationality = nationality;
	p.phone = phone;
	p.hukou = hukou;
	p.hukou_address_id = hukou_address_id;
	if ((rc = cpol_pop_sex(sex, &p.sex)) < 0 ||
	    (rc = cpol_pop_arg_date(&p.birth_date, birth_date, "birth_date", 0)) < 0 ||
	    (rc = cpol_pop_arg_date(&p.office_since, office_since, "office_since", 0)) < 0 ||
	    (rc = cpol_pop_rules(&rules, region)) < 0)
		return rc;
	rc = cpol_person_add(&id, db, rules, &p);
	cpol_rules_free(rules);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_person_find(cpol_database *d, const char *id_number)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	rc = cpol_person_find(&id, db, id_number);
	return rc < 0 ? rc : id;
}

cpol_pop_val *pop_person_get(cpol_database *d, long long id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_person *p = NULL;
	cpol_pop_val *m;
	if (!db || cpol_person_get(&p, db, id) < 0)
		return NULL;
	m = cpol_pop_person_val(p);
	cpol_person_free(p);
	return cpol_pop_done(m);
}

cpol_pop_id pop_person_update(cpol_database *d, long long id, const char *name CPOL_POP_OPT(NULL), const char *phone CPOL_POP_OPT(NULL),
                              const char *hukou CPOL_POP_OPT(NULL), long long hukou_address_id CPOL_POP_OPT(-1))
{
	cpol_db *db = cpol_pop_db(d);
	return db ? cpol_person_details_update(db, id, &(cpol_person_details_change){ CPOL_PERSON_DETAILS_CHANGE_VERSION, name, phone, hukou, hukou_address_id }) : CPOL_EMISUSE;
}

cpol_pop_id pop_person_transfer(cpol_database *d, long long person_id, long long office_id, const char *from,
                                const char *reason)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date f;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&f, from, "from is required", 1)) < 0)
		return rc;
	return cpol_person_transfer(db, person_id, office_id, f, reason);
}

cpol_pop_id pop_person_archive(cpol_database *d, long long person_id, const char *on, const char *reason)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date o;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&o, on, "on is required", 1)) < 0)
		return rc;
	return cpol_person_end(db, person_id, o, reason);
}

cpol_pop_val *pop_management(cpol_database *d, long long person_id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_management_iter *it;
	const cpol_management *m;
	cpol_pop_val *list;
	int rc;
	if (!db || cpol_management_iter_new(&it, db, person_id) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_management_iter_next(&m, it)) == 0) {
		cpol_pop_val *v = cpol_pop_new(5);
		cpol_pop_int(v, "office_id", m->office_id);
		cpol_pop_date(v, "valid_from", m->valid_from);
		cpol_pop_date(v, "valid_to", m->valid_to);
		cpol_pop_str(v, "reason", m->reason);
		cpol_pop_add(list, NULL, v);
	}
	cpol_management_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}

/* ------------------------------------------------------------ residences */

cpol_pop_id pop_move_in(cpol_database *d, long long person_id, long long house_id, const char *type, const char *from,
                        const char *relation CPOL_POP_OPT(NULL), long long rental_id CPOL_POP_OPT(0), const char *registered_on CPOL_POP_OPT(NULL),
                        const char *permit_no CPOL_POP_OPT(NULL), const char *permit_valid_to CPOL_POP_OPT(NULL),
                        const char *reason CPOL_POP_OPT(NULL), const char *region CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_residence_new r;
	cpol_rules *rules = NULL;
	cpol_id id = 0;
	int rel = cpol_pop_word(cpol_pop_rel_words, 4, relation, "relation must be owner, family, tenant or other");
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if (rel < 0)
		return CPOL_EINVAL;
	cpol_residence_new_init(&r, CPOL_RESIDENCE_NEW_VERSION);
	r.person_id = person_id;
	r.house_id = house_id;
	r.type = type;
	if (rel)
		r.relation = (cpol_relation)rel;
	r.rental_id = rental_id;
	r.permit_no = permit_no;
	r.reason = reason;
	if ((rc = cpol_pop_arg_date(&r.from, from, "from is required", 1)) < 0 ||
	    (rc = cpol_pop_arg_date(&r.registered_on, registered_on, "registered_on", 0)) < 0 ||
	    (rc = cpol_pop_arg_date(&r.permit_valid_to, permit_valid_to, "permit_valid_to", 0)) < 0 ||
	    (rc = cpol_pop_rules(&rules, region)) < 0)
		return rc;
	rc = cpol_person_move_in(&id, db, rules, &r);
	cpol_rules_free(rules);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_move_out(cpol_database *d, long long person_id, const char *to, const char *reason CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date t;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&t, to, "to is required", 1)) < 0)
		return rc;
	return cpol_person_move_out(db, person_id, t, reason);
}

cpol_pop_id pop_residence_register(cpol_database *d, long long residence_id, const char *on,
                                   const char *permit_no CPOL_POP_OPT(NULL), const char *valid_to CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date o, t;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&o, on, "on is required", 1)) < 0 ||
	    (rc = cpol_pop_arg_date(&t, valid_to, "valid_to", 0)) < 0)
		return rc;
	return cpol_residence_register(db, residence_id, o, permit_no, t);
}

cpol_pop_val *pop_residences(cpol_database *d, long long person_id CPOL_POP_OPT(0), long long house_id CPOL_POP_OPT(0))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_residence_iter *it;
	const cpol_residence *r;
	cpol_pop_val *list;
	int rc;
	if (!db || cpol_residence_iter_new(&it, db, person_id, house_id) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_residence_iter_next(&r, it)) == 0) {
		cpol_pop_val *v = cpol_pop_new(5);
		cpol_pop_int(v, "id", r->id);
		cpol_pop_int(v, "person_id", r->person_id);
		cpol_pop_int(v, "house_id", r->house_id);
		cpol_pop_str(v, "type", r->type);
		cpol_pop_str(v, "relation", cpol_pop_rel_words[r->relation]);
		cpol_pop_int(v, "rental_id", r->rental_id);
		cpol_pop_date(v, "valid_from", r->valid_from);
		cpol_pop_date(v, "valid_to", r->valid_to);
		cpol_pop_date(v, "registered_on", r->registered_on);
		cpol_pop_str(v, "permit_no", r->permit_no);
		cpol_pop_date(v, "permit_valid_to", r->permit_valid_to);
		cpol_pop_str(v, "reason_in", r->reason_in);
		cpol_pop_str(v, "reason_out", r->reason_out);
		cpol_pop_add(list, NULL, v);
	}
	cpol_residence_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}

/* ---------------------------------------------------------------- labels */

cpol_pop_id pop_label_add(cpol_database *d, long long person_id, const char *code, const char *from,
                          const char *reason, const char *region CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_rules *rules = NULL;
	cpol_date f;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&f, from, "from is required", 1)) < 0 || (rc = cpol_pop_rules(&rules, region)) < 0)
		return rc;
	rc = cpol_person_label_add(&id, db, rules, person_id, code, f, reason);
	cpol_rules_free(rules);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_label_end(cpol_database *d, long long label_id, const char *to, const char *reason)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date t;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&t, to, "to is required", 1)) < 0)
		return rc;
	return cpol_person_label_end(db, label_id, t, reason);
}

cpol_pop_val *pop_labels(cpol_database *d, long long person_id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_label_iter *it;
	const cpol_label *l;
	cpol_pop_val *list;
	int rc;
	if (!db || cpol_label_iter_new(&it, db, person_id) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_label_iter_next(&l, it)) == 0) {
		cpol_pop_val *v = cpol_pop_new(5);
		cpol_pop_int(v, "id", l->id);
		cpol_pop_int(v, "person_id", l->person_id);
		cpol_pop_str(v, "code", l->code);
		cpol_pop_date(v, "valid_from", l->valid_from);
		cpol_pop_date(v, "valid_to", l->valid_to);
		cpol_pop_str(v, "reason", l->reason);
		cpol_pop_str(v, "set_by", l->set_by);
		cpol_pop_str(v, "end_reason", l->end_reason);
		cpol_pop_str(v, "ended_by", l->ended_by);
		cpol_pop_add(list, NULL, v);
	}
	cpol_label_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}

cpol_pop_id pop_contact_add(cpol_database *d, const char *kind, long long person_id, long long house_id,
                            const char *on, long long staff_id CPOL_POP_OPT(0), const char *note CPOL_POP_OPT(NULL))
{
	static const char *const kinds[] = { NULL, "assessment", "talk", "visit", "household" };
	cpol_db *db = cpol_pop_db(d);
	int k = cpol_pop_word(kinds, 4, kind, "kind must be assessment, talk, visit or household");
	cpol_date o;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if (k <= 0)
		return k < 0 ? CPOL_EINVAL : cpol_error_set(CPOL_EINVAL, "kind is required");
	if ((rc = cpol_pop_arg_date(&o, on, "on is required", 1)) < 0 ||
	    (rc = cpol_contact_add(&id, db, (cpol_contact_kind)k, person_id, house_id, staff_id, o, note)) < 0)
		return rc;
	return id;
}

/* --------------------------------------------------------------- queries */

cpol_pop_val *pop_persons(cpol_database *d, const char *id_number CPOL_POP_OPT(NULL), const char *name CPOL_POP_OPT(NULL),
                          int name_prefix CPOL_POP_OPT(0), long long office_id CPOL_POP_OPT(0), long long address_id CPOL_POP_OPT(0),
                          long long house_id CPOL_POP_OPT(0), const char *label CPOL_POP_OPT(NULL), const char *residence_type CPOL_POP_OPT(NULL),
                          int include_archived CPOL_POP_OPT(0), long long after_id CPOL_POP_OPT(0), int limit CPOL_POP_OPT(0), int count_only CPOL_POP_OPT(0))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_person_query q;
	cpol_person_iter *it;
	const cpol_person *p;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	cpol_person_query_init(&q, CPOL_PERSON_QUERY_VERSION);
	q.id_number = id_number;
	q.name = name;
	q.name_prefix = name_prefix;
	q.office_id = office_id;
	q.address_id = address_id;
	q.house_id = house_id;
	q.label = label;
	q.residence_type = residence_type;
	q.include_archived = include_archived;
	q.after_id = after_id;
	q.limit = limit;
	if (count_only) {
		int64_t n = 0;
		if (cpol_person_count(&n, db, &q) < 0)
			return NULL;
		list = cpol_pop_new(1);
		if (list)
			list->i = n;
		return cpol_pop_done(list);
	}
	if (cpol_person_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_person_iter_next(&p, it)) == 0)
		cpol_pop_add(list, NULL, cpol_pop_person_val(p));
	cpol_person_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}

/* ---------------------------------------------------------- statistics */

cpol_pop_val *pop_stats(cpol_database *d, long long office_id, const char *on, const char *region CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_stats_iter *it;
	const cpol_district_stats *s;
	cpol_rules *rules = NULL;
	cpol_pop_val *list;
	cpol_date day;
	if (!db || cpol_pop_arg_date(&day, on, "on is required", 1) < 0 || cpol_pop_rules(&rules, region) < 0)
		return NULL;
	if (cpol_stats_iter_new(&it, db, rules, office_id, day) < 0) {
		cpol_rules_free(rules);
		return NULL;
	}
	list = cpol_pop_new(4);
	while (cpol_stats_iter_next(&s, it) == 0) {
		cpol_pop_val *v = cpol_pop_new(5);
		cpol_pop_int(v, "district_id", s->district_id);
		cpol_pop_int(v, "office_id", s->office_id);
		cpol_pop_str(v, "name", s->name);
		cpol_pop_int(v, "residents", s->residents);
		cpol_pop_int(v, "permanent", s->permanent);
		cpol_pop_int(v, "temporary", s->temporary);
		cpol_pop_int(v, "foreign", s->foreign);
		cpol_pop_int(v, "separated", s->separated);
		cpol_pop_int(v, "key_persons", s->key_persons);
		cpol_pop_int(v, "supervised", s->supervised);
		cpol_pop_int(v, "correction", s->correction);
		cpol_pop_int(v, "help_education", s->help_education);
		cpol_pop_int(v, "care", s->care);
		cpol_pop_int(v, "households", s->households);
		cpol_pop_int(v, "houses", s->houses);
		cpol_pop_int(v, "rented", s->rented);
		cpol_pop_int(v, "officers", s->officers);
		cpol_pop_int(v, "officers_needed", s->officers_needed);
		cpol_pop_int(v, "over", s->over);
		cpol_pop_real(v, "residents_per_officer", s->residents_per_officer);
		cpol_pop_ref(v, "rule", s->rule);
		{
			/* by_type: [{code, name, count}] in the order of the rules' residence types. */
			cpol_pop_val *types = cpol_pop_new(4);
			size_t i;
			for (i = 0; i < s->by_type_count; i++) {
				cpol_pop_val *t = cpol_pop_new(5);
				cpol_pop_str(t, "code", s->by_type[i].code);
				cpol_pop_str(t, "name", s->by_type[i].name);
				cpol_pop_int(t, "count", s->by_type[i].count);
				cpol_pop_add(types, NULL, t);
			}
			cpol_pop_add(v, "by_type", types);
		}
		cpol_pop_int(v, "other_type", s->other_type);
		cpol_pop_add(list, NULL, v);
	}
	cpol_stats_iter_free(it);
	cpol_rules_free(rules);
	return cpol_pop_done(list);
}

cpol_pop_val *pop_unmanaged(cpol_database *d, long long office_id, const char *on)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_unmanaged_iter *it;
	const cpol_unmanaged *u;
	cpol_pop_val *list;
	cpol_date day;
	if (!db || cpol_pop_arg_date(&day, on, "on is required", 1) < 0 || cpol_unmanaged_iter_new(&it, db, office_id, day) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while (cpol_unmanaged_iter_next(&u, it) == 0) {
		cpol_pop_val *v = cpol_pop_new(5);
		cpol_pop_str(v, "kind", cpol_pop_unm_words[u->kind]);
		cpol_pop_int(v, "person_id", u->person_id);
		cpol_pop_int(v, "house_id", u->house_id);
		cpol_pop_str(v, "what", u->what);
		cpol_pop_add(list, NULL, v);
	}
	cpol_unmanaged_iter_free(it);
	return cpol_pop_done(list);
}

/* ---------------------------------------------------------------- import */

static const char *const cpol_pop_import_levels[] = { "rejected", "warning", "updated" };

static cpol_pop_val *cpol_pop_import_note(const cpol_import_problem *p)
{
	cpol_pop_val *v = cpol_pop_new(5);
	cpol_pop_int(v, "line", p->line);
	cpol_pop_int(v, "column", p->column);
	cpol_pop_str(v, "field", p->field);
	cpol_pop_str(v, "reason", p->reason);
	cpol_pop_str(v, "level", cpol_pop_import_levels[p->level]);
	return v;
}

/* A dry run's notes are told, not stored: collected into the report's "problems". */
static int cpol_pop_import_told(const cpol_import_problem *p, void *payload)
{
	cpol_pop_add((cpol_pop_val *)payload, NULL, cpol_pop_import_note(p));
	return 0;
}

cpol_pop_val *pop_import_file(cpol_database *d, const char *path, const char *kind, const char *encoding CPOL_POP_OPT(NULL),
                              long long community_id CPOL_POP_OPT(0), long long office_id CPOL_POP_OPT(0),
                              const char *residence_from CPOL_POP_OPT(NULL), int batch_rows CPOL_POP_OPT(0), int resume CPOL_POP_OPT(1),
                              const char *region CPOL_POP_OPT(NULL), int update CPOL_POP_OPT(0),
                              int check_only CPOL_POP_OPT(0))
{
	static const char *const kinds[] = { NULL, "addresses", "houses", "persons" };
	static const char *const sources[] = { "options", "bom", "utf-8", "guess" };
	cpol_pop_val *told = NULL;
	cpol_db *db = cpol_pop_db(d);
	cpol_import_options o;
	cpol_import_report rep = CPOL_IMPORT_REPORT_INIT;
	cpol_rules *rules = NULL;
	cpol_pop_val *m;
	int k = cpol_pop_word(kinds, 3, kind, "kind must be addresses, houses or persons");
	int rc;
	if (!db || k <= 0) {
		if (db && !k)
			cpol_error_set(CPOL_EINVAL, "kind is required");
		return NULL;
	}
	cpol_import_options_init(&o, CPOL_IMPORT_OPTIONS_VERSION);
	o.kind = (cpol_import_kind)k;
	if (cpol_encoding_parse(&o.encoding, encoding) < 0)
		return NULL;
	o.community_id = community_id;
	o.office_id = office_id;
	o.batch_rows = batch_rows;
	o.resume = resume;
	if (cpol_pop_arg_date(&o.residence_from, residence_from, "residence_from", 0) < 0 ||
	    cpol_pop_rules(&rules, region) < 0)
		return NULL;
	o.rules = rules;
	o.update = update;
	o.check_only = check_only;
	if (check_only) {
		told = cpol_pop_new(4);
		o.problem = cpol_pop_import_told;
		o.problem_payload = told;
	}
	rc = cpol_import_run(&rep, db, path, &o);
	cpol_rules_free(rules);
	if (rc < 0) {
		if (told)
			cpol_pop_free(told);
		return NULL;
	}
	m = cpol_pop_new(5);
	cpol_pop_int(m, "run_id", rep.run_id);
	cpol_pop_str(m, "encoding", rep.encoding == CPOL_ENCODING_UTF8 ? "utf-8" : "gb18030");
	cpol_pop_int(m, "resumed", rep.resumed);
	cpol_pop_int(m, "skipped", rep.skipped);
	cpol_pop_int(m, "records", rep.records);
	cpol_pop_int(m, "ok", rep.ok);
	cpol_pop_int(m, "bad", rep.bad);
	cpol_pop_int(m, "addresses_created", rep.addresses_created);
	cpol_pop_int(m, "houses_created", rep.houses_created);
	cpol_pop_int(m, "persons_created", rep.persons_created);
	cpol_pop_int(m, "moves", rep.moves);
	cpol_pop_int(m, "warnings", rep.warnings);
	cpol_pop_int(m, "updated", rep.updated);
	cpol_pop_int(m, "check_only", rep.check_only);
	cpol_pop_str(m, "encoding_source", sources[rep.encoding_source]);
	cpol_pop_str(m, "encoding_note", rep.encoding_note);
	if (told)
		cpol_pop_add(m, "problems", told);
	return cpol_pop_done(m);
}

cpol_pop_val *pop_import_problems(cpol_database *d, long long run_id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_import_problem_iter *it;
	const cpol_import_problem *p;
	cpol_pop_val *list;
	int rc;
	if (!db || cpol_import_problem_iter_new(&it, db, run_id) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_import_problem_iter_next(&p, it)) == 0)
		cpol_pop_add(list, NULL, cpol_pop_import_note(p));
	cpol_import_problem_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}
%}

#ifdef SWIGLUA
%luacode {
  -- commpolice.population: the pop_* functions with their optional arguments
  -- by name, as the Python methods take them: the required arguments in
  -- order, then (optionally) a table of the others.
  --   local P = commpolice.population
  --   local office = P.office_add(db, station, "城东社区警务室", {office_class = "class1"})
  --   local pid = P.person_add(db, "110105199003071239", "张伟", {office_id = office, sex = "male"})
  --   P.move_in(db, pid, house, "permanent", "2024-01-05", {registered_on = "2024-01-10"})
  -- Options left out take the defaults (ids 0, flags false, text nil); true
  -- and false are accepted for flags; an unknown option raises CPOL_EINVAL
  -- naming it. The pop_* functions themselves take their arguments by
  -- position, and trailing ones may be left out.
  local function einval(field, message)
    local code = 0
    for i = 0, commpolice.error_kind_count() - 1 do
      if commpolice.error_kind_name(i) == "CPOL_EINVAL" then code = commpolice.error_kind_code(i) end
    end
    local err = { code = code, name = "CPOL_EINVAL", field = field, line = 0, column = 0, message = message }
    error(setmetatable(err, { __tostring = function(e) return e.message end }), 3)
  end
  -- name = { pop function, required arguments, all arguments of the function in order, defaults,
  --          arguments that are not options, converters }
  local specs = {
    region_add = { "pop_region_add", "code", "code name" },
    station_add = { "pop_station_add", "region_id name", "region_id name code" },
    office_add = { "pop_office_add", "station_id name", "station_id name code office_class model area_m2 region",
                   { area_m2 = 0.0 } },
    office_set_class = { "pop_office_set_class", "office_id", "office_id office_class model region" },
    office_region = { "pop_office_region", "office_id", "office_id" },
    district_add = { "pop_district_add", "office_id name", "office_id name code" },
    community_add = { "pop_community_add", "station_id name", "station_id kind name area_prefix code",
                      { kind = "urban" } },
    district_cover = { "pop_district_cover", "district_id community_id from", "district_id community_id from" },
    district_uncover = { "pop_district_uncover", "district_id community_id to", "district_id community_id to" },
    community_district = { "pop_community_district", "community_id on", "community_id on" },
    org_get = { "pop_org_get", "level id", "level id" },
    org_find = { "pop_org_find", "level code", "level code" },
    org_list = { "pop_org_list", "level", "level parent_id", { parent_id = 0 } },
    org_archive = { "pop_org_archive", "level id", "level id on" },
    staff_add = { "pop_staff_add", "office_id name kind active_from",
                  "office_id name kind active_from badge district_id dedicated_community phone",
                  { district_id = 0, dedicated_community = 0 } },
    staff_assign = { "pop_staff_assign", "staff_id office_id from",
                     "staff_id office_id district_id dedicated_community from reason",
                     { district_id = 0, dedicated_community = 0 } },
    staff_end = { "pop_staff_end", "staff_id to", "staff_id to reason" },
    staff_get = { "pop_staff_get", "staff_id", "staff_id" },
    staff_list = { "pop_staff_list", "", "office_id on district_id staff_id kind dedicated_only include_archived",
                   { office_id = 0, district_id = 0, staff_id = 0, dedicated_only = 0, include_archived = 0 } },
    address_add = { "pop_address_add", "community_id parent_id level name", "community_id parent_id level name" },
    address_find = { "pop_address_find", "community_id parent_id name", "community_id parent_id name" },
    address_ensure = { "pop_address_ensure", "community_id", "community_id street building unit room" },
    address_get = { "pop_address_get", "id", "id" },
    address_rename = { "pop_address_rename", "id name", "id name" },
    address_archive = { "pop_address_archive", "id", "id" },
    address_children = { "pop_address_children", "community_id", "community_id parent_id", { parent_id = 0 } },
    address_subtree = { "pop_address_subtree", "id", "id" },
    house_add = { "pop_house_add", "address_id",
                  "address_id use status owner_name owner_id_number owner_phone note" },
    house_find = { "pop_house_find", "address_id", "address_id" },
    house_get = { "pop_house_get", "id", "id" },
    house_set_status = { "pop_house_set_status", "id", "id use status" },
    house_set_owner = { "pop_house_set_owner", "id name", "id name id_number phone" },
    rental_register = { "pop_rental_register", "house_id landlord_name registered_on",
                        "house_id landlord_name registered_on valid_to registration_no landlord_id_number"
                        .. " landlord_phone" },
    rental_renew = { "pop_rental_renew", "rental_id valid_to", "rental_id valid_to" },
    rental_end = { "pop_rental_end", "rental_id on", "rental_id on" },
    rentals = { "pop_rentals", "house_id", "house_id" },
    person_add = { "pop_person_add", "id_number name",
                   "id_number name office_id id_kind nationality sex birth_date phone hukou hukou_address_id"
                   .. " office_since region", { office_id = 0, hukou_address_id = 0 } },
    person_find = { "pop_person_find", "id_number", "id_number" },
    person_get = { "pop_person_get", "id", "id" },
    person_update = { "pop_person_update", "id", "id name phone hukou hukou_address_id",
                      { hukou_address_id = -1 } },
    person_transfer = { "pop_person_transfer", "person_id office_id from reason",
                        "person_id office_id from reason" },
    person_archive = { "pop_person_archive", "person_id on reason", "person_id on reason" },
    management = { "pop_management", "person_id", "person_id" },
    move_in = { "pop_move_in", "person_id house_id type from",
                "person_id house_id type from relation rental_id registered_on permit_no permit_valid_to"
                .. " reason region", { rental_id = 0 } },
    move_out = { "pop_move_out", "person_id to", "person_id to reason" },
    residence_register = { "pop_residence_register", "residence_id on", "residence_id on permit_no valid_to" },
    residences = { "pop_residences", "", "person_id house_id", { person_id = 0, house_id = 0 } },
    label_add = { "pop_label_add", "person_id code from reason", "person_id code from reason region" },
    label_end = { "pop_label_end", "label_id to reason", "label_id to reason" },
    labels = { "pop_labels", "person_id", "person_id" },
    contact_add = { "pop_contact_add", "kind on", "kind person_id house_id on staff_id note",
                    { person_id = 0, house_id = 0, staff_id = 0 } },
    person_count = { "pop_persons", "",
                     "id_number name name_prefix office_id address_id house_id label residence_type"
                     .. " include_archived after_id limit count_only",
                     { name_prefix = 0, office_id = 0, address_id = 0, house_id = 0, include_archived = 0,
                       after_id = 0, limit = 0, count_only = 1 }, { after_id = true, limit = true, count_only = true } },
    stats = { "pop_stats", "office_id on", "office_id on region" },
    unmanaged = { "pop_unmanaged", "office_id on", "office_id on" },
    import_file = { "pop_import_file", "path kind",
                    "path kind encoding community_id office_id residence_from batch_rows resume region"
                    .. " update check_only",
                    { community_id = 0, office_id = 0, batch_rows = 0, resume = 1, update = 0, check_only = 0 } },
    import_problems = { "pop_import_problems", "run_id", "run_id" },
  }
  local function words(s)
    local t = {}
    for w in s:gmatch("[%w_]+") do t[#t + 1] = w end
    return t
  end
  local function wrap(name, spec)
    local raw, req, args, defaults = commpolice[spec[1]], words(spec[2]), words(spec[3]), spec[4] or {}
    local hidden, conv = spec[5] or {}, spec[6] or {}
    local known = {}
    for _, a in ipairs(args) do known[a] = not hidden[a] end
    for _, a in ipairs(req) do known[a] = false end
    return function(db, ...)
      local n = select("#", ...)
      local opts = select(#req + 1, ...)
      if n > #req + 1 or (opts ~= nil and type(opts) ~= "table") then
        einval(nil, string.format("%s: %d arguments (%s) and a table of options", name, #req, spec[2]))
      end
      local v = {}
      for i, a in ipairs(req) do v[a] = (select(i, ...)) end
      for k, x in pairs(opts or {}) do
        if not known[k] then
          einval(tostring(k), string.format("%s: unknown option '%s'", name, tostring(k)))
        end
        v[k] = x
      end
      local call, last = {}, 0
      for i, a in ipairs(args) do
        local x = v[a]
        if x == nil then x = defaults[a] end
        if conv[a] then x = conv[a](x) end
        if x == true then x = 1 elseif x == false then x = 0 end
        call[i] = x
        if x ~= nil then last = i end
      end
      return raw(db, table.unpack(call, 1, last))
    end
  end
  commpolice.population = {}
  for name, spec in pairs(specs) do
    commpolice.population[name] = wrap(name, spec)
  end
  -- n = P.idnum_parse("110105491231002", {flags = 3, today = "2024-06-01"}): no database.
  function commpolice.population.idnum_parse(text, opts)
    opts = opts or {}
    return commpolice.pop_idnum_parse(text, opts.flags or 3, opts.today)
  end
  -- Page through persons: for p in P.persons(db, {office_id = 3}, 500) do ... end
  function commpolice.population.persons(db, q, page)
    return commpolice.persons(db, q, page)
  end

  -- The population functions as methods of a database:
  -- commpolice.population_methods(db), then db:person_add(id_number, name, {sex = "male"}),
  -- db:office_add(station, name, {office_class = "class1"}), for p in db:persons({office_id = 3}) do.
  -- The methods take options as commpolice.population does.
  function commpolice.population_methods(db)
    local mt = getmetatable(db)
    local fn = mt and rawget(mt, ".fn")
    if not fn then return false end
    for name, f in pairs(commpolice.population) do
      if name ~= "idnum_parse" then fn[name] = f end
    end
    return true
  end
  -- Page through persons: for p in commpolice.persons(db, {office_id = 3}) do ... end
  function commpolice.persons(db, q, page)
    q = q or {}
    page = page or 500
    local after, buf, i = 0, {}, 1
    return function()
      if i > #buf then
        local function flag(x) if x == true then return 1 elseif not x then return 0 end return x end
        buf = commpolice.pop_persons(db, q.id_number, q.name, flag(q.name_prefix), q.office_id or 0,
                                     q.address_id or 0, q.house_id or 0, q.label, q.residence_type,
                                     flag(q.include_archived), after, page, 0)
        i = 1
        if #buf == 0 then return nil end
        after = buf[#buf].id
      end
      i = i + 1
      return buf[i - 1]
    end
  end
}
#endif

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
static const char *const cpol_pop_due_words[] = { NULL, "assessment", "talk", "person_visit", "registration",
                                                  "rental", "household_visit" };
static const char *const cpol_pop_unm_words[] = { NULL, "let_no_tenant", "no_residence", "no_office" };

static cpol_pop_val *cpol_pop_person_val(const cpol_person *p)
{
	cpol_pop_val *m = cpol_pop_new(5);
	cpol_pop_int(m, "id", p->id);
	cpol_pop_str(m, "id_kind", p->id_kind == CPOL_IDKIND_PASSPORT ? "passport" : "resident");
	cpol_pop_str(m, "id_number", p->id_number);
	cpol_pop_str(m, "id_number_old", p->id_number_old);
	cpol_pop_str(m, "nationality", p->nationality);
	cpol_pop_str(m, "name", p->name);
	cpol_pop_str(m, "sex", cpol_pop_sex_words[p->sex]);
	cpol_pop_date(m, "birth_date", p->birth_date);
	cpol_pop_str(m, "phone", p->phone);
	cpol_pop_str(m, "hukou", p->hukou);
	cpol_pop_int(m, "hukou_address_id", p->hukou_address_id);
	cpol_pop_int(m, "office_id", p->office_id);
	cpol_pop_date(m, "office_since", p->office_since);
	cpol_pop_int(m, "residence_id", p->residence_id);
	cpol_pop_int(m, "house_id", p->house_id);
	cpol_pop_str(m, "residence_type", p->residence_type);
	cpol_pop_int(m, "separated", p->separated);
	cpol_pop_str(m, "archived_at", p->archived_at);
	return m;
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

cpol_pop_val *pop_idnum_parse(const char *text, int flags, const char *today)
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

cpol_pop_id pop_person_add(cpol_database *d, const char *id_number, const char *name, long long office_id,
                           const char *id_kind, const char *nationality, const char *sex,
                           const char *birth_date, const char *phone, const char *hukou,
                           long long hukou_address_id, const char *office_since,
                           const char *region)
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

cpol_pop_id pop_person_update(cpol_database *d, long long id, const char *name, const char *phone,
                              const char *hukou, long long hukou_address_id)
{
	cpol_db *db = cpol_pop_db(d);
	return db ? cpol_person_update(db, id, name, phone, hukou, hukou_address_id) : CPOL_EMISUSE;
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
	return cpol_person_archive(db, person_id, o, reason);
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
                        const char *relation, long long rental_id, const char *registered_on,
                        const char *permit_no, const char *permit_valid_to,
                        const char *reason, const char *region)
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

cpol_pop_id pop_move_out(cpol_database *d, long long person_id, const char *to, const char *reason)
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
                                   const char *permit_no, const char *valid_to)
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

cpol_pop_val *pop_residences(cpol_database *d, long long person_id, long long house_id)
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
                          const char *reason, const char *region)
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
                            const char *on, long long staff_id, const char *note)
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

cpol_pop_val *pop_persons(cpol_database *d, const char *id_number, const char *name,
                          int name_prefix, long long office_id, long long address_id,
                          long long house_id, const char *label, const char *residence_type,
                          int include_archived, long long after_id, int limit, int count_only)
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

/* ------------------------------------------------- due lists, statistics */

cpol_pop_val *pop_due(cpol_database *d, long long office_id, const char *on, int horizon_days,
                      int kinds, const char *region)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_due_options o;
	cpol_due_iter *it;
	const cpol_due_item *item;
	cpol_rules *rules = NULL;
	cpol_pop_val *list;
	cpol_date day;
	if (!db)
		return NULL;
	cpol_due_options_init(&o, CPOL_DUE_OPTIONS_VERSION);
	o.horizon_days = horizon_days;
	o.kinds = (unsigned int)kinds;
	if (cpol_pop_arg_date(&day, on, "on is required", 1) < 0 || cpol_pop_rules(&rules, region) < 0)
		return NULL;
	if (cpol_due_iter_new(&it, db, rules, office_id, day, &o) < 0) {
		cpol_rules_free(rules);
		return NULL;
	}
	list = cpol_pop_new(4);
	while (cpol_due_iter_next(&item, it) == 0) {
		cpol_pop_val *v = cpol_pop_new(5);
		cpol_pop_str(v, "kind", cpol_pop_due_words[item->kind]);
		cpol_pop_int(v, "person_id", item->person_id);
		cpol_pop_int(v, "house_id", item->house_id);
		cpol_pop_int(v, "residence_id", item->residence_id);
		cpol_pop_int(v, "rental_id", item->rental_id);
		cpol_pop_str(v, "label", item->label);
		cpol_pop_date(v, "last_done", item->last_done);
		cpol_pop_date(v, "due", item->due);
		cpol_pop_int(v, "overdue", item->overdue);
		cpol_pop_ref(v, "rule", item->rule);
		cpol_pop_str(v, "what", item->what);
		cpol_pop_add(list, NULL, v);
	}
	cpol_due_iter_free(it);
	cpol_rules_free(rules);
	return cpol_pop_done(list);
}

cpol_pop_val *pop_stats(cpol_database *d, long long office_id, const char *on, const char *region)
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

cpol_pop_val *pop_import_file(cpol_database *d, const char *path, const char *kind, const char *encoding,
                              long long community_id, long long office_id,
                              const char *residence_from, int batch_rows, int resume,
                              const char *region)
{
	static const char *const kinds[] = { NULL, "addresses", "houses", "persons" };
	cpol_db *db = cpol_pop_db(d);
	cpol_import_options o;
	cpol_import_report rep;
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
	o.encoding = !encoding || !strcmp(encoding, "auto") ? CPOL_ENCODING_AUTO
	             : !strcmp(encoding, "utf-8") ? CPOL_ENCODING_UTF8 : CPOL_ENCODING_GB18030;
	o.community_id = community_id;
	o.office_id = office_id;
	o.batch_rows = batch_rows;
	o.resume = resume;
	if (cpol_pop_arg_date(&o.residence_from, residence_from, "residence_from", 0) < 0 ||
	    cpol_pop_rules(&rules, region) < 0)
		return NULL;
	o.rules = rules;
	rc = cpol_import_file(&rep, db, path, &o);
	cpol_rules_free(rules);
	if (rc < 0)
		return NULL;
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
	while ((rc = cpol_import_problem_iter_next(&p, it)) == 0) {
		cpol_pop_val *v = cpol_pop_new(5);
		cpol_pop_int(v, "line", p->line);
		cpol_pop_int(v, "column", p->column);
		cpol_pop_str(v, "field", p->field);
		cpol_pop_str(v, "reason", p->reason);
		cpol_pop_add(list, NULL, v);
	}
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
  -- Population functions as methods: commpolice.population_methods(db) lets
  -- db:person_add(...) call commpolice.pop_person_add(db, ...).
  function commpolice.population_methods(db)
    local mt = getmetatable(db)
    local fn = mt and rawget(mt, ".fn")
    if not fn then return false end
    for name, f in pairs(commpolice) do
      if type(name) == "string" and name:sub(1, 4) == "pop_" and type(f) == "function" then
        fn[name:sub(5)] = f
      end
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
        buf = commpolice.pop_persons(db, q.id_number, q.name, q.name_prefix or 0, q.office_id or 0,
                                     q.address_id or 0, q.house_id or 0, q.label, q.residence_type,
                                     q.include_archived or 0, after, page, 0)
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

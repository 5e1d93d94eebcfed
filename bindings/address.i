/*
 * libcommpolice — SWIG part of the address module (the standard address
 * tree, houses, lettings), %include'd by bindings/commpolice.i after org.i,
 * whose value tree and typemaps it uses.
 */

%{
static const char *const cpol_pop_level_words[] = { NULL, "street", "building", "unit", "room" };
static const char *const cpol_pop_use_words[] = { NULL, "residential", "commercial", "mixed", "dormitory", "other" };
static const char *const cpol_pop_status_words[] = { NULL, "self", "rented", "vacant", "lent" };

static int cpol_pop_word(const char *const *words, int n, const char *w, const char *what)
{
	int i;
	if (!w || !*w)
		return 0;
	for (i = 1; i <= n; i++)
		if (!strcmp(words[i], w))
			return i;
	cpol_error_set(CPOL_EINVAL, what);
	return -1;
}

static cpol_pop_val *cpol_pop_address_val(const cpol_address *a)
{
	cpol_pop_val *m = cpol_pop_new(5);
	cpol_pop_int(m, "id", a->id);
	cpol_pop_int(m, "community_id", a->community_id);
	cpol_pop_int(m, "parent_id", a->parent_id);
	cpol_pop_str(m, "level", a->level >= 1 && a->level <= 4 ? cpol_pop_level_words[a->level] : NULL);
	cpol_pop_str(m, "name", a->name);
	cpol_pop_str(m, "full", a->full);
	cpol_pop_str(m, "archived_at", a->archived_at);
	return m;
}

static cpol_pop_val *cpol_pop_rental_val(const cpol_rental *r)
{
	cpol_pop_val *m = cpol_pop_new(5);
	cpol_pop_int(m, "id", r->id);
	cpol_pop_int(m, "house_id", r->house_id);
	cpol_pop_str(m, "landlord_name", r->landlord_name);
	cpol_pop_str(m, "landlord_id_number", r->landlord_id_number);
	cpol_pop_str(m, "landlord_phone", r->landlord_phone);
	cpol_pop_str(m, "registration_no", r->registration_no);
	cpol_pop_date(m, "registered_on", r->registered_on);
	cpol_pop_date(m, "valid_to", r->valid_to);
	cpol_pop_date(m, "ended_on", r->ended_on);
	cpol_pop_str(m, "archived_at", r->archived_at);
	return m;
}

static cpol_pop_val *cpol_pop_address_list(cpol_address_iter *it)
{
	const cpol_address *a;
	cpol_pop_val *list = cpol_pop_new(4);
	int rc;
	while ((rc = cpol_address_iter_next(&a, it)) == 0)
		cpol_pop_add(list, NULL, cpol_pop_address_val(a));
	cpol_address_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}
%}

%inline %{
cpol_pop_id pop_address_add(cpol_database *d, long long community_id, long long parent_id, const char *level,
                            const char *name)
{
	cpol_db *db = cpol_pop_db(d);
	int lv = cpol_pop_word(cpol_pop_level_words, 4, level, "level must be street, building, unit or room");
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if (lv <= 0)
		return lv < 0 ? CPOL_EINVAL : cpol_error_set(CPOL_EINVAL, "level is required");
	rc = cpol_address_add(&id, db, community_id, parent_id, (cpol_address_level)lv, name);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_address_find(cpol_database *d, long long community_id, long long parent_id, const char *name)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	rc = cpol_address_find(&id, db, community_id, parent_id, name);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_address_ensure(cpol_database *d, long long community_id, const char *street CPOL_POP_OPT(NULL),
                               const char *building CPOL_POP_OPT(NULL), const char *unit CPOL_POP_OPT(NULL), const char *room CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_address_path p = CPOL_ADDRESS_PATH_INIT;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	p.street = street;
	p.building = building;
	p.unit = unit;
	p.room = room;
	rc = cpol_address_ensure(&id, db, community_id, &p);
	return rc < 0 ? rc : id;
}

cpol_pop_val *pop_address_get(cpol_database *d, long long id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_address *a = NULL;
	cpol_pop_val *m;
	if (!db || cpol_address_get(&a, db, id) < 0)
		return NULL;
	m = cpol_pop_address_val(a);
	cpol_address_free(a);
	return cpol_pop_done(m);
}

cpol_pop_id pop_address_rename(cpol_database *d, long long id, const char *name)
{
	cpol_db *db = cpol_pop_db(d);
	return db ? cpol_address_rename(db, id, name) : CPOL_EMISUSE;
}

cpol_pop_id pop_address_archive(cpol_database *d, long long id)
{
	cpol_db *db = cpol_pop_db(d);
	return db ? cpol_address_archive(db, id) : CPOL_EMISUSE;
}

cpol_pop_val *pop_address_children(cpol_database *d, long long community_id, long long parent_id CPOL_POP_OPT(0))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_address_iter *it;
	if (!db || cpol_address_children_iter_new(&it, db, community_id, parent_id) < 0)
		return NULL;
	return cpol_pop_address_list(it);
}

cpol_pop_val *pop_address_subtree(cpol_database *d, long long id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_address_iter *it;
	if (!db || cpol_address_subtree_iter_new(&it, db, id) < 0)
		return NULL;
	return cpol_pop_address_list(it);
}

cpol_pop_id pop_house_add(cpol_database *d, long long address_id, const char *use CPOL_POP_OPT(NULL), const char *status CPOL_POP_OPT(NULL),
                          const char *owner_name CPOL_POP_OPT(NULL), const char *owner_id_number CPOL_POP_OPT(NULL),
                          const char *owner_phone CPOL_POP_OPT(NULL), const char *note CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_house_new h;
	int u = cpol_pop_word(cpol_pop_use_words, 5, use, "use must be residential, commercial, mixed, dormitory or other");
	int s = cpol_pop_word(cpol_pop_status_words, 4, status, "status must be self, rented, vacant or lent");
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if (u < 0 || s < 0)
		return CPOL_EINVAL;
	cpol_house_new_init(&h, CPOL_HOUSE_NEW_VERSION);
	h.address_id = address_id;
	if (u)
		h.use = (cpol_house_use)u;
	if (s)
		h.status = (cpol_house_status)s;
	h.owner_name = owner_name;
	h.owner_id_number = owner_id_number;
	h.owner_phone = owner_phone;
	h.note = note;
	rc = cpol_house_add(&id, db, &h);
	return rc < 0 ? rc : id;
}

cpol_pop_id pop_house_find(cpol_database *d, long long address_id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	rc = cpol_house_find(&id, db, address_id);
	return rc < 0 ? rc : id;
}

cpol_pop_val *pop_house_get(cpol_database *d, long long id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_house *h = NULL;
	cpol_pop_val *m;
	if (!db || cpol_house_get(&h, db, id) < 0)
		return NULL;
	m = cpol_pop_new(5);
	cpol_pop_int(m, "id", h->id);
	cpol_pop_int(m, "address_id", h->address_id);
	cpol_pop_int(m, "community_id", h->community_id);
	cpol_pop_str(m, "use", cpol_pop_use_words[h->use]);
	cpol_pop_str(m, "status", cpol_pop_status_words[h->status]);
	cpol_pop_str(m, "owner_name", h->owner_name);
	cpol_pop_str(m, "owner_id_number", h->owner_id_number);
	cpol_pop_str(m, "owner_phone", h->owner_phone);
	cpol_pop_str(m, "note", h->note);
	cpol_pop_str(m, "address", h->address);
	cpol_pop_str(m, "archived_at", h->archived_at);
	cpol_house_free(h);
	return cpol_pop_done(m);
}

cpol_pop_id pop_house_set_status(cpol_database *d, long long id, const char *use CPOL_POP_OPT(NULL), const char *status CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	int u = cpol_pop_word(cpol_pop_use_words, 5, use, "use must be residential, commercial, mixed, dormitory or other");
	int s = cpol_pop_word(cpol_pop_status_words, 4, status, "status must be self, rented, vacant or lent");
	if (!db)
		return CPOL_EMISUSE;
	if (u < 0 || s < 0)
		return CPOL_EINVAL;
	return cpol_house_set_status(db, id, (cpol_house_use)u, (cpol_house_status)s);
}

cpol_pop_id pop_house_set_owner(cpol_database *d, long long id, const char *name, const char *id_number CPOL_POP_OPT(NULL),
                                const char *phone CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	return db ? cpol_house_set_owner(db, id, name, id_number, phone) : CPOL_EMISUSE;
}

cpol_pop_id pop_rental_register(cpol_database *d, long long house_id, const char *landlord_name,
                                const char *registered_on, const char *valid_to CPOL_POP_OPT(NULL),
                                const char *registration_no CPOL_POP_OPT(NULL), const char *landlord_id_number CPOL_POP_OPT(NULL),
                                const char *landlord_phone CPOL_POP_OPT(NULL))
{
	cpol_db *db = cpol_pop_db(d);
	cpol_rental_new r;
	cpol_id id = 0;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	cpol_rental_new_init(&r, CPOL_RENTAL_NEW_VERSION);
	r.house_id = house_id;
	r.landlord_name = landlord_name;
	r.landlord_id_number = landlord_id_number;
	r.landlord_phone = landlord_phone;
	r.registration_no = registration_no;
	if ((rc = cpol_pop_arg_date(&r.registered_on, registered_on, "registered_on is required", 1)) < 0 ||
	    (rc = cpol_pop_arg_date(&r.valid_to, valid_to, "valid_to", 0)) < 0 ||
	    (rc = cpol_rental_register(&id, db, &r)) < 0)
		return rc;
	return id;
}

cpol_pop_id pop_rental_renew(cpol_database *d, long long rental_id, const char *valid_to)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date t;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&t, valid_to, "valid_to is required", 1)) < 0)
		return rc;
	return cpol_rental_renew(db, rental_id, t);
}

cpol_pop_id pop_rental_end(cpol_database *d, long long rental_id, const char *on)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_date t;
	int rc;
	if (!db)
		return CPOL_EMISUSE;
	if ((rc = cpol_pop_arg_date(&t, on, "on is required", 1)) < 0)
		return rc;
	return cpol_rental_end(db, rental_id, t);
}

cpol_pop_val *pop_rentals(cpol_database *d, long long house_id)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_rental_iter *it;
	const cpol_rental *r;
	cpol_pop_val *list;
	int rc;
	if (!db || cpol_rental_iter_new(&it, db, house_id) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_rental_iter_next(&r, it)) == 0)
		cpol_pop_add(list, NULL, cpol_pop_rental_val(r));
	cpol_rental_iter_free(it);
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	return cpol_pop_done(list);
}
%}

/*
 * libcommpolice — SWIG part of the patrols (巡逻), publicity events (六防宣传),
 * contact cards (每户一卡) and 失控 states (lib/work_patrol.c), %include'd by
 * bindings/commpolice.i after work_list.i, whose page helpers and value
 * tree (cpol_pop_val) it uses.
 *
 * Writes are methods of Database (db.patrol_add(...)); listings are
 * work_X_page(db, ..., after_id, limit) keyset pages, wrapped in generators
 * by commpolice/work.py (db.patrol_list(...)) and in iterator functions by
 * the Lua code below (commpolice.patrols(db, {office_id = 1})). The queries
 * the owed view reads (households without a card, residents owed a check,
 * quotas) return a whole list. Auxiliaries are a list of staff ids in
 * Python, "3,5" in Lua (commpolice.ids{3, 5}) and to the C method. Times of
 * day are "HH:MM".
 */

%insert("runtime") %{
/* Used by the Database methods below, whose bodies SWIG emits with the
 * class's other extended methods, before this file's helper block. */
static int cpol_wp_minute(int *out, const char *text, const char *field);
static int cpol_wp_ids(cpol_id **out, size_t *count, const char *text);
%}

%{
/* "HH:MM" as minutes after midnight; CPOL_EINVAL naming field otherwise. */
static int cpol_wp_minute(int *out, const char *text, const char *field)
{
	int h, m;
	char tail;
	if (!text || sscanf(text, "%2d:%2d%c", &h, &m, &tail) != 2 || strlen(text) != 5 || h < 0 ||
	    h > 23 || m < 0 || m > 59)
		return cpol_error_set(CPOL_EINVAL, field);
	*out = h * 60 + m;
	return 0;
}

/* "3,5,8" as a new array of ids (NULL and 0 for NULL or ""); CPOL_EINVAL or CPOL_ENOMEM. */
static int cpol_wp_ids(cpol_id **out, size_t *count, const char *text)
{
	const char *c = text;
	size_t n = 1, k = 0;
	char *end;

	*out = NULL;
	*count = 0;
	if (!text || !*text)
		return 0;
	for (; *c; c++)
		n += *c == ',';
	if (!(*out = calloc(n, sizeof(**out))))
		return cpol_error_set(CPOL_ENOMEM, NULL);
	for (c = text; k < n; k++) {
		(*out)[k] = strtoll(c, &end, 10);
		if (end == c || (*end && *end != ',')) {
			free(*out);
			*out = NULL;
			return cpol_error_set(CPOL_EINVAL, "auxiliaries");
		}
		c = *end ? end + 1 : end;
	}
	*count = n;
	return 0;
}

static cpol_pop_val *cpol_wp_patrol(const cpol_patrol *p)
{
	cpol_pop_val *m = cpol_pop_new(5), *aux = cpol_pop_new(4);
	char t[8];
	size_t i;
	cpol_pop_int(m, "id", p->id);
	cpol_pop_int(m, "office_id", p->office_id);
	cpol_pop_int(m, "officer_id", p->officer_id);
	cpol_pop_date(m, "on", p->on);
	snprintf(t, sizeof(t), "%02d:%02d", p->start_minute / 60 % 24, p->start_minute % 60);
	cpol_pop_str(m, "start", t);
	snprintf(t, sizeof(t), "%02d:%02d", p->end_minute / 60 % 24, p->end_minute % 60);
	cpol_pop_str(m, "end", t);
	cpol_pop_int(m, "night", p->night);
	cpol_pop_str(m, "area", p->area);
	for (i = 0; i < p->auxiliary_count; i++)
		cpol_pop_int(aux, NULL, p->auxiliaries[i]);
	cpol_pop_add(m, "auxiliaries", aux);
	cpol_pop_int(m, "volunteers", p->volunteers);
	cpol_pop_str(m, "note", p->note);
	return m;
}

static cpol_pop_val *cpol_wp_publicity(const cpol_publicity *p)
{
	cpol_pop_val *m = cpol_pop_new(5);
	cpol_pop_int(m, "id", p->id);
	cpol_pop_int(m, "office_id", p->office_id);
	cpol_pop_int(m, "officer_id", p->officer_id);
	cpol_pop_date(m, "on", p->on);
	cpol_pop_str(m, "topic", cpol_prevention_topic_name(p->topic));
	cpol_pop_str(m, "place", p->place);
	cpol_pop_int(m, "audience", p->audience);
	cpol_pop_str(m, "summary", p->summary);
	return m;
}

static cpol_pop_val *cpol_wp_card(const cpol_contact_card *c)
{
	cpol_pop_val *m = cpol_pop_new(5);
	cpol_pop_int(m, "id", c->id);
	cpol_pop_int(m, "office_id", c->office_id);
	cpol_pop_int(m, "house_id", c->house_id);
	cpol_pop_int(m, "officer_id", c->officer_id);
	cpol_pop_date(m, "issued_on", c->issued_on);
	cpol_pop_str(m, "number", c->number);
	return m;
}

static cpol_pop_val *cpol_wp_lost(const cpol_lost *l)
{
	cpol_pop_val *m = cpol_pop_new(5);
	cpol_pop_int(m, "id", l->id);
	cpol_pop_int(m, "person_id", l->person_id);
	cpol_pop_int(m, "office_id", l->office_id);
	cpol_pop_int(m, "officer_id", l->officer_id);
	cpol_pop_date(m, "from", l->from);
	cpol_pop_str(m, "found_by", cpol_lost_found_by_name(l->found_by));
	cpol_pop_str(m, "note", l->note);
	cpol_pop_date(m, "ended_on", l->ended_on);
	cpol_pop_str(m, "end_reason", l->end_reason ? cpol_lost_end_reason_name(l->end_reason) : NULL);
	cpol_pop_str(m, "end_note", l->end_note);
	return m;
}
%}

%feature("kwargs") cpol_database::patrol_add;
%feature("kwargs") cpol_database::publicity_add;
%feature("kwargs") cpol_database::contact_card_add;
%feature("kwargs") cpol_database::lost_add;
%feature("kwargs") cpol_database::lost_end;
CPOL_RAISING_ID(cpol_database::patrol_add)
CPOL_RAISING_ID(cpol_database::publicity_add)
CPOL_RAISING_ID(cpol_database::contact_card_add)
CPOL_RAISING_ID(cpol_database::lost_add)
CPOL_RAISING_ID(cpol_database::house_contact_card)

%extend cpol_database {
	/* A patrol (巡逻): start, end "HH:MM" (an end before the start is the next
	 * day); auxiliaries "3,5" (staff ids); shift "auto" (from the times),
	 * "day" or "night". Returns its id. */
	cpol_idres patrol_add(long long office_id, const char *on, const char *start,
	                      const char *end, const char *area, long long officer_id = 0,
	                      const char *auxiliaries = NULL, int volunteers = 0,
	                      const char *shift = NULL, const char *note = NULL) {
		cpol_patrol_new p = CPOL_PATROL_NEW_INIT;
		cpol_id id = 0, *aux = NULL;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&p.on, on, "on is required")) < 0 ||
		    (rc = cpol_wp_minute(&p.start_minute, start, "start")) < 0 ||
		    (rc = cpol_wp_minute(&p.end_minute, end, "end")) < 0 ||
		    (shift && (rc = cpol_patrol_shift_parse(&p.shift, shift)) < 0) ||
		    (rc = cpol_wp_ids(&aux, &p.auxiliary_count, auxiliaries)) < 0)
			return rc;
		p.office_id = office_id;
		p.officer_id = officer_id;
		p.area = area;
		p.auxiliaries = aux;
		p.volunteers = volunteers;
		p.note = note;
		rc = cpol_patrol_add(&id, db, &p);
		free(aux);
		return rc < 0 ? rc : id;
	}
	/* Archive a patrol entered by mistake: kept, no longer listed or counted. */
	cpol_status patrol_archive(long long patrol_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_patrol_archive(db, patrol_id);
	}
	/* A publicity event (六防宣传): topic fire, theft, poison, sabotage, traffic
	 * or disaster. Returns its id. */
	cpol_idres publicity_add(long long office_id, const char *on, const char *topic,
	                         const char *place, long long officer_id = 0, int audience = 0,
	                         const char *summary = NULL) {
		cpol_publicity_new p = CPOL_PUBLICITY_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&p.on, on, "on is required")) < 0 ||
		    (rc = cpol_prevention_topic_parse(&p.topic, topic)) < 0)
			return rc;
		p.office_id = office_id;
		p.officer_id = officer_id;
		p.place = place;
		p.audience = audience;
		p.summary = summary;
		rc = cpol_publicity_add(&id, db, &p);
		return rc < 0 ? rc : id;
	}
	cpol_status publicity_archive(long long event_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_publicity_archive(db, event_id);
	}
	/* A police contact card given to a household (每户一卡); a new one for the
	 * same house replaces it from its day, the old one kept. Returns its id. */
	cpol_idres contact_card_add(long long office_id, long long house_id, const char *issued_on,
	                            long long officer_id = 0, const char *number = NULL) {
		cpol_contact_card_new c = CPOL_CONTACT_CARD_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&c.issued_on, issued_on, "issued_on is required")) < 0)
			return rc;
		c.office_id = office_id;
		c.house_id = house_id;
		c.officer_id = officer_id;
		c.number = number;
		rc = cpol_contact_card_add(&id, db, &c);
		return rc < 0 ? rc : id;
	}
	cpol_status contact_card_archive(long long card_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_contact_card_archive(db, card_id);
	}
	/* The card a house holds on a day (0: none). */
	cpol_idres house_contact_card(long long house_id, const char *on) {
		cpol_date d;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&d, on, "on is required")) < 0)
			return rc;
		rc = cpol_house_contact_card(&id, db, house_id, d);
		return rc < 0 ? rc : id;
	}
	/* 失控: the person's whereabouts unknown from `from`; found_by visit, check,
	 * report or other; office_id 0: the person's managing office. */
	cpol_idres lost_add(long long person_id, const char *from, const char *found_by,
	                    long long office_id = 0, long long officer_id = 0,
	                    const char *note = NULL) {
		cpol_lost_new l = CPOL_LOST_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&l.from, from, "from is required")) < 0 ||
		    (rc = cpol_lost_found_by_parse(&l.found_by, found_by)) < 0)
			return rc;
		l.person_id = person_id;
		l.office_id = office_id;
		l.officer_id = officer_id;
		l.note = note;
		rc = cpol_lost_add(&id, db, &l);
		return rc < 0 ? rc : id;
	}
	/* End a 失控 state: not lost from `on`; how located, moved_away, error or other. */
	cpol_status lost_end(long long lost_id, const char *on, const char *how,
	                     const char *note = NULL) {
		cpol_lost_end_reason r;
		cpol_date d;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&d, on, "on is required")) < 0 ||
		    (rc = cpol_lost_end_reason_parse(&r, how)) < 0)
			return rc;
		return cpol_lost_end(db, lost_id, d, r, note);
	}
	cpol_status lost_archive(long long lost_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_lost_archive(db, lost_id);
	}
}

%inline %{
/* Patrols; night: 1 night only, 0 day only, -1 either. */
cpol_pop_val *work_patrol_page(cpol_database *d, long long office_id, long long officer_id,
                               int night, const char *from, const char *to, long long after_id,
                               int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_patrol_query q = CPOL_PATROL_QUERY_INIT;
	cpol_patrol_iter *it;
	const cpol_patrol *r;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if (cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.night = night;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_patrol_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_patrol_iter_next(&r, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wp_patrol(r));
	cpol_patrol_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* Publicity events; topic: a code, or None for any. */
cpol_pop_val *work_publicity_page(cpol_database *d, long long office_id, long long officer_id,
                                  const char *topic, const char *from, const char *to,
                                  long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_publicity_query q = CPOL_PUBLICITY_QUERY_INIT;
	cpol_publicity_iter *it;
	const cpol_publicity *r;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if (cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	if (topic && *topic && cpol_prevention_topic_parse(&q.topic, topic) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_publicity_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_publicity_iter_next(&r, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wp_publicity(r));
	cpol_publicity_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* Contact cards; house_id: a house's history. */
cpol_pop_val *work_contact_card_page(cpol_database *d, long long office_id, long long officer_id,
                                     long long house_id, const char *from, const char *to,
                                     long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_contact_card_query q = CPOL_CONTACT_CARD_QUERY_INIT;
	cpol_contact_card_iter *it;
	const cpol_contact_card *r;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if (cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.house_id = house_id;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_contact_card_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_contact_card_iter_next(&r, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wp_card(r));
	cpol_contact_card_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* 失控 records; on: only those lost that day. */
cpol_pop_val *work_lost_page(cpol_database *d, long long office_id, long long officer_id,
                             long long person_id, const char *on, const char *from,
                             const char *to, long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_lost_query q = CPOL_LOST_QUERY_INIT;
	cpol_lost_iter *it;
	const cpol_lost *r;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if (cpol_pop_arg_date(&q.on, on, "on", 0) < 0 ||
	    cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.person_id = person_id;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_lost_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_lost_iter_next(&r, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wp_lost(r));
	cpol_lost_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* Households of an office without a contact card on a day (visits.contact_card). */
cpol_pop_val *work_uncarded(cpol_database *d, cpol_rules_h *rules, long long office_id,
                            const char *on)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_uncarded_iter *it;
	const cpol_uncarded *r;
	cpol_pop_val *list, *m;
	cpol_date day;
	int rc;
	if (!db)
		return NULL;
	if (!rules)
		return cpol_error_set(CPOL_EINVAL, "rules are required"), NULL;
	if (cpol_pop_arg_date(&day, on, "on", 1) < 0)
		return NULL;
	if (cpol_uncarded_iter_new(&it, db, cpol_work_swig_rules_of(rules), office_id, day) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_uncarded_iter_next(&r, it)) == 0) {
		m = cpol_pop_new(5);
		cpol_pop_int(m, "house_id", r->house_id);
		cpol_pop_int(m, "address_id", r->address_id);
		cpol_pop_int(m, "residents", r->residents);
		cpol_pop_date(m, "since", r->since);
		cpol_pop_ref(m, "rule", r->rule);
		cpol_pop_add(list, NULL, m);
	}
	cpol_uncarded_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* Residents owed a check on a day (population.residence_types[].verify). */
cpol_pop_val *work_unverified(cpol_database *d, cpol_rules_h *rules, long long office_id,
                              const char *on, int horizon_days)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_unverified_iter *it;
	const cpol_unverified *r;
	cpol_pop_val *list, *m;
	cpol_date day;
	int rc;
	if (!db)
		return NULL;
	if (!rules)
		return cpol_error_set(CPOL_EINVAL, "rules are required"), NULL;
	if (cpol_pop_arg_date(&day, on, "on", 1) < 0)
		return NULL;
	if (cpol_unverified_iter_new(&it, db, cpol_work_swig_rules_of(rules), office_id, day,
	                             horizon_days) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_unverified_iter_next(&r, it)) == 0) {
		m = cpol_pop_new(5);
		cpol_pop_int(m, "person_id", r->person_id);
		cpol_pop_int(m, "residence_id", r->residence_id);
		cpol_pop_int(m, "house_id", r->house_id);
		cpol_pop_str(m, "type", r->type_code);
		cpol_pop_date(m, "since", r->since);
		cpol_pop_date(m, "last_checked", r->last_checked);
		cpol_pop_date(m, "due", r->due);
		cpol_pop_int(m, "provisional", r->provisional);
		cpol_pop_ref(m, "rule", r->rule);
		cpol_pop_add(list, NULL, m);
	}
	cpol_unverified_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* Officers' night-patrol and publicity quotas in the period holding a day. */
cpol_pop_val *work_quotas(cpol_database *d, cpol_rules_h *rules, long long office_id,
                          long long officer_id, const char *on)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_quota_list *ql = NULL;
	cpol_pop_val *list, *m, *ref;
	cpol_date day;
	size_t i;
	if (!db)
		return NULL;
	if (!rules)
		return cpol_error_set(CPOL_EINVAL, "rules are required"), NULL;
	if (cpol_pop_arg_date(&day, on, "on", 1) < 0)
		return NULL;
	if (cpol_quota_list_get(&ql, db, cpol_work_swig_rules_of(rules), office_id, officer_id, day) < 0)
		return NULL;
	list = cpol_pop_new(4);
	for (i = 0; i < ql->count; i++) {
		const cpol_quota *q = &ql->items[i];
		m = cpol_pop_new(5);
		cpol_pop_str(m, "kind", cpol_quota_kind_name(q->kind));
		cpol_pop_int(m, "office_id", q->office_id);
		cpol_pop_int(m, "officer_id", q->officer_id);
		cpol_pop_date(m, "from", q->from);
		cpol_pop_date(m, "to", q->to);
		cpol_pop_int(m, "done", q->done);
		cpol_pop_int(m, "target", q->target);
		cpol_pop_int(m, "short_by", q->short_by);
		ref = cpol_pop_new(5);
		cpol_pop_str(ref, "key", q->rule_key);
		cpol_pop_str(ref, "file", q->rule_file);
		cpol_pop_int(ref, "line", q->rule_line);
		cpol_pop_str(ref, "region", q->rule_region);
		cpol_pop_add(m, "rule", ref);
		cpol_pop_add(list, NULL, m);
	}
	cpol_quota_list_free(ql);
	return cpol_pop_done(list);
}
%}

#ifdef SWIGLUA
%luacode {
  -- Patrols, publicity events, contact cards and 失控 records as iterator
  -- functions over keyset pages, like the listings of work_list.i:
  --   for p in commpolice.patrols(db, {office_id = 1, night = true}) do print(p.on, p.area) end
  local function night_flag(v)
    if v == nil then return -1 end
    if v == true or v == 1 then return 1 end
    return 0
  end
  function cp.patrols(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_patrol_page(db, q.office_id or 0, q.officer_id or 0, night_flag(q.night),
                                 q.from, q.to, after, n)
    end, page)
  end
  function cp.publicity(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_publicity_page(db, q.office_id or 0, q.officer_id or 0, q.topic, q.from,
                                    q.to, after, n)
    end, page)
  end
  function cp.contact_cards(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_contact_card_page(db, q.office_id or 0, q.officer_id or 0, q.house_id or 0,
                                       q.from, q.to, after, n)
    end, page)
  end
  function cp.lost(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_lost_page(db, q.office_id or 0, q.officer_id or 0, q.person_id or 0, q.on,
                               q.from, q.to, after, n)
    end, page)
  end
  -- db:patrol_add(office, on, start, end, area, officer, auxiliaries, ...) takes the
  -- auxiliaries as "3,5"; commpolice.ids({3, 5}) makes that text of a table.
  function cp.ids(t) return table.concat(t, ",") end
}
#endif

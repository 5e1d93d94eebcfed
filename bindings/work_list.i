/*
 * libcommpolice — SWIG part of the work module's listings (lib/work_list.c),
 * %include'd by bindings/commpolice.i after population.i: it returns its
 * rows as org.i's value tree (cpol_pop_val), which the out typemap there
 * turns into lists of dicts in Python and of tables in Lua.
 *
 * Each work_X_page(db, ..., after_id, limit) returns one keyset page: the
 * rows with ids above after_id, at most limit of them (0: all). The Python
 * package (commpolice/work.py) wraps them in generators on Database
 * (db.notice_list(...)); the Lua code below in iterator functions
 * (for n in commpolice.notices(db, {office_id = 1}) do ... end). Each page
 * opens and frees its own iterator, so nothing stays open between pages.
 *
 * Dates are "YYYY-MM-DD" strings (None/nil for none); kinds and states are
 * their codes ("overdue", "household", "criminal", "mediated").
 */

%{
static const char *const cpol_wl_inspection_kinds[] = {
	"routine", "fire", "special", "reinspection", NULL };
static const char *const cpol_wl_dispute_status[] = {
	"open", "mediated", "failed", "referred", NULL };

/* An optional code argument: NULL or "" is 0; otherwise its index + 1, or CPOL_EINVAL naming field. */
static int cpol_wl_code(int *out, const char *const *codes, const char *text, const char *field)
{
	int i;
	*out = 0;
	if (!text || !*text)
		return 0;
	for (i = 0; codes[i]; i++)
		if (!strcmp(codes[i], text)) {
			*out = i + 1;
			return 0;
		}
	return cpol_error_set(CPOL_EINVAL, field);
}

/* A page: the list, or NULL (the error set) when the iterator failed. */
static cpol_pop_val *cpol_wl_finish(cpol_pop_val *list, int rc)
{
	if (rc != CPOL_ITEROVER) {
		cpol_pop_free(list);
		return NULL;
	}
	cpol_error_clear();
	return cpol_pop_done(list);
}

static cpol_pop_val *cpol_wl_notice(const cpol_notice *n)
{
	cpol_pop_val *m = cpol_pop_new(5), *rule = cpol_pop_new(5);
	cpol_pop_int(m, "id", n->id);
	cpol_pop_int(m, "office_id", n->office_id);
	cpol_pop_int(m, "unit_id", n->unit_id);
	cpol_pop_int(m, "inspection_id", n->inspection_id);
	cpol_pop_int(m, "officer_id", n->officer_id);
	cpol_pop_int(m, "year", n->year);
	cpol_pop_int(m, "seq", n->seq);
	cpol_pop_str(m, "number", n->number);
	cpol_pop_date(m, "issued_on", n->issued_on);
	cpol_pop_date(m, "deadline", n->deadline);
	cpol_pop_str(rule, "key", n->deadline_key);
	cpol_pop_str(rule, "file", n->deadline_file);
	cpol_pop_int(rule, "line", n->deadline_line);
	cpol_pop_add(m, "deadline_rule", rule);
	cpol_pop_str(m, "requirement", n->requirement);
	cpol_pop_int(m, "reinspection_id", n->reinspection_id);
	cpol_pop_date(m, "reinspected_on", n->reinspected_on);
	cpol_pop_date(m, "escalated_on", n->escalated_on);
	cpol_pop_str(m, "escalated_to", n->escalated_to);
	cpol_pop_date(m, "closed_on", n->closed_on);
	cpol_pop_str(m, "result", n->result ? cpol_notice_result_name(n->result) : NULL);
	cpol_pop_str(m, "close_note", n->close_note);
	cpol_pop_str(m, "archived_at", n->archived_at);
	return m;
}

static cpol_pop_val *cpol_wl_inspection(const cpol_inspection *in)
{
	cpol_pop_val *m = cpol_pop_new(5), *items = cpol_pop_new(4), *hazards = cpol_pop_new(4);
	size_t i;
	cpol_pop_int(m, "id", in->id);
	cpol_pop_int(m, "office_id", in->office_id);
	cpol_pop_int(m, "unit_id", in->unit_id);
	cpol_pop_int(m, "officer_id", in->officer_id);
	cpol_pop_date(m, "on", in->on);
	cpol_pop_str(m, "kind", in->kind ? cpol_wl_inspection_kinds[in->kind - 1] : NULL);
	cpol_pop_int(m, "notice_id", in->notice_id);
	cpol_pop_str(m, "note", in->note);
	for (i = 0; i < in->item_count; i++) {
		cpol_pop_val *x = cpol_pop_new(5);
		cpol_pop_str(x, "item", in->items[i].item);
		cpol_pop_int(x, "ok", in->items[i].ok);
		cpol_pop_int(x, "fire", in->items[i].fire);
		cpol_pop_str(x, "finding", in->items[i].finding);
		cpol_pop_add(items, NULL, x);
	}
	for (i = 0; i < in->hazard_count; i++) {
		cpol_pop_val *x = cpol_pop_new(5);
		cpol_pop_str(x, "description", in->hazards[i].description);
		cpol_pop_int(x, "fire", in->hazards[i].fire);
		cpol_pop_int(x, "notice_id", in->hazards[i].notice_id);
		cpol_pop_date(x, "fixed_on", in->hazards[i].fixed_on);
		cpol_pop_add(hazards, NULL, x);
	}
	cpol_pop_add(m, "items", items);
	cpol_pop_add(m, "hazards", hazards);
	return m;
}

/* By its description (bindings/record.i). */
static cpol_pop_val *cpol_wl_visit(const cpol_visit *v)
{
	return cpol_rec_val(CPOL_RECORD_VISIT, v);
}

/* By its description (bindings/record.i). */
static cpol_pop_val *cpol_wl_incident(const cpol_incident *i)
{
	return cpol_rec_val(CPOL_RECORD_INCIDENT, i);
}

/* By its description (bindings/record.i). */
static cpol_pop_val *cpol_wl_request(const cpol_request *r)
{
	return cpol_rec_val(CPOL_RECORD_REQUEST, r);
}

/* By its description (bindings/record.i). */
static cpol_pop_val *cpol_wl_dispute(const cpol_dispute *d)
{
	return cpol_rec_val(CPOL_RECORD_DISPUTE, d);
}

/* By its description (bindings/record.i). */
static cpol_pop_val *cpol_wl_record(const cpol_duty_record *r)
{
	return cpol_rec_val(CPOL_RECORD_DUTY_RECORD, r);
}

/* By its description (bindings/record.i). */
static cpol_pop_val *cpol_wl_info_item(const cpol_info_item *r)
{
	return cpol_rec_val(CPOL_RECORD_INFO_ITEM, r);
}
%}

%inline %{
/* state: "open", "overdue" (needs on), "closed", or None for any. */
cpol_pop_val *work_notice_page(cpol_database *d, long long office_id, long long unit_id,
                               long long officer_id, const char *state, int year, const char *on,
                               long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_notice_query q = CPOL_NOTICE_QUERY_INIT;
	cpol_notice_iter *it;
	const cpol_notice *n;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if ((state && *state && cpol_notice_state_parse(&q.state, state) < 0) ||
	    cpol_pop_arg_date(&q.on, on, "on", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.unit_id = unit_id;
	q.officer_id = officer_id;
	q.year = year;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_notice_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_notice_iter_next(&n, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wl_notice(n));
	cpol_notice_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* kind: "routine", "fire", "special", "reinspection", or None for any. */
cpol_pop_val *work_inspection_page(cpol_database *d, long long office_id, long long unit_id,
                                   long long officer_id, const char *kind, const char *from,
                                   const char *to, long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_inspection_query q = CPOL_INSPECTION_QUERY_INIT;
	cpol_inspection_iter *it;
	const cpol_inspection *in;
	cpol_pop_val *list;
	int k = 0, rc;
	if (!db)
		return NULL;
	if (cpol_wl_code(&k, cpol_wl_inspection_kinds, kind,
	                 "kind is routine, fire, special or reinspection") < 0 ||
	    cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.unit_id = unit_id;
	q.officer_id = officer_id;
	q.kind = (cpol_inspection_kind)k;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_inspection_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_inspection_iter_next(&in, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wl_inspection(in));
	cpol_inspection_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* kind: "household", "key_person", "talk", "security_contact", "supervision",
 * "return_visit", "other", or None. */
cpol_pop_val *work_visit_page(cpol_database *d, long long office_id, long long officer_id,
                              const char *kind, long long unit_id, const char *from, const char *to,
                              long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_visit_query q = CPOL_VISIT_QUERY_INIT;
	cpol_visit_iter *it;
	const cpol_visit *v;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if ((kind && *kind && cpol_visit_kind_parse(&q.kind, kind) < 0) ||
	    cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.unit_id = unit_id;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_visit_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_visit_iter_next(&v, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wl_visit(v));
	cpol_visit_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* kind: "criminal", "public_order", "accident", "fire", "help", "other", or None. */
cpol_pop_val *work_incident_page(cpol_database *d, long long office_id, long long officer_id,
                                 const char *kind, const char *from, const char *to, int unreturned,
                                 int major, long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_incident_query q = CPOL_INCIDENT_QUERY_INIT;
	cpol_incident_iter *it;
	const cpol_incident *i;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if ((kind && *kind && cpol_incident_kind_parse(&q.kind, kind) < 0) ||
	    cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.unreturned = unreturned;
	q.major = major;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_incident_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_incident_iter_next(&i, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wl_incident(i));
	cpol_incident_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* in_scope: 1 in scope, 0 referred, -1 either. */
cpol_pop_val *work_request_page(cpol_database *d, long long office_id, long long officer_id,
                                const char *from, const char *to, int unanswered, int in_scope,
                                long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_request_query q = CPOL_REQUEST_QUERY_INIT;
	cpol_request_iter *it;
	const cpol_request *r;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if (cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.unanswered = unanswered;
	q.in_scope = in_scope;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_request_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_request_iter_next(&r, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wl_request(r));
	cpol_request_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* status: "open", "mediated", "failed", "referred", or None for any. */
cpol_pop_val *work_dispute_page(cpol_database *d, long long office_id, long long officer_id,
                                const char *status, const char *from, const char *to,
                                long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_dispute_query q = CPOL_DISPUTE_QUERY_INIT;
	cpol_dispute_iter *it;
	const cpol_dispute *x;
	cpol_pop_val *list;
	int s = 0, rc;
	if (!db)
		return NULL;
	if (cpol_wl_code(&s, cpol_wl_dispute_status, status,
	                 "status is open, mediated, failed or referred") < 0 ||
	    cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.status = (cpol_dispute_status)s;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_dispute_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_dispute_iter_next(&x, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wl_dispute(x));
	cpol_dispute_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* Meeting, notice and report records; obligation: an `obligations[].id`, or None. */
cpol_pop_val *work_duty_record_page(cpol_database *d, long long office_id, long long officer_id,
                                    const char *obligation, long long incident_id, const char *from,
                                    const char *to, long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_duty_record_query q = CPOL_DUTY_RECORD_QUERY_INIT;
	cpol_duty_record_iter *it;
	const cpol_duty_record *r;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if (cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.obligation = obligation;
	q.incident_id = incident_id;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_duty_record_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_duty_record_iter_next(&r, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wl_record(r));
	cpol_duty_record_iter_free(it);
	return cpol_wl_finish(list, rc);
}

/* Information items reported (信息收集); category: exact text, or None for any. */
cpol_pop_val *work_info_item_page(cpol_database *d, long long office_id, long long officer_id,
                                  const char *category, const char *from, const char *to,
                                  long long after_id, int limit)
{
	cpol_db *db = cpol_pop_db(d);
	cpol_info_item_query q = CPOL_INFO_ITEM_QUERY_INIT;
	cpol_info_item_iter *it;
	const cpol_info_item *r;
	cpol_pop_val *list;
	int rc;
	if (!db)
		return NULL;
	if (cpol_pop_arg_date(&q.from, from, "from", 0) < 0 || cpol_pop_arg_date(&q.to, to, "to", 0) < 0)
		return NULL;
	q.office_id = office_id;
	q.officer_id = officer_id;
	q.category = category;
	q.after_id = after_id;
	q.limit = limit;
	if (cpol_info_item_iter_new(&it, db, &q) < 0)
		return NULL;
	list = cpol_pop_new(4);
	while ((rc = cpol_info_item_iter_next(&r, it)) == 0)
		cpol_pop_add(list, NULL, cpol_wl_info_item(r));
	cpol_info_item_iter_free(it);
	return cpol_wl_finish(list, rc);
}
%}

#ifdef SWIGLUA
%luacode {
  -- Listings as iterator functions over keyset pages; the first page is read
  -- at once, so that a bad query raises where it is made:
  --   for n in commpolice.notices(db, {office_id = 1, state = "overdue", on = "2024-10-10"}) do
  --     print(n.number, n.deadline)
  --   end
  -- Each takes the database, a query table (fields as in the C query structs;
  -- dates as "YYYY-MM-DD"; kinds and states as codes) and a page size (200).
  local function pager(fetch, page)
    page = page or 200
    local buf, i = fetch(0, page), 1
    return function()
      if i > #buf then
        if #buf < page then return nil end
        buf, i = fetch(buf[#buf].id, page), 1
        if #buf == 0 then return nil end
      end
      i = i + 1
      return buf[i - 1]
    end
  end
  local cp = commpolice
  -- true/false or 1/0 for the flags
  local function flag(x) return (x == true or (type(x) == "number" and x ~= 0)) and 1 or 0 end
  function cp.notices(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_notice_page(db, q.office_id or 0, q.unit_id or 0, q.officer_id or 0, q.state,
                                 q.year or 0, q.on, after, n)
    end, page)
  end
  function cp.inspections(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_inspection_page(db, q.office_id or 0, q.unit_id or 0, q.officer_id or 0, q.kind,
                                     q.from, q.to, after, n)
    end, page)
  end
  function cp.visits(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_visit_page(db, q.office_id or 0, q.officer_id or 0, q.kind, q.unit_id or 0,
                                q.from, q.to, after, n)
    end, page)
  end
  function cp.incidents(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_incident_page(db, q.office_id or 0, q.officer_id or 0, q.kind, q.from, q.to,
                                   flag(q.unreturned), flag(q.major), after, n)
    end, page)
  end
  function cp.requests(db, q, page)
    q = q or {}
    local scope = -1  -- in_scope: true/1 in scope, false/0 referred, nil either
    if q.in_scope ~= nil then scope = flag(q.in_scope) end
    return pager(function(after, n)
      return cp.work_request_page(db, q.office_id or 0, q.officer_id or 0, q.from, q.to,
                                  flag(q.unanswered), scope, after, n)
    end, page)
  end
  function cp.disputes(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_dispute_page(db, q.office_id or 0, q.officer_id or 0, q.status, q.from, q.to,
                                  after, n)
    end, page)
  end
  function cp.duty_records(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_duty_record_page(db, q.office_id or 0, q.officer_id or 0, q.obligation,
                                      q.incident_id or 0, q.from, q.to, after, n)
    end, page)
  end
  function cp.info_items(db, q, page)
    q = q or {}
    return pager(function(after, n)
      return cp.work_info_item_page(db, q.office_id or 0, q.officer_id or 0, q.category, q.from,
                                    q.to, after, n)
    end, page)
  end
}
#endif

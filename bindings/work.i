/*
 * libcommpolice — SWIG part of the work module, %include'd by
 * bindings/commpolice.i after units.i (whose cpol_idres and date helpers
 * it uses).
 */

%insert("runtime") %{
/* bindings/rules.i: a WorkRates keeps a reference to the Rules it was worked
 * out by, since its rule_key strings may be owned by them. */
static cpol_rules_h *cpol_swig_rules_ref(cpol_rules_h *rh);
static void cpol_swig_rules_unref(cpol_rules_h *rh);

/* The WorkRates object: the rates first, so that it is a cpol_work_rates. */
typedef struct cpol_work_swig_rates {
	cpol_work_rates rates;      /* its version set before cpol_work_rates_measure() */
	cpol_rules_h *rh;  /* a reference, released with the rates */
} cpol_work_swig_rates;

static void cpol_work_swig_rates_free(cpol_work_rates *r)
{
	cpol_work_swig_rates *h = (cpol_work_swig_rates *)r;
	if (h) {
		cpol_swig_rules_unref(h->rh);
		free(h);
	}
}

static const cpol_work_rate *cpol_work_swig_rate(const cpol_work_rates *r, const char *name)
{
	if (!name)
		return NULL;
	if (!strcmp(name, "inspections"))
		return &r->inspections;
	if (!strcmp(name, "notices_on_time"))
		return &r->notices_on_time;
	if (!strcmp(name, "return_visits"))
		return &r->return_visits;
	if (!strcmp(name, "feedback"))
		return &r->feedback;
	return NULL;
}

static int cpol_work_swig_code(int *out, const char *const *codes, const char *name, const char *field)
{
	int i;
	for (i = 0; name && codes[i]; i++)
		if (!strcmp(codes[i], name)) {
			*out = i + 1;
			return 0;
		}
	return cpol_error_set(CPOL_EINVAL, field);
}

static const char *const cpol_work_swig_inspection_kinds[] = { "routine", "fire", "special", NULL };
%}

/* ------------------------------------------------------------------ records */

/*
 * Notice, Incident, Dispute, Request and OwedItem are the headers' structs
 * (commpolice.i, "the headers"): their fields are read as the headers
 * declare them, dates as dates. Inspection, OwedList and WorkRates are read
 * through methods (their arrays by index), so they are declared opaque
 * after the headers.
 */
%rename(Notice) cpol_notice;
%rename(Incident) cpol_incident;
%rename(Dispute) cpol_dispute;
%rename(Request) cpol_request;
%rename(OwedItem) cpol_owed_item;
CPOL_HEADER_BEGIN
%include "commpolice/work.h"
%include "commpolice/owed.h"
CPOL_HEADER_END

%rename(Inspection) cpol_inspection;
typedef struct cpol_inspection {} cpol_inspection;
%extend cpol_inspection {
	~cpol_inspection() { cpol_inspection_free($self); }
	long long id() { return $self->id; }
	long long office_id() { return $self->office_id; }
	long long unit_id() { return $self->unit_id; }
	long long officer_id() { return $self->officer_id; }
	long long notice_id() { return $self->notice_id; }
	cpol_date on() { return $self->on; }
	const char *kind_text() { return cpol_inspection_kind_name($self->kind); }
	const char *note() { return $self->note; }
	int item_count() { return (int)$self->item_count; }
	const char *item_text(int i) { return i >= 0 && (size_t)i < $self->item_count ? $self->items[i].item : NULL; }
	int item_ok(int i) { return i >= 0 && (size_t)i < $self->item_count ? $self->items[i].ok : 0; }
	int item_fire(int i) { return i >= 0 && (size_t)i < $self->item_count ? $self->items[i].fire : 0; }
	const char *item_finding(int i) { return i >= 0 && (size_t)i < $self->item_count ? $self->items[i].finding : NULL; }
	int hazard_count() { return (int)$self->hazard_count; }
	const char *hazard_text(int i) { return i >= 0 && (size_t)i < $self->hazard_count ? $self->hazards[i].description : NULL; }
	int hazard_fire(int i) { return i >= 0 && (size_t)i < $self->hazard_count ? $self->hazards[i].fire : 0; }
	long long hazard_notice_id(int i) { return i >= 0 && (size_t)i < $self->hazard_count ? $self->hazards[i].notice_id : 0; }
	cpol_date hazard_fixed_on(int i) {
		return i >= 0 && (size_t)i < $self->hazard_count ? $self->hazards[i].fixed_on : CPOL_DATE_NONE;
	}
}

%extend cpol_notice {
	~cpol_notice() { cpol_notice_free($self); }
	const char *result_text() { return $self->result ? cpol_notice_result_name($self->result) : NULL; }
}

%extend cpol_incident {
	~cpol_incident() { cpol_incident_free($self); }
	const char *kind_text() { return cpol_incident_kind_name($self->kind); }
}

%extend cpol_dispute {
	~cpol_dispute() { cpol_dispute_free($self); }
	const char *status_text() { return cpol_dispute_status_name($self->status); }
}

%extend cpol_request {
	~cpol_request() { cpol_request_free($self); }
}

%extend cpol_owed_item {
	const char *kind_name() { return cpol_owed_kind_name($self->kind); }
}

%rename(OwedList) cpol_owed_list;
typedef struct cpol_owed_list {} cpol_owed_list;
%extend cpol_owed_list {
	~cpol_owed_list() { cpol_owed_list_free($self); }
	int count() { return (int)$self->count; }
	cpol_date on() { return $self->on; }
	/* Counts of the whole selection, before paging. */
	int total() { return (int)$self->total; }
	int overdue() { return (int)$self->overdue; }
	int provisional() { return (int)$self->provisional; }
	/* Items of one kind ("registration", "inspection"...); 0 for an unknown name. */
	int by_kind(const char *name) {
		cpol_owed_kind k;
		if (cpol_owed_kind_parse(&k, name) < 0) {
			cpol_error_clear();
			return 0;
		}
		return (int)$self->by_kind[k];
	}
	/* Item i, owned by the list: read it while the list is alive. */
	const cpol_owed_item *item(int i) {
		return i >= 0 && (size_t)i < $self->count ? &$self->items[i] : NULL;
	}
}

%rename(WorkRates) cpol_work_rates;
typedef struct cpol_work_rates {} cpol_work_rates;
%extend cpol_work_rates {
	~cpol_work_rates() { cpol_work_swig_rates_free($self); }
	/* name: "inspections", "notices_on_time", "return_visits" or "feedback". */
	long long due(const char *name) { const cpol_work_rate *r = cpol_work_swig_rate($self, name); return r ? r->due : -1; }
	long long done(const char *name) { const cpol_work_rate *r = cpol_work_swig_rate($self, name); return r ? r->done : -1; }
	double rate(const char *name) { const cpol_work_rate *r = cpol_work_swig_rate($self, name); return r ? r->rate : -1.0; }
	const char *rule_key(const char *name) { const cpol_work_rate *r = cpol_work_swig_rate($self, name); return r ? r->rule_key : NULL; }
}


%{
/* The number of an owed kind ("registration": 16), or an error. */
static cpol_idres owed_kind_code(const char *name)
{
	cpol_owed_kind k;
	int rc = cpol_owed_kind_parse(&k, name);
	return rc < 0 ? rc : (cpol_idres)k;
}
%}
CPOL_RAISING_ID(owed_kind_code)
cpol_idres owed_kind_code(const char *name);

/* ---------------------------------------------------------------- methods */

%feature("kwargs") cpol_database::inspection_add;
%feature("kwargs") cpol_database::inspection_add_item;
%feature("kwargs") cpol_database::hazard_add;
%feature("kwargs") cpol_database::notice_issue;
%feature("kwargs") cpol_database::notice_reinspect;
%feature("kwargs") cpol_database::notice_escalate;
%feature("kwargs") cpol_database::notice_close;
%feature("kwargs") cpol_database::visit_add;
%feature("kwargs") cpol_database::visit_count;
%feature("kwargs") cpol_database::incident_add;
%feature("kwargs") cpol_database::incident_set_major;
%feature("kwargs") cpol_database::dispute_add;
%feature("kwargs") cpol_database::request_add;
%feature("kwargs") cpol_database::duty_record_add;
%feature("kwargs") cpol_database::worklog_keep;
%feature("kwargs") cpol_database::info_item_add;
CPOL_RAISING_ID(cpol_database::info_item_add)
%feature("kwargs") cpol_database::owed;
%feature("kwargs") cpol_database::work_rates;
%newobject cpol_database::inspection_get;
%newobject cpol_database::notice_get;
%newobject cpol_database::notice_render;
%newobject cpol_database::incident_get;
%newobject cpol_database::dispute_get;
%newobject cpol_database::request_get;
%newobject cpol_database::worklog_text;
%newobject cpol_database::owed;
%newobject cpol_database::work_rates;
CPOL_RAISING_NULL(cpol_database::inspection_get)
CPOL_RAISING_NULL(cpol_database::notice_get)
CPOL_RAISING_NULL(cpol_database::notice_render)
CPOL_RAISING_NULL(cpol_database::incident_get)
CPOL_RAISING_NULL(cpol_database::dispute_get)
CPOL_RAISING_NULL(cpol_database::request_get)
CPOL_RAISING_NULL(cpol_database::worklog_text)
CPOL_RAISING_NULL(cpol_database::owed)
CPOL_RAISING_NULL(cpol_database::work_rates)

%extend cpol_database {
	/* kind: "routine", "fire" or "special"; returns the inspection id. */
	cpol_idres inspection_add(long long unit_id, const char *on, long long officer_id = 0,
	                          const char *kind = "routine", const char *note = NULL) {
		cpol_inspection_new in = CPOL_INSPECTION_NEW_INIT;
		cpol_id id = 0;
		int k = 0, rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_code(&k, cpol_work_swig_inspection_kinds, kind,
		                              "kind is routine, fire or special")) < 0 ||
		    (rc = cpol_work_swig_date(&in.on, on, "on is required")) < 0)
			return rc;
		in.unit_id = unit_id;
		in.officer_id = officer_id;
		in.kind = (cpol_inspection_kind)k;
		in.note = note;
		rc = cpol_inspection_add(&id, db, &in);
		return rc < 0 ? rc : id;
	}
	cpol_idres inspection_add_item(long long inspection_id, const char *item, int ok = 1,
	                               int fire = 0, const char *finding = NULL) {
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		rc = cpol_inspection_add_item(&id, db, inspection_id, fire, item, ok, finding);
		return rc < 0 ? rc : id;
	}
	cpol_idres hazard_add(long long inspection_id, const char *description, int fire = 0) {
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		rc = cpol_hazard_add(&id, db, inspection_id, description, fire);
		return rc < 0 ? rc : id;
	}
	cpol_inspection *inspection_get(long long inspection_id) {
		cpol_inspection *in = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (db)
			cpol_inspection_get(&in, db, inspection_id);
		return in;
	}
	/* Issue a notice for the inspection's hazards; deadline None: from the rules. */
	cpol_idres notice_issue(cpol_rules_h *rules, long long inspection_id, const char *issued_on,
	                        const char *deadline = NULL, const char *requirement = NULL,
	                        const char *number_prefix = NULL, long long officer_id = 0) {
		cpol_notice_new n = CPOL_NOTICE_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&n.issued_on, issued_on, "issued_on is required")) < 0 ||
		    (rc = cpol_work_swig_date_opt(&n.deadline, deadline)) < 0)
			return rc;
		n.inspection_id = inspection_id;
		n.requirement = requirement;
		n.number_prefix = number_prefix;
		n.officer_id = officer_id;
		rc = cpol_notice_issue(&id, db, cpol_work_swig_rules_of(rules), &n);
		return rc < 0 ? rc : id;
	}
	cpol_notice *notice_get(long long notice_id) {
		cpol_notice *n = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (db)
			cpol_notice_get(&n, db, notice_id);
		return n;
	}
	cpol_idres notice_reinspect(long long notice_id, const char *on, int rectified,
	                            long long officer_id = 0, const char *note = NULL) {
		cpol_date d;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&d, on, "on is required")) < 0)
			return rc;
		rc = cpol_notice_reinspect(&id, db, notice_id, officer_id, d, rectified, note);
		return rc < 0 ? rc : id;
	}
	cpol_status notice_escalate(long long notice_id, const char *on, const char *to,
	                            const char *note = NULL) {
		cpol_date d;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&d, on, "on is required")) < 0)
			return rc;
		return cpol_notice_escalate(db, notice_id, d, to, note);
	}
	/* result: "rectified", "unit_closed", "withdrawn" or "penalised". */
	cpol_status notice_close(long long notice_id, const char *on, const char *result,
	                         const char *note = NULL) {
		cpol_date d;
		cpol_notice_result r;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_notice_result_parse(&r, result)) < 0 ||
		    (rc = cpol_work_swig_date(&d, on, "on is required")) < 0)
			return rc;
		return cpol_notice_close(db, notice_id, d, r, note);
	}
	/* The notice as a printable document. */
	char *notice_render(long long notice_id) {
		char *text = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (db)
			cpol_notice_render(&text, db, notice_id);
		return text;
	}
	/* kind: "household", "key_person", "talk", "security_contact", "supervision", "return_visit", "other". */
	cpol_idres visit_add(long long office_id, const char *on, const char *kind,
	                     long long officer_id = 0, long long house_id = 0, long long person_id = 0,
	                     long long unit_id = 0, long long org_id = 0, long long incident_id = 0,
	                     const char *summary = NULL) {
		cpol_visit_new v = CPOL_VISIT_NEW_INIT;
		cpol_visit_kind k;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_visit_kind_parse(&k, kind)) < 0 ||
		    (rc = cpol_work_swig_date(&v.on, on, "on is required")) < 0)
			return rc;
		v.office_id = office_id;
		v.kind = k;
		v.officer_id = officer_id;
		v.house_id = house_id;
		v.person_id = person_id;
		v.unit_id = unit_id;
		v.org_id = org_id;
		v.incident_id = incident_id;
		v.summary = summary;
		rc = cpol_visit_add(&id, db, &v);
		return rc < 0 ? rc : id;
	}
	cpol_idres visit_count(const char *from, const char *to, long long office_id = 0,
	                       long long officer_id = 0, const char *kind = NULL) {
		cpol_visit_kind k = 0;
		cpol_date a, b;
		int64_t n = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((kind && (rc = cpol_visit_kind_parse(&k, kind)) < 0) ||
		    (rc = cpol_work_swig_date(&a, from, "from is required")) < 0 ||
		    (rc = cpol_work_swig_date(&b, to, "to is required")) < 0)
			return rc;
		rc = cpol_visit_count(&n, db, office_id, officer_id, k, a, b);
		return rc < 0 ? rc : n;
	}
	/* kind: "criminal", "public_order", "accident", "fire", "help", "other"; major: 1 for 重大案情. */
	cpol_idres incident_add(long long office_id, const char *received_on, const char *kind,
	                        const char *summary, long long officer_id = 0,
	                        const char *party_name = NULL, const char *party_phone = NULL,
	                        long long person_id = 0, int major = 0) {
		cpol_incident_new i = CPOL_INCIDENT_NEW_INIT;
		cpol_incident_kind k;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_incident_kind_parse(&k, kind)) < 0 ||
		    (rc = cpol_work_swig_date(&i.received_on, received_on, "received_on is required")) < 0)
			return rc;
		i.office_id = office_id;
		i.kind = k;
		i.summary = summary;
		i.officer_id = officer_id;
		i.party_name = party_name;
		i.party_phone = party_phone;
		i.person_id = person_id;
		i.major = major;
		rc = cpol_incident_add(&id, db, &i);
		return rc < 0 ? rc : id;
	}
	/* Mark an incident major (1) or not (0): a major one owes the immediate obligations. */
	cpol_status incident_set_major(long long incident_id, int major = 1) {
		CPOL_DB_OR_FAIL($self);
		return cpol_incident_set_major(db, incident_id, major);
	}
	cpol_incident *incident_get(long long incident_id) {
		cpol_incident *i = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (db)
			cpol_incident_get(&i, db, incident_id);
		return i;
	}
	cpol_idres dispute_add(long long office_id, const char *received_on, const char *parties,
	                       const char *summary, long long officer_id = 0) {
		cpol_date d;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&d, received_on, "received_on is required")) < 0)
			return rc;
		rc = cpol_dispute_add(&id, db, office_id, officer_id, d, parties, summary);
		return rc < 0 ? rc : id;
	}
	/* status: "mediated", "failed" or "referred". */
	cpol_status dispute_resolve(long long dispute_id, const char *status, const char *on,
	                            const char *outcome) {
		cpol_date d;
		cpol_dispute_status s;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_dispute_status_parse(&s, status)) < 0 ||
		    (rc = cpol_work_swig_date(&d, on, "on is required")) < 0)
			return rc;
		return cpol_dispute_resolve(db, dispute_id, s, d, outcome);
	}
	cpol_dispute *dispute_get(long long dispute_id) {
		cpol_dispute *d = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (db)
			cpol_dispute_get(&d, db, dispute_id);
		return d;
	}
	cpol_idres request_add(long long office_id, const char *received_on, const char *requester,
	                       const char *content, int in_scope = 1, const char *referred_to = NULL,
	                       long long officer_id = 0, const char *phone = NULL,
	                       long long person_id = 0) {
		cpol_request_new r = CPOL_REQUEST_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&r.received_on, received_on, "received_on is required")) < 0)
			return rc;
		r.office_id = office_id;
		r.requester = requester;
		r.content = content;
		r.in_scope = in_scope;
		r.referred_to = referred_to;
		r.officer_id = officer_id;
		r.phone = phone;
		r.person_id = person_id;
		rc = cpol_request_add(&id, db, &r);
		return rc < 0 ? rc : id;
	}
	cpol_status request_feedback(long long request_id, const char *on, const char *feedback) {
		cpol_date d;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&d, on, "on is required")) < 0)
			return rc;
		return cpol_request_feedback(db, request_id, d, feedback);
	}
	cpol_request *request_get(long long request_id) {
		cpol_request *r = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (db)
			cpol_request_get(&r, db, request_id);
		return r;
	}
	/* A meeting held, a notice posted, a report sent: fulfils obligations[obligation];
	 * incident_id: the major incident an immediate one (重大案情通报) answers. */
	cpol_idres duty_record_add(cpol_rules_h *rules, long long office_id, const char *obligation,
	                           const char *held_on, const char *title, long long officer_id = 0,
	                           const char *content = NULL, const char *attendees = NULL,
	                           long long incident_id = 0) {
		cpol_duty_record_new r = CPOL_DUTY_RECORD_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&r.held_on, held_on, "held_on is required")) < 0)
			return rc;
		r.office_id = office_id;
		r.obligation = obligation;
		r.title = title;
		r.officer_id = officer_id;
		r.content = content;
		r.attendees = attendees;
		r.incident_id = incident_id;
		rc = cpol_duty_record_add(&id, db, cpol_work_swig_rules_of(rules), &r);
		return rc < 0 ? rc : id;
	}
	/* An information item an officer reported (信息收集); returns its id. It
	 * counts for the assessment metric information_items. */
	cpol_idres info_item_add(long long office_id, long long officer_id, const char *reported_on,
	                         const char *category, const char *summary) {
		cpol_info_item_new n = CPOL_INFO_ITEM_NEW_INIT;
		cpol_id id = 0;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&n.reported_on, reported_on,
		                              "reported_on is required")) < 0)
			return rc;
		n.office_id = office_id;
		n.officer_id = officer_id;
		n.category = category;
		n.summary = summary;
		rc = cpol_info_item_add(&id, db, &n);
		return rc < 0 ? rc : id;
	}
	/* Archive an item entered by mistake: no longer listed or counted. */
	cpol_status info_item_archive(long long item_id) {
		CPOL_DB_OR_FAIL($self);
		return cpol_info_item_archive(db, item_id);
	}
	cpol_status worklog_keep(long long office_id, long long officer_id, const char *on,
	                         const char *notes = NULL) {
		cpol_date d;
		int rc;
		CPOL_DB_OR_FAIL($self);
		if ((rc = cpol_work_swig_date(&d, on, "on is required")) < 0)
			return rc;
		return cpol_worklog_keep(db, office_id, officer_id, d, notes);
	}
	/* The officer's work log for a day, as printable text. */
	char *worklog_text(long long officer_id, const char *on) {
		cpol_worklog *log = NULL;
		char *text = NULL;
		cpol_date d;
		cpol_db *db = cpol_swig_db($self);
		if (!db || cpol_work_swig_date(&d, on, "on is required") < 0)
			return NULL;
		if (cpol_worklog_get(&log, db, officer_id, d) == 0)
			cpol_worklog_render(&text, log);
		cpol_worklog_free(log);
		return text;
	}
	/* What an office (or officer) owes on a day (commpolice/owed.h). rules
	 * None: the office's region. kinds: a mask of bits 1 << kind (0: all;
	 * owed_kind_code() gives a kind's number). */
	cpol_owed_list *owed(cpol_rules_h *rules, long long office_id, const char *on,
	                     long long officer_id = 0, int horizon_days = 7, const char *since = NULL,
	                     unsigned int kinds = 0, long long person_id = 0, long long house_id = 0,
	                     int offset = 0, int limit = 0) {
		cpol_owed_query q = CPOL_OWED_QUERY_INIT;
		cpol_owed_list *l = NULL;
		cpol_db *db = cpol_swig_db($self);
		if (!db || cpol_work_swig_date(&q.on, on, "on is required") < 0 ||
		    cpol_work_swig_date_opt(&q.since, since) < 0)
			return NULL;
		if (offset < 0 || limit < 0) {
			cpol_error_set(CPOL_EINVAL, "offset and limit must not be negative");
			return NULL;
		}
		q.office_id = office_id;
		q.officer_id = officer_id;
		q.horizon_days = horizon_days;
		q.kinds = kinds;
		q.person_id = person_id;
		q.house_id = house_id;
		q.offset = (size_t)offset;
		q.limit = (size_t)limit;
		cpol_owed_list_get(&l, db, cpol_work_swig_rules_of(rules), &q);
		return l;
	}
	/* Completion rates for a period. */
	cpol_work_rates *work_rates(cpol_rules_h *rules, long long office_id, const char *from,
	                            const char *to, long long officer_id = 0) {
		cpol_work_swig_rates *out;
		cpol_date a, b;
		cpol_db *db = cpol_swig_db($self);
		cpol_rules *r = cpol_work_swig_rules(rules);
		if (!db || !r || cpol_work_swig_date(&a, from, "from is required") < 0 ||
		    cpol_work_swig_date(&b, to, "to is required") < 0)
			return NULL;
		if (!(out = calloc(1, sizeof(*out)))) {
			cpol_error_set(CPOL_ENOMEM, NULL);
			return NULL;
		}
		out->rates.version = CPOL_WORK_RATES_VERSION;
		if (cpol_work_rates_measure(&out->rates, db, r, office_id, officer_id, a, b) < 0) {
			free(out);
			return NULL;
		}
		/* rule_key strings may be owned by the rules: keep them alive */
		out->rh = cpol_swig_rules_ref(rules);
		return &out->rates;
	}
}

#ifdef SWIGLUA
%luacode {
  -- Work records as plain tables, dates as "YYYY-MM-DD" strings (the
  -- cpol_date fields of the records already read as such).
  -- A kinds mask for db:owed() from a list of names ({ "registration", "talk" }).
  function commpolice.owed_kinds(names)
    local mask = 0
    for _, k in ipairs(names or {}) do mask = mask | (1 << commpolice.owed_kind_code(k)) end
    return mask
  end
  function commpolice.owed_items(list)
    local out = {}
    for i = 0, list:count() - 1 do
      local it = list:item(i)
      out[#out + 1] = {
        kind = it:kind_name(), office_id = it.office_id, officer_id = it.officer_id,
        subject_id = it.subject_id, person_id = it.person_id, house_id = it.house_id,
        label = it.label, subject = it.subject, what = it.what,
        due = it.due, last_done = it.last_done, days_overdue = it.days_overdue,
        overdue = it.overdue ~= 0,
        done = it.done, target = it.target, provisional = it.provisional ~= 0,
        rule = { key = it.rule_key, file = it.rule_file, line = it.rule_line, region = it.rule_region },
      }
    end
    return out
  end
  function commpolice.notice_table(n)
    return {
      id = n.id, office_id = n.office_id, unit_id = n.unit_id, number = n.number,
      year = n.year, seq = n.seq, issued_on = n.issued_on, deadline = n.deadline,
      deadline_key = n.deadline_key, escalated_on = n.escalated_on,
      escalated_to = n.escalated_to, reinspected_on = n.reinspected_on,
      closed_on = n.closed_on, result = n:result_text(),
    }
  end
  function commpolice.units_of(db, ...)
    local cur = db:units(...)
    return function()
      return cur:next()
    end
  end
}
#endif

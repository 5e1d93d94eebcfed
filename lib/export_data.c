/*
 * libcommpolice — export: the datasets (their SQL and what each column holds).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * Each dataset is one statement reading live records in id order (a rowid
 * scan: nothing is sorted, so a million persons stream in flat memory).
 * Parameters: ?1 the office (NULL for all), ?2 and ?3 the first and last
 * day (NULL for open). The columns after a dataset's own are helpers: the
 * coarser values an address or a community generalises to, and the
 * household a row belongs to, which k-anonymity counts instead of persons.
 */
#include "export_internal.h"

#include <string.h>

#define K(name, entity, doc) { name, CPOL__EK_KEY, entity, -1, -1, doc }
#define R(name, entity, doc) { name, CPOL__EK_REF, entity, -1, -1, doc }
#define C(name, kind, doc) { name, kind, NULL, -1, -1, doc }
#define U(name, kind, up1, up2, doc) { name, kind, NULL, up1, up2, doc }

/* Office of a house: the district covering its community now. */
#define HOUSE_OFFICE(h) \
	"(SELECT d.office_id FROM coverage cv JOIN district d ON d.id = cv.district_id " \
	"WHERE cv.community_id = " h ".community_id AND cv.valid_to IS NULL AND cv.archived_at IS NULL " \
	"ORDER BY cv.valid_from DESC LIMIT 1)"

/* The house's address below the community: street, building, room. */
#define ADDRESS_TEXT(c, a) \
	"CASE WHEN " a ".id IS NULL THEN NULL ELSE " c ".name || ifnull(' ' || " a "3.name, '') || " \
	"ifnull(' ' || " a "2.name, '') || ' ' || " a ".name END"
#define ADDRESS_JOINS(h, a) \
	" LEFT JOIN address " a " ON " a ".id = " h ".address_id" \
	" LEFT JOIN address " a "2 ON " a "2.id = " a ".parent_id" \
	" LEFT JOIN address " a "3 ON " a "3.id = " a "2.parent_id"

/* ------------------------------------------------------------- persons */
static const cpol__export_col person_cols[] = {
	K("person", "person", "the person (实有人口)"),
	C("id_number", CPOL__EK_IDNUM, "身份证号 or passport number"),
	C("name", CPOL__EK_NAME, "name"),
	C("sex", CPOL__EK_CODE, "male, female, unknown"),
	C("birth_date", CPOL__EK_BIRTH, "birth date"),
	C("nationality", CPOL__EK_CODE, "nationality (CHN...)"),
	C("phone", CPOL__EK_PHONE, "phone number"),
	C("residence_type", CPOL__EK_CODE, "type of the current residence (permanent, temporary...)"),
	C("relation", CPOL__EK_CODE, "relation to the house (owner, family, tenant, other)"),
	C("resident_since", CPOL__EK_DATE, "first day of the current residence"),
	R("household", "house", "the house lived in now (户)"),
	U("address", CPOL__EK_ADDRESS, 12, 13, "address: community, street, building, room"),
	U("community", CPOL__EK_PLACE, 13, -1, "community or village lived in"),
	C("station", CPOL__EK_PLACE, "police station of the community"),
	C("office", CPOL__EK_PLACE, "managing office"),
	R("office_id", "office", "managing office's id"),
};
static const char person_sql[] =
	"SELECT p.id, p.id_number, p.name, p.sex, p.birth_date, p.nationality, p.phone, "
	"r.type, r.relation, r.valid_from, r.house_id, " ADDRESS_TEXT("c", "a") ", "
	"c.name, s.name, o.name, p.office_id, r.house_id "
	"FROM person p "
	"LEFT JOIN residence r ON r.person_id = p.id AND r.valid_to IS NULL AND r.archived_at IS NULL "
	"LEFT JOIN house h ON h.id = r.house_id" ADDRESS_JOINS("h", "a")
	" LEFT JOIN community c ON c.id = h.community_id "
	"LEFT JOIN station s ON s.id = c.station_id "
	"LEFT JOIN office o ON o.id = p.office_id "
	"WHERE p.archived_at IS NULL AND (?1 IS NULL OR p.office_id = ?1) ORDER BY p.id";

/* ---------------------------------------------------------- residences */
static const cpol__export_col residence_cols[] = {
	K("residence", "residence", "the residence period"),
	R("person", "person", "the person"),
	R("household", "house", "the house (户)"),
	C("type", CPOL__EK_CODE, "residence type (permanent, temporary, foreign...)"),
	C("relation", CPOL__EK_CODE, "relation to the house"),
	C("valid_from", CPOL__EK_DATE, "first day"),
	C("valid_to", CPOL__EK_DATE, "last day, empty while open"),
	C("registered_on", CPOL__EK_DATE, "暂住登记 / 居住证 day"),
	C("permit_no", CPOL__EK_TEXT, "permit number"),
	U("community", CPOL__EK_PLACE, 10, -1, "community or village"),
	C("station", CPOL__EK_PLACE, "police station"),
	R("office_id", "office", "the person's managing office"),
};
static const char residence_sql[] =
	"SELECT r.id, r.person_id, r.house_id, r.type, r.relation, r.valid_from, r.valid_to, "
	"r.registered_on, r.permit_no, c.name, s.name, p.office_id, r.house_id "
	"FROM residence r JOIN person p ON p.id = r.person_id "
	"LEFT JOIN house h ON h.id = r.house_id "
	"LEFT JOIN community c ON c.id = h.community_id "
	"LEFT JOIN station s ON s.id = c.station_id "
	"WHERE r.archived_at IS NULL AND p.archived_at IS NULL AND (?1 IS NULL OR p.office_id = ?1) "
	"AND (?2 IS NULL OR r.valid_to IS NULL OR r.valid_to >= ?2) AND (?3 IS NULL OR r.valid_from <= ?3) "
	"ORDER BY r.id";

/* ---------------------------------------------------------- households */
static const cpol__export_col household_cols[] = {
	K("household", "house", "the house (实有房屋) and its household"),
	U("address", CPOL__EK_ADDRESS, 2, 3, "address: community, street, building, room"),
	U("community", CPOL__EK_PLACE, 3, -1, "community or village"),
	C("station", CPOL__EK_PLACE, "police station"),
	C("use", CPOL__EK_CODE, "residential, commercial, mixed, dormitory, other"),
	C("status", CPOL__EK_CODE, "self, rented, vacant, lent"),
	C("residents", CPOL__EK_NUM, "persons living there now"),
	C("owner_name", CPOL__EK_NAME, "owner's name"),
	C("owner_id_number", CPOL__EK_IDNUM, "owner's ID number"),
	C("owner_phone", CPOL__EK_PHONE, "owner's phone"),
	R("office_id", "office", "office whose district covers the community now"),
};
static const char household_sql[] =
	"SELECT h.id, " ADDRESS_TEXT("c", "a") ", c.name, s.name, h.use, h.status, "
	"(SELECT count(*) FROM residence r WHERE r.house_id = h.id AND r.valid_to IS NULL "
	"AND r.archived_at IS NULL), h.owner_name, h.owner_id_number, h.owner_phone, "
	HOUSE_OFFICE("h") ", h.id "
	"FROM house h" ADDRESS_JOINS("h", "a")
	" LEFT JOIN community c ON c.id = h.community_id "
	"LEFT JOIN station s ON s.id = c.station_id "
	"WHERE h.archived_at IS NULL AND (?1 IS NULL OR " HOUSE_OFFICE("h") " = ?1) ORDER BY h.id";

/* -------------------------------------------------------------- labels */
static const cpol__export_col label_cols[] = {
	K("label", "label", "the label period"),
	R("person", "person", "the person labelled"),
	C("category", CPOL__EK_CODE, "the label (key_person, community_correction, elderly_alone...)"),
	C("valid_from", CPOL__EK_DATE, "first day"),
	C("valid_to", CPOL__EK_DATE, "last day, empty while open"),
	C("reason", CPOL__EK_TEXT, "why it was set"),
	C("set_by", CPOL__EK_TEXT, "who set it"),
	R("office_id", "office", "the person's managing office"),
	R("household", "house", "the house the person lives in now"),
};
#define LABEL_HOUSE "(SELECT r.house_id FROM residence r WHERE r.person_id = l.person_id " \
	"AND r.valid_to IS NULL AND r.archived_at IS NULL LIMIT 1)"
static const char label_sql[] =
	"SELECT l.id, l.person_id, l.code, l.valid_from, l.valid_to, l.reason, l.set_by, p.office_id, "
	LABEL_HOUSE ", " LABEL_HOUSE " "
	"FROM label l JOIN person p ON p.id = l.person_id "
	"WHERE l.archived_at IS NULL AND (?1 IS NULL OR p.office_id = ?1) "
	"AND (?2 IS NULL OR l.valid_to IS NULL OR l.valid_to >= ?2) AND (?3 IS NULL OR l.valid_from <= ?3) "
	"ORDER BY l.code, l.id";

/* -------------------------------------------------------------- visits */
static const cpol__export_col visit_cols[] = {
	K("visit", "visit", "the visit or contact"),
	R("office_id", "office", "office"),
	R("officer", "staff", "officer who visited"),
	C("on_date", CPOL__EK_DATE, "day"),
	C("kind", CPOL__EK_CODE, "household, key_person, security_contact, supervision, return_visit, talk, other"),
	R("household", "house", "house visited"),
	R("person", "person", "person visited"),
	R("unit", "unit", "place visited"),
	R("incident", "incident", "incident a return visit answers"),
	C("summary", CPOL__EK_TEXT, "what was said and done"),
};
static const char visit_sql[] =
	"SELECT v.id, v.office_id, v.officer_id, v.on_date, v.kind, v.house_id, v.person_id, v.unit_id, "
	"v.incident_id, v.summary, v.house_id FROM visit v "
	"WHERE v.archived_at IS NULL AND (?1 IS NULL OR v.office_id = ?1) "
	"AND (?2 IS NULL OR v.on_date >= ?2) AND (?3 IS NULL OR v.on_date <= ?3) ORDER BY v.id";

/* --------------------------------------------------------- inspections */
static const cpol__export_col inspection_cols[] = {
	K("inspection", "inspection", "the inspection"),
	R("office_id", "office", "office"),
	R("unit", "unit", "place inspected"),
	C("unit_type", CPOL__EK_CODE, "kind of place (places.types of the rules)"),
	R("officer", "staff", "officer"),
	C("on_date", CPOL__EK_DATE, "day"),
	C("kind", CPOL__EK_CODE, "routine, fire, special, reinspection"),
	C("items", CPOL__EK_NUM, "checklist items"),
	C("items_failed", CPOL__EK_NUM, "checklist items not passed"),
	C("hazards", CPOL__EK_NUM, "hazards found"),
	C("note", CPOL__EK_TEXT, "note"),
};
static const char inspection_sql[] =
	"SELECT i.id, i.office_id, i.unit_id, u.type_code, i.officer_id, i.on_date, i.kind, "
	"(SELECT count(*) FROM inspection_item t WHERE t.inspection_id = i.id AND t.archived_at IS NULL), "
	"(SELECT count(*) FROM inspection_item t WHERE t.inspection_id = i.id AND t.ok = 0 "
	"AND t.archived_at IS NULL), "
	"(SELECT count(*) FROM hazard z WHERE z.inspection_id = i.id AND z.archived_at IS NULL), "
	"i.note, NULL FROM inspection i JOIN unit u ON u.id = i.unit_id "
	"WHERE i.archived_at IS NULL AND (?1 IS NULL OR i.office_id = ?1) "
	"AND (?2 IS NULL OR i.on_date >= ?2) AND (?3 IS NULL OR i.on_date <= ?3) ORDER BY i.id";

/* ------------------------------------------------------------- notices */
static const cpol__export_col notice_cols[] = {
	K("notice", "rectification_notice", "the rectification notice (整改通知书)"),
	R("office_id", "office", "office"),
	R("unit", "unit", "place"),
	R("inspection", "inspection", "inspection that found the hazards"),
	C("number", CPOL__EK_CODE, "document number"),
	C("issued_on", CPOL__EK_DATE, "day issued"),
	C("deadline", CPOL__EK_DATE, "day the hazards must be fixed by"),
	C("reinspected_on", CPOL__EK_DATE, "day re-inspected"),
	C("escalated_on", CPOL__EK_DATE, "day escalated"),
	C("closed_on", CPOL__EK_DATE, "day closed"),
	C("close_result", CPOL__EK_CODE, "rectified, unit_closed, withdrawn, penalised"),
	C("days_open", CPOL__EK_NUM, "days from issue to closing (empty while open)"),
	C("requirement", CPOL__EK_TEXT, "what was required"),
};
static const char notice_sql[] =
	"SELECT n.id, n.office_id, n.unit_id, n.inspection_id, n.number, n.issued_on, n.deadline, "
	"n.reinspected_on, n.escalated_on, n.closed_on, n.close_result, "
	"CAST(julianday(n.closed_on) - julianday(n.issued_on) AS INTEGER), n.requirement, NULL "
	"FROM rectification_notice n WHERE n.archived_at IS NULL AND (?1 IS NULL OR n.office_id = ?1) "
	"AND (?2 IS NULL OR n.issued_on >= ?2) AND (?3 IS NULL OR n.issued_on <= ?3) ORDER BY n.id";

/* ----------------------------------------------------------- incidents */
static const cpol__export_col incident_cols[] = {
	K("incident", "incident", "the incident (警情)"),
	R("office_id", "office", "office"),
	R("officer", "staff", "officer"),
	C("received_on", CPOL__EK_DATE, "day received"),
	C("kind", CPOL__EK_CODE, "criminal, public_order, accident, fire, help, other"),
	C("major", CPOL__EK_NUM, "1 for a major incident (重大案情)"),
	C("summary", CPOL__EK_TEXT, "what happened"),
	C("party_name", CPOL__EK_NAME, "victim or party to call back"),
	C("party_phone", CPOL__EK_PHONE, "their phone"),
	R("person", "person", "the party as a person"),
	C("returned_on", CPOL__EK_DATE, "day of the return visit (回访)"),
	C("return_days", CPOL__EK_NUM, "days from receiving to the return visit"),
};
static const char incident_sql[] =
	"SELECT i.id, i.office_id, i.officer_id, i.received_on, i.kind, i.major, i.summary, "
	"i.party_name, i.party_phone, i.person_id, i.returned_on, "
	"CAST(julianday(i.returned_on) - julianday(i.received_on) AS INTEGER), NULL "
	"FROM incident i WHERE i.archived_at IS NULL AND (?1 IS NULL OR i.office_id = ?1) "
	"AND (?2 IS NULL OR i.received_on >= ?2) AND (?3 IS NULL OR i.received_on <= ?3) ORDER BY i.id";

/* ------------------------------------------------------------ requests */
static const cpol__export_col request_cols[] = {
	K("request", "resident_request", "the resident request (群众诉求)"),
	R("office_id", "office", "office"),
	R("officer", "staff", "officer"),
	C("received_on", CPOL__EK_DATE, "day received"),
	C("requester", CPOL__EK_NAME, "who asked"),
	C("phone", CPOL__EK_PHONE, "their phone"),
	R("person", "person", "the requester as a person"),
	C("content", CPOL__EK_TEXT, "what was asked"),
	C("in_scope", CPOL__EK_NUM, "1 when within the office's duties"),
	C("referred_to", CPOL__EK_PLACE, "department it was referred to"),
	C("feedback_on", CPOL__EK_DATE, "day of the feedback (反馈)"),
	C("feedback_days", CPOL__EK_NUM, "days from receiving to feedback"),
	C("feedback", CPOL__EK_TEXT, "the feedback given"),
};
static const char request_sql[] =
	"SELECT q.id, q.office_id, q.officer_id, q.received_on, q.requester, q.phone, q.person_id, "
	"q.content, q.in_scope, q.referred_to, q.feedback_on, "
	"CAST(julianday(q.feedback_on) - julianday(q.received_on) AS INTEGER), q.feedback, NULL "
	"FROM resident_request q WHERE q.archived_at IS NULL AND (?1 IS NULL OR q.office_id = ?1) "
	"AND (?2 IS NULL OR q.received_on >= ?2) AND (?3 IS NULL OR q.received_on <= ?3) ORDER BY q.id";

/* ------------------------------------------------------------- rosters */
static const cpol__export_col roster_cols[] = {
	K("assignment", "duty_assignment", "one person on one shift on one day"),
	R("roster", "duty_roster", "the stored roster"),
	R("office_id", "office", "office"),
	R("staff", "staff", "person on duty"),
	C("date", CPOL__EK_DATE, "day"),
	C("shift", CPOL__EK_CODE, "shift code"),
	C("start_min", CPOL__EK_NUM, "start, minutes after midnight"),
	C("end_min", CPOL__EK_NUM, "end, minutes after midnight (past 1440 for a night)"),
	C("night", CPOL__EK_NUM, "1 for a night"),
	C("weekend", CPOL__EK_NUM, "1 on a weekend day that was not a working day"),
	C("holiday", CPOL__EK_NUM, "1 on a public holiday"),
};
static const char roster_sql[] =
	"SELECT a.id, a.roster_id, r.office_id, a.staff_id, a.date, a.shift, a.start_min, a.end_min, "
	"a.night, a.weekend, a.holiday, NULL "
	"FROM duty_assignment a JOIN duty_roster r ON r.id = a.roster_id "
	"WHERE a.archived_at IS NULL AND r.archived_at IS NULL AND (?1 IS NULL OR r.office_id = ?1) "
	"AND (?2 IS NULL OR a.date >= ?2) AND (?3 IS NULL OR a.date <= ?3) ORDER BY a.id";

/* --------------------------------------------------------- assessments */
static const cpol__export_col assessment_cols[] = {
	K("result", "assess_result", "one subject's result in a saved run"),
	R("run", "assess_run", "the saved run"),
	C("period", CPOL__EK_CODE, "period, such as 2024-Q2"),
	C("period_start", CPOL__EK_DATE, "first day of the period"),
	C("period_end", CPOL__EK_DATE, "last day of the period"),
	C("subject_kind", CPOL__EK_CODE, "officer or office"),
	R("subject", "subject", "the officer (staff id) or office assessed"),
	C("subject_name", CPOL__EK_NAME, "officer's or office's name"),
	C("badge", CPOL__EK_TEXT, "警号"),
	R("office_id", "office", "office"),
	C("office_name", CPOL__EK_PLACE, "office's name"),
	C("office_class", CPOL__EK_CODE, "office class"),
	R("station_id", "station", "station"),
	C("base", CPOL__EK_NUM, "points from the items"),
	C("coefficient", CPOL__EK_NUM, "difficulty coefficient"),
	C("bonus", CPOL__EK_NUM, "bonus points"),
	C("total", CPOL__EK_NUM, "total score"),
	C("grade", CPOL__EK_CODE, "grade"),
	C("veto", CPOL__EK_CODE, "veto applied, if any"),
	C("rank", CPOL__EK_NUM, "rank"),
	C("ranked", CPOL__EK_NUM, "how many were ranked"),
	C("last_place", CPOL__EK_NUM, "1 for the last place"),
};
static const char assessment_sql[] =
	"SELECT x.id, x.run_id, r.period, r.period_start, r.period_end, r.subject_kind, x.subject_id, "
	"x.subject_name, x.badge, x.office_id, x.office_name, x.office_class, x.station_id, x.base, "
	"x.coefficient, x.bonus, x.total, x.grade, x.veto, x.rank, x.ranked, x.last_place, NULL "
	"FROM assess_result x JOIN assess_run r ON r.id = x.run_id "
	"WHERE r.archived_at IS NULL AND (?1 IS NULL OR x.office_id = ?1) "
	"AND (?2 IS NULL OR r.period_start >= ?2) AND (?3 IS NULL OR r.period_end <= ?3) ORDER BY x.id";

/* ------------------------------------------------------------- monthly */
/*
 * Aggregates by office and month, from the analysis views of
 * lib/schema/008_export.sql. Counts under 5 (but not 0) are suppressed:
 * the export writes them empty and counts them as suppressed cells.
 */
static const cpol__export_col monthly_cols[] = {
	R("office_id", "office", "office"),
	C("office", CPOL__EK_PLACE, "office's name"),
	C("month", CPOL__EK_CODE, "YYYY-MM"),
	C("residents_permanent", CPOL__EK_COUNT, "persons whose residence of type permanent was open at the month's end"),
	C("residents_temporary", CPOL__EK_COUNT, "... of type temporary"),
	C("residents_other", CPOL__EK_COUNT, "... of any other type"),
	C("visits", CPOL__EK_COUNT, "visits and contacts"),
	C("inspections", CPOL__EK_COUNT, "inspections"),
	C("notices_opened", CPOL__EK_COUNT, "rectification notices issued"),
	C("notices_closed", CPOL__EK_COUNT, "rectification notices closed"),
	C("incidents", CPOL__EK_COUNT, "incidents received"),
	C("returned_within_3_days", CPOL__EK_COUNT, "of them, return visits within 3 days"),
	C("requests", CPOL__EK_COUNT, "in-scope resident requests received"),
	C("feedback_within_7_days", CPOL__EK_COUNT, "of them, feedback within 7 days"),
	C("score", CPOL__EK_NUM, "the office's total in the latest saved run of a period ending that month"),
};
static const char monthly_sql[] =
	"SELECT m.office_id, m.office, m.month, m.residents_permanent, m.residents_temporary, "
	"m.residents_other, m.visits, m.inspections, m.notices_opened, m.notices_closed, m.incidents, "
	"m.returned_within_3_days, m.requests, m.feedback_within_7_days, m.score, NULL "
	"FROM v_office_month m WHERE (?1 IS NULL OR m.office_id = ?1) "
	"AND (?2 IS NULL OR m.month >= substr(?2, 1, 7)) AND (?3 IS NULL OR m.month <= substr(?3, 1, 7)) "
	"ORDER BY m.office_id, m.month";

#define N(a) ((int)CPOL__ARRAY_SIZE(a))

const cpol__export_dataset cpol__export_datasets_table[] = {
	{ "persons", "persons with their current residence, household and address", person_sql,
	  person_cols, N(person_cols), 16, 0 },
	{ "residences", "residence periods (moving in and out)", residence_sql,
	  residence_cols, N(residence_cols), 12, 1 },
	{ "households", "houses and the households living in them", household_sql,
	  household_cols, N(household_cols), 11, 0 },
	{ "labels", "labels by category (key persons, care groups...)", label_sql,
	  label_cols, N(label_cols), 9, 1 },
	{ "visits", "visits and contacts", visit_sql, visit_cols, N(visit_cols), 10, 1 },
	{ "inspections", "inspections of places", inspection_sql,
	  inspection_cols, N(inspection_cols), 11, 1 },
	{ "notices", "rectification notices (整改通知书)", notice_sql, notice_cols, N(notice_cols), 13, 1 },
	{ "incidents", "incidents (警情) and their return visits", incident_sql,
	  incident_cols, N(incident_cols), 12, 1 },
	{ "requests", "resident requests (群众诉求) and their feedback", request_sql,
	  request_cols, N(request_cols), 13, 1 },
	{ "rosters", "duty assignments of stored live rosters", roster_sql,
	  roster_cols, N(roster_cols), 11, 1 },
	{ "assessments", "results of saved assessment runs", assessment_sql,
	  assessment_cols, N(assessment_cols), 22, 1 },
	{ "monthly", "aggregates by office and month; counts under 5 suppressed", monthly_sql,
	  monthly_cols, N(monthly_cols), 15, 1 },
};
const size_t cpol__export_dataset_count = CPOL__ARRAY_SIZE(cpol__export_datasets_table);

int cpol__export_dataset_find(const char *name)
{
	size_t i;
	for (i = 0; name && i < cpol__export_dataset_count; i++)
		if (strcmp(cpol__export_datasets_table[i].name, name) == 0)
			return (int)i;
	return -1;
}

int cpol__export_col_identifying(const cpol__export_col *c)
{
	switch (c->kind) {
	case CPOL__EK_IDNUM: case CPOL__EK_NAME: case CPOL__EK_PHONE: case CPOL__EK_TEXT:
	case CPOL__EK_ADDRESS:
		return 1;
	case CPOL__EK_KEY: case CPOL__EK_REF:
		return strcmp(c->entity, "person") == 0 || strcmp(c->entity, "house") == 0;
	default:
		return 0;
	}
}

static const char *const date_levels[] = { NULL, "month", "year", "band5", "band10" };
static const char *const idnum_levels[] = { NULL, "region", "city", "province" };
static const char *const address_levels[] = { NULL, "community", "station" };
static const char *const place_levels[] = { NULL, "station" };

int cpol__export_ladder_top(const cpol__export_col *c)
{
	switch (c->kind) {
	case CPOL__EK_DATE: case CPOL__EK_BIRTH: return N(date_levels);
	case CPOL__EK_IDNUM: return N(idnum_levels);
	case CPOL__EK_ADDRESS: return N(address_levels);
	case CPOL__EK_PLACE: return c->up1 >= 0 ? N(place_levels) : 1;
	default: return 1;
	}
}

const char *cpol__export_level_name(const cpol__export_col *c, int level)
{
	if (level <= 0 || level >= cpol__export_ladder_top(c))
		return NULL;
	switch (c->kind) {
	case CPOL__EK_DATE: case CPOL__EK_BIRTH: return date_levels[level];
	case CPOL__EK_IDNUM: return idnum_levels[level];
	case CPOL__EK_ADDRESS: return address_levels[level];
	case CPOL__EK_PLACE: return place_levels[level];
	default: return NULL;
	}
}

/*
 * libcommpolice — record descriptions (lib/record.h) and the public
 * introspection of commpolice/record.h.
 *
 * Each record type is a table of its fields: member, column, type, whether
 * it may be unset, whether it identifies a person, its code words, and a
 * line of doc. From it come the one row reader (get and list alike), the
 * one free function, and what the CLI's --json and the bindings' dicts
 * print. tests/unit/test_record.c holds every description against the
 * schema, the export's datasets and the data dictionary.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "internal.h"
#include "record.h"
#include "org_internal.h"
#include "work_internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * A field: S is the struct, M its member, C the column, T the type
 * (CPOL_FIELD_x without the prefix), O 1 when it may be unset, P 1 when it
 * identifies a person, D its doc. E() is an enum field with its codes.
 */
#define F(S, M, C, T, O, P, D) { #M, C, CPOL_FIELD_##T, offsetof(S, M), O, P, NULL, D }
#define E(S, M, C, CODES, O, P, D) { #M, C, CPOL_FIELD_ENUM, offsetof(S, M), O, P, CODES, D }

/* The fields every record starts with and ends with. */
#define ID(S, D) F(S, id, "id", ID, 0, 0, D)
#define ARCHIVED(S) F(S, archived_at, "archived_at", TEXT, 1, 0, "when it was archived; NULL while live")

/* ---------------------------------------------------------------- work */

#define S cpol_inspection
static const cpol_record_field inspection_fields[] = {
	ID(S, "the inspection"),
	F(S, office_id, "office_id", ID, 0, 0, "the unit's office"),
	F(S, unit_id, "unit_id", ID, 0, 0, "the unit inspected"),
	F(S, officer_id, "officer_id", ID, 1, 0, "who inspected, or 0"),
	F(S, on, "on_date", DATE, 0, 0, "the day"),
	E(S, kind, "kind", cpol__inspection_kind_codes, 0, 0, "routine, fire, special or reinspection"),
	F(S, notice_id, "notice_id", ID, 1, 0, "re-inspections: the notice re-inspected, else 0"),
	F(S, note, "note", TEXT, 1, 1, "free note, or NULL"),
	ARCHIVED(S),
};
#undef S

#define S cpol_notice
static const cpol_record_field notice_fields[] = {
	ID(S, "the rectification notice (整改通知书)"),
	F(S, office_id, "office_id", ID, 0, 0, "issuing office"),
	F(S, unit_id, "unit_id", ID, 0, 0, "the unit"),
	F(S, inspection_id, "inspection_id", ID, 0, 0, "the inspection that found the hazards"),
	F(S, officer_id, "officer_id", ID, 1, 0, "issuing officer, or 0"),
	F(S, year, "year", INT, 0, 0, "year of issue"),
	F(S, seq, "seq", INT, 0, 0, "number within the office and year, from 1"),
	F(S, number, "number", TEXT, 0, 0, "document number, \"城东警务室〔2024〕第007号\""),
	F(S, issued_on, "issued_on", DATE, 0, 0, "day issued"),
	F(S, deadline, "deadline", DATE, 0, 0, "last day to rectify"),
	F(S, deadline_key, "deadline_key", TEXT, 1, 0, "rule that set the deadline, or NULL when set by hand"),
	F(S, deadline_file, "deadline_file", TEXT, 1, 0, "that rule's file, or NULL"),
	F(S, deadline_line, "deadline_line", INT, 1, 0, "that rule's line, or 0"),
	F(S, requirement, "requirement", TEXT, 1, 1, "what must be done (整改要求), or NULL"),
	F(S, reinspection_id, "reinspection_id", ID, 1, 0, "latest re-inspection, or 0"),
	F(S, reinspected_on, "reinspected_on", DATE, 1, 0, "its day"),
	F(S, escalated_on, "escalated_on", DATE, 1, 0, "day escalated (上报)"),
	F(S, escalated_to, "escalated_to", TEXT, 1, 1, "to whom it was escalated, or NULL"),
	F(S, closed_on, "closed_on", DATE, 1, 0, "day closed; not set while open"),
	E(S, result, "close_result", cpol__notice_result_codes, 1, 0,
	  "how it closed: rectified, unit_closed, withdrawn or penalised"),
	F(S, close_note, "close_note", TEXT, 1, 1, "note on closing, or NULL"),
	ARCHIVED(S),
};
#undef S

#define S cpol_visit
static const cpol_record_field visit_fields[] = {
	ID(S, "the visit or contact (走访)"),
	F(S, office_id, "office_id", ID, 0, 0, "office"),
	F(S, officer_id, "officer_id", ID, 1, 0, "who visited, or 0"),
	F(S, on, "on_date", DATE, 0, 0, "the day"),
	E(S, kind, "kind", cpol__visit_kind_codes, 0, 0,
	  "household, key_person, security_contact, supervision, return_visit, other or talk"),
	F(S, house_id, "house_id", ID, 1, 1, "the house visited, or 0"),
	F(S, person_id, "person_id", ID, 1, 1, "the person visited or talked to, or 0"),
	F(S, unit_id, "unit_id", ID, 1, 0, "the unit (security contacts), or 0"),
	F(S, org_id, "org_id", ID, 1, 0, "the organisation supervised, or 0"),
	F(S, incident_id, "incident_id", ID, 1, 0, "the incident a return visit answers, or 0"),
	F(S, summary, "summary", TEXT, 1, 1, "what was said and done, or NULL"),
	ARCHIVED(S),
};
#undef S

#define S cpol_incident
static const cpol_record_field incident_fields[] = {
	ID(S, "the incident (警情)"),
	F(S, office_id, "office_id", ID, 0, 0, "office"),
	F(S, officer_id, "officer_id", ID, 1, 0, "handling officer, or 0"),
	F(S, received_on, "received_on", DATE, 0, 0, "day received"),
	E(S, kind, "kind", cpol__incident_kind_codes, 0, 0,
	  "criminal, public_order, accident, fire, help or other"),
	F(S, summary, "summary", TEXT, 0, 1, "what happened"),
	F(S, party_name, "party_name", TEXT, 1, 1, "victim or party to return to, or NULL"),
	F(S, party_phone, "party_phone", TEXT, 1, 1, "their phone, or NULL"),
	F(S, person_id, "person_id", ID, 1, 1, "the party as a person record, or 0"),
	F(S, return_visit_id, "return_visit_id", ID, 1, 0, "the first return visit (回访), or 0"),
	F(S, returned_on, "returned_on", DATE, 1, 0, "its day"),
	ARCHIVED(S),
	F(S, major, "major", BOOL, 0, 0, "1 for a major case (重大案情)"),
};
#undef S

#define S cpol_dispute
static const cpol_record_field dispute_fields[] = {
	ID(S, "the dispute (矛盾纠纷)"),
	F(S, office_id, "office_id", ID, 0, 0, "office"),
	F(S, officer_id, "officer_id", ID, 1, 0, "mediating officer, or 0"),
	F(S, received_on, "received_on", DATE, 0, 0, "day registered"),
	F(S, parties, "parties", TEXT, 0, 1, "the parties"),
	F(S, summary, "summary", TEXT, 0, 1, "what it is about"),
	E(S, status, "status", cpol__dispute_status_codes, 0, 0, "open, mediated, failed or referred"),
	F(S, outcome, "outcome", TEXT, 1, 1, "mediation outcome, or NULL"),
	F(S, resolved_on, "resolved_on", DATE, 1, 0, "day resolved"),
	ARCHIVED(S),
};
#undef S

#define S cpol_request
static const cpol_record_field request_fields[] = {
	ID(S, "the resident request (群众诉求)"),
	F(S, office_id, "office_id", ID, 0, 0, "office"),
	F(S, officer_id, "officer_id", ID, 1, 0, "who took it, or 0"),
	F(S, received_on, "received_on", DATE, 0, 0, "day received"),
	F(S, requester, "requester", TEXT, 0, 1, "who asked"),
	F(S, phone, "phone", TEXT, 1, 1, "their phone, or NULL"),
	F(S, person_id, "person_id", ID, 1, 1, "the requester as a person record, or 0"),
	F(S, content, "content", TEXT, 0, 1, "what was asked"),
	F(S, in_scope, "in_scope", BOOL, 0, 0, "1 within the office's duties, 0 referred"),
	F(S, referred_to, "referred_to", TEXT, 1, 0, "the department it was referred to, or NULL"),
	F(S, feedback_on, "feedback_on", DATE, 1, 0, "day the resident was told (反馈)"),
	F(S, feedback, "feedback", TEXT, 1, 1, "what they were told, or NULL"),
	ARCHIVED(S),
};
#undef S

#define S cpol_duty_record
static const cpol_record_field duty_record_fields[] = {
	ID(S, "the meeting, notice or report record"),
	F(S, office_id, "office_id", ID, 0, 0, "office"),
	F(S, officer_id, "officer_id", ID, 1, 0, "who held or wrote it, or 0"),
	F(S, obligation, "obligation", TEXT, 0, 0, "the obligation it fulfils (obligations[].id of the rules)"),
	F(S, held_on, "held_on", DATE, 0, 0, "the day"),
	F(S, title, "title", TEXT, 0, 1, "title"),
	F(S, content, "content", TEXT, 1, 1, "content, or NULL"),
	F(S, attendees, "attendees", TEXT, 1, 1, "who attended, or NULL"),
	F(S, incident_id, "incident_id", ID, 1, 0, "the major incident an immediate one answers, or 0"),
	ARCHIVED(S),
};
#undef S

#define S cpol_info_item
static const cpol_record_field info_item_fields[] = {
	ID(S, "the information item (信息收集)"),
	F(S, office_id, "office_id", ID, 0, 0, "office"),
	F(S, officer_id, "officer_id", ID, 0, 0, "who reported it"),
	F(S, reported_on, "reported_on", DATE, 0, 0, "the day"),
	F(S, category, "category", TEXT, 0, 0, "its category, as the office classifies it (治安线索, 社情民意...)"),
	F(S, summary, "summary", TEXT, 0, 1, "what it says"),
	ARCHIVED(S),
};
#undef S

/* ---------------------------------------------------------------- units */

#define S cpol_unit
static const cpol_record_field unit_fields[] = {
	ID(S, "the unit (实有单位)"),
	F(S, office_id, "office_id", ID, 0, 0, "its office"),
	F(S, address_id, "address_id", ID, 1, 0, "its standard address (标准地址), or 0"),
	F(S, officer_id, "officer_id", ID, 1, 0, "responsible officer (责任民警), or 0"),
	F(S, type, "type_code", TEXT, 0, 0, "place type code of the rules (places.types[].code)"),
	F(S, name, "name", TEXT, 0, 0, "name of the unit"),
	F(S, code, "code", TEXT, 1, 0, "统一社会信用代码 or licence number, or NULL"),
	F(S, location, "location", TEXT, 1, 0, "detail beyond the address (铺位, 楼层), or NULL"),
	F(S, responsible_name, "responsible_name", TEXT, 1, 1, "负责人 / 法定代表人, or NULL"),
	F(S, responsible_phone, "responsible_phone", TEXT, 1, 1, "their phone, or NULL"),
	F(S, security_name, "security_name", TEXT, 1, 1, "保卫部门 / 治安负责人, or NULL"),
	F(S, security_phone, "security_phone", TEXT, 1, 1, "their phone, or NULL"),
	E(S, status, "status", cpol__unit_status_codes, 0, 0, "current status: open, suspended or closed"),
	F(S, status_since, "status_since", DATE, 0, 0, "first day of the current status"),
	F(S, note, "note", TEXT, 1, 1, "free note, or NULL"),
	ARCHIVED(S),
};
#undef S

/* ---------------------------------------------------------- population */

/*
 * The sex stored as "unknown" reads as 0, not set: 未知 is the absence of
 * the fact (JSON null, None in the dicts), as a NULL column is elsewhere.
 */
static const char *const sex_codes[] = { "male", "female", NULL };
static const char *const id_kind_codes[] = { "resident", "passport", NULL };

/*
 * The person's own columns, then the open residence's (LEFT JOIN residence:
 * "residence.x", 0 or NULL when there is none) and one computed field,
 * whose column is the expression (population.c's PERSON_COLUMNS).
 */
#define S cpol_person
static const cpol_record_field person_fields[] = {
	F(S, id, "id", ID, 0, 1, "the person (实有人口): their id identifies them"),
	E(S, id_kind, "id_kind", id_kind_codes, 0, 0, "resident (居民身份证) or passport"),
	F(S, id_number, "id_number", TEXT, 0, 1, "ID number: 18 characters for residents"),
	F(S, id_number_old, "id_number_old", TEXT, 1, 1, "the 15-digit number it was upgraded from, or NULL"),
	F(S, nationality, "nationality", TEXT, 0, 0, "ISO 3166-1 alpha-3 (\"CHN\")"),
	F(S, name, "name", TEXT, 0, 1, "name"),
	E(S, sex, "sex", sex_codes, 1, 0, "male or female; not set when stored as unknown (未知)"),
	F(S, birth_date, "birth_date", DATE, 1, 0, "birth date, when known"),
	F(S, phone, "phone", TEXT, 1, 1, "phone, or NULL"),
	F(S, hukou, "hukou", TEXT, 1, 1, "户籍地址 as text, or NULL"),
	F(S, hukou_address_id, "hukou_address_id", ID, 1, 0, "the 户籍 address when it is on our tree, or 0"),
	F(S, office_id, "office_id", ID, 1, 0, "managing office, or 0"),
	F(S, office_since, "office_since", DATE, 1, 0, "first day of the current management"),
	F(S, residence_id, "residence.id", ID, 1, 0, "the open residence, or 0"),
	F(S, house_id, "residence.house_id", ID, 1, 1, "its house, or 0"),
	F(S, residence_type, "residence.type", TEXT, 1, 0, "its residence-type code, or NULL"),
	F(S, separated, "hukou_address_id <> house.address_id", BOOL, 0, 0,
	  "1 for 人户分离: the 户籍 address is on our tree and is not the open residence's"),
	ARCHIVED(S),
};
#undef S

#define DESC(K, name, table, type, fields, columns) \
	{ K, name, table, sizeof(type), fields, sizeof(fields) / sizeof(fields[0]), columns }

/* Index kind - 1. */
static const cpol__record_desc descs[CPOL_RECORD_KIND_COUNT] = {
	DESC(CPOL_RECORD_INSPECTION, "inspection", "inspection", cpol_inspection, inspection_fields,
	     CPOL__INSPECTION_COLUMNS),
	DESC(CPOL_RECORD_NOTICE, "notice", "rectification_notice", cpol_notice, notice_fields,
	     CPOL__NOTICE_COLUMNS),
	DESC(CPOL_RECORD_VISIT, "visit", "visit", cpol_visit, visit_fields, CPOL__VISIT_COLUMNS),
	DESC(CPOL_RECORD_INCIDENT, "incident", "incident", cpol_incident, incident_fields,
	     CPOL__INCIDENT_COLUMNS),
	DESC(CPOL_RECORD_DISPUTE, "dispute", "dispute", cpol_dispute, dispute_fields,
	     CPOL__DISPUTE_COLUMNS),
	DESC(CPOL_RECORD_REQUEST, "request", "resident_request", cpol_request, request_fields,
	     CPOL__REQUEST_COLUMNS),
	DESC(CPOL_RECORD_DUTY_RECORD, "duty_record", "duty_record", cpol_duty_record,
	     duty_record_fields, CPOL__DUTY_RECORD_COLUMNS),
	DESC(CPOL_RECORD_INFO_ITEM, "info_item", "information_item", cpol_info_item,
	     info_item_fields, CPOL__INFO_ITEM_COLUMNS),
	DESC(CPOL_RECORD_UNIT, "unit", "unit", cpol_unit, unit_fields, CPOL__UNIT_COLUMNS),
	DESC(CPOL_RECORD_PERSON, "person", "person", cpol_person, person_fields, cpol__person_columns),
};

const cpol__record_desc *cpol__record_desc_of(cpol_record_kind kind)
{
	if ((int)kind < 1 || (int)kind > CPOL_RECORD_KIND_COUNT)
		return NULL;
	return &descs[kind - 1];
}

/* ------------------------------------------------------------- reading */

/* A code word read back as its enum value (0 when NULL or unknown). */
static int code_of(const char *const *codes, const char *text)
{
	int i;
	for (i = 0; text && codes[i]; i++)
		if (strcmp(codes[i], text) == 0)
			return i + 1;
	return 0;
}

void cpol__record_decode(const cpol__record_desc *d, void *rec, cpol__stmt *st, int copy, int *oom)
{
	char *base = rec;
	int i, n = (int)d->nfields;

	for (i = 0; i < n; i++) {
		const cpol_record_field *f = &d->fields[i];
		void *p = base + f->offset;

		switch (f->type) {
		case CPOL_FIELD_ID:
		case CPOL_FIELD_INT64:
			*(int64_t *)p = cpol__st_column_int64(st, i);
			break;
		case CPOL_FIELD_INT:
		case CPOL_FIELD_BOOL:
			*(int *)p = cpol__st_column_int(st, i);
			break;
		case CPOL_FIELD_DOUBLE:
			*(double *)p = cpol__st_column_double(st, i);
			break;
		case CPOL_FIELD_DATE:
			*(cpol_date *)p = cpol__column_date(st, i);
			break;
		case CPOL_FIELD_TEXT:
			*(const char **)p = copy ? cpol__column_strdup(st, i, oom)
			                    : (const char *)cpol__st_column_text(st, i);
			break;
		case CPOL_FIELD_ENUM:
			*(int *)p = code_of(f->codes, (const char *)cpol__st_column_text(st, i));
			break;
		}
	}
}

void cpol__record_free_text(const cpol__record_desc *d, void *rec)
{
	char *base = rec;
	size_t i;

	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].type == CPOL_FIELD_TEXT) {
			char **p = (char **)(base + d->fields[i].offset);
			free(*p);
			*p = NULL;
		}
}

void cpol__record_free(const cpol__record_desc *d, void *rec)
{
	if (!rec)
		return;
	cpol__record_free_text(d, rec);
	free(rec);
}

void *cpol__record_pack(const cpol__record_desc *d, const void *rec)
{
	size_t offsets[64], n = 0, i;   /* the largest description has 22 fields */

	for (i = 0; i < d->nfields && n < CPOL__ARRAY_SIZE(offsets); i++)
		if (d->fields[i].type == CPOL_FIELD_TEXT)
			offsets[n++] = d->fields[i].offset;
	return cpol__org_pack(rec, d->size, offsets, n);
}

/* The length of the SELECT item at p: up to a ", " outside parentheses. */
static size_t item_length(const char *p)
{
	size_t n = 0;
	int depth = 0;

	for (; p[n]; n++) {
		if (p[n] == '(')
			depth++;
		else if (p[n] == ')')
			depth--;
		else if (depth == 0 && p[n] == ',' && p[n + 1] == ' ')
			break;
	}
	return n;
}

/* 1 when the item (len bytes at p) reads column c (see record.h). */
static int item_reads(const char *p, size_t len, const char *c)
{
	const char *dot = strchr(c, '.'), *q;
	size_t n;

	if (strchr(c, ' '))        /* computed: an expression */
		return memchr(p, '(', len) != NULL;
	if (dot)
		c = dot + 1;
	n = strlen(c);
	if (!memchr(p, '(', len)) {  /* a plain item: column or alias.column */
		if (len == n && !dot)
			return strncmp(p, c, n) == 0;
		return len > n + 1 && p[len - n - 1] == '.' && strncmp(p + len - n, c, n) == 0;
	}
	for (q = p; q + n <= p + len; q++)  /* an expression holding alias.column */
		if (q > p && q[-1] == '.' && strncmp(q, c, n) == 0 &&
		    !(q[n] == '_' || (q[n] >= 'a' && q[n] <= 'z') || (q[n] >= '0' && q[n] <= '9')))
			return 1;
	return 0;
}

int cpol__record_check_columns(const cpol__record_desc *d)
{
	const char *p = d->columns;
	size_t i;

	if (strncmp(p, "SELECT ", 7) == 0)
		p += 7;
	for (i = 0; i < d->nfields; i++) {
		size_t n;

		if (i > 0) {
			if (strncmp(p, ", ", 2) != 0)
				break;
			p += 2;
		}
		n = item_length(p);
		if (!item_reads(p, n, d->fields[i].column))
			break;
		p += n;
	}
	if (i < d->nfields)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, d->fields[i].name,
		                          "%s: column %zu of the SELECT list is not %s (field %s)",
		                          d->name, i, d->fields[i].column, d->fields[i].name);
	if (*p)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "columns",
		                          "%s: the SELECT list has more columns than fields: '%s'", d->name, p);
	return 0;
}

/* ------------------------------------------------------- introspection */

int cpol_record_fields(const cpol_record_field **out, size_t *count, cpol_record_kind kind)
{
	const cpol__record_desc *d = cpol__record_desc_of(kind);

	if (!out || !count)
		return cpol__error_set(CPOL_EINVAL, "cpol_record_fields: out and count are required");
	*out = NULL;
	*count = 0;
	if (!d)
		return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "unknown record kind %d", (int)kind);
	*out = d->fields;
	*count = d->nfields;
	return 0;
}

const char *cpol_record_kind_name(cpol_record_kind kind)
{
	const cpol__record_desc *d = cpol__record_desc_of(kind);
	return d ? d->name : "unknown";
}

int cpol_record_kind_parse(cpol_record_kind *out, const char *name)
{
	int i;

	for (i = 0; name && i < CPOL_RECORD_KIND_COUNT; i++)
		if (strcmp(descs[i].name, name) == 0) {
			*out = descs[i].kind;
			return 0;
		}
	return cpol__error_set_at(CPOL_EINVAL, NULL, 0, 0, "kind", "'%s' is not a record kind",
	                          name ? name : "(null)");
}

const char *cpol_record_table(cpol_record_kind kind)
{
	const cpol__record_desc *d = cpol__record_desc_of(kind);
	return d ? d->table : NULL;
}

int64_t cpol_record_field_int(const cpol_record_field *f, const void *record)
{
	const char *p = (const char *)record + f->offset;

	switch (f->type) {
	case CPOL_FIELD_ID:
	case CPOL_FIELD_INT64:
		return *(const int64_t *)p;
	case CPOL_FIELD_INT:
	case CPOL_FIELD_BOOL:
	case CPOL_FIELD_ENUM:
		return *(const int *)p;
	case CPOL_FIELD_DATE:
		return *(const cpol_date *)p;
	case CPOL_FIELD_DOUBLE:
		return (int64_t)*(const double *)p;
	case CPOL_FIELD_TEXT:
		break;
	}
	return 0;
}

double cpol_record_field_double(const cpol_record_field *f, const void *record)
{
	if (f->type == CPOL_FIELD_DOUBLE)
		return *(const double *)((const char *)record + f->offset);
	return (double)cpol_record_field_int(f, record);
}

const char *cpol_record_field_text(const cpol_record_field *f, const void *record)
{
	const char *p = (const char *)record + f->offset;

	if (f->type == CPOL_FIELD_TEXT)
		return *(const char *const *)p;
	if (f->type == CPOL_FIELD_ENUM) {
		int v = *(const int *)p, i;
		for (i = 0; v > 0 && f->codes[i]; i++)
			if (i == v - 1)
				return f->codes[i];
	}
	return NULL;
}

int cpol_record_field_is_set(const cpol_record_field *f, const void *record)
{
	switch (f->type) {
	case CPOL_FIELD_ID:
	case CPOL_FIELD_ENUM:
		return cpol_record_field_int(f, record) != 0;
	case CPOL_FIELD_DATE:
		return cpol_record_field_int(f, record) != CPOL_DATE_NONE;
	case CPOL_FIELD_TEXT:
		return cpol_record_field_text(f, record) != NULL;
	default:
		return 1;
	}
}

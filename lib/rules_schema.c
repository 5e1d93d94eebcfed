/*
 * libcommpolice — rules: the schema, validation and the typed sections.
 *
 * One table describes every key a rule file may hold: its type, its bounds,
 * whether it is required, and where its value goes in the typed structs of
 * commpolice/rules.h. The same walk over that table validates each file of
 * a chain on its own (keys, types, ranges: so that an error is reported in
 * the file that made it, even when a child overrides the value) and then
 * the merged tree (required keys, cross-key rules, and filling the structs).
 * docs/rules.md is the prose form of this table; keep them together.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#include "rules_internal.h"
#include "assess_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enum-typed struct members are written as int. */
_Static_assert(sizeof(cpol_label_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(cpol_obligation_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(cpol_veto_effect) == sizeof(int), "enum size");
_Static_assert(sizeof(cpol_sanction_action) == sizeof(int), "enum size");

/* ------------------------------------------------------------ the tables */

typedef enum {
	F_INT = 1,   /* cpol_rule_int */
	F_NUMBER,    /* cpol_rule_number; "90%" reads as 0.9 */
	F_BOOL,      /* cpol_rule_bool */
	F_STRING,    /* cpol_rule_string, or const char * with PLAIN */
	F_CODE,      /* as F_STRING, limited to [a-z0-9_-] */
	F_ENUM,      /* one of enums: int (index + 1) with PLAIN, else cpol_rule_string */
	F_DURATION,  /* cpol_rule_duration */
	F_CADENCE,   /* cpol_rule_cadence */
	F_DATE,      /* cpol_rule_date */
	F_TIME,      /* cpol_rule_int, minutes after midnight */
	F_WEEKDAYS,  /* cpol_rule_int, bit mask */
	F_TEXTS,     /* text or a list of texts; not stored */
	F_RANGE,     /* cpol_rule_range from {min, max} */
	F_MAP,       /* sub-schema, stored at off */
	F_LIST,      /* list of sub-schema maps: pointer at off, count at off2 */
	F_STRLIST,   /* list of texts: pointer at off, count at off2, ref at off3 */
	F_INTLIST,   /* list of ints: pointer at off, count at off2, ref at off3 */
	F_DAYLIST,   /* list of days (date or {date, name}) as cpol_rules_day */
	F_YEARDAYS,  /* year -> list of days or {from, to} ranges, as cpol_rules_day */
	F_NUMMAP,    /* key -> number, as cpol_rules_difficulty */
	F_STRMAP,    /* key -> text; not stored */
	F_SCALAR,    /* any scalar, typed later (a test's expect) */
	F_ENUMLIST,  /* one of enums or a list of them: int array at off, count at off2 */
	F_NUMLIST    /* list of numbers; not stored (a test's previous_scores) */
} ftype;

#define REQ 0x1u   /* required once merged */
#define PLAIN 0x2u /* stored as a bare C value without ref */
#define ID 0x4u    /* the element's identity; implies PLAIN */

typedef struct vctx vctx;
typedef struct schema schema;

typedef struct field {
	const char *name;
	ftype type;
	unsigned flags;
	int ranged;
	double lo, hi;
	const schema *sub;
	const char *const *enums;
	int store;
	size_t off, off2, off3;
} field;

struct schema {
	const char *name;
	const field *fields;
	size_t nfields;
	size_t size;      /* element size, for lists */
	int has_ref;
	size_t ref_off;   /* element's `const cpol_rule_ref *ref` */
	int (*post)(vctx *c, cpol__rnode *node, void *obj);
};

struct vctx {
	cpol__arena *a;
	int merged;
	cpol__buf path;
	int oom; /* a key path could not be stored: the refs would name no rule */
};

/* rc, or CPOL_ENOMEM when the key paths of the refs could not all be made. */
static int finish_ctx(vctx *c, int rc)
{
	if (rc == 0 && (c->oom || c->path.oom))
		rc = cpol__error_oom();
	cpol__buf_free(&c->path);
	return rc;
}

#define NF(arr) (sizeof(arr) / sizeof((arr)[0]))
#define RANGE(l, h) .ranged = 1, .lo = (l), .hi = (h)
#define OFF(T, m) .store = 1, .off = offsetof(T, m)
#define OFF2(T, m, c) .store = 1, .off = offsetof(T, m), .off2 = offsetof(T, c)
#define OFF3(T, m, c, r) .store = 1, .off = offsetof(T, m), .off2 = offsetof(T, c), \
	.off3 = offsetof(T, r)
#define ELEM(T) .size = sizeof(T), .has_ref = 1, .ref_off = offsetof(T, ref)
#define SCHEMA(nm, arr) .name = nm, .fields = arr, .nfields = NF(arr)

#define BIG 1e9

const char *const cpol__label_kind_words[] = {
	"key_person", "supervised", "correction", "help_education", "care", NULL };
const char *const cpol__obligation_kind_words[] = {
	"meeting", "notice", "report", "record", "supervision", "contact", "training",
	"assessment", NULL };
static const char *const model_units[] = { "community", "village", NULL };
const char *const cpol__veto_effect_words[] = {
	"zero", "cap_grade", "no_rewards", "rank_after_unvetoed", "unranked", NULL };
const char *const cpol__sanction_action_words[] = {
	"criticism", "warning_talk", "transfer", "revoke_nameplate", "reward", NULL };
static const char *const targets[] = { "officer", "office", NULL };
static const char *const scopes[] = {
	"office", "station", "county", "district", "city", "province", NULL };
static const char *const deadline_moves[] = { "next_working_day", "keep", NULL };
static const char *const period_end_moves[] = { "previous_working_day", "keep", NULL };
static const char *const test_checks[] = {
	"value", "working_day", "market_day", "reception_day", "next_due", "deadline",
	"officers_needed", "office_class", "score_item", "grade", "difficulty", "sanction",
	"veto", NULL };

/* -- staffing */
#define T cpol_rules_office_class
static const field office_class_fields[] = {
	{ .name = "code", .type = F_CODE, .flags = REQ | ID, OFF(T, code) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "rank", .type = F_INT, .flags = REQ, RANGE(1, 10), OFF(T, rank) },
	{ .name = "residents", .type = F_RANGE, .flags = 0, RANGE(0, BIG), OFF(T, residents) },
	{ .name = "households", .type = F_RANGE, .flags = 0, RANGE(0, BIG), OFF(T, households) },
	{ .name = "floating", .type = F_RANGE, .flags = 0, RANGE(0, BIG), OFF(T, floating) },
	{ .name = "key_persons", .type = F_RANGE, .flags = 0, RANGE(0, BIG), OFF(T, key_persons) },
	{ .name = "places", .type = F_RANGE, .flags = 0, RANGE(0, BIG), OFF(T, places) },
	{ .name = "cases_per_10k", .type = F_RANGE, .flags = 0, RANGE(0, 10000), OFF(T, cases_per_10k) },
	{ .name = "min_officers", .type = F_INT, .flags = 0, RANGE(0, 100), OFF(T, min_officers) },
	{ .name = "min_auxiliaries", .type = F_INT, .flags = 0, RANGE(0, 1000), OFF(T, min_auxiliaries) },
	{ .name = "min_area_m2", .type = F_NUMBER, .flags = 0, RANGE(0, 100000), OFF(T, min_area_m2) },
	{ .name = "description", .type = F_STRING, .flags = 0, OFF(T, description) },
};
static const schema office_class_schema = { SCHEMA("office class", office_class_fields), ELEM(T) };
#undef T
#define T cpol_rules_staffing_model
static const field model_fields[] = {
	{ .name = "code", .type = F_CODE, .flags = REQ | ID, OFF(T, code) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "unit", .type = F_ENUM, .flags = 0, .enums = model_units, OFF(T, unit) },
	{ .name = "officers", .type = F_RANGE, .flags = 0, RANGE(0, 100), OFF(T, officers) },
	{ .name = "units", .type = F_RANGE, .flags = 0, RANGE(0, 100), OFF(T, units) },
	{ .name = "when", .type = F_STRING, .flags = 0, OFF(T, when) },
};
static const schema model_schema = { SCHEMA("staffing model", model_fields), ELEM(T) };
#undef T
#define T cpol_rules_staffing
static const field staffing_fields[] = {
	{ .name = "residents_per_officer", .type = F_INT, .flags = 0, RANGE(1, 1000000), OFF(T, residents_per_officer) },
	{ .name = "households_per_officer", .type = F_INT, .flags = 0, RANGE(1, 1000000), OFF(T, households_per_officer) },
	{ .name = "residents_per_officer_range", .type = F_RANGE, .flags = 0, RANGE(1, 1000000),
	  OFF(T, residents_per_officer_range) },
	{ .name = "villages_per_district", .type = F_RANGE, .flags = 0, RANGE(1, 100), OFF(T, villages_per_district) },
	{ .name = "min_office_area_m2", .type = F_NUMBER, .flags = 0, RANGE(0, 100000), OFF(T, min_office_area_m2) },
	{ .name = "auxiliaries_per_officer", .type = F_INT, .flags = 0, RANGE(0, 100), OFF(T, auxiliaries_per_officer) },
	{ .name = "default_model", .type = F_CODE, .flags = 0, OFF(T, default_model) },
	{ .name = "office_classes", .type = F_LIST, .flags = 0, .sub = &office_class_schema,
	  OFF2(T, office_classes, office_class_count) },
	{ .name = "models", .type = F_LIST, .flags = 0, .sub = &model_schema, OFF2(T, models, model_count) },
};
static const schema staffing_schema = { SCHEMA("staffing", staffing_fields) };
#undef T

/* -- population */
#define T cpol_rules_residence_type
static const field residence_fields[] = {
	{ .name = "code", .type = F_CODE, .flags = REQ | ID, OFF(T, code) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "register_required", .type = F_BOOL, .flags = 0, OFF(T, register_required) },
	{ .name = "register_within", .type = F_DURATION, .flags = 0, OFF(T, register_within) },
	{ .name = "verify", .type = F_CADENCE, .flags = 0, OFF(T, verify) },
};
static const schema residence_schema = { SCHEMA("residence type", residence_fields), ELEM(T) };
#undef T
#define T cpol_rules_label
static const field label_fields[] = {
	{ .name = "code", .type = F_CODE, .flags = REQ | ID, OFF(T, code) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "kind", .type = F_ENUM, .flags = REQ | PLAIN, .enums = cpol__label_kind_words, OFF(T, kind) },
	{ .name = "assess", .type = F_CADENCE, .flags = 0, OFF(T, assess) },
	{ .name = "talk", .type = F_CADENCE, .flags = 0, OFF(T, talk) },
	{ .name = "visit", .type = F_CADENCE, .flags = 0, OFF(T, visit) },
};
static const schema label_schema = { SCHEMA("label", label_fields), ELEM(T) };
#undef T
#define T cpol_rules_id_policy
static const field id_fields[] = {
	{ .name = "accept_15_digit", .type = F_BOOL, .flags = 0, OFF(T, accept_15_digit) },
	{ .name = "require_check_char", .type = F_BOOL, .flags = 0, OFF(T, require_check_char) },
	{ .name = "accept_lowercase_x", .type = F_BOOL, .flags = 0, OFF(T, accept_lowercase_x) },
};
static const schema id_schema = { SCHEMA("id_number", id_fields) };
#undef T
#define T cpol_rules_population
static const field population_fields[] = {
	{ .name = "residence_types", .type = F_LIST, .flags = 0, .sub = &residence_schema,
	  OFF2(T, residence_types, residence_type_count) },
	{ .name = "labels", .type = F_LIST, .flags = 0, .sub = &label_schema, OFF2(T, labels, label_count) },
	{ .name = "id_number", .type = F_MAP, .flags = 0, .sub = &id_schema, OFF(T, id_number) },
};
static const schema population_schema = { SCHEMA("population", population_fields) };
#undef T

/* -- visits */
#define T cpol_rules_visits
static const field visits_fields[] = {
	{ .name = "households_per_month", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, households_per_month) },
	{ .name = "key_person_visits_per_month", .type = F_INT, .flags = 0, RANGE(0, 1000),
	  OFF(T, key_person_visits_per_month) },
	{ .name = "days_in_district_per_week", .type = F_INT, .flags = 0, RANGE(0, 7), OFF(T, days_in_district_per_week) },
	{ .name = "household_cadence", .type = F_CADENCE, .flags = 0, OFF(T, household_cadence) },
	{ .name = "return_visit_within", .type = F_DURATION, .flags = 0, OFF(T, return_visit_within) },
	{ .name = "feedback_within", .type = F_DURATION, .flags = 0, OFF(T, feedback_within) },
	{ .name = "contact_card", .type = F_BOOL, .flags = 0, OFF(T, contact_card) },
	{ .name = "households_per_week", .type = F_INT, .flags = 0, RANGE(0, 10000), OFF(T, households_per_week) },
	{ .name = "publicity_per_month", .type = F_INT, .flags = 0, RANGE(0, 1000), OFF(T, publicity_per_month) },
};
static const schema visits_schema = { SCHEMA("visits", visits_fields) };
#undef T

/* -- places */
#define T cpol_rules_place_type
static const field place_type_fields[] = {
	{ .name = "code", .type = F_CODE, .flags = REQ | ID, OFF(T, code) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "inspect", .type = F_CADENCE, .flags = 0, OFF(T, inspect) },
	{ .name = "contact", .type = F_CADENCE, .flags = 0, OFF(T, contact) },
	{ .name = "supervise", .type = F_CADENCE, .flags = 0, OFF(T, supervise) },
	{ .name = "on_file", .type = F_BOOL, .flags = 0, OFF(T, on_file) },
};
static const schema place_type_schema = { SCHEMA("place type", place_type_fields), ELEM(T) };
#undef T
#define T cpol_rules_places
static const field places_fields[] = {
	{ .name = "types", .type = F_LIST, .flags = 0, .sub = &place_type_schema, OFF2(T, types, type_count) },
	{ .name = "rectification_deadline", .type = F_DURATION, .flags = 0, OFF(T, rectification_deadline) },
	{ .name = "escalate_after", .type = F_DURATION, .flags = 0, OFF(T, escalate_after) },
};
static const schema places_schema = { SCHEMA("places", places_fields) };
#undef T

/* -- obligations */
#define T cpol_rules_obligation
static const field obligation_fields[] = {
	{ .name = "id", .type = F_CODE, .flags = REQ | ID, OFF(T, id) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "kind", .type = F_ENUM, .flags = REQ | PLAIN, .enums = cpol__obligation_kind_words, OFF(T, kind) },
	{ .name = "cadence", .type = F_CADENCE, .flags = REQ, OFF(T, cadence) },
	{ .name = "audience", .type = F_STRING, .flags = 0, OFF(T, audience) },
};
static const schema obligation_schema = { SCHEMA("obligation", obligation_fields), ELEM(T) };
#undef T

/* -- duty */
#define T cpol_rules_rotation
static const field rotation_fields[] = {
	{ .name = "post", .type = F_STRING, .flags = REQ | ID, OFF(T, post) },
	{ .name = "start", .type = F_DATE, .flags = REQ, OFF(T, start) },
	{ .name = "days", .type = F_STRLIST, .flags = REQ, OFF3(T, days, day_count, days_ref) },
};
static const schema rotation_schema = { SCHEMA("rotation", rotation_fields), ELEM(T) };
#undef T
#define T cpol_rules_duty
static const field duty_fields[] = {
	{ .name = "posts", .type = F_STRLIST, .flags = 0, OFF3(T, posts, post_count, posts_ref) },
	{ .name = "min_days_in_district_per_week", .type = F_INT, .flags = 0, RANGE(0, 7),
	  OFF(T, min_days_in_district_per_week) },
	{ .name = "reception_weekdays", .type = F_WEEKDAYS, .flags = 0, OFF(T, reception_weekdays) },
	{ .name = "reception_on_market_days", .type = F_BOOL, .flags = 0, OFF(T, reception_on_market_days) },
	{ .name = "min_nights_per_week", .type = F_INT, .flags = 0, RANGE(0, 7), OFF(T, min_nights_per_week) },
	{ .name = "max_nights_per_week", .type = F_INT, .flags = 0, RANGE(0, 7), OFF(T, max_nights_per_week) },
	{ .name = "rest_after_night", .type = F_BOOL, .flags = 0, OFF(T, rest_after_night) },
	{ .name = "no_duty_after", .type = F_TIME, .flags = 0, OFF(T, no_duty_after) },
	{ .name = "auxiliary_hours_per_day", .type = F_INT, .flags = 0, RANGE(0, 24), OFF(T, auxiliary_hours_per_day) },
	{ .name = "training_days_per_year", .type = F_INT, .flags = 0, RANGE(0, 366), OFF(T, training_days_per_year) },
	{ .name = "patrol_per_night", .type = F_INT, .flags = 0, RANGE(0, 100), OFF(T, patrol_per_night) },
	{ .name = "night_patrols_per_week", .type = F_INT, .flags = 0, RANGE(0, 7), OFF(T, night_patrols_per_week) },
	{ .name = "officers_per_night", .type = F_INT, .flags = 0, RANGE(0, 100), OFF(T, officers_per_night) },
	{ .name = "night_cover_hard", .type = F_BOOL, .flags = 0, OFF(T, night_cover_hard) },
	{ .name = "max_shifts_per_day", .type = F_INT, .flags = 0, RANGE(1, 32), OFF(T, max_shifts_per_day) },
	{ .name = "max_consecutive_days", .type = F_INT, .flags = 0, RANGE(0, 366), OFF(T, max_consecutive_days) },
	{ .name = "max_consecutive_days_hard", .type = F_BOOL, .flags = 0, OFF(T, max_consecutive_days_hard) },
	{ .name = "max_hours_per_week", .type = F_INT, .flags = 0, RANGE(0, 168), OFF(T, max_hours_per_week) },
	{ .name = "max_hours_per_week_hard", .type = F_BOOL, .flags = 0, OFF(T, max_hours_per_week_hard) },
	{ .name = "min_rest_hours", .type = F_INT, .flags = 0, RANGE(0, 48), OFF(T, min_rest_hours) },
	{ .name = "min_rest_hours_hard", .type = F_BOOL, .flags = 0, OFF(T, min_rest_hours_hard) },
	{ .name = "max_nights_in_row", .type = F_INT, .flags = 0, RANGE(0, 366), OFF(T, max_nights_in_row) },
	{ .name = "max_nights_in_row_hard", .type = F_BOOL, .flags = 0, OFF(T, max_nights_in_row_hard) },
	{ .name = "weight_nights", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_nights) },
	{ .name = "weight_weekends", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_weekends) },
	{ .name = "weight_holidays", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_holidays) },
	{ .name = "weight_load", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_load) },
	{ .name = "weight_preference", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_preference) },
	{ .name = "weight_shift", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_shift) },
	{ .name = "weight_night_cover", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_night_cover) },
	{ .name = "weight_consecutive_days", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_consecutive_days) },
	{ .name = "weight_hours_per_week", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_hours_per_week) },
	{ .name = "weight_rest", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_rest) },
	{ .name = "weight_nights_in_row", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_nights_in_row) },
	{ .name = "rotation", .type = F_LIST, .flags = 0, .sub = &rotation_schema,
	  OFF2(T, rotation, rotation_count) },
	{ .name = "weight_rotation", .type = F_INT, .flags = 0, RANGE(0, 100000), OFF(T, weight_rotation) },
};
static const schema duty_schema = { SCHEMA("duty", duty_fields) };
#undef T

/* -- calendar */
static const field day_fields[] = {
	{ .name = "date", .type = F_DATE, .flags = 0 },
	{ .name = "from", .type = F_DATE, .flags = 0 },
	{ .name = "to", .type = F_DATE, .flags = 0 },
	{ .name = "name", .type = F_STRING, .flags = 0 },
};
static const schema day_schema = { SCHEMA("day", day_fields) };
#define T cpol_rules_market_days
static const field market_fields[] = {
	{ .name = "every", .type = F_DURATION, .flags = 0, OFF(T, every) },
	{ .name = "anchor", .type = F_DATE, .flags = 0, OFF(T, anchor) },
	{ .name = "days_of_month", .type = F_INTLIST, .flags = 0, RANGE(1, 31),
	  OFF3(T, days_of_month, days_of_month_count, days_of_month_ref) },
	{ .name = "dates", .type = F_DAYLIST, .flags = 0, OFF2(T, dates, date_count) },
	{ .name = "lunar_days_of_month", .type = F_INTLIST, .flags = 0, RANGE(1, 30),
	  OFF3(T, lunar_days_of_month, lunar_days_of_month_count, lunar_days_of_month_ref) },
	{ .name = "lunar_day_endings", .type = F_INTLIST, .flags = 0, RANGE(0, 9),
	  OFF3(T, lunar_day_endings, lunar_day_ending_count, lunar_day_endings_ref) },
};
static const schema market_schema = { SCHEMA("market_days", market_fields) };
#undef T
#define T cpol_rules_calendar
static const field calendar_fields[] = {
	{ .name = "weekend", .type = F_WEEKDAYS, .flags = 0, OFF(T, weekend) },
	{ .name = "holidays", .type = F_YEARDAYS, .flags = 0, OFF2(T, holidays, holiday_count) },
	{ .name = "workdays", .type = F_YEARDAYS, .flags = 0, OFF2(T, workdays, workday_count) },
	{ .name = "work_start", .type = F_TIME, .flags = 0, OFF(T, work_start) },
	{ .name = "work_end", .type = F_TIME, .flags = 0, OFF(T, work_end) },
	{ .name = "break_minutes", .type = F_INT, .flags = 0, RANGE(0, 720), OFF(T, break_minutes) },
	{ .name = "market_days", .type = F_MAP, .flags = 0, .sub = &market_schema, OFF(T, market_days) },
	{ .name = "deadline_on_holiday", .type = F_ENUM, .flags = 0, .enums = deadline_moves,
	  OFF(T, deadline_on_holiday) },
	{ .name = "period_end_on_holiday", .type = F_ENUM, .flags = 0, .enums = period_end_moves,
	  OFF(T, period_end_on_holiday) },
};
static const schema calendar_schema = { SCHEMA("calendar", calendar_fields) };
#undef T

/* -- assessment */
static int deduction_post(vctx *c, cpol__rnode *node, void *obj);
static const field deduction_fields[] = {
	{ .name = "per_unit", .type = F_NUMBER, .flags = 0, RANGE(0, BIG) },
	{ .name = "per_percent", .type = F_NUMBER, .flags = 0, RANGE(0.001, 100) },
	{ .name = "below", .type = F_NUMBER, .flags = 0, RANGE(-BIG, BIG) },
	{ .name = "points", .type = F_NUMBER, .flags = 0, RANGE(0, 1000) },
	{ .name = "cap", .type = F_NUMBER, .flags = 0, RANGE(0, 1000), OFF(cpol_rules_deduction, cap) },
};
static const schema deduction_schema = { SCHEMA("deduction", deduction_fields),
	ELEM(cpol_rules_deduction), .post = deduction_post };
#define T cpol_rules_item
static const field item_fields[] = {
	{ .name = "id", .type = F_CODE, .flags = REQ | ID, OFF(T, id) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "metric", .type = F_CODE, .flags = REQ, OFF(T, metric) },
	{ .name = "weight", .type = F_NUMBER, .flags = REQ, RANGE(0, 1000), OFF(T, weight) },
	{ .name = "target", .type = F_NUMBER, .flags = 0, RANGE(-BIG, BIG), OFF(T, target) },
	{ .name = "lower_is_better", .type = F_BOOL, .flags = 0, OFF(T, lower_is_better) },
	{ .name = "formula", .type = F_STRING, .flags = 0, OFF(T, formula) },
	{ .name = "deduct", .type = F_LIST, .flags = 0, .sub = &deduction_schema, OFF2(T, deductions, deduction_count) },
};
static const schema item_schema = { SCHEMA("item", item_fields), ELEM(T) };
#undef T
#define T cpol_rules_bonus
static const field bonus_fields[] = {
	{ .name = "id", .type = F_CODE, .flags = REQ | ID, OFF(T, id) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "metric", .type = F_CODE, .flags = REQ, OFF(T, metric) },
	{ .name = "per_unit", .type = F_NUMBER, .flags = REQ, RANGE(0, 1000), OFF(T, per_unit) },
	{ .name = "max", .type = F_NUMBER, .flags = 0, RANGE(0, 1000), OFF(T, max) },
};
static const schema bonus_schema = { SCHEMA("bonus", bonus_fields), ELEM(T) };
#undef T
#define T cpol_rules_veto
static const field veto_fields[] = {
	{ .name = "id", .type = F_CODE, .flags = REQ | ID, OFF(T, id) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "metric", .type = F_CODE, .flags = REQ, OFF(T, metric) },
	{ .name = "at_least", .type = F_NUMBER, .flags = 0, RANGE(-BIG, BIG), OFF(T, at_least) },
	{ .name = "effect", .type = F_ENUMLIST, .flags = REQ, .enums = cpol__veto_effect_words,
	  OFF2(T, effects, effect_count) },
	{ .name = "grade", .type = F_CODE, .flags = 0, OFF(T, grade) },
};
static int veto_post(vctx *c, cpol__rnode *node, void *obj);
static const schema veto_schema = { SCHEMA("veto", veto_fields), ELEM(T), .post = veto_post };
#undef T
#define T cpol_rules_grade
static const field grade_fields[] = {
	{ .name = "code", .type = F_CODE, .flags = REQ | ID, OFF(T, code) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "min", .type = F_NUMBER, .flags = REQ, RANGE(-BIG, BIG), OFF(T, min) },
};
static const schema grade_schema = { SCHEMA("grade", grade_fields), ELEM(T) };
#undef T
#define T cpol_rules_sanction
static const field sanction_fields[] = {
	{ .name = "id", .type = F_CODE, .flags = REQ | ID, OFF(T, id) },
	{ .name = "name", .type = F_STRING, .flags = REQ | PLAIN, OFF(T, name) },
	{ .name = "action", .type = F_ENUMLIST, .flags = REQ, .enums = cpol__sanction_action_words,
	  OFF2(T, actions, action_count) },
	{ .name = "target", .type = F_ENUM, .flags = 0, .enums = targets, OFF(T, target) },
	{ .name = "period", .type = F_CADENCE, .flags = 0, OFF(T, period) },
	{ .name = "last_place", .type = F_BOOL, .flags = 0, OFF(T, last_place) },
	{ .name = "rank_at_most", .type = F_INT, .flags = 0, RANGE(1, 100000), OFF(T, rank_at_most) },
	{ .name = "consecutive", .type = F_INT, .flags = 0, RANGE(1, 100), OFF(T, consecutive) },
	{ .name = "score_below", .type = F_NUMBER, .flags = 0, RANGE(-BIG, BIG), OFF(T, score_below) },
	{ .name = "metric", .type = F_CODE, .flags = 0, OFF(T, metric) },
	{ .name = "metric_below", .type = F_NUMBER, .flags = 0, RANGE(-BIG, BIG), OFF(T, metric_below) },
};
static int sanction_post(vctx *c, cpol__rnode *node, void *obj);
static const schema sanction_schema = { SCHEMA("sanction", sanction_fields), ELEM(T),
	.post = sanction_post };
#undef T
#define T cpol_rules_assessment
static const field assessment_fields[] = {
	{ .name = "period", .type = F_CADENCE, .flags = 0, OFF(T, period) },
	{ .name = "total", .type = F_NUMBER, .flags = 0, RANGE(0.001, 1000), OFF(T, total) },
	{ .name = "ranking_scope", .type = F_ENUM, .flags = 0, .enums = scopes, OFF(T, ranking_scope) },
	{ .name = "items", .type = F_LIST, .flags = 0, .sub = &item_schema, OFF2(T, items, item_count) },
	{ .name = "bonus", .type = F_LIST, .flags = 0, .sub = &bonus_schema, OFF2(T, bonuses, bonus_count) },
	{ .name = "veto", .type = F_LIST, .flags = 0, .sub = &veto_schema, OFF2(T, vetoes, veto_count) },
	{ .name = "grades", .type = F_LIST, .flags = 0, .sub = &grade_schema, OFF2(T, grades, grade_count) },
	{ .name = "difficulty", .type = F_NUMMAP, .flags = 0, RANGE(0.01, 10), OFF2(T, difficulty, difficulty_count) },
	{ .name = "sanctions", .type = F_LIST, .flags = 0, .sub = &sanction_schema, OFF2(T, sanctions, sanction_count) },
	{ .name = "derived", .type = F_STRMAP, .flags = 0 },
	{ .name = "supplied", .type = F_STRMAP, .flags = 0 },
};
static const schema assessment_schema = { SCHEMA("assessment", assessment_fields) };
#undef T

/* -- tests (validated here, run by rules_test.c) */
static const field test_fields[] = {
	{ .name = "name", .type = F_STRING, .flags = REQ },
	{ .name = "check", .type = F_ENUM, .flags = REQ, .enums = test_checks },
	{ .name = "expect", .type = F_SCALAR, .flags = REQ },
	{ .name = "date", .type = F_DATE, .flags = 0 },
	{ .name = "cadence", .type = F_CADENCE, .flags = 0 },
	{ .name = "last", .type = F_DATE, .flags = 0 },
	{ .name = "within", .type = F_DURATION, .flags = 0 },
	{ .name = "from", .type = F_DATE, .flags = 0 },
	{ .name = "key", .type = F_STRING, .flags = 0 },
	{ .name = "residents", .type = F_NUMBER, .flags = 0, RANGE(0, BIG) },
	{ .name = "households", .type = F_NUMBER, .flags = 0, RANGE(0, BIG) },
	{ .name = "floating", .type = F_NUMBER, .flags = 0, RANGE(0, BIG) },
	{ .name = "key_persons", .type = F_NUMBER, .flags = 0, RANGE(0, BIG) },
	{ .name = "places", .type = F_NUMBER, .flags = 0, RANGE(0, BIG) },
	{ .name = "cases_per_10k", .type = F_NUMBER, .flags = 0, RANGE(0, BIG) },
	{ .name = "item", .type = F_CODE, .flags = 0 },
	{ .name = "value", .type = F_NUMBER, .flags = 0, RANGE(-BIG, BIG) },
	{ .name = "score", .type = F_NUMBER, .flags = 0, RANGE(-BIG, BIG) },
	{ .name = "office_class", .type = F_CODE, .flags = 0 },
	{ .name = "sanction", .type = F_CODE, .flags = 0 },
	{ .name = "veto", .type = F_CODE, .flags = 0 },
	{ .name = "rank", .type = F_INT, .flags = 0, RANGE(1, 1000000) },
	{ .name = "ranked", .type = F_INT, .flags = 0, RANGE(1, 1000000) },
	{ .name = "streak", .type = F_INT, .flags = 0, RANGE(0, 1000) },
	{ .name = "metric_value", .type = F_NUMBER, .flags = 0, RANGE(-BIG, BIG) },
	{ .name = "previous_scores", .type = F_NUMLIST, .flags = 0, RANGE(-BIG, BIG) },
};
static const schema test_schema = { SCHEMA("test", test_fields) };

/* -- the root; its struct is struct cpol_rules */
#define T struct cpol_rules
static const field root_fields[] = {
	{ .name = "region", .type = F_CODE, .flags = REQ },
	{ .name = "name", .type = F_STRING, .flags = 0 },
	{ .name = "version", .type = F_INT, .flags = 0, RANGE(1, 1) },
	{ .name = "extends", .type = F_CODE, .flags = 0 },
	{ .name = "source", .type = F_TEXTS, .flags = 0 },
	{ .name = "staffing", .type = F_MAP, .flags = 0, .sub = &staffing_schema, OFF(T, staffing) },
	{ .name = "population", .type = F_MAP, .flags = 0, .sub = &population_schema, OFF(T, population) },
	{ .name = "visits", .type = F_MAP, .flags = 0, .sub = &visits_schema, OFF(T, visits) },
	{ .name = "places", .type = F_MAP, .flags = 0, .sub = &places_schema, OFF(T, places) },
	{ .name = "obligations", .type = F_LIST, .flags = 0, .sub = &obligation_schema, OFF2(T, obligations.items,
	  obligations.count) },
	{ .name = "duty", .type = F_MAP, .flags = 0, .sub = &duty_schema, OFF(T, duty) },
	{ .name = "calendar", .type = F_MAP, .flags = 0, .sub = &calendar_schema, OFF(T, calendar) },
	{ .name = "assessment", .type = F_MAP, .flags = 0, .sub = &assessment_schema, OFF(T, assessment) },
	{ .name = "tests", .type = F_LIST, .flags = 0, .sub = &test_schema },
};
static const schema root_schema = { SCHEMA("rules", root_fields) };
#undef T

/* ----------------------------------------------------------------- helpers */

static const char *P(vctx *c)
{
	return c->path.ptr && c->path.len ? c->path.ptr : NULL;
}

static int verr(vctx *c, const cpol__rnode *n, const char *fmt, ...) CPOL__PRINTF(3, 4);
static int verr(vctx *c, const cpol__rnode *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cpol__error_vset_at(CPOL_ERULES, n->file->name, n->line, n->column, P(c), fmt, ap);
	va_end(ap);
	return CPOL_ERULES;
}

static int verr_ref(const cpol_rule_ref *r, const char *fmt, ...) CPOL__PRINTF(2, 3);
static int verr_ref(const cpol_rule_ref *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cpol__error_vset_at(CPOL_ERULES, r->file, r->line, r->column, r->key, fmt, ap);
	va_end(ap);
	return CPOL_ERULES;
}

static size_t push(vctx *c, const char *key)
{
	size_t len = c->path.len;
	if (len)
		cpol__buf_puts(&c->path, ".");
	cpol__buf_puts(&c->path, key);
	return len;
}

static size_t push_index(vctx *c, const char *id, size_t i)
{
	size_t len = c->path.len;
	if (id)
		cpol__buf_printf(&c->path, "[%s]", id);
	else
		cpol__buf_printf(&c->path, "[%zu]", i);
	return len;
}

static void pop(vctx *c, size_t len)
{
	c->path.len = len;
	if (c->path.ptr)
		c->path.ptr[len] = '\0';
}

size_t cpol__edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (lb >= NF(row) || la >= 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);
			tmp = row[j];
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

/* The closest of names to word, or NULL when nothing is close. */
static const char *suggest(const char *word, const char *const *names, size_t count,
                           size_t stride)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, i, limit = strlen(word) / 3;

	if (limit < 2)
		limit = 2;
	for (i = 0; i < count; i++) {
		const char *name = *(const char *const *)((const char *)names + i * stride);
		size_t d;
		if (!name)
			break;
		d = cpol__edit_distance(word, name);
		if (d < best_d) {
			best_d = d;
			best = name;
		}
	}
	return best_d <= limit ? best : NULL;
}

static const field *find_field(const schema *s, const char *key)
{
	size_t i;
	for (i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, key) == 0)
			return &s->fields[i];
	return NULL;
}

static const char *kind_name(const cpol__rnode *n)
{
	switch (n->kind) {
	case CPOL__RN_MAP: return "a map";
	case CPOL__RN_LIST: return "a list";
	case CPOL__RN_NULL: return "nothing";
	default: return "text";
	}
}

static const char *type_name(ftype t)
{
	switch (t) {
	case F_INT: return "a whole number";
	case F_NUMBER: return "a number";
	case F_BOOL: return "true or false";
	case F_STRING: case F_SCALAR: return "text";
	case F_CODE: return "an id (lowercase letters, digits, '_' and '-')";
	case F_ENUM: return "one of the listed words";
	case F_ENUMLIST: return "one of the listed words or a list of them";
	case F_DURATION: return "a duration such as 3d, 2w or month";
	case F_CADENCE: return "a cadence such as month, quarter, 18th or 3d";
	case F_DATE: return "a date YYYY-MM-DD";
	case F_TIME: return "a time HH:MM";
	case F_WEEKDAYS: return "a list of weekdays such as [wed, thu]";
	case F_TEXTS: return "text or a list of texts";
	case F_RANGE: return "a range {min: .., max: ..}";
	case F_MAP: case F_NUMMAP: case F_STRMAP: case F_YEARDAYS: return "a map";
	default: return "a list";
	}
}

static int type_error(vctx *c, const cpol__rnode *n, ftype want)
{
	if (n->kind == CPOL__RN_SCALAR)
		return verr(c, n, "expected %s, got '%.40s'", type_name(want), n->text);
	return verr(c, n, "expected %s, got %s", type_name(want), kind_name(n));
}

static void set_ref(vctx *c, cpol__rnode *n)
{
	n->ref.file = n->file->name;
	n->ref.line = n->line;
	n->ref.column = n->column;
	n->ref.region = n->file->region ? n->file->region : "";
	n->ref.key = cpol__arena_strdup(c->a, c->path.ptr ? c->path.ptr : "");
	if (!n->ref.key)
		c->oom = 1;
}

/* ------------------------------------------------------------ scalar types */

static int parse_int(int64_t *out, const char *s)
{
	char *end;
	long long v;
	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_number(double *out, const char *s)
{
	size_t len = strlen(s), i;
	int percent = 0;
	char buf[64], *end;
	double v;

	if (len && s[len - 1] == '%') {
		percent = 1;
		len--;
	}
	if (!len || len >= sizeof(buf))
		return -1;
	for (i = 0; i < len; i++)
		if (!strchr("0123456789+-.eE", s[i]))
			return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	if (errno || *end || !isfinite(v))
		return -1;
	*out = percent ? v / 100.0 : v;
	return 0;
}

/* The shortest "%.*g" that reads back as the same double. */
static char *format_number(cpol__arena *a, double v)
{
	char buf[40];
	int prec;
	if (v == 0)
		v = 0; /* -0 and 0 hash alike */
	if (v == floor(v) && fabs(v) < 1e15)
		return cpol__arena_printf(a, "%.0f", v);
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return cpol__arena_strdup(a, buf);
}

static int parse_date_text(cpol_date *out, const char *s)
{
	int i, y, m, d;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > cpol_date_days_in_month(y, m))
		return -1;
	return cpol_date_from_ymd(out, y, m, d) == 0 ? 0 : -1;
}

static int parse_time(int64_t *out, const char *s)
{
	int h, m;
	if (strlen(s) != 5 || s[2] != ':' || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*out = h * 60 + m;
	return 0;
}

static int is_code(const char *s)
{
	size_t i, n = strlen(s);
	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
		      s[i] == '-'))
			return 0;
	return 1;
}

static int enum_index(const char *const *enums, const char *s)
{
	int i;
	for (i = 0; enums[i]; i++)
		if (strcmp(enums[i], s) == 0)
			return i;
	return -1;
}

static int enum_error(vctx *c, const cpol__rnode *n, const char *const *enums)
{
	cpol__buf list = { 0 };
	const char *near;
	size_t count, i;
	int rc;

	for (count = 0; enums[count]; count++)
		;
	for (i = 0; i < count; i++)
		cpol__buf_printf(&list, "%s%s", i ? ", " : "", enums[i]);
	near = suggest(n->text, enums, count, sizeof(*enums));
	if (near)
		rc = verr(c, n, "'%.40s' is not one of %s; did you mean '%s'?", n->text,
		          list.ptr ? list.ptr : "", near);
	else
		rc = verr(c, n, "'%.40s' is not one of %s", n->text, list.ptr ? list.ptr : "");
	cpol__buf_free(&list);
	return rc;
}

static int range_error(vctx *c, const cpol__rnode *n, const field *f)
{
	if (f->hi >= BIG)
		return verr(c, n, "%s is out of range: must be at least %g", n->text, f->lo);
	if (f->lo <= -BIG)
		return verr(c, n, "%s is out of range: must be at most %g", n->text, f->hi);
	return verr(c, n, "%s is out of range: must be between %g and %g", n->text, f->lo, f->hi);
}

/* Give a scalar its type, value and canonical text. */
static int type_scalar(vctx *c, cpol__rnode *n, const field *f)
{
	const char *why = NULL;
	ftype t = f->type;
	int quoted = (n->flags & CPOL__RN_QUOTED) != 0;
	char buf[CPOL_CADENCE_BUFSZ];

	if (n->kind != CPOL__RN_SCALAR)
		return type_error(c, n, t);
	switch (t) {
	case F_INT:
		if (quoted || parse_int(&n->v.i, n->text) < 0)
			return type_error(c, n, t);
		if (f->ranged && ((double)n->v.i < f->lo || (double)n->v.i > f->hi))
			return range_error(c, n, f);
		n->type = CPOL_RULE_INT;
		n->canon = cpol__arena_printf(c->a, "%lld", (long long)n->v.i);
		break;
	case F_NUMBER:
		if (quoted || parse_number(&n->v.d, n->text) < 0)
			return type_error(c, n, t);
		if (f->ranged && (n->v.d < f->lo || n->v.d > f->hi))
			return range_error(c, n, f);
		n->type = CPOL_RULE_NUMBER;
		n->canon = format_number(c->a, n->v.d);
		break;
	case F_BOOL:
		if (quoted)
			return type_error(c, n, t);
		if (!strcmp(n->text, "true") || !strcmp(n->text, "True") || !strcmp(n->text, "TRUE"))
			n->v.i = 1;
		else if (!strcmp(n->text, "false") || !strcmp(n->text, "False") ||
		         !strcmp(n->text, "FALSE"))
			n->v.i = 0;
		else
			return verr(c, n, "expected true or false, got '%.40s'", n->text);
		n->type = CPOL_RULE_BOOL;
		n->canon = n->v.i ? "true" : "false";
		break;
	case F_STRING:
	case F_SCALAR:
		if (n->len == 0)
			return verr(c, n, "%s", "empty text");
		n->type = CPOL_RULE_STRING;
		n->canon = n->text;
		break;
	case F_CODE:
		if (!is_code(n->text))
			return type_error(c, n, t);
		n->type = CPOL_RULE_STRING;
		n->canon = n->text;
		break;
	case F_ENUM:
		if (enum_index(f->enums, n->text) < 0)
			return enum_error(c, n, f->enums);
		n->type = CPOL_RULE_STRING;
		n->v.i = enum_index(f->enums, n->text) + 1;
		n->canon = n->text;
		break;
	case F_DURATION:
		if (cpol__duration_parse_text(&n->v.du, n->text, &why) < 0)
			return verr(c, n, "bad duration '%.40s': %s", n->text, why);
		n->type = CPOL_RULE_DURATION;
		n->canon = cpol__arena_strdup(c->a, cpol_duration_format(buf, &n->v.du));
		break;
	case F_CADENCE:
		if (cpol__cadence_parse_text(&n->v.ca, n->text, &why) < 0)
			return verr(c, n, "bad cadence '%.40s': %s", n->text, why);
		n->type = CPOL_RULE_CADENCE;
		n->canon = cpol__arena_strdup(c->a, cpol_cadence_format(buf, &n->v.ca));
		break;
	case F_DATE:
		if (parse_date_text(&n->v.date, n->text) < 0)
			return verr(c, n, "expected a date YYYY-MM-DD that exists, got '%.40s'", n->text);
		n->type = CPOL_RULE_DATE;
		n->canon = n->text;
		break;
	case F_TIME:
		if (parse_time(&n->v.i, n->text) < 0)
			return verr(c, n, "expected a time HH:MM between 00:00 and 24:00, got '%.40s'",
			            n->text);
		n->type = CPOL_RULE_TIME;
		n->canon = cpol__arena_printf(c->a, "%02d:%02d", (int)(n->v.i / 60),
		                              (int)(n->v.i % 60));
		break;
	default:
		return type_error(c, n, t);
	}
	return n->canon ? 0 : CPOL_ENOMEM;
}

int cpol__rules_type_scalar(cpol__arena *a, cpol__rnode *node, cpol_rule_type type,
                            const char *path)
{
	vctx c = { a, 0, { 0 }, 0 };
	field f = { 0 };
	int rc;

	switch (type) {
	case CPOL_RULE_BOOL: f.type = F_BOOL; break;
	case CPOL_RULE_INT: f.type = F_INT; break;
	case CPOL_RULE_NUMBER: f.type = F_NUMBER; break;
	case CPOL_RULE_DURATION: f.type = F_DURATION; break;
	case CPOL_RULE_CADENCE: f.type = F_CADENCE; break;
	case CPOL_RULE_DATE: f.type = F_DATE; break;
	case CPOL_RULE_TIME: f.type = F_TIME; break;
	default: f.type = F_STRING; break;
	}
	cpol__buf_puts(&c.path, path ? path : "");
	rc = type_scalar(&c, node, &f);
	return finish_ctx(&c, rc);
}

/* Store a typed scalar into the struct member at dst. */
static void store_scalar(const cpol__rnode *n, const field *f, void *dst)
{
	const cpol_rule_ref *ref = &n->ref;
	switch (f->type) {
	case F_INT:
	case F_TIME:
	case F_WEEKDAYS: {
		cpol_rule_int v = { n->v.i, ref };
		memcpy(dst, &v, sizeof(v));
		break;
	}
	case F_NUMBER: {
		cpol_rule_number v = { n->v.d, ref };
		memcpy(dst, &v, sizeof(v));
		break;
	}
	case F_BOOL: {
		cpol_rule_bool v = { (int)n->v.i, ref };
		memcpy(dst, &v, sizeof(v));
		break;
	}
	case F_DURATION: {
		cpol_rule_duration v = { n->v.du, ref };
		memcpy(dst, &v, sizeof(v));
		break;
	}
	case F_CADENCE: {
		cpol_rule_cadence v = { n->v.ca, ref };
		memcpy(dst, &v, sizeof(v));
		break;
	}
	case F_DATE: {
		cpol_rule_date v = { n->v.date, ref };
		memcpy(dst, &v, sizeof(v));
		break;
	}
	case F_ENUM:
		if (f->flags & (PLAIN | ID)) {
			int k = (int)n->v.i;
			memcpy(dst, &k, sizeof(k));
			break;
		}
		/* fall through */
	default:
		if (f->flags & (PLAIN | ID)) {
			memcpy(dst, &n->text, sizeof(n->text));
		} else {
			cpol_rule_string v = { n->text, ref };
			memcpy(dst, &v, sizeof(v));
		}
		break;
	}
}

/* --------------------------------------------------------------- the walk */

static int check_map(vctx *c, cpol__rnode *n, const schema *s, void *obj);
static int check_value(vctx *c, cpol__rnode *n, const field *f, void *base);
static int parse_date_text(cpol_date *out, const char *s);

static void *member(void *base, const field *f, size_t off)
{
	return base && f->store ? (char *)base + off : NULL;
}

static int unknown_key(vctx *c, const cpol__rnode *map, const cpol__rentry *e,
                       const schema *s)
{
	const char *near = suggest(e->key, &s->fields[0].name, s->nfields, sizeof(field));
	/* field is the key path of the unknown key, as for every other error */
	size_t mark = push(c, e->key);
	const char *path = P(c) ? P(c) : e->key;
	int wlen = mark ? (int)mark : (int)strlen("the top level");
	const char *where = mark ? path : "the top level";
	int rc;
	if (near)
		rc = cpol__error_set_at(CPOL_ERULES, map->file->name, e->line, e->column, path,
		                        "unknown key '%s' in %.*s; did you mean '%s'?", e->key,
		                        wlen, where, near);
	else
		rc = cpol__error_set_at(CPOL_ERULES, map->file->name, e->line, e->column, path,
		                        "unknown key '%s' in %.*s", e->key, wlen, where);
	pop(c, mark);
	return rc;
}

/*
 * A dated value in one file: each alternative checked as the value it
 * stands for, dates that parse, from <= until, and no day under two of
 * them (an error at the later one's line). Merged trees hold no dated
 * value: they are resolved on a day first (rules.c).
 */
static int check_dated(vctx *c, cpol__rnode *n, const field *f)
{
	char a[11], b[11];
	size_t i, k;
	int rc;

	for (i = 0; i < n->n; i++) {
		cpol__rnode *el = n->elems[i];
		cpol__rentry *v = cpol__rnode_get(el, "value");
		cpol__rentry *fe = cpol__rnode_get(el, "from"), *ue = cpol__rnode_get(el, "until");
		cpol_date from, until;

		if (fe && (fe->value->kind != CPOL__RN_SCALAR || parse_date_text(&from, fe->value->text) < 0))
			return verr(c, fe->value, "from: must be a date (YYYY-MM-DD)");
		if (ue && (ue->value->kind != CPOL__RN_SCALAR || parse_date_text(&until, ue->value->text) < 0))
			return verr(c, ue->value, "until: must be a date (YYYY-MM-DD)");
		if (cpol__dated_range(&from, &until, el) < 0)
			return verr(c, el, "a dated value's dates must be YYYY-MM-DD");
		if (from > until)
			return verr(c, el, "this value is in force from %s until %s, which is earlier",
			            cpol_date_format(a, from), cpol_date_format(b, until));
		for (k = 0; k < i; k++) {
			cpol_date f2, u2;
			cpol__dated_range(&f2, &u2, n->elems[k]);
			if (from <= u2 && f2 <= until)
				return verr(c, el, "dated values overlap: this one and the one at line %d are "
				            "both in force on %s", n->elems[k]->line,
				            cpol_date_format(a, from > f2 ? from : f2));
		}
		if (v->value->kind == CPOL__RN_NULL)
			continue; /* not set in that range: the inherited value holds */
		if ((rc = check_value(c, v->value, f, NULL)) < 0)
			return rc;
	}
	return 0;
}

static int check_map(vctx *c, cpol__rnode *n, const schema *s, void *obj)
{
	size_t i, mark;
	int rc;

	if (n->kind != CPOL__RN_MAP)
		return verr(c, n, "expected a map of %s keys, got %s", s->name, kind_name(n));
	set_ref(c, n);
	for (i = 0; i < n->n; i++) {
		cpol__rentry *e = &n->entries[i];
		const field *f = find_field(s, e->key);
		if (!f)
			return unknown_key(c, n, e, s);
		if (e->value->kind == CPOL__RN_NULL)
			continue; /* removes an inherited value; gone once merged */
		mark = push(c, e->key);
		if (!c->merged && cpol__rnode_is_dated(e->value))
			rc = check_dated(c, e->value, f);
		else
			rc = check_value(c, e->value, f, obj);
		pop(c, mark);
		if (rc < 0)
			return rc;
	}
	if (c->merged) {
		for (i = 0; i < s->nfields; i++) {
			const field *f = &s->fields[i];
			cpol__rentry *e = cpol__rnode_get(n, f->name);
			if ((f->flags & REQ) && !e)
				return verr(c, n, "missing required key '%s' in %s", f->name,
				            P(c) ? P(c) : s->name);
		}
	}
	if (s->post)
		return s->post(c, n, obj);
	return 0;
}

/* The id of a list element, read before the element is checked. */
static const char *element_id(const cpol__rnode *elem, const schema *s)
{
	size_t i;
	for (i = 0; i < s->nfields; i++)
		if (s->fields[i].flags & ID) {
			cpol__rentry *e = cpol__rnode_get(elem, s->fields[i].name);
			if (e && e->value->kind == CPOL__RN_SCALAR && is_code(e->value->text))
				return e->value->text;
		}
	return NULL;
}

static int check_list(vctx *c, cpol__rnode *n, const field *f, void *base)
{
	const schema *s = f->sub;
	char *arr = NULL;
	size_t i, j, mark;
	int rc;

	if (n->kind != CPOL__RN_LIST)
		return verr(c, n, "expected a list of %s entries, got %s", s->name, kind_name(n));
	set_ref(c, n);
	if (member(base, f, f->off) && n->n) {
		if (!(arr = cpol__arena_alloc(c->a, s->size * n->n)))
			return CPOL_ENOMEM;
	}
	for (i = 0; i < n->n; i++) {
		cpol__rnode *el = n->elems[i];
		void *obj = arr ? arr + i * s->size : NULL;
		el->id = el->kind == CPOL__RN_MAP ? element_id(el, s) : NULL;
		mark = push_index(c, el->id, i);
		rc = check_map(c, el, s, obj);
		if (rc == 0 && el->id) {
			for (j = 0; j < i; j++)
				if (n->elems[j]->id && strcmp(n->elems[j]->id, el->id) == 0) {
					rc = verr(c, el, "duplicate id '%s' (first at line %d)", el->id,
					          n->elems[j]->line);
					break;
				}
		}
		if (rc == 0 && obj && s->has_ref)
			memcpy((char *)obj + s->ref_off, &(const cpol_rule_ref *){ &el->ref },
			       sizeof(const cpol_rule_ref *));
		pop(c, mark);
		if (rc < 0)
			return rc;
	}
	if (arr) {
		memcpy((char *)base + f->off, &arr, sizeof(arr));
		memcpy((char *)base + f->off2, &n->n, sizeof(size_t));
	}
	return 0;
}

static int check_range(vctx *c, cpol__rnode *n, const field *f, void *dst)
{
	static const field parts[2] = { { .name = "min", .type = F_NUMBER }, { .name = "max", .type = F_NUMBER } };
	cpol_rule_range r;
	size_t i, mark;
	int rc;

	memset(&r, 0, sizeof(r));
	if (n->kind != CPOL__RN_MAP)
		return type_error(c, n, F_RANGE);
	set_ref(c, n);
	for (i = 0; i < n->n; i++) {
		cpol__rentry *e = &n->entries[i];
		field p;
		int which = !strcmp(e->key, "min") ? 0 : !strcmp(e->key, "max") ? 1 : -1;
		if (which < 0)
			return cpol__error_set_at(CPOL_ERULES, n->file->name, e->line, e->column, e->key,
			                          "unknown key '%s' in range %s; a range has min and max",
			                          e->key, P(c) ? P(c) : "");
		if (e->value->kind == CPOL__RN_NULL)
			continue;
		p = parts[which];
		p.ranged = f->ranged;
		p.lo = f->lo;
		p.hi = f->hi;
		mark = push(c, e->key);
		rc = type_scalar(c, e->value, &p);
		set_ref(c, e->value);
		pop(c, mark);
		if (rc < 0)
			return rc;
		if (which == 0)
			r.min = (cpol_rule_number){ e->value->v.d, &e->value->ref };
		else
			r.max = (cpol_rule_number){ e->value->v.d, &e->value->ref };
	}
	if (c->merged && r.min.ref && r.max.ref && r.min.value > r.max.value)
		return verr(c, n, "range min %g is above max %g", r.min.value, r.max.value);
	if (dst)
		memcpy(dst, &r, sizeof(r));
	return 0;
}

static int check_weekdays(vctx *c, cpol__rnode *n, const field *f, void *dst)
{
	cpol__buf canon = { 0 };
	size_t i, mark;
	int64_t mask = 0;
	int rc = 0;

	if (n->kind != CPOL__RN_LIST)
		return type_error(c, n, F_WEEKDAYS);
	set_ref(c, n);
	cpol__buf_puts(&canon, "[");
	for (i = 0; i < n->n; i++) {
		cpol__rnode *el = n->elems[i];
		int wd = el->kind == CPOL__RN_SCALAR ? cpol__weekday_parse(el->text) : -1;
		mark = push_index(c, NULL, i);
		if (wd < 0)
			rc = el->kind == CPOL__RN_SCALAR
			   ? verr(c, el, "'%.40s' is not a weekday (mon, tue, ..., sun, or 1-7)", el->text)
			   : type_error(c, el, F_WEEKDAYS);
		else if (mask & (1 << wd))
			rc = verr(c, el, "weekday '%s' is listed twice", el->text);
		pop(c, mark);
		if (rc < 0)
			goto done;
		mask |= 1 << wd;
	}
	for (i = 1; i <= 7; i++)
		if (mask & (1 << i))
			cpol__buf_printf(&canon, "%s%s", canon.len > 1 ? "," : "", cpol__weekday_names[i]);
	cpol__buf_puts(&canon, "]");
	if (canon.oom) {
		rc = CPOL_ENOMEM;
		goto done;
	}
	n->type = CPOL_RULE_WEEKDAYS;
	n->v.i = mask;
	if (!(n->canon = cpol__arena_strdup(c->a, canon.ptr))) {
		rc = CPOL_ENOMEM;
		goto done;
	}
	if (dst)
		store_scalar(n, f, dst);
done:
	cpol__buf_free(&canon);
	return rc;
}

static int check_scalar_list(vctx *c, cpol__rnode *n, const field *f, void *base)
{
	field ef = *f;
	void *arr = NULL;
	size_t i, j, mark, esize = f->type == F_STRLIST ? sizeof(char *) : sizeof(int);
	int rc;

	ef.type = f->type == F_STRLIST ? F_STRING : f->type == F_ENUMLIST ? F_ENUM
	        : f->type == F_NUMLIST ? F_NUMBER : F_INT;
	if (f->type == F_ENUMLIST && n->kind == CPOL__RN_SCALAR) {
		/* One word alone is a list of one. */
		if ((rc = type_scalar(c, n, &ef)) < 0)
			return rc;
		set_ref(c, n);
		if (member(base, f, f->off)) {
			int *one = cpol__arena_alloc(c->a, sizeof(int));
			size_t count = 1;
			if (!one)
				return CPOL_ENOMEM;
			*one = (int)n->v.i;
			memcpy((char *)base + f->off, &one, sizeof(one));
			memcpy((char *)base + f->off2, &count, sizeof(size_t));
		}
		return 0;
	}
	if (n->kind != CPOL__RN_LIST)
		return type_error(c, n, f->type);
	set_ref(c, n);
	if (member(base, f, f->off) && n->n && !(arr = cpol__arena_alloc(c->a, esize * n->n)))
		return CPOL_ENOMEM;
	for (i = 0; i < n->n; i++) {
		cpol__rnode *el = n->elems[i];
		mark = push_index(c, NULL, i);
		rc = type_scalar(c, el, &ef);
		if (rc == 0) {
			set_ref(c, el);
			/* Scores repeat (75, 75); names and days do not. */
			for (j = 0; j < i && f->type != F_NUMLIST; j++)
				if (strcmp(n->elems[j]->canon, el->canon) == 0) {
					rc = verr(c, el, "'%s' is listed twice", el->canon);
					break;
				}
		}
		pop(c, mark);
		if (rc < 0)
			return rc;
		if (arr && f->type == F_STRLIST)
			((const char **)arr)[i] = el->text;
		else if (arr)
			((int *)arr)[i] = (int)el->v.i;
	}
	if (f->type == F_ENUMLIST && n->n == 0)
		return verr(c, n, "expected %s, got an empty list", type_name(f->type));
	if (member(base, f, f->off)) {
		const cpol_rule_ref *ref = &n->ref;
		memcpy((char *)base + f->off, &arr, sizeof(arr));
		memcpy((char *)base + f->off2, &n->n, sizeof(size_t));
		if (f->off3)
			memcpy((char *)base + f->off3, &ref, sizeof(ref));
	}
	return 0;
}

/* ---- days: holidays, make-up working days, market dates */

typedef struct dayvec {
	cpol_rules_day *v;
	size_t n, cap;
} dayvec;

static int day_push(vctx *c, dayvec *dv, cpol_date d, const char *name, const cpol_rule_ref *ref)
{
	if (!dv)
		return 0;
	if (dv->n == dv->cap) {
		size_t cap = dv->cap ? dv->cap * 2 : 32;
		cpol_rules_day *p = cpol__arena_alloc(c->a, cap * sizeof(*p));
		if (!p)
			return CPOL_ENOMEM;
		if (dv->n)
			memcpy(p, dv->v, dv->n * sizeof(*p));
		dv->v = p;
		dv->cap = cap;
	}
	dv->v[dv->n++] = (cpol_rules_day){ d, name, ref };
	return 0;
}

/* One entry: a date, {date, name} or {from, to, name}; year 0 = any year. */
static int check_day(vctx *c, cpol__rnode *el, int year, int ranges, dayvec *dv)
{
	static const field date_field = { .name = "date", .type = F_DATE };
	cpol__rentry *d, *from, *to, *name;
	cpol_date a, b, x;
	int y1, y2, rc;

	if (el->kind == CPOL__RN_SCALAR) {
		if ((rc = type_scalar(c, el, &date_field)) < 0)
			return rc;
		set_ref(c, el);
		a = b = el->v.date;
		name = NULL;
	} else {
		if (el->kind != CPOL__RN_MAP)
			return verr(c, el, "expected a date or a map with date:, got %s", kind_name(el));
		if ((rc = check_map(c, el, &day_schema, NULL)) < 0)
			return rc;
		d = cpol__rnode_get(el, "date");
		from = cpol__rnode_get(el, "from");
		to = cpol__rnode_get(el, "to");
		name = cpol__rnode_get(el, "name");
		if (!ranges && (from || to))
			return verr(c, el, "%s", "market dates are single days: use date:, not from:/to:");
		if (d && (from || to))
			return verr(c, el, "%s", "give either date: or from: and to:, not both");
		if (!d && !(from && to))
			return verr(c, el, "%s", "a day needs date:, or from: and to:");
		a = d ? d->value->v.date : from->value->v.date;
		b = d ? a : to->value->v.date;
		if (b < a)
			return verr(c, el, "from: %s is after to: %s", from->value->text, to->value->text);
		if (b - a > 366)
			return verr(c, el, "%s", "a range of days is at most a year long");
	}
	if (year) {
		cpol_date_split(&y1, NULL, NULL, a);
		cpol_date_split(&y2, NULL, NULL, b);
		if (y1 != year || y2 != year)
			return verr(c, el, "%s is not in the year %d it is listed under",
			            y1 != year ? "the date" : "the end of the range", year);
	}
	for (x = a; x <= b; x++)
		if ((rc = day_push(c, dv, x, name && name->value->kind == CPOL__RN_SCALAR
		                                ? name->value->text : NULL, &el->ref)) < 0)
			return rc;
	return 0;
}

static int day_cmp(const void *pa, const void *pb)
{
	const cpol_rules_day *a = pa, *b = pb;
	return (a->date > b->date) - (a->date < b->date);
}

static int finish_days(vctx *c, dayvec *dv, const field *f, void *base)
{
	size_t i;
	char d1[CPOL_DATE_BUFSZ];

	if (!dv)
		return 0;
	if (dv->n > 1)
		qsort(dv->v, dv->n, sizeof(*dv->v), day_cmp);
	for (i = 1; i < dv->n; i++)
		if (dv->v[i].date == dv->v[i - 1].date) {
			const cpol_rule_ref *r = dv->v[i].ref->line >= dv->v[i - 1].ref->line
			                       ? dv->v[i].ref : dv->v[i - 1].ref;
			const cpol_rule_ref *o = r == dv->v[i].ref ? dv->v[i - 1].ref : dv->v[i].ref;
			return verr_ref(r, "%s is listed twice (also at line %d)",
			                cpol_date_format(d1, dv->v[i].date), o->line);
		}
	memcpy((char *)base + f->off, &dv->v, sizeof(dv->v));
	memcpy((char *)base + f->off2, &dv->n, sizeof(size_t));
	return 0;
}

static int check_daylist(vctx *c, cpol__rnode *n, const field *f, void *base, int year,
                         dayvec *dv)
{
	size_t i, mark;
	int rc;

	if (n->kind != CPOL__RN_LIST)
		return verr(c, n, "expected a list of dates, got %s", kind_name(n));
	set_ref(c, n);
	for (i = 0; i < n->n; i++) {
		mark = push_index(c, NULL, i);
		rc = check_day(c, n->elems[i], year, f->type == F_YEARDAYS, dv);
		pop(c, mark);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int check_days(vctx *c, cpol__rnode *n, const field *f, void *base)
{
	dayvec vec = { 0 }, *dv = member(base, f, f->off) ? &vec : NULL;
	size_t i, mark;
	int rc;

	if (f->type == F_DAYLIST) {
		if ((rc = check_daylist(c, n, f, base, 0, dv)) < 0)
			return rc;
		return finish_days(c, dv, f, base);
	}
	if (n->kind != CPOL__RN_MAP)
		return verr(c, n, "expected a map of years (2024: [...]), got %s", kind_name(n));
	set_ref(c, n);
	for (i = 0; i < n->n; i++) {
		cpol__rentry *e = &n->entries[i];
		int64_t year;
		if (parse_int(&year, e->key) < 0 || year < 1 || year > 9999 || strlen(e->key) != 4)
			return cpol__error_set_at(CPOL_ERULES, n->file->name, e->line, e->column, e->key,
			                          "'%s' is not a year: %s is keyed by year, 2024: [...]",
			                          e->key, P(c) ? P(c) : "");
		if (e->value->kind == CPOL__RN_NULL)
			continue;
		mark = push(c, e->key);
		rc = check_daylist(c, e->value, f, base, (int)year, dv);
		pop(c, mark);
		if (rc < 0)
			return rc;
	}
	return finish_days(c, dv, f, base);
}

static int check_keyed(vctx *c, cpol__rnode *n, const field *f, void *base)
{
	field vf = *f;
	cpol_rules_difficulty *arr = NULL;
	size_t i, mark;
	int rc;

	vf.type = f->type == F_NUMMAP ? F_NUMBER : F_STRING;
	if (n->kind != CPOL__RN_MAP)
		return verr(c, n, "expected a map, got %s", kind_name(n));
	set_ref(c, n);
	if (member(base, f, f->off) && n->n && !(arr = cpol__arena_alloc(c->a, sizeof(*arr) * n->n)))
		return CPOL_ENOMEM;
	for (i = 0; i < n->n; i++) {
		cpol__rentry *e = &n->entries[i];
		if (f->type == F_NUMMAP && !is_code(e->key))
			return cpol__error_set_at(CPOL_ERULES, n->file->name, e->line, e->column, e->key,
			                          "'%s' is not an id (lowercase letters, digits, '_', '-')",
			                          e->key);
		if (e->value->kind == CPOL__RN_NULL)
			continue;
		mark = push(c, e->key);
		rc = type_scalar(c, e->value, &vf);
		set_ref(c, e->value);
		pop(c, mark);
		if (rc < 0)
			return rc;
		if (arr)
			arr[i] = (cpol_rules_difficulty){ e->key,
			                                  { e->value->v.d, &e->value->ref } };
	}
	if (arr) {
		memcpy((char *)base + f->off, &arr, sizeof(arr));
		memcpy((char *)base + f->off2, &n->n, sizeof(size_t));
	}
	return 0;
}

static int check_texts(vctx *c, cpol__rnode *n, const field *f)
{
	static const field tf = { .name = "text", .type = F_STRING };
	size_t i, mark;
	int rc;

	if (n->kind == CPOL__RN_SCALAR) {
		set_ref(c, n);
		return type_scalar(c, n, &tf);
	}
	if (n->kind != CPOL__RN_LIST)
		return type_error(c, n, f->type);
	set_ref(c, n);
	for (i = 0; i < n->n; i++) {
		mark = push_index(c, NULL, i);
		rc = type_scalar(c, n->elems[i], &tf);
		set_ref(c, n->elems[i]);
		pop(c, mark);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int check_value(vctx *c, cpol__rnode *n, const field *f, void *base)
{
	int rc;

	if ((n->flags & CPOL__RN_EXTEND) && f->type != F_LIST && f->type != F_STRLIST &&
	    f->type != F_INTLIST && f->type != F_DAYLIST && f->type != F_TEXTS &&
	    f->type != F_ENUMLIST && f->type != F_NUMLIST)
		return verr(c, n, "!extend is for lists; %s is %s", f->name, type_name(f->type));
	switch (f->type) {
	case F_MAP:
		return check_map(c, n, f->sub, member(base, f, f->off));
	case F_LIST:
		return check_list(c, n, f, base);
	case F_RANGE:
		return check_range(c, n, f, member(base, f, f->off));
	case F_WEEKDAYS:
		return check_weekdays(c, n, f, member(base, f, f->off));
	case F_STRLIST:
	case F_INTLIST:
	case F_ENUMLIST:
	case F_NUMLIST:
		return check_scalar_list(c, n, f, base);
	case F_DAYLIST:
	case F_YEARDAYS:
		return check_days(c, n, f, base);
	case F_NUMMAP:
	case F_STRMAP:
		return check_keyed(c, n, f, base);
	case F_TEXTS:
		return check_texts(c, n, f);
	default:
		break;
	}
	if ((rc = type_scalar(c, n, f)) < 0)
		return rc;
	set_ref(c, n);
	if (member(base, f, f->off))
		store_scalar(n, f, (char *)base + f->off);
	return 0;
}

/* --------------------------------------------------------- post-processing */

static int deduction_post(vctx *c, cpol__rnode *node, void *obj)
{
	cpol__rentry *unit = cpol__rnode_get(node, "per_unit");
	cpol__rentry *pct = cpol__rnode_get(node, "per_percent");
	cpol__rentry *below = cpol__rnode_get(node, "below");
	cpol__rentry *points = cpol__rnode_get(node, "points");
	cpol_rules_deduction *d = obj;
	int forms = !!unit + !!pct + !!below;

	if (forms != 1)
		return verr(c, node, "%s", forms ? "a deduction has one of per_unit, per_percent "
		                                   "or below, not several"
		                                 : "a deduction needs per_unit, per_percent or below");
	if (unit && points)
		return verr(c, node, "%s", "per_unit is itself the points per unit: drop points");
	if (!unit && !points)
		return verr(c, node, "%s needs points: the points it takes",
		            pct ? "per_percent" : "below");
	if (!d)
		return 0;
	d->ref = &node->ref;
	if (unit) {
		d->kind = CPOL_DEDUCT_PER_UNIT;
		d->points = unit->value->v.d;
	} else if (pct) {
		d->kind = CPOL_DEDUCT_PER_PERCENT;
		d->step = pct->value->v.d;
		d->points = points->value->v.d;
	} else {
		d->kind = CPOL_DEDUCT_THRESHOLD;
		d->threshold = below->value->v.d;
		d->points = points->value->v.d;
	}
	return 0;
}

/* The first effect is the veto's `effect`; one place in the ranking at most. */
static int veto_post(vctx *c, cpol__rnode *node, void *obj)
{
	cpol__rentry *e = cpol__rnode_get(node, "effect");
	cpol_rules_veto *v = obj;
	int after = 0, out = 0;
	size_t i;

	if (e && e->value->kind == CPOL__RN_LIST)
		for (i = 0; i < e->value->n; i++) {
			after |= e->value->elems[i]->v.i == CPOL_VETO_RANK_AFTER_UNVETOED;
			out |= e->value->elems[i]->v.i == CPOL_VETO_UNRANKED;
		}
	if (after && out)
		return verr(c, e->value, "%s", "a veto ranks after the unvetoed subjects or leaves the "
		            "ranking: give rank_after_unvetoed or unranked, not both");
	if (v && v->effect_count) {
		v->effect = v->effects[0];
		for (i = 0; i < v->effect_count; i++)
			v->effect_bits |= CPOL_VETO_BIT(v->effects[i]);
	}
	return 0;
}

/* The first action is the sanction's `action`; a streak is of last places. */
static int sanction_post(vctx *c, cpol__rnode *node, void *obj)
{
	cpol__rentry *consecutive = cpol__rnode_get(node, "consecutive");
	cpol__rentry *last = cpol__rnode_get(node, "last_place");
	cpol_rules_sanction *s = obj;

	if (c->merged && consecutive) {
		if (!last || last->value->kind != CPOL__RN_SCALAR || !last->value->v.i)
			return verr(c, consecutive->value, "%s", "consecutive: counts periods in last "
			            "place in a row, so it needs last_place: true");
		if (cpol__rnode_get(node, "metric"))
			return verr(c, consecutive->value, "%s", "consecutive: cannot go with metric: "
			            "(the metric's value in past periods is not kept); use score_below:");
	}
	if (s && s->action_count)
		s->action = s->actions[0];
	return 0;
}

int cpol__rules_check_file(cpol__arena *a, cpol__rnode *root)
{
	vctx c = { a, 0, { 0 }, 0 };
	cpol__rentry *tests;
	int rc;

	rc = finish_ctx(&c, check_map(&c, root, &root_schema, NULL));
	if (rc == 0 && (tests = cpol__rnode_get(root, "tests")) &&
	    tests->value->kind == CPOL__RN_LIST)
		rc = cpol__rules_validate_tests(a, tests->value);
	return rc;
}

/* ---- cross-key rules of the merged tree */

static int rank_cmp(const void *pa, const void *pb)
{
	const cpol_rules_office_class *a = pa, *b = pb;
	return (a->rank.value > b->rank.value) - (a->rank.value < b->rank.value);
}

static int grade_cmp(const void *pa, const void *pb)
{
	const cpol_rules_grade *a = pa, *b = pb;
	return (a->min.value < b->min.value) - (a->min.value > b->min.value);
}

static int cross_staffing(struct cpol_rules *r)
{
	cpol_rules_staffing *s = &r->staffing;
	size_t i;

	if (s->default_model.ref) {
		for (i = 0; i < s->model_count; i++)
			if (!strcmp(s->models[i].code, s->default_model.value))
				break;
		if (i == s->model_count)
			return verr_ref(s->default_model.ref,
			                "default_model '%s' is not the code of any staffing.models entry",
			                s->default_model.value);
	}
	if (s->office_class_count > 1) {
		cpol_rules_office_class *oc = (cpol_rules_office_class *)s->office_classes;
		qsort(oc, s->office_class_count, sizeof(*oc), rank_cmp);
		for (i = 1; i < s->office_class_count; i++)
			if (oc[i].rank.value == oc[i - 1].rank.value)
				return verr_ref(oc[i].rank.ref, "office classes '%s' and '%s' have the same rank %lld",
				                oc[i - 1].code, oc[i].code, (long long)oc[i].rank.value);
	}
	return 0;
}

static int cross_duty_calendar(struct cpol_rules *r)
{
	const cpol_rules_duty *d = &r->duty;
	const cpol_rules_calendar *cal = &r->calendar;
	const cpol_rules_market_days *m = &cal->market_days;
	size_t i = 0, j = 0;
	char buf[CPOL_DATE_BUFSZ];

	if (d->min_nights_per_week.ref && d->max_nights_per_week.ref && d->max_nights_per_week.value > 0 &&
	    d->min_nights_per_week.value > d->max_nights_per_week.value) /* 0: no upper limit */
		return verr_ref(d->max_nights_per_week.ref,
		                "max_nights_per_week %lld is below min_nights_per_week %lld",
		                (long long)d->max_nights_per_week.value,
		                (long long)d->min_nights_per_week.value);
	if (cal->work_start.ref && cal->work_end.ref &&
	    cal->work_start.value >= cal->work_end.value)
		return verr_ref(cal->work_end.ref, "%s", "work_end must be after work_start");
	if (cal->weekend.ref && cal->weekend.value == 0xfe)
		return verr_ref(cal->weekend.ref, "%s", "a weekend of all seven days leaves no working day");
	if (!!m->every.ref != !!m->anchor.ref)
		return verr_ref(m->every.ref ? m->every.ref : m->anchor.ref, "%s",
		                "market_days every: and anchor: go together (every 5d from an anchor date)");
	if (m->every.ref && m->every.value.unit != CPOL_UNIT_DAY &&
	    m->every.value.unit != CPOL_UNIT_WEEK)
		return verr_ref(m->every.ref, "%s", "market_days every: is a number of days or weeks");
	/* Each rotation is of a stated post, once, and lists at least one day. */
	for (i = 0; i < d->rotation_count; i++) {
		const cpol_rules_rotation *ro = &d->rotation[i];
		for (j = 0; j < d->post_count; j++)
			if (strcmp(d->posts[j], ro->post) == 0)
				break;
		if (j == d->post_count)
			return verr_ref(ro->ref, "rotation of post '%s', which duty.posts does not list", ro->post);
		for (j = 0; j < i; j++)
			if (strcmp(d->rotation[j].post, ro->post) == 0)
				return verr_ref(ro->ref, "a second rotation of post '%s'", ro->post);
		/* (an empty day is refused by the loader: "empty text") */
		if (ro->day_count == 0)
			return verr_ref(ro->days_ref ? ro->days_ref : ro->ref, "%s",
			                "a rotation's days list at least one day");
	}
	i = j = 0;
	while (i < cal->holiday_count && j < cal->workday_count) {
		if (cal->holidays[i].date < cal->workdays[j].date)
			i++;
		else if (cal->holidays[i].date > cal->workdays[j].date)
			j++;
		else
			return verr_ref(cal->workdays[j].ref, "%s is both a holiday and a working day",
			                cpol_date_format(buf, cal->workdays[j].date));
	}
	return 0;
}

static int cross_items(struct cpol_rules *r, double total)
{
	cpol_rules_assessment *as = &r->assessment;
	double sum = 0;
	size_t i, k;

	for (i = 0; i < as->item_count; i++) {
		const cpol_rules_item *it = &as->items[i];
		sum += it->weight.value;
		if (it->weight.value > total)
			return verr_ref(it->weight.ref, "item '%s' weighs %g, more than the total %g",
			                it->id, it->weight.value, total);
		for (k = 0; k < it->deduction_count; k++) {
			const cpol_rules_deduction *d = &it->deductions[k];
			if (d->kind != CPOL_DEDUCT_THRESHOLD && !it->target.ref)
				return verr_ref(d->ref, "item '%s' deducts below a target but has no target",
				                it->id);
			if (d->kind == CPOL_DEDUCT_PER_PERCENT && it->target.value == 0)
				return verr_ref(it->target.ref,
				                "item '%s' deducts per percent of a target of 0", it->id);
		}
	}
	if (as->item_count && fabs(sum - total) > 1e-6) {
		/* Reported at the items: key of the file that set the list. */
		cpol__rentry *a = cpol__rnode_get(r->root, "assessment");
		cpol__rentry *items = a ? cpol__rnode_get(a->value, "items") : NULL;
		const cpol_rule_ref *at = items ? &items->value->ref : as->items[0].ref;
		return cpol__error_set_at(CPOL_ERULES, at->file, items ? items->line : at->line,
		                          items ? items->column : at->column, "assessment.items",
		                          "assessment item weights add up to %g, not the total %g%s",
		                          sum, total,
		                          as->total.ref ? "" : " (assessment.total, by default 100)");
	}
	return 0;
}

static int cross_assessment(struct cpol_rules *r)
{
	cpol_rules_assessment *as = &r->assessment;
	double total = as->total.ref ? as->total.value : 100;
	const cpol_rules_grade *g;
	size_t i, k;
	int rc;

	if ((rc = cross_items(r, total)) < 0)
		return rc;
	if (as->grade_count > 1) {
		cpol_rules_grade *gr = (cpol_rules_grade *)as->grades;
		qsort(gr, as->grade_count, sizeof(*gr), grade_cmp);
		for (i = 1; i < as->grade_count; i++)
			if (gr[i].min.value == gr[i - 1].min.value)
				return verr_ref(gr[i].min.ref, "grades '%s' and '%s' have the same min %g",
				                gr[i - 1].code, gr[i].code, gr[i].min.value);
	}
	for (i = 0; i < as->veto_count; i++) {
		const cpol_rules_veto *v = &as->vetoes[i];
		if ((v->effect_bits & CPOL_VETO_BIT(CPOL_VETO_CAP_GRADE)) && !v->grade.ref)
			return verr_ref(v->ref, "veto '%s' caps the grade but names no grade:", v->id);
		if (v->grade.ref) {
			for (g = NULL, k = 0; k < as->grade_count; k++)
				if (!strcmp(as->grades[k].code, v->grade.value))
					g = &as->grades[k];
			if (!g)
				return verr_ref(v->grade.ref, "veto '%s' names grade '%s', which is not in "
				                "assessment.grades", v->id, v->grade.value);
		}
	}
	for (i = 0; i < as->difficulty_count; i++) {
		const cpol_rules_difficulty *d = &as->difficulty[i];
		for (k = 0; k < r->staffing.office_class_count; k++)
			if (!strcmp(r->staffing.office_classes[k].code, d->office_class))
				break;
		if (k == r->staffing.office_class_count)
			return verr_ref(d->coefficient.ref, "difficulty for '%s', which is not in "
			                "staffing.office_classes", d->office_class);
	}
	for (i = 0; i < as->sanction_count; i++) {
		const cpol_rules_sanction *s = &as->sanctions[i];
		if (!!s->metric.ref != !!s->metric_below.ref)
			return verr_ref(s->ref, "sanction '%s': metric: and metric_below: go together",
			                s->id);
		if (!s->last_place.ref && !s->rank_at_most.ref && !s->score_below.ref && !s->metric.ref)
			return verr_ref(s->ref, "sanction '%s' has no condition (last_place, rank_at_most, "
			                "score_below or metric)", s->id);
	}
	return 0;
}

/* ---- formulas: compiled at load, every name they read known */

/*
 * The metric names a formula may read: built-in, derived, supplied
 * (assessment.supplied: stored values and callbacks, declared with what
 * they are), and the names the rules already use as a metric of an item,
 * bonus, veto or sanction (those are stored values by the same reasoning).
 */
typedef struct known_names {
	const char **v;
	size_t n, cap;
} known_names;

static int known_add(known_names *k, const char *name)
{
	if (!name)
		return 0;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		const char **grown = realloc((void *)k->v, sizeof(*grown) * (cap + 1));
		if (!grown)
			return cpol__error_oom();
		k->v = grown;
		k->cap = cap;
	}
	k->v[k->n++] = name;
	k->v[k->n] = NULL;
	return 0;
}

static int known_has(const known_names *k, const char *name)
{
	size_t i;
	for (i = 0; i < k->n; i++)
		if (strcmp(k->v[i], name) == 0)
			return 1;
	return 0;
}

/*
 * Where in the file the name sits: the formula's own column plus the
 * name's offset in characters, when the text is on the value's line
 * (a plain or quoted scalar without a line break before the name);
 * otherwise the formula's column.
 */
static int name_column(const cpol__rnode *n, const char *name)
{
	const char *t = n->text, *p = t;
	size_t len = strlen(name);
	int col;

	for (;;) {
		if (!(p = strstr(p, name)))
			return n->column;
		if ((p == t || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
		    !(isalnum((unsigned char)p[len]) || p[len] == '_'))
			break;
		p += len;
	}
	if ((n->flags & CPOL__RN_QUOTED) && !(n->flags & CPOL__RN_INLINE))
		return n->column; /* a block scalar: the text starts on a later line */
	col = n->column + !!(n->flags & CPOL__RN_INLINE);
	for (; t < p; t++) {
		if (*t == '\n')
			return n->column;
		col += ((unsigned char)*t & 0xc0) != 0x80;
	}
	return col;
}

static int check_formula(cpol__formula_engine *eng, const known_names *k, const cpol__rnode *n,
                         int item)
{
	cpol__formula *f = NULL;
	size_t i;
	int rc;

	if ((rc = cpol__formula_compile(&f, eng, n->text, &n->ref, n->ref.key)) < 0)
		return rc;
	for (i = 0; i < cpol__formula_input_count(f); i++) {
		const char *name = cpol__formula_input(f, i), *near;
		char q[256];

		if (known_has(k, name) || (item && strcmp(name, "value") == 0))
			continue;
		near = suggest(name, k->v, k->n, sizeof(*k->v));
		rc = cpol__error_set_at(CPOL_ERULES, n->ref.file, n->line, name_column(n, name),
		                        n->ref.key, "unknown metric '%s'%s%s%s, in formula %s; a formula "
		                        "reads built-in, derived or supplied metrics (assessment.supplied)",
		                        name, near ? " (did you mean '" : "", near ? near : "",
		                        near ? "'?)" : "", cpol__formula_quote(q, sizeof(q), n->text));
		break;
	}
	cpol__formula_free(f);
	return rc;
}

static int cross_formulas(struct cpol_rules *r)
{
	const cpol_rules_assessment *as = &r->assessment;
	cpol__rentry *a = cpol__rnode_get(r->root, "assessment");
	cpol__rentry *derived = a ? cpol__rnode_get(a->value, "derived") : NULL;
	cpol__rentry *supplied = a ? cpol__rnode_get(a->value, "supplied") : NULL;
	cpol__rentry *items = a ? cpol__rnode_get(a->value, "items") : NULL;
	cpol__formula_engine *eng = NULL;
	known_names k = { 0 };
	const cpol_metric_def *def;
	size_t i;
	int rc = 0;

	if (!a)
		return 0;
	for (i = 0; (def = cpol_metric_builtin(i)) && rc == 0; i++)
		rc = known_add(&k, def->name);
	for (i = 0; derived && derived->value->kind == CPOL__RN_MAP && i < derived->value->n && rc == 0; i++)
		rc = known_add(&k, derived->value->entries[i].key);
	for (i = 0; supplied && supplied->value->kind == CPOL__RN_MAP && i < supplied->value->n && rc == 0; i++) {
		const cpol__rentry *e = &supplied->value->entries[i];
		if (!cpol__metric_name_ok(e->key) || cpol__builtin_find(e->key))
			rc = cpol__error_set_at(CPOL_ERULES, e->value->file->name, e->line, e->column,
			                        e->value->ref.key, "supplied metric '%s' %s", e->key,
			                        cpol__builtin_find(e->key) ? "is a built-in metric"
			                        : "is not a plain name (letters, digits, '_')");
		else
			rc = known_add(&k, e->key);
	}
	for (i = 0; i < as->item_count && rc == 0; i++)
		rc = known_add(&k, as->items[i].metric.value);
	for (i = 0; i < as->bonus_count && rc == 0; i++)
		rc = known_add(&k, as->bonuses[i].metric.value);
	for (i = 0; i < as->veto_count && rc == 0; i++)
		rc = known_add(&k, as->vetoes[i].metric.value);
	for (i = 0; i < as->sanction_count && rc == 0; i++)
		rc = known_add(&k, as->sanctions[i].metric.ref ? as->sanctions[i].metric.value : NULL);
	if (rc == 0 && ((derived && derived->value->n) || as->item_count))
		rc = cpol__formula_engine_new(&eng);
	for (i = 0; derived && derived->value->kind == CPOL__RN_MAP && i < derived->value->n && rc == 0; i++) {
		const cpol__rentry *e = &derived->value->entries[i];
		if (!cpol__metric_name_ok(e->key) || cpol__builtin_find(e->key))
			rc = cpol__error_set_at(CPOL_ERULES, e->value->file->name, e->line, e->column,
			                        e->value->ref.key, cpol__builtin_find(e->key)
			                        ? "derived metric '%s' has the name of a built-in metric; "
			                          "choose another name"
			                        : "derived metric name '%s' is not a plain name "
			                          "(letters, digits, '_')", e->key);
		else
			rc = check_formula(eng, &k, e->value, 0);
	}
	for (i = 0; items && items->value->kind == CPOL__RN_LIST && i < items->value->n && rc == 0; i++) {
		const cpol__rnode *el = items->value->elems[i];
		cpol__rentry *f = el->kind == CPOL__RN_MAP ? cpol__rnode_get(el, "formula") : NULL;
		if (f && f->value->kind == CPOL__RN_SCALAR)
			rc = check_formula(eng, &k, f->value, 1);
	}
	cpol__formula_engine_free(eng);
	free((void *)k.v);
	return rc;
}

int cpol__rules_check_merged(struct cpol_rules *rules)
{
	vctx c = { &rules->arena, 1, { 0 }, 0 };
	int rc;

	rc = finish_ctx(&c, check_map(&c, rules->root, &root_schema, rules));
	if (rc == 0)
		rc = cross_staffing(rules);
	if (rc == 0)
		rc = cross_duty_calendar(rules);
	if (rc == 0)
		rc = cpol__rules_calendar_compute(rules);
	if (rc == 0)
		rc = cross_assessment(rules);
	if (rc == 0)
		rc = cross_formulas(rules);
	return rc;
}

/*
 * libcommpolice — helpers shared by the units and work modules
 * (lib/units.c, lib/work*.c). Not installed.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef CPOL_WORK_INTERNAL_H
#define CPOL_WORK_INTERNAL_H

#include "internal.h"

/* CPOL_EINVAL naming field unless s is a non-empty string. */
int cpol__work_need_text(const char *s, const char *field);

/* CPOL_EINVAL naming field unless d is a date in years 1..9999. */
int cpol__work_need_date(cpol_date d, const char *field);

/* CPOL_EINVAL naming field when version is not the one expected. */
int cpol__work_check_version(unsigned int version, unsigned int expected, const char *what);

/*
 * Existence checks against the tables of the org and address modules
 * (lib/schema/002_population.sql), each failing with CPOL_ENOTFOUND and
 * the field named. An id of 0 passes for the optional ones (_opt).
 */
int cpol__work_check_office(cpol_db *db, cpol_id office_id, const char *field);
int cpol__work_check_staff_opt(cpol_db *db, cpol_id staff_id, const char *field);
int cpol__work_check_address_opt(cpol_db *db, cpol_id address_id, const char *field);
int cpol__work_check_person_opt(cpol_db *db, cpol_id person_id, const char *field);
int cpol__work_check_house_opt(cpol_db *db, cpol_id house_id, const char *field);

/* The office of a live unit; CPOL_ENOTFOUND (field) when there is none. */
int cpol__work_unit_office(cpol_db *db, cpol_id unit_id, const char *field, cpol_id *office_id);

/* Step a statement expected to yield one row: 0 (row ready), CPOL_ENOTFOUND, or an error. */
int cpol__work_step_row(cpol_db *db, cpol__stmt *st, const char *what);

/* Name/parse over a NULL-terminated table of codes whose index + 1 is the enum value. */
const char *cpol__work_code_name(const char *const *codes, int value);
int cpol__work_code_parse(int *out, const char *const *codes, const char *name, const char *field);

/* Optional integer id column: 0 for NULL. Optional id bind: 0 binds NULL. */
int cpol__work_bind_id_opt(cpol__stmt *st, int idx, cpol_id id);

/*
 * The last day of a time allowed whose end by the calendar is d: when the
 * rules' calendar.deadline_on_holiday is "next_working_day", the first
 * working day on or after d (d itself when none within 60 days); when it is
 * "keep" or unset, d (see lib/work_owed.c).
 */
int cpol__work_extend_to_working_day(cpol_date *out, const cpol_rules *rules, cpol_date d);

/*
 * Read an inspection's live checklist items and hazards into in->items and
 * in->hazards (in->id set, both arrays empty), in the order recorded;
 * *oom is set when memory ran out. 0 or an error.
 */
int cpol__work_read_inspection_parts(cpol_db *db, cpol_inspection *in, int *oom);

/* Free the items and hazards read into `in`, leaving both arrays empty. */
void cpol__work_inspection_parts_free(cpol_inspection *in);

/*
 * Patrols, publicity events, contact cards, 失控 states (lib/work_patrol.c):
 * the columns read back, shared by cpol_X_get and the listings
 * (lib/work_list.c), and the readers of a row into a record whose text
 * points into the row (a patrol's auxiliaries are a new array, freed by
 * the caller). The patrol's columns name the table `p`.
 */
#define CPOL__PATROL_COLUMNS \
	"p.id, p.office_id, p.officer_id, p.on_date, p.start_time, p.end_time, p.area," \
	" p.volunteers, p.night, p.note, p.archived_at, (SELECT group_concat(staff_id) FROM" \
	" (SELECT a.staff_id FROM patrol_auxiliary a WHERE a.patrol_id = p.id" \
	" AND a.archived_at IS NULL ORDER BY a.staff_id))"
#define CPOL__PUBLICITY_COLUMNS \
	"id, office_id, officer_id, on_date, topic, place, audience, summary, archived_at"
#define CPOL__CONTACT_CARD_COLUMNS \
	"id, office_id, house_id, officer_id, issued_on, number, archived_at"
#define CPOL__LOST_COLUMNS \
	"id, person_id, office_id, officer_id, lost_from, found_by, note, ended_on, end_reason," \
	" end_note, archived_at"
int cpol__patrol_decode(cpol_patrol *p, cpol__stmt *st);
int cpol__publicity_decode(cpol_publicity *p, cpol__stmt *st);
int cpol__contact_card_decode(cpol_contact_card *c, cpol__stmt *st);
int cpol__lost_decode(cpol_lost *l, cpol__stmt *st);
/* Fills p->auxiliaries from "3,5,8" (a new array; none for NULL or ""). */
int cpol__patrol_read_auxiliaries(cpol_patrol *p, const char *list);
/* Minutes after midnight of "HH:MM". */
int cpol__patrol_minute(const char *hhmm);
/* 1 when a patrol from start to end (minutes; end < start: the next day) is at night. */
int cpol__patrol_is_night(int start, int end);

/* The cpol_X_new_init() of a record's struct (CPOL__DEFINE_INIT, internal.h). */
#define CPOL__WORK_DEFINE_INIT CPOL__DEFINE_INIT

/*
 * The households of an office on a day (lib/work_patrol.c, the one
 * definition behind cpol_uncarded_iter_new() and the owed view): the
 * cached statement, bound; the caller steps it and resets it. By house
 * id; the columns below.
 */
int cpol__households_stmt(cpol__stmt **out, cpol_db *db, cpol_id office_id, cpol_date on);
enum {
	CPOL__HOUSEHOLD_ID,         /* house id */
	CPOL__HOUSEHOLD_ADDRESS,    /* its address id */
	CPOL__HOUSEHOLD_RESIDENTS,  /* persons living there that day */
	CPOL__HOUSEHOLD_SINCE,      /* first day of the earliest residence holding the day */
	CPOL__HOUSEHOLD_LAST_VISIT, /* last household contact on or before the day, or NULL */
	CPOL__HOUSEHOLD_CARDED      /* 1 when a live card was issued on or before the day */
};

/* Code tables (index + 1 = enum value). */
extern const char *const cpol__unit_status_codes[];
extern const char *const cpol__prevention_kind_codes[];
extern const char *const cpol__inspection_kind_codes[];
extern const char *const cpol__notice_result_codes[];
extern const char *const cpol__visit_kind_codes[];
extern const char *const cpol__incident_kind_codes[];
extern const char *const cpol__dispute_status_codes[];
extern const char *const cpol__patrol_shift_codes[];
extern const char *const cpol__prevention_topic_codes[];
extern const char *const cpol__lost_found_by_codes[];
extern const char *const cpol__lost_end_codes[];

#endif

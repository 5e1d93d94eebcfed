/*
 * libcommpolice — organisations: regions, stations, offices, districts,
 * communities and villages, staff and their assignments.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_ORG_H
#define COMMPOLICE_ORG_H

#include "common.h"
#include "date.h"
#include "db.h"
#include "rules.h"

/**
 * @file commpolice/org.h
 * @brief Who polices where: 派出所, 警务室, 警务区, 社区/村, 民警 and 协勤.
 *
 * - A **region** names the rule set its offices follow (its `code` is what
 *   cpol_rules_load_region() takes: "national", "nantong"...).
 * - A **station** (公安派出所) belongs to a region and runs offices.
 * - An **office** (社区警务室 / 农村警务室) belongs to a station; it has a
 *   class (一类/二类/三类, a code of `staffing.office_classes`) and a
 *   staffing model (一社区一警, 联村一警..., a code of `staffing.models`).
 * - A **district** (警务区 / 责任区) belongs to an office and covers
 *   communities (社区) or villages (村) for periods of time.
 * - **Staff** are community officers (社区民警, with a 警号 badge number)
 *   and auxiliaries (专职协勤 / 警务助理). A staff member's place is an
 *   **assignment**: an office (and optionally a district), the dedicated-
 *   community flag (专职社区民警: no station duty, nothing after 22:00) and a
 *   period. Moving to another office, or changing the flag, closes the
 *   current assignment and opens a new one, so the history stays.
 *
 * Nothing is deleted: records are archived (cpol_org_unit_archive()) and every
 * write is in the audit trail.
 *
 * All functions follow the rules of db.h: one thread at a time per handle;
 * every write is one transaction (a savepoint inside an open one).
 */

/* ------------------------------------------------------------------ staff */

/** What a staff member is. */
typedef enum {
	CPOL_STAFF_OFFICER = 1,   /**< 民警: a police officer, has a badge number (警号) */
	CPOL_STAFF_AUXILIARY = 2  /**< 协勤 / 警务助理: works under an officer, no badge */
} cpol_staff_kind;

/**
 * A staff member as seen through one assignment. Plain data.
 *
 * Obtained from cpol_staff_get() (the caller frees it with cpol_staff_free())
 * or from a staff iterator (owned by the iterator, valid until its next call).
 */
typedef struct cpol_staff {
	cpol_id id;               /**< the staff member */
	cpol_id assignment_id;    /**< the assignment this record shows */
	cpol_id office_id;        /**< the office of that assignment */
	cpol_id district_id;      /**< its district, or 0 when office-wide */
	const char *name;         /**< full name, UTF-8 */
	const char *badge;        /**< 警号 (officers); NULL for auxiliaries */
	cpol_staff_kind kind;     /**< officer or auxiliary */
	int dedicated_community;  /**< 1 for a dedicated community officer (专职社区民警) */
	const char *phone;        /**< published contact number, or NULL */
	cpol_date active_from;    /**< first day of the assignment */
	cpol_date active_to;      /**< last day of the assignment; CPOL_DATE_NONE while open */
	const char *archived_at;  /**< NULL while the staff record is live */
} cpol_staff;

/** A new staff member and their first assignment. Initialise with CPOL_STAFF_NEW_INIT. */
typedef struct cpol_staff_new {
	unsigned int version;     /**< CPOL_STAFF_NEW_VERSION */
	cpol_id office_id;        /**< required */
	cpol_id district_id;      /**< 0 for office-wide */
	const char *name;         /**< required */
	const char *badge;        /**< required for officers (unique among live staff), NULL for auxiliaries */
	cpol_staff_kind kind;     /**< required */
	int dedicated_community;  /**< 0 or 1 */
	const char *phone;        /**< optional */
	cpol_date active_from;    /**< required: first day of the assignment */
} cpol_staff_new;

/** The current version of cpol_staff_new. */
#define CPOL_STAFF_NEW_VERSION 1
/** An empty cpol_staff_new. */
#define CPOL_STAFF_NEW_INIT { CPOL_STAFF_NEW_VERSION, 0, 0, NULL, NULL, 0, 0, NULL, CPOL_DATE_NONE }

/**
 * Which staff to list. Initialise with CPOL_STAFF_QUERY_INIT. Fields left 0
 * do not filter.
 *
 * With `on` set, one record per staff member: the assignment open on that
 * day. With `on` = CPOL_DATE_NONE, every assignment that matches (the
 * assignment history), oldest first within a staff member.
 */
typedef struct cpol_staff_query {
	unsigned int version;     /**< CPOL_STAFF_QUERY_VERSION */
	cpol_id office_id;        /**< only this office */
	cpol_id district_id;      /**< only this district */
	cpol_id staff_id;         /**< only this staff member */
	cpol_staff_kind kind;     /**< only officers or only auxiliaries; 0 for both */
	int dedicated_only;       /**< 1: only dedicated community officers */
	cpol_date on;             /**< assignments open on this day; CPOL_DATE_NONE: all */
	int include_archived;     /**< 1: also archived staff records */
} cpol_staff_query;

/** The current version of cpol_staff_query. */
#define CPOL_STAFF_QUERY_VERSION 1
/** A query for every assignment of every live staff member. */
#define CPOL_STAFF_QUERY_INIT { CPOL_STAFF_QUERY_VERSION, 0, 0, 0, 0, 0, CPOL_DATE_NONE, 0 }

/** Iterator over staff records. Opaque. */
typedef struct cpol_staff_iter cpol_staff_iter;

/* ------------------------------------------------------------ other records */

/** Kind of a community: an urban 社区 or a rural 村. */
typedef enum {
	CPOL_COMMUNITY_URBAN = 1, /**< 社区 */
	CPOL_COMMUNITY_VILLAGE = 2 /**< 村 / 行政村 */
} cpol_community_kind;

/** An organisation record of any level, as read back. Plain data. */
typedef struct cpol_org_unit {
	cpol_id id;               /**< its id in its own table */
	cpol_id parent_id;        /**< region of a station, station of an office,
	                               office of a district, station of a community; 0 for a region */
	const char *code;         /**< region: rules name; others: an optional external code */
	const char *name;         /**< display name, UTF-8 */
	const char *office_class; /**< offices: code of the office class, or NULL */
	const char *model;        /**< offices: code of the staffing model, or NULL */
	double area_m2;           /**< offices: floor area, 0 when unknown */
	int community_kind;       /**< communities: cpol_community_kind; else 0 */
	const char *area_prefix;  /**< communities: the administrative areas above
	                               (省市区街道) used to format full addresses, or NULL */
	const char *archived_at;  /**< NULL while live */
} cpol_org_unit;

/** Iterator over organisation records of one level. Opaque. */
typedef struct cpol_org_iter cpol_org_iter;

/** Which table cpol_org_unit_get() and cpol_org_unit_archive() act on. */
typedef enum {
	CPOL_ORG_REGION = 1,
	CPOL_ORG_STATION,
	CPOL_ORG_OFFICE,
	CPOL_ORG_DISTRICT,
	CPOL_ORG_COMMUNITY,
	CPOL_ORG_STAFF
} cpol_org_level;

/** An office to add. Initialise with CPOL_OFFICE_NEW_INIT. */
typedef struct cpol_office_new {
	unsigned int version;     /**< CPOL_OFFICE_NEW_VERSION */
	cpol_id station_id;       /**< required */
	const char *name;         /**< required */
	const char *code;         /**< optional external code, unique when given */
	const char *office_class; /**< optional: code of `staffing.office_classes` of the rules */
	const char *model;        /**< optional: code of `staffing.models` of the rules */
	double area_m2;           /**< optional, 0 when unknown */
	/**
	 * The rules office_class and model are checked against; not owned, used
	 * during the call only. NULL: the rules of the station's region
	 * (cpol_rules_load_region() of its code), loaded only when a code is given.
	 */
	const cpol_rules *rules;
} cpol_office_new;

/** The current version of cpol_office_new. */
#define CPOL_OFFICE_NEW_VERSION 1
/** An empty cpol_office_new. */
#define CPOL_OFFICE_NEW_INIT { CPOL_OFFICE_NEW_VERSION, 0, NULL, NULL, NULL, NULL, 0.0, NULL }

/** A period in which a district covers a community. Plain data. */
typedef struct cpol_coverage {
	cpol_id id;               /**< the coverage record */
	cpol_id district_id;      /**< the covering district */
	cpol_id community_id;     /**< the community or village covered */
	cpol_date valid_from;     /**< first day covered */
	cpol_date valid_to;       /**< CPOL_DATE_NONE while open */
} cpol_coverage;

CPOL_BEGIN_DECL

/* ------------------------------------------------------------- structure */

/**
 * Add a region.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param code the name of its rule set, as cpol_rules_load_region() takes it
 *        (letters, digits, '_' and '-'); unique among live regions.
 * @param name display name ("南通市"), or NULL for the code.
 * @return 0; CPOL_EINVAL (field "code"); CPOL_EEXISTS for a code in use;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_region_add(cpol_id *out, cpol_db *db, const char *code, const char *name);

/**
 * Add a police station (派出所).
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param region_id a live region.
 * @param name required.
 * @param code optional external code (unique when given), or NULL.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND for the region; CPOL_EEXISTS;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_station_add(cpol_id *out, cpol_db *db, cpol_id region_id,
                                 const char *name, const char *code);

/**
 * Add an office (警务室). An office class or staffing model given must be a
 * code of the rules (spec->rules, or the station's region's):
 * cpol_rules_find_office_class(), cpol_rules_find_model().
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec what to add; copied.
 * @return 0; CPOL_EINVAL (field named: "name", "area_m2", or "office_class" /
 *         "model" for a code the rules lack, the message listing the valid
 *         codes); CPOL_ENOTFOUND for the station; CPOL_EEXISTS for a code in
 *         use; the error of cpol_rules_load_region() (field "office_class" or
 *         "model") when the region's rules are needed and cannot be loaded;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_office_add(cpol_id *out, cpol_db *db, const cpol_office_new *spec);

/**
 * Initialise a cpol_office_new with CPOL_OFFICE_NEW_INIT.
 *
 * @param spec the structure to initialise.
 * @param version CPOL_OFFICE_NEW_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_office_new_init(cpol_office_new *spec, unsigned int version);

/**
 * Change an office's class and staffing model (三类 raised to 一类...). The
 * previous values stay in the audit trail. The codes are checked as by
 * cpol_office_add().
 *
 * @param db the handle.
 * @param rules the rules to check the codes against; not owned. NULL: the
 *        rules of the office's region, loaded when a code is given.
 * @param office_id a live office.
 * @param office_class new class code, or NULL (or "") to keep it.
 * @param model new model code, or NULL (or "") to keep it.
 * @return 0; CPOL_EINVAL (field "office_class" or "model", the message
 *         listing the valid codes); CPOL_ENOTFOUND; the error of
 *         cpol_rules_load_region() when the region's rules cannot be loaded;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_office_set_class(cpol_db *db, const cpol_rules *rules, cpol_id office_id,
                                      const char *office_class, const char *model);

/**
 * The region code (rule-set name) of an office, through its station.
 *
 * @param out receives a new string; free it with cpol_free().
 * @param db the handle.
 * @param office_id the office.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_office_region(char **out, cpol_db *db, cpol_id office_id);

/**
 * Add a district (警务区) to an office.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param office_id a live office.
 * @param name required.
 * @param code optional, or NULL.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EEXISTS; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_district_add(cpol_id *out, cpol_db *db, cpol_id office_id,
                                  const char *name, const char *code);

/**
 * Add a community (社区) or village (村): the root of the standard address
 * tree under it.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param station_id the station whose area it lies in.
 * @param kind CPOL_COMMUNITY_URBAN or CPOL_COMMUNITY_VILLAGE.
 * @param name required ("城东社区", "王庄村").
 * @param area_prefix the administrative areas above it, printed before its
 *        name in full addresses ("江苏省南通市崇川区城东街道"), or NULL.
 * @param code optional 12-digit 统计用区划代码 or other code, or NULL.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EEXISTS; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_community_add(cpol_id *out, cpol_db *db, cpol_id station_id,
                                   cpol_community_kind kind, const char *name,
                                   const char *area_prefix, const char *code);

/**
 * Make a district cover a community from a day on. A community is covered
 * by at most one district at a time: an open coverage by another district
 * is closed the day before `from`.
 *
 * @param out receives the coverage id; may be NULL.
 * @param db the handle.
 * @param district_id a live district.
 * @param community_id a live community or village.
 * @param from first day of the coverage (cpol_date).
 * @return 0; CPOL_EINVAL (bad date); CPOL_ENOTFOUND; CPOL_ECONSTRAINT when
 *         `from` is not after the start of the coverage it would close;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_district_cover(cpol_id *out, cpol_db *db, cpol_id district_id,
                                    cpol_id community_id, cpol_date from);

/**
 * End a district's coverage of a community: `to` is the last day covered.
 *
 * @param db the handle.
 * @param district_id the district.
 * @param community_id the community it covers.
 * @param to the last day covered.
 * @return 0; CPOL_ENOTFOUND when no coverage is open; CPOL_EINVAL when `to`
 *         is before its start; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_district_uncover(cpol_db *db, cpol_id district_id,
                                      cpol_id community_id, cpol_date to);

/**
 * The district covering a community on a day.
 *
 * @param out receives the district id (0 when none).
 * @param db the handle.
 * @param community_id the community or village.
 * @param on the day (cpol_date).
 * @return 0; CPOL_ENOTFOUND when none covers it then; CPOL_EDB.
 */
CPOL_EXTERN int cpol_community_district(cpol_id *out, cpol_db *db, cpol_id community_id,
                                        cpol_date on);

/**
 * Read one organisation record.
 *
 * @param out receives a new record; free it with cpol_org_unit_free().
 * @param db the handle.
 * @param level which table (not CPOL_ORG_STAFF: see cpol_staff_get()).
 * @param id its id.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_org_unit_get(cpol_org_unit **out, cpol_db *db, cpol_org_level level,
                                  cpol_id id);

/**
 * Free a record from cpol_org_unit_get().
 *
 * @param unit the record, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_org_unit_free(cpol_org_unit *unit);

/**
 * List the live records of a level, by id: the regions; the stations of a
 * region; the offices of a station; the districts of an office; the
 * communities of a station.
 *
 * @param out receives the iterator; free it with cpol_org_iter_free(). It
 *        owns its own statement: several may be open at once (to walk the
 *        tree); the handle must outlive it.
 * @param db the handle.
 * @param level CPOL_ORG_REGION ... CPOL_ORG_COMMUNITY (staff:
 *        cpol_staff_iter_new()).
 * @param parent_id the parent whose records to list, or 0 for all of the
 *        level (regions: 0).
 * @return 0; CPOL_EINVAL (field "level" or "parent_id"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_org_iter_new(cpol_org_iter **out, cpol_db *db, cpol_org_level level,
                                  cpol_id parent_id);

/**
 * The next record.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_org_iter_free().
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EDB.
 */
CPOL_EXTERN int cpol_org_iter_next(const cpol_org_unit **out, cpol_org_iter *iter);

/**
 * Free an iterator.
 *
 * @param iter the iterator, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_org_iter_free(cpol_org_iter *iter);

/**
 * Find a live organisation record by code (regions, stations, offices,
 * districts, communities) or, for staff, by badge number.
 *
 * @param out receives the id (0 when not found).
 * @param db the handle.
 * @param level which table, CPOL_ORG_REGION ... CPOL_ORG_STAFF.
 * @param code the code (for staff: the badge number), UTF-8; owned by the
 *        caller.
 * @return 0; CPOL_EINVAL (field "code" when NULL or empty, "level" when
 *         unknown); CPOL_ENOTFOUND; CPOL_EDB.
 */
CPOL_EXTERN int cpol_org_find(cpol_id *out, cpol_db *db, cpol_org_level level, const char *code);

/**
 * Archive an organisation record: a region, station, office, district or
 * community (it stays, with archived_at set; the audit trail shows who and
 * when). Staff are archived with cpol_staff_archive().
 *
 * @param db the handle.
 * @param level which table, CPOL_ORG_REGION ... CPOL_ORG_COMMUNITY (ids are
 *        per table, as for cpol_org_unit_get()).
 * @param id the record to archive.
 * @return 0; CPOL_EINVAL (field "level": unknown, or CPOL_ORG_STAFF);
 *         CPOL_ENOTFOUND (or already archived); CPOL_EREADONLY; CPOL_EBUSY;
 *         CPOL_EDB.
 */
CPOL_EXTERN int cpol_org_unit_archive(cpol_db *db, cpol_org_level level, cpol_id id);

/* ------------------------------------------------------------------- staff */

/**
 * Initialise a cpol_staff_new with CPOL_STAFF_NEW_INIT.
 *
 * @param spec the structure to initialise.
 * @param version CPOL_STAFF_NEW_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_staff_new_init(cpol_staff_new *spec, unsigned int version);

/**
 * Add a staff member with their first assignment.
 *
 * @param out receives the staff id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: a missing name, an officer without a
 *         badge, an auxiliary with one, a district of another office...);
 *         CPOL_ENOTFOUND for the office or district; CPOL_EEXISTS for a
 *         badge in use; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_staff_add(cpol_id *out, cpol_db *db, const cpol_staff_new *spec);

/**
 * Move a staff member: close the open assignment on the day before `from`
 * and open a new one at office/district with the dedicated flag given. Used
 * also to change the flag or the district within the same office.
 *
 * @param out receives the new assignment id; may be NULL.
 * @param db the handle.
 * @param staff_id the staff member.
 * @param office_id the office of the new assignment.
 * @param district_id a district of that office, or 0 for none.
 * @param dedicated_community 1 for a dedicated community officer
 *        (专职社区民警), else 0.
 * @param from first day of the new assignment (cpol_date).
 * @param reason why (kept on the closed assignment), or NULL.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_ECONSTRAINT when `from` is
 *         not after the open assignment's first day; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_staff_assign(cpol_id *out, cpol_db *db, cpol_id staff_id,
                                  cpol_id office_id, cpol_id district_id,
                                  int dedicated_community, cpol_date from, const char *reason);

/**
 * End a staff member's open assignment (they leave the office, retire...):
 * `to` is the last day. The staff record stays live; archive it with
 * cpol_staff_archive() when it should no longer be listed.
 *
 * @param db the handle.
 * @param staff_id the staff member.
 * @param to the last day of the open assignment.
 * @param reason why (stored with the assignment, copied); may be NULL.
 * @return 0; CPOL_ENOTFOUND when nothing is open; CPOL_EINVAL when `to` is
 *         before its start; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_staff_end(cpol_db *db, cpol_id staff_id, cpol_date to, const char *reason);

/**
 * Archive a staff member whose assignments have ended (end the open one
 * with cpol_staff_end() first): the record stays, with archived_at set,
 * and is no longer listed.
 *
 * @param db the handle.
 * @param staff_id the staff member.
 * @return 0; CPOL_ECONSTRAINT (field "staff_id") while an assignment is
 *         open; CPOL_ENOTFOUND (or already archived); CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_staff_archive(cpol_db *db, cpol_id staff_id);

/**
 * Read a staff member through their latest assignment.
 *
 * @param out receives a new record; free it with cpol_staff_free().
 * @param db the handle.
 * @param staff_id the staff member.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_staff_get(cpol_staff **out, cpol_db *db, cpol_id staff_id);

/**
 * Free a record from cpol_staff_get().
 *
 * @param staff the record, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_staff_free(cpol_staff *staff);

/**
 * Initialise a query with CPOL_STAFF_QUERY_INIT.
 *
 * @param query the structure to initialise.
 * @param version CPOL_STAFF_QUERY_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_staff_query_init(cpol_staff_query *query, unsigned int version);

/**
 * List staff, ordered by staff id then assignment start.
 *
 * @param out receives the iterator; free it with cpol_staff_iter_free().
 *        It owns its own statement: several may be open at once; the
 *        handle must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every assignment of live staff.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_staff_iter_new(cpol_staff_iter **out, cpol_db *db,
                                    const cpol_staff_query *query);

/**
 * Shorthand: the staff of an office on a day (one record per person).
 *
 * @param out as for cpol_staff_iter_new().
 * @param db the handle; must outlive the iterator.
 * @param office_id the office.
 * @param on the day.
 * @return as for cpol_staff_iter_new().
 */
CPOL_EXTERN int cpol_staff_office_iter_new(cpol_staff_iter **out, cpol_db *db,
                                           cpol_id office_id, cpol_date on);

/**
 * The next record.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_staff_iter_free().
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EDB.
 */
CPOL_EXTERN int cpol_staff_iter_next(const cpol_staff **out, cpol_staff_iter *iter);

/**
 * Free an iterator.
 *
 * @param iter the iterator, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_staff_iter_free(cpol_staff_iter *iter);

/**
 * Count the records a query lists.
 *
 * @param out receives the count.
 * @param db the handle.
 * @param query read only, owned by the caller; NULL counts every
 *        assignment of live staff.
 * @return 0; CPOL_EINVAL; CPOL_EDB.
 */
CPOL_EXTERN int cpol_staff_count(int64_t *out, cpol_db *db, const cpol_staff_query *query);

/* --------------------------------------------------- words of the enums */

/**
 * The word for a value of cpol_staff_kind ("officer", "auxiliary"), as reports,
 * JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_staff_kind_name(cpol_staff_kind value);

/**
 * A value of cpol_staff_kind from its word, as cpol_staff_kind_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_staff_kind_parse(cpol_staff_kind *out, const char *word);

/**
 * The word for a value of cpol_community_kind ("urban", "village"), as reports,
 * JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_community_kind_name(cpol_community_kind value);

/**
 * A value of cpol_community_kind from its word, as cpol_community_kind_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_community_kind_parse(cpol_community_kind *out, const char *word);

/**
 * The word for a value of cpol_org_level ("region", "station", "office",
 * "district", "community", "staff"), as reports, JSON and the bindings write
 * it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_org_level_name(cpol_org_level value);

/**
 * A value of cpol_org_level from its word, as cpol_org_level_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "level") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_org_level_parse(cpol_org_level *out, const char *word);

CPOL_END_DECL

#endif

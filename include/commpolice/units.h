/*
 * libcommpolice — units (实有单位): the places and organisations on file.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_UNITS_H
#define COMMPOLICE_UNITS_H

#include "common.h"
#include "date.h"
#include "db.h"
#include "rules.h"

/**
 * @file commpolice/units.h
 * @brief 实有单位: places kept on file (建档), their status history and contacts,
 * and the mass-prevention organisations (群防群治组织) an office supervises.
 *
 * A **unit** is a business, institution or place in an office's district:
 * an entertainment or service venue (娱乐服务场所), a special trade (特种行业:
 * hotel, pawnshop, printing, second-hand and repair trades), an internal unit
 * (内部单位), a school and its surroundings, a market, a rental-management
 * station, a holder of dangerous goods. Its **type** is the code of a place
 * type of the region rules (`places.types[].code`); the type carries the
 * inspection, contact and supervision cadences (see commpolice/work.h).
 *
 * A unit sits on the standard address tree (address_id, 一标) and belongs to
 * an office; it may have a responsible officer (责任民警). It has a
 * responsible person (负责人) and a security contact (保卫/治安负责人), and
 * any number of further contacts.
 *
 * Its **status** is open (营业), suspended (停业) or closed (注销/关闭),
 * kept as periods: a change closes the current period the day before and
 * opens a new one, so the history stays. Only open units are owed
 * inspections.
 *
 * Nothing is deleted; every write is audited and is one transaction (a
 * savepoint inside an open one). One thread at a time per handle (db.h).
 */

/** Status of a unit. */
typedef enum {
	CPOL_UNIT_OPEN = 1,      /**< 营业 / 正常 */
	CPOL_UNIT_SUSPENDED = 2, /**< 停业整顿, 暂停 */
	CPOL_UNIT_CLOSED = 3     /**< 关闭, 注销 */
} cpol_unit_status;

/**
 * A unit as read back. Plain data.
 *
 * From cpol_unit_get() (free with cpol_unit_free()) or from a unit iterator
 * (owned by the iterator, valid until its next call).
 */
typedef struct cpol_unit {
	cpol_id id;                    /**< the unit */
	cpol_id office_id;             /**< its office */
	cpol_id address_id;            /**< its standard address, or 0 */
	cpol_id officer_id;            /**< responsible officer (责任民警), or 0 */
	const char *type;              /**< place type code of the rules ("entertainment") */
	const char *name;              /**< name, UTF-8 */
	const char *code;              /**< 统一社会信用代码 or licence number, or NULL */
	const char *location;          /**< detail beyond the address, or NULL */
	const char *responsible_name;  /**< 负责人, or NULL */
	const char *responsible_phone; /**< or NULL */
	const char *security_name;     /**< 保卫部门 / 治安负责人, or NULL */
	const char *security_phone;    /**< or NULL */
	cpol_unit_status status;       /**< current status */
	cpol_date status_since;        /**< first day of the current status */
	const char *note;              /**< or NULL */
	const char *archived_at;       /**< NULL while live */
} cpol_unit;

/** A unit to add. Initialise with CPOL_UNIT_NEW_INIT or cpol_unit_new_init(). */
typedef struct cpol_unit_new {
	unsigned int version;          /**< CPOL_UNIT_NEW_VERSION */
	cpol_id office_id;             /**< required: a live office */
	cpol_id address_id;            /**< its standard address, or 0 */
	cpol_id officer_id;            /**< responsible officer, or 0 */
	const char *type;              /**< required: a place type code of the rules */
	const char *name;              /**< required */
	const char *code;              /**< optional; unique among live units */
	const char *location;          /**< optional */
	const char *responsible_name;  /**< optional */
	const char *responsible_phone; /**< optional */
	const char *security_name;     /**< optional */
	const char *security_phone;    /**< optional */
	cpol_date opened_on;           /**< required: first day open (on file from then) */
	const char *note;              /**< optional */
} cpol_unit_new;

/** The current version of cpol_unit_new. */
#define CPOL_UNIT_NEW_VERSION 1
/** An empty cpol_unit_new. */
#define CPOL_UNIT_NEW_INIT { CPOL_UNIT_NEW_VERSION, 0, 0, 0, NULL, NULL, NULL, NULL, \
	NULL, NULL, NULL, NULL, CPOL_DATE_NONE, NULL }

/**
 * Changes to a unit's particulars. Initialise with CPOL_UNIT_CHANGE_INIT;
 * fields left NULL (or 0, or -1 for the ids) keep their value; "" clears an
 * optional text. The previous values stay in the audit trail.
 */
typedef struct cpol_unit_change {
	unsigned int version;          /**< CPOL_UNIT_CHANGE_VERSION */
	const char *name;              /**< new name */
	const char *type;              /**< new place type code (checked against the rules) */
	cpol_id address_id;            /**< new address; -1 keeps, 0 clears */
	cpol_id officer_id;            /**< new responsible officer; -1 keeps, 0 clears */
	const char *code;              /**< new registration code */
	const char *location;          /**< new location detail */
	const char *responsible_name;  /**< new responsible person */
	const char *responsible_phone; /**< their phone */
	const char *security_name;     /**< new security contact */
	const char *security_phone;    /**< their phone */
	const char *note;              /**< new note */
} cpol_unit_change;

/** The current version of cpol_unit_change. */
#define CPOL_UNIT_CHANGE_VERSION 1
/** A change that changes nothing. */
#define CPOL_UNIT_CHANGE_INIT { CPOL_UNIT_CHANGE_VERSION, NULL, NULL, -1, -1, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL }

/** Which units to list. Initialise with CPOL_UNIT_QUERY_INIT; 0/NULL fields do not filter. */
typedef struct cpol_unit_query {
	unsigned int version;          /**< CPOL_UNIT_QUERY_VERSION */
	cpol_id office_id;             /**< only this office */
	cpol_id officer_id;            /**< only units of this responsible officer */
	cpol_id address_id;            /**< only units at this address */
	const char *type;              /**< only this place type */
	cpol_unit_status status;       /**< only this status; 0 for any */
	int include_archived;          /**< 1: archived units too */
} cpol_unit_query;

/** The current version of cpol_unit_query. */
#define CPOL_UNIT_QUERY_VERSION 1
/** A query for every live unit. */
#define CPOL_UNIT_QUERY_INIT { CPOL_UNIT_QUERY_VERSION, 0, 0, 0, NULL, 0, 0 }

/** Iterator over units. Opaque. */
typedef struct cpol_unit_iter cpol_unit_iter;

/** One status period of a unit. Plain data. */
typedef struct cpol_unit_period {
	cpol_id id;                /**< the period record */
	cpol_unit_status status;   /**< status in the period */
	cpol_date valid_from;      /**< first day */
	cpol_date valid_to;        /**< last day; CPOL_DATE_NONE while open */
	const char *reason;        /**< why it began, or NULL */
} cpol_unit_period;

/** A unit's status history, oldest first. Free with cpol_unit_history_free(). */
typedef struct cpol_unit_history {
	size_t count;              /**< number of periods */
	cpol_unit_period *periods; /**< the periods */
} cpol_unit_history;

/** A contact person of a unit. Plain data. */
typedef struct cpol_unit_contact {
	cpol_id id;                /**< the contact record */
	cpol_id unit_id;           /**< the unit */
	const char *role;          /**< "responsible", "security", "duty"... */
	const char *name;          /**< name, UTF-8 */
	const char *phone;         /**< or NULL */
	const char *note;          /**< or NULL */
} cpol_unit_contact;

/** A unit's live contacts, oldest first. Free with cpol_unit_contacts_free(). */
typedef struct cpol_unit_contacts {
	size_t count;                 /**< number of contacts */
	cpol_unit_contact *contacts;  /**< the contacts */
} cpol_unit_contacts;

/** Kinds of mass-prevention organisation (群防群治组织). */
typedef enum {
	CPOL_ORG_KIND_SECURITY_COMMITTEE = 1, /**< 治保会 */
	CPOL_ORG_KIND_PATROL,                 /**< 巡逻队 / 打更队 */
	CPOL_ORG_KIND_MEDIATION,              /**< 调解会 */
	CPOL_ORG_KIND_HELP_EDUCATION,         /**< 帮教小组 */
	CPOL_ORG_KIND_MIGRANT,                /**< 外口协管 */
	CPOL_ORG_KIND_FIRE_BRIGADE,           /**< 义务消防队 */
	CPOL_ORG_KIND_RENTAL_STATION,         /**< 出租房屋委托管理服务站 */
	CPOL_ORG_KIND_WATCH,                  /**< 十户联防, 邻里守望, volunteers */
	CPOL_ORG_KIND_UNIT_SECURITY,          /**< a place's or trade's own security organisation */
	CPOL_ORG_KIND_OTHER                   /**< anything else */
} cpol_prevention_kind;

/** A mass-prevention organisation to add. Initialise with CPOL_PREVENTION_ORG_NEW_INIT. */
typedef struct cpol_prevention_org_new {
	unsigned int version;      /**< CPOL_PREVENTION_ORG_NEW_VERSION */
	cpol_id office_id;         /**< required */
	cpol_id unit_id;           /**< the place it belongs to, or 0 for a community organisation */
	cpol_prevention_kind kind; /**< required */
	const char *name;          /**< required */
	const char *leader_name;   /**< optional */
	const char *leader_phone;  /**< optional */
	/**
	 * Optional: id of a rules obligation (kind `supervision`) whose cadence
	 * applies. When NULL, an organisation of a unit follows its place type's
	 * `supervise` cadence and a community one the first obligation of kind
	 * `supervision`.
	 */
	const char *obligation;
	cpol_date since;           /**< required: supervised from this day */
} cpol_prevention_org_new;

/** The current version of cpol_prevention_org_new. */
#define CPOL_PREVENTION_ORG_NEW_VERSION 1
/** An empty cpol_prevention_org_new. */
#define CPOL_PREVENTION_ORG_NEW_INIT { CPOL_PREVENTION_ORG_NEW_VERSION, 0, 0, 0, NULL, NULL, \
	NULL, NULL, CPOL_DATE_NONE }

CPOL_BEGIN_DECL

/**
 * Initialise a cpol_unit_new with CPOL_UNIT_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_UNIT_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_unit_new_init(cpol_unit_new *spec, unsigned int version);

/**
 * Initialise a cpol_unit_change with CPOL_UNIT_CHANGE_INIT.
 * @param change the struct to fill.
 * @param version CPOL_UNIT_CHANGE_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_unit_change_init(cpol_unit_change *change, unsigned int version);

/**
 * Initialise a cpol_unit_query with CPOL_UNIT_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_UNIT_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_unit_query_init(cpol_unit_query *query, unsigned int version);

/**
 * Initialise a cpol_prevention_org_new with CPOL_PREVENTION_ORG_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_PREVENTION_ORG_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_prevention_org_new_init(cpol_prevention_org_new *spec, unsigned int version);

/**
 * Put a unit on file, open from spec->opened_on.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param rules the office's region rules: spec->type must be a place type
 *        of them. Not kept.
 * @param spec what to add; copied.
 * @return 0; CPOL_EINVAL (field named: "type" not a place type of the
 *         rules, missing "name", bad "opened_on"...); CPOL_ENOTFOUND for
 *         the office, address or officer (field named); CPOL_EEXISTS for a
 *         code in use; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_add(cpol_id *out, cpol_db *db, const cpol_rules *rules,
                              const cpol_unit_new *spec);

/**
 * Change a unit's particulars (name, type, address, officer, contacts).
 *
 * @param db the handle.
 * @param rules the region rules, to check a new type; may be NULL when
 *        change->type is NULL.
 * @param unit_id the unit.
 * @param change what to change; copied.
 * @return 0; CPOL_EINVAL (field named); CPOL_ENOTFOUND; CPOL_EEXISTS;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_update(cpol_db *db, const cpol_rules *rules, cpol_id unit_id,
                                 const cpol_unit_change *change);

/**
 * Change a unit's status from a day on: the current period ends the day
 * before `from` and a new one opens. Open rectification notices stay open
 * (close them with cpol_notice_close(), result "unit_closed").
 *
 * @param db the handle.
 * @param unit_id the unit.
 * @param status the new status; must differ from the current one.
 * @param from the first day of the new status.
 * @param reason why, or NULL; kept on the new period.
 * @return 0; CPOL_EINVAL (bad status, same status: field "status");
 *         CPOL_ENOTFOUND; CPOL_ECONSTRAINT when `from` is not after the
 *         first day of the current period; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_set_status(cpol_db *db, cpol_id unit_id, cpol_unit_status status,
                                     cpol_date from, const char *reason);

/**
 * Read one unit (live or archived).
 *
 * @param out receives a new record; free it with cpol_unit_free().
 * @param db the handle.
 * @param unit_id the unit.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_get(cpol_unit **out, cpol_db *db, cpol_id unit_id);

/**
 * Free a record from cpol_unit_get().
 *
 * @param unit the record, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_unit_free(cpol_unit *unit);

/**
 * The status of a unit on a day, by its history.
 *
 * @param out receives the status.
 * @param db the handle.
 * @param unit_id the unit.
 * @param on the day.
 * @return 0; CPOL_ENOTFOUND when the unit does not exist or was not yet on
 *         file that day; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_status_on(cpol_unit_status *out, cpol_db *db, cpol_id unit_id,
                                    cpol_date on);

/**
 * A unit's status history.
 *
 * @param out receives a new list, oldest period first; free it with
 *        cpol_unit_history_free().
 * @param db the handle.
 * @param unit_id the unit.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_history_get(cpol_unit_history **out, cpol_db *db, cpol_id unit_id);

/**
 * Free a history.
 *
 * @param history the history, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_unit_history_free(cpol_unit_history *history);

/**
 * Add a contact person to a unit.
 *
 * @param out receives the contact id; may be NULL.
 * @param db the handle.
 * @param unit_id a live unit.
 * @param role what they are for ("responsible", "security", "duty"...); required.
 * @param name required.
 * @param phone optional.
 * @param note optional.
 * @return 0; CPOL_EINVAL (field named); CPOL_ENOTFOUND; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_contact_add(cpol_id *out, cpol_db *db, cpol_id unit_id,
                                      const char *role, const char *name, const char *phone,
                                      const char *note);

/**
 * Archive a contact (it stays in the database and the audit trail).
 *
 * @param db the handle.
 * @param contact_id the contact.
 * @return 0; CPOL_ENOTFOUND (or already archived); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_contact_archive(cpol_db *db, cpol_id contact_id);

/**
 * A unit's live contacts.
 *
 * @param out receives a new list; free it with cpol_unit_contacts_free().
 * @param db the handle.
 * @param unit_id the unit.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_contacts_get(cpol_unit_contacts **out, cpol_db *db, cpol_id unit_id);

/**
 * Free a contact list.
 *
 * @param contacts the list, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_unit_contacts_free(cpol_unit_contacts *contacts);

/**
 * Archive a unit entered in error or no longer kept on file. A unit that
 * closed should rather get the status CPOL_UNIT_CLOSED, which keeps it in
 * the history of its district.
 *
 * @param db the handle.
 * @param unit_id the unit.
 * @return 0; CPOL_ENOTFOUND (or already archived); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_archive(cpol_db *db, cpol_id unit_id);

/**
 * List units, by id.
 *
 * @param out receives the iterator; free with cpol_unit_iter_free(). It owns
 *        its statement (several may be open at once); db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live unit.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_iter_new(cpol_unit_iter **out, cpol_db *db, const cpol_unit_query *query);

/**
 * The next unit.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_unit_iter_free().
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_iter_next(const cpol_unit **out, cpol_unit_iter *iter);

/**
 * Free an iterator.
 *
 * @param iter the iterator, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_unit_iter_free(cpol_unit_iter *iter);

/**
 * Count the units a query lists.
 *
 * @param out receives the count.
 * @param db the handle.
 * @param query as for cpol_unit_iter_new().
 * @return 0; CPOL_EINVAL; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_count(int64_t *out, cpol_db *db, const cpol_unit_query *query);

/**
 * The word of a unit status.
 *
 * @param status a status.
 * @return a static string: "open", "suspended", "closed"; "unknown" for a
 *         value outside the enum.
 */
CPOL_EXTERN const char *cpol_unit_status_name(cpol_unit_status status);

/**
 * Parse a status name as cpol_unit_status_name() spells it.
 *
 * @param out receives the status.
 * @param name the text.
 * @return 0, or CPOL_EINVAL (field "status").
 */
CPOL_EXTERN int cpol_unit_status_parse(cpol_unit_status *out, const char *name);

/**
 * Register a mass-prevention organisation (治保会, 巡逻队, a hotel's security
 * team...) that the office supervises.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named); CPOL_ENOTFOUND for the office or
 *         unit; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_prevention_org_add(cpol_id *out, cpol_db *db,
                                        const cpol_prevention_org_new *spec);

/**
 * Archive a mass-prevention organisation (disbanded): no more supervision is owed.
 *
 * @param db the handle.
 * @param org_id the organisation.
 * @return 0; CPOL_ENOTFOUND (or already archived); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_prevention_org_archive(cpol_db *db, cpol_id org_id);

/**
 * The code of a mass-prevention organisation kind.
 *
 * @param kind a kind.
 * @return a static string ("security_committee", "patrol"...); "unknown"
 *         for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_prevention_kind_name(cpol_prevention_kind kind);

/**
 * Parse an organisation kind code.
 *
 * @param out receives the kind.
 * @param name the code as cpol_prevention_kind_name() spells it.
 * @return 0, or CPOL_EINVAL (field "kind").
 */
CPOL_EXTERN int cpol_prevention_kind_parse(cpol_prevention_kind *out, const char *name);

CPOL_END_DECL

#endif

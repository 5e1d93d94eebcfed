/*
 * libcommpolice — what an office owes: one view over the population and
 * the work records.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_OWED_H
#define COMMPOLICE_OWED_H

#include "common.h"
#include "date.h"
#include "db.h"
#include "rules.h"

/**
 * @file commpolice/owed.h
 * @brief The owed view (应办事项): one query, one item, one list.
 *
 * For an office (or one of its officers) and a day, everything overdue or
 * due within a horizon, each item naming the rule that makes it owed
 * (key, file, line, region) and whether its date is provisional:
 *
 * - **persons** (population.h): labelled persons' assessments, talks and
 *   visits by their label's cadences; residents whose registration runs out
 *   or was never made within `register_within` (a permanent resident whose
 *   户籍 is not on record is one item to verify, never overdue); lettings
 *   whose registration lapsed; households owing their visit by
 *   `visits.household_cadence`;
 * - **work** (work.h): inspections and security contacts of open units,
 *   supervision of organisations, open rectification notices and their
 *   escalation, return visits, feedback, office obligations (meetings,
 *   notices, reports), `immediate` obligations of major incidents, each
 *   officer's work log and monthly visit quotas (with the numbers).
 *
 * ## One date arithmetic
 * Every due date comes from cpol_rules_owed_by() (a cadence, from the last
 * time done or, never done, from the day its subject began: the first period
 * is owed, nothing before it) or cpol_rules_deadline() (a time allowed after
 * an event; hours are never stretched by a holiday). The rules' calendar
 * moves a period's due day back (`calendar.period_end_on_holiday`) and a
 * time allowed forward (`calendar.deadline_on_holiday`). A date resting on
 * a year whose holidays are computed, not from a State Council notice, is
 * marked provisional.
 *
 * ## Listing window
 * An item is listed when its due day is on or before `on + horizon_days`.
 * A person's calendar-period cadence of up to a quarter (a key person's
 * monthly assessment, quarterly talk) is listed from the first day of its
 * period instead: June's assessment is owed all June.
 *
 * ## Ownership
 * cpol_owed_list_get() returns a list that owns every item and every string in
 * it (copies: the rules may be freed at once); free it with
 * cpol_owed_list_free(). One thread at a time per handle (db.h).
 */

/** What an owed item is. Values are stable; bit (1u << kind) selects it in a query. */
typedef enum {
	CPOL_OWED_INSPECTION = 1,  /**< a unit's inspection (places.types[].inspect) */
	CPOL_OWED_CONTACT,         /**< contact with a unit's security department (…contact) */
	CPOL_OWED_SUPERVISION,     /**< supervision of a mass-prevention organisation */
	CPOL_OWED_NOTICE,          /**< an open rectification notice (its deadline) */
	CPOL_OWED_ESCALATION,      /**< an overdue notice to escalate (places.escalate_after) */
	CPOL_OWED_RETURN_VISIT,    /**< an incident's return visit (visits.return_visit_within) */
	CPOL_OWED_FEEDBACK,        /**< a request's feedback (visits.feedback_within) */
	CPOL_OWED_OBLIGATION,      /**< a meeting, notice, report... (obligations[]) */
	CPOL_OWED_WORK_LOG,        /**< an officer's work log (an obligation of kind record) */
	CPOL_OWED_HOUSEHOLD_VISITS,/**< an officer's household visits short of visits.households_per_month */
	CPOL_OWED_KEY_PERSON_VISITS,/**< an officer's key-person visits short of visits.key_person_visits_per_month */
	CPOL_OWED_IMMEDIATE,       /**< an `immediate` obligation (重大案情通报) of a major incident */
	CPOL_OWED_ASSESSMENT,      /**< a labelled person's assessment (月考核) */
	CPOL_OWED_TALK,            /**< a labelled person's talk (季谈话) */
	CPOL_OWED_PERSON_VISIT,    /**< a labelled person's home visit */
	CPOL_OWED_REGISTRATION,    /**< a residence whose registration (暂住登记 / 居住证) runs out,
	                                or was never made within register_within */
	/**
	 * A permanent resident (type `permanent`) with no registration date and
	 * no 户籍 address on record: whether the household register is at this
	 * address cannot be told, so it is one item to verify (核实), never
	 * overdue. A 户籍 address known to be elsewhere (人户分离) is a
	 * REGISTRATION item.
	 */
	CPOL_OWED_VERIFY_REGISTRATION,
	CPOL_OWED_RENTAL,          /**< a letting whose registration lapses (places.types[rental]) */
	CPOL_OWED_HOUSEHOLD,       /**< a household owing its visit (visits.household_cadence) */
	/**
	 * A person the office has lost track of (失控: their whereabouts, 行知去向,
	 * unknown; the seeds allow none [000 入户访查]): owed from the day the
	 * state began (cpol_lost_add()) until the day it ends (cpol_lost_end()),
	 * due on its first day and overdue after it. No rule value sets it, so
	 * the item's rule_key is NULL. Listed for the office, not an officer.
	 */
	CPOL_OWED_LOST,
	/**
	 * A household without a police contact card (每户一卡, `visits.contact_card`;
	 * cpol_uncarded_iter_new()): the card is handed out at the household
	 * visit, so it is owed by the day the household's next visit falls due
	 * by `visits.household_cadence` (never visited: from the day the earliest
	 * of its residences began; no cadence set: that day itself), and listed
	 * as the visit is. Listed for the office; subject and house_id are the house.
	 */
	CPOL_OWED_CONTACT_CARD,
	/**
	 * A resident whose record is owed a check (核查) by
	 * `population.residence_types[].verify` (cpol_unverified_iter_new()):
	 * due by the day cpol_rules_owed_by() gives from the last check (or the
	 * residence's first day). Listed for the office; subject_id and
	 * person_id are the person, house_id the house.
	 */
	CPOL_OWED_VERIFY,
	/**
	 * An officer's night patrols (夜巡) short of `duty.night_patrols_per_week`
	 * in the ISO week holding the query day (cpol_quota_list_get()): owed by the
	 * week's last working day, with done and target.
	 */
	CPOL_OWED_NIGHT_PATROLS,
	/**
	 * An officer's publicity events (六防宣传) short of
	 * `visits.publicity_per_month` in the month holding the query day: owed
	 * by the month's last working day, with done and target.
	 */
	CPOL_OWED_PUBLICITY
} cpol_owed_kind;

/** The highest cpol_owed_kind: arrays by kind have CPOL_OWED_KIND_MAX + 1 entries. */
#define CPOL_OWED_KIND_MAX CPOL_OWED_PUBLICITY

/** One thing owed. Plain data owned by its cpol_owed_list. */
typedef struct cpol_owed_item {
	cpol_owed_kind kind;       /**< what */
	cpol_id office_id;         /**< the office */
	cpol_id officer_id;        /**< the officer it falls to, or 0 for the office */
	/**
	 * What it is about: the unit, organisation, notice, incident or request;
	 * the officer (work log, quotas); the person (assessment, talk, person
	 * visit); the residence (registrations); the letting (rental); the house
	 * (household); 0 for an office obligation.
	 */
	cpol_id subject_id;
	cpol_id person_id;         /**< the person, for person items; else 0 */
	cpol_id house_id;          /**< the house, for registrations, rentals, households; else 0 */
	const char *label;         /**< assessment, talk, person visit: the label code; else NULL */
	const char *subject;       /**< a name: the unit's, the person's, the notice number,
	                                the obligation's; never NULL */
	const char *what;          /**< a short description, UTF-8 ("安全检查", "整改期限",
	                                "重点人员 张伟: 谈话") */
	cpol_date due;             /**< the last day it is (was) owed by */
	cpol_date last_done;       /**< when last done (or the day it counts from), or CPOL_DATE_NONE */
	int days_overdue;          /**< query day - due: > 0 overdue, <= 0 due in -n days */
	int overdue;               /**< 1 when past due; never for a 'to verify' item */
	int done;                  /**< quotas: how many so far in the period; else 0 */
	int target;                /**< quotas: how many are owed; else 0 */
	const char *rule_key;      /**< the rule: key path ("places.types[hotel].inspect") */
	const char *rule_file;     /**< its file, or NULL */
	int rule_line;             /**< its line, or 0 */
	const char *rule_region;   /**< its region, or NULL */
	/**
	 * 1 when the due date rests on a year without a holiday notice in the
	 * rules (computed holidays, see cpol_calendar_day_get()): the date
	 * may move when the notice is out.
	 */
	int provisional;
} cpol_owed_item;

/** The owed view. Free with cpol_owed_list_free(). */
typedef struct cpol_owed_list {
	cpol_date on;              /**< the query day */
	size_t count;              /**< items in this page */
	cpol_owed_item *items;     /**< by due date (most overdue first), then kind, then subject */
	size_t total;              /**< items the query matches, before offset and limit */
	size_t overdue;            /**< of total, how many are overdue */
	size_t provisional;        /**< of total, how many have a provisional date */
	size_t by_kind[CPOL_OWED_KIND_MAX + 1]; /**< of total, how many of each kind */
} cpol_owed_list;

/** What to work out. Initialise with CPOL_OWED_QUERY_INIT or cpol_owed_query_init(). */
typedef struct cpol_owed_query {
	unsigned int version;   /**< CPOL_OWED_QUERY_VERSION */
	cpol_id office_id;      /**< required */
	cpol_id officer_id;     /**< 0: the whole office; else only items falling to this officer
	                             (the office's own obligations and the persons' items fall
	                             to the office and appear only in its view) */
	cpol_date on;           /**< required: the day */
	int horizon_days;       /**< "due soon": due within this many days of `on`, 0-366 (default 7) */
	/**
	 * For office obligations and work logs never done: the start they are
	 * owed from. CPOL_DATE_NONE: the first day of `on`'s month.
	 */
	cpol_date since;
	unsigned int kinds;     /**< bit (1u << kind) per cpol_owed_kind wanted; 0: every kind */
	cpol_id person_id;      /**< 0, or only items about this person */
	cpol_id house_id;       /**< 0, or only items about this house */
	size_t offset;          /**< paging: items of the sorted list to skip */
	size_t limit;           /**< paging: at most this many items; 0: all */
} cpol_owed_query;

/** The current version of cpol_owed_query (2: kinds, subject filters and paging). */
#define CPOL_OWED_QUERY_VERSION 2
/** An empty query with the default horizon. */
#define CPOL_OWED_QUERY_INIT { CPOL_OWED_QUERY_VERSION, 0, 0, CPOL_DATE_NONE, 7, CPOL_DATE_NONE, 0, 0, 0, 0, 0 }

/**
 * Initialise a cpol_owed_query with CPOL_OWED_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_OWED_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version or a NULL query.
 */
CPOL_EXTERN int cpol_owed_query_init(cpol_owed_query *query, unsigned int version);

/**
 * Everything an office (or one of its officers) owes on a day: overdue, or
 * due within the horizon (see the file comment for the kinds).
 *
 * @param out receives a new list; free it with cpol_owed_list_free(). Set
 *        to NULL on failure.
 * @param db the handle.
 * @param rules the office's region rules, or NULL to load the office's
 *        region. Not kept: the list holds copies. Dated values are read
 *        as they stand on the query's `on` (cpol_rules_at()): the whole
 *        list is judged by the values in force on the day it is asked
 *        about, whatever day the rules were loaded on.
 * @param query copied; its kinds, person_id, house_id, offset and limit
 *        select from the whole list, whose counts (total, by_kind) are
 *        those of the selection before paging.
 * @return 0; CPOL_EINVAL (field named: "on", "horizon_days", "since",
 *         "kinds", "office_id"...); CPOL_ENOTFOUND for the office or
 *         officer; CPOL_ERULES when a rule the data needs is missing (a
 *         unit's place type no longer in the rules: field names the type);
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_owed_list_get(cpol_owed_list **out, cpol_db *db, const cpol_rules *rules,
                                   const cpol_owed_query *query);

/**
 * Free an owed list and everything in it. NULL is allowed.
 *
 * @param list the owed list to free, or NULL.
 */
CPOL_EXTERN void cpol_owed_list_free(cpol_owed_list *list);

/**
 * The code of an owed kind ("inspection", "notice", "registration",
 * "household", ...). Static; "unknown" for a value that is no kind.
 *
 * @param kind a value of cpol_owed_kind.
 * @return the code of an owed kind ("inspection", "notice", "registration", "household", ...).
 */
CPOL_EXTERN const char *cpol_owed_kind_name(cpol_owed_kind kind);

/**
 * The kind of a code (the inverse of cpol_owed_kind_name()).
 * @param out receives the kind.
 * @param name the code.
 * @return 0; CPOL_EINVAL (field "kind") for an unknown code.
 */
CPOL_EXTERN int cpol_owed_kind_parse(cpol_owed_kind *out, const char *name);

#endif /* COMMPOLICE_OWED_H */

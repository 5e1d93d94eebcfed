/*
 * libcommpolice — the office's work: inspections, rectification notices,
 * visits, incidents, disputes, requests, meetings and reports, the work
 * log, and completion rates.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_WORK_H
#define COMMPOLICE_WORK_H

#include "common.h"
#include "date.h"
#include "db.h"
#include "rules.h"

/**
 * @file commpolice/work.h
 * @brief What the office does and what it owes.
 *
 * - **Inspections** (治安检查 / 消防检查) of units (commpolice/units.h): who,
 *   when, checklist and fire-safety items with findings, hazards found.
 * - **Rectification notices** (整改通知书) for the hazards of an inspection:
 *   numbered uniquely per office and year, with a deadline from
 *   `places.rectification_deadline`; re-inspection, closure, escalation
 *   when overdue; rendered as a printable text document. An open notice
 *   stays in the owed view until it is closed, overdue or not; closing it
 *   sets fields and erases nothing (the audit trail keeps every state).
 * - **Visits and contacts** (走访): household visits, key-person talks,
 *   contacts with units' security departments, supervision of
 *   mass-prevention organisations, return visits.
 * - **Incidents** (警情) with the return visit owed within
 *   `visits.return_visit_within`; **disputes** (纠纷) with the mediation
 *   outcome; **resident requests** (群众诉求), in scope or referred, with the
 *   feedback owed within `visits.feedback_within`.
 * - **Duty records**: a meeting held, a notice posted, a report sent, each
 *   naming the rules obligation (`obligations[].id`) it fulfils.
 * - **Information items** (信息收集 / 情报信息): an item of information an
 *   officer reported (office, officer, day, category, summary); the
 *   assessment's built-in metric `information_items` counts them.
 * - The **work log** (工作日志): one entry per officer and day, built from
 *   what was recorded that day plus free notes.
 * - **Completion rates** for a period, for the assessment. What these
 *   records leave owed (inspections, notices, return visits, an incident
 *   marked major (重大案情) owing its `immediate` obligations at once...)
 *   is in the one owed view of commpolice/owed.h.
 * - **Listings**: an iterator per kind of record (notices, inspections,
 *   visits, incidents, requests, disputes, duty records, information
 *   items), with a query
 *   struct and keyset paging.
 *
 * Every write is one transaction (a savepoint inside an open one) and is
 * audited; nothing is deleted. One thread at a time per handle (db.h).
 */

/* ------------------------------------------------------------ inspections */

/** Kinds of inspection. */
typedef enum {
	CPOL_INSPECTION_ROUTINE = 1,   /**< 安全检查 / 治安检查 on the cadence */
	CPOL_INSPECTION_FIRE,          /**< 消防检查 */
	CPOL_INSPECTION_SPECIAL,       /**< 专项检查 */
	CPOL_INSPECTION_REINSPECTION   /**< 复查 of a rectification notice */
} cpol_inspection_kind;

/** An inspection to record. Initialise with CPOL_INSPECTION_NEW_INIT. */
typedef struct cpol_inspection_new {
	unsigned int version;          /**< CPOL_INSPECTION_NEW_VERSION */
	cpol_id unit_id;               /**< required: a live unit (gives the office) */
	cpol_id officer_id;            /**< who inspected, or 0 */
	cpol_date on;                  /**< required: the day */
	cpol_inspection_kind kind;     /**< 0 means CPOL_INSPECTION_ROUTINE */
	const char *note;              /**< optional */
} cpol_inspection_new;

/** The current version of cpol_inspection_new. */
#define CPOL_INSPECTION_NEW_VERSION 1
/** An empty cpol_inspection_new. */
#define CPOL_INSPECTION_NEW_INIT { CPOL_INSPECTION_NEW_VERSION, 0, 0, CPOL_DATE_NONE, 0, NULL }

/** One checklist or fire-safety item of an inspection. Plain data. */
typedef struct cpol_inspection_item {
	cpol_id id;              /**< the item record */
	int fire;                /**< 1 for a fire-safety (消防) item */
	const char *item;        /**< what was checked */
	int ok;                  /**< 1 when it passed */
	const char *finding;     /**< what was found, or NULL */
} cpol_inspection_item;

/** A hazard (隐患) found by an inspection. Plain data. */
typedef struct cpol_hazard {
	cpol_id id;              /**< the hazard */
	const char *description; /**< what it is */
	int fire;                /**< 1 for a fire hazard */
	cpol_id notice_id;       /**< the notice that ordered it fixed, or 0 */
	cpol_date fixed_on;      /**< when found fixed; CPOL_DATE_NONE while not */
} cpol_hazard;

/** An inspection with its items and hazards. Free with cpol_inspection_free(). */
typedef struct cpol_inspection {
	cpol_id id;                    /**< the inspection */
	cpol_id office_id;             /**< the unit's office */
	cpol_id unit_id;               /**< the unit */
	cpol_id officer_id;            /**< who, or 0 */
	cpol_date on;                  /**< when */
	cpol_inspection_kind kind;     /**< kind */
	cpol_id notice_id;             /**< re-inspections: the notice, else 0 */
	const char *note;              /**< or NULL */
	const char *archived_at;       /**< NULL while live */
	size_t item_count;             /**< number of items */
	cpol_inspection_item *items;   /**< the items, in the order recorded */
	size_t hazard_count;           /**< number of hazards */
	cpol_hazard *hazards;          /**< the hazards, in the order recorded */
} cpol_inspection;

/* -------------------------------------------------------------- notices */

/** How a notice was closed. */
typedef enum {
	CPOL_NOTICE_RECTIFIED = 1,   /**< 已整改: re-inspection found it fixed */
	CPOL_NOTICE_UNIT_CLOSED,     /**< the unit closed */
	CPOL_NOTICE_WITHDRAWN,       /**< 撤销: issued in error */
	CPOL_NOTICE_PENALISED        /**< handed over and dealt with by law (依法处理) */
} cpol_notice_result;

/** A notice to issue. Initialise with CPOL_NOTICE_NEW_INIT. */
typedef struct cpol_notice_new {
	unsigned int version;        /**< CPOL_NOTICE_NEW_VERSION */
	cpol_id inspection_id;       /**< required: the inspection that found the hazards */
	cpol_id officer_id;          /**< issuing officer; 0: the inspection's officer */
	cpol_date issued_on;         /**< required */
	/** The deadline; CPOL_DATE_NONE: issued_on + places.rectification_deadline. */
	cpol_date deadline;
	const char *requirement;     /**< what must be done (整改要求), optional */
	/** Text before the number, "城东警务室"; NULL: "整改". */
	const char *number_prefix;
} cpol_notice_new;

/** The current version of cpol_notice_new. */
#define CPOL_NOTICE_NEW_VERSION 1
/** An empty cpol_notice_new. */
#define CPOL_NOTICE_NEW_INIT { CPOL_NOTICE_NEW_VERSION, 0, 0, CPOL_DATE_NONE, CPOL_DATE_NONE, \
	NULL, NULL }

/** A rectification notice as read back. Free with cpol_notice_free(). */
typedef struct cpol_notice {
	cpol_id id;                  /**< the notice */
	cpol_id office_id;           /**< issuing office */
	cpol_id unit_id;             /**< the unit */
	cpol_id inspection_id;       /**< the inspection */
	cpol_id officer_id;          /**< issuing officer, or 0 */
	int year;                    /**< year of issue */
	int seq;                     /**< number within the office and year, from 1 */
	const char *number;          /**< "城东警务室〔2024〕第007号" */
	cpol_date issued_on;         /**< issued */
	cpol_date deadline;          /**< last day to rectify */
	const char *deadline_key;    /**< rule that set the deadline, or NULL when set by hand */
	const char *deadline_file;   /**< its file, or NULL */
	int deadline_line;           /**< its line, or 0 */
	const char *requirement;     /**< or NULL */
	cpol_id reinspection_id;     /**< latest re-inspection, or 0 */
	cpol_date reinspected_on;    /**< its day, or CPOL_DATE_NONE */
	cpol_date escalated_on;      /**< escalated (上报), or CPOL_DATE_NONE */
	const char *escalated_to;    /**< to whom, or NULL */
	cpol_date closed_on;         /**< closed, or CPOL_DATE_NONE while open */
	cpol_notice_result result;   /**< how it closed; 0 while open */
	const char *close_note;      /**< or NULL */
	const char *archived_at;     /**< NULL while live */
} cpol_notice;

/* --------------------------------------------------------------- visits */

/** Kinds of visit and contact. */
typedef enum {
	CPOL_VISIT_HOUSEHOLD = 1,     /**< 入户走访 (house_id) */
	CPOL_VISIT_KEY_PERSON,        /**< 重点人员走访: a home visit of a key person (person_id) */
	CPOL_VISIT_SECURITY_CONTACT,  /**< contact with a unit's security department (unit_id) */
	CPOL_VISIT_SUPERVISION,       /**< 监督指导 of a mass-prevention organisation (org_id) */
	CPOL_VISIT_RETURN,            /**< 回访 of an incident (incident_id) */
	CPOL_VISIT_OTHER,             /**< anything else */
	CPOL_VISIT_TALK               /**< 谈话 with a key person or a supervised person (person_id) */
} cpol_visit_kind;

/** A visit to record. Initialise with CPOL_VISIT_NEW_INIT. */
typedef struct cpol_visit_new {
	unsigned int version;   /**< CPOL_VISIT_NEW_VERSION */
	cpol_id office_id;      /**< required */
	cpol_id officer_id;     /**< who, or 0 */
	cpol_date on;           /**< required */
	cpol_visit_kind kind;   /**< required */
	cpol_id house_id;       /**< household visits: the house (实有房屋), or 0 */
	cpol_id person_id;      /**< key-person visits and talks: the person (required), else optional */
	cpol_id unit_id;        /**< security contacts: the unit (required) */
	cpol_id org_id;         /**< supervision: the organisation (required) */
	cpol_id incident_id;    /**< return visits: the incident (required) */
	const char *summary;    /**< optional */
} cpol_visit_new;

/** The current version of cpol_visit_new. */
#define CPOL_VISIT_NEW_VERSION 1
/** An empty cpol_visit_new. */
#define CPOL_VISIT_NEW_INIT { CPOL_VISIT_NEW_VERSION, 0, 0, CPOL_DATE_NONE, 0, 0, 0, 0, 0, 0, NULL }

/* ------------------------------------------------------------ incidents */

/** Kinds of incident (警情). */
typedef enum {
	CPOL_INCIDENT_CRIMINAL = 1,   /**< 刑事案件 */
	CPOL_INCIDENT_PUBLIC_ORDER,   /**< 治安案件 */
	CPOL_INCIDENT_ACCIDENT,       /**< 事故 */
	CPOL_INCIDENT_FIRE,           /**< 火警 */
	CPOL_INCIDENT_HELP,           /**< 求助 */
	CPOL_INCIDENT_OTHER           /**< other */
} cpol_incident_kind;

/** An incident to record. Initialise with CPOL_INCIDENT_NEW_INIT. */
typedef struct cpol_incident_new {
	unsigned int version;       /**< CPOL_INCIDENT_NEW_VERSION */
	cpol_id office_id;          /**< required */
	cpol_id officer_id;         /**< who handles it, or 0 */
	cpol_date received_on;      /**< required */
	cpol_incident_kind kind;    /**< required */
	const char *summary;        /**< required */
	const char *party_name;     /**< victim / party to return to, optional */
	const char *party_phone;    /**< optional */
	cpol_id person_id;          /**< the party as a person record, or 0 */
	/**
	 * 1 for a major case (重大案情): it owes every `immediate` obligation of
	 * the rules (重大案情通报) until a duty record naming it fulfils it.
	 */
	int major;
} cpol_incident_new;

/** The current version of cpol_incident_new. */
#define CPOL_INCIDENT_NEW_VERSION 1
/** An empty cpol_incident_new (not major). */
#define CPOL_INCIDENT_NEW_INIT { CPOL_INCIDENT_NEW_VERSION, 0, 0, CPOL_DATE_NONE, 0, NULL, NULL, \
	NULL, 0, 0 }

/** An incident as read back. Free with cpol_incident_free(). */
typedef struct cpol_incident {
	cpol_id id;                 /**< the incident */
	cpol_id office_id;          /**< office */
	cpol_id officer_id;         /**< handling officer, or 0 */
	cpol_date received_on;      /**< received */
	cpol_incident_kind kind;    /**< kind */
	const char *summary;        /**< summary */
	const char *party_name;     /**< or NULL */
	const char *party_phone;    /**< or NULL */
	cpol_id person_id;          /**< or 0 */
	cpol_id return_visit_id;    /**< the first return visit, or 0 */
	cpol_date returned_on;      /**< its day, or CPOL_DATE_NONE */
	const char *archived_at;    /**< NULL while live */
	int major;                  /**< 1 for a major case (重大案情) */
} cpol_incident;

/* ------------------------------------------------------------- disputes */

/** State of a dispute (矛盾纠纷). */
typedef enum {
	CPOL_DISPUTE_OPEN = 1,      /**< being handled */
	CPOL_DISPUTE_MEDIATED,      /**< 调解成功 */
	CPOL_DISPUTE_FAILED,        /**< 调解不成 */
	CPOL_DISPUTE_REFERRED       /**< handed to another body (移交) */
} cpol_dispute_status;

/** A dispute as read back. Free with cpol_dispute_free(). */
typedef struct cpol_dispute {
	cpol_id id;                 /**< the dispute */
	cpol_id office_id;          /**< office */
	cpol_id officer_id;         /**< mediating officer, or 0 */
	cpol_date received_on;      /**< registered */
	const char *parties;        /**< the parties */
	const char *summary;        /**< what it is about */
	cpol_dispute_status status; /**< state */
	const char *outcome;        /**< mediation outcome, or NULL */
	cpol_date resolved_on;      /**< or CPOL_DATE_NONE */
	const char *archived_at;    /**< NULL while live */
} cpol_dispute;

/* ------------------------------------------------------------- requests */

/** A resident request to record. Initialise with CPOL_REQUEST_NEW_INIT. */
typedef struct cpol_request_new {
	unsigned int version;       /**< CPOL_REQUEST_NEW_VERSION */
	cpol_id office_id;          /**< required */
	cpol_id officer_id;         /**< who took it, or 0 */
	cpol_date received_on;      /**< required */
	const char *requester;      /**< required: who asked */
	const char *phone;          /**< optional */
	cpol_id person_id;          /**< optional person record */
	const char *content;        /**< required */
	int in_scope;               /**< 1: within the office's duties; 0: referred */
	const char *referred_to;    /**< required when not in scope: the department told */
} cpol_request_new;

/** The current version of cpol_request_new. */
#define CPOL_REQUEST_NEW_VERSION 1
/** An empty cpol_request_new (in scope). */
#define CPOL_REQUEST_NEW_INIT { CPOL_REQUEST_NEW_VERSION, 0, 0, CPOL_DATE_NONE, NULL, NULL, 0, NULL, 1, NULL }

/** A resident request as read back. Free with cpol_request_free(). */
typedef struct cpol_request {
	cpol_id id;                 /**< the request */
	cpol_id office_id;          /**< office */
	cpol_id officer_id;         /**< or 0 */
	cpol_date received_on;      /**< received */
	const char *requester;      /**< who */
	const char *phone;          /**< or NULL */
	cpol_id person_id;          /**< or 0 */
	const char *content;        /**< what */
	int in_scope;               /**< 1 or 0 */
	const char *referred_to;    /**< or NULL */
	cpol_date feedback_on;      /**< when the resident was told, or CPOL_DATE_NONE */
	const char *feedback;       /**< what they were told, or NULL */
	const char *archived_at;    /**< NULL while live */
} cpol_request;

/* ---------------------------------------------------------- duty records */

/** A meeting, notice or report to record. Initialise with CPOL_DUTY_RECORD_NEW_INIT. */
typedef struct cpol_duty_record_new {
	unsigned int version;       /**< CPOL_DUTY_RECORD_NEW_VERSION */
	cpol_id office_id;          /**< required */
	cpol_id officer_id;         /**< who held or wrote it, or 0 */
	const char *obligation;     /**< required: `obligations[].id` of the rules it fulfils */
	cpol_date held_on;          /**< required: the day */
	const char *title;          /**< required */
	const char *content;        /**< minutes, text posted, report body; optional */
	const char *attendees;      /**< optional */
	/**
	 * For an `immediate` obligation (重大案情通报): the major incident it
	 * answers, of the same office, received on or before held_on; 0 for
	 * none. Only immediate obligations name an incident.
	 */
	cpol_id incident_id;
} cpol_duty_record_new;

/** The current version of cpol_duty_record_new. */
#define CPOL_DUTY_RECORD_NEW_VERSION 1
/** An empty cpol_duty_record_new. */
#define CPOL_DUTY_RECORD_NEW_INIT { CPOL_DUTY_RECORD_NEW_VERSION, 0, 0, NULL, CPOL_DATE_NONE, \
	NULL, NULL, NULL, 0 }

/**
 * A meeting, notice or report as read back. Plain data owned by the
 * iterator that returned it (cpol_duty_record_iter_next()).
 */
typedef struct cpol_duty_record {
	cpol_id id;                 /**< the record */
	cpol_id office_id;          /**< office */
	cpol_id officer_id;         /**< who held or wrote it, or 0 */
	const char *obligation;     /**< the obligation it fulfils (`obligations[].id`) */
	cpol_date held_on;          /**< the day */
	const char *title;          /**< title */
	const char *content;        /**< or NULL */
	const char *attendees;      /**< or NULL */
	cpol_id incident_id;        /**< the major incident it answers, or 0 */
	const char *archived_at;    /**< NULL while live */
} cpol_duty_record;

/* ------------------------------------------------------- information items */

/**
 * An information item to record (信息收集 / 情报信息: what an officer
 * learnt and reported — a clue, a sign of trouble, the mood of the
 * community). Initialise with CPOL_INFO_ITEM_NEW_INIT.
 */
typedef struct cpol_info_item_new {
	unsigned int version;       /**< CPOL_INFO_ITEM_NEW_VERSION */
	cpol_id office_id;          /**< required */
	cpol_id officer_id;         /**< required: the officer who reported it */
	cpol_date reported_on;      /**< required: the day it was reported */
	/** required: the kind of information, as the office classifies it
	 *  ("治安线索", "社情民意", "矛盾纠纷"...); free text, not empty */
	const char *category;
	const char *summary;        /**< required: what it says */
} cpol_info_item_new;

/** The current version of cpol_info_item_new. */
#define CPOL_INFO_ITEM_NEW_VERSION 1
/** An empty cpol_info_item_new. */
#define CPOL_INFO_ITEM_NEW_INIT { CPOL_INFO_ITEM_NEW_VERSION, 0, 0, CPOL_DATE_NONE, NULL, NULL }

/**
 * An information item as read back. Plain data owned by the iterator that
 * returned it (cpol_info_item_iter_next()).
 */
typedef struct cpol_info_item {
	cpol_id id;                 /**< the item */
	cpol_id office_id;          /**< office */
	cpol_id officer_id;         /**< who reported it */
	cpol_date reported_on;      /**< the day */
	const char *category;       /**< its category */
	const char *summary;        /**< what it says */
	const char *archived_at;    /**< NULL while live */
} cpol_info_item;

/* -------------------------------------------------------------- work log */

/** One line of a work log. Plain data. */
typedef struct cpol_worklog_entry {
	const char *kind;           /**< "inspection", "notice", "visit", "incident",
	                                 "dispute", "request", "record" */
	cpol_id record_id;          /**< id of the record in its table */
	const char *text;           /**< one line of text, UTF-8 */
} cpol_worklog_entry;

/** An officer's work log for a day. Free with cpol_worklog_free(). */
typedef struct cpol_worklog {
	cpol_id officer_id;            /**< the officer */
	cpol_date on;                  /**< the day */
	int kept;                      /**< 1 when a log entry was saved for the day */
	const char *notes;             /**< free notes, or NULL */
	size_t count;                  /**< number of entries */
	cpol_worklog_entry *entries;   /**< what was recorded that day, in order */
} cpol_worklog;

/* ---------------------------------------------------------------- rates */

/** One completion rate. Plain data. */
typedef struct cpol_work_rate {
	int64_t due;               /**< how many were owed in the period */
	int64_t done;              /**< how many were done in time */
	double rate;               /**< done / due; 1.0 when nothing was owed */
	const char *rule_key;      /**< the rule that set the time allowed (static or owned by the rules) */
} cpol_work_rate;

/**
 * Completion rates for a period, for the assessment. The caller allocates
 * it and sets its version (CPOL_WORK_RATES_INIT or cpol_work_rates_init());
 * cpol_work_rates_measure() fills the rest. Plain data: the rule keys are
 * static or owned by the rules.
 */
typedef struct cpol_work_rates {
	unsigned int version;        /**< CPOL_WORK_RATES_VERSION: the layout the caller was built with */
	cpol_date from;              /**< first day of the period */
	cpol_date to;                /**< last day */
	/** Inspections done against due: each calendar period of a unit's
	 *  inspect cadence that ends in [from, to] while the unit was open
	 *  counts as owed, and as done when the unit was inspected in it. */
	cpol_work_rate inspections;
	/** Notices whose deadline falls in the period, closed on or before it. */
	cpol_work_rate notices_on_time;
	/** Incidents received in the period, returned to within the time allowed. */
	cpol_work_rate return_visits;
	/** Requests received in the period, answered within the time allowed. */
	cpol_work_rate feedback;
} cpol_work_rates;

/** The current version of cpol_work_rates. */
#define CPOL_WORK_RATES_VERSION 1
/** An empty cpol_work_rates of the current version, to pass to cpol_work_rates_measure(). */
#define CPOL_WORK_RATES_INIT { CPOL_WORK_RATES_VERSION, 0, 0, { 0, 0, 0, NULL }, { 0, 0, 0, NULL }, \
	                       { 0, 0, 0, NULL }, { 0, 0, 0, NULL } }

/* -------------------------------------------------------------- listing */

/*
 * Listing records: one query struct and one iterator per kind of record.
 * Fields left 0, NULL or CPOL_DATE_NONE do not filter. Only live records
 * are listed, in id order; paging is keyset: pass the last id seen as
 * `after_id` and ask for `limit` more (0: no limit). An iterator owns its
 * own statement, so several may be open at once on one handle; the handle
 * must outlive it and it must be used by one thread at a time (db.h).
 */

/** Which notices a listing selects, by their state. */
typedef enum {
	CPOL_NOTICE_STATE_ANY = 0,   /**< every notice */
	CPOL_NOTICE_STATE_OPEN,      /**< not closed (overdue or not) */
	CPOL_NOTICE_STATE_OVERDUE,   /**< not closed, and its deadline before the query's `on` */
	CPOL_NOTICE_STATE_CLOSED     /**< closed, however it ended */
} cpol_notice_state;

/** Which rectification notices to list. Initialise with CPOL_NOTICE_QUERY_INIT. */
typedef struct cpol_notice_query {
	unsigned int version;    /**< CPOL_NOTICE_QUERY_VERSION */
	cpol_id office_id;       /**< issued by this office */
	cpol_id unit_id;         /**< for this unit */
	cpol_id officer_id;      /**< issued by this officer */
	cpol_notice_state state; /**< open, overdue or closed; 0 for any */
	/** The day an overdue notice is overdue on; required with CPOL_NOTICE_STATE_OVERDUE. */
	cpol_date on;
	int year;                /**< issued in this year (the year of its number) */
	cpol_id after_id;        /**< keyset paging: ids greater than this */
	int limit;               /**< at most this many (0: no limit) */
} cpol_notice_query;

/** The current version of cpol_notice_query. */
#define CPOL_NOTICE_QUERY_VERSION 1
/** A query for every live notice. */
#define CPOL_NOTICE_QUERY_INIT { CPOL_NOTICE_QUERY_VERSION, 0, 0, 0, CPOL_NOTICE_STATE_ANY, \
	CPOL_DATE_NONE, 0, 0, 0 }

/** Iterator over notices. Opaque. */
typedef struct cpol_notice_iter cpol_notice_iter;

/** Which inspections to list. Initialise with CPOL_INSPECTION_QUERY_INIT. */
typedef struct cpol_inspection_query {
	unsigned int version;       /**< CPOL_INSPECTION_QUERY_VERSION */
	cpol_id office_id;          /**< of this office's units */
	cpol_id unit_id;            /**< of this unit */
	cpol_id officer_id;         /**< by this officer */
	cpol_inspection_kind kind;  /**< of this kind (re-inspections too); 0 for any */
	cpol_date from;             /**< on or after this day */
	cpol_date to;               /**< on or before this day */
	cpol_id after_id;           /**< keyset paging: ids greater than this */
	int limit;                  /**< at most this many (0: no limit) */
} cpol_inspection_query;

/** The current version of cpol_inspection_query. */
#define CPOL_INSPECTION_QUERY_VERSION 1
/** A query for every live inspection. */
#define CPOL_INSPECTION_QUERY_INIT { CPOL_INSPECTION_QUERY_VERSION, 0, 0, 0, 0, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0 }

/** Iterator over inspections. Opaque. */
typedef struct cpol_inspection_iter cpol_inspection_iter;

/** A visit or contact as read back. Plain data owned by its iterator. */
typedef struct cpol_visit {
	cpol_id id;              /**< the visit */
	cpol_id office_id;       /**< office */
	cpol_id officer_id;      /**< who, or 0 */
	cpol_date on;            /**< the day */
	cpol_visit_kind kind;    /**< kind */
	cpol_id house_id;        /**< the house, or 0 */
	cpol_id person_id;       /**< the person, or 0 */
	cpol_id unit_id;         /**< the unit, or 0 */
	cpol_id org_id;          /**< the organisation, or 0 */
	cpol_id incident_id;     /**< the incident, or 0 */
	const char *summary;     /**< or NULL */
	const char *archived_at; /**< NULL while live */
} cpol_visit;

/** Which visits to list. Initialise with CPOL_VISIT_QUERY_INIT. */
typedef struct cpol_visit_query {
	unsigned int version;   /**< CPOL_VISIT_QUERY_VERSION */
	cpol_id office_id;      /**< of this office */
	cpol_id officer_id;     /**< by this officer */
	cpol_visit_kind kind;   /**< of this kind; 0 for any */
	cpol_id unit_id;        /**< about this unit (security contacts) */
	cpol_date from;         /**< on or after this day */
	cpol_date to;           /**< on or before this day */
	cpol_id after_id;       /**< keyset paging: ids greater than this */
	int limit;              /**< at most this many (0: no limit) */
} cpol_visit_query;

/** The current version of cpol_visit_query. */
#define CPOL_VISIT_QUERY_VERSION 1
/** A query for every live visit. */
#define CPOL_VISIT_QUERY_INIT { CPOL_VISIT_QUERY_VERSION, 0, 0, 0, 0, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0 }

/** Iterator over visits. Opaque. */
typedef struct cpol_visit_iter cpol_visit_iter;

/** Which incidents to list. Initialise with CPOL_INCIDENT_QUERY_INIT. */
typedef struct cpol_incident_query {
	unsigned int version;       /**< CPOL_INCIDENT_QUERY_VERSION */
	cpol_id office_id;          /**< of this office */
	cpol_id officer_id;         /**< handled by this officer */
	cpol_incident_kind kind;    /**< of this kind; 0 for any */
	cpol_date from;             /**< received on or after this day */
	cpol_date to;               /**< received on or before this day */
	int unreturned;             /**< 1: only those not yet returned to (回访) */
	int major;                  /**< 1: only major cases */
	cpol_id after_id;           /**< keyset paging: ids greater than this */
	int limit;                  /**< at most this many (0: no limit) */
} cpol_incident_query;

/** The current version of cpol_incident_query. */
#define CPOL_INCIDENT_QUERY_VERSION 1
/** A query for every live incident. */
#define CPOL_INCIDENT_QUERY_INIT { CPOL_INCIDENT_QUERY_VERSION, 0, 0, 0, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0, 0, 0 }

/** Iterator over incidents. Opaque. */
typedef struct cpol_incident_iter cpol_incident_iter;

/** Which resident requests to list. Initialise with CPOL_REQUEST_QUERY_INIT. */
typedef struct cpol_request_query {
	unsigned int version;   /**< CPOL_REQUEST_QUERY_VERSION */
	cpol_id office_id;      /**< of this office */
	cpol_id officer_id;     /**< taken by this officer */
	cpol_date from;         /**< received on or after this day */
	cpol_date to;           /**< received on or before this day */
	int unanswered;         /**< 1: only those without feedback yet */
	int in_scope;           /**< 1: in scope only; 0: referred only; -1: either */
	cpol_id after_id;       /**< keyset paging: ids greater than this */
	int limit;              /**< at most this many (0: no limit) */
} cpol_request_query;

/** The current version of cpol_request_query. */
#define CPOL_REQUEST_QUERY_VERSION 1
/** A query for every live request. */
#define CPOL_REQUEST_QUERY_INIT { CPOL_REQUEST_QUERY_VERSION, 0, 0, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, -1, 0, 0 }

/** Iterator over resident requests. Opaque. */
typedef struct cpol_request_iter cpol_request_iter;

/** Which disputes to list. Initialise with CPOL_DISPUTE_QUERY_INIT. */
typedef struct cpol_dispute_query {
	unsigned int version;       /**< CPOL_DISPUTE_QUERY_VERSION */
	cpol_id office_id;          /**< of this office */
	cpol_id officer_id;         /**< mediated by this officer */
	cpol_dispute_status status; /**< in this state; 0 for any */
	cpol_date from;             /**< registered on or after this day */
	cpol_date to;               /**< registered on or before this day */
	cpol_id after_id;           /**< keyset paging: ids greater than this */
	int limit;                  /**< at most this many (0: no limit) */
} cpol_dispute_query;

/** The current version of cpol_dispute_query. */
#define CPOL_DISPUTE_QUERY_VERSION 1
/** A query for every live dispute. */
#define CPOL_DISPUTE_QUERY_INIT { CPOL_DISPUTE_QUERY_VERSION, 0, 0, 0, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0 }

/** Iterator over disputes. Opaque. */
typedef struct cpol_dispute_iter cpol_dispute_iter;

/** Which meeting, notice and report records to list. Initialise with
 *  CPOL_DUTY_RECORD_QUERY_INIT. */
typedef struct cpol_duty_record_query {
	unsigned int version;    /**< CPOL_DUTY_RECORD_QUERY_VERSION */
	cpol_id office_id;       /**< of this office */
	cpol_id officer_id;      /**< held or written by this officer */
	const char *obligation;  /**< fulfilling this obligation (`obligations[].id`) */
	cpol_id incident_id;     /**< answering this major incident */
	cpol_date from;          /**< held on or after this day */
	cpol_date to;            /**< held on or before this day */
	cpol_id after_id;        /**< keyset paging: ids greater than this */
	int limit;               /**< at most this many (0: no limit) */
} cpol_duty_record_query;

/** The current version of cpol_duty_record_query. */
#define CPOL_DUTY_RECORD_QUERY_VERSION 1
/** A query for every live record. */
#define CPOL_DUTY_RECORD_QUERY_INIT { CPOL_DUTY_RECORD_QUERY_VERSION, 0, 0, NULL, 0, \
	CPOL_DATE_NONE, CPOL_DATE_NONE, 0, 0 }

/** Iterator over meeting, notice and report records. Opaque. */
typedef struct cpol_duty_record_iter cpol_duty_record_iter;

/** Which information items to list. Initialise with CPOL_INFO_ITEM_QUERY_INIT. */
typedef struct cpol_info_item_query {
	unsigned int version;    /**< CPOL_INFO_ITEM_QUERY_VERSION */
	cpol_id office_id;       /**< of this office */
	cpol_id officer_id;      /**< reported by this officer */
	const char *category;    /**< of this category (exact text), or NULL for any */
	cpol_date from;          /**< reported on or after this day */
	cpol_date to;            /**< reported on or before this day */
	cpol_id after_id;        /**< keyset paging: ids greater than this */
	int limit;               /**< at most this many (0: no limit) */
} cpol_info_item_query;

/** The current version of cpol_info_item_query. */
#define CPOL_INFO_ITEM_QUERY_VERSION 1
/** A query for every live information item. */
#define CPOL_INFO_ITEM_QUERY_INIT { CPOL_INFO_ITEM_QUERY_VERSION, 0, 0, NULL, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0 }

/** Iterator over information items. Opaque. */
typedef struct cpol_info_item_iter cpol_info_item_iter;

CPOL_BEGIN_DECL

/* ------------------------------------------------------------ inspections */

/**
 * Initialise a cpol_inspection_new with CPOL_INSPECTION_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_INSPECTION_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_inspection_new_init(cpol_inspection_new *spec, unsigned int version);

/**
 * Record an inspection of a unit. Add its items with
 * cpol_inspection_add_item() and its hazards with cpol_hazard_add() (wrap
 * the calls in cpol_db_begin()/cpol_db_commit() to make them one change).
 * A re-inspection is recorded by cpol_notice_reinspect().
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: "unit_id", "on", "kind"...);
 *         CPOL_ENOTFOUND for the unit or officer; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_inspection_add(cpol_id *out, cpol_db *db, const cpol_inspection_new *spec);

/**
 * Add a checklist (or fire-safety) item to an inspection.
 *
 * @param out receives the item id; may be NULL.
 * @param db the handle.
 * @param inspection_id the inspection.
 * @param fire 1 for a fire-safety item (消防), 0 for the checklist.
 * @param item what was checked; required.
 * @param ok 1 passed, 0 failed.
 * @param finding what was found, or NULL.
 * @return 0; CPOL_EINVAL (field "item"); CPOL_ENOTFOUND; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_inspection_add_item(cpol_id *out, cpol_db *db, cpol_id inspection_id,
                                         int fire, const char *item, int ok, const char *finding);

/**
 * Record a hazard (隐患) an inspection found. Hazards without a notice are
 * put on the next notice issued for that inspection.
 *
 * @param out receives the hazard id; may be NULL.
 * @param db the handle.
 * @param inspection_id the inspection.
 * @param description required.
 * @param fire 1 for a fire hazard.
 * @return 0; CPOL_EINVAL (field "description"); CPOL_ENOTFOUND;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_hazard_add(cpol_id *out, cpol_db *db, cpol_id inspection_id,
                                const char *description, int fire);

/**
 * Read an inspection with its items and hazards.
 *
 * @param out receives a new record; free it with cpol_inspection_free().
 * @param db the handle.
 * @param inspection_id the inspection.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_inspection_get(cpol_inspection **out, cpol_db *db, cpol_id inspection_id);

/**
 * Free a record from cpol_inspection_get(). NULL is allowed.
 *
 * @param inspection the inspection to free, or NULL.
 */
CPOL_EXTERN void cpol_inspection_free(cpol_inspection *inspection);

/**
 * The day of a unit's last live inspection.
 *
 * @param out receives the day, or CPOL_DATE_NONE when never inspected.
 * @param db the handle.
 * @param unit_id the unit.
 * @return 0; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unit_last_inspection(cpol_date *out, cpol_db *db, cpol_id unit_id);

/* -------------------------------------------------------------- notices */

/**
 * Initialise a cpol_notice_new with CPOL_NOTICE_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_NOTICE_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_notice_new_init(cpol_notice_new *spec, unsigned int version);

/**
 * Issue a rectification notice (整改通知书) for the hazards of an inspection
 * that have no notice yet. Its number is the next one of the office in the
 * year of issue (1, 2, 3... with no gaps, never reused), printed as
 * "<prefix>〔<year>〕第<NNN>号".
 *
 * @param out receives the notice id; may be NULL.
 * @param db the handle.
 * @param rules the office's region rules: the deadline, when not given, is
 *        issued_on + places.rectification_deadline, and the notice keeps
 *        that rule's key, file and line. Not kept.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: "inspection_id", "issued_on",
 *         "deadline" before issue, an inspection without hazards:
 *         "hazards"); CPOL_ENOTFOUND for the inspection; CPOL_ERULES when
 *         no deadline is given and the rules set none (field
 *         "places.rectification_deadline"); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_issue(cpol_id *out, cpol_db *db, const cpol_rules *rules,
                                  const cpol_notice_new *spec);

/**
 * Read a notice.
 *
 * @param out receives a new record; free it with cpol_notice_free().
 * @param db the handle.
 * @param notice_id the notice.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_get(cpol_notice **out, cpol_db *db, cpol_id notice_id);

/**
 * Free a record from cpol_notice_get(). NULL is allowed.
 *
 * @param notice the notice to free, or NULL.
 */
CPOL_EXTERN void cpol_notice_free(cpol_notice *notice);

/**
 * Find a notice by office and number text.
 *
 * @param out receives the id.
 * @param db the handle.
 * @param office_id the office.
 * @param number the number as printed.
 * @return 0; CPOL_ENOTFOUND; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_find(cpol_id *out, cpol_db *db, cpol_id office_id, const char *number);

/**
 * Record the re-inspection (复查) of a notice's unit. When rectified is 1
 * the hazards of the notice are marked fixed on that day and the notice is
 * closed with CPOL_NOTICE_RECTIFIED; otherwise it stays open (and overdue
 * once its deadline has passed).
 *
 * @param out receives the re-inspection's id; may be NULL.
 * @param db the handle.
 * @param notice_id an open notice.
 * @param officer_id who re-inspected, or 0.
 * @param on the day; not before the notice was issued.
 * @param rectified 1 when everything was fixed.
 * @param note optional.
 * @return 0; CPOL_EINVAL (field "on"); CPOL_ENOTFOUND; CPOL_ECONSTRAINT when
 *         the notice is closed; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_reinspect(cpol_id *out, cpol_db *db, cpol_id notice_id,
                                      cpol_id officer_id, cpol_date on, int rectified,
                                      const char *note);

/**
 * Record that an overdue notice was escalated (上报 to the station, handed
 * for penalty). The notice stays open, and owed, until it is closed.
 *
 * @param db the handle.
 * @param notice_id an open notice.
 * @param on the day.
 * @param to to whom; required.
 * @param note optional.
 * @return 0; CPOL_EINVAL (fields "on", "to"); CPOL_ENOTFOUND;
 *         CPOL_ECONSTRAINT when closed; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_escalate(cpol_db *db, cpol_id notice_id, cpol_date on,
                                     const char *to, const char *note);

/**
 * Close a notice. Nothing is erased: the notice keeps its number,
 * deadline, re-inspection and escalation, and the audit trail keeps every
 * earlier state.
 *
 * @param db the handle.
 * @param notice_id an open notice.
 * @param on the day; not before the notice was issued.
 * @param result how it ended.
 * @param note optional.
 * @return 0; CPOL_EINVAL (fields "on", "result"); CPOL_ENOTFOUND;
 *         CPOL_ECONSTRAINT when already closed; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_close(cpol_db *db, cpol_id notice_id, cpol_date on,
                                  cpol_notice_result result, const char *note);

/**
 * Render a notice as a printable text document (UTF-8, lines of at most
 * 40 characters of text, for A4 or a receipt printer): title, number, unit,
 * hazards, deadline, legal reminder, officer and office, signature lines.
 *
 * @param out receives a new string; free it with cpol_free().
 * @param db the handle.
 * @param notice_id the notice.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_render(char **out, cpol_db *db, cpol_id notice_id);

/**
 * The code of a close result ("rectified", "unit_closed", "withdrawn", "penalised"). Static.
 *
 * @param result a value of cpol_notice_result.
 * @return the code of a close result ("rectified", "unit_closed", "withdrawn", "penalised").
 */
CPOL_EXTERN const char *cpol_notice_result_name(cpol_notice_result result);

/* --------------------------------------------------------------- visits */

/**
 * Initialise a cpol_visit_new with CPOL_VISIT_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_VISIT_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_visit_new_init(cpol_visit_new *spec, unsigned int version);

/**
 * Record a visit or contact. A return visit marks its incident returned
 * (the first one counts); a security contact or supervision counts toward
 * its unit's or organisation's cadence. Household visits, key-person
 * visits and talks also add the population module's contact record
 * (cpol_contact_add(), commpolice/population.h: household, visit, talk) in
 * the same transaction, so that they count toward visits.household_cadence
 * and the labels' visit and talk cadences as well.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: the subject a kind needs,
 *         "person_id" for key-person talks, "unit_id", "org_id",
 *         "incident_id"; a subject of another office; a return visit before
 *         the incident); CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_visit_add(cpol_id *out, cpol_db *db, const cpol_visit_new *spec);

/**
 * Count live visits.
 *
 * @param out receives the count.
 * @param db the handle.
 * @param office_id the office, or 0 for any.
 * @param officer_id the officer, or 0 for any.
 * @param kind the kind, or 0 for any.
 * @param from first day, inclusive.
 * @param to last day, inclusive.
 * @return 0; CPOL_EINVAL; CPOL_EDB.
 */
CPOL_EXTERN int cpol_visit_count(int64_t *out, cpol_db *db, cpol_id office_id, cpol_id officer_id,
                                 cpol_visit_kind kind, cpol_date from, cpol_date to);

/**
 * The code of a visit kind ("household", "key_person", ...). Static.
 *
 * @param kind a value of cpol_visit_kind.
 * @return the code of a visit kind ("household", "key_person", ...).
 */
CPOL_EXTERN const char *cpol_visit_kind_name(cpol_visit_kind kind);

/**
 * Parse a visit kind code.
 * @param out receives the kind.
 * @param name the code.
 * @return 0, or CPOL_EINVAL (field "kind").
 */
CPOL_EXTERN int cpol_visit_kind_parse(cpol_visit_kind *out, const char *name);

/* ------------------------------------------------------------ incidents */

/**
 * Initialise a cpol_incident_new with CPOL_INCIDENT_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_INCIDENT_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_incident_new_init(cpol_incident_new *spec, unsigned int version);

/**
 * Record an incident received. Its return visit is owed within
 * visits.return_visit_within of received_on.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named); CPOL_ENOTFOUND; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_incident_add(cpol_id *out, cpol_db *db, const cpol_incident_new *spec);

/**
 * Read an incident.
 * @param out receives a new record; free with cpol_incident_free().
 * @param db the handle.
 * @param incident_id the incident.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_incident_get(cpol_incident **out, cpol_db *db, cpol_id incident_id);

/**
 * Free a record from cpol_incident_get(). NULL is allowed.
 *
 * @param incident the incident to free, or NULL.
 */
CPOL_EXTERN void cpol_incident_free(cpol_incident *incident);

/**
 * Mark an incident as a major case (重大案情), or take the mark off one
 * marked in error. A major incident owes every `immediate` obligation of
 * the rules (重大案情通报: notify the residents at once) from the day it was
 * received until a duty record naming it fulfils it (cpol_duty_record_add()
 * with incident_id); the owed view lists it as CPOL_OWED_IMMEDIATE. The
 * audit trail keeps the earlier mark.
 *
 * @param db the handle.
 * @param incident_id a live incident.
 * @param major 1 to mark it major, 0 to unmark it.
 * @return 0; CPOL_EINVAL (field "major" not 0 or 1); CPOL_ENOTFOUND (field
 *         "incident_id"); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_incident_set_major(cpol_db *db, cpol_id incident_id, int major);

/**
 * The code of an incident kind ("criminal", "public_order", ...). Static.
 *
 * @param kind a value of cpol_incident_kind.
 * @return the code of an incident kind ("criminal", "public_order", ...).
 */
CPOL_EXTERN const char *cpol_incident_kind_name(cpol_incident_kind kind);

/**
 * Parse an incident kind code.
 * @param out receives the kind.
 * @param name the code.
 * @return 0, or CPOL_EINVAL (field "kind").
 */
CPOL_EXTERN int cpol_incident_kind_parse(cpol_incident_kind *out, const char *name);

/* ------------------------------------------------------------- disputes */

/**
 * Register a dispute (矛盾纠纷排查调处登记).
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param office_id the office.
 * @param officer_id the mediating officer, or 0.
 * @param received_on the day.
 * @param parties required: who is in dispute.
 * @param summary required: what about.
 * @return 0; CPOL_EINVAL (field named); CPOL_ENOTFOUND; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_dispute_add(cpol_id *out, cpol_db *db, cpol_id office_id, cpol_id officer_id,
                                 cpol_date received_on, const char *parties, const char *summary);

/**
 * Record the outcome of a dispute.
 *
 * @param db the handle.
 * @param dispute_id an open dispute.
 * @param status CPOL_DISPUTE_MEDIATED, _FAILED or _REFERRED.
 * @param on the day; not before it was registered.
 * @param outcome required: the agreement reached, or why not, or to whom.
 * @return 0; CPOL_EINVAL (fields "status", "on", "outcome"); CPOL_ENOTFOUND;
 *         CPOL_ECONSTRAINT when already resolved; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_dispute_resolve(cpol_db *db, cpol_id dispute_id, cpol_dispute_status status,
                                     cpol_date on, const char *outcome);

/**
 * Read a dispute.
 * @param out receives a new record; free with cpol_dispute_free().
 * @param db the handle.
 * @param dispute_id the dispute.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_dispute_get(cpol_dispute **out, cpol_db *db, cpol_id dispute_id);

/**
 * Free a record from cpol_dispute_get(). NULL is allowed.
 *
 * @param dispute the dispute to free, or NULL.
 */
CPOL_EXTERN void cpol_dispute_free(cpol_dispute *dispute);

/**
 * The code of a dispute status ("open", "mediated", "failed", "referred"). Static.
 *
 * @param status a value of cpol_dispute_status.
 * @return the code of a dispute status ("open", "mediated", "failed", "referred").
 */
CPOL_EXTERN const char *cpol_dispute_status_name(cpol_dispute_status status);

/* ------------------------------------------------------------- requests */

/**
 * Initialise a cpol_request_new with CPOL_REQUEST_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_REQUEST_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_request_new_init(cpol_request_new *spec, unsigned int version);

/**
 * Record a resident's request. Feedback to the resident is owed within
 * visits.feedback_within, in scope or referred (a referred request owes
 * telling the resident where it went: 告知居民本人).
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named; "referred_to" is required when not
 *         in scope); CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_request_add(cpol_id *out, cpol_db *db, const cpol_request_new *spec);

/**
 * Record the feedback given to the resident.
 *
 * @param db the handle.
 * @param request_id a request without feedback.
 * @param on the day; not before it was received.
 * @param feedback required: what they were told.
 * @return 0; CPOL_EINVAL (fields "on", "feedback"); CPOL_ENOTFOUND;
 *         CPOL_ECONSTRAINT when feedback was already given; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_request_feedback(cpol_db *db, cpol_id request_id, cpol_date on,
                                      const char *feedback);

/**
 * Read a request.
 * @param out receives a new record; free with cpol_request_free().
 * @param db the handle.
 * @param request_id the request.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_request_get(cpol_request **out, cpol_db *db, cpol_id request_id);

/**
 * Free a record from cpol_request_get(). NULL is allowed.
 *
 * @param request the request to free, or NULL.
 */
CPOL_EXTERN void cpol_request_free(cpol_request *request);

/* ---------------------------------------------------------- duty records */

/**
 * Initialise a cpol_duty_record_new with CPOL_DUTY_RECORD_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_DUTY_RECORD_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_duty_record_new_init(cpol_duty_record_new *spec, unsigned int version);

/**
 * Record a meeting held, a notice posted or a report sent, fulfilling a
 * rules obligation. A record of an `immediate` obligation (重大案情通报)
 * names the major incident it answers (spec->incident_id), which then no
 * longer owes it.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param rules the office's rules: spec->obligation must be one of their
 *        obligations. Not kept.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named; "obligation" unknown to the rules;
 *         "incident_id" given for an obligation that is not immediate, or
 *         naming an incident of another office or received after held_on);
 *         CPOL_ENOTFOUND for the office or incident; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_record_add(cpol_id *out, cpol_db *db, const cpol_rules *rules,
                                     const cpol_duty_record_new *spec);

/**
 * The day an obligation was last fulfilled by an office.
 *
 * @param out receives the day, or CPOL_DATE_NONE when never.
 * @param db the handle.
 * @param office_id the office.
 * @param obligation the obligation id.
 * @return 0; CPOL_EINVAL; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_record_last(cpol_date *out, cpol_db *db, cpol_id office_id,
                                      const char *obligation);

/* ------------------------------------------------------- information items */

/**
 * Initialise a cpol_info_item_new with CPOL_INFO_ITEM_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_INFO_ITEM_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_info_item_new_init(cpol_info_item_new *spec, unsigned int version);

/**
 * Record an information item reported by an officer (信息收集). It counts
 * for the assessment metric `information_items` of the officer and of the
 * office, in the periods holding reported_on.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: "version", "office_id",
 *         "officer_id" 0, "reported_on", "category", "summary" missing or
 *         empty); CPOL_ENOTFOUND for the office or officer (field named);
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_info_item_add(cpol_id *out, cpol_db *db, const cpol_info_item_new *spec);

/**
 * Archive an information item entered by mistake: it stays in the table
 * and the audit trail, and is no longer listed or counted.
 *
 * @param db the handle.
 * @param item_id the item.
 * @return 0; CPOL_ENOTFOUND (field "item_id") when there is no live item
 *         with that id; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_info_item_archive(cpol_db *db, cpol_id item_id);

/* -------------------------------------------------------------- work log */

/**
 * Keep the work log of an officer for a day, with free notes (replacing
 * earlier notes of that day; the audit trail keeps them).
 *
 * @param db the handle.
 * @param office_id the officer's office.
 * @param officer_id the officer.
 * @param on the day.
 * @param notes free text, or NULL.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_worklog_keep(cpol_db *db, cpol_id office_id, cpol_id officer_id, cpol_date on,
                                  const char *notes);

/**
 * An officer's work log for a day: everything the officer recorded that day
 * (inspections, notices, visits, incidents, disputes, requests, duty
 * records) plus the notes.
 *
 * @param out receives a new record; free it with cpol_worklog_free().
 * @param db the handle.
 * @param officer_id the officer.
 * @param on the day.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_worklog_get(cpol_worklog **out, cpol_db *db, cpol_id officer_id, cpol_date on);

/**
 * Free a work log. NULL is allowed.
 *
 * @param log the worklog to free, or NULL.
 */
CPOL_EXTERN void cpol_worklog_free(cpol_worklog *log);

/**
 * A work log as printable text ("工作日志 2024-03-05", one line per entry,
 * then the notes).
 *
 * @param out receives a new string; free it with cpol_free().
 * @param log the log.
 * @return 0, or CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_worklog_render(char **out, const cpol_worklog *log);

/* ---------------------------------------------------------------- rates */

/**
 * Completion rates of an office (or officer) for a period, for the
 * assessment module.
 *
 * Replaces cpol_work_rates_measure() (deprecated), whose struct had no version.
 *
 * @param out the caller's struct, its version set (CPOL_WORK_RATES_INIT);
 *        receives the rates, rule_key strings static or owned by rules.
 * @param db the handle.
 * @param rules the office's region rules.
 * @param office_id the office.
 * @param officer_id 0 for the office, or one officer (as in cpol_owed_list_get()).
 * @param from first day.
 * @param to last day; not before from.
 * @return 0; CPOL_EINVAL (fields "version", "from", "to"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_work_rates_measure(cpol_work_rates *out, cpol_db *db,
                                        const cpol_rules *rules, cpol_id office_id,
                                        cpol_id officer_id, cpol_date from, cpol_date to);

/**
 * Initialise a cpol_work_rates with CPOL_WORK_RATES_INIT.
 * @param rates the struct to fill.
 * @param version CPOL_WORK_RATES_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_work_rates_init(cpol_work_rates *rates, unsigned int version);

/* ---------------------------------------------------------------- listing */

/**
 * The code of a notice state ("any", "open", "overdue", "closed"); "unknown" otherwise. Static.
 *
 * @param state a value of cpol_notice_state.
 * @return the code of a notice state ("any", "open", "overdue", "closed"); "unknown" otherwise.
 */
CPOL_EXTERN const char *cpol_notice_state_name(cpol_notice_state state);

/**
 * Parse a notice state as cpol_notice_state_name() spells it.
 * @param out receives the state.
 * @param name the code.
 * @return 0, or CPOL_EINVAL (field "state").
 */
CPOL_EXTERN int cpol_notice_state_parse(cpol_notice_state *out, const char *name);

/**
 * Initialise a cpol_notice_query with CPOL_NOTICE_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_NOTICE_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_notice_query_init(cpol_notice_query *query, unsigned int version);

/**
 * List rectification notices, by id.
 *
 * @param out receives the iterator; free it with cpol_notice_iter_free(). It
 *        owns its statement (several may be open at once); db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "state" unknown, "on" missing for
 *         CPOL_NOTICE_STATE_OVERDUE, "year", "after_id", "limit", "version");
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_iter_new(cpol_notice_iter **out, cpol_db *db,
                                     const cpol_notice_query *query);

/**
 * The next notice.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_notice_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_notice_iter_next(const cpol_notice **out, cpol_notice_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_notice_iter_free(cpol_notice_iter *iter);

/**
 * Initialise a cpol_inspection_query with CPOL_INSPECTION_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_INSPECTION_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_inspection_query_init(cpol_inspection_query *query, unsigned int version);

/**
 * List inspections, by id.
 *
 * @param out receives the iterator; free it with
 *        cpol_inspection_iter_free(). It owns its statement (several may be open
 *        at once); db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "kind", "from", "to" before from,
 *         "after_id", "limit", "version");
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_inspection_iter_new(cpol_inspection_iter **out, cpol_db *db,
                                         const cpol_inspection_query *query);

/**
 * The next inspection.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_inspection_iter_free(); NULL at the end.
 *        The record carries its checklist items and hazards.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_inspection_iter_next(const cpol_inspection **out, cpol_inspection_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_inspection_iter_free(cpol_inspection_iter *iter);

/**
 * Initialise a cpol_visit_query with CPOL_VISIT_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_VISIT_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_visit_query_init(cpol_visit_query *query, unsigned int version);

/**
 * List visits and contacts, by id.
 *
 * @param out receives the iterator; free it with cpol_visit_iter_free(). It
 *        owns its statement (several may be open at once); db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "kind", "from", "to" before from,
 *         "after_id", "limit", "version");
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_visit_iter_new(cpol_visit_iter **out, cpol_db *db,
                                    const cpol_visit_query *query);

/**
 * The next visit.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_visit_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_visit_iter_next(const cpol_visit **out, cpol_visit_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_visit_iter_free(cpol_visit_iter *iter);

/**
 * Initialise a cpol_incident_query with CPOL_INCIDENT_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_INCIDENT_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_incident_query_init(cpol_incident_query *query, unsigned int version);

/**
 * List incidents, by id.
 *
 * @param out receives the iterator; free it with cpol_incident_iter_free(). It
 *        owns its statement (several may be open at once); db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "kind", "from", "to" before from,
 *         "after_id", "limit", "version");
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_incident_iter_new(cpol_incident_iter **out, cpol_db *db,
                                       const cpol_incident_query *query);

/**
 * The next incident.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_incident_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_incident_iter_next(const cpol_incident **out, cpol_incident_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_incident_iter_free(cpol_incident_iter *iter);

/**
 * Initialise a cpol_request_query with CPOL_REQUEST_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_REQUEST_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_request_query_init(cpol_request_query *query, unsigned int version);

/**
 * List resident requests, by id.
 *
 * @param out receives the iterator; free it with cpol_request_iter_free(). It
 *        owns its statement (several may be open at once); db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "in_scope" not -1, 0 or 1, "from",
 *         "to" before from, "after_id", "limit", "version");
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_request_iter_new(cpol_request_iter **out, cpol_db *db,
                                      const cpol_request_query *query);

/**
 * The next request.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_request_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_request_iter_next(const cpol_request **out, cpol_request_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_request_iter_free(cpol_request_iter *iter);

/**
 * Initialise a cpol_dispute_query with CPOL_DISPUTE_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_DISPUTE_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_dispute_query_init(cpol_dispute_query *query, unsigned int version);

/**
 * List disputes, by id.
 *
 * @param out receives the iterator; free it with cpol_dispute_iter_free(). It
 *        owns its statement (several may be open at once); db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "status", "from", "to" before from,
 *         "after_id", "limit", "version");
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_dispute_iter_new(cpol_dispute_iter **out, cpol_db *db,
                                      const cpol_dispute_query *query);

/**
 * The next dispute.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_dispute_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_dispute_iter_next(const cpol_dispute **out, cpol_dispute_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_dispute_iter_free(cpol_dispute_iter *iter);

/**
 * Initialise a cpol_duty_record_query with CPOL_DUTY_RECORD_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_DUTY_RECORD_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_duty_record_query_init(cpol_duty_record_query *query, unsigned int version);

/**
 * List meeting, notice and report records, by id.
 *
 * @param out receives the iterator; free it with
 *        cpol_duty_record_iter_free(). It owns its statement (several may be open
 *        at once); db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "from", "to" before from, "after_id",
 *         "limit", "version");
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_record_iter_new(cpol_duty_record_iter **out, cpol_db *db,
                                          const cpol_duty_record_query *query);

/**
 * The next record.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_duty_record_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_record_iter_next(const cpol_duty_record **out,
                                           cpol_duty_record_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_duty_record_iter_free(cpol_duty_record_iter *iter);

/**
 * Initialise a cpol_info_item_query with CPOL_INFO_ITEM_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_INFO_ITEM_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_info_item_query_init(cpol_info_item_query *query, unsigned int version);

/**
 * List live information items, by id.
 *
 * @param out receives the iterator; free it with cpol_info_item_iter_free().
 *        It owns its statement (several may be open at once); db must
 *        outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "from", "to" before from,
 *         "after_id", "limit", "version"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_info_item_iter_new(cpol_info_item_iter **out, cpol_db *db,
                                        const cpol_info_item_query *query);

/**
 * The next information item.
 *
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_info_item_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EINVAL for a NULL iterator;
 *         CPOL_EDB.
 */
CPOL_EXTERN int cpol_info_item_iter_next(const cpol_info_item **out, cpol_info_item_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_info_item_iter_free(cpol_info_item_iter *iter);

CPOL_END_DECL

/* ============================================================ patrols, 六防 */

/*
 * Patrols (巡逻), publicity events (六防宣传), contact cards (每户一卡) and
 * persons whose whereabouts are unknown (失控): records the seeds name
 * (../shared/domain.md, "Duty and rosters", "Visits", "Population", "Other
 * things the offices do"), in lib/schema/009_patrol_publicity.sql and
 * lib/work_patrol.c. Each is added, read, archived (never deleted) and
 * listed like the records above; what the owed view needs of them is
 * answered by plain queries: cpol_lost_iter_new() with `on` (who is lost on
 * a day, since when), cpol_uncarded_iter_new() (households without a card),
 * cpol_unverified_iter_new() (residents whose record is due a check by
 * `population.residence_types[].verify`) and cpol_quota_list_get() (night
 * patrols and publicity against their region cadence).
 */

/** Whether a patrol is a night patrol. */
typedef enum {
	CPOL_PATROL_SHIFT_AUTO = 0,  /**< from the times: night when any part is in 22:00-06:00 */
	CPOL_PATROL_DAY,             /**< a day patrol */
	CPOL_PATROL_NIGHT            /**< a night patrol (夜巡) */
} cpol_patrol_shift;

/** A patrol to record. Initialise with CPOL_PATROL_NEW_INIT. */
typedef struct cpol_patrol_new {
	unsigned int version;       /**< CPOL_PATROL_NEW_VERSION */
	cpol_id office_id;          /**< required */
	/** The officer who led it, or 0 for a patrol of auxiliaries and
	 *  volunteers without an officer (志愿巡逻). */
	cpol_id officer_id;
	cpol_date on;               /**< required: the day it started */
	int start_minute;           /**< required: start, minutes after midnight (0-1439) */
	/** required: end, minutes after midnight (0-1439), not equal to the
	 *  start; before the start means the next day (22:00-02:00). */
	int end_minute;
	const char *area;           /**< required: the area or route patrolled */
	const cpol_id *auxiliaries; /**< staff on the patrol besides the officer; copied */
	size_t auxiliary_count;     /**< entries in auxiliaries */
	int volunteers;             /**< volunteers (志愿者, 巡防队员 not on the staff), >= 0 */
	cpol_patrol_shift shift;    /**< 0: from the times */
	const char *note;           /**< optional */
} cpol_patrol_new;

/** The current version of cpol_patrol_new. */
#define CPOL_PATROL_NEW_VERSION 1
/** An empty cpol_patrol_new; start and end -1 (unset). */
#define CPOL_PATROL_NEW_INIT { CPOL_PATROL_NEW_VERSION, 0, 0, CPOL_DATE_NONE, -1, -1, NULL, NULL, \
	0, 0, CPOL_PATROL_SHIFT_AUTO, NULL }

/** A patrol as read back. Plain data: owned by its iterator, or by the
 *  caller of cpol_patrol_get() (free with cpol_patrol_free()). */
typedef struct cpol_patrol {
	cpol_id id;                 /**< the patrol */
	cpol_id office_id;          /**< office */
	cpol_id officer_id;         /**< who led it, or 0 */
	cpol_date on;               /**< the day it started */
	int start_minute;           /**< minutes after midnight */
	int end_minute;             /**< minutes after midnight; < start_minute: the next day */
	int night;                  /**< 1 for a night patrol */
	const char *area;           /**< area or route */
	size_t auxiliary_count;     /**< entries in auxiliaries */
	const cpol_id *auxiliaries; /**< staff ids, ascending */
	int volunteers;             /**< volunteers */
	const char *note;           /**< or NULL */
	const char *archived_at;    /**< NULL while live */
} cpol_patrol;

/** The six preventions (六防) a publicity event is about. */
typedef enum {
	CPOL_PREVENT_FIRE = 1,      /**< 防火 */
	CPOL_PREVENT_THEFT,         /**< 防盗 */
	CPOL_PREVENT_POISON,        /**< 防毒 */
	CPOL_PREVENT_SABOTAGE,      /**< 防破坏 */
	CPOL_PREVENT_TRAFFIC,       /**< 防交通事故 */
	CPOL_PREVENT_DISASTER       /**< 防治安灾害事故 */
} cpol_prevention_topic;

/** A publicity event to record. Initialise with CPOL_PUBLICITY_NEW_INIT. */
typedef struct cpol_publicity_new {
	unsigned int version;       /**< CPOL_PUBLICITY_NEW_VERSION */
	cpol_id office_id;          /**< required */
	cpol_id officer_id;         /**< who held it, or 0 */
	cpol_date on;               /**< required */
	cpol_prevention_topic topic;/**< required */
	const char *place;          /**< required: where (a square, a school, a market) */
	int audience;               /**< people reached, >= 0 */
	const char *summary;        /**< optional */
} cpol_publicity_new;

/** The current version of cpol_publicity_new. */
#define CPOL_PUBLICITY_NEW_VERSION 1
/** An empty cpol_publicity_new. */
#define CPOL_PUBLICITY_NEW_INIT { CPOL_PUBLICITY_NEW_VERSION, 0, 0, CPOL_DATE_NONE, 0, NULL, 0, NULL }

/** A publicity event as read back. Plain data, owned as cpol_patrol is. */
typedef struct cpol_publicity {
	cpol_id id;                 /**< the event */
	cpol_id office_id;          /**< office */
	cpol_id officer_id;         /**< or 0 */
	cpol_date on;               /**< the day */
	cpol_prevention_topic topic;/**< topic */
	const char *place;          /**< where */
	int audience;               /**< people reached */
	const char *summary;        /**< or NULL */
	const char *archived_at;    /**< NULL while live */
} cpol_publicity;

/** A contact card to record. Initialise with CPOL_CONTACT_CARD_NEW_INIT. */
typedef struct cpol_contact_card_new {
	unsigned int version;       /**< CPOL_CONTACT_CARD_NEW_VERSION */
	cpol_id office_id;          /**< required: the issuing office */
	cpol_id house_id;           /**< required: the household's house (实有房屋) */
	cpol_id officer_id;         /**< who gave it, or 0 */
	cpol_date issued_on;        /**< required */
	const char *number;         /**< the card's number, optional */
} cpol_contact_card_new;

/** The current version of cpol_contact_card_new. */
#define CPOL_CONTACT_CARD_NEW_VERSION 1
/** An empty cpol_contact_card_new. */
#define CPOL_CONTACT_CARD_NEW_INIT { CPOL_CONTACT_CARD_NEW_VERSION, 0, 0, 0, CPOL_DATE_NONE, NULL }

/** A contact card as read back. Plain data, owned as cpol_patrol is. */
typedef struct cpol_contact_card {
	cpol_id id;                 /**< the card */
	cpol_id office_id;          /**< issuing office */
	cpol_id house_id;           /**< the house */
	cpol_id officer_id;         /**< or 0 */
	cpol_date issued_on;        /**< issued */
	const char *number;         /**< or NULL */
	const char *archived_at;    /**< NULL while live */
} cpol_contact_card;

/** How an office found out that a person's whereabouts are unknown. */
typedef enum {
	CPOL_LOST_BY_VISIT = 1,     /**< 入户访查: not found at home */
	CPOL_LOST_BY_CHECK,         /**< 核查: by telephone, records, the landlord's register */
	CPOL_LOST_BY_REPORT,        /**< told by family, landlord, employer */
	CPOL_LOST_BY_OTHER          /**< otherwise */
} cpol_lost_found_by;

/** How a 失控 state ended. */
typedef enum {
	CPOL_LOST_END_LOCATED = 1,  /**< whereabouts known again (查明去向) */
	CPOL_LOST_END_MOVED_AWAY,   /**< known to have left the district (move them out too) */
	CPOL_LOST_END_ERROR,        /**< recorded in error */
	CPOL_LOST_END_OTHER         /**< otherwise */
} cpol_lost_end_reason;

/** A 失控 state to open. Initialise with CPOL_LOST_NEW_INIT. */
typedef struct cpol_lost_new {
	unsigned int version;       /**< CPOL_LOST_NEW_VERSION */
	cpol_id person_id;          /**< required: a live person */
	cpol_id office_id;          /**< 0: the person's managing office (required then) */
	cpol_id officer_id;         /**< who found it out, or 0 */
	cpol_date from;             /**< required: the first day the whereabouts were unknown */
	cpol_lost_found_by found_by;/**< required */
	const char *note;           /**< optional */
} cpol_lost_new;

/** The current version of cpol_lost_new. */
#define CPOL_LOST_NEW_VERSION 1
/** An empty cpol_lost_new. */
#define CPOL_LOST_NEW_INIT { CPOL_LOST_NEW_VERSION, 0, 0, 0, CPOL_DATE_NONE, 0, NULL }

/**
 * A 失控 state as read back. Plain data, owned as cpol_patrol is. The
 * person is lost on day d when from <= d and (ended_on is CPOL_DATE_NONE
 * or ended_on > d): the day it ended they are no longer lost.
 */
typedef struct cpol_lost {
	cpol_id id;                 /**< the state */
	cpol_id person_id;          /**< the person */
	cpol_id office_id;          /**< the office that lost track */
	cpol_id officer_id;         /**< who found it out, or 0 */
	cpol_date from;             /**< lost since */
	cpol_lost_found_by found_by;/**< how it was found out */
	const char *note;           /**< or NULL */
	cpol_date ended_on;         /**< the day it ended; CPOL_DATE_NONE while lost */
	cpol_lost_end_reason end_reason;   /**< how; 0 while lost */
	const char *end_note;       /**< or NULL */
	const char *archived_at;    /**< NULL while live */
} cpol_lost;

/** Which patrols to list. Initialise with CPOL_PATROL_QUERY_INIT. */
typedef struct cpol_patrol_query {
	unsigned int version;   /**< CPOL_PATROL_QUERY_VERSION */
	cpol_id office_id;      /**< of this office */
	cpol_id officer_id;     /**< led by this officer */
	int night;              /**< 1: night patrols only; 0: day only; -1: either */
	cpol_date from;         /**< started on or after this day */
	cpol_date to;           /**< started on or before this day */
	cpol_id after_id;       /**< keyset paging: ids greater than this */
	int limit;              /**< at most this many (0: no limit) */
} cpol_patrol_query;

/** The current version of cpol_patrol_query. */
#define CPOL_PATROL_QUERY_VERSION 1
/** A query for every live patrol. */
#define CPOL_PATROL_QUERY_INIT { CPOL_PATROL_QUERY_VERSION, 0, 0, -1, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0 }

/** Iterator over patrols. Opaque. */
typedef struct cpol_patrol_iter cpol_patrol_iter;

/** Which publicity events to list. Initialise with CPOL_PUBLICITY_QUERY_INIT. */
typedef struct cpol_publicity_query {
	unsigned int version;        /**< CPOL_PUBLICITY_QUERY_VERSION */
	cpol_id office_id;           /**< of this office */
	cpol_id officer_id;          /**< held by this officer */
	cpol_prevention_topic topic; /**< on this topic; 0 for any */
	cpol_date from;              /**< on or after this day */
	cpol_date to;                /**< on or before this day */
	cpol_id after_id;            /**< keyset paging: ids greater than this */
	int limit;                   /**< at most this many (0: no limit) */
} cpol_publicity_query;

/** The current version of cpol_publicity_query. */
#define CPOL_PUBLICITY_QUERY_VERSION 1
/** A query for every live publicity event. */
#define CPOL_PUBLICITY_QUERY_INIT { CPOL_PUBLICITY_QUERY_VERSION, 0, 0, 0, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0 }

/** Iterator over publicity events. Opaque. */
typedef struct cpol_publicity_iter cpol_publicity_iter;

/** Which contact cards to list. Initialise with CPOL_CONTACT_CARD_QUERY_INIT. */
typedef struct cpol_contact_card_query {
	unsigned int version;   /**< CPOL_CONTACT_CARD_QUERY_VERSION */
	cpol_id office_id;      /**< issued by this office */
	cpol_id officer_id;     /**< by this officer */
	cpol_id house_id;       /**< to this house (every card it had: the history) */
	cpol_date from;         /**< issued on or after this day */
	cpol_date to;           /**< issued on or before this day */
	cpol_id after_id;       /**< keyset paging: ids greater than this */
	int limit;              /**< at most this many (0: no limit) */
} cpol_contact_card_query;

/** The current version of cpol_contact_card_query. */
#define CPOL_CONTACT_CARD_QUERY_VERSION 1
/** A query for every live card. */
#define CPOL_CONTACT_CARD_QUERY_INIT { CPOL_CONTACT_CARD_QUERY_VERSION, 0, 0, 0, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0 }

/** Iterator over contact cards. Opaque. */
typedef struct cpol_contact_card_iter cpol_contact_card_iter;

/** Which 失控 states to list. Initialise with CPOL_LOST_QUERY_INIT. */
typedef struct cpol_lost_query {
	unsigned int version;   /**< CPOL_LOST_QUERY_VERSION */
	cpol_id office_id;      /**< of this office */
	cpol_id officer_id;     /**< found out by this officer */
	cpol_id person_id;      /**< of this person (their history) */
	/** Only states in which the person is lost on this day (from <= on <
	 *  ended_on); CPOL_DATE_NONE for any. */
	cpol_date on;
	cpol_date from;         /**< lost from on or after this day */
	cpol_date to;           /**< lost from on or before this day */
	cpol_id after_id;       /**< keyset paging: ids greater than this */
	int limit;              /**< at most this many (0: no limit) */
} cpol_lost_query;

/** The current version of cpol_lost_query. */
#define CPOL_LOST_QUERY_VERSION 1
/** A query for every live 失控 record. */
#define CPOL_LOST_QUERY_INIT { CPOL_LOST_QUERY_VERSION, 0, 0, 0, CPOL_DATE_NONE, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0, 0 }

/** Iterator over 失控 states. Opaque. */
typedef struct cpol_lost_iter cpol_lost_iter;

/**
 * A household without a contact card on a day (每户一卡, `visits.contact_card`).
 * Plain data owned by its iterator; rule points into the rules given to
 * cpol_uncarded_iter_new(), which must outlive the record.
 */
typedef struct cpol_uncarded {
	cpol_id house_id;           /**< the house */
	cpol_id address_id;         /**< its address */
	int residents;              /**< persons living there that day */
	cpol_date since;            /**< the first day of the earliest residence still open that day */
	const cpol_rule_ref *rule;  /**< visits.contact_card, where it was set to true */
} cpol_uncarded;

/** Iterator over households without a card. Opaque. */
typedef struct cpol_uncarded_iter cpol_uncarded_iter;

/**
 * A resident whose record is owed a check (`population.residence_types[].verify`).
 * Plain data owned by its iterator; type_code and rule point into the rules
 * given to cpol_unverified_iter_new().
 */
typedef struct cpol_unverified {
	cpol_id person_id;          /**< the person */
	cpol_id residence_id;       /**< the residence period checked */
	cpol_id house_id;           /**< its house */
	const char *type_code;      /**< its residence type ("floating") */
	cpol_date since;            /**< the residence's first day (counting starts there) */
	/** The last check: the person's latest contact (any kind), a household
	 *  visit recorded at the house while they lived there, or the day a 失控
	 *  state began or ended; CPOL_DATE_NONE when never. */
	cpol_date last_checked;
	/** The check is owed by this day: cpol_rules_owed_by(verify, last_checked, since). */
	cpol_date due;
	int provisional;            /**< 1 when `due` rests on a computed holiday year */
	const cpol_rule_ref *rule;  /**< population.residence_types[code].verify */
	const char *name;           /**< the person's name; valid as long as the record */
} cpol_unverified;

/** Iterator over residents owed a check. Opaque. */
typedef struct cpol_unverified_iter cpol_unverified_iter;

/** What an officer's quota counts. */
typedef enum {
	CPOL_QUOTA_NIGHT_PATROLS = 1, /**< night patrols led a week (duty.night_patrols_per_week) */
	CPOL_QUOTA_PUBLICITY          /**< publicity events held a month (visits.publicity_per_month) */
} cpol_quota_kind;

/** One officer's quota in one period. Plain data owned by its cpol_quota_list. */
typedef struct cpol_quota {
	cpol_quota_kind kind;       /**< what is counted */
	cpol_id office_id;          /**< the office */
	cpol_id officer_id;         /**< the officer */
	cpol_date from;             /**< the period: the ISO week (Mon-Sun) or month holding the day */
	cpol_date to;               /**< its last day */
	int done;                   /**< live records in the period */
	int target;                 /**< what the rule asks */
	int short_by;               /**< target - done when positive, else 0 */
	const char *rule_key;       /**< "duty.night_patrols_per_week"; static */
	const char *rule_file;      /**< where it was set; owned by the list */
	int rule_line;              /**< its line */
	const char *rule_region;    /**< its region; owned by the list */
	const char *officer_name;   /**< the officer's name; owned by the list (NULL when not staff) */
} cpol_quota;

/** Quotas. Free with cpol_quota_list_free(). */
typedef struct cpol_quota_list {
	cpol_date on;               /**< the day asked about */
	size_t count;               /**< entries in items */
	cpol_quota *items;          /**< by officer id, then kind */
} cpol_quota_list;

CPOL_BEGIN_DECL

/* ----------------------------------------------------------------- patrols */

/**
 * Initialise a cpol_patrol_new with CPOL_PATROL_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_PATROL_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_patrol_new_init(cpol_patrol_new *spec, unsigned int version);

/**
 * Record a patrol (巡逻) with its auxiliaries, in one transaction. It counts
 * on the day it started (`on`), even when it ends after midnight; it is a
 * night patrol when spec->shift says so, or (CPOL_PATROL_SHIFT_AUTO) when
 * any part of it falls between 22:00 and 06:00 (夜间, 噪声污染防治法 §88).
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: "version", "on", "start_minute",
 *         "end_minute" out of 0-1439 or equal to the start, "area",
 *         "volunteers" negative, "shift", "auxiliaries" repeated or naming
 *         the officer); CPOL_ENOTFOUND for the office, officer or an
 *         auxiliary (field named); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_patrol_add(cpol_id *out, cpol_db *db, const cpol_patrol_new *spec);

/**
 * Read a patrol, live or archived.
 * @param out receives a new record; free it with cpol_patrol_free().
 * @param db the handle.
 * @param patrol_id the patrol.
 * @return 0; CPOL_ENOTFOUND (field "patrol_id"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_patrol_get(cpol_patrol **out, cpol_db *db, cpol_id patrol_id);

/**
 * Free a record from cpol_patrol_get(). NULL is allowed.
 *
 * @param patrol the patrol to free, or NULL.
 */
CPOL_EXTERN void cpol_patrol_free(cpol_patrol *patrol);

/**
 * Archive a patrol entered by mistake: it stays in the table and the audit
 * trail, and is no longer listed or counted.
 * @param db the handle.
 * @param patrol_id a live patrol.
 * @return 0; CPOL_ENOTFOUND (field "patrol_id"); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_patrol_archive(cpol_db *db, cpol_id patrol_id);

/**
 * The code of a shift ("auto", "day", "night"); "unknown" otherwise. Static.
 *
 * @param shift a value of cpol_patrol_shift.
 * @return the code of a shift ("auto", "day", "night"); "unknown" otherwise.
 */
CPOL_EXTERN const char *cpol_patrol_shift_name(cpol_patrol_shift shift);

/**
 * Parse a shift as cpol_patrol_shift_name() spells it.
 * @param out receives the shift.
 * @param name the code.
 * @return 0, or CPOL_EINVAL (field "shift").
 */
CPOL_EXTERN int cpol_patrol_shift_parse(cpol_patrol_shift *out, const char *name);

/**
 * Initialise a cpol_patrol_query with CPOL_PATROL_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_PATROL_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_patrol_query_init(cpol_patrol_query *query, unsigned int version);

/**
 * List live patrols, by id.
 * @param out receives the iterator; free it with cpol_patrol_iter_free(). It
 *        owns its statement; db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "night" not -1, 0 or 1, "from", "to"
 *         before from, "after_id", "limit", "version"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_patrol_iter_new(cpol_patrol_iter **out, cpol_db *db,
                                     const cpol_patrol_query *query);

/**
 * The next patrol.
 * @param out receives a record owned by the iterator (auxiliaries too),
 *        valid until the next call or cpol_patrol_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_patrol_iter_next(const cpol_patrol **out, cpol_patrol_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_patrol_iter_free(cpol_patrol_iter *iter);

/* --------------------------------------------------------------- publicity */

/**
 * Initialise a cpol_publicity_new with CPOL_PUBLICITY_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_PUBLICITY_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_publicity_new_init(cpol_publicity_new *spec, unsigned int version);

/**
 * Record a publicity event on one of the six preventions (六防宣传).
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: "version", "on", "topic", "place",
 *         "audience" negative); CPOL_ENOTFOUND for the office or officer;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_publicity_add(cpol_id *out, cpol_db *db, const cpol_publicity_new *spec);

/**
 * Read a publicity event, live or archived.
 * @param out receives a new record; free it with cpol_publicity_free().
 * @param db the handle.
 * @param event_id the event.
 * @return 0; CPOL_ENOTFOUND (field "event_id"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_publicity_get(cpol_publicity **out, cpol_db *db, cpol_id event_id);

/**
 * Free a record from cpol_publicity_get(). NULL is allowed.
 *
 * @param event the publicity to free, or NULL.
 */
CPOL_EXTERN void cpol_publicity_free(cpol_publicity *event);

/**
 * Archive a publicity event entered by mistake (kept, no longer listed or counted).
 * @param db the handle.
 * @param event_id a live event.
 * @return 0; CPOL_ENOTFOUND (field "event_id"); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_publicity_archive(cpol_db *db, cpol_id event_id);

/**
 * The code of a topic ("fire", "theft", "poison", "sabotage", "traffic",
 * "disaster"); "unknown" otherwise. Static.
 *
 * @param topic a value of cpol_prevention_topic.
 * @return the code of a topic ("fire", "theft", "poison", "sabotage", "traffic", "disaster"); "unknown" otherwise.
 */
CPOL_EXTERN const char *cpol_prevention_topic_name(cpol_prevention_topic topic);

/**
 * Parse a topic as cpol_prevention_topic_name() spells it.
 * @param out receives the topic.
 * @param name the code.
 * @return 0, or CPOL_EINVAL (field "topic").
 */
CPOL_EXTERN int cpol_prevention_topic_parse(cpol_prevention_topic *out, const char *name);

/**
 * Initialise a cpol_publicity_query with CPOL_PUBLICITY_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_PUBLICITY_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_publicity_query_init(cpol_publicity_query *query, unsigned int version);

/**
 * List live publicity events, by id.
 * @param out receives the iterator; free it with cpol_publicity_iter_free().
 *        It owns its statement; db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "topic", "from", "to" before from,
 *         "after_id", "limit", "version"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_publicity_iter_new(cpol_publicity_iter **out, cpol_db *db,
                                        const cpol_publicity_query *query);

/**
 * The next publicity event.
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_publicity_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EDB.
 */
CPOL_EXTERN int cpol_publicity_iter_next(const cpol_publicity **out, cpol_publicity_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_publicity_iter_free(cpol_publicity_iter *iter);

/* ----------------------------------------------------------- contact cards */

/**
 * Initialise a cpol_contact_card_new with CPOL_CONTACT_CARD_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_CONTACT_CARD_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_contact_card_new_init(cpol_contact_card_new *spec, unsigned int version);

/**
 * Record a police contact card given to a household (每户一卡). A house
 * that already has one gets a new one (a lost card, a new number): the
 * earlier cards stay, and the latest issued on or before a day is the
 * house's card that day.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: "version", "issued_on"); CPOL_ENOTFOUND
 *         for the office, house or officer (field named); CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_contact_card_add(cpol_id *out, cpol_db *db, const cpol_contact_card_new *spec);

/**
 * Read a contact card, live or archived.
 * @param out receives a new record; free it with cpol_contact_card_free().
 * @param db the handle.
 * @param card_id the card.
 * @return 0; CPOL_ENOTFOUND (field "card_id"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_contact_card_get(cpol_contact_card **out, cpol_db *db, cpol_id card_id);

/**
 * Free a record from cpol_contact_card_get(). NULL is allowed.
 *
 * @param card the contact card to free, or NULL.
 */
CPOL_EXTERN void cpol_contact_card_free(cpol_contact_card *card);

/**
 * Archive a card recorded by mistake (kept, no longer listed or counted).
 * @param db the handle.
 * @param card_id a live card.
 * @return 0; CPOL_ENOTFOUND (field "card_id"); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_contact_card_archive(cpol_db *db, cpol_id card_id);

/**
 * The card a house holds on a day: the latest live one issued on or before it.
 * @param out receives the card id, or 0 when the house has none that day.
 * @param db the handle.
 * @param house_id the house.
 * @param on the day.
 * @return 0; CPOL_EINVAL (field "on"); CPOL_EDB.
 */
CPOL_EXTERN int cpol_house_contact_card(cpol_id *out, cpol_db *db, cpol_id house_id, cpol_date on);

/**
 * Initialise a cpol_contact_card_query with CPOL_CONTACT_CARD_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_CONTACT_CARD_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_contact_card_query_init(cpol_contact_card_query *query, unsigned int version);

/**
 * List live contact cards, by id.
 * @param out receives the iterator; free it with cpol_contact_card_iter_free().
 *        It owns its statement; db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "from", "to" before from, "after_id",
 *         "limit", "version"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_contact_card_iter_new(cpol_contact_card_iter **out, cpol_db *db,
                                           const cpol_contact_card_query *query);

/**
 * The next card.
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_contact_card_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EDB.
 */
CPOL_EXTERN int cpol_contact_card_iter_next(const cpol_contact_card **out,
                                            cpol_contact_card_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_contact_card_iter_free(cpol_contact_card_iter *iter);

/**
 * Households of an office without a contact card on a day (每户一卡): the
 * houses of the communities its districts cover that day with at least one
 * person living there (a live residence holding the day), and no live card
 * issued on or before it. Nothing when the rules' `visits.contact_card` is
 * unset or false. By house id.
 *
 * @param out receives the iterator; free it with cpol_uncarded_iter_free().
 *        It owns its statement; db and rules must outlive it.
 * @param db the handle.
 * @param rules the office's region rules.
 * @param office_id the office.
 * @param on the day.
 * @return 0; CPOL_EINVAL (fields "office_id", "on"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_uncarded_iter_new(cpol_uncarded_iter **out, cpol_db *db,
                                       const cpol_rules *rules, cpol_id office_id, cpol_date on);

/**
 * The next household without a card.
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_uncarded_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EINVAL for a NULL iterator; CPOL_EDB.
 */
CPOL_EXTERN int cpol_uncarded_iter_next(const cpol_uncarded **out, cpol_uncarded_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_uncarded_iter_free(cpol_uncarded_iter *iter);

/* ------------------------------------------------------------------- 失控 */

/**
 * Initialise a cpol_lost_new with CPOL_LOST_NEW_INIT.
 * @param spec the struct to fill.
 * @param version CPOL_LOST_NEW_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_lost_new_init(cpol_lost_new *spec, unsigned int version);

/**
 * Record that a person's whereabouts are unknown (失控: 行知去向 failed), from
 * spec->from until cpol_lost_end(). A person has at most one open state.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: "version", "from", "found_by",
 *         "office_id" when the person has no managing office);
 *         CPOL_ENOTFOUND for the person, office or officer; CPOL_ECONSTRAINT
 *         (field "person_id") when the person is lost already; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_lost_add(cpol_id *out, cpol_db *db, const cpol_lost_new *spec);

/**
 * End a 失控 state: the person is no longer lost from `on`.
 * @param db the handle.
 * @param lost_id an open state.
 * @param on the day it ended; not before it began.
 * @param how how it ended.
 * @param note optional.
 * @return 0; CPOL_EINVAL (fields "on", "how"); CPOL_ENOTFOUND (field
 *         "lost_id"); CPOL_ECONSTRAINT when it has ended already;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_lost_end(cpol_db *db, cpol_id lost_id, cpol_date on, cpol_lost_end_reason how,
                              const char *note);

/**
 * Read a 失控 state, live or archived.
 * @param out receives a new record; free it with cpol_lost_free().
 * @param db the handle.
 * @param lost_id the state.
 * @return 0; CPOL_ENOTFOUND (field "lost_id"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_lost_get(cpol_lost **out, cpol_db *db, cpol_id lost_id);

/**
 * Free a record from cpol_lost_get(). NULL is allowed.
 *
 * @param lost the lost to free, or NULL.
 */
CPOL_EXTERN void cpol_lost_free(cpol_lost *lost);

/**
 * Archive a 失控 record made by mistake (kept, no longer listed; the person
 * is then not lost by it).
 * @param db the handle.
 * @param lost_id a live record.
 * @return 0; CPOL_ENOTFOUND (field "lost_id"); CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_lost_archive(cpol_db *db, cpol_id lost_id);

/**
 * The code of how it was found out ("visit", "check", "report", "other"). Static.
 *
 * @param how a value of cpol_lost_found_by.
 * @return the code of how it was found out ("visit", "check", "report", "other").
 */
CPOL_EXTERN const char *cpol_lost_found_by_name(cpol_lost_found_by how);

/**
 * Parse cpol_lost_found_by_name()'s codes.
 * @param out receives the value.
 * @param name the code.
 * @return 0, or CPOL_EINVAL (field "found_by").
 */
CPOL_EXTERN int cpol_lost_found_by_parse(cpol_lost_found_by *out, const char *name);

/**
 * The code of how a state ended ("located", "moved_away", "error", "other"). Static.
 *
 * @param how a value of cpol_lost_end_reason.
 * @return the code of how a state ended ("located", "moved_away", "error", "other").
 */
CPOL_EXTERN const char *cpol_lost_end_reason_name(cpol_lost_end_reason how);

/**
 * Parse cpol_lost_end_reason_name()'s codes.
 * @param out receives the value.
 * @param name the code.
 * @return 0, or CPOL_EINVAL (field "how").
 */
CPOL_EXTERN int cpol_lost_end_reason_parse(cpol_lost_end_reason *out, const char *name);

/**
 * Initialise a cpol_lost_query with CPOL_LOST_QUERY_INIT.
 * @param query the struct to fill.
 * @param version CPOL_LOST_QUERY_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_lost_query_init(cpol_lost_query *query, unsigned int version);

/**
 * List live 失控 records, by id. With query->on: the persons lost on that
 * day, each with the day since when (the owed view's 失控 items).
 * @param out receives the iterator; free it with cpol_lost_iter_free(). It
 *        owns its statement; db must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live one.
 * @return 0; CPOL_EINVAL (field named: "on", "from", "to" before from,
 *         "after_id", "limit", "version"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_lost_iter_new(cpol_lost_iter **out, cpol_db *db, const cpol_lost_query *query);

/**
 * The next 失控 record.
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_lost_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EDB.
 */
CPOL_EXTERN int cpol_lost_iter_next(const cpol_lost **out, cpol_lost_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_lost_iter_free(cpol_lost_iter *iter);

/* -------------------------------------------------- checks of the records */

/**
 * Residents of an office whose record is owed a check on a day, by
 * `population.residence_types[].verify` (核查: a floating resident's record
 * checked every month, say). For each residence holding the day, of a type
 * with a verify cadence, in a community the office's districts cover that
 * day, of a live person not lost that day (a lost person is the 失控 item
 * instead): the last check (see cpol_unverified), and the day the next is
 * owed by cpol_rules_owed_by() from the residence's first day. Listed when
 * that day is on or before on + horizon_days. By person id.
 *
 * @param out receives the iterator; free it with cpol_unverified_iter_free().
 *        db and rules must outlive it.
 * @param db the handle.
 * @param rules the office's region rules.
 * @param office_id the office.
 * @param on the day.
 * @param horizon_days 0: only checks owed by `on`; n: also those owed within n days.
 * @return 0; CPOL_EINVAL (fields "office_id", "on", "horizon_days" negative);
 *         CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unverified_iter_new(cpol_unverified_iter **out, cpol_db *db,
                                         const cpol_rules *rules, cpol_id office_id, cpol_date on,
                                         int horizon_days);

/**
 * The next resident owed a check.
 * @param out receives a record owned by the iterator, valid until the next
 *        call or cpol_unverified_iter_free(); NULL at the end.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EINVAL; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unverified_iter_next(const cpol_unverified **out, cpol_unverified_iter *iter);

/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_unverified_iter_free(cpol_unverified_iter *iter);

/**
 * Officers' quotas of night patrols and publicity events in the period
 * holding a day, against the region's cadence: `duty.night_patrols_per_week`
 * (night patrols led, by the ISO week Monday-Sunday of the day they started)
 * and `visits.publicity_per_month` (events held, by calendar month). One
 * item per officer assigned to the office on `on` (or the one officer asked
 * for) and per quota the rules set; a quota not set gives no item. Items
 * that are met are listed too (short_by 0), so that the numbers can be
 * shown; the owed view keeps those short at the period's end.
 *
 * @param out receives a new list; free it with cpol_quota_list_free().
 * @param db the handle.
 * @param rules the office's region rules. Not kept: the list holds copies.
 * @param office_id the office.
 * @param officer_id 0: every officer of the office; else that one.
 * @param on the day.
 * @return 0; CPOL_EINVAL (fields "office_id", "on"); CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_quota_list_get(cpol_quota_list **out, cpol_db *db, const cpol_rules *rules,
                                    cpol_id office_id, cpol_id officer_id, cpol_date on);

/**
 * Free a quota list. NULL is allowed.
 *
 * @param list the quota list to free, or NULL.
 */
CPOL_EXTERN void cpol_quota_list_free(cpol_quota_list *list);

/**
 * The code of a quota kind ("night_patrols", "publicity"); "unknown" otherwise. Static.
 *
 * @param kind a value of cpol_quota_kind.
 * @return the code of a quota kind ("night_patrols", "publicity"); "unknown" otherwise.
 */
CPOL_EXTERN const char *cpol_quota_kind_name(cpol_quota_kind kind);

/* --------------------------------------------------- words of the enums */

/**
 * The word for a value of cpol_inspection_kind (its word), as reports, JSON and
 * the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_inspection_kind_name(cpol_inspection_kind value);

/**
 * A value of cpol_inspection_kind from its word, as cpol_inspection_kind_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_inspection_kind_parse(cpol_inspection_kind *out, const char *word);

/**
 * A value of cpol_notice_result from its word, as cpol_notice_result_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "result") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_notice_result_parse(cpol_notice_result *out, const char *word);

/**
 * A value of cpol_dispute_status from its word, as cpol_dispute_status_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "status") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_dispute_status_parse(cpol_dispute_status *out, const char *word);

/**
 * A value of cpol_quota_kind from its word, as cpol_quota_kind_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_quota_kind_parse(cpol_quota_kind *out, const char *word);

CPOL_END_DECL

#endif

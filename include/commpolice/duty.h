/*
 * libcommpolice — duty rosters (值班备勤): availability, generate, check,
 * explain, export.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_DUTY_H
#define COMMPOLICE_DUTY_H

#include "common.h"
#include "date.h"
#include "db.h"
#include "org.h"
#include "rules.h"

/**
 * @file commpolice/duty.h
 * @brief Duty rosters of an office: who is on which post or shift each day.
 *
 * ## The pieces
 * - A **problem** (cpol_duty_problem) is everything a roster depends on, in
 *   memory: the days (working day, reception day, weekend, holiday, each
 *   with the rule that decided it), the people (officers and auxiliaries,
 *   the dedicated-community flag, the days each is away and why, their
 *   preferences and what they did in earlier rosters), the shifts, and the
 *   rule parameters with their cpol_rule_ref. Build one by hand (tests,
 *   other storage) or load it from a database with cpol_duty_problem_load().
 * - A **roster** (cpol_duty_roster) is a list of entries: a person on a
 *   shift on a day. Generated, loaded, read from CSV or edited by hand.
 * - **check** (cpol_duty_check()) turns any roster into a report: every
 *   violation naming its rule (cpol_rule_ref), the person and the day, and
 *   a score broken down by rule.
 * - **generate** (cpol_duty_generate()) makes a roster that meets every hard
 *   rule when it can and does its best on the soft ones; the same problem
 *   and seed give the same roster on every platform. When the hard rules
 *   cannot all be met it fails with CPOL_ECONFLICT and says which rules
 *   conflict on which days (cpol_duty_conflicts).
 * - **exports**: CSV and iCalendar, per office or per person.
 *
 * ## Rules
 * Hard: availability; who may take a shift; no shift ending after 22:00
 * for dedicated community officers; no overlapping shifts; at most
 * duty.max_shifts_per_day shifts a day; rest after a night; day posts only
 * on working days; an officer in the district on N working days a week
 * (A/B posts); reception on the fixed weekdays and market days; at least
 * (and at most) N nights a week for each officer who may do nights;
 * auxiliaries keeping the office staffed; auxiliaries on patrol on each
 * night an officer is on duty and never on a night without one; nobody on
 * a shift that no rule needs (surplus); the yearly training allowance.
 * Hard or soft by region: night cover (officers per night, uncovered and
 * stacked nights), days in a row, hours a week, rest between shifts,
 * nights in a row. Soft: fairness in hours of nights, weekends, holidays
 * and all duty between people of a kind, prorated by the days each is
 * there and carried over from earlier rosters; preferences; a point per
 * hour of duty so that nobody is rostered for nothing. Every number is a
 * rule of the rule files (national.yaml, then the region's).
 * docs/duty.md gives each rule, its key and its unit.
 *
 * ## Ownership and threads
 * Problems, rosters, reports and conflict lists are owned by the caller and
 * freed with their _free(). A roster borrows its problem, and a problem
 * borrows the cpol_rules it was given and the refs set in its parameters:
 * each must outlive what borrows it. A problem is not changed by generate
 * or check, so several threads may generate from one problem at once; a
 * single object must not be changed by one thread while another uses it.
 */

/* ------------------------------------------------------------------ rules */

/** The rules a roster is held to. Values are stable (ABI); append only. */
typedef enum {
	CPOL_DUTY_RULE_AVAILABILITY = 1,  /**< hard: on duty while away (leave, training, sick) */
	CPOL_DUTY_RULE_QUALIFICATION,     /**< hard: the shift is not for that kind of person */
	CPOL_DUTY_RULE_DEDICATED_LATE,    /**< hard: dedicated officer on duty after 22:00 */
	CPOL_DUTY_RULE_OVERLAP,           /**< hard: two shifts of one person overlap */
	CPOL_DUTY_RULE_REST_AFTER_NIGHT,  /**< hard: on duty the day after a night */
	CPOL_DUTY_RULE_WORKING_DAY,       /**< hard: a day post on a holiday or weekend */
	CPOL_DUTY_RULE_RECEPTION_DAY,     /**< hard: reception on a day that is not a reception day */
	CPOL_DUTY_RULE_IN_DISTRICT,       /**< hard: too few working days with an officer in the district */
	CPOL_DUTY_RULE_RECEPTION,         /**< hard: nobody receiving the public on a reception day */
	CPOL_DUTY_RULE_NIGHTS_MIN,        /**< hard: an officer has too few nights in a week */
	CPOL_DUTY_RULE_NIGHTS_MAX,        /**< hard: an officer has too many nights in a week */
	CPOL_DUTY_RULE_COVER,             /**< hard: the office is not staffed the hours it must be */
	CPOL_DUTY_RULE_PATROL,            /**< hard: too few auxiliaries on patrol on a night */
	CPOL_DUTY_RULE_FAIR_NIGHTS,       /**< soft: nights shared unevenly */
	CPOL_DUTY_RULE_FAIR_WEEKENDS,     /**< soft: weekend duty shared unevenly */
	CPOL_DUTY_RULE_FAIR_HOLIDAYS,     /**< soft: holiday duty shared unevenly */
	CPOL_DUTY_RULE_FAIR_LOAD,         /**< soft: shifts shared unevenly */
	CPOL_DUTY_RULE_PREFERENCE,        /**< soft: a preference not met */
	CPOL_DUTY_RULE_SHIFT_COST,        /**< soft: each shift costs a little */
	CPOL_DUTY_RULE_TRAINING_DAYS,     /**< hard: more days of concentrated training in a year
	                                       than duty.training_days_per_year (15) */
	CPOL_DUTY_RULE_NIGHT_UNCOVERED,   /**< a night with fewer officers on duty than duty.officers_per_night
	                                       (hard or soft: duty.night_cover_hard) */
	CPOL_DUTY_RULE_NIGHT_STACKED,     /**< a night with more officers than duty.officers_per_night (same) */
	CPOL_DUTY_RULE_PATROL_WITHOUT_NIGHT, /**< hard: a patrol on a night no officer is on duty to lead it */
	CPOL_DUTY_RULE_SURPLUS,           /**< hard: more people on a shift of a day than any rule needs
	                                       (the office staffed twice, two receptionists, two A posts) */
	CPOL_DUTY_RULE_SHIFTS_PER_DAY,    /**< hard: more shifts in a day than duty.max_shifts_per_day */
	CPOL_DUTY_RULE_CONSECUTIVE_DAYS,  /**< more days in a row than duty.max_consecutive_days */
	CPOL_DUTY_RULE_HOURS_PER_WEEK,    /**< more hours in a week than duty.max_hours_per_week */
	CPOL_DUTY_RULE_REST,              /**< less rest between two shifts than duty.min_rest_hours */
	CPOL_DUTY_RULE_NIGHTS_IN_ROW,     /**< more nights in a row than duty.max_nights_in_row */
	CPOL_DUTY_RULE_ROTATION           /**< soft: a cell off its post's rotation template (duty.rotation) */
} cpol_duty_rule;

/** Number of rule kinds plus one (rules are numbered from 1). */
#define CPOL_DUTY_RULE_END (CPOL_DUTY_RULE_ROTATION + 1)

/* ---------------------------------------------------------------- shifts */

/** What a shift does; bits of cpol_duty_shift.flags. */
typedef enum {
	CPOL_SHIFT_IN_DISTRICT = 1u << 0,  /**< an officer in the district (A岗, 在警务区) */
	CPOL_SHIFT_RECEPTION = 1u << 1,    /**< receiving the public (接待); only on reception days */
	CPOL_SHIFT_NIGHT = 1u << 2,        /**< night duty at the office (夜间值班): counted per week, rest after */
	CPOL_SHIFT_COVER = 1u << 3,        /**< keeps the office staffed (值守): `need` people every day */
	CPOL_SHIFT_PATROL = 1u << 4,       /**< night patrol (夜间巡逻): `need` people with each night duty */
	CPOL_SHIFT_WORKING_DAYS = 1u << 5  /**< a day post: only on working days */
} cpol_duty_shift_flag;

/** Who may take a shift; bits of cpol_duty_shift.who. */
#define CPOL_DUTY_WHO_OFFICER (1u << CPOL_STAFF_OFFICER)
/** Auxiliaries may take the shift. */
#define CPOL_DUTY_WHO_AUXILIARY (1u << CPOL_STAFF_AUXILIARY)

/**
 * A kind of shift. Plain data; strings are copied by
 * cpol_duty_problem_add_shift(). Times are minutes after midnight of the
 * shift's day: 0 <= start < 1440 and start < end <= start + 1440, so a
 * night shift 17:30-08:30 is {1050, 1950}.
 */
typedef struct cpol_duty_shift {
	const char *code;   /**< short ASCII code, unique in a problem: "night" */
	const char *name;   /**< display name, UTF-8: "夜间值班" */
	int start;          /**< first minute */
	int end;            /**< minute after the last */
	unsigned int who;   /**< CPOL_DUTY_WHO_* bits */
	unsigned int flags; /**< cpol_duty_shift_flag bits */
	int need;           /**< COVER and PATROL: people needed; else ignored */
} cpol_duty_shift;

/* ------------------------------------------------------------ parameters */

/**
 * The numbers a roster is held to, each with the rule it came from.
 *
 * Every value comes from the rule files: cpol_duty_problem_new() takes
 * them from the built-in national rules (data/regions/national.yaml, the
 * figures of ../shared/domain.md and the documented weights), and
 * cpol_duty_problem_set_rules() from a region's merged rules; the library
 * holds no second copy of them. A caller may change any value
 * (cpol_duty_problem_set_param()); a ref it sets must outlive the problem.
 * The limits marked "hard, else soft" break a hard rule when their `_hard`
 * flag is set, else cost their weight per unit over.
 */
typedef struct cpol_duty_params {
	unsigned int version;                     /**< CPOL_DUTY_PARAMS_VERSION */
	cpol_rule_int min_days_in_district_per_week; /**< working days with an officer in the district (3) */
	cpol_rule_int min_nights_per_week;        /**< per officer who may do nights (2) */
	cpol_rule_int max_nights_per_week;        /**< 0 for no limit */
	cpol_rule_bool rest_after_night;          /**< nothing on the day after a night */
	cpol_rule_int no_duty_after;              /**< dedicated officers: no shift ending after this minute (1320) */
	cpol_rule_int auxiliary_hours_per_day;    /**< hours the office is staffed by auxiliaries */
	cpol_rule_int patrol_per_night;           /**< auxiliaries on patrol with each night duty */
	cpol_rule_int work_start;                 /**< calendar.work_start (510 = 8:30) */
	cpol_rule_int work_end;                   /**< calendar.work_end (1050 = 17:30) */
	cpol_rule_int weight_nights;              /**< points per hour of night duty off a person's share */
	cpol_rule_int weight_weekends;            /**< ... of weekend duty */
	cpol_rule_int weight_holidays;            /**< ... of holiday duty */
	cpol_rule_int weight_load;                /**< ... of all duty */
	cpol_rule_int weight_preference;          /**< points per unmet preference weight */
	cpol_rule_int weight_shift;               /**< points per shift */
	cpol_rule_int training_days_per_year;     /**< days of concentrated training (集中培训)
	                                               a person may have in a calendar year (15); 0 for no limit */
	/* version 2 */
	cpol_rule_int officers_per_night;         /**< night cover: officers on night duty each night; 0: none asked */
	cpol_rule_bool night_cover_hard;          /**< uncovered and stacked nights: hard, else soft */
	cpol_rule_int max_shifts_per_day;         /**< non-overlapping shifts a person may hold on a day */
	cpol_rule_int max_consecutive_days;       /**< days in a row with a shift; 0: no limit */
	cpol_rule_bool max_consecutive_days_hard; /**< hard, else soft */
	cpol_rule_int max_hours_per_week;         /**< hours of duty in a week (prorated in a part week); 0: no limit */
	cpol_rule_bool max_hours_per_week_hard;   /**< hard, else soft */
	cpol_rule_int min_rest_hours;             /**< hours from the end of a shift to the start of the next; 0: none */
	cpol_rule_bool min_rest_hours_hard;       /**< hard, else soft */
	cpol_rule_int max_nights_in_row;          /**< night duties on consecutive days; 0: no limit */
	cpol_rule_bool max_nights_in_row_hard;    /**< hard, else soft */
	cpol_rule_int weight_night_cover;         /**< points per officer missing or extra on a night (soft) */
	cpol_rule_int weight_consecutive_days;    /**< points per day over max_consecutive_days (soft) */
	cpol_rule_int weight_hours_per_week;      /**< points per hour over max_hours_per_week (soft) */
	cpol_rule_int weight_rest;                /**< points per hour (begun) of rest short of min_rest_hours (soft) */
	cpol_rule_int weight_nights_in_row;       /**< points per night over max_nights_in_row (soft) */
	/* version 3 */
	cpol_rule_int weight_rotation;            /**< points per cell off its post's rotation template (soft) */
} cpol_duty_params;

/** The current version of cpol_duty_params. */
#define CPOL_DUTY_PARAMS_VERSION 3

/* ------------------------------------------------------------ the days */

/** What a day is; bits given to and read from a problem. */
typedef enum {
	CPOL_DUTY_DAY_WORKING = 1u << 0,   /**< a working day (weekday, or make-up working day 调休) */
	CPOL_DUTY_DAY_RECEPTION = 1u << 1, /**< a fixed day for receiving the public */
	CPOL_DUTY_DAY_MARKET = 1u << 2,    /**< a market day (墟日) */
	CPOL_DUTY_DAY_HOLIDAY = 1u << 3,   /**< a public holiday */
	CPOL_DUTY_DAY_WEEKEND = 1u << 4    /**< a weekend day that is not a working day */
} cpol_duty_day_flag;

/** Why someone is away. */
typedef enum {
	CPOL_DUTY_AWAY_LEAVE = 1,     /**< 请假 / 休假 */
	CPOL_DUTY_AWAY_TRAINING,      /**< 集中培训 (15 days a year) */
	CPOL_DUTY_AWAY_SICK,          /**< 病假 */
	CPOL_DUTY_AWAY_OTHER,         /**< anything else */
	CPOL_DUTY_AWAY_UNASSIGNED     /**< not on the office's staff that day */
} cpol_duty_away;

/** A preference of a person. Initialise with CPOL_DUTY_PREFERENCE_INIT. */
typedef struct cpol_duty_preference {
	unsigned int version;  /**< CPOL_DUTY_PREFERENCE_VERSION */
	cpol_date date;        /**< the day, or CPOL_DATE_NONE for any day */
	unsigned int weekdays; /**< bit n = ISO weekday n (1 = Monday); 0 for any */
	const char *shift;     /**< a shift code, or NULL for any shift */
	int want;              /**< 1: wants that shift then; -1: would rather not */
	int weight;            /**< how much it matters, 1 or more */
} cpol_duty_preference;

/** The current version of cpol_duty_preference. */
#define CPOL_DUTY_PREFERENCE_VERSION 1
/** An "any day, any shift, would rather not, weight 1" preference. */
#define CPOL_DUTY_PREFERENCE_INIT { CPOL_DUTY_PREFERENCE_VERSION, CPOL_DATE_NONE, 0, NULL, -1, 1 }

/**
 * What a person did in earlier rosters, carried into fairness: minutes of
 * duty and the days they were there to be rostered, so that shares are
 * prorated over the earlier days and the problem's together.
 */
typedef struct cpol_duty_history {
	int night_minutes;   /**< minutes of night shifts (night duty, patrol) */
	int weekend_minutes; /**< minutes of shifts on weekend days that were not working days */
	int holiday_minutes; /**< minutes of shifts on holidays */
	int minutes;         /**< minutes of all shifts */
	int days;            /**< days they were on the office's staff and not away */
} cpol_duty_history;

/** A roster problem. Opaque; see cpol_duty_problem_new(). */
typedef struct cpol_duty_problem cpol_duty_problem;

/* ------------------------------------------------------------- rosters */

/** One entry of a roster. Plain data owned by the roster. */
typedef struct cpol_duty_entry {
	int person;            /**< index of the person in the problem */
	cpol_id person_id;     /**< the person's id (staff id), 0 if none was given */
	cpol_date date;        /**< the day the shift starts */
	int shift;             /**< index of the shift in the problem */
	const char *shift_code;/**< its code, owned by the problem */
} cpol_duty_entry;

/** A roster. Opaque; see cpol_duty_roster_new() and cpol_duty_generate(). */
typedef struct cpol_duty_roster cpol_duty_roster;

/* ------------------------------------------------------------- reports */

/** One broken rule. Plain data owned by the report. */
typedef struct cpol_duty_violation {
	cpol_duty_rule rule;        /**< which rule */
	const char *rule_name;      /**< "reception", "nights_min"... (static) */
	const cpol_rule_ref *ref;   /**< the rule's origin: key, file, line; never NULL */
	int hard;                   /**< 1 for a hard rule */
	int person;                 /**< index of the person, or -1 for the office */
	cpol_id person_id;          /**< the person's id, or 0 */
	cpol_date date;             /**< the day; for weekly rules the first day of the week in the roster */
	cpol_date date_end;         /**< the last day concerned (date for a single day) */
	int amount;                 /**< how far off: missing people, nights, days... */
	int64_t penalty;            /**< soft points (0 for hard rules) */
	cpol_id source_id;          /**< the availability or preference record, or 0 */
	const char *message;        /**< one line, UTF-8, owned by the report */
} cpol_duty_violation;

/** The score of one rule. Plain data owned by the report. */
typedef struct cpol_duty_score {
	cpol_duty_rule rule;        /**< which rule */
	const char *rule_name;      /**< its name (static) */
	const cpol_rule_ref *ref;   /**< its origin; never NULL */
	int hard;                   /**< 1 for a hard rule */
	int count;                  /**< violations of it */
	int amount;                 /**< summed amounts */
	int64_t penalty;            /**< soft points */
} cpol_duty_score;

/** What cpol_duty_check() found. Opaque. */
typedef struct cpol_duty_report cpol_duty_report;

/** Something that caused a conflict. Plain data owned by the conflict list. */
typedef struct cpol_duty_cause {
	cpol_duty_rule rule;        /**< the rule or fact that stands in the way */
	const char *rule_name;      /**< its name (static) */
	const cpol_rule_ref *ref;   /**< its origin; never NULL */
	int person;                 /**< the person, or -1 */
	cpol_id person_id;          /**< their id, or 0 */
	cpol_date date;             /**< the day it applies */
	cpol_id source_id;          /**< the availability record, or 0 */
	const char *message;        /**< one line, UTF-8 */
} cpol_duty_cause;

/** A hard rule that cannot be met, and why. Plain data owned by the conflict list. */
typedef struct cpol_duty_conflict {
	cpol_duty_rule rule;        /**< the rule that cannot be met */
	const char *rule_name;      /**< its name (static) */
	const cpol_rule_ref *ref;   /**< its origin; never NULL */
	int person;                 /**< the person it is about, or -1 for the office */
	cpol_id person_id;          /**< their id, or 0 */
	cpol_date date;             /**< first day concerned */
	cpol_date date_end;         /**< last day concerned */
	int amount;                 /**< how far short */
	int proven;                 /**< 1: no roster can meet it (a counting argument);
	                                 0: the search found none, the causes are what
	                                 stood in the way in the best roster found */
	const char *message;        /**< one line, UTF-8 */
	const cpol_duty_cause *causes; /**< what stands in the way */
	size_t cause_count;         /**< entries in causes */
} cpol_duty_conflict;

/** The conflicts of a problem whose hard rules cannot all be met. Opaque. */
typedef struct cpol_duty_conflicts cpol_duty_conflicts;

/** Methods of cpol_duty_generate(). */
typedef enum {
	/** Greedy construction, then late-acceptance hill climbing (the default). */
	CPOL_DUTY_METHOD_LOCAL_SEARCH = 0,
	/** A plain rotation, without search: the baseline to compare with. */
	CPOL_DUTY_METHOD_ROUND_ROBIN = 1
} cpol_duty_method;

/** Options of cpol_duty_generate(). Initialise with CPOL_DUTY_GENERATE_OPTIONS_INIT. */
typedef struct cpol_duty_generate_options {
	unsigned int version;  /**< CPOL_DUTY_GENERATE_OPTIONS_VERSION */
	uint64_t seed;         /**< the same seed gives the same roster */
	cpol_duty_method method; /**< local search or the round-robin baseline */
	int restarts;          /**< independent runs, the best kept; 0 for the default (4 on a problem of 48 cells or fewer; on larger ones 6000 / cells, between 16 and 48: 48 for a month of 2+2 people, 19 for 4+6). (Version 1's
	                            `iterations` is gone: the early stop ended every run before it.) */
	const cpol_duty_roster *pinned; /**< pins, or NULL: every cell (person, day) that has
	                            entries in this roster of the same problem keeps exactly
	                            them; borrowed for the call. Local search only
	                            (with round robin: CPOL_EINVAL, field "pinned"). */
} cpol_duty_generate_options;

/** The current version of cpol_duty_generate_options. */
#define CPOL_DUTY_GENERATE_OPTIONS_VERSION 2
/** Default options: seed 1, local search, default effort. */
#define CPOL_DUTY_GENERATE_OPTIONS_INIT \
	{ CPOL_DUTY_GENERATE_OPTIONS_VERSION, 1, CPOL_DUTY_METHOD_LOCAL_SEARCH, 0, NULL }

/** Options of the exports. Initialise with CPOL_DUTY_EXPORT_OPTIONS_INIT. */
typedef struct cpol_duty_export_options {
	unsigned int version;  /**< CPOL_DUTY_EXPORT_OPTIONS_VERSION */
	int person;            /**< only this person (index), or -1 for the whole office */
	const char *calendar_name; /**< iCalendar X-WR-CALNAME and SUMMARY suffix, or NULL */
	const char *uid_domain;    /**< right-hand side of UIDs; NULL for "commpolice.invalid" */
	int64_t dtstamp;       /**< DTSTAMP, seconds since the epoch; 0 for now */
} cpol_duty_export_options;

/** The current version of cpol_duty_export_options. */
#define CPOL_DUTY_EXPORT_OPTIONS_VERSION 1
/** Default export options: the whole office, stamped now. */
#define CPOL_DUTY_EXPORT_OPTIONS_INIT { CPOL_DUTY_EXPORT_OPTIONS_VERSION, -1, NULL, NULL, 0 }

CPOL_BEGIN_DECL

/* ------------------------------------------------------------- problems */

/**
 * Make an empty problem over ndays days from start, with the default
 * parameters, a Monday-Friday calendar with reception on Wednesday and
 * Thursday, and no people.
 *
 * @param out receives the problem; free it with cpol_duty_problem_free().
 *        NULL on failure.
 * @param start the first day.
 * @param ndays 1 to 366.
 * @return 0; CPOL_EINVAL (field "ndays" or "start"); CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_problem_new(cpol_duty_problem **out, cpol_date start, int ndays);

/**
 * Free a problem; NULL is allowed. Rosters made from it must be freed first.
 *
 * @param problem the duty problem to free, or NULL.
 */
CPOL_EXTERN void cpol_duty_problem_free(cpol_duty_problem *problem);

/**
 * The first day of a problem.
 *
 * @param problem the duty problem; read only.
 * @return the first day of a problem.
 */
CPOL_EXTERN cpol_date cpol_duty_problem_start(const cpol_duty_problem *problem);

/**
 * The number of days of a problem.
 *
 * @param problem the duty problem; read only.
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_duty_problem_days(const cpol_duty_problem *problem);

/**
 * Take the parameters and the calendar from region rules: `duty:` values
 * that are set replace the defaults (with their refs), and each day's
 * working day, reception day, market day and holiday status comes from
 * cpol_rules_is_working_day(), cpol_rules_is_reception_day() and
 * cpol_rules_is_market_day(), with the deciding rule's ref.
 *
 * @param problem the problem.
 * @param rules borrowed: must outlive the problem.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_problem_set_rules(cpol_duty_problem *problem, const cpol_rules *rules);

/**
 * The parameters, to read or change (before generating or checking).
 *
 * @param problem the duty problem.
 * @return a pointer into the problem, never NULL.
 */
CPOL_EXTERN cpol_duty_params *cpol_duty_problem_params(cpol_duty_problem *problem);

/**
 * Set a parameter by name ("min_nights_per_week", "weight_nights"...), for
 * bindings and command lines. The ref becomes "<caller>" with the key
 * "duty.<name>".
 *
 * @param problem the duty problem.
 * @param name the name (UTF-8 text; the caller keeps it).
 * @param value the value.
 * @return 0; CPOL_ENOTFOUND for an unknown name (field "name").
 */
CPOL_EXTERN int cpol_duty_problem_set_param(cpol_duty_problem *problem, const char *name,
                                            int64_t value);

/**
 * Read a parameter by name.
 *
 * @param out receives the value.
 * @param ref receives its rule (owned by the problem or its rules); may be NULL.
 * @param problem the problem.
 * @param name the parameter's name ("min_nights_per_week").
 * @return 0; CPOL_ENOTFOUND for an unknown name.
 */
CPOL_EXTERN int cpol_duty_problem_get_param(int64_t *out, const cpol_rule_ref **ref,
                                            const cpol_duty_problem *problem, const char *name);

/**
 * Say what a day is, replacing what the calendar said.
 *
 * @param problem the problem.
 * @param date a day of the problem.
 * @param flags cpol_duty_day_flag bits.
 * @param ref the rule that decided, borrowed (must outlive the problem);
 *        NULL for "<caller>".
 * @return 0; CPOL_EINVAL for a day outside the problem (field "date").
 */
CPOL_EXTERN int cpol_duty_problem_set_day(cpol_duty_problem *problem, cpol_date date,
                                          unsigned int flags, const cpol_rule_ref *ref);

/**
 * What a day is.
 *
 * @param out receives the cpol_duty_day_flag bits.
 * @param ref receives the rule that decided its working-day status; may be NULL.
 * @param problem the problem.
 * @param date a day of the problem.
 * @return 0; CPOL_EINVAL for a day outside the problem.
 */
CPOL_EXTERN int cpol_duty_problem_get_day(unsigned int *out, const cpol_rule_ref **ref,
                                          const cpol_duty_problem *problem, cpol_date date);

/**
 * Add a person.
 *
 * @param out receives the person's index (0, 1, ...); may be NULL.
 * @param problem the problem.
 * @param id their staff id, or 0.
 * @param name their name, UTF-8, copied; required.
 * @param kind CPOL_STAFF_OFFICER or CPOL_STAFF_AUXILIARY.
 * @param dedicated 1 for a dedicated community officer (专职社区民警).
 * @return 0; CPOL_EINVAL (field "name" or "kind"); CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_problem_add_person(int *out, cpol_duty_problem *problem, cpol_id id,
                                             const char *name, cpol_staff_kind kind,
                                             int dedicated);

/**
 * The number of people of a problem.
 *
 * @param problem the duty problem; read only.
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_duty_problem_person_count(const cpol_duty_problem *problem);

/**
 * A person's id, name, kind and flag. Any output pointer may be NULL.
 *
 * @param id receives the staff id (0 when none).
 * @param name receives the name, owned by the problem.
 * @param kind receives CPOL_STAFF_OFFICER or CPOL_STAFF_AUXILIARY.
 * @param dedicated receives 1 for a dedicated community officer, else 0.
 * @param problem the problem.
 * @param person the person's index.
 * @return 0; CPOL_EINVAL for a bad index.
 */
CPOL_EXTERN int cpol_duty_problem_get_person(cpol_id *id, const char **name, cpol_staff_kind *kind,
                                             int *dedicated, const cpol_duty_problem *problem,
                                             int person);

/**
 * The index of the person with a staff id.
 *
 * @param out receives the index.
 * @param problem the problem.
 * @param id the staff id.
 * @return 0; CPOL_ENOTFOUND.
 */
CPOL_EXTERN int cpol_duty_problem_find_person(int *out, const cpol_duty_problem *problem,
                                              cpol_id id);

/**
 * Mark a person away from `from` to `to` (inclusive; days outside the
 * problem are ignored).
 *
 * @param problem the problem.
 * @param person the person's index.
 * @param from first day away (cpol_date).
 * @param to last day away (cpol_date).
 * @param why the reason.
 * @param source_id the availability record, or 0; reported by violations.
 * @return 0; CPOL_EINVAL (bad person, reason, or to before from).
 */
CPOL_EXTERN int cpol_duty_problem_set_away(cpol_duty_problem *problem, int person,
                                           cpol_date from, cpol_date to, cpol_duty_away why,
                                           cpol_id source_id);

/**
 * Why a person is away on a day.
 *
 * @param out receives the reason, or 0 when available.
 * @param problem the problem.
 * @param person the person's index.
 * @param date the day (cpol_date).
 * @return 0; CPOL_EINVAL.
 */
CPOL_EXTERN int cpol_duty_problem_get_away(int *out, const cpol_duty_problem *problem,
                                           int person, cpol_date date);

/**
 * Add a preference of a person.
 *
 * @param problem the problem.
 * @param person the person's index.
 * @param pref copied (its shift code too); the code need not name a shift
 *        yet, it is matched when the roster is checked.
 * @param source_id the preference record, or 0.
 * @return 0; CPOL_EINVAL (bad person, want not 1 or -1, weight < 1); CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_problem_add_preference(cpol_duty_problem *problem, int person,
                                                 const cpol_duty_preference *pref,
                                                 cpol_id source_id);

/**
 * Set a person's counts from earlier rosters, carried into fairness.
 *
 * @param problem the duty problem.
 * @param person the index of the person in the problem (from cpol_duty_problem_add_person()).
 * @param history the duty history; read only.
 * @return 0; CPOL_EINVAL (bad person or a negative count).
 */
CPOL_EXTERN int cpol_duty_problem_set_history(cpol_duty_problem *problem, int person,
                                              const cpol_duty_history *history);

/**
 * Set how many days of concentrated training (集中培训) a person has in a
 * calendar year outside the problem's days, so that the yearly allowance
 * (duty.training_days_per_year) is checked against the whole year: the
 * days inside are those marked CPOL_DUTY_AWAY_TRAINING. A problem made by
 * cpol_duty_problem_load() has them from the stored records.
 *
 * @param problem the problem.
 * @param person the person's index.
 * @param year a calendar year that the problem's days touch.
 * @param days 0 to 366.
 * @return 0; CPOL_EINVAL (field "person", "year" or "days").
 */
CPOL_EXTERN int cpol_duty_problem_set_training_outside(cpol_duty_problem *problem, int person,
                                                       int year, int days);

/**
 * Put a person on a post of the A/B rotation (ab岗轮流): from then on the
 * person's cells follow that post's template in `duty.rotation:` of the
 * problem's rules (a region's, or an office's own rule file extending it),
 * and each cell off it costs duty.weight_rotation (rule `rotation`).
 *
 * Until a post is set on anyone, the officers take the posts of
 * duty.posts in the order they were added (the first officer A, the
 * second B); once a post is set, only the posts set count. A template day
 * the person cannot hold (away, a day post on a non-working day, a shift
 * not for their kind) does not count as a deviation: the template applies
 * where it is feasible.
 *
 * @param problem the problem; its rules (cpol_duty_problem_set_rules())
 *        state the posts, so set them first.
 * @param person the person's index.
 * @param post a post listed in duty.posts ("A"), copied; NULL for none.
 * @return 0; CPOL_EINVAL (field "person"); CPOL_ENOTFOUND (field "post":
 *         not in the rules' duty.posts); CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_problem_set_post(cpol_duty_problem *problem, int person, const char *post);

/**
 * The post a person holds in the rotation: the one set, or the default
 * (see cpol_duty_problem_set_post()).
 *
 * @param problem the problem.
 * @param person the person's index.
 * @return the post's name, owned by the problem or its rules and valid
 *         while both live; NULL when the person holds none (or the index
 *         is out of range).
 */
CPOL_EXTERN const char *cpol_duty_problem_post(const cpol_duty_problem *problem, int person);

/**
 * A person's days of concentrated training in a calendar year: the days of
 * the problem marked CPOL_DUTY_AWAY_TRAINING plus those set with
 * cpol_duty_problem_set_training_outside().
 *
 * @param out receives the count.
 * @param problem the problem.
 * @param person the person's index.
 * @param year a calendar year that the problem's days touch.
 * @return 0; CPOL_EINVAL (field "person" or "year").
 */
CPOL_EXTERN int cpol_duty_problem_training_days(int *out, const cpol_duty_problem *problem,
                                                int person, int year);

/**
 * Add a shift. A problem that has none when it is first generated or
 * checked gets the default set, made from the parameters: "district"
 * (在警务区, A岗), "reception" (接待), "office" (值守, auxiliaries, from
 * work_start for auxiliary_hours_per_day), "night" (夜间值班, work_end to
 * work_start the next day) and "patrol" (夜间巡逻, auxiliaries, 19:00-23:00).
 *
 * @param out receives the shift's index; may be NULL.
 * @param problem the problem.
 * @param shift copied.
 * @return 0; CPOL_EINVAL (field named: code, start, end, who, need);
 *         CPOL_EEXISTS for a code in use; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_problem_add_shift(int *out, cpol_duty_problem *problem,
                                            const cpol_duty_shift *shift);

/**
 * Make the default shifts now (they are otherwise made on first use), so
 * that they can be listed.
 *
 * @param problem the duty problem.
 * @return 0; CPOL_ENOMEM. Does nothing when shifts were added.
 */
CPOL_EXTERN int cpol_duty_problem_default_shifts(cpol_duty_problem *problem);

/**
 * The number of shifts (0 before the defaults are made).
 *
 * @param problem the duty problem; read only.
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_duty_problem_shift_count(const cpol_duty_problem *problem);

/**
 * A shift by index.
 *
 * @param problem the duty problem; read only.
 * @param shift the shift.
 * @return a pointer owned by the problem, or NULL for a bad index.
 */
CPOL_EXTERN const cpol_duty_shift *cpol_duty_problem_get_shift(const cpol_duty_problem *problem,
                                                               int shift);

/**
 * The index of a shift by code.
 *
 * @param out receives the result.
 * @param problem the duty problem; read only.
 * @param code the code (UTF-8 text; the caller keeps it).
 * @return 0; CPOL_ENOTFOUND.
 */
CPOL_EXTERN int cpol_duty_problem_find_shift(int *out, const cpol_duty_problem *problem,
                                             const char *code);

/* -------------------------------------------------------------- rosters */

/**
 * Make an empty roster for a problem (to fill by hand).
 *
 * @param out receives the roster; free it with cpol_duty_roster_free().
 * @param problem borrowed: must outlive the roster. Its default shifts are
 *        made if it has none (the only change a roster makes to it).
 * @return 0; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_roster_new(cpol_duty_roster **out, cpol_duty_problem *problem);

/**
 * Free a roster; NULL is allowed.
 *
 * @param roster the duty roster to free, or NULL.
 */
CPOL_EXTERN void cpol_duty_roster_free(cpol_duty_roster *roster);

/**
 * The problem a roster belongs to.
 *
 * @param roster the duty roster; read only.
 * @return the problem a roster belongs to.
 */
CPOL_EXTERN const cpol_duty_problem *cpol_duty_roster_problem(const cpol_duty_roster *roster);

/**
 * Put a person on a shift on a day. A person may hold several shifts on a
 * day (check reports those that overlap); the same shift twice is kept once.
 *
 * @param roster the duty roster.
 * @param person the index of the person in the problem (from cpol_duty_problem_add_person()).
 * @param date the day (date).
 * @param shift the shift (UTF-8 text; the caller keeps it).
 * @return 0; CPOL_EINVAL (bad person or a day outside the problem);
 *         CPOL_ENOTFOUND for an unknown shift code (field "shift"); CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_roster_add(cpol_duty_roster *roster, int person, cpol_date date,
                                     const char *shift);

/**
 * Take a person off their shifts of a day (shift NULL) or off one shift.
 *
 * @param removed receives how many entries were removed; may be NULL.
 * @param roster the roster.
 * @param person the person's index.
 * @param date the day (cpol_date).
 * @param shift a shift code, or NULL for all their shifts of the day.
 * @return 0; CPOL_EINVAL.
 */
CPOL_EXTERN int cpol_duty_roster_remove(int *removed, cpol_duty_roster *roster, int person,
                                        cpol_date date, const char *shift);

/**
 * The number of entries.
 *
 * @param roster the duty roster; read only.
 * @return the number of entries.
 */
CPOL_EXTERN size_t cpol_duty_roster_count(const cpol_duty_roster *roster);

/**
 * An entry, in order of day, then person, then shift.
 *
 * @param roster the duty roster; read only.
 * @param index the index, from 0 to the count less one.
 * @return a pointer owned by the roster, valid until it changes; NULL for a
 *         bad index.
 */
CPOL_EXTERN const cpol_duty_entry *cpol_duty_roster_get(const cpol_duty_roster *roster, size_t index);

/**
 * The seed a generated roster was made with (0 for others).
 *
 * @param roster the duty roster; read only.
 * @return the seed a generated roster was made with (0 for others).
 */
CPOL_EXTERN uint64_t cpol_duty_roster_seed(const cpol_duty_roster *roster);

/* ---------------------------------------------------------------- check */

/**
 * Check a roster against every rule.
 *
 * @param out receives the report; free it with cpol_duty_report_free().
 * @param roster any roster of the problem, generated or edited by hand.
 * @return 0 (whatever was found: see the report); CPOL_EINVAL (a shift
 *         definition the problem cannot use); CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_check(cpol_duty_report **out, const cpol_duty_roster *roster);

/**
 * Free a report; NULL is allowed.
 *
 * @param report the duty report to free, or NULL.
 */
CPOL_EXTERN void cpol_duty_report_free(cpol_duty_report *report);

/**
 * Number of hard-rule violations (0: the roster meets every hard rule).
 *
 * @param report the duty report; read only.
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_duty_report_hard(const cpol_duty_report *report);

/**
 * Summed soft penalty: lower is better.
 *
 * @param report the duty report; read only.
 * @return summed soft penalty: lower is better.
 */
CPOL_EXTERN int64_t cpol_duty_report_penalty(const cpol_duty_report *report);

/**
 * Number of violations, hard and soft.
 *
 * @param report the duty report; read only.
 * @return the number of violations, hard and soft.
 */
CPOL_EXTERN size_t cpol_duty_report_count(const cpol_duty_report *report);

/**
 * A violation, hard ones first, then by day, person, rule.
 *
 * @param report the duty report; read only.
 * @param index the index, from 0 to the count less one.
 * @return owned by the report; NULL for a bad index.
 */
CPOL_EXTERN const cpol_duty_violation *cpol_duty_report_get(const cpol_duty_report *report,
                                                            size_t index);

/**
 * Number of score lines: one per rule kind, CPOL_DUTY_RULE_END - 1.
 *
 * @param report the duty report; read only.
 * @return the number of score lines: one per rule kind, CPOL_DUTY_RULE_END - 1.
 */
CPOL_EXTERN size_t cpol_duty_report_score_count(const cpol_duty_report *report);

/**
 * The score of a rule, in rule order.
 *
 * @param report the duty report; read only.
 * @param index the index, from 0 to the count less one.
 * @return owned by the report; NULL for a bad index.
 */
CPOL_EXTERN const cpol_duty_score *cpol_duty_report_score(const cpol_duty_report *report,
                                                          size_t index);

/**
 * The static name of a rule ("nights_min"), or NULL for an unknown rule.
 *
 * @param rule a value of cpol_duty_rule.
 * @return the static name of a rule ("nights_min"), or NULL for an unknown rule.
 */
CPOL_EXTERN const char *cpol_duty_rule_name(cpol_duty_rule rule);

/**
 * 1 when a rule is hard by its nature. The limits that a region makes hard
 * or soft (night cover, consecutive days, hours a week, rest, nights in a
 * row) answer 0 here; ask cpol_duty_problem_rule_is_hard() for a problem's.
 *
 * @param rule a value of cpol_duty_rule.
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_duty_rule_is_hard(cpol_duty_rule rule);

/**
 * 1 when a rule is hard in a problem (by its nature, or by the `_hard` flag
 * of its limit in the problem's parameters).
 *
 * @param problem the problem.
 * @param rule the rule.
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_duty_problem_rule_is_hard(const cpol_duty_problem *problem, cpol_duty_rule rule);

/* ------------------------------------------------------------- generate */

/**
 * Initialise generate options with CPOL_DUTY_GENERATE_OPTIONS_INIT.
 *
 * @param opts the struct to fill with its defaults (as its *_INIT macro).
 * @param version CPOL_DUTY_GENERATE_OPTIONS_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_duty_generate_options_init(cpol_duty_generate_options *opts,
                                                unsigned int version);

/**
 * Generate a roster.
 *
 * The method and why it was chosen are in docs/duty.md: counting checks
 * that prove some conflicts at once, a greedy construction, then
 * late-acceptance hill climbing on integer penalties with a seeded
 * generator, so that a seed gives the same roster on every platform. A run
 * stops early when its best has not improved for a number of moves (not a
 * time), so stopping is deterministic too.
 *
 * @param out receives the roster, freed with cpol_duty_roster_free(). On
 *        CPOL_ECONFLICT it receives the best roster found (which breaks the
 *        rules listed in *conflicts); on other failures NULL.
 * @param conflicts receives, on CPOL_ECONFLICT, the conflicts (free with
 *        cpol_duty_conflicts_free()); NULL otherwise. May be NULL.
 * @param problem the problem; its default shifts are made if it has none.
 * @param opts options, or NULL for the defaults.
 * @return 0; CPOL_ECONFLICT when no roster meeting every hard rule was
 *         found (the error's field names the first conflicting rule's key);
 *         CPOL_EINVAL; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_generate(cpol_duty_roster **out, cpol_duty_conflicts **conflicts,
                                   cpol_duty_problem *problem,
                                   const cpol_duty_generate_options *opts);

/* ------------------------------------------------------------ re-planning */

/**
 * Repair a published roster after something changed (a new absence, a
 * changed rule): the cells before `from` stay as published, and the
 * search starts from the published roster and changes as few of its other
 * cells (person, day) as it can: it minimises hard violations first, then
 * the number of cells changed, then the soft penalty. Say what changed
 * with cpol_duty_roster_diff().
 *
 * @param out receives the repaired roster (free with
 *        cpol_duty_roster_free()); on CPOL_ECONFLICT the best found.
 * @param conflicts as for cpol_duty_generate(); may be NULL.
 * @param problem the problem as it is now (with the new absence).
 * @param published the published roster, of this problem (borrowed):
 *        load it with cpol_duty_roster_load() or cpol_duty_roster_from_csv().
 * @param from the first day that may change (the day of the news, say);
 *        the day after the last for none.
 * @param opts options (seed, restarts, pins), or NULL.
 * @return 0; CPOL_ECONFLICT; CPOL_EINVAL (field "published", "from",
 *         "method"); CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_repair(cpol_duty_roster **out, cpol_duty_conflicts **conflicts,
                                 cpol_duty_problem *problem, const cpol_duty_roster *published,
                                 cpol_date from, const cpol_duty_generate_options *opts);

/** One cell (person, day) that differs between two rosters. Plain data owned by the diff. */
typedef struct cpol_duty_change {
	int person;            /**< the person's index */
	cpol_id person_id;     /**< their staff id, or 0 */
	cpol_date date;        /**< the day */
	const char *before;    /**< shift codes before, joined by '+'; "" for none */
	const char *after;     /**< shift codes after, joined by '+'; "" for none */
} cpol_duty_change;

/** The cells two rosters differ in. Opaque. */
typedef struct cpol_duty_diff cpol_duty_diff;

/**
 * The cells (person, day) in which two rosters of one problem differ, by
 * day, then person.
 *
 * @param out receives the diff; free it with cpol_duty_diff_free().
 * @param before the published roster.
 * @param after the new one, of the same problem.
 * @return 0; CPOL_EINVAL (field "after": another problem); CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_roster_diff(cpol_duty_diff **out, const cpol_duty_roster *before,
                                      const cpol_duty_roster *after);

/**
 * Free a diff; NULL is allowed.
 *
 * @param diff the duty diff to free, or NULL.
 */
CPOL_EXTERN void cpol_duty_diff_free(cpol_duty_diff *diff);

/**
 * Number of cells changed.
 *
 * @param diff the duty diff; read only.
 * @return the number of cells changed.
 */
CPOL_EXTERN size_t cpol_duty_diff_count(const cpol_duty_diff *diff);

/**
 * Number of people with a changed cell.
 *
 * @param diff the duty diff; read only.
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_duty_diff_people(const cpol_duty_diff *diff);

/**
 * A changed cell.
 *
 * @param diff the duty diff; read only.
 * @param index the index, from 0 to the count less one.
 * @return owned by the diff; NULL for a bad index.
 */
CPOL_EXTERN const cpol_duty_change *cpol_duty_diff_get(const cpol_duty_diff *diff, size_t index);

/** Who could take a shift: one candidate. Plain data owned by the answer. */
typedef struct cpol_duty_swap {
	int person;                 /**< the candidate's index */
	cpol_id person_id;          /**< their staff id, or 0 */
	int ok;                     /**< 1: they can take it without breaking a hard rule not broken before */
	cpol_duty_rule rule;        /**< when not ok: the first hard rule it would break */
	const char *rule_name;      /**< its name (static), or NULL when ok */
	const cpol_rule_ref *ref;   /**< its origin, or NULL when ok */
	int64_t penalty_change;     /**< the soft penalty after minus before */
	const char *message;        /**< why not (the violation's text), or "" when ok */
} cpol_duty_swap;

/** The answer of cpol_duty_swap_check(). Opaque. */
typedef struct cpol_duty_swaps cpol_duty_swaps;

/**
 * Who can take a person's shift on a day: for every other person, whether
 * the roster with the shift moved to them breaks a hard rule that the
 * roster does not break now, and if so which (the first, with its text),
 * and how the soft penalty changes. Candidates come ok first, by penalty
 * change, then the others by person.
 *
 * @param out receives the answer; free it with cpol_duty_swaps_free().
 * @param roster the roster (read only).
 * @param person the index of the person who holds the shift.
 * @param date the day.
 * @param shift the shift's code.
 * @return 0; CPOL_ENOTFOUND (the person does not hold that shift that day;
 *         field "shift"); CPOL_EINVAL; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_swap_check(cpol_duty_swaps **out, const cpol_duty_roster *roster, int person,
                                     cpol_date date, const char *shift);

/**
 * Free an answer; NULL is allowed.
 *
 * @param swaps the duty swaps to free, or NULL.
 */
CPOL_EXTERN void cpol_duty_swaps_free(cpol_duty_swaps *swaps);

/**
 * Number of candidates.
 *
 * @param swaps the duty swaps; read only.
 * @return the number of candidates.
 */
CPOL_EXTERN size_t cpol_duty_swaps_count(const cpol_duty_swaps *swaps);

/**
 * A candidate.
 *
 * @param swaps the duty swaps; read only.
 * @param index the index, from 0 to the count less one.
 * @return owned by the answer; NULL for a bad index.
 */
CPOL_EXTERN const cpol_duty_swap *cpol_duty_swaps_get(const cpol_duty_swaps *swaps, size_t index);

/**
 * Free a conflict list; NULL is allowed.
 *
 * @param conflicts the duty conflicts to free, or NULL.
 */
CPOL_EXTERN void cpol_duty_conflicts_free(cpol_duty_conflicts *conflicts);

/**
 * Number of conflicts.
 *
 * @param conflicts the duty conflicts; read only.
 * @return the number of conflicts.
 */
CPOL_EXTERN size_t cpol_duty_conflicts_count(const cpol_duty_conflicts *conflicts);

/**
 * A conflict, proven ones first.
 *
 * @param conflicts the duty conflicts; read only.
 * @param index the index, from 0 to the count less one.
 * @return owned by the list; NULL for a bad index.
 */
CPOL_EXTERN const cpol_duty_conflict *cpol_duty_conflicts_get(const cpol_duty_conflicts *conflicts,
                                                              size_t index);

/* --------------------------------------------------------------- export */

/**
 * Initialise export options with CPOL_DUTY_EXPORT_OPTIONS_INIT.
 *
 * @param opts the struct to fill with its defaults (as its *_INIT macro).
 * @param version CPOL_DUTY_EXPORT_OPTIONS_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_duty_export_options_init(cpol_duty_export_options *opts,
                                              unsigned int version);

/**
 * The roster as CSV (RFC 4180, CRLF, UTF-8 without BOM), one row per entry:
 * `date,weekday,person_id,name,kind,shift,shift_name,start,end`, times as
 * HH:MM, an end after midnight as "+1 HH:MM".
 *
 * @param out receives a new string; free it with cpol_free().
 * @param roster the roster; read only.
 * @param opts options (person filter), or NULL.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_export_csv(char **out, const cpol_duty_roster *roster,
                                     const cpol_duty_export_options *opts);

/**
 * Read a roster from CSV as cpol_duty_export_csv() writes it (an edited
 * copy, say). Rows are matched by person_id when it is not 0, else by name;
 * shifts by code. Only the date, person_id, name and shift columns are read.
 *
 * @param out receives the roster.
 * @param problem borrowed, as for cpol_duty_roster_new().
 * @param text the CSV, UTF-8.
 * @return 0; CPOL_EPARSE with the line and column (file "<csv>");
 *         CPOL_ENOTFOUND for an unknown person or shift (line given);
 *         CPOL_EINVAL for a day outside the problem; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_roster_from_csv(cpol_duty_roster **out, cpol_duty_problem *problem,
                                          const char *text);

/**
 * The roster as iCalendar (RFC 5545): one VEVENT per entry, times in
 * TZID=Asia/Shanghai with its VTIMEZONE included (UTC+8, no daylight
 * saving), CRLF line ends, lines folded at 75 octets on UTF-8 character
 * boundaries, a stable UID per entry (date, shift, person) and DTSTAMP.
 *
 * @param out receives a new string; free it with cpol_free().
 * @param roster the roster; read only.
 * @param opts options (person, names, stamp), or NULL.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_duty_export_ics(char **out, const cpol_duty_roster *roster,
                                     const cpol_duty_export_options *opts);

/* ------------------------------------------------------------- storage */

/**
 * Record that a staff member is away (leave, training, sick, other) from
 * `from` to `to` inclusive.
 *
 * @param out receives the record's id; may be NULL.
 * @param db the handle.
 * @param staff_id the staff member.
 * @param why CPOL_DUTY_AWAY_LEAVE, _TRAINING, _SICK or _OTHER.
 * @param from first day away (cpol_date).
 * @param to last day away (cpol_date).
 * @param note free text, or NULL.
 * @return 0; CPOL_EINVAL (field "why" or "to"); CPOL_ECONSTRAINT for an
 *         unknown staff member; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_away_add(cpol_id *out, cpol_db *db, cpol_id staff_id, cpol_duty_away why,
                                   cpol_date from, cpol_date to, const char *note);

/**
 * Archive an availability record (it stays, with archived_at set).
 *
 * @param db the database handle.
 * @param id the id.
 * @return 0; CPOL_ENOTFOUND when no live record has that id; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_away_archive(cpol_db *db, cpol_id id);

/**
 * Record a staff member's preference: want (or would rather not have) a
 * shift, or any shift, on a day or on some weekdays. Read back by
 * cpol_duty_problem_load() for the problems whose days it concerns.
 *
 * @param out receives the record's id; may be NULL.
 * @param db the handle.
 * @param staff_id the staff member.
 * @param pref copied; initialise it with CPOL_DUTY_PREFERENCE_INIT. Its
 *        shift code, when given, need not name a shift yet (it is matched
 *        when a roster is checked) but must be a valid code: 1-32 ASCII
 *        letters, digits, '_' or '-'.
 * @return 0; CPOL_EINVAL (field "version", "want", "weight", "weekdays" or
 *         "shift"); CPOL_ECONSTRAINT for an unknown staff member;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_preference_add(cpol_id *out, cpol_db *db, cpol_id staff_id,
                                         const cpol_duty_preference *pref);

/**
 * Archive a preference record (it stays, with archived_at set, and is no
 * longer loaded).
 *
 * @param db the database handle.
 * @param id the id.
 * @return 0; CPOL_ENOTFOUND when no live record has that id; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_preference_archive(cpol_db *db, cpol_id id);

/**
 * Set the posts of the A/B rotation (ab岗轮流, the rules' duty.posts) a
 * staff member can hold: the live set becomes exactly `posts`. A post
 * left out is archived (it stays, with archived_at set), a new one added,
 * the others kept as they are. cpol_duty_problem_load() gives each post of
 * the office's rules to one of its staff who can hold it.
 *
 * @param db the handle.
 * @param staff_id a live staff member.
 * @param posts the posts, comma-separated ("A,B"; spaces around a name
 *        are allowed), each 1-32 ASCII letters, digits, '_' or '-', none
 *        twice; "" or NULL for none. Read during the call only. A post
 *        need not be in any rules' duty.posts: the rules an office loads
 *        with decide which count there.
 * @return 0; CPOL_EINVAL (field "posts": the message names the post by its
 *         position); CPOL_ENOTFOUND (field "staff_id": no live staff
 *         member); CPOL_EREADONLY; CPOL_EBUSY; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_staff_posts_set(cpol_db *db, cpol_id staff_id, const char *posts);

/**
 * The posts a staff member can hold (see cpol_duty_staff_posts_set()).
 *
 * @param out receives a new string: the live posts comma-separated in
 *        the order of their names ("A,B"), "" for none; free it with
 *        cpol_free().
 * @param db the handle.
 * @param staff_id a live staff member.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND (field "staff_id"); CPOL_ENOMEM;
 *         CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_staff_posts(char **out, cpol_db *db, cpol_id staff_id);

/**
 * Load the roster problem of an office: its staff from the org module (each
 * person's days outside their assignment to the office are
 * CPOL_DUTY_AWAY_UNASSIGNED), the live availability records, the live
 * preferences for any day or for a day of the problem, the days of
 * concentrated training elsewhere in the calendar years the problem
 * touches (see cpol_duty_problem_set_training_outside(); the allowance is
 * checked by cpol_duty_check() and cpol_duty_generate()), and the history
 * (nights, weekends, holidays, shifts) of the live stored rosters of the
 * `history_days` days before `start`; and the posts of the rotation
 * (cpol_duty_staff_posts_set()): when any of the office's staff has a
 * post the rules list, each post, in duty.posts order, goes to the first
 * person (by staff id) who can hold it and holds none yet, and when
 * nobody is left for a post, posts already given move along a chain so
 * that as many posts as possible are held (cpol_duty_problem_post() says
 * whose each is); with none stored, the officers take the posts in order.
 *
 * @param out receives the problem; free it with cpol_duty_problem_free().
 * @param db the handle.
 * @param office_id the office.
 * @param start the problem's first day (cpol_date).
 * @param ndays the number of days of the problem.
 * @param rules the office's rules (borrowed: must outlive the problem), or
 *        NULL for the library's defaults.
 * @param history_days how far back fairness looks (e.g. 90); 0 for none.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_problem_load(cpol_duty_problem **out, cpol_db *db, cpol_id office_id,
                                       cpol_date start, int ndays, const cpol_rules *rules,
                                       int history_days);

/**
 * Store a roster for an office. Live rosters of the office that overlap its
 * days are archived first (with their entries), in the same transaction.
 *
 * @param out receives the roster's id; may be NULL.
 * @param db the handle.
 * @param office_id the office.
 * @param roster a roster whose people carry staff ids.
 * @return 0; CPOL_EINVAL (a person without a staff id); CPOL_ECONSTRAINT;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_roster_store(cpol_id *out, cpol_db *db, cpol_id office_id,
                                       const cpol_duty_roster *roster);

/**
 * Load the live stored entries of an office within a problem's days into a
 * roster (entries of staff not in the problem, or of unknown shifts, are
 * reported as CPOL_ENOTFOUND).
 *
 * @param out receives the roster; free it with cpol_duty_roster_free().
 * @param db the handle.
 * @param office_id the office.
 * @param problem borrowed, as for cpol_duty_roster_new().
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_duty_roster_load(cpol_duty_roster **out, cpol_db *db, cpol_id office_id,
                                      cpol_duty_problem *problem);

/* --------------------------------------------------- words of the enums */

/**
 * The word for one flag of cpol_duty_shift_flag ("in_district", "reception",
 * "night", "cover", "patrol", "working_days"), as reports, JSON and the
 * bindings write it.
 *
 * @param value one flag of the enum.
 * @return a static string; "unknown" for a value outside the enum (or a
 *         combination of flags).
 */
CPOL_EXTERN const char *cpol_duty_shift_flag_name(cpol_duty_shift_flag value);

/**
 * One flag of cpol_duty_shift_flag from its word, as
 * cpol_duty_shift_flag_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "flags") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_duty_shift_flag_parse(cpol_duty_shift_flag *out, const char *word);

/**
 * The word for one flag of cpol_duty_day_flag ("working", "reception",
 * "market", "holiday", "weekend"), as reports, JSON and the bindings write it.
 *
 * @param value one flag of the enum.
 * @return a static string; "unknown" for a value outside the enum (or a
 *         combination of flags).
 */
CPOL_EXTERN const char *cpol_duty_day_flag_name(cpol_duty_day_flag value);

/**
 * One flag of cpol_duty_day_flag from its word, as cpol_duty_day_flag_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "flags") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_duty_day_flag_parse(cpol_duty_day_flag *out, const char *word);

/**
 * The word for a value of cpol_duty_away ("leave", "training", "sick", "other",
 * "unassigned"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_duty_away_name(cpol_duty_away value);

/**
 * A value of cpol_duty_away from its word, as cpol_duty_away_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "why") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_duty_away_parse(cpol_duty_away *out, const char *word);

/**
 * The word for a value of cpol_duty_method ("local_search", "round_robin"), as
 * reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_duty_method_name(cpol_duty_method value);

/**
 * A value of cpol_duty_method from its word, as cpol_duty_method_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "method") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_duty_method_parse(cpol_duty_method *out, const char *word);

/**
 * A value of cpol_duty_rule from its word, as cpol_duty_rule_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "rule") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_duty_rule_parse(cpol_duty_rule *out, const char *word);

CPOL_END_DECL

#endif

/*
 * libcommpolice — assessment (考核): metrics, surveys, scoring, ranking,
 * sanctions, explanations and what-if comparisons.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_ASSESS_H
#define COMMPOLICE_ASSESS_H

#include "common.h"
#include "date.h"
#include "db.h"
#include "rules.h"
#include "org.h"

/**
 * @file commpolice/assess.h
 * @brief Officers and offices scored by the region rules (docs/assess.md).
 *
 * Officers and offices are rated monthly, quarterly and yearly on what they
 * did (visits, inspections, notices, return visits...) and on what
 * residents say (满意率 satisfaction, 熟识率 familiarity, 见警率
 * visibility); they are ranked, and the ranking has consequences.
 *
 * - A **period** is a calendar month, quarter, half year or year
 *   ("2024-05", "2024-Q2", "2024-H1", "2024").
 * - A **metric** is a number for a subject (an officer or an office) and a
 *   period, with the inputs it came from: numerator, denominator and the
 *   records counted. Metrics come from five sources: built into the library
 *   (counted from the other modules' records), surveys, values stored by
 *   scripts (cpol_metric_store()), callbacks registered on an assessor, and
 *   formulas of the rules (`assessment.derived`). The rules name a metric
 *   the same way whatever its source.
 * - An **assessor** binds a database and a rule set, checks the rules'
 *   formulas, and scores.
 * - **Scoring** a period gives, per subject, one line per item (weight,
 *   target, deductions capped at the weight), bonuses, vetoes (一票否决),
 *   the office class's difficulty coefficient, the total, the grade, the
 *   rank within its group (station or region) and the sanctions the rules
 *   name. Every line names the rule it used.
 * - A scored period can be **saved** (with the rule set's hash) and read
 *   back; the last-place streak of the consecutive-last rule is read from
 *   the saved run of the period before.
 *
 * Threading: an assessor is used by one thread at a time, like its
 * database handle. A cpol_assessment is immutable once made and may be read
 * by any number of threads.
 */

/* ----------------------------------------------------------------- periods */

/** A calendar period that is assessed. Plain data. */
typedef struct cpol_period {
	cpol_time_unit unit; /**< CPOL_UNIT_MONTH, _QUARTER, _HALF_YEAR or _YEAR */
	cpol_date start;     /**< its first day */
	cpol_date end;       /**< its last day */
} cpol_period;

/** Buffer size that holds any formatted period ("2024-Q2"). */
#define CPOL_PERIOD_BUFSZ 16

/* ---------------------------------------------------------------- subjects */

/** Who is assessed. */
typedef enum {
	CPOL_SUBJECT_OFFICER = 1, /**< a community officer (民警), by staff id */
	CPOL_SUBJECT_OFFICE = 2   /**< an office (警务室), by office id */
} cpol_subject_kind;

/* ----------------------------------------------------------------- metrics */

/** What a metric's value measures. */
typedef enum {
	CPOL_METRIC_COUNT = 1, /**< a count (numerator = value, denominator 0) */
	CPOL_METRIC_RATE,      /**< numerator / denominator as a fraction (0.9 is 90%,
	                            as the rules write `90%`) */
	CPOL_METRIC_RATIO,     /**< numerator / denominator (residents per officer) */
	CPOL_METRIC_PER_10K,   /**< numerator / denominator × 10 000 (万人发案率) */
	CPOL_METRIC_NUMBER     /**< any other number (stored values, formulas) */
} cpol_metric_unit;

/** Where a metric's value comes from. */
typedef enum {
	CPOL_METRIC_BUILTIN = 1, /**< counted from the records by the library */
	CPOL_METRIC_SURVEY,      /**< pooled from the surveys of the subject's office */
	CPOL_METRIC_STORED,      /**< a value stored by a script (cpol_metric_store()) */
	CPOL_METRIC_CALLBACK,    /**< computed by a callback (cpol_assessor_add_metric()) */
	CPOL_METRIC_DERIVED      /**< a formula of the rules (`assessment.derived`) */
} cpol_metric_source;

/** Bit for cpol_metric_def.subjects. */
#define CPOL_SUBJECT_BIT(kind) (1u << (unsigned)(kind))

/** A built-in metric: its name and how it is computed. Static, plain data. */
typedef struct cpol_metric_def {
	const char *name;        /**< "households_visited", as the rules name it */
	const char *title;       /**< "入户走访户数" */
	cpol_metric_unit unit;   /**< what the value measures */
	cpol_metric_source source; /**< CPOL_METRIC_BUILTIN or CPOL_METRIC_SURVEY */
	unsigned int subjects;   /**< CPOL_SUBJECT_BIT()s of the subjects it applies to */
	const char *module;      /**< the module whose records it reads ("work") */
	const char *description; /**< what is counted, numerator and denominator */
} cpol_metric_def;

/**
 * A metric's value for one subject and period, with its inputs. Plain data,
 * owned by whoever handed it out (see each function).
 */
typedef struct cpol_metric_value {
	const char *name;            /**< the metric */
	cpol_subject_kind subject_kind; /**< officer or office */
	cpol_id subject_id;          /**< staff id or office id */
	cpol_period period;          /**< the period it is for */
	cpol_metric_source source;   /**< how the value was obtained */
	cpol_metric_unit unit;       /**< what the value measures */
	int has_value;               /**< 0 when there is no value; note says why */
	double value;                /**< the value (0 when has_value is 0) */
	double numerator;            /**< what was counted */
	double denominator;          /**< what it was counted against; 0 for counts */
	const char *note;            /**< how it was obtained, or why there is no value */
	const char *record_table;    /**< table of the records counted, or NULL */
	const cpol_id *records;      /**< ids of the records counted (numerator side) */
	size_t record_count;         /**< entries in records */
	const cpol_rule_ref *ref;    /**< DERIVED: the formula's rule; else NULL */
} cpol_metric_value;

/**
 * A value stored by a script for a subject and period. Initialise with
 * CPOL_METRIC_ENTRY_INIT.
 */
typedef struct cpol_metric_entry {
	unsigned int version;        /**< CPOL_METRIC_ENTRY_VERSION */
	const char *name;            /**< required: letters, digits, '_'; not a built-in name */
	cpol_subject_kind subject_kind; /**< required */
	cpol_id subject_id;          /**< required: a staff id or an office id */
	cpol_period period;          /**< required */
	double value;                /**< required, finite */
	double numerator;            /**< optional input shown in explanations */
	double denominator;          /**< optional input shown in explanations */
	const char *note;            /**< optional: how it was computed */
	const char *source;          /**< optional: the script that computed it */
} cpol_metric_entry;

/** The current version of cpol_metric_entry. */
#define CPOL_METRIC_ENTRY_VERSION 1
/** An empty cpol_metric_entry. */
#define CPOL_METRIC_ENTRY_INIT { CPOL_METRIC_ENTRY_VERSION, NULL, 0, 0, \
	{ CPOL_UNIT_NONE, CPOL_DATE_NONE, CPOL_DATE_NONE }, 0.0, 0.0, 0.0, NULL, NULL }

/** What a metric callback is asked for. Valid during the call only. */
typedef struct cpol_metric_request {
	const char *name;            /**< the metric asked for */
	cpol_subject_kind subject_kind; /**< officer or office */
	cpol_id subject_id;          /**< staff id or office id */
	cpol_id office_id;           /**< the subject's office (itself for an office) */
	cpol_period period;          /**< the period assessed */
	const char *period_text;     /**< the period as text, "2024-Q2" */
	cpol_db *db;                 /**< the assessor's database, for reading */
} cpol_metric_request;

/** What a metric callback answers. Zeroed before the call. */
typedef struct cpol_metric_answer {
	int has_value;               /**< set to 1 when value is given */
	double value;                /**< the value (read when has_value is 1) */
	double numerator;            /**< optional */
	double denominator;          /**< optional */
	const char *note;            /**< optional; copied after the call returns */
} cpol_metric_answer;

/**
 * A metric computed by the caller (Python, Lua or C) while scoring.
 *
 * @param out the answer to fill; leave has_value 0 for "no value" (the
 *        item then scores as missing).
 * @param request what is asked.
 * @param payload as given to cpol_assessor_add_metric().
 * @return 0; any negative value stops the scoring, which fails with
 *         CPOL_EUSER (the callback may set a message with cpol_error_set()).
 */
typedef int (*cpol_metric_cb)(cpol_metric_answer *out, const cpol_metric_request *request,
                              void *payload);

/* ----------------------------------------------------------------- surveys */

/** Questionnaires put to residents. */
typedef enum {
	CPOL_SURVEY_SATISFACTION = 1, /**< 群众满意率: satisfied respondents */
	CPOL_SURVEY_FAMILIARITY,      /**< 熟识率: respondents who know their officer */
	CPOL_SURVEY_VISIBILITY        /**< 见警率: respondents who saw police lately */
} cpol_survey_kind;

/** A survey to record. Initialise with CPOL_SURVEY_NEW_INIT. */
typedef struct cpol_survey_new {
	unsigned int version;        /**< CPOL_SURVEY_NEW_VERSION */
	cpol_id office_id;           /**< required: the office whose residents were asked */
	cpol_survey_kind kind;       /**< required */
	cpol_date conducted_on;      /**< required: it counts for the periods holding this day */
	int64_t sample_size;         /**< required: respondents, at least 1 */
	int64_t positive;            /**< required: satisfied / familiar / saw police, 0..sample_size */
	const char *note;            /**< optional (method, who ran it) */
} cpol_survey_new;

/** The current version of cpol_survey_new. */
#define CPOL_SURVEY_NEW_VERSION 1
/** An empty cpol_survey_new. */
#define CPOL_SURVEY_NEW_INIT { CPOL_SURVEY_NEW_VERSION, 0, 0, CPOL_DATE_NONE, 0, 0, NULL }

/** A survey as read back. Plain data. */
typedef struct cpol_survey {
	cpol_id id;                  /**< the survey's id */
	cpol_id office_id;           /**< the office whose residents were asked */
	cpol_survey_kind kind;       /**< which questionnaire */
	cpol_date conducted_on;      /**< the day it was conducted */
	int64_t sample_size;         /**< respondents */
	int64_t positive;            /**< satisfied / familiar / saw police, 0..sample_size */
	const char *note;            /**< or NULL */
	const char *archived_at;     /**< NULL while live */
} cpol_survey;

/** Iterator over surveys. Opaque. */
typedef struct cpol_survey_iter cpol_survey_iter;

/* ---------------------------------------------------------------- scoring */

/** Binds a database and a rule set; scores. Opaque. */
typedef struct cpol_assessor cpol_assessor;

/** A scored period: results per subject. Opaque, immutable. */
typedef struct cpol_assessment cpol_assessment;

/** Options for cpol_assess_score(). Initialise with CPOL_ASSESS_OPTIONS_INIT. */
typedef struct cpol_assess_options {
	unsigned int version;        /**< CPOL_ASSESS_OPTIONS_VERSION */
	cpol_subject_kind subject_kind; /**< officers (default) or offices */
	/**
	 * Who is scored: the live officers (or offices) of this region, station
	 * or office (CPOL_ORG_REGION, CPOL_ORG_STATION, CPOL_ORG_OFFICE), or 0
	 * for all.
	 */
	cpol_org_level scope_level;
	cpol_id scope_id;            /**< the region, station or office; ignored when scope_level is 0 */
	/**
	 * Ranking groups: CPOL_ORG_STATION (rank within each station),
	 * CPOL_ORG_REGION (within each region) or CPOL_ORG_OFFICE; 0 takes
	 * `assessment.ranking_scope` of the rules ("office" and "station" as
	 * named, the wider scopes county, district, city and province as the
	 * region), and the station when the rules set none.
	 */
	cpol_org_level rank_level;
	int with_records;            /**< 1: keep the ids of the records counted in each line */
} cpol_assess_options;

/** The current version of cpol_assess_options. */
#define CPOL_ASSESS_OPTIONS_VERSION 1
/** Score every officer, ranked by the rules' ranking scope. */
#define CPOL_ASSESS_OPTIONS_INIT { CPOL_ASSESS_OPTIONS_VERSION, CPOL_SUBJECT_OFFICER, 0, 0, 0, 0 }

/** Kinds of line in a result. */
typedef enum {
	CPOL_LINE_ITEM = 1,   /**< an assessment item: weight minus deductions */
	CPOL_LINE_DIFFICULTY, /**< the difficulty coefficient of the office class */
	CPOL_LINE_BONUS,      /**< a bonus item (加分项) */
	CPOL_LINE_VETO        /**< a veto item (一票否决); points 0, applied 0 or 1 */
} cpol_assess_line_kind;

/**
 * One line of a result: an item's inputs, the rule, the arithmetic and the
 * points. Strings are owned by the assessment.
 */
typedef struct cpol_assess_line {
	cpol_assess_line_kind kind;  /**< item, difficulty, bonus or veto */
	const char *id;              /**< the item, bonus or veto id; the office class for DIFFICULTY */
	const char *name;            /**< its name ("入户走访") */
	const char *metric;          /**< the metric scored, or NULL */
	int has_value;               /**< 0 when the metric had no value (the item scores 0) */
	double value;                /**< the metric's value (the coefficient for DIFFICULTY) */
	double numerator;            /**< the metric's inputs */
	double denominator;          /**< ... its denominator; 0 for counts */
	double weight;               /**< items: full points; bonuses: the most they add */
	double target;               /**< items: the value that earns full points, or 0 */
	double shortfall;            /**< units the value missed the target by */
	double deduction;            /**< points taken (after caps) */
	double points;               /**< points earned (items, bonuses), to the hundredth */
	int capped;                  /**< 1 when a cap limited the deduction or the bonus */
	int applied;                 /**< vetoes: 1 when it was triggered */
	cpol_rule_ref rule;          /**< the rule used (strings owned by the assessment) */
	const char *arithmetic;      /**< "20 − (30 − 24) × 0.5 = 17.00" */
	const char *note;            /**< how the value was obtained, or why there is none */
	const cpol_id *records;      /**< records counted (with_records only), or NULL */
	size_t record_count;         /**< entries in records */
	const char *record_table;    /**< their table, or NULL */
} cpol_assess_line;

/** A sanction (or reward) that applies to a result. */
typedef struct cpol_assess_sanction {
	const char *id;              /**< the sanction's id in the rules */
	const char *name;            /**< "诫勉谈话" */
	cpol_sanction_action action; /**< what it does: the first of actions */
	const cpol_sanction_action *actions; /**< every action of the sanction, in the
	                                          rules' order (通报批评 and 诫勉谈话);
	                                          owned by the assessment */
	size_t action_count;         /**< entries in actions, at least 1 */
	cpol_rule_ref rule;          /**< the sanction's rule */
	const char *reason;          /**< "last of 12; last 2 periods in a row (needs 2);
	                                  score 70.00 below 80, and 75.00 in 2024-Q1" */
} cpol_assess_sanction;

/** One subject's result. Strings and arrays owned by the assessment. */
typedef struct cpol_assess_result {
	cpol_subject_kind subject_kind; /**< officer or office */
	cpol_id subject_id;          /**< staff id or office id */
	const char *subject_name;    /**< officer's or office's name */
	const char *badge;           /**< officers: 警号; else NULL */
	cpol_id office_id;           /**< the office (for officers: where they were at the period's end) */
	const char *office_name;     /**< the office's name */
	const char *office_class;    /**< its class code, or NULL */
	cpol_id station_id;          /**< the office's station */
	cpol_id region_id;           /**< the station's region */
	cpol_id group_id;            /**< the ranking group (a station, region or office id) */
	double base;                 /**< sum of the item points */
	double coefficient;          /**< difficulty coefficient (1 when none) */
	double bonus;                /**< sum of the bonus points */
	double total;                /**< round(base × coefficient + bonus), 0 after a ZERO veto */
	const char *grade;           /**< grade code, or NULL when no band admits the total */
	const char *grade_name;      /**< "优秀", or NULL */
	const char *veto;            /**< id of the first veto that applied, or NULL; the
	                                  veto lines say what each did (grade cap, rewards
	                                  withheld, place in the ranking) */
	int rank;                    /**< 1 = best; ties share the better rank (1, 2, 2, 4);
	                                  a veto with `rank_after_unvetoed` puts the subject
	                                  after every unvetoed one of its group; 0 when a
	                                  veto with `unranked` left it out of the ranking */
	int ranked;                  /**< subjects ranked in the group (0 when not ranked) */
	int last_place;              /**< 1 when no one in the group scored lower and someone scored higher */
	int last_place_streak;       /**< periods in a row in last place, this one included */
	int incomplete;              /**< 1 when some item's metric had no value */
	const cpol_assess_line *lines; /**< the lines of the result, owned by the assessment */
	size_t line_count;           /**< entries in lines */
	const cpol_assess_sanction *sanctions; /**< sanctions that apply, owned by the assessment */
	size_t sanction_count;       /**< entries in sanctions */
} cpol_assess_result;

/** What changed for one subject between two assessments. */
typedef struct cpol_assess_change {
	cpol_subject_kind subject_kind; /**< officer or office */
	cpol_id subject_id;          /**< staff id or office id */
	const char *subject_name;    /**< officer's or office's name */
	int in_before;               /**< 0 when only the second assessment has the subject */
	int in_after;                /**< 0 when only the first has it */
	double total_before;         /**< total in the first assessment */
	double total_after;          /**< total in the second assessment */
	int rank_before;             /**< rank in the first assessment */
	int rank_after;              /**< rank in the second assessment */
	const char *grade_before;    /**< grade code, or NULL */
	const char *grade_after;     /**< grade code, or NULL */
	const char *sanctions_before; /**< sanction ids, comma-separated, "" for none */
	const char *sanctions_after; /**< sanction ids, comma-separated, "" for none */
	int rank_changed;            /**< 1 when the rank differs */
	int grade_changed;           /**< 1 when the grade differs */
	int sanctions_changed;       /**< 1 when the sanctions differ */
} cpol_assess_change;

/** The changes between two assessments. Opaque. */
typedef struct cpol_assess_diff cpol_assess_diff;

CPOL_BEGIN_DECL

/* ----------------------------------------------------------------- periods */

/**
 * Parse a period: "2024-05" (month), "2024-Q2" (quarter), "2024-H1" (half
 * year) or "2024" (year).
 *
 * @param out receives the period.
 * @param text the text.
 * @return 0, or CPOL_EINVAL naming the text.
 */
CPOL_EXTERN int cpol_period_parse(cpol_period *out, const char *text);

/**
 * Format a period as cpol_period_parse() reads it.
 *
 * @param buf at least CPOL_PERIOD_BUFSZ bytes.
 * @param period the period.
 * @return buf ("" for a period whose unit is not one of the four).
 */
CPOL_EXTERN char *cpol_period_format(char *buf, const cpol_period *period);

/**
 * The period of a unit that holds a day: (QUARTER, 2024-05-08) gives
 * 2024-Q2.
 *
 * @param out receives the period.
 * @param unit CPOL_UNIT_MONTH, _QUARTER, _HALF_YEAR or _YEAR.
 * @param date the day.
 * @return 0, or CPOL_EINVAL for another unit or a date out of range.
 */
CPOL_EXTERN int cpol_period_containing(cpol_period *out, cpol_time_unit unit, cpol_date date);

/**
 * The period of the same unit just before (2024-Q1 → 2023-Q4).
 *
 * @param out receives the result.
 * @param period the period; read only.
 * @return 0, or CPOL_EINVAL for a bad period.
 */
CPOL_EXTERN int cpol_period_previous(cpol_period *out, const cpol_period *period);

/* ----------------------------------------------------------------- metrics */

/**
 * Number of built-in metrics (survey metrics included). Thread-safe.
 *
 * @return the number of built-in metrics (survey metrics included).
 */
CPOL_EXTERN size_t cpol_metric_builtin_count(void);

/**
 * A built-in metric by index, in documentation order.
 *
 * @param index the index, from 0 to the count less one.
 * @return a static definition, or NULL for an index out of range.
 */
CPOL_EXTERN const cpol_metric_def *cpol_metric_builtin(size_t index);

/**
 * A built-in metric by name.
 *
 * @param out receives the static definition, or NULL.
 * @param name the metric's name ("satisfaction_rate"); NULL finds nothing.
 * @return 0, or CPOL_ENOTFOUND.
 */
CPOL_EXTERN int cpol_metric_builtin_find(const cpol_metric_def **out, const char *name);

/**
 * Store a metric value computed by a script for a subject and period. A
 * value stored before under the same name, subject and period is archived
 * (it stays in the table and the audit trail) and this one replaces it.
 *
 * @param out receives the new record's id; may be NULL.
 * @param db the handle.
 * @param entry what to store; copied.
 * @return 0; CPOL_EINVAL (field named: a bad name, a built-in name, a bad
 *         period, a value that is not finite); CPOL_EREADONLY; CPOL_EBUSY;
 *         CPOL_EDB.
 */
CPOL_EXTERN int cpol_metric_store(cpol_id *out, cpol_db *db, const cpol_metric_entry *entry);

/**
 * Initialise a cpol_metric_entry with CPOL_METRIC_ENTRY_INIT.
 *
 * @param entry the struct to fill with its defaults (as its *_INIT macro).
 * @param version CPOL_METRIC_ENTRY_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_metric_entry_init(cpol_metric_entry *entry, unsigned int version);

/**
 * Free a value from cpol_metric_value_get(). NULL is allowed.
 *
 * @param value the metric value to free, or NULL.
 */
CPOL_EXTERN void cpol_metric_value_free(cpol_metric_value *value);

/* ----------------------------------------------------------------- surveys */

/**
 * Initialise a cpol_survey_new with CPOL_SURVEY_NEW_INIT.
 *
 * @param spec the struct to fill with its defaults (as its *_INIT macro).
 * @param version CPOL_SURVEY_NEW_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_survey_new_init(cpol_survey_new *spec, unsigned int version);

/**
 * Record a survey (questionnaire results) of an office.
 *
 * @param out receives the survey id; may be NULL.
 * @param db the handle.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field named: kind, conducted_on, sample_size,
 *         positive); CPOL_ENOTFOUND for the office; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_survey_add(cpol_id *out, cpol_db *db, const cpol_survey_new *spec);

/**
 * Archive a survey entered by mistake: it stays, but no longer counts.
 *
 * @param db the database handle.
 * @param survey_id the survey id.
 * @return 0; CPOL_ENOTFOUND (or already archived); CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_survey_archive(cpol_db *db, cpol_id survey_id);

/**
 * List the live surveys of an office conducted in a period, oldest first.
 *
 * @param out receives the iterator; free it with cpol_survey_iter_free(). It
 *        owns its statement; the handle must outlive it.
 * @param db the handle.
 * @param office_id the office, or 0 for every office.
 * @param period the period, or NULL for all time.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_survey_iter_new(cpol_survey_iter **out, cpol_db *db, cpol_id office_id,
                                     const cpol_period *period);

/**
 * The next survey.
 *
 * @param out receives a record owned by the iterator, valid until the next call.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER at the end; CPOL_EDB.
 */
CPOL_EXTERN int cpol_survey_iter_next(const cpol_survey **out, cpol_survey_iter *iter);

/**
 * Free a survey iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_survey_iter_free(cpol_survey_iter *iter);

/* ---------------------------------------------------------------- assessor */

/**
 * Make an assessor for a database and a rule set. The rules' formulas
 * (`assessment.derived` and items' `formula:`) are compiled here: a bad
 * formula fails with CPOL_ERULES naming its file, line and key.
 *
 * @param out receives the assessor; free it with cpol_assessor_free().
 * @param db the handle; it must outlive the assessor.
 * @param rules the rule set; the assessor takes a reference to it
 *        (cpol_rules_ref()), dropped by cpol_assessor_free(), so the caller
 *        may free its own at once.
 * @return 0; CPOL_EINVAL; CPOL_ERULES; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_assessor_new(cpol_assessor **out, cpol_db *db, const cpol_rules *rules);

/**
 * Free an assessor. NULL is allowed.
 *
 * @param assessor the assessor to free, or NULL.
 */
CPOL_EXTERN void cpol_assessor_free(cpol_assessor *assessor);

/**
 * The rule set of an assessor (the assessor holds a reference; valid while it lives).
 *
 * @param assessor the assessor; read only.
 * @return the rule set of an assessor (the assessor holds a reference; valid while it lives).
 */
CPOL_EXTERN const cpol_rules *cpol_assessor_rules(const cpol_assessor *assessor);

/**
 * Add a metric computed by a callback. The rules use it by name like any
 * built-in metric.
 *
 * @param assessor the assessor.
 * @param name the metric's name: letters, digits and '_'; not a built-in
 *        or derived name, nor one already added.
 * @param unit what its value measures (for explanations).
 * @param cb the callback; called once per subject and period scored.
 * @param payload passed to cb; owned by the caller, who keeps it alive as
 *        long as the assessor.
 * @return 0; CPOL_EINVAL (bad name, NULL cb); CPOL_EEXISTS; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_assessor_add_metric(cpol_assessor *assessor, const char *name,
                                         cpol_metric_unit unit, cpol_metric_cb cb,
                                         void *payload);

/**
 * Compute one metric for one subject and period, with the ids of the
 * records counted.
 *
 * @param out receives a new value; free it with cpol_metric_value_free().
 *        A metric with no value for the subject is not an error: has_value
 *        is 0 and note says why.
 * @param assessor the assessor.
 * @param name any metric name: built-in, survey, derived, callback or stored.
 * @param subject_kind officer or office.
 * @param subject_id the staff or office id.
 * @param period the period.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND for an unknown subject;
 *         CPOL_EUNSUPPORTED for a built-in metric whose module this
 *         library lacks; CPOL_EUSER from a callback; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_metric_value_get(cpol_metric_value **out, cpol_assessor *assessor,
                                     const char *name, cpol_subject_kind subject_kind,
                                     cpol_id subject_id, const cpol_period *period);

/* ---------------------------------------------------------------- scoring */

/**
 * Initialise options with CPOL_ASSESS_OPTIONS_INIT.
 *
 * @param opts the struct to fill with its defaults (as its *_INIT macro).
 * @param version CPOL_ASSESS_OPTIONS_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_assess_options_init(cpol_assess_options *opts, unsigned int version);

/**
 * Score a period by the assessor's rules.
 *
 * Per subject: each item's metric value is scored against its weight and
 * target (deductions capped at their caps and at the weight; an item with
 * no value scores 0); the sum is multiplied by the difficulty coefficient
 * of the office's class; bonuses are added (each at most its max); a veto
 * with effect `zero` sets the total to 0, one with `cap_grade` caps the
 * grade. Points and totals are rounded to the hundredth (half away from
 * zero). Subjects are ranked by total within their group, ties sharing the
 * better rank; the sanctions of the rules that apply to the subject kind
 * and period unit are checked, the last-place streak coming from the latest
 * saved assessment of the period before with the same subject kind and
 * ranking level.
 * Nothing is written: see cpol_assessment_save().
 *
 * @param out receives the assessment; free it with cpol_assessment_free().
 * @param assessor the assessor.
 * @param period the period.
 * @param opts options, or NULL for the defaults.
 * @return 0; CPOL_EINVAL (field named); CPOL_ENOTFOUND for the scope;
 *         CPOL_EUNSUPPORTED when the rules use a built-in metric whose
 *         module this library lacks; CPOL_EUSER from a callback; CPOL_ERULES
 *         when a formula fails at run time (its rule named); CPOL_ENOMEM;
 *         CPOL_EDB.
 */
CPOL_EXTERN int cpol_assess_score(cpol_assessment **out, cpol_assessor *assessor,
                                  const cpol_period *period, const cpol_assess_options *opts);

/**
 * Free an assessment. NULL is allowed.
 *
 * Ownership: everything an assessment shows (names, grade codes and names,
 * veto and sanction ids, lines, rule refs) is owned by the assessment and
 * valid until this call. A scored assessment holds a reference to its rule
 * set (cpol_rules_ref()) for the strings it shares with it, dropped here;
 * one read back with cpol_assessment_load() copies everything. Neither
 * borrows from the assessor or from the caller's rules, which may be freed
 * first.
 *
 * @param assessment the assessment to free, or NULL.
 */
CPOL_EXTERN void cpol_assessment_free(cpol_assessment *assessment);

/**
 * Number of results.
 *
 * @param assessment the assessment; read only.
 * @return the number of results.
 */
CPOL_EXTERN size_t cpol_assessment_count(const cpol_assessment *assessment);

/**
 * A result by index: ordered by group, then rank, then subject id.
 *
 * @param assessment the assessment; read only.
 * @param index the index, from 0 to the count less one.
 * @return a result owned by the assessment, or NULL for a bad index.
 */
CPOL_EXTERN const cpol_assess_result *cpol_assessment_result(const cpol_assessment *assessment,
                                                             size_t index);

/**
 * The result of a subject.
 *
 * @param out receives the result (owned by the assessment).
 * @param assessment the assessment.
 * @param subject_id the subject: staff id or office id, as assessed.
 * @return 0, or CPOL_ENOTFOUND; CPOL_EINVAL for a NULL out or assessment.
 */
CPOL_EXTERN int cpol_assessment_find(const cpol_assess_result **out,
                                     const cpol_assessment *assessment, cpol_id subject_id);

/**
 * The assessed period.
 *
 * @param assessment the assessment; read only.
 * @return the assessed period.
 */
CPOL_EXTERN const cpol_period *cpol_assessment_period(const cpol_assessment *assessment);

/**
 * The subject kind assessed.
 *
 * @param assessment the assessment; read only.
 * @return the subject kind assessed.
 */
CPOL_EXTERN cpol_subject_kind cpol_assessment_subject_kind(const cpol_assessment *assessment);

/**
 * The rule set's hash (cpol_rules_hash()) the assessment was made with; owned by it.
 *
 * @param assessment the assessment; read only.
 * @return the rule set's hash (cpol_rules_hash()) the assessment was made with; owned by it.
 */
CPOL_EXTERN const char *cpol_assessment_rules_hash(const cpol_assessment *assessment);

/**
 * The region code of the rule set used; owned by the assessment.
 *
 * @param assessment the assessment; read only.
 * @return the region code of the rule set used; owned by the assessment.
 */
CPOL_EXTERN const char *cpol_assessment_region(const cpol_assessment *assessment);

/**
 * The id of the saved run it is, or 0 when it was not saved or loaded.
 *
 * @param assessment the assessment; read only.
 * @return the id of the saved run it is, or 0 when it was not saved or loaded.
 */
CPOL_EXTERN cpol_id cpol_assessment_run_id(const cpol_assessment *assessment);

/**
 * Save an assessment: the run (period, scope, groups, rule-set hash, who
 * and when) and every result, line and sanction. Saved results are never
 * changed; a recomputation is saved as a new run, and the latest run of a
 * period is the one that counts (for the last-place streak of the next).
 *
 * @param out receives the run id; may be NULL.
 * @param db the handle.
 * @param assessment the assessment; its run id is set.
 * @return 0; CPOL_EEXISTS when it was saved already; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_assessment_save(cpol_id *out, cpol_db *db, cpol_assessment *assessment);

/**
 * Read a saved run back.
 *
 * @param out receives the assessment; free it with cpol_assessment_free().
 * @param db the handle.
 * @param run_id the run id given by cpol_assessment_save().
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB; CPOL_EINVAL for a NULL
 *         out or db.
 */
CPOL_EXTERN int cpol_assessment_load(cpol_assessment **out, cpol_db *db, cpol_id run_id);

/**
 * The latest saved run of a period for a subject kind and scope.
 *
 * @param out receives the run id.
 * @param db the handle.
 * @param period the period.
 * @param opts the subject kind and scope (rank_level and with_records are
 *        ignored); NULL for the defaults.
 * @return 0, or CPOL_ENOTFOUND; CPOL_EDB.
 */
CPOL_EXTERN int cpol_assessment_latest(cpol_id *out, cpol_db *db, const cpol_period *period,
                                       const cpol_assess_options *opts);

/**
 * Explain a subject's result as readable text: each line's inputs, rule,
 * arithmetic and points, then total, grade, rank and sanctions.
 *
 * @param out receives a new UTF-8 string; free it with cpol_free().
 * @param assessment the assessment.
 * @param subject_id the subject.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_assessment_explain(char **out, const cpol_assessment *assessment,
                                        cpol_id subject_id);

/**
 * The whole assessment as JSON (results, lines and sanctions), for
 * programs and researchers.
 *
 * @param out receives a new string; free it with cpol_free().
 * @param assessment the assessment; read only.
 * @return 0 or CPOL_ENOMEM; CPOL_EINVAL for a NULL argument.
 */
CPOL_EXTERN int cpol_assessment_json(char **out, const cpol_assessment *assessment);

/**
 * A versioned trace of one subject's result: why it came out as it did,
 * in a schema kept stable across releases ("format":
 * "commpolice.trace/1", docs/assess.md "Trace"): the rule-set hash, the
 * library version, every rule value read (key, file, line, value) and,
 * per metric, its value and the ids of the records behind it (score with
 * `with_records` set to have them; otherwise "records" is null).
 *
 * @param out receives a new string; free it with cpol_free().
 * @param assessment a scored assessment (one loaded from a saved run keeps
 *        no rules: CPOL_EINVAL).
 * @param subject_id the subject.
 * @return 0; CPOL_ENOTFOUND; CPOL_EINVAL; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_assessment_trace(char **out, const cpol_assessment *assessment,
                                      cpol_id subject_id);

/* ----------------------------------------------------------------- what-if */

/**
 * Compare two assessments of the same period (typically under two rule
 * sets): one change per subject whose rank, grade or sanctions differ, or
 * that only one of them has, ordered by subject id.
 *
 * @param out receives the diff; free it with cpol_assess_diff_free().
 * @param before the first assessment.
 * @param after the second.
 * @return 0; CPOL_EINVAL when the subject kinds differ; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_assess_compare(cpol_assess_diff **out, const cpol_assessment *before,
                                    const cpol_assessment *after);

/**
 * Score a period under two rule sets and compare (cpol_assess_score() twice
 * and cpol_assess_compare()).
 *
 * @param out receives the diff; free it with cpol_assess_diff_free().
 * @param db the handle.
 * @param rules_before the rule set in force.
 * @param rules_after the rule set considered.
 * @param period the period.
 * @param opts options for both, or NULL.
 * @return as for cpol_assessor_new() and cpol_assess_score().
 */
CPOL_EXTERN int cpol_assess_what_if(cpol_assess_diff **out, cpol_db *db,
                                    const cpol_rules *rules_before, const cpol_rules *rules_after,
                                    const cpol_period *period, const cpol_assess_options *opts);

/**
 * Number of changes.
 *
 * @param diff the assess diff; read only.
 * @return the number of changes.
 */
CPOL_EXTERN size_t cpol_assess_diff_count(const cpol_assess_diff *diff);

/**
 * A change by index.
 *
 * @param diff the assess diff; read only.
 * @param index the index, from 0 to the count less one.
 * @return a change owned by the diff, or NULL for a bad index.
 */
CPOL_EXTERN const cpol_assess_change *cpol_assess_diff_get(const cpol_assess_diff *diff,
                                                           size_t index);

/**
 * The diff as readable text, one line per change.
 *
 * @param out receives a new string; free it with cpol_free().
 * @param diff the diff; read only.
 * @return 0 or CPOL_ENOMEM; CPOL_EINVAL for a NULL argument.
 */
CPOL_EXTERN int cpol_assess_diff_text(char **out, const cpol_assess_diff *diff);

/**
 * Free a diff. NULL is allowed.
 *
 * @param diff the assess diff to free, or NULL.
 */
CPOL_EXTERN void cpol_assess_diff_free(cpol_assess_diff *diff);

/* --------------------------------------------------- words of the enums */

/**
 * The word for a value of cpol_subject_kind ("officer", "office"), as reports,
 * JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_subject_kind_name(cpol_subject_kind value);

/**
 * A value of cpol_subject_kind from its word, as cpol_subject_kind_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "subject") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_subject_kind_parse(cpol_subject_kind *out, const char *word);

/**
 * The word for a value of cpol_metric_unit ("count", "rate", "ratio",
 * "per_10k", "number"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_metric_unit_name(cpol_metric_unit value);

/**
 * A value of cpol_metric_unit from its word, as cpol_metric_unit_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "unit") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_metric_unit_parse(cpol_metric_unit *out, const char *word);

/**
 * The word for a value of cpol_metric_source ("builtin", "survey", "stored",
 * "callback", "derived"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_metric_source_name(cpol_metric_source value);

/**
 * A value of cpol_metric_source from its word, as cpol_metric_source_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "source") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_metric_source_parse(cpol_metric_source *out, const char *word);

/**
 * The word for a value of cpol_survey_kind ("satisfaction", "familiarity",
 * "visibility"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_survey_kind_name(cpol_survey_kind value);

/**
 * A value of cpol_survey_kind from its word, as cpol_survey_kind_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_survey_kind_parse(cpol_survey_kind *out, const char *word);

/**
 * The word for a value of cpol_assess_line_kind ("item", "difficulty", "bonus",
 * "veto"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_assess_line_kind_name(cpol_assess_line_kind value);

/**
 * A value of cpol_assess_line_kind from its word, as
 * cpol_assess_line_kind_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_assess_line_kind_parse(cpol_assess_line_kind *out, const char *word);

CPOL_END_DECL

#endif

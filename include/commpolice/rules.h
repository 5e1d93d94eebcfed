/*
 * libcommpolice — region rules: loading, validation, lookups, decisions.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_RULES_H
#define COMMPOLICE_RULES_H

#include "common.h"
#include "date.h"

/**
 * @file commpolice/rules.h
 * @brief Region rules read from YAML, layered on the national baseline.
 *
 * Rules differ by region (3000 residents per officer in one city, 1000
 * households in another; 30 household visits a month in a rural county), so
 * they live in one YAML file per region. A file names its parent with
 * `extends:`; the chain ends at `national`, which is compiled into the
 * library. Loading merges the chain, validates the result against the schema
 * (docs/rules.md) and yields a read-only cpol_rules object.
 *
 * ## Merge semantics
 * - Maps merge key by key: a child key replaces or (when both are maps)
 *   merges into the parent's key of the same name.
 * - Lists replace the parent's list, unless the child's list carries the
 *   YAML tag `!extend`: then its elements are appended, except an element
 *   whose `id` (or `code`) equals one of the parent's, which is merged into
 *   that element key by key.
 * - A child value `~` (null) removes the inherited key.
 * - `tests:` and `source:` are never inherited.
 *
 * ## Provenance
 * Every value knows where it came from: a cpol_rule_ref gives its key path,
 * file, line, column and the region code of the file that set it. All
 * decisions in the library report the ref of the rule they used. Refs are
 * owned by the cpol_rules object, so copying a `const cpol_rule_ref *` is
 * free; it stays valid until cpol_rules_free().
 *
 * ## Durations and cadences
 * One readable form everywhere. A *duration* is a count and a unit: `3d`,
 * `1w`, `2w`, `1m` (month), `1q` (quarter), `1y`, or a unit word alone:
 * `day`, `week`, `half-month`, `month`, `quarter`, `half-year`, `year`.
 * A *cadence* says how often something is owed:
 * - a period word (`week`, `half-month`, `month`, `quarter`, `half-year`,
 *   `year`): once in every calendar period (ISO week, the 1st-15th and the
 *   16th-end of a month, calendar month, quarter, half year, year);
 * - a count and a unit (`3d`, `2w`, `1m`): rolling, that long after the
 *   last time;
 * - a day of the month (`18th`, `1st`, `month-end`): on that day each month;
 * - `working-day`: every working day; `immediate`: the same day as its cause.
 *
 * ## Threading
 * A loaded cpol_rules object is immutable: any number of threads may read
 * it at once. Loading is thread-safe; errors are reported per thread.
 */

/** A validated, merged rule set. Opaque; see cpol_rules_load_region(). */
typedef struct cpol_rules cpol_rules;

/**
 * Where a rule value came from.
 *
 * All strings are owned by the cpol_rules object that handed out the ref
 * and stay valid until cpol_rules_free().
 */
typedef struct cpol_rule_ref {
	const char *key;    /**< key path, "visits.households_per_month";
	                         list elements by id, "assessment.items[visits].weight" */
	const char *file;   /**< the file that set it; "<built-in>/national.yaml"
	                         for the compiled-in baseline, or the name given
	                         to cpol_rules_load_string() */
	int line;           /**< 1-based line of the value in file */
	int column;         /**< 1-based column of the value in file */
	const char *region; /**< region code of that file ("national", "nantong") */
} cpol_rule_ref;

/* ---------------------------------------------------------------- durations */

/** Units of durations and cadences. */
typedef enum {
	CPOL_UNIT_NONE = 0,
	CPOL_UNIT_DAY,        /**< `d`, `day` */
	CPOL_UNIT_WEEK,       /**< `w`, `week` (7 days; ISO week as a period) */
	CPOL_UNIT_HALF_MONTH, /**< `half-month` (1st-15th, 16th-end) */
	CPOL_UNIT_MONTH,      /**< `m`, `month` */
	CPOL_UNIT_QUARTER,    /**< `q`, `quarter` */
	CPOL_UNIT_HALF_YEAR,  /**< `half-year` */
	CPOL_UNIT_YEAR,       /**< `y`, `year` */
	/**
	 * `h`: hours, for time limits the law states in hours (a foreigner
	 * registers within 24 hours, 出境入境管理法 §39). A length only, never a
	 * cadence; counted by the clock, so the holiday rules do not move it.
	 */
	CPOL_UNIT_HOUR
} cpol_time_unit;

/** A length of time: count units ("3d" is {3, CPOL_UNIT_DAY}). */
typedef struct cpol_duration {
	int count;           /**< 1 or more */
	cpol_time_unit unit; /**< the unit */
} cpol_duration;

/** Kinds of cadence; see the file comment for their spelling. */
typedef enum {
	CPOL_CADENCE_NONE = 0,     /**< not recurring */
	CPOL_CADENCE_PERIOD,       /**< once per calendar period (`month`) */
	CPOL_CADENCE_INTERVAL,     /**< rolling: `every` after the last time (`3d`) */
	CPOL_CADENCE_DAY_OF_MONTH, /**< on day `day` of each month (`18th`, `month-end`) */
	CPOL_CADENCE_WORKING_DAY,  /**< every working day (`working-day`) */
	CPOL_CADENCE_IMMEDIATE     /**< the same day as its cause (`immediate`) */
} cpol_cadence_kind;

/** Value of cpol_cadence.day for `month-end`. */
#define CPOL_CADENCE_MONTH_END (-1)

/** How often something is owed. */
typedef struct cpol_cadence {
	cpol_cadence_kind kind; /**< the kind */
	cpol_duration every;    /**< PERIOD: {1, unit}; INTERVAL: the interval */
	int day;                /**< DAY_OF_MONTH: 1-31 or CPOL_CADENCE_MONTH_END */
} cpol_cadence;

/** Buffer size that holds any formatted duration or cadence. */
#define CPOL_CADENCE_BUFSZ 32

/* ------------------------------------------------------------ typed values */

/*
 * Each typed value carries its ref. A value that no file of the chain set
 * has ref == NULL and a zero value; CPOL_RULE_IS_SET() tests for it.
 */

/** An integer rule value (counts; times of day as minutes after midnight;
 *  weekday sets as bit masks, bit n = ISO weekday n). */
typedef struct cpol_rule_int { int64_t value; /**< the value; zero when unset */
	const cpol_rule_ref *ref; /**< where it was set; NULL when unset */ } cpol_rule_int;
/** A real-number rule value (weights, ratios, points). */
typedef struct cpol_rule_number { double value; /**< the value; zero when unset */
	const cpol_rule_ref *ref; /**< where it was set; NULL when unset */ } cpol_rule_number;
/** A boolean rule value (0 or 1). */
typedef struct cpol_rule_bool { int value; /**< the value; zero when unset */
	const cpol_rule_ref *ref; /**< where it was set; NULL when unset */ } cpol_rule_bool;
/** A UTF-8 text rule value, owned by the rules object. */
typedef struct cpol_rule_string { const char *value; /**< the text; NULL when unset */
	const cpol_rule_ref *ref; /**< where it was set; NULL when unset */ } cpol_rule_string;
/** A duration rule value ("within 3d"). */
typedef struct cpol_rule_duration { cpol_duration value; /**< the value; zero when unset */
	const cpol_rule_ref *ref; /**< where it was set; NULL when unset */ } cpol_rule_duration;
/** A cadence rule value ("month", "18th"). */
typedef struct cpol_rule_cadence { cpol_cadence value; /**< the value; zero when unset */
	const cpol_rule_ref *ref; /**< where it was set; NULL when unset */ } cpol_rule_cadence;
/** A date rule value. */
typedef struct cpol_rule_date { cpol_date value; /**< the value; zero when unset */
	const cpol_rule_ref *ref; /**< where it was set; NULL when unset */ } cpol_rule_date;
/** An inclusive range `{min: .., max: ..}`; either end may be unset. */
typedef struct cpol_rule_range { cpol_rule_number min; /**< lower end, inclusive */
	cpol_rule_number max; /**< upper end, inclusive */ } cpol_rule_range;

/** True when a typed rule value was set by some file of the chain. */
#define CPOL_RULE_IS_SET(v) ((v).ref != NULL)

/* ---------------------------------------------------------------- staffing */

/** An office class (一类/二类/三类警务室) and the criteria that put an office in it. */
typedef struct cpol_rules_office_class {
	const char *code;               /**< "class1" */
	const char *name;               /**< "一类警务室" */
	const cpol_rule_ref *ref;       /**< the list element */
	cpol_rule_int rank;             /**< 1 = highest class */
	cpol_rule_range residents;      /**< criteria: 实有人口 in range */
	cpol_rule_range households;     /**< criteria: households in range */
	cpol_rule_range floating;       /**< criteria: 流动人口 in range */
	cpol_rule_range key_persons;    /**< criteria: 重点人员 in range */
	cpol_rule_range places;         /**< criteria: places on file in range */
	cpol_rule_range cases_per_10k;  /**< criteria: 万人发案率 in range */
	cpol_rule_int min_officers;     /**< officers an office of this class has */
	cpol_rule_int min_auxiliaries;  /**< auxiliaries it has */
	cpol_rule_number min_area_m2;   /**< floor area it has */
	cpol_rule_string description;   /**< free text */
} cpol_rules_office_class;

/** A staffing model: 一社区一警, 一社区多警, 一村一警, 联村一警... */
typedef struct cpol_rules_staffing_model {
	const char *code;               /**< "one_per_community" */
	const char *name;               /**< "一社区一警" */
	const cpol_rule_ref *ref;       /**< the list element */
	cpol_rule_string unit;          /**< "community" or "village" */
	cpol_rule_range officers;       /**< officers per unit */
	cpol_rule_range units;          /**< units per officer (联村一警: 2-3 villages) */
	cpol_rule_string when;          /**< when the model applies, free text */
} cpol_rules_staffing_model;

/** `staffing:` — 警力配置. */
typedef struct cpol_rules_staffing {
	cpol_rule_int residents_per_officer;   /**< one officer per N 实有人口 */
	cpol_rule_int households_per_officer;  /**< one officer per N households */
	cpol_rule_range residents_per_officer_range; /**< accepted band (成都 3000-5000) */
	cpol_rule_range villages_per_district; /**< villages a rural district may hold */
	cpol_rule_number min_office_area_m2;   /**< office floor area */
	cpol_rule_int auxiliaries_per_officer; /**< 协勤 per officer */
	cpol_rule_string default_model;        /**< code of a model */
	const cpol_rules_office_class *office_classes; /**< best class (rank 1) first */
	size_t office_class_count;             /**< entries in office_classes */
	const cpol_rules_staffing_model *models; /**< staffing models (警务室 modes), owned by the rules */
	size_t model_count;                    /**< entries in models */
} cpol_rules_staffing;

/* -------------------------------------------------------------- population */

/** A residence type: 常住, 暂住, 流动, 境外... */
typedef struct cpol_rules_residence_type {
	const char *code;           /**< "permanent" */
	const char *name;           /**< "常住人口" */
	const cpol_rule_ref *ref;   /**< where the type is defined */
	cpol_rule_bool register_required; /**< must be registered (登记办证) */
	cpol_rule_duration register_within; /**< ... within this time of arrival */
	cpol_rule_cadence verify;   /**< how often the record is checked */
} cpol_rules_residence_type;

/** Kinds of person label. */
typedef enum {
	CPOL_LABEL_KEY_PERSON = 1, /**< 重点人员 */
	CPOL_LABEL_SUPERVISED,     /**< 监管对象 */
	CPOL_LABEL_CORRECTION,     /**< 社区矫正 */
	CPOL_LABEL_HELP_EDUCATION, /**< 帮教对象 */
	CPOL_LABEL_CARE            /**< care groups: 孤寡老人, 留守儿童... */
} cpol_label_kind;

/** A person label (key-person class, correction, help-education, care). */
typedef struct cpol_rules_label {
	const char *code;           /**< "key_drug" */
	const char *name;           /**< "吸毒人员" */
	const cpol_rule_ref *ref;   /**< where the label is defined */
	cpol_label_kind kind;       /**< from `kind:` */
	cpol_rule_cadence assess;   /**< 考核 (key persons: month) */
	cpol_rule_cadence talk;     /**< 谈话 (key persons: quarter) */
	cpol_rule_cadence visit;    /**< home visit */
} cpol_rules_label;

/** `population.id_number:` — the resident ID number policy. */
typedef struct cpol_rules_id_policy {
	cpol_rule_bool accept_15_digit;     /**< accept old 15-digit numbers */
	cpol_rule_bool require_check_char;  /**< verify the ISO 7064 check character */
	cpol_rule_bool accept_lowercase_x;  /**< accept 'x' for 'X' */
} cpol_rules_id_policy;

/** `population:` — 人口管理. */
typedef struct cpol_rules_population {
	const cpol_rules_residence_type *residence_types; /**< owned by the rules object */
	size_t residence_type_count;   /**< entries in residence_types */
	const cpol_rules_label *labels; /**< owned by the rules object */
	size_t label_count;            /**< entries in labels */
	cpol_rules_id_policy id_number; /**< `population.id_number:` */
} cpol_rules_population;

/* ------------------------------------------------------------------ visits */

/** `visits:` — 走访. */
typedef struct cpol_rules_visits {
	cpol_rule_int households_per_month;        /**< 每月走访户数 */
	cpol_rule_int key_person_visits_per_month; /**< 重点人员走访 a month */
	cpol_rule_int days_in_district_per_week;   /**< 每周驻村/在警务区天数 */
	cpol_rule_cadence household_cadence;       /**< 入户访查 (week) */
	cpol_rule_duration return_visit_within;    /**< 案件回访 (3d) */
	cpol_rule_duration feedback_within;        /**< 群众诉求反馈 (1w) */
	cpol_rule_bool contact_card;               /**< 每户一卡 (cpol_uncarded_iter_new()) */
	/** 每周安排时间入户访查 as a number: households an officer visits a week
	 *  (owed when short, by the week's last working day) */
	cpol_rule_int households_per_week;
	/** 六防宣传 events an officer holds a month (cpol_quota_list_get()); unset: no quota */
	cpol_rule_int publicity_per_month;
} cpol_rules_visits;

/* ------------------------------------------------------------------ places */

/** A place type with its inspection cadence. */
typedef struct cpol_rules_place_type {
	const char *code;           /**< "entertainment" */
	const char *name;           /**< "娱乐服务场所" */
	const cpol_rule_ref *ref;   /**< where the type is defined */
	cpol_rule_cadence inspect;  /**< 安全检查 */
	cpol_rule_cadence contact;  /**< contact with its security department */
	cpol_rule_cadence supervise;/**< supervision of its organisation */
	cpol_rule_bool on_file;     /**< kept on file (建档) */
} cpol_rules_place_type;

/** `places:` — 治安检查. */
typedef struct cpol_rules_places {
	const cpol_rules_place_type *types; /**< owned by the rules object */
	size_t type_count;          /**< entries in types */
	cpol_rule_duration rectification_deadline; /**< default 整改期限 */
	cpol_rule_duration escalate_after;          /**< overdue this long → escalate */
} cpol_rules_places;

/* ------------------------------------------------------------- obligations */

/** Kinds of obligation. */
typedef enum {
	CPOL_OBLIGATION_MEETING = 1, /**< 会议 */
	CPOL_OBLIGATION_NOTICE,      /**< 通报 */
	CPOL_OBLIGATION_REPORT,      /**< 报告 / 总结 / 分析 */
	CPOL_OBLIGATION_RECORD,      /**< 日志, 台帐 */
	CPOL_OBLIGATION_SUPERVISION, /**< 监督指导 */
	CPOL_OBLIGATION_CONTACT,     /**< 联系 */
	CPOL_OBLIGATION_TRAINING,    /**< 培训 */
	CPOL_OBLIGATION_ASSESSMENT   /**< 考评 (quarterly rating, half-year test) */
} cpol_obligation_kind;

/** A duty that recurs: a meeting, a notice, a report. */
typedef struct cpol_rules_obligation {
	const char *id;              /**< "joint_meeting" */
	const char *name;            /**< "群防群治组织联动会议" */
	const cpol_rule_ref *ref;    /**< where the obligation is defined */
	cpol_obligation_kind kind;   /**< from `kind:` */
	cpol_rule_cadence cadence;   /**< when it is owed */
	cpol_rule_string audience;   /**< who it is for, free text */
} cpol_rules_obligation;

/** `obligations:` — 制度. */
typedef struct cpol_rules_obligations {
	const cpol_rules_obligation *items; /**< owned by the rules object */
	size_t count;                /**< entries in items */
} cpol_rules_obligations;

/* -------------------------------------------------------------------- duty */

/**
 * One post's rotation template (`duty.rotation:`, ab岗轮流): what the
 * person on that post does on each day of a cycle that repeats from
 * `start`. Owned by the rules object.
 */
typedef struct cpol_rules_rotation {
	const char *post;            /**< one of duty.posts ("A") */
	const cpol_rule_ref *ref;    /**< where the template is defined */
	cpol_rule_date start;        /**< the first day of a cycle */
	/** One entry per day of the cycle: shift codes joined by "+"
	    ("district", "district+patrol"), "-" for no duty, "*" for anything */
	const char *const *days;
	size_t day_count;            /**< the cycle's length in days */
	const cpol_rule_ref *days_ref; /**< where the days are listed */
} cpol_rules_rotation;

/** `duty:` — 值班备勤. Times of day are minutes after midnight. */
typedef struct cpol_rules_duty {
	const char *const *posts;             /**< post names, "A", "B" (ab岗) */
	size_t post_count;                    /**< entries in posts */
	const cpol_rule_ref *posts_ref;       /**< NULL when no posts are set */
	cpol_rule_int min_days_in_district_per_week; /**< 3 */
	cpol_rule_int reception_weekdays;     /**< bit mask of ISO weekdays (周三、周四) */
	cpol_rule_bool reception_on_market_days; /**< 墟日 are reception days */
	cpol_rule_int min_nights_per_week;    /**< office night duty (2) */
	cpol_rule_int max_nights_per_week;    /**< office night duty, at most */
	cpol_rule_bool rest_after_night;      /**< the day after a night is free */
	cpol_rule_int no_duty_after;          /**< dedicated officers: 22:00 → 1320 */
	cpol_rule_int auxiliary_hours_per_day;/**< 协勤 keep the office staffed N hours */
	cpol_rule_int training_days_per_year; /**< 集中培训 (15) */
	cpol_rule_int patrol_per_night;       /**< auxiliaries on patrol with each night duty */
	cpol_rule_int officers_per_night;     /**< night cover: officers on night duty each night (0: none asked) */
	cpol_rule_bool night_cover_hard;      /**< an uncovered or stacked night breaks a hard rule */
	cpol_rule_int max_shifts_per_day;     /**< shifts a person may hold on one day (non-overlapping) */
	cpol_rule_int max_consecutive_days;   /**< days in a row with a shift, at most (0: no limit) */
	cpol_rule_bool max_consecutive_days_hard; /**< hard, else soft */
	cpol_rule_int max_hours_per_week;     /**< hours of shifts in a week, at most (0: no limit) */
	cpol_rule_bool max_hours_per_week_hard; /**< hard, else soft */
	cpol_rule_int min_rest_hours;         /**< hours between the end of a shift and the next (0: none) */
	cpol_rule_bool min_rest_hours_hard;   /**< hard, else soft */
	cpol_rule_int max_nights_in_row;      /**< nights on consecutive days, at most (0: no limit) */
	cpol_rule_bool max_nights_in_row_hard; /**< hard, else soft */
	cpol_rule_int weight_nights;          /**< points per hour of night duty off a person's share */
	cpol_rule_int weight_weekends;        /**< ... of weekend duty */
	cpol_rule_int weight_holidays;        /**< ... of holiday duty */
	cpol_rule_int weight_load;            /**< ... of all duty */
	cpol_rule_int weight_preference;      /**< points per unmet preference weight */
	cpol_rule_int weight_shift;           /**< points per shift */
	cpol_rule_int weight_night_cover;     /**< points per officer missing or extra on a night (soft cover) */
	cpol_rule_int weight_consecutive_days;/**< points per day over max_consecutive_days (soft) */
	cpol_rule_int weight_hours_per_week;  /**< points per hour over max_hours_per_week (soft) */
	cpol_rule_int weight_rest;            /**< points per hour of rest short of min_rest_hours (soft) */
	cpol_rule_int weight_nights_in_row;   /**< points per night over max_nights_in_row (soft) */
	/** Night patrols (夜巡) an officer leads a week (cpol_quota_list_get()); unset: no quota */
	cpol_rule_int night_patrols_per_week;
	/** Rotation templates, one per post (`duty.rotation:`); owned by the rules object */
	const cpol_rules_rotation *rotation;
	size_t rotation_count;                /**< entries in rotation */
	cpol_rule_int weight_rotation;        /**< points per cell off its post's template (soft) */
} cpol_rules_duty;

/* ---------------------------------------------------------------- calendar */

/** One day in the calendar: a holiday or a make-up working day. */
typedef struct cpol_rules_day {
	cpol_date date;            /**< the day */
	const char *name;          /**< "春节", or NULL */
	const cpol_rule_ref *ref;  /**< where the day is set */
} cpol_rules_day;

/** `calendar.market_days:` — 墟日. Any of the three forms may be combined. */
typedef struct cpol_rules_market_days {
	cpol_rule_duration every;  /**< every N days (3d, 5d) ... */
	cpol_rule_date anchor;     /**< ... counted from this market day */
	const int *days_of_month;  /**< fixed days of the solar month */
	size_t days_of_month_count; /**< entries in days_of_month */
	const cpol_rule_ref *days_of_month_ref; /**< where days_of_month is set; NULL when unset */
	const cpol_rules_day *dates; /**< explicit dates */
	size_t date_count;         /**< entries in dates */
	/** Fixed days of the lunar month (农历): 逢农历初三、十八 is [3, 18]. */
	const int *lunar_days_of_month;
	size_t lunar_days_of_month_count; /**< entries in lunar_days_of_month */
	const cpol_rule_ref *lunar_days_of_month_ref; /**< where set; NULL when unset */
	/**
	 * Last digits of the lunar day (逢农历三六九 is [3, 6, 9]: the 3rd, 6th,
	 * 9th, 13th, 16th, 19th, 23rd, 26th and 29th; 0 is the 10th, 20th, 30th).
	 */
	const int *lunar_day_endings;
	size_t lunar_day_ending_count; /**< entries in lunar_day_endings */
	const cpol_rule_ref *lunar_day_endings_ref; /**< where set; NULL when unset */
} cpol_rules_market_days;

/** `calendar:` — working days, holidays, hours, market days. */
typedef struct cpol_rules_calendar {
	cpol_rule_int weekend;        /**< bit mask of ISO weekdays, Sat+Sun */
	const cpol_rules_day *holidays; /**< sorted by date, ranges expanded */
	size_t holiday_count;         /**< entries in holidays */
	const cpol_rules_day *workdays; /**< 调休 make-up working days, sorted */
	size_t workday_count;         /**< entries in workdays */
	cpol_rule_int work_start;     /**< 8:30 → 510 */
	cpol_rule_int work_end;       /**< 17:30 → 1050 */
	cpol_rule_int break_minutes;  /**< 60 */
	cpol_rules_market_days market_days; /**< `calendar.market_days:` (墟日) */
	/**
	 * A time allowed after an event (a deadline, "within 3 days", a rolling
	 * interval) whose last day is not a working day: "next_working_day"
	 * runs it to the next working day (national), "keep" leaves it; unset
	 * keeps it.
	 */
	cpol_rule_string deadline_on_holiday;
	/**
	 * What is owed in a calendar period (or on a fixed day of the month)
	 * when that day is not a working day: "previous_working_day" makes it
	 * due on the last working day before, within the period (national),
	 * "keep" leaves it; unset keeps it.
	 */
	cpol_rule_string period_end_on_holiday;
	/**
	 * The years the rules give a notice for (keys of calendar.holidays or
	 * calendar.workdays), ascending. Any other year is provisional.
	 */
	const int *notice_years;
	size_t notice_year_count;       /**< entries in notice_years */
	/**
	 * Days off computed for the years 2025-2099 that have no notice (see
	 * cpol_calendar_day_get()), sorted; their ref's file is
	 * CPOL_RULES_COMPUTED_FILE.
	 */
	const cpol_rules_day *computed_holidays;
	size_t computed_holiday_count;  /**< entries in computed_holidays */
	const cpol_rules_day *computed_workdays; /**< computed make-up days, sorted */
	size_t computed_workday_count;  /**< entries in computed_workdays */
} cpol_rules_calendar;

/**
 * The file named by the rule ref of a day the library computed for a year
 * without a notice (law and principles, not a rule file); its line is 0.
 */
#define CPOL_RULES_COMPUTED_FILE "<computed: 全国年节及纪念日放假办法>"

/**
 * One day of the calendar as the rules see it: cpol_calendar_day_get()
 * fills it. The caller allocates it and sets its version
 * (CPOL_CALENDAR_DAY_INIT or cpol_calendar_day_init()).
 */
typedef struct cpol_calendar_day {
	unsigned int version; /**< CPOL_CALENDAR_DAY_VERSION: the layout the caller was built with */
	int working;          /**< 1 for a working day (make-up days included) */
	/**
	 * 1 when the answer rests on a computed year (no State Council notice in
	 * the rules): the statutory holidays and make-up days were forecast from
	 * the law and the notices' principles, and the published notice may
	 * differ. 0 for a year the rules list.
	 */
	int provisional;
	const char *holiday;  /**< name of the holiday ("春节") or make-up day, or NULL; owned by the rules */
	const cpol_rule_ref *ref; /**< the entry that decided, or calendar.weekend; owned by the rules */
} cpol_calendar_day;

/** The current version of cpol_calendar_day. */
#define CPOL_CALENDAR_DAY_VERSION 1
/** An empty cpol_calendar_day of the current version. */
#define CPOL_CALENDAR_DAY_INIT { CPOL_CALENDAR_DAY_VERSION, 0, 0, NULL, NULL }

/* -------------------------------------------------------------- assessment */

/** Kinds of deduction rule. */
typedef enum {
	/** `per_unit: p` — p points per unit of shortfall below target. */
	CPOL_DEDUCT_PER_UNIT = 1,
	/** `per_percent: {step: s, points: p}` — p points per full s percent
	 *  of shortfall relative to the target. */
	CPOL_DEDUCT_PER_PERCENT,
	/** `below: t, points: p` — p points once when the value misses t. */
	CPOL_DEDUCT_THRESHOLD
} cpol_deduct_kind;

/** One deduction rule of an item. */
typedef struct cpol_rules_deduction {
	cpol_deduct_kind kind;  /**< which form of rule */
	const cpol_rule_ref *ref; /**< where the rule is set */
	double points;         /**< points per unit, per step, or once */
	double step;           /**< PER_PERCENT: percent per step */
	double threshold;      /**< THRESHOLD: the value to reach */
	cpol_rule_number cap;  /**< most this rule takes; unset = the item's weight */
} cpol_rules_deduction;

/** An assessment item (考核项目). */
typedef struct cpol_rules_item {
	const char *id;              /**< "household_visits" */
	const char *name;            /**< "入户走访" */
	const cpol_rule_ref *ref;    /**< where the item is defined */
	cpol_rule_string metric;     /**< metric name the assess module computes */
	cpol_rule_number weight;     /**< full points */
	cpol_rule_number target;     /**< value that earns full points */
	cpol_rule_bool lower_is_better; /**< 发案率: shortfall is value - target */
	cpol_rule_string formula;    /**< derived metric, kept as text */
	const cpol_rules_deduction *deductions; /**< owned by the rules object */
	size_t deduction_count;      /**< entries in deductions */
} cpol_rules_item;

/** A bonus item (加分项). */
typedef struct cpol_rules_bonus {
	const char *id;              /**< the item's key in the rules */
	const char *name;            /**< display name, UTF-8 */
	const cpol_rule_ref *ref;    /**< where the item is defined */
	cpol_rule_string metric;     /**< metric name the assess module computes */
	cpol_rule_number per_unit;   /**< points per unit of the metric */
	cpol_rule_number max;        /**< most points it adds */
} cpol_rules_bonus;

/**
 * What a veto (一票否决) does. A veto lists one or more effects
 * (`effect: [cap_grade, no_rewards, rank_after_unvetoed]`); the region says
 * which. RANK_AFTER_UNVETOED and UNRANKED exclude each other.
 */
typedef enum {
	CPOL_VETO_ZERO = 1,     /**< `zero`: the total becomes 0 */
	CPOL_VETO_CAP_GRADE,    /**< `cap_grade`: the grade is at most `grade` */
	CPOL_VETO_NO_REWARDS,   /**< `no_rewards`: loses the period's rewards and honours
	                             (every sanction with the action `reward`, such as the
	                             annual top three) */
	CPOL_VETO_RANK_AFTER_UNVETOED, /**< `rank_after_unvetoed`: ranked after every
	                                    subject of its group without a veto, whatever
	                                    the totals */
	CPOL_VETO_UNRANKED      /**< `unranked`: left out of the ranking (rank 0) */
} cpol_veto_effect;

/** The bit of an effect in cpol_rules_veto.effect_bits. */
#define CPOL_VETO_BIT(effect) (1u << (unsigned)(effect))

/** A veto item: when metric reaches `at_least`, the effects apply. */
typedef struct cpol_rules_veto {
	const char *id;              /**< the item's key in the rules */
	const char *name;            /**< display name, UTF-8 */
	const cpol_rule_ref *ref;    /**< where the item is defined */
	cpol_rule_string metric;     /**< e.g. "major_incidents" */
	cpol_rule_number at_least;   /**< triggers when metric >= this; unset (ref NULL) means 1 */
	cpol_veto_effect effect;     /**< the first of effects */
	cpol_rule_string grade;      /**< CAP_GRADE: code of the highest grade left */
	const cpol_veto_effect *effects; /**< every effect, in the rules' order; owned by the rules */
	size_t effect_count;         /**< entries in effects, at least 1 */
	unsigned int effect_bits;    /**< CPOL_VETO_BIT() of each effect */
} cpol_rules_veto;

/** A grade band: scores >= min (and below the next band) get it. */
typedef struct cpol_rules_grade {
	const char *code;            /**< "excellent" */
	const char *name;            /**< "优秀" */
	const cpol_rule_ref *ref;    /**< where the band is defined */
	cpol_rule_number min;        /**< lowest score of the band */
} cpol_rules_grade;

/** A difficulty coefficient for an office class. */
typedef struct cpol_rules_difficulty {
	const char *office_class;    /**< code of an office class */
	cpol_rule_number coefficient; /**< multiplies the base score of offices of that class */
} cpol_rules_difficulty;

/** Actions a sanction takes. */
typedef enum {
	CPOL_SANCTION_CRITICISM = 1, /**< 通报批评 */
	CPOL_SANCTION_WARNING_TALK,  /**< 诫勉谈话 */
	CPOL_SANCTION_TRANSFER,      /**< moved to a hard rural post */
	CPOL_SANCTION_REVOKE_NAMEPLATE, /**< honour nameplate taken back */
	CPOL_SANCTION_REWARD         /**< 奖励 */
} cpol_sanction_action;

/**
 * A sanction (or reward) and its condition. Every condition that is set
 * must hold: e.g. rank last, 2 periods in a row, score below 80.
 *
 * With `consecutive: N` the condition is a streak: the subject was last in
 * N periods in a row, and `score_below` held in each of them (连续两次排名
 * 末位且得分在80分以下: both reviews last, both scores under 80).
 * `consecutive` needs `last_place: true` and cannot go with `metric:`,
 * whose past values are not kept.
 */
typedef struct cpol_rules_sanction {
	const char *id;              /**< the sanction's key in the rules */
	const char *name;            /**< display name, UTF-8 */
	const cpol_rule_ref *ref;    /**< where it is defined */
	cpol_sanction_action action; /**< what it does: the first of actions */
	const cpol_sanction_action *actions; /**< every action, in the order the rules
	                                          list them (`action: [criticism,
	                                          warning_talk]`); owned by the rules */
	size_t action_count;         /**< entries in actions, at least 1 */
	cpol_rule_string target;        /**< "officer" or "office" */
	cpol_rule_cadence period;       /**< the review period (quarter, year) */
	cpol_rule_bool last_place;      /**< ranked last */
	cpol_rule_int rank_at_most;     /**< ranked in the top N (rewards) */
	cpol_rule_int consecutive;      /**< ... so many periods in a row */
	cpol_rule_number score_below;   /**< total score below this */
	cpol_rule_string metric;        /**< a metric name ... */
	cpol_rule_number metric_below;  /**< ... whose value is below this */
} cpol_rules_sanction;

/** `assessment:` — 考核. */
typedef struct cpol_rules_assessment {
	cpol_rule_cadence period;       /**< rating period (quarter) */
	cpol_rule_number total;         /**< item weights sum to this; unset (ref NULL) means 100 */
	cpol_rule_string ranking_scope; /**< "station", "county", "city" */
	const cpol_rules_item *items;   /**< owned by the rules object */
	size_t item_count;              /**< entries in items */
	const cpol_rules_bonus *bonuses; /**< owned by the rules object */
	size_t bonus_count;             /**< entries in bonuses */
	const cpol_rules_veto *vetoes;  /**< owned by the rules object */
	size_t veto_count;              /**< entries in vetoes */
	const cpol_rules_grade *grades; /**< highest min first */
	size_t grade_count;             /**< entries in grades */
	const cpol_rules_difficulty *difficulty; /**< per office class, owned by the rules */
	size_t difficulty_count;        /**< entries in difficulty */
	const cpol_rules_sanction *sanctions; /**< owned by the rules object */
	size_t sanction_count;          /**< entries in sanctions */
} cpol_rules_assessment;

/* ---------------------------------------------------------------- options */

/** Flags for cpol_rules_options.flags. */
typedef enum {
	/** Do not read the CPOL_RULES_PATH environment variable. */
	CPOL_RULES_NO_ENV = 1u << 0,
	/** Do not look in the installed regions directory. */
	CPOL_RULES_NO_INSTALLED = 1u << 1
} cpol_rules_flag;

/** Options for loading rules. Initialise with CPOL_RULES_OPTIONS_INIT. */
typedef struct cpol_rules_options {
	unsigned int version;     /**< CPOL_RULES_OPTIONS_VERSION */
	unsigned int flags;       /**< cpol_rules_flag bits */
	/**
	 * Colon-separated directories searched first for `<name>.yaml` when a
	 * region or a parent is named; then CPOL_RULES_PATH, then the installed
	 * regions directory. NULL for none.
	 */
	const char *search_path;
	/** Name used for a string in refs and messages; NULL for "<string>". */
	const char *name;
} cpol_rules_options;

/** The current version of cpol_rules_options. */
#define CPOL_RULES_OPTIONS_VERSION 1

/** Default options: search CPOL_RULES_PATH and the installed directory. */
#define CPOL_RULES_OPTIONS_INIT { CPOL_RULES_OPTIONS_VERSION, 0, NULL, NULL }

/** Input to cpol_rules_office_class_for(). Initialise with CPOL_OFFICE_PROFILE_INIT. */
typedef struct cpol_office_profile {
	unsigned int version;   /**< CPOL_OFFICE_PROFILE_VERSION */
	double residents;       /**< 实有人口 in the office's area */
	double households;      /**< households in the area */
	double floating;        /**< 流动人口 */
	double key_persons;     /**< 重点人员 */
	double places;          /**< places on file (治安检查 places) */
	double cases_per_10k;   /**< 万人发案率: cases per 10,000 residents */
} cpol_office_profile;

/** The current version of cpol_office_profile. */
#define CPOL_OFFICE_PROFILE_VERSION 1
/** An all-zero profile. */
#define CPOL_OFFICE_PROFILE_INIT { CPOL_OFFICE_PROFILE_VERSION, 0, 0, 0, 0, 0, 0 }

/**
 * The result of scoring one assessment item: cpol_item_score_compute()
 * fills it. The caller allocates it and sets its version
 * (CPOL_ITEM_SCORE_INIT or cpol_item_score_init()).
 */
typedef struct cpol_item_score {
	unsigned int version;     /**< CPOL_ITEM_SCORE_VERSION: the layout the caller was built with */
	double points;            /**< weight minus deduction, never below 0 */
	double deduction;         /**< points taken */
	double shortfall;         /**< units the value missed the target by (0 if met) */
	int capped;               /**< 1 when a cap limited the deduction */
	const cpol_rules_item *item;   /**< the item scored */
	const cpol_rule_ref *ref;      /**< the deduction rule that took the most,
	                                    or the item's weight when none took any */
} cpol_item_score;

/** The current version of cpol_item_score. */
#define CPOL_ITEM_SCORE_VERSION 1
/** An empty cpol_item_score of the current version. */
#define CPOL_ITEM_SCORE_INIT { CPOL_ITEM_SCORE_VERSION, 0, 0, 0, 0, NULL, NULL }

/** Standing of an officer or office, for cpol_rules_sanction_applies(). */
typedef struct cpol_standing {
	unsigned int version;     /**< CPOL_STANDING_VERSION */
	int rank;                 /**< 1 = first */
	int ranked;               /**< how many were ranked (rank == ranked: last) */
	int last_place_streak;    /**< periods in a row ranked last, this one included */
	double score;             /**< total score */
	double metric_value;      /**< value of the sanction's `metric`, if it has one */
	/**
	 * Total scores of the periods before this one, the period just before
	 * first; borrowed for the call. A sanction with `consecutive: N` and
	 * `score_below` reads the first N - 1: a score it needs and is not given
	 * means the condition cannot be shown to hold.
	 */
	const double *previous_scores;
	size_t previous_count;    /**< entries in previous_scores */
} cpol_standing;

/** The current version of cpol_standing. */
#define CPOL_STANDING_VERSION 1
/** A zero standing. */
#define CPOL_STANDING_INIT { CPOL_STANDING_VERSION, 0, 0, 0, 0, 0, NULL, 0 }

/** One rule test's outcome, passed to a cpol_rules_test_cb. */
typedef struct cpol_rules_test_result {
	const char *name;         /**< the test's `name:` */
	const char *check;        /**< what it checks: "working_day", "next_due"... */
	int passed;               /**< 1 or 0 */
	const char *expected;     /**< expected value as text */
	const char *actual;       /**< computed value as text (or the error) */
	const cpol_rule_ref *ref; /**< the rule the decision used, or NULL */
	const char *file;         /**< file of the test */
	int line;                 /**< line of the test */
	int column;               /**< column of the test */
} cpol_rules_test_result;

/**
 * Called once per rule test.
 *
 * @param result valid during the call only.
 * @param payload as given to cpol_rules_run_tests().
 * @return 0 to go on; non-zero stops the run (CPOL_EUSER).
 */
typedef int (*cpol_rules_test_cb)(const cpol_rules_test_result *result, void *payload);

/** Types of rule values, for cpol_rules_get_type(). */
typedef enum {
	CPOL_RULE_NULL = 0,
	CPOL_RULE_BOOL,
	CPOL_RULE_INT,
	CPOL_RULE_NUMBER,
	CPOL_RULE_STRING,
	CPOL_RULE_DURATION,
	CPOL_RULE_CADENCE,
	CPOL_RULE_DATE,
	CPOL_RULE_TIME,      /**< "HH:MM", read as int minutes */
	CPOL_RULE_WEEKDAYS,  /**< list of weekday names, read as int bit mask */
	CPOL_RULE_LIST,
	CPOL_RULE_MAP
} cpol_rule_type;

/** Iterator over the leaf keys of a rule set. */
typedef struct cpol_rules_iter cpol_rules_iter;

CPOL_BEGIN_DECL

/* ---------------------------------------------------------------- loading */

/**
 * Initialise an options struct with the defaults of CPOL_RULES_OPTIONS_INIT.
 *
 * @param opts the struct to fill.
 * @param version CPOL_RULES_OPTIONS_VERSION.
 * @return 0, or CPOL_EINVAL for a version this library does not know.
 */
CPOL_EXTERN int cpol_rules_options_init(cpol_rules_options *opts, unsigned int version);

/**
 * Load the rules of a region by name: `national` (compiled in) or
 * `<name>.yaml` found on the search path (see cpol_rules_options).
 *
 * @param out receives the rule set, freed with cpol_rules_free(); NULL on
 *        failure (a rule set never loads half valid).
 * @param name region name: letters, digits, '_' and '-'.
 * @param opts options, or NULL for the defaults.
 * @return 0; CPOL_EINVAL for a bad name; CPOL_ENOTFOUND when the region
 *         or a parent is not found; CPOL_EPARSE for YAML syntax errors;
 *         CPOL_ERULES for invalid rules; CPOL_EIO; CPOL_ENOMEM.
 *         cpol_error_last() gives file, line, column and the key path
 *         (`field`) of the first problem.
 */
CPOL_EXTERN int cpol_rules_load_region(cpol_rules **out, const char *name,
                                       const cpol_rules_options *opts);

/**
 * Load the rules of a file. Its parent (`extends:`) is looked up first in
 * the file's own directory, then on the search path.
 *
 * @param out as for cpol_rules_load_region().
 * @param path the file.
 * @param opts options, or NULL.
 * @return as for cpol_rules_load_region().
 */
CPOL_EXTERN int cpol_rules_load_file(cpol_rules **out, const char *path,
                                     const cpol_rules_options *opts);

/**
 * Load rules from a NUL-terminated string.
 *
 * @param out as for cpol_rules_load_region().
 * @param text YAML text, UTF-8; copied as needed.
 * @param opts options, or NULL; opts->name names the text in messages.
 * @return as for cpol_rules_load_region().
 */
CPOL_EXTERN int cpol_rules_load_string(cpol_rules **out, const char *text,
                                       const cpol_rules_options *opts);

/**
 * Load rules from a buffer that need not be NUL-terminated.
 *
 * @param out as for cpol_rules_load_region().
 * @param data the bytes.
 * @param len their number.
 * @param opts options, or NULL.
 * @return as for cpol_rules_load_region().
 */
CPOL_EXTERN int cpol_rules_load_buffer(cpol_rules **out, const char *data, size_t len,
                                       const cpol_rules_options *opts);

/**
 * Take a reference to a rule set: it stays alive, with every pointer it
 * handed out, until each reference is dropped with cpol_rules_free(). A
 * loaded rule set holds one reference. Results that show what the rules
 * say (a cpol_assessment, an assessor) take one, so that they may outlive
 * the caller's. Thread-safe (the count is atomic).
 *
 * @param rules the rule set, or NULL.
 * @return rules (NULL for NULL).
 */
CPOL_EXTERN cpol_rules *cpol_rules_ref(const cpol_rules *rules);

/**
 * Drop a reference to a rule set (the one loading gave, or one taken with
 * cpol_rules_ref()); the last one frees it, and every pointer it handed out
 * becomes invalid.
 *
 * @param rules the rule set, or NULL.
 */
CPOL_EXTERN void cpol_rules_free(cpol_rules *rules);

/**
 * The rules as they stand on a day: every dated value (docs/rules.md
 * "Values that change over time") replaced by the one in force on `on`.
 * A loaded rule set stands on today's date in China (UTC+8); scoring a
 * period resolves its rules on the period's last day by this function.
 *
 * @param out   receives a rule set the caller frees with cpol_rules_free();
 *              it holds a reference to `rules` (which the caller may free
 *              at once). When `rules` has no dated value, or already
 *              stands on `on`, *out is `rules` itself with one more
 *              reference.
 * @param rules the rules loaded (or a result of this function)
 * @param on    the day
 * @return 0; CPOL_EINVAL for NULL arguments; CPOL_ERULES if the rules on
 *         that day do not hold together (load checks every day a value
 *         changes, so this does not happen for loaded rules);
 *         CPOL_ENOMEM. The hash (cpol_rules_hash()) is that of the whole
 *         rule set, dates included, the same for every day.
 * Thread-safety: `rules` is only read; safe alongside other readers.
 */
CPOL_EXTERN int cpol_rules_at(cpol_rules **out, const cpol_rules *rules, cpol_date on);

/**
 * Non-zero when the rules carry a dated value (their content depends on the day).
 *
 * @param rules the rule set; read only.
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_is_dated(const cpol_rules *rules);

/**
 * The day dated values were resolved on (today at load, or cpol_rules_at()'s); 0 for undated rules.
 *
 * @param rules the rule set; read only.
 * @return the day dated values were resolved on (today at load, or cpol_rules_at()'s); 0 for undated rules.
 */
CPOL_EXTERN cpol_date cpol_rules_on(const cpol_rules *rules);

/* -------------------------------------------------------------- identity */

/**
 * The region code (`region:`) of the loaded file; owned by rules.
 *
 * @param rules the rule set; read only.
 * @return the region code (`region:`) of the loaded file; owned by rules.
 */
CPOL_EXTERN const char *cpol_rules_region(const cpol_rules *rules);

/**
 * The display name (`name:`), or the region code when none; owned by rules.
 *
 * @param rules the rule set; read only.
 * @return the display name (`name:`), or the region code when none; owned by rules.
 */
CPOL_EXTERN const char *cpol_rules_name(const cpol_rules *rules);

/**
 * The rule-set hash: SHA-256 in lowercase hex (64 characters) of the
 * canonical form of the merged tree (see cpol_rules_canonical()). It is the
 * same whatever the key order, whitespace, comments, spelling of equal
 * values (`1w` and `7d`), and however the values were spread over the
 * chain; store it with every computed result.
 *
 * @param rules the rule set; read only.
 * @return a string owned by rules.
 */
CPOL_EXTERN const char *cpol_rules_hash(const cpol_rules *rules);

/**
 * The canonical form that cpol_rules_hash() digests: compact JSON with map
 * (for rules with dated values, the form with every date, a dated value
 * written {"dated": [...], "otherwise": inherited}; for the result of
 * cpol_rules_at(), the values of its day)
 * keys sorted bytewise, values in their normal spelling, `tests`, `source`
 * and `extends` left out.
 *
 * @param out receives a new string; free it with cpol_free().
 * @param rules the rule set.
 * @return 0 or CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_rules_canonical(char **out, const cpol_rules *rules);

/**
 * Number of files in the chain: 1 for national, 2 for a file that extends
 * national directly, and so on.
 *
 * @param rules the rule set; read only.
 * @return the number of files in the chain: 1 for national, 2 for a file that extends national directly, and so on.
 */
CPOL_EXTERN size_t cpol_rules_chain_length(const cpol_rules *rules);

/**
 * A file of the chain, 0 being the loaded file and the last one national.
 *
 * @param region receives its region code (owned by rules); may be NULL.
 * @param rules the rule set.
 * @param index 0 .. cpol_rules_chain_length() - 1.
 * @return its file name (owned by rules), or NULL for a bad index.
 */
CPOL_EXTERN const char *cpol_rules_chain_file(const char **region, const cpol_rules *rules,
                                              size_t index);

/* ------------------------------------------------------- generic access */

/*
 * Key paths are dot-separated map keys; list elements are selected by index,
 * "[0]", or by their `id`/`code`, "[household_visits]":
 * "assessment.items[household_visits].weight".
 * Each getter takes `ref` (may be NULL) to receive the value's origin. They
 * return 0; CPOL_ENOTFOUND when no file set the key; CPOL_EINVAL when the
 * value has another type or the path is malformed.
 */

/**
 * The type of the value at key.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_type(cpol_rule_type *out, const cpol_rules *rules,
                                    const char *key);
/**
 * An integer (also TIME as minutes and WEEKDAYS as a bit mask).
 *
 * @param out receives the result.
 * @param ref the rule ref; read only.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_int(int64_t *out, const cpol_rule_ref **ref,
                                   const cpol_rules *rules, const char *key);
/**
 * A number; integers are converted.
 *
 * @param out receives the result.
 * @param ref the rule ref; read only.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_number(double *out, const cpol_rule_ref **ref,
                                      const cpol_rules *rules, const char *key);
/**
 * A boolean as 0 or 1.
 *
 * @param out receives the result.
 * @param ref the rule ref; read only.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_bool(int *out, const cpol_rule_ref **ref,
                                    const cpol_rules *rules, const char *key);
/**
 * A string; *out is owned by rules.
 *
 * @param out receives the result.
 * @param ref the rule ref; read only.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_string(const char **out, const cpol_rule_ref **ref,
                                      const cpol_rules *rules, const char *key);
/**
 * A duration.
 *
 * @param out receives the result.
 * @param ref the rule ref; read only.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_duration(cpol_duration *out, const cpol_rule_ref **ref,
                                        const cpol_rules *rules, const char *key);
/**
 * A cadence.
 *
 * @param out receives the result.
 * @param ref the rule ref; read only.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_cadence(cpol_cadence *out, const cpol_rule_ref **ref,
                                       const cpol_rules *rules, const char *key);
/**
 * A date.
 *
 * @param out receives the result.
 * @param ref the rule ref; read only.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_date(cpol_date *out, const cpol_rule_ref **ref,
                                    const cpol_rules *rules, const char *key);
/**
 * Any scalar value in its canonical spelling ("30", "0.5", "true", "3d",
 * "month", "2024-02-10", "22:00", "[wed,thu]"); *out is owned by rules.
 *
 * @param out receives the result.
 * @param ref the rule ref; read only.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_text(const char **out, const cpol_rule_ref **ref,
                                    const cpol_rules *rules, const char *key);
/**
 * Number of elements of a list or keys of a map.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_count(size_t *out, const cpol_rules *rules, const char *key);
/**
 * The origin of any value, scalar or not.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param key the key (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_get_ref(const cpol_rule_ref **out, const cpol_rules *rules,
                                   const char *key);

/**
 * Iterate over the scalar values under a prefix, in canonical key order.
 *
 * @param out receives the iterator; free with cpol_rules_iter_free(). It
 *        must not outlive rules.
 * @param rules the rule set.
 * @param prefix a key path, or NULL / "" for all values.
 * @return 0; CPOL_ENOTFOUND for an unknown prefix; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_rules_iter_new(cpol_rules_iter **out, const cpol_rules *rules,
                                    const char *prefix);

/**
 * The next value: its ref (whose key is the full path) and canonical text.
 *
 * @param ref receives the ref (owned by rules).
 * @param text receives the text (owned by rules); may be NULL.
 * @param iter the iterator.
 * @return 0, or CPOL_ITEROVER at the end.
 */
CPOL_EXTERN int cpol_rules_iter_next(const cpol_rule_ref **ref, const char **text,
                                     cpol_rules_iter *iter);

/**
 * Free an iterator; NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_rules_iter_free(cpol_rules_iter *iter);

/* --------------------------------------------------------- typed sections */

/*
 * Typed read-only views of each section, owned by rules and valid until
 * cpol_rules_free(); never NULL. Values no file set have ref == NULL.
 */

/**
 * The `staffing:` section, typed.
 *
 * @param rules the rule set; read only.
 * @return a read-only view owned by rules, valid until cpol_rules_free(); never NULL.
 */
CPOL_EXTERN const cpol_rules_staffing *cpol_rules_get_staffing(const cpol_rules *rules);
/**
 * The `population:` section, typed.
 *
 * @param rules the rule set; read only.
 * @return a read-only view owned by rules, valid until cpol_rules_free(); never NULL.
 */
CPOL_EXTERN const cpol_rules_population *cpol_rules_get_population(const cpol_rules *rules);
/**
 * The `visits:` section, typed.
 *
 * @param rules the rule set; read only.
 * @return a read-only view owned by rules, valid until cpol_rules_free(); never NULL.
 */
CPOL_EXTERN const cpol_rules_visits *cpol_rules_get_visits(const cpol_rules *rules);
/**
 * The `places:` section, typed.
 *
 * @param rules the rule set; read only.
 * @return a read-only view owned by rules, valid until cpol_rules_free(); never NULL.
 */
CPOL_EXTERN const cpol_rules_places *cpol_rules_get_places(const cpol_rules *rules);
/**
 * The `obligations:` section, typed.
 *
 * @param rules the rule set; read only.
 * @return a read-only view owned by rules, valid until cpol_rules_free(); never NULL.
 */
CPOL_EXTERN const cpol_rules_obligations *cpol_rules_get_obligations(const cpol_rules *rules);
/**
 * The `duty:` section, typed.
 *
 * @param rules the rule set; read only.
 * @return a read-only view owned by rules, valid until cpol_rules_free(); never NULL.
 */
CPOL_EXTERN const cpol_rules_duty *cpol_rules_get_duty(const cpol_rules *rules);
/**
 * The `calendar:` section, typed.
 *
 * @param rules the rule set; read only.
 * @return a read-only view owned by rules, valid until cpol_rules_free(); never NULL.
 */
CPOL_EXTERN const cpol_rules_calendar *cpol_rules_get_calendar(const cpol_rules *rules);
/**
 * The `assessment:` section, typed.
 *
 * @param rules the rule set; read only.
 * @return a read-only view owned by rules, valid until cpol_rules_free(); never NULL.
 */
CPOL_EXTERN const cpol_rules_assessment *cpol_rules_get_assessment(const cpol_rules *rules);

/*
 * Find a list element by its id or code. Each returns 0 and sets *out
 * (owned by rules), or CPOL_ENOTFOUND with *out = NULL.
 */

/**
 * An office class by code.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param code the code (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_find_office_class(const cpol_rules_office_class **out,
                                             const cpol_rules *rules, const char *code);
/**
 * A staffing model by code.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param code the code (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_find_model(const cpol_rules_staffing_model **out,
                                      const cpol_rules *rules, const char *code);
/**
 * A residence type by code.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param code the code (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_find_residence_type(const cpol_rules_residence_type **out,
                                               const cpol_rules *rules, const char *code);
/**
 * A person label by code.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param code the code (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_find_label(const cpol_rules_label **out,
                                      const cpol_rules *rules, const char *code);
/**
 * A place type by code.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param code the code (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_find_place_type(const cpol_rules_place_type **out,
                                           const cpol_rules *rules, const char *code);
/**
 * An obligation by id.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param id the id (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_find_obligation(const cpol_rules_obligation **out,
                                           const cpol_rules *rules, const char *id);
/**
 * An assessment item by id.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param id the id (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_find_item(const cpol_rules_item **out,
                                     const cpol_rules *rules, const char *id);
/**
 * A sanction by id.
 *
 * @param out receives the result.
 * @param rules the rule set; read only.
 * @param id the id (UTF-8 text; the caller keeps it).
 * @return 0 on success, or a negative CPOL_E* code (cpol_error_last() says why).
 */
CPOL_EXTERN int cpol_rules_find_sanction(const cpol_rules_sanction **out,
                                         const cpol_rules *rules, const char *id);

/* ------------------------------------------------- durations and cadences */

/**
 * Parse a duration ("3d", "2w", "month", "half-year").
 *
 * @param out receives the result.
 * @param text the text (UTF-8 text; the caller keeps it).
 * @return 0, or CPOL_EINVAL with a message naming the text.
 */
CPOL_EXTERN int cpol_duration_parse(cpol_duration *out, const char *text);

/**
 * Format a duration in its canonical spelling ("7d" for a week is "1w").
 *
 * @param buf at least CPOL_CADENCE_BUFSZ bytes.
 * @param d the duration.
 * @return buf.
 */
CPOL_EXTERN char *cpol_duration_format(char *buf, const cpol_duration *d);

/**
 * The date a duration after from: days and weeks exactly; months, quarters,
 * half years and years by calendar months with the day clamped to the end
 * of the month (January 31 + 1m = February 28 or 29). "Within 3d of a case
 * on the 1st" gives the 4th as the last day allowed.
 *
 * @param out receives the result.
 * @param d the duration; read only.
 * @param from the day (from).
 * @return 0, or CPOL_EINVAL for a bad duration or a result outside 1..9999.
 */
CPOL_EXTERN int cpol_duration_add(cpol_date *out, const cpol_duration *d, cpol_date from);

/**
 * Parse a cadence ("month", "3d", "18th", "month-end", "working-day").
 *
 * @param out receives the result.
 * @param text the text (UTF-8 text; the caller keeps it).
 * @return 0, or CPOL_EINVAL with a message naming the text.
 */
CPOL_EXTERN int cpol_cadence_parse(cpol_cadence *out, const char *text);

/**
 * Format a cadence in its canonical spelling.
 *
 * @param buf at least CPOL_CADENCE_BUFSZ bytes.
 * @param c the cadence.
 * @return buf.
 */
CPOL_EXTERN char *cpol_cadence_format(char *buf, const cpol_cadence *c);

/**
 * The calendar period of a PERIOD cadence that contains date: for `quarter`
 * and 2024-05-08, 2024-04-01 .. 2024-06-30 ("talked to this quarter?").
 * For other kinds the period is the single day.
 *
 * @param start receives the first day.
 * @param end receives the last day.
 * @param c the cadence.
 * @param date the day whose period is wanted (cpol_date).
 * @return 0, or CPOL_EINVAL.
 */
CPOL_EXTERN int cpol_cadence_period(cpol_date *start, cpol_date *end,
                                    const cpol_cadence *c, cpol_date date);

/* ------------------------------------------------------------ owed dates */

/**
 * The day by which the next occurrence of something on a cadence is owed,
 * with the calendar applied: the one date arithmetic of everything owed
 * (the work module's owed view and the population's due list).
 *
 * Done before (last_done set): as cpol_rules_next_due(), then a calendar
 * period's last day (or a fixed day of the month) that is not a working day
 * moves back to the last working day within its period by
 * `calendar.period_end_on_holiday`, and an interval's last day forward by
 * `calendar.deadline_on_holiday`. A fixed day of the month counts as held
 * when it was held on or after the day it was moved to (the 18th on a
 * Sunday moves to Friday the 16th; held on the 16th, the month is done).
 *
 * Never done (last_done CPOL_DATE_NONE): counted from start, the day the
 * subject began (a label, a unit opened). The first period owed is the one
 * containing start (a key person labelled mid-quarter owes that quarter's
 * talk), and a due day is never moved before start: when no working day of
 * the first period is left on or after start (a place registered on the
 * last Sunday of a month), the next period is the first owed. An interval
 * runs from start; a fixed day of the month is its first occurrence, moved,
 * on or after start; a working-day cadence is owed on the first working day
 * from start.
 *
 * @param out receives the due day.
 * @param provisional receives 1 when a day the answer rests on is in a
 *        year without a holiday notice in the rules (see
 *        cpol_calendar_day_get()), else 0; may be NULL.
 * @param rules the rule set (calendar).
 * @param cadence the cadence; IMMEDIATE gives last_done (or start).
 * @param last_done the day it was last done, or CPOL_DATE_NONE.
 * @param start the day counting starts when never done.
 * @return 0; CPOL_EINVAL for a bad cadence or date.
 */
CPOL_EXTERN int cpol_rules_owed_by(cpol_date *out, int *provisional, const cpol_rules *rules,
                                   const cpol_cadence *cadence, cpol_date last_done,
                                   cpol_date start);

/**
 * The last day of a time allowed after an event: from + within (see
 * cpol_duration_add()), run on to the next working day by
 * `calendar.deadline_on_holiday` (28 Sep 2024 + 3 days is National Day,
 * so the 8th of October). A limit in hours (`24h`) is counted by the clock
 * from the day of the event and is never moved (arrived on the 1st, within
 * 24 hours: by the 2nd, holiday or not).
 *
 * @param out receives the day.
 * @param provisional as for cpol_rules_owed_by(); may be NULL.
 * @param rules the rule set (calendar).
 * @param within the time allowed.
 * @param from the day of the event.
 * @return 0; CPOL_EINVAL.
 */
CPOL_EXTERN int cpol_rules_deadline(cpol_date *out, int *provisional, const cpol_rules *rules,
                                    const cpol_duration *within, cpol_date from);

/* --------------------------------------------------------------- decisions */

/*
 * Pure functions of the rules. Each takes `ref` (may be NULL) to receive the
 * rule that decided; they are thread-safe.
 */

/**
 * The last day by which the next occurrence is owed, the thing having last
 * been done on last_done:
 * - PERIOD: the last day of the period after the one containing last_done
 *   (monthly, done 2024-01-31 → 2024-02-29);
 * - INTERVAL: last_done + every (3d, 1m with month-end clamping);
 * - DAY_OF_MONTH: the first such day after last_done (18th, done
 *   2024-12-18 → 2025-01-18; `month-end`, `31st` in February → the 28th/29th);
 * - WORKING_DAY: the first working day after last_done by the calendar;
 * - IMMEDIATE: last_done itself.
 *
 * @param out receives the due date.
 * @param ref receives the rule that decided, or NULL. For WORKING_DAY it is
 *        the rule that makes the due day a working day: `calendar.weekend`,
 *        or the make-up working day (调休) entry when the day is one.
 * @param rules the rule set (calendar).
 * @param cadence the cadence.
 * @param last_done the day it was last done (cpol_date).
 * @return 0; CPOL_EINVAL for a bad cadence or a date out of range.
 */
CPOL_EXTERN int cpol_rules_next_due(cpol_date *out, const cpol_rule_ref **ref,
                                    const cpol_rules *rules, const cpol_cadence *cadence,
                                    cpol_date last_done);

/**
 * Is date a working day? A make-up working day (调休) is; a holiday is not;
 * otherwise a weekday outside `calendar.weekend` is. For a year without a
 * notice in the rules the answer is provisional: use
 * cpol_calendar_day_get() to learn so.
 *
 * @param out receives 1 or 0.
 * @param ref receives the rule: the workday or holiday entry, or
 *        calendar.weekend.
 * @param rules the rule set (calendar).
 * @param date the day (cpol_date).
 * @return 0, or CPOL_EINVAL for a date out of range.
 */
CPOL_EXTERN int cpol_rules_is_working_day(int *out, const cpol_rule_ref **ref,
                                          const cpol_rules *rules, cpol_date date);

/**
 * One day of the calendar: working or not, the holiday's name, the rule
 * that decided, and whether the answer is provisional.
 *
 * A year listed in calendar.holidays or calendar.workdays (a State Council
 * notice) is decided by those lists and the weekend. A year from 2025 to
 * 2099 that is not listed is computed from 《全国年节及纪念日放假办法》 (2024
 * revision: 元旦, 春节 from 除夕, 清明 solar term, 劳动节, 端午 lunar 5-5,
 * 中秋 lunar 8-15, 国庆) and the principles the notices state (春节 8 days
 * from 除夕, 劳动节 5, 国庆 7 or 8 with 中秋, the others 3 joined to the
 * weekend or 1 on a Wednesday; make-up days on the nearest weekend days),
 * and marked provisional; any other unlisted year is decided by the weekend
 * alone, also provisional.
 *
 * @param out the caller's struct, its version set (CPOL_CALENDAR_DAY_INIT),
 *        filled; its strings and ref are owned by rules.
 * @param rules the rule set (calendar).
 * @param date the day (cpol_date).
 * @return 0, or CPOL_EINVAL for a NULL argument, an unknown version of out
 *         (field "version") or a date out of range.
 */
CPOL_EXTERN int cpol_calendar_day_get(cpol_calendar_day *out, const cpol_rules *rules,
                                      cpol_date date);

/**
 * Initialise a cpol_calendar_day with CPOL_CALENDAR_DAY_INIT.
 *
 * @param day the struct to fill.
 * @param version CPOL_CALENDAR_DAY_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL (field "version") for an unknown version.
 */
CPOL_EXTERN int cpol_calendar_day_init(cpol_calendar_day *day, unsigned int version);

/**
 * Is date a market day (墟日) by calendar.market_days?
 *
 * @param out receives 1 or 0.
 * @param ref receives the form that matched (every/anchor, days_of_month, a
 *        date), or calendar.market_days when none did, or NULL if unset.
 * @param rules the rule set (calendar).
 * @param date the day (cpol_date).
 * @return 0, or CPOL_EINVAL.
 */
CPOL_EXTERN int cpol_rules_is_market_day(int *out, const cpol_rule_ref **ref,
                                         const cpol_rules *rules, cpol_date date);

/**
 * Is date a fixed day for receiving the public? It is when it is a working
 * day whose weekday is in duty.reception_weekdays, or when it is a market
 * day and duty.reception_on_market_days is true (market days count on any day).
 *
 * @param out receives 1 or 0.
 * @param ref receives the rule that decided.
 * @param rules the rule set (duty, calendar).
 * @param date the day (cpol_date).
 * @return 0, or CPOL_EINVAL.
 */
CPOL_EXTERN int cpol_rules_is_reception_day(int *out, const cpol_rule_ref **ref,
                                            const cpol_rules *rules, cpol_date date);

/**
 * Officers an area needs: the larger of ceil(residents /
 * staffing.residents_per_officer) and ceil(households /
 * staffing.households_per_officer), over the ratios that are set (a count
 * for which the rules set no ratio does not count: households in a region
 * that staffs by residents alone).
 *
 * @param out receives the count.
 * @param ref receives the ratio that gave the larger count.
 * @param rules the rule set (staffing).
 * @param residents residents (实有人口) of the area.
 * @param households households of the area.
 * @return 0; CPOL_EINVAL for negative input; CPOL_ENOTFOUND when neither
 *         ratio is set.
 */
CPOL_EXTERN int cpol_rules_officers_needed(int64_t *out, const cpol_rule_ref **ref,
                                           const cpol_rules *rules, int64_t residents,
                                           int64_t households);

/**
 * The office class an office falls in: the first class, in rank order,
 * whose set criteria the profile meets; the last class when none match.
 *
 * @param out receives the class (owned by rules).
 * @param rules the rule set (staffing.office_classes).
 * @param profile the office's figures; read only.
 * @return 0; CPOL_ENOTFOUND when the rules have no classes; CPOL_EINVAL.
 */
CPOL_EXTERN int cpol_rules_office_class_for(const cpol_rules_office_class **out,
                                            const cpol_rules *rules,
                                            const cpol_office_profile *profile);

/**
 * Score one assessment item for a metric value: the item's weight minus its
 * deductions, each capped at its cap (default: the weight), the total capped
 * at the weight.
 *
 * @param out the caller's struct, its version set (CPOL_ITEM_SCORE_INIT),
 *        filled; item and ref are owned by rules.
 * @param rules the rule set.
 * @param item_id the item's id.
 * @param value the metric value.
 * @return 0; CPOL_ENOTFOUND for an unknown item; CPOL_EINVAL for a value
 *         that is not finite or an unknown version of out (field "version").
 */
CPOL_EXTERN int cpol_item_score_compute(cpol_item_score *out, const cpol_rules *rules,
                                        const char *item_id, double value);

/**
 * Initialise a cpol_item_score with CPOL_ITEM_SCORE_INIT.
 *
 * @param score the struct to fill.
 * @param version CPOL_ITEM_SCORE_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL (field "version") for an unknown version.
 */
CPOL_EXTERN int cpol_item_score_init(cpol_item_score *score, unsigned int version);

/**
 * The grade band of a total score (the band with the highest min <= score).
 *
 * @param out receives the grade (owned by rules).
 * @param rules the rule set (assessment.grades).
 * @param score the total score.
 * @return 0; CPOL_ENOTFOUND when no band admits the score.
 */
CPOL_EXTERN int cpol_rules_grade_for(const cpol_rules_grade **out, const cpol_rules *rules,
                                     double score);

/**
 * The difficulty coefficient of an office class; 1.0 when none is set.
 *
 * @param out receives the coefficient.
 * @param ref receives its rule, or NULL when the default 1.0 applied.
 * @param rules the rule set (assessment.difficulty).
 * @param office_class an office class code.
 * @return 0, or CPOL_EINVAL for a NULL class.
 */
CPOL_EXTERN int cpol_rules_difficulty_for(double *out, const cpol_rule_ref **ref,
                                          const cpol_rules *rules, const char *office_class);

/**
 * Does a sanction's condition hold for a standing? Each set condition must
 * hold: last_place (rank == ranked), rank_at_most, consecutive (against
 * last_place_streak), score_below (against score and, with consecutive: N,
 * against each of the N - 1 previous_scores too), metric_below (against
 * metric_value).
 *
 * @param out receives 1 or 0.
 * @param ref receives the sanction's ref.
 * @param rules the rule set.
 * @param sanction_id the sanction's id.
 * @param standing the standing.
 * @return 0; CPOL_ENOTFOUND; CPOL_EINVAL.
 */
CPOL_EXTERN int cpol_rules_sanction_applies(int *out, const cpol_rule_ref **ref,
                                            const cpol_rules *rules, const char *sanction_id,
                                            const cpol_standing *standing);

/* ------------------------------------------------------------- rule tests */

/**
 * Run the `tests:` of the loaded file (not those of its parents, whose
 * expectations its own overrides may change).
 *
 * @param failed receives the number of tests that failed; may be NULL.
 * @param rules the rule set.
 * @param cb called per test, or NULL.
 * @param payload passed to cb.
 * @return 0 when the run completed (whatever the outcome: see *failed);
 *         CPOL_EUSER when cb stopped it.
 */
CPOL_EXTERN int cpol_rules_run_tests(size_t *failed, const cpol_rules *rules,
                                     cpol_rules_test_cb cb, void *payload);

/**
 * Number of tests in the loaded file.
 *
 * @param rules the rule set; read only.
 * @return the number of tests in the loaded file.
 */
CPOL_EXTERN size_t cpol_rules_test_count(const cpol_rules *rules);

/** What a coverage entry is. */
typedef enum {
	CPOL_COVER_ITEM = 0,     /**< an assessment item: exercised by a score_item test of it */
	CPOL_COVER_DEDUCTION,    /**< a deduction rule: by a score_item test in which it took points */
	CPOL_COVER_VETO,         /**< a veto: by a veto test naming it */
	CPOL_COVER_COEFFICIENT,  /**< a difficulty coefficient: by a difficulty test of its class */
	CPOL_COVER_SANCTION,     /**< a sanction: by a sanction test naming it */
	CPOL_COVER_GRADE         /**< a grade band: by a grade test whose score falls in it */
} cpol_cover_kind;

/** One assessment rule and how many of the file's rule tests exercised it. */
typedef struct cpol_rules_cover {
	cpol_cover_kind kind;     /**< what kind of rule it is */
	const char *kind_name;    /**< "item", "deduction", "veto", "coefficient", "sanction", "grade" */
	const char *id;           /**< item, veto, sanction id; grade code; office class;
	                               "visits.deduct[0]" for a deduction */
	const cpol_rule_ref *ref; /**< where the rule is defined */
	size_t hits;              /**< rule tests that exercised it; 0: not covered */
} cpol_rules_cover;

/**
 * Called once per assessment rule by cpol_rules_test_coverage().
 * @param cover valid during the call only.
 * @param payload the caller's pointer given to cpol_rules_test_coverage(), unchanged.
 * @return 0 to go on; non-zero stops (CPOL_EUSER).
 */
typedef int (*cpol_rules_cover_cb)(const cpol_rules_cover *cover, void *payload);

/**
 * Run the loaded file's tests and report, for each item, deduction, veto,
 * coefficient, sanction and grade band of the assessment rules (in that
 * order, each in the rules' order), how many tests exercised it (see
 * cpol_cover_kind for what counts).
 *
 * @param uncovered receives the number of entries no test exercised; may be NULL.
 * @param rules the rule set.
 * @param cb called per entry, or NULL.
 * @param payload passed to cb.
 * @return 0; CPOL_EINVAL; CPOL_ENOMEM; CPOL_EUSER when cb stopped.
 */
CPOL_EXTERN int cpol_rules_test_coverage(size_t *uncovered, const cpol_rules *rules,
                                         cpol_rules_cover_cb cb, void *payload);

/* --------------------------------------------------- words of the enums */

/**
 * The word for a value of cpol_time_unit ("none", "day", "week", "half-month",
 * "month", "quarter", ...), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_time_unit_name(cpol_time_unit value);

/**
 * A value of cpol_time_unit from its word, as cpol_time_unit_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "unit") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_time_unit_parse(cpol_time_unit *out, const char *word);

/**
 * The word for a value of cpol_cadence_kind ("none", "period", "interval",
 * "day_of_month", "working_day", "immediate"), as reports, JSON and the
 * bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_cadence_kind_name(cpol_cadence_kind value);

/**
 * A value of cpol_cadence_kind from its word, as cpol_cadence_kind_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_cadence_kind_parse(cpol_cadence_kind *out, const char *word);

/**
 * The word for a value of cpol_label_kind (its word), as reports, JSON and the
 * bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_label_kind_name(cpol_label_kind value);

/**
 * A value of cpol_label_kind from its word, as cpol_label_kind_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_label_kind_parse(cpol_label_kind *out, const char *word);

/**
 * The word for a value of cpol_obligation_kind (its word), as reports, JSON and
 * the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_obligation_kind_name(cpol_obligation_kind value);

/**
 * A value of cpol_obligation_kind from its word, as cpol_obligation_kind_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_obligation_kind_parse(cpol_obligation_kind *out, const char *word);

/**
 * The word for a value of cpol_deduct_kind ("per_unit", "per_percent",
 * "threshold"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_deduct_kind_name(cpol_deduct_kind value);

/**
 * A value of cpol_deduct_kind from its word, as cpol_deduct_kind_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_deduct_kind_parse(cpol_deduct_kind *out, const char *word);

/**
 * The word for a value of cpol_veto_effect (its word), as reports, JSON and the
 * bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_veto_effect_name(cpol_veto_effect value);

/**
 * A value of cpol_veto_effect from its word, as cpol_veto_effect_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "effect") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_veto_effect_parse(cpol_veto_effect *out, const char *word);

/**
 * The word for a value of cpol_sanction_action (its word), as reports, JSON and
 * the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_sanction_action_name(cpol_sanction_action value);

/**
 * A value of cpol_sanction_action from its word, as cpol_sanction_action_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "action") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_sanction_action_parse(cpol_sanction_action *out, const char *word);

/**
 * The word for one flag of cpol_rules_flag ("no_env", "no_installed"), as
 * reports, JSON and the bindings write it.
 *
 * @param value one flag of the enum.
 * @return a static string; "unknown" for a value outside the enum (or a
 *         combination of flags).
 */
CPOL_EXTERN const char *cpol_rules_flag_name(cpol_rules_flag value);

/**
 * One flag of cpol_rules_flag from its word, as cpol_rules_flag_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "flags") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_rules_flag_parse(cpol_rules_flag *out, const char *word);

/**
 * The word for a value of cpol_rule_type ("null", "bool", "int", "number",
 * "string", "duration", ...), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_rule_type_name(cpol_rule_type value);

/**
 * A value of cpol_rule_type from its word, as cpol_rule_type_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "type") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_rule_type_parse(cpol_rule_type *out, const char *word);

/**
 * The word for a value of cpol_cover_kind ("item", "deduction", "veto",
 * "coefficient", "sanction", "grade"), as reports, JSON and the bindings write
 * it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_cover_kind_name(cpol_cover_kind value);

/**
 * A value of cpol_cover_kind from its word, as cpol_cover_kind_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_cover_kind_parse(cpol_cover_kind *out, const char *word);

CPOL_END_DECL

#endif

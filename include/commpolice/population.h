/*
 * libcommpolice — population: persons, ID numbers, residence, labels,
 * transfers and statistics (what they owe: commpolice/owed.h).
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_POPULATION_H
#define COMMPOLICE_POPULATION_H

#include "common.h"
#include "date.h"
#include "db.h"
#include "rules.h"

/**
 * @file commpolice/population.h
 * @brief 实有人口: every person who actually lives in a district, on the house.
 *
 * - A **person** is identified by the 18-character resident ID number of
 *   GB 11643-1999 (checked: region-code shape, birth date, ISO 7064
 *   MOD 11-2 check character; old 15-digit numbers are upgraded) or, for
 *   foreigners (境外人员), by passport number and nationality.
 * - A **residence** is a period (valid_from .. valid_to) at a house, typed by
 *   a residence-type code of the region rules (`permanent` 常住, `temporary`
 *   暂住 / 流动, `foreign` 境外). Moving in closes the open residence and
 *   opens a new one; moving out closes it. The household registration
 *   (户籍) may lie elsewhere: 人户分离 is a person whose 户籍 address is not
 *   their residence.
 * - A **label** puts a person in a class of the region rules (重点人员,
 *   社区矫正, 帮教, 关爱对象...) for a period, with the reason and the user
 *   who set or ended it.
 * - A person is **managed** by one office; a transfer closes the period
 *   with the old office and opens one with the new.
 * - **Contacts** (管控记录) record that an assessment, a talk or a visit of
 *   a person or household took place; the owed view
 *   (commpolice/owed.h) is computed from them.
 *
 * Nothing is deleted: moving out, relabelling and transferring keep the
 * history; every write is in the audit trail (who and when).
 *
 * Functions that need the region rules take a `const cpol_rules *rules`;
 * NULL means "load the rules of the region of the office concerned"
 * (cpol_office_region()), which reads YAML on each call: pass the rules
 * when calling in a loop. Threading as in db.h.
 */

/* ------------------------------------------------------------ ID numbers */

/** Flags for cpol_idnum_parse(). */
typedef enum {
	/** Accept old 15-digit numbers (upgraded to 18). */
	CPOL_IDNUM_ACCEPT_15 = 1u << 0,
	/** Accept a lowercase 'x' check character (stored as 'X'). */
	CPOL_IDNUM_ACCEPT_LOWER_X = 1u << 1,
	/** Do not verify the check character (for old registers known to be dirty). */
	CPOL_IDNUM_NO_CHECK_CHAR = 1u << 2
} cpol_idnum_flag;

/** The default policy: 15-digit numbers and 'x' accepted, check character verified. */
#define CPOL_IDNUM_DEFAULT (CPOL_IDNUM_ACCEPT_15 | CPOL_IDNUM_ACCEPT_LOWER_X)

/** A parsed resident ID number. Plain data, filled by cpol_idnum_parse(). */
typedef struct cpol_idnum {
	char number[19];     /**< the 18-character number, check character upper case */
	char original[19];   /**< the text as given, when it was a 15-digit number; else "" */
	char region[7];      /**< the 6-digit address (region) code */
	cpol_date birth_date;/**< from characters 7-14 */
	int sex;             /**< CPOL_SEX_MALE (odd sequence) or CPOL_SEX_FEMALE (even) */
	int upgraded;        /**< 1 when the number was upgraded from 15 digits */
} cpol_idnum;

/** Sex, coded as GB/T 2261.1. */
typedef enum {
	CPOL_SEX_UNKNOWN = 0, /**< 未知的性别 */
	CPOL_SEX_MALE = 1,    /**< 男 */
	CPOL_SEX_FEMALE = 2   /**< 女 */
} cpol_sex;

/* --------------------------------------------------------------- persons */

/** How a person is identified. */
typedef enum {
	CPOL_IDKIND_RESIDENT = 1, /**< 居民身份证 (GB 11643-1999) */
	CPOL_IDKIND_PASSPORT = 2  /**< passport (外国人护照) with nationality */
} cpol_id_kind;

/** A person to add. Initialise with CPOL_PERSON_NEW_INIT. */
typedef struct cpol_person_new {
	unsigned int version;     /**< CPOL_PERSON_NEW_VERSION */
	cpol_id_kind id_kind;     /**< default CPOL_IDKIND_RESIDENT */
	const char *id_number;    /**< required: the ID number or passport number */
	const char *nationality;  /**< ISO 3166-1 alpha-3; NULL means "CHN" for residents, required for passports */
	const char *name;         /**< required, UTF-8 */
	cpol_sex sex;             /**< optional for residents (derived; cross-checked when given); required for passports */
	cpol_date birth_date;     /**< likewise; CPOL_DATE_NONE when not given */
	const char *phone;        /**< optional */
	const char *hukou;        /**< 户籍地址 as text, optional */
	cpol_id hukou_address_id; /**< the 户籍 address when it is on our tree, or 0 */
	cpol_id office_id;        /**< the managing office, or 0 (none yet) */
	cpol_date office_since;   /**< first day of management; CPOL_DATE_NONE: today */
} cpol_person_new;

/** The current version of cpol_person_new. */
#define CPOL_PERSON_NEW_VERSION 1
/** An empty cpol_person_new. */
#define CPOL_PERSON_NEW_INIT { CPOL_PERSON_NEW_VERSION, CPOL_IDKIND_RESIDENT, NULL, NULL, NULL, \
	CPOL_SEX_UNKNOWN, CPOL_DATE_NONE, NULL, NULL, 0, 0, CPOL_DATE_NONE }

/** A person as read back, with their open residence if any. Plain data. */
typedef struct cpol_person {
	cpol_id id;               /**< the person's id */
	cpol_id_kind id_kind;     /**< resident ID card or passport */
	const char *id_number;    /**< 18 characters for residents */
	const char *id_number_old;/**< the 15-digit number it was upgraded from, or NULL */
	const char *nationality;  /**< ISO 3166-1 alpha-3 ("CHN") */
	const char *name;         /**< UTF-8 */
	cpol_sex sex;             /**< CPOL_SEX_UNKNOWN when not known */
	cpol_date birth_date;     /**< CPOL_DATE_NONE when not known */
	const char *phone;        /**< NULL when not recorded */
	const char *hukou;        /**< 户籍地址 as text, UTF-8; NULL when not recorded */
	cpol_id hukou_address_id; /**< the 户籍 address when it is on our tree, or 0 */
	cpol_id office_id;        /**< managing office, 0 when none */
	cpol_date office_since;   /**< first day of the current management */
	cpol_id residence_id;     /**< the open residence, 0 when none */
	cpol_id house_id;         /**< its house */
	const char *residence_type; /**< its type code */
	int separated;            /**< 1 for 人户分离: the 户籍 address is on our tree and is not the
	                               address of the open residence */
	const char *archived_at;  /**< NULL while live */
} cpol_person;

/* ------------------------------------------------------------ residences */

/** How a resident relates to the house. */
typedef enum {
	CPOL_REL_OWNER = 1,   /**< 房主 */
	CPOL_REL_FAMILY,      /**< 家庭成员 */
	CPOL_REL_TENANT,      /**< 租住 */
	CPOL_REL_OTHER        /**< 借住 / 其他 */
} cpol_relation;

/** A move-in. Initialise with CPOL_RESIDENCE_NEW_INIT. */
typedef struct cpol_residence_new {
	unsigned int version;     /**< CPOL_RESIDENCE_NEW_VERSION */
	cpol_id person_id;        /**< required */
	cpol_id house_id;         /**< required */
	const char *type;         /**< required: a residence-type code of the rules */
	cpol_relation relation;   /**< default CPOL_REL_FAMILY */
	cpol_id rental_id;        /**< the letting a tenant lives under, or 0 */
	cpol_date from;           /**< required: first day */
	cpol_date registered_on;  /**< 暂住登记 / 居住证 day, or CPOL_DATE_NONE */
	const char *permit_no;    /**< 居住证 number, optional */
	cpol_date permit_valid_to;/**< its last valid day, or CPOL_DATE_NONE */
	const char *reason;       /**< why (moved in, born...), optional */
} cpol_residence_new;

/** The current version of cpol_residence_new. */
#define CPOL_RESIDENCE_NEW_VERSION 1
/** An empty move-in. */
#define CPOL_RESIDENCE_NEW_INIT { CPOL_RESIDENCE_NEW_VERSION, 0, 0, NULL, CPOL_REL_FAMILY, 0, \
	CPOL_DATE_NONE, CPOL_DATE_NONE, NULL, CPOL_DATE_NONE, NULL }

/** A residence period. Plain data. */
typedef struct cpol_residence {
	cpol_id id;               /**< the residence period's id */
	cpol_id person_id;        /**< the resident */
	cpol_id house_id;         /**< the house lived in */
	const char *type;         /**< a residence-type code of the rules */
	cpol_relation relation;   /**< how the resident relates to the house */
	cpol_id rental_id;        /**< the letting a tenant lives under, or 0 */
	cpol_date valid_from;     /**< first day */
	cpol_date valid_to;       /**< CPOL_DATE_NONE while open */
	cpol_date registered_on;  /**< 暂住登记 / 居住证 day, or CPOL_DATE_NONE */
	const char *permit_no;    /**< 居住证 number, or NULL */
	cpol_date permit_valid_to;/**< its last valid day, or CPOL_DATE_NONE */
	const char *reason_in;    /**< why it began, or NULL */
	const char *reason_out;   /**< why it ended, or NULL */
} cpol_residence;

/** Iterator over residence periods. Opaque. */
typedef struct cpol_residence_iter cpol_residence_iter;

/* ---------------------------------------------------------------- labels */

/** A label period. Plain data. */
typedef struct cpol_label {
	cpol_id id;               /**< the label period's id */
	cpol_id person_id;        /**< the person labelled */
	const char *code;         /**< a label code of the rules ("key_drug") */
	cpol_date valid_from;     /**< first day */
	cpol_date valid_to;       /**< CPOL_DATE_NONE while on */
	const char *reason;       /**< why it was set */
	const char *set_by;       /**< the acting user who set it */
	const char *end_reason;   /**< why it ended, or NULL */
	const char *ended_by;     /**< the acting user who ended it, or NULL */
} cpol_label;

/** Iterator over labels. Opaque. */
typedef struct cpol_label_iter cpol_label_iter;

/** Kinds of contact record. */
typedef enum {
	CPOL_CONTACT_ASSESSMENT = 1, /**< 考核 of a labelled person */
	CPOL_CONTACT_TALK,           /**< 谈话 */
	CPOL_CONTACT_VISIT,          /**< home visit of a person (走访) */
	CPOL_CONTACT_HOUSEHOLD       /**< 入户访查: a visit of a household (a house) */
} cpol_contact_kind;

/** A transfer of management, closed. Plain data. */
typedef struct cpol_management {
	cpol_id person_id;        /**< the person */
	cpol_id office_id;        /**< 0: not managed by any office of ours */
	cpol_date valid_from;     /**< first day of the period */
	cpol_date valid_to;       /**< CPOL_DATE_NONE for the current period */
	const char *reason;       /**< why it ended (the transfer's reason), or NULL */
} cpol_management;

/** Iterator over a person's management history. Opaque. */
typedef struct cpol_management_iter cpol_management_iter;

/* --------------------------------------------------------------- queries */

/**
 * Which persons to list. Initialise with CPOL_PERSON_QUERY_INIT; fields
 * left 0 or NULL do not filter. Results come in id order; paging is keyset:
 * pass the last id seen as `after_id` and ask for `limit` more.
 */
typedef struct cpol_person_query {
	unsigned int version;     /**< CPOL_PERSON_QUERY_VERSION */
	const char *id_number;    /**< this ID number (a 15-digit number is upgraded first) */
	const char *name;         /**< this name ... */
	int name_prefix;          /**< ... or, when 1, names starting with it (姓 "张") */
	cpol_id office_id;        /**< managed by this office */
	cpol_id address_id;       /**< living (open residence) at this address or below it */
	cpol_id house_id;         /**< living at this house */
	const char *label;        /**< carrying this label (open) */
	const char *residence_type; /**< with an open residence of this type */
	int include_archived;     /**< 1: archived persons too */
	cpol_id after_id;         /**< keyset paging: ids greater than this */
	int limit;                /**< at most this many (0: no limit) */
} cpol_person_query;

/** The current version of cpol_person_query. */
#define CPOL_PERSON_QUERY_VERSION 1
/** A query for every live person. */
#define CPOL_PERSON_QUERY_INIT { CPOL_PERSON_QUERY_VERSION, NULL, NULL, 0, 0, 0, 0, NULL, NULL, 0, 0, 0 }

/** Iterator over persons. Opaque. */
typedef struct cpol_person_iter cpol_person_iter;

/* ------------------------------------------------------------ statistics */

/**
 * Residents of one residence type of the rules, in a district. Plain data,
 * owned by the statistics iterator.
 */
typedef struct cpol_residence_type_count {
	const char *code;         /**< the type's code in the rules ("permanent") */
	const char *name;         /**< its name in the rules ("常住人口"), or NULL */
	int64_t count;            /**< residents with an open residence of this type */
	const cpol_rule_ref *ref; /**< the rules' entry (population.residence_types[code]) */
} cpol_residence_type_count;

/** Figures of one district on a day. Plain data, owned by the iterator. */
typedef struct cpol_district_stats {
	cpol_id district_id;      /**< the district */
	cpol_id office_id;        /**< its office */
	const char *name;         /**< the district's name */
	int64_t residents;        /**< persons with an open residence in its communities */
	int64_t permanent;        /**< ... of the type code permanent (常住); see by_type */
	int64_t temporary;        /**< ... of the type codes temporary or floating (暂住 / 流动) */
	int64_t foreign;          /**< ... of the type code foreign (境外) */
	int64_t separated;        /**< ... 人户分离 */
	int64_t key_persons;      /**< residents with an open label of kind key person */
	int64_t supervised;       /**< ... supervised (监管对象) */
	int64_t correction;       /**< ... community correction (社区矫正) */
	int64_t help_education;   /**< ... help-education (帮教) */
	int64_t care;             /**< ... care groups (关爱) */
	int64_t households;       /**< houses with at least one resident */
	int64_t houses;           /**< live houses */
	int64_t rented;           /**< houses let (status rented) */
	int64_t officers;         /**< officers assigned to the district (or, when none is, the
	                               office's officers not tied to a district, shared out evenly) */
	int64_t officers_needed;  /**< by the region's staffing ratio */
	int over;                 /**< 1 when residents per officer exceed the rule */
	double residents_per_officer; /**< residents / officers (0 when no officer) */
	const cpol_rule_ref *rule;/**< the ratio that decided officers_needed, or NULL */
	/**
	 * Residents by residence type, one entry per type the region rules
	 * define (`population.residence_types`, in their order, types with no
	 * resident included): a region's own types are counted as its rules
	 * name them. Owned by the iterator; the strings and refs point into the
	 * rules it uses (valid while the iterator, and the rules passed to it,
	 * live).
	 */
	const cpol_residence_type_count *by_type;
	size_t by_type_count;     /**< entries in by_type */
	int64_t other_type;       /**< residents whose type code the rules do not define */
} cpol_district_stats;

/** Iterator over district statistics. Opaque. */
typedef struct cpol_stats_iter cpol_stats_iter;

/** Kinds of unmanaged finding (漏管 checks). */
typedef enum {
	CPOL_UNMANAGED_LET_NO_TENANT = 1, /**< a let house with no registered tenant */
	CPOL_UNMANAGED_NO_RESIDENCE,      /**< a managed person with no open residence */
	CPOL_UNMANAGED_NO_OFFICE          /**< a resident managed by no office */
} cpol_unmanaged_kind;

/** One finding. Plain data, owned by the iterator. */
typedef struct cpol_unmanaged {
	cpol_unmanaged_kind kind; /**< what was found */
	cpol_id person_id;        /**< the person (NO_RESIDENCE, NO_OFFICE), or 0 */
	cpol_id house_id;         /**< the house (LET_NO_TENANT; NO_OFFICE: the house lived in), or 0 */
	const char *what;         /**< one line, UTF-8 */
} cpol_unmanaged;

/** Iterator over unmanaged findings. Opaque. */
typedef struct cpol_unmanaged_iter cpol_unmanaged_iter;

CPOL_BEGIN_DECL

/* ------------------------------------------------------------ ID numbers */

/**
 * Check and parse a resident ID number (GB 11643-1999).
 *
 * Checks, in order: length (18, or 15 with CPOL_IDNUM_ACCEPT_15); digits;
 * the region code's shape (6 digits, a province code of GB/T 2260 or 81/82/83
 * for Hong Kong, Macao and Taiwan residence permits); the birth date (a real
 * day — no February 30 — not after `today` and at most 150 years before
 * it); the check character by ISO 7064 MOD 11-2. A 15-digit number is
 * upgraded: "19" is put before its year and the check character appended.
 *
 * @param out receives the parts; may be NULL to only check.
 * @param text the number; surrounding spaces are ignored.
 * @param flags cpol_idnum_flag bits (CPOL_IDNUM_DEFAULT is the usual).
 * @param today the reference day for "not in the future"; CPOL_DATE_NONE
 *        skips that check.
 * @return 0; CPOL_EINVAL with a message saying which check failed and the
 *         field "id_number", and the column (1-based character position)
 *         of the offending character where there is one.
 */
CPOL_EXTERN int cpol_idnum_parse(cpol_idnum *out, const char *text, unsigned int flags,
                                 cpol_date today);

/**
 * The ISO 7064 MOD 11-2 check character of the first 17 digits.
 *
 * @param digits17 at least 17 characters, all digits.
 * @return '0'-'9' or 'X'; 0 when a character is not a digit.
 */
CPOL_EXTERN char cpol_idnum_check_char(const char *digits17);

/**
 * Is a region code one of GB/T 2260?
 *
 * cpol_idnum_parse() checks only the shape of the first six digits (a
 * province code); this looks the whole code up in the county-level codes
 * of every edition of GB/T 2260 since 1980 (a person keeps the number
 * given at birth, so codes abolished since stay valid), plus 810000,
 * 820000 and 830000 of the residence permits of Hong Kong, Macao and
 * Taiwan residents. The table (lib/idnum_regions.c) is generated by
 * build-aux/gen-gbt2260.sh from python-stdnum's stdnum/cn/loc.dat; see
 * docs/population.md for how it is kept current. An unknown code is not
 * an error: the import keeps such a person with a warning.
 *
 * @param region the 6-digit code (cpol_idnum.region), or a longer string
 *        whose first six characters are the code (an ID number).
 * @return 1 when known; 0 when not, or when region is NULL or does not
 *         start with six digits.
 */
CPOL_EXTERN int cpol_idnum_region_known(const char *region);

/**
 * The ID-number flags a rule set asks for (population.id_number); the
 * default CPOL_IDNUM_DEFAULT for NULL rules or unset values.
 *
 * @param rules the rule set; read only.
 * @return the ID-number flags a rule set asks for (population.id_number); the default CPOL_IDNUM_DEFAULT for NULL rules or unset values.
 */
CPOL_EXTERN unsigned int cpol_idnum_flags_for(const cpol_rules *rules);

/* --------------------------------------------------------------- persons */

/**
 * Initialise a cpol_person_new with CPOL_PERSON_NEW_INIT.
 *
 * @param spec the struct to fill with its defaults (as its *_INIT macro).
 * @param version CPOL_PERSON_NEW_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_person_new_init(cpol_person_new *spec, unsigned int version);

/**
 * Add a person. A resident ID number is checked (cpol_idnum_parse() with
 * the rules' flags, today by the handle's clock), upgraded when it has 15
 * digits, and birth date and sex are derived from it; when the spec gives
 * them too they must agree.
 *
 * @param out receives the new id; may be NULL.
 * @param db the handle.
 * @param rules for the ID-number policy; NULL: the office's region, or the
 *        default policy when no office is given.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field: id_number, name, sex, birth_date,
 *         nationality); CPOL_EEXISTS when a live person has the number;
 *         CPOL_ENOTFOUND for the office; CPOL_ERULES; CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_add(cpol_id *out, cpol_db *db, const cpol_rules *rules,
                                const cpol_person_new *spec);

/**
 * Find a live person by ID number (a 15-digit number is upgraded first;
 * passports: "nationality:number" or the number alone when unique).
 *
 * @param out receives the id.
 * @param db the handle.
 * @param id_number the ID or passport number as text; owned by the caller.
 * @return 0; CPOL_ENOTFOUND; CPOL_EINVAL; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_find(cpol_id *out, cpol_db *db, const char *id_number);

/**
 * Read a person with their open residence.
 *
 * @param out receives a new record; free it with cpol_person_free().
 * @param db the handle.
 * @param person_id the person.
 * @return 0; CPOL_ENOTFOUND; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_get(cpol_person **out, cpol_db *db, cpol_id person_id);

/**
 * Free a record from cpol_person_get(). NULL is allowed.
 *
 * @param person the person to free, or NULL.
 */
CPOL_EXTERN void cpol_person_free(cpol_person *person);

/**
 * Changes to a person's details: name, phone and 户籍. Initialise with
 * CPOL_PERSON_DETAILS_CHANGE_INIT; fields left NULL (or -1 for the id)
 * keep their value; "" clears an optional text. Identity (ID number, sex,
 * birth date), residence, management and labels have their own verbs.
 */
typedef struct cpol_person_details_change {
	unsigned int version;     /**< CPOL_PERSON_DETAILS_CHANGE_VERSION */
	const char *name;         /**< new name, UTF-8; NULL keeps it (it cannot be cleared) */
	const char *phone;        /**< new phone; NULL keeps it, "" clears it */
	const char *hukou;        /**< new 户籍地址 as text, UTF-8; NULL keeps it, "" clears it */
	cpol_id hukou_address_id; /**< new 户籍 address on our tree; -1 keeps it, 0 clears it */
} cpol_person_details_change;

/** The current version of cpol_person_details_change. */
#define CPOL_PERSON_DETAILS_CHANGE_VERSION 1
/** A change that changes nothing. */
#define CPOL_PERSON_DETAILS_CHANGE_INIT { CPOL_PERSON_DETAILS_CHANGE_VERSION, NULL, NULL, NULL, -1 }

/**
 * Initialise a cpol_person_details_change with CPOL_PERSON_DETAILS_CHANGE_INIT.
 *
 * @param change the struct to fill (a change that changes nothing).
 * @param version CPOL_PERSON_DETAILS_CHANGE_VERSION, the version the caller
 *        was built with.
 * @return 0, or CPOL_EINVAL (field "version") for an unknown version.
 */
CPOL_EXTERN int cpol_person_details_change_init(cpol_person_details_change *change,
                                                unsigned int version);

/**
 * Change a person's details (name, phone, 户籍), as cpol_unit_update()
 * changes a unit's. The old values stay in the audit trail.
 *
 * @param db the handle.
 * @param person_id the person; must be live.
 * @param change what to change; read during the call only.
 * @return 0; CPOL_EINVAL (field "version", "name" when ""); CPOL_ENOTFOUND
 *         (the person, or field "hukou_address_id"); CPOL_EREADONLY;
 *         CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_details_update(cpol_db *db, cpol_id person_id,
                                           const cpol_person_details_change *change);

/**
 * Transfer a person's management to another office: the current period
 * ends the day before `from` and the new one begins on `from`.
 *
 * @param db the handle.
 * @param person_id the person.
 * @param office_id the new office, or 0 when the person leaves the
 *        jurisdiction (managed by no office of ours).
 * @param from first day of the new period (cpol_date).
 * @param reason required: why.
 * @return 0; CPOL_EINVAL (field "from" when not after the current period's
 *         start, "reason"); CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_transfer(cpol_db *db, cpol_id person_id, cpol_id office_id,
                                     cpol_date from, const char *reason);

/**
 * A person's management periods, oldest first, the current one last.
 *
 * @param out receives the iterator; free with cpol_management_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param person_id the person; an unknown id gives an empty iteration.
 * @return 0; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_management_iter_new(cpol_management_iter **out, cpol_db *db,
                                         cpol_id person_id);
/**
 * The next period.
 * @param out receives a record owned by the iterator, valid until the next call.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER; CPOL_EDB.
 */
CPOL_EXTERN int cpol_management_iter_next(const cpol_management **out,
                                          cpol_management_iter *iter);
/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_management_iter_free(cpol_management_iter *iter);

/**
 * A person leaves the records on a day (a duplicate, a death, 注销): the
 * open residence and labels are closed on `on` and the record is archived
 * (it stays, with archived_at set). A narrow state change with a day, as
 * cpol_rental_end() is (rule 7 of docs/api-conventions.md); 0.1.0 called
 * it the person's archive (deprecated.h).
 *
 * @param db the handle.
 * @param person_id the person; must be live.
 * @param on the last day of the open residence and labels (cpol_date).
 * @param reason required; copied into the audit trail.
 * @return 0; CPOL_EINVAL (fields "on", "reason"); CPOL_ENOTFOUND;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_end(cpol_db *db, cpol_id person_id, cpol_date on,
                                const char *reason);

/* ------------------------------------------------------------ residences */

/**
 * Initialise a cpol_residence_new with CPOL_RESIDENCE_NEW_INIT.
 *
 * @param spec the struct to fill with its defaults (as its *_INIT macro).
 * @param version CPOL_RESIDENCE_NEW_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_residence_new_init(cpol_residence_new *spec, unsigned int version);

/**
 * Move a person in: their open residence (if any) is closed the day before
 * `from` (with the reason "moved"), and a new one opens. A person with no
 * managing office gets the office whose district covers the house's
 * community on `from`.
 *
 * @param out receives the residence id; may be NULL.
 * @param db the handle.
 * @param rules to check the type code; NULL: the rules of the region of the
 *        office covering the house.
 * @param spec copied.
 * @return 0; CPOL_EINVAL (field: type, from, rental_id...);
 *         CPOL_ENOTFOUND for the person or house; CPOL_ECONSTRAINT when
 *         `from` is not after the open residence's start; CPOL_ERULES;
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_move_in(cpol_id *out, cpol_db *db, const cpol_rules *rules,
                                    const cpol_residence_new *spec);

/**
 * Move a person out: `to` is the last day of their open residence.
 *
 * @param db the handle.
 * @param person_id the person.
 * @param to the last day of the open residence (cpol_date).
 * @param reason optional (where to, why).
 * @return 0; CPOL_ENOTFOUND when nothing is open; CPOL_EINVAL when `to` is
 *         before its start; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_move_out(cpol_db *db, cpol_id person_id, cpol_date to,
                                     const char *reason);

/**
 * Record a (renewed) registration of a residence: 暂住登记 or 居住证.
 *
 * @param db the handle.
 * @param residence_id the residence period.
 * @param on the day of registration (cpol_date).
 * @param permit_no may be NULL to keep it.
 * @param valid_to the permit's last valid day, or CPOL_DATE_NONE.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_residence_register(cpol_db *db, cpol_id residence_id, cpol_date on,
                                        const char *permit_no, cpol_date valid_to);

/**
 * Residence periods of a person (person_id) or of a house (house_id, when
 * person_id is 0), oldest first.
 *
 * @param out receives the iterator; free with cpol_residence_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param person_id the person, or 0.
 * @param house_id the house (used when person_id is 0), or 0.
 * @return 0; CPOL_EINVAL when both are 0; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_residence_iter_new(cpol_residence_iter **out, cpol_db *db,
                                        cpol_id person_id, cpol_id house_id);
/**
 * The next period.
 * @param out receives a record owned by the iterator, valid until the next call.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER; CPOL_EDB.
 */
CPOL_EXTERN int cpol_residence_iter_next(const cpol_residence **out, cpol_residence_iter *iter);
/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_residence_iter_free(cpol_residence_iter *iter);

/* ---------------------------------------------------------------- labels */

/**
 * Put a label on a person from a day on, recording the reason and the
 * acting user (cpol_db_set_user()).
 *
 * @param out receives the label id; may be NULL.
 * @param db the handle.
 * @param rules to check the code; NULL: the rules of the person's office's region.
 * @param person_id the person.
 * @param code a label code of the rules.
 * @param from first day of the label (cpol_date).
 * @param reason required.
 * @return 0; CPOL_EINVAL (field "code" for a code the rules lack,
 *         "reason"); CPOL_EEXISTS when the person has that label open;
 *         CPOL_ENOTFOUND; CPOL_ERULES; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_label_add(cpol_id *out, cpol_db *db, const cpol_rules *rules,
                                      cpol_id person_id, const char *code, cpol_date from,
                                      const char *reason);

/**
 * End a label: `to` is its last day.
 *
 * @param db the handle.
 * @param label_id the label period.
 * @param to its last day (cpol_date).
 * @param reason required.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND (or already ended);
 *         CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_label_end(cpol_db *db, cpol_id label_id, cpol_date to,
                                      const char *reason);

/**
 * A person's labels, oldest first, ended ones included.
 *
 * @param out receives the iterator; free with cpol_label_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param person_id the person; an unknown person gives an empty iteration.
 * @return 0; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_label_iter_new(cpol_label_iter **out, cpol_db *db, cpol_id person_id);
/**
 * The next label.
 * @param out receives a record owned by the iterator, valid until the next call.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER; CPOL_EDB.
 */
CPOL_EXTERN int cpol_label_iter_next(const cpol_label **out, cpol_label_iter *iter);
/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_label_iter_free(cpol_label_iter *iter);

/* -------------------------------------------------------------- contacts */

/**
 * Record an assessment, talk or visit of a person, or a visit of a
 * household (house_id, person_id 0).
 *
 * @param out receives the record id; may be NULL.
 * @param db the handle.
 * @param kind what was done.
 * @param person_id the person, or 0 for a household visit.
 * @param house_id the house of a household visit, or 0.
 * @param staff_id who did it, or 0.
 * @param on the day it was done (cpol_date).
 * @param note optional.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND; CPOL_EREADONLY; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_contact_add(cpol_id *out, cpol_db *db, cpol_contact_kind kind,
                                 cpol_id person_id, cpol_id house_id, cpol_id staff_id,
                                 cpol_date on, const char *note);

/* --------------------------------------------------------------- queries */

/**
 * Initialise a query with CPOL_PERSON_QUERY_INIT.
 *
 * @param query the struct to fill with its defaults (as its *_INIT macro).
 * @param version CPOL_PERSON_QUERY_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_person_query_init(cpol_person_query *query, unsigned int version);

/**
 * List persons.
 *
 * @param out receives the iterator; free with cpol_person_iter_free(). It
 *        owns its statement; the handle must outlive it.
 * @param db the handle.
 * @param query copied; NULL lists every live person.
 * @return 0; CPOL_EINVAL; CPOL_ENOTFOUND for the address; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_iter_new(cpol_person_iter **out, cpol_db *db,
                                     const cpol_person_query *query);
/**
 * The next person.
 * @param out receives a record owned by the iterator, valid until the next call.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_iter_next(const cpol_person **out, cpol_person_iter *iter);
/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_person_iter_free(cpol_person_iter *iter);

/**
 * Count the persons a query lists (ignoring after_id and limit).
 *
 * @param out receives the result.
 * @param db the database handle.
 * @param query the person query; read only.
 * @return 0; CPOL_EINVAL; CPOL_EDB.
 */
CPOL_EXTERN int cpol_person_count(int64_t *out, cpol_db *db, const cpol_person_query *query);

/* ------------------------------------------------------------ statistics */

/**
 * Figures per district on a day, against the region's staffing rule.
 *
 * @param out receives the iterator; free with cpol_stats_iter_free().
 * @param db the handle.
 * @param rules NULL: the region of each district's office.
 * @param office_id only this office's districts, or 0 for all.
 * @param on the day.
 * @return 0; CPOL_ENOTFOUND; CPOL_ERULES; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_stats_iter_new(cpol_stats_iter **out, cpol_db *db, const cpol_rules *rules,
                                    cpol_id office_id, cpol_date on);
/**
 * The next district.
 * @param out receives a record owned by the iterator, valid until it is freed.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER.
 */
CPOL_EXTERN int cpol_stats_iter_next(const cpol_district_stats **out, cpol_stats_iter *iter);
/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_stats_iter_free(cpol_stats_iter *iter);

/**
 * The 漏管 checks for an office (or all, office_id 0) on a day: let houses
 * in its communities with no open tenant residence; persons it manages with
 * no open residence; residents of its communities managed by no office.
 *
 * @param out receives the iterator; free with cpol_unmanaged_iter_free().
 * @param db the handle.
 * @param office_id the office, or 0 for all.
 * @param on the day (cpol_date).
 * @return 0; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_unmanaged_iter_new(cpol_unmanaged_iter **out, cpol_db *db,
                                        cpol_id office_id, cpol_date on);
/**
 * The next finding.
 * @param out receives a record owned by the iterator, valid until it is freed.
 * @param iter the iterator.
 * @return 0; CPOL_ITEROVER.
 */
CPOL_EXTERN int cpol_unmanaged_iter_next(const cpol_unmanaged **out, cpol_unmanaged_iter *iter);
/**
 * Free an iterator. NULL is allowed.
 *
 * @param iter the iterator to free, or NULL.
 */
CPOL_EXTERN void cpol_unmanaged_iter_free(cpol_unmanaged_iter *iter);

/* --------------------------------------------------- words of the enums */

/**
 * The word for one flag of cpol_idnum_flag ("accept_15", "accept_lower_x",
 * "no_check_char"), as reports, JSON and the bindings write it.
 *
 * @param value one flag of the enum.
 * @return a static string; "unknown" for a value outside the enum (or a
 *         combination of flags).
 */
CPOL_EXTERN const char *cpol_idnum_flag_name(cpol_idnum_flag value);

/**
 * One flag of cpol_idnum_flag from its word, as cpol_idnum_flag_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "flags") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_idnum_flag_parse(cpol_idnum_flag *out, const char *word);

/**
 * The word for a value of cpol_sex ("unknown", "male", "female"), as reports,
 * JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_sex_name(cpol_sex value);

/**
 * A value of cpol_sex from its word, as cpol_sex_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "sex") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_sex_parse(cpol_sex *out, const char *word);

/**
 * The word for a value of cpol_id_kind ("resident", "passport"), as reports,
 * JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_id_kind_name(cpol_id_kind value);

/**
 * A value of cpol_id_kind from its word, as cpol_id_kind_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "id_kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_id_kind_parse(cpol_id_kind *out, const char *word);

/**
 * The word for a value of cpol_relation ("owner", "family", "tenant", "other"),
 * as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_relation_name(cpol_relation value);

/**
 * A value of cpol_relation from its word, as cpol_relation_name() spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "relation") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_relation_parse(cpol_relation *out, const char *word);

/**
 * The word for a value of cpol_contact_kind ("assessment", "talk", "visit",
 * "household"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_contact_kind_name(cpol_contact_kind value);

/**
 * A value of cpol_contact_kind from its word, as cpol_contact_kind_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_contact_kind_parse(cpol_contact_kind *out, const char *word);

/**
 * The word for a value of cpol_unmanaged_kind ("let_no_tenant", "no_residence",
 * "no_office"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_unmanaged_kind_name(cpol_unmanaged_kind value);

/**
 * A value of cpol_unmanaged_kind from its word, as cpol_unmanaged_kind_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_unmanaged_kind_parse(cpol_unmanaged_kind *out, const char *word);

CPOL_END_DECL

#endif

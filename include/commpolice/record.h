/*
 * libcommpolice — the description of each record type: its table and, for
 * each field of its C struct, the column it is read from, its type, whether
 * it identifies a person, and what it means.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_RECORD_H
#define COMMPOLICE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

/**
 * @file commpolice/record.h
 * @brief Read-only introspection of the record types.
 *
 * One table per record type, in the library, says what each field of the
 * record's struct is: the library reads rows with it, and a program can
 * print, convert or mask any record the same way without naming its fields
 * (the CLI's `--json`, the Python binding's dicts). A new column is added
 * to the schema, the struct and its description, and every such program
 * shows it.
 *
 * The descriptions are static: they are never freed, and any thread may
 * read them at any time.
 */

/** The record types described. */
typedef enum {
	CPOL_RECORD_INSPECTION = 1,  /**< cpol_inspection (its row; items and hazards apart) */
	CPOL_RECORD_NOTICE,          /**< cpol_notice, table rectification_notice */
	CPOL_RECORD_VISIT,           /**< cpol_visit */
	CPOL_RECORD_INCIDENT,        /**< cpol_incident */
	CPOL_RECORD_DISPUTE,         /**< cpol_dispute */
	CPOL_RECORD_REQUEST,         /**< cpol_request, table resident_request */
	CPOL_RECORD_DUTY_RECORD,     /**< cpol_duty_record */
	CPOL_RECORD_INFO_ITEM,       /**< cpol_info_item, table information_item */
	CPOL_RECORD_UNIT,            /**< cpol_unit (commpolice/units.h) */
	CPOL_RECORD_PERSON           /**< cpol_person (commpolice/population.h), with its open residence */
} cpol_record_kind;

/** The number of record types: kinds run from 1 to this. */
#define CPOL_RECORD_KIND_COUNT 10

/** The C type of a field, and how "not set" is written in it. */
typedef enum {
	CPOL_FIELD_ID = 1,   /**< cpol_id; 0 when not set */
	CPOL_FIELD_INT,      /**< int */
	CPOL_FIELD_INT64,    /**< int64_t */
	CPOL_FIELD_DOUBLE,   /**< double */
	CPOL_FIELD_BOOL,     /**< int, 0 or 1 */
	CPOL_FIELD_DATE,     /**< cpol_date; CPOL_DATE_NONE when not set */
	CPOL_FIELD_TEXT,     /**< const char *, UTF-8; NULL when not set */
	CPOL_FIELD_ENUM      /**< an enum (int); 0 when not set; stored as its code word */
} cpol_field_type;

/** One field of a record type. Plain data, static. */
typedef struct cpol_record_field {
	const char *name;            /**< the struct member: also the key of JSON and dicts */
	/**
	 * The column of the record's table it is read from; "table.column" for
	 * one read from a joined table (a person's open residence), or the SQL
	 * expression of a computed field (it has a space).
	 */
	const char *column;
	cpol_field_type type;        /**< its C type */
	size_t offset;               /**< offsetof(struct, member) */
	int optional;                /**< 1 when it may be not set (the column is nullable) */
	/**
	 * 1 when the field may identify a person: a name, an ID number, a phone,
	 * free text (which may name anyone), an address, or the id of a person or
	 * a house. The research export drops these unless its profile says
	 * otherwise (docs/export.md).
	 */
	int identifies_person;
	/** CPOL_FIELD_ENUM: the code word of value v is codes[v - 1]; NULL-terminated. Else NULL. */
	const char *const *codes;
	const char *doc;             /**< what it holds, one line */
} cpol_record_field;

CPOL_BEGIN_DECL

/**
 * The fields of a record type, in the order of its struct.
 *
 * @param out receives the static array (never freed).
 * @param count receives its length.
 * @param kind the record type.
 * @return 0, or CPOL_EINVAL for an unknown kind or NULL out or count.
 */
CPOL_EXTERN int cpol_record_fields(const cpol_record_field **out, size_t *count,
                                   cpol_record_kind kind);

/**
 * The name of a record type ("notice", "duty_record"), as in the
 * functions that get and list it.
 * @param kind the record type.
 * @return a static string; "unknown" for an unknown kind.
 */
CPOL_EXTERN const char *cpol_record_kind_name(cpol_record_kind kind);

/**
 * The record type of a name from cpol_record_kind_name().
 * @param out receives the kind.
 * @param name the name.
 * @return 0, or CPOL_EINVAL (field "kind") for an unknown name.
 */
CPOL_EXTERN int cpol_record_kind_parse(cpol_record_kind *out, const char *name);

/**
 * The table a record type is read from ("rectification_notice").
 * @param kind the record type.
 * @return a static string, or NULL for an unknown kind.
 */
CPOL_EXTERN const char *cpol_record_table(cpol_record_kind kind);

/**
 * The value of an integer field of a record: an id, int, int64, bool,
 * date (its day number) or enum value.
 * @param field a field from cpol_record_fields().
 * @param record a record of the field's type (a `const cpol_notice *`...).
 * @return the value; 0 for a text field; a double field's value truncated.
 */
CPOL_EXTERN int64_t cpol_record_field_int(const cpol_record_field *field, const void *record);

/**
 * The value of a double field of a record (any numeric field, converted).
 * @param field a field from cpol_record_fields().
 * @param record a record of the field's type.
 * @return the value; 0 for a text field.
 */
CPOL_EXTERN double cpol_record_field_double(const cpol_record_field *field, const void *record);

/**
 * The text of a field of a record: a text field's string, or an enum's
 * code word ("overdue", "criminal").
 * @param field a field from cpol_record_fields().
 * @param record a record of the field's type.
 * @return a string owned by the record (or static, for a code word); NULL
 *         when not set, or for a field of another type.
 */
CPOL_EXTERN const char *cpol_record_field_text(const cpol_record_field *field, const void *record);

/**
 * Whether a field of a record is set: an id or enum not 0, a date not
 * CPOL_DATE_NONE, a text not NULL. Ints and bools are always set.
 * @param field a field from cpol_record_fields().
 * @param record a record of the field's type.
 * @return 1 or 0.
 */
CPOL_EXTERN int cpol_record_field_is_set(const cpol_record_field *field, const void *record);

CPOL_END_DECL

#endif

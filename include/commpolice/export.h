/*
 * libcommpolice — research exports that protect people.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 *
 * An export reads one dataset (persons, visits, notices...) row by row and
 * passes every column through the operator its export profile names: drop,
 * mask, keyed pseudonym, generalise or keep. What a profile does not name
 * is dropped when it identifies a person (ID number, name, phone, address,
 * free text, person and household ids) and kept otherwise. Profiles may
 * declare quasi-identifiers; the export then reports the k-anonymity it
 * achieved, counting households (not persons) in each class, and can meet
 * a minimum k by generalising further and suppressing. Every export is
 * written to the export_log table (who, when, dataset, profile hash, key
 * id, rows), which the audit trail records like any table. See
 * docs/export.md.
 */
#ifndef CPOL_EXPORT_H
#define CPOL_EXPORT_H

#include <stdio.h>

#include "common.h"
#include "date.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ profiles */

/** A loaded export profile. Opaque and immutable once loaded. */
typedef struct cpol_export_profile cpol_export_profile;

/**
 * Load an export profile by name or from a file.
 *
 * A name (letters, digits, '_' and '-') is looked for as NAME.yaml in each
 * directory of CPOL_EXPORT_PATH (colon-separated) and then the installed
 * export directory; in each directory a region's own REGION/NAME.yaml is
 * preferred when region is given. The profile `research` is also compiled
 * in, so it loads without any file. Anything else (it contains '/' or ends
 * in .yaml) is read as a file path. A profile may say `extends: NAME` to
 * start from another profile and override its columns.
 *
 * @param out receives the profile; free it with cpol_export_profile_free().
 * @param name_or_file a profile name or a path; NULL means "research".
 * @param region a region code (such as "mountain_county") whose override is
 *        preferred, or NULL.
 * @return 0; CPOL_ENOTFOUND when no such profile exists (the message lists
 *         the directories searched); CPOL_EPARSE for YAML syntax and
 *         CPOL_EINVAL for a bad key, dataset, column or operator, with the
 *         file, line and column in cpol_error_last(); CPOL_EIO; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_export_profile_load(cpol_export_profile **out, const char *name_or_file,
                                         const char *region);

/**
 * Load an export profile from YAML text.
 *
 * @param out receives the profile; free it with cpol_export_profile_free().
 * @param yaml the profile's text (UTF-8).
 * @param file_name the name used in error messages, or NULL for "<string>".
 * @return as cpol_export_profile_load().
 */
CPOL_EXTERN int cpol_export_profile_load_string(cpol_export_profile **out, const char *yaml,
                                                const char *file_name);

/** The profile's `profile:` name. Owned by the profile. */
CPOL_EXTERN const char *cpol_export_profile_name(const cpol_export_profile *profile);

/**
 * SHA-256 (64 hex digits) of the profile's text and of every profile it
 * extends: recorded in the export log, so that a reader can tell which
 * operators were applied. Owned by the profile.
 */
CPOL_EXTERN const char *cpol_export_profile_hash(const cpol_export_profile *profile);

/** Free a profile; NULL is ignored. */
CPOL_EXTERN void cpol_export_profile_free(cpol_export_profile *profile);

/* ------------------------------------------------------------ keys */

/** A pseudonymisation key. Opaque; the key bytes never leave it. */
typedef struct cpol_export_key cpol_export_key;

/**
 * Read a pseudonymisation key from a file kept outside the database.
 *
 * The whole file is the key (at least 16 bytes; 32 random bytes, as
 * `head -c 32 /dev/urandom > project.key` writes, are right). The same key
 * gives the same pseudonym for the same record in every export; exports
 * made under different keys cannot be linked.
 *
 * @param out receives the key; free it with cpol_export_key_free().
 * @param path the key file.
 * @return 0; CPOL_EIO when it cannot be read; CPOL_EINVAL when it is
 *         shorter than 16 bytes; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_export_key_load(cpol_export_key **out, const char *path);

/**
 * A key from bytes in memory (copied).
 *
 * @param out receives the key; free it with cpol_export_key_free().
 * @param bytes the key bytes.
 * @param len their number, at least 16.
 * @return 0; CPOL_EINVAL when too short; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_export_key_new(cpol_export_key **out, const void *bytes, size_t len);

/**
 * The key's id: the first 16 hex digits of a SHA-256 fingerprint of the
 * key, recorded in the export log instead of the key. Owned by the key.
 */
CPOL_EXTERN const char *cpol_export_key_id(const cpol_export_key *key);

/** Free a key (its bytes are wiped first); NULL is ignored. */
CPOL_EXTERN void cpol_export_key_free(cpol_export_key *key);

/* ------------------------------------------------------------ datasets */

/**
 * The datasets an export can read.
 *
 * @param out receives a static array of names (persons, residences,
 *        households, labels, visits, inspections, notices, incidents,
 *        requests, rosters, assessments, monthly).
 * @param count receives their number.
 */
CPOL_EXTERN const char *const *cpol_export_datasets(size_t *count);

/** One line saying what a dataset holds, or NULL for an unknown name. */
CPOL_EXTERN const char *cpol_export_dataset_description(const char *dataset);

/* ------------------------------------------------------------ exports */

/** Options of cpol_export_new(); version CPOL_EXPORT_OPTIONS_VERSION. */
typedef struct cpol_export_options {
	unsigned int version;                /**< CPOL_EXPORT_OPTIONS_VERSION */
	const cpol_export_profile *profile;  /**< NULL: the compiled-in `research` */
	const cpol_export_key *key;          /**< needed when the profile pseudonymises */
	cpol_id office_id;                   /**< 0: every office */
	cpol_date from;                      /**< first day, or CPOL_DATE_NONE */
	cpol_date to;                        /**< last day, or CPOL_DATE_NONE */
	int min_k;                           /**< 0: report k only; else meet it or refuse */
} cpol_export_options;

/** Version of cpol_export_options this header describes. */
#define CPOL_EXPORT_OPTIONS_VERSION 1
/** Static initialiser of cpol_export_options. */
#define CPOL_EXPORT_OPTIONS_INIT { CPOL_EXPORT_OPTIONS_VERSION, NULL, NULL, 0, CPOL_DATE_NONE, \
	CPOL_DATE_NONE, 0 }

/**
 * Initialise options (for bindings).
 * @param opts the options.
 * @param version CPOL_EXPORT_OPTIONS_VERSION.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_export_options_init(cpol_export_options *opts, unsigned int version);

/** An export in progress: an iterator over protected rows. Opaque. */
typedef struct cpol_export cpol_export;

/** What an export did. Plain data owned by the export. */
typedef struct cpol_export_report {
	long long rows;              /**< rows given out so far */
	int quasi_identifiers;       /**< how many the profile declares for the dataset */
	int k;                       /**< smallest number of households in a class; 0 when
	                                  there are no quasi-identifiers or no rows */
	int min_k;                   /**< the k asked for */
	long long cells_suppressed;  /**< quasi-identifier cells replaced by "*" */
	long long rows_withheld;     /**< rows left out (suppressed rows too few to hide) */
	const char *levels;          /**< generalisation applied, "birth_date=band5 sex=keep" */
	const char *profile_hash;    /**< cpol_export_profile_hash() */
	const char *key_id;          /**< cpol_export_key_id(), or NULL */
	cpol_id log_id;              /**< its export_log row */
} cpol_export_report;

/**
 * Start an export of one dataset.
 *
 * Checks the options, writes the export_log entry (status "running"),
 * and, when the profile declares quasi-identifiers for the dataset, reads
 * the dataset once per generalisation step to find the k it achieves; with
 * min_k it climbs the generalisation ladders (the column whose next step
 * leaves the fewest rows in small classes first) until at most the
 * profile's max_suppression share of rows is in classes of fewer than
 * min_k households, and suppresses those rows' quasi-identifiers. Then the
 * rows can be read with cpol_export_next(), one at a time (memory does not
 * grow with the dataset, except for the class table of a k-anonymity
 * check, which holds one entry per class and household).
 *
 * @param out receives the export; free it with cpol_export_free().
 * @param db a writable handle (every export is logged); must outlive the export.
 * @param dataset a name from cpol_export_datasets().
 * @param opts options, or NULL for the defaults.
 * @return 0; CPOL_ENOTFOUND for an unknown dataset; CPOL_EINVAL when the
 *         profile pseudonymises and no key is given, a date range is given
 *         to a dataset without dates, or min_k is asked of a dataset without
 *         quasi-identifiers; CPOL_ECONFLICT when min_k cannot be met (the
 *         message says why: the smallest class and the rows that would need
 *         suppression); CPOL_EREADONLY; CPOL_EDB; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_export_new(cpol_export **out, cpol_db *db, const char *dataset,
                                const cpol_export_options *opts);

/** Number of columns the export gives out (dropped columns are not counted). */
CPOL_EXTERN size_t cpol_export_column_count(const cpol_export *ex);

/** Name of output column i, or NULL past the end. Owned by the export. */
CPOL_EXTERN const char *cpol_export_column_name(const cpol_export *ex, size_t i);

/** 1 when output column i holds numbers (written unquoted in JSON Lines). */
CPOL_EXTERN int cpol_export_column_is_number(const cpol_export *ex, size_t i);

/**
 * Step to the next row.
 * @param ex the export.
 * @return 0 when a row is ready; CPOL_ITEROVER after the last (the export is
 *         then finished, see cpol_export_finish()); CPOL_EDB; CPOL_ENOMEM.
 */
CPOL_EXTERN int cpol_export_next(cpol_export *ex);

/**
 * Value of output column i of the current row: UTF-8 text, or NULL for a
 * missing value. Owned by the export, valid until the next call to
 * cpol_export_next().
 */
CPOL_EXTERN const char *cpol_export_value(const cpol_export *ex, size_t i);

/**
 * Finish the export: record the rows given out, the k achieved and the
 * cells suppressed in its export_log entry (status "done"). Called by
 * cpol_export_next() at the end; idempotent.
 * @param ex the export.
 * @return 0, or an error writing the log.
 */
CPOL_EXTERN int cpol_export_finish(cpol_export *ex);

/** The export's report (updated as rows are read). Owned by the export. */
CPOL_EXTERN const cpol_export_report *cpol_export_report_get(const cpol_export *ex);

/** Output formats of cpol_export_write(). */
typedef enum cpol_export_format {
	CPOL_EXPORT_CSV = 0,    /**< RFC 4180: header line, CRLF, quotes doubled */
	CPOL_EXPORT_JSONL = 1   /**< one JSON object a line */
} cpol_export_format;

/** cpol_export_write() flag: start a CSV file with a UTF-8 byte order mark (for Excel). */
#define CPOL_EXPORT_BOM 0x1u

/**
 * Write the remaining rows to a stream and finish the export.
 * @param ex the export.
 * @param f an open stream.
 * @param format CPOL_EXPORT_CSV or CPOL_EXPORT_JSONL.
 * @param flags CPOL_EXPORT_BOM or 0.
 * @return 0; CPOL_EIO when writing fails; as cpol_export_next().
 */
CPOL_EXTERN int cpol_export_write(cpol_export *ex, FILE *f, cpol_export_format format,
                                  unsigned int flags);

/**
 * Free an export. One not finished is recorded in the log as "partial",
 * with the rows given out so far. NULL is ignored.
 */
CPOL_EXTERN void cpol_export_free(cpol_export *ex);

/* --------------------------------------------------- words of the enums */

/**
 * The word for a value of cpol_export_format ("csv", "jsonl"), as reports, JSON
 * and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_export_format_name(cpol_export_format value);

/**
 * A value of cpol_export_format from its word, as cpol_export_format_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "format") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_export_format_parse(cpol_export_format *out, const char *word);

#ifdef __cplusplus
}
#endif

#endif

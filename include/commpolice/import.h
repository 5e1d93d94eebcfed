/*
 * libcommpolice — bulk intake of addresses, houses and persons from CSV.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_IMPORT_H
#define COMMPOLICE_IMPORT_H

#include "common.h"
#include "date.h"
#include "db.h"
#include "rules.h"

/**
 * @file commpolice/import.h
 * @brief 采集导入: CSV files of addresses, houses and persons, as spreadsheets write them.
 *
 * ## The file
 * RFC 4180 CSV (comma-separated, fields optionally in double quotes, a quote
 * doubled inside quotes, CRLF, LF or CR-only line ends), in UTF-8 with or
 * without a byte-order mark, or in GB18030 (which includes GBK and GB2312),
 * the encoding Chinese spreadsheet programs save "CSV" in.
 *
 * ## The encoding
 * Given (cpol_import_options.encoding), or read from the file: a UTF-8
 * byte-order mark; else UTF-8 when the first 64 KiB are valid UTF-8, or
 * when their valid multi-byte characters outnumber the invalid bytes at
 * least two to one (a UTF-8 file with a stray bad byte stays UTF-8); else
 * GB18030 when they read as GB18030 by the same measure, a guess whose
 * evidence (the first offsets that are not UTF-8) the report keeps in
 * encoding_note. A file that is neither is refused (CPOL_EPARSE) with the
 * first offset that is not UTF-8, and so is a file that is not in the
 * encoding given. The encoding is then the same for the whole file: a byte
 * that is not valid in it rejects its row, naming line and column.
 *
 * The first record is the header; columns are found by name, in Chinese or
 * English, in any order (docs/population.md lists the names). A name given
 * twice (or two names of one column), and a name that is not a column, are
 * refused (CPOL_EPARSE naming the header column, with the nearest known
 * name: 人口类形 - did you mean 人口类型?); 序号 (no) and 备注 (note)
 * columns, and columns with an empty name, are read and ignored:
 * - every kind: 社区 (community: a community's code or name), 街路巷
 *   (street), 门牌号 (building), 单元 (unit), 户室 (room);
 * - houses: 房屋用途 (use), 居住状态 (status), 房主 (owner_name),
 *   房主身份证号, 房主电话, 出租人 (landlord_name), 出租登记编号,
 *   出租登记日期, 出租登记有效期至;
 * - persons: 身份证号 (id_number), 姓名 (name), 证件类型, 国籍, 性别,
 *   出生日期, 联系电话, 户籍地址, 人口类型 (type: a residence-type code or
 *   name of the rules), 与房屋关系, 居住起始日期, 登记日期, 居住证号,
 *   居住证有效期至, 标签 (label codes or names, separated by ';' or '、').
 *
 * ## What a row must be
 * A bad row is reported with its line, column (the 1-based field number, as
 * a spreadsheet counts columns), field and reason, and skipped; the good
 * rows are kept. Refused: a NUL byte or a byte not valid in the encoding in
 * any field; a field longer than its column's limit (characters, not
 * bytes: 64 for names, 32 for ID and phone numbers, 100 for address parts,
 * 200 for 户籍地址 and 标签, 1000 for ignored columns; docs/population.md
 * lists them all); a date before 1900, before the person's birth, or more
 * than a year after today (the end of a permit or letting: more than twenty
 * years); a permit or letting that ends before its registration; a sex or
 * birth date that contradicts the ID number; and an ID number that the
 * database (or an earlier row of the file) already gives another name:
 * identities are never merged. A known person (same number, same name) at
 * a new address moves there. With `update` set, a known person's name,
 * phone and 户籍地址 are corrected from the file instead, each change noted
 * (CPOL_IMPORT_UPDATED) with the value before and after, and audited as
 * any update. An ID number whose region code is in no edition of GB/T 2260
 * (cpol_idnum_region_known()) is imported with a warning.
 *
 * ## Errors and atomicity Rows are committed in batches: a batch is atomic, and the progress
 * is committed with it, so an import that was interrupted (a crash, a
 * progress callback that stopped it) resumes after its last batch when the
 * same file is imported again. Each run and each bad row are kept in the
 * database (and audited): the import report can be read back later.
 *
 * ## The audit trail
 * With CPOL_IMPORT_AUDIT_BATCH (the default) the rows a batch inserts are
 * audited by batch: for each table it added rows to, one audit entry
 * (action "insert", the acting user and time as usual) whose row_id is the
 * first id added and whose after_json names the range and its origin:
 * `{"import_run":R,"first_id":A,"last_id":B,"rows":N,"first_line":L1,"last_line":L2,"columns":C,"digests_sha256":H}`.
 * L1 and L2 are the lines where the batch's first and last records start;
 * the batch also keeps a digest of each row's values (table audit_batch,
 * whose SHA-256 is H), which cpol_audit_trail_verify() checks the rows against.
 * Within a batch the import holds the write lock, so ids A..B are exactly
 * the rows it added. Everything else stays audited row by row: updates
 * made by the import (a known person moving house closes a residence),
 * and every later change. The per-row insert entries cost about three
 * quarters of the import time (measured by tests/bench/bench_population.c:
 * about 8,000 against 29,000 persons/s on the development machine), which
 * is why batch entries are the default for bulk intake. With
 * CPOL_IMPORT_AUDIT_ROWS every inserted row gets its own entry, as any
 * other write does.
 *
 * ## Memory
 * The file is streamed: memory use does not grow with its size.
 */

/** What a file holds. */
typedef enum {
	CPOL_IMPORT_ADDRESSES = 1, /**< address paths */
	CPOL_IMPORT_HOUSES,        /**< houses (and their lettings) on address paths */
	CPOL_IMPORT_PERSONS        /**< persons and where they live */
} cpol_import_kind;

/** Encodings of import files. */
typedef enum {
	CPOL_ENCODING_AUTO = 0, /**< detect */
	CPOL_ENCODING_UTF8,     /**< UTF-8, with or without BOM */
	CPOL_ENCODING_GB18030   /**< GB18030 / GBK / GB2312 */
} cpol_encoding;

/** How imported rows are audited (see "The audit trail" above). */
typedef enum {
	CPOL_IMPORT_AUDIT_BATCH = 0, /**< one entry per table per batch (default) */
	CPOL_IMPORT_AUDIT_ROWS = 1   /**< one entry per inserted row */
} cpol_import_audit;

/** How the encoding of a file was decided. */
typedef enum {
	CPOL_ENCODING_FROM_OPTIONS = 0, /**< given in the options */
	CPOL_ENCODING_FROM_BOM,         /**< a UTF-8 byte-order mark */
	CPOL_ENCODING_FROM_UTF8,        /**< the file reads as UTF-8 */
	CPOL_ENCODING_FROM_GUESS        /**< not UTF-8 but reads as GB18030: a guess, with evidence */
} cpol_encoding_source;

/** What a note on a row says (cpol_import_problem.level). */
typedef enum {
	CPOL_IMPORT_REJECTED = 0, /**< the row was not imported */
	CPOL_IMPORT_WARNING,      /**< the row was imported; something in it deserves a look */
	CPOL_IMPORT_UPDATED       /**< update mode changed a stored value: reason has before and after */
} cpol_import_level;

/** Where an import stands; passed to the progress callback. */
typedef struct cpol_import_progress {
	int64_t records;      /**< data records read so far (this run and resumed ones) */
	int64_t ok;           /**< ... imported */
	int64_t bad;          /**< ... rejected */
	int64_t bytes_read;   /**< bytes of the file read */
	int64_t bytes_total;  /**< size of the file */
} cpol_import_progress;

/**
 * Called after each committed batch.
 *
 * @param progress valid during the call.
 * @param payload as given in the options.
 * @return 0 to go on; non-zero stops the import (it can be resumed).
 */
typedef int (*cpol_import_progress_cb)(const cpol_import_progress *progress, void *payload);

struct cpol_import_problem;

/**
 * Called for each note on a row (a rejection, a warning, an update) as the
 * import finds it; with check_only it is how the problems are told, since
 * nothing is stored. A note of a batch that is then rolled back because the
 * database failed was told but not stored.
 *
 * @param problem valid during the call.
 * @param payload as given in the options.
 * @return 0 to go on; non-zero stops the import (CPOL_EUSER), as the
 *         progress callback does.
 */
typedef int (*cpol_import_problem_cb)(const struct cpol_import_problem *problem, void *payload);

/** Options of an import. Initialise with CPOL_IMPORT_OPTIONS_INIT. */
typedef struct cpol_import_options {
	unsigned int version;        /**< CPOL_IMPORT_OPTIONS_VERSION */
	cpol_import_kind kind;       /**< required */
	cpol_encoding encoding;      /**< default: detect */
	cpol_id community_id;        /**< for files with no community column */
	cpol_id office_id;           /**< persons: the managing office; 0: the office whose
	                                  district covers the house's community on the import day */
	const cpol_rules *rules;     /**< ID-number policy, residence types, labels; NULL: the
	                                  rules of office_id's region, else of the first office met */
	cpol_date residence_from;    /**< persons: move-in day when the file gives none; default today */
	int batch_rows;              /**< rows per committed batch; 0: 5000 */
	int resume;                  /**< 1 (default): continue an unfinished run of the same file */
	cpol_import_progress_cb progress; /**< or NULL */
	void *progress_payload;      /**< passed to progress */
	cpol_import_audit audit;     /**< default CPOL_IMPORT_AUDIT_BATCH */
	int update;                  /**< persons: 1 corrects known persons' name, phone and 户籍地址 from
	                                  the file (noted as CPOL_IMPORT_UPDATED, audited); 0 (default)
	                                  rejects a row that names a known ID number differently */
	int check_only;              /**< 1: a dry run. The whole file is read and checked against the
	                                  database as an import would, every note goes to `problem`, and
	                                  nothing is written (it runs in one transaction that is rolled
	                                  back, holding the write lock meanwhile); the report counts what
	                                  would be imported; run_id is 0; resume is ignored */
	cpol_import_problem_cb problem; /**< or NULL */
	void *problem_payload;       /**< passed to problem */
} cpol_import_options;

/** The current version of cpol_import_options. */
#define CPOL_IMPORT_OPTIONS_VERSION 1
/** Defaults; set kind. */
#define CPOL_IMPORT_OPTIONS_INIT { CPOL_IMPORT_OPTIONS_VERSION, (cpol_import_kind)0, CPOL_ENCODING_AUTO, \
	0, 0, NULL, CPOL_DATE_NONE, 0, 1, NULL, NULL, CPOL_IMPORT_AUDIT_BATCH, 0, 0, NULL, NULL }

/**
 * The report of an import. Plain data: the caller allocates it and sets its
 * version (CPOL_IMPORT_REPORT_INIT or cpol_import_report_init());
 * cpol_import_run() fills the rest.
 */
typedef struct cpol_import_report {
	unsigned int version;       /**< CPOL_IMPORT_REPORT_VERSION: the layout the caller was built with */
	cpol_id run_id;             /**< the run, for cpol_import_problem_iter_new(); 0 when no batch was
	                                 committed (a new run's record is written by its first batch) */
	cpol_encoding encoding;     /**< as read */
	int resumed;                /**< 1 when an unfinished run was continued */
	int64_t skipped;            /**< records skipped because an earlier run committed them */
	int64_t records;            /**< data records in the file */
	int64_t ok;                 /**< imported (this run and earlier ones) */
	int64_t bad;                /**< rejected */
	int64_t addresses_created;  /**< address nodes this run added */
	int64_t houses_created;     /**< houses this run added */
	int64_t persons_created;    /**< persons this run added */
	int64_t moves;              /**< known persons this run moved to a new house */
	int64_t warnings;           /**< notes of level CPOL_IMPORT_WARNING (on imported rows) */
	int64_t updated;            /**< known persons update mode corrected */
	int check_only;             /**< 1 for a dry run: nothing was written */
	cpol_encoding_source encoding_source; /**< how the encoding was decided */
	char encoding_note[256];    /**< why, in words (UTF-8): e.g. "not UTF-8 (invalid at byte offsets
	                                 0, 2, 4); reads as GB18030 (12 characters, no invalid byte)" */
} cpol_import_report;

/** The current version of cpol_import_report. */
#define CPOL_IMPORT_REPORT_VERSION 1
/** An empty cpol_import_report of the current version, to pass to cpol_import_run(). */
#define CPOL_IMPORT_REPORT_INIT { CPOL_IMPORT_REPORT_VERSION, 0, CPOL_ENCODING_AUTO, 0, 0, 0, 0, 0, \
	                          0, 0, 0, 0, 0, 0, 0, CPOL_ENCODING_FROM_OPTIONS, { 0 } }

/** A note on a row: a rejection, a warning or an update. Plain data, owned by the iterator (or valid
 *  during the problem callback). */
typedef struct cpol_import_problem {
	int line;                   /**< 1-based line of the file where the record begins */
	int column;                 /**< 1-based field number, or 0 for the whole row */
	const char *field;          /**< the column's name in the header, or NULL */
	const char *reason;         /**< what is wrong, UTF-8 */
	cpol_import_level level;    /**< rejected, warning, or update (before and after in reason) */
} cpol_import_problem;

/** Iterator over the problems of a run. Opaque. */
typedef struct cpol_import_problem_iter cpol_import_problem_iter;

CPOL_BEGIN_DECL

/**
 * Initialise options with CPOL_IMPORT_OPTIONS_INIT.
 *
 * @param opts the structure to initialise.
 * @param version CPOL_IMPORT_OPTIONS_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_import_options_init(cpol_import_options *opts, unsigned int version);

/**
 * An encoding from its name, as a user types it: "auto"; "utf-8" or "utf8";
 * "gb18030", "gbk" or "gb2312" (GBK and GB2312 are subsets of GB18030).
 * Case does not matter.
 *
 * @param out receives the encoding.
 * @param name the name; NULL or "" means CPOL_ENCODING_AUTO.
 * @return 0, or CPOL_EINVAL naming the field "encoding" and the accepted names.
 */
CPOL_EXTERN int cpol_encoding_parse(cpol_encoding *out, const char *name);

/**
 * Initialise a cpol_import_report with CPOL_IMPORT_REPORT_INIT.
 *
 * @param report the structure to initialise.
 * @param version CPOL_IMPORT_REPORT_VERSION, the version the caller was built with.
 * @return 0, or CPOL_EINVAL for an unknown version.
 */
CPOL_EXTERN int cpol_import_report_init(cpol_import_report *report, unsigned int version);

/**
 * Import a CSV file.
 *
 * Must be called outside a transaction (each batch is one).
 *
 * Replaces cpol_import_run() (deprecated), whose report had no version.
 *
 * @param report NULL, or the caller's report with its version set
 *        (CPOL_IMPORT_REPORT_INIT); receives the report.
 * @param db the handle.
 * @param path the file.
 * @param opts required (kind).
 * @return 0 when the file was read to its end (whatever the bad rows: see
 *         the report); CPOL_EIO (file: path) when it cannot be read;
 *         CPOL_EPARSE (file, line, column, field) for a header that is
 *         missing a required column or names one twice or an unknown one,
 *         for a file in neither UTF-8 nor GB18030 (or not in the encoding
 *         given: the message has the first bad byte offset), or a broken
 *         file (an unterminated quote at its end); CPOL_EUNSUPPORTED
 *         for a UTF-16 file; CPOL_EUSER when the progress callback stopped
 *         it (resume by importing again); CPOL_EMISUSE inside a
 *         transaction; CPOL_EINVAL; CPOL_ENOTFOUND for the office or
 *         community of the options; CPOL_ERULES; CPOL_EBUSY; CPOL_EDB.
 */
CPOL_EXTERN int cpol_import_run(cpol_import_report *report, cpol_db *db, const char *path,
                                const cpol_import_options *opts);

/**
 * The notes of a run (rejected rows, warnings, updates), by line.
 *
 * @param out receives the iterator; free with cpol_import_problem_iter_free().
 * @param db the handle; must outlive the iterator.
 * @param run_id the import run (cpol_id); an unknown run gives an empty
 *        iteration, not CPOL_ENOTFOUND.
 * @return 0; CPOL_ENOMEM; CPOL_EDB.
 */
CPOL_EXTERN int cpol_import_problem_iter_new(cpol_import_problem_iter **out, cpol_db *db, cpol_id run_id);

/**
 * The next problem.
 * @param out receives a record owned by the iterator, valid until the next call.
 * @param iter the iterator, from cpol_import_problem_iter_new().
 * @return 0; CPOL_ITEROVER; CPOL_EDB.
 */
CPOL_EXTERN int cpol_import_problem_iter_next(const cpol_import_problem **out,
                                              cpol_import_problem_iter *iter);

/**
 * Free an iterator.
 *
 * @param iter the iterator, or NULL (nothing happens).
 */
CPOL_EXTERN void cpol_import_problem_iter_free(cpol_import_problem_iter *iter);

/* --------------------------------------------------- words of the enums */

/**
 * The word for a value of cpol_import_kind ("addresses", "houses", "persons"),
 * as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_import_kind_name(cpol_import_kind value);

/**
 * A value of cpol_import_kind from its word, as cpol_import_kind_name() spells
 * it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "kind") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_import_kind_parse(cpol_import_kind *out, const char *word);

/**
 * The word for a value of cpol_import_audit ("batch", "rows"), as reports, JSON
 * and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_import_audit_name(cpol_import_audit value);

/**
 * A value of cpol_import_audit from its word, as cpol_import_audit_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "audit") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_import_audit_parse(cpol_import_audit *out, const char *word);

/**
 * The word for a value of cpol_encoding_source ("options", "bom", "utf8",
 * "guess"), as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_encoding_source_name(cpol_encoding_source value);

/**
 * A value of cpol_encoding_source from its word, as cpol_encoding_source_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "encoding_source") whose message names the
 *         word and lists the accepted ones.
 */
CPOL_EXTERN int cpol_encoding_source_parse(cpol_encoding_source *out, const char *word);

/**
 * The word for a value of cpol_import_level ("rejected", "warning", "updated"),
 * as reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_import_level_name(cpol_import_level value);

/**
 * A value of cpol_import_level from its word, as cpol_import_level_name()
 * spells it.
 *
 * @param out receives the value; untouched on failure.
 * @param word the word.
 * @return 0, or CPOL_EINVAL (field "level") whose message names the word and
 *         lists the accepted ones.
 */
CPOL_EXTERN int cpol_import_level_parse(cpol_import_level *out, const char *word);

/**
 * The word for a value of cpol_encoding ("auto", "utf-8", "gb18030"), as
 * reports, JSON and the bindings write it.
 *
 * @param value a value of the enum.
 * @return a static string; "unknown" for a value outside the enum.
 */
CPOL_EXTERN const char *cpol_encoding_name(cpol_encoding value);

CPOL_END_DECL

#endif

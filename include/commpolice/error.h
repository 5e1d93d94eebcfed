/*
 * libcommpolice — error codes and the per-thread error record.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_ERROR_H
#define COMMPOLICE_ERROR_H

#include "common.h"

/**
 * @file commpolice/error.h
 * @brief Error codes, cpol_strerror() and cpol_error_last().
 *
 * Every function that can fail returns an int: 0 on success, one of the
 * negative codes below on failure. After a failure, cpol_error_last() tells
 * what went wrong and where (field, file, line, column) when that is known.
 */

/**
 * The one table of error codes.
 *
 * Each row is X(SUFFIX, value, binding class name, description). The C enum,
 * cpol_strerror(), cpol_error_name() and the exception classes of the Python
 * and Lua bindings are all made from this table; add a code here and nowhere
 * else. Values are part of the ABI: never renumber, only append.
 */
#define CPOL_ERROR_TABLE(X) \
	X(OK,           0,  "Ok",                "success") \
	X(ERROR,       -1,  "GenericError",      "unspecified error") \
	X(ENOMEM,      -2,  "OutOfMemoryError",  "out of memory") \
	X(EINVAL,      -3,  "InvalidError",      "invalid argument or value") \
	X(ENOTFOUND,   -4,  "NotFoundError",     "no such record or file") \
	X(EEXISTS,     -5,  "ExistsError",       "record already exists") \
	X(ECONSTRAINT, -6,  "ConstraintError",   "a constraint on the data would be broken") \
	X(EBUSY,       -7,  "BusyError",         "database is locked by another connection") \
	X(EIO,         -8,  "IoError",           "input/output error") \
	X(ESCHEMA,     -9,  "SchemaError",       "database schema is newer than this library or damaged") \
	X(ERULES,      -10, "RulesError",        "region rules are invalid") \
	X(EPARSE,      -11, "ParseError",        "input could not be parsed") \
	X(ECONFLICT,   -12, "ConflictError",     "requirements conflict; no solution exists") \
	X(EREADONLY,   -13, "ReadOnlyError",     "database was opened read-only") \
	X(EMISUSE,     -14, "MisuseError",       "library used out of order") \
	X(EDB,         -15, "DatabaseError",     "database engine error") \
	X(EUNSUPPORTED,-16, "UnsupportedError",  "operation not supported") \
	X(EUSER,       -17, "CallbackError",     "a user callback reported an error") \
	X(ETAMPERED,   -18, "TamperedError",     "the audit trail's triggers were changed outside the library; repair before writing") \
	X(ITEROVER,    -31, "IterOver",          "no more items")

/** Error codes returned by every fallible function. */
typedef enum {
/** @cond internal */
#define CPOL__ERROR_ENUM(suffix, value, cls, desc) CPOL_##suffix = value,
	CPOL_ERROR_TABLE(CPOL__ERROR_ENUM)
#undef CPOL__ERROR_ENUM
/** @endcond */
	CPOL__ERROR_END_ = -32 /**< not a code; keeps the enum signed */
} cpol_error_code;

/**
 * The last error raised on the calling thread.
 *
 * Strings are owned by the library and stay valid until the next call into
 * the library on the same thread. Fields that are not known are NULL (or 0
 * for line and column).
 */
typedef struct cpol_error {
	int code;            /**< one of cpol_error_code; CPOL_OK if none */
	const char *message; /**< human-readable text; never NULL */
	const char *field;   /**< the field, key or column concerned, or NULL */
	const char *file;    /**< the file concerned, or NULL */
	int line;            /**< 1-based line in file, or 0 */
	int column;          /**< 1-based column in line, or 0 */
} cpol_error;

/** Description of one error code, for bindings and diagnostics. */
typedef struct cpol_error_kind {
	int code;                /**< the code */
	const char *name;        /**< "CPOL_ENOTFOUND" */
	const char *class_name;  /**< binding exception class, "NotFoundError" */
	const char *description; /**< same text as cpol_strerror(code) */
} cpol_error_kind;

CPOL_BEGIN_DECL

/**
 * The last error that happened on the calling thread.
 *
 * @return a record owned by the library, never NULL. When no error has
 *         happened since the thread started (or since cpol_error_clear()),
 *         its code is CPOL_OK and its message "no error". Thread-local: each
 *         thread sees its own errors only.
 */
CPOL_EXTERN const cpol_error *cpol_error_last(void);

/**
 * Forget the last error of the calling thread.
 */
CPOL_EXTERN void cpol_error_clear(void);

/**
 * Set the calling thread's error, for callbacks and bindings that report
 * failures through the library (a Python metric that raised, say).
 *
 * @param code a negative cpol_error_code.
 * @param message the text to record; copied. NULL records the code's
 *        description.
 * @return code, so that a callback can `return cpol_error_set(...)`.
 */
CPOL_EXTERN int cpol_error_set(int code, const char *message);

/**
 * A static description of an error code.
 *
 * @param code any int.
 * @return a static string, never NULL; "unknown error" for unknown codes.
 *         Thread-safe.
 */
CPOL_EXTERN const char *cpol_strerror(int code);

/**
 * The symbolic name of an error code, such as "CPOL_ENOTFOUND".
 *
 * @param code any int.
 * @return a static string, never NULL; "CPOL_UNKNOWN" for unknown codes.
 */
CPOL_EXTERN const char *cpol_error_name(int code);

/**
 * An error code from its symbolic name, as cpol_error_name() spells it
 * ("CPOL_ENOTFOUND"): the _parse() of cpol_error_code, whose _name() is
 * cpol_error_name() (it takes an int, as functions return codes).
 *
 * @param out receives the code; untouched on failure.
 * @param word the name.
 * @return 0, or CPOL_EINVAL (field "code") naming the word.
 */
CPOL_EXTERN int cpol_error_code_parse(cpol_error_code *out, const char *word);

/**
 * The whole table of error codes.
 *
 * @param count receives the number of entries.
 * @return a static array owned by the library. Thread-safe.
 */
CPOL_EXTERN const cpol_error_kind *cpol_error_kinds(size_t *count);

CPOL_END_DECL

#endif

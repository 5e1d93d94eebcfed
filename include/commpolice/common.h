/*
 * libcommpolice — common definitions shared by every module.
 *
 * Copyright (c) the libcommpolice authors. See COPYING for terms.
 */
#ifndef COMMPOLICE_COMMON_H
#define COMMPOLICE_COMMON_H

#include <stddef.h>
#include <stdint.h>

/**
 * @file commpolice/common.h
 * @brief Export macro, version numbers and the basic scalar types.
 */

/** @def CPOL_BEGIN_DECL
 *  Opens C linkage for C++ compilers (expands to nothing in C). */
/** @def CPOL_END_DECL
 *  Closes what CPOL_BEGIN_DECL opened. */
#ifdef __cplusplus
# define CPOL_BEGIN_DECL extern "C" {
# define CPOL_END_DECL }
#else
# define CPOL_BEGIN_DECL
# define CPOL_END_DECL
#endif

/**
 * Marks a declaration as part of the public ABI.
 *
 * The library is compiled with -fvisibility=hidden, so only declarations
 * carrying this macro are exported from the shared object.
 */
#if defined(_WIN32) && defined(CPOL_BUILDING_LIBRARY)
/* Windows, building the DLL: export. */
# define CPOL_EXTERN __declspec(dllexport)
#elif defined(_WIN32)
/* Windows, using the DLL: import. */
# define CPOL_EXTERN __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
/* GCC and Clang: visible although the library builds with -fvisibility=hidden. */
# define CPOL_EXTERN __attribute__((visibility("default")))
#else
/* Other compilers export everything. */
# define CPOL_EXTERN
#endif

/** Major version of the library these headers belong to. */
#define CPOL_VERSION_MAJOR 0
/** Minor version of the library these headers belong to. */
#define CPOL_VERSION_MINOR 2
/** Patch level of the library these headers belong to. */
#define CPOL_VERSION_PATCH 0
/** The version as a string, "MAJOR.MINOR.PATCH". */
#define CPOL_VERSION "0.2.0"
/** The version as one comparable number: MAJOR*10000 + MINOR*100 + PATCH. */
#define CPOL_VERSION_NUMBER \
	(CPOL_VERSION_MAJOR * 10000 + CPOL_VERSION_MINOR * 100 + CPOL_VERSION_PATCH)

/**
 * A record identifier: the SQLite rowid of the record's table.
 *
 * Identifiers are positive; 0 means "none".
 */
typedef int64_t cpol_id;

CPOL_BEGIN_DECL

/**
 * The version of the library that is linked, as "MAJOR.MINOR.PATCH".
 *
 * Compare it with CPOL_VERSION to detect a header/library mismatch.
 *
 * @return a static string owned by the library; never NULL.
 *         Thread-safe.
 */
CPOL_EXTERN const char *cpol_version(void);

/**
 * The version of the linked library as CPOL_VERSION_NUMBER would give it.
 *
 * @return MAJOR*10000 + MINOR*100 + PATCH. Thread-safe.
 */
CPOL_EXTERN int cpol_version_number(void);

/**
 * Free plain memory the library allocated and handed over: the strings that
 * the headers say to free "with cpol_free()" (cpol_address_format(),
 * cpol_assessment_json(), cpol_duty_export_csv()...).
 *
 * Records and handles have their own typed _free function
 * (cpol_person_free(), cpol_owed_list_free()...), which frees what they
 * point to as well; do not pass them here. What the library allocates, the
 * library frees: the caller may be linked with another C runtime or
 * allocator than the library (a Windows DLL, a language binding), where the
 * caller's free() would not be the library's.
 *
 * @param ptr what the library returned, or NULL (nothing is done).
 *        Thread-safe.
 */
CPOL_EXTERN void cpol_free(void *ptr);

CPOL_END_DECL

#endif

/*
 * Allocation failure on demand, for tests in the manner of SQLite's malloc
 * tests: arm the hook with N, and the Nth allocation from then on fails
 * (returns NULL) once; every other allocation succeeds.
 *
 * Two kinds of allocation are counted apart:
 *  - the library's own malloc/calloc/realloc/strdup: the test program is
 *    linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 *    which sends the calls made by the statically linked library objects
 *    through the wrappers in alloc_fail.c without touching the library's
 *    sources (calls made inside shared libraries are not affected);
 *  - SQLite's, through sqlite3_config(SQLITE_CONFIG_MALLOC), installed by
 *    alloc_fail_install() before SQLite initialises.
 * libyaml and iconv allocate through the C library from inside their shared
 * objects, where --wrap does not reach: their failures are not injected.
 */
#ifndef CPOL_ALLOC_FAIL_H
#define CPOL_ALLOC_FAIL_H

#include <stdint.h>

typedef enum {
	ALLOC_LIBRARY = 0, /* malloc & co. called by libcommpolice */
	ALLOC_SQLITE = 1   /* SQLite's allocations */
} alloc_kind;

/* Route SQLite's allocations through the hook; call first thing in main(). */
int alloc_fail_install(void);

/* Count allocations of `kind` from now on; the nth (1-based) fails. 0: none fails. */
void alloc_fail_arm(alloc_kind kind, int64_t nth);

/* Stop counting; returns 1 when the armed failure happened. */
int alloc_fail_disarm(void);

/* Allocations of each kind counted since the last arm. */
int64_t alloc_fail_count(alloc_kind kind);

#endif

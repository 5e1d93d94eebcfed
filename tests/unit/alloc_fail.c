/* Allocation failure on demand: see alloc_fail.h. */
#include "alloc_fail.h"

#include <execinfo.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

static int armed;
static alloc_kind armed_kind;
static int64_t fail_at, counts[2];
static int fired;
static sqlite3_mem_methods sqlite_default;

/* 1 when this allocation of `kind` is the one to fail. */
static int should_fail(alloc_kind kind)
{
	if (!armed)
		return 0;
	counts[kind]++;
	if (kind != armed_kind || fired || counts[kind] != fail_at)
		return 0;
	fired = 1;
	/*
	 * CPOL_ALLOC_TRACE=N: where the Nth allocation was made, when it fails
	 * (0: every one), as addresses for `addr2line -f -e tests/unit/test_alloc`.
	 */
	if (getenv("CPOL_ALLOC_TRACE") && (atoll(getenv("CPOL_ALLOC_TRACE")) == 0 ||
	                                   atoll(getenv("CPOL_ALLOC_TRACE")) == fail_at)) {
		void *frames[16];
		int n = backtrace(frames, 16);
		backtrace_symbols_fd(frames, n, STDERR_FILENO);
		write(STDERR_FILENO, "--\n", 3);
	}
	return 1;
}

void *__wrap_malloc(size_t n)
{
	return should_fail(ALLOC_LIBRARY) ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return should_fail(ALLOC_LIBRARY) ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return should_fail(ALLOC_LIBRARY) ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return should_fail(ALLOC_LIBRARY) ? NULL : __real_strdup(s);
}

static void *sqlite_malloc(int n)
{
	return should_fail(ALLOC_SQLITE) ? NULL : sqlite_default.xMalloc(n);
}

static void *sqlite_realloc(void *p, int n)
{
	return should_fail(ALLOC_SQLITE) ? NULL : sqlite_default.xRealloc(p, n);
}

int alloc_fail_install(void)
{
	sqlite3_mem_methods m;
	int rc;

	if ((rc = sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default)) != SQLITE_OK)
		return rc;
	m = sqlite_default;
	m.xMalloc = sqlite_malloc;
	m.xRealloc = sqlite_realloc;
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}

void alloc_fail_arm(alloc_kind kind, int64_t nth)
{
	armed_kind = kind;
	fail_at = nth;
	counts[0] = counts[1] = 0;
	fired = 0;
	armed = 1;
}

int alloc_fail_disarm(void)
{
	armed = 0;
	return fired;
}

int64_t alloc_fail_count(alloc_kind kind)
{
	return counts[kind];
}

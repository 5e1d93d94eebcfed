/*
 * Helpers shared by the Check unit tests.
 */
#ifndef CPOL_TESTUTIL_H
#define CPOL_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commpolice.h"

/* Assert that an API call succeeded, printing the library's error if not. */
#define ck_assert_ok(expr) do { \
	int ck_rc_ = (expr); \
	ck_assert_msg(ck_rc_ == 0, "%s failed: %d %s", #expr, ck_rc_, cpol_error_last()->message); \
} while (0)

/* Assert that an API call failed with a given code. */
#define ck_assert_fails(expr, code) do { \
	int ck_rc_ = (expr); \
	ck_assert_msg(ck_rc_ == (code), "%s returned %d (%s), expected %d (%s): %s", #expr, \
	              ck_rc_, cpol_error_name(ck_rc_), (code), cpol_error_name(code), \
	              cpol_error_last()->message); \
} while (0)

/* A fresh temporary directory for a test; removed by testutil_rmtree(). */
static inline char *testutil_tmpdir(void)
{
	char tmpl[] = "/tmp/cpol-test-XXXXXX";
	char *d = mkdtemp(tmpl);
	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static inline void testutil_rmtree(char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}

/* "dir/name" in a static buffer (one at a time). */
static inline const char *testutil_path(const char *dir, const char *name)
{
	static char buf[600];
	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

/*
 * The whole main() of a test program: one suite of one test case, with an
 * optional fixture run around each test (setup/teardown may be NULL).
 *
 *   int main(void)
 *   {
 *       const TTest *tests[] = { test_a, test_b, NULL };
 *       return testutil_main("db", setup, teardown, tests);
 *   }
 */
static inline int testutil_run(Suite *s);

static inline int testutil_main(const char *name, void (*setup)(void), void (*teardown)(void),
                                const TTest *const *tests)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create("core");
	if (setup || teardown)
		tcase_add_checked_fixture(tc, setup, teardown);
	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}

/* One entry of a generated test list (build-aux/test-list.sh): a test and its area. */
#define TESTUTIL_MAX_TESTS 1000
typedef struct testutil_test {
	const char *area;
	const TTest *test;
} testutil_test;

/*
 * The whole main() of a test program whose tests are registered by the
 * list generated from its source, one TCase per area, in the order the
 * areas first appear, each with the fixture (setup/teardown may be NULL):
 *
 *   #include "test_db.list"
 *
 *   int main(void)
 *   {
 *       return testutil_main_list("db", setup, teardown, testutil_tests());
 *   }
 */
static inline int testutil_main_list(const char *name, void (*setup)(void), void (*teardown)(void),
                                     const testutil_test *tests)
{
	Suite *s = suite_create(name);
	const testutil_test *t, *u;

	for (t = tests; t->test; t++) {
		TCase *tc;
		for (u = tests; u != t && strcmp(u->area, t->area) != 0; u++)
			;
		if (u != t)
			continue; /* the area's TCase is made already */
		tc = tcase_create(t->area);
		if (setup || teardown)
			tcase_add_checked_fixture(tc, setup, teardown);
		for (u = t; u->test; u++)
			if (strcmp(u->area, t->area) == 0)
				tcase_add_test(tc, u->test);
		suite_add_tcase(s, tc);
	}
	return testutil_run(s);
}

/* Run one suite; the test program's exit status. */
static inline int testutil_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif

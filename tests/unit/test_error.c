/* Error table, cpol_strerror(), cpol_error_last(). */
#include "testutil.h"
#include "internal.h"

#include <pthread.h>

START_TEST(last_error_is_never_null)
{
	const cpol_error *e;
	cpol_error_clear();
	e = cpol_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->code, CPOL_OK);
	ck_assert_str_eq(e->message, "no error");
	ck_assert_ptr_null(e->file);
	ck_assert_ptr_null(e->field);
}
END_TEST

START_TEST(error_carries_location)
{
	const cpol_error *e;
	int rc = cpol__error_set_at(CPOL_ERULES, "chengdu.yaml", 12, 5, "visits.households_per_month",
	                            "expected a number, got '%s'", "thirty");
	ck_assert_int_eq(rc, CPOL_ERULES);
	e = cpol_error_last();
	ck_assert_int_eq(e->code, CPOL_ERULES);
	ck_assert_str_eq(e->file, "chengdu.yaml");
	ck_assert_int_eq(e->line, 12);
	ck_assert_int_eq(e->column, 5);
	ck_assert_str_eq(e->field, "visits.households_per_month");
	ck_assert_str_eq(e->message, "chengdu.yaml:12:5: expected a number, got 'thirty'");
}
END_TEST

START_TEST(table_is_consistent)
{
	size_t n, i, j;
	const cpol_error_kind *k = cpol_error_kinds(&n);
	ck_assert_uint_ge(n, 18);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(cpol_strerror(k[i].code), k[i].description);
		ck_assert_str_eq(cpol_error_name(k[i].code), k[i].name);
		ck_assert_int_le(k[i].code, 0);
		for (j = i + 1; j < n; j++) {
			ck_assert_int_ne(k[i].code, k[j].code);
			ck_assert_str_ne(k[i].class_name, k[j].class_name);
		}
	}
	ck_assert_str_eq(cpol_error_name(CPOL_ENOTFOUND), "CPOL_ENOTFOUND");
	ck_assert_int_eq(CPOL_ITEROVER, -31);
	ck_assert_str_eq(cpol_strerror(12345), "unknown error");
	ck_assert_str_eq(cpol_error_name(12345), "CPOL_UNKNOWN");
}
END_TEST

START_TEST(long_utf8_message_is_cut_on_a_character)
{
	char big[3000];
	size_t i, len;
	const char *m;
	/* "警" is three bytes: 0xE8 0xAD 0xA6. */
	for (i = 0; i + 3 < sizeof(big); i += 3)
		memcpy(big + i, "\xe8\xad\xa6", 3);
	big[i] = '\0';
	cpol__error_set(CPOL_EINVAL, "%s", big);
	m = cpol_error_last()->message;
	len = strlen(m);
	ck_assert_uint_gt(len, 100);
	ck_assert_uint_eq(len % 3, 0);
}
END_TEST

static void *other_thread(void *arg)
{
	const cpol_error *e = cpol_error_last();
	*(int *)arg = e->code;
	cpol__error_set(CPOL_EBUSY, "set in the other thread");
	return NULL;
}

START_TEST(errors_are_thread_local)
{
	pthread_t t;
	int seen = 99;
	cpol__error_set(CPOL_ENOTFOUND, "set in the main thread");
	ck_assert_int_eq(pthread_create(&t, NULL, other_thread, &seen), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(seen, CPOL_OK);
	ck_assert_int_eq(cpol_error_last()->code, CPOL_ENOTFOUND);
	ck_assert_str_eq(cpol_error_last()->message, "set in the main thread");
}
END_TEST

START_TEST(public_set_never_records_success)
{
	ck_assert_int_eq(cpol_error_set(0, "oops"), CPOL_ERROR);
	ck_assert_int_eq(cpol_error_last()->code, CPOL_ERROR);
	ck_assert_int_eq(cpol_error_set(CPOL_EUSER, NULL), CPOL_EUSER);
	ck_assert_str_eq(cpol_error_last()->message, cpol_strerror(CPOL_EUSER));
}
END_TEST

START_TEST(version_matches_build)
{
	ck_assert_str_eq(cpol_version(), CPOL_VERSION);
	ck_assert_str_eq(cpol_version(), PACKAGE_VERSION);
	ck_assert_int_eq(cpol_version_number(), CPOL_VERSION_NUMBER);
}
END_TEST

#include "test_error.list"

int main(void)
{
	return testutil_main_list("error", NULL, NULL, testutil_tests());
}

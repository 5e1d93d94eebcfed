#!/bin/sh
# Write the test list of a Check test file: every START_TEST(name) in it, in
# order, with its area (the TCase it runs in), as a function returning the
# array for testutil_main_list() (tests/unit/testutil.h). A test cannot be written and
# never run: registration is this list, made at build time from the file.
#
#   build-aux/test-list.sh tests/unit/test_date.c > tests/unit/test_date.list
#
# A test's area is named by the last marker comment above it,
#   /* area: leap_days */
# (letters, digits, '_'); tests before any marker are in area "core".
# Model: libuv's test/test-list.h and clar's generate.py, done in awk.
set -eu
src=$1
LC_ALL=C awk -v src="$(basename "$src")" '
BEGIN {
	area = "core"; n = 0
	printf "/* Generated from %s by build-aux/test-list.sh: do not edit. */\n", src
	print "static const testutil_test *testutil_tests(void)"
	print "{"
	print "\tstatic testutil_test list[TESTUTIL_MAX_TESTS + 1];"
	print "\tsize_t n = 0;"
	print ""
}
/^[ \t]*\/\*[ \t]*area:[ \t]*[A-Za-z0-9_]+[ \t]*\*\/[ \t]*$/ {
	a = $0
	sub(/^[ \t]*\/\*[ \t]*area:[ \t]*/, "", a)
	sub(/[ \t]*\*\/[ \t]*$/, "", a)
	area = a
	next
}
/^START_TEST[ \t]*\(/ {
	t = $0
	sub(/^START_TEST[ \t]*\([ \t]*/, "", t)
	sub(/[ \t]*\).*$/, "", t)
	if (t !~ /^[A-Za-z_][A-Za-z0-9_]*$/) {
		printf "%s:%d: cannot read the test name in: %s\n", src, NR, $0 > "/dev/stderr"
		exit 1
	}
	if (t in seen) {
		printf "%s:%d: test %s is defined twice\n", src, NR, t > "/dev/stderr"
		exit 1
	}
	seen[t] = 1
	printf "\tlist[n++] = (testutil_test){ \"%s\", %s };\n", area, t
	n++
}
END {
	print "\tlist[n] = (testutil_test){ NULL, NULL };"
	print "\treturn list;"
	print "}"
	if (n > 1000) {
		printf "%s: more than TESTUTIL_MAX_TESTS (1000) tests\n", src > "/dev/stderr"
		exit 1
	}
	if (n == 0) {
		printf "%s: no START_TEST\n", src > "/dev/stderr"
		exit 1
	}
}' "$src"

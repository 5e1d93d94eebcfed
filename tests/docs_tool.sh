#!/bin/sh
# tests/docs_blocks.py itself, on the pages of tests/data/docs: good.md
# passes (page setup with the demo database, a callback put before main, a
# context and a check, a setup ended, a skip, an indented directive that is
# not one); bad.md fails on its check; bad_setup.md on its directive.
set -eu
runner=${DOC_TEST_RUNNER:-}
case $runner in ""|:) runner=$(command -v python3 || true) ;; esac
if [ -z "$runner" ] || [ -z "${DOC_TEST_PYTHON:-}" ] || [ -z "${DOC_TEST_LUA:-}" ]; then
	echo "SKIP: needs Python and the Python and Lua bindings"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; cat "$tmp/out"; exit 1; }
tool() {
	PYTHON="$DOC_TEST_PYTHON" LUA="$DOC_TEST_LUA" CC="$DOC_TEST_CC" \
		CFLAGS="${DOC_TEST_CFLAGS:-}" LDFLAGS="${DOC_TEST_LDFLAGS:-}" \
		"$runner" "$top_srcdir/tests/docs_blocks.py" "$top_srcdir/tests/data/docs/$1" >"$tmp/out" 2>&1
}

rc=0; tool good.md || rc=$?
[ "$rc" -eq 77 ] && { cat "$tmp/out"; exit 77; }
[ "$rc" -eq 0 ] || fail "good.md: exit status $rc"
grep -q "^6 blocks ran, 0 failed, 1 skipped" "$tmp/out" || fail "good.md: not 6 blocks run and 1 skipped"
[ "$(grep -c '^ok ' "$tmp/out")" -eq 6 ] || fail "good.md: not 6 ok"
grep -q "^skip lua .*good.md:69: a synopsis" "$tmp/out" || fail "good.md: the skip is not reported"

rc=0; tool bad.md || rc=$?
[ "$rc" -eq 1 ] || fail "bad.md: exit status $rc, not 1"
grep -q "^FAIL c .*bad.md:7: exit status 1" "$tmp/out" || fail "bad.md: the failure is not named"
grep -q "^2023-03-01" "$tmp/out" || fail "bad.md: the block's message is not shown"

rc=0; tool bad_setup.md || rc=$?
[ "$rc" -eq 1 ] || fail "bad_setup.md: exit status $rc, not 1"
grep -q "bad_setup.md:3: doc-test setup needs a language" "$tmp/out" || fail "bad_setup.md: no message"
echo "docs_blocks.py: good, bad and bad_setup pages as expected"

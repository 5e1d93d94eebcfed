#!/bin/sh
# The code blocks of the pages named in DOC_TEST_PAGES (Makefile.am) run:
# C compiled and run against this build, Python and Lua run with its
# bindings (tests/docs_blocks.py says how a block gets its context).
# Fails when a block fails; skipped (77) when the build has no shared
# library, or no Python or Lua binding for blocks of those languages.
set -eu
runner=${DOC_TEST_RUNNER:-}
case $runner in ""|:) runner=$(command -v python3 || true) ;; esac
if [ -z "$runner" ]; then
	echo "SKIP: no Python interpreter to run tests/docs_blocks.py"
	exit 77
fi
set -f
pages=
for page in $DOC_TEST_PAGES; do
	pages="$pages $top_srcdir/$page"
done
# shellcheck disable=SC2086 # one argument a page
PYTHON="$DOC_TEST_PYTHON" LUA="$DOC_TEST_LUA" CC="$DOC_TEST_CC" \
	CFLAGS="${DOC_TEST_CFLAGS:-}" LDFLAGS="${DOC_TEST_LDFLAGS:-}" \
	exec "$runner" "$top_srcdir/tests/docs_blocks.py" $pages

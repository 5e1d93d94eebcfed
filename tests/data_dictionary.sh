#!/bin/sh
# docs/data-dictionary.md is what build-aux/data-dictionary.sh makes of the
# migrations now: a migration changed without regenerating it fails here
# (regenerate with `make data-dictionary`).
set -eu
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cd "$top_srcdir"
sh build-aux/data-dictionary.sh lib/schema/*.sql > "$tmp"
if ! cmp -s "$tmp" docs/data-dictionary.md; then
	echo "FAIL: docs/data-dictionary.md is stale; run 'make data-dictionary':"
	diff -u docs/data-dictionary.md "$tmp" | head -40
	exit 1
fi
grep -q '^### `export_log` (table)' docs/data-dictionary.md || { echo "FAIL: export_log missing"; exit 1; }
echo ok

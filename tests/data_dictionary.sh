#!/bin/sh
# docs/data-dictionary.md is what build-aux/data-dictionary.sh makes of the
# migrations now, followed by the record types as the library describes them
# (tests/record_dictionary): a migration or a description changed without
# regenerating it fails here (regenerate with `make data-dictionary`).
set -eu
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
dict="$top_builddir/tests/record_dictionary"
cd "$top_srcdir"
{ sh build-aux/data-dictionary.sh lib/schema/*.sql && "$dict"; } > "$tmp"
if ! cmp -s "$tmp" docs/data-dictionary.md; then
	echo "FAIL: docs/data-dictionary.md is stale; run 'make data-dictionary':"
	diff -u docs/data-dictionary.md "$tmp" | head -40
	exit 1
fi
grep -q '^### `export_log` (table)' docs/data-dictionary.md || { echo "FAIL: export_log missing"; exit 1; }
grep -q '^| `party_name` | `party_name` | text, optional | yes | ' docs/data-dictionary.md ||
	{ echo "FAIL: the record types (incident.party_name identifying) missing"; exit 1; }
echo ok

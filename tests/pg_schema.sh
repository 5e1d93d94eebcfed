#!/bin/sh
# The PostgreSQL schema's invariants (tests/pg_schema_check.py): on the SQL text
# always; on a live server too when CPOL_TEST_PG names a database.
set -eu
py=${PYTHON:-}
case $py in ""|:) py=$(command -v python3 || true) ;; esac
[ -n "$py" ] || { echo "SKIP: no python3"; exit 77; }
exec "$py" "${top_srcdir:-$(dirname "$0")/..}/tests/pg_schema_check.py"

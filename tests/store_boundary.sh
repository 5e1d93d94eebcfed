#!/bin/sh
# The storage boundary (lib/store.h): only the SQLite backend, the handle and
# its migrations, the error mapping and the formula engine's private
# connection call SQLite. A module that calls sqlite3_* or includes
# <sqlite3.h> itself would not run on another backend: it fails here.
set -eu
cd "$top_srcdir"
allowed="lib/assess_formula.c lib/db.c lib/error.c lib/schema.c lib/store_sqlite.c"
found=$(grep -l 'sqlite3_[a-z_0-9]*(' lib/*.c | tr '\n' ' ' | sed 's/ $//')
status=0
for f in $found; do
	case " $allowed " in
	*" $f "*) ;;
	*) echo "FAIL: $f calls SQLite directly; use lib/store.h:"
	   grep -n 'sqlite3_[a-z_0-9]*(' "$f" | head -5
	   status=1 ;;
	esac
done
for f in $(grep -l '#include <sqlite3.h>' lib/*.c lib/*.h); do
	case " $allowed lib/db_internal.h " in
	*" $f "*) ;;
	*) echo "FAIL: $f includes <sqlite3.h>"; status=1 ;;
	esac
done
# Modules reach the handle's SQLite connection only through the backend.
for f in $(grep -l 'cpol__db_handle(' lib/*.c); do
	case " lib/db.c lib/schema.c lib/store_sqlite.c " in
	*" $f "*) ;;
	*) echo "FAIL: $f uses the raw handle (cpol__db_handle)"; status=1 ;;
	esac
done
n=$(echo "$found" | wc -w)
[ "$status" -eq 0 ] && echo "ok: $n files call SQLite: $found"
exit $status

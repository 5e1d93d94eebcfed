#!/bin/sh
# The shared library exports cpol_* symbols and nothing else: internal
# helpers (cpol__*) and everything from SQLite and libyaml stay hidden.
set -eu
lib=$(ls "$top_builddir"/lib/.libs/libcommpolice.so.* 2>/dev/null | head -n 1)
if [ -z "$lib" ]; then
  echo "SKIP: no shared library was built"; exit 77
fi
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}')
count=$(printf '%s\n' "$syms" | grep -c . || true)
bad=$(printf '%s\n' "$syms" | grep -v '^cpol_[a-z]' || true)
internal=$(printf '%s\n' "$syms" | grep '^cpol__' || true)
echo "exported symbols: $count"
if [ -n "$bad$internal" ]; then
  echo "FAIL: symbols outside the cpol_ API:"; printf '%s\n' "$bad" "$internal"; exit 1
fi
[ "$count" -gt 20 ] || { echo "FAIL: only $count symbols exported"; exit 1; }
printf '%s\n' "$syms" | grep -qx cpol_db_open || { echo "FAIL: cpol_db_open not exported"; exit 1; }
# The names 0.2.0 replaced stay exported for one release (deprecated.h):
# programs linked against 0.1.0 must still find them.
old=$(sed -n 's/^CPOL_EXTERN [^(]*[ *]\(cpol_[a-z0-9_]*\)(.*/\1/p' \
      "$top_srcdir/include/commpolice/deprecated.h")
[ -n "$old" ] || { echo "FAIL: no deprecated names found in deprecated.h"; exit 1; }
for s in $old; do
  printf '%s\n' "$syms" | grep -qx "$s" || { echo "FAIL: deprecated $s is not exported"; exit 1; }
done
echo "deprecated aliases exported: $(printf '%s\n' $old | grep -c .)"

#!/bin/sh
# Apply build-aux/api-renames.sed to the tree (issue #18). Re-runnable: run
# it again after merging code written against the old names.
#
#   build-aux/api-renames.sh            # from the top of the source tree
#   build-aux/api-renames.sh --check    # list files it would change; exit 1 if any
#
# It rewrites lib/ include/ tests/ bindings/ examples/ docs/ README.md and
# leaves alone what must keep the old names: the aliases themselves
# (include/commpolice/deprecated.h, lib/deprecated.c, bindings/deprecated.i),
# their test (tests/unit/test_deprecated.c), the rename table (docs/api-conventions.md),
# the migrations (lib/schema/: never edited once released) and NEWS.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
script=build-aux/api-renames.sed
check=0
[ "${1:-}" = "--check" ] && check=1
files=$(git ls-files -- lib include tests bindings examples docs README.md |
        grep -v -e '^include/commpolice/deprecated\.h$' -e '^lib/deprecated\.c$' \
                -e '^tests/unit/test_deprecated\.c$' -e '^docs/api-conventions\.md$' \
                -e '^bindings/deprecated\.i$' \
                -e '^lib/schema/' || true)
changed=0
for f in $files; do
  [ -f "$f" ] || continue
  sed -E -f "$script" "$f" > "$f.renames.tmp"
  if cmp -s "$f" "$f.renames.tmp"; then
    rm -f "$f.renames.tmp"
  else
    changed=$((changed + 1))
    if [ $check = 1 ]; then
      echo "$f"; rm -f "$f.renames.tmp"
    else
      cat "$f.renames.tmp" > "$f"; rm -f "$f.renames.tmp"   # keeps the file's mode
    fi
  fi
done
if [ $check = 1 ]; then
  [ $changed = 0 ] || exit 1
else
  echo "api-renames: $changed files changed"
fi

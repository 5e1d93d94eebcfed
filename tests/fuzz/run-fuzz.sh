#!/bin/sh
# Build the fuzzers with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, and run each for a bounded time on its seed
# corpus (kept in tests/fuzz/corpus/): the rules loader (fuzz_rules.c), the
# CSV intake (fuzz_import.c) and the ID-number parser (fuzz_idnum.c).
#
#   sh tests/fuzz/run-fuzz.sh [SECONDS]        (default 60; `make fuzz` too)
#
# SECONDS is the total: half for the rules, a third for the import, the
# rest for the ID numbers.
#
# Environment: CLANG (default clang), FUZZ_DIR (build and work directory,
# default a fresh temporary one).
# Exit status: 0 when no crash was found; libFuzzer's (non-zero) otherwise,
# with the crashing input left in FUZZ_DIR.
set -eu
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cc=${CLANG:-clang}
dir=${FUZZ_DIR:-$(mktemp -d /tmp/cpol-fuzz-XXXXXX)}
mkdir -p "$dir/work"

# The whole library (with its schema and national rules), compiled once
# with coverage instrumentation and linked into each fuzzer; an empty
# config.h stands in for the configured one (the sources use nothing from
# it). Linking everything keeps a new library file from breaking the
# fuzzers' build.
: > "$dir/config.h"
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
pkgs="yaml-0.1 nettle sqlite3"
# The PostgreSQL backend (lib/*_pg.c) when libpq is there, as configure's
# --with-postgresql=auto does; left out otherwise.
if pkg-config --exists libpq; then pkgs="$pkgs libpq"; with_pg=1; else with_pg=0; fi
(cd "$top" && sh build-aux/embed.sh "$top" lib/schema/*.sql data/regions/national.yaml) > "$dir/embedded_all.c"
mkdir -p "$dir/obj"
objflags="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
for src in "$top"/lib/*.c "$dir/embedded_all.c"; do
  case $src in *_pg.c) [ "$with_pg" = 1 ] || continue ;; esac
  # shellcheck disable=SC2046,SC2086
  $cc $objflags -std=gnu11 -I"$dir" -I"$top/include" -I"$top/lib" $(pkg-config --cflags $pkgs) \
    -DCPOL_REGIONS_DIR='"/nonexistent"' -DCPOL_BUILDING_LIBRARY -c "$src" -o "$dir/obj/$(basename "$src" .c).o"
done
for target in fuzz_rules fuzz_import fuzz_idnum; do
  # shellcheck disable=SC2046,SC2086
  $cc $cflags -std=gnu11 -I"$top/include" -I"$top/lib" -I"$dir" $(pkg-config --cflags $pkgs) \
    -o "$dir/$target" "$here/$target.c" "$dir"/obj/*.o \
    $(pkg-config --libs $pkgs) -lm -lpthread
done

rules_s=$((seconds / 2))
import_s=$((seconds / 3))
idnum_s=$((seconds - rules_s - import_s))
mkdir -p "$dir/work_import" "$dir/work_idnum"
cd "$dir"
echo "run-fuzz: fuzzing the rules loader for ${rules_s}s in $dir"
./fuzz_rules -max_total_time="$rules_s" -timeout=10 -rss_limit_mb=2048 \
  -dict="$here/rules.dict" -print_final_stats=1 \
  work "$here/corpus/rules" "$top/data/regions" "$top/tests/data/rules"
echo "run-fuzz: fuzzing the CSV import for ${import_s}s"
./fuzz_import -max_total_time="$import_s" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -dict="$here/import.dict" -print_final_stats=1 \
  work_import "$here/corpus/import"
echo "run-fuzz: fuzzing the ID-number parser for ${idnum_s}s"
./fuzz_idnum -max_total_time="$idnum_s" -timeout=10 -rss_limit_mb=2048 -max_len=64 -print_final_stats=1 \
  work_idnum "$here/corpus/idnum"

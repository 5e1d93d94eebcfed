#!/bin/sh
# Build the rules-loader fuzzer with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, and run it for a bounded time on the seed corpus.
#
#   sh tests/fuzz/run-fuzz.sh [SECONDS]        (default 60; `make fuzz` too)
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

# The library's rules code and the few foundation files it needs, compiled
# again with coverage instrumentation; an empty config.h stands in for the
# configured one (these files use nothing from it).
: > "$dir/config.h"
(cd "$top" && sh build-aux/embed.sh "$top" data/regions/national.yaml) > "$dir/embedded.c"
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
pkgs="yaml-0.1 nettle sqlite3"
# shellcheck disable=SC2046,SC2086
$cc $cflags -std=gnu11 -I"$dir" -I"$top/include" -I"$top/lib" $(pkg-config --cflags $pkgs) \
  -DCPOL_REGIONS_DIR='"/nonexistent"' \
  -o "$dir/fuzz_rules" \
  "$here/fuzz_rules.c" "$dir/embedded.c" \
  "$top/lib/rules.c" "$top/lib/rules_yaml.c" "$top/lib/rules_schema.c" \
  "$top/lib/rules_time.c" "$top/lib/rules_decide.c" "$top/lib/rules_test.c" \
  "$top/lib/error.c" "$top/lib/util.c" "$top/lib/date.c" \
  $(pkg-config --libs $pkgs) -lm -lpthread

echo "run-fuzz: fuzzing the rules loader for ${seconds}s in $dir"
cd "$dir"
./fuzz_rules -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -dict="$here/rules.dict" -print_final_stats=1 \
  work "$here/corpus/rules" "$top/data/regions" "$top/tests/data/rules"

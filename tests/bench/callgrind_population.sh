#!/bin/sh
# Instruction counts of the population import against the raw SQLite
# baseline (tests/bench/bench_population.c), under valgrind's callgrind:
# unlike wall-clock rates they do not depend on the machine's load, so two
# runs of the same build give the same figures (to a few parts in a
# thousand). Only the timed parts are collected: bench_raw_rows() (the raw
# loop, row generation included) and cpol_import_run().
#
# Usage: tests/bench/callgrind_population.sh [N] [DIR]   (N default 20000)
# Run from the build directory after `make tests/bench/bench_population`.
set -eu
n=${1:-20000}
dir=${2:-${TMPDIR:-/tmp}}
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-$top_builddir}
bench=$top_builddir/tests/bench/bench_population
CPOL_RULES_PATH=${CPOL_RULES_PATH:-$top_srcdir/data/regions}
export CPOL_RULES_PATH

command -v valgrind >/dev/null 2>&1 || { echo "callgrind_population: valgrind is not installed"; exit 77; }
[ -x "$bench" ] || { echo "callgrind_population: build $bench first"; exit 1; }

total() {
	# "summary: N" (older callgrind) or "totals: N" in the output file.
	awk '/^(summary|totals):/ { print $2; exit }' "$1"
}

out=$dir/callgrind_population.$$
valgrind --tool=callgrind --toggle-collect=bench_raw_rows --callgrind-out-file="$out.raw" \
	"$bench" -p raw "$n" "$dir" >/dev/null 2>"$out.raw.log" || { cat "$out.raw.log"; exit 1; }
valgrind --tool=callgrind --toggle-collect=cpol_import_run --callgrind-out-file="$out.lib" \
	"$bench" -p lib "$n" "$dir" >/dev/null 2>"$out.lib.log" || { cat "$out.lib.log"; exit 1; }
raw=$(total "$out.raw")
lib=$(total "$out.lib")
rows=$((n / 300 * 300))
awk -v raw="$raw" -v lib="$lib" -v rows="$rows" 'BEGIN {
	printf "instructions for %d persons: raw %.0f (%.0f per person), library %.0f (%.0f per person)\n",
	       rows, raw, raw / rows, lib, lib / rows
	printf "  instruction-count ratio (raw / library): %.2f (target >= 0.80 for the rate)\n", raw / lib
}'
if [ -n "${BENCH_KEEP:-}" ]; then
	echo "profiles: $out.raw $out.lib (callgrind_annotate --inclusive=yes FILE)"
else
	rm -f "$out.raw" "$out.lib" "$out.raw.log" "$out.lib.log"
fi

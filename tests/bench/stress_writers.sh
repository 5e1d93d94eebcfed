#!/bin/sh
# Four processes writing one database at once for 60 s (CPOL_BENCH_STRESS_SECONDS)
# with the default options: no write may fail with CPOL_EBUSY (issue 14).
# make check runs the same for 3 s (tests/unit/test_db.c).
# Usage: tests/bench/stress_writers.sh [SECONDS] [DIR]   (from the build directory)
set -e
CPOL_BENCH_STRESS_SECONDS=${1:-${CPOL_BENCH_STRESS_SECONDS:-60}}
export CPOL_BENCH_STRESS_SECONDS
make tests/bench/bench_audit >/dev/null
exec ./tests/bench/bench_audit stress ${2:-${TMPDIR:-/tmp}}

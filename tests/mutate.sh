#!/bin/sh
# Mutation check: plant one-token bugs in library sources, one at a time, in a
# copy of the tree, and report each one that no C unit test catches.
#
#   tests/mutate.sh lib/date.c lib/rules_time.c     # every mutant of these files
#   tests/mutate.sh --since origin/main              # lines changed since a revision
#   tests/mutate.sh --src /work/wt/i10 --tests "test_owed test_work test_population" lib/owed.c
#   tests/mutate.sh --max 50 --seed 3 lib/duty_eval.c # a random sample of 50
#   tests/mutate.sh --list lib/date.c                # show the mutants, run nothing
#
# Options: --src DIR (tree to test; default the one holding this script),
# --tests "test_a test_b" (default: every tests/unit/test_*.c), --jobs N
# (copies working at once, default 2), --max N / --seed S (sample),
# --ops cmp,arith,bool,const,return, --timeout SEC (per test program; default
# 4x its unmutated time + 10), --mem-mb MIB (address-space cap of each test
# program, default 2048), --env VAR=VALUE (for the tests; repeatable), --keep,
# --workdir DIR, --fail-under PCT.
#
# The developer's tree is never written: the tracked and untracked (not
# ignored) files are copied to a temporary directory, configured there with
# --disable-python --disable-lua, and each mutant is built and tested there.
# Killed = a test program fails, times out, or the mutant does not build (the
# last are listed apart). Survivors are printed as file:line: before → after.
# Requires Debian's /usr/bin/python3 (standard library only), autotools, make.
# Details and how to read the result: docs/hacking.md, "Mutation check".
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/mutate.py" "$@"

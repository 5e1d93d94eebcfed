#!/bin/sh
# commpolice demo and commpolice assess: the README's quick start runs, is
# deterministic, and the assess subcommands score, explain and compare it.
set -eu
cli="$top_builddir/commpolice"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cd "$top_srcdir"   # the demo finds the shipped county rules in data/regions/
"$cli" demo "$tmp/a.db" > "$tmp/a.out" || fail "demo: $(cat "$tmp/a.out")"
grep -q "2024-Q2 ranking" "$tmp/a.out" || fail "no ranking: $(cat "$tmp/a.out")"
grep -q "== why: one officer's result" "$tmp/a.out" || fail "no explanation"
grep -q "rule: assessment.items\[" "$tmp/a.out" || fail "explanation names no rule"
grep -q "== what 城关社区警务室 owes" "$tmp/a.out" || fail "no owed list"
grep -q "rosters stored" "$tmp/a.out" || fail "no rosters"
if grep -q "left out" "$tmp/a.out"; then fail "a part was left out: $(grep 'left out' "$tmp/a.out")"; fi

# Deterministic: a second database from the same seed ranks the same.
"$cli" demo "$tmp/b.db" > "$tmp/b.out"
sed -n '/ranking/,/== why/p' "$tmp/a.out" > "$tmp/ra"
sed -n '/ranking/,/== why/p' "$tmp/b.out" > "$tmp/rb"
cmp -s "$tmp/ra" "$tmp/rb" || fail "the demo is not deterministic: $(diff "$tmp/ra" "$tmp/rb")"

# Run again on the same file: the district is reused, the ranking the same.
"$cli" demo "$tmp/a.db" > "$tmp/c.out"
grep -q "already in" "$tmp/c.out" || fail "demo did not reuse the district"
sed -n '/ranking/,/== why/p' "$tmp/c.out" > "$tmp/rc"
cmp -s "$tmp/ra" "$tmp/rc" || fail "rerun ranks differently"

out=$("$cli" assess score "$tmp/a.db" 2024-Q2 --rules data/regions/mountain_county.yaml)
echo "$out" | grep -q "12 ranked" || fail "assess score: $out"
"$cli" assess score "$tmp/a.db" 2024-Q2 --rules data/regions/mountain_county.yaml --json \
	| grep -q '"rules_hash"' || fail "assess score --json"
out=$("$cli" assess explain "$tmp/a.db" 2024-Q2 1 --rules data/regions/mountain_county.yaml)
echo "$out" | grep -q "total " || fail "assess explain: $out"
out=$("$cli" assess explain "$tmp/a.db" 2024-Q2 1 --rules data/regions/mountain_county.yaml --trace)
case "$out" in '{"format":"commpolice.trace/1","library":'*) ;; *) fail "assess explain --trace: $out" ;; esac
echo "$out" | grep -q '"rules":\[{"key":"assessment.items\[' || fail "trace rules: $out"
out=$("$cli" assess explain "$tmp/a.db" 2024-Q2 1 --run 1)
echo "$out" | grep -q "rank " || fail "assess explain --run: $out"
out=$("$cli" assess what-if "$tmp/a.db" 2024-Q2 national --rules data/regions/mountain_county.yaml)
echo "$out" | grep -q "mountain_county → national" || fail "assess what-if: $out"
out=$("$cli" assess metric "$tmp/a.db" 2024-Q2 households_visited 1 --rules national)
echo "$out" | grep -q "households_visited = " || fail "assess metric: $out"
if "$cli" assess score "$tmp/a.db" 2024-Q7 2>"$tmp/err"; then fail "bad period accepted"; fi
grep -q "2024-Q7" "$tmp/err" || fail "bad period error: $(cat "$tmp/err")"
echo ok

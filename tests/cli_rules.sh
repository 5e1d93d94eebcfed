#!/bin/sh
# commpolice rules check|show|get: shipped files pass, broken files fail with their place.
set -eu
cli="$top_builddir/commpolice"
regions="$top_srcdir/data/regions"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Every shipped file validates and passes its own tests, one summary line each.
"$cli" rules check "$regions"/*.yaml >"$tmp/out" 2>"$tmp/err" ||
	fail "rules check on the shipped files: $(cat "$tmp/out" "$tmp/err")"
[ -s "$tmp/err" ] && fail "rules check wrote to stderr: $(cat "$tmp/err")"
n=$(ls "$regions"/*.yaml | wc -l)
[ "$(grep -c ': ok: ' "$tmp/out")" -eq "$n" ] || fail "not $n ok lines: $(cat "$tmp/out")"
grep -q "^$regions/ab_office.yaml: ok: 13 tests passed (region ab_office, 2 files" "$tmp/out" ||
	fail "ab_office summary: $(cat "$tmp/out")"
grep -q "(region national, 1 file," "$tmp/out" || fail "national summary: $(cat "$tmp/out")"
# ... and by region name
"$cli" rules check nantong >"$tmp/out" || fail "rules check nantong"
grep -q "^nantong: ok: 7 tests passed" "$tmp/out" || fail "by name: $(cat "$tmp/out")"

# A broken file: file:line:column: message on stderr, a summary, exit 1;
# the good file after it is still checked.
printf 'region: bad\nvisits:\n  househods_per_month: 30\n' > "$tmp/bad.yaml"
if "$cli" rules check "$tmp/bad.yaml" "$regions/nantong.yaml" >"$tmp/out" 2>"$tmp/err"; then
	fail "rules check accepted a broken file"
fi
grep -qx "$tmp/bad.yaml:3:3: unknown key 'househods_per_month' in visits; did you mean 'households_per_month'?" \
	"$tmp/err" || fail "broken file message: $(cat "$tmp/err")"
grep -qx "$tmp/bad.yaml: invalid (CPOL_ERULES)" "$tmp/out" || fail "broken summary: $(cat "$tmp/out")"
grep -q "^$regions/nantong.yaml: ok: " "$tmp/out" || fail "good file after a bad one: $(cat "$tmp/out")"

# Bad YAML, a value out of range and a missing parent: each with its place.
printf 'region: bad\nvisits: {households_per_month: 3\n' > "$tmp/syntax.yaml"
printf 'region: bad\nduty:\n  min_nights_per_week: 9\n' > "$tmp/range.yaml"
printf 'region: orphan\nextends: atlantis\n' > "$tmp/orphan.yaml"
if "$cli" rules check "$tmp/syntax.yaml" "$tmp/range.yaml" "$tmp/orphan.yaml" >"$tmp/out" 2>"$tmp/err"; then
	fail "rules check accepted broken files"
fi
grep -q "^$tmp/syntax.yaml:3:[0-9]*: did not find expected" "$tmp/err" || fail "syntax: $(cat "$tmp/err")"
grep -q "^$tmp/range.yaml:3:24: 9 is out of range" "$tmp/err" || fail "range: $(cat "$tmp/err")"
grep -q "^$tmp/orphan.yaml:2:10: parent region 'atlantis' not found" "$tmp/err" ||
	fail "orphan: $(cat "$tmp/err")"
[ "$(grep -c ': invalid (' "$tmp/out")" -eq 3 ] || fail "three invalid lines: $(cat "$tmp/out")"

# A misspelt metric in a formula: rules check fails at its place with a suggestion.
printf 'region: typo\nextends: national\nassessment:\n  derived:\n    per_10k: "cases / resdents * 10000"\n' \
	> "$tmp/typo.yaml"
if "$cli" rules check "$tmp/typo.yaml" >"$tmp/out" 2>"$tmp/err"; then fail "rules check accepted a misspelt metric"; fi
grep -q "^$tmp/typo.yaml:5:23: unknown metric 'resdents' (did you mean 'residents'?), in formula" "$tmp/err" ||
	fail "misspelt metric: $(cat "$tmp/err")"

# Dated values: rules show --on DATE prints the values of that day; the
# national 15 training days hold where no date of the region covers.
printf 'region: dated\nextends: national\nduty:\n  training_days_per_year:\n    - {value: 20, from: 2026-01-01}\n' \
	> "$tmp/dated.yaml"
"$cli" rules show --on 2026-01-01 --canonical "$tmp/dated.yaml" >"$tmp/out" || fail "show --on"
grep -q '"training_days_per_year":20' "$tmp/out" || fail "show --on 2026-01-01: $(cat "$tmp/out")"
"$cli" rules show --on 2025-12-31 --canonical "$tmp/dated.yaml" >"$tmp/out" || fail "show --on"
grep -q '"training_days_per_year":15' "$tmp/out" || fail "show --on 2025-12-31: $(cat "$tmp/out")"
"$cli" rules show --canonical "$tmp/dated.yaml" >"$tmp/out" || fail "show dated"
grep -q '"training_days_per_year":{"dated":\[{"from":"2026-01-01","value":20}\],"otherwise":15}' "$tmp/out" ||
	fail "show with every date: $(cat "$tmp/out")"
if "$cli" rules show --on 2026-02-30 "$tmp/dated.yaml" >"$tmp/out" 2>"$tmp/err"; then fail "a bad --on date"; fi

# rules test --coverage: what no test exercised, at its place; exit 1.
cat > "$tmp/cov.yaml" <<'YAML'
region: cov
extends: national
tests:
  - {name: good, check: grade, score: 85, expect: good}
YAML
if "$cli" rules test --coverage "$tmp/cov.yaml" >"$tmp/out" 2>"$tmp/err"; then fail "coverage with gaps exited 0"; fi
grep -q "^<built-in>/national.yaml:[0-9]*:7: grade excellent: not exercised by any rule test" "$tmp/out" ||
	fail "coverage: $(cat "$tmp/out")"
grep -q ": grade good: not exercised" "$tmp/out" && fail "coverage lists a tested grade: $(cat "$tmp/out")"
grep -q "^$tmp/cov.yaml: coverage: 1 of [0-9]* assessment rules exercised" "$tmp/out" ||
	fail "coverage summary: $(cat "$tmp/out")"
"$cli" rules test "$tmp/cov.yaml" >"$tmp/out" || fail "rules test without --coverage"

# A file whose own test fails: the test's place, expected and actual; exit 1.
cat > "$tmp/t.yaml" <<'YAML'
region: t
tests:
  - {name: Saturday works, check: working_day, date: 2024-05-18, expect: true}
  - {name: Monday works, check: working_day, date: 2024-05-20, expect: true}
YAML
if "$cli" rules check "$tmp/t.yaml" >"$tmp/out" 2>"$tmp/err"; then fail "a failing test passed"; fi
grep -q "^$tmp/t.yaml:3:5: rule test 'Saturday works' failed: working_day: expected true, got false" \
	"$tmp/err" || fail "failing test: $(cat "$tmp/err")"
grep -q "^$tmp/t.yaml: FAILED: 1 of 2 tests failed" "$tmp/out" || fail "summary: $(cat "$tmp/out")"

# A file that cannot be read.
if "$cli" rules check "$tmp/none.yaml" 2>"$tmp/err" >/dev/null; then fail "missing file passed"; fi
grep -q "^$tmp/none.yaml: " "$tmp/err" || fail "missing file: $(cat "$tmp/err")"

# show: canonical JSON and its hash; by name and by file alike.
"$cli" rules show nantong > "$tmp/show"
grep -q '^# region nantong' "$tmp/show" || fail "show header: $(head -3 "$tmp/show")"
grep -q '"residents_per_officer":3000' "$tmp/show" || fail "show canonical"
hash=$("$cli" rules show --hash nantong)
[ "${#hash}" -eq 64 ] || fail "hash: $hash"
grep -qx "# hash $hash" "$tmp/show" || fail "show hash line"
[ "$("$cli" rules show --hash "$regions/nantong.yaml")" = "$hash" ] || fail "hash by file"
[ "$("$cli" rules show --hash chengdu)" != "$hash" ] || fail "two regions, one hash"
if command -v sha256sum >/dev/null 2>&1; then
	[ "$("$cli" rules show --canonical nantong | tr -d '\n' | sha256sum | cut -d' ' -f1)" = "$hash" ] ||
		fail "hash is not the SHA-256 of the canonical form"
fi

# get: the value and where it was set.
line=$(grep -n 'households_per_month: 30' "$regions/mountain_county.yaml" | cut -d: -f1)
out=$("$cli" rules get mountain_county visits.households_per_month)
[ "$out" = "$(printf '30\t%s/mountain_county.yaml:%s' "$regions" "$line")" ] || fail "get: $out"
out=$("$cli" rules get nantong visits.return_visit_within)
case "$out" in "3d	<built-in>/national.yaml:"*) ;; *) fail "inherited get: $out" ;; esac
out=$("$cli" rules get "$regions/ab_office.yaml" duty.posts)
[ "$(echo "$out" | cut -f1,2 | tr '\n' ' ')" = "duty.posts[0]	A duty.posts[1]	B " ] || fail "get list: $out"
if "$cli" rules get nantong visits.nothing 2>"$tmp/err"; then fail "get of a missing key"; fi
grep -q "no rule 'visits.nothing'" "$tmp/err" || fail "missing key message: $(cat "$tmp/err")"

# calendar: a year with a notice is plain; a year without one is computed,
# marked provisional, and warned about once per year on stderr.
out=$("$cli" rules calendar national 2026-10-01 2>"$tmp/err")
[ "$out" = "$(printf '2026-10-01\tthu\toff\t国庆节\t<built-in>/national.yaml:%s' \
	"$(grep -n '2026-10-01, to: 2026-10-07' "$regions/national.yaml" | cut -d: -f1)")" ] ||
	fail "calendar 2026-10-01: $out"
[ -s "$tmp/err" ] && fail "calendar warned on a noticed year: $(cat "$tmp/err")"
"$cli" rules calendar national 2027-02-04 2027-02-06 >"$tmp/out" 2>"$tmp/err" || fail "calendar 2027"
grep -q "^2027-02-05	fri	off	春节	.*	provisional$" "$tmp/out" || fail "除夕 2027: $(cat "$tmp/out")"
grep -q "^2027-02-04	thu	work	-	" "$tmp/out" || fail "2027-02-04: $(cat "$tmp/out")"
[ "$(grep -c provisional "$tmp/err")" -eq 1 ] || fail "one warning for 2027: $(cat "$tmp/err")"
set +e
"$cli" rules calendar national 2027-01-01 2028-01-02 >/dev/null 2>&1; [ $? -eq 2 ] || fail "calendar over a year"
set -e

# Usage errors exit 2.
set +e
"$cli" rules >/dev/null 2>&1; [ $? -eq 2 ] || fail "rules without a subcommand"
"$cli" rules frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown subcommand"
set -e
echo ok

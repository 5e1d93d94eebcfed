#!/bin/sh
# commpolice due / notice on the demo district (commpolice demo).
set -eu
cli="$top_builddir/commpolice"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$cli" demo "$tmp/d.db" >/dev/null || fail "demo"

out=$("$cli" due "$tmp/d.db" 1 2024-06-20 --rates 2024-04-01 2024-06-30) || fail "due: $out"
echo "$out" | grep -q "^owed by office 1 on 2024-06-20" || fail "due header: $out"
echo "$out" | grep -q "      rule " || fail "items name no rule: $out"
echo "$out" | grep -q "^completion 2024-04-01 .. 2024-06-30" || fail "rates: $out"
echo "$out" | grep -q "return visits" || fail "rates lines: $out"

out=$("$cli" due "$tmp/d.db" 1 2024-06-20 --officer 1 --horizon 0) || fail "due --officer: $out"
echo "$out" | grep -q "(one officer)" || fail "officer view: $out"

out=$("$cli" notice "$tmp/d.db" 1) || fail "notice: $out"
echo "$out" | grep -q "整改通知书" || fail "notice title: $out"
echo "$out" | grep -q "〔2024〕第001号" || fail "notice number: $out"
echo "$out" | grep -q "前整改完毕" || fail "notice deadline: $out"

# Listings over the iterators: one line a record, then the count.
out=$("$cli" notice list "$tmp/d.db" 1 --on 2024-06-20) || fail "notice list: $out"
echo "$out" | grep -q "^rectification notices of office 1 (all, on 2024-06-20)" || fail "notice list header: $out"
echo "$out" | grep -q "〔2024〕第001号  unit 1  issued " || fail "notice list row: $out"
n=$(echo "$out" | grep -c "〔" || true)
echo "$out" | tail -n 1 | grep -qx "$n notices\{0,1\}" || fail "notice count: $out"
closed=$("$cli" notice list "$tmp/d.db" 1 --state closed --year 2024) || fail "closed: $closed"
open=$("$cli" notice list "$tmp/d.db" 1 --state open) || fail "open: $open"
nc=$(echo "$closed" | grep -c "  closed " || true)
no=$(echo "$open" | grep -c "〔" || true)
[ $((nc + no)) -eq "$n" ] || fail "open ($no) + closed ($nc) != all ($n)"
if echo "$open" | grep -q "  closed "; then fail "closed notice listed as open: $open"; fi
out=$("$cli" notice list "$tmp/d.db" 1 --year 1999) || fail "year: $out"
echo "$out" | tail -n 1 | grep -qx "0 notices" || fail "notices of 1999: $out"

out=$("$cli" inspections "$tmp/d.db" 1 --unit 1) || fail "inspections: $out"
echo "$out" | head -n 1 | grep -qx "inspections of office 1" || fail "inspections header: $out"
rows=$(echo "$out" | sed -n '2,$p' | sed '$d')
[ -n "$rows" ] || fail "no inspections of unit 1: $out"
if echo "$rows" | grep -v -q "(unit 1)"; then fail "another unit's inspection: $out"; fi
out=$("$cli" inspections "$tmp/d.db" 1 --from 2024-06-01 --to 2024-06-30) || fail "june: $out"
if echo "$out" | sed -n '2,$p' | sed '$d' | grep -v -q "^2024-06-"; then fail "outside June: $out"; fi

out=$("$cli" visits "$tmp/d.db" 1 --kind household --officer 1) || fail "visits: $out"
if echo "$out" | sed -n '2,$p' | sed '$d' | grep -v -q "household .*\[officer 1\]$"; then
  fail "visits filter: $out"; fi
out=$("$cli" incidents "$tmp/d.db" 1 --unreturned) || fail "incidents: $out"
if echo "$out" | sed -n '2,$p' | sed '$d' | grep -q "returned 20"; then fail "returned listed: $out"; fi
out=$("$cli" requests "$tmp/d.db" 1 --unanswered) || fail "requests: $out"
if echo "$out" | sed -n '2,$p' | sed '$d' | grep -v -q "NO FEEDBACK"; then fail "answered listed: $out"; fi
out=$("$cli" disputes "$tmp/d.db" 1 --status mediated) || fail "disputes: $out"
echo "$out" | tail -n 1 | grep -q "disputes\{0,1\}$" || fail "disputes count: $out"
out=$("$cli" records "$tmp/d.db" 1 --obligation joint_meeting) || fail "records: $out"
echo "$out" | grep -q "joint_meeting" || fail "no joint meeting: $out"
if echo "$out" | sed -n '2,$p' | sed '$d' | grep -v -q "joint_meeting"; then fail "records filter: $out"; fi


# Patrols (巡逻) and publicity (六防宣传) of the demo: night patrols from 22:00 to
# 02:00 the next day (+1), listed on the day they started, with the auxiliary.
out=$("$cli" patrols "$tmp/d.db" 1 --officer 1 --kind night --from 2024-04-01 --to 2024-06-30) ||
  fail "patrols: $out"
echo "$out" | head -n 1 | grep -qx "patrols of office 1" || fail "patrols header: $out"
rows=$(echo "$out" | sed -n '2,$p' | sed '$d')
[ -n "$rows" ] || fail "no night patrols: $out"
if echo "$rows" | grep -v -q "^2024-0[456]-[0-3][0-9]  22:00-02:00+1  night  .*  auxiliaries [0-9][0-9]*.*\[officer 1\]$"; then
  fail "patrol rows: $out"; fi
n=$(echo "$rows" | wc -l)
echo "$out" | tail -n 1 | grep -qx "$n patrols\{0,1\}" || fail "patrol count: $out"
out=$("$cli" patrols "$tmp/d.db" 1 --kind day) || fail "day patrols: $out"
echo "$out" | tail -n 1 | grep -qx "0 patrols" || fail "the demo has day patrols: $out"
out=$("$cli" publicity "$tmp/d.db" 1 --kind fire) || fail "publicity: $out"
rows=$(echo "$out" | sed -n '2,$p' | sed '$d')
[ -n "$rows" ] || fail "no fire publicity: $out"
if echo "$rows" | grep -v -q "^2024-0[456]-[0-3][0-9]  fire      .*  audience [0-9]*"; then
  fail "publicity rows: $out"; fi
if "$cli" patrols "$tmp/d.db" 1 --kind evening 2>"$tmp/err"; then fail "bad patrol kind"; fi
grep -q "commpolice: --kind: 'evening' is not night or day" "$tmp/err" || fail "kind message: $(cat "$tmp/err")"
if "$cli" publicity "$tmp/d.db" 1 --kind flood 2>"$tmp/err"; then fail "bad topic"; fi
grep -q "commpolice: --kind" "$tmp/err" || fail "topic message: $(cat "$tmp/err")"
# Listing errors: a bad word names the option; a bad option prints the usage.
if "$cli" notice list "$tmp/d.db" 1 --state late 2>"$tmp/err"; then fail "bad state"; fi
grep -q "commpolice: --state" "$tmp/err" || fail "bad state message: $(cat "$tmp/err")"
if "$cli" inspections "$tmp/d.db" 1 --from 2024-06-30 --to 2024-06-01 2>"$tmp/err"; then fail "period"; fi
grep -q "commpolice: inspections: .*ends before it begins" "$tmp/err" || fail "period message: $(cat "$tmp/err")"
set +e
"$cli" visits "$tmp/d.db" 1 --state open 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "usage status $rc"
grep -q "usage: commpolice visits DB OFFICE_ID" "$tmp/err" || fail "usage: $(cat "$tmp/err")"

# Errors: a message on stderr and a non-zero status.
if "$cli" due "$tmp/d.db" 999 2024-06-20 2>"$tmp/err"; then fail "due on a missing office"; fi
grep -q "commpolice:" "$tmp/err" || fail "no error message: $(cat "$tmp/err")"
if "$cli" notice "$tmp/d.db" 999 2>"$tmp/err"; then fail "missing notice"; fi
grep -q "notice" "$tmp/err" || fail "no notice error: $(cat "$tmp/err")"
if "$cli" due "$tmp/d.db" 2>/dev/null; then fail "usage"; fi
echo ok

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

# Errors: a message on stderr and a non-zero status.
if "$cli" due "$tmp/d.db" 999 2024-06-20 2>"$tmp/err"; then fail "due on a missing office"; fi
grep -q "commpolice:" "$tmp/err" || fail "no error message: $(cat "$tmp/err")"
if "$cli" notice "$tmp/d.db" 999 2>"$tmp/err"; then fail "missing notice"; fi
grep -q "notice" "$tmp/err" || fail "no notice error: $(cat "$tmp/err")"
if "$cli" due "$tmp/d.db" 2>/dev/null; then fail "usage"; fi
echo ok

#!/bin/sh
# commpolice export on the demo district: nothing identifying in a default
# export of any dataset, pseudonyms stable per key, k printed and met,
# refusals with their reason, every export logged.
set -eu
cli="$top_builddir/commpolice"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cd "$top_srcdir"   # the demo finds the shipped rules in data/regions/
"$cli" demo "$tmp/d.db" > "$tmp/demo.out" || fail "demo: $(cat "$tmp/demo.out")"
head -c 32 /dev/urandom > "$tmp/a.key"
head -c 32 /dev/urandom > "$tmp/b.key"

"$cli" export --list | grep -q "^  persons " || fail "--list"

# Without a key the default profile refuses, saying why.
if "$cli" export "$tmp/d.db" persons > /dev/null 2> "$tmp/err"; then fail "pseudonyms without a key"; fi
grep -q "no key was given" "$tmp/err" || fail "no-key message: $(cat "$tmp/err")"

# Every dataset under the default profile: no 18-character ID number, no
# 11-digit phone, no full name of anyone in the database (pseudonyms are
# 16 hex digits, so a number counts only between non-hex characters).
sqlite3 "$tmp/d.db" "SELECT name FROM person UNION SELECT name FROM staff
	UNION SELECT party_name FROM incident WHERE party_name IS NOT NULL
	UNION SELECT requester FROM resident_request" | sort -u > "$tmp/names"
test -s "$tmp/names" || fail "no names read from the demo"
for ds in $("$cli" export --list | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
	"$cli" export "$tmp/d.db" "$ds" --key-file "$tmp/a.key" --out "$tmp/$ds.csv" > "$tmp/$ds.msg" \
		|| fail "export $ds: $(cat "$tmp/$ds.msg")"
	if grep -Eq '(^|[^0-9a-f])[0-9]{17}[0-9Xx]' "$tmp/$ds.csv"; then fail "$ds: an ID number left"; fi
	if grep -Eq '(^|[^0-9a-f])1[3-9][0-9]{9}([^0-9a-f]|$)' "$tmp/$ds.csv"; then fail "$ds: a phone left"; fi
	if grep -Fqf "$tmp/names" "$tmp/$ds.csv"; then
		fail "$ds: a full name left: $(grep -Fof "$tmp/names" "$tmp/$ds.csv" | head -1)"
	fi
done
grep -q "^k = " "$tmp/persons.msg" || fail "no k printed: $(cat "$tmp/persons.msg")"
test "$(wc -l < "$tmp/persons.csv")" -gt 7000 || fail "persons export too short"

# The same key gives the same pseudonyms; another key others.
"$cli" export "$tmp/d.db" persons --key-file "$tmp/a.key" --out "$tmp/p2.csv" > /dev/null
cmp -s "$tmp/persons.csv" "$tmp/p2.csv" || fail "pseudonyms differ under one key"
"$cli" export "$tmp/d.db" persons --key-file "$tmp/b.key" --out "$tmp/p3.csv" > /dev/null
a=$(sed -n 2p "$tmp/persons.csv" | cut -d, -f1); b=$(sed -n 2p "$tmp/p3.csv" | cut -d, -f1)
test "$a" != "$b" || fail "the same pseudonym under two keys"

# --min-k: met (k printed is at least 5), or refused with the reason.
"$cli" export "$tmp/d.db" persons --key-file "$tmp/a.key" --min-k 5 --out "$tmp/k5.csv" > "$tmp/k5.msg"
k=$(sed -n 's/^k = \([0-9]*\).*/\1/p' "$tmp/k5.msg")
test "$k" -ge 5 || fail "min-k 5 gave k = $k"
if "$cli" export "$tmp/d.db" persons --key-file "$tmp/a.key" --office 1 --min-k 100000 \
	--out "$tmp/x.csv" 2> "$tmp/err" > /dev/null; then fail "impossible min-k met"; fi
grep -q "cannot reach k = 100000" "$tmp/err" || fail "refusal reason: $(cat "$tmp/err")"

# JSON Lines, a BOM, filters.
"$cli" export "$tmp/d.db" visits --key-file "$tmp/a.key" --format jsonl --office 1 \
	--from 2024-05-01 --to 2024-05-31 --out "$tmp/v.jsonl" > /dev/null
head -1 "$tmp/v.jsonl" | grep -q '^{"visit":[0-9]*,"office_id":1,' || fail "jsonl: $(head -1 "$tmp/v.jsonl")"
if grep -v '"on_date":"2024-05-' "$tmp/v.jsonl" | grep -q .; then fail "date filter"; fi
"$cli" export "$tmp/d.db" monthly --bom --out "$tmp/m.csv" > /dev/null
test "$(head -c 3 "$tmp/m.csv" | od -An -tx1 | tr -d ' ')" = efbbbf || fail "no BOM"

# Each run above is in the log (the refusals as partial).
n=$(sqlite3 "$tmp/d.db" "SELECT count(*) FROM export_log WHERE status = 'done'")
test "$n" -ge 15 || fail "only $n exports logged"
sqlite3 "$tmp/d.db" "SELECT count(*) FROM export_log WHERE key_id IS NOT NULL AND length(key_id) = 16" \
	| grep -qv '^0$' || fail "key id not logged"

# The sh blocks of docs/export.md run as written, in a directory of their own.
mkdir "$tmp/doc"
awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on' "$top_srcdir/docs/export.md" > "$tmp/doc/blocks.sh"
test -s "$tmp/doc/blocks.sh" || fail "no sh blocks in docs/export.md"
(cd "$tmp/doc" && PATH="$top_builddir:$PATH" CPOL_RULES_PATH="$top_srcdir/data/regions" \
	sh -e blocks.sh > out.txt 2>&1) || fail "docs/export.md: $(tail -5 "$tmp/doc/out.txt")"
grep -q "^k = " "$tmp/doc/out.txt" || fail "docs/export.md: no k"
echo ok

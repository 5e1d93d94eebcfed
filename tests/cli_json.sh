#!/bin/sh
# --json on the listings: a JSON array, one object per record, the same
# records as the text listing, nulls for what is not set, strings escaped.
set -eu
cli="$top_builddir/commpolice"
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$py" ] || { echo "SKIP: no $py"; exit 77; }

"$cli" demo "$tmp/d.db" >/dev/null || fail "demo"
db="$tmp/d.db"

# Evaluate a Python expression over the parsed array `d`; print its value.
q() { expr=$1; shift; "$cli" "$@" --json | "$py" -c "import json,sys; d=json.load(sys.stdin); print($expr)"; }

# The same records as the text listing, whose last line is "N things".
for c in "notice list" inspections visits incidents requests disputes records; do
  # shellcheck disable=SC2086
  text_n=$("$cli" $c "$db" 1 | tail -n 1 | cut -d' ' -f1)
  # shellcheck disable=SC2086
  json_n=$(q 'len(d)' $c "$db" 1) || fail "$c --json is not JSON"
  [ "$text_n" = "$json_n" ] || fail "$c: $json_n records in JSON, $text_n in text"
done
[ "$(q 'len(d)' visits "$db" 1)" -gt 0 ] || fail "the demo has no visits"

# An empty listing is an empty array.
out=$("$cli" notice list "$db" 1 --year 1999 --json)
[ "$out" = "[]" ] || fail "empty listing: '$out'"

# Fields: the first notice of the demo as its text line shows it, with the
# unset dates and ids null (not 0, not "").
line=$("$cli" notice list "$db" 1 | sed -n 2p)
num=$(echo "$line" | cut -d' ' -f1)
[ "$(q 'd[0]["number"]' notice list "$db" 1)" = "$num" ] || fail "notice number"
echo "$line" | grep -q "issued $(q 'd[0]["issued_on"]' notice list "$db" 1)" || fail "notice issued_on: $line"
[ "$(q 'all(v["house_id"] is None for v in d if v["kind"] != "household")' visits "$db" 1)" = True ] ||
  fail "visits other than household visits have a house"
[ "$(q 'all(isinstance(v["id"], int) and v["id"] > 0 for v in d)' visits "$db" 1)" = True ] || fail "visit ids"
[ "$(q 'sum(1 for x in d if x["record"] == "district")' stats "$db" 1)" = 1 ] || fail "stats: one district for office 1"
[ "$(q 'd[0]["residents"] == d[0]["permanent"] + d[0]["temporary"] + d[0]["foreign"] + sum(v for k, v in d[0]["by_type"].items() if k not in ("permanent", "temporary", "floating", "foreign")) + d[0]["other_type"] or d[0]' stats "$db" 1)" = True ] ||
  fail "stats: residents are the sum of their types"

# The organisation: every record's parent is listed before it, under the level above.
[ "$(q 'all(any(p["level"] == {"station": "region", "office": "station", "district": "office", "community": "station", "village": "station", "staff": "office"}[x["level"]] and p["id"] == x["parent_id"] for p in d[:i]) for i, x in enumerate(d) if x["level"] != "region")' org list "$db")" = True ] ||
  fail "org list: a record before its parent"

# Strings are escaped: a quote, a backslash and a tab in a name.
name=$(printf 'a "b" \\c\td')
"$cli" org add-region "$db" escaped "$name" >/dev/null || fail "add-region"
[ "$(q '[x["name"] for x in d if x["level"] == "region" and x["code"] == "escaped"][0] == "a \"b\" \\c\td"' org list "$db")" = True ] ||
  fail "org list: name not escaped: $("$cli" org list "$db" --json | grep escaped)"

# The calendar of 2026 (State Council notice of 2025-11-04): 国庆 from 10-01,
# Sunday 09-20 a make-up working day; 2027 has no notice: provisional.
[ "$(q '[(x["date"], x["weekday"], x["working"], x["key"].split("[")[0], x["provisional"]) for x in d]' rules calendar national 2026-09-20 2026-09-21)" = \
  "[('2026-09-20', 'sun', True, 'calendar.workdays.2026', False), ('2026-09-21', 'mon', True, 'calendar.weekend', False)]" ] ||
  fail "calendar 2026: $("$cli" rules calendar national 2026-09-20 2026-09-21 --json)"
[ "$(q '(d[0]["working"], d[0]["holiday"], d[0]["provisional"])' rules calendar national 2026-10-01 2>/dev/null)" = "(False, '国庆节', False)" ] ||
  fail "calendar 2026-10-01"
[ "$(q 'd[0]["provisional"]' rules calendar national 2027-10-01 2>/dev/null)" = True ] || fail "calendar 2027 not provisional"

# A person by name, as JSON.
[ "$(q 'all(p["name"].startswith("王") and len(p["id_number"]) == 18 for p in d) and len(d) > 0' person "$db" '王*')" = True ] ||
  fail "person --json"
echo ok

#!/bin/sh
# The operator's tools for the audit trail, from the shell: commpolice
# check on an untouched database (an import's batch entries included),
# tampering with the sqlite3 shell found and named, the library refusing
# to write until commpolice repair, the repair in commpolice log, a keyed
# trail, and commpolice backup.
set -eu
cli="$top_builddir/commpolice"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: no sqlite3 shell"; exit 77; }
CPOL_USER=350401
export CPOL_USER
unset CPOL_AUDIT_KEY_FILE || true
db="$tmp/o.db"

# ------------------------------------------------ an untouched database
umask 022
"$cli" org add-region "$db" national 三明市 >/dev/null || fail "add-region"
"$cli" org add-station "$db" national 城东派出所 --code PS01 >/dev/null || fail "add-station"
"$cli" org add-office "$db" PS01 城东社区警务室 --code OF1 >/dev/null || fail "add-office"
"$cli" org add-community "$db" PS01 城东社区 --prefix 三明市三元区 --code C01 >/dev/null || fail "add-community"
"$cli" org add-district "$db" OF1 城东一区 --code D1 >/dev/null || fail "add-district"
"$cli" org cover "$db" D1 C01 2020-01-01 >/dev/null || fail "cover"
printf '%s\n' '身份证号,姓名,性别,社区,街路巷,门牌号,户室,人口类型,居住起始日期' \
  '110105199003071239,张伟,男,C01,解放路,12,301,常住人口,2024-01-01' \
  '320102198506150022,周丽,女,C01,解放路,12,302,常住人口,2024-01-01' > "$tmp/p.csv"
"$cli" import "$db" persons "$tmp/p.csv" >/dev/null || fail "import"
[ "$(stat -c %a "$db")" = 600 ] || fail "database mode $(stat -c %a "$db") under umask 022"
out=$("$cli" check "$db") || fail "untouched database: $out"
echo "$out" | grep -q "0 findings$" || fail "check summary: $out"

# The trail from the shell: the import's batch entry for the persons.
out=$("$cli" log "$db" --table person --actor 350401) || fail "log: $out"
[ "$(echo "$out" | wc -l)" = 1 ] || fail "one batch entry for person: $out"
echo "$out" | grep -q '	person	1	insert	{"import_run":1,"first_id":1,"last_id":2,"rows":2' || fail "log line: $out"
out=$("$cli" log "$db" --table office --json) || fail "log --json: $out"
echo "$out" | /usr/bin/python3 -c '
import json, sys
e = json.load(sys.stdin)
assert len(e) == 1 and e[0]["table"] == "office" and e[0]["action"] == "insert", e
assert e[0]["after"]["name"] == "城东社区警务室" and e[0]["before"] is None, e
' || fail "log --json: $out"
[ "$("$cli" log "$db" --since 2999-01-01T00:00:00Z)" = "" ] || fail "log --since the future"

# ------------------------------------------------ tampering with the shell
sqlite3 "$db" "DROP TRIGGER audit_office_update; UPDATE office SET name = '假警务室' WHERE id = 1" \
  || fail "sqlite3"
status=0
out=$("$cli" check "$db") || status=$?
[ "$status" -eq 1 ] || fail "check after tampering: exit status $status: $out"
echo "$out" | grep -qx "trigger-missing: trigger audit_office_update on office is missing: changes to office go unrecorded or unguarded" \
  || fail "missing trigger not named: $out"
echo "$out" | grep -q "^row-changed: office row 1 differs from its last audit entry [0-9]* in: name;" \
  || fail "edited row not named: $out"
# The library will not write over it.
if out=$("$cli" org add-office "$db" PS01 城西社区警务室 2>&1); then fail "wrote over a dropped trigger"; fi
echo "$out" | grep -q "audit_office_update trigger-missing on office" || fail "refusal names the trigger: $out"
echo "$out" | grep -q "commpolice repair" || fail "refusal names the repair: $out"

# ------------------------------------------------ repair
out=$("$cli" repair "$db") || fail "repair: $out"
echo "$out" | grep -q ": 1 trigger or exemption repaired" || fail "repair report: $out"
out=$("$cli" log "$db" --table sqlite_master) || fail "log of the repair"
echo "$out" | grep -q '	350401	sqlite_master	0	insert	{"type":"trigger","name":"audit_office_update"' \
  || fail "repair not in the trail: $out"
"$cli" org add-office "$db" PS01 城西社区警务室 >/dev/null || fail "write after repair"
# The edit made while the trigger was gone is still reported.
status=0
out=$("$cli" check "$db") || status=$?
[ "$status" -eq 1 ] || fail "check after repair: exit status $status"
[ "$(echo "$out" | grep -c '^row-changed: office row 1 ')" = 1 ] || fail "after repair: $out"
[ "$(echo "$out" | grep -c '^trigger')" = 0 ] || fail "triggers after repair: $out"

# ------------------------------------------------ a keyed trail
kdb="$tmp/k.db"
head -c 32 /dev/urandom > "$tmp/audit.key"
chmod 600 "$tmp/audit.key"
CPOL_AUDIT_KEY_FILE="$tmp/audit.key" "$cli" org add-region "$kdb" national 三明市 >/dev/null || fail "keyed write"
out=$(CPOL_AUDIT_KEY_FILE="$tmp/audit.key" "$cli" check "$kdb") || fail "keyed check: $out"
echo "$out" | grep -q "(1 keyed with key [0-9a-f]\{16\})" || fail "keyed summary: $out"
status=0
out=$("$cli" check "$kdb") || status=$?
[ "$status" -eq 1 ] || fail "keyed trail checked without the key: exit status $status"
echo "$out" | grep -q "^key-unavailable: 1 audit entries are keyed with key" || fail "no key: $out"
if out=$("$cli" org add-station "$kdb" national 城东派出所 2>&1); then fail "wrote a keyed trail without the key"; fi
echo "$out" | grep -q "keyed with key" || fail "refusal without key: $out"
chmod 644 "$tmp/audit.key"
if out=$(CPOL_AUDIT_KEY_FILE="$tmp/audit.key" "$cli" check "$kdb" 2>&1); then fail "a key readable by others"; fi
echo "$out" | grep -q "may be read by others (mode 644)" || fail "key mode: $out"

# ------------------------------------------------ backup
"$cli" backup "$kdb" "$tmp/copy.db" >/dev/null || fail "backup"
[ "$(stat -c %a "$tmp/copy.db")" = 600 ] || fail "backup mode"
chmod 600 "$tmp/audit.key"
CPOL_AUDIT_KEY_FILE="$tmp/audit.key" "$cli" check "$tmp/copy.db" >/dev/null || fail "backup does not pass check"
if "$cli" backup "$kdb" "$tmp/copy.db" >/dev/null 2>&1; then fail "backup over an existing file"; fi
exit 0

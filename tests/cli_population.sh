#!/bin/sh
# From an empty database to the population of an office, with the command
# line only: commpolice org builds the organisation, commpolice import reads
# a UTF-8 file with a BOM and a GB18030 one (made here with iconv), and
# commpolice person, stats and due read the result back.
#
# The region is worktown, a rules file written below: national's rules with
# two office classes and one more residence type, 务工人员 (migrant_worker),
# so that the statistics show the region's own types.
#
# ID numbers (GB 11643-1999, check characters by ISO 7064 MOD 11-2: weights
# 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, the sum mod 11 picking from
# 1 0 X 9 8 7 6 5 4 3 2):
#   110105199003071239  sum 190, mod 11 = 3 -> 9; sequence 123 odd: male
#   320102198506150022  sum 219, mod 11 = 10 -> 2; sequence 002 even: female
#   11010519491231002X  sum 167, mod 11 = 2 -> X; female
#   350402199208150039  sum 278, mod 11 = 3 -> 9; sequence 003 odd: male
#   11010519900230001X  February 30: refused (line 5, column 1)
set -eu
cli="$top_builddir/commpolice"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v iconv >/dev/null 2>&1 || { echo "SKIP: no iconv"; exit 77; }

mkdir "$tmp/regions"
cat > "$tmp/regions/worktown.yaml" <<'EOF'
region: worktown
extends: national
staffing:
  office_classes:
    - {code: class1, name: 一类警务室, rank: 1}
    - {code: class2, name: 二类警务室, rank: 2}
population:
  residence_types: !extend
    - code: migrant_worker
      name: 务工人员
      register_required: false
EOF
CPOL_RULES_PATH="$tmp/regions:${CPOL_RULES_PATH:-$top_srcdir/data/regions}"
CPOL_USER=350401
export CPOL_RULES_PATH CPOL_USER
db="$tmp/o.db"

# --------------------------------------------------------- the organisation
region=$("$cli" org add-region "$db" worktown 三明市三元区) || fail "add-region"
[ "$region" = 1 ] || fail "region id: $region"
# A record is named by its id or its code (a region's code is its rules name).
station=$("$cli" org add-station "$db" worktown 城东派出所 --code PS01) || fail "add-station"
"$cli" org add-station "$db" atlantis 海底派出所 >/dev/null 2>&1 && fail "a station in a region that does not exist"
# Office classes come from the region's rules: class3 is not one of worktown's.
if out=$("$cli" org add-office "$db" PS01 城东社区警务室 --class class3 2>&1); then
  fail "class3 accepted: $out"
else
  [ $? -eq 1 ] || fail "bad class: exit status"
fi
echo "$out" | grep -q "office_class 'class3' is not a class of region worktown" || fail "class message: $out"
echo "$out" | grep -q "class1, class2" || fail "valid classes not listed: $out"
if out=$("$cli" org add-office "$db" PS01 城东社区警务室 --model one_per_town 2>&1); then
  fail "unknown model accepted: $out"
fi
echo "$out" | grep -q "model 'one_per_town' is not a staffing model" || fail "model message: $out"
office=$("$cli" org add-office "$db" PS01 城东社区警务室 --code OF1 --class class1 \
  --model one_per_community --area 60) || fail "add-office"
district=$("$cli" org add-district "$db" OF1 城东一区 --code D1) || fail "add-district"
community=$("$cli" org add-community "$db" PS01 城东社区 --prefix 三明市三元区 --code C01) || fail "add-community"
"$cli" org cover "$db" D1 C01 2020-01-01 >/dev/null || fail "cover"
officer=$("$cli" org add-staff "$db" OF1 李明 officer 2020-01-01 --badge 350401 --district D1 \
  --dedicated) || fail "add-staff officer"
aux=$("$cli" org add-staff "$db" OF1 赵协勤 auxiliary 2020-01-01) || fail "add-staff auxiliary"
"$cli" org assign "$db" "$aux" OF1 2024-01-01 --district D1 --reason 分片 >/dev/null || fail "assign"
"$cli" org add-staff "$db" OF1 王 officer 2020-01-01 >/dev/null 2>&1 && fail "an officer without a badge"

out=$("$cli" org list "$db" --on 2024-06-01) || fail "list: $out"
echo "$out" | grep -qx "region 1 worktown 三明市三元区" || fail "list region: $out"
echo "$out" | grep -qx "  station $station 城东派出所 \[PS01\]" || fail "list station: $out"
echo "$out" | grep -qx "    office $office 城东社区警务室 \[OF1\], class class1, model one_per_community, 60 m²" \
  || fail "list office: $out"
echo "$out" | grep -qx "      district $district 城东一区 \[D1\]" || fail "list district: $out"
echo "$out" | grep -qx "      staff $officer 李明 民警 警号 350401, district $district, 专职, since 2020-01-01" \
  || fail "list officer: $out"
echo "$out" | grep -qx "      staff $aux 赵协勤 协勤, district $district, since 2024-01-01" || fail "list assignment: $out"
echo "$out" | grep -qx "    community $community 城东社区 \[C01\], in 三明市三元区, covered by district $district" \
  || fail "list community: $out"

# ------------------------------------------------ a UTF-8 file with a BOM
{
  printf '\357\273\277'
  printf '身份证号,姓名,性别,社区,街路巷,门牌号,户室,人口类型,居住起始日期,登记日期,居住证有效期至,标签\r\n'
  printf '110105199003071239,张伟,男,C01,解放路,12,301,常住人口,2024-01-01,,,\r\n'
  printf '320102198506150022,周丽,女,城东社区,解放路,12,301,temporary,2024/1/1,2024-01-05,2024-06-20,\r\n'
  printf '11010519491231002X,王芳,,C01,解放路,14,101,务工人员,20240101,,,重点人口\r\n'
  printf '11010519900230001X,错日,,C01,解放路,14,102,permanent,2024-01-01,,,\r\n'
} > "$tmp/p1.csv"
status=0
out=$("$cli" import "$db" persons "$tmp/p1.csv") || status=$?
[ "$status" -eq 3 ] || fail "import with a rejected row: exit status $status (want 3): $out"
echo "$out" | grep -qx "$tmp/p1.csv: UTF-8, 4 records: 3 imported, 1 rejected" || fail "report: $out"
# 解放路, 12号, 301室, 14号, 101室; the rejected row (14号102室) wrote nothing.
echo "$out" | grep -qx "  new: 5 addresses, 2 houses, 3 persons; 0 moved" || fail "report counts: $out"
echo "$out" | grep -q "^  $tmp/p1.csv:5:1: 身份证号: .*1990-02-30 does not exist" || fail "bad row: $out"

# ------------------------------------------- a GB18030 file, as Excel saves it
printf '%s\r\n' '身份证号,姓名,性别,社区,街路巷,门牌号,户室,人口类型,居住起始日期' \
  '350402199208150039,陈建国,男,城东社区,和平街,3,101,常住人口,2024-02-01' \
  '110105199003071239,张伟,女,城东社区,和平街,3,102,常住人口,2024-02-01' > "$tmp/p2-utf8.csv"
iconv -f UTF-8 -t GB18030 "$tmp/p2-utf8.csv" > "$tmp/p2.csv"
if iconv -f UTF-8 -t UTF-8 "$tmp/p2.csv" >/dev/null 2>&1; then fail "the GB18030 file is valid UTF-8"; fi
status=0
out=$("$cli" import "$db" persons "$tmp/p2.csv") || status=$?
[ "$status" -eq 3 ] || fail "GB18030 import: exit status $status: $out"
echo "$out" | grep -qx "$tmp/p2.csv: GB18030, 2 records: 1 imported, 1 rejected" || fail "GB18030 report: $out"
echo "$out" | grep -q "^  $tmp/p2.csv:3:3: 性别: .*女.*男" || fail "GB18030 bad row: $out"
# A file with nothing wrong exits 0; the known persons are neither added nor moved again.
head -n 4 "$tmp/p1.csv" > "$tmp/p3.csv"
out=$("$cli" import "$db" persons "$tmp/p3.csv") || fail "clean import: $out"
echo "$out" | grep -qx "  new: 0 addresses, 0 houses, 0 persons; 0 moved" || fail "re-import: $out"

# ----------------------------------------------------------------- person
out=$("$cli" person "$db" 110105199003071239) || fail "person: $out"
echo "$out" | grep -q "^[0-9]*  110105199003071239  张伟  男  1990-03-07  office $office since 2024-01-01$" \
  || fail "person line: $out"
echo "$out" | grep -qx "    lives at 三明市三元区城东社区解放路12号301室 (permanent)" || fail "person address: $out"
out=$("$cli" person "$db" 350402199208150039) || fail "person GB18030: $out"
echo "$out" | grep -q "  陈建国  男  1992-08-15  office $office" || fail "GB18030 name: $out"
echo "$out" | grep -qx "    lives at 三明市三元区城东社区和平街3号101室 (permanent)" || fail "GB18030 address: $out"
out=$("$cli" person "$db" '王*') || fail "person by surname: $out"
echo "$out" | grep -qx "    lives at 三明市三元区城东社区解放路14号101室 (migrant_worker)" || fail "surname: $out"
"$cli" person "$db" 11010519900230001X >/dev/null 2>&1 && fail "the rejected row was imported"

# ------------------------------------------------------------------ stats
# Residents on 2024-06-01: 张伟 and 陈建国 常住, 周丽 暂住, 王芳 务工人员 (worktown's
# own type); 3 households; 1 key person; 1 officer (the auxiliary does not count).
out=$("$cli" stats "$db" "$office" 2024-06-01) || fail "stats: $out"
echo "$out" | grep -q "^城东一区 *4 *2 *1 *0 *1 *3 *0 *1/1 " || fail "stats line: $out"
echo "$out" | grep -qx "  人口类型: 常住人口 2, 暂住人口 1, 流动人口 0, 境外人员 0, 务工人员 1" \
  || fail "residents by the region's types: $out"

# ------------------------------------------------------------------- due
# On 2024-06-10, with no contact recorded since the label's start
# (2024-01-01): 王芳's monthly assessment (重点人口) was owed from the first
# month, by Wednesday 2024-01-31 — overdue; her quarterly talk from the first
# quarter, by 2024-03-29 (March 31 is a Sunday). 周丽's residence permit runs
# out on 2024-06-20, within the 30 days ahead. Each item names its rule, file
# and line on the line after it.
out=$("$cli" due "$db" "$office" 2024-06-10 --horizon 30 --kind assessment --kind talk \
      --kind registration) || fail "due: $out"
echo "$out" | grep -A1 "^2024-01-31 OVERDUE  131d  assessment  *重点人口 王芳: " \
  | grep -q "rule population.labels\[key_person\].assess (.*national.yaml:[0-9]*)$" || fail "assessment: $out"
echo "$out" | grep -A1 "^2024-03-29 OVERDUE   73d  talk  *重点人口 王芳: " \
  | grep -q "rule population.labels\[key_person\].talk " || fail "talk: $out"
echo "$out" | grep -q "^2024-06-20 due      in 10d  registration  *暂住人口 周丽: registration runs out on 2024-06-20$" \
  || fail "permit: $out"
echo "$out" | grep -q "^3 items, 2 overdue | assessment 1 | talk 1 | registration 1$" || fail "counts: $out"
# 务工人员 need no registration in worktown's rules: 王芳 is owed none.
if echo "$out" | grep -q "务工人员 王芳"; then fail "registration owed for a type that needs none: $out"; fi
# population-due is gone: one owed view
if "$cli" population-due "$db" "$office" 2024-06-10 2>/dev/null; then fail "population-due still there"; fi
# ------------------------------------------------ intake that never merges
# 110105199003071239 is 张伟 (imported above). A file giving it to 吴莉莉 is
# refused on that row (line 2, column 2 姓名), exit 3; 张伟 keeps his name;
# 350402199208150039 on line 3 (陈建国, known, same name and house) is fine.
printf '%s\n' '身份证号,姓名,社区,街路巷,门牌号,户室,居住起始日期' \
  '110105199003071239,吴莉莉,C01,解放路,12,301,2024-01-01' \
  '350402199208150039,陈建国,C01,和平街,3,101,2024-02-01' > "$tmp/conflict.csv"
status=0
out=$("$cli" import "$db" persons "$tmp/conflict.csv") || status=$?
[ "$status" -eq 3 ] || fail "identity conflict: exit status $status: $out"
echo "$out" | grep -qx "$tmp/conflict.csv: UTF-8, 2 records: 1 imported, 1 rejected" || fail "conflict report: $out"
echo "$out" | grep -q "^  $tmp/conflict.csv:2:2: 姓名: ID number 110105199003071239 is already 张伟 (person [0-9]*, in the database); this row says 吴莉莉: not merged" \
  || fail "conflict reason: $out"
echo "$out" | grep -qx "  new: 0 addresses, 0 houses, 0 persons; 0 moved" || fail "conflict moved someone: $out"
"$cli" person "$db" 110105199003071239 | grep -q "  张伟  男" || fail "张伟 renamed"
# --check says the same, writes nothing (the database file is unchanged).
cp "$db" "$tmp/before.db"
status=0
out=$("$cli" import "$db" persons "$tmp/conflict.csv" --check) || status=$?
[ "$status" -eq 3 ] || fail "--check: exit status $status: $out"
echo "$out" | grep -qx "$tmp/conflict.csv: UTF-8, 2 records: 1 would be imported, 1 rejected" || fail "--check report: $out"
echo "$out" | grep -q "^  $tmp/conflict.csv:2:2: 姓名: .*not merged" || fail "--check problem: $out"
echo "$out" | grep -qx "  checked only: nothing was written" || fail "--check note: $out"
cmp -s "$db" "$tmp/before.db" || fail "--check changed the database"
# --update corrects the name, printing the value before and after.
out=$("$cli" import "$db" persons "$tmp/conflict.csv" --update) || fail "--update: $out"
echo "$out" | grep -q "^  $tmp/conflict.csv:2:2: updated: 姓名: person [0-9]* 姓名: 张伟 → 吴莉莉$" || fail "--update shows: $out"
echo "$out" | grep -qx "  0 warnings, 1 persons corrected" || fail "--update count: $out"
"$cli" person "$db" 110105199003071239 | grep -q "  吴莉莉  男" || fail "not corrected"

# ----------------------------------------------- what cannot be read is refused
# A duplicated and a misspelt header column: the file is refused, nothing written.
printf '%s\n' '身份证号,姓名,社区,街路巷,身份证号' '11010519491231002X,王芳,C01,解放路,x' > "$tmp/dup.csv"
out=$("$cli" import "$db" persons "$tmp/dup.csv" 2>&1) && fail "duplicate header accepted: $out"
echo "$out" | grep -q "header columns 1 and 5 are both 身份证号" || fail "duplicate header: $out"
printf '%s\n' '身份证号,姓名,社区,街路巷,人口类形' '11010519491231002X,王芳,C01,解放路,暂住人口' > "$tmp/typo.csv"
out=$("$cli" import "$db" persons "$tmp/typo.csv" 2>&1) && fail "misspelt header accepted: $out"
echo "$out" | grep -q "header column 5 '人口类形' is not a column: did you mean 人口类型?" || fail "did you mean: $out"
# A NUL byte: its row is rejected naming the column; the other row is kept.
{
  printf '身份证号,姓名,社区,街路巷,门牌号,户室\n'
  printf '320102198506150022\000zz,周丽,C01,解放路,12,301\n'
  printf '11010519491231002X,王芳,C01,解放路,14,101\n'
} > "$tmp/nul.csv"
status=0
out=$("$cli" import "$db" persons "$tmp/nul.csv") || status=$?
[ "$status" -eq 3 ] || fail "NUL: exit status $status: $out"
echo "$out" | grep -qx "  $tmp/nul.csv:2:1: 身份证号: a NUL byte (character 19 of the field)" || fail "NUL row: $out"
# CR-only line ends (old Mac programs): two records, both read.
printf '身份证号,姓名,社区,街路巷,门牌号,户室\r350402199208150039,陈建国,C01,和平街,3,101\r11010519491231002X,王芳,C01,解放路,14,101\r' > "$tmp/cr.csv"
out=$("$cli" import "$db" persons "$tmp/cr.csv") || fail "CR-only: $out"
echo "$out" | grep -qx "$tmp/cr.csv: UTF-8, 2 records: 2 imported, 0 rejected" || fail "CR-only report: $out"
# A GB18030 file read as UTF-8 because we said so: the offset, not "no column 身份证号".
out=$("$cli" import "$db" persons "$tmp/p2.csv" --encoding utf-8 2>&1) && fail "GB18030 as UTF-8 accepted: $out"
echo "$out" | grep -q "the file is not UTF-8 as given: .* the first at byte offsets 0, 1, 2 (line 1); it reads as GB18030" \
  || fail "--encoding utf-8 on GB18030: $out"
# The automatic choice says why.
out=$("$cli" import "$db" persons "$tmp/p2.csv" --check) || true
echo "$out" | grep -q "^  encoding: GB18030, a guess: not UTF-8 (.* at byte offsets 0, 1, 2)" || fail "encoding evidence: $out"
# A region code in no edition of GB/T 2260 (110100, a prefecture's code):
# 110100199003071237 (weighted sum 170, mod 11 = 5 -> 7) is imported with a warning.
printf '%s\n' '身份证号,姓名,社区,街路巷,门牌号' '110100199003071237,区号错,C01,解放路,16' > "$tmp/region.csv"
out=$("$cli" import "$db" persons "$tmp/region.csv") || fail "unknown region code: $out"
echo "$out" | grep -q "^  $tmp/region.csv:2:1: warning: 身份证号: region code 110100 .* in no edition of GB/T 2260" \
  || fail "region warning: $out"
"$cli" idcheck 110100199003071237 | grep -q "region 110100 (in no edition of GB/T 2260" || fail "idcheck region"

# ----------------------------------------- nothing created by a failed command
status=0
out=$("$cli" import "$tmp/new.db" persons "$tmp/missing.csv" 2>&1) || status=$?
[ "$status" -eq 1 ] || fail "missing file: exit status $status: $out"
echo "$out" | grep -q "missing.csv: cannot read" || fail "missing file message: $out"
[ ! -e "$tmp/new.db" ] || fail "a missing file left a database behind"
# A refused header into a new path leaves none either.
"$cli" import "$tmp/new.db" persons "$tmp/dup.csv" >/dev/null 2>&1 && fail "dup header accepted"
[ ! -e "$tmp/new.db" ] && [ ! -e "$tmp/new.db-wal" ] || fail "a refused file left a database behind"
"$cli" import "$tmp/new.db" persons "$tmp/cr.csv" --check >/dev/null 2>&1 && fail "--check on no database"
[ ! -e "$tmp/new.db" ] || fail "--check created a database"
exit 0

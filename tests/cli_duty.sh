#!/bin/sh
# commpolice roster generate|check|export|repair|swap|posts, on offices made by tests/duty_fixture.
set -eu
cli="$top_builddir/commpolice"
fixture="$top_builddir/tests/duty_fixture"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$tmp/office.db"
from=2024-05-01
days=31

# OFFICE: 3 officers (one dedicated), 3 auxiliaries; OVER: an officer over the training allowance.
ids=$("$fixture" "$db") || fail "fixture"
set -- $ids
office=$1 dedicated=$2 over=$3

# generate stores the roster and prints it as CSV; the same seed gives the same roster.
"$cli" roster generate "$db" "$office" $from $days --seed 7 >"$tmp/gen.csv" 2>"$tmp/err" ||
	fail "generate: $(cat "$tmp/err")"
"$cli" roster generate "$db" "$office" $from $days --seed 7 --dry-run >"$tmp/again.csv" 2>"$tmp/err" ||
	fail "generate --dry-run: $(cat "$tmp/err")"
cmp -s "$tmp/gen.csv" "$tmp/again.csv" || fail "seed 7 gave two different rosters"

# check: the stored roster meets every hard rule.
"$cli" roster check "$db" "$office" $from $days >"$tmp/check" 2>&1 ||
	fail "check of the generated roster: $(cat "$tmp/check")"
grep -q '^hard violations: 0, soft penalty: [0-9]' "$tmp/check" || fail "check: $(cat "$tmp/check")"
if grep -q '^HARD' "$tmp/check"; then fail "hard violations listed: $(cat "$tmp/check")"; fi

# export csv: the stored roster, as generated.
"$cli" roster export "$db" "$office" $from $days >"$tmp/roster.csv" || fail "export csv"
[ -s "$tmp/roster.csv" ] || fail "export csv wrote nothing"
head -n 1 "$tmp/roster.csv" | grep -q '^date,weekday,person_id,name,kind,shift,shift_name,start,end' ||
	fail "csv header: $(head -n 1 "$tmp/roster.csv")"
cmp -s "$tmp/gen.csv" "$tmp/roster.csv" || fail "the exported roster is not the one generated"
grep -q "^2024-05-31," "$tmp/roster.csv" || fail "no entry on the last day"

# export ics: an iCalendar file with CRLF line ends, for the office and for one person.
"$cli" roster export "$db" "$office" $from $days --ics >"$tmp/office.ics" || fail "export ics"
[ -s "$tmp/office.ics" ] || fail "export ics wrote nothing"
head -n 1 "$tmp/office.ics" | grep -q '^BEGIN:VCALENDAR' || fail "ics does not begin with BEGIN:VCALENDAR"
grep -q '^END:VCALENDAR' "$tmp/office.ics" || fail "ics has no END:VCALENDAR"
lines=$(wc -l <"$tmp/office.ics")
crlf=$(tr -cd '\r' <"$tmp/office.ics" | wc -c)
[ "$lines" -eq "$crlf" ] || fail "ics: $lines lines but $crlf carriage returns"
"$cli" roster export "$db" "$office" $from $days --ics --person "$dedicated" >"$tmp/li.ics" ||
	fail "export ics --person"
all=$(grep -c '^BEGIN:VEVENT' "$tmp/office.ics")
mine=$(grep -c '^BEGIN:VEVENT' "$tmp/li.ics" || true)
[ "$mine" -gt 0 ] && [ "$mine" -lt "$all" ] || fail "person's calendar has $mine of $all events"
rows=$(grep -c ",$dedicated," "$tmp/roster.csv")
[ "$mine" -eq "$rows" ] || fail "person's calendar has $mine events, the csv $rows rows"

# check a hand-edited CSV: the dedicated officer on a night (after 22:00).
cp "$tmp/roster.csv" "$tmp/edited.csv"
printf '2024-05-06,Mon,%s,李娜,officer,night,夜间值班,17:30,+1 08:30\r\n' "$dedicated" >>"$tmp/edited.csv"
if "$cli" roster check "$db" "$office" $from $days --csv "$tmp/edited.csv" >"$tmp/check2" 2>&1; then
	fail "check of the edited roster succeeded: $(cat "$tmp/check2")"
fi
grep -q '^HARD dedicated_late .*duty.no_duty_after: 李娜 on 2024-05-06' "$tmp/check2" ||
	fail "no dedicated_late violation: $(cat "$tmp/check2")"

# generate --pin FILE: the pinned cell is kept. Pin the auxiliary who is not on the
# office shift of 2 May onto it.
row=$(grep '^2024-05-02,[^,]*,[0-9]*,[^,]*,auxiliary,office,' "$tmp/roster.csv" | head -n 1)
holder=$(echo "$row" | cut -d, -f3)
other=$(grep ',auxiliary,' "$tmp/roster.csv" | cut -d, -f3,4 | sort -u | grep -v "^$holder," | head -n 1)
[ -n "$row" ] && [ -n "$other" ] || fail "no office shift on 2 May to pin"
{ head -n 1 "$tmp/roster.csv"; echo "$row" | awk -F, -v who="$other" 'BEGIN { OFS = "," }
	{ split(who, w, ","); $3 = w[1]; $4 = w[2]; print }'; } >"$tmp/pin.csv"
"$cli" roster generate "$db" "$office" $from $days --pin "$tmp/pin.csv" --dry-run >"$tmp/pinned.csv" 2>"$tmp/err" ||
	fail "generate --pin: $(cat "$tmp/err")"
grep -q "^2024-05-02,[^,]*,${other%%,*},[^,]*,auxiliary,office," "$tmp/pinned.csv" ||
	fail "the pinned cell was not kept: $(grep '^2024-05-02' "$tmp/pinned.csv")"

# repair: nothing new changes nothing; after a sick day on 15 May, only cells from that day
# on change, the sick person's office shift among them, and the result meets every hard rule.
"$cli" roster repair "$db" "$office" $from $days --dry-run >"$tmp/repair0" 2>"$tmp/err" ||
	fail "repair: $(cat "$tmp/err")"
head -n 1 "$tmp/repair0" | grep -q '^0 cells changed for 0 people$' || fail "repair of nothing: $(cat "$tmp/repair0")"
sick=$(grep '^2024-05-15,[^,]*,[0-9]*,[^,]*,auxiliary,office,' "$tmp/roster.csv" | head -n 1 | cut -d, -f3)
[ -n "$sick" ] || fail "nobody on the office shift on 15 May"
"$fixture" "$db" --sick "$sick" 2024-05-15 || fail "fixture --sick"
"$cli" roster repair "$db" "$office" $from $days --since 2024-05-15 >"$tmp/repair1" 2>"$tmp/err" ||
	fail "repair after a sick day: $(cat "$tmp/err")"
head -n 1 "$tmp/repair1" | grep -q '^[1-9][0-9]* cells changed for [1-9][0-9]* people$' ||
	fail "repair: $(cat "$tmp/repair1")"
grep -q "^  2024-05-15 [^ ]* ($sick): office -> -\$" "$tmp/repair1" || fail "the sick day's shift stayed: $(cat "$tmp/repair1")"
if tail -n +2 "$tmp/repair1" | awk '{ print $1 }' | grep -q '^2024-05-0\|^2024-05-1[0-4]'; then
	fail "a cell before the sick day changed: $(cat "$tmp/repair1")"
fi
"$cli" roster check "$db" "$office" $from $days >"$tmp/check3" 2>&1 || fail "check after repair: $(cat "$tmp/check3")"

# swap: who could take an auxiliary's office shift; an officer may not (qualification).
"$cli" roster export "$db" "$office" $from $days >"$tmp/now.csv" || fail "export after repair"
row=$(grep '^2024-05-16,[^,]*,[0-9]*,[^,]*,auxiliary,office,' "$tmp/now.csv" | head -n 1)
"$cli" roster swap "$db" "$office" $from $days --person "$(echo "$row" | cut -d, -f3)" --date 2024-05-16 \
	--shift office >"$tmp/swap" 2>"$tmp/err" || fail "swap: $(cat "$tmp/err")"
grep -q "^cannot 张伟 ([0-9]*): qualification (duty.shifts.who)" "$tmp/swap" || fail "swap: $(cat "$tmp/swap")"
grep -q "^can \|^cannot [^ ]* ([0-9]*): [a-z_]* (" "$tmp/swap" || fail "swap lists nobody: $(cat "$tmp/swap")"

# posts: set (sorted back), read, cleared; a bad list names the field, an unknown staff member fails.
[ "$("$cli" roster posts "$db" "$dedicated")" = "" ] || fail "posts before any were set"
[ "$("$cli" roster posts "$db" "$dedicated" "B, A")" = "A,B" ] || fail "posts set"
[ "$("$cli" roster posts "$db" "$dedicated")" = "A,B" ] || fail "posts read back"
[ "$("$cli" roster posts "$db" "$dedicated" "")" = "" ] || fail "posts cleared"
if "$cli" roster posts "$db" "$dedicated" "A,A" >"$tmp/posts" 2>&1; then fail "posts A,A accepted"; fi
grep -q 'post 2 of "A,A" is listed twice' "$tmp/posts" || fail "posts error: $(cat "$tmp/posts")"
if "$cli" roster posts "$db" 99999 >"$tmp/posts" 2>&1; then fail "posts of an unknown staff member"; fi

# The other office: the stored training records are over the allowance, so no roster meets the rules.
if "$cli" roster generate "$db" "$over" $from $days >"$tmp/over.csv" 2>"$tmp/over.err"; then
	fail "generate with training over the allowance succeeded"
fi
grep -q 'training_days .*national.yaml:[0-9]* duty.training_days_per_year' "$tmp/over.err" ||
	fail "no training_days conflict: $(cat "$tmp/over.err")"
grep -q '刘洋 has 17 days of concentrated training in 2024, 15 allowed' "$tmp/over.err" ||
	fail "conflict does not name the person and days: $(cat "$tmp/over.err")"
if "$cli" roster check "$db" "$over" $from $days >"$tmp/over.check" 2>&1; then
	fail "check with training over the allowance succeeded"
fi
grep -q '^HARD training_days .*2024-05-20..2024-05-24' "$tmp/over.check" ||
	fail "check names no training days: $(cat "$tmp/over.check")"
echo ok

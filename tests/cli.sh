#!/bin/sh
# The commpolice command: version, init, errors.
set -eu
cli="$top_builddir/commpolice"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

out=$("$cli" version)
echo "$out" | grep -q "libcommpolice" || fail "version: $out"

out=$("$cli" init "$tmp/office.db")
echo "$out" | grep -q "schema version" || fail "init: $out"
[ -f "$tmp/office.db" ] || fail "init made no file"

# A second init is an upgrade that finds nothing to do.
"$cli" init "$tmp/office.db" >/dev/null || fail "second init"

# Errors go to stderr with a non-zero status.
echo "not a database, just text, long enough to fill a header line......." > "$tmp/junk.db"
if "$cli" init "$tmp/junk.db" 2>"$tmp/err"; then fail "init on junk succeeded"; fi
grep -q "commpolice:" "$tmp/err" || fail "no error message: $(cat "$tmp/err")"

if "$cli" no-such-command 2>/dev/null; then fail "unknown command succeeded"; fi

# Every command answers --help (and -h) on standard output with exit status
# 0, before touching anything: 'init --help' makes no database named
# --help, 'demo --help' no demo.db, 'import DB ... --help' no DB.
commands=$("$cli" help | awk '/^commands:/ {on = 1; next} on && NF == 0 {exit} on {print $1}')
[ "$(echo "$commands" | wc -l)" -ge 15 ] || fail "help lists too few commands: $commands"
mkdir "$tmp/help" && cd "$tmp/help"
for c in $commands; do
  for flag in --help -h; do
    out=$("$cli" "$c" "$flag" 2>"$tmp/help.err") || fail "$c $flag: exit status $?"
    echo "$out" | grep -q "^usage: commpolice $c" || fail "$c $flag: no usage on stdout: $out"
    [ -s "$tmp/help.err" ] && fail "$c $flag wrote to stderr: $(cat "$tmp/help.err")"
  done
done
"$cli" import "$tmp/help/new.db" persons missing.csv --help >/dev/null || fail "import ... --help"
[ -z "$(ls -A "$tmp/help")" ] || fail "--help created files: $(ls -A "$tmp/help")"

# The man page describes every command the help lists.
for c in $commands; do
  sed 's/\\-/-/g' "$top_srcdir/docs/commpolice.1" | grep -q -- "$c" || fail "commpolice.1 does not describe '$c'"
done
cd "$tmp"

# Ids and numbers are checked, never read as 0: each bad one is named, with
# exit status 2, before the database is opened (none of these files exists).
bad_number() {
  want=$1; shift
  st=0
  "$cli" "$@" >/dev/null 2>"$tmp/num.err" || st=$?
  [ "$st" -eq 2 ] || fail "$*: exit status $st, not 2"
  grep -qF -- "$want" "$tmp/num.err" || fail "$*: want '$want', got: $(cat "$tmp/num.err")"
  [ -e "$tmp/none.db" ] && fail "$*: created the database"
  return 0
}
bad_number "OFFICE_ID: 'abc' is not an id" stats "$tmp/none.db" abc
bad_number "OFFICE_ID: '0' is not an id" due "$tmp/none.db" 0
bad_number "OFFICE_ID: '-1' is not an id" due "$tmp/none.db" -1
bad_number "OFFICE_ID: '1x' is not an id" due "$tmp/none.db" 1x
bad_number "OFFICE_ID: '9223372036854775808' is not an id" due "$tmp/none.db" 9223372036854775808
bad_number "--horizon: 'abc' is not a whole number from 0 to 3660" due "$tmp/none.db" 1 --horizon abc
bad_number "--horizon: '-1' is not a whole number" due "$tmp/none.db" 1 --horizon -1
bad_number "--officer: '' is not an id" due "$tmp/none.db" 1 --officer ''
bad_number "DAYS: '0' is not a whole number from 1 to 366" roster generate "$tmp/none.db" 1 2026-01-01 0
bad_number "DAYS: '367' is not a whole number from 1 to 366" roster check "$tmp/none.db" 1 2026-01-01 367
bad_number "--seed: '-5' is not a whole number" roster generate "$tmp/none.db" 1 2026-01-01 31 --seed -5
bad_number "--person: 'x' is not an id" roster swap "$tmp/none.db" 1 2026-01-01 31 --person x --date 2026-01-02 --shift A
bad_number "--office: ' 1' is not an id" import "$tmp/none.db" persons x.csv --office ' 1'
bad_number "--batch: '0' is not a whole number from 1" import "$tmp/none.db" persons x.csv --batch 0
bad_number "--year: '10000' is not a whole number from 1 to 9999" notice list "$tmp/none.db" 1 --year 10000
bad_number "--unit: 'u' is not an id" visits "$tmp/none.db" 1 --unit u
bad_number "NOTICE_ID: 'n' is not an id" notice "$tmp/none.db" n
bad_number "--row: '0' is not an id" log "$tmp/none.db" --row 0
bad_number "--min-k: '-1' is not a whole number from 0" export "$tmp/none.db" persons --min-k -1
bad_number "SUBJECT_ID: 'me' is not an id" assess explain "$tmp/none.db" 2026-Q1 me
bad_number "--office: '+3' is not an id" assess score "$tmp/none.db" 2026-Q1 --office +3
# The largest id is taken (it names no record, which is another error).
if "$cli" due "$tmp/none.db" 9223372036854775807 2>"$tmp/num.err"; then fail "due on a missing database"; fi
grep -q "is not an id" "$tmp/num.err" && fail "9223372036854775807 refused as an id"
echo ok

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
echo ok

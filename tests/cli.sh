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
echo ok

#!/bin/sh
# Build the Debian packages from a clean export of the tree, check them with
# lintian (errors fail), install them on this machine and use each one with
# no environment variables set: Debian's python3 imports commpolice, lua5.4
# requires it, the command runs on the installed region rules, and a C
# program builds against libcommpolice-dev with pkg-config and runs.
# Used by .ci/run; needs root (or sudo) for apt-get.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
(cd "$top" && git ls-files -z) | (cd "$top" && tar --null -cf - -T -) | tar -xf - -C "$work/src"
(cd "$work/src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc 2>/dev/null || echo 2)" \
   dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || { tail -50 "$work/build.log"; exit 1; }
ls "$work"/*.deb
if command -v lintian >/dev/null 2>&1; then
  lintian --fail-on error "$work"/*.changes
fi
debs=$(ls "$work"/*.deb | grep -v dbgsym)
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $debs >/dev/null
cd "$work"
env -i PATH=/usr/bin:/bin /usr/bin/python3 -c 'import commpolice; print("python3:", commpolice.__name__)'
env -i PATH=/usr/bin:/bin lua5.4 -e 'local cp = require "commpolice"; assert(type(cp) == "table"); print("lua5.4: ok")'
env -i PATH=/usr/bin:/bin commpolice version
env -i PATH=/usr/bin:/bin commpolice rules check national
# The installed region files and export profiles (commpolice-data) are found.
env -i PATH=/usr/bin:/bin commpolice rules check mountain_county
env -i PATH=/usr/bin:/bin commpolice demo smoke.db >/dev/null
env -i PATH=/usr/bin:/bin commpolice export smoke.db monthly --profile public --out monthly.csv
[ -s monthly.csv ] || { echo "deb-smoke: the public export wrote nothing" >&2; exit 1; }
cat > smoke.c <<'C'
#include <commpolice.h>
#include <stdio.h>
int main(void)
{
	cpol_db *db;
	if (cpol_db_open(&db, ":memory:", NULL) < 0) {
		fprintf(stderr, "%s\n", cpol_error_last()->message);
		return 1;
	}
	cpol_db_close(db);
	puts("C: ok");
	return 0;
}
C
cc smoke.c -o smoke $(pkg-config --cflags --libs commpolice)
env -i ./smoke
$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq libcommpolice0 >/dev/null
echo "deb-smoke: packages built, lintian clean of errors, installed and used"

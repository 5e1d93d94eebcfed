#!/bin/sh
# Build libcommpolice and run the demo or the tests: the README's quick start.
#
#   ./quickstart.sh demo   build, then run the main job on the embedded default
#                          (an SQLite file, demo.db, and the shipped rules)
#   ./quickstart.sh test   build, then run the whole test suite (make check)
#
# On Debian it first installs the packages the build needs, if any is
# missing (with sudo when not root). The build goes to _build/ (VPATH), so
# the source tree stays clean. PYTHON may name the interpreter the Python
# binding is built for (default: Debian's /usr/bin/python3).
set -eu
cd "$(dirname "$0")"
top=$(pwd)
what=${1:-demo}

DEBIAN_PACKAGES="build-essential autoconf automake libtool autoconf-archive pkg-config
  libsqlite3-dev libyaml-dev nettle-dev check swig python3 python3-dev python3-pytest python3-mypy
  lua5.4 liblua5.4-dev sqlite3 python3-matplotlib"

install_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  missing=""
  for p in $DEBIAN_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "quickstart: installing Debian packages:$missing"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

build() {
  install_packages
  [ -x configure ] && [ configure -nt configure.ac ] && [ configure -nt Makefile.am ] || autoreconf -fi
  mkdir -p _build
  cd _build
  [ -f Makefile ] || ../configure PYTHON="${PYTHON:-/usr/bin/python3}"
  make -j"$(nproc 2>/dev/null || echo 2)"
  cd "$top"
}

case "$what" in
  demo)
    build
    exec ./_build/commpolice demo demo.db ;;
  test|check)
    build
    cd _build
    exec make -j"$(nproc 2>/dev/null || echo 2)" check ;;
  *)
    echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

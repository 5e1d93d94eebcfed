#!/bin/sh
# Regenerate debian/libcommpolice0.symbols from a built shared library.
# Usage: build-aux/update-symbols.sh BUILDDIR [VERSION]
# Every exported symbol is listed with the first upstream version that has
# it: symbols already in the file keep their version; new ones get VERSION
# (default: the version in configure.ac). Run it when the API grows, and
# commit the result: dpkg-gensymbols then fails a package build that loses
# a symbol, which is an ABI break (Debian Policy 8.6.3).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$1
version=${2:-$(sed -n 's/^AC_INIT(\[libcommpolice\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")}
file=$top/debian/libcommpolice0.symbols
lib=$(ls "$builddir"/lib/.libs/libcommpolice.so.* | head -n 1)
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
old=$(mktemp); trap 'rm -f "$old"' EXIT
[ -f "$file" ] && cp "$file" "$old"
{
  printf '%s libcommpolice0 #MINVER#\n' "$soname"
  nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | LC_ALL=C sort |
  while read -r sym; do
    v=$(awk -v s="$sym@Base" '$1 == s {print $2}' "$old")
    printf ' %s@Base %s\n' "$sym" "${v:-$version}"
  done
} > "$file.new"
mv "$file.new" "$file"
echo "$file: $(($(wc -l < "$file") - 1)) symbols"

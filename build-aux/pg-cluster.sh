#!/bin/sh
# A throwaway PostgreSQL cluster for the tests (docs/postgresql.md, "Testing").
#
#   build-aux/pg-cluster.sh start DIR   initdb into DIR, start the server on a
#                                       Unix socket in DIR (no TCP), create the
#                                       database cpol_test, print its URI
#   build-aux/pg-cluster.sh stop DIR    stop it (DIR is left for the caller)
#
# The server refuses to run as root, so when run as root the cluster belongs
# to the user `postgres` (Debian's postgresql package creates it), or to
# $CPOL_PG_USER. The binaries come from /usr/lib/postgresql/*/bin (Debian's
# layout), the newest version first, or from $PG_BINDIR.
set -eu

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		[ -x "$d/initdb" ] && { bindir=$d; break; }
	done
fi
[ -n "$bindir" ] && [ -x "$bindir/pg_ctl" ] || { echo "$0: no PostgreSQL server binaries (Debian: postgresql)" >&2; exit 1; }

run() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "${CPOL_PG_USER:-postgres}" -- "$@"
	else
		"$@"
	fi
}

case $cmd in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ "$(id -u)" = 0 ] && chown "${CPOL_PG_USER:-postgres}" "$dir"
	run "$bindir/initdb" -D "$dir/data" -A trust -E UTF8 --locale=C.UTF-8 -U cpol >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off" start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	run "$bindir/createdb" -h "$dir" -U cpol cpol_test
	# Tests connect as the role cpol, the cluster's superuser, trusted on
	# the socket: a throwaway cluster for tests, never for data. A root
	# caller opens DIR so that its own processes reach the socket.
	[ "$(id -u)" = 0 ] && chmod 755 "$dir"
	echo "postgresql:///cpol_test?host=$dir&user=cpol"
	;;
stop)
	dir=$(cd "$dir" && pwd)
	[ -f "$dir/data/postmaster.pid" ] || exit 0
	run "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac

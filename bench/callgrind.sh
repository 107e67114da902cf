#!/usr/bin/env bash
# bench/callgrind.sh -- CPU instructions per statement, counted by valgrind
# (callgrind), which unlike time does not depend on what else a shared
# machine is doing.
#
#   bench/callgrind.sh SETUP.sql VARIANT.sql... 
#
# Builds a throwaway cluster (PG_CONFIG's server, omledger installed),
# creates the database om_callgrind with SETUP.sql, stops it, then runs each
# VARIANT.sql through a single-user backend under callgrind twice: its
# statements as they are (a file of N statements, one a line, given by the
# caller, after a first line that sets the variant up, e.g. a DISABLE
# TRIGGER) and only its first half (the set-up line and the first N/2
# statements).  The difference divided by the other N/2 is the
# instructions per statement in a warm session: the backend's start, the
# variant's set-up and everything a session does once (its first plans,
# the caches it fills, loading the library) cancel out, as they do over a
# pgbench run.  One line per variant:
#   variant<TAB>statements counted<TAB>instructions per statement
# Each variant starts from the state SETUP.sql left (a copy of the cluster).
# CALLGRIND_KEEP=DIR: keep the callgrind output files there, for
# callgrind_annotate.
set -euo pipefail
: "${PG_CONFIG:=pg_config}"
[ $# -ge 2 ] || { echo "usage: $0 SETUP.sql VARIANT.sql..." >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/test/lib/cluster.sh"
setup=$(realpath "$1"); shift
bindir=$("$PG_CONFIG" --bindir)
trap 'cluster_stop' EXIT
cluster_start
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE om_callgrind'
psql -X -q -v ON_ERROR_STOP=1 -d om_callgrind -f "$setup"
as_pg "$bindir/pg_ctl" -D "$CLUSTER_DIR/data" -w stop >/dev/null
work="$CLUSTER_DIR/work"
as_pg mkdir -p "$work"

# instructions of one single-user run of the file $2 on a copy of the data
count() {
	local name=$1 sql=$2 out
	as_pg rm -rf "$work/data"
	as_pg cp -a "$CLUSTER_DIR/data" "$work/data"
	out="$work/callgrind.$name"
	as_pg valgrind --tool=callgrind --callgrind-out-file="$out" \
		"$bindir/postgres" --single -D "$work/data" -c fsync=off om_callgrind \
		<"$sql" >"$work/$name.log" 2>&1 ||
		{ cat "$work/$name.log" >&2; return 1; }
	if grep -q 'ERROR' "$work/$name.log"; then
		grep -m3 'ERROR' "$work/$name.log" >&2
		return 1
	fi
	sed -n 's/^summary: \([0-9]*\).*/\1/p' "$out"
	if [ -n "${CALLGRIND_KEEP:-}" ]; then
		mkdir -p "$CALLGRIND_KEEP"
		cp "$out" "$CALLGRIND_KEEP/"
	fi
}
for v in "$@"; do
	name=$(basename "$v" .sql)
	n=$(($(wc -l <"$v") - 1))
	half=$((n / 2))
	head -$((1 + half)) "$v" >"$work/$name.head.sql"
	full=$(count "$name.full" "$(realpath "$v")")
	base=$(count "$name.head" "$work/$name.head.sql")
	printf '%s\t%d\t%d\n' "$name" $((n - half)) $(((full - base) / (n - half)))
done

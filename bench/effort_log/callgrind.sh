#!/usr/bin/env bash
# bench/effort_log/callgrind.sh -- the CPU instructions of one effort entry,
# with and without the caps: a count that, unlike tps or CPU time, does not
# depend on what else the machine is doing.
#
#   PG_CONFIG=... [N=2000] [QUICK=1] [BENCH_RESULTS=file] \
#     bench/effort_log/callgrind.sh
#
# Needs valgrind and the omledger installed for PG_CONFIG (it builds
# nothing).  Makes a throwaway cluster (initdb into a temporary directory,
# run as user postgres when started as root), loads setup.sql's fixture
# into om_bench, stops it; then, for the bare table and for effort_log with
# the caps, runs a single-user backend under valgrind --tool=callgrind
# executing 200 and 200 + N prepared one-row inserts (insert_bare.sql and
# insert_c.sql as prepared statements, one transaction each), each run on a
# fresh copy of the data directory.  (Ir(200 + N) - Ir(200)) / N is one
# insert: start-up, the prepare and the first inserts' cache misses cancel
# out.  Prints both and their ratio; with BENCH_RESULTS set, appends
#   effort_log_instructions  c_insert  1  Ir  instr/insert  bare_insert  Ir  bare/c
# (the ratio is bare over caps: higher is better, 1 would be free).  QUICK=1:
# N=200.  The callgrind profiles stay in $OUT (default a temporary
# directory, removed) for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")"
: "${PG_CONFIG:=pg_config}"
N=${N:-2000}
[ "${QUICK:-0}" = 1 ] && N=200	# QUICK=0 is a full run
BASE=200
BIN=$("$PG_CONFIG" --bindir)
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }

work=$(mktemp -d /tmp/om_callgrind.XXXXXX)
keep=${OUT:-}
OUT=${OUT:-$work/out}
mkdir -p "$OUT"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
	as_pg "$BIN/pg_ctl" -D "$work/src" -m immediate stop >/dev/null 2>&1 || true
	[ -n "$keep" ] || rm -rf "$work"
	[ -z "$keep" ] || rm -rf "$work/src" "$work/run"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$work" "$OUT"

as_pg "$BIN/initdb" -D "$work/src" -A trust -U postgres >/dev/null
cat >> "$work/src/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$work'
port = 5432
CONF
as_pg "$BIN/pg_ctl" -D "$work/src" -l "$work/log" -w start >/dev/null
PGHOST=$work PGPORT=5432 PGUSER=postgres "$BIN/createdb" om_bench
PGHOST=$work PGPORT=5432 PGUSER=postgres "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -d om_bench \
	-f setup.sql >/dev/null
as_pg "$BIN/pg_ctl" -D "$work/src" -w stop >/dev/null

# ir VARIANT COUNT: the instructions of a single-user backend running COUNT inserts
ir() {
	local v=$1 n=$2 in=$work/in_$1_$2.sql
	sed -n 's/^\(INSERT.*\)/PREPARE p AS \1/p; /^SELECT/p' "insert_$v.sql" | tr '\n' ' ' > "$in"
	echo >> "$in"
	for _ in $(seq "$n"); do echo "EXECUTE p;"; done >> "$in"
	rm -rf "$work/run"
	cp -a "$work/src" "$work/run"
	[ "$(id -u)" = 0 ] && chown postgres "$in"
	as_pg valgrind --tool=callgrind --callgrind-out-file="$OUT/$v.$n.callgrind" \
		"$BIN/postgres" --single -D "$work/run" -c synchronous_commit=off -c autovacuum=off \
		om_bench < "$in" > "$OUT/$v.$n.log" 2> "$OUT/$v.$n.err"
	if grep -q ERROR "$OUT/$v.$n.log"; then
		echo "inserts failed: $(grep -m1 ERROR "$OUT/$v.$n.log")" >&2
		exit 1
	fi
	sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$OUT/$v.$n.err"
}
declare -A PER
for v in bare c; do
	a=$(ir "$v" "$BASE")
	b=$(ir "$v" $((BASE + N)))
	PER[$v]=$(( (b - a) / N ))
done
ratio=$(echo "scale=4; ${PER[bare]} / ${PER[c]}" | bc | xargs printf "%.3f")
echo "# instructions per one-row insert (callgrind, $N inserts): bare ${PER[bare]}, caps ${PER[c]} (+$(( PER[c] - PER[bare] ))), bare/caps $ratio"
if [ -n "${BENCH_RESULTS:-}" ]; then
	printf 'effort_log_instructions\tc_insert\t1\t%s\tinstr/insert\tbare_insert\t%s\t%s\n' \
		"${PER[c]}" "${PER[bare]}" "$ratio" >> "$BENCH_RESULTS"
fi

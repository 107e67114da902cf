#!/usr/bin/env bash
# bench/effort_log/run.sh -- the cost of the effort caps, in one run.
#
#   PGHOST=... PGPORT=... [PGUSER=postgres] [DURATION=20] [ROUNDS=3] \
#     [BULK_ROWS=1000000] bench/effort_log/run.sh
#
# Needs a running server with omledger installed (it starts nothing); it
# creates (and drops) the database om_bench.  Measures, with
# synchronous_commit = on:
#   1. pgbench, one effort entry per transaction, at 1 and 8 clients, into
#      effort_log with the C cap trigger, into a copy of it without any
#      trigger, and into a copy with the equivalent per-row PL/pgSQL trigger;
#      ROUNDS rounds, the three variants alternating, the median reported
#      (a shared machine drifts by tens of percent from run to run);
#   2. when the server runs on this machine and its postmaster's /proc entry
#      is readable: the server CPU per transaction (the CPU time of the
#      backends, which the postmaster collects as they exit, over the
#      transactions committed) -- unlike tps, it does not depend on what
#      else the machine is doing;
#   3. a bulk load of BULK_ROWS historical rows via COPY and via
#      INSERT ... SELECT, with and without the caps.  (The PL/pgSQL trigger
#      is left out of the bulk runs: upserting the same few summary rows a
#      million times in one transaction grows their version chains without
#      bound, and it takes hours.)
# Prints a markdown table for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")"
. ../results.sh
DURATION=${DURATION:-20}
BULK_ROWS=${BULK_ROWS:-1000000}
DB=om_bench
export PGOPTIONS="-c synchronous_commit=on"

psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
now() { date +%s.%N; }

dropdb --if-exists "$DB"
createdb "$DB"
psql_q -f setup.sql >/dev/null

ROUNDS=${ROUNDS:-3}
. ../server_cpu.sh
server_cpu_init "$DB"
declare -A TPS CPU PAIRED
echo "# pgbench: ${DURATION}s per run, $ROUNDS rounds, synchronous_commit=on, server $(psql_q -Atc 'SHOW server_version'), fsync $(psql_q -Atc 'SHOW fsync'), shared_buffers $(psql_q -Atc 'SHOW shared_buffers')" >&2
for clients in 1 8; do
	declare -A tps_runs=() cpu_runs=()
	for round in $(seq "$ROUNDS"); do
		# empty tables each round: bench.n repeats (item, person, day) after 3.36M entries
		psql_q -c "TRUNCATE omledger.effort_log, bench.bare, bench.plpgsql, bench.plpgsql_total" -c "ALTER SEQUENCE bench.n RESTART" >/dev/null
		for v in bare c plpgsql; do
			cpu=
			t0=$(child_ticks)
			out=$(pgbench -n -M prepared -c "$clients" -j "$clients" -T "$DURATION" \
					-f "insert_$v.sql" "$DB" 2>&1)
			t1=$(child_ticks)
			tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
			n=$(echo "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p')
			tps_runs[$v]+="$tps "
			cpu=$(cpu_per_xact "$t0" "$t1" "${n:-0}")
			[ -n "$cpu" ] && cpu_runs[$v]+="$cpu "
			echo "#   round $round, $v, $clients clients: $tps tps${cpu:+, $cpu µs server CPU per transaction}" >&2
		done
	done
	for v in bare c plpgsql; do
		TPS[$v.$clients]=$(echo "${tps_runs[$v]}" | tr ' ' '\n' | grep . | median)
		CPU[$v.$clients]=$(echo "${cpu_runs[$v]:-}" | tr ' ' '\n' | grep . | median || true)
	done
	# each round's C ÷ bare: the variants of a round ran a minute apart,
	# so a machine that drifts between rounds moves both
	PAIRED[$clients]=$(paste -d' ' <(echo "${tps_runs[c]}" | tr ' ' '\n' | grep .) \
		<(echo "${tps_runs[bare]}" | tr ' ' '\n' | grep .) |
		awk '{ printf "%.3f\n", $1 / $2 }' | tr '\n' ' ')
	unset tps_runs cpu_runs
done
psql_q -Atc "SELECT count(*) FROM omledger.caps_verify()" | grep -qx 0 ||
	{ echo "running totals differ from effort_log after pgbench" >&2; exit 1; }

# Bulk: the same BULK_ROWS rows into an empty table each time.
data=$(mktemp /tmp/om_bench_data.XXXXXX)
trap 'rm -f "$data"; dropdb --if-exists "$DB"' EXIT
psql_q -c "\\copy (SELECT bench.item(g), bench.person(g), bench.day(g), '1h' FROM generate_series(0, $BULK_ROWS - 1) g) TO '$data'"
declare -A BULK
bulk() {	# bulk NAME TABLE METHOD
	local name=$1 table=$2 method=$3 t0 t1
	psql_q -c "TRUNCATE omledger.effort_log, bench.bare, bench.plpgsql, bench.plpgsql_total" -c "CHECKPOINT"
	t0=$(now)
	if [ "$method" = copy ]; then
		psql_q -c "\\copy $table (item_id, person_id, work_date, effort) FROM '$data'"
	else
		psql_q -c "INSERT INTO $table (item_id, person_id, work_date, effort)
		           SELECT bench.item(g), bench.person(g), bench.day(g), '1h'
		             FROM generate_series(0, $BULK_ROWS - 1) g"
	fi
	t1=$(now)
	BULK[$name.$method]=$(echo "$t1 - $t0" | bc)
	echo "#   bulk $method into $name: ${BULK[$name.$method]} s" >&2
}
for m in copy insert; do
	bulk bare bench.bare $m
	bulk c omledger.effort_log $m
	psql_q -Atc "SELECT count(*) FROM omledger.caps_verify()" | grep -qx 0 ||
		{ echo "running totals differ from effort_log after bulk $m" >&2; exit 1; }
done

for c in 1 8; do
	bench_result caps "effort_log insert, C cap trigger" $c "${TPS[c.$c]}" tps "bare table, no trigger" "${TPS[bare.$c]}"
	bench_result caps "effort_log insert, PL/pgSQL trigger" $c "${TPS[plpgsql.$c]}" tps "bare table, no trigger" "${TPS[bare.$c]}"
	bench_result caps "effort_log insert, C cap trigger" $c "${TPS[c.$c]}" tps "PL/pgSQL trigger" "${TPS[plpgsql.$c]}"
done
bench_result caps "COPY of $BULK_ROWS rows, C cap trigger" 1 "${BULK[c.copy]}" s "COPY, bare table" "${BULK[bare.copy]}"
bench_result caps "INSERT SELECT of $BULK_ROWS rows, C cap trigger" 1 "${BULK[c.insert]}" s "INSERT SELECT, bare table" "${BULK[bare.insert]}"
r() { echo "scale=2; $1 / $2" | bc; }
cat <<TABLE
| inserts (pgbench, 1 row per transaction) | 1 client tps | 8 clients tps |
|---|---|---|
| bare effort_log (no trigger) | ${TPS[bare.1]} | ${TPS[bare.8]} |
| C cap trigger | ${TPS[c.1]} ($(r "${TPS[c.1]}" "${TPS[bare.1]}")× bare) | ${TPS[c.8]} ($(r "${TPS[c.8]}" "${TPS[bare.8]}")× bare) |
| PL/pgSQL per-row trigger | ${TPS[plpgsql.1]} ($(r "${TPS[plpgsql.1]}" "${TPS[bare.1]}")× bare) | ${TPS[plpgsql.8]} ($(r "${TPS[plpgsql.8]}" "${TPS[bare.8]}")× bare) |
| C ÷ PL/pgSQL | $(r "${TPS[c.1]}" "${TPS[plpgsql.1]}")× | $(r "${TPS[c.8]}" "${TPS[plpgsql.8]}")× |
TABLE
for c in 1 8; do
	echo
	echo "C ÷ bare round by round at $c client(s): ${PAIRED[$c]}(median $(echo "${PAIRED[$c]}" | tr ' ' '\n' | grep . | median))"
done
if [ -n "${CPU[bare.8]:-}" ]; then
	cat <<TABLE

| server CPU per transaction (µs, median) | 1 client | 8 clients |
|---|---|---|
| bare effort_log (no trigger) | ${CPU[bare.1]} | ${CPU[bare.8]} |
| C cap trigger | ${CPU[c.1]} (+$(r "(${CPU[c.1]} - ${CPU[bare.1]}) * 100" "${CPU[bare.1]}") %) | ${CPU[c.8]} (+$(r "(${CPU[c.8]} - ${CPU[bare.8]}) * 100" "${CPU[bare.8]}") %) |
| PL/pgSQL per-row trigger | ${CPU[plpgsql.1]} (+$(r "(${CPU[plpgsql.1]} - ${CPU[bare.1]}) * 100" "${CPU[bare.1]}") %) | ${CPU[plpgsql.8]} (+$(r "(${CPU[plpgsql.8]} - ${CPU[bare.8]}) * 100" "${CPU[bare.8]}") %) |
TABLE
fi
cat <<TABLE

| bulk load of $BULK_ROWS rows | COPY | INSERT … SELECT |
|---|---|---|
| bare (no trigger) | ${BULK[bare.copy]} s | ${BULK[bare.insert]} s |
| C cap trigger | ${BULK[c.copy]} s ($(r "${BULK[c.copy]}" "${BULK[bare.copy]}")× bare) | ${BULK[c.insert]} s ($(r "${BULK[c.insert]}" "${BULK[bare.insert]}")× bare) |
TABLE

#!/usr/bin/env bash
# bench/reports_bi.sh -- do the reports scale with the period, not the
# history?  Each query of bench/reports_bi.queries (one month, or one week,
# of one contract: the weekly inventory, the incident statistics, the BI
# views) is timed on a history of 1x and of 10x (bench/history_gen.sql:
# 1x = one city's ten years, 100,000 work items and about 975,000 effort
# rows; 10x = ten such cities in one database).  Goal: the time at 10x
# within 1.5x of the time at 1x.  The baseline is the same query at 1x, in
# the same run.
#
# Against the server in PGHOST/PGPORT (omledger installed), as a superuser:
#   bench/reports_bi.sh                  generate both histories, measure, drop them
#   KEEP_DB=1 bench/reports_bi.sh        keep the databases and reuse them next time
#   QUICK=1 bench/reports_bi.sh          a smoke run: 200 items per contract, one round
# Settings: SCALES ("1 10"), PER_CONTRACT (20000 items per contract),
# ROUNDS (5: the scales alternate within each round, so that load on the
# machine hits both alike), RUNS (7 timed runs per round after one
# warm-up; the round keeps the best), QUERIES (the list file).
# Each time is the median over rounds of the per-round best, measured
# inside the server (clock_timestamp() around EXECUTE, planning included,
# every column of every row turned into text so nothing is skipped).  The
# best of a round, not its median: on a shared machine the other jobs
# only ever add time, and the best run is the query's own cost.
# With BENCH_RESULTS set, appends one line per query:
#   reports_bi <TAB> <query>@10x <TAB> 1 <TAB> ms <TAB> ms <TAB> <query>@1x <TAB> ms <TAB> ratio
# ratio = time at 1x / time at 10x (higher is better; the goal is >= 0.67).
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
	PER_CONTRACT=${PER_CONTRACT:-200}
	ROUNDS=${ROUNDS:-1}
	RUNS=${RUNS:-2}
fi
SCALES=${SCALES:-1 10}
PER_CONTRACT=${PER_CONTRACT:-20000}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-7}
QUERIES=${QUERIES:-bench/reports_bi.queries}
KEEP_DB=${KEEP_DB:-0}
# the measured contract: lineage 1's fifth contract, running in the
# history's last month; October 2026 (a full month before the end)
CONTRACT=5
MONTH=2026-10
MONTH_START=2026-10-01
WEEK_OF=2026-10-14

db_of() { echo "om_bench_reports_${1}x_${PER_CONTRACT}"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$@"; }

cleanup() {
	[ "$KEEP_DB" = 1 ] && return 0
	local s
	for s in $SCALES; do dropdb --if-exists "$(db_of "$s")" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

for s in $SCALES; do
	db=$(db_of "$s")
	if [ "$KEEP_DB" = 1 ] && psql -X -At -d "$db" -c "SELECT 1 FROM bench.param" >/dev/null 2>&1; then
		echo "# reusing $db"
		continue
	fi
	dropdb --if-exists "$db" >/dev/null
	createdb "$db"
	psql_db "$db" -c "CREATE EXTENSION omledger"
	start=$(date +%s)
	psql_db "$db" -v scale="$s" -v per_contract="$PER_CONTRACT" -f bench/history_gen.sql | sed 's/^/# /'
	echo "# generated ${s}x ($PER_CONTRACT items per contract) in $(( $(date +%s) - start )) s"
done

for s in $SCALES; do
	psql_db "$(db_of "$s")" <<'SQL'
DROP FUNCTION IF EXISTS bench.time_ms(text, integer);
CREATE FUNCTION bench.time_ms(q text, runs integer) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	ms numeric[] := '{}';
	n bigint;
BEGIN
	-- q comes from the benchmark's own list, not from a user
	EXECUTE format('SELECT sum(length(x::text)) FROM (%s) AS x', q) INTO n;
	FOR i IN 1..runs LOOP
		t0 := clock_timestamp();
		EXECUTE format('SELECT sum(length(x::text)) FROM (%s) AS x', q) INTO n;
		ms := ms || (extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric;
	END LOOP;
	RETURN (SELECT min(v) FROM unnest(ms) AS v);
END $$;
SQL
done

names=()
sqls=()
while IFS=$'\t' read -r name sql; do
	case "$name" in ''|'#'*) continue ;; esac
	sql=${sql//\{contract\}/$CONTRACT}
	sql=${sql//\{month\}/$MONTH}
	sql=${sql//\{month_start\}/$MONTH_START}
	sql=${sql//\{week_of\}/$WEEK_OF}
	names+=("$name")
	sqls+=("$sql")
done <"$QUERIES"

declare -A times
for ((r = 1; r <= ROUNDS; r++)); do
	for i in "${!names[@]}"; do
		for s in $SCALES; do
			t=$(printf '%s' "${sqls[$i]}" | psql -X -At -v ON_ERROR_STOP=1 -d "$(db_of "$s")" \
				-c "SELECT bench.time_ms(\$bench\$$(cat)\$bench\$, $RUNS)")
			times[$i,$s]="${times[$i,$s]:-} $t"
		done
	done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

first=${SCALES%% *}
last=${SCALES##* }
printf '%-26s' "query (ms)"
for s in $SCALES; do printf '%12s' "${s}x"; done
printf '%14s\n' "${first}x/${last}x"
for i in "${!names[@]}"; do
	printf '%-26s' "${names[$i]}"
	for s in $SCALES; do printf '%12.2f' "$(echo "${times[$i,$s]}" | median)"; done
	base=$(echo "${times[$i,$first]}" | median)
	value=$(echo "${times[$i,$last]}" | median)
	ratio=$(awk -v b="$base" -v v="$value" 'BEGIN { printf "%.2f", (v > 0 ? b / v : 0) }')
	printf '%14s\n' "$ratio"
	if [ -n "${BENCH_RESULTS:-}" ]; then
		printf 'reports_bi\t%s@%sx\t1\t%s\tms\t%s@%sx\t%s\t%s\n' "${names[$i]}" "$last" "$value" \
			"${names[$i]}" "$first" "$base" "$ratio" >>"$BENCH_RESULTS"
	fi
done

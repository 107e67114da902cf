#!/usr/bin/env bash
# bench/reports_history.sh -- does the monthly report scale with the month,
# not with the history?  One run, one baseline.
#
#   PGHOST=... PGPORT=... [PGUSER=postgres] [EXTRA=200000] [RUNS=7] bench/reports_history.sh
#
# Needs a running server with omledger installed (it starts nothing); it
# creates (and drops) the database om_bench_reports_history.  Loads the demo
# data set (demo/data/*.sql: one contract, six months, ~150 work items) and
# times monthly_report_document(contract, '2026-02', 'html') -- the median
# of RUNS calls, each in its own psql -- as the baseline ("1x"); then adds
# EXTRA closed work items of the contract's first months (as a superuser's
# COPY, the way pg_restore loads history: no events, no effort) and times
# it again ("with history").  Higher is better for the ratio
# baseline / with-history (1.0: the extra history costs nothing).  This is
# the history of work items only; the ten-year generator with effort and
# events is a benchmark of its own.  QUICK=1: EXTRA=20000, RUNS=3.
# With BENCH_RESULTS naming a file, appends one tab-separated line per case
# (benchmark, case, clients, value, unit, baseline case, baseline value,
# ratio).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${BENCH_DB:-om_bench_reports_history}
EXTRA=${EXTRA:-200000}
RUNS=${RUNS:-7}
if [ "${QUICK:-0}" = 1 ]; then EXTRA=20000; RUNS=3; fi
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

dropdb --if-exists "$DB" >/dev/null 2>&1 || true
createdb "$DB"
psql_q -c 'CREATE EXTENSION omledger'
cat "$ROOT"/demo/data/*.sql | psql_q >/dev/null
contract=$(psql_q -At -c 'SELECT min(contract_id) FROM omledger.contract')

median_ms() {
	psql_q -c 'VACUUM ANALYZE' >/dev/null
	psql_q -At -c "SELECT length(omledger.monthly_report_document($contract, '2026-02', 'html'))" >/dev/null
	local i s e
	for i in $(seq 1 "$RUNS"); do
		s=$(date +%s%N)
		psql_q -At -c "SELECT length(omledger.monthly_report_document($contract, '2026-02', 'html'))" >/dev/null
		e=$(date +%s%N)
		echo $(((e - s) / 1000))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f\n", v[int((NR + 1) / 2)] / 1000 }'
}

base=$(median_ms)
items_before=$(psql_q -At -c 'SELECT count(*) FROM omledger.work_item')
psql_q -c "COPY (SELECT $contract, 'service_request', 'investigation', 'history ' || g, 'closed', t, t + interval '1 day', t
                   FROM generate_series(1, $EXTRA) g,
                        LATERAL (SELECT timestamptz '2025-10-01 09:00+09' + (g % 120) * interval '1 day' AS t) x)
           TO STDOUT" |
	psql_q -c 'COPY omledger.work_item (contract_id, kind, sub_kind, title, status, requested_at, status_changed_at, content_changed_at) FROM STDIN'
items_after=$(psql_q -At -c 'SELECT count(*) FROM omledger.work_item')
with=$(median_ms)
ratio=$(awk -v b="$base" -v w="$with" 'BEGIN { printf "%.2f", b / w }')

echo "| case | work items | monthly_report_document (html), median of $RUNS | baseline / this |"
echo "|---|---:|---:|---:|"
echo "| 1x (demo data) | $items_before | $base ms | 1.00 |"
echo "| with history | $items_after | $with ms | $ratio |"
if [ -n "${BENCH_RESULTS:-}" ]; then
	printf 'reports_history\t1x\t1\t%s\tms\t1x\t%s\t1.00\n' "$base" "$base" >>"$BENCH_RESULTS"
	printf 'reports_history\twith_history_%s_items (higher ratio is better)\t1\t%s\tms\t1x\t%s\t%s\n' \
		"$EXTRA" "$with" "$base" "$ratio" >>"$BENCH_RESULTS"
fi
dropdb "$DB"

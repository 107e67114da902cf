#!/usr/bin/env bash
# bench/encoding.sh -- what the encoding boundary (src/encoding.c) costs.
#
# In one run, against the server in PGHOST/PGPORT (omledger installed), the
# same queries in a UTF8 database (no conversion: the baseline) and an
# EUC_JP one (every result converted from the core's UTF-8):
#   to_wareki        count(to_wareki(d)) over N dates (Japanese output)
#   wareki_date      count(wareki_date(t)) over N wareki texts (Japanese input)
#   fiscal_period    count(p::text) of N months in the wareki style
#   date_text        count(d::text) over the same dates (no omledger: the
#                    cost of the query itself)
# Each query runs ROUNDS times (default 7), the two databases alternating;
# the best time of each is printed.
#
#   bench/encoding.sh            # or: N=200000 ROUNDS=9 bench/encoding.sh
set -euo pipefail
. "$(dirname "$0")/results.sh"
N=${N:-1000000}
ROUNDS=${ROUNDS:-7}
dbs=(om_bench_enc_utf8 om_bench_enc_eucjp)
trap 'for d in "${dbs[@]}"; do dropdb --if-exists "$d" >/dev/null; done' EXIT
createdb_enc() {
	dropdb --if-exists "$1" >/dev/null
	psql -X -q -d postgres -c "CREATE DATABASE $1 ENCODING '$2' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
	PGCLIENTENCODING=UTF8 psql -X -q -v ON_ERROR_STOP=1 -d "$1" <<SQL
CREATE EXTENSION omledger;
CREATE TABLE wareki_text AS
SELECT omledger.to_wareki(d::date) AS t FROM generate_series('1900-01-01'::date, '1900-01-01'::date + ($N - 1), '1 day') d;
VACUUM ANALYZE wareki_text;
SQL
}
createdb_enc om_bench_enc_utf8 UTF8
createdb_enc om_bench_enc_eucjp EUC_JP

declare -A query=(
	[to_wareki]="SELECT count(omledger.to_wareki(d::date)) FROM generate_series('1900-01-01'::date, '1900-01-01'::date + ($N - 1), '1 day') d"
	[wareki_date]="SELECT count(omledger.wareki_date(t)) FROM wareki_text"
	[fiscal_period]="SET omledger.period_style = wareki; SELECT count(p::text) FROM omledger.fiscal_periods(daterange('1873-04-01', '9999-03-31'), 'month') p, generate_series(1, ($N / 97500) + 1) g"
	[date_text]="SELECT count(d::date::text) FROM generate_series('1900-01-01'::date, '1900-01-01'::date + ($N - 1), '1 day') d"
)
declare -A best
for ((r = 0; r < ROUNDS; r++)); do
	for q in to_wareki wareki_date fiscal_period date_text; do
		for d in "${dbs[@]}"; do
			t=$(PGCLIENTENCODING=UTF8 psql -X -q -d "$d" -c '\timing on' -c "${query[$q]}" |
				sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n 1)
			k="$q $d"
			if [ -z "${best[$k]:-}" ] || awk "BEGIN { exit !($t < ${best[$k]}) }"; then
				best[$k]=$t
			fi
		done
	done
done
printf '%-14s %12s %12s\n' query "UTF8 (ms)" "EUC_JP (ms)"
for q in to_wareki wareki_date fiscal_period date_text; do
	printf '%-14s %12s %12s\n' "$q" "${best[$q om_bench_enc_utf8]}" "${best[$q om_bench_enc_eucjp]}"
done
for q in to_wareki wareki_date fiscal_period date_text; do
	bench_result encoding "$q, EUC_JP database (converted)" 1 "${best[$q om_bench_enc_eucjp]}" ms "UTF8 database" "${best[$q om_bench_enc_utf8]}"
done

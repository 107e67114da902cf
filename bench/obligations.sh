#!/usr/bin/env bash
# bench/obligations.sh -- what expanding the routine menu tasks costs.
#
# menu_tasks_expected() expands the menu's schedules over a range and
# matches each expected date with the menu-task item done that day.  Its
# first version searched the items once per expected date (a correlated
# LATERAL: dates x items); the current one reads the items once and joins
# them to the dates by (code, day).  Both run here on the same data, in the
# same session: the baseline is the first version, created as
# public.mte_per_date (bench/obligations_baseline.sql).
#
# Data: one contract (term 2025-10-01 .. 2027-12-31), MENU menu items due
# every open day (default 10), one menu-task item per item and open day of
# the first year (MENU x 240 items), whole-term expansion (about MENU x 560
# expected dates).  ROUNDS calls of each (default 5), alternating; the
# median time of a call, in ms.  Against the server in PGHOST/PGPORT
# (omledger installed); creates and drops the database om_bench_obligations
# and the group roles if it had to create them.  QUICK=1: MENU=2, ROUNDS=1.
#
#   bench/obligations.sh                 # or: MENU=20 ROUNDS=9 bench/obligations.sh
#   BENCH_RESULTS=file bench/obligations.sh   # appends the tab-separated line
set -euo pipefail
cd "$(dirname "$0")"
DB=${BENCH_DB:-om_bench_obligations}
MENU=${MENU:-10}
ROUNDS=${ROUNDS:-5}
if [ -n "${QUICK:-}" ]; then MENU=2; ROUNDS=1; fi
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

dropdb --if-exists "$DB" >/dev/null
createdb "$DB"
created_groups=$(psql -X -At -d "$DB" -c "SELECT count(*) = 0 FROM pg_roles WHERE rolname LIKE 'omledger\_%'")
cleanup() {
	dropdb --if-exists "$DB" >/dev/null
	psql -X -q -d postgres -c 'DROP ROLE IF EXISTS om_bench_obl_city' >/dev/null
	if [ "$created_groups" = t ]; then
		psql -X -q -d postgres -c 'DROP ROLE IF EXISTS omledger_admin, omledger_city, omledger_contractor, omledger_reader, omledger_intake' >/dev/null
	fi
}
trap cleanup EXIT
psql_q >/dev/null <<SQL
SET client_min_messages = warning;
CREATE EXTENSION omledger;
SELECT count(*) FROM omledger.create_roles();
DROP ROLE IF EXISTS om_bench_obl_city;
CREATE ROLE om_bench_obl_city NOLOGIN IN ROLE omledger_city;
SET search_path = omledger, public;
INSERT INTO contract (name, contractor, roles, term) VALUES ('bench', 'K', '{operator}', '[2025-10-01,2028-01-01)');
INSERT INTO person (contract_id, name, side, db_role, registered) VALUES (1, 'City', 'city', 'om_bench_obl_city', '[2025-01-01,)');
SET ROLE om_bench_obl_city;
INSERT INTO menu_item (contract_id, code, title, performer, valid, schedule)
SELECT 1, 'D' || g, 'daily ' || g, 'operator', '[2025-10-01,)', 'open_day' FROM generate_series(1, $MENU) g;
INSERT INTO work_item (contract_id, kind, menu_item_id, title, status, requested_at, scheduled_at)
SELECT 1, 'menu_task', m.menu_item_id, m.title, 'scheduled', d + time '09:00', d + time '09:00'
  FROM menu_item m, generate_series('2025-10-01'::date, '2026-09-30', '1 day') d
 WHERE is_open_day(d::date);
RESET ROLE;
ANALYZE;
SQL
psql_q -f obligations_baseline.sql
# one call's time in ms, from inside the server (no client round trip)
times=$(psql_q -At <<SQL
CREATE FUNCTION pg_temp.ms(f text) RETURNS numeric LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; n bigint;
BEGIN
  t0 := clock_timestamp();
  EXECUTE format('SELECT count(*) FROM %s(1, %L, %L, %L)', f, '2025-10-01', '2027-12-31', '2030-01-01') INTO n;
  RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END \$\$;
SELECT 'rows', (SELECT count(*) FROM omledger.menu_tasks_expected(1, '2025-10-01', '2027-12-31', '2030-01-01')),
       (SELECT count(*) FROM public.mte_per_date(1, '2025-10-01', '2027-12-31', '2030-01-01'));
SELECT 'same', NOT EXISTS ((SELECT * FROM omledger.menu_tasks_expected(1, '2025-10-01', '2027-12-31', '2030-01-01')
                            EXCEPT SELECT * FROM public.mte_per_date(1, '2025-10-01', '2027-12-31', '2030-01-01'))
                           UNION ALL
                           (SELECT * FROM public.mte_per_date(1, '2025-10-01', '2027-12-31', '2030-01-01')
                            EXCEPT SELECT * FROM omledger.menu_tasks_expected(1, '2025-10-01', '2027-12-31', '2030-01-01')));
SELECT 'ms', g, pg_temp.ms('omledger.menu_tasks_expected'), pg_temp.ms('public.mte_per_date')
  FROM generate_series(1, $ROUNDS) g;
SQL
)
echo "$times" | grep -v '^ms' | tr '|' ' '
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
new=$(echo "$times" | awk -F'|' '$1 == "ms" { print $3 }' | median)
old=$(echo "$times" | awk -F'|' '$1 == "ms" { print $4 }' | median)
ratio=$(awk -v n="$new" -v o="$old" 'BEGIN { printf "%.1f", o / n }')
printf 'menu_tasks_expected, %s daily menu items, whole term: %.1f ms a call (per-date search: %.1f ms), %sx faster\n' "$MENU" "$new" "$old" "$ratio"
if [ -n "${BENCH_RESULTS:-}" ]; then
	printf 'obligations\tmenu_tasks_expected_%s_items_lower_is_better\t1\t%.1f\tms\tper_date_search\t%.1f\t%s\n' \
		"$MENU" "$new" "$old" "$ratio" >> "$BENCH_RESULTS"
fi

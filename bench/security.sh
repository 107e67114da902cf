#!/usr/bin/env bash
# bench/security.sh -- what row-level security costs a contractor.
#
# In one run, against the server in PGHOST/PGPORT (omledger installed, on
# this machine for the CPU column; it creates and drops the database
# om_bench_security, and the group roles if it had to create them):
#   effort   one effort entry per transaction into omledger.effort_log (the
#            policy calls roster_item() for the new row; the cap trigger's
#            one-row path)
#   status   one status change per transaction of a random failure item out
#            of ITEMS (investigating <-> mitigated; the workflow trigger's
#            queries each carry the policies of the tables they read)
# each as the same member of omledger_contractor (SET ROLE through
# PGOPTIONS), once NOBYPASSRLS (the policies apply) and once BYPASSRLS (they
# do not): same grants, same triggers, the policies the only difference.
# pgbench, CLIENTS clients (default "1 8"), DURATION s (default 10), ROUNDS
# rounds (default 3) alternating the two; medians of tps and of the server
# CPU per transaction (the backends' CPU time, which the postmaster collects
# as they exit, over the transactions committed).
#
#   bench/security.sh            # or: DURATION=20 ROUNDS=5 bench/security.sh
#   WORKLOADS=effort ...         # one workload only
#   KEEP=1 ...                   # keep the database (and roles) to look at
set -euo pipefail
. "$(dirname "$0")/results.sh"
DB=${BENCH_DB:-om_bench_security}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-1 8}
ITEMS=${ITEMS:-1000}
WORKLOADS=${WORKLOADS:-effort status}
WORKER=om_bench_worker
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

dropdb --if-exists "$DB" >/dev/null
psql -X -q -d postgres -c "DROP ROLE IF EXISTS $WORKER" >/dev/null   # (left by KEEP=1)
createdb "$DB"
created_groups=$(psql -X -At -d "$DB" -c "SELECT count(*) = 0 FROM pg_roles WHERE rolname LIKE 'omledger\_%'")
cleanup() {
	rm -f /tmp/om_bench_sec_*.$$
	dropdb --if-exists "$DB" >/dev/null
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS $WORKER" >/dev/null
	if [ "$created_groups" = t ]; then
		psql -X -q -d postgres -c 'DROP ROLE IF EXISTS omledger_admin, omledger_city, omledger_contractor, omledger_reader, omledger_intake' >/dev/null
	fi
}
[ -n "${KEEP:-}" ] || trap cleanup EXIT
psql_q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION omledger;
SELECT count(*) FROM omledger.create_roles();
CREATE ROLE $WORKER NOLOGIN IN ROLE omledger_contractor;
SET search_path = omledger, public;
INSERT INTO contract (name, contractor, roles, term) VALUES ('bench', 'K', '{operator}', '[2025-10-01,2028-01-01)');
INSERT INTO contract (name, contractor, roles, term) SELECT 'other ' || g, 'K' || g, '{operator}', '[2025-10-01,2028-01-01)' FROM generate_series(2, 20) g;
UPDATE effort_cap SET amount = '100000pm', enforcement = 'hard';
INSERT INTO person (contract_id, name, side, registered) VALUES (1, 'City', 'city', '[2025-04-01,)'), (1, 'City 2', 'city', '[2025-04-01,)');
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (1, 'Worker', 'contractor', '$WORKER', '[2025-04-01,)', '2025-03-01', '{worker}');
INSERT INTO person (contract_id, name, side, registered, approved_on)
SELECT 1 + g % 20, 'worker ' || g, 'contractor', '[2025-04-01,)', '2025-03-01' FROM generate_series(1, 1000) g;
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at)
SELECT 1, 'failure_recovery', 'recovery_procedure', 'bench ' || i, 'reported', '2026-01-05 10:00+09', 1, '2026-01-05 10:00+09'
FROM generate_series(1, $ITEMS) i;
INSERT INTO work_item (contract_id, kind, title, status, occurred_at)
SELECT c, 'failure_recovery', 'other ' || c, 'reported', '2026-01-05 10:00+09' FROM generate_series(2, 20) c, generate_series(1, 50);
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
SELECT 1, item_id, 'procedure', 2, 'approved', '2026-01-05 10:30+09' FROM work_item WHERE contract_id = 1;
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-01-05 10:05+09' WHERE contract_id = 1;
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-01-05 11:00+09' WHERE contract_id = 1;
CREATE SEQUENCE public.bench_n;
GRANT USAGE ON SEQUENCE public.bench_n TO $WORKER;
VACUUM ANALYZE;
SQL
worker_person=$(psql_q -Atc "SELECT person_id FROM omledger.person WHERE db_role = '$WORKER'")
# (0.4's rules: no effort ahead of today, at most 24h a person-day, a NOTICE
# above 8h: one worker's entries of 1min go round 420 days up to 2026-11-24,
# a run of 40,000 entries puts 95min on each day)
cat > /tmp/om_bench_sec_effort.$$ <<SQL
INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort)
SELECT 1 + (n / 420) % $ITEMS, $worker_person, date '2025-10-01' + (n % 420)::int, '1min' FROM nextval('public.bench_n') n;
SQL
cat > /tmp/om_bench_sec_status.$$ <<SQL
\set id random(1, $ITEMS)
UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL

pm_pid=$(head -1 "$(psql_q -Atc 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true)
pm_children() { pgrep -c -P "$pm_pid" || true; }
[ -n "$pm_pid" ] && pm_base=$(pm_children)
child_ticks() {
	[ -n "$pm_pid" ] && [ -r "/proc/$pm_pid/stat" ] || return 0
	local i
	for i in $(seq 100); do
		[ "$(pm_children)" -le "$pm_base" ] && break
		sleep 0.1
	done
	sed 's/.*) //' "/proc/$pm_pid/stat" | awk '{ print $14 + $15 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "# ${DURATION}s per run, $ROUNDS rounds, server $(psql_q -Atc 'SHOW server_version'), $(nproc) CPUs shared" >&2
echo "| workload | clients | policies apply: tps | BYPASSRLS: tps | ratio | policies: CPU µs/tx | BYPASSRLS: CPU µs/tx | CPU difference |"
echo "|---|---|---|---|---|---|---|---|"
for w in $WORKLOADS; do
	for c in $CLIENTS; do
		declare -A T=() U=()
		for round in $(seq "$ROUNDS"); do
			for v in rls bypass; do
				if [ $v = rls ]; then a=NOBYPASSRLS; else a=BYPASSRLS; fi
				psql_q -c "ALTER ROLE $WORKER $a"
				# (an entry per item and day: start each effort run empty)
				[ $w = effort ] && psql_q -c 'TRUNCATE omledger.effort_log'
				t0=$(child_ticks)
				out=$(PGOPTIONS="-c role=$WORKER" pgbench -n -M prepared -c "$c" -j "$c" -T "$DURATION" \
						-f "/tmp/om_bench_sec_$w.$$" "$DB" 2>&1) || { echo "$out" >&2; exit 1; }
				t1=$(child_ticks)
				tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
				n=$(echo "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p')
				failed=$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
				[ "${failed:-0}" = 0 ] && [ "${n:-0}" -gt 0 ] || { echo "$out" >&2; exit 1; }
				T[$v]+="$tps "
				cpu=
				if [ -n "$t0" ] && [ -n "$t1" ]; then
					cpu=$(echo "scale=1; ($t1 - $t0) * 1000000 / $(getconf CLK_TCK) / $n" | bc)
					U[$v]+="$cpu "
				fi
				echo "#   $w, $c clients, round $round, $v: $tps tps${cpu:+, $cpu µs CPU/tx}" >&2
			done
		done
		tr=$(echo "${T[rls]}" | tr ' ' '\n' | grep . | median)
		tb=$(echo "${T[bypass]}" | tr ' ' '\n' | grep . | median)
		ur=$(echo "${U[rls]:-}" | tr ' ' '\n' | grep . | median || true)
		ub=$(echo "${U[bypass]:-}" | tr ' ' '\n' | grep . | median || true)
		bench_result security "$w, row-level security applies" "$c" "$tr" tps "BYPASSRLS" "$tb"
		echo "| $w | $c | $tr | $tb | $(echo "scale=2; $tr / $tb" | bc)× | ${ur:--} | ${ub:--} | $( [ -n "$ur" ] && echo "+$(echo "scale=1; $ur - $ub" | bc) µs" || echo -) |"
		unset T U
	done
done
psql_q -Atc "SELECT count(*) FROM omledger.caps_verify()" | grep -qx 0 ||
	{ echo "running totals differ from effort_log" >&2; exit 1; }

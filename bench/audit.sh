#!/usr/bin/env bash
# bench/audit.sh -- what the audit trail costs, in one run.
#
#   PGHOST=... PGPORT=... [PGUSER=postgres] [DURATION=10] [ROUNDS=3] bench/audit.sh
#
# QUICK=1: a smoke run (2 s per run, one round).  BENCH_RESULTS=FILE: also
# append one tab-separated line per measured case to FILE (benchmark, case,
# clients, tps, unit, baseline case, baseline tps, ratio audited/off).
#
# Needs a running server with omledger installed (it starts nothing); it
# creates (and drops) the database om_bench_audit.  pgbench, synchronous_commit
# on, at 1 and 8 clients, two workloads:
#   effort  one effort entry per transaction into omledger.effort_log (the cap
#           trigger's one-row path; one audit row per transaction)
#   status  one status change per transaction of a random failure-recovery
#           item out of 1000 (investigating <-> mitigated) through the workflow
#           triggers, which record a work_item_event (two audit rows: the item's
#           UPDATE and the event's INSERT)
# each with the audit triggers enabled ("audit") and disabled ("off": ALTER
# TABLE ... DISABLE TRIGGER audit_row on effort_log, work_item and
# work_item_event), and the status change once more with the audit off but
# its two audit rows stored anyway ("floor": the same statement also
# inserts copies of two audit rows a status change wrote -- old and new
# image of the item, the event's image -- into a table shaped and indexed
# like audit_log, by plain SQL: what storing the rows costs with nothing
# computed, no trigger, no image, no hash, no chain), ROUNDS rounds with the
# variants alternating, the median reported.  When the server runs on this machine and its postmaster's /proc
# entry is readable, also the server CPU per transaction (the backends' CPU
# time, which the postmaster collects as they exit), which depends less on
# what else the machine is doing than tps.  Ends with verify_audit_chain() and
# a check that every audited change left its row.  Prints markdown tables for
# BENCHMARKS.md.
set -euo pipefail
. "$(dirname "$0")/results.sh"
DB=${BENCH_DB:-om_bench_audit}
if [ "${QUICK:-0}" = 1 ]; then
	DURATION=${DURATION:-2}
	ROUNDS=${ROUNDS:-1}
fi
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
export PGOPTIONS="-c synchronous_commit=on"
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
tmp=$(mktemp -d /tmp/om_bench_audit.XXXXXX)

dropdb --if-exists "$DB" >/dev/null
createdb "$DB"
trap 'rm -rf "$tmp"; dropdb --if-exists "$DB" >/dev/null' EXIT
psql_q <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION omledger;
CREATE SCHEMA bench;
INSERT INTO omledger.contract (name, contractor, roles, term)
VALUES ('bench', 'Bench KK', '{operator,vendor}', '[2025-10-01,2028-01-01)');
UPDATE omledger.effort_cap SET amount = '100000pm', enforcement = 'hard';
INSERT INTO omledger.person (contract_id, name, side, registered) VALUES
	(1, 'City', 'city', '[2025-04-01,)'), (1, 'City 2', 'city', '[2025-04-01,)');
INSERT INTO omledger.person (contract_id, name, side, registered, approved_on)
SELECT 1, 'worker ' || g, 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01'
  FROM generate_series(1, 1000) g;
-- the effort workload: 8 service items; n -> a unique (item, person, day)
INSERT INTO omledger.work_item (contract_id, kind, title, status)
SELECT 1, 'service_request', 'effort item ' || g, 'requested' FROM generate_series(1, 8) g;
CREATE SEQUENCE bench.n;
CREATE FUNCTION bench.item(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
  RETURN 1 + n % 8;
CREATE FUNCTION bench.person(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
  RETURN 3 + (n / 8) % 1000;
CREATE FUNCTION bench.day(n bigint) RETURNS date LANGUAGE sql IMMUTABLE
  RETURN date '2025-10-01' + ((n / 8000) % 820)::int;
-- the status workload: 1000 failures whose recovery procedure is approved
INSERT INTO omledger.work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at)
SELECT 1, 'failure_recovery', 'recovery_procedure', 'status item ' || g, 'reported',
       '2026-01-05 10:00+09', 1, '2026-01-05 10:00+09'
  FROM generate_series(1, 1000) g;
INSERT INTO omledger.approval (contract_id, item_id, subject, approver_id, decision, decided_at)
SELECT 1, item_id, 'procedure', 2, 'approved', '2026-01-05 10:30+09'
  FROM omledger.work_item WHERE kind = 'failure_recovery';
UPDATE omledger.work_item SET status = 'acknowledged', status_changed_at = '2026-01-05 10:05+09'
 WHERE kind = 'failure_recovery';
UPDATE omledger.work_item SET status = 'investigating', status_changed_at = '2026-01-05 11:00+09'
 WHERE kind = 'failure_recovery';
-- who enters the effort: a role on the roster (0.4: entered_by names one);
-- it makes the status changes too from here on
INSERT INTO omledger.person (contract_id, name, side, registered, db_role)
VALUES (1, 'Bench clerk', 'city', '[2025-04-01,)', current_user);
-- the floor: two audit rows of one status change, and a table like audit_log
UPDATE omledger.work_item SET status = 'mitigated'
 WHERE item_id = (SELECT min(item_id) FROM omledger.work_item WHERE kind = 'failure_recovery');
CREATE TABLE bench.audit_sample AS
SELECT * FROM omledger.audit_log WHERE table_name IN ('work_item', 'work_item_event')
 ORDER BY audit_id DESC LIMIT 2;
CREATE SEQUENCE bench.audit_copy_id;
CREATE SEQUENCE bench.audit_copy_seq;
CREATE TABLE bench.audit_copy (LIKE omledger.audit_log INCLUDING INDEXES);
ALTER TABLE bench.audit_copy ALTER audit_id SET DEFAULT nextval('bench.audit_copy_id');
VACUUM ANALYZE;
SQL
[ "$(psql_q -Atc "SELECT string_agg(table_name || ' ' || operation, ', ' ORDER BY table_name) FROM bench.audit_sample")" = \
	"work_item UPDATE, work_item_event INSERT" ] || { echo "the floor's sample is not a status change's two audit rows" >&2; exit 1; }
first_status=$(psql_q -Atc "SELECT min(item_id) FROM omledger.work_item WHERE kind = 'failure_recovery'")
cat > "$tmp/effort.sql" <<'SQL'
INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort)
SELECT bench.item(n), bench.person(n), bench.day(n), '2h' FROM nextval('bench.n') n;
SQL
cat > "$tmp/status.sql" <<SQL
\set id random($first_status, $((first_status + 999)))
UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL
cat > "$tmp/status_floor.sql" <<SQL
\set id random($first_status, $((first_status + 999)))
WITH changed AS (UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id RETURNING 1)
INSERT INTO bench.audit_copy (chain, seq, logged_at, xact_id, db_user, session_role, person_id, table_name, operation, row_key, old_row, new_row, prev_hash, row_hash)
SELECT chain, nextval('bench.audit_copy_seq'), now(), pg_current_xact_id(), db_user, session_role, person_id,
       table_name, operation, row_key, old_row, new_row, prev_hash, row_hash
  FROM bench.audit_sample, changed;
SQL
audit() {	# audit ENABLE|DISABLE
	psql_q -c "ALTER TABLE omledger.effort_log $1 TRIGGER audit_row" \
		-c "ALTER TABLE omledger.work_item $1 TRIGGER audit_row" \
		-c "ALTER TABLE omledger.work_item_event $1 TRIGGER audit_row"
}

# the postmaster's children's CPU time, in clock ticks (empty if unreadable)
pm_pid=$(head -1 "$(psql_q -Atc 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true)
pm_children() { pgrep -c -P "$pm_pid" || true; }
child_ticks() {
	[ -n "$pm_pid" ] && [ -r "/proc/$pm_pid/stat" ] || return 0
	local i
	for i in $(seq 100); do
		[ "$(pm_children)" -le "$pm_base" ] && break
		sleep 0.1
	done
	sed 's/.*) //' "/proc/$pm_pid/stat" | awk '{ print $14 + $15 }'
}
[ -n "$pm_pid" ] && pm_base=$(pm_children)
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

events0=$(psql_q -Atc "SELECT count(*) FROM omledger.work_item_event")
mark=$(psql_q -Atc "SELECT max(audit_id) FROM omledger.audit_log")
declare -A TPS CPU RUNS CPURUNS
declare -A AUDITED=([effort]=0 [status]=0)
echo "# pgbench: ${DURATION}s per run, $ROUNDS rounds, synchronous_commit=on, server $(psql_q -Atc 'SHOW server_version')" >&2
for clients in 1 8; do
	for round in $(seq "$ROUNDS"); do
		for w in effort status; do
			variants="off audit"
			[ $w = status ] && variants="off audit floor"
			for v in $variants; do
				if [ $v = audit ]; then audit ENABLE; else audit DISABLE; fi
				script=$tmp/$w.sql
				[ $v = floor ] && script=$tmp/status_floor.sql
				cpu=
				t0=$(child_ticks)
				out=$(pgbench -n -M prepared -c "$clients" -j "$clients" -T "$DURATION" \
						-f "$script" "$DB" 2>&1)
				t1=$(child_ticks)
				tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
				n=$(echo "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p')
				[ $v = audit ] && AUDITED[$w]=$((AUDITED[$w] + n))
				RUNS[$w.$v.$clients]+="$tps "
				if [ -n "$t0" ] && [ -n "$t1" ] && [ "${n:-0}" -gt 0 ]; then
					cpu=$(echo "scale=1; ($t1 - $t0) * 1000000 / $(getconf CLK_TCK) / $n" | bc)
					CPURUNS[$w.$v.$clients]+="$cpu "
				fi
				echo "#   round $round, $w, $v, $clients clients: $tps tps${cpu:+, $cpu µs server CPU per transaction}" >&2
			done
		done
	done
done
audit ENABLE
for k in "${!RUNS[@]}"; do
	TPS[$k]=$(echo "${RUNS[$k]}" | tr ' ' '\n' | grep . | median)
	CPU[$k]=$(echo "${CPURUNS[$k]:-}" | tr ' ' '\n' | grep . | median || true)
done

# every audited change left its row, and the chains verify
effort_rows=$(psql_q -Atc "SELECT count(*) FROM omledger.audit_log WHERE audit_id > $mark AND table_name = 'effort_log'")
status_rows=$(psql_q -Atc "SELECT count(*) FROM omledger.audit_log WHERE audit_id > $mark AND table_name = 'work_item' AND operation = 'UPDATE'")
[ "$effort_rows" = "${AUDITED[effort]}" ] && [ "$status_rows" = "${AUDITED[status]}" ] ||
	{ echo "audit rows $effort_rows/$status_rows, audited transactions ${AUDITED[effort]}/${AUDITED[status]}" >&2; exit 1; }
verdict=$(psql_q -Atc "SELECT ok || ' (' || rows_checked || ' rows)' FROM omledger.verify_audit_chain()")
echo "# verify_audit_chain(): $verdict; events recorded: $(( $(psql_q -Atc "SELECT count(*) FROM omledger.work_item_event") - events0 ))" >&2
case $verdict in t*) ;; *) echo "the audit chain does not verify" >&2; exit 1;; esac

for c in 1 8; do
	bench_result audit "effort_log insert, audited" $c "${TPS[effort.audit.$c]}" tps "audit off" "${TPS[effort.off.$c]}"
	bench_result audit "status change, audited" $c "${TPS[status.audit.$c]}" tps "audit off" "${TPS[status.off.$c]}"
	bench_result audit "status change, floor: its 2 audit rows stored by SQL, none computed" $c \
		"${TPS[status.floor.$c]}" tps "audit off" "${TPS[status.off.$c]}"
done
r() { echo "scale=2; $1 / $2" | bc; }
cat <<TABLE
| pgbench tps (median of $ROUNDS) | 1 client | 8 clients |
|---|---|---|
| effort_log insert, audit off | ${TPS[effort.off.1]} | ${TPS[effort.off.8]} |
| effort_log insert, audited | ${TPS[effort.audit.1]} ($(r "${TPS[effort.audit.1]}" "${TPS[effort.off.1]}")×) | ${TPS[effort.audit.8]} (**$(r "${TPS[effort.audit.8]}" "${TPS[effort.off.8]}")×**) |
| status change, audit off | ${TPS[status.off.1]} | ${TPS[status.off.8]} |
| status change, audited (2 audit rows) | ${TPS[status.audit.1]} ($(r "${TPS[status.audit.1]}" "${TPS[status.off.1]}")×) | ${TPS[status.audit.8]} (**$(r "${TPS[status.audit.8]}" "${TPS[status.off.8]}")×**) |
| status change, audit off, its 2 audit rows stored by SQL (floor) | ${TPS[status.floor.1]} ($(r "${TPS[status.floor.1]}" "${TPS[status.off.1]}")×) | ${TPS[status.floor.8]} ($(r "${TPS[status.floor.8]}" "${TPS[status.off.8]}")×) |
TABLE
if [ -n "${CPU[effort.off.8]:-}" ]; then
	cat <<TABLE

| server CPU per transaction (µs, median) | 1 client | 8 clients |
|---|---|---|
| effort_log insert, audit off | ${CPU[effort.off.1]} | ${CPU[effort.off.8]} |
| effort_log insert, audited | ${CPU[effort.audit.1]} (+$(r "(${CPU[effort.audit.1]} - ${CPU[effort.off.1]}) * 100" "${CPU[effort.off.1]}") %) | ${CPU[effort.audit.8]} (+$(r "(${CPU[effort.audit.8]} - ${CPU[effort.off.8]}) * 100" "${CPU[effort.off.8]}") %) |
| status change, audit off | ${CPU[status.off.1]} | ${CPU[status.off.8]} |
| status change, audited | ${CPU[status.audit.1]} (+$(r "(${CPU[status.audit.1]} - ${CPU[status.off.1]}) * 100" "${CPU[status.off.1]}") %) | ${CPU[status.audit.8]} (+$(r "(${CPU[status.audit.8]} - ${CPU[status.off.8]}) * 100" "${CPU[status.off.8]}") %) |
| status change, floor (2 rows stored by SQL) | ${CPU[status.floor.1]} (+$(r "(${CPU[status.floor.1]} - ${CPU[status.off.1]}) * 100" "${CPU[status.off.1]}") %) | ${CPU[status.floor.8]} (+$(r "(${CPU[status.floor.8]} - ${CPU[status.off.8]}) * 100" "${CPU[status.off.8]}") %) |
TABLE
fi
echo
echo "Per run (tps): $(for k in $(echo "${!RUNS[@]}" | tr ' ' '\n' | sort); do printf '%s: %s; ' "$k" "${RUNS[$k]% }"; done)"

#!/usr/bin/env bash
# bench/workflow.sh -- what the workflow triggers cost on a status change.
#
# In one run, against the server in PGHOST/PGPORT (omledger installed):
#   trigger  UPDATE of omledger.work_item.status through the workflow triggers
#            (transition lookup, the precondition procedure_approved, who acts,
#            the clocks, and the work_item_event row it records)
#   plain    the same UPDATE of the same column of the same table with the
#            two workflow triggers disabled (foreign keys still checked)
#   bare     the same UPDATE on a copy of the table with no trigger and no
#            foreign key (same columns, indexes and rows)
# Each: pgbench, one client, DURATION seconds (default 10), random items out
# of ITEMS (default 1000), each flipping investigating <-> mitigated.  ROUNDS
# rounds (default 5), the three variants alternating in each, so that drift
# of a shared machine hits them alike; the medians are reported, and the
# ratio plain/trigger of the median latencies (1.0 = the triggers cost
# nothing).  When the server runs on this machine, also the server CPU per
# transaction (bench/server_cpu.sh), which depends much less than latency
# on what else a shared machine is doing, and its ratio.
#
#   bench/workflow.sh            # or: ROUNDS=7 DURATION=15 ITEMS=10000 bench/workflow.sh
#
# QUICK=1: a smoke run (2 s per run, one round).  BENCH_RESULTS=FILE: also
# appends, tab-separated, the trigger variant against the plain one in
# latency (and in server CPU when measured): benchmark, case, clients,
# value, unit, baseline case, baseline value, ratio plain/trigger (higher
# is better: 1.0 = the triggers cost nothing).
set -euo pipefail
. "$(dirname "$0")/results.sh"
. "$(dirname "$0")/server_cpu.sh"
if [ "${QUICK:-0}" = 1 ]; then
	DURATION=${DURATION:-2}
	ROUNDS=${ROUNDS:-1}
fi
DB=${BENCH_DB:-om_bench_workflow}
DURATION=${DURATION:-10}
ITEMS=${ITEMS:-1000}
ROUNDS=${ROUNDS:-5}
TMP=$(mktemp -d /tmp/om_bench_workflow.XXXXXX)
dropdb --if-exists "$DB" >/dev/null
createdb "$DB"
trap 'dropdb --if-exists "$DB" >/dev/null; rm -rf "$TMP"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
CREATE EXTENSION omledger;
-- This benchmark measures its own triggers; the audit log's cost (on by
-- default since 0.4) is measured by bench/audit.sh.
ALTER TABLE omledger.work_item DISABLE TRIGGER audit_row;
ALTER TABLE omledger.work_item_event DISABLE TRIGGER audit_row;
SET search_path = omledger, public;
INSERT INTO contract (name, contractor, roles, term) VALUES ('bench', 'K', '{operator}', '[2025-10-01,2028-01-01)');
INSERT INTO person (contract_id, name, side, registered) VALUES (1, 'City', 'city', '[2025-04-01,)'), (1, 'City 2', 'city', '[2025-04-01,)');
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at)
SELECT 1, 'failure_recovery', 'recovery_procedure', 'bench ' || i, 'reported', '2026-01-05 10:00+09', 1, '2026-01-05 10:00+09'
FROM generate_series(1, $ITEMS) i;
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
SELECT 1, item_id, 'procedure', 2, 'approved', '2026-01-05 10:30+09' FROM work_item;
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-01-05 10:05+09';
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-01-05 11:00+09';
CREATE TABLE public.plain_item (LIKE omledger.work_item INCLUDING DEFAULTS INCLUDING INDEXES);
INSERT INTO public.plain_item SELECT * FROM omledger.work_item;
VACUUM ANALYZE;
SQL
server_cpu_init "$DB"
cat > "$TMP/trigger.sql" <<SQL
\set id random(1, $ITEMS)
UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL
cp "$TMP/trigger.sql" "$TMP/plain.sql"
cat > "$TMP/bare.sql" <<SQL
\set id random(1, $ITEMS)
UPDATE public.plain_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL
triggers() {
	psql -X -q -d "$DB" -c "ALTER TABLE omledger.work_item $1 TRIGGER work_item_workflow_before, $1 TRIGGER work_item_workflow_after"
}
# one pgbench run; appends "variant latency_ms tps cpu_us" to $TMP/results
run() {
	local out t0 t1 n
	t0=$(child_ticks)
	out=$(pgbench -n -c 1 -T "$DURATION" -f "$TMP/$1.sql" "$DB" 2>&1)
	t1=$(child_ticks)
	n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
	echo "$1 $(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' <<<"$out")" \
		"$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out") $(cpu_per_xact "$t0" "$t1" "${n:-0}")" |
		tee -a "$TMP/results"
}
events=0
declare -A lat cpu
for round in $(seq 1 "$ROUNDS"); do
	echo "## round $round"
	run bare
	triggers DISABLE
	run plain
	triggers ENABLE
	# the plain run moved items without the triggers: bring them back through them
	psql -X -q -d "$DB" -c 'UPDATE omledger.work_item SET status = $$investigating$$, status_changed_at = now() WHERE status <> $$investigating$$'
	before=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM omledger.work_item_event')
	run trigger
	after=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM omledger.work_item_event')
	events=$((events + after - before))
done
echo "## medians over $ROUNDS rounds of ${DURATION}s"
for v in bare plain trigger; do
	lat[$v]=$(awk -v v=$v '$1 == v { print $2 }' "$TMP/results" | median)
	cpu[$v]=$(awk -v v=$v '$1 == v && $4 != "" { print $4 }' "$TMP/results" | median)
	echo "$v: latency ${lat[$v]} ms, tps $(awk -v v=$v '$1 == v { print $3 }' "$TMP/results" | median)${cpu[$v]:+, server CPU ${cpu[$v]} µs per transaction}"
done
echo "plain/trigger: latency $(echo "scale=2; ${lat[plain]} / ${lat[trigger]}" | bc)${cpu[trigger]:+, server CPU $(echo "scale=2; ${cpu[plain]} / ${cpu[trigger]}" | bc)}"
echo "## events recorded by the trigger runs: $events"
bench_result workflow "status change through the triggers" 1 "${lat[trigger]}" ms "plain UPDATE, triggers disabled" "${lat[plain]}"
bench_result workflow "plain UPDATE, triggers disabled" 1 "${lat[plain]}" ms "bare UPDATE of a copy" "${lat[bare]}"
bench_result workflow "status change through the triggers, server CPU" 1 "${cpu[trigger]:-}" us/xact "plain UPDATE, server CPU" "${cpu[plain]:-}"

#!/usr/bin/env bash
# bench/workflow.sh -- what the workflow trigger costs on a status change.
#
# In one run, against the server in PGHOST/PGPORT (omledger installed):
#   trigger  UPDATE of omledger.work_item.status through the workflow trigger
#            (transition lookup, the precondition procedure_approved, who acts,
#            the clocks, and the work_item_event row it records)
#   plain    the same UPDATE of the same column of the same table with the
#            two workflow triggers disabled (foreign keys still checked)
#   bare     the same UPDATE on a copy of the table with no trigger and no
#            foreign key (same columns, indexes and rows)
# Each: pgbench, one client, DURATION seconds (default 15), random items out
# of ITEMS (default 1000), each flipping investigating <-> mitigated.
#
#   bench/workflow.sh            # or: DURATION=30 ITEMS=10000 bench/workflow.sh
set -euo pipefail
DB=${BENCH_DB:-om_bench_workflow}
DURATION=${DURATION:-15}
ITEMS=${ITEMS:-1000}
dropdb --if-exists "$DB" >/dev/null
createdb "$DB"
trap 'dropdb --if-exists "$DB" >/dev/null' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
CREATE EXTENSION omledger;
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
cat > /tmp/om_bench_trigger.$$ <<SQL
\set id random(1, $ITEMS)
UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL
cp /tmp/om_bench_trigger.$$ /tmp/om_bench_plain.$$
cat > /tmp/om_bench_bare.$$ <<SQL
\set id random(1, $ITEMS)
UPDATE public.plain_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL
run() {
	echo "## $1"
	pgbench -n -c 1 -T "$DURATION" -f "/tmp/om_bench_$1.$$" "$DB" 2>&1 |
		grep -E '^(number of transactions actually processed|latency average|tps)'
}
run bare
psql -X -q -d "$DB" -c 'ALTER TABLE omledger.work_item DISABLE TRIGGER work_item_workflow_before, DISABLE TRIGGER work_item_workflow_after'
run plain
psql -X -q -d "$DB" -c 'ALTER TABLE omledger.work_item ENABLE TRIGGER work_item_workflow_before, ENABLE TRIGGER work_item_workflow_after'
psql -X -q -d "$DB" -c 'UPDATE omledger.work_item SET status = $$investigating$$, status_changed_at = now() WHERE status <> $$investigating$$'
before=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM omledger.work_item_event')
run trigger
echo "## events recorded by the trigger run"
psql -X -At -d "$DB" -c "SELECT count(*) - $before FROM omledger.work_item_event"
rm -f /tmp/om_bench_trigger.$$ /tmp/om_bench_plain.$$ /tmp/om_bench_bare.$$

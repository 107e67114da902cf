#!/usr/bin/env bash
# bench/workflow_invariants.sh -- what the rules-as-invariants cost.
#
# In one run, against the server in PGHOST/PGPORT (omledger installed):
#   status        UPDATE of work_item.status through the triggers (as
#                 bench/workflow.sh: investigating <-> mitigated, a recovery
#                 procedure with its procedure approved)
#   title         UPDATE of work_item.title on the same items, all in
#                 mitigated: a change of a column that decides the rules,
#                 so (0.4) the rules the status keeps are re-checked
#                 (procedure_approved), who acts, and a work_item_event
#   status_plain, title_plain
#                 the same UPDATEs with every trigger of work_item disabled
# Each: pgbench, one client, DURATION seconds (default 10), random items out
# of ITEMS (default 1000).  Run it once per build to compare (see
# BENCHMARKS.md, "workflow invariants").
set -euo pipefail
. "$(dirname "$0")/results.sh"
DB=${BENCH_DB:-om_bench_wfinv}
DURATION=${DURATION:-10}
ITEMS=${ITEMS:-1000}
dropdb --if-exists "$DB" >/dev/null
createdb "$DB"
trap 'dropdb --if-exists "$DB" >/dev/null' EXIT
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
VACUUM ANALYZE;
SQL
cat > /tmp/om_bench_status.$$ <<SQL
\set id random(1, $ITEMS)
UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL
cat > /tmp/om_bench_title.$$ <<SQL
\set id random(1, $ITEMS)
UPDATE omledger.work_item SET title = CASE WHEN title LIKE '% x' THEN pg_catalog.rtrim(title, ' x') ELSE title || ' x' END WHERE item_id = :id;
SQL
declare -A LAT
run() {
	local out
	echo "## $1"
	out=$(pgbench -n -c 1 -T "$DURATION" -f "/tmp/om_bench_$2.$$" "$DB" 2>&1 |
		grep -E '^(number of transactions actually processed|latency average)')
	echo "$out"
	LAT[$1]=$(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' <<<"$out")
}
triggers() {
	psql -X -q -d "$DB" -c "ALTER TABLE omledger.work_item $1 TRIGGER USER"
}
reset_status() {
	psql -X -q -d "$DB" -c "UPDATE omledger.work_item SET status = \$\$$1\$\$, status_changed_at = now() WHERE status <> \$\$$1\$\$"
}
triggers DISABLE
run status_plain status
reset_status mitigated
run title_plain title
triggers ENABLE
reset_status investigating
run status status
reset_status mitigated
events=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM omledger.work_item_event')
run title title
echo "## events recorded by the title run"
psql -X -At -d "$DB" -c "SELECT count(*) - $events FROM omledger.work_item_event"
rm -f /tmp/om_bench_status.$$ /tmp/om_bench_title.$$
bench_result workflow_invariants "status change, all triggers" 1 "${LAT[status]}" ms "all triggers of work_item disabled" "${LAT[status_plain]}"
bench_result workflow_invariants "title change (rules re-checked), all triggers" 1 "${LAT[title]}" ms "all triggers of work_item disabled" "${LAT[title_plain]}"

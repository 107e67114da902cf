#!/usr/bin/env bash
# bench/callgrind_workflow.sh -- the status change of bench/workflow.sh and
# bench/audit.sh counted in CPU instructions per statement (callgrind, see
# bench/callgrind.sh): the same data as bench/workflow.sh (ITEMS failure
# items, procedure approved), N status changes (investigating <->
# mitigated, items in turn) per variant:
#   plain     the workflow triggers disabled (audit off)
#   trigger   through the workflow triggers (audit off)
#   audited   through the workflow triggers, audit on (two audit rows)
#   effort_off / effort_audited   one effort_log insert each, audit off / on
#   plain_city / trigger_city     plain and trigger as a member of
#                                 omledger_city on the roster (the policies
#                                 apply to it)
#   plain_contractor / trigger_contractor   the same as a member of
#                                 omledger_contractor on the roster
#
#   PG_CONFIG=... N=300 bench/callgrind_workflow.sh   # VARIANTS="plain trigger" for some
#
# QUICK=1: N=20.  BENCH_RESULTS=FILE: also appends, tab-separated, per
# pair (benchmark, case, clients, instructions, unit, baseline case, its
# instructions, ratio baseline/case: 1.0 = costs nothing more): trigger
# against plain, audited against trigger, effort_audited against
# effort_off.  Needs valgrind; takes minutes (each statement runs ~50x
# slower under callgrind).
set -euo pipefail
[ "${QUICK:-0}" = 1 ] && N=20	# a smoke run, whatever N the environment holds
N=${N:-300}
ITEMS=${ITEMS:-1000}
tmp=$(mktemp -d /tmp/om_callgrind.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cat >"$tmp/setup.sql" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION omledger;
SET search_path = omledger, public;
SELECT count(*) FROM omledger.create_roles();
CREATE ROLE om_cg_city NOLOGIN IN ROLE omledger_city;
CREATE ROLE om_cg_contractor NOLOGIN IN ROLE omledger_contractor;
INSERT INTO contract (name, contractor, roles, term) VALUES ('bench', 'K', '{operator}', '[2025-10-01,2028-01-01)');
INSERT INTO person (contract_id, name, side, registered) VALUES (1, 'City', 'city', '[2025-04-01,)'), (1, 'City 2', 'city', '[2025-04-01,)');
INSERT INTO work_item (contract_id, kind, sub_kind, title, status, occurred_at, requested_by, requested_at)
SELECT 1, 'failure_recovery', 'recovery_procedure', 'bench ' || i, 'reported', '2026-01-05 10:00+09', 1, '2026-01-05 10:00+09'
FROM generate_series(1, $ITEMS) i;
INSERT INTO approval (contract_id, item_id, subject, approver_id, decision, decided_at)
SELECT 1, item_id, 'procedure', 2, 'approved', '2026-01-05 10:30+09' FROM work_item;
UPDATE work_item SET status = 'acknowledged', status_changed_at = '2026-01-05 10:05+09';
UPDATE work_item SET status = 'investigating', status_changed_at = '2026-01-05 11:00+09';
-- the effort workload: its own contract, whose city clerk is this role
INSERT INTO contract (name, contractor, roles, term) VALUES ('effort', 'K', '{operator}', '[2025-10-01,2028-01-01)');
INSERT INTO person (contract_id, name, side, registered, db_role) VALUES (2, 'Clerk', 'city', '[2025-04-01,)', current_user);
INSERT INTO person (contract_id, name, side, registered, approved_on)
SELECT 2, 'worker ' || g, 'contractor', '[2025-10-01,2028-01-01)', '2025-09-01' FROM generate_series(1, 100) g;
INSERT INTO work_item (contract_id, kind, title, status) SELECT 2, 'service_request', 'effort item', 'requested';
UPDATE effort_cap SET amount = '100000pm', enforcement = 'hard';
INSERT INTO person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (1, 'City desk', 'city', 'om_cg_city', '[2025-04-01,)', NULL, '{}'),
       (1, 'Worker', 'contractor', 'om_cg_contractor', '[2025-04-01,)', '2025-03-01', '{worker}');
VACUUM ANALYZE;
SQL
audit_off="ALTER TABLE omledger.work_item DISABLE TRIGGER audit_row; ALTER TABLE omledger.work_item_event DISABLE TRIGGER audit_row; ALTER TABLE omledger.effort_log DISABLE TRIGGER audit_row;"
status() {	# the N status changes
	for i in $(seq 0 $((N - 1))); do
		echo "UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = $((i % ITEMS + 1));"
	done
}
effort() {	# N effort entries, one per (person, day)
	for i in $(seq 0 $((N - 1))); do
		echo "INSERT INTO omledger.effort_log (item_id, person_id, work_date, effort) VALUES ($((ITEMS + 1)), $((4 + i % 100)), date '2025-10-01' + $((i / 100)), '2h');"
	done
}
{ echo "$audit_off ALTER TABLE omledger.work_item DISABLE TRIGGER work_item_workflow_before, DISABLE TRIGGER work_item_workflow_after;"; status; } >"$tmp/plain.sql"
{ echo "$audit_off"; status; } >"$tmp/trigger.sql"
{ echo "SELECT 1;"; status; } >"$tmp/audited.sql"
for r in city contractor; do
	{ echo "$audit_off ALTER TABLE omledger.work_item DISABLE TRIGGER work_item_workflow_before, DISABLE TRIGGER work_item_workflow_after; SET ROLE om_cg_$r;"; status; } >"$tmp/plain_$r.sql"
	{ echo "$audit_off SET ROLE om_cg_$r;"; status; } >"$tmp/trigger_$r.sql"
done
{ echo "$audit_off"; effort; } >"$tmp/effort_off.sql"
{ echo "SELECT 1;"; effort; } >"$tmp/effort_audited.sql"
chmod 644 "$tmp"/*.sql
files=()
for v in ${VARIANTS:-plain trigger audited effort_off effort_audited plain_city trigger_city plain_contractor trigger_contractor}; do
	files+=("$tmp/$v.sql")
done
"$(dirname "$0")/callgrind.sh" "$tmp/setup.sql" "${files[@]}" | tee "$tmp/out"
if [ -n "${BENCH_RESULTS:-}" ]; then
	awk -F '\t' '{ n[$1] = $3 }
		function pair(c, b, name, bname) {
			if ((c in n) && (b in n))
				printf "callgrind_workflow\t%s\t1\t%d\tinstructions\t%s\t%d\t%.3f\n", name, n[c], bname, n[b], n[b] / n[c]
		}
		END {
			pair("trigger", "plain", "status_change_trigger", "status_change_plain")
			pair("audited", "trigger", "status_change_audited", "status_change_trigger")
			pair("effort_audited", "effort_off", "effort_insert_audited", "effort_insert_no_audit")
			pair("trigger_city", "plain_city", "status_change_trigger_city", "status_change_plain_city")
			pair("trigger_contractor", "plain_contractor", "status_change_trigger_contractor", "status_change_plain_contractor")
		}' "$tmp/out" >>"$BENCH_RESULTS"
fi

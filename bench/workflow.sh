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
# ROLES (default "city contractor"): the plain and trigger variants again
# as a login member of omledger_city (plain_city, trigger_city) and of
# omledger_contractor, each on the contract's roster, to whom row-level
# security applies (their own UPDATE carries the policies; the engine's
# reads are the ledger owner's).  ROLES= for none.
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
ROLES=${ROLES-city contractor}
TMP=$(mktemp -d /tmp/om_bench_workflow.XXXXXX)
dropdb --if-exists "$DB" >/dev/null
createdb "$DB"
drop_roles() {
	for r in $ROLES; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS om_bench_wf_$r" >/dev/null; done
}
drop_roles
trap 'dropdb --if-exists "$DB" >/dev/null; drop_roles; rm -rf "$TMP"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
CREATE EXTENSION omledger;
SET client_min_messages = warning;
SELECT count(*) >= 0 AS roles FROM omledger.create_roles();
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
for r in $ROLES; do
	case $r in
	city) side=city; approved=NULL; roles='{}' ;;
	contractor) side=contractor; approved="'2025-03-01'"; roles='{worker}' ;;
	*) echo "ROLES: city or contractor, not $r" >&2; exit 2 ;;
	esac
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
CREATE ROLE om_bench_wf_$r LOGIN IN ROLE omledger_$r;
INSERT INTO omledger.person (contract_id, name, side, db_role, registered, approved_on, roles)
VALUES (1, 'bench $r', '$side', 'om_bench_wf_$r', '[2025-04-01,)', $approved, '$roles');
SQL
done
server_cpu_init "$DB"
cat > "$TMP/trigger.sql" <<SQL
\set id random(1, $ITEMS)
UPDATE omledger.work_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL
cp "$TMP/trigger.sql" "$TMP/plain.sql"
for r in $ROLES; do
	cp "$TMP/trigger.sql" "$TMP/plain_$r.sql"
	cp "$TMP/trigger.sql" "$TMP/trigger_$r.sql"
done
cat > "$TMP/bare.sql" <<SQL
\set id random(1, $ITEMS)
UPDATE public.plain_item SET status = CASE status WHEN 'investigating' THEN 'mitigated' ELSE 'investigating' END WHERE item_id = :id;
SQL
triggers() {
	psql -X -q -d "$DB" -c "ALTER TABLE omledger.work_item $1 TRIGGER work_item_workflow_before, $1 TRIGGER work_item_workflow_after"
}
# one pgbench run; appends "variant latency_ms tps cpu_us" to $TMP/results
run() {
	local out t0 t1 n user=()
	case $1 in *_*) user=(-U "om_bench_wf_${1#*_}") ;; esac
	t0=$(child_ticks)
	out=$(pgbench -n -c 1 -T "$DURATION" -f "$TMP/$1.sql" "${user[@]}" "$DB" 2>&1)
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
	for who in "" $ROLES; do
		sfx=${who:+_$who}
		triggers DISABLE
		run plain$sfx
		triggers ENABLE
		# the plain run moved items without the triggers: bring them back through them
		psql -X -q -d "$DB" -c 'UPDATE omledger.work_item SET status = $$investigating$$, status_changed_at = now() WHERE status <> $$investigating$$'
		before=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM omledger.work_item_event')
		run trigger$sfx
		after=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM omledger.work_item_event')
		events=$((events + after - before))
	done
done
echo "## medians over $ROUNDS rounds of ${DURATION}s"
for v in bare plain trigger $(for r in $ROLES; do echo plain_$r trigger_$r; done); do
	lat[$v]=$(awk -v v=$v '$1 == v { print $2 }' "$TMP/results" | median)
	cpu[$v]=$(awk -v v=$v '$1 == v && $4 != "" { print $4 }' "$TMP/results" | median)
	echo "$v: latency ${lat[$v]} ms, tps $(awk -v v=$v '$1 == v { print $3 }' "$TMP/results" | median)${cpu[$v]:+, server CPU ${cpu[$v]} µs per transaction}"
done
for sfx in "" $(for r in $ROLES; do echo _$r; done); do
	echo "plain$sfx/trigger$sfx: latency $(echo "scale=2; ${lat[plain$sfx]} / ${lat[trigger$sfx]}" | bc)${cpu[trigger$sfx]:+, server CPU $(echo "scale=2; ${cpu[plain$sfx]} / ${cpu[trigger$sfx]}" | bc)}"
done
echo "## events recorded by the trigger runs: $events"
bench_result workflow "status change through the triggers" 1 "${lat[trigger]}" ms "plain UPDATE, triggers disabled" "${lat[plain]}"
bench_result workflow "plain UPDATE, triggers disabled" 1 "${lat[plain]}" ms "bare UPDATE of a copy" "${lat[bare]}"
bench_result workflow "status change through the triggers, server CPU" 1 "${cpu[trigger]:-}" us/xact "plain UPDATE, server CPU" "${cpu[plain]:-}"
for r in $ROLES; do
	bench_result workflow "status change through the triggers, as $r" 1 "${lat[trigger_$r]}" ms "plain UPDATE as $r, triggers disabled" "${lat[plain_$r]}"
	bench_result workflow "status change through the triggers, as $r, server CPU" 1 "${cpu[trigger_$r]:-}" us/xact "plain UPDATE as $r, server CPU" "${cpu[plain_$r]:-}"
done
